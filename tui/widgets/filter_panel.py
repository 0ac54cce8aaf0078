"""The filter panel (f): RAG (any combination), status, overdue, no update for N days, no update
since the last review. Every toggle applies at once; Escape closes the panel.

A panel beside the list rather than a modal dialog: the list stays in view as it changes, and
repainting it does not mean compositing a dimmed screen under a dialog on every toggle.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.message import Message
from textual.widgets import Input, OptionList, Static
from textual.widgets.option_list import Option

from models.timescale import format_due
from storage.queries import NOT_RATED, ActionFilter
from tui.rag_style import RAG_LABEL, rag_symbol

STATUSES = ("open", "complete", "withdrawn", "superseded")
DEFAULT_STALE_DAYS = 30


def filter_choices(
    scope: ActionFilter,
    last_review: date | None,
    changed: frozenset[str] | None = None,
) -> list[tuple[str, str, bool]]:
    """(key, label, chosen) for every choice, in panel order. ``changed``: the actions changed
    since their plan's last review (None: no plan has a review, so no such choice)."""
    items: list[tuple[str, str, bool]] = []
    for rag in ("red", "amber", "green", "blue", None):
        key = rag or NOT_RATED
        items.append((f"rag:{key}", f"{rag_symbol(rag)} {RAG_LABEL[rag]}", key in scope.rags))
    for status in STATUSES:
        items.append((f"status:{status}", f"Status: {status}", status in scope.statuses))
    items.append(("overdue", "! Overdue", scope.overdue))
    items.append(("stale", "No update for N days", scope.stale_days is not None))
    if last_review is not None:
        items.append(
            ("review", f"No update since the last review ({format_due(last_review)})", scope.updated_before is not None)
        )
    if changed is not None:
        items.append(("changed", f"Δ Changed since the last review ({len(changed)})", scope.only_ids is not None))
    return items


def _prompt(label: str, chosen: bool) -> Text:
    # [x] / [ ] as text, not only as colour: the panel reads the same with NO_COLOR.
    text = Text("[x] " if chosen else "[ ] ", style="bold" if chosen else "dim")
    text.append(label, style="bold" if chosen else "")
    return text


class FilterPanel(Vertical):
    """Posts ``Changed`` with the new filter on every toggle, ``Closed`` on Escape."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("space", "toggle", "Toggle this filter", id="filters.toggle"),
        Binding("escape", "close", "Close the filters", id="filters.close"),
    ]

    @dataclass
    class Changed(Message):
        scope: ActionFilter

    class Closed(Message):
        pass

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.scope = ActionFilter()
        self.last_review: date | None = None
        self.changed_ids: frozenset[str] | None = None  # set by the screen before ``open``
        self.chosen: dict[str, bool] = {}
        self.labels: dict[str, str] = {}

    def compose(self) -> ComposeResult:
        yield Static(Text("Filters (Space toggles · Esc closes)", style="bold"), classes="panel-title")
        yield OptionList(id="choices")
        with Horizontal(classes="stale-row"):
            yield Static(Text("N days: "), classes="form-label")
            yield Input(str(DEFAULT_STALE_DAYS), id="days", type="integer", compact=True)
        yield Static(
            Text(
                'No review date yet: "no update since the last review" appears once a '
                'plan has one (its "as at" date, or a review).',
                style="dim",
            ),
            id="review-note",
        )

    def open(self, scope: ActionFilter, last_review: date | None, focus: bool = True) -> None:
        """Show the panel for ``scope`` (and focus its choices)."""
        self.scope, self.last_review = scope, last_review
        choices = filter_choices(scope, last_review, self.changed_ids)
        self.chosen = {key: chosen for key, _label, chosen in choices}
        self.labels = {key: label for key, label, _chosen in choices}
        choices = self.query_one("#choices", OptionList)
        highlighted = choices.highlighted
        choices.clear_options()
        choices.add_options(Option(_prompt(self.labels[k], c), id=k) for k, c in self.chosen.items())
        choices.highlighted = highlighted if highlighted is not None else 0
        if scope.stale_days is not None:
            with self.query_one("#days", Input).prevent(Input.Changed):
                self.query_one("#days", Input).value = str(scope.stale_days)
        self.query_one("#review-note").display = last_review is None
        self.display = True
        if focus:
            choices.focus()

    def action_toggle(self) -> None:
        choices = self.query_one("#choices", OptionList)
        if choices.highlighted is None:
            return
        key = choices.get_option_at_index(choices.highlighted).id
        self.chosen[key] = not self.chosen[key]
        choices.replace_option_prompt(key, _prompt(self.labels[key], self.chosen[key]))
        self._apply()

    @on(OptionList.OptionSelected, "#choices")
    def _selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.action_toggle()

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
            only_ids=self.changed_ids if "changed" in selected else None,
        )

    @on(Input.Changed, "#days")
    def _days_changed(self, event: Input.Changed) -> None:
        event.stop()
        self._apply()

    def _apply(self) -> None:
        new = self.build({key for key, chosen in self.chosen.items() if chosen})
        if new != self.scope:
            self.scope = new
            self.post_message(self.Changed(new))

    @on(Input.Submitted, "#days")
    def _days_done(self, event: Input.Submitted) -> None:
        event.stop()
        self.query_one("#choices", OptionList).focus()

    def action_close(self) -> None:
        self.display = False
        self.post_message(self.Closed())
