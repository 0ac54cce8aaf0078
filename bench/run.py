"""``make bench``: ragtrack's figures beside their floors, on generated plans of 1,000 to 1,000,000 actions.

    .venv/bin/python bench/run.py [--sizes 1000,10000,100000,1000000] [--quick]
                                  [--only PART,...] [--no-PART ...] [--output FILE]

Every figure is measured beside its floor (the least anything could take for the same result on
the same data) in the same run, interleaved with it, and reported as a ratio: the aims of issue
15 are ratios, which hold on a busy machine where milliseconds do not. The parts are listed in
``PARTS``; each runs on its own, and one that fails is reported in one line while the others
still run. Databases are generated with bulk SQL as ragtrack's write path would have written
them (bench/generate.py, checked row for row against the write path at the start of every run)
and cached (bench/generate.py ``cache_dir``). A full run (every part at every size, not
--quick) writes bench/results.md; a partial one writes bench/work/results-partial.md unless
--output is given. bench/README.md says what each part measures and how to profile.
"""

from __future__ import annotations

import argparse
import sys
import time
import traceback
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

BENCH = Path(__file__).resolve().parent
if str(BENCH) not in sys.path:
    sys.path.insert(0, str(BENCH))
if str(BENCH.parent) not in sys.path:
    sys.path.insert(0, str(BENCH.parent))

import cli_bench  # noqa: E402
import export_bench  # noqa: E402
import generate  # noqa: E402
import hub_bench  # noqa: E402
import import_bench  # noqa: E402
import sync_part  # noqa: E402
import taskwarrior  # noqa: E402
import tui_bench  # noqa: E402
from context import ROOT, WORK, Context  # noqa: E402
from figures import Results, details, other_table, table  # noqa: E402
from machine import describe_machine, load_average  # noqa: E402
from processes import BenchError  # noqa: E402

DEFAULT_SIZES = (1000, 10_000, 100_000, 1_000_000)


@dataclass(frozen=True)
class Part:
    """One part of the bench: ``run(ctx, size)`` at every size if ``per_size``, else ``run(ctx)``
    once. A new part (e.g. the PostgreSQL hub) is a module with such a function and a line here."""

    name: str
    run: Callable
    per_size: bool
    what: str


PARTS: list[Part] = [
    Part("list", cli_bench.bench_list, True, "`ragtrack list` beside its process floor (and Taskwarrior)"),
    Part("tui", tui_bench.bench_tui, True, "cold start, keystrokes, triage and memory beside a bare Textual app"),
    Part("import", import_bench.bench_import, False, "a 10,000-row XLSX import beside openpyxl's read-only pass"),
    Part("export", export_bench.bench_export, False, "the DOCX committee report beside its unstyled text"),
    Part("sync", sync_part.bench_sync, False, "folder sync: first and incremental (bench/sync_bench.py)"),
    Part("hub", hub_bench.bench_hub, False, "PostgreSQL hub: 100,000 ops from 300 laptops (bench/hub_bench.py)"),
]


def _shown(path: Path) -> Path:
    """``path`` relative to the repository when it is inside it (shorter in one-line messages)."""
    return path.relative_to(ROOT) if path.is_relative_to(ROOT) else path


def run_part(ctx: Context, part: Part, size: int | None = None) -> None:
    """Run one part (at one size); a failure is one line in the results, the rest goes on."""
    where = part.name + (f" at {size:,}" if size is not None else "")
    try:
        if size is not None:
            part.run(ctx, size)
        else:
            part.run(ctx)
    except BenchError as error:
        message = f"{where}: {error}"
    except Exception as error:  # a bug in the bench or the app: one line here, the trace in a file
        trace = ctx.work / f"failure-{part.name}{'-' + str(size) if size else ''}.txt"
        trace.write_text(traceback.format_exc(), encoding="utf-8")
        last = traceback.extract_tb(error.__traceback__)[-1]
        message = (
            f"{where}: {type(error).__name__}: {str(error).strip().splitlines()[0] if str(error).strip() else ''} "
            f"({Path(last.filename).name}:{last.lineno}; trace in {_shown(trace)})"
        )
    except KeyboardInterrupt:
        raise
    else:
        return
    ctx.results.failures.append(message)
    ctx.log(f"  FAILED {message}")


