"""A bulk load (a first sync's thousands of changes into an empty log) drops the tables' plain
indexes and builds them again after the insert (``WriteCore.bulk_insert``): the database ends
with exactly the schema it had, and the same rows as a laptop that took the changes one by one."""

from __future__ import annotations

import sqlite3

import pytest
from db_support import Database
from test_sync_support import change_ids, dump, seed_plan

import storage.db.core as core
from storage.sync import run_sync
from storage.writes import edit


def schema(db: Database) -> set[tuple[str, str]]:
    with db.read() as txn:
        return {(row["name"], row["sql"]) for row in txn.rows("SELECT name, sql FROM sqlite_master")}


def test_a_first_sync_loaded_in_bulk_ends_with_the_same_schema_and_rows(tmp_path, monkeypatch):
    monkeypatch.setattr(core, "BULK_ROWS", 5)  # a small plan's first sync is a bulk load
    folder = tmp_path / "share"
    a = Database.memory()
    ids = seed_plan(a)
    with edit(a, actor="Ann") as e:
        for k in range(20):
            e.add_progress(ids["a0"], "note", f"note {k}")
        e.set_rag(ids["a1"], "green", reason="done")
    run_sync(a, folder, snapshot=False)
    b = Database.memory()
    fresh = schema(b)
    run_sync(b, folder, snapshot=False)
    assert schema(b) == fresh
    assert change_ids(b) == change_ids(a) and dump(b) == dump(a)
    with b.read() as txn:  # the log is read through its indexes again
        plan = txn.rows("EXPLAIN QUERY PLAN SELECT id FROM change WHERE entity = 'action' AND entity_id = ?", ("x",))
    assert any("ix_change_entity" in row["detail"] for row in plan)


def test_indexes_dropped_for_a_bulk_load_come_back_when_it_fails_and_the_transaction_goes_on():
    db = Database.memory()
    before = schema(db)
    with (
        db.write(actor="") as txn,  # goes on after the refusal, and commits
        pytest.raises(sqlite3.IntegrityError),
        txn.bulk_insert("change", core.BULK_ROWS, 0),
    ):
        assert txn.scalar("SELECT count(*) FROM sqlite_master WHERE name = 'ix_change_entity'") == 0
        txn.run("INSERT INTO change (id) VALUES ('x')")  # refused: a change has more than an id
    assert schema(db) == before  # the transaction committed, with the indexes built again


def test_a_small_insert_or_one_into_a_bigger_table_keeps_the_indexes():
    db = Database.memory()
    with db.write(actor="") as txn:
        for adding, holding in ((core.BULK_ROWS - 1, 0), (core.BULK_ROWS, core.BULK_ROWS)):
            with txn.bulk_insert("change", adding, holding):
                assert txn.scalar("SELECT count(*) FROM sqlite_master WHERE name = 'ix_change_entity'") == 1
