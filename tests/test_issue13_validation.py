"""Issue 13, item 7: "validation found wanting". One test (or a few) per line of the issue's list,
each failing on the code before its fix. The app is driven with real keys and the database is
checked afterwards; the command line runs in-process.

Uses conftest's ``small_plan``: Care2Work, objective 1; 1a red, overdue, timescale 04/14 (Jackie
Roper); 1b green, Ongoing (Keith Lander, Jackie Roper); 1c not rated, no timescale.
"""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from store_view import view

from storage.database import Database
from storage.errors import EditRefused
from storage.reviews import start_review
from storage.writes import edit
from tests.tui_support import settle
from tui.app import RagtrackApp
from tui.cli import main
from tui.screens.confirm import ConfirmDialog
from tui.screens.form import FormDialog
from tui.screens.triage import TriageScreen

TODAY = date(2026, 11, 22)
SIZE = (120, 40)


def make_app(db, **options) -> RagtrackApp:
    return RagtrackApp(database=db, today=TODAY, blink=False, **options)


async def start(pilot):
    await settle(pilot)
    assert pilot.app.data_shown is not None
    return pilot.app.screen


async def highlight(pilot, action_id: str) -> None:
    actions = pilot.app.screen.query_one("#actions")
    actions.move_to(actions.ids.index(action_id))
    await settle(pilot)


def notices(app) -> list[str]:
    return [str(n.message) for n in app._notifications]


@pytest.fixture
def db_file(tmp_path):
    """The small plan in a file, for the command line."""
    path = tmp_path / "plans.db"
    database = Database.open(path)
    with edit(database, "setup") as e:
        plan = e.create("plan", title="Care2Work")
        objective = e.create("objective", plan_id=plan, ref="1", text="Commitment")
        e.create_action(plan, objective, "1a", "Promote the group", timescale="04/14", rag="red", position=0)
        e.create_action(plan, objective, "1b", "Link with the task group", timescale="Ongoing", position=1)
    database.close()
    return path


def run(capsys, *argv):
    code = main([str(a) for a in argv])
    out = capsys.readouterr()
    return code, out.out, out.err


def action(path, ref: str):
    database = Database.open(path)
    try:
        with database.read() as txn:
            return txn.actions.find(ref)
    finally:
        database.close()


# --- an action's text can be saved empty; a reference can be changed to one that exists -----
def test_the_write_path_refuses_an_empty_text_or_reference(db, small_plan):
    for field, value in (("text", "   "), ("ref", "")):
        with pytest.raises(EditRefused, match="cannot be empty"), edit(db, "Jackie Roper") as e:
            e.set("action", small_plan.red_action, field, value)
    row = view(db).actions.detail(small_plan.red_action).row
    assert row.text == "Promote the C2W group" and row.ref == "1a"


async def test_the_edit_dialog_refuses_an_empty_action_text(db, small_plan):
    app = make_app(db)
    async with app.run_test(size=SIZE) as pilot:
        await start(pilot)
        await pilot.press("e", "tab")  # Reference, then the action's text
        await pilot.press("f7", "delete", "ctrl+s")
        await settle(pilot)
        dialog = app.screen
        assert isinstance(dialog, FormDialog)  # refused: the dialog stays, saying why
        assert "Action cannot be empty" in str(dialog.query_one("#form-problem").render())
    assert view(db).actions.detail(small_plan.red_action).row.text == "Promote the C2W group"


def test_a_reference_already_used_in_the_plan_is_refused(db, small_plan):
    with pytest.raises(EditRefused, match="'1B' is already used in this plan"), edit(db, "Jackie Roper") as e:
        e.set("action", small_plan.red_action, "ref", "1B")
    assert view(db).actions.detail(small_plan.red_action).row.ref == "1a"
    with edit(db, "Jackie Roper") as e:  # a reference of the same action, or a free one, is fine
        assert e.set("action", small_plan.red_action, "ref", "1d")


def test_show_with_plan_names_the_duplicate_not_plan(db_file, capsys):
    # Two actions of one plan with one reference (an import or sync can still bring that):
    # "add --plan" would be no help when --plan was given.
    database = Database.open(db_file)
    with edit(database, "setup", source="import") as e, database.read() as txn:
        e.set("action", txn.actions.find("1b").id, "ref", "1a")
    database.close()
    code, _, err = run(capsys, "--db", db_file, "show", "1a", "--plan", "Care2Work")
    assert code == 1 and "add --plan" not in err
    assert "2 actions of Care2Work have the reference '1a'" in err


# --- ctrl+u in the due-date field saves an empty timescale; the CLI refuses an empty --due ---
async def test_an_emptied_due_date_is_refused_in_the_app_as_on_the_command_line(db, small_plan):
    app = make_app(db)
    async with app.run_test(size=SIZE) as pilot:
        await start(pilot)
        await pilot.press("d", "ctrl+u", "enter")
        await settle(pilot)
        dialog = app.screen
        assert type(dialog).__name__ == "DueDateDialog"  # refused: still open
        assert "A timescale is needed" in str(dialog.query_one("#hint").render())
        assert "31/03/2027" not in (dialog.query_one("#answer").placeholder or "").replace("e.g. 31/03/2027", "")
        await pilot.press("escape")
        await settle(pilot)
    assert view(db).actions.detail(small_plan.red_action).row.timescale == "04/14"


def test_the_command_line_refuses_an_empty_due(db_file, capsys):
    code, _out, err = run(capsys, "--db", db_file, "update", "1a", "--due", "  ")
    assert code == 1 and err.count("\n") == 1 and "--due needs a timescale" in err
    assert action(db_file, "1a").timescale == "04/14"


