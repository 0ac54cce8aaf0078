"""The shared folder as a place (``storage.sync.transport.Place``): a network drive or a
cloud-synced folder. The layout and file formats are in ``storage.sync.format``.

Each laptop writes only under ``replicas/<its replica>/`` and never changes a file once it is
written (``storage.sync.files``). A batch is one segment file; its key is
``<replica>/<file name>`` and its fingerprint the file's size and modification time, so a file
damaged in place after it was read shows as changed and is checked again.

Reading never trusts a listing to mean more than "these files exist now": a file that is
truncated, corrupted, foreign, or a cloud client's "conflicted copy" is reported and skipped;
nothing is ever inferred from a file's absence except that the changes it held must be
published again by whoever holds them. Several files for one sequence number (two databases
that share an identity, a republished copy) are all read: changes are applied by id.
"""

from __future__ import annotations

import contextlib
import os
import re
import time
import uuid
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from models.ids import new_id
from storage.clock import utc_now_iso
from storage.sync.errors import NoStore, PlaceUnavailable, SyncError
from storage.sync.files import TEMP_PREFIX, is_missing, is_stale_temp, remove_quietly, write_new
from storage.sync.format import (
    HEARTBEAT_RE,
    README_TEXT,
    REPLICA_RE,
    SEGMENT_RE,
    BadFile,
    Layout,
    SegmentHeader,
    decode_format,
    decode_heartbeat,
    decode_segment,
    encode_format,
    encode_heartbeat,
    encode_segment,
    heartbeat_name,
    segment_name,
)
from storage.sync.seam import reached as crash_point
from storage.sync.transport import (
    Author,
    Batch,
    Damage,
    Fetched,
    Ledger,
    Presence,
    Progress,
    Receipt,
    StoreInfo,
    WireChange,
)

#: Changes per segment file: bounds memory and the size of any one file on the share.
SEGMENT_CHANGES = 5000
#: At most this many batches that others report damaged are checked again per sync.
RECHECKS = 200


@dataclass
class _File:
    replica: str
    seq: int
    claim: str
    digest16: str
    path: Path
    fingerprint: str

    @property
    def key(self) -> str:
        return f"{self.replica}/{self.path.name}"


@dataclass
class _Listing:
    segments: dict[str, _File] = field(default_factory=dict)  # key -> file
    heartbeats: dict[str, list[Path]] = field(default_factory=dict)  # replica -> heartbeat files
    temps: dict[str, list[Path]] = field(default_factory=dict)  # replica -> temporary files
    ignored: list[str] = field(default_factory=list)  # names that are not ragtrack's

    def highest(self, replica: str) -> int:
        return max((f.seq for f in self.segments.values() if f.replica == replica), default=0)


