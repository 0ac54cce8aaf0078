"""Rows as the change log says they are: creating and updating records from changes (local edits
and changes received by sync alike, so every laptop derives the same rows), and the lookups the
write path makes before an edit.

The tables' columns, types and defaults are those of the SQLModel definitions (``models.tables``),
copied here (``_COLUMNS``, checked against them by a test) so that no write imports SQLAlchemy.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from itertools import repeat
from operator import itemgetter
from typing import Any

from models.timescale import parse_timescale_on
from storage.db.core import Txn, WriteCore, marks
from storage.values import DATE_FIELDS, row_value

#: The kinds of record the change log names, each the name of its table.
ENTITIES = ("plan", "theme", "objective", "action", "officer", "progress", "review")


@dataclass(frozen=True)
class _Column:
    python_type: type | None
    default: Any  # what an INSERT must fill in when a change does not say (no default: missing)
    has_default: bool


#: The columns of each entity"s table: type, and the default an INSERT fills in when a change does
#: not say. A copy of the SQLModel definitions (``models.tables``), so that writing needs neither
#: SQLAlchemy nor SQLModel (importing them costs a second); ``tests/test_store.py`` checks the two
#: are the same.
_COLUMNS: dict[str, dict[str, _Column]] = {
    "plan": {
        "id": _Column(object, None, False),
        "title": _Column(object, None, False),
        "organisation": _Column(object, None, False),
        "overseeing_body": _Column(object, None, False),
        "approved_on": _Column(date, None, False),
        "as_at": _Column(date, None, False),
        "rag_definitions": _Column(object, "{}", True),
        "lead_contact": _Column(object, None, False),
        "strategic_lead": _Column(object, None, False),
        "source_key": _Column(object, None, False),
        "created_at": _Column(object, "", True),
        "updated_at": _Column(object, "", True),
        "deleted": _Column(bool, False, True),
    },
    "theme": {
        "id": _Column(object, None, False),
        "plan_id": _Column(object, None, False),
        "name": _Column(object, None, False),
        "position": _Column(int, 0, True),
        "deleted": _Column(bool, False, True),
    },
    "objective": {
        "id": _Column(object, None, False),
        "plan_id": _Column(object, None, False),
        "theme_id": _Column(object, None, False),
        "ref": _Column(object, None, False),
        "text": _Column(object, "", True),
        "criteria": _Column(object, None, False),
        "position": _Column(int, 0, True),
        "deleted": _Column(bool, False, True),
    },
    "action": {
        "id": _Column(object, None, False),
        "plan_id": _Column(object, None, False),
        "objective_id": _Column(object, None, False),
        "ref": _Column(object, None, False),
        "text": _Column(object, "", True),
        "status": _Column(object, "open", True),
        "rag": _Column(object, None, False),
        "timescale": _Column(object, "", True),
        "due_start": _Column(date, None, False),
        "due_end": _Column(date, None, False),
        "ongoing": _Column(bool, False, True),
        "undated": _Column(bool, True, True),
        "timescale_understood": _Column(bool, True, True),
        "position": _Column(int, 0, True),
        "created_at": _Column(object, "", True),
        "updated_at": _Column(object, "", True),
        "last_update": _Column(date, None, False),
        "deleted": _Column(bool, False, True),
    },
    "officer": {
        "id": _Column(object, None, False),
        "name": _Column(object, None, False),
        "initials": _Column(object, None, False),
        "job_title": _Column(object, None, False),
        "team": _Column(object, None, False),
        "email": _Column(object, None, False),
        "phone": _Column(object, None, False),
        "created_at": _Column(object, "", True),
        "deleted": _Column(bool, False, True),
        "left_on": _Column(date, None, False),
        "merged_into": _Column(object, None, False),
    },
    "progress": {
        "id": _Column(object, None, False),
        "action_id": _Column(object, None, False),
        "kind": _Column(object, "note", True),
        "entry_date": _Column(date, None, False),
        "author": _Column(object, None, False),
        "text": _Column(object, "", True),
        "created_at": _Column(object, "", True),
        "deleted": _Column(bool, False, True),
    },
    "review": {
        "id": _Column(object, None, False),
        "plan_id": _Column(object, None, False),
        "as_at": _Column(date, None, False),
        "label": _Column(object, "", True),
        "started_at": _Column(object, "", True),
        "started_by": _Column(object, None, False),
        "deleted": _Column(bool, False, True),
    },
}


#: The columns a new record must be given (NOT NULL, no default, not the id), and the columns
#: that name another record (with its kind), per entity: a copy of the SQLModel definitions as
#: well (``facts_from_models``), for sync's checks; the same test checks them.
REQUIRED: dict[str, frozenset[str]] = {
    "plan": frozenset({"title"}),
    "theme": frozenset({"plan_id", "name"}),
    "objective": frozenset({"plan_id", "ref"}),
    "action": frozenset({"plan_id", "objective_id", "ref"}),
    "officer": frozenset({"name"}),
    "progress": frozenset({"action_id"}),
    "review": frozenset({"plan_id", "as_at"}),
}
REFERENCES: dict[str, dict[str, str]] = {
    "plan": {},
    "theme": {"plan_id": "plan"},
    "objective": {"plan_id": "plan", "theme_id": "theme"},
    "action": {"plan_id": "plan", "objective_id": "objective"},
    "officer": {},
    "progress": {"action_id": "action"},
    "review": {"plan_id": "plan"},
}


def _columns(entity: str) -> dict[str, _Column]:
    """The columns of an entity's table."""
    return _COLUMNS[entity]


