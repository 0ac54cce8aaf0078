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
sent are never rewritten.
"""

from __future__ import annotations

import json
import sqlite3
import time
from datetime import UTC, date, datetime

from storage.clock import Stamp
from storage.database import Database
from storage.materialise import timescale_columns
from storage.sync.local import FORMER, get_setting, put_setting, raw, write_txn

#: Clocks within this of the place's are left alone (file servers keep time to seconds).
TOLERANCE_MS = 10 * 60 * 1000
#: Setting: the local seq up to which changes have been offered to a place. A change that may
#: have left (even if its file was lost since) is never rewritten: others may hold it as it was.
OFFERED = "sync_offered_seq"


def mark_offered(r: sqlite3.Connection, up_to_seq: int) -> None:
    """Before publishing: changes up to ``up_to_seq`` may be out there from now on."""
    current = int(get_setting(r, OFFERED) or 0)
    if up_to_seq > current:
        put_setting(r, OFFERED, str(up_to_seq))


def place_now(offset_ms: int | None) -> float:
    """Now on the place's clock (seconds since the epoch), as well as this laptop can tell."""
    return time.time() + (offset_ms or 0) / 1000


def iso_at(seconds: float) -> str:
    return datetime.fromtimestamp(seconds, UTC).strftime("%Y-%m-%dT%H:%M:%S.%f")[:-3] + "Z"


def _seconds(iso: str) -> float:
    return datetime.fromisoformat(iso.replace("Z", "+00:00")).timestamp()


def correct_fast_clock(db: Database, offset_ms: int | None, store_id: str) -> str | None:
    """If this laptop's clock runs ahead of the place's, move its unsent changes that lie in the
    place's future back by the difference; returns a notice for the officer, or None."""
    if offset_ms is None or offset_ms > -TOLERANCE_MS:
        return None
    horizon = iso_at(place_now(offset_ms) + TOLERANCE_MS / 1000)
    with write_txn(db) as conn:
        r = raw(conn)
        mine = [get_setting(r, "replica_id") or "", *json.loads(get_setting(r, FORMER) or "[]")]
        rows = r.execute(
            f"SELECT id, entity, entity_id, field, at, stamp FROM change c WHERE c.at > ? AND c.seq > ? "
            f"AND c.replica_id IN ({','.join('?' * len(mine))}) AND NOT EXISTS "
            "(SELECT 1 FROM sync_shared s WHERE s.store_id = ? AND s.change_id = c.id)",
            [horizon, int(get_setting(r, OFFERED) or 0), *mine, store_id],
        ).fetchall()
        for change_id, _entity, _entity_id, _field, at, stamp in rows:
            moved = Stamp.parse(stamp)
            r.execute(
                "UPDATE change SET at = ?, stamp = ? WHERE id = ?",
                (
                    iso_at(_seconds(at) + offset_ms / 1000),
                    str(Stamp(max(0, moved.millis + offset_ms), moved.counter, moved.replica)),
                    change_id,
                ),
            )
        clock = get_setting(r, "clock")
        now_ms = int(place_now(offset_ms) * 1000)
        if clock and Stamp.parse(clock).millis > now_ms + TOLERANCE_MS:
            put_setting(r, "clock", str(Stamp(now_ms, 0, Stamp.parse(clock).replica)))
        _rederive(r, {(e, i) for _, e, i, _, _, _ in rows}, {i for _, e, i, f, _, _ in rows if f == "_create"})
        _rewin(conn, r, {(e, i, f) for _, e, i, f, _, _ in rows if f not in ("_create", "_delete")})
    days = round(-offset_ms / 86_400_000)
    how_far = f"{days} day(s)" if days else f"{round(-offset_ms / 60_000)} minute(s)"
    return (
        f"this laptop's clock is {how_far} ahead of the shared folder's: the times of its "
        f"{len(rows)} unsent change(s) were set back accordingly (please correct the clock)"
        if rows
        else f"this laptop's clock is {how_far} ahead of the shared folder's (please correct the clock)"
    )


def _rewin(conn: object, r: sqlite3.Connection, fields: set[tuple[str, str, str]]) -> None:
    """Among concurrent values the latest stamp shows: with stamps moved back, show the winner
    every laptop will pick from the corrected changes."""
    from storage.materialise import materialise_fields
    from storage.sync.derive import heads_of, winner
    from storage.values import from_json

    for entity, entity_id, field in sorted(fields):
        heads = heads_of(r, entity, entity_id, field)
        if len(heads) > 1:
            best = winner(heads)
            materialise_fields(conn, entity, field, [(entity_id, from_json(best.new_value), best.at)])


def _rederive(r: sqlite3.Connection, touched: set[tuple[str, str]], created: set[str]) -> None:
    """What the corrected times feed: when records were created, actions' "updated" and "last
    update", and the due windows of timescales read relative to their change's day."""
    from models.tables import ENTITY_TABLES

    for entity, entity_id in sorted(touched):
        table = ENTITY_TABLES[entity].__table__
        if entity_id in created and "created_at" in table.c:
            at = r.execute(
                "SELECT at FROM change WHERE entity = ? AND entity_id = ? AND field = '_create'", (entity, entity_id)
            ).fetchone()
            if at:
                r.execute(f'UPDATE "{table.name}" SET created_at = ? WHERE id = ?', (at[0], entity_id))
    actions = {i for e, i in touched if e == "action"}
    actions |= {
        row[0]
        for e, i in touched
        if e == "progress"
        for row in r.execute("SELECT action_id FROM progress WHERE id = ?", (i,))
    }
    for action_id in sorted(actions):
        _retime_action(r, action_id)


def _retime_action(r: sqlite3.Connection, action_id: str) -> None:
    rows = r.execute(
        "SELECT c.at, c.source, c.entity, p.entry_date FROM change c LEFT JOIN progress p "
        "ON c.entity = 'progress' AND p.id = c.entity_id "
        "WHERE (c.entity = 'action' AND c.entity_id = ?) OR (c.entity = 'progress' AND p.action_id = ?)",
        (action_id, action_id),
    ).fetchall()
    if not rows:
        return
    updated = max(at for at, _, _, _ in rows)
    days: list[date] = []
    for at, source, entity, entry_date in rows:
        day = date.fromisoformat(at[:10])
        if source != "import":
            days.append(day)
        if entity == "progress" and entry_date and date.fromisoformat(str(entry_date)[:10]) <= day:
            days.append(date.fromisoformat(str(entry_date)[:10]))
    r.execute(
        "UPDATE action SET updated_at = ?, last_update = ? WHERE id = ?",
        (updated, max(days).isoformat() if days else None, action_id),
    )
    shown = (
        r.execute(
            "SELECT c.at FROM field_head h JOIN change c ON c.id = h.change_id "
            "WHERE h.entity = 'action' AND h.entity_id = ? AND h.field = 'timescale' ORDER BY c.stamp DESC LIMIT 1",
            (action_id,),
        ).fetchone()
        or r.execute(
            "SELECT at FROM change WHERE entity = 'action' AND entity_id = ? AND field = '_create'", (action_id,)
        ).fetchone()
    )
    text = r.execute("SELECT timescale FROM action WHERE id = ?", (action_id,)).fetchone()
    if shown and text:
        columns = timescale_columns(text[0], shown[0])
        names = sorted(columns)
        r.execute(
            f"UPDATE action SET {', '.join(f'{c} = ?' for c in names)} WHERE id = ?",
            [*(_sql(columns[c]) for c in names), action_id],
        )


def _sql(value: object) -> object:
    if isinstance(value, bool):
        return int(value)
    if isinstance(value, date):
        return value.isoformat()
    return value
