"""The app's sync workers run side by side (S's sync, the status line's status, the conflicts
screen's list, settling a conflict) and the app may close while one of them is half-way.

A segfault was once seen in the conflicts screen / sync-status workers: ``Store.close`` (run
when the app unmounts) closed every pooled connection, including one a worker's transaction was
using in another thread. CPython's sqlite3 clears the connection's handle at once, and the
worker's running query then calls SQLite with a NULL handle: the process dies. Each worker's
transaction takes a connection of its own from the pool; a connection in use is now closed by
its own thread when its transaction ends.
"""

from __future__ import annotations

import subprocess
import sys
import textwrap
import threading

from db_support import Database
from test_sync_support import integrity, seed_plan
from test_tui_sync import two_laptops_in_conflict

from storage.errors import EditRefused
from storage.sync import SyncError, list_conflicts, resolve_conflict, run_sync, seam, sync_status
from tests.tui_support import settle
from tui.app import RagtrackApp
from tui.screens.conflicts import ConflictsScreen
from tui.session import Session

_CLOSE_DURING_A_QUERY = """
import sys, threading
from storage.db import Store

store = Store.open(sys.argv[1])
entered, release = threading.Event(), threading.Event()
out = {}

def wait_here():
    entered.set()
    release.wait()
    return 1

def worker():
    with store.read() as txn:
        txn.conn.create_function("wait_here", 0, wait_here)
        out["waited"] = txn.scalar("SELECT wait_here()")  # the query runs while close() is called
        out["plans"] = txn.scalar("SELECT count(*) FROM plan")

thread = threading.Thread(target=worker)
thread.start()
entered.wait()
closer = threading.Thread(target=store.close)  # as the app's unmount, from another thread
closer.start()
closer.join(10)  # it must not wait for the query (nor crash it)
print("close returned" if not closer.is_alive() else "close waited", flush=True)
release.set()
thread.join()
closer.join()
print(out, "left open:", len(store._open), flush=True)
"""


def test_closing_the_store_while_a_worker_queries_leaves_the_query_to_finish(tmp_path):
    """Run in a child process: before the fix this one crashed it (exit status -11)."""
    path = tmp_path / "plan.db"
    seed_plan(Database.open(path))
    done = subprocess.run(
        [sys.executable, "-c", textwrap.dedent(_CLOSE_DURING_A_QUERY), str(path)],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    assert done.stdout.splitlines() == ["close returned", "{'waited': 1, 'plans': 1} left open: 0"]


def test_the_session_closing_mid_sync_lets_the_sync_commit(tmp_path):
    """The app closes (``Session.close``) while S's sync worker is inside its apply transaction:
    the sync finishes and commits what it received; its connection is closed after."""
    _a_path, b_path, folder, _ids = two_laptops_in_conflict(tmp_path)
    session = Session(b_path)
    inside, release = threading.Event(), threading.Event()
    outcome: dict[str, object] = {}

    def hook(step: str) -> None:
        if step == "applied, not committed":
            inside.set()
            release.wait(60)

    def sync() -> None:
        try:
            with session.database_turn() as db:
                outcome["result"] = run_sync(db, folder, snapshot=False)
        except Exception as error:  # reported below: the test says what went wrong
            outcome["error"] = error

    previous = seam.install(hook)
    try:
        worker = threading.Thread(target=sync)
        worker.start()
        assert inside.wait(60)
        session.close()  # the app unmounts now
        release.set()
        worker.join(120)
    finally:
        seam.install(previous)
        release.set()
    assert "error" not in outcome, outcome.get("error")
    assert not worker.is_alive()
    b = Database.open(b_path)
    try:
        assert len(list_conflicts(b)) == 1  # what the sync received was committed
        assert integrity(b_path) == "ok"
    finally:
        b.close()


def test_sync_status_conflicts_and_syncs_run_at_once_on_one_store(tmp_path):
    """What the app's workers do, all at once on one store: syncs (S), the status line's
    status, the conflicts screen's list and settling a conflict, while a colleague syncs the
    same folder, and the store is closed in the middle (the app closing)."""
    a_path, b_path, folder, ids = two_laptops_in_conflict(tmp_path)
    a, b = Database.open(a_path), Database.open(b_path)
    errors: list[BaseException] = []
    stop = threading.Event()

    def guarded(work) -> None:
        try:
            work()
        except BaseException as error:  # every failure is reported below
            errors.append(error)

    received = threading.Event()  # B's first sync brought Ann's value: the conflict is there

    def syncs() -> None:
        for _ in range(4):
            run_sync(b, folder, snapshot=False)
            received.set()

    def colleague() -> None:
        for n in range(4):
            from storage.writes import edit

            with edit(a, actor="Ann Archer") as e:
                e.set("action", ids["a1"], "text", f"step {n}")
            run_sync(a, folder, snapshot=False)

    def status() -> None:
        while not stop.is_set():
            assert sync_status(b).replica_id

    def conflicts() -> None:
        while not stop.is_set():
            list_conflicts(b)

    def settle_one() -> None:
        received.wait(120)
        for _ in range(50):
            listed = list_conflicts(b)
            try:
                resolve_conflict(b, listed[0], listed[0].values[0].value, actor="Bob Baker")
            except (EditRefused, SyncError):
                continue  # changed since listed (a sync meanwhile): list again
            return

    threads = [threading.Thread(target=guarded, args=(w,)) for w in (syncs, colleague, status, conflicts, settle_one)]
    for thread in threads:
        thread.start()
    threads[0].join(120)
    b.close()  # the app closing while the status and conflicts workers still read
    stop.set()
    for thread in threads:
        thread.join(120)
    assert not errors, errors
    sync_all_once = [run_sync(db, folder, snapshot=False) for db in (a, b, a)]
    assert all(result.held == 0 for result in sync_all_once)
    assert list_conflicts(a) == list_conflicts(b) == []
    for db, path in ((a, a_path), (b, b_path)):
        db.close()
        assert integrity(path) == "ok"


async def test_the_sync_and_conflicts_workers_run_together_in_the_app(tmp_path):
    """S, then C before the sync is done: the sync worker, the conflicts screen's worker and
    the status line's worker run together; the conflict is listed and settled."""
    _a_path, b_path, _folder, _ids = two_laptops_in_conflict(tmp_path)
    app = RagtrackApp(db_path=b_path, blink=False)
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        await pilot.press("S", "C")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, ConflictsScreen)
        if not screen.conflicts:  # opened before the sync brought it: listed again after
            screen.load()
            await settle(pilot)
        assert len(screen.conflicts) == 1
        await pilot.press("1")
        await settle(pilot)
        assert screen.conflicts == []
    assert integrity(b_path) == "ok"