def columns_from_models(entity: str) -> dict[str, _Column]:
    """The columns of an entity's table as its SQLModel definition says (what ``_COLUMNS`` copies)."""
    from models.tables import ENTITY_TABLES, table_of

    columns = {}
    for name, column in table_of(ENTITY_TABLES[entity]).c.items():
        try:
            python_type: type | None = column.type.python_type
        except NotImplementedError:
            python_type = None
        # A column default is a ScalarElementColumnDefault (a plain value in ``arg``) or a
        # callable one; only plain values are taken.
        value: Any = getattr(column.default, "arg", None)
        has_default = column.default is not None and not callable(value)
        columns[name] = _Column(python_type, value if has_default else None, has_default)
    return columns


def facts_from_models(entity: str) -> tuple[frozenset[str], dict[str, str]]:
    """``REQUIRED`` and ``REFERENCES`` of an entity as its SQLModel definition says."""
    from models.tables import ENTITY_TABLES, table_of

    table = table_of(ENTITY_TABLES[entity])
    required = frozenset(
        name
        for name, column in table.c.items()
        if not column.nullable and column.default is None and not column.primary_key
    )
    references = {
        name: next(iter(column.foreign_keys)).column.table.name
        for name, column in table.c.items()
        if column.foreign_keys
    }
    return required, references


def _column(entity: str, field: str) -> str:
    """``field`` as a column name of ``entity``'s table, or a KeyError (never SQL from a change)."""
    if field not in _columns(entity):
        raise KeyError(f"{entity} has no column {field!r}")
    return field


def _table(entity: str) -> str:
    if entity not in ENTITIES:
        raise KeyError(f"unknown kind of record: {entity}")
    return entity


def timescale_columns(text: str, at: str) -> dict[str, Any]:
    """The due window derived from a timescale, relative to the day of the change (``at``)."""
    parsed = parse_timescale_on(text or "", date.fromisoformat(at[:10]))
    return {
        "timescale": text or "",
        "due_start": parsed.start,
        "due_end": parsed.end,
        "ongoing": parsed.ongoing,
        "undated": parsed.undated,
        "timescale_understood": parsed.understood,
    }


def _sql(value: Any) -> Any:
    """A value as it is stored in SQLite (dates as ISO text, booleans as 0/1)."""
    if isinstance(value, bool):
        return int(value)
    if isinstance(value, date):
        return value.isoformat()
    return value


