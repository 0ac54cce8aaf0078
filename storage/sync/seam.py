"""The one test seam of sync: the named steps of a sync where a test may act.

``reached(name)`` marks a step ("segment published", "applied, not committed", ...). In normal
use nothing is installed and a step costs one comparison. A test installs one hook,
``install(hook)``: it is called with each step's name and may raise (to stop the sync there, as
a crash would), kill its own process (``kill -9`` at step k), or damage the share. The hooks
themselves live with the tests (``tests/sync_faults.py``), never in production code.
"""

from __future__ import annotations

from collections.abc import Callable

Hook = Callable[[str], None]

_hook: Hook | None = None


def reached(name: str) -> None:
    """A sync passed step ``name``."""
    if _hook is not None:
        _hook(name)


def install(hook: Hook | None) -> Hook | None:
    """Call ``hook`` at every step from now on (None: nothing); returns the hook it replaces."""
    global _hook
    previous, _hook = _hook, hook
    return previous
