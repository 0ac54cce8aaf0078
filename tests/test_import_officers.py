"""Officers across spellings: exact names and titles either side match; likely matches are
proposed (a note; a choice in the preview screen), never merged silently."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from models.tables import Officer
from storage.importing import read_document
from storage.importing.loader import load_plan
from storage.importing.officer_choices import likely_officers, use_known_names
from storage.officer_likeness import OfficerDirectory, name_likeness
from storage.writes import edit


@pytest.mark.parametrize(
    ("written", "known", "likely"),
    [
        ("Cathryn White", "Catherine White", True),
        ("Kate White", "Catherine White", True),
        ("Catherine Whyte", "Catherine White", True),
        ("D. Tumelty", "Dominic Tumelty", True),
        ("Dom Tumelty", "Dominic Tumelty", True),
        ("Dominic J Tumelty", "Dominic Tumelty", True),
        ("Dr Sarah Platt", "Sarah Platt", True),
        ("Cllr Sarah Platt", "Sarah Platt", True),
        ("Gwen Wagner Adair", "Gwen Wagner-Adair", True),
        ("Zoë Smith", "Zoe Smith", True),
        ("Paul White", "Catherine White", False),
        ("Catherine Black", "Catherine White", False),
        ("Jackie Roper", "Keith Lander", False),
        ("Jackie Roper", "jackie  roper.", False),  # the same name: an exact match, not a "likely" one
        ("Roper", "Jackie Roper", False),
    ],
)
def test_name_likeness(written, known, likely):
    assert bool(name_likeness(written, known)) is likely


def csv_plan(tmp_path, name, rows):
    path = tmp_path / name
    lines = ["Ref,Action,Lead"] + [f'{ref},{action},"{lead}"' for ref, action, lead in rows]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return read_document(path)


def officers(db):
    with db.engine.connect() as conn:
        table = Officer.__table__
        return sorted((r.name, r.job_title) for r in conn.execute(select(table.c.name, table.c.job_title)))


def test_titles_before_or_after_the_name_are_one_officer(db, tmp_path):
    plan = csv_plan(
        tmp_path,
        "titles.csv",
        [
            ("1", "Collect destinations data", "Dominic Tumelty Head of Service, Children We Look After"),
            ("2", "Review the strategy", "Head of Service, Dominic Tumelty"),
            ("3", "Consult young people", "Carly Quinn, Team Manager and Dominic Tumelty"),
        ],
    )
    report = load_plan(db, plan)
    assert officers(db) == [
        ("Carly Quinn", "Team Manager"),
        ("Dominic Tumelty", "Head of Service, Children We Look After"),
    ]
    assert report.created["officers"] == 2


def test_a_likely_match_is_noted_and_kept_separate(db, tmp_path):
    with edit(db, actor="setup") as e:
        e.create("officer", name="Catherine White", initials="CW", job_title="Virtual School Head")
    plan = csv_plan(tmp_path, "spelling.csv", [("1", "Run the audit", "Cathryn White")])
    report = load_plan(db, plan)
    assert "officer 'Cathryn White' may be 'Catherine White': kept separate, merge them if so" in [
        str(n) for n in report.notes
    ]
    assert [name for name, _ in officers(db)] == ["Catherine White", "Cathryn White"]


def test_the_user_can_say_it_is_the_same_person(db, tmp_path):
    with edit(db, actor="setup") as e:
        e.create("officer", name="Catherine White", initials="CW")
        e.create("officer", name="Keith Lander", initials="KL")
    plan = csv_plan(
        tmp_path,
        "choices.csv",
        [
            ("1", "Run the audit", "Cathryn White / Keith Lander"),
            ("2", "Train staff", "Keith Landers; Cathryn White"),
            ("3", "Report back", "Sarah Platt"),
            ("4", "Visit schools", "Sara Platt"),  # only like a name earlier in this same document
        ],
    )
    choices = likely_officers(db, plan)
    assert [(c.written, c.known, c.in_database) for c in choices] == [
        ("Cathryn White", "Catherine White", True),
        ("Keith Landers", "Keith Lander", True),
        ("Sara Platt", "Sarah Platt", False),
    ]
    choices[0].same = True  # the user's answer; the others stay separate
    assert use_known_names(plan, choices) == 1
    report = load_plan(db, plan)
    assert [name for name, _ in officers(db)] == [
        "Catherine White",
        "Keith Lander",
        "Keith Landers",
        "Sara Platt",
        "Sarah Platt",
    ]
    assert not any("Cathryn" in str(n) for n in report.notes)
    assert [o.name for o in plan.actions[0].leads] == ["Catherine White", "Keith Lander"]


def test_ambiguous_likely_matches_are_not_proposed(db):
    with edit(db, actor="setup") as e:
        e.create("officer", name="Chris Smith")
        e.create("officer", name="Christine Smith")
    with db.read() as txn:
        directory = OfficerDirectory(txn.officers.names())
    assert directory.likely_match("C. Smith") is None  # either of them: say nothing
    assert directory.likely_match("Christine Smyth").name == "Christine Smith"


def test_a_lead_cell_read_again_gives_new_officers_each_time():
    """The officers a lead cell names are worked out once and handed out as copies: what the
    reading of one row changes on its officers (initials from the plan's key) is not what the next
    row naming the same people gets."""
    from storage.importing.cell_values import read_leads

    first = read_leads("Jackie Roper, Keith Lander", {}, [])
    assert [o.name for o in first] == ["Jackie Roper", "Keith Lander"]
    first[0].initials, first[1].team = "JXR", "Finance"
    again = read_leads("Jackie Roper, Keith Lander", {}, [])
    assert again == [type(o)(name=o.name) for o in first] and again[0] is not first[0]
    assert again[0].initials is None and again[1].team is None
