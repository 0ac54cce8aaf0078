"""Opening a ragtrack database: the engine, its sessions, schema checks and migrations.

Nothing happens at import. ``Database.open(path)`` refuses foreign, damaged or newer files before
writing a byte, creates or migrates the schema, and turns on foreign keys (and WAL on a local
file). ``Database.memory()`` gives the same on an in-memory SQLite for tests.
"""

from __future__ import annotations

import getpass
import sqlite3
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from sqlalchemy import Connection, create_engine, event, text
from sqlalchemy.exc import DatabaseError as SADatabaseError
from sqlalchemy.pool import StaticPool
from sqlmodel import Session

from models.tables import Setting, new_id
from storage.errors import DamagedDatabase
from storage.migrations import MIGRATIONS
from storage.schema import APPLICATION_ID, SCHEMA_VERSION, check_can_create, connect_reader, inspect_file


def _configure_connection(dbapi_conn: sqlite3.Connection, wal: bool) -> None:
    # isolation_level=None stops the sqlite3 module from issuing its own BEGIN; ``_begin`` below
    # is then the only transaction control (SQLAlchemy's documented recipe for SQLite).
    dbapi_conn.isolation_level = None
    cursor = dbapi_conn.cursor()
    cursor.execute("PRAGMA foreign_keys = ON")
    cursor.execute("PRAGMA busy_timeout = 10000")
    if wal:
        cursor.execute("PRAGMA journal_mode = WAL")
        cursor.execute("PRAGMA synchronous = FULL")
    cursor.close()


#: Execution option asking for ``BEGIN IMMEDIATE``: a write transaction that takes the write
#: lock up front, so two processes editing at once queue on busy_timeout instead of failing
#: half-way with "database is locked" when a read turns into a write.
IMMEDIATE = "ragtrack_begin_immediate"


def _begin(conn) -> None:
    immediate = conn.get_execution_options().get(IMMEDIATE, False)
    conn.exec_driver_sql("BEGIN IMMEDIATE" if immediate else "BEGIN")


def _listen(engine, wal: bool) -> None:
    event.listen(engine, "connect", lambda conn, _record: _configure_connection(conn, wal))
    event.listen(engine, "begin", _begin)


class Database:
    """A ragtrack database: an SQLAlchemy engine plus light sqlite3 readers on the same file."""

    def __init__(self, engine, path: Path | None, raw_memory: sqlite3.Connection | None = None):
        self.engine = engine
        self.path = path
        self._raw_memory = raw_memory
        self._local = threading.local()

    # --- opening -------------------------------------------------------------------------
    @classmethod
    def open(cls, path: Path | str, *, create: bool = True) -> Database:
        """Open (creating or migrating if needed) the database at ``path``."""
        path = Path(path)
        state = inspect_file(path)
        if not state.exists and not create:
            raise DamagedDatabase(f"{path} does not exist")
        if not state.exists:
            check_can_create(path)
        elif 0 < state.version < SCHEMA_VERSION:
            _backup_before_migration(path, state.version)
        engine = create_engine(f"sqlite:///{path}")
        _listen(engine, wal=not is_network_path(path))
        db = cls(engine, path)
        db._migrate(state.version)
        return db

    @classmethod
    def memory(cls) -> Database:
        """A fresh in-memory database, shared by every session of this process (for tests)."""
        engine = create_engine("sqlite://", poolclass=StaticPool, connect_args={"check_same_thread": False})
        _listen(engine, wal=False)
        raw = engine.raw_connection().driver_connection
        db = cls(engine, None, raw_memory=raw)
        db._migrate(0)
        return db

    def _migrate(self, from_version: int) -> None:
        try:
            with self.write() as conn:
                for version in range(from_version + 1, SCHEMA_VERSION + 1):
                    MIGRATIONS[version](conn)
                if from_version < SCHEMA_VERSION:
                    conn.execute(text(f"PRAGMA application_id = {APPLICATION_ID}"))
                    conn.execute(text(f"PRAGMA user_version = {SCHEMA_VERSION}"))
        except SADatabaseError as error:
            raise DamagedDatabase(f"{self.path} is damaged: {error.orig}") from error
        if self.setting("replica_id") is None:
            self.set_setting("replica_id", new_id())

    def close(self) -> None:
        conn = getattr(self._local, "reader", None)
        if conn is not None:
            conn.close()
            self._local.reader = None
        self.engine.dispose()

    # --- sessions and readers ------------------------------------------------------------
    def session(self) -> Session:
        """A new session: one per unit of work, closed by the caller (use ``with``)."""
        return Session(self.engine)

    def reader(self) -> sqlite3.Connection:
        """A plain sqlite3 connection for the read queries of storage.queries (one per thread)."""
        if self._raw_memory is not None:
            return self._raw_memory
        conn = getattr(self._local, "reader", None)
        if conn is None:
            conn = connect_reader(self.path)
            self._local.reader = conn
        return conn

    # --- settings ------------------------------------------------------------------------
    def setting(self, key: str) -> str | None:
        with self.session() as session:
            row = session.get(Setting, key)
            return row.value if row else None

    def set_setting(self, key: str, value: str) -> None:
        with self.session() as session:
            session.merge(Setting(key=key, value=value))
            session.commit()

    @property
    def replica_id(self) -> str:
        return self.setting("replica_id") or ""

    def default_actor(self) -> str:
        """Who edits when no one is named: the officer set as "me", else the login name."""
        return self.setting("me") or _login_name()

    @contextmanager
    def write(self) -> Iterator[Connection]:
        """A connection in a write transaction (BEGIN IMMEDIATE), committed on success."""
        with self.engine.connect() as conn:
            conn = conn.execution_options(**{IMMEDIATE: True})
            with conn.begin():
                yield conn

    @contextmanager
    def transaction(self) -> Iterator[Session]:
        """A session whose work commits on success and rolls back on any exception."""
        with self.session() as session:
            try:
                yield session
                session.commit()
            except BaseException:
                session.rollback()
                raise


def is_network_path(path: Path) -> bool:
    """A Windows share (``\\\\server\\share\\...``): WAL needs shared memory that network file
    systems do not provide, so such a database keeps SQLite's default rollback journal."""
    text = str(path)
    return text.startswith(("\\\\", "//")) and not text.startswith(("\\\\?\\", "//?/"))


def _backup_before_migration(path: Path, version: int) -> None:
    """Copy the file with SQLite's backup API (safe on a live database) before migrating it."""
    target = path.with_name(f"{path.name}.v{version}.bak")
    source = sqlite3.connect(str(path))
    try:
        dest = sqlite3.connect(str(target))
        with dest:
            source.backup(dest)
        dest.close()
    finally:
        source.close()


def _login_name() -> str:
    try:
        return getpass.getuser()
    except Exception:  # no login name on some Windows services; fall back to a fixed word
        return "unknown"


__all__ = ["Database", "connect_reader"]
