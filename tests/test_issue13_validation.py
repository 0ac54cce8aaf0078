"""Issue 13, item 7: "validation found wanting". One test (or a few) per line of the issue's list,
each failing on the code before its fix. The app is driven with real keys and the database is
checked afterwards; the command line runs in-process.

Uses conftest's ``small_plan``: Care2Work, objective 1; 1a red, overdue, timescale 04/14 (Jackie
Roper); 1b green, Ongoing (Keith Lander, Jackie Roper); 1c not rated, no timescale.
"""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from db_support import Database
from store_view import view

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


async def until(pilot, ready, rounds: int = 20) -> None:
    """Settle until ``ready()`` (a loaded machine may need more than one round); no timing."""
    for _ in range(rounds):
        await settle(pilot)
        if ready():
            return


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
        await pilot.press("enter")  # no reason given for the re-date
        await settle(pilot)
        await until(pilot, lambda: app.session.can_undo)
        app.clear_notifications()
        await pilot.press("u")
        await until(pilot, lambda: notices(app) and app.session.can_redo)
        assert notices(app) == ["Undone: 1a: timescale back to 04/14"]
        app.clear_notifications()
        await pilot.press("U")
        await until(pilot, lambda: notices(app))
        assert notices(app) == ["Redone: 1a: timescale now 31/03/2027"]
    assert view(db).actions.detail(small_plan.red_action).row.timescale == "31/03/2027"


# --- the conflict dialog's e accepts an unreadable timescale ---------------------------------
async def test_settling_a_timescale_conflict_by_typing_refuses_what_cannot_be_read(tmp_path):
    from test_sync_support import seed_plan

    from storage.sync import list_conflicts, run_sync
    from tui.screens.conflicts import ConflictsScreen

    a_path, b_path, folder = tmp_path / "A.db", tmp_path / "B.db", tmp_path / "share"
    a = Database.open(a_path)
    ids = seed_plan(a, 1)
    run_sync(a, folder, snapshot=False)
    b = Database.open(b_path)
    run_sync(b, folder, snapshot=False)
    with edit(a, actor="Ann Archer") as e:
        e.set_timescale(ids["a0"], "09/14")
    with edit(b, actor="Bob Baker") as e:
        e.set_timescale(ids["a0"], "10/14")
    run_sync(a, folder, snapshot=False)
    run_sync(b, folder, snapshot=False)
    assert len(list_conflicts(b)) == 1
    a.close()
    b.close()
    app = RagtrackApp(db_path=b_path, today=TODAY, blink=False)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("C")
        await settle(pilot)
        assert isinstance(app.screen, ConflictsScreen)
        await pilot.press("e", "ctrl+u", *"whenever", "enter")
        await settle(pilot)
        dialog = app.screen
        assert not isinstance(dialog, ConflictsScreen)  # refused: the dialog stays
        assert "Not understood as a date" in str(dialog.query_one("#hint").render())
        await pilot.press("ctrl+u", *"31/03/2015", "enter")
        await settle(pilot)
        assert isinstance(app.screen, ConflictsScreen) and app.screen.conflicts == []
    b = Database.open(b_path)
    try:
        assert list_conflicts(b) == []
        with b.read() as txn:
            assert txn.actions.find("1a").timescale == "31/03/2015"
    finally:
        b.close()


# --- chips beyond the row's width are hidden with no "+2" and can still be removed unseen ----
async def test_chips_that_do_not_fit_are_counted_and_the_chosen_one_always_shows(db, small_plan):
    app = make_app(db)
    async with app.run_test(size=(80, 24)) as pilot:
        await start(pilot)
        # every RAG and three statuses: eight chips, far more than the 50 columns beside the search
        await pilot.press("f", *["space", "down"] * 8, "escape")
        await settle(pilot)
        strip = app.screen.query_one("#chips")
        assert len(strip.chips) == 8
        shown = str(strip.render())
        hidden = [c.label for c in strip.chips if c.label not in shown]
        assert hidden and shown.rstrip().endswith(f"+{len(hidden)}"), shown
        await pilot.press("shift+tab")
        assert app.focused is strip
        await pilot.press(*["right"] * 7)  # the last chip: scrolled into view before it can go
        last = strip.chips[7]
        assert last.label in str(strip.render()) and str(strip.render()).lstrip().startswith("+")
        await pilot.press("enter")
        await settle(pilot)
        assert last.key not in [c.key for c in strip.chips] and len(strip.chips) == 7


