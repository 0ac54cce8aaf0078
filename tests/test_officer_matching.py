"""One rule for which officer a name or initials means: the picker, ``--officer`` and import."""

from __future__ import annotations

import json

import pytest

from storage.db import OfficerRow
from storage.errors import Ambiguous
from storage.officer_likeness import OfficerDirectory
from storage.officers import match_officers
from storage.writes import edit
from tui.cli import main
from tui.screens.officer_picker import match_officers as picker_matches

OFFICERS = [
    OfficerRow("1", "Jackie Roper", "JR", None, None, None),
    OfficerRow("2", "Jane Rogers", "JR", None, None, None),
    OfficerRow("3", "Keith Lander", "KL", None, None, None),
]


def test_initials_several_officers_share_are_ambiguous_not_merged():
    match = match_officers(OFFICERS, "jr")
    assert match.ambiguous_initials
    assert [o.id for o in match.ranked] == ["1", "2"]  # the picker offers both, to choose from
    with pytest.raises(Ambiguous, match=r"initials of several officers \(Jackie Roper, Jane Rogers\)"):
        match.meant()  # a filter by "JR" would mean both: refused, naming them
    assert OfficerDirectory(OFFICERS).by_initials("JR") is None


def test_a_name_and_unique_initials_mean_one_officer():
    assert [o.id for o in match_officers(OFFICERS, "KL").meant()] == ["3"]
    assert [o.id for o in match_officers(OFFICERS, "  jackie   ROPER. ").meant()] == ["1"]
    assert [o.id for o in match_officers(OFFICERS, "ro").meant()] == ["1", "2"]  # part of names: a search
    assert match_officers(OFFICERS, "nobody").meant() == []


def test_the_picker_uses_the_same_rule():
    for text in ("jr", "k", "ro", "lander k", ""):
        assert picker_matches(OFFICERS, text) == match_officers(OFFICERS, text).ranked


def test_list_refuses_shared_initials_with_the_names(tmp_path, capsys):
    from db_support import Database

    path = tmp_path / "x.db"
    with Database.open(path) as db, edit(db, actor="setup") as e:
        plan = e.create("plan", title="P")
        objective = e.create("objective", plan_id=plan, ref="1")
        jackie = e.create("officer", name="Jackie Roper", initials="JR")
        jane = e.create("officer", name="Jane Rogers", initials="JR")
        e.create_action(plan, objective, "1a", "Hers", leads=[jackie])
        e.create_action(plan, objective, "1b", "Not hers", leads=[jane])
    assert main(["--db", str(path), "list", "--officer", "JR"]) == 1
    err = capsys.readouterr().err
    assert "initials of several officers (Jackie Roper, Jane Rogers)" in err
    assert main(["--db", str(path), "list", "--officer", "jackie roper", "--format", "json"]) == 0
    assert [row["ref"] for row in json.loads(capsys.readouterr().out)] == ["1a"]
