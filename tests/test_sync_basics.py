"""Sync between laptops through a folder: the guarantees of SYNC.md, one behaviour per test."""

from __future__ import annotations

import itertools
import json
import sqlite3
import threading
import time
from pathlib import Path, PureWindowsPath

import pytest
from db_support import Database
from test_sync_support import change_ids, dump, rag, seed_plan, shown, sync_all

from storage.db import Key
from storage.errors import EditRefused
from storage.sync import NewerFormat, SyncError, list_conflicts, resolve_conflict, run_sync, sync_status
from storage.sync.apply import MassDeletion
from storage.sync.format import Layout, segment_name
from storage.writes import edit


@pytest.fixture
def laptops():
    made = []

    def make(n: int = 2) -> list[Database]:
        dbs = [Database.memory() for _ in range(n)]
        made.extend(dbs)
        return dbs

    yield make
    for db in made:
        db.close()


def joined(laptops, folder: Path, n: int = 2, actions: int = 3):
    """``n`` laptops sharing a plan made on the first."""
    dbs = laptops(n)
    ids = seed_plan(dbs[0], actions)
    sync_all(dbs, folder, rounds=1)
    return dbs, ids


def test_first_sync_creates_the_store_and_a_second_laptop_joins(laptops, tmp_path):
    a, b = laptops(2)
    ids = seed_plan(a)
    first = run_sync(a, tmp_path / "share")
    assert first.created_store and first.sent == len(change_ids(a)) and first.received == 0
    fmt = json.loads((tmp_path / "share" / "FORMAT").read_text())
    assert (fmt["format"], fmt["version"], fmt["store_id"]) == ("ragtrack-sync", 1, first.store_id)
    second = run_sync(b, tmp_path / "share")
    assert not second.created_store and second.received == first.sent and second.sent == 0
    assert dump(a) == dump(b)
    assert rag(b, ids["a0"]) == "red"
    assert run_sync(b).folder == str(tmp_path / "share")  # remembered


def test_concurrent_edits_give_exactly_one_conflict_with_every_value_and_a_default(laptops, tmp_path):
    (a, b), ids = joined(laptops, tmp_path)
    with edit(a, actor="Ann") as e:
        e.set_rag(ids["a0"], "amber", reason="slipping")
    with edit(b, actor="Bob") as e:
        e.set_rag(ids["a0"], "green", reason="on track")
    sync_all([a, b], tmp_path)
    assert dump(a) == dump(b)
    for db in (a, b):
        (conflict,) = list_conflicts(db)
        assert (conflict.kind, conflict.entity_id, conflict.field) == ("field", ids["a0"], "rag")
        assert sorted((v.value, v.actor) for v in conflict.values) == [("amber", "Ann"), ("green", "Bob")]
        assert conflict.values[0].value == conflict.default == rag(db, ids["a0"])
        assert "action 1a (Care2Work) RAG" in conflict.describe()
    resolve_conflict(b, list_conflicts(b)[0], "amber", actor="Bob")
    sync_all([a, b], tmp_path)
    assert list_conflicts(a) == list_conflicts(b) == []
    assert rag(a, ids["a0"]) == rag(b, ids["a0"]) == "amber"
    assert dump(a) == dump(b)


def test_an_edit_made_after_seeing_the_other_is_no_conflict_even_with_clocks_hours_wrong(
    laptops, tmp_path, monkeypatch
):
    (a, b), ids = joined(laptops, tmp_path)
    import storage.clock as clock

    real = time.time
    monkeypatch.setattr(clock.time, "time", lambda: real() + 10 * 3600)  # Ann's laptop: 10 hours fast
    with edit(a, actor="Ann") as e:
        e.set_rag(ids["a0"], "amber", reason="from the future")
    monkeypatch.setattr(clock.time, "time", real)
    assert int(a.setting("clock").split(".")[0]) > (real() + 9 * 3600) * 1000
    sync_all([a, b], tmp_path, rounds=1)
    # Bob's clock is right: he sees Ann's change and changes it again, an "earlier" stamp.
    with edit(b, actor="Bob") as e:
        e.set_rag(ids["a0"], "green", reason="actually fine")
    sync_all([a, b], tmp_path)
    assert list_conflicts(a) == list_conflicts(b) == []
    assert rag(a, ids["a0"]) == rag(b, ids["a0"]) == "green"
    # The future stamp did not drag Bob's clock more than an hour ahead.
    millis = int(b.setting("clock").split(".")[0])
    assert millis < (real() + 3600 + 60) * 1000


