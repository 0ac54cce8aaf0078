"""Issue 11's sync defects, each reproduced as it was found (each failed before its fix):
damaged shares, identities that survive copies and clones, hostile changes, a mistyped folder,
clock skew. Every test ends with the guarantees: nothing lost, every laptop the same."""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path

import pytest
from db_support import Database
from test_sync_support import HOSTILE, change_ids, dump, integrity, rag, seed_plan, sync_all, write_hostile

from storage.sync import SyncError, list_conflicts, run_sync, sync_status
from storage.sync.format import Layout
from storage.writes import edit


def _segments(folder: Path, db: Database) -> list[Path]:
    return sorted(Layout(folder).replica(db.replica_id).glob("*.jsonl"))


def _laptops(n: int) -> list[Database]:
    return [Database.memory() for _ in range(n)]


# --- 1. repair does not depend on every laptop having synced ----------------------------------
def test_a_lost_segment_is_repaired_though_one_laptop_never_syncs_again(tmp_path):
    folder = tmp_path / "share"
    r0, r1, r2 = _laptops(3)
    ids = seed_plan(r0)
    sync_all([r0, r1, r2], folder, rounds=1)  # r2 never syncs again
    for n, value in enumerate(["amber", "green", "blue"]):
        with edit(r1, actor="Rob") as e:
            e.set_rag(ids["a0"], value, reason=f"edit {n}")
        run_sync(r1, folder, snapshot=False)
    r2_heartbeat = sorted(Layout(folder).replica(r2.replica_id).glob("heartbeat-*"))
    third = _segments(folder, r1)[-1]
    assert len(_segments(folder, r1)) == 3 and "blue" in third.read_text()
    third.unlink()  # the third edit's file
    repaired = run_sync(r1, folder, snapshot=False)
    # r1 does not believe nothing waits: it sees the share lost its edit and sends it again
    assert repaired.sent == 1
    assert sync_status(r1).unsent == 0 and len(_segments(folder, r1)) == 3
    run_sync(r0, folder, snapshot=False)
    assert rag(r0, ids["a0"]) == "blue"
    assert sorted(Layout(folder).replica(r2.replica_id).glob("heartbeat-*")) == r2_heartbeat  # r2 never synced
    assert change_ids(r0) == change_ids(r1) and dump(r0) == dump(r1)


def test_an_edit_that_reached_one_laptop_reaches_all_after_its_file_and_author_are_gone(tmp_path):
    folder = tmp_path / "share"
    author, holder = _laptops(2)
    ids = seed_plan(author)
    sync_all([author, holder], folder, rounds=1)
    with edit(author, actor="Ann") as e:
        e.set_rag(ids["a1"], "green", reason="done")
    run_sync(author, folder, snapshot=False)
    run_sync(holder, folder, snapshot=False)  # the holder took it
    for path in _segments(folder, author):
        path.unlink()  # every file Ann wrote is lost, and Ann never syncs again
    run_sync(holder, folder, snapshot=False)  # republishes what the share lost
    newcomer = Database.memory()
    run_sync(newcomer, folder, snapshot=False)
    assert rag(newcomer, ids["a1"]) == "green"
    assert change_ids(newcomer) == change_ids(holder) == change_ids(author)


# --- 2. junk named like ours never forces a switch; a damaged old file is repaired --------------
def test_a_junk_heartbeat_forces_no_switch_and_a_damaged_file_is_sent_again(tmp_path):
    folder = tmp_path / "share"
    a, b = _laptops(2)
    ids = seed_plan(a)
    sync_all([a, b], folder, rounds=1)
    with edit(a) as e:
        e.set_rag(ids["a0"], "amber", reason="x")
    run_sync(a, folder, snapshot=False)
    replica = a.replica_id
    mine = Layout(folder).replica(replica)
    (mine / "heartbeat-0000000000001-deadbeef.json").write_text("junk")
    last = _segments(folder, a)[-1]
    last.write_bytes(last.read_bytes()[:-10])
    result = run_sync(a, folder, snapshot=False)
    assert a.replica_id == replica, "a junk file must not change the laptop's identity"
    assert not any("another database" in n for n in result.notices)
    with edit(a) as e:
        e.set_rag(ids["a1"], "green", reason="later")
    run_sync(a, folder, snapshot=False)
    run_sync(b, folder, snapshot=False)
    assert (rag(b, ids["a0"]), rag(b, ids["a1"])) == ("amber", "green")
    assert dump(a) == dump(b)


