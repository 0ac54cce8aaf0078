"""The change log (the op log): every edit of one field, who made it and what it supersedes, and
the field heads (the changes of a field no other change supersedes: two or more = a conflict).

The write path appends here; undo, reviews, sync and the detail pane read here. ``CHANGE_COLUMNS``
is the one list of a change's columns as they travel between laptops (``seq`` is local).
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from operator import itemgetter
from typing import Any

from storage.db.core import Txn, WriteCore, marks

#: A change as exchanged between laptops, in this order (the local ``seq`` is not part of it).
CHANGE_COLUMNS: tuple[str, ...] = (
    "id",
    "txn_id",
    "replica_id",
    "stamp",
    "actor",
    "at",
    "entity",
    "entity_id",
    "field",
    "old_value",
    "new_value",
    "reason",
    "supersedes",
    "source",
)
#: A wire change's ``CHANGE_COLUMNS`` values, in order, as a tuple.
_WIRE_VALUES = itemgetter(*CHANGE_COLUMNS)
#: How the change log writes a JSON true (a deletion's new value).
TRUE = "true"
_CHUNK = 500  # ids per ``IN (...)``: well under SQLite's bound-variable limit


@dataclass(frozen=True)
class RagChange:
    """One rating an action had: from, to, why, who and when."""

    old: str | None
    new: str | None
    reason: str | None
    actor: str
    at: str


@dataclass(frozen=True)
class Head:
    """A change that is a head of its field, as sync weighs it (``storage.sync.derive``)."""

    id: str
    stamp: str
    replica_id: str
    new_value: str | None
    at: str
    actor: str
    seq: int

    @property
    def order(self) -> tuple[str, str, str]:
        """Sort key of the deterministic default: latest stamp, then replica id, then id."""
        return (self.stamp, self.replica_id, self.id)


_HEAD_COLUMNS = "c.id AS id, c.stamp AS stamp, c.replica_id AS replica_id, c.new_value AS new_value, c.at AS at, c.actor AS actor, c.seq AS seq"


def _head(row: Any) -> Head:
    return Head(row["id"], row["stamp"], row["replica_id"], row["new_value"], row["at"], row["actor"], row["seq"])


@dataclass(frozen=True)
class ChangeOfField:
    """One change of a field, with what it supersedes (JSON list of change ids)."""

    entity: str
    entity_id: str
    field: str
    supersedes: str
    head: Head


@dataclass(frozen=True)
class FieldChange:
    """A change of one of an action's fields that says why: a re-date (timescale) or a status
    (withdrawn, superseded...), with the reason given, who and when. Values are as stored."""

    field: str
    old: str | None
    new: str | None
    reason: str | None
    actor: str
    at: str


@dataclass(frozen=True)
class LoggedChange:
    """A change of one transaction, as undo needs it (values are JSON text)."""

    id: str
    replica_id: str
    entity: str
    entity_id: str
    field: str
    old_value: str | None


class ChangeLog:
    """Reading the change log."""

    def __init__(self, txn: Txn) -> None:
        self._txn = txn

    def heads(self, entity: str, entity_id: str, field: str) -> list[str]:
        """The ids of the field's current heads, sorted."""
        return sorted(
            self._txn.column(
                "SELECT change_id FROM field_head WHERE entity = ? AND entity_id = ? AND field = ?",
                (entity, entity_id, field),
            )
        )

    def of_transaction(self, txn_id: str) -> list[LoggedChange]:
        """The changes of one transaction, newest first (the order undo reverts them in)."""
        return [
            LoggedChange(row["id"], row["replica_id"], row["entity"], row["entity_id"], row["field"], row["old_value"])
            for row in self._txn.rows(
                "SELECT id, replica_id, entity, entity_id, field, old_value FROM change WHERE txn_id = ?"
                " ORDER BY seq DESC",
                (txn_id,),
            )
        ]

    def heads_by_replica(self, entity: str, entity_id: str, field: str) -> list[tuple[str, str]]:
        """The field's current heads as (change id, the replica that made it)."""
        return [
            (row["change_id"], row["replica_id"])
            for row in self._txn.rows(
                "SELECT h.change_id AS change_id, c.replica_id AS replica_id FROM field_head h"
                " JOIN change c ON c.id = h.change_id WHERE h.entity = ? AND h.entity_id = ? AND h.field = ?",
                (entity, entity_id, field),
            )
        ]

    def default_value(self, change_ids: Sequence[str]) -> str | None:
        """The new value (JSON) shown among several heads: the latest stamp, then replica id,
        then id (the rule of storage.sync.derive.winner, which every laptop applies alike)."""
        rows = self._txn.rows(
            f"SELECT stamp, replica_id, id, new_value FROM change WHERE id IN ({marks(change_ids)})", change_ids
        )
        best = max(rows, key=lambda r: (r["stamp"], r["replica_id"], r["id"]))
        value: str | None = best["new_value"]
        return value

    def transaction_of_create(self, entity: str, entity_id: str) -> str | None:
        """The transaction that created a record (what undoing its creation reverts)."""
        txn_id: str | None = self._txn.scalar(
            "SELECT txn_id FROM change WHERE entity = ? AND entity_id = ? AND field = '_create'", (entity, entity_id)
        )
        return txn_id

    def rag_history(self, action_id: str) -> list[RagChange]:
        """Every rating the action has had, oldest first, with reason, who and when."""
        history = []
        for row in self._txn.rows(
            "SELECT field, old_value, new_value, reason, actor, at FROM change "
            "WHERE entity = 'action' AND entity_id = ? AND field IN ('_create', 'rag') ORDER BY stamp",
            (action_id,),
        ):
            if row["field"] == "_create":
                rag = json.loads(row["new_value"]).get("rag")
                if rag:
                    history.append(RagChange(None, rag, row["reason"] or "initial rating", row["actor"], row["at"]))
            else:
                old = json.loads(row["old_value"]) if row["old_value"] else None
                history.append(RagChange(old, json.loads(row["new_value"]), row["reason"], row["actor"], row["at"]))
        return history

    def head_changes(self, entity: str, entity_id: str, field: str) -> list[Head]:
        """The field's current heads, each with its change."""
        return [
            _head(row)
            for row in self._txn.rows(
                f"SELECT {_HEAD_COLUMNS} FROM field_head h JOIN change c ON c.id = h.change_id "
                "WHERE h.entity = ? AND h.entity_id = ? AND h.field = ?",
                (entity, entity_id, field),
            )
        ]

    def field_conflicts(self) -> list[tuple[tuple[str, str, str], Head]]:
        """The heads of every field (not ``_delete``) with two or more: ``((entity, id, field),
        head)`` each."""
        return [
            ((row["entity"], row["entity_id"], row["field"]), _head(row))
            for row in self._txn.rows(
                f"SELECT h.entity AS entity, h.entity_id AS entity_id, h.field AS field, {_HEAD_COLUMNS} "
                "FROM (SELECT entity, entity_id, field FROM field_head WHERE field != '_delete' "
                "      GROUP BY entity, entity_id, field HAVING count(*) > 1) g "
                "JOIN field_head h ON h.entity = g.entity AND h.entity_id = g.entity_id AND h.field = g.field "
                "JOIN change c ON c.id = h.change_id"
            )
        ]

    def deleted_heads(self) -> list[tuple[str, str]]:
        """The records with a "delete" head: ``(entity, id)`` each."""
        return [
            (row["entity"], row["entity_id"])
            for row in self._txn.rows(
                "SELECT DISTINCT h.entity AS entity, h.entity_id AS entity_id FROM field_head h "
                "JOIN change c ON c.id = h.change_id WHERE h.field = '_delete' AND c.new_value = ?",
                (TRUE,),
            )
        ]

    def ever_deleted(self, records: Sequence[tuple[str, str]]) -> list[tuple[str, str]]:
        """Which of ``records`` (entity, id) have a ``_delete`` head: ever deleted or restored."""
        by_entity: dict[str, list[str]] = {}
        for entity, entity_id in records:
            by_entity.setdefault(entity, []).append(entity_id)
        found: list[tuple[str, str]] = []
        for entity, ids in sorted(by_entity.items()):
            for start in range(0, len(ids), _CHUNK):
                chunk = ids[start : start + _CHUNK]
                found += [
                    (entity, entity_id)
                    for entity_id in self._txn.column(
                        "SELECT DISTINCT entity_id FROM field_head WHERE entity = ? AND field = '_delete' "
                        f"AND entity_id IN ({marks(chunk)}) ORDER BY entity_id",
                        (entity, *chunk),
                    )
                ]
        return found

    def edits_of(self, entity: str, entity_id: str, before_seq: int | None = None) -> set[str]:
        """The changes that edit a record (not its creation or deletion), and for an action the
        changes of its progress entries (but their deletions); only those that arrived here
        before ``before_seq``."""
        limit, params = ("", ()) if before_seq is None else (" AND c.seq < ?", (before_seq,))
        ids = set(
            self._txn.column(
                "SELECT c.id FROM change c WHERE c.entity = ? AND c.entity_id = ? "
                f"AND c.field NOT IN ('_create', '_delete'){limit}",
                (entity, entity_id, *params),
            )
        )
        if entity == "action":
            ids.update(
                self._txn.column(
                    "SELECT c.id FROM progress p JOIN change c ON c.entity = 'progress' AND c.entity_id = p.id "
                    f"WHERE p.action_id = ? AND c.field != '_delete'{limit}",
                    (entity_id, *params),
                )
            )
        return ids

    def seen_by(self, change_id: str) -> set[str] | None:
        """What the author of a deletion had seen, as recorded with it (None: not recorded)."""
        seen = self._txn.scalar("SELECT seen FROM change_seen WHERE change_id = ?", (change_id,))
        return None if seen is None else set(json.loads(seen))

    def live_edits(self, entity: str, entity_id: str) -> list[str]:
        """The edits of a record that are still current: heads of its fields, and for an action
        the creation and current field values of its progress entries that are not deleted."""
        ids = self._txn.column(
            "SELECT change_id FROM field_head WHERE entity = ? AND entity_id = ? AND field != '_delete'",
            (entity, entity_id),
        )
        if entity == "action":
            ids += self._txn.column(
                "SELECT h.change_id FROM progress p JOIN field_head h ON h.entity = 'progress' AND h.entity_id = p.id "
                "WHERE p.action_id = ? AND p.deleted = 0 AND h.field != '_delete'",
                (entity_id,),
            )
            ids += self._txn.column(
                "SELECT c.id FROM progress p JOIN change c ON c.entity = 'progress' AND c.entity_id = p.id "
                "AND c.field = '_create' WHERE p.action_id = ? AND p.deleted = 0",
                (entity_id,),
            )
        return ids

    def described(self, change_id: str) -> Any:
        """One change's ``entity, field, new_value, actor, at, stamp, replica_id`` (None: none)."""
        return self._txn.one(
            "SELECT entity, field, new_value, actor, at, stamp, replica_id FROM change WHERE id = ?", (change_id,)
        )

    def action_history(self, action_id: str) -> list[Any]:
        """Every change of an action and of its progress entries: ``at, source, entity`` and the
        entry's ``entry_date`` (progress only)."""
        return self._txn.rows(
            "SELECT c.at AS at, c.source AS source, c.entity AS entity, p.entry_date AS entry_date FROM change c "
            "LEFT JOIN progress p ON c.entity = 'progress' AND p.id = c.entity_id "
            "WHERE (c.entity = 'action' AND c.entity_id = ?) OR (c.entity = 'progress' AND p.action_id = ?)",
            (action_id, action_id),
        )

    def created_at(self, entity: str, entity_id: str) -> str | None:
        """When the record's creation was made (its change's ``at``)."""
        at: str | None = self._txn.scalar(
            "SELECT at FROM change WHERE entity = ? AND entity_id = ? AND field = '_create'", (entity, entity_id)
        )
        return at

    def shown_at(self, entity: str, entity_id: str, field: str) -> str | None:
        """When the value a field shows was set: its latest head's ``at``."""
        at: str | None = self._txn.scalar(
            "SELECT c.at FROM field_head h JOIN change c ON c.id = h.change_id "
            "WHERE h.entity = ? AND h.entity_id = ? AND h.field = ? ORDER BY c.stamp DESC LIMIT 1",
            (entity, entity_id, field),
        )
        return at

    def dates_and_status(self, action_id: str) -> list[FieldChange]:
        """The action's re-dates and status changes after it was made, oldest first, each with
        its reason (an undo's reason is "undo")."""
        return [
            FieldChange(
                row["field"],
                json.loads(row["old_value"]) if row["old_value"] else None,
                json.loads(row["new_value"]) if row["new_value"] else None,
                row["reason"],
                row["actor"],
                row["at"],
            )
            for row in self._txn.rows(
                "SELECT field, old_value, new_value, reason, actor, at FROM change"
                " WHERE entity = 'action' AND entity_id = ? AND field IN ('timescale', 'status') ORDER BY stamp",
                (action_id,),
            )
        ]

    def progress_provenance(self, progress_ids: Sequence[str]) -> dict[str, tuple[bool, str | None]]:
        """For progress entries: whether each came in by import, and who last corrected it since
        (an edit of its text, kind or date; None if no one)."""
        found: dict[str, tuple[bool, str | None]] = {}
        for start in range(0, len(progress_ids), _CHUNK):
            chunk = list(progress_ids[start : start + _CHUNK])
            for row in self._txn.rows(
                "SELECT entity_id, field, source, actor FROM change WHERE entity = 'progress'"
                f" AND entity_id IN ({marks(chunk)}) AND field IN ('_create', 'text', 'kind', 'entry_date')"
                " ORDER BY stamp",
                chunk,
            ):
                imported, corrected = found.get(row["entity_id"], (False, None))
                if row["field"] == "_create":
                    imported = row["source"] == "import"
                elif row["source"] in ("edit", "sync-resolve"):
                    corrected = row["actor"]
                found[row["entity_id"]] = (imported, corrected)
        return found

    def last_seq(self) -> int:
        """The local sequence number of the newest change here (0 for none)."""
        return int(self._txn.scalar("SELECT coalesce(max(seq), 0) FROM change"))

    def count(self) -> int:
        return int(self._txn.scalar("SELECT count(*) FROM change"))

    def any(self) -> bool:
        return self._txn.scalar("SELECT 1 FROM change LIMIT 1") is not None

    def known_ids(self, ids: Sequence[str]) -> set[str]:
        """Which of ``ids`` are in the log here."""
        found: set[str] = set()
        for start in range(0, len(ids), _CHUNK):
            chunk = ids[start : start + _CHUNK]
            found.update(self._txn.column(f"SELECT id FROM change WHERE id IN ({marks(chunk)})", chunk))
        return found

    def count_since(self, after_seq: int, replicas: Sequence[str], up_to_seq: int | None = None) -> int:
        """How many changes written by ``replicas`` arrived here after ``after_seq`` (up to
        ``up_to_seq``): what one laptop has not yet sent."""
        if not replicas:
            return 0
        sql = f"SELECT count(*) FROM change WHERE seq > ? AND replica_id IN ({marks(replicas)})"
        params: list[Any] = [after_seq, *replicas]
        if up_to_seq is not None:
            sql += " AND seq <= ?"
            params.append(up_to_seq)
        return int(self._txn.scalar(sql, params))

    def outgoing(
        self, up_to_seq: int, after_seq: int | None = None, replicas: Sequence[str] = ()
    ) -> list[dict[str, Any]]:
        """Changes as sent to other laptops (``CHANGE_COLUMNS``, plus ``seen`` for a deletion
        that carries it), in local order: all up to ``up_to_seq``, or only those ``replicas``
        wrote after ``after_seq``."""
        columns = ", ".join(f"c.{c}" for c in CHANGE_COLUMNS)
        sql = (
            f"SELECT {columns}, s.seen AS seen FROM change c LEFT JOIN change_seen s ON s.change_id = c.id "
            "WHERE c.seq <= ?"
        )
        params: list[Any] = [up_to_seq]
        if after_seq is not None:
            sql += f" AND c.seq > ? AND c.replica_id IN ({marks(replicas)})"
            params += [after_seq, *replicas]
        ops = []
        for row in self._txn.rows(sql + " ORDER BY c.seq", params):
            op = {column: row[column] for column in CHANGE_COLUMNS}
            if row["seen"] is not None:
                op["seen"] = json.loads(row["seen"])
            ops.append(op)
        return ops


