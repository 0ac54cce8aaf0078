"""Where the app's UI thread spends the bench's steps: cProfile over a driven session.

    .venv/bin/python bench/profile_app.py DB [--steps rag,officer,search,triage] [--rounds 10]
                                             [--floor] [--window] [--sort tottime] [--out FILE.prof]

``officer`` is the pick and the x that clears it; ``pick`` the pick alone (Enter in the finder).

Runs the same session as the bench's ``tui`` part (bench/tui_driver.py serve, or with --floor
bench/floor_app.py serve) on a copy of DB, sends ``--rounds`` rounds of the chosen steps, and
prints the UI thread's profile over the steps, in that thread's CPU time (so a busy machine does
not inflate it, and the waits between steps cost nothing). Workers run in other threads and are
not in it: the UI thread is what a keystroke waits for. For a flame graph
of every thread: ``py-spy record -o out.svg --subprocesses -- .venv/bin/python bench/profile_app.py DB``.
"""

from __future__ import annotations

import argparse
import os
import pstats
import shutil
import sys
import tempfile
from pathlib import Path

BENCH = Path(__file__).resolve().parent
sys.path[:0] = [str(BENCH), str(BENCH.parent)]

from context import busy_officer  # noqa: E402
from tui_bench import DRIVER, FLOOR, ROUND, STEP_LIMIT_S, Server  # noqa: E402

GROUPS = {
    "rag": ("rag",),
    "officer": ("officer", "clear"),
    "pick": ("officer",),
    "search": ("search",),
    "triage": ("triage_next", "triage_rag"),
    "next": ("triage_next",),
    "rate": ("triage_rag",),
}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("db", type=Path)
    parser.add_argument("--steps", default="rag,officer,search,triage", help="comma-separated: " + ",".join(GROUPS))
    parser.add_argument("--rounds", type=int, default=10)
    parser.add_argument("--floor", action="store_true", help="profile the floor app instead")
    parser.add_argument("--sort", default="tottime")
    parser.add_argument("--limit", type=int, default=40, help="lines of the profile to print")
    parser.add_argument(
        "--window",
        action="store_true",
        help="profile only what the figures time (the key to its repaint), not the whole step",
    )
    parser.add_argument("--out", type=Path, help="keep the profile here (for snakeviz, pstats)")
    args = parser.parse_args(argv)
    wanted = {step for group in args.steps.split(",") for step in GROUPS[group.strip()]}
    with tempfile.TemporaryDirectory() as folder:
        work = Path(folder)
        db = work / "profiled.db"
        shutil.copyfile(args.db, db)
        name, officer_id = busy_officer(db)
        out = args.out or work / "session.prof"
        env = {**os.environ, "BENCH_PROFILE": str(out)}
        if args.window:
            env["BENCH_PROFILE_WINDOW"] = "1"
        if args.floor:
            command = [sys.executable, str(FLOOR), "serve", str(db), "--officer-id", officer_id]
            command += ["--scratch", str(work / "scratch.db")]
        else:
            command = [sys.executable, str(DRIVER), "serve", str(db), "--officer", name]
        server = Server("profiled", command, work, 3600.0, env=env)
        server.receive(STEP_LIMIT_S * 3)
        steps = 0
        for _ in range(args.rounds):
            for _key, step in ROUND:
                if step["step"] in wanted:
                    answer = server.ask(step, STEP_LIMIT_S + 30)
                    if "error" in answer:
                        print(f"{step}: {answer['error']}", file=sys.stderr)
                        break
                    steps += 1
        server.close()
        print(f"{steps} steps of {args.steps} ({'floor' if args.floor else 'ragtrack'}), UI thread only:")
        pstats.Stats(str(out)).sort_stats(args.sort).print_stats(args.limit)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
