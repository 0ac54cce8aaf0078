"""Keys typed faster than the app answers them (a quick typist, a keyboard macro, a slow remote
terminal delivering them in one burst) go where the key before them sent the keys: "/red" typed
at once searches for "red", not "/" then a red rating. Textual hands every key of a burst to the
focused widget before the first one's binding has run (tui.type_ahead)."""

from __future__ import annotations

import contextlib

from textual import events

from tests.tui_support import make_app, settle, start


@contextlib.asynccontextmanager
async def typed_at_once(db, *keys: str):
    """The app's main screen, then every key into the app's queue at once, as a terminal
    delivers keys read together; yields (app, main screen) once the app has answered them."""
    app = make_app(db)
    async with app.run_test(size=(120, 40)) as pilot:
        main = await start(pilot)
        for key in keys:
            character = key if len(key) == 1 else {"enter": "\r", "space": " "}.get(key)
            app.post_message(events.Key(key, character))
        await settle(pilot)
        yield app, main


async def test_search_typed_at_once_is_searched_not_run_as_keys(db, small_plan):
    async with typed_at_once(db, "slash", *"red") as (app, main):
        assert app.screen is main, "a key of the search ran on the list (r: rate red)"
        assert main.query_one("#search").value == "red"
        assert app.focused is main.query_one("#search")


async def test_officer_name_and_enter_typed_at_once_pick_the_officer(db, small_plan):
    async with typed_at_once(db, "o", *"Kei", "enter") as (app, main):
        assert app.screen is main
        assert main.scope.officer_ids == (small_plan.keith,)
        assert list(main.query_one("#actions").ids) == [small_plan.green_action]


async def test_text_typed_at_once_after_n_lands_in_the_progress_dialog(db, small_plan):
    async with typed_at_once(db, "n", *"ready") as (app, main):
        assert app.screen is not main
        assert app.screen.query_one("#text").value == "ready"


async def test_list_keys_typed_at_once_each_run_once_in_order(db, small_plan):
    async with typed_at_once(db, "down", "down", "up", "down") as (app, main):
        actions = main.query_one("#actions")
        assert actions.cursor == 2  # from the first row: each key once, in order
        assert app.focused is actions
