"""Turning a change into row state. Local edits and changes received by sync both come here,
so every laptop derives exactly the same rows from the same changes.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlalchemy import Connection

from models.tables import ENTITY_TABLES
from models.timescale import parse_timescale
from storage.values import row_value


def raw(conn: Connection):
    """The sqlite3 connection under ``conn``, inside the same transaction: statements run on it
    skip SQLAlchemy's per-statement overhead, which dominates when importing or syncing
    thousands of changes."""
    return conn.connection.driver_connection


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


def materialise_create(conn: Connection, entity: str, entity_id: str, values: dict[str, Any], at: str) -> None:
    """Insert the row a ``_create`` change describes (values as decoded from JSON)."""
    materialise_creates(conn, entity, [(entity_id, values, at)])


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
    defaults = {
        name: column.default.arg
        for name, column in table.c.items()
        if column.default is not None and not callable(column.default.arg)
    }
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
        for name, value in defaults.items():  # the column defaults an INSERT would fill in
            row.setdefault(name, value)
        columns = tuple(sorted(row))
        by_keys.setdefault(columns, []).append(tuple(_sql(row[c]) for c in columns))
    for columns, rows in by_keys.items():
        names = ", ".join(f'"{c}"' for c in columns)
        raw(conn).executemany(f'INSERT INTO "{table.name}" ({names}) VALUES ({", ".join("?" * len(columns))})', rows)
    if leads:
        raw(conn).executemany("INSERT INTO action_lead (action_id, officer_id, position) VALUES (?, ?, ?)", leads)


def _sql(value: Any) -> Any:
    """A value as SQLAlchemy stores it in SQLite (dates as ISO text, booleans as 0/1)."""
    if isinstance(value, bool):
        return int(value)
    if isinstance(value, date):
        return value.isoformat()
    return value


def materialise_field(conn: Connection, entity: str, entity_id: str, field: str, value: Any, at: str) -> None:
    """Set one field (or ``_delete``) of a row from a change."""
    materialise_fields(conn, entity, field, [(entity_id, value, at)])


def materialise_fields(conn: Connection, entity: str, field: str, items: list[tuple[str, Any, str]]) -> None:
    """``materialise_field`` for one field of many rows, ``(entity_id, value, at)`` each."""
    if not items:
        return
    table = ENTITY_TABLES[entity].__table__.name
    if field == "_delete":
        rows = [(int(bool(v)), i) for i, v, _ in items]
        raw(conn).executemany(f'UPDATE "{table}" SET deleted = ? WHERE id = ?', rows)
    elif entity == "action" and field == "leads":
        raw(conn).executemany("DELETE FROM action_lead WHERE action_id = ?", [(i,) for i, _, _ in items])
        rows = [(i, officer_id, n) for i, v, _ in items for n, officer_id in enumerate(v or [])]
        if rows:
            raw(conn).executemany("INSERT INTO action_lead (action_id, officer_id, position) VALUES (?, ?, ?)", rows)
    elif entity == "action" and field == "timescale":
        derived = [timescale_columns(v, at) for _, v, at in items]
        columns = sorted(derived[0])
        raw(conn).executemany(
            f"UPDATE action SET {', '.join(f'{c} = ?' for c in columns)} WHERE id = ?",
            [(*(_sql(d[c]) for c in columns), i) for d, (i, _, _) in zip(derived, items, strict=False)],
        )
    else:
        ENTITY_TABLES[entity].__table__.c[field]  # an unknown column fails here, not in SQL text
        raw(conn).executemany(
            f'UPDATE "{table}" SET "{field}" = ? WHERE id = ?', [(_sql(row_value(field, v)), i) for i, v, _ in items]
        )


def current_value(conn: Connection, entity: str, entity_id: str, field: str) -> Any:
    """The value a field holds now (for the change log's old value)."""
    if entity == "action" and field == "leads":
        rows = raw(conn).execute(
            "SELECT officer_id FROM action_lead WHERE action_id = ? ORDER BY position", (entity_id,)
        )
        return [r[0] for r in rows]
    table = ENTITY_TABLES[entity].__table__
    column = table.c.deleted if field == "_delete" else table.c[field]
    row = raw(conn).execute(f'SELECT "{column.name}" FROM "{table.name}" WHERE id = ?', (entity_id,)).fetchone()
    if row is None:
        raise LookupError(f"no {entity} {entity_id}")
    value = row[0]
    return _python(column, value)


def _python(column, value: Any) -> Any:
    """A raw SQLite value as the column's Python type (dates, booleans)."""
    if value is None:
        return None
    python_type = _python_type(column)
    if python_type is bool:
        return bool(value)
    if python_type is date and isinstance(value, str):
        return date.fromisoformat(value)
    return value


def _python_type(column) -> type | None:
    try:
        return column.type.python_type
    except NotImplementedError:
        return None


def touch_action(conn: Connection, action_id: str, at: str, officer_edit: bool) -> None:
    """Move the action's ``updated_at`` (and, for an officer's edit, ``last_update``) forward.

    Only ever forward (max), so the result does not depend on the order changes arrive in.
    """
    touch_actions(conn, [(action_id, at, date.fromisoformat(at[:10]) if officer_edit else None)])


def bump_last_update(conn: Connection, action_id: str, day: date) -> None:
    touch_actions(conn, [(action_id, "", day)])


def touch_actions(conn: Connection, items: list[tuple[str, str, date | None]]) -> None:
    """``touch_action``/``bump_last_update`` for many actions: ``(action_id, latest at, latest
    day)`` each, the maxima of what the changes bring (so the same rows as one call per change)."""
    stamps = [(at, i, at) for i, at, _ in items if at]
    if stamps:
        raw(conn).executemany(
            "UPDATE action SET updated_at = ? WHERE id = ? AND (updated_at < ? OR updated_at IS NULL)", stamps
        )
    days = [(day.isoformat(), i, day.isoformat()) for i, _, day in items if day is not None]
    if days:
        raw(conn).executemany(
            "UPDATE action SET last_update = ? WHERE id = ? AND (last_update < ? OR last_update IS NULL)", days
        )
