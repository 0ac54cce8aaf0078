"""What every part of the bench gets: the results to add to, the sizes, the generated databases,
the ``ragtrack`` command (checked once), how many repeats, and where to log."""

from __future__ import annotations

import sqlite3
import sys
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import generate
from figures import Results
from processes import BenchError, command_problem

BENCH = Path(__file__).resolve().parent
ROOT = BENCH.parent
WORK = BENCH / "work"
BIN = Path(sys.executable).parent


@dataclass
class Context:
    results: Results
    sizes: list[int]
    repeats: int  # runs of a process figure (each paired with a run of its floor)
    rounds: int  # rounds of keystrokes in the app session (each step paired with the floor)
    quick: bool
    log: Callable[[str], None] = print
    work: Path = WORK
    taskwarrior: str | None = None  # the ``task`` command, when installed
    _databases: dict[int, Path] = field(default_factory=dict)
    _ragtrack: Path | None = None
    _ragtrack_problem: str | None = None
    _compiled: bool = False

    def compile_ragtrack(self) -> None:
        """Compile ragtrack's modules to bytecode (once), as installing it does: pip compiles
        every module of a package it installs. A machine that sets PYTHONDONTWRITEBYTECODE (as
        some sandboxes and CI images do) would otherwise time Python compiling ragtrack's source
        again in every process, which is no part of ragtrack's cost on an officer's laptop."""
        if self._compiled:
            return
        import compileall

        for package in ("models", "storage", "tui"):
            compileall.compile_dir(str(ROOT / package), quiet=2)
        self._compiled = True
        if sys.flags.dont_write_bytecode:
            self.results.notes.append(
                "ragtrack's modules were compiled to bytecode before timing, as an install does "
                "(this machine sets PYTHONDONTWRITEBYTECODE, so no run would have written it)"
            )

    def database(self, size: int) -> Path:
        """The cached generated database of ``size`` actions (made on first use)."""
        if size not in self._databases:
            self._databases[size] = generate.database_for(size, self.log)
        return self._databases[size]

    def rounds_for(self, size: int) -> int:
        """Rounds of the app session at ``size``: fewer at a million actions, where every
        whole-scope read between keystrokes takes seconds."""
        return min(self.rounds, 3) if size >= 1_000_000 else self.rounds

    def ragtrack(self) -> Path:
        """The venv's ``ragtrack`` command, checked once; a ``BenchError`` in one line if it
        is missing or broken (e.g. its interpreter moved), for every part that needs it."""
        if self._ragtrack is None and self._ragtrack_problem is None:
            path = BIN / ("ragtrack.exe" if sys.platform == "win32" else "ragtrack")
            self._ragtrack_problem = command_problem(path)
            if self._ragtrack_problem is None:
                self._ragtrack = path
        if self._ragtrack_problem is not None:
            raise BenchError(self._ragtrack_problem)
        assert self._ragtrack is not None
        return self._ragtrack


def busy_officer(db: Path) -> tuple[str, str]:
    """A lead with plenty of red actions (the 3rd busiest lead): (full name, officer id)."""
    conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    try:
        rows = conn.execute(
            "SELECT f.name, f.id, count(*) n FROM action_lead l JOIN officer f ON f.id = l.officer_id "
            "GROUP BY f.id ORDER BY n DESC, f.name LIMIT 3"
        ).fetchall()
        return rows[-1][0], rows[-1][1]
    finally:
        conn.close()
