"""One cell's text read for what it says: a status written in the action or in a column,
a timescale or a completion written where the date goes, text joined across page breaks,
spreadsheet escapes, leads."""

from __future__ import annotations

import re
from functools import lru_cache

from storage.importing.cells import read_status, status_line
from storage.importing.document import ImportedOfficer
from storage.importing.leads import split_leads
from storage.importing.markup import one_line, strip_html


def read_leads(text: str, key: dict[str, str], notes: list[str]) -> list[ImportedOfficer]:
    """A lead cell, or two lead columns side by side: initials ("JR/KL") beside the names they
    stand for ("Jackie Roper; Keith Lander") are one list of people."""
    parts = [p for p in text.split("\n") if p.strip()]
    if len(parts) == 2:
        initials, names = sorted(parts, key=lambda p: any(c.islower() for c in p))
        codes = [c.strip() for c in re.split(r"[/;,]", initials) if c.strip()]
        people = [n.strip() for n in names.split(";") if n.strip()]
        if codes and all(c.isupper() and len(c) <= 4 for c in codes) and len(codes) == len(people):
            officers = _split_leads("; ".join(people), {}, notes)
            if len(officers) == len(codes):
                for officer, code in zip(officers, codes, strict=False):
                    officer.initials = officer.initials or code
                return officers
    return _split_leads(text, key, notes)


def _split_leads(text: str, key: dict[str, str], notes: list[str]) -> list[ImportedOfficer]:
    """``split_leads``, remembered: a plan names the same few leads on thousands of rows."""
    officers, found = _split_once(text, tuple(key.items()))
    notes += found
    return [_copy(officer) for officer in officers]  # copies: the reading may change them


def _copy(officer: ImportedOfficer) -> ImportedOfficer:
    """A copy of ``officer``: its fields copied as they are, a third of what making it anew
    through the constructor costs (a sheet's ten thousand lead cells are read this way)."""
    copied = object.__new__(ImportedOfficer)
    copied.__dict__.update(officer.__dict__)
    return copied


@lru_cache(maxsize=4096)
def _split_once(text: str, key: tuple[tuple[str, str], ...]) -> tuple[tuple[ImportedOfficer, ...], tuple[str, ...]]:
    notes: list[str] = []
    officers = split_leads(text, dict(key), notes)
    return tuple(officers), tuple(notes)


def same_start(heading: str, statement: str) -> bool:
    a, b = one_line(heading).lower(), one_line(statement).lower()
    size = min(len(a), len(b), 40)
    return bool(size) and a[:size] == b[:size]


def trim_statement(text: str) -> str:
    """An objective's statement without a closing sentence that introduces a list ("To achieve
    the Quality Mark you must have in place or be working towards:")."""
    sentences = re.split(r"(?<=[.!?])\s+", text.strip())
    while len(sentences) > 1 and sentences[-1].endswith(":"):
        sentences.pop()
    return " ".join(sentences).strip()


_STATUS_SENTENCE = re.compile(r"(?:(?<=[.!?])\s+|\n|^)(?=Status\s*[:\-–]\s*\S)")


def text_and_status_lines(text: str) -> tuple[str, str | None, list[str]]:
    """The action's text without its "Status: ..." lines or closing sentences, the status they
    give, and the lines themselves (kept as progress)."""
    if "tatus" not in text:
        return text, None, []
    kept, moved = [], []
    status = None
    for line in text.split("\n"):
        cut = _STATUS_SENTENCE.search(line)
        if cut is None:
            kept.append(line)
            continue
        before, after = line[: cut.start()].rstrip(), line[cut.end() :].strip()
        found = status_line(after)
        if found is None:
            kept.append(line)
            continue
        status = found if status in (None, "open") else status
        moved.append(after)
        if before:
            kept.append(before)
    return "\n".join(kept).strip(), status, moved


_DONE_WORDS = re.compile(
    r"^(?:complete|completed|done|closed|achieved|delivered|implemented)\b(?!\s+(?:by|before|and\s+ongoing)\b|\s*/)",
    re.IGNORECASE,
)


PROGRESS_SYMBOLS = re.compile("[✓✔√⇒➡→⇨⇔]")


