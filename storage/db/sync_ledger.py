"""Sync's ledger on this laptop (tables ``sync_batch``, ``sync_shared``, ``sync_cursor``,
``sync_held``): per store, the batches taken from it or published to it and the changes each
holds, where the last read ended, and the received changes held back (waiting or invalid).

A change is on a store while at least one batch holding it is noted here; what is not is what
this laptop sends (``storage.sync.ledger`` explains what the ledger means for repair).
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from typing import Any

from storage.db.changes import CHANGE_COLUMNS, TRUE
from storage.db.core import Txn, WriteCore, marks

_CHUNK = 500  # ids per ``IN (...)``: well under SQLite's bound-variable limit
_NOT_ON_STORE = "NOT EXISTS (SELECT 1 FROM sync_shared s WHERE s.store_id = ? AND s.change_id = {id})"


class SyncLedger:
    """Reading the ledger."""

    def __init__(self, txn: Txn) -> None:
        self._txn = txn

    def batches(self, store_id: str) -> dict[str, str]:
        """The batches noted for a store: key -> fingerprint."""
        return {
            row["key"]: row["fingerprint"]
            for row in self._txn.rows('SELECT "key", fingerprint FROM sync_batch WHERE store_id = ?', (store_id,))
        }

    def cursor(self, store_id: str) -> str:
        """Where the last read of a store ended ("" before the first)."""
        value: str | None = self._txn.scalar("SELECT cursor FROM sync_cursor WHERE store_id = ?", (store_id,))
        return value or ""

    def missing(self, store_id: str) -> list[dict[str, Any]]:
        """Every change held here that the store lacks (as far as this laptop knows), in the
        order they arrived here (wire dicts: ``CHANGE_COLUMNS``, plus ``seen`` on a deletion
        that carries it); then the received changes held back as waiting."""
        columns = ", ".join(f"c.{c}" for c in CHANGE_COLUMNS)
        changes = []
        for row in self._txn.rows(
            f"SELECT {columns}, cs.seen AS seen FROM change c LEFT JOIN change_seen cs ON cs.change_id = c.id "
            f"WHERE {_NOT_ON_STORE.format(id='c.id')} ORDER BY c.seq",
            (store_id,),
        ):
            change = {column: row[column] for column in CHANGE_COLUMNS}
            if row["seen"] is not None:
                change["seen"] = json.loads(row["seen"])
            changes.append(change)
        changes += [
            json.loads(row["change"])
            for row in self._txn.rows(
                "SELECT h.change AS change FROM sync_held h WHERE h.kind = 'waiting' "
                f"AND {_NOT_ON_STORE.format(id='h.change_id')} ORDER BY h.rowid",
                (store_id,),
            )
        ]
        return changes

    def count_missing(self, store_id: str | None) -> int:
        """How many changes held here the store lacks (every change, for a store never synced)."""
        if store_id is None:
            return int(self._txn.scalar("SELECT count(*) FROM change"))
        return int(
            self._txn.scalar(f"SELECT count(*) FROM change c WHERE {_NOT_ON_STORE.format(id='c.id')}", (store_id,))
        )

    def missing_since(self, after_seq: int, after_at: str, replicas: Sequence[str], store_id: str) -> list[Any]:
        """Changes written here by ``replicas`` after local seq ``after_seq``, timed after
        ``after_at`` and not on the store: what a fast clock may still move back."""
        if not replicas:
            return []
        return self._txn.rows(
            "SELECT id, entity, entity_id, field, at, stamp FROM change c WHERE c.at > ? AND c.seq > ? "
            f"AND c.replica_id IN ({marks(replicas)}) AND {_NOT_ON_STORE.format(id='c.id')}",
            [after_at, after_seq, *replicas, store_id],
        )

    def logged_versions(self, ids: Sequence[str]) -> dict[str, dict[str, Any]]:
        """The change log's version of each of ``ids`` logged here (``CHANGE_COLUMNS``)."""
        found: dict[str, dict[str, Any]] = {}
        columns = ", ".join(CHANGE_COLUMNS)
        for start in range(0, len(ids), _CHUNK):
            chunk = ids[start : start + _CHUNK]
            for row in self._txn.rows(f"SELECT {columns} FROM change WHERE id IN ({marks(chunk)})", chunk):
                found[row["id"]] = {column: row[column] for column in CHANGE_COLUMNS}
        return found

    def held_versions(self, ids: Sequence[str]) -> dict[str, dict[str, Any]]:
        """The version of each of ``ids`` held back here, as it was received."""
        found: dict[str, dict[str, Any]] = {}
        for start in range(0, len(ids), _CHUNK):
            chunk = ids[start : start + _CHUNK]
            for row in self._txn.rows(
                f"SELECT change_id, change FROM sync_held WHERE change_id IN ({marks(chunk)})", chunk
            ):
                found[row["change_id"]] = json.loads(row["change"])
        return found

    def unsealed_deletions(self) -> list[Any]:
        """Deletions made here whose "what its author had seen" is not recorded yet: ``id,
        entity, entity_id, seq`` each."""
        return self._txn.rows(
            "SELECT c.id AS id, c.entity AS entity, c.entity_id AS entity_id, c.seq AS seq FROM change c "
            "LEFT JOIN change_seen s ON s.change_id = c.id "
            "WHERE c.field = '_delete' AND c.new_value = ? AND s.change_id IS NULL",
            (TRUE,),
        )

    def waiting(self) -> list[dict[str, Any]]:
        """The received changes held back until a record they need arrives."""
        return [
            json.loads(row["change"]) for row in self._txn.rows("SELECT change FROM sync_held WHERE kind = 'waiting'")
        ]

    def held_ids(self, ids: Sequence[str]) -> set[str]:
        """Which of ``ids`` are held back here (waiting or invalid)."""
        found: set[str] = set()
        for start in range(0, len(ids), _CHUNK):
            chunk = ids[start : start + _CHUNK]
            found.update(
                self._txn.column(f"SELECT change_id FROM sync_held WHERE change_id IN ({marks(chunk)})", chunk)
            )
        return found

    def held_summary(self) -> dict[str, int]:
        """How many changes are held, by kind ("waiting", "invalid")."""
        return {
            row["kind"]: row["n"] for row in self._txn.rows("SELECT kind, count(*) AS n FROM sync_held GROUP BY kind")
        }


