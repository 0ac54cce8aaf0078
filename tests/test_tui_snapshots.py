"""Snapshots of the main screen, triage and help (pytest-textual-snapshot).

Fixed terminal sizes, cursor blink off, "today" injected, and every date the screens show fixed
in the data (the change log's wall-clock times are set to one known instant), so a snapshot
only changes when the screen does. Update with ``--snapshot-update`` and review the SVGs.
"""

from __future__ import annotations

from datetime import date

import pytest
from db_support import Database
from sqlalchemy import text

from storage.writes import edit
from tests.tui_support import settle
from tui.app import RagtrackApp

TODAY = date(2026, 11, 22)


@pytest.fixture
def plan_db():
    """Two objectives, officers with initials, every RAG, user text with markup and escapes."""
    db = Database.memory()
    with edit(db, actor="Plan owner", source="import") as e:
        plan = e.create(
            "plan", title="Care2Work [bold]Plan[/]", organisation="Leeds City Council", as_at=date(2026, 9, 1)
        )
        theme = e.create("theme", plan_id=plan, name="COMMITMENT", position=0)
        one = e.create("objective", plan_id=plan, theme_id=theme, ref="1", text="Promote the group", position=0)
        two = e.create("objective", plan_id=plan, ref="2", text="Skills for the workforce", position=1)
        jackie = e.create("officer", name="Jackie Roper", initials="JR", job_title="Education Adviser")
        keith = e.create("officer", name="Keith Lander", initials="KL", job_title="Head of HR")
        rows = [
            (one, "1a", "Promote the C2W group with schools", "04/14", "red", [jackie]),
            (one, "1b", "Link with the task group [bold]now[/] \x1b]0;x\x07", "31/03/2027", "amber", [keith, jackie]),
            (one, "1c", "Brief the Board on progress", "Ongoing", "green", [jackie]),
            (two, "2a", "Training needs analysis of PAs", "31/07/2026", "red", [keith]),
            (two, "2b", "Publish the offer of apprenticeships", "Summer term 2027", None, []),
            (two, "2c", "Taster days held", "31/12/2025", "blue", [keith]),
        ]
        ids = {}
        for position, (objective, ref, words, timescale, rag, leads) in enumerate(rows):
            ids[ref] = e.create_action(
                plan,
                objective,
                ref,
                words,
                timescale=timescale,
                rag=rag,
                leads=leads,
                position=position,
                reason="imported from the plan",
            )
        e.add_progress(ids["1a"], "achieved", "Sits on the steering group [/]", entry_date=date(2026, 8, 1))
        e.add_progress(ids["1a"], "next", "Book the launch venue", entry_date=date(2026, 10, 12))
        e.set_status(ids["2c"], "complete")
    with db.engine.begin() as conn:  # wall-clock times of the change log, fixed for the snapshots
        conn.execute(text("UPDATE change SET at = '2026-11-01T09:00:00.000Z'"))
        conn.execute(text("UPDATE action SET updated_at = '2026-11-01T09:00:00.000Z'"))
    yield db
    db.close()


def keys(*presses: str):
    async def run_before(pilot) -> None:
        await settle(pilot)
        for key in presses:
            await pilot.press(key)
            await settle(pilot)

    return run_before


def test_main_screen(snap_compare, plan_db):
    app = RagtrackApp(database=plan_db, today=TODAY, blink=False)
    assert snap_compare(app, terminal_size=(140, 34), run_before=keys("down"))


def test_main_screen_at_80x24_with_a_filter(snap_compare, plan_db):
    app = RagtrackApp(database=plan_db, today=TODAY, blink=False)
    assert snap_compare(app, terminal_size=(80, 24), run_before=keys("o", "J", "R", "enter", "down"))


def test_triage(snap_compare, plan_db):
    app = RagtrackApp(database=plan_db, today=TODAY, blink=False)
    assert snap_compare(app, terminal_size=(100, 30), run_before=keys("t"))


def test_help(snap_compare, plan_db):
    app = RagtrackApp(database=plan_db, today=TODAY, blink=False)
    assert snap_compare(app, terminal_size=(100, 44), run_before=keys("question_mark"))


def test_list_grouped_by_rag_with_marks_at_80x24(snap_compare, plan_db):
    """Group header lines, the ✓ of marked actions and the marked count, at 80x24."""
    from storage.db import ListOrder

    app = RagtrackApp(database=plan_db, today=TODAY, blink=False)
    app.session.list_order = ListOrder("due", "rag")
    assert snap_compare(app, terminal_size=(80, 24), run_before=keys("space", "down", "space"))
