"""The bad-input sweep: every command and option of ``ragtrack`` given hostile values (huge and
negative numbers, invalid UTF-8, NUL, escape sequences, markup, 120 KB of text; devices, FIFOs,
folders, read-only files, missing folders as paths, and as ``--db``).

The standard each case is held to: no traceback, no hang, no damage to the database, nothing
overwritten that was not asked for; a refusal is one line on stderr with a non-zero exit, and no
output carries a raw escape sequence. The cases come from the command line's own parser
(tests/sweep/driver.py), so new options are swept without being listed.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tui.cli import main

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "samples"

pytestmark = [
    pytest.mark.skipif(sys.platform == "win32", reason="devices and FIFOs are POSIX things"),
    # One worker runs the whole module, so the sweep (a module fixture, a minute of work) runs once.
    pytest.mark.xdist_group("sweep"),
]


@pytest.fixture(scope="module")
def sweep(tmp_path_factory) -> list[dict]:
    sandbox = tmp_path_factory.mktemp("sweep")
    db_path = sandbox / "plans.db"
    assert main(["--db", str(db_path), "import", *map(str, sorted(SAMPLES.glob("*.txt")))]) == 0
    sample = sandbox / "plan.csv"
    sample.write_text("Ref,Action,Lead,Timescale,RAG\n1a,Do the thing,Jackie Roper,04/27,Red\n", encoding="utf-8")
    good = {
        "show": ["1a", "--plan", "care2work"],
        "update": ["1a", "--plan", "care2work"],
        "export": ["--plan", "care2work", "-o", str(sandbox / "report.html")],
        "import": [str(sample), "--dry-run"],
        "sync": [str(sandbox / "share")],
        "review start": ["--plan", "care2work"],
        "review changes": ["--plan", "care2work"],
    }
    copy = sandbox / "work.db"
    shutil.copy(db_path, copy)
    assert main(["--db", str(copy), "sync", str(sandbox / "share")]) == 0
    result = subprocess.run(
        [sys.executable, str(ROOT / "tests" / "sweep" / "driver.py"), str(sandbox), str(copy), json.dumps(good)],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=900,
        stdin=subprocess.DEVNULL,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    return json.loads(result.stdout)


def _where(case: dict) -> str:
    return f"{case['command']} --{case['option']} <{case['value']}>"


def test_the_sweep_covers_every_command(sweep):
    commands = {c["command"] for c in sweep}
    assert {"list", "show", "update", "officers", "import", "sync", "export", "chase", "review start"} <= commands
    assert len(sweep) > 300


def test_no_tracebacks(sweep):
    broken = [f"{_where(c)}: {c['traceback'].strip().splitlines()[-1]}" for c in sweep if "traceback" in c]
    assert not broken, "\n".join(broken)


def test_no_hangs(sweep):
    hung = [_where(c) for c in sweep if c.get("hang")]
    assert not hung, "\n".join(hung)


def test_the_database_stays_whole(sweep):
    damaged = [f"{_where(c)}: {c['integrity']}" for c in sweep if c.get("integrity", "ok") != "ok"]
    assert not damaged, "\n".join(damaged)


def test_nothing_overwritten_that_was_not_asked_for(sweep):
    assert not [c for c in sweep if c.get("overwritten")]


def test_nothing_created_that_was_not_asked_for(sweep):
    """A path under a folder that does not exist, or a stray word taken for a folder name, is
    refused: no database, store or report appears somewhere the user did not mean."""
    made = [f"{_where(c)}: made {c['created']}" for c in sweep if c.get("created") and not _sync_folder(c)]
    assert not made, "\n".join(made)


def _sync_folder(case: dict) -> bool:
    return case["command"] == "sync" and case["option"] == "folder"


def test_a_mistyped_sync_folder_starts_no_store(sweep):
    """The swept database already syncs with a folder (the fixture's first sync): any other
    folder given by mistake is refused, never made into a new store (issue 11, defect 8)."""
    made = [f"{_where(c)}: made {c['created']}" for c in sweep if c.get("created") and _sync_folder(c)]
    assert not made, "\n".join(made)


def test_refusals_are_one_line_with_a_non_zero_exit(sweep):
    bad = []
    for case in sweep:
        if "exit" not in case:
            continue
        lines = case["stderr"].strip().splitlines()
        if case["exit"] != 0 and len(lines) != 1:
            bad.append(f"{_where(case)}: exit {case['exit']}, stderr {case['stderr'][:300]!r}")
        elif case["exit"] == 0 and lines and lines[0].startswith("ragtrack:"):
            bad.append(f"{_where(case)}: a refusal with exit 0: {lines[0][:200]!r}")
    assert not bad, "\n".join(bad)


def test_a_mistake_in_an_option_is_not_called_a_damaged_database(sweep):
    wrong = [
        f"{_where(c)}: {c['stderr'].strip()[:200]}"
        for c in sweep
        if c["option"] != "db" and any(w in c.get("stderr", "") for w in ("damaged", "cannot be read"))
    ]
    assert not wrong, "\n".join(wrong)


def test_no_raw_escape_sequences_in_any_output(sweep):
    raw = [_where(c) for c in sweep if "\x1b" in c.get("stdout", "") or "\x1b" in c.get("stderr", "")]
    assert not raw, "\n".join(raw)


@pytest.mark.parametrize("place", ["/dev/zero", "fifo", "folder", "foreign", "missing-folder", "read-only-missing"])
def test_the_app_refuses_a_bad_database_before_taking_the_screen(tmp_path, place):
    """``ragtrack --db X`` with no command opens the app: a file it could not open is refused
    with one line and a non-zero exit before the terminal is taken over (no stdin, no hang)."""
    import os

    paths = {"fifo": tmp_path / "fifo", "folder": tmp_path, "foreign": tmp_path / "notes.txt"}
    os.mkfifo(paths["fifo"])
    paths["foreign"].write_text("not a database\n" * 20, encoding="utf-8")
    path = {"missing-folder": tmp_path / "no" / "x.db", "read-only-missing": tmp_path / "new.db"}.get(
        place, paths.get(place, place)
    )
    extra = ["--read-only"] if place == "read-only-missing" else []
    result = subprocess.run(
        [sys.executable, "-m", "tui", "--db", str(path), *extra],
        capture_output=True,
        text=True,
        timeout=60,
        stdin=subprocess.DEVNULL,
        cwd=ROOT,
    )
    assert result.returncode == 1
    assert result.stdout == ""
    assert result.stderr.startswith("ragtrack: ") and result.stderr.count("\n") == 1
    assert not (tmp_path / "no").exists() and not (tmp_path / "new.db").exists()
