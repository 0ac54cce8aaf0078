"""The committee report as an accessible Word document: landscape A4, laid out like the papers
committees already read ("ONGOING ACTIONS – SUMMARY VERSION as at 22/07/2015").

First the plan's title, the "as at" date, a summary of counts, the charts (the RAG distribution,
and the trend across reviews when there is one) as images whose alt text states the figures, the
RAG key and the key of initials. Then one table per objective under Heading 1 themes and Heading 2
objectives, so Word's navigation pane shows the plan's outline: reference, action, lead(s) as
initials (the primary lead in bold), timescale, progress (✓ achieved, ⇒ next steps) and the RAG
cell shaded in its colour with its letter. What changed since the last review is in italics.

Built to the public sector's rules for published documents: every table has a caption and a
description (``w:tblCaption``/``w:tblDescription``), a header row that repeats on each page
(``w:tblHeader``) and rows that never split across pages (``w:cantSplit``); no merged or layout
cells; the document's title, author and language (en-GB) are set.

Speed: python-docx's cell objects cost about 4 s for 1,000 actions, so the tables and body
paragraphs are written as WordprocessingML and parsed once each by python-docx's ``parse_xml``
into its own element classes (see the element builder below).
"""

from __future__ import annotations

import io
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from html import escape
from pathlib import Path

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.oxml import OxmlElement, parse_xml
from docx.oxml.ns import nsmap, qn
from docx.shared import Mm, Pt, RGBColor

from storage.reports.chart import TABLE_HEADINGS, Chart, charts, png, trend_table
from storage.reports.model import (
    ACTIONS_DESCRIPTION,
    RAG_COLOURS,
    RAG_NAMES,
    RAG_ORDER,
    Report,
    ReportAction,
    rag_letter,
    uk_date,
)

FONT = "Arial"
BODY_PT = 9
LANGUAGE = "en-GB"
HEADER_FILL = "D9D9D9"
TWIPS_PER_MM = 1440 / 25.4
#: Action table columns: (heading, width in mm); 267 mm is the landscape A4 width inside 15 mm margins.
COLUMNS = (
    ("Ref", 12),
    ("Milestones / Actions", 72),
    ("Lead (bold)", 24),
    ("Timescale", 26),
    ("Progress  ✓ = achievement to date  ⇒ = next steps", 117),
    ("RAG", 14),
)

W_NAMESPACE = f'xmlns:w="{nsmap["w"]}"'


@dataclass(frozen=True)
class Run:
    text: str
    bold: bool = False
    italic: bool = False
    size: float | None = None  # points; None = the style's
    colour: str | None = None


#: A cell's content: paragraphs of runs.
Paragraphs = Sequence[Sequence[Run]]


@dataclass(frozen=True)
class Cell:
    paragraphs: Paragraphs
    fill: str | None = None
    centre: bool = False


def write_docx(report: Report, path: Path | str) -> None:
    document = Document()
    _page_setup(document, report)
    _properties(document, report)
    body = Body(document)
    _front_page(body, document, report)
    _actions(body, report)
    document.save(str(path))


# --- document, page, styles, footer ----------------------------------------------------------
def _properties(document, report: Report) -> None:
    now = datetime.now(UTC).replace(microsecond=0)
    properties = document.core_properties
    properties.title = f"{report.title} – {report.heading}"
    properties.subject = report.heading
    properties.author = report.author
    properties.last_modified_by = report.author
    properties.language = LANGUAGE
    properties.comments = report.italics_note
    properties.keywords = "action plan; RAG; committee report"
    properties.created = properties.modified = now
    properties.revision = 1
    # the language of every run unless a run says otherwise: what screen readers and spelling use
    r_pr = document.styles.element.find(qn("w:docDefaults")).find(qn("w:rPrDefault")).find(qn("w:rPr"))
    lang = r_pr.find(qn("w:lang"))
    if lang is None:
        lang = OxmlElement("w:lang")
        r_pr.append(lang)
    for attribute in ("w:val", "w:eastAsia"):
        lang.set(qn(attribute), LANGUAGE)


