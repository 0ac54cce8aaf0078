"""One app session's state outside the widgets: the database (``storage.db.Store``), who is using
the laptop, "today", and the undo / redo stacks.

Thread-safe: every method may be called from a thread worker. Nothing here imports Textual, and
nothing here (nor the store) imports SQLAlchemy: the first screen reads through the standard
library's sqlite3 alone.

Reads go through ``read(channel)``: a read transaction on a connection kept for that channel.
"list" is for the scope of the action list (a newer keystroke may interrupt what an older one
still reads there), "quick" for small reads that must not queue behind a long one (the officers'
names at start, while the outline of a large plan is read on "main"), "main" for the rest.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from storage.db import Link, ReadTxn, Store
    from storage.writes import Editor


class ReadOnly(Exception):
    """An edit was attempted in a session opened with --read-only."""


@dataclass(frozen=True)
class Step:
    """One user action on the undo or redo stack: its transaction and what it did."""

    txn_id: str
    description: str
    #: After an undo or redo: what the action's field is now ("1a: timescale back to 09/14").
    restored: str = ""


class Session:
    """The database and the per-session state shared by every screen."""

    def __init__(
        self,
        path: Path | None = None,
        database: Store | None = None,
        read_only: bool = False,
        today: date | None = None,
    ) -> None:
        if path is None and database is None:
            raise ValueError("a Session needs a database path or an open Store")
        self.path = Path(path) if path is not None else (database.path if database is not None else None)
        self.read_only = read_only
        self._today = today
        self._store = database
        self._owns_store = database is None  # close only what we opened
        self._links: dict[str, Link] = {}
        self._locks = {"list": threading.RLock(), "quick": threading.RLock(), "main": threading.RLock()}
        self._open_lock = threading.Lock()
        self._undo: list[Step] = []
        self._redo: list[Step] = []
        self._stack_lock = threading.Lock()
        self.me_id: str | None = None
        self.me_name: str | None = None
        self.list_order: Any = None
        """How the list is sorted and grouped (a ``storage.db.ListOrder``; None: the default),
        remembered for the session."""

    # --- time ----------------------------------------------------------------------------
    @property
    def today(self) -> date:
        """The day overdue and "no update for N days" are counted from (fixed in tests)."""
        return self._today or date.today()

    # --- the store -----------------------------------------------------------------------
    @property
    def in_memory(self) -> bool:
        return self._store is not None and self._store.path is None

    @property
    def database_ready(self) -> bool:
        return self._store is not None

    def database(self) -> Store:
        """The store, opened (created, upgraded) on first use; safe to call from any thread."""
        with self._open_lock:
            if self._store is None:
                from storage.db import Store

                assert self.path is not None
                self._store = Store.open(self.path, read_only=self.read_only)
            return self._store

    # --- reading -------------------------------------------------------------------------
    @contextmanager
    def read(self, channel: str = "main") -> Iterator[ReadTxn]:
        """A read transaction on the channel's connection, held for one unit of work."""
        with self._channel(channel, None) as link:
            assert link is not None  # without ``preempt`` the channel is always had
            with link.read() as txn:
                yield txn

    @contextmanager
    def read_unless_moot(self, channel: str, preempt: Callable[[], bool]) -> Iterator[ReadTxn | None]:
        """``read``, for work a newer request may make moot: while the channel is busy and
        ``preempt()`` says this caller is still wanted, the query holding it is interrupted (it
        raises ``sqlite3.OperationalError`` "interrupted"): a keystroke does not wait for the scan
        of the one before. If ``preempt()`` turns false first, yields None: the work is moot."""
        with self._read_if_had(channel, preempt, interrupt=True) as txn:
            yield txn

    @contextmanager
    def read_when_free(self, channel: str, wanted: Callable[[], bool]) -> Iterator[ReadTxn | None]:
        """``read``, for work that may wait but must not disturb (a read ahead): it waits for the
        channel without interrupting the query holding it, which may be the scope the list is
        showing. If ``wanted()`` turns false first, yields None."""
        with self._read_if_had(channel, wanted, interrupt=False) as txn:
            yield txn

    @contextmanager
    def _read_if_had(self, channel: str, wanted: Callable[[], bool], interrupt: bool) -> Iterator[ReadTxn | None]:
        with self._channel(channel, wanted, interrupt) as link:
            if link is None:  # no longer wanted before the channel was had
                yield None
                return
            with link.read() as txn:
                yield txn

    @contextmanager
    def _channel(
        self, channel: str, preempt: Callable[[], bool] | None, interrupt: bool = True
    ) -> Iterator[Link | None]:
        store = self.database()
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
                busy = self._links.get(channel)
                if interrupt and busy is not None:
                    busy.interrupt()
        try:
            link = self._links.get(channel)
            if link is None:
                # SQLite's default page cache (2 MB): the file's pages stay in the system's cache
                # anyway, and a whole-scope scan at 100,000 actions took as long with 64 MB of
                # cache per connection, which were half the app's peak memory (issue 15).
                link = self._links[channel] = store.link()
            yield link
        finally:
            lock.release()

    def load_me(self) -> None:
        """Read which officer uses this laptop (saved the first time they say)."""
        with self.read() as txn:
            me = txn.settings.me()
        self.me_id, self.me_name = me.officer_id, me.name

    @property
    def actor(self) -> str:
        """The name edits are recorded under: the officer set as "me", else the login name."""
        return self.me_name or self.database().login_name()

    # --- writing -------------------------------------------------------------------------
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

        store = self.database()
        with self._write_lock(), edit(store, actor=self.actor) as editor:
            result = change(editor)
            changed = bool(editor.change_ids)
        if changed:
            self._push(Step(editor.txn_id, description))
        return (editor.txn_id if changed else None), result

    def remember_me(self, officer_id: str, name: str) -> None:
        """Save who uses this laptop, for "my actions" and as the name on their edits."""
        if self.read_only:
            raise ReadOnly("this database is open read-only")
        store = self.database()
        with self._write_lock(), store.write(actor=self.actor, source="setting") as txn:
            txn.settings.set_me(officer_id, name)
        self.me_id, self.me_name = officer_id, name

    def theme(self) -> str | None:
        """The colour theme last chosen with this database, if any."""
        from storage.db.settings import Key

        with self.read() as txn:
            return txn.settings.get(Key.THEME)

    def remember_theme(self, name: str) -> None:
        """Keep the colour theme chosen (a setting of this laptop's file, never synced)."""
        if self.read_only:
            return
        from storage.db.settings import Key

        store = self.database()
        with self._write_lock(), store.write(actor=self.actor, source="setting") as txn:
            txn.settings.put(Key.THEME, name)

    @contextmanager
    def database_turn(self) -> Iterator[Store]:
        """The store for storage work that makes its own transactions (a sync, sync status),
        taking turns with the readers when the database is in memory."""
        store = self.database()
        with self._write_lock():
            yield store

    def write_own(self, description: str, write: Callable[[Store], str | None]) -> str | None:
        """Run a storage function that writes its own transaction and returns its txn id
        (settling a sync conflict, starting a review): one undo step, like any edit."""
        if self.read_only:
            raise ReadOnly("this database is open read-only")
        with self.database_turn() as store:
            txn_id = write(store)
        if txn_id:
            self._push(Step(txn_id, description))
        return txn_id

    def _push(self, step: Step) -> None:
        with self._stack_lock:
            self._undo.append(step)
            self._redo.clear()

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
        store = self.database()
        with self._write_lock():
            reverted = undo(store, step.txn_id, actor=self.actor)
        if reverted is None:
            return step
        with self._stack_lock:
            target.append(Step(reverted, step.description))
        with self.read() as txn:
            return Step(step.txn_id, step.description, restored_value(txn, reverted))

    def close(self) -> None:
        for channel, lock in self._locks.items():
            with lock:
                link = self._links.pop(channel, None)
                if link is not None:
                    link.close()
        if self._owns_store and self._store is not None:
            self._store.close()
            self._store = None


#: An action's fields as an undo or redo toast names them.
_FIELD_NAMES = {"rag": "RAG", "timescale": "timescale", "status": "status", "text": "text", "ref": "reference"}


def restored_value(txn: ReadTxn, txn_id: str) -> str:
    """What an undo (or redo) transaction ``txn_id`` put back, when it is one field of one
    action: "1a: timescale back to 09/14" (the value it now holds, not the one undone); "" else."""
    from models.text import one_line

    changes = txn.changes.of_transaction(txn_id)
    if len(changes) != 1 or changes[0].entity != "action" or changes[0].field not in _FIELD_NAMES:
        return ""
    change = changes[0]
    value = txn.records.value("action", change.entity_id, change.field)
    if change.field == "rag":
        from tui.rag_style import RAG_LABEL

        shown = RAG_LABEL.get(value, str(value))
    else:
        shown = one_line(str(value or ""), 40) or "none"
    ref = one_line(str(txn.records.value("action", change.entity_id, "ref") or ""), 12)
    return f"{ref}: {_FIELD_NAMES[change.field]} back to {shown}"
