"""W: the officers. Every officer with initials, job title, email, open actions and whether they
have left, read in a worker. ``a`` adds, ``e`` edits, ``L`` marks as left (their open actions
listed, and handed to another officer if one is chosen), ``M`` merges a duplicate record into the
highlighted one, ``i`` says "I am this officer". Each change is one ``WriteRequested``
(``storage.officer_edits``): one undo step, synced. Esc closes."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import TYPE_CHECKING, Any, ClassVar

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.widgets import DataTable, Static

from models.text import one_line
from tui.messages import Edited, WriteRequested
from tui.screens.base import Dialog

if TYPE_CHECKING:
    from storage.db import OfficerRow
    from storage.officer_edits import OpenAction
    from storage.writes import Editor
    from tui.officer_directory import Officers
    from tui.session import Session

READ_ONLY = "Read-only: this database cannot be edited here."
EDITS = frozenset({"add_officer", "edit_officer", "left", "merge"})


class OfficersScreen(Dialog[None]):
    DEFAULT_CSS = "#officers { height: 1fr; }"  # the keys stay in view at 80x24

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("a", "add_officer", "Add officer", id="officers.add"),
        Binding("e", "edit_officer", "Edit", id="officers.edit"),
        Binding("L", "left", "Left", id="officers.left", tooltip="Mark as left; hand over their open actions"),
        Binding("M", "merge", "Merge duplicate", id="officers.merge", tooltip="Two records of one person"),
        Binding("i", "me", "I am this officer", id="officers.me"),
    ]

    def __init__(self, session: Session, officers: Officers) -> None:
        super().__init__()
        self.session = session
        self.directory = officers
        self.rows: list[OfficerRow] = []

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog dialog-help"):
            yield Static(Text("Officers: loading…"), id="officers-title", classes="dialog-title")
            yield DataTable(id="officers", cursor_type="row", zebra_stripes=False)
            keys = "a add · e edit · L left · M merge a duplicate in · i this is me · Esc"
            yield Static(Text(keys, style="dim"), classes="dialog-keys")

    def on_mount(self) -> None:
        table = self.query_one("#officers", DataTable)
        for key, header in (
            ("name", "Name"),
            ("initials", "Init."),
            ("job", "Job title"),
            ("email", "Email"),
            ("open", "Open"),
            ("left", "Left"),
        ):
            table.add_column(Text(header), key=key)
        table.focus()
        self._load()

    @work(thread=True, exclusive=True, group="officers-screen", exit_on_error=False)
    def _load(self) -> None:
        with self.session.read() as txn:
            rows = txn.officers.list()
        self.app.call_from_thread(self._show, rows)

    def _show(self, rows: list[OfficerRow]) -> None:
        table = self.query_one("#officers", DataTable)
        keep = self.current()
        self.rows = rows
        table.clear()
        wide = self.app.size.width >= 110  # every column shows at 80 columns too
        me = self.session.me_id
        for officer in rows:
            name = Text(one_line(officer.name, 26 if wide else 18))
            if officer.id == me:
                name.append(" (me)", style="bold")
            table.add_row(
                name,
                Text(one_line(officer.initials)),
                Text(one_line(officer.job_title, 26 if wide else 10)),
                Text(one_line(officer.email, 26 if wide else 10)),
                Text(str(officer.open_actions), justify="right"),
                Text(officer.left_on.strftime("%d/%m/%Y") if officer.left_on else ""),
                key=officer.id,
            )
        if keep is not None and any(o.id == keep.id for o in rows):
            table.move_cursor(row=[o.id for o in rows].index(keep.id))
        title = Text(f"Officers: {len(rows)}")
        left = sum(1 for o in rows if o.left_on)
        if left:
            title.append(f" ({left} left)")
        self.query_one("#officers-title", Static).update(title)

    def on_edited(self, message: Edited) -> None:
        self._load()

    def current(self) -> OfficerRow | None:
        table = self.query_one("#officers", DataTable)
        if not self.rows or table.cursor_row is None or not 0 <= table.cursor_row < len(self.rows):
            return None
        return self.rows[table.cursor_row]

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in EDITS and self.session.read_only:
            return None
        if action in ("edit_officer", "left", "merge", "me") and self.current() is None:
            return None
        return True

    def _write(self, description: str, change: Callable[[Editor], Any], action_ids: tuple[str, ...] = ()) -> None:
        self.post_message(WriteRequested(description, change, action_ids))

    # --- a / e --------------------------------------------------------------------------------
    def action_add_officer(self) -> None:
        from tui.screens.form import Field
        from tui.screens.structure_dialogs import AddForm

        def save(values: dict[str, str] | None) -> None:
            from storage.officer_edits import add_officer

            if values:
                name = values.pop("name")
                self._write(f"Added officer {one_line(name, 40)}", lambda e: add_officer(e, name, **values))

        fields = [
            Field("name", "Name", ""),
            Field("initials", "Initials (default: from the name)", ""),
            Field("job_title", "Job title", ""),
            Field("email", "Email", ""),
        ]
        self.app.push_screen(AddForm("New officer", fields, required=("name",)), save)

    def action_edit_officer(self) -> None:
        from tui.screens.form import Field, FormDialog

        officer = self.current()
        if officer is None:
            return

        def save(changed: dict[str, str] | None) -> None:
            from storage.officer_edits import edit_officer

            if changed:
                self._write(
                    f"{one_line(officer.name, 40)}: {', '.join(k.replace('_', ' ') for k in changed)} changed",
                    lambda e: edit_officer(e, officer.id, **changed),
                )

        fields = [
            Field("name", "Name", officer.name),
            Field("initials", "Initials", officer.initials or ""),
            Field("job_title", "Job title", officer.job_title or ""),
            Field("email", "Email", officer.email or ""),
        ]
        self.app.push_screen(FormDialog(Text(f"Edit {one_line(officer.name, 50)}"), fields), save)

    # --- L: left ------------------------------------------------------------------------------
    def action_left(self) -> None:
        officer = self.current()
        if officer is None:
            return
        if officer.left_on is not None:
            self._read_open_actions(officer, back=True)
        else:
            self._read_open_actions(officer, back=False)

    @work(thread=True, exclusive=True, group="officers-read", exit_on_error=False)
    def _read_open_actions(self, officer: OfficerRow, back: bool) -> None:
        from storage.officer_edits import open_actions_of

        with self.session.read() as txn:
            actions = open_actions_of(txn, officer.id)
        self.app.call_from_thread(self._ask_left, officer, actions, back)

    def _ask_left(self, officer: OfficerRow, actions: list[OpenAction], back: bool) -> None:
        from tui.screens.choice import ChoiceDialog

        listed = Text()
        for action in actions[:8]:
            listed.append(f"  {one_line(action.ref, 6)}  {one_line(action.title, 36)} · {one_line(action.plan, 22)}\n")
        if len(actions) > 8:
            listed.append(f"  … and {len(actions) - 8} more\n")
        count = f"{len(actions)} open action{'s' if len(actions) != 1 else ''}"
        choices = []
        if actions:
            choices.append(("hand", f"Hand their {count} to another officer"))
        if back:
            choices.append(("back", "They have not left after all (or came back)"))
        else:
            choices.append(("left", f"Mark as left today{', keeping their ' + count + ' for now' if actions else ''}"))
        title = Text(
            f"{one_line(officer.name, 40)} "
            + ("left on " + officer.left_on.strftime("%d/%m/%Y") if back and officer.left_on else "is leaving")
        )
        if actions:
            title.append(f"\nTheir {count}:\n")
            title.append_text(listed)

        def chosen(how: str | None) -> None:
            if how == "hand":
                self._ask_successor(officer, actions, mark=not back)
            elif how == "left":
                self._save_left(officer, None)
            elif how == "back":
                from storage.officer_edits import mark_returned

                self._write(
                    f"{one_line(officer.name, 40)} no longer marked as left", lambda e: mark_returned(e, officer.id)
                )

        self.app.push_screen(ChoiceDialog(title, choices), chosen)

    def _ask_successor(self, officer: OfficerRow, actions: list[OpenAction], mark: bool) -> None:
        from tui.screens.officer_picker import OfficerPicker

        others = [o for o in self.directory if o.id != officer.id and o.left_on is None]

        def chosen(ids: list[str] | None) -> None:
            if ids:
                self._save_left(officer, ids[0] if ids else None, mark=mark, actions=[a.id for a in actions])

        self.app.push_screen(
            OfficerPicker(f"Who takes over {one_line(officer.name, 30)}'s open actions?", others), chosen
        )

    def _save_left(
        self, officer: OfficerRow, successor: str | None, mark: bool = True, actions: list[str] | None = None
    ) -> None:
        from storage.officer_edits import mark_left, reassign

        today: date = self.session.today
        successor_name = self.directory.get(successor).name if successor and self.directory.get(successor) else ""

        def change(e: Editor) -> None:
            if mark:
                mark_left(e, officer.id, today)
            if successor:
                reassign(e, officer.id, successor, actions)

        what = f"{one_line(officer.name, 40)} " + ("marked as left" if mark else "")
        if successor:
            what += (", " if mark else "") + f"open actions now led by {one_line(successor_name, 40)}"
        self._write(what, change, tuple(actions or ()))

    # --- M: merge -----------------------------------------------------------------------------
    def action_merge(self) -> None:
        from tui.screens.officer_picker import OfficerPicker

        keep = self.current()
        if keep is None:
            return
        others = [o for o in self.directory if o.id != keep.id]

        def chosen(ids: list[str] | None) -> None:
            duplicate = self.directory.get(ids[0]) if ids else None
            if duplicate is not None:
                self._confirm_merge(keep, duplicate)

        self.app.push_screen(
            OfficerPicker(f"Which record is a duplicate of {one_line(keep.name, 30)}?", others), chosen
        )

    def _confirm_merge(self, keep: OfficerRow, duplicate: OfficerRow) -> None:
        from tui.screens.confirm import ConfirmDialog

        def answer(yes: bool | None) -> None:
            from storage.officer_edits import merge_officers

            if yes:
                me = self.session.me_id == duplicate.id

                def change(e: Editor) -> None:
                    merge_officers(e, keep.id, duplicate.id)
                    if me:
                        e.txn.settings.set_me(keep.id, keep.name)

                self._write(f"Merged {one_line(duplicate.name, 30)} into {one_line(keep.name, 30)}", change)
                if me:
                    self.session.me_id, self.session.me_name = keep.id, keep.name

        detail = Text(
            f"{one_line(duplicate.name)} leads {duplicate.open_actions} open action(s): they will name "
            f"{one_line(keep.name)} instead, and {one_line(duplicate.name)}'s record is kept only as history. "
            "u undoes it.",
            style="dim",
        )
        self.app.push_screen(
            ConfirmDialog(Text(f"Merge {one_line(duplicate.name, 30)} into {one_line(keep.name, 30)}?"), detail),
            answer,
        )

    # --- i: who am I --------------------------------------------------------------------------
    def action_me(self) -> None:
        officer = self.current()
        if officer is None:
            return
        if self.session.read_only:
            self.app.notify(READ_ONLY, severity="warning")
            return
        self._remember(officer.id, officer.name)

    @work(thread=True, group="write", exit_on_error=False)
    def _remember(self, officer_id: str, name: str) -> None:
        self.session.remember_me(officer_id, name)
        self.app.call_from_thread(self.app.notify, f"You are {name}: edits are recorded under this name.", markup=False)
        rows = self.rows
        self.app.call_from_thread(self._show, rows)

    @on(DataTable.RowSelected, "#officers")
    def _selected(self, event: DataTable.RowSelected) -> None:
        event.stop()
        self.action_edit_officer()
