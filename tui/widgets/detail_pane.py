"""The highlighted action in full: text, leads, timescale and parsed date, progress, RAG history,
and (when its plan has a review) what changed since the last review.

The pane owns its detail: the screen says which action to follow (``follow``) and the pane reads
it in a worker once the highlight rests, and again after an edit (``reload``). Each detail shown
is posted up as ``Shown`` (the edit keys depend on it).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, ClassVar

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.timer import Timer
from textual.widgets import Static
from textual.worker import Worker

from storage.db import ActionDetail
from tui.detail_text import detail_renderable
from tui.messages import DetailLoaded, PartMessage
from tui.review_state import ReviewState
from tui.screens.base import forward_worker_error
from tui.widgets.review_notes import ReviewNotes, review_section

if TYPE_CHECKING:
    from tui.session import Session

_DETAIL_DELAY = 0.05  # seconds the highlight rests before the detail loads


class DetailPane(VerticalScroll, can_focus=True):
    """Scrollable when focused (Tab to it; arrows and Page keys scroll)."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("j", "scroll_down", "Scroll down", show=False, id="detail.down"),
        Binding("k", "scroll_up", "Scroll up", show=False, id="detail.up"),
    ]

    @dataclass
    class Shown(PartMessage):
        """The pane shows ``detail`` now (None: no action highlighted)."""

        detail: ActionDetail | None

    def __init__(self, session: Session, *, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(id=id, classes=classes)
        self._session = session
        self.detail: ActionDetail | None = None
        """The action shown, once read (None while none is, or after an edit until read again)."""
        self.wanted: str | None = None  # the action to show: the list's highlighted one
        self._reviews = ReviewState()
        self._timer: Timer | None = None

    def compose(self) -> ComposeResult:
        yield Static(Text("No action highlighted.", style="dim"), id="detail-body")
        yield ReviewNotes(id="review-notes")

    # --- what to show -----------------------------------------------------------------------
    def follow(self, action_id: str | None) -> None:
        """The highlight moved. A moment's pause before reading: while keys repeat (typing, j
        held down) the list repaints alone, and the detail follows once the highlight settles."""
        self.wanted = action_id
        if action_id is None:
            self._show(None)
        elif self.detail is None or self.detail.row.id != action_id:
            if self._timer is not None:
                self._timer.stop()
            self._timer = self.set_timer(_DETAIL_DELAY, self._load_wanted)

    def _load_wanted(self) -> None:
        self._timer = None
        if self.wanted is not None and (self.detail is None or self.detail.row.id != self.wanted):
            self.load(self.wanted)

    def forget(self) -> None:
        """An edit landed: what is shown may be out of date (read again on ``reload``)."""
        self.detail = None

    def reload(self) -> None:
        """Read the followed action again now."""
        if self.wanted is not None:
            self.load(self.wanted)

    def show_reviews(self, reviews: ReviewState) -> None:
        """What changed since each plan's last review (the reviews part loads it)."""
        self._reviews = reviews
        self._show_review_notes()

    # --- reading ----------------------------------------------------------------------------
    @work(thread=True, exclusive=True, group="detail", exit_on_error=False)
    def load(self, action_id: str) -> None:
        from storage.errors import NotFound

        session = self._session
        try:
            with session.read() as txn:
                detail = txn.actions.detail(action_id, session.today)
        except NotFound:
            detail = None
        self.post_message(DetailLoaded(action_id, detail))

    @on(DetailLoaded)
    def _loaded(self, message: DetailLoaded) -> None:
        message.stop()
        if message.action_id == self.wanted:
            self._show(message.detail)

    def _show(self, detail: ActionDetail | None) -> None:
        self.detail = detail
        body = self.query_one("#detail-body", Static)
        body.update(detail_renderable(detail) if detail is not None else Text("No action highlighted.", style="dim"))
        self._show_review_notes()
        self.post_message(self.Shown(self, detail))

    def _show_review_notes(self) -> None:
        detail = self.detail if self.wanted is not None else None
        section = None
        if detail is not None:
            section = review_section(self._reviews.plans.get(detail.row.plan_id), detail.row)
        self.query_one("#review-notes", ReviewNotes).show(section)

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        forward_worker_error(self, event)
