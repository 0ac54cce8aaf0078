"""CSV and Markdown reports, and the ``ragtrack export`` command."""

from __future__ import annotations

import csv
import io

import pytest
from store_view import view
from test_export_model import AS_AT, build_scenario

from storage.reports import export_report
from storage.reports.model import build_report
from storage.reports.tabular import ACTION_COLUMNS, md, render_markdown
from tui.cli import main


def read_csv(path):
    raw = path.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")  # Excel reads the ✓ and ⇒ as UTF-8
    return list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig"))))


def test_csv_one_row_per_action_with_formulas_neutralised(db, tmp_path):
    scenario = build_scenario(db)
    path = tmp_path / "report.csv"
    export_report(build_report(view(db), scenario.plan, as_at=AS_AT), "csv", path)
    rows = {r["Ref"]: r for r in read_csv(path)}
    assert list(rows["1a"]) == [heading for heading, _ in ACTION_COLUMNS]
    assert list(rows) == ["1a", "1b", "2a", "2b"]
    assert rows["1a"]["RAG"] == "Amber" and rows["1a"]["Due"] == "2015-12-31" and rows["1a"]["Times re-dated"] == "2"
    assert rows["1a"]["Changed since last review"].split("\n")[-1] == "1 new progress entry"
    assert rows["2b"]["Action"].startswith("'=HYPERLINK(")
    assert rows["1b"]["Action"] == "'-2 Link with the task group"
    assert rows["1b"]["Progress"] == "✓ 05/01/2015 – @mention Done and ongoing"  # @ not leading: kept
    assert rows["2b"]["Timescale"] == "'\tMarch 2016"
    assert rows["2a"]["Action"] == "'+44 Trial the Hub"
    assert rows["2b"]["Progress"] == "• +44 line\nsecond line"
    for row in rows.values():
        for value in row.values():
            assert not value or value[0] not in "=+-@\t\r", value


def test_markdown_layout_and_escaping(db):
    scenario = build_scenario(db)
    text = render_markdown(build_report(view(db), scenario.plan, as_at=AS_AT))
    lines = text.splitlines()
    assert lines[0] == "# Care2Work \\& Co"
    assert "**ONGOING ACTIONS – SUMMARY VERSION as at 22/09/2015**" in lines
    assert (
        lines.index("## COMMITMENT") < lines.index("### Objective 1. Strategic commitment") < lines.index("## SUPPORT")
    )
    row = next(line for line in lines if line.startswith("| **1a** |"))
    cells = row.split(" | ")
    assert cells[2] == "**JR**/KL" and cells[-1] == "🟧 A |"
    assert "*⇒ 01/08/2015 – Book the venue*" in row and "*RAG Red → Amber: Training booked for May*" in row
    hostile = next(line for line in lines if line.startswith("| **2b** |"))
    assert "\\<script\\>alert(1)\\</script\\>" in hostile and "\\| \\*star\\*" in hostile
    assert hostile.count(" | ") == 5  # the user's pipe does not add a column
    assert "| 🟥 R | Red | Substantial challenges |" in lines
    assert md("a|b\nc") == "a\\|b<br>c"


def test_export_command_writes_each_format(db, tmp_path, capsys):
    from db_support import Database

    path = tmp_path / "plans.db"
    database = Database.open(path)
    build_scenario(database)
    database.close()
    for name in ("r.docx", "r.html", "r.md", "r.xlsx", "r.csv"):
        assert main(["--db", str(path), "export", "--as-at", "22/09/2015", "-o", str(tmp_path / name)]) == 0
        assert (tmp_path / name).stat().st_size > 0
    assert "as at 22/09/2015" in capsys.readouterr().out
    assert main(["--db", str(path), "export", "--format", "md", "--changes-only", "-o", str(tmp_path / "c.txt")]) == 0
    changed = (tmp_path / "c.txt").read_text(encoding="utf-8")
    assert "| **1a** |" in changed and "| **1b** |" not in changed
    assert main(["--db", str(path), "export", "-o", str(tmp_path / "r.txt")]) == 1
    assert "--format" in capsys.readouterr().err


@pytest.fixture
def database_file(tmp_path):
    from db_support import Database

    path = tmp_path / "plans.db"
    database = Database.open(path)
    build_scenario(database)
    database.close()
    return path


def test_export_refuses_a_format_that_is_not_the_files_ending(database_file, tmp_path, capsys):
    target = tmp_path / "x.docx"
    assert main(["--db", str(database_file), "export", "--format", "csv", "-o", str(target)]) == 1
    error = capsys.readouterr().err
    assert (
        error.strip()
        == "ragtrack: x.docx ends in .docx but the format is csv: name the file x.csv, or choose --format docx"
    )
    assert not target.exists() and not [p for p in tmp_path.iterdir() if "docx" in p.name]
    # an ending no format claims is the user's choice
    assert main(["--db", str(database_file), "export", "--format", "csv", "-o", str(tmp_path / "x.txt")]) == 0


def test_a_missing_folder_is_named_not_the_temporary_file(database_file, tmp_path, capsys):
    target = tmp_path / "no such folder" / "report.docx"
    assert main(["--db", str(database_file), "export", "-o", str(target)]) == 1
    error = capsys.readouterr().err
    assert error.count("\n") == 1 and ".part" not in error
    assert error.startswith(f"ragtrack: {target.parent} is not a folder that exists")
