"""Issue 13, item 5: progress entries carry the date of the meeting they record (the app's
progress dialog and ``update --on``); any officer may correct an entry that came in with a plan
file, and the change log says who did; the reason for a withdrawal or a re-date is shown in the
detail pane and by ``show``. Driven with real keys and checked in the database after."""

from __future__ import annotations

from datetime import date

from db_support import Database
from store_view import view

from storage.writes import edit
from tests.tui_support import settle
from tui.app import RagtrackApp
from tui.cli import main
from tui.detail_text import detail_renderable

TODAY = date(2026, 11, 22)
SIZE = (120, 40)


def make_app(db, **options) -> RagtrackApp:
    return RagtrackApp(database=db, today=TODAY, blink=False, **options)


async def start(pilot):
    await settle(pilot)
    assert pilot.app.data_shown is not None
    return pilot.app.screen


def _plain(renderable) -> str:
    from io import StringIO

    from rich.console import Console

    console = Console(width=300, no_color=True, file=StringIO(), record=True)
    console.print(renderable)
    return console.export_text()


def run(capsys, *argv):
    code = main([str(a) for a in argv])
    out = capsys.readouterr()
    return code, out.out, out.err


# --- a date for the entry ------------------------------------------------------------------------
async def test_a_progress_entry_takes_the_date_of_the_meeting_it_records(db, small_plan):
    app = make_app(db)
    async with app.run_test(size=SIZE) as pilot:
        await start(pilot)
        await pilot.press("n", *"Agreed at the steering group", "tab", "ctrl+u", *"31/12/2026", "enter")
        await settle(pilot)
        dialog = app.screen  # a date not yet come is refused, and the dialog stays
        assert "has not come yet" in str(dialog.query_one("#hint").render())
        await pilot.press("ctrl+u", *"22/09/2026", "enter")
        await settle(pilot)
        await pilot.press("n", *"Venue booked", "enter")  # today unless changed
        await settle(pilot)
    entries = {p.text: p.entry_date for p in view(db).actions.detail(small_plan.red_action).progress}
    assert entries["Agreed at the steering group"] == date(2026, 9, 22)
    assert entries["Venue booked"] == TODAY


def test_update_on_dates_the_entries_it_adds(tmp_path, capsys):
    path = tmp_path / "plans.db"
    database = Database.open(path)
    with edit(database, "setup") as e:
        plan = e.create("plan", title="Care2Work")
        objective = e.create("objective", plan_id=plan, ref="1", text="Commitment")
        e.create_action(plan, objective, "1a", "Promote the group", timescale="04/14", rag="red", position=0)
    database.close()
    code, _out, err = run(capsys, "--db", path, "update", "1a", "--achieved", "Launched", "--on", "22/07/2015")
    assert code == 0, err
    for bad, says in (("31/02/2015", "not a date"), ("01/01/2999", "has not come yet")):
        code, _out, err = run(capsys, "--db", path, "update", "1a", "--note", "x", "--on", bad)
        assert code == 1 and says in err and err.count("\n") == 1
    code, _out, err = run(capsys, "--db", path, "update", "1a", "--on", "22/07/2015")
    assert code == 1 and "--achieved" in err
    database = Database.open(path)
    with database.read() as txn:
        progress = txn.actions.detail(txn.actions.find("1a").id).progress
    database.close()
    assert [(p.text, p.entry_date) for p in progress] == [("Launched", date(2015, 7, 22))]


# --- any officer may correct an imported entry ---------------------------------------------------
async def test_any_officer_may_correct_an_imported_entry_and_the_log_says_who(db, small_plan):
    with edit(db, "Plan import", source="import") as e:
        imported = e.add_progress(small_plan.red_action, "achieved", "Sits on the stearing group", date(2014, 8, 1))
    with edit(db, "Keith Lander") as e:
        keiths = e.add_progress(small_plan.red_action, "note", "Keith's own note", date(2014, 9, 1))
    app = make_app(db)
    async with app.run_test(size=SIZE) as pilot:
        await start(pilot)
        await pilot.press("m", *"jackie", "enter")  # Jackie Roper uses this laptop
        await settle(pilot)
        await pilot.press("x")
        await settle(pilot)
        await pilot.press("p")
        await settle(pilot)
        dialog = app.screen
        entries = [e.id for e in dialog.entries]
        options = dialog.query_one("#entries")
        options.highlighted = entries.index(keiths)  # a colleague's own entry: not Jackie's to edit
        await pilot.pause()
        assert dialog.check_action("request", ("edit",)) is None
        options.highlighted = entries.index(imported)
        await pilot.pause()
        await pilot.press("e", "ctrl+u", *"Sits on the steering group", "enter")
        await settle(pilot)
        detail = view(db).actions.detail(small_plan.red_action)
        entry = next(p for p in detail.progress if p.id == imported)
        assert entry.text == "Sits on the steering group" and entry.entry_date == date(2014, 8, 1)
        assert entry.imported and entry.corrected_by == "Jackie Roper"
        assert "(imported; corrected by Jackie Roper)" in _plain(
            detail_renderable(app.screen.query_one("#detail").detail)
        )
        last_step = app.session._undo[-1].txn_id
    with db.read() as txn:  # through the write path: one undo step, the correction in the change log
        changes = txn.changes.of_transaction(last_step)
    assert [(c.entity_id, c.field) for c in changes] == [(imported, "text")]


# --- the reason for a withdrawal or a re-date is shown -----------------------------------------
async def test_the_reasons_for_a_re_date_and_a_withdrawal_are_shown(db, small_plan):
    app = make_app(db)
    async with app.run_test(size=SIZE) as pilot:
        await start(pilot)
        await pilot.press("d", "ctrl+u", *"31/03/2027", "enter")  # 1a had 04/14: why is asked
        await settle(pilot)
        await pilot.press(*"Venue closed until March", "enter")
        await settle(pilot)
        await pilot.press("s")  # status: withdrawn, with its reason
        await settle(pilot)
        await pilot.press("down", "down", "enter")
        await settle(pilot)
        await pilot.press(*"Merged into 1b", "enter")
        await settle(pilot)
        detail = view(db).actions.detail(small_plan.red_action)
        assert (detail.row.status, detail.row.timescale) == ("withdrawn", "31/03/2027")
        pane = _plain(detail_renderable(app.screen.query_one("#detail").detail))
        assert "Withdrawn " in pane and ": Merged into 1b" in pane
        assert "re-dated 04/14 → 31/03/2027  Venue closed until March" in pane
