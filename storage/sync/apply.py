"""Applying received changes to the local database, inside the caller's one transaction.

First every change is checked (``storage.sync.validate``): an invalid one is quarantined, one
about a record this laptop does not have waits (``sync_held``), and neither stops the rest.
Changes that waited are tried again at every sync. A change received again in another version
(a clone's copy from before a fast clock was corrected) settles on the earlier one
(``storage.sync.versions``). Then insert-or-ignore by change id, and
rederive what the new changes touch: creations first (in dependency order), then the heads and
winning value of every touched field, the actions' "updated"/"last update" (only forward), and
whether touched records show as deleted. Rows are written through ``txn.records``, as for
local edits, so every laptop derives the same rows. Should the database still refuse one (a
rule the checks do not know), the changes are applied one by one and only the refused ones are
held. A pull that would delete most of the plan is refused (the whole transaction rolls back).
"""

from __future__ import annotations

import sqlite3
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from storage.clock import HybridClock
from storage.db import WriteTxn
from storage.db.changes import TRUE, Head
from storage.db.settings import Key
from storage.sync import ledger, versions
from storage.sync.derive import Group, delete_state, recompute_heads, winner
from storage.sync.errors import SyncError
from storage.sync.validate import RANK, Decoded, Held, check_all, needs, sort_out
from storage.values import from_json

#: The fail-safe: a pull may not delete more than half of the plan's items (if there are this many).
MASS_DELETE_MIN = 20
DERIVE_ORDER = {"progress": 0, "action": 1, "objective": 2}


class MassDeletion(SyncError):
    """A pull would delete most of the plan: refused unless the officer says it is intended."""


@dataclass
class Applied:
    received: int = 0  # changes new to this laptop, applied
    by_actor: Counter[str] = field(default_factory=Counter)
    deleted: int = 0  # records that now show as deleted
    kept: int = 0  # records that show again (an edit/delete conflict, or a restore)
    held: list[Held] = field(default_factory=list)  # received now and held back (waiting or invalid)
    released: int = 0  # changes that had waited and are applied now
    #: Changes received in another version than the one kept here (a clone's copy from before a
    #: fast clock was corrected, ``storage.sync.versions``): id -> the time and stamp kept. A
    #: batch holding another version does not hold this laptop's (the engine notes only those).
    versions: dict[str, tuple[Any, Any]] = field(default_factory=dict)


def apply_received(
    txn: WriteTxn, received: list[Any], replica_id: str, at: str, allow_mass_delete: bool = False
) -> Applied:
    """Check and apply ``received`` (wire changes, any order) and retry the changes that waited,
    in the write transaction ``txn``."""
    fresh: dict[str, Any] = {}
    several: set[str] = set()  # received in more than one version in this sync
    for change in received:
        if isinstance(change, dict) and isinstance(change.get("id"), str):
            first = fresh.get(change["id"])  # received twice in this sync: the versions are compared
            if first is not None and versions.when(first) != versions.when(change):
                several.add(change["id"])
            fresh[change["id"]] = change if first is None else versions.earliest(first, change)
    ids = sorted(fresh)
    known = txn.changes.known_ids(ids) | txn.ledger.held_ids(ids)
    decoded = Decoded()  # each change's JSON, parsed once by the checks
    good, invalid = check_all([c for i, c in fresh.items() if i not in known], decoded)
    retry = txn.ledger.waiting()
    ready, waiting = sort_out([*good, *retry], lambda kind, wanted: _records(txn, kind, wanted), decoded)
    live_before = txn.records.live_action_count()
    applied, refused = _apply_guarded(txn, ready, replica_id, decoded)
    retried = {c["id"] for c in retry}
    result = Applied(
        received=len(applied),
        by_actor=Counter(c["actor"] for c in applied),
        released=len([c for c in applied if c["id"] in retried]),
    )
    result.held = [h for h in [*invalid, *waiting, *refused] if h.change["id"] not in retried or h.kind == "invalid"]
    ledger.hold(txn, [*invalid, *waiting, *refused], at)
    txn.ledger.release([c["id"] for c in applied if c["id"] in retried])
    if applied:
        _derive_deleted(txn, applied, result)
    result.versions = {i: versions.when(fresh[i]) for i in several}
    result.versions.update(versions.settle(txn, [fresh[i] for i in sorted(known)]))
    removed = live_before - txn.records.live_action_count()
    if not allow_mass_delete and live_before >= MASS_DELETE_MIN and removed * 2 > live_before:
        raise MassDeletion(
            f"this sync would remove {removed} of the {live_before} actions shown on this laptop, "
            "which looks like a mistake (a wrongly emptied folder?): nothing was applied. "
            "If the deletions are intended, run: ragtrack sync --allow-deletions"
        )
    return result


