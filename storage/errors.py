"""Errors the storage layer raises for the user to read: each carries one clear line."""

from __future__ import annotations


class StorageError(Exception):
    """Base class: ``str(error)`` is a one-line message fit for the user."""


class NotARagtrackDatabase(StorageError):
    """The file exists but is not a ragtrack database (another SQLite file, a document...)."""


class NewerDatabase(StorageError):
    """The database was written by a newer ragtrack; it is left untouched."""


class DamagedDatabase(StorageError):
    """SQLite cannot read the file (truncated, corrupted)."""


class EditRefused(StorageError):
    """An edit breaks a rule (a RAG change without a reason, an unknown action...)."""


class NotFound(StorageError):
    """A reference, officer or plan that does not exist."""


class Ambiguous(StorageError):
    """A reference that matches more than one thing; the message says which."""


class NoDatabase(StorageError):
    """There is no ragtrack database at the path (and none is to be created)."""


class ReadOnlyDatabase(StorageError):
    """A change was attempted on a database opened read-only."""


class DatabaseBusy(StorageError):
    """Another program held the database's write lock for longer than ragtrack waits."""


def busy_message(path: object) -> str:
    return f"{path} is busy: another program is writing to it (nothing was changed; try again in a moment)"


class DiskFull(StorageError):
    """The disk holding the database has no room for a write (SQLite's SQLITE_FULL)."""


def full_message(path: object) -> str:
    return f"the disk holding {path} is full: nothing was changed (free some space and try again)"
