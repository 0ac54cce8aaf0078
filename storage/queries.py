"""Read queries: filters run in SQL on indexes, results come back as plain dataclasses.

Standard library only (``sqlite3``), so ``ragtrack list``/``show`` start fast and the TUI's
workers can query without SQLAlchemy's overhead. Every function takes a sqlite3 connection
(``Database.reader()`` or ``storage.schema.connect_reader(path)``).
"""

from __future__ import annotations

import json
import sqlite3
from dataclasses import dataclass, field, replace
from datetime import date, timedelta

from storage.errors import Ambiguous, NotFound, StorageError

#: The longest search text: SQLite refuses LIKE patterns past 50,000 bytes, and no action's
#: text is searched for by pasting a page into the search box.
MAX_SEARCH = 1000
NOT_RATED = "none"  # how a filter names "not rated" among RAG values
_SEP = "\x1f"  # joins names in one SQL string; never appears in user text we keep


class SearchTooLong(StorageError):
    """A search text longer than MAX_SEARCH."""


@dataclass(frozen=True)
class ActionFilter:
    """Which actions are in scope. Every part is optional; parts combine with AND."""

    plan_ids: tuple[str, ...] = ()
    theme_ids: tuple[str, ...] = ()
    objective_ids: tuple[str, ...] = ()
    rags: frozenset[str] = frozenset()  # "red", "amber", "green", "blue", NOT_RATED
    officer_ids: tuple[str, ...] = ()  # an action led by any of them
    statuses: frozenset[str] = frozenset()
    overdue: bool = False
    search: str = ""
    stale_days: int | None = None  # no update for this many days
    updated_before: date | None = None  # no update since this date (e.g. the last review)
    only_ids: frozenset[str] | None = None  # only these actions (e.g. changed since the last review)

    def with_(self, **changes) -> ActionFilter:
        return replace(self, **changes)

    @property
    def is_empty(self) -> bool:
        return self == ActionFilter()


@dataclass(frozen=True)
class ActionRow:
    id: str
    plan_id: str
    plan: str
    objective_id: str
    objective_ref: str
    objective: str
    ref: str
    text: str
    leads: tuple[str, ...]
    rag: str | None
    status: str
    timescale: str
    due: date | None
    overdue: bool
    ongoing: bool
    updated_at: str
    last_update: date | None

    @property
    def title(self) -> str:
        """The first line of the text, for lists."""
        return self.text.strip().split("\n", 1)[0]


@dataclass(frozen=True)
class ProgressRow:
    id: str
    kind: str
    entry_date: date | None
    author: str | None
    text: str
    created_at: str


@dataclass(frozen=True)
class RagChange:
    old: str | None
    new: str | None
    reason: str | None
    actor: str
    at: str


@dataclass(frozen=True)
class LeadRow:
    officer_id: str
    name: str
    initials: str | None
    job_title: str | None
    primary: bool


@dataclass(frozen=True)
class ActionDetail:
    row: ActionRow
    theme: str | None
    due_start: date | None
    undated: bool
    understood: bool
    leads: tuple[LeadRow, ...]
    progress: tuple[ProgressRow, ...]  # newest first
    rag_history: tuple[RagChange, ...]  # oldest first


@dataclass(frozen=True)
class OfficerRow:
    id: str
    name: str
    initials: str | None
    job_title: str | None
    email: str | None
    phone: str | None
    open_actions: int = 0


@dataclass(frozen=True)
class PlanRow:
    id: str
    title: str
    organisation: str | None
    overseeing_body: str | None
    as_at: date | None
    rag_definitions: dict[str, str] = field(default_factory=dict)
    source_key: str | None = None


_ROW_COLUMNS = """
    a.id, a.plan_id, p.title, a.objective_id, o.ref, o.text, a.ref, a.text,
    (SELECT group_concat(name, char(31)) FROM (
        SELECT f.name AS name FROM action_lead l JOIN officer f ON f.id = l.officer_id
        WHERE l.action_id = a.id ORDER BY l.position)),
    a.rag, a.status, a.timescale, a.due_end, a.ongoing, a.updated_at, a.last_update
"""
_FROM = """
    FROM action a JOIN plan p ON p.id = a.plan_id JOIN objective o ON o.id = a.objective_id
"""
_ORDER = " ORDER BY p.title, p.id, o.position, a.position, a.ref"


