"""Parse the free-text timescale officers write against an action ("04/14", "Summer term 2021").

The text is kept exactly as written; we only *derive* a due window from it for overdue
checks. Conventions are UK: dates are always day-first, two-digit years are 20xx, financial
years run April to March, school terms are Autumn (Sep-Dec), Spring (Jan-Mar), Summer (Apr-Jul).
Anything we cannot read is flagged ``understood=False`` rather than guessed.

Standard library only and cheap to import (no ``dataclasses``: it pulls in ``inspect``,
which alone costs ~10 ms), so the fast read path can use it.
"""

from __future__ import annotations

import re
from datetime import date, timedelta
from functools import lru_cache, partial

TYPE_CHECKING = False  # importing typing would cost the light read path (test_import_is_light)
if TYPE_CHECKING:
    from collections.abc import Callable
    from typing import Any

_MON = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
_FLAGS = re.IGNORECASE | re.ASCII  # ASCII: \d must not match Arabic-Indic etc. digits
# Month names as officers abbreviate them: "Sep", "Sept", "September"; longest first.
_MONTH = r"(jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)"
_YY = r"(\d{4}|\d{2})"  # a 4-digit or 2-digit (= 20xx) year

#: One date expression read: (start, end, whether the year came from the reference date).
Window = tuple[date, date, bool]


class _LazyRe:
    """A regex compiled on first use: compiling all of ours at import would cost ~10 ms."""

    def __init__(self, pattern: str) -> None:
        self.pattern = pattern

    def __getattr__(self, name: str) -> Any:  # first use only; afterwards the methods are attributes
        rx = re.compile(self.pattern, _FLAGS)
        for method in ("fullmatch", "match", "search", "split", "sub", "finditer"):
            setattr(self, method, getattr(rx, method))
        return getattr(rx, name)


class Timescale:
    """A parsed timescale: the text as written plus the window derived from it.

    Behaves like a frozen dataclass (fields, ``==``, ``hash``, ``repr``, immutable).
    ``end`` is the due date; ``start`` is None for deadlines ("By October 2021").
    """

    __slots__ = ("text", "start", "end", "ongoing", "undated", "understood")  # noqa: RUF023 (positional order)
    text: str
    start: date | None
    end: date | None
    ongoing: bool
    undated: bool
    understood: bool
    __match_args__ = ("text", "start", "end", "ongoing", "undated", "understood")

    def __init__(
        self, text: str, start: date | None, end: date | None, ongoing: bool, undated: bool, understood: bool
    ) -> None:
        for name, value in zip(self.__slots__, (text, start, end, ongoing, undated, understood), strict=False):
            object.__setattr__(self, name, value)

    def __setattr__(self, name: str, *value: object) -> None:
        raise AttributeError(f"Timescale is immutable; cannot change {name!r}")

    __delattr__ = __setattr__

    def _fields(self) -> tuple[object, ...]:
        return tuple(getattr(self, name) for name in self.__slots__)

    def __eq__(self, other: object) -> bool:
        if other.__class__ is not self.__class__:
            return NotImplemented
        assert isinstance(other, Timescale)
        return self._fields() == other._fields()

    def __hash__(self) -> int:
        return hash(self._fields())

    def __reduce__(
        self,
    ) -> tuple[type[Timescale], tuple[object, ...]]:  # pickling/copy: __setattr__ is blocked, so rebuild via __init__
        return (Timescale, self._fields())

    def __repr__(self) -> str:
        inner = ", ".join(f"{n}={v!r}" for n, v in zip(self.__slots__, self._fields(), strict=False))
        return f"Timescale({inner})"

    @property
    def due(self) -> date | None:
        """The date used for overdue checks (the last day of the window)."""
        return self.end

    def describe(self) -> str:
        """A short human description of the parsed window, e.g. "Apr 2014 (due 30/04/2014)"."""
        start, end = self.start, self.end
        if not self.understood:
            return "not understood"
        if start is not None and end is None:
            return f"from {format_due(start)}, ongoing"
        if end is None:
            return "ongoing" if self.ongoing else ("no date" if self.text.strip() else "no timescale")
        if start is None:
            return f"by {format_due(end)}"
        if start == end:
            return f"due {format_due(end)}"
        if start.day == 1 and ((end.month, end.day) == (12, 31) or (end + timedelta(1)).day == 1):
            label = f"{_MON[start.month - 1]} {start.year}"
            if (start.year, start.month) != (end.year, end.month):
                label += f" to {_MON[end.month - 1]} {end.year}"
        else:
            label = f"{format_due(start)} to {format_due(end)}"
        return f"{label} (due {format_due(end)})"