def test_officers_who_agree_are_not_in_conflict(laptops, tmp_path):
    (a, b), ids = joined(laptops, tmp_path)
    for db in (a, b):
        with edit(db) as e:
            e.set_rag(ids["a1"], "amber", reason="same view")
    sync_all([a, b], tmp_path)
    assert list_conflicts(a) == [] and rag(a, ids["a1"]) == "amber" and dump(a) == dump(b)


def test_an_edit_and_a_concurrent_delete_keep_the_record_and_flag_it(laptops, tmp_path):
    (a, b), ids = joined(laptops, tmp_path)
    with edit(a, actor="Ann") as e:
        e.delete("action", ids["a0"])
        e.delete("action", ids["a1"])
    with edit(b, actor="Bob") as e:
        e.set_rag(ids["a0"], "green", reason="done most of it")
        e.add_progress(ids["a1"], "achieved", "Venue booked")
    sync_all([a, b], tmp_path)
    assert dump(a) == dump(b)
    for db in (a, b):
        assert shown(db, "action", ids["a0"]) and shown(db, "action", ids["a1"])
        conflicts = {c.entity_id: c for c in list_conflicts(db)}
        assert set(conflicts) == {ids["a0"], ids["a1"]}
        assert all(c.kind == "delete" and c.default is False for c in conflicts.values())
        assert "added a progress entry" in conflicts[ids["a1"]].describe()
    resolve_conflict(a, next(c for c in list_conflicts(a) if c.entity_id == ids["a0"]), True, actor="Ann")
    resolve_conflict(b, next(c for c in list_conflicts(b) if c.entity_id == ids["a1"]), False, actor="Bob")
    sync_all([a, b], tmp_path)
    assert list_conflicts(a) == list_conflicts(b) == []
    assert not shown(a, "action", ids["a0"]) and shown(a, "action", ids["a1"])
    assert dump(a) == dump(b)


def test_an_objective_deleted_while_someone_works_in_it_is_kept_with_that_work(laptops, tmp_path):
    (a, b), ids = joined(laptops, tmp_path)
    with edit(a, actor="Ann") as e:
        e.delete("objective", ids["objective"])
    with edit(b, actor="Bob") as e:
        e.set_rag(ids["a1"], "green", reason="delivered")
        added = e.create_action(ids["plan"], ids["objective"], "1z", "Added meanwhile")
    sync_all([a, b], tmp_path)
    assert dump(a) == dump(b)
    for db in (a, b):
        assert (
            shown(db, "objective", ids["objective"]) and shown(db, "action", ids["a1"]) and shown(db, "action", added)
        )
        assert not shown(db, "action", ids["a0"])  # nobody touched it: its deletion stands
        kinds = sorted((c.entity, c.kind) for c in list_conflicts(db))
        assert kinds == [("action", "delete"), ("objective", "delete")]
    objective = next(c for c in list_conflicts(b) if c.entity == "objective")
    assert "action 1z in it is still shown" in objective.describe()
    resolve_conflict(b, objective, True, actor="Bob")  # delete it after all: its actions go too
    sync_all([a, b], tmp_path)
    assert list_conflicts(a) == [] and dump(a) == dump(b)
    assert not any(shown(a, "action", x) for x in (ids["a0"], ids["a1"], added))
    assert not shown(a, "objective", ids["objective"])


def test_deleting_after_seeing_the_edit_just_deletes(laptops, tmp_path):
    (a, b), ids = joined(laptops, tmp_path)
    with edit(b) as e:
        e.set_rag(ids["a2"], "amber", reason="x")
    sync_all([b, a], tmp_path, rounds=1)
    with edit(a) as e:
        e.delete("action", ids["a2"])
    sync_all([a, b], tmp_path)
    assert not shown(b, "action", ids["a2"]) and list_conflicts(b) == [] and dump(a) == dump(b)


def test_a_stale_resolution_is_refused(laptops, tmp_path):
    (a, b), ids = joined(laptops, tmp_path)
    for db, value in ((a, "amber"), (b, "green")):
        with edit(db) as e:
            e.set_rag(ids["a0"], value, reason="x")
    sync_all([a, b], tmp_path)
    stale = list_conflicts(a)[0]
    resolve_conflict(b, list_conflicts(b)[0], "red", actor="Bob")
    sync_all([b, a], tmp_path, rounds=1)
    with pytest.raises(EditRefused, match="changed since"):
        resolve_conflict(a, stale, "green", actor="Ann")


