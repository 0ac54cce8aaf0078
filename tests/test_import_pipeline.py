"""The import pipeline's rules, each on a small document written as the officer holds it (Word
with list items and merged cells, Excel with fills, CSV in cp1252, PDF, web page, Markdown,
pasted text): the same plan from every format, rows inside cells, merged action cells over
sub-actions, references with brackets, leads by post and initials as written, due dates never
from past meetings, statuses from what the cells say, data rows that start with a header word,
plan names, and the refusal of an import that would store far fewer actions than the rows."""

from __future__ import annotations

import pytest

from storage.importing import UnreadableDocument, read_document, read_document_layout
from storage.importing.mapping import Mapping
from tests.corpus.spec import C, Doc, Para, Table
from tests.corpus.writers import write

HEADER = ["Ref", "Action", "Lead", "Timescale", "Progress", "RAG"]


def plan_of(doc: Doc, tmp_path, suffix: str):
    return read_document(write(doc, tmp_path / f"plan{suffix}"))


def rows(plan):
    return [(a.ref, a.text, tuple(o.name for o in a.leads), a.timescale, a.status, a.rag) for a in plan.actions]


SAME = Doc(
    [
        Para("Housing Improvement Plan 2025-26", "title"),
        Table(
            [
                HEADER,
                ["1(a)", "Refresh the allocations policy", "Training Manager", "March 2026", "Draft written", "Green"],
                ["1(b)", "Consult tenants on the policy", "JMcK", "30/06/2026", "", "Amber"],
                ["2", "Review the housing register", "The Executive", "Q3 2026/27", "Not started", "Red"],
                ["3", "Publish the annual report", "Head of Housing", "Complete", "", "Blue"],
            ]
        ),
    ]
)


@pytest.mark.parametrize("suffix", [".docx", ".xlsx", ".csv", ".html", ".md", ".txt", ".pdf"])
def test_the_same_document_reads_the_same_in_every_format(suffix, tmp_path):
    plan = plan_of(SAME, tmp_path, suffix)
    assert plan.title == "Housing Improvement Plan 2025-26"
    assert rows(plan) == [
        ("1(a)", "Refresh the allocations policy", ("Training Manager",), "March 2026", "open", "green"),
        ("1(b)", "Consult tenants on the policy", ("JMcK",), "30/06/2026", "open", "amber"),
        ("2", "Review the housing register", ("The Executive",), "Q3 2026/27", "open", "red"),
        ("3", "Publish the annual report", ("Head of Housing",), "", "complete", "blue"),
    ]


def test_items_inside_cells_with_matching_items_beside_them_are_one_action_each(tmp_path):
    doc = Doc(
        [
            Table(
                [
                    HEADER,
                    [
                        "4",
                        C("Improve the website:", bullets=("Rewrite the housing pages", "Add an online form")),
                        C("\nJo Smith\nAmir Khan"),
                        C("\nMay 2026\nJuly 2026"),
                        "",
                        "Amber",
                    ],
                ]
            )
        ]
    )
    plan = plan_of(doc, tmp_path, ".docx")
    assert [(a.text, tuple(o.name for o in a.leads), a.timescale) for a in plan.actions] == [
        ("Rewrite the housing pages", ("Jo Smith",), "May 2026"),
        ("Add an online form", ("Amir Khan",), "July 2026"),
    ]
    assert plan.objectives[0].text.startswith("Improve the website")


def test_an_objective_merged_down_over_its_actions(tmp_path):
    doc = Doc(
        [
            Table(
                [
                    ["Objective", "Action", "Lead", "Due"],
                    ["Better homes for older people", "Survey the sheltered schemes", "Jo Smith", "June 2026"],
                    [C(down=True), "Agree a repairs programme", "Amir Khan", "September 2026"],
                    ["Fewer empty homes", "Bring 50 empty homes back into use", "Jo Smith", "March 2027"],
                ]
            )
        ]
    )
    plan = plan_of(doc, tmp_path, ".docx")
    assert [(o.text, [a.text for a in o.actions]) for o in plan.objectives] == [
        ("Better homes for older people", ["Survey the sheltered schemes", "Agree a repairs programme"]),
        ("Fewer empty homes", ["Bring 50 empty homes back into use"]),
    ]