# --- the status line drops its words with 45 columns free -------------------------------------
@pytest.mark.parametrize(("size", "words"), [((160, 45), True), ((136, 40), True), ((80, 24), False)])
async def test_the_status_line_keeps_its_words_while_they_fit(db, small_plan, size, words):
    app = make_app(db)
    async with app.run_test(size=size) as pilot:
        await start(pilot)
        bar = app.screen.query_one("#counts")
        shown = str(bar.render())
        assert ("Red 1" in shown and "overdue 1" in shown and "in scope" in shown) is words, shown
        assert len(shown) <= bar.content_region.width  # never cut either


# --- objective text is cut mid-word with no "…" (detail pane, triage, show) -------------------
LONG_OBJECTIVE = (
    "To ensure that every care experienced young person has a personal education and careers "
    "pathway plan, reviewed with them each term and shared with their carers and their school"
)


def _objective_line(rendered: str) -> str:
    flat = " ".join(rendered.split())
    start = flat.index("Objective 1:")
    return flat[start : flat.index("Leads:", start)].strip()


def _cut_at_a_word(line: str) -> None:
    assert line.endswith("…"), line
    words = line.removeprefix("Objective 1: ").removesuffix("…").split()
    assert words and all(word in LONG_OBJECTIVE.split() for word in words), line  # no half word
    assert "pathway pl" not in line.replace("pathway plan", "")


def _plain(renderable) -> str:
    from io import StringIO

    from rich.console import Console

    console = Console(width=300, no_color=True, file=StringIO(), record=True)
    console.print(renderable)
    return console.export_text()


async def test_a_long_objective_is_cut_at_a_word_with_an_ellipsis(db, small_plan):
    from tui.detail_text import detail_renderable

    with edit(db, "Jackie Roper") as e:
        e.set("objective", small_plan.objective, "text", LONG_OBJECTIVE)
    app = make_app(db)
    async with app.run_test(size=SIZE) as pilot:
        await start(pilot)
        pane = app.screen.query_one("#detail")
        assert pane.detail is not None
        _cut_at_a_word(_objective_line(_plain(detail_renderable(pane.detail))))
        await pilot.press("t")
        await settle(pilot)
        assert isinstance(app.screen, TriageScreen)
        _cut_at_a_word(_objective_line(_plain(detail_renderable(app.screen.current_detail()))))


def test_show_cuts_a_long_objective_at_a_word(db_file, capsys):
    database = Database.open(db_file)
    with edit(database, "setup") as e, database.read() as txn:
        e.set("objective", txn.actions.find("1a").objective_id, "text", LONG_OBJECTIVE)
    database.close()
    code, out, _err = run(capsys, "--db", db_file, "show", "1a")
    assert code == 0
    _cut_at_a_word(_objective_line(out))


# --- the outline is fixed at 25 columns on a 160-column screen ---------------------------------
@pytest.mark.parametrize(("columns", "least"), [(160, 31), (200, 39)])
async def test_the_outline_grows_with_the_screen(db, small_plan, columns, least):
    app = make_app(db)
    async with app.run_test(size=(columns, 45)) as pilot:
        await start(pilot)
        outline = app.screen.query_one("#outline")
        assert outline.display and outline.region.width >= least
        list_width = app.screen.query_one("#actions").region.width
        assert list_width >= 60  # the list keeps room for its columns


# --- the palette: an action by the label it shows; real commands first; the theme remembered ---
def _palette_lines(app) -> list[str]:
    palette = app.screen.query_one("CommandList")
    return [str(palette.get_option_at_index(i).prompt.plain).split("\n")[0] for i in range(palette.option_count)]


async def test_the_palette_finds_an_action_by_the_label_it_shows(db, small_plan):
    app = make_app(db)
    async with app.run_test(size=SIZE) as pilot:
        await start(pilot)
        await pilot.press("ctrl+p", *"Action 1b", "wait:300")
        await settle(pilot)
        lines = _palette_lines(app)
        assert lines and lines[0] == "Action 1b: Link with the task group", lines
        await pilot.press("enter")
        await settle(pilot)
        assert app.screen.query_one("#actions").highlighted_id == small_plan.green_action


