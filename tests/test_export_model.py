"""The report model: one structure, built once from the database, that every format renders.

``build_scenario`` is shared by the other test_export_* modules: a plan with two themes, a review,
and edits after it (a RAG move, a re-dating, new progress, a new action, a withdrawal), plus user
text that tries to be a formula, markup or a terminal escape.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date

import pytest
from store_view import view

from storage.reports.model import build_report, clean
from storage.reviews import start_review
from storage.writes import edit

AS_AT = date(2015, 9, 22)
HOSTILE = '=HYPERLINK("http://evil.example","x") <script>alert(1)</script> | *star* \x00\x07\x1b[31m'


@dataclass
class Scenario:
    plan: str
    a1: str  # 1a: red -> amber since the review, re-dated, new progress
    a2: str  # 1b: green, unchanged, progress before the review
    a3: str  # 2a: withdrawn since the review
    a4: str  # 2b: new since the review, hostile text
    review: str


def build_scenario(db) -> Scenario:
    with edit(db, actor="setup") as e:
        plan = e.create(
            "plan",
            title="Care2Work & Co",
            organisation="Leeds City Council",
            rag_definitions={"red": "Substantial challenges", "amber": "Some challenges", "green": "On schedule"},
        )
        commitment = e.create("theme", plan_id=plan, name="COMMITMENT", position=0)
        support = e.create("theme", plan_id=plan, name="SUPPORT", position=1)
        o1 = e.create("objective", plan_id=plan, theme_id=commitment, ref="1", text="Strategic commitment", position=0)
        o2 = e.create(
            "objective",
            plan_id=plan,
            theme_id=support,
            ref="2",
            text="Workforce",
            position=1,
            criteria="Steps to improve the skills of the workforce",
        )
        jackie = e.create("officer", name="Jackie Roper", initials="JR")
        keith = e.create("officer", name="Keith Lander", initials="KL")
        sally = e.create("officer", name="Sally Lowe")  # no initials: derived
        a1 = e.create_action(
            plan, o1, "1a", "Promote the C2W group", timescale="04/14", rag="red", leads=[jackie, keith], position=0
        )
        a2 = e.create_action(
            plan, o1, "1b", "-2 Link with the task group", timescale="Ongoing", rag="green", leads=[keith], position=1
        )
        a3 = e.create_action(
            plan, o2, "2a", "+44 Trial the Hub", timescale="03/14", rag="red", leads=[sally], position=0
        )
        e.add_progress(a1, "achieved", "Sits on the steering group", entry_date=date(2014, 8, 1))
        e.add_progress(a2, "achieved", "@mention Done and ongoing", entry_date=date(2015, 1, 5))
    with edit(db) as e:
        e.set_timescale(a1, "09/14")
    review = start_review(db, plan, as_at=date(2015, 7, 22), label="July committee")
    with edit(db, actor="Jackie Roper") as e:
        e.set_rag(a1, "amber", reason="Training booked for May")
        e.set_timescale(a1, "12/15")
        e.add_progress(a1, "next", "Book the venue", entry_date=date(2015, 8, 1))
        e.set_status(a3, "withdrawn", reason="Superseded by 2b")
        o2_id = o2
        a4 = e.create_action(plan, o2_id, "2b", HOSTILE, timescale="\tMarch 2016", leads=[jackie], position=1)
        e.add_progress(a4, "note", "+44 line\nsecond line")
    return Scenario(plan, a1, a2, a3, a4, review)


@pytest.fixture
def scenario(db) -> Scenario:
    return build_scenario(db)


def test_report_groups_by_theme_and_objective_and_marks_changes(db, scenario):
    report = build_report(view(db), scenario.plan, as_at=AS_AT)
    assert report.heading == "ONGOING ACTIONS – SUMMARY VERSION as at 22/09/2015"
    assert [t.name for t in report.themes] == ["COMMITMENT", "SUPPORT"]
    assert [[o.heading for o in t.objectives] for t in report.themes] == [
        ["Objective 1. Strategic commitment"],
        ["Objective 2. Workforce"],
    ]
    actions = {a.ref: a for _, _, a in report.actions()}
    assert list(actions) == ["1a", "1b", "2a", "2b"]
    a1 = actions["1a"]
    assert a1.changed and not a1.new and a1.lead_initials == "JR/KL" and a1.leads[0].primary
    assert a1.notes == ("Re-dated: 09/14 → 12/15", "RAG Red → Amber: Training booked for May")
    assert a1.redated_total == 2 and a1.redated_note == "Re-dated 2 times (first: 04/14)"
    assert [(e.symbol, e.text, e.new) for e in a1.progress] == [
        ("✓", "Sits on the steering group", False),
        ("⇒", "Book the venue", True),
    ]
    assert a1.rag_at_review == "red" and a1.rag == "amber"
    assert not actions["1b"].changed and actions["1b"].notes == ()
    assert actions["2a"].status == "withdrawn" and actions["2a"].notes == ("Withdrawn: Superseded by 2b",)
    assert actions["2b"].new and actions["2b"].lead_initials == "JR"
    assert "\x1b" not in actions["2b"].text and "\\x1b" in actions["2b"].text and "\\x00" in actions["2b"].text
    assert actions["2a"].leads[0].initials == "SL"  # derived from the name
    assert report.initials_key == (("JR", "Jackie Roper"), ("KL", "Keith Lander"), ("SL", "Sally Lowe"))
    assert report.rag_definitions == (
        ("red", "Substantial challenges"),
        ("amber", "Some challenges"),
        ("green", "On schedule"),
        (None, report.rag_definitions[-1][1]),
    )
    summary = dict(report.summary)
    assert (summary["Red"], summary["Amber"], summary["Green"], summary["Not rated"]) == (0, 1, 1, 1)
    assert summary["Withdrawn or superseded"] == 1 and summary["Changed since the last review"] == 3
    assert summary["New since the last review"] == 1 and summary["Re-dated more than once in all"] == 1
    assert [c.label for c in report.trend] == ["22/07/2015", "Now (22/09/2015)"]
    assert report.trend[0].counts["red"] == 2


def test_changes_only_keeps_changed_actions_and_their_headings(db, scenario):
    report = build_report(view(db), scenario.plan, as_at=AS_AT, changes_only=True)
    assert [a.ref for _, _, a in report.actions()] == ["1a", "2a", "2b"]
    assert dict(report.summary)["Green"] == 1  # the summary still covers the whole plan


def test_without_a_review_nothing_is_marked_and_defaults_apply(db, small_plan):
    report = build_report(view(db), small_plan.plan, as_at=AS_AT)
    assert report.review_as_at is None and "No review" in report.italics_note
    assert not any(a.changed or a.notes for _, _, a in report.actions())
    assert [c.label for c in report.trend] == ["Now (22/09/2015)"]
    assert [rag for rag, _ in report.rag_definitions] == ["red", "amber", "green", "blue", None]
    assert report.themes[0].name == ""


def test_clean_shows_control_characters_and_xml_forbidden_ones():
    assert clean("a\x00b\x1bc\ufffe\tline\nnext") == "a\\x00b\\x1bc\\ufffe\tline\nnext"
    assert json.dumps(clean(None)) == '""'


def test_no_trend_before_the_first_review(db, small_plan, tmp_path):
    from storage.reports import export_report

    report = build_report(view(db), small_plan.plan, as_at=AS_AT)
    assert not report.has_trend
    export_report(report, "html", tmp_path / "r.html")
    export_report(report, "md", tmp_path / "r.md")
    html = (tmp_path / "r.html").read_text(encoding="utf-8")
    assert "chart-trend" not in html and html.count("<svg") == 1  # the RAG distribution only
    assert "RAG trend" not in (tmp_path / "r.md").read_text(encoding="utf-8")


def test_the_export_floor_writes_every_text_of_the_report_unstyled(tmp_path):
    """``storage.reports.plain`` is what ``make bench`` times the DOCX export against."""
    from db_support import Database

    from storage.reports.plain import main, render_plain

    path = tmp_path / "plans.db"
    database = Database.open(path)
    scenario = build_scenario(database)
    report = build_report(view(database), scenario.plan, as_at=AS_AT)
    database.close()
    text = render_plain(report)
    for _, objective, action in report.actions():
        assert objective.heading in text and f"{action.ref}\t{action.text}\t{action.lead_initials}" in text
    assert "⇒ 01/08/2015 – Book the venue" in text and report.footer in text
    assert main(["--db", str(path), "--plan", scenario.plan, "-o", str(tmp_path / "floor.txt")]) == 0
    assert "Promote the C2W group" in (tmp_path / "floor.txt").read_text(encoding="utf-8")
    assert main(["--db", str(path), "--plan", "nope", "-o", str(tmp_path / "x.txt")]) == 1
