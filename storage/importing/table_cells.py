"""Reading the values of a table's cells: RAG, status, progress, refs, headings, initials keys.

Helpers for ``storage.importing.table_plan``; each reads one kind of cell the way officers write
it, and says (in a returned note) when it had to guess.
"""

from __future__ import annotations

import re
from datetime import date

from models.domain import Rag
from models.timescale import parse_timescale
from storage.importing.colours import rag_from_colour
from storage.importing.document import ImportedOfficer, ImportedProgress
from storage.importing.leads import split_leads
from storage.importing.markup import one_line, strip_html
from storage.importing.progress import leading_date, split_progress
from storage.importing.tabular import Cell, Layout, Row, header_fields

# ---- status -----------------------------------------------------------------------------------

_STATUS_WORDS = {
    "complete": ("complete", "completed", "done", "closed", "achieved", "delivered", "finished", "implemented", "met"),
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
        "in progress",
        "on track",
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
    ),
}


def read_status(text: str) -> str | None:
    """ "Completed" -> "complete", "DELETE" -> "withdrawn", "In progress" -> "open"; None if
    the words are not a status."""
    key = " ".join(re.sub(r"[^a-z]+", " ", text.lower()).split())
    if not key:
        return None
    for status, words in _STATUS_WORDS.items():
        if any(key == w or key.startswith(w + " ") for w in words):
            return status
    return None


#: "COMPLETE: text" (ragtrack's own export), "DELETE - text" (seed 003): a status in the text.
_STATUS_PREFIX = re.compile(r"^(COMPLETE|COMPLETED|WITHDRAWN|SUPERSEDED|DELETED?)\s*[:\-–]\s*")


def status_prefix(text: str) -> tuple[str | None, str]:
    match = _STATUS_PREFIX.match(text)
    if not match:
        return None, text
    return read_status(match.group(1)), text[match.end() :]


# ---- RAG ----------------------------------------------------------------------------------------


def read_rag(cell_text: str, fill: str | None) -> tuple[str | None, str, str]:
    """(rating, how, note) from a RAG cell: its words first, else its fill colour.

    ``how`` is "text", "colour" or "" (not rated); ``note`` says what was doubtful.
    """
    words = one_line(cell_text)
    if words in ("–", "—", "-", "--"):  # a dash: written as not rated
        words = ""
    from_colour, colour_note = rag_from_colour(fill)
    if words:
        try:
            rag = Rag.parse(words)
        except ValueError:
            rag = _rag_word(words)
        if rag is not None:
            note = ""
            if from_colour and from_colour != rag:
                note = f"RAG cell says {words!r} but is coloured {from_colour}: the words are kept"
            return str(rag), "text", note
        if from_colour:
            return from_colour, "colour", f"RAG {words!r} not understood; read {from_colour} from the cell's colour"
        if read_status(words) is None:
            return None, "", f"RAG {words!r} not understood: not rated"
        return None, "", ""
    if from_colour:
        return from_colour, "colour", ""
    return None, "", (f"RAG cell: {colour_note}: not rated" if colour_note else "")


def _rag_word(words: str) -> Rag | None:
    """ "Green - on track", "RED (behind)", "Amber/Green" -> the first rating word."""
    match = re.match(r"\W*(red|amber|green|blue|complete[d]?|[RAGB])\b", words, re.IGNORECASE)
    return Rag.parse(match.group(1)) if match else None


def looks_rag(cell: Cell) -> bool:
    rag, _how, _ = read_rag(cell.text, cell.fill)
    return rag is not None


# ---- progress -----------------------------------------------------------------------------------

# ragtrack's export writes each entry as "✓ 01/08/2014 – text": the date is the entry's own.
_EXPORT_DATE = re.compile(r"^(\d{2})/(\d{2})/(\d{4}) – ")
_BULLET = "•"


def read_progress(text: str, exported: bool = False) -> list[ImportedProgress]:
    """Progress entries from a cell: ✓ achieved / ⇒ next (as ``split_progress``), "•" notes.

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
        if stripped.startswith(_BULLET):
            flush()
            body = stripped[1:].strip()
            if body:
                entries.append(ImportedProgress("note", body, leading_date(body)))
        elif stripped:
            chunk.append(stripped)
    flush()
    for entry in entries:
        match = _EXPORT_DATE.match(entry.text)
        day = parse_timescale("/".join(match.groups())) if match else None
        if day is not None and day.understood and day.start == day.end and day.start:
            entry.date, entry.text = day.start, entry.text[match.end() :]
        elif exported:
            entry.date = None
    return entries


# ragtrack's own reports add these lines under a timescale; they are not what was written.
_REPORT_TIMESCALE_LINE = re.compile(r"^(?:due \d{1,2}/\d{1,2}/\d{4}|OVERDUE|Re-dated \d+ times \(first: .*\)|[–-])$")


def clean_timescale(text: str) -> str:
    """A timescale cell on one line, without a report's "due ..."/"OVERDUE" lines or a lone dash."""
    lines = [line for line in strip_html(text).split("\n") if not _REPORT_TIMESCALE_LINE.match(line.strip())]
    return one_line("\n".join(lines))


