"""Excel workbooks (.xlsx, .xlsm) as a grid: each visible sheet is a table; fills carry ratings.

The workbook's parts other than its sheets (sheet names, shared strings, styles, theme) are read
by ``xlsx_book`` as openpyxl reads them, or, when one is of an unusual shape, by openpyxl itself
(read-only); each sheet's XML is then read by ``xlsx_sheet`` (regular expressions, one step a
cell) or, for a sheet of any other shape, streamed by ``_SheetReader`` (expat). Both read the
cells' values exactly as openpyxl's read-only sheets give them (cached formula values, dates by
number format) at a fraction of the cost, and the merged ranges (``<mergeCell ref=...>``).
Each merged range takes its top-left value and fill, its other cells marked as repeats
(``spans_left``) or continuations (``continued``). Real dates become day-first text
("31/03/2027"); whole numbers lose their ".0". Fills are solid pattern fills in RGB, theme (with
tint) or indexed colours, worked out once per cell style. No sheet is too long to read: reading
stops only after a long run of empty rows (a stray formatted cell far below the plan).
"""

from __future__ import annotations

import re
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime, time
from pathlib import Path
from typing import Any

from storage.importing.colours import excel_indexed_colour, excel_theme_colour, normal_hex, theme_palette
from storage.importing.errors import UnreadableFile
from storage.importing.grid import Cell, Grid, Row, Table
from storage.importing.safety import check_office_zip
from storage.importing.xlsx_book import read_book
from storage.importing.xlsx_sheet import NotPlain, parse_row_number, plain_rows, sheet_text

MAX_COLUMNS = 100
EMPTY_RUN = 1000  # empty rows in a row after which the rest of a sheet is not read
#: Largest sheet XML (unpacked) read whole as plain XML (``xlsx_sheet``); a larger one is streamed.
PLAIN_LIMIT = 64 * 2**20
_MERGE_CELL = re.compile(rb"<(?:[A-Za-z_][\w.-]*:)?mergeCell\b[^>]*?\bref=[\"']([^\"']*)[\"']")
_REF = re.compile(r"^([A-Z]{1,3})(\d+)$")
# ragtrack's own export titles its workbook "<plan> – ONGOING ACTIONS – SUMMARY VERSION as at <date>"
_EXPORT_TITLE = re.compile(r"\s+[–—-]\s+.*?\bas at\b.*$", re.IGNORECASE)


def read_xlsx(path: Path) -> Grid:
    check_office_zip(path, "an Excel workbook", "xl/workbook.xml")
    try:
        workbook = _open_workbook(path)
    except Exception as error:  # openpyxl raises many kinds for a damaged package
        raise UnreadableFile(
            f"{path.name} is not a readable Excel workbook ({type(error).__name__}: {str(error)[:120]})"
        ) from None
    grid = Grid("Excel workbook", path.stem)
    try:
        hidden = []
        for sheet in workbook.sheets:
            if sheet.state != "visible":
                hidden.append(sheet.title)
                continue
            grid.tables.append(_sheet_table(workbook, sheet))
        grid.title = _EXPORT_TITLE.sub("", (workbook.title or "").strip()) or None
    except UnreadableFile:
        raise
    except Exception as error:
        raise UnreadableFile(
            f"{path.name}: a sheet cannot be read ({type(error).__name__}: {str(error)[:120]})"
        ) from None
    finally:
        workbook.archive.close()
    if hidden:
        grid.notes.append(f"hidden sheets not read: {', '.join(hidden)}")
    return grid


@dataclass
class _Sheet:
    title: str
    path: str  # its XML in the package
    state: str  # "visible", "hidden" or "veryHidden"


@dataclass
class _Workbook:
    archive: zipfile.ZipFile
    shared_strings: list
    sheets: list[_Sheet]
    fill_styles: Any  # cell style -> its fill's index (openpyxl's StyleArrays, or ints)
    fills: list  # openpyxl's fills, or ``xlsx_book.PatternFill``s
    date_styles: set[int]
    duration_styles: set[int]
    epoch: datetime
    title: str | None
    palette: dict[str, str]

    def fill_of(self, style: int) -> int:
        fill = self.fill_styles[style]
        return fill if type(fill) is int else fill.fillId


