"""The import screen in a minimal app, driven by the keyboard: the table as read, a misread
column and a misread row corrected with the plan changing as they are, an officer match settled,
the import; next quarter's version of the file opening with the same corrections and importing
with one key; choosing the header row; a refused file shown without touching the database."""

from __future__ import annotations

from sqlalchemy import select
from textual.app import App
from textual.widgets import DataTable, Static

from models.tables import Action, Officer, Progress
from storage.writes import edit
from tui.controllers.importing import SessionPlanStore
from tui.screens.import_preview import FieldDialog, ImportPreviewScreen, RowDialog
from tui.session import Session

# "Led by" is no header name ragtrack knows: its names make it the lead, and the sponsoring
# councillors beside it are taken for leads too (were it "Lead", they would be kept as notes).
HEADER = "Ref,Action,Led by,Sponsor,Deadline,RAG\n"
ROWS = [
    "1a,Run the audit,Cathryn White,Cllr Ann Jones,31/03/2026,A\n",
    "1b,Train staff,Keith Lander,Cllr Ann Jones,Summer term 2026,G\n",
    ",Agreed by Cabinet on 12 March 2025,,,,\n",  # a remark, not the end of 1b's text
    "2a,Review the register,Cathryn White,Cllr Bob Smith,31/12/2026,R\n",
]


class Harness(App):
    def __init__(self, db, path):
        super().__init__()
        self.db, self.path, self.result = db, path, "not dismissed"

    def on_mount(self) -> None:
        self.push_screen(ImportPreviewScreen(self.path, SessionPlanStore(Session(database=self.db))), self.done)

    def done(self, result) -> None:
        self.result = result


async def settle(pilot) -> None:
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()


def cells(app, table_id):
    table = app.screen.query_one(table_id, DataTable)
    return [[str(c) for c in table.get_row_at(i)] for i in range(table.row_count)]


def headers(app) -> list[str]:
    table = app.screen.query_one("#import-table", DataTable)
    return [str(column.label).replace("\n", " ") for column in table.ordered_columns]


def status(app) -> str:
    return str(app.screen.query_one("#import-status", Static).render())


def plan_rows(app) -> list[tuple[str, str, str]]:
    """(ref, action, leads) of the plan as it would be stored."""
    return [(row[1], row[3], row[4]) for row in cells(app, "#import-rows")]


async def test_a_misread_column_and_a_misread_row_fixed_by_keyboard_then_imported(db, tmp_path):
    with edit(db, actor="setup") as e:
        e.create("officer", name="Catherine White", initials="CW")
    path = tmp_path / "audit.csv"
    path.write_text(HEADER + "".join(ROWS), encoding="utf-8")
    app = Harness(db, path)
    async with app.run_test(size=(160, 45)) as pilot:
        await settle(pilot)
        assert "Read as CSV (',' between cells): 'audit', 2 objectives, 3 actions" in status(app)
        # the table as read: every column with its field, every row with what it was read as
        assert headers(app) == [
            "Row ",
            "Read as ",
            "1. Ref → ref",
            "2. Action → action",
            "3. Led by → lead",
            "4. Sponsor → lead",  # misread: a sponsoring councillor is not a lead officer
            "5. Deadline → timescale",
            "6. RAG → rag",
        ]
        assert [row[:3] for row in cells(app, "#import-table")] == [
            ["1", "header", "Ref"],
            ["2", "action", "1a"],
            ["3", "action", "1b"],
            ["4", "continuation", ""],  # misread: joined to 1b's text
            ["5", "action", "2a"],
        ]
        assert plan_rows(app)[1] == ("1b", "Train staff Agreed by Cabinet on 12 March 2025", "Keith Lander, Ann Jones")

        # the column: to Sponsor, f opens the fields, pick "note"
        await pilot.press(*["right"] * 5, "f")
        await pilot.pause()
        assert isinstance(app.screen, FieldDialog)
        await pilot.press(*["down"] * 6, "enter")  # from lead down to note
        await settle(pilot)
        assert headers(app)[5] == "4. Sponsor → note ✎"
        assert plan_rows(app)[0] == ("1a", "Run the audit", "Cathryn White")
        assert cells(app, "#import-rows")[0][7] == "• Sponsor: Cllr Ann Jones"

        # [ and ] step the column's field, live; back to note
        await pilot.press("right_square_bracket")
        await settle(pilot)
        assert headers(app)[5] == "4. Sponsor → plan ✎"
        await pilot.press("left_square_bracket")
        await settle(pilot)
        assert headers(app)[5] == "4. Sponsor → note ✎"

        # the row: down to row 4, r opens the roles, pick "ignore"
        await pilot.press("down", "down", "down", "r")
        await pilot.pause()
        assert isinstance(app.screen, RowDialog)
        await pilot.press("up", "enter")  # from "as read" up to ignore
        await settle(pilot)
        assert cells(app, "#import-table")[3][:2] == ["4", "ignore ✎"]
        assert plan_rows(app)[1] == ("1b", "Train staff", "Keith Lander")
        # u puts the row back as read, x marks it ignored again
        await pilot.press("u")
        await settle(pilot)
        assert cells(app, "#import-table")[3][1] == "continuation"
        await pilot.press("x")
        await settle(pilot)
        assert cells(app, "#import-table")[3][1] == "ignore ✎"
        assert "3 actions" in status(app)

        # the likely match is a choice: the user says it is the same person
        assert cells(app, "#import-officers") == [["Cathryn White", "Catherine White", "keep separate"]]
        app.screen.query_one("#import-officers", DataTable).focus()
        await pilot.press("space")
        assert cells(app, "#import-officers")[0][2] == "same person"

        await pilot.press("i")
        await settle(pilot)
        assert status(app).startswith("imported 'audit': created 3 actions, 2 objectives, 1 officers, 1 plans")
        assert "Your corrections are remembered" in status(app)
        await pilot.press("escape")
        await pilot.pause()
    (report,) = app.result
    assert report.plan_title == "audit"
    with db.engine.connect() as conn:
        names = sorted(conn.execute(select(Officer.__table__.c.name)).scalars())
        texts = dict(conn.execute(select(Action.__table__.c.ref, Action.__table__.c.text)).all())
        notes = sorted(conn.execute(select(Progress.__table__.c.text)).scalars())
    assert names == ["Catherine White", "Keith Lander"]  # Cathryn White was not created; no councillors
    assert texts == {"1a": "Run the audit", "1b": "Train staff", "2a": "Review the register"}
    assert notes == ["Sponsor: Cllr Ann Jones", "Sponsor: Cllr Ann Jones", "Sponsor: Cllr Bob Smith"]

    # next quarter: a new file laid out the same way, with a row added above the remark
    later = tmp_path / "q2" / "audit 2026-27 Q2.csv"
    later.parent.mkdir()
    added = "1c,Publish the results,Keith Lander,Cllr Ann Jones,30/09/2026,A\n"
    later.write_text(HEADER + "".join([*ROWS[:2], added, *ROWS[2:]]), encoding="utf-8")
    app = Harness(db, later)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert "Read with the corrections you made last time" in status(app)
        assert headers(app)[5] == "4. Sponsor → note ✎"
        assert cells(app, "#import-table")[4][:2] == ["5", "ignore ✎"]  # the mark followed its row
        await pilot.press("i")  # one key
        await settle(pilot)
        assert status(app).startswith("imported 'audit 2026-27 Q2': created 4 actions")
    with db.engine.connect() as conn:
        titles = conn.execute(select(Action.__table__.c.text).where(Action.__table__.c.ref == "1b")).scalars().all()
    assert titles == ["Train staff", "Train staff"]


