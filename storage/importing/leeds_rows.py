"""Turn one joined row of the Leeds work plan (seed 003) into an ``ImportedAction``.

A row's five cells (action, lead, time scale, progress, RAG) arrive cleaned of markup and
joined across page breaks. Here they are read: the DELETE marker makes an action withdrawn,
"superseded" in its text or progress makes it superseded, leads are expanded through the key
of initials, progress is split into ✓/⇒ entries, and the RAG letter is parsed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from models.domain import Rag
from storage.importing.document import ImportedAction, ImportedPlan, ImportedProgress, ImportNote
from storage.importing.text_tables import split_leads, split_progress

# "DELETE: ...", "DELETE AND NOT APPEAR IN PLAN : ...", "DELETE because <reason>: ..."
_DELETE = re.compile(r"^DELETE(?:\s+AND NOT APPEAR IN PLAN)?(?P<why>\s+because[^:]*)?\s*:?\s*")
_SUPERSEDED = re.compile(r"\bsuperseded\b", re.IGNORECASE)
_LETTER_O_FOR_ZERO = re.compile(r"\bO\d")


@dataclass
class Row:
    """An action row as read so far: cleaned cells, joined over page breaks."""

    line: int
    ref: str
    objective: str
    cells: list[str]  # action text, lead, time scale, progress, RAG
    shifted: bool = False  # the row has no time-scale cell (objective 10)
    merged: bool = False  # read out of a heading line that swallowed its actions


def build_action(row: Row, key: dict[str, str], plan: ImportedPlan) -> ImportedAction:
    """The action a row describes; what had to be guessed is added to ``plan.notes``."""
    text, lead_cell, timescale, progress_cell, rag_cell = (row.cells + [""] * 5)[:5]

    def note(message: str) -> None:
        plan.notes.append(ImportNote(row.line, f"{row.ref}: {message}"))

    action = ImportedAction(ref=row.ref, text=text, line=row.line, timescale=" ".join(timescale.split()))
    deleted = _DELETE.match(text)
    if deleted:
        action.status, action.text = "withdrawn", text[deleted.end() :].strip()
        if deleted["why"]:
            action.progress.append(ImportedProgress("note", f"DELETE{deleted['why']}".strip()))
    elif re.search(r"\bDELETE\b", text):
        note("the text marks part of itself DELETE; the action is kept open, text as written")
    action.progress += split_progress(progress_cell)
    if any(_SUPERSEDED.search(t) for t in (text, *(p.text for p in action.progress))):
        if action.status == "withdrawn":
            note("marked DELETE and said to be superseded; status superseded")
        action.status = "superseded"
    if not row.merged:
        lead_notes: list[str] = []
        action.leads = split_leads(lead_cell, key, lead_notes)
        for message in lead_notes:
            note(message)
        if not action.leads:
            note(f"no lead could be read (cell {lead_cell!r})")
        _read_rag(action, rag_cell, note)
    if _LETTER_O_FOR_ZERO.search(action.timescale):
        note(f"time scale {action.timescale!r} has the letter O for a zero; kept as written")
    return action


def _read_rag(action: ImportedAction, cell: str, note) -> None:
    try:
        rag = Rag.parse(cell)
    except ValueError:
        note(f"RAG {cell!r} not understood; not rated")
        return
    if rag is None:
        note("no RAG rating")
    action.rag = rag.value if rag else None
