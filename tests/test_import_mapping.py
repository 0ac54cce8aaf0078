"""The mapping on the command line: --map by header or by position (columns with no header),
--header-row, --row, --save-mapping and --mapping; the corrections remembered for the plan and
for next quarter's file laid out the same way (--fresh to read afresh); marks that follow their
row; one-line refusals."""

from __future__ import annotations

import json

import pytest

from storage.importing import read_document_layout
from storage.importing.mapping import Mapping
from tui.cli import main

# A tracker with a title above the header, a group header, blank header cells over the action
# and the date, and a remark row under 1b.
TRACKER = (
    "Housing improvement tracker,,,\n"
    "Ref,,Who,\n"
    "1a,Refresh the allocations policy,Cathryn White,31/03/2026\n"
    "1b,Consult tenants on the policy,Keith Lander,30/06/2026\n"
    ",Agreed by Cabinet on 12 March 2025,,\n"
    "2a,Review the register,Cathryn White,31/12/2026\n"
)


def run(capsys, *argv):
    capsys.readouterr()
    code = main([str(a) for a in argv])
    out = capsys.readouterr()
    return code, out.out, out.err


def listed(capsys, db):
    code, out, _ = run(capsys, "--db", db, "list", "--format", "json")
    assert code == 0
    return [(a["ref"], a["text"], a["leads"], a["timescale"]) for a in json.loads(out)]


@pytest.fixture
def tracker(tmp_path):
    path = tmp_path / "tracker.csv"
    path.write_text(TRACKER, encoding="utf-8")
    return path


WANT = [
    ("1a", "Refresh the allocations policy", ["Cathryn White"], "31/03/2026"),
    ("1b", "Consult tenants on the policy", ["Keith Lander"], "30/06/2026"),
    ("2a", "Review the register", ["Cathryn White"], "31/12/2026"),
]


def test_blank_headers_by_position_header_row_and_row_marks(tmp_path, tracker, capsys):
    db = tmp_path / "plans.db"
    code, out, _ = run(
        capsys,
        "--db",
        db,
        "import",
        tracker,
        "--header-row",
        "2",
        "--map",
        "#2=action,#4=timescale",
        "--row",
        "5=ignore",
        "--save-mapping",
        tmp_path / "tracker.json",
    )
    assert code == 0, out
    assert listed(capsys, db) == WANT
    saved = json.loads((tmp_path / "tracker.json").read_text(encoding="utf-8"))
    assert saved == {
        "columns": {"#2": "action", "#4": "timescale"},
        "header_row": 2,
        "rows": {"1:5": "ignore"},
        "row_texts": {"1:5": "agreed by cabinet on 12 march 2025"},
    }

    # the saved mapping reads next quarter's file (a row added above the remark) the same way
    later = tmp_path / "later.csv"
    added = "1c,Publish the new policy,Keith Lander,30/09/2026\n"
    lines = TRACKER.splitlines(keepends=True)
    later.write_text("".join([*lines[:4], added, *lines[4:]]), encoding="utf-8")
    other = tmp_path / "other.db"
    code, out, _ = run(capsys, "--db", other, "import", later, "--mapping", tmp_path / "tracker.json")
    assert code == 0, out
    assert listed(capsys, other) == [
        *WANT[:2],
        ("1c", "Publish the new policy", ["Keith Lander"], "30/09/2026"),
        WANT[2],
    ]


def test_the_corrections_are_remembered_for_next_quarters_file(tmp_path, tracker, capsys):
    db = tmp_path / "plans.db"
    code, _, _ = run(capsys, "--db", db, "import", tracker, "--row", "5=ignore")
    assert code == 0
    later = tmp_path / "q2" / "tracker 2026 Q2.csv"
    later.parent.mkdir()
    later.write_text(TRACKER.replace("31/12/2026", "31/01/2027"), encoding="utf-8")
    code, out, _ = run(capsys, "--db", db, "import", later, "--dry-run")
    assert code == 0
    assert f"{later}: read with the corrections remembered for it (--fresh to read it afresh)" in out
    assert "    [-] objective 1 › 1b: Consult tenants on the policy" in out.splitlines()
    code, out, _ = run(capsys, "--db", db, "import", later, "--dry-run", "--fresh")
    assert "remembered" not in out
    assert "    [-] objective 1 › 1b: Consult tenants on the policy Agreed by Cabinet on 12 March 2025" in out


def test_a_mark_follows_its_row_and_is_dropped_when_the_row_is_gone(tmp_path, tracker):
    mapping = Mapping(columns={"#2": "action", "#4": "timescale"}, header_row=2)
    reading = read_document_layout(tracker, mapping=mapping)
    row = reading.views[0].model.table.rows[4]
    from storage.importing.mapping import row_fingerprint

    mapping.set_row(0, 4, "ignore", row_fingerprint(row))
    moved = tmp_path / "moved.csv"
    lines = TRACKER.splitlines(keepends=True)
    moved.write_text("".join([*lines[:2], lines[5], *lines[2:5]]), encoding="utf-8")  # 2a first
    tables = [v.model.table for v in read_document_layout(moved, mapping=mapping).views]
    assert mapping.row_roles(tables) == {(0, 5): "ignore"}
    gone = tmp_path / "gone.csv"
    gone.write_text("".join(lines[:4]), encoding="utf-8")
    tables = [v.model.table for v in read_document_layout(gone, mapping=mapping).views]
    assert mapping.row_roles(tables) == {}
    assert mapping.row_roles() == {(0, 4): "ignore"}  # by number alone (the command line's --row)


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["--map", "#2=deadline"], "--map: unknown field 'deadline'"),
        (["--row", "five=ignore"], "--row 'five=ignore' is not [TABLE:]ROW=ROLE"),
        (["--row", "5=remove"], "--row '5=remove' is not [TABLE:]ROW=ROLE"),
        (["--header-row", "0"], "--header-row is a row number from 1"),
        (["--save-mapping", "out.txt"], "--save-mapping: a mapping file's name ends in .json (not 'out.txt')"),
        (["--mapping", "missing.json"], "missing.json is not a mapping file (no such file)"),
        (
            ["--mapping", "bad.json"],
            "bad.json is not a mapping (JSON: Expecting property name enclosed in double quotes at line 1)",
        ),
        (["--mapping", "wrong.json"], "mapping: unknown field 'owner'"),
    ],
)
def test_mapping_mistakes_are_one_line_refusals(tmp_path, tracker, capsys, monkeypatch, argv, message):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "bad.json").write_text("{columns", encoding="utf-8")
    (tmp_path / "wrong.json").write_text('{"columns": {"Who": "owner"}}', encoding="utf-8")
    db = tmp_path / "plans.db"
    code, _, err = run(capsys, "--db", db, "import", tracker, *argv)
    assert code != 0
    assert message in err and len(err.strip().splitlines()) == 1
    assert not db.exists() or listed(capsys, db) == []
    assert not (tmp_path / "out.txt").exists()
