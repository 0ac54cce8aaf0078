"""The app's figures (cold start, keystrokes, triage, peak memory), each beside its floor.

Cold start: ``bench/tui_driver.py cold`` (what ``ragtrack --db DB`` does, headless) and
``bench/floor_app.py cold`` (a bare Textual app showing the same first screen) run alternately;
each is timed from spawn (time.time() in bench/measure.py) to its ``DATA_SHOWN`` line.

Keystrokes: the app (``tui_driver.py serve``) and the floor (``floor_app.py serve``) run side by
side as two processes on the same copy of the database; the bench sends each step to the app,
then the same step to the floor, round after round, so a busy moment of the machine hits both.
Both answer the first ids of the list they painted, which must agree. The app process's peak
RSS over its whole session is the app's peak memory.
"""

from __future__ import annotations

import json
import queue
import shutil
import subprocess
import sys
import threading
from collections import defaultdict
from pathlib import Path

from context import BENCH, Context, busy_officer
from figures import Figure
from processes import MEASURE, BenchError, one_line

DRIVER = BENCH / "tui_driver.py"
FLOOR = BENCH / "floor_app.py"
COLD_TIMEOUT_S = 180.0
#: Longest wait for any one step of the session (a keystroke's repaint, the officers loading).
STEP_LIMIT_S = 120.0

#: One round of the session: (figure key, step). Keys without an aim are reported in the notes.
ROUND: list[tuple[str, dict]] = [
    ("filter_rag", {"step": "rag", "on": True}),
    ("filter_rag", {"step": "rag", "on": False}),
    ("filter_officer", {"step": "officer"}),
    ("filter_clear", {"step": "clear"}),
    ("search_first", {"step": "search", "key": "c"}),
    *[("filter_search", {"step": "search", "key": k}) for k in "are"],
    *[("search_backspace", {"step": "search", "key": "backspace"})] * 4,
    ("triage_next", {"step": "triage_next"}),
    ("triage_rag", {"step": "triage_rag"}),
    ("triage_next", {"step": "triage_next"}),
    ("triage_rag", {"step": "triage_rag"}),
]
NOTES = {
    "filter_rag": "red on and off",
    "filter_officer": "Enter in the officer picker",
    "filter_search": "2nd to 4th character of “care”",
    "triage_rag": "Enter on the reason to the change committed (the floor: a key to its commit)",
}


def _fresh_copy(db: Path, work: Path, size: int) -> Path:
    """The session's RAG changes must not pile up in the cached database."""
    target = work / f"session-{size}.db"
    _remove(target)
    shutil.copyfile(db, target)
    return target


def _remove(db: Path) -> None:
    for suffix in ("", "-wal", "-shm"):
        Path(f"{db}{suffix}").unlink(missing_ok=True)


def bench_tui(ctx: Context, size: int) -> None:
    ctx.compile_ragtrack()
    copy = _fresh_copy(ctx.database(size), ctx.work, size)
    try:
        _cold_start(ctx, size, copy)
        _session(ctx, size, copy)
    finally:
        _remove(copy)
        _remove(ctx.work / f"floor-writes-{size}.db")


# --- cold start -----------------------------------------------------------------------------


def _shown(command: list[str], report: Path) -> tuple[float, float]:
    """One cold start: (seconds from spawn to DATA_SHOWN, peak MB at that moment)."""
    report.unlink(missing_ok=True)
    proc = subprocess.run(
        [sys.executable, str(MEASURE), str(report), str(COLD_TIMEOUT_S), "--", *command],
        capture_output=True,
        text=True,
        stdin=subprocess.DEVNULL,
    )
    try:
        measured = json.loads(report.read_text())
    except (OSError, ValueError):
        raise BenchError(f"could not time {Path(command[1]).name}: {one_line(proc.stderr)}") from None
    for line in proc.stdout.splitlines():
        if line.startswith("DATA_SHOWN "):
            return float(line.split()[1]) - measured["spawned_at"], measured["max_rss_mb"]
    why = "stopped" if measured.get("timed_out") else f"exit {measured.get('returncode')}"
    raise BenchError(f"{Path(command[1]).name} never showed data ({why}): {one_line(proc.stderr)}")


