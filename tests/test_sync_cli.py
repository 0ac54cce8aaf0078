"""``ragtrack sync``: two laptops through one folder from the command line."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from db_support import Database
from test_sync_support import dump, seed_plan

from storage.writes import edit
from tui.cli import main

ROOT = Path(__file__).resolve().parent.parent


def _laptops(tmp_path: Path) -> tuple[Path, Path, dict]:
    a_path, b_path = tmp_path / "A.db", tmp_path / "B.db"
    a = Database.open(a_path)
    ids = seed_plan(a)
    a.close()
    return a_path, b_path, ids


def test_two_laptops_sync_through_a_folder_and_see_their_conflict(tmp_path, capsys):
    a_path, b_path, _ids = _laptops(tmp_path)
    folder = tmp_path / "F"
    assert main(["--db", str(a_path), "sync", str(folder)]) == 0
    out = capsys.readouterr().out
    assert f"created a new store in {folder}" in out and "sent 7 changes" in out and "snapshot:" in out
    assert main(["--db", str(b_path), "sync", str(folder)]) == 0
    out = capsys.readouterr().out
    assert "received 7 changes: Setup 7" in out
    for path, value, who in ((a_path, "amber", "Ann"), (b_path, "green", "Bob")):
        assert main(["--db", str(path), "update", "1a", "--rag", value, "--reason", "review", "--as", who]) == 0
    capsys.readouterr()
    assert main(["--db", str(a_path), "sync"]) == 0  # the folder is remembered
    assert main(["--db", str(b_path), "sync"]) == 0
    out = capsys.readouterr().out
    assert "conflicts: 1 to settle" in out
    assert "action 1a (Care2Work) RAG:" in out and "amber by Ann" in out and "green by Bob" in out
    assert main(["--db", str(a_path), "sync"]) == 0
    assert main(["--db", str(a_path), "sync", "--conflicts"]) == 0
    assert "amber by Ann" in capsys.readouterr().out
    a, b = Database.open(a_path), Database.open(b_path)
    assert dump(a) == dump(b)
    a.close()
    b.close()


def test_status_tells_when_what_waits_and_who_else(tmp_path, capsys):
    a_path, b_path, ids = _laptops(tmp_path)
    folder = tmp_path / "F"
    assert main(["--db", str(a_path), "sync", "--status"]) == 0
    out = capsys.readouterr().out
    assert "last synced: never" in out and "waiting to be sent: 7 changes" in out
    main(["--db", str(a_path), "sync", str(folder)])
    main(["--db", str(b_path), "sync", str(folder)])
    a = Database.open(a_path)
    with edit(a, actor="Ann") as e:
        e.set_rag(ids["a0"], "amber", reason="x")
    a.close()
    capsys.readouterr()
    assert main(["--db", str(b_path), "sync", "--status"]) == 0
    out = capsys.readouterr().out
    assert f"sync folder: {folder}" in out and "waiting to be sent: 0 changes" in out
    assert "others syncing to this folder" in out and "last synced 20" in out
    assert main(["--db", str(a_path), "sync", "--status"]) == 0
    assert "waiting to be sent: 1 change\n" in capsys.readouterr().out


def test_a_bad_folder_is_one_line_on_stderr_and_exit_1(tmp_path):
    a_path, _, _ = _laptops(tmp_path)
    (tmp_path / "plain.txt").write_text("not a folder")
    foreign = tmp_path / "foreign"
    foreign.mkdir()
    (foreign / "FORMAT").write_text('{"format": "ragtrack-sync", "version": 9, "store_id": "' + "0" * 32 + '"}')
    for folder, words in (
        (tmp_path / "no" / "such" / "drive", "cannot be reached"),
        (tmp_path / "plain.txt", "is a file"),
        (foreign, "newer ragtrack"),
    ):
        run = subprocess.run(
            [sys.executable, "-m", "tui", "--db", str(a_path), "sync", str(folder)],
            capture_output=True,
            text=True,
            cwd=ROOT,
            timeout=120,
        )
        assert run.returncode == 1, run.stderr
        assert run.stdout == ""
        assert run.stderr.count("\n") == 1 and run.stderr.startswith("ragtrack: ") and words in run.stderr


def test_sync_with_nothing_remembered_says_what_to_do(tmp_path, capsys):
    a_path, _, _ = _laptops(tmp_path)
    assert main(["--db", str(a_path), "sync"]) == 1
    assert "no sync folder yet" in capsys.readouterr().err


def test_a_new_laptop_joins_with_no_database_yet(tmp_path, capsys):
    a_path, _, _ = _laptops(tmp_path)
    folder = tmp_path / "F"
    main(["--db", str(a_path), "sync", str(folder)])
    (tmp_path / "new").mkdir()
    fresh = tmp_path / "new" / "ragtrack.db"
    assert main(["--db", str(fresh), "sync", str(folder)]) == 0
    assert "received 7 changes" in capsys.readouterr().out
    assert main(["--db", str(fresh), "list"]) == 0
    assert "Action 0" in capsys.readouterr().out


def test_a_mistyped_folder_is_refused_and_move_to_says_it_on_purpose(tmp_path, capsys):
    a_path, _, _ = _laptops(tmp_path)
    main(["--db", str(a_path), "sync", str(tmp_path / "F")])
    capsys.readouterr()
    assert main(["--db", str(a_path), "sync", str(tmp_path / "typo")]) == 1
    err = capsys.readouterr().err
    assert "--move-to" in err and err.count("\n") == 1 and not (tmp_path / "typo").exists()
    assert main(["--db", str(a_path), "sync", "--move-to", str(tmp_path / "G")]) == 0
    assert "created a new store in" in capsys.readouterr().out
    assert main(["--db", str(a_path), "sync", "--status"]) == 0
    assert f"sync folder: {tmp_path / 'G'}" in capsys.readouterr().out


def test_during_a_move_status_names_the_old_place_and_what_it_has_not_had(tmp_path, capsys):
    a_path, _, _ = _laptops(tmp_path)
    old, new = tmp_path / "F", tmp_path / "G"
    assert main(["--db", str(a_path), "sync", str(old)]) == 0
    assert main(["--db", str(a_path), "sync", "--move-to", str(new)]) == 0
    assert main(["--db", str(a_path), "update", "1a", "--rag", "amber", "--reason", "review", "--as", "Ann"]) == 0
    assert main(["--db", str(a_path), "sync"]) == 0  # to the new place only
    capsys.readouterr()
    assert main(["--db", str(a_path), "sync", "--status"]) == 0
    out = capsys.readouterr().out
    assert f"sync folder: {new}" in out
    assert f"also synced with the folder {old}: last synced" in out
    missing = int(out.split(f"also synced with the folder {old}: last synced")[1].split(", ")[1].split(" ")[0])
    assert missing >= 1  # the rating (and what it records) never reached the old folder
    assert main(["--db", str(a_path), "sync", str(old)]) == 0  # the old place stays usable
    capsys.readouterr()
    assert main(["--db", str(a_path), "sync", "--status"]) == 0
    out = capsys.readouterr().out
    assert f"sync folder: {new}" in out  # syncing the old place by name keeps the new one remembered
    assert f"also synced with the folder {old}: last synced" in out and ", 0 changes it has not had" in out
