"""Issue 11 defects 11 and 13, each item as the issue lists it (the bad-input sweep covers the
same ground generically; these are the reported cases, exactly). The standard: no traceback,
no hang, one line on stderr with a non-zero exit, nothing written that was not asked for, and a
message that names the real cause (a full disk is not "cannot be read").

The command line runs in a child process where the case is about the process (bytes that are
not UTF-8 in argv, devices and FIFOs that could block it), in this one otherwise."""

from __future__ import annotations

import hashlib
import json
import os
import sqlite3
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest

from storage.db import ActionFilter, Store
from storage.reviews import chase_list
from tui.cli import main

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = sorted((ROOT / "samples").glob("*.txt"))
posix_only = pytest.mark.skipif(sys.platform == "win32", reason="devices, FIFOs and bytes in argv are POSIX")


@pytest.fixture(scope="module")
def imported(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("plans") / "plans.db"
    assert main(["--db", str(path), "import", *map(str, SAMPLES)]) == 0
    return path


@pytest.fixture
def plans(imported, tmp_path) -> Path:
    """A fresh copy of the imported sample plans (no -wal beside it: closed cleanly)."""
    path = tmp_path / "plans.db"
    path.write_bytes(imported.read_bytes())
    return path


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _cli(*argv: str | bytes, timeout: float = 60) -> subprocess.CompletedProcess:
    """``ragtrack ARGV`` in a child process (bytes pass to argv as they are). A hang fails the
    test through the timeout."""
    return subprocess.run(
        [sys.executable, "-m", "tui.cli", *argv],
        capture_output=True,
        timeout=timeout,
        cwd=ROOT,
        stdin=subprocess.DEVNULL,
    )


def _refused(result: subprocess.CompletedProcess) -> str:
    """The refusal's one line (asserting it is one, with a non-zero exit and no traceback)."""
    err = result.stderr.decode("utf-8", "replace")
    assert result.returncode not in (0, None), (result.returncode, err)
    assert "Traceback" not in err and err.startswith("ragtrack: ") and err.count("\n") == 1, err
    assert b"\x1b" not in result.stderr and b"\x1b" not in result.stdout
    return err


def _one_line(capsys, run) -> str:
    """Run ``main`` (through ``run``) and return its one-line refusal."""
    try:
        code = run()
    except SystemExit as stop:  # argparse's own refusals
        code = stop.code
    err = capsys.readouterr().err
    assert code not in (0, None), (code, err)
    assert err.startswith("ragtrack: ") and err.count("\n") == 1, err
    return err


# --- 11: chase --days 999999999 (OverflowError) ------------------------------------------------
def test_chase_with_a_billion_days_is_one_line(plans, capsys):
    err = _one_line(capsys, lambda: main(["--db", str(plans), "chase", "--days", "999999999"]))
    assert "999999999" in err and "out of range" in err


def test_a_billion_days_never_overflows_in_storage(plans):
    """What the app's "no update for N days" field and chase ask storage for: a day before any
    there is, not an OverflowError."""
    store = Store.open(plans, read_only=True)
    try:
        with store.read() as txn:
            today = date(2026, 11, 22)
            never = txn.actions.ids(ActionFilter(stale_days=36_500), today)  # imports are no update
            assert never and txn.actions.ids(ActionFilter(stale_days=999_999_999), today) == never
            assert chase_list(txn, days=999_999_999, today=today)
            plan_id = txn.plans.list()[0].id
            assert txn.actions.dashboard(plan_id, today, stale_days=999_999_999)
    finally:
        store.close()


# --- 11: invalid UTF-8 in arguments ------------------------------------------------------------
@posix_only
@pytest.mark.parametrize(
    "command",
    [
        ["list", "--search"],
        ["show", "1a", "--plan"],
        ["update", "1a", "--plan", "care2work", "--note"],
        ["review", "start", "--plan", "care2work", "--label"],
        ["sync"],
    ],
    ids=["list", "show", "update", "review", "sync FOLDER"],
)
def test_an_argument_that_is_not_utf8_is_refused_before_anything_is_done(plans, tmp_path, command):
    before = _digest(plans)
    bad = b"caf\xe9 \xff" if command != ["sync"] else os.fsencode(tmp_path) + b"/share\xff"
    err = _refused(_cli("--db", str(plans), *command, bad))
    assert "not valid UTF-8" in err
    assert _digest(plans) == before, "nothing written: no folder remembered, no note added"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["plans.db"], "no share was started"
    conn = sqlite3.connect(plans)
    assert conn.execute("SELECT value FROM setting WHERE key = 'sync_folder'").fetchone() is None
    conn.close()


# --- 11: a negative user_version (KeyError on writes) -------------------------------------------
@pytest.mark.parametrize(
    "command",
    [["list"], ["show", "1a", "--plan", "care2work"], ["update", "1a", "--plan", "care2work", "--next", "x"]],
    ids=["list", "show", "update"],
)
def test_a_negative_schema_version_is_a_damaged_file_left_untouched(plans, capsys, command):
    conn = sqlite3.connect(plans)
    conn.execute("PRAGMA user_version = -1")
    conn.commit()
    conn.close()
    before = _digest(plans)
    err = _one_line(capsys, lambda: main(["--db", str(plans), *command]))
    assert "damaged" in err and "older ragtrack" not in err
    assert _digest(plans) == before


# --- 11: a full disk during update (SQLAlchemy traceback) --------------------------------------
@pytest.fixture
def full_disk(monkeypatch):
    """Every connection ragtrack opens finds the disk full: the file may not grow by one page
    (SQLite's SQLITE_FULL, "database or disk is full", exactly as on a full drive)."""
    original = Store._connect

    def connect(self):
        conn = original(self)
        pages = conn.execute("PRAGMA page_count").fetchone()[0]
        conn.execute(f"PRAGMA max_page_count = {pages}")
        return conn

    monkeypatch.setattr(Store, "_connect", connect)


def test_a_full_disk_during_update_is_one_line_and_changes_nothing(plans, capsys, full_disk):
    long_note = "A long note " * 4000  # needs new pages: the disk has none to give
    err = _one_line(
        capsys, lambda: main(["--db", str(plans), "update", "1a", "--plan", "care2work", "--note", long_note])
    )
    assert "full" in err and "cannot be read" not in err and "damaged" not in err
    conn = sqlite3.connect(plans)
    assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    assert not conn.execute("SELECT count(*) FROM progress WHERE text LIKE 'A long note%'").fetchone()[0]
    conn.close()


# --- 11: "database is locked" writing sync_snapshot_at during concurrent edits ------------------
HOLDER = """
import sqlite3, sys, time
conn = sqlite3.connect(sys.argv[1], isolation_level=None)
conn.execute("BEGIN IMMEDIATE")  # a colleague's app on this laptop is saving an edit
print("locked", flush=True)
time.sleep(1)
conn.execute("UPDATE action SET text = text || ' (edited)' WHERE id = (SELECT min(id) FROM action)")
conn.execute("COMMIT")
"""


def test_the_snapshot_time_is_written_while_another_process_edits(plans, tmp_path):
    """The sync notes when it wrote the snapshot just after publishing it: at that moment
    another process holds the write lock and commits an edit. The sync waits its turn; it
    does not fail with "database is locked" (nor lose the note, nor the edit)."""
    from db_support import Database

    from storage.sync import run_sync, seam

    holders: list[subprocess.Popen] = []

    def edit_meanwhile(step: str) -> None:
        if step == "snapshot published" and not holders:
            holder = subprocess.Popen(
                [sys.executable, "-c", HOLDER, str(plans)], stdout=subprocess.PIPE, text=True, cwd=ROOT
            )
            holders.append(holder)
            assert holder.stdout.readline().strip() == "locked"

    db = Database.open(plans)
    previous = seam.install(edit_meanwhile)
    try:
        result = run_sync(db, tmp_path / "share", snapshot="always")
    finally:
        seam.install(previous)
        for holder in holders:
            holder.wait(120)
    assert holders and holders[0].returncode == 0
    assert result.snapshot and not result.warnings, result.warnings
    assert db.setting("sync_snapshot_at"), "when the snapshot was written is noted"
    db.close()
    conn = sqlite3.connect(plans)
    assert conn.execute("SELECT count(*) FROM action WHERE text LIKE '% (edited)'").fetchone()[0] == 1
    conn.close()


# --- 11: devices and FIFOs as the database, imports of a FIFO and of /dev/zero ------------------
@posix_only
@pytest.mark.parametrize("place", ["/dev/zero", "/dev/full", "fifo"])
@pytest.mark.parametrize(
    "command",
    [["list"], ["show", "1a"], ["update", "1a", "--next", "x"], ["officers"], ["chase"], ["sync", "--status"]],
    ids=["list", "show", "update", "officers", "chase", "sync"],
)
def test_a_device_or_fifo_as_the_database_is_refused_at_once(tmp_path, place, command):
    if place == "fifo":
        place = str(tmp_path / "fifo")
        os.mkfifo(place)
    err = _refused(_cli("--db", place, *command))
    assert "not a ragtrack database" in err or "no ragtrack database" in err


@posix_only
@pytest.mark.parametrize("kind", ["fifo", "csv-symlink-to-dev-zero"])
def test_importing_a_fifo_or_a_link_to_dev_zero_is_refused_at_once(plans, tmp_path, kind):
    source = tmp_path / ("plan.csv" if kind != "fifo" else "plan.txt")
    if kind == "fifo":
        os.mkfifo(source)
    else:
        source.symlink_to("/dev/zero")
    before = _digest(plans)
    err = _refused(_cli("--db", str(plans), "import", str(source)))
    assert "not a regular file" in err
    assert _digest(plans) == before


# --- 13: a 120 KB search; escape sequences in a file name in import errors ----------------------
def test_a_120_kb_search_says_it_is_too_long(plans, capsys):
    err = _one_line(capsys, lambda: main(["--db", str(plans), "list", "--search", "x" * 120_000]))
    assert "too long" in err and "cannot be read" not in err and "damaged" not in err


@posix_only
@pytest.mark.parametrize("suffix", [".csv", ".docx", ".xlsx", ".txt"])
def test_escape_sequences_in_a_file_name_are_shown_not_sent_to_the_terminal(plans, tmp_path, suffix):
    name = "\x1b[31mred\x1b[0m \x1b]0;title\x07" + suffix
    (tmp_path / name).write_bytes(b"nothing a plan is made of\n")
    result = _cli("--db", str(plans), "import", str(tmp_path / name))
    err = _refused(result)
    assert "\\x1b[31mred\\x1b[0m" in err, err  # the name, readable, its escapes shown as text
    listing = json.loads(_cli("--db", str(plans), "list", "--format", "json").stdout)
    assert listing, "the database is still whole"
