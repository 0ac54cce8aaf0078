"""Where this laptop stands with sync, from the local database only (no share access, so it is
instant and works offline): last synced, changes waiting to be sent, who else syncs."""

from __future__ import annotations

from dataclasses import dataclass

from storage.db import Store
from storage.sync.conflicts import list_conflicts
from storage.sync.local import FOLDER, read_txn


@dataclass(frozen=True)
class ReplicaInfo:
    """A laptop (replica) syncing to the same store, as seen at this laptop's last sync."""

    replica_id: str
    actor: str  # the officer who last synced from it
    host: str  # the computer's name
    last_sync_at: str  # ISO UTC on that laptop's clock ("" if unknown)
    is_me: bool = False


@dataclass(frozen=True)
class OtherPlace:
    """Another folder or hub this laptop has synced with (the old place during a move)."""

    folder: str
    last_synced: str | None
    unsent: int  # changes this laptop has that were never sent there


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
    # The other places this laptop synced with, most recent first: during a move from a folder to a
    # hub both stay usable, and an officer needs to see what the old one has not had yet.
    other_places: tuple[OtherPlace, ...] = ()

    @property
    def ever_synced(self) -> bool:
        return self.last_synced is not None


def sync_status(db: Store) -> SyncStatus:
    """This laptop's sync status (cheap: safe to call often from the TUI)."""
    with read_txn(db) as txn:
        folder = txn.settings.get(FOLDER)
        replica = txn.settings.replica_id()
        store = txn.sync.latest_store(folder or "")
        store_id, last = (store.store_id, store.last_synced_at or None) if store else (None, None)
        peers = txn.sync.others_seen(store_id, replica) if store_id else []
        unsent = txn.ledger.count_missing(store_id)
        held = txn.ledger.held_summary()
        conflicts = len(list_conflicts(db))  # in this same read (one view, one connection)
        others = sorted(
            (
                OtherPlace(other.folder, other.last_synced_at or None, txn.ledger.count_missing(other.store_id))
                for other in txn.sync.stores()
                if other.store_id != store_id and other.folder and other.folder != folder
            ),
            key=lambda place: place.last_synced or "",
            reverse=True,
        )
    return SyncStatus(
        folder,
        store_id,
        replica,
        last,
        unsent,
        tuple(ReplicaInfo(p.replica_id, p.actor, p.host, p.last_sync_at) for p in peers),
        conflicts,
        held.get("waiting", 0),
        held.get("invalid", 0),
        tuple(others),
    )
