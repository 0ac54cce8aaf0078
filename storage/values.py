"""How field values travel: JSON in the change log, Python values in rows.

One place decides the editable fields of each entity and how their values are checked and
encoded, so the write path, undo and sync all agree.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Sequence
from datetime import date
from typing import Any, TypeVar

from models.domain import ProgressKind, Rag, Status
from storage.errors import EditRefused

T = TypeVar("T")

#: The fields an edit may set, per entity. ``leads`` is the action's ordered officer ids.
EDITABLE_FIELDS: dict[str, frozenset[str]] = {
    "plan": frozenset(
        {
            "title",
            "organisation",
            "overseeing_body",
            "approved_on",
            "as_at",
            "rag_definitions",
            "lead_contact",
            "strategic_lead",
            "source_key",
        }
    ),
    "theme": frozenset({"plan_id", "name", "position"}),
    "objective": frozenset({"plan_id", "theme_id", "ref", "text", "criteria", "position"}),
    "action": frozenset({"plan_id", "objective_id", "ref", "text", "status", "rag", "timescale", "leads", "position"}),
    "officer": frozenset({"name", "initials", "job_title", "team", "email", "phone", "left_on", "merged_into"}),
    "progress": frozenset({"action_id", "kind", "entry_date", "author", "text"}),
    "review": frozenset({"plan_id", "as_at", "label", "started_at", "started_by"}),
}
DATE_FIELDS = frozenset({"approved_on", "as_at", "entry_date", "left_on"})
REQUIRED_TEXT = {("plan", "title"), ("theme", "name"), ("officer", "name")}


def to_json(value: Any) -> str:
    return _encode_json(value)


def from_json(text: str | None) -> Any:
    return None if text is None else json.loads(text)


def _encode(value: Any) -> Any:
    if isinstance(value, date):
        return value.isoformat()
    raise TypeError(f"cannot store {type(value).__name__}")


# One encoder for every value (json.dumps with options builds a new one per call; imports and
# syncs encode hundreds of thousands of values). Values are plain data: no cycles to look for.
_ENCODER = json.JSONEncoder(default=_encode, ensure_ascii=False, separators=(",", ":"), check_circular=False)


def _json_encoder() -> Callable[[Any], str]:
    """``_ENCODER.encode``, the same text, but with its C encoder made once: ``encode`` makes a
    new one for every value, which is half the cost of encoding an import's small records."""
    make = getattr(json.encoder, "c_make_encoder", None)
    if make is None:  # no C accelerator in this Python: the pure-Python encoder, as before
        return _ENCODER.encode
    encoder = make(None, _encode, json.encoder.encode_basestring, None, ":", ",", False, False, True)

    def encode(value: Any) -> str:
        return "".join(encoder(value, 0))

    return encode


_encode_json = _json_encoder()


def to_json_objects(fields: Sequence[str], columns: Sequence[Sequence[Any]], count: int) -> list[str]:
    """``to_json`` of ``count`` dicts with the same keys (``fields``, in this order), their values
    given a field at a time (``columns[k]``: the values of ``fields[k]``): the same texts, each
    column encoded at once (an import encodes tens of thousands of records, most of their values
    plain text) and each record's text made by one format."""
    if not fields:
        return ["{}"] * count
    quote = json.encoder.encode_basestring  # what the encoder writes for a str (ensure_ascii off)
    template = "{" + ",".join(quote(name).replace("%", "%%") + ":%s" for name in fields) + "}"
    encoded = [_json_column(column) for column in columns]
    return [template % parts for parts in zip(*encoded, strict=True)]


def _json_column(values: Sequence[Any]) -> list[str]:
    """``to_json`` of each of one column's values: text at once, others once per value."""
    if set(map(type, values)) == {str}:
        return list(map(json.encoder.encode_basestring, values))
    return map_once(_encode_json, values)


def map_once(work: Callable[[Any], T], values: Iterable[Any]) -> list[T]:
    """``work`` of each of ``values``, worked out once per distinct value (an import's columns
    repeat their statuses, ratings, kinds and dates); a value that cannot be hashed (a list)
    each time. Values are told apart by type too (``1``, ``1.0`` and ``True`` are equal)."""
    done: dict[tuple[type, Any], T] = {}
    result = []
    for value in values:
        key = (type(value), value)
        try:
            known = done[key]
        except KeyError:
            known = done[key] = work(value)
        except TypeError:
            known = work(value)
        result.append(known)
    return result


