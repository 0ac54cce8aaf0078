"""Web pages (.html, .htm) as a grid: every table, and the headings and paragraphs around them.

Councils publish action plans and equality timetables as web pages; an officer saves the page.
Parsed with lxml's HTML parser (no network, no entities from outside). ``colspan``/``rowspan``
become ``spans_left``/``continued`` cells; a cell's paragraphs, list items (as "• " lines) and
``<br>`` breaks are its lines; a cell's or row's background colour is its fill.
"""

from __future__ import annotations

import re
from pathlib import Path

from storage.importing.colours import normal_hex
from storage.importing.errors import UnreadableFile
from storage.importing.grid import Cell, Grid, Line, Row, Table, pad
from storage.importing.markup import cell_lines
from storage.importing.text_grid import read_text_file

_BLOCKS = {"p", "div", "li", "h1", "h2", "h3", "h4", "h5", "h6", "caption", "dt", "dd", "blockquote", "pre"}
_BACKGROUND = re.compile(r"background(?:-color)?\s*:\s*([^;]+)", re.IGNORECASE)
_RGB = re.compile(r"rgba?\(\s*(\d+)\s*,\s*(\d+)\s*,\s*(\d+)")
_NAMED = {
    "red": "FF0000",
    "green": "008000",
    "lime": "00FF00",
    "yellow": "FFFF00",
    "orange": "FFA500",
    "amber": "FFBF00",
    "blue": "0000FF",
    "lightgreen": "90EE90",
    "gold": "FFD700",
    "white": "FFFFFF",
    "grey": "808080",
    "gray": "808080",
}


def read_html(path: Path) -> Grid:
    import lxml.html
    from lxml import etree

    text = read_text_file(path)
    parser = lxml.html.HTMLParser(no_network=True, remove_comments=True, remove_pis=True)
    try:
        root = lxml.html.document_fromstring(text, parser=parser)
    except (etree.ParserError, ValueError) as error:
        raise UnreadableFile(f"{path.name} is not a readable web page ({error})") from None
    grid = Grid("web page", path.stem)
    title = root.find(".//title")
    grid.title = " ".join(title.text_content().split()) if title is not None else None
    body = root.find("body") if root.find("body") is not None else root
    before: list[Line] = []
    for element in body.iter():
        if not isinstance(element.tag, str):
            continue
        if element.tag == "table":
            if _inside(element, "table"):
                continue
            grid.tables.append(_table(element, len(grid.tables) + 1, before))
            before = []
        elif element.tag in _BLOCKS and not _inside(element, "table") and not _has_block_child(element):
            words = " ".join(element.text_content().split())
            if not words:
                continue
            level = int(element.tag[1]) if re.fullmatch(r"h[1-6]", element.tag) else None
            bold = element.find(".//strong") is not None or element.find(".//b") is not None
            line = Line(words, f"{element.tag} {len(grid.lines) + 1}", level=level, bold=bold and level is None)
            grid.lines.append(line)
            before.append(line)
    return grid


def _inside(element, tag: str) -> bool:
    parent = element.getparent()
    while parent is not None:
        if parent.tag == tag:
            return True
        parent = parent.getparent()
    return False


def _has_block_child(element) -> bool:
    return any(isinstance(child.tag, str) and (child.tag in _BLOCKS or child.tag == "table") for child in element)


def _table(table, number: int, before: list[Line]) -> Table:
    import lxml.html

    rows: list[Row] = []
    pending: dict[int, tuple[Cell, int]] = {}  # column -> (cell carried down, rows left)
    header_rows = 0
    for index, tr in enumerate(_rows(table), start=1):
        cells: list[Cell] = []
        row_fill = _colour(tr)
        all_th = True

        def carry(cells: list[Cell] = cells) -> None:
            while len(cells) in pending:
                origin, left = pending[len(cells)]
                cells.append(Cell(origin.text, origin.fill, origin.spans_left, continued=True))
                if left > 1:
                    pending[len(cells) - 1] = (origin, left - 1)
                else:
                    del pending[len(cells) - 1]

        for td in tr:
            if not isinstance(td.tag, str) or td.tag not in ("td", "th"):
                continue
            all_th &= td.tag == "th"
            carry()
            inner = lxml.html.tostring(td, encoding="unicode", with_tail=False)
            inner = inner[inner.find(">") + 1 : inner.rfind("<")]
            text = "\n".join(cell_lines(inner))
            fill = _colour(td) or row_fill
            span = _int(td.get("colspan"))
            down = _int(td.get("rowspan"))
            for k in range(span):
                cell = Cell(text, fill, spans_left=k > 0)
                if down > 1:
                    pending[len(cells)] = (cell, down - 1)
                cells.append(cell)
        carry()
        if all_th and cells and header_rows == index - 1:
            header_rows = index
        rows.append(Row(cells, f"table {number} row {index}"))
    pad(rows)
    found = Table(f"table {number}", rows, list(before))
    found.header_rows = header_rows or None
    return found


def _rows(table):
    for child in table:
        if not isinstance(child.tag, str):
            continue
        if child.tag == "tr":
            yield child
        elif child.tag in ("thead", "tbody", "tfoot"):
            yield from (tr for tr in child if isinstance(tr.tag, str) and tr.tag == "tr")


def _int(value: str | None) -> int:
    try:
        return max(1, min(int(value or 1), 1000))
    except ValueError:
        return 1


def _colour(element) -> str | None:
    raw = element.get("bgcolor")
    style = element.get("style") or ""
    match = _BACKGROUND.search(style)
    if match:
        raw = match.group(1)
    if not raw:
        return None
    raw = raw.strip().lower()
    rgb = _RGB.match(raw)
    if rgb:
        return "".join(f"{min(int(v), 255):02X}" for v in rgb.groups())
    if re.fullmatch(r"#?[0-9a-f]{3}", raw):
        return "".join(c * 2 for c in raw.lstrip("#")).upper()
    return normal_hex(raw) or _NAMED.get(raw.split()[0])