@pytest.mark.parametrize("order", list(itertools.permutations(range(3))))
def test_any_order_of_syncs_converges_and_loses_nothing(laptops, tmp_path, order):
    dbs, ids = joined(laptops, tmp_path, n=3)
    for n, db in enumerate(dbs):
        with edit(db, actor=f"officer {n}") as e:
            e.set_rag(ids[f"a{n}"], ["amber", "green", "blue"][n], reason="update")
            e.set("action", ids["a0"], "text", f"wording {n}")
            e.add_progress(ids[f"a{(n + 1) % 3}"], "next", f"next step {n}")
            e.create_action(ids["plan"], ids["objective"], f"2{n}", f"new action {n}")
    everything = set().union(*map(change_ids, dbs))
    for i in order:
        run_sync(dbs[i], tmp_path, snapshot=False)
    sync_all([dbs[i] for i in reversed(order)], tmp_path)
    assert all(change_ids(db) == everything for db in dbs)
    assert dump(dbs[0]) == dump(dbs[1]) == dump(dbs[2])
    (conflict,) = list_conflicts(dbs[0])
    assert conflict.field == "text" and len(conflict.values) == 3


def test_syncing_twice_or_in_a_new_grouping_changes_nothing(laptops, tmp_path):
    (a, b), ids = joined(laptops, tmp_path)
    with edit(a) as e:
        e.set_rag(ids["a0"], "amber", reason="x")
    sync_all([a, b], tmp_path)
    before = dump(b)
    again = run_sync(b, tmp_path)
    assert (again.sent, again.received) == (0, 0) and dump(b) == before


def test_a_pull_that_would_delete_most_of_the_plan_is_refused(laptops, tmp_path):
    (a, b), ids = joined(laptops, tmp_path, actions=30)
    with edit(a) as e:
        for n in range(25):
            e.delete("action", ids[f"a{n}"])
    run_sync(a, tmp_path)
    before = dump(b)
    with pytest.raises(MassDeletion, match="would remove 25 of the 30 actions"):
        run_sync(b, tmp_path)
    assert dump(b) == before
    run_sync(b, tmp_path, allow_mass_delete=True)
    assert dump(a) == dump(b) and not shown(b, "action", ids["a0"])


def test_a_newer_store_format_is_refused_and_left_alone(laptops, tmp_path):
    (a,) = laptops(1)
    folder = tmp_path / "share"
    folder.mkdir()
    (folder / "FORMAT").write_text(json.dumps({"format": "ragtrack-sync", "version": 2, "store_id": "0" * 32}))
    with pytest.raises(NewerFormat, match="newer ragtrack"):
        run_sync(a, folder)
    assert sorted(p.name for p in folder.iterdir()) == ["FORMAT"]


def test_a_folder_of_something_else_is_refused(laptops, tmp_path):
    (a,) = laptops(1)
    (tmp_path / "FORMAT").write_text("not ours")
    with pytest.raises(SyncError, match="damaged or not a ragtrack"):
        run_sync(a, tmp_path)
    (tmp_path / "file.txt").write_text("x")
    with pytest.raises(SyncError, match="is a file"):
        run_sync(a, tmp_path / "file.txt")


def test_a_vanished_drive_is_one_clear_refusal_not_a_new_store(laptops, tmp_path):
    (a, _b), ids = joined(laptops, tmp_path / "share")
    import shutil

    shutil.rmtree(tmp_path / "share")
    (tmp_path / "share").mkdir()  # the mount point is there, empty: the drive is not
    with pytest.raises(SyncError, match="synced with one there before"):
        run_sync(a)
    assert list((tmp_path / "share").iterdir()) == []
    assert shown(a, "action", ids["a0"])
    # Recreated on purpose, everyone's plan comes back from the laptops.
    run_sync(a, new_store=True)
    c = Database.memory()
    run_sync(c, tmp_path / "share")
    assert dump(c) == dump(a)


