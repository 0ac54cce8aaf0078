"""Schema versions. Each step takes a database at version N-1 to N inside one transaction.

Version 1 is the schema of models/tables.py as first released. A later change to the tables adds
a function here (ALTER TABLE / copy-and-swap), never edits an earlier one. Before any step runs
on a file, storage.database backs the file up with SQLite's backup API.
"""

from __future__ import annotations

from collections.abc import Callable

from sqlalchemy import Connection
from sqlmodel import SQLModel


def _create_version_1(conn: Connection) -> None:
    import models.tables  # noqa: F401  (registers the tables on SQLModel.metadata)

    SQLModel.metadata.create_all(conn)


#: version -> the step that reaches it from the version before.
MIGRATIONS: dict[int, Callable[[Connection], None]] = {
    1: _create_version_1,
}
