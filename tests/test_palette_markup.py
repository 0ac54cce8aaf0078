"""Issue 11 defect 14: a plan title is the officer's text, never markup. In the command palette
``Action Plan: X [/bold] y`` crashed the app as soon as the officer typed, and
``[@click=app.quit]`` rendered as a live link. Both must show as the literal text they are."""

from __future__ import annotations

from datetime import date

from textual.content import Content

from storage.writes import edit
from tests.tui_support import settle
from tui.app import RagtrackApp

CLOSING = "Action Plan: X [/bold] y"
LINK = "Action Plan: [@click=app.quit]Leave[/] z"


def _plans(db) -> None:
    with edit(db, actor="Setup") as e:
        for title in (CLOSING, LINK):
            plan = e.create("plan", title=title)
            objective = e.create("objective", plan_id=plan, ref="1", text="Commitment")
            e.create_action(plan, objective, "1a", "Do it", rag="red", position=0, reason="initial")


async def test_markup_in_a_plan_title_is_shown_literally_in_the_palette(db):
    _plans(db)
    app = RagtrackApp(database=db, today=date(2026, 11, 22), blink=False)
    async with app.run_test(size=(160, 45)) as pilot:
        await settle(pilot)
        # the actions found carry their plan's title as the hit's help line
        await pilot.press("ctrl+p", *"Do it", "wait:300")
        await settle(pilot)
        assert app.is_running, "typing in the palette crashed the app"
        palette = app.screen.query_one("CommandList")
        shown = []
        for index in range(palette.option_count):
            prompt = palette.get_option_at_index(index).prompt
            assert isinstance(prompt, Content)
            shown += prompt.plain.split("\n")
            # nothing in a hit carries an action: the title is plain text, not a live link
            assert not any("click" in str(span.style) for span in prompt.spans), prompt.spans
        assert CLOSING in shown and LINK in shown, shown
        await pilot.press("down", "enter")  # choosing the hit jumps; it does not quit
        await settle(pilot)
        assert app.is_running