def test_bad_files_in_the_folder_are_left_alone_never_read_as_deletions(laptops, tmp_path):
    (a, b), ids = joined(laptops, tmp_path)
    with edit(a) as e:
        e.set_rag(ids["a0"], "amber", reason="x")
    run_sync(a, tmp_path)
    layout = Layout(tmp_path)
    mine = layout.replica(a.replica_id)
    good = sorted(mine.glob("*.jsonl"))[-1]
    seq, claim, _digest = good.name[:-6].split("-")
    # a truncated duplicate, a cloud client's conflicted copy, a temp file, a foreign file, a junk replica
    (mine / segment_name(int(seq), claim, "f" * 16)).write_bytes(good.read_bytes()[:40])
    (mine / f"{good.stem} (Bob's conflicted copy).jsonl").write_bytes(good.read_bytes())
    (mine / ".tmp-0123.part").write_bytes(b"half")
    (layout.replicas / "notes.txt").write_text("hello")
    junk = layout.replica("f" * 32)
    junk.mkdir()
    (junk / segment_name(1, "0" * 8, "0" * 16)).write_bytes(b"garbage")
    (junk / segment_name(2, "0" * 8, "0" * 16)).write_bytes(b"")
    result = run_sync(b, tmp_path)
    assert result.received == 1 and rag(b, ids["a0"]) == "amber"
    assert any("not ragtrack's" in w for w in result.warnings)
    assert any("damaged" in w for w in result.warnings)
    assert dump(a) == dump(b)


def test_a_damaged_segment_waits_then_its_writer_mends_it(laptops, tmp_path):
    (a, b), ids = joined(laptops, tmp_path)
    with edit(a) as e:
        e.set_rag(ids["a0"], "amber", reason="x")
    run_sync(a, tmp_path)
    (seg,) = [p for p in Layout(tmp_path).replica(a.replica_id).glob("00000002-*.jsonl")]
    seg.write_bytes(seg.read_bytes()[:-20])  # damaged on the share after it was written
    result = run_sync(b, tmp_path)
    assert result.received == 0 and any("damaged" in w and seg.name in w for w in result.warnings)
    assert rag(b, ids["a0"]) == "red"  # nothing guessed, nothing deleted
    mended = run_sync(a, tmp_path)  # A sees its file changed, damaged: what it held goes out again
    assert mended.sent == 1
    run_sync(b, tmp_path)
    assert rag(b, ids["a0"]) == "amber" and dump(a) == dump(b)


def test_a_laptop_restored_from_an_old_backup_carries_on_without_reusing_numbers(tmp_path):
    a = Database.open(tmp_path / "a.db")
    b = Database.open(tmp_path / "b.db")
    ids = seed_plan(a)
    sync_all([a, b], tmp_path / "share", rounds=1)
    backup = _file_copy(tmp_path / "a.db")
    with edit(a, actor="Ann") as e:
        e.set_rag(ids["a0"], "amber", reason="lost with the laptop")
    run_sync(a, tmp_path / "share")
    lost = change_ids(a)
    a.close()
    _restore(tmp_path / "a.db", backup)  # same file, old content: like a VM snapshot rollback
    a = Database.open(tmp_path / "a.db")
    with edit(a, actor="Ann") as e:
        e.set_rag(ids["a1"], "green", reason="after the restore")
    result = run_sync(a, tmp_path / "share")
    assert any("restored from a backup" in n for n in result.notices)
    assert lost <= change_ids(a) and rag(a, ids["a0"]) == "amber"
    names = [p.name[:8] for p in Layout(tmp_path / "share").replica(a.replica_id).glob("*.jsonl")]
    assert len(names) == len(set(names))  # no sequence number used twice
    run_sync(b, tmp_path / "share")
    assert dump(a) == dump(b) and rag(b, ids["a1"]) == "green"
    a.close()
    b.close()


def _file_copy(path: Path) -> bytes:
    import sqlite3

    conn = sqlite3.connect(str(path))
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    conn.close()
    return path.read_bytes()


def _restore(path: Path, data: bytes) -> None:
    for extra in (path.with_name(path.name + "-wal"), path.with_name(path.name + "-shm")):
        extra.unlink(missing_ok=True)
    with open(path, "r+b") as handle:  # in place: the file keeps its identity
        handle.write(data)
        handle.truncate()


def test_a_copied_database_file_takes_a_replica_of_its_own(tmp_path):
    a = Database.open(tmp_path / "a.db")
    seed_plan(a)
    run_sync(a, tmp_path / "share")
    a.close()
    (tmp_path / "copy.db").write_bytes(_file_copy(tmp_path / "a.db"))
    a, c = Database.open(tmp_path / "a.db"), Database.open(tmp_path / "copy.db")
    assert a.replica_id == c.replica_id
    result = run_sync(c, tmp_path / "share")
    assert any("is a copy" in n for n in result.notices) and c.replica_id != a.replica_id
    with edit(a) as e:
        e.create("officer", name="From A")
    with edit(c) as e:
        e.create("officer", name="From the copy")
    sync_all([a, c], tmp_path / "share")
    assert dump(a) == dump(c)
    a.close()
    c.close()


