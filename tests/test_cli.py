"""The ragtrack command line: JSON for scripts, edits through the write path, one-line refusals."""

from __future__ import annotations

import json
from datetime import date

import pytest
from db_support import Database

from storage.writes import edit
from tui.cli import main


@pytest.fixture
def db_file(tmp_path):
    path = tmp_path / "plans.db"
    db = Database.open(path)
    with edit(db, "setup") as e:
        plan = e.create("plan", title="Care2Work")
        objective = e.create("objective", plan_id=plan, ref="1", text="Commitment")
        jr = e.create("officer", name="Jackie Roper", initials="JR")
        kl = e.create("officer", name="Keith Lander", initials="KL")
        red = e.create_action(
            plan,
            objective,
            "1a",
            "Promote the group\nsecond line",
            timescale="04/14",
            rag="red",
            leads=[jr],
            position=0,
        )
        e.create_action(
            plan,
            objective,
            "1b",
            "Link [bold]with[/] task group",
            timescale="Ongoing",
            rag="green",
            leads=[kl, jr],
            position=1,
        )
        e.add_progress(red, "achieved", "Sits on the group", entry_date=date(2014, 8, 1))
        e.add_progress(red, "next", "Attend in May")
        other = e.create("plan", title="St Helens plan")
        o2 = e.create("objective", plan_id=other, ref="A")
        e.create_action(other, o2, "1a", "Same reference, other plan", position=0)
    db.close()
    return path


def run(capsys, *argv):
    code = main([str(a) for a in argv])
    out = capsys.readouterr()
    return code, out.out, out.err


def test_list_json_has_the_documented_fields(db_file, capsys):
    code, out, err = run(capsys, "--db", db_file, "list", "--plan", "care2work", "--format", "json")
    assert code == 0, err
    items = json.loads(out)
    assert [i["ref"] for i in items] == ["1a", "1b"]
    first = items[0]
    assert first["plan"] == "Care2Work" and first["objective"] == "1"
    assert first["title"] == "Promote the group"
    assert first["leads"] == ["Jackie Roper"]
    assert first["rag"] == "red" and first["status"] == "open"
    assert first["timescale"] == "04/14" and first["due"] == "2014-04-30" and first["overdue"] is True
    assert [p["kind"] for p in first["progress"]][-1] == "achieved"
    assert {"kind": "achieved", "date": "2014-08-01", "text": "Sits on the group"} in first["progress"]
    assert first["updated"].endswith("Z")
    assert items[1]["leads"] == ["Keith Lander", "Jackie Roper"] and items[1]["due"] is None


def test_list_filters_by_rag_and_officer_initials(db_file, capsys):
    _, out, _ = run(capsys, "list", "--db", db_file, "--rag", "red,amber", "--format", "json")
    assert [i["ref"] for i in json.loads(out)] == ["1a"]
    _, out, _ = run(capsys, "--db", db_file, "list", "--officer", "KL", "--format", "json")
    assert [i["title"] for i in json.loads(out)] == ["Link [bold]with[/] task group"]
    _, out, _ = run(capsys, "--db", db_file, "list", "--overdue", "--format", "json")
    assert [i["ref"] for i in json.loads(out)] == ["1a"]


def test_list_table_shows_markup_literally(db_file, capsys):
    code, out, _ = run(capsys, "--db", db_file, "list", "--plan", "Care2Work")
    assert code == 0
    assert "[bold]with[/]" in out
    assert "2 actions" in out


def test_list_csv_neutralises_formulas(db_file, capsys, tmp_path):
    db = Database.open(db_file)
    with edit(db, "x") as e:
        row = db.reader().execute("SELECT id FROM action WHERE text LIKE 'Link%'").fetchone()[0]
        e.set("action", row, "text", '=HYPERLINK("http://x")')
    db.close()
    _, out, _ = run(capsys, "--db", db_file, "list", "--format", "csv", "--plan", "care")
    assert "'=HYPERLINK" in out


