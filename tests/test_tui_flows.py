"""The TUI driven with real keys (App.run_test); every flow is checked in the database after.

Uses conftest's in-memory ``db`` and ``small_plan``: Care2Work with Jackie Roper (JR) and Keith
Lander (KL); 1a red and overdue (Jackie), 1b green (Keith, Jackie), 1c not rated, with "[bold]"
in its text. "Today" is fixed so overdue never drifts.
"""

from __future__ import annotations

from datetime import date

from store_view import view

from storage.db import ActionFilter
from tests.tui_support import settle
from tui.app import RagtrackApp
from tui.screens.triage import TriageScreen

TODAY = date(2026, 11, 22)
SIZE = (120, 40)


async def start(pilot):
    await settle(pilot)
    assert pilot.app.data_shown is not None
    return pilot.app.screen


def make_app(db, **options) -> RagtrackApp:
    return RagtrackApp(database=db, today=TODAY, blink=False, **options)


def listed(app) -> list[str]:
    return list(app.screen.query_one("#actions").ids)


async def highlight(pilot, action_id: str) -> None:
    actions = pilot.app.screen.query_one("#actions")
    actions.move_to(actions.ids.index(action_id))
    await settle(pilot)


async def test_first_screen_lists_scope_and_counts(db, small_plan):
    app = make_app(db)
    async with app.run_test(size=SIZE) as pilot:
        screen = await start(pilot)
        assert listed(app) == [small_plan.red_action, small_plan.green_action, small_plan.undated_action]
        assert screen.counts["red"] == 1 and screen.counts["green"] == 1 and screen.counts["none"] == 1
        assert screen.counts["overdue"] == 1
        assert app.data_shown.rows == 3
        assert screen.detail.row.id == small_plan.red_action


async def test_triage_red_item_to_amber_with_reason(db, small_plan):
    app = make_app(db)
    async with app.run_test(size=SIZE) as pilot:
        await start(pilot)
        await pilot.press("t")
        await settle(pilot)
        triage = app.screen
        assert isinstance(triage, TriageScreen)
        assert triage.queue == [small_plan.red_action]
        header = str(triage.query_one("#triage-header").render())
        assert "1 of 1" in header
        await pilot.press("a")
        await pilot.press("enter")  # an empty reason is refused: the dialog stays
        await pilot.press(*"Training booked for May", "enter")
        await settle(pilot)
        detail = view(db).actions.detail(small_plan.red_action)
        assert detail.row.rag == "amber"
        assert detail.rag_history[-1].reason == "Training booked for May"
        assert isinstance(app.screen, TriageScreen)
        await pilot.press("s")  # past the last red item: the "done" page
        await settle(pilot)
        assert triage.current_id is None
        await pilot.press("escape")
        await settle(pilot)
        assert type(app.screen).__name__ == "MainScreen"


async def test_triage_escape_cancels_the_reason(db, small_plan):
    app = make_app(db)
    async with app.run_test(size=SIZE) as pilot:
        await start(pilot)
        await pilot.press("t")
        await settle(pilot)
        await pilot.press("g", *"not sure", "escape")
        await settle(pilot)
        assert view(db).actions.detail(small_plan.red_action).row.rag == "red"
        assert isinstance(app.screen, TriageScreen)


async def test_add_an_achievement_and_a_next_step(db, small_plan):
    app = make_app(db)
    async with app.run_test(size=SIZE) as pilot:
        await start(pilot)
        await highlight(pilot, small_plan.green_action)
        await pilot.press("n", *"Met the task group", "enter")
        await settle(pilot)
        await pilot.press("n", "down", *"Book the venue", "enter")
        await settle(pilot)
        progress = view(db).actions.detail(small_plan.green_action).progress
        assert sorted((p.kind, p.text, p.entry_date) for p in progress) == [
            ("achieved", "Met the task group", TODAY),
            ("next", "Book the venue", TODAY),
        ]


