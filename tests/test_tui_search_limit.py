"""The app's search box says a search is too long as the limit is hit, while the officer is
still typing in it (not only on leaving the field), once, and the list keeps the last search
it could run."""

from __future__ import annotations

from storage.db.actions import MAX_SEARCH
from tests.tui_support import make_app, settle, start


def notices(app) -> list[str]:
    return [n.message for n in app._notifications]


async def test_the_too_long_notice_comes_as_the_limit_is_hit(db, small_plan):
    app = make_app(db)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await start(pilot)
        await pilot.press("slash")
        search = screen.filter_bar.search
        search.insert_text_at_cursor("x" * (MAX_SEARCH - 1))
        await settle(pilot)
        await pilot.press("y")  # the limit: still searched
        await settle(pilot)
        assert notices(app) == [] and len(screen.scope.search) == MAX_SEARCH
        await pilot.press("z")  # one past it: said now, in the field
        await settle(pilot)
        assert app.focused is search
        assert len(notices(app)) == 1 and "the search text is too long" in notices(app)[0]
        assert screen.scope.search == "x" * (MAX_SEARCH - 1) + "y"  # the last search it could run
        await pilot.press("z", "z")  # said once, not at every key
        await settle(pilot)
        assert len(notices(app)) == 1
        await pilot.press("backspace", "backspace", "backspace")  # back within the limit
        await settle(pilot)
        assert len(screen.scope.search) == MAX_SEARCH
        await pilot.press("w")  # over it again: said again
        await settle(pilot)
        assert len(notices(app)) == 2
        assert type(app.screen).__name__ == "MainScreen"
