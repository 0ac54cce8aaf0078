"""Read queries for browsing, beyond ``storage.queries``: the plan outline (plans > themes >
objectives), settings read on the light path, and the editable details of plans and objectives.

Standard library only (``sqlite3``), like ``storage.queries``, so the TUI's first screen never
waits for SQLAlchemy. Every function takes a sqlite3 connection.
"""

from __future__ import annotations

import json
import sqlite3
from dataclasses import dataclass
from datetime import date

# The filter's SQL is storage.queries' own: one definition of what a filter means.
from storage.queries import _FROM, NOT_RATED, ActionFilter, OfficerRow, _where

_SEP = "\x1f"  # joins ids in one string (ids are hex)


@dataclass(frozen=True)
class OutlineObjective:
    id: str
    plan_id: str
    theme_id: str | None
    ref: str
    text: str
    actions: int  # live actions under it


@dataclass(frozen=True)
class OutlineTheme:
    id: str
    plan_id: str
    name: str


@dataclass(frozen=True)
class OutlinePlan:
    id: str
    title: str
    themes: tuple[OutlineTheme, ...]
    objectives: tuple[OutlineObjective, ...]  # in plan order

    @property
    def actions(self) -> int:
        return sum(o.actions for o in self.objectives)


def plan_outline(conn: sqlite3.Connection) -> list[OutlinePlan]:
    """Every live plan with its themes and objectives (and action counts), in plan order."""
    themes: dict[str, list[OutlineTheme]] = {}
    for r in _json_rows(
        conn, "SELECT json_array(id, plan_id, name) AS j FROM theme WHERE deleted = 0 ORDER BY plan_id, position, name"
    ):
        themes.setdefault(r[1], []).append(OutlineTheme(*r))
    objectives: dict[str, list[OutlineObjective]] = {}
    for r in _json_rows(
        conn,
        "SELECT json_array(o.id, o.plan_id, o.theme_id, o.ref, o.text, coalesce(n.actions, 0)) AS j "
        "FROM objective o LEFT JOIN (SELECT objective_id, count(*) AS actions FROM action "
        "WHERE deleted = 0 GROUP BY objective_id) n ON n.objective_id = o.id "
        "WHERE o.deleted = 0 ORDER BY o.plan_id, o.position, o.ref, o.id",
    ):
        objectives.setdefault(r[1], []).append(OutlineObjective(*r))
    return [
        OutlinePlan(r[0], r[1], tuple(themes.get(r[0], ())), tuple(objectives.get(r[0], ())))
        for r in conn.execute("SELECT id, title FROM plan WHERE deleted = 0 ORDER BY title, id")
    ]


def _json_rows(conn: sqlite3.Connection, sql: str, params: list | tuple = ()) -> list[list]:
    """The rows of ``sql``, a query selecting one ``json_array(...) AS j`` per row, fetched as a
    single JSON document: thousands of rows fetched one by one would take and release Python's
    GIL each time, stalling the UI thread while a worker reads (see ``_ids_and_codes``)."""
    row = conn.execute(f"SELECT json_group_array(json(j)) FROM ({sql})", params).fetchone()
    return json.loads(row[0]) if row and row[0] else []


def read_setting(conn: sqlite3.Connection, key: str) -> str | None:
    """A per-database setting (``Database.setting`` without SQLAlchemy)."""
    row = conn.execute("SELECT value FROM setting WHERE key = ?", [key]).fetchone()
    return row[0] if row else None


#: The fields of a plan, theme or objective an officer edits (text or dates), in form order.
#: Their labels are the app's words (tui/controllers/editing.py).
OUTLINE_FIELDS: dict[str, tuple[str, ...]] = {
    "plan": ("title", "organisation", "overseeing_body", "approved_on", "as_at", "lead_contact", "strategic_lead"),
    "objective": ("ref", "text", "criteria"),
    "theme": ("name",),
}


def editable_details(conn: sqlite3.Connection, entity: str, entity_id: str) -> dict[str, str]:
    """The current values of ``OUTLINE_FIELDS`` for a plan, objective or theme, as text ("" for
    none; dates as YYYY-MM-DD); {} when it has gone."""
    fields = OUTLINE_FIELDS[entity]
    row = conn.execute(f"SELECT {', '.join(fields)} FROM {entity} WHERE id = ?", [entity_id]).fetchone()
    if row is None:
        return {}
    return {name: _as_text(value) for name, value in zip(fields, row, strict=True)}


def _as_text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, date):
        return value.isoformat()
    return str(value)


