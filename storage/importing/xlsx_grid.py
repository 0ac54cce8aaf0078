"""Excel workbooks (.xlsx, .xlsm) as a grid: each visible sheet is a table; fills carry ratings.

Opened read-only (cells stream from the sheet XML) with cached formula values. Read-only sheets
do not expose merged ranges, so the ``<mergeCell ref=...>`` entries are read from the sheet's XML
directly; each merged range takes its top-left value and fill, its other cells marked as repeats
(``spans_left``) or continuations (``continued``). Real dates become day-first text
("31/03/2027"); whole numbers lose their ".0". Fills are solid pattern fills in RGB, theme (with
tint) or indexed colours, worked out once per cell style. No sheet is too long to read: reading
stops only after a long run of empty rows (a stray formatted cell far below the plan).
"""

from __future__ import annotations

import re
import zipfile
from datetime import date, datetime, time
from pathlib import Path

from storage.importing.colours import excel_indexed_colour, excel_theme_colour, normal_hex, theme_palette
from storage.importing.errors import UnreadableFile
from storage.importing.grid import Cell, Grid, Row, Table
from storage.importing.safety import check_office_zip

MAX_COLUMNS = 100
EMPTY_RUN = 1000  # empty rows in a row after which the rest of a sheet is not read
_MERGE_CELL = re.compile(rb"<(?:[A-Za-z_][\w.-]*:)?mergeCell\b[^>]*?\bref=[\"']([^\"']*)[\"']")
_REF = re.compile(r"^([A-Z]{1,3})(\d+)$")
# ragtrack's own export titles its workbook "<plan> – ONGOING ACTIONS – SUMMARY VERSION as at <date>"
_EXPORT_TITLE = re.compile(r"\s+[–—-]\s+.*?\bas at\b.*$", re.IGNORECASE)


def read_xlsx(path: Path) -> Grid:
    check_office_zip(path, "an Excel workbook", "xl/workbook.xml")
    import openpyxl

    try:
        workbook = openpyxl.load_workbook(str(path), read_only=True, data_only=True)
    except Exception as error:  # openpyxl raises many kinds for a damaged package
        raise UnreadableFile(
            f"{path.name} is not a readable Excel workbook ({type(error).__name__}: {str(error)[:120]})"
        ) from None
    grid = Grid("Excel workbook", path.stem)
    try:
        palette = theme_palette(getattr(workbook, "loaded_theme", None))
        hidden = []
        for sheet in workbook.worksheets:
            if getattr(sheet, "sheet_state", "visible") != "visible":
                hidden.append(sheet.title)
                continue
            grid.tables.append(_sheet_table(sheet, palette))
        title = _EXPORT_TITLE.sub("", (workbook.properties.title or "").strip()) if workbook.properties else ""
        grid.title = title or None
    except UnreadableFile:
        raise
    except Exception as error:
        raise UnreadableFile(
            f"{path.name}: a sheet cannot be read ({type(error).__name__}: {str(error)[:120]})"
        ) from None
    finally:
        workbook.close()
    if hidden:
        grid.notes.append(f"hidden sheets not read: {', '.join(hidden)}")
    return grid


def _sheet_table(sheet, palette: dict[str, str]) -> Table:
    """The sheet as a table. Reading stops after a long run of empty rows."""
    sheet.reset_dimensions()  # trust the cells, not a declared A1:XFD1048576
    styles = sheet.parent._cell_styles
    fills = sheet.parent._fills
    fill_of: dict[int, str | None] = {0: None}
    grid: list[list[Cell]] = []
    empty_run = 0
    for cells in sheet.iter_rows():
        row = []
        used = False
        for c in cells[:MAX_COLUMNS]:
            value = getattr(c, "value", None)
            style = getattr(c, "_style_id", 0)
            colour = fill_of.get(style, False)
            if colour is False:
                colour = fill_of[style] = _fill(fills[styles[style].fillId], palette)
            if type(value) is str:
                text = value.strip() if "\r" not in value and "_x000D_" not in value else cell_text(value)
            else:
                text = cell_text(value)
            if text or colour:
                used = True
            row.append(Cell(text, colour))
        if used:
            empty_run = 0
        else:
            empty_run += 1
            if empty_run > EMPTY_RUN:
                break
        grid.append(row)
    while grid and not any(c.text or c.fill for c in grid[-1]):
        grid.pop()
    _apply_merges(grid, _merged_ranges(sheet))
    width = max((_last_used(r) for r in grid), default=0)
    name = f"sheet {sheet.title!r}"
    rows = []
    for n, r in enumerate(grid, start=1):
        if len(r) > width:
            del r[width:]
        elif len(r) < width:
            r.extend(Cell() for _ in range(width - len(r)))
        rows.append(Row(r, f"{name} row {n}"))
    return Table(name, rows)


