"""``ragtrack add``, ``move``, ``delete``, ``restore`` and ``officers add|edit|left|merge|me``:
each checked in the database afterwards; bad input is one line, non-zero, nothing written."""

from __future__ import annotations

import sqlite3

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
        one = e.create("objective", plan_id=plan, ref="1", text="Commitment", position=0)
        e.create("objective", plan_id=plan, ref="2", text="Skills", position=1)
        jr = e.create("officer", name="Jackie Roper", initials="JR")
        e.create("officer", name="Catherine White", initials="CW")
        cathryn = e.create("officer", name="Cathryn White", initials="CW")
        e.create("officer", name="Claire Walker", initials="CW")
        e.create_action(plan, one, "1a", "Promote the group", leads=[jr], position=0)
        e.create_action(plan, one, "1b", "Link with the task group", leads=[cathryn, jr], position=1)
        other = e.create("plan", title="St Helens plan")
        e.create("objective", plan_id=other, ref="A", text="Theirs")
    db.close()
    return path


def run(capsys, *argv):
    try:
        code = main([str(a) for a in argv])
    except SystemExit as exit:  # argparse's refusals
        code = exit.code
    out = capsys.readouterr()
    return code, out.out, out.err


def rows(path, sql, *params):
    conn = sqlite3.connect(path)
    try:
        return conn.execute(sql, params).fetchall()
    finally:
        conn.close()


def actions(path, plan="Care2Work"):
    return rows(
        path,
        "SELECT o.ref, a.ref, a.status, a.deleted FROM action a JOIN objective o ON o.id = a.objective_id"
        " JOIN plan p ON p.id = a.plan_id WHERE p.title = ? ORDER BY o.position, a.position",
        plan,
    )


def count_changes(path):
    return rows(path, "SELECT count(*) FROM change")[0][0]


def test_add_an_action_with_the_next_reference_proposed(db_file, capsys):
    code, out, err = run(
        capsys, "--db", db_file, "add", "action", "Book the venue", "--plan", "care2", "--objective", "1",
        "--lead", "JR", "--due", "31/03/2027", "--as", "Ann",
    )  # fmt: skip
    assert (code, err) == (0, "") and "added action 1c under objective 1" in out
    assert actions(db_file)[:3] == [("1", "1a", "open", 0), ("1", "1b", "open", 0), ("1", "1c", "open", 0)]
    assert rows(db_file, "SELECT due_end, actor FROM action JOIN change ON entity_id = action.id WHERE ref = '1c'")[
        0
    ] == (
        "2027-03-31",
        "Ann",
    )
    code, out, _ = run(capsys, "--db", db_file, "add", "action", "Second", "--plan", "care2", "--objective", "2")
    assert "added action 2a" in out


