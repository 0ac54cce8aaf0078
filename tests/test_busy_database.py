"""Issue 11 defect 13: a database another program is writing to is busy, not "damaged". A
command that cannot get the write lock in time says so in one line, exits non-zero and changes
nothing; reading goes on meanwhile."""

from __future__ import annotations

import sqlite3
import subprocess
import sys
from pathlib import Path

from tui.cli import main

ROOT = Path(__file__).resolve().parent.parent


def test_a_locked_database_is_busy_not_damaged(tmp_path):
    path = tmp_path / "plans.db"
    assert main(["--db", str(path), "import", *map(str, sorted((ROOT / "samples").glob("*.txt")))]) == 0
    holder = sqlite3.connect(str(path), isolation_level=None)
    holder.execute("BEGIN EXCLUSIVE")  # another program holds the write lock throughout
    try:
        command = [sys.executable, "-m", "tui.cli", "--db", str(path)]
        listed = subprocess.run([*command, "list"], capture_output=True, text=True, timeout=120, cwd=ROOT)
        assert listed.returncode == 0 and "1a" in listed.stdout, listed.stderr
        updated = subprocess.run(
            [*command, "update", "1a", "--plan", "care2work", "--next", "Zanzibar"],
            capture_output=True,
            text=True,
            timeout=120,
            cwd=ROOT,
            stdin=subprocess.DEVNULL,
        )
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    assert updated.returncode != 0
    assert updated.stderr.count("\n") == 1 and "busy" in updated.stderr, updated.stderr
    assert "damaged" not in updated.stderr and "cannot be read" not in updated.stderr
    check = sqlite3.connect(str(path))
    assert not check.execute("SELECT count(*) FROM progress WHERE text = 'Zanzibar'").fetchone()[0]
    check.close()
