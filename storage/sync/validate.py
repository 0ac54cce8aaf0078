"""Checking every change that arrives from another laptop against the model, before it is applied.

Whatever place it came from, a received change is one of three things:

- **invalid**: not something the write path could ever have written (an unknown kind of record
  or field, a value of the wrong type, a date that is not a date, ``rag: "purple"``, a broken
  stamp or time): it is quarantined, reported, and never applied;
- **waiting**: well formed, but about a record this laptop does not have (an edit of a record,
  or a record whose parent or lead officer, that has not arrived, or never will): it is held
  aside, reported, and applied as soon as what it needs arrives;
- **ready**: applied now.

Neither kind ever stops the others: the rest of the sync goes on. The rules are the write path's
own (``storage.values.clean_value``): a value is valid when cleaning it changes nothing, so
every laptop agrees on what is valid and what is shown.
"""

from __future__ import annotations

import json
import re
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from functools import cache
from operator import itemgetter
from typing import Any

from storage.clock import Stamp
from storage.db.records import REFERENCES, REQUIRED
from storage.errors import EditRefused
from storage.sync.wire import CHANGE_COLUMNS, OPTIONAL_COLUMNS
from storage.values import EDITABLE_FIELDS, clean_value, to_json

#: Creation order: a record's parents (and officers it names as leads) come before it.
RANK = {"plan": 0, "officer": 1, "theme": 2, "objective": 3, "action": 4, "progress": 5, "review": 6}
_ID_COLUMNS = ("id", "txn_id", "replica_id", "entity_id")
_AT = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d{1,6})?Z$")
_MAX_ID = 200
_COLUMNS = itemgetter(*CHANGE_COLUMNS)
_NEEDED = itemgetter(*[key for key in CHANGE_COLUMNS if key not in OPTIONAL_COLUMNS])
_STR_OR_NONE = frozenset({str, type(None)})
_raw_decode = json.JSONDecoder().raw_decode  # json.loads' own decoder, without its wrapping


def parse_json(text: str) -> Any:
    """``json.loads(text)``, the same value or the same ValueError, a third quicker for the
    compact JSON that changes carry (no surrounding spaces); anything else goes to json.loads."""
    try:
        value, end = _raw_decode(text)
    except ValueError:
        return json.loads(text)
    return value if end == len(text) else json.loads(text)


@dataclass(frozen=True)
class Held:
    """A change that is not applied now, and why (one line)."""

    change: dict[str, Any]
    kind: str  # "waiting" or "invalid"
    reason: str


class Decoded:
    """The JSON inside changes (the new value, what a change supersedes), parsed once per sync:
    the checks parse it, and what the changes need and how they are applied reuse it. By change
    id; a change not checked in this sync (one that waited) is parsed when first asked for."""

    def __init__(self) -> None:
        self._by_id: dict[str, tuple[Any, list[str]]] = {}

    def put(self, change: dict[str, Any], value: Any, supersedes: list[str]) -> None:
        self._by_id[change["id"]] = (value, supersedes)

    def value(self, change: dict[str, Any]) -> Any:
        """The change's new value (None for JSON null or no value)."""
        return self._get(change)[0]

    def supersedes(self, change: dict[str, Any]) -> list[str]:
        return self._get(change)[1]

    def _get(self, change: dict[str, Any]) -> tuple[Any, list[str]]:
        found = self._by_id.get(change["id"])
        if found is None:
            value = None if change["new_value"] is None else parse_json(change["new_value"])
            found = self._by_id[change["id"]] = (value, parse_json(change["supersedes"]))
        return found


# --- the change itself ------------------------------------------------------------------------
def problem(change: Any) -> str | None:
    """Why ``change`` (a received wire change) can never be applied; None when it is well formed."""
    return _examine(change, None, None)


