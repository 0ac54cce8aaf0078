"""Word documents (.docx): every table in the body, with merged cells and RAG shading.

The grid is walked in the XML itself (``w:tr``/``w:tc``) rather than through python-docx's
``row.cells``, which repeats a merged cell's text in every grid cell it covers: here a cell
spanning columns (``w:gridSpan``) marks its repeats ``spans_left``, and a cell merged down
(``w:vMerge``) carries the text of the cell it continues, marked ``continued``. A cell's fill
is its shading (``w:shd`` fill or theme fill, in the cell's ``w:tcPr``, else in its paragraphs
or runs) or a run's highlight. Headings between tables become themes (Heading 1) and
objectives (Heading 2 and below); other paragraphs are searched for the initials key.
"""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

from storage.importing.colours import HIGHLIGHTS, normal_hex, theme_palette, word_theme_colour
from storage.importing.safety import check_office_zip
from storage.importing.table_plan import read_tables
from storage.importing.tabular import MAX_ROWS, Cell, Reading, Row, Table
from storage.importing.text_tables import UnreadableFile

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
#: The largest document body parsed: a 300-row plan with long cells is about 2 MB.
MAX_BODY_BYTES = 30 * 2**20
_HEADING_STYLE = re.compile(r"^(?:heading|überschrift|titre|título|titolo)\s*(\d)$", re.IGNORECASE)


def read_docx(path: Path, overrides: dict[str, str] | None = None) -> Reading:
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
    title = None
    tables: list[Table] = []
    free: list[str] = []
    headings: list[tuple[int, str]] = []
    for child in document.element.body.iterchildren():
        if child.tag == W + "p":
            text = " ".join((child.text or "").split())
            if not text:
                continue
            style = styles.get(_style_id(child), "")
            level = _heading_level(style)
            if style.lower() == "title" and title is None:
                title = text
            elif level is not None:
                headings.append((level, text))
            else:
                free.append(text)
        elif child.tag == W + "tbl":
            tables.append(_table(child, len(tables) + 1, headings, palette))
            headings = []
            if sum(len(t.rows) for t in tables) > MAX_ROWS:
                raise UnreadableFile(f"{path.name} has more than {MAX_ROWS} table rows: more than an action plan holds")
    core_title = (document.core_properties.title or "").strip()
    if title is None and core_title:
        title = core_title
    if title is None and tables and tables[0].headings and tables[0].headings[0][0] <= 1:
        title = tables[0].headings.pop(0)[1]  # a first heading above the first table
    if title is None and free:
        title = free[0]
    reading = read_tables(
        tables,
        title=title or path.stem,
        source_key=path.stem,
        kind="Word document",
        overrides=overrides,
        free_text=free,
    )
    if not reading.layouts:
        found = f"{len(tables)} table{'s' if len(tables) != 1 else ''}" if tables else "no tables"
        raise UnreadableFile(
            f"{path.name}: {found} with a header row (Ref, Action, Lead, Timescale, "
            "Progress, RAG...); name the columns with --map"
        )
    return reading


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


def _table(tbl, number: int, headings: list[tuple[int, str]], palette: dict[str, str]) -> Table:
    rows: list[Row] = []
    above: dict[int, tuple[str, str | None]] = {}  # grid column -> (text, fill) of its top cell
    for index, tr in enumerate(tbl.iterchildren(W + "tr"), start=1):
        cells: list[Cell] = []
        tr_pr = tr.find(W + "trPr")
        before = _int_val(tr_pr.find(W + "gridBefore")) if tr_pr is not None else 0
        cells += [Cell() for _ in range(before or 0)]
        for tc in _row_cells(tr):
            tc_pr = tc.find(W + "tcPr")
            span = max(1, _int_val(tc_pr.find(W + "gridSpan")) or 1) if tc_pr is not None else 1
            merge = tc_pr.find(W + "vMerge") if tc_pr is not None else None
            column = len(cells)
            if merge is not None and merge.get(W + "val", "continue") == "continue" and column in above:
                text, fill = above[column]
                continued = True
            else:
                text, fill, continued = _cell_text(tc), _cell_fill(tc, palette), False
                above[column] = (text, fill)
            for k in range(span):
                cells.append(Cell(text, fill, spans_left=k > 0, continued=continued))
                if k:
                    above[column + k] = (text, fill)
        rows.append(Row(cells, f"table {number} row {index}"))
    width = max((len(r.cells) for r in rows), default=0)
    for row in rows:
        row.cells += [Cell() for _ in range(width - len(row.cells))]
    return Table(f"table {number}", rows, list(headings))


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


def _cell_text(tc) -> str:
    """The cell's paragraphs, one per line (nested tables' paragraphs included, in order)."""
    lines = [" ".join((p.text or "").split()) for p in tc.iter(W + "p")]
    return "\n".join(line for line in lines if line)


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
