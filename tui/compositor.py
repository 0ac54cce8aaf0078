"""A screen's compositor that draws, in a partial update, only the rows of each widget that
something refreshed.

Textual's partial update (``Compositor.render_partial_update``, Textual 8.2) crops to the box
around every region refreshed since the last update, and renders in full every widget that box
touches: a keystroke that changes the list, the counts line at the top and an option of the
filter panel on the right has the outline, every container and every scrollbar on screen
rendered again, line by line, though none of them changed (half of a RAG keystroke's time on
the UI thread, at 160x48). This one renders, of each widget, only the rows where a refreshed
region overlaps it, and fills the same chops: the terminal receives the same bytes
(tests/test_partial_updates.py compares them with Textual's own update, keystroke by keystroke).

Why that is enough: a partial update writes, of each screen line, only the chops (the pieces
between widgets' edges) that overlap a refreshed region on that line. The topmost widget under
such a chop overlaps that region there, so its row is rendered here, and, painting front to
back as Textual does, it fills the chop first. Chops that nothing refreshed may be left empty
or filled from a widget beneath: they are not written.
"""

from __future__ import annotations

import itertools

from textual._compositor import ChopsUpdate, Compositor
from textual.geometry import Region
from textual.strip import Strip


class PartialCompositor(Compositor):
    """``Compositor`` whose partial updates render only the refreshed rows of each widget."""

    def render_partial_update(self) -> ChopsUpdate | None:
        screen = self.size.region
        dirty = [region.intersection(screen) for region in self._dirty_regions]
        self._dirty_regions.clear()
        dirty = [region for region in dirty if region.area]
        if not dirty:
            return None
        spans = list(self._regions_to_spans(dirty))
        rendered = {y for y, _, _ in spans}
        cuts = self.cuts
        chops: list[dict[int, Strip | None]] = [dict.fromkeys(cut_set[:-1]) for cut_set in cuts]
        for widget, (region, clip) in self.visible_widgets.items():
            visible = region.intersection(clip)
            first_cut, last_cut = visible.column_span
            top, bottom = screen.bottom, -1
            for area in dirty:
                overlap = visible.intersection(area)
                if not overlap.area:
                    continue
                x1, x2 = overlap.column_span
                for y in overlap.line_range:
                    if not top <= y < bottom and self._unfilled(chops[y], cuts[y], x1, x2, first_cut, last_cut):
                        top, bottom = min(top, y), max(bottom, y + 1)
            if bottom < 0:
                continue  # nothing of it is written, or widgets in front of it fill all it would
            strips = widget.render_lines(Region(visible.x - region.x, top - region.y, visible.width, bottom - top))
            x = visible.x
            for y, strip in zip(range(top, bottom), strips, strict=False):
                if y not in rendered:
                    continue
                line = chops[y]
                final_cuts = [cut for cut in cuts[y] if last_cut >= cut >= first_cut]
                for cut, piece in zip(final_cuts, strip.divide([cut - x for cut in final_cuts[1:]]), strict=False):
                    if line.get(cut) is None:
                        line[cut] = piece
        return ChopsUpdate(chops, spans, [cut_set[1:] for cut_set in cuts])

    @staticmethod
    def _unfilled(line: dict[int, Strip | None], cuts: list[int], x1: int, x2: int, left: int, right: int) -> bool:
        """Some chop of this line between ``x1`` and ``x2``, within a widget spanning ``left`` to
        ``right``, is not filled yet (by the widgets in front of it)."""
        for cut, end in itertools.pairwise(cuts):
            if end <= x1 or end <= left:
                continue
            if cut >= x2 or cut >= right:
                break
            if line.get(cut) is None:
                return True
        return False