async def test_the_palette_lists_the_screens_commands_before_moving_keys(db, small_plan):
    app = make_app(db)
    async with app.run_test(size=SIZE) as pilot:
        await start(pilot)
        await pilot.press("ctrl+p", "wait:300")
        await settle(pilot)
        lines = _palette_lines(app)
        assert lines[0] == "Triage (t)", lines[:5]
        assert not any(line.startswith(("Scroll", "Move cursor", "Page Left")) for line in lines)
        first_move = next(n for n, line in enumerate(lines) if line.startswith(("Up", "Down")))
        assert first_move > lines.index("Rate red (r)") and first_move > lines.index("Quit (q)")


async def test_the_chosen_theme_is_remembered(tmp_path):
    path = tmp_path / "plans.db"
    Database.open(path).close()
    app = RagtrackApp(db_path=path, today=TODAY, blink=False)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        default = app.theme
        chosen = "textual-light" if default != "textual-light" else "textual-dark"
        await pilot.press("ctrl+p", *"theme", "wait:300")
        await settle(pilot)
        await pilot.press("enter", *chosen, "wait:300")
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        assert app.theme == chosen
    again = RagtrackApp(db_path=path, today=TODAY, blink=False)
    async with again.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert again.theme == chosen


# --- read-only mode still shows "n Progress" and "u Undo" --------------------------------------
def _footer_keys(screen) -> list[str]:
    from textual.widgets._footer import FooterKey

    return [key.action for key in screen.query(FooterKey)]


async def test_read_only_leaves_the_edit_keys_out_of_the_footer(db, small_plan):
    app = make_app(db, read_only=True)
    async with app.run_test(size=(160, 45)) as pilot:
        screen = await start(pilot)
        shown = _footer_keys(screen)
        assert "triage" in shown and "quit" in shown
        assert not {"add_progress", "undo", "rate('red')"} & set(shown), shown
        app.clear_notifications()
        await pilot.press("n")  # still says why when pressed
        await pilot.pause()
        assert notices(app) == ["Read-only: this database cannot be edited here."]
        await pilot.press("t")
        await settle(pilot)
        assert isinstance(app.screen, TriageScreen)
        shown = _footer_keys(app.screen)
        assert "step(1)" in shown and not {"add_progress", "due", "complete", "undo"} & set(shown), shown
    editable = make_app(db)
    async with editable.run_test(size=(160, 45)) as pilot:
        screen = await start(pilot)
        assert "add_progress" in _footer_keys(screen)  # greyed out keys stay where editing is possible
        assert "undo" in _footer_keys(screen)


# --- the import preview says initials "are not in the document's key" for initials it linked --
def test_the_import_preview_does_not_call_linked_initials_unkeyed(tmp_path, capsys):
    from pathlib import Path

    sample = Path(__file__).resolve().parent.parent / "samples" / "003_db780d2784081089.txt"
    code, out, _err = run(capsys, "--db", tmp_path / "new.db", "import", sample, "--dry-run")
    assert code == 0
    notes = [line.strip() for line in out.splitlines() if "RM" in line]
    assert any("initials RM not in the key; taken to be Rob Murray" in note for note in notes), notes
    assert not any("'RM' are not in the document's key; kept as written" in note for note in notes), notes
    # initials linked to no one are still said to be kept as written
    assert "'GM' are not in" in out


def test_reimporting_our_own_csv_understands_not_rated(db_file, tmp_path, capsys):
    exported = tmp_path / "plans.csv"
    code, _out, err = run(capsys, "--db", db_file, "export", "-o", exported)
    assert code == 0, err
    assert "Not rated" in exported.read_text(encoding="utf-8-sig")  # 1b is not rated
    code, out, err = run(capsys, "--db", tmp_path / "again.db", "import", exported, "--dry-run")
    assert code == 0, err
    assert "not understood" not in out + err


