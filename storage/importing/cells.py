"""Reading one cell's words: references, statuses, ratings, completion, dates, headings, keys.

Each function takes text as written and says what it means, or None when it does not read as
that; none of them guesses silently (the caller notes what it took). Shared by every stage of the
pipeline (``columns``, ``model``, ``build``).
"""

from __future__ import annotations

import re
from datetime import date
from functools import lru_cache

from models.domain import Rag
from models.timescale import find_timescale_in_text, parse_timescale_on
from storage.importing.colours import rag_from_colour
from storage.importing.markup import one_line

# ---- status ---------------------------------------------------------------------------------------

_STATUS_WORDS = {
    "complete": (
        "complete",
        "completed",
        "done",
        "closed",
        "achieved",
        "delivered",
        "finished",
        "implemented",
        "met",
        "yes",
        "y",
        "✓",
        "✔",
        "tick",
        "ticked",
        "true",
    ),
    "withdrawn": (
        "withdrawn",
        "delete",
        "deleted",
        "removed",
        "cancelled",
        "canceled",
        "dropped",
        "no longer required",
        "not required",
        "stopped",
    ),
    "superseded": ("superseded", "replaced", "merged"),
    "open": (
        "open",
        "ongoing",
        "on going",
        "on-going",
        "in progress",
        "on track",
        "on target",
        "not started",
        "started",
        "live",
        "active",
        "underway",
        "under way",
        "delayed",
        "behind",
        "at risk",
        "overdue",
        "pending",
        "planned",
        "new",
        "not yet started",
        "progressing",
        "on hold",
        "paused",
        "deferred",
        "no",
        "n",
        "false",
        "partially",
        "partly",
        "partial",
    ),
}
_STATUS_INDEX = {w: status for status, words in _STATUS_WORDS.items() for w in words}
#: The status words of more than two letters that a longer text may start with ("completed in
#: March"), in the order of ``_STATUS_INDEX``, by their first word: a text is compared only with
#: those sharing its first word.
_STATUS_STARTS: dict[str, list[tuple[str, str]]] = {}
for _words, _status in _STATUS_INDEX.items():
    if len(_words) > 2:
        _STATUS_STARTS.setdefault(_words.split()[0], []).append((_words, _status))


@lru_cache(maxsize=4096)
def read_status(text: str) -> str | None:
    """ "Completed" -> "complete", "DELETE" -> "withdrawn", "In progress" -> "open"; None if the
    words are not a status. "Complete by May 2002" is a deadline, not a status."""
    key = " ".join(re.sub(r"[^a-z✓✔]+", " ", text.lower()).split())
    if not key:
        return None
    if key in _STATUS_INDEX:
        return _STATUS_INDEX[key]
    if re.match(r"^(?:complete|completed|done)\s+(?:by|before)\b", key):
        return None
    for words, status in _STATUS_STARTS.get(key.split(" ", 1)[0], ()):
        if key.startswith(words + " ") and len(key.split()) <= len(words.split()) + 3:
            return status
    return None


#: "COMPLETE: text" (ragtrack's own export), "DELETE - text", "DELETE because <why>: text".
_STATUS_PREFIX = re.compile(
    r"^(COMPLETE|COMPLETED|WITHDRAWN|SUPERSEDED|DELETED?)(?:\s+AND NOT APPEAR IN PLAN)?(\s+because[^:]*)?\s*[:\-–]\s*"
)


def status_prefix(text: str) -> tuple[str | None, str, str]:
    """(status, rest of the text, reason) for a text that starts with a status in capitals."""
    match = _STATUS_PREFIX.match(text)
    if not match:
        return None, text, ""
    return read_status(match.group(1)), text[match.end() :], (match.group(2) or "").strip()


_STATUS_LINE = re.compile(r"^\s*status\s*[:\-–]\s*(.+)$", re.IGNORECASE)


def status_line(text: str) -> str | None:
    """ "Status: in progress – ..." -> the status those words give (None if not a status line)."""
    match = _STATUS_LINE.match(text)
    if not match:
        return None
    words = re.split(r"\s[–—-]\s|[.;,(]", match.group(1), maxsplit=1)[0]
    return read_status(words) or "open"


