"""The seed readers on the three real seed plans, and their helpers on small strings."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from storage.importing import UnreadableDocument as UnreadableFile
from storage.importing import read_document as read_plan_text
from storage.importing.cell_values import join_cell_text
from storage.importing.leads import _clauses, _listed_names, split_leads
from storage.importing.progress import split_progress
from storage.importing.text_grid import decode_text, split_markdown_row

SAMPLES = Path(__file__).resolve().parent.parent / "samples"
KEY = {"MC": "Michael Clarke", "LM": "Lynne McLaughlin", "JR": "Jackie Roper", "SL": "Sally Lowe"}


@pytest.fixture(scope="module")
def st_helens_apprenticeships():
    return read_plan_text(SAMPLES / "000_7ddbd61a08069e90.txt")


@pytest.fixture(scope="module")
def st_helens_work():
    return read_plan_text(SAMPLES / "001_7a7a084ae4eb0c34.txt")


@pytest.fixture(scope="module")
def leeds():
    return read_plan_text(SAMPLES / "003_db780d2784081089.txt")


def actions(plan):
    return {a.ref: a for a in plan.actions}


def people(action):
    return [(o.name, o.job_title) for o in action.leads]


def notes_about(plan, text):
    return [str(n) for n in plan.notes if text in n.message]


# ---- 000: St Helens apprenticeships, tab-separated -------------------------------------------


def test_000_plan_facts(st_helens_apprenticeships):
    plan = st_helens_apprenticeships
    assert plan.title == "Apprenticeship for Looked After Children and Care Leavers"
    assert plan.source_key == "000_7ddbd61a08069e90"
    assert plan.organisation == "St Helens Borough Council"
    assert plan.overseeing_body == "Children and Young People Services Scrutiny Committee"
    assert [o.ref for o in plan.objectives] == [str(n) for n in range(1, 10)]
    assert (
        plan.objectives[6].text == "That the post of Education, Employment and Training Co-ordinator is made permanent."
    )


def test_000_leads_and_timescales(st_helens_apprenticeships):
    by_ref = actions(st_helens_apprenticeships)
    assert people(by_ref["1"]) == [("Dominic Tumelty", "Head of Service, Children We Look After")]
    assert by_ref["1"].timescale == "December 2020"
    assert people(by_ref["3"]) == [
        ("Carly Quinn", "Team Manager, Futures"),
        ("Helen Sharratt", "Children and Young People Consultation Officer"),
    ]
    assert by_ref["3"].timescale == "March 2021"
    assert [o.name for o in by_ref["4"].leads] == ["Dominic Tumelty", "Sharon Fryer"]
    assert by_ref["4"].leads[1].job_title == "Head of Service, SEND"
    assert people(by_ref["5"]) == [("Carly Quinn", "Team Manager, Futures team")]
    assert notes_about(st_helens_apprenticeships, "'Council Communications team' is a team")
    assert by_ref["6"].timescale == "Summer term 2021"
    assert people(by_ref["6"]) == [("Sarah Platt", "Head teacher, Virtual School for Looked After Children")]
    assert people(by_ref["8"]) == [("Joanne Davies", "Assistant Director for Educations")]


def test_000_rec_7_is_complete(st_helens_apprenticeships):
    rec7 = actions(st_helens_apprenticeships)["7"]
    assert (rec7.status, rec7.rag, rec7.text) == ("complete", "blue", "This action is now complete.")
    assert all(a.status == "open" for a in st_helens_apprenticeships.actions if a.ref != "7")


def test_000_rec_9_sub_items_become_actions(st_helens_apprenticeships):
    rec9 = st_helens_apprenticeships.objectives[-1]
    assert [a.ref for a in rec9.actions] == ["9", "9A", "9B", "9C", "9D", "9E"]
    assert rec9.actions[0].text.startswith("For the lead officers to liaise with the chair of Panel")
    assert rec9.actions[0].timescale == ""
    for sub in rec9.actions[1:]:
        assert [o.name for o in sub.leads] == ["Carly Quinn", "Cathryn White"]
        assert sub.timescale == "March 2021"
        assert "<p>" not in sub.text
    assert rec9.actions[1].text.startswith("meeting with care leavers to understand")
    assert rec9.actions[4].text.startswith("a meeting with local representatives from DWP")
    assert rec9.actions[5].text == "scrutiny of the supported internship programme."
    assert rec9.actions[2].leads[1].job_title == "Place Delivery project Manager"


# ---- 001: St Helens work opportunities, Markdown pages ---------------------------------------


def test_001_plan_facts(st_helens_work):
    plan = st_helens_work
    assert plan.title == "Action Plan: Improving Work Opportunities for Care Experienced Young People"
    assert plan.organisation == "St Helens Borough Council"
    assert plan.overseeing_body == "Children and Young People Services Scrutiny Committee"
    assert [o.ref for o in plan.objectives] == list("ABCDEFGHIJKL")
    assert all(len(o.actions) == 1 and o.actions[0].ref == o.ref for o in plan.objectives)


def test_001_by_when_and_leads(st_helens_work):
    by_ref = actions(st_helens_work)
    assert by_ref["A"].timescale == "31st October 2021"
    assert people(by_ref["A"]) == [
        ("Dominic Tumelty", "Head of Service"),
        ("Sarah Platt", "Head of Virtual School"),
        ("Paul Ross", None),
    ]
    assert by_ref["B"].timescale == "30th September 2021"
    assert people(by_ref["B"]) == [("Fiona Woods", "Head of Service, Fostering and Adoption")]
    assert by_ref["C"].timescale == "by September 2021"  # empty cell: taken from the text
    assert people(by_ref["D"]) == [("Helen Sharratt", "Principal Social Worker"), ("Simon Manseri", None)]
    assert people(by_ref["I"]) == [("Andrew Beresford", "Ways to Work Delivery lead")]
    assert people(by_ref["J"]) == [("Dominic Tumelty", "Head of Service"), ("Helen Sharratt", "Participation Lead")]
    assert by_ref["J"].timescale == "30th September 2021"
    assert people(by_ref["K"]) == [("Emma Morris", "Head of Organisational Design and Development")]
    assert by_ref["L"].timescale == ""  # empty cell; "from July 2021" is a start, not a due date
    assert notes_about(st_helens_work, "'July 2021' follows 'from'")


def test_001_rows_continued_over_page_breaks_are_joined(st_helens_work):
    objectives = {o.ref: o for o in st_helens_work.objectives}
    by_ref = actions(st_helens_work)
    assert objectives["E"].text.endswith(
        "should be offered training/awareness raising sessions on the "
        "challenges of looked after children and care leavers, their "
        "additional support needs and techniques to encourage them to "
        "invest in education."
    )
    assert "The Virtual School has also organised an inclusion conference" in by_ref["E"].text
    assert "Finally, they have funded 6 cohorts of 'Emotion coaches'" in by_ref["E"].text
    assert "by regular inclusion in Ambassador Programme meeting agendas as a standard item." in by_ref["F"].text
    assert "Cathryn White to organise meetings" in by_ref["F"].text
    assert objectives["H"].text.endswith(
        "organisations that have policies/initiatives to offer work "
        "experience and employment opportunities to care experienced "
        "young people."
    )
    assert objectives["F"].ref == "F" and "<p>" not in by_ref["A"].text
    assert "St Helens Ambassador Programme" in objectives["F"].text
    assert "\u2019" in objectives["C"].text  # UTF-8 apostrophe survived ("children’s")


# ---- 003: Leeds From Care2Work work plan -----------------------------------------------------


def test_003_plan_facts(leeds):
    assert leeds.title == "From Care2Work Employability Support Work Plan"
    assert leeds.organisation == "Leeds City Council"
    assert leeds.as_at == date(2015, 7, 22)
    assert leeds.rag_definitions == {
        "green": "on schedule, and no or minor challenged encountered",
        "amber": "started, with some challenges being encountered",
        "red": "Substantial challenges encountered",
    }


def test_003_officers_key_and_contacts(leeds):
    officers = {o.name: o for o in leeds.officers}
    initials = {o.initials: o.name for o in leeds.officers if o.initials}
    assert initials == {
        "AY": "Allison Yates",
        "JH": "Jane Hopkins",
        "GW": "Gwendolyn Wagner-Adair",
        "KL": "Keith Lander",
        "JR": "Jackie Roper",
        "JA": "Jancis Andrew",
        "LM": "Lynne McLaughlin",
        "MC": "Michael Clarke",
        "SD": "Sheila Duxbury",
        "SL": "Sally Lowe",
    }
    jackie = officers["Jackie Roper"]
    assert jackie.email == "Jackie.roper@leeds.gov.uk"
    assert jackie.phone.startswith("0113 395 2806")
    assert jackie.job_title.startswith("Childrens Services Lead for CLA from Education to Employment")
    assert "Head of Virtual School" in officers["Jancis Andrew"].job_title
    assert officers["Jane Hopkins"].job_title == "Head of Employment and Skills, LCC"
    assert officers["Allison Yates"].job_title == "DWP"
    assert list(officers)[:2] == ["Jackie Roper", "Jancis Andrew"]  # lead contact, strategic lead


def test_003_themes_and_objectives(leeds):
    objectives = {o.ref: o for o in leeds.objectives}
    assert list(objectives) == [str(n) for n in range(1, 11)]
    themes = {ref: o.theme for ref, o in objectives.items()}
    assert themes == {
        "1": "COMMITMENT",
        "2": "COMMITMENT",
        "3": "OPPORTUNITIES",
        "4": "OPPORTUNITIES",
        "5": "OPPORTUNITIES",
        "6": "SUPPORT",
        "7": "SUPPORT",
        "8": "SUPPORT",
        "9": "MONITORING",
        "10": "MONITORING",
    }
    assert objectives["5"].text.startswith("The move on plans, or current accommodation, support care leavers")
    assert objectives["9"].text == (
        "Clear information, referral and monitoring systems are in place to "
        "manage employability opportunities for care leavers."
    )
    assert objectives["4"].text == (
        "Financial policies and procedures clearly identify how young people "
        "will be supported with education, training and employment."
    )
    assert objectives["10"].text.startswith("Feedback from young people is included in monitoring")
    assert notes_about(leeds, "objective 1 has no heading in the table")
    assert notes_about(leeds, "objective 5: heading mangled")


def test_003_action_references(leeds):
    refs = [a.ref for a in leeds.actions]
    expected = (
        [f"1{c}" for c in "abcdefghi"]
        + [f"2{c}" for c in "abcdefghij"]
        + [f"3{c}" for c in "abcdefghi"]
        + [f"4{c}" for c in "abcde"]
        + ["5a", "5b", "5c"]
        + [f"6{c}" for c in "abcdefghijklmn"]
        + ["7a", "7b", "7c"]
        + ["8a", "8b", "8c"]
        + [f"9{c}" for c in "abcdefghi"]
        + ["10a"]
    )
    assert refs == expected
    for written, fixed in [
        ("Sc)", "3c"),
        ("Be)", "3e"),
        ("g)", "3g"),
        ("Gc)", "6c"),
        ("od)", "6d"),
        ("Ge)", "6e"),
        ("of)", "6f"),
        ("og)", "6g"),
        ("6I)", "6l"),
    ]:
        assert notes_about(leeds, f"reference {written!r} read as {fixed}"), written
    assert actions(leeds)["3c"].text.startswith("Work experience — guarantee of a place")
    assert actions(leeds)["6l"].text.startswith("To consider further improving use of wide range")


def test_003_leads(leeds):
    by_ref = actions(leeds)
    names = {ref: [o.name for o in a.leads] for ref, a in by_ref.items()}
    assert names["1a"] == ["Jackie Roper"]
    assert names["1d"] == ["Jackie Roper", "Keith Lander"]
    assert names["1i"] == ["Sally Lowe"]
    assert names["2a"] == ["Michael Clarke"]  # Cyrillic "МС"
    assert names["2b"] == ["Michael Clarke", "Lynne McLaughlin"]
    assert by_ref["2b"].leads[0].initials == "MC"
    assert names["2e"] == ["Michael Clarke", "Lynne McLaughlin", "Sheila Duxbury"]
    assert names["2f"] == ["Rob Murray"]  # "RM": not in the key, guessed from 5b
    assert names["2g"] == ["Lynne McLaughlin", "Andy Lloyd"]
    assert names["2j"] == ["Sally Lowe", "Jackie Roper"]  # "SaLly Lowe"
    assert names["3c"] == ["Keith Lander", "David Bowers"]
    assert names["3i"] == [] and names["2d"] == [] and names["5a"] == []
    assert names["4a"] == ["Jackie Roper", "Jancis Andrew", "Sheila Duxbury"]
    assert names["4b"] == ["GM", "Sheila Duxbury"]  # "GM" is not in the key: kept, reported
    assert names["4e"] == ["Michael Clarke", "Gwendolyn Wagner-Adair"]
    assert names["6c"] == ["Schools"]
    assert names["6d"] == ["Michael Clarke"] and names["6e"] == ["Michael Clarke"]
    assert names["6g"] == ["Jancis Andrew"]
    assert names["6j"] == ["Michael Clarke", "Jeanette Scott"]
    assert names["9a"] == ["Rob Murray", "Lynne McLaughlin", "Gwendolyn Wagner-Adair"]
    assert names["9d"] == ["Lynne McLaughlin", "Michael Clarke"]
    assert names["9g"] == ["Sally Lowe", "Jackie Roper", "Michael Clarke"]
    assert names["10a"] == ["Michael Clarke"]
    assert notes_about(leeds, "'GM' are not in the document's key")
    assert notes_about(leeds, "Cyrillic")


def test_003_timescales_and_rag(leeds):
    by_ref = actions(leeds)
    assert (by_ref["1a"].timescale, by_ref["1a"].rag) == ("04/14", "amber")
    assert (by_ref["1b"].timescale, by_ref["1b"].rag) == ("06/14", "green")
    assert by_ref["2b"].timescale == "05 – 07 2014"
    assert by_ref["2d"].timescale == "07/14 09/14-07/14"
    assert by_ref["2e"].timescale == "O3/14 O7/14" and by_ref["2e"].rag == "green"  # <u>G</u>
    assert by_ref["4a"].timescale == "From April 15"
    assert by_ref["4b"].timescale == "As required"
    assert by_ref["6b"].timescale == "Ongoing"
    assert by_ref["5c"].timescale == "Ongoing" and by_ref["5c"].rag == "amber"
    assert by_ref["6l"].timescale == "04/15 (report)"
    assert by_ref["9i"].timescale == "From 09/14"
    assert by_ref["10a"].timescale == "" and by_ref["10a"].rag == "red"
    assert [by_ref[r].rag for r in ("6i", "8a", "8c", "9e")] == ["red", "red", "red", "amber"]
    assert all(by_ref[r].rag is None for r in ("7a", "7b", "7c"))


def test_003_status(leeds):
    status = {a.ref: a.status for a in leeds.actions}
    assert status["2f"] == status["2h"] == status["6c"] == status["6f"] == "withdrawn"
    assert status["2j"] == status["2g"] == "superseded"
    assert status["6a"] == "open"  # only part of its text was deleted
    assert sum(s == "open" for s in status.values()) == len(status) - 6
    by_ref = actions(leeds)
    assert by_ref["2f"].text.startswith("Initially trial a joint working approach")
    assert by_ref["6c"].text.startswith("Support from Connexions and Schools")
    assert by_ref["6f"].text.startswith("Check with schools")
    assert by_ref["6f"].progress[0].text == "DELETE because there is now no pre-16 Connexions caseload anymore"
    assert not any(a.text.startswith("DELETE") for a in leeds.actions)


def test_003_progress(leeds):
    by_ref = actions(leeds)
    first = by_ref["1a"].progress[0]
    assert (first.kind, first.date) == ("achieved", date(2014, 8, 1))
    assert first.text.startswith("Since Aug 2014 JR sits on LSCB")
    dated = [p for p in by_ref["1i"].progress if p.kind == "achieved" and p.date == date(2015, 7, 22)]
    assert len(dated) == 3
    assert [p.kind for p in by_ref["1i"].progress] == ["achieved"] * 3 + ["next"] * 2
    assert any("NEED UPDATE FROM HR????" in p.text for p in by_ref["3d"].progress)
    assert by_ref["3d"].progress[-1].kind == "next"  # written with the mis-decoded arrow "⇔"
    assert by_ref["3f"].progress[0].kind == "note" and by_ref["3f"].progress[0].text == "JANE TO UPDATE????"
    assert by_ref["3c"].progress[0].date == date(2014, 7, 1)  # "(07/14)- Corporate HR ..."
    assert [p.kind for p in by_ref["2a"].progress] == ["achieved", "next"]  # "➡"
    assert by_ref["9g"].progress[0].kind == "achieved" and by_ref["9g"].progress[0].date == date(2015, 7, 22)
    assert [p.kind for p in by_ref["6j"].progress] == ["achieved", "next"]  # <ul><li>
    assert by_ref["1c"].progress[0].text == "Done"
    assert by_ref["6i"].progress[0].kind == "note" and by_ref["6i"].progress[0].text == "Not started"
    # 2c continues over a page break: its progress has entries from both pages
    assert any("Virtual School annual CPD.10 attended" in p.text for p in by_ref["2c"].progress)
    assert by_ref["2c"].progress[-1].text.startswith("Training identified for 13+ PAs")
    assert any("positive feedback as mow meting" in p.text for p in by_ref["6h"].progress)
    assert any(p.text.startswith("Sept 14 - Monthly College") for p in by_ref["9h"].progress)
    assert by_ref["8a"].progress[0].text.endswith("would have support until 25).")


def test_003_rows_continued_and_page_furniture_dropped(leeds):
    by_ref = actions(leeds)
    assert "(Multi-Agency Looked After Partnership) Education and Employment" in by_ref["1e"].text
    assert by_ref["5b"].text.count("education, training and employment. This is completed") == 1
    assert "Housing Support worker)" in by_ref["5b"].text
    assert by_ref["5c"].text.startswith("Weekly meetings are held between Social Care and Housing Options")
    assert by_ref["9d"].text == "Monthly update from Connexions to CLA Service"
    assert by_ref["10a"].text == "Feedback from Care Leaver Group?"
    assert "EET Group where CLs are represented." in by_ref["10a"].progress[0].text
    for action in leeds.actions:
        everything = " ".join([action.text] + [p.text for p in action.progress])
        for junk in (
            "Page 2 of 13",
            "<b>",
            "<u>",
            "<li>",
            "Milestones / Actions",
            "Created by",
            "SUMMARY VERSION",
            "V = Outcomes",
            "$",
            "A range of specific actions",
        ):
            assert junk not in everything, (action.ref, junk)
    assert notes_about(leeds, "page header/footer lines dropped")
    assert notes_about(leeds, "Overall Lead: M. Clarke")


def test_003_objective_7_merged_line(leeds):
    by_ref = actions(leeds)
    assert by_ref["7a"].text == "Helpline and named contact for foster carers of all children CLA and and over 18."
    assert by_ref["7b"].text.startswith("Link to MALAP Care Leavers Plan of producing a Guide")
    assert by_ref["7c"].text.startswith("To develop the Pathway Plan to make specific reference")
    assert by_ref["7a"].progress[0].kind == "next"
    assert len(notes_about(leeds, "merged line")) == 3
    assert notes_about(leeds, "This action proposed to be withdrawn")


def test_every_note_has_a_line_or_is_plan_wide(leeds, st_helens_work, st_helens_apprenticeships):
    for plan in (leeds, st_helens_work, st_helens_apprenticeships):
        assert all(n.message and "\n" not in n.message for n in plan.notes)
    assert all(a.line for a in leeds.actions)


# ---- choosing the reader, decoding -----------------------------------------------------------


def test_read_plan_text_refuses_unknown_text(tmp_path):
    path = tmp_path / "shopping.txt"
    path.write_text("eggs\nmilk\n")
    with pytest.raises(UnreadableFile) as error:
        read_plan_text(path)
    assert "\n" not in str(error.value) and "shopping.txt" in str(error.value)


def test_read_plan_text_reads_cp1252_and_bom(tmp_path):
    text = (
        "Plan for St Helens\n\nRec No\tRecommendation\tResponsible Officer\tAgreed Action\n"
        "1\tThat the café\u2019s menu is reviewed.\tJane Smith, Head of Service\tReview by March 2021\n"
    )
    for name, data in [("cp.txt", text.encode("cp1252")), ("bom.txt", b"\xef\xbb\xbf" + text.encode())]:
        (tmp_path / name).write_bytes(data)
        plan = read_plan_text(tmp_path / name)
        assert plan.title == "Plan for St Helens" and plan.source_key == name[:-4]
        assert plan.objectives[0].text == "That the café\u2019s menu is reviewed."
        assert people(plan.actions[0]) == [("Jane Smith", "Head of Service")]
        assert plan.actions[0].timescale == "by March 2021"


def test_decode_text():
    assert decode_text(b"\xef\xbb\xbfRec\r\nNo") == "Rec\nNo"
    assert decode_text("– ’ £".encode("cp1252")) == "– ’ £"
    assert decode_text("✓ done".encode()) == "✓ done"
    assert decode_text(b"\x81x") == "\x81x"  # a byte cp1252 leaves undefined does not fail


# ---- helpers on small strings ----------------------------------------------------------------


@pytest.mark.parametrize(
    "text, expected",
    [
        (
            "Dominic Tumelty Head of Service, Children We Look After",
            [("Dominic Tumelty", "Head of Service, Children We Look After")],
        ),
        ("Head of Service, Dominic Tumelty", [("Dominic Tumelty", "Head of Service")]),
        (
            "Head of Virtual School Sarah Platt and Paul Ross",
            [("Sarah Platt", "Head of Virtual School"), ("Paul Ross", None)],
        ),
        ("Ways to Work Delivery lead, Andrew Beresford", [("Andrew Beresford", "Ways to Work Delivery lead")]),
        (
            "Carly Quinn, Team Manager, Futures and Helen Sharratt, Children and Young People Consultation Officer",
            [
                ("Carly Quinn", "Team Manager, Futures"),
                ("Helen Sharratt", "Children and Young People Consultation Officer"),
            ],
        ),
        ("Jackie Roper Keith Lander", [("Jackie Roper", None), ("Keith Lander", None)]),
        ("MC/LM", [("Michael Clarke", None), ("Lynne McLaughlin", None)]),
        ("LM & MC", [("Lynne McLaughlin", None), ("Michael Clarke", None)]),
        ("JR/ MC/ SL/", [("Jackie Roper", None), ("Michael Clarke", None), ("Sally Lowe", None)]),
        (
            "<p>Carly Quinn, Team Manager</p> <p>Cathryn White</p>",
            [("Carly Quinn", "Team Manager"), ("Cathryn White", None)],
        ),
        (
            "Emma Morris, Head of Organisational Design and Development",
            [("Emma Morris", "Head of Organisational Design and Development")],
        ),
        ("MC/Jeanette Scott (CSW LAC)", [("Michael Clarke", None), ("Jeanette Scott", "CSW LAC")]),
        ("M. Clarke", [("Michael Clarke", None)]),
        ("Мс", [("Michael Clarke", None)]),  # Cyrillic Em, Es
    ],
)
def test_split_leads(text, expected):
    assert people_of(split_leads(text, KEY)) == expected


@pytest.mark.parametrize(
    "piece, listed",
    [
        ("Helen Tumelty", True),
        ("Helen Tumelty, Rob Duxbury, Lynne Duxbury", True),
        ("Mary Ann Smith,Bob O'Neil, Gwen Wagner-Adair", True),
        ("Helen Tumelty, Head of Service", False),
        ("Head of Service, Rob Duxbury", False),
        ("Helen Tumelty, Rob", False),
        ("Helen Tumelty, JR", False),
        ("Helen Tumelty, Rob Duxbury Jr.", False),
        ("Cllr Rob Duxbury, Helen Tumelty", False),
        ("Helen Tumelty, Council Communications team", False),
        ("Helen Tumelty Rob Duxbury, Lynne Duxbury", False),
        ("(Helen Tumelty), Rob Duxbury", False),
    ],
)
def test_listed_names_are_read_as_clauses_read_them(piece, listed):
    """The fast path for a list of names (``_listed_names``) takes only pieces that ``_clauses``
    reads as those same people with no titles; anything else is left to ``_clauses``."""
    names = _listed_names(piece)
    assert (names is not None) == listed
    if names is not None:
        clauses = _clauses(piece)
        assert [p.name for c in clauses for p in c.people] == names
        assert not any(p.title or p.initials for c in clauses for p in c.people)
        assert not any(c.leftovers for c in clauses)


def people_of(officers):
    return [(o.name, o.job_title) for o in officers]


def test_split_leads_initials_and_teams():
    notes: list[str] = []
    officers = split_leads("ZZ/MC", KEY, notes)
    assert [(o.name, o.initials) for o in officers] == [("ZZ", "ZZ"), ("Michael Clarke", "MC")]
    assert any("'ZZ'" in n for n in notes)
    notes.clear()
    assert people_of(split_leads("Carly Quinn, Team Manager, and Council Communications team.", {}, notes)) == [
        ("Carly Quinn", "Team Manager")
    ]
    assert any("Council Communications team" in n for n in notes)
    assert people_of(split_leads("Council Communications team", {})) == [("Council Communications team", None)]
    assert split_leads("", KEY) == [] and split_leads("?", KEY) == []


def test_split_progress():
    entries = split_progress("JANE TO UPDATE????  ✓ 22/7/15 - Cohort analysis.  ⇒ Plan next  ➡ Then this")
    assert [(e.kind, e.text, e.date) for e in entries] == [
        ("note", "JANE TO UPDATE????", None),
        ("achieved", "22/7/15 - Cohort analysis.", date(2015, 7, 22)),
        ("next", "Plan next", None),
        ("next", "Then this", None),
    ]
    assert split_progress("✓ (07/14)- Corporate HR")[0].date == date(2014, 7, 1)
    assert split_progress("Since Aug 2014 JR sits")[0].date == date(2014, 8, 1)
    assert split_progress("✓ Attended 5/6/14")[0].date is None  # only a leading date counts
    assert [(e.kind, e.text) for e in split_progress("Done and ongoing")] == [("achieved", "Done and ongoing")]
    assert [(e.kind, e.text) for e in split_progress("Not started")] == [("note", "Not started")]
    assert [e.kind for e in split_progress("$\\checkmark$ x → y ⇨ z √ w")] == ["achieved", "next", "next", "achieved"]
    assert [e.kind for e in split_progress("<ul><li>✓ a</li><li>⇒ b</li></ul>")] == ["achieved", "next"]
    assert split_progress("") == [] and split_progress("✓ ") == []


def test_row_helpers():
    assert split_markdown_row("| <p>F</p> | text |  |") == ["<p>F</p>", "text", ""]
    assert split_markdown_row("Action Plan: x") is None
    assert join_cell_text("regular inclusion in", "Ambassador agendas.") == "regular inclusion in Ambassador agendas."
    assert join_cell_text("A sentence.", "Another.") == "A sentence.\nAnother."
    repeated = "education, training and employment. This is"
    assert (
        join_cell_text("a section on " + repeated, repeated + " completed") == "a section on " + repeated + " completed"
    )
