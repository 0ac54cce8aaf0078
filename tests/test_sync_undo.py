"""Undo is an edit like any other: it supersedes only what it reverts (and this laptop's own
later steps of the same field), so a colleague's newer value that arrived by sync is never
overwritten: the undo either applies cleanly or makes a conflict."""

from __future__ import annotations

from db_support import Database
from test_sync_support import change_ids, dump, rag, seed_plan, sync_all

from storage.sync import list_conflicts, run_sync
from storage.writes import edit, undo


def _joined(tmp_path):
    a, b = Database.memory(), Database.memory()
    ids = seed_plan(a)
    sync_all([a, b], tmp_path / "share", rounds=1)
    return a, b, ids, tmp_path / "share"


def test_undo_after_a_colleagues_newer_value_arrived_makes_a_conflict_instead_of_overwriting(tmp_path):
    a, b, ids, folder = _joined(tmp_path)
    action = ids["a0"]
    with edit(a, actor="Ann") as e:
        e.set_rag(action, "amber", reason="slipping")
        mine = e.txn_id
    sync_all([a, b], folder, rounds=1)
    with edit(b, actor="Bob") as e:  # Bob saw Ann's amber and rates it green
        e.set_rag(action, "green", reason="back on track")
    sync_all([b, a], folder, rounds=1)
    assert rag(a, action) == "green" and list_conflicts(a) == []
    undo(a, mine, actor="Ann")  # Ann presses u: her amber goes, Bob's green is not hers to undo
    sync_all([a, b], folder)
    for db in (a, b):
        (conflict,) = list_conflicts(db)
        assert (conflict.entity_id, conflict.field) == (action, "rag")
        assert sorted(v.value for v in conflict.values) == ["green", "red"]
    assert dump(a) == dump(b)


def test_undo_with_nothing_newer_from_others_is_clean_and_redo_too(tmp_path):
    a, b, ids, folder = _joined(tmp_path)
    action = ids["a0"]
    with edit(a, actor="Ann") as e:
        e.set_rag(action, "amber", reason="one")
        first = e.txn_id
    with edit(a, actor="Ann") as e:
        e.set_rag(action, "green", reason="two")
        second = e.txn_id
    sync_all([a, b], folder)  # Bob has seen both, and changed nothing
    undone_second = undo(a, second)
    undone_first = undo(a, first)
    assert rag(a, action) == "red" and list_conflicts(a) == []
    undo(a, undone_first)  # redo
    undo(a, undone_second)
    assert rag(a, action) == "green" and list_conflicts(a) == []
    sync_all([a, b], folder)
    assert rag(b, action) == "green" and list_conflicts(b) == []
    assert dump(a) == dump(b)


def test_undo_racing_a_sync_loses_neither_value(tmp_path):
    """Ann undoes while Bob's concurrent edit is on its way: after the sync both values are
    kept, one shown by the usual rule, the other listed."""
    a, b, ids, folder = _joined(tmp_path)
    action = ids["a1"]
    with edit(a, actor="Ann") as e:
        e.set("action", action, "text", "Ann's wording")
        mine = e.txn_id
    sync_all([a, b], folder, rounds=1)
    with edit(b, actor="Bob") as e:
        e.set("action", action, "text", "Bob's wording")
    run_sync(b, folder, snapshot=False)
    undo(a, mine)  # before Ann has received Bob's edit
    sync_all([a, b], folder)
    made = change_ids(a) | change_ids(b)
    assert made == change_ids(a) == change_ids(b)
    (conflict,) = list_conflicts(a)
    assert sorted(v.value for v in conflict.values) == ["Action 1", "Bob's wording"]
    assert dump(a) == dump(b)


async def test_pressing_u_in_the_app_after_a_colleagues_newer_rating_arrived_makes_a_conflict(tmp_path):
    """The issue's steps exactly: rate an action red in the app; a colleague rates it green and
    syncs; you sync (S); press u. The action was "not rated" everywhere with no conflict: now
    the colleague's green is kept, beside the undo's "not rated", as a conflict on both laptops."""
    from datetime import date

    from tests.tui_support import settle
    from tui.app import RagtrackApp

    mine, folder = tmp_path / "mine.db", tmp_path / "share"
    db = Database.open(mine)
    with edit(db, actor="Setup") as e:
        plan = e.create("plan", title="Care2Work")
        objective = e.create("objective", plan_id=plan, ref="1", text="Commitment")
        action = e.create_action(plan, objective, "1a", "Promote the group", position=0)
    run_sync(db, folder, snapshot=False)
    db.close()
    colleague = Database.memory()
    run_sync(colleague, folder, snapshot=False)
    app = RagtrackApp(db_path=mine, today=date(2026, 11, 22), blink=False)
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        await pilot.press("r", *"Funding withdrawn", "enter")  # rate it red in the app
        await settle(pilot)
        await pilot.press("S")  # shared
        await settle(pilot)
        run_sync(colleague, folder, snapshot=False)
        assert rag(colleague, action) == "red"
        with edit(colleague, actor="Keith Lander") as e:
            e.set_rag(action, "green", reason="funding found")
        run_sync(colleague, folder, snapshot=False)
        await pilot.press("S")  # the colleague's green arrives
        await settle(pilot)
        assert type(app.screen).__name__ == "MainScreen"  # no conflict: nothing opened
        assert app.screen.detail.row.rag == "green"
        await pilot.press("u")  # undo my red
        await settle(pilot)
        await pilot.press("S")
        await settle(pilot)
    run_sync(colleague, folder, snapshot=False)
    db = Database.open(mine)
    try:
        for laptop in (db, colleague):
            (conflict,) = list_conflicts(laptop)
            assert (conflict.entity_id, conflict.field) == (action, "rag")
            assert sorted(str(v.value) for v in conflict.values) == ["None", "green"]
        assert dump(db) == dump(colleague)
    finally:
        db.close()