def test_update_rag_needs_a_reason_and_changes_nothing_without(db_file, capsys):
    code, _, err = run(capsys, "--db", db_file, "update", "1a", "--plan", "Care2Work", "--rag", "amber")
    assert code == 1 and err.count("\n") == 1 and "reason" in err
    _, out, _ = run(capsys, "--db", db_file, "show", "1a", "--plan", "Care2Work", "--format", "json")
    assert json.loads(out)["rag"] == "red"


def test_update_applies_rag_progress_and_due_in_one_go(db_file, capsys):
    code, out, err = run(
        capsys,
        "--db",
        db_file,
        "update",
        "1a",
        "--plan",
        "Care2Work",
        "--rag",
        "amber",
        "--reason",
        "Venue booked",
        "--achieved",
        "Venue booked",
        "--next",
        "Send invitations",
        "--due",
        "31/03/2027",
        "--as",
        "Jackie Roper",
    )
    assert code == 0, err
    assert "RAG red → amber" in out
    _, out, _ = run(capsys, "--db", db_file, "show", "1a", "--plan", "Care2Work", "--format", "json")
    shown = json.loads(out)
    assert shown["rag"] == "amber" and shown["due"] == "2027-03-31" and shown["timescale"] == "31/03/2027"
    assert shown["rag_history"][-1] == {
        "from": "red",
        "to": "amber",
        "reason": "Venue booked",
        "who": "Jackie Roper",
        "when": shown["rag_history"][-1]["when"],
    }
    texts = [p["text"] for p in shown["progress"]]
    assert "Venue booked" in texts and "Send invitations" in texts


def test_unreadable_due_date_is_refused(db_file, capsys):
    code, _, err = run(capsys, "--db", db_file, "update", "1a", "--plan", "Care", "--due", "soonish")
    assert code == 1 and "soonish" in err


@pytest.mark.parametrize(
    "argv, message",
    [
        (["show", "1a"], "several plans"),
        (["show", "9z"], "no action"),
        (["list", "--rag", "purple"], "unknown RAG"),
        (["list", "--officer", "Nobody Atall"], "no officer"),
        (["list", "--plan", "nope"], "no plan"),
        (["update", "1b", "--plan", "Care"], "nothing to update"),
    ],
)
def test_bad_input_gets_one_line_and_nonzero_exit(db_file, capsys, argv, message):
    code, _out, err = run(capsys, "--db", db_file, *argv)
    assert code == 1
    assert message in err and err.count("\n") == 1 and err.startswith("ragtrack: ")


def test_wrong_flag_is_one_line_exit_2(db_file, capsys):
    with pytest.raises(SystemExit) as raised:
        main(["--db", str(db_file), "list", "--colour", "red"])
    assert raised.value.code == 2
    assert capsys.readouterr().err.count("\n") == 1


def test_database_that_is_a_folder_or_junk(tmp_path, capsys):
    code, _, err = run(capsys, "--db", tmp_path, "list")
    assert code == 1 and "folder" in err
    junk = tmp_path / "junk.db"
    junk.write_bytes(b"\x00\xff" * 500)
    code, _, err = run(capsys, "--db", junk, "update", "1a", "--note", "x")
    assert code == 1 and "not a ragtrack database" in err
    assert junk.read_bytes() == b"\x00\xff" * 500


def test_officers_json(db_file, capsys):
    _, out, _ = run(capsys, "--db", db_file, "officers", "--format", "json")
    officers = {o["initials"]: o for o in json.loads(out)}
    assert officers["JR"]["name"] == "Jackie Roper" and officers["JR"]["open_actions"] == 2


def test_env_var_names_the_database(db_file, capsys, monkeypatch):
    monkeypatch.setenv("RAGTRACK_DB", str(db_file))
    code, out, _ = run(capsys, "list", "--format", "json")
    assert code == 0 and len(json.loads(out)) == 3