def _where(flt: ActionFilter, today: date) -> tuple[str, list]:
    clauses = ["a.deleted = 0", "p.deleted = 0", "o.deleted = 0"]
    params: list = []

    def any_of(column: str, values) -> None:
        clauses.append(f"{column} IN ({','.join('?' * len(values))})")
        params.extend(values)

    if flt.plan_ids:
        any_of("a.plan_id", flt.plan_ids)
    if flt.objective_ids:
        any_of("a.objective_id", flt.objective_ids)
    if flt.theme_ids:
        any_of("o.theme_id", flt.theme_ids)
    if flt.rags:
        rated = sorted(r for r in flt.rags if r != NOT_RATED)
        parts = []
        if rated:
            parts.append(f"a.rag IN ({','.join('?' * len(rated))})")
            params.extend(rated)
        if NOT_RATED in flt.rags:
            parts.append("a.rag IS NULL")
        clauses.append("(" + " OR ".join(parts) + ")")
    if flt.statuses:
        any_of("a.status", sorted(flt.statuses))
    if flt.officer_ids:
        marks = ",".join("?" * len(flt.officer_ids))
        clauses.append(f"a.id IN (SELECT action_id FROM action_lead WHERE officer_id IN ({marks}))")
        params.extend(flt.officer_ids)
    if flt.overdue:
        clauses.append("a.status = 'open' AND a.due_end IS NOT NULL AND a.due_end < ?")
        params.append(today.isoformat())
    if flt.stale_days is not None:
        clauses.append("(a.last_update IS NULL OR a.last_update < ?)")
        params.append((today - timedelta(days=flt.stale_days)).isoformat())
    if flt.updated_before is not None:
        clauses.append("(a.last_update IS NULL OR a.last_update < ?)")
        params.append(flt.updated_before.isoformat())
    if flt.only_ids is not None:  # one JSON parameter, however many ids (no bound-variable limit)
        clauses.append("a.id IN (SELECT value FROM json_each(?))")
        params.append(json.dumps(sorted(flt.only_ids)))
    if len(flt.search) > MAX_SEARCH:
        raise SearchTooLong(f"the search text is too long ({len(flt.search):,} characters; at most {MAX_SEARCH:,})")
    if flt.search.strip():
        pattern = "%" + _escape_like(flt.search.strip()) + "%"
        clauses.append(
            "(a.text LIKE ? ESCAPE '\\' OR a.ref LIKE ? ESCAPE '\\' OR EXISTS ("
            "SELECT 1 FROM progress g WHERE g.action_id = a.id AND g.deleted = 0"
            " AND g.text LIKE ? ESCAPE '\\'))"
        )
        params.extend([pattern, pattern, pattern])
    return " WHERE " + " AND ".join(clauses), params


