"""The Word report, opened again with python-docx: layout, values, RAG shading and italics."""

from __future__ import annotations

from datetime import date

import pytest
from docx import Document
from docx.enum.section import WD_ORIENT
from docx.oxml.ns import qn
from docx.shared import Mm
from test_export_model import AS_AT, build_scenario

from storage.reports import export_report
from storage.reports.model import build_report


@pytest.fixture
def document(db, tmp_path):
    scenario = build_scenario(db)
    path = tmp_path / "report.docx"
    export_report(build_report(db.reader(), scenario.plan, as_at=AS_AT), "docx", path)
    return Document(str(path))


def fill(cell) -> str | None:
    shd = cell._tc.tcPr.find(qn("w:shd")) if cell._tc.tcPr is not None else None
    return shd.get(qn("w:fill")) if shd is not None else None


def action_tables(document):
    return [t for t in document.tables if t.rows[0].cells[0].text == "Ref"]


def rows_by_ref(document):
    return {row.cells[0].text: row for table in action_tables(document) for row in table.rows[1:]}


def test_landscape_a4_with_as_at_title_and_page_numbers_in_the_footer(document):
    section = document.sections[0]
    assert section.orientation == WD_ORIENT.LANDSCAPE
    assert abs(section.page_width - Mm(297)) < Mm(1) and abs(section.page_height - Mm(210)) < Mm(1)
    texts = [p.text for p in document.paragraphs]
    assert texts[0] == "Care2Work & Co"
    assert "ONGOING ACTIONS – SUMMARY VERSION as at 22/09/2015" in texts
    assert "Updates since the last review (22/07/2015) are shown in italics." in texts
    footer = section.footer.paragraphs[0]
    assert "as at 22/09/2015" in footer.text
    instructions = [e.text.strip() for e in footer._p.iter(qn("w:instrText"))]
    assert instructions == ["PAGE", "NUMPAGES"]
    kinds = [e.get(qn("w:fldCharType")) for e in footer._p.iter(qn("w:fldChar"))]
    assert kinds == ["begin", "separate", "end"] * 2


def test_grouped_by_theme_and_objective(document):
    headings = [(p.style.name, p.text) for p in document.paragraphs if p.style.name.startswith("Heading")]
    body = headings[headings.index(("Heading 1", "COMMITMENT")) :]
    assert body == [
        ("Heading 1", "COMMITMENT"),
        ("Heading 2", "Objective 1. Strategic commitment"),
        ("Heading 1", "SUPPORT"),
        ("Heading 2", "Objective 2. Workforce"),
    ]
    tables = action_tables(document)
    assert [[r.cells[0].text for r in t.rows[1:]] for t in tables] == [["1a", "1b"], ["2a", "2b"]]
    header = tables[0].rows[0]
    assert [c.text for c in header.cells][:4] == ["Ref", "Milestones / Actions", "Lead (bold)", "Timescale"]
    assert header._tr.trPr.find(qn("w:tblHeader")) is not None  # repeated on every page


def test_action_row_values_leads_and_rag_cell(document):
    row = rows_by_ref(document)["1a"]
    _ref, text, lead, timescale, _progress, rag = row.cells
    assert text.text == "Promote the C2W group"
    assert lead.text == "JR/KL"
    bold = [(r.text, bool(r.bold)) for r in lead.paragraphs[0].runs]
    assert bold == [("JR", True), ("/", False), ("KL", False)]  # the primary lead in bold
    assert timescale.text.split("\n")[:2] == ["12/15", "due 31/12/2015"]
    assert "Re-dated 2 times (first: 04/14)" in timescale.text
    assert rag.text == "A" and fill(rag) == "FFC000"
    assert fill(rows_by_ref(document)["1b"].cells[5]) == "00B050"
    assert rows_by_ref(document)["1b"].cells[5].text == "G"
    assert fill(rows_by_ref(document)["2b"].cells[5]) is None and rows_by_ref(document)["2b"].cells[5].text == "–"
    shaded = rag._tc.tcPr
    order = [child.tag for child in shaded]
    assert order.index(qn("w:shd")) < order.index(qn("w:vAlign"))  # schema order, or Word complains


def test_changes_since_the_review_are_in_italics(document):
    rows = rows_by_ref(document)
    progress = rows["1a"].cells[4]
    lines = [(p.text, all(r.italic for r in p.runs)) for p in progress.paragraphs]
    assert lines == [
        ("Re-dated: 09/14 → 12/15", True),
        ("RAG Red → Amber: Training booked for May", True),
        ("✓ 01/08/2014 – Sits on the steering group", False),
        ("⇒ 01/08/2015 – Book the venue", True),
    ]
    assert not any(r.italic for p in rows["1b"].cells[4].paragraphs for r in p.runs)
    new_text = rows["2b"].cells[1].paragraphs[0].runs
    assert all(r.italic for r in new_text)
    assert rows["2a"].cells[1].text.startswith("WITHDRAWN: +44 Trial the Hub")


def test_keys_summary_and_trend(document):
    key = next(t for t in document.tables if t.rows[0].cells[0].text == "R")
    assert [(r.cells[0].text, r.cells[2].text) for r in key.rows] == [
        ("R", "Substantial challenges"),
        ("A", "Some challenges"),
        ("G", "On schedule"),
        ("–", "Not rated yet (a new action, or no rating given)"),
    ]
    assert fill(key.rows[0].cells[0]) == "C00000"
    texts = [p.text for p in document.paragraphs]
    assert "JR = Jackie Roper; KL = Keith Lander; SL = Sally Lowe" in texts
    summary = next(t for t in document.tables if t.rows[0].cells[0].text == "Red" and len(t.rows) == 2)
    counts = {c.text: v.text for c, v in zip(summary.rows[0].cells, summary.rows[1].cells, strict=False)}
    assert counts["Amber"] == "1" and counts["Withdrawn or superseded"] == "1"
    assert counts["Changed since the last review"] == "3"
    trend = next(t for t in document.tables if t.rows[0].cells[0].text == "Review")
    assert [r.cells[0].text for r in trend.rows[1:]] == ["22/07/2015", "Now (22/09/2015)"]
    assert [c.text for c in trend.rows[1].cells[1:]] == ["2", "0", "1", "0", "0", "0", "3"]


def test_hostile_text_is_kept_as_text(document):
    text = rows_by_ref(document)["2b"].cells[1].text
    assert text.startswith('=HYPERLINK("http://evil.example","x") <script>alert(1)</script>')
    assert "\\x00\\x07\\x1b[31m" in text


def test_empty_plan_and_changes_only_still_write(db, small_plan, tmp_path):
    path = tmp_path / "changes.docx"
    export_report(build_report(db, small_plan.plan, as_at=date(2015, 1, 1), changes_only=True), "docx", path)
    document = Document(str(path))
    assert "No action has changed since the last review." in [p.text for p in document.paragraphs]
    assert not (tmp_path / ".changes.docx.part").exists()