#: What the database (or the rows a change describes) may raise when it refuses a change.
_REFUSED = (sqlite3.Error, ValueError, TypeError, KeyError, LookupError)


def _apply_guarded(
    txn: WriteTxn, ready: list[dict[str, Any]], replica_id: str, decoded: Decoded
) -> tuple[list[dict[str, Any]], list[Held]]:
    """Apply ``ready`` together; if the database refuses, one by one, holding the refused."""
    if not ready:
        return [], []
    try:
        with txn.savepoint("sync_apply"):
            _apply(txn, ready, replica_id, decoded)
        return ready, []
    except _REFUSED:
        pass
    applied: list[dict[str, Any]] = []
    refused: list[Held] = []
    failed: set[tuple[str, str]] = set()
    for change in ready:
        if any(need in failed for need in needs(change, decoded)):
            refused.append(Held(change, "waiting", "it needs a record this laptop could not take"))
            continue
        try:
            with txn.savepoint("sync_one"):
                _apply(txn, [change], replica_id, decoded)
            applied.append(change)
        except _REFUSED as error:
            refused.append(Held(change, "invalid", f"this laptop's database refused it ({_reason(error)})"))
            if change["field"] == "_create":
                failed.add((change["entity"], change["entity_id"]))
    return applied, refused


def _apply(txn: WriteTxn, new: list[dict[str, Any]], replica_id: str, decoded: Decoded) -> None:
    before = _insert_changes(txn, new)
    _observe_clock(txn, replica_id, max(op["stamp"] for op in new))
    _create_rows(txn, new, decoded)
    heads = recompute_heads(
        txn,
        sorted({(op["entity"], op["entity_id"], op["field"]) for op in new if op["field"] != "_create"}),
        new,
        decoded,
        before,
    )
    _apply_winners(txn, heads)
    _touch(txn, new)


def _records(txn: WriteTxn, entity: str, ids: list[str]) -> set[str]:
    return txn.records.existing(entity, ids)


def _reason(error: Exception) -> str:
    return str(getattr(error, "orig", None) or error).splitlines()[0]


def _insert_changes(txn: WriteTxn, new: list[dict[str, Any]]) -> int:
    """Add ``new`` to the log; returns the newest seq before them (they are numbered after it)."""
    before = txn.changes.add_received(new)
    txn.changes.add_seen(
        [(op["id"], op.get("seen") or []) for op in new if op["field"] == "_delete" and op["new_value"] == TRUE]
    )
    return before


def _observe_clock(txn: WriteTxn, replica_id: str, latest: str) -> None:
    """Move this laptop's clock past what it received (clamped: a laptop whose clock runs hours
    ahead cannot drag everyone's stamps into the future)."""
    clock = HybridClock(replica_id, txn.settings.get(Key.CLOCK))
    clock.observe(latest)
    txn.settings.put(Key.CLOCK, clock.last)


