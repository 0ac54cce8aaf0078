"""File operations on the share that never damage what is already there.

Files on the share are written once and never changed: the bytes go to a temporary name, are
flushed and fsynced, and only then get their final name, by a hard link (which fails rather
than replace an existing file) or, where the share has no hard links, a rename after checking
the name is free (on Windows a rename never replaces a file either). Readers therefore see a
complete file or none. Everything here uses pathlib, so ``\\\\server\\share\\plans`` and
``/mnt/plans`` work alike.
"""

from __future__ import annotations

import contextlib
import errno
import os
import stat
import time
import uuid
from collections.abc import Callable
from pathlib import Path
from typing import BinaryIO

from storage.sync.seam import reached as crash_point

TEMP_PREFIX = ".tmp-"


def write_new(directory: Path, name: str, data: bytes) -> bool:
    """Write ``data`` as ``directory/name`` unless that name exists. Returns True if written.

    A crash at any moment leaves either nothing, a temporary file (cleaned up later), or the
    complete file under its final name.
    """
    return _write_then_publish(directory, name, lambda handle: handle.write(data))


def _write_then_publish(directory: Path, name: str, write: Callable[[BinaryIO], object]) -> bool:
    """Write a temporary file with ``write(handle)``, fsync it, then publish it as ``name``."""
    tmp = directory / f"{TEMP_PREFIX}{uuid.uuid4().hex}.part"
    with open(tmp, "xb") as handle:
        write(handle)
        handle.flush()
        crash_point("temp file written")
        os.fsync(handle.fileno())
    crash_point("temp file synced")
    published = publish(tmp, directory / name)
    fsync_dir(directory)
    return published


def publish(tmp: Path, final: Path) -> bool:
    """Give ``tmp`` the name ``final`` without ever replacing a file. False if ``final`` existed."""
    try:
        os.link(tmp, final)
    except FileExistsError:
        remove_quietly(tmp)
        return False
    except OSError:  # no hard links on this share (some SMB servers, FAT, cloud folders)
        if final.exists():
            remove_quietly(tmp)
            return False
        try:
            os.rename(tmp, final)  # Windows: never replaces; POSIX: the name was free just now
        except FileExistsError:
            remove_quietly(tmp)
            return False
        return True
    remove_quietly(tmp)
    return True


def fsync_dir(directory: Path) -> None:
    """Make a new name durable (POSIX); Windows has no directory handles to sync."""
    if os.name == "nt":
        return
    try:
        fd = os.open(directory, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def remove_quietly(path: Path) -> bool:
    """Delete a file if possible (a file open on Windows, or read-only, may refuse): True if gone."""
    try:
        path.unlink()
        return True
    except FileNotFoundError:
        return True
    except PermissionError:
        try:
            os.chmod(path, stat.S_IWRITE | stat.S_IREAD)
            path.unlink()
            return True
        except OSError:
            return False
    except OSError:
        return False


def make_read_only(path: Path) -> None:
    with contextlib.suppress(OSError):
        os.chmod(path, stat.S_IREAD | stat.S_IRGRP | stat.S_IROTH)


def is_stale_temp(path: Path, older_than: float) -> bool:
    try:
        return time.time() - path.stat().st_mtime > older_than
    except OSError:
        return False


def is_missing(error: OSError) -> bool:
    return isinstance(error, FileNotFoundError) or error.errno in (errno.ENOENT, errno.ENOTDIR)


def copy_new(directory: Path, name: str, source: Path) -> bool:
    """Like ``write_new``, streaming the bytes of a local file (a snapshot) to the share."""

    def stream(handle: BinaryIO) -> None:
        with open(source, "rb") as src:
            while chunk := src.read(1 << 20):
                handle.write(chunk)

    return _write_then_publish(directory, name, stream)
