"""The main screen: outline, filter bar, the virtual list of actions in scope, the detail pane.

The scope (an ``ActionFilter``) is the screen's state; its loading is in main_workers.py. Every
change to it (a key, a chip removed, a character typed in the search) reloads it there.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from datetime import date
from typing import ClassVar

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.message import Message
from textual.widgets import Footer, Input

from storage.browse import editable_details, last_review_date
from storage.queries import ActionDetail, ActionFilter, ActionRow
from tui.messages import CountsLoaded, DataShown, DetailLoaded, Edited, OutlineLoaded, RowsLoaded, ScopeLoaded
from tui.screens.base import DataScreen
from tui.screens.editing import ActionEditing
from tui.screens.main_import import IMPORT_ACTIONS, IMPORT_BINDINGS, ImportCommand
from tui.screens.main_reviews import REVIEW_ACTIONS, REVIEW_BINDINGS, ReviewCommands
from tui.screens.main_sync import SYNC_ACTIONS, SYNC_BINDINGS, SyncCommands
from tui.screens.main_workers import ScopeWorkers
from tui.screens.scope_chips import chips_for, place_names, without
from tui.widgets.action_list import ActionList
from tui.widgets.counts_bar import CountsBar
from tui.widgets.detail_pane import DetailPane
from tui.widgets.filter_bar import ChipStrip, FilterBar
from tui.widgets.plan_tree import OutlineNode, PlanTree
from tui.widgets.sync_indicator import StatusLine, SyncIndicator

_DETAIL_DELAY = 0.05  # seconds the highlight rests before the detail pane loads


@dataclass
class LastReviewLoaded(Message):
    """The date of the last review of these plans (None: no review and no "as at" date)."""

    plan_ids: tuple[str, ...]
    last_review: date | None


class MainScreen(SyncCommands, ReviewCommands, ImportCommand, ScopeWorkers, ActionEditing, DataScreen):
    """Browse, filter and edit. The footer shows the main keys; ? lists them all."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("t", "triage", "Triage", id="main.triage", tooltip="Go through the red items one by one"),
        Binding("slash", "search", "Search", id="main.search", key_display="/"),
        Binding("f", "filters", "Filter", id="main.filters", tooltip="RAG, status, overdue, no update"),
        Binding("o", "officer", "Officer", id="main.officer", tooltip="Only the actions an officer leads"),
        Binding("m", "mine", "Mine", id="main.mine", tooltip="My actions (asks once who you are)"),
        Binding("x", "clear_filters", "Clear filters", show=False, id="main.clear"),
        Binding("r", "rate('red')", "Rate red", show=False, id="main.rate_red"),
        Binding("a", "rate('amber')", "Rate amber", show=False, id="main.rate_amber"),
        Binding("g", "rate('green')", "Rate green", show=False, id="main.rate_green"),
        Binding("n", "add_progress", "Progress", id="main.progress", tooltip="Add ✓ achieved / ⇒ next step"),
        Binding("d", "due", "Due date", show=False, id="main.due"),
        Binding("c", "complete", "Complete", show=False, id="main.complete"),
        Binding("e", "edit_text", "Edit action", show=False, id="main.edit"),
        Binding("l", "leads", "Leads", show=False, id="main.leads"),
        Binding("s", "status", "Status", show=False, id="main.status"),
        Binding("p", "entries", "Edit progress entries", show=False, id="main.entries"),
        Binding("O", "toggle_outline", "Outline", show=False, id="main.outline"),
        Binding("escape", "back_to_list", "Back to the list", show=False, id="main.back"),
        *SYNC_BINDINGS,
        *REVIEW_BINDINGS,
        *IMPORT_BINDINGS,  # S C, R D T H, I: in their own modules
    ]

    def __init__(self) -> None:
        super().__init__()
        self.scope = ActionFilter()
        self.generation = 0
        self.detail: ActionDetail | None = None
        self.counts: dict[str, int] | None = None
        self.last_review: date | None = None
        self._shown = False
        self._detail_timer = None
        self._stale = False  # an edit landed while covered: reload on resume
        self._stale_outline = False
        self._review_dates: dict[tuple[str, ...], date | None] = {}  # plan ids -> last review
        self._filters_wanted = False  # f was pressed before the last review date was read
        self.place_names: dict[str, str] = {}  # plan, theme and objective ids -> chip labels
        self.last_repaint_ms: float | None = None
        """Milliseconds from the latest filter change to its list on screen (for benchmarks)."""

    @property
    def session(self):
        return self.app.session

    def compose(self) -> ComposeResult:
        with StatusLine(id="status-line"):
            yield CountsBar("ragtrack" + ("  [read-only]" if self.app.session.read_only else ""), id="counts")
            yield SyncIndicator(id="sync-indicator")
        with Horizontal(id="body"):
            yield PlanTree(id="outline")
            with Vertical(id="centre"):
                yield FilterBar(id="filters")
                yield ActionList(id="actions")
            yield DetailPane(id="detail")
        yield Footer(compact=True)

    @property
    def action_list(self) -> ActionList:
        return self.query_one("#actions", ActionList)

    def on_mount(self) -> None:
        self.action_list.focus()
        self.load_start(time.perf_counter())

    # --- data arriving ---------------------------------------------------------------------
    def on_scope_loaded(self, message: ScopeLoaded) -> None:
        if message.generation != self.generation:
            return  # an older scope: the user has typed on since
        first = self.action_list.generation != message.generation
        self.action_list.empty_message = (
            "  No actions match. Press x to clear the filters."
            if not message.scope.is_empty
            else "  No actions yet. Import a plan first: ragtrack import FILE (see ragtrack --help)."
        )
        self.action_list.set_scope(message.generation, message.ids, message.rows, message.cursor)
        if first:  # the keystroke's answer is on screen (a complete scope may follow)
            self.call_after_refresh(self._timed, message.generation, len(message.ids), message.started)
        if not self._shown:
            self._shown = True
            self.call_after_refresh(self._announce_data_shown, len(message.ids))

    def _timed(self, generation: int, count: int, started: float) -> None:
        """Record how long the scope took from the key to the repainted list (for benchmarks)."""
        self.last_repaint_ms = (time.perf_counter() - started) * 1000
        self.log.debug(f"scope {generation}: {count} actions on screen in {self.last_repaint_ms:.1f} ms")

    def _announce_data_shown(self, rows: int) -> None:
        self.app.post_message(DataShown(rows, time.perf_counter() - self.app.created_at))
        self.load_outline()  # not needed for the first screen: it waits until that is shown

    def on_counts_loaded(self, message: CountsLoaded) -> None:
        if message.scope == self.scope:
            self.counts = message.counts
            self.query_one("#counts", CountsBar).show_counts(message.counts)

    def on_rows_loaded(self, message: RowsLoaded) -> None:
        self.action_list.add_rows(message.generation, message.rows)

    def on_detail_loaded(self, message: DetailLoaded) -> None:
        if message.action_id != self.action_list.highlighted_id:
            return
        self.detail = message.detail
        self.query_one("#detail", DetailPane).show_detail(message.detail)
        self.refresh_bindings()

    def on_outline_loaded(self, message: OutlineLoaded) -> None:
        self.app.outline = message.outline
        self.place_names = place_names(message.outline)
        self.query_one("#outline", PlanTree).show_outline(message.outline)
        self._show_chips()
        if self.scope.plan_ids not in self._review_dates:
            self.load_last_review(self.scope.plan_ids)  # ready before f is pressed

    @on(ActionList.Highlighted)
    def _highlighted(self, message: ActionList.Highlighted) -> None:
        if message.action_id is None:
            self.detail = None
            self.query_one("#detail", DetailPane).show_detail(None)
            self.refresh_bindings()
        elif self.detail is None or self.detail.row.id != message.action_id:
            # A moment's pause before the detail: while keys repeat (typing, j held down) the
            # list repaints alone, and the detail follows once the highlight settles.
            if self._detail_timer is not None:
                self._detail_timer.stop()
            self._detail_timer = self.set_timer(_DETAIL_DELAY, lambda: self._load_highlighted())

    def _load_highlighted(self) -> None:
        self._detail_timer = None
        highlighted = self.action_list.highlighted_id
        if highlighted is not None and (self.detail is None or self.detail.row.id != highlighted):
            self.load_detail(highlighted)

    @on(ActionList.WindowNeeded)
    def _window_needed(self, message: ActionList.WindowNeeded) -> None:
        self.load_window(message.generation, message.ids)

    @on(ActionList.Selected)
    def _selected(self, message: ActionList.Selected) -> None:
        self.query_one("#detail", DetailPane).focus()

    def on_edited(self, message: Edited) -> None:
        self.detail = None  # reload it: the highlighted action may be the one edited
        self._review_dates.clear()  # a review or a plan's "as at" may have changed
        if message.outline_changed:
            self._objective_order = None
        if self._covered():
            # Triage (or another full screen) is on top: reloading the whole list now is wasted
            # work that competes with it. Remember, and reload once when this screen is back.
            self._stale_outline |= message.outline_changed
            self._stale = True
            return
        self._reload_after_edit(message.outline_changed)

    def _reload_after_edit(self, outline_changed: bool) -> None:
        self.reload(must_keep=True)
        self.load_last_review(self.scope.plan_ids)
        if outline_changed:
            self.load_outline()
        highlighted = self.action_list.highlighted_id
        if highlighted:
            self.load_detail(highlighted)

    def _covered(self) -> bool:
        """A full (non-modal) screen is above this one: nothing of it shows."""
        stack = self.app.screen_stack
        if self not in stack:
            return False
        return any(not screen.is_modal for screen in stack[stack.index(self) + 1 :])

    def on_screen_resume(self) -> None:
        if self._stale:
            outline_changed, self._stale, self._stale_outline = self._stale_outline, False, False
            self._reload_after_edit(outline_changed)

    # --- the scope -------------------------------------------------------------------------
    def set_scope(self, scope: ActionFilter, keep: str | None = None) -> None:
        if scope == self.scope and keep is None:
            return
        self.scope = scope
        if self._shown and scope.plan_ids not in self._review_dates:
            self.load_last_review(scope.plan_ids)  # ready before f is pressed
        self.query_one("#filters", FilterBar).set_search(scope.search)
        self._show_chips()
        self.reload(keep, must_keep=keep is not None)
        panel = self.query("#filter-panel")
        if panel and panel.first().display and panel.first().scope != scope:
            panel.first().open(scope, self.last_review, focus=False)  # a chip went: follow it

    def _show_chips(self) -> None:
        names = {o.id: o.name for o in self.app.officers}
        chips = chips_for(self.scope, self.place_names, names, self.session.me_id)
        self.query_one("#filters", FilterBar).show_chips(chips)

    @on(Input.Changed, "#search")
    def _search_changed(self, message: Input.Changed) -> None:
        self.scope = self.scope.with_(search=message.value)
        self.reload()

    @on(ChipStrip.Removed)
    def _chip_removed(self, message: ChipStrip.Removed) -> None:
        self.set_scope(without(self.scope, message.key))
        if not self.query_one(ChipStrip).chips:
            self.action_list.focus()

    def on_filter_panel_changed(self, message) -> None:  # FilterPanel.Changed (imported lazily)
        # The panel knows RAG, status and dates; the place, officers and search stay as they are.
        self.set_scope(
            self.scope.with_(
                rags=message.scope.rags,
                statuses=message.scope.statuses,
                overdue=message.scope.overdue,
                stale_days=message.scope.stale_days,
                updated_before=message.scope.updated_before,
                only_ids=message.scope.only_ids,
            )
        )

    def on_filter_panel_closed(self) -> None:
        self.remove_class("-filters-open")
        self.action_list.focus()

    @on(PlanTree.ScopeChosen)
    def _scope_chosen(self, message: PlanTree.ScopeChosen) -> None:
        self.set_scope(scope_for_node(self.scope, message.node))
        self.action_list.focus()

    def officers_changed(self) -> None:
        """The app has (re)loaded the officers: chips can show names now."""
        self._show_chips()

    # --- keys ------------------------------------------------------------------------------
    def current_row(self) -> ActionRow | None:
        highlighted = self.action_list.highlighted_id
        return self.action_list.rows.get(highlighted) if highlighted else None

    def current_detail(self) -> ActionDetail | None:
        return self.detail

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "triage" and not self.action_list.ids:
            return None
        if action == "clear_filters" and self.scope.is_empty:
            return None
        if action == "mine" and self.app.session.read_only and not self.session.me_id:
            return None
        if action in SYNC_ACTIONS:
            return self.check_sync(action)
        if action in REVIEW_ACTIONS:
            return self.check_review(action)
        if action in IMPORT_ACTIONS:
            return self.check_import(action)
        return self.check_edit(action)

    def action_search(self) -> None:
        self.query_one("#filters", FilterBar).search.focus()

    def action_back_to_list(self) -> None:
        self.action_list.focus()

    def on_input_submitted(self) -> None:
        self.action_list.focus()

    def action_clear_filters(self) -> None:
        self.set_scope(ActionFilter())
        self.action_list.focus()

    def action_toggle_outline(self) -> None:
        self.toggle_class("-outline-toggled")

    async def action_filters(self) -> None:
        from tui.widgets.filter_panel import FilterPanel

        plan_ids = self.scope.plan_ids
        if plan_ids not in self._review_dates:  # not read yet: the panel opens once it is
            self._filters_wanted = True
            self.load_last_review(plan_ids)
            return
        panels = self.query(FilterPanel)
        if panels:
            panel = panels.first()
        else:  # mounted on first use: SelectionList is not needed for the first screen
            panel = FilterPanel(id="filter-panel")
            await self.query_one("#body").mount(panel, before="#detail")
        self.last_review = self._review_dates[plan_ids]
        self.add_class("-filters-open")
        panel.changed_ids = self.changed_ids  # the "changed since the last review" choice (reviews)
        panel.open(self.scope, self.last_review)

    @work(thread=True, exclusive=True, group="last-review", exit_on_error=False)
    def load_last_review(self, plan_ids: tuple[str, ...]) -> None:
        """The date of the last review of these plans, read off the UI thread (f needs it) and
        cached until the next edit: storage.browse.last_review_date (a Review row, else the
        plan's "as at")."""
        with self.session.reader() as conn:
            self.post_message(LastReviewLoaded(plan_ids, last_review_date(conn, plan_ids)))

    async def on_last_review_loaded(self, message: LastReviewLoaded) -> None:
        self._review_dates[message.plan_ids] = message.last_review
        if self._filters_wanted and message.plan_ids == self.scope.plan_ids:
            self._filters_wanted = False
            await self.action_filters()

    def action_officer(self) -> None:
        from tui.screens.officer_picker import OfficerPicker

        def chosen(ids: list[str] | None) -> None:
            if ids:
                self.set_scope(self.scope.with_(officer_ids=tuple(dict.fromkeys(self.scope.officer_ids + tuple(ids)))))

        if not self.app.officers_loaded:
            self.app.notify("Officers are still loading: try again in a moment.")
            return
        self.app.push_screen(OfficerPicker("Filter by officer", self.app.officers), chosen)

    def action_mine(self) -> None:
        me = self.session.me_id
        if me is None:
            self.app.ask_who_i_am(lambda: self.action_mine())
            return
        if self.scope.officer_ids == (me,):
            self.set_scope(self.scope.with_(officer_ids=()))
        else:
            self.set_scope(self.scope.with_(officer_ids=(me,)))

    def action_triage(self) -> None:
        from tui.screens.triage import TriageScreen

        self.app.push_screen(TriageScreen(self.scope))

    def action_edit_outline(self) -> None:
        node = self.query_one("#outline", PlanTree).highlighted
        if node is None or node.kind == "all":
            return
        if self.session.read_only:
            self.app.notify("Read-only: this database cannot be edited here.", severity="warning")
            return
        from storage.browse import OBJECTIVE_FIELDS, PLAN_FIELDS, THEME_FIELDS
        from tui.screens.form import Field, FormDialog

        fields = {"plan": PLAN_FIELDS, "objective": OBJECTIVE_FIELDS, "theme": THEME_FIELDS}[node.kind]
        with self.session.reader() as conn:
            values = editable_details(conn, node.kind, node.id)

        def save(changes: dict[str, str] | None) -> None:
            if changes:

                def apply(e) -> None:
                    for field, value in changes.items():
                        e.set(node.kind, node.id, field, value or None)

                self.app.edit(f"{node.kind} edited: {', '.join(changes)}", apply, outline_changed=True)

        form = [Field(name, label, values.get(name, ""), long=name in ("text", "criteria")) for name, label in fields]
        self.app.push_screen(FormDialog(f"Edit {node.kind}", form), save)

    def filter_officer(self, officer_id: str) -> None:
        """Only the actions this officer leads (from "jump to officer")."""
        self.set_scope(self.scope.with_(officer_ids=(officer_id,)))
        self.action_list.focus()

    def scope_to_objective(self, objective_id: str) -> None:
        self.set_scope(scope_for_node(self.scope, OutlineNode("objective", objective_id)))
        self.action_list.focus()

    def jump_to_action(self, action_id: str) -> None:
        """Highlight an action, widening the scope to everything if the filters hide it."""
        if action_id in self.action_list.ids:
            self.action_list.move_to(self.action_list.ids.index(action_id))
        else:
            self.set_scope(ActionFilter(), keep=action_id)
        self.action_list.focus()


def scope_for_node(scope: ActionFilter, node: OutlineNode) -> ActionFilter:
    """The scope after choosing an outline node: other filters stay, the place changes."""
    place = {"plan_ids": (), "theme_ids": (), "objective_ids": ()}
    if node.kind != "all":
        place[f"{node.kind}_ids"] = (node.id,)
    return scope.with_(**place)
