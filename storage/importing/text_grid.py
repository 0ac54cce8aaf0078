"""Text formats as a grid: CSV (any delimiter), Markdown tables, and text pasted from a PDF, Word
document or web page (cells separated by tabs).

- Bytes are UTF-8 (with or without BOM), else Windows-1252 (``decode_text``).
- CSV: one table; the delimiter found by ``csv.Sniffer`` (else by counting).
- Markdown: each run of ``| a | b |`` lines is a table (the rows above its ``|---|`` rule are its
  header); ``<br>``/``<p>``/``<li>`` inside a cell are its lines; ``#`` headings are headings.
- Pasted text: tab-separated lines are rows. A line without tabs between rows (an objective
  heading, a page footer, a key) stays in its place as a one-cell ``heading`` row; a line whose
  cells look like column names (``model.header_like``) starts a new table, unless it repeats the
  header of the table under way (a new page). A row wider than the table under way starts a new
  table too: pasted pages interleave small tables with the plan's.
"""

from __future__ import annotations

import csv
import io
import re
from pathlib import Path

from storage.importing.errors import UnreadableFile
from storage.importing.grid import Cell, Grid, Line, Row, Table, pad
from storage.importing.markup import cell_lines
from storage.importing.safety import check_text_bytes

_DELIMITERS = ",;\t|"
_NAMES = {",": "','", ";": "';'", "\t": "tab", "|": "'|'"}
_MARKDOWN_ROW = re.compile(r"^\s*\|.*\|\s*$", re.MULTILINE)
_MARKDOWN_RULE_CELL = re.compile(r"^:?-{2,}:?$")
_HEADING = re.compile(r"^(#{1,6})\s+(.*)$")


def decode_text(data: bytes) -> str:
    """Decode a file's bytes: UTF-8 (with or without BOM), else Windows-1252.

    Council documents saved from Word or Excel on Windows are often cp1252; a BOM is dropped;
    line endings become "\\n". Bytes cp1252 leaves undefined fall back to Latin-1 so nothing fails.
    """
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        try:
            text = data.decode("cp1252")
        except UnicodeDecodeError:  # one of the five bytes cp1252 leaves undefined
            text = "".join(chr(b) if b in _UNDEFINED else bytes([b]).decode("cp1252") for b in data)
    return text.replace("\r\n", "\n").replace("\r", "\n")


_UNDEFINED = frozenset({0x81, 0x8D, 0x8F, 0x90, 0x9D})


def read_text_file(path: Path) -> str:
    data = path.read_bytes()
    check_text_bytes(path, data)
    text = decode_text(data)
    if not text.strip():
        raise UnreadableFile(f"{path.name} is empty")
    return text


# ---- CSV -------------------------------------------------------------------------------------------


def read_csv(path: Path) -> Grid:
    text = read_text_file(path)
    delimiter = sniff_delimiter(text)
    grid = Grid(f"CSV ({_NAMES[delimiter]} between cells)", path.stem)
    grid.tables.append(Table("the file", delimited_rows(text, delimiter, path)))
    return grid


def sniff_delimiter(text: str) -> str:
    sample = "\n".join(text.split("\n")[:50])[:65536]
    try:
        return csv.Sniffer().sniff(sample, delimiters=_DELIMITERS).delimiter
    except csv.Error:
        lines = [line for line in sample.split("\n") if line.strip()][:20]
        counts = {d: sum(line.count(d) for line in lines) for d in _DELIMITERS}
        best = max(counts, key=counts.get)
        return best if counts[best] else ","


def delimited_rows(text: str, delimiter: str, path: Path) -> list[Row]:
    rows = []
    reader = csv.reader(io.StringIO(text), delimiter=delimiter)
    start = 1
    try:
        for record in reader:
            cells = [Cell(value.replace("\r", "").strip()) for value in record]
            rows.append(Row(cells, f"line {start}", start))
            start = reader.line_num + 1
    except csv.Error as error:
        raise UnreadableFile(f"{path.name} line {reader.line_num}: not readable as CSV ({error})") from None
    pad(rows)
    return rows


# ---- text: Markdown, tab-separated, or delimited -----------------------------------------------------


