"""The one interface between sync and a place that holds everyone's changes.

A *place* is where laptops exchange their changes: a shared folder (``storage.sync.folder``)
or a PostgreSQL hub. Everything that decides what the changes *mean* is generic and lives in
``storage.sync`` beside this module, so every place gets it for free: validating each incoming
change against the model, quarantining bad ones, applying the rest in one local transaction,
conflicts, telling two databases that write as one replica apart, and repair (whatever this
laptop holds that the place lacks, it publishes again). A place only stores and returns
changes, faithfully, and says what it no longer holds.

The unit a place stores is a **batch**: the changes one laptop published at once. Every batch
has a *key*, unique and stable within the store (a folder: ``<replica>/<file name>``; a hub: a
row id or a push id), and a *fingerprint* that changes if the stored batch is ever altered
(a folder: size and modification time; a hub whose rows cannot change: ``""``). A batch's
author is the laptop that published it; the changes inside carry their own authors (a batch may
republish a colleague's changes that the place had lost).

The engine keeps, per store, a ledger of the batches this laptop has taken or published and
which changes each held (``storage.sync`` bookkeeping): a change is on the place while at least
one intact batch holds it. What is not (a change made here, or one whose every batch went
missing or was damaged) is published again at the next sync, by whichever laptop holds it.
So an edit that reached any laptop reaches every laptop, whoever wrote it and whether or not
its author ever syncs again.

A sync session, in order (``storage.sync.engine``):

1. ``place.open(create=...)``: the store's id; a new store only when the engine allows it
   (``NoStore`` otherwise, so a mistyped folder never starts a store).
2. ``place.fetch(ledger)``: the batches not taken yet (each read in full and checked: a damaged
   one is reported, never returned), the batches taken before that are now gone or damaged,
   and everyone's latest presence. Changes come back as wire dicts, *unvalidated*: the engine
   validates each one.
3. The engine applies what it can (one local transaction), then ``place.publish(author,
   changes)`` for everything the place lacks: durable when it returns, in one or more batches
   whose receipts the engine records.
4. ``place.announce(author, at, damaged)``: who synced, when (on the place's clock), and which
   batches this laptop found damaged, so that laptops that took them intact check them again
   and republish what they hold.
5. Optionally ``place.snapshots`` (a folder keeps a consolidated SQLite copy of the plan).

Errors: anything that stops the session is a ``SyncError`` with one line for the officer:
``PlaceUnavailable`` (cannot be reached; nothing was changed), ``NoStore``, ``NewerFormat``.
A place never raises for one bad batch: it reports it and carries on.

Clocks: ``clock_offset_ms()`` says how far the place's clock is ahead of this laptop's (a
folder learns it from the time its file server stamps on a new file, a hub from ``now()``), so
a laptop whose clock runs fast can correct its unsent changes and presence before they leave.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol, runtime_checkable

from storage.sync.errors import NewerFormat, NoStore, PlaceUnavailable, SyncError

#: A change as it travels: the change log's columns (``CHANGE_COLUMNS``) as
#: strings (``old_value``, ``new_value``, ``reason`` may be None), plus ``seen`` (a list of
#: change ids) on a deletion. Values are JSON text. Received ones are validated by the engine.
WireChange = dict[str, Any]


@dataclass(frozen=True)
class StoreInfo:
    store_id: str  # 32 hex digits, the same for every laptop of the team
    created: bool  # this call created it


@dataclass(frozen=True)
class Author:
    """Who publishes: this database's replica, a random claim token naming this database file
    (a place may record it; clones share it, so the engine detects clashes by content), the
    officer and the computer."""

    replica_id: str
    claim: str
    actor: str
    host: str


@dataclass
class Batch:
    """Changes as one laptop published them, read back and checked by the place."""

    key: str
    fingerprint: str
    author: str  # the replica that published it
    changes: list[WireChange]
    actor: str = ""  # who published it (for messages)
    written_at: str = ""  # on the author's clock (for people only)
    problems: list[str] = field(default_factory=list)  # lines that are not a change at all


@dataclass(frozen=True)
class Receipt:
    """What ``publish`` stored: a batch's key and fingerprint and the ids of the changes in it."""

    key: str
    fingerprint: str
    change_ids: tuple[str, ...]


@dataclass(frozen=True)
class Damage:
    key: str
    why: str  # one line: "truncated", "content does not match its hash"...


