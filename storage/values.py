"""How field values travel: JSON in the change log, Python values in rows.

One place decides the editable fields of each entity and how their values are checked and
encoded, so the write path, undo and sync all agree.
"""

from __future__ import annotations

import json
from datetime import date
from typing import Any

from models.domain import ProgressKind, Rag, Status
from storage.errors import EditRefused

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
    return _ENCODER.encode(value)


def from_json(text: str | None) -> Any:
    return None if text is None else json.loads(text)


def _encode(value: Any) -> Any:
    if isinstance(value, date):
        return value.isoformat()
    raise TypeError(f"cannot store {type(value).__name__}")


# One encoder for every value (json.dumps with options builds a new one per call; imports and
# syncs encode hundreds of thousands of values).
_ENCODER = json.JSONEncoder(default=_encode, ensure_ascii=False, separators=(",", ":"))


def clean_value(entity: str, field: str, value: Any) -> Any:
    """Check and normalise a value for ``entity.field``; raise EditRefused with a clear line."""
    if field not in EDITABLE_FIELDS.get(entity, ()):
        raise EditRefused(f"{entity} has no editable field {field!r}")
    if field in DATE_FIELDS:
        return _clean_date(field, value)
    if field == "rag":
        try:
            rag = value if value is None or isinstance(value, Rag) else Rag.parse(str(value))
        except ValueError as error:
            raise EditRefused(str(error)) from None
        return rag.value if rag else None
    if field == "status":
        try:
            return Status.parse(str(value)).value
        except ValueError as error:
            raise EditRefused(str(error)) from None
    if field == "kind":
        try:
            return ProgressKind(str(value)).value
        except ValueError:
            raise EditRefused(f"not a progress kind: {value!r} (achieved, next, note)") from None
    if field == "leads":
        leads = list(dict.fromkeys(str(v) for v in (value or [])))  # no duplicates, order kept
        return leads
    if field == "position":
        return int(value or 0)
    if field == "rag_definitions":
        return value if isinstance(value, str) else to_json(value or {})
    if value is not None and not isinstance(value, str):
        value = str(value)
    if (entity, field) in REQUIRED_TEXT and not (value or "").strip():
        raise EditRefused(f"{entity} {field} cannot be empty")
    if field in ("text", "timescale", "ref") and value is None:
        value = ""
    return value


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
