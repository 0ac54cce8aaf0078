"""The import screen: the document's table as read, the officer's corrections, the plan as it
would be stored (changing as they correct it), likely officer matches, then the import (all or
nothing).

Self-contained: ``ImportPreviewScreen(path, store)`` needs a file and a ``PlanStore`` (what it
asks of the database: officers a name may mean, the corrections remembered for a document, and
loading the plan through the write path, one undo step). The file is read once (a worker); each correction reads the plan again from the same grid (a worker, the
latest correction wins). Corrections are a ``storage.importing.mapping.Mapping``: a column's
field, a row's role (section, objective, continuation, each line an action, ignore), the header
row. A mapping used for an import is remembered, so next quarter's version of the plan opens
already corrected and imports with one key. The screen dismisses with the ``ImportReport`` list
after an import, or None when closed without one.

Keys on the table: f/Enter a column's field ([ ] step it) · r a row's role (a s o c e x u
directly) · h this row is the header · t/T next/previous table. Anywhere: i import ·
ctrl+r read afresh (without remembered corrections) · Escape close. On the officers: Enter/Space
same person or keep separate.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, ClassVar, Protocol

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.screen import Screen
from textual.widgets import DataTable, Static
from textual.worker import Worker, WorkerState

from models.text import one_line
from storage.importing.columns import FIELDS, Column
from storage.importing.mapping import Mapping, row_fingerprint
from tui.screens.import_dialogs import FieldDialog, RowDialog
from tui.screens.import_table import (
    LEAD_COLUMNS,
    MAX_SHOWN_ROWS,
    DocumentTable,
    cell_text,
    column_label,
    role_text,
)
from tui.widgets.key_footer import KeyFooter

if TYPE_CHECKING:
    from storage.importing import Reading
    from storage.importing.document import ImportedPlan
    from storage.importing.loader import ImportReport
    from storage.importing.officer_choices import OfficerChoice

__all__ = ["FieldDialog", "ImportPreviewScreen", "PlanStore", "RowDialog"]


class PlanStore(Protocol):
    """What the import screen asks of the database (called in its worker threads)."""

    def likely_officers(self, plan: ImportedPlan) -> list[OfficerChoice]:
        """Names in ``plan`` that may be known officers written another way."""
        ...

    def recall(self, reading: Reading) -> Mapping | None:
        """The corrections remembered for this document (read afresh), if any."""
        ...

    def load(
        self, plan: ImportedPlan, reading: Reading | None = None, mapping: Mapping | None = None
    ) -> list[ImportReport]:
        """Write ``plan`` (all or nothing, one undo step) and report what was done; with a
        ``mapping``, remember it for ``reading``'s document."""
        ...


