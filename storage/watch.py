"""Noticing changes other processes make to a database (a command-line ``update``, a sync run
elsewhere, a colleague's laptop syncing through the same file): SQLite's ``PRAGMA data_version``
on a connection of the watcher's own changes whenever any *other* connection commits.

    watcher = DatabaseWatcher(path)
    while running:
        if watcher.changed():   # cheap: one pragma on an idle connection
            reload()
        time.sleep(watcher.interval)

The app polls it in a thread worker and reloads what is on screen (``tui.app``); nothing here
knows about screens. Its own connection only reads, so it never holds a lock a writer waits on.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

#: How often to look (seconds): a change shows on screen within about this.
INTERVAL = 0.3


class DatabaseWatcher:
    def __init__(self, path: Path | str, interval: float = INTERVAL) -> None:
        self.path = Path(path)
        self.interval = interval
        self._conn: sqlite3.Connection | None = None
        self._version: int | None = None

    def _connection(self) -> sqlite3.Connection:
        if self._conn is None:
            self._conn = sqlite3.connect(f"{self.path.resolve().as_uri()}?mode=ro", uri=True, check_same_thread=False)
            self._conn.execute("PRAGMA busy_timeout = 1000")
        return self._conn

    def changed(self) -> bool:
        """Whether another connection committed since the last call (False the first time, and
        whenever the database cannot be read just now: the next look will tell)."""
        try:
            version = self._connection().execute("PRAGMA data_version").fetchone()[0]
        except sqlite3.Error:
            self.close()
            return False
        previous, self._version = self._version, version
        return previous is not None and version != previous

    def close(self) -> None:
        if self._conn is not None:
            self._conn.close()
            self._conn = None
