"""Review points of a plan, and what changed since them.

A review (a committee meeting) is a dated point: a ``Review`` row, created through the write path
like any edit, plus a ``ReviewEntry`` per action: its rating, status and timescale as they stood.

The entries are written on the editor's connection, in the same transaction as the review, but
they are *not* edits: each is a copy of an action's state at the moment the review's ``_create``
change was made, so it is fully determined by the change log up to that change (the same way
``action_lead`` rows are materialised from the ``leads`` field). Nobody edits an entry, undo of
the review removes the review (readers ignore entries of deleted reviews), and logging them would
put one fake change per action into every action's history. A laptop that receives a review by
sync has no entries for it: every reader here then rebuilds the snapshot from the change log, up
to the review's stamp (``snapshot``).

"Since the review" means: changes whose hybrid-clock stamp is later than the stamp of the review's
``_create`` change. The review's "as at" date is the date printed on reports, not the cut point.

Readers take a sqlite3 connection (``Database.reader()``) or a ``Database``.
"""

from __future__ import annotations

import json
import sqlite3
from dataclasses import dataclass, field
from datetime import date, timedelta

from models.timescale import parse_timescale
from storage.errors import NotFound
from storage.queries import ActionFilter, ActionRow, ProgressRow, list_actions

#: Fields whose change makes an action "changed" besides rag/status/timescale/progress.
OTHER_FIELDS = ("text", "leads", "ref", "objective_id", "plan_id")
CLOSED = ("withdrawn", "superseded")


@dataclass(frozen=True)
class ReviewRow:
    id: str
    plan_id: str
    plan: str
    as_at: date
    label: str
    started_at: str
    started_by: str | None
    stamp: str  # the stamp of the review's creation: "since the review" starts after it
    actions: int  # actions in its snapshot

    @property
    def title(self) -> str:
        return self.label or f"Review as at {self.as_at.strftime('%d/%m/%Y')}"


@dataclass(frozen=True)
class Snapshot:
    """An action as it stood at a review."""

    rag: str | None
    status: str
    timescale: str
    due_end: date | None


@dataclass(frozen=True)
class FieldMove:
    """One change of one field since the review (values decoded from the change log)."""

    old: object
    new: object
    reason: str | None
    actor: str
    at: str


@dataclass(frozen=True)
class ActionChanges:
    """What happened to one action since a review."""

    action_id: str
    at_review: Snapshot | None  # None: not in the plan at the review
    new: bool = False
    removed: bool = False  # deleted since the review
    completed: bool = False
    withdrawn: bool = False  # withdrawn or superseded since the review
    status_moves: tuple[FieldMove, ...] = ()
    rag_moves: tuple[FieldMove, ...] = ()
    redates: tuple[FieldMove, ...] = ()  # timescale changes since the review
    redated_total: int = 0  # every timescale change ever (not counting undo)
    first_timescale: str = ""  # the timescale as first written
    new_progress: tuple[ProgressRow, ...] = ()  # newest first
    other_fields: tuple[str, ...] = ()  # text, leads, ... changed since the review

    @property
    def changed(self) -> bool:
        return bool(
            self.new
            or self.removed
            or self.completed
            or self.withdrawn
            or self.status_moves
            or self.rag_moves
            or self.redates
            or self.new_progress
            or self.other_fields
        )

    @property
    def rolled_forward(self) -> bool:
        """Re-dated more than once in all: the "rolled forward again and again" flag."""
        return self.redated_total >= 2

    def notes(self) -> list[str]:
        """Short lines for reports, e.g. "RAG Amber → Red: HR restructure" (progress not included)."""
        lines = []
        if self.new:
            lines.append("New since the last review")
        if self.removed:
            lines.append("Removed from the plan since the last review")
        for move in self.status_moves:
            if move.new == "complete" and self.completed:
                lines.append("Completed" + (f": {move.reason}" if move.reason else ""))
            elif move.new in CLOSED and self.withdrawn:
                lines.append(f"{str(move.new).capitalize()}" + (f": {move.reason}" if move.reason else ""))
            else:
                lines.append(f"Status {move.old or 'open'} → {move.new}")
        for move in self.redates:
            lines.append(f"Re-dated: {move.old or 'no timescale'} → {move.new or 'no timescale'}")
        closing = {m.reason for m in self.status_moves if m.new == "complete"}
        for move in self.rag_moves:
            if move.new == "blue" and self.completed and move.reason in closing:
                continue  # completing rates blue with the same note: said once above
            text = f"RAG {rag_name(move.old)} → {rag_name(move.new)}"
            lines.append(text + (f": {move.reason}" if move.reason else ""))
        for name in self.other_fields:
            lines.append({"text": "Wording changed", "leads": "Lead officers changed"}.get(name, f"{name} changed"))
        return lines


