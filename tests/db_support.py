"""``Database``: a ``Store`` with what tests use to look and poke underneath the gateway: an
SQLAlchemy engine on the same database (``engine``; ``BEGIN IMMEDIATE`` when asked with
``IMMEDIATE``), a plain sqlite3 connection outside any transaction (``reader()``), and settings
by name. Test-only: ragtrack itself reads and writes through ``storage.db.Store`` alone.
"""

from __future__ import annotations

import sqlite3
import threading
from pathlib import Path
from typing import Any

from storage.db import Store
from storage.db.settings import Key

#: Execution option asking the engine for ``BEGIN IMMEDIATE``.
IMMEDIATE = "ragtrack_begin_immediate"


class Database(Store):
    """A Store, plus ``engine`` (SQLAlchemy, built on first use), ``reader()`` and settings by name."""

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
