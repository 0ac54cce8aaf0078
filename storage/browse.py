"""Read queries for browsing, beyond ``storage.queries``: the plan outline (plans > themes >
objectives), settings read on the light path, and the editable details of plans and objectives.

Standard library only (``sqlite3``), like ``storage.queries``, so the TUI's first screen never
waits for SQLAlchemy. Every function takes a sqlite3 connection.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from datetime import date


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
    for r in conn.execute(
        "SELECT id, plan_id, name FROM theme WHERE deleted = 0 ORDER BY plan_id, position, name"
    ):
        themes.setdefault(r[1], []).append(OutlineTheme(r[0], r[1], r[2]))
    objectives: dict[str, list[OutlineObjective]] = {}
    for r in conn.execute(
        "SELECT o.id, o.plan_id, o.theme_id, o.ref, o.text, "
        "(SELECT count(*) FROM action a WHERE a.objective_id = o.id AND a.deleted = 0) "
        "FROM objective o WHERE o.deleted = 0 ORDER BY o.plan_id, o.position, o.ref"
    ):
        objectives.setdefault(r[1], []).append(OutlineObjective(*r))
    return [
        OutlinePlan(r[0], r[1], tuple(themes.get(r[0], ())), tuple(objectives.get(r[0], ())))
        for r in conn.execute("SELECT id, title FROM plan WHERE deleted = 0 ORDER BY title, id")
    ]


def read_setting(conn: sqlite3.Connection, key: str) -> str | None:
    """A per-database setting (``Database.setting`` without SQLAlchemy)."""
    row = conn.execute("SELECT value FROM setting WHERE key = ?", [key]).fetchone()
    return row[0] if row else None


#: The plan fields an officer edits from the TUI, with their labels, in form order.
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

_DETAIL_FIELDS = {"plan": PLAN_FIELDS, "objective": OBJECTIVE_FIELDS, "theme": THEME_FIELDS}


def editable_details(conn: sqlite3.Connection, entity: str, entity_id: str) -> dict[str, str]:
    """The current values of the fields the TUI edits for a plan, objective or theme, as text
    ("" for none; dates as YYYY-MM-DD)."""
    fields = [name for name, _label in _DETAIL_FIELDS[entity]]
    row = conn.execute(
        f"SELECT {', '.join(fields)} FROM {entity} WHERE id = ?", [entity_id]
    ).fetchone()
    if row is None:
        return {}
    return {name: _as_text(value) for name, value in zip(fields, row)}


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
