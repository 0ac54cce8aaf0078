"""The bench runner's failure handling (issue 15, item 5): a missing or broken command is one
clear line, and a part that fails is reported as failed while the others still run. Nothing here
times anything: the parts are fakes and the commands never get as far as being timed."""

from __future__ import annotations

import functools
import sys
from pathlib import Path

import pytest

BENCH = Path(__file__).resolve().parent.parent / "bench"
if str(BENCH) not in sys.path:
    sys.path.insert(0, str(BENCH))

import context  # noqa: E402
import generate  # noqa: E402
import processes  # noqa: E402
import run  # noqa: E402
from figures import Figure  # noqa: E402


def _script(folder: Path, name: str, first_line: str) -> Path:
    path = folder / name
    path.write_text(first_line + "\nprint('hello')\n", encoding="utf-8")
    path.chmod(0o755)
    return path


def test_a_script_whose_interpreter_moved_is_one_line_saying_what_to_do(tmp_path):
    script = _script(tmp_path, "ragtrack", "#!/nowhere/moved/venv/bin/python3.11")
    problem = processes.command_problem(script)
    assert problem is not None and "\n" not in problem
    assert "/nowhere/moved/venv/bin/python3.11" in problem and "does not exist" in problem
    assert "make clean && make bench" in problem


def test_a_missing_command_is_one_line(tmp_path):
    problem = processes.command_problem(tmp_path / "ragtrack")
    assert problem is not None and "\n" not in problem and "does not exist" in problem


def test_timing_a_command_that_cannot_start_is_a_bench_error_not_a_missing_report(tmp_path):
    script = _script(tmp_path, "ragtrack", "#!/nowhere/moved/venv/bin/python3.11")
    with pytest.raises(processes.BenchError) as raised:
        processes.run_process([str(script), "list"], tmp_path / "out.txt")
    message = str(raised.value)
    assert "\n" not in message and "cannot start" in message and ".measure.json" not in message


def test_the_context_refuses_a_broken_ragtrack_once_in_one_line(tmp_path, monkeypatch):
    _script(tmp_path, "ragtrack", "#!/nowhere/moved/venv/bin/python3.11")
    monkeypatch.setattr(context, "BIN", tmp_path)
    ctx = context.Context(run.Results(), [1000], repeats=1, rounds=1, quick=True, log=lambda m: None)
    for _ in range(2):  # checked once, the same line for every part that asks
        with pytest.raises(processes.BenchError) as raised:
            ctx.ragtrack()
        assert "make clean && make bench" in str(raised.value) and "\n" not in str(raised.value)


def test_a_failing_part_is_reported_in_one_line_and_the_other_parts_still_run(tmp_path, monkeypatch):
    ran: list[str] = []

    def crashes(ctx, size):
        ran.append(f"crashes {size}")
        raise KeyError("no such column")

    def cannot_measure(ctx):
        ran.append("cannot_measure")
        raise processes.BenchError("the floor storage/reports/plain.py is not there")

    def works(ctx):
        ran.append("works")
        ctx.results.add_other("a figure that worked", Figure([0.5]))

    monkeypatch.setattr(
        run,
        "PARTS",
        [
            run.Part("crashes", crashes, True, "raises a bug"),
            run.Part("cannot_measure", cannot_measure, False, "raises a BenchError"),
            run.Part("works", works, False, "adds a figure"),
        ],
    )
    monkeypatch.setattr(generate, "check_faithful", lambda work: [])
    monkeypatch.setattr(generate, "database_for", lambda size, log=print: tmp_path / f"plan-{size}.db")
    monkeypatch.setattr(generate, "world_facts", lambda path: {})
    monkeypatch.setattr(run, "Context", functools.partial(context.Context, work=tmp_path))
    output = tmp_path / "results.md"
    logged: list[str] = []
    monkeypatch.setattr("builtins.print", lambda *a, **k: logged.append(" ".join(map(str, a))))

    code = run.main(["--sizes", "1000,10000", "--output", str(output)])

    assert code == 1  # something failed: make bench exits non-zero
    assert ran == ["crashes 1000", "crashes 10000", "cannot_measure", "works"]
    text = output.read_text(encoding="utf-8")
    failed = text.split("## Failed parts", 1)[1].split("##", 1)[0].strip().splitlines()
    assert len(failed) == 3, failed
    assert failed[0].startswith("- crashes at 1,000: KeyError: 'no such column' (test_bench_runner.py:")
    assert failed[1].startswith("- crashes at 10,000: KeyError")
    assert failed[2] == "- cannot_measure: the floor storage/reports/plain.py is not there"
    assert "a figure that worked" in text and "500 ms" in text
    trace = tmp_path / "failure-crashes-1000.txt"
    assert "Traceback" in trace.read_text(encoding="utf-8") and "no such column" in trace.read_text(encoding="utf-8")
    assert str(trace) in failed[0]  # outside the repository: the trace's full path
    assert not any("Traceback" in line for line in logged)


def test_a_cold_first_read_is_warmed_again_not_taken_for_the_commands_speed(tmp_path, monkeypatch):
    """A just-generated database is first read from disk: that one slow run must not become the
    figure (it did at a million actions: one run of 30 s where warm runs take about 1 s)."""
    calls: list[str] = []

    def fake_run(command, stdout, env=None, timeout=processes.PROCESS_TIMEOUT_S):
        calls.append(command[0])
        cold = command[0] == "app" and calls.count("app") == 1
        seconds = 10 * processes.SLOW_RUN_S if cold else (1.0 if command[0] == "app" else 0.5)
        return processes.Run(seconds, seconds, 10.0, 0, stdout, "")

    monkeypatch.setattr(processes, "run_process", fake_run)
    pair = processes.paired(["app"], ["floor"], 3, tmp_path / "a.out", tmp_path / "b.out")
    assert pair.figure.seconds.samples == [1.0, 1.0, 1.0]
    assert pair.ratios == [2.0, 2.0, 2.0]
    assert processes.timed(["floor"], 2, tmp_path / "c.out").seconds.samples == [0.5, 0.5]


def test_a_command_slow_every_time_is_still_cut_short(tmp_path, monkeypatch):
    def fake_run(command, stdout, env=None, timeout=processes.PROCESS_TIMEOUT_S):
        seconds = 10 * processes.SLOW_RUN_S if command[0] == "app" else 0.5
        return processes.Run(seconds, seconds, 10.0, 0, stdout, "")

    monkeypatch.setattr(processes, "run_process", fake_run)
    pair = processes.paired(["app"], ["floor"], 5, tmp_path / "a.out", tmp_path / "b.out")
    assert len(pair.figure.seconds.samples) == 1 and "slow" in pair.figure.seconds.note


def test_a_range_whose_ends_are_in_different_units_says_both_units():
    assert Figure([0.0120, 0.0179, 0.0226]).text() == "17.9 ms (12.0–22.6, 3 runs)"
    assert Figure([0.291, 0.726, 5.25]).text() == "726 ms (291 ms–5.25 s, 3 runs)"
