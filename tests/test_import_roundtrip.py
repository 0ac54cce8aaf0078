"""Round trip: XLSX and CSV (DOCX and Markdown too) written by `ragtrack export`, and the output
of `ragtrack list --format csv`, import back to the same plan: objectives, refs, text, leads,
RAG, status, timescale, progress."""

from __future__ import annotations

import json
from datetime import date

import pytest
from db_support import Database

from storage.writes import edit
from tui.cli import main


@pytest.fixture(scope="module")
def source(tmp_path_factory):
    """A plan with themes, objectives, every rating, closed actions, several leads, dated and
    undated progress and awkward text, built through the write path in a database file."""
    folder = tmp_path_factory.mktemp("roundtrip")
    path = folder / "source.db"
    db = Database.open(path)
    with edit(db, actor="setup") as e:
        plan = e.create("plan", title="Care Leavers Work Plan", source_key="care_leavers")
        themes = [e.create("theme", plan_id=plan, name=n, position=i) for i, n in enumerate(["COMMITMENT", "SUPPORT"])]
        one = e.create("objective", plan_id=plan, ref="1", text="Promote the offer", theme_id=themes[0], position=0)
        two = e.create("objective", plan_id=plan, ref="2", text="Support into work", theme_id=themes[1], position=1)
        jackie = e.create("officer", name="Jackie Roper", initials="JR", job_title="Education Adviser")
        keith = e.create("officer", name="Keith Lander", initials="KL")
        dominic = e.create("officer", name="Dominic Tumelty", initials="DT")
        rows = [
            (one, "1a", "Promote the C2W group", "04/14", "red", "open", [jackie]),
            (
                one,
                "1b",
                "Link with the 'Missing Education' task group\nand report back",
                "Ongoing",
                "amber",
                "open",
                [keith, jackie],
            ),
            (one, "1c", "=SUM(A1) is not a formula", "Q3 2025/26", "green", "open", [dominic]),
            (two, "2a", "Ring-fence traineeships", "31/03/2027", "blue", "complete", [jackie, keith, dominic]),
            (two, "2b", "Trial a joint approach", "", None, "withdrawn", []),
            (two, "2c", "Agree the offer", "End of March", None, "open", [keith]),
        ]
        ids = {}
        for objective, ref, text, timescale, rag, status, leads in rows:
            position = sum(1 for row in rows if row[0] == objective and row[1] < ref)  # within its objective
            ids[ref] = e.create_action(
                plan, objective, ref, text, timescale=timescale, rag=rag, status=status, leads=leads, position=position
            )
        e.add_progress(ids["1a"], "achieved", "Sits on the steering group", entry_date=date(2014, 8, 1))
        e.add_progress(ids["1a"], "next", "Report to the Board")
        e.add_progress(ids["1b"], "achieved", "Since Aug 2014 JR attends the group")
        e.add_progress(ids["1b"], "note", "NEED UPDATE FROM HR????")
        e.add_progress(ids["2a"], "achieved", "- three places agreed", entry_date=date(2015, 7, 22))
    db.close()
    return path


def actions(capsys, db, plan=None):
    capsys.readouterr()
    assert main(["--db", str(db), "list", "--format", "json", *(["--plan", plan] if plan else [])]) == 0
    items = json.loads(capsys.readouterr().out)
    return [
        (
            a["plan"],
            a["objective"],
            a["objective_text"],
            a["ref"],
            a["text"],
            a["leads"],
            a["rag"],
            a["status"],
            a["timescale"],
            sorted((p["kind"], p["date"] or "", p["text"]) for p in a["progress"]),
        )
        for a in items
    ]


def officers(capsys, db):
    capsys.readouterr()
    assert main(["--db", str(db), "officers", "--format", "json"]) == 0
    return sorted((o["name"], o.get("initials")) for o in json.loads(capsys.readouterr().out))


@pytest.mark.parametrize("fmt", ["xlsx", "csv", "docx", "md"])
def test_export_imports_back_to_the_same_plan(source, tmp_path, capsys, fmt):
    exported = tmp_path / f"care_leavers.{fmt}"
    assert main(["--db", str(source), "export", "-o", str(exported)]) == 0
    target = tmp_path / "target.db"
    capsys.readouterr()
    assert main(["--db", str(target), "import", str(exported)]) == 0
    out = capsys.readouterr().out
    assert "created 6 actions, 2 objectives, 3 officers, 1 plans, 5 progress entries, 2 themes" in out
    before, after = actions(capsys, source), actions(capsys, target)
    if fmt == "csv":  # a CSV has no title: the plan is named after the file
        before = [("care_leavers", *row[1:]) for row in before]
    assert after == before
    assert officers(capsys, target) == officers(capsys, source)


def test_reimporting_an_export_over_its_plan_changes_no_action(source, tmp_path, capsys):
    """Named after the plan's source key, the export updates the plan it came from in place."""
    copy = tmp_path / "copy.db"
    copy.write_bytes(source.read_bytes())
    exported = tmp_path / "care_leavers.xlsx"
    assert main(["--db", str(copy), "export", "-o", str(exported)]) == 0
    capsys.readouterr()
    assert main(["--db", str(copy), "import", str(exported)]) == 0
    summary = capsys.readouterr().out.splitlines()[0]
    assert summary.startswith("imported 'Care Leavers Work Plan': created nothing new; updated nothing")
    assert actions(capsys, copy) == actions(capsys, source)


def test_list_csv_imports_back(source, tmp_path, capsys):
    """`ragtrack list --format csv` (plan, objective ref, ref, title, leads, rag, status,
    timescale...) reads back too, with what it carries: no objective text, no progress."""
    capsys.readouterr()
    assert main(["--db", str(source), "list", "--format", "csv"]) == 0
    listed = tmp_path / "listed.csv"
    listed.write_text(capsys.readouterr().out, encoding="utf-8")
    target = tmp_path / "target.db"
    assert main(["--db", str(target), "import", str(listed)]) == 0
    before, after = actions(capsys, source), actions(capsys, target)
    drop = lambda rows: [(r[0], r[1], r[3], r[4].split("\n")[0], r[5], r[6], r[7], r[8]) for r in rows]  # noqa: E731
    assert drop(after) == drop(before)


def test_reimporting_an_export_keeps_the_plan_facts_it_does_not_carry(source, tmp_path, capsys):
    copy = tmp_path / "copy.db"
    copy.write_bytes(source.read_bytes())
    db = Database.open(copy)
    with edit(db, actor="setup") as e:
        plan = db.reader().execute("SELECT id FROM plan").fetchone()[0]
        e.set("plan", plan, "organisation", "Leeds City Council")
    db.close()
    exported = tmp_path / "care_leavers.xlsx"
    assert main(["--db", str(copy), "export", "-o", str(exported)]) == 0
    assert main(["--db", str(copy), "import", str(exported)]) == 0
    reader = Database.open(copy)
    try:
        assert reader.reader().execute("SELECT organisation FROM plan").fetchone()[0] == "Leeds City Council"
    finally:
        reader.close()
