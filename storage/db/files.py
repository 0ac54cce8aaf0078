"""Recognising a ragtrack database file before touching it, and copying it safely.

A ragtrack database is an SQLite file whose ``application_id`` is ``APPLICATION_ID`` and whose
``user_version`` is its schema version. ``inspect_file`` opens the file read-only, so a foreign,
damaged or newer file is refused and left byte-for-byte untouched.
"""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path

from storage.db.migrations import APPLICATION_ID, SCHEMA_VERSION
from storage.errors import DamagedDatabase, NewerDatabase, NotARagtrackDatabase, NotFound

TYPE_CHECKING = False  # typing's, without importing typing (type checkers read it as True): models/records.py
if TYPE_CHECKING:
    from typing import NamedTuple
else:
    from models.records import NamedTuple

SQLITE_MAGIC = b"SQLite format 3\x00"

#: SQLite's primary result codes that say "this file cannot be opened for writing here".
_READONLY, _CANTOPEN = 8, 14


def connect_read_only(path: Path, check_same_thread: bool = True) -> sqlite3.Connection:
    """A connection that never writes to ``path``. A WAL database needs its ``-shm`` file: when
    that cannot be made (a read-only folder, the share's snapshot) the file is read as immutable,
    as nobody able to write it is there to change it under us."""
    uri = path.resolve().as_uri()
    conn = sqlite3.connect(f"{uri}?mode=ro", uri=True, check_same_thread=check_same_thread)
    try:
        conn.execute("PRAGMA schema_version").fetchone()
        return conn
    except sqlite3.OperationalError as error:
        if error.sqlite_errorcode & 0xFF not in (_READONLY, _CANTOPEN):
            conn.close()
            raise
    conn.close()
    return sqlite3.connect(f"{uri}?mode=ro&immutable=1", uri=True, check_same_thread=check_same_thread)


def writable(path: Path) -> bool:
    """Whether this user may write the database at ``path``: the file, and its folder (where
    SQLite makes the journal), unless that journal is already there and writable."""
    if not os.access(path, os.W_OK):
        return False
    if os.access(path.parent, os.W_OK):
        return True
    extras = [Path(f"{path}-wal"), Path(f"{path}-shm")]
    return all(extra.exists() and os.access(extra, os.W_OK) for extra in extras)


class FileState(NamedTuple):
    """What is at a database path: nothing yet, an empty ragtrack-to-be, or a version N database."""

    exists: bool
    version: int  # 0 = new / empty


def inspect_file(path: Path, keep: list[sqlite3.Connection] | None = None) -> FileState:
    """Say what is at ``path`` without changing it, or raise a StorageError saying why not.
    ``keep``: the read-only connection that read the file's header is added to it, open (usable
    from any thread), rather than closed, and the caller closes it (also when this raises): a
    reader goes on with it instead of connecting again and reading the schema twice (``ragtrack
    list``'s process, issue 15)."""
    if path.is_dir():
        raise NotARagtrackDatabase(f"{path} is a folder, not a ragtrack database file")
    if not path.exists():
        return FileState(exists=False, version=0)
    if not path.is_file():  # a device, a FIFO, a socket: reading one could block or never end
        raise NotARagtrackDatabase(f"{path} is not a ragtrack database (not a regular file)")
    try:
        size = path.stat().st_size
        # Only a file shorter than SQLite's header is read directly: it cannot be a database this
        # process has open. A longer one may be (the app opens readers, then writes), and closing
        # a plain file handle on it would drop every POSIX lock this process's SQLite connections
        # hold on it: another process closing its last connection would then delete the live WAL,
        # and later writes would be lost (sqlite.org/howtocorrupt.html, 2.2). Its header is
        # checked by SQLite itself below ("file is not a database").
        header = path.read_bytes()[:100] if size < 100 else SQLITE_MAGIC
    except OSError as error:
        raise DamagedDatabase(f"cannot read {path}: {error.strerror or error}") from error
    if not header:
        return FileState(exists=True, version=0)
    if not header.startswith(SQLITE_MAGIC):
        raise NotARagtrackDatabase(f"{path} is not a ragtrack database (not an SQLite file)")
    if size < 100:
        raise DamagedDatabase(f"{path} is damaged: the file is truncated")
    try:
        conn = connect_read_only(path, check_same_thread=keep is None)
        if keep is not None:
            keep.append(conn)  # the caller closes it, whatever is said of the file below
        try:
            app_id, version, tables = conn.execute(
                "SELECT (SELECT application_id FROM pragma_application_id), "
                "(SELECT user_version FROM pragma_user_version), (SELECT count(*) FROM sqlite_master)"
            ).fetchone()
        finally:
            if keep is None:
                conn.close()
    except sqlite3.DatabaseError as error:
        if error.sqlite_errorcode == sqlite3.SQLITE_NOTADB:
            raise NotARagtrackDatabase(f"{path} is not a ragtrack database (not an SQLite file)") from None
        if error.sqlite_errorcode == sqlite3.SQLITE_CANTOPEN:
            raise DamagedDatabase(f"cannot read {path}: {error}") from error
        raise DamagedDatabase(f"{path} is damaged: {error}") from error
    if app_id != APPLICATION_ID:
        if app_id == 0 and tables == 0:
            return FileState(exists=True, version=0)
        raise NotARagtrackDatabase(f"{path} is an SQLite database, but not a ragtrack one")
    if version < 0:  # no ragtrack writes one: migrating "from" it would mean nothing
        raise DamagedDatabase(f"{path} is damaged: its schema version ({version}) is not one ragtrack writes")
    if version > SCHEMA_VERSION:
        raise NewerDatabase(
            f"{path} was written by a newer ragtrack (schema {version}; this one reads up to "
            f"{SCHEMA_VERSION}): upgrade ragtrack to open it"
        )
    return FileState(exists=True, version=version)


def check_can_create(path: Path) -> None:
    """A new database may be made at ``path`` only in a folder that exists: a path under a folder
    that does not is a typing mistake far more often than a wish for new folders (the default
    location's folder is made by whoever chooses it)."""
    if not path.parent.is_dir():
        raise NotFound(f"cannot create a database at {path}: the folder {path.parent} does not exist")


def is_network_path(path: Path) -> bool:
    """A Windows share (``\\\\server\\share\\...``): WAL needs shared memory that network file
    systems do not provide, so such a database keeps SQLite's default rollback journal."""
    text = str(path)
    return text.startswith(("\\\\", "//")) and not text.startswith(("\\\\?\\", "//?/"))


def backup_copy(path: Path, target: Path) -> None:
    """Copy the database at ``path`` to ``target`` with SQLite's backup API (safe on a live
    database: the copy is one consistent state)."""
    source = sqlite3.connect(str(path))
    try:
        dest = sqlite3.connect(str(target))
        try:
            with dest:
                source.backup(dest)
        finally:
            dest.close()
    finally:
        source.close()


def backup_before_migration(path: Path, version: int) -> Path:
    """``NAME.vN.bak`` beside the file, before it is upgraded from version N."""
    target = path.with_name(f"{path.name}.v{version}.bak")
    backup_copy(path, target)
    return target
