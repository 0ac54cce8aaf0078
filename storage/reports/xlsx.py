"""The report as an Excel workbook (openpyxl): one row per action on "Actions", with the RAG
cell filled in its colour and carrying its letter, a frozen header row, filters and sensible
widths; a "Summary" sheet with the counts, the RAG trend, the RAG key and the key of initials.

Every text cell goes through ``spreadsheet_safe`` (nothing that begins with = + - @ or a tab is
ever stored as a formula); the report model has already shown control characters as escapes,
which openpyxl would otherwise refuse.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from models.text import spreadsheet_safe
from storage.reports.chart import TABLE_HEADINGS, trend_table
from storage.reports.model import RAG_COLOURS, RAG_NAMES, RAG_ORDER, Report, rag_letter, uk_date
from storage.reports.tabular import ACTION_COLUMNS, action_values

HEADER_FILL = PatternFill("solid", fgColor="D9D9D9")
WRAP = Alignment(wrap_text=True, vertical="top")
CENTRE = Alignment(horizontal="center", vertical="center")
_COLUMN = {heading: number for number, (heading, _) in enumerate(ACTION_COLUMNS, start=1)}


def _safe(value):
    return spreadsheet_safe(value) if isinstance(value, str) else value


def rag_style(cell, rag: str | None) -> None:
    """Fill a cell in the rating's colour, its letter in bold, readable on the fill."""
    cell.value = rag_letter(rag)
    cell.alignment = CENTRE
    fill, ink = RAG_COLOURS.get(rag, RAG_COLOURS[None])
    cell.font = Font(bold=True, color=ink)
    if rag:
        cell.fill = PatternFill("solid", fgColor=fill)


def _header(sheet, row: int, headings) -> None:
    for number, heading in enumerate(headings, start=1):
        cell = sheet.cell(row=row, column=number, value=_safe(heading))
        cell.font = Font(bold=True)
        cell.fill = HEADER_FILL
        cell.alignment = Alignment(wrap_text=True, vertical="center")


def write_xlsx(report: Report, path: Path | str) -> None:
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Actions"
    _actions(sheet, report)
    _summary(workbook.create_sheet("Summary"), report)
    workbook.properties.title = f"{report.title} – {report.heading}"
    workbook.save(str(path))


def _actions(sheet, report: Report) -> None:
    _header(sheet, 1, [heading for heading, _ in ACTION_COLUMNS])
    for number, (_, width) in enumerate(ACTION_COLUMNS, start=1):
        sheet.column_dimensions[get_column_letter(number)].width = width
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
    sheet.freeze_panes = "A2"
    last = get_column_letter(len(ACTION_COLUMNS))
    sheet.auto_filter.ref = f"A1:{last}{max(sheet.max_row, 1)}"
    sheet.print_options.gridLines = True
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
    sheet.print_title_rows = "1:1"
    sheet.oddFooter.center.text = _footer(report)


def _footer(report: Report) -> str:
    # header/footer codes start with &: a plan title's own & is doubled so it prints as itself
    return report.footer.replace("&", "&&") + " – Page &P of &N"


def _summary(sheet, report: Report) -> None:
    sheet.column_dimensions["A"].width = 34
    for column in "BCDEFGH":
        sheet.column_dimensions[column].width = 14
    sheet["A1"] = _safe(report.title)
    sheet["A1"].font = Font(bold=True, size=14)
    sheet["A2"] = _safe(report.heading)
    sheet["A2"].font = Font(bold=True)
    sheet["A3"] = _safe(report.italics_note)
    sheet["A3"].font = Font(italic=True)
    row = 5
    _header(sheet, row, ["Summary", "Actions"])
    for label, count in report.summary:
        row += 1
        sheet.cell(row=row, column=1, value=_safe(label))
        sheet.cell(row=row, column=2, value=count)
        rag = next((r for r in RAG_ORDER if RAG_NAMES[r] == label), None)
        if rag:
            rag_style(sheet.cell(row=row, column=1), rag)
            sheet.cell(row=row, column=1).value = label
    row += 2
    if report.has_trend:
        sheet.cell(row=row, column=1, value="RAG trend across reviews").font = Font(bold=True)
        row += 1
        _header(sheet, row, TABLE_HEADINGS)
        for column, rag in enumerate(RAG_ORDER, start=2):
            rag_style(sheet.cell(row=row, column=column), rag)
            sheet.cell(row=row, column=column).value = RAG_NAMES[rag]
        for values in trend_table(report.trend):
            row += 1
            sheet.cell(row=row, column=1, value=_safe(values[0]))
            for column, value in enumerate(values[1:], start=2):
                sheet.cell(row=row, column=column, value=int(value))
        row += 2
    sheet.cell(row=row, column=1, value="RAG key and definitions").font = Font(bold=True)
    for rag, definition in report.rag_definitions:
        row += 1
        rag_style(sheet.cell(row=row, column=1), rag)
        sheet.cell(row=row, column=1).value = f"{rag_letter(rag)}  {RAG_NAMES[rag]}"
        sheet.cell(row=row, column=2, value=_safe(definition))
    if report.initials_key:
        row += 2
        sheet.cell(row=row, column=1, value="Key of initials").font = Font(bold=True)
        for initials, name in report.initials_key:
            row += 1
            sheet.cell(row=row, column=1, value=_safe(initials))
            sheet.cell(row=row, column=2, value=_safe(name))
    if report.review_as_at:
        row += 2
        sheet.cell(row=row, column=1, value="Last review")
        sheet.cell(row=row, column=2, value=_safe(f"{report.review_label} ({uk_date(report.review_as_at)})"))
