"""Messages the workers post back to the screens: small dataclasses, plain values only.

Workers run in threads and touch the UI only by posting these (Textual's workers guide).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from textual.message import Message

from storage.browse import OutlinePlan
from storage.queries import ActionDetail, ActionFilter, ActionRow, OfficerRow


@dataclass
class ScopeLoaded(Message):
    """The ordered ids of the actions in scope, with the rows of the window to show first.

    On a large plan the first message of a generation may hold only the first screen of the
    scope (``complete`` False); the whole scope follows in a second message.
    """

    generation: int
    scope: ActionFilter
    ids: list[str]
    rows: dict[str, ActionRow]
    cursor: int | None  # index of the action to highlight; None keeps the list's cursor
    started: float  # perf_counter() when the scope was asked for (for timing)
    complete: bool = True


@dataclass
class RowsLoaded(Message):
    """Rows for a window of the list that was scrolled into view."""

    generation: int
    rows: dict[str, ActionRow]


@dataclass
class CountsLoaded(Message):
    """RAG counts (and overdue, total) in the current scope."""

    scope: ActionFilter
    counts: dict[str, int]


@dataclass
class DetailLoaded(Message):
    """One action in full, for the detail pane or triage."""

    action_id: str
    detail: ActionDetail | None  # None when the action has gone (deleted, undone)

    def can_replace(self, message: Message) -> bool:
        return isinstance(message, DetailLoaded) and message.action_id == self.action_id


@dataclass
class OutlineLoaded(Message):
    """Plans > themes > objectives, for the tree and the command palette."""

    outline: list[OutlinePlan]


@dataclass
class OfficersLoaded(Message):
    """Every officer, for the pickers and the command palette."""

    officers: list[OfficerRow]


@dataclass
class Edited(Message, bubble=False):
    """A write (or undo / redo) finished: whatever shows data should reload. Posted to the app,
    which passes a copy to every screen (so it must not bubble back up)."""

    description: str
    action_ids: tuple[str, ...] = ()
    outline_changed: bool = False
    txn_id: str | None = None


class ChangedOutside(Message):
    """Another process (the command line, a sync run elsewhere) committed to the database:
    whatever shows data should reload (storage.watch)."""


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