class SyncLedgerWriter(SyncLedger):
    """Writing the ledger (in a write transaction)."""

    def __init__(self, txn: WriteCore) -> None:
        super().__init__(txn)
        self._write = txn

    def record_batches(self, store_id: str, batches: Iterable[tuple[str, str, str, Sequence[str]]]) -> None:
        """Note batches taken or published: ``(key, fingerprint, author, change ids)`` each. A
        batch taken again (its fingerprint changed) replaces what was noted of it. Three
        statements for all the batches, not three a batch: a first sync notes thousands."""
        batches = list(batches)
        self._write.run_many(
            "DELETE FROM sync_shared WHERE store_id = ? AND batch_key = ?", [(store_id, key) for key, *_ in batches]
        )
        self._write.run_many(
            'INSERT OR REPLACE INTO sync_batch (store_id, "key", fingerprint, author) VALUES (?, ?, ?, ?)',
            [(store_id, key, fingerprint, author) for key, fingerprint, author, _ in batches],
        )
        shared = [(store_id, change_id, key) for key, _, _, ids in batches for change_id in ids]
        # Rowids are unique: the table holds no more rows than the highest.
        holding = int(self._write.scalar("SELECT coalesce(max(rowid), 0) FROM sync_shared"))
        with self._write.bulk_insert("sync_shared", len(shared), holding):
            self._write.run_many(
                "INSERT OR IGNORE INTO sync_shared (store_id, change_id, batch_key) VALUES (?, ?, ?)", shared
            )

    def forget_batches(self, store_id: str, keys: Iterable[str]) -> None:
        """Batches that are gone or damaged: what they held is on the store only if another does."""
        for key in keys:
            self._write.run("DELETE FROM sync_shared WHERE store_id = ? AND batch_key = ?", (store_id, key))
            self._write.run('DELETE FROM sync_batch WHERE store_id = ? AND "key" = ?', (store_id, key))

    def unshare(self, ids: Sequence[str]) -> None:
        """Changes whose version kept here changed: the batches noted as holding them (in any
        store) held another version, so they hold none of them as far as this laptop goes."""
        for start in range(0, len(ids), _CHUNK):
            chunk = ids[start : start + _CHUNK]
            self._write.run(f"DELETE FROM sync_shared WHERE change_id IN ({marks(chunk)})", chunk)

    def set_cursor(self, store_id: str, cursor: str) -> None:
        self._write.run("INSERT OR REPLACE INTO sync_cursor (store_id, cursor) VALUES (?, ?)", (store_id, cursor))

    def hold(self, held: Iterable[tuple[str, str, str, str, str, str]]) -> None:
        """Keep changes that are not applied: ``(change id, change as JSON, kind, reason, actor,
        held at)`` each; a change already held keeps its first record but takes the new kind
        and reason."""
        self._write.run_many(
            "INSERT INTO sync_held (change_id, change, kind, reason, actor, held_at) VALUES (?, ?, ?, ?, ?, ?) "
            "ON CONFLICT (change_id) DO UPDATE SET kind = excluded.kind, reason = excluded.reason",
            list(held),
        )

    def replace_held(self, changes: Iterable[tuple[str, str]]) -> None:
        """Put another version over held changes: ``(change id, change as JSON)`` each."""
        self._write.run_many("UPDATE sync_held SET change = ? WHERE change_id = ?", [(c, i) for i, c in changes])

    def release(self, ids: Iterable[str]) -> None:
        """Held changes that are applied now."""
        self._write.run_many("DELETE FROM sync_held WHERE change_id = ?", [(i,) for i in ids])
