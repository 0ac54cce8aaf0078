"""Rows as the change log says they are: creating and updating records from changes (local edits
and changes received by sync alike, so every laptop derives the same rows), and the lookups the
write path makes before an edit.

The tables' columns, types and defaults come from the SQLModel definitions (``models.tables``),
imported on the first write only: reading never needs them.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from functools import cache
from typing import Any

from models.timescale import parse_timescale
from storage.db.core import Txn, WriteCore, marks
from storage.values import row_value

#: The kinds of record the change log names, each the name of its table.
ENTITIES = ("plan", "theme", "objective", "action", "officer", "progress", "review")


@dataclass(frozen=True)
class _Column:
    python_type: type | None
    default: Any  # what an INSERT must fill in when a change does not say (no default: missing)
    has_default: bool


@cache
def _columns(entity: str) -> dict[str, _Column]:
    """The columns of an entity's table, from its SQLModel definition."""
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
    parsed = parse_timescale(text or "", reference=date.fromisoformat(at[:10]))
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

    def live_action_count(self) -> int:
        """The actions an officer sees (a deleted plan or objective hides its actions)."""
        return int(
            self._txn.scalar(
                "SELECT count(*) FROM action a JOIN objective o ON o.id = a.objective_id JOIN plan p ON p.id = a.plan_id "
                "WHERE a.deleted = 0 AND o.deleted = 0 AND p.deleted = 0"
            )
        )


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
        by_keys: dict[tuple[str, ...], list[tuple[Any, ...]]] = {}
        leads = []
        timescales: dict[tuple[str, str], dict[str, Any]] = {}
        for entity_id, values, at in items:
            row = {k: row_value(k, v) for k, v in values.items() if k != "leads"}
            row["id"] = entity_id
            if entity == "action":  # parsing a timescale is the slow part: plans repeat them a lot
                key = (values.get("timescale") or "", at[:10])
                if key not in timescales:
                    timescales[key] = timescale_columns(key[0], at)
                row.update(timescales[key])
                leads += [(entity_id, officer_id, n) for n, officer_id in enumerate(values.get("leads") or [])]
            if "created_at" in columns:
                row.setdefault("created_at", at)
            for name, column in columns.items():  # the column defaults an INSERT would fill in
                if name not in row and column.has_default:
                    row[name] = column.default
            names = tuple(sorted(_column(entity, name) for name in row))
            by_keys.setdefault(names, []).append(tuple(_sql(row[c]) for c in names))
        for names, rows in by_keys.items():
            quoted = ", ".join(f'"{c}"' for c in names)
            self._write.run_many(f'INSERT INTO "{table}" ({quoted}) VALUES ({marks(names)})', rows)
        if leads:
            self._write.run_many("INSERT INTO action_lead (action_id, officer_id, position) VALUES (?, ?, ?)", leads)

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

    def touch_actions(self, items: Iterable[tuple[str, str, date | None]]) -> None:
        """Move actions' "updated" (``updated_at``) and "last update" forward: ``(action id, latest
        change time, latest officer's day or None)`` each. Only ever forward (max), so the result
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
