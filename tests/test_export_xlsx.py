"""The Excel report, opened again with openpyxl: one row per action as a named Excel table, RAG
fills with the rating's word, frozen header, no merged cells, formulas neutralised, italics for
what changed, and a summary sheet with named tables and native charts."""

from __future__ import annotations

from datetime import datetime

import pytest
from openpyxl import load_workbook
from store_view import view
from test_export_model import AS_AT, build_scenario

from storage.reports import export_report
from storage.reports.model import build_report
from storage.reports.tabular import ACTION_COLUMNS

COLUMN = {heading: number for number, (heading, _) in enumerate(ACTION_COLUMNS)}


@pytest.fixture
def xlsx_path(db, tmp_path):
    scenario = build_scenario(db)
    path = tmp_path / "report.xlsx"
    export_report(build_report(view(db), scenario.plan, as_at=AS_AT), "xlsx", path)
    return path


@pytest.fixture
def workbook(xlsx_path):
    return load_workbook(xlsx_path)


def rows(sheet):
    return {row[COLUMN["Ref"]].value: row for row in sheet.iter_rows(min_row=2)}


def test_one_row_per_action_with_a_frozen_header_and_widths(workbook):
    sheet = workbook["Actions"]
    assert [c.value for c in sheet[1]] == [heading for heading, _ in ACTION_COLUMNS]
    assert sheet.freeze_panes == "A2"
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


def test_rag_cells_are_filled_in_colour_with_the_word(workbook):
    found = rows(workbook["Actions"])
    for ref, letter, colour in (("1a", "Amber", "FFC000"), ("1b", "Green", "00B050"), ("2a", "Red", "C00000")):
        cell = found[ref][COLUMN["RAG"]]
        assert cell.value == letter and cell.fill.fill_type == "solid" and cell.fill.fgColor.rgb.endswith(colour)
        assert cell.font.bold
    assert found["2a"][COLUMN["RAG"]].font.color.rgb.endswith("FFFFFF")  # white on dark red
    assert found["2b"][COLUMN["RAG"]].value == "Not rated" and found["2b"][COLUMN["RAG"]].fill.fill_type is None


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

    def block(name):
        first, last = sheet.tables[name].ref.split(":")
        return {row[0].value: row[1].value for row in sheet[first:last][1:]}

    assert block("Counts")["Amber"] == 1 and block("Counts")["Changed since the last review"] == 3
    assert block("Trend")["Now (22/09/2015)"] == 0 and block("Trend")["22/07/2015"] == 2
    assert block("RAG_key")["Red"] == "Substantial challenges" and block("Initials")["JR"] == "Jackie Roper"
    key = sheet.tables["RAG_key"]
    red = sheet[key.ref.split(":")[0]].offset(row=1)
    assert red.value == "Red" and red.fill.fgColor.rgb.endswith("C00000")
    assert "&P" in workbook["Actions"].oddFooter.center.text


def test_actions_are_a_named_excel_table_with_a_header_row(workbook):
    sheet = workbook["Actions"]
    table = sheet.tables["Actions"]
    assert table.ref == f"A1:O{sheet.max_row}" and sheet.max_row == 5
    assert table.headerRowCount in (None, 1) and table.autoFilter is not None
    assert [column.name for column in table.tableColumns] == [heading for heading, _ in ACTION_COLUMNS]
    assert sheet.auto_filter.ref is None  # a sheet filter over a table makes Excel repair the file


def test_sheet_names_say_what_they_hold_and_nothing_is_merged(workbook):
    assert workbook.sheetnames == ["Actions", "Summary"]
    for sheet in workbook.worksheets:
        assert not sheet.merged_cells.ranges, sheet.title
    summary = workbook["Summary"]
    assert set(summary.tables) == {"Counts", "Trend", "RAG_key", "Initials"}
    for name in summary.tables:
        header = summary[summary.tables[name].ref.split(":")[0]]
        assert header.value and header.font.bold, name
    assert workbook.properties.title.startswith("Care2Work & Co")
    assert workbook.properties.creator == "Leeds City Council"


def test_summary_has_native_charts_of_the_distribution_and_the_trend(xlsx_path, workbook):
    import zipfile

    from lxml import etree

    ns = {"c": "http://schemas.openxmlformats.org/drawingml/2006/chart"}
    with zipfile.ZipFile(xlsx_path) as archive:
        names = sorted(n for n in archive.namelist() if n.startswith("xl/charts/chart"))
        assert len(names) == 2
        distribution, trend = (etree.fromstring(archive.read(name)) for name in names)
    # the distribution: one bar per rating from the Counts table, each coloured as its rating
    assert distribution.find(".//c:barDir", ns).get("val") == "bar"
    [series] = distribution.findall(".//c:ser", ns)
    assert series.find("c:val//c:f", ns).text == "'Summary'!$B$7:$B$11"
    assert series.find("c:cat//c:f", ns).text == "'Summary'!$A$7:$A$11"
    fills = [
        p.find(".//a:srgbClr", {"a": "http://schemas.openxmlformats.org/drawingml/2006/main"})
        for p in series.findall("c:dPt", ns)
    ]
    assert [f.get("val") for f in fills] == ["C00000", "FFC000", "00B050", "0070C0", "D9D9D9"]
    categories = [workbook["Summary"][f"A{row}"].value for row in range(7, 12)]
    assert categories == ["Red", "Amber", "Green", "Blue", "Not rated"]
    # the trend: stacked columns, a series per rating over the reviews and now
    assert trend.find(".//c:grouping", ns).get("val") == "stacked"
    assert len(trend.findall(".//c:ser", ns)) == 5
    # each chart's caption states its figures in a cell above it
    texts = [c.value for row in workbook["Summary"].iter_rows() for c in row if isinstance(c.value, str)]
    assert "Figure 1: Actions by RAG rating as at 22/09/2015" in texts
    assert any("Red 0, Amber 1, Green 1, Blue (complete) 0, Not rated 1" in t for t in texts)
