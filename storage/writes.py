"""The one write path. Every edit, from the TUI, the command line, import or sync resolution,
goes through an ``Editor``: it writes the row change and a change-log record (who, when, entity,
field, old and new value, reason) in the same transaction.

    with edit(db, actor="Jackie Roper") as editor:
        editor.set_rag(action_id, "amber", reason="Training delayed to May")
        editor.add_progress(action_id, "next", "Book the venue")

One ``with`` block is one user action: one transaction and one ``txn_id``, which is what undo
reverts as a whole.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date
from typing import Any

from sqlalchemy import Connection

from models.domain import ProgressKind, Rag, Status
from models.tables import ENTITY_TABLES, new_id, new_ids
from storage.clock import HybridClock, utc_now_iso
from storage.database import Database
from storage.errors import EditRefused, NotFound
from storage.materialise import (
    current_value,
    materialise_create,
    materialise_creates,
    materialise_field,
    raw,
    touch_actions,
)
from storage.values import clean_value, from_json, to_json

# Plain SQL on the transaction's own connection: an edit is a handful of statements, and
# building SQLAlchemy expressions for each cost more than running them (imports of thousands
# of rows go through here too).
_INSERT_CHANGE = (
    "INSERT INTO change (id, seq, txn_id, replica_id, stamp, actor, at, entity, entity_id, field,"
    " old_value, new_value, reason, supersedes, source)"
    " VALUES (?, (SELECT coalesce(max(seq), 0) + 1 FROM change), ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
)
_HEADS = "SELECT change_id FROM field_head WHERE entity = ? AND entity_id = ? AND field = ?"
_DROP_HEADS = "DELETE FROM field_head WHERE entity = ? AND entity_id = ? AND field = ?"
_ADD_HEAD = "INSERT INTO field_head (entity, entity_id, field, change_id) VALUES (?, ?, ?, ?)"


class Editor:
    """Makes the edits of one transaction. Get one from ``edit(db, actor)``."""

    def __init__(self, conn: Connection, actor: str, clock: HybridClock, source: str = "edit"):
        self.conn = conn
        self.sql = raw(conn).execute  # plain SQL inside this transaction (see storage.materialise.raw)
        self.actor = actor
        self.clock = clock
        self.source = source
        self.txn_id = new_id()
        self.at = utc_now_iso()
        self.today = date.fromisoformat(self.at[:10])
        self.change_ids: list[str] = []
        self._live: set[tuple[str, str]] = set()  # (entity, id) known to exist, not deleted
        # action id -> the latest "last update" day this transaction brings (None: only touched);
        # written once at the end (``flush``) instead of after every change.
        self._touched: dict[str, date | None] = {}

    # --- creating ------------------------------------------------------------------------
    def create(self, entity: str, *, reason: str | None = None, **values: Any) -> str:
        """Create a row of ``entity`` and log it; returns the new id. ``reason`` explains an
        initial rating (e.g. "imported from plan.docx")."""
        entity_id = values.pop("id", None) or new_id()
        clean = {field: clean_value(entity, field, value) for field, value in values.items()}
        if entity == "action":
            self._check_action_create(clean)
        materialise_create(self.conn, entity, entity_id, clean, self.at)
        self._log(entity, entity_id, "_create", None, clean, reason)
        self._live.add((entity, entity_id))
        self._after_change(entity, entity_id, clean)
        return entity_id

    def create_many(self, entity: str, rows: list[dict[str, Any]], reason: str | None = None) -> list[str]:
        """``create`` for many rows of one entity (an import's thousands of actions and progress
        entries): the same rows and the same change log, each written with one executemany."""
        items, changes = [], []
        ids = iter(new_ids(2 * len(rows)))
        for values in rows:
            values = dict(values)
            entity_id = values.pop("id", None) or next(ids)
            clean = {field: clean_value(entity, field, value) for field, value in values.items()}
            if entity == "action":
                self._check_action_create(clean)
            elif entity == "progress":
                if not (clean.get("text") or "").strip():
                    raise EditRefused("a progress entry needs some text")
                self._require("action", clean["action_id"])
            items.append((entity_id, clean, self.at))
            change_id = next(ids)
            changes.append(
                (
                    change_id,
                    self.txn_id,
                    self.clock.replica,
                    self.clock.tick(),
                    self.actor,
                    self.at,
                    entity,
                    entity_id,
                    "_create",
                    None,
                    to_json(clean),
                    reason,
                    to_json([]),
                    self.source,
                )
            )
            self.change_ids.append(change_id)
        materialise_creates(self.conn, entity, items)
        raw(self.conn).executemany(_INSERT_CHANGE, changes)
        for entity_id, clean, _ in items:
            self._live.add((entity, entity_id))
            self._after_change(entity, entity_id, clean)
        return [entity_id for entity_id, _, _ in items]

    def create_action(self, plan_id: str, objective_id: str, ref: str, text: str = "", **values: Any) -> str:
        return self.create("action", plan_id=plan_id, objective_id=objective_id, ref=ref, text=text, **values)

    def add_progress(
        self,
        action_id: str,
        kind: str | ProgressKind,
        text: str,
        entry_date: date | None = None,
        author: str | None = None,
    ) -> str:
        """Add a ✓ achievement, ⇒ next step or note to an action."""
        if not (text or "").strip():
            raise EditRefused("a progress entry needs some text")
        self._require("action", action_id)
        return self.create(
            "progress",
            action_id=action_id,
            kind=str(kind),
            text=text,
            entry_date=entry_date,
            author=author if author is not None else self.actor,
        )

    # --- changing ------------------------------------------------------------------------
    def set(
        self,
        entity: str,
        entity_id: str,
        field: str,
        value: Any,
        reason: str | None = None,
        *,
        supersedes: list[str] | None = None,
    ) -> bool:
        """Set one field. Returns False (and logs nothing) when the value is unchanged.

        ``supersedes``: the heads this change replaces (default: all of them, everything the
        editor sees). Heads it leaves stay, making a conflict; the value shown is then the
        usual default among the heads (storage.sync.derive.winner), as on every laptop."""
        self._require(entity, entity_id)
        new = clean_value(entity, field, value)
        if field == "rag" and entity == "action" and self.source == "edit" and not (reason or "").strip():
            raise EditRefused("a RAG change needs a reason")
        old = current_value(self.conn, entity, entity_id, field)
        if _same(old, new):
            return False
        heads = self._log(entity, entity_id, field, old, new, reason, supersedes)
        shown = new if len(heads) == 1 else _default_value(self.sql, heads)
        materialise_field(self.conn, entity, entity_id, field, shown, self.at)
        self._after_change(entity, entity_id, {field: shown})
        return True

    def set_rag(self, action_id: str, rag: str | Rag | None, reason: str) -> bool:
        return self.set("action", action_id, "rag", rag, reason=reason)

    def set_timescale(self, action_id: str, text: str) -> bool:
        return self.set("action", action_id, "timescale", text)

    def set_leads(self, action_id: str, officer_ids: list[str]) -> bool:
        for officer_id in officer_ids:
            self._require("officer", officer_id)
        return self.set("action", action_id, "leads", officer_ids)

    def set_status(self, action_id: str, status: str | Status, reason: str | None = None) -> bool:
        return self.set("action", action_id, "status", status, reason=reason)

    def complete(self, action_id: str, note: str) -> None:
        """Mark an action complete: status complete, rated blue, the note as an achievement."""
        if not (note or "").strip():
            raise EditRefused("completing an action needs a closing note")
        self.set_status(action_id, Status.COMPLETE, reason=note)
        self.set_rag(action_id, Rag.BLUE, reason=note)
        self.add_progress(action_id, ProgressKind.ACHIEVED, note, entry_date=date.fromisoformat(self.at[:10]))

    def resolve(self, entity: str, entity_id: str, field: str, value: Any, reason: str | None = None) -> None:
        """Settle a sync conflict: set ``field`` (a column, "leads" or "_delete") to ``value`` with
        a change that supersedes every current head of the field. Logged even when the value shown
        already equals ``value``: what changes is that the conflict is settled."""
        self._require(entity, entity_id, include_deleted=True)
        new = bool(value) if field == "_delete" else clean_value(entity, field, value)
        if field == "leads":
            for officer_id in new:
                self._require("officer", officer_id)
        old = current_value(self.conn, entity, entity_id, field)
        materialise_field(self.conn, entity, entity_id, field, new, self.at)
        self._log(entity, entity_id, field, old, new, reason)
        self._after_change(entity, entity_id, {field: new})

    def delete(self, entity: str, entity_id: str) -> bool:
        """Mark a row deleted (a tombstone: ids are never reused). Objectives take their actions."""
        self._require(entity, entity_id)
        if entity == "objective":
            children = [
                r[0] for r in self.sql("SELECT id FROM action WHERE objective_id = ? AND deleted = 0", (entity_id,))
            ]
            for child in children:
                self.delete("action", child)
        return self._set_deleted(entity, entity_id, True)

    def restore(self, entity: str, entity_id: str) -> bool:
        self._require(entity, entity_id, include_deleted=True)
        return self._set_deleted(entity, entity_id, False)

    def _set_deleted(self, entity: str, entity_id: str, deleted: bool) -> bool:
        old = bool(current_value(self.conn, entity, entity_id, "_delete"))
        if old == deleted:
            return False
        materialise_field(self.conn, entity, entity_id, "_delete", deleted, self.at)
        self._live.discard((entity, entity_id))
        self._log(entity, entity_id, "_delete", old, deleted)
        self._after_change(entity, entity_id, {"_delete": deleted})
        return True

    # --- the log -------------------------------------------------------------------------
    def _log(
        self,
        entity: str,
        entity_id: str,
        field: str,
        old: Any,
        new: Any,
        reason: str | None = None,
        supersedes: list[str] | None = None,
    ) -> list[str]:
        """Log one change; returns the field's heads after it (the new change among them)."""
        change_id = new_id()
        sql = self.sql
        key = (entity, entity_id, field)
        current = sorted(r[0] for r in sql(_HEADS, key)) if field != "_create" else []
        heads = current if supersedes is None else sorted(set(supersedes))
        kept = [h for h in current if h not in heads]
        sql(
            _INSERT_CHANGE,
            (
                change_id,
                self.txn_id,
                self.clock.replica,
                self.clock.tick(),
                self.actor,
                self.at,
                entity,
                entity_id,
                field,
                None if old is None else to_json(old),
                to_json(new),
                reason,
                to_json(heads),
                self.source,
            ),
        )
        if field != "_create":
            sql(_DROP_HEADS, key)
            for head in [*kept, change_id]:
                sql(_ADD_HEAD, (*key, head))
        self.change_ids.append(change_id)
        return [*kept, change_id]

    def _after_change(self, entity: str, entity_id: str, values: dict[str, Any]) -> None:
        """Keep each action's "updated" and "last update" moving as it and its progress change."""
        if entity == "action":
            self._touch(entity_id, self.today if self.source != "import" else None)
        elif entity == "progress":
            if "action_id" in values:
                action_id, entry_date = values["action_id"], values.get("entry_date")
            else:
                action_id, entry_date = self.sql(
                    "SELECT action_id, entry_date FROM progress WHERE id = ?", (entity_id,)
                ).fetchone()
                entry_date = date.fromisoformat(entry_date) if entry_date else None
            self._touch(action_id, self.today if self.source != "import" else None)
            if entry_date is not None and entry_date <= self.today:
                self._touch(action_id, entry_date)

    def _touch(self, action_id: str, day: date | None) -> None:
        known = self._touched.get(action_id)
        self._touched[action_id] = max(d for d in (known, day) if d) if (known or day) else None

    def flush(self) -> None:
        """Write the touched actions' "updated" and "last update" (once per action)."""
        if self._touched:
            touch_actions(self.conn, [(a, self.at, day) for a, day in self._touched.items()])
            self._touched.clear()

    # --- checks --------------------------------------------------------------------------
    def _require(self, entity: str, entity_id: str, include_deleted: bool = False) -> None:
        if entity not in ENTITY_TABLES:
            raise EditRefused(f"unknown kind of record: {entity}")
        if not include_deleted and (entity, entity_id) in self._live:
            return
        table = ENTITY_TABLES[entity].__table__.name
        sql = f'SELECT deleted FROM "{table}" WHERE id = ?'
        row = self.sql(sql, (entity_id,)).fetchone()
        if row is None or (row[0] and not include_deleted):
            raise NotFound(f"no {entity} with id {entity_id}")
        if not row[0]:
            self._live.add((entity, entity_id))

    def _check_action_create(self, values: dict[str, Any]) -> None:
        row = self.sql("SELECT plan_id FROM objective WHERE id = ?", (values.get("objective_id"),)).fetchone()
        if row is None:
            raise NotFound(f"no objective with id {values.get('objective_id')}")
        if values.get("plan_id") != row[0]:
            raise EditRefused("an action belongs to its objective's plan")
        for officer_id in values.get("leads") or []:
            self._require("officer", officer_id)


