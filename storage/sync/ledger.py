"""This laptop's sync ledger, per store: the batches it has taken from the store or published to
it, which changes each batch holds, where the last read ended, and the changes it holds back.

The ledger is what repair rests on. A change is *on the store* while at least one batch that
holds it is intact; when a batch goes missing or is damaged, its rows go, and every change that
no other batch holds is *missing*: this laptop publishes it again at its next sync (its own
edits, a colleague's, anyone's). A new edit is missing until it is published, so "what waits
to be sent" and "what the store lost" are one question.

Functions take the sqlite3 connection of the caller's transaction.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable, Sequence
from typing import Any

from storage.sync.derive import TRUE
from storage.sync.validate import Held
from storage.sync.wire import CHANGE_COLUMNS, WireChange

_CHUNK = 500


class StoreLedger:
    """The ledger of one store as ``transport.Ledger``: read once at the start of a sync."""

    def __init__(self, r: sqlite3.Connection, store_id: str) -> None:
        self._taken = dict(r.execute("SELECT key, fingerprint FROM sync_batch WHERE store_id = ?", (store_id,)))
        row = r.execute("SELECT cursor FROM sync_cursor WHERE store_id = ?", (store_id,)).fetchone()
        self._cursor = row[0] if row else ""

    @property
    def cursor(self) -> str:
        return self._cursor

    def fingerprint(self, key: str) -> str | None:
        return self._taken.get(key)

    def keys(self) -> Iterable[str]:
        return list(self._taken)


def record_batches(
    r: sqlite3.Connection, store_id: str, batches: Iterable[tuple[str, str, str, Sequence[str]]]
) -> None:
    """Note batches taken or published: ``(key, fingerprint, author, change ids)`` each. A batch
    taken again (its fingerprint changed) replaces what was noted of it."""
    for key, fingerprint, author, ids in batches:
        r.execute("DELETE FROM sync_shared WHERE store_id = ? AND batch_key = ?", (store_id, key))
        r.execute(
            "INSERT OR REPLACE INTO sync_batch (store_id, key, fingerprint, author) VALUES (?, ?, ?, ?)",
            (store_id, key, fingerprint, author),
        )
        r.executemany(
            "INSERT OR IGNORE INTO sync_shared (store_id, change_id, batch_key) VALUES (?, ?, ?)",
            [(store_id, change_id, key) for change_id in ids],
        )


def forget_batches(r: sqlite3.Connection, store_id: str, keys: Iterable[str]) -> None:
    """Batches that are gone or damaged: what they held is on the store only if another holds it."""
    for key in keys:
        r.execute("DELETE FROM sync_shared WHERE store_id = ? AND batch_key = ?", (store_id, key))
        r.execute("DELETE FROM sync_batch WHERE store_id = ? AND key = ?", (store_id, key))


def set_cursor(r: sqlite3.Connection, store_id: str, cursor: str) -> None:
    r.execute("INSERT OR REPLACE INTO sync_cursor (store_id, cursor) VALUES (?, ?)", (store_id, cursor))


def batch_keys(r: sqlite3.Connection, store_id: str) -> list[str]:
    return [row[0] for row in r.execute("SELECT key FROM sync_batch WHERE store_id = ?", (store_id,))]


# --- what the store lacks ---------------------------------------------------------------------
_NOT_ON_STORE = "NOT EXISTS (SELECT 1 FROM sync_shared s WHERE s.store_id = ? AND s.change_id = {id})"


def missing(r: sqlite3.Connection, store_id: str) -> list[WireChange]:
    """Every change this laptop holds that the store does not (as far as this laptop knows), in
    the order they arrived here; then the received changes held back as waiting."""
    columns = ", ".join(f"c.{c}" for c in CHANGE_COLUMNS)
    rows = r.execute(
        f"SELECT {columns}, cs.seen FROM change c LEFT JOIN change_seen cs ON cs.change_id = c.id "
        f"WHERE {_NOT_ON_STORE.format(id='c.id')} ORDER BY c.seq",
        (store_id,),
    ).fetchall()
    changes = []
    for row in rows:
        change = dict(zip(CHANGE_COLUMNS, row[:-1], strict=True))
        if row[-1] is not None:
            change["seen"] = json.loads(row[-1])
        changes.append(change)
    changes += [
        json.loads(text)
        for (text,) in r.execute(
            f"SELECT h.change FROM sync_held h WHERE h.kind = 'waiting' AND {_NOT_ON_STORE.format(id='h.change_id')} "
            "ORDER BY h.rowid",
            (store_id,),
        )
    ]
    return changes


def count_missing(r: sqlite3.Connection, store_id: str | None) -> int:
    """How many changes held here the store lacks (every change, for a store never synced)."""
    if store_id is None:
        return int(r.execute("SELECT count(*) FROM change").fetchone()[0])
    return int(
        r.execute(f"SELECT count(*) FROM change c WHERE {_NOT_ON_STORE.format(id='c.id')}", (store_id,)).fetchone()[0]
    )


def on_store(r: sqlite3.Connection, store_id: str, ids: Sequence[str]) -> set[str]:
    found: set[str] = set()
    for start in range(0, len(ids), _CHUNK):
        chunk = ids[start : start + _CHUNK]
        found.update(
            row[0]
            for row in r.execute(
                f"SELECT change_id FROM sync_shared WHERE store_id = ? AND change_id IN ({','.join('?' * len(chunk))})",
                [store_id, *chunk],
            )
        )
    return found


def seal_deletions(r: sqlite3.Connection, about_ids: Any) -> None:
    """Record, for each deletion made here, what its author had seen of the record (everything
    about it that arrived before the deletion): it travels with the deletion.
    ``about_ids(r, entity, entity_id, before_seq)`` says what that was."""
    rows = r.execute(
        "SELECT c.id, c.entity, c.entity_id, c.seq FROM change c LEFT JOIN change_seen s ON s.change_id = c.id "
        "WHERE c.field = '_delete' AND c.new_value = ? AND s.change_id IS NULL",
        (TRUE,),
    ).fetchall()
    for change_id, entity, entity_id, seq in rows:
        seen = about_ids(r, entity, entity_id, before_seq=seq)
        r.execute("INSERT INTO change_seen (change_id, seen) VALUES (?, ?)", (change_id, json.dumps(sorted(seen))))


# --- held back --------------------------------------------------------------------------------
def hold(r: sqlite3.Connection, held: Iterable[Held], at: str) -> None:
    """Keep changes that are not applied (a change already held keeps its first record)."""
    r.executemany(
        "INSERT INTO sync_held (change_id, change, kind, reason, actor, held_at) VALUES (?, ?, ?, ?, ?, ?) "
        "ON CONFLICT (change_id) DO UPDATE SET kind = excluded.kind, reason = excluded.reason",
        [
            (h.change["id"], json.dumps(h.change, ensure_ascii=False), h.kind, h.reason, _actor(h.change), at)
            for h in held
        ],
    )


def waiting(r: sqlite3.Connection) -> list[WireChange]:
    return [json.loads(text) for (text,) in r.execute("SELECT change FROM sync_held WHERE kind = 'waiting'")]


def release(r: sqlite3.Connection, ids: Iterable[str]) -> None:
    r.executemany("DELETE FROM sync_held WHERE change_id = ?", [(i,) for i in ids])


def held_ids(r: sqlite3.Connection, ids: Sequence[str]) -> set[str]:
    found: set[str] = set()
    for start in range(0, len(ids), _CHUNK):
        chunk = ids[start : start + _CHUNK]
        found.update(
            row[0]
            for row in r.execute(
                f"SELECT change_id FROM sync_held WHERE change_id IN ({','.join('?' * len(chunk))})", chunk
            )
        )
    return found


def held_summary(r: sqlite3.Connection) -> dict[str, int]:
    """How many changes are held, by kind ("waiting", "invalid")."""
    return dict(r.execute("SELECT kind, count(*) FROM sync_held GROUP BY kind").fetchall())


def _actor(change: dict[str, Any]) -> str:
    actor = change.get("actor")
    return actor if isinstance(actor, str) else ""
