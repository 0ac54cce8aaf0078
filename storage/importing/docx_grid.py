"""Word documents (.docx) as a grid: every table of the body, and the paragraphs around them.

The grid is walked in the XML itself (``w:tr``/``w:tc``) rather than through python-docx's
``row.cells``, which repeats a merged cell's text in every grid cell it covers: here a cell
spanning columns (``w:gridSpan``) marks its repeats ``spans_left``, and a cell merged down
(``w:vMerge``) carries the text of the cell it continues, marked ``continued``. A cell's fill is
its shading (``w:shd`` fill or theme fill, in the cell's ``w:tcPr``, else in its paragraphs or
runs) or a run's highlight. A list paragraph (numbered or bulleted) becomes a "• " line. The
paragraphs between tables become ``Line``s: the title, headings by level, bold lines, body text.
"""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

from storage.importing.colours import HIGHLIGHTS, normal_hex, theme_palette, word_theme_colour
from storage.importing.errors import UnreadableFile
from storage.importing.grid import BULLET, Cell, Grid, Line, Row, Table, pad
from storage.importing.safety import check_office_zip

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
#: The largest document body parsed: a 300-row plan with long cells is about 2 MB.
MAX_BODY_BYTES = 30 * 2**20
_HEADING_STYLE = re.compile(r"^(?:heading|überschrift|titre|título|titolo)\s*(\d)$", re.IGNORECASE)


def read_docx(path: Path) -> Grid:
    check_office_zip(path, "a Word document", "word/document.xml")
    _check_body_size(path)
    import docx

    try:
        document = docx.Document(str(path))
    except Exception as error:  # python-docx raises many kinds for a damaged package
        raise UnreadableFile(
            f"{path.name} is not a readable Word document ({type(error).__name__}: {str(error)[:120]})"
        ) from None
    palette = theme_palette(_theme_xml(path))
    styles = _style_names(document)
    grid = Grid("Word document", path.stem)
    before: list[Line] = []
    for child in document.element.body.iterchildren():
        if child.tag == W + "p":
            text = " ".join((_paragraph_text(child)).split())
            if not text:
                continue
            style = styles.get(_style_id(child), "")
            level = 0 if style.lower() in ("title", "subtitle") else _heading_level(style)
            line = Line(text, f"paragraph {len(grid.lines) + 1}", level=level, bold=_all_bold(child))
            grid.lines.append(line)
            before.append(line)
        elif child.tag == W + "tbl":
            grid.tables.append(_table(child, len(grid.tables) + 1, before, palette, styles))
            before = []
    try:
        grid.title = (document.core_properties.title or "").strip() or None
    except Exception:  # a damaged core properties part: no title from it
        grid.title = None
    return grid


def _check_body_size(path: Path) -> None:
    with zipfile.ZipFile(path) as archive:
        size = archive.getinfo("word/document.xml").file_size
    if size > MAX_BODY_BYTES:
        raise UnreadableFile(
            f"{path.name}: its text is {size // 2**20} MB of XML, more than an action plan "
            f"(limit {MAX_BODY_BYTES // 2**20} MB)"
        )


def _theme_xml(path: Path) -> bytes | None:
    try:
        with zipfile.ZipFile(path) as archive:
            name = next((n for n in archive.namelist() if re.fullmatch(r"word/theme/theme\d*\.xml", n)), None)
            return archive.read(name)[:500_000] if name else None
    except (zipfile.BadZipFile, KeyError, OSError):
        return None


def _style_names(document) -> dict[str, str]:
    try:
        return {s.style_id: s.name or "" for s in document.styles}
    except Exception:  # a damaged styles part: no headings, still the tables
        return {}


def _style_id(paragraph) -> str | None:
    p_pr = paragraph.find(W + "pPr")
    style = p_pr.find(W + "pStyle") if p_pr is not None else None
    return style.get(W + "val") if style is not None else None


def _heading_level(style: str) -> int | None:
    match = _HEADING_STYLE.match(style.strip())
    return int(match.group(1)) if match else None