class FolderPlace:
    """A sync folder. One object per sync session."""

    def __init__(self, root: Path | str) -> None:
        root = Path(root).expanduser()
        self.root = root if root.is_absolute() else root.absolute()
        self.layout = Layout(self.root)
        self._store_id: str | None = None
        self._listing: _Listing | None = None
        self._taken: set[str] = set()

    @property
    def description(self) -> str:
        return str(self.root)

    # --- the store -----------------------------------------------------------------------
    def open(self, *, create: bool) -> StoreInfo:
        with self._errors():
            store_id, created = self._open(create)
        self._store_id = store_id
        return StoreInfo(store_id, created)

    def _open(self, create: bool) -> tuple[str, bool]:
        layout = self.layout
        if self.root.exists() and not self.root.is_dir():
            raise SyncError(f"{self.root} is a file, not a folder: give the sync folder")
        try:
            return decode_format(layout.format_file.read_bytes(), layout.format_file), False
        except OSError as error:
            if not is_missing(error):
                raise
        if layout.replicas.exists():
            raise SyncError(
                f"{self.root} holds files of a sync store but no FORMAT file (damaged?): nothing was "
                "changed; to start a new store, use an empty folder"
            )
        if not create:
            raise NoStore(f"{self.root} holds no ragtrack store")
        if not self.root.parent.exists():
            raise PlaceUnavailable(f"the sync folder {self.root} cannot be reached: is the drive connected?")
        self.root.mkdir(exist_ok=True)
        created = write_new(self.root, "FORMAT", encode_format(new_id(), utc_now_iso()))
        with contextlib.suppress(OSError):  # only a courtesy to people browsing the folder
            write_new(self.root, "README.txt", README_TEXT.encode("utf-8"))
        return decode_format(layout.format_file.read_bytes(), layout.format_file), created

    def _still_there(self) -> None:
        """Before writing: the store is still where it was (a drive can vanish or be emptied
        mid-sync, and nothing may be written into a folder that is no longer the store)."""
        try:
            same = decode_format(self.layout.format_file.read_bytes(), self.layout.format_file) == self._store_id
        except (OSError, SyncError):
            same = False
        if not same:
            raise PlaceUnavailable(
                f"the sync folder {self.root} changed during the sync (its store is gone): "
                "is the drive connected? Nothing was lost; sync again when it is back"
            )
        self.layout.replicas.mkdir(exist_ok=True)  # a store whose creator stopped right after FORMAT

    @contextmanager
    def _errors(self) -> Iterator[None]:
        """Any OSError on the share becomes one line for the officer."""
        try:
            yield
        except SyncError:
            raise
        except OSError as error:
            raise PlaceUnavailable(
                f"the sync folder {self.root} cannot be used ({error.strerror or error}): is the drive "
                "connected? Nothing was lost; sync again when it is back"
            ) from None

    # --- reading -------------------------------------------------------------------------
    def fetch(self, ledger: Ledger, progress: Progress | None = None) -> Fetched:
        with self._errors():
            listing = self._list()
        self._listing = listing
        taken = set(ledger.keys())
        self._taken = set(taken)
        fetched = Fetched(presence=self._presence(listing))
        if listing.ignored:
            fetched.warnings.append(
                f"left alone {len(listing.ignored)} file(s) in the sync folder that are not "
                f"ragtrack's, e.g. {listing.ignored[0]}"
            )
        fetched.gone = sorted(key for key in taken if key not in listing.segments)
        recheck = self._complaints(fetched.presence, taken)
        todo = [f for key, f in sorted(listing.segments.items()) if ledger.fingerprint(key) != f.fingerprint]
        todo += [
            listing.segments[key] for key in recheck if ledger.fingerprint(key) == listing.segments[key].fingerprint
        ]
        for done, file in enumerate(todo, 1):
            batch, why = self._read(file)
            if batch is None:
                fetched.damaged.append(Damage(file.key, why))
                if file.key in taken:
                    fetched.gone.append(file.key)
            else:
                fetched.batches.append(batch)
                self._taken.add(file.key)
            if progress:
                progress(done, len(todo), file.replica)
        return fetched

    def _list(self) -> _Listing:
        listing = _Listing()
        try:
            entries = list(os.scandir(self.layout.replicas))
        except OSError as error:
            if is_missing(error) and self.layout.format_file.exists():
                return listing  # a new store: nobody has written yet
            raise
        for entry in entries:
            if not REPLICA_RE.match(entry.name) or not entry.is_dir():
                listing.ignored.append(f"replicas/{entry.name}")
                continue
            for item in os.scandir(entry.path):
                name = item.name
                if match := SEGMENT_RE.match(name):
                    try:
                        st = item.stat()
                    except OSError:
                        continue  # gone between listing and looking: next time
                    file = _File(
                        entry.name,
                        int(match[1]),
                        match[2],
                        match[3],
                        Path(item.path),
                        f"{st.st_size}:{st.st_mtime_ns}",
                    )
                    listing.segments[file.key] = file
                elif HEARTBEAT_RE.match(name):
                    listing.heartbeats.setdefault(entry.name, []).append(Path(item.path))
                elif name.startswith(TEMP_PREFIX):
                    listing.temps.setdefault(entry.name, []).append(Path(item.path))
                else:
                    listing.ignored.append(f"replicas/{entry.name}/{name}")
        return listing

    def _read(self, file: _File) -> tuple[Batch | None, str]:
        try:
            data = file.path.read_bytes()
        except OSError as error:
            return None, f"cannot be read ({error.strerror or error})"
        try:
            segment = decode_segment(
                data,
                store=self._store_id or "",
                replica=file.replica,
                seq=file.seq,
                claim=file.claim,
                digest16=file.digest16,
            )
        except BadFile as error:
            return None, str(error)
        return (
            Batch(
                file.key,
                file.fingerprint,
                file.replica,
                segment.ops,
                actor=segment.actor,
                written_at=segment.written_at,
                problems=segment.problems,
            ),
            "",
        )

    def _complaints(self, presence: list[Presence], taken: set[str]) -> list[str]:
        """Batches others found damaged that this laptop took intact: checked again now (a file
        damaged in place may keep its size and time)."""
        keys = sorted({key for p in presence for key in p.damaged if key in taken})
        listing = self._listing
        return [key for key in keys if listing is not None and key in listing.segments][:RECHECKS]

    def _presence(self, listing: _Listing) -> list[Presence]:
        found = []
        for replica, paths in sorted(listing.heartbeats.items()):
            best: Presence | None = None
            for path in paths:
                try:
                    doc = decode_heartbeat(path.read_bytes())
                except (BadFile, OSError):
                    continue
                if doc.get("replica") != replica or doc.get("store") not in (None, self._store_id):
                    continue
                damaged = doc.get("damaged")
                presence = Presence(
                    replica,
                    _text(doc.get("actor")),
                    _text(doc.get("host")),
                    _text(doc.get("at")),
                    tuple(k for k in damaged if isinstance(k, str))[:RECHECKS] if isinstance(damaged, list) else (),
                )
                if best is None or presence.at > best.at:
                    best = presence
            if best is not None:
                found.append(best)
        return found

    # --- writing -------------------------------------------------------------------------
    def publish(self, author: Author, changes: Sequence[WireChange], progress: Progress | None = None) -> list[Receipt]:
        with self._errors():
            self._still_there()
            directory = self.layout.replica(author.replica_id)
            directory.mkdir(exist_ok=True)  # not parents: never recreate a vanished store's folders
            self._clean_temps(directory)
            seq = self._next_seq(author.replica_id)
            knows = self._knows(author.replica_id)
            receipts = []
            chunks = [changes[i : i + SEGMENT_CHANGES] for i in range(0, len(changes), SEGMENT_CHANGES)]
            for number, chunk in enumerate(chunks):
                header = SegmentHeader(
                    self._store_id or "",
                    author.replica_id,
                    seq + number,
                    author.claim,
                    knows,
                    utc_now_iso(),
                    author.actor,
                    author.host,
                )
                data, digest = encode_segment(header, list(chunk))
                name = segment_name(header.seq, author.claim, digest)
                write_new(directory, name, data)
                crash_point("segment published")
                st = (directory / name).stat()
                key = f"{author.replica_id}/{name}"
                self._taken.add(key)
                receipts.append(Receipt(key, f"{st.st_size}:{st.st_mtime_ns}", tuple(c["id"] for c in chunk)))
                if progress:
                    progress(number + 1, len(chunks), author.actor)
        return receipts

    def _next_seq(self, replica: str) -> int:
        """After every number of ours on the share and in the ledger: a number is never reused
        (a reused one would still lose nothing, its file name differing by hash)."""
        on_share = 0
        with contextlib.suppress(OSError):
            for name in os.listdir(self.layout.replica(replica)):
                if match := SEGMENT_RE.match(name):
                    on_share = max(on_share, int(match[1]))
        recorded = max((_seq_of(key) for key in self._taken if key.startswith(f"{replica}/")), default=0)
        return max(on_share, recorded) + 1

    def _knows(self, replica: str) -> dict[str, int]:
        """How far this laptop has read each other replica without a gap (the segment header's
        ``knows``, kept for readers that apply segments in order)."""
        seqs: dict[str, set[int]] = {}
        for key in self._taken:
            owner, _, _ = key.partition("/")
            if owner != replica:
                seqs.setdefault(owner, set()).add(_seq_of(key))
        knows = {}
        for owner, numbers in sorted(seqs.items()):
            n = 0
            while n + 1 in numbers:
                n += 1
            if n:
                knows[owner] = n
        return knows

    def _clean_temps(self, directory: Path) -> None:
        """Remove temporary files a crashed sync of ours left behind (only we write here)."""
        with contextlib.suppress(OSError):
            for entry in os.scandir(directory):
                if entry.name.startswith(TEMP_PREFIX) and is_stale_temp(Path(entry.path), 60):
                    remove_quietly(Path(entry.path))

    def announce(self, author: Author, at: str, damaged: Sequence[str]) -> None:
        """A new heartbeat file; then every other heartbeat in our folder goes (whatever time its
        name says: one written with a clock far ahead must not outlive this one)."""
        with self._errors():
            self._still_there()
            directory = self.layout.replica(author.replica_id)
            directory.mkdir(exist_ok=True)
            name = heartbeat_name(int(time.time() * 1000), author.claim)
            doc = {
                "replica": author.replica_id,
                "claim": author.claim,
                "store": self._store_id,
                "actor": author.actor,
                "host": author.host,
                "at": at,
                "damaged": sorted(damaged)[:RECHECKS],
            }
            write_new(directory, name, encode_heartbeat(doc))
            crash_point("heartbeat written")
            for entry in os.scandir(directory):
                if HEARTBEAT_RE.match(entry.name) and entry.name != name:
                    remove_quietly(Path(entry.path))

    def clock_offset_ms(self) -> int | None:
        """The file server's clock against ours: it stamps a new file with its own time."""
        probe = self.root / f"{TEMP_PREFIX}clock-{uuid.uuid4().hex}.part"
        try:
            before = time.time()
            with open(probe, "xb") as handle:
                handle.write(b"ragtrack clock probe")
                handle.flush()
                stamped = os.fstat(handle.fileno()).st_mtime
            after = time.time()
        except OSError:
            return None
        finally:
            remove_quietly(probe)
        return int((stamped - (before + after) / 2) * 1000)

    @property
    def snapshots(self) -> FolderShelf:
        return FolderShelf(self.layout)


_SEQ = re.compile(r"/(\d{8,})-")


def _seq_of(key: str) -> int:
    match = _SEQ.search(key)
    return int(match[1]) if match else 0


def _text(value: object) -> str:
    return value if isinstance(value, str) else ""


class FolderShelf:
    """The folder's ``snapshot/`` shelf (see ``storage.sync.snapshot``)."""

    def __init__(self, layout: Layout) -> None:
        self.layout = layout

    def best(self) -> tuple[int, Path] | None:
        from storage.sync.snapshot import list_snapshots

        found = list_snapshots(self.layout)
        return (found[0][0], found[0][2]) if found else None

    def put(self, local_copy: Path, changes: int, replica_id: str, keep: int) -> Path:
        from storage.sync.snapshot import publish_snapshot

        return publish_snapshot(self.layout, local_copy, changes, replica_id, keep)
