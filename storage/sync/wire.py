"""A change as it travels between laptops, whatever the place: the change log's columns, all
strings (``OPTIONAL_COLUMNS`` may be None; values are JSON text), plus ``seen`` (the change ids
the author of a deletion had seen of the record) on a deletion. The local ``seq`` never travels.
"""

from __future__ import annotations

from typing import Any

CHANGE_COLUMNS: tuple[str, ...] = (
    "id",
    "txn_id",
    "replica_id",
    "stamp",
    "actor",
    "at",
    "entity",
    "entity_id",
    "field",
    "old_value",
    "new_value",
    "reason",
    "supersedes",
    "source",
)
OPTIONAL_COLUMNS = frozenset({"old_value", "new_value", "reason"})

WireChange = dict[str, Any]
