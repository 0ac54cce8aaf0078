"""The sync indicator on the status line: "⇅ last synced 14:05 · 3 changes not yet shared ·
⚠ 1 conflict", or the running sync's step. Symbols and words, never colour alone.

It only draws what it is given: the main screen loads ``sync_status`` in a worker (after start,
every edit and every sync) and passes the result, or each ``SyncProgress`` while a sync runs.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import TYPE_CHECKING

from rich.text import Text
from textual.containers import Horizontal
from textual.widgets import Static

from models.text import one_line

if TYPE_CHECKING:
    from storage.sync import SyncProgress, SyncStatus

SYMBOL = "⇅"


def local_time(iso_utc: str) -> datetime | None:
    """An ISO UTC time from the change log or the sync tables, in this computer's time zone."""
    try:
        return datetime.fromisoformat(iso_utc.replace("Z", "+00:00")).astimezone()
    except ValueError:
        return None


def when(iso_utc: str, today: date) -> str:
    """ "today 14:05", else "21 Nov 2026 14:05" (local time)."""
    moment = local_time(iso_utc)
    if moment is None:
        return "at an unknown time"
    if moment.date() == today:
        return moment.strftime("today %H:%M")
    return f"{moment.day} {moment.strftime('%b %Y %H:%M')}"


def _changes(n: int) -> str:
    return f"{n} change{'' if n == 1 else 's'} not yet shared"


def indicator_text(status: SyncStatus | None, today: date, *, compact: bool = False, read_only: bool = False) -> Text:
    """The indicator for a sync status (None: not read yet). ``compact`` (under 110 columns):
    what matters most in a few words: changes not yet shared ("unshared"), else when last
    synced."""
    text = Text(no_wrap=True, overflow="ellipsis")
    text.append(f"{SYMBOL} ", style="bold")
    if read_only:
        text.append("sync off" if compact else "sync off (read-only)", style="dim")
        return text
    if status is None:
        text.append("sync…", style="dim")
        return text
    synced = when(status.last_synced, today) if status.last_synced else None
    if compact:  # a dozen cells, so the RAG counts still fit at 80 columns
        if status.unsent and (synced or status.folder):
            text.append(f"{status.unsent} unshared", style="bold")
        elif synced:
            moment = local_time(status.last_synced or "")
            text.append(
                "synced "
                + (moment.strftime("%H:%M") if moment and moment.date() == today else synced.rsplit(" ", 2)[0])
            )
        else:
            text.append("not synced")
    elif synced is None:
        text.append("not synced yet")
        if status.folder and status.unsent:
            text.append(f" · {_changes(status.unsent)}")
        else:
            text.append(" · S syncs", style="dim")
    else:
        text.append(f"last synced {synced}")
        if status.unsent:
            text.append(" · ")
            text.append(_changes(status.unsent), style="bold")
        else:
            text.append(" · all shared", style="dim")
    if status.conflicts:
        text.append(" " if compact else " · ")
        label = (
            f"⚠{status.conflicts}"
            if compact
            else (f"⚠ {status.conflicts} conflict{'' if status.conflicts == 1 else 's'} (C)")
        )
        text.append(label, style="bold reverse")
    return text


def progress_text(progress: SyncProgress | None) -> Text:
    """The running sync: "⇅ syncing: reading changes from Jackie Roper 3/10"."""
    text = Text(no_wrap=True, overflow="ellipsis")
    text.append(f"{SYMBOL} syncing", style="bold reverse")
    if progress is not None:
        text.append(f": {one_line(progress.message or progress.step, 48)}")
        if progress.total > 1:
            text.append(f" {progress.done}/{progress.total}", style="dim")
    else:
        text.append("…")
    return text


class SyncIndicator(Static):
    """One line, right of the RAG counts. ``show_status`` and ``show_progress`` update it."""

    DEFAULT_CSS = """
    SyncIndicator { width: auto; max-width: 50%; height: 1; padding: 0 1; background: $panel; }
    """

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(Text(f"{SYMBOL} ", style="dim"), id=id)
        self.status: SyncStatus | None = None
        self.progress: SyncProgress | None = None
        self.syncing = False

    def _compact(self) -> bool:
        return self.app.size.width < 110

    def show_status(self, status: SyncStatus | None) -> None:
        self.status, self.syncing, self.progress = status, False, None
        self.refresh_text()

    def show_progress(self, progress: SyncProgress | None) -> None:
        self.syncing, self.progress = True, progress
        self.refresh_text()

    def refresh_text(self) -> None:
        session = self.app.session
        if self.syncing:
            self.update(progress_text(self.progress))
        else:
            self.update(
                indicator_text(self.status, session.today, compact=self._compact(), read_only=session.read_only)
            )


class StatusLine(Horizontal):
    """The top line: the RAG counts (as wide as they can be) and the sync indicator."""

    DEFAULT_CSS = """
    StatusLine { height: 1; background: $panel; }
    StatusLine > CountsBar { width: 1fr; }
    """
