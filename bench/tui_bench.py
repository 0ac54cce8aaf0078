"""The app's figures (cold start, filter keystrokes, triage, peak memory), for bench/run.py.

Each size gets a fresh copy of the cached database (the session's RAG changes must not pile
up in the cache). Cold start: the parent takes time.time() just before spawning
``bench/tui_driver.py cold`` (which runs ``ragtrack --db DB`` headless) and the child prints
time.time() when the app posts DataShown. The interactive figures come from one pilot session
in its own process (``tui_driver.py session``), whose peak RSS is the app's peak memory.
"""

from __future__ import annotations

import json
import shutil
import statistics
import subprocess
import sys
from pathlib import Path

from run import WORK, Figure, Results, busy_officer

DRIVER = Path(__file__).resolve().parent / "tui_driver.py"
MEASURE = Path(__file__).resolve().parent / "measure.py"
COLD_TIMEOUT_S = 120.0
#: A pilot session still running after this long is stopped; what it measured until then is kept.
SESSION_TIMEOUT_S = 120.0
#: Longest wait for any one step of the session (a keystroke's repaint, the officers loading).
STEP_LIMIT_S = 60.0


def _fresh_copy(db: Path, size: int) -> Path:
    target = WORK / f"session-{size}.db"
    for suffix in ("", "-wal", "-shm"):
        Path(f"{target}{suffix}").unlink(missing_ok=True)
    shutil.copyfile(db, target)
    return target


def _measured(command: list[str], timeout: float, report: Path, **popen) -> subprocess.Popen:
    """Start ``command`` under bench/measure.py (its own peak memory, spawn time and exit)."""
    report.unlink(missing_ok=True)
    return subprocess.Popen(
        [sys.executable, str(MEASURE), str(report), str(timeout), "--", *command], stdin=subprocess.DEVNULL, **popen
    )


