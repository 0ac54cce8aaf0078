"""Keys typed ahead of a key's action go where that action sends the keys.

Textual hands each key to the focused widget as soon as it reads it, and runs a key's binding
only when the key has bubbled back up to the app. Keys typed quickly (or pasted by a keyboard
macro, or read in one burst from a slow terminal) are therefore all handed to the list before
the first one's action has run: "/red" typed fast focused the search box only after "r" had
rated the highlighted action red, and "oCar" opened the officer finder and then the sync
conflicts screen (C) instead of finding Carly. Officers type ahead; what they typed must land
where they meant it to.

``TypeAhead`` notes, for each key the app hands out, how many bindings had run by then. A key
that bubbles back to the app after another key's binding ran since it was handed out was
typed ahead of that action: it is posted to the app again, behind whatever that action asked
for (a focus moving, a dialog opening), so it reaches the widget that now takes the keys. A key
is posted again at most once, so a burst of keys bound to the list (arrows held down) costs one
more hop each, never more.
"""

from __future__ import annotations

from collections import OrderedDict

from textual import events

# Keys stopped by a widget never come back to the app: their notes are dropped after this many.
_NOTES_KEPT = 64


class TypeAhead:
    def __init__(self) -> None:
        self._bindings_run = 0
        # id(key) -> (the key, bindings run when it was handed out, it was posted again). The key
        # itself is kept so that its id is not reused while it is noted.
        self._handed_out: OrderedDict[int, tuple[events.Key, int, bool]] = OrderedDict()
        self._posted_again: set[int] = set()

    def handed_out(self, key: events.Key) -> None:
        """The app is about to hand ``key``, just read, to the widget that takes the keys."""
        again = id(key) in self._posted_again
        self._posted_again.discard(id(key))
        self._handed_out[id(key)] = (key, self._bindings_run, again)
        while len(self._handed_out) > _NOTES_KEPT:
            self._handed_out.popitem(last=False)

    def binding_ran(self) -> None:
        self._bindings_run += 1

    def overtaken(self, key: events.Key) -> events.Key | None:
        """``key`` has bubbled back to the app unhandled. If a binding ran since it was handed out,
        the copy to post to the app again (the key itself has been handed out and cannot be)."""
        note = self._handed_out.pop(id(key), None)
        if note is None:
            return None
        _, bindings_run, again = note
        if again or bindings_run == self._bindings_run:
            return None
        copy = events.Key(key.key, key.character)
        self._posted_again.add(id(copy))
        return copy
