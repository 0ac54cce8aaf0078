"""The actions in scope, loaded in thread workers: the first screen at start, the whole scope
again after every filter change or edit, rows for a window scrolled into view, and the counts.

The screen holds the scope (an ``ActionFilter``) and asks; this part owns how it is read. Every
request bumps a generation number and starts one exclusive worker; answers for an older
generation are dropped by the screen, and a newer keystroke interrupts an older one's scan.
"""

from __future__ import annotations

import sqlite3
import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from textual import work
from textual.message import Message

from storage.db import ActionFilter, ActionRow, Group, ListOrder
from storage.db.actions import ObjectiveOrder, OrderedScope, counts_from_codes, objectives_in_place
from tui.controllers.base import Controller
from tui.first_screen import FIRST_BATCHES, WINDOW, FirstScreen

if TYPE_CHECKING:
    from datetime import date

    from storage.db.transactions import ReadTxn
    from tui.first_screen import ReadAhead
    from tui.session import Session
#: An officer filter whose officers lead at most this many actions is read whole at once, through
#: the leads' index: that costs no more than a first screen gathered from the first objectives
#: (the bench's busy officer at 10,000 actions leads 536: 3.6 ms against 6.0), and no second scan
#: follows to compete with the list's repaint. Beyond, the whole read grows with the officer's
#: actions (at 1,000,000, 29,976 led: about 690 ms) and the first screen comes first (18.5 ms
#: there: ``storage.db.actions.where``'s ``leads_by_action``).
WHOLE_OFFICER_SCOPE = 2_000
#: Seconds the whole scope's scan waits for the first screen to be painted (``Loaded.painted``).
PAINT_WAIT_S = 0.25


@dataclass(frozen=True)
class _ScopeAhead:
    """An officer's scope read while the officer finder highlights them (``ScopeLoader.prefetch``),
    with what it was read under: it answers a pick only if all of that still holds."""

    scope: ActionFilter
    order: ListOrder
    today: date
    mark: tuple[int, int]  # ``ReadTxn.change_mark`` on the "list" connection
    ordered: OrderedScope
    rows: dict[str, ActionRow]