def _examine(change: Any, decoded: Decoded | None, valid: set[Any] | None) -> str | None:
    """``problem``; a well-formed change's parsed JSON goes into ``decoded``; ``valid`` keeps
    the values found valid in this sync (see ``_value_problem``)."""
    if not isinstance(change, dict):
        return "not a change"
    if not _plain_columns(change):  # the usual case decided at once; otherwise column by column
        for key in CHANGE_COLUMNS:
            value = change.get(key)
            if not (isinstance(value, str) or (value is None and key in OPTIONAL_COLUMNS)):
                return f"a bad {key}"
    for key in _ID_COLUMNS:
        if not change[key] or len(change[key]) > _MAX_ID or not change[key].isprintable():
            return f"a bad {key}"
    entity, field = change["entity"], change["field"]
    if entity not in EDITABLE_FIELDS:
        return f"an unknown kind of record ({_short(entity)})"
    if field not in ("_create", "_delete") and field not in EDITABLE_FIELDS[entity]:
        return f"an unknown field of a {entity} ({_short(field)})"
    if not _is_stamp(change["stamp"]):
        return "a bad stamp"
    if not _AT.match(change["at"]) or not _is_time(change["at"]):
        return f"a bad time ({_short(change['at'])})"
    try:
        supersedes = parse_json(change["supersedes"])
        value = None if change["new_value"] is None else parse_json(change["new_value"])
        if change["old_value"] is not None:
            parse_json(change["old_value"])
    except ValueError:
        return "a value that is not JSON"
    if not isinstance(supersedes, list) or not all(isinstance(s, str) for s in supersedes):
        return "a bad supersedes list"
    seen = change.get("seen")
    if seen is not None and not (isinstance(seen, list) and all(isinstance(s, str) for s in seen)):
        return "a bad seen list"
    if field == "_delete":
        trouble = None if isinstance(value, bool) else "a deletion that is neither true nor false"
    elif field == "_create":
        trouble = _creation_problem(entity, value, valid)
    else:
        trouble = _value_problem(entity, field, value, valid)
    if trouble is None and decoded is not None:
        decoded.put(change, value, supersedes)
    return trouble


def _plain_columns(change: dict[str, Any]) -> bool:
    """Every column a str, or None where it may be (what the loop in ``_examine`` accepts)."""
    try:
        types = set(map(type, _COLUMNS(change)))
        return types == {str} or (types <= _STR_OR_NONE and None not in _NEEDED(change))
    except KeyError:
        return False


def _creation_problem(entity: str, values: Any, valid: set[Any] | None = None) -> str | None:
    if not isinstance(values, dict):
        return f"a {entity} created without values"
    for field, value in values.items():
        if field not in EDITABLE_FIELDS[entity]:
            return f"an unknown field of a {entity} ({_short(field)})"
        if trouble := _value_problem(entity, field, value, valid):
            return trouble
    missing = sorted(_required(entity) - set(values))
    return f"a {entity} created without {', '.join(missing)}" if missing else None


#: Values that JSON gives back exactly as they are written (a date, say, comes back as text).
_AS_WRITTEN = frozenset({str, int, bool, type(None)})


#: Values whose validity is remembered within one sync (hashable, and equal only to their own type's).
_REMEMBERED = frozenset({str, int, bool, type(None)})


def _value_problem(entity: str, field: str, value: Any, valid: set[Any] | None = None) -> str | None:
    """A value is valid when the write path would have written it exactly so. A plain value found
    valid is noted in ``valid`` (by field, type and value): the same one is not cleaned again."""
    memo = None
    if valid is not None and type(value) in _REMEMBERED:
        memo = (entity, field, type(value), value)
        if memo in valid:
            return None
    trouble = _cleaning_problem(entity, field, value)
    if trouble is None and memo is not None and valid is not None:
        valid.add(memo)
    return trouble


def _cleaning_problem(entity: str, field: str, value: Any) -> str | None:
    try:
        clean = clean_value(entity, field, value)
        if type(clean) not in _AS_WRITTEN:
            clean = json.loads(to_json(clean))
    except (EditRefused, ValueError, TypeError, OverflowError) as error:
        return f"{entity} {field} {_short(_describe(value))} ({_short(str(error))})"
    if type(clean) is str and type(value) is str and clean == value:
        return None  # the usual case, decided as _same decides it
    if not _same(clean, value):
        return f"{entity} {field} {_short(_describe(value))} is not a valid value"
    return None


def _same(a: Any, b: Any) -> bool:
    """Equal and of the same JSON type (1 is not true, "1" is not 1)."""
    if type(a) is not type(b):
        return False
    if isinstance(a, list):
        return len(a) == len(b) and all(_same(x, y) for x, y in zip(a, b, strict=True))
    if isinstance(a, dict):
        return a.keys() == b.keys() and all(_same(a[k], b[k]) for k in a)
    return bool(a == b)


#: A stamp as ragtrack writes them (``Stamp.__str__``): valid without parsing it.
_STAMP = re.compile(r"\d{13}\.\d{5}\..", re.ASCII)


