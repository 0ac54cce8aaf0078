"""This laptop's side of sync: transactions, identity, and what it remembers of its stores.

Identity. Each database syncs as a replica of its own, so that two database files never write
as one (their changes would share stamps and their files one folder). A database remembers
(Setting ``sync_claim``) its replica id, a random claim written into every file name it puts on
the share, and the identity of its own file (its file number: a copy, a restore or a move gets
a new one). A different file identity means this file is a copy of another laptop's (or was
restored or moved): it takes a new replica id, and remembers the new file identity. A copy that
keeps its file number (a cloned disk image) is caught by what it writes: a laptop that finds on
the place changes made under its own replica id that it does not have takes a new replica id
too (``storage.sync.engine``); both databases' changes are kept.
"""

from __future__ import annotations

import json
import os
import secrets
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import Connection
from sqlalchemy.exc import OperationalError
from sqlmodel import SQLModel

from models.tables import ChangeSeen, SyncBatch, SyncCursor, SyncHeld, SyncPeer, SyncShared, SyncStore, new_id
from storage.database import IMMEDIATE, Database
from storage.sync.errors import SyncError

SYNC_TABLES = [
    ChangeSeen.__table__,
    SyncStore.__table__,
    SyncPeer.__table__,
    SyncBatch.__table__,
    SyncShared.__table__,
    SyncCursor.__table__,
    SyncHeld.__table__,
]
#: Settings (local, never copied into snapshots as they are).
CLAIM = "sync_claim"
FORMER = "sync_former_replicas"
FOLDER = "sync_folder"
SNAPSHOT_OF = "snapshot_of"


def ensure_tables(db: Database) -> None:
    """Create the sync tables in a database made before they existed (schema 1 still)."""
    if getattr(db, "_sync_tables_ok", False):
        return
    SQLModel.metadata.create_all(db.engine, tables=SYNC_TABLES)
    db._sync_tables_ok = True


@contextmanager
def write_txn(db: Database) -> Iterator[Connection]:
    """One local transaction holding SQLite's write lock from the start (BEGIN IMMEDIATE)."""
    with db.engine.connect() as conn:
        conn = conn.execution_options(**{IMMEDIATE: True})
        try:
            transaction = conn.begin()
        except OperationalError as error:
            raise SyncError(f"the local database is busy ({error.orig}): try the sync again") from None
        try:
            yield conn
            transaction.commit()
        except BaseException:
            transaction.rollback()
            raise


@contextmanager
def read_txn(db: Database) -> Iterator[sqlite3.Connection]:
    """A consistent read of the local database."""
    with db.engine.connect() as conn:
        transaction = conn.begin()
        try:
            yield conn.connection.driver_connection
        finally:
            transaction.rollback()


def raw(conn: Connection) -> sqlite3.Connection:
    return conn.connection.driver_connection


def get_setting(raw_conn: sqlite3.Connection, key: str) -> str | None:
    row = raw_conn.execute("SELECT value FROM setting WHERE key = ?", (key,)).fetchone()
    return row[0] if row else None


def put_setting(raw_conn: sqlite3.Connection, key: str, value: str) -> None:
    raw_conn.execute("INSERT OR REPLACE INTO setting(key, value) VALUES (?, ?)", (key, value))


# --- identity --------------------------------------------------------------------------------
def file_identity(db: Database) -> str | None:
    """What tells this database file from a copy of it: its file number (inode / NTFS file id;
    not the device number, which some filesystems change at every mount), else its absolute
    path. None for an in-memory database."""
    if db.path is None:
        return None
    try:
        st = os.stat(db.path)
    except OSError:
        return None
    if st.st_ino:
        return f"ino:{st.st_ino}"
    return str(db.path.absolute())


@dataclass
class Identity:
    replica_id: str
    claim: str
    notices: list[str] = field(default_factory=list)


