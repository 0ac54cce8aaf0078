"""Rules learnt from published board action logs, inspection and audit plans (tests/corpus), each
on a small document: a row wrapped over several lines of pasted text, a "New date" re-dating the
due date, a "Status" column of comments, a form table above the plan, a plan named on a cover
sheet, a "Priority" column of levels beside the findings."""

from __future__ import annotations

from storage.importing import read_document
from tests.corpus.spec import C, Doc, Para, Sheet, Table
from tests.corpus.writers import write

LOG = Doc(
    [
        Para("Board Action Log", "heading1"),
        Table(
            [
                ["No", "Action", "Lead", "Target date", "New date", "Status"],
                [C("June 2025", span=6, bold=True)],
                [
                    "6.01",
                    "Report the winter plan's staffing to the board with the rota",
                    "AB",
                    "July",
                    "",
                    "Not yet due",
                ],
                [
                    "6.02",
                    "Circulate the revised risk register to all members of the board",
                    "CD/EF",
                    "June",
                    "9 Sep",
                    "Moved to September's meeting",
                ],
            ]
        ),
    ]
)


def test_a_row_wrapped_over_lines_of_pasted_text_is_one_action(tmp_path):
    path = write(LOG, tmp_path / "log.txt", wrap=(5, 22, 5, 7, 6, 16))
    assert len(path.read_text().splitlines()) > 8  # the cells did wrap
    plan = read_document(path)
    assert [a.ref for a in plan.actions] == ["6.01", "6.02"]
    assert plan.actions[1].text == "Circulate the revised risk register to all members of the board"
    assert [o.name for o in plan.actions[1].leads] == ["CD", "EF"]


def test_a_new_date_is_the_deadline_where_given_and_a_status_column_of_comments_is_progress(tmp_path):
    plan = read_document(write(LOG, tmp_path / "log.docx"))
    first, second = plan.actions
    assert (first.timescale, second.timescale) == ("July", "9 Sep")
    assert [p.text for p in first.progress] == ["Not yet due"]
    assert [p.text for p in second.progress] == ["Moved to September's meeting", "Target date: June"]
    assert plan.objectives[0].text == "June 2025"  # (no objective column: the month row heads the rows)


def test_a_form_of_labels_and_sentences_above_the_plan_is_not_read_as_actions(tmp_path):
    doc = Doc(
        [
            Para("Equality analysis", "heading1"),
            Table(
                [
                    ["Title of analysis", "The housing allocations policy review and its progress update."],
                    ["Lead manager", "Jo Bloggs"],
                    ["Summary of findings", "Older applicants wait longer on average than others."],
                ],
                header_rows=0,
            ),
            Table([["Action", "Target date"], ["Publish waiting times by age", "Quarterly"]]),
        ]
    )
    plan = read_document(write(doc, tmp_path / "form.docx"))
    assert [a.text for a in plan.actions] == ["Publish waiting times by age"]


def test_a_workbook_names_its_plan_on_the_cover_sheet_before_the_plan(tmp_path):
    doc = Doc(
        [
            Sheet("Cover"),
            Para("Inspection Action Plan 2025", "title"),
            Table([["Sponsor", "Jo Bloggs"], ["Version", "v1.2"]], header_rows=0),
            Sheet("Plan"),
            Table(
                [
                    ["Ref", "Action", "Lead", "Due date"],
                    ["1.1", "Redesign the waiting area", "Chief Nurse", "31/03/2026"],
                ]
            ),
        ]
    )
    plan = read_document(write(doc, tmp_path / "plan.xlsx"))
    assert plan.title == "Inspection Action Plan 2025"
    assert [a.ref for a in plan.actions] == ["1.1"]


def test_a_priority_column_of_levels_is_a_note_not_the_objective(tmp_path):
    doc = Doc(
        [
            Para("Internal Audit Action Plan"),
            Table(
                [
                    ["No", "Finding", "Priority", "Agreed action", "Officer responsible", "Implementation date"],
                    [
                        "1",
                        "Reconciliations were not reviewed in four months.",
                        "High",
                        "Monthly sign-off.",
                        "Finance Manager",
                        "31/03/2026",
                    ],
                    [
                        "2",
                        "Leavers remained on the payroll for two months.",
                        "Medium",
                        "A monthly leavers list.",
                        "Head of HR",
                        "30/06/2026",
                    ],
                    [
                        "3",
                        "The procurement policy dates from 2019.",
                        "Low",
                        "Update the policy.",
                        "Procurement Lead",
                        "30/09/2026",
                    ],
                ]
            ),
        ]
    )
    plan = read_document(write(doc, tmp_path / "audit.csv"))
    assert plan.objectives[0].text == "Reconciliations were not reviewed in four months."
    assert [[p.text for p in a.progress] for a in plan.actions] == [
        ["Priority: High"],
        ["Priority: Medium"],
        ["Priority: Low"],
    ]