class ImportPreviewScreen(Screen):
    DEFAULT_CSS = """
    ImportPreviewScreen { layout: vertical; }
    ImportPreviewScreen .import-heading { text-style: bold; padding: 0 1; }
    ImportPreviewScreen #import-status { padding: 0 1; color: $text-muted; }
    ImportPreviewScreen #import-table { height: 1fr; min-height: 6; margin: 0 1; }
    ImportPreviewScreen #import-info { padding: 0 1; height: auto; max-height: 3; }
    ImportPreviewScreen #import-below { height: 1fr; min-height: 6; }
    ImportPreviewScreen #import-below DataTable { height: auto; max-height: 12; margin: 0 1 1 1; }
    ImportPreviewScreen #import-notes { padding: 0 1; height: auto; }
    """
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "close", "Close"),
        Binding("i", "import", "Import"),
        Binding("ctrl+r", "afresh", "Read afresh"),
        Binding("space", "toggle_officer", "Same person?", show=False),
    ]

    def __init__(self, path: Path | str, store: PlanStore, rows: int = 8) -> None:
        super().__init__()
        self.path, self.store, self.row_limit = Path(path), store, rows
        self.grid = None  # the file read once
        self.mapping = Mapping()
        self.remembered = False  # the mapping came from an earlier import
        self.reading = None
        self.shown: int | None = None  # which of the reading's tables is on screen
        self.choices: list = []
        self.reports = None
        self.busy = False

    def compose(self) -> ComposeResult:
        yield Static(Text(f"Import {self.path.name}", style="bold"), id="import-heading", classes="import-heading")
        yield Static(Text("Reading…"), id="import-status")
        yield DocumentTable(id="import-table", cursor_type="cell", header_height=2, zebra_stripes=True)
        yield Static(Text(""), id="import-info")
        with VerticalScroll(id="import-below"):
            yield Static(Text("The plan as it would be stored (first actions)"), classes="import-heading")
            yield DataTable(id="import-rows", cursor_type="row")
            yield Static(
                Text("Officers who may already be known  (Enter/Space: same person or not)"), classes="import-heading"
            )
            yield DataTable(id="import-officers", cursor_type="row")
            yield Static(Text(""), id="import-notes")
        yield KeyFooter()

    def on_mount(self) -> None:
        self.query_one("#import-rows", DataTable).add_columns(
            "Obj", "Ref", "RAG", "Action", "Leads", "Timescale", "Status", "Progress"
        )
        self.query_one("#import-officers", DataTable).add_columns("In this file", "Known officer", "Choice")
        self._start("import-open", self._open_in_thread)

    # ---- reading (workers) -----------------------------------------------------------------------
    def _start(self, name: str, work) -> None:
        self.busy = True
        self.run_worker(work, name=name, group="import-read", thread=True, exclusive=True, exit_on_error=False)

    def _open_in_thread(self):
        """Read the file's grid once; read it afresh, then with any corrections remembered for it."""
        from storage.importing import UnreadableDocument, read_document_layout, read_grid

        try:
            self.grid = read_grid(self.path)
            reading = read_document_layout(self.path, allow_problems=True, grid=self.grid)
        except UnreadableDocument as error:
            return error
        remembered = self.store.recall(reading)
        if remembered:
            try:
                return self._read(remembered), remembered
            except UnreadableDocument:
                pass  # the remembered corrections do not fit this file: read as it is
        return self._with_officers(reading), None

    def _read(self, mapping: Mapping):
        from storage.importing import read_document_layout

        reading = read_document_layout(self.path, mapping=mapping, allow_problems=True, grid=self.grid)
        return self._with_officers(reading)

    def _with_officers(self, reading):
        return reading, self.store.likely_officers(reading.plan)

    def _reread(self) -> None:
        mapping = self.mapping.copy()
        self._status("Reading again with your corrections…")
        self._start("import-read", lambda: self._read_or_error(mapping))

    def _read_or_error(self, mapping: Mapping):
        from storage.importing import UnreadableDocument

        try:
            return self._read(mapping), None
        except UnreadableDocument as error:
            return error

    # ---- showing ---------------------------------------------------------------------------------
    def _show_reading(self, reading, choices) -> None:
        self.reading = reading
        previous = {c.written: c.same for c in self.choices}
        for choice in choices:
            choice.same = previous.get(choice.written, False)
        self.choices = choices
        if self.shown is None or self.shown >= len(reading.views):
            self.shown = next((i for i, v in enumerate(reading.views) if v.model.kind == "plan"), 0)
        self._show_status()
        self._show_table()
        self._show_plan()
        self._show_officers()
        self._show_notes([str(n) for n in reading.plan.notes])

    def _show_status(self) -> None:
        reading, plan = self.reading, self.reading.plan
        text = (
            f"Read as {reading.kind}: {one_line(plan.title)!r}, {len(plan.objectives)} objectives, "
            f"{len(plan.actions)} actions."
        )
        if self.remembered:
            text += " Read with the corrections you made last time (ctrl+r: read afresh)."
        if reading.problem:
            self._status(f"{text} Not importable as read: {one_line(reading.problem)}", error=True)
        else:
            self._status(f"{text} Press i to import.")

    def _show_table(self) -> None:
        table = self.query_one("#import-table", DocumentTable)
        keep = table.cursor_coordinate
        table.clear(columns=True)
        heading = self.query_one("#import-heading", Static)
        views = self.reading.views
        if not views:
            heading.update(Text(f"Import {self.path.name}: no tables found", style="bold"))
            return
        view = views[self.shown]
        model = view.model
        layout = model.layout
        where = f" (header: {layout.header_where})" if layout is not None and model.header else ""
        heading.update(
            Text(
                f"Import {self.path.name} · table {self.shown + 1} of {len(views)}: {model.table.name}{where}"
                + (" · t: next table" if len(views) > 1 else ""),
                style="bold",
            )
        )
        table.add_column(Text("Row\n"), key="row")
        table.add_column(Text("Read as\n"), key="role")
        columns = {c.index: c for c in layout.columns} if layout is not None else {}
        for index in range(model.table.width):
            column = columns.get(index)
            if column is None:
                table.add_column(Text(f"{index + 1}.\n→ –", style="dim"), key=f"c{index}")
            else:
                table.add_column(column_label(index + 1, column.header, column.field, column.how == "mapped"))
        marks = self.mapping.row_roles([v.model.table for v in views])
        for number, (row, seen) in enumerate(zip(model.table.rows, view.rows, strict=False)):
            if number == MAX_SHOWN_ROWS:
                break
            cells = [cell_text(c) for c in row.cells] + [Text("")] * (model.table.width - len(row.cells))
            marked = (self.shown, number) in marks or (
                model.header and number in model.header and self.mapping.header_row
            )
            table.add_row(Text(str(number + 1)), role_text(seen.role, bool(marked)), *cells)
        if table.row_count:
            table.cursor_coordinate = table.validate_cursor_coordinate(keep)
        self._show_info()

    def _show_plan(self) -> None:
        from storage.importing.preview import action_summary, first_actions

        rows = self.query_one("#import-rows", DataTable)
        rows.clear()
        for objective_ref, action in first_actions(self.reading.plan, self.row_limit):
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

    def _show_info(self) -> None:
        """What the cell under the cursor is: its column's field and why, its row's role and why,
        and its whole text."""
        info = self.query_one("#import-info", Static)
        found = self._under_cursor()
        if found is None:
            info.update(Text(""))
            return
        view, number, column, cell = found
        seen = view.rows[number]
        text = Text(f"Row {number + 1}: {role_text(seen.role, False).plain}")
        if seen.detail:
            text.append(f" ({one_line(seen.detail, 60)})")
        if column is not None:
            from storage.importing.preview import describe_column

            text.append(f" · column {column.index + 1} {column.label!r} → {column.field} ({describe_column(column)})")
        if cell is not None and cell.value:
            text.append(f"\n{one_line(cell.value, 300)}", style="italic")
        info.update(text)

    def _under_cursor(self):
        """(view, row number, column or None, cell or None) under the table's cursor."""
        if self.reading is None or not self.reading.views:
            return None
        table = self.query_one("#import-table", DocumentTable)
        view = self.reading.views[self.shown]
        row, col = table.cursor_coordinate
        if not table.row_count or row >= len(view.rows):
            return None
        index = col - LEAD_COLUMNS
        layout = view.model.layout
        column = next((c for c in layout.columns if c.index == index), None) if layout and index >= 0 else None
        cells = view.model.table.rows[row].cells
        cell = cells[index] if 0 <= index < len(cells) else None
        return view, row, column, cell

    def on_data_table_cell_highlighted(self, event: DataTable.CellHighlighted) -> None:
        if event.data_table.id == "import-table":
            self._show_info()

    # ---- correcting ------------------------------------------------------------------------------
    def _ready(self) -> bool:
        return not self.busy and self.reading is not None and self.reports is None

    def on_data_table_cell_selected(self, event: DataTable.CellSelected) -> None:
        if event.data_table.id != "import-table":
            return
        event.stop()
        if event.coordinate.column < LEAD_COLUMNS:
            self.on_document_table_row_marked(DocumentTable.RowMarked(None))
        else:
            self.on_document_table_field_asked(DocumentTable.FieldAsked(0))

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        if event.data_table.id == "import-officers":
            event.stop()
            self.action_toggle_officer()

    def on_document_table_field_asked(self, message: DocumentTable.FieldAsked) -> None:
        found = self._under_cursor() if self._ready() else None
        if found is None:
            return
        _, _, column, _ = found
        if column is None:
            index = self.query_one("#import-table", DocumentTable).cursor_coordinate.column - LEAD_COLUMNS
            if index < 0:
                self._status("Move to one of the document's columns (→ and ←) to say what it feeds.")
                return
            column = Column(index, "", "ignore", "not recognised")  # a table read with no header
        if message.step:
            self._set_field(column, FIELDS[(FIELDS.index(column.field) + message.step) % len(FIELDS)])
        else:
            self.app.push_screen(
                FieldDialog(column.label, column.field), lambda chosen, c=column: self._set_field(c, chosen)
            )

    def _set_field(self, column, chosen: str | None) -> None:
        if not chosen or chosen == column.field:
            return
        self.mapping.set_column(column.index, column.header, chosen)
        self._reread()

    def on_document_table_row_marked(self, message: DocumentTable.RowMarked) -> None:
        found = self._under_cursor() if self._ready() else None
        if found is None:
            return
        _, number, _, _ = found
        if message.role is None:
            current = self.mapping.rows.get(f"{self.shown + 1}:{number + 1}", "")
            self.app.push_screen(RowDialog(f"Row {number + 1}", current), lambda role, n=number: self._mark(n, role))
        else:
            self._mark(number, message.role)

    def _mark(self, number: int, role: str | None) -> None:
        if role is None:
            return
        view = self.reading.views[self.shown]
        if role and view.model.kind != "plan":
            self._status(
                "This table was not read as a plan: choose its header row (h) or say what its columns feed (f) first."
            )
            return
        if role and number < view.model.data_start:
            self._status(f"Row {number + 1} is at or above the header row: choose another header row (h) first.")
            return
        row = view.model.table.rows[number]
        self.mapping.set_row(self.shown, number, role or None, row_fingerprint(row))
        self._reread()

    def on_document_table_header_chosen(self, _message: DocumentTable.HeaderChosen) -> None:
        found = self._under_cursor() if self._ready() else None
        if found is None:
            return
        _, number, _, _ = found
        self.mapping.header_row = number + 1
        self.mapping.rows.clear()  # rows are counted from the table's top: marks made before no longer fit
        self.mapping.row_texts.clear()
        self._reread()

    def on_document_table_table_stepped(self, message: DocumentTable.TableStepped) -> None:
        if self.reading is None or len(self.reading.views) < 2:
            return
        self.shown = (self.shown + message.step) % len(self.reading.views)
        self._show_table()

    def action_toggle_officer(self) -> None:
        table = self.query_one("#import-officers", DataTable)
        if self.choices and table.has_focus:
            choice = self.choices[table.cursor_row]
            choice.same = not choice.same
            self._show_officers()

    def action_afresh(self) -> None:
        if self._ready():
            self.mapping, self.remembered = Mapping(), False
            self._reread()

    # ---- importing -------------------------------------------------------------------------------
    def action_import(self) -> None:
        if not self._ready():
            return
        if self.reading.problem:
            self._status(f"Not imported: {one_line(self.reading.problem)}", error=True)
            return
        self.busy = True
        self._status("Importing…")
        reading, choices, mapping = self.reading, list(self.choices), self.mapping.copy()
        self.run_worker(
            lambda: self._import_in_thread(reading, choices, mapping),
            name="import-load",
            group="import-load",
            thread=True,
            exclusive=True,
            exit_on_error=False,
        )

    def _import_in_thread(self, reading, choices, mapping: Mapping):
        from storage.importing.officer_choices import use_known_names

        use_known_names(reading.plan, choices)
        return self.store.load(reading.plan, reading, mapping if mapping else None)

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        worker = event.worker
        if worker.name not in ("import-open", "import-read", "import-load") or event.state not in (
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
        if worker.name == "import-load":
            self.reports = worker.result
            report = self.reports[0]
            remembered = " Your corrections are remembered for this plan." if self.mapping else ""
            self._status(f"{report.summary()}.{remembered} Press Escape to close.")
            self._show_notes([str(n) for n in report.notes], "Import report (skipped or guessed)")
            return
        result = worker.result
        if isinstance(result, Exception):
            self._status(f"Cannot read the file: {one_line(str(result))}", error=True)
            return
        (reading, choices), remembered = result
        if worker.name == "import-open" and remembered is not None:
            self.mapping, self.remembered = remembered, True
        self._show_reading(reading, choices)
        table = self.query_one("#import-table", DocumentTable)
        if not self.query_one("#import-officers", DataTable).has_focus:
            table.focus()

    def action_close(self) -> None:
        if self.busy and self.reports is None and self.reading is not None:
            return  # an import is running: it finishes (all or nothing) before the screen closes
        self.dismiss(self.reports)
