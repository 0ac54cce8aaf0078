"""Pick one of a few values (e.g. a status): ↑/↓ and Enter; Escape cancels."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from tui.screens.base import Dialog


class ChoiceDialog(Dialog[str]):
    """Dismisses with the chosen value, or None on Escape."""

    def __init__(self, title: str | Text, choices: list[tuple[str, str]], current: str | None = None) -> None:
        super().__init__()
        self.title_text = title if isinstance(title, Text) else Text(title)
        self.choices = choices  # (value, label)
        self.current = current

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Static(self.title_text, classes="dialog-title")
            options = [
                Option(Text(label + ("  (now)" if value == self.current else "")), id=value)
                for value, label in self.choices
            ]
            yield OptionList(*options, id="choices")
            yield Static(Text("↑/↓ choose · Enter picks · Esc cancels", style="dim"), classes="dialog-keys")

    def on_mount(self) -> None:
        options = self.query_one("#choices", OptionList)
        options.focus()
        values = [value for value, _label in self.choices]
        options.highlighted = values.index(self.current) if self.current in values else 0

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.dismiss(event.option.id)