def last_review_date(conn: sqlite3.Connection, plan_ids: tuple[str, ...] = ()) -> date | None:
    """The date of the latest review of these plans (all plans if none given): the newest
    ``review.as_at``, else the newest plan "as at" date, else None.

    Used by the "no update since the last review" filter; the reviews feature fills the
    ``review`` table, and this query follows it without change.
    """
    marks = ",".join("?" * len(plan_ids))
    where = f" AND plan_id IN ({marks})" if plan_ids else ""
    row = conn.execute(f"SELECT max(as_at) FROM review WHERE deleted = 0{where}", plan_ids).fetchone()
    if not row[0]:
        where = f" AND id IN ({marks})" if plan_ids else ""
        row = conn.execute(f"SELECT max(as_at) FROM plan WHERE deleted = 0{where}", plan_ids).fetchone()
    return date.fromisoformat(row[0]) if row[0] else None


@dataclass(frozen=True)
class ActionHit:
    id: str
    ref: str
    title: str
    plan: str


def search_actions(conn: sqlite3.Connection, text: str, limit: int = 30) -> list[ActionHit]:
    """Actions whose reference starts with ``text`` or whose text contains it (for "jump to"):
    references first, at most ``limit``."""
    key = text.strip()
    if not key:
        return []
    escaped = key.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    rows = conn.execute(
        "SELECT a.id, a.ref, a.text, p.title, (lower(a.ref) = lower(?)) + (a.ref LIKE ? ESCAPE '\\') AS rank "
        "FROM action a JOIN plan p ON p.id = a.plan_id JOIN objective o ON o.id = a.objective_id "
        "WHERE a.deleted = 0 AND p.deleted = 0 AND o.deleted = 0 "
        "AND (a.ref LIKE ? ESCAPE '\\' OR a.text LIKE ? ESCAPE '\\') "
        "ORDER BY rank DESC, p.title, o.position, a.position LIMIT ?",
        [key, escaped + "%", escaped + "%", "%" + escaped + "%", limit],
    )
    return [ActionHit(r[0], r[1], (r[2] or "").strip().split("\n", 1)[0], r[3]) for r in rows]


# --- the scope for a keystroke ---------------------------------------------------------------
#
# A keystroke must repaint the list at once even on a plan of 100,000 actions, where a filter
# that scans every action (a word in the search, "no update for 30 days") takes hundreds of
# milliseconds. So the first screen of the scope is read from the first few objectives in plan
# order (an index lookup: a few milliseconds whatever the plan's size), and the whole scope, with
# its counts, follows in one query while that first screen is already painted.

_SPINE = "p.title, p.id, o.position, o.ref, o.id"  # plan order of objectives (ties broken by id)
_ORDER_BY = " ORDER BY " + _SPINE + ", a.position, a.ref"
_CODE = (
    "CASE WHEN a.status = 'open' AND a.due_end IS NOT NULL AND a.due_end < ? "
    "THEN upper(coalesce(substr(a.rag, 1, 1), 'n')) ELSE coalesce(substr(a.rag, 1, 1), 'n') END"
)
# Objective by objective, the objective index is always the right one (the planner, without
# statistics, may pick the RAG index and scan every red action for each objective).
_FROM_BY_OBJECTIVE = _FROM.replace("FROM action a", "FROM action a INDEXED BY ix_action_objective")


def objective_order(conn: sqlite3.Connection) -> list[tuple[str, str, str | None]]:
    """Every live objective in plan order, as (objective id, plan id, theme id)."""
    return [
        tuple(r)
        for r in _json_rows(
            conn,
            "SELECT json_array(o.id, o.plan_id, o.theme_id) AS j FROM objective o JOIN plan p ON p.id = o.plan_id "
            "WHERE o.deleted = 0 AND p.deleted = 0 ORDER BY " + _SPINE,
        )
    ]


def objectives_in_place(order: list[tuple[str, str, str | None]], flt: ActionFilter) -> list[str]:
    """The objectives (in order) the filter's plans, themes and objectives allow."""
    plans, themes, objectives = set(flt.plan_ids), set(flt.theme_ids), set(flt.objective_ids)
    return [
        objective
        for objective, plan, theme in order
        if (not plans or plan in plans)
        and (not themes or theme in themes)
        and (not objectives or objective in objectives)
    ]