def days_from(day: date, days: int) -> date:
    """``day`` moved by ``days`` (negative: back), held at the calendar's ends instead of
    overflowing: "no update for 999,999,999 days" means before any day there is."""
    try:
        return day + timedelta(days=days)
    except OverflowError:
        return date.max if days > 0 else date.min


def format_due(d: date) -> str:
    """A date the one way ragtrack shows dates on every screen: day-first as officers write
    them, independent of locale: "30/04/2014"."""
    return f"{d.day:02d}/{d.month:02d}/{d.year:04d}"


def day_text(d: date | None, missing: str = "") -> str:
    """A date the way officers write it, day-first and independent of locale: "30/04/2014"
    (``missing`` when there is none)."""
    return missing if d is None else format_due(d)


_DAY_FIRST = re.compile(r"(\d{1,2})[/.-](\d{1,2})[/.-](\d{4}|\d{2})", re.ASCII)


def parse_day(text: str) -> date:
    """One day as officers type it (a review's or a report's "as at"): 22/07/2015, 22/7/15,
    22.07.2015 (day first; two-digit years are 20xx) or 2015-07-22. Raises ValueError when
    ``text`` is not such a day."""
    value = text.strip()
    if m := _DAY_FIRST.fullmatch(value):
        year = int(m[3]) + (2000 if len(m[3]) == 2 else 0)
        return date(year, int(m[2]), int(m[1]))
    return date.fromisoformat(value)


# ---- small date helpers: each returns (start, end, used_reference) --------------------------
# ValueError anywhere below means "looked like a date, wasn't" (31/02/21, month 13, 2025/27).


def _day(y: int, m: int, d: int) -> Window:
    return date(y, m, d), date(y, m, d), False


