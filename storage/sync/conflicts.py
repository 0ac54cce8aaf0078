"""Conflicts for officers to settle, and settling them through the write path.

Two kinds:
- "field": two or more officers changed the same field without seeing each other's change and
  their values differ. Every value is kept; the default (latest stamp, then replica id) shows
  until someone chooses.
- "delete": a record was deleted by someone who had not seen an edit of it (or while someone
  else restored it). The record stays shown (nothing is hidden from the officer who edited it)
  until someone chooses to keep it (False) or delete it (True).

``resolve_conflict`` writes one ordinary change through storage.writes that supersedes every
head of the field, so the resolution syncs like any edit and the conflict ends everywhere.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from typing import Any

from storage.db import ReadTxn, Store
from storage.db.changes import Head
from storage.errors import EditRefused
from storage.sync.derive import delete_state, heads_of, winner
from storage.sync.local import read_txn
from storage.values import from_json
from storage.writes import edit

FIELD_LABELS = {
    "rag": "RAG",
    "leads": "leads",
    "timescale": "timescale",
    "text": "text",
    "status": "status",
    "ref": "reference",
    "_delete": "deleted",
    "entry_date": "date",
    "kind": "kind",
}


@dataclass(frozen=True)
class ConflictValue:
    """One of the concurrent values: what it is, who set it and when (their laptop's clock)."""

    value: Any
    actor: str
    at: str
    change_id: str
    stamp: str
    replica_id: str
    description: str
    about: str = ""  # another record this value concerns (an action kept in a deleted objective)


@dataclass(frozen=True)
class Conflict:
    kind: str  # "field" or "delete"
    entity: str
    entity_id: str
    field: str  # the field; "_delete" for kind "delete"
    label: str  # the record, for people: "action 1a (Care2Work)"
    field_label: str
    values: tuple[ConflictValue, ...]  # every concurrent value, the default first
    default: Any  # what shows until someone chooses (for "delete": False, the record is kept)
    head_ids: tuple[str, ...]  # the changes a resolution supersedes

    def describe(self) -> str:
        """One line: the record, the field, each value with who and when, and what shows now."""
        parts = " | ".join(
            v.description + (f" by {v.actor} {v.at[:16].replace('T', ' ')}" if v.actor else "") for v in self.values
        )
        shown = (
            ("kept" if not self.default else "deleted") if self.kind == "delete" else _show(self.field, self.default)
        )
        return f"{self.label} {self.field_label}: {parts} — showing {shown}"


def list_conflicts(db: Store) -> list[Conflict]:
    """Every open conflict, in a stable order (by record, then field)."""
    with read_txn(db) as txn:
        conflicts = _field_conflicts(txn) + _delete_conflicts(txn)
    return sorted(conflicts, key=lambda c: (c.label, c.entity_id, c.field))


def resolve_conflict(
    db: Store, conflict: Conflict, chosen_value: Any, actor: str | None = None, reason: str | None = None
) -> str:
    """Settle ``conflict`` with ``chosen_value`` (for kind "delete": True deletes, False keeps).

    Refused if the conflict changed since it was listed (someone synced or settled it). Returns
    the id of the transaction written (undo works on it like on any edit).
    """
    with read_txn(db) as txn:
        current = {h.id for h in heads_of(txn, conflict.entity, conflict.entity_id, conflict.field)}
    if current != set(conflict.head_ids):
        raise EditRefused("this conflict changed since it was listed (a sync or another officer): look at it again")
    reason = reason or "settled a sync conflict"
    with edit(db, actor, source="sync-resolve") as editor:
        if conflict.kind == "delete" and chosen_value and conflict.entity == "objective":
            # As deleting an objective does: its actions go with it.
            for value in conflict.values:
                if value.about:
                    editor.resolve("action", value.about, "_delete", True, reason=reason)
        editor.resolve(
            conflict.entity,
            conflict.entity_id,
            conflict.field,
            bool(chosen_value) if conflict.kind == "delete" else chosen_value,
            reason=reason,
        )
        return editor.txn_id


def _field_conflicts(r: ReadTxn) -> list[Conflict]:
    groups: dict[tuple[str, str, str], list[Head]] = defaultdict(list)
    for group, head in r.changes.field_conflicts():
        groups[group].append(head)
    found = []
    for (entity, entity_id, field_name), heads in groups.items():
        if len({h.new_value for h in heads}) < 2 or _shown_deleted(r, entity, entity_id):
            continue  # officers who agree are not in conflict; a deleted record has nothing to settle
        ordered = sorted(heads, key=lambda h: h.order, reverse=True)
        values = tuple(
            ConflictValue(
                from_json(h.new_value),
                h.actor,
                h.at,
                h.id,
                h.stamp,
                h.replica_id,
                _show(field_name, from_json(h.new_value), r),
            )
            for h in ordered
        )
        found.append(
            Conflict(
                "field",
                entity,
                entity_id,
                field_name,
                _label(r, entity, entity_id),
                FIELD_LABELS.get(field_name, field_name.replace("_", " ")),
                values,
                from_json(winner(heads).new_value),
                tuple(sorted(h.id for h in heads)),
            )
        )
    return found


def _delete_conflicts(r: ReadTxn) -> list[Conflict]:
    # A record with a "delete" head that still shows is exactly a record kept by a conflict.
    candidates = r.changes.deleted_heads()
    found = []
    for entity, entity_id in candidates:
        if _shown_deleted(r, entity, entity_id) is not False:
            continue
        state = delete_state(r, entity, entity_id)
        if not state.conflict:
            continue
        values = [
            ConflictValue(True, d.actor, d.at, d.id, d.stamp, d.replica_id, "deleted it")
            for d in sorted(state.deletes, key=lambda h: h.order, reverse=True)
        ]
        values += [
            ConflictValue(False, h.actor, h.at, h.id, h.stamp, h.replica_id, "restored it") for h in state.restores
        ]
        for change_id in state.unseen:
            row = r.changes.described(change_id)
            field = row["field"]
            what = (
                "added a progress entry"
                if row["entity"] == "progress" and field == "_create"
                else f"changed {FIELD_LABELS.get(field, field)} to {_show(field, from_json(row['new_value']), r)}"
            )
            values.append(
                ConflictValue(False, row["actor"], row["at"], change_id, row["stamp"], row["replica_id"], what)
            )
        for action_id in state.kept_children:
            naming = r.records.naming("action", action_id)
            ref = naming.name if naming else action_id[:8]
            values.append(
                ConflictValue(False, "", "", "", "", "", f"action {ref} in it is still shown", about=action_id)
            )
        found.append(
            Conflict(
                "delete",
                entity,
                entity_id,
                "_delete",
                _label(r, entity, entity_id),
                "deleted",
                tuple(values),
                False,
                tuple(sorted(h.id for h in state.deletes + state.restores)),
            )
        )
    return found


def _shown_deleted(r: ReadTxn, entity: str, entity_id: str) -> bool | None:
    return r.records.deleted(entity, entity_id)


def _label(r: ReadTxn, entity: str, entity_id: str) -> str:
    try:
        naming = r.records.naming(entity, entity_id)
    except KeyError:
        naming = None
    if naming is None:
        return f"{entity} {entity_id[:8]}"
    if entity == "action":
        return f"action {naming.name} ({naming.within})"
    if entity == "progress":
        return f"progress entry on action {naming.name} ({_short(naming.within)})"
    return f"{entity} {naming.name}"


def _show(field_name: str, value: Any, r: ReadTxn | None = None) -> str:
    if value is None or value == "":
        return "none" if field_name == "rag" else "(empty)"
    if field_name == "leads" and r is not None and isinstance(value, list):
        names = []
        for officer_id in value:
            naming = r.records.naming("officer", officer_id)
            names.append(naming.name if naming else officer_id[:8])
        return ", ".join(names) or "(nobody)"
    if isinstance(value, list):
        return ", ".join(map(str, value)) or "(nobody)"
    return _short(str(value))


def _short(text: str, width: int = 40) -> str:
    text = " ".join(str(text).split())
    return text if len(text) <= width else text[: width - 1] + "…"