def _paragraph_text(paragraph) -> str:
    """The paragraph's text with its line breaks and tabs as spaces (``w:br``, ``w:tab``)."""
    parts = []
    for node in paragraph.iter(W + "t", W + "br", W + "tab", W + "cr"):
        parts.append((node.text or "") if node.tag == W + "t" else " ")
    return "".join(parts)


def _all_bold(paragraph) -> bool:
    runs = [r for r in paragraph.iter(W + "r") if "".join(t.text or "" for t in r.iter(W + "t")).strip()]
    if not runs:
        return False
    for run in runs:
        props = run.find(W + "rPr")
        bold = props.find(W + "b") if props is not None else None
        if bold is None or bold.get(W + "val", "true") in ("0", "false"):
            return False
    return True


def _is_list_item(paragraph, styles: dict[str, str]) -> bool:
    p_pr = paragraph.find(W + "pPr")
    if p_pr is not None and p_pr.find(W + "numPr") is not None:
        return True
    return "list" in styles.get(_style_id(paragraph) or "", "").lower()


def _table(tbl, number: int, before: list[Line], palette: dict[str, str], styles: dict[str, str]) -> Table:
    rows: list[Row] = []
    above: dict[int, tuple[str, str | None]] = {}  # grid column -> (text, fill) of its top cell
    for index, tr in enumerate(tbl.iterchildren(W + "tr"), start=1):
        cells: list[Cell] = []
        tr_pr = tr.find(W + "trPr")
        skipped = _int_val(tr_pr.find(W + "gridBefore")) if tr_pr is not None else 0
        cells += [Cell() for _ in range(skipped or 0)]
        for tc in _row_cells(tr):
            tc_pr = tc.find(W + "tcPr")
            span = max(1, _int_val(tc_pr.find(W + "gridSpan")) or 1) if tc_pr is not None else 1
            merge = tc_pr.find(W + "vMerge") if tc_pr is not None else None
            column = len(cells)
            if merge is not None and merge.get(W + "val", "continue") == "continue" and column in above:
                text, fill = above[column]
                continued = True
            else:
                text, fill, continued = _cell_text(tc, styles), _cell_fill(tc, palette), False
                above[column] = (text, fill)
            for k in range(span):
                cells.append(Cell(text, fill, spans_left=k > 0, continued=continued))
                if k:
                    above[column + k] = (text, fill)
        rows.append(Row(cells, f"table {number} row {index}"))
    pad(rows)
    return Table(f"table {number}", rows, list(before))


def _row_cells(tr):
    """The row's cells, including those wrapped in content controls (``w:sdt``)."""
    for child in tr.iterchildren():
        if child.tag == W + "tc":
            yield child
        elif child.tag == W + "sdt":
            content = child.find(W + "sdtContent")
            if content is not None:
                yield from content.iterchildren(W + "tc")


def _int_val(element) -> int:
    if element is None:
        return 0
    try:
        return int(element.get(W + "val", "0"))
    except ValueError:
        return 0


def _cell_text(tc, styles: dict[str, str]) -> str:
    """The cell's paragraphs, one per line (list items as "• " lines, blank ones kept for
    alignment, nested tables' paragraphs in order); leading and trailing blank lines dropped
    only when the cell has no text at all."""
    lines = []
    for paragraph in tc.iter(W + "p"):
        text = " ".join(_paragraph_text(paragraph).split())
        if text and _is_list_item(paragraph, styles):
            text = BULLET + text
        lines.append(text)
    while lines and not lines[-1]:
        lines.pop()
    return "\n".join(lines)


def _cell_fill(tc, palette: dict[str, str]) -> str | None:
    for shd in tc.iter(W + "shd"):  # the cell's own first (tcPr comes first), then paragraphs, runs
        colour = normal_hex(shd.get(W + "fill"))
        if colour is None:
            colour = word_theme_colour(
                shd.get(W + "themeFill"), shd.get(W + "themeFillTint"), shd.get(W + "themeFillShade"), palette
            )
        if colour is None and shd.get(W + "val") == "solid":
            colour = normal_hex(shd.get(W + "color"))
        if colour is not None:
            return colour
    for highlight in tc.iter(W + "highlight"):
        colour = HIGHLIGHTS.get(highlight.get(W + "val", ""))
        if colour:
            return colour
    return None
