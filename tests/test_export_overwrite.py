"""``export -o`` never writes over what was not asked for (issue 11 defect 12): the database
itself, a read-only file, or an existing file without --force; and a replaced file is whole."""

from __future__ import annotations

import os
import stat

from tui.cli import main


def _plan(tmp_path):
    db = tmp_path / "ragtrack.db"
    plan = tmp_path / "plan.csv"
    plan.write_text("Ref,Action,Lead,RAG\n1a,Promote the group,Jackie Roper,Red\n", encoding="utf-8")
    assert main(["--db", str(db), "import", str(plan)]) == 0
    return db


def test_export_refuses_the_database_itself_even_with_force(tmp_path, capsys):
    db = _plan(tmp_path)
    before = db.read_bytes()
    for extra in ([], ["--force"]):
        assert main(["--db", str(db), "export", "--format", "csv", "-o", str(db), *extra]) == 1
        assert "this ragtrack database" in capsys.readouterr().err
    link = tmp_path / "report.csv"
    link.symlink_to(db)
    assert main(["--db", str(db), "export", "-o", str(link), "--force"]) == 1
    assert db.read_bytes() == before
    assert main(["--db", str(db), "list"]) == 0


def test_export_refuses_a_read_only_file_and_an_existing_one_without_force(tmp_path, capsys):
    db = _plan(tmp_path)
    kept = tmp_path / "kept.csv"
    kept.write_text("precious")
    os.chmod(kept, stat.S_IREAD)
    assert main(["--db", str(db), "export", "-o", str(kept), "--force"]) == 1
    assert "read-only" in capsys.readouterr().err and kept.read_text() == "precious"
    existing = tmp_path / "old.csv"
    existing.write_text("last month's")
    assert main(["--db", str(db), "export", "-o", str(existing)]) == 1
    assert "--force" in capsys.readouterr().err and existing.read_text() == "last month's"
    assert main(["--db", str(db), "export", "-o", str(existing), "--force"]) == 0
    assert "Promote the group" in existing.read_text()
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []  # no temporary left
