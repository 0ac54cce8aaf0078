"""``run_sync``: one exchange of changes between this laptop's database and a sync folder.

Steps, each safe to interrupt (a crash or a vanished drive at any point leaves the local
database intact and the share readable; the next sync finishes the job, duplicating nothing):

1. lock (one sync per database) and settle this database's replica identity;
2. open the store (``FORMAT``), creating it on first use, refusing newer formats;
3. list the share and read what can be applied (others' segments in order, verified, stopping
   at gaps; our own segments beyond what this database remembers sending: an interrupted sync,
   or a database restored from an old backup);
4. send: our new changes as new immutable segments, numbered after everything of ours on the
   share; then record what was sent (a small local transaction);
5. apply what was read and advance the read marks, in ONE local transaction;
6. heartbeat (who synced when) and the consolidated snapshot.

Nothing here needs the share to be locked. Safe to call from a thread worker: ``progress`` is
called from that thread with a ``SyncProgress``.
"""

from __future__ import annotations

import contextlib
import platform
import sqlite3
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path

from models.tables import new_id
from storage.clock import utc_now_iso
from storage.database import Database
from storage.sync.apply import Applied, apply_segments
from storage.sync.conflicts import Conflict, list_conflicts
from storage.sync.faults import crash_point
from storage.sync.files import is_missing, write_new
from storage.sync.format import (
    README_TEXT,
    Layout,
    SegmentHeader,
    ShareUnavailable,
    SyncError,
    decode_format,
    encode_format,
)
from storage.sync.local import (
    FOLDER,
    Identity,
    LocalState,
    ensure_tables,
    folders_synced,
    load_state,
    outgoing,
    put_setting,
    raw,
    read_txn,
    settle_identity,
    take_new_replica,
    write_txn,
)
from storage.sync.lock import local_lock
from storage.sync.repair import OwnFolder, inspect_own, write_fillers
from storage.sync.segments import (
    PullPlan,
    clean_own_temps,
    collect,
    list_share,
    read_heartbeat,
    write_heartbeat,
    write_segments,
)
from storage.sync.snapshot import SNAPSHOTS_KEPT, backup_before_pull, list_snapshots, write_snapshot

#: Pulls at least this big are preceded by a backup of the local database.
BACKUP_BEFORE = 1000
#: A laptop refreshes the snapshot on the share at most this often (unless asked to: "always").
SNAPSHOT_EVERY_MINUTES = 10
SNAPSHOT_AT = "sync_snapshot_at"


@dataclass(frozen=True)
class SyncProgress:
    step: str  # "checking", "reading", "sending", "applying", "snapshot", "done"
    done: int
    total: int
    message: str


@dataclass
class SyncResult:
    folder: str
    store_id: str
    replica_id: str
    created_store: bool = False
    sent: int = 0  # changes written to the share
    received: int = 0  # changes new to this laptop
    received_from: dict[str, int] = field(default_factory=dict)  # officer -> changes
    deleted: int = 0  # records that now show as deleted because of what was received
    kept: int = 0  # records shown again (edit/delete conflicts, restores)
    conflicts: list[Conflict] = field(default_factory=list)  # every open conflict after the sync
    warnings: list[str] = field(default_factory=list)  # one line each: skipped files, waits...
    notices: list[str] = field(default_factory=list)  # identity changes, a restored laptop...
    snapshot: str | None = None  # the snapshot written by this sync, if any
    seconds: float = 0.0


def run_sync(
    db: Database,
    folder: str | Path | None = None,
    progress: Callable[[SyncProgress], None] | None = None,
    *,
    allow_mass_delete: bool = False,
    snapshot: bool | str = True,
    send: bool = True,
    receive: bool = True,
    new_store: bool = False,
    keep_snapshots: int = SNAPSHOTS_KEPT,
    lock_timeout: float = 120.0,
) -> SyncResult:
    """Exchange changes with ``folder`` (default: the folder remembered from the last sync).

    ``snapshot``: True refreshes the snapshot on the share when it lacks changes this laptop
    has, at most every SNAPSHOT_EVERY_MINUTES; "always" whenever it lacks any; False never.
    ``send``/``receive`` False skip a direction (tests; a receive-only look at the share).

    Raises a SyncError (one line for the officer) when the sync cannot be done; the local
    database is then unchanged, or changed only by completed steps.
    """
    ensure_tables(db)
    if folder is None or str(folder) == "":
        folder = db.setting(FOLDER)
        if not folder:
            raise SyncError('no sync folder yet: give one, e.g. ragtrack sync "\\\\server\\share\\plans"')
    root = Path(folder).expanduser()
    if not root.is_absolute():
        root = root.absolute()
    with local_lock(db, lock_timeout):
        return _Sync(db, root, progress, allow_mass_delete, new_store).run(snapshot, send, receive, keep_snapshots)