# --- 3. a copied or restored file takes one new identity, once --------------------------------
def test_a_copied_database_takes_one_new_replica_and_keeps_it(tmp_path):
    folder = tmp_path / "share"
    a = Database.open(tmp_path / "a.db")
    seed_plan(a)
    run_sync(a, folder, snapshot=False)
    a.close()
    copy = tmp_path / "copy.db"
    copy.write_bytes((tmp_path / "a.db").read_bytes())
    (tmp_path / "a.db").unlink()  # moved: the same laptop's database with a new file identity
    db = Database.open(copy)
    ids = []
    for n in range(4):
        with edit(db) as e:
            e.create("officer", name=f"Officer {n}")
        run_sync(db, folder, snapshot=False)
        ids.append(db.replica_id)
    assert len(set(ids)) == 1
    assert len(list(Layout(folder).replicas.iterdir())) == 2  # the original's, and the copy's
    db.close()


# --- 4 (undo) is in test_sync_undo.py ----------------------------------------------------------


# --- 5. two databases with one cloned identity -------------------------------------------------
def _clone(source: Path, target: Path) -> Database:
    """A disk-image clone: the same bytes, and (as on a cloned disk) nothing that tells it from
    the original: its recorded file identity is its own."""
    target.write_bytes(source.read_bytes())
    db = Database.open(target)
    from storage.sync.local import file_identity

    with db.write(actor="") as txn:
        record = json.loads(txn.scalar("SELECT value FROM setting WHERE key = 'sync_claim'"))
        record["file"] = file_identity(db)
        txn.run("UPDATE setting SET value = ? WHERE key = 'sync_claim'", (json.dumps(record),))
    return db


def test_two_clones_writing_the_same_segment_split_and_lose_nothing(tmp_path):
    folder = tmp_path / "share"
    a = Database.open(tmp_path / "a.db")
    ids = seed_plan(a)
    run_sync(a, folder, snapshot=False)
    a.close()
    b = _clone(tmp_path / "a.db", tmp_path / "b.db")
    a = Database.open(tmp_path / "a.db")
    assert a.replica_id == b.replica_id
    with edit(a, actor="Ann") as e:
        e.set("action", ids["a0"], "text", "Ann's")
    with edit(b, actor="Bob") as e:
        e.set("action", ids["a1"], "text", "Bob's")
    run_sync(a, folder, snapshot=False)
    run_sync(b, folder, snapshot=False)  # both wrote segment 2 of one replica
    c = Database.memory()
    sync_all([a, b, c], folder, rounds=3)
    assert a.replica_id != b.replica_id
    made = change_ids(a) | change_ids(b)
    assert change_ids(a) == change_ids(b) == change_ids(c) == made
    assert dump(a) == dump(b) == dump(c)
    a.close()
    b.close()


# --- 6. a retired laptop with a missing segment never blocks anyone ----------------------------
def test_a_retired_laptop_with_a_missing_segment_does_not_stop_a_new_laptop(tmp_path):
    folder = tmp_path / "share"
    retired, active = _laptops(2)
    ids = seed_plan(retired)
    sync_all([retired, active], folder, rounds=1)
    for value in ("amber", "green"):
        with edit(retired, actor="Ret") as e:
            e.set_rag(ids["a2"], value, reason=value)
        run_sync(retired, folder, snapshot=False)
    run_sync(active, folder, snapshot=False)
    _segments(folder, retired)[1].unlink()  # the retired laptop's segment 2 is lost
    with edit(active, actor="Act") as e:
        e.set_rag(ids["a1"], "blue", reason="later work")
    run_sync(active, folder, snapshot=False)
    new = Database.memory()
    result = run_sync(new, folder, snapshot=False)
    assert not any("sync again later" in w for w in result.warnings)
    assert rag(new, ids["a1"]) == "blue" and rag(new, ids["a2"]) == "green"
    assert change_ids(new) == change_ids(active)
    assert dump(new) == dump(active)


