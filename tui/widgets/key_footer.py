"""The footer of keys, rebuilt only when the keys it shows change.

Textual's ``Footer`` recomposes (removes and mounts a widget per key, then lays the screen out
again) every time a screen calls ``refresh_bindings()``, which the screens do whenever what a key
can do may have changed: after every filter, every detail loaded, every edit. Most of those
calls change nothing the footer shows, and the rebuild was a large part of a filter keystroke's
cost. This footer remembers what it last composed and ignores calls that would compose the same.
"""

from __future__ import annotations

from textual.app import ComposeResult
from textual.screen import Screen
from textual.widgets import Footer


def _shown_keys(screen: Screen) -> tuple:
    """What the footer would show for ``screen``: each shown key, its label, whether enabled."""
    return tuple(
        (binding.key, binding.action, binding.description, binding.group, enabled, tooltip)
        for (_node, binding, enabled, tooltip) in screen.active_bindings.values()
        if binding.show
    )


class KeyFooter(Footer):
    """A ``Footer`` that recomposes only when the keys it shows (or whether they are enabled)
    change."""

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self._composed: tuple | None = None

    def compose(self) -> ComposeResult:
        if self._bindings_ready:
            self._composed = _shown_keys(self.screen)
        yield from super().compose()

    def bindings_changed(self, screen: Screen) -> None:
        if (
            self._composed is not None
            and self.is_attached
            and screen is self.screen
            and _shown_keys(screen) == self._composed
        ):
            return
        super().bindings_changed(screen)