def _cold_start(ctx: Context, size: int, db: Path) -> None:
    app = [sys.executable, str(DRIVER), "cold", str(db)]
    floor = [sys.executable, str(FLOOR), "cold", str(db)]
    list_floor = [sys.executable, str(FLOOR), "cold-list", str(db)]  # the floor before December 2026
    figure, floor_figure, memory, ratios = Figure(), Figure(), Figure(unit="MB"), []
    list_figure, list_ratios = Figure(), []
    for n in range(ctx.rounds + 1):  # the first round warms the OS file cache and .pyc files
        seconds, peak = _shown(app, ctx.work / "cold.measure.json")
        floor_seconds, _ = _shown(floor, ctx.work / "cold-floor.measure.json")
        list_seconds, _ = _shown(list_floor, ctx.work / "cold-list-floor.measure.json")
        if n:
            figure.samples.append(seconds)
            memory.samples.append(peak)
            floor_figure.samples.append(floor_seconds)
            ratios.append(seconds / floor_seconds)
            list_figure.samples.append(list_seconds)
            list_ratios.append(seconds / list_seconds)
    figure.note = f"peak at data shown {memory.text(False)}"
    entry = ctx.results.add("cold_start", size, figure, floor_figure, ratios)
    ctx.log(f"  cold start to data shown: {figure.text()} ÷ floor {floor_figure.text()} = {entry.ratio:.2f}×")
    listed = ctx.results.add_other(
        f"cold start at {size:,} ÷ the list alone (the cold floor until December 2026; reference)",
        Figure(list(figure.samples)),
        list_figure,
        list_ratios,
        floor_label="`bench/floor_app.py cold-list`",
    )
    ctx.log(f"  the same ÷ the list alone {list_figure.text()} = {listed.ratio:.2f}×")


# --- the session ----------------------------------------------------------------------------


class Server:
    """A driver process answering steps (bench/serving.py), under bench/measure.py."""

    def __init__(self, name: str, command: list[str], work: Path, timeout: float, env: dict | None = None) -> None:
        self.name = name
        self.report = work / f"{name}.measure.json"
        self.report.unlink(missing_ok=True)
        self.log = work / f"{name}.log"
        with open(self.log, "wb") as log:
            self.proc = subprocess.Popen(
                [sys.executable, str(MEASURE), str(self.report), str(timeout), "--", *command],
                stdin=subprocess.PIPE,
                stdout=subprocess.PIPE,
                stderr=log,
                text=True,
                encoding="utf-8",
                bufsize=1,
                env=env,
            )
        self.answers: queue.Queue[dict | None] = queue.Queue()
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self) -> None:
        assert self.proc.stdout is not None
        for line in self.proc.stdout:
            if line.startswith("BENCH "):
                self.answers.put(json.loads(line[6:]))
        self.answers.put(None)

    def receive(self, limit: float) -> dict:
        try:
            answer = self.answers.get(timeout=limit)
        except queue.Empty:
            raise BenchError(f"{self.name}: no answer within {limit:.0f} s") from None
        if answer is None:
            self.proc.wait()
            raise BenchError(f"{self.name} ended: {one_line(self.log.read_text(errors='replace')) or 'no message'}")
        return answer

    def ask(self, request: dict, limit: float) -> dict:
        assert self.proc.stdin is not None
        try:
            self.proc.stdin.write(json.dumps(request) + "\n")
            self.proc.stdin.flush()
        except OSError:
            pass  # it ended: receive() says why
        return self.receive(limit)

    def close(self) -> dict:
        """Ends the session; returns bench/measure.py's report (peak memory of the whole session)."""
        try:
            assert self.proc.stdin is not None
            self.proc.stdin.write(json.dumps({"step": "quit"}) + "\n")
            self.proc.stdin.close()
        except OSError:
            pass
        try:
            self.proc.wait(timeout=60)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()
        try:
            return json.loads(self.report.read_text())
        except (OSError, ValueError):
            return {}


