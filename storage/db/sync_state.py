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

    def folders(self) -> set[str]:
        """Every folder this laptop has synced with."""
        return set(self._txn.column("SELECT folder FROM sync_store"))

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


class SyncStateWriter(SyncState):
    """Writing the sync bookkeeping (in a write transaction)."""

    def __init__(self, txn: WriteCore) -> None:
        super().__init__(txn)
        self._write = txn

    def add_store(self, store_id: str) -> None:
        """Start bookkeeping for a store (nothing sent, nothing read); a known store is kept."""
        self._write.run(
            "INSERT OR IGNORE INTO sync_store (store_id, folder, replica_id, sent_seq, sent_through, "
            "pushed_once, last_synced_at) VALUES (?, '', '', 0, 0, 0, '')",
            (store_id,),
        )

    def record_sent(self, store_id: str, replica_id: str, sent_seq: int, sent_through: int) -> None:
        """This replica wrote segments up to ``sent_seq``, holding its changes up to local seq
        ``sent_through`` (``sent_seq`` only moves forward)."""
        self._write.run(
            "UPDATE sync_store SET replica_id = ?, sent_seq = max(sent_seq, ?), sent_through = ?, "
            "pushed_once = 1 WHERE store_id = ?",
            (replica_id, sent_seq, sent_through, store_id),
        )

    def record_synced(self, store_id: str, replica_id: str, own_read: int, folder: str, at: str) -> None:
        """A sync with the store in ``folder`` finished at ``at``; this replica's own segments up to
        ``own_read`` are on the store."""
        self._write.run(
            "UPDATE sync_store SET sent_seq = max(sent_seq, ?), folder = ?, last_synced_at = ?, "
            "replica_id = ? WHERE store_id = ?",
            (own_read, folder, at, replica_id, store_id),
        )

    def mark_all_sent(self, store_id: str) -> None:
        """Every change here is on the store (own changes recovered from the share)."""
        self._write.run(
            "UPDATE sync_store SET sent_through = (SELECT coalesce(max(seq), 0) FROM change) WHERE store_id = ?",
            (store_id,),
        )

    def switch_replica(self, old_replica: str, new_replica: str, resend_all: bool) -> None:
        """This database now writes as ``new_replica``: what ``old_replica`` sent stays counted
        as read, the new one starts its own segments (and, with ``resend_all``, sends everything
        again)."""
        for store in self.stores():
            if store.replica_id == old_replica and store.sent_seq:
                self.record_read(store.store_id, old_replica, store.sent_seq)
        self._write.run("UPDATE sync_store SET replica_id = ?, sent_seq = 0", (new_replica,))
        if resend_all:
            self._write.run("UPDATE sync_store SET pushed_once = 0, sent_through = 0")

    def record_read(self, store_id: str, replica_id: str, read_seq: int) -> None:
        """Segments 1..``read_seq`` of ``replica_id`` are applied here (only moves forward)."""
        self._write.run(
            "INSERT INTO sync_peer (store_id, replica_id, read_seq, actor, host, last_sync_at) "
            "VALUES (?, ?, ?, '', '', '') ON CONFLICT (store_id, replica_id) "
            "DO UPDATE SET read_seq = max(read_seq, excluded.read_seq)",
            (store_id, replica_id, read_seq),
        )

    def record_heartbeat(self, store_id: str, replica_id: str, actor: str, host: str, at: str) -> None:
        """Who last synced as ``replica_id``, where and when (a newer heartbeat wins)."""
        self._write.run(
            "INSERT INTO sync_peer (store_id, replica_id, read_seq, actor, host, last_sync_at) "
            "VALUES (?, ?, 0, ?, ?, ?) ON CONFLICT (store_id, replica_id) DO UPDATE SET "
            "actor = excluded.actor, host = excluded.host, last_sync_at = excluded.last_sync_at "
            "WHERE excluded.last_sync_at >= sync_peer.last_sync_at",
            (store_id, replica_id, actor, host, at),
        )
