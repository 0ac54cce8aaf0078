"""Split a progress cell into entries: ✓ achievement to date, ⇒ next step, or a plain note.

Officers type the symbols in many ways, and PDF/Word conversion garbles them further, so each
kind has a set of variants. An entry keeps its text as written (minus the symbol), with a date
when the entry *starts* with one ("22/7/15 - ...", "(07/14)- ...", "Since Aug 2014 ...").
"""

from __future__ import annotations

import re
from datetime import date
from functools import lru_cache

from storage.importing.cells import timescale_of
from storage.importing.document import ImportedProgress
from storage.importing.markup import html_fragments

#: ✓ as typed, as Word's tick, as a square root (PDF fonts) and as LaTeX (already mapped).
ACHIEVED_SYMBOLS = "✓✔☑√"
#: ⇒ and the arrows that stand for it; ⇔ and U+1F54F are mis-decoded ⇒ glyphs in seed 003.
NEXT_SYMBOLS = "⇒➡→⇨⇔\U0001f54f"
_SYMBOL = re.compile(f"[{ACHIEVED_SYMBOLS}{NEXT_SYMBOLS}]")
_SYMBOL_SPLIT = re.compile(f"([{ACHIEVED_SYMBOLS}{NEXT_SYMBOLS}])")

# Text with no symbol that reports something finished counts as an achievement.
_READS_DONE = re.compile(r"^(?:done|complete[d]?|achieved|delivered|in place)\b", re.IGNORECASE)

_MONTHS = (
    r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?"
    r"|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)"
)
# Only a date at the very start counts: dates later in the text are part of what was done.
_LEADING_DATE = re.compile(
    r"^(?:(?:since|from|in)\s+)?\(?\s*"
    r"(?P<when>\d{1,2}/\d{1,2}/(?:\d{4}|\d{2})"  # 22/7/15
    r"|\d{1,2}/(?:\d{4}|\d{2})"  # 07/14, 6/14 (a month)
    rf"|{_MONTHS}\.?\s+(?:\d{{4}}|\d{{2}}))"  # Aug 2014, Oct 14, Sept 14
    r"(?![\d/])",
    re.IGNORECASE,
)
# A trailing stray full stop left by a page break: "... Network. ." -> "... Network."
_DOUBLE_STOP = re.compile(r"([.!?])\s+[.,]$")
_STOPS = (".", "!", "?")


def leading_date(text: str) -> date | None:
    """The date an entry starts with, or None. Month-only dates give the month's first day."""
    match = _LEADING_DATE.match(text.strip())
    if not match:
        return None
    parsed = timescale_of(match.group("when"))
    # "13/14" (an academic year written as month/year) is not understood: no date.
    return parsed.start if parsed.understood else None


def _entry(kind: str, text: str) -> ImportedProgress | None:
    read = _entry_text(text)
    return None if read is None else ImportedProgress(kind=kind, text=read[0], date=read[1])


@lru_cache(maxsize=16384)
def _entry_text(text: str) -> tuple[str, date | None] | None:
    """An entry's text on one line and the date it starts with; None for no entry. (Remembered:
    officers write the same entries, "Circulate the draft to partners.", on row after row.)"""
    text = " ".join(text.split())
    # A doubled stop can only be at the end: "., ." or "! ." (one space, the text being joined).
    if text[-3:-2] in _STOPS and text[-2:-1] == " " and text[-1:] in (".", ","):
        text = _DOUBLE_STOP.sub(r"\1", text)
    if not text.strip(" .,;:-–"):
        return None  # a symbol with nothing after it, or a stray full stop
    return text, leading_date(text)


def split_progress(text: str) -> list[ImportedProgress]:
    """Read a progress cell into entries, in the order written.

    Text before the first symbol is a "note" ("JANE TO UPDATE????"), or "achieved" when it
    reads as done ("Done and ongoing"); a cell with no symbol at all is one such entry.
    HTML (``<ul><li>``) is dropped first; entries are kept on one line.
    """
    clean = " ".join(html_fragments(text))
    entries: list[ImportedProgress] = []
    parts = _SYMBOL_SPLIT.split(clean)  # text, symbol, text, symbol, text...
    pieces, symbols = parts[::2], parts[1::2]
    lead = pieces[0].strip()
    if lead:
        kind = "achieved" if _READS_DONE.match(lead) else "note"
        entry = _entry(kind, lead)
        if entry:
            entries.append(entry)
    for symbol, piece in zip(symbols, pieces[1:], strict=False):
        kind = "achieved" if symbol in ACHIEVED_SYMBOLS else "next"
        entry = _entry(kind, piece)
        if entry:
            entries.append(entry)
    return entries


# ragtrack's export writes each entry as "✓ 01/08/2014 – text": the date is the entry's own.
_EXPORT_DATE = re.compile(r"^(\d{2})/(\d{2})/(\d{4}) – ")
_BULLETS = "•▪·"


def read_progress(text: str, exported: bool = False) -> list[ImportedProgress]:
    """Progress entries from a cell: ✓ achieved / ⇒ next (as ``split_progress``); a bulleted line
    ("• ...") is an entry of its own (a note, unless it starts with ✓ or ⇒).

    ``exported``: the file is ragtrack's own export, which writes an entry's date as a
    "dd/mm/yyyy – " prefix; an entry without one has no date, whatever its text starts with.
    """
    entries: list[ImportedProgress] = []
    chunk: list[str] = []

    def flush() -> None:
        if chunk:
            entries.extend(split_progress("\n".join(chunk)))
            chunk.clear()

    for line in text.split("\n"):
        stripped = line.strip()
        if stripped[:1] in _BULLETS:
            flush()
            body = stripped[1:].strip()
            if body and _SYMBOL.match(body):
                entries.extend(split_progress(body))
            elif body:
                entries.append(ImportedProgress("note", body, leading_date(body)))
        elif stripped:
            chunk.append(stripped)
    flush()
    for entry in entries:  # (the pattern asked only of an entry starting with a digit, as it must)
        match = _EXPORT_DATE.match(entry.text) if entry.text[:1].isdigit() else None
        day = timescale_of("/".join(match.groups())) if match else None
        if day is not None and day.understood and day.start == day.end and day.start:
            entry.date, entry.text = day.start, entry.text[match.end() :]
        elif exported:
            entry.date = None
    return entries
