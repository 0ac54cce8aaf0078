"""The highlighted action in full: text, leads, timescale and parsed date, progress, RAG history."""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.widgets import Static

from storage.queries import ActionDetail
from tui.detail_text import detail_renderable


class DetailPane(VerticalScroll, can_focus=True):
    """Scrollable when focused (Tab to it; arrows and Page keys scroll)."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("j", "scroll_down", "Scroll down", show=False, id="detail.down"),
        Binding("k", "scroll_up", "Scroll up", show=False, id="detail.up"),
    ]

    def __init__(self, *, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(id=id, classes=classes)
        self.detail: ActionDetail | None = None

    def compose(self) -> ComposeResult:
        yield Static(Text("No action highlighted.", style="dim"), id="detail-body")

    def show_detail(self, detail: ActionDetail | None) -> None:
        self.detail = detail
        body = self.query_one("#detail-body", Static)
        if detail is None:
            body.update(Text("No action highlighted.", style="dim"))
        else:
            body.update(detail_renderable(detail))
