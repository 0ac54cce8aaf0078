"""Turning a change into row state. Local edits and changes received by sync both come here,
so every laptop derives exactly the same rows from the same changes.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlalchemy import Connection, delete, insert, select, update

from models.tables import ENTITY_TABLES, Action, ActionLead, Progress
from models.timescale import parse_timescale
from storage.values import row_value

ACTION = Action.__table__
LEADS = ActionLead.__table__
PROGRESS = Progress.__table__


def timescale_columns(text: str, at: str) -> dict[str, Any]:
    """The due window derived from a timescale, relative to the day of the change (``at``)."""
    parsed = parse_timescale(text or "", reference=date.fromisoformat(at[:10]))
    return {
        "timescale": text or "",
        "due_start": parsed.start,
        "due_end": parsed.end,
        "ongoing": parsed.ongoing,
        "undated": parsed.undated,
        "timescale_understood": parsed.understood,
    }


def materialise_create(
    conn: Connection, entity: str, entity_id: str, values: dict[str, Any], at: str
) -> None:
    """Insert the row a ``_create`` change describes (values as decoded from JSON)."""
    table = ENTITY_TABLES[entity].__table__
    conn.execute(insert(table).values(**_create_row(table, entity, entity_id, values, at)))
    if entity == "action" and values.get("leads"):
        _write_leads(conn, entity_id, values["leads"])


def _create_row(table, entity: str, entity_id: str, values: dict[str, Any], at: str) -> dict[str, Any]:
    row = {k: row_value(k, v) for k, v in values.items() if k != "leads"}
    row["id"] = entity_id
    if entity == "action":
        row.update(timescale_columns(row.get("timescale", ""), at))
        row.setdefault("created_at", at)
    elif "created_at" in table.c:
        row.setdefault("created_at", at)
    return row


def materialise_creates(conn: Connection, entity: str, items: list[tuple[str, dict[str, Any], str]]) -> None:
    """``materialise_create`` for many rows of one entity, ``(entity_id, values, at)`` each: the
    same rows, written with plain executemany (sync applies thousands at once)."""
    table = ENTITY_TABLES[entity].__table__
    by_keys: dict[tuple[str, ...], list[tuple]] = {}
    leads = []
    timescales: dict[tuple[str, str], dict[str, Any]] = {}
    for entity_id, values, at in items:
        if entity == "action":  # parsing a timescale is the slow part: plans repeat them a lot
            key = (values.get("timescale") or "", at[:10])
            if key not in timescales:
                timescales[key] = timescale_columns(key[0], at)
            row = _create_row(table, "", entity_id, values, at)
            row.update(timescales[key])
            row.setdefault("created_at", at)
            leads += [(entity_id, officer_id, n) for n, officer_id in enumerate(values.get("leads") or [])]
        else:
            row = _create_row(table, entity, entity_id, values, at)
        for name, value in table.c.items():  # the column defaults an INSERT would fill in
            if name not in row and value.default is not None and not callable(value.default.arg):
                row[name] = value.default.arg
        columns = tuple(sorted(row))
        by_keys.setdefault(columns, []).append(tuple(_sql(row[c]) for c in columns))
    for columns, rows in by_keys.items():
        names = ", ".join(f'"{c}"' for c in columns)
        conn.exec_driver_sql(f'INSERT INTO "{table.name}" ({names}) VALUES ({", ".join("?" * len(columns))})', rows)
    if leads:
        conn.exec_driver_sql("INSERT INTO action_lead (action_id, officer_id, position) VALUES (?, ?, ?)", leads)


def _sql(value: Any) -> Any:
    """A value as SQLAlchemy stores it in SQLite (dates as ISO text, booleans as 0/1)."""
    if isinstance(value, bool):
        return int(value)
    if isinstance(value, date):
        return value.isoformat()
    return value


def materialise_field(
    conn: Connection, entity: str, entity_id: str, field: str, value: Any, at: str
) -> None:
    """Set one field (or ``_delete``) of a row from a change."""
    table = ENTITY_TABLES[entity].__table__
    if field == "_delete":
        conn.execute(update(table).where(table.c.id == entity_id).values(deleted=bool(value)))
        return
    if entity == "action" and field == "leads":
        _write_leads(conn, entity_id, value or [])
        return
    if entity == "action" and field == "timescale":
        conn.execute(
            update(table).where(table.c.id == entity_id).values(**timescale_columns(value, at))
        )
        return
    conn.execute(update(table).where(table.c.id == entity_id).values({field: row_value(field, value)}))


def materialise_fields(conn: Connection, entity: str, field: str, items: list[tuple[str, Any, str]]) -> None:
    """``materialise_field`` for one field of many rows, ``(entity_id, value, at)`` each."""
    if not items:
        return
    table = ENTITY_TABLES[entity].__table__.name
    if field == "_delete":
        rows = [(int(bool(v)), i) for i, v, _ in items]
        conn.exec_driver_sql(f'UPDATE "{table}" SET deleted = ? WHERE id = ?', rows)
    elif entity == "action" and field == "leads":
        conn.exec_driver_sql("DELETE FROM action_lead WHERE action_id = ?", [(i,) for i, _, _ in items])
        rows = [(i, officer_id, n) for i, v, _ in items for n, officer_id in enumerate(v or [])]
        if rows:
            conn.exec_driver_sql("INSERT INTO action_lead (action_id, officer_id, position) VALUES (?, ?, ?)", rows)
    elif entity == "action" and field == "timescale":
        derived = [timescale_columns(v, at) for _, v, at in items]
        columns = sorted(derived[0])
        conn.exec_driver_sql(
            f'UPDATE action SET {", ".join(f"{c} = ?" for c in columns)} WHERE id = ?',
            [(*(_sql(d[c]) for c in columns), i) for d, (i, _, _) in zip(derived, items)],
        )
    else:
        ENTITY_TABLES[entity].__table__.c[field]  # an unknown column fails here, not in SQL text
        conn.exec_driver_sql(f'UPDATE "{table}" SET "{field}" = ? WHERE id = ?',
                             [(_sql(row_value(field, v)), i) for i, v, _ in items])


def current_value(conn: Connection, entity: str, entity_id: str, field: str) -> Any:
    """The value a field holds now (for the change log's old value)."""
    if entity == "action" and field == "leads":
        rows = conn.execute(
            select(LEADS.c.officer_id).where(LEADS.c.action_id == entity_id).order_by(LEADS.c.position)
        )
        return [r[0] for r in rows]
    table = ENTITY_TABLES[entity].__table__
    column = table.c.deleted if field == "_delete" else table.c[field]
    return conn.execute(select(column).where(table.c.id == entity_id)).scalar_one()


def touch_action(conn: Connection, action_id: str, at: str, officer_edit: bool) -> None:
    """Move the action's ``updated_at`` (and, for an officer's edit, ``last_update``) forward.

    Only ever forward (max), so the result does not depend on the order changes arrive in.
    """
    conn.execute(
        update(ACTION)
        .where(ACTION.c.id == action_id, (ACTION.c.updated_at < at) | (ACTION.c.updated_at.is_(None)))
        .values(updated_at=at)
    )
    if officer_edit:
        bump_last_update(conn, action_id, date.fromisoformat(at[:10]))


def bump_last_update(conn: Connection, action_id: str, day: date) -> None:
    conn.execute(
        update(ACTION)
        .where(
            ACTION.c.id == action_id,
            (ACTION.c.last_update < day) | (ACTION.c.last_update.is_(None)),
        )
        .values(last_update=day)
    )


def touch_actions(conn: Connection, items: list[tuple[str, str, date | None]]) -> None:
    """``touch_action``/``bump_last_update`` for many actions: ``(action_id, latest at, latest
    day)`` each, the maxima of what the changes bring (so the same rows as one call per change)."""
    stamps = [(at, i, at) for i, at, _ in items if at]
    if stamps:
        conn.exec_driver_sql(
            "UPDATE action SET updated_at = ? WHERE id = ? AND (updated_at < ? OR updated_at IS NULL)", stamps)
    days = [(day.isoformat(), i, day.isoformat()) for i, _, day in items if day is not None]
    if days:
        conn.exec_driver_sql(
            "UPDATE action SET last_update = ? WHERE id = ? AND (last_update < ? OR last_update IS NULL)", days)


def _write_leads(conn: Connection, action_id: str, officer_ids: list[str]) -> None:
    conn.execute(delete(LEADS).where(LEADS.c.action_id == action_id))
    if officer_ids:
        conn.execute(
            insert(LEADS),
            [
                {"action_id": action_id, "officer_id": officer_id, "position": position}
                for position, officer_id in enumerate(officer_ids)
            ],
        )