class _Shape:
    """How records whose changes give ``fields`` are inserted: the columns named, in the order
    of a row's values: the fields given (``get`` reads them; ``convert`` says which need their
    stored form: dates, booleans), the id, the time created (when the table keeps it), the
    columns derived from the timescale, and the defaults of the columns not given."""

    def __init__(
        self,
        entity: str,
        columns: Mapping[str, _Column],
        fields: tuple[str, ...],
        derived_names: tuple[str, ...],
        updated: bool = False,
    ) -> None:
        derived = set(derived_names)
        given = [_column(entity, k) for k in fields if k != "leads" and k not in derived]
        self.given = given
        self.get = _getter(given)
        self.convert = [
            (n, name)
            for n, name in enumerate(given)
            if columns[name].python_type in (date, bool) or name in DATE_FIELDS
        ]
        # the time written at insert: when created, and (``updated``) when last changed
        stamps = ("created_at", "updated_at") if updated else ("created_at",)
        self.stamps = tuple(name for name in stamps if name in columns and name not in given)
        taken = {*given, "id", *derived_names, *self.stamps}
        defaults = [name for name, column in columns.items() if name not in taken and column.has_default]
        self.defaults = tuple(_sql(columns[name].default) for name in defaults)
        self.names = (*given, "id", *self.stamps, *derived_names, *defaults)


def _stored(name: str, values: Sequence[Any]) -> list[Any]:
    """``_sql(row_value(name, value))`` of each value of one column, worked out once per value
    (dates repeat)."""
    done: dict[tuple[type, Any], Any] = {}
    result = []
    for value in values:
        key = (type(value), value)
        stored = done.get(key, done)
        if stored is done:
            stored = done[key] = _sql(row_value(name, value))
        result.append(stored)
    return result


def _getter(names: list[str]) -> Callable[[Mapping[str, Any]], tuple[Any, ...]]:
    """A function giving the values of ``names`` from a mapping, as a tuple."""
    if not names:
        return lambda values: ()
    if len(names) == 1:
        name = names[0]
        return lambda values: (values[name],)
    return itemgetter(*names)


@dataclass(frozen=True)
class RecordName:
    """What names a record (``Records.naming``): its name, and what it is within or about."""

    name: Any
    within: Any = None


