"""The sync figures: bench/sync_bench.py run in a process of its own (no floors yet: the
hub's part of issue 14 adds its own)."""

from __future__ import annotations

import sys
import time

from context import BENCH, Context
from figures import Aim, Figure
from processes import figures_from

LABELS = {
    "first_sync_send_s": ("first sync of 10,000 actions: laptop A sends", Aim(5.0, "s")),
    "first_sync_join_s": ("first sync of 10,000 actions: laptop B joins and receives", Aim(5.0, "s")),
    "incremental_send_s": ("incremental sync, 100 changes against 100,000 ops: send", Aim(1.0, "s")),
    "incremental_receive_s": ("incremental sync, 100 changes against 100,000 ops: receive", Aim(1.0, "s")),
    "incremental_send_with_snapshot_s": (
        "incremental sync that also refreshes the snapshot (at most every 10 minutes per laptop)",
        None,
    ),
}


def bench_sync(ctx: Context) -> None:
    params = "actions=1000, store_ops=10_000, changes=20, repeats=1" if ctx.quick else ""
    code = (
        "import json, sys; sys.path.insert(0, sys.argv[1]); import sync_bench; "
        f"figures = sync_bench.sync_bench({params}); print('FIGURES ' + json.dumps(figures))"
    )
    started = time.perf_counter()
    found = [figures_from([sys.executable, "-c", code, str(BENCH)], "bench/sync_bench.py")]
    scale = " (--quick: 1,000 actions / 10,000 ops / 20 changes)" if ctx.quick else ""
    for key, value in found[0].items():
        figure = Figure([float(value)], note="bench/sync_bench.py reports medians only", one_label=" (median)")
        label, aim = LABELS.get(key, (key, None))
        ctx.results.add_other(f"sync: {label}{scale}", figure, aim=aim)
    ctx.log(f"  sync: done in {time.perf_counter() - started:.0f} s")
