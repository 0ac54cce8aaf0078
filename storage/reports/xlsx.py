"""The report as an Excel workbook (openpyxl), built to the public sector's spreadsheet guidance.

- "Actions": one row per action as a named Excel table ("Actions", a header row, filter buttons),
  the header frozen and printed on every page; the RAG cell filled in its colour and carrying the
  rating's word ("Amber"), so meaning never rests on colour alone.
- "Summary": the title and "as at" date, then named tables (counts, the trend across reviews, the
  RAG key, the key of initials) and native Excel charts of the RAG distribution now and of the
  trend, each with a caption that states its figures.
No merged cells anywhere; every text cell goes through ``spreadsheet_safe`` (nothing that begins
with = + - @ or a tab is ever stored as a formula); the report model has already shown control
characters as escapes, which openpyxl would otherwise refuse.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

from openpyxl import Workbook
from openpyxl.chart import BarChart, Reference
from openpyxl.chart.label import DataLabelList
from openpyxl.chart.series import DataPoint
from openpyxl.chart.shapes import GraphicalProperties
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.table import Table, TableStyleInfo

from models.text import spreadsheet_safe
from storage.reports.chart import RATINGS, TABLE_HEADINGS, distribution_chart, trend_chart, trend_table
from storage.reports.model import RAG_COLOURS, RAG_NAMES, RAG_ORDER, Report, uk_date
from storage.reports.tabular import ACTION_COLUMNS, action_values

HEADER_FILL = PatternFill("solid", fgColor="D9D9D9")
WRAP = Alignment(wrap_text=True, vertical="top")
CENTRE = Alignment(horizontal="center", vertical="center")
#: Plain tables: the RAG fills are the only colour, and no banding competes with them.
TABLE_STYLE = TableStyleInfo(name="TableStyleLight1", showRowStripes=False, showColumnStripes=False)
_COLUMN = {heading: number for number, (heading, _) in enumerate(ACTION_COLUMNS, start=1)}
CHART_COLUMN = "K"
CHART_COLUMN_WIDTH = 100


def _safe(value):
    return spreadsheet_safe(value) if isinstance(value, str) else value


def _fill(rag: str | None) -> tuple[str, str]:
    return ("D9D9D9", "000000") if rag in (None, "none") else RAG_COLOURS[rag]


def rag_style(cell, rag: str | None, text: str | None = None) -> None:
    """The rating's word (or ``text``) in bold on the rating's colour, in a readable ink."""
    cell.value = text or RAG_NAMES[rag]
    cell.alignment = CENTRE
    fill, ink = RAG_COLOURS.get(rag, RAG_COLOURS[None])
    cell.font = Font(bold=True, color=ink)
    if rag:
        cell.fill = PatternFill("solid", fgColor=fill)


def _header(sheet, row: int, headings, column: int = 1) -> None:
    for number, heading in enumerate(headings, start=column):
        cell = sheet.cell(row=row, column=number, value=_safe(heading))
        cell.font = Font(bold=True)
        cell.fill = HEADER_FILL
        cell.alignment = Alignment(wrap_text=True, vertical="center")


def _table(sheet, name: str, first_row: int, last_row: int, columns: int) -> None:
    """A named Excel table over a block whose first row is its header (at least one data row)."""
    ref = f"A{first_row}:{get_column_letter(columns)}{max(last_row, first_row + 1)}"
    table = Table(displayName=name, ref=ref, tableStyleInfo=TABLE_STYLE)
    sheet.add_table(table)


def write_xlsx(report: Report, path: Path | str) -> None:
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Actions"
    _actions(sheet, report)
    _summary(workbook.create_sheet("Summary"), report)
    workbook.properties.title = f"{report.title} – {report.heading}"
    workbook.properties.creator = report.author
    workbook.properties.language = "en-GB"
    workbook.properties.subject = report.heading
    workbook.save(str(path))


def _actions(sheet, report: Report) -> None:
    _header(sheet, 1, [heading for heading, _ in ACTION_COLUMNS])
    for number, (_, width) in enumerate(ACTION_COLUMNS, start=1):
        sheet.column_dimensions[get_column_letter(number)].width = width
    row_number = 1
    for row_number, (action, values) in enumerate(action_values(report), start=2):
        for column, value in enumerate(values, start=1):
            cell = sheet.cell(row=row_number, column=column, value=_safe(value))
            cell.alignment = WRAP
            if isinstance(value, date):
                cell.number_format = "DD/MM/YYYY"
        rag_style(sheet.cell(row=row_number, column=_COLUMN["RAG"]), action.rag)
        changes = sheet.cell(row=row_number, column=_COLUMN["Changed since last review"])
        changes.font = Font(italic=True)
        if action.new:
            sheet.cell(row=row_number, column=_COLUMN["Action"]).font = Font(italic=True)
        if action.overdue:
            sheet.cell(row=row_number, column=_COLUMN["Overdue"]).font = Font(bold=True)
        sheet.row_dimensions[row_number].height = _height(values)
    _table(sheet, "Actions", 1, row_number, len(ACTION_COLUMNS))
    sheet.freeze_panes = "A2"
    sheet.print_options.gridLines = True
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
    sheet.print_title_rows = "1:1"
    sheet.oddFooter.center.text = _footer(report)


def _height(values) -> float:
    """The row's height in points for its wrapped text: LibreOffice and printing do not size rows
    themselves. A width unit holds about one character (a little more for most text)."""
    lines = 1
    for value, (_, width) in zip(values, ACTION_COLUMNS, strict=True):
        if isinstance(value, str):
            lines = max(lines, sum(1 + len(line) // round(width * 1.2) for line in value.split("\n")))
    return min(409, 15 * lines)


def _footer(report: Report) -> str:
    # header/footer codes start with &: a plan title's own & is doubled so it prints as itself
    return report.footer.replace("&", "&&") + " – Page &P of &N"


def _summary(sheet, report: Report) -> None:
    sheet.column_dimensions["A"].width = 34
    for letter in "BCDEFGH":
        sheet.column_dimensions[letter].width = 14
    sheet["A1"] = _safe(report.title)
    sheet["A1"].font = Font(bold=True, size=14)
    sheet["A2"] = _safe(report.heading)
    sheet["A2"].font = Font(bold=True)
    sheet["A3"] = _safe(report.italics_note)
    sheet["A3"].font = Font(italic=True)
    if report.review_as_at:
        sheet["A4"] = _safe(f"Last review: {report.review_label} ({uk_date(report.review_as_at)})")

    row = 6
    counts_at = row
    _header(sheet, row, ["Measure", "Actions"])
    for label, count in report.summary:
        row += 1
        sheet.cell(row=row, column=1, value=_safe(label))
        sheet.cell(row=row, column=2, value=count)
        rag = next((r for r in RAG_ORDER if RAG_NAMES[r] == label), None)
        if rag:
            rag_style(sheet.cell(row=row, column=1), rag, label)
    _table(sheet, "Counts", counts_at, row, 2)
    _distribution_chart(sheet, report, counts_at)

    trend_at = None
    if report.has_trend:
        row += 2
        trend_at = row
        _header(sheet, row, TABLE_HEADINGS)
        for column, rag in enumerate(RAG_ORDER, start=2):
            rag_style(sheet.cell(row=row, column=column), rag)
        for values in trend_table(report.trend):
            row += 1
            sheet.cell(row=row, column=1, value=_safe(values[0]))
            for column, value in enumerate(values[1:], start=2):
                sheet.cell(row=row, column=column, value=int(value))
        _table(sheet, "Trend", trend_at, row, len(TABLE_HEADINGS))

    row += 2
    key_at = row
    _header(sheet, row, ["RAG rating", "Definition"])
    for rag, definition in report.rag_definitions:
        row += 1
        rag_style(sheet.cell(row=row, column=1), rag)
        sheet.cell(row=row, column=2, value=_safe(definition))
    _table(sheet, "RAG_key", key_at, row, 2)
    if report.initials_key:
        row += 2
        initials_at = row
        _header(sheet, row, ["Initials", "Name"])
        for initials, name in report.initials_key:
            row += 1
            sheet.cell(row=row, column=1, value=_safe(initials))
            sheet.cell(row=row, column=2, value=_safe(name))
        _table(sheet, "Initials", initials_at, row, 2)
    if trend_at is not None:
        _trend_chart(sheet, report, trend_at, max(row + 2, counts_at + 22))
    # printed: the tables and charts on landscape A4, one page across
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    sheet.page_setup.fitToWidth, sheet.page_setup.fitToHeight = 1, 0
    sheet.oddFooter.center.text = _footer(report)


def _counts_only() -> DataLabelList:
    """Each bar's count as its label, without the series and category names beside it."""
    return DataLabelList(showVal=True, showSerName=False, showCatName=False, showLegendKey=False, showPercent=False)


