"""One sync at a time per database: a lock on a file beside it, on the laptop's own disk.

Local-disk locks are reliable and the operating system releases them when a process dies, so
a killed sync never leaves the database locked. POSIX uses flock, Windows msvcrt.locking; an
in-memory database (tests) uses a lock inside the process. The share is never locked: syncs of
different laptops need no lock (each writes only its own files).
"""

from __future__ import annotations

import os
import sys
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager, suppress

from storage.db import Store
from storage.sync.errors import SyncError

_guard = threading.Lock()
_process_locks: dict[str, threading.Lock] = {}


class SyncBusy(SyncError):
    """Another sync of this database is running and did not finish in time."""


@contextmanager
def local_lock(db: Store, timeout: float = 120.0) -> Iterator[None]:
    key = str(db.path.absolute()) if db.path is not None else f"memory:{id(db)}"
    with _guard:
        lock = _process_locks.setdefault(key, threading.Lock())
    if not lock.acquire(timeout=timeout):
        raise SyncBusy("another sync of this database is still running: try again when it has finished")
    try:
        if db.path is None:
            yield
            return
        lock_path = db.path.with_name(db.path.name + ".sync-lock")
        fd = os.open(lock_path, os.O_RDWR | os.O_CREAT, 0o644)
        try:
            deadline = time.monotonic() + timeout
            while not _try_lock(fd):
                if time.monotonic() > deadline:
                    raise SyncBusy("another sync of this database is still running: try again when it has finished")
                time.sleep(0.05)
            try:
                yield
            finally:
                _unlock(fd)
        finally:
            os.close(fd)
    finally:
        lock.release()


if sys.platform == "win32":  # pragma: no cover - exercised on Windows only
    import msvcrt

    def _try_lock(fd: int) -> bool:
        os.lseek(fd, 0, os.SEEK_SET)
        try:
            msvcrt.locking(fd, msvcrt.LK_NBLCK, 1)
            return True
        except OSError:
            return False

    def _unlock(fd: int) -> None:
        os.lseek(fd, 0, os.SEEK_SET)
        with suppress(OSError):
            msvcrt.locking(fd, msvcrt.LK_UNLCK, 1)

else:
    import fcntl

    def _try_lock(fd: int) -> bool:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            return True
        except OSError:
            return False

    def _unlock(fd: int) -> None:
        fcntl.flock(fd, fcntl.LOCK_UN)
