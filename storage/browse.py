"""Transitional: the browsing queries moved to the gateway (``storage.db``: ``txn.plans``,
``txn.actions``, ``txn.officers``, ``txn.settings``). These functions take a plain sqlite3
connection and delegate, for the app's screens until they read through ``session.read()``."""

from __future__ import annotations

import sqlite3
from datetime import date

from storage.db import ReadTxn
from storage.db.actions import ActionFilter, ActionHit, counts_from_codes, objectives_in_place
from storage.db.officers import OfficerRow
from storage.db.plans import OutlineObjective, OutlinePlan, OutlineTheme
from storage.db.settings import Key

#: The plan fields an officer edits from the TUI, with their labels, in form order.
#: (Transitional: the labels belong to the app, ``tui.screens.main`` moves them there.)
PLAN_FIELDS: tuple[tuple[str, str], ...] = (
    ("title", "Title"),
    ("organisation", "Organisation"),
    ("overseeing_body", "Overseen by"),
    ("approved_on", "Approved on (YYYY-MM-DD)"),
    ("as_at", "As at (YYYY-MM-DD)"),
    ("lead_contact", "Lead contact"),
    ("strategic_lead", "Strategic lead"),
)
OBJECTIVE_FIELDS: tuple[tuple[str, str], ...] = (
    ("ref", "Reference"),
    ("text", "Objective"),
    ("criteria", "Criteria"),
)
THEME_FIELDS: tuple[tuple[str, str], ...] = (("name", "Theme"),)


def plan_outline(conn: sqlite3.Connection) -> list[OutlinePlan]:
    return ReadTxn(conn).plans.outline()


def read_setting(conn: sqlite3.Connection, key: str) -> str | None:
    return ReadTxn(conn).settings.get(Key(key))


def editable_details(conn: sqlite3.Connection, entity: str, entity_id: str) -> dict[str, str]:
    return ReadTxn(conn).plans.editable_details(entity, entity_id)


def last_review_date(conn: sqlite3.Connection, plan_ids: tuple[str, ...] = ()) -> date | None:
    return ReadTxn(conn).plans.last_review_date(plan_ids)


def search_actions(conn: sqlite3.Connection, text: str, limit: int = 30) -> list[ActionHit]:
    return ReadTxn(conn).actions.search(text, limit)


def objective_order(conn: sqlite3.Connection) -> list[tuple[str, str, str | None]]:
    return ReadTxn(conn).actions.objective_order()


def first_actions(
    conn: sqlite3.Connection,
    flt: ActionFilter,
    today: date,
    objectives: list[str],
    enough: int,
    batches: tuple[int, ...] = (4, 16, 64, 256),
) -> tuple[list[str], str, bool]:
    return ReadTxn(conn).actions.first(flt, today, objectives, enough, batches)


def scope_with_codes(conn: sqlite3.Connection, flt: ActionFilter, today: date) -> tuple[list[str], str]:
    return ReadTxn(conn).actions.scope_with_codes(flt, today)


def scope_ids(conn: sqlite3.Connection, flt: ActionFilter, today: date) -> list[str]:
    return ReadTxn(conn).actions.ids(flt, today)


def officers(conn: sqlite3.Connection) -> list[OfficerRow]:
    return ReadTxn(conn).officers.list()


__all__ = [
    "OBJECTIVE_FIELDS",
    "PLAN_FIELDS",
    "THEME_FIELDS",
    "ActionHit",
    "OutlineObjective",
    "OutlinePlan",
    "OutlineTheme",
    "counts_from_codes",
    "editable_details",
    "first_actions",
    "last_review_date",
    "objective_order",
    "objectives_in_place",
    "officers",
    "plan_outline",
    "read_setting",
    "scope_ids",
    "scope_with_codes",
    "search_actions",
]
