"""`ragtrack import`: the --dry-run preview (columns read, guessed ones, first rows) and --map."""

from __future__ import annotations

import pytest

from tui.cli import main

CSV = (
    "Ref,Action,Owner,Finish,Notes,Colour\r\n"
    "1a,Promote the offer,Jackie Roper,June 2026,✓ Launched ⇒ Review,Green\r\n"
    "1b,Link with schools,Catherine White,Soon,,R\r\n"
    "1c,Write the report,Keith Lander,31/12/2026,,A\r\n"
)


@pytest.fixture
def plan_csv(tmp_path):
    path = tmp_path / "offer.csv"
    path.write_text(CSV, encoding="utf-8")
    return path


def run(capsys, *argv):
    capsys.readouterr()
    code = main(list(argv))
    out = capsys.readouterr()
    return code, out.out, out.err


def test_dry_run_previews_columns_and_first_rows_and_changes_nothing(tmp_path, plan_csv, capsys):
    db = tmp_path / "plans.db"
    code, out, _ = run(capsys, "--db", str(db), "import", str(plan_csv), "--dry-run")
    assert code == 0
    lines = out.splitlines()
    assert lines[0] == f"{plan_csv}:"
    assert lines[1] == "  read as CSV (',' between cells): 'offer', 1 objectives, 3 actions"
    assert "       1. Ref    -> ref       recognised" in lines
    assert "       3. Owner  -> lead      recognised" in lines
    assert "       4. Finish -> timescale guessed: its cells read as dates" in lines
    assert "       6. Colour -> rag       guessed: its cells read as RAG ratings" in lines
    assert "    [G] objective 1 › 1a: Promote the offer" in lines
    assert "        leads: Jackie Roper · timescale: June 2026 → Jun 2026 (due 30/06/2026) · status: open" in lines
    assert "        progress: ✓ Launched; ⇒ Review" in lines
    assert (
        "would import 'offer': created 3 actions, 1 objectives, 3 officers, 1 plans, 2 progress entries; "
        "updated nothing; 3 notes" in lines
    )
    assert "  note: line 3: 1b: timescale 'Soon' not understood: kept as written, no due date" in lines
    # guessed columns are in the report too, so an import without --dry-run says so
    assert "  note: the file: column 'Finish' read as timescale (a guess: its cells read as dates)" in lines
    code, out, _ = run(capsys, "--db", str(db), "list", "--format", "csv")
    assert code == 0 and len(out.splitlines()) == 1  # the header only: the dry run wrote nothing


def test_map_overrides_and_import(tmp_path, plan_csv, capsys):
    db = tmp_path / "plans.db"
    code, out, _ = run(
        capsys,
        "--db",
        str(db),
        "import",
        str(plan_csv),
        "--map",
        "Notes=ignore,Colour=status",
        "--dry-run",
        "--rows",
        "1",
    )
    assert code == 0
    assert "       5. Notes  -> ignore    your mapping" in out.splitlines()
    # Notes ignored: no ✓/⇒ progress; Colour's words are no status, so they are kept as a note
    assert "Launched" not in out and "progress: • Colour: Green" in out and out.count("leads:") == 1
    code, out, _ = run(capsys, "--db", str(db), "import", str(plan_csv), "--map", "Notes=ignore")
    assert code == 0 and out.startswith("imported 'offer': created 3 actions")
    code, out, _ = run(capsys, "--db", str(db), "list", "--format", "csv")
    assert "Promote the offer" in out and "Catherine White" in out


def test_the_import_process_ends_at_once_with_its_report_written_and_the_plan_saved(tmp_path, plan_csv):
    """``ragtrack import`` as a process ends without Python's clean-up (``cli._end_at_once``):
    what it printed into a pipe (buffered, not a terminal) still arrives whole, its exit code
    is the command's, and the plan is in the database; run again, it updates the same plan."""
    import os
    import subprocess
    import sys

    from storage.db import Store

    db = tmp_path / "plans.db"
    command = [sys.executable, "-m", "tui", "--db", str(db), "import", str(plan_csv)]
    buffered = {name: value for name, value in os.environ.items() if name != "PYTHONUNBUFFERED"}

    def ragtrack(*argv: str) -> subprocess.CompletedProcess:
        return subprocess.run(argv, capture_output=True, text=True, timeout=120, env=buffered)

    first = ragtrack(*command)
    assert first.returncode == 0, first.stderr
    lines = first.stdout.splitlines()
    assert lines[0].startswith("imported 'offer': created 3 actions, 1 objectives, 3 officers, 1 plans")
    assert lines[-1].startswith("  note: ") and len(lines) == 4
    with Store.open(db) as store, store.read() as txn:
        assert txn.records.live_action_count() == 3
    again = ragtrack(*command)
    assert again.returncode == 0 and again.stdout.startswith("imported 'offer': created nothing new")
    refused = ragtrack(*command[:-1], str(tmp_path / "missing.csv"))
    assert refused.returncode == 1 and "no such file" in refused.stderr


@pytest.mark.parametrize(
    ("mapping", "message"),
    [
        ("Owner=boss", "--map: unknown field 'boss'"),
        ("Owner", "--map entry 'Owner' is not HEADER=FIELD"),
        ("Manager=lead", "--map: no column 'manager' (columns: Colour, Finish, Notes, Owner, Action, Ref"),
    ],
)
def test_map_mistakes_are_one_line_refusals(tmp_path, plan_csv, capsys, mapping, message):
    code, _out, err = run(capsys, "--db", str(tmp_path / "x.db"), "import", str(plan_csv), "--map", mapping)
    assert code == 1 and err.count("\n") == 1
    assert message.split(" (columns")[0] in err
    assert not (tmp_path / "x.db").exists()


def test_a_sheet_of_6000_rows_imports_every_row(tmp_path, capsys):
    """No cap on the rows of a sheet (there was one at 5,000), and rows whose progress starts
    with a column's name ("Progress note 12") are data, not the header repeated."""
    import openpyxl

    from storage.db import Store

    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["Ref", "Action", "Lead officer", "Timescale", "Progress"])
    for n in range(1, 6_001):
        sheet.append([f"{n}", f"Action number {n}", "Jo Smith", "31/03/2027", f"Progress note {n}"])
    path = tmp_path / "long.xlsx"
    book.save(path)
    db = tmp_path / "long.db"
    code, out, err = run(capsys, "--db", str(db), "import", str(path))
    assert code == 0, err
    assert "created 6000 actions" in out and "6000 progress entries" in out
    with Store.open(db) as store, store.read() as txn:
        assert txn.records.live_action_count() == 6_000


@pytest.mark.parametrize(
    ("csv", "options", "message"),
    [
        (
            "Ref,Action,Lead,Notes\n"
            + "".join(f"{n},Action number {n},Jo Smith,{'see' if n == 5 else ''}\n" for n in range(1, 41)),
            ["--map", "Notes=action,Action=note,Ref=note"],
            "only 1 actions read from 40 rows",
        ),
        ("Ref,Action,Lead\n,,\n,,\n", [], "no actions were read from its rows"),
    ],
)
def test_an_import_that_would_store_nothing_or_far_fewer_actions_than_rows_fails(
    tmp_path, capsys, csv, options, message
):
    path = tmp_path / "plan.csv"
    path.write_text(csv, encoding="utf-8")
    db = tmp_path / "plans.db"
    code, _, err = run(capsys, "--db", str(db), "import", str(path), *options)
    assert code == 1
    assert message in err and err.count("\n") == 1 and err.rstrip().endswith("(nothing was imported)"), err
    assert not db.exists()
