"""The list's sort and groups, marks and bulk edits, the dashboard and the report dialog,
driven with real keys; each flow checked in the database (or file) afterwards.

conftest's ``small_plan``: Care2Work, objective 1; 1a red and overdue (Jackie), 1b green (Keith,
Jackie), 1c not rated (no lead), with "[bold]" in its text.
"""

from __future__ import annotations

from datetime import date

from storage.db import ListOrder
from tests.tui_support import settle
from tui.app import RagtrackApp
from tui.screens.choice import ChoiceDialog

TODAY = date(2026, 11, 22)
SIZE = (120, 40)


def make_app(db, **options) -> RagtrackApp:
    return RagtrackApp(database=db, today=TODAY, blink=False, **options)


async def start(pilot):
    await settle(pilot)
    assert pilot.app.data_shown is not None
    return pilot.app.screen


def screen_lines(app) -> list[str]:
    actions = app.screen.query_one("#actions")
    return [actions.render_line(y).text for y in range(actions.size.height)]


async def choose(pilot, value: str) -> None:
    """In an open ChoiceDialog, move to ``value`` with the arrow keys and press Enter."""
    dialog = pilot.app.screen
    assert isinstance(dialog, ChoiceDialog)
    values = [v for v, _ in dialog.choices]
    await pilot.press(*["down"] * values.index(value), "enter")
    await settle(pilot)


async def test_group_by_rag_shows_headers_and_keeps_order(db, small_plan):
    app = make_app(db)
    async with app.run_test(size=SIZE) as pilot:
        screen = await start(pilot)
        await pilot.press("v")
        await settle(pilot)
        await choose(pilot, "group:rag")
        actions = screen.query_one("#actions")
        assert actions.ids == [small_plan.red_action, small_plan.green_action, small_plan.undated_action]
        assert [g.label for g in actions.groups] == ["Red", "Green", "Not rated"]
        lines = screen_lines(app)
        assert lines[1].startswith("── Red (1)")
        assert "Promote the C2W group" in lines[2]
        assert lines[3].startswith("── Green (1)")
        assert lines[5].startswith("── Not rated (1)")
        assert "[bold]now[/]" in lines[6]  # user text, not markup
        # The cursor rests on actions only: down from 1a goes to 1b over the header.
        await pilot.press("down")
        await settle(pilot)
        assert actions.highlighted_id == small_plan.green_action
        assert screen.detail.row.id == small_plan.green_action
        # Sorted by due date within the groups; remembered for the session.
        await pilot.press("v")
        await settle(pilot)
        await choose(pilot, "sort:due")
        assert app.session.list_order == ListOrder("due", "rag")
        await pilot.press("v")
        await settle(pilot)
        await choose(pilot, "group:")
        assert actions.groups == []
        assert "1a" in screen_lines(app)[1]  # no header line
        assert app.session.list_order == ListOrder("due")


async def test_group_by_officer_first_lead(db, small_plan):
    app = make_app(db)
    app.session.list_order = ListOrder(group="officer")  # as remembered earlier in the session
    async with app.run_test(size=SIZE) as pilot:
        screen = await start(pilot)
        screen.set_scope(screen.scope.with_(search="a"))  # any reload reads in the order
        await settle(pilot)
        screen.set_scope(screen.scope.with_(search=""))
        await settle(pilot)
        actions = screen.query_one("#actions")
        assert [(g.label, g.count) for g in actions.groups] == [
            ("Jackie Roper", 1),
            ("Keith Lander", 1),
            ("No lead", 1),
        ]
