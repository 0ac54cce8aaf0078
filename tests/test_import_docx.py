"""Word tables read value by value: RAG by colour only, merged cells, rows split over a page,
headers repeated per page, several tables, headings between them, leads and an initials key.

Every fixture is built here with python-docx (no binary files are committed).
"""

from __future__ import annotations

from pathlib import Path

import docx
import pytest
from docx.oxml import OxmlElement
from docx.oxml.ns import qn

from storage.importing import UnreadableDocument, read_document, read_document_layout

HEADER = ["Rec No", "Agreed Action", "Lead Officer", "Target date", "Progress update", "RAG"]


def shade(cell, fill: str | None = None, theme: str | None = None, tint: str | None = None) -> None:
    shd = OxmlElement("w:shd")
    shd.set(qn("w:val"), "clear")
    shd.set(qn("w:fill"), fill or "auto")
    if theme:
        shd.set(qn("w:themeFill"), theme)
    if tint:
        shd.set(qn("w:themeFillTint"), tint)
    cell._tc.get_or_add_tcPr().append(shd)


def add_row(table, values, rag_fill=None, rag_theme=None):
    cells = table.add_row().cells
    for cell, value in zip(cells, values, strict=False):
        cell.text = value
    if rag_fill or rag_theme:
        shade(cells[-1], rag_fill, rag_theme)
    return cells


def heading_row(table, text):
    cells = table.add_row().cells
    merged = cells[0].merge(cells[-1])
    merged.text = text
    return merged


def new_table(document, header=HEADER):
    table = document.add_table(rows=1, cols=len(header))
    for cell, name in zip(table.rows[0].cells, header, strict=False):
        cell.text = name
        shade(cell, "D9D9D9")  # grey header shading is not a rating
    return table


@pytest.fixture(scope="module")
def council_plan(tmp_path_factory) -> Path:
    """A realistic plan: title, key paragraph, two tables (the second is 'page 2' with its own
    header), objective heading rows, a page-split row, ratings only as fills."""
    document = docx.Document()
    document.add_paragraph("Corporate Parenting Action Plan 2025/26", style="Title")
    document.add_paragraph("Key to initials: JR = Jackie Roper; KL = Keith Lander; SP = Sarah Platt")
    document.add_heading("COMMITMENT", level=1)
    table = new_table(document)
    heading_row(table, "Objective 1: Every care leaver has a pathway plan")
    add_row(
        table,
        [
            "1a",
            "Promote the apprenticeship offer",
            "JR",
            "31/03/2026",
            "✓ 12/05/2025 Launched at the forum ⇒ Review take-up",
            "",
        ],
        rag_fill="FF0000",
    )
    add_row(
        table,
        ["1b", "Link with the task group", "Head of Service, Dominic Tumelty / KL", "Q3 2025/26", "✓ Met twice", ""],
        rag_fill="92D050",
    )
    # the same row continued on the next page: empty reference cell
    add_row(table, ["", "and report back to the Corporate Parenting Board", "", "", "⇒ Report in January", ""])
    add_row(
        table,
        [
            "1c",
            "Publish the local offer",
            "Sarah Platt, Head of Virtual School and Keith Lander",
            "End of March",
            "",
            "",
        ],
        rag_theme="accent3",
    )  # python-docx template theme: green
    # the header repeated at the top of a page inside the same table
    add_row(table, HEADER)
    heading_row(table, "2. Young people are heard")
    add_row(
        table,
        [
            "2a",
            "Consult young people on the offer",
            "Dominic Tumelty Head of Service; Cathryn White",
            "As required",
            "",
            "Amber",
        ],
    )
    add_row(table, ["2b", "Close the old forum", "JR", "2024-25", "✓ Done", ""], rag_fill="0070C0")
    document.add_paragraph("Continued overleaf")
    document.add_heading("SUPPORT", level=1)
    second = new_table(document)
    heading_row(second, "Objective 3 – Support into work")
    add_row(
        second, ["3a", "Ring-fence traineeships", "Catherine White", "Soon", "", ""], rag_fill="FFFFFF"
    )  # white: not rated
    add_row(second, ["3b", "DELETE - merged with 3a", "JR", "", "", ""], rag_fill="7030A0")  # purple
    path = tmp_path_factory.mktemp("docx") / "corporate_parenting.docx"
    document.save(path)
    return path


@pytest.fixture(scope="module")
def reading(council_plan):
    return read_document_layout(council_plan)


def by_ref(plan):
    return {a.ref: a for a in plan.actions}


def names(action):
    return [(o.name, o.initials, o.job_title) for o in action.leads]


