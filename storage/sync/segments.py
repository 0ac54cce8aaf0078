"""Reading and writing segments on the share.

Reading never trusts a listing to mean anything but "these files exist now": a file that is
missing, truncated, foreign, duplicated, or a cloud client's "conflicted copy" is skipped with a
warning and read again next time; nothing is ever inferred from a file's absence. Each replica's
segments are applied in sequence order, stopping at the first gap, and a segment only after
everything its writer had read (its ``knows``), so changes always arrive after what they build on.
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from storage.sync.faults import crash_point
from storage.sync.files import TEMP_PREFIX, is_missing, is_stale_temp, remove_quietly, write_new
from storage.sync.format import (
    HEARTBEAT_RE,
    REPLICA_RE,
    SEGMENT_RE,
    BadFile,
    ForeignFile,
    Layout,
    Segment,
    SegmentHeader,
    decode_heartbeat,
    decode_segment,
    encode_heartbeat,
    encode_segment,
    heartbeat_name,
    segment_name,
)

#: Changes per segment file: bounds memory and the size of any one file on the share.
SEGMENT_CHANGES = 5000


@dataclass
class ReplicaFiles:
    segments: dict[int, list[tuple[Path, str, str]]] = field(default_factory=dict)  # seq -> (path, claim, hash16)
    heartbeats: list[tuple[int, str, Path]] = field(default_factory=list)  # (millis, claim, path)
    temps: list[Path] = field(default_factory=list)

    @property
    def claims(self) -> set[str]:
        return {c for files in self.segments.values() for _, c, _ in files} | {c for _, c, _ in self.heartbeats}

    def highest(self, claim: str | None = None) -> int:
        return max(
            (s for s, files in self.segments.items() if claim is None or any(c == claim for _, c, _ in files)),
            default=0,
        )


@dataclass
class Listing:
    replicas: dict[str, ReplicaFiles] = field(default_factory=dict)
    ignored: list[str] = field(default_factory=list)  # names that are not ours: left alone, reported


def list_share(layout: Layout) -> Listing:
    """What is in ``replicas/`` now. OSError if the folder itself cannot be listed."""
    listing = Listing()
    try:
        entries = list(os.scandir(layout.replicas))
    except OSError as error:
        if is_missing(error) and layout.format_file.exists():
            return listing  # a new store: nobody has written yet
        raise
    for entry in entries:
        if not REPLICA_RE.match(entry.name) or not entry.is_dir():
            listing.ignored.append(f"replicas/{entry.name}")
            continue
        files = ReplicaFiles()
        for item in os.scandir(entry.path):
            name = item.name
            if match := SEGMENT_RE.match(name):
                files.segments.setdefault(int(match[1]), []).append((Path(item.path), match[2], match[3]))
            elif match := HEARTBEAT_RE.match(name):
                files.heartbeats.append((int(match[1]), match[2], Path(item.path)))
            elif name.startswith(TEMP_PREFIX):
                files.temps.append(Path(item.path))
            else:
                listing.ignored.append(f"replicas/{entry.name}/{name}")
        listing.replicas[entry.name] = files
    return listing


@dataclass
class PullPlan:
    segments: list[Segment] = field(default_factory=list)  # in an order that respects ``knows``
    applied: dict[str, int] = field(default_factory=dict)  # replica -> highest segment after applying
    warnings: list[str] = field(default_factory=list)

    @property
    def changes(self) -> int:
        return sum(len(s.ops) for s in self.segments)


def collect(
    listing: Listing,
    store_id: str,
    applied: dict[str, int],
    names: dict[str, str],
    progress: Callable[[int, int, str], None] | None = None,
) -> PullPlan:
    """Read every segment that can be applied now, after the ``applied`` marks (replica -> seq).

    ``names`` gives a readable name per replica for warnings (its officer, else its id).
    """
    plan = PullPlan(applied=dict(applied))
    todo = {r: f for r, f in listing.replicas.items() if f.highest() > plan.applied.get(r, 0)}
    total = sum(len([s for s in f.segments if s > plan.applied.get(r, 0)]) for r, f in todo.items())
    stopped: dict[str, str] = {}
    blocked: dict[str, str] = {}
    cache: dict[tuple[str, int], tuple[Segment | None, str]] = {}
    read = 0
    moved = True
    while moved:
        moved = False
        for replica in sorted(todo):
            if replica in stopped:
                continue
            files = todo[replica]
            while True:
                seq = plan.applied.get(replica, 0) + 1
                if seq > files.highest():
                    break
                if seq not in files.segments:
                    stopped[replica] = f"segment {seq} is not on the share yet"
                    break
                if (replica, seq) not in cache:
                    cache[(replica, seq)] = read_segment(files.segments[seq], store_id, replica, seq)[:2]
                segment, problem = cache[(replica, seq)]
                if segment is None:
                    stopped[replica] = problem
                    break
                waiting = {q: n for q, n in segment.knows.items() if q != replica and plan.applied.get(q, 0) < n}
                if waiting:
                    blocked[replica] = ", ".join(
                        f"{names.get(q, q[:8])} (segment {n})" for q, n in sorted(waiting.items())
                    )
                    break
                blocked.pop(replica, None)
                plan.segments.append(segment)
                plan.applied[replica] = seq
                read += 1
                moved = True
                if progress:
                    progress(read, total, names.get(replica, replica[:8]))
    for replica, problem in sorted(stopped.items()):
        plan.warnings.append(
            f"changes from {names.get(replica, replica[:8])} after segment "
            f"{plan.applied.get(replica, 0)} skipped for now: {problem}"
        )
    for replica, waits in sorted(blocked.items()):
        if replica not in stopped:
            plan.warnings.append(
                f"changes from {names.get(replica, replica[:8])} wait for changes not on the share yet: {waits}"
            )
    return plan


def read_segment(
    candidates: list[tuple[Path, str, str]], store_id: str, replica: str, seq: int
) -> tuple[Segment | None, str, bool]:
    """The union of the valid files for one sequence number (duplicates are harmless: changes are
    applied by id); else None, why, and whether every file there belongs to another store."""
    found: Segment | None = None
    problem = ""
    foreign = bool(candidates)
    for path, claim, digest in candidates:
        try:
            data = path.read_bytes()
            segment = decode_segment(data, store=store_id, replica=replica, seq=seq, claim=claim, digest16=digest)
        except BadFile as error:
            problem = f"{path.name} is damaged ({error})"
            foreign = foreign and isinstance(error, ForeignFile)
            continue
        except OSError as error:
            problem = f"{path.name} cannot be read ({error.strerror or error})"
            foreign = False
            continue
        segment.path = path
        if found is None:
            found = segment
        else:
            known = {op["id"] for op in found.ops}
            found.ops.extend(op for op in segment.ops if op["id"] not in known)
            for q, n in segment.knows.items():
                found.knows[q] = max(found.knows.get(q, 0), n)
    return found, problem, foreign and found is None


def write_segments(
    layout: Layout,
    header: SegmentHeader,
    ops: list[dict[str, Any]],
    progress: Callable[[int, int, str], None] | None = None,
) -> int:
    """Write ``ops`` as segments ``header.seq``, ``header.seq + 1``...; returns the last seq."""
    directory = layout.replica(header.replica)
    directory.mkdir(exist_ok=True)  # not parents: never recreate a vanished store's folders
    chunks = [ops[i : i + SEGMENT_CHANGES] for i in range(0, len(ops), SEGMENT_CHANGES)]
    seq = header.seq - 1
    for number, chunk in enumerate(chunks, 1):
        seq = header.seq + number - 1
        one = SegmentHeader(**{**header.__dict__, "seq": seq})
        data, digest = encode_segment(one, chunk)
        write_new(directory, segment_name(seq, header.claim, digest), data)
        crash_point("segment published")
        if progress:
            progress(number, len(chunks), "")
    return seq


def write_heartbeat(layout: Layout, replica: str, claim: str, doc: dict[str, Any]) -> None:
    """Say when this laptop last synced (a new file; older ones of ours are then removed)."""
    directory = layout.replica(replica)
    directory.mkdir(exist_ok=True)
    name = heartbeat_name(int(time.time() * 1000), claim)
    write_new(directory, name, encode_heartbeat({"replica": replica, "claim": claim, **doc}))
    for entry in os.scandir(directory):
        match = HEARTBEAT_RE.match(entry.name)
        if match and match[2] == claim and entry.name < name:
            remove_quietly(Path(entry.path))


def read_heartbeat(files: ReplicaFiles) -> dict[str, Any] | None:
    """The newest readable heartbeat of a replica."""
    for _, _, path in sorted(files.heartbeats, reverse=True):
        try:
            return decode_heartbeat(path.read_bytes())
        except (BadFile, OSError):
            continue
    return None


def clean_own_temps(files: ReplicaFiles | None) -> None:
    """Remove temporary files a crashed sync of ours left behind (only we write in our folder)."""
    for path in files.temps if files else []:
        if is_stale_temp(path, 60):
            remove_quietly(path)
