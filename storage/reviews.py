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

Readers take a read transaction (``store.read()``).
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from models.timescale import day_text, days_from, parse_timescale
from storage.db import ReadTxn, Store
from storage.db.action_rows import ActionRow, ProgressRow
from storage.db.actions import ActionFilter
from storage.db.reviews import ActionChangeRecord, ReviewRecord
from storage.errors import EditRefused, NotFound

#: Fields whose change makes an action "changed" besides rag/status/timescale/progress.
OTHER_FIELDS = ("text", "leads")
CLOSED = ("withdrawn", "superseded")


@dataclass(frozen=True)
class ReviewRow(ReviewRecord):
    """A review point (see ``ReviewRecord`` for its fields)."""

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
    moved: str = ""  # "Moved from objective 1 to 2 (was 1b)": moved or renumbered since the review

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
            or self.moved
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
        if self.removed and not self.moved:
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
        if self.moved:
            lines.append(self.moved)
        for name in self.other_fields:
            lines.append({"text": "Wording changed", "leads": "Lead officers changed"}.get(name, f"{name} changed"))
        return lines


def rag_name(rag: object) -> str:
    return str(rag).capitalize() if rag else "Not rated"


# --- writing ---------------------------------------------------------------------------------
def start_review(db: Store, plan_id: str, as_at: date | None = None, label: str = "", actor: str | None = None) -> str:
    """Record a review point of ``plan_id``: a Review (through the write path) and a snapshot of
    every action, in one transaction. Also moves the plan's "as at" date forward. Returns its id."""
    from storage.clock import utc_now_iso
    from storage.writes import edit

    with edit(db, actor) as editor:
        editor.require("plan", plan_id)
        as_at = as_at or editor.today
        check_review_date(editor.txn, plan_id, as_at, editor.today)
        review_id = editor.create(
            "review",
            plan_id=plan_id,
            as_at=as_at,
            label=label or "",
            started_at=utc_now_iso(),
            started_by=editor.actor,
        )
        # The snapshot: derived from the rows, not an edit (see the module's docstring).
        editor.txn.reviews.snapshot_actions(review_id, plan_id)
        current = editor.txn.plans.as_at(plan_id)
        if current is None or current < as_at:
            editor.set("plan", plan_id, "as_at", as_at)
    return review_id


#: How far ahead a review may be dated (a meeting already in the diary, not a typo's year).
REVIEW_DAYS_AHEAD = 366


def check_review_date(txn: ReadTxn, plan_id: str, as_at: date, today: date) -> None:
    """Refuse (EditRefused) a review dated before the plan's latest review (its report would mix
    dates: "Last review 01/12/2026" in a report as at 22/09/2026) or more than a year ahead."""
    latest = latest_review(txn, plan_id)
    if latest is not None and as_at < latest.as_at:
        raise EditRefused(
            f"a review as at {day_text(as_at)} would be before the last review ({day_text(latest.as_at)}):"
            " give a date on or after it"
        )
    if (as_at - today).days > REVIEW_DAYS_AHEAD:
        raise EditRefused(f"a review as at {day_text(as_at)} is more than a year ahead: check the year")


# --- reading reviews -------------------------------------------------------------------------
def review_txn_id(txn: ReadTxn, review_id: str) -> str | None:
    """The transaction that recorded review ``review_id`` (what undo reverts), or None."""
    return txn.changes.transaction_of_create("review", review_id)


def list_reviews(txn: ReadTxn, plan_id: str | None = None) -> list[ReviewRow]:
    """Reviews (not deleted), oldest first: by "as at" date, then by when they were started."""
    return [ReviewRow(**vars(record)) for record in txn.reviews.list(plan_id)]


def latest_review(txn: ReadTxn, plan_id: str) -> ReviewRow | None:
    reviews = list_reviews(txn, plan_id)
    return reviews[-1] if reviews else None


def _review(txn: ReadTxn, plan_id: str, review_id: str | None) -> ReviewRow | None:
    reviews = list_reviews(txn, plan_id)
    if review_id is None:
        return reviews[-1] if reviews else None
    for review in reviews:
        if review.id == review_id:
            return review
    raise NotFound(f"no review {review_id} of this plan")


