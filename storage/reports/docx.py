"""The committee report as a Word document (python-docx): landscape A4, laid out like the papers
committees already read ("ONGOING ACTIONS – SUMMARY VERSION as at 22/07/2015").

First page: the title and "as at" date, a summary of counts, the RAG trend across reviews, the
RAG key with its definitions, and the key of initials. Then one table per objective, grouped by
theme: reference, action, lead(s) as initials (the primary lead in bold), timescale, progress
(✓ achieved, ⇒ next steps) and the RAG cell shaded in its colour with its letter. What changed
since the last review is set in italics. The footer carries the "as at" date and "Page X of Y".

Word is strict about the order of elements inside cell and row properties, so the few elements
python-docx has no API for (shading, repeated header rows, fields) are inserted in schema order.
"""

from __future__ import annotations

from pathlib import Path

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_CELL_VERTICAL_ALIGNMENT, WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt, RGBColor

from storage.reports.model import RAG_COLOURS, RAG_NAMES, RAG_ORDER, Report, ReportAction, rag_letter, uk_date

FONT = "Arial"
BODY_PT = 9
HEADER_FILL = "D9D9D9"
#: Action table columns: (heading, width in mm); 267 mm is the landscape A4 width inside 15 mm margins.
COLUMNS = (
    ("Ref", 12),
    ("Milestones / Actions", 72),
    ("Lead (bold)", 24),
    ("Timescale", 26),
    ("Progress  ✓ = achievement to date  ⇒ = next steps", 117),
    ("RAG", 14),
)
_TCPR_AFTER_SHD = ("w:noWrap", "w:tcMar", "w:textDirection", "w:tcFitText", "w:vAlign", "w:hideMark")
_TRPR_AFTER_HEADER = ("w:tblCellSpacing", "w:jc", "w:hidden", "w:ins", "w:del", "w:trPrChange")


def write_docx(report: Report, path: Path | str) -> None:
    document = Document()
    _page_setup(document, report)
    _front_page(document, report)
    _actions(document, report)
    document.core_properties.title = f"{report.title} – {report.heading}"
    document.core_properties.subject = report.heading
    document.save(str(path))


# --- page, styles, footer --------------------------------------------------------------------
def _page_setup(document, report: Report) -> None:
    normal = document.styles["Normal"]
    normal.font.name = FONT
    normal.font.size = Pt(BODY_PT)
    normal.paragraph_format.space_after = Pt(2)
    for name, size in (("Title", 20), ("Heading 1", 14), ("Heading 2", 11)):
        style = document.styles[name]
        style.font.size = Pt(size)
        style.paragraph_format.space_before = Pt(8 if name != "Title" else 0)
        style.paragraph_format.space_after = Pt(3)
    section = document.sections[0]
    section.orientation = WD_ORIENT.LANDSCAPE
    section.page_width, section.page_height = Mm(297), Mm(210)
    for side in ("left_margin", "right_margin"):
        setattr(section, side, Mm(15))
    section.top_margin, section.bottom_margin = Mm(14), Mm(14)
    section.footer_distance = Mm(7)
    footer = section.footer.paragraphs[0]
    footer.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _run(footer, report.footer + "    Page ", size=8)
    _field(footer, "PAGE")
    _run(footer, " of ", size=8)
    _field(footer, "NUMPAGES")


def _field(paragraph, instruction: str) -> None:
    """A Word field (PAGE, NUMPAGES) that Word and LibreOffice fill in when laying out the page."""

    def run_with(element) -> None:
        run = paragraph.add_run()
        run.font.size = Pt(8)
        run._r.append(element)

    begin = OxmlElement("w:fldChar")
    begin.set(qn("w:fldCharType"), "begin")
    run_with(begin)
    instr = OxmlElement("w:instrText")
    instr.set(qn("xml:space"), "preserve")
    instr.text = f" {instruction} "
    run_with(instr)
    separate = OxmlElement("w:fldChar")
    separate.set(qn("w:fldCharType"), "separate")
    run_with(separate)
    placeholder = OxmlElement("w:t")
    placeholder.text = "1"
    run_with(placeholder)
    end = OxmlElement("w:fldChar")
    end.set(qn("w:fldCharType"), "end")
    run_with(end)


def _run(
    paragraph, text: str, bold: bool = False, italic: bool = False, size: float | None = None, colour: str | None = None
):
    run = paragraph.add_run(text)
    run.bold = bold or None
    run.italic = italic or None
    if size:
        run.font.size = Pt(size)
    if colour:
        run.font.color.rgb = RGBColor.from_string(colour)
    return run


