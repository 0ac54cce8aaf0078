"""CSV (any delimiter, UTF-8 with or without BOM, cp1252), TSV, Markdown tables and text pasted
from a PDF or Word, read value by value; header names table-driven; --map overrides."""

from __future__ import annotations

import pytest

from storage.importing import UnreadableDocument, read_document, read_document_layout
from storage.importing.columns import score_header
from storage.importing.grid import Cell, Row
from storage.importing.mapping import parse_column_map
from storage.importing.model import header_like as is_header

ROWS = [
    ["Ref", "Objective", "Action", "Owner", "Deadline", "Update", "RAG rating"],
    ["1a", "1. Keep children safe", "Run the audit", "Catherine White", "31/03/2026", "✓ Started", "Amber"],
    ["", "", "of every case file", "", "", "⇒ Report findings", ""],
    ["1b", "", "Train staff – all teams", "Jackie Roper, Keith Lander", "Summer term 2026", "", "G"],
    ["2a", "2. Listen to families", "Set up a parents’ panel", "Head of Service, Dominic Tumelty", "Soon", "", "R"],
]


def write_delimited(path, rows, delimiter, encoding="utf-8", bom=False):
    def quote(value):
        return f'"{value}"' if delimiter in value or '"' in value else value

    text = "\r\n".join(delimiter.join(quote(v) for v in row) for row in rows) + "\r\n"
    path.write_bytes((b"\xef\xbb\xbf" if bom else b"") + text.encode(encoding))
    return path


def check_plan(plan):
    assert [(o.ref, o.text) for o in plan.objectives] == [("1", "Keep children safe"), ("2", "Listen to families")]
    actions = {a.ref: a for a in plan.actions}
    assert list(actions) == ["1a", "1b", "2a"]
    assert actions["1a"].text == "Run the audit of every case file"
    assert [o.name for o in actions["1a"].leads] == ["Catherine White"]
    assert (actions["1a"].timescale, actions["1a"].rag) == ("31/03/2026", "amber")
    assert [(p.kind, p.text) for p in actions["1a"].progress] == [("achieved", "Started"), ("next", "Report findings")]
    assert actions["1b"].text == "Train staff – all teams"
    assert [o.name for o in actions["1b"].leads] == ["Jackie Roper", "Keith Lander"]
    assert (actions["1b"].timescale, actions["1b"].rag) == ("Summer term 2026", "green")
    assert actions["2a"].text == "Set up a parents’ panel"
    assert [(o.name, o.job_title) for o in actions["2a"].leads] == [("Dominic Tumelty", "Head of Service")]
    assert actions["2a"].rag == "red"


@pytest.mark.parametrize(
    ("delimiter", "encoding", "bom", "kind"),
    [
        (",", "utf-8", False, "CSV (',' between cells)"),
        (",", "utf-8", True, "CSV (',' between cells)"),
        (";", "utf-8", False, "CSV (';' between cells)"),
        ("\t", "utf-8", True, "CSV (tab between cells)"),
        ("|", "utf-8", False, "CSV ('|' between cells)"),
    ],
)
def test_csv_any_delimiter_and_encoding(tmp_path, delimiter, encoding, bom, kind):
    reading = read_document_layout(write_delimited(tmp_path / "plan.csv", ROWS, delimiter, encoding, bom))
    assert reading.kind == kind
    assert reading.layouts[0].columns[0].header == "Ref"  # no BOM left in the first header
    check_plan(reading.plan)
    assert "line 3: no reference: joined to 1a (a row continued over a page break)" in [
        str(n) for n in reading.plan.notes
    ]


def test_cp1252_text(tmp_path):
    """Saved from Excel on Windows: ’ – £ as single cp1252 bytes."""
    rows = [
        ["Ref", "Action", "Lead", "Timescale", "RAG"],
        ["1", "Review the carers’ £50 grant – all areas", "Jackie Roper", "End of March", "A"],
    ]
    path = write_delimited(tmp_path / "windows.csv", rows, ";", encoding="cp1252")
    (action,) = read_document(path).actions
    assert (action.text, action.timescale, action.rag) == (
        "Review the carers’ £50 grant – all areas",
        "End of March",
        "amber",
    )


