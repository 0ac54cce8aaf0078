"""A bulk edit (the app's b) is one change group: one undo step, and it syncs like any edit."""

from __future__ import annotations

from db_support import Database
from test_sync_support import dump, rag, seed_plan, sync_all

from storage.sync import list_conflicts
from storage.writes import edit, undo
from tui.controllers.bulk import bulk_change


def test_bulk_edit_syncs_and_its_undo_syncs(tmp_path):
    a, b = Database.memory(), Database.memory()
    ids = seed_plan(a)
    folder = tmp_path / "share"
    sync_all([a, b], folder, rounds=1)
    marked = [ids["a0"], ids["a2"]]
    with edit(a, actor="Ann") as e:
        bulk_change("rag", "amber", "Budget cut", marked)(e)
        bulk_change("leads", [ids["keith"]], "Budget cut", marked)(e)
        step = e.txn_id
    with a.read() as txn:  # one transaction: two ratings and two lead changes
        assert sorted(c.field for c in txn.changes.of_transaction(step)) == ["leads", "leads", "rag", "rag"]
    sync_all([a, b], folder)
    assert [rag(b, ids[k]) for k in ("a0", "a1", "a2")] == ["amber", "red", "amber"]
    assert dump(a) == dump(b)
    undo(a, step, actor="Ann")
    sync_all([a, b], folder)
    assert [rag(b, ids[k]) for k in ("a0", "a1", "a2")] == ["red", "red", "red"]
    assert list_conflicts(b) == [] and dump(a) == dump(b)
