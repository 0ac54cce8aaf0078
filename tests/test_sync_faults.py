"""Faults: a sync killed at every step, the folder emptied or unreadable mid-sync, many syncs at
once. After each: the local database passes PRAGMA integrity_check, nothing is lost, and a clean
sync brings every laptop to the same plan."""

from __future__ import annotations

import multiprocessing
import os
import pathlib
import shutil
from pathlib import Path

import pytest
from db_support import Database
from sync_faults import SimulatedCrash, crash_after, reached, run_crashing
from test_sync_support import change_ids, dump, integrity, seed_plan

from storage.sync import ShareUnavailable, SyncError, run_sync
from storage.sync.format import Layout
from storage.writes import edit

posix_only = pytest.mark.skipif(
    os.name == "nt" or "forkserver" not in multiprocessing.get_all_start_methods(),
    reason="kills processes with SIGKILL (POSIX)",
)


@pytest.fixture(scope="module")
def processes():
    """Worker processes forked from a server that has ragtrack imported (fast to start)."""
    ctx = multiprocessing.get_context("forkserver")
    ctx.set_forkserver_preload(["storage.sync", "sync_faults", "storage.writes"])
    return ctx


def _run(ctx, *args) -> int:
    process = ctx.Process(target=run_crashing, args=args)
    process.start()
    process.join(120)
    return process.exitcode


def _edits(path: Path, ids: dict, n: int, who: str) -> None:
    db = Database.open(path)
    with edit(db, actor=who) as e:
        e.set("action", ids["a0"], "text", f"{who} {n}")
        e.add_progress(ids[f"a{n % 3}"], "next", f"{who} step {n}")
    db.close()


def _own_seqs(folder: Path, db_path: Path) -> list[str]:
    db = Database.open(db_path)
    replica = db.replica_id
    db.close()
    return [p.name[:8] for p in Layout(folder).replica(replica).glob("*.jsonl")]


def _two_laptops(tmp_path: Path) -> tuple[Path, Path, Path, dict]:
    a_path, b_path, folder = tmp_path / "a.db", tmp_path / "b.db", tmp_path / "share"
    a, b = Database.open(a_path), Database.open(b_path)
    ids = seed_plan(a)
    run_sync(a, folder)
    run_sync(b, folder)
    a.close()
    b.close()
    return a_path, b_path, folder, ids


def _converged(paths: list[Path], folder: Path) -> None:
    dbs = [Database.open(p) for p in paths]
    try:
        for _ in range(2):
            for db in dbs:
                run_sync(db, folder, snapshot=False)
        assert all(dump(db) == dump(dbs[0]) for db in dbs)
    finally:
        for db in dbs:
            db.close()
    for path in paths:
        assert integrity(path) == "ok"
        seqs = _own_seqs(folder, path)
        assert len(seqs) == len(set(seqs)), "a sequence number was used twice"


@posix_only
def test_a_sync_killed_at_every_step_leaves_everything_intact_and_the_next_one_finishes(tmp_path, processes):
    a_path, b_path, folder, ids = _two_laptops(tmp_path)
    made: set[str] = set()
    k = 0
    while True:
        k += 1
        _edits(a_path, ids, k, "Ann")
        _edits(b_path, ids, k, "Bob")
        b = Database.open(b_path)
        run_sync(b, folder)  # so Ann's sync also has something to receive
        made |= change_ids(b)
        b.close()
        code = _run(processes, str(a_path), str(folder), k)
        assert integrity(a_path) == "ok"
        a, b = Database.open(a_path), Database.open(b_path)
        made |= change_ids(a)
        assert made <= change_ids(a) | change_ids(b)
        run_sync(a, folder, snapshot="always")  # the re-run finishes the job
        run_sync(b, folder, snapshot=False)
        run_sync(a, folder, snapshot=False)
        assert dump(a) == dump(b) and made <= change_ids(b)
        a.close()
        b.close()
        seqs = _own_seqs(folder, a_path)
        assert len(seqs) == len(set(seqs)), "a sequence number was used twice"
        if code == 0:
            break  # k is past the last crash point: every step has been killed once
        assert code == -9, f"the sync died of something else at step {k}: {code}"
    assert k > 10
    b = Database.open(b_path)
    assert made <= change_ids(b)
    b.close()


