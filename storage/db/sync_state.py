"""Sync bookkeeping kept on this laptop (tables ``sync_store`` and ``sync_peer``): per shared store,
how far this laptop has sent its own changes, and how far it has applied each other laptop's.

Plain named operations for ``storage.sync``; what they mean for a sync is explained there.
"""

from __future__ import annotations

from dataclasses import dataclass

from storage.db.core import Txn, WriteCore


@dataclass(frozen=True)
class StoreRecord:
    """This laptop's bookkeeping for one shared store."""

    store_id: str
    folder: str
    replica_id: str  # the replica ``sent_seq`` counts for
    sent_seq: int  # the last segment this replica wrote to the store
    sent_through: int  # local change seq up to which this laptop's own changes are on the store
    pushed_once: bool  # False until this database first sends (which sends everything)
    last_synced_at: str


@dataclass(frozen=True)
class PeerRecord:
    """How far one replica's segments in a store have been applied here, and who it last was."""

    store_id: str
    replica_id: str
    read_seq: int
    actor: str
    host: str
    last_sync_at: str


class SyncState:
    """Reading the sync bookkeeping."""

    def __init__(self, txn: Txn) -> None:
        self._txn = txn

    def store(self, store_id: str) -> StoreRecord | None:
        row = self._txn.one(
            "SELECT store_id, folder, replica_id, sent_seq, sent_through, pushed_once, last_synced_at "
            "FROM sync_store WHERE store_id = ?",
            (store_id,),
        )
        if row is None:
            return None
        return StoreRecord(
            row["store_id"],
            row["folder"],
            row["replica_id"],
            row["sent_seq"],
            row["sent_through"],
            bool(row["pushed_once"]),
            row["last_synced_at"],
        )

    def stores(self) -> list[StoreRecord]:
        ids = self._txn.column("SELECT store_id FROM sync_store ORDER BY store_id")
        return [record for record in map(self.store, ids) if record is not None]

    def peers(self, store_id: str) -> list[PeerRecord]:
        return [
            PeerRecord(
                row["store_id"], row["replica_id"], row["read_seq"], row["actor"], row["host"], row["last_sync_at"]
            )
            for row in self._txn.rows(
                "SELECT store_id, replica_id, read_seq, actor, host, last_sync_at FROM sync_peer "
                "WHERE store_id = ? ORDER BY replica_id",
                (store_id,),
            )
        ]

    def remembered_store(self, folder: str) -> str | None:
        """The store this laptop last synced with in ``folder``, if any."""
        store_id: str | None = self._txn.scalar(
            "SELECT store_id FROM sync_store WHERE folder = ? ORDER BY last_synced_at DESC LIMIT 1", (folder,)
        )
        return store_id

    def latest_store(self, folder: str) -> StoreRecord | None:
        """The store of ``folder`` if this laptop synced there, else the one it synced with last."""
        store_id = self._txn.scalar(
            "SELECT store_id FROM sync_store ORDER BY (folder = ?) DESC, last_synced_at DESC LIMIT 1", (folder,)
        )
        return None if store_id is None else self.store(store_id)

    def peer_names(self, store_id: str) -> dict[str, str]:
        """replica id -> the officer who last synced from it (those with a name)."""
        return {peer.replica_id: peer.actor for peer in self.peers(store_id) if peer.actor}

    def others_seen(self, store_id: str, replica_id: str) -> list[PeerRecord]:
        """The other laptops that synced with a store (known when), most recent first."""
        return [
            PeerRecord(
                row["store_id"], row["replica_id"], row["read_seq"], row["actor"], row["host"], row["last_sync_at"]
            )
            for row in self._txn.rows(
                "SELECT store_id, replica_id, read_seq, actor, host, last_sync_at FROM sync_peer "
                "WHERE store_id = ? AND replica_id != ? AND last_sync_at != '' ORDER BY last_sync_at DESC",
                (store_id, replica_id),
            )
        ]


class SyncStateWriter(SyncState):
    """Writing the sync bookkeeping (in a write transaction)."""

    def __init__(self, txn: WriteCore) -> None:
        super().__init__(txn)
        self._write = txn

    def record_synced(self, store_id: str, folder: str, replica_id: str, at: str) -> None:
        """A sync with the store in ``folder`` finished at ``at`` (remembered for the next one)."""
        self._write.run(
            "INSERT INTO sync_store (store_id, folder, replica_id, sent_seq, sent_through, pushed_once, "
            "last_synced_at) VALUES (?, ?, ?, 0, 0, 1, ?) ON CONFLICT (store_id) DO UPDATE SET "
            "folder = excluded.folder, replica_id = excluded.replica_id, last_synced_at = excluded.last_synced_at",
            (store_id, folder, replica_id, at),
        )

    def record_presence(self, store_id: str, replica_id: str, actor: str, host: str, at: str) -> None:
        """Who last synced as ``replica_id``, where and when (the latest word replaces the last)."""
        self._write.run(
            "INSERT INTO sync_peer (store_id, replica_id, read_seq, actor, host, last_sync_at) "
            "VALUES (?, ?, 0, ?, ?, ?) ON CONFLICT (store_id, replica_id) DO UPDATE SET "
            "actor = excluded.actor, host = excluded.host, last_sync_at = excluded.last_sync_at",
            (store_id, replica_id, actor, host, at),
        )
