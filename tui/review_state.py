"""What the main screen needs to know about reviews, read in one worker and kept as plain values:
per plan with a review, the lines "since the last review" of every changed action and each
action's RAG at every past review; and the ids of all changed actions (the Δ marks and the
"changed since the last review" filter).

Reads through storage.reviews on a read transaction; nothing here imports Textual.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from models.domain import ProgressKind
from models.text import one_line

if TYPE_CHECKING:
    # storage.reviews is imported when the reviews are read, after the first screen is shown:
    # it is not needed to start (issue 15, cold start).
    from storage.db import ReadTxn
    from storage.reviews import ActionChanges, ReviewRow

_PROGRESS_SHOWN = 3  # new progress entries listed per action; the rest are counted


@dataclass(frozen=True)
class PlanReviews:
    """One plan's reviews (oldest first), the lines of its changed actions, RAGs at each review."""

    plan_id: str
    reviews: tuple[ReviewRow, ...]
    notes: dict[str, tuple[str, ...]]  # changed action id -> lines since the latest review
    rags: dict[str, tuple[tuple[bool, str | None], ...]]  # action id -> per review (in the plan?, rag)

    @property
    def latest(self) -> ReviewRow:
        return self.reviews[-1]


@dataclass(frozen=True)
class ReviewState:
    plans: dict[str, PlanReviews] = field(default_factory=dict)  # only plans with a review
    changed: frozenset[str] = frozenset()

    @property
    def has_reviews(self) -> bool:
        return bool(self.plans)


def change_lines(changes: ActionChanges) -> tuple[str, ...]:
    """The report's lines (``ActionChanges.notes``), then "re-dated N times", then new progress."""
    lines = list(changes.notes())
    if changes.redates and changes.rolled_forward:
        first = one_line(changes.first_timescale) or "none"
        lines.append(f"Re-dated {changes.redated_total} times in all (first: {first})")
    for entry in changes.new_progress[:_PROGRESS_SHOWN]:
        lines.append(f"{ProgressKind(entry.kind).symbol} {one_line(entry.text, 100)}")
    extra = len(changes.new_progress) - _PROGRESS_SHOWN
    if extra > 0:
        lines.append(f"… and {extra} more progress entr{'y' if extra == 1 else 'ies'}")
    return tuple(lines)


def plan_reviews(txn: ReadTxn, plan_id: str) -> PlanReviews | None:
    """The review state of one plan; None when it has no review."""
    from storage.reviews import changes_since_review, review_timeline

    timeline = review_timeline(txn, plan_id)
    if not timeline.reviews:
        return None
    changes = changes_since_review(txn, plan_id, timeline.reviews[-1].id)
    notes = {
        action_id: change_lines(change)
        for action_id, change in changes.items()
        if change.changed and not change.removed
    }
    rags = {
        action_id: tuple((snap is not None, snap.rag if snap else None) for snap in snaps)
        for action_id, snaps in timeline.entries.items()
    }
    return PlanReviews(plan_id, timeline.reviews, notes, rags)


def plans_with_reviews(txn: ReadTxn) -> list[str]:
    """Ids of the plans that have at least one review (cheap: one query)."""
    from storage.reviews import list_reviews

    return list(dict.fromkeys(review.plan_id for review in list_reviews(txn)))


def combine(plans: list[PlanReviews]) -> ReviewState:
    changed = frozenset(action_id for plan in plans for action_id in plan.notes)
    return ReviewState({plan.plan_id: plan for plan in plans}, changed)
