"""The sync indicator on the status line, and the sync behind it.

It shows "⇅ last synced 14:05 · 3 changes not yet shared · ⚠ 1 conflict", or the running
sync's step: symbols and words, never colour alone. It owns the sync: S (``sync_now``) exchanges
changes with the team's shared folder in a thread worker (its own group) that reports each step,
so the screen never waits on the share; with no folder remembered yet it asks for one; a sync
that would delete most of the plan asks before it is allowed; a sync that finds conflicts opens
them, and C (``open_conflicts``) lists them. The status is read in a worker too, once the first
screen is shown (``start``), then after every edit and sync (``refresh_status``). Read-only: S
and settling are greyed out. A finished sync is posted up as ``Synced``.

Live with a hub: when this laptop syncs with a PostgreSQL hub, a watcher (``storage.hub.live``,
a thread of its own) listens for the hub's nudge (NOTIFY; polling every second where LISTEN is
not possible) and a colleague's change is pulled as soon as it is on the hub; an edit made here
is sent a moment after it is saved. These live syncs are quiet: a hub that cannot be reached
shows as "offline" on the status line (the edits wait on the laptop, as always), lines already
told are not told again, and conflicts are counted on the status line rather than opened.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from typing import TYPE_CHECKING

from rich.text import Text
from textual import on, work
from textual.binding import Binding, BindingType
from textual.containers import Horizontal
from textual.message import Message
from textual.widgets import Static
from textual.worker import Worker, WorkerState

from models.text import one_line, visible_text
from models.timescale import day_text
from tui.messages import PartMessage
from tui.screens.base import forward_worker_error

if TYPE_CHECKING:  # storage.sync imports SQLAlchemy: not before the first screen is shown
    from textual.timer import Timer

    from storage.hub.live import HubWatcher
    from storage.sync import SyncError, SyncProgress, SyncResult, SyncStatus
    from tui.session import Session

#: An edit made here goes to the hub this long after it is saved (a burst of edits goes once).
PUSH_AFTER_SECONDS = 0.3

SYMBOL = "⇅"

#: The screen's keys for sync (the screen binds them; this part does them).
SYNC_BINDINGS: list[BindingType] = [
    Binding(
        "S",
        "sync",
        "Sync: sync now",
        show=False,
        id="main.sync",
        tooltip="Exchange changes with the team's shared folder",
    ),
    Binding(
        "C",
        "conflicts",
        "Sync: conflicts",
        show=False,
        id="main.conflicts",
        tooltip="Settle values two officers changed at the same time",
    ),
]
SYNC_ACTIONS = frozenset({"sync", "conflicts"})


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
    return f"{day_text(moment.date())} {moment.strftime('%H:%M')}"


def _changes(n: int) -> str:
    return f"{n} change{'' if n == 1 else 's'} not yet shared"


def indicator_text(
    status: SyncStatus | None, today: date, *, compact: bool = False, read_only: bool = False, live: str = ""
) -> Text:
    """The indicator for a sync status (None: not read yet). ``compact`` (under 110 columns):
    what matters most in a few words: a hub out of reach ("offline"), changes not yet shared
    ("unshared"), else when last synced. ``live``: "live" while a hub's watcher is connected, "offline" when the hub cannot
    be reached, "" with no hub."""
    text = Text(no_wrap=True, overflow="ellipsis")
    text.append(f"{SYMBOL} ", style="bold")
    if read_only:
        text.append("sync off" if compact else "sync off (read-only)", style="dim")
        return text
    if status is None:
        text.append("sync…", style="dim")
        return text
    if live and not compact:
        text.append(f"{live} · ", style="bold" if live == "offline" else "")
    synced = when(status.last_synced, today) if status.last_synced else None
    if compact:  # a dozen cells, so the RAG counts still fit at 80 columns
        if live == "offline":  # first: edits made now wait here until the hub is back
            text.append("offline", style="bold")
            if status.unsent:
                text.append(f" · {status.unsent} unshared")
        elif status.unsent and (synced or status.folder):
            text.append(f"{status.unsent} unshared", style="bold")
        elif live:
            text.append(live, style="bold" if live == "offline" else "")
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


def sync_summary(result: SyncResult) -> str:
    """One line: "Synced with /share: sent 3 changes, received 2 (Jackie Roper 2); 1 conflict"."""

    def changes(n: int) -> str:
        return f"{n} change{'' if n == 1 else 's'}"

    verb = "Created a new store in" if result.created_store else "Synced with"
    line = f"{verb} {result.folder}: sent {changes(result.sent)}, received {changes(result.received)}"
    if result.received_from:
        who = sorted(result.received_from.items(), key=lambda kv: -kv[1])
        line += " (" + ", ".join(f"{name} {n}" for name, n in who) + ")"
    if result.conflicts:
        line += f"; {len(result.conflicts)} conflict{'' if len(result.conflicts) == 1 else 's'} to settle"
    return one_line(line)


class SyncIndicator(Static):
    """One line, right of the RAG counts: the sync status, or the running sync's step."""

    DEFAULT_CSS = """
    SyncIndicator { width: auto; max-width: 50%; height: 1; padding: 0 1; background: $panel; }
    """

    @dataclass
    class Synced(PartMessage):
        """A sync finished: the screens reload (posted up; conflicts are opened here)."""

        result: SyncResult

    # What the workers post back to the indicator itself.
    @dataclass
    class _StatusLoaded(Message, bubble=False):
        status: SyncStatus | None  # None: not known (e.g. read-only without the database open)

    @dataclass
    class _Progressed(Message, bubble=False):
        progress: SyncProgress

        def can_replace(self, message: Message) -> bool:  # a burst collapses into the latest
            return isinstance(message, SyncIndicator._Progressed)

    @dataclass
    class _Refused(Message, bubble=False):
        error: SyncError = field(repr=False)
        folder: str | None  # the folder asked for (None: the remembered one)

    class _FolderNeeded(Message, bubble=False):
        pass

    @dataclass
    class _Finished(Message, bubble=False):
        result: SyncResult

    class _Nudged(Message, bubble=False):
        """The hub has something new (from the watcher's thread)."""

    @dataclass
    class _LiveState(Message, bubble=False):
        state: str  # the watcher's: "listening", "polling", "offline: why"

    def __init__(self, session: Session, *, id: str | None = None) -> None:
        self._shown = Text(f"{SYMBOL} ", style="dim")  # what the indicator shows
        super().__init__(self._shown, id=id)
        self._session = session
        self.status: SyncStatus | None = None
        self.progress: SyncProgress | None = None
        self.syncing = False
        self._started = False  # the first status is read once the first screen is shown
        # Live with a hub (see the module docstring).
        self._watcher: HubWatcher | None = None
        self.live = ""  # "live", "offline" or "" (no hub)
        self._live_sync = False  # the running sync is a live one (quiet)
        self._again = False  # a nudge came while a sync ran: sync once more after it
        self._told: set[str] = set()  # lines live syncs have shown already
        self._push_timer: Timer | None = None
        self._tried = 0  # the count of changes waiting when a live sync last went to send them

    # --- drawing ----------------------------------------------------------------------------
    def _compact(self) -> bool:
        return self.app.size.width < 110

    def show_status(self, status: SyncStatus | None) -> None:
        self.status, self.syncing, self.progress = status, False, None
        self.refresh_text()

    def show_progress(self, progress: SyncProgress | None) -> None:
        self.syncing, self.progress = True, progress
        self.refresh_text()

    def refresh_text(self) -> None:
        session = self._session
        if self.syncing:
            text = progress_text(self.progress)
        else:
            text = indicator_text(
                self.status, session.today, compact=self._compact(), read_only=session.read_only, live=self.live
            )
        shown = self._shown
        if text != shown or text.style != shown.style:  # an update lays the screen out again (resizes)
            self._shown = text
            self.update(text)

    def on_resize(self) -> None:
        self.refresh_text()

    # --- the status -------------------------------------------------------------------------
    def start(self) -> None:
        """The first screen is on: now the status (SQLAlchemy) may load."""
        if not self._started:
            self._started = True
            self.load_status()

    def refresh_status(self) -> None:
        """After an edit or a sync: read the status again (once started)."""
        if self._started:
            self.load_status()

    @work(thread=True, exclusive=True, group="sync-status", exit_on_error=False)
    def load_status(self) -> None:
        session = self._session
        if session.read_only and not session.database_ready:
            self.post_message(self._StatusLoaded(None))
            return
        from storage.sync import sync_status

        with session.database_turn() as db:
            self.post_message(self._StatusLoaded(sync_status(db)))

    @on(_StatusLoaded)
    def _status_loaded(self, message: _StatusLoaded) -> None:
        if not self.syncing:
            self.show_status(message.status)
        status = message.status
        self._follow_hub(status.folder if status is not None else None)
        if status is not None and self._watcher is not None:
            # Changes waiting here (an edit, an undo, a settled conflict, a command-line update)
            # go to the hub a moment later. A count already tried (changes the hub refuses)
            # is not tried again until it changes: no loop.
            if status.unsent and status.unsent != self._tried and self.live != "offline":
                self._tried = status.unsent
                self.send_soon()
            elif not status.unsent:
                self._tried = 0

    # --- live with a hub --------------------------------------------------------------------
    def _follow_hub(self, place: str | None) -> None:
        """Watch the hub this laptop syncs with (and only that one), if it syncs with a hub."""
        from storage.sync.engine import is_hub_target

        hub = place if is_hub_target(place) and not self._session.read_only else None
        if self._watcher is not None and (hub is None or str(self._watcher.address) != hub):
            self.stop_live()
        if hub is None or self._watcher is not None:
            return
        try:
            import psycopg  # noqa: F401 (a laptop without it syncs by hand, and is told why then)

            from storage.hub.live import HubWatcher
        except ImportError:
            return
        self._watcher = HubWatcher(
            hub,
            lambda: self.post_message(self._Nudged()),
            on_state=lambda state: self.post_message(self._LiveState(state)),
            fallback_seconds=1.0,
        )
        self._watcher.start()

    def stop_live(self) -> None:
        """Stop watching (the app is closing, or this laptop now syncs elsewhere)."""
        watcher, self._watcher = self._watcher, None
        if watcher is not None:
            watcher.stop(timeout=0)  # a daemon thread: it ends within a second on its own
        self.live = ""

    def on_unmount(self) -> None:
        self.stop_live()

    @on(_LiveState)
    def _live_state(self, message: _LiveState) -> None:
        if self._watcher is None:
            return
        was, self.live = self.live, "offline" if message.state.startswith("offline") else "live"
        self.refresh_text()
        if was != "live" and self.live == "live":
            self.sync_now(live=True)  # connected (again): send what waited, take what came

    @on(_Nudged)
    def _nudged(self) -> None:
        if self._watcher is not None:
            self.sync_now(live=True)

    def send_soon(self) -> None:
        """Send what waits here to the hub a moment from now (a burst of edits goes once)."""
        if self._watcher is None or self._session.read_only:
            return
        if self._push_timer is not None:
            self._push_timer.stop()
        self._push_timer = self.set_timer(PUSH_AFTER_SECONDS, lambda: self.sync_now(live=True))

    # --- keys -------------------------------------------------------------------------------
    def check(self, action: str) -> bool | None:
        """Whether S and C apply now (None greys them out)."""
        session = self._session
        if action == "sync":
            return None if session.read_only or self.syncing else True
        if action == "conflicts":  # read-only can look (if the database is open), not settle
            return None if session.read_only and not session.database_ready else True
        return True

    def refusal(self, action: str) -> str | None:
        if action == "sync" and self._session.read_only:
            return "Read-only: sync is off."
        return None

    def open_conflicts(self) -> None:
        from tui.screens.conflicts import ConflictsScreen

        if not isinstance(self.app.screen, ConflictsScreen):
            self.app.push_screen(ConflictsScreen(self._session))

    # --- syncing ----------------------------------------------------------------------------
    def sync_now(self, folder: str | None = None, allow_deletions: bool = False, *, live: bool = False) -> None:
        """Exchange changes with the shared folder or hub (``folder``, else the remembered one).
        ``live``: a quiet sync of the live hub (a nudge, an edit to send)."""
        if self._session.read_only:
            if not live:
                self.app.notify("Read-only: sync is off.", severity="warning")
            return
        if self.syncing:
            if live:
                self._again = True  # what just arrived is taken by one more sync after this one
            else:
                self.app.notify("A sync is already running.")
            return
        self._live_sync = live
        self.show_progress(None)
        self.screen.refresh_bindings()
        self.run_sync(folder, allow_deletions)

    @work(thread=True, group="sync", exit_on_error=False)
    def run_sync(self, folder: str | None, allow_deletions: bool) -> None:
        from storage.sync import SyncError, run_sync
        from storage.sync.local import FOLDER

        try:
            with self._session.database_turn() as db:
                with db.read() as txn:
                    remembered = txn.settings.get(FOLDER)
                if not folder and not remembered:
                    self.post_message(self._FolderNeeded())
                    return
                result = run_sync(
                    db,
                    folder,
                    progress=lambda p: self.post_message(self._Progressed(p)),
                    allow_mass_delete=allow_deletions,
                )
        except SyncError as error:
            self.post_message(self._Refused(error, folder))
            return
        self.post_message(self._Finished(result))

    @on(_Progressed)
    def _progressed(self, message: _Progressed) -> None:
        if self.syncing:
            self.show_progress(message.progress)

    def _sync_ended(self) -> None:
        self.syncing = False
        self.screen.refresh_bindings()
        self.load_status()
        self._after_sync()

    def _after_sync(self) -> None:
        if self._again and self._watcher is not None:
            self._again = False
            self.call_later(self.sync_now, live=True)

    @on(_FolderNeeded)
    def _ask_for_folder(self) -> None:
        from tui.screens.ask import AskDialog

        self._sync_ended()

        def chosen(folder: str | None) -> None:
            if folder:
                self.sync_now(folder)

        self.app.push_screen(
            AskDialog(
                "Sync: the team's shared folder",
                "The folder everyone syncs through (a network drive or a cloud-synced folder); "
                "it is remembered for next time:",
                placeholder=r"e.g. \\server\share\plans or ~/OneDrive/Plans",
            ),
            chosen,
        )

    @on(_Refused)
    def _refused(self, message: _Refused) -> None:
        from storage.sync import MassDeletion, PlaceUnavailable

        live, self._live_sync = self._live_sync, False
        if live and isinstance(message.error, PlaceUnavailable):
            self._again = False  # the watcher says when the hub is back
            self.live = "offline"
            self._sync_ended()
            return
        self._sync_ended()
        if live and not isinstance(message.error, MassDeletion):
            if str(message.error) in self._told:
                return
            self._told.add(str(message.error))
        if isinstance(message.error, MassDeletion):
            from tui.screens.confirm import ConfirmDialog

            def answered(allow: bool | None) -> None:
                if allow:
                    self.sync_now(message.folder, allow_deletions=True)

            detail = Text(visible_text(str(message.error)))
            detail.append("\n\nNothing has been changed yet. Check with the team that this is intended.", style="dim")
            self.app.push_screen(ConfirmDialog("This sync would delete most of the plan. Allow it?", detail), answered)
            return
        self.app.notify(
            visible_text(str(message.error)), title="Sync not done", severity="error", markup=False, timeout=10
        )

    @on(_Finished)
    def _finished(self, message: _Finished) -> None:
        result = message.result
        live, self._live_sync = self._live_sync, False
        self.syncing = False
        self.screen.refresh_bindings()
        for line in result.notices + result.warnings:
            if live and line in self._told:
                continue  # a live sync runs after every edit: each line is told once
            self._told.add(line)
            self.app.notify(visible_text(line), title="Sync", severity="warning", markup=False, timeout=10)
        if live:
            if self.live == "offline" and self._watcher is not None:
                self.live = "live"
            if result.received or result.deleted or result.kept:
                self.post_message(self.Synced(self, result))  # a colleague's change: reload
            else:
                self.load_status()
            known = self.status.conflicts if self.status is not None else 0
            if len(result.conflicts) > known:
                self.app.notify(
                    f"{len(result.conflicts)} conflict(s) to settle: press C",
                    title="Sync",
                    severity="warning",
                    markup=False,
                )
            self._after_sync()
            return
        self.post_message(self.Synced(self, result))  # the screens reload, the status with them
        if result.conflicts:
            self.open_conflicts()
        self._after_sync()

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        forward_worker_error(self, event)
        if event.worker.group == "sync" and event.state in (WorkerState.ERROR, WorkerState.CANCELLED):
            self._sync_ended()  # the error itself goes to the app's one handler


class StatusLine(Horizontal):
    """The top line: the RAG counts (as wide as they can be) and the sync indicator."""

    DEFAULT_CSS = """
    StatusLine { height: 1; background: $panel; }
    StatusLine > CountsBar { width: 1fr; }
    """
