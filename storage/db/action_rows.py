"""The rules every read of actions shares, and an action's row and progress entries as read.

``storage.db.actions`` (the scope, its order, filters), ``storage.db.action_detail`` (one
action in full, "jump to") and ``storage.db.dashboard`` build on these; each rule is written here
once:

- **order** (``ACTION_ORDER``): plans by title, objectives by position, then actions by position
  within their objective, so 1a, 1b, 2a, 2b even when two objectives share a position;
- **overdue** (``OVERDUE``): open, with a parsed due date before today;
- **live** (``LIVE``): neither the action nor its objective nor its plan deleted;
- **no update since a day** (``no_update_since``): no progress or officer's edit since then.
"""

from __future__ import annotations

from datetime import date

from storage.db.core import Txn, marks, to_date

TYPE_CHECKING = False  # typing's, without importing typing (type checkers read it as True): models/records.py
if TYPE_CHECKING:
    from typing import Any, NamedTuple
else:
    from models.records import NamedTuple

NOT_RATED = "none"  # how a filter names "not rated" among RAG values
SEP = "\x1f"  # joins names or ids in one SQL string; never appears in user text we keep

#: Plan order: by title (ties by id, so the order is total).
PLAN_ORDER = "p.title, p.id"
#: Objective order within plans.
OBJECTIVE_ORDER = PLAN_ORDER + ", o.position, o.ref, o.id"
#: The order of actions everywhere: the list, the app, reports, "jump to", triage.
ACTION_ORDER = OBJECTIVE_ORDER + ", a.position, a.ref, a.id"
#: Overdue: open, and the end of its parsed due window is before today (one ``?``: today).
OVERDUE = "(a.status = 'open' AND a.due_end IS NOT NULL AND a.due_end < ?)"

#: Actions with their plan and objective, under the aliases every rule above uses.
ACTIONS_FROM = " FROM action a JOIN plan p ON p.id = a.plan_id JOIN objective o ON o.id = a.objective_id"
LIVE = "a.deleted = 0 AND p.deleted = 0 AND o.deleted = 0"


def no_update_since(day: date) -> tuple[str, list[Any]]:
    """No progress entry and no officer's edit on or after ``day`` (imports do not count)."""
    return "(a.last_update IS NULL OR a.last_update < ?)", [day.isoformat()]


class ActionRow(NamedTuple):
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


class ProgressRow(NamedTuple):
    id: str
    kind: str
    entry_date: date | None
    author: str | None
    text: str
    created_at: str
    imported: bool = False  # came in with a plan file (any officer may correct it)
    corrected_by: str | None = None  # who last edited it since (the detail's reading only)


#: An action's row (``action_row``'s parameters, by name; one ``?``: today), before the WHERE.
ROW_SQL = (
    "SELECT a.id AS id, a.plan_id AS plan_id, p.title AS plan, a.objective_id AS objective_id,"
    " o.ref AS objective_ref, o.text AS objective, a.ref AS ref, a.text AS text,"
    " (SELECT group_concat(name, char(31)) FROM (SELECT f.name AS name FROM action_lead l"
    "   JOIN officer f ON f.id = l.officer_id WHERE l.action_id = a.id ORDER BY l.position)) AS leads,"
    f" a.rag AS rag, a.status AS status, a.timescale AS timescale, a.due_end AS due, {OVERDUE} AS overdue,"
    " a.ongoing AS ongoing, a.updated_at AS updated_at, a.last_update AS last_update" + ACTIONS_FROM
)


def action_row(
    id: str,
    plan_id: str,
    plan: str,
    objective_id: str,
    objective_ref: str,
    objective: str,
    ref: str,
    text: str,
    leads: str | None,
    rag: str | None,
    status: str,
    timescale: str,
    due: str | None,
    overdue: int,
    ongoing: int,
    updated_at: str | None,
    last_update: str | None,
) -> ActionRow:
    """An ``ActionRow`` from the columns of ``ROW_SQL`` (``Txn.made`` passes them by name)."""
    return ActionRow(
        id,
        plan_id,
        plan,
        objective_id,
        objective_ref,
        objective,
        ref,
        text,
        tuple(leads.split(SEP)) if leads else (),
        rag,
        status,
        timescale,
        to_date(due),
        bool(overdue),
        bool(ongoing),
        updated_at or "",
        to_date(last_update),
    )


def rows_by_id(txn: Txn, ids: list[str], today: date) -> dict[str, ActionRow]:
    """Full rows for these ids, deleted ones included."""
    if not ids:
        return {}
    rows = txn.made(action_row, ROW_SQL + f" WHERE a.id IN ({marks(ids)})", [today.isoformat(), *ids])
    return {row.id: row for row in rows}


#: Newest first: by the entry's date (else the day it was written), then as written.
PROGRESS_NEWEST_FIRST = "coalesce(g.entry_date, substr(g.created_at, 1, 10)) DESC, g.created_at DESC, g.rowid DESC"


def progress_of(txn: Txn, action_ids: list[str]) -> dict[str, list[ProgressRow]]:
    """Progress entries (not deleted) of several actions, newest first."""
    result: dict[str, list[ProgressRow]] = {a: [] for a in action_ids}
    for start in range(0, len(action_ids), 500):
        chunk = action_ids[start : start + 500]
        for action_id, row in txn.made(
            _progress_entry,
            "SELECT g.action_id AS action_id, g.id AS id, g.kind AS kind, g.entry_date AS entry_date,"
            " g.author AS author, g.text AS text, g.created_at AS created_at FROM progress g "
            f"WHERE g.deleted = 0 AND g.action_id IN ({marks(chunk)}) ORDER BY {PROGRESS_NEWEST_FIRST}",
            chunk,
        ):
            result[action_id].append(row)
    return result


def _progress_entry(
    action_id: str, id: str, kind: str, entry_date: str | None, author: str | None, text: str, created_at: str
) -> tuple[str, ProgressRow]:
    return action_id, ProgressRow(id, kind, to_date(entry_date), author, text, created_at)