def rag_name(rag: object) -> str:
    return str(rag).capitalize() if rag else "Not rated"


# --- writing ---------------------------------------------------------------------------------
def start_review(db, plan_id: str, as_at: date | None = None, label: str = "", actor: str | None = None) -> str:
    """Record a review point of ``plan_id``: a Review (through the write path) and a snapshot of
    every action, in one transaction. Also moves the plan's "as at" date forward. Returns its id."""
    from sqlalchemy import insert, text

    from models.tables import ReviewEntry
    from storage.clock import utc_now_iso
    from storage.writes import edit

    as_at = as_at or date.today()
    with edit(db, actor) as editor:
        editor._require("plan", plan_id)
        review_id = editor.create(
            "review",
            plan_id=plan_id,
            as_at=as_at,
            label=label or "",
            started_at=utc_now_iso(),
            started_by=editor.actor,
        )
        rows = editor.conn.execute(
            text("SELECT id, rag, status, timescale, due_end FROM action WHERE plan_id = :p AND deleted = 0"),
            {"p": plan_id},
        ).all()
        if rows:  # the snapshot: derived from the rows, not an edit (see the module's docstring)
            editor.conn.execute(
                insert(ReviewEntry.__table__),
                [
                    {
                        "review_id": review_id,
                        "action_id": r[0],
                        "rag": r[1],
                        "status": r[2] or "open",
                        "timescale": r[3] or "",
                        "due_end": _date(r[4]),
                    }
                    for r in rows
                ],
            )
        current = editor.conn.execute(text("SELECT as_at FROM plan WHERE id = :p"), {"p": plan_id}).scalar()
        if current is None or str(current) < as_at.isoformat():
            editor.set("plan", plan_id, "as_at", as_at)
    return review_id


# --- reading reviews -------------------------------------------------------------------------
def review_txn_id(conn: sqlite3.Connection, review_id: str) -> str | None:
    """The transaction that recorded review ``review_id`` (what undo reverts), or None."""
    row = conn.execute(
        "SELECT txn_id FROM change WHERE entity = 'review' AND entity_id = ? AND field = '_create'", [review_id]
    ).fetchone()
    return row[0] if row else None


def _reader(conn_or_db) -> sqlite3.Connection:
    return conn_or_db if isinstance(conn_or_db, sqlite3.Connection) else conn_or_db.reader()


def _date(value) -> date | None:
    if value is None or isinstance(value, date):
        return value
    return date.fromisoformat(str(value)[:10]) if value else None


def list_reviews(conn_or_db, plan_id: str | None = None) -> list[ReviewRow]:
    """Reviews (not deleted), oldest first: by "as at" date, then by when they were started."""
    conn = _reader(conn_or_db)
    sql = (
        "SELECT r.id, r.plan_id, p.title, r.as_at, r.label, r.started_at, r.started_by,"
        " coalesce((SELECT min(c.stamp) FROM change c WHERE c.entity = 'review' AND c.entity_id = r.id"
        "  AND c.field = '_create'), ''),"
        " (SELECT count(*) FROM review_entry e WHERE e.review_id = r.id)"
        " FROM review r JOIN plan p ON p.id = r.plan_id WHERE r.deleted = 0 AND p.deleted = 0"
    )
    params: list = []
    if plan_id:
        sql += " AND r.plan_id = ?"
        params.append(plan_id)
    sql += " ORDER BY p.title, r.plan_id, r.as_at, 8"
    return [
        ReviewRow(r[0], r[1], r[2], _date(r[3]), r[4] or "", r[5] or "", r[6], r[7], r[8])
        for r in conn.execute(sql, params)
    ]


def latest_review(conn_or_db, plan_id: str) -> ReviewRow | None:
    reviews = list_reviews(conn_or_db, plan_id)
    return reviews[-1] if reviews else None


def _review(conn: sqlite3.Connection, plan_id: str, review_id: str | None) -> ReviewRow | None:
    reviews = list_reviews(conn, plan_id)
    if review_id is None:
        return reviews[-1] if reviews else None
    for review in reviews:
        if review.id == review_id:
            return review
    raise NotFound(f"no review {review_id} of this plan")


