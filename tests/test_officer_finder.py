"""The officer filter (o): a finder over the list, not a dialog. Type to narrow, ↑/↓ choose
(marked ▶ as well as highlighted, for NO_COLOR), Enter picks, Escape closes; the list keeps the
focus and lends the finder its keys, and the focus leaving the list, or a click on it, closes the
finder."""

from __future__ import annotations

from datetime import date

from tests.tui_support import count_layouts, count_recomposes, settle
from tui.app import RagtrackApp
from tui.widgets.key_footer import KeyFooter

TODAY = date(2026, 11, 22)


def prompts(finder) -> list[str]:
    options = finder.query_one("#finder-matches")
    return [str(options.get_option_at_index(i).prompt) for i in range(options.option_count)]


async def test_o_opens_the_finder_and_enter_filters_by_the_officer(db, small_plan):
    app = RagtrackApp(database=db, today=TODAY, blink=False)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        main = app.screen
        finder = main.query_one("#officer-finder")
        assert not finder.display
        await pilot.press("o")
        await settle(pilot)
        assert finder.display and app.focused is main.query_one("#actions") and app.screen is main
        assert prompts(finder)[0].startswith("▶ ") and all(p.startswith("  ") for p in prompts(finder)[1:])
        await pilot.press("down")
        assert prompts(finder)[1].startswith("▶ ") and prompts(finder)[0].startswith("  ")
        await pilot.press(*"Keith")
        await settle(pilot)
        assert [p.split("  ")[0] for p in prompts(finder)] == ["▶ Keith Lander"]
        await pilot.press("enter")
        await settle(pilot)
        assert not finder.display and app.focused is main.query_one("#actions")
        assert main.scope.officer_ids == (small_plan.keith,)
        assert list(main.query_one("#actions").ids) == [small_plan.green_action]
        assert "Keith Lander" in str(main.query_one("#chips").render())


async def test_escape_closes_the_finder_and_changes_nothing(db, small_plan):
    app = RagtrackApp(database=db, today=TODAY, blink=False)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        main = app.screen
        finder = main.query_one("#officer-finder")
        shown = list(main.query_one("#actions").ids)
        await pilot.press("o", *"zzz")
        await settle(pilot)
        assert "No officer matches" in prompts(finder)[0]
        await pilot.press("enter")  # nothing to pick: it stays open
        await settle(pilot)
        assert finder.display
        await pilot.press("escape")
        await settle(pilot)
        assert not finder.display and app.focused is main.query_one("#actions")
        assert main.scope.officer_ids == () and list(main.query_one("#actions").ids) == shown
        await pilot.press("o")  # opens again empty, every officer listed
        await settle(pilot)
        assert finder.query_one("#finder-who").value == "" and len(prompts(finder)) == 2


async def test_the_finder_closes_when_the_focus_leaves_it(db, small_plan):
    app = RagtrackApp(database=db, today=TODAY, blink=False)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        main = app.screen
        finder = main.query_one("#officer-finder")
        await pilot.press("o")
        await settle(pilot)
        main.query_one("#search").focus()  # as a click there would
        await settle(pilot)
        assert not finder.display and app.focused is main.query_one("#search")
        assert main.scope.officer_ids == ()


async def test_the_footer_is_not_rebuilt_for_the_finder(db, small_plan):
    """The finder shows its keys on its border; the footer stays as it was (as under a dialog),
    so handing the focus back to the list after a pick rebuilds nothing."""
    app = RagtrackApp(database=db, today=TODAY, blink=False)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        footer = app.screen.query_one(KeyFooter)
        rebuilt = count_recomposes(footer)
        await pilot.press("o", *"KL", "enter")
        await settle(pilot)
        assert app.screen.scope.officer_ids == (small_plan.keith,)
        assert rebuilt[0] == 0


