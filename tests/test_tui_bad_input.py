"""Issue 11 defects 11 and 13 in the app: a huge "no update for N days" and a 120 KB search are
refused or shown calmly, never a traceback or "the database cannot be read"."""

from __future__ import annotations

from datetime import date

from tests.tui_support import settle
from tui.app import RagtrackApp

TODAY = date(2026, 11, 22)


def listed(app) -> list[str]:
    return list(app.screen.query_one("#actions").ids)


async def test_a_huge_no_update_for_n_days_in_the_filter_panel(db, small_plan):
    app = RagtrackApp(database=db, today=TODAY, blink=False)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("f")
        await settle(pilot)
        choices = app.screen.query_one("#choices")
        keys = [choices.get_option_at_index(i).id for i in range(choices.option_count)]
        choices.highlighted = keys.index("stale")
        await pilot.press("space")
        await settle(pilot)
        days = app.screen.query_one("#days")
        days.focus()
        await pilot.press(*["backspace"] * 5, *"999999999")
        await settle(pilot)
        assert app.is_running
        assert type(app.screen).__name__ == "MainScreen", "the error dialog is up"
        assert app.screen.scope.stale_days == 36_500  # a hundred years: as `chase --days` allows
        assert listed(app) == []  # every action has had an update in the last hundred years
        assert not app._notifications, [n.message for n in app._notifications]


async def test_a_120_kb_search_in_the_app(db, small_plan):
    app = RagtrackApp(database=db, today=TODAY, blink=False)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("slash")
        await settle(pilot)
        app.screen.filter_bar.search.insert_text_at_cursor("x" * 120_000)
        await settle(pilot)
        assert type(app.screen).__name__ == "MainScreen"
        said = [n.message for n in app._notifications]
        assert len(said) == 1 and "the search text is too long" in said[0], said
        assert not any("cannot be read" in s or "damaged" in s for s in said)
