"""Transitional: the read queries moved to the gateway (``storage.db``: ``txn.actions``,
``txn.officers``, ``txn.plans``). These functions take a plain sqlite3 connection and delegate,
for the callers not yet moved onto ``store.read()`` / ``session.read()``; each rule is written
once, in ``storage.db``."""

from __future__ import annotations

import sqlite3
from datetime import date

from storage.db import ReadTxn
from storage.db.actions import (
    MAX_SEARCH,
    NOT_RATED,
    ActionDetail,
    ActionFilter,
    ActionRow,
    LeadRow,
    ProgressRow,
    SearchTooLong,
)
from storage.db.changes import RagChange
from storage.db.officers import OfficerRow
from storage.db.plans import PlanRow
from storage.officers import match_officers


def list_actions(
    conn: sqlite3.Connection,
    flt: ActionFilter | None = None,
    today: date | None = None,
    limit: int | None = None,
    offset: int = 0,
) -> list[ActionRow]:
    return ReadTxn(conn).actions.list(flt or ActionFilter(), today, limit, offset)


def action_ids(conn: sqlite3.Connection, flt: ActionFilter, today: date | None = None) -> list[str]:
    return ReadTxn(conn).actions.ids(flt, today)


def rows_by_id(conn: sqlite3.Connection, ids: list[str], today: date | None = None) -> dict[str, ActionRow]:
    return ReadTxn(conn).actions.rows_by_id(ids, today)


def rag_counts(conn: sqlite3.Connection, flt: ActionFilter, today: date | None = None) -> dict[str, int]:
    return ReadTxn(conn).actions.rag_counts(flt, today)


def progress_for(conn: sqlite3.Connection, action_ids_: list[str]) -> dict[str, list[ProgressRow]]:
    return ReadTxn(conn).actions.progress(action_ids_)


def action_detail(conn: sqlite3.Connection, action_id: str, today: date | None = None) -> ActionDetail:
    return ReadTxn(conn).actions.detail(action_id, today)


def rag_history(conn: sqlite3.Connection, action_id: str) -> list[RagChange]:
    return ReadTxn(conn).changes.rag_history(action_id)


def list_plans(conn: sqlite3.Connection) -> list[PlanRow]:
    return ReadTxn(conn).plans.list()


def find_plan(conn: sqlite3.Connection, text: str) -> PlanRow:
    return ReadTxn(conn).plans.find(text)


def list_officers(conn: sqlite3.Connection) -> list[OfficerRow]:
    return ReadTxn(conn).officers.list()


def find_officers(conn: sqlite3.Connection, text: str) -> list[OfficerRow]:
    """Officers a name or initials means (``storage.officers.match_officers``)."""
    return match_officers(ReadTxn(conn).officers.names(), text).meant()


def find_action(conn: sqlite3.Connection, ref: str, plan_id: str | None = None) -> ActionRow:
    return ReadTxn(conn).actions.find(ref, plan_id)


__all__ = [
    "MAX_SEARCH",
    "NOT_RATED",
    "ActionDetail",
    "ActionFilter",
    "ActionRow",
    "LeadRow",
    "OfficerRow",
    "PlanRow",
    "ProgressRow",
    "RagChange",
    "SearchTooLong",
    "action_detail",
    "action_ids",
    "find_action",
    "find_officers",
    "find_plan",
    "list_actions",
    "list_officers",
    "list_plans",
    "progress_for",
    "rag_counts",
    "rag_history",
    "rows_by_id",
]
