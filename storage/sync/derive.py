"""What a set of changes means, the same on every laptop: heads, winners and deletions.

- The heads of a field are its changes that no known change of the same field supersedes (a
  change lists in ``supersedes`` the heads its editor had seen). One head: that value. Several:
  a conflict, with a deterministic default, the head with the latest stamp, then replica id.
- A record shows as deleted only when every head of its ``_delete`` field says "deleted" and
  every live edit of it (the heads of its other fields, and for an action its progress entries)
  was seen by a deleting officer. An edit nobody deleting had seen keeps the record and is
  flagged as an edit/delete conflict: nothing is hidden that its author did not know about.
  An objective is kept while any of its actions is (deleting an objective deletes its actions).

Functions take the sqlite3 connection underneath the sync's transaction (fast plain SQL).
"""

from __future__ import annotations

import json
import sqlite3
from collections import defaultdict
from dataclasses import dataclass, field

TRUE = "true"  # how the change log writes a JSON true

Group = tuple[str, str, str]  # entity, entity_id, field


@dataclass(frozen=True)
class Head:
    id: str
    stamp: str
    replica_id: str
    new_value: str | None
    at: str
    actor: str
    seq: int

    @property
    def order(self) -> tuple[str, str, str]:
        """Sort key of the deterministic default: latest stamp, then replica id, then id."""
        return (self.stamp, self.replica_id, self.id)


_HEAD_COLUMNS = "c.id, c.stamp, c.replica_id, c.new_value, c.at, c.actor, c.seq"


def winner(heads: list[Head]) -> Head:
    return max(heads, key=lambda h: h.order)


def recompute_heads(raw: sqlite3.Connection, groups: list[Group]) -> dict[Group, list[Head]]:
    """Recompute and store the heads of ``groups`` from every change known here.

    Order of arrival does not matter: a change stays a head only while no known change of its
    field supersedes it.
    """
    if not groups:
        return {}
    raw.execute("CREATE TEMP TABLE IF NOT EXISTS sync_groups(entity TEXT, entity_id TEXT, field TEXT)")
    raw.execute("DELETE FROM sync_groups")
    raw.executemany("INSERT INTO sync_groups VALUES (?, ?, ?)", groups)
    rows = raw.execute(
        f"SELECT c.entity, c.entity_id, c.field, c.supersedes, {_HEAD_COLUMNS} FROM sync_groups g "
        "JOIN change c ON c.entity = g.entity AND c.entity_id = g.entity_id AND c.field = g.field"
    ).fetchall()
    by_group: dict[Group, list[tuple]] = defaultdict(list)
    for row in rows:
        by_group[(row[0], row[1], row[2])].append(row)
    heads: dict[Group, list[Head]] = {}
    for group, changes in by_group.items():
        superseded: set[str] = set()
        for change in changes:
            superseded.update(json.loads(change[3]))
        heads[group] = [Head(*c[4:]) for c in changes if c[4] not in superseded]
    raw.executemany("DELETE FROM field_head WHERE entity = ? AND entity_id = ? AND field = ?", groups)
    raw.executemany(
        "INSERT INTO field_head(entity, entity_id, field, change_id) VALUES (?, ?, ?, ?)",
        [(*group, head.id) for group, hs in heads.items() for head in hs],
    )
    raw.execute("DELETE FROM sync_groups")
    return heads


def heads_of(raw: sqlite3.Connection, entity: str, entity_id: str, field_name: str) -> list[Head]:
    rows = raw.execute(
        f"SELECT {_HEAD_COLUMNS} FROM field_head h JOIN change c ON c.id = h.change_id "
        "WHERE h.entity = ? AND h.entity_id = ? AND h.field = ?",
        (entity, entity_id, field_name),
    ).fetchall()
    return [Head(*r) for r in rows]


