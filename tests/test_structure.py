"""Changing a plan's structure and its officers (issue 13 items 1 and 2), in storage: each change
is one undo step, syncs, and is seen by "changes since the last review"."""

from __future__ import annotations

from datetime import date

import pytest
from db_support import Database
from test_sync_support import dump, seed_plan, sync_all

from models.refs import next_ref, ref_after
from storage.errors import EditRefused
from storage.officer_edits import add_officer, edit_officer, mark_left, merge_officers, reassign
from storage.reviews import changes_since_review, start_review
from storage.structure import (
    add_action,
    add_objective,
    add_plan,
    add_theme,
    move_action,
    proposed_action_ref,
    proposed_objective_ref,
    remove,
    reorder,
    restore,
    withdraw,
)
from storage.sync import list_conflicts
from storage.writes import edit, undo


@pytest.mark.parametrize(
    ("ref", "after"),
    [("4b", "4c"), ("L", "M"), ("9", "10"), ("1.9", "1.10"), ("A1", "A2"), ("z", "aa"), ("4z", "4aa"), ("3d)", "3e")],
)
def test_the_next_reference_continues_the_last_ones_style(ref, after):
    assert ref_after(ref) == after


def test_the_next_reference_skips_the_taken_ones():
    assert next_ref(["4a", "4b"], "4a") == "4c"
    assert next_ref([], "4a") == "4a"
    assert next_ref([*["4a", "4b", "4c"][:2], "4c"], "4a") == "4d"


def live(db: Database, table: str, **where) -> list[dict]:
    conn = db.reader()
    sql = f'SELECT * FROM "{table}" WHERE deleted = 0' + "".join(f" AND {k} = ?" for k in where)
    cursor = conn.execute(sql, tuple(where.values()))
    names = [d[0] for d in cursor.description]
    return [dict(zip(names, tuple(row), strict=True)) for row in cursor.fetchall()]


def refs(db: Database, objective_id: str) -> list[str]:
    with db.read() as txn:
        return [n.ref for n in txn.structure.actions(objective_id)]


@pytest.fixture
def plan():
    db = Database.memory()
    ids = seed_plan(db)  # objective 1 with actions 1a, 1b, 1c
    yield db, ids
    db.close()


def test_add_proposes_the_next_reference_and_is_one_undo_step(plan):
    db, ids = plan
    with db.read() as txn:
        assert proposed_action_ref(txn, ids["objective"]) == "1d"
        assert proposed_objective_ref(txn, ids["plan"]) == "2"
    with edit(db, actor="Ann") as e:
        new = add_action(e, ids["objective"], "Book the venue", leads=[ids["keith"]], timescale="31/03/2027")
        step = e.txn_id
    row = live(db, "action", id=new)[0]
    assert (row["ref"], row["status"], row["rag"], row["due_end"]) == ("1d", "open", None, "2027-03-31")
    assert refs(db, ids["objective"]) == ["1a", "1b", "1c", "1d"]
    undo(db, step, actor="Ann")
    assert live(db, "action", id=new) == []
    assert refs(db, ids["objective"]) == ["1a", "1b", "1c"]


def test_add_after_an_action_puts_it_there_and_a_taken_reference_is_refused(plan):
    db, ids = plan
    with edit(db, actor="Ann") as e:
        add_action(e, ids["objective"], "Between", ref="1a2", after=ids["a0"])
    assert refs(db, ids["objective"]) == ["1a", "1a2", "1b", "1c"]
    with pytest.raises(EditRefused, match="already has an action 1B"), edit(db) as e:
        add_action(e, ids["objective"], "Clash", ref="1B")
    with pytest.raises(EditRefused, match="cannot be empty"), edit(db) as e:
        add_action(e, ids["objective"], "   ")
    with pytest.raises(EditRefused, match="cannot read 'whenever'"), edit(db) as e:
        add_action(e, ids["objective"], "Some day", timescale="whenever")
    assert len(live(db, "action")) == 4


def test_add_a_plan_theme_and_objectives_with_references_proposed(plan):
    db, _ = plan
    with edit(db, actor="Ann") as e:
        new_plan = add_plan(e, "Corporate Parenting", organisation="Leeds")
        theme = add_theme(e, new_plan, "Education")
        first = add_objective(e, new_plan, "Raise attainment", theme_id=theme)
        add_objective(e, new_plan, "Second", ref="K")
        assert proposed_objective_ref(e.txn, new_plan) == "L"
        third = add_objective(e, new_plan, "Third")
        assert proposed_action_ref(e.txn, first) == "1a"
        assert proposed_action_ref(e.txn, third) == "L1"
    assert [o["ref"] for o in sorted(live(db, "objective", plan_id=new_plan), key=lambda o: o["position"])] == [
        "1",
        "K",
        "L",
    ]
    with pytest.raises(EditRefused, match="already a plan called"), edit(db) as e:
        add_plan(e, "corporate parenting")


