"""PDF committee papers as a grid, read with pdfplumber: ruled tables, their cell fills, and the
text around them.

Each ruled table on each page becomes a ``Table`` (a table running over several pages arrives as
several; the model reads a page without a header with the columns of the page before). A cell
merged over rows below it leaves ``continued`` cells. A cell's fill is the colour of the filled
rectangle drawn behind it (how Word and Excel export shading), so a rating given only as a colour
survives. Within a cell, a line that stops well short of the cell's right edge ends a paragraph
("Jean Kitchin" / "User Group"); a line that runs to the edge wraps onto the next. Text outside
the tables becomes ``Line``s; text larger than the page's body text is a heading.
"""

from __future__ import annotations

from pathlib import Path
from statistics import median

from storage.importing.errors import UnreadableFile
from storage.importing.grid import BULLET, Cell, Grid, Line, Row, Table, pad

MAX_PAGES = 300
#: Glyphs that PDF fonts leave as character ids: the bullet of the standard fonts.
_CIDS = {"(cid:127)": "•", "(cid:129)": "•", "\uf0b7": "•", "\uf0a7": "▪"}


def read_pdf(path: Path) -> Grid:
    try:
        import pdfplumber
        from pdfminer.pdfparser import PDFSyntaxError
    except ImportError:  # pragma: no cover - pdfplumber is a runtime dependency
        raise UnreadableFile(f"{path.name}: reading PDFs needs pdfplumber (pip install pdfplumber)") from None
    with open(path, "rb") as handle:
        if not handle.read(1024).lstrip().startswith(b"%PDF"):
            raise UnreadableFile(f"{path.name} is not a PDF (damaged or renamed?)")
    grid = Grid("PDF", path.stem)
    try:
        with pdfplumber.open(str(path)) as pdf:
            if len(pdf.pages) > MAX_PAGES:
                raise UnreadableFile(f"{path.name} has {len(pdf.pages)} pages: more than an action plan")
            body_size = _body_size(pdf.pages[:3])
            before: list[Line] = []
            for number, page in enumerate(pdf.pages, start=1):
                found = page.find_tables()
                boxes = [t.bbox for t in found]
                lines = _page_lines(page, boxes, body_size, number)
                for table in sorted(found, key=lambda t: t.bbox[1]):
                    above = [line for line in lines if line.line is not None and line.line < table.bbox[1]]
                    lines = [line for line in lines if line not in above]
                    grid.lines += above
                    before += above
                    grid.tables.append(_table(page, table, f"page {number} table {len(grid.tables) + 1}", before))
                    before = []
                grid.lines += lines
                before += lines
            title = (pdf.metadata or {}).get("Title")
            grid.title = " ".join(str(title).split()) if title and str(title).strip() else None
    except UnreadableFile:
        raise
    except PDFSyntaxError as error:
        raise UnreadableFile(f"{path.name} is not a readable PDF ({error})") from None
    except Exception as error:  # pdfminer raises many kinds for a damaged file
        raise UnreadableFile(
            f"{path.name} cannot be read as a PDF ({type(error).__name__}: {str(error)[:100]})"
        ) from None
    for line in grid.lines:
        line.line = None  # a position on the page was only for ordering
    if not grid.tables:
        grid.notes.append("no ruled table found in the PDF (a table drawn without lines cannot be told apart)")
    return grid


def _body_size(pages) -> float:
    sizes = [round(c["size"], 1) for page in pages for c in page.chars[:5000]]
    return median(sizes) if sizes else 10.0


def _page_lines(page, boxes, body_size: float, number: int) -> list[Line]:
    """The page's text outside its tables, one ``Line`` per text line (``line`` holds its top)."""

    def outside(obj) -> bool:
        middle_x, middle_y = (obj["x0"] + obj["x1"]) / 2, (obj["top"] + obj["bottom"]) / 2
        return not any(x0 <= middle_x <= x1 and top <= middle_y <= bottom for x0, top, x1, bottom in boxes)

    words = page.filter(outside).extract_words(extra_attrs=["size", "fontname"], keep_blank_chars=False)
    lines: list[Line] = []
    for group in _by_line(words):
        text = _fix(" ".join(w["text"] for w in group))
        size = max(w["size"] for w in group)
        bold = all("bold" in w["fontname"].lower() for w in group)
        level = None
        if size >= body_size * 1.6:
            level = 0
        elif size >= body_size * 1.15:
            level = 1
        lines.append(Line(text, f"page {number}", line=round(group[0]["top"]), level=level, bold=bold))
    return lines


