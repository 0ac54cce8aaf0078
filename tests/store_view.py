"""A view of a store for tests that read between edits: the latest committed state, statement by
statement (no transaction held open, so the test's edits are not blocked by it)."""

from __future__ import annotations

from storage.db import ReadTxn, Store


def view(store: Store) -> ReadTxn:
    """Read operations on a connection of the store's own (the only one, in memory)."""
    return ReadTxn(store.link().connection)
