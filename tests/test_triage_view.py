"""Triage shows an item through a Line-API view (tui/widgets/rendered_view.py): a step repaints
the item, lays nothing out while the scrollbar stays as it is, and shows the next item as it
was drawn ahead; a long item scrolls and a step shows the next from its top. Counted, not timed."""

from __future__ import annotations

import contextlib
from datetime import date

import pytest
from db_support import Database

from storage.writes import edit
from tests.tui_support import count_layouts, settle
from tui.app import RagtrackApp
from tui.widgets.rendered_view import RenderedView

TODAY = date(2026, 11, 22)


@pytest.fixture
def red_plan():
    """Four red actions: the third has forty progress entries (more than the screen shows)."""
    db = Database.memory()
    with edit(db, actor="setup") as e:
        plan = e.create("plan", title="Care2Work", organisation="Leeds City Council")
        objective = e.create("objective", plan_id=plan, ref="1", text="Commitment")
        ids = [
            e.create_action(plan, objective, f"1{ref}", words, rag="red", position=n, reason="initial")
            for n, (ref, words) in enumerate(
                [("a", "Promote the group"), ("b", "Train the panel"), ("c", "Brief the Board"), ("d", "Hold a fair")]
            )
        ]
        for n in range(40):
            e.add_progress(ids[2], "next", f"Step {n} of the briefing", entry_date=date(2026, 1, 1 + n % 28))
    yield db, ids
    db.close()


def shown_text(view: RenderedView) -> str:
    return "\n".join(strip.text for strip in view.lines)


@contextlib.asynccontextmanager
async def in_triage(db):
    """The app on ``db`` at 100x30, in triage (t) at its first red item: (pilot, triage screen)."""
    app = RagtrackApp(database=db, today=TODAY, blink=False)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await pilot.press("t")
        await settle(pilot)
        yield pilot, app.screen


async def test_a_triage_step_shows_the_next_item_drawn_ahead_and_lays_nothing_out(red_plan, monkeypatch):
    db, ids = red_plan
    layouts = count_layouts(monkeypatch)
    async with in_triage(db) as (pilot, triage):
        view = triage.query_one("#triage-detail", RenderedView)
        assert triage.current_id == ids[0] and "Promote the group" in shown_text(view)
        drawn: list[str] = []  # what the view renders from here on
        render_at = RenderedView._render_at

        def rendering(self, *args):
            strips = render_at(self, *args)
            drawn.append("\n".join(strip.text for strip in strips))
            return strips

        monkeypatch.setattr(RenderedView, "_render_at", rendering)
        layouts.clear()
        await pilot.press("s")
        await settle(pilot)
        assert triage.current_id == ids[1] and "Train the panel" in shown_text(view)
        assert "Promote the group" not in shown_text(view)
        assert triage not in layouts  # repainted, not laid out
        assert drawn and all("Brief the Board" in text for text in drawn)  # only the next one, ahead

        await pilot.press("s")  # the long one: a scrollbar comes, the view scrolls
        await settle(pilot)
        assert triage.current_id == ids[2]
        assert view.virtual_size.height > view.scrollable_content_region.height
        assert view.show_vertical_scrollbar
        assert all(strip.cell_length == view.scrollable_content_region.width for strip in view.lines)
        assert "Step 39" in shown_text(view) or "Step 0" in shown_text(view)
        await pilot.press("pagedown")
        await settle(pilot)
        assert view.scroll_offset.y > 0
        await pilot.press("s")  # the next from its top, the scrollbar gone
        await settle(pilot)
        assert triage.current_id == ids[3] and "Hold a fair" in shown_text(view)
        assert view.scroll_offset.y == 0 and not view.show_vertical_scrollbar


async def test_the_triage_item_is_drawn_again_at_a_new_width(red_plan):
    db, _ids = red_plan
    async with in_triage(db) as (pilot, triage):
        view = triage.query_one("#triage-detail", RenderedView)
        wide = view.lines[0].cell_length
        await pilot.resize_terminal(80, 24)
        await settle(pilot)
        assert view.lines[0].cell_length == view.scrollable_content_region.width < wide
        assert "Promote the group" in shown_text(view)