async def test_read_afresh_drops_the_remembered_corrections(db, tmp_path):
    path = tmp_path / "audit.csv"
    path.write_text(HEADER + "".join(ROWS), encoding="utf-8")
    app = Harness(db, path)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("down", "down", "down", "x")
        await settle(pilot)
        await pilot.press("i")
        await settle(pilot)
    app = Harness(db, path)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        assert cells(app, "#import-table")[3][1] == "ignore ✎"
        await pilot.press("ctrl+r")
        await settle(pilot)
        assert cells(app, "#import-table")[3][1] == "continuation"
        assert "corrections you made last time" not in status(app)


async def test_choosing_the_header_row(db, tmp_path):
    path = tmp_path / "tracker.csv"
    path.write_text(
        "Quarterly tracker,,\nRef,Action,Lead\n1,Refresh the allocations policy,Cathryn White\n"
        "2,Consult tenants,Keith Lander\n",
        encoding="utf-8",
    )
    app = Harness(db, path)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        assert [row[1] for row in cells(app, "#import-table")] == ["above header", "header", "action", "action"]
        await pilot.press("down", "down", "h")  # a data row taken for the header: the plan shows it at once
        await settle(pilot)
        assert [row[1] for row in cells(app, "#import-table")] == [
            "above header",
            "above header",
            "header ✎",
            "not read",
        ]
        assert "0 actions. Not importable as read: tracker.csv: 1 table but no table header found" in status(app)
        await pilot.press("i")  # refused while the reading cannot be imported
        await settle(pilot)
        assert status(app).startswith("Not imported: tracker.csv: 1 table but no table header found")
        await pilot.press("up", "h")  # the right one
        await settle(pilot)
        assert [row[1] for row in cells(app, "#import-table")] == ["above header", "header ✎", "action", "action"]
        assert plan_rows(app) == [
            ("1", "Refresh the allocations policy", "Cathryn White"),
            ("2", "Consult tenants", "Keith Lander"),
        ]


async def test_a_refused_file_is_shown_and_nothing_is_imported(db, tmp_path):
    path = tmp_path / "junk.docx"
    path.write_bytes(b"\x00junk" * 100)
    app = Harness(db, path)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        assert "Cannot read the file: junk.docx is not a Word document" in status(app)
        await pilot.press("i")  # nothing to import
        await settle(pilot)
        await pilot.press("escape")
        await pilot.pause()
    assert app.result is None
    with db.engine.connect() as conn:
        assert conn.execute(select(Action.__table__.c.id)).first() is None
