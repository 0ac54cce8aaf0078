"""The status line: how many actions in scope are red, amber, green, blue, not rated, overdue."""

from __future__ import annotations

from rich.text import Text
from textual.widget import Widget

from storage.db import NOT_RATED
from tui.rag_style import RAG_LABEL, rag_text


def counts_text(counts: dict[str, int] | None, title: str = "", compact: bool = False) -> Text:
    """ "●R Red 12  ◐A Amber 3 … overdue 7 · 97 actions": symbols and words, never colour alone
    (``compact``: symbols and letters only, for 80 columns)."""
    line = Text(no_wrap=True, overflow="ellipsis")
    if title:
        line.append(title, style="bold")
        line.append("  ")
    if counts is None:
        line.append("counting…", style="dim")
        return line
    for rag in ("red", "amber", "green", "blue", None):
        line.append_text(rag_text(rag))
        word = "" if compact else (RAG_LABEL[rag] if rag else "not rated") + " "
        line.append(f" {word}{counts.get(rag or NOT_RATED, 0)} ")
    line.append(" ! ", style="bold reverse")
    line.append(f" {'' if compact else 'overdue '}{counts.get('overdue', 0)}  ")
    line.append(f"· {counts.get('total', 0)} {'' if compact else 'in scope'}", style="dim")
    return line


class CountsBar(Widget):
    """Counts per RAG in the current scope; updated after every filter change or edit.

    Drawn with ``render`` and repainted with a plain ``refresh``: a ``Static.update`` would
    ask for a layout of the whole screen on every keystroke, though this line never changes size.
    """

    DEFAULT_CSS = """
    CountsBar { height: 1; background: $panel; padding: 0 1; }
    """

    def __init__(self, title: str = "", *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.title = title
        self.counts: dict[str, int] | None = None

    def render(self) -> Text:
        # The words whenever they fit in the columns this line has (its padding aside); the
        # letters only when they do not (80 columns).
        room = self.content_region.width
        full = counts_text(self.counts, self.title)
        if full.cell_len <= room:
            return full
        compact = counts_text(self.counts, self.title, compact=True)
        if compact.cell_len <= room or not self.title.startswith("ragtrack"):
            return compact
        # Still too long (read-only at 80 columns): the app's name goes before any count does.
        return counts_text(self.counts, self.title.removeprefix("ragtrack").strip(), compact=True)

    def show_counts(self, counts: dict[str, int] | None) -> None:
        """Repaint only when the counts (the line's only changing text) changed: a second answer
        for the same scope, or a filter that leaves the counts alone, repaints nothing."""
        if counts == self.counts:
            return
        self.counts = counts
        self.refresh()
