"""Sync benchmarks (called by the benchmark issue's runner; also runs on its own).

    python bench/sync_bench.py [--quick]

1. First sync of a 10,000-action plan: laptop A sends the whole plan to an empty folder (and
   writes the snapshot); laptop B, empty, joins and receives it. Aim: each under 5 s.
2. Incremental sync: a store holding 100,000 changes; A makes 100 edits through the write path
   and syncs (sends them), then B syncs (receives them). Aim: each under 1 s.

Data: the plan's changes are generated in bulk as a laptop would have made them (creations,
then edits that each supersede the field's previous head) and loaded through sync's own apply
path, so rows, change log and heads are consistent; the 100 incremental edits go through the
write path. Prints medians; ``sync_bench()`` returns them as a dict of seconds.
"""

from __future__ import annotations

import random
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from models.tables import new_id  # noqa: E402
from storage.clock import HybridClock, utc_now_iso  # noqa: E402
from storage.db import Store as Database  # noqa: E402
from storage.sync import run_sync  # noqa: E402
from storage.sync.apply import apply_received  # noqa: E402
from storage.sync.local import write_txn  # noqa: E402
from storage.sync.snapshot import backup  # noqa: E402
from storage.values import to_json  # noqa: E402
from storage.writes import edit  # noqa: E402

RAGS = ["red", "amber", "green", "blue"]


