"""The first screen read ahead, as ``ragtrack`` starts the app (tui.first_screen): shown in the
app's first paint, then the whole scope and its counts as without it; a read still under way is
waited for, and a read that failed is read again by the app.

Uses conftest's in-memory ``db`` and ``small_plan`` (1a red, 1b green, 1c not rated), and
tests/test_tui_scope.py's ``build`` for a plan with more objectives than the first screen reads.
"""

from __future__ import annotations

import threading
from datetime import date

import pytest
from test_tui_scope import build

import tui.first_screen as first_screen
from storage.db import ActionFilter
from tests.tui_support import settle
from tui.app import RagtrackApp
from tui.first_screen import ReadAhead
from tui.session import Session
from tui.widgets.action_list import ActionList

TODAY = date(2026, 11, 22)
SIZE = (120, 40)


def read_ahead(db) -> ReadAhead:
    ahead = ReadAhead(Session(None, db, today=TODAY)).start()
    assert ahead.done.wait(10)
    return ahead


@pytest.fixture
def drawn(monkeypatch) -> list[str]:
    """Every line of text the action list draws, in order."""
    lines: list[str] = []
    strip = ActionList._strip

    def spy(self, text, width, style):
        lines.append(text.plain)
        return strip(self, text, width, style)

    monkeypatch.setattr(ActionList, "_strip", spy)
    return lines


async def test_the_first_screen_read_ahead_is_in_the_first_paint(db, small_plan, drawn):
    ahead = read_ahead(db)
    assert ahead.first is not None and ahead.first.complete
    app = RagtrackApp(blink=False, read_ahead=ahead)
    assert app.session is ahead.session
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        screen = app.screen
        assert app.data_shown is not None and app.data_shown.rows == 3
        assert list(screen.action_list.ids) == [
            small_plan.red_action,
            small_plan.green_action,
            small_plan.undated_action,
        ]
        assert screen.counts["red"] == 1 and screen.counts["green"] == 1 and screen.counts["none"] == 1
        assert screen.detail.row.id == small_plan.red_action
    assert not any("Loading" in line for line in drawn)  # never a "Loading…" screen first


async def test_a_read_still_under_way_is_waited_for(db, small_plan, monkeypatch):
    gate = threading.Event()
    read = ReadAhead._read

    def slow(self):
        gate.wait(10)
        read(self)

    monkeypatch.setattr(ReadAhead, "_read", slow)
    ahead = ReadAhead(Session(None, db, today=TODAY)).start()
    app = RagtrackApp(blink=False, read_ahead=ahead)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert app.data_shown is None  # the loader waits for the read, it does not read again
        gate.set()
        await settle(pilot)
        assert app.data_shown is not None and app.data_shown.rows == 3
        assert app.screen.counts["total"] == 3


async def test_a_failed_read_is_read_again_by_the_app(db, small_plan, monkeypatch):
    def broken(txn, scope, today):
        raise RuntimeError("disk on fire")

    monkeypatch.setattr(first_screen, "read_first_screen", broken)
    ahead = read_ahead(db)
    assert ahead.first is None
    monkeypatch.undo()
    app = RagtrackApp(blink=False, read_ahead=ahead)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert app.data_shown is not None and app.data_shown.rows == 3
        assert app.screen.action_list.ids[0] == small_plan.red_action


async def test_a_first_screen_of_part_of_the_plan_is_followed_by_the_whole_scope(db, monkeypatch, drawn):
    build(db, plans=2, objectives=6, actions=4)  # 48 actions in 12 objectives
    monkeypatch.setattr(first_screen, "FIRST_BATCHES", (2, 3))  # the first five objectives: 20 actions
    monkeypatch.setattr(first_screen, "WINDOW", 30)
    ahead = read_ahead(db)
    assert ahead.first is not None and not ahead.first.complete and len(ahead.first.ids) == 20
    app = RagtrackApp(blink=False, read_ahead=ahead)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        screen = app.screen
        assert app.data_shown.rows == 20  # what the first paint showed
        with db.read() as txn:
            expected = txn.actions.ids(ActionFilter(), TODAY)
        assert list(screen.action_list.ids) == expected and len(expected) == 48
        assert screen.counts["total"] == 48
    assert not any("Loading" in line for line in drawn)


async def test_ragtrack_leaves_the_objects_of_its_start_out_of_later_collections(db, small_plan, monkeypatch, tmp_path):
    """``ragtrack`` (tui.launch) freezes what is alive once the first actions are shown, so that
    the garbage collector, running mid-keystroke, no longer goes through Textual and the screens
    each time; an app started otherwise (a test's) leaves the collector as it is."""
    import gc

    import tui.launch

    started: list[RagtrackApp] = []
    monkeypatch.setattr(RagtrackApp, "run", lambda app: started.append(app))
    monkeypatch.setattr(tui.launch, "_limit_malloc_arenas", lambda: None)  # this process's malloc stays
    tui.launch.launch_app(tmp_path / "plan.db")  # what `ragtrack` starts, not run here
    assert started and started[0].freeze_start
    gc.unfreeze()
    try:
        app = RagtrackApp(database=db, today=TODAY, blink=False)
        async with app.run_test(size=SIZE) as pilot:
            await settle(pilot)
            assert app.data_shown is not None and gc.get_freeze_count() == 0
        app = RagtrackApp(database=db, today=TODAY, blink=False, freeze_start=True)
        async with app.run_test(size=SIZE) as pilot:
            await settle(pilot)
            assert app.data_shown is not None and gc.get_freeze_count() > 0
    finally:
        gc.unfreeze()  # the rest of this test process collects as before