def _page_setup(document, report: Report) -> None:
    styles = document.styles
    normal = styles["Normal"]
    normal.font.name = FONT
    normal.font.size = Pt(BODY_PT)
    normal.paragraph_format.space_after = Pt(2)
    for name, size in (("Title", 20), ("Subtitle", 13), ("Heading 1", 14), ("Heading 2", 11), ("Caption", 9)):
        style = styles[name]
        style.font.size = Pt(size)
        style.font.name = FONT
        style.paragraph_format.space_before = Pt(0 if name in ("Title", "Subtitle", "Caption") else 8)
        style.paragraph_format.space_after = Pt(3)
    # the default template's light blue text (Caption, Subtitle) falls below 4.5:1 contrast
    for name in ("Title", "Subtitle", "Heading 1", "Heading 2", "Caption"):
        styles[name].font.color.rgb = None
        styles[name].font.color.theme_color = None
    for name in ("Title", "Subtitle", "Heading 1", "Heading 2"):
        styles[name].font.color.rgb = RGBColor.from_string("1F3864")
    styles["Caption"].font.color.rgb = RGBColor.from_string("000000")
    styles["Caption"].font.italic = False
    section = document.sections[0]
    section.orientation = WD_ORIENT.LANDSCAPE
    section.page_width, section.page_height = Mm(297), Mm(210)
    for side in ("left_margin", "right_margin"):
        setattr(section, side, Mm(15))
    section.top_margin, section.bottom_margin = Mm(14), Mm(14)
    section.footer_distance = Mm(7)
    footer = section.footer.paragraphs[0]
    footer.alignment = 1  # centre
    _footer_run(footer, report.footer + "    Page ")
    _field(footer, "PAGE")
    _footer_run(footer, " of ")
    _field(footer, "NUMPAGES")


def _footer_run(paragraph, text: str):
    run = paragraph.add_run(text)
    run.font.size = Pt(8)
    return run


def _field(paragraph, instruction: str) -> None:
    """A Word field (PAGE, NUMPAGES) that Word and LibreOffice fill in when laying out the page."""

    def run_with(element) -> None:
        _footer_run(paragraph, "")._r.append(element)

    begin = OxmlElement("w:fldChar", {qn("w:fldCharType"): "begin"})
    run_with(begin)
    instr = OxmlElement("w:instrText", {qn("xml:space"): "preserve"})
    instr.text = f" {instruction} "
    run_with(instr)
    run_with(OxmlElement("w:fldChar", {qn("w:fldCharType"): "separate"}))
    placeholder = OxmlElement("w:t")
    placeholder.text = "1"
    run_with(placeholder)
    run_with(OxmlElement("w:fldChar", {qn("w:fldCharType"): "end"}))


# --- the element builder ---------------------------------------------------------------------
# Paragraphs and tables are written as WordprocessingML text and parsed by python-docx's
# ``parse_xml`` into its element classes: one parse per table instead of a python-docx object per
# cell, run and property (the whole table in C rather than ~80 Python element calls a row).
# User text goes in through ``escape`` and ``quoteattr`` only.
def _half_points(size: float) -> str:
    return str(round(size * 2))


def _runs_xml(runs: Iterable[Run]) -> str:
    parts = []
    for run in runs:
        props = ""
        if run.bold or run.italic or run.size or run.colour:
            props = (
                "<w:rPr>"
                + ("<w:b/>" if run.bold else "")
                + ("<w:i/>" if run.italic else "")
                + (f'<w:color w:val="{run.colour}"/>' if run.colour else "")
                + (
                    f'<w:sz w:val="{_half_points(run.size)}"/><w:szCs w:val="{_half_points(run.size)}"/>'
                    if run.size
                    else ""
                )
                + "</w:rPr>"
            )
        text = run.text
        space = ' xml:space="preserve"' if text[:1].isspace() or text[-1:].isspace() else ""
        parts.append(f"<w:r>{props}<w:t{space}>{escape(text, quote=False)}</w:t></w:r>")
    return "".join(parts)


def _paragraph_xml(runs: Iterable[Run], style: str | None = None, centre: bool = False, tight: bool = False) -> str:
    props = (
        (f'<w:pStyle w:val="{style}"/>' if style else "")
        + ('<w:spacing w:after="20"/>' if tight else "")
        + ('<w:jc w:val="center"/>' if centre else "")
    )
    return f"<w:p>{f'<w:pPr>{props}</w:pPr>' if props else ''}{_runs_xml(runs)}</w:p>"


def _row_xml(twips: Sequence[str], cells: Sequence[Cell], header_row: bool = False) -> str:
    parts = ["<w:tr><w:trPr><w:cantSplit/>", "<w:tblHeader/>" if header_row else "", "</w:trPr>"]
    for cell, width in zip(cells, twips, strict=True):
        fill = cell.fill or (HEADER_FILL if header_row else None)
        parts.append(
            f'<w:tc><w:tcPr><w:tcW w:w="{width}" w:type="dxa"/>'
            + (f'<w:shd w:val="clear" w:color="auto" w:fill="{fill}"/>' if fill else "")
            + ('<w:vAlign w:val="center"/>' if cell.centre else "")
            + "</w:tcPr>"
        )
        parts += [_paragraph_xml(runs, centre=cell.centre, tight=True) for runs in cell.paragraphs or ((),)]
        parts.append("</w:tc>")
    parts.append("</w:tr>")
    return "".join(parts)


