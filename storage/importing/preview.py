"""The import preview as text: how each column was read, and the first actions as stored.

Shared by ``ragtrack import --dry-run`` and the TUI's import screen. Plain strings, user text
already made safe for a terminal (``models.text``).
"""

from __future__ import annotations

from models.text import one_line
from models.timescale import parse_timescale
from storage.importing import Reading
from storage.importing.columns import Column, Layout
from storage.importing.document import ImportedAction, ImportedPlan
from storage.importing.progress import leading_date

RAG_LETTER = {"red": "R", "amber": "A", "green": "G", "blue": "B", None: "-"}
PROGRESS_MARK = {"achieved": "✓", "next": "⇒", "note": "•"}


def describe_column(column: Column) -> str:
    """ "guessed: the header reads like 'action'" / "recognised" / "your --map"."""
    if column.how == "mapped":
        return "your mapping"
    how = {"not recognised": "not recognised"}.get(column.how, column.how)
    return f"{how}: {column.reason}" if column.reason else how


def layout_lines(layout: Layout, tables: str = "") -> list[str]:
    lines = [tables or f"{layout.table} (header: {layout.header_where})"]
    width = min(34, max((len(one_line(c.label)) for c in layout.columns), default=0))
    for column in layout.columns:
        label = one_line(column.label, width)
        lines.append(f"  {column.index + 1:>2}. {label:<{width}} -> {column.field:<9} {describe_column(column)}")
    return lines


def same_columns(layouts: list[Layout]) -> list[list[Layout]]:
    """Consecutive tables read with the same columns, grouped (a table repeated on every page)."""
    groups: list[list[Layout]] = []
    for layout in layouts:
        signature = [(c.header, c.field, c.how) for c in layout.columns]
        if groups and [(c.header, c.field, c.how) for c in groups[-1][0].columns] == signature:
            groups[-1].append(layout)
        else:
            groups.append([layout])
    return groups


def action_summary(action: ImportedAction) -> dict[str, str]:
    """One action's fields as the preview shows them."""
    parsed = parse_timescale(action.timescale)
    timescale = action.timescale or "–"
    if action.timescale:
        timescale += f" → {parsed.describe()}"
    progress = "; ".join(
        f"{PROGRESS_MARK.get(p.kind, '•')} "
        + (f"{p.date.strftime('%d/%m/%Y')} – " if p.date and leading_date(p.text) != p.date else "")
        + p.text
        for p in action.progress
    )
    leads = ", ".join(
        o.name + (f" ({o.initials})" if o.initials and o.initials != o.name else "") for o in action.leads
    )
    return {
        "ref": action.ref,
        "rag": RAG_LETTER.get(action.rag, "-"),
        "status": action.status,
        "text": action.text,
        "leads": leads,
        "timescale": timescale,
        "progress": progress,
    }


def first_actions(plan: ImportedPlan, limit: int) -> list[tuple[str, ImportedAction]]:
    """(objective ref, action) for the first ``limit`` actions of the plan."""
    found = []
    for objective in plan.objectives:
        for action in objective.actions:
            if len(found) == limit:
                return found
            found.append((objective.ref, action))
    return found


def preview_lines(reading: Reading, limit: int = 5) -> list[str]:
    """The whole preview: what the file was read as, its columns, and its first actions."""
    plan = reading.plan
    lines = [
        f"read as {reading.kind}: {one_line(plan.title)!r}, {len(plan.objectives)} objectives, "
        f"{len(plan.actions)} actions"
    ]
    if reading.layouts:
        lines.append("columns:")
        for group in same_columns(reading.layouts):
            tables = (
                ""
                if len(group) == 1
                else (f"{group[0].table} to {group[-1].table} ({len(group)} tables with the same columns)")
            )
            lines += ["  " + line for line in layout_lines(group[0], tables)]
    else:
        lines.append("columns: no table header found (name the columns with --map or choose --header-row)")
    shown = first_actions(plan, limit)
    lines.append(f"first {len(shown)} actions as they would be stored:")
    for objective_ref, action in shown:
        s = action_summary(action)
        objective = next(o for o in plan.objectives if o.ref == objective_ref)
        theme = f"{objective.theme} / " if objective.theme else ""
        lines.append(f"  [{s['rag']}] {theme}objective {objective_ref} › {s['ref']}: {one_line(s['text'], 70)}")
        lines.append(
            f"      leads: {one_line(s['leads']) or '–'} · timescale: {one_line(s['timescale'])}"
            f" · status: {s['status']}"
        )
        if s["progress"]:
            lines.append(f"      progress: {one_line(s['progress'], 100)}")
    return lines
