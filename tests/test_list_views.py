"""Sorting and grouping the action list: one rule in storage (``ListOrder``), read by
``ragtrack list --sort/--group`` and by the app alike."""

from __future__ import annotations

import json
from datetime import date

import pytest
from db_support import Database

from storage.db import ActionFilter, ListOrder
from storage.db.actions import GROUPS, SORTS, BadOrder
from storage.writes import edit
from tui.cli import main
from tui.commands.listing import GROUP_CHOICES, SORT_CHOICES

TODAY = date(2026, 11, 22)


@pytest.fixture
def views_file(tmp_path):
    """Two objectives; actions with different due dates, RAGs, leads and last updates."""
    path = tmp_path / "views.db"
    db = Database.open(path)
    with edit(db, actor="setup", source="import") as e:
        plan = e.create("plan", title="Audit")
        one = e.create("objective", plan_id=plan, ref="1", text="Governance", position=0)
        two = e.create("objective", plan_id=plan, ref="2", text="Training", position=1)
        zoe = e.create("officer", name="Zoe Adams", initials="ZA")
        bob = e.create("officer", name="Bob Young", initials="BY")
        e.create_action(plan, one, "1a", "One a", position=0, rag="green", timescale="03/2027", leads=[zoe])
        e.create_action(plan, one, "1b", "One b", position=1, rag="red", timescale="01/2027", leads=[bob, zoe])
        e.create_action(plan, two, "2a", "Two a", position=0, timescale="Ongoing")
        e.create_action(plan, two, "2b", "Two b", position=1, rag="amber", timescale="02/2027", leads=[zoe])
    db.close()
    return path


def refs(path, order: ListOrder) -> list[str]:
    db = Database.open(path)
    try:
        with db.read() as txn:
            ids = txn.actions.ordered(ActionFilter(), TODAY, order).ids
            rows = txn.actions.rows_by_id(ids, TODAY)
            listed = [r.ref for r in txn.actions.list(ActionFilter(), TODAY, order=order)]
    finally:
        db.close()
    assert listed == [rows[i].ref for i in ids]  # the app's ids and the command's rows agree
    return listed


def test_default_is_the_one_order(views_file):
    assert ListOrder().is_default
    assert refs(views_file, ListOrder()) == ["1a", "1b", "2a", "2b"]
    assert refs(views_file, ListOrder(group="objective")) == ["1a", "1b", "2a", "2b"]


def test_sorts(views_file):
    assert refs(views_file, ListOrder("due")) == ["1b", "2b", "1a", "2a"]  # undated last
    assert refs(views_file, ListOrder("rag")) == ["1b", "2b", "1a", "2a"]  # red first, not rated last


def test_sort_by_last_update_puts_never_updated_first(views_file):
    db = Database.open(views_file)
    with db.read() as txn:
        ids = {r.ref: r.id for r in txn.actions.list()}
    with edit(db, actor="Zoe Adams", source="import") as e:  # an import: only the entries' dates count
        e.add_progress(ids["1a"], "note", "Met", entry_date=date(2026, 10, 1))
        e.add_progress(ids["2a"], "note", "Met", entry_date=date(2026, 9, 1))
    db.close()
    # Never updated first (in the plan's order), then the oldest update first.
    assert refs(views_file, ListOrder("updated")) == ["1b", "2b", "2a", "1a"]


def test_groups(views_file):
    db = Database.open(views_file)
    try:
        with db.read() as txn:
            by_officer = txn.actions.ordered(ActionFilter(), TODAY, ListOrder(group="officer"))
            by_rag = txn.actions.ordered(ActionFilter(), TODAY, ListOrder("due", group="rag"))
            by_objective = txn.actions.ordered(ActionFilter(), TODAY, ListOrder("rag", group="objective"))
            rows = txn.actions.rows_by_id(by_rag.ids, TODAY)
    finally:
        db.close()
    # By the first lead, names alphabetical, "No lead" last.
    assert [(g.label, g.start, g.size) for g in by_officer.groups] == [
        ("Bob Young", 0, 1),
        ("Zoe Adams", 1, 2),
        ("No lead", 3, 1),
    ]
    assert [g.label for g in by_rag.groups] == ["Red", "Amber", "Green", "Not rated"]
    assert [g.label for g in by_objective.groups] == ["1 Governance", "2 Training"]
    # Within objective 1, red before green.
    assert [rows[i].ref for i in by_objective.ids] == ["1b", "1a", "2b", "2a"]
    assert not txn_groups_default(views_file)


def txn_groups_default(path) -> list:
    db = Database.open(path)
    try:
        with db.read() as txn:
            return txn.actions.ordered(ActionFilter(), TODAY, ListOrder()).groups
    finally:
        db.close()


def test_unknown_order_refused():
    with pytest.raises(BadOrder):
        ListOrder("colour")
    with pytest.raises(BadOrder):
        ListOrder(group="mood")


def test_cli_choices_match_storage():
    assert tuple(SORTS) == SORT_CHOICES
    assert tuple(GROUPS) == GROUP_CHOICES


def test_cli_sort_and_group(views_file, capsys):
    assert main(["--db", str(views_file), "list", "--format", "json", "--sort", "due"]) == 0
    assert [r["ref"] for r in json.loads(capsys.readouterr().out)] == ["1b", "2b", "1a", "2a"]
    assert main(["--db", str(views_file), "list", "--format", "json", "--group", "rag"]) == 0
    listed = json.loads(capsys.readouterr().out)
    assert [(r["ref"], r["group"]) for r in listed] == [
        ("1b", "Red"),
        ("2b", "Amber"),
        ("1a", "Green"),
        ("2a", "Not rated"),
    ]
    assert main(["--db", str(views_file), "list", "--format", "csv", "--group", "officer"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].startswith("group,plan,")
    assert lines[1].startswith("Bob Young,Audit,1,1b")
    assert main(["--db", str(views_file), "list", "--group", "objective"]) == 0
    table = capsys.readouterr().out
    assert table.index("1 Governance") < table.index("One a") < table.index("2 Training") < table.index("Two a")


def test_cli_bad_sort_is_one_line(views_file, capsys):
    with pytest.raises(SystemExit) as exit_:
        main(["--db", str(views_file), "list", "--sort", "colour"])
    assert exit_.value.code != 0
    assert "invalid choice" in capsys.readouterr().err


def test_dashboard_counts_and_redated(db, small_plan):
    from storage.db.actions import NOT_RATED

    with edit(db, actor="Jackie Roper") as e:
        e.set_timescale(small_plan.green_action, "06/2027")
    with edit(db, actor="Jackie Roper") as e:
        e.set_timescale(small_plan.green_action, "09/2027")
    with edit(db, actor="Jackie Roper") as e:
        e.set_timescale(small_plan.red_action, "09/2027")
    with db.read() as txn:
        lines = txn.actions.dashboard(small_plan.plan, date(2027, 6, 1), stale_days=30)
        fresh = txn.actions.dashboard(small_plan.plan, date.today(), stale_days=30)
        redated = txn.actions.redated(small_plan.plan)
    theme, objective = lines
    assert (theme.kind, objective.kind, objective.label) == ("theme", "objective", "1 Commitment")
    for line in lines:
        assert line.rags == {"red": 1, "amber": 0, "green": 1, "blue": 0, NOT_RATED: 1}
        assert line.total == 3
        assert line.redated == 1  # 1b twice; 1a once
        assert line.overdue == 0  # 1a's new date is ahead
        assert line.stale == 3  # every action was last touched today (the fixture's edits)
    assert fresh[1].stale == 0
    assert redated == {small_plan.green_action}
