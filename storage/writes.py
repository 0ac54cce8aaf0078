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

from sqlalchemy import Connection, delete, func, insert, select

from models.domain import ProgressKind, Rag, Status
from models.tables import ENTITY_TABLES, Action, Change, FieldHead, Objective, Progress, new_id
from storage.clock import HybridClock, utc_now_iso
from storage.database import Database
from storage.errors import EditRefused, NotFound
from storage.materialise import (
    bump_last_update,
    current_value,
    materialise_create,
    materialise_field,
    touch_action,
)
from storage.values import clean_value, from_json, to_json

CHANGE = Change.__table__
HEADS = FieldHead.__table__
_NEXT_SEQ = select(func.coalesce(func.max(CHANGE.c.seq), 0) + 1).scalar_subquery()


class Editor:
    """Makes the edits of one transaction. Get one from ``edit(db, actor)``."""

    def __init__(self, conn: Connection, actor: str, clock: HybridClock, source: str = "edit"):
        self.conn = conn
        self.actor = actor
        self.clock = clock
        self.source = source
        self.txn_id = new_id()
        self.at = utc_now_iso()
        self.change_ids: list[str] = []

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
        self._after_change(entity, entity_id, clean)
        return entity_id

    def create_action(self, plan_id: str, objective_id: str, ref: str, text: str = "", **values: Any) -> str:
        return self.create("action", plan_id=plan_id, objective_id=objective_id, ref=ref, text=text, **values)

    def add_progress(
        self, action_id: str, kind: str | ProgressKind, text: str,
        entry_date: date | None = None, author: str | None = None,
    ) -> str:
        """Add a ✓ achievement, ⇒ next step or note to an action."""
        if not (text or "").strip():
            raise EditRefused("a progress entry needs some text")
        self._require("action", action_id)
        return self.create(
            "progress", action_id=action_id, kind=str(kind), text=text,
            entry_date=entry_date, author=author if author is not None else self.actor,
        )

    # --- changing ------------------------------------------------------------------------
    def set(self, entity: str, entity_id: str, field: str, value: Any, reason: str | None = None) -> bool:
        """Set one field. Returns False (and logs nothing) when the value is unchanged."""
        self._require(entity, entity_id)
        new = clean_value(entity, field, value)
        if field == "rag" and entity == "action" and self.source == "edit" and not (reason or "").strip():
            raise EditRefused("a RAG change needs a reason")
        old = current_value(self.conn, entity, entity_id, field)
        if _same(old, new):
            return False
        materialise_field(self.conn, entity, entity_id, field, new, self.at)
        self._log(entity, entity_id, field, old, new, reason)
        self._after_change(entity, entity_id, {field: new})
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
            actions = Action.__table__
            children = self.conn.execute(
                select(actions.c.id).where(actions.c.objective_id == entity_id, actions.c.deleted.is_(False))
            ).scalars().all()
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
        self._log(entity, entity_id, "_delete", old, deleted)
        self._after_change(entity, entity_id, {"_delete": deleted})
        return True

    # --- the log -------------------------------------------------------------------------
    def _log(self, entity: str, entity_id: str, field: str, old: Any, new: Any, reason: str | None = None) -> None:
        change_id = new_id()
        heads = (
            self.conn.execute(
                select(HEADS.c.change_id).where(
                    HEADS.c.entity == entity, HEADS.c.entity_id == entity_id, HEADS.c.field == field
                )
            ).scalars().all()
            if field != "_create"
            else []
        )
        self.conn.execute(
            insert(CHANGE).values(
                id=change_id, seq=_NEXT_SEQ, txn_id=self.txn_id, replica_id=self.clock.replica,
                stamp=self.clock.tick(), actor=self.actor, at=self.at, entity=entity,
                entity_id=entity_id, field=field, old_value=None if old is None else to_json(old),
                new_value=to_json(new), reason=reason, supersedes=to_json(sorted(heads)),
                source=self.source,
            )
        )
        if field != "_create":
            self.conn.execute(
                delete(HEADS).where(HEADS.c.entity == entity, HEADS.c.entity_id == entity_id, HEADS.c.field == field)
            )
            self.conn.execute(
                insert(HEADS).values(entity=entity, entity_id=entity_id, field=field, change_id=change_id)
            )
        self.change_ids.append(change_id)

    def _after_change(self, entity: str, entity_id: str, values: dict[str, Any]) -> None:
        """Keep each action's "updated" and "last update" moving as its progress changes."""
        officer_edit = self.source != "import"
        if entity == "action":
            touch_action(self.conn, entity_id, self.at, officer_edit)
        elif entity == "progress":
            action_id = self.conn.execute(
                select(Progress.__table__.c.action_id, Progress.__table__.c.entry_date).where(
                    Progress.__table__.c.id == entity_id
                )
            ).one()
            touch_action(self.conn, action_id[0], self.at, officer_edit)
            if action_id[1] is not None and action_id[1] <= date.fromisoformat(self.at[:10]):
                bump_last_update(self.conn, action_id[0], action_id[1])

    # --- checks --------------------------------------------------------------------------
    def _require(self, entity: str, entity_id: str, include_deleted: bool = False) -> None:
        if entity not in ENTITY_TABLES:
            raise EditRefused(f"unknown kind of record: {entity}")
        table = ENTITY_TABLES[entity].__table__
        query = select(table.c.id).where(table.c.id == entity_id)
        if not include_deleted:
            query = query.where(table.c.deleted.is_(False))
        if self.conn.execute(query).first() is None:
            raise NotFound(f"no {entity} with id {entity_id}")

    def _check_action_create(self, values: dict[str, Any]) -> None:
        objective = Objective.__table__
        row = self.conn.execute(
            select(objective.c.plan_id).where(objective.c.id == values.get("objective_id"))
        ).first()
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
        if editor.change_ids:
            _save_setting(conn, "clock", clock.last)


def undo(db: Database, txn_id: str, actor: str | None = None) -> str | None:
    """Revert every change of transaction ``txn_id`` with new changes (so undo syncs too).

    Returns the id of the undoing transaction (undo it again to redo), or None if nothing changed.
    """
    with db.engine.begin() as conn:
        rows = conn.execute(
            select(CHANGE).where(CHANGE.c.txn_id == txn_id).order_by(CHANGE.c.seq.desc())
        ).mappings().all()
    if not rows:
        raise NotFound(f"nothing to undo for {txn_id}")
    with edit(db, actor, source="undo") as editor:
        for row in rows:
            entity, entity_id, field = row["entity"], row["entity_id"], row["field"]
            if field == "_create":
                editor._set_deleted(entity, entity_id, True)
            elif field == "_delete":
                editor._set_deleted(entity, entity_id, bool(from_json(row["old_value"])))
            else:
                editor.set(entity, entity_id, field, from_json(row["old_value"]), reason="undo")
        return editor.txn_id if editor.change_ids else None


def _same(old: Any, new: Any) -> bool:
    if isinstance(old, date) or isinstance(new, date):
        return str(old) == str(new)
    if isinstance(old, bool) or isinstance(new, bool):
        return old == new
    return (old if old != "" else None) == (new if new != "" else None) if old is None or new is None else old == new


def _setting(conn: Connection, key: str) -> str | None:
    from models.tables import Setting

    table = Setting.__table__
    return conn.execute(select(table.c.value).where(table.c.key == key)).scalar_one_or_none()


def _save_setting(conn: Connection, key: str, value: str) -> None:
    from models.tables import Setting

    table = Setting.__table__
    conn.execute(delete(table).where(table.c.key == key))
    conn.execute(insert(table).values(key=key, value=value))
