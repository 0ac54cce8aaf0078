"""Readers for the seed plans as text: recommendation tables (tab-separated or Markdown) and
the Leeds "From Care2Work" work plan, plus ``read_plan_text`` which picks the reader.

Pure parsing: each reader returns an ``ImportedPlan`` and reports every row it skipped or
guessed as an ``ImportNote`` with its line number. Nothing here touches the database.

In a recommendations table each recommendation becomes an objective (ref "1".."9" or
"A".."L", text = the recommendation) with one action of the same ref (text = the agreed
action, leads = the responsible officers).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from storage.importing.document import (
    ImportedAction,
    ImportedObjective,
    ImportedPlan,
    ImportNote,
)
from storage.importing.leeds import read_leeds_work_plan
from storage.importing.plan_facts import (
    find_organisation,
    find_overseeing_body,
    reads_complete,
    timescale_in_text,
)
from storage.importing.text_tables import (
    UnreadableFile,
    cell_text,
    decode_text,
    html_fragments,
    is_continuation_row,
    is_markdown_rule,
    join_row,
    split_leads,
    split_markdown_row,
    split_tab_row,
)

__all__ = ["UnreadableFile", "read_leeds_work_plan", "read_markdown_plan", "read_plan_text", "read_tab_recommendations"]

_APPENDIX = re.compile(r"^(?:Appendix|Annex)\s+\w+[.:]?\s*", re.IGNORECASE)
# "A - meeting with care leavers ...": a lettered sub-item of a recommendation.
_SUB_ITEM = re.compile(r"^([A-Z])\s*[-–]\s+(.+)$", re.DOTALL)
_TABLE_RULE = re.compile(r"^[-\s|:]+$")


@dataclass
class _Rec:
    """One recommendation row (after joining its continuation rows), cells as clean text."""

    line: int
    cells: list[str]  # rec no, recommendation, officer, agreed action[, by when]

    def cell(self, index: int) -> str:
        return self.cells[index] if index < len(self.cells) else ""


def _plan(title: str, source_key: str, text: str) -> ImportedPlan:
    messages: list[str] = []
    plan = ImportedPlan(
        title=title,
        source_key=source_key,
        organisation=find_organisation(text, messages),
        overseeing_body=find_overseeing_body(text, messages),
    )
    plan.notes += [ImportNote(None, m) for m in messages]
    return plan


def _action_for(rec: _Rec, plan: ImportedPlan, timescale: str) -> ImportedAction:
    """The one action of a recommendation: its agreed action, leads and timescale."""
    ref = rec.cell(0)
    lead_notes: list[str] = []
    action = ImportedAction(
        ref=ref, text=rec.cell(3), line=rec.line, timescale=timescale, leads=split_leads(rec.cell(2), {}, lead_notes)
    )
    plan.notes += [ImportNote(rec.line, f"rec {ref}: {m}") for m in lead_notes]
    if reads_complete(action.text):
        action.status, action.rag = "complete", "blue"
        plan.notes.append(ImportNote(rec.line, f"rec {ref}: the action says it is complete; status complete, RAG blue"))
    if action.text[:1].islower():
        plan.notes.append(
            ImportNote(
                rec.line,
                f"rec {ref}: agreed action starts in lower case and may continue the previous row's; kept as written",
            )
        )
    return action


# ---- 000: tab-separated "Rec No / Recommendation / Responsible Officer / Agreed Action" ----


def read_tab_recommendations(text: str, source_key: str) -> ImportedPlan:
    """Read a tab-separated recommendations table (seed 000, St Helens apprenticeships).

    A continuation row of lettered sub-items ("A - ...", "B - ...") becomes actions "9A".."9E"
    of the recommendation above it, with that row's officers and date.
    """
    lines = text.split("\n")
    header = next(
        (i for i, line in enumerate(lines) if "\t" in line and split_tab_row(line)[0].lower().startswith("rec")), None
    )
    if header is None:
        raise UnreadableFile("no tab-separated header row starting with 'Rec'")
    title = next((_APPENDIX.sub("", ln.strip()) for ln in reversed(lines[:header]) if ln.strip()), "")
    plan = _plan(title or source_key, source_key, text)
    recs: list[_Rec] = []
    sub_items: dict[int, tuple[int, list[str]]] = {}  # rec index -> (line, cells)
    for number, line in enumerate(lines[header + 1 :], start=header + 2):
        if not line.strip():
            continue
        raw = split_tab_row(line)
        if all(_TABLE_RULE.match(c) or not c for c in raw):
            plan.notes.append(ImportNote(number, "table rule line skipped"))
            continue
        cells = [cell_text(c) for c in raw]
        if cells[0]:
            recs.append(_Rec(number, cells))
        elif recs and is_continuation_row(raw) and _lettered(cells[1] if len(cells) > 1 else ""):
            sub_items[len(recs) - 1] = (number, cells)
        elif recs and is_continuation_row(raw):
            recs[-1].cells = join_row(recs[-1].cells, cells)
        else:
            plan.notes.append(ImportNote(number, f"row skipped (no recommendation): {line[:60]!r}"))
    for index, rec in enumerate(recs):
        ref = rec.cell(0)
        where = f"rec {ref}"
        messages: list[str] = []
        timescale = timescale_in_text(rec.cell(3), messages, where)
        plan.notes += [ImportNote(rec.line, m) for m in messages]
        objective = ImportedObjective(
            ref=ref, text=rec.cell(1), line=rec.line, actions=[_action_for(rec, plan, timescale)]
        )
        if index in sub_items:
            objective.actions += _sub_actions(ref, *sub_items[index], plan)
        plan.objectives.append(objective)
    return plan


def _lettered(cell: str) -> list[tuple[str, str]]:
    """The lettered sub-items of a cell, if every paragraph is one."""
    items = [_SUB_ITEM.match(p) for p in html_fragments(cell)]
    return [(m.group(1), m.group(2).strip()) for m in items if m] if items and all(items) else []


def _sub_actions(ref: str, line: int, cells: list[str], plan: ImportedPlan) -> list[ImportedAction]:
    lead_notes: list[str] = []
    leads = split_leads(cells[2] if len(cells) > 2 else "", {}, lead_notes)
    when = " ".join(html_fragments(cells[3] if len(cells) > 3 else ""))
    actions = [
        ImportedAction(ref=f"{ref}{letter}", text=text, leads=list(leads), timescale=when, line=line)
        for letter, text in _lettered(cells[1])
    ]
    refs = ", ".join(a.ref for a in actions)
    plan.notes.append(
        ImportNote(line, f"rec {ref}: sub-items read as actions {refs} with this row's officers and date")
    )
    plan.notes += [ImportNote(line, f"rec {ref} sub-items: {m}") for m in lead_notes]
    return actions


# ---- 001: Markdown tables repeated per page, with a "By when" column ----------------------

# Header words -> slot; "recommendation" is tried before "rec" since both start the same.
_COLUMNS = (
    ("recommendation", 1),
    ("rec", 0),
    ("responsible", 2),
    ("officer", 2),
    ("agreed", 3),
    ("action", 3),
    ("by when", 4),
    ("when", 4),
)


def read_markdown_plan(text: str, source_key: str) -> ImportedPlan:
    """Read a recommendations table written as Markdown, one table per page (seed 001).

    A row with an empty Rec No continues the previous row over a page break and is joined to
    it cell by cell. The timescale is the "By when" cell as written; if that is empty, the
    date phrase in the agreed action.
    """
    lines = text.split("\n")
    title = next((ln.strip() for ln in lines if ln.strip() and not ln.lstrip().startswith("|")), "")
    plan = _plan(title or source_key, source_key, text)
    order: list[int] | None = None  # column index of rec, recommendation, officer, action, when
    recs: list[_Rec] = []
    for number, line in enumerate(lines, start=1):
        cells = split_markdown_row(line)
        if cells is None:
            if line.strip() and line.strip() != title:
                plan.notes.append(ImportNote(number, f"text outside the table skipped: {line[:60]!r}"))
            continue
        if is_markdown_rule(cells) or not any(cells):
            continue  # the rule under a header; the empty header of each later page
        if order is None:
            order = _column_order(cells)
            continue
        clean = [cell_text(cells[i]) if i < len(cells) else "" for i in order]
        if clean[0]:
            recs.append(_Rec(number, clean))
        elif recs:
            recs[-1].cells = join_row(recs[-1].cells, clean)
        else:
            plan.notes.append(ImportNote(number, "continuation row before any recommendation skipped"))
    for rec in recs:
        when = " ".join(rec.cell(4).split())
        if not when:
            messages = [f"rec {rec.cell(0)}: 'By when' is empty"]
            when = timescale_in_text(rec.cell(3), messages, f"rec {rec.cell(0)}")
            plan.notes += [ImportNote(rec.line, m) for m in messages]
        plan.objectives.append(
            ImportedObjective(ref=rec.cell(0), text=rec.cell(1), line=rec.line, actions=[_action_for(rec, plan, when)])
        )
    return plan


def _column_order(header: list[str]) -> list[int]:
    """Column indexes of rec no, recommendation, officer, agreed action and by when."""
    order = [0, 1, 2, 3, 4]  # the seed's own order, used for any column not recognised
    for index, name in enumerate(header):
        slot = next((slot for word, slot in _COLUMNS if word in name.lower()), None)
        if slot is not None:
            order[slot] = index
    return order


# ---- choosing the reader -------------------------------------------------------------------


def read_plan_text(path: Path) -> ImportedPlan:
    """Read a plan saved as text, choosing the reader by the text's shape.

    Raises ``UnreadableFile`` (one-line message) when no reader recognises the text.
    """
    text = decode_text(Path(path).read_bytes())
    key = Path(path).stem
    if re.search(r"^Milestones / Actions", text, re.MULTILINE):
        return read_leeds_work_plan(text, key)
    if re.search(r"^\s*\|.*\|\s*$", text, re.MULTILINE):
        return read_markdown_plan(text, key)
    if re.search(r"^Rec[^\t\n]*\t", text, re.MULTILINE):
        return read_tab_recommendations(text, key)
    raise UnreadableFile(
        f"{Path(path).name}: not a plan this tool can read "
        "(no Markdown table, 'Milestones / Actions' header or 'Rec' header row)"
    )
