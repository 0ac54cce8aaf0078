"""The base of every controller: a widget that is never shown, so it can run workers and post
messages from inside its screen's DOM like any other part."""

from __future__ import annotations

from textual.widget import Widget
from textual.worker import Worker

from tui.screens.base import forward_worker_error


class Controller(Widget):
    """Never displayed; its workers' errors go to the app's one handler."""

    DEFAULT_CSS = "Controller { display: none; }"

    def worker_changed(self, event: Worker.StateChanged) -> None:
        """A worker of this controller changed state (errors already went to the app)."""

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        forward_worker_error(self, event)
        self.worker_changed(event)
