"""The filter panel (f): RAG (any combination), status, overdue, no update for N days, no update
since the last review. Every toggle applies at once; Escape closes the panel.

A panel beside the list rather than a modal dialog: the list stays in view as it changes, and
repainting it does not mean compositing a dimmed screen under a dialog on every toggle.

The panel owns the date of the last review of the plans in scope (what "no update since the last
review" means): read in a worker, cached per set of plans until the next edit, and fetched ahead
(``prefetch``) so f opens at once. ``request_open`` opens it once that date is known.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, ClassVar

from rich.text import Text
from textual import on, work
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.geometry import Region
from textual.message import Message
from textual.widget import Widget
from textual.widgets import Input, OptionList, Static
from textual.widgets.option_list import Option
from textual.worker import Worker

from models.timescale import format_due
from storage.db import NOT_RATED, ActionFilter
from tui.messages import PartMessage
from tui.rag_style import RAG_LABEL, rag_symbol
from tui.screens.base import forward_worker_error

if TYPE_CHECKING:
    from tui.session import Session

STATUSES = ("open", "complete", "withdrawn", "superseded")
DEFAULT_STALE_DAYS = 30
#: As ``ragtrack chase --days``: a hundred years is every update there has been.
MAX_STALE_DAYS = 36_500


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


class Choices(OptionList):
    """The panel's choices. A toggle changes one option's [x]: Textual's ``replace_option_prompt``
    drops the drawing of every option and repaints the whole list (twenty lines, a third of what
    a RAG key repaints besides the actions); ``redraw`` redraws that option's lines alone. It
    reaches into OptionList's caches (Textual 8.2): tests/test_keystroke_layout.py checks it."""

    def redraw(self, option_id: str, prompt: Text) -> None:
        index = self.get_option_index(option_id)
        option = self.get_option_at_index(index)
        if not isinstance(option.prompt, Text) or len(option.prompt.plain) != len(prompt.plain):
            self.replace_option_prompt(option_id, prompt)  # its height may change: lay it out
            return
        option._set_prompt(prompt)
        cache = self._option_render_cache  # (option, style, padding) -> its lines: an LRUCache
        drawn = cache.keys()
        for key in [key for key in drawn if key[0] is option]:
            cache.discard(key)
        top = self._index_to_line[index] - int(self.scroll_offset.y)
        self.refresh(Region(0, top, self.scrollable_content_region.width, self._heights[index]))


