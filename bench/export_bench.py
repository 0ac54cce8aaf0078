"""``ragtrack export --format docx`` of a 1,000-action plan against the export floor: the same
report's text written with no styling (``python -m storage.reports.plain``, the reports
engineer's floor: the same light reader and report model, one line a paragraph), as a process,
interleaved."""

from __future__ import annotations

import sqlite3
import sys

from context import ROOT, Context
from figures import Aim
from processes import BenchError, command_problem, paired

ACTIONS = 1000


def bench_export(ctx: Context) -> None:
    ragtrack = ctx.ragtrack()
    problem = command_problem(ragtrack, ("export", "--help"))
    if problem:
        raise BenchError(f"`ragtrack export` is not there: {problem}")
    if not (ROOT / "storage" / "reports" / "plain.py").exists():
        raise BenchError("the export floor storage/reports/plain.py is not there")
    db = ctx.database(ACTIONS)
    conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    try:
        plan = conn.execute("SELECT source_key FROM plan LIMIT 1").fetchone()[0]
    finally:
        conn.close()
    out, floor_out = ctx.work / f"report-{ACTIONS}.docx", ctx.work / f"report-{ACTIONS}-floor.txt"
    command = [str(ragtrack), "--db", str(db), "export", "--plan", plan, "--format", "docx", "-o", str(out)]
    floor = [sys.executable, "-m", "storage.reports.plain", "--db", str(db), "--plan", plan, "-o", str(floor_out)]
    pair = paired(
        command,
        floor,
        3 if ctx.quick else 5,
        ctx.work / "export.out",
        ctx.work / "export-floor.out",
        before=lambda: out.unlink(missing_ok=True),  # ragtrack refuses to overwrite a report
    )
    figure = pair.figure.seconds
    words = len(floor_out.read_text(encoding="utf-8").split())
    figure.note = "; ".join(
        filter(
            None,
            [
                figure.note,
                f"{out.stat().st_size // 1024} KB, {words:,} words; CPU {pair.figure.cpu.text(False)} "
                f"(floor {pair.floor.cpu.text(False)}), peak {pair.figure.memory.text(False)}",
            ],
        )
    )
    entry = ctx.results.add_other(
        f"`ragtrack export --format docx` (committee report) of a {ACTIONS:,}-action plan",
        figure,
        pair.floor.seconds,
        pair.ratios,
        aim=Aim(3.0),
        floor_label="the same report's text with no styling (`python -m storage.reports.plain`), a process",
    )
    ctx.log(f"  export docx: {figure.text()} ÷ floor {pair.floor.seconds.text()} = {entry.ratio:.2f}×")