# --- re-rating with the same RAG asks for a reason; withdrawn needs none on the CLI ---------
async def test_the_same_rating_again_asks_for_no_reason(db, small_plan):
    app = make_app(db)
    async with app.run_test(size=SIZE) as pilot:
        await start(pilot)  # 1a is red
        app.clear_notifications()
        await pilot.press("r")
        await settle(pilot)
        assert type(app.screen).__name__ == "MainScreen"  # no reason asked
        assert notices(app) == ["1a is already Red: nothing to change."]
    assert len(view(db).actions.detail(small_plan.red_action).rag_history) == 1


def test_the_same_rating_again_needs_no_reason_on_the_command_line(db_file, capsys):
    code, out, err = run(capsys, "--db", db_file, "update", "1a", "--rag", "Red")
    assert (code, err) == (0, "") and "no change" in out
    code, out, err = run(capsys, "--db", db_file, "update", "1a", "--rag", "amber")
    assert code == 1 and "needs a reason" in err
    assert action(db_file, "1a").rag == "red"


@pytest.mark.parametrize("status", ["withdrawn", "Superseded", "with"])
def test_withdrawing_needs_a_reason_on_the_command_line_as_in_the_app(db_file, capsys, status):
    code, _out, err = run(capsys, "--db", db_file, "update", "1a", "--status", status)
    assert code == 1 and err.count("\n") == 1 and "needs a reason: add --reason TEXT" in err
    assert action(db_file, "1a").status == "open"
    code, _out, err = run(capsys, "--db", db_file, "update", "1a", "--status", status, "--reason", "Merged into 1b")
    assert code == 0 and action(db_file, "1a").status != "open"


# --- review start --as-at before the last review or years ahead -------------------------------
def test_a_review_before_the_last_one_or_years_ahead_is_refused(db_file, capsys):
    code, out, err = run(capsys, "--db", db_file, "review", "start", "--as-at", "01/12/2026")
    assert code == 0, err
    code, out, err = run(capsys, "--db", db_file, "review", "start", "--as-at", "22/09/2026")
    assert code == 1 and "before the last review (01/12/2026)" in err
    ahead = (date.today() + timedelta(days=800)).strftime("%d/%m/%Y")
    code, out, err = run(capsys, "--db", db_file, "review", "start", "--as-at", ahead)
    assert code == 1 and "more than a year ahead" in err
    code, out, err = run(capsys, "--db", db_file, "review", "list")
    assert out.count("Care2Work") == 1  # only the first review was recorded


def test_the_app_refuses_a_review_before_the_last_one(db, small_plan):
    start_review(db, small_plan.plan, as_at=date(2026, 12, 1))
    with pytest.raises(EditRefused, match="before the last review"):
        start_review(db, small_plan.plan, as_at=date(2026, 9, 22))


# --- Enter does not save in the edit dialog; Esc discards an edit with no confirmation --------
async def test_enter_saves_the_edit_dialog(db, small_plan):
    app = make_app(db)
    async with app.run_test(size=SIZE) as pilot:
        await start(pilot)
        await pilot.press("e", "end", *"x", "enter")  # in the Reference field
        await settle(pilot)
        assert type(app.screen).__name__ == "MainScreen"
    assert view(db).actions.detail(small_plan.red_action).row.ref == "1ax"


async def test_escape_asks_before_discarding_an_edit(db, small_plan):
    app = make_app(db)
    async with app.run_test(size=SIZE) as pilot:
        await start(pilot)
        await pilot.press("e", "escape")  # nothing changed: closes at once
        await settle(pilot)
        assert type(app.screen).__name__ == "MainScreen"
        await pilot.press("e", "end", *"x", "escape")
        await settle(pilot)
        assert isinstance(app.screen, ConfirmDialog)
        await pilot.press("n")  # back to the edit, as typed
        await settle(pilot)
        assert isinstance(app.screen, FormDialog) and app.screen.query_one("#f0").value == "1ax"
        await pilot.press("escape", "y")
        await settle(pilot)
        assert type(app.screen).__name__ == "MainScreen"
    assert view(db).actions.detail(small_plan.red_action).row.ref == "1a"


# --- triage ignores the RAG filter -------------------------------------------------------------
async def test_triage_keeps_to_the_rag_filter(db, small_plan):
    app = make_app(db)
    async with app.run_test(size=SIZE) as pilot:
        await start(pilot)
        await pilot.press("f", "down", "down", "space", "escape")  # Green only
        await settle(pilot)
        assert app.screen.scope.rags == {"green"}
        await pilot.press("t")
        await settle(pilot)
        triage = app.screen
        assert isinstance(triage, TriageScreen)
        assert triage.queue == [] and small_plan.red_action not in triage.more
        assert "Red items 1 of" not in str(triage.query_one("#triage-header").render())


# --- an undo toast names the wrong value -----------------------------------------------------
async def test_the_undo_toast_names_the_value_put_back(db, small_plan):
    app = make_app(db)
    async with app.run_test(size=SIZE) as pilot:
        await start(pilot)
        await pilot.press("d", "ctrl+u", *"31/03/2027", "enter")
        await settle(pilot)
        app.clear_notifications()
        await pilot.press("u")
        await settle(pilot)
        assert notices(app) == ["Undone: 1a: timescale back to 04/14"]
        app.clear_notifications()
        await pilot.press("U")
        await settle(pilot)
        assert notices(app) == ["Redone: 1a: timescale now 31/03/2027"]
    assert view(db).actions.detail(small_plan.red_action).row.timescale == "31/03/2027"
