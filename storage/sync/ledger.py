"""This laptop's sync ledger, per store: the batches it has taken from the store or published to
it, which changes each batch holds, where the last read ended, and the changes it holds back.

The ledger is what repair rests on. A change is *on the store* while at least one batch that
holds it is intact; when a batch goes missing or is damaged, its rows go, and every change that
no other batch holds is *missing*: this laptop publishes it again at its next sync (its own
edits, a colleague's, anyone's). A new edit is missing until it is published, so "what waits
to be sent" and "what the store lost" are one question.

The ledger is kept in the local database (``txn.ledger``, ``storage.db.sync_ledger``); these
functions run in the caller's transaction.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable
from typing import Any

from storage.db import ReadTxn, WriteTxn
from storage.sync.validate import Held


class StoreLedger:
    """The ledger of one store as ``transport.Ledger``: read once at the start of a sync."""

    def __init__(self, txn: ReadTxn, store_id: str) -> None:
        self._taken = txn.ledger.batches(store_id)
        self._cursor = txn.ledger.cursor(store_id)

    @property
    def cursor(self) -> str:
        return self._cursor

    def fingerprint(self, key: str) -> str | None:
        return self._taken.get(key)

    def keys(self) -> Iterable[str]:
        return list(self._taken)


def seal_deletions(txn: WriteTxn, about_ids: Callable[..., set[str]]) -> None:
    """Record, for each deletion made here, what its author had seen of the record (everything
    about it that arrived before the deletion): it travels with the deletion.
    ``about_ids(txn, entity, entity_id, before_seq)`` says what that was."""
    txn.changes.add_seen(
        [
            (row["id"], about_ids(txn, row["entity"], row["entity_id"], before_seq=row["seq"]))
            for row in txn.ledger.unsealed_deletions()
        ]
    )


def hold(txn: WriteTxn, held: Iterable[Held], at: str) -> None:
    """Keep changes that are not applied (a change already held keeps its first record)."""
    txn.ledger.hold(
        (h.change["id"], json.dumps(h.change, ensure_ascii=False), h.kind, h.reason, _actor(h.change), at) for h in held
    )


def _actor(change: dict[str, Any]) -> str:
    actor = change.get("actor")
    return actor if isinstance(actor, str) else ""