def test_two_posts_in_one_lead_cell_and_initials_as_written(tmp_path):
    doc = Doc(
        [
            Table(
                [
                    HEADER,
                    ["1", "Train the duty team", "Training Manager / Head of Housing", "June 2026", "", ""],
                    ["2", "Check the rent accounts", "JR, kl", "June 2026", "", ""],
                ]
            )
        ]
    )
    plan = plan_of(doc, tmp_path, ".csv")
    assert [tuple(o.name for o in a.leads) for a in plan.actions] == [
        ("Training Manager", "Head of Housing"),
        ("JR", "kl"),
    ]


def test_a_due_date_comes_from_the_text_only_when_it_is_due(tmp_path):
    doc = Doc(
        [
            Table(
                [
                    ["Ref", "Recommendation", "Lead"],
                    ["1", "Following the Cabinet meeting on 12 March 2024, review the lettings policy", "Jo Smith"],
                    ["2", "Report the findings to Scrutiny by 30 September 2026", "Jo Smith"],
                ]
            )
        ]
    )
    plan = plan_of(doc, tmp_path, ".csv")
    assert [a.timescale for a in plan.actions] == ["", "by 30 September 2026"]


def test_statuses_from_what_the_cells_say(tmp_path):
    doc = Doc(
        [
            Table(
                [
                    HEADER,
                    ["1", "Review the lettings policy. Status: complete", "Jo Smith", "March 2026", "", ""],
                    ["2", "Train the duty team", "Jo Smith", "Complete", "", ""],
                    ["3", "Update the website", "Jo Smith", "June 2026", "Completed", ""],
                    [
                        "4",
                        "Carry out the review",
                        "Jo Smith",
                        "June 2026",
                        "A number of actions have been completed: the survey and the first workshop.",
                        "",
                    ],
                ]
            )
        ]
    )
    plan = plan_of(doc, tmp_path, ".docx")
    assert [(a.ref, a.status) for a in plan.actions] == [
        ("1", "complete"),
        ("2", "complete"),
        ("3", "complete"),
        ("4", "open"),
    ]
    assert plan.actions[0].text == "Review the lettings policy."


def test_cells_read_alike_on_every_row_and_markup_of_each_kind_dropped(tmp_path):
    """A plan repeats its cells row after row (remembered readings must give every row its own
    answer), and a cell marked up in any of the ways the importer undoes (a tag, an entity,
    LaTeX, Markdown emphasis) reads as its text, while one with none of them reads as written."""
    doc = Doc(
        [
            Table(
                [
                    HEADER,
                    ["1", "Train the duty team", "Jo Smith", "Complete", "", ""],
                    ["2", "Train the duty team", "Jo Smith", "Complete", "", ""],
                    ["3", "Train the duty team. This action is now complete.", "Jo Smith", "June 2026", "", ""],
                    ["4", "Train the duty team. This action is now complete.", "Jo Smith", "June 2026", "", ""],
                    ["5", "Write the <b>policy</b>", "Jo Smith", "June 2026", "", ""],
                    ["6", "Housing &amp; care", "Jo Smith", "June 2026", "", ""],
                    ["7", "Done $\\checkmark$ at last", "Jo Smith", "June 2026", "", ""],
                    ["8", "Review the *draft*", "Jo Smith", "June 2026", "", ""],
                    ["9", "Review the draft (v2) - 50% done", "Jo Smith", "June 2026", "", ""],
                ]
            )
        ]
    )
    plan = plan_of(doc, tmp_path, ".csv")
    assert [(a.ref, a.status, a.timescale) for a in plan.actions[:4]] == [
        ("1", "complete", ""),
        ("2", "complete", ""),
        ("3", "complete", "June 2026"),
        ("4", "complete", "June 2026"),
    ]
    assert [a.text for a in plan.actions[4:]] == [
        "Write the policy",
        "Housing & care",
        "Done ✓ at last",
        "Review the draft",
        "Review the draft (v2) - 50% done",
    ]


def test_a_data_row_that_starts_with_a_header_word_is_data(tmp_path):
    doc = Doc(
        [
            Table(
                [
                    ["Action", "Lead officer", "Timescale"],
                    ["Progress report to Scrutiny", "Jo Smith", "June 2026"],
                    ["Lead officer training for the new system", "Training Manager", "July 2026"],
                    ["Timescale review", "Amir Khan", "August 2026"],
                ]
            )
        ]
    )
    plan = plan_of(doc, tmp_path, ".xlsx")
    assert [a.text for a in plan.actions] == [
        "Progress report to Scrutiny",
        "Lead officer training for the new system",
        "Timescale review",
    ]