def test_two_databases_writing_as_one_replica_are_separated(laptops, tmp_path):
    a, b = laptops(2)
    seed_plan(a)
    with b.write() as txn:  # b is a copy of a made before either synced: same replica id
        txn.settings.put(Key.REPLICA_ID, a.replica_id)
    with edit(b) as e:
        e.create("officer", name="Only on b")
    run_sync(a, tmp_path)
    result = run_sync(b, tmp_path)
    assert any("another database was syncing under this laptop's name" in n for n in result.notices)
    sync_all([a, b], tmp_path)
    assert dump(a) == dump(b)


def test_the_snapshot_is_a_ragtrack_database_to_read_or_start_from(tmp_path):
    from storage.db import Store
    from storage.db.files import inspect_file
    from storage.db.migrations import SCHEMA_VERSION

    a = Database.open(tmp_path / "a.db")
    ids = seed_plan(a)
    result = run_sync(a, tmp_path / "share")
    snap = Path(result.snapshot)
    assert snap.parent == tmp_path / "share" / "snapshot"
    assert inspect_file(snap).version == SCHEMA_VERSION
    with Store.open(snap, read_only=True) as store, store.read() as txn:
        assert [r.ref for r in txn.actions.list()] == ["1a", "1b", "1c"]
    reader = sqlite3.connect(snap)
    assert reader.execute("PRAGMA journal_mode").fetchone()[0] == "delete"
    assert reader.execute("SELECT count(*) FROM setting WHERE key = 'replica_id'").fetchone()[0] == 0
    reader.close()
    # A colleague starts from a copy of it: a replica of their own, and only new changes to fetch.
    (tmp_path / "new.db").write_bytes(snap.read_bytes())
    new = Database.open(tmp_path / "new.db")
    assert new.replica_id and new.replica_id != a.replica_id
    with edit(a) as e:
        e.set_rag(ids["a0"], "green", reason="x")
    run_sync(a, tmp_path / "share")
    joining = run_sync(new, tmp_path / "share")
    assert any("started from a snapshot" in n for n in joining.notices)
    assert joining.received == 1 and joining.sent == 0
    with edit(new) as e:
        e.set_rag(ids["a1"], "amber", reason="y")
    sync_all([new, a], tmp_path / "share")
    assert dump(new) == dump(a)
    a.close()
    new.close()


def test_old_snapshots_are_pruned_to_the_newest_few(laptops, tmp_path):
    (a,) = laptops(1)
    ids = seed_plan(a)
    for n in range(5):
        with edit(a) as e:
            e.set("action", ids["a0"], "text", f"v{n}")
        run_sync(a, tmp_path, snapshot="always", keep_snapshots=2)
    snaps = sorted((tmp_path / "snapshot").glob("*.db"))
    assert len(snaps) == 2 and int(snaps[-1].name.split("-")[1]) == len(change_ids(a))


def test_status_says_when_what_waits_and_who_else_syncs(laptops, tmp_path):
    a, b = laptops(2)
    status = sync_status(a)
    assert (status.last_synced, status.folder, status.unsent) == (None, None, 0)
    ids = seed_plan(a)
    assert sync_status(a).unsent == len(change_ids(a))
    sync_all([a, b], tmp_path)
    with edit(a) as e:
        e.set_rag(ids["a0"], "amber", reason="x")
    status = sync_status(a)
    assert status.unsent == 1 and status.folder == str(tmp_path) and status.last_synced
    assert [r.replica_id for r in status.replicas] == [b.replica_id]


def test_progress_is_reported_and_the_sync_runs_in_a_thread(laptops, tmp_path):
    (_a, b), _ = joined(laptops, tmp_path)
    seen = []
    worker = threading.Thread(target=lambda: seen.append(run_sync(b, tmp_path, progress=seen.append)))
    worker.start()
    worker.join(30)
    steps = [p.step for p in seen[:-1]]
    assert steps[0] == "checking" and steps[-1] == "done" and "applying" in steps