def settle_identity(db: Database) -> Identity:
    """Make sure this database syncs as a replica of its own (see the module docstring)."""
    identity = file_identity(db)
    with write_txn(db) as conn:
        r = raw(conn)
        replica = get_setting(r, "replica_id") or ""
        record = _json(get_setting(r, CLAIM))
        notices: list[str] = []
        if not isinstance(record, dict) or record.get("replica") != replica:
            if get_setting(r, SNAPSHOT_OF):
                notices.append(
                    f"this database started from a snapshot of the team plan: it syncs as a "
                    f"new replica of its own ({replica[:8]})"
                )
                r.execute("DELETE FROM setting WHERE key = ?", (SNAPSHOT_OF,))
            claim = secrets.token_hex(4)
            put_setting(r, CLAIM, json.dumps({"replica": replica, "claim": claim, "file": identity}))
            return Identity(replica, claim, notices)
        if identity is not None and record.get("file") not in (None, identity):
            # The new file identity is stored with the new replica: the next sync of this same
            # file finds it unchanged (storing the old one took a new replica at every sync).
            replica, claim = switch_replica(r, identity)
            notices.append(
                f"this database file is a copy of another one (or was restored or moved): "
                f"it now syncs as a new replica of its own ({replica[:8]})"
            )
            return Identity(replica, claim, notices)
        if record.get("file") is None and identity is not None:
            put_setting(r, CLAIM, json.dumps({**record, "file": identity}))
        return Identity(replica, str(record.get("claim") or ""), notices)


def switch_replica(r: sqlite3.Connection, identity: str | None = None) -> tuple[str, str]:
    """Give this database a new replica id and claim (its file identity: ``identity``, else the
    one on record). The old id stays among its former ones."""
    old = get_setting(r, "replica_id") or ""
    replica, claim = new_id(), secrets.token_hex(4)
    former = _json(get_setting(r, FORMER)) or []
    put_setting(r, FORMER, json.dumps(sorted(set(former) | {old})))
    put_setting(r, "replica_id", replica)
    if identity is None:
        identity = (_json(get_setting(r, CLAIM)) or {}).get("file")
    put_setting(r, CLAIM, json.dumps({"replica": replica, "claim": claim, "file": identity}))
    return replica, claim


def remembered_store(r: sqlite3.Connection, folder: str) -> str | None:
    """The store this laptop last synced with in ``folder`` (as remembered), if any."""
    row = r.execute(
        "SELECT store_id FROM sync_store WHERE folder = ? ORDER BY last_synced_at DESC LIMIT 1", (folder,)
    ).fetchone()
    return row[0] if row else None


def folders_synced(db: Database) -> set[str]:
    with read_txn(db) as r:
        return {row[0] for row in r.execute("SELECT folder FROM sync_store")}


def record_synced(
    r: sqlite3.Connection, store_id: str, folder: str, replica_id: str, at: str, *, default: bool = True
) -> None:
    """A sync with the store in ``folder`` finished (remembered for the next ``ragtrack sync``
    when ``default``; a former place synced with during a move is not)."""
    r.execute(
        "INSERT INTO sync_store (store_id, folder, replica_id, sent_seq, sent_through, pushed_once, last_synced_at) "
        "VALUES (?, ?, ?, 0, 0, 1, ?) ON CONFLICT (store_id) DO UPDATE SET folder = excluded.folder, "
        "replica_id = excluded.replica_id, last_synced_at = excluded.last_synced_at",
        (store_id, folder, replica_id, at),
    )
    if default:
        put_setting(r, FOLDER, folder)


def record_presence(r: sqlite3.Connection, store_id: str, replica_id: str, actor: str, host: str, at: str) -> None:
    """Who last synced as ``replica_id``, where and when (the latest word replaces the last)."""
    r.execute(
        "INSERT INTO sync_peer (store_id, replica_id, read_seq, actor, host, last_sync_at) "
        "VALUES (?, ?, 0, ?, ?, ?) ON CONFLICT (store_id, replica_id) DO UPDATE SET "
        "actor = excluded.actor, host = excluded.host, last_sync_at = excluded.last_sync_at",
        (store_id, replica_id, actor, host, at),
    )


def peer_names(r: sqlite3.Connection, store_id: str) -> dict[str, str]:
    return {
        replica: actor
        for replica, actor in r.execute("SELECT replica_id, actor FROM sync_peer WHERE store_id = ?", (store_id,))
        if actor
    }


def _json(text: str | None) -> Any:
    if not text:
        return None
    try:
        return json.loads(text)
    except ValueError:
        return None
