"""A filter keystroke lays nothing out again that it did not change (issue 15, item 2): the key
footer is rebuilt only when the keys it shows change, and the review notes only when their text
does (``Static.update`` lays the whole screen out). Counted, never timed."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from rich.text import Text
from textual.app import App, ComposeResult
from textual.geometry import Region

from tests.tui_support import count_layouts, count_recomposes, settle, wait_for
from tui.app import RagtrackApp
from tui.widgets.key_footer import KeyFooter
from tui.widgets.review_notes import ReviewNotes

TODAY = date(2026, 11, 22)
SIZE = (120, 40)


async def test_rag_filter_keystrokes_do_not_rebuild_the_main_screens_footer(db, small_plan):
    app = RagtrackApp(database=db, today=TODAY, blink=False)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        screen = app.screen
        footer = screen.query_one(KeyFooter)  # Textual's Footer rebuilt itself on every refresh_bindings
        await pilot.press("f")  # the panel's keys join the footer: rebuilt once
        await settle(pilot)
        rebuilt = count_recomposes(footer)
        shown = list(screen.query_one("#actions").ids)
        await pilot.press("space")  # red only
        await settle(pilot)
        assert list(screen.query_one("#actions").ids) == [small_plan.red_action] != shown
        await pilot.press("space")  # and off again
        await settle(pilot)
        assert list(screen.query_one("#actions").ids) == shown
        assert rebuilt[0] == 0


async def test_every_screen_with_keys_shows_them_in_the_key_footer():
    import tui.screens.conflicts
    import tui.screens.import_preview
    import tui.screens.main
    import tui.screens.review_screens
    import tui.screens.triage

    for module in (
        tui.screens.main,
        tui.screens.triage,
        tui.screens.conflicts,
        tui.screens.review_screens,
        tui.screens.import_preview,
    ):
        assert "KeyFooter(" in Path(module.__file__).read_text(encoding="utf-8"), module.__name__
        assert not hasattr(module, "Footer"), f"{module.__name__} still imports Textual's Footer"


class NotesApp(App):
    def compose(self) -> ComposeResult:
        yield ReviewNotes(id="notes")


async def test_review_notes_shown_again_unchanged_lay_nothing_out():
    app = NotesApp()
    async with app.run_test(size=(60, 10)) as pilot:
        notes = app.query_one(ReviewNotes)
        layouts: list[bool] = []
        original = notes.refresh

        def refresh(*regions, layout=False, **kwargs):
            layouts.append(layout)
            return original(*regions, layout=layout, **kwargs)

        notes.refresh = refresh
        notes.show(Text("Reviewed 1 Nov: amber → red"))
        await pilot.pause()
        assert notes.display and any(layouts)
        assert "amber → red" in str(notes.render())
        layouts.clear()
        notes.show(Text("Reviewed 1 Nov: amber → red"))  # every detail loaded shows it again
        notes.show(Text("Reviewed 1 Nov: amber → red"))
        await pilot.pause()
        assert not any(layouts)
        notes.show(Text("Reviewed 2 Nov: red → green"))
        await pilot.pause()
        assert any(layouts) and "red → green" in str(notes.render())
        notes.show(None)
        await pilot.pause()
        assert not notes.display
        layouts.clear()
        notes.show(None)
        await pilot.pause()
        assert not any(layouts) and not notes.display


async def test_a_rag_change_in_triage_keeps_the_item_and_its_keys_on_screen_until_it_is_read_again(db, small_plan):
    from tui.screens.triage import TriageScreen

    app = RagtrackApp(database=db, today=TODAY, blink=False)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("t")
        await settle(pilot)
        triage = app.screen
        assert isinstance(triage, TriageScreen) and triage.current_id == small_plan.red_action
        footer = triage.query_one(KeyFooter)
        rebuilt = count_recomposes(footer)
        bodies: list[str] = []
        body = triage.query_one("#triage-detail")
        original = body.update

        def update(content="", **kwargs):
            bodies.append(str(content))
            return original(content, **kwargs)

        body.update = update
        await pilot.press("a")
        await pilot.press(*"Training booked for May", "enter")
        await settle(pilot)
        assert triage.details[small_plan.red_action].row.rag == "amber"  # read again after the edit
        assert bodies and not any("Loading" in text for text in bodies)  # the old detail stayed until the new
        assert rebuilt[0] == 0  # the edit keys never left the footer; undo was enabled in place


async def test_closing_a_dialog_lays_the_screen_beneath_out_no_more(db, small_plan, monkeypatch):
    """Textual lays the screen beneath out again when it removes a dialog, though the dialog
    changed nothing in its layout: most of an officer pick's time once (issue 15, item 2). Closed,
    a dialog only has the screen repainted; a choice made in it still shows."""
    from tui.screens.choice import ChoiceDialog

    layouts = count_layouts(monkeypatch)
    app = RagtrackApp(database=db, today=TODAY, blink=False)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        main = app.screen
        shown = list(main.query_one("#actions").ids)
        for close in (("escape",), ("down", "enter")):  # cancelled, then chosen (sort by due date)
            await pilot.press("v")
            await settle(pilot)
            assert isinstance(app.screen, ChoiceDialog)
            layouts.clear()
            await pilot.press(*close)
            await settle(pilot)
            assert app.screen is main
            if close == ("escape",):
                assert main not in layouts and list(main.query_one("#actions").ids) == shown
        assert main.loader.order.sort == "due"


async def test_one_more_search_character_lays_nothing_out(db, small_plan):
    """The search box is a fixed 30 columns: the text growing in it (Textual's ``virtual_size``
    of an Input) asked for a layout of the whole screen on every character typed (issue 15).
    (The detail pane lays itself out when the highlighted action changes: not the box's doing.)"""
    app = RagtrackApp(database=db, today=TODAY, blink=False)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        screen = app.screen
        await pilot.press("slash", "t")
        await settle(pilot)
        box = screen.query_one("#search")
        layouts: list[bool] = []
        original = box.refresh

        def refresh(*regions, layout=False, **kwargs):
            layouts.append(layout)
            return original(*regions, layout=layout, **kwargs)

        box.refresh = refresh
        await pilot.press(*"rain")
        await settle(pilot)
        assert screen.scope.search == "train" and box.value == "train"
        assert layouts and not any(layouts)  # repainted, never laid out
        await pilot.press("backspace")
        await settle(pilot)
        assert screen.scope.search == "trai" and not any(layouts)


def record_key_events(screen) -> list[str]:
    """In order: the scope asked for ("asked"), the panel's choices or the chips redrawn, the
    list given the scope's answer ("answered"), and the screen's compositor passes ("pass")."""
    events: list[str] = []

    def spy(owner, attribute: str, name: str) -> None:
        original = getattr(owner, attribute)

        def called(*args, **kwargs):
            events.append(name)
            return original(*args, **kwargs)

        setattr(owner, attribute, called)

    spy(screen.loader, "load", "asked")
    spy(screen.action_list, "set_scope", "answered")
    spy(screen, "_compositor_refresh", "pass")
    for choices in screen.query("#choices"):  # the filter panel's, once it has opened
        spy(choices, "refresh", "#choices")
    spy(screen.query_one("#chips"), "refresh", "#chips")
    return events


async def test_a_rag_toggle_is_drawn_with_its_list_in_one_repaint(db, small_plan, monkeypatch):
    """Space in the filter panel: the [x], the chip and the list are drawn in one compositor
    pass when the scope's answer lands, not the panel first (before the list was even asked
    for) and the list a pass later. Counted, never timed."""
    import tui.screens.main

    monkeypatch.setattr(tui.screens.main, "FILTERS_SHOWN_WITHIN", 30.0)  # only the answer draws them
    app = RagtrackApp(database=db, today=TODAY, blink=False)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        screen = app.screen
        await pilot.press("f")
        await settle(pilot)
        events = record_key_events(screen)
        choices = screen.query_one("#choices")
        repainted: list[tuple[Region, ...]] = []
        spied = choices.refresh

        def refresh(*regions, **kwargs):
            repainted.append(regions)
            return spied(*regions, **kwargs)

        choices.refresh = refresh
        await pilot.press("space")  # red only
        await settle(pilot)
        assert list(screen.query_one("#actions").ids) == [small_plan.red_action]
        # Only the option toggled is redrawn, and what is on screen is what a full repaint shows.
        assert repainted and all(regions and all(r.height <= 2 for r in regions) for regions in repainted)
        prompt = str(screen.query_one("#choices").get_option("rag:red").prompt)
        assert prompt.startswith("[x] ") and "Red" in prompt
        assert [chip.key for chip in screen.query_one("#chips").chips] == ["rag:red"]
        drawn = [n for n, event in enumerate(events) if event in ("#choices", "#chips")]
        assert drawn and events.index("asked") < drawn[0], events
        answered = events.index("answered", drawn[-1])
        assert "pass" not in events[drawn[0] : answered], events
        shown = app.export_screenshot()
        choices.refresh()
        await pilot.pause()
        assert app.export_screenshot() == shown


async def test_one_more_search_character_is_drawn_with_its_list_in_one_repaint(db, small_plan, monkeypatch):
    """The character typed (or taken out) is painted with the list its search selects, in one
    compositor pass when the answer lands: painted on its own first, the list came a frame
    later. Counted."""
    import tui.widgets.filter_bar

    monkeypatch.setattr(tui.widgets.filter_bar, "TYPED_SHOWN_WITHIN", 30.0)  # only the answer draws it
    app = RagtrackApp(database=db, today=TODAY, blink=False)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        screen = app.screen
        await pilot.press("slash", "t")
        await settle(pilot)
        for character, search in (("r", "tr"), ("a", "tra"), ("backspace", "tr")):
            events = record_key_events(screen)
            await pilot.press(character)
            await settle(pilot)
            assert screen.scope.search == search and screen.query_one("#search").value == search
            answered = events.index("answered")
            assert events.index("asked") < answered and "pass" not in events[:answered], events
            assert "pass" in events[answered:]
            assert search in "".join(
                strip.text for strip in screen.query_one("#search").render_lines(Region(0, 0, 30, 1))
            )


async def test_a_character_typed_shows_at_once_when_its_list_is_slow(db, small_plan, monkeypatch):
    """The box waits for the list only so long (``TYPED_SHOWN_WITHIN``)."""
    from tui.controllers.scope_loader import ScopeLoader

    app = RagtrackApp(database=db, today=TODAY, blink=False)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        screen = app.screen
        await pilot.press("slash")
        await settle(pilot)
        monkeypatch.setattr(ScopeLoader, "_load", lambda *args, **kwargs: None)  # an answer that never comes
        events = record_key_events(screen)
        await pilot.press("x")
        assert await wait_for(pilot, lambda: "pass" in events, 5)  # nothing else to repaint: the box
        assert "answered" not in events and screen.query_one("#search").value == "x"


async def test_a_rag_toggle_shows_at_once_when_its_list_is_slow(db, small_plan, monkeypatch):
    """The [x] and the chip wait for the list only so long (``FILTERS_SHOWN_WITHIN``): a key is
    never unseen while a slow scope is read."""
    from tui.controllers.scope_loader import ScopeLoader

    app = RagtrackApp(database=db, today=TODAY, blink=False)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        screen = app.screen
        await pilot.press("f")
        await settle(pilot)
        shown = list(screen.query_one("#actions").ids)
        monkeypatch.setattr(ScopeLoader, "_load", lambda *args, **kwargs: None)  # an answer that never comes
        await pilot.press("space")
        choices = screen.query_one("#choices")
        assert await wait_for(pilot, lambda: "[x]" in str(choices.get_option("rag:red").prompt), 5)
        assert [chip.key for chip in screen.query_one("#chips").chips] == ["rag:red"]
        assert list(screen.query_one("#actions").ids) == shown  # still the last answer


async def test_a_toggle_below_the_fold_at_80_columns_redraws_its_own_line(db, small_plan):
    """At 80x24 the panel is short and its choices scroll: the toggled option's line, wherever
    it is, is what a full repaint of the panel shows."""
    app = RagtrackApp(database=db, today=TODAY, blink=False)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        screen = app.screen
        await pilot.press("f")
        await settle(pilot)
        choices = screen.query_one("#choices")
        await pilot.press(*["down"] * 9, "space")  # "! Overdue", scrolled into view
        await settle(pilot)
        assert choices.scroll_offset.y > 0 and screen.scope.overdue
        assert str(choices.get_option("overdue").prompt).startswith("[x] ")
        shown = app.export_screenshot()
        choices.refresh()
        await pilot.pause()
        assert app.export_screenshot() == shown
        await pilot.press("space")
        await settle(pilot)
        assert not screen.scope.overdue and str(choices.get_option("overdue").prompt).startswith("[ ] ")
        shown = app.export_screenshot()
        choices.refresh()
        await pilot.pause()
        assert app.export_screenshot() == shown


async def test_an_officer_pick_repaints_the_list_once_already_filtered(db, small_plan, monkeypatch):
    """The officer finder (o) stays open over the list while the officer's actions are read and
    closes as they land: the list is repainted with the new actions, never first with the old
    ones, and no repaint is of the whole screen (a dialog closing would be: issue 15)."""
    app = RagtrackApp(database=db, today=TODAY, blink=False)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        main = app.screen
        actions = main.query_one("#actions")
        assert small_plan.red_action in actions.ids
        painted: list[tuple[str, list[str]]] = []  # (full or partial, the list's ids) of main's repaints
        Compositor = type(main._compositor)  # tui/compositor.py: a Textual Compositor
        for kind in ("render_full_update", "render_partial_update"):
            original = getattr(Compositor, kind)

            def counted(self, *args, _original=original, _kind=kind, **kwargs):
                if self is main._compositor:
                    painted.append((_kind, list(actions.ids)))
                return _original(self, *args, **kwargs)

            monkeypatch.setattr(Compositor, kind, counted)
        finder = main.query_one("#officer-finder")
        await pilot.press("o")
        await settle(pilot)
        assert finder.display and app.focused is actions  # it lends the finder its keys
        await pilot.press(*"KL")
        await settle(pilot)
        painted.clear()
        await pilot.press("enter")
        await settle(pilot)
        assert not finder.display and app.focused is actions
        assert app.screen is main and main.scope.officer_ids == (small_plan.keith,)
        assert list(actions.ids) == [small_plan.green_action]
        assert painted and "render_full_update" not in [kind for kind, _ in painted]
        assert all(ids == [small_plan.green_action] for _, ids in painted)  # never the old list


async def test_an_officer_pick_cancelled_while_it_is_read_still_filters(db, small_plan, monkeypatch):
    """Escape after Enter, while the officer's actions are still being read, closes the finder;
    the pick stands (as when the finder closed at once), its chip shows, its list follows."""
    import threading

    from tui.controllers.scope_loader import ScopeLoader

    app = RagtrackApp(database=db, today=TODAY, blink=False)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        main = app.screen
        release = threading.Event()
        original = ScopeLoader._load_scope

        def slow(self, *args, **kwargs):
            release.wait(20)
            return original(self, *args, **kwargs)

        monkeypatch.setattr(ScopeLoader, "_load_scope", slow)
        finder = main.query_one("#officer-finder")
        await pilot.press("o")
        await pilot.pause()
        await pilot.press(*"KL", "enter")
        await pilot.pause(0.2)
        assert finder.display  # open until the pick is read
        await pilot.press("escape")
        await pilot.pause(0.2)
        assert not finder.display
        assert "Keith Lander" in str(main.query_one("#chips").render())
        release.set()
        await settle(pilot)
        assert list(main.query_one("#actions").ids) == [small_plan.green_action]


async def test_picking_the_officer_already_filtered_closes_the_finder(db, small_plan):
    app = RagtrackApp(database=db, today=TODAY, blink=False)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        main = app.screen
        finder = main.query_one("#officer-finder")
        for _ in range(2):
            await pilot.press("o")
            await settle(pilot)
            assert finder.display
            await pilot.press(*"KL", "enter")
            await settle(pilot)
            assert not finder.display and main.scope.officer_ids == (small_plan.keith,)
            assert app.focused is main.query_one("#actions")


async def test_a_rag_change_is_written_before_its_dialog_closes_and_nothing_is_repainted_whole_first(
    db, small_plan, monkeypatch
):
    """Enter on the reason writes the change at once; its dialog closes once it is written. The
    screen beneath the dialog is not woken meanwhile (a message to it has Textual repaint all of
    the dialog), and the dialog's closing repaint comes after the write, not before (issue 15)."""
    from textual._compositor import Compositor

    from tui.screens.ask import AskDialog
    from tui.screens.triage import TriageScreen

    app = RagtrackApp(database=db, today=TODAY, blink=False)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("t")
        await settle(pilot)
        triage = app.screen
        assert isinstance(triage, TriageScreen) and triage.current_id == small_plan.red_action
        await pilot.press("a")
        await settle(pilot)
        assert isinstance(app.screen, AskDialog)
        await pilot.press(*"Training booked for May")
        await settle(pilot)
        events: list[str] = []
        original_full = Compositor.render_full_update

        def full(self, *args, **kwargs):
            events.append("full repaint")
            return original_full(self, *args, **kwargs)

        monkeypatch.setattr(Compositor, "render_full_update", full)
        original_edited = RagtrackApp.on_edited

        def edited(self, message):
            events.append("written")
            return original_edited(self, message)

        monkeypatch.setattr(RagtrackApp, "on_edited", edited)
        writes = []
        original_write = RagtrackApp._write

        def write(self, *args, **kwargs):
            writes.append(args[0])
            return original_write(self, *args, **kwargs)

        monkeypatch.setattr(RagtrackApp, "_write", write)
        await pilot.press("enter", "enter")  # the second Enter, while it is written, writes nothing
        await settle(pilot)
        assert app.screen is triage
        assert triage.details[small_plan.red_action].row.rag == "amber"
        assert len(writes) == 1
        assert events[0] == "written"  # nothing repainted whole before the write landed