class FilterPanel(Vertical):
    """Posts ``Opened``, ``Changed`` with the new filter on every toggle, ``Closed`` on Escape."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("space", "toggle", "Toggle this filter", id="filters.toggle"),
        Binding("escape", "close", "Close the filters", id="filters.close"),
    ]

    @dataclass
    class Changed(PartMessage):
        """A toggle: the filter the panel now shows."""

        scope: ActionFilter

    @dataclass
    class Opened(PartMessage):
        """The panel is open (it takes the detail pane's place)."""

    @dataclass
    class Closed(PartMessage):
        """Escape closed the panel."""

    @dataclass
    class _DateLoaded(Message, bubble=False):
        plan_ids: tuple[str, ...]
        last_review: date | None  # None: no review and no "as at" date

    def __init__(self, session: Session, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._session = session
        self.scope = ActionFilter()
        self.last_review: date | None = None
        self.changed_ids: frozenset[str] | None = None  # the "changed since the last review" choice
        self.chosen: dict[str, bool] = {}
        self._drawn: dict[str, bool] = {}  # what each choice's [x] shows on screen
        self.labels: dict[str, str] = {}
        self._review_dates: dict[tuple[str, ...], date | None] = {}  # plan ids -> last review
        self._wanted: tuple[ActionFilter, frozenset[str] | None] | None = None  # open once dated
        self.display = False

    # --- the last review's date -------------------------------------------------------------
    def prefetch(self, plan_ids: tuple[str, ...]) -> None:
        """Read the last review date of these plans now, so f opens at once."""
        if plan_ids not in self._review_dates:
            self.load_last_review(plan_ids)

    def forget_dates(self) -> None:
        """An edit landed: a review or a plan's "as at" may have changed."""
        self._review_dates.clear()

    @work(thread=True, exclusive=True, group="last-review", exit_on_error=False)
    def load_last_review(self, plan_ids: tuple[str, ...]) -> None:
        """The latest review's date (a Review row, else the plan's "as at": ``txn.plans``)."""
        with self._session.read() as txn:
            self.post_message(self._DateLoaded(plan_ids, txn.plans.last_review_date(plan_ids)))

    @on(_DateLoaded)
    def _date_loaded(self, message: _DateLoaded) -> None:
        self._review_dates[message.plan_ids] = message.last_review
        if self._wanted is not None and self._wanted[0].plan_ids == message.plan_ids:
            scope, changed = self._wanted
            self.request_open(scope, changed)

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        forward_worker_error(self, event)

    # --- opening ----------------------------------------------------------------------------
    def request_open(self, scope: ActionFilter, changed: frozenset[str] | None) -> None:
        """Open the panel for ``scope`` once the last review date of its plans is known.
        ``changed``: the actions changed since their plan's last review (None: no review)."""
        if scope.plan_ids not in self._review_dates:  # not read yet: the panel opens once it is
            self._wanted = (scope, changed)
            self.load_last_review(scope.plan_ids)
            return
        self._wanted = None
        self.changed_ids = changed
        self.open(scope, self._review_dates[scope.plan_ids])

    def follow(self, scope: ActionFilter) -> None:
        """The screen's scope changed (a chip went, a key, a toggle here): the open panel shows
        it. The screen calls this as the scope's list is painted, so that a toggle's [x] and its
        list are painted together, once."""
        if self._wanted is not None:
            self._wanted = (scope, self._wanted[1])
        if not self.display:
            return
        if self.scope != scope:
            self.open(scope, self.last_review, focus=False)
            return
        choices = self.query_one("#choices", Choices)
        for key, chosen in self.chosen.items():
            if self._drawn.get(key) != chosen:
                choices.redraw(key, _prompt(self.labels[key], chosen))
                self._drawn[key] = chosen

    def _parts(self) -> list[Widget]:
        """The panel's widgets, mounted when it first opens: hidden until then, they cost the
        start (styled, laid out, their CSS read) and most sessions never open it."""
        return [
            Static(Text("Filters (Space toggles · Esc closes)", style="bold"), classes="panel-title"),
            Choices(id="choices"),
            Horizontal(
                Static(Text("N days: "), classes="form-label"),
                Input(str(DEFAULT_STALE_DAYS), id="days", type="integer", compact=True),
                classes="stale-row",
            ),
            Static(
                Text(
                    'No review date yet: "no update since the last review" appears once a '
                    'plan has one (its "as at" date, or a review).',
                    style="dim",
                ),
                id="review-note",
            ),
        ]

    def open(self, scope: ActionFilter, last_review: date | None, focus: bool = True) -> None:
        """Show the panel for ``scope`` (and focus its choices)."""
        self.scope, self.last_review = scope, last_review
        choices = filter_choices(scope, last_review, self.changed_ids)
        self.chosen = {key: chosen for key, _label, chosen in choices}
        self._drawn = dict(self.chosen)
        self.labels = {key: label for key, label, _chosen in choices}
        if not self.children:
            self.mount_all(self._parts())  # queryable at once (mounted by the next refresh)
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
        self.post_message(self.Opened(self))
        if focus:
            choices.focus()

    def action_toggle(self) -> None:
        choices = self.query_one("#choices", OptionList)
        if choices.highlighted is None:
            return
        key = choices.get_option_at_index(choices.highlighted).id
        self.chosen[key] = not self.chosen[key]
        self._apply()  # the [x] is drawn when the screen shows the new scope (``follow``)

    @on(OptionList.OptionSelected, "#choices")
    def _selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.action_toggle()

    def _days(self) -> int:
        try:
            return min(max(int(self.query_one("#days", Input).value or DEFAULT_STALE_DAYS), 0), MAX_STALE_DAYS)
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
            self.post_message(self.Changed(self, new))
        else:  # nothing for the screen to read: the [x] is drawn now
            self.follow(new)

    @on(Input.Submitted, "#days")
    def _days_done(self, event: Input.Submitted) -> None:
        event.stop()
        self.query_one("#choices", OptionList).focus()

    def action_close(self) -> None:
        self.display = False
        self.post_message(self.Closed(self))
