"""The Word report, opened again with python-docx and lxml: layout, values, RAG shading, italics,
and the accessibility rules for published documents (captions, repeating headers, unsplittable
rows, headings, alt text on the charts, no merged cells, title, author and language)."""

from __future__ import annotations

from datetime import date

import pytest
from docx import Document
from docx.enum.section import WD_ORIENT
from docx.oxml.ns import qn
from docx.shared import Mm
from store_view import view
from test_export_model import AS_AT, build_scenario

from storage.reports import export_report
from storage.reports.model import build_report


@pytest.fixture
def document(db, tmp_path):
    scenario = build_scenario(db)
    path = tmp_path / "report.docx"
    export_report(build_report(view(db), scenario.plan, as_at=AS_AT), "docx", path)
    return Document(str(path))


def fill(cell) -> str | None:
    shd = cell._tc.tcPr.find(qn("w:shd")) if cell._tc.tcPr is not None else None
    return shd.get(qn("w:fill")) if shd is not None else None


def action_tables(document):
    return [t for t in document.tables if t.rows[0].cells[0].text == "Ref"]


def caption(table) -> str:
    found = table._tbl.tblPr.find(qn("w:tblCaption"))
    return found.get(qn("w:val")) if found is not None else ""


def table_captioned(document, text: str):
    return next(t for t in document.tables if caption(t) == text)


def rows_by_ref(document):
    return {row.cells[0].text: row for table in action_tables(document) for row in table.rows[1:]}


