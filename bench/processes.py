"""Timing whole processes for the bench: one run, several, or two commands interleaved.

Every run goes through bench/measure.py (wall time from spawn to exit, the child's own CPU time
and peak memory). What cannot run is a ``BenchError`` with one line saying why, never a
traceback about a missing report file.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from figures import Figure

BENCH = Path(__file__).resolve().parent
MEASURE = BENCH / "measure.py"

#: A process still running after this long is stopped and its figure shown as "> N s".
PROCESS_TIMEOUT_S = 90.0
#: A command whose first (warm-up) run takes longer than this gets fewer runs, and one over six
#: times this counts that run and stops there: the bench must end even far off its aims.
SLOW_RUN_S = 5.0


class BenchError(Exception):
    """Something the bench cannot measure, said in one line (a missing command, a failed run)."""


def one_line(text: str, limit: int = 300) -> str:
    """The last non-empty line of ``text`` (an error's point), at most ``limit`` characters."""
    lines = [line.strip() for line in text.strip().splitlines() if line.strip()]
    last = lines[-1] if lines else ""
    return last if len(last) <= limit else last[: limit - 1] + "…"


def command_problem(path: Path, probe: tuple[str, ...] = ("--help",)) -> str | None:
    """Why the console script ``path`` cannot run, in one line; None when ``path probe`` runs."""
    if not path.exists():
        if path.is_symlink():
            return f"{path} is a broken link to {os.readlink(path)}"
        return f"{path} does not exist: `make bench` installs ragtrack into .venv (or run `pip install -e .`)"
    if not os.access(path, os.X_OK):
        return f"{path} is not executable"
    try:
        with open(path, "rb") as script:
            first = script.readline(500)
    except OSError as error:
        return f"{path} cannot be read: {error.strerror or error}"
    if first.startswith(b"#!"):
        words = first[2:].decode(errors="replace").split()
        interpreter = words[0] if words else ""
        if interpreter.endswith("/env") and len(words) > 1:
            interpreter = shutil.which(words[1]) or words[1]
        if interpreter and not Path(interpreter).exists():
            return (
                f"{path} starts {interpreter}, which does not exist (the virtual environment was moved or "
                "rebuilt): run `make clean && make bench`"
            )
    try:
        check = subprocess.run(
            [str(path), *probe], capture_output=True, text=True, timeout=60, stdin=subprocess.DEVNULL
        )
    except OSError as error:
        return f"{path} cannot start: {error.strerror or error}"
    except subprocess.TimeoutExpired:
        return f"`{path.name} {' '.join(probe)}` did not finish within 60 s"
    if check.returncode != 0:
        return f"`{path.name} {' '.join(probe)}` failed ({check.returncode}): {one_line(check.stderr or check.stdout)}"
    return None


@dataclass
class Run:
    seconds: float
    cpu_seconds: float  # user + system time of the child: less sensitive to a busy machine
    max_rss_mb: float
    returncode: int
    stdout: Path
    stderr: str
    timed_out: bool = False


def run_process(command: list[str], stdout: Path, env: dict | None = None, timeout: float = PROCESS_TIMEOUT_S) -> Run:
    """Run ``command`` once through bench/measure.py: wall time from spawn to exit, the child's
    own CPU time and peak RSS (not inflated by this process's memory; see measure.py)."""
    err_path = stdout.with_suffix(".err")
    report = stdout.with_suffix(".measure.json")
    report.unlink(missing_ok=True)
    with open(stdout, "wb") as out, open(err_path, "wb") as err:
        subprocess.run(
            [sys.executable, str(MEASURE), str(report), str(timeout), "--", *command],
            stdout=out,
            stderr=err,
            stdin=subprocess.DEVNULL,
            env=env,
        )
    stderr = err_path.read_text(errors="replace")
    try:
        m = json.loads(report.read_text())
    except (OSError, ValueError):
        raise BenchError(f"could not time {Path(command[0]).name}: {one_line(stderr) or 'no report'}") from None
    if m.get("error"):
        raise BenchError(m["error"])
    return Run(
        min(m["seconds"], timeout) if m["timed_out"] else m["seconds"],
        m["cpu_seconds"],
        m["max_rss_mb"],
        m["returncode"],
        stdout,
        stderr,
        m["timed_out"],
    )


@dataclass
class Series:
    """Several runs of one command: wall seconds, CPU seconds and peak MB."""

    seconds: Figure = field(default_factory=Figure)
    cpu: Figure = field(default_factory=Figure)
    memory: Figure = field(default_factory=lambda: Figure(unit="MB"))

    def record(self, command: list[str], run: Run) -> None:
        if run.returncode != 0 and not run.timed_out:
            raise BenchError(f"`{_short(command)}` failed ({run.returncode}): {one_line(run.stderr)}")
        self.seconds.samples.append(run.seconds)
        self.cpu.samples.append(run.cpu_seconds)
        self.memory.samples.append(run.max_rss_mb)
        self.seconds.timed_out = self.cpu.timed_out = self.memory.timed_out = run.timed_out


def _short(command: list[str]) -> str:
    return " ".join([Path(command[0]).name, *command[1:]])[:160]


def _warmed(run_once: Callable[[], Run]) -> Run:
    """The warm-up run that decides how many timed runs follow. A slow first run gets a second
    one: a database the bench has just generated (6 GB at a million actions) is first read from
    disk, not from the OS file cache, and that cold read (30 s where a warm run takes 1 s) must not
    pass for the command's own speed."""
    first = run_once()
    if first.returncode != 0 or first.timed_out or first.seconds <= SLOW_RUN_S:
        return first
    again = run_once()
    return again if again.returncode == 0 and again.seconds < first.seconds else first


def _runs_after(first: Run, repeats: int, series: Series) -> int:
    """How many timed runs follow a warm-up run like ``first`` (see SLOW_RUN_S)."""
    if first.timed_out or first.seconds > 6 * SLOW_RUN_S:
        series.seconds.note = (
            f"stopped after {PROCESS_TIMEOUT_S:.0f} s"
            if first.timed_out
            else f"slow: one cold run of {first.seconds:.0f} s"
        )
        return 0
    return repeats if first.seconds <= SLOW_RUN_S else min(repeats, 3)


def timed(command: list[str], repeats: int, stdout: Path, env: dict | None = None) -> Series:
    """Time ``command``: one untimed warm-up run (the OS file cache, .pyc files), then ``repeats``
    runs; a slow one gets fewer (see SLOW_RUN_S) and a stopped one shows as "> N s"."""
    series = Series()
    first = _warmed(lambda: run_process(command, stdout, env))
    runs = _runs_after(first, repeats, series)
    if not runs:
        series.record(command, first)
        return series
    if first.returncode != 0:
        series.record(command, first)  # raises with the command's own error
    for _ in range(runs):
        series.record(command, run_process(command, stdout, env))
    return series


@dataclass
class Pair:
    """A command and its floor, run alternately: ``ratios`` pairs each run with the floor's run
    just after it."""

    figure: Series
    floor: Series
    ratios: list[float]


def paired(
    command: list[str],
    floor: list[str],
    repeats: int,
    stdout: Path,
    floor_stdout: Path,
    env: dict | None = None,
    timeout: float = PROCESS_TIMEOUT_S,
    before: Callable[[], None] | None = None,
) -> Pair:
    """Time ``command`` and ``floor`` interleaved (warm-ups, then command, floor, command,
    floor...), so that whatever else the machine does hits both alike. ``before`` runs before
    every run of ``command`` (e.g. removing the database an import made)."""
    a, b = Series(), Series()

    def run_command() -> Run:
        if before is not None:
            before()
        return run_process(command, stdout, env, timeout)

    first = _warmed(run_command)
    run_process(floor, floor_stdout, env, timeout)  # warm-up of the floor
    runs = _runs_after(first, repeats, a)
    if first.returncode != 0 or not runs:
        a.record(command, first)
        b.record(floor, run_process(floor, floor_stdout, env, timeout))
        return Pair(a, b, [first.seconds / b.seconds.median] if b.seconds.median else [])
    ratios = []
    for _ in range(runs):
        run_a = run_command()
        a.record(command, run_a)
        run_b = run_process(floor, floor_stdout, env, timeout)
        b.record(floor, run_b)
        if run_b.seconds > 0:
            ratios.append(run_a.seconds / run_b.seconds)
    return Pair(a, b, ratios)


def figures_from(command: list[str], name: str) -> dict:
    """Run a bench script that prints one ``FIGURES {json}`` line; its figures. A failure, or no
    such line, is one BenchError line naming the script."""
    import json
    import subprocess

    from context import ROOT

    proc = subprocess.run(command, capture_output=True, text=True, cwd=str(ROOT), stdin=subprocess.DEVNULL)
    found = [json.loads(line[8:]) for line in proc.stdout.splitlines() if line.startswith("FIGURES ")]
    if proc.returncode != 0 or not found:
        raise BenchError(f"{name} failed: {one_line(proc.stderr) or f'exit {proc.returncode}'}")
    return found[0]