def _span(y: int, first_month: int, months: int = 1) -> Window:
    """Whole months from ``first_month`` of year ``y``; a span may run into the next year."""
    last_y, last_m = y + (first_month + months - 2) // 12, (first_month + months - 2) % 12 + 1
    after = date(last_y + last_m // 12, last_m % 12 + 1, 1)  # first day after the span
    return date(y, first_month, 1), after - timedelta(1), False


def _year(text: str) -> int:
    """ "14" -> 2014, "2014" -> 2014."""
    return 2000 + int(text) if len(text) == 2 else int(text)


def _year_pair(first: str, second: str) -> int:
    """Validate a "2025/26"-style pair of consecutive years; return the first year."""
    a = _year(first)
    if (len(second) == 2 and (a + 1) % 100 == int(second)) or (len(second) == 4 and int(second) == a + 1):
        return a
    raise ValueError(f"not consecutive years: {first}/{second}")


def _next(window: Callable[[int], Window], ref: date) -> Window:
    """Year-less text: the first window (by year) whose last day is on/after ``ref``."""
    for y in (ref.year - 1, ref.year, ref.year + 1):
        start, end, _ = window(y)
        if end >= ref:
            return start, end, True
    raise ValueError("no window on or after reference")  # unreachable for real windows


_TERMS = {"spring": (1, 3), "summer": (4, 4), "autumn": (9, 4)}  # first month, months


def _term(season: str, y: int) -> Window:
    return _span(y, *_TERMS[season])


def _quarter(q: int, fy: int) -> Window:
    """UK financial quarter: Q1 Apr-Jun, Q2 Jul-Sep, Q3 Oct-Dec, Q4 Jan-Mar of the next year."""
    return _span(fy + q // 4, 3 * q % 12 + 1, 3)


def _month_no(name: str) -> int:
    return _MON.index(name[:3].title()) + 1


# ---- one window: each pattern must match the whole (cleaned) text ---------------------------


def _h_day_month(m: re.Match[str], ref: date) -> Window:  # 31st July 2021, 25 June 21, 15 April (year from reference)
    day, month = int(m[1]), _month_no(m[2])
    return _day(_year(m[3]), month, day) if m[3] else _next(lambda y: _day(y, month, day), ref)


def _h_month_year(m: re.Match[str], ref: date) -> Window:  # Sept 2013, Oct 12 (= Oct 2012), March (year from reference)
    month = _month_no(m[1])
    return _span(_year(m[2]), month) if m[2] else _next(lambda y: _span(y, month), ref)


def _h_term(
    m: re.Match[str], ref: date
) -> Window:  # Summer term 2021, Autumn 2021, Spring term 2021/22, term (current)
    season = (m[1] or "").lower()
    if m[2] and not season:
        raise ValueError("a year needs a term: 'term 2021' is ambiguous")
    if m[2] and m[3]:  # academic year given: autumn is in its first year, the rest in its second
        first = _year_pair(m[2], m[3])
        return _term(season, first if season == "autumn" else first + 1)
    if m[2]:
        return _term(season, _year(m[2]))
    if season:
        return _next(lambda y: _term(season, y), ref)
    return min((_next(partial(_term, name), ref) for name in _TERMS), key=lambda w: w[1])


def _h_quarter(
    m: re.Match[str], ref: date
) -> Window:  # Q3 2025/26, Q4 25/26, Q1 2026 (= FY 2026/27), Q2 (from reference)
    q = int(m[1])
    if m[2] and m[3]:
        return _quarter(q, _year_pair(m[2], m[3]))
    return _quarter(q, _year(m[2])) if m[2] else _next(lambda y: _quarter(q, y), ref)


_ACADEMIC = r"(?:academic|school)\s+year"
_PAIR = r"(\d{4})\s*[/-]\s*(\d{4}|\d{2})"
_WINDOWS = [
    (_LazyRe(p), h)
    for p, h in (
        (r"(\d{4})-(\d{1,2})-(\d{1,2})", lambda m, ref: _day(int(m[1]), int(m[2]), int(m[3]))),
        # Day-first numeric date (31/03/2027, 25/6/14, 31.03.2027); "-" only without spaces,
        # since " - " separates ranges.
        (
            r"(\d{1,2})(?:\s*[/.]\s*|-)(\d{1,2})(?:\s*[/.]\s*|-)" + _YY,
            lambda m, ref: _day(_year(m[3]), int(m[2]), int(m[1])),
        ),
        # Month/year (04/14); OCR spacing "06 /14" allowed; a bare space only before 4 digits.
        (r"(\d{1,2})(?:\s*[/.]\s*" + _YY + r"|\s+(\d{4}))", lambda m, ref: _span(_year(m[2] or m[3]), int(m[1]))),
        # Named months: "31st July 2021", "1st Sept 21"; a year-less "15 April" is the next one.
        (r"(\d{1,2})(?:st|nd|rd|th)?\s*(?:of\s+)?" + _MONTH + r"\.?,?(?:\s+'?" + _YY + r")?", _h_day_month),
        # "Oct 12" is October 2012 (never 12 October: day-first), as in "From April 15".
        (_MONTH + r"\.?,?(?:\s*'?" + _YY + r")?", _h_month_year),
        # School terms; "term" alone is the current one ("end of term").
        (r"(?:(autumn|spring|summer)(?:\s+term)?|term)(?:\s+" + _YY + r"(?:\s*[/-]\s*" + _YY + r")?)?", _h_term),
        # Financial quarters: "Q1 2026" alone names the financial year starting in 2026.
        (r"q([1-4])(?:\s*(?:fy\s*)?" + _YY + r"(?:\s*[/-]\s*" + _YY + r")?)?", _h_quarter),
        # 2014/15 academic year: 1 Sep 2014 .. 31 Jul 2015
        (
            rf"{_ACADEMIC}\s+{_PAIR}|{_PAIR}\s+{_ACADEMIC}",
            lambda m, ref: _span(_year_pair(m[1] or m[3], m[2] or m[4]), 9, 11),
        ),
        # Financial year 2025-26, 2025/26, 2025/2026: 1 Apr 2025 .. 31 Mar 2026
        (
            rf"(?:fy|financial\s+year)?\s*{_PAIR}\s*(?:fy|financial\s+year)?",
            lambda m, ref: _span(_year_pair(m[1], m[2]), 4, 12),
        ),
        (r"(\d{4})", lambda m, ref: _span(int(m[1]), 1, 12)),  # 2021: the calendar year
    )
]


def _window(text: str, ref: date) -> Window | None:
    """The (start, end, used_reference) of one date expression, or None."""
    for pattern, handler in _WINDOWS:
        m = pattern.fullmatch(text)
        if m:
            try:
                return handler(m, ref)
            except ValueError:  # e.g. 31/02/21, month 13, 2025/27
                return None
    return None


# ---- ranges and runs of windows ------------------------------------------------------------

# A dash with a space on either side, or "to"/"until", separates a range ("05 - 07 2014").
_SPACED_SEP = _LazyRe(r"\s+-\s*|\s*-\s+|\s+(?:to|until|till)\s+")
# Without spaces only a dash does ("09/14-07/14"); tried after the whole text, so ISO survives.
_BARE_SEP = _LazyRe(r"-")


def _run(text: str, ref: date) -> list[Window] | None:
    """Space-separated windows ("03/14 07/14"): take the longest readable prefix, repeat.

    Every piece needs its own year: "term 2021" or "April June 2021" is flagged, not guessed."""
    tokens = text.split()
    if not 1 < len(tokens) <= 8:  # bound the work on long junk text
        return None
    found: list[Window] = []
    i = 0
    while i < len(tokens):
        for j in range(len(tokens), i, -1):
            w = _window(" ".join(tokens[i:j]), ref)
            if w and not w[2]:
                found.append(w)
                i = j
                break
        else:
            return None
    return found


def _windows(text: str, ref: date) -> list[Window] | None:
    """All windows in ``text``: one expression, a range, or a run. None if any part is unreadable."""
    whole = _window(text, ref)
    if whole:
        return [whole]
    sides = (_SPACED_SEP if _SPACED_SEP.search(text) else _BARE_SEP).split(text)
    if len(sides) == 1:
        return _run(text, ref)
    found: list[Window] = []
    for i, side in enumerate(sides):
        w = _window(side, ref)
        if (w is None or w[2]) and i + 1 < len(sides):
            # "April - June 2021", "05 - 07 2014": the left side shares the right side's year.
            tail = sides[i + 1].split()
            for k in range(1, len(tail)):
                borrowed = _window(f"{side} {' '.join(tail[k:])}", ref)
                if borrowed and not borrowed[2]:
                    w = borrowed
                    break
        part = [w] if w and not w[2] else _run(side, ref)  # "April - June": no year, flag it
        if not part:
            return None
        found += part
    return found


# ---- whole-text parsing --------------------------------------------------------------------

_DASHES = _LazyRe("[\u2010-\u2015\u2212]")  # hyphens, en/em dashes, minus sign -> "-"
# "04/15 (report)": officers' notes in brackets; "<p>31st July 2021</p>": HTML cells.
_NOISE = _LazyRe(r"\([^)]*\)?|<[^>]*>")
# OCR reads 0 as O ("O3/14"): fix O/o only inside number-like tokens, never in "Oct"/"ongoing".
_NUMBERISH = _LazyRe(r"(?<![a-z])[\do/.]+(?![a-z])")
_ONGOING = _LazyRe(r"on\s*-?\s*going|continuous(?:ly)?|continuing|rolling")
# On-demand work recurs with no due date, so it counts as ongoing.
_ON_DEMAND = _LazyRe(r"as\s+(?:and\s+when(?:\s+(?:required|needed|necessary))?|required|needed|necessary)")
_RECURRING = _LazyRe(
    r"(?:(?:\d+|two|three|six|twelve|bi|half|twice)[\s-]*)?"
    r"(?:daily|weekly|fortnightly|monthly|termly|quarterly|yearly|annually|annual)"
    r"(?:\s+(?:reviews?|reports?|reporting|updates?|meetings?))?"
)
_NO_DATE = _LazyRe(r"tb[acd]|to\s+be\s+(?:confirmed|agreed|arranged|decided|determined)|n/?a|not\s+applicable|none|-+")
# "By October 2021", "No later than March 2021", "Before June 2021": only the end counts.
_DEADLINE = _LazyRe(r"(?:by|before|no\s+later\s+than|not\s+later\s+than|until|till)\s+")
# "From April 15", "Nov 2014 onwards": open-ended, never overdue.
_FROM = _LazyRe(r"(?:from|starting(?:\s+(?:from|in))?|commencing|beginning)\s+")
_ONWARDS = _LazyRe(r"\s*(?:and\s+)?(?:onwards?|on\s+wards|on\s*-?\s*going)$")
# "End of March", "End March", "end of term": the last day of that window.
_END_OF = _LazyRe(r"(?:the\s+)?end\s+(?:of\s+)?(?:the\s+)?")


def _clean(text: str) -> str:
    """Lower-case, one space, standard dashes, no parenthesised notes, OCR O -> 0."""
    s = _NOISE.sub(" ", _DASHES.sub("-", text))
    s = " ".join(s.split()).strip(" .,;:").lower()
    cleaned: str = _NUMBERISH.sub(lambda m: m[0].replace("o", "0") if any(c.isdigit() for c in m[0]) else m[0], s)
    return cleaned


@lru_cache(maxsize=16384)
def parse_timescale_on(text: str, reference: date) -> Timescale:
    """``parse_timescale`` of a text on a given day, worked out once (a ``Timescale`` cannot be
    changed): plans repeat their timescales on row after row, and an import reads each twice (to
    read the plan, then to write its due dates)."""
    return parse_timescale(text, reference)


def parse_timescale(text: str | None, reference: date | None = None) -> Timescale:
    """Parse an officer's timescale. ``reference`` dates year-less text (default: today)."""
    text = "" if text is None else text
    s = _clean(text)
    if not s:
        return Timescale(text, None, None, False, True, True)
    if _ONGOING.fullmatch(s) or _ON_DEMAND.fullmatch(s) or _RECURRING.fullmatch(s):
        return Timescale(text, None, None, True, True, True)
    if _NO_DATE.fullmatch(s):
        return Timescale(text, None, None, False, True, True)
    unknown = Timescale(text, None, None, False, True, False)
    mode = None
    if m := _DEADLINE.match(s):
        mode, s = "by", s[m.end() :]
    elif m := _FROM.match(s):
        mode, s = "from", s[m.end() :]
    if m := _ONWARDS.search(s):
        if mode == "by":
            return unknown  # "by March onwards" contradicts itself
        mode, s = "from", s[: m.start()]
    end_of = _END_OF.match(s)
    if end_of:
        s = s[end_of.end() :]
    parts = _windows(s, reference or date.today())
    if not parts:
        return unknown
    start: date | None = min(p[0] for p in parts)
    end = max(p[1] for p in parts)
    if end_of:
        start = end
    if mode == "by":
        start = None
    elif mode == "from" and len(parts) == 1:  # "from X to Y" stays a closed range
        return Timescale(text, start, None, True, False, True)
    return Timescale(text, start, end, False, False, True)


# ---- finding the timescale inside an action's sentence -------------------------------------

_FIND_CORE = "|".join(
    (
        r"\d{4}-\d{1,2}-\d{1,2}",  # 2027-03-31 (before the financial year, which also has a dash)
        r"\d{1,2}[/.]\d{1,2}[/.](?:\d{4}|\d{2})",  # 31/03/2027; bare "3/4" is too often not a date
        r"\d{1,2}(?:st|nd|rd|th)?\s+(?:of\s+)?" + _MONTH + r"\.?,?\s+\d{4}",  # 25 June 2021
        r"(?:autumn|spring|summer)(?:\s+term)?\s+\d{4}(?:\s*/\s*(?:\d{4}|\d{2}))?",  # Summer term 2021
        r"(?:autumn|spring|summer)\s+term",  # "in the Spring term" (year from the reference)
        r"q[1-4]\s+(?:\d{4}|\d{2})(?:\s*[/-]\s*(?:\d{4}|\d{2}))?",  # Q3 2025/26
        r"(?:academic\s+year\s+)?\d{4}\s*[/-]\s*(?:\d{4}|\d{2})(?:\s+academic\s+year)?",  # 2025/26
        _MONTH + r"\.?,?\s+\d{4}",  # December 2020 (4-digit year only: "May 12" is often not a date)
    )
)
_FIND_PHRASE = _LazyRe(
    r"\b(?:(?:by|before|no\s+later\s+than|not\s+later\s+than|until)\s+)?"
    r"(?:(?:(?:the\s+)?end\s+(?:of\s+)?)?(?:" + _FIND_CORE + r")"
    r"|(?:the\s+)?end\s+(?:of\s+)?" + _MONTH + r")\b"
)  # "end of March": next 31 March


def find_timescale_in_text(text: str) -> str | None:
    """The last date phrase in an action's text ("... Corporate Parent Forum December 2020"),
    exactly as written, or None. "From"/"onwards" are deliberately not picked up here: in prose
    they rarely mean an open-ended timescale, and wrongly open-ended actions are never overdue."""
    for m in reversed(list(_FIND_PHRASE.finditer(text or ""))):
        parsed = parse_timescale(m[0])
        if parsed.understood and not parsed.undated:
            phrase: str = m[0]
            return phrase
    return None