def test_add_a_plan_an_objective_and_a_theme(db_file, capsys):
    assert run(capsys, "--db", db_file, "add", "plan", "Corporate Parenting")[0] == 0
    code, out, _ = run(capsys, "--db", db_file, "add", "objective", "Raise attainment", "--plan", "corporate")
    assert code == 0 and "added objective 1 to Corporate Parenting" in out
    code, out, _ = run(capsys, "--db", db_file, "add", "objective", "Second", "--plan", "care2")
    assert "added objective 3" in out
    assert run(capsys, "--db", db_file, "add", "theme", "Education", "--plan", "corporate")[0] == 0
    assert rows(db_file, "SELECT name FROM theme") == [("Education",)]


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["add", "action", "X", "--objective", "1"], "several plans: add --plan"),
        (["add", "action", "X", "--plan", "care2", "--objective", "9"], "no objective '9'"),
        (["add", "action", "X", "--plan", "care2", "--objective", "1", "--ref", "1A"], "already has an action 1A"),
        (["add", "action", "  ", "--plan", "care2", "--objective", "1"], "cannot be empty"),
        (["add", "action", "X", "--plan", "care2", "--objective", "1", "--due", "whenever"], "cannot read 'whenever'"),
        (["add", "action", "X", "--plan", "care2", "--objective", "1", "--lead", "CW"], "fits several officers"),
        (["add", "plan", "care2work"], "already a plan called"),
        (["delete", "1a", "--plan", "care2", "--reason", " "], "needs a reason"),
        (["delete", "1a", "--plan", "care2"], "one of the arguments --reason --mistake is required"),
        (["delete", "9z", "--plan", "care2", "--mistake"], "no action '9z'"),
        (["move", "1a", "--plan", "care2"], "say where to"),
        (["move", "1a", "--plan", "care2", "--to-objective", "1"], "already under objective 1"),
        (["move", "1a", "--plan", "care2", "--up"], "already first"),
        (["restore", "1a", "--plan", "care2"], "neither withdrawn nor removed"),
        (["officers", "add", "jackie roper"], "already an officer called Jackie Roper"),
        (["officers", "edit", "JR", "--email", "not an address"], "not an email address"),
        (["officers", "merge", "CW", "JR"], "fits several officers"),
        (["officers", "left", "Nobody"], "no officer matches 'Nobody'"),
        (["list", "--officer", "CW"], "initials of several officers (Catherine White, Cathryn White, Claire Walker)"),
    ],
)
def test_bad_input_is_one_line_nonzero_and_nothing_written(db_file, capsys, argv, message):
    before = count_changes(db_file)
    code, out, err = run(capsys, "--db", db_file, *argv)
    assert code != 0 and message in err and err.count("\n") == 1 and out == ""
    assert count_changes(db_file) == before


def test_move_to_another_objective_renumbers_and_reorder(db_file, capsys):
    code, out, _ = run(capsys, "--db", db_file, "move", "1b", "--plan", "care2", "--to-objective", "2")
    assert code == 0 and "moved action 1b to objective 2, now 2a" in out
    assert actions(db_file) == [("1", "1a", "open", 0), ("2", "2a", "open", 0)]
    run(capsys, "--db", db_file, "add", "action", "Third", "--plan", "care2", "--objective", "2")
    code, out, _ = run(capsys, "--db", db_file, "move", "2b", "--plan", "care2", "--up")
    assert code == 0 and "moved action 2b 1 place up" in out
    assert [a[1] for a in actions(db_file)] == ["1a", "2b", "2a"]
    code, out, _ = run(
        capsys, "--db", db_file, "move", "1a", "--plan", "care2", "--to-objective", "A", "--to-plan", "st helens"
    )
    assert code == 0 and "in St Helens plan, now A1" in out
    assert actions(db_file, "St Helens plan") == [("A", "A1", "open", 0)]


def test_delete_withdraws_or_removes_and_restore_brings_back(db_file, capsys):
    code, out, _ = run(capsys, "--db", db_file, "delete", "1a", "--plan", "care2", "--reason", "Done elsewhere")
    assert code == 0 and "withdrew action 1a: Done elsewhere" in out
    assert rows(db_file, "SELECT status FROM action WHERE ref = '1a'") == [("withdrawn",)]
    assert rows(db_file, "SELECT reason FROM change WHERE field = 'status'") == [("Done elsewhere",)]
    code, out, _ = run(capsys, "--db", db_file, "delete", "1b", "--plan", "care2", "--mistake")
    assert code == 0 and "removed action 1b" in out
    assert rows(db_file, "SELECT deleted FROM action WHERE ref = '1b'") == [(1,)]
    assert run(capsys, "--db", db_file, "restore", "1b", "--plan", "care2")[0] == 0
    assert run(capsys, "--db", db_file, "restore", "1a", "--plan", "care2")[0] == 0
    assert actions(db_file) == [("1", "1a", "open", 0), ("1", "1b", "open", 0)]
    code, out, _ = run(capsys, "--db", db_file, "delete", "--objective", "1", "--plan", "care2", "--mistake")
    assert code == 0 and "removed objective 1 with 2 actions" in out
    assert [a[3] for a in actions(db_file)] == [1, 1]
    code, out, _ = run(capsys, "--db", db_file, "restore", "--objective", "1", "--plan", "care2")
    assert code == 0 and "restored objective 1 with 2 actions" in out
    assert [a[3] for a in actions(db_file)] == [0, 0]
    assert run(capsys, "--db", db_file, "delete", "--whole-plan", "--plan", "st helens", "--mistake")[0] == 0
    assert rows(db_file, "SELECT deleted FROM plan WHERE title = 'St Helens plan'") == [(1,)]
    assert run(capsys, "--db", db_file, "restore", "--whole-plan", "--plan", "st helens")[0] == 0
    assert rows(db_file, "SELECT deleted FROM plan WHERE title = 'St Helens plan'") == [(0,)]


