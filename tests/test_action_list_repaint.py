"""The action list repaints by line: what a change leaves on screen is what a full repaint shows,
and a change repaints only the lines that show something else."""

from __future__ import annotations

from datetime import date

from textual.app import App, ComposeResult
from textual.geometry import Region

from storage.db import ActionRow
from tui.widgets.action_list import ActionList

SIZE = (100, 16)


def row(n: int, rag: str | None = "green", title: str = "") -> ActionRow:
    return ActionRow(
        id=f"{n:032x}",
        plan_id="p",
        plan="Plan",
        objective_id="o",
        objective_ref="1",
        objective="Objective",
        ref=f"{n}a",
        text=title or f"Action number {n}",
        leads=("Jackie Roper",),
        rag=rag,
        status="open",
        timescale="March 2027",
        due=date(2027, 3, 31),
        overdue=False,
        ongoing=False,
        updated_at="2026-11-01T09:00:00.000Z",
        last_update=None,
    )


class ListApp(App):
    def compose(self) -> ComposeResult:
        yield ActionList(id="actions")


def ids_rows(numbers) -> tuple[list[str], dict[str, ActionRow]]:
    rows = {r.id: r for r in (row(n) for n in numbers)}
    return list(rows), rows


async def same_as_full_repaint(app: App, pilot) -> None:
    """The screen now is what a repaint of the whole list gives: no line was left stale."""
    await pilot.pause()
    shown = app.export_screenshot()
    app.query_one(ActionList).refresh()
    await pilot.pause()
    assert app.export_screenshot() == shown


def spy_on_refresh(widget: ActionList) -> list[tuple[Region, ...]]:
    calls: list[tuple[Region, ...]] = []
    original = widget.refresh

    def refresh(*regions, **kwargs):
        calls.append(regions)
        return original(*regions, **kwargs)

    widget.refresh = refresh  # type: ignore[method-assign]
    return calls


def lines(calls: list[tuple[Region, ...]]) -> set[int] | None:
    """The lines the calls repainted; None when one of them repainted the whole list."""
    found: set[int] = set()
    for regions in calls:
        if not regions:
            return None
        for region in regions:
            found.update(range(region.y, region.y + region.height))
    return found


async def test_a_cursor_move_repaints_two_lines_and_leaves_nothing_stale() -> None:
    app = ListApp()
    async with app.run_test(size=SIZE) as pilot:
        actions = app.query_one(ActionList)
        actions.focus()
        ids, rows = ids_rows(range(40))
        actions.set_scope(1, ids, rows, 0)
        await pilot.pause()
        calls = spy_on_refresh(actions)
        await pilot.press("down")
        await pilot.pause()
        assert lines(calls) == {1, 2}  # the old cursor line and the new one (line 0 is the header)
        await same_as_full_repaint(app, pilot)


async def test_the_whole_scope_after_its_first_screen_repaints_nothing_it_already_shows() -> None:
    app = ListApp()
    async with app.run_test(size=SIZE) as pilot:
        actions = app.query_one(ActionList)
        ids, rows = ids_rows(range(40))
        actions.set_scope(1, ids[:20], rows, 0)  # the first screen (more than fits)...
        await pilot.pause()
        calls = spy_on_refresh(actions)
        actions.set_scope(1, ids, {}, None)  # ...then the whole scope: the same lines on screen
        await pilot.pause()
        assert lines(calls) == set()
        await same_as_full_repaint(app, pilot)


async def test_a_new_scope_rows_arriving_marks_and_focus_leave_nothing_stale() -> None:
    app = ListApp()
    async with app.run_test(size=SIZE) as pilot:
        actions = app.query_one(ActionList)
        actions.focus()
        ids, rows = ids_rows(range(30))
        actions.set_scope(1, ids, rows, 0)
        await same_as_full_repaint(app, pilot)
        # A filter: some actions go, one changes its rating, the rest move up.
        kept = [n for n in range(30) if n % 3]
        new_ids, new_rows = ids_rows(kept)
        new_rows[new_ids[2]] = row(kept[2], rag="red")
        actions.set_scope(2, new_ids, {i: new_rows[i] for i in new_ids[:5]}, 0)
        await pilot.pause()
        actions.add_rows(2, new_rows)  # the window's other rows arrive (placeholders replaced)
        await same_as_full_repaint(app, pilot)
        actions.set_marked(frozenset(new_ids[3:5]))
        await same_as_full_repaint(app, pilot)
        actions.blur()
        await same_as_full_repaint(app, pilot)
        actions.set_scope(3, [], {}, 0)  # nothing matches: the empty message
        await same_as_full_repaint(app, pilot)


async def test_the_scrollbar_is_repainted_only_when_its_thumb_moves_and_always_shows_the_scope() -> None:
    """A filter changes the count, but for any scope of thousands the thumb is the same one cell
    at the top: repainting the bar then costs as much as a dozen list lines for nothing. Counted,
    never timed; the screen is what a full repaint shows either way."""
    app = ListApp()
    async with app.run_test(size=SIZE) as pilot:
        actions = app.query_one(ActionList)
        ids, rows = ids_rows(range(5000))
        actions.set_scope(1, ids, {i: rows[i] for i in ids[:20]}, 0)
        await pilot.pause(0.2)  # the app's styles applied (they repaint the bar once)
        bar = actions.vertical_scrollbar
        repaints = spy_on_refresh(bar)
        fewer, fewer_rows = ids_rows(range(4000))
        actions.set_scope(2, fewer, {i: fewer_rows[i] for i in fewer[:20]}, 0)
        await pilot.pause()
        assert repaints == [] and bar.window_virtual_size == 4001  # the header line too
        await same_as_full_repaint(app, pilot)
        few, few_rows = ids_rows(range(30))  # now the thumb is a third of the bar
        actions.set_scope(3, few, few_rows, 0)
        await pilot.pause()
        assert repaints and bar.window_virtual_size == 31
        await same_as_full_repaint(app, pilot)
        repaints.clear()
        actions.move_to(29)  # scrolled to the end...
        await pilot.pause()
        assert repaints
        actions.set_scope(4, ids, {i: rows[i] for i in ids[:40]}, 25)  # ...and thousands again
        await pilot.pause()
        await same_as_full_repaint(app, pilot)
