"""Where a ``ragtrack import`` spends its time, stage by stage, in one process:

    .venv/bin/python bench/import_phases.py bench/work/import-10000.xlsx [--runs 3]

Imports, the workbook's grid (``read_grid``), the plan read from it (``read_plan``), and writing
it into a new database (``load_plans``, its commit included), each in wall and CPU seconds, one
line for each of ``--runs`` fresh processes (on a busy machine, compare the CPU seconds)."""

from __future__ import annotations

import argparse
import gc
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))


def one_run(source: Path) -> dict[str, tuple[float, float]]:
    """(wall, CPU) seconds of each stage of one import of ``source`` into a new database."""
    gc.disable()  # as ``ragtrack import`` runs
    marks = [(time.perf_counter(), time.process_time())]

    def mark() -> None:
        marks.append((time.perf_counter(), time.process_time()))

    from storage.db import Store
    from storage.importing import read_grid, read_plan
    from storage.importing.loader import load_plans
    from storage.importing.mapping import Mapping

    mark()
    grid = read_grid(source)
    mark()
    plan = read_plan(grid, source, Mapping()).plan
    mark()
    with tempfile.TemporaryDirectory() as folder:
        store = Store.open(Path(folder) / "import.db")
        load_plans(store, [plan])
        store.close()
        mark()
    gc.enable()
    names = ("imports", "grid", "plan", "write")
    return {
        name: (after[0] - before[0], after[1] - before[1])
        for name, before, after in zip(names, marks[:-1], marks[1:], strict=True)
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("source", type=Path)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    if args.runs > 1:  # each run in a process of its own: imports and caches start cold
        import subprocess

        for _ in range(args.runs):
            subprocess.run([sys.executable, __file__, str(args.source), "--runs", "1"], check=True)
        return
    stages = one_run(args.source)
    print("  ".join(f"{name} {wall:.2f} s (CPU {cpu:.2f})" for name, (wall, cpu) in stages.items()))


if __name__ == "__main__":
    main()
