"""The import screen in a minimal app: preview, correct a column with the keyboard, settle a
likely officer match, import; and a refused file shown without touching the database."""

from __future__ import annotations

from sqlalchemy import select
from textual.app import App
from textual.widgets import DataTable, Static

from models.tables import Action, Officer
from storage.writes import edit
from tui.controllers.importing import SessionPlanStore
from tui.screens.import_preview import FieldDialog, ImportPreviewScreen
from tui.session import Session

CSV = (
    "Ref,Task,Person,Deadline,RAG\n"
    "1a,Run the audit,Cathryn White,31/03/2026,A\n"
    "1b,Train staff,Keith Lander,Summer term 2026,G\n"
)


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


def status(app) -> str:
    return str(app.screen.query_one("#import-status", Static).render())


async def test_preview_correct_a_column_choose_an_officer_and_import(db, tmp_path):
    with edit(db, actor="setup") as e:
        e.create("officer", name="Catherine White", initials="CW")
    path = tmp_path / "audit.csv"
    path.write_text(CSV, encoding="utf-8")
    app = Harness(db, path)
    async with app.run_test(size=(140, 60)) as pilot:
        await settle(pilot)
        assert "Read as CSV (',' between cells): 'audit', 1 objectives, 2 actions" in status(app)
        columns = cells(app, "#import-columns")
        assert [row[2:4] for row in columns] == [
            ["Ref", "ref"],
            ["Task", "action"],
            ["Person", "lead"],
            ["Deadline", "timescale"],
            ["RAG", "rag"],
        ]
        assert cells(app, "#import-rows")[0][:6] == [
            "1",
            "1a",
            "A",
            "Run the audit",
            "Cathryn White",
            "31/03/2026 → due 31 Mar 2026",
        ]

        # Person -> note: Enter on its row opens the field list; pick "note"
        await pilot.press("down", "down", "enter")
        await pilot.pause()
        assert isinstance(app.screen, FieldDialog)
        await pilot.press("home", *["down"] * 9, "enter")  # ref, objective, ... theme, note
        await settle(pilot)
        assert cells(app, "#import-columns")[2][3:] == ["note", "your mapping"]
        assert cells(app, "#import-rows")[0][4] == ""

        # [ and ] step a column through the fields; back to lead
        await pilot.press("right_square_bracket")
        await settle(pilot)
        assert cells(app, "#import-columns")[2][3] == "plan"
        for _ in range(7):  # from plan back through note, theme, status, rag, progress, timescale to lead
            await pilot.press("left_square_bracket")
            await settle(pilot)
        assert cells(app, "#import-columns")[2][3] == "lead"
        assert cells(app, "#import-rows")[0][4] == "Cathryn White"

        # the likely match is a choice: the user says it is the same person
        assert cells(app, "#import-officers") == [["Cathryn White", "Catherine White", "keep separate"]]
        app.screen.query_one("#import-officers", DataTable).focus()
        await pilot.press("space")
        assert cells(app, "#import-officers")[0][2] == "same person"

        await pilot.press("i")
        await settle(pilot)
        assert status(app).startswith("imported 'audit': created 2 actions, 1 objectives, 1 officers, 1 plans")
        await pilot.press("escape")
        await pilot.pause()
    (report,) = app.result
    assert report.plan_title == "audit"
    with db.engine.connect() as conn:
        names = sorted(conn.execute(select(Officer.__table__.c.name)).scalars())
        refs = sorted(conn.execute(select(Action.__table__.c.ref)).scalars())
    assert names == ["Catherine White", "Keith Lander"]  # Cathryn White was not created
    assert refs == ["1a", "1b"]


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