@pytest.mark.parametrize(
    ("paragraphs", "title"),
    [
        (["PUBLIC", "Annex 2", "Improving Customer Services: Action Plan"], "Improving Customer Services: Action Plan"),
        (["Appendix A", "Audit Action Plan 2025"], "Audit Action Plan 2025"),
        (["Appendix 1. Peer Challenge Action Plan"], "Peer Challenge Action Plan"),
    ],
)
def test_plan_names_are_never_markings_or_annex_labels(paragraphs, title, tmp_path):
    doc = Doc([*[Para(p, "bold") for p in paragraphs], Table([HEADER, ["1", "Do it", "Jo Smith", "May 2026", "", ""]])])
    for suffix in (".docx", ".md"):
        assert plan_of(doc, tmp_path, suffix).title == title


def test_markdown_heading_marks_are_not_in_the_plan_name(tmp_path):
    path = tmp_path / "plan.md"
    path.write_text("# Equality Action Plan\n\n| Ref | Action | Lead |\n|---|---|---|\n| 1 | Do it | Jo Smith |\n")
    assert read_document(path).title == "Equality Action Plan"


def test_an_import_that_would_store_far_fewer_actions_than_rows_is_refused(tmp_path):
    lines = ["Ref,Action,Lead,Notes"] + [f"{n},Action number {n},Jo Smith," for n in range(1, 41)]
    lines[5] += "see the annex"
    path = tmp_path / "plan.csv"
    path.write_text("\n".join(lines), encoding="utf-8")
    assert len(read_document(path).actions) == 40
    with pytest.raises(UnreadableDocument, match=r"only 1 actions read from 40 rows .*nothing imported"):
        read_document_layout(path, mapping=Mapping(columns={"notes": "action", "action": "note", "ref": "note"}))


def test_a_table_with_a_header_but_nothing_read_from_its_rows_is_refused(tmp_path):
    path = tmp_path / "plan.csv"
    path.write_text("Ref,Action,Lead\n,,\n,,\n", encoding="utf-8")
    with pytest.raises(UnreadableDocument, match="no actions were read from its rows"):
        read_document(path)


def test_no_cap_on_the_rows_of_a_sheet(tmp_path):
    """A sheet longer than the old 5,000-row cap is read whole, in one table."""
    import openpyxl

    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["Ref", "Action", "Lead", "Due"])
    for n in range(1, 5_201):
        sheet.append([f"{n}", f"Action number {n}", "Jo Smith", "31/03/2027"])
    path = tmp_path / "long.xlsx"
    book.save(path)
    plan = read_document(path)
    assert len(plan.actions) == 5_200
    assert plan.actions[-1].ref == "5200" and plan.actions[-1].text == "Action number 5200"


@pytest.mark.parametrize(
    "fills",
    [
        ("FF0000", "FFC000", "00B050", "0070C0"),  # traffic-light colours
        ("FFC7CE", "FFEB9C", "C6EFCE", "9BC2E6"),  # the pale "bad / neutral / good" shades and a light blue
    ],
)
def test_a_pdf_whose_ratings_are_only_cell_colours_imports_right(fills, tmp_path):
    import pdfplumber

    doc = Doc(
        [
            Para("Library Service Action Plan 2026", "title"),
            Table(
                [
                    ["Ref", "Action", "Lead", "Timescale", "RAG"],
                    ["1", "Extend opening hours", "Jo Smith", "June 2026", C(fill=fills[0])],
                    ["2", "Refresh the stock", "Amir Khan", "September 2026", C(fill=fills[1])],
                    ["3", "Launch the home library service", "Priya Patel", "March 2027", C(fill=fills[2])],
                    ["4", "Publish the annual report", "Head of Libraries", "May 2026", C(fill=fills[3])],
                ]
            ),
        ]
    )
    path = write(doc, tmp_path / "plan.pdf")
    with pdfplumber.open(path) as pdf:  # the ratings are nowhere in the text: only colours
        text = "\n".join(page.extract_text() or "" for page in pdf.pages).lower()
    assert not any(word in text.split() for word in ("red", "amber", "green", "blue", "r", "a", "g", "b"))
    plan = read_document(path)
    assert plan.title == "Library Service Action Plan 2026"
    assert [(a.ref, a.text, a.rag, a.status) for a in plan.actions] == [
        ("1", "Extend opening hours", "red", "open"),
        ("2", "Refresh the stock", "amber", "open"),
        ("3", "Launch the home library service", "green", "open"),
        ("4", "Publish the annual report", "blue", "complete"),
    ]


