"""The import screen: preview a file, correct how its columns were read, settle likely officer
matches, then import it (all or nothing).

Self-contained: ``ImportPreviewScreen(path, store)`` needs a file and a ``PlanStore`` (what it
asks of the database: officers a name may mean, and loading the plan through the write path, one
undo step). Reading and loading run in thread workers, so a large document never freezes the
interface. The screen dismisses with the ``ImportReport`` list after an import, or None when
closed without one.

Keys: ↑/↓ move · Tab next table · Enter on a column: choose its field ([ and ] step through
the fields) · Enter/Space on an officer: same person or keep separate · i import · r re-read ·
Escape close.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, ClassVar, Protocol

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical, VerticalScroll
from textual.screen import ModalScreen, Screen
from textual.widgets import DataTable, Footer, OptionList, Static
from textual.widgets.option_list import Option
from textual.worker import Worker, WorkerState

from models.text import one_line
from storage.importing.columns import FIELDS, normal_header

if TYPE_CHECKING:
    from storage.importing.document import ImportedPlan
    from storage.importing.loader import ImportReport
    from storage.importing.officer_choices import OfficerChoice


class PlanStore(Protocol):
    """What the import screen asks of the database (called in its worker threads)."""

    def likely_officers(self, plan: ImportedPlan) -> list[OfficerChoice]:
        """Names in ``plan`` that may be known officers written another way."""
        ...

    def load(self, plan: ImportedPlan) -> list[ImportReport]:
        """Write ``plan`` (all or nothing, one undo step) and report what was done."""
        ...


FIELD_HELP = {
    "ref": "the action's reference (1a, 2.3)",
    "objective": "objective / recommendation / driver",
    "action": "the action or milestone",
    "lead": "lead officers",
    "timescale": "timescale as written",
    "progress": "✓ achieved / ⇒ next steps",
    "rag": "RAG rating (words or cell colour)",
    "status": "open, complete, withdrawn...",
    "theme": "theme or section",
    "note": "kept with the action as a note",
    "plan": "the plan's title",
    "ignore": "leave the column out",
}


class FieldDialog(ModalScreen[str]):
    """Pick the field a column feeds: ↑/↓ and Enter; Escape keeps it as it is."""

    DEFAULT_CSS = """
    FieldDialog { align: center middle; }
    FieldDialog > Vertical { width: 60; height: auto; border: round $accent; background: $surface; padding: 0 1; }
    FieldDialog OptionList { height: auto; max-height: 14; }
    """
    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "cancel", "Cancel")]

    def __init__(self, header: str, current: str) -> None:
        super().__init__()
        self.header, self.current = header, current

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static(Text(f"Column {self.header!r} feeds:", style="bold"))
            yield OptionList(*[Option(Text(f"{name:<10} {FIELD_HELP[name]}"), id=name) for name in FIELDS], id="fields")

    def on_mount(self) -> None:
        options = self.query_one(OptionList)
        options.highlighted = FIELDS.index(self.current) if self.current in FIELDS else 0
        options.focus()

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.dismiss(event.option.id)

    def action_cancel(self) -> None:
        self.dismiss(None)


class ImportPreviewScreen(Screen):
    DEFAULT_CSS = """
    ImportPreviewScreen { layout: vertical; }
    ImportPreviewScreen .import-heading { text-style: bold; padding: 0 1; }
    ImportPreviewScreen #import-status { padding: 0 1; color: $text-muted; }
    ImportPreviewScreen DataTable { height: auto; max-height: 14; margin: 0 1 1 1; }
    ImportPreviewScreen #import-notes { padding: 0 1; height: auto; }
    """
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "close", "Close"),
        Binding("i", "import", "Import"),
        Binding("r", "reread", "Re-read"),
        Binding("right_square_bracket", "step_field(1)", "Next field"),
        Binding("left_square_bracket", "step_field(-1)", "Previous field"),
        Binding("space", "toggle_officer", "Same person?", show=False),
    ]

    def __init__(self, path: Path | str, store: PlanStore, rows: int = 8) -> None:
        super().__init__()
        self.path, self.store, self.row_limit = Path(path), store, rows
        self.overrides: dict[str, str] = {}
        self.reading = None
        self.choices: list = []
        self.columns: list[tuple[int, object]] = []  # (layout index, Column) per table row
        self.reports = None
        self.busy = False

    def compose(self) -> ComposeResult:
        yield Static(Text(f"Import {self.path.name}", style="bold"), classes="import-heading")
        yield Static(Text("Reading…"), id="import-status")
        with VerticalScroll():
            yield Static(
                Text("How each column was read  (Enter: choose its field · [ ]: step)"), classes="import-heading"
            )
            yield DataTable(id="import-columns", cursor_type="row", zebra_stripes=True)
            yield Static(Text("First actions as they would be stored"), classes="import-heading")
            yield DataTable(id="import-rows", cursor_type="row")
            yield Static(
                Text("Officers who may already be known  (Enter/Space: same person or not)"), classes="import-heading"
            )
            yield DataTable(id="import-officers", cursor_type="row")
            yield Static(Text(""), id="import-notes")
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#import-columns", DataTable).add_columns("Table", "#", "Header", "Field", "How")
        self.query_one("#import-rows", DataTable).add_columns(
            "Obj", "Ref", "RAG", "Action", "Leads", "Timescale", "Status", "Progress"
        )
        self.query_one("#import-officers", DataTable).add_columns("In this file", "Known officer", "Choice")
        self.read()

    # ---- reading ---------------------------------------------------------------------------
    def read(self) -> None:
        self.busy = True
        self._status("Reading…")
        overrides = dict(self.overrides)
        self.run_worker(
            lambda: self._read_in_thread(overrides),
            name="import-read",
            group="import-read",
            thread=True,
            exclusive=True,
            exit_on_error=False,
        )

    def _read_in_thread(self, overrides: dict[str, str]):
        from storage.importing import UnreadableDocument, read_document_layout

        try:
            reading = read_document_layout(self.path, overrides or None)
        except UnreadableDocument as error:
            return error, []
        return reading, self.store.likely_officers(reading.plan)

    def _show_reading(self, reading, choices) -> None:
        from storage.importing.preview import action_summary, describe_column, first_actions

        self.reading = reading
        previous = {c.written: c.same for c in self.choices}
        for choice in choices:
            choice.same = previous.get(choice.written, False)
        self.choices = choices
        plan = reading.plan
        self._status(
            f"Read as {reading.kind}: {one_line(plan.title)!r}, {len(plan.objectives)} objectives, "
            f"{len(plan.actions)} actions, {len(plan.notes)} notes. Press i to import."
        )
        columns = self.query_one("#import-columns", DataTable)
        keep = columns.cursor_row
        columns.clear()
        self.columns = []
        for number, layout in enumerate(reading.layouts):
            for column in layout.columns:
                self.columns.append((number, column))
                columns.add_row(
                    Text(layout.table),
                    str(column.index + 1),
                    Text(one_line(column.label, 40)),
                    Text(column.field, style="bold" if column.field != "ignore" else "dim"),
                    Text(describe_column(column), style="italic" if column.how == "guessed" else ""),
                )
        if not reading.layouts:
            columns.add_row(Text("–"), "", Text("the seed plan's own layout"), Text(""), Text(""))
        if self.columns:
            columns.move_cursor(row=min(keep, len(self.columns) - 1))
        rows = self.query_one("#import-rows", DataTable)
        rows.clear()
        for objective_ref, action in first_actions(plan, self.row_limit):
            s = action_summary(action)
            rows.add_row(
                Text(objective_ref),
                Text(s["ref"]),
                Text(s["rag"]),
                Text(one_line(s["text"], 50)),
                Text(one_line(s["leads"], 30)),
                Text(one_line(s["timescale"], 30)),
                Text(s["status"]),
                Text(one_line(s["progress"], 40)),
            )
        self._show_officers()
        self._show_notes([str(n) for n in plan.notes])
        if not self.query_one("#import-officers", DataTable).has_focus:
            columns.focus()

    def _show_officers(self) -> None:
        table = self.query_one("#import-officers", DataTable)
        keep = table.cursor_row
        table.clear()
        for choice in self.choices:
            where = "" if choice.in_database else " (earlier in this file)"
            table.add_row(
                Text(choice.written),
                Text(choice.known + where),
                Text("same person" if choice.same else "keep separate", style="bold" if choice.same else "dim"),
            )
        if self.choices:
            table.move_cursor(row=min(keep, len(self.choices) - 1))

    def _show_notes(self, notes: list[str], heading: str = "Notes (skipped or guessed)") -> None:
        text = Text(f"{heading}:\n" if notes else "", style="bold")
        text.append("\n".join(f"• {one_line(n)}" for n in notes[:200]))
        if len(notes) > 200:
            text.append(f"\n… and {len(notes) - 200} more")
        self.query_one("#import-notes", Static).update(text)

    def _status(self, message: str, error: bool = False) -> None:
        self.query_one("#import-status", Static).update(Text(message, style="bold red" if error else ""))

    # ---- correcting ------------------------------------------------------------------------
    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        event.stop()
        if event.data_table.id == "import-columns" and self.columns and not self.busy:
            _, column = self.columns[event.cursor_row]
            self.app.push_screen(
                FieldDialog(column.label, column.field), lambda chosen, c=column: self._set_field(c, chosen)
            )
        elif event.data_table.id == "import-officers":
            self.action_toggle_officer()

    def action_step_field(self, step: int) -> None:
        table = self.query_one("#import-columns", DataTable)
        if self.busy or not self.columns or not table.has_focus:
            return
        _, column = self.columns[table.cursor_row]
        self._set_field(column, FIELDS[(FIELDS.index(column.field) + step) % len(FIELDS)])

    def _set_field(self, column, chosen: str | None) -> None:
        if not chosen or chosen == column.field:
            return
        key = normal_header(column.header) if normal_header(column.header) else f"#{column.index + 1}"
        self.overrides[key] = chosen
        self.read()

    def action_toggle_officer(self) -> None:
        table = self.query_one("#import-officers", DataTable)
        if self.choices and table.has_focus:
            choice = self.choices[table.cursor_row]
            choice.same = not choice.same
            self._show_officers()

    def action_reread(self) -> None:
        if not self.busy:
            self.read()

    # ---- importing -------------------------------------------------------------------------
    def action_import(self) -> None:
        if self.busy or self.reading is None or self.reports is not None:
            return
        self.busy = True
        self._status("Importing…")
        reading, choices = self.reading, list(self.choices)
        self.run_worker(
            lambda: self._import_in_thread(reading, choices),
            name="import-load",
            group="import-load",
            thread=True,
            exclusive=True,
            exit_on_error=False,
        )

    def _import_in_thread(self, reading, choices):
        from storage.importing.officer_choices import use_known_names

        use_known_names(reading.plan, choices)
        return self.store.load(reading.plan)

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        worker = event.worker
        if worker.name not in ("import-read", "import-load") or event.state not in (
            WorkerState.SUCCESS,
            WorkerState.ERROR,
        ):
            return
        event.stop()
        self.busy = False
        if event.state == WorkerState.ERROR:
            from storage.importing import UnreadableDocument

            error = worker.error
            text = str(error) if isinstance(error, UnreadableDocument) else f"{type(error).__name__}: {error}"
            verb = "Nothing was imported" if worker.name == "import-load" else "Cannot read the file"
            self._status(f"{verb}: {one_line(text)}", error=True)
            return
        if worker.name == "import-read":
            reading, choices = worker.result
            if isinstance(reading, Exception):
                self._status(f"Cannot read the file: {one_line(str(reading))}", error=True)
                return
            self._show_reading(reading, choices)
            return
        self.reports = worker.result
        report = self.reports[0]
        self._status(f"{report.summary()}. Press Escape to close.")
        self._show_notes([str(n) for n in report.notes], "Import report (skipped or guessed)")

    def action_close(self) -> None:
        if self.busy and self.reports is None and self.reading is not None:
            return  # an import is running: it finishes (all or nothing) before the screen closes
        self.dismiss(self.reports)