class Body:
    """Appends paragraphs and tables to the document's body, before its section properties."""

    def __init__(self, document) -> None:
        self.document = document
        self.end = document.element.body.find(qn("w:sectPr"))

    def _place(self, xml: str):
        element = parse_xml(xml)
        self.end.addprevious(element)
        return element

    def paragraph(self, *runs: Run, style: str | None = None):
        return self._place(_paragraph_xml(runs, style=style).replace("<w:p>", f"<w:p {W_NAMESPACE}>", 1))

    def heading(self, text: str, level: int):
        return self.paragraph(Run(text), style=f"Heading{level}")

    def page_break(self) -> None:
        self._place(f'<w:p {W_NAMESPACE}><w:r><w:br w:type="page"/></w:r></w:p>')

    def picture(self, chart: Chart, width_mm: float, number: int) -> None:
        """The chart as an image whose alt text states its figures, then its caption."""
        from docx.text.paragraph import Paragraph

        p = self.paragraph()
        shape = Paragraph(p, self.document._body).add_run().add_picture(io.BytesIO(png(chart)), width=Mm(width_mm))
        doc_pr = shape._inline.docPr
        doc_pr.set("name", f"Chart: {chart.title}")
        doc_pr.set("title", chart.title)
        doc_pr.set("descr", chart.description)
        self.paragraph(Run(f"Figure {number}: {chart.title}"), style="Caption")

    def table(
        self,
        widths_mm: Sequence[float],
        header: Sequence[Cell],
        rows: Iterable[Sequence[Cell]],
        caption: str,
        about: str,
    ) -> None:
        """A table with a repeating header row, rows that do not split, a caption and description."""
        twips = [str(round(w * TWIPS_PER_MM)) for w in widths_mm]
        parts = [
            f"<w:tbl {W_NAMESPACE}><w:tblPr>",
            '<w:tblStyle w:val="TableGrid"/>',
            f'<w:tblW w:w="{sum(int(t) for t in twips)}" w:type="dxa"/>',
            '<w:tblLayout w:type="fixed"/>',
            '<w:tblLook w:val="0420" w:firstRow="1" w:lastRow="0" w:firstColumn="0" w:lastColumn="0"'
            ' w:noHBand="1" w:noVBand="1"/>',
            "<w:tblCaption/><w:tblDescription/>",  # their values are set below, by lxml
            "</w:tblPr><w:tblGrid>",
            *(f'<w:gridCol w:w="{width}"/>' for width in twips),
            "</w:tblGrid>",
            _row_xml(twips, header, header_row=True),
            *(_row_xml(twips, cells) for cells in rows),
            "</w:tbl>",
        ]
        properties = self._place("".join(parts)).find(qn("w:tblPr"))
        # Set by lxml, which writes a newline in an attribute as &#10;, kept when read back
        properties.find(qn("w:tblCaption")).set(qn("w:val"), caption)
        properties.find(qn("w:tblDescription")).set(qn("w:val"), about)


def text_cell(text: str, bold: bool = False, italic: bool = False, size: float | None = None) -> Cell:
    return Cell([[Run(line, bold=bold, italic=italic, size=size)] for line in text.split("\n")])


def rag_cell(rag: str | None, label: str | None = None) -> Cell:
    """A cell shaded in the rating's colour carrying its letter (or ``label``) in a readable ink."""
    fill, ink = RAG_COLOURS.get(rag, RAG_COLOURS[None])
    return Cell([[Run(label or rag_letter(rag), bold=True, colour=ink)]], fill=fill if rag else None, centre=True)


def header(*headings: str) -> list[Cell]:
    return [text_cell(heading, bold=True) for heading in headings]


