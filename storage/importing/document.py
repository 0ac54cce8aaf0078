"""What a reader makes of a file: a plan as written, before it touches the database.

Every reader (seed text, Markdown, CSV, DOCX, XLSX...) produces an ``ImportedPlan``; one loader
(``storage.importing.loader``) resolves officers and writes it through the one write path.
Readers never import the database layer, so they can be tested on their own.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date


@dataclass
class ImportNote:
    """Something the reader skipped, guessed or could not understand. Reported, never silent."""

    line: int | None
    message: str

    def __str__(self) -> str:
        return f"line {self.line}: {self.message}" if self.line else self.message


@dataclass
class ImportedProgress:
    kind: str  # "achieved" (✓), "next" (⇒) or "note"
    text: str
    date: date | None = None


@dataclass
class ImportedAction:
    ref: str  # reference within the objective as written, cleaned: "1a", "2f", "A", "9"
    text: str
    leads: list[ImportedOfficer] = field(default_factory=list)  # primary first
    timescale: str = ""  # exactly as written
    rag: str | None = None  # "red" | "amber" | "green" | "blue" | None
    status: str = "open"  # "open" | "complete" | "withdrawn" | "superseded"
    progress: list[ImportedProgress] = field(default_factory=list)
    line: int | None = None  # where the row starts in the source, for reports


@dataclass
class ImportedObjective:
    ref: str  # "1", "A", "Rec 3" -> kept as the document numbers it
    text: str
    theme: str | None = None  # e.g. "COMMITMENT"
    actions: list[ImportedAction] = field(default_factory=list)
    line: int | None = None


@dataclass
class ImportedOfficer:
    """A person as the document names them. ``name`` may be only initials when the document's
    key does not resolve them; the loader matches these against officers already known."""

    name: str
    initials: str | None = None
    job_title: str | None = None
    email: str | None = None
    phone: str | None = None
    team: str | None = None


@dataclass
class ImportedPlan:
    title: str
    source_key: str  # stable key for re-import (e.g. file name stem); same file -> same plan
    organisation: str | None = None
    overseeing_body: str | None = None
    as_at: date | None = None
    rag_definitions: dict[str, str] = field(default_factory=dict)
    officers: list[ImportedOfficer] = field(default_factory=list)  # key of initials, contacts
    objectives: list[ImportedObjective] = field(default_factory=list)
    notes: list[ImportNote] = field(default_factory=list)

    @property
    def actions(self) -> list[ImportedAction]:
        return [a for o in self.objectives for a in o.actions]
