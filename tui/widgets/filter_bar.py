"""The filter bar: the text search (its ``Input.Changed`` goes straight to the screen, one
message hop per keystroke), and one chip per active filter.

A chip is focusable: Enter, Delete or Backspace (or a click) removes that one filter. The screen
owns the filter itself (an ``ActionFilter``); this bar only shows it and reports what the user did.
"""

from __future__ import annotations

from dataclasses import dataclass

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.message import Message
from textual.widgets import Input, Static

from models.text import one_line


@dataclass(frozen=True)
class ChipSpec:
    """One active filter: ``key`` says which (e.g. "rag:red", "officer:<id>"), ``label`` shows it."""

    key: str
    label: str


class FilterChip(Static, can_focus=True):
    """One active filter, removable on its own."""

    BINDINGS = [
        Binding("enter,delete,backspace", "remove", "Remove this filter", id="chip.remove"),
        Binding("left", "app.focus_previous", "Previous", show=False, id="chip.previous"),
        Binding("right", "app.focus_next", "Next", show=False, id="chip.next"),
    ]
    DEFAULT_CSS = """
    FilterChip { width: auto; height: 1; margin-left: 1; padding: 0 1; background: $boost; }
    FilterChip:focus { background: $accent; color: $text; text-style: bold; }
    """

    def __init__(self, spec: ChipSpec) -> None:
        super().__init__(Text(f"{one_line(spec.label, 40)} ✕"))
        self.spec = spec
        self.tooltip = "Enter or Delete removes this filter"

    def action_remove(self) -> None:
        self.post_message(FilterBar.ChipRemoved(self.spec.key))

    def on_click(self) -> None:
        self.action_remove()


class FilterBar(Horizontal):
    """Search box plus the chips of the active filters."""

    DEFAULT_CSS = """
    FilterBar { height: 1; }
    FilterBar > #search { width: 1fr; min-width: 16; height: 1; border: none; padding: 0 1; }
    FilterBar > #chips { width: auto; height: 1; max-width: 70%; }
    """

    @dataclass
    class ChipRemoved(Message):
        key: str

    def compose(self) -> ComposeResult:
        yield Input(placeholder="/ search actions and progress", id="search", compact=True)
        yield Horizontal(id="chips")

    @property
    def search(self) -> Input:
        return self.query_one("#search", Input)

    def set_search(self, text: str) -> None:
        """Set the box without echoing an ``Input.Changed`` back (e.g. after "clear all")."""
        if self.search.value != text:
            with self.search.prevent(Input.Changed):
                self.search.value = text

    def show_chips(self, chips: list[ChipSpec]) -> None:
        box = self.query_one("#chips", Horizontal)
        if [c.spec for c in box.query(FilterChip)] == chips:
            return
        focused_key = getattr(self.screen.focused, "spec", None)
        box.remove_children()
        box.mount_all(FilterChip(spec) for spec in chips)
        if focused_key is not None and chips:  # keep focus among the chips after one goes
            self.call_after_refresh(lambda: box.children and box.children[-1].focus())
