"""The plan's structure and the officers from the app (issue 13 items 1 and 2), driven with real
keys; every flow is checked in the database afterwards, with undo, and sync for an added, a moved
and a merged item.

conftest's ``small_plan``: Care2Work, objective 1 with 1a (red, Jackie), 1b (Keith, Jackie), 1c;
a second objective is added here so there is somewhere to move to.
"""

from __future__ import annotations

from datetime import date

import pytest
from db_support import Database
from test_sync_support import dump, sync_all

from storage.writes import edit
from tests.tui_support import settle
from tui.app import RagtrackApp

TODAY = date(2026, 11, 22)


def make_app(db) -> RagtrackApp:
    return RagtrackApp(database=db, today=TODAY, blink=False)


@pytest.fixture
def two(db, small_plan):
    with edit(db, actor="setup") as e:
        return e.create("objective", plan_id=small_plan.plan, ref="2", text="Skills", position=1)


def one(db, sql, *params):
    row = db.reader().execute(sql, params).fetchone()
    return None if row is None else tuple(row)


def refs(db, objective_id):
    return [
        r[0]
        for r in db.reader().execute(
            "SELECT ref FROM action WHERE objective_id = ? AND deleted = 0 ORDER BY position", (objective_id,)
        )
    ]


async def start(pilot):
    await settle(pilot)
    assert pilot.app.data_shown is not None
    return pilot.app.screen


async def highlight(pilot, action_id):
    actions = pilot.app.screen.query_one("#actions")
    actions.move_to(actions.ids.index(action_id))
    await settle(pilot)


async def test_add_an_action_with_the_proposed_reference_undo_and_sync(db, small_plan, two, tmp_path):
    other = Database.memory()
    folder = tmp_path / "share"
    sync_all([db, other], folder, rounds=1)
    app = make_app(db)
    async with app.run_test(size=(120, 40)) as pilot:
        await start(pilot)
        await highlight(pilot, small_plan.green_action)
        await pilot.press("A")
        await settle(pilot)
        assert "Action 1d under objective 1" in str(app.screen.query_one("#choices").get_option_at_index(0).prompt)
        await pilot.press("enter")  # an action, after 1b
        await settle(pilot)
        assert app.screen.query_one("#f0").value == "1d"  # proposed; the text has the focus
        await pilot.press(*"Book the venue")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert one(db, "SELECT ref, text, status FROM action WHERE text = 'Book the venue'") == (
            "1d",
            "Book the venue",
            "open",
        )
        assert refs(db, small_plan.objective) == ["1a", "1b", "1d", "1c"]  # after the highlighted one
        new = one(db, "SELECT id FROM action WHERE ref = '1d'")[0]
        assert app.screen.query_one("#actions").highlighted_id == new  # and highlighted
        sync_all([db, other], folder)
        assert one(other, "SELECT ref FROM action WHERE text = 'Book the venue' AND deleted = 0") == ("1d",)
        await pilot.press("u")
        await settle(pilot)
        assert one(db, "SELECT deleted FROM action WHERE text = 'Book the venue'") == (1,)
        assert refs(db, small_plan.objective) == ["1a", "1b", "1c"]
    sync_all([db, other], folder)
    assert one(other, "SELECT deleted FROM action WHERE text = 'Book the venue'") == (1,)
    assert dump(db) == dump(other)
    other.close()


async def test_an_empty_action_text_is_not_saved(db, small_plan, two):
    app = make_app(db)
    async with app.run_test(size=(120, 40)) as pilot:
        await start(pilot)
        await pilot.press("A")
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert "cannot be empty" in str(app.screen.query_one(".dialog-keys").render())
        await pilot.press("escape")
        await settle(pilot)
    assert one(db, "SELECT count(*) FROM action") == (3,)


async def test_move_an_action_to_another_objective_undo_and_sync(db, small_plan, two, tmp_path):
    other = Database.memory()
    folder = tmp_path / "share"
    sync_all([db, other], folder, rounds=1)
    app = make_app(db)
    async with app.run_test(size=(120, 40)) as pilot:
        await start(pilot)
        await highlight(pilot, small_plan.green_action)
        await pilot.press("M")
        await settle(pilot)
        await pilot.press("enter")  # objective 2, the only other one
        await settle(pilot)
        assert one(db, "SELECT objective_id, ref FROM action WHERE id = ?", small_plan.green_action) == (two, "2a")
        sync_all([db, other], folder)
        assert one(other, "SELECT objective_id, ref FROM action WHERE id = ?", small_plan.green_action) == (two, "2a")
        await pilot.press("u")
        await settle(pilot)
        assert one(db, "SELECT objective_id, ref FROM action WHERE id = ?", small_plan.green_action) == (
            small_plan.objective,
            "1b",
        )
    sync_all([db, other], folder)
    assert dump(db) == dump(other)
    other.close()


async def test_reorder_with_k_and_j(db, small_plan):
    app = make_app(db)
    async with app.run_test(size=(120, 40)) as pilot:
        await start(pilot)
        await highlight(pilot, small_plan.undated_action)
        await pilot.press("K")
        await settle(pilot)
        assert refs(db, small_plan.objective) == ["1a", "1c", "1b"]
        await pilot.press("u")
        await settle(pilot)
        assert refs(db, small_plan.objective) == ["1a", "1b", "1c"]


