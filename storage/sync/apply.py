"""Applying received changes to the local database, inside the caller's one transaction.

Insert-or-ignore by change id, then rederive what the new changes touch: creations first (in
dependency order), then the heads and winning value of every touched field, the actions'
"updated"/"last update" (only forward), and whether touched records show as deleted. Rows are
written through storage.materialise, as for local edits, so every laptop derives the same rows.
A pull that would delete most of the plan is refused (the whole transaction rolls back).
"""

from __future__ import annotations

import json
import sqlite3
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from sqlalchemy import Connection
from sqlalchemy.exc import IntegrityError

from models.tables import ENTITY_TABLES
from storage.clock import HybridClock
from storage.materialise import materialise_creates, materialise_fields, touch_actions
from storage.sync.derive import TRUE, delete_state, recompute_heads, winner
from storage.sync.format import CHANGE_COLUMNS, Segment, SyncError
from storage.values import from_json

#: Creation order: a record's parents (and officers it names as leads) come before it.
RANK = {"plan": 0, "officer": 1, "theme": 2, "objective": 3, "action": 4, "progress": 5, "review": 6}
#: The fail-safe: a pull may not delete more than half of the plan's items (if there are this many).
MASS_DELETE_MIN = 20
DERIVE_ORDER = {"progress": 0, "action": 1, "objective": 2}
_CHUNK = 900  # SQLite's default limit on bound parameters is 999


class MassDeletion(SyncError):
    """A pull would delete most of the plan: refused unless the officer says it is intended."""


@dataclass
class Applied:
    received: int = 0
    by_actor: Counter = field(default_factory=Counter)
    deleted: int = 0  # records that now show as deleted
    kept: int = 0  # records that show again (an edit/delete conflict, or a restore)


def raw_connection(conn: Connection) -> sqlite3.Connection:
    return conn.connection.driver_connection


def apply_segments(
    conn: Connection, segments: list[Segment], replica_id: str, allow_mass_delete: bool = False
) -> Applied:
    """Apply the changes of ``segments`` (already in a causal order) in ``conn``'s transaction."""
    raw = raw_connection(conn)
    ops: dict[str, dict[str, Any]] = {}
    for segment in segments:
        for op in segment.ops:
            ops.setdefault(op["id"], op)
    known = _existing(raw, list(ops))
    new = [op for op in ops.values() if op["id"] not in known]
    result = Applied(received=len(new), by_actor=Counter(op["actor"] for op in new))
    if not new:
        return result
    live_before = _live_count(raw)
    try:
        _insert_changes(raw, new)
        _observe_clock(raw, replica_id, max(op["stamp"] for op in new))
        _create_rows(conn, raw, new)
        _require_rows(raw, new)
        heads = recompute_heads(
            raw, sorted({(op["entity"], op["entity_id"], op["field"]) for op in new if op["field"] != "_create"})
        )
        _apply_winners(conn, heads)
        _touch(conn, raw, new)
        _derive_deleted(conn, raw, new, result)
        removed = live_before - _live_count(raw)
    except (sqlite3.IntegrityError, IntegrityError) as error:
        raise SyncError(
            f"the changes received do not fit this laptop's plan ({_reason(error)}): nothing was applied"
        ) from None
    if not allow_mass_delete and live_before >= MASS_DELETE_MIN and removed * 2 > live_before:
        raise MassDeletion(
            f"this sync would remove {removed} of the {live_before} actions shown on this laptop, "
            "which looks like a mistake (a wrongly emptied folder?): nothing was applied. "
            "If the deletions are intended, run: ragtrack sync --allow-deletions"
        )
    return result


def _require_rows(raw: sqlite3.Connection, new: list[dict[str, Any]]) -> None:
    """Every record a received edit changes exists here (changes arrive after what they build on:
    anything else is a damaged share, refused rather than half-applied)."""
    wanted: dict[str, set[str]] = defaultdict(set)
    for op in new:
        if op["field"] != "_create":
            wanted[op["entity"]].add(op["entity_id"])
    for entity, ids in wanted.items():
        table = ENTITY_TABLES[entity].__tablename__
        listed = sorted(ids)
        for i in range(0, len(listed), _CHUNK):
            chunk = listed[i : i + _CHUNK]
            found = raw.execute(
                f'SELECT count(*) FROM "{table}" WHERE id IN ({",".join("?" * len(chunk))})', chunk
            ).fetchone()[0]
            if found != len(chunk):
                raise SyncError(
                    f"received edits of a {entity} this laptop does not have (is the share missing "
                    "files?): nothing was applied"
                )


