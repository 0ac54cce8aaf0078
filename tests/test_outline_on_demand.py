"""A plan's objectives are read when they are needed (issue 15: a million actions have 100,000
objectives, which read at start were 40 MB held all session): the outline's when a plan is
opened, the palette's "jump to objective" by its words, a chip's label by the objective's id.
Each path is checked against what the database holds."""

from __future__ import annotations

from datetime import date

from test_tui_scope import build

from storage.writes import edit
from tests.tui_support import settle, start
from tui.app import RagtrackApp

TODAY = date(2026, 11, 22)


def make_app(db) -> RagtrackApp:
    return RagtrackApp(database=db, today=TODAY, blink=False)


def test_the_outline_lists_plans_and_themes_and_a_plans_objectives_on_their_own(db):
    made = build(db, plans=2, objectives=3, actions=2)
    with edit(db, actor="x") as e:  # removed with its actions
        e.delete("objective", made["objectives"][0])
    with db.read() as txn:
        outline = txn.plans.outline()
        objectives = {plan.id: txn.plans.objectives(plan.id) for plan in outline}
    assert [p.title for p in outline] == ["Plan A1", "Plan B0"]
    by_id = {plan.id: plan for plan in outline}
    first, second = made["plans"]
    assert [o.ref for o in objectives[first]] == ["2", "3"]  # "1" was removed
    assert [o.ref for o in objectives[second]] == ["1", "2", "3"]
    assert {o.plan_id for o in objectives[second]} == {second}
    assert all(o.actions == 2 for os in objectives.values() for o in os)
    assert by_id[first].actions == 4 and by_id[second].actions == 6
    assert [t.name for t in by_id[first].themes] == ["Theme 0"]


def test_objectives_are_found_by_every_word_of_what_the_palette_shows(db):
    made = build(db, plans=2, objectives=3, actions=1)
    with db.read() as txn:
        assert [(h.ref, h.plan_title) for h in txn.plans.find_objectives(["objective", "2:"])] == [
            ("2", "Plan A1"),
            ("2", "Plan B0"),
        ]
        assert txn.plans.find_objectives(["objective", "zzz"]) == []
        assert len(txn.plans.find_objectives([])) == 6
        assert len(txn.plans.find_objectives([], limit=4)) == 4
        assert txn.plans.find_objectives(["objective"])[0].text == "Objective 0"
    with edit(db, actor="x") as e:
        e.delete("plan", made["plans"][1])
    with db.read() as txn:
        assert [h.plan_title for h in txn.plans.find_objectives(["2:"])] == ["Plan B0"]
        assert txn.plans.objective_refs([made["objectives"][1], "nonesuch"]) == {made["objectives"][1]: "2"}


async def test_opening_a_plan_in_the_outline_reads_its_objectives(db):
    made = build(db, plans=2, objectives=3, actions=1)
    app = make_app(db)
    async with app.run_test(size=(160, 45)) as pilot:
        screen = await start(pilot)
        tree = screen.outline_tree
        plans = {node.data.id: node for node in tree.root.children}
        assert set(plans) == set(made["plans"]) and not any(node.children for node in plans.values())
        assert tree._objectives == {}  # nothing read before a plan is opened
        plans[made["plans"][1]].expand()
        await settle(pilot)
        node = plans[made["plans"][1]]
        assert [(c.data.kind, c.data.label) for c in node.children] == [
            ("theme", "Theme 1"),
            ("objective", "1 Objective 0"),
            ("objective", "3 Objective 2"),
        ]
        node.children[0].expand()
        await settle(pilot)
        assert [c.data.label for c in node.children[0].children] == ["2 Objective 1"]
        assert set(tree._objectives) == {made["plans"][1]}
        # An edit of the outline reads it again: the open plan shows its objectives as they are now.
        with edit(db, actor="x") as e:
            e.set("objective", made["objectives"][3], "text", "Renamed")
        tree.load()
        await settle(pilot)
        node = next(n for n in tree.root.children if n.data.id == made["plans"][1])
        assert node.is_expanded and [c.data.label for c in node.children][:2] == ["Theme 1", "1 Renamed"]


async def test_jump_to_an_objective_of_an_unopened_plan_names_its_chip(db):
    made = build(db, plans=2, objectives=3, actions=1)
    app = make_app(db)
    async with app.run_test(size=(160, 45)) as pilot:
        screen = await start(pilot)
        await pilot.press("ctrl+p", *"objective 3: objective 2", "wait:300")
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        target = made["objectives"][2]  # Plan B0 is made first: its objective 3 comes after Plan A1's
        assert screen.scope.objective_ids in ((target,), (made["objectives"][5],))
        assert [c.label for c in screen.query_one("#chips").chips] == ["Objective 3"]
        assert screen.outline_tree._objectives == {}  # found by SQL, not by reading every plan


def test_the_first_objectives_at_start_are_the_first_of_the_whole_order(db):
    """The first screen at start reads the plans' first objectives (``first_objectives``), not the
    whole order: they are its beginning, and it says when they are all of them."""
    build(db, plans=3, objectives=4, actions=1)
    with db.read() as txn:
        order = list(txn.actions.objective_order().ids)
        assert len(order) == 12
        for limit in (1, 4, 5, 11, 12, 13, 40):
            assert txn.actions.first_objectives(limit) == (order[:limit], limit >= len(order))


async def test_the_app_starts_on_the_first_objectives_and_lists_the_whole_scope(db):
    """More objectives than the first screen reads at start (340): the list ends with the whole
    scope in plan order, and the whole objective order is ready for the first keystroke."""
    from storage.db import ActionFilter

    build(db, plans=2, objectives=180, actions=1)
    app = make_app(db)
    async with app.run_test(size=(160, 45)) as pilot:
        screen = await start(pilot)
        with db.read() as txn:
            everything = list(txn.actions.ids(ActionFilter(), TODAY))
            order = list(txn.actions.objective_order().ids)
        assert len(everything) == 360 and list(screen.action_list.ids) == everything
        assert screen.counts["total"] == 360
        assert list(screen.loader._objective_order.ids) == order
