"""The cyclic garbage collector runs once input pauses (``tui.idle_collection``), so that its
collections, set off by what a keystroke allocates, no longer fall in the middle of keystrokes."""

from __future__ import annotations

import pytest
from db_support import Database

import tui.idle_collection as idle_collection
from tests.tui_support import make_app, settle, wait_for
from tui.app import RagtrackApp
from tui.idle_collection import IdleCollection


class TimerApp:
    """Records the timers asked for: (delay, callback)."""

    def __init__(self) -> None:
        self.timers: list[tuple[float, object]] = []

    def set_timer(self, delay, callback, name=None):
        self.timers.append((delay, callback))
        return object()


def test_the_garbage_is_collected_once_input_pauses_not_between_keys(monkeypatch):
    clock = [0.0]
    collected: list[int] = []
    monkeypatch.setattr(idle_collection.time, "perf_counter", lambda: clock[0])
    monkeypatch.setattr(idle_collection.gc, "collect", lambda generation=2: collected.append(generation))
    # The collector's state as the test sets it, not as the tests run before it left it (a whole
    # heap due next, and this test saw a full collection where it asks for a young one).
    monkeypatch.setattr(idle_collection.gc, "get_threshold", lambda: (700, 10, 10))
    monkeypatch.setattr(idle_collection.gc, "get_count", lambda: (5, 3, 2))
    app = TimerApp()
    collection = IdleCollection(app, quiet_s=0.1)
    collection.input_seen()
    clock[0] = 0.05
    collection.input_seen()  # a second key: the same timer, pushed back when it fires
    assert len(app.timers) == 1
    clock[0] = 0.1
    app.timers[-1][1]()  # quiet for 0.05 s only: waits the rest
    assert collected == []
    assert app.timers[-1][0] == pytest.approx(0.05)
    clock[0] = 0.16
    app.timers[-1][1]()
    assert collected == [1] and collection.collections == 1  # the young generations
    assert len(app.timers) == 2  # none left running


def test_the_whole_heap_is_collected_before_a_keystroke_would(monkeypatch):
    """Idle, the whole heap once the next young collection (in a keystroke) would take it in."""
    collected: list[int] = []
    monkeypatch.setattr(idle_collection.gc, "collect", lambda generation=2: collected.append(generation))
    monkeypatch.setattr(idle_collection.gc, "get_threshold", lambda: (700, 10, 10))
    counts = [(5, 3, 2), (5, 3, 9)]
    monkeypatch.setattr(idle_collection.gc, "get_count", lambda: counts.pop(0))
    clock = [0.0]
    monkeypatch.setattr(idle_collection.time, "perf_counter", lambda: clock[0])
    app = TimerApp()
    collection = IdleCollection(app, quiet_s=0.1)
    for _ in range(2):
        collection.input_seen()  # a key
        clock[0] += 1.0  # then quiet
        app.timers[-1][1]()
    assert collected == [1, 2]


async def test_ragtrack_collects_after_a_key_once_input_pauses(monkeypatch, tmp_path):
    import tui.launch

    started: list[RagtrackApp] = []
    monkeypatch.setattr(RagtrackApp, "run", lambda app: started.append(app))
    monkeypatch.setattr(tui.launch, "_limit_malloc_arenas", lambda: None)  # this process's malloc stays
    tui.launch.launch_app(tmp_path / "plan.db")  # what `ragtrack` starts, not run here
    assert started and started[0].idle_collection is not None
    db = Database.memory()
    try:
        app = make_app(db, collect_when_idle=True)
        async with app.run_test(size=(120, 40)) as pilot:
            await settle(pilot)
            assert app.idle_collection.collections == 0  # no input yet
            await pilot.press("down")
            assert await wait_for(pilot, lambda: app.idle_collection.collections == 1)
        assert make_app(db).idle_collection is None  # a test's app leaves the collector as it is
    finally:
        db.close()
