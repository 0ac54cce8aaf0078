"""Transitional: turning changes into rows moved to ``storage.db.records`` (``txn.records``); these
names stay for ``storage.sync.apply`` until it runs on a write transaction of the gateway."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable, Mapping, Sequence
from datetime import date
from typing import Any

from storage.db.core import WriteCore
from storage.db.records import RecordsWriter, timescale_columns

__all__ = ["materialise_creates", "materialise_fields", "raw", "timescale_columns", "touch_actions"]


def raw(conn: Any) -> sqlite3.Connection:
    """The sqlite3 connection under an SQLAlchemy connection, inside the same transaction."""
    driver: sqlite3.Connection = conn.connection.driver_connection
    return driver


def _records(conn: Any) -> RecordsWriter:
    return RecordsWriter(WriteCore(raw(conn), actor="", source="sync"))


def materialise_creates(conn: Any, entity: str, items: Iterable[tuple[str, Mapping[str, Any], str]]) -> None:
    _records(conn).create_many(entity, items)


def materialise_fields(conn: Any, entity: str, field: str, items: Sequence[tuple[str, Any, str]]) -> None:
    _records(conn).set_field_many(entity, field, items)


def touch_actions(conn: Any, items: Iterable[tuple[str, str, date | None]]) -> None:
    _records(conn).touch_actions(items)
