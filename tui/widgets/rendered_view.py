"""A scrollable view of one Rich renderable through the Line API: what triage shows of an item.

A ``Static`` in a ``VerticalScroll`` (what triage had) is laid out again whenever its content
changes, since its height may: Textual then lays the whole screen out, wrapping the text once to
measure it and again to draw it. This view renders the renderable to lines once, at its width,
and shows the lines on screen; a new renderable only repaints the view (and its scrollbar), and
the screen is laid out again only when the scrollbar comes or goes. A renderable can be rendered
ahead (``prepare``), so that showing it later costs a repaint alone; and work that should not
delay the repaint of what is shown (reading and rendering the next one) can wait for it
(``call_when_drawn``).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import ClassVar

from rich.console import RenderableType
from rich.style import Style
from rich.text import Text
from textual import events
from textual.geometry import Region, Size
from textual.scroll_view import ScrollView
from textual.strip import Strip
from textual.visual import Visual, visualize

#: Renderables rendered ahead (``prepare``) and kept for a later ``update``.
_PREPARED = 4


class RenderedView(ScrollView, can_focus=False):
    """Shows ``update(renderable)``; ``prepare(renderable, key)`` renders one ahead."""

    DEFAULT_CSS: ClassVar[str] = "RenderedView { overflow-x: hidden; }"

    def __init__(self, renderable: RenderableType = "", *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.renderable: RenderableType = renderable
        self._key: object = None  # the object the renderable shows (prepare's key), if any
        self._strips: list[Strip] = []
        # id(key) -> (key, renderable, width, strips)
        self._prepared: dict[int, tuple[object, RenderableType, int, list[Strip]]] = {}
        self._undrawn = False  # refreshed since the compositor last drew it
        self._when_drawn: list[Callable[[], object]] = []  # see ``call_when_drawn``
        self._drawing: tuple[int, int, Style] | None = None  # a pass's scroll offset, width and style

    # --- what it shows ------------------------------------------------------------------------
    def update(self, renderable: RenderableType, key: object = None) -> None:
        """Show ``renderable``. ``key``: what it shows (as given to ``prepare``)."""
        self.renderable, self._key = renderable, key
        self._fit()

    def show_prepared(self, key: object) -> bool:
        """Show what was prepared for ``key``, if it was and still fits (False: it was not, and
        the caller builds the renderable for ``update``: building it costs as much as a repaint)."""
        prepared = self._prepared.get(id(key))
        if prepared is None or prepared[0] is not key or not self._fits(prepared[2], prepared[3], self.content_region):
            return False
        self.update(prepared[1], key)
        return True

    def prepare(self, renderable: RenderableType, key: object) -> None:
        """Render ``renderable`` now (between keystrokes) for a later ``update(..., key)``."""
        fitted = self._lines_for(renderable)
        if fitted is None:
            return
        strips, width = fitted
        if len(self._prepared) >= _PREPARED:
            self._prepared.pop(next(iter(self._prepared)))
        self._prepared[id(key)] = (key, renderable, width, strips)

    def call_when_drawn(self, callback: Callable[[], object]) -> None:
        """Call ``callback`` just after the compositor pass that draws what the view shows now
        (next, at once, if nothing of it is left to draw). Not ``call_after_refresh``: that may
        run before the view's repaint, which the work of the callback would then delay."""
        if self._undrawn and self.region.area:
            self._when_drawn.append(callback)
        else:
            self.call_next(callback)

    @property
    def lines(self) -> list[Strip]:
        """The rendered lines (for tests)."""
        return self._strips

    # --- rendering ----------------------------------------------------------------------------
    def _render_at(self, renderable: RenderableType, width: int) -> list[Strip]:
        visual = visualize(self, renderable if renderable is not None else Text(""), markup=False)
        return Visual.to_strips(self, visual, width, None, self.visual_style, pad=True)

    def _lines_for(self, renderable: RenderableType) -> tuple[list[Strip], int] | None:
        """The lines of ``renderable`` and the width they fit: the view's width, less the
        scrollbar's when they are more than it shows (None: not laid out yet)."""
        content = self.content_region
        if content.width <= 0 or content.height <= 0:
            return None
        width = content.width
        strips = self._render_at(renderable, width)
        bar = self.styles.scrollbar_size_vertical if self.styles.overflow_y == "auto" else 0
        if len(strips) > content.height and bar and width > bar:
            width -= bar
            strips = self._render_at(renderable, width)
        return strips, width

    def _fit(self) -> None:
        """Render the lines (or take them prepared) and size the scrollable area for them."""
        prepared = self._prepared.get(id(self._key)) if self._key is not None else None
        content = self.content_region
        if prepared is not None and prepared[0] is self._key and self._fits(prepared[2], prepared[3], content):
            _key, _renderable, width, strips = prepared
        else:
            fitted = self._lines_for(self.renderable)
            if fitted is None:
                self._strips = []
                self._refresh()
                return
            strips, width = fitted
        self._strips = strips
        size = Size(width, len(strips))
        height = self.container_size.height
        if size.width != self.virtual_size.width or (size.height > height) != (self.virtual_size.height > height):
            self.virtual_size = size  # the scrollbar comes or goes: laid out again
        else:
            self.set_reactive(RenderedView.virtual_size, size)
            self._scroll_update(size)
        self._refresh()

    def _refresh(self) -> None:
        self._undrawn = True
        self.refresh()

    def _fits(self, width: int, strips: list[Strip], content) -> bool:
        """Lines rendered ahead still fit the view as it is now."""
        bar = self.styles.scrollbar_size_vertical if self.styles.overflow_y == "auto" else 0
        return width == (content.width - bar if len(strips) > content.height and bar else content.width)

    def on_resize(self, event: events.Resize) -> None:
        self._prepared.clear()  # rendered for another width
        self._fit()

    def render_lines(self, crop: Region) -> list[Strip]:
        # Read once a pass, not once a line: they cost more than the line itself.
        self._drawing = (int(self.scroll_offset.y), self.scrollable_content_region.width, self.visual_style.rich_style)
        try:
            lines = super().render_lines(crop)
        finally:
            self._drawing = None
        self._undrawn = False
        for callback in self._when_drawn:
            self.screen.call_next(callback)  # after this pass: the screen's next step
        self._when_drawn = []
        return lines

    def render_line(self, y: int) -> Strip:
        offset, width, style = self._drawing or (
            int(self.scroll_offset.y),
            self.scrollable_content_region.width,
            self.visual_style.rich_style,
        )
        index = offset + y
        if 0 <= index < len(self._strips):
            strip = self._strips[index]
            return strip if strip.cell_length == width else strip.crop_extend(0, width, style)
        return Strip.blank(width, style)
