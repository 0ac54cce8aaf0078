"""What stops a sync, whatever the place: each one line for the officer."""

from __future__ import annotations

from storage.errors import StorageError


class SyncError(StorageError):
    """A sync could not be done; the message is one line for the officer."""


class PlaceUnavailable(SyncError):
    """The place cannot be reached or read (drive disconnected, server down, no permission)."""


#: The shared folder's name for it (kept: the command line and tests know it by this name).
ShareUnavailable = PlaceUnavailable


class NoStore(SyncError):
    """The place holds no ragtrack store, and the engine did not ask to create one."""


class NewerFormat(SyncError):
    """The store (or something in it) was written by a newer ragtrack."""