def test_a_sync_stopped_at_every_step_in_process(tmp_path):
    """The same walk through every step with an exception instead of a kill (runs everywhere,
    and checks the steps are where this test believes they are)."""
    a, b = Database.memory(), Database.memory()
    ids = seed_plan(a)
    folder = tmp_path / "share"
    run_sync(a, folder)
    run_sync(b, folder)
    names = []
    k = 0
    while True:
        k += 1
        for db, who in ((a, "Ann"), (b, "Bob")):
            with edit(db, actor=who) as e:
                e.set_rag(ids[f"a{k % 3}"], ["amber", "green"][k % 2], reason=who)
        run_sync(b, folder, snapshot=False)
        crash_after(k, mode="raise")
        try:
            run_sync(a, folder, snapshot="always")
            done = True
        except SimulatedCrash:
            done = False
        finally:
            names.append(reached()[-1] if reached() else "")
            crash_after(0)
        assert a.reader().execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        for _ in range(2):
            run_sync(a, folder, snapshot=False)
            run_sync(b, folder, snapshot=False)
        assert dump(a) == dump(b)
        if done:
            break
    assert {"segment published", "sent recorded", "applied, not committed", "applied", "snapshot published"} <= set(
        names
    )


def _block(monkeypatch, folder: Path) -> None:
    """From now on every file operation under ``folder`` fails as on a dropped drive."""
    prefix = str(folder)

    def guard(original):
        def blocked(*args, **kwargs):
            target = args[0] if args else ""
            if str(target).startswith(prefix):
                raise PermissionError(13, "Permission denied", str(target))
            return original(*args, **kwargs)

        return blocked

    for name in ("read_bytes", "exists", "mkdir", "is_dir", "glob"):
        monkeypatch.setattr(pathlib.Path, name, guard(getattr(pathlib.Path, name)))
    for name in ("scandir", "listdir", "link", "rename", "open", "stat"):
        monkeypatch.setattr(os, name, guard(getattr(os, name)))
    import builtins

    monkeypatch.setattr(builtins, "open", guard(builtins.open))


def two_laptops_b_has_shared_a_has_not(tmp_path):
    """Two laptops on one folder, each with a RAG edit; only b's edit is on the share yet."""
    a, b = Database.memory(), Database.memory()
    ids = seed_plan(a)
    folder = tmp_path / "share"
    run_sync(a, folder)
    run_sync(b, folder)
    with edit(a) as e:
        e.set_rag(ids["a0"], "green", reason="x")
    with edit(b) as e:
        e.set_rag(ids["a1"], "amber", reason="y")
    run_sync(b, folder)
    return a, b, folder


@pytest.mark.parametrize("step", ["reading", "sending", "applying", "snapshot"])
def test_the_folder_becoming_unreadable_mid_sync_is_one_clear_line(tmp_path, monkeypatch, step):
    a, b, folder = two_laptops_b_has_shared_a_has_not(tmp_path)
    before = change_ids(a)

    def drop(progress):
        if progress.step == step:
            _block(monkeypatch, folder)

    try:
        result = run_sync(a, folder, progress=drop, snapshot="always")
        assert result.warnings  # it finished: what could not be done is said
    except ShareUnavailable as error:
        assert "\n" not in str(error) and "is the drive connected" in str(error)
    monkeypatch.undo()
    assert before <= change_ids(a)
    assert a.reader().execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    for _ in range(2):
        run_sync(a, folder)
        run_sync(b, folder)
    assert dump(a) == dump(b)