# ---- refs and headings --------------------------------------------------------------------------


def clean_ref(text: str) -> str:
    """ "1a)" -> "1a", "(2)" -> "2", " 3. " -> "3"; the reference as written otherwise."""
    ref = " ".join(one_line(text).split())
    return ref.strip(" .:;)(-–").strip()


# "1a) To ensure...", "(2) Agree...", "3. Review...", "1.2 Train...": a reference typed into the text.
_LEADING_REF = re.compile(
    r"^\(?(\d{1,2}(?:[a-z]{1,2}|\.\d{1,2})?)[).]\s+(?=\S)"
    r"|^(\d{1,2}(?:[a-z]|\.\d{1,2}))\s+(?=[A-Z])"
)


def leading_ref(text: str) -> tuple[str, str]:
    """(ref, rest) when the text starts with a reference, else ("", text)."""
    plain = strip_html(text)
    match = _LEADING_REF.match(plain)
    if not match:
        return "", text
    return match.group(1) or match.group(2), plain[match.end() :]


_MAIN_REF = re.compile(r"^([A-Za-z]?\d+|[A-Z])(?:[.\-]?\s*\(?([a-z]|\d+)\)?)$")


def ref_parts(ref: str) -> tuple[str, str] | None:
    """ "1a" -> ("1", "a"), "2.3" -> ("2", "3"), "A1"... ; None when the ref has no sub-part."""
    match = _MAIN_REF.match(ref)
    if not match or not match.group(2):
        return None
    return match.group(1), match.group(2)


_THEME_HEADING = re.compile(
    r"^(?:theme|section|workstream|work stream|strand|priority area)\b\s*(?:\d+|[A-Z]\b)?\s*[:.\-–]?\s*(.+)$",
    re.IGNORECASE,
)
_KEYWORD_HEADING = re.compile(
    r"^(?:objective|recommendation|rec|driver|priority|outcome|aim|goal|key objective)\s*"
    r"(\d{1,3}[a-z]?|[A-Z]{1,2})\b\s*[.:)\-–]?\s*(.*)$",
    re.IGNORECASE | re.DOTALL,
)
_NUMBERED_HEADING = re.compile(r"^(\d{1,2}|[A-Z])\s*[.):\-–]\s+(\S.{2,})$", re.DOTALL)


def heading_kind(text: str, strict: bool = True) -> tuple[str, str | None, str] | None:
    """What a heading row (or a heading paragraph) names.

    ("theme", None, name), ("objective", ref or None, text), or None when ``strict`` and the
    text does not read as a heading (a stray line of pasted text is not an objective).
    """
    text = " ".join(text.split())
    if not text:
        return None
    match = _THEME_HEADING.match(text)
    if match:
        return "theme", None, match.group(1).strip()
    match = _KEYWORD_HEADING.match(text)
    if match:
        return "objective", match.group(1), match.group(2).strip()
    match = _NUMBERED_HEADING.match(text)
    if match:
        return "objective", match.group(1), match.group(2).strip()
    letters = [c for c in text if c.isalpha()]
    if letters and all(c.isupper() for c in letters) and len(text.split()) <= 8:
        return "theme", None, text.rstrip(":").strip()
    return None if strict else ("objective", None, text)


def split_objective(text: str) -> tuple[str | None, str]:
    """An objective cell: "Objective 1. Text" / "1. Text" -> ("1", "Text"); "1" -> ("1", "");
    "Text" -> (None, "Text")."""
    text = " ".join(text.split())
    if re.fullmatch(
        r"(?:(?:objective|recommendation|rec|driver)\s*)?(\d{1,3}[a-z]?|[A-Z]{1,2})[.:)]?", text, re.IGNORECASE
    ):
        return clean_ref(
            re.sub(r"^\D+?(?=\d)|^(?:objective|recommendation|rec|driver)\s*", "", text, flags=re.IGNORECASE)
        ), ""
    kind = heading_kind(text)
    if kind and kind[0] == "objective":
        return kind[1], kind[2]
    return None, text


# ---- the initials key ---------------------------------------------------------------------------

_KEY_ENTRY = re.compile(r"(?<![A-Za-z])([A-Z]{2,4})\s*(?:=|–|—|:|-)\s*([A-Z][a-z'’]+(?:[\s-]+[A-Z][a-zA-Z'’]+){1,2})")