def _caption(sheet, row: int, number: int, title: str, description: str) -> None:
    """A chart's caption above it: its title, then a sentence with every figure it shows."""
    sheet[f"{CHART_COLUMN}{row}"] = _safe(f"Figure {number}: {title}")
    sheet[f"{CHART_COLUMN}{row}"].font = Font(bold=True)
    sheet[f"{CHART_COLUMN}{row + 1}"] = _safe(description)
    sheet[f"{CHART_COLUMN}{row + 1}"].alignment = WRAP
    sheet.column_dimensions[CHART_COLUMN].width = CHART_COLUMN_WIDTH  # the charts sit within it
    sheet.row_dimensions[row + 1].height = 15 * (1 + len(description) // round(CHART_COLUMN_WIDTH * 1.2))


def _distribution_chart(sheet, report: Report, counts_at: int) -> None:
    """A bar per rating, coloured as the rating, its count as a label, from the Counts table."""
    described = distribution_chart(report)
    _caption(sheet, counts_at - 2, 1, described.title, described.description)
    first, last = counts_at + 1, counts_at + len(RATINGS)  # Red ... Not rated, in RATINGS order
    chart = BarChart()
    chart.type = "bar"
    chart.title = described.title
    chart.y_axis.title = "Actions"
    chart.legend = None
    chart.add_data(Reference(sheet, min_col=2, min_row=counts_at, max_row=last), titles_from_data=True)
    chart.set_categories(Reference(sheet, min_col=1, min_row=first, max_row=last))
    series = chart.series[0]
    for index, rag in enumerate(RATINGS):
        point = DataPoint(idx=index)
        point.graphicalProperties = GraphicalProperties(solidFill=_fill(rag)[0])
        point.graphicalProperties.line.solidFill = "000000"
        series.dPt.append(point)
    series.dLbls = _counts_only()
    chart.x_axis.scaling.orientation = "maxMin"  # Red at the top, as in the table
    chart.x_axis.delete = False
    chart.y_axis.delete = False
    chart.height, chart.width = 7.5, 16
    sheet.add_chart(chart, f"{CHART_COLUMN}{counts_at}")


def _trend_chart(sheet, report: Report, trend_at: int, at_row: int) -> None:
    """Stacked columns per review and now, a series per rating, from the Trend table."""
    described = trend_chart(report)
    _caption(sheet, at_row - 2, 2, described.title, described.description)
    last = trend_at + len(report.trend)
    chart = BarChart()
    chart.type = "col"
    chart.grouping = "stacked"
    chart.overlap = 100
    chart.title = described.title
    chart.y_axis.title = "Actions"
    for column, rag in enumerate(RATINGS, start=2):
        chart.add_data(Reference(sheet, min_col=column, min_row=trend_at, max_row=last), titles_from_data=True)
        series = chart.series[-1]
        series.graphicalProperties = GraphicalProperties(solidFill=_fill(rag)[0])
        series.graphicalProperties.line.solidFill = "000000"
        series.dLbls = _counts_only()
    chart.set_categories(Reference(sheet, min_col=1, min_row=trend_at + 1, max_row=last))
    chart.x_axis.delete = False
    chart.y_axis.delete = False
    chart.height, chart.width = 9, 18
    sheet.add_chart(chart, f"{CHART_COLUMN}{at_row}")