def snapshot(txn: ReadTxn, review: ReviewRow) -> dict[str, Snapshot]:
    """The actions of the review's plan as they stood at the review: its entries if this laptop has
    them, else rebuilt from the change log up to the review's stamp."""
    entries = txn.reviews.entries(review.id)
    if entries or review.actions:
        return {e.action_id: Snapshot(e.rag, e.status, e.timescale, e.due_end) for e in entries}
    return _rebuild(txn.reviews.action_changes(review.plan_id), review.stamp)


def _rebuild(changes: dict[str, list[ActionChangeRecord]], cut: str) -> dict[str, Snapshot]:
    result = {}
    for action_id, log in changes.items():
        state: dict[str, Any] | None = None
        for change in log:
            if change.stamp > cut:
                break
            value: Any = json.loads(change.new_value) if change.new_value is not None else None
            if change.field == "_create":
                state = {
                    "rag": value.get("rag"),
                    "status": value.get("status") or "open",
                    "timescale": value.get("timescale") or "",
                    "at": change.at,
                    "deleted": False,
                }
            elif state is None:
                continue
            elif change.field == "_delete":
                state["deleted"] = bool(value)
            elif change.field in ("rag", "status", "timescale"):
                state[change.field] = (
                    value if change.field == "rag" else (value or ("open" if change.field == "status" else ""))
                )
                if change.field == "timescale":
                    state["at"] = change.at
        if state and not state["deleted"]:
            due = parse_timescale(state["timescale"], reference=date.fromisoformat(state["at"][:10])).end
            result[action_id] = Snapshot(state["rag"], state["status"], state["timescale"], due)
    return result


# --- what changed since a review -------------------------------------------------------------
def changes_since_review(txn: ReadTxn, plan_id: str, review_id: str | None = None) -> dict[str, ActionChanges]:
    """For every action of the plan (now, or at the review), in plan order, what changed since
    the review (the latest one unless ``review_id``). Empty when the plan has no review yet."""
    review = _review(txn, plan_id, review_id)
    if review is None:
        return {}
    log = txn.reviews.action_changes(plan_id)
    before = snapshot(txn, review)
    progress = txn.reviews.new_progress(plan_id, review.stamp)
    result = {}
    for now in txn.reviews.action_states(plan_id):
        action_id, deleted = now.action_id, now.deleted
        snap = before.get(action_id)
        if deleted and snap is None:
            continue  # never part of the plan as the committee saw it, and not now either
        moves: dict[str, list[FieldMove]] = {"rag": [], "status": [], "timescale": []}
        redated_total, first_timescale, others = 0, "", []
        places: dict[str, list[FieldMove]] = {"objective_id": [], "ref": [], "plan_id": []}
        for change in log.get(action_id, []):
            if change.field == "_create":
                first_timescale = (json.loads(change.new_value or "null") or {}).get("timescale") or ""
                continue
            if change.field == "timescale" and change.source != "undo":
                redated_total += 1
            if change.stamp <= review.stamp:
                continue
            if change.field in moves or change.field in places:
                (moves if change.field in moves else places)[change.field].append(
                    FieldMove(_load(change.old_value), _load(change.new_value), change.reason, change.actor, change.at)
                )
            elif change.field in OTHER_FIELDS and change.field not in others:
                others.append(change.field)
        status_before = snap.status if snap else None
        result[action_id] = ActionChanges(
            action_id=action_id,
            at_review=snap,
            new=snap is None and not deleted,
            removed=deleted and snap is not None,
            completed=not deleted and now.status == "complete" and status_before != "complete",
            withdrawn=not deleted and now.status in CLOSED and status_before not in CLOSED,
            status_moves=tuple(moves["status"]),
            rag_moves=tuple(moves["rag"]),
            redates=tuple(moves["timescale"]),
            redated_total=redated_total,
            first_timescale=first_timescale,
            new_progress=tuple(progress.get(action_id, ())),
            other_fields=tuple(others),
            moved=_moved(txn, places),
        )
    for action_id, snap in before.items():  # in the plan at the review, in another plan now
        node = txn.structure.node("action", action_id)
        if action_id not in result and node is not None and not node.deleted:
            where = txn.structure.plan_title(node.plan_id)
            result[action_id] = ActionChanges(action_id, snap, removed=True, moved=f"Moved to another plan ({where})")
    return result


