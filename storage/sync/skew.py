"""A laptop whose clock runs fast leaves no marks on the team's plan.

Every change carries its author's wall-clock time (``at``: the action's "updated", "last
update", a record's "created", the reference day of a timescale such as "end of March") and a
hybrid-clock stamp (the default among concurrent values: the latest stamp shows). A laptop whose
clock is two years fast would otherwise leave "updated 2028" on every action it touched, and its
values would win every conflict for two years.

The place has a clock too (the file server stamps a new file with its own time; a hub has
``now()``). Before sending, a laptop whose clock is more than ``TOLERANCE_MS`` ahead of the
place's moves its own *unsent* changes back by the difference (nobody else has them yet, so every
laptop then derives the same rows from the corrected ones), rederives what they touched here,
and sets its hybrid clock back. Its presence is written in the place's time. Changes already
offered to a place are never rewritten. A copy of this database made before the correction
(a disk image) still holds the uncorrected versions and may send them too: every laptop keeps
the earlier version of a change it receives twice (``storage.sync.versions``).
"""

from __future__ import annotations

import time
from collections.abc import Sequence
from datetime import UTC, date, datetime
from typing import Any

from storage.clock import Stamp
from storage.db import Store, WriteTxn
from storage.db.settings import Key
from storage.sync.derive import heads_of, winner
from storage.sync.local import former_replicas, write_txn
from storage.values import from_json

#: Clocks within this of the place's are left alone (file servers keep time to seconds).
TOLERANCE_MS = 10 * 60 * 1000
#: Setting: the local seq up to which changes have been offered to a place. A change that may
#: have left (even if its file was lost since) is never rewritten: others may hold it as it was.
OFFERED = Key.SYNC_OFFERED_SEQ


def mark_offered(txn: WriteTxn, up_to_seq: int) -> None:
    """Before publishing: changes up to ``up_to_seq`` may be out there from now on."""
    current = int(txn.settings.get(OFFERED) or 0)
    if up_to_seq > current:
        txn.settings.put(OFFERED, str(up_to_seq))


def place_now(offset_ms: int | None) -> float:
    """Now on the place's clock (seconds since the epoch), as well as this laptop can tell."""
    return time.time() + (offset_ms or 0) / 1000


def iso_at(seconds: float) -> str:
    return datetime.fromtimestamp(seconds, UTC).strftime("%Y-%m-%dT%H:%M:%S.%f")[:-3] + "Z"


def _seconds(iso: str) -> float:
    return datetime.fromisoformat(iso.replace("Z", "+00:00")).timestamp()


def correct_fast_clock(db: Store, offset_ms: int | None, store_id: str) -> str | None:
    """If this laptop's clock runs ahead of the place's, move its unsent changes that lie in the
    place's future back by the difference; returns a notice for the officer, or None."""
    if offset_ms is None or offset_ms > -TOLERANCE_MS:
        return None
    horizon = iso_at(place_now(offset_ms) + TOLERANCE_MS / 1000)
    with write_txn(db) as txn:
        mine = [txn.settings.replica_id(), *former_replicas(txn)]
        rows = txn.ledger.missing_since(int(txn.settings.get(OFFERED) or 0), horizon, mine, store_id)
        moves = []
        for row in rows:
            moved = Stamp.parse(row["stamp"])
            moves.append(
                (
                    iso_at(_seconds(row["at"]) + offset_ms / 1000),
                    str(Stamp(max(0, moved.millis + offset_ms), moved.counter, moved.replica)),
                    row["id"],
                )
            )
        txn.changes.move_back(moves)
        clock = txn.settings.get(Key.CLOCK)
        now_ms = int(place_now(offset_ms) * 1000)
        if clock and Stamp.parse(clock).millis > now_ms + TOLERANCE_MS:
            txn.settings.put(Key.CLOCK, str(Stamp(now_ms, 0, Stamp.parse(clock).replica)))
        rederive_moved(txn, rows)
    days = round(-offset_ms / 86_400_000)
    how_far = f"{days} day(s)" if days else f"{round(-offset_ms / 60_000)} minute(s)"
    return (
        f"this laptop's clock is {how_far} ahead of the shared folder's: the times of its "
        f"{len(rows)} unsent change(s) were set back accordingly (please correct the clock)"
        if rows
        else f"this laptop's clock is {how_far} ahead of the shared folder's (please correct the clock)"
    )


def rederive_moved(txn: WriteTxn, changes: Sequence[Any]) -> None:
    """After the times and stamps of ``changes`` (rows or dicts with ``entity, entity_id,
    field``) moved: rederive what they feed, as every laptop derives it from the moved ones."""
    _rederive(
        txn,
        {(c["entity"], c["entity_id"]) for c in changes},
        {c["entity_id"] for c in changes if c["field"] == "_create"},
    )
    _rewin(
        txn, {(c["entity"], c["entity_id"], c["field"]) for c in changes if c["field"] not in ("_create", "_delete")}
    )


def _rewin(txn: WriteTxn, fields: set[tuple[str, str, str]]) -> None:
    """Among concurrent values the latest stamp shows: with stamps moved back, show the winner
    every laptop will pick from the corrected changes."""
    for entity, entity_id, field in sorted(fields):
        heads = heads_of(txn, entity, entity_id, field)
        if len(heads) > 1:
            best = winner(heads)
            txn.records.set_field_many(entity, field, [(entity_id, from_json(best.new_value), best.at)])


def _rederive(txn: WriteTxn, touched: set[tuple[str, str]], created: set[str]) -> None:
    """What the corrected times feed: when records were created, actions' "updated" and "last
    update", and the due windows of timescales read relative to their change's day."""
    for entity, entity_id in sorted(touched):
        if entity_id in created and (at := txn.changes.created_at(entity, entity_id)):
            txn.records.set_created_at(entity, entity_id, at)
    actions = {i for e, i in touched if e == "action"}
    actions |= {a for e, i in touched if e == "progress" if (a := txn.records.action_of_progress(i))}
    for action_id in sorted(actions):
        _retime_action(txn, action_id)


def _retime_action(txn: WriteTxn, action_id: str) -> None:
    rows = txn.changes.action_history(action_id)
    if not rows:
        return
    updated = max(row["at"] for row in rows)
    days: list[date] = []
    for row in rows:
        day = date.fromisoformat(row["at"][:10])
        if row["source"] != "import":
            days.append(day)
        entry_date = row["entry_date"]
        if row["entity"] == "progress" and entry_date and date.fromisoformat(str(entry_date)[:10]) <= day:
            days.append(date.fromisoformat(str(entry_date)[:10]))
    txn.records.retime_action(action_id, updated, max(days) if days else None)
    shown = txn.changes.shown_at("action", action_id, "timescale") or txn.changes.created_at("action", action_id)
    text = txn.records.timescale_of(action_id)
    if shown and text is not None:
        txn.records.set_due_window(action_id, text, shown)
