"""Import from the main screen (I, or "Import: import a plan file…" in the palette): ask for a
file, open the import preview (``ImportPreviewScreen``) on it, and after an import reload the
outline, the list and the officers, as after any edit.
"""

from __future__ import annotations

from pathlib import Path

from textual import work
from textual.binding import Binding

from models.text import one_line
from tui.messages import Edited

IMPORT_BINDINGS = [
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


class ImportCommand:
    """Mixin for MainScreen."""

    def check_import(self, action: str) -> bool | None:
        return None if self.app.session.read_only else True

    def on_key(self, event) -> None:
        if event.key == "I" and self.app.session.read_only:
            self.app.notify("Read-only: nothing can be imported here.", severity="warning")

    def action_import_file(self) -> None:
        from tui.screens.ask_more import ImportPathDialog

        if self.app.session.read_only:
            self.app.notify("Read-only: nothing can be imported here.", severity="warning")
            return

        def chosen(path: Path | None) -> None:
            if path is not None:
                self.open_import(path)

        self.app.push_screen(ImportPathDialog(), chosen)

    @work(thread=True, exclusive=True, group="import-open", exit_on_error=False)
    def open_import(self, path: Path) -> None:
        """Open the full database first (in this thread: it may import SQLAlchemy)."""
        db = self.app.session.database()
        self.app.call_from_thread(self._show_import, db, path)

    def _show_import(self, db, path: Path) -> None:
        from tui.screens.import_preview import ImportPreviewScreen

        def imported(reports) -> None:
            if not reports:
                return
            titles = ", ".join(one_line(report.plan_title, 40) for report in reports)
            self.app.post_message(Edited(f"Imported {titles}", (), True, None))
            self.app.load_officers()

        self.app.push_screen(ImportPreviewScreen(db, path, actor=self.app.session.actor), imported)