# A sentence saying this action is done: "This action is now complete.", "Recommendation
# implemented.", "Complete." -- not "a number of actions have been completed:" (some of a list),
# not "until completed", not "will be completed".
_DONE_SENTENCE = re.compile(
    r"^(?:(?:this|the)\s+(?:action|recommendation|task|work|item)\s+(?:is|has\s+been|was)\s+(?:now\s+)?"
    r"|(?:action|recommendation)\s+(?:is\s+|has\s+been\s+)?(?:now\s+)?)?"
    r"(?:complete|completed|implemented|achieved|delivered|done|closed)\b(?!\s+(?:by|before)\b)"
    r"(?!.*:\s*$)",
    re.IGNORECASE,
)


@lru_cache(maxsize=16384)
def says_done(text: str) -> bool:
    """True when a sentence of ``text`` says the action itself is done (see ``_DONE_SENTENCE``).
    (Remembered: a plan's actions repeat their wording, and each is asked once per action.)"""
    for sentence in re.split(r"(?<=[.!?])\s+|\n", text):
        sentence = sentence.strip(" •·-–")
        if sentence and _DONE_SENTENCE.match(sentence):
            return True
    return False


# ---- RAG ----------------------------------------------------------------------------------------


def read_rag(cell_text: str, fill: str | None) -> tuple[str | None, str, str]:
    """(rating, how, note) from a RAG cell: its words first, else its fill colour.

    ``how`` is "text", "colour" or "" (not rated); ``note`` says what was doubtful.
    """
    words = one_line(cell_text) if "<" in cell_text or "\n" in cell_text else cell_text.strip()
    if words in ("–", "—", "-", "--") or words.lower() in ("not rated", "unrated", "no rating", "n/a"):
        words = ""
    from_colour, colour_note = rag_from_colour(fill)
    if words:
        rag = rag_word(words)
        if rag is not None:
            note = ""
            if from_colour and from_colour != rag:
                note = f"RAG cell says {words!r} but is coloured {from_colour}: the words are kept"
            return rag, "text", note
        if from_colour:
            return from_colour, "colour", f"RAG {words!r} not understood; read {from_colour} from the cell's colour"
        if read_status(words) is None:
            return None, "", f"RAG {words!r} not understood: not rated"
        return None, "", ""
    if from_colour:
        return from_colour, "colour", ""
    return None, "", (f"RAG cell: {colour_note}: not rated" if colour_note else "")


@lru_cache(maxsize=2048)
def rag_word(words: str) -> str | None:
    """ "Amber", "A", "Green - on track", "RED (behind)", "Amber/Green" -> the first rating."""
    try:
        rag = Rag.parse(words)
    except ValueError:
        rag = None
        match = re.match(r"\W*(red|amber|green|blue|[RAGB])\b", words, re.IGNORECASE)
        if match:
            rag = Rag.parse(match.group(1))
    return str(rag) if rag is not None else None


# ---- references -----------------------------------------------------------------------------------


def clean_ref(text: str) -> str:
    """ "1a)" -> "1a", "(2)" -> "2", " 3. " -> "3", "12/23(c)" and "2 (i)" kept as written."""
    ref = " ".join(one_line(text).split()) if ("<" in text or "\n" in text) else " ".join(text.split())
    ref = ref.strip(" .:;-–")
    while ref.endswith(")") and ref.count(")") > ref.count("("):
        ref = ref[:-1].rstrip(" .")
    while ref.startswith("(") and ref.count("(") > ref.count(")"):
        ref = ref[1:].lstrip()
    if ref.startswith("(") and ref.endswith(")") and ref.count("(") == 1:
        ref = ref[1:-1].strip()
    return ref