async def test_a_triage_step_reads_the_item_after_next_only_once_the_next_is_drawn(red_plan, monkeypatch):
    """Reading the item after it (a worker) and rendering it ahead (the UI thread, as it
    arrives) would hold up the repaint of the item a step shows: they wait for that repaint.
    The item shown was built and rendered ahead: the step builds nothing of it again."""
    import tui.screens.triage
    from tui.screens.triage import TriageScreen

    db, ids = red_plan
    async with in_triage(db) as (pilot, triage):
        view = triage.query_one("#triage-detail", RenderedView)
        assert ids[1] in triage.details  # the next one, read ahead of the first step
        events: list[tuple[str, object]] = []
        render_lines, load_details = RenderedView.render_lines, TriageScreen.load_details

        def drawing(self, crop):
            lines = render_lines(self, crop)
            events.append(("drawn", shown_text(self)))
            return lines

        def reading(self, action_ids):
            events.append(("read", list(action_ids)))
            return load_details(self, action_ids)

        built: list[str] = []
        build = tui.screens.triage.detail_renderable

        def building(detail):
            built.append(detail.row.id)
            return build(detail)

        monkeypatch.setattr(RenderedView, "render_lines", drawing)
        monkeypatch.setattr(TriageScreen, "load_details", reading)
        monkeypatch.setattr(tui.screens.triage, "detail_renderable", building)
        await pilot.press("s")
        await settle(pilot)
        assert triage.current_id == ids[1] and ids[2] in triage.details
        read = events.index(("read", [ids[2]]))
        assert [e for e in events[:read] if e[0] == "drawn" and "Train the panel" in e[1]], events
        assert "Brief the Board" not in shown_text(view)
        assert built == [ids[2]]  # the next one's text, once, ahead; none of the one shown


def footer_keys(screen) -> dict[str, bool]:
    """The footer's keys on ``screen``: key -> enabled."""
    from textual.widgets._footer import FooterKey

    return {key.key: not key.has_class("-disabled") for key in screen.query(FooterKey)}


async def test_triage_steps_keep_the_heading_and_keys_right_and_check_the_keys_only_when_they_may_change(
    red_plan, monkeypatch
):
    """Between two items nothing a key can do changes: the footer is not asked to check them
    (that costs a tenth of a step). The heading of the next item was rendered ahead. At the end
    of the queue the edit keys grey out; back one, they come back."""
    from textual.screen import Screen

    from tui.widgets.line_label import LineLabel

    db, ids = red_plan
    async with in_triage(db) as (pilot, triage):
        header = triage.query_one("#triage-header", LineLabel)
        assert "1 of 4" in str(header.render()) and "1 of 4" in header.render_line(0).text
        assert footer_keys(triage)["r"]
        checked: list[Screen] = []
        refresh_bindings = Screen.refresh_bindings

        def counted(self) -> None:
            checked.append(self)
            refresh_bindings(self)

        monkeypatch.setattr(Screen, "refresh_bindings", counted)
        rendered: list[str] = []
        line = LineLabel._line

        def rendering(self, text, width):
            if (text.plain, text.style, tuple(text.spans), width) not in self._rendered:
                rendered.append(text.plain)
            return line(self, text, width)

        monkeypatch.setattr(LineLabel, "_line", rendering)
        await pilot.press("s")
        await settle(pilot)
        assert triage.current_id == ids[1]
        assert "2 of 4" in header.render_line(0).text and "2 of 4" in str(header.render())
        assert rendered == ["Triage · Red items · 3 of 4"]  # only the next one's, ahead
        checked.clear()  # ("k", back one, could not be used on the first item)
        await pilot.press("s")
        await settle(pilot)
        assert triage.current_id == ids[2] and "3 of 4" in header.render_line(0).text
        assert triage not in checked  # the keys could not have changed
        await pilot.press("s")
        await settle(pilot)
        assert triage.current_id == ids[3] and triage not in checked
        await pilot.press("s")  # the end of the queue: nothing to rate
        await settle(pilot)
        assert triage.current_id is None and "done (4 seen)" in header.render_line(0).text
        assert triage in checked
        assert not footer_keys(triage)["r"] and not footer_keys(triage)["s"]
        await pilot.press("k")
        await settle(pilot)
        assert triage.current_id == ids[3] and "4 of 4" in header.render_line(0).text
        assert footer_keys(triage)["r"] and footer_keys(triage)["s"]


async def test_a_greyed_out_key_is_found_as_the_screen_lists_it(red_plan):
    """base.active_binding answers for one key what Screen.active_bindings says of it."""
    from tui.screens.base import active_binding

    db, _ids = red_plan
    app = RagtrackApp(database=db, today=TODAY, blink=False)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        for screen_key in ("", "t"):
            if screen_key:
                await pilot.press(screen_key)
                await settle(pilot)
            screen = app.screen
            listed = screen.active_bindings
            assert listed
            for key in [*listed, "F24"]:
                assert active_binding(screen, key) == listed.get(key), key
        await pilot.press(*"s" * 4)  # the end of the queue: edit keys greyed out
        await settle(pilot)
        listed = app.screen.active_bindings
        assert not listed["r"].enabled
        assert all(active_binding(app.screen, key) == listed[key] for key in listed)