async def test_filter_by_officer_initials_and_by_rag(db, small_plan):
    app = make_app(db)
    async with app.run_test(size=SIZE) as pilot:
        await start(pilot)
        await pilot.press("o", *"KL", "enter")
        await settle(pilot)
        assert listed(app) == [small_plan.green_action]
        await pilot.press("x")  # clear all
        await settle(pilot)
        await pilot.press("o", *"JR", "enter")
        await settle(pilot)
        assert listed(app) == [small_plan.red_action, small_plan.green_action]
        await pilot.press("f")  # the filter panel: first choice is Red
        await settle(pilot)
        await pilot.press("space")
        await settle(pilot)
        assert listed(app) == [small_plan.red_action]  # applied at once, panel still open
        await pilot.press("escape")
        await settle(pilot)
        assert app.focused.id == "actions"
        scope = app.screen.scope
        assert scope.rags == {"red"} and scope.officer_ids == (small_plan.jackie,)
        assert listed(app) == view(db).actions.ids(scope, TODAY)
        strip = app.screen.query_one("#chips")
        assert [c.key for c in strip.chips] == ["rag:red", f"officer:{small_plan.jackie}"]
        await pilot.press("shift+tab")  # from the list back to the chips: remove the RAG chip alone
        assert app.focused is strip
        await pilot.press("enter")
        await settle(pilot)
        assert app.screen.scope.rags == frozenset() and app.screen.scope.officer_ids == (small_plan.jackie,)


async def test_search_applies_as_you_type(db, small_plan):
    app = make_app(db)
    async with app.run_test(size=SIZE) as pilot:
        await start(pilot)
        await pilot.press("slash", *"steering")  # found in 1a's progress, not its title
        await settle(pilot)
        assert listed(app) == [small_plan.red_action]
        await pilot.press(
            "backspace", "backspace", "backspace", "backspace", "backspace", "backspace", "backspace", "backspace"
        )
        await pilot.press(*"board")
        await settle(pilot)
        assert listed(app) == [small_plan.undated_action]
        await pilot.press("enter")  # back to the list, the search stays
        await settle(pilot)
        assert app.focused.id == "actions" and app.screen.scope.search == "board"


async def test_undo_and_redo(db, small_plan):
    app = make_app(db)
    async with app.run_test(size=SIZE) as pilot:
        await start(pilot)
        await pilot.press("g", *"On track again", "enter")
        await settle(pilot)
        assert view(db).actions.detail(small_plan.red_action).row.rag == "green"
        await pilot.press("u")
        await settle(pilot)
        assert view(db).actions.detail(small_plan.red_action).row.rag == "red"
        await pilot.press("U")
        await settle(pilot)
        assert view(db).actions.detail(small_plan.red_action).row.rag == "green"
        await pilot.press("u")
        await settle(pilot)
        assert view(db).actions.detail(small_plan.red_action).row.rag == "red"


async def test_due_date_is_parsed_before_saving(db, small_plan):
    app = make_app(db)
    async with app.run_test(size=SIZE) as pilot:
        await start(pilot)
        await pilot.press("d", "ctrl+u", *"someday maybe")
        dialog = app.screen
        assert "cannot read 'someday maybe' as a date" in str(dialog.query_one("#hint").render())  # as you type
        await pilot.press("enter")  # not understood: refused, the dialog stays
        assert app.screen is dialog
        assert "Not understood as a date" in str(dialog.query_one("#hint").render())
        await pilot.press("ctrl+u", *"31/03/2027")
        assert "31/03/2027" in str(dialog.query_one("#hint").render())
        await pilot.press("enter")
        await settle(pilot)
        await pilot.press(*"Venue closed", "enter")  # a re-date: why (optional) is asked
        await settle(pilot)
        row = view(db).actions.detail(small_plan.red_action).row
        assert row.timescale == "31/03/2027" and row.due == date(2027, 3, 31)


async def test_complete_rates_blue_with_a_closing_note(db, small_plan):
    app = make_app(db)
    async with app.run_test(size=SIZE) as pilot:
        await start(pilot)
        await pilot.press("c", *"Group launched", "enter")
        await settle(pilot)
        detail = view(db).actions.detail(small_plan.red_action)
        assert (detail.row.status, detail.row.rag) == ("complete", "blue")
        assert detail.progress[0].text == "Group launched"