def _is_stamp(text: str) -> bool:
    if _STAMP.match(text):
        return True  # the usual case: what the checks below accept, decided at once
    try:
        stamp = Stamp.parse(text)
    except ValueError:
        return False
    return 0 <= stamp.millis < 10**13 and 0 <= stamp.counter < 10**9 and bool(stamp.replica)


def looks_like_time(text: object) -> bool:
    """An ISO UTC time as ragtrack writes them (``2026-11-22T23:40:16.123Z``)."""
    return isinstance(text, str) and bool(_AT.match(text)) and _is_time(text)


def _is_time(text: str) -> bool:
    try:
        datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        return False
    return True


def _describe(value: Any) -> str:
    return json.dumps(value, ensure_ascii=True)


def _short(text: str, width: int = 40) -> str:
    text = "".join(c if c.isprintable() else "?" for c in str(text))
    return text if len(text) <= width else text[: width - 1] + "…"


# --- what it needs ----------------------------------------------------------------------------
@cache
def _table_facts(entity: str) -> tuple[frozenset[str], dict[str, str]]:
    """The fields a creation must give, and each reference field's kind of record (the write
    path's copy of the SQLModel tables, ``storage.db.records``, which a test checks against
    them: a sync imports no SQLAlchemy, a second of CPU)."""
    return REQUIRED[entity] & EDITABLE_FIELDS[entity], REFERENCES[entity]


def _required(entity: str) -> frozenset[str]:
    return _table_facts(entity)[0]


def needs(change: dict[str, Any], decoded: Decoded | None = None) -> list[tuple[str, str]]:
    """The records (kind, id) that must exist here before ``change`` can be applied."""
    entity, field = change["entity"], change["field"]
    references = _table_facts(entity)[1]
    if decoded is not None:
        value = decoded.value(change)
    else:
        value = None if change["new_value"] is None else parse_json(change["new_value"])
    wanted: list[tuple[str, str]] = []
    values: Any
    if field == "_create":
        values = value
    else:
        wanted.append((entity, change["entity_id"]))
        values = {field: value}
    for name, target in values.items():
        if name in references and value_is_id(target):
            wanted.append((references[name], target))
        elif name == "leads" and isinstance(target, list):
            wanted += [("officer", officer) for officer in target]
    return wanted


def value_is_id(value: Any) -> bool:
    return isinstance(value, str) and value != ""


def sort_out(
    changes: Iterable[dict[str, Any]], existing: Any, decoded: Decoded | None = None
) -> tuple[list[dict[str, Any]], list[Held]]:
    """Split well-formed ``changes`` into those that can be applied now, in creation order, and
    those that wait for a record. ``existing(kind, ids)`` says which ids are records here."""
    decoded = decoded or Decoded()
    needed = [(change, needs(change, decoded)) for change in changes]
    wanted: dict[str, set[str]] = defaultdict(set)
    for _, records in needed:
        for kind, record in records:
            wanted[kind].add(record)
    here = {kind: set(existing(kind, sorted(ids))) for kind, ids in wanted.items()}
    creations = sorted((n for n in needed if n[0]["field"] == "_create"), key=lambda n: RANK[n[0]["entity"]])
    ready: list[dict[str, Any]] = []
    held: list[Held] = []
    for change, records in [*creations, *(n for n in needed if n[0]["field"] != "_create")]:
        missing = [(kind, record) for kind, record in records if record not in here.get(kind, ())]
        if missing:
            kind, record = missing[0]
            held.append(Held(change, "waiting", f"it needs {kind} {record[:8]}, which this laptop does not have"))
            continue
        ready.append(change)
        if change["field"] == "_create":
            here.setdefault(change["entity"], set()).add(change["entity_id"])
    return ready, held


def check_all(changes: Sequence[Any], decoded: Decoded | None = None) -> tuple[list[dict[str, Any]], list[Held]]:
    """The well-formed changes (their parsed JSON put in ``decoded``), and the others held as
    invalid."""
    good: list[dict[str, Any]] = []
    bad: list[Held] = []
    valid: set[Any] = set()
    for change in changes:
        trouble = _examine(change, decoded, valid)
        if trouble is None:
            good.append(change)
        elif isinstance(change, dict) and isinstance(change.get("id"), str) and change["id"]:
            bad.append(Held(change, "invalid", trouble))
    return good, bad
