"""This laptop's side of sync: transactions, bookkeeping, identity and what waits to be sent.

Identity. Each database syncs as a replica with its own folder on the share, and the replica's
sequence numbers must never be reused, so two database files must never write as one replica.
A database remembers (Setting ``sync_claim``) its replica id, a random claim written into every
file name it puts on the share, and the identity of its own file (device + inode, which a copy,
a restore or a move does not keep). A different file identity means this file is a copy of
another laptop's (or was restored or moved): it takes a new replica id. Files on the share under
our replica with another claim mean another database writes as us (copied before it ever synced):
we take a new replica id and send everything again (duplicates are harmless, loss is not).
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

from models.tables import ChangeSeen, SyncPeer, SyncStore, new_id
from storage.database import IMMEDIATE, Database
from storage.sync.derive import TRUE, about_ids
from storage.sync.format import CHANGE_COLUMNS, SyncError

SYNC_TABLES = [ChangeSeen.__table__, SyncStore.__table__, SyncPeer.__table__]
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
        if not record or record.get("replica") != replica:
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
            replica, claim = switch_replica(r, resend_all=False)
            notices.append(
                f"this database file is a copy of another one (or was restored or moved): "
                f"it now syncs as a new replica of its own ({replica[:8]})"
            )
            return Identity(replica, claim, notices)
        if record.get("file") is None and identity is not None:
            put_setting(r, CLAIM, json.dumps({**record, "file": identity}))
        return Identity(replica, record["claim"], notices)


def switch_replica(r: sqlite3.Connection, resend_all: bool, identity: str | None = None) -> tuple[str, str]:
    """Give this database a new replica id and claim; what the old one sent stays counted."""
    old = get_setting(r, "replica_id") or ""
    replica, claim = new_id(), secrets.token_hex(4)
    former = _json(get_setting(r, FORMER)) or []
    put_setting(r, FORMER, json.dumps(sorted(set(former) | {old})))
    put_setting(r, "replica_id", replica)
    if identity is None:
        record = _json(get_setting(r, CLAIM)) or {}
        identity = record.get("file")
    put_setting(r, CLAIM, json.dumps({"replica": replica, "claim": claim, "file": identity}))
    for store_id, was, sent_seq in r.execute("SELECT store_id, replica_id, sent_seq FROM sync_store").fetchall():
        if was == old and sent_seq:
            # What the old replica wrote is on the share and in this database: count it as read.
            r.execute(
                "INSERT INTO sync_peer(store_id, replica_id, read_seq, actor, host, last_sync_at) "
                "VALUES (?, ?, ?, '', '', '') ON CONFLICT(store_id, replica_id) "
                "DO UPDATE SET read_seq = max(read_seq, excluded.read_seq)",
                (store_id, old, sent_seq),
            )
    r.execute("UPDATE sync_store SET replica_id = ?, sent_seq = 0", (replica,))
    if resend_all:
        r.execute("UPDATE sync_store SET pushed_once = 0, sent_through = 0")
    return replica, claim


def take_new_replica(db: Database) -> Identity:
    """Another database writes on the share as our replica: move to a new one, send everything."""
    with write_txn(db) as conn:
        replica, claim = switch_replica(raw(conn), resend_all=True, identity=file_identity(db))
    return Identity(
        replica,
        claim,
        [
            f"another database was syncing under this laptop's name (a copied file?): this one now syncs "
            f"as a new replica ({replica[:8]}) and sends all its changes again"
        ],
    )


# --- bookkeeping -----------------------------------------------------------------------------
@dataclass
class LocalState:
    store_id: str
    replica_id: str
    my_ids: list[str]
    sent_seq: int = 0
    sent_through: int = 0
    pushed_once: bool = False
    marks: dict[str, int] = field(default_factory=dict)  # replica -> segments applied
    names: dict[str, str] = field(default_factory=dict)  # replica -> who (for messages)
    known_store: bool = False


def load_state(db: Database, store_id: str, replica_id: str) -> LocalState:
    with read_txn(db) as r:
        former = _json(get_setting(r, FORMER)) or []
        state = LocalState(store_id, replica_id, [replica_id, *former])
        row = r.execute(
            "SELECT replica_id, sent_seq, sent_through, pushed_once FROM sync_store WHERE store_id = ?", (store_id,)
        ).fetchone()
        if row:
            state.known_store = True
            state.sent_seq = row[1] if row[0] == replica_id else 0
            state.sent_through, state.pushed_once = row[2], bool(row[3])
        for replica, read_seq, actor in r.execute(
            "SELECT replica_id, read_seq, actor FROM sync_peer WHERE store_id = ?", (store_id,)
        ):
            state.marks[replica] = read_seq
            if actor:
                state.names[replica] = actor
    state.marks[replica_id] = max(state.marks.get(replica_id, 0), state.sent_seq)
    return state


def folders_synced(db: Database) -> set[str]:
    with read_txn(db) as r:
        return {row[0] for row in r.execute("SELECT folder FROM sync_store")}


# --- what waits to be sent -------------------------------------------------------------------
def seal_deletions(r: sqlite3.Connection) -> None:
    """Record, for each deletion made here, what its author had seen of the record (everything
    about it that arrived before the deletion): it travels with the deletion."""
    rows = r.execute(
        "SELECT c.id, c.entity, c.entity_id, c.seq, c.stamp, c.replica_id, c.new_value, c.at, c.actor "
        "FROM change c LEFT JOIN change_seen s ON s.change_id = c.id "
        "WHERE c.field = '_delete' AND c.new_value = ? AND s.change_id IS NULL",
        (TRUE,),
    ).fetchall()
    for cid, entity, entity_id, seq, *_ in rows:
        seen = about_ids(r, entity, entity_id, before_seq=seq)
        r.execute("INSERT INTO change_seen(change_id, seen) VALUES (?, ?)", (cid, json.dumps(sorted(seen))))


def outgoing(db: Database, state: LocalState, exclude: set[str]) -> tuple[list[dict[str, Any]], int]:
    """The changes to send (as wire dicts) and the local seq they run up to.

    The first send to a store sends every change this database holds (so a store re-created
    after being lost gets the whole plan back); later ones send this laptop's own changes made
    since. ``exclude``: changes already on the share (found in our own segments).
    """
    with write_txn(db) as conn:
        r = raw(conn)
        seal_deletions(r)
        through = r.execute("SELECT coalesce(max(seq), 0) FROM change").fetchone()[0]
        columns = ", ".join(f"c.{c}" for c in CHANGE_COLUMNS)
        sql = f"SELECT {columns}, s.seen FROM change c LEFT JOIN change_seen s ON s.change_id = c.id WHERE c.seq <= ?"
        params: list[Any] = [through]
        if state.pushed_once:
            sql += f" AND c.seq > ? AND c.replica_id IN ({','.join('?' * len(state.my_ids))})"
            params += [state.sent_through, *state.my_ids]
        rows = r.execute(sql + " ORDER BY c.seq", params).fetchall()
    ops = []
    for row in rows:
        if row[0] in exclude:
            continue
        op = dict(zip(CHANGE_COLUMNS, row[:-1], strict=False))
        if row[-1] is not None:
            op["seen"] = json.loads(row[-1])
        ops.append(op)
    return ops, through


def count_unsent(r: sqlite3.Connection, store_id: str | None) -> int:
    row = (
        r.execute(
            "SELECT replica_id, sent_through, pushed_once FROM sync_store WHERE store_id = ?", (store_id,)
        ).fetchone()
        if store_id
        else None
    )
    if row is None or not row[2]:
        return r.execute("SELECT count(*) FROM change").fetchone()[0]
    mine = [get_setting(r, "replica_id") or "", *(_json(get_setting(r, FORMER)) or [])]
    return r.execute(
        f"SELECT count(*) FROM change WHERE seq > ? AND replica_id IN ({','.join('?' * len(mine))})", [row[1], *mine]
    ).fetchone()[0]


def _json(text: str | None) -> Any:
    if not text:
        return None
    try:
        return json.loads(text)
    except ValueError:
        return None