# --- tables ----------------------------------------------------------------------------------
def shade(cell, fill: str) -> None:
    """Fill a table cell with a colour (w:shd), placed where the schema wants it."""
    tc_pr = cell._tc.get_or_add_tcPr()
    for old in tc_pr.findall(qn("w:shd")):
        tc_pr.remove(old)
    shd = OxmlElement("w:shd")
    shd.set(qn("w:val"), "clear")
    shd.set(qn("w:color"), "auto")
    shd.set(qn("w:fill"), fill)
    tc_pr.insert_element_before(shd, *_TCPR_AFTER_SHD)


def _repeat_header(row) -> None:
    tr_pr = row._tr.get_or_add_trPr()
    header = OxmlElement("w:tblHeader")
    tr_pr.insert_element_before(header, *_TRPR_AFTER_HEADER)


def _table(document, widths_mm: tuple[int, ...], rows: int = 1):
    table = document.add_table(rows=rows, cols=len(widths_mm))
    table.style = document.styles["Table Grid"]
    table.alignment = WD_TABLE_ALIGNMENT.LEFT
    table.autofit = False
    for column, width in zip(table.columns, widths_mm, strict=False):
        column.width = Mm(width)  # the grid (LibreOffice reads this)
    for row in table.rows:
        _widths(row, widths_mm)
    return table


def _widths(row, widths_mm) -> None:
    for cell, width in zip(row.cells, widths_mm, strict=False):
        cell.width = Mm(width)  # each cell (Word reads this)


def _add_row(table, widths_mm):
    row = table.add_row()
    _widths(row, widths_mm)
    return row


def _write(
    cell,
    text: str,
    bold: bool = False,
    italic: bool = False,
    size: float | None = None,
    align=None,
    colour: str | None = None,
    first: bool = True,
):
    """Text into a cell: one paragraph per line; ``first`` reuses the cell's empty paragraph."""
    paragraph = None
    for number, line in enumerate(text.split("\n") or [""]):
        paragraph = cell.paragraphs[0] if first and number == 0 else cell.add_paragraph()
        paragraph.paragraph_format.space_after = Pt(1)
        if align is not None:
            paragraph.alignment = align
        _run(paragraph, line, bold=bold, italic=italic, size=size, colour=colour)
    return paragraph


def _header_row(row, headings) -> None:
    for cell, heading in zip(row.cells, headings, strict=False):
        _write(cell, heading, bold=True)
        shade(cell, HEADER_FILL)
    _repeat_header(row)


def rag_cell(cell, rag: str | None, label: str | None = None) -> None:
    """A cell shaded in the rating's colour and carrying its letter (or ``label``)."""
    fill, text = RAG_COLOURS.get(rag, RAG_COLOURS[None])
    if rag:
        shade(cell, fill)
    _write(cell, label or rag_letter(rag), bold=True, align=WD_ALIGN_PARAGRAPH.CENTER, colour=text)
    cell.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.CENTER


