"""The ragtrack app: the session, the officers, global keys, the one write path's worker, one
error handler. The screens are built from parts (tui/screens/main.py says which).

Start-up reads through the standard library's sqlite3 only; the full database (SQLAlchemy) opens
in a worker after the first data is on screen (``DataShown``), ready for the first edit.
"""

from __future__ import annotations

import gc
import os
import sys
import threading
import time
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar

from textual import events, work
from textual.app import App
from textual.binding import Binding, BindingType
from textual.worker import Worker, WorkerState

from tui.idle_collection import IdleCollection
from tui.messages import (
    ChangedOutside,
    DataShown,
    Edited,
    OfficersChanged,
    OfficersLoaded,
    WorkerFailed,
    WriteRequested,
)
from tui.officer_directory import Officers
from tui.screens.base import forward_worker_error
from tui.screens.main import MainScreen
from tui.session import Session
from tui.type_ahead import TypeAhead

if TYPE_CHECKING:
    from storage.db import Store
    from storage.writes import Editor
    from tui.first_screen import ReadAhead


def _screen_commands():
    from tui.commands_palette import ScreenCommands  # imported when the palette first opens

    return ScreenCommands


def _jump_commands():
    from tui.commands_palette import JumpCommands

    return JumpCommands


#: What the user does (not the mouse passing over): the garbage is collected once it pauses.
_USER_INPUT = (events.Key, events.MouseDown, events.MouseScrollDown, events.MouseScrollUp, events.Paste)


