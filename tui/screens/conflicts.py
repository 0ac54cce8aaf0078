"""Sync conflicts (C, and after a sync that finds some): each conflict's values side by side,
with who set each and when; settle it with one key per value (1, 2, 3…, or ←/→ then Enter), or
with an edited value (e).

Settling goes through ``storage.sync.resolve_conflict``: an ordinary edit (one undo step) that
syncs like any other, so the conflict ends on every laptop. Read-only: the keys are greyed out.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, ClassVar

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, VerticalScroll
from textual.message import Message
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option
from textual.worker import Worker, WorkerState

from models.text import one_line, visible_text
from tui.messages import Edited
from tui.rag_style import rag_text
from tui.screens.base import DataScreen
from tui.widgets.key_footer import KeyFooter
from tui.widgets.sync_indicator import when

if TYPE_CHECKING:
    from storage.sync import Conflict
    from tui.session import Session

#: Fields whose value is typed as text when settling with an edited value (e).
EDITABLE = frozenset(
    {
        "rag",
        "status",
        "timescale",
        "text",
        "ref",
        "name",
        "title",
        "initials",
        "job_title",
        "team",
        "email",
        "phone",
        "organisation",
        "overseeing_body",
        "criteria",
        "label",
        "lead_contact",
        "strategic_lead",
        "as_at",
        "approved_on",
        "entry_date",
        "kind",
    }
)
_MAX_KEYS = 9


@dataclass(frozen=True)
class Choice:
    """One way to settle a conflict: the value written, and how it reads."""

    value: Any
    title: Text
    lines: tuple[Text, ...]
    shown_now: bool  # what the plan shows until someone chooses


def _value_text(field: str, value: Any, description: str) -> Text:
    if field == "rag":
        return rag_text(value, long=True)
    if isinstance(value, str) and value:
        return Text(visible_text(value), style="bold")
    return Text(visible_text(description), style="bold")  # leads by name, "(empty)", "none"


def _who(actor: str, at: str, today) -> Text:
    line = Text(visible_text(actor) or "someone", style="italic")
    if at:
        line.append(f", {when(at, today)}", style="dim")
    return line


def choices_for(conflict: Conflict, today) -> list[Choice]:
    """The choices of a conflict: each value of a field; keep or delete for a deleted record."""
    if conflict.kind == "field":
        return [
            Choice(v.value, _value_text(conflict.field, v.value, v.description), (_who(v.actor, v.at, today),), n == 0)
            for n, v in enumerate(conflict.values)
        ]
    keep, delete = [], []
    for v in conflict.values:
        line = Text(visible_text(v.description))
        if v.actor:
            line.append(" · ")
            line.append_text(_who(v.actor, v.at, today))
        (delete if v.value else keep).append(line)
    return [
        Choice(False, Text("Keep it", style="bold"), tuple(keep), not conflict.default),
        Choice(True, Text("Delete it", style="bold"), tuple(delete), bool(conflict.default)),
    ]


def choice_card(n: int, choice: Choice, chosen: bool) -> Text:
    text = Text()
    text.append("▶ " if chosen else "  ", style="bold")
    text.append(f"{n} ", style="bold reverse")
    text.append(" ")
    text.append_text(choice.title)
    for line in choice.lines:
        text.append("\n  ")
        text.append_text(line)
    if choice.shown_now:
        text.append("\n  (shown until someone chooses)", style="dim")
    return text


class ConflictsScreen(DataScreen):
    """Every open conflict; the highlighted one's values side by side."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "back", "Back", id="conflicts.back"),
        Binding(
            "enter",
            "settle",
            "Settle",
            id="conflicts.settle",
            priority=True,
            tooltip="Settle the conflict with the chosen value (←/→ choose)",
        ),
        Binding("e", "edit_value", "Edit value", id="conflicts.edit", tooltip="Settle it with a value you type"),
        Binding("left", "move_choice(-1)", "Previous value", show=False, id="conflicts.left"),
        Binding("right", "move_choice(1)", "Next value", show=False, id="conflicts.right"),
        *(
            Binding(str(n), f"take({n})", f"Take value {n}", show=False, id=f"conflicts.take{n}")
            for n in range(1, _MAX_KEYS + 1)
        ),
    ]
    DEFAULT_CSS = """
    ConflictsScreen #conflicts-title { height: 1; background: $panel; padding: 0 1; }
    ConflictsScreen #conflict-list { height: auto; max-height: 30%; border: none; padding: 0; }
    ConflictsScreen #conflict-heading { padding: 0 1; margin-top: 1; text-style: bold; }
    ConflictsScreen #conflict-values { height: 1fr; }
    ConflictsScreen .choice { width: 1fr; height: auto; padding: 0 1; margin: 0 1 0 0; border: round $foreground 30%; }
    ConflictsScreen .choice.-chosen { border: heavy $accent; }
    """

    @dataclass
    class Loaded(Message):
        conflicts: list[Conflict]

    def __init__(self, session: Session) -> None:
        super().__init__()
        self._session = session
        self.conflicts: list[Conflict] = []
        self.loaded = False
        self.choice = 0
        self.busy = False

    def compose(self) -> ComposeResult:
        yield Static(Text("Sync conflicts: loading…"), id="conflicts-title")
        yield OptionList(id="conflict-list")
        yield Static(Text(""), id="conflict-heading")
        yield VerticalScroll(id="conflict-values", can_focus=False)
        yield KeyFooter(compact=True)

    def on_mount(self) -> None:
        self.query_one("#conflict-list", OptionList).focus()
        self.load()

    @work(thread=True, exclusive=True, group="conflicts", exit_on_error=False)
    def load(self) -> None:
        from storage.sync import list_conflicts

        with self._session.database_turn() as db:
            self.post_message(self.Loaded(list_conflicts(db)))

    @on(Loaded)
    def _loaded(self, message: Loaded) -> None:
        self.conflicts, self.loaded, self.busy = message.conflicts, True, False
        options = self.query_one("#conflict-list", OptionList)
        keep = options.highlighted or 0
        options.clear_options()
        options.add_options(Option(self._option(n), id=str(n)) for n in range(len(self.conflicts)))
        count = len(self.conflicts)
        title = Text(f"Sync conflicts: {count} to settle" if count else "Sync conflicts: none", style="bold")
        if count and not self._session.read_only:
            title.append("  ↑/↓ conflict · 1–9 or ←/→ Enter choose · e edit · Esc back", style="dim")
        elif count:
            title.append("  read-only: settle them where the database can be edited", style="dim")
        self.query_one("#conflicts-title", Static).update(title)
        if count:
            options.highlighted = min(keep, count - 1)
        self.choice = 0
        self.show_current()

    @property
    def current(self) -> Conflict | None:
        highlighted = self.query_one("#conflict-list", OptionList).highlighted
        return self.conflicts[highlighted] if highlighted is not None and highlighted < len(self.conflicts) else None

    @on(OptionList.OptionHighlighted, "#conflict-list")
    def _highlighted(self) -> None:
        self.choice = 0
        options = self.query_one("#conflict-list", OptionList)
        for n in range(options.option_count):  # "▶" marks the conflict shown, without colour too
            options.replace_option_prompt_at_index(n, self._option(n, n == options.highlighted))
        self.show_current()

    def _option(self, n: int, highlighted: bool = False) -> Text:
        conflict = self.conflicts[n]
        text = Text("▶ " if highlighted else "  ", style="bold")
        text.append(f"{one_line(conflict.label, 56)} · {conflict.field_label}")
        return text

    @on(OptionList.OptionSelected, "#conflict-list")
    def _selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.action_settle()

    def show_current(self) -> None:
        conflict = self.current
        heading = self.query_one("#conflict-heading", Static)
        values = self.query_one("#conflict-values", VerticalScroll)
        values.remove_children()
        if conflict is None:
            heading.update(Text("No conflicts to settle. Esc goes back." if self.loaded else "", style="dim"))
            self.refresh_bindings()
            return
        head = Text(visible_text(conflict.label), style="bold")
        head.append(" — ")
        head.append(
            "deleted by one officer while another kept working on it"
            if conflict.kind == "delete"
            else f"{conflict.field_label} set differently by {len(conflict.values)} officers"
        )
        heading.update(head)
        choices = choices_for(conflict, self._session.today)
        row = Horizontal(
            *(
                Static(
                    choice_card(n + 1, choice, n == self.choice),
                    classes="choice" + (" -chosen" if n == self.choice else ""),
                )
                for n, choice in enumerate(choices)
            )
        )
        row.styles.height = "auto"
        values.mount(row)
        self.refresh_bindings()

    # --- keys -------------------------------------------------------------------------------
    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in ("settle", "take", "edit_value", "move_choice"):
            conflict = self.current
            if action == "take" and (conflict is None or int(parameters[0]) > self._count(conflict)):
                return False  # hidden: no such value
            if conflict is None or self._session.read_only or self.busy:
                return None
            if action == "edit_value" and (conflict.kind != "field" or conflict.field not in EDITABLE):
                return None
        return True

    def _count(self, conflict: Conflict) -> int:
        return len(conflict.values) if conflict.kind == "field" else 2

    def refusal(self, action: str) -> str | None:
        """Read-only: the settling keys are greyed out; say why when one is pressed."""
        if self._session.read_only and action in ("settle", "take", "edit_value"):
            return "Read-only: conflicts are settled where the database can be edited."
        return None

    def action_back(self) -> None:
        self.dismiss()

    def action_move_choice(self, step: int) -> None:
        conflict = self.current
        if conflict is not None:
            self.choice = (self.choice + step) % self._count(conflict)
            self.show_current()

    def action_take(self, number: int) -> None:
        self.choice = number - 1
        self.show_current()
        self.action_settle()

    def action_settle(self) -> None:
        conflict = self.current
        if conflict is None or self.busy or self._session.read_only:
            return
        choice = choices_for(conflict, self._session.today)[self.choice]
        label = choice.title.plain if conflict.kind == "field" else choice.title.plain.lower()
        self._resolve(conflict, choice.value, f"Settled {conflict.label} {conflict.field_label}: {one_line(label, 40)}")

    def action_edit_value(self) -> None:
        from tui.screens.ask import AskDialog

        conflict = self.current
        if conflict is None or conflict.kind != "field" or self._session.read_only:
            return
        chosen = conflict.values[self.choice].value
        title = Text(f"Settle {one_line(conflict.label, 50)} {conflict.field_label} with:")

        def typed(value: str | None) -> None:
            if value is None:
                return
            written: Any = value
            if conflict.field == "rag" and value.lower() in ("", "none", "not rated", "-"):
                written = None
            self._resolve(conflict, written, f"Settled {conflict.label} {conflict.field_label}: {one_line(value, 40)}")

        if conflict.field == "timescale":  # read as it is typed; what cannot be read is refused
            from tui.screens.ask import DueDateDialog

            dialog: AskDialog = DueDateDialog(title, "" if chosen is None else str(chosen), self._session.today)
        else:
            dialog = AskDialog(
                title,
                "The value to keep (Enter saves, Esc cancels):",
                value="" if chosen is None else str(chosen),
                required=conflict.field != "rag",
            )
        self.app.push_screen(dialog, typed)

    def _resolve(self, conflict: Conflict, value: Any, description: str) -> None:
        self.busy = True
        self.refresh_bindings()
        self.resolve(conflict, value, description)

    @work(thread=True, group="resolve", exit_on_error=False)
    def resolve(self, conflict: Conflict, value: Any, description: str) -> None:
        from storage.sync import resolve_conflict

        session = self._session
        txn_id = session.write_own(description, lambda db: resolve_conflict(db, conflict, value, actor=session.actor))
        action_ids = (conflict.entity_id,) if conflict.entity == "action" else ()
        outline = conflict.entity in ("plan", "theme", "objective")
        self.app.post_message(Edited(one_line(description, 100), action_ids, outline, txn_id))

    def on_edited(self, message: Edited) -> None:
        self.load()  # settled here or elsewhere (an undo, a sync): list what is left

    def worker_changed(self, event: Worker.StateChanged) -> None:
        if event.worker.group == "resolve" and event.state == WorkerState.ERROR:
            self.load()  # refused (changed since listed): show the conflicts as they are now