def _action_changes(conn: sqlite3.Connection, plan_id: str) -> dict[str, list[tuple]]:
    """Every change of every action ever in the plan, oldest first (by stamp)."""
    result: dict[str, list[tuple]] = {}
    for row in conn.execute(
        "SELECT entity_id, field, old_value, new_value, reason, actor, at, stamp, source FROM change"
        " WHERE entity = 'action' AND entity_id IN (SELECT id FROM action WHERE plan_id = ?)"
        " ORDER BY stamp",
        [plan_id],
    ):
        result.setdefault(row[0], []).append(row[1:])
    return result


def snapshot(conn_or_db, review: ReviewRow) -> dict[str, Snapshot]:
    """The actions of the review's plan as they stood at the review: its entries if this laptop has
    them, else rebuilt from the change log up to the review's stamp."""
    conn = _reader(conn_or_db)
    rows = conn.execute(
        "SELECT action_id, rag, status, timescale, due_end FROM review_entry WHERE review_id = ?", [review.id]
    ).fetchall()
    if rows or review.actions:
        return {r[0]: Snapshot(r[1], r[2] or "open", r[3] or "", _date(r[4])) for r in rows}
    return _rebuild(_action_changes(conn, review.plan_id), review.stamp)


def _rebuild(changes: dict[str, list[tuple]], cut: str) -> dict[str, Snapshot]:
    result = {}
    for action_id, log in changes.items():
        state: dict | None = None
        for field_, _old, new, _reason, _actor, at, stamp, _source in log:
            if stamp > cut:
                break
            value = json.loads(new) if new is not None else None
            if field_ == "_create":
                state = {
                    "rag": value.get("rag"),
                    "status": value.get("status") or "open",
                    "timescale": value.get("timescale") or "",
                    "at": at,
                    "deleted": False,
                }
            elif state is None:
                continue
            elif field_ == "_delete":
                state["deleted"] = bool(value)
            elif field_ in ("rag", "status", "timescale"):
                state[field_] = value if field_ == "rag" else (value or ("open" if field_ == "status" else ""))
                if field_ == "timescale":
                    state["at"] = at
        if state and not state["deleted"]:
            due = parse_timescale(state["timescale"], reference=date.fromisoformat(state["at"][:10])).end
            result[action_id] = Snapshot(state["rag"], state["status"], state["timescale"], due)
    return result


# --- what changed since a review -------------------------------------------------------------
def changes_since_review(conn_or_db, plan_id: str, review_id: str | None = None) -> dict[str, ActionChanges]:
    """For every action of the plan (now, or at the review), what changed since the review
    (the latest one unless ``review_id``). Empty when the plan has no review yet."""
    conn = _reader(conn_or_db)
    review = _review(conn, plan_id, review_id)
    if review is None:
        return {}
    log = _action_changes(conn, plan_id)
    before = snapshot(conn, review)
    now = {
        r[0]: r[1:]
        for r in conn.execute(
            "SELECT a.id, a.status, a.deleted FROM action a LEFT JOIN objective o ON o.id = a.objective_id"
            " WHERE a.plan_id = ? ORDER BY o.position, a.position, a.ref",
            [plan_id],
        )
    }
    progress = _new_progress(conn, plan_id, review.stamp)
    result = {}
    for action_id, (status_now, deleted) in now.items():
        snap = before.get(action_id)
        if deleted and snap is None:
            continue  # never part of the plan as the committee saw it, and not now either
        moves: dict[str, list[FieldMove]] = {"rag": [], "status": [], "timescale": []}
        redated_total, first_timescale, others = 0, "", []
        for field_, old, new, reason, actor, at, stamp, source in log.get(action_id, []):
            if field_ == "_create":
                first_timescale = (json.loads(new) or {}).get("timescale") or ""
                continue
            if field_ == "timescale" and source != "undo":
                redated_total += 1
            if stamp <= review.stamp:
                continue
            if field_ in moves:
                moves[field_].append(FieldMove(_load(old), _load(new), reason, actor, at))
            elif field_ in OTHER_FIELDS and field_ not in others:
                others.append(field_)
        status_before = snap.status if snap else None
        result[action_id] = ActionChanges(
            action_id=action_id,
            at_review=snap,
            new=snap is None and not deleted,
            removed=bool(deleted) and snap is not None,
            completed=not deleted and status_now == "complete" and status_before != "complete",
            withdrawn=not deleted and status_now in CLOSED and status_before not in CLOSED,
            status_moves=tuple(moves["status"]),
            rag_moves=tuple(moves["rag"]),
            redates=tuple(moves["timescale"]),
            redated_total=redated_total,
            first_timescale=first_timescale,
            new_progress=tuple(progress.get(action_id, ())),
            other_fields=tuple(others),
        )
    return result


