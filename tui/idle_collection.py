"""The cyclic garbage collector runs while the user pauses, not in the middle of a keystroke.

Python collects when enough objects have been allocated since the last collection, wherever that
falls: a keystroke that repaints the list allocates thousands (strips, segments, messages), so
the collections fell inside keystrokes, holding the UI thread (and every other) up. At 10,000
actions an officer pick had one or two young collections of 1-3 ms in most picks and, every few
picks, a full one of 8-25 ms (cycles of Textual's messages, workers and timers: about 4,700
objects a pick; the objects alive at start are frozen, ``RagtrackApp.freeze_start``). Collected
once input has paused for ``QUIET_S`` (the young generations, and the whole heap before a young
collection in a keystroke would go through it), the counts start again from nothing at each
keystroke, which then allocates too little to set off more than the cheapest collections.
"""

from __future__ import annotations

import gc
import time
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from textual.app import App
    from textual.timer import Timer

#: Seconds without input after which the garbage is collected: once a keystroke's repaint is
#: done (10-50 ms), before the next key is likely (typing runs at 100-300 ms a key). Not much
#: longer: a collection that starts as a key comes holds that key up.
QUIET_S = 0.05


class IdleCollection:
    """Collects the garbage once the app's input has been quiet for ``QUIET_S``."""

    def __init__(self, app: App, quiet_s: float = QUIET_S) -> None:
        self._app = app
        self._quiet_s = quiet_s
        self._last_input = 0.0
        self._timer: Timer | None = None
        self.collections = 0
        """How many collections it ran (tests)."""

    def input_seen(self) -> None:
        """A key or click: collect once input is quiet again. One timer at a time, pushed back
        while keys come (a key costs a clock reading, not a timer)."""
        self._last_input = time.perf_counter()
        if self._timer is None:
            self._timer = self._app.set_timer(self._quiet_s, self._collect_if_quiet, name="idle-collection")

    def _collect_if_quiet(self) -> None:
        quiet = time.perf_counter() - self._last_input
        if quiet < self._quiet_s:
            self._timer = self._app.set_timer(self._quiet_s - quiet, self._collect_if_quiet, name="idle-collection")
            return
        self._timer = None
        # The young generations (about a millisecond: what the keystrokes left, their cycles of
        # messages and workers among it); the whole heap only when the collector would otherwise
        # go through it at the next young collection, in a keystroke (8-25 ms at 10,000 actions).
        full = gc.get_count()[2] >= gc.get_threshold()[2] - 1
        gc.collect(2 if full else 1)
        self.collections += 1
