"""Run one command and report its wall time, CPU time and peak memory, measured from a small
process.

    python bench/measure.py REPORT.json TIMEOUT -- COMMAND...

Why a launcher: on Linux a child's ru_maxrss counts the memory of the process it was forked from
until it execs, so a command spawned straight from the bench (which holds hundreds of MB after
preparing Taskwarrior's data) would report the bench's size, not its own. Forked from this
small process instead, the command's peak is its own. Timing starts just before the spawn
(``spawned_at`` is time.time() then, for the cold start figure) and stops when it has exited.
The command inherits stdin, stdout and stderr. A command that cannot start at all (missing, or
its ``#!`` interpreter gone) is reported as ``{"error": ...}``.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import threading
import time


def main(argv: list[str]) -> int:
    report, timeout, separator, *command = argv
    assert separator == "--", "usage: measure.py REPORT.json TIMEOUT -- COMMAND..."
    spawned_at = time.time()
    started = time.perf_counter()
    try:
        proc = subprocess.Popen(command)
    except OSError as error:  # missing, not executable, or its #! interpreter is gone
        with open(report, "w") as out:
            json.dump({"error": f"{command[0]} cannot start: {error.strerror or error}"}, out)
        return 0
    stopper = threading.Timer(float(timeout), proc.kill)
    stopper.start()
    try:
        _, status, usage = os.wait4(proc.pid, 0)
    finally:
        stopper.cancel()
    seconds = time.perf_counter() - started
    code = os.waitstatus_to_exitcode(status)
    with open(report, "w") as out:
        json.dump(
            {
                "spawned_at": spawned_at,
                "seconds": seconds,
                "cpu_seconds": usage.ru_utime + usage.ru_stime,
                "max_rss_mb": usage.ru_maxrss / 1024,
                "returncode": code,
                "timed_out": code < 0 and seconds >= float(timeout),
            },
            out,
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
