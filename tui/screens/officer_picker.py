"""Find an officer by any part of the name or by initials ("JR", "rop", "jackie r").

One officer (filters, "who are you?") or several in order (an action's leads: the first is the
primary lead). Type to narrow, ↑/↓ to choose, Enter to pick; Escape cancels.
"""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.widgets import Input, OptionList, Static
from textual.widgets.option_list import Option

from models.text import one_line
from storage.db import OfficerRow
from storage.officers import match_officers as _match
from tui.screens.base import Dialog

_SHOWN = 200  # matches listed at once; typing narrows further


def match_officers(officers: list[OfficerRow], text: str) -> list[OfficerRow]:
    """Officers matching ``text``, best first: exact initials, initials starting with it, then
    names containing every word typed (``storage.officers.match_officers``: the one rule)."""
    return _match(officers, text).ranked


def officer_label(officer: OfficerRow) -> Text:
    label = Text(one_line(officer.name, 40))
    extra = ", ".join(one_line(x, 30) for x in (officer.initials, officer.job_title) if x)
    if extra:
        label.append(f"  {extra}", style="dim")
    if officer.open_actions:
        label.append(f"  {officer.open_actions} open", style="dim italic")
    return label


class OfficerPicker(Dialog[list[str]]):
    """Dismisses with the chosen officer ids (one unless ``several``), or None on Escape.
    (The officer filter, o, is not this dialog: ``tui.widgets.officer_finder``.)"""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("down", "move(1)", "Next match", show=False, id="picker.down"),
        Binding("up", "move(-1)", "Previous match", show=False, id="picker.up"),
        Binding("backspace", "unpick", "Remove last", show=False, id="picker.unpick", priority=True),
    ]

    def __init__(
        self,
        title: str,
        officers: list[OfficerRow],
        *,
        several: bool = False,
        chosen: list[str] | None = None,
    ) -> None:
        super().__init__()
        self.title_text = title
        self.officers = officers
        self.by_id = {o.id: o for o in officers}
        self.several = several
        self.chosen: list[str] = [i for i in (chosen or []) if i in self.by_id]
        self.matches: list[OfficerRow] = []

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog dialog-tall"):
            yield Static(Text(self.title_text), classes="dialog-title")
            if self.several:
                yield Static(self._chosen_text(), id="chosen")
            yield Input(placeholder="name or initials", id="who")
            yield OptionList(id="matches")
            keys = (
                "type to find · ↑/↓ choose · Enter adds · Enter on empty saves · Backspace removes · Esc cancels"
                if self.several
                else "type to find · ↑/↓ choose · Enter picks · Esc cancels"
            )
            yield Static(Text(keys, style="dim"), classes="dialog-keys")

    def on_mount(self) -> None:
        self._refill("")
        self.query_one("#who", Input).focus()

    def _chosen_text(self) -> Text:
        text = Text("Leads: ", style="bold")
        if not self.chosen:
            text.append("none yet", style="dim")
        for n, officer_id in enumerate(self.chosen):
            if n:
                text.append(", ")
            text.append(one_line(self.by_id[officer_id].name), style="bold" if n == 0 else "")
            if n == 0:
                text.append(" (primary)", style="dim")
        return text

    def _refill(self, text: str) -> None:
        self.matches = [o for o in match_officers(self.officers, text) if o.id not in self.chosen][:_SHOWN]
        options = self.query_one("#matches", OptionList)
        options.clear_options()
        options.add_options(Option(officer_label(o), id=o.id) for o in self.matches)
        if self.matches:
            options.highlighted = 0

    @on(Input.Changed, "#who")
    def _typed(self, event: Input.Changed) -> None:
        self._refill(event.value)

    def action_move(self, delta: int) -> None:
        options = self.query_one("#matches", OptionList)
        if self.matches:
            current = options.highlighted or 0
            options.highlighted = min(max(current + delta, 0), len(self.matches) - 1)

    def action_unpick(self) -> None:
        who = self.query_one("#who", Input)
        if who.value:
            who.action_delete_left()
        elif self.several and self.chosen:
            self.chosen.pop()
            self.query_one("#chosen", Static).update(self._chosen_text())
            self._refill("")

    @on(Input.Submitted, "#who")
    def _submitted(self, event: Input.Submitted) -> None:
        event.stop()
        if self.several and not event.value.strip():
            self.dismiss(list(self.chosen))
            return
        options = self.query_one("#matches", OptionList)
        if options.highlighted is None or not self.matches:
            self.app.bell()
            return
        self._pick(self.matches[options.highlighted].id)

    @on(OptionList.OptionSelected, "#matches")
    def _clicked(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        if event.option.id:
            self._pick(event.option.id)

    def _pick(self, officer_id: str) -> None:
        if not self.several:
            self.dismiss([officer_id])
            return
        self.chosen.append(officer_id)
        self.query_one("#chosen", Static).update(self._chosen_text())
        who = self.query_one("#who", Input)
        who.value = ""
        who.focus()
        self._refill("")