@contextmanager
def share_errors(root: Path) -> Iterator[None]:
    """Any OSError on the share becomes one line for the officer."""
    try:
        yield
    except SyncError:
        raise
    except OSError as error:
        raise ShareUnavailable(
            f"the sync folder {root} cannot be used ({error.strerror or error}): is the drive "
            "connected? Nothing was lost; sync again when it is back"
        ) from None


class _Sync:
    def __init__(self, db: Database, root: Path, progress, allow_mass_delete: bool, new_store: bool):
        self.db = db
        self.root = root
        self.layout = Layout(root)
        self.progress = progress
        self.allow_mass_delete = allow_mass_delete
        self.new_store = new_store
        self.started = time.monotonic()

    def tell(self, step: str, done: int = 0, total: int = 0, message: str = "") -> None:
        if self.progress is not None:
            self.progress(SyncProgress(step, done, total, message))

    def run(self, snapshot: bool | str, send: bool, receive: bool, keep: int) -> SyncResult:
        crash_point("locked")
        self.tell("checking", message=f"checking {self.root}")
        ident = settle_identity(self.db)
        notices = list(ident.notices)
        with share_errors(self.root):
            store_id, created = self.open_store()
            crash_point("store ready")
            listing = list_share(self.layout)
        own = listing.replicas.get(ident.replica_id)
        if own is not None and own.claims - {ident.claim}:
            ident = take_new_replica(self.db)
            notices += ident.notices
            own = listing.replicas.get(ident.replica_id)
        state = load_state(self.db, store_id, ident.replica_id)
        with share_errors(self.root):
            clean_own_temps(own)
        heartbeats = {
            r: hb
            for r, files in listing.replicas.items()
            if (hb := read_heartbeat(files)) and hb.get("store") in (None, store_id)
        }
        names = {**state.names, **{r: str(hb.get("actor") or "") for r, hb in heartbeats.items() if hb.get("actor")}}
        stuck = [
            hb["knows"].get(ident.replica_id, 0)
            for r, hb in heartbeats.items()
            if r != ident.replica_id and isinstance(hb.get("knows"), dict)
        ]
        with share_errors(self.root):
            mine = inspect_own(self.db, own, state, [n for n in stuck if isinstance(n, int)])
        if mine.unknown:
            notices.append(
                f"this laptop's database is older than what it had already shared (restored from a backup?): "
                f"{mine.unknown} of its own changes are recovered from the share; it carries on after segment {mine.top}"
            )
        if mine.resend_all:
            state.pushed_once = False
            notices.append(
                "a file this laptop had put on the share is missing or damaged: it sends all its changes again"
            )
        result = SyncResult(str(self.root), store_id, ident.replica_id, created_store=created, notices=notices)
        if listing.ignored:
            result.warnings.append(
                f"left alone {len(listing.ignored)} file(s) in the sync folder that are not "
                f"ragtrack's, e.g. {listing.ignored[0]}"
            )
        plan = PullPlan(applied=dict(state.marks))
        if receive:
            self.tell("reading", message="reading changes from the share")
            with share_errors(self.root):
                plan = collect(
                    listing,
                    store_id,
                    state.marks,
                    names,
                    lambda d, t, who: self.tell("reading", d, t, f"reading changes from {who}"),
                )
            result.warnings += plan.warnings
        crash_point("read")
        if send:
            result.sent = self.send(ident, state, mine)
        applied = self.apply(plan, state, heartbeats, mine.unknown > 0)
        crash_point("applied")
        result.received, result.received_from = applied.received, dict(applied.by_actor)
        result.deleted, result.kept = applied.deleted, applied.kept
        self.finish(ident, state, result, snapshot, keep, plan.applied)
        result.conflicts = list_conflicts(self.db)
        result.seconds = time.monotonic() - self.started
        self.tell("done", 1, 1, "sync finished")
        return result

    # --- the store ---------------------------------------------------------------------------
    def open_store(self) -> tuple[str, bool]:
        layout = self.layout
        if self.root.exists() and not self.root.is_dir():
            raise SyncError(f"{self.root} is a file, not a folder: give the sync folder")
        try:
            return decode_format(layout.format_file.read_bytes(), layout.format_file), False
        except OSError as error:
            if not is_missing(error):
                raise
        if str(self.root) in folders_synced(self.db) and not self.new_store:
            raise SyncError(
                f"{self.root} holds no ragtrack store, but this laptop synced with one there before: is the "
                "drive connected? Nothing was changed (to start a new store there: ragtrack sync --new-store)"
            )
        if layout.replicas.exists():
            raise SyncError(
                f"{self.root} holds files of a sync store but no FORMAT file (damaged?): nothing was "
                "changed; to start a new store, use an empty folder"
            )
        if not self.root.parent.exists():
            raise ShareUnavailable(f"the sync folder {self.root} cannot be reached: is the drive connected?")
        self.root.mkdir(exist_ok=True)
        created = write_new(self.root, "FORMAT", encode_format(new_id(), utc_now_iso()))
        with contextlib.suppress(OSError):  # only a courtesy to people browsing the folder
            write_new(self.root, "README.txt", README_TEXT.encode("utf-8"))
        return decode_format(layout.format_file.read_bytes(), layout.format_file), created

    def still_there(self, store_id: str) -> None:
        """Before writing: the store is still where it was (a drive can vanish or be emptied
        mid-sync, and nothing may be written into a folder that is no longer the store)."""
        try:
            same = decode_format(self.layout.format_file.read_bytes(), self.layout.format_file) == store_id
        except (OSError, SyncError):
            same = False
        if not same:
            raise ShareUnavailable(
                f"the sync folder {self.root} changed during the sync (its store is gone): "
                "is the drive connected? Nothing was lost; sync again when it is back"
            )
        self.layout.replicas.mkdir(exist_ok=True)  # a store whose creator stopped right after FORMAT

    # --- sending -----------------------------------------------------------------------------
    def send(self, ident: Identity, state: LocalState, mine: OwnFolder) -> int:
        ops, through = outgoing(self.db, state, mine.ahead_ids)
        first = max(mine.top, state.marks.get(ident.replica_id, 0)) + 1
        last = first - 1
        header = SegmentHeader(
            state.store_id,
            ident.replica_id,
            first,
            ident.claim,
            knows={q: n for q, n in sorted(state.marks.items()) if q != ident.replica_id and n > 0},
            written_at=utc_now_iso(),
            actor=self.db.default_actor(),
            host=platform.node(),
        )
        with share_errors(self.root):
            self.still_there(state.store_id)
            if mine.fillers:
                write_fillers(self.layout, header, mine.fillers)
            if ops:
                self.tell("sending", 0, len(ops), f"sending {len(ops)} changes")
                last = write_segments(self.layout, header, ops)
        with write_txn(self.db) as conn:
            r = raw(conn)
            _upsert_store(r, state.store_id)
            r.execute(
                "UPDATE sync_store SET replica_id = ?, sent_seq = max(sent_seq, ?), sent_through = ?, "
                "pushed_once = 1 WHERE store_id = ?",
                (ident.replica_id, last, through, state.store_id),
            )
        crash_point("sent recorded")
        state.sent_seq, state.sent_through, state.pushed_once = last, through, True
        return len(ops)

    # --- applying ----------------------------------------------------------------------------
    def apply(self, plan: PullPlan, state: LocalState, heartbeats: dict, recovered: bool) -> Applied:
        if plan.changes >= BACKUP_BEFORE and _has_changes(self.db):
            backup_before_pull(self.db)
        self.tell("applying", 0, plan.changes, f"applying {plan.changes} changes")
        applied = Applied()
        with write_txn(self.db) as conn:
            r = raw(conn)
            top_before = r.execute("SELECT coalesce(max(seq), 0) FROM change").fetchone()[0]
            if plan.segments:
                applied = apply_segments(conn, plan.segments, state.replica_id, self.allow_mass_delete)
            crash_point("applied, not committed")
            _upsert_store(r, state.store_id)
            for replica, seq in plan.applied.items():
                if seq > 0:
                    r.execute(
                        "INSERT INTO sync_peer(store_id, replica_id, read_seq, actor, host, last_sync_at) "
                        "VALUES (?, ?, ?, '', '', '') ON CONFLICT(store_id, replica_id) "
                        "DO UPDATE SET read_seq = max(read_seq, excluded.read_seq)",
                        (state.store_id, replica, seq),
                    )
            for replica, hb in heartbeats.items():
                r.execute(
                    "INSERT INTO sync_peer(store_id, replica_id, read_seq, actor, host, last_sync_at) "
                    "VALUES (?, ?, 0, ?, ?, ?) ON CONFLICT(store_id, replica_id) DO UPDATE SET "
                    "actor = excluded.actor, host = excluded.host, last_sync_at = excluded.last_sync_at "
                    "WHERE excluded.last_sync_at >= sync_peer.last_sync_at",
                    (
                        state.store_id,
                        replica,
                        str(hb.get("actor") or ""),
                        str(hb.get("host") or ""),
                        str(hb.get("at") or ""),
                    ),
                )
            own_read = plan.applied.get(state.replica_id, 0)
            r.execute(
                "UPDATE sync_store SET sent_seq = max(sent_seq, ?), folder = ?, last_synced_at = ?, "
                "replica_id = ? WHERE store_id = ?",
                (own_read, str(self.root), utc_now_iso(), state.replica_id, state.store_id),
            )
            if recovered and state.pushed_once:
                # Our own changes recovered from the share arrived with new local seqs: they are
                # on the share already, so move past them unless edits made meanwhile sit between.
                mine = state.my_ids
                waiting = r.execute(
                    f"SELECT count(*) FROM change WHERE seq > ? AND seq <= ? AND replica_id IN ({','.join('?' * len(mine))})",
                    [state.sent_through, top_before, *mine],
                ).fetchone()[0]
                if not waiting:
                    r.execute(
                        "UPDATE sync_store SET sent_through = (SELECT coalesce(max(seq), 0) FROM change) "
                        "WHERE store_id = ?",
                        (state.store_id,),
                    )
            put_setting(r, FOLDER, str(self.root))
        return applied

    # --- after -------------------------------------------------------------------------------
    def finish(
        self,
        ident: Identity,
        state: LocalState,
        result: SyncResult,
        snapshot: bool | str,
        keep: int,
        marks: dict[str, int],
    ) -> None:
        try:
            with share_errors(self.root):
                self.still_there(state.store_id)
                doc = {
                    "store": state.store_id,
                    "actor": self.db.default_actor(),
                    "host": platform.node(),
                    "at": utc_now_iso(),
                    "sent_seq": state.sent_seq,
                    "knows": {q: n for q, n in sorted(marks.items()) if n > 0},
                }
                write_heartbeat(self.layout, ident.replica_id, ident.claim, doc)
            crash_point("heartbeat written")
        except SyncError as error:
            result.warnings.append(f"could not note this sync on the share: {error}")
        if not snapshot:
            return
        try:
            with share_errors(self.root):
                self.still_there(state.store_id)
                best = list_snapshots(self.layout)
                with read_txn(self.db) as r:
                    changes = r.execute("SELECT count(*) FROM change").fetchone()[0]
                last = self.db.setting(SNAPSHOT_AT) or ""
                due = snapshot == "always" or not best or last < _minutes_ago(SNAPSHOT_EVERY_MINUTES)
                if due and (not best or changes > best[0][0]):
                    self.tell("snapshot", 0, 1, "writing the snapshot of the plan")
                    path = write_snapshot(self.db, self.layout, state.store_id, ident.replica_id, keep)
                    result.snapshot = str(path) if path else None
                    if path:
                        self.db.set_setting(SNAPSHOT_AT, utc_now_iso())
        except (SyncError, sqlite3.Error) as error:
            result.warnings.append(f"the snapshot was not refreshed: {error}")


def _minutes_ago(minutes: int) -> str:
    return (datetime.now(UTC) - timedelta(minutes=minutes)).strftime("%Y-%m-%dT%H:%M:%S.000Z")


def _has_changes(db: Database) -> bool:
    with read_txn(db) as r:
        return r.execute("SELECT 1 FROM change LIMIT 1").fetchone() is not None


def _upsert_store(r, store_id: str) -> None:
    r.execute(
        "INSERT OR IGNORE INTO sync_store(store_id, folder, replica_id, sent_seq, sent_through, "
        "pushed_once, last_synced_at) VALUES (?, '', '', 0, 0, 0, '')",
        (store_id,),
    )


__all__ = ["SyncProgress", "SyncResult", "run_sync"]
