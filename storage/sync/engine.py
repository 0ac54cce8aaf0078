"""``run_sync``: one exchange of changes between this laptop's database and a place (a shared
folder, or a PostgreSQL hub: ``storage.sync.transport``).

Steps, each safe to interrupt (a crash or a vanished place at any point leaves the local database
intact and the place readable; the next sync finishes the job, duplicating nothing):

1. lock (one sync per database) and settle this database's replica identity;
2. open the store, creating one only when asked: a first sync, ``move`` or ``new_store`` (a
   mistyped folder never starts a store, and changing a laptop's folder is explicit);
3. fetch: the batches not taken yet, the ones taken before that are gone or damaged, presence;
4. apply, in ONE local transaction: every received change checked against the model (invalid
   ones quarantined, ones about records not here held until those arrive, neither stopping the
   rest), the rest applied; the batches noted, the gone ones forgotten; if the place holds
   changes made under this laptop's replica id that it does not have (a cloned database), it
   takes a new replica id;
5. send: everything held here that the place lacks: new edits, and any change whose batches were
   lost, whoever made it (repair needs neither the author nor anyone else to sync); a laptop
   whose clock runs fast against the place's first moves its unsent changes back;
6. presence (with the batches found damaged, so that laptops holding their changes republish
   them) and the consolidated snapshot.

Safe to call from a thread worker: ``progress`` is called from that thread with a
``SyncProgress``.
"""

from __future__ import annotations

import gc
import os
import platform
import sqlite3
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from shutil import rmtree
from typing import Any

from storage.clock import utc_now_iso
from storage.db import Store, WriteTxn
from storage.db.settings import Key
from storage.sync import ledger, seam
from storage.sync.apply import Applied, MassDeletion, apply_received
from storage.sync.conflicts import Conflict, list_conflicts
from storage.sync.derive import about_ids
from storage.sync.errors import NoStore, SyncError
from storage.sync.local import (
    FOLDER,
    Identity,
    file_identity,
    former_replicas,
    read_txn,
    record_synced,
    settle_identity,
    switch_replica,
    write_txn,
)
from storage.sync.lock import local_lock
from storage.sync.skew import correct_fast_clock, iso_at, mark_offered, place_now
from storage.sync.snapshot import SNAPSHOTS_KEPT, backup_before_pull, build_snapshot
from storage.sync.transport import Author, Fetched, Place, StoreInfo
from storage.sync.validate import looks_like_time
from storage.sync.versions import when

#: Pulls at least this big are preceded by a backup of the local database.
BACKUP_BEFORE = 1000
#: The page cache of the transaction that applies a pull: about 2 MB a thousand changes (the
#: rows and index entries they write stay in memory until it commits), at most this much.
APPLY_CACHE_MB = 256
#: A laptop refreshes the snapshot on the share at most this often (unless asked to: "always").
SNAPSHOT_EVERY_MINUTES = 10
SNAPSHOT_AT = Key.SYNC_SNAPSHOT_AT


class FolderChange(SyncError):
    """A sync with a place other than this laptop's, without saying it should move there."""


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
    sent: int = 0  # this laptop's changes written to the place
    republished: int = 0  # colleagues' changes the place had lost, written again from here
    received: int = 0  # changes new to this laptop
    received_from: dict[str, int] = field(default_factory=dict)  # officer -> changes
    deleted: int = 0  # records that now show as deleted because of what was received
    kept: int = 0  # records shown again (edit/delete conflicts, restores)
    held: int = 0  # received changes set aside this time (waiting for a record, or invalid)
    conflicts: list[Conflict] = field(default_factory=list)  # every open conflict after the sync
    warnings: list[str] = field(default_factory=list)  # one line each: skipped files, set aside...
    notices: list[str] = field(default_factory=list)  # identity changes, a moved store...
    snapshot: str | None = None  # the snapshot written by this sync, if any
    seconds: float = 0.0


#: What names a PostgreSQL hub rather than a folder (``storage.hub.address`` parses it).
_HUB_PREFIXES = ("postgresql://", "postgres://", "service=")