def _create_rows(txn: WriteTxn, new: list[dict[str, Any]], decoded: Decoded) -> None:
    creates: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for op in new:
        if op["field"] == "_create":
            creates[op["entity"]].append(op)
    for entity in sorted(creates, key=RANK.__getitem__):
        present = txn.records.existing(entity, [op["entity_id"] for op in creates[entity]])
        items = []
        for op in creates[entity]:
            if op["entity_id"] not in present:  # ids are uuids: a second creation of one id is ignored
                present.add(op["entity_id"])
                items.append((op["entity_id"], decoded.value(op), op["at"]))
        txn.records.create_many(entity, items)


def _apply_winners(txn: WriteTxn, heads: dict[Group, list[Head]]) -> None:
    by_field: dict[tuple[str, str], list[tuple[str, Any, str]]] = defaultdict(list)
    for (entity, entity_id, field_name), hs in heads.items():
        if field_name == "_delete" or not hs:
            continue
        best = winner(hs)
        by_field[(entity, field_name)].append((entity_id, from_json(best.new_value), best.at))
    for (entity, field_name), items in sorted(by_field.items(), key=lambda kv: (RANK[kv[0][0]], kv[0][1])):
        txn.records.set_field_many(entity, field_name, items)


def _touch(txn: WriteTxn, new: list[dict[str, Any]]) -> None:
    """What the write path does after each edit (Editor._after_change), for received changes:
    move each action's "updated" to the latest change and "last update" to the latest officer's
    edit or progress date. Maxima, so the order of arrival does not matter."""
    progress = txn.records.progress_owner(sorted({op["entity_id"] for op in new if op["entity"] == "progress"}))
    latest: dict[str, list[Any]] = {}

    def bump(action_id: str, at: str, day: date | None) -> None:
        slot = latest.setdefault(action_id, ["", None])
        slot[0] = max(slot[0], at)
        if day is not None and (slot[1] is None or day > slot[1]):
            slot[1] = day

    days: dict[str, date] = {}  # each day read once: a sync's changes fall on few days

    def day_of(at: str) -> date:
        day = days.get(at[:10])
        if day is None:
            day = days[at[:10]] = date.fromisoformat(at[:10])
        return day

    for op in new:
        entity, at = op["entity"], op["at"]
        if entity == "action":
            bump(op["entity_id"], at, day_of(at) if op["source"] != "import" else None)
        elif entity == "progress" and op["entity_id"] in progress:
            action_id, entry_date = progress[op["entity_id"]]
            day = day_of(at)
            bump(action_id, at, day if op["source"] != "import" else None)
            if entry_date is not None and entry_date <= day:
                bump(action_id, at, entry_date)
    txn.records.touch_actions([(a, at, day) for a, (at, day) in sorted(latest.items())])


def _derive_deleted(txn: WriteTxn, new: list[dict[str, Any]], result: Applied) -> None:
    """Recompute "deleted" for every record the new changes touch that has ever been deleted."""
    touched = {(op["entity"], op["entity_id"]) for op in new}
    owners = txn.records.progress_owner(sorted({op["entity_id"] for op in new if op["entity"] == "progress"}))
    touched.update(("action", action_id) for action_id, _ in owners.values() if action_id)
    objectives = txn.records.objectives_of(sorted(entity_id for entity, entity_id in touched if entity == "action"))
    touched.update(("objective", objective_id) for objective_id in objectives.values() if objective_id)
    candidates = txn.changes.ever_deleted(sorted(touched))
    # Progress, then actions, then objectives: each may be kept by what it contains.
    for entity in sorted({e for e, _ in candidates}, key=lambda e: (DERIVE_ORDER.get(e, 9), RANK[e])):
        items = []
        for _, entity_id in (c for c in candidates if c[0] == entity):
            shown = txn.records.deleted(entity, entity_id)
            if shown is None:
                continue
            state = delete_state(txn, entity, entity_id)
            if shown != state.deleted:
                items.append((entity_id, state.deleted, ""))
                if state.deleted:
                    result.deleted += 1
                else:
                    result.kept += 1
        txn.records.set_field_many(entity, "_delete", items)
