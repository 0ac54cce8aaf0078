"""The sync store on the share: its layout, names and file formats (format version 1).

    FOLDER/FORMAT                        {"format": "ragtrack-sync", "version": 1, "store_id": ...}
    FOLDER/README.txt                    a note for people who open the folder
    FOLDER/replicas/<replica>/<seq>-<claim>-<hash16>.jsonl    immutable segments of changes
    FOLDER/replicas/<replica>/heartbeat-<millis>-<claim>.json when that laptop last synced
    FOLDER/snapshot/ragtrack-<changes>-<utc>-<replica8>.db    consistent copies of the plan

A segment is JSON lines: a header line, then one change per line. The header names the store,
replica, sequence number, claim (which database file writes as this replica), the number of
changes, the SHA-256 of the lines that follow, and ``knows``: how far the writer had read every
other replica without a gap. A file is checked as a whole here (header, hash, count); each
change in it is checked against the model by ``storage.sync.validate`` before it is applied.
"""

from __future__ import annotations

import hashlib
import json
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from storage.sync.errors import NewerFormat, SyncError
from storage.sync.errors import ShareUnavailable as ShareUnavailable  # re-exported: older imports

FORMAT_NAME = "ragtrack-sync"
SEGMENT_FORMAT = "ragtrack-segment"
HEARTBEAT_FORMAT = "ragtrack-heartbeat"
FORMAT_VERSION = 1

REPLICA_RE = re.compile(r"^[0-9a-f]{32}$")
SEGMENT_RE = re.compile(r"^(\d{8,})-([0-9a-f]{8})-([0-9a-f]{16})\.jsonl$")
HEARTBEAT_RE = re.compile(r"^heartbeat-(\d{13})-([0-9a-f]{8})\.json$")
SNAPSHOT_RE = re.compile(r"^ragtrack-(\d{10})-(\d{8}T\d{6}Z)-([0-9a-f]{8})\.db$")


README_TEXT = """This folder is a ragtrack sync store: the team's shared action plan.

Each laptop running `ragtrack sync` writes its own changes under replicas/ and never changes a
file once written. Please do not edit, move or delete anything here. To read the plan without
ragtrack's sync, open the newest file in snapshot/ with `ragtrack --db FILE --read-only`.
"""


class BadFile(Exception):
    """A segment or heartbeat that cannot be used (truncated, foreign, corrupted): skipped."""


@dataclass(frozen=True)
class Layout:
    """Where things are in the sync folder."""

    root: Path

    @property
    def format_file(self) -> Path:
        return self.root / "FORMAT"

    @property
    def readme(self) -> Path:
        return self.root / "README.txt"

    @property
    def replicas(self) -> Path:
        return self.root / "replicas"

    @property
    def snapshots(self) -> Path:
        return self.root / "snapshot"

    def replica(self, replica_id: str) -> Path:
        return self.replicas / replica_id


def segment_name(seq: int, claim: str, digest: str) -> str:
    return f"{seq:08d}-{claim}-{digest[:16]}.jsonl"


def heartbeat_name(millis: int, claim: str) -> str:
    return f"heartbeat-{millis:013d}-{claim}.json"


def snapshot_name(changes: int, utc: str, replica_id: str) -> str:
    return f"ragtrack-{changes:010d}-{utc}-{replica_id[:8]}.db"


# --- FORMAT ----------------------------------------------------------------------------------
def encode_format(store_id: str, created_at: str) -> bytes:
    return (
        _dump(
            {"format": FORMAT_NAME, "version": FORMAT_VERSION, "store_id": store_id, "created_at": created_at}
        ).encode()
        + b"\n"
    )


def decode_format(data: bytes, where: Path) -> str:
    """The store id in a FORMAT file, or a SyncError saying why the folder cannot be used."""
    try:
        doc = json.loads(data.decode("utf-8"))
    except (UnicodeDecodeError, ValueError):
        raise SyncError(f"{where} is damaged or not a ragtrack sync file: nothing was changed") from None
    if not isinstance(doc, dict) or doc.get("format") != FORMAT_NAME:
        raise SyncError(f"{where.parent} is not a ragtrack sync folder (its FORMAT file is something else)")
    version = doc.get("version")
    if not isinstance(version, int) or version < 1:
        raise SyncError(f"{where} is damaged: it has no format version")
    if version > FORMAT_VERSION:
        raise NewerFormat(
            f"{where.parent} was written by a newer ragtrack (sync format {version}; this one reads "
            f"{FORMAT_VERSION}): upgrade ragtrack before syncing"
        )
    store_id = doc.get("store_id")
    if not isinstance(store_id, str) or not REPLICA_RE.match(store_id):
        raise SyncError(f"{where} is damaged: it has no valid store id")
    return store_id