class _Ops:
    """Changes as one laptop would have made them, in order."""

    def __init__(self, seed: int = 1):
        self.rng = random.Random(seed)
        self.replica = new_id()
        self.millis = 1_700_000_000_000
        self.clock = HybridClock(self.replica, wall=lambda: self.millis)
        self.ops: list[dict] = []
        self.heads: dict[tuple[str, str, str], str] = {}

    def add(self, entity: str, entity_id: str, field: str, value, old=None) -> None:
        self.millis += 7
        at = time.strftime("%Y-%m-%dT%H:%M:%S", time.gmtime(self.millis / 1000)) + ".000Z"
        change_id = new_id()
        prior = self.heads.get((entity, entity_id, field))
        self.ops.append(
            {
                "id": change_id,
                "txn_id": change_id,
                "replica_id": self.replica,
                "stamp": self.clock.tick(),
                "actor": "Bench Officer",
                "at": at,
                "entity": entity,
                "entity_id": entity_id,
                "field": field,
                "old_value": None if old is None else to_json(old),
                "new_value": to_json(value),
                "reason": "bench" if field == "rag" else None,
                "supersedes": to_json([prior] if prior else []),
                "source": "edit",
            }
        )
        if field != "_create":
            self.heads[(entity, entity_id, field)] = change_id

    def plan(self, actions: int, edits: int) -> list[str]:
        plan = new_id()
        self.add("plan", plan, "_create", {"title": "Bench plan", "organisation": "Bench Council"})
        officers = [new_id() for _ in range(50)]
        for n, officer in enumerate(officers):
            self.add("officer", officer, "_create", {"name": f"Officer {n}", "initials": f"O{n}"})
        objectives = [new_id() for _ in range(max(1, actions // 100))]
        for n, objective in enumerate(objectives):
            self.add(
                "objective",
                objective,
                "_create",
                {"plan_id": plan, "ref": str(n + 1), "text": f"Objective {n + 1}", "position": n},
            )
        action_ids = []
        for n in range(actions):
            action = new_id()
            action_ids.append(action)
            self.add(
                "action",
                action,
                "_create",
                {
                    "plan_id": plan,
                    "objective_id": objectives[n // 100 % len(objectives)],
                    "ref": f"{n // 100 + 1}{chr(97 + n % 26)}",
                    "text": f"Action {n}: do the thing properly",
                    "timescale": "31/03/2027",
                    "rag": self.rng.choice(RAGS),
                    "leads": [officers[n % 50]],
                    "position": n,
                },
            )
        for _ in range(edits):
            action = self.rng.choice(action_ids)
            kind = self.rng.random()
            if kind < 0.4:
                self.add("action", action, "rag", self.rng.choice(RAGS))
            elif kind < 0.7:
                self.add("action", action, "text", f"Revised wording {self.rng.random():.6f}")
            elif kind < 0.8:
                self.add("action", action, "timescale", self.rng.choice(["Ongoing", "31/12/2027", "Summer term 2027"]))
            else:
                self.add(
                    "progress",
                    new_id(),
                    "_create",
                    {
                        "action_id": action,
                        "kind": "next",
                        "text": "Next step booked",
                        "entry_date": None,
                        "author": "Bench Officer",
                    },
                )
        return action_ids


def _load(db: Database, ops: list[dict], replica: str) -> None:
    for i in range(0, len(ops), 50_000):
        with write_txn(db) as txn:
            apply_received(txn, ops[i : i + 50_000], db.replica_id, utc_now_iso(), True)


def _copy(db: Database, target: Path) -> Database:
    backup(db, target)
    copy = Database.open(target)
    # A copy must not sync as the original: give it a replica of its own, as a new laptop has.
    with copy.write(actor="") as txn:
        txn.run("UPDATE setting SET value = ? WHERE key = 'replica_id'", (new_id(),))
        txn.run("DELETE FROM setting WHERE key LIKE 'sync_%'")
        for table in ("sync_store", "sync_peer", "sync_batch", "sync_shared", "sync_cursor", "sync_held"):
            txn.run(f"DELETE FROM {table}")
    return copy


def first_sync(work: Path, actions: int, repeats: int, out) -> dict[str, float]:
    source = Database.open(work / "plan.db")
    generated = _Ops(seed=actions)
    generated.plan(actions, 0)
    _load(source, generated.ops, generated.replica)
    out(f"first sync: a plan of {actions} actions ({len(generated.ops)} changes)")
    send, join = [], []
    for n in range(repeats):
        a = _copy(source, work / f"a{n}.db")
        b = Database.open(work / f"b{n}.db")
        folder = work / f"share{n}"
        started = time.perf_counter()
        result = run_sync(a, folder)
        send.append(time.perf_counter() - started)
        started = time.perf_counter()
        joined = run_sync(b, folder)
        join.append(time.perf_counter() - started)
        assert result.sent == len(generated.ops) and joined.received == len(generated.ops), (
            result.sent,
            joined.received,
        )
        a.close()
        b.close()
    source.close()
    figures = {"first_sync_send_s": statistics.median(send), "first_sync_join_s": statistics.median(join)}
    out(f"  laptop A sends the plan (with snapshot): median {figures['first_sync_send_s']:.2f} s  (aim < 5 s)")
    out(f"  laptop B joins and receives it:          median {figures['first_sync_join_s']:.2f} s  (aim < 5 s)")
    return figures


def incremental_sync(work: Path, store_ops: int, changes: int, repeats: int, out) -> dict[str, float]:
    actions = 10_000 if store_ops >= 20_000 else max(100, store_ops // 4)
    a = Database.open(work / "inc-a.db")
    generated = _Ops(seed=store_ops)
    action_ids = generated.plan(actions, store_ops - actions - 51 - max(1, actions // 100))
    _load(a, generated.ops, generated.replica)
    folder = work / "inc-share"
    started = time.perf_counter()
    run_sync(a, folder)
    b = Database.open(work / "inc-b.db")
    run_sync(b, folder)
    out(
        f"incremental sync: store of {len(generated.ops)} changes (set up in {time.perf_counter() - started:.1f} s); "
        f"{changes} edits per round"
    )
    rng = random.Random(7)
    send, receive = [], []
    for _ in range(repeats):
        with edit(a, actor="Bench Officer") as editor:
            for n in range(changes):
                action = rng.choice(action_ids)
                if n % 2:
                    editor.set_rag(action, rng.choice(RAGS), reason="bench round")
                else:
                    editor.add_progress(action, "achieved", f"Done {rng.random():.6f}")
        started = time.perf_counter()
        sent = run_sync(a, folder)
        send.append(time.perf_counter() - started)
        started = time.perf_counter()
        got = run_sync(b, folder)
        receive.append(time.perf_counter() - started)
        assert got.received == sent.sent > 0, (sent.sent, got.received)
    with edit(a, actor="Bench Officer") as editor:
        editor.set_rag(action_ids[0], "amber", reason="snapshot round")
    started = time.perf_counter()
    refreshed = run_sync(a, folder, snapshot="always")
    snapshot_s = time.perf_counter() - started
    assert refreshed.snapshot
    a.close()
    b.close()
    figures = {
        "incremental_send_s": statistics.median(send),
        "incremental_receive_s": statistics.median(receive),
        "incremental_send_with_snapshot_s": snapshot_s,
    }
    out(f"  laptop A sends {changes} changes:    median {figures['incremental_send_s']:.2f} s  (aim < 1 s)")
    out(f"  laptop B receives them:          median {figures['incremental_receive_s']:.2f} s  (aim < 1 s)")
    out(f"  a sync that also refreshes the snapshot (at most every 10 minutes per laptop): {snapshot_s:.2f} s")
    return figures


def sync_bench(
    actions: int = 10_000, store_ops: int = 100_000, changes: int = 100, repeats: int = 3, out=print
) -> dict[str, float]:
    """Run both benchmarks in a temporary folder; returns the medians in seconds."""
    work = Path(tempfile.mkdtemp(prefix="ragtrack-sync-bench-"))
    try:
        figures = first_sync(work, actions, repeats, out)
        figures.update(incremental_sync(work, store_ops, changes, max(repeats, 5), out))
        return figures
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    if "--quick" in sys.argv:
        sync_bench(actions=1000, store_ops=10_000, changes=20, repeats=1)
    else:
        sync_bench()
