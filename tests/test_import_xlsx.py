"""Excel workbooks read value by value: fills (RGB, theme with tint, indexed), merged ranges,
real dates, numeric refs, a 'Status' column that holds the RAG colour, several sheets.

Every workbook is built here with openpyxl (no binary files are committed).
"""

from __future__ import annotations

from datetime import datetime

import openpyxl
import pytest
from openpyxl.styles import Color, PatternFill

from storage.importing import read_document_layout
from storage.importing.xlsx_grid import cell_text


def fill(cell, rgb=None, theme=None, tint=0.0, indexed=None):
    if rgb:
        colour = Color(rgb=rgb)
    elif theme is not None:
        colour = Color(theme=theme, tint=tint)
    else:
        colour = Color(indexed=indexed)
    cell.fill = PatternFill("solid", fgColor=colour)


@pytest.fixture(scope="module")
def workbook_path(tmp_path_factory):
    workbook = openpyxl.Workbook()  # openpyxl writes the Office 2007 theme: read from the file
    sheet = workbook.active
    sheet.title = "Action plan"
    sheet["A1"] = "Youth Justice Improvement Plan"
    sheet.merge_cells("A1:G1")
    sheet["A2"] = None
    sheet.append(["No.", "Driver", "Milestone", "Responsible Officer", "Deadline", "Comments", "Status"])
    rows = [
        (
            1,
            "Reduce first-time entrants",
            "Set up the triage panel",
            "Head of Service, Dominic Tumelty",
            datetime(2027, 3, 31),
            "✓ Panel agreed ⇒ Recruit members",
            ("rgb", "FFFF0000"),
        ),
        (None, None, "and publish its terms of reference", None, None, "⇒ Publish", None),
        (2, None, "Train the panel", "JR and KL", "Q3 2025/26", None, ("theme", 6, 0.0)),  # accent3: green
        (
            3,
            None,
            "Review the out-of-court offer",
            "Jackie Roper/Keith Lander",
            "2025-26",
            None,
            ("theme", 9, 0.4),
        ),  # accent6 (orange) lighter 40%: amber
        (
            4,
            "Improve education outcomes",
            "Link with the virtual school",
            "Sarah Platt",
            "Ongoing",
            None,
            ("indexed", 12),
        ),  # legacy palette blue
        (5, None, "Agree a reading programme", "Sarah Platt", "End of March", None, ("rgb", "FFFFFFFF")),
    ]
    for number, (ref, driver, action, lead, when, comments, colour) in enumerate(rows, start=4):
        sheet.append([ref, driver, action, lead, when, comments, None])
        if colour:
            kind, *args = colour
            target = sheet.cell(row=number, column=7)
            if kind == "rgb":
                fill(target, rgb=args[0])
            elif kind == "theme":
                fill(target, theme=args[0], tint=args[1])
            else:
                fill(target, indexed=args[0])
    sheet.merge_cells("B4:B7")  # the driver spans its actions; merged cells keep the top-left value
    sheet["E4"].number_format = "DD/MM/YYYY"
    sheet.append([])
    sheet.append(["Key: JR = Jackie Roper, KL = Keith Lander"])
    hidden = workbook.create_sheet("Old")
    hidden.sheet_state = "hidden"
    hidden.append(["Ref", "Action", "Lead"])
    notes = workbook.create_sheet("Notes")
    notes.append(["Summary", "Count"])
    path = tmp_path_factory.mktemp("xlsx") / "youth_justice.xlsx"
    workbook.save(path)
    return path


@pytest.fixture(scope="module")
def reading(workbook_path):
    return read_document_layout(workbook_path)


def test_plan_objectives_and_refs(reading):
    plan = reading.plan
    assert reading.kind == "Excel workbook"
    assert plan.title == "Youth Justice Improvement Plan"  # the merged title row above the header
    assert [(o.ref, o.text) for o in plan.objectives] == [
        ("1", "Reduce first-time entrants"),
        ("2", "Improve education outcomes"),
    ]
    assert [[a.ref for a in o.actions] for o in plan.objectives] == [["1", "2", "3"], ["4", "5"]]
    assert {(o.name, o.initials) for o in plan.officers} == {("Jackie Roper", "JR"), ("Keith Lander", "KL")}


