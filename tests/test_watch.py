"""The app notices outside changes (issue 11 defect 9): the storage-side watcher, and the app
reloading what is on screen within a second of another process's update."""

from __future__ import annotations

import subprocess
import sys
import time

import pytest
from db_support import Database

from storage.db.watch import DatabaseWatcher
from storage.writes import edit
from tests.tui_support import detail_row, wait_for


def test_the_watcher_sees_another_connections_commit_and_only_that(tmp_path, small_plan_file):
    path, ids = small_plan_file
    watcher = DatabaseWatcher(path)
    assert not watcher.changed()  # the first look only takes the measure
    assert not watcher.changed()
    db = Database.open(path)
    with edit(db) as e:
        e.set_rag(ids["a0"], "green", reason="elsewhere")
    db.close()
    assert watcher.changed()
    assert not watcher.changed()
    watcher.close()


async def test_the_app_shows_a_command_line_update_within_a_second(tmp_path, small_plan_file):
    from tui.app import RagtrackApp

    path, _ids = small_plan_file
    app = RagtrackApp(path)
    async with app.run_test(size=(160, 45)) as pilot:
        for _ in range(100):
            await pilot.pause(0.05)
            if app.data_shown:
                break
        assert "Zanzibar" not in _screen_text(app)
        subprocess.run(
            [sys.executable, "-m", "tui.cli", "--db", str(path), "update", "1a", "--next", "Zanzibar"],
            check=True,
            capture_output=True,
        )
        started = time.monotonic()
        # Nothing is pressed: only the watcher (a look every 0.3 s) can bring the note on screen.
        while "Zanzibar" not in _screen_text(app) and time.monotonic() - started < 10:
            await pilot.pause(0.1)
        assert "Zanzibar" in _screen_text(app)


def _screen_text(app) -> str:
    return app.export_screenshot()


@pytest.fixture
def small_plan_file(tmp_path):
    from test_sync_support import seed_plan

    path = tmp_path / "ragtrack.db"
    db = Database.open(path)
    ids = seed_plan(db)
    db.close()
    return path, ids


async def test_the_app_shows_a_sync_made_by_another_process_list_detail_and_counts(tmp_path, small_plan_file):
    """Issue 11 defect 9, the other half: ``ragtrack sync`` run in another window brings a
    colleague's edits; the app, untouched, shows them in the list, the detail pane and the counts."""

    from storage.sync import run_sync
    from tui.app import RagtrackApp

    path, ids = small_plan_file
    share = tmp_path / "share"
    mine = Database.open(path)
    run_sync(mine, share, snapshot=False)
    mine.close()
    colleague = Database.open(tmp_path / "colleague.db")
    run_sync(colleague, share, snapshot=False)
    with edit(colleague, actor="Keith Lander") as e:
        e.set_rag(ids["a0"], "green", reason="back on track")
        e.add_progress(ids["a0"], "next", "Zanzibar")
    run_sync(colleague, share, snapshot=False)
    colleague.close()

    app = RagtrackApp(path)
    async with app.run_test(size=(160, 45)) as pilot:
        assert await wait_for(
            pilot,
            lambda: bool(app.data_shown) and getattr(getattr(app.screen, "detail", None), "row", None) is not None,
        )
        screen = app.screen
        assert screen.detail.row.id == ids["a0"] and screen.detail.row.rag == "red"
        assert (screen.counts["red"], screen.counts.get("green", 0)) == (3, 0)
        subprocess.run(
            [sys.executable, "-m", "tui.cli", "--db", str(path), "sync"], check=True, capture_output=True, timeout=120
        )
        started = time.monotonic()

        def detail_rag() -> str | None:
            row = detail_row(screen)
            return row.rag if row is not None else None

        # Nothing is pressed: only the watcher can bring the sync's changes on screen.
        while time.monotonic() - started < 10 and not (
            detail_rag() == "green" and screen.counts.get("green") == 1 and "Zanzibar" in _screen_text(app)
        ):
            await pilot.pause(0.1)
        assert detail_rag() == "green"  # the detail pane
        assert (screen.counts["red"], screen.counts["green"]) == (2, 1)  # the counts
        actions = screen.query_one("#actions")
        assert actions.rows[ids["a0"]].rag == "green"  # the list's row
        assert "Zanzibar" in _screen_text(app)
