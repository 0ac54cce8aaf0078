"""The one place worker errors are shown (the app's handler pushes it)."""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical, VerticalScroll
from textual.widgets import Static

from models.text import visible_text
from tui.screens.base import Dialog


class ErrorDialog(Dialog[None]):
    BINDINGS: ClassVar[list[BindingType]] = [Binding("enter", "cancel", "Close", id="error.close")]

    def __init__(self, title: str, error: BaseException) -> None:
        super().__init__()
        self.title_text = title
        self.error = error

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog dialog-error"):
            yield Static(Text(f"Something went wrong: {self.title_text}", style="bold"), classes="dialog-title")
            with VerticalScroll(classes="error-body"):
                yield Static(Text(visible_text(f"{type(self.error).__name__}: {self.error}")))
            yield Static(
                Text("Nothing was saved by the step that failed. Enter or Esc closes.", style="dim"),
                classes="dialog-keys",
            )
