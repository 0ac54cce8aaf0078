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
from textual.widgets._footer import FooterKey

from tui.screens.base import action_name


def _shown_keys(screen: Screen) -> tuple:
    """What the footer would show for ``screen``: each shown key, its label, whether enabled."""
    hidden = read_only_keys(screen)
    return tuple(
        (binding.key, binding.action, binding.description, binding.group, enabled, tooltip)
        for (_node, binding, enabled, tooltip) in screen.active_bindings.values()
        if binding.show and binding.action not in hidden
    )


def read_only_keys(screen: Screen) -> frozenset[str]:
    """In a read-only session, the actions of the keys that can never be used (greyed out
    because nothing can be edited: "n Progress", "u Undo"): left out of the footer, where they
    look the same as any other key without colour. Pressed anyway, they still say why."""
    session = getattr(screen.app, "session", None)
    if session is None or not session.read_only:
        return frozenset()
    refusal = getattr(screen, "refusal", None)
    return frozenset(
        binding.action
        for (_node, binding, enabled, _tooltip) in screen.active_bindings.values()
        if not enabled
        and (
            binding.action in ("undo", "redo")
            or (refusal is not None and (refusal(action_name(binding.action)) or "").startswith("Read-only"))
        )
    )


def _layout(shown: tuple) -> tuple:
    """What decides the footer's widgets: everything but whether each key is enabled."""
    return tuple((key, action, description, group, tooltip) for key, action, description, group, _e, tooltip in shown)


class KeyFooter(Footer):
    """A ``Footer`` that recomposes only when the keys it shows change; a key enabled or greyed
    out since is restyled in place."""

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self._composed: tuple | None = None
        self._rebuild_due = False  # a recompose is scheduled (after the next refresh)

    def compose(self) -> ComposeResult:
        if not self._bindings_ready:
            return
        self._composed = _shown_keys(self.screen)
        hidden = read_only_keys(self.screen)
        shown = 0
        for widget in super().compose():
            if isinstance(widget, FooterKey) and widget.action in hidden:
                continue
            shown += isinstance(widget, FooterKey)
            yield widget
        if hidden:
            self.styles.grid_size_columns = shown

    def bindings_changed(self, screen: Screen) -> None:
        if self._composed is not None and self.is_attached and screen is self.screen:
            shown = _shown_keys(screen)
            if shown == self._composed:
                return
            if _layout(shown) == _layout(self._composed) and self._restyle(shown):
                return
        # As Textual's Footer does, but one rebuild at a time: at start the screen's bindings
        # change three times before the first paint, and each scheduled a rebuild of every key.
        # The one due composes the keys as they are when it runs.
        self._bindings_ready = True
        if not screen.app.app_focus or self._rebuild_due:
            return
        if self.is_attached and screen is self.screen:
            self._rebuild_due = True
            self.call_after_refresh(self._rebuild)

    async def _rebuild(self) -> None:
        self._rebuild_due = False
        await self.recompose()

    def _restyle(self, shown: tuple) -> bool:
        """The same keys, some enabled or greyed out since: each key's ``-disabled`` class set in
        place (a repaint of those keys; no rebuild, no layout pass of the screen). False when the
        keys on screen are not the ones composed (then rebuild)."""
        from textual.widgets._footer import FooterKey

        wanted = {(key, action): enabled for key, action, _d, _g, enabled, _t in shown}
        keys = [k for k in self.query(FooterKey) if "-command-palette" not in k.classes]
        if any((k.key, k.action) not in wanted for k in keys):
            return False
        for widget in keys:
            disabled = not wanted[(widget.key, widget.action)]
            if widget._disabled != disabled:
                widget._disabled = disabled
                widget.set_class(disabled, "-disabled")
        self._composed = shown
        return True
