"""The edit keys of every screen that shows one current action (the list and triage), and the
outline's edits: each opens a dialog, and the answer is posted up as ``WriteRequested`` (the app
runs it as one transaction through the write path, one undo step, in its write worker).

The screen binds the keys and says which action is current (attributes down); this part asks the
questions. In a read-only session the keys are greyed out (``check``) and, if pressed anyway, say
why (``refusal``).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from rich.text import Text
from textual import work
from textual.screen import ModalScreen

from models.domain import ProgressKind, Status
from models.text import one_line
from storage.db import ActionDetail, ActionRow
from tui.controllers.base import Controller
from tui.messages import WriteRequested
from tui.rag_style import RAG_LABEL, rag_text

if TYPE_CHECKING:
    from storage.writes import Editor
    from tui.officer_directory import Officers
    from tui.screens.progress_entries import EntryRequest
    from tui.screens.progress_entry import ProgressAnswer
    from tui.session import Session

# The dialogs are imported when first opened, not at start-up (TextArea, OptionList... cost
# a noticeable part of the time to the first screen).

#: Actions that change the database: greyed out when read-only or when no action is current.
EDIT_ACTIONS = frozenset({"rate", "add_progress", "due", "complete", "edit_text", "leads", "status", "entries"})
READ_ONLY = "Read-only: this database cannot be edited here."
#: Seconds at most a dialog stays open, once answered, waiting for its edit to be written (one
#: waiting behind a sync's write closes then; the edit is written when its turn comes).
CLOSED_WITHIN_S = 0.2

#: The outline's editable fields (storage.db.plans.EDITABLE_DETAILS) as the form labels them.
FIELD_LABELS = {
    "plan": {
        "title": "Title",
        "organisation": "Organisation",
        "overseeing_body": "Overseen by",
        "approved_on": "Approved on (YYYY-MM-DD)",
        "as_at": "As at (YYYY-MM-DD)",
        "lead_contact": "Lead contact",
        "strategic_lead": "Strategic lead",
    },
    "objective": {"ref": "Reference", "text": "Objective", "criteria": "Criteria"},
    "theme": {"name": "Theme"},
}
_LONG_FIELDS = frozenset({"text", "criteria"})


def close_unless_covered(dialog: ModalScreen[Any]) -> None:
    """Close a dialog still on top (not cancelled meanwhile, nothing opened over it)."""
    if dialog.is_attached and dialog is dialog.app.screen:
        dialog.dismiss()


def action_title(row: ActionRow, verb: str) -> Text:
    title = Text()
    title.append(f"{verb} ")
    title.append(one_line(row.ref), style="bold")
    title.append(f": {one_line(row.title, 60)}")
    return title


class ActionEditor(Controller):
    """Asks for an edit of the action it is given and posts it up."""

    def __init__(self, session: Session, officers: Officers, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._session = session
        self._officers = officers

    def check(self, action: str, row: ActionRow | None) -> bool | None:
        """None (greyed out) for an edit key that cannot apply to ``row`` now; True otherwise."""
        if action in EDIT_ACTIONS and (self._session.read_only or row is None):
            return None
        return True

    def refusal(self, action: str) -> str | None:
        """In a read-only session the edit keys are greyed out; this says why."""
        return READ_ONLY if action in EDIT_ACTIONS and self._session.read_only else None

    def _write(
        self,
        description: str,
        change: Callable[[Editor], Any],
        action_ids: tuple[str, ...] = (),
        outline_changed: bool = False,
        written: Callable[[], None] | None = None,
    ) -> None:
        # To the app itself, not bubbled through this screen: a message to the screen beneath a
        # dialog has Textual repaint all of that dialog (the screen's repaint pending since the
        # dialog opened is passed up to it), before the write could start.
        self.app.post_message(WriteRequested(description, change, action_ids, outline_changed, written))

    def _row_for_edit(self, row: ActionRow | None) -> ActionRow | None:
        if self._session.read_only:
            self.app.notify(READ_ONLY, severity="warning")
            return None
        if row is None:
            self.app.notify("No action is highlighted.", severity="warning")
        return row

    # --- rating, progress, dates ------------------------------------------------------------
    def rate(self, current: ActionRow | None, rag: str) -> None:
        from tui.screens.ask import AskDialog

        row = self._row_for_edit(current)
        if row is None:
            return
        if rag == row.rag:  # the same rating again is no change: no reason to ask for
            self.app.notify(f"{one_line(row.ref)} is already {RAG_LABEL[rag]}: nothing to change.", markup=False)
            return
        title = action_title(row, "Rate")
        title.append("  ")
        title.append_text(rag_text(rag, long=True))
        context = Text("Now: ")
        context.append_text(rag_text(row.rag, long=True))

        def save(reason: str) -> None:
            # Written first; the dialog closes once it is (the repaint of the screen beneath as
            # it closes would otherwise come before the write).
            self._write(
                f"{row.ref} rated {RAG_LABEL[rag]}",
                lambda e: e.set_rag(row.id, rag, reason=reason),
                action_ids=(row.id,),
                written=lambda: close_unless_covered(dialog),
            )
            dialog.set_timer(CLOSED_WITHIN_S, lambda: close_unless_covered(dialog))

        dialog = AskDialog(title, f"Why {RAG_LABEL[rag]}? A reason is required.", context=context, apply=save)
        self.app.push_screen(dialog)

    def add_progress(self, current: ActionRow | None) -> None:
        from tui.screens.progress_entry import ProgressDialog

        row = self._row_for_edit(current)
        if row is None:
            return
        today = self._session.today

        def save(answer: ProgressAnswer | None) -> None:
            if answer:
                label = (
                    "achievement"
                    if answer.kind == ProgressKind.ACHIEVED
                    else ("next step" if answer.kind == ProgressKind.NEXT else "note")
                )
                self._write(
                    f"{row.ref}: added {label}",
                    lambda e: e.add_progress(row.id, answer.kind, answer.text, entry_date=answer.entry_date or today),
                    action_ids=(row.id,),
                )

        self.app.push_screen(ProgressDialog(action_title(row, "Progress on"), today=today), save)

    def due(self, current: ActionRow | None) -> None:
        from tui.screens.ask import AskDialog, DueDateDialog

        row = self._row_for_edit(current)
        if row is None:
            return

        def save(text: str | None, reason: str | None = None) -> None:
            self._write(
                f"{row.ref}: timescale now {text or 'none'}",
                lambda e: e.set_timescale(row.id, text, reason=reason),
                action_ids=(row.id,),
            )

        def dated(text: str | None) -> None:
            if text is None or text == row.timescale:
                return
            if not row.timescale.strip():  # a first date is no re-date: nothing to explain
                save(text)
                return

            def explained(reason: str | None) -> None:
                if reason is not None:
                    save(text, reason)

            self.app.push_screen(
                AskDialog(
                    action_title(row, "Re-date"),
                    f"Why move it from {one_line(row.timescale, 30)} to {one_line(text, 30)}? (shown with the"
                    " action; Enter with nothing skips)",
                    required=False,
                ),
                explained,
            )

        self.app.push_screen(
            DueDateDialog(action_title(row, "Revise the date of"), row.timescale, self._session.today), dated
        )

    def complete(self, current: ActionRow | None) -> None:
        from tui.screens.ask import AskDialog

        row = self._row_for_edit(current)
        if row is None:
            return

        def save(note: str | None) -> None:
            if note:
                self._write(f"{row.ref} completed", lambda e: e.complete(row.id, note), action_ids=(row.id,))

        self.app.push_screen(
            AskDialog(
                action_title(row, "Complete"),
                "Closing note (what was delivered). Rated blue.",
                placeholder="e.g. Delivered: 40 carers trained",
            ),
            save,
        )

    # --- text, leads, status ----------------------------------------------------------------
    def edit_text(self, current: ActionRow | None) -> None:
        from tui.screens.form import Field, FormDialog

        row = self._row_for_edit(current)
        if row is None:
            return

        def save(changes: dict[str, str] | None) -> None:
            if changes:

                def apply(e) -> None:
                    for field, value in changes.items():
                        e.set("action", row.id, field, value)

                self._write(f"{row.ref}: edited {', '.join(changes)}", apply, action_ids=(row.id,))

        self.app.push_screen(
            FormDialog(
                action_title(row, "Edit"),
                [
                    Field("ref", "Reference", row.ref, required=True),
                    Field("text", "Action", row.text, long=True, required=True),
                ],
            ),
            save,
        )

    def leads(self, current: ActionRow | None, detail: ActionDetail | None) -> None:
        from tui.screens.officer_picker import OfficerPicker

        row = self._row_for_edit(current)
        if row is None:
            return
        not_ready = self._officers.not_ready()
        if not_ready:
            self.app.notify(not_ready)
            return
        chosen = [lead.officer_id for lead in detail.leads] if detail and detail.row.id == row.id else []

        def save(ids: list[str] | None) -> None:
            if ids is not None:
                self._write(f"{row.ref}: leads changed", lambda e: e.set_leads(row.id, ids), action_ids=(row.id,))

        # Officers who have left are not offered (unless they still lead it: kept until replaced).
        offered = [o for o in self._officers if o.left_on is None or o.id in chosen]
        self.app.push_screen(
            OfficerPicker(f"Leads of {one_line(row.ref)} (first is primary)", offered, several=True, chosen=chosen),
            save,
        )

    def status(self, current: ActionRow | None) -> None:
        from tui.screens.ask import AskDialog
        from tui.screens.choice import ChoiceDialog

        row = self._row_for_edit(current)
        if row is None:
            return
        choices = [(s.value, s.value.capitalize()) for s in Status]

        def chosen(status: str | None) -> None:
            if status is None or status == row.status:
                return
            if status == Status.COMPLETE:
                self.complete(row)
                return

            def save(reason: str | None) -> None:
                if reason:
                    self._write(
                        f"{row.ref}: status {status}",
                        lambda e: e.set_status(row.id, status, reason=reason),
                        action_ids=(row.id,),
                    )

            self.app.push_screen(AskDialog(action_title(row, f"Mark {status}:"), "Why? (required)"), save)

        self.app.push_screen(ChoiceDialog(action_title(row, "Status of"), choices, row.status), chosen)

    # --- progress entries -------------------------------------------------------------------
    def entries(self, current: ActionRow | None, detail: ActionDetail | None) -> None:
        from tui.screens.confirm import ConfirmDialog
        from tui.screens.progress_entries import ProgressEntriesDialog, entry_text
        from tui.screens.progress_entry import ProgressDialog

        row = self._row_for_edit(current)
        if row is None:
            return
        if detail is None or detail.row.id != row.id:
            self.app.notify("Still loading this action: try again in a moment.")
            return
        session = self._session

        def requested(request: EntryRequest | None) -> None:
            if request is None:
                return
            entry = request.entry
            if request.verb == "delete":

                def delete(yes: bool | None) -> None:
                    if yes:
                        self._write(
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
                        if answer.entry_date is not None:
                            e.set("progress", entry.id, "entry_date", answer.entry_date)

                    self._write(f"{row.ref}: edited a progress entry", apply, action_ids=(row.id,))

            self.app.push_screen(
                ProgressDialog(
                    action_title(row, "Edit entry of"),
                    entry.kind,
                    entry.text,
                    today=session.today,
                    entry_date=entry.entry_date,
                ),
                save,
            )

        self.app.push_screen(
            ProgressEntriesDialog(
                action_title(row, "Progress of"), list(detail.progress), session.actor, session.read_only
            ),
            requested,
        )

    # --- the outline ------------------------------------------------------------------------
    def edit_outline(self, kind: str, item_id: str) -> None:
        """e in the outline: a plan's details, a theme or an objective (read in a worker first)."""
        if self._session.read_only:
            self.app.notify(READ_ONLY, severity="warning")
            return
        self._read_outline_item(kind, item_id)

    @work(thread=True, exclusive=True, group="outline-edit", exit_on_error=False)
    def _read_outline_item(self, kind: str, item_id: str) -> None:
        with self._session.read() as txn:
            values = txn.plans.editable_details(kind, item_id)
        self.app.call_from_thread(self._ask_outline_item, kind, item_id, values)

    def _ask_outline_item(self, kind: str, item_id: str, values: dict[str, str]) -> None:
        from tui.screens.form import Field, FormDialog

        def save(changes: dict[str, str] | None) -> None:
            if changes:

                def apply(e: Editor) -> None:
                    for field, value in changes.items():
                        e.set(kind, item_id, field, value or None)

                self._write(f"{kind} edited: {', '.join(changes)}", apply, outline_changed=True)

        form = [
            Field(name, label, values.get(name, ""), long=name in _LONG_FIELDS)
            for name, label in FIELD_LABELS[kind].items()
        ]
        self.app.push_screen(FormDialog(f"Edit {kind}", form), save)
