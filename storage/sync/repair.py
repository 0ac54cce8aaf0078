"""Our own folder on the share: what it says about this database, and mending it.

- Segments of ours beyond what this database remembers sending mean an interrupted sync (the
  file was published, the local note of it was not) or a database restored from an older backup.
  Their changes are not sent again, numbering carries on after them, and a restored database
  gets its lost changes back by reading them like anyone else's.
- A sequence number of ours with no file at all (someone deleted it) would stop every reader
  at it forever: it is filled with an empty segment. If readers are stuck at one of ours that is
  missing or damaged, it is filled the same way and this database sends everything it holds
  again (duplicates are harmless, loss is not).
- A damaged file of ours above what we remember sending is refused rather than guessed at (it
  may still be arriving through a cloud client): the sync stops with a clear line. A whole file
  of another store (two laptops created a store in one cloud folder at once, and the cloud kept
  one FORMAT) hides nothing of this store: its number is filled like a missing one.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from storage.database import Database
from storage.sync.files import write_new
from storage.sync.format import Layout, SegmentHeader, SyncError, encode_segment, segment_name
from storage.sync.local import LocalState, read_txn
from storage.sync.segments import ReplicaFiles, read_segment


@dataclass
class OwnFolder:
    top: int = 0  # our highest sequence number on the share
    ahead_ids: set[str] = field(default_factory=set)  # changes in our segments beyond what we remember sending
    unknown: int = 0  # how many of those this database does not have (restored from a backup)
    fillers: list[int] = field(default_factory=list)  # sequence numbers to fill with an empty segment
    resend_all: bool = False


def inspect_own(db: Database, files: ReplicaFiles | None, state: LocalState, stuck_at: list[int]) -> OwnFolder:
    """``stuck_at``: for each other laptop's latest heartbeat, how far it has read us."""
    files = files or ReplicaFiles()
    own = OwnFolder(top=max(files.highest(), state.sent_seq))
    for seq in range(state.sent_seq + 1, files.highest() + 1):
        if seq not in files.segments:
            own.fillers.append(seq)
            continue
        segment, problem, foreign = read_segment(files.segments[seq], state.store_id, state.replica_id, seq)
        if foreign:  # left by a store this folder no longer holds: it hides nothing of this one
            own.fillers.append(seq)
            continue
        if segment is None:
            raise SyncError(
                f"this laptop's own file for segment {seq} on the share cannot be used ({problem}); "
                "it may still be arriving: nothing was sent, sync again later"
            )
        own.ahead_ids.update(op["id"] for op in segment.ops)
    behind = sorted({n + 1 for n in stuck_at if n < state.sent_seq})
    if behind and behind[0] not in own.fillers:
        seq = behind[0]
        segment, _, _ = read_segment(files.segments.get(seq, []), state.store_id, state.replica_id, seq)
        if segment is None:
            own.fillers.append(seq)
            own.resend_all = True
    if own.ahead_ids:
        with read_txn(db) as r:
            listed = sorted(own.ahead_ids)
            have = 0
            for i in range(0, len(listed), 900):
                chunk = listed[i : i + 900]
                have += r.execute(
                    f"SELECT count(*) FROM change WHERE id IN ({','.join('?' * len(chunk))})", chunk
                ).fetchone()[0]
        own.unknown = len(listed) - have
    return own


def write_fillers(layout: Layout, header: SegmentHeader, seqs: list[int]) -> None:
    """An empty, valid segment for each of ``seqs``: readers get past the hole, losing nothing."""
    directory = layout.replica(header.replica)
    directory.mkdir(exist_ok=True)
    for seq in sorted(set(seqs)):
        data, digest = encode_segment(
            SegmentHeader(
                header.store, header.replica, seq, header.claim, {}, header.written_at, header.actor, header.host
            ),
            [],
        )
        write_new(directory, segment_name(seq, header.claim, digest), data)
