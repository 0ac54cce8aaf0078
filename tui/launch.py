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
            # Blocks of 1 MB and more from mmap, always: a scope of a million ids is a 32 MB
            # string read again after each filter, and glibc otherwise raises its threshold after
            # freeing one, so the next ones come from the heap, which never shrinks back.
            libc.mallopt(-3, 1 << 20)  # M_MMAP_THRESHOLD = -3
    except (OSError, AttributeError, ValueError):
        pass


def check_before_launch(path: Path, read_only: bool) -> None:
    """Refuse, before the screen is taken over, a file the app could not open: a folder, a
    device, a foreign, damaged or newer file, a new file in a folder that does not exist, or
    (read-only) no database at all. Raises StorageError with one line for the command line."""
    from storage.db.files import check_can_create, inspect_file
    from storage.errors import NotFound

    if inspect_file(path).exists:
        return
    if read_only:
        raise NotFound(f"no ragtrack database at {path} to look at")
    check_can_create(path)


def launch_app(path: Path, read_only: bool = False) -> int:
    check_before_launch(path, read_only)
    _limit_malloc_arenas()  # before the app starts any thread
    from tui.first_screen import ReadAhead
    from tui.session import Session

    # The first screen of actions is read while Textual and the screens are imported.
    read_ahead = ReadAhead(Session(path, read_only=read_only)).start()
    from tui.app import RagtrackApp

    app = RagtrackApp(read_only=read_only, read_ahead=read_ahead, freeze_start=True, collect_when_idle=True)
    app.run()
    return app.return_code or 0
