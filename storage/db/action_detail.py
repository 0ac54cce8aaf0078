"""One action in full (the detail pane, ``ragtrack show``) and "jump to"'s search: the reads of
``txn.actions`` that ``ragtrack list`` never needs, kept apart so it does not load them."""

from __future__ import annotations

from datetime import date

from storage.db.action_rows import ACTION_ORDER, ACTIONS_FROM, LIVE, ActionRow, ProgressRow, progress_of, rows_by_id
from storage.db.core import Txn, like_escape, to_date
from storage.errors import NotFound

TYPE_CHECKING = False  # typing's, without importing typing (type checkers read it as True): models/records.py
if TYPE_CHECKING:
    from typing import NamedTuple

    from storage.db.changes import FieldChange, RagChange
else:
    from models.records import NamedTuple


class LeadRow(NamedTuple):
    officer_id: str
    name: str
    initials: str | None
    job_title: str | None
    primary: bool


class ActionDetail(NamedTuple):
    row: ActionRow
    theme: str | None
    due_start: date | None
    undated: bool
    understood: bool
    leads: tuple[LeadRow, ...]
    progress: tuple[ProgressRow, ...]  # newest first
    rag_history: tuple[RagChange, ...]  # oldest first
    dates_and_status: tuple[FieldChange, ...] = ()  # re-dates and status changes, oldest first


class ActionHit(NamedTuple):
    """An action found by "jump to"."""

    id: str
    ref: str
    title: str
    plan: str


def read_detail(txn: Txn, action_id: str, today: date) -> ActionDetail:
    """Everything about one action (``Actions.detail``)."""
    row = rows_by_id(txn, [action_id], today).get(action_id)
    if row is None:
        raise NotFound(f"no action with id {action_id}")
    extra = txn.one(
        "SELECT t.name AS theme, a.due_start AS due_start, a.undated AS undated,"
        " a.timescale_understood AS understood FROM action a"
        " JOIN objective o ON o.id = a.objective_id LEFT JOIN theme t ON t.id = o.theme_id WHERE a.id = ?",
        (action_id,),
    )
    assert extra is not None  # the row above exists
    leads = tuple(
        LeadRow(r["id"], r["name"], r["initials"], r["job_title"], r["position"] == 0)
        for r in txn.rows(
            "SELECT f.id AS id, f.name AS name, f.initials AS initials, f.job_title AS job_title,"
            " l.position AS position FROM action_lead l JOIN officer f ON f.id = l.officer_id"
            " WHERE l.action_id = ? ORDER BY l.position",
            (action_id,),
        )
    )
    from storage.db.changes import ChangeLog

    log = ChangeLog(txn)
    progress = progress_of(txn, [action_id])[action_id]
    provenance = log.progress_provenance([p.id for p in progress])
    progress = [
        p._replace(imported=provenance.get(p.id, (False, None))[0], corrected_by=provenance.get(p.id, (False, None))[1])
        for p in progress
    ]
    return ActionDetail(
        row=row,
        theme=extra["theme"],
        due_start=to_date(extra["due_start"]),
        undated=bool(extra["undated"]),
        understood=bool(extra["understood"]),
        leads=leads,
        progress=tuple(progress),
        rag_history=tuple(log.rag_history(action_id)),
        dates_and_status=tuple(log.dates_and_status(action_id)),
    )


def search(txn: Txn, text: str, limit: int) -> list[ActionHit]:
    """Actions whose reference starts with ``text`` or whose text contains it (``Actions.search``)."""
    key = text.strip()
    if not key:
        return []
    escaped = like_escape(key)
    rows = txn.rows(
        "SELECT a.id AS id, a.ref AS ref, a.text AS text, p.title AS plan,"
        " (lower(a.ref) = lower(?)) + (a.ref LIKE ? ESCAPE '\\') AS rank" + ACTIONS_FROM + " WHERE " + LIVE + ""
        " AND (a.ref LIKE ? ESCAPE '\\' OR a.text LIKE ? ESCAPE '\\')"
        " ORDER BY rank DESC, " + ACTION_ORDER + " LIMIT ?",
        (key, escaped + "%", escaped + "%", "%" + escaped + "%", limit),
    )
    return [ActionHit(r["id"], r["ref"], (r["text"] or "").strip().split("\n", 1)[0], r["plan"]) for r in rows]
