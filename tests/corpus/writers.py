"""Write a ``spec.Doc`` as the file an officer would hold: Word, Excel, CSV, PDF, HTML, Markdown or
text pasted out of a document. Each writer uses the format's own structures (Word list paragraphs,
shading and merged cells; Excel fills and merged ranges; PDF cell backgrounds and spans...)."""

from __future__ import annotations

import csv
import html
from pathlib import Path

from tests.corpus.spec import C, Doc, Para, Sheet, Table, cell, grid, width


def write(doc: Doc, path: Path, **options) -> Path:
    writer = {
        ".docx": write_docx,
        ".xlsx": write_xlsx,
        ".csv": write_csv,
        ".pdf": write_pdf,
        ".html": write_html,
        ".htm": write_html,
        ".md": write_markdown,
        ".txt": write_text,
    }[path.suffix]
    writer(doc, path, **options)
    return path


def _blocks(doc: Doc) -> list[Para | Table]:
    """The blocks of a format with no worksheets: a worksheet's name becomes a heading."""
    return [Para(b.name, "heading2") if isinstance(b, Sheet) else b for b in doc.blocks]


def _vertical_runs(table: Table) -> list[tuple[int, int, int]]:
    """(column, first row, last row) of each cell merged down over the rows below it."""
    slots = grid(table)
    runs = []
    for column in range(width(table)):
        row = 0
        while row < len(slots):
            last = row
            while last + 1 < len(slots) and slots[last + 1][column] is not None and slots[last + 1][column].down:
                last += 1
            if last > row:
                runs.append((column, row, last))
            row = last + 1
    return runs


# ---- Word ----------------------------------------------------------------------------------------


def write_docx(doc: Doc, path: Path) -> None:
    import docx
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    document = docx.Document()
    if doc.title:
        document.core_properties.title = doc.title
    styles = {"title": "Title", "heading1": "Heading 1", "heading2": "Heading 2"}
    for block in _blocks(doc):
        if isinstance(block, Para):
            paragraph = document.add_paragraph(style=styles.get(block.style))
            run = paragraph.add_run(block.text)
            run.bold = block.style == "bold" or None
            continue
        slots = grid(block)
        table = document.add_table(rows=len(slots), cols=width(block))
        table.style = "Table Grid"
        for column, first, last in _vertical_runs(block):
            table.cell(first, column).merge(table.cell(last, column))
        for r, row in enumerate(slots):
            for c, value in enumerate(row):
                if value is None or value.down:
                    continue
                target = table.cell(r, c)
                if value.span > 1:
                    target = target.merge(table.cell(r, c + value.span - 1))
                _fill_docx_cell(target, value, r < block.header_rows)
                fill = value.fill or (block.header_fill if r < block.header_rows else None)
                if fill:
                    shading = OxmlElement("w:shd")
                    shading.set(qn("w:val"), "clear")
                    shading.set(qn("w:color"), "auto")
                    shading.set(qn("w:fill"), fill)
                    target._tc.get_or_add_tcPr().append(shading)
            if r < block.header_rows:
                header = OxmlElement("w:tblHeader")
                table.rows[r]._tr.get_or_add_trPr().append(header)
        document.add_paragraph()
    document.save(str(path))


def _fill_docx_cell(target, value: C, header: bool) -> None:
    paragraphs = value.paragraphs()
    first = target.paragraphs[0]
    texts = [(p, None) for p in paragraphs] + [(b, "List Bullet") for b in value.bullets]
    texts += [(p, None) for p in value.after()]
    for n, (text, style) in enumerate(texts):
        paragraph = first if n == 0 else target.add_paragraph()
        if style:
            paragraph.style = style
        run = paragraph.add_run(text)
        if header or value.bold:
            run.bold = True


# ---- Excel ---------------------------------------------------------------------------------------


def _plain(value: C, joiner: str = "\n", bullet: str = "• ") -> str:
    return joiner.join([*value.paragraphs(), *(bullet + b for b in value.bullets), *value.after()])