# --- author "root" shown ------------------------------------------------------------------------
def test_an_administrator_account_is_never_recorded_as_the_author(db_file, capsys, monkeypatch):
    import getpass

    monkeypatch.setattr(getpass, "getuser", lambda: "root")
    code, _out, err = run(capsys, "--db", db_file, "update", "1a", "--note", "Met the group")
    assert code == 0, err
    code, out, _err = run(capsys, "--db", db_file, "show", "1a")
    assert "Met the group" in out and "root" not in out
    assert "unknown officer" in out
    monkeypatch.setattr(getpass, "getuser", lambda: "jroper")  # a person's login is kept
    code, _out, err = run(capsys, "--db", db_file, "update", "1a", "--note", "Booked the room")
    assert code == 0, err
    code, out, _err = run(capsys, "--db", db_file, "show", "1a")
    assert "jroper" in out


# --- dates appear in five formats across screens: use one (day-first, as officers write) --------
_OTHER_DATE_FORMATS = (
    r"\b\d{4}-\d{2}-\d{2}\b",  # ISO (the RAG history)
    r"\b\d{1,2} (Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)[a-z]* \d{4}\b",  # 30 Apr 2014
    r"\b\d{2}/\d{2}/\d{2}\b(?!\d)",  # a two-digit year (list's narrow table)
)


def _one_date_format(text: str) -> None:
    import re

    for pattern in _OTHER_DATE_FORMATS:
        found = re.search(pattern, text)
        assert found is None, f"{found.group(0)!r} in {text!r}"
    assert re.search(r"\b\d{2}/\d{2}/\d{4}\b", text), text


async def test_every_screen_writes_dates_one_way(db, small_plan):
    from tui.detail_text import detail_renderable
    from tui.screens.progress_entries import entry_text

    start_review(db, small_plan.plan, as_at=date(2026, 11, 1))
    app = make_app(db)
    async with app.run_test(size=(160, 45)) as pilot:
        await start(pilot)
        pane = app.screen.query_one("#detail")
        detail = pane.detail
        _one_date_format(_plain(detail_renderable(detail)))  # progress, RAG history, timescale
        _one_date_format(" ".join(str(entry_text(p)) for p in detail.progress))
        _one_date_format(str(app.screen.query_one("#actions").render_line(1).text))  # the due column
        await pilot.press("d", "ctrl+u", *"end of March")  # the due date as read while typing
        _one_date_format(str(app.screen.query_one("#hint").render()))
        await pilot.press("escape")
        await settle(pilot)
        await pilot.press("R")  # the review's date as read
        await settle(pilot)
        _one_date_format(str(app.screen.query_one("#hint").render()))


@pytest.mark.parametrize("columns", ["80", "160"])
def test_the_command_line_writes_dates_one_way(db_file, capsys, monkeypatch, columns):
    monkeypatch.setenv("COLUMNS", columns)
    run(capsys, "--db", db_file, "update", "1a", "--note", "Met the group", "--as", "Jackie Roper")
    for argv in (["show", "1a"], ["list"], ["chase"], ["update", "1b", "--due", "end of March 2027"]):
        code, out, err = run(capsys, "--db", db_file, *argv)
        assert code == 0, err
        _one_date_format(out)


# --- a stray character after the palette hint at 80 columns --------------------------------------
@pytest.mark.parametrize("screen_keys", [(), ("t",), ("f",)])
async def test_nothing_shows_after_the_palette_hint_at_80_columns(db, small_plan, screen_keys):
    app = make_app(db)
    async with app.run_test(size=(80, 24)) as pilot:
        await start(pilot)
        for key in screen_keys:  # triage and the filter panel have footers wider than 80 columns
            await pilot.press(key)
            await settle(pilot)
        footer = app.screen._compositor.render_strips()[-1].text
        assert footer.rstrip().endswith("^p palette"), repr(footer)


async def test_read_only_at_80_columns_keeps_every_count(db, small_plan):
    app = make_app(db, read_only=True)
    async with app.run_test(size=(80, 24)) as pilot:
        await start(pilot)
        bar = app.screen.query_one("#counts")
        shown = str(bar.render())
        assert "[read-only]" in shown and shown.rstrip().endswith("· 3"), shown
        assert len(shown) <= bar.content_region.width
