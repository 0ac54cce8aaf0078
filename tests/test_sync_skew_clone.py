"""A divergence found by `make soak` (trial 234 of a 30-minute run, 8 divergent pairs): a laptop
whose clock ran fast corrects the stamps of its unsent changes in place before sending them
(storage/sync/skew.py), assuming nobody else holds them; a disk-image clone does. The original
sends the corrected version, the clone the uncorrected one, and each laptop kept the version
that reached it first, so they never agreed again. Now every laptop settles a change id received
in two versions on the earlier one (storage/sync/versions.py), whatever the order of arrival."""

from __future__ import annotations

import json
from datetime import UTC, datetime

import pytest
from db_support import Database
from test_sync_support import change_ids, dump, run_clock_fast, seed_plan, sync_all

from storage.sync import run_sync
from storage.sync.local import file_identity
from storage.writes import edit

TWO_YEARS = 2 * 365 * 86400


def test_a_clone_of_a_laptop_whose_clock_ran_fast_converges_with_it(tmp_path, monkeypatch):
    def skew(seconds: float) -> None:
        run_clock_fast(monkeypatch, seconds)

    folder = tmp_path / "share"
    a = Database.open(tmp_path / "a.db")
    ids = seed_plan(a)
    run_sync(a, folder, snapshot=False)
    skew(TWO_YEARS)
    with edit(a, actor="Ann") as e:
        e.set_rag(ids["a0"], "green", reason="fast clock")
    a.close()
    skew(0)
    (tmp_path / "b.db").write_bytes((tmp_path / "a.db").read_bytes())  # a disk image: the edit unsent
    b = Database.open(tmp_path / "b.db")
    with b.write(actor="") as txn:  # the image keeps a's identity, as a cloned inode would
        record = json.loads(txn.scalar("SELECT value FROM setting WHERE key = 'sync_claim'"))
        record["file"] = file_identity(b)
        txn.run("UPDATE setting SET value = ? WHERE key = 'sync_claim'", (json.dumps(record),))
    a = Database.open(tmp_path / "a.db")
    skew(TWO_YEARS)
    run_sync(a, folder, snapshot=False)  # still fast: corrects its unsent edit's stamp, sends it
    skew(0)
    run_sync(b, folder, snapshot=False)  # the true clock: holds the uncorrected copy
    newcomer = Database.memory()
    sync_all([a, b, newcomer], folder, rounds=3)
    assert change_ids(a) == change_ids(b) == change_ids(newcomer)
    assert dump(a) == dump(b) == dump(newcomer)


def clone_with_fast_edit(tmp_path, monkeypatch, place=None):
    """``a`` (clock two years fast) made an edit it has not sent; ``b`` is a disk image of it.
    Both have synced with ``place`` (default: a folder) before the edit."""
    folder = tmp_path / "share" if place is None else place
    a = Database.open(tmp_path / "a.db")
    ids = seed_plan(a)
    run_sync(a, folder, snapshot=False)
    run_clock_fast(monkeypatch, TWO_YEARS)
    with edit(a, actor="Ann") as e:
        e.set_rag(ids["a0"], "green", reason="fast clock")
    a.close()
    run_clock_fast(monkeypatch, 0)
    (tmp_path / "b.db").write_bytes((tmp_path / "a.db").read_bytes())
    b = Database.open(tmp_path / "b.db")
    with b.write(actor="") as txn:
        record = json.loads(txn.scalar("SELECT value FROM setting WHERE key = 'sync_claim'"))
        record["file"] = file_identity(b)
        txn.run("UPDATE setting SET value = ? WHERE key = 'sync_claim'", (json.dumps(record),))
    return folder, Database.open(tmp_path / "a.db"), b, ids


def rag_change_years(db) -> set[str]:
    with db.read() as txn:
        return {
            row["at"][:4] for row in txn.rows("SELECT at FROM change WHERE field = 'rag' AND reason = 'fast clock'")
        }


