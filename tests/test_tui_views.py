"""The list's sort and groups, marks and bulk edits, the dashboard and the report dialog,
driven with real keys; each flow checked in the database (or file) afterwards.

conftest's ``small_plan``: Care2Work, objective 1; 1a red and overdue (Jackie), 1b green (Keith,
Jackie), 1c not rated (no lead), with "[bold]" in its text.
"""

from __future__ import annotations

from datetime import date

from store_view import view

from storage.db import ListOrder
from tests.tui_support import make_app, settle, start
from tui.screens.choice import ChoiceDialog

TODAY = date(2026, 11, 22)
SIZE = (120, 40)


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
        assert [(g.label, g.size) for g in actions.groups] == [
            ("Jackie Roper", 1),
            ("Keith Lander", 1),
            ("No lead", 1),
        ]


async def test_bulk_rag_one_reason_one_undo_step(db, small_plan):
    app = make_app(db)
    async with app.run_test(size=SIZE) as pilot:
        screen = await start(pilot)
        actions = screen.query_one("#actions")
        await pilot.press("space", "space")  # 1a, then 1b (space moves on)
        await settle(pilot)
        assert actions.picked == {small_plan.red_action, small_plan.green_action}
        lines = screen_lines(app)
        assert "✓ 2 marked" in lines[0]
        assert "✓ Promote the C2W group" in lines[1] and "✓ Link with" in lines[2]
        assert "✓" not in lines[3]
        await pilot.press("b")
        await settle(pilot)
        await choose(pilot, "rag")
        await choose(pilot, "amber")
        await pilot.press(*"Budget cut", "enter")
        await settle(pilot)
        reader = view(db)
        for action_id in (small_plan.red_action, small_plan.green_action):
            detail = reader.actions.detail(action_id)
            assert detail.row.rag == "amber"
            assert detail.rag_history[-1].reason == "Budget cut"
        assert reader.actions.detail(small_plan.undated_action).row.rag is None
        # One undo step reverts both.
        await pilot.press("u")
        await settle(pilot)
        assert reader.actions.detail(small_plan.red_action).row.rag == "red"
        assert reader.actions.detail(small_plan.green_action).row.rag == "green"
        # Marks stay for another edit; - clears them.
        await pilot.press("minus")
        await settle(pilot)
        assert actions.picked == set()


async def test_bulk_due_date_and_status_for_all_in_view(db, small_plan):
    app = make_app(db)
    async with app.run_test(size=SIZE) as pilot:
        screen = await start(pilot)
        actions = screen.query_one("#actions")
        await pilot.press("asterisk")
        await settle(pilot)
        assert actions.picked == set(actions.ids)
        await pilot.press("b")
        await settle(pilot)
        await choose(pilot, "timescale")
        await pilot.press(*"31/03/2027", "enter")
        await pilot.press(*"Re-planned at committee", "enter")
        await settle(pilot)
        reader = view(db)
        for action_id in actions.ids:
            assert reader.actions.detail(action_id).row.due == date(2027, 3, 31)
        await pilot.press("b")
        await settle(pilot)
        await choose(pilot, "status")
        await choose(pilot, "withdrawn")
        await pilot.press(*"Superseded by the new plan", "enter")
        await settle(pilot)
        assert {reader.actions.detail(i).row.status for i in actions.ids} == {"withdrawn"}
        await pilot.press("u")
        await settle(pilot)
        assert {reader.actions.detail(i).row.status for i in actions.ids} == {"open"}
        assert reader.actions.detail(small_plan.red_action).row.due == date(2027, 3, 31)  # the first edit stays


async def test_bulk_without_marks_says_why(db, small_plan):
    app = make_app(db)
    async with app.run_test(size=SIZE) as pilot:
        await start(pilot)
        await pilot.press("b")
        await settle(pilot)
        assert type(app.screen).__name__ == "MainScreen"
        assert any("Nothing is marked" in str(n.message) for n in app._notifications)


async def test_bulk_refused_read_only(db, small_plan):
    app = make_app(db, read_only=True)
    async with app.run_test(size=SIZE) as pilot:
        await start(pilot)
        await pilot.press("asterisk", "b")
        await settle(pilot)
        assert type(app.screen).__name__ == "MainScreen"
        assert view(db).actions.detail(small_plan.red_action).row.rag == "red"


async def report_keys(pilot, fmt: str, day: str, which: str) -> None:
    await pilot.press("E")
    await settle(pilot)
    await choose(pilot, fmt)
    await pilot.press(*day, "enter")
    await settle(pilot)
    await choose(pilot, which)
    await pilot.press("enter")  # the proposed file name
    await settle(pilot)


async def test_report_from_the_app_and_overwrite_asked(db, small_plan, tmp_path):
    app = make_app(db)
    async with app.run_test(size=SIZE) as pilot:
        screen = await start(pilot)
        screen.reporter.folder = tmp_path
        await report_keys(pilot, "md", "01/10/2026", "all")
        written = tmp_path / "Care2Work report 2026-10-01.md"
        assert screen.reporter.written == written
        text = written.read_text(encoding="utf-8")
        assert "Promote the C2W group" in text and "Brief the Board" in text
        assert "as at 01/10/2026" in text
        assert any(str(written) in str(n.message) for n in app._notifications)
        # Again: the file exists, so it asks; "n" leaves it as it was.
        written.write_text("old", encoding="utf-8")
        await report_keys(pilot, "md", "01/10/2026", "all")
        assert type(app.screen).__name__ == "ConfirmDialog"
        await pilot.press("n")
        await settle(pilot)
        assert written.read_text(encoding="utf-8") == "old"
        await report_keys(pilot, "md", "01/10/2026", "all")
        await pilot.press("y")
        await settle(pilot)
        assert "Promote the C2W group" in written.read_text(encoding="utf-8")


async def test_report_bad_date_is_refused_in_the_dialog(db, small_plan, tmp_path):
    app = make_app(db)
    async with app.run_test(size=SIZE) as pilot:
        screen = await start(pilot)
        screen.reporter.folder = tmp_path
        await pilot.press("E")
        await settle(pilot)
        await choose(pilot, "csv")
        await pilot.press(*"whenever", "enter")
        await settle(pilot)
        assert type(app.screen).__name__ == "DayDialog"  # still asking
        await pilot.press("escape")
        await settle(pilot)
        assert not list(tmp_path.iterdir())


async def test_dashboard_drill_down_filters_the_list(db, small_plan):
    app = make_app(db)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await start(pilot)
        await pilot.press("P")
        await settle(pilot)
        dashboard = app.screen
        assert type(dashboard).__name__ == "DashboardScreen"
        assert [line.kind for line in dashboard.lines] == ["theme", "objective"]
        table = dashboard.query_one("#dashboard")
        assert table.row_count == 2
        # Objective 1's red cell: row 1, column 1 (after the label).
        await pilot.press("down", "right", "enter")
        await settle(pilot)
        assert type(app.screen).__name__ == "MainScreen"
        assert screen.scope.objective_ids == (small_plan.objective,)
        assert screen.scope.rags == frozenset({"red"})
        assert list(screen.query_one("#actions").ids) == [small_plan.red_action]
        # The overdue column of the theme line.
        await pilot.press("P")
        await settle(pilot)
        await pilot.press(*["right"] * 7, "enter")
        await settle(pilot)
        assert screen.scope.overdue and not screen.scope.objective_ids
        assert list(screen.query_one("#actions").ids) == [small_plan.red_action]