@contextmanager
def edit(db: Database, actor: str | None = None, source: str = "edit") -> Iterator[Editor]:
    """One user action: an Editor whose changes commit together, or not at all."""
    actor = actor or db.default_actor()
    replica_id = db.replica_id  # read before the write transaction opens its connection
    with db.write() as conn:
        clock = HybridClock(replica_id, _setting(conn, "clock"))
        editor = Editor(conn, actor, clock, source)
        yield editor
        editor.flush()
        if editor.change_ids:
            _save_setting(conn, "clock", clock.last)


def undo(db: Database, txn_id: str, actor: str | None = None) -> str | None:
    """Revert every change of transaction ``txn_id`` with new changes (so undo syncs too).

    Returns the id of the undoing transaction (undo it again to redo), or None if nothing changed.
    """
    with edit(db, actor, source="undo") as editor:
        rows = editor.sql(
            "SELECT id, replica_id, entity, entity_id, field, old_value FROM change WHERE txn_id = ? ORDER BY seq DESC",
            (txn_id,),
        ).fetchall()
        if not rows:
            raise NotFound(f"nothing to undo for {txn_id}")
        for change_id, replica_id, entity, entity_id, field, old_value in rows:
            if field == "_create":
                editor._set_deleted(entity, entity_id, True)
            elif field == "_delete":
                editor._set_deleted(entity, entity_id, bool(from_json(old_value)))
            else:
                reverted = undo_supersedes(
                    editor.sql, (entity, entity_id, field), change_id, {replica_id, editor.clock.replica}
                )
                editor.set(entity, entity_id, field, from_json(old_value), reason="undo", supersedes=reverted)
        return editor.txn_id if editor.change_ids else None


