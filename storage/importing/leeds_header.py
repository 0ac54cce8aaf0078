"""The parts of the Leeds "From Care2Work" work plan (seed 003) around its action table:
title, "as at" date, contacts, "who is involved", the key of initials, the RAG definitions,
page headers/footers to drop, and the "Description Objectives" section that states each
objective/driver in full under its theme.

Lines are ``(number, text)`` pairs, numbered from 1 as an editor shows them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from storage.importing.document import ImportedOfficer
from storage.importing.markup import one_line
from storage.importing.text_tables import split_tab_row

Lines = list[tuple[int, str]]

_AS_AT = re.compile(r"as at (\d{1,2})/(\d{1,2})/(\d{4})")
_KEY_ENTRY = re.compile(r"^\s*([A-Z]{2,3})\s*(?:=|–|-)\s*([A-Z][A-Za-z'’.\- ]+?)\s*$")
_RAG_DEFINITION = re.compile(r"\b(Green|Amber|Red|Blue)\s*=\s*(.+?)\s*\.?\s*(?=\b(?:Green|Amber|Red|Blue)\s*=|$)")
#: "SUPPORT: Objective/Driver: 7. Information is ...", "Objective/Driver: <u>6</u>. The ..."
HEADING = re.compile(
    r"^(?:\**(?P<theme>[A-Z]{4,})\**\s*:\s*)?Objective/Driver:\s*\$?(?P<num>\d{1,2})\$?\s*\.?\s*(?P<text>.*)$"
)
_CRITERIA_LEAD = re.compile(r"\s*To achieve the From Care2Work Quality Mark.*$")
_THEME_LINE = re.compile(r"^#+\s*\**([A-Z]{4,})\**\s*$")

# Page furniture repeated on every page of the PDF.
_PAGE_NOISE = (
    re.compile(r"^Page \d+ of \d+$"),
    re.compile(r"^ONGOING ACTIONS\s*[–-]\s*SUMMARY VERSION as at"),
    re.compile(r"^Created by [A-Z]"),
    re.compile(r"^Milestones / Actions\b"),
)


@dataclass
class ObjectiveText:
    """An objective/driver as the description section states it."""

    number: str
    text: str
    theme: str | None
    line: int


def read_title(lines: Lines) -> str:
    """ "# From Care2Work" + "## Employability Support Work Plan ONGOING ACTIONS – ..." """
    h1 = next((t[2:].strip() for _, t in lines if t.startswith("# ")), "")
    h2 = next((t[3:].strip() for _, t in lines if t.startswith("## ")), "")
    h2 = re.split(r"\s+(?:ONGOING ACTIONS|\()", h2)[0].strip()
    return " ".join(part for part in (h1, h2) if part)


def read_as_at(text: str) -> date | None:
    match = _AS_AT.search(text)
    return date(int(match[3]), int(match[2]), int(match[1])) if match else None


def is_page_noise(line: str) -> bool:
    """Page numbers, running headers/footers and the repeated table header rows."""
    cells = split_tab_row(line)
    first = one_line(cells[0])
    if any(p.match(first) for p in _PAGE_NOISE):
        return True
    # The header's second line: "\t(bold)\tscale\t✓ = achievement to date ...\trating".
    return any(c.strip() in ("(bold)", "rating") for c in cells) or "= achievement to date" in line


def is_key_line(line: str) -> bool:
    return len(read_key_entries(line)) >= 3


def read_key_entries(line: str) -> dict[str, str]:
    """ "AY – Allison Yates; JH=Jane Hopkins; ..." -> {"AY": "Allison Yates", ...}."""
    key: dict[str, str] = {}
    for part in line.split(";"):
        match = _KEY_ENTRY.match(part)
        if match:
            key[match[1]] = match[2].strip()
        elif key:
            break  # the key ends where other text ("RAG status definition: ...") begins
    return key


def read_rag_definitions(line: str) -> dict[str, str]:
    """ "RAG status definition: Green = on schedule, ... Red = ..." -> {"green": ..., ...}."""
    text = line.split("RAG status definition:", 1)[-1]
    return {m[1].lower(): m[2].strip() for m in _RAG_DEFINITION.finditer(text)}


def read_contacts(lines: Lines, notes: list[tuple[int, str]]) -> list[ImportedOfficer]:
    """The CONTACTS table: one column per person (lead contact, strategic lead)."""
    start = next((i for i, (_, t) in enumerate(lines) if "Lead contact" in t and "\t" in t), None)
    if start is None:
        return []
    rows: dict[str, list[str]] = {}
    for _number, text in lines[start + 1 :]:
        if not text.strip():
            break
        cells = split_tab_row(text)
        rows[cells[0].lower()] = [one_line(c) for c in cells[1:]]
    people = []
    for column, name in enumerate(rows.get("name", [])):

        def value(row: str, column: int = column) -> str:
            cells = rows.get(row, [])
            return cells[column].strip("() ") if column < len(cells) else ""

        title = "; ".join(v for v in (value("job title"), value("area of responsibility")) if v)
        phones = " / ".join(v for v in (value("office number"), value("mobile number")) if v)
        people.append(
            ImportedOfficer(
                name=name, job_title=title or None, phone=phones or None, email=value("email address") or None
            )
        )
    if "address" in rows:
        notes.append((lines[start][0], "contacts: office addresses not imported (no field)"))
    return people


def read_involved(lines: Lines, notes: list[tuple[int, str]]) -> list[ImportedOfficer]:
    """The "who is involved" table: NAME, job title/role, e-mail."""
    start = next((i for i, (_, t) in enumerate(lines) if t.startswith("NAME\t")), None)
    if start is None:
        return []
    people = []
    for number, text in lines[start + 1 :]:
        if not text.strip():
            break
        cells = [one_line(c) for c in split_tab_row(text)] + ["", ""]
        if not re.fullmatch(r"[A-Z][a-z]+(?: [A-Z][A-Za-z'’-]+){1,2}", cells[0]):
            notes.append((number, f"'who is involved' row skipped (not a name): {text.strip()[:60]!r}"))
            continue
        people.append(ImportedOfficer(name=cells[0], job_title=cells[1] or None, email=cells[2] or None))
    return people


def read_objective_texts(lines: Lines) -> dict[str, ObjectiveText]:
    """Objectives 1..10 in full from the "Description Objectives" section, with their theme."""
    objectives: dict[str, ObjectiveText] = {}
    theme = None
    for number, text in lines:
        clean = one_line(text)
        theme_match = _THEME_LINE.match(text.strip())
        if theme_match:
            theme = theme_match[1]
            continue
        match = HEADING.match(clean)
        if match and match["num"] not in objectives:
            body = _CRITERIA_LEAD.sub("", match["text"]).strip()
            objectives[match["num"]] = ObjectiveText(match["num"], body, match["theme"] or theme, number)
    return objectives
