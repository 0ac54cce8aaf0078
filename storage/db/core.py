"""The transaction core every named operation runs on: a plain ``sqlite3`` connection inside one
transaction, and a few helpers that read rows by column name.

Rows come back as ``sqlite3.Row`` (``row["title"]``). Where thousands of rows are read at once
(the action list), ``made`` passes each row to a function whose parameters are the columns: the
names are checked against the query's once, then each row is a plain tuple, which
``sqlite3.Row``'s by-name lookup is not (measured: 0.6 s against 0.2 s for 100,000 rows of 16
columns).
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Callable, Iterable, Iterator, Sequence, Sized
from contextlib import contextmanager
from datetime import date

TYPE_CHECKING = False  # typing's, without importing typing (type checkers read it as True): models/records.py
if TYPE_CHECKING:
    from typing import Any, TypeVar

    from storage.clock import HybridClock

    Params = Sequence[Any] | dict[str, Any]
    MadeT = TypeVar("MadeT")


#: Inserts of at least this many rows into a table holding fewer are bulk loads (``bulk_insert``).
BULK_ROWS = 5000

#: Rows written by one INSERT statement in ``insert_many``: each statement run costs SQLite a
#: statement journal opened and closed and the run's set-up, which 50 rows share (measured with
#: valgrind on an import's 57,000 change-log rows: a third fewer instructions for the insert).
ROWS_PER_INSERT = 50
#: The fewest parameters an SQLite build allows in one statement (999 before SQLite 3.32).
MAX_PARAMETERS = 999


class ReadOnlyTransaction(RuntimeError):
    """A write was attempted in a read transaction (a programming error, not a user's)."""


def marks(values: Sized) -> str:
    """``?, ?, ?``: one placeholder per value, for ``IN (...)``."""
    return ",".join("?" * len(values))


def sql_literal(value: object) -> str | None:
    """``value`` written into SQL as a constant (``NULL``, ``0``, ``'O''Brien'``), or None when it
    must be bound instead (text holding a NUL character, which SQL text cannot hold; a type with
    no literal)."""
    if value is None:
        return "NULL"
    if isinstance(value, bool | int):
        return str(int(value))
    if isinstance(value, str) and "\x00" not in value:
        return "'" + value.replace("'", "''") + "'"
    return None


def like_escape(text: str) -> str:
    """``text`` as a literal inside a LIKE pattern written with ``ESCAPE '\\'``: user text with
    ``%`` or ``_`` matches those characters, not "anything"."""
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def to_date(value: object) -> date | None:
    """A DATE column (ISO text) as a date; None for NULL or empty."""
    if value is None or value == "":
        return None
    if isinstance(value, date):
        return value
    return date.fromisoformat(str(value)[:10])


class Txn:
    """One transaction on one connection. Named operations (``storage.db.*``) take it."""

    writable = False

    def __init__(self, conn: sqlite3.Connection) -> None:
        self.conn = conn

    # --- reading -------------------------------------------------------------------------
    def _cursor(self) -> sqlite3.Cursor:
        cursor = self.conn.cursor()
        cursor.row_factory = sqlite3.Row
        return cursor

    def rows(self, sql: str, params: Params = ()) -> list[sqlite3.Row]:
        """Every row of ``sql``, each read by column name."""
        return self._cursor().execute(sql, params).fetchall()

    def one(self, sql: str, params: Params = ()) -> sqlite3.Row | None:
        """The first row of ``sql``, or None."""
        row: sqlite3.Row | None = self._cursor().execute(sql, params).fetchone()
        return row

    def scalar(self, sql: str, params: Params = ()) -> Any:
        """The value of a query that selects one value (None when it has no row)."""
        row = self.conn.execute(sql, params).fetchone()
        if row is None:
            return None
        (value,) = row  # a query of one value: there is nothing to name
        return value

    def column(self, sql: str, params: Params = ()) -> list[Any]:
        """The values of a query that selects one column."""
        return [value for (value,) in self.conn.execute(sql, params)]

    def made(self, make: Callable[..., MadeT], sql: str, params: Params = ()) -> list[MadeT]:
        """``make`` of each row of ``sql``, whose columns are ``make``'s parameters by name, in
        order (checked once per query): by name, at the speed of plain tuples."""
        cursor = self.conn.cursor()
        cursor.row_factory = None
        cursor.execute(sql, params)
        names = tuple(d[0] for d in cursor.description)
        code = make.__code__
        expected = code.co_varnames[: code.co_argcount]
        if names != expected:
            raise AssertionError(f"{make.__name__} takes columns {expected}, the query gives {names}")
        return [make(*row) for row in cursor]

    def json_rows(self, sql: str, params: Params = ()) -> list[Any]:
        """The rows of ``sql`` (which selects one JSON value per row, named ``j``) fetched as one
        JSON document: thousands of rows fetched one by one take and release Python's GIL each
        time, stalling the UI thread while a worker reads."""
        document = self.scalar(f"SELECT json_group_array(json(j)) FROM ({sql})", params)
        return json.loads(document) if document else []

    # --- writing (write transactions only) -----------------------------------------------
    def run(self, sql: str, params: Params = ()) -> int:
        """Run one statement that changes the database; returns the number of rows it changed."""
        self._require_write()
        return self.conn.execute(sql, params).rowcount

    def run_many(self, sql: str, rows: Iterable[Params]) -> None:
        self._require_write()
        self.conn.executemany(sql, rows)

    def insert_many(
        self, table: str, columns: Sequence[str], rows: Iterable[Sequence[Any]], same: dict[str, Any] | None = None
    ) -> None:
        """INSERT into ``table`` one row per item of ``rows`` (the values of ``columns``, in order),
        each also given ``same`` (column -> the value every row has). The same rows as an
        executemany of one-row INSERTs, in the same order, written ``ROWS_PER_INSERT`` to a
        statement, with the shared values written once into the statement as constants rather
        than bound on every row: binding a text copies it, and an import writes the
        transaction's id, author and time on each of its tens of thousands of change-log rows."""
        items = list(rows)
        by_column = [[row[k] for row in items] for k in range(len(columns))]
        self.insert_columns(table, columns, by_column, same, count=len(items))

    def insert_columns(
        self,
        table: str,
        columns: Sequence[str],
        values: Sequence[Iterable[Any]],
        same: dict[str, Any] | None = None,
        count: int | None = None,
    ) -> None:
        """``insert_many`` of rows given a column at a time (``values[k]``: every row's value of
        ``columns[k]``, in order; all as long): the same statements, their parameters laid out
        from the columns at once rather than gathered row by row. ``count``: how many rows, when
        no column is given (only ``same``)."""
        self._require_write()
        names = list(columns)
        given = [value if isinstance(value, list) else list(value) for value in values]
        count = len(given[0]) if given else count or 0
        literals: list[str] = []
        for name, value in (same or {}).items():
            literal = sql_literal(value)
            if literal is None:  # cannot be a constant: bound on every row after all
                names.insert(len(given), name)
                given.append([value] * count)
            else:
                names.append(name)
                literals.append(literal)
        if not count:
            return
        width = len(given)
        flat: list[Any] = [None] * (count * width)  # the rows' values, row after row
        for k, column in enumerate(given):
            if len(column) != count:
                raise ValueError(f"insert_columns: {names[k]} has {len(column)} values, not {count}")
            flat[k::width] = column
        one = "(" + ", ".join(["?"] * width + literals) + ")"
        quoted = ", ".join(f'"{name}"' for name in names)
        head = f'INSERT INTO "{table}" ({quoted}) VALUES '
        per = max(1, min(ROWS_PER_INSERT, MAX_PARAMETERS // max(1, width)))
        whole = count - count % per
        step = per * width  # the values of one statement
        if whole:
            self.conn.executemany(
                head + ", ".join([one] * per),
                (tuple(flat[n * step : (n + 1) * step]) for n in range(whole // per)),
            )
        if whole < count:
            self.conn.execute(head + ", ".join([one] * (count - whole)), tuple(flat[whole * width :]))

    def _require_write(self) -> None:
        if not self.writable:
            raise ReadOnlyTransaction("this is a read transaction: use store.write() to change the database")


class WriteCore(Txn):
    """What a write transaction knows besides its connection: who writes, from where, when, the
    transaction id every change of it shares (one undo step), and the hybrid clock."""

    writable = True

    def __init__(self, conn: sqlite3.Connection, actor: str, source: str) -> None:
        from models.ids import new_id
        from storage.clock import utc_now_iso  # here: reading (``ragtrack list``) never needs the clock

        super().__init__(conn)
        self.id = new_id()
        self.actor = actor
        self.source = source
        self.at = utc_now_iso()
        self.today = date.fromisoformat(self.at[:10])
        self.change_ids: list[str] = []
        self._before_commit: list[Callable[[], None]] = []

    @property
    def changed(self) -> bool:
        """Whether this transaction logged any change (else it is no undo step)."""
        return bool(self.change_ids)

    @property
    def clock(self) -> HybridClock:
        """This laptop's hybrid clock (``WriteTxn`` reads it from the settings on first use and
        saves it at commit)."""
        raise NotImplementedError

    @contextmanager
    def savepoint(self, name: str) -> Iterator[None]:
        """A part of this transaction that an exception undoes alone (the exception goes on)."""
        self.conn.execute(f"SAVEPOINT {name}")
        try:
            yield
        except BaseException:
            self.conn.execute(f"ROLLBACK TO {name}")
            self.conn.execute(f"RELEASE {name}")
            raise
        self.conn.execute(f"RELEASE {name}")

    @contextmanager
    def bulk_insert(self, table: str, adding: int, holding: int) -> Iterator[None]:
        """Around an insert of ``adding`` rows into ``table``, which holds at most ``holding``:
        when that is a bulk load (thousands of rows, more than are there), the table's plain
        indexes are dropped first and built again after, in this transaction (a rollback
        brings them back too). Building an index from the rows at once costs a fraction of
        keeping it up to date row by row: a first sync of 100,000 changes spends ~0.4 s less.
        Unique indexes stay: an insert-or-ignore relies on them."""
        if adding < BULK_ROWS or adding <= holding:
            yield
            return
        indexes = self.conn.execute(
            "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name = ? "
            "AND sql IS NOT NULL AND sql NOT LIKE 'CREATE UNIQUE %'",
            (table,),
        ).fetchall()
        for name, _ in indexes:
            self.conn.execute(f'DROP INDEX "{name}"')
        try:
            yield
        finally:
            for _, sql in indexes:
                self.conn.execute(sql)

    def before_commit(self, hook: Callable[[], None]) -> None:
        """Run ``hook`` once, just before this transaction commits (e.g. to write what an Editor
        collected), in registration order."""
        self._before_commit.append(hook)
