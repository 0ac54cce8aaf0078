"""What a set of changes means, the same on every laptop: heads, winners and deletions.

- The heads of a field are its changes that no known change of the same field supersedes (a
  change lists in ``supersedes`` the heads its editor had seen). One head: that value. Several:
  a conflict, with a deterministic default, the head with the latest stamp, then replica id.
- A record shows as deleted only when every head of its ``_delete`` field says "deleted" and
  every live edit of it (the heads of its other fields, and for an action its progress entries)
  was seen by a deleting officer. An edit nobody deleting had seen keeps the record and is
  flagged as an edit/delete conflict: nothing is hidden that its author did not know about.
  An objective is kept while any of its actions is (deleting an objective deletes its actions).

Functions run in the caller's transaction and read through its named operations
(``txn.changes``, ``txn.records``).
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from storage.db import ReadTxn, WriteTxn
from storage.db.changes import TRUE, Head
from storage.sync.validate import Decoded

Group = tuple[str, str, str]  # entity, entity_id, field


def winner(heads: list[Head]) -> Head:
    return max(heads, key=lambda h: h.order)


def recompute_heads(
    txn: WriteTxn,
    groups: list[Group],
    new: Sequence[dict[str, Any]] = (),
    decoded: Decoded | None = None,
    before_seq: int | None = None,
) -> dict[Group, list[Head]]:
    """Recompute and store the heads of ``groups`` from every change known here.

    Order of arrival does not matter: a change stays a head only while no known change of its
    field supersedes it.

    ``new``: changes just added to the log, numbered in order after ``before_seq`` (their JSON
    parsed in ``decoded``): they are taken as they are, and only the changes that were here
    before them are read back (none, into an empty log).
    """
    if not groups:
        return {}
    by_group: dict[Group, dict[str, tuple[list[str], Head | dict[str, Any]]]] = defaultdict(dict)
    if before_seq is None or before_seq > 0:
        for change in txn.changes.of_fields(groups, up_to_seq=before_seq):
            by_group[(change.entity, change.entity_id, change.field)][change.head.id] = (
                json.loads(change.supersedes),
                change.head,
            )
    numbered: dict[str, int] = {}  # the new changes' seq, for the Head of each that stays one
    if new:
        assert decoded is not None and before_seq is not None
        wanted = set(groups)
        for n, op in enumerate(new, before_seq + 1):
            group = (op["entity"], op["entity_id"], op["field"])
            if group in wanted:
                by_group[group][op["id"]] = (decoded.supersedes(op), op)
                numbered[op["id"]] = n
    heads: dict[Group, list[Head]] = {}
    for group, changes in by_group.items():
        superseded: set[str] = set()
        for supersedes, _ in changes.values():
            superseded.update(supersedes)
        heads[group] = [_as_head(c, numbered) for i, (_, c) in changes.items() if i not in superseded]
    txn.changes.set_heads(groups, {group: [head.id for head in hs] for group, hs in heads.items()})
    return heads


def _as_head(change: Head | dict[str, Any], numbered: dict[str, int]) -> Head:
    """A head read from the log as it is; a new change (a wire dict) as a Head."""
    if isinstance(change, Head):
        return change
    op = change
    return Head(op["id"], op["stamp"], op["replica_id"], op["new_value"], op["at"], op["actor"], numbered[op["id"]])


def heads_of(txn: ReadTxn, entity: str, entity_id: str, field_name: str) -> list[Head]:
    return txn.changes.head_changes(entity, entity_id, field_name)


# --- deletions -------------------------------------------------------------------------------
def about_ids(txn: ReadTxn, entity: str, entity_id: str, before_seq: int | None = None) -> set[str]:
    """The changes that edit a record (not its creation or deletion), and for an action the
    changes of its progress entries; only those that arrived here before ``before_seq``."""
    return txn.changes.edits_of(entity, entity_id, before_seq)


def seen_of(txn: ReadTxn, head: Head, entity: str, entity_id: str) -> set[str]:
    """What the author of a deletion had seen of the record: as sent with the deletion, or, for
    a deletion made here and not yet sealed, everything about the record that arrived before it."""
    seen = txn.changes.seen_by(head.id)
    if seen is not None:
        return seen
    return about_ids(txn, entity, entity_id, before_seq=head.seq)


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


def delete_state(txn: ReadTxn, entity: str, entity_id: str) -> DeleteState:
    heads = heads_of(txn, entity, entity_id, "_delete")
    deletes = [h for h in heads if h.new_value == TRUE]
    restores = [h for h in heads if h.new_value != TRUE]
    if not deletes:
        return DeleteState(False, [], restores)
    seens = [seen_of(txn, d, entity, entity_id) for d in deletes]
    unseen = [e for e in txn.changes.live_edits(entity, entity_id) if not any(e in s for s in seens)]
    state = DeleteState(False, deletes, restores, unseen)
    if entity == "objective":
        # Deleting an objective deletes its actions; one still shown was edited (or added) by
        # someone who had not seen the deletion, and it keeps its objective with it.
        state.kept_children = txn.records.live_actions_of(entity_id)
    state.deleted = not state.conflict
    return state