def is_hub_target(target: str | Path | None) -> bool:
    """Whether ``target`` names a PostgreSQL hub (a URL or ``service=NAME``), not a folder."""
    return isinstance(target, str) and target.strip().lower().startswith(_HUB_PREFIXES)


def place_for(target: str | Path) -> Place:
    """The place ``target`` names: a PostgreSQL hub (``postgresql://...`` or ``service=NAME``,
    ``storage.hub.place``) or a folder path."""
    if is_hub_target(target):
        # The hub's place is built on this package's transport interface: the one import back
        # (pyproject.toml's import contracts allow exactly this edge).
        from storage.hub.place import HubPlace

        return HubPlace(str(target))
    from storage.sync.folder import FolderPlace

    return FolderPlace(target)


def place_word(place: Place) -> str:
    """How messages name the place: "the hub" or "the shared folder"."""
    return str(getattr(place, "noun", "the shared folder"))


def run_sync(
    db: Store,
    folder: str | Path | None = None,
    progress: Callable[[SyncProgress], None] | None = None,
    *,
    allow_mass_delete: bool = False,
    snapshot: bool | str = True,
    send: bool = True,
    receive: bool = True,
    new_store: bool = False,
    move: bool = False,
    keep_snapshots: int = SNAPSHOTS_KEPT,
    lock_timeout: float = 120.0,
    place: Place | None = None,
) -> SyncResult:
    """Exchange changes with ``folder`` (default: the place remembered from the last sync).

    A place other than the remembered one is refused (``FolderChange``) unless it holds the same
    store (the drive is mapped elsewhere now) or ``move`` says this laptop moves there (joining
    the store there, or starting one). ``new_store`` starts a new store where the remembered one
    was lost. ``snapshot``: True refreshes the snapshot on the share when it lacks changes this
    laptop has, at most every SNAPSHOT_EVERY_MINUTES; "always" whenever it lacks any; False
    never. ``send``/``receive`` False skip a direction (tests; a receive-only look).

    Raises a SyncError (one line for the officer) when the sync cannot be done; the local
    database is then unchanged, or changed only by completed steps.
    """
    with read_txn(db) as txn:
        remembered = txn.settings.get(FOLDER) or None
    if place is None:
        target = folder if folder is not None and str(folder) != "" else remembered
        if not target:
            raise SyncError(
                'no sync folder yet: give one, e.g. ragtrack sync "\\\\server\\share\\plans" '
                "(or the council's hub: ragtrack sync postgresql://HOST/DATABASE)"
            )
        place = place_for(target)
    try:
        with local_lock(db, lock_timeout), _no_gc_passes():
            session = _Sync(db, place, progress, remembered, allow_mass_delete, new_store, move)
            return session.run(snapshot, send, receive, keep_snapshots)
    finally:
        close = getattr(place, "close", None)  # a hub's connection ends with the session
        if callable(close):
            close()


