"""Transitional: ``Database``, a ``Store`` that also offers the SQLAlchemy engine and the helpers
the sync modules were written against. New code uses ``storage.db.Store`` and its transactions;
this module goes once ``storage/sync`` has moved onto them (the sync engineer's port).
"""

from __future__ import annotations

import sqlite3
import threading
from pathlib import Path
from typing import Any

from storage.db import Store
from storage.db.files import inspect_file, is_network_path
from storage.db.settings import Key
from storage.errors import NoDatabase

#: Execution option asking the engine for ``BEGIN IMMEDIATE`` (storage.sync.local.write_txn).
IMMEDIATE = "ragtrack_begin_immediate"


class Database(Store):
    """A Store, plus ``engine`` (SQLAlchemy, built on first use), ``reader()`` and settings by
    name, for the code not yet on the gateway."""

    def __init__(self, path: Path | None, *, read_only: bool = False, wal: bool = False) -> None:
        super().__init__(path, read_only=read_only, wal=wal)
        self._engine: Any = None
        self._readers = threading.local()

    @property
    def engine(self) -> Any:
        """An SQLAlchemy engine on the same database (the same connection, in memory)."""
        if self._engine is None:
            from sqlalchemy import create_engine, event
            from sqlalchemy.pool import StaticPool

            if self._memory is not None:
                memory = self._memory
                engine = create_engine("sqlite://", creator=lambda: memory, poolclass=StaticPool)
            else:
                engine = create_engine("sqlite://", creator=self._connect)

            def begin(conn: Any) -> None:
                immediate = conn.get_execution_options().get(IMMEDIATE, False)
                conn.exec_driver_sql("BEGIN IMMEDIATE" if immediate else "BEGIN")

            event.listen(engine, "begin", begin)
            self._engine = engine
        return self._engine

    def reader(self) -> sqlite3.Connection:
        """A plain sqlite3 connection outside any transaction (one per thread)."""
        if self._memory is not None:
            return self._memory
        conn: sqlite3.Connection | None = getattr(self._readers, "conn", None)
        if conn is None:
            conn = self._connect()
            self._readers.conn = conn
            with self._lock:
                self._open.append(conn)
        return conn

    def setting(self, key: str) -> str | None:
        with self.read() as txn:
            return txn.settings.get(Key(key))

    def set_setting(self, key: str, value: str) -> None:
        with self.write(actor="") as txn:
            txn.settings.put(Key(key), value)

    def close(self) -> None:
        if self._engine is not None and self._memory is None:
            self._engine.dispose()
        self._engine = None
        super().close()


def connect_reader(path: Path) -> sqlite3.Connection:
    """Transitional: a plain sqlite3 connection on an existing ragtrack database."""
    state = inspect_file(path)
    if not state.exists or state.version == 0:
        raise NoDatabase(f"no ragtrack database at {path}")
    conn = sqlite3.connect(str(path), check_same_thread=False)
    conn.execute("PRAGMA foreign_keys = ON")
    conn.execute("PRAGMA busy_timeout = 10000")
    return conn


__all__ = ["IMMEDIATE", "Database", "connect_reader", "is_network_path"]
