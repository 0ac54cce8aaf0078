"""The screens' partial updates (tui/compositor.py) paint the terminal exactly as Textual's own
would: after every keystroke of a session (filters, search, the outline, a dialog, triage), the
cells each update writes (character and style) are compared with those that
``Compositor.render_partial_update`` writes for the same refreshed regions. (Textual's also
moves the cursor to the end of a span now and then, writing nothing there.)"""

from __future__ import annotations

from datetime import date

from rich.cells import cell_len
from rich.segment import ControlType
from textual._compositor import ChopsUpdate, Compositor

from tests.tui_support import settle
from tui.app import RagtrackApp
from tui.compositor import PartialCompositor
from tui.screens.main import MainScreen

TODAY = date(2026, 11, 22)


def painted(update: ChopsUpdate | None, console) -> dict[tuple[int, int], tuple]:
    """The cells an update writes: (x, y) -> (character, style)."""
    cells: dict[tuple[int, int], tuple] = {}
    if update is None:
        return cells
    x = y = 0
    for segment in update.__rich_console__(console, console.options):
        if segment.control:
            for control in segment.control:
                if control[0] == ControlType.CURSOR_MOVE_TO:
                    x, y = control[1], control[2]
            continue
        if segment.text == "\n":
            continue
        for character in segment.text:
            cells[(x, y)] = (character, segment.style)
            x += cell_len(character)
    return cells


async def test_partial_updates_write_the_same_bytes_as_textuals(db, small_plan, monkeypatch):
    compared: list[bool] = []
    nonempty: list[int] = []  # cells written by each update that wrote any
    ours = PartialCompositor.render_partial_update

    def both(self):
        regions = set(self._dirty_regions)
        update = ours(self)
        self._dirty_regions.update(regions)
        textuals = Compositor.render_partial_update(self)
        written, expected = painted(update, app.console), painted(textuals, app.console)
        compared.append(written == expected)
        if written:
            nonempty.append(len(written))
        return update

    monkeypatch.setattr(PartialCompositor, "render_partial_update", both)
    app = RagtrackApp(database=db, today=TODAY, blink=False)
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, MainScreen) and isinstance(app.screen._compositor, PartialCompositor)
        for keys in (
            ["down"],
            ["f"],
            ["space"],  # red only
            ["down", "space"],  # and amber
            ["space"],
            ["escape"],
            ["slash", "p", "r"],
            ["backspace", "backspace"],
            ["escape"],
            ["o", "J", "enter"],  # the officer picker, a dialog over the screen
            ["x"],
            ["O"],  # the outline
            ["t"],  # triage
            ["s"],
            ["k"],
            ["escape"],
        ):
            await pilot.press(*keys)
            await settle(pilot)
        assert all(compared) and len(nonempty) > 10