class ChangeLogWriter(ChangeLog):
    """Appending to the change log (in a write transaction)."""

    def __init__(self, txn: WriteCore) -> None:
        super().__init__(txn)
        self._write = txn

    def record(
        self,
        entity: str,
        entity_id: str,
        field: str,
        old_value: str | None,
        new_value: str,
        reason: str | None = None,
        supersedes: Sequence[str] | None = None,
    ) -> list[str]:
        """Log one edit made by this transaction (values as JSON text). It supersedes the field's
        current heads (or only ``supersedes``: heads it leaves stay, a conflict) and becomes a
        head. Returns the field's heads after it, the new change last."""
        from models.ids import new_id

        txn = self._write
        change_id = new_id()
        current = self.heads(entity, entity_id, field) if field != "_create" else []
        heads = current if supersedes is None else sorted(set(supersedes))
        kept = [h for h in current if h not in heads]
        txn.run(
            "INSERT INTO change (id, seq, txn_id, replica_id, stamp, actor, at, entity, entity_id, field,"
            " old_value, new_value, reason, supersedes, source)"
            " VALUES (?, (SELECT coalesce(max(seq), 0) + 1 FROM change), ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (
                change_id,
                txn.id,
                txn.clock.replica,
                txn.clock.tick(),
                txn.actor,
                txn.at,
                entity,
                entity_id,
                field,
                old_value,
                new_value,
                reason,
                json.dumps(heads, separators=(",", ":")),
                txn.source,
            ),
        )
        if field != "_create":
            key = (entity, entity_id, field)
            self.set_heads([key], {key: [*kept, change_id]})
        txn.change_ids.append(change_id)
        return [*kept, change_id]

    def record_creates(
        self,
        entities: Sequence[str],
        entity_ids: Sequence[str],
        new_values: Sequence[str],
        reasons: Sequence[str | None],
    ) -> list[str]:
        """Log the creation of many records made by this transaction, given column by column: the
        kind, id, values (JSON text) and reason of each, as ``record`` would one by one (a create
        has no heads), with one statement; returns the new changes' ids in order."""
        from models.ids import new_ids

        txn = self._write
        count = len(entity_ids)
        if not len(entities) == len(new_values) == len(reasons) == count:
            raise ValueError("record_creates: columns of different lengths")
        change_ids = new_ids(count)
        base = self.last_seq()  # numbered here, in order: this transaction holds the write lock
        # Every column but the id, seq, stamp, record and values is the transaction's own: written
        # once into the statement (``insert_many``), and so are a kind and a reason all share.
        same: dict[str, Any] = {
            "txn_id": txn.id,
            "replica_id": txn.clock.replica,
            "actor": txn.actor,
            "at": txn.at,
            "field": "_create",
            "old_value": None,
            "supersedes": json.dumps([]),
            "source": txn.source,
        }
        columns: list[str] = ["id", "seq", "stamp", "entity_id", "new_value"]
        values: list[Iterable[Any]] = [
            change_ids,
            range(base + 1, base + count + 1),
            txn.clock.ticks(count),
            entity_ids,
            new_values,
        ]
        for name, given in (("entity", entities), ("reason", reasons)):
            if count and given.count(given[0]) == count:  # (``count``: C-fast for one object repeated)
                same[name] = given[0]
            else:
                columns.append(name)
                values.append(given)
        txn.insert_columns("change", columns, values, same)
        txn.change_ids.extend(change_ids)
        return change_ids

    def set_heads(
        self, fields: Sequence[tuple[str, str, str]], heads: Mapping[tuple[str, str, str], Iterable[str]]
    ) -> None:
        """Replace the heads of ``fields`` (entity, id, field) with ``heads`` (change ids each)."""
        txn = self._write
        txn.run_many("DELETE FROM field_head WHERE entity = ? AND entity_id = ? AND field = ?", fields)
        txn.run_many(
            "INSERT INTO field_head (entity, entity_id, field, change_id) VALUES (?, ?, ?, ?)",
            [(*key, change_id) for key in fields for change_id in heads.get(key, ())],
        )

    def of_fields(self, fields: Sequence[tuple[str, str, str]], up_to_seq: int | None = None) -> list[ChangeOfField]:
        """Every change of ``fields`` (entity, id, field) known here (up to local seq ``up_to_seq``)."""
        txn = self._write
        txn.run("CREATE TEMP TABLE IF NOT EXISTS sync_groups(entity TEXT, entity_id TEXT, field TEXT)")
        txn.run("DELETE FROM sync_groups")
        txn.run_many("INSERT INTO sync_groups VALUES (?, ?, ?)", fields)
        limit, params = ("", ()) if up_to_seq is None else (" WHERE c.seq <= ?", (up_to_seq,))
        found = [
            ChangeOfField(row["entity"], row["entity_id"], row["field"], row["supersedes"], _head(row))
            for row in txn.rows(
                "SELECT c.entity AS entity, c.entity_id AS entity_id, c.field AS field, c.supersedes AS supersedes, "
                f"{_HEAD_COLUMNS} FROM sync_groups g "
                "JOIN change c ON c.entity = g.entity AND c.entity_id = g.entity_id AND c.field = g.field" + limit,
                params,
            )
        ]
        txn.run("DELETE FROM sync_groups")
        return found

    def move_back(self, moves: Iterable[tuple[str, str, str]]) -> None:
        """Set the time and stamp of changes not sent yet: ``(at, stamp, change id)`` each (a
        laptop whose clock ran fast, ``storage.sync.skew``)."""
        self._write.run_many("UPDATE change SET at = ?, stamp = ? WHERE id = ?", list(moves))

    def add_received(self, ops: Sequence[Mapping[str, Any]]) -> int:
        """Append changes received from other laptops (wire dicts with every ``CHANGE_COLUMNS``),
        numbered in arrival order after the newest here; a change already here is skipped.
        Returns the newest seq before them (the n-th of ``ops`` is numbered that + n)."""
        base = self.last_seq()
        columns = ", ".join(CHANGE_COLUMNS)
        values = _WIRE_VALUES
        with self._write.bulk_insert("change", len(ops), base):  # seqs are unique: no more rows than the last
            self._write.run_many(
                f"INSERT OR IGNORE INTO change (seq, {columns}) VALUES (?, {marks(CHANGE_COLUMNS)})",
                [(base + n, *values(op)) for n, op in enumerate(ops, 1)],
            )
        return base

    def add_seen(self, seen: Iterable[tuple[str, Iterable[str]]]) -> None:
        """Record, for deletions, the changes their author had seen (``(change id, ids)`` each);
        a deletion that already has its record keeps it."""
        self._write.run_many(
            "INSERT OR IGNORE INTO change_seen (change_id, seen) VALUES (?, ?)",
            [(change_id, json.dumps(sorted(ids))) for change_id, ids in seen],
        )
