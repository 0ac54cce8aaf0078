"""What the pilot tests share: an app on a test database at a fixed "today", and waiting until
the app has finished what a key started."""

from __future__ import annotations

import contextlib
import time
from datetime import date

from textual.worker import WorkerCancelled, WorkerFailed


async def settle(pilot, rounds: int = 6) -> None:
    """Let workers finish and their messages land (a message may start another worker)."""
    app = pilot.app
    for n in range(rounds):
        # A newer request may have replaced a worker, or the app's error handler shows its error.
        with contextlib.suppress(WorkerCancelled, WorkerFailed):
            await app.workers.wait_for_complete()
        await pilot.pause(0.06 if n == 1 else None)  # once: the detail pane's short delay
    await pilot.pause()


async def wait_for(pilot, condition, seconds: float = 20.0) -> bool:
    """Until ``condition()`` (a bound for a broken build, not a timing assertion)."""
    deadline = time.monotonic() + seconds
    while not condition() and time.monotonic() < deadline:
        await pilot.pause(0.1)
    return bool(condition())


def detail_row(screen):
    """The action the detail pane shows, or None while it reads it again (after an edit or a
    sync the pane forgets what it read until the new read lands)."""
    detail = screen.detail
    return detail.row if detail is not None else None


#: The "today" the pilot tests' apps run at, so due dates and "overdue" never move.
PILOT_TODAY = date(2026, 11, 22)


def make_app(db, **options):
    """The app on ``db`` at PILOT_TODAY, blinking off (every frame the same)."""
    from tui.app import RagtrackApp

    return RagtrackApp(database=db, today=PILOT_TODAY, blink=False, **options)


async def start(pilot):
    """Wait for the first screen's data; the main screen."""
    await settle(pilot)
    assert pilot.app.data_shown is not None
    return pilot.app.screen


def count_layouts(monkeypatch) -> list:
    """The screens Textual lays out again (``Screen._refresh_layout``), in order, from now on: for
    tests that a step lays nothing out."""
    from textual.screen import Screen

    layouts: list = []
    original = Screen._refresh_layout

    def counted(self, *args, **kwargs):
        layouts.append(self)
        return original(self, *args, **kwargs)

    monkeypatch.setattr(Screen, "_refresh_layout", counted)
    return layouts


def count_recomposes(widget) -> list[int]:
    """How many times ``widget`` is recomposed from now on (``calls[0]``): for tests that a step
    rebuilds nothing (the footer, after a pick)."""
    calls = [0]
    original = widget.recompose

    async def recompose():
        calls[0] += 1
        return await original()

    widget.recompose = recompose
    return calls
