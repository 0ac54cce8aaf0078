"""Live in the app with a hub: nothing pressed, a colleague's change reaches the open app as soon
as it is on the hub (the hub's NOTIFY nudges a quiet sync), and an edit made in the app goes to
the hub by itself. Without the hub's watcher neither happens (the local file watcher only sees
this laptop's own file)."""

from __future__ import annotations

import asyncio
import time
from datetime import date

import pytest
from db_support import Database
from test_hub_sync_cli import council, sync  # noqa: F401 (fixture)
from test_sync_support import rag, seed_plan

from storage.writes import edit
from tests.tui_support import detail_row, settle, wait_for
from tui.app import RagtrackApp
from tui.cli import main
from tui.screens.main import MainScreen

pytest.importorskip("psycopg")
TODAY = date(2026, 11, 22)


def indicator(app) -> str:
    main_screen = next(s for s in app.screen_stack if isinstance(s, MainScreen))
    return str(main_screen.query_one("#sync-indicator").render())


async def test_a_colleagues_change_appears_in_the_open_app_and_an_edit_there_reaches_the_hub(
    council,  # noqa: F811
    tmp_path,
):
    mine, theirs = tmp_path / "A.db", tmp_path / "B.db"
    db = Database.open(mine)
    ids = seed_plan(db)
    db.close()
    assert sync(mine, council.url(council.alice)) == 0
    assert main(["hub", "grant", council.admin, "--role", council.bob, "--plan", "Care2Work"]) == 0
    assert sync(theirs, "service=council") == 0

    app = RagtrackApp(mine, today=TODAY, blink=False)
    async with app.run_test(size=(160, 45)) as pilot:
        await settle(pilot)
        assert await wait_for(pilot, lambda: "live ·" in indicator(app))
        screen = app.screen
        assert screen.counts["red"] == 3 and "Zanzibar" not in app.export_screenshot()

        def colleague_edits() -> None:
            colleague = Database.open(theirs)
            try:
                with edit(colleague, actor="Keith Lander") as e:
                    e.set_rag(ids["a0"], "green", reason="back on track")
                    e.add_progress(ids["a0"], "next", "Zanzibar")
            finally:
                colleague.close()
            assert sync(theirs) == 0

        await asyncio.to_thread(colleague_edits)
        # Nothing is pressed: only the hub's nudge can bring the colleague's change here.
        assert await wait_for(pilot, lambda: screen.counts.get("green") == 1 and "Zanzibar" in app.export_screenshot())
        assert screen.counts["red"] == 2

        # An edit in the app (1b rated amber) goes to the hub without S being pressed. (The
        # reloads after the sync land first: one that lands after "down" keeps the old row.)
        indicator_widget = screen.sync_indicator
        assert await wait_for(pilot, lambda: not indicator_widget.syncing)
        await settle(pilot)
        await pilot.pause(0.5)
        await settle(pilot)
        for _ in range(3):
            if detail_row(screen) is not None and detail_row(screen).id == ids["a1"]:
                break
            await pilot.press("down")
            await wait_for(pilot, lambda: detail_row(screen) is not None and detail_row(screen).id == ids["a1"], 3)
        assert detail_row(screen) is not None and detail_row(screen).id == ids["a1"]
        await pilot.press("a", *"slipping", "enter")
        await settle(pilot)
        assert await wait_for(pilot, lambda: detail_row(screen) is not None and detail_row(screen).rag == "amber")

        def colleague_has_it() -> bool:
            assert sync(theirs) == 0
            colleague = Database.open(theirs)
            try:
                return rag(colleague, ids["a1"]) == "amber"
            finally:
                colleague.close()

        deadline = time.monotonic() + 20
        while not await asyncio.to_thread(colleague_has_it) and time.monotonic() < deadline:
            await pilot.pause(0.2)
        assert await asyncio.to_thread(colleague_has_it)
        assert "all shared" in indicator(app) or await wait_for(pilot, lambda: "all shared" in indicator(app))


async def test_the_app_says_when_the_hub_is_offline_and_keeps_working(council, tmp_path):  # noqa: F811
    mine = tmp_path / "A.db"
    db = Database.open(mine)
    seed_plan(db)
    db.close()
    assert sync(mine, council.url(council.alice)) == 0
    council.hub.server.kill()
    try:
        app = RagtrackApp(mine, today=TODAY, blink=False)
        async with app.run_test(size=(80, 24)) as pilot:
            await settle(pilot)
            assert await wait_for(pilot, lambda: "offline" in indicator(app))
            await pilot.press("a", *"slipping", "enter")  # an edit still saves, and waits
            await settle(pilot)
            assert await wait_for(pilot, lambda: "1 unshared" in indicator(app))
            assert "offline" in indicator(app)  # at 80 columns too: why the edit waits
            status_line = app.screen.query_one("#sync-indicator").parent
            counts_bar = status_line.query_one("#counts")
            counts = str(counts_bar.render()).rstrip()
            assert "●R" in counts and "·-" in counts and counts_bar.content_region.width >= len(counts)
            assert not app._notifications or all("Sync not done" not in str(n.title) for n in app._notifications)
    finally:
        council.hub.server.start()