def test_tsv_and_pasted_text(tmp_path):
    lines = ["Safeguarding Action Plan", "", "\t".join(ROWS[0])]
    lines += ["\t".join(row) for row in ROWS[1:3]]
    lines += ["Objective 3: Work with schools", "Continued on the next page"]
    lines += ["\t".join(["3a", "", "Visit every school", "Sarah Platt", "Autumn term 2026", "", ""])]
    path = tmp_path / "pasted.txt"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    reading = read_document_layout(path)
    assert reading.kind == "tab-separated text"
    plan = reading.plan
    assert plan.title == "Safeguarding Action Plan"
    assert [(o.ref, o.text, [a.ref for a in o.actions]) for o in plan.objectives] == [
        ("1", "Keep children safe", ["1a"]),
        ("3", "Work with schools", ["3a"]),
    ]
    assert "1 page header/footer lines dropped (line 7)" in [str(n) for n in plan.notes]  # "Continued on..."
    tsv = tmp_path / "plan.tsv"
    tsv.write_text("\n".join("\t".join(row) for row in ROWS), encoding="utf-8")
    check_plan(read_document(tsv))


def test_markdown_tables_repeated_per_page(tmp_path):
    header = "| " + " | ".join(ROWS[0]) + " |"
    rule = "|" + "---|" * len(ROWS[0])
    page = lambda rows: [header, rule] + ["| " + " | ".join(r) + " |" for r in rows]  # noqa: E731
    text = "\n".join(
        [
            "# Family Support Plan",
            "",
            "Key: JR = Jackie Roper",
            "",
            *page(ROWS[1:3]),
            "",
            "Page 2",
            "",
            *page(ROWS[3:]),
            "",
        ]
    )
    path = tmp_path / "plan.md"
    path.write_text(text, encoding="utf-8")
    reading = read_document_layout(path)
    assert reading.kind == "Markdown tables" and len(reading.layouts) == 2
    assert reading.plan.title == "Family Support Plan"
    check_plan(reading.plan)
    assert [(o.name, o.initials) for o in reading.plan.officers] == [("Jackie Roper", "JR")]


def test_a_recommendations_table_is_read_like_any_table(tmp_path):
    """A 'Rec No' recommendations table (the seed plans' layout) goes through the same pipeline as
    any pasted table: the recommendation is the objective, the agreed action the action, a date
    ending the action's text its timescale."""
    text = (
        "Appendix 1. A plan\n\nRec No\tRecommendation\tResponsible Officer\tAgreed Action\n"
        "1\tThat things improve.\tJackie Roper\tImprove them by March 2021\n"
    )
    path = tmp_path / "recs.txt"
    path.write_text(text, encoding="utf-8")
    reading = read_document_layout(path)
    assert reading.kind == "tab-separated text" and reading.plan.title == "A plan"
    (objective,) = reading.plan.objectives
    assert (objective.ref, objective.text) == ("1", "That things improve.")
    (action,) = objective.actions
    assert (action.ref, action.text, action.timescale) == ("1", "Improve them by March 2021", "by March 2021")


def test_replies_to_recommendations_are_their_progress_not_the_action(tmp_path):
    """A "Response" column that answers each recommendation ("Agreed", "Not accepted: ...") is
    what came of it: the recommendation is the action. A header's footnote marker ("[2]") does not
    hide its name; names under a header that is not the lead's ("Portfolio holder") are notes
    when a column is named the lead; "(a)" before a recommendation is its reference."""
    text = (
        "Recommendation[1],Portfolio holder,Response [2],Lead officer[3]\n"
        "(a) Publish the tenancy strategy by spring,Cllr Jane Ash,Agreed - drafting has begun,Omar Patel\n"
        "(b) Review the allocations policy each year,Cllr Jane Ash,Partially agreed: every two years,Omar Patel\n"
        "(c) Set up a tenants' panel,Cllr Jane Ash,Not accepted. The existing forum covers this,Rita Moss\n"
    )
    path = tmp_path / "responses.csv"
    path.write_text(text, encoding="utf-8")
    plan = read_document(path)
    actions = [a for o in plan.objectives for a in o.actions]
    assert [(a.ref, a.text) for a in actions] == [
        ("a", "Publish the tenancy strategy by spring"),
        ("b", "Review the allocations policy each year"),
        ("c", "Set up a tenants' panel"),
    ]
    assert [[o.name for o in a.leads] for a in actions] == [["Omar Patel"], ["Omar Patel"], ["Rita Moss"]]
    assert [p.text for p in actions[1].progress] == [
        "Partially agreed: every two years",
        "Portfolio holder: Cllr Jane Ash",
    ]


@pytest.mark.parametrize(
    ("text", "ref", "rest"),
    [
        ("a) A focus group", "a", "A focus group"),
        ("(iv) Train staff", "iv", "Train staff"),
        ("C) Consult residents", "C", "Consult residents"),
        ("A focus group", "", "A focus group"),  # a sentence, not a list marker
        ("I will report back", "", "I will report back"),
    ],
)
def test_lettered_and_roman_list_markers_are_references(text, ref, rest):
    from storage.importing.cells import leading_ref

    assert leading_ref(text) == (ref, rest)


