"""The filter dialog: RAG (any combination), status, overdue, no update for N days, no update
since the last review. Every toggle applies at once (the list behind updates as you go)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.widgets import Input, SelectionList, Static
from textual.widgets.selection_list import Selection

from models.timescale import format_due
from storage.queries import NOT_RATED, ActionFilter
from tui.rag_style import RAG_LABEL, rag_symbol
from tui.screens.base import Dialog

STATUSES = ("open", "complete", "withdrawn", "superseded")
DEFAULT_STALE_DAYS = 30


def _rag_prompt(rag: str | None) -> Text:
    return Text(f"{rag_symbol(rag)} {RAG_LABEL[rag]}")


class FilterDialog(Dialog[None]):
    """Space or Enter toggles; changes apply immediately; Escape closes."""

    def __init__(
        self, scope: ActionFilter, apply: Callable[[ActionFilter], None], last_review: date | None,
    ) -> None:
        super().__init__()
        self.scope = scope
        self.apply = apply
        self.last_review = last_review

    def compose(self) -> ComposeResult:
        s = self.scope
        items: list[Selection] = []
        for rag in ("red", "amber", "green", "blue", None):
            key = rag or NOT_RATED
            items.append(Selection(_rag_prompt(rag), f"rag:{key}", key in s.rags))
        for status in STATUSES:
            items.append(Selection(Text(f"Status: {status}"), f"status:{status}", status in s.statuses))
        items.append(Selection(Text("! Overdue (open, due date passed)"), "overdue", s.overdue))
        items.append(Selection(Text("No update for N days (N below)"), "stale", s.stale_days is not None))
        if self.last_review is not None:
            review = Text(f"No update since the last review ({format_due(self.last_review)})")
        else:
            review = Text("No update since the last review (no review date yet)", style="dim")
        items.append(Selection(review, "review", s.updated_before is not None,
                               disabled=self.last_review is None))
        with Vertical(classes="dialog dialog-tall"):
            yield Static(Text("Filter the actions"), classes="dialog-title")
            yield SelectionList[str](*items, id="choices")
            with Horizontal(classes="stale-row"):
                yield Static(Text("N days: "), classes="form-label")
                yield Input(str(s.stale_days or DEFAULT_STALE_DAYS), id="days", type="integer", compact=True)
            yield Static(Text("Space/Enter toggles · applies at once · Esc closes", style="dim"),
                         classes="dialog-keys")

    def on_mount(self) -> None:
        self.query_one("#choices", SelectionList).focus()

    def _days(self) -> int:
        try:
            return max(int(self.query_one("#days", Input).value or DEFAULT_STALE_DAYS), 0)
        except ValueError:
            return DEFAULT_STALE_DAYS

    def build(self, selected: set[str]) -> ActionFilter:
        rags = frozenset(k.split(":", 1)[1] for k in selected if k.startswith("rag:"))
        statuses = frozenset(k.split(":", 1)[1] for k in selected if k.startswith("status:"))
        return self.scope.with_(
            rags=rags, statuses=statuses, overdue="overdue" in selected,
            stale_days=self._days() if "stale" in selected else None,
            updated_before=self.last_review if "review" in selected else None,
        )

    @on(SelectionList.SelectedChanged)
    @on(Input.Changed, "#days")
    def _changed(self) -> None:
        selected = set(self.query_one("#choices", SelectionList).selected)
        self.scope = self.build(selected)
        self.apply(self.scope)

    @on(Input.Submitted, "#days")
    def _days_done(self) -> None:
        self.query_one("#choices", SelectionList).focus()