# --- deletions -------------------------------------------------------------------------------
def about_ids(raw: sqlite3.Connection, entity: str, entity_id: str, before_seq: int | None = None) -> set[str]:
    """The changes that edit a record (not its creation or deletion), and for an action the
    changes of its progress entries; only those that arrived here before ``before_seq``."""
    limit, params = ("", ()) if before_seq is None else (" AND c.seq < ?", (before_seq,))
    ids = {
        r[0]
        for r in raw.execute(
            "SELECT c.id FROM change c WHERE c.entity = ? AND c.entity_id = ? "
            f"AND c.field NOT IN ('_create', '_delete'){limit}",
            (entity, entity_id, *params),
        )
    }
    if entity == "action":
        ids.update(
            r[0]
            for r in raw.execute(
                "SELECT c.id FROM progress p JOIN change c ON c.entity = 'progress' AND c.entity_id = p.id "
                f"WHERE p.action_id = ? AND c.field != '_delete'{limit}",
                (entity_id, *params),
            )
        )
    return ids


def seen_of(raw: sqlite3.Connection, head: Head, entity: str, entity_id: str) -> set[str]:
    """What the author of a deletion had seen of the record: as sent with the deletion, or, for
    a deletion made here and not yet sealed, everything about the record that arrived before it."""
    row = raw.execute("SELECT seen FROM change_seen WHERE change_id = ?", (head.id,)).fetchone()
    if row is not None:
        return set(json.loads(row[0]))
    return about_ids(raw, entity, entity_id, before_seq=head.seq)


def live_edits(raw: sqlite3.Connection, entity: str, entity_id: str) -> list[str]:
    """The edits of a record that are still current: heads of its fields, and for an action the
    creation and current field values of its progress entries that are not deleted."""
    ids = [
        r[0]
        for r in raw.execute(
            "SELECT change_id FROM field_head WHERE entity = ? AND entity_id = ? AND field != '_delete'",
            (entity, entity_id),
        )
    ]
    if entity == "action":
        ids += [
            r[0]
            for r in raw.execute(
                "SELECT h.change_id FROM progress p JOIN field_head h ON h.entity = 'progress' AND h.entity_id = p.id "
                "WHERE p.action_id = ? AND p.deleted = 0 AND h.field != '_delete'",
                (entity_id,),
            )
        ]
        ids += [
            r[0]
            for r in raw.execute(
                "SELECT c.id FROM progress p JOIN change c ON c.entity = 'progress' AND c.entity_id = p.id "
                "AND c.field = '_create' WHERE p.action_id = ? AND p.deleted = 0",
                (entity_id,),
            )
        ]
    return ids


@dataclass
class DeleteState:
    deleted: bool  # what the record shows
    deletes: list[Head] = field(default_factory=list)  # concurrent "delete" heads
    restores: list[Head] = field(default_factory=list)  # concurrent "keep" heads
    unseen: list[str] = field(default_factory=list)  # live edits no deleting officer had seen
    kept_children: list[str] = field(default_factory=list)  # an objective's actions still shown

    @property
    def conflict(self) -> bool:
        return bool(self.deletes) and bool(self.restores or self.unseen or self.kept_children)


def delete_state(raw: sqlite3.Connection, entity: str, entity_id: str) -> DeleteState:
    heads = heads_of(raw, entity, entity_id, "_delete")
    deletes = [h for h in heads if h.new_value == TRUE]
    restores = [h for h in heads if h.new_value != TRUE]
    if not deletes:
        return DeleteState(False, [], restores)
    seens = [seen_of(raw, d, entity, entity_id) for d in deletes]
    unseen = [e for e in live_edits(raw, entity, entity_id) if not any(e in s for s in seens)]
    state = DeleteState(False, deletes, restores, unseen)
    if entity == "objective":
        # Deleting an objective deletes its actions; one still shown was edited (or added) by
        # someone who had not seen the deletion, and it keeps its objective with it.
        state.kept_children = [
            r[0]
            for r in raw.execute(
                "SELECT id FROM action WHERE objective_id = ? AND deleted = 0 ORDER BY position, id", (entity_id,)
            )
        ]
    state.deleted = not state.conflict
    return state
