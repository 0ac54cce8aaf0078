"""One change id, two versions: every laptop settles on the same one.

A laptop whose clock ran fast moves its unsent changes back before sending them
(``storage.sync.skew``). "Unsent" is what this database knows; a disk image taken before the
sync holds the same changes as they were, and sends them too. The same change id then exists in
two versions that differ only in their time and stamp, and a laptop that kept whichever reached
it first would never agree with the others (found by ``make soak``).

So a version is never trusted to be the only one: when a change arrives whose id is known here
(in the log, or held back), or twice in one sync, and the two versions differ only in ``at`` and
``stamp``, every laptop keeps the earlier (stamp, then time): the corrected one, whatever the
order of arrival. What the time and stamp feed (the value shown among concurrent ones, when a
record was made, an action's "updated") is derived again. Versions that differ in anything else
are not one change told twice: the first one kept stays, as before.

A shared folder holds both versions as the laptops sent them. A PostgreSQL hub keeps a change
once, but for a later version that comes before every one it holds (``ragtrack.comes_first`` in
``storage/hub/schema.sql``, the same rule): laptops read it as another batch and settle here.

A batch (a file, a hub's rows) holding another version of a change does not hold this laptop's:
the sync ledger notes a batch as holding a change only in the version kept here (``settle``
says which that is), and forgets what it noted of a change whose kept version moved. Otherwise,
once the one file of the earlier version was lost, its holders would count it as on the share
(a file holds that change id) and never send it again, and the laptops that had only the later
version would keep it for good (found by ``make soak``: 12 divergent pairs).
"""

from __future__ import annotations

import json
from typing import Any

from storage.clock import Stamp
from storage.db import WriteTxn
from storage.sync.skew import rederive_moved
from storage.sync.validate import problem
from storage.sync.wire import CHANGE_COLUMNS

#: What a fast clock's correction changes; a change's every other column is the same everywhere.
_RETIMED = ("at", "stamp")
_SAME = tuple(column for column in CHANGE_COLUMNS if column not in _RETIMED)


def when(change: Any) -> tuple[Any, Any]:
    """What tells versions of one change apart: its time and stamp."""
    return (change.get("at"), change.get("stamp")) if isinstance(change, dict) else (None, None)


def _order(change: dict[str, Any]) -> tuple[Stamp, str]:
    return Stamp.parse(change["stamp"]), change["at"]


def retimed(kept: dict[str, Any], other: Any) -> bool:
    """Whether ``other`` is a well-formed version of ``kept`` (the same change with another time
    and stamp) that comes first: every laptop keeps that one."""
    if not isinstance(other, dict) or any(kept.get(column) != other.get(column) for column in _SAME):
        return False
    if (kept.get("at"), kept.get("stamp")) == (other.get("at"), other.get("stamp")):
        return False  # the same version (the usual case: a batch read again)
    return problem(other) is None and problem(kept) is None and _order(other) < _order(kept)


def earliest(first: Any, other: Any) -> Any:
    """Of two received versions of one change id, the one to keep."""
    return other if isinstance(first, dict) and retimed(first, other) else first


def settle(txn: WriteTxn, received: list[dict[str, Any]]) -> dict[str, tuple[Any, Any]]:
    """Settle ``received`` versions of changes already here (logged or held back; one per id) on
    the earliest, and rederive what their time and stamp feed. Returns, for each change received
    in a version other than the one here, the time and stamp of the version kept now."""
    ids = sorted({change["id"] for change in received})
    logged = txn.ledger.logged_versions(ids)
    held = txn.ledger.held_versions(ids)
    moved: list[dict[str, Any]] = []
    rewritten: list[tuple[str, str]] = []
    kept: dict[str, tuple[Any, Any]] = {}
    for change in received:
        here = logged.get(change["id"])
        if here is None:
            here = held.get(change["id"])
        if here is None or when(here) == when(change):
            continue
        if not retimed(here, change):
            kept[change["id"]] = when(here)
            continue
        kept[change["id"]] = when(change)
        if change["id"] in logged:
            moved.append(change)
        else:
            rewritten.append(
                (change["id"], json.dumps({**here, **{c: change[c] for c in _RETIMED}}, ensure_ascii=False))
            )
    txn.ledger.replace_held(rewritten)
    # The batches noted as holding these held the version this laptop no longer keeps.
    txn.ledger.unshare([change["id"] for change in moved] + [change_id for change_id, _ in rewritten])
    if moved:
        txn.changes.move_back([(change["at"], change["stamp"], change["id"]) for change in moved])
        rederive_moved(txn, moved)
    return kept
