"""Where this laptop stands with sync, from the local database only (no share access, so it is
instant and works offline): last synced, changes waiting to be sent, who else syncs."""

from __future__ import annotations

from dataclasses import dataclass

from storage.database import Database
from storage.sync import ledger
from storage.sync.conflicts import list_conflicts
from storage.sync.local import FOLDER, ensure_tables, get_setting, read_txn


@dataclass(frozen=True)
class ReplicaInfo:
    """A laptop (replica) syncing to the same store, as seen at this laptop's last sync."""

    replica_id: str
    actor: str  # the officer who last synced from it
    host: str  # the computer's name
    last_sync_at: str  # ISO UTC on that laptop's clock ("" if unknown)
    is_me: bool = False


@dataclass(frozen=True)
class SyncStatus:
    folder: str | None  # the remembered sync folder
    store_id: str | None
    replica_id: str
    last_synced: str | None  # ISO UTC of this laptop's last completed sync
    unsent: int  # changes made here that are not on the share yet
    replicas: tuple[ReplicaInfo, ...]  # everyone else, most recently synced first
    conflicts: int
    waiting: int = 0  # received changes waiting for a record this laptop does not have
    invalid: int = 0  # received changes set aside as invalid (never applied)

    @property
    def ever_synced(self) -> bool:
        return self.last_synced is not None


def sync_status(db: Database) -> SyncStatus:
    """This laptop's sync status (cheap: safe to call often from the TUI)."""
    ensure_tables(db)
    with read_txn(db) as r:
        folder = get_setting(r, FOLDER)
        replica = get_setting(r, "replica_id") or ""
        row = r.execute(
            "SELECT store_id, last_synced_at FROM sync_store ORDER BY (folder = ?) DESC, last_synced_at DESC LIMIT 1",
            (folder or "",),
        ).fetchone()
        store_id, last = (row[0], row[1] or None) if row else (None, None)
        peers = (
            r.execute(
                "SELECT replica_id, actor, host, last_sync_at FROM sync_peer WHERE store_id = ? AND replica_id != ? "
                "AND last_sync_at != '' ORDER BY last_sync_at DESC",
                (store_id or "", replica),
            ).fetchall()
            if store_id
            else []
        )
        unsent = ledger.count_missing(r, store_id)
        held = ledger.held_summary(r)
    return SyncStatus(
        folder,
        store_id,
        replica,
        last,
        unsent,
        tuple(ReplicaInfo(p[0], p[1], p[2], p[3]) for p in peers),
        len(list_conflicts(db)),
        held.get("waiting", 0),
        held.get("invalid", 0),
    )
