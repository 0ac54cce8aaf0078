"""Import from the main screen (I, or "Import: import a plan file…" in the palette): ask for a
file, open the import preview on it, and after an import tell every screen (the outline, the
list and the officers reload, as after any edit).

The import itself goes through the session's write path (``SessionPlanStore.load``): one
transaction, one undo step, like any edit.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from textual import work
from textual.binding import Binding, BindingType

from models.text import one_line
from tui.controllers.base import Controller
from tui.messages import Edited

if TYPE_CHECKING:
    from storage.importing import Reading
    from storage.importing.document import ImportedPlan
    from storage.importing.loader import ImportReport
    from storage.importing.mapping import Mapping
    from storage.importing.officer_choices import OfficerChoice
    from tui.session import Session

#: The screen's key for importing (the screen binds it; this part does it).
IMPORT_BINDINGS: list[BindingType] = [
    Binding(
        "I",
        "import_file",
        "Import: import a plan file…",
        show=False,
        id="main.import",
        tooltip="Preview a .docx, .xlsx, .csv or text plan, correct its columns, import it",
    ),
]
IMPORT_ACTIONS = frozenset({"import_file"})
READ_ONLY = "Read-only: nothing can be imported here."


class SessionPlanStore:
    """The import screen's ``PlanStore`` over the app's session (called in worker threads)."""

    def __init__(self, session: Session) -> None:
        self._session = session
        self.txn_id: str | None = None  # the last load's transaction (what undo reverts)

    def likely_officers(self, plan: ImportedPlan) -> list[OfficerChoice]:
        from storage.importing.officer_choices import likely_officers

        with self._session.database_turn() as db:
            return likely_officers(db, plan)

    def recall(self, reading: Reading) -> Mapping | None:
        from storage.importing.mapping import recall

        with self._session.database_turn() as db:
            return recall(db, reading)

    def load(
        self, plan: ImportedPlan, reading: Reading | None = None, mapping: Mapping | None = None
    ) -> list[ImportReport]:
        from storage.importing.loader import load_plans
        from storage.importing.mapping import remember

        reports: list[ImportReport] = []

        def write(db) -> str | None:
            reports.extend(load_plans(db, [plan], actor=self._session.actor))
            if mapping and reading is not None:  # next quarter's file opens corrected
                remember(db, reading, mapping)
            return reports[0].txn_id if reports else None

        self.txn_id = self._session.write_own(f"Imported {one_line(plan.title, 40)}", write)
        return reports


class ImportController(Controller):
    """I: a file, its preview, the import."""

    def __init__(self, session: Session, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._session = session

    def check(self, action: str) -> bool | None:
        return None if self._session.read_only else True

    def refusal(self, action: str) -> str | None:
        return READ_ONLY if self._session.read_only else None

    def ask(self) -> None:
        """Ask for a plan file, then preview it."""
        from tui.screens.ask_more import ImportPathDialog

        if self._session.read_only:
            self.app.notify(READ_ONLY, severity="warning")
            return

        def chosen(path: Path | None) -> None:
            if path is not None:
                self.open_preview(path)

        self.app.push_screen(ImportPathDialog(), chosen)

    @work(thread=True, exclusive=True, group="import-open", exit_on_error=False)
    def open_preview(self, path: Path) -> None:
        """Open the full database first (in this thread: it may import SQLAlchemy)."""
        self._session.database()
        self.app.call_from_thread(self._show_preview, path)

    def _show_preview(self, path: Path) -> None:
        from tui.screens.import_preview import ImportPreviewScreen

        store = SessionPlanStore(self._session)

        def imported(reports: list[ImportReport] | None) -> None:
            if not reports:
                return
            titles = ", ".join(one_line(report.plan_title, 40) for report in reports)
            self.app.post_message(Edited(f"Imported {titles}", (), True, store.txn_id, officers_changed=True))

        self.app.push_screen(ImportPreviewScreen(path, store), imported)