@dataclass
class Presence:
    """One laptop's latest word on the place: its last sync."""

    replica_id: str
    actor: str
    host: str
    at: str  # ISO UTC on the place's clock (as well as the writer could tell)
    damaged: tuple[str, ...] = ()  # keys of batches this laptop found damaged or unreadable


@dataclass
class Fetched:
    batches: list[Batch] = field(default_factory=list)  # not taken before (or changed since)
    gone: list[str] = field(default_factory=list)  # taken before, now missing or damaged
    damaged: list[Damage] = field(default_factory=list)  # present but unusable (not taken)
    presence: list[Presence] = field(default_factory=list)  # everyone's latest, this laptop's too
    cursor: str = ""  # give it back to the next fetch (places that read "since" a position)
    warnings: list[str] = field(default_factory=list)  # one line each (foreign files left alone...)


class Ledger(Protocol):
    """What this laptop has taken from the place (and published to it): the engine's record,
    read by ``fetch`` to return only what is new and to say what has gone since."""

    @property
    def cursor(self) -> str:
        """What the last fetch returned as its cursor ("" before the first)."""
        ...

    def fingerprint(self, key: str) -> str | None:
        """The fingerprint of batch ``key`` when it was taken; None if it never was."""
        ...

    def keys(self) -> Iterable[str]:
        """Every batch key taken from or published to this store."""
        ...


#: Progress of a long read or write: (done, total, whose changes).
Progress = Callable[[int, int, str], None]


@runtime_checkable
class Place(Protocol):
    """A place that holds everyone's changes. One object per sync session."""

    @property
    def description(self) -> str:
        """The place for messages: a folder path, or a hub URL without its password."""
        ...

    def open(self, *, create: bool) -> StoreInfo:
        """Connect and return the store's identity, creating it when there is none and
        ``create`` is True (``NoStore`` when False). ``NewerFormat`` for a store written by a
        newer ragtrack, ``PlaceUnavailable`` when it cannot be reached."""
        ...

    def fetch(self, ledger: Ledger, progress: Progress | None = None) -> Fetched:
        """Everything not taken yet, and what was taken and is no longer intact (see
        ``Fetched``). Also re-checks batches other laptops reported damaged (``Presence``)."""
        ...

    def publish(self, author: Author, changes: Sequence[WireChange], progress: Progress | None = None) -> list[Receipt]:
        """Store ``changes`` durably as new batches by ``author``; when it returns they survive a
        crash or power cut. Never changes or replaces a stored batch. May raise
        ``PlaceUnavailable`` part-way: the receipts of what was stored are then lost to the
        caller, who finds those batches at the next fetch (nothing is lost or duplicated twice)."""
        ...

    def announce(self, author: Author, at: str, damaged: Sequence[str]) -> None:
        """Record that ``author`` synced at ``at`` (ISO UTC, on the place's clock) and found the
        batches ``damaged`` unusable; it replaces that laptop's previous presence."""
        ...

    def clock_offset_ms(self) -> int | None:
        """How many milliseconds the place's clock is ahead of this laptop's now (negative:
        this laptop runs fast); None when the place cannot tell."""
        ...

    @property
    def snapshots(self) -> SnapshotShelf | None:
        """Where consolidated copies of the plan are kept, if this place keeps them."""
        ...


class SnapshotShelf(Protocol):
    """Consolidated, read-only copies of the plan (SQLite files) on a place."""

    def best(self) -> tuple[int, Path] | None:
        """The most complete snapshot: (number of changes in it, where)."""
        ...

    def put(self, local_copy: Path, changes: int, replica_id: str, keep: int) -> Path:
        """Publish a checked local copy holding ``changes`` changes; keep the ``keep`` best."""
        ...


def ledger_of(cursor: str, taken: Mapping[str, str]) -> Ledger:
    """A ledger over an in-memory record (tests, and places that want one)."""
    return _MemoryLedger(cursor, dict(taken))


class _MemoryLedger:
    def __init__(self, cursor: str, taken: dict[str, str]) -> None:
        self._cursor = cursor
        self._taken = taken

    @property
    def cursor(self) -> str:
        return self._cursor

    def fingerprint(self, key: str) -> str | None:
        return self._taken.get(key)

    def keys(self) -> Iterable[str]:
        return list(self._taken)


__all__ = [
    "Author",
    "Batch",
    "Damage",
    "Fetched",
    "Ledger",
    "NewerFormat",
    "NoStore",
    "Place",
    "PlaceUnavailable",
    "Presence",
    "Progress",
    "Receipt",
    "SnapshotShelf",
    "StoreInfo",
    "SyncError",
    "WireChange",
    "ledger_of",
]
