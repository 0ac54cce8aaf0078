"""``ragtrack list --rag red --officer X --format json`` against its process floor (bench/floor_list.py),
interleaved, and beside Taskwarrior's ``task export`` of the same items (a reference, when installed)."""

from __future__ import annotations

import json
import sys

import taskwarrior
from context import BENCH, Context, busy_officer
from figures import Figure
from processes import paired, timed

#: Taskwarrior takes minutes to load and export a million tasks: the reference stops here.
TASKWARRIOR_MAX_SIZE = 100_000


def bench_list(ctx: Context, size: int) -> None:
    db = ctx.database(size)
    ctx.compile_ragtrack()
    name, officer_id = busy_officer(db)
    command = [str(ctx.ragtrack()), "--db", str(db), "list", "--rag", "red", "--officer", name, "--format", "json"]
    floor = [sys.executable, str(BENCH / "floor_list.py"), str(db), name]
    out, floor_out = ctx.work / f"list-{size}.json", ctx.work / f"list-floor-{size}.json"
    pair = paired(command, floor, ctx.repeats, out, floor_out)
    seconds = pair.figure.seconds
    count = None
    if not seconds.timed_out:
        printed = json.loads(out.read_text())
        count = len(printed)
        if printed != json.loads(floor_out.read_text()):
            ctx.results.notes.append(f"at {size:,}: the list floor did not print the same JSON as `ragtrack list`")
    seconds.note = "; ".join(
        filter(
            None, [seconds.note, f"{count if count is not None else '?'} actions, CPU {pair.figure.cpu.text(False)}"]
        )
    )
    pair.floor.seconds.note = f"CPU {pair.floor.cpu.text(False)}"
    entry = ctx.results.add("list_process", size, seconds, pair.floor.seconds, pair.ratios)
    ctx.results.add("list_memory", size, pair.figure.memory, pair.floor.memory)
    ctx.log(
        f"  list --rag red --officer {name!r} --format json: {seconds.text()} ÷ floor {pair.floor.seconds.text()} "
        f"= {entry.ratio:.2f}× ({count} actions; peak {pair.figure.memory.text(False)}, "
        f"floor {pair.floor.memory.text(False)})"
    )
    _taskwarrior(ctx, size, db, officer_id, count, seconds)


def _taskwarrior(ctx: Context, size: int, db, officer_id: str, count: int | None, seconds: Figure) -> None:
    """``task +red +lead_X export`` on the same items (loaded into Taskwarrior once, cached)."""
    if size < 10_000 or ctx.taskwarrior is None:
        return
    if size > TASKWARRIOR_MAX_SIZE:
        ctx.log(f"  task export: not at {size:,} (Taskwarrior takes minutes to load that many tasks)")
        return
    data = taskwarrior.TaskData(ctx.taskwarrior, ctx.work / f"tw-{size}")
    loaded = data.load(db, ctx.log)
    if loaded is not None:
        ctx.results.add_other(
            f"`task import` of the {size:,} actions (reference; only when first loaded)", Figure([loaded])
        )
    command = data.command("+red", f"+{taskwarrior.lead_tag(officer_id)}", "export")
    out = ctx.work / f"task-{size}.json"
    tw = timed(command, ctx.repeats, out, env=data.env)
    tw_count = len(json.loads(out.read_text()))
    tw.seconds.note = f"{tw_count} tasks, CPU {tw.cpu.text(False)}"
    if count is not None and tw_count != count:
        ctx.results.notes.append(
            f"at {size:,}: Taskwarrior printed {tw_count} tasks, ragtrack {count} actions: the filters are not equivalent"
        )
    ctx.results.add("task_export", size, tw.seconds)
    ratio = Figure([seconds.median / tw.seconds.median], unit="x", timed_out=seconds.timed_out)
    faster = tw.seconds.median / seconds.median
    ratio.note = f"ragtrack {faster:.1f}× faster" if faster >= 1 else f"ragtrack {1 / faster:.1f}× slower"
    ctx.results.add("list_vs_task", size, ratio)
    ctx.log(f"  task export: {tw.seconds.text()}, {tw_count} tasks; ragtrack list ÷ task export {ratio.median:.2f}")
