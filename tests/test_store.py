"""The gateway (storage.db): opening, schema versions, transactions, named operations."""

from __future__ import annotations

import sqlite3

import pytest

from storage.db import Key, Store
from storage.db.files import inspect_file
from storage.db.migrations import _VERSION_1, APPLICATION_ID, SCHEMA_VERSION
from storage.errors import NoDatabase, ReadOnlyDatabase
from storage.writes import edit


def schema_of(conn: sqlite3.Connection) -> dict[str, object]:
    """Tables with their columns, keys, foreign keys and indexes, as SQLite reports them."""
    schema: dict[str, object] = {}
    tables = [r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")]
    for table in tables:
        columns = [tuple(r[1:]) for r in conn.execute(f'PRAGMA table_info("{table}")')]
        foreign = sorted(tuple(r[2:5]) for r in conn.execute(f'PRAGMA foreign_key_list("{table}")'))
        indexes = sorted(
            (r[1], r[2], tuple(c[2] for c in conn.execute(f'PRAGMA index_info("{r[1]}")')))
            for r in conn.execute(f'PRAGMA index_list("{table}")')
        )
        schema[table] = (columns, foreign, indexes)
    return schema


def test_the_migrations_build_exactly_the_schema_the_sqlmodel_tables_define():
    from sqlalchemy import create_engine
    from sqlmodel import SQLModel

    import models.tables  # noqa: F401  (registers the tables)

    engine = create_engine("sqlite://")
    SQLModel.metadata.create_all(engine)
    with engine.connect() as conn:
        from_models = schema_of(conn.connection.driver_connection)
    engine.dispose()
    with Store.memory() as store:
        assert store._memory is not None
        assert schema_of(store._memory) == from_models


def make_version_1(path, with_sync_tables: bool) -> None:
    """A database as the first release wrote it (the sync tables came at run time, if at all)."""
    conn = sqlite3.connect(path)
    for statement in _VERSION_1:
        conn.execute(statement)
    if with_sync_tables:
        conn.execute(
            "CREATE TABLE sync_store (store_id VARCHAR NOT NULL, folder VARCHAR NOT NULL, replica_id VARCHAR NOT NULL, sent_seq INTEGER NOT NULL, sent_through INTEGER NOT NULL, pushed_once BOOLEAN NOT NULL, last_synced_at VARCHAR NOT NULL, PRIMARY KEY (store_id))"
        )
        conn.execute("INSERT INTO sync_store VALUES ('s', 'F', 'r', 3, 9, 1, '')")
    conn.execute("INSERT INTO setting VALUES ('replica_id', 'old-replica')")
    conn.execute(
        "INSERT INTO plan (id, title, rag_definitions, created_at, updated_at, deleted) VALUES ('p', 'Kept', '{}', '', '', 0)"
    )
    conn.execute(f"PRAGMA application_id = {APPLICATION_ID}")
    conn.execute("PRAGMA user_version = 1")
    conn.commit()
    conn.close()


@pytest.mark.parametrize("with_sync_tables", [False, True])
def test_a_version_1_file_is_backed_up_then_upgraded(tmp_path, with_sync_tables):
    path = tmp_path / "old.db"
    make_version_1(path, with_sync_tables)
    with Store.open(path) as store, store.read() as txn:
        assert txn.plans.list()[0].title == "Kept"
        assert txn.settings.replica_id() == "old-replica"
        assert [s.sent_through for s in txn.sync.stores()] == ([9] if with_sync_tables else [])
    assert inspect_file(path).version == SCHEMA_VERSION
    backup = tmp_path / "old.db.v1.bak"
    assert inspect_file(backup).version == 1
    conn = sqlite3.connect(backup)
    assert conn.execute("SELECT title FROM plan").fetchall() == [("Kept",)]
    conn.close()


def test_read_only_never_writes_not_even_to_upgrade(tmp_path):
    path = tmp_path / "old.db"
    make_version_1(path, with_sync_tables=False)
    before = path.read_bytes()
    with Store.open(path, read_only=True) as store:
        with store.read() as txn:
            assert [p.title for p in txn.plans.list()] == ["Kept"]
        with pytest.raises(ReadOnlyDatabase), store.write(actor="x") as txn:
            txn.settings.put(Key.ME_NAME, "x")
    assert path.read_bytes() == before
    assert not (tmp_path / "old.db.v1.bak").exists()
    with pytest.raises(NoDatabase):
        Store.open(tmp_path / "none.db", read_only=True)
    assert not (tmp_path / "none.db").exists()


def test_a_new_file_is_wal_with_full_sync(tmp_path):
    with Store.open(tmp_path / "new.db") as store, store.read() as txn:
        assert txn.scalar("PRAGMA journal_mode") == "wal"
        assert txn.scalar("PRAGMA synchronous") == 2  # FULL
        assert txn.scalar("PRAGMA foreign_keys") == 1


def test_a_write_commits_as_a_whole_or_not_at_all(tmp_path):
    store = Store.open(tmp_path / "x.db")
    with pytest.raises(RuntimeError, match="boom"), edit(store, actor="a") as e:
        e.create("plan", title="Half")
        raise RuntimeError("boom")
    with edit(store, actor="a") as e:
        e.create("plan", title="Whole")
    other = Store.open(tmp_path / "x.db")  # another process's view
    with other.read() as txn:
        assert [p.title for p in txn.plans.list()] == ["Whole"]
    other.close()
    store.close()


def test_a_bulk_write_is_journalled_once_when_alone_and_the_file_is_wal_again_after(tmp_path):
    """A bulk write (an import) on a file no one else has open runs with a rollback journal (its
    pages written once, not to the WAL and then again into the file), all or nothing as ever,
    and leaves the file in WAL mode; with another connection open it stays WAL, without waiting."""
    path = tmp_path / "x.db"
    store = Store.open(path)
    with pytest.raises(RuntimeError, match="boom"), edit(store, actor="a", bulk=True) as e:
        assert e.txn.scalar("PRAGMA journal_mode") == "delete"
        e.create("plan", title="Half")
        raise RuntimeError("boom")
    with edit(store, actor="a", bulk=True) as e:
        assert e.txn.scalar("PRAGMA journal_mode") == "delete"
        e.create("plan", title="Whole")
    with store.read() as txn:
        assert txn.scalar("PRAGMA journal_mode") == "wal"
    reader = sqlite3.connect(path)  # another process reading the file
    assert reader.execute("SELECT title FROM plan").fetchall() == [("Whole",)]
    with edit(store, actor="a", bulk=True) as e:
        assert e.txn.scalar("PRAGMA journal_mode") == "wal"
        e.create("plan", title="Beside a reader")
    assert sorted(reader.execute("SELECT title FROM plan").fetchall()) == [("Beside a reader",), ("Whole",)]
    reader.close()
    store.close()
    with Store.open(path) as again, again.read() as txn:
        assert txn.scalar("PRAGMA journal_mode") == "wal"
        assert sorted(p.title for p in txn.plans.list()) == ["Beside a reader", "Whole"]


def test_a_read_inside_a_write_sees_it_and_a_write_inside_a_transaction_is_refused():
    store = Store.memory()
    with store.write(actor="a") as txn:
        txn.settings.set_me("o1", "Ann Archer")
        with store.read() as inner:
            assert inner.settings.me().name == "Ann Archer"
        with pytest.raises(RuntimeError, match="inside another transaction"), store.write():
            pass
    with store.read() as txn:
        assert txn.settings.me().officer_id == "o1"
        with pytest.raises(RuntimeError, match="read transaction"):
            txn.run("DELETE FROM setting")
    assert store.default_actor() == "Ann Archer"


def test_rows_are_read_by_name_and_a_maker_must_match_its_query():
    def pair(key: str, value: str) -> tuple[str, str]:
        return key, value

    with Store.memory() as store, store.read() as txn:
        [(key, value)] = txn.made(pair, "SELECT key, value FROM setting WHERE key = 'replica_id'")
        assert key == "replica_id" and len(value) == 32
        with pytest.raises(AssertionError, match="takes columns"):
            txn.made(pair, "SELECT value, key FROM setting")


def test_the_write_paths_copy_of_the_columns_is_what_the_sqlmodel_tables_define():
    """Writing reads the tables' columns, types and defaults from a copy (no SQLAlchemy at run
    time): it must say what models/tables.py says."""
    from storage.db.records import _COLUMNS, ENTITIES, REFERENCES, REQUIRED, columns_from_models, facts_from_models

    assert set(_COLUMNS) == set(ENTITIES) == set(REQUIRED) == set(REFERENCES)
    for entity in ENTITIES:
        assert _COLUMNS[entity] == columns_from_models(entity), entity
        assert (REQUIRED[entity], REFERENCES[entity]) == facts_from_models(entity), entity


@pytest.mark.parametrize("count", [0, 1, 49, 50, 51, 123])
def test_insert_many_writes_the_rows_one_row_inserts_would(count):
    """``insert_many`` (several rows to a statement, the shared values written into it) stores the
    same rows, values, types and order as an executemany of one-row INSERTs: shared text with a
    quote, a shared NUL (bound: SQL text cannot hold it), NULL, a boolean and a number, and
    varying text that looks like SQL."""
    stores = [Store.memory(), Store.memory(), Store.memory()]
    same = {"who": "Dr O'Brien", "odd": "a\x00b", "gone": None, "flag": False, "n": 7}
    varying = [(f"r{k}", f"'); DROP TABLE t; --{k}", k * 1.5 if k % 2 else None) for k in range(count)]
    for store, bulk in zip(stores, (False, True, "columns"), strict=True):
        with store.write(actor="test") as txn:
            txn.run("CREATE TABLE t (key TEXT, body TEXT, amount REAL, who TEXT, odd TEXT, gone TEXT, flag, n INTEGER)")
            if bulk == "columns":  # the same rows a column at a time (one given as a generator)
                keys, bodies, amounts = (
                    [row[0] for row in varying],
                    (row[1] for row in varying),
                    [r[2] for r in varying],
                )
                txn.insert_columns("t", ("key", "body", "amount"), [keys, bodies, amounts], same)
            elif bulk:
                txn.insert_many("t", ("key", "body", "amount"), varying, same)
            else:
                txn.run_many(
                    "INSERT INTO t (key, body, amount, who, odd, gone, flag, n) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                    [(*row, *same.values()) for row in varying],
                )
    one_by_one, together, by_column = (_rows_of_t(store) for store in stores)
    assert together == one_by_one == by_column
    assert len(together) == count
    if count:  # (not two empty tables alike)
        assert together[-1][1:9] == (
            f"r{count - 1}",
            f"'); DROP TABLE t; --{count - 1}",
            *varying[-1][2:],
            "Dr O'Brien",
            "a\x00b",
            None,
            0,
            7,
        )
        assert together[0][9:] == ("null", "null", "integer", "integer")


def test_insert_columns_refuses_columns_of_different_lengths_and_writes_nothing():
    store = Store.memory()
    with pytest.raises(ValueError, match="amount has 2 values, not 3"), store.write(actor="test") as txn:
        txn.run("CREATE TABLE t (key TEXT, amount REAL)")
        txn.insert_columns("t", ("key", "amount"), [["a", "b", "c"], range(2)])
    with store.read() as txn:
        assert txn.scalar("SELECT count(*) FROM sqlite_master WHERE name = 't'") == 0


def _rows_of_t(store):
    with store.read() as txn:
        return txn.conn.execute(
            "SELECT rowid, *, typeof(amount), typeof(gone), typeof(flag), typeof(n) FROM t ORDER BY rowid"
        ).fetchall()


def test_a_bulk_write_keeps_sqlites_scratch_in_memory_for_its_transaction_only(tmp_path):
    """A bulk write (an import's thousands of rows, 50 to a statement) has SQLite keep each
    statement's undo record in memory, not in a temporary file; the connection is as it was after,
    whether the transaction commits or fails, and a write that is not bulk leaves it alone."""
    store = Store.open(tmp_path / "plan.db")
    try:
        with store.write(actor="test") as txn:
            before = txn.conn.execute("PRAGMA temp_store").fetchone()[0]
        assert before != 2  # (else the test shows nothing: 2 is MEMORY)
        with store.write(actor="test", bulk=True) as txn:
            assert txn.conn.execute("PRAGMA temp_store").fetchone()[0] == 2
        with pytest.raises(RuntimeError), store.write(actor="test", bulk=True) as txn:
            raise RuntimeError("the import failed")
        with store.write(actor="test") as txn:
            assert txn.conn.execute("PRAGMA temp_store").fetchone()[0] == before
    finally:
        store.close()