def officer(path, name):
    return rows(
        path, "SELECT name, initials, job_title, email, left_on, deleted, merged_into FROM officer WHERE name = ?", name
    )[0]


def test_officers_add_edit_and_me(db_file, capsys):
    code, out, _ = run(capsys, "--db", db_file, "officers", "add", "Keith Lander", "--job-title", "Head of Skills")
    assert code == 0 and "added Keith Lander (KL)" in out
    code, out, _ = run(
        capsys, "--db", db_file, "officers", "edit", "KL", "--email", "keith@leeds.gov.uk", "--initials", "kla"
    )
    assert code == 0
    assert officer(db_file, "Keith Lander")[:4] == ("Keith Lander", "KLA", "Head of Skills", "keith@leeds.gov.uk")
    code, out, _ = run(capsys, "--db", db_file, "officers", "me", "keith lander")
    assert code == 0 and "you are Keith Lander" in out
    assert ("me", "Keith Lander") in rows(db_file, "SELECT key, value FROM setting")


def test_officers_left_lists_and_reassigns_their_open_actions(db_file, capsys):
    code, out, _ = run(capsys, "--db", db_file, "officers", "left", "Jackie Roper", "--on", "30/11/2026")
    assert (
        code == 0 and "2 open actions still name them as lead" in out and "  1a  Promote the group  (Care2Work)" in out
    )
    assert officer(db_file, "Jackie Roper")[4] == "2026-11-30"
    code, out, _ = run(capsys, "--db", db_file, "officers", "left", "JR", "--reassign-to", "Claire Walker")
    assert code == 0 and "2 open actions now led by Claire Walker" in out
    assert rows(
        db_file, "SELECT count(*) FROM action_lead l JOIN officer f ON f.id = l.officer_id WHERE f.initials = 'JR'"
    ) == [(0,)]
    code, out, _ = run(capsys, "--db", db_file, "officers", "--format", "json")
    assert '"left_on": "2026-11-30"' in out


def test_officers_merge_moves_the_leads_and_tombstones_the_duplicate(db_file, capsys):
    code, out, _ = run(capsys, "--db", db_file, "officers", "merge", "Catherine White", "Cathryn White")
    assert code == 0 and "merged Cathryn White into Catherine White: 1 action now led by Catherine White" in out
    keep = rows(db_file, "SELECT id FROM officer WHERE name = 'Catherine White'")[0][0]
    assert officer(db_file, "Cathryn White")[5:] == (1, keep)
    assert rows(db_file, "SELECT f.name FROM action_lead l JOIN officer f ON f.id = l.officer_id JOIN action a"
                " ON a.id = l.action_id WHERE a.ref = '1b' ORDER BY l.position") == [("Catherine White",), ("Jackie Roper",)]  # fmt: skip
    code, out, err = run(capsys, "--db", db_file, "list", "--officer", "CW")
    assert code == 1 and "(Catherine White, Claire Walker)" in err  # still two people: still ambiguous


def test_restore_finds_the_removed_action_when_a_new_one_took_its_reference(db_file, capsys):
    run(capsys, "--db", db_file, "delete", "1b", "--plan", "care2", "--mistake")
    run(capsys, "--db", db_file, "add", "action", "New 1b", "--plan", "care2", "--objective", "1", "--ref", "1b")
    code, out, _ = run(capsys, "--db", db_file, "restore", "1b", "--plan", "care2")
    assert code == 0 and "restored action 1b; 1b was taken meanwhile, so it is now 1c" in out
    assert [a[1] for a in actions(db_file)] == ["1a", "1c", "1b"]