#: The suffixes openpyxl opens (it refuses any other, ".xls" saying why).
_OPENPYXL_SUFFIXES = (".xlsx", ".xlsm", ".xltx", ".xltm")


def _open_workbook(path: Path) -> _Workbook:
    """The workbook's parts except its sheets (streamed later by ``_SheetReader``): read by
    ``xlsx_book`` when they are of the usual shapes, else by openpyxl's reader."""
    if path.suffix.lower() in _OPENPYXL_SUFFIXES:
        archive = zipfile.ZipFile(path)
        book = read_book(archive)
        if book is not None:
            return _Workbook(
                archive,
                book.shared_strings,
                [_Sheet(*sheet) for sheet in book.sheets],
                book.fill_styles,
                book.fills,
                book.date_styles,
                book.duration_styles,
                book.epoch,
                book.title,
                theme_palette(book.theme),
            )
        archive.close()
    return _open_with_openpyxl(path)


def _open_with_openpyxl(path: Path) -> _Workbook:
    """The workbook's parts, read by openpyxl's reader (read-only, cached values), except the
    worksheets: a read-only openpyxl sheet scans its whole XML when opened (for its size)."""
    from openpyxl.reader.excel import ExcelReader
    from openpyxl.styles.stylesheet import apply_stylesheet

    class Reader(ExcelReader):
        sheets: list[_Sheet]

        def read(self) -> None:  # ExcelReader.read, up to its worksheets (and their names)
            self.read_manifest()
            self.read_strings()
            self.read_workbook()
            self.read_properties()
            self.read_theme()
            apply_stylesheet(self.archive, self.wb)
            self.sheets = [  # chartsheets are not worksheets (as in openpyxl's wb.worksheets)
                _Sheet(sheet.name, rel.target, sheet.state or "visible")
                for sheet, rel in self.parser.find_sheets()
                if rel.target in self.valid_files and "chartsheet" not in rel.Type
            ]

    reader = Reader(str(path), read_only=True, data_only=True)
    try:
        reader.read()
    except BaseException:
        reader.archive.close()
        raise
    wb = reader.wb
    properties = wb.properties
    return _Workbook(
        reader.archive,
        reader.shared_strings,
        reader.sheets,
        wb._cell_styles,
        wb._fills,
        wb._date_formats,
        wb._timedelta_formats,
        wb.epoch,
        properties.title if properties else None,
        theme_palette(getattr(wb, "loaded_theme", None)),
    )


def _sheet_table(workbook: _Workbook, sheet: _Sheet) -> Table:
    """The sheet as a table. Reading stops after a long run of empty rows."""
    fills, palette = workbook.fills, workbook.palette
    fill_of: dict[int, str | None] = {0: None}
    reader = _SheetReader(workbook.shared_strings, workbook.date_styles, workbook.duration_styles, workbook.epoch)
    grid: list[list[Cell]] = []
    empty_run = 0
    size = workbook.archive.getinfo(sheet.path).file_size
    for cells in reader.rows(lambda: workbook.archive.open(sheet.path), size):
        row = []
        used = False
        for value, style in cells[:MAX_COLUMNS]:
            colour = fill_of.get(style, False)
            if colour is False:
                colour = fill_of[style] = _fill(fills[workbook.fill_of(style)], palette)
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
    _apply_merges(grid, reader.merged if reader.finished else _merged_ranges(workbook.archive, sheet.path))
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


_MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main "
_ROW, _C, _V, _IS, _T, _RPH, _MERGE = (_MAIN + tag for tag in ("row", "c", "v", "is", "t", "rPh", "mergeCell"))
_EMPTY = (None, 0)  # a cell missing between two others: no value, no style