def _escape_like(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def _to_date(value) -> date | None:
    return date.fromisoformat(value) if value else None


def _action_row(r: tuple, today: date) -> ActionRow:
    due = _to_date(r[12])
    return ActionRow(
        id=r[0],
        plan_id=r[1],
        plan=r[2],
        objective_id=r[3],
        objective_ref=r[4],
        objective=r[5],
        ref=r[6],
        text=r[7],
        leads=tuple(r[8].split(_SEP)) if r[8] else (),
        rag=r[9],
        status=r[10],
        timescale=r[11],
        due=due,
        overdue=bool(r[10] == "open" and due and due < today),
        ongoing=bool(r[13]),
        updated_at=r[14] or "",
        last_update=_to_date(r[15]),
    )


def list_actions(
    conn: sqlite3.Connection,
    flt: ActionFilter = ActionFilter(),
    today: date | None = None,
    limit: int | None = None,
    offset: int = 0,
) -> list[ActionRow]:
    """The actions in scope, in plan order."""
    today = today or date.today()
    where, params = _where(flt, today)
    sql = "SELECT " + _ROW_COLUMNS + _FROM + where + _ORDER
    if limit is not None:
        sql += " LIMIT ? OFFSET ?"
        params = [*params, limit, offset]
    return [_action_row(r, today) for r in conn.execute(sql, params)]


def action_ids(conn: sqlite3.Connection, flt: ActionFilter, today: date | None = None) -> list[str]:
    """Only the ids of the actions in scope, in plan order: cheap enough for every keystroke."""
    where, params = _where(flt, today or date.today())
    return [r[0] for r in conn.execute("SELECT a.id" + _FROM + where + _ORDER, params)]


def rows_by_id(conn: sqlite3.Connection, ids: list[str], today: date | None = None) -> dict[str, ActionRow]:
    """Full rows for a window of ids (the visible part of a list)."""
    if not ids:
        return {}
    today = today or date.today()
    sql = "SELECT " + _ROW_COLUMNS + _FROM + f" WHERE a.id IN ({','.join('?' * len(ids))})"
    return {r[0]: _action_row(r, today) for r in conn.execute(sql, ids)}


def rag_counts(conn: sqlite3.Connection, flt: ActionFilter, today: date | None = None) -> dict[str, int]:
    """Counts per RAG (``NOT_RATED`` for none), plus "overdue" and "total", in scope."""
    today = today or date.today()
    where, params = _where(flt, today)
    sql = (
        "SELECT coalesce(a.rag, ?), count(*), sum(a.status = 'open' AND a.due_end IS NOT NULL "
        "AND a.due_end < ?)" + _FROM + where + " GROUP BY a.rag"
    )
    counts = {"red": 0, "amber": 0, "green": 0, "blue": 0, NOT_RATED: 0, "overdue": 0, "total": 0}
    for rag, count, overdue in conn.execute(sql, [NOT_RATED, today.isoformat(), *params]):
        counts[rag] = count
        counts["overdue"] += overdue or 0
        counts["total"] += count
    return counts


def progress_for(conn: sqlite3.Connection, action_ids_: list[str]) -> dict[str, list[ProgressRow]]:
    """Progress entries of several actions, newest first."""
    result: dict[str, list[ProgressRow]] = {a: [] for a in action_ids_}
    for start in range(0, len(action_ids_), 500):
        chunk = action_ids_[start : start + 500]
        sql = (
            "SELECT action_id, id, kind, entry_date, author, text, created_at FROM progress "
            f"WHERE deleted = 0 AND action_id IN ({','.join('?' * len(chunk))}) "
            "ORDER BY coalesce(entry_date, substr(created_at, 1, 10)) DESC, created_at DESC, rowid DESC"
        )
        for r in conn.execute(sql, chunk):
            result[r[0]].append(ProgressRow(r[1], r[2], _to_date(r[3]), r[4], r[5], r[6]))
    return result


def action_detail(conn: sqlite3.Connection, action_id: str, today: date | None = None) -> ActionDetail:
    today = today or date.today()
    row = rows_by_id(conn, [action_id], today).get(action_id)
    if row is None:
        raise NotFound(f"no action with id {action_id}")
    extra = conn.execute(
        "SELECT t.name, a.due_start, a.undated, a.timescale_understood FROM action a "
        "JOIN objective o ON o.id = a.objective_id LEFT JOIN theme t ON t.id = o.theme_id "
        "WHERE a.id = ?",
        [action_id],
    ).fetchone()
    leads = tuple(
        LeadRow(r[0], r[1], r[2], r[3], r[4] == 0)
        for r in conn.execute(
            "SELECT f.id, f.name, f.initials, f.job_title, l.position FROM action_lead l "
            "JOIN officer f ON f.id = l.officer_id WHERE l.action_id = ? ORDER BY l.position",
            [action_id],
        )
    )
    return ActionDetail(
        row=row,
        theme=extra[0],
        due_start=_to_date(extra[1]),
        undated=bool(extra[2]),
        understood=bool(extra[3]),
        leads=leads,
        progress=tuple(progress_for(conn, [action_id])[action_id]),
        rag_history=tuple(rag_history(conn, action_id)),
    )


def rag_history(conn: sqlite3.Connection, action_id: str) -> list[RagChange]:
    """Every rating the action has had, oldest first, with reason, who and when."""
    history = []
    for field_, old, new, reason, actor, at in conn.execute(
        "SELECT field, old_value, new_value, reason, actor, at FROM change "
        "WHERE entity = 'action' AND entity_id = ? AND field IN ('_create', 'rag') ORDER BY stamp",
        [action_id],
    ):
        if field_ == "_create":
            rag = json.loads(new).get("rag")
            if rag:
                history.append(RagChange(None, rag, reason or "initial rating", actor, at))
        else:
            history.append(RagChange(json.loads(old) if old else None, json.loads(new), reason, actor, at))
    return history


def list_plans(conn: sqlite3.Connection) -> list[PlanRow]:
    return [
        PlanRow(r[0], r[1], r[2], r[3], _to_date(r[4]), json.loads(r[5] or "{}"), r[6])
        for r in conn.execute(
            "SELECT id, title, organisation, overseeing_body, as_at, rag_definitions, source_key "
            "FROM plan WHERE deleted = 0 ORDER BY title, id"
        )
    ]


def find_plan(conn: sqlite3.Connection, text: str) -> PlanRow:
    """A plan by id, source file name or part of its title; one clear error if none or several."""
    plans = list_plans(conn)
    key = text.strip().lower()
    exact = [p for p in plans if key in (p.id, (p.source_key or "").lower(), p.title.lower())]
    matches = exact or [p for p in plans if key in p.title.lower() or key in (p.source_key or "").lower()]
    if not matches:
        raise NotFound(f"no plan matches {text!r}")
    if len(matches) > 1:
        raise Ambiguous(f"{text!r} matches several plans: " + "; ".join(p.title for p in matches))
    return matches[0]


def list_officers(conn: sqlite3.Connection) -> list[OfficerRow]:
    """Every officer with the number of open actions they lead (counted in one grouped pass:
    a count per officer as a subquery made SQLite walk the actions once per officer)."""
    return [
        OfficerRow(*r)
        for r in conn.execute(
            "SELECT f.id, f.name, f.initials, f.job_title, f.email, f.phone, coalesce(c.n, 0) "
            "FROM officer f LEFT JOIN ("
            " SELECT l.officer_id AS officer_id, count(*) AS n FROM action_lead l"
            " JOIN action a ON a.id = l.action_id WHERE a.deleted = 0 AND a.status = 'open'"
            " GROUP BY l.officer_id) c ON c.officer_id = f.id "
            "WHERE f.deleted = 0 ORDER BY f.name COLLATE NOCASE"
        )
    ]


def _officer_names(conn: sqlite3.Connection) -> list[OfficerRow]:
    """Officers without their counts: all a name or initials lookup needs."""
    return [
        OfficerRow(*r)
        for r in conn.execute(
            "SELECT id, name, initials, job_title, email, phone FROM officer "
            "WHERE deleted = 0 ORDER BY name COLLATE NOCASE"
        )
    ]


def find_officers(conn: sqlite3.Connection, text: str) -> list[OfficerRow]:
    """Officers whose initials are ``text`` or whose name contains it (case-insensitive).

    Exact initials or an exact name win over partial matches, so "JR" finds Jackie Roper and not
    everyone with a J and an R in their name.
    """
    key = text.strip().lower()
    if not key:
        return []
    officers = _officer_names(conn)
    exact = [o for o in officers if key == (o.initials or "").lower() or key == o.name.lower()]
    if exact:
        return exact
    words = key.split()
    return [o for o in officers if all(w in o.name.lower() for w in words)]


def find_action(conn: sqlite3.Connection, ref: str, plan_id: str | None = None) -> ActionRow:
    """An action by its reference ("1a", "3d)", "A"), optionally within one plan."""
    key = ref.strip().rstrip(").").lower()
    sql = "SELECT a.id, p.title FROM action a JOIN plan p ON p.id = a.plan_id WHERE a.deleted = 0 AND p.deleted = 0 AND lower(a.ref) = ?"
    params: list = [key]
    if plan_id:
        sql += " AND a.plan_id = ?"
        params.append(plan_id)
    found = conn.execute(sql, params).fetchall()
    if not found:
        raise NotFound(f"no action {ref!r}" + ("" if plan_id else " in any plan"))
    if len(found) > 1:
        plans = sorted({title for _, title in found})
        raise Ambiguous(f"action {ref!r} is in several plans ({'; '.join(plans)}): add --plan")
    return rows_by_id(conn, [found[0][0]])[found[0][0]]
