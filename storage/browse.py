"""Transitional: the browsing queries moved to the gateway (``storage.db``: ``txn.plans``,
``txn.actions``, ``txn.officers``, ``txn.settings``). These functions take a plain sqlite3
connection and delegate, for the app's screens until they read through ``session.read()``."""

from __future__ import annotations

import sqlite3
from datetime import date

from storage.db import ReadTxn
from storage.db.actions import ActionFilter, ActionHit, counts_from_codes, objectives_in_place, triage_scope
from storage.db.officers import OfficerRow
from storage.db.plans import EDITABLE_DETAILS, OutlineObjective, OutlinePlan, OutlineTheme
from storage.db.settings import Key

#: The fields of a plan, theme or objective an officer edits, in form order (their labels are the
#: app's words: tui/controllers/editing.py).
OUTLINE_FIELDS = EDITABLE_DETAILS


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


def triage_red(conn: sqlite3.Connection, flt: ActionFilter, today: date) -> list[str]:
    return ReadTxn(conn).actions.triage_red(flt, today)


def triage_more(conn: sqlite3.Connection, flt: ActionFilter, today: date) -> list[str]:
    return ReadTxn(conn).actions.triage_more(flt, today)


__all__ = [
    "OUTLINE_FIELDS",
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
    "triage_more",
    "triage_red",
    "triage_scope",
]
