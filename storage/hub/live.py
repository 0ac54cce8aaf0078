"""Live while connected: tell the app soon after a colleague's change reaches the hub.

The hub sends a NOTIFY on channel ``ragtrack_changes`` at every append (schema.sql); a watcher
LISTENs on its own connection and calls ``on_change`` (from the watcher's thread) so the app
syncs. Notifications are only a nudge: the watcher also looks at the hub's newest change every
``poll_seconds`` (every ``fallback_seconds`` when LISTEN is not possible, behind a connection
pooler say), and a lost connection is retried quietly, with growing waits, until ``stop``.

    watcher = HubWatcher(address, on_change=lambda: app.call_from_thread(app.sync_now))
    watcher.start() ... watcher.stop()
"""

from __future__ import annotations

import contextlib
import threading
import time
from collections.abc import Callable
from typing import Any

from storage.hub.address import HubAddress, HubError, connect, psycopg_module

CHANNEL = "ragtrack_changes"
#: Changes arrive in bursts (one notification per chunk appended): wait this long for the rest.
SETTLE_SECONDS = 0.2


class HubWatcher:
    def __init__(
        self,
        address: HubAddress | str,
        on_change: Callable[[], None],
        *,
        poll_seconds: float = 30.0,
        fallback_seconds: float = 2.0,
        listen: bool = True,
        on_state: Callable[[str], None] | None = None,
    ) -> None:
        self.address = address if isinstance(address, HubAddress) else HubAddress.parse(address)
        self.on_change = on_change
        self.on_state = on_state  # "listening", "polling", "offline: <why>" (for a status line)
        self.poll_seconds = poll_seconds
        self.fallback_seconds = fallback_seconds
        self.listen = listen  # False: poll only (a pooler in transaction mode drops LISTEN)
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self._conn: Any = None
        self.state = "starting"

    def start(self) -> None:
        if self._thread is None:
            self._thread = threading.Thread(target=self._run, name="ragtrack-hub-watcher", daemon=True)
            self._thread.start()

    def stop(self, timeout: float = 5.0) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join(timeout)
            self._thread = None

    @property
    def running(self) -> bool:
        return self._thread is not None and self._thread.is_alive()

    # --- the thread ----------------------------------------------------------------------------
    def _run(self) -> None:
        psycopg = psycopg_module()
        wait = 1.0
        while not self._stop.is_set():
            try:
                self._watch()
                wait = 1.0
            except (psycopg.Error, HubError) as error:
                self._set_state(f"offline: {str(error).splitlines()[0]}")
                self._close()
                self._stop.wait(wait)
                wait = min(wait * 2, 60.0)

    def _watch(self) -> None:
        psycopg = psycopg_module()
        self._conn = connect(self.address, autocommit=True)
        listening = False
        if self.listen:
            try:
                self._conn.execute(f"LISTEN {CHANNEL}")
                listening = True
            except psycopg.Error:
                listening = False
        self._set_state("listening" if listening else "polling")
        newest = self._newest()
        every = self.poll_seconds if listening else self.fallback_seconds
        next_poll = time.monotonic() + every
        while not self._stop.is_set():
            nudged = False
            if listening:
                for _note in self._conn.notifies(timeout=min(1.0, every), stop_after=1):
                    nudged = True
            else:
                self._stop.wait(min(1.0, every))
            if nudged:
                # Let the rest of a burst arrive, then drain it: one call for one burst.
                self._stop.wait(SETTLE_SECONDS)
                for _note in self._conn.notifies(timeout=0.01):
                    pass
            if time.monotonic() >= next_poll or nudged:
                next_poll = time.monotonic() + every
                latest = self._newest()
                if latest != newest or nudged:
                    newest = latest
                    if not self._stop.is_set():
                        self.on_change()
        self._close()

    def _newest(self) -> int:
        row = self._conn.execute("SELECT coalesce(max(seq), 0) AS newest FROM ragtrack.change").fetchone()
        return int(row["newest"])

    def _set_state(self, state: str) -> None:
        self.state = state
        if self.on_state is not None:
            self.on_state(state)

    def _close(self) -> None:
        if self._conn is not None:
            conn, self._conn = self._conn, None
            with contextlib.suppress(Exception):  # closing a dead connection: nothing left to do
                conn.close()
