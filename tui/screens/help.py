"""Help (?): the keys of the screen you came from, generated from its bindings so it cannot drift.

It reads ``Screen.active_bindings`` (the focused widget, the screen and the app, with whether each
key applies right now) and adds the keys of the screen's other widgets (the list, the outline,
the detail pane), so one page lists everything that screen can do.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical, VerticalScroll
from textual.screen import Screen
from textual.widgets import Static

from tui.screens.base import Dialog

#: How sections are titled, by the class that owns the bindings.
SECTION_TITLES = {
    "RagtrackApp": "Everywhere",
    "MainScreen": "Actions (the main screen)",
    "TriageScreen": "Triage",
    "ActionList": "Action list",
    "PlanTree": "Outline (Tab to reach it; O shows or hides it)",
    "DetailPane": "Detail pane (Enter on an action, or Tab)",
    "ChipStrip": "Filter chips (shift+Tab from the list)",
    "FilterPanel": "Filter panel (f)",
    "Input": "Typing in a box",
    "ConflictsScreen": "Sync conflicts",
    "RagTrendScreen": "RAG trend",
    "ChaseScreen": "Chase list",
}
#: Widgets whose keys are listed even when they do not have focus.
OTHER_WIDGETS = "ActionList, PlanTree, DetailPane, ChipStrip"


@dataclass
class KeyLine:
    keys: list[str]
    description: str
    enabled: bool


@dataclass
class Section:
    title: str
    lines: dict[tuple[str, str], KeyLine] = field(default_factory=dict)

    def add(self, key: str, binding: Binding, enabled: bool) -> None:
        slot = (binding.action, binding.description)
        line = self.lines.setdefault(slot, KeyLine([], binding.description, enabled))
        if key not in line.keys:
            line.keys.append(key)
        line.enabled = line.enabled or enabled


def key_sections(screen: Screen) -> list[Section]:
    """Every described binding that works on ``screen``, grouped by what owns it."""
    app = screen.app
    sections: dict[str, Section] = {}

    def section_for(node) -> Section:
        name = type(node).__name__
        title = SECTION_TITLES.get(name, name)
        return sections.setdefault(title, Section(title))

    for active in screen.active_bindings.values():
        if active.binding.description:
            section_for(active.node).add(app.get_key_display(active.binding), active.binding, active.enabled)
    for widget in screen.query(OTHER_WIDGETS):
        if widget.has_focus:
            continue
        for binding in Binding.make_bindings(type(widget).BINDINGS):
            if binding.description:
                section_for(widget).add(app.get_key_display(binding), binding, True)
    order = list(SECTION_TITLES.values())
    return sorted(sections.values(), key=lambda s: order.index(s.title) if s.title in order else len(order))


def help_text(sections: list[Section]) -> Text:
    text = Text()
    for section in sections:
        text.append(f"{section.title}\n", style="bold underline")
        for line in section.lines.values():
            keys = " ".join(dict.fromkeys(line.keys))
            text.append(f"  {keys:<16}", style="bold" if line.enabled else "dim")
            text.append(line.description, style="" if line.enabled else "dim")
            if not line.enabled:
                text.append("  (not available now)", style="dim italic")
            text.append("\n")
        text.append("\n")
    text.append(
        "Ctrl+P opens the command palette: every command, and jump to an action, officer or objective.\n",
        style="italic",
    )
    text.append("RAG: ●R red · ◐A amber · ○G green · ✓B blue (complete) · ·- not rated · ! overdue", style="italic")
    text.append(
        "\nΔ changed since the last review · ⇅ sync: last synced, changes not yet shared, ⚠ conflicts", style="italic"
    )
    return text


class HelpScreen(Dialog[None]):
    """The keys of the screen below. Escape, q or ? closes."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("q,question_mark", "cancel", "Close help", id="help.close", key_display="q"),
    ]

    def __init__(self, screen: Screen) -> None:
        super().__init__()
        self.sections = key_sections(screen)

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog dialog-help"):
            yield Static(Text("Keys on this screen"), classes="dialog-title")
            with VerticalScroll(id="help-body"):
                yield Static(help_text(self.sections))
            yield Static(Text("Esc, q or ? closes · ↑/↓ scroll", style="dim"), classes="dialog-keys")

    def on_mount(self) -> None:
        self.query_one("#help-body", VerticalScroll).focus()