def _last_used(row: list[Cell]) -> int:
    for index in range(len(row), 0, -1):
        if row[index - 1].text or row[index - 1].fill:
            return index
    return 0


def cell_text(value) -> str:
    """A cell's value as the text a reader would see; dates day-first."""
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.strftime("%d/%m/%Y")
    if isinstance(value, date):
        return value.strftime("%d/%m/%Y")
    if isinstance(value, time):
        return value.strftime("%H:%M")
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else f"{value:.10g}"
    return str(value).replace("\r\n", "\n").replace("_x000D_", "").strip()


def _fill(fill, palette: dict[str, str]) -> str | None:
    if fill is None or getattr(fill, "fill_type", None) in (None, "none"):
        return None
    colour = getattr(fill, "fgColor", None)
    if (
        fill.fill_type != "solid"
        and colour is not None
        and getattr(colour, "type", "") == "rgb"
        and normal_hex(colour.rgb) in (None, "000000")
    ):
        colour = getattr(fill, "bgColor", None)  # a pattern: use the background
    return excel_colour(colour, palette)


def excel_colour(colour, palette: dict[str, str]) -> str | None:
    """An openpyxl Color (rgb, theme with tint, or indexed) as RGB hex."""
    if colour is None:
        return None
    kind = getattr(colour, "type", None)
    if kind == "rgb":
        value = colour.rgb if isinstance(colour.rgb, str) else None
        return normal_hex(value)
    if kind == "theme":
        return excel_theme_colour(colour.theme, colour.tint or 0.0, palette)
    if kind == "indexed":
        return excel_indexed_colour(colour.indexed)
    return None


def _merged_ranges(sheet) -> list[tuple[int, int, int, int]]:
    """(first row, first column, last row, last column) of each merged range, 1-based."""
    ranges = getattr(sheet, "merged_cells", None)
    if ranges is not None:  # a normal (not read-only) sheet
        return [(r.min_row, r.min_col, r.max_row, r.max_col) for r in ranges.ranges]
    source = getattr(sheet, "_get_source", None)
    if source is None:
        return []
    found = []
    try:
        with source() as stream:
            data = stream.read()  # one pass of a regular expression: the ranges follow the rows
    except (zipfile.BadZipFile, KeyError, OSError):
        return found
    for match in _MERGE_CELL.finditer(data):
        bounds = _bounds(match.group(1).decode("ascii", "replace"))
        if bounds:
            found.append(bounds)
    return found


def _bounds(ref: str) -> tuple[int, int, int, int] | None:
    from openpyxl.utils import column_index_from_string

    corners = ref.split(":")
    if len(corners) != 2:
        return None
    parsed = [_REF.match(c) for c in corners]
    if not all(parsed):
        return None
    (c1, r1), (c2, r2) = ((m.group(1), int(m.group(2))) for m in parsed)
    return r1, column_index_from_string(c1), r2, column_index_from_string(c2)


def _apply_merges(grid: list[list[Cell]], ranges: list[tuple[int, int, int, int]]) -> None:
    for top, left, bottom, right in ranges:
        if top > len(grid) or left > MAX_COLUMNS:
            continue
        bottom, right = min(bottom, len(grid)), min(right, MAX_COLUMNS)
        for row in grid[top - 1 : bottom]:
            row += [Cell() for _ in range(right - len(row))]
        origin = grid[top - 1][left - 1]
        for r in range(top, bottom + 1):
            for c in range(left, right + 1):
                if (r, c) != (top, left):
                    grid[r - 1][c - 1] = Cell(origin.text, origin.fill, spans_left=c > left, continued=r > top)