def _reason(error: Exception) -> str:
    return str(getattr(error, "orig", None) or error).splitlines()[0]


def _existing(raw: sqlite3.Connection, ids: list[str]) -> set[str]:
    found: set[str] = set()
    for i in range(0, len(ids), _CHUNK):
        chunk = ids[i : i + _CHUNK]
        found.update(
            r[0] for r in raw.execute(f"SELECT id FROM change WHERE id IN ({','.join('?' * len(chunk))})", chunk)
        )
    return found


def _insert_changes(raw: sqlite3.Connection, new: list[dict[str, Any]]) -> None:
    base = raw.execute("SELECT coalesce(max(seq), 0) FROM change").fetchone()[0]
    columns = ", ".join(CHANGE_COLUMNS)
    raw.executemany(
        f"INSERT OR IGNORE INTO change(seq, {columns}) VALUES (?, {', '.join('?' * len(CHANGE_COLUMNS))})",
        [(base + n, *(op[c] for c in CHANGE_COLUMNS)) for n, op in enumerate(new, 1)],
    )
    raw.executemany(
        "INSERT OR IGNORE INTO change_seen(change_id, seen) VALUES (?, ?)",
        [
            (op["id"], json.dumps(sorted(op.get("seen") or [])))
            for op in new
            if op["field"] == "_delete" and op["new_value"] == TRUE
        ],
    )


def _observe_clock(raw: sqlite3.Connection, replica_id: str, latest: str) -> None:
    """Move this laptop's clock past what it received (clamped: a laptop whose clock runs hours
    ahead cannot drag everyone's stamps into the future)."""
    row = raw.execute("SELECT value FROM setting WHERE key = 'clock'").fetchone()
    clock = HybridClock(replica_id, row[0] if row else None)
    clock.observe(latest)
    raw.execute("INSERT OR REPLACE INTO setting(key, value) VALUES ('clock', ?)", (clock.last,))


def _create_rows(conn: Connection, raw: sqlite3.Connection, new: list[dict[str, Any]]) -> None:
    creates: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for op in new:
        if op["field"] == "_create":
            creates[op["entity"]].append(op)
    for entity in sorted(creates, key=RANK.__getitem__):
        table = ENTITY_TABLES[entity].__tablename__
        present = set()
        ids = [op["entity_id"] for op in creates[entity]]
        for i in range(0, len(ids), _CHUNK):
            chunk = ids[i : i + _CHUNK]
            present.update(
                r[0] for r in raw.execute(f'SELECT id FROM "{table}" WHERE id IN ({",".join("?" * len(chunk))})', chunk)
            )
        items = []
        for op in creates[entity]:
            if op["entity_id"] not in present:  # ids are uuids: a second creation of one id is ignored
                present.add(op["entity_id"])
                items.append((op["entity_id"], from_json(op["new_value"]), op["at"]))
        materialise_creates(conn, entity, items)


def _apply_winners(conn: Connection, heads: dict) -> None:
    by_field: dict[tuple[str, str], list[tuple[str, Any, str]]] = defaultdict(list)
    for (entity, entity_id, field_name), hs in heads.items():
        if field_name == "_delete" or not hs:
            continue
        best = winner(hs)
        by_field[(entity, field_name)].append((entity_id, from_json(best.new_value), best.at))
    for (entity, field_name), items in sorted(by_field.items(), key=lambda kv: (RANK[kv[0][0]], kv[0][1])):
        materialise_fields(conn, entity, field_name, items)


