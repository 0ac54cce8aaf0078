"""Sync from the main screen: S exchanges changes with the team's shared folder, C lists the
conflicts to settle, and the status line shows "last synced … / N changes not yet shared".

The sync runs in a thread worker (its own group) and reports each step with a message, so the
screen never waits on the share. With no folder remembered yet it asks for one (``run_sync``
remembers it); a sync that would delete most of the plan asks before it is allowed; a sync that
finds conflicts opens them. ``sync_status`` is read in a worker too, after start, every edit and
every sync. Read-only: S and settling are greyed out.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.text import Text
from textual import work
from textual.binding import Binding
from textual.worker import Worker, WorkerState

from models.text import one_line, visible_text
from tui.feature_messages import (
    SyncFinished,
    SyncFolderNeeded,
    SyncProgressed,
    SyncRefused,
    SyncStatusLoaded,
)
from tui.messages import Edited
from tui.widgets.sync_indicator import SyncIndicator

if TYPE_CHECKING:
    from storage.sync import SyncResult

SYNC_BINDINGS = [
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


class SyncCommands:
    """Mixin for MainScreen (its ``on_*`` handlers run besides the screen's own)."""

    syncing = False
    sync_started = False  # the first status is read once the first screen is shown

    @property
    def sync_indicator(self) -> SyncIndicator:
        return self.query_one("#sync-indicator", SyncIndicator)

    def check_sync(self, action: str) -> bool | None:
        session = self.app.session
        if action == "sync":
            return None if session.read_only or self.syncing else True
        if action == "conflicts":  # read-only can look (if the database is open), not settle
            return None if session.read_only and not session.database_ready else True
        return True

    def on_key(self, event) -> None:
        """Read-only: S is greyed out; say why when it is pressed anyway."""
        if event.key == "S" and self.app.session.read_only:
            self.app.notify("Read-only: sync is off.", severity="warning")

    # --- the status line --------------------------------------------------------------------
    def on_outline_loaded(self) -> None:
        if not self.sync_started:  # the first screen is on: now the status (SQLAlchemy) may load
            self.sync_started = True
            self.load_sync_status()

    def on_edited(self, message: Edited) -> None:
        if self.sync_started:
            self.load_sync_status()

    def on_resize(self) -> None:
        self.sync_indicator.refresh_text()

    @work(thread=True, exclusive=True, group="sync-status", exit_on_error=False)
    def load_sync_status(self) -> None:
        session = self.app.session
        if session.read_only and not session.database_ready:
            self.post_message(SyncStatusLoaded(None))
            return
        from storage.sync import sync_status

        with session.database_turn() as db:
            self.post_message(SyncStatusLoaded(sync_status(db)))

    def on_sync_status_loaded(self, message: SyncStatusLoaded) -> None:
        if not self.syncing:
            self.sync_indicator.show_status(message.status)

    # --- syncing ----------------------------------------------------------------------------
    def action_sync(self, folder: str | None = None, allow_deletions: bool = False) -> None:
        if self.app.session.read_only:
            self.app.notify("Read-only: sync is off.", severity="warning")
            return
        if self.syncing:
            self.app.notify("A sync is already running.")
            return
        self.syncing = True
        self.sync_indicator.show_progress(None)
        self.refresh_bindings()
        self.run_sync(folder, allow_deletions)

    @work(thread=True, group="sync", exit_on_error=False)
    def run_sync(self, folder: str | None, allow_deletions: bool) -> None:
        from storage.sync import SyncError, run_sync
        from storage.sync.local import FOLDER

        session = self.app.session
        try:
            with session.database_turn() as db:
                if not folder and not db.setting(FOLDER):
                    self.post_message(SyncFolderNeeded())
                    return
                result = run_sync(
                    db,
                    folder,
                    progress=lambda p: self.post_message(SyncProgressed(p)),
                    allow_mass_delete=allow_deletions,
                )
        except SyncError as error:
            self.post_message(SyncRefused(error, folder))
            return
        self.post_message(SyncFinished(result))

    def on_sync_progressed(self, message: SyncProgressed) -> None:
        if self.syncing:
            self.sync_indicator.show_progress(message.progress)

    def _sync_ended(self) -> None:
        self.syncing = False
        self.refresh_bindings()
        self.load_sync_status()

    def on_sync_folder_needed(self) -> None:
        from tui.screens.ask import AskDialog

        self._sync_ended()

        def chosen(folder: str | None) -> None:
            if folder:
                self.action_sync(folder)

        self.app.push_screen(
            AskDialog(
                "Sync: the team's shared folder",
                "The folder everyone syncs through (a network drive or a cloud-synced folder); "
                "it is remembered for next time:",
                placeholder=r"e.g. \\server\share\plans or ~/OneDrive/Plans",
            ),
            chosen,
        )

    def on_sync_refused(self, message: SyncRefused) -> None:
        from storage.sync import MassDeletion

        self._sync_ended()
        if isinstance(message.error, MassDeletion):
            from tui.screens.confirm import ConfirmDialog

            def answered(allow: bool | None) -> None:
                if allow:
                    self.action_sync(message.folder, allow_deletions=True)

            detail = Text(visible_text(str(message.error)))
            detail.append("\n\nNothing has been changed yet. Check with the team that this is intended.", style="dim")
            self.app.push_screen(ConfirmDialog("This sync would delete most of the plan. Allow it?", detail), answered)
            return
        self.app.notify(
            visible_text(str(message.error)), title="Sync not done", severity="error", markup=False, timeout=10
        )

    def on_sync_finished(self, message: SyncFinished) -> None:
        result = message.result
        self.syncing = False
        self.refresh_bindings()
        for line in result.notices + result.warnings:
            self.app.notify(visible_text(line), title="Sync", severity="warning", markup=False, timeout=10)
        # As after an edit: every screen reloads, and the status line with them.
        self.app.post_message(Edited(sync_summary(result), (), True, None))
        if result.received:
            self.app.load_officers()
        if result.conflicts:
            self.action_conflicts()

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        if event.worker.group == "sync" and event.state in (WorkerState.ERROR, WorkerState.CANCELLED):
            self._sync_ended()  # the error itself goes to the app's one handler

    # --- conflicts --------------------------------------------------------------------------
    def action_conflicts(self) -> None:
        from tui.screens.conflicts import ConflictsScreen

        if not isinstance(self.app.screen, ConflictsScreen):
            self.app.push_screen(ConflictsScreen())