def clean_value(entity: str, field: str, value: Any) -> Any:
    """Check and normalise a value for ``entity.field``; raise EditRefused with a clear line."""
    return cleaner(entity, field)(value)


def cleaner(entity: str, field: str) -> Callable[[Any], Any]:
    """What ``clean_value`` does for ``entity.field``, as a function of the value (looked up once
    when many values of one field are cleaned: an import cleans hundreds of thousands)."""
    found = _CLEANERS.get((entity, field))
    if found is None:
        if field not in EDITABLE_FIELDS.get(entity, ()):
            raise EditRefused(f"{entity} has no editable field {field!r}")
        found = _CLEANERS[(entity, field)] = _make_cleaner(entity, field)
    return found


def keeps_text(entity: str, field: str) -> bool:
    """Whether ``clean_value`` gives every text value of ``entity.field`` back unchanged (a text
    field that may be blank): callers cleaning many values may skip the call for text."""
    cleaner(entity, field)  # an unknown field is refused as ``clean_value`` refuses it
    return (entity, field) in _TEXT_AS_IS


_TEXT_AS_IS: set[tuple[str, str]] = set()  # fields whose cleaner returns any text as it is
_CLEANERS: dict[tuple[str, str], Callable[[Any], Any]] = {}
_KINDS = {kind.value: kind.value for kind in ProgressKind}
_RAGS: dict[str, str | None] = {}  # ratings and statuses as written -> as stored, once read
_STATUSES: dict[str, str] = {}


def _make_cleaner(entity: str, field: str) -> Callable[[Any], Any]:
    if field in DATE_FIELDS:
        return lambda value: _clean_date(field, value)
    if field == "rag":
        return _clean_rag
    if field == "status":
        return _clean_status
    if field == "kind":
        return _clean_kind
    if field == "leads":
        return _clean_leads
    if field == "position":
        return lambda value: int(value or 0)
    if field == "rag_definitions":
        return lambda value: value if isinstance(value, str) else to_json(value or {})
    required = (entity, field) in REQUIRED_TEXT
    blank_is_empty = field in ("text", "timescale", "ref")
    if not required:
        _TEXT_AS_IS.add((entity, field))

    def clean_text(value: Any) -> Any:
        if value is not None and not isinstance(value, str):
            value = str(value)
        if required and not (value or "").strip():
            raise EditRefused(f"{entity} {field} cannot be empty")
        if blank_is_empty and value is None:
            value = ""
        return value

    return clean_text


def _clean_rag(value: Any) -> str | None:
    if isinstance(value, str) and value in _RAGS:
        return _RAGS[value]
    try:
        rag = value if value is None or isinstance(value, Rag) else Rag.parse(str(value))
    except ValueError as error:
        raise EditRefused(str(error)) from None
    if isinstance(value, str):
        _RAGS[value] = rag.value if rag else None  # a valid rating as written: few distinct ones
    return rag.value if rag else None


def _clean_status(value: Any) -> str:
    if isinstance(value, str) and value in _STATUSES:
        return _STATUSES[value]
    try:
        status = Status.parse(str(value)).value
    except ValueError as error:
        raise EditRefused(str(error)) from None
    if isinstance(value, str):
        _STATUSES[value] = status
    return status


def _clean_kind(value: Any) -> str:
    kind = _KINDS.get(value) if isinstance(value, str) else None
    if kind is not None:
        return kind
    try:
        return ProgressKind(str(value)).value
    except ValueError:
        raise EditRefused(f"not a progress kind: {value!r} (achieved, next, note)") from None


def _clean_leads(value: Any) -> list[str]:
    return list(dict.fromkeys(str(v) for v in (value or [])))  # no duplicates, order kept


def _clean_date(field: str, value: Any) -> date | None:
    if value is None or value == "":
        return None
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value))
    except ValueError:
        raise EditRefused(f"{field} must be a date (YYYY-MM-DD), not {value!r}") from None


def row_value(field: str, json_value: Any) -> Any:
    """A value decoded from the change log, as the row stores it."""
    if field in DATE_FIELDS and isinstance(json_value, str):
        return date.fromisoformat(json_value)
    return json_value