class _SheetReader:
    """A worksheet's rows streamed from its XML with expat: what openpyxl's read-only
    ``iter_rows()`` gives (each row as long as its last cell, a missing row empty; values typed as
    openpyxl types them, with ``data_only``), as ``(value, style id)`` per cell; and the merged
    ranges (``merged``), which follow the rows in the file."""

    CHUNK = 1 << 16

    def __init__(self, shared: list, date_styles: set, timedelta_styles: set, epoch) -> None:
        self.shared = shared
        self.date_styles = date_styles
        self.timedelta_styles = timedelta_styles
        self.epoch = epoch
        self.merged: list[tuple[int, int, int, int]] = []
        self.finished = False  # read to the end (else the merged ranges were not reached)
        self._done: list[tuple[int, list[tuple[int, object, int]]]] = []  # rows read, not yet given
        self._row_counter = 0
        self._col_counter = 0
        self._cells: list[tuple[int, object, int]] = []
        self._cell: tuple[int, str, int] | None = None  # column, type, style of the open <c>
        self._value: str | None = None
        self._text: list[str] = []
        self._collect = False
        self._inline: list[str] | None = None  # the <t> texts of an open <is>
        self._phonetic = 0

    def rows(self, open_source, size: int | None = None) -> Iterator[list[tuple[object, int]]]:
        """The sheet's rows; ``size``: its XML's size unpacked, when known (a sheet up to
        ``PLAIN_LIMIT`` is first read as plain XML, ``xlsx_sheet``)."""
        if size is not None and size <= PLAIN_LIMIT:
            with open_source() as source:
                data = source.read()
            try:
                read, stop = plain_rows(sheet_text(data), self._typed_value, self._odd_cell, _column_of, EMPTY_RUN)
            except NotPlain:
                pass
            else:
                self.merged = [
                    b for m in _MERGE_CELL.finditer(data, stop) if (b := _bounds(m.group(1).decode("ascii", "replace")))
                ]
                self.finished = True
                yield from self._numbered([read])
                return
        yield from self._numbered(self._expat_batches(open_source))

    def _numbered(self, batches) -> Iterator[list[tuple[object, int]]]:
        """Rows numbered in order: a row missing from the file is empty; a row out of order is
        not read (as openpyxl)."""
        counter = 1
        for done in batches:
            for index, cells in done:
                while counter < index:
                    counter += 1
                    yield []
                if counter <= index:
                    counter += 1
                    yield self._row(cells)

    def _expat_batches(self, open_source) -> Iterator[list[tuple[int, list[tuple[int, object, int]]]]]:
        parser = self._parser()
        with open_source() as source:
            while True:
                chunk = source.read(self.CHUNK)
                parser.Parse(chunk, not chunk)
                done, self._done = self._done, []
                yield done
                if not chunk:
                    self.finished = True
                    return

    def _parser(self):
        from xml.parsers import expat

        parser = expat.ParserCreate(namespace_separator=" ")
        parser.buffer_text = True
        parser.StartElementHandler = self._start
        parser.EndElementHandler = self._end
        parser.CharacterDataHandler = self._chars
        return parser

    def _odd_cell(self, xml: str, column: int) -> tuple[int, object, int]:
        """One cell the plain reader does not read (``xlsx_sheet``), parsed by expat; the cell
        before it at ``column``."""
        self._cells, self._col_counter, self._cell = [], column, None
        self._value, self._inline, self._collect, self._phonetic = None, None, False, 0
        parser = self._parser()
        try:
            parser.Parse(f'<cell xmlns="{_MAIN.strip()}">{xml}</cell>', True)
        except Exception:
            raise NotPlain("a cell expat cannot read alone") from None
        if len(self._cells) != 1:
            raise NotPlain("not one cell")
        return self._cells.pop()

    @staticmethod
    def _row(cells: list[tuple[int, object, int]]) -> list[tuple[object, int]]:
        if not cells:
            return []
        width = cells[-1][0]
        row: list[tuple[object, int]] = [_EMPTY] * width
        for column, value, style in cells:
            if 1 <= column <= width:
                row[column - 1] = (value, style)
        return row

    # The handlers test the elements in the order of how often they come: every cell has a
    # <c>, and a <v> or an <is> holding a <t> (a sheet of 10,000 rows: 250,000 of each call).
    def _start(self, name: str, attrs: dict[str, str]) -> None:
        if name == _C:
            coordinate = attrs.get("r")
            if coordinate:
                self._col_counter = _column_of(coordinate)
            else:
                self._col_counter += 1
            style = attrs.get("s")
            self._cell = (self._col_counter, attrs.get("t", "n"), int(style) if style else 0)
            self._value = None
            self._inline = None
        elif name == _T:
            if self._inline is not None and not self._phonetic:
                self._collect, self._text = True, []
        elif name == _V:
            if self._cell is not None and self._value is None:
                self._collect, self._text = True, []
        elif name == _IS:
            if self._cell is not None and self._inline is None:
                self._inline = []
        elif name == _RPH:
            self._phonetic += 1
        elif name == _ROW:
            r = attrs.get("r")
            self._row_counter = parse_row_number(r) if r else self._row_counter + 1
            self._col_counter = 0
            self._cells = []
        elif name == _MERGE:
            bounds = _bounds(attrs.get("ref", ""))
            if bounds:
                self.merged.append(bounds)

    def _chars(self, data: str) -> None:
        if self._collect:
            self._text.append(data)

    def _end(self, name: str) -> None:
        if name == _C:
            if self._cell is not None:
                column, kind, style = self._cell
                self._cells.append((column, self._typed(kind, style), style))
                self._cell = None
        elif name == _T:
            if self._collect:
                self._collect = False
                if self._inline is not None:
                    self._inline.append("".join(self._text))
        elif name == _V:
            if self._collect:
                self._collect = False
                self._value = "".join(self._text)
        elif name == _IS:
            return
        elif name == _RPH:
            self._phonetic -= 1
        elif name == _ROW:
            self._done.append((self._row_counter, self._cells))
            self._cells = []

    def _typed(self, kind: str, style: int) -> object:
        return self._typed_value(kind, style, self._value, "".join(self._inline) if self._inline is not None else None)

    def _typed_value(self, kind: str, style: int, value: str | None, inline: str | None) -> object:
        """The cell's value as openpyxl's read-only sheet types it (``data_only``): ``value``
        the text of its ``<v>``, ``inline`` that of its inline string (``<is>``)."""
        raw = value or None
        if kind == "inlineStr":
            return inline
        if raw is None:
            return None
        if kind == "n":
            number: int | float = float(raw) if ("." in raw or "E" in raw or "e" in raw) else int(raw)
            if style in self.date_styles:
                from openpyxl.utils.datetime import from_excel

                try:
                    return from_excel(number, self.epoch, timedelta=style in self.timedelta_styles)
                except (OverflowError, ValueError):
                    return "#VALUE!"
            return number
        if kind == "s":
            return self.shared[int(raw)]
        if kind == "b":
            return bool(int(raw))
        if kind == "d":
            from openpyxl.utils.datetime import from_ISO8601

            return from_ISO8601(raw)
        return raw


def _column_of(coordinate: str) -> int:
    """The column number of a cell reference ("C12" -> 3), worked out once per column."""
    letters = coordinate.rstrip("0123456789")
    column = _COLUMNS.get(letters)
    if column is None:
        column = _column_of_letters(letters)
        if len(letters) <= 3:  # (a column's letters: never more than 18,278 of them)
            _COLUMNS[letters] = column
    return column


_COLUMNS: dict[str, int] = {}


def _column_of_letters(coordinate: str) -> int:
    column = 0
    for ch in coordinate:
        if "A" <= ch <= "Z":
            column = column * 26 + ord(ch) - 64
        elif "a" <= ch <= "z":
            column = column * 26 + ord(ch) - 96
        elif ch == "$":
            continue
        else:
            break
    if not column:
        raise ValueError(f"not a cell reference: {coordinate!r}")
    return column


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


def _merged_ranges(archive: zipfile.ZipFile, name: str) -> list[tuple[int, int, int, int]]:
    """(first row, first column, last row, last column) of each merged range, 1-based, from the
    sheet's XML (when its rows were not read to the end, so ``_SheetReader`` did not reach them)."""
    found = []
    try:
        with archive.open(name) as stream:
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