def write_xlsx(doc: Doc, path: Path, sheet: str = "Action plan") -> None:
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font, PatternFill

    workbook = Workbook()
    ws = workbook.active
    ws.title = sheet
    if doc.title:
        workbook.properties.title = doc.title
    row_no = 1
    for n, block in enumerate(doc.blocks):
        if isinstance(block, Sheet):
            if n == 0:
                ws.title = block.name
            else:
                ws = workbook.create_sheet(block.name)
            row_no = 1
            continue
        if isinstance(block, Para):
            target = ws.cell(row=row_no, column=1, value=block.text)
            target.font = Font(bold=block.style != "normal", size=14 if block.style == "title" else 11)
            row_no += 1
            continue
        slots = grid(block)
        for column, first, last in _vertical_runs(block):
            ws.merge_cells(
                start_row=row_no + first, start_column=column + 1, end_row=row_no + last, end_column=column + 1
            )
        for r, row in enumerate(slots):
            for c, value in enumerate(row):
                if value is None or value.down:
                    continue
                target = ws.cell(row=row_no + r, column=c + 1, value=_plain(value) or None)
                target.alignment = Alignment(wrap_text=True, vertical="top")
                fill = value.fill or (block.header_fill if r < block.header_rows else None)
                if fill:
                    target.fill = PatternFill("solid", fgColor="FF" + fill)
                if r < block.header_rows or value.bold:
                    target.font = Font(bold=True)
                if value.span > 1:
                    ws.merge_cells(
                        start_row=row_no + r, start_column=c + 1, end_row=row_no + r, end_column=c + value.span
                    )
        row_no += len(slots) + 1
    workbook.save(str(path))


# ---- CSV (saved from Excel on Windows) -------------------------------------------------------------


def write_csv(doc: Doc, path: Path, encoding: str = "cp1252") -> None:
    rows: list[list[str]] = []
    for block in _blocks(doc):
        if isinstance(block, Para):
            rows.append([block.text])
            continue
        for row in grid(block):
            rows.append(["" if value is None or value.down else _plain(value) for value in row])
        rows.append([])
    with open(path, "w", newline="", encoding=encoding) as handle:
        csv.writer(handle, lineterminator="\r\n").writerows(rows)


# ---- PDF (a committee paper) ---------------------------------------------------------------------


def write_pdf(doc: Doc, path: Path) -> None:
    from reportlab.lib import colors
    from reportlab.lib.pagesizes import A4, landscape
    from reportlab.lib.styles import getSampleStyleSheet
    from reportlab.lib.units import mm
    from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, TableStyle
    from reportlab.platypus import Table as PdfTable

    styles = getSampleStyleSheet()
    body = styles["BodyText"]
    body.fontSize, body.leading = 8, 10
    paper = SimpleDocTemplate(str(path), pagesize=landscape(A4), leftMargin=12 * mm, rightMargin=12 * mm)
    story = []
    names = {"title": "Title", "heading1": "Heading1", "heading2": "Heading2", "bold": "Heading4"}
    for block in _blocks(doc):
        if isinstance(block, Para):
            story.append(Paragraph(html.escape(block.text), styles[names.get(block.style, "BodyText")]))
            continue
        slots = grid(block)
        columns = width(block)
        data, commands = [], [("GRID", (0, 0), (-1, -1), 0.5, colors.black), ("VALIGN", (0, 0), (-1, -1), "TOP")]
        for r, row in enumerate(slots):
            line = []
            for c, value in enumerate(row):
                if value is None or value.down:
                    line.append("")
                    continue
                markup = "<br/>".join(
                    [html.escape(p) for p in value.paragraphs()]
                    + [f"• {html.escape(b)}" for b in value.bullets]
                    + [html.escape(p) for p in value.after()]
                )
                if r < block.header_rows or value.bold:
                    markup = f"<b>{markup}</b>"
                line.append(Paragraph(markup, body))
                fill = value.fill or (block.header_fill if r < block.header_rows else None)
                if fill:
                    commands.append(("BACKGROUND", (c, r), (c + value.span - 1, r), colors.HexColor("#" + fill)))
                if value.span > 1:
                    commands.append(("SPAN", (c, r), (c + value.span - 1, r)))
            data.append(line)
        for column, first, last in _vertical_runs(block):
            commands.append(("SPAN", (column, first), (column, last)))
        usable = landscape(A4)[0] - 24 * mm
        table = PdfTable(data, colWidths=[usable / columns] * columns, repeatRows=block.header_rows)
        table.setStyle(TableStyle(commands))
        story += [table, Spacer(1, 6 * mm)]
    paper.build(story)