# --- first pages -----------------------------------------------------------------------------
def _front_page(body: Body, document, report: Report) -> None:
    body.paragraph(Run(report.title), style="Title")
    body.paragraph(Run(report.heading), style="Subtitle")
    for label, value in (
        ("Organisation", report.organisation),
        ("Overseen by", report.overseeing_body),
        ("Lead contact", report.lead_contact),
        ("Strategic lead", report.strategic_lead),
        ("Last review", report.review_label),
    ):
        if value:
            body.paragraph(Run(f"{label}: ", bold=True), Run(value))
    body.paragraph(Run(report.italics_note, italic=True))
    if report.changes_only:
        body.paragraph(Run("Only the actions that changed since the last review are listed.", bold=True))

    body.heading("Summary", 1)
    summary_rows = []
    for label, count in report.summary:
        rag = next((r for r in RAG_ORDER if RAG_NAMES[r] == label), None)
        first = rag_cell(rag, label) if rag else text_cell(label)
        summary_rows.append([first, Cell([[Run(str(count))]], centre=True)])
    body.table(
        (70, 25),
        header("Measure", "Actions"),
        summary_rows,
        "Summary of the plan's actions",
        "How many actions have each RAG rating, how many are complete, withdrawn, overdue, "
        "and what changed since the last review.",
    )

    body.heading("Charts", 1)
    for number, chart in enumerate(charts(report), start=1):
        body.picture(chart, 150 if chart.key == "distribution" else 190, number)
        if chart.key == "trend":
            body.table(
                (44, *(22,) * 7),
                [
                    text_cell(TABLE_HEADINGS[0], bold=True),
                    *(rag_cell(rag, RAG_NAMES[rag]) for rag in RAG_ORDER),
                    *header(*TABLE_HEADINGS[5:]),
                ],
                (
                    [text_cell(values[0], bold=column.is_now)]
                    + [Cell([[Run(v, bold=column.is_now)]], centre=True) for v in values[1:]]
                    for column, values in zip(report.trend, trend_table(report.trend), strict=True)
                ),
                "RAG ratings at each review and now",
                "The figures of the trend chart: for each review, then now, the number of actions per RAG rating, "
                "withdrawn or superseded, and in all.",
            )

    body.heading("RAG key and definitions", 1)
    body.table(
        (14, 24, 150),
        header("RAG", "Rating", "Definition"),
        ([rag_cell(rag), text_cell(RAG_NAMES[rag], bold=True), text_cell(d)] for rag, d in report.rag_definitions),
        "RAG key and definitions",
        "What each RAG rating means in this plan, with the letter and colour used in the tables.",
    )
    if report.initials_key:
        body.heading("Key of initials", 1)
        body.paragraph(Run("; ".join(f"{initials} = {name}" for initials, name in report.initials_key)))
    if report.removed:
        body.heading("Removed from the plan since the last review", 1)
        for line in report.removed:
            body.paragraph(Run(line, italic=True))


# --- the actions -----------------------------------------------------------------------------
def _actions(body: Body, report: Report) -> None:
    body.page_break()
    themed = any(theme.name for theme in report.themes)
    if not themed:
        body.heading("Actions", 1)
    if not any(True for _ in report.actions()):
        body.paragraph(
            Run("No actions to report." if not report.changes_only else "No action has changed since the last review.")
        )
    widths = tuple(width for _, width in COLUMNS)
    for theme in report.themes:
        if theme.name:
            body.heading(theme.name, 1)
        for objective in theme.objectives:
            body.heading(objective.heading, 2)
            if objective.criteria:
                body.paragraph(Run(objective.criteria, size=8))
            if not objective.actions:
                body.paragraph(Run("No actions under this objective.", italic=True))
                continue
            body.table(
                widths,
                header(*(heading for heading, _ in COLUMNS)),
                (_action_row(action) for action in objective.actions),
                f"Actions: {objective.heading}",
                ACTIONS_DESCRIPTION,
            )
            body.paragraph()


def _action_row(action: ReportAction) -> list[Cell]:
    lines = action.text.split("\n")
    first = [Run(lines[0], italic=action.new)]
    if action.status != "open":
        first.insert(0, Run(action.status.upper() + ": ", bold=True))
    text = [first, *([Run(line, italic=action.new)] for line in lines[1:])]

    leads: list[Run] = []
    for number, officer in enumerate(action.leads):
        if number:
            leads.append(Run("/"))
        leads.append(Run(officer.initials, bold=officer.primary))

    redated = any(n.startswith("Re-dated") for n in action.notes)
    timescale = [[Run(action.timescale or "–", italic=redated)]]
    if action.due:
        timescale.append([Run(f"due {uk_date(action.due)}", size=8)])
    if action.overdue:
        timescale.append([Run("OVERDUE", bold=True, size=8)])
    if action.redated_note:
        timescale.append([Run(action.redated_note, bold=True, size=8)])

    progress = [[Run(line, italic=True)] for note in action.notes for line in note.split("\n")]
    progress += [[Run(line, italic=entry.new)] for entry in action.progress for line in entry.line().split("\n")]
    return [
        Cell([[Run(action.ref, bold=True)]]),
        Cell(text),
        Cell([leads]),
        Cell(timescale),
        Cell(progress),
        rag_cell(action.rag),
    ]