def _session(ctx: Context, size: int, db: Path) -> None:
    name, officer_id = busy_officer(db)
    limit = STEP_LIMIT_S
    timeout = 3600.0  # the whole session; each step is bounded by ``limit`` anyway
    app = Server(
        "app-session",
        [sys.executable, str(DRIVER), "serve", str(db), "--officer", name, "--limit", str(limit)],
        ctx.work,
        timeout,
    )
    floor = Server(
        "floor-session",
        [
            sys.executable,
            str(FLOOR),
            "serve",
            str(db),
            "--officer-id",
            officer_id,
            "--scratch",
            str(ctx.work / f"floor-writes-{size}.db"),
            "--limit",
            str(limit),
        ],
        ctx.work,
        timeout,
    )
    samples: dict[str, list[float]] = defaultdict(list)
    floors: dict[str, list[float]] = defaultdict(list)
    ratios: dict[str, list[float]] = defaultdict(list)
    app_ms: dict[str, list[float]] = defaultdict(list)
    stopped: set[str] = set()
    mismatches: dict[str, int] = defaultdict(int)
    report: dict = {}
    failure = None
    try:
        started = app.receive(limit * 3)  # a cold start, the officers and the first scope
        floor.receive(limit * 3)
        for _ in range(ctx.rounds_for(size)):
            for key, step in ROUND:
                ours = app.ask(step, limit + 30)
                theirs = floor.ask(step, limit + 30)
                if "error" in ours or "error" in theirs:
                    if ours.get("timed_out"):
                        stopped.add(key)
                        samples[key].append(limit)
                    side = "the app" if "error" in ours else "the floor"
                    raise BenchError(f"{key} ({step['step']}): {side}: {ours.get('error') or theirs.get('error')}")
                samples[key].append(ours["seconds"])
                floors[key].append(theirs["seconds"])
                ratios[key].append(ours["seconds"] / theirs["seconds"])
                if ours.get("app_ms") is not None:
                    app_ms[key].append(ours["app_ms"])
                if "first" in ours and ours["first"] != theirs.get("first"):
                    mismatches[key] += 1
        report = app.ask({"step": "report"}, limit)
    except BenchError as error:
        failure = str(error)
    finally:
        ours_measured, floor_measured = app.close(), floor.close()
    _record(ctx, size, samples, floors, ratios, app_ms, stopped)
    if mismatches:
        ctx.results.notes.append(
            f"at {size:,}: the app and its floor showed different first items in "
            + ", ".join(f"{n} {key} steps" for key, n in mismatches.items())
            + " (the floor's filter or order no longer matches the app's)"
        )
    if ours_measured.get("max_rss_mb"):
        memory = Figure([ours_measured["max_rss_mb"]], unit="MB", one_label=" (one session)")
        floor_memory = Figure([floor_measured.get("max_rss_mb", 0.0)], unit="MB", one_label=" (one session)")
        memory.note = (
            f"session of {report.get('session_s', ours_measured.get('seconds', 0)):.0f} s; data shown after "
            f"{started.get('data_shown_s', 0):.2f} s, officers loaded after {report.get('officers_loaded_s', 0):.2f} s"
        )
        ctx.results.add("peak_memory", size, memory, floor_memory)
        ctx.log(f"  peak memory of the app: {memory.text(False)} (floor app {floor_memory.text(False)}; {memory.note})")
    for where, seconds in sorted(report.get("blocked", {}).items(), key=lambda item: -item[1]):
        message = f"at {size:,}: the app's event loop was frozen for {seconds:.0f} s in {where}"
        ctx.log(f"  {message}")
        ctx.results.notes.append(message)
    if failure:
        raise BenchError(f"app session: {failure}")


def _record(ctx: Context, size: int, samples, floors, ratios, app_ms, stopped: set[str]) -> None:
    def median_ms(values: list[float]) -> str:
        return f"{sorted(values)[len(values) // 2] * 1000:.0f} ms" if values else "—"

    extra = {
        "filter_officer": f"x to clear {median_ms(samples['filter_clear'])} (floor {median_ms(floors['filter_clear'])})",
        "filter_search": f"first character {median_ms(samples['search_first'])} (floor "
        f"{median_ms(floors['search_first'])}), backspace {median_ms(samples['search_backspace'])} (floor "
        f"{median_ms(floors['search_backspace'])})",
    }
    for key in ("filter_rag", "filter_search", "filter_officer", "triage_next", "triage_rag"):
        if not samples.get(key):
            continue
        figure = Figure(samples[key], timed_out=key in stopped)
        notes = [NOTES.get(key, ""), extra.get(key, "")]
        if app_ms.get(key):
            notes.append(f"the app's own measure {median_ms([v / 1000 for v in app_ms[key]])}")
        figure.note = "; ".join(filter(None, notes))
        entry = ctx.results.add(key, size, figure, Figure(floors[key]), ratios[key])
        ratio = f"{entry.ratio:.2f}×" if entry.ratio is not None else "?"
        ctx.log(f"  {key}: {figure.text()} ÷ floor {entry.floor.text() if entry.floor else '—'} = {ratio}")