def test_an_outcome_column_that_reports_what_was_done_is_the_progress_of_an_action_log(tmp_path):
    """An action log with no progress column records what came of each action under "Outcome";
    a plan's "Outcome" of what it aims for (no done words, no papers of a given day) stays a
    labelled note, and so does any "Outcome" beside a progress column."""
    log = Doc(
        [
            Para("Audit Committee action log", "title"),
            Table(
                [
                    ["Date", "Action", "Lead", "Outcome"],
                    ["12/03/2024", "Circulate the risk register to members", "Jo Smith", "Circulated 20/03/2024"],
                    ["12/03/2024", "Report on the payroll audit", "Amir Khan", "Completed: report to committee."],
                    ["04/06/2024", "Invite the external auditor", "Jo Smith", "Agreed for the next meeting"],
                    ["04/06/2024", "Review the fraud policy", "Priya Patel", "Policy paper 17/09/2024"],
                ]
            ),
        ]
    )
    plan = plan_of(log, tmp_path, ".docx")
    assert [[e.text for e in a.progress][:1] for a in plan.actions] == [
        ["Circulated 20/03/2024"],
        ["Completed: report to committee."],
        ["Agreed for the next meeting"],
        ["Policy paper 17/09/2024"],
    ]
    assert plan.actions[1].status == "complete"

    aims = Doc(
        [
            Para("Attendance Improvement Plan", "title"),
            Table(
                [
                    ["Ref", "Action", "Lead", "Timescale", "Outcome"],
                    [
                        "1",
                        "Set up a school attendance panel",
                        "Jo Smith",
                        "June 2026",
                        "Fewer pupils persistently absent",
                    ],
                    [
                        "2",
                        "Train attendance officers",
                        "Amir Khan",
                        "September 2026",
                        "Improved early help for families",
                    ],
                    ["3", "Publish termly figures", "Priya Patel", "March 2027", "Schools compare their attendance"],
                ]
            ),
        ]
    )
    plan = plan_of(aims, tmp_path, ".docx")
    assert [[e.text for e in a.progress] for a in plan.actions] == [
        ["Outcome: Fewer pupils persistently absent"],
        ["Outcome: Improved early help for families"],
        ["Outcome: Schools compare their attendance"],
    ]
    assert all(a.status == "open" for a in plan.actions)

    both = Doc(
        [
            Table(
                [
                    ["Ref", "Action", "Outcome", "Progress"],
                    ["1", "Review the policy", "Completed 01/02/2026", "Draft written"],
                    ["2", "Consult tenants", "Done 03/03/2026", "Survey out"],
                ]
            )
        ]
    )
    plan = plan_of(both, tmp_path, ".csv")
    assert [[e.text for e in a.progress] for a in plan.actions] == [
        ["Draft written", "Outcome: Completed 01/02/2026"],
        ["Survey out", "Outcome: Done 03/03/2026"],
    ]


def test_the_organisation_and_overseeing_body_are_found_anywhere_in_a_long_text():
    """The council and the body a plan reports to, named after a long run of capitalised words
    (page after page of a plan's rows), or only at its end, or not at all."""
    from storage.importing.plan_text import find_organisation, find_overseeing_body

    rows = " ".join(f"Action {n} Review The Housing Register With Partners." for n in range(2000))
    notes: list[str] = []
    assert find_organisation(f"{rows} Prepared by Kirklees Metropolitan Borough Council.", notes) == (
        "Kirklees Metropolitan Borough Council"
    )
    assert find_organisation(f"{rows} Leeds", notes) == "Leeds City Council"
    assert find_organisation(rows, notes) is None
    assert find_overseeing_body(f"{rows} For the Housing & Care Scrutiny Panel", notes) == (
        "Housing and Care Scrutiny Panel"
    )
    assert find_overseeing_body(f"{rows} this plan reports to Health And Wellbeing Board.", notes) == (
        "Health And Wellbeing Board"
    )
    assert find_overseeing_body(rows, notes) is None
    assert notes[-1] == "overseeing body 'Health And Wellbeing Board' read from 'this plan reports to ...'"
