"""Messages the sync, review and import workers post back: small dataclasses, plain values.

Kept apart from tui.messages (the main screen's own) and typed only under TYPE_CHECKING, so
importing them never pulls in SQLAlchemy (storage.sync) before the first screen is shown.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from textual.message import Message

if TYPE_CHECKING:
    from storage.sync import Conflict, SyncError, SyncProgress, SyncResult, SyncStatus
    from tui.review_state import ReviewState


@dataclass
class SyncProgressed(Message):
    """A step of the running sync (a burst collapses into the latest)."""

    progress: SyncProgress

    def can_replace(self, message: Message) -> bool:
        return isinstance(message, SyncProgressed)


@dataclass
class SyncFinished(Message):
    result: SyncResult


@dataclass
class SyncRefused(Message):
    """The sync stopped with a one-line reason (share gone, newer format, mass deletion...)."""

    error: SyncError = field(repr=False)
    folder: str | None  # the folder asked for (None: the remembered one)


class SyncFolderNeeded(Message):
    """No sync folder is remembered yet: ask the officer for one."""


@dataclass
class SyncStatusLoaded(Message):
    """Last synced, changes not yet shared, conflicts (None: not known, e.g. read-only)."""

    status: SyncStatus | None


@dataclass
class ConflictsLoaded(Message):
    conflicts: list[Conflict]


@dataclass
class ReviewStateLoaded(Message):
    """What changed since each plan's last review, and each action's RAG at every review."""

    state: ReviewState
