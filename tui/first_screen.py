"""The first screen of actions, read as the app starts: by ``ReadAhead`` in a thread of its own
while Python imports Textual and the app's screens, or by ``ScopeLoader.load_first`` once the
main screen is mounted.

``ragtrack`` (the app) starts a ``ReadAhead`` the moment the command line knows the app is wanted
(``tui.launch``): the database opens and the plans' first objectives are read while the main
thread imports (SQLite's part of it on another core). The main screen then shows those rows in
its very first paint when they are in by the time it is mounted (one paint, where a "Loading…"
screen and then the list were two), and otherwise its loader waits for them. Nothing here
imports Textual.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from datetime import date

    from storage.db import ActionFilter, ActionRow, ReadTxn
    from tui.session import Session

WINDOW = 80  # rows fetched with every new scope: more than any screen shows
FIRST_BATCHES = (4, 16, 64, 256)  # objectives read for the first screen, batch by batch


@dataclass
class FirstScreen:
    """The first actions of the whole plan in plan order, with the rows of the first window."""

    ids: list[str]
    codes: str  # one code per action (``counts_from_codes``)
    complete: bool  # the ids are the whole scope
    rows: dict[str, ActionRow]


def read_first_screen(txn: ReadTxn, scope: ActionFilter, today: date) -> FirstScreen | None:
    """``scope`` (no plan, theme or objective named) read from the plans' first objectives: the
    whole objective order sorts every objective (100,000 at a million actions), these are read
    plan by plan. None when they hold too few actions to fill a screen and there are more: then
    the whole scope is read instead."""
    objectives, every = txn.actions.first_objectives(sum(FIRST_BATCHES))
    ids, codes, complete = txn.actions.first(scope, today, objectives, WINDOW, FIRST_BATCHES)
    complete = complete and every
    if not complete and len(ids) < WINDOW // 2:
        return None
    return FirstScreen(ids, codes, complete, txn.actions.rows_by_id(ids[:WINDOW], today))


class ReadAhead:
    """Who uses this laptop and the first screen of actions, read in a thread from ``start``.

    A read that fails leaves ``first`` None and its error unsaid: the app's loader then reads
    again the usual way, and reports what fails there as it reports any worker's error."""

    def __init__(self, session: Session) -> None:
        self.session = session
        self.first: FirstScreen | None = None
        self.done = threading.Event()

    def start(self) -> ReadAhead:
        threading.Thread(target=self._read, name="ragtrack-read-ahead", daemon=True).start()
        return self

    def _read(self) -> None:
        try:
            from storage.db import ActionFilter

            self.session.load_me()
            with self.session.read("list") as txn:
                self.first = read_first_screen(txn, ActionFilter(), self.session.today)
        except Exception:  # said by the loader's own read (see the class)
            self.first = None
        finally:
            self.done.set()

    def ready(self) -> FirstScreen | None:
        """The first screen if it has been read by now (without waiting)."""
        return self.first if self.done.is_set() else None
