"""One line of text (a heading) that repaints, never lays out, and can be rendered ahead.

A ``Static`` renders its text afresh each time it is updated (Textual's whole visual pipeline,
for one line) and, unless told otherwise, lays the screen out again. Triage's heading changes on
every step ("3 of 40" to "4 of 40") and the next one is known in advance: this label renders a
text once per width, ahead if asked (``prepare``), and an update that finds it rendered costs
only the repaint of its line.
"""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual.strip import Strip
from textual.visual import Visual, visualize
from textual.widget import Widget

#: Texts kept rendered (the one shown, the next, one back).
_KEPT = 4


def _key(text: Text, width: int) -> tuple:
    return text.plain, text.style, tuple(text.spans), width


class LineLabel(Widget):
    """``update(text)`` shows ``text`` on one line; ``prepare(text)`` renders it ahead."""

    DEFAULT_CSS: ClassVar[str] = "LineLabel { height: 1; }"

    def __init__(self, text: Text, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.text = text
        self._rendered: dict[tuple, Strip] = {}  # _key(text, width) -> its line

    def update(self, text: Text) -> None:
        """Show ``text``: a repaint of the line (no layout pass)."""
        if _key(text, 0) != _key(self.text, 0):
            self.text = text
            self.refresh()

    def prepare(self, text: Text) -> None:
        """Render ``text`` now (between keystrokes) for a later ``update``."""
        width = self.content_size.width
        if width > 0:
            self._line(text, width)

    def render(self) -> Text:
        return self.text  # what it shows, as a Static's render() would say (tests read it)

    def render_line(self, y: int) -> Strip:
        width = self.content_size.width
        if y or width <= 0:
            return Strip.blank(max(width, 0), self.visual_style.rich_style)
        return self._line(self.text, width)

    def _line(self, text: Text, width: int) -> Strip:
        key = _key(text, width)
        line = self._rendered.get(key)
        if line is None:
            if len(self._rendered) >= _KEPT:
                self._rendered.pop(next(iter(self._rendered)))
            visual = visualize(self, text, markup=False)
            # Not padded to the width: the styles cache pads it, as a Static's line (the same segments)
            line = self._rendered[key] = Visual.to_strips(self, visual, width, 1, self.visual_style)[0]
        return line