def _by_line(words: list[dict]) -> list[list[dict]]:
    groups: list[list[dict]] = []
    for word in sorted(words, key=lambda w: (round(w["top"]), w["x0"])):
        if groups and abs(groups[-1][0]["top"] - word["top"]) <= 2:
            groups[-1].append(word)
        else:
            groups.append([word])
    return groups


def _table(page, table, name: str, before: list[Line]) -> Table:
    fills = [
        (r["x0"], r["top"], r["x1"], r["bottom"], _rgb(r.get("non_stroking_color")))
        for r in page.rects
        if r.get("fill") and r.get("non_stroking_color") is not None
    ]
    rows: list[Row] = []
    above: dict[int, Cell] = {}
    lefts: dict[int, float] = {}
    for row in table.rows:
        for column, box in enumerate(row.cells):
            if box is not None:
                lefts.setdefault(column, box[0])
    for index, row in enumerate(table.rows, start=1):
        cells: list[Cell] = []
        left_box = None
        for column, box in enumerate(row.cells):
            if box is None:  # covered by a merged cell: the one to its left, or the one above
                covered_from_left = left_box is not None and left_box[2] > lefts.get(column, left_box[2]) + 1
                if covered_from_left or column not in above:
                    origin = cells[-1] if cells else Cell()
                    cells.append(Cell(origin.text, origin.fill, spans_left=True, continued=origin.continued))
                else:
                    origin = above[column]
                    cells.append(Cell(origin.text, origin.fill, continued=True))
                continue
            cell = Cell(_cell_text(page, box), _fill_of(box, fills))
            above[column] = cell
            left_box = box
            cells.append(cell)
        rows.append(Row(cells, f"{name} row {index}"))
    pad(rows)
    return Table(name, rows, list(before))


def _cell_text(page, box) -> str:
    x0, top, x1, bottom = box
    words = page.crop((x0, top, x1, bottom), strict=False).extract_words(keep_blank_chars=False, use_text_flow=True)
    lines = [_fix(" ".join(w["text"] for w in group)) for group in _by_line(words)]
    ends = [max(w["x1"] for w in group) for group in _by_line(words)]
    starts = [group[0] for group in _by_line(words)]
    paragraphs: list[str] = []
    for n, text in enumerate(lines):
        bullet = text.startswith(("•", "▪", "-", "–", "✓", "⇒"))
        if bullet:
            text = BULLET + text.lstrip("•▪").strip() if text[0] in "•▪" else text
        if n and paragraphs and not bullet:
            first_word = starts[n]["x1"] - starts[n]["x0"]
            wrapped = ends[n - 1] + first_word + 6 >= x1 - 4
            if wrapped:
                paragraphs[-1] += " " + text
                continue
        paragraphs.append(text)
    return "\n".join(paragraphs)


def _fix(text: str) -> str:
    for cid, glyph in _CIDS.items():
        text = text.replace(cid, glyph)
    return text


def _rgb(colour) -> str | None:
    """A pdfminer colour (grey level, RGB or CMYK, 0..1) as RGB hex."""
    if colour is None:
        return None
    if isinstance(colour, (int, float)):
        colour = (colour,)
    values = [float(v) for v in colour if isinstance(v, (int, float))]
    if len(values) == 1:
        values *= 3
    elif len(values) == 4:
        c, m, y, k = values
        values = [(1 - c) * (1 - k), (1 - m) * (1 - k), (1 - y) * (1 - k)]
    if len(values) != 3:
        return None
    return "".join(f"{round(max(0.0, min(1.0, v)) * 255):02X}" for v in values)


def _fill_of(box, fills) -> str | None:
    """The colour of the filled rectangle that covers most of the cell (the last drawn wins)."""
    x0, top, x1, bottom = box
    area = max((x1 - x0) * (bottom - top), 1e-6)
    found = None
    for fx0, ftop, fx1, fbottom, colour in fills:
        overlap = max(0.0, min(x1, fx1) - max(x0, fx0)) * max(0.0, min(bottom, fbottom) - max(top, ftop))
        if colour and overlap >= 0.6 * area:
            found = colour
    return None if found == "FFFFFF" else found
