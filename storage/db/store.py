"""The one door to a ragtrack database: ``Store``.

    store = Store.open(path)             # or Store.memory() in tests; nothing happens at import
    with store.read() as txn:            # one consistent view
        rows = txn.actions.list(ActionFilter(rags=frozenset({"red"})))
    with store.write(actor="Jackie Roper") as txn:   # BEGIN IMMEDIATE; commits on success
        txn.settings.set_me(officer_id, "Jackie Roper")

``Store.open`` refuses a foreign, damaged or newer file before writing a byte (read-only and
untouched), backs up an older one before upgrading it, creates a new one, and turns on WAL with
``synchronous = FULL`` on a local disk (not on a ``\\\\server`` share, where WAL cannot work).
Connections are plain ``sqlite3`` with foreign keys on; each transaction takes one from a small
pool (``Store.memory()`` has one connection that every transaction takes turns on).
"""

from __future__ import annotations

import _thread  # not threading: its import is a cost ``ragtrack list`` (one thread) need not pay
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from pathlib import Path

from storage.db.files import (
    backup_before_migration,
    check_can_create,
    connect_read_only,
    inspect_file,
    is_network_path,
    writable,
)
from storage.db.migrations import OLDEST_READABLE, SCHEMA_VERSION, migrate
from storage.db.transactions import ReadTxn, WriteTxn
from storage.errors import (
    DamagedDatabase,
    DatabaseBusy,
    DiskFull,
    NoDatabase,
    ReadOnlyDatabase,
    StorageError,
    busy_message,
    full_message,
)

TYPE_CHECKING = False  # typing's, without importing typing (type checkers read it as True): models/records.py
if TYPE_CHECKING:
    from typing import Self

    from storage.db.files import FileState

#: How long a connection waits for another process's lock before saying the database is busy.
BUSY_TIMEOUT_MS = 10_000


def is_busy(error: sqlite3.Error) -> bool:
    """Whether SQLite gave up waiting for another connection's lock (SQLITE_BUSY, SQLITE_LOCKED)."""
    return getattr(error, "sqlite_errorcode", 0) & 0xFF in (5, 6)


def is_full(error: sqlite3.Error) -> bool:
    """Whether the disk (or the file's size limit) left no room for a write (SQLITE_FULL)."""
    return getattr(error, "sqlite_errorcode", 0) & 0xFF == 13


