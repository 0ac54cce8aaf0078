"""An action's progress entries, newest first: edit or delete your own, or correct one that came
in with a plan file (any officer may: the change log records who did). Undo puts them back."""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from models.domain import ProgressKind
from models.text import one_line
from models.timescale import format_due
from storage.db import ProgressRow
from tui.screens.base import Dialog


@dataclass(frozen=True)
class EntryRequest:
    """What the officer asked to do with one entry: "edit" or "delete"."""

    verb: str
    entry: ProgressRow


def entry_text(entry: ProgressRow, width: int = 70) -> Text:
    line = Text()
    line.append(f"{ProgressKind(entry.kind).symbol} ", style="bold")
    line.append(f"{format_due(entry.entry_date) if entry.entry_date else 'undated'}  ", style="dim")
    line.append(one_line(entry.text, width))
    if entry.author:
        line.append(f"  — {one_line(entry.author, 30)}", style="dim italic")
    if entry.imported:
        line.append("  (imported)", style="dim")
    return line


class ProgressEntriesDialog(Dialog[EntryRequest]):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("e,enter", "request('edit')", "Edit entry", id="entries.edit"),
        Binding("x,delete", "request('delete')", "Delete entry", id="entries.delete"),
    ]

    def __init__(self, title: Text, entries: list[ProgressRow], me: str, read_only: bool) -> None:
        super().__init__()
        self.title_text = title
        self.entries = entries
        self.me = me
        self.read_only = read_only

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog dialog-tall"):
            yield Static(self.title_text, classes="dialog-title")
            if self.entries:
                yield OptionList(*(Option(entry_text(e), id=e.id) for e in self.entries), id="entries")
            else:
                yield Static(Text("No progress recorded yet: n adds an entry.", style="dim"))
            yield Static(
                Text(
                    f"e/Enter edit · x/Delete delete · your own ({one_line(self.me)}) or imported ones · Esc closes",
                    style="dim",
                ),
                classes="dialog-keys",
            )

    def on_mount(self) -> None:
        if self.entries:
            self.query_one("#entries", OptionList).focus()

    @property
    def highlighted(self) -> ProgressRow | None:
        if not self.entries:
            return None
        index = self.query_one("#entries", OptionList).highlighted
        return self.entries[index] if index is not None else None

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "request":
            entry = self.highlighted
            return None if self.read_only or entry is None or not (entry.author == self.me or entry.imported) else True
        return True

    def on_option_list_option_highlighted(self, event: OptionList.OptionHighlighted) -> None:
        self.refresh_bindings()

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        if self.check_action("request", ("edit",)):
            self.action_request("edit")
        else:
            self.notify("You can edit only your own entries, or imported ones.", severity="warning")

    def action_request(self, verb: str) -> None:
        entry = self.highlighted
        if entry is not None:
            self.dismiss(EntryRequest(verb, entry))
