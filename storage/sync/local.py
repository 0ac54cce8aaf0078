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
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

from models.ids import new_id
from storage.db import ReadTxn, Store, WriteTxn
from storage.db.settings import Key
from storage.errors import DatabaseBusy
from storage.sync.errors import SyncError

#: Settings (local, never copied into snapshots as they are).
CLAIM = Key.SYNC_CLAIM
FORMER = Key.SYNC_FORMER_REPLICAS
FOLDER = Key.SYNC_FOLDER
SNAPSHOT_OF = Key.SNAPSHOT_OF


@contextmanager
def write_txn(db: Store, cache_mb: int | None = None) -> Iterator[WriteTxn]:
    """One local transaction holding SQLite's write lock from the start (BEGIN IMMEDIATE); a
    database another program is writing to stops the sync with one line. ``cache_mb``: a
    larger page cache for it (``Store.write``)."""
    try:
        with db.write(actor="sync", source="sync", cache_mb=cache_mb) as txn:
            yield txn
    except DatabaseBusy as error:
        raise SyncError(str(error)) from None


@contextmanager
def read_txn(db: Store) -> Iterator[ReadTxn]:
    """A consistent read of the local database."""
    with db.read() as txn:
        yield txn


# --- identity --------------------------------------------------------------------------------
def file_identity(db: Store) -> str | None:
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


def settle_identity(db: Store) -> Identity:
    """Make sure this database syncs as a replica of its own (see the module docstring)."""
    identity = file_identity(db)
    with write_txn(db) as txn:
        settings = txn.settings
        replica = settings.replica_id()
        record = _json(settings.get(CLAIM))
        notices: list[str] = []
        if not isinstance(record, dict) or record.get("replica") != replica:
            if settings.get(SNAPSHOT_OF):
                notices.append(
                    f"this database started from a snapshot of the team plan: it syncs as a "
                    f"new replica of its own ({replica[:8]})"
                )
                settings.delete(SNAPSHOT_OF)
            claim = secrets.token_hex(4)
            settings.put(CLAIM, json.dumps({"replica": replica, "claim": claim, "file": identity}))
            return Identity(replica, claim, notices)
        if identity is not None and record.get("file") not in (None, identity):
            # The new file identity is stored with the new replica: the next sync of this same
            # file finds it unchanged (storing the old one took a new replica at every sync).
            replica, claim = switch_replica(txn, identity)
            notices.append(
                f"this database file is a copy of another one (or was restored or moved): "
                f"it now syncs as a new replica of its own ({replica[:8]})"
            )
            return Identity(replica, claim, notices)
        if record.get("file") is None and identity is not None:
            settings.put(CLAIM, json.dumps({**record, "file": identity}))
        return Identity(replica, str(record.get("claim") or ""), notices)


def switch_replica(txn: WriteTxn, identity: str | None = None) -> tuple[str, str]:
    """Give this database a new replica id and claim (its file identity: ``identity``, else the
    one on record). The old id stays among its former ones."""
    settings = txn.settings
    old = settings.replica_id()
    replica, claim = new_id(), secrets.token_hex(4)
    former = _json(settings.get(FORMER)) or []
    settings.put(FORMER, json.dumps(sorted(set(former) | {old})))
    settings.put(Key.REPLICA_ID, replica)
    if identity is None:
        identity = (_json(settings.get(CLAIM)) or {}).get("file")
    settings.put(CLAIM, json.dumps({"replica": replica, "claim": claim, "file": identity}))
    return replica, claim


def former_replicas(txn: ReadTxn) -> list[str]:
    """The replica ids this database wrote as before its current one."""
    former = _json(txn.settings.get(FORMER))
    return [f for f in former if isinstance(f, str)] if isinstance(former, list) else []


def record_synced(txn: WriteTxn, store_id: str, folder: str, replica_id: str, at: str, *, default: bool = True) -> None:
    """A sync with the store in ``folder`` finished (remembered for the next ``ragtrack sync``
    when ``default``; a former place synced with during a move is not)."""
    txn.sync.record_synced(store_id, folder, replica_id, at)
    if default:
        txn.settings.put(FOLDER, folder)


def _json(text: str | None) -> Any:
    if not text:
        return None
    try:
        return json.loads(text)
    except ValueError:
        return None
