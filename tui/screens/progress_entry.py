"""Add (or edit) a progress entry: ✓ achievement, ⇒ next step or • note, and its text.

The kind is chosen with ↑/↓ while typing, shown as "(x)" / "( )" so it reads without colour;
Enter saves, Escape cancels.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.widgets import Input, Static

from models.domain import ProgressKind
from tui.screens.base import Dialog

KINDS = (
    (ProgressKind.ACHIEVED, "✓ Achieved"),
    (ProgressKind.NEXT, "⇒ Next step"),
    (ProgressKind.NOTE, "• Note"),
)


@dataclass(frozen=True)
class ProgressAnswer:
    kind: str
    text: str


class ProgressDialog(Dialog[ProgressAnswer]):
    """Dismisses with a ProgressAnswer, or None on Escape."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("up", "kind(-1)", "Previous kind", id="progress.kind_up"),
        Binding("down", "kind(1)", "Next kind", id="progress.kind_down"),
    ]

    def __init__(self, title: Text, kind: str = ProgressKind.ACHIEVED, text: str = "") -> None:
        super().__init__()
        self.title_text = title
        self.kind_index = next((i for i, (k, _label) in enumerate(KINDS) if k == kind), 0)
        self.text = text

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Static(self.title_text, classes="dialog-title")
            yield Static(self._kinds(), id="kind")
            yield Input(value=self.text, placeholder="What was achieved, or what happens next", id="text")
            yield Static("", id="hint", classes="dialog-hint")
            yield Static(Text("↑/↓ kind · Enter saves · Esc cancels", style="dim"), classes="dialog-keys")

    def on_mount(self) -> None:
        self.query_one("#text", Input).focus()

    def _kinds(self) -> Text:
        text = Text("Kind: ")
        for i, (_kind, label) in enumerate(KINDS):
            chosen = i == self.kind_index
            text.append(f"({'x' if chosen else ' '}) {label}", style="bold reverse" if chosen else "")
            text.append("   ")
        return text

    def action_kind(self, delta: int) -> None:
        self.kind_index = (self.kind_index + delta) % len(KINDS)
        self.query_one("#kind", Static).update(self._kinds())

    @on(Input.Submitted, "#text")
    def _submitted(self, event: Input.Submitted) -> None:
        event.stop()
        if not event.value.strip():
            self.query_one("#hint", Static).update(Text("Write something (or Esc to cancel).", style="bold"))
            self.app.bell()
            return
        self.dismiss(ProgressAnswer(str(KINDS[self.kind_index][0]), event.value.strip()))