def key_entries(text: str) -> dict[str, str]:
    """ "JR = Jackie Roper; AY – Allison Yates" -> {"JR": "Jackie Roper", "AY": "Allison Yates"}.

    An entry counts only when the initials start with the name's first letter and end with its
    surname's, so "NHS - Leeds Teaching" is not read as a person."""
    found = {}
    for initials, name in _KEY_ENTRY.findall(text):
        words = re.split(r"[\s-]+", name)
        if initials[0] == words[0][0] and initials[-1] in {w[0] for w in words[1:]}:
            found[initials] = " ".join(name.split())
    return found


def is_key_text(text: str) -> bool:
    """True when a cell or line holds nothing but key entries."""
    rest = _KEY_ENTRY.sub("", text)
    return bool(key_entries(text)) and not re.search(r"[A-Za-z]{2,}", re.sub(r"(?i)\bkey\b", "", rest))


def key_officers(key: dict[str, str]) -> list[ImportedOfficer]:
    return [ImportedOfficer(name=name, initials=initials) for initials, name in key.items()]


# ---- plan facts outside the tables --------------------------------------------------------------

_AS_AT = re.compile(r"\bas at\s+(\d{1,2}(?:st|nd|rd|th)?[ /.\-]\w+[ /.\-]\d{2,4})", re.IGNORECASE)


def as_at_in(text: str) -> date | None:
    """The day in "Summary version as at 22 July 2015" / "as at 31/03/2025", if any."""
    match = _AS_AT.search(text)
    if not match:
        return None
    when = parse_timescale(match.group(1).strip(" .)"))
    return when.start if when.understood and when.start and when.start == when.end else None


def rag_definitions_in(rows: list[Row]) -> dict[str, str]:
    """ "R  Red | Substantial challenges encountered" two-cell rows: rating -> definition."""
    found = {}
    for row in rows:
        pair = two_cells(row)
        if pair and len(pair[1].split()) >= 2:
            try:
                rag = Rag.parse(pair[0].split()[-1])
            except ValueError:
                continue
            if rag is not None:
                found[str(rag)] = " ".join(pair[1].split())
    return found


def spreadsheet_unescape(text: str) -> str:
    """Undo ``spreadsheet_safe``: "'=total" as exported is the text "=total"."""
    return text[1:] if len(text) > 1 and text[0] == "'" and text[1] in "=+-@\t\r" else text


# ---- rows -------------------------------------------------------------------------------------


def row_values(row: Row, layout: Layout) -> dict[str, str]:
    """Field -> text of a row; columns under one merged cell count once, several columns of
    one field are joined by lines. Cells carried down by a vertical merge are left out of
    everything but the objective and theme (they repeat the row above)."""
    values: dict[str, list[str]] = {}
    for column in layout.columns:
        if column.field == "ignore" or column.index >= len(row.cells):
            continue
        cell = row.cells[column.index]
        if cell.spans_left and column.index and layout.columns[column.index - 1].field == column.field:
            continue
        if cell.continued and column.field not in ("objective", "theme", "plan"):
            continue
        text = cell.text.strip()
        values.setdefault(column.field, [])
        if text:
            values[column.field].append(text)
    return {name: "\n".join(texts) for name, texts in values.items()}


def read_leads(values: dict[str, str], key: dict[str, str], notes: list[str]) -> list:
    text = values.get("lead", "")
    parts = [p for p in text.split("\n") if p.strip()]
    if len(parts) == 2:  # "JR/KL" beside "Jackie Roper; Keith Lander": initials and names
        initials, names = sorted(parts, key=lambda p: any(c.islower() for c in p))
        codes = [c.strip() for c in initials.replace(";", "/").replace(",", "/").split("/")]
        people = [n.strip() for n in names.split(";")]
        if all(c.isupper() and len(c) <= 4 for c in codes) and len(codes) == len(people):
            officers = split_leads("; ".join(people), {}, notes)
            if len(officers) == len(codes):
                for officer, code in zip(officers, codes, strict=False):
                    officer.initials = officer.initials or code
                return officers
    return split_leads(text, key, notes)


def rag_fill(row: Row, layout: Layout) -> str | None:
    for index in layout.fields().get("rag", []):
        if index < len(row.cells) and row.cells[index].fill:
            return row.cells[index].fill
    return None


def span_of(row: Row, index: int) -> int:
    span = 1
    while index + span < len(row.cells) and row.cells[index + span].spans_left:
        span += 1
    return span


def same_header(row: Row, layout: Layout) -> bool:
    found = header_fields(row)
    named = [c for c in layout.columns if c.header]
    return sum(1 for c in named if c.index in found) >= max(2, len(named) // 2)


def two_cells(row: Row) -> tuple[str, str] | None:
    cells = [c.text.strip() for _, c in row.distinct() if c.text.strip()]
    return (cells[0], cells[1]) if len(cells) == 2 else None


def ref_like(text: str) -> bool:
    """ "1a", "2.3", "Rec 3", "A": short, at most two words, with a digit or a lone letter."""
    text = text.strip()
    return len(text) <= 12 and len(text.split()) <= 2 and (any(c.isdigit() for c in text) or len(text) <= 2)