def test_move_renumbers_under_the_new_objective_and_undo_puts_it_back(plan):
    db, ids = plan
    with edit(db, actor="Ann") as e:
        two = add_objective(e, ids["plan"], "Second objective")
        add_action(e, two, "Existing")
    with edit(db, actor="Ann") as e:
        moved = move_action(e, ids["a1"], two)
        step = e.txn_id
    assert (moved.old_ref, moved.new_ref) == ("1b", "2b")
    assert refs(db, two) == ["2a", "2b"] and refs(db, ids["objective"]) == ["1a", "1c"]
    undo(db, step, actor="Ann")
    assert refs(db, ids["objective"]) == ["1a", "1b", "1c"] and refs(db, two) == ["2a"]


def test_move_to_another_plan(plan):
    db, ids = plan
    with edit(db, actor="Ann") as e:
        other = add_plan(e, "Other plan")
        objective = add_objective(e, other, "Theirs", ref="A")
    with edit(db, actor="Ann") as e:
        moved = move_action(e, ids["a2"], objective)
    assert moved.plan_changed and moved.new_ref == "A1"
    row = live(db, "action", id=ids["a2"])[0]
    assert (row["plan_id"], row["objective_id"], row["ref"]) == (other, objective, "A1")


def test_reorder_moves_up_and_down_one_step_each(plan):
    db, ids = plan
    with edit(db, actor="Ann") as e:
        assert reorder(e, "action", ids["a2"], -1)
        step = e.txn_id
    assert refs(db, ids["objective"]) == ["1a", "1c", "1b"]
    with edit(db, actor="Ann") as e:
        assert not reorder(e, "action", ids["a0"], -1)  # already first
    undo(db, step, actor="Ann")
    assert refs(db, ids["objective"]) == ["1a", "1b", "1c"]


def test_withdraw_needs_a_reason_and_restore_reopens(plan):
    db, ids = plan
    with pytest.raises(EditRefused, match="needs a reason"), edit(db) as e:
        withdraw(e, "action", ids["a0"], "  ")
    with edit(db, actor="Ann") as e:
        withdraw(e, "action", ids["a0"], "Merged into 2b")
    assert live(db, "action", id=ids["a0"])[0]["status"] == "withdrawn"
    last = db.reader().execute("SELECT field, reason FROM change ORDER BY seq DESC LIMIT 1").fetchone()
    assert tuple(last) == ("status", "Merged into 2b")
    with edit(db, actor="Ann") as e:
        assert restore(e, "action", ids["a0"]).how == "reopened"
    assert live(db, "action", id=ids["a0"])[0]["status"] == "open"


def test_remove_an_objective_takes_its_actions_and_restore_brings_them_back(plan):
    db, ids = plan
    with edit(db, actor="Ann") as e:
        assert remove(e, "objective", ids["objective"]) == 3
    assert live(db, "objective") == [] and live(db, "action") == []
    with edit(db, actor="Ann") as e:
        result = restore(e, "objective", ids["objective"])
    assert result.actions == 3 and len(live(db, "action")) == 3


def test_a_restored_action_whose_reference_was_taken_gets_the_next_one(plan):
    db, ids = plan
    with edit(db, actor="Ann") as e:
        remove(e, "action", ids["a2"])
    with edit(db, actor="Ann") as e:
        add_action(e, ids["objective"], "Took 1c", ref="1c")
    with edit(db, actor="Ann") as e:
        result = restore(e, "action", ids["a2"])
    assert result.renamed == (("1c", "1e"),) or result.renamed == (("1c", "1d"),)
    assert sorted(refs(db, ids["objective"])) == sorted(["1a", "1b", "1c", result.renamed[0][1]])


def test_changes_since_the_review_show_added_moved_and_removed(plan):
    db, ids = plan
    start_review(db, ids["plan"], as_at=date(2026, 11, 1), actor="Ann")
    with edit(db, actor="Ann") as e:
        two = add_objective(e, ids["plan"], "Second")
        new = add_action(e, two, "New one")
    with edit(db, actor="Ann") as e:
        move_action(e, ids["a1"], two)
    with edit(db, actor="Ann") as e:
        remove(e, "action", ids["a2"])
    with edit(db, actor="Ann") as e:
        withdraw(e, "action", ids["a0"], "No longer needed")
    with db.read() as txn:
        changes = changes_since_review(txn, ids["plan"])
    assert changes[new].new
    assert changes[ids["a2"]].removed
    assert changes[ids["a0"]].withdrawn
    assert any("Moved" in n and "objective 2" in n for n in changes[ids["a1"]].notes())
    assert "Withdrawn: No longer needed" in changes[ids["a0"]].notes()


def test_an_added_a_moved_and_a_removed_action_arrive_on_the_other_laptop(tmp_path):
    a, b = Database.memory(), Database.memory()
    ids = seed_plan(a)
    folder = tmp_path / "share"
    sync_all([a, b], folder, rounds=1)
    with edit(a, actor="Ann") as e:
        two = add_objective(e, ids["plan"], "Second")
        new = add_action(e, two, "Added on A")
    with edit(a, actor="Ann") as e:
        move_action(e, ids["a1"], two)
        moved_step = e.txn_id
    with edit(a, actor="Ann") as e:
        remove(e, "action", ids["a2"])
    sync_all([a, b], folder)
    assert dump(a) == dump(b)
    assert live(b, "action", id=new)[0]["ref"] == "2a"
    assert live(b, "action", id=ids["a1"])[0]["objective_id"] == two
    assert live(b, "action", id=ids["a2"]) == []
    undo(a, moved_step, actor="Ann")  # the undo of the move syncs too
    sync_all([a, b], folder)
    assert live(b, "action", id=ids["a1"])[0]["objective_id"] == ids["objective"]
    assert list_conflicts(b) == [] and dump(a) == dump(b)


