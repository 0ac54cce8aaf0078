"""Edit a few fields at once: an action's text, an objective, a theme, a plan's details.

Single-line fields are Inputs (Enter saves); a long text is a TextArea (Enter starts a new line
there). Ctrl+S saves from anywhere. Escape cancels, asking first when something was changed. A
required field left empty is refused and the dialog stays. Dismisses with only the fields that
changed.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical, VerticalScroll
from textual.widgets import Input, Static, TextArea

from tui.screens.base import Dialog


@dataclass(frozen=True)
class Field:
    name: str
    label: str
    value: str
    long: bool = False  # a TextArea rather than one line
    required: bool = False  # cannot be saved empty


class FormDialog(Dialog[dict[str, str]]):
    """Dismisses with {field: new value} for the fields changed ({} if none), None on Escape."""

    BINDINGS: ClassVar[list[BindingType]] = [Binding("ctrl+s", "save", "Save", id="form.save", priority=True)]

    def __init__(self, title: str | Text, fields: list[Field]) -> None:
        super().__init__()
        self.title_text = title if isinstance(title, Text) else Text(title)
        self.fields = fields

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog dialog-tall"):
            yield Static(self.title_text, classes="dialog-title")
            with VerticalScroll(classes="form-fields"):
                for n, field in enumerate(self.fields):
                    yield Static(Text(field.label, style="bold"), classes="form-label")
                    if field.long:
                        area = TextArea(field.value, id=f"f{n}", soft_wrap=True, show_line_numbers=False)
                        area.cursor_blink = False
                        yield area
                    else:
                        yield Input(value=field.value, id=f"f{n}")
            yield Static(Text("", style="bold"), id="form-problem", classes="dialog-hint")
            yield Static(Text(KEYS_HINT, style="dim"), classes="dialog-keys")

    def on_mount(self) -> None:
        if self.fields:
            self.query_one("#f0").focus()

    def _value(self, n: int) -> str:
        widget = self.query_one(f"#f{n}")
        return widget.text if isinstance(widget, TextArea) else widget.value

    def _changes(self) -> dict[str, str]:
        return {
            field.name: self._value(n).strip()
            for n, field in enumerate(self.fields)
            if self._value(n).strip() != field.value.strip()
        }

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.action_save()

    def action_save(self) -> None:
        for n, field in enumerate(self.fields):
            if field.required and not self._value(n).strip():
                self.query_one("#form-problem", Static).update(
                    Text(f"{field.label} cannot be empty (Esc cancels).", style="bold")
                )
                self.query_one(f"#f{n}").focus()
                self.app.bell()
                return
        self.dismiss(self._changes())

    def action_cancel(self) -> None:
        """Escape: nothing changed closes at once; otherwise ask before discarding the edit."""
        if not self._changes():
            self.dismiss(None)
            return
        from tui.screens.confirm import ConfirmDialog

        def answered(discard: bool | None) -> None:
            if discard:
                self.dismiss(None)

        self.app.push_screen(ConfirmDialog("Discard your changes? (n goes back to them)"), answered)


KEYS_HINT = "Enter or Ctrl+S saves (Enter in a long text is a new line) · Esc cancels"
