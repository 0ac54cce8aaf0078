"""The Excel report, opened again with openpyxl: one row per action, RAG fills, frozen header,
formulas neutralised, italics for what changed."""

from __future__ import annotations

from datetime import datetime

import pytest
from openpyxl import load_workbook
from test_export_model import AS_AT, build_scenario

from storage.reports import export_report
from storage.reports.model import build_report
from storage.reports.tabular import ACTION_COLUMNS

COLUMN = {heading: number for number, (heading, _) in enumerate(ACTION_COLUMNS)}


@pytest.fixture
def workbook(db, tmp_path):
    scenario = build_scenario(db)
    path = tmp_path / "report.xlsx"
    export_report(build_report(db.reader(), scenario.plan, as_at=AS_AT), "xlsx", path)
    return load_workbook(path)


def rows(sheet):
    return {row[COLUMN["Ref"]].value: row for row in sheet.iter_rows(min_row=2)}


def test_one_row_per_action_with_a_frozen_header_and_widths(workbook):
    sheet = workbook["Actions"]
    assert [c.value for c in sheet[1]] == [heading for heading, _ in ACTION_COLUMNS]
    assert sheet.freeze_panes == "A2"
    assert sheet.auto_filter.ref.startswith("A1:")
    assert sheet.column_dimensions["D"].width == 50 and sheet.column_dimensions["C"].width == 6
    assert list(rows(sheet)) == ["1a", "1b", "2a", "2b"]
    a1 = rows(sheet)["1a"]
    assert a1[COLUMN["Theme"]].value == "COMMITMENT"
    assert a1[COLUMN["Leads"]].value == "JR/KL"
    assert a1[COLUMN["Lead names"]].value == "Jackie Roper; Keith Lander"
    assert a1[COLUMN["Timescale"]].value == "12/15"
    assert a1[COLUMN["Due"]].value == datetime(2015, 12, 31) and a1[COLUMN["Due"]].number_format == "DD/MM/YYYY"
    assert a1[COLUMN["Overdue"]].value is None
    assert a1[COLUMN["Times re-dated"]].value == 2
    assert a1[COLUMN["Progress"]].value == "✓ 01/08/2014 – Sits on the steering group\n⇒ 01/08/2015 – Book the venue"
    assert a1[COLUMN["Progress"]].alignment.wrap_text


def test_rag_cells_are_filled_in_colour_with_the_letter(workbook):
    found = rows(workbook["Actions"])
    for ref, letter, colour in (("1a", "A", "FFC000"), ("1b", "G", "00B050"), ("2a", "R", "C00000")):
        cell = found[ref][COLUMN["RAG"]]
        assert cell.value == letter and cell.fill.fill_type == "solid" and cell.fill.fgColor.rgb.endswith(colour)
        assert cell.font.bold
    assert found["2a"][COLUMN["RAG"]].font.color.rgb.endswith("FFFFFF")  # white on dark red
    assert found["2b"][COLUMN["RAG"]].value == "–" and found["2b"][COLUMN["RAG"]].fill.fill_type is None


def test_changes_in_italics(workbook):
    found = rows(workbook["Actions"])
    changes = found["1a"][COLUMN["Changed since last review"]]
    assert changes.value == ("Re-dated: 09/14 → 12/15\nRAG Red → Amber: Training booked for May\n1 new progress entry")
    assert changes.font.italic
    assert found["2b"][COLUMN["Action"]].font.italic and not found["1a"][COLUMN["Action"]].font.italic
    assert found["1b"][COLUMN["Changed since last review"]].value is None


def test_formulas_are_neutralised_and_control_characters_do_not_break_the_file(workbook):
    found = rows(workbook["Actions"])
    text = found["2b"][COLUMN["Action"]]
    assert text.data_type == "s" and text.value.startswith("'=HYPERLINK(")
    assert "\\x1b[31m" in text.value
    assert found["1b"][COLUMN["Action"]].value == "'-2 Link with the task group"
    assert found["2b"][COLUMN["Timescale"]].value == "'\tMarch 2016"
    assert found["2a"][COLUMN["Action"]].value == "'+44 Trial the Hub"
    assert found["2b"][COLUMN["Progress"]].value == "• +44 line\nsecond line"  # + not leading: kept
    for row in workbook["Actions"].iter_rows():
        for cell in row:
            assert cell.data_type != "f"


def test_summary_sheet_has_counts_trend_and_keys(workbook):
    sheet = workbook["Summary"]
    values = [[c.value for c in row] for row in sheet.iter_rows()]
    assert values[0][0] == "Care2Work & Co" and values[1][0] == "ONGOING ACTIONS – SUMMARY VERSION as at 22/09/2015"
    labels = {row[0]: row[1] for row in values if row[0]}
    assert labels["Amber"] == 1 and labels["Changed since the last review"] == 3
    assert labels["Now (22/09/2015)"] == 0 and labels["22/07/2015"] == 2
    assert labels["R  Red"] == "Substantial challenges" and labels["JR"] == "Jackie Roper"
    red = next(c for row in sheet.iter_rows() for c in row if c.value == "R  Red")
    assert red.fill.fgColor.rgb.endswith("C00000")
    assert "&P" in workbook["Actions"].oddFooter.center.text
