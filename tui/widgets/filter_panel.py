"""The filter panel (f): RAG (any combination), status, overdue, no update for N days, no update
since the last review. Every toggle applies at once; Escape closes the panel.

A panel beside the list rather than a modal dialog: the list stays in view as it changes, and
repainting it does not mean compositing a dimmed screen under a dialog on every toggle.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.message import Message
from textual.widgets import Input, SelectionList, Static
from textual.widgets.selection_list import Selection

from models.timescale import format_due
from storage.queries import NOT_RATED, ActionFilter
from tui.rag_style import RAG_LABEL, rag_symbol

STATUSES = ("open", "complete", "withdrawn", "superseded")
DEFAULT_STALE_DAYS = 30


def filter_choices(scope: ActionFilter, last_review: date | None) -> list[Selection]:
    items: list[Selection] = []
    for rag in ("red", "amber", "green", "blue", None):
        key = rag or NOT_RATED
        items.append(Selection(Text(f"{rag_symbol(rag)} {RAG_LABEL[rag]}"), f"rag:{key}", key in scope.rags))
    for status in STATUSES:
        items.append(Selection(Text(f"Status: {status}"), f"status:{status}", status in scope.statuses))
    items.append(Selection(Text("! Overdue"), "overdue", scope.overdue))
    items.append(Selection(Text("No update for N days"), "stale", scope.stale_days is not None))
    if last_review is not None:
        review = Text(f"No update since the last review ({format_due(last_review)})")
    else:
        review = Text("No update since the last review (no review yet)", style="dim")
    items.append(Selection(review, "review", scope.updated_before is not None, disabled=last_review is None))
    return items


class FilterPanel(Vertical):
    """Posts ``Changed`` with the new filter on every toggle, ``Closed`` on Escape."""

    BINDINGS = [Binding("escape", "close", "Close the filters", id="filters.close")]

    @dataclass
    class Changed(Message):
        scope: ActionFilter

    class Closed(Message):
        pass

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.scope = ActionFilter()
        self.last_review: date | None = None

    def compose(self) -> ComposeResult:
        yield Static(Text("Filters (Space toggles · Esc closes)", style="bold"), classes="panel-title")
        yield SelectionList[str](id="choices")
        with Horizontal(classes="stale-row"):
            yield Static(Text("N days: "), classes="form-label")
            yield Input(str(DEFAULT_STALE_DAYS), id="days", type="integer", compact=True)

    def open(self, scope: ActionFilter, last_review: date | None, focus: bool = True) -> None:
        """Show the panel for ``scope`` (and focus its choices)."""
        self.scope, self.last_review = scope, last_review
        choices = self.query_one("#choices", SelectionList)
        with choices.prevent(SelectionList.SelectedChanged):
            choices.clear_options()
            choices.add_options(filter_choices(scope, last_review))
        if scope.stale_days is not None:
            with self.query_one("#days", Input).prevent(Input.Changed):
                self.query_one("#days", Input).value = str(scope.stale_days)
        self.display = True
        if focus:
            choices.focus()
        if choices.highlighted is None:
            choices.highlighted = 0

    def _days(self) -> int:
        try:
            return max(int(self.query_one("#days", Input).value or DEFAULT_STALE_DAYS), 0)
        except ValueError:
            return DEFAULT_STALE_DAYS

    def build(self, selected: set[str]) -> ActionFilter:
        return self.scope.with_(
            rags=frozenset(k.split(":", 1)[1] for k in selected if k.startswith("rag:")),
            statuses=frozenset(k.split(":", 1)[1] for k in selected if k.startswith("status:")),
            overdue="overdue" in selected,
            stale_days=self._days() if "stale" in selected else None,
            updated_before=self.last_review if "review" in selected else None,
        )

    @on(SelectionList.SelectedChanged, "#choices")
    @on(Input.Changed, "#days")
    def _changed(self, event: Message) -> None:
        event.stop()
        selected = set(self.query_one("#choices", SelectionList).selected)
        new = self.build(selected)
        if new != self.scope:
            self.scope = new
            self.post_message(self.Changed(new))

    @on(Input.Submitted, "#days")
    def _days_done(self, event: Input.Submitted) -> None:
        event.stop()
        self.query_one("#choices", SelectionList).focus()

    def action_close(self) -> None:
        self.display = False
        self.post_message(self.Closed())
