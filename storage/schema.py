"""Transitional: the file checks moved to ``storage.db.files`` and the schema versions to
``storage.db.migrations``; this module keeps the old names for code not yet moved."""

from __future__ import annotations

from storage.database import connect_reader
from storage.db.files import SQLITE_MAGIC, FileState, check_can_create, inspect_file
from storage.db.migrations import APPLICATION_ID, SCHEMA_VERSION

__all__ = [
    "APPLICATION_ID",
    "SCHEMA_VERSION",
    "SQLITE_MAGIC",
    "FileState",
    "check_can_create",
    "connect_reader",
    "inspect_file",
]
