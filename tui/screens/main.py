"""The main screen: outline, filter bar, the virtual list of actions in scope, the detail pane.

Built from parts that each own one feature's state and workers and declare what they need in
their constructors:

- ``ScopeLoader`` (controller): reads the scope, windows of rows as they scroll into view, counts;
- ``ActionEditor`` (controller, via ``ActionScreen``): the edit keys and the outline's edits;
- ``ReviewController``: the review state (Δ, the detail's review section) and R, D, T, H;
- ``ImportController``: I;
- ``SyncIndicator`` (widget): the sync status on the status line, S and C;
- ``PlanTree`` (widget): the outline, read by itself; ``DetailPane`` (widget): the highlighted
  action, read by itself; ``FilterPanel`` (widget): f, and the last review's date.

The screen holds the one piece of state they share, the scope (an ``ActionFilter``), binds the
keys, and routes the parts' messages: attributes down, messages up. The keys that only hand over
to one part (structure, reviews, the palette's "jump to") are in ``main_keys``.
"""

from __future__ import annotations

import time
from functools import partial
from typing import TYPE_CHECKING, ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Container, Horizontal, Vertical
from textual.timer import Timer
from textual.widgets import Input

from storage.db import ActionDetail, ActionFilter, ActionRow, ListOrder
from storage.db.actions import search_refusal
from tui.controllers.bulk import BulkEditor
from tui.controllers.importing import IMPORT_ACTIONS, IMPORT_BINDINGS, ImportController
from tui.controllers.report import ReportController
from tui.controllers.reviews import REVIEW_ACTIONS, REVIEW_BINDINGS, ReviewController
from tui.controllers.scope_loader import ScopeLoader
from tui.controllers.structure import STRUCTURE_ACTIONS, StructureEditor
from tui.messages import DataShown, Edited, OfficersChanged
from tui.screens.action_screen import ActionScreen
from tui.screens.main_keys import PaletteJumps, ReviewKeys, StructureKeys
from tui.screens.scope_chips import chips_for, place_names, scope_for_node, without
from tui.widgets.action_list import ActionList
from tui.widgets.counts_bar import CountsBar
from tui.widgets.detail_pane import DetailPane
from tui.widgets.filter_bar import ChipStrip, FilterBar
from tui.widgets.filter_panel import FilterPanel
from tui.widgets.key_footer import KeyFooter
from tui.widgets.officer_finder import OfficerFinder
from tui.widgets.plan_tree import PlanTree
from tui.widgets.sync_indicator import SYNC_ACTIONS, SYNC_BINDINGS, StatusLine, SyncIndicator, sync_summary

if TYPE_CHECKING:
    from storage.db import OutlinePlan
    from tui.first_screen import ReadAhead
    from tui.officer_directory import Officers
    from tui.session import Session


#: Seconds a new scope's chips and filter panel wait for its list, to be painted with it.
FILTERS_SHOWN_WITHIN = 0.1