# --- first page ------------------------------------------------------------------------------
def _front_page(document, report: Report) -> None:
    document.add_heading(report.title, level=0)
    document.add_heading(report.heading, level=1)
    for label, value in (
        ("Organisation", report.organisation),
        ("Overseen by", report.overseeing_body),
        ("Lead contact", report.lead_contact),
        ("Strategic lead", report.strategic_lead),
        ("Last review", report.review_label),
    ):
        if value:
            paragraph = document.add_paragraph()
            _run(paragraph, f"{label}: ", bold=True)
            _run(paragraph, value)
    paragraph = document.add_paragraph()
    _run(paragraph, report.italics_note, italic=True)
    if report.changes_only:
        _run(document.add_paragraph(), "Only the actions that changed since the last review are listed.", bold=True)

    document.add_heading("Summary", level=2)
    widths = tuple((15, 15, 15, 15, 15, 20)[n] if n < 6 else 21 for n in range(len(report.summary)))
    table = _table(document, widths, rows=2)
    for label_cell, count_cell, (label, count) in zip(
        table.rows[0].cells, table.rows[1].cells, report.summary, strict=False
    ):
        rag = next((r for r in RAG_ORDER if RAG_NAMES[r] == label), None)
        if rag:
            rag_cell(label_cell, rag, label)
        else:
            _write(label_cell, label, bold=True, size=8)
            shade(label_cell, HEADER_FILL)
        _write(count_cell, str(count), align=WD_ALIGN_PARAGRAPH.CENTER)

    if report.has_trend:
        document.add_heading("RAG trend across reviews", level=2)
        widths = (40,) + (24,) * 7
        table = _table(document, widths)
        _header_row(table.rows[0], ("Review",))
        for cell, rag in zip(table.rows[0].cells[1:], (*RAG_ORDER, "none"), strict=False):
            rag_cell(cell, None if rag == "none" else rag, RAG_NAMES[rag])
            if rag == "none":
                shade(cell, HEADER_FILL)
        _write(table.rows[0].cells[6], "Withdrawn or superseded", bold=True)
        _write(table.rows[0].cells[7], "Total (open and complete)", bold=True)
        for cell in table.rows[0].cells[6:]:
            shade(cell, HEADER_FILL)
        for column in report.trend:
            row = _add_row(table, widths)
            values = [column.counts[r] for r in (*RAG_ORDER, "none")] + [column.withdrawn, sum(column.counts.values())]
            _write(row.cells[0], column.label, bold=column.is_now)
            for cell, value in zip(row.cells[1:], values, strict=False):
                _write(cell, str(value), align=WD_ALIGN_PARAGRAPH.CENTER, bold=column.is_now)

    document.add_heading("RAG key and definitions", level=2)
    widths = (14, 24, 150)
    table = _table(document, widths, rows=0)
    for rag, definition in report.rag_definitions:
        row = _add_row(table, widths)
        rag_cell(row.cells[0], rag)
        _write(row.cells[1], RAG_NAMES[rag], bold=True)
        _write(row.cells[2], definition)

    if report.initials_key:
        document.add_heading("Key of initials", level=2)
        document.add_paragraph("; ".join(f"{initials} = {name}" for initials, name in report.initials_key))
    if report.removed:
        document.add_heading("Removed from the plan since the last review", level=2)
        for line in report.removed:
            _run(document.add_paragraph(), line, italic=True)


# --- the actions -----------------------------------------------------------------------------
def _actions(document, report: Report) -> None:
    document.add_paragraph().add_run().add_break(WD_BREAK.PAGE)
    if not any(True for _ in report.actions()):
        document.add_paragraph(
            "No actions to report." if not report.changes_only else "No action has changed since the last review."
        )
    widths = tuple(width for _, width in COLUMNS)
    for theme in report.themes:
        if theme.name:
            document.add_heading(theme.name, level=1)
        for objective in theme.objectives:
            document.add_heading(objective.heading, level=2)
            if objective.criteria:
                _run(document.add_paragraph(), objective.criteria, size=8)
            if not objective.actions:
                _run(document.add_paragraph(), "No actions under this objective.", italic=True)
                continue
            table = _table(document, widths)
            _header_row(table.rows[0], [heading for heading, _ in COLUMNS])
            for action in objective.actions:
                _action_row(_add_row(table, widths), action)
            document.add_paragraph()


def _action_row(row, action: ReportAction) -> None:
    ref, text, lead, timescale, progress, rag = row.cells
    _write(ref, action.ref, bold=True)

    paragraph = text.paragraphs[0]
    if action.status != "open":
        _run(paragraph, action.status.upper() + ": ", bold=True)
    lines = action.text.split("\n")
    _run(paragraph, lines[0], italic=action.new)
    for line in lines[1:]:
        _run(text.add_paragraph(), line, italic=action.new)

    paragraph = lead.paragraphs[0]
    for number, officer in enumerate(action.leads):
        if number:
            _run(paragraph, "/")
        _run(paragraph, officer.initials, bold=officer.primary)

    _write(timescale, action.timescale or "–", italic=any(n.startswith("Re-dated") for n in action.notes))
    if action.due:
        _run(timescale.add_paragraph(), f"due {uk_date(action.due)}", size=8)
    if action.overdue:
        _run(timescale.add_paragraph(), "OVERDUE", bold=True, size=8)
    if action.redated_note:
        _run(timescale.add_paragraph(), action.redated_note, bold=True, size=8)

    first = True
    for note in action.notes:
        _write(progress, note, italic=True, first=first)
        first = False
    for entry in action.progress:
        _write(progress, entry.line(), italic=entry.new, first=first)
        first = False
    rag_cell(rag, action.rag)