class Records:
    """Reading records as the write path and sync need them."""

    def __init__(self, txn: Txn) -> None:
        self._txn = txn

    def deleted(self, entity: str, entity_id: str) -> bool | None:
        """Whether the record is deleted; None when there is no such record."""
        value = self._txn.scalar(f'SELECT deleted FROM "{_table(entity)}" WHERE id = ?', (entity_id,))
        return None if value is None else bool(value)

    def existing(self, entity: str, ids: Sequence[str]) -> set[str]:
        """Which of ``ids`` are records of ``entity`` here (deleted or not)."""
        found: set[str] = set()
        for start in range(0, len(ids), 500):
            chunk = ids[start : start + 500]
            found.update(self._txn.column(f'SELECT id FROM "{_table(entity)}" WHERE id IN ({marks(chunk)})', chunk))
        return found

    def value(self, entity: str, entity_id: str, field: str) -> Any:
        """The value a field holds now, as its Python type (the change log's old value).
        ``leads`` is an action's officer ids in order; ``_delete`` is whether it is deleted."""
        if entity == "action" and field == "leads":
            return self._txn.column(
                "SELECT officer_id FROM action_lead WHERE action_id = ? ORDER BY position", (entity_id,)
            )
        column = "deleted" if field == "_delete" else _column(entity, field)
        row = self._txn.one(f'SELECT "{column}" AS value FROM "{_table(entity)}" WHERE id = ?', (entity_id,))
        if row is None:
            raise LookupError(f"no {entity} {entity_id}")
        value = row["value"]
        if value is None:
            return None
        python_type = _columns(entity)[column].python_type
        if python_type is bool:
            return bool(value)
        if python_type is date and isinstance(value, str):
            return date.fromisoformat(value)
        return value

    def live_id(self, entity: str, key: Mapping[str, Any]) -> str | None:
        """The id of a live record whose columns equal ``key`` (the first, if several)."""
        condition = " AND ".join(f'"{_column(entity, column)}" = ?' for column in key)
        found: str | None = self._txn.scalar(
            f'SELECT id FROM "{_table(entity)}" WHERE deleted = 0 AND {condition} LIMIT 1', tuple(key.values())
        )
        return found

    def objective_plan(self, objective_id: str) -> str | None:
        """The plan an objective belongs to (None: no such objective)."""
        plan_id: str | None = self._txn.scalar("SELECT plan_id FROM objective WHERE id = ?", (objective_id,))
        return plan_id

    def action_with_ref(self, plan_id: str, ref: str, other_than: str | None = None) -> str | None:
        """A live action of the plan whose reference is ``ref`` (compared as ``find`` does: case
        and a trailing ")" or "." aside), other than ``other_than``; None if there is none."""
        found: str | None = self._txn.scalar(
            "SELECT id FROM action WHERE plan_id = ? AND deleted = 0 AND id != ?"
            " AND lower(rtrim(trim(ref), ').')) = ? LIMIT 1",
            (plan_id, other_than or "", ref.strip().rstrip(").").lower()),
        )
        return found

    def live_actions_of(self, objective_id: str) -> list[str]:
        return self._txn.column(
            "SELECT id FROM action WHERE objective_id = ? AND deleted = 0 ORDER BY position, id", (objective_id,)
        )

    def progress_owner(self, progress_ids: Sequence[str]) -> dict[str, tuple[str, date | None]]:
        """For progress entries: their action and entry date."""
        result: dict[str, tuple[str, date | None]] = {}
        for start in range(0, len(progress_ids), 500):
            chunk = progress_ids[start : start + 500]
            for r in self._txn.rows(
                f"SELECT id, action_id, entry_date FROM progress WHERE id IN ({marks(chunk)})", chunk
            ):
                day = r["entry_date"]
                result[r["id"]] = (r["action_id"], date.fromisoformat(str(day)[:10]) if day else None)
        return result

    def action_of_progress(self, progress_id: str) -> str | None:
        """The action a progress entry is about (None: no such entry)."""
        action_id: str | None = self._txn.scalar("SELECT action_id FROM progress WHERE id = ?", (progress_id,))
        return action_id

    def objective_of(self, action_id: str) -> str | None:
        """The objective an action is in (None: no such action)."""
        objective_id: str | None = self._txn.scalar("SELECT objective_id FROM action WHERE id = ?", (action_id,))
        return objective_id

    def objectives_of(self, action_ids: Sequence[str]) -> dict[str, str]:
        """The objective each of ``action_ids`` is in (those that are actions here)."""
        found: dict[str, str] = {}
        for start in range(0, len(action_ids), 500):
            chunk = action_ids[start : start + 500]
            for row in self._txn.rows(f"SELECT id, objective_id FROM action WHERE id IN ({marks(chunk)})", chunk):
                found[row["id"]] = row["objective_id"]
        return found

    def timescale_of(self, action_id: str) -> str | None:
        """An action's timescale as written (None: no such action)."""
        text: str | None = self._txn.scalar("SELECT timescale FROM action WHERE id = ?", (action_id,))
        return text

    def naming(self, entity: str, entity_id: str) -> RecordName | None:
        """What names a record for people: an action's ref within its plan's title, a progress
        entry's action ref with its text, else the one naming column (a plan's title, an
        officer's name...); None when there is no such record."""
        if entity == "action":
            row = self._txn.one(
                "SELECT a.ref AS name, p.title AS within FROM action a JOIN plan p ON p.id = a.plan_id WHERE a.id = ?",
                (entity_id,),
            )
        elif entity == "progress":
            row = self._txn.one(
                "SELECT a.ref AS name, p.text AS within FROM progress p JOIN action a ON a.id = p.action_id "
                "WHERE p.id = ?",
                (entity_id,),
            )
        else:
            column = _NAMING[entity]
            row = self._txn.one(
                f'SELECT "{column}" AS name, NULL AS within FROM "{_table(entity)}" WHERE id = ?', (entity_id,)
            )
        return None if row is None else RecordName(row["name"], row["within"])

    def live_action_count(self) -> int:
        """The actions an officer sees (a deleted plan or objective hides its actions)."""
        return int(
            self._txn.scalar(
                "SELECT count(*) FROM action a JOIN objective o ON o.id = a.objective_id JOIN plan p ON p.id = a.plan_id "
                "WHERE a.deleted = 0 AND o.deleted = 0 AND p.deleted = 0"
            )
        )


#: The column that names a record of each kind (``Records.naming``).
_NAMING = {"plan": "title", "officer": "name", "theme": "name", "objective": "ref", "review": "as_at"}


