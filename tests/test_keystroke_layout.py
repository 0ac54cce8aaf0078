"""A filter keystroke lays nothing out again that it did not change (issue 15, item 2): the key
footer is rebuilt only when the keys it shows change, and the review notes only when their text
does (``Static.update`` lays the whole screen out). Counted, never timed."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from rich.text import Text
from textual.app import App, ComposeResult

from tests.tui_support import settle
from tui.app import RagtrackApp
from tui.widgets.key_footer import KeyFooter
from tui.widgets.review_notes import ReviewNotes

TODAY = date(2026, 11, 22)
SIZE = (120, 40)


def count_recomposes(widget) -> list[int]:
    calls = [0]
    original = widget.recompose

    async def recompose():
        calls[0] += 1
        return await original()

    widget.recompose = recompose
    return calls


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
    changed nothing in its layout: most of an officer pick's time (issue 15, item 2). Closed, a
    dialog only has the screen repainted; a pick still shows its new scope."""
    from textual.screen import Screen

    from tui.screens.officer_picker import OfficerPicker

    layouts: list[Screen] = []
    original = Screen._refresh_layout

    def counted(self, *args, **kwargs):
        layouts.append(self)
        return original(self, *args, **kwargs)

    monkeypatch.setattr(Screen, "_refresh_layout", counted)
    app = RagtrackApp(database=db, today=TODAY, blink=False)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        main = app.screen
        shown = list(main.query_one("#actions").ids)
        for close in ("escape", "enter"):  # cancelled, then picked (nothing typed: the first officer)
            await pilot.press("o")
            await settle(pilot)
            assert isinstance(app.screen, OfficerPicker)
            layouts.clear()
            await pilot.press(close)
            await settle(pilot)
            assert app.screen is main
            if close == "escape":
                assert main not in layouts and list(main.query_one("#actions").ids) == shown
        assert main.scope.officer_ids and list(main.query_one("#actions").ids) != shown


async def test_an_officer_pick_repaints_the_list_once_already_filtered(db, small_plan, monkeypatch):
    """The picker stays open while the officer's actions are read and closes as they land: the
    screen beneath is repainted once, with the new list, not first with the old one (issue 15)."""
    from textual._compositor import Compositor

    from tui.screens.officer_picker import OfficerPicker

    app = RagtrackApp(database=db, today=TODAY, blink=False)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        main = app.screen
        actions = main.query_one("#actions")
        assert small_plan.red_action in actions.ids
        painted: list[tuple[str, list[str]]] = []  # (full or partial, the list's ids) of main's repaints
        for kind in ("render_full_update", "render_partial_update"):
            original = getattr(Compositor, kind)

            def counted(self, *args, _original=original, _kind=kind, **kwargs):
                if self is main._compositor:
                    painted.append((_kind, list(actions.ids)))
                return _original(self, *args, **kwargs)

            monkeypatch.setattr(Compositor, kind, counted)
        await pilot.press("o")
        await settle(pilot)
        assert isinstance(app.screen, OfficerPicker)
        await pilot.press(*"KL")
        await settle(pilot)
        painted.clear()
        await pilot.press("enter")
        await settle(pilot)
        assert app.screen is main and main.scope.officer_ids == (small_plan.keith,)
        assert list(actions.ids) == [small_plan.green_action]
        assert [kind for kind, _ in painted].count("render_full_update") == 1  # the picker closing
        assert all(ids == [small_plan.green_action] for _, ids in painted)  # never the old list


async def test_an_officer_pick_cancelled_while_it_is_read_still_filters(db, small_plan, monkeypatch):
    """Escape after Enter, while the officer's actions are still being read, closes the picker;
    the pick stands (as when the picker closed at once), its chip shows, its list follows."""
    import threading

    from tui.controllers.scope_loader import ScopeLoader
    from tui.screens.officer_picker import OfficerPicker

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
        await pilot.press("o")
        await pilot.pause()
        await pilot.press(*"KL", "enter")
        await pilot.pause(0.2)
        assert isinstance(app.screen, OfficerPicker)  # open until the pick is read
        await pilot.press("escape")
        await pilot.pause(0.2)
        assert app.screen is main
        assert "Keith Lander" in str(main.query_one("#chips").render())
        release.set()
        await settle(pilot)
        assert list(main.query_one("#actions").ids) == [small_plan.green_action]


async def test_picking_the_officer_already_filtered_closes_the_picker(db, small_plan):
    from tui.screens.officer_picker import OfficerPicker

    app = RagtrackApp(database=db, today=TODAY, blink=False)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        main = app.screen
        for _ in range(2):
            await pilot.press("o")
            await settle(pilot)
            assert isinstance(app.screen, OfficerPicker)
            await pilot.press(*"KL", "enter")
            await settle(pilot)
            assert app.screen is main and main.scope.officer_ids == (small_plan.keith,)


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
