"""Officers join, change, leave and turn out to be the same person: each through the one write
path (``storage.writes``), so each is one undo step and syncs.

    with edit(store, actor="Jackie Roper") as editor:
        merge_officers(editor, keep=catherine, duplicate=cathryn)   # leads moved, duplicate tombstoned
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from typing import Any

from storage.db import ReadTxn
from storage.db.officers import OfficerRow
from storage.errors import EditRefused, NotFound
from storage.officers import initials_of, match_officers, name_key
from storage.writes import Editor

#: The details an officer's record holds that a person may edit, in form order.
OFFICER_FIELDS = ("name", "initials", "job_title", "email")
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
_INITIALS = re.compile(r"^[A-Za-z][A-Za-z.'-]{0,7}$")


def clean_officer_fields(values: dict[str, Any]) -> dict[str, Any]:
    """The given details checked and tidied ("" clears an optional one); one clear line if not."""
    clean: dict[str, Any] = {}
    for field, value in values.items():
        if field not in OFFICER_FIELDS:
            raise EditRefused(f"an officer has no field {field!r}")
        text = " ".join(str(value or "").split())
        if field == "name":
            if not text:
                raise EditRefused("an officer needs a name")
        elif field == "initials" and text:
            text = text.replace(" ", "").upper()
            if not _INITIALS.match(text):
                raise EditRefused(f"initials are letters, e.g. JR: not {value!r}")
        elif field == "email" and text and not _EMAIL.match(text):
            raise EditRefused(f"not an email address: {value!r}")
        clean[field] = text if field == "name" else (text or None)
    return clean


def _check_name_free(txn: ReadTxn, name: str, except_id: str | None = None) -> None:
    for officer in txn.officers.names():
        if officer.id != except_id and name_key(officer.name) == name_key(name):
            raise EditRefused(f"there is already an officer called {officer.name}")


def shared_initials(txn: ReadTxn, officer_id: str) -> list[str]:
    """The other officers with the same initials as this one (whom ``--officer XX`` would make
    ambiguous)."""
    officers = txn.officers.names()
    me = next((o for o in officers if o.id == officer_id), None)
    if me is None or not me.initials:
        return []
    return [o.name for o in officers if o.id != officer_id and (o.initials or "").upper() == me.initials.upper()]


def add_officer(editor: Editor, name: str, **details: Any) -> str:
    """A new officer. Initials default to the name's ("Jackie Roper" -> "JR")."""
    values = clean_officer_fields({"name": name, **details})
    _check_name_free(editor.txn, values["name"])
    if not values.get("initials"):
        values["initials"] = initials_of(values["name"]) or None
    return editor.create("officer", **{k: v for k, v in values.items() if v is not None})


def edit_officer(editor: Editor, officer_id: str, **details: Any) -> list[str]:
    """Change an officer's name, initials, job title or email; returns the fields changed."""
    values = clean_officer_fields(details)
    if "name" in values:
        _check_name_free(editor.txn, values["name"], except_id=officer_id)
    return [field for field, value in values.items() if editor.set("officer", officer_id, field, value)]


@dataclass(frozen=True)
class OpenAction:
    id: str
    ref: str
    plan: str
    text: str = ""

    @property
    def title(self) -> str:
        """The first line of the action's text."""
        return self.text.strip().split("\n", 1)[0]


def open_actions_of(txn: ReadTxn, officer_id: str) -> list[OpenAction]:
    """The open actions an officer leads (for reassignment when they leave)."""
    return [OpenAction(*row) for row in txn.structure.open_actions_led_by(officer_id)]


def mark_left(editor: Editor, officer_id: str, day: date) -> list[OpenAction]:
    """Record that an officer has left (kept, for the history): returns their open actions, to be
    given a new lead (``reassign``)."""
    editor.require("officer", officer_id)
    if editor.txn.records.value("officer", officer_id, "left_on") is not None:
        raise EditRefused("that officer is already marked as left")
    editor.set("officer", officer_id, "left_on", day)
    return open_actions_of(editor.txn, officer_id)


def mark_returned(editor: Editor, officer_id: str) -> bool:
    """Undo "left" as a new change (they came back, or it was a mistake)."""
    return editor.set("officer", officer_id, "left_on", None)


def reassign(editor: Editor, from_id: str, to_id: str, action_ids: list[str] | None = None) -> int:
    """Put officer ``to_id`` in ``from_id``'s place among the leads of these actions (by default
    all their open actions), keeping the order of leads. Returns the actions changed."""
    editor.require("officer", to_id)
    if from_id == to_id:
        raise EditRefused("choose another officer to take the actions over")
    ids = action_ids if action_ids is not None else [a.id for a in open_actions_of(editor.txn, from_id)]
    changed = 0
    for action_id in ids:
        leads = editor.txn.records.value("action", action_id, "leads")
        if from_id not in leads:
            continue
        new = list(dict.fromkeys(to_id if lead == from_id else lead for lead in leads))
        changed += editor.set_leads(action_id, new)
    return changed


@dataclass(frozen=True)
class Merged:
    keep: str
    duplicate: str
    actions: int  # actions whose leads named the duplicate
    filled: tuple[str, ...]  # details the kept record took from the duplicate


def merge_officers(editor: Editor, keep: str, duplicate: str) -> Merged:
    """Two records of one person ("Catherine White" and "Cathryn White") become one: every action
    the duplicate leads names the kept officer instead (in the same place among its leads), the
    kept record takes any detail it lacks from the duplicate, and the duplicate is tombstoned,
    marked as merged into the kept one. One transaction: one undo step, one synced change group."""
    if keep == duplicate:
        raise EditRefused("choose two different officers to merge")
    editor.require("officer", keep)
    editor.require("officer", duplicate)
    txn = editor.txn
    moved = 0
    for action_id in txn.structure.actions_led_by(duplicate):
        if txn.records.deleted("action", action_id):
            continue
        leads = txn.records.value("action", action_id, "leads")
        moved += editor.set_leads(action_id, list(dict.fromkeys(keep if lead == duplicate else lead for lead in leads)))
    filled = []
    for field in ("initials", "job_title", "email", "phone", "team"):
        mine = txn.records.value("officer", keep, field)
        theirs = txn.records.value("officer", duplicate, field)
        if not mine and theirs and editor.set("officer", keep, field, theirs):
            filled.append(field)
    editor.set("officer", duplicate, "merged_into", keep)
    editor.delete("officer", duplicate, reason="merged")
    return Merged(keep, duplicate, moved, tuple(filled))


def find_officer(txn: ReadTxn, text: str, include_left: bool = True) -> OfficerRow:
    """The one officer a typed name or initials means; one clear line when none or several."""
    officers = [o for o in txn.officers.names() if include_left or o.left_on is None]
    match = match_officers(officers, text)
    found = match.named or match.initialled
    if len(found) == 1:
        return found[0]
    if len(found) > 1:
        raise EditRefused(
            f"{text.strip()!r} fits several officers ({', '.join(o.name for o in found)}): give the full name"
        )
    if len(match.containing) == 1:
        return match.containing[0]
    if match.containing:
        raise EditRefused(
            f"{text.strip()!r} fits several officers ({', '.join(o.name for o in match.containing)}): give more of the name"
        )
    raise NotFound(f"no officer matches {text.strip()!r} (see ragtrack officers)")