def read_text(path: Path) -> Grid:
    text = read_text_file(path)
    if len(_MARKDOWN_ROW.findall(text)) >= 2:
        return markdown_grid(text, path.stem)
    if "\t" in text:
        return tab_grid(text, path.stem)
    delimiter = sniff_delimiter(text)
    lines = [line for line in text.split("\n") if line.strip()]
    if delimiter != "\t" and lines and sum(delimiter in line for line in lines) >= max(2, len(lines) // 2):
        grid = Grid(f"delimited text ({_NAMES[delimiter]} between cells)", path.stem)
        grid.tables.append(Table("the file", delimited_rows(text, delimiter, path)))
        return grid
    grid = Grid("plain text", path.stem)
    grid.lines = _lines(text.split("\n"), 1)
    return grid


def _lines(texts: list[str], first: int) -> list[Line]:
    found = []
    for number, raw in enumerate(texts, start=first):
        stripped = raw.strip()
        if not stripped:
            continue
        heading = _HEADING.match(stripped)
        if heading:
            level = len(heading.group(1)) - 1
            found.append(Line(_plain(heading.group(2)), f"line {number}", number, level=level))
        else:
            bold = stripped.startswith("**") and stripped.endswith("**") and len(stripped) > 4
            found.append(Line(_plain(stripped), f"line {number}", number, bold=bold))
    return found


def _plain(text: str) -> str:
    return " ".join(line for line in cell_lines(text) if line)


def split_markdown_row(line: str) -> list[str] | None:
    """The cells of a Markdown table row ``| a | b |``, stripped; None if not a table row."""
    stripped = line.strip()
    if not stripped.startswith("|"):
        return None
    inner = stripped[1:-1] if stripped.endswith("|") and len(stripped) > 1 else stripped[1:]
    return [cell.strip() for cell in re.split(r"(?<!\\)\|", inner)]


def is_markdown_rule(cells: list[str]) -> bool:
    """The ``|---|---|`` line under a Markdown header (empty cells allowed: ``|--|  |``)."""
    return any(cells) and all(_MARKDOWN_RULE_CELL.match(c) or not c for c in cells)


def markdown_grid(text: str, key: str) -> Grid:
    grid = Grid("Markdown tables", key)
    rows: list[Row] | None = None
    before: list[Line] = []
    for number, raw in enumerate(text.split("\n"), start=1):
        cells = split_markdown_row(raw)
        if cells is None:
            rows = None
            found = _lines([raw], number)
            grid.lines += found
            before += found
            continue
        if is_markdown_rule(cells):
            if rows is not None:
                grid.tables[-1].header_rows = len(rows)
            continue
        if rows is None:
            rows = []
            grid.tables.append(Table(f"table {len(grid.tables) + 1} (line {number})", rows, before))
            before = []
        values = ["\n".join(cell_lines(c.replace("\\|", "|"))) for c in cells]
        rows.append(Row([Cell(v) for v in values], f"line {number}", number))
    for table in grid.tables:
        pad(table.rows)
    return grid


def split_tab_row(line: str) -> list[str]:
    """The cells of a tab-separated row, stripped (trailing empty cells dropped)."""
    cells = [cell.strip() for cell in line.rstrip("\n").split("\t")]
    while len(cells) > 1 and not cells[-1]:
        cells.pop()
    return cells


def tab_grid(text: str, key: str) -> Grid:
    """Tab-separated rows (text pasted from a PDF or Word): see the module's notes."""
    from storage.importing.model import header_like

    grid = Grid("tab-separated text", key)
    lines = text.split("\n")
    last_row = max(i for i, line in enumerate(lines) if "\t" in line)
    prose = _prose_runs(lines)
    table: Table | None = None
    header: list[str] | None = None
    width = 0
    previous_named = False
    after_gap = True  # the row follows a blank line or a line of text, not another row
    before: list[Line] = []
    for index, raw in enumerate(lines):
        number = index + 1
        if not raw.strip():
            after_gap = True
            continue
        if "\t" not in raw:
            previous_named = False
            after_gap = True
            found = _lines([raw], number)
            grid.lines += found
            if table is not None and index < last_row and index not in prose:
                table.rows.append(Row([Cell(found[0].text)], f"line {number}", number, heading=True))
                found[0].in_table = True
            else:
                before += found
            continue
        texts = split_tab_row(raw)
        values = ["\n".join(cell_lines(t)) if t else "" for t in texts]
        row = Row([Cell(v) for v in values], f"line {number}", number)
        named = header_like(row)
        wider = table is not None and len(texts) > width
        second_line = named and previous_named  # a header over two lines ("Time" / "scale")
        previous_named = named
        # a row of column names after a gap, or of another width, starts a table; one in the
        # middle of a run of rows is a row of it ("Area of responsibility | ...")
        new_header = named and not second_line and _norm(texts) != header and (after_gap or len(texts) != width)
        after_gap = False
        if table is None or new_header or (wider and not named):
            table = Table(f"the text (line {number})", [], before)
            grid.tables.append(table)
            before = []
            header = _norm(texts) if named else None
            width = 0
        table.rows.append(row)
        width = max(width, len(texts))
    for found in grid.tables:
        pad(found.rows)
    return grid


#: More lines of text than this in a row, between rows of cells, are a passage of the document
#: (a description, an appendix), not headings or page furniture inside a table.
PROSE_RUN = 8


def _prose_runs(lines: list[str]) -> set[int]:
    found: set[int] = set()
    run: list[int] = []
    for index, line in enumerate([*lines, "\t"]):
        if "\t" in line:
            if len(run) > PROSE_RUN:
                found.update(run)
            run = []
        elif line.strip():
            run.append(index)
    return found


def _norm(texts: list[str]) -> list[str]:
    return [" ".join(t.lower().split()) for t in texts]


__all__ = ["decode_text", "read_csv", "read_text", "sniff_delimiter", "split_markdown_row", "split_tab_row"]