def _ids_and_codes(conn: sqlite3.Connection, sql_from: str, where: str, params: list, today: date):
    # One row (group_concat), not one per action: fetching rows one by one takes and releases
    # Python's GIL each time, which stalls a worker thread while the UI thread paints.
    row = conn.execute(
        f"SELECT group_concat(id, char(31)), group_concat(code, '') FROM (SELECT a.id AS id, {_CODE} AS code"
        + sql_from
        + where
        + _ORDER_BY
        + ")",
        [today.isoformat(), *params],
    ).fetchone()
    return (row[0].split(_SEP) if row[0] else []), (row[1] or "")


def first_actions(
    conn: sqlite3.Connection,
    flt: ActionFilter,
    today: date,
    objectives: list[str],
    enough: int,
    batches: tuple[int, ...] = (4, 16, 64, 256),
) -> tuple[list[str], str, bool]:
    """The first actions in scope, read from the first objectives of ``objectives`` (see
    ``objectives_in_place``) in batches, stopping once there are ``enough``. Returns (ids,
    codes, complete): complete when every objective was read, so they are the whole scope."""
    rest = flt.with_(plan_ids=(), theme_ids=(), objective_ids=())
    ids: list[str] = []
    codes: list[str] = []
    start = 0
    for size in batches:
        if start >= len(objectives) or len(ids) >= enough:
            break
        where, params = _where(rest.with_(objective_ids=tuple(objectives[start : start + size])), today)
        chunk_ids, chunk_codes = _ids_and_codes(conn, _FROM_BY_OBJECTIVE, where, params, today)
        ids += chunk_ids
        codes.append(chunk_codes)
        start += size
    return ids, "".join(codes), start >= len(objectives)


def scope_with_codes(conn: sqlite3.Connection, flt: ActionFilter, today: date) -> tuple[list[str], str]:
    """The whole scope in plan order (``queries.action_ids``, ties broken the same way as
    ``first_actions``), with a code per action for ``counts_from_codes``: one query, one scan."""
    where, params = _where(flt, today)
    return _ids_and_codes(conn, _FROM, where, params, today)


def counts_from_codes(codes: str) -> dict[str, int]:
    """``queries.rag_counts`` from the codes: one letter per action, r a g b or n (not rated),
    upper case when overdue."""
    counts = {rag: codes.count(rag[0]) + codes.count(rag[0].upper()) for rag in ("red", "amber", "green", "blue")}
    counts[NOT_RATED] = codes.count("n") + codes.count("N")
    counts["overdue"] = sum(1 for code in codes if code.isupper())
    counts["total"] = len(codes)
    return counts


def scope_ids(conn: sqlite3.Connection, flt: ActionFilter, today: date) -> list[str]:
    """The ids in scope in plan order, read as one string (see ``scope_with_codes``)."""
    return scope_with_codes(conn, flt, today)[0]


def officers(conn: sqlite3.Connection) -> list[OfficerRow]:
    """``queries.list_officers`` (every live officer with their open actions, by name) in one
    grouped pass: the correlated count per officer there takes seconds on a plan of 10,000
    actions and minutes on 100,000, which would leave the pickers empty that long."""
    return [
        OfficerRow(*r)
        for r in _json_rows(
            conn,
            "SELECT json_array(f.id, f.name, f.initials, f.job_title, f.email, f.phone, coalesce(n.open, 0)) AS j "
            "FROM officer f LEFT JOIN (SELECT l.officer_id, count(*) AS open FROM action_lead l "
            "JOIN action a ON a.id = l.action_id WHERE a.deleted = 0 AND a.status = 'open' "
            "GROUP BY l.officer_id) n ON n.officer_id = f.id "
            "WHERE f.deleted = 0 ORDER BY f.name COLLATE NOCASE",
        )
    ]


# --- triage ----------------------------------------------------------------------------------
def triage_scope(flt: ActionFilter) -> ActionFilter:
    """What triage goes through: the scope's open items, unless it was already filtered by status."""
    return flt if flt.statuses else flt.with_(statuses=frozenset({"open"}))


def triage_red(conn: sqlite3.Connection, flt: ActionFilter, today: date) -> list[str]:
    """Triage's first queue: the red items of ``triage_scope(flt)``, in plan order."""
    return scope_ids(conn, triage_scope(flt).with_(rags=frozenset({"red"})), today)


def triage_more(conn: sqlite3.Connection, flt: ActionFilter, today: date) -> list[str]:
    """Triage's second queue ("m: go on"): the amber items of ``triage_scope(flt)`` and the
    overdue ones that are not red, in plan order (one scan, read from each action's code)."""
    ids, codes = scope_with_codes(conn, triage_scope(flt).with_(rags=frozenset()), today)
    return [
        action_id
        for action_id, code in zip(ids, codes, strict=True)
        if code in "aA" or (code.isupper() and code != "R")
    ]