async def test_withdraw_with_a_reason_then_reopen(db, small_plan):
    app = make_app(db)
    async with app.run_test(size=(120, 40)) as pilot:
        await start(pilot)
        await highlight(pilot, small_plan.red_action)
        await pilot.press("X")
        await settle(pilot)
        await pilot.press("enter")  # withdraw
        await settle(pilot)
        await pilot.press(*"Done by the region", "enter")
        await settle(pilot)
        assert one(db, "SELECT status FROM action WHERE id = ?", small_plan.red_action) == ("withdrawn",)
        assert one(db, "SELECT reason FROM change WHERE field = 'status' ORDER BY seq DESC") == ("Done by the region",)
        await highlight(pilot, small_plan.red_action)
        await pilot.press("X")
        await settle(pilot)
        await pilot.press("enter")  # reopen
        await settle(pilot)
        assert one(db, "SELECT status FROM action WHERE id = ?", small_plan.red_action) == ("open",)


async def test_remove_a_mistake_then_restore_it_with_z(db, small_plan):
    app = make_app(db)
    async with app.run_test(size=(120, 40)) as pilot:
        await start(pilot)
        await highlight(pilot, small_plan.undated_action)
        await pilot.press("X")
        await settle(pilot)
        await pilot.press("down", "enter")  # remove
        await settle(pilot)
        await pilot.press("y")
        await settle(pilot)
        assert one(db, "SELECT deleted FROM action WHERE id = ?", small_plan.undated_action) == (1,)
        assert small_plan.undated_action not in app.screen.query_one("#actions").ids
        await pilot.press("Z")
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        assert one(db, "SELECT deleted FROM action WHERE id = ?", small_plan.undated_action) == (0,)
        assert small_plan.undated_action in app.screen.query_one("#actions").ids


async def test_read_only_greys_out_the_structure_keys(db, small_plan):
    app = RagtrackApp(database=db, today=TODAY, blink=False, read_only=True)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await start(pilot)
        for action in ("add", "delete", "move", "move_up", "restore"):
            assert screen.check_action(action, ()) is None
        await pilot.press("A")
        await settle(pilot)
        assert app.screen is screen
    assert one(db, "SELECT count(*) FROM action") == (3,)


# --- officers ---------------------------------------------------------------------------------
async def open_officers(pilot, name):
    await pilot.press("W")
    await settle(pilot)
    screen = pilot.app.screen
    table = screen.query_one("#officers")
    table.move_cursor(row=[o.name for o in screen.rows].index(name))
    await settle(pilot)
    return screen


async def test_merge_two_records_of_one_person_undo_and_sync(db, small_plan, tmp_path):
    with edit(db, actor="setup") as e:
        cathryn = e.create("officer", name="Cathryn White", initials="CW", email="c.white@leeds.gov.uk")
        catherine = e.create("officer", name="Catherine White", initials="CW")
        e.set_leads(small_plan.red_action, [cathryn])
    other = Database.memory()
    folder = tmp_path / "share"
    sync_all([db, other], folder)
    app = make_app(db)
    async with app.run_test(size=(120, 40)) as pilot:
        await start(pilot)
        await open_officers(pilot, "Catherine White")
        await pilot.press("M")
        await settle(pilot)
        await pilot.press(*"Cathryn", "enter")
        await settle(pilot)
        await pilot.press("y")
        await settle(pilot)
        for laptop in (db,):
            assert one(laptop, "SELECT deleted, merged_into FROM officer WHERE id = ?", cathryn) == (1, catherine)
            assert one(laptop, "SELECT officer_id FROM action_lead WHERE action_id = ?", small_plan.red_action) == (
                catherine,
            )
            assert one(laptop, "SELECT email FROM officer WHERE id = ?", catherine) == ("c.white@leeds.gov.uk",)
        assert "Cathryn White" not in [o.name for o in app.screen.rows]
        sync_all([db, other], folder)
        assert one(other, "SELECT officer_id FROM action_lead WHERE action_id = ?", small_plan.red_action) == (
            catherine,
        )
        assert one(other, "SELECT deleted FROM officer WHERE id = ?", cathryn) == (1,)
        await pilot.press("escape")
        await pilot.press("u")
        await settle(pilot)
        assert one(db, "SELECT deleted FROM officer WHERE id = ?", cathryn) == (0,)
        assert one(db, "SELECT officer_id FROM action_lead WHERE action_id = ?", small_plan.red_action) == (cathryn,)
    sync_all([db, other], folder)
    assert one(other, "SELECT officer_id FROM action_lead WHERE action_id = ?", small_plan.red_action) == (cathryn,)
    assert dump(db) == dump(other)
    other.close()


