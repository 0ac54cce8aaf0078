"""One app session's state outside the widgets: the database (read light, write lazily), who is
using the laptop, "today", and the undo / redo stacks.

Thread-safe: every method may be called from a thread worker. Nothing here imports Textual, and
SQLAlchemy (storage.database, storage.writes) is imported only when the first write needs it, so
the first screen reads through the standard library's sqlite3 alone.
"""

from __future__ import annotations

import sqlite3
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from storage.browse import read_setting

if TYPE_CHECKING:  # only for type hints: importing it costs ~0.7 s of SQLAlchemy
    from storage.database import Database
    from storage.writes import Editor

ME_ID = "me_officer_id"  # setting: the officer id of the person using this laptop
ME_NAME = "me"  # setting: their name, which the write path uses as the default actor


class ReadOnly(Exception):
    """An edit was attempted in a session opened with --read-only."""


@dataclass(frozen=True)
class Step:
    """One user action on the undo or redo stack: its transaction and what it did."""

    txn_id: str
    description: str


class Session:
    """The database and the per-session state shared by every screen."""

    def __init__(
        self,
        path: Path | None = None,
        database: Database | None = None,
        read_only: bool = False,
        today: date | None = None,
    ) -> None:
        if path is None and database is None:
            raise ValueError("a Session needs a database path or an open Database")
        self.path = Path(path) if path is not None else database.path  # type: ignore[union-attr]
        self.read_only = read_only
        self._today = today
        self._database = database
        self._owns_database = database is None  # close only what we opened
        # One light reader connection per channel: "list" for the scope of the action list (a
        # newer keystroke may interrupt what an older one still reads there), "main" for the rest.
        self._conns: dict[str, sqlite3.Connection] = {}
        self._locks = {"list": threading.RLock(), "main": threading.RLock()}
        self._open_lock = threading.Lock()
        self._undo: list[Step] = []
        self._redo: list[Step] = []
        self._stack_lock = threading.Lock()
        self.me_id: str | None = None
        self.me_name: str | None = None
        self._login: str | None = None

    # --- time ----------------------------------------------------------------------------
    @property
    def today(self) -> date:
        """The day overdue and "no update for N days" are counted from (fixed in tests)."""
        return self._today or date.today()

    # --- reading -------------------------------------------------------------------------
    @property
    def in_memory(self) -> bool:
        return self._database is not None and self._database.path is None

    @contextmanager
    def reader(
        self,
        channel: str = "main",
        preempt: Callable[[], bool] | None = None,
    ) -> Iterator[sqlite3.Connection | None]:
        """A light sqlite3 connection, held for one query at a time across threads.

        With ``preempt``, while the channel is busy and ``preempt()`` says this caller is still
        wanted, the query holding it is interrupted (it raises ``sqlite3.OperationalError``
        "interrupted"): a keystroke does not wait for the scan of the one before. If
        ``preempt()`` turns false first, yields None: the caller's work is moot.
        """
        if self.in_memory:  # one connection for everything (writes too): take turns on it
            channel, preempt = "main", None
        lock = self._locks[channel]
        if preempt is None:
            lock.acquire()
        else:
            while not lock.acquire(timeout=0.002):
                if not preempt():
                    yield None
                    return
                busy = self._conns.get(channel)
                if busy is not None:
                    busy.interrupt()
        try:
            conn = self._conns.get(channel)
            if conn is None:
                conn = self._conns[channel] = self._connect()
            yield conn
        finally:
            lock.release()

    def _connect(self) -> sqlite3.Connection:
        if self.in_memory:  # the engine's own connection
            return self._database.reader()  # type: ignore[union-attr]
        from storage.schema import connect_reader, inspect_file

        with self._open_lock:  # two channels may start at once: create a new file only once
            state = inspect_file(self.path)
            if (not state.exists or state.version == 0) and self._database is None:
                if self.read_only:
                    from storage.errors import DamagedDatabase

                    raise DamagedDatabase(f"no ragtrack database at {self.path}")
                self._open_database()  # a new file: create the schema first (the heavy path, once)
        conn = connect_reader(self.path)
        conn.execute("PRAGMA cache_size = -65536")  # 64 MB: a 100,000-action plan stays in memory
        return conn

    def load_me(self) -> None:
        """Read which officer uses this laptop (saved the first time they say)."""
        with self.reader() as conn:
            self.me_id = read_setting(conn, ME_ID)
            self.me_name = read_setting(conn, ME_NAME)

    @property
    def actor(self) -> str:
        """The name edits are recorded under: the officer set as "me", else the login name."""
        if self.me_name:
            return self.me_name
        if self._login is None:
            import getpass

            try:
                self._login = getpass.getuser()
            except Exception:  # no login name on some Windows services
                self._login = "unknown"
        return self._login

    # --- writing -------------------------------------------------------------------------
    @property
    def database_ready(self) -> bool:
        return self._database is not None

    def database(self) -> Database:
        """The full database (SQLAlchemy), opened on first use; safe to call from any thread."""
        with self._open_lock:
            return self._open_database()

    def _open_database(self) -> Database:
        if self._database is None:
            from storage.database import Database

            self._database = Database.open(self.path)
        return self._database

    @contextmanager
    def _write_lock(self) -> Iterator[None]:
        # An in-memory database has one connection for reads and writes: take turns on it.
        if self.in_memory:
            with self._locks["main"]:
                yield
        else:
            yield

    def write(self, description: str, change: Callable[[Editor], Any]) -> tuple[str | None, Any]:
        """Run ``change(editor)`` as one transaction (one undo step). Returns its txn id (None
        when nothing changed) and what ``change`` returned."""
        if self.read_only:
            raise ReadOnly("this database is open read-only")
        from storage.writes import edit

        db = self.database()
        with self._write_lock(), edit(db, actor=self.actor) as editor:
            result = change(editor)
            changed = bool(editor.change_ids)
        if changed:
            with self._stack_lock:
                self._undo.append(Step(editor.txn_id, description))
                self._redo.clear()
        return (editor.txn_id if changed else None), result

    def remember_me(self, officer_id: str, name: str) -> None:
        """Save who uses this laptop, for "my actions" and as the name on their edits."""
        if self.read_only:
            raise ReadOnly("this database is open read-only")
        db = self.database()
        with self._write_lock():
            db.set_setting(ME_ID, officer_id)
            db.set_setting(ME_NAME, name)
        self.me_id, self.me_name = officer_id, name

    @contextmanager
    def database_turn(self) -> Iterator[Database]:
        """The full database for storage work that makes its own transactions (a sync, sync
        status), taking turns with the readers when the database is in memory."""
        db = self.database()
        with self._write_lock():
            yield db

    def write_own(self, description: str, write: Callable[[Database], str | None]) -> str | None:
        """Run a storage function that writes its own transaction and returns its txn id
        (settling a sync conflict, starting a review): one undo step, like any edit."""
        if self.read_only:
            raise ReadOnly("this database is open read-only")
        with self.database_turn() as db:
            txn_id = write(db)
        if txn_id:
            with self._stack_lock:
                self._undo.append(Step(txn_id, description))
                self._redo.clear()
        return txn_id

    # --- undo / redo ---------------------------------------------------------------------
    @property
    def can_undo(self) -> bool:
        return bool(self._undo) and not self.read_only

    @property
    def can_redo(self) -> bool:
        return bool(self._redo) and not self.read_only

    def undo(self) -> Step | None:
        """Revert the latest user action; returns it, or None when there is nothing to undo."""
        return self._move(self._undo, self._redo)

    def redo(self) -> Step | None:
        """Put back the latest undone action (by undoing its undo)."""
        return self._move(self._redo, self._undo)

    def _move(self, source: list[Step], target: list[Step]) -> Step | None:
        from storage.writes import undo

        with self._stack_lock:
            if not source or self.read_only:
                return None
            step = source.pop()
        db = self.database()
        with self._write_lock():
            reverted = undo(db, step.txn_id, actor=self.actor)
        if reverted is not None:
            with self._stack_lock:
                target.append(Step(reverted, step.description))
        return step

    def close(self) -> None:
        for channel, lock in self._locks.items():
            with lock:
                conn = self._conns.pop(channel, None)
                if conn is not None and not self.in_memory:
                    conn.close()
        if self._owns_database and self._database is not None:
            self._database.close()
            self._database = None