def test_two_syncs_of_one_database_at_once_are_serialised(tmp_path):
    a = Database.open(tmp_path / "a.db")
    seed_plan(a, actions=20)
    other = Database.open(tmp_path / "a.db")  # a second program on the same file
    errors = []

    def go(db):
        try:
            run_sync(db, tmp_path / "share")
        except Exception as error:  # pragma: no cover - the assertion below shows it
            errors.append(error)

    threads = [threading.Thread(target=go, args=(db,)) for db in (a, other, a)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    assert errors == []
    b = Database.memory()
    run_sync(b, tmp_path / "share")
    assert dump(b) == dump(a)
    names = [p.name[:8] for p in Layout(tmp_path / "share").replica(a.replica_id).glob("*.jsonl")]
    assert len(names) == len(set(names))
    a.close()
    other.close()


def test_windows_share_paths_make_the_same_layout():
    layout = Layout(PureWindowsPath(r"\\server\share\plans"))
    assert str(layout.format_file) == r"\\server\share\plans\FORMAT"
    assert str(layout.replica("a" * 32)) == "\\\\server\\share\\plans\\replicas\\" + "a" * 32
    assert str(layout.snapshots) == r"\\server\share\plans\snapshot"


def test_no_folder_given_or_remembered_is_a_clear_refusal(laptops):
    (a,) = laptops(1)
    with pytest.raises(SyncError, match="no sync folder yet"):
        run_sync(a)


def test_changes_wait_for_the_changes_they_build_on(laptops, tmp_path):
    """With a cloud-synced folder a laptop may see Bob's edit of a new action before Ann's
    creation of it: the edit waits (with a warning) until the creation is there."""
    import shutil

    a, b, c = laptops(3)
    ids = seed_plan(a)
    views = [tmp_path / name for name in ("ann", "bob", "cat")]
    run_sync(a, views[0])
    for view, db in zip(views[1:], (b, c), strict=False):
        shutil.copytree(views[0], view, dirs_exist_ok=True)
        run_sync(db, view, snapshot=False)
    with edit(a) as e:
        new = e.create_action(ids["plan"], ids["objective"], "9z", "A new action")
    run_sync(a, views[0], snapshot=False)
    shutil.copytree(views[0] / "replicas" / a.replica_id, views[1] / "replicas" / a.replica_id, dirs_exist_ok=True)
    run_sync(b, views[1], snapshot=False)
    with edit(b) as e:
        e.set_rag(new, "green", reason="started well")
    run_sync(b, views[1], snapshot=False)
    # Cat's cloud client has brought Bob's files but not yet Ann's.
    shutil.copytree(views[1] / "replicas" / b.replica_id, views[2] / "replicas" / b.replica_id, dirs_exist_ok=True)
    waiting = run_sync(c, views[2], snapshot=False)
    assert waiting.received == 0 and waiting.held == 1
    assert any("until what they need arrives" in w for w in waiting.warnings)
    shutil.copytree(views[0] / "replicas" / a.replica_id, views[2] / "replicas" / a.replica_id, dirs_exist_ok=True)
    arrived = run_sync(c, views[2], snapshot=False)
    assert arrived.received == 2 and any("waited for a record are applied now" in n for n in arrived.notices)
    assert rag(c, new) == "green" and dump(c) == dump(b)


def test_two_laptops_creating_a_store_in_one_cloud_folder_at_once_end_up_together(laptops, tmp_path):
    """Both set up the team folder before the cloud client synced it: the cloud keeps one FORMAT
    (the other becomes a "conflicted copy") and merges the rest. Nothing is lost."""
    import shutil

    a, b = laptops(2)
    ids_a, ids_b = seed_plan(a), seed_plan(b)
    ann, bob = tmp_path / "ann", tmp_path / "bob"
    assert run_sync(a, ann).created_store and run_sync(b, bob).created_store
    # The cloud client: Ann's FORMAT wins, Bob's is kept aside, every other file is merged.
    (bob / "FORMAT").rename(bob / "FORMAT (Bob's conflicted copy)")
    for one, other in ((ann, bob), (bob, ann)):
        shutil.copytree(one, other, dirs_exist_ok=True)
    for _ in range(2):
        for db, view in ((a, ann), (b, bob)):
            run_sync(db, view, snapshot=False)
        for one, other in ((ann, bob), (bob, ann)):
            shutil.copytree(one, other, dirs_exist_ok=True)
    assert dump(a) == dump(b)
    assert shown(a, "action", ids_b["a0"]) and shown(b, "action", ids_a["a0"])  # both plans kept