class RagtrackApp(App[int]):
    """Browse, filter, triage and update action plans from the keyboard."""

    CSS_PATH = "app.tcss"
    TITLE = "ragtrack"
    COMMANDS = App.COMMANDS | {_screen_commands, _jump_commands}
    # -narrow: detail under the list; -wide: detail beside it; -xwide: the outline too.
    HORIZONTAL_BREAKPOINTS: ClassVar[list[tuple[int, str]]] = [(0, "-narrow"), (110, "-wide"), (150, "-xwide")]
    # -short (under 32 rows, a laptop's 80x24): dialogs give long texts fewer lines, so every field
    # of a form is on screen without scrolling.
    VERTICAL_BREAKPOINTS: ClassVar[list[tuple[int, str]]] = [(0, "-short"), (32, "-tall")]
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("q", "quit", "Quit", id="app.quit"),
        Binding("question_mark", "help", "Help", id="app.help", key_display="?"),
        Binding("u", "undo", "Undo", id="app.undo", tooltip="Undo your last change"),
        Binding("U,ctrl+r", "redo", "Redo", show=False, id="app.redo"),
    ]

    def __init__(
        self,
        db_path: Path | str | None = None,
        read_only: bool = False,
        *,
        database: Store | None = None,
        today: date | None = None,
        blink: bool = True,
        read_ahead: ReadAhead | None = None,
        freeze_start: bool = False,
        collect_when_idle: bool = False,
    ) -> None:
        self.created_at = time.perf_counter()
        super().__init__()
        self.read_ahead = read_ahead
        """The first screen's read, started before the app (``tui.first_screen``): its session
        is the app's."""
        if read_ahead is not None:
            self.session = read_ahead.session
        else:
            self.session = Session(Path(db_path) if db_path else None, database, read_only, today)
        self.blink = blink
        self.freeze_start = freeze_start
        """Once the first actions are shown, leave the objects alive then (Textual, the screens,
        their styles: most of the process's) out of every later collection of the cyclic garbage
        collector (``gc.freeze``). Collections run in the middle of keystrokes, in whichever
        thread allocates, holding every thread up, and a full one went through those objects
        again: 75,000-82,000 of them after start at 10,000-100,000 actions, 26-46 ms of CPU a
        full collection, under a millisecond once frozen (issue 15, the officer pick).
        For ``ragtrack`` (``tui.launch``), one app a process: an app in a test process would
        freeze the garbage of the apps before it."""
        self.idle_collection = IdleCollection(self) if collect_when_idle else None
        """The cyclic garbage collected while input pauses, not in the middle of a keystroke
        (``tui.idle_collection``); for ``ragtrack``, as ``freeze_start``."""
        self.officers = Officers()
        """Every officer (loaded once the first screen is shown), handed to the screens."""
        self._watch_stop = threading.Event()
        self._watching: threading.Thread | None = None
        self._saved_theme: str | None = None
        self.data_shown: DataShown | None = None
        """Set when the first actions are on screen: the benchmark's "data shown" signal."""
        self._when_written: dict[Worker, Callable[[], None]] = {}  # WriteRequested.written, by worker
        self.type_ahead = TypeAhead()

    def get_default_screen(self) -> MainScreen:
        screen = MainScreen(self.session, self.officers, self.read_ahead)
        # The size's breakpoint classes from the start: added by the first Resize instead, they
        # restyle every widget and lay the screen out again before the first paint.
        width, height = self.size
        screen.update_classes(
            dict.fromkeys((name for _, name in self.HORIZONTAL_BREAKPOINTS + self.VERTICAL_BREAKPOINTS), False)
            | dict.fromkeys(
                screen._get_breakpoint_classes(width, self.HORIZONTAL_BREAKPOINTS)
                | screen._get_breakpoint_classes(height, self.VERTICAL_BREAKPOINTS),
                True,
            ),
            update=False,
        )
        return screen

    def on_mount(self) -> None:
        if not self.is_headless and _terminal_fd() is not None:
            self.set_interval(2.0, self._exit_if_terminal_gone, name="terminal-watch")

    def _exit_if_terminal_gone(self) -> None:
        """Quit when the terminal has gone (its window closed, its tmux session killed) but no
        hang-up signal reached us, as under ``make run``: otherwise the app lives on with no
        screen, spinning on a dead terminal and holding the database open."""
        if _terminal_fd() is None:
            self.exit()

    def on_unmount(self) -> None:
        self._watch_stop.set()
        self.session.close()

    # --- keys typed ahead (tui.type_ahead) ------------------------------------------------------
    async def on_event(self, event: events.Event) -> None:
        if isinstance(event, events.Key) and not event.is_forwarded:
            self.type_ahead.handed_out(event)
        if self.idle_collection is not None and isinstance(event, _USER_INPUT):
            self.idle_collection.input_seen()
        await super().on_event(event)

    async def _check_bindings(self, key: str, priority: bool = False) -> bool:
        ran = await super()._check_bindings(key, priority)
        if ran:
            self.type_ahead.binding_ran()
        return ran

    async def _on_key(self, event: events.Key) -> None:
        # Named as Textual's own handler, it runs before App._on_key (the bindings), which a key
        # typed ahead of an action skips: it is posted again, to reach what now takes the keys.
        again = self.type_ahead.overtaken(event)
        if again is not None:
            event.stop()
            event.prevent_default()
            self.post_message(again)

    def on_descendant_focus(self, event: events.DescendantFocus) -> None:
        # Snapshot tests turn blinking off so every frame is the same.
        if not self.blink and hasattr(event.widget, "cursor_blink"):
            event.widget.cursor_blink = False

    # --- start-up --------------------------------------------------------------------------
    def on_data_shown(self, message: DataShown) -> None:
        self.data_shown = message
        self.log.info(f"DataShown: {message.rows} actions on screen {message.seconds:.3f} s after start")
        if self.freeze_start:
            gc.freeze()
        self.load_officers()
        self.load_theme()
        if not self.session.read_only:
            self.open_database()
        self.watch_database()

    # --- the colour theme, remembered -------------------------------------------------------
    @work(thread=True, exclusive=True, group="theme", exit_on_error=False)
    def load_theme(self) -> None:
        name = self.session.theme()
        self.call_from_thread(self._apply_theme, name)

    def _apply_theme(self, name: str | None) -> None:
        self._saved_theme = name
        if name and name in self.available_themes and name != self.theme:
            self.theme = name
        self.theme_changed_signal.subscribe(self, self._theme_changed)

    def _theme_changed(self, theme) -> None:
        if theme.name != self._saved_theme and not self.session.read_only:
            self._saved_theme = theme.name
            self._save_theme(theme.name)

    @work(thread=True, group="write", exit_on_error=False)
    def _save_theme(self, name: str) -> None:
        self.session.remember_theme(name)

    def watch_database(self) -> None:
        """Notice what other processes commit (a command-line update, a sync run elsewhere) and
        reload what is on screen within a second (storage.db.watch). A daemon thread of its own,
        stopped when the app unmounts: it only ever sleeps or runs one pragma."""
        if self.session.path is None or self._watching is not None:
            return
        from storage.db.watch import DatabaseWatcher

        watcher = DatabaseWatcher(self.session.path)
        stop = self._watch_stop

        def watch() -> None:
            try:
                watcher.changed()
                while not stop.wait(watcher.interval):
                    if watcher.changed():
                        self.post_message(ChangedOutside())
            finally:
                watcher.close()

        self._watching = threading.Thread(target=watch, name="ragtrack-watch", daemon=True)
        self._watching.start()

    def on_changed_outside(self, _message: ChangedOutside) -> None:
        # This app's own writes are seen too (another connection): one more quiet reload, cheap
        # next to missing a colleague's change. No notification: nothing was done here.
        if not self.screen_stack:
            return
        for screen in self.screen_stack:
            screen.post_message(Edited("", (), True, None))
        self.load_officers()

    @work(thread=True, exclusive=True, group="officers", exit_on_error=False)
    def load_officers(self) -> None:
        # The names first (one small table: the picker, chips and leads need only them), then
        # the open actions each leads: a count over every lead of every action, seconds at a
        # million actions, that only the officers screen and the picker's "N open" show. (At a
        # million actions the names took 7.9 s queued behind the outline; the counts took 13.7.)
        if not self.officers.loaded:
            with self.session.read("quick") as txn:  # not behind the outline, read on "main"
                self.post_message(OfficersLoaded(txn.officers.names()))
        with self.session.read() as txn:
            self.post_message(OfficersLoaded(txn.officers.list()))

    def on_officers_loaded(self, message: OfficersLoaded) -> None:
        self.officers.replace(message.officers)
        for screen in self.screen_stack:
            screen.post_message(OfficersChanged())

    @work(thread=True, exclusive=True, group="database", exit_on_error=False)
    def open_database(self) -> None:
        """Import SQLAlchemy and open the write path now, so the first edit does not wait."""
        self.session.database()

    # --- editing ---------------------------------------------------------------------------
    def on_write_requested(self, message: WriteRequested) -> None:
        """A part asks for an edit: one transaction (one undo step) in the write worker; every
        screen reloads after (``Edited``)."""
        if self.session.read_only:
            self.notify("Read-only: nothing was changed.", severity="warning")
            return
        worker = self._write(message.description, message.change, message.action_ids, message.outline_changed)
        if message.written is not None:
            self._when_written[worker] = message.written

    # Not exclusive: every edit must land, in order (the session serialises them).
    @work(thread=True, group="write", exit_on_error=False)
    def _write(
        self, description: str, change: Callable[[Editor], Any], action_ids: tuple[str, ...], outline_changed: bool
    ) -> None:
        txn_id, _result = self.session.write(description, change)
        self.post_message(Edited(description if txn_id else "No change", action_ids, outline_changed, txn_id))

    def on_edited(self, message: Edited) -> None:
        if not self.screen_stack:  # the app is closing
            return
        self.notify(message.description, markup=False, timeout=3)
        for screen in self.screen_stack:
            screen.post_message(
                Edited(message.description, message.action_ids, message.outline_changed, message.txn_id)
            )
        if message.officers_changed:
            self.load_officers()
        self.refresh_bindings()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "undo":
            return True if self.session.can_undo else None
        if action == "redo":
            return True if self.session.can_redo else None
        return True

    def action_undo(self) -> None:
        self._undo_redo(redo=False)

    def action_redo(self) -> None:
        self._undo_redo(redo=True)

    @work(thread=True, group="write", exit_on_error=False)
    def _undo_redo(self, redo: bool) -> None:
        step = self.session.redo() if redo else self.session.undo()
        if step is None:
            self.call_from_thread(self.notify, "Nothing to redo." if redo else "Nothing to undo.")
            return
        verb = "Redone" if redo else "Undone"
        # Name the value the field holds now, not the one the undone edit had set.
        said = step.restored.replace("back to", "now") if redo else step.restored
        self.post_message(Edited(f"{verb}: {said or step.description}", (), True, None))

    # --- who am I --------------------------------------------------------------------------
    def ask_who_i_am(self, then: Callable[[], None] | None = None) -> None:
        """Ask once which officer uses this laptop; remember it in the database."""
        from tui.screens.officer_picker import OfficerPicker

        if self.session.read_only:
            self.notify("Read-only: cannot remember who you are in this database.", severity="warning")
            return
        not_ready = self.officers.not_ready()
        if not_ready:
            self.notify(not_ready, severity="warning")
            return

        def chosen(ids: list[str] | None) -> None:
            officer = self.officers.get(ids[0]) if ids else None
            if officer is not None:
                self._remember_me(officer.id, officer.name, then)

        self.push_screen(OfficerPicker("Which officer are you? (asked once)", list(self.officers)), chosen)

    @work(thread=True, group="write", exit_on_error=False)
    def _remember_me(self, officer_id: str, name: str, then: Callable[[], None] | None) -> None:
        self.session.remember_me(officer_id, name)
        self.call_from_thread(self.notify, f"You are {name}: edits are recorded under this name.", markup=False)
        if then is not None:
            self.call_from_thread(then)

    # --- help and errors -------------------------------------------------------------------
    def action_help(self) -> None:
        from tui.screens.help import HelpScreen

        if self.screen.is_modal:
            return
        self.push_screen(HelpScreen(self.screen))

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        if event.state in (WorkerState.SUCCESS, WorkerState.ERROR, WorkerState.CANCELLED):
            written = self._when_written.pop(event.worker, None)
            if written is not None:
                written()
        forward_worker_error(self, event)

    def on_worker_failed(self, message: WorkerFailed) -> None:
        """The one handler for every worker's error: a refusal is a notice, a fault a dialog."""
        from storage.errors import StorageError
        from tui.session import ReadOnly

        if isinstance(message.error, (StorageError, ReadOnly)):
            self.notify(str(message.error), title="Not done", severity="error", markup=False, timeout=6)
            return
        from tui.screens.error import ErrorDialog

        self.push_screen(ErrorDialog(message.title, message.error))


def _terminal_fd() -> int | None:
    """The terminal the app reads its keys from, or None when there is none (any more)."""
    try:
        fd = sys.__stdin__.fileno() if sys.__stdin__ is not None else -1
        return fd if fd >= 0 and os.isatty(fd) else None
    except (OSError, ValueError):
        return None