def _load(value: str | None):
    return None if value is None else json.loads(value)


def _new_progress(conn: sqlite3.Connection, plan_id: str, cut: str) -> dict[str, list[ProgressRow]]:
    result: dict[str, list[ProgressRow]] = {}
    for r in conn.execute(
        "SELECT g.action_id, g.id, g.kind, g.entry_date, g.author, g.text, g.created_at FROM change c"
        " JOIN progress g ON g.id = c.entity_id WHERE c.entity = 'progress' AND c.field = '_create'"
        " AND c.stamp > ? AND g.deleted = 0 AND g.action_id IN (SELECT id FROM action WHERE plan_id = ?)"
        " ORDER BY coalesce(g.entry_date, substr(g.created_at, 1, 10)) DESC, c.stamp DESC",
        [cut, plan_id],
    ):
        result.setdefault(r[0], []).append(ProgressRow(r[1], r[2], _date(r[3]), r[4], r[5], r[6]))
    return result


def changed_action_ids(conn_or_db, plan_id: str, review_id: str | None = None) -> set[str]:
    """The ids of the actions (not deleted) that changed since the review: for the TUI to filter
    or mark. Empty when the plan has no review."""
    return {
        action_id
        for action_id, changes in changes_since_review(conn_or_db, plan_id, review_id).items()
        if changes.changed and not changes.removed
    }


# --- timeline and trend ----------------------------------------------------------------------
@dataclass(frozen=True)
class Timeline:
    """Each action's state at every past review of a plan (oldest review first)."""

    reviews: tuple[ReviewRow, ...]
    entries: dict[str, tuple[Snapshot | None, ...]]  # action id -> per review; None = not in the plan

    def rags(self, action_id: str) -> list[str | None]:
        """The action's RAG at each review (None: not rated, or not in the plan yet)."""
        return [s.rag if s else None for s in self.entries.get(action_id, (None,) * len(self.reviews))]


def review_timeline(conn_or_db, plan_id: str) -> Timeline:
    conn = _reader(conn_or_db)
    reviews = tuple(list_reviews(conn, plan_id))
    snaps = [snapshot(conn, r) for r in reviews]
    ids = [r[0] for r in conn.execute("SELECT id FROM action WHERE plan_id = ? ORDER BY position, ref", [plan_id])]
    return Timeline(reviews, {a: tuple(s.get(a) for s in snaps) for a in ids})


@dataclass(frozen=True)
class TrendPoint:
    """Counts per RAG at one review (or now). Withdrawn and superseded actions are counted apart."""

    label: str
    as_at: date | None
    counts: dict[str, int]  # red, amber, green, blue, none (open or complete actions)
    withdrawn: int
    is_now: bool = False

    @property
    def total(self) -> int:
        return sum(self.counts.values())


def _count(states) -> tuple[dict[str, int], int]:
    counts = {"red": 0, "amber": 0, "green": 0, "blue": 0, "none": 0}
    withdrawn = 0
    for rag, status in states:
        if status in CLOSED:
            withdrawn += 1
        else:
            counts[rag if rag in counts else "none"] += 1
    return counts, withdrawn


def rag_trend(conn_or_db, plan_id: str, today: date | None = None) -> list[TrendPoint]:
    """Counts per RAG at every review of the plan, oldest first, then now."""
    conn = _reader(conn_or_db)
    points = []
    for review in list_reviews(conn, plan_id):
        counts, withdrawn = _count((s.rag, s.status) for s in snapshot(conn, review).values())
        points.append(TrendPoint(review.as_at.strftime("%d/%m/%Y"), review.as_at, counts, withdrawn))
    counts, withdrawn = _count(
        conn.execute("SELECT rag, status FROM action WHERE plan_id = ? AND deleted = 0", [plan_id])
    )
    points.append(TrendPoint("Now", today or date.today(), counts, withdrawn, is_now=True))
    return points


# --- chasing ---------------------------------------------------------------------------------
@dataclass(frozen=True)
class ChaseItem:
    row: ActionRow
    reasons: tuple[str, ...]  # "no update for 45 days", "no update since the review of 22/07/2015", "due 30 Apr 2026"


@dataclass(frozen=True)
class OfficerChase:
    officer_id: str | None  # None: actions with no lead officer
    name: str
    email: str | None
    items: tuple[ChaseItem, ...] = field(default_factory=tuple)