class MainScreen(StructureKeys, ReviewKeys, PaletteJumps, ActionScreen):
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
        Binding(
            "b", "bulk", "Bulk edit", show=False, id="main.bulk", tooltip="Set RAG, lead, due or status of the marked"
        ),
        Binding("E", "report", "Report", show=False, id="main.report", tooltip="Write the committee report"),
        Binding("P", "dashboard", "Plan dashboard", show=False, id="main.dashboard", tooltip="RAG counts per theme"),
        Binding("v", "view", "Sort/group", show=False, id="main.view", tooltip="Sort by due, RAG...; group"),
        Binding("A", "add", "Add", show=False, id="main.add", tooltip="Add an action, objective, theme or plan"),
        Binding(
            "X", "delete", "Withdraw/remove", show=False, id="main.delete", tooltip="Withdraw, or remove a mistake"
        ),
        Binding("M", "move", "Move to objective", show=False, id="main.move", tooltip="Another objective or plan"),
        Binding("K", "move_up", "Move up", show=False, id="main.move_up", tooltip="The action or outline entry"),
        Binding("J", "move_down", "Move down", show=False, id="main.move_down", tooltip="The action or outline entry"),
        Binding("Z", "restore", "Restore removed", show=False, id="main.restore", tooltip="Bring back a removed entry"),
        Binding("W", "officers", "Officers", show=False, id="main.officers", tooltip="Add, edit, left, merge"),
        Binding("escape", "back_to_list", "Back to the list", show=False, id="main.back"),
        *SYNC_BINDINGS,  # S C
        *REVIEW_BINDINGS,  # R D T H
        *IMPORT_BINDINGS,  # I
    ]

    def __init__(self, session: Session, officers: Officers, read_ahead: ReadAhead | None = None) -> None:
        super().__init__(session, officers)
        self.read_ahead = read_ahead
        """The first screen's read, started with the app (``tui.first_screen``), if it was."""
        self.scope = ActionFilter()
        """What the list shows: every change to it reloads the list."""
        self.outline: list[OutlinePlan] = []
        """Plans and their themes, as the outline last read them."""
        self.place_names: dict[str, str] = {}  # plan, theme (and named objective) ids -> chip labels
        self._shown = False  # the first actions are on screen
        self._search_refused = False  # the search box holds a text too long to search for
        self._stale = False  # an edit landed while covered: reload on resume
        self._stale_outline = False
        self._filters_timer: Timer | None = None  # set while the filters' look waits for the list
        self.last_repaint_ms: float | None = None
        """Milliseconds from the latest filter change to its list on screen (for benchmarks)."""
        self._closes_when_read: int | None = None
        """The scope generation the officer finder stays open for, once a pick is made (set_scope)."""
        # The parts (created here, mounted by compose).
        self.loader = ScopeLoader(session, id="scope-loader")
        self.loader.order = session.list_order or ListOrder()
        self.reviews = ReviewController(session, id="reviews")
        self.importer = ImportController(session, id="importer")
        self.bulk = BulkEditor(session, officers, id="bulk")
        self.reporter = ReportController(session, id="report")
        self.structure = StructureEditor(session, id="structure")
        self.counts_bar = CountsBar("ragtrack" + ("  [read-only]" if session.read_only else ""), id="counts")
        self.sync_indicator = SyncIndicator(session, id="sync-indicator")
        self.outline_tree = PlanTree(session, id="outline")
        self.filter_bar = FilterBar(id="filters")
        self.action_list = ActionList(id="actions")
        self.filter_panel = FilterPanel(session, id="filter-panel")
        self.officer_finder = OfficerFinder(id="officer-finder")
        self.detail_pane = DetailPane(session, id="detail")

    def compose(self) -> ComposeResult:
        yield self.loader
        yield self.editor
        yield self.reviews
        yield self.importer
        yield self.bulk
        yield self.reporter
        yield self.structure
        with StatusLine(id="status-line"):
            yield self.counts_bar
            yield self.sync_indicator
        with Horizontal(id="body"):
            yield self.outline_tree
            with Vertical(id="centre"):
                yield self.filter_bar
                with Container(id="list-area"):  # the finder (o) shows over the list
                    yield self.action_list
                    yield self.officer_finder
            yield self.filter_panel
            yield self.detail_pane
        yield KeyFooter(compact=True)

    def on_mount(self) -> None:
        self.action_list.focus()
        started = time.perf_counter()
        ahead = self.read_ahead
        first = ahead.ready() if ahead is not None else None
        if first is None:  # not read yet (the loader waits for it), or no read ahead
            self.loader.load_first(self.scope, started, ahead)
            return
        # Read while the app started: shown in the first paint, not after a "Loading…" one.
        shown = ScopeLoader.Loaded(
            self.loader.generation, self.scope, first.ids, first.rows, 0, started, first.complete
        )
        self._scope_loaded(shown)
        self.loader.load_first(self.scope, started, ahead, shown)

    # --- what the parts know ---------------------------------------------------------------
    @property
    def generation(self) -> int:
        """The latest scope asked for (the benchmark waits for it to be painted)."""
        return self.loader.generation

    @property
    def detail(self) -> ActionDetail | None:
        return self.detail_pane.detail

    @property
    def counts(self) -> dict[str, int] | None:
        return self.counts_bar.counts

    def current_row(self) -> ActionRow | None:
        highlighted = self.action_list.highlighted_id
        return self.action_list.rows.get(highlighted) if highlighted else None

    def current_detail(self) -> ActionDetail | None:
        return self.detail_pane.detail

    # --- the scope arriving -----------------------------------------------------------------
    @on(ScopeLoader.Loaded)
    def _scope_loaded(self, message: ScopeLoader.Loaded) -> None:
        if message.generation != self.loader.generation:
            return  # an older scope: the user has typed on since
        first = self.action_list.generation != message.generation
        self._close_finder_waiting(message.generation)
        if first:
            if self._filters_timer is not None:
                self._show_filters()  # painted with the list: one repaint for the key, not two
            self.filter_bar.search.release()  # a search character: the same
        self.action_list.empty_message = (
            "  No actions match. Press x to clear the filters."
            if not message.scope.is_empty
            else "  No actions yet. Import a plan first: ragtrack import FILE (see ragtrack --help)."
        )
        self.action_list.set_scope(message.generation, message.ids, message.rows, message.cursor, message.groups)
        if first:  # the keystroke's answer is on screen (a complete scope may follow)
            self.call_after_refresh(self._timed, message.generation, len(message.ids), message.started)
        # The rest of the scope is read once this is drawn (not at call_after_refresh, which may
        # run before the list's repaint: the scan then took the CPU from that repaint).
        self.action_list.call_when_drawn(message.painted.set)
        if not self._shown:
            self._shown = True
            self.action_list.call_when_drawn(partial(self._announce_data_shown, len(message.ids)))

    def _close_finder_waiting(self, generation: int) -> None:
        """Close the officer finder that waits for this scope (or an older one: a newer took its
        place), then show the scope in the same repaint as the list."""
        waiting = self._closes_when_read
        if waiting is None or generation < waiting:
            return
        self._closes_when_read = None
        if self.officer_finder.display:  # not closed meanwhile (the list kept the focus)
            self.officer_finder.close()
        self._show_filters()

    def _timed(self, generation: int, count: int, started: float) -> None:
        """Record how long the scope took from the key to the repainted list (for benchmarks)."""
        self.last_repaint_ms = (time.perf_counter() - started) * 1000
        self.log.debug(f"scope {generation}: {count} actions on screen in {self.last_repaint_ms:.1f} ms")

    def _announce_data_shown(self, rows: int) -> None:
        self.app.post_message(DataShown(rows, time.perf_counter() - self.app.created_at))
        self.outline_tree.load()  # not needed for the first screen: it waits until that is shown

    @on(ScopeLoader.Counted)
    def _counted(self, message: ScopeLoader.Counted) -> None:
        if message.scope == self.scope:
            self.counts_bar.show_counts(message.counts)

    @on(ScopeLoader.RowsLoaded)
    def _rows_loaded(self, message: ScopeLoader.RowsLoaded) -> None:
        self.action_list.add_rows(message.generation, message.rows)

    @on(ActionList.WindowNeeded)
    def _window_needed(self, message: ActionList.WindowNeeded) -> None:
        self.loader.load_window(message.generation, message.ids)

    @on(ActionList.Highlighted)
    def _highlighted(self, message: ActionList.Highlighted) -> None:
        self.detail_pane.follow(message.action_id)

    @on(ActionList.Selected)
    def _selected(self) -> None:
        self.detail_pane.focus()

    @on(DetailPane.Shown, "#detail")
    def _detail_shown(self) -> None:
        self.refresh_bindings()  # the edit keys follow the action shown

    # --- the outline, reviews, sync ---------------------------------------------------------
    @on(PlanTree.Loaded, "#outline")
    def _outline_loaded(self, message: PlanTree.Loaded) -> None:
        self.outline = message.outline
        self.place_names = place_names(message.outline)
        self._show_chips()
        self.filter_panel.prefetch(self.scope.plan_ids)  # ready before f is pressed
        # The first screen is on: the sync status and the reviews (SQLAlchemy) may load now.
        self.sync_indicator.start()
        self.reviews.start()

    @on(PlanTree.Named, "#outline")
    def _objectives_named(self, message: PlanTree.Named) -> None:
        self.place_names.update(message.names)
        self._show_chips()

    @on(ReviewController.Loaded, "#reviews")
    def _reviews_loaded(self, message: ReviewController.Loaded) -> None:
        self.action_list.set_marked(message.state.changed)
        changed = self.reviews.changed_ids
        if self.scope.only_ids is not None and self.scope.only_ids != changed:
            # The "changed" filter follows the changes (an edit, a sync, an undone review).
            self.set_scope(self.scope.with_(only_ids=changed))
        self.detail_pane.show_reviews(message.state)
        self.refresh_bindings()

    @on(SyncIndicator.Synced, "#sync-indicator")
    def _synced(self, message: SyncIndicator.Synced) -> None:
        # As after an edit: every screen reloads, the status line with them.
        result = message.result
        self.app.post_message(Edited(sync_summary(result), (), True, None, officers_changed=bool(result.received)))

    def on_resize(self) -> None:
        self.sync_indicator.refresh_text()  # compact under 110 columns

    def on_officers_changed(self, message: OfficersChanged) -> None:
        self._show_chips()  # chips can show names now

    # --- after an edit ----------------------------------------------------------------------
    def on_edited(self, message: Edited) -> None:
        self.detail_pane.forget()  # reload it: the highlighted action may be the one edited
        self.filter_panel.forget_dates()  # a review or a plan's "as at" may have changed
        if message.outline_changed:
            self.loader.forget_order()
        self.sync_indicator.refresh_status()
        self.reviews.reload()
        if self._covered():
            # Triage (or another full screen) is on top: reloading the whole list now is wasted
            # work that competes with it. Remember, and reload once when this screen is back.
            self._stale_outline |= message.outline_changed
            self._stale = True
            return
        self._reload_after_edit(message.outline_changed)

    def _reload_after_edit(self, outline_changed: bool) -> None:
        self._reload(self.structure.take_created(), must_keep=True)  # an action just added (A) or the highlighted
        self.filter_panel.prefetch(self.scope.plan_ids)
        if outline_changed:
            self.outline_tree.load()
        self.detail_pane.reload()

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

    # --- the scope --------------------------------------------------------------------------
    def _reload(self, keep: str | None = None, must_keep: bool = False) -> None:
        """Ask for the current scope again: after a filter change the highlighted action stays
        highlighted if it is on the first screen; after an edit (``must_keep``) wherever it is."""
        self.loader.load(self.scope, keep if keep is not None else self.action_list.highlighted_id, must_keep)

    def set_scope(self, scope: ActionFilter, keep: str | None = None, in_finder: bool = False) -> None:
        """Show ``scope``. ``in_finder``: it was picked in the officer finder, still open over the
        list: the finder closes when the scope is read, in the list's own repaint, and the chips
        follow in that repaint too (closed first, the old list would show, then the new)."""
        if scope == self.scope and keep is None:
            if in_finder:
                self.officer_finder.close()
            return
        self.scope = scope
        self._search_refused = False  # the box now shows the scope's search
        self._reload(keep, must_keep=keep is not None)
        if self._shown:
            self.filter_panel.prefetch(scope.plan_ids)  # ready before f is pressed
        if in_finder:
            self._closes_when_read = self.loader.generation
            return
        # The search box, the chips and an open panel show the new scope with its list (when
        # its first answer lands, ``_scope_loaded``), so that a key repaints the screen once;
        # or after FILTERS_SHOWN_WITHIN if that answer is slow, so that a key is never unseen.
        if self._filters_timer is None:
            self._filters_timer = self.set_timer(FILTERS_SHOWN_WITHIN, self._show_filters)

    def _show_filters(self) -> None:
        """The search box, the chips and an open filter panel show the current scope."""
        if self._filters_timer is not None:
            self._filters_timer.stop()
            self._filters_timer = None
        self.filter_bar.set_search(self.scope.search)
        self._show_chips()
        self.filter_panel.follow(self.scope)  # an open panel shows it (a toggle, a chip went)

    def _show_chips(self) -> None:
        unnamed = [i for i in self.scope.objective_ids if i not in self.place_names]
        if unnamed:
            self.outline_tree.name_objectives(unnamed)  # shown when read (PlanTree.Named)
        chips = chips_for(self.scope, self.place_names, self.officers.names(), self.session.me_id)
        self.filter_bar.show_chips(chips)

    @on(Input.Changed, "#search")
    def _search_changed(self, message: Input.Changed) -> None:
        # Said as the limit is hit, while the field has focus (once, until the text is back
        # within it); the list keeps the last search it could run.
        refusal = search_refusal(message.value)
        if refusal is not None:
            self.filter_bar.search.release()  # no list to wait for
            if not self._search_refused:
                self.notify(refusal, title="Not done", severity="error", markup=False, timeout=6)
            self._search_refused = True
            return
        self._search_refused = False
        self.scope = self.scope.with_(search=message.value)
        self._reload()

    @on(Input.Submitted, "#search")
    def _search_done(self) -> None:
        self.action_list.focus()

    @on(ChipStrip.Removed)
    def _chip_removed(self, message: ChipStrip.Removed) -> None:
        self.set_scope(without(self.scope, message.key))
        if not self.filter_bar.chips.chips:
            self.action_list.focus()

    @on(FilterPanel.Opened, "#filter-panel")
    def _filters_opened(self) -> None:
        self.add_class("-filters-open")  # the panel takes the detail pane's place

    @on(FilterPanel.Changed, "#filter-panel")
    def _filters_changed(self, message: FilterPanel.Changed) -> None:
        # The panel knows RAG, status and dates; the place, officers and search stay as they are.
        scope = self.scope.with_(
            rags=message.scope.rags,
            statuses=message.scope.statuses,
            overdue=message.scope.overdue,
            stale_days=message.scope.stale_days,
            updated_before=message.scope.updated_before,
            only_ids=message.scope.only_ids,
        )
        if scope == self.scope:  # no list to read: the panel draws its toggle now
            self.filter_panel.follow(scope)
        self.set_scope(scope)

    @on(FilterPanel.Closed, "#filter-panel")
    def _filters_closed(self) -> None:
        self.remove_class("-filters-open")
        self.action_list.focus()

    @on(PlanTree.ScopeChosen)
    def _scope_chosen(self, message: PlanTree.ScopeChosen) -> None:
        self.set_scope(scope_for_node(self.scope, message.node))
        self.action_list.focus()

    # --- keys -------------------------------------------------------------------------------
    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "triage" and not self.action_list.ids:
            return None
        if action == "clear_filters" and self.scope.is_empty:
            return None
        if action == "mine" and self.session.read_only and not self.session.me_id:
            return None
        if action in SYNC_ACTIONS:
            return self.sync_indicator.check(action)
        if action in REVIEW_ACTIONS:
            return self.reviews.check(action)
        if action in IMPORT_ACTIONS:
            return self.importer.check(action)
        if action in STRUCTURE_ACTIONS:
            return self.structure.check(action, self.place())
        return super().check_action(action, parameters)  # the edit keys

    def refusal(self, action: str) -> str | None:
        if action in SYNC_ACTIONS:
            return self.sync_indicator.refusal(action)
        if action in REVIEW_ACTIONS:
            return self.reviews.refusal(action)
        if action in IMPORT_ACTIONS:
            return self.importer.refusal(action)
        if action in STRUCTURE_ACTIONS:
            return self.structure.refusal(action)
        return super().refusal(action)

    # --- officers (W) ----------------------------------------------------------------------
    def action_officers(self) -> None:
        from tui.screens.officers import OfficersScreen

        self.app.push_screen(OfficersScreen(self.session, self.officers))

    def action_search(self) -> None:
        self.filter_bar.search.focus()

    def action_back_to_list(self) -> None:
        self.action_list.focus()

    def action_clear_filters(self) -> None:
        self.set_scope(ActionFilter())
        self.action_list.focus()

    def action_toggle_outline(self) -> None:
        """Show or hide the outline; shown, it takes the focus (at 80 columns it is otherwise three
        shift+tabs away, and nothing says where the focus went); hidden, the list takes it back."""
        had_focus = self.outline_tree.has_focus
        self.toggle_class("-outline-toggled")
        self.call_after_refresh(self._focus_after_outline_toggle, had_focus)

    def _focus_after_outline_toggle(self, outline_had_focus: bool) -> None:
        if self.outline_tree.display:
            self.outline_tree.focus()
        elif outline_had_focus:
            self.action_list.focus()

    def action_bulk(self) -> None:
        self.bulk.ask(self.action_list.picked_in_order())

    def action_report(self) -> None:
        row = self.current_row()
        self.reporter.ask(self.scope.plan_ids[0] if len(self.scope.plan_ids) == 1 else (row.plan_id if row else None))

    def action_dashboard(self) -> None:
        from tui.screens.dashboard import DashboardScreen

        def chosen(scope: ActionFilter | None) -> None:
            if scope is not None:
                self.set_scope(scope)
                self.action_list.focus()

        row = self.current_row()
        plan = self.scope.plan_ids[0] if len(self.scope.plan_ids) == 1 else (row.plan_id if row else None)
        self.app.push_screen(DashboardScreen(self.session, plan), chosen)

    def action_view(self) -> None:
        from tui.screens.list_view import apply_choice, order_dialog

        def chosen(value: str | None) -> None:
            if value:
                self.set_order(apply_choice(self.loader.order, value))

        self.app.push_screen(order_dialog(self.loader.order), chosen)

    def set_order(self, order: ListOrder) -> None:
        """Sort and group the list (remembered for the session)."""
        self.session.list_order = self.loader.order = order
        self._reload()
        self.action_list.focus()

    def action_filters(self) -> None:
        self.filter_panel.request_open(self.scope, self.reviews.changed_ids)

    def action_officer(self) -> None:
        if not self.officers.loaded:
            self.app.notify("Officers are still loading: try again in a moment.")
            return
        self.action_list.focus()  # it lends the finder its keys: it keeps the focus meanwhile
        self.officer_finder.open(list(self.officers), keys_from=self.action_list)

    @on(OfficerFinder.Picked, "#officer-finder")
    def _officer_picked(self, message: OfficerFinder.Picked) -> None:
        officer_ids = tuple(dict.fromkeys((*self.scope.officer_ids, message.officer_id)))
        self.set_scope(self.scope.with_(officer_ids=officer_ids), in_finder=True)

    @on(OfficerFinder.Highlighted, "#officer-finder")
    def _officer_highlighted(self, message: OfficerFinder.Highlighted) -> None:
        officer_ids = tuple(dict.fromkeys((*self.scope.officer_ids, message.officer_id)))
        self.loader.prefetch(self.scope.with_(officer_ids=officer_ids), self.action_list.highlighted_id)

    @on(OfficerFinder.Closed, "#officer-finder")
    def _finder_closed(self, message: OfficerFinder.Closed) -> None:
        if message.by_key:  # else the focus went where the user clicked
            self.action_list.focus()
        if self._closes_when_read is not None:  # closed while a pick is read: it stands
            self._closes_when_read = None
            self._show_filters()

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

        self.app.push_screen(TriageScreen(self.session, self.officers, self.scope))

    def action_edit_outline(self) -> None:
        node = self.outline_tree.highlighted
        if node is not None and node.kind != "all":
            self.editor.edit_outline(node.kind, node.id)

    def action_sync(self) -> None:
        self.sync_indicator.sync_now()

    def action_conflicts(self) -> None:
        self.sync_indicator.open_conflicts()

    def action_import_file(self) -> None:
        self.importer.ask()
