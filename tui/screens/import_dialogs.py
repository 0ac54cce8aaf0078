"""The import screen's two pickers: what a column feeds, and what a row is."""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from storage.importing.columns import FIELDS

FIELD_HELP = {
    "ref": "the action's reference (1a, 2.3)",
    "objective": "objective / recommendation / driver",
    "action": "the action or milestone",
    "lead": "lead officers",
    "timescale": "timescale or due date as written",
    "progress": "✓ achieved / ⇒ next steps",
    "rag": "RAG rating (words or cell colour)",
    "status": "open, complete, withdrawn...",
    "theme": "theme or section",
    "note": "kept with the action as a note",
    "plan": "the plan's title",
    "ignore": "leave the column out",
}

#: Row roles the officer can set, with the key that sets each on the table and what it means.
ROW_CHOICES = (
    ("action", "a", "an action (a new one)"),
    ("section", "s", "a section heading: the theme of the rows below"),
    ("objective", "o", "an objective: the actions below belong to it"),
    ("continuation", "c", "the row above carried on (a page break)"),
    ("items", "e", "each line of its action cell is an action"),
    ("ignore", "x", "nothing to import"),
    ("", "u", "as read (clear your mark)"),
)


class _Picker(ModalScreen[str | None]):
    """An option list in a box: ↑/↓ and Enter choose; Escape keeps things as they are."""

    DEFAULT_CSS = """
    _Picker { align: center middle; }
    _Picker > Vertical { width: 64; max-width: 100%; height: auto; border: round $accent; background: $surface; padding: 0 1; }
    _Picker OptionList { height: auto; max-height: 14; }
    """
    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "cancel", "Cancel")]

    def __init__(self, title: str, options: list[tuple[str, str]], current: str) -> None:
        super().__init__()
        self.title_text, self.options, self.current = title, options, current

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static(Text(self.title_text, style="bold"))
            yield OptionList(*[Option(Text(label), id=key or "-") for key, label in self.options])

    def on_mount(self) -> None:
        options = self.query_one(OptionList)
        keys = [key for key, _ in self.options]
        options.highlighted = keys.index(self.current) if self.current in keys else 0
        options.focus()

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.dismiss("" if event.option.id == "-" else event.option.id)

    def action_cancel(self) -> None:
        self.dismiss(None)


class FieldDialog(_Picker):
    """Pick the field a column feeds."""

    def __init__(self, header: str, current: str) -> None:
        options = [(name, f"{name:<10} {FIELD_HELP[name]}") for name in FIELDS]
        super().__init__(f"Column {header!r} feeds:", options, current)


class RowDialog(_Picker):
    """Pick what a row is ("" = as the importer read it)."""

    def __init__(self, where: str, current: str) -> None:
        options = [(role, f"{key}  {role or 'as read':<13} {meaning}") for role, key, meaning in ROW_CHOICES]
        super().__init__(f"{where} is:", options, current)
