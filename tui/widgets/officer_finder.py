"""The officer filter (o): a finder over the top of the list. Type any part of a name or the
initials ("JR", "rop"), ↑/↓ to choose, Enter picks, Escape closes; a click on a match picks it.

On the main screen rather than a dialog: a dialog dims the whole screen beneath it, and closing
one repaints all of that screen (``render_full_update``). This finder covers part of the list
only, and it closes as the picked officer's list is painted: what it covered is the list, which
that repaint draws anyway (issue 15: bench/README.md, the officer pick's profile).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, ClassVar

from rich.text import Text
from textual import events, on
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.widgets import Input, OptionList
from textual.widgets.option_list import Option

from tui.messages import PartMessage
from tui.screens.officer_picker import match_officers, officer_label

if TYPE_CHECKING:
    from storage.db import OfficerRow

_SHOWN = 200  # matches listed at once; typing narrows further
KEYS = "type to find · ↑/↓ choose · Enter picks · Esc closes"


class _Matches(OptionList, can_focus=False):
    """The matches: the search box keeps the focus (↑/↓ move here), a click picks one."""


def _prompt(officer: OfficerRow, highlighted: bool) -> Text:
    # ▶ as text, not only as the highlight's colour: the finder reads the same with NO_COLOR.
    return Text.assemble("▶ " if highlighted else "  ", officer_label(officer))


class OfficerFinder(Vertical):
    """Posts ``Picked`` with the officer chosen and ``Closed`` when it closes without waiting
    for a pick to be shown (Escape, or the focus went elsewhere). After a pick it stays open
    until the screen calls ``close`` as the officer's list is painted."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("down", "move(1)", "Next match", show=False, id="finder.down"),
        Binding("up", "move(-1)", "Previous match", show=False, id="finder.up"),
        Binding("escape", "cancel", "Close", id="finder.close"),
    ]

    @dataclass
    class Picked(PartMessage):
        officer_id: str

    @dataclass
    class Closed(PartMessage):
        """Closed by the user, not by the screen: Escape (``by_key``), or the focus left it."""

        by_key: bool

    def __init__(self, *, id: str | None = None) -> None:
        # Its keys are on its border: the footer stays as it is (KeyFooter) and the focus goes
        # back to the list without a rebuild of the footer and a layout pass of the screen.
        super().__init__(id=id, classes="-keeps-footer")
        self.officers: list[OfficerRow] = []
        self.matches: list[OfficerRow] = []
        self._marked: int | None = None  # the match drawn with ▶
        self.display = False
        self.border_title = "Filter by officer"
        self.border_subtitle = KEYS

    def open(self, officers: list[OfficerRow]) -> None:
        """Show every officer (best first as typed) and take the focus."""
        self.officers = officers
        if not self.children:  # mounted when it first opens: hidden until then, they cost the start
            self.mount_all(
                [
                    Input(placeholder="name or initials", id="finder-who", compact=True),
                    _Matches(id="finder-matches", compact=True),
                ]
            )
        who = self.query_one("#finder-who", Input)
        with who.prevent(Input.Changed):
            who.value = ""
        self._refill("")
        self.display = True
        who.focus()

    def close(self) -> None:
        """Hide (the screen calls this as a pick's list is painted, or for the user: ``Closed``)."""
        self.display = False

    def _refill(self, text: str) -> None:
        self.matches = match_officers(self.officers, text)[:_SHOWN]
        options = self.query_one("#finder-matches", OptionList)
        options.clear_options()
        options.add_options(Option(_prompt(o, n == 0), id=o.id) for n, o in enumerate(self.matches))
        self._marked = 0 if self.matches else None
        if self.matches:
            options.highlighted = 0
        else:
            options.add_option(Option(Text("No officer matches: type less", style="dim"), disabled=True))

    @on(Input.Changed, "#finder-who")
    def _typed(self, event: Input.Changed) -> None:
        event.stop()
        self._refill(event.value)

    def action_move(self, delta: int) -> None:
        options = self.query_one("#finder-matches", OptionList)
        if self.matches:
            current = options.highlighted or 0
            options.highlighted = min(max(current + delta, 0), len(self.matches) - 1)

    @on(OptionList.OptionHighlighted, "#finder-matches")
    def _highlighted(self, event: OptionList.OptionHighlighted) -> None:
        event.stop()
        if event.option_index == self._marked or event.option_index >= len(self.matches):
            return
        options = self.query_one("#finder-matches", OptionList)
        if self._marked is not None:
            options.replace_option_prompt_at_index(self._marked, _prompt(self.matches[self._marked], False))
        self._marked = event.option_index
        options.replace_option_prompt_at_index(self._marked, _prompt(self.matches[self._marked], True))

    @on(Input.Submitted, "#finder-who")
    def _submitted(self, event: Input.Submitted) -> None:
        event.stop()
        highlighted = self.query_one("#finder-matches", OptionList).highlighted
        if highlighted is None or not self.matches:
            self.app.bell()
            return
        self.post_message(self.Picked(self, self.matches[highlighted].id))

    @on(OptionList.OptionSelected, "#finder-matches")
    def _clicked(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        if event.option.id:
            self.post_message(self.Picked(self, event.option.id))

    def action_cancel(self, by_key: bool = True) -> None:
        if self.display:
            self.close()
            self.post_message(self.Closed(self, by_key))

    def on_descendant_blur(self, event: events.DescendantBlur) -> None:
        # Clicked or tabbed away: the finder would only hide the list from then on.
        self.call_after_refresh(self._left)

    def _left(self) -> None:
        if self.display and not self.has_focus_within:
            self.action_cancel(by_key=False)