def cold_start(db: Path) -> tuple[float | None, float, str]:
    """One cold start: (seconds from spawn to data shown or None, peak MB at that moment, error)."""
    report = WORK / "cold.measure.json"
    proc = _measured(
        [sys.executable, str(DRIVER), "cold", str(db)],
        COLD_TIMEOUT_S,
        report,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    out, err = proc.communicate()
    measured = json.loads(report.read_text())
    shown = None
    for line in out.decode(errors="replace").splitlines():
        if line.startswith("DATA_SHOWN "):
            shown = float(line.split()[1]) - measured["spawned_at"]
    return shown, measured["max_rss_mb"], err.decode(errors="replace").strip()[-300:]


def _median_ms(values: list[float]) -> str:
    return f"{statistics.median(values) * 1000:.0f} ms" if values else "—"


def bench(results: Results, size: int, db: Path, repeats: int, log) -> None:
    copy = _fresh_copy(db, size)
    # Cold start: one warm-up (the OS file cache, .pyc files), then the timed runs.
    cold, cold_memory = Figure(), Figure(unit="MB")
    for n in range(repeats + 1):
        seconds, memory, error = cold_start(copy)
        if seconds is None:
            log(f"  cold start: the app never showed data ({error or 'no DataShown'})")
            results.notes.append(f"cold start at {size:,}: no DataShown within {COLD_TIMEOUT_S:.0f} s: {error}")
            cold.samples, cold.timed_out = [COLD_TIMEOUT_S], True
            break
        if n:
            cold.samples.append(seconds)
            cold_memory.samples.append(memory)
    results.add("cold_start", size, cold)
    if cold_memory.samples:
        cold.note = f"peak at data shown {cold_memory.text(False)}"
    log(f"  cold start to data shown: {cold.text()} ({cold.note})")

    name, _ = busy_officer(copy)
    out = WORK / f"session-{size}.json"
    out.unlink(missing_ok=True)
    command = [
        sys.executable,
        str(DRIVER),
        "session",
        str(copy),
        str(out),
        "--officer",
        name,
        "--repeats",
        str(repeats),
        "--limit",
        str(STEP_LIMIT_S),
    ]
    import tempfile

    report = WORK / "session.measure.json"
    with tempfile.TemporaryFile() as err_file:
        proc = _measured(command, SESSION_TIMEOUT_S, report, stdout=subprocess.DEVNULL, stderr=err_file)
        proc.wait()
        err_file.seek(0)
        err = err_file.read().decode(errors="replace").strip()
    measured = json.loads(report.read_text())
    elapsed = measured["seconds"]
    status_code = measured["returncode"]
    killed = measured["timed_out"]
    if killed:
        log(f"  session: stopped after {SESSION_TIMEOUT_S:.0f} s")
        results.notes.append(
            f"app session at {size:,}: stopped after {SESSION_TIMEOUT_S:.0f} s; "
            "figures below are what it measured until then"
        )
    if not out.exists():
        log(f"  session: the pilot session failed after {elapsed:.0f} s: {err[-600:]}")
        results.notes.append(f"app session at {size:,} failed: {err[-300:]}")
        return
    data = json.loads(out.read_text())
    samples, app_ms, events = data["samples"], data["app_ms"], data["events"]
    stopped = set(data.get("timed_out", []))

    def figure(key: str, *names: str, note: str = "") -> None:
        values = [v for n in names for v in samples.get(n, [])]
        if not values:
            return
        fig = Figure(values, timed_out=any(n in stopped for n in names), note=note)
        ours = [v for n in names for v in app_ms.get(n, [])]
        if ours:
            fig.note = "; ".join(filter(None, [fig.note, f"the app's own measure {statistics.median(ours):.0f} ms"]))
        results.add(key, size, fig)
        log(f"  {key}: {fig.text()}{' (' + fig.note + ')' if fig.note else ''}")

    figure(
        "filter_rag",
        "filter_rag_on",
        "filter_rag_off",
        note=f"red on {_median_ms(samples.get('filter_rag_on', []))}, off {_median_ms(samples.get('filter_rag_off', []))}",
    )
    figure(
        "filter_officer",
        "filter_officer",
        note=f"pick with Enter; x to clear {_median_ms(samples.get('filter_clear', []))}",
    )
    figure(
        "filter_search",
        "filter_search",
        note=f"first character {_median_ms(samples.get('search_first', []))}, "
        f"backspace {_median_ms(samples.get('search_backspace', []))}",
    )
    figure("triage_next", "triage_next")
    figure("triage_rag", "triage_rag", note="Enter on the reason to the write committed (Edited)")
    memory = Figure([measured["max_rss_mb"]], unit="MB", one_label=" (one session)")
    memory.note = (
        f"session of {elapsed:.0f} s; data shown after {events.get('data_shown_s', 0):.2f} s, "
        f"officers loaded after {events['officers_loaded_s']:.2f} s"
        if "officers_loaded_s" in events
        else f"session of {elapsed:.0f} s; officers never loaded"
    )
    results.add("peak_memory", size, memory)
    log(f"  peak memory of the app: {memory.text()} ({memory.note})")
    for error in data.get("errors", []):
        log(f"  session: {error}")
        results.notes.append(f"app session at {size:,}: {error}")
    for where, seconds in sorted(data.get("blocked", {}).items(), key=lambda item: -item[1]):
        message = (
            f"app session at {size:,}: the app's main thread (its event loop) was frozen for {seconds:.0f} s in {where}"
        )
        log(f"  {message}")
        results.notes.append(message)
    if killed:
        for key in ("filter_rag", "filter_officer", "filter_search", "triage_next", "triage_rag"):
            if results.get(key, size) is None:
                results.add(key, size, Figure(note="not reached: the session was stopped (see the notes)"))
    if status_code != 0 and not killed:
        results.notes.append(f"app session at {size:,} exited with {status_code}: {err[-200:]}")