@contextmanager
def _no_gc_passes() -> Iterator[None]:
    """Python's cyclic garbage collector paused for the session: a sync makes and keeps hundreds
    of thousands of small objects (the changes it reads, checks and applies), and the collector
    would pass over all of them again and again to find no cycles (a tenth of a first sync's
    time). Memory is still freed as objects go; collection resumes when the sync ends."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def same_place(a: str, b: str) -> bool:
    """Whether two descriptions name one place (a Windows path in another case is the same; hub
    addresses are compared as written, passwords having been left out of both)."""
    if is_hub_target(a) or is_hub_target(b):
        return a.strip() == b.strip()
    return os.path.normcase(os.path.normpath(a)) == os.path.normcase(os.path.normpath(b))


class _Sync:
    def __init__(
        self,
        db: Store,
        place: Place,
        progress: Callable[[SyncProgress], None] | None,
        remembered: str | None,
        allow_mass_delete: bool,
        new_store: bool,
        move: bool,
    ) -> None:
        self.db = db
        self.place = place
        self.progress = progress
        self.remembered = remembered
        self.allow_mass_delete = allow_mass_delete
        self.new_store = new_store
        self.move = move
        self.started = time.monotonic()
        self.notices: list[str] = []
        self.offset_ms: int | None = None
        self.also = False  # a former place named on purpose: the remembered one stays the default

    def tell(self, step: str, done: int = 0, total: int = 0, message: str = "") -> None:
        if self.progress is not None:
            self.progress(SyncProgress(step, done, total, message))

    def run(self, snapshot: bool | str, send: bool, receive: bool, keep: int) -> SyncResult:
        seam.reached("locked")
        where = self.place.description
        self.tell("checking", message=f"checking {where}")
        ident = settle_identity(self.db)
        self.notices += ident.notices
        info = self.open_store()
        seam.reached("store ready")
        store_id = info.store_id
        with read_txn(self.db) as txn:
            book = ledger.StoreLedger(txn, store_id)
            names = txn.sync.peer_names(store_id)
        fetched = Fetched()
        if receive:
            self.tell("reading", message=f"reading changes from {place_word(self.place)}")
            fetched = self.place.fetch(
                book,
                lambda d, t, who: self.tell("reading", d, t, f"reading changes from {names.get(who, who[:8])}"),
            )
        seam.reached("read")
        result = SyncResult(where, store_id, ident.replica_id, created_store=info.created)
        result.warnings += fetched.warnings + _damage_lines(fetched)
        refusal: MassDeletion | None = None
        applied = Applied()
        try:
            applied, ident = self.apply(store_id, ident, fetched)
        except MassDeletion as error:
            refusal = error  # this laptop's own changes still go out below
        seam.reached("applied")
        if send:
            result.sent, result.republished = self.send(store_id, ident, first=not any(book.keys()))
        if refusal is not None:
            raise refusal
        result.replica_id = ident.replica_id
        result.received, result.received_from = applied.received, dict(applied.by_actor)
        result.deleted, result.kept, result.held = applied.deleted, applied.kept, len(applied.held)
        result.warnings += _held_lines(applied)
        if applied.released:
            result.notices.append(f"{applied.released} change(s) that waited for a record are applied now")
        if result.republished:
            result.notices.append(
                f"sent {result.republished} colleague(s)' change(s) that {place_word(self.place)} did not have "
                "(received from another place, or lost there)"
            )
        result.warnings += list(getattr(self.place, "warnings", ()))  # a hub's refusals, one line each
        self.finish(ident, store_id, result, snapshot, keep, fetched)
        result.notices[:0] = self.notices
        result.conflicts = list_conflicts(self.db)
        result.seconds = time.monotonic() - self.started
        self.tell("done", 1, 1, "sync finished")
        return result

    # --- the store -----------------------------------------------------------------------
    def open_store(self) -> StoreInfo:
        """Open the store, refusing a change of place that was not asked for (see run_sync)."""
        where, remembered = self.place.description, self.remembered
        with read_txn(self.db) as txn:
            remembered_id = txn.sync.remembered_store(remembered) if remembered else None
            here_id = txn.sync.remembered_store(where)
            synced_here = here_id is not None
        if remembered and not same_place(remembered, where) and not self.move:
            try:
                info = self.place.open(create=False)
            except NoStore:
                raise FolderChange(
                    f"this laptop syncs with {remembered}; {where} holds no ragtrack store (a mistyped "
                    f'folder?): nothing was changed. To start a new store there and sync with it from now on: ragtrack sync --move-to "{where}"'
                ) from None
            if info.store_id != remembered_id and info.store_id == here_id:
                # A place this laptop synced with before, named on purpose: during a move (from
                # a folder to the hub, say) a laptop syncs with both and carries changes across.
                self.also = True
                self.notices.append(
                    f"synced with {where} as well (a place this laptop synced with before); "
                    f"a plain ragtrack sync still uses {remembered}"
                )
                return info
            if info.store_id != remembered_id:
                raise FolderChange(
                    f"this laptop syncs with {remembered}; {where} holds another store: nothing was "
                    f'changed. To sync with that one from now on instead: ragtrack sync --move-to "{where}"'
                )
            self.notices.append(f"the team's store is now reached at {where} (it was {remembered})")
            return info
        create = self.move or self.new_store or not (synced_here or remembered)
        try:
            return self.place.open(create=create)
        except NoStore:
            raise SyncError(
                f"{where} holds no ragtrack store, but this laptop synced with one there before: is the "
                "drive connected? Nothing was changed (to start a new store there: ragtrack sync --new-store)"
            ) from None

    # --- applying ------------------------------------------------------------------------
    def apply(self, store_id: str, ident: Identity, fetched: Fetched) -> tuple[Applied, Identity]:
        received = [change for batch in fetched.batches for change in batch.changes]
        if len(received) >= BACKUP_BEFORE and _has_changes(self.db):
            backup_before_pull(self.db)
        self.tell("applying", 0, len(received), f"applying {len(received)} changes")
        now = utc_now_iso()
        cache_mb = min(APPLY_CACHE_MB, len(received) // 500) if len(received) >= BACKUP_BEFORE else None
        with write_txn(self.db, cache_mb) as txn:
            txn.ledger.forget_batches(store_id, fetched.gone)
            clash = _written_as_us_elsewhere(txn, ident.replica_id, received)
            applied = apply_received(txn, received, ident.replica_id, now, self.allow_mass_delete)
            txn.ledger.record_batches(
                store_id,
                [
                    (batch.key, batch.fingerprint, batch.author, _ids(batch.changes, applied.versions))
                    for batch in fetched.batches
                ],
            )
            txn.ledger.set_cursor(store_id, fetched.cursor)
            for presence in fetched.presence:
                if presence.replica_id != ident.replica_id:
                    at = presence.at if looks_like_time(presence.at) else ""
                    txn.sync.record_presence(store_id, presence.replica_id, presence.actor, presence.host, min(at, now))
            if clash:
                replica, claim = switch_replica(txn, file_identity(self.db))
                ident = Identity(replica, claim)
                self.notices.append(
                    "another database was syncing under this laptop's name (a copy of it, or this one "
                    f"restored from a backup): this one now syncs as a new replica ({replica[:8]}); "
                    "the changes of both are kept"
                )
            record_synced(txn, store_id, self.place.description, ident.replica_id, now, default=not self.also)
            seam.reached("applied, not committed")
        return applied, ident

    # --- sending -------------------------------------------------------------------------
    def send(self, store_id: str, ident: Identity, first: bool) -> tuple[int, int]:
        """Publish what the place lacks; returns (this laptop's changes, colleagues' changes the
        place had lost). ``first``: this laptop's first exchange with the store (everything it
        holds goes, and nothing of it counts as lost)."""
        with write_txn(self.db) as txn:
            ledger.seal_deletions(txn, about_ids)
        self.offset_ms = self.place.clock_offset_ms()
        if notice := correct_fast_clock(self.db, self.offset_ms, store_id):
            self.notices.append(notice)
        with read_txn(self.db) as txn:
            changes = txn.ledger.missing(store_id)
            mine = {txn.settings.replica_id(), *former_replicas(txn)}
        if not changes:
            return 0, 0
        with write_txn(self.db) as txn:
            mark_offered(txn, txn.changes.last_seq())
        author = Author(ident.replica_id, ident.claim, self.db.default_actor(), platform.node())
        self.tell("sending", 0, len(changes), f"sending {len(changes)} changes")
        receipts = self.place.publish(
            author, changes, lambda d, t, _who: self.tell("sending", d, t, f"sending {len(changes)} changes")
        )
        with write_txn(self.db) as txn:
            txn.ledger.record_batches(
                store_id, [(rc.key, rc.fingerprint, author.replica_id, rc.change_ids) for rc in receipts]
            )
        seam.reached("sent recorded")
        # What the place stored (a hub refuses what a role may not write, and keeps once what it
        # already had): the rest stays waiting here, and is told by the place's warnings.
        stored = {change_id for rc in receipts for change_id in rc.change_ids}
        sent = [change for change in changes if change["id"] in stored]
        own = len(sent) if first else sum(1 for change in sent if change["replica_id"] in mine)
        return own, len(sent) - own

    # --- after ---------------------------------------------------------------------------
    def finish(
        self, ident: Identity, store_id: str, result: SyncResult, snapshot: bool | str, keep: int, fetched: Fetched
    ) -> None:
        author = Author(ident.replica_id, ident.claim, self.db.default_actor(), platform.node())
        try:
            self.place.announce(author, iso_at(place_now(self.offset_ms)), [d.key for d in fetched.damaged])
        except SyncError as error:
            result.warnings.append(f"could not note this sync on {place_word(self.place)}: {error}")
        shelf = self.place.snapshots
        if not snapshot or shelf is None:
            return
        try:
            best = shelf.best()
            with read_txn(self.db) as txn:
                changes = txn.changes.count()
                last = txn.settings.get(SNAPSHOT_AT) or ""
            now = utc_now_iso()
            due = snapshot == "always" or best is None or last < _minutes_ago(SNAPSHOT_EVERY_MINUTES) or last > now
            if due and (best is None or changes > best[0]):
                self.tell("snapshot", 0, 1, "writing the snapshot of the plan")
                workdir = Path(tempfile.mkdtemp(prefix="ragtrack-snapshot-"))
                try:
                    built = build_snapshot(self.db, workdir, store_id, ident.replica_id)
                    if built is not None:
                        path = shelf.put(built[0], built[1], ident.replica_id, keep)
                        result.snapshot = str(path)
                        with write_txn(self.db) as txn:
                            txn.settings.put(SNAPSHOT_AT, now)
                finally:
                    rmtree(workdir, ignore_errors=True)
        except (SyncError, OSError, sqlite3.Error) as error:
            result.warnings.append(f"the snapshot was not refreshed: {error}")


def _written_as_us_elsewhere(txn: WriteTxn, replica_id: str, received: list[Any]) -> bool:
    """Whether the place holds changes made under this laptop's replica id that this database
    does not have: another database writes as this one (a clone), or this one is a restored
    older copy. Either way it must write as a new replica from now on."""
    ours = sorted(
        {c["id"] for c in received if isinstance(c, dict) and c.get("replica_id") == replica_id and _is_id(c.get("id"))}
    )
    if not ours:
        return False
    return bool(set(ours) - txn.changes.known_ids(ours) - txn.ledger.held_ids(ours))


def _ids(changes: list[Any], kept: dict[str, tuple[Any, Any]]) -> list[str]:
    """The changes a batch holds as this laptop keeps them: not one held in another version
    (``storage.sync.versions``), which this laptop sends again if no file holds its own."""
    return [
        c["id"]
        for c in changes
        if isinstance(c, dict) and _is_id(c.get("id")) and (c["id"] not in kept or kept[c["id"]] == when(c))
    ]


def _is_id(value: Any) -> bool:
    return isinstance(value, str) and value != ""


def _damage_lines(fetched: Fetched) -> list[str]:
    lines = []
    if fetched.damaged:
        first = fetched.damaged[0]
        lines.append(
            f"skipped {len(fetched.damaged)} damaged file(s) on the share, e.g. {first.key} ({first.why}); "
            "any laptop that holds their changes sends them again"
        )
    problems = [(b.key, p) for b in fetched.batches for p in b.problems]
    if problems:
        lines.append(f"skipped {len(problems)} unreadable line(s) in files on the share, e.g. {problems[0][0]}")
    return lines


def _held_lines(applied: Applied) -> list[str]:
    lines = []
    for kind, what in (("invalid", "set aside as invalid"), ("waiting", "set aside until what they need arrives")):
        held = [h for h in applied.held if h.kind == kind]
        if held:
            who = held[0].change.get("actor") or "someone"
            lines.append(f"{len(held)} received change(s) {what}, e.g. one by {who}: {held[0].reason}")
    return lines


def _minutes_ago(minutes: int) -> str:
    return (datetime.now(UTC) - timedelta(minutes=minutes)).strftime("%Y-%m-%dT%H:%M:%S.000Z")


def _has_changes(db: Store) -> bool:
    with read_txn(db) as txn:
        return txn.changes.any()


__all__ = [
    "FolderChange",
    "SyncProgress",
    "SyncResult",
    "is_hub_target",
    "place_for",
    "place_word",
    "run_sync",
    "same_place",
]