def chase_list(conn_or_db, days: int = 14, plan_id: str | None = None, today: date | None = None) -> list[OfficerChase]:
    """Per lead officer, their open actions with no update for ``days`` days or since their plan's
    last review, or due within ``days`` days (or overdue)."""
    conn = _reader(conn_or_db)
    today = today or date.today()
    flt = ActionFilter(statuses=frozenset({"open"}), plan_ids=(plan_id,) if plan_id else ())
    reviews = {}
    for review in list_reviews(conn, plan_id):
        reviews[review.plan_id] = review  # oldest first, so the latest wins
    stale_before = today - timedelta(days=days)
    items: dict[str, ChaseItem] = {}
    for row in list_actions(conn, flt, today=today):
        reasons = []
        if row.last_update is None:
            reasons.append("no update recorded")
        elif row.last_update < stale_before:
            reasons.append(
                f"no update since {row.last_update.strftime('%d/%m/%Y')} ({(today - row.last_update).days} days)"
            )
        review = reviews.get(row.plan_id)
        if review and row.last_update is not None and stale_before <= row.last_update < review.as_at:
            reasons.append(f"no update since the review of {review.as_at.strftime('%d/%m/%Y')}")
        if row.due is not None and row.due < today:
            reasons.append(f"overdue: due {_uk(row.due)}")
        elif row.due is not None and row.due <= today + timedelta(days=days):
            reasons.append(f"due {_uk(row.due)}")
        if reasons:
            items[row.id] = ChaseItem(row, tuple(reasons))
    if not items:
        return []
    officers = {r[0]: r[1:] for r in conn.execute("SELECT id, name, email FROM officer")}
    by_officer: dict[str | None, list[ChaseItem]] = {}
    marks = ",".join("?" * len(items))
    led = set()
    for action_id, officer_id in conn.execute(
        f"SELECT action_id, officer_id FROM action_lead WHERE action_id IN ({marks}) ORDER BY position", list(items)
    ):
        by_officer.setdefault(officer_id, []).append(items[action_id])
        led.add(action_id)
    orphans = [item for action_id, item in items.items() if action_id not in led]
    if orphans:
        by_officer[None] = orphans
    order = {action_id: n for n, action_id in enumerate(items)}
    chases = [
        OfficerChase(
            oid,
            officers[oid][0] if oid else "(no lead officer)",
            officers[oid][1] if oid else None,
            tuple(sorted(found, key=lambda i: order[i.row.id])),
        )
        for oid, found in by_officer.items()
    ]
    return sorted(chases, key=lambda c: (c.officer_id is None, c.name.lower()))


def _uk(d: date) -> str:
    return f"{d.day} {d.strftime('%b %Y')}"


def chase_text(chases: list[OfficerChase], sender: str | None = None) -> str:
    """The chase list as plain text, one message per officer, ready to paste into an email.
    Actions with no lead officer come last, as a list for the plan owner."""
    from models.text import one_line

    messages = []
    for chase in chases:
        plans = {i.row.plan for i in chase.items}
        if chase.officer_id is None:
            lines = ["Actions with no lead officer (to assign before chasing):", ""]
        else:
            first = chase.name.split()[0] if chase.name.split() else "colleague"
            lines = [f"To: {one_line(chase.name)}" + (f" <{one_line(chase.email)}>" if chase.email else "")]
            subject = f"Action plan: {one_line(next(iter(plans)))}" if len(plans) == 1 else "Action plans"
            lines += [f"Subject: {subject}: updates needed", "", f"Dear {one_line(first)},", ""]
            many = len(chase.items) != 1
            lines += [
                f"Could you let me have an update on the following action{'s' if many else ''}: what has "
                f"been achieved, the next steps, and whether the rating and timescale still hold?",
                "",
            ]
        for item in chase.items:
            row = item.row
            where = f" [{one_line(row.plan)}]" if len(plans) > 1 else ""
            timescale = f" (timescale: {one_line(row.timescale)})" if row.timescale.strip() else ""
            lines.append(f"- {one_line(row.ref)} {one_line(row.title, 100)}{where}{timescale}")
            reasons = "; ".join(item.reasons)
            lines.append(f"  {reasons[:1].upper()}{reasons[1:]}")
        if chase.officer_id is not None:
            lines += ["", "Many thanks,"] + ([one_line(sender)] if sender else [])
        messages.append("\n".join(lines).rstrip() + "\n")
    return ("\n" + "-" * 72 + "\n\n").join(messages)
