"""The edit keys shared by every screen that shows one current action (the list and triage).

Each key opens a dialog; the answer goes to ``app.edit`` (one transaction through
storage.writes, one undo step) in a thread worker. In a read-only session the keys are greyed
out by ``check_action`` and, if pressed anyway, say why.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.text import Text

from models.domain import ProgressKind, Status
from models.text import one_line
from storage.queries import ActionDetail, ActionRow
from tui.rag_style import RAG_LABEL, rag_text

if TYPE_CHECKING:
    from tui.screens.progress_entries import EntryRequest
    from tui.screens.progress_entry import ProgressAnswer

# The dialogs are imported when first opened, not at start-up (TextArea, OptionList... cost
# a noticeable part of the time to the first screen).

#: Actions that change the database: greyed out when read-only or when no action is current.
EDIT_ACTIONS = frozenset({"rate", "add_progress", "due", "complete", "edit_text", "leads", "status", "entries"})


def action_title(row: ActionRow, verb: str) -> Text:
    title = Text()
    title.append(f"{verb} ")
    title.append(one_line(row.ref), style="bold")
    title.append(f": {one_line(row.title, 60)}")
    return title


class ActionEditing:
    """Mixin for a Screen: implement ``current_row`` and ``current_detail``."""

    def current_row(self) -> ActionRow | None:
        raise NotImplementedError

    def current_detail(self) -> ActionDetail | None:
        raise NotImplementedError

    def check_edit(self, action: str) -> bool | None:
        """None (greyed out) for an edit key that cannot apply now; True otherwise."""
        if action in EDIT_ACTIONS and (self.app.session.read_only or self.current_row() is None):
            return None
        return True

    def on_key(self, event) -> None:
        """In a read-only session the edit keys are greyed out; say why when one is pressed."""
        if self.app.session.read_only and event.key in self._edit_keys():
            self.app.notify("Read-only: this database cannot be edited here.", severity="warning")

    @classmethod
    def _edit_keys(cls) -> frozenset[str]:
        from textual.binding import Binding

        return frozenset(
            binding.key
            for binding in Binding.make_bindings(getattr(cls, "BINDINGS", []))
            if binding.action.split("(", 1)[0] in EDIT_ACTIONS
        )

    def _row_for_edit(self) -> ActionRow | None:
        if self.app.session.read_only:
            self.app.notify("Read-only: this database cannot be edited here.", severity="warning")
            return None
        row = self.current_row()
        if row is None:
            self.app.notify("No action is highlighted.", severity="warning")
        return row

    # --- rating, progress, dates ------------------------------------------------------------
    def action_rate(self, rag: str) -> None:
        from tui.screens.ask import AskDialog

        row = self._row_for_edit()
        if row is None:
            return
        title = action_title(row, "Rate")
        title.append("  ")
        title.append_text(rag_text(rag, long=True))
        context = Text("Now: ")
        context.append_text(rag_text(row.rag, long=True))

        def save(reason: str | None) -> None:
            if reason:
                self.app.edit(
                    f"{row.ref} rated {RAG_LABEL[rag]}",
                    lambda e: e.set_rag(row.id, rag, reason=reason),
                    action_ids=(row.id,),
                )

        self.app.push_screen(AskDialog(title, f"Why {RAG_LABEL[rag]}? A reason is required.", context=context), save)

    def action_add_progress(self) -> None:
        from tui.screens.progress_entry import ProgressDialog

        row = self._row_for_edit()
        if row is None:
            return
        today = self.app.session.today

        def save(answer: ProgressAnswer | None) -> None:
            if answer:
                label = (
                    "achievement"
                    if answer.kind == ProgressKind.ACHIEVED
                    else ("next step" if answer.kind == ProgressKind.NEXT else "note")
                )
                self.app.edit(
                    f"{row.ref}: added {label}",
                    lambda e: e.add_progress(row.id, answer.kind, answer.text, entry_date=today),
                    action_ids=(row.id,),
                )

        self.app.push_screen(ProgressDialog(action_title(row, "Progress on")), save)

    def action_due(self) -> None:
        from tui.screens.ask import DueDateDialog

        row = self._row_for_edit()
        if row is None:
            return

        def save(text: str | None) -> None:
            if text is not None:
                self.app.edit(
                    f"{row.ref}: timescale now {text or 'none'}",
                    lambda e: e.set_timescale(row.id, text),
                    action_ids=(row.id,),
                )

        self.app.push_screen(
            DueDateDialog(action_title(row, "Revise the date of"), row.timescale, self.app.session.today), save
        )

    def action_complete(self) -> None:
        from tui.screens.ask import AskDialog

        row = self._row_for_edit()
        if row is None:
            return

        def save(note: str | None) -> None:
            if note:
                self.app.edit(f"{row.ref} completed", lambda e: e.complete(row.id, note), action_ids=(row.id,))

        self.app.push_screen(
            AskDialog(
                action_title(row, "Complete"),
                "Closing note (what was delivered). Rated blue.",
                placeholder="e.g. Delivered: 40 carers trained",
            ),
            save,
        )

    # --- text, leads, status ----------------------------------------------------------------
    def action_edit_text(self) -> None:
        from tui.screens.form import Field, FormDialog

        row = self._row_for_edit()
        if row is None:
            return

        def save(changes: dict[str, str] | None) -> None:
            if changes:

                def apply(e) -> None:
                    for field, value in changes.items():
                        e.set("action", row.id, field, value)

                self.app.edit(f"{row.ref}: edited {', '.join(changes)}", apply, action_ids=(row.id,))

        self.app.push_screen(
            FormDialog(
                action_title(row, "Edit"),
                [
                    Field("ref", "Reference", row.ref),
                    Field("text", "Action", row.text, long=True),
                ],
            ),
            save,
        )

    def action_leads(self) -> None:
        from tui.screens.officer_picker import OfficerPicker

        row = self._row_for_edit()
        detail = self.current_detail()
        if row is None:
            return
        if not self.app.officers:
            self.app.notify("Officers are still loading: try again in a moment.")
            return
        chosen = [lead.officer_id for lead in detail.leads] if detail and detail.row.id == row.id else []

        def save(ids: list[str] | None) -> None:
            if ids is not None:
                self.app.edit(f"{row.ref}: leads changed", lambda e: e.set_leads(row.id, ids), action_ids=(row.id,))

        self.app.push_screen(
            OfficerPicker(
                f"Leads of {one_line(row.ref)} (first is primary)", self.app.officers, several=True, chosen=chosen
            ),
            save,
        )

    def action_status(self) -> None:
        from tui.screens.ask import AskDialog
        from tui.screens.choice import ChoiceDialog

        row = self._row_for_edit()
        if row is None:
            return
        choices = [(s.value, s.value.capitalize()) for s in Status]

        def chosen(status: str | None) -> None:
            if status is None or status == row.status:
                return
            if status == Status.COMPLETE:
                self.action_complete()
                return

            def save(reason: str | None) -> None:
                if reason:
                    self.app.edit(
                        f"{row.ref}: status {status}",
                        lambda e: e.set_status(row.id, status, reason=reason),
                        action_ids=(row.id,),
                    )

            self.app.push_screen(AskDialog(action_title(row, f"Mark {status}:"), "Why? (required)"), save)

        self.app.push_screen(ChoiceDialog(action_title(row, "Status of"), choices, row.status), chosen)

    # --- progress entries -------------------------------------------------------------------
    def action_entries(self) -> None:
        from tui.screens.confirm import ConfirmDialog
        from tui.screens.progress_entries import ProgressEntriesDialog, entry_text
        from tui.screens.progress_entry import ProgressDialog

        row = self._row_for_edit()
        detail = self.current_detail()
        if row is None:
            return
        if detail is None or detail.row.id != row.id:
            self.app.notify("Still loading this action: try again in a moment.")
            return
        session = self.app.session

        def requested(request: EntryRequest | None) -> None:
            if request is None:
                return
            entry = request.entry
            if request.verb == "delete":

                def delete(yes: bool | None) -> None:
                    if yes:
                        self.app.edit(
                            f"{row.ref}: deleted a progress entry",
                            lambda e: e.delete("progress", entry.id),
                            action_ids=(row.id,),
                        )

                self.app.push_screen(ConfirmDialog("Delete this entry? (u undoes)", entry_text(entry)), delete)
                return

            def save(answer: ProgressAnswer | None) -> None:
                if answer:

                    def apply(e) -> None:
                        e.set("progress", entry.id, "kind", answer.kind)
                        e.set("progress", entry.id, "text", answer.text)

                    self.app.edit(f"{row.ref}: edited a progress entry", apply, action_ids=(row.id,))

            self.app.push_screen(ProgressDialog(action_title(row, "Edit entry of"), entry.kind, entry.text), save)

        self.app.push_screen(
            ProgressEntriesDialog(
                action_title(row, "Progress of"), list(detail.progress), session.actor, session.read_only
            ),
            requested,
        )
