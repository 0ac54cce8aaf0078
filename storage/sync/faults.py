"""Crash points: named places in a sync where a test can make the process die.

``crash_after(k)`` arms the k-th crash point reached from now on (1, 2, ...): there the process
kills itself with SIGKILL (no clean-up, like a power cut or Task Manager's "End task"), or, with
``mode="raise"``, raises ``SimulatedCrash`` so in-process tests can stop a sync mid-way. Nothing
is armed in normal use, and an unarmed crash point costs one comparison.
"""

from __future__ import annotations

import os
import signal
import sys

_state = {"armed": 0, "count": 0, "mode": "kill", "reached": []}


class SimulatedCrash(BaseException):
    """Raised at an armed crash point in "raise" mode (BaseException: nothing catches it)."""


def crash_after(k: int, mode: str = "kill") -> None:
    """Arm the k-th crash point from now (0 disarms)."""
    _state.update(armed=k, count=0, mode=mode, reached=[])


def reached() -> list[str]:
    """The names of the crash points passed since ``crash_after`` (for tests)."""
    return list(_state["reached"])


def crash_point(name: str) -> None:
    if not _state["armed"]:
        return
    _state["count"] += 1
    _state["reached"].append(name)
    if _state["count"] != _state["armed"]:
        return
    _state["armed"] = 0
    if _state["mode"] == "raise":
        raise SimulatedCrash(name)
    sys.stdout.flush()
    if hasattr(signal, "SIGKILL"):
        os.kill(os.getpid(), signal.SIGKILL)
    os._exit(137)  # Windows: no SIGKILL; _exit skips every clean-up just the same


def run_crashing(db_path: str, folder: str, k: int) -> None:
    """Open ``db_path`` and sync with ``folder``, dying at crash point ``k`` (a subprocess target)."""
    from storage.database import Database
    from storage.sync.engine import run_sync

    db = Database.open(db_path)
    crash_after(k)
    try:
        run_sync(db, folder)
    finally:
        crash_after(0)
        db.close()