# --- officers ---------------------------------------------------------------------------------
def test_add_and_edit_an_officer(plan):
    db, _ids = plan
    with edit(db, actor="Ann") as e:
        cw = add_officer(e, "Claire Walker", job_title="Virtual School")
    assert live(db, "officer", id=cw)[0]["initials"] == "CW"
    with edit(db, actor="Ann") as e:
        assert edit_officer(e, cw, email="claire.walker@leeds.gov.uk", initials="cwa") == ["email", "initials"]
    row = live(db, "officer", id=cw)[0]
    assert (row["email"], row["initials"]) == ("claire.walker@leeds.gov.uk", "CWA")
    with pytest.raises(EditRefused, match="not an email address"), edit(db) as e:
        edit_officer(e, cw, email="claire at leeds")
    with pytest.raises(EditRefused, match="already an officer called Jackie Roper"), edit(db) as e:
        edit_officer(e, cw, name="jackie  roper")


def test_an_officer_who_left_has_their_open_actions_listed_and_reassigned(plan):
    db, ids = plan
    with edit(db, actor="Ann") as e:
        open_actions = mark_left(e, ids["jackie"], date(2026, 11, 30))
        assert [a.ref for a in open_actions] == ["1a", "1b", "1c"]
        assert reassign(e, ids["jackie"], ids["keith"], [open_actions[0].id]) == 1
    assert live(db, "officer", id=ids["jackie"])[0]["left_on"] == "2026-11-30"
    with db.read() as txn:
        assert next(r for r in txn.officers.list() if r.id == ids["jackie"]).left_on == date(2026, 11, 30)
        assert txn.records.value("action", ids["a0"], "leads") == [ids["keith"]]


def test_merge_moves_the_leads_tombstones_the_duplicate_is_one_undo_step_and_syncs(tmp_path):
    a, b = Database.memory(), Database.memory()
    ids = seed_plan(a)
    with edit(a, actor="Ann") as e:
        cathryn = add_officer(e, "Cathryn White", email="c.white@leeds.gov.uk")
        catherine = add_officer(e, "Catherine White")
        e.set_leads(ids["a0"], [cathryn, ids["keith"]])
        e.set_leads(ids["a1"], [catherine, cathryn])
    folder = tmp_path / "share"
    sync_all([a, b], folder)
    with edit(a, actor="Ann") as e:
        merged = merge_officers(e, keep=catherine, duplicate=cathryn)
        step = e.txn_id
    assert merged.actions == 2 and merged.filled == ("email",)
    sync_all([a, b], folder)
    for db in (a, b):
        with db.read() as txn:
            assert txn.records.value("action", ids["a0"], "leads") == [catherine, ids["keith"]]
            assert txn.records.value("action", ids["a1"], "leads") == [catherine]
            assert [o.name for o in txn.officers.names()].count("Cathryn White") == 0
            assert txn.records.value("officer", cathryn, "merged_into") == catherine
            assert txn.records.value("officer", catherine, "email") == "c.white@leeds.gov.uk"
    assert dump(a) == dump(b)
    undo(a, step, actor="Ann")  # one step undoes the whole merge, everywhere
    sync_all([a, b], folder)
    with b.read() as txn:
        assert txn.records.value("action", ids["a0"], "leads") == [cathryn, ids["keith"]]
        assert txn.records.value("action", ids["a1"], "leads") == [catherine, cathryn]
        assert "Cathryn White" in [o.name for o in txn.officers.names()]
        assert txn.records.value("officer", catherine, "email") is None
    assert list_conflicts(b) == [] and dump(a) == dump(b)


def test_an_action_moved_to_another_plan_since_the_review_is_said_to_have_moved_there(plan):
    db, ids = plan
    start_review(db, ids["plan"], as_at=date(2026, 11, 1), actor="Ann")
    with edit(db, actor="Ann") as e:
        other = add_plan(e, "Corporate Parenting")
        objective = add_objective(e, other, "Theirs")
    with edit(db, actor="Ann") as e:
        move_action(e, ids["a2"], objective)
    with db.read() as txn:
        changes = changes_since_review(txn, ids["plan"])
    assert changes[ids["a2"]].removed
    assert changes[ids["a2"]].notes() == ["Moved to another plan (Corporate Parenting)"]
    from storage.reports.model import build_report

    with db.read() as txn:
        report = build_report(txn, ids["plan"], as_at=date(2026, 12, 1))
    assert report.removed == ("1a Action 2 (Moved to another plan (Corporate Parenting))",)
