"""Sync through a shared folder (a network drive or a cloud-synced folder).

The API for the command line and the TUI:

    result = run_sync(db, folder, progress=callback)   # SyncResult; safe in a thread worker
    status = sync_status(db)                           # SyncStatus; local only, instant
    conflicts = list_conflicts(db)                     # [Conflict]
    resolve_conflict(db, conflict, chosen_value, actor)  # an ordinary edit through storage.writes

Every refusal is a SyncError (one line for the officer): ShareUnavailable (drive gone),
NewerFormat, MassDeletion (offer --allow-deletions), SyncBusy (another sync of this database).

See engine.py for the steps of a sync, format.py for what is on the share, derive.py for how
changes become the plan every laptop shows, and /work/shared/guides/SYNC.md for the guarantees.
"""

from storage.sync.apply import MassDeletion
from storage.sync.conflicts import Conflict, ConflictValue, list_conflicts, resolve_conflict
from storage.sync.engine import SyncProgress, SyncResult, run_sync
from storage.sync.format import NewerFormat, ShareUnavailable, SyncError
from storage.sync.lock import SyncBusy
from storage.sync.status import ReplicaInfo, SyncStatus, sync_status

__all__ = [
    "Conflict",
    "ConflictValue",
    "MassDeletion",
    "NewerFormat",
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