# ---- web page ------------------------------------------------------------------------------------


def write_html(doc: Doc, path: Path) -> None:
    out = ["<!DOCTYPE html>", '<html lang="en"><head><meta charset="utf-8">']
    out.append(f"<title>{html.escape(doc.title or '')}</title></head><body><main>")
    tags = {"title": "h1", "heading1": "h1", "heading2": "h2", "bold": "p><strong", "normal": "p"}
    for block in _blocks(doc):
        if isinstance(block, Para):
            tag = tags[block.style]
            close = "strong></p" if block.style == "bold" else tag
            out.append(f"<{tag}>{html.escape(block.text)}</{close}>")
            continue
        slots = grid(block)
        runs = {(first, column): last - first + 1 for column, first, last in _vertical_runs(block)}
        out.append("<table>")
        for r, row in enumerate(slots):
            out.append("<tr>")
            for c, value in enumerate(row):
                if value is None or value.down:
                    continue
                tag = "th" if r < block.header_rows else "td"
                attributes = ""
                if value.span > 1:
                    attributes += f' colspan="{value.span}"'
                if (r, c) in runs:
                    attributes += f' rowspan="{runs[(r, c)]}"'
                if value.fill:
                    attributes += f' style="background-color:#{value.fill}"'
                inner = "".join(f"<p>{html.escape(p)}</p>" for p in value.paragraphs())
                if value.bullets:
                    inner += "<ul>" + "".join(f"<li>{html.escape(b)}</li>" for b in value.bullets) + "</ul>"
                inner += "".join(f"<p>{html.escape(p)}</p>" for p in value.after())
                out.append(f"<{tag}{attributes}>{inner}</{tag}>")
            out.append("</tr>")
        out.append("</table>")
    out.append("</main></body></html>")
    path.write_text("\n".join(out), encoding="utf-8")


# ---- Markdown (a web page or PDF converted by a tool) ------------------------------------------------


def write_markdown(doc: Doc, path: Path) -> None:
    lines: list[str] = []
    marks = {"title": "# ", "heading1": "# ", "heading2": "## ", "bold": "**", "normal": ""}
    for block in _blocks(doc):
        if isinstance(block, Para):
            mark = marks[block.style]
            lines += [f"{mark}{block.text}{'**' if mark == '**' else ''}", ""]
            continue
        for r, row in enumerate(grid(block)):
            texts = [
                "" if value is None or value.down else _plain(value, "<br>", "• ").replace("|", "\\|") for value in row
            ]
            lines.append("| " + " | ".join(texts) + " |")
            if r == block.header_rows - 1:
                lines.append("|" + "|".join("---" for _ in row) + "|")
        lines.append("")
    path.write_text("\n".join(lines), encoding="utf-8")


# ---- text copied out of a document (cells tab-separated, a cell's lines joined) ----------------------


def write_text(doc: Doc, path: Path, encoding: str = "utf-8", wrap: tuple[int, ...] = ()) -> None:
    """``wrap``: the width of each column on the page the text was copied from; each cell is then
    wrapped at its column's width and a row takes several lines, its other cells empty on the
    lines below (as text copied out of a PDF's table comes)."""
    lines: list[str] = []
    for block in _blocks(doc):
        if isinstance(block, Para):
            lines.append(block.text)
            continue
        for row in grid(block):
            filled = [value for value in row if value is not None and not value.down and _plain(value)]
            if len(filled) == 1 and filled[0].span > 1:
                lines.append(_plain(filled[0], " ", "• "))  # a heading across the table: a line of its own
                continue
            texts = ["" if v is None or v.down else _plain(v, " ", "• ") for v in row]
            if wrap:
                lines += _wrapped(texts, wrap)
                continue
            lines.append("\t".join(texts).rstrip("\t"))
        lines.append("")
    path.write_bytes("\n".join(lines).encode(encoding))


def _wrapped(texts: list[str], widths: tuple[int, ...]) -> list[str]:
    import textwrap

    pieces = [textwrap.wrap(text, width) or [""] for text, width in zip(texts, widths, strict=True)]
    depth = max(len(p) for p in pieces)
    return ["\t".join(p[n] if n < len(p) else "" for p in pieces).rstrip("\t") for n in range(depth)]


__all__ = ["cell", "write"]