def test_map_overrides_the_guess(tmp_path):
    rows = [
        ["Ref", "Task", "Person", "Finish", "Notes", "Colour"],
        ["1", "Do it", "Jackie Roper", "June 2026", "✓ Begun", "Green"],
        ["2", "Do more", "Keith Lander", "July 2026", "", "R"],
    ]
    path = write_delimited(tmp_path / "odd.csv", rows, ",")
    guessed = read_document_layout(path)
    assert [(c.field, c.how) for c in guessed.layouts[0].columns] == [
        ("ref", "recognised"),
        ("action", "recognised"),
        ("lead", "guessed"),  # no header word, but its cells are names
        ("timescale", "guessed"),
        ("progress", "recognised"),
        ("rag", "guessed"),
    ]
    assert guessed.layouts[0].columns[2].reason == "its cells read as names, initials or posts"
    assert guessed.layouts[0].columns[3].reason == "its cells read as dates"
    mapped = read_document_layout(path, parse_column_map("Person=lead, finish=timescale, #5=ignore"))
    assert [(c.field, c.how) for c in mapped.layouts[0].columns] == [
        ("ref", "recognised"),
        ("action", "recognised"),
        ("lead", "mapped"),
        ("timescale", "mapped"),
        ("ignore", "mapped"),
        ("rag", "guessed"),
    ]
    action = mapped.plan.actions[0]
    assert ([o.name for o in action.leads], action.timescale, action.progress, action.rag) == (
        ["Jackie Roper"],
        "June 2026",
        [],
        "green",
    )


def test_map_syntax_errors():
    with pytest.raises(ValueError, match="unknown field 'owner'"):
        parse_column_map("Lead=owner")
    with pytest.raises(ValueError, match="is not HEADER=FIELD"):
        parse_column_map("Lead")
    assert parse_column_map("Responsible  Officer (bold)=lead") == {"responsible officer": "lead"}


@pytest.mark.parametrize(
    ("header", "field"),
    [
        ("Ref", "ref"),
        ("Rec No", "ref"),
        ("No.", "ref"),
        ("Ref.", "ref"),
        ("Reference", "ref"),
        ("Recommendation", "objective"),
        ("Objective", "objective"),
        ("Driver", "objective"),
        ("Action", "action"),
        ("Milestone", "action"),
        ("Agreed Action", "action"),
        ("Milestones / Actions", "action"),
        ("Agreed Action and Date of Implementation", "action"),
        ("Lead", "lead"),
        ("Lead (bold)", "lead"),
        ("Responsible Officer", "lead"),
        ("Owner", "lead"),
        ("Lead names", "lead"),
        ("Leads", "lead"),
        ("Timescale", "timescale"),
        ("Time scale", "timescale"),
        ("By when", "timescale"),
        ("Target date", "timescale"),
        ("Deadline", "timescale"),
        ("Due", "timescale"),
        ("Progress", "progress"),
        ("Update", "progress"),
        ("Comments", "progress"),
        ("Progress ✓ = achievement to date ⇒ = next steps", "progress"),
        ("RAG", "rag"),
        ("RAG rating", "rag"),
        ("RAG Status", "rag"),
        ("Status", "status"),
        ("Theme", "theme"),
        ("Plan", "plan"),
        ("Overdue", "ignore"),
        ("Last update", "ignore"),
        ("Changed since last review", "ignore"),
        ("Times re-dated", "ignore"),
    ],
)
def test_header_names(header, field):
    assert score_header(header)[2] == field


def test_header_row_needs_two_names_and_an_action_or_objective():
    row = lambda *texts: Row([Cell(t) for t in texts], "")  # noqa: E731
    assert is_header(row("Ref", "Action", "Lead"))
    assert is_header(row("Ref", "Lead officer", "RAG"))
    assert not is_header(row("Summary", "Actions"))
    assert is_header(row("Name", "Job title"))  # a table of people: read for the officers, not as the plan
    assert not is_header(row("1a", "Action to promote the C2W group in every school this year and more " * 2, "JR"))


def test_a_cells_value_is_its_text_without_blank_lines_or_surrounding_space():
    """``Cell.value`` is worked out as the cell is made (a plain attribute): the same value as
    read from the text, also for a cell made again with other text; cells compare by what they
    were made from."""
    import dataclasses

    assert Cell().value == "" and Cell("  Jackie Roper \t").value == "Jackie Roper"
    assert Cell(" ✓ Done \n\n   \n ⇒ Next  \n").value == "✓ Done\n⇒ Next"
    cell = Cell("a", "FF0000", spans_left=True)
    changed = dataclasses.replace(cell, text=" b \n c ")
    assert changed.value == "b\nc" and changed.fill == "FF0000" and changed.spans_left
    assert Cell(" x ") != Cell("x") and Cell("x", continued=True) == Cell("x", continued=True)
    assert "value" not in repr(cell)


