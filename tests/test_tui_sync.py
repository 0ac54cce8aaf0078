"""Sync in the TUI, driven with real keys and checked in the databases after: two laptops (two
database files) sharing one folder; S syncs in a worker, conflicts are settled with one key, the
status line says what is not yet shared, a mass deletion asks first, read-only cannot sync.
"""

from __future__ import annotations

import time
from datetime import date

import pytest
from db_support import Database
from sqlalchemy import text
from test_sync_support import rag, seed_plan

from storage.clock import Stamp
from storage.sync import list_conflicts, run_sync, sync_status
from storage.writes import edit
from tests.tui_support import settle
from tui.app import RagtrackApp
from tui.screens.confirm import ConfirmDialog
from tui.screens.conflicts import ConflictsScreen
from tui.screens.main import MainScreen

TODAY = date(2026, 11, 22)
SIZE = (120, 36)


def indicator(app) -> str:
    main = next(s for s in app.screen_stack if isinstance(s, MainScreen))
    return str(main.query_one("#sync-indicator").render())


def two_laptops_in_conflict(tmp_path, actions: int = 3):
    """A and B joined through one folder; 1a rated amber by Ann on A (synced) and green by Bob
    on B (not yet synced). Returns the paths, the folder and the ids."""
    a_path, b_path, folder = tmp_path / "A.db", tmp_path / "B.db", tmp_path / "share"
    a = Database.open(a_path)
    ids = seed_plan(a, actions)
    run_sync(a, folder, snapshot=False)
    b = Database.open(b_path)
    run_sync(b, folder, snapshot=False)
    with edit(a, actor="Ann Archer") as e:
        e.set_rag(ids["a0"], "amber", reason="training delayed")
    # Bob's value is the later one (the default shown), even when both edits fall in the same
    # millisecond: B's clock starts from Ann's stamp (as a clock past it would), else the tie
    # went to the larger random replica id and the conflicts snapshot flaked.
    ann = Stamp.parse(a.setting("clock") or "")
    b.set_setting("clock", str(Stamp(ann.millis, ann.counter, b.replica_id)))
    with edit(b, actor="Bob Baker") as e:
        e.set_rag(ids["a0"], "green", reason="back on track")
    run_sync(a, folder, snapshot=False)
    a.close()
    b.close()
    return a_path, b_path, folder, ids


async def test_sync_finds_the_conflict_and_one_key_settles_it_with_a_value(tmp_path):
    _a_path, b_path, _folder, ids = two_laptops_in_conflict(tmp_path)
    app = RagtrackApp(db_path=b_path, today=TODAY, blink=False)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert "1 change not yet shared" in indicator(app)  # Bob's green
        await pilot.press("S")
        await settle(pilot)
        assert isinstance(app.screen, ConflictsScreen)  # a sync that finds conflicts opens them
        await pilot.press("escape")
        assert isinstance(app.screen, MainScreen)
        assert "⚠ 1 conflict" in indicator(app)
        await pilot.press("C")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, ConflictsScreen) and len(screen.conflicts) == 1
        cards = " ".join(str(card.render()) for card in screen.query(".choice"))
        assert "Ann Archer" in cards and "Bob Baker" in cards and "Amber" in cards and "Green" in cards
        anns = next(n for n, v in enumerate(screen.conflicts[0].values) if v.actor == "Ann Archer") + 1
        await pilot.press(str(anns))
        await settle(pilot)
        assert screen.conflicts == [] and "none" in str(screen.query_one("#conflicts-title").render())
        await pilot.press("escape")
        await settle(pilot)
        assert "⚠" not in indicator(app) and "not yet shared" in indicator(app)  # the settling is an edit
    b = Database.open(b_path)
    try:
        assert list_conflicts(b) == [] and rag(b, ids["a0"]) == "amber"
    finally:
        b.close()