# References typed at the start of a text, most specific first:
_LEADING_REFS = [
    # "BOD 60/17(h)", "CAB 12/23 (c)": a committee minute reference
    re.compile(r"^([A-Z]{2,6}\s?\d{1,4}/\d{2,4}\s?\([a-z0-9]{1,3}\))(?:\s+|$)"),
    # "2 (i) ", "4 (iii) ": a number with a roman or letter sub-part in brackets
    re.compile(r"^(\d{1,3}\s?\((?:[ivx]{1,5}|[a-z])\))\s+(?=\S)"),
    # "R1: ", "R3:Tighten", "Rec 4. ", "AFI 2 - "
    re.compile(r"^((?:R|Rec|REC|AFI|A|S)\s?\d{1,3}[a-z]?)\s*[:.)\-–]\s*(?=\S)"),
    # "1a) ", "(2) ", "3. ", "1.2) ", "2a). "
    re.compile(r"^\(?(\d{1,3}(?:[a-z]{1,2}|\.\d{1,2})?)[).]\.?\s*(?=\S)"),
    # "a) ", "(b) ", "(iv) ", "C) ": a lettered or roman list marker, always with its bracket (a
    # bare "A. " or "I " may be the start of a sentence)
    re.compile(r"^\(?([a-zA-Z]|[ivx]{1,5})\)\s*(?=\S)"),
    # "1.2 Train", "1a Train": a sub-numbered reference before a capital
    re.compile(r"^(\d{1,2}(?:[a-z]|\.\d{1,2}))\s+(?=[A-Z])"),
]


def leading_ref(text: str) -> tuple[str, str]:
    """(ref, rest) when the text starts with a reference, else ("", text)."""
    for pattern in _LEADING_REFS:
        match = pattern.match(text)
        if match:
            rest = text[match.end() :].lstrip(" \n")
            if rest and not rest[0].isdigit():
                return clean_ref(match.group(1)), rest
    return "", text


_MAIN_REF = re.compile(r"^([A-Za-z]{0,3}\s?\d+|[A-Z])(?:[.\-]?\s*\(?([a-z]|[ivx]{1,5}|\d+)\)?)$")


def ref_parts(ref: str) -> tuple[str, str] | None:
    """ "1a" -> ("1", "a"), "2.3" -> ("2", "3"), "2 (i)" -> ("2", "i"), "R1a" -> ("R1", "a");
    None when the reference has no sub-part."""
    match = _MAIN_REF.match(ref)
    if not match or not match.group(2):
        return None
    return match.group(1).replace(" ", "") if not match.group(1)[0].isdigit() else match.group(1), match.group(2)


def ref_like(text: str) -> bool:
    """ "1a", "2.3", "Rec 3", "A", "SR (25/26) 01": short, with a digit or a lone letter."""
    text = text.strip()
    return (
        0 < len(text) <= 16
        and len(text.split()) <= 3
        and (any(c.isdigit() for c in text) or len(text) <= 2)
        and not re.search(r"[a-z]{4,}", text)
    )


def sub_ref(parent: str | None, n: int) -> str:
    """The n-th (0-based) item's reference under ``parent``: a parent ending in a digit takes a
    letter ("R1" -> "R1a", "9" -> "9a"); any other a number ("A" -> "A.1")."""
    if not parent:
        return str(n + 1)
    if parent[-1].isdigit():
        return parent + _letters(n)
    return f"{parent}.{n + 1}"


def _letters(n: int) -> str:
    text = ""
    n += 1
    while n:
        n, rest = divmod(n - 1, 26)
        text = chr(ord("a") + rest) + text
    return text


# ---- objective and theme headings -----------------------------------------------------------------

_THEME_HEADING = re.compile(
    r"^(?:theme|section|workstream|work stream|strand|priority area|portfolio)\b\s*(?:\d+|[A-Z]\b)?\s*[:.\-–]?\s*(.+)$",
    re.IGNORECASE,
)
# "Objective 1: ...", "Priority 1a Early Help", "Objective/Driver: 5. The move ..."
_KEYWORD_HEADING = re.compile(
    r"^(?:(?P<theme>[A-Z]{4,})\s*:\s*)?"
    r"(?:objective(?:/driver)?|recommendation|rec|driver|priority|outcome|aim|goal|key objective|area for improvement)"
    r"\s*[:.]?\s*\$?(?P<ref>\d{1,3}[a-z]?|[A-Z]{1,2}\d?)(?:\$|\b)\s*[.:)\-–]?\s*(?P<text>.*)$",
    re.IGNORECASE | re.DOTALL,
)
_NUMBERED_HEADING = re.compile(r"^(\d{1,2}|[A-Z])\s*[.):\-–]\s+(\S.{2,})$", re.DOTALL)


