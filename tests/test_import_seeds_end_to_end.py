"""The seed plans through the whole path: `ragtrack import` then `ragtrack list --format json`."""

from __future__ import annotations

import json

import pytest

from tests.conftest import SAMPLES
from tui.cli import main

LEEDS = next(SAMPLES.glob("003_*.txt"))
ST_HELENS_RECS = next(SAMPLES.glob("000_*.txt"))
ST_HELENS_PLAN = next(SAMPLES.glob("001_*.txt"))


@pytest.fixture(scope="module")
def imported(tmp_path_factory):
    db = tmp_path_factory.mktemp("seeds") / "plans.db"
    assert main(["--db", str(db), "import", str(LEEDS), str(ST_HELENS_RECS), str(ST_HELENS_PLAN)]) == 0
    return db


def listing(capsys, db, *args):
    capsys.readouterr()
    assert main(["--db", str(db), "list", "--format", "json", *args]) == 0
    return {item["ref"]: item for item in json.loads(capsys.readouterr().out)}


def test_leeds_actions_arrive_with_rag_leads_timescales_and_progress(imported, capsys):
    actions = listing(capsys, imported, "--plan", "Care2Work")
    assert len(actions) >= 60
    assert actions["1a"]["leads"] == ["Jackie Roper"]
    assert actions["1a"]["timescale"] == "04/14" and actions["1a"]["due"] == "2014-04-30"
    assert actions["1a"]["rag"] == "amber"
    assert actions["1b"]["rag"] == "green"
    assert actions["1d"]["leads"] == ["Jackie Roper", "Keith Lander"]
    assert actions["2b"]["leads"] == ["Michael Clarke", "Lynne McLaughlin"]  # from "MC/LM" via the key
    assert actions["2f"]["status"] == "withdrawn"  # DELETE
    assert actions["4a"]["timescale"] == "From April 15" and actions["4a"]["due"] is None
    assert actions["6b"]["timescale"] == "Ongoing"
    assert actions["6d"]["rag"] == "red" and actions["6d"]["leads"] == ["Michael Clarke"]
    assert any("NEED UPDATE FROM HR" in p["text"] for p in actions["3d"]["progress"])
    kinds = {p["kind"] for a in actions.values() for p in a["progress"]}
    assert kinds >= {"achieved", "next"}
    assert any(p["date"] == "2015-07-22" for p in actions["1i"]["progress"])
    for action in actions.values():
        assert "Page 2 of 13" not in action["text"] and "<b>" not in action["text"]
        assert action["objective"].isdigit()


def test_st_helens_recommendations_plan(imported, capsys):
    actions = listing(capsys, imported, "--plan", "Apprenticeship for Looked After")
    assert actions["1"]["leads"] == ["Dominic Tumelty"]
    assert actions["1"]["timescale"] == "December 2020" and actions["1"]["due"] == "2020-12-31"
    assert actions["3"]["leads"] == ["Carly Quinn", "Helen Sharratt"]
    assert actions["6"]["timescale"] == "Summer term 2021" and actions["6"]["due"] == "2021-07-31"
    assert actions["7"]["status"] == "complete" and actions["7"]["rag"] == "blue"
    for sub in "ABCDE":
        assert actions[f"9{sub}"]["leads"] == ["Carly Quinn", "Cathryn White"]


def test_st_helens_action_plan_joins_rows_split_over_pages(imported, capsys):
    actions = listing(capsys, imported, "--plan", "Improving Work Opportunities")
    assert sorted(actions) == list("ABCDEFGHIJKL")
    assert actions["B"]["timescale"] == "30th September 2021" and actions["B"]["due"] == "2021-09-30"
    assert actions["B"]["leads"] == ["Fiona Woods"]
    assert "Ambassador Programme meeting agendas as a standard item" in actions["F"]["text"]
    assert actions["A"]["leads"][0] == "Dominic Tumelty"


def test_officers_are_shared_across_plans(imported, capsys):
    capsys.readouterr()
    main(["--db", str(imported), "officers", "--format", "json"])
    officers = {o["name"]: o for o in json.loads(capsys.readouterr().out)}
    assert officers["Dominic Tumelty"]["open_actions"] >= 4  # leads in both St Helens plans
    assert officers["Jackie Roper"]["initials"] == "JR"


def test_reimport_updates_instead_of_duplicating(imported, capsys):
    before = listing(capsys, imported)
    capsys.readouterr()
    assert main(["--db", str(imported), "import", str(LEEDS)]) == 0
    out = capsys.readouterr().out
    assert "created nothing new; updated nothing" in out
    after = listing(capsys, imported)
    assert after == before


def test_dry_run_changes_nothing(tmp_path, capsys):
    db = tmp_path / "dry.db"
    assert main(["--db", str(db), "import", "--dry-run", str(LEEDS)]) == 0
    assert "would import" in capsys.readouterr().out
    assert main(["--db", str(db), "list", "--format", "json"]) == 0
    assert json.loads(capsys.readouterr().out) == []


def test_an_unreadable_file_among_good_ones_imports_nothing(tmp_path, capsys):
    db = tmp_path / "all-or-nothing.db"
    junk = tmp_path / "junk.txt"
    junk.write_bytes(b"\x00\x01binary\xff")
    assert main(["--db", str(db), "import", str(LEEDS), str(junk)]) == 1
    err = capsys.readouterr().err
    assert "nothing was imported" in err and err.count("\n") == 1
    assert not db.exists()