def test_sync_folder_on_a_new_laptop_gets_everything_past_a_retired_laptops_missing_file(tmp_path, capsys):
    """Defect 6 as officers met it: ``ragtrack sync FOLDER`` on a new laptop (no database yet)
    received nobody's later changes and said "sync again later"."""
    from tui.cli import main

    folder = tmp_path / "share"
    retired, active = Database.memory(), Database.open(tmp_path / "active.db")
    ids = seed_plan(retired)
    sync_all([retired, active], folder, rounds=1)
    for value in ("amber", "green"):
        with edit(retired, actor="Ret") as e:
            e.set_rag(ids["a2"], value, reason=value)
        run_sync(retired, folder, snapshot=False)
    run_sync(active, folder, snapshot=False)
    _segments(folder, retired)[1].unlink()
    with edit(active, actor="Act") as e:
        e.set_rag(ids["a1"], "blue", reason="later work")
    run_sync(active, folder, snapshot=False)
    capsys.readouterr()
    assert main(["--db", str(tmp_path / "new.db"), "sync", str(folder)]) == 0
    said = capsys.readouterr()
    assert "sync again later" not in said.out + said.err
    new = Database.open(tmp_path / "new.db")
    assert rag(new, ids["a1"]) == "blue" and rag(new, ids["a2"]) == "green"
    assert change_ids(new) == change_ids(active) and dump(new) == dump(active)
    new.close()
    active.close()


# --- 7. hostile but hash-valid changes ---------------------------------------------------------
@pytest.mark.parametrize("kind", sorted(HOSTILE))
def test_a_hostile_change_is_quarantined_and_blocks_nothing(tmp_path, kind, capsys):
    folder = tmp_path / "share"
    a = Database.memory()
    b = Database.open(tmp_path / "b.db")
    ids = seed_plan(a)
    sync_all([a, b], folder, rounds=1)
    with edit(a) as e:
        e.set_rag(ids["a0"], "green", reason="before")
    run_sync(a, folder, snapshot=False)
    template = next(
        json.loads(line)
        for path in _segments(folder, a)
        for line in path.read_text().splitlines()[1:]
        if json.loads(line)["field"] == "rag"
    )
    hostile = {k: v.replace("{plan}", ids["plan"]) if isinstance(v, str) else v for k, v in HOSTILE[kind].items()}
    write_hostile(folder, template, **hostile)
    with edit(a) as e:
        e.set_rag(ids["a1"], "amber", reason="after")
    run_sync(a, folder, snapshot=False)
    result = run_sync(b, folder, snapshot=False)
    assert (rag(b, ids["a0"]), rag(b, ids["a1"])) == ("green", "amber")
    assert "f" * 32 not in change_ids(b)
    assert any("set aside" in w for w in result.warnings)
    assert integrity(tmp_path / "b.db") == "ok"
    list_conflicts(b)
    b.close()
    from tui.cli import main

    assert main(["--db", str(tmp_path / "b.db"), "show", "1a"]) == 0
    assert main(["--db", str(tmp_path / "b.db"), "list", "--format", "json"]) == 0
    assert "purple" not in capsys.readouterr().out


# --- 8. changing a laptop's folder is explicit -------------------------------------------------
def test_a_mistyped_folder_starts_no_store_and_is_not_remembered(tmp_path):
    folder, typo = tmp_path / "share", tmp_path / "shrae"
    (a,) = _laptops(1)
    seed_plan(a)
    run_sync(a, folder, snapshot=False)
    with pytest.raises(SyncError, match="move-to"):
        run_sync(a, typo, snapshot=False)
    assert not (typo / "FORMAT").exists()
    assert run_sync(a, snapshot=False).folder == str(folder)  # still remembered
    moved = run_sync(a, typo, snapshot=False, move=True)  # said on purpose
    assert moved.created_store and run_sync(a, snapshot=False).folder == str(typo)


