"""Opening files: foreign, newer, damaged and odd paths are refused and left untouched."""

from __future__ import annotations

import hashlib
import sqlite3

import pytest
from db_support import Database
from sqlalchemy.exc import IntegrityError

from storage.db import Store
from storage.db.files import inspect_file
from storage.db.migrations import APPLICATION_ID, SCHEMA_VERSION
from storage.errors import DamagedDatabase, NewerDatabase, NotARagtrackDatabase, NotFound
from storage.writes import edit


def digest(path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_new_file_is_created_with_schema_and_identity(tmp_path):
    path = tmp_path / "plans.db"
    db = Database.open(path)
    db.close()
    conn = sqlite3.connect(path)
    assert conn.execute("PRAGMA application_id").fetchone()[0] == APPLICATION_ID
    assert conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
    assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    conn.close()


def test_a_new_file_in_a_folder_that_does_not_exist_is_refused(tmp_path):
    with pytest.raises(NotFound, match=r"the folder .* does not exist"):
        Database.open(tmp_path / "typo" / "plans.db")
    assert not (tmp_path / "typo").exists()


def test_foreign_keys_are_enforced(tmp_path):
    db = Database.open(tmp_path / "x.db")
    with pytest.raises(IntegrityError, match="FOREIGN KEY"), db.engine.begin() as conn:
        conn.exec_driver_sql(
            "INSERT INTO objective (id, plan_id, ref, text, position, deleted) "
            "VALUES ('o', 'missing-plan', '1', '', 0, 0)"
        )
    db.close()


def test_replica_id_is_stable_across_opens(tmp_path):
    path = tmp_path / "x.db"
    first = Database.open(path)
    replica = first.replica_id
    first.close()
    again = Database.open(path)
    assert again.replica_id == replica and len(replica) == 32
    again.close()


def test_foreign_sqlite_file_is_refused_and_untouched(tmp_path):
    path = tmp_path / "other.db"
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE recipes (name TEXT)")
    conn.commit()
    conn.close()
    before = digest(path)
    with pytest.raises(NotARagtrackDatabase, match="not a ragtrack one"):
        Database.open(path)
    assert digest(path) == before


def test_non_sqlite_file_is_refused_and_untouched(tmp_path):
    path = tmp_path / "notes.db"
    path.write_text("Dear colleagues,\n")
    with pytest.raises(NotARagtrackDatabase, match="not an SQLite file"):
        Database.open(path)
    assert path.read_text() == "Dear colleagues,\n"


def test_newer_database_is_refused_and_untouched(tmp_path):
    path = tmp_path / "newer.db"
    Database.open(path).close()
    conn = sqlite3.connect(path)
    conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    conn.commit()
    conn.close()
    before = digest(path)
    with pytest.raises(NewerDatabase, match="newer ragtrack"):
        Database.open(path)
    with pytest.raises(NewerDatabase):
        Store.open(path, read_only=True)
    assert digest(path) == before


def test_truncated_database_is_reported_as_damaged(tmp_path):
    path = tmp_path / "plans.db"
    db = Database.open(path)
    with edit(db, "x") as e:
        e.create("plan", title="A plan")
    db.close()
    # checkpoint happened at close; cut the file short
    data = path.read_bytes()
    path.write_bytes(data[:60])
    with pytest.raises(DamagedDatabase, match="truncated"):
        Database.open(path)
    path.write_bytes(data[: len(data) // 3])
    with pytest.raises((DamagedDatabase, NotARagtrackDatabase)):
        db = Database.open(path)
        with edit(db, "x") as e:
            e.create("plan", title="another")


def test_directory_instead_of_file_is_refused(tmp_path):
    with pytest.raises(NotARagtrackDatabase, match="folder"):
        Database.open(tmp_path)


def test_empty_file_becomes_a_database(tmp_path):
    path = tmp_path / "empty.db"
    path.write_bytes(b"")
    assert inspect_file(path).version == 0
    Database.open(path).close()
    assert inspect_file(path).version == SCHEMA_VERSION


def test_windows_share_paths_are_recognised_as_network():
    from pathlib import PureWindowsPath

    from storage.db.files import is_network_path

    assert is_network_path(PureWindowsPath(r"\\server\share\plans\team.db"))
    assert not is_network_path(PureWindowsPath(r"C:\Users\jr\ragtrack.db"))
    assert not is_network_path(PureWindowsPath(r"\\?\C:\long\path.db"))


def test_a_long_non_sqlite_file_is_refused_and_untouched(tmp_path):
    path = tmp_path / "minutes.db"
    path.write_text("Minutes of the meeting.\n" * 50)
    before = digest(path)
    with pytest.raises(NotARagtrackDatabase, match="not an SQLite file"):
        Database.open(path)
    assert digest(path) == before


def test_checking_the_file_again_keeps_this_process_locks(tmp_path):
    """Opening readers and the write path checks the file each time; the check must not drop the
    POSIX locks of this process's open connections, or another process closing its last
    connection deletes the live WAL and later writes are lost."""
    import subprocess
    import sys

    path = tmp_path / "plans.db"
    db = Database.open(path)
    with edit(db, "x") as e:
        e.create("plan", title="A plan")
    db.reader().execute("SELECT count(*) FROM plan").fetchone()
    inspect_file(path)
    Store.open(path, read_only=True).close()
    other = "import sqlite3, sys; c = sqlite3.connect(sys.argv[1]); c.execute('SELECT count(*) FROM plan').fetchone(); c.close()"
    subprocess.run([sys.executable, "-c", other, str(path)], check=True)
    assert path.with_name("plans.db-wal").exists()  # still ours: nothing deleted it
    with edit(db, "x") as e:
        e.create("plan", title="Written after")
    db.close()
    titles = {r[0] for r in sqlite3.connect(path).execute("SELECT title FROM plan")}
    assert titles == {"A plan", "Written after"}