def test_status_column_holding_colours_is_read_as_rag(reading):
    (layout,) = reading.layouts
    status = layout.columns[6]
    assert (status.header, status.field, status.how) == ("Status", "rag", "guessed")
    assert "coloured" in status.reason
    assert [(c.header, c.field, c.how) for c in layout.columns[:6]] == [
        ("No.", "ref", "recognised"),
        ("Driver", "objective", "recognised"),
        ("Milestone", "action", "recognised"),
        ("Responsible Officer", "lead", "recognised"),
        ("Deadline", "timescale", "recognised"),
        ("Comments", "progress", "recognised"),
    ]


def test_every_value(reading):
    actions = {a.ref: a for a in reading.plan.actions}
    first = actions["1"]
    assert first.text == "Set up the triage panel and publish its terms of reference"
    assert first.timescale == "31/03/2027"  # a real date cell, written day-first
    assert [(o.name, o.job_title) for o in first.leads] == [("Dominic Tumelty", "Head of Service")]
    assert [(p.kind, p.text) for p in first.progress] == [
        ("achieved", "Panel agreed"),
        ("next", "Recruit members"),
        ("next", "Publish"),
    ]
    assert [(a.ref, a.rag) for a in reading.plan.actions] == [
        ("1", "red"),
        ("2", "green"),
        ("3", "amber"),
        ("4", "blue"),
        ("5", None),
    ]
    assert [o.name for o in actions["2"].leads] == ["Jackie Roper", "Keith Lander"]
    assert [o.name for o in actions["3"].leads] == ["Jackie Roper", "Keith Lander"]
    assert [a.timescale for a in reading.plan.actions] == [
        "31/03/2027",
        "Q3 2025/26",
        "2025-26",
        "Ongoing",
        "End of March",
    ]
    # blue means complete
    assert [a.status for a in reading.plan.actions] == ["open", "open", "open", "complete", "open"]


def test_sheets_without_a_plan_are_noted(reading):
    notes = [str(n) for n in reading.plan.notes]
    assert "hidden sheets not read: Old" in notes
    assert "sheet 'Notes': no header row recognised (Ref, Action, Lead, Timescale...): 1 rows skipped" in notes
    assert "sheet 'Action plan' row 5: no reference: joined to 1 (a row continued over a page break)" in notes


@pytest.mark.parametrize(
    ("value", "text"),
    [
        (None, ""),
        (datetime(2027, 3, 31), "31/03/2027"),
        (datetime(2027, 3, 31, 9, 30), "31/03/2027"),
        (1.0, "1"),
        (1.1, "1.1"),
        (0.1 + 0.2, "0.3"),
        (12, "12"),
        (True, "TRUE"),
        (" 2a ", "2a"),
    ],
)
def test_cell_text(value, text):
    assert cell_text(value) == text


def test_merged_heading_rows_and_a_plain_status_column(tmp_path):
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append(["Ref", "Action", "Owner", "By when", "RAG", "Status"])
    sheet.append(["Theme: Education"])
    sheet.merge_cells("A2:F2")
    sheet.append(["Objective 1 - Attendance"])
    sheet.merge_cells("A3:F3")
    sheet.append(["1.1", "Daily attendance calls", "Keith Lander", "Termly", "G", "In progress"])
    sheet.append(["1.2", "Close the old register", "Keith Lander", "", "Complete", "Completed"])
    sheet.append(["1.3", "Stop the paper returns", "Keith Lander", "", "", "Withdrawn"])
    path = tmp_path / "themes.xlsx"
    workbook.save(path)
    reading = read_document_layout(path)
    assert [c.field for c in reading.layouts[0].columns] == ["ref", "action", "lead", "timescale", "rag", "status"]
    (objective,) = reading.plan.objectives
    assert (objective.ref, objective.text, objective.theme) == ("1", "Attendance", "Education")
    assert [(a.ref, a.rag, a.status) for a in objective.actions] == [
        ("1.1", "green", "open"),
        ("1.2", "blue", "complete"),
        ("1.3", None, "withdrawn"),
    ]


