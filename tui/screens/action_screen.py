"""A full screen that shows one current action (the list, triage), so the edit keys apply.

The screen binds the keys and says which action is current (``current_row``,
``current_detail``); its ``ActionEditor`` part asks the questions and posts the edits.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from storage.db import ActionDetail, ActionRow
from tui.controllers.editing import ActionEditor
from tui.screens.base import DataScreen

if TYPE_CHECKING:
    from tui.officer_directory import Officers
    from tui.session import Session


class ActionScreen(DataScreen):
    """Subclasses yield ``self.editor`` in ``compose`` and say which action is current."""

    def __init__(self, session: Session, officers: Officers) -> None:
        super().__init__()
        self.session = session
        self.officers = officers
        self.editor = ActionEditor(session, officers, id="editor")

    def current_row(self) -> ActionRow | None:
        raise NotImplementedError

    def current_detail(self) -> ActionDetail | None:
        raise NotImplementedError

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        return self.editor.check(action, self.current_row())

    def refusal(self, action: str) -> str | None:
        return self.editor.refusal(action)

    # --- the edit keys ----------------------------------------------------------------------
    def action_rate(self, rag: str) -> None:
        self.editor.rate(self.current_row(), rag)

    def action_add_progress(self) -> None:
        self.editor.add_progress(self.current_row())

    def action_due(self) -> None:
        self.editor.due(self.current_row())

    def action_complete(self) -> None:
        self.editor.complete(self.current_row())

    def action_edit_text(self) -> None:
        self.editor.edit_text(self.current_row())

    def action_leads(self) -> None:
        self.editor.leads(self.current_row(), self.current_detail())

    def action_status(self) -> None:
        self.editor.status(self.current_row())

    def action_entries(self) -> None:
        self.editor.entries(self.current_row(), self.current_detail())
