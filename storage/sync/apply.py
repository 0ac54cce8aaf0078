"""Applying received changes to the local database, inside the caller's one transaction.

First every change is checked (``storage.sync.validate``): an invalid one is quarantined, one
about a record this laptop does not have waits (``sync_held``), and neither stops the rest.
Changes that waited are tried again at every sync. Then insert-or-ignore by change id, and
rederive what the new changes touch: creations first (in dependency order), then the heads and
winning value of every touched field, the actions' "updated"/"last update" (only forward), and
whether touched records show as deleted. Rows are written through storage.materialise, as for
local edits, so every laptop derives the same rows. Should the database still refuse one (a
rule the checks do not know), the changes are applied one by one and only the refused ones are
held. A pull that would delete most of the plan is refused (the whole transaction rolls back).
"""

from __future__ import annotations

import json
import sqlite3
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from sqlalchemy import Connection
from sqlalchemy.exc import SQLAlchemyError

from models.tables import ENTITY_TABLES
from storage.clock import HybridClock
from storage.materialise import materialise_creates, materialise_fields, touch_actions
from storage.sync import ledger
from storage.sync.derive import TRUE, delete_state, recompute_heads, winner
from storage.sync.errors import SyncError
from storage.sync.validate import RANK, Held, check_all, needs, sort_out
from storage.sync.wire import CHANGE_COLUMNS
from storage.values import from_json

#: The fail-safe: a pull may not delete more than half of the plan's items (if there are this many).
MASS_DELETE_MIN = 20
DERIVE_ORDER = {"progress": 0, "action": 1, "objective": 2}
_CHUNK = 900  # SQLite's default limit on bound parameters is 999


class MassDeletion(SyncError):
    """A pull would delete most of the plan: refused unless the officer says it is intended."""


@dataclass
class Applied:
    received: int = 0  # changes new to this laptop, applied
    by_actor: Counter = field(default_factory=Counter)
    deleted: int = 0  # records that now show as deleted
    kept: int = 0  # records that show again (an edit/delete conflict, or a restore)
    held: list[Held] = field(default_factory=list)  # received now and held back (waiting or invalid)
    released: int = 0  # changes that had waited and are applied now


def raw_connection(conn: Connection) -> sqlite3.Connection:
    return conn.connection.driver_connection


def apply_received(
    conn: Connection, received: list[Any], replica_id: str, at: str, allow_mass_delete: bool = False
) -> Applied:
    """Check and apply ``received`` (wire changes, any order) and retry the changes that waited,
    in ``conn``'s transaction."""
    raw = raw_connection(conn)
    fresh: dict[str, Any] = {}
    for change in received:
        if isinstance(change, dict) and isinstance(change.get("id"), str):
            fresh.setdefault(change["id"], change)
    ids = sorted(fresh)
    known = _existing(raw, ids) | ledger.held_ids(raw, ids)
    good, invalid = check_all([c for i, c in fresh.items() if i not in known])
    retry = ledger.waiting(raw)
    ready, waiting = sort_out([*good, *retry], lambda kind, wanted: _records(raw, kind, wanted))
    live_before = _live_count(raw)
    applied, refused = _apply_guarded(conn, raw, ready, replica_id)
    retried = {c["id"] for c in retry}
    result = Applied(
        received=len(applied),
        by_actor=Counter(c["actor"] for c in applied),
        released=len([c for c in applied if c["id"] in retried]),
    )
    result.held = [h for h in [*invalid, *waiting, *refused] if h.change["id"] not in retried or h.kind == "invalid"]
    ledger.hold(raw, [*invalid, *waiting, *refused], at)
    ledger.release(raw, [c["id"] for c in applied if c["id"] in retried])
    if applied:
        _derive_deleted(conn, raw, applied, result)
    removed = live_before - _live_count(raw)
    if not allow_mass_delete and live_before >= MASS_DELETE_MIN and removed * 2 > live_before:
        raise MassDeletion(
            f"this sync would remove {removed} of the {live_before} actions shown on this laptop, "
            "which looks like a mistake (a wrongly emptied folder?): nothing was applied. "
            "If the deletions are intended, run: ragtrack sync --allow-deletions"
        )
    return result


def _apply_guarded(
    conn: Connection, raw: sqlite3.Connection, ready: list[dict[str, Any]], replica_id: str
) -> tuple[list[dict[str, Any]], list[Held]]:
    """Apply ``ready`` together; if the database refuses, one by one, holding the refused."""
    if not ready:
        return [], []
    raw.execute("SAVEPOINT sync_apply")
    try:
        _apply(conn, raw, ready, replica_id)
        raw.execute("RELEASE sync_apply")
        return ready, []
    except (sqlite3.Error, SQLAlchemyError, ValueError, TypeError, KeyError, LookupError):
        raw.execute("ROLLBACK TO sync_apply")
        raw.execute("RELEASE sync_apply")
    applied: list[dict[str, Any]] = []
    refused: list[Held] = []
    failed: set[tuple[str, str]] = set()
    for change in ready:
        if any(need in failed for need in needs(change)):
            refused.append(Held(change, "waiting", "it needs a record this laptop could not take"))
            continue
        raw.execute("SAVEPOINT sync_one")
        try:
            _apply(conn, raw, [change], replica_id)
            raw.execute("RELEASE sync_one")
            applied.append(change)
        except (sqlite3.Error, SQLAlchemyError, ValueError, TypeError, KeyError, LookupError) as error:
            raw.execute("ROLLBACK TO sync_one")
            raw.execute("RELEASE sync_one")
            refused.append(Held(change, "invalid", f"this laptop's database refused it ({_reason(error)})"))
            if change["field"] == "_create":
                failed.add((change["entity"], change["entity_id"]))
    return applied, refused


def _apply(conn: Connection, raw: sqlite3.Connection, new: list[dict[str, Any]], replica_id: str) -> None:
    _insert_changes(raw, new)
    _observe_clock(raw, replica_id, max(op["stamp"] for op in new))
    _create_rows(conn, raw, new)
    heads = recompute_heads(
        raw, sorted({(op["entity"], op["entity_id"], op["field"]) for op in new if op["field"] != "_create"})
    )
    _apply_winners(conn, heads)
    _touch(conn, raw, new)


def _records(raw: sqlite3.Connection, entity: str, ids: list[str]) -> set[str]:
    table = ENTITY_TABLES[entity].__tablename__
    found: set[str] = set()
    for i in range(0, len(ids), _CHUNK):
        chunk = ids[i : i + _CHUNK]
        found.update(
            r[0] for r in raw.execute(f'SELECT id FROM "{table}" WHERE id IN ({",".join("?" * len(chunk))})', chunk)
        )
    return found


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
