"""The main screen's workers: the first screen, the scope as you type, rows for a scrolled
window, the detail of the highlighted action, the outline. Each runs in a thread in its own
worker group and posts its answer back as a message (tui.messages).

The scope (an ``ActionFilter``) is the screen's state. Every change to it bumps a generation
number and starts one exclusive worker; replies for an older generation are dropped.
"""

from __future__ import annotations

import sqlite3
import time

from textual import work

from storage.browse import (
    counts_from_codes,
    first_actions,
    objective_order,
    objectives_in_place,
    plan_outline,
    scope_with_codes,
)
from storage.queries import ActionFilter, action_detail, rows_by_id
from tui.messages import CountsLoaded, DetailLoaded, OutlineLoaded, RowsLoaded, ScopeLoaded

_WINDOW = 80  # rows fetched with every new scope: more than any screen shows


class ScopeWorkers:
    """Mixin for MainScreen (which has ``session``, ``scope``, ``generation``, ``action_list``)."""

    _objective_order: list[tuple[str, str, str | None]] | None = None  # plan order, cached

    @work(thread=True, exclusive=True, group="start", exit_on_error=False)
    def load_start(self, started: float) -> None:
        """First screen: light sqlite3 only (creates the file first if there is none). The outline
        follows once the first actions are on screen (``load_outline``)."""
        session = self.session
        session.load_me()
        self._load_scope(0, self.scope, None, started)

    def reload(self, keep: str | None = None, must_keep: bool = False) -> None:
        """Ask for the current scope again: after a filter change the highlighted action stays
        highlighted if it is on the first screen; after an edit (``must_keep``) wherever it is."""
        self.generation += 1
        keep = keep if keep is not None else self.action_list.highlighted_id
        self.load_scope(self.generation, self.scope, keep, must_keep, time.perf_counter())

    @work(thread=True, exclusive=True, group="scope", exit_on_error=False)
    def load_scope(
        self, generation: int, scope: ActionFilter, keep: str | None, must_keep: bool, started: float
    ) -> None:
        self._load_scope(generation, scope, keep, started, must_keep)

    def _load_scope(
        self,
        generation: int,
        scope: ActionFilter,
        keep: str | None,
        started: float,
        must_keep: bool = False,
    ) -> None:
        """The first screen of the scope from its first objectives (milliseconds, whatever the
        plan's size), then the whole scope and its counts in one scan. A newer keystroke
        interrupts an older one's scan rather than queueing behind it."""
        today, current = self.session.today, lambda: generation == self.generation
        try:
            with self.session.reader("list", preempt=current) as conn:
                if conn is None or not current():
                    return
                if self._objective_order is None:
                    self._objective_order = objective_order(conn)
                objectives = objectives_in_place(self._objective_order, scope)
                ids, codes, complete = first_actions(conn, scope, today, objectives, enough=_WINDOW)
                cursor = ids.index(keep) if keep in ids else (None if keep and must_keep else 0)
                if complete or (len(ids) >= _WINDOW // 2 and cursor is not None):
                    start = max(cursor - _WINDOW // 2, 0) if cursor else 0
                    rows = rows_by_id(conn, ids[start : start + _WINDOW], today)
                    self.post_message(ScopeLoaded(generation, scope, ids, rows, cursor or 0, started, complete))
                    shown = True
                else:
                    shown = False
                if not complete:
                    if not current():
                        return
                    ids, codes = scope_with_codes(conn, scope, today)
                    rows = {}
                    if not shown:
                        cursor = ids.index(keep) if keep in ids else 0
                        start = max(cursor - _WINDOW // 2, 0)
                        rows = rows_by_id(conn, ids[start : start + _WINDOW], today)
                    self.post_message(
                        ScopeLoaded(generation, scope, ids, rows, None if shown else cursor, started, True)
                    )
        except sqlite3.OperationalError as error:
            if "interrupted" in str(error) and not current():
                return  # a newer keystroke took the connection: its scope will answer
            raise
        self.post_message(CountsLoaded(scope, counts_from_codes(codes)))

    @work(thread=True, exclusive=True, group="window", exit_on_error=False)
    def load_window(self, generation: int, ids: list[str]) -> None:
        with self.session.reader() as conn:
            rows = rows_by_id(conn, ids, self.session.today)
        self.post_message(RowsLoaded(generation, rows))

    @work(thread=True, exclusive=True, group="detail", exit_on_error=False)
    def load_detail(self, action_id: str) -> None:
        from storage.errors import NotFound

        try:
            with self.session.reader() as conn:
                detail = action_detail(conn, action_id, self.session.today)
        except NotFound:
            detail = None
        self.post_message(DetailLoaded(action_id, detail))

    @work(thread=True, exclusive=True, group="outline", exit_on_error=False)
    def load_outline(self) -> None:
        with self.session.reader() as conn:
            self.post_message(OutlineLoaded(plan_outline(conn)))