# --- 10. clock skew leaves no marks ------------------------------------------------------------
TWO_YEARS = 2 * 365 * 86400


@pytest.fixture
def fast_clock(monkeypatch):
    """Make this process's clock run ``seconds`` fast (file servers keep the true time)."""
    from datetime import UTC, datetime

    real = time.time

    def skew(seconds: float) -> None:
        monkeypatch.setattr(time, "time", lambda: real() + seconds)

        def iso() -> str:
            return datetime.fromtimestamp(real() + seconds, UTC).strftime("%Y-%m-%dT%H:%M:%S.%f")[:-3] + "Z"

        for name, module in list(sys.modules.items()):
            if name.startswith("storage") and getattr(module, "utc_now_iso", None) is not None:
                monkeypatch.setattr(module, "utc_now_iso", iso)

    yield skew
    monkeypatch.undo()


def test_a_clock_two_years_fast_leaves_no_marks(tmp_path, fast_clock, monkeypatch):
    folder = tmp_path / "share"
    a, b = _laptops(2)
    ids = seed_plan(a)
    sync_all([a, b], folder, rounds=1)
    fast_clock(TWO_YEARS)
    with edit(b, actor="Bob") as e:
        e.set_rag(ids["a0"], "green", reason="skewed")
    run_sync(b, folder, snapshot=False)
    monkeypatch.undo()  # the clock is put right
    with edit(a, actor="Ann") as e:  # Ann edits after receiving nothing: a real conflict
        e.set_rag(ids["a0"], "amber", reason="true time")
    sync_all([a, b], folder)
    soon = time.strftime("%Y-%m-%dT%H:%M:%S", time.gmtime(time.time() + 3600))
    for db in (a, b):
        for peer in sync_status(db).replicas:
            assert peer.last_sync_at < soon, peer
        updated = db.reader().execute("SELECT max(updated_at), max(last_update) FROM action").fetchone()
        assert updated[0] < soon and updated[1] <= soon[:10]
    (conflict,) = list_conflicts(a)
    assert conflict.default == "amber", "the skewed laptop's value must not win for two years"
    assert dump(a) == dump(b)


def test_a_laptop_that_changed_replica_id_leaves_nothing_hanging_on_its_old_folder(tmp_path):
    """Defect 2: after a laptop moves to a new replica id (its file was copied), a damaged file
    in its OLD folder must neither stop anyone receiving its new changes nor lose the old one."""
    folder = tmp_path / "share"
    a = Database.open(tmp_path / "a.db")
    b = Database.memory()
    ids = seed_plan(a)
    sync_all([a, b], folder, rounds=1)
    with edit(a, actor="Ann") as e:
        e.set_rag(ids["a0"], "amber", reason="old identity")
    run_sync(a, folder, snapshot=False)
    old = a.replica_id
    a.close()
    moved = tmp_path / "moved.db"
    moved.write_bytes((tmp_path / "a.db").read_bytes())
    (tmp_path / "a.db").unlink()
    a = Database.open(moved)
    with edit(a, actor="Ann") as e:
        e.set_rag(ids["a1"], "green", reason="new identity")
    run_sync(a, folder, snapshot=False)
    assert a.replica_id != old
    last_old = sorted(Layout(folder).replica(old).glob("*.jsonl"))[-1]
    last_old.write_bytes(last_old.read_bytes()[:-15])  # the old folder's last file is damaged
    with edit(a, actor="Ann") as e:
        e.set("action", ids["a2"], "text", "after the damage")
    run_sync(a, folder, snapshot=False)  # Ann republishes what the damaged file held
    run_sync(b, folder, snapshot=False)
    assert (rag(b, ids["a0"]), rag(b, ids["a1"])) == ("amber", "green")
    newcomer = Database.memory()
    run_sync(newcomer, folder, snapshot=False)
    assert change_ids(newcomer) == change_ids(a) == change_ids(b)
    assert dump(newcomer) == dump(a) == dump(b)
    a.close()