async def test_first_sync_asks_for_the_folder_then_an_edit_is_not_yet_shared(tmp_path, monkeypatch):
    path, folder = tmp_path / "me.db", tmp_path / "share"
    monkeypatch.setenv("HOME", str(tmp_path))  # "~/share" is typed: ~ is expanded
    db = Database.open(path)
    ids = seed_plan(db)
    db.close()
    app = RagtrackApp(db_path=path, today=TODAY, blink=False)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert "not synced yet" in indicator(app)
        await pilot.press("S")
        await settle(pilot)
        assert app.screen.query_one("#answer")  # no folder remembered: asked for one
        await pilot.press(*"~/share", "enter")
        await settle(pilot)
        assert "all shared" in indicator(app)
        await pilot.press("down", "g", *"ahead of plan", "enter")
        await settle(pilot)
        assert "1 change not yet shared" in indicator(app)
    db = Database.open(path)
    try:
        assert sync_status(db).folder == str(folder) and sync_status(db).unsent == 1
        assert rag(db, ids["a1"]) == "green"
    finally:
        db.close()


async def test_a_sync_deleting_most_of_the_plan_asks_first(tmp_path):
    a_path, b_path, folder = tmp_path / "A.db", tmp_path / "B.db", tmp_path / "share"
    a = Database.open(a_path)
    ids = seed_plan(a, 24)
    run_sync(a, folder, snapshot=False)
    b = Database.open(b_path)
    run_sync(b, folder, snapshot=False)
    b.close()
    with edit(a, actor="Ann Archer") as e:
        for n in range(20):
            e.delete("action", ids[f"a{n}"])
    run_sync(a, folder, snapshot=False)
    a.close()
    app = RagtrackApp(db_path=b_path, today=TODAY, blink=False)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("S")
        await settle(pilot)
        assert isinstance(app.screen, ConfirmDialog)
        assert "would remove 20 of the 24 actions" in str(app.screen.detail)
        await pilot.press("y")
        await settle(pilot)
        assert isinstance(app.screen, MainScreen)
        assert len(app.screen.query_one("#actions").ids) == 4
    b = Database.open(b_path)
    try:
        assert b.reader().execute("SELECT count(*) FROM action WHERE deleted = 0").fetchone()[0] == 4
    finally:
        b.close()


async def test_read_only_cannot_sync_or_settle(tmp_path):
    _a_path, b_path, folder, _ids = two_laptops_in_conflict(tmp_path)
    b = Database.open(b_path)
    run_sync(b, folder, snapshot=False)  # B now holds the conflict
    app = RagtrackApp(database=b, read_only=True, today=TODAY, blink=False)
    try:
        async with app.run_test(size=SIZE) as pilot:
            await settle(pilot)
            assert "sync off" in indicator(app)
            active = {x.binding.action: x.enabled for x in app.screen.active_bindings.values()}
            assert active["sync"] is False
            await pilot.press("S")
            await settle(pilot)
            assert isinstance(app.screen, MainScreen) and not app.screen.sync_indicator.syncing
            assert any("sync is off" in n.message for n in app._notifications)  # says why
            await pilot.press("C")  # the conflicts can be read, not settled
            await settle(pilot)
            assert isinstance(app.screen, ConflictsScreen) and len(app.screen.conflicts) == 1
            active = {x.binding.action: x.enabled for x in app.screen.active_bindings.values()}
            assert active["settle"] is False and active["take(1)"] is False
            await pilot.press("1")
            await settle(pilot)
            assert len(list_conflicts(b)) == 1
    finally:
        b.close()


@pytest.fixture
def utc(monkeypatch):
    """Times shown in UTC, whatever this computer's zone (for a stable snapshot)."""
    monkeypatch.setenv("TZ", "UTC")
    time.tzset()
    yield
    monkeypatch.undo()
    time.tzset()


def test_conflicts_screen_snapshot(snap_compare, tmp_path, utc):
    _a_path, b_path, folder, _ids = two_laptops_in_conflict(tmp_path)
    b = Database.open(b_path)
    run_sync(b, folder, snapshot=False)
    with b.engine.begin() as conn:  # wall-clock times of the change log, fixed for the snapshot
        conn.execute(text("UPDATE change SET at = '2026-11-20T09:30:00.000Z' WHERE actor = 'Ann Archer'"))
        conn.execute(text("UPDATE change SET at = '2026-11-21T16:05:00.000Z' WHERE actor = 'Bob Baker'"))
    b.close()
    app = RagtrackApp(db_path=b_path, today=TODAY, blink=False)

    async def open_conflicts(pilot) -> None:
        await settle(pilot)
        await pilot.press("C")
        await settle(pilot)

    assert snap_compare(app, terminal_size=(100, 24), run_before=open_conflicts)
