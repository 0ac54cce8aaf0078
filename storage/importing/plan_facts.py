"""Plan-level facts that every text reader looks for: organisation, overseeing body, a
timescale phrase inside an action's sentence, and wording that says an action is complete.
"""

from __future__ import annotations

import re

from models.timescale import find_timescale_in_text

_COUNCIL = re.compile(r"\b((?:[A-Z][a-z]+\s){1,3}(?:City|Borough|County|District|Metropolitan Borough|Town) Council)\b")
# Councils the seed plans name only by place; the reader says when it used this table.
_PLACE_COUNCILS = {"St Helens": "St Helens Borough Council", "Leeds": "Leeds City Council"}

_SCRUTINY = re.compile(r"((?:[A-Z][\w']*(?:\s+(?:&|and))?\s+)+Scrutiny\s+(?:Committee|Panel|Board))")
_REPORTS_TO = re.compile(r"\bplan reports to (?:the )?((?:[A-Z][\w+]*\s+)+(?:Group|Board|Committee|Panel|Forum))")
# Bodies some seeds name only by abbreviation.
_ABBREVIATED_BODIES = {
    "CYPS Panel": "Children and Young People Services Scrutiny Committee",
}

# "This action is now complete.", "has been completed"
_COMPLETE = re.compile(r"\b(?:is|are|has been|have been|was)\s+(?:now\s+)?complete(?:d)?\b", re.IGNORECASE)
# A date after "from"/"after"/"since" is when work may start, not when it is due.
_START_WORD = re.compile(r"\b(?:from|after|since|starting)\s*$", re.IGNORECASE)


def find_organisation(text: str, notes: list[str]) -> str | None:
    """The council a plan belongs to: named outright, else inferred from a known place."""
    match = _COUNCIL.search(text)
    if match:
        return match.group(1)
    for place, council in _PLACE_COUNCILS.items():
        if re.search(rf"\b{re.escape(place)}\b", text):
            notes.append(f"organisation not named; {council!r} inferred from the place name {place!r}")
            return council
    notes.append("organisation not found in the text")
    return None


def find_overseeing_body(text: str, notes: list[str]) -> str | None:
    """The committee or board the plan reports to, where the text says."""
    match = _SCRUTINY.search(text)
    if match:
        return " ".join(match.group(1).replace("&", "and").split())
    match = _REPORTS_TO.search(text)
    if match:
        body = " ".join(match.group(1).split())
        notes.append(f"overseeing body {body!r} read from 'this plan reports to ...'")
        return body
    for written, body in _ABBREVIATED_BODIES.items():
        if written in text:
            notes.append(f"overseeing body {body!r} read from the abbreviation {written!r}")
            return body
    return None


def timescale_in_text(text: str, notes: list[str], where: str) -> str:
    """The date phrase in an action's sentence, as written, or "" (with a note why)."""
    phrase = find_timescale_in_text(text)
    if not phrase:
        return ""
    before = text[: text.rfind(phrase)]
    if _START_WORD.search(before):
        notes.append(f"{where}: {phrase!r} follows 'from'/'after': a start, not a timescale; left empty")
        return ""
    notes.append(f"{where}: timescale {phrase!r} taken from the action text")
    return phrase


def reads_complete(text: str) -> bool:
    """True when the action's own text says it is done ("This action is now complete.")."""
    return bool(_COMPLETE.search(text))
