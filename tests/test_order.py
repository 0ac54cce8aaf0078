"""One order everywhere: ``ragtrack list`` and the app list the same actions in the same order for
the same scope (plans by title, objectives by position, then actions within their objective)."""

from __future__ import annotations

import json
from datetime import date

import pytest
from db_support import Database

from storage.db import ActionFilter
from storage.writes import edit
from tests.tui_support import settle
from tui.app import RagtrackApp
from tui.cli import main

TODAY = date(2026, 11, 22)


@pytest.fixture
def plans_file(tmp_path):
    """Two plans; in "Audit", objectives 1 and 2 share a position (as imports of merged tables
    make them), each with actions at positions 0 and 1."""
    path = tmp_path / "order.db"
    db = Database.open(path)
    with edit(db, actor="setup") as e:
        audit = e.create("plan", title="Audit")
        one = e.create("objective", plan_id=audit, ref="1", position=0)
        two = e.create("objective", plan_id=audit, ref="2", position=0)
        e.create_action(audit, two, "2b", "Two b", position=1, rag="red")
        e.create_action(audit, one, "1b", "One b", position=1, rag="amber")
        e.create_action(audit, two, "2a", "Two a", position=0, rag="red")
        e.create_action(audit, one, "1a", "One a", position=0, rag="red")
        care = e.create("plan", title="Care2Work")
        a = e.create("objective", plan_id=care, ref="A", position=0)
        e.create_action(care, a, "A1", "Care one", position=0, rag="red")
    db.close()
    return path


def cli_refs(capsys, path, *args: str) -> list[str]:
    assert main(["--db", str(path), "list", "--format", "json", *args]) == 0
    return [row["ref"] for row in json.loads(capsys.readouterr().out)]


async def app_refs(path, scope: ActionFilter) -> list[str]:
    app = RagtrackApp(db_path=path, today=TODAY, blink=False)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        screen = app.screen
        if not scope.is_empty:
            screen.set_scope(scope)
            await settle(pilot)
        ids = list(screen.query_one("#actions").ids)
        with app.session.read() as txn:
            rows = txn.actions.rows_by_id(ids)
    return [rows[i].ref for i in ids]


@pytest.mark.parametrize(
    ("args", "scope", "expected"),
    [
        ((), ActionFilter(), ["1a", "1b", "2a", "2b", "A1"]),
        (("--rag", "red"), ActionFilter(rags=frozenset({"red"})), ["1a", "2a", "2b", "A1"]),
        (("--plan", "Audit"), None, ["1a", "1b", "2a", "2b"]),  # the plan's id: known once the file is
    ],
)
async def test_list_and_the_app_show_the_same_order(plans_file, capsys, args, scope, expected):
    if scope is None:
        with Database.open(plans_file) as db, db.read() as txn:
            scope = ActionFilter(plan_ids=(txn.plans.find("Audit").id,))
    listed = cli_refs(capsys, plans_file, *args)
    assert listed == expected  # objective by objective, plans by title
    assert await app_refs(plans_file, scope) == listed
