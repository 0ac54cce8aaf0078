"""Reviews from the main screen: Δ marks the actions changed since their plan's last review, D
(or the filter panel) shows only those, the detail pane says what changed and the action's RAG
at every review; R records a review point, T shows the RAG trend, H the chase list.

The review state (``tui.review_state``) is read in a worker after start, every edit and every
sync; the marks, the filter and the detail section draw from it without reading again.
"""

from __future__ import annotations

from datetime import date

from textual import work
from textual.binding import Binding
from textual.worker import get_current_worker

from models.text import one_line
from tui.feature_messages import ReviewStateLoaded
from tui.messages import Edited
from tui.review_state import ReviewState, combine, plan_reviews, plans_with_reviews
from tui.widgets.review_notes import ReviewNotes, review_section

REVIEW_BINDINGS = [
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
CHANGED_MARK = "Δ"


class ReviewCommands:
    """Mixin for MainScreen (its ``on_*`` handlers run besides the screen's own)."""

    review_state = ReviewState()
    reviews_started = False

    @property
    def changed_ids(self) -> frozenset[str] | None:
        """The actions changed since their plan's last review; None when no plan has a review."""
        return self.review_state.changed if self.review_state.has_reviews else None

    def check_review(self, action: str) -> bool | None:
        if action == "start_review" and self.app.session.read_only:
            return None
        if action == "changed_only" and not self.review_state.has_reviews:
            return None
        return True

    def on_key(self, event) -> None:
        """R is greyed out when read-only, D before any review: say why when pressed anyway."""
        if event.key == "R" and self.app.session.read_only:
            self.app.notify("Read-only: a review cannot be recorded here.", severity="warning")
        elif event.key == "D" and not self.review_state.has_reviews:
            self.app.notify("No review yet: R records one.", severity="warning")

    # --- loading ----------------------------------------------------------------------------
    def on_mount(self) -> None:
        self.query_one("#detail").mount(ReviewNotes(id="review-notes"))

    def on_outline_loaded(self) -> None:
        if not self.reviews_started:
            self.reviews_started = True
            self.load_review_state()

    def on_edited(self, message: Edited) -> None:
        if self.reviews_started:
            self.load_review_state()

    @work(thread=True, exclusive=True, group="reviews", exit_on_error=False)
    def load_review_state(self) -> None:
        session, worker = self.app.session, get_current_worker()
        with session.reader() as conn:
            plan_ids = plans_with_reviews(conn)
        plans = []
        for plan_id in plan_ids:  # plan by plan: the reader is free for others in between
            if worker.is_cancelled:
                return  # a newer edit started a newer load
            with session.reader() as conn:
                plan = plan_reviews(conn, plan_id)
            if plan is not None:
                plans.append(plan)
        if not worker.is_cancelled:
            self.post_message(ReviewStateLoaded(combine(plans)))

    def on_review_state_loaded(self, message: ReviewStateLoaded) -> None:
        self.review_state = state = message.state
        self.action_list.set_marked(state.changed)
        if self.scope.only_ids is not None and self.scope.only_ids != self.changed_ids:
            # The "changed" filter follows the changes (an edit, a sync, an undone review).
            self.set_scope(self.scope.with_(only_ids=self.changed_ids))
        self._show_review_notes()
        self.refresh_bindings()

    # --- the detail section -----------------------------------------------------------------
    def on_detail_loaded(self) -> None:
        self._show_review_notes()

    def on_action_list_highlighted(self, message) -> None:
        if message.action_id is None:
            self._show_review_notes()

    def _show_review_notes(self) -> None:
        notes = self.query("#review-notes")
        if not notes:
            return
        detail = self.detail if self.action_list.highlighted_id else None
        section = None
        if detail is not None:
            section = review_section(self.review_state.plans.get(detail.row.plan_id), detail.row)
        notes.first(ReviewNotes).show(section)

    # --- keys -------------------------------------------------------------------------------
    def action_changed_only(self) -> None:
        if self.changed_ids is None:
            self.app.notify("No review yet: R records one.", severity="warning")
            return
        self.set_scope(self.scope.with_(only_ids=None if self.scope.only_ids is not None else self.changed_ids))
        self.action_list.focus()

    def _default_plan(self) -> str | None:
        if len(self.scope.plan_ids) == 1:
            return self.scope.plan_ids[0]
        row = self.current_row()
        return row.plan_id if row else None

    def action_start_review(self) -> None:
        from tui.screens.choice import ChoiceDialog

        if self.app.session.read_only:
            self.app.notify("Read-only: a review cannot be recorded here.", severity="warning")
            return
        plans = self.app.outline
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

        first = self._default_plan()  # the plan in scope, or the highlighted action's, first
        choices = sorted(((plan.id, one_line(plan.title, 70)) for plan in plans), key=lambda c: c[0] != first)
        self.app.push_screen(ChoiceDialog("Review: which plan?", choices), chosen)

    def _ask_review_date(self, plan_id: str, title: str) -> None:
        from tui.screens.ask_more import ReviewDateDialog

        def answered(as_at: date | None) -> None:
            if as_at is not None:
                self.record_review(plan_id, title, as_at)

        self.app.push_screen(ReviewDateDialog(title, self.app.session.today), answered)

    @work(thread=True, group="review-start", exit_on_error=False)
    def record_review(self, plan_id: str, title: str, as_at: date) -> None:
        from storage.reviews import start_review

        session = self.app.session

        def write(db) -> str | None:
            review_id = start_review(db, plan_id, as_at=as_at, actor=session.actor)
            # Its transaction is what undo reverts (read on the session's open reader, not a new
            # connection for this worker thread).
            with session.reader() as conn:
                row = conn.execute(
                    "SELECT txn_id FROM change WHERE entity = 'review' AND entity_id = ? AND field = '_create'",
                    [review_id],
                ).fetchone()
            return row[0] if row else None

        description = one_line(f"Review of {title} as at {as_at.strftime('%d/%m/%Y')} recorded", 100)
        txn_id = session.write_own(description, write)
        self.app.post_message(Edited(description, (), False, txn_id))

    def _plans_in_scope(self) -> list[tuple[str, str]]:
        plans = [(plan.id, plan.title) for plan in self.app.outline]
        if self.scope.plan_ids:
            plans = [p for p in plans if p[0] in self.scope.plan_ids]
        return plans

    def action_rag_trend(self) -> None:
        from tui.screens.review_screens import RagTrendScreen

        self.app.push_screen(RagTrendScreen(self._plans_in_scope()))

    def action_chase(self) -> None:
        from tui.screens.review_screens import ChaseScreen

        plan = self.scope.plan_ids[0] if len(self.scope.plan_ids) == 1 else None
        self.app.push_screen(ChaseScreen(plan))