async def test_jump_to_an_action_from_the_palette(db, small_plan):
    app = make_app(db)
    async with app.run_test(size=SIZE) as pilot:
        await start(pilot)
        await pilot.press("o", *"KL", "enter")  # 1c is hidden by this filter
        await settle(pilot)
        await pilot.press("ctrl+p", *"brief the", "wait:300")
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        actions = app.screen.query_one("#actions")
        assert actions.highlighted_id == small_plan.undated_action
        assert app.screen.scope == ActionFilter()


async def test_my_actions_asks_once_and_remembers(db, small_plan):
    app = make_app(db)
    async with app.run_test(size=SIZE) as pilot:
        await start(pilot)
        await pilot.press("m", *"keith", "enter")
        await settle(pilot)
        assert listed(app) == [small_plan.green_action]
        assert db.setting("me_officer_id") == small_plan.keith and db.setting("me") == "Keith Lander"
        assert [c.label for c in app.screen.query_one("#chips").chips] == ["My actions"]
        await pilot.press("m")  # toggles off without asking again
        await settle(pilot)
        assert len(listed(app)) == 3


async def test_edit_and_delete_own_progress_entry_with_undo(db, small_plan):
    with db.engine.begin():
        pass
    app = make_app(db)
    async with app.run_test(size=SIZE) as pilot:
        await start(pilot)
        actor = app.session.actor
        await pilot.press("n", *"First try", "enter")
        await settle(pilot)
        await pilot.press("p")  # newest first: my entry, then setup's
        await settle(pilot)
        await pilot.press("e", "ctrl+u", *"Second try", "enter")
        await settle(pilot)
        texts = [(p.text, p.author) for p in view(db).actions.detail(small_plan.red_action).progress]
        assert ("Second try", actor) in texts and ("Sits on the steering group", "setup") in texts
        await pilot.press("p", "x", "y")
        await settle(pilot)
        texts = [p.text for p in view(db).actions.detail(small_plan.red_action).progress]
        assert texts == ["Sits on the steering group"]
        await pilot.press("u")
        await settle(pilot)
        texts = [p.text for p in view(db).actions.detail(small_plan.red_action).progress]
        assert "Second try" in texts


async def test_quit(db, small_plan):
    app = make_app(db)
    async with app.run_test(size=SIZE) as pilot:
        await start(pilot)
        assert app.return_code is None  # still running: nothing has asked it to exit
        await pilot.press("q")
        assert app.return_code == 0  # q asked the app to exit, cleanly (asserted inside run_test,
        # which would hide a quit that never came: it stops the app itself on the way out)


async def test_greyed_out_keys_say_why(db, small_plan):
    read_only = make_app(db, read_only=True)
    async with read_only.run_test(size=SIZE) as pilot:
        await start(pilot)
        for key, notice in [
            ("r", "Read-only: this database cannot be edited here."),
            ("s", "Read-only: this database cannot be edited here."),
            ("S", "Read-only: sync is off."),
            ("R", "Read-only: a review cannot be recorded here."),
            ("I", "Read-only: nothing can be imported here."),
        ]:
            read_only.clear_notifications()
            await pilot.press(key)
            await pilot.pause()
            assert [n.message for n in read_only._notifications] == [notice], key
        read_only.clear_notifications()
        await pilot.press("t")  # triage works read-only, and its edit keys say why too
        await settle(pilot)
        assert isinstance(read_only.screen, TriageScreen)
        await pilot.press("a")
        await pilot.pause()
        assert [n.message for n in read_only._notifications] == ["Read-only: this database cannot be edited here."]
    app = make_app(db)
    async with app.run_test(size=SIZE) as pilot:
        await start(pilot)
        app.clear_notifications()
        await pilot.press("D")  # no review yet
        await pilot.pause()
        assert [n.message for n in app._notifications] == ["No review yet: R records one."]
        app.clear_notifications()
        await pilot.press("j")  # an enabled key says nothing
        await pilot.pause()
        assert list(app._notifications) == []


