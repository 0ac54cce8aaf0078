"""Importing plans: one pipeline for every format.

1. A format reader turns the file into a ``grid.Grid`` (tables of cells with their text, line
   breaks, list items, spans and fills, and the text around them): Word, Excel, CSV, text pasted
   from a PDF or Word, Markdown, web pages, PDF.
2. ``model`` finds each table's header and what each column feeds (``columns``: from the header
   and from the values under it).
3. ``build`` reads each row's role and values into an ``ImportedPlan``; ``plan_text`` names it.
The officer's corrections (``mapping.Mapping``) apply at steps 2 and 3. ``loader`` writes a plan.

``read_document(path)`` is the plain reading; ``read_document_layout`` also says how the columns
and rows were read (for previews and the mapping screen) and takes a mapping.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from storage.importing.document import ImportedPlan, ImportNote

if TYPE_CHECKING:
    from storage.importing.build import TableView
    from storage.importing.columns import Layout
    from storage.importing.grid import Grid
    from storage.importing.mapping import Mapping

#: Largest file the importer will read: a real action plan is far smaller; anything bigger is
#: refused at once rather than read into memory.
MAX_IMPORT_BYTES = 50 * 1024 * 1024


class UnreadableDocument(Exception):
    """A file the importer cannot read; the message is one line for the user."""


@dataclass
class Reading:
    """What the pipeline made of a file: the plan, how its tables were read, and any problem
    that stops it being imported as it stands (say so; the mapping step can fix it)."""

    plan: ImportedPlan
    kind: str  # "Word document", "Excel workbook", "CSV (',' between cells)"...
    layouts: list[Layout] = field(default_factory=list)
    views: list[TableView] = field(default_factory=list)
    grid: Grid | None = None
    problem: str | None = None


def _reader(module: str, function: str) -> Callable[[Path], Grid]:
    """A format reader, imported on first use (python-docx, openpyxl and pdfplumber are slow to
    import and not needed by the app's light read path)."""

    def read(path: Path) -> Grid:
        from importlib import import_module

        return getattr(import_module(f"storage.importing.{module}"), function)(path)

    return read


#: file suffix -> reader of its grid.
GRID_READERS: dict[str, Callable[[Path], Grid]] = {
    ".docx": _reader("docx_grid", "read_docx"),
    ".doc": _reader("docx_grid", "read_docx"),  # refused with "save it as .docx"
    ".xlsx": _reader("xlsx_grid", "read_xlsx"),
    ".xlsm": _reader("xlsx_grid", "read_xlsx"),
    ".xls": _reader("xlsx_grid", "read_xlsx"),  # refused with "save it as .xlsx"
    ".csv": _reader("text_grid", "read_csv"),
    ".txt": _reader("text_grid", "read_text"),
    ".text": _reader("text_grid", "read_text"),
    ".md": _reader("text_grid", "read_text"),
    ".markdown": _reader("text_grid", "read_text"),
    ".tsv": _reader("text_grid", "read_text"),
    ".tab": _reader("text_grid", "read_text"),
    ".html": _reader("html_grid", "read_html"),
    ".htm": _reader("html_grid", "read_html"),
    ".pdf": _reader("pdf_grid", "read_pdf"),
}


def _plan_only(suffix: str) -> Callable[[Path], ImportedPlan]:
    return lambda path: read_document(path)


#: file suffix -> plan reader: every format the importer reads.
READERS: dict[str, Callable[[Path], ImportedPlan]] = {suffix: _plan_only(suffix) for suffix in GRID_READERS}


def read_document(path: Path) -> ImportedPlan:
    """Read one file into a plan, or raise UnreadableDocument saying why in one line."""
    return read_document_layout(path).plan


def read_grid(path: Path) -> Grid:
    """The file's grid (stage 1), or UnreadableDocument saying why in one line."""
    from storage.importing.errors import UnreadableFile

    path = Path(path)
    if path.is_dir():
        raise UnreadableDocument(f"{path} is a folder, not a file")
    if not path.exists():
        raise UnreadableDocument(f"{path}: no such file")
    if not path.is_file():  # a device, a FIFO (or a link to one): reading could block or never end
        raise UnreadableDocument(f"{path} is not a regular file (a device or a pipe?)")
    if path.stat().st_size >= MAX_IMPORT_BYTES:
        raise UnreadableDocument(
            f"{path} is {path.stat().st_size // 2**20} MB: larger than an action plan "
            f"can be (the limit is under {MAX_IMPORT_BYTES // 2**20} MB)"
        )
    reader = GRID_READERS.get(path.suffix.lower())
    if reader is None:
        known = ", ".join(sorted(GRID_READERS))
        raise UnreadableDocument(f"{path}: cannot import {path.suffix or 'files without a suffix'} (known: {known})")
    try:
        return reader(path)
    except UnreadableDocument:
        raise
    except UnreadableFile as error:
        raise UnreadableDocument(str(error)) from error
    except OSError as error:
        raise UnreadableDocument(f"cannot read {path}: {error.strerror or error}") from error
    except (ValueError, KeyError, IndexError, TypeError, RecursionError, MemoryError, AttributeError) as error:
        raise UnreadableDocument(f"{path.name} cannot be read ({type(error).__name__}: {str(error)[:120]})") from error


def read_document_layout(
    path: Path,
    overrides: dict[str, str] | None = None,
    mapping: Mapping | None = None,
    allow_problems: bool = False,
    grid: Grid | None = None,
) -> Reading:
    """Read one file into a plan plus how its tables were read (``Reading``), or raise
    UnreadableDocument saying why in one line. ``overrides`` maps headers to fields (``--map``);
    ``mapping`` is the officer's full set of corrections. With ``allow_problems`` a reading
    that cannot be imported as it stands is returned with its ``problem`` (for the mapping
    screen) instead of raising. ``grid`` is the file's grid when already read (the mapping
    screen reads the file once and the plan again at each correction)."""
    from storage.importing.mapping import Mapping

    mapping = mapping.copy() if mapping else Mapping()
    if overrides:
        mapping.columns.update(overrides)
    path = Path(path)
    grid = grid or read_grid(path)
    try:
        reading = read_plan(grid, path, mapping)
    except (ValueError, KeyError, IndexError, TypeError, RecursionError, AttributeError) as error:
        raise UnreadableDocument(f"{path.name} cannot be read ({type(error).__name__}: {str(error)[:120]})") from error
    if reading.problem and not allow_problems:
        raise UnreadableDocument(reading.problem)
    return reading


def read_plan(grid: Grid, path: Path, mapping: Mapping) -> Reading:
    """Stages 2 and 3: the grid's tables modelled, their rows read into a plan, checked."""
    from storage.importing.build import Builder
    from storage.importing.model import model_table, split_stacked
    from storage.importing.plan_text import find_organisation, find_overseeing_body, title_and_lines

    plan = ImportedPlan(title=grid.source_key, source_key=grid.source_key)
    tables = [part for table in grid.tables for part in split_stacked(table)]
    builder = Builder(grid, plan, mapping.row_roles(tables))
    builder.scan_document()
    opening = grid.tables[0].before if grid.tables else grid.lines
    title, used = title_and_lines(opening, "", grid.title)
    builder.title_lines = {id(line) for line in used}
    models = []
    header_row = mapping.header_row - 1 if mapping.header_row else None
    for table in tables:
        models.append(model_table(table, models, mapping.columns, header_row))
    builder.decide_refs(models)
    for index, model in enumerate(models):
        builder.table(model, index)
    builder.finish()
    plan_tables = [m for m in models if m.kind == "plan"]
    if not builder.plan_names:
        above = [_line(row) for m in plan_tables[:1] for row in m.above if _line(row) is not None]
        # a cover sheet (tables before the plan's that hold no actions): its lines name the plan
        first = next((i for i, m in enumerate(models) if m.kind == "plan"), 0)
        cover = [_line(row) for m in models[:first] for row in m.table.rows if _line(row) is not None]
        plan.title = (
            title or title_and_lines(above, "", None)[0] or title_and_lines(cover, "", None)[0] or grid.source_key
        )
    text = "\n".join(
        [line.text for line in grid.lines]
        + [c.value for m in plan_tables for r in m.table.rows[:400] for c in r.cells if c.value and not c.continued]
    )
    messages: list[str] = []
    plan.organisation = find_organisation(text, messages)
    plan.overseeing_body = find_overseeing_body(text, messages)
    plan.notes += [ImportNote(None, m) for m in messages if "not found" not in m]
    plan.notes = [ImportNote(None, n) for n in grid.notes] + plan.notes
    layouts = [m.layout for m in models if m.kind == "plan" and m.layout is not None and m.reused is None]
    reading = Reading(plan, grid.kind, layouts, builder.views, grid)
    reading.problem = _problem(reading, builder, path)
    return reading


def _line(row):
    from storage.importing.grid import Line

    filled = [c.value for c in row.cells if c.value and not c.spans_left]
    return Line(filled[0], row.where, row.line) if len(filled) == 1 else None


def _problem(reading: Reading, builder, path: Path) -> str | None:
    """Why this reading must not be imported as it stands, or None. An import that would store
    nothing, or far fewer actions than the table has rows, says so rather than store it."""
    actions = len(reading.plan.actions)
    if not reading.layouts and not any(v.model.kind == "plan" for v in reading.views):
        tables = len(reading.grid.tables) if reading.grid else 0
        if not tables:
            return f"{path.name}: no tables found (an action plan is read from its table of actions)"
        found = f"{tables} table{'s' if tables != 1 else ''}"
        return (
            f"{path.name}: {found} but no table header found (columns such as Ref, Action, Lead, Timescale, "
            "Progress, RAG); name the columns in the mapping (--map, --header-row)"
        )
    if actions == 0:
        return (
            f"{path.name}: the table has a header but no actions were read from its rows "
            f"({builder.data_rows} rows): nothing imported; check the header row and columns in the mapping"
        )
    if builder.data_rows >= 20 and actions < builder.data_rows / 10:
        return (
            f"{path.name}: only {actions} actions read from {builder.data_rows} rows ({builder.joined} joined to the "
            f"row above, {builder.skipped} skipped): nothing imported; check the header row and columns in the mapping"
        )
    return None


__all__ = [
    "GRID_READERS",
    "READERS",
    "Reading",
    "UnreadableDocument",
    "read_document",
    "read_document_layout",
    "read_grid",
]
