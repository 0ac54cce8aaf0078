"""Messages shared across the app: small dataclasses, plain values only.

Workers run in threads and touch the UI only by posting messages (Textual's workers guide). The
messages of one part (the scope loader, the sync indicator, reviews...) are nested in that part;
these are the ones that cross parts: the write path's request and its answer, the detail of one
action, start-up and errors.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from textual.message import Message
from textual.widget import Widget

from storage.db import ActionDetail, OfficerRow

if TYPE_CHECKING:
    from storage.writes import Editor


@dataclass
class PartMessage(Message):
    """What a part (a widget or controller) posts up about itself. ``part`` is its ``control``,
    so a screen routes it with ``@on(Message, "#part-id")``. Post it from the UI thread (a
    handler), not from a worker thread: a message sent from a thread has no sender, and Textual
    then matches no selector."""

    part: Widget

    @property
    def control(self) -> Widget:
        return self.part


@dataclass
class WriteRequested(Message):
    """Run ``change(editor)`` as one transaction (one undo step): posted by a part, it bubbles up
    to the app, whose write worker runs it and answers every screen with ``Edited``."""

    description: str
    change: Callable[[Editor], Any] = field(repr=False)
    action_ids: tuple[str, ...] = ()
    outline_changed: bool = False
    written: Callable[[], None] | None = field(default=None, repr=False)
    """Called (on the UI thread) once the edit is written or has failed: the dialog it was asked
    in closes then, so the write does not wait behind the repaint of the screen beneath."""


@dataclass
class Edited(Message, bubble=False):
    """A write (or undo / redo, a sync, an import) finished: whatever shows data should reload.
    Posted to the app, which passes a copy to every screen (so it must not bubble back up)."""

    description: str
    action_ids: tuple[str, ...] = ()
    outline_changed: bool = False
    txn_id: str | None = None
    officers_changed: bool = False  # an import or a sync may bring officers: the app reloads them


@dataclass
class DetailLoaded(Message):
    """One action in full, for the detail pane or triage."""

    action_id: str
    detail: ActionDetail | None  # None when the action has gone (deleted, undone)

    def can_replace(self, message: Message) -> bool:
        return isinstance(message, DetailLoaded) and message.action_id == self.action_id


@dataclass
class OfficersLoaded(Message):
    """Every officer (the app's worker, to the app)."""

    officers: list[OfficerRow]


class OfficersChanged(Message, bubble=False):
    """The app's ``Officers`` were (re)loaded: whatever names officers may redraw."""


class ChangedOutside(Message):
    """Another process (the command line, a sync run elsewhere) committed to the database:
    whatever shows data should reload (storage.db.watch)."""


@dataclass
class DataShown(Message):
    """The first screen of actions is on screen (the benchmark's "cold start to data" signal)."""

    rows: int
    seconds: float  # since the app object was created


@dataclass
class WorkerFailed(Message):
    """A worker raised: the app shows one error dialog for all of them."""

    title: str
    error: BaseException = field(repr=False)
