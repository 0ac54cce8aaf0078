"""Read and write transactions with their named operations, grouped by concern:

    txn.actions    the actions in scope, in order; one action's detail     (storage.db.actions)
    txn.officers   officers and their open actions                          (storage.db.officers)
    txn.plans      plans, the outline, what the app edits of them           (storage.db.plans)
    txn.reviews    review points and a plan's history                       (storage.db.reviews)
    txn.structure  themes, objectives, actions as adding and moving need them (storage.db.structure)
    txn.changes    the change log and field heads                           (storage.db.changes)
    txn.settings   per-database settings, each key named once               (storage.db.settings)
    txn.sync       sync bookkeeping: stores and peers                       (storage.db.sync_state)
    txn.ledger     sync's ledger: batches on each store, changes held back  (storage.db.sync_ledger)
    txn.records    rows derived from changes, and the write path's lookups  (storage.db.records)

A ``WriteTxn`` has the same names with their writing operations too, and knows who writes, from
where (``source``: edit, import, undo, sync...) and its transaction id: one write transaction is
one undo step.
"""

from __future__ import annotations

import sqlite3
from functools import cached_property

# Each concern's module is imported when a transaction first uses it: ``ragtrack list`` reads
# actions and officers only, and does not load the sync, review and write-path parts (issue 10).
from storage.db.core import Txn, WriteCore

TYPE_CHECKING = False  # typing's, without importing typing (type checkers read it as True): models/records.py
if TYPE_CHECKING:
    from storage.clock import HybridClock
    from storage.db.actions import Actions
    from storage.db.changes import ChangeLog, ChangeLogWriter
    from storage.db.officers import Officers
    from storage.db.plans import Plans
    from storage.db.records import Records, RecordsWriter
    from storage.db.reviews import Reviews, ReviewsWriter
    from storage.db.settings import Settings, SettingsWriter
    from storage.db.structure import Structure
    from storage.db.sync_ledger import SyncLedger, SyncLedgerWriter
    from storage.db.sync_state import SyncState, SyncStateWriter


class ReadTxn(Txn):
    """A read transaction: one consistent view of the database."""

    def change_mark(self) -> tuple[int, int]:
        """Equal at two reads on the same connection when nothing was committed in between, by
        another connection (``data_version``: a sync, a colleague, the app's writer) or by this
        one (``total_changes``: an in-memory database reads and writes on one connection)."""
        return int(self.scalar("PRAGMA data_version")), int(self.scalar("SELECT total_changes()"))

    @cached_property
    def actions(self) -> Actions:
        from storage.db.actions import Actions

        return Actions(self)

    @cached_property
    def officers(self) -> Officers:
        from storage.db.officers import Officers

        return Officers(self)

    @cached_property
    def plans(self) -> Plans:
        from storage.db.plans import Plans

        return Plans(self)

    @cached_property
    def reviews(self) -> Reviews:
        from storage.db.reviews import Reviews

        return Reviews(self)

    @cached_property
    def structure(self) -> Structure:
        from storage.db.structure import Structure

        return Structure(self)

    @cached_property
    def changes(self) -> ChangeLog:
        from storage.db.changes import ChangeLog

        return ChangeLog(self)

    @cached_property
    def settings(self) -> Settings:
        from storage.db.settings import Settings

        return Settings(self)

    @cached_property
    def sync(self) -> SyncState:
        from storage.db.sync_state import SyncState

        return SyncState(self)

    @cached_property
    def ledger(self) -> SyncLedger:
        from storage.db.sync_ledger import SyncLedger

        return SyncLedger(self)

    @cached_property
    def records(self) -> Records:
        from storage.db.records import Records

        return Records(self)


class WriteTxn(ReadTxn, WriteCore):
    """A write transaction (``BEGIN IMMEDIATE``): reads, writes, and the change log's context."""

    def __init__(self, conn: sqlite3.Connection, actor: str, source: str) -> None:
        WriteCore.__init__(self, conn, actor, source)
        self._clock: HybridClock | None = None

    @cached_property
    def reviews(self) -> ReviewsWriter:
        from storage.db.reviews import ReviewsWriter

        return ReviewsWriter(self)

    @cached_property
    def changes(self) -> ChangeLogWriter:
        from storage.db.changes import ChangeLogWriter

        return ChangeLogWriter(self)

    @cached_property
    def settings(self) -> SettingsWriter:
        from storage.db.settings import SettingsWriter

        return SettingsWriter(self)

    @cached_property
    def sync(self) -> SyncStateWriter:
        from storage.db.sync_state import SyncStateWriter

        return SyncStateWriter(self)

    @cached_property
    def ledger(self) -> SyncLedgerWriter:
        from storage.db.sync_ledger import SyncLedgerWriter

        return SyncLedgerWriter(self)

    @cached_property
    def records(self) -> RecordsWriter:
        from storage.db.records import RecordsWriter

        return RecordsWriter(self)

    @property
    def clock(self) -> HybridClock:
        """This laptop's hybrid clock, read from the settings on first use and saved at commit
        when a change was logged."""
        if self._clock is None:
            from storage.clock import HybridClock
            from storage.db.settings import Key

            self._clock = HybridClock(self.settings.replica_id(), self.settings.get(Key.CLOCK))
        return self._clock

    def finish(self) -> None:
        """What runs just before commit: the hooks (``before_commit``), then the clock."""
        while self._before_commit:
            self._before_commit.pop(0)()
        if self._clock is not None and self.change_ids:
            from storage.db.settings import Key

            self.settings.put(Key.CLOCK, self._clock.last)
