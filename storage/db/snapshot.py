"""A copy of a ragtrack database made fit for the share (``storage.sync.snapshot`` publishes it):
a file a colleague can open read-only or start from.

``prepare_snapshot`` turns a fresh backup copy into one: rollback journal rather than WAL (it
opens read-only without ``-wal``/``-shm`` files), only the one store's sync bookkeeping, none of
this laptop's own settings (``LOCAL_ONLY``: a database started from it takes a replica id of its
own), a note of the store it was copied from, and an integrity check.
"""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

from storage.clock import utc_now_iso
from storage.db.settings import LOCAL_ONLY, Key
from storage.db.transactions import WriteTxn

#: The sync tables that hold one row set per store.
_PER_STORE = ("sync_store", "sync_peer", "sync_batch", "sync_shared", "sync_cursor")


class SnapshotDamaged(Exception):
    """The copy failed SQLite's integrity check."""


def prepare_snapshot(path: Path, store_id: str, made_by: str) -> int | None:
    """Make the copy at ``path`` a snapshot of store ``store_id``; returns how many changes it
    holds, or None when it holds changes the store does not have yet (someone edited during the
    sync: everything in a snapshot must be on the share). Raises ``SnapshotDamaged``."""
    conn = sqlite3.connect(str(path), isolation_level=None)
    try:
        conn.execute("PRAGMA journal_mode = DELETE")
        conn.execute("BEGIN IMMEDIATE")
        try:
            txn = WriteTxn(conn, actor="", source="snapshot")
            if txn.ledger.count_missing(store_id):
                conn.execute("ROLLBACK")
                return None
            for table in _PER_STORE:
                txn.run(f"DELETE FROM {table} WHERE store_id != ?", (store_id,))
            txn.run("UPDATE sync_store SET replica_id = '', sent_seq = 0, folder = '', last_synced_at = ''")
            txn.settings.delete(*LOCAL_ONLY)
            changes = txn.changes.count()
            made = {"store_id": store_id, "made_by": made_by, "at": utc_now_iso(), "changes": changes}
            txn.settings.put(Key.SNAPSHOT_OF, json.dumps(made))
            conn.execute("COMMIT")
        except BaseException:
            if conn.in_transaction:
                conn.execute("ROLLBACK")
            raise
        if txn.scalar("SELECT integrity_check FROM pragma_integrity_check") != "ok":
            raise SnapshotDamaged("the copy failed its integrity check")
        return changes
    finally:
        conn.close()
