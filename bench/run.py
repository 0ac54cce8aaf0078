"""``make bench``: ragtrack's figures on generated plans of 1,000, 10,000 and 100,000 actions.

    .venv/bin/python bench/run.py [--sizes 1000,10000,100000] [--quick] [--repeats N]
                                  [--no-taskwarrior] [--no-tui] [--no-import] [--no-sync]
                                  [--output bench/results.md]

Databases are generated with bulk SQL as ragtrack's write path would have written them
(bench/generate.py, checked row for row against the write path at the start of every run) and
cached in bench/work/ (git-ignored). Every figure is the median of several runs, with min and
max. Processes are timed from spawn to exit in the parent, and their peak memory is the child's
own ru_maxrss (os.wait4). A full run (all sizes, not --quick) writes bench/results.md; a partial
run writes bench/work/results-partial.md unless --output is given.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import sqlite3
import statistics
import subprocess
import sys
import time
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

BENCH = Path(__file__).resolve().parent
ROOT = BENCH.parent
WORK = BENCH / "work"
BIN = Path(sys.executable).parent
RAGTRACK = BIN / "ragtrack"
for path in (str(BENCH), str(ROOT)):
    if path not in sys.path:
        sys.path.insert(0, path)

sys.modules.setdefault("run", sys.modules[__name__])  # tui_bench imports this module as "run"

import generate  # noqa: E402
import spreadsheet  # noqa: E402
import taskwarrior  # noqa: E402

DEFAULT_SIZES = (1000, 10_000, 100_000)


# --- figures ------------------------------------------------------------------------------


@dataclass
class Figure:
    """One measured quantity at one size: samples in seconds (or MB for memory)."""

    samples: list[float] = field(default_factory=list)
    unit: str = "s"
    note: str = ""
    timed_out: bool = False  # the samples are a lower bound: the process was stopped
    one_label: str = " (1 run)"  # how a lone sample is described

    @property
    def median(self) -> float:
        return statistics.median(self.samples)

    def text(self, with_range: bool = True) -> str:
        if not self.samples:
            return "—"
        if self.timed_out:
            return f"> {_fmt(self.median, self.unit)} (stopped)"
        if not with_range:
            return _fmt(self.median, self.unit)
        if len(self.samples) == 1:
            return _fmt(self.median, self.unit) + self.one_label
        return (
            f"{_fmt(self.median, self.unit)} ({_fmt(min(self.samples), self.unit, False)}–"
            f"{_fmt(max(self.samples), self.unit, False)}, {len(self.samples)} runs)"
        )


def _fmt(value: float, unit: str, with_unit: bool = True) -> str:
    if unit == "MB":
        text, suffix = f"{value:.0f}", " MB"
    elif unit == "x":
        text, suffix = f"{value:.2f}", "×"
    elif value < 1:
        text, suffix = f"{value * 1000:.1f}" if value < 0.1 else f"{value * 1000:.0f}", " ms"
    else:
        text, suffix = f"{value:.2f}", " s"
    return text + (suffix if with_unit else "")


@dataclass
class Aim:
    limit: float
    unit: str  # "s", "MB", "faster"
    text: str

    def met(self, figure: Figure) -> bool | None:
        if not figure.samples:
            return None
        if self.unit == "faster":
            return figure.median < 1.0
        return figure.median < self.limit


#: figure key -> (label, {size: Aim}) in the order the table lists them.
AIMS: dict[str, tuple[str, dict[int, Aim]]] = {
    "cold_start": (
        "cold start to data shown (`ragtrack`, headless)",
        {10_000: Aim(1.5, "s", "under 1.5 s"), 100_000: Aim(2.5, "s", "under 2.5 s")},
    ),
    "filter_rag": (
        "filter keystroke to repaint: RAG filter",
        {10_000: Aim(0.030, "s", "under 30 ms"), 100_000: Aim(0.060, "s", "under 60 ms")},
    ),
    "filter_officer": (
        "filter keystroke to repaint: officer filter",
        {10_000: Aim(0.030, "s", "under 30 ms"), 100_000: Aim(0.060, "s", "under 60 ms")},
    ),
    "filter_search": (
        "filter keystroke to repaint: one more search character",
        {10_000: Aim(0.030, "s", "under 30 ms"), 100_000: Aim(0.060, "s", "under 60 ms")},
    ),
    "triage_next": (
        "triage step: key to the next red item shown",
        {10_000: Aim(0.030, "s", "under 30 ms"), 100_000: Aim(0.030, "s", "under 30 ms")},
    ),
    "triage_rag": (
        "triage step: RAG change with reason saved",
        {10_000: Aim(0.030, "s", "under 30 ms"), 100_000: Aim(0.030, "s", "under 30 ms")},
    ),
    "list_process": ("`ragtrack list --rag red --officer X --format json` (process)", {}),
    "task_export": ("`task +red +lead_X export` (process, same items)", {}),
    "list_vs_task": (
        "`list` time ÷ `task export` time, same filter",
        {
            10_000: Aim(1.0, "faster", "faster than Taskwarrior (< 1)"),
            100_000: Aim(1.0, "faster", "faster than Taskwarrior (< 1)"),
        },
    ),
    "peak_memory": (
        "peak memory of the app (cold start + filters + triage)",
        {10_000: Aim(150, "MB", "under 150 MB"), 100_000: Aim(300, "MB", "under 300 MB")},
    ),
    "list_memory": ("peak memory of `ragtrack list ... --format json`", {}),
}


class Results:
    def __init__(self) -> None:
        self.figures: dict[tuple[str, int], Figure] = {}
        self.other: list[tuple[str, Figure, str]] = []  # label, figure, aim text
        self.notes: list[str] = []

    def add(self, key: str, size: int, figure: Figure) -> None:
        self.figures[(key, size)] = figure

    def get(self, key: str, size: int) -> Figure | None:
        return self.figures.get((key, size))


# --- processes ----------------------------------------------------------------------------


@dataclass
class Run:
    seconds: float
    cpu_seconds: float  # user + system time of the child: less sensitive to a busy machine
    max_rss_mb: float
    returncode: int
    stdout: Path
    stderr: str
    timed_out: bool = False


#: A process still running after this long is stopped and its figure shown as "> N s".
PROCESS_TIMEOUT_S = 90.0
IMPORT_TIMEOUT_S = 360.0
IMPORT_SLOW_S = 90.0  # an import run longer than this is not repeated


def run_process(command: list[str], stdout: Path, env: dict | None = None, timeout: float = PROCESS_TIMEOUT_S) -> Run:
    """Run ``command`` once through bench/measure.py: wall time from spawn to exit, the child's
    own CPU time and peak RSS (not inflated by this process's memory; see measure.py)."""
    err_path = stdout.with_suffix(".err")
    report = stdout.with_suffix(".measure.json")
    report.unlink(missing_ok=True)
    with open(stdout, "wb") as out, open(err_path, "wb") as err:
        subprocess.run(
            [sys.executable, str(BENCH / "measure.py"), str(report), str(timeout), "--", *command],
            stdout=out,
            stderr=err,
            stdin=subprocess.DEVNULL,
            env=env,
        )
    m = json.loads(report.read_text())
    return Run(
        min(m["seconds"], timeout) if m["timed_out"] else m["seconds"],
        m["cpu_seconds"],
        m["max_rss_mb"],
        m["returncode"],
        stdout,
        err_path.read_text(errors="replace"),
        m["timed_out"],
    )


#: A process figure whose first run takes longer than this gets fewer runs (the full bench
#: must stay well under 20 minutes on 2 cores even where ragtrack is far off its aims).
SLOW_RUN_S = 5.0


def timed(command: list[str], repeats: int, stdout: Path, env: dict | None = None) -> tuple[Figure, Figure, Figure]:
    """Time ``command``: one untimed warm-up run, then ``repeats`` runs.

    A slow command (its warm-up over SLOW_RUN_S) gets fewer runs, and one over a minute counts
    its first run and stops there; one that hits PROCESS_TIMEOUT_S is reported as "> N s".
    Returns wall seconds, CPU seconds and peak MB, each over the timed runs.
    """
    seconds, cpu, memory = Figure(), Figure(), Figure(unit="MB")

    def record(run: Run) -> None:
        if run.returncode != 0 and not run.timed_out:
            raise RuntimeError(f"{' '.join(command)} failed ({run.returncode}): {run.stderr.strip()[-400:]}")
        seconds.samples.append(run.seconds)
        cpu.samples.append(run.cpu_seconds)
        memory.samples.append(run.max_rss_mb)
        seconds.timed_out = cpu.timed_out = memory.timed_out = run.timed_out

    first = run_process(command, stdout, env)
    if first.timed_out or first.seconds > 6 * SLOW_RUN_S:
        record(first)
        seconds.note = (
            f"stopped after {PROCESS_TIMEOUT_S:.0f} s"
            if first.timed_out
            else f"slow: one cold run of {first.seconds:.0f} s"
        )
        return seconds, cpu, memory
    if first.returncode != 0:
        raise RuntimeError(f"{' '.join(command)} failed ({first.returncode}): {first.stderr.strip()[-400:]}")
    runs = repeats if first.seconds <= SLOW_RUN_S else min(repeats, 3)
    for _ in range(runs):
        record(run_process(command, stdout, env))
    return seconds, cpu, memory


# --- the machine ----------------------------------------------------------------------------


def describe_machine() -> list[tuple[str, str]]:
    def cpuinfo() -> str:
        try:
            for line in Path("/proc/cpuinfo").read_text().splitlines():
                if line.startswith("model name"):
                    return line.split(":", 1)[1].strip()
        except OSError:
            pass
        return platform.processor() or "unknown"

    def memory() -> str:
        try:
            for line in Path("/proc/meminfo").read_text().splitlines():
                if line.startswith("MemTotal"):
                    return f"{int(line.split()[1]) / 1024 / 1024:.1f} GiB"
        except OSError:
            pass
        return "unknown"

    def version(package: str) -> str:
        from importlib.metadata import PackageNotFoundError
        from importlib.metadata import version as v

        try:
            return v(package)
        except PackageNotFoundError:
            return "not installed"

    def git() -> str:
        try:
            head = subprocess.run(
                ["git", "-C", str(ROOT), "rev-parse", "--short", "HEAD"], capture_output=True, text=True, timeout=10
            ).stdout.strip()
            dirty = subprocess.run(
                ["git", "-C", str(ROOT), "status", "--porcelain", "--untracked-files=no"],
                capture_output=True,
                text=True,
                timeout=10,
            ).stdout.strip()
            return head + (" (plus uncommitted changes in the work tree)" if dirty else "")
        except (OSError, subprocess.SubprocessError):
            return "unknown"

    task = shutil.which("task")
    task_version = (
        subprocess.run([task, "--version"], capture_output=True, text=True).stdout.strip() if task else "not installed"
    )
    return [
        ("date", datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC")),
        ("CPU", cpuinfo()),
        ("cores", str(os.cpu_count())),
        ("memory", memory()),
        ("OS", platform.platform()),
        ("Python", platform.python_version()),
        ("SQLite", sqlite3.sqlite_version),
        ("Textual", version("textual")),
        ("SQLAlchemy", version("sqlalchemy")),
        ("Taskwarrior", task_version),
        ("ragtrack commit", git()),
        ("load average at start (1, 5, 15 min)", load_average()),
    ]


def load_average() -> str:
    """Other work on the machine skews wall times: the bench says how busy the machine was."""
    try:
        one, five, fifteen = os.getloadavg()
    except OSError:
        return "unknown"
    return f"{one:.2f}, {five:.2f}, {fifteen:.2f}" + (
        f" (busy: over {os.cpu_count()} cores' worth of other work; wall times are inflated, CPU times less so)"
        if one > (os.cpu_count() or 1) * 0.75
        else ""
    )


# --- the non-TUI figures --------------------------------------------------------------------


def busy_officer(db: Path) -> tuple[str, str]:
    """A lead with plenty of red actions (the 3rd busiest lead): (full name, officer id)."""
    conn = sqlite3.connect(str(db))
    try:
        rows = conn.execute(
            "SELECT f.name, f.id, count(*) n FROM action_lead l JOIN officer f ON f.id = l.officer_id "
            "GROUP BY f.id ORDER BY n DESC, f.name LIMIT 3"
        ).fetchall()
        return rows[-1][0], rows[-1][1]
    finally:
        conn.close()


def bench_list(results: Results, size: int, db: Path, repeats: int, task: str | None, log) -> None:
    name, officer_id = busy_officer(db)
    command = [str(RAGTRACK), "--db", str(db), "list", "--rag", "red", "--officer", name, "--format", "json"]
    out = WORK / f"list-{size}.json"
    seconds, cpu, memory = timed(command, repeats, out)
    count = None if seconds.timed_out else len(json.loads(out.read_text()))
    printed = f"{count} actions printed, " if count is not None else ""
    seconds.note = "; ".join(filter(None, [seconds.note, f"{printed}CPU {cpu.text(False)}"]))
    results.add("list_process", size, seconds)
    results.add("list_memory", size, memory)
    log(
        f"  list --rag red --officer {name!r} --format json: {seconds.text()}, {count if count is not None else '?'} actions, "
        f"CPU {cpu.text(False)}, peak {memory.text(False)}"
    )
    if task is None or size < 10_000:
        return
    data = taskwarrior.TaskData(task, WORK / f"tw-{size}")
    loaded = data.load(db, log)
    if loaded is not None:
        results.other.append(
            (f"`task import` of the {size:,} actions (reference; only when first loaded)", Figure([loaded]), "")
        )
    command = data.command("+red", f"+{taskwarrior.lead_tag(officer_id)}", "export")
    out = WORK / f"task-{size}.json"
    tw_seconds, tw_cpu, _ = timed(command, repeats, out, env=data.env)
    tw_count = len(json.loads(out.read_text()))
    tw_seconds.note = f"{tw_count} tasks printed, CPU {tw_cpu.text(False)}"
    if count is not None and tw_count != count:
        results.notes.append(
            f"at {size:,}: Taskwarrior printed {tw_count} tasks, ragtrack {count} actions: "
            "the filters are not equivalent"
        )
    results.add("task_export", size, tw_seconds)
    # The ratio of the medians; the range pairs the fastest runs together, the slowest together.
    paired = [a / b for a, b in zip(sorted(seconds.samples), sorted(tw_seconds.samples), strict=False)]
    ratio = Figure([seconds.median / tw_seconds.median], unit="x", timed_out=seconds.timed_out)
    faster = tw_seconds.median / seconds.median
    if seconds.timed_out:
        ratio.note = f"ragtrack stopped after {seconds.median:.0f} s: at least {1 / faster:.0f}× slower"
    else:
        ratio.note = f"paired runs {min(paired):.2f}–{max(paired):.2f}; " + (
            f"ragtrack {faster:.1f}× faster" if faster >= 1 else f"ragtrack {1 / faster:.1f}× slower"
        )
    results.add("list_vs_task", size, ratio)
    log(
        f"  task +red +{taskwarrior.lead_tag(officer_id)} export: {tw_seconds.text()}, {tw_count} tasks, "
        f"CPU {tw_cpu.text(False)}; ratio {ratio.median:.2f} ({ratio.note})"
    )


def bench_import(results: Results, repeats: int, log) -> None:
    """``ragtrack import`` of 10,000 spreadsheet rows into a new database, as one command.

    The importer refuses a sheet longer than storage.importing.tabular.MAX_ROWS (5,000 since it
    was introduced), so the 10,000 rows come as several sheets in one ``import`` (one
    transaction, one plan per file)."""
    from storage.importing import READERS

    rows = 10_000
    try:
        from storage.importing.tabular import MAX_ROWS
    except ImportError:
        MAX_ROWS = None
    if ".xlsx" in READERS:
        files = 1 if not MAX_ROWS or rows + 10 <= MAX_ROWS else -(-rows // (MAX_ROWS - 10))
        per_file = -(-rows // files)
        sources = [
            spreadsheet.write_xlsx(
                WORK / f"import-{rows}-{n + 1}of{files}.xlsx", min(per_file, rows - n * per_file), seed=11 + n
            )
            for n in range(files)
        ]
        kind = "XLSX" + (
            f", {files} sheets of {per_file:,} rows (the importer refuses sheets over {MAX_ROWS:,} rows)"
            if files > 1
            else ""
        )
    else:
        sources = [spreadsheet.write_tsv(WORK / f"import-{rows}.tsv", rows)]
        kind = "tab-separated text (no XLSX reader in storage.importing.READERS yet)"
    figure = Figure()
    n = 0
    while n < repeats:
        n += 1
        target = WORK / "import-target.db"
        for suffix in ("", "-wal", "-shm"):
            Path(f"{target}{suffix}").unlink(missing_ok=True)
        run = run_process(
            [str(RAGTRACK), "--db", str(target), "import", *map(str, sources)],
            WORK / "import.out",
            timeout=IMPORT_TIMEOUT_S,
        )
        if run.returncode != 0 and kind.startswith("XLSX") and not run.timed_out:
            log(f"  import: the XLSX reader refused the generated sheets ({run.stderr.strip()[-200:]}); using TSV")
            sources = [spreadsheet.write_tsv(WORK / f"import-{rows}.tsv", rows)]
            kind = "tab-separated text (the XLSX reader refused the generated sheets)"
            run = run_process(
                [str(RAGTRACK), "--db", str(target), "import", *map(str, sources)],
                WORK / "import.out",
                timeout=IMPORT_TIMEOUT_S,
            )
        if run.returncode != 0 and not run.timed_out:
            raise RuntimeError(f"import failed: {run.stderr.strip()[-400:]}")
        figure.samples.append(run.seconds)
        figure.timed_out = run.timed_out
        log(
            f"  import run {n}: {run.seconds:.1f} s{' (stopped)' if run.timed_out else ''}, CPU {run.cpu_seconds:.1f} s, "
            f"peak {run.max_rss_mb:.0f} MB"
        )
        if (run.timed_out or run.seconds > IMPORT_SLOW_S) and n < repeats:
            figure.note = f"{n} run(s) only: over {IMPORT_SLOW_S:.0f} s a run; "
            break
    summary = [
        line
        for line in (WORK / "import.out").read_text(errors="replace").splitlines()
        if line.startswith(("imported", "would import"))
    ]
    figure.note += f"{kind}; " + " / ".join(summary)
    results.other.append(
        (
            f"`ragtrack import` of a {rows:,}-row spreadsheet ({kind.split(',')[0].split(' (')[0]}), new database",
            figure,
            "",
        )
    )
    log(f"  import of {rows:,} rows ({kind}): {figure.text()}")


def bench_export(results: Results, repeats: int, log) -> None:
    check = subprocess.run([str(RAGTRACK), "export", "--help"], capture_output=True, text=True)
    if check.returncode != 0:
        log("  export: skipped: `ragtrack export` does not exist in this build")
        results.notes.append("committee report export skipped: `ragtrack export` does not exist in this build")
        return
    db = generate.database_for(1000, log)
    conn = sqlite3.connect(str(db))
    title = conn.execute("SELECT source_key FROM plan LIMIT 1").fetchone()[0]
    conn.close()
    out = WORK / "report-1000.docx"
    command = [str(RAGTRACK), "--db", str(db), "export", "--plan", title, "--format", "docx", "-o", str(out)]
    seconds, cpu, memory = timed(command, repeats, WORK / "export.out")
    seconds.note = "; ".join(
        filter(
            None, [seconds.note, f"{out.stat().st_size // 1024} KB, CPU {cpu.text(False)}, peak {memory.text(False)}"]
        )
    )
    results.other.append(("`ragtrack export --format docx` (committee report) of a 1,000-action plan", seconds, ""))
    log(f"  export docx of a 1,000-action plan: {seconds.text()} ({seconds.note})")


def bench_sync(results: Results, quick: bool, log) -> None:
    script = BENCH / "sync_bench.py"
    if not script.exists():
        log("  sync: skipped: bench/sync_bench.py does not exist yet")
        results.notes.append("sync figures skipped: bench/sync_bench.py does not exist yet")
        return
    params = "actions=1000, store_ops=10_000, changes=20, repeats=1" if quick else ""
    code = (
        "import json, sys; sys.path.insert(0, sys.argv[1]); import sync_bench; "
        f"figures = sync_bench.sync_bench({params}); print('FIGURES ' + json.dumps(figures))"
    )
    started = time.perf_counter()
    proc = subprocess.run(
        [sys.executable, "-c", code, str(BENCH)],
        capture_output=True,
        text=True,
        cwd=str(ROOT),
        stdin=subprocess.DEVNULL,
    )
    lines = proc.stdout.splitlines()
    for line in lines:
        if not line.startswith("FIGURES "):
            log(f"  sync: {line}")
    found = [json.loads(line[8:]) for line in lines if line.startswith("FIGURES ")]
    if proc.returncode != 0 or not found:
        log(f"  sync: bench/sync_bench.py failed: {proc.stderr.strip()[-400:]}")
        results.notes.append(f"sync figures missing: bench/sync_bench.py failed ({proc.stderr.strip()[-200:]})")
        return
    figures = found[0]
    scale = " (--quick: 1,000 actions / 10,000 ops / 20 changes)" if quick else ""
    labels = {
        "first_sync_send_s": ("first sync of 10,000 actions: laptop A sends" + scale, "under 5 s"),
        "first_sync_join_s": ("first sync of 10,000 actions: laptop B joins and receives" + scale, "under 5 s"),
        "incremental_send_s": ("incremental sync, 100 changes against 100,000 ops: send" + scale, "under 1 s"),
        "incremental_receive_s": ("incremental sync, 100 changes against 100,000 ops: receive" + scale, "under 1 s"),
        "incremental_send_with_snapshot_s": (
            "incremental sync that also refreshes the snapshot (at most every 10 minutes per laptop)" + scale,
            "",
        ),
    }
    for key, value in figures.items():
        label, aim = labels.get(key, (key, ""))
        figure = Figure(
            [float(value)], note="bench/sync_bench.py reports medians only (no min/max)", one_label=" (median)"
        )
        results.other.append((f"sync: {label}", figure, aim))
    log(f"  sync: done in {time.perf_counter() - started:.0f} s")


# --- the TUI figures ------------------------------------------------------------------------


def bench_tui(results: Results, size: int, db: Path, repeats: int, log) -> None:
    import tui_bench

    tui_bench.bench(results, size, db, repeats, log)


def tui_available(log) -> bool:
    if not (ROOT / "tui" / "app.py").exists():
        log("TUI figures skipped: tui/app.py does not exist yet")
        return False
    check = subprocess.run(
        [sys.executable, "-c", "import tui.app, tui.screens.main, tui.screens.triage"],
        capture_output=True,
        text=True,
        cwd=str(ROOT),
    )
    if check.returncode != 0:
        log(f"TUI figures skipped: the app does not import: {check.stderr.strip().splitlines()[-1:]}")
        return False
    return True


# --- the report -----------------------------------------------------------------------------


def table(results: Results, sizes: list[int]) -> list[str]:
    head = "| figure | " + " | ".join(f"{s:,} actions" for s in sizes) + " |"
    lines = [head, "|" + "---|" * (len(sizes) + 1)]
    for key, (label, aims) in AIMS.items():
        if not any(results.get(key, s) for s in sizes) and not any(s in aims for s in sizes):
            continue
        cells = []
        for size in sizes:
            figure = results.get(key, size)
            aim = aims.get(size)
            cell = figure.text(with_range=key != "list_vs_task") if figure else "—"
            if figure and figure.note and key in ("list_vs_task", "list_process", "task_export"):
                cell += f"<br>{figure.note}"
            if aim:
                met = aim.met(figure) if figure else None
                mark = "" if met is None else (" ✅" if met else " ❌ MISSED")
                cell += f"<br>aim: {aim.text}{mark}"
            cells.append(cell)
        lines.append(f"| {label} | " + " | ".join(cells) + " |")
    return lines


def other_table(results: Results) -> list[str]:
    if not results.other:
        return []
    lines = ["| figure | median (min–max) | aim | notes |", "|---|---|---|---|"]
    for label, figure, aim in results.other:
        mark = ""
        if aim and figure.samples:
            limit = float(aim.split()[1])
            mark = " ✅" if figure.median < limit else " ❌ MISSED"
        lines.append(f"| {label} | {figure.text()} | {aim}{mark} | {figure.note} |")
    return lines


def report(
    results: Results, sizes: list[int], machine: list[tuple[str, str]], args, facts: dict, elapsed: float
) -> str:
    lines = [
        "# ragtrack benchmark results",
        "",
        f"Written by `make bench` (`bench/run.py{' ' + ' '.join(args.argv) if args.argv else ''}`) "
        f"in {elapsed / 60:.1f} min. Medians of several runs, (min–max, runs).",
        "",
        "## Machine",
        "",
    ]
    lines += [f"- {k}: {v}" for k, v in machine]
    lines.append(f"- load average at the end: {load_average()}")
    lines += ["", "## Generated data", ""]
    for size in sizes:
        f = facts.get(size, {})
        if f:
            lines.append(
                f"- {size:,} actions: {f['plan']} plans, {f['objective']:,} objectives, {f['officer']:,} officers, "
                f"{f['action_lead']:,} leads, {f['progress']:,} progress entries, {f['change']:,} change-log rows; "
                f"RAG red {f.get('rag red', 0):,} / amber {f.get('rag amber', 0):,} / green {f.get('rag green', 0):,} / "
                f"blue {f.get('rag blue', 0):,} / not rated {f.get('rag none', 0):,}"
            )
    lines += ["", "## Figures and aims", "", *table(results, sizes)]
    details = [
        f"- {AIMS[key][0]} at {size:,}: {figure.note}"
        for (key, size), figure in results.figures.items()
        if figure.note and key in AIMS
    ]
    if details:
        lines += ["", "Details:", "", *details]
    other = other_table(results)
    if other:
        lines += ["", "## Import, export, sync", "", *other]
    if results.notes:
        lines += ["", "## Notes", ""] + [f"- {n}" for n in results.notes]
    return "\n".join(lines) + "\n"


# --- main -----------------------------------------------------------------------------------


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--sizes",
        default=",".join(map(str, DEFAULT_SIZES)),
        help="comma-separated plan sizes in actions (default 1000,10000,100000)",
    )
    parser.add_argument("--quick", action="store_true", help="fewer repeats (for a quick look)")
    parser.add_argument("--repeats", type=int, help="runs per process figure (default 7, --quick 3)")
    parser.add_argument("--no-taskwarrior", action="store_true")
    parser.add_argument("--no-tui", action="store_true")
    parser.add_argument("--no-import", action="store_true", help="skip the 10,000-row import (slowest figure)")
    parser.add_argument("--no-sync", action="store_true")
    parser.add_argument("--output", type=Path, help="where to write the results (Markdown)")
    args = parser.parse_args(argv)
    args.argv = list(argv if argv is not None else sys.argv[1:])
    sizes = sorted({int(s.replace("_", "")) for s in args.sizes.split(",") if s.strip()})
    repeats = args.repeats or (3 if args.quick else 7)
    full = (
        sizes == list(DEFAULT_SIZES)
        and not args.quick
        and not any((args.no_taskwarrior, args.no_tui, args.no_import, args.no_sync))
    )
    output = args.output or (BENCH / "results.md" if full else WORK / "results-partial.md")
    WORK.mkdir(parents=True, exist_ok=True)
    started = time.perf_counter()

    def log(message: str) -> None:
        print(message, flush=True)

    machine = describe_machine()
    log("ragtrack bench: " + "; ".join(f"{k} {v}" for k, v in machine))
    results = Results()

    log("checking the generator against the write path...")
    try:
        problems = generate.check_faithful(WORK)
    except Exception as error:  # the write path itself is broken in this work tree
        problems = None
        log(f"  could not run the write path to check the generator: {type(error).__name__}: {error}")
        results.notes.append(
            f"the generator was not checked against the write path, which raised {type(error).__name__}: {error}"
        )
    if problems:
        log("the bulk generator no longer writes what the write path writes:\n  " + "\n  ".join(problems))
        log("fix bench/generate.py (and bump GENERATOR_VERSION) before trusting any figure")
        return 1
    if problems is not None:
        log("  generated databases match the write path row for row")

    facts: dict[int, dict] = {}
    databases: dict[int, Path] = {}
    for size in sizes:
        databases[size] = generate.database_for(size, log)
        facts[size] = generate.world_facts(databases[size])

    task = None if args.no_taskwarrior else taskwarrior.find_or_install(log)
    if task is None and not args.no_taskwarrior:
        results.notes.append(
            "Taskwarrior comparison skipped: taskwarrior is not installed (sudo apt-get install -y taskwarrior)"
        )
    for size in sizes:
        log(f"\n== {size:,} actions: command line ==")
        bench_list(results, size, databases[size], repeats, task, log)

    if not args.no_tui and tui_available(log):
        for size in sizes:
            log(f"\n== {size:,} actions: the app ==")
            bench_tui(results, size, databases[size], 3 if args.quick else 5, log)
    elif not args.no_tui:
        results.notes.append("TUI figures (cold start, filter, triage, app memory) skipped: the app is not there yet")

    log("\n== import, export, sync ==")
    if not args.no_import:
        bench_import(results, 1 if args.quick else 3, log)
    bench_export(results, 3 if args.quick else 5, log)
    if not args.no_sync:
        bench_sync(results, args.quick, log)

    elapsed = time.perf_counter() - started
    text = report(results, sizes, machine, args, facts, elapsed)
    output.parent.mkdir(parents=True, exist_ok=True)
    output.write_text(text, encoding="utf-8")
    log("\n" + "\n".join(table(results, sizes)))
    other = other_table(results)
    if other:
        log("\n" + "\n".join(other))
    for note in results.notes:
        log(f"note: {note}")
    log(f"\nwritten to {output.relative_to(ROOT) if output.is_relative_to(ROOT) else output} ({elapsed / 60:.1f} min)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
