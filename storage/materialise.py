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
    row = {k: row_value(k, v) for k, v in values.items() if k != "leads"}
    row["id"] = entity_id
    if entity == "action":
        row.update(timescale_columns(row.get("timescale", ""), at))
        row.setdefault("created_at", at)
    elif "created_at" in table.c:
        row.setdefault("created_at", at)
    conn.execute(insert(table).values(**row))
    if entity == "action" and values.get("leads"):
        _write_leads(conn, entity_id, values["leads"])


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
