"""What the pilot tests share: waiting until the app has finished what a key started."""

from __future__ import annotations

import contextlib

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