def starts_done(text: str) -> bool:
    return bool(_DONE_WORDS.match(text.strip()))


@lru_cache(maxsize=16384)
def timescale_cell(text: str) -> tuple[str, str | None]:
    """A timescale cell on one line without a report's "due ..."/"OVERDUE" lines; a cell saying
    only "Complete" is a status, not a timescale. (Remembered: a plan repeats its dates, "March
    2026", "Ongoing", on row after row.)"""
    lines = [line for line in strip_html(text).split("\n") if not _REPORT_TIMESCALE_LINE.match(line.strip())]
    value = one_line("\n".join(lines))
    status = read_status(value) if value else None
    if status == "complete" and len(value.split()) <= 2:
        return "", "complete"
    return value, None


_REPORT_TIMESCALE_LINE = re.compile(r"^(?:due \d{1,2}/\d{1,2}/\d{4}|OVERDUE|Re-dated \d+ times \(first: .*\)|[–-])$")


_DONE_HEADER = re.compile(r"\b(?:achieved|complete|completed|closed|done|implemented)\b", re.IGNORECASE)


def column_status(value: str, header: str) -> tuple[str | None, str | None]:
    """The status a status cell gives, and what to keep of it as a note. A column saying whether
    it is done ("Completed", "Achieved?") is done when it holds yes, a date, or a statement of what
    was done; its words are kept. A status the words do not give is kept as a note."""
    if not value:
        return None, None
    label = label_of(header) if header else "Status"
    words = read_status(value)
    pure = words is not None and len(value.split()) <= 3 and not any(ch.isdigit() for ch in value)
    if pure:
        return words, None
    if _DONE_HEADER.search(header or ""):
        from storage.importing.cells import dated

        done = words == "complete" or bool(dated(value)) or bool(re.search(r"\d", value)) or past_statement(value)
        if done:
            return "complete", f"{label}: {value}"
        return "open", f"{label}: {value}"
    if words:
        return words, f"{label}: {value}" if len(value.split()) > 3 else None
    return None, f"{label}: {value}"


def past_statement(text: str) -> bool:
    """ "Assets Risk Assessed in September", "Presented and approved by Cabinet": says what was done."""
    return bool(re.search(r"\b\w+ed\b", text)) and not re.search(r"\b(?:ly|ing)\b", text)


def spreadsheet_unescape(text: str) -> str:
    """Undo ``spreadsheet_safe``: "'=total" as exported is the text "=total"."""
    return text[1:] if len(text) > 1 and text[0] == "'" and text[1] in "=+-@\t\r" else text


_SENTENCE_END = re.compile(r"[.!?:)\]”\"']$")


_MIN_OVERLAP = 20  # shorter repeats are coincidence, not a duplicated page overflow


def ends_mid_sentence(text: str) -> bool:
    text = text.rstrip()
    return bool(text) and not _SENTENCE_END.search(text)


def overlap(before: str, after: str) -> int:
    """Length of the longest end of ``before`` that ``after`` starts with (at least 20 chars):
    PDF extraction sometimes repeats the overflow of a cell on the next page."""
    probe = after[:_MIN_OVERLAP]
    if len(probe) < _MIN_OVERLAP:
        return 0
    start = before.find(probe)
    while start != -1:
        if after.startswith(before[start:]):
            return len(before) - start
        start = before.find(probe, start + 1)
    return 0


def join_cell_text(before: str, after: str) -> str:
    """Join a cell's text with its continuation: mid-sentence breaks with a space, finished
    paragraphs with a newline; text the continuation repeats is kept once."""
    if not before:
        return after
    if not after:
        return before
    repeated = overlap(before, after)
    if repeated:
        return before + after[repeated:]
    return before + (" " if ends_mid_sentence(before) else "\n") + after


#: A footnote marker at the end of a header ("Cabinet Member[ii]", "Origin [3]", "Date*"): the
#: footnote explains the column, the marker is not part of its name.
_FOOTNOTE_MARK = re.compile(r"\s*(?:\[[^\]]{1,6}\]|\*+)$")


def label_of(header: str) -> str:
    """The label a column's values are kept under as notes ("Origin: CRP")."""
    return _FOOTNOTE_MARK.sub("", " ".join(header.split())).rstrip(":").strip() or "Note"