class ScopeLoader(Controller):
    """Reads the scope it is asked for and posts ``Loaded``, ``RowsLoaded`` and ``Counted``."""

    @dataclass
    class Loaded(Message):
        """The ordered ids of the actions in scope, with the rows of the window to show first.

        On a large plan the first message of a generation may hold only the first screen of the
        scope (``complete`` False); the whole scope follows in a second message.
        """

        generation: int
        scope: ActionFilter
        ids: Sequence[str]  # packed ids (storage.packed_ids) for a large scope
        rows: dict[str, ActionRow]
        cursor: int | None  # index of the action to highlight; None keeps the list's cursor
        started: float  # perf_counter() when the scope was asked for (for timing)
        complete: bool = True
        groups: list[Group] = field(default_factory=list)  # the group headers (grouped lists only)
        painted: threading.Event = field(default_factory=threading.Event)
        """Set by the screen once it has painted these rows: the scan of the rest of an incomplete
        scope waits for it, rather than taking the CPU from that repaint."""

    @dataclass
    class RowsLoaded(Message):
        """Rows for a window of the list that was scrolled into view."""

        generation: int
        rows: dict[str, ActionRow]

    @dataclass
    class Counted(Message):
        """RAG counts (and overdue, total) in a scope."""

        scope: ActionFilter
        counts: dict[str, int]

    def __init__(self, session: Session, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._session = session
        self.generation = 0
        """The latest request: answers to older ones are moot."""
        self._objective_order: ObjectiveOrder | None = None  # plan order, cached
        self.order = ListOrder()
        """How the list is sorted and grouped (the screen sets it; the next load reads in it)."""
        self._ahead: _ScopeAhead | None = None
        self._ahead_wanted: ActionFilter | None = None

    def forget_order(self) -> None:
        """The outline changed: read the objectives' order again next time."""
        self._objective_order = None

    @work(thread=True, exclusive=True, group="start", exit_on_error=False)
    def load_first(
        self, scope: ActionFilter, started: float, ahead: ReadAhead | None = None, shown: Loaded | None = None
    ) -> None:
        """The first screen: light sqlite3 only (the session creates the file if there is none),
        from the plans' first objectives; the whole objective order is read once it is shown.
        ``ahead``: the read of it started with the app (``tui.first_screen``), waited for;
        ``shown``: that read's first screen, already on the screen (the rest is read here)."""
        first = None
        if ahead is not None:
            ahead.done.wait()  # it holds the "list" connection until it is done
            first = ahead.first
        if first is None:
            self._session.load_me()
            self._load_scope(self.generation, scope, None, started, at_start=True)
        else:
            if shown is None:
                shown = self.Loaded(self.generation, scope, first.ids, first.rows, 0, started, first.complete)
                self.post_message(shown)
            self._load_rest(shown, first)
        if self._objective_order is None:  # ready for the first keystroke (on "main": a keystroke takes "list")
            with self._session.read() as txn:
                self._objective_order = txn.actions.objective_order()

    def _load_rest(self, shown: Loaded, first: FirstScreen) -> None:
        """After a first screen read ahead: the whole scope (once that screen is painted) and its
        counts, as ``_load_scope`` reads them after its own first screen."""
        generation, scope, codes = shown.generation, shown.scope, first.codes

        def current() -> bool:
            return generation == self.generation

        if not first.complete:
            _wait_until_painted(shown.painted, current)
            try:
                with self._session.read_unless_moot("list", preempt=current) as txn:
                    if txn is None or not current():
                        return
                    ids, codes = txn.actions.scope_with_codes(scope, self._session.today)
            except sqlite3.OperationalError as error:
                if "interrupted" in str(error) and not current():
                    return
                raise
            self.post_message(self.Loaded(generation, scope, ids, {}, None, shown.started, True))
        self.post_message(self.Counted(scope, counts_from_codes(codes)))

    def prefetch(self, scope: ActionFilter, keep: str | None) -> None:
        """Read ``scope`` ahead (the officer the finder highlights, added to the filters) while
        the user decides, so that Enter shows it without reading it: a pick's read was most of
        what the pick took beyond its floor's at 10,000 actions (issue 15). Only a scope read
        whole at once (WHOLE_OFFICER_SCOPE); the load uses it only if nothing was committed
        since, on the same connection (``ReadTxn.change_mark``), in the same order and day."""
        if scope == self._ahead_wanted:
            return
        self._ahead_wanted = scope
        self._prefetch(scope, keep, self.order)

    @work(thread=True, exclusive=True, group="prefetch", exit_on_error=False)
    def _prefetch(self, scope: ActionFilter, keep: str | None, order: ListOrder) -> None:
        session, generation = self._session, self.generation

        def wanted() -> bool:  # not once a load has started, nor for another officer
            return generation == self.generation and scope == self._ahead_wanted

        try:
            # Waits for the channel, never interrupts it: what holds it may be the scope shown,
            # still read (the whole scope after its first screen), which must not fail for this.
            with session.read_when_free("list", wanted=wanted) as txn:
                if txn is None or not wanted():
                    return
                if not scope.officer_ids or txn.actions.led_count(scope.officer_ids) > WHOLE_OFFICER_SCOPE:
                    return
                mark, today = txn.change_mark(), session.today
                ordered = txn.actions.ordered(scope, today, order)
                cursor = ordered.ids.index(keep) if keep in ordered.ids else 0
                start = max(cursor - WINDOW // 2, 0)
                rows = txn.actions.rows_by_id(list(ordered.ids[start : start + WINDOW]), today)
        except sqlite3.OperationalError as error:
            if "interrupted" in str(error):
                return  # a load took the connection
            raise
        if wanted():
            self._ahead = _ScopeAhead(scope, order, today, mark, ordered, rows)

    def _read_ahead_for(self, txn: ReadTxn, scope: ActionFilter) -> _ScopeAhead | None:
        """The scope read ahead, if it is this one and still true; forgotten either way."""
        ahead, self._ahead, self._ahead_wanted = self._ahead, None, None
        if (
            ahead is None
            or ahead.scope != scope
            or ahead.order != self.order
            or ahead.today != self._session.today
            or ahead.mark != txn.change_mark()
        ):
            return None
        return ahead

    def load(self, scope: ActionFilter, keep: str | None, must_keep: bool = False) -> None:
        """Read ``scope`` again. ``keep`` stays highlighted if it is on the first screen, or
        (``must_keep``, after an edit) wherever it is."""
        self.generation += 1
        self._load(self.generation, scope, keep, must_keep, time.perf_counter())

    @work(thread=True, exclusive=True, group="scope", exit_on_error=False)
    def _load(self, generation: int, scope: ActionFilter, keep: str | None, must_keep: bool, started: float) -> None:
        self._load_scope(generation, scope, keep, started, must_keep)

    def _load_scope(
        self,
        generation: int,
        scope: ActionFilter,
        keep: str | None,
        started: float,
        must_keep: bool = False,
        at_start: bool = False,
    ) -> None:
        """The first screen of the scope from its first objectives (milliseconds, whatever the
        plan's size), then the whole scope and its counts in one scan; in another order, or for
        an officer, the whole scope at once. A newer keystroke interrupts an older one's scan
        rather than queueing behind it."""
        session = self._session
        today = session.today
        order = self.order

        def current() -> bool:
            return generation == self.generation

        try:
            with session.read_unless_moot("list", preempt=current) as txn:
                if txn is None or not current():
                    return
                ahead = self._read_ahead_for(txn, scope)
                if (
                    ahead is not None
                    or not order.is_default
                    or (scope.officer_ids and txn.actions.led_count(scope.officer_ids) <= WHOLE_OFFICER_SCOPE)
                ):
                    # Read ahead (``prefetch``), or another order: the whole scope in one scan
                    # (the first objectives are not the first screen any more), or an officer
                    # leading few actions: see WHOLE_OFFICER_SCOPE.
                    ordered = ahead.ordered if ahead is not None else txn.actions.ordered(scope, today, order)
                    ids, codes = ordered.ids, ordered.codes
                    cursor = ids.index(keep) if keep in ids else (None if keep and must_keep else 0)
                    start = max((cursor or 0) - WINDOW // 2, 0)
                    window = list(ids[start : start + WINDOW])
                    had = ahead.rows if ahead is not None else {}
                    rows = {i: had[i] for i in window} if all(i in had for i in window) else None
                    if rows is None:
                        rows = txn.actions.rows_by_id(window, today)
                    whole = self.Loaded(generation, scope, ids, rows, cursor, started, True, ordered.groups)
                    self.post_message(whole)
                    # The counts once the list is drawn, as after a first screen: handled before
                    # that pass, they put the counts line into it (~1 ms of a pick at 10,000).
                    counts = counts_from_codes(codes)
                    _wait_until_painted(whole.painted, current)
                    if current():
                        self.post_message(self.Counted(scope, counts))
                    return
                every = True  # ``objectives`` are all those in scope
                if (
                    at_start
                    and self._objective_order is None
                    and not (scope.plan_ids or scope.theme_ids or scope.objective_ids)
                ):
                    objectives, every = txn.actions.first_objectives(sum(FIRST_BATCHES))
                else:
                    if self._objective_order is None:
                        self._objective_order = txn.actions.objective_order()
                    objectives = objectives_in_place(self._objective_order, scope)
                ids, codes, complete = txn.actions.first(scope, today, objectives, WINDOW, FIRST_BATCHES)
                complete = complete and every
                cursor = ids.index(keep) if keep in ids else (None if keep and must_keep else 0)
                if complete or (len(ids) >= WINDOW // 2 and cursor is not None):
                    start = max(cursor - WINDOW // 2, 0) if cursor else 0
                    rows = txn.actions.rows_by_id(ids[start : start + WINDOW], today)
                    first_screen = self.Loaded(generation, scope, ids, rows, cursor or 0, started, complete)
                    self.post_message(first_screen)
                    shown = True
                else:
                    shown = False
                if not complete:
                    if shown:
                        _wait_until_painted(first_screen.painted, current)
                    if not current():
                        return
                    ids, codes = txn.actions.scope_with_codes(scope, today)
                    rows = {}
                    if not shown:
                        cursor = ids.index(keep) if keep in ids else 0
                        start = max(cursor - WINDOW // 2, 0)
                        rows = txn.actions.rows_by_id(ids[start : start + WINDOW], today)
                    self.post_message(
                        self.Loaded(generation, scope, ids, rows, None if shown else cursor, started, True)
                    )
        except sqlite3.OperationalError as error:
            if "interrupted" in str(error) and not current():
                return  # a newer keystroke took the connection: its scope will answer
            raise
        self.post_message(self.Counted(scope, counts_from_codes(codes)))

    @work(thread=True, exclusive=True, group="window", exit_on_error=False)
    def load_window(self, generation: int, ids: list[str]) -> None:
        """Rows for lines scrolled into view (``ActionList.WindowNeeded``)."""
        with self._session.read() as txn:
            rows = txn.actions.rows_by_id(ids, self._session.today)
        self.post_message(self.RowsLoaded(generation, rows))


def _wait_until_painted(painted: threading.Event, current: Callable[[], bool]) -> None:
    """Until the screen has painted a first screen (at most PAINT_WAIT_S), or a newer scope is
    asked for (its worker waits for this one's connection)."""
    deadline = time.perf_counter() + PAINT_WAIT_S
    while not painted.wait(0.005) and current() and time.perf_counter() < deadline:
        pass