# --- segments --------------------------------------------------------------------------------
@dataclass
class Segment:
    replica: str
    seq: int
    claim: str
    knows: dict[str, int]
    ops: list[dict[str, Any]]
    written_at: str = ""
    actor: str = ""
    problems: list[str] = field(default_factory=list)  # lines that are not JSON at all


@dataclass
class SegmentHeader:
    store: str
    replica: str
    seq: int
    claim: str
    knows: dict[str, int] = field(default_factory=dict)
    written_at: str = ""
    actor: str = ""
    host: str = ""


def encode_segment(header: SegmentHeader, ops: list[dict[str, Any]]) -> tuple[bytes, str]:
    """The bytes of a segment file and the SHA-256 (hex) of its body."""
    body = b"".join(_dump(op).encode("utf-8") + b"\n" for op in ops)
    digest = hashlib.sha256(body).hexdigest()
    head = {
        "format": SEGMENT_FORMAT,
        "version": FORMAT_VERSION,
        "store": header.store,
        "replica": header.replica,
        "seq": header.seq,
        "claim": header.claim,
        "count": len(ops),
        "hash": digest,
        "knows": header.knows,
        "written_at": header.written_at,
        "actor": header.actor,
        "host": header.host,
    }
    return _dump(head).encode("utf-8") + b"\n" + body, digest


def decode_segment(data: bytes, *, store: str, replica: str, seq: int, claim: str, digest16: str) -> Segment:
    """Check and read a segment file's bytes; BadFile if anything is off, NewerFormat if newer."""
    newline = data.find(b"\n")
    if newline < 0:
        raise BadFile("truncated (no header line)")
    try:
        head = json.loads(data[:newline].decode("utf-8"))
    except (UnicodeDecodeError, ValueError):
        raise BadFile("not a ragtrack segment (unreadable header)") from None
    if not isinstance(head, dict) or head.get("format") != SEGMENT_FORMAT:
        raise BadFile("not a ragtrack segment")
    version = head.get("version")
    if isinstance(version, int) and version > FORMAT_VERSION:
        raise NewerFormat(
            f"a segment of replica {replica[:8]} was written by a newer ragtrack "
            f"(format {version}): upgrade ragtrack before syncing"
        )
    if version != FORMAT_VERSION:
        raise BadFile("unknown segment version")
    if (head.get("store"), head.get("replica"), head.get("seq"), head.get("claim")) != (store, replica, seq, claim):
        raise BadFile("it belongs to another store or name (a copied or foreign file)")
    body = data[newline + 1 :]
    actual = hashlib.sha256(body).hexdigest()
    if actual != head.get("hash") or not actual.startswith(digest16):
        raise BadFile("content does not match its hash (truncated or changed)")
    lines = body.split(b"\n")
    if lines and lines[-1] == b"":
        lines.pop()
    if len(lines) != head.get("count"):
        raise BadFile("wrong number of changes")
    knows = head.get("knows")
    if not isinstance(knows, dict) or not all(
        isinstance(k, str) and isinstance(v, int) and v >= 0 for k, v in knows.items()
    ):
        raise BadFile("bad header (knows)")
    ops: list[Any] = []
    problems: list[str] = []
    for number, line in enumerate(lines, 1):
        try:
            ops.append(json.loads(line.decode("utf-8")))
        except (UnicodeDecodeError, ValueError):
            problems.append(f"line {number + 1} is not a change")
    return Segment(
        replica,
        seq,
        claim,
        knows,
        ops,
        _text(head.get("written_at")),
        _text(head.get("actor")),
        problems=problems,
    )


def _text(value: Any) -> str:
    return value if isinstance(value, str) else ""


# --- heartbeats ------------------------------------------------------------------------------
def encode_heartbeat(doc: dict[str, Any]) -> bytes:
    return _dump({"format": HEARTBEAT_FORMAT, "version": FORMAT_VERSION, **doc}).encode("utf-8")


def decode_heartbeat(data: bytes) -> dict[str, Any]:
    try:
        doc = json.loads(data.decode("utf-8"))
    except (UnicodeDecodeError, ValueError):
        raise BadFile("unreadable heartbeat") from None
    if not isinstance(doc, dict) or doc.get("format") != HEARTBEAT_FORMAT:
        raise BadFile("not a heartbeat")
    return doc


def _dump(doc: Any) -> str:
    return json.dumps(doc, ensure_ascii=False, separators=(",", ":"), sort_keys=True)
