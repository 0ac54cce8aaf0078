"""Issue 11 defect 13: files an officer may read but not write. As an ordinary user, a read-only
database file (the share's snapshot) and a WAL database in a read-only folder were "damaged:
attempt to write a readonly database". They open read-only; an edit is refused saying why;
nothing is written next to them.

Tests run as root, for whom permissions do not apply: the command runs in a child process that
drops to the ``nobody`` user (after a first run as root has imported everything it needs, since
the interpreter's own files may be closed to ``nobody``). As any other user it runs directly."""

from __future__ import annotations

import hashlib
import json
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest

from tui.cli import main

ROOT = Path(__file__).resolve().parent.parent
pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="POSIX permissions")

CHILD = """
import contextlib, io, json, os, sys
from tui.cli import main
warm, args = json.loads(sys.argv[1]), json.loads(sys.argv[2])
with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(io.StringIO()):
    main(warm)  # the same command as root on a writable copy: everything it imports is loaded
if os.geteuid() == 0:
    os.setgid(65534)
    os.setuid(65534)
sys.exit(main(args))
"""


def _run(warm_db: Path, db: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-c", CHILD, json.dumps(["--db", str(warm_db), *args]), json.dumps(["--db", str(db), *args])],
        capture_output=True,
        text=True,
        timeout=120,
        cwd=ROOT,
        stdin=subprocess.DEVNULL,
    )


@pytest.fixture
def shelf():
    """A folder anyone may enter (pytest's own tmp folder is closed to other users)."""
    folder = Path(tempfile.mkdtemp(prefix="ragtrack-ro-"))
    folder.chmod(0o755)
    plan = folder / "plans.db"
    assert main(["--db", str(plan), "import", *map(str, sorted((ROOT / "samples").glob("*.txt")))]) == 0
    warm = folder / "warm.db"
    warm.write_bytes(plan.read_bytes())
    yield folder, plan, warm
    for path in (folder, *folder.iterdir()):
        path.chmod(0o755)
    for path in folder.iterdir():
        path.unlink()
    folder.rmdir()


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.mark.parametrize("folder_writable", [False, True], ids=["read-only folder", "writable folder"])
def test_a_read_only_database_is_shown_and_an_edit_refused_saying_why(shelf, folder_writable):
    folder, plan, warm = shelf
    plan.chmod(0o444)
    before = _digest(plan)
    if not folder_writable:
        folder.chmod(0o555)
    listed = _run(warm, plan, "list", "--format", "json")
    assert listed.returncode == 0, listed.stderr
    assert json.loads(listed.stdout), "the plan's actions are listed"
    shown = _run(warm, plan, "show", "1a", "--plan", "care2work")
    assert shown.returncode == 0 and "1a" in shown.stdout, shown.stderr
    refused = _run(warm, plan, "update", "1a", "--plan", "care2work", "--next", "x")
    assert refused.returncode != 0
    assert refused.stderr.count("\n") == 1 and "read-only" in refused.stderr
    for result in (listed, shown, refused):
        assert "damaged" not in result.stderr and "Traceback" not in result.stderr
    assert _digest(plan) == before
    if not folder_writable:
        assert sorted(p.name for p in folder.iterdir()) == ["plans.db", "warm.db"]
