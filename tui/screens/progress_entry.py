"""Add (or edit) a progress entry: ✓ achievement, ⇒ next step or • note, its text and its date.

The kind is chosen with ↑/↓ while typing, shown as "(x)" / "( )" so it reads without colour. The
date is the meeting or day the entry records (today unless changed; Tab reaches it), day-first
and read as typed; a date not yet come is refused. Enter saves, Escape cancels.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.widgets import Input, Static

from models.domain import ProgressKind
from models.text import visible_text
from models.timescale import day_text, parse_day
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
    entry_date: date | None = None


def read_entry_date(text: str, today: date) -> date | str:
    """The entry's date typed ("22/07/2015", "2015-07-22"), or why it cannot be one."""
    try:
        day = parse_day(text)
    except ValueError:
        return f"Not a date: {visible_text(text)!r} (use 22/07/2015)."
    if day > today:
        return f"{day_text(day)} has not come yet: an entry records what has happened."
    return day


class ProgressDialog(Dialog[ProgressAnswer]):
    """Dismisses with a ProgressAnswer, or None on Escape."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("up", "kind(-1)", "Previous kind", id="progress.kind_up"),
        Binding("down", "kind(1)", "Next kind", id="progress.kind_down"),
    ]

    def __init__(
        self,
        title: Text,
        kind: str = ProgressKind.ACHIEVED,
        text: str = "",
        *,
        today: date | None = None,
        entry_date: date | None = None,
    ) -> None:
        super().__init__()
        self.title_text = title
        self.kind_index = next((i for i, (k, _label) in enumerate(KINDS) if k == kind), 0)
        self.text = text
        self.today = today or date.today()
        self.entry_date = entry_date or self.today

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Static(self.title_text, classes="dialog-title")
            yield Static(self._kinds(), id="kind")
            yield Input(value=self.text, placeholder="What was achieved, or what happens next", id="text")
            yield Static(Text("Date (the meeting or day it records):"), classes="dialog-prompt")
            yield Input(value=day_text(self.entry_date), placeholder=day_text(self.today), id="date")
            yield Static("", id="hint", classes="dialog-hint")
            yield Static(Text("↑/↓ kind · Tab date · Enter saves · Esc cancels", style="dim"), classes="dialog-keys")

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

    @on(Input.Changed, "#date")
    def _date_changed(self, event: Input.Changed) -> None:
        day = read_entry_date(event.value, self.today)
        hint = Text(f"→ {day_text(day)}", style="dim") if isinstance(day, date) else Text(day, style="bold")
        self.query_one("#hint", Static).update(hint)

    @on(Input.Submitted)
    def _submitted(self, event: Input.Submitted) -> None:
        event.stop()
        text = self.query_one("#text", Input).value.strip()
        hint = self.query_one("#hint", Static)
        if not text:
            hint.update(Text("Write something (or Esc to cancel).", style="bold"))
            self.query_one("#text", Input).focus()
            self.app.bell()
            return
        day = read_entry_date(self.query_one("#date", Input).value, self.today)
        if not isinstance(day, date):
            hint.update(Text(day, style="bold"))
            self.query_one("#date", Input).focus()
            self.app.bell()
            return
        self.dismiss(ProgressAnswer(str(KINDS[self.kind_index][0]), text, day))
