"""Reviews on the main screen: Δ marks the actions changed since their plan's last review, D
(or the filter panel) shows only those, the detail pane says what changed and the action's RAG
at every review; R records a review point, T shows the RAG trend, H the chase list.

This part owns the review state (``tui.review_state``): read in a worker once the first screen
is shown (``start``), then after every edit and sync (``reload``), and posted up as ``Loaded``;
the marks, the filter and the detail section draw from it without reading again.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

from textual import on, work
from textual.binding import Binding, BindingType
from textual.message import Message
from textual.worker import get_current_worker

from models.text import one_line
from tui.controllers.base import Controller
from tui.messages import Edited, PartMessage
from tui.review_state import ReviewState, combine, plan_reviews, plans_with_reviews

if TYPE_CHECKING:
    from storage.db import OutlinePlan
    from tui.session import Session

#: The screen's keys for reviews (the screen binds them; this part does them).
REVIEW_BINDINGS: list[BindingType] = [
    Binding(
        "R",
        "start_review",
        "Review: start a review",
        show=False,
        id="main.review_start",
        tooltip="Record a dated review point of a plan (what changed since is counted from it)",
    ),
    Binding(
        "D",
        "changed_only",
        "Review: only changed since the last review",
        show=False,
        id="main.changed",
        tooltip="Δ marks them in the list",
    ),
    Binding(
        "T",
        "rag_trend",
        "Review: RAG trend",
        show=False,
        id="main.trend",
        tooltip="Counts per RAG at every review and now",
    ),
    Binding(
        "H",
        "chase",
        "Review: chase list",
        show=False,
        id="main.chase",
        tooltip="Per officer, the actions to chase, as text to paste into an email",
    ),
]
REVIEW_ACTIONS = frozenset({"start_review", "changed_only", "rag_trend", "chase"})
READ_ONLY = "Read-only: a review cannot be recorded here."
NO_REVIEW = "No review yet: R records one."


class ReviewController(Controller):
    """The review state and the review commands."""

    @dataclass
    class Loaded(PartMessage):
        """What changed since each plan's last review, and each action's RAG at every review."""

        state: ReviewState

    @dataclass
    class _Ready(Message, bubble=False):
        state: ReviewState

    def __init__(self, session: Session, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._session = session
        self.state = ReviewState()
        self._started = False  # read once the first screen is shown

    @property
    def changed_ids(self) -> frozenset[str] | None:
        """The actions changed since their plan's last review; None when no plan has a review."""
        return self.state.changed if self.state.has_reviews else None

    # --- loading ----------------------------------------------------------------------------
    def start(self) -> None:
        if not self._started:
            self._started = True
            self.load()

    def reload(self) -> None:
        """After an edit or a sync (once started)."""
        if self._started:
            self.load()

    @work(thread=True, exclusive=True, group="reviews", exit_on_error=False)
    def load(self) -> None:
        session, worker = self._session, get_current_worker()
        with session.read() as txn:
            plan_ids = plans_with_reviews(txn)
        plans = []
        for plan_id in plan_ids:  # plan by plan: the reader is free for others in between
            if worker.is_cancelled:
                return  # a newer edit started a newer load
            with session.read() as txn:
                plan = plan_reviews(txn, plan_id)
            if plan is not None:
                plans.append(plan)
        if not worker.is_cancelled:
            self.post_message(self._Ready(combine(plans)))

    @on(_Ready)
    def _ready(self, message: _Ready) -> None:
        self.state = message.state
        self.post_message(self.Loaded(self, message.state))

    # --- keys -------------------------------------------------------------------------------
    def check(self, action: str) -> bool | None:
        if action == "start_review" and self._session.read_only:
            return None
        if action == "changed_only" and not self.state.has_reviews:
            return None
        return True

    def refusal(self, action: str) -> str | None:
        """R is greyed out when read-only, D before any review: say why when pressed anyway."""
        if action == "start_review" and self._session.read_only:
            return READ_ONLY
        if action == "changed_only" and not self.state.has_reviews:
            return NO_REVIEW
        return None

    def start_review(self, plans: list[OutlinePlan], first: str | None) -> None:
        """R: choose one of ``plans`` (``first`` listed first), ask its date, record it."""
        from tui.screens.choice import ChoiceDialog

        if self._session.read_only:
            self.app.notify(READ_ONLY, severity="warning")
            return
        if not plans:
            self.app.notify("No plans yet (or still loading): import a plan first.", severity="warning")
            return
        titles = {plan.id: plan.title for plan in plans}
        if len(plans) == 1:
            self._ask_review_date(plans[0].id, titles[plans[0].id])
            return

        def chosen(plan_id: str | None) -> None:
            if plan_id:
                self._ask_review_date(plan_id, titles[plan_id])

        choices = sorted(((plan.id, one_line(plan.title, 70)) for plan in plans), key=lambda c: c[0] != first)
        self.app.push_screen(ChoiceDialog("Review: which plan?", choices), chosen)

    def _ask_review_date(self, plan_id: str, title: str) -> None:
        from tui.screens.ask_more import ReviewDateDialog

        def answered(as_at: date | None) -> None:
            if as_at is not None:
                self.record_review(plan_id, title, as_at)

        self.app.push_screen(ReviewDateDialog(title, self._session.today), answered)

    @work(thread=True, group="review-start", exit_on_error=False)
    def record_review(self, plan_id: str, title: str, as_at: date) -> None:
        from storage.reviews import review_txn_id, start_review

        session = self._session

        def write(db) -> str | None:
            review_id = start_review(db, plan_id, as_at=as_at, actor=session.actor)
            # Its transaction is what undo reverts (read on the session's open reader, not a new
            # connection for this worker thread).
            with session.read() as txn:
                return review_txn_id(txn, review_id)

        description = one_line(f"Review of {title} as at {as_at.strftime('%d/%m/%Y')} recorded", 100)
        txn_id = session.write_own(description, write)
        self.app.post_message(Edited(description, (), False, txn_id))

    def show_trend(self, plans: list[tuple[str, str]]) -> None:
        """T: the RAG trend of ``plans`` (id, title)."""
        from tui.screens.review_screens import RagTrendScreen

        self.app.push_screen(RagTrendScreen(self._session, plans))

    def show_chase(self, plan_id: str | None) -> None:
        """H: the chase list of one plan, or of all."""
        from tui.screens.review_screens import ChaseScreen

        self.app.push_screen(ChaseScreen(self._session, plan_id))
