"""An action in full as a Rich renderable: used by ``ragtrack show`` and the TUI's detail pane.

All user text goes in as ``Text`` (never markup) after ``visible_text`` (no escape sequences).
"""

from __future__ import annotations

from datetime import date

from rich.console import Group
from rich.text import Text

from models.domain import ProgressKind
from models.text import shorten, visible_text
from models.timescale import day_text, parse_timescale
from storage.db import ActionDetail
from tui.rag_style import RAG_LABEL, rag_text


def _day(d: date | None) -> str:
    return day_text(d, "undated")


def detail_renderable(detail: ActionDetail) -> Group:
    row = detail.row
    parts: list = []
    heading = Text()
    heading.append(visible_text(row.ref), style="bold")
    heading.append("  ")
    heading.append_text(rag_text(row.rag, long=True))
    heading.append(f"  {row.status}", style="italic")
    if row.overdue:
        heading.append("  OVERDUE", style="bold reverse")
    parts.append(heading)
    closed = [c for c in detail.dates_and_status if c.field == "status" and c.new == row.status]
    if row.status in ("withdrawn", "superseded") and closed:
        why = Text(f"{row.status.capitalize()} {day_text(date.fromisoformat(closed[-1].at[:10]))}: ", style="bold")
        why.append(visible_text(closed[-1].reason or "no reason given"), style="italic")
        why.append(f"  — {visible_text(closed[-1].actor)}", style="dim")
        parts.append(why)
    parts.append(Text(visible_text(row.text)))
    context = Text(style="dim")
    context.append(f"{visible_text(row.plan)} › ")
    if detail.theme:
        context.append(f"{visible_text(detail.theme)} › ")
    context.append(f"Objective {visible_text(row.objective_ref)}: {shorten(row.objective, 120)}")
    parts.append(context)
    parts.append(Text(""))

    leads = Text("Leads: ", style="bold")
    if detail.leads:
        for i, lead in enumerate(detail.leads):
            if i:
                leads.append("; ")
            leads.append(visible_text(lead.name), style="bold" if lead.primary else "")
            extra = ", ".join(visible_text(x) for x in (lead.initials, lead.job_title) if x)
            if extra:
                leads.append(f" ({extra})", style="dim")
    else:
        leads.append("none", style="dim")
    parts.append(leads)

    timescale = Text("Timescale: ", style="bold")
    timescale.append(visible_text(row.timescale) or "—")
    parsed = parse_timescale(row.timescale)
    timescale.append(f"  → {parsed.describe()}", style="dim")
    parts.append(timescale)
    updated = Text("Last update: ", style="bold")
    updated.append(_day(row.last_update))
    parts.append(updated)

    parts.append(Text(""))
    parts.append(Text(f"Progress ({len(detail.progress)})", style="bold underline"))
    if not detail.progress:
        parts.append(Text("no progress recorded", style="dim"))
    for entry in detail.progress:
        line = Text()
        line.append(f"{ProgressKind(entry.kind).symbol} ", style="bold")
        line.append(f"{_day(entry.entry_date)}  ", style="dim")
        line.append(visible_text(entry.text))
        if entry.author:
            line.append(f"  — {visible_text(entry.author)}", style="dim italic")
        if entry.imported:
            line.append("  (imported", style="dim")
            if entry.corrected_by:
                line.append(f"; corrected by {visible_text(entry.corrected_by)}", style="dim")
            line.append(")", style="dim")
        elif entry.corrected_by and entry.corrected_by != entry.author:
            line.append(f"  (corrected by {visible_text(entry.corrected_by)})", style="dim")
        parts.append(line)

    moves = [c for c in detail.dates_and_status if c.reason != "undo"]
    if moves:
        parts.append(Text(""))
        parts.append(Text(f"Re-dated and status ({len(moves)})", style="bold underline"))
    for change in moves:
        line = Text()
        line.append(f"{day_text(date.fromisoformat(change.at[:10]))}  ", style="dim")
        if change.field == "timescale":
            line.append(f"re-dated {visible_text(change.old or 'none')} → {visible_text(change.new or 'none')}")
        else:
            line.append(f"{visible_text(change.old or '?')} → {visible_text(change.new or '?')}")
        line.append(f"  {visible_text(change.reason or 'no reason given')}", style="italic")
        line.append(f"  — {visible_text(change.actor)}", style="dim")
        parts.append(line)

    parts.append(Text(""))
    parts.append(Text(f"RAG history ({len(detail.rag_history)})", style="bold underline"))
    if not detail.rag_history:
        parts.append(Text("never rated", style="dim"))
    for change in detail.rag_history:
        line = Text()
        line.append(f"{day_text(date.fromisoformat(change.at[:10]))}  ", style="dim")
        line.append(f"{RAG_LABEL[change.old]} → {RAG_LABEL[change.new]}")
        line.append(f"  {visible_text(change.reason or 'no reason given')}", style="italic")
        line.append(f"  — {visible_text(change.actor)}", style="dim")
        parts.append(line)
    return Group(*parts)
