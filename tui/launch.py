"""Starting the full-screen app (imports Textual only when the app is really wanted)."""

from __future__ import annotations

from pathlib import Path


def _limit_malloc_arenas() -> None:
    """At most 2 glibc malloc arenas. glibc gives every thread that allocates (each worker
    reading SQLite) an arena of its own, and memory freed in one is not reused by another: at
    100,000 actions that alone took the app's peak from 316 to 359 MB (measured by make bench).
    Same as MALLOC_ARENA_MAX=2, set here because the environment is read before we run. Linux
    with glibc only (M_ARENA_MAX is -8 there); anything else, or any failure, is ignored."""
    import sys

    if not sys.platform.startswith("linux"):
        return
    try:
        import ctypes

        libc = ctypes.CDLL(None)
        if hasattr(libc, "gnu_get_libc_version"):  # glibc, not musl
            libc.mallopt(-8, 2)  # M_ARENA_MAX = -8
    except (OSError, AttributeError, ValueError):
        pass


def launch_app(path: Path, read_only: bool = False) -> int:
    _limit_malloc_arenas()  # before the app starts any thread
    from tui.app import RagtrackApp

    app = RagtrackApp(db_path=path, read_only=read_only)
    app.run()
    return app.return_code or 0
