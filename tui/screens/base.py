"""What every screen and dialog shares: Escape backs out, worker errors reach the app."""

from __future__ import annotations

from typing import ClassVar, TypeVar

from rich.text import Text
from textual.binding import Binding, BindingType
from textual.screen import ModalScreen, Screen
from textual.worker import Worker, WorkerState

from tui.messages import WorkerFailed

T = TypeVar("T")


def forward_worker_error(node, event: Worker.StateChanged) -> None:
    """Worker state changes do not bubble: send failures to the app's one error handler."""
    if event.state == WorkerState.ERROR and event.worker.error is not None:
        node.app.post_message(WorkerFailed(event.worker.name or event.worker.group, event.worker.error))


class DataScreen(Screen):
    """A full screen whose workers load data; their errors go to the app."""

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        forward_worker_error(self, event)


class Dialog(ModalScreen[T]):
    """A modal dialog: Escape cancels (dismisses with None)."""

    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "cancel", "Cancel", id="dialog.cancel")]

    def action_cancel(self) -> None:
        self.dismiss(None)

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        forward_worker_error(self, event)


def plain(text: str, style: str = "") -> Text:
    """User text as a renderable that is never read as markup."""
    return Text(text, style=style)