def _touch(conn: Connection, raw: sqlite3.Connection, new: list[dict[str, Any]]) -> None:
    """What the write path does after each edit (Editor._after_change), for received changes:
    move each action's "updated" to the latest change and "last update" to the latest officer's
    edit or progress date. Maxima, so the order of arrival does not matter."""
    progress_ids = sorted({op["entity_id"] for op in new if op["entity"] == "progress"})
    progress: dict[str, tuple[str, str | None]] = {}
    for i in range(0, len(progress_ids), _CHUNK):
        chunk = progress_ids[i : i + _CHUNK]
        for pid, action_id, entry_date in raw.execute(
            f"SELECT id, action_id, entry_date FROM progress WHERE id IN ({','.join('?' * len(chunk))})", chunk
        ):
            progress[pid] = (action_id, entry_date)
    latest: dict[str, list] = {}

    def bump(action_id: str, at: str, day: date | None) -> None:
        slot = latest.setdefault(action_id, ["", None])
        slot[0] = max(slot[0], at)
        if day is not None and (slot[1] is None or day > slot[1]):
            slot[1] = day

    for op in new:
        officer_day = date.fromisoformat(op["at"][:10]) if op["source"] != "import" else None
        if op["entity"] == "action":
            bump(op["entity_id"], op["at"], officer_day)
        elif op["entity"] == "progress" and op["entity_id"] in progress:
            action_id, entry_date = progress[op["entity_id"]]
            bump(action_id, op["at"], officer_day)
            if entry_date is not None:
                entry = date.fromisoformat(str(entry_date)[:10])
                if entry <= date.fromisoformat(op["at"][:10]):
                    bump(action_id, op["at"], entry)
    touch_actions(conn, [(a, at, day) for a, (at, day) in sorted(latest.items())])


def _derive_deleted(conn: Connection, raw: sqlite3.Connection, new: list[dict[str, Any]], result: Applied) -> None:
    """Recompute "deleted" for every record the new changes touch that has ever been deleted."""
    touched = {(op["entity"], op["entity_id"]) for op in new}
    for op in new:
        if op["entity"] == "progress":
            row = raw.execute("SELECT action_id FROM progress WHERE id = ?", (op["entity_id"],)).fetchone()
            if row:
                touched.add(("action", row[0]))
    for entity, entity_id in list(touched):
        if entity == "action":
            row = raw.execute("SELECT objective_id FROM action WHERE id = ?", (entity_id,)).fetchone()
            if row:
                touched.add(("objective", row[0]))
    raw.execute("CREATE TEMP TABLE IF NOT EXISTS sync_entities(entity TEXT, entity_id TEXT)")
    raw.execute("DELETE FROM sync_entities")
    raw.executemany("INSERT INTO sync_entities VALUES (?, ?)", sorted(touched))
    candidates = raw.execute(
        "SELECT DISTINCT s.entity, s.entity_id FROM sync_entities s JOIN field_head h "
        "ON h.entity = s.entity AND h.entity_id = s.entity_id AND h.field = '_delete'"
    ).fetchall()
    raw.execute("DELETE FROM sync_entities")
    # Progress, then actions, then objectives: each may be kept by what it contains.
    for entity in sorted({e for e, _ in candidates}, key=lambda e: (DERIVE_ORDER.get(e, 9), RANK[e])):
        table = ENTITY_TABLES[entity].__tablename__
        items = []
        for _, entity_id in (c for c in candidates if c[0] == entity):
            shown = raw.execute(f'SELECT deleted FROM "{table}" WHERE id = ?', (entity_id,)).fetchone()
            if shown is None:
                continue
            state = delete_state(raw, entity, entity_id)
            if bool(shown[0]) != state.deleted:
                items.append((entity_id, state.deleted, ""))
                if state.deleted:
                    result.deleted += 1
                else:
                    result.kept += 1
        materialise_fields(conn, entity, "_delete", items)


def _live_count(raw: sqlite3.Connection) -> int:
    """The actions an officer sees (a deleted plan or objective hides its actions)."""
    return raw.execute(
        "SELECT count(*) FROM action a JOIN objective o ON o.id = a.objective_id JOIN plan p ON p.id = a.plan_id "
        "WHERE a.deleted = 0 AND o.deleted = 0 AND p.deleted = 0"
    ).fetchone()[0]
