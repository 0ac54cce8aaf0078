"""The key footer shows what the keys can do now, and rebuilds only when that changes."""

from __future__ import annotations

from textual.app import App, ComposeResult
from textual.binding import Binding
from textual.widgets import Static

from tui.widgets.key_footer import KeyFooter


class KeysApp(App):
    BINDINGS = [  # noqa: RUF012
        Binding("x", "clear", "Clear filters"),
        Binding("t", "triage", "Triage"),
        Binding("h", "help", "Help"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.filtered = False
        self.extra = False

    def compose(self) -> ComposeResult:
        yield Static("body")
        yield KeyFooter()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "clear":
            return True if self.filtered else None  # greyed out with nothing to clear
        if action == "help":
            return self.extra  # hidden until then
        return True

    def action_clear(self) -> None:
        self.filtered = False


def footer_keys(app: App) -> list[tuple[str, bool]]:
    """This app's keys in the footer as (label, enabled)."""
    from textual.widgets._footer import FooterKey

    return [
        (key.description, not key.has_class("-disabled"))
        for key in app.query(FooterKey)
        if key.action in ("clear", "triage")
    ]


async def test_the_footer_follows_what_the_keys_can_do_and_rebuilds_only_then() -> None:
    app = KeysApp()
    async with app.run_test() as pilot:
        await pilot.pause()
        assert footer_keys(app) == [("Clear filters", False), ("Triage", True)]
        footer = app.query_one(KeyFooter)
        rebuilt = []
        original = footer.recompose

        async def recompose() -> None:
            rebuilt.append(True)
            await original()

        footer.recompose = recompose  # type: ignore[method-assign]
        for _ in range(5):  # the screen asks again and again; nothing the footer shows changed
            app.screen.refresh_bindings()
            await pilot.pause()
        assert rebuilt == []
        app.filtered = True
        app.screen.refresh_bindings()
        await pilot.pause()
        assert rebuilt == []  # a key enabled since: restyled in place, no rebuild (no layout pass)
        assert footer_keys(app) == [("Clear filters", True), ("Triage", True)]
        shown = app.export_screenshot()
        footer.call_later(original)  # what a rebuild would show: the same
        await pilot.pause()
        await pilot.pause()
        assert app.export_screenshot() == shown
        await pilot.press("x")
        app.screen.refresh_bindings()
        await pilot.pause()
        assert footer_keys(app) == [("Clear filters", False), ("Triage", True)]
        assert rebuilt == []
        app.extra = True  # a key that was not there: rebuilt
        app.screen.refresh_bindings()
        await pilot.pause()
        assert rebuilt == [True]
        assert ("Help", True) in [(k.description, not k.has_class("-disabled")) for k in app.query("FooterKey")]