def undo_supersedes(sql, key: tuple[str, str, str], reverted: str, own_replicas: set[str]) -> list[str]:
    """What an undo of change ``reverted`` supersedes: that change, and the field's heads made on
    this laptop (its own later steps, e.g. an undo being redone). A head another laptop made (a
    colleague's newer value that arrived by sync) is not the undo's to replace: it stays, and the
    undo makes a conflict with it instead of erasing it."""
    heads = sql(
        "SELECT h.change_id, c.replica_id FROM field_head h JOIN change c ON c.id = h.change_id "
        "WHERE h.entity = ? AND h.entity_id = ? AND h.field = ?",
        key,
    ).fetchall()
    return sorted({reverted} | {head for head, replica in heads if replica in own_replicas})


def _default_value(sql, heads: list[str]) -> Any:
    """The value shown among several heads: latest stamp, then replica id, then id (the rule of
    storage.sync.derive.winner, which every laptop applies to the same heads)."""
    rows = sql(
        f"SELECT stamp, replica_id, id, new_value FROM change WHERE id IN ({','.join('?' * len(heads))})", heads
    ).fetchall()
    return from_json(max(rows, key=lambda r: (r[0], r[1], r[2]))[3])


def _same(old: Any, new: Any) -> bool:
    if isinstance(old, date) or isinstance(new, date):
        return str(old) == str(new)
    if isinstance(old, bool) or isinstance(new, bool):
        return old == new
    return (old if old != "" else None) == (new if new != "" else None) if old is None or new is None else old == new


def _setting(conn: Connection, key: str) -> str | None:
    row = raw(conn).execute("SELECT value FROM setting WHERE key = ?", (key,)).fetchone()
    return row[0] if row else None


def _save_setting(conn: Connection, key: str, value: str) -> None:
    raw(conn).execute("INSERT OR REPLACE INTO setting (key, value) VALUES (?, ?)", (key, value))