async def test_an_officer_leaves_and_hands_over_their_open_actions(db, small_plan):
    app = make_app(db)
    async with app.run_test(size=(120, 40)) as pilot:
        await start(pilot)
        await open_officers(pilot, "Jackie Roper")
        await pilot.press("L")
        await settle(pilot)
        title = str(app.screen.query_one(".dialog-title").render())
        assert "2 open actions" in title and "1a" in title and "1b" in title
        await pilot.press("enter")  # hand them over
        await settle(pilot)
        await pilot.press(*"Keith", "enter")
        await settle(pilot)
    assert one(db, "SELECT left_on FROM officer WHERE id = ?", small_plan.jackie) == ("2026-11-22",)
    leads = db.reader().execute("SELECT officer_id FROM action_lead WHERE officer_id = ?", (small_plan.jackie,))
    assert leads.fetchall() == []
    assert one(db, "SELECT count(*) FROM action_lead WHERE officer_id = ?", small_plan.keith) == (2,)


async def test_add_and_edit_an_officer_and_choose_who_i_am(db, small_plan):
    app = make_app(db)
    async with app.run_test(size=(120, 40)) as pilot:
        await start(pilot)
        await open_officers(pilot, "Keith Lander")
        await pilot.press("a")
        await settle(pilot)
        await pilot.press(*"Claire Walker", "ctrl+s")
        await settle(pilot)
        assert one(db, "SELECT initials FROM officer WHERE name = 'Claire Walker'") == ("CW",)
        await open_officers_row(pilot, "Keith Lander")
        await pilot.press("e")
        await settle(pilot)
        await pilot.press("tab", "tab", "tab", *"keith@leeds.gov.uk", "ctrl+s")
        await settle(pilot)
        assert one(db, "SELECT email FROM officer WHERE id = ?", small_plan.keith) == ("keith@leeds.gov.uk",)
        await open_officers_row(pilot, "Keith Lander")
        await pilot.press("i")
        await settle(pilot)
    assert one(db, "SELECT value FROM setting WHERE key = 'me_officer_id'") == (small_plan.keith,)


async def open_officers_row(pilot, name):
    screen = pilot.app.screen
    screen.query_one("#officers").move_cursor(row=[o.name for o in screen.rows].index(name))
    await settle(pilot)


async def outline_node(pilot, kind, node_id):
    """Focus the outline (shown at any width with O) and put its cursor on a plan's entry."""
    screen = pilot.app.screen
    if not screen.outline_tree.display:
        await pilot.press("O")
    tree = screen.outline_tree
    tree.focus()
    for plan in list(tree.root.children):
        plan.expand()
    await settle(pilot)
    for node in tree._all_nodes():
        for child in list(node.children):
            child.expand()
    await settle(pilot)
    node = next(n for n in tree._all_nodes() if n.data is not None and (n.data.kind, n.data.id) == (kind, node_id))
    tree.move_cursor(node)
    await settle(pilot)


async def test_in_the_outline_x_removes_an_objective_with_its_actions_and_k_moves_one_up(db, small_plan, two):
    app = make_app(db)
    async with app.run_test(size=(160, 45)) as pilot:
        await start(pilot)
        await outline_node(pilot, "objective", two)
        await pilot.press("K")
        await settle(pilot)
        order = db.reader().execute("SELECT ref FROM objective WHERE deleted = 0 ORDER BY position").fetchall()
        assert [r[0] for r in order] == ["2", "1"]
        await outline_node(pilot, "objective", small_plan.objective)
        await pilot.press("X")
        await settle(pilot)
        await pilot.press("down", "enter")  # remove (the first choice withdraws its open actions)
        await settle(pilot)
        await pilot.press("y")
        await settle(pilot)
        assert one(db, "SELECT deleted FROM objective WHERE id = ?", small_plan.objective) == (1,)
        assert one(db, "SELECT count(*) FROM action WHERE deleted = 0") == (0,)
        await pilot.press("u")
        await settle(pilot)
        assert one(db, "SELECT count(*) FROM action WHERE deleted = 0") == (3,)


async def test_an_officer_who_left_is_not_offered_as_a_new_lead(db, small_plan):
    from storage.officer_edits import mark_left

    with edit(db, actor="setup") as e:
        mark_left(e, small_plan.keith, date(2026, 11, 1))
    app = make_app(db)
    async with app.run_test(size=(120, 40)) as pilot:
        await start(pilot)
        await highlight(pilot, small_plan.red_action)  # led by Jackie only
        await pilot.press("l")
        await settle(pilot)
        assert [o.name for o in app.screen.officers] == ["Jackie Roper"]


@pytest.mark.parametrize("size", [(80, 24), (160, 45)])
async def test_every_field_of_the_add_dialog_is_on_screen(db, small_plan, size):
    """A new officer at 80x24 sees the reference, the text and the due date without scrolling."""
    from textual.widgets import Input, TextArea

    app = make_app(db)
    async with app.run_test(size=size) as pilot:
        await start(pilot)
        await pilot.press("A")
        await settle(pilot)
        await pilot.press("enter")  # an action
        await settle(pilot)
        fields = list(app.screen.query(Input)) + list(app.screen.query(TextArea))
        assert len(fields) >= 3
        form = app.screen.query_one(".form-fields")  # it scrolls: what is below its window is hidden
        for field in fields:
            assert form.region.contains_region(field.region), f"{field.id} is below the fold"