async def test_an_officers_scope_is_read_whole_in_one_scan(db, small_plan, monkeypatch):
    """An officer leading few actions (WHOLE_OFFICER_SCOPE): the loader reads their whole scope
    at once through the leads' index, not a first screen from the first objectives and then the
    whole scope again. One leading more: the first screen first, as for any filter."""
    import tui.controllers.scope_loader as scope_loader
    from storage.db.actions import Actions

    batched: list = []
    first = Actions.first

    def spy(self, flt, *args, **kwargs):
        batched.append(flt)
        return first(self, flt, *args, **kwargs)

    monkeypatch.setattr(Actions, "first", spy)
    app = RagtrackApp(database=db, today=TODAY, blink=False)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        main = app.screen
        batched.clear()
        await pilot.press("o", *"KL", "enter")
        await settle(pilot)
        assert main.scope.officer_ids == (small_plan.keith,)
        assert not any(flt.officer_ids for flt in batched)
        assert list(main.query_one("#actions").ids) == [small_plan.green_action]
        monkeypatch.setattr(scope_loader, "WHOLE_OFFICER_SCOPE", 0)
        await pilot.press("x", "o", *"JR", "enter")
        await settle(pilot)
        assert main.scope.officer_ids == (small_plan.jackie,)
        assert any(flt.officer_ids == (small_plan.jackie,) for flt in batched)
        assert list(main.query_one("#actions").ids) == [small_plan.red_action, small_plan.green_action]


def count_focus_changes(monkeypatch) -> list:
    """The widgets whose focus changes from now on (each restyles itself and its parts)."""
    from textual.widget import Widget

    changed: list = []
    original = Widget.watch_has_focus

    def counted(self, has_focus: bool) -> None:
        changed.append(self)
        original(self, has_focus)

    monkeypatch.setattr(Widget, "watch_has_focus", counted)
    return changed


async def test_the_finder_takes_the_keys_while_the_list_keeps_the_focus(db, small_plan, monkeypatch):
    """Typing, editing the name, ↑/↓, a pick and Escape move no focus (a focus moving restyles
    both ends: a sixth of a pick's time, issue 15), and none of those keys acts on the list
    beneath. A pick lays the screen out once at most: the finder closing."""
    app = RagtrackApp(database=db, today=TODAY, blink=False)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        main = app.screen
        actions = main.query_one("#actions")
        finder = main.query_one("#officer-finder")
        assert app.focused is actions
        cursor = actions.cursor
        changed = count_focus_changes(monkeypatch)
        await pilot.press("o", *"KL", "left", "x", "backspace", "end", "z", "backspace")
        await settle(pilot)
        assert finder.display and finder.typed == "KL" and app.focused is actions
        assert [p.split("  ")[0] for p in prompts(finder)] == ["▶ Keith Lander"]
        await pilot.press("down", "up", "pagedown", "space")  # not the list's: no move, no mark
        await pilot.press("backspace")  # the space typed into the name
        await settle(pilot)
        assert actions.cursor == cursor and not actions.picked and finder.typed == "KL"
        layouts = count_layouts(monkeypatch)
        by_the_paint: list[int] = []  # the layout passes before the officer's list is drawn
        actions.call_when_drawn(lambda: by_the_paint.append(len(layouts)))
        await pilot.press("enter")
        await settle(pilot)
        assert not finder.display and main.scope.officer_ids == (small_plan.keith,)
        assert list(actions.ids) == [small_plan.green_action]
        assert by_the_paint == [1]
        await pilot.press("o", *"JR", "escape")
        await settle(pilot)
        assert not finder.display and main.scope.officer_ids == (small_plan.keith,)
        await pilot.press("j")  # the list's own keys again
        assert app.focused is actions and changed == []


async def test_a_click_on_the_list_beneath_closes_the_finder(db, small_plan):
    app = RagtrackApp(database=db, today=TODAY, blink=False)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        main = app.screen
        finder = main.query_one("#officer-finder")
        await pilot.press("o", *"KL")
        await settle(pilot)
        assert finder.display
        await pilot.click("#actions", offset=(2, 30))  # below the finder
        await settle(pilot)
        assert not finder.display and app.focused is main.query_one("#actions")
        assert main.scope.officer_ids == ()
        await pilot.press("K")  # no longer the finder's: nothing typed anywhere
        assert finder.typed == "KL" and not finder.display
