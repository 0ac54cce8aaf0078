"""The detail pane's review section: "Since the last review (22/07/2015): RAG Amber → Red: …"
and the action's RAG at every past review, then now. Hidden when the plan has no review.

Part of the detail pane (after the action's own text); it draws from the ``ReviewState`` the
reviews part loaded in a worker, so moving through the list reads nothing.
"""

from __future__ import annotations

from rich.text import Text
from textual.widgets import Static

from models.text import visible_text
from storage.db import ActionRow
from tui.rag_style import rag_text
from tui.review_state import PlanReviews


def review_section(plan: PlanReviews | None, row: ActionRow) -> Text | None:
    """The section for ``row``, or None when its plan has no review."""
    if plan is None:
        return None
    text = Text()
    day = plan.latest.as_at.strftime("%d/%m/%Y")
    text.append(f"Since the last review ({day})", style="bold underline")
    text.append("\n")
    lines = plan.notes.get(row.id)
    if lines:
        for line in lines:
            text.append("Δ ", style="bold")
            text.append(visible_text(line))
            text.append("\n")
    elif row.id in plan.notes:
        text.append("changed (progress only)\n", style="dim")
    else:
        text.append("no change\n", style="dim")
    text.append("\n")
    text.append("RAG at each review", style="bold underline")
    text.append("\n")
    rags = plan.rags.get(row.id, ())
    for n, review in enumerate(plan.reviews):
        text.append(f"{review.as_at.strftime('%d/%m/%Y')} ", style="dim")
        present, rag = rags[n] if n < len(rags) else (False, None)
        if present:
            text.append_text(rag_text(rag))
        else:
            text.append(" not in the plan ", style="dim italic")
        text.append("\n")
    text.append("now        ", style="dim")
    text.append_text(rag_text(row.rag))
    return text


class ReviewNotes(Static):
    """Shows ``review_section`` for the highlighted action (or nothing)."""

    DEFAULT_CSS = """
    ReviewNotes { height: auto; margin-top: 1; }
    """

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self._shown: Text | None = None  # what show() last put on screen

    def show(self, section: Text | None) -> None:
        """Show ``section``; the same text again (every detail loaded, every filter keystroke)
        changes nothing and costs no layout pass of the screen (``Static.update`` lays it out)."""
        if section is None and self._shown is None and not self.display:
            return
        if section is not None and self._shown is not None and section == self._shown:
            return
        self._shown = section
        self.display = section is not None
        self.update(section if section is not None else Text(""))
