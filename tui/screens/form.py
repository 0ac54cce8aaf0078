"""Edit a few fields at once: an action's text, an objective, a theme, a plan's details.

Single-line fields are Inputs (Enter moves on, Enter on the last saves); a long text is a
TextArea. Ctrl+S saves from anywhere; Escape cancels. Dismisses with only the fields that changed.
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
            yield Static(
                Text("Ctrl+S saves · Enter on the last line saves · Esc cancels", style="dim"), classes="dialog-keys"
            )

    def on_mount(self) -> None:
        if self.fields:
            self.query_one("#f0").focus()

    def _value(self, n: int) -> str:
        widget = self.query_one(f"#f{n}")
        return widget.text if isinstance(widget, TextArea) else widget.value

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        index = int((event.input.id or "f0")[1:])
        if index == len(self.fields) - 1:
            self.action_save()
        else:
            self.query_one(f"#f{index + 1}").focus()

    def action_save(self) -> None:
        changed = {
            field.name: self._value(n).strip()
            for n, field in enumerate(self.fields)
            if self._value(n).strip() != field.value.strip()
        }
        self.dismiss(changed)
