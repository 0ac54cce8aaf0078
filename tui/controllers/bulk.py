"""b: one edit for every marked action (``ActionList.picked``): RAG, lead, due date or status,
with one reason. Posted as one ``WriteRequested``: one transaction, one change group, one undo
step (and synced like any edit, being change records)."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from rich.text import Text

from models.domain import Status
from tui.controllers.base import Controller
from tui.controllers.editing import READ_ONLY
from tui.messages import WriteRequested
from tui.rag_style import RAG_LABEL

if TYPE_CHECKING:
    from storage.writes import Editor
    from tui.officer_directory import Officers
    from tui.session import Session

FIELDS = [
    ("rag", "RAG rating"),
    ("leads", "Lead officer(s)"),
    ("timescale", "Due date / timescale"),
    ("status", "Status"),
]


def bulk_change(field: str, value: Any, reason: str, ids: list[str]) -> Callable[[Editor], None]:
    """The one edit of a bulk change: ``value`` for ``field`` of every action in ``ids``, each
    change with ``reason``; actions that already have the value are left alone."""

    def apply(e: Editor) -> None:
        for action_id in ids:
            if field == "status" and value == Status.COMPLETE:
                if e.txn.records.value("action", action_id, "status") != Status.COMPLETE:
                    e.complete(action_id, reason)
            elif field == "leads":
                for officer_id in value:
                    e.require("officer", officer_id)
                e.set("action", action_id, "leads", value, reason=reason)
            else:
                e.set("action", action_id, field, value, reason=reason)

    return apply


class BulkEditor(Controller):
    """Asks which field, its new value and one reason; posts the edit of every marked action."""

    def __init__(self, session: Session, officers: Officers, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._session = session
        self._officers = officers

    def refusal(self, count: int) -> str | None:
        if self._session.read_only:
            return READ_ONLY
        if not count:
            return "Nothing is marked: space marks the highlighted action, * every action in view."
        return None

    def ask(self, ids: list[str]) -> None:
        from tui.screens.choice import ChoiceDialog

        problem = self.refusal(len(ids))
        if problem:
            self.app.notify(problem, severity="warning")
            return
        many = f"{len(ids)} marked action{'s' if len(ids) != 1 else ''}"

        def field_chosen(field: str | None) -> None:
            if field is not None:
                self._ask_value(field, ids, many)

        self.app.push_screen(ChoiceDialog(Text(f"Bulk edit of {many}: set which?"), FIELDS), field_chosen)

    def _ask_value(self, field: str, ids: list[str], many: str) -> None:
        from tui.screens.ask import DueDateDialog
        from tui.screens.choice import ChoiceDialog
        from tui.screens.officer_picker import OfficerPicker

        def then(value: Any) -> None:
            if value is not None:
                self._ask_reason(field, value, ids, many)

        if field == "rag":
            choices = [(rag, label) for rag, label in RAG_LABEL.items() if rag]
            self.app.push_screen(ChoiceDialog(Text(f"RAG for {many}"), choices), then)
        elif field == "status":
            choices = [(s.value, s.value.capitalize()) for s in Status]
            self.app.push_screen(ChoiceDialog(Text(f"Status of {many}"), choices), then)
        elif field == "timescale":
            self.app.push_screen(DueDateDialog(Text(f"Revise the date of {many}"), "", self._session.today), then)
        else:
            not_ready = self._officers.not_ready()
            if not_ready:
                self.app.notify(not_ready)
                return
            self.app.push_screen(
                OfficerPicker(f"Leads of {many} (first is primary)", list(self._officers), several=True),
                lambda chosen: then(chosen if chosen else None),
            )

    def _ask_reason(self, field: str, value: Any, ids: list[str], many: str) -> None:
        from tui.screens.ask import AskDialog

        label = dict(FIELDS)[field]
        shown = _value_text(field, value, self._officers)

        def save(reason: str | None) -> None:
            if reason:
                self.post_message(
                    WriteRequested(
                        f"{len(ids)} action{'s' if len(ids) != 1 else ''}: {label} now {shown}",
                        bulk_change(field, value, reason, ids),
                        tuple(ids),
                    )
                )

        title = Text(f"Set {label} of {many} to ")
        title.append(shown, style="bold")
        self.app.push_screen(AskDialog(title, "Why? One reason for all (required)."), save)


def _value_text(field: str, value: Any, officers: Officers) -> str:
    from models.text import one_line

    if field == "rag":
        return RAG_LABEL.get(value, str(value))
    if field == "leads":
        names = [one_line(o.name) for o in (officers.get(i) for i in value) if o is not None]
        return ", ".join(names) or "nobody"
    if field == "timescale":
        return one_line(value) or "no timescale"
    return str(value)
