"""Test hooks for the sync seam (``storage.sync.seam``): die or stop at the k-th step of a sync.

``crash_after(k)`` arms the k-th step reached from now on (1, 2, ...): there the process kills
itself with SIGKILL (no clean-up, like a power cut or Task Manager's "End task"), or, with
``mode="raise"``, raises ``SimulatedCrash`` so in-process tests can stop a sync mid-way.
"""

from __future__ import annotations

import os
import signal
import sys

from storage.sync import seam

_state: dict = {"armed": 0, "count": 0, "mode": "kill", "reached": []}


class SimulatedCrash(BaseException):
    """Raised at an armed step in "raise" mode (BaseException: nothing in sync catches it)."""


def _hook(name: str) -> None:
    _state["count"] += 1
    _state["reached"].append(name)
    if _state["count"] != _state["armed"]:
        return
    mode = _state["mode"]
    crash_after(0)
    if mode == "raise":
        raise SimulatedCrash(name)
    sys.stdout.flush()
    if hasattr(signal, "SIGKILL"):
        os.kill(os.getpid(), signal.SIGKILL)
    os._exit(137)  # Windows: no SIGKILL; _exit skips every clean-up just the same


def crash_after(k: int, mode: str = "kill") -> None:
    """Arm the k-th step from now (0 disarms)."""
    reached_so_far = [] if k else _state["reached"]
    _state.update(armed=k, count=0, mode=mode, reached=reached_so_far)
    seam.install(_hook if k else None)


def reached() -> list[str]:
    """The names of the steps passed since ``crash_after``."""
    return list(_state["reached"])


def run_crashing(db_path: str, folder: str, k: int) -> None:
    """Open ``db_path`` and sync with ``folder``, dying at step ``k`` (a subprocess target)."""
    from db_support import Database

    from storage.sync.engine import run_sync

    db = Database.open(db_path)
    crash_after(k)
    try:
        run_sync(db, folder)
    finally:
        crash_after(0)
        db.close()