def test_plan_title_key_objectives_and_themes(reading):
    plan = reading.plan
    assert reading.kind == "Word document"
    assert plan.title == "Corporate Parenting Action Plan 2025/26"
    assert plan.source_key == "corporate_parenting"
    assert {(o.name, o.initials) for o in plan.officers} == {
        ("Jackie Roper", "JR"),
        ("Keith Lander", "KL"),
        ("Sarah Platt", "SP"),
    }
    assert [(o.ref, o.text, o.theme) for o in plan.objectives] == [
        ("1", "Every care leaver has a pathway plan", "COMMITMENT"),
        ("2", "Young people are heard", "COMMITMENT"),
        ("3", "Support into work", "SUPPORT"),
    ]
    assert [[a.ref for a in o.actions] for o in plan.objectives] == [["1a", "1b", "1c"], ["2a", "2b"], ["3a", "3b"]]


def test_columns_recognised_by_their_many_names(reading):
    (first, second) = reading.layouts
    assert [(c.header, c.field, c.how) for c in first.columns] == [
        ("Rec No", "ref", "recognised"),
        ("Agreed Action", "action", "recognised"),
        ("Lead Officer", "lead", "recognised"),
        ("Target date", "timescale", "recognised"),
        ("Progress update", "progress", "recognised"),
        ("RAG", "rag", "recognised"),
    ]
    assert second.table == "table 2"


def test_rag_from_fill_colour_only(reading):
    actions = by_ref(reading.plan)
    assert actions["1a"].rag == "red"
    assert actions["1b"].rag == "green"
    assert actions["1c"].rag == "green"  # the document theme's accent3 (Office 2007: 9BBB59)
    assert actions["2a"].rag == "amber"  # text
    assert actions["2b"].rag == "blue" and actions["2b"].status == "complete"
    assert actions["3a"].rag is None  # white
    assert actions["3b"].rag is None  # purple: reported, not guessed
    notes = [str(n) for n in reading.plan.notes]
    assert any("3b" in n and "#7030A0 is not a red, amber, green or blue" in n for n in notes)
    assert any("RAG read from the cell colour (no text) for 4 actions" in n for n in notes)


def test_every_value_of_each_action(reading):
    actions = by_ref(reading.plan)
    a = actions["1a"]
    assert (a.text, a.timescale, a.status) == ("Promote the apprenticeship offer", "31/03/2026", "open")
    assert names(a) == [("Jackie Roper", "JR", None)]
    assert [(p.kind, p.text, p.date and p.date.isoformat()) for p in a.progress] == [
        ("achieved", "12/05/2025 Launched at the forum", "2025-05-12"),
        ("next", "Review take-up", None),
    ]
    b = actions["1b"]
    assert b.text == "Link with the task group and report back to the Corporate Parenting Board"
    assert names(b) == [("Dominic Tumelty", None, "Head of Service"), ("Keith Lander", "KL", None)]
    assert (b.timescale, [p.text for p in b.progress]) == ("Q3 2025/26", ["Met twice", "Report in January"])
    c = actions["1c"]
    assert names(c) == [("Sarah Platt", "SP", "Head of Virtual School"), ("Keith Lander", "KL", None)]
    assert c.timescale == "End of March"
    d = actions["2a"]
    assert names(d) == [("Dominic Tumelty", None, "Head of Service"), ("Cathryn White", None, None)]
    assert (d.timescale, d.progress) == ("As required", [])
    assert (actions["2b"].timescale, [p.kind for p in actions["2b"].progress]) == ("2024-25", ["achieved"])
    assert actions["3b"].status == "withdrawn" and actions["3b"].text == "merged with 3a"


def test_notes_list_what_was_joined_skipped_or_not_understood(reading):
    notes = [str(n) for n in reading.plan.notes]
    assert "table 1 row 5: no reference: joined to 1b (a row continued over a page break)" in notes
    assert "table 1 row 7: the header repeated (a new page): skipped" in notes
    assert "table 2 row 3, 3a: timescale 'Soon' not understood: kept as written, no due date" in notes


