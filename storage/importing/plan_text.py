"""Plan-level facts from the text around the tables: the plan's name, its organisation and the
body that oversees it.

The name is the document's first title or heading that is a name: not a security marking
("PUBLIC", "OFFICIAL"), not a bare label ("Annex 2", "Appendix A", "Item 2", "Key"), not an
organisation's name (that is the organisation), without "Appendix 1." before it or "- Appendix 6"
after it, and without Markdown marks. A very short first heading (a programme's name, "From
Care2Work") is completed by the heading after it.
"""

from __future__ import annotations

import re

_COUNCIL = re.compile(r"\b((?:[A-Z][a-z]+\s){1,3}(?:City|Borough|County|District|Metropolitan Borough|Town) Council)\b")
# Councils the seed plans name only by place; the reader says when it used this table.
_PLACE_COUNCILS = {"St Helens": "St Helens Borough Council", "Leeds": "Leeds City Council"}

_SCRUTINY = re.compile(r"((?:[A-Z][\w']*(?:\s+(?:&|and))?\s+)+Scrutiny\s+(?:Committee|Panel|Board))")
_REPORTS_TO = re.compile(r"\bplan reports to (?:the )?((?:[A-Z][\w+]*\s+)+(?:Group|Board|Committee|Panel|Forum))")
# Bodies some seeds name only by abbreviation.
_ABBREVIATED_BODIES = {
    "CYPS Panel": "Children and Young People Services Scrutiny Committee",
}


def find_organisation(text: str, notes: list[str]) -> str | None:
    """The council a plan belongs to: named outright, else inferred from a known place."""
    # (Each pattern tried only on a text holding the word it must match: tried at every capital
    # letter of a plan's 400 rows, it costs more than the rest of naming the plan.)
    match = _COUNCIL.search(text) if "Council" in text else None
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
    match = _SCRUTINY.search(text) if "Scrutiny" in text else None  # (as ``find_organisation``)
    if match:
        return " ".join(match.group(1).replace("&", "and").split())
    match = _REPORTS_TO.search(text) if "plan reports to" in text else None
    if match:
        body = " ".join(match.group(1).split())
        notes.append(f"overseeing body {body!r} read from 'this plan reports to ...'")
        return body
    for written, body in _ABBREVIATED_BODIES.items():
        if written in text:
            notes.append(f"overseeing body {body!r} read from the abbreviation {written!r}")
            return body
    return None


_MARKING = re.compile(
    r"^(?:public|official(?:[- ]sensitive)?|not protectively marked|restricted|confidential|protect|"
    r"unclassified|draft|final|for information|for decision|exempt|private)\.?$",
    re.IGNORECASE,
)
_LABEL = re.compile(
    r"^(?:annex|appendix|app\.?|schedule|item|agenda item|attachment|enclosure|document|part|page|key|"
    r"report|table)\s*[A-Z0-9]{0,4}[.:]?$",
    re.IGNORECASE,
)
_LABEL_PREFIX = re.compile(r"^(?:annex|appendix|schedule)\s+[A-Z0-9]{1,4}\s*(?:[.:\-–—]\s*|\s+)", re.IGNORECASE)
_LABEL_SUFFIX = re.compile(r"\s+[-–—:]\s*(?:annex|appendix|schedule)\s+[A-Z0-9]{1,4}\.?$", re.IGNORECASE)
_ORGANISATION = re.compile(
    r"\b(?:council|directorate|department|nhs trust|foundation trust|health board|trust|authority|"
    r"partnership|board)\s*$",
    re.IGNORECASE,
)
#: Words naming a plan rather than an organisation ("Action plan of the ... Board").
_PLAN_WORDS = re.compile(
    r"\b(?:plan|plans|action|actions|tracker|tracking|log|list|summary|programme|strategy|review|report|"
    r"recommendations|scheme|timetable|update|progress|improvement|objectives)\b",
    re.IGNORECASE,
)
_SITE_SUFFIX = re.compile(r"\s+[|–—-]\s+[^|–—-]{3,60}$")


def clean_title(text: str) -> str:
    """A heading as a plan name: no Markdown marks, no "Appendix 1." before or "- Appendix 6" after."""
    text = " ".join(text.replace("**", "").replace("__", "").lstrip("#").split())
    text = _LABEL_PREFIX.sub("", text)
    return _LABEL_SUFFIX.sub("", text).strip(" .:-–")


def is_name(text: str) -> bool:
    """Whether a line can name the plan."""
    plain = clean_title(text)
    if len(plain) < 4 or len(plain) > 160 or not re.search(r"[A-Za-z]{3}", plain):
        return False
    if _MARKING.match(plain) or _LABEL.match(plain) or _LABEL.match(text.strip()):
        return False
    if _ORGANISATION.search(plain) and (len(plain.split()) <= 6 or not _PLAN_WORDS.search(plain)):
        return False  # "Hull and East Yorkshire Hospitals NHS Trust" is who, not what
    return not plain.endswith(":") and len(plain.split()) <= 25


def choose_title(lines: list, fallback: str, own_title: str | None = None) -> str:
    """The plan's name from the document's lines before its table (``grid.Line``s; rows above a
    spreadsheet's header count as lines), else its own title property, else ``fallback``."""
    return title_and_lines(lines, fallback, own_title)[0]


def title_and_lines(lines: list, fallback: str, own_title: str | None = None) -> tuple[str, list]:
    """The plan's name (as ``choose_title``) and the lines it was taken from."""
    candidates = [line for line in lines if is_name(line.text)]
    ranked = sorted(
        range(len(candidates)),
        key=lambda i: (
            0 if candidates[i].level == 0 else 1 if candidates[i].level == 1 else 2 if candidates[i].bold else 3,
            i,
        ),
    )
    if ranked:
        first = ranked[0]
        line = candidates[first]
        title = clean_title(line.text)
        used = [line]
        if line.level is not None and len(title.split()) <= 3 and first + 1 < len(candidates):
            following = candidates[first + 1]
            if following.level is not None and following.level >= (line.level or 0):
                title = f"{title} {_subtitle(following.text)}"
                used.append(following)
        return title, used
    if own_title and is_name(own_title) and not re.fullmatch(r"(?:document|microsoft word)\b.*", own_title, re.I):
        return clean_title(_SITE_SUFFIX.sub("", own_title)), []
    return fallback, []


def _subtitle(text: str) -> str:
    """A heading completing a short name, without its dates in brackets or a closing run of
    capitals ("Employability Support Work Plan ONGOING ACTIONS – SUMMARY (22 July 2015 – ...)")."""
    text = clean_title(re.sub(r"\s*\(.*$", "", text))
    words = text.split()
    while len(words) > 2 and (words[-1].isupper() or words[-1] in ("–", "-")) and not words[0].isupper():
        words.pop()
    return " ".join(words)