def test_a_stray_cell_far_below_the_plan_is_not_a_million_rows(tmp_path):
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append(["Ref", "Action", "Lead"])
    sheet.append(["1", "Do it", "Jackie Roper"])
    sheet.cell(row=900_000, column=1).value = "stray"
    path = tmp_path / "stray.xlsx"
    workbook.save(path)
    reading = read_document_layout(path)
    assert [(a.ref, a.text) for a in reading.plan.actions] == [("1", "Do it")]
    assert reading.plan.notes == []


def test_the_streamed_sheet_reads_every_cell_as_openpyxl_does(tmp_path):
    """The sheets are streamed by the importer's own reader (for speed), not openpyxl's: every
    kind of cell must read exactly as openpyxl's read-only sheet reads it. The sheet XML is
    written by hand where openpyxl would not write it so (inline rich text with phonetic runs,
    rows with no number, a row out of order, cells with no reference, a missing value)."""
    import zipfile

    from storage.importing.xlsx_grid import read_xlsx

    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = "Plan"
    sheet.append(["Ref", "Action", "Due", "Done", "Score", "Note"])
    sheet.append(["1a", "Shared & <escaped>", datetime(2027, 3, 31), True, 2.0, "=1+1"])
    sheet.append(["1b", "Second\r\nline", datetime(2027, 1, 5, 9, 30), False, 2.5, None])
    fill(sheet["F3"], rgb="FFFF0000")
    sheet.merge_cells("B4:C5")
    sheet["B4"] = "merged"
    sheet["A9"] = 12345678901
    path = tmp_path / "stream.xlsx"
    workbook.save(path)
    with zipfile.ZipFile(path) as package:
        parts = {name: package.read(name) for name in package.namelist()}
    xml = parts["xl/worksheets/sheet1.xml"].decode()
    extra = (
        '<row><c t="inlineStr"><is><r><t>Rich </t></r><r><t xml:space="preserve">text </t></r>'
        '<rPh sb="0" eb="1"><t>skipped</t></rPh></is></c><c/><c t="inlineStr"><is><t>after a gap</t></is></c></row>'
        '<row r="11"><c r="A11" t="n"><v></v></c><c r="B11" t="str"><v>formula text</v></c>'
        '<c r="C11" t="e"><v>#N/A</v></c></row>'
        '<row r="10"><c r="A10" t="inlineStr"><is><t>out of order</t></is></c></row>'
    )
    xml = xml.replace("</sheetData>", extra + "</sheetData>")
    parts["xl/worksheets/sheet1.xml"] = xml.encode()
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as package:
        for name, data in parts.items():
            package.writestr(name, data)

    book = openpyxl.load_workbook(path, read_only=True, data_only=True)
    book.active.reset_dimensions()  # every row in the file, not the <dimension> it declares
    expected = [[cell_text(c.value) for c in row] for row in book.active.iter_rows()]
    book.close()
    width = max(len(row) for row in expected)
    expected = [row + [""] * (width - len(row)) for row in expected]
    table = read_xlsx(path).tables[0]
    got = [[c.text if not (c.spans_left or c.continued) else "" for c in row.cells] for row in table.rows]
    assert got == expected
    assert got[9] == ["Rich text", "", "after a gap", "", "", ""]  # the row with no number: row 10
    assert got[10][:3] == ["", "formula text", "#N/A"]  # row 11; the row numbered 10 after it is not read
    assert table.rows[2].cells[5].fill == "FF0000"
    assert [c.text for c in table.rows[4].cells[1:3]] == ["merged", "merged"]  # the merged range's repeat