class RecordsWriter(Records):
    """Writing records from changes (in a write transaction)."""

    def __init__(self, txn: WriteCore) -> None:
        super().__init__(txn)
        self._write = txn

    def create(self, entity: str, entity_id: str, values: Mapping[str, Any], at: str) -> None:
        """Insert the record a ``_create`` change describes (values as decoded from JSON)."""
        self.create_many(entity, [(entity_id, values, at)])

    def create_many(self, entity: str, items: Iterable[tuple[str, Mapping[str, Any], str]]) -> None:
        """``create`` for many records of one entity, ``(entity_id, values, at)`` each, written with
        executemany (sync applies thousands at once)."""
        columns = _columns(entity)
        table = _table(entity)
        is_action = entity == "action"
        # What each set of fields becomes, worked out once per set (an import's thousands of rows
        # share a few): the columns inserted, in order, and how the values are read (``_Shape``).
        shapes: dict[tuple[str, ...], _Shape] = {}
        by_keys: dict[tuple[str, ...], list[tuple[Any, ...]]] = {}
        leads = []
        timescales: dict[tuple[str, str], tuple[Any, ...]] = {}
        derived_names = tuple(sorted(timescale_columns("", "2000-01-01"))) if is_action else ()
        for entity_id, values, at in items:
            fields = tuple(values)
            shape = shapes.get(fields)
            if shape is None:
                shape = shapes[fields] = _Shape(entity, columns, fields, derived_names)
            given: Sequence[Any] = shape.get(values)
            if shape.convert:
                converted = list(given)
                for n, name in shape.convert:
                    converted[n] = _sql(row_value(name, converted[n]))
                given = converted
            derived: tuple[Any, ...] = ()
            if is_action:  # parsing a timescale is the slow part: plans repeat them a lot
                key = (values.get("timescale") or "", at[:10])
                known = timescales.get(key)
                if known is None:
                    parsed = timescale_columns(key[0], at)
                    known = timescales[key] = tuple(_sql(parsed[c]) for c in derived_names)
                derived = known
                leads += [(entity_id, officer_id, n) for n, officer_id in enumerate(values.get("leads") or [])]
            stamped = (entity_id, *repeat(at, len(shape.stamps)))
            by_keys.setdefault(shape.names, []).append((*given, *stamped, *derived, *shape.defaults))
        for names, rows in by_keys.items():
            quoted = ", ".join(f'"{c}"' for c in names)
            self._write.run_many(f'INSERT INTO "{table}" ({quoted}) VALUES ({marks(names)})', rows)
        if leads:
            self._write.run_many("INSERT INTO action_lead (action_id, officer_id, position) VALUES (?, ?, ?)", leads)

    def create_columns(
        self, entity: str, ids: Sequence[str], fields: Sequence[str], columns: Sequence[Sequence[Any]], at: str
    ) -> None:
        """``create_many`` for records made at one time that all give ``fields``, their values given
        a field at a time (``columns[k]``: the values of ``fields[k]``, in the order of ``ids``):
        the same rows, without a mapping per record (the write path's bulk creates: an import's
        thousands of actions and progress entries). An action's "updated" is written with it, as
        the time it was made (the write path's touch would set it to that afterwards)."""
        table = _table(entity)
        is_action = entity == "action"
        derived_names = tuple(sorted(timescale_columns("", "2000-01-01"))) if is_action else ()
        shape = _Shape(entity, _columns(entity), tuple(fields), derived_names, updated=is_action)
        given = {name: column for name, column in zip(fields, columns, strict=True)}
        converted = {n for n, _ in shape.convert}
        # in the order of ``shape.names``: the fields given, the id, the time created, the
        # columns derived from the timescale, the defaults
        values: list[Iterable[Any]] = [
            _stored(name, given[name]) if n in converted else given[name] for n, name in enumerate(shape.given)
        ]
        values.append(ids)
        names = [*shape.given, "id"]
        if is_action:  # parsing a timescale is the slow part: plans repeat them a lot
            timescales: dict[str, tuple[Any, ...]] = {}
            derived_rows = []
            for text in given.get("timescale") or repeat(None, len(ids)):
                text = text or ""
                known = timescales.get(text)
                if known is None:
                    parsed = timescale_columns(text, at)
                    known = timescales[text] = tuple(_sql(parsed[c]) for c in derived_names)
                derived_rows.append(known)
            values += [list(column) for column in zip(*derived_rows, strict=True)] or [[] for _ in derived_names]
            names += derived_names
        # the times created and the defaults are every row's: written once (``insert_many``)
        same = {name: at for name in shape.stamps}
        same.update(zip(shape.names[len(shape.names) - len(shape.defaults) :], shape.defaults, strict=True))
        self._write.insert_columns(table, names, values, same)
        if is_action and "leads" in given:
            self._write.insert_many(
                "action_lead",
                ("action_id", "officer_id", "position"),
                [
                    (entity_id, officer_id, n)
                    for entity_id, leads in zip(ids, given["leads"], strict=True)
                    for n, officer_id in enumerate(leads or [])
                ],
            )

    def set_field(self, entity: str, entity_id: str, field: str, value: Any, at: str) -> None:
        """Set one field (or ``_delete``) of a record from a change."""
        self.set_field_many(entity, field, [(entity_id, value, at)])

    def set_field_many(self, entity: str, field: str, items: Sequence[tuple[str, Any, str]]) -> None:
        """``set_field`` for one field of many records, ``(entity_id, value, at)`` each."""
        if not items:
            return
        table = _table(entity)
        run_many = self._write.run_many
        if field == "_delete":
            run_many(f'UPDATE "{table}" SET deleted = ? WHERE id = ?', [(int(bool(v)), i) for i, v, _ in items])
        elif entity == "action" and field == "leads":
            run_many("DELETE FROM action_lead WHERE action_id = ?", [(i,) for i, _, _ in items])
            rows = [(i, officer_id, n) for i, v, _ in items for n, officer_id in enumerate(v or [])]
            if rows:
                run_many("INSERT INTO action_lead (action_id, officer_id, position) VALUES (?, ?, ?)", rows)
        elif entity == "action" and field == "timescale":
            derived = [timescale_columns(v, at) for _, v, at in items]
            names = sorted(derived[0])
            run_many(
                f"UPDATE action SET {', '.join(f'{c} = ?' for c in names)} WHERE id = ?",
                [(*(_sql(d[c]) for c in names), i) for d, (i, _, _) in zip(derived, items, strict=True)],
            )
        else:
            column = _column(entity, field)
            run_many(
                f'UPDATE "{table}" SET "{column}" = ? WHERE id = ?',
                [(_sql(row_value(field, v)), i) for i, v, _ in items],
            )

    def retime_action(self, action_id: str, updated_at: str, last_update: date | None) -> None:
        """Set an action's "updated" and "last update" as recomputed from its changes."""
        self._write.run(
            "UPDATE action SET updated_at = ?, last_update = ? WHERE id = ?",
            (updated_at, None if last_update is None else last_update.isoformat(), action_id),
        )

    def set_created_at(self, entity: str, entity_id: str, at: str) -> None:
        """When a record was created, as its creation's corrected time says."""
        if "created_at" in _columns(entity):
            self._write.run(f'UPDATE "{_table(entity)}" SET created_at = ? WHERE id = ?', (at, entity_id))

    def set_due_window(self, action_id: str, text: str, at: str) -> None:
        """An action's due window read again from its timescale, relative to the day ``at``."""
        columns = timescale_columns(text, at)
        names = sorted(columns)
        self._write.run(
            f"UPDATE action SET {', '.join(f'{c} = ?' for c in names)} WHERE id = ?",
            (*(_sql(columns[c]) for c in names), action_id),
        )

    def touch_actions(self, items: Iterable[tuple[str, str | None, date | None]]) -> None:
        """Move actions' "updated" (``updated_at``) and "last update" forward: ``(action id, latest
        change time or None, latest officer's day or None)`` each. Only ever forward (max), so the result
        does not depend on the order changes arrive in."""
        items = list(items)
        stamps = [(at, i, at) for i, at, _ in items if at]
        if stamps:
            self._write.run_many(
                "UPDATE action SET updated_at = ? WHERE id = ? AND (updated_at < ? OR updated_at IS NULL)", stamps
            )
        days = [(day.isoformat(), i, day.isoformat()) for i, _, day in items if day is not None]
        if days:
            self._write.run_many(
                "UPDATE action SET last_update = ? WHERE id = ? AND (last_update < ? OR last_update IS NULL)", days
            )