class Store:
    """A ragtrack database: read and write transactions on plain sqlite3 connections."""

    def __init__(self, path: Path | None, *, read_only: bool = False, wal: bool = False) -> None:
        self.path = path
        self.read_only = read_only
        self._wal = wal
        self._lock = _thread.allocate_lock()
        self._idle: list[sqlite3.Connection] = []
        self._open: list[sqlite3.Connection] = []
        # Connections a transaction is using now, and those of them ``close`` asked to close:
        # each is closed by the thread using it when its transaction ends, never under it.
        self._busy: set[sqlite3.Connection] = set()
        self._doomed: set[sqlite3.Connection] = set()
        self._local = _thread._local()  # the transaction this thread has open, if any
        self._memory: sqlite3.Connection | None = None
        self._memory_turn = _thread.RLock()  # an in-memory store's one connection: one at a time
        self._login: str | None = None
        self._read_only_why: str | None = None  # why a file opened to write is read-only

    # --- opening -------------------------------------------------------------------------
    @classmethod
    def open(cls, path: Path | str, *, create: bool = True, read_only: bool = False) -> Self:
        """Open the database at ``path``: created when there is none (unless ``create`` is False
        or ``read_only``), upgraded after a backup when older. ``read_only`` never writes to the
        file: no upgrade, no WAL switch, and ``write()`` refuses."""
        path = Path(path)
        # Read-only: the connection that read the file's header becomes the store's first reader.
        header_reader: list[sqlite3.Connection] = []
        try:
            state = inspect_file(path, keep=header_reader if read_only else None)
            return cls._open_inspected(path, state, create, read_only, header_reader)
        except BaseException:
            for conn in header_reader:
                conn.close()
            raise

    @classmethod
    def _open_inspected(
        cls, path: Path, state: FileState, create: bool, read_only: bool, header_reader: list[sqlite3.Connection]
    ) -> Self:
        if read_only and (not state.exists or state.version == 0):
            raise NoDatabase(f"no ragtrack database at {path}")
        if not state.exists and not create:
            raise NoDatabase(f"no ragtrack database at {path}")
        if read_only and state.version < OLDEST_READABLE:
            raise StorageError(f"{path} is from an older ragtrack: open it once without --read-only to upgrade it")
        if not state.exists:
            check_can_create(path)
        elif 0 < state.version < SCHEMA_VERSION and not read_only:
            backup_before_migration(path, state.version)
        why = None
        if not read_only and state.exists and state.version == SCHEMA_VERSION and not writable(path):
            # An officer may open a file they cannot write (the share's read-only snapshot): shown
            # read-only, and an edit is refused saying why.
            read_only = True
            why = f"{path} is read-only for you (no permission to write it or its folder): nothing was changed"
        store = cls(path, read_only=read_only, wal=not read_only and not is_network_path(path))
        store._read_only_why = why
        for conn in header_reader:
            store._adopt(conn)
        if not read_only:
            store._prepare()
        return store

    @classmethod
    def memory(cls) -> Self:
        """A fresh in-memory database (tests, benchmarks): the same schema, one connection."""
        store = cls(None)
        store._memory = sqlite3.connect(":memory:", check_same_thread=False, isolation_level=None)
        store._memory.execute("PRAGMA foreign_keys = ON")
        store._prepare()
        return store

    def _prepare(self) -> None:
        """Create or upgrade the schema (one transaction) and give the database a replica id."""
        with self._connection() as conn:
            try:
                if self._wal:
                    conn.execute("PRAGMA journal_mode = WAL")
                conn.execute("BEGIN IMMEDIATE")
                try:
                    # another process may have upgraded it
                    version = ReadTxn(conn).scalar("SELECT user_version FROM pragma_user_version")
                    migrate(conn, version)
                    from storage.db.settings import Key

                    txn = WriteTxn(conn, actor="", source="setup")
                    if not txn.settings.get(Key.REPLICA_ID):
                        from models.ids import new_id

                        txn.settings.put(Key.REPLICA_ID, new_id())
                    conn.execute("COMMIT")
                except BaseException:
                    if conn.in_transaction:
                        conn.execute("ROLLBACK")
                    raise
            except sqlite3.DatabaseError as error:
                if is_busy(error):  # another process holds the write lock: not damage
                    raise DatabaseBusy(busy_message(self.path)) from error
                if is_full(error):
                    raise DiskFull(full_message(self.path)) from error
                raise DamagedDatabase(f"{self.path} is damaged: {error}") from error

    def _connect(self) -> sqlite3.Connection:
        """A new connection to the file: no implicit transactions (``BEGIN`` is ours), foreign
        keys on, waiting up to 10 s for another process's write lock."""
        assert self.path is not None
        if self.read_only:
            conn = connect_read_only(self.path, check_same_thread=False)
        else:
            conn = sqlite3.connect(str(self.path), check_same_thread=False, isolation_level=None)
        return self._configured(conn)

    def _adopt(self, conn: sqlite3.Connection) -> None:
        """``conn`` (open on this store's file, usable from any thread) becomes an idle one of the pool."""
        self._configured(conn)
        with self._lock:
            self._open.append(conn)
            self._idle.append(conn)

    def _configured(self, conn: sqlite3.Connection) -> sqlite3.Connection:
        conn.isolation_level = None
        conn.execute("PRAGMA foreign_keys = ON")
        conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        if self._wal:
            conn.execute("PRAGMA synchronous = FULL")  # a committed edit survives a power cut
        return conn

    @contextmanager
    def _connection(self) -> Iterator[sqlite3.Connection]:
        """A connection for one transaction: the pool's (file) or the only one, in turn (memory)."""
        if self._memory is not None:
            with self._memory_turn:
                if self._memory is None:  # closed while this thread waited its turn
                    raise StorageError("the database is closed")
                yield self._memory
            return
        with self._lock:
            conn = self._idle.pop() if self._idle else None
            if conn is not None:
                self._busy.add(conn)
        if conn is None:
            conn = self._connect()
            with self._lock:
                self._open.append(conn)
                self._busy.add(conn)
        try:
            yield conn
        finally:
            with self._lock:
                self._busy.discard(conn)
                doomed = conn in self._doomed
                self._doomed.discard(conn)
                if not doomed:
                    self._idle.append(conn)
            if doomed:  # the store was closed while this transaction ran: now it may go
                conn.close()

    # --- transactions --------------------------------------------------------------------
    @contextmanager
    def read(self) -> Iterator[ReadTxn]:
        """A read transaction. Inside a transaction this thread already has open on this store,
        it reads in that one (and sees its uncommitted writes)."""
        active: ReadTxn | None = getattr(self._local, "txn", None)
        if active is not None:
            yield ReadTxn(active.conn)
            return
        with self._connection() as conn, self._reading(conn) as txn:
            yield txn

    @contextmanager
    def _reading(self, conn: sqlite3.Connection) -> Iterator[ReadTxn]:
        conn.execute("BEGIN")
        txn = ReadTxn(conn)
        self._local.txn = txn
        try:
            yield txn
        finally:
            self._local.txn = None
            if conn.in_transaction:
                conn.execute("ROLLBACK")

    @contextmanager
    def write(
        self, actor: str | None = None, source: str = "edit", cache_mb: int | None = None, bulk: bool = False
    ) -> Iterator[WriteTxn]:
        """A write transaction (``BEGIN IMMEDIATE``: the write lock from the start, so two
        processes editing at once queue instead of failing half-way). Commits when the block
        ends, rolls back on any exception. ``actor``: who edits (default: ``default_actor``).
        ``cache_mb``: a page cache this large for this transaction only (one that writes a
        hundred thousand rows into several indexes keeps them in memory until it commits).
        ``bulk``: the transaction adds much (an import's thousands of rows), written once rather
        than twice when no one else has the database open (``_written_once``)."""
        if self.read_only:
            raise ReadOnlyDatabase(self._read_only_why or "this database is open read-only: nothing was changed")
        if getattr(self._local, "txn", None) is not None:
            raise RuntimeError("a write transaction cannot start inside another transaction on this thread")
        actor = actor or self.default_actor()
        with (
            self._connection() as conn,
            self._cache(conn, cache_mb),
            self._written_once(conn, bulk),
            self._scratch_in_memory(conn, bulk),
        ):
            try:
                conn.execute("BEGIN IMMEDIATE")
            except sqlite3.OperationalError as error:
                if is_busy(error):
                    raise DatabaseBusy(busy_message(self.path or "the database")) from error
                raise
            txn = WriteTxn(conn, actor, source)
            self._local.txn = txn
            try:
                yield txn
                txn.finish()
                conn.execute("COMMIT")
            except BaseException as error:
                if conn.in_transaction:
                    conn.execute("ROLLBACK")
                if isinstance(error, sqlite3.Error) and is_full(error):
                    raise DiskFull(full_message(self.path or "the database")) from error
                raise
            finally:
                self._local.txn = None

    @contextmanager
    def _written_once(self, conn: sqlite3.Connection, bulk: bool) -> Iterator[None]:
        """For a bulk write: the file in rollback-journal mode for the transaction, then WAL again.
        In WAL mode each page a transaction writes goes to the WAL first and is copied into the
        file when it commits (the checkpoint): an import into a new database writes its 60 MB
        twice. A rollback journal keeps only the old content of the pages that were there before
        (few, when a transaction mostly adds) and the rest is written once. Only when no other
        connection has the file open (SQLite refuses the switch otherwise; asked without waiting);
        a process that opens the file meanwhile waits for the commit, as without WAL."""
        if not bulk or not self._wal:
            yield
            return
        conn.execute("PRAGMA busy_timeout = 0")  # someone else has it open: keep WAL, do not wait
        try:
            (mode,) = conn.execute("PRAGMA journal_mode = DELETE").fetchone()
        except sqlite3.OperationalError:
            mode = "wal"
        finally:
            conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        try:
            yield
        finally:
            if mode != "wal":  # (another process may hold it now: the next ``Store.open`` turns WAL on)
                with suppress(sqlite3.OperationalError):
                    conn.execute("PRAGMA journal_mode = WAL")

    @staticmethod
    @contextmanager
    def _scratch_in_memory(conn: sqlite3.Connection, bulk: bool) -> Iterator[None]:
        """For a bulk write: SQLite's scratch storage in memory for the transaction. A bulk create
        inserts many rows to a statement (``Txn.insert_many``), and SQLite keeps what undoes one
        such statement (its statement journal) in a temporary file once it passes 64 KiB: an
        import then makes a hundred thousand small writes to it. In memory it holds one
        statement's pages at a time. Set outside the transaction: the setting drops TEMP tables
        (only sync's scratch table, made again when used)."""
        if not bulk:
            yield
            return
        (before,) = conn.execute("PRAGMA temp_store").fetchone()
        conn.execute("PRAGMA temp_store = MEMORY")
        try:
            yield
        finally:
            conn.execute(f"PRAGMA temp_store = {int(before)}")

    @staticmethod
    @contextmanager
    def _cache(conn: sqlite3.Connection, cache_mb: int | None) -> Iterator[None]:
        """The connection's page cache set to ``cache_mb`` for a while, then as it was."""
        if cache_mb is None:
            yield
            return
        (before,) = conn.execute("PRAGMA cache_size").fetchone()
        conn.execute(f"PRAGMA cache_size = {-1024 * int(cache_mb)}")
        try:
            yield
        finally:
            conn.execute(f"PRAGMA cache_size = {int(before)}")

    def link(self, cache_mb: int | None = None) -> Link:
        """A connection of its own for one reader (the app's list, say) whose query another
        thread may interrupt (``Link.interrupt``); ``cache_mb``: its page cache, when the default
        (2 MB) is too small to keep a large plan in memory between queries."""
        if self._memory is not None:
            return Link(self, self._memory, owned=False)
        conn = self._connect()
        if cache_mb is not None:
            conn.execute(f"PRAGMA cache_size = {-1024 * int(cache_mb)}")
        return Link(self, conn, owned=True)

    def backup_to(self, target: Path) -> None:
        """A consistent copy of the database at ``target`` with SQLite's backup API (safe while
        others use it)."""
        dest = sqlite3.connect(str(target))
        try:
            if self._memory is not None:
                with self._memory_turn:
                    self._memory.backup(dest)
            else:
                source = sqlite3.connect(str(self.path))
                try:
                    source.backup(dest)
                finally:
                    source.close()
        finally:
            dest.close()

    # --- who and what ----------------------------------------------------------------------
    @property
    def replica_id(self) -> str:
        with self.read() as txn:
            return txn.settings.replica_id()

    def default_actor(self) -> str:
        """Who edits when no one is named: the officer set as "me", else the login name."""
        with self.read() as txn:
            name = txn.settings.me().name
        return name or self.login_name()

    def login_name(self) -> str:
        """The name an edit is recorded under when no officer is named: the account's full name
        where the system keeps one, else its login, but never an administrator's account name
        ("root" says nothing about who edited): "unknown officer"."""
        if self._login is None:
            self._login = account_name()
        return self._login

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        """Close the connections. One a transaction is using in another thread (a worker still
        running as the app closes) is closed when that transaction ends: closing a connection
        under a running query crashes the process (CPython's sqlite3 then calls SQLite with a
        NULL handle). An in-memory store waits for the transaction using its one connection."""
        with self._lock:
            conns, self._open, self._idle = self._open, [], []
            in_use = [conn for conn in conns if conn in self._busy]
            self._doomed.update(in_use)
        for conn in conns:
            if conn not in in_use:
                conn.close()
        if self._memory is not None:
            with self._memory_turn:
                if self._memory is not None:
                    self._memory.close()
                    self._memory = None