@pytest.mark.parametrize("clone_first", [False, True], ids=["original first", "clone first"])
def test_both_versions_on_the_share_settle_on_one_in_any_order(tmp_path, monkeypatch, clone_first):
    folder, a, b, _ = clone_with_fast_edit(tmp_path, monkeypatch)

    def send_a() -> None:
        run_clock_fast(monkeypatch, TWO_YEARS)
        run_sync(a, folder, snapshot=False)  # corrects its unsent edit (unless the share has it)
        run_clock_fast(monkeypatch, 0)

    def send_b() -> None:
        run_sync(b, folder, snapshot=False, receive=False)  # the uncorrected version goes out

    for step in (send_b, send_a) if clone_first else (send_a, send_b):
        step()
    newcomer = Database.memory()
    run_sync(newcomer, folder, snapshot=False)  # reads every version at once
    sync_all([b, a, newcomer], folder, rounds=2)
    assert change_ids(a) == change_ids(b) == change_ids(newcomer)
    assert dump(a) == dump(b) == dump(newcomer)
    if not clone_first:  # the corrected version was out: it is the one everyone keeps
        assert rag_change_years(newcomer) == {str(datetime.now(UTC).year)}


def test_the_earlier_of_two_versions_is_kept_whichever_comes_first():
    from storage.sync.versions import earliest

    change = {
        "id": "c1",
        "txn_id": "t1",
        "replica_id": "r1",
        "stamp": "1796196850898.00000.r1",
        "actor": "Ann",
        "at": "2028-12-01T10:00:00.000Z",
        "entity": "action",
        "entity_id": "a1",
        "field": "rag",
        "old_value": '"red"',
        "new_value": '"green"',
        "reason": None,
        "supersedes": "[]",
        "source": "edit",
    }
    corrected = {**change, "stamp": "1733047250898.00000.r1", "at": "2026-12-01T10:00:00.000Z"}
    assert earliest(change, corrected) is corrected
    assert earliest(corrected, change) is corrected
    other_value = {**corrected, "new_value": '"amber"'}  # not one change told twice: first kept
    assert earliest(change, other_value) is change
    broken = {**corrected, "at": "yesterday"}
    assert earliest(change, broken) is change


def test_the_earlier_version_is_sent_again_when_its_only_file_is_damaged(tmp_path, monkeypatch):
    """Found by `make soak` (12 divergent pairs that 6 more rounds did not mend): the corrected
    version's one file on the share was damaged after a colleague took it, and the clone sent the
    uncorrected one. Laptops holding the corrected version counted the change as on the share
    (the ledger said "a file holds this change id", not which version), so nobody sent it again:
    half the team kept each version for good. A file holding another version of a change does
    not hold this laptop's: the earlier version is sent again, and everyone settles on it."""
    folder, a, b, _ = clone_with_fast_edit(tmp_path, monkeypatch)
    colleague, newcomer = Database.memory(), Database.memory()
    run_sync(colleague, folder, snapshot=False)
    run_clock_fast(monkeypatch, TWO_YEARS)
    run_sync(a, folder, snapshot=False)  # corrects its unsent edit and sends it: the one file of it
    run_clock_fast(monkeypatch, 0)
    run_sync(colleague, folder, snapshot=False)  # takes the corrected version
    (corrected,) = [p for p in folder.glob("replicas/*/*.jsonl") if b'"fast clock"' in p.read_bytes()]
    data = bytearray(corrected.read_bytes())
    data[-5] ^= 0x5A  # damaged on the share (same size, content no longer matches its hash)
    corrected.write_bytes(bytes(data))
    run_sync(b, folder, snapshot=False)  # the clone sends the uncorrected version
    run_sync(newcomer, folder, snapshot=False)  # which is all the share has of it now
    sync_all([a, b, colleague, newcomer], folder, rounds=2)
    assert change_ids(a) == change_ids(b) == change_ids(colleague) == change_ids(newcomer)
    assert dump(a) == dump(b) == dump(colleague) == dump(newcomer)
    assert rag_change_years(newcomer) == {str(datetime.now(UTC).year)}