def test_vertical_merges_and_merged_header(tmp_path):
    """Objective cells merged down over their actions; a reference merged down over a row split
    by a page; one RAG cell (a fill, no text) merged down over two actions; a header cell
    spanning two columns (✓ and ⇒)."""
    document = docx.Document()
    table = document.add_table(rows=1, cols=7)
    head = table.rows[0].cells
    for cell, name in zip(head, ["Objective", "Ref", "Action", "Owner", "Progress", "", "RAG"], strict=False):
        cell.text = name
    head[4].merge(head[5]).text = "Progress"
    rows = [table.add_row().cells for _ in range(4)]
    for row, (ref, action, owner, done, nxt) in zip(
        rows,
        [
            ("A1", "Track attendance weekly", "Jackie Roper", "✓ Tracker built", "⇒ Share it"),
            ("", "continued: with schools", "", "✓ Two schools signed up", ""),
            ("A2", "Visit schools", "Keith Lander", "", "⇒ Book visits"),
            ("B1", "Hold an awards evening", "Sarah Platt", "", ""),
        ],
        strict=False,
    ):
        for cell, value in zip(row[1:6], (ref, action, owner, done, nxt), strict=False):
            cell.text = value
    rows[0][0].merge(rows[2][0]).text = "A. Improve attendance"
    rows[3][0].text = "B. Celebrate success"
    rows[0][1].merge(rows[1][1]).text = "A1"
    rag = rows[0][6].merge(rows[2][6])
    shade(rag, "FFC000")
    shade(rows[3][6], "00B050")
    path = tmp_path / "merged.docx"
    document.save(path)
    reading = read_document_layout(path)
    assert [(c.header, c.field) for c in reading.layouts[0].columns] == [
        ("Objective", "objective"),
        ("Ref", "ref"),
        ("Action", "action"),
        ("Owner", "lead"),
        ("Progress", "progress"),
        ("Progress", "progress"),
        ("RAG", "rag"),
    ]
    plan = reading.plan
    assert [(o.ref, o.text, [a.ref for a in o.actions]) for o in plan.objectives] == [
        ("A", "Improve attendance", ["A1", "A2"]),
        ("B", "Celebrate success", ["B1"]),
    ]
    actions = by_ref(plan)
    a1 = actions["A1"]
    assert a1.text == "Track attendance weekly continued: with schools"  # joined mid-sentence
    assert [(p.kind, p.text) for p in a1.progress] == [
        ("achieved", "Tracker built"),
        ("next", "Share it"),
        ("achieved", "Two schools signed up"),
    ]
    assert [o.name for o in actions["A2"].leads] == ["Keith Lander"]
    assert [(a.ref, a.rag) for a in plan.actions] == [("A1", "amber"), ("A2", "amber"), ("B1", "green")]


def test_a_table_without_header_continues_the_previous_one(tmp_path):
    document = docx.Document()
    first = new_table(document, ["Ref", "Action", "Lead", "Deadline"])
    add_row(first, ["1", "Draft the strategy", "Jackie Roper", "June 2025"])
    second = document.add_table(rows=0, cols=4)
    add_row(second, ["2", "Consult on it", "Keith Lander", "September 2025"])
    path = tmp_path / "split.docx"
    document.save(path)
    reading = read_document_layout(path)
    assert [(a.ref, a.text, a.timescale) for a in reading.plan.actions] == [
        ("1", "Draft the strategy", "June 2025"),
        ("2", "Consult on it", "September 2025"),
    ]
    assert "table 2: no header row: read with the columns of table 1" in [str(n) for n in reading.plan.notes]


def test_a_document_without_a_plan_table_is_refused(tmp_path):
    document = docx.Document()
    document.add_paragraph("Minutes of the meeting")
    path = tmp_path / "minutes.docx"
    document.save(path)
    with pytest.raises(UnreadableDocument, match=r"minutes\.docx: no tables found"):
        read_document(path)


def test_a_header_over_two_rows_and_references_inside_the_action_text(tmp_path):
    """The Leeds layout in Word: "Time" over "scale", "RAG" over "rating", "(bold)" under
    "Lead"; no reference column, the references start the action text ("1a) ...")."""
    document = docx.Document()
    table = document.add_table(rows=2, cols=5)
    for row, texts in zip(
        table.rows,
        (
            ["Milestones / Actions", "Lead", "Time", "Progress", "RAG"],
            ["", "(bold)", "scale", "✓ = achievement to date. ⇒ = next steps", "rating"],
        ),
        strict=False,
    ):
        for cell, text in zip(row.cells, texts, strict=False):
            cell.text = text
    add_row(table, ["1a) To promote the C2W group", "Jackie Roper", "04/14", "✓ Done", "G"])
    add_row(table, ["1b) To link with the task group", "Keith Lander", "06/14", "", "A"])
    add_row(table, ["2a) To hold an awards evening", "Sarah Platt", "Summer term 2015", "", "R"])
    path = tmp_path / "leeds.docx"
    document.save(path)
    reading = read_document_layout(path)
    assert [(c.header, c.field) for c in reading.layouts[0].columns] == [
        ("Milestones / Actions", "action"),
        ("Lead (bold)", "lead"),
        ("Time scale", "timescale"),
        ("Progress ✓ = achievement to date. ⇒ = next steps", "progress"),
        ("RAG rating", "rag"),
    ]
    plan = reading.plan
    assert [(o.ref, [(a.ref, a.text, a.rag) for a in o.actions]) for o in plan.objectives] == [
        ("1", [("1a", "To promote the C2W group", "green"), ("1b", "To link with the task group", "amber")]),
        ("2", [("2a", "To hold an awards evening", "red")]),
    ]