async def test_read_only_greys_out_and_refuses_edits(db, small_plan):
    app = make_app(db, read_only=True)
    async with app.run_test(size=SIZE) as pilot:
        screen = await start(pilot)
        for key in ["r", "n", "d", "c", "e", "l", "s", "S", "p"]:  # s status, S sync
            await pilot.press(key)
            assert app.screen is screen, key  # no dialog opened
        active = {b.binding.action: b.enabled for b in screen.active_bindings.values()}
        assert active["rate('red')"] is False and active["add_progress"] is False
        assert active["triage"] is True
    assert view(db).actions.detail(small_plan.red_action).row.rag == "red"


async def test_help_is_generated_from_the_bindings(db, small_plan):
    from tui.screens.help import HelpScreen
    from tui.screens.main import MainScreen

    app = make_app(db)
    async with app.run_test(size=SIZE) as pilot:
        await start(pilot)
        await pilot.press("question_mark")
        await settle(pilot)
        assert isinstance(app.screen, HelpScreen)
        listed_keys = {line.description for section in app.screen.sections for line in section.lines.values()}
        for binding in MainScreen.BINDINGS:
            assert binding.description in listed_keys, binding.description
        await pilot.press("escape")
        assert isinstance(app.screen, MainScreen)


async def test_edit_plan_details_and_objective_from_the_outline(db, small_plan):

    app = make_app(db)
    async with app.run_test(size=(100, 40)) as pilot:
        await start(pilot)
        assert not app.screen.query_one("#outline").display  # narrow: the outline shows on O
        await pilot.press("O")
        await settle(pilot)
        assert app.focused is app.screen.query_one("#outline")  # shown, it has the focus
        await pilot.press("down", "e")  # the plan node
        await settle(pilot)
        await pilot.press("end", *" (revised)", "ctrl+s")
        await settle(pilot)
        assert view(db).plans.list()[0].title == "Care2Work (revised)"
        await pilot.press("u")
        await settle(pilot)
        assert view(db).plans.list()[0].title == "Care2Work"


async def test_a_new_database_file_is_created_and_shown_empty(tmp_path):
    from storage.db.files import inspect_file

    path = tmp_path / "new.db"
    app = RagtrackApp(db_path=path, today=TODAY, blink=False)
    async with app.run_test(size=SIZE) as pilot:
        await start(pilot)
        assert app.data_shown.rows == 0
        assert "Import a plan" in app.screen.query_one("#actions").empty_message
    assert inspect_file(path).version > 0


async def test_worker_errors_reach_one_handler(db, small_plan, monkeypatch):
    from tui.screens.error import ErrorDialog

    app = make_app(db)
    async with app.run_test(size=SIZE) as pilot:
        await start(pilot)

        def broken(description, change):
            raise RuntimeError("disk on fire")

        monkeypatch.setattr(app.session, "write", broken)
        await pilot.press("g", *"fine", "enter")
        await settle(pilot)
        assert isinstance(app.screen, ErrorDialog)
        await pilot.press("escape")
        assert type(app.screen).__name__ == "MainScreen"


async def test_jump_to_an_officer_and_an_objective_from_the_palette(db, small_plan):
    app = make_app(db)
    async with app.run_test(size=SIZE) as pilot:
        await start(pilot)
        await pilot.press("ctrl+p", *"KL", "wait:300")
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        assert app.screen.scope.officer_ids == (small_plan.keith,)
        await pilot.press("ctrl+p", *"objective 1 commitment", "wait:300")
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        assert app.screen.scope.objective_ids == (small_plan.objective,)


async def test_o_shows_the_outline_with_the_focus_and_hides_it_giving_the_list_the_focus_back(db, small_plan):
    app = make_app(db)
    async with app.run_test(size=(80, 24)) as pilot:
        await start(pilot)
        outline, actions = app.screen.query_one("#outline"), app.screen.query_one("#actions")
        assert not outline.display and app.focused is actions
        await pilot.press("O")
        await settle(pilot)
        assert outline.display and app.focused is outline
        await pilot.press("O")
        await settle(pilot)
        assert not outline.display and app.focused is actions