def _moved(txn: ReadTxn, places: dict[str, list[FieldMove]]) -> str:
    """How an action moved since the review: to another objective or plan, or renumbered ("" if
    it is back where it was)."""
    parts = []
    for name in ("plan_id", "objective_id"):
        if places[name] and places[name][0].old != places[name][-1].new:
            old, new = places[name][0].old, places[name][-1].new
            if name == "plan_id":
                parts.append(f"Moved from another plan ({txn.structure.plan_title(str(old))})")
            else:
                parts.append(f"Moved from objective {_objective_ref(txn, old)} to objective {_objective_ref(txn, new)}")
    refs = places["ref"]
    if refs and refs[0].old != refs[-1].new:
        parts.append(
            f"(was {refs[0].old}, now {refs[-1].new})" if parts else f"Renumbered {refs[0].old} → {refs[-1].new}"
        )
    return " ".join(parts)


def _objective_ref(txn: ReadTxn, objective_id: object) -> str:
    node = txn.structure.node("objective", str(objective_id))
    return node.ref if node else "?"


def _load(value: str | None) -> Any:
    return None if value is None else json.loads(value)


def changed_action_ids(txn: ReadTxn, plan_id: str, review_id: str | None = None) -> set[str]:
    """The ids of the actions (not deleted) that changed since the review: for the TUI to filter
    or mark. Empty when the plan has no review."""
    return {
        action_id
        for action_id, changes in changes_since_review(txn, plan_id, review_id).items()
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


def review_timeline(txn: ReadTxn, plan_id: str) -> Timeline:
    reviews = tuple(list_reviews(txn, plan_id))
    snaps = [snapshot(txn, r) for r in reviews]
    return Timeline(reviews, {a: tuple(s.get(a) for s in snaps) for a in txn.reviews.action_ids(plan_id)})


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


def _count(states: Iterable[tuple[str | None, str]]) -> tuple[dict[str, int], int]:
    counts = {"red": 0, "amber": 0, "green": 0, "blue": 0, "none": 0}
    withdrawn = 0
    for rag, status in states:
        if status in CLOSED:
            withdrawn += 1
        else:
            counts[rag if rag is not None and rag in counts else "none"] += 1
    return counts, withdrawn


def rag_trend(txn: ReadTxn, plan_id: str, today: date | None = None) -> list[TrendPoint]:
    """Counts per RAG at every review of the plan, oldest first, then now."""
    points = []
    for review in list_reviews(txn, plan_id):
        counts, withdrawn = _count((s.rag, s.status) for s in snapshot(txn, review).values())
        points.append(TrendPoint(review.as_at.strftime("%d/%m/%Y"), review.as_at, counts, withdrawn))
    counts, withdrawn = _count(txn.reviews.current_ratings(plan_id))
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


def chase_list(
    txn: ReadTxn, days: int = 14, plan_id: str | None = None, today: date | None = None
) -> list[OfficerChase]:
    """Per lead officer, their open actions with no update for ``days`` days or since their plan's
    last review, or due within ``days`` days (or overdue)."""
    today = today or date.today()
    flt = ActionFilter(statuses=frozenset({"open"}), plan_ids=(plan_id,) if plan_id else ())
    reviews = {}
    for review in list_reviews(txn, plan_id):
        reviews[review.plan_id] = review  # oldest first, so the latest wins
    stale_before = days_from(today, -days)
    stale = set(txn.actions.ids(flt.with_(stale_days=days), today))  # "no update for N days": the filter's rule
    items: dict[str, ChaseItem] = {}
    for row in txn.actions.list(flt, today=today):
        reasons = []
        if row.last_update is None:
            reasons.append("no update recorded")
        elif row.id in stale:
            reasons.append(
                f"no update since {row.last_update.strftime('%d/%m/%Y')} ({(today - row.last_update).days} days)"
            )
        latest = reviews.get(row.plan_id)
        if latest and row.last_update is not None and stale_before <= row.last_update < latest.as_at:
            reasons.append(f"no update since the review of {latest.as_at.strftime('%d/%m/%Y')}")
        if row.overdue:
            reasons.append(f"overdue: due {_uk(row.due)}")
        elif row.due is not None and row.due <= days_from(today, days):
            reasons.append(f"due {_uk(row.due)}")
        if reasons:
            items[row.id] = ChaseItem(row, tuple(reasons))
    if not items:
        return []
    officers = txn.officers.contacts()
    by_officer: dict[str | None, list[ChaseItem]] = {}
    led = set()
    for action_id, officer_id in txn.officers.leads_of(list(items)):
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


def _uk(d: date | None) -> str:
    return day_text(d)


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