def test_landscape_a4_with_as_at_title_and_page_numbers_in_the_footer(document):
    section = document.sections[0]
    assert section.orientation == WD_ORIENT.LANDSCAPE
    assert abs(section.page_width - Mm(297)) < Mm(1) and abs(section.page_height - Mm(210)) < Mm(1)
    texts = [p.text for p in document.paragraphs]
    assert texts[0] == "Care2Work & Co" and document.paragraphs[0].style.name == "Title"
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
    assert headings == [
        ("Heading 1", "Summary"),
        ("Heading 1", "Charts"),
        ("Heading 1", "RAG key and definitions"),
        ("Heading 1", "Key of initials"),
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
    key = table_captioned(document, "RAG key and definitions")
    assert [c.text for c in key.rows[0].cells] == ["RAG", "Rating", "Definition"]
    assert [(r.cells[0].text, r.cells[2].text) for r in key.rows[1:]] == [
        ("R", "Substantial challenges"),
        ("A", "Some challenges"),
        ("G", "On schedule"),
        ("–", "Not rated yet (a new action, or no rating given)"),
    ]
    assert fill(key.rows[1].cells[0]) == "C00000"
    texts = [p.text for p in document.paragraphs]
    assert "JR = Jackie Roper; KL = Keith Lander; SL = Sally Lowe" in texts
    summary = table_captioned(document, "Summary of the plan's actions")
    assert [c.text for c in summary.rows[0].cells] == ["Measure", "Actions"]
    counts = {row.cells[0].text: row.cells[1].text for row in summary.rows[1:]}
    assert (
        fill(summary.rows[2].cells[0]) == "FFC000"
        and counts["Amber"] == "1"
        and counts["Withdrawn or superseded"] == "1"
    )
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
    export_report(build_report(view(db), small_plan.plan, as_at=date(2015, 1, 1), changes_only=True), "docx", path)
    document = Document(str(path))
    assert "No action has changed since the last review." in [p.text for p in document.paragraphs]
    assert not (tmp_path / ".changes.docx.part").exists()


# --- the accessibility rules, read from the document's XML -------------------------------------
def test_every_table_has_a_caption_a_description_a_repeating_header_and_rows_that_do_not_split(document):
    assert len(document.tables) == 5  # summary, trend figures, RAG key, two objectives' actions
    for table in document.tables:
        tbl_pr = table._tbl.tblPr
        assert caption(table).strip(), "every table has a caption"
        description = tbl_pr.find(qn("w:tblDescription"))
        assert description is not None and len(description.get(qn("w:val"))) > 20
        rows = table._tbl.findall(qn("w:tr"))
        assert rows[0].trPr.find(qn("w:tblHeader")) is not None, caption(table)
        assert all(row.trPr.find(qn("w:tblHeader")) is None for row in rows[1:])
        assert all(row.trPr.find(qn("w:cantSplit")) is not None for row in rows), caption(table)
        # the schema's order inside tblPr: the caption and description come last
        assert [child.tag for child in tbl_pr][-2:] == [qn("w:tblCaption"), qn("w:tblDescription")]
    captions = [caption(t) for t in action_tables(document)]
    assert captions == ["Actions: Objective 1. Strategic commitment", "Actions: Objective 2. Workforce"]


def test_no_merged_or_empty_layout_cells(document):
    body = document.element.body
    for tag in ("w:gridSpan", "w:vMerge", "w:hMerge"):
        assert body.find(f".//{qn(tag)}") is None, tag
    for table in document.tables:
        grid = table._tbl.find(qn("w:tblGrid")).findall(qn("w:gridCol"))
        for row in table._tbl.findall(qn("w:tr")):
            assert len(row.findall(qn("w:tc"))) == len(grid)
        assert table.rows[0].cells[0].text.strip()  # a header, not a spacer


def test_title_author_and_language_are_set(document):
    properties = document.core_properties
    assert properties.title == "Care2Work & Co – ONGOING ACTIONS – SUMMARY VERSION as at 22/09/2015"
    assert properties.language == "en-GB"
    assert properties.author == "Leeds City Council" and properties.last_modified_by == "Leeds City Council"
    assert "python-docx" not in " ".join([properties.author, properties.comments, properties.last_modified_by])
    assert properties.created.year >= 2026
    defaults = document.styles.element.find(qn("w:docDefaults")).find(qn("w:rPrDefault")).find(qn("w:rPr"))
    assert defaults.find(qn("w:lang")).get(qn("w:val")) == "en-GB"  # the language of the text itself


def test_themes_and_objectives_are_real_heading_styles_for_the_navigation_pane(document):
    levels = {}
    for paragraph in document.paragraphs:
        if paragraph.text in ("COMMITMENT", "Objective 1. Strategic commitment"):
            style = paragraph.style
            assert style.builtin and style.style_id in ("Heading1", "Heading2")
            levels[paragraph.text] = int(style.name.split()[-1])
    assert levels == {"COMMITMENT": 1, "Objective 1. Strategic commitment": 2}


def test_the_charts_are_images_whose_alt_text_states_the_figures(document):
    from io import BytesIO

    from PIL import Image

    shapes = document.inline_shapes
    assert len(shapes) == 2  # the RAG distribution now and the trend across reviews
    distribution, trend = (shape._inline.docPr for shape in shapes)
    assert "as at 22/09/2015: Red 0, Amber 1, Green 1, Blue (complete) 0, Not rated 1; 3 actions in all" in (
        distribution.get("descr")
    )
    assert "1 withdrawn or superseded not counted" in distribution.get("descr")
    assert "22/07/2015: Red 2, Amber 0, Green 1" in trend.get("descr")
    assert "Now (22/09/2015): Red 0, Amber 1, Green 1, Blue (complete) 0, Not rated 1" in trend.get("descr")
    assert distribution.get("title") == "Actions by RAG rating as at 22/09/2015"
    captions = [p.text for p in document.paragraphs if p.style.name == "Caption"]
    assert captions == [
        "Figure 1: Actions by RAG rating as at 22/09/2015",
        "Figure 2: RAG ratings at each review and now",
    ]
    blip = shapes[0]._inline.graphic.graphicData.pic.blipFill.blip
    image = Image.open(BytesIO(document.part.related_parts[blip.embed].blob))
    assert image.format == "PNG" and image.width >= 1000
    assert len(image.convert("RGB").getcolors(1 << 20)) > 5  # drawn, not blank


def test_a_plan_with_no_review_still_has_its_distribution_chart(db, small_plan, tmp_path):
    path = tmp_path / "first.docx"
    export_report(build_report(view(db), small_plan.plan, as_at=date(2015, 1, 1)), "docx", path)
    document = Document(str(path))
    [shape] = document.inline_shapes
    assert "Red 1, Amber 0, Green 1" in shape._inline.docPr.get("descr")
    headings = [(p.style.name, p.text) for p in document.paragraphs if p.style.name.startswith("Heading")]
    assert ("Heading 1", "Actions") in headings and ("Heading 2", "Objective 1. Commitment") in headings


def test_markup_and_quotes_in_headings_and_captions_stay_text(db, tmp_path):
    from storage.writes import edit

    awkward = 'Plan "A" & <b>B</b>\nsecond line \' '
    with edit(db, actor="setup") as e:
        plan = e.create("plan", title=awkward)
        theme = e.create("theme", plan_id=plan, name=awkward, position=0)
        objective = e.create("objective", plan_id=plan, theme_id=theme, ref="1", text=awkward, position=0)
        e.create_action(plan, objective, "1a", awkward, timescale=" 03/16 ", rag="red", position=0)
    path = tmp_path / "awkward.docx"
    export_report(build_report(view(db), plan, as_at=date(2016, 1, 1)), "docx", path)
    document = Document(str(path))
    [table] = action_tables(document)
    assert caption(table) == 'Actions: Objective 1. Plan "A" & <b>B</b>\nsecond line \''
    assert rows_by_ref(document)["1a"].cells[1].text == awkward
    assert rows_by_ref(document)["1a"].cells[3].text == " 03/16 \ndue 31/03/2016"  # spaces kept
    assert document.paragraphs[0].text == awkward