def heading_kind(text: str, strict: bool = True) -> tuple[str, str | None, str, str | None] | None:
    """What a heading names: ("theme", None, name, None) or ("objective", ref or None, text,
    theme or None); None when ``strict`` and the text does not read as a heading."""
    text = " ".join(text.split())
    if not text:
        return None
    match = _THEME_HEADING.match(text)
    if match:
        return "theme", None, match.group(1).strip(), None
    match = _KEYWORD_HEADING.match(text)
    if match:
        return "objective", match.group("ref"), match.group("text").strip(), match.group("theme")
    match = _NUMBERED_HEADING.match(text)
    if match:
        return "objective", match.group(1), match.group(2).strip(), None
    if all_capitals(text) and len(text.split()) <= 8:
        return "theme", None, text.rstrip(":").strip(), None
    return None if strict else ("objective", None, text, None)


def all_capitals(text: str) -> bool:
    if text != text.upper():  # a lower-case letter somewhere (the usual case: decided at once)
        return False
    return sum(1 for c in text if c.isalpha()) >= 3


@lru_cache(maxsize=16384)
def timescale_of(text: str):
    """``parse_timescale`` of a text, worked out once per text: plans repeat their timescales
    ("March 2026", "Ongoing") on row after row. Shares ``parse_timescale_on``'s memory with the
    write path, which works out the same timescales' due dates on the same day."""
    return parse_timescale_on(text, date.today())


@lru_cache(maxsize=4096)
def split_objective(text: str) -> tuple[str | None, str]:
    """An objective cell: "Objective 1. Text" / "1. Text" / "R1: Text" -> (ref, text); "1" ->
    ("1", ""); "Text" -> (None, "Text")."""
    text = " ".join(text.split())
    if re.fullmatch(r"(?:(?:objective|recommendation|rec|driver)\s*)?(\d{1,3}[a-z]?|[A-Z]{1,2})[.:)]?", text, re.I):
        return clean_ref(re.sub(r"^(?:objective|recommendation|rec|driver)\s*", "", text, flags=re.IGNORECASE)), ""
    kind = heading_kind(text)
    if kind and kind[0] == "objective":
        return kind[1], kind[2]
    ref, rest = leading_ref(text)
    if ref:
        return ref, rest
    return None, text


# ---- the initials key -----------------------------------------------------------------------------

_KEY_ENTRY = re.compile(r"(?<![A-Za-z])([A-Z]{2,4})\s*(?:=|–|—|:|-)\s*([A-Z][a-z'’]+(?:[\s-]+[A-Z][a-zA-Z'’]+){1,2})")


def key_entries(text: str) -> dict[str, str]:
    """ "JR = Jackie Roper; AY – Allison Yates" -> {"JR": "Jackie Roper", "AY": "Allison Yates"}.

    An entry counts only when the initials start with the name's first letter and end with its
    surname's, so "NHS - Leeds Teaching" is not read as a person."""
    if "=" not in text and "–" not in text and "-" not in text and ":" not in text and "—" not in text:
        return {}
    found = {}
    for initials, name in _KEY_ENTRY.findall(text):
        words = re.split(r"[\s-]+", name)
        if initials[0] == words[0][0] and initials[-1] in {w[0] for w in words[1:]}:
            found[initials] = " ".join(name.split())
    return found


def is_key_text(text: str) -> bool:
    """True when a cell or line holds nothing but key entries."""
    entries = key_entries(text)
    if not entries:
        return False
    rest = _KEY_ENTRY.sub("", text)
    return not re.search(r"[A-Za-z]{2,}", re.sub(r"(?i)\bkey\b", "", rest))