@pytest.mark.parametrize("step", ["reading", "sending", "applying"])
def test_the_folder_emptied_mid_sync_loses_nothing(tmp_path, step):
    a, b, folder = two_laptops_b_has_shared_a_has_not(tmp_path)

    def empty(progress):
        if progress.step == step and folder.exists():
            shutil.rmtree(folder)
            folder.mkdir()

    try:
        run_sync(a, folder, progress=empty)
    except SyncError as error:
        assert "\n" not in str(error)
    assert a.reader().execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    # The store is gone: no laptop takes that for "everything deleted", and re-creating it on
    # purpose brings the whole plan back from the laptops.
    with pytest.raises(SyncError, match="synced with one there before"):
        run_sync(b, folder)
    run_sync(a, folder, new_store=True)
    run_sync(b, folder, new_store=True)
    run_sync(a, folder)
    assert dump(a) == dump(b)


@posix_only
def test_eight_laptops_and_a_double_sync_at_once_repeatedly(tmp_path, processes):
    folder = tmp_path / "share"
    paths = [tmp_path / f"laptop{n}.db" for n in range(8)]
    first = Database.open(paths[0])
    ids = seed_plan(first)
    run_sync(first, folder)
    first.close()
    for path in paths[1:]:
        db = Database.open(path)
        run_sync(db, folder, snapshot=False)
        db.close()
    made: set[str] = set()
    for round_ in range(3):
        for n, path in enumerate(paths):
            _edits(path, ids, round_ + n, f"officer {n}")
            db = Database.open(path)
            made |= change_ids(db)
            db.close()
        workers = [processes.Process(target=run_crashing, args=(str(p), str(folder), 0)) for p in paths + paths[:1]]
        for w in workers:
            w.start()
        for w in workers:
            w.join(120)
        assert [w.exitcode for w in workers] == [0] * len(workers)
        for path in paths:
            assert integrity(path) == "ok"
    _converged(paths, folder)
    db = Database.open(paths[0])
    assert change_ids(db) >= made
    db.close()


def _damage(path: Path, how: str) -> None:
    if how == "delete":
        path.unlink()
    elif how == "truncate":
        path.write_bytes(path.read_bytes()[: len(path.read_bytes()) // 2])
    elif how == "corrupt":
        data = bytearray(path.read_bytes())
        data[len(data) // 2] ^= 0x5A
        path.write_bytes(bytes(data))
    else:  # junk named like ours beside it
        (path.parent / "heartbeat-0000000000001-deadbeef.json").write_text("junk")
        (path.parent / "00000009-deadbeef-0000000000000000.jsonl").write_text("junk\n")


@pytest.mark.parametrize("how", ["delete", "truncate", "corrupt", "junk"])
@pytest.mark.parametrize("kind", ["segment", "heartbeat"])
def test_a_damaged_segment_or_heartbeat_loses_nothing_and_blocks_no_one(tmp_path, kind, how):
    """Every laptop's newest segment, or its heartbeat, is damaged on the share, one way or
    another: the laptops holding the changes send them again, everyone (a newcomer too) ends
    with every change, and later edits still flow."""
    folder = tmp_path / "share"
    a, b, c = Database.memory(), Database.memory(), Database.memory()
    ids = seed_plan(a)
    for db in (a, b, c):
        run_sync(db, folder, snapshot=False)
    for n, (db, who) in enumerate(((a, "Ann"), (b, "Bob"))):
        with edit(db, actor=who) as e:
            e.set_rag(ids[f"a{n}"], "green", reason=who)
        run_sync(db, folder, snapshot=False)
    run_sync(c, folder, snapshot=False)  # c holds both edits
    pattern = "*.jsonl" if kind == "segment" else "heartbeat-*.json"
    for db in (a, b):
        _damage(sorted(Layout(folder).replica(db.replica_id).glob(pattern))[-1], how)
    made = change_ids(a) | change_ids(b)
    with edit(b, actor="Bob") as e:
        e.set_rag(ids["a2"], "amber", reason="later")
    for _ in range(2):
        for db in (c, a, b):
            run_sync(db, folder, snapshot=False)
    newcomer = Database.memory()
    run_sync(newcomer, folder, snapshot=False)
    made |= change_ids(b)
    for db in (a, b, c, newcomer):
        assert change_ids(db) == made
        assert dump(db) == dump(a)
