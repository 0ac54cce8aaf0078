"""The consolidated snapshot on the share: a complete, consistent ragtrack database of the plan.

Made with SQLite's backup API into a local temporary file, turned into a file a colleague can
open read-only or start from (rollback journal rather than WAL, this laptop's identity and sync
settings removed, so a database started from it takes a replica id of its own), checked with
``PRAGMA integrity_check`` and ``storage.db.files.inspect_file``, then copied to the share under
a new name (never over an existing file: Windows refuses to replace a file someone has open)
and marked read-only. The newest few are kept. Names carry the number of changes inside, so
"newest" means most complete, whatever the clocks of the laptops that wrote them say.
"""

from __future__ import annotations

import os
import time
from datetime import UTC, datetime
from pathlib import Path

from storage.db import Store
from storage.db.files import inspect_file
from storage.db.migrations import SCHEMA_VERSION
from storage.db.snapshot import SnapshotDamaged, prepare_snapshot
from storage.sync.errors import SyncError
from storage.sync.files import TEMP_PREFIX, copy_new, is_stale_temp, make_read_only, remove_quietly
from storage.sync.format import SNAPSHOT_RE, Layout, snapshot_name
from storage.sync.seam import reached as crash_point

SNAPSHOTS_KEPT = 3


def list_snapshots(layout: Layout) -> list[tuple[int, str, Path]]:
    """(changes, utc, path) of the snapshots on the share, most complete first."""
    try:
        names = os.listdir(layout.snapshots)
    except OSError:
        return []
    found = [(int(m[1]), m[2], layout.snapshots / n) for n in names if (m := SNAPSHOT_RE.match(n))]
    return sorted(found, reverse=True)


def build_snapshot(db: Store, workdir: Path, store_id: str, replica_id: str) -> tuple[Path, int] | None:
    """A checked local copy of ``db`` to publish, and how many changes it holds; None when it
    holds changes the store does not have yet (someone edited during the sync: next time)."""
    local = workdir / "snapshot.db"
    backup(db, local)
    try:
        changes = prepare_snapshot(local, store_id, replica_id)
    except SnapshotDamaged as error:
        raise SyncError(f"the snapshot could not be made: {error}") from None
    if changes is None:
        return None
    state = inspect_file(local)
    if state.version != SCHEMA_VERSION:
        raise SyncError("the snapshot could not be made: it is not a valid ragtrack database")
    crash_point("snapshot built")
    return local, changes


def publish_snapshot(layout: Layout, local: Path, changes: int, replica_id: str, keep: int = SNAPSHOTS_KEPT) -> Path:
    """Copy a checked local snapshot to the share under a new name, read-only; keep the best few."""
    layout.snapshots.mkdir(exist_ok=True)
    utc = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
    final = layout.snapshots / snapshot_name(changes, utc, replica_id)
    copy_new(layout.snapshots, final.name, local)
    make_read_only(final)
    crash_point("snapshot published")
    prune(layout, keep)
    return final


def backup(db: Store, target: Path) -> None:
    """A consistent copy of ``db`` at ``target`` with SQLite's backup API (safe while in use)."""
    db.backup_to(target)


def prune(layout: Layout, keep: int) -> None:
    """Keep the ``keep`` most complete snapshots; remove stale temporary files (an hour old: a
    crashed sync's, never one another laptop is still writing)."""
    for _, _, path in list_snapshots(layout)[keep:]:
        remove_quietly(path)  # a snapshot open on Windows refuses: it goes next time
    for directory in (layout.snapshots, layout.root):
        try:
            names = os.listdir(directory)
        except OSError:
            continue
        for name in names:
            if name.startswith(TEMP_PREFIX) and is_stale_temp(directory / name, 3600):
                remove_quietly(directory / name)


def backup_before_pull(db: Store) -> Path | None:
    """Keep a copy of the local database before applying a large pull (beside it, replaced each time)."""
    if db.path is None:
        return None
    target = db.path.with_name(db.path.name + ".before-sync.bak")
    tmp = target.with_name(target.name + f".{os.getpid()}.{int(time.time())}.tmp")
    backup(db, tmp)
    os.replace(tmp, target)
    return target