# ---- plan facts -----------------------------------------------------------------------------------

_AS_AT = re.compile(r"\bas at\s+(\d{1,2}(?:st|nd|rd|th)?[ /.\-]\w+[ /.\-]\d{2,4})", re.IGNORECASE)


def as_at_in(text: str) -> date | None:
    """The day in "Summary version as at 22 July 2015" / "as at 31/03/2025", if any."""
    if "as at" not in text.lower():
        return None
    match = _AS_AT.search(text)
    if not match:
        return None
    when = timescale_of(match.group(1).strip(" .)"))
    return when.start if when.understood and when.start and when.start == when.end else None


_RAG_DEFINITION = re.compile(
    r"\b(Green|Amber|Red|Blue)\s*[=:]\s*(.+?)\s*[.;]?\s*(?=\b(?:Green|Amber|Red|Blue)\s*[=:]|$)"
)


def rag_definitions_in_text(text: str) -> dict[str, str]:
    """ "RAG status definition: Green = on schedule... Red = ..." -> {"green": ..., ...}."""
    if "rag" not in text.lower() or "=" not in text:
        return {}
    body = re.split(r"definitions?\s*:", text, maxsplit=1, flags=re.IGNORECASE)[-1]
    return {m[1].lower(): m[2].strip() for m in _RAG_DEFINITION.finditer(body)}


# ---- dates ----------------------------------------------------------------------------------------


@lru_cache(maxsize=8192)
def dated(text: str) -> date | None:
    """The end of the window a date-like text gives ("31/03/2026", "Q3 2025/26"), else None."""
    if not text or len(text) > 60 or (not any(c.isdigit() for c in text) and not _MONTHISH.search(text)):
        return None
    parsed = timescale_of(text)
    return parsed.end if parsed.understood and not parsed.undated else None


_MONTHISH = re.compile(
    r"\b(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec|spring|summer|autumn|winter|annual|quarter|q[1-4])",
    re.IGNORECASE,
)

# A date in prose that is not when the action is due: a meeting it mentions, a start.
_NOT_DUE_BEFORE = re.compile(
    r"\b(meetings?|minutes|held|dated|since|from|after|starting|commencing|beginning|last|previous)\b[^.;:]{0,40}$",
    re.IGNORECASE,
)
_DUE_HINT = re.compile(r"\b(?:by|before|due|deadline|implementation|implement(?:ed)?|when|date|target)\b", re.I)


def timescale_in_text(text: str, header: str = "") -> tuple[str, str]:
    """A due date written inside an action's text, as written, and a note saying so; ("", "")
    when there is none. Only a date that ends the text, or any date when the column's header
    says the cell holds one ("Agreed Action and Date of Implementation"), and never one that
    dates a meeting or a start ("the meeting held on 24 May 2017", "from July 2021")."""
    phrase = find_timescale_in_text(text)
    if not phrase:
        return "", ""
    before = text[: text.rfind(phrase)]
    after = text[text.rfind(phrase) + len(phrase) :].strip(" .)")
    refused = _NOT_DUE_BEFORE.search(before[-60:])
    if refused:
        word = refused.group(1).lower()
        what = (
            "a start" if word in ("from", "after", "since", "starting", "commencing", "beginning") else "a past event"
        )
        return "", f"{phrase!r} follows '{word}': {what}, not a timescale; left empty"
    if after and not _DUE_HINT.search(header):
        return "", ""
    return phrase, f"timescale {phrase!r} taken from the action text"


__all__ = [
    "all_capitals",
    "as_at_in",
    "clean_ref",
    "dated",
    "heading_kind",
    "is_key_text",
    "key_entries",
    "leading_ref",
    "rag_definitions_in_text",
    "rag_word",
    "read_rag",
    "read_status",
    "ref_like",
    "ref_parts",
    "says_done",
    "split_objective",
    "status_line",
    "status_prefix",
    "sub_ref",
    "timescale_in_text",
]
