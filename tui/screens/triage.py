"""Triage (t): the red items of the current scope one at a time, then, if wanted, amber and
overdue. Single keys rate, add progress, re-date, complete, skip; Escape goes back to the list
where you were. Details are prefetched one ahead, so a step shows at once.
"""

from __future__ import annotations

import time
from collections.abc import Sequence
from dataclasses import dataclass
from functools import partial
from typing import TYPE_CHECKING, ClassVar

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.message import Message

from storage.db import ActionDetail, ActionFilter, ActionRow
from storage.errors import NotFound
from tui.detail_text import detail_renderable
from tui.messages import DetailLoaded, Edited
from tui.screens.action_screen import ActionScreen
from tui.widgets.key_footer import KeyFooter
from tui.widgets.line_label import LineLabel
from tui.widgets.rendered_view import RenderedView

if TYPE_CHECKING:
    from tui.officer_directory import Officers
    from tui.session import Session

_RATE = Binding.Group("Rate")


class TriageScreen(ActionScreen):
    """Step through the items that need attention (the queue's rule is storage's: triage_red,
    triage_more)."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "leave", "Back", id="triage.leave", tooltip="Back to the list, where you were"),
        Binding("r", "rate('red')", "Rate red", id="triage.rate_red", group=_RATE),
        Binding("a", "rate('amber')", "Rate amber", id="triage.rate_amber", group=_RATE),
        Binding("g", "rate('green')", "Rate green", id="triage.rate_green", group=_RATE),
        Binding("n", "add_progress", "Progress", id="triage.progress"),
        Binding("d", "due", "Due date", id="triage.due"),
        Binding("c", "complete", "Complete", id="triage.complete"),
        Binding("s,j,down", "step(1)", "Skip", id="triage.skip"),
        Binding("k,up", "step(-1)", "Back one", show=False, id="triage.back"),
        Binding("m", "more", "More", id="triage.more", tooltip="Go on with amber and overdue items"),
        Binding("pagedown", "scroll(1)", "Scroll down", show=False, id="triage.page_down"),
        Binding("pageup", "scroll(-1)", "Scroll up", show=False, id="triage.page_up"),
    ]

    @dataclass
    class QueueLoaded(Message):
        """The red items in scope, with the first one's detail so it shows at once."""

        red: Sequence[str]
        first: dict[str, ActionDetail | None]

    @dataclass
    class MoreLoaded(Message):
        """Amber items, and overdue items that are not red, in scope order."""

        more: Sequence[str]

    def __init__(self, session: Session, officers: Officers, scope: ActionFilter) -> None:
        super().__init__(session, officers)
        self.scope = scope  # storage's triage_red / triage_more say which of it is triaged
        self.queue: Sequence[str] = []  # packed ids (storage.packed_ids): one string, not a str each
        self.more: Sequence[str] = []
        self.stage = "red"
        self.position = 0
        self.details: dict[str, ActionDetail | None] = {}
        self.loaded = False
        self._step_started: float | None = None
        self._stale: set[str] = set()  # details edited since read: shown until their reload lands
        self._shown: tuple[Text, object] | None = None  # the header and body on screen
        self._ahead: tuple[Sequence[str], int] | None = None  # the queue and position read ahead of
        self._keys: tuple | None = None  # _keys_state when the footer last checked the keys
        self.last_step_ms: float | None = None
        """Milliseconds from the latest step key to the next item on screen (for benchmarks)."""

    def compose(self) -> ComposeResult:
        yield self.editor
        yield LineLabel(Text("Triage: loading…"), id="triage-header")  # repainted, not laid out
        yield RenderedView(Text(""), id="triage-detail")  # Line API: an item repaints, lays nothing out
        yield KeyFooter(compact=True)

    def on_mount(self) -> None:
        self.load_queue()

    # --- loading ---------------------------------------------------------------------------
    @work(thread=True, exclusive=True, group="triage-queue", exit_on_error=False)
    def load_queue(self) -> None:
        session, today = self.session, self.session.today
        with session.read() as txn:
            red = txn.actions.triage_red(self.scope, today)
        self.post_message(self.QueueLoaded(red, {red[0]: self._detail(red[0])} if red else {}))
        with session.read() as txn:
            more = txn.actions.triage_more(self.scope, today)
        self.post_message(self.MoreLoaded(more))

    def _detail(self, action_id: str) -> ActionDetail | None:
        try:
            with self.session.read() as txn:
                return txn.actions.detail(action_id, self.session.today)
        except NotFound:
            return None

    @work(thread=True, exclusive=True, group="triage-detail", exit_on_error=False)
    def load_details(self, ids: list[str]) -> None:
        for action_id in ids:
            self.post_message(DetailLoaded(action_id, self._detail(action_id)))

    @on(QueueLoaded)
    def _queue_loaded(self, message: QueueLoaded) -> None:
        self.queue, self.loaded = message.red, True
        self.details.update(message.first)
        self.show()

    @on(MoreLoaded)
    def _more_loaded(self, message: MoreLoaded) -> None:
        self.more = message.more
        self.show()

    def on_detail_loaded(self, message: DetailLoaded) -> None:
        self.details[message.action_id] = message.detail
        self._stale.discard(message.action_id)
        if self.current_id == message.action_id:
            self.show()
        elif message.detail is not None:  # the next item: drawn now, so that a step only shows it
            self.query_one("#triage-detail", RenderedView).prepare(
                self._body(("detail", message.detail)), message.detail
            )

    def on_edited(self, message: Edited) -> None:
        # The item on screen stays (its keys with it) until its new detail is read: no
        # "Loading…" flash, and the footer does not drop the edit keys and rebuild twice.
        current = self.current_id
        for action_id in message.action_ids or tuple(self.details):
            if action_id == current and action_id in self.details:
                self._stale.add(action_id)
            else:
                self.details.pop(action_id, None)
        self._ahead = None  # the next one may have to be read again
        self.show()

    # --- showing ---------------------------------------------------------------------------
    @property
    def current_id(self) -> str | None:
        return self.queue[self.position] if 0 <= self.position < len(self.queue) else None

    def _heading(self, position: int) -> Text:
        label = "Red items" if self.stage == "red" else "Amber and overdue items"
        if position >= len(self.queue):
            return Text(f"Triage · {label} · done ({len(self.queue)} seen)", style="bold")
        return Text(f"Triage · {label} · {position + 1} of {len(self.queue)}", style="bold")

    def _keys_state(self) -> tuple:
        """What this screen's own keys depend on (check_action): "more", "back one", "skip"
        and the edit keys (an item shown)."""
        return (self.stage, bool(self.more), self.position == 0, self.current_id is None, self.current_row() is None)

    def show(self, keys_may_change: bool = True) -> None:
        """Show the current item. ``keys_may_change``: False from a step, which changes what
        the keys can do only through what ``_keys_state`` covers; then the footer is asked to
        check its keys only if that changed (checking them costs a tenth of a step)."""
        header = self.query_one("#triage-header", LineLabel)
        body = self.query_one("#triage-detail", RenderedView)
        if not self.loaded:
            return
        current = self.current_id
        heading = self._heading(self.position)
        if current is None:
            shown: tuple[str, object] = ("done", self._done_text())
        else:
            if current in self.details:
                detail = self.details[current]
                shown = ("detail", detail)
                if self._step_started is not None:
                    self.call_after_refresh(self._timed, self._step_started)
                    self._step_started = None
            else:
                shown = ("loading", None)
        previous, self._shown = self._shown, (heading, shown)
        if previous is None or previous[0] != heading:
            header.update(heading)
        if previous is None or previous[1] != shown:
            key = shown[1] if shown[0] == "detail" else None
            if key is None or not body.show_prepared(key):
                body.update(self._body(shown), key=key)
        keys = self._keys_state()
        if keys_may_change or keys != self._keys:
            self._keys = keys
            self.refresh_bindings()
        if current is not None:
            self._read(current, body)

    def _read(self, current: str, body: RenderedView) -> None:
        """Read the item shown, if it is not (or was edited), at once; and the next one, to
        show it at once in its turn, once the item shown is drawn: read and rendered before,
        it would hold up that repaint (the UI thread renders it as it arrives)."""
        if self._unread(current):
            self.load_details([i for i in self.queue[self.position : self.position + 2] if self._unread(i)])
        elif self._ahead is None or self._ahead[0] is not self.queue or self._ahead[1] != self.position:
            self._ahead = (self.queue, self.position)  # once a position (show runs again as reads land)
            body.call_when_drawn(partial(self._read_ahead, self.queue, self.position))

    def _unread(self, action_id: str) -> bool:
        return action_id not in self.details or action_id in self._stale

    def _read_ahead(self, queue: Sequence[str], position: int) -> None:
        if queue is not self.queue or position != self.position:
            return  # stepped on meanwhile: that step reads what it needs
        ahead = [i for i in self.queue[position + 1 : position + 2] if self._unread(i)]
        if ahead:
            self.load_details(ahead)
        self.query_one("#triage-header", LineLabel).prepare(self._heading(position + 1))

    def _body(self, shown: tuple) -> Text | object:
        what, value = shown
        if what == "done":
            return value
        if what == "loading":
            return Text("Loading…", style="dim")
        return detail_renderable(value) if value else Text("This action has gone.", style="dim")

    def _timed(self, started: float) -> None:
        self.last_step_ms = (time.perf_counter() - started) * 1000

    def _done_text(self) -> Text:
        text = Text()
        if self.stage == "red":
            text.append(
                f"All {len(self.queue)} red items in this scope seen.\n\n"
                if self.queue
                else "No red items in this scope.\n\n"
            )
            if self.more:
                text.append(f"m: go on with {len(self.more)} amber and overdue items\n")
        else:
            text.append(f"All {len(self.queue)} amber and overdue items seen.\n\n")
        text.append("k or ↑: back to the last item · Esc: back to the list")
        return text

    # --- keys ------------------------------------------------------------------------------
    def current_row(self) -> ActionRow | None:
        detail = self.current_detail()
        return detail.row if detail else None

    def current_detail(self) -> ActionDetail | None:
        current = self.current_id
        return self.details.get(current) if current else None

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "more":
            return True if self.stage == "red" and self.more else None
        if action == "step":
            delta = parameters[0] if parameters else 1
            return None if (delta < 0 and self.position == 0) or (delta > 0 and self.current_id is None) else True
        return super().check_action(action, parameters)  # the edit keys

    def action_step(self, delta: int) -> None:
        self._step_started = time.perf_counter()
        self.position = min(max(self.position + delta, 0), len(self.queue))
        body = self.query_one("#triage-detail", RenderedView)
        if body.scroll_offset.y:
            body.scroll_home(animate=False)
        self.show(keys_may_change=False)

    def action_more(self) -> None:
        self.stage, self.queue, self.position = "more", self.more, 0
        self.show()

    def action_scroll(self, direction: int) -> None:
        body = self.query_one("#triage-detail", RenderedView)
        body.scroll_page_down(animate=False) if direction > 0 else body.scroll_page_up(animate=False)

    def action_leave(self) -> None:
        self.dismiss()