def test_the_columns_of_a_field_are_its_columns_left_to_right_however_often_asked():
    """A row asks its layout for the columns of a field several times (``columns_for``,
    ``column_of``): worked out once per layout, the same answer each time, and not part of what
    the layout is (it compares and prints as before)."""
    from storage.importing.columns import Column, Layout
    from storage.importing.row_cells import column_of, columns_for

    columns = [
        Column(0, "Ref", "ref", "recognised"),
        Column(1, "Notes", "note", "guessed"),
        Column(2, "Action", "action", "recognised"),
        Column(3, "Comments", "note", "recognised"),
    ]
    layout = Layout("sheet 'Plan'", "row 1", columns)
    assert columns_for(layout, "note") == [1, 3] and columns_for(layout, "note") == [1, 3]
    assert column_of(layout, "action") == 2 and column_of(layout, "ref") == 0
    assert column_of(layout, "lead") is None and columns_for(layout, "lead") == []
    assert layout == Layout("sheet 'Plan'", "row 1", list(columns)) and "_indexes" not in repr(layout)
    other = Layout("sheet 'Plan'", "row 1", [Column(0, "Notes", "note", "guessed")])
    assert columns_for(other, "note") == [0] and columns_for(layout, "note") == [1, 3]


@pytest.mark.parametrize(
    ("value", "field", "fits"),
    [
        ("", "rag", True),
        ("Amber", "rag", True),
        ("Green - on track", "rag", False),  # a rating, but longer than a RAG cell holds
        ("Red" + " and more" * 10, "rag", False),
        ("Soon", "rag", False),
        ("✓ Done", "progress", True),
        ("Met the partners and agreed the terms of reference for the group", "progress", True),
        ("Jackie Roper", "progress", False),
        ("31/03/2027", "timescale", True),
        ("⇒ by 31/03/2027", "timescale", False),
        ("Jackie Roper", "lead", True),
        ("✓ Jackie Roper", "lead", False),
        ("anything at all", "action", True),
    ],
)
def test_a_cell_fits_a_field_when_a_row_missing_a_cell_is_realigned(value, field, fits):
    from storage.importing.row_cells import fits as cell_fits

    assert cell_fits(Cell(value), field) is fits


def test_a_csv_without_any_header_is_refused(tmp_path):
    path = write_delimited(tmp_path / "numbers.csv", [["1", "2"], ["3", "4"]], ",")
    with pytest.raises(UnreadableDocument, match=r"numbers\.csv: 1 table but no table header found"):
        read_document(path)


def test_title_and_as_at_above_the_header_and_cells_over_several_lines(tmp_path):
    """As Excel saves a sheet: a title row, an "as at" row, a blank row, then the table; quoted
    cells holding line breaks."""
    text = (
        "Action Plan 2025/26,,,,,\r\nSummary version as at 31/03/2025,,,,,\r\n,,,,,\r\n"
        "Ref,Action,Lead Officer,Timescale,Progress,RAG\r\n"
        "1,Set up the panel,Jackie Roper,Q1 2025/26,,Red\r\n"
        '2,"Train staff\r\n(all teams)",Jackie Roper & Keith Lander,As required,"✓ 01/04/2025 done\r\n⇒ next",GREEN\r\n'
    )
    path = tmp_path / "saved.csv"
    path.write_bytes(text.encode("utf-8"))
    plan = read_document(path)
    assert (plan.title, plan.as_at.isoformat()) == ("Action Plan 2025/26", "2025-03-31")
    second = plan.actions[1]
    assert (second.text, second.timescale, second.rag) == ("Train staff\n(all teams)", "As required", "green")
    assert [o.name for o in second.leads] == ["Jackie Roper", "Keith Lander"]
    assert [(p.kind, p.date and p.date.isoformat(), p.text) for p in second.progress] == [
        ("achieved", "2025-04-01", "01/04/2025 done"),
        ("next", None, "next"),
    ]
    assert plan.notes == []


def test_empty_files_and_a_header_without_rows(tmp_path):
    empty = tmp_path / "empty.csv"
    empty.write_bytes(b"\xef\xbb\xbf\r\n")
    with pytest.raises(UnreadableDocument, match=r"^empty\.csv is empty$"):
        read_document(empty)
    template = tmp_path / "template.csv"
    template.write_text("Ref,Action,Lead,Timescale,RAG\n", encoding="utf-8")
    with pytest.raises(UnreadableDocument, match=r"^template\.csv: the table has a header but no actions were read"):
        read_document(template)  # an import that would store nothing says so, and fails
