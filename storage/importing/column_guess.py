"""Columns whose header says nothing: what the values under them show, and the notes saying so.

A "Status" column often holds the RAG rating (words or fills); an unnamed column full of fills
is the rating; dates, ✓/⇒ entries, statuses and short references are recognised by content.
Every such guess is reported (``guess_notes``), as is a column left out that holds something.
"""

from __future__ import annotations

import re

from models.timescale import parse_timescale
from storage.importing.markup import one_line
from storage.importing.table_cells import looks_rag, read_status
from storage.importing.tabular import Cell, Layout, Row

SAMPLE_ROWS = 200


def guess_column(index: int, cells: list[Cell], layout: Layout) -> tuple[str, str] | None:
    """(field, reason) for a column whose header says nothing, from the values under it."""
    taken = set(layout.fields())
    filled = [c for c in cells if c.text.strip() or c.fill]
    if len(filled) < 2:
        return None
    share = lambda test: sum(1 for c in filled if test(c)) / len(filled)  # noqa: E731
    if "rag" not in taken and share(looks_rag) >= 0.6:
        coloured = any(c.fill and not c.text.strip() for c in filled)
        return "rag", "its cells " + ("are coloured red/amber/green" if coloured else "read as RAG ratings")
    texts = [c for c in filled if c.text.strip()]
    if not texts:
        return None
    share = lambda test: sum(1 for c in texts if test(c.text)) / len(texts)  # noqa: E731
    if "status" not in taken and share(lambda t: read_status(t) is not None) >= 0.6:
        return "status", "its cells read as statuses"
    if share(lambda t: bool(re.search("[✓✔⇒➡]", t))) >= 0.5:
        return "progress", "its cells hold ✓/⇒ entries"
    if "timescale" not in taken and share(_dated) >= 0.6:
        return "timescale", "its cells read as dates"
    if (
        "ref" not in taken
        and index == 0
        and share(lambda t: bool(re.fullmatch(r"\(?[A-Za-z]?\d{0,3}[a-z]?[.)]?", t.strip()))) >= 0.8
    ):
        return "ref", "short references in the first column"
    return None


def _dated(text: str) -> bool:
    parsed = parse_timescale(one_line(text))
    return parsed.understood and not parsed.undated


def guess_unnamed(layout: Layout, rows: list[Row]) -> None:
    """Give unrecognised columns (and a "Status" holding ratings) a field from their values."""
    for column in layout.columns:
        if column.how != "not recognised" and not (column.field == "status" and column.how != "--map"):
            continue
        cells = [r.cells[column.index] for r in rows[:SAMPLE_ROWS] if column.index < len(r.cells)]
        if column.field == "status":  # "Status" often holds the RAG rating
            guess = guess_column(column.index, cells, Layout("", "", []))
            if guess and guess[0] == "rag" and "rag" not in layout.fields():
                column.field, column.how, column.reason = "rag", "guessed", f"'Status' column: {guess[1]}"
            continue
        guess = guess_column(column.index, cells, layout)
        if guess:
            column.field, column.how, column.reason = guess[0], "guessed", guess[1]


def guess_notes(layout: Layout, rows: list[Row]) -> list[str]:
    """Columns read by a guess, and columns left out though they hold something."""
    notes = []
    for column in layout.columns:
        if column.how == "guessed":
            notes.append(f"column {column.label!r} read as {column.field} (a guess: {column.reason})")
        elif column.how == "not recognised" and any(
            column.index < len(r.cells) and r.cells[column.index].text.strip() for r in rows[:SAMPLE_ROWS]
        ):
            notes.append(f"column {column.label!r} not recognised: left out (name its field with --map)")
    return notes
