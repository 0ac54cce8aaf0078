"""Sync through a shared folder (a network drive or a cloud-synced folder).

The API for the command line and the TUI:

    result = run_sync(db, folder, progress=callback)   # SyncResult; safe in a thread worker
    result = run_sync(db, folder, move=True)           # this laptop moves to another folder
    status = sync_status(db)                           # SyncStatus; local only, instant
    conflicts = list_conflicts(db)                     # [Conflict]
    resolve_conflict(db, conflict, chosen_value, actor)  # an ordinary edit through storage.writes

Every refusal is a SyncError (one line for the officer): ShareUnavailable (drive gone),
NewerFormat, MassDeletion (offer --allow-deletions), SyncBusy (another sync of this database),
FolderChange (a folder other than this laptop's, without --move-to).

transport.py is the interface a place (the folder, a PostgreSQL hub) implements; engine.py the
steps of a sync; validate.py and apply.py what happens to received changes; ledger.py what this
laptop knows the place holds (repair); folder.py and format.py what is on the share; derive.py
how changes become the plan every laptop shows; seam.py the one place tests hook into.
"""

from storage.sync.apply import MassDeletion
from storage.sync.conflicts import Conflict, ConflictValue, list_conflicts, resolve_conflict
from storage.sync.engine import FolderChange, SyncProgress, SyncResult, run_sync
from storage.sync.errors import NewerFormat, NoStore, PlaceUnavailable, ShareUnavailable, SyncError
from storage.sync.lock import SyncBusy
from storage.sync.status import ReplicaInfo, SyncStatus, sync_status

__all__ = [
    "Conflict",
    "ConflictValue",
    "FolderChange",
    "MassDeletion",
    "NewerFormat",
    "NoStore",
    "PlaceUnavailable",
    "ReplicaInfo",
    "ShareUnavailable",
    "SyncBusy",
    "SyncError",
    "SyncProgress",
    "SyncResult",
    "SyncStatus",
    "list_conflicts",
    "resolve_conflict",
    "run_sync",
    "sync_status",
]
