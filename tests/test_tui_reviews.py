"""Reviews and import in the TUI, with real keys, checked in the database after: a review started
from the palette, Δ on the action edited since, the "changed since the last review" filter, the
detail pane's review section, the RAG trend and chase screens; importing a file from the palette.

Uses conftest's ``small_plan``: Care2Work, 1a red and overdue (Jackie Roper), 1b green (Keith
Lander, Jackie Roper), 1c not rated.
"""

from __future__ import annotations

from datetime import date

from db_support import Database
from store_view import view

from storage.reviews import latest_review
from tests.tui_support import settle
from tui.app import RagtrackApp
from tui.screens.import_preview import ImportPreviewScreen
from tui.screens.main import MainScreen
from tui.screens.review_screens import ChaseScreen, RagTrendScreen

TODAY = date(2026, 11, 22)
SIZE = (120, 36)


async def palette(pilot, words: str) -> None:
    await pilot.press("ctrl+p", *words, "wait:300")
    await settle(pilot)
    await pilot.press("enter")
    await settle(pilot)


def listed(app) -> list[str]:
    return list(app.screen.query_one("#actions").ids)


async def test_review_from_the_palette_then_an_edit_is_marked_and_filtered(db, small_plan):
    app = RagtrackApp(database=db, today=TODAY, blink=False)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        active = {b.binding.action: b.enabled for b in app.screen.active_bindings.values()}
        assert active["changed_only"] is False  # no review yet: greyed out
        await palette(pilot, "review start")
        assert app.screen.query_one("#answer").value == "22/11/2026"  # today by default
        await pilot.press("enter")
        await settle(pilot)
        review = latest_review(view(db), small_plan.plan)
        assert review is not None and review.as_at == TODAY and review.actions == 3
        main = app.screen
        assert isinstance(main, MainScreen) and main.action_list.marked == frozenset()
        await pilot.press("down", "r", *"Partner pulled out", "enter")  # 1b: green -> red
        await settle(pilot)
        assert main.action_list.marked == {small_plan.green_action}
        notes = str(main.query_one("#review-notes").render())
        assert "Since the last review (22/11/2026)" in notes and "RAG Green → Red: Partner pulled out" in notes
        assert "RAG at each review" in notes
        await pilot.press("f", "end", "space")  # the filter panel's last choice
        await settle(pilot)
        assert listed(app) == [small_plan.green_action]
        assert "changed" in [c.key for c in main.query_one("#chips").chips]
        await pilot.press("escape", "D")  # D toggles it too
        await settle(pilot)
        assert len(listed(app)) == 3
        await pilot.press("D")
        await settle(pilot)
        assert listed(app) == [small_plan.green_action]


async def test_chase_list_and_rag_trend(db, small_plan):
    app = RagtrackApp(database=db, today=TODAY, blink=False)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("H")
        await settle(pilot)
        chase = app.screen
        assert isinstance(chase, ChaseScreen)
        names = [
            str(chase.query_one("#chase-officers").get_option_at_index(n).prompt)
            for n in range(chase.query_one("#chase-officers").option_count)
        ]
        assert any("Jackie Roper" in name for name in names)
        assert "To: Jackie Roper" in str(chase.query_one("#chase-text").render())
        await pilot.press("c")
        assert app.clipboard.startswith("To: Jackie Roper") and "1a Promote the C2W group" in app.clipboard
        await pilot.press("escape")
        await palette(pilot, "review rag trend")
        trend = app.screen
        assert isinstance(trend, RagTrendScreen)
        body = str(trend.query_one("#trend-body").render())
        assert "Care2Work" in body and "Now" in body and "R" * 3 in body  # a bar of letters
        await pilot.press("escape")
        assert isinstance(app.screen, MainScreen)


CSV = (
    "Ref,Action,Lead,Timescale,RAG\n"
    "1a,Run the audit,Cathryn White,31/03/2027,A\n"
    "1b,Train staff,Keith Lander,Summer term 2027,G\n"
)


async def test_import_a_plan_file_from_the_palette(tmp_path, monkeypatch):
    monkeypatch.setenv("HOME", str(tmp_path))
    (tmp_path / "audit.csv").write_text(CSV, encoding="utf-8")
    path = tmp_path / "plans.db"
    app = RagtrackApp(db_path=path, today=TODAY, blink=False)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await palette(pilot, "import a plan")
        await pilot.press(*"~/nope.csv", "enter")  # a missing file: said at once, asked again
        await settle(pilot)
        assert any("No file at" in n.message for n in app._notifications)
        assert app.screen.query_one("#answer")
        await pilot.press("ctrl+u", *"~/audit.csv", "enter")
        await settle(pilot)
        assert isinstance(app.screen, ImportPreviewScreen)
        await pilot.press("i")
        await settle(pilot)
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, MainScreen)
        assert [p.title for p in app.screen.outline] == ["audit"]
        assert len(listed(app)) == 2
        assert [o.name for o in app.officers] == ["Cathryn White", "Keith Lander"]  # reloaded
        await pilot.press("u")  # the import is one undo step, through the session's write path
        await settle(pilot)
        assert any(n.message == "Undone: Imported audit" for n in app._notifications)
        assert app.screen.outline == [] and listed(app) == []
        await pilot.press("U")  # and back
        await settle(pilot)
        assert [p.title for p in app.screen.outline] == ["audit"] and len(listed(app)) == 2
    db = Database.open(path)
    try:
        assert [p.title for p in view(db).plans.list()] == ["audit"]
    finally:
        db.close()