def report(ctx: Context, machine: list[tuple[str, str]], argv: list[str], facts: dict, elapsed: float) -> str:
    results, sizes = ctx.results, ctx.sizes
    lines = [
        "# ragtrack benchmark results",
        "",
        f"Written by `make bench` (`bench/run.py{' ' + ' '.join(argv) if argv else ''}`) in {elapsed / 60:.1f} min. "
        "Each figure is beside its floor, measured in the same run on the same data, interleaved with it "
        "(figure, floor, figure, floor...); the ratio is the median of the paired ratios, and the aims "
        "(issue 15) are ratios. Times are medians. bench/README.md says what each floor is.",
        "",
        "## Machine",
        "",
        *[f"- {k}: {v}" for k, v in machine],
        f"- load average at the end: {load_average()}",
        "",
        "## Generated data",
        "",
    ]
    for size in sizes:
        f = facts.get(size)
        if f:
            lines.append(
                f"- {size:,} actions: {f['plan']} plans, {f['objective']:,} objectives, {f['officer']:,} officers, "
                f"{f['action_lead']:,} leads, {f['progress']:,} progress entries, {f['change']:,} change-log rows; "
                f"RAG red {f.get('rag red', 0):,} / amber {f.get('rag amber', 0):,} / green {f.get('rag green', 0):,} / "
                f"blue {f.get('rag blue', 0):,} / not rated {f.get('rag none', 0):,}"
            )
    if results.failures:
        lines += ["", "## Failed parts", "", *[f"- {f}" for f in results.failures]]
    lines += ["", "## Figures, floors and ratios", "", *table(results, sizes)]
    other = other_table(results)
    if other:
        lines += ["", "## Import, export, sync", "", *other]
    lines += ["", "## Details", "", *details(results)]
    if results.notes:
        lines += ["", "## Notes", "", *[f"- {n}" for n in results.notes]]
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default=",".join(map(str, DEFAULT_SIZES)), help="plan sizes in actions")
    parser.add_argument("--quick", action="store_true", help="fewer repeats (for a quick look)")
    parser.add_argument("--repeats", type=int, help="runs per process figure (default 7, --quick 3)")
    parser.add_argument("--rounds", type=int, help="rounds of keystrokes in the app session (default 5, --quick 2)")
    parser.add_argument("--only", help="comma-separated parts to run: " + ", ".join(p.name for p in PARTS))
    for part in PARTS:
        parser.add_argument(f"--no-{part.name}", action="store_true", help=f"skip: {part.what}")
    parser.add_argument("--no-taskwarrior", action="store_true", help="no Taskwarrior reference")
    parser.add_argument("--output", type=Path, help="where to write the results (Markdown)")
    args = parser.parse_args(argv)
    argv = list(argv if argv is not None else sys.argv[1:])
    try:
        sizes = sorted({int(s.replace("_", "").replace(",", "")) for s in args.sizes.split(",") if s.strip()})
    except ValueError:
        parser.error(f"--sizes: not a list of numbers: {args.sizes}")
    only = {p.strip() for p in args.only.split(",")} if args.only else {p.name for p in PARTS}
    unknown = only - {p.name for p in PARTS}
    if unknown:
        parser.error(f"--only: no part named {', '.join(sorted(unknown))}")
    parts = [p for p in PARTS if p.name in only and not getattr(args, f"no_{p.name}")]
    full = sizes == list(DEFAULT_SIZES) and not args.quick and len(parts) == len(PARTS) and not args.no_taskwarrior
    output = args.output or (BENCH / "results.md" if full else WORK / "results-partial.md")
    WORK.mkdir(parents=True, exist_ok=True)
    started = time.perf_counter()

    def log(message: str) -> None:
        print(message, flush=True)

    ctx = Context(
        Results(),
        sizes,
        repeats=args.repeats or (3 if args.quick else 7),
        rounds=args.rounds or (2 if args.quick else 5),
        quick=args.quick,
        log=log,
    )
    machine = describe_machine()
    log("ragtrack bench: " + "; ".join(f"{k} {v}" for k, v in machine))
    log("checking the generator against the write path...")
    try:
        problems = generate.check_faithful(WORK)
    except Exception as error:  # the write path itself is broken in this work tree
        log(f"  FAILED: the write path raised {type(error).__name__}: {error}; no figure can be trusted")
        return 1
    if problems:
        log("the bulk generator no longer writes what the write path writes:\n  " + "\n  ".join(problems))
        log("fix bench/generate.py (and bump GENERATOR_VERSION) before trusting any figure")
        return 1
    log("  generated databases match the write path row for row")

    facts: dict[int, dict] = {}
    # Only parts run at every size need every size's database (`--only export` makes no million).
    for size in sizes if any(p.per_size for p in parts) else []:
        try:
            facts[size] = generate.world_facts(ctx.database(size))
        except Exception as error:
            ctx.results.failures.append(f"generating {size:,} actions: {type(error).__name__}: {error}")
            log(f"  FAILED generating {size:,} actions: {error}")
    ctx.sizes = [s for s in sizes if s in facts] if any(p.per_size for p in parts) else sizes
    if any(p.name == "list" for p in parts) and not args.no_taskwarrior:
        try:
            ctx.taskwarrior = taskwarrior.find_or_install(log)
        except Exception as error:  # a reference only: never a reason to stop
            log(f"  taskwarrior: not available ({type(error).__name__}: {error})")
        if ctx.taskwarrior is None:
            ctx.results.notes.append(
                "Taskwarrior reference skipped: taskwarrior is not installed (apt-get install taskwarrior)"
            )

    for part in parts:
        if part.per_size:
            for size in ctx.sizes:
                log(f"\n== {part.name} at {size:,} actions: {part.what} ==")
                run_part(ctx, part, size)
        else:
            log(f"\n== {part.name}: {part.what} ==")
            run_part(ctx, part)

    elapsed = time.perf_counter() - started
    text = report(ctx, machine, argv, facts, elapsed)
    output.parent.mkdir(parents=True, exist_ok=True)
    output.write_text(text, encoding="utf-8")
    log("\n" + "\n".join(table(ctx.results, ctx.sizes)))
    other = other_table(ctx.results)
    if other:
        log("\n" + "\n".join(other))
    for note in ctx.results.notes:
        log(f"note: {note}")
    for failure in ctx.results.failures:
        log(f"FAILED {failure}")
    log(f"\nwritten to {_shown(output)} ({elapsed / 60:.1f} min, load average now {load_average()})")
    return 1 if ctx.results.failures else 0


if __name__ == "__main__":
    raise SystemExit(main())