class Link:
    """One connection kept for one reader: transactions on it run one at a time, and another
    thread may ``interrupt`` the query running on it (it then raises ``sqlite3.OperationalError``
    "interrupted")."""

    def __init__(self, store: Store, conn: sqlite3.Connection, owned: bool) -> None:
        self.store = store
        self.connection = conn
        self._owned = owned

    @contextmanager
    def read(self) -> Iterator[ReadTxn]:
        store = self.store
        active: ReadTxn | None = getattr(store._local, "txn", None)
        if active is not None:
            yield ReadTxn(active.conn)
            return
        if store._memory is not None:
            with store._memory_turn, store._reading(self.connection) as txn:
                yield txn
        else:
            with store._reading(self.connection) as txn:
                yield txn

    def interrupt(self) -> None:
        self.connection.interrupt()

    def close(self) -> None:
        if self._owned:
            self.connection.close()


#: Account names that are the system's, not a person's.
SYSTEM_ACCOUNTS = frozenset({"root", "administrator", "admin", "system", "nobody"})


def account_name() -> str:
    """Who is logged in, as a person's name if the system knows one (see ``Store.login_name``)."""
    import getpass

    try:
        login = getpass.getuser()
    except Exception:  # no login name on some Windows services
        return "unknown officer"
    full = ""
    try:
        import pwd

        full = pwd.getpwnam(login).pw_gecos.split(",")[0].strip()
    except (ImportError, KeyError, OSError):  # Windows has no pwd; an account not in the database
        pass
    if login.lower() in SYSTEM_ACCOUNTS:
        return "unknown officer"
    return full if full and full.lower() not in SYSTEM_ACCOUNTS else login
