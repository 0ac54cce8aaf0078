"""The officer filter (o): a finder over the top of the list. Type any part of a name or the
initials ("JR", "rop"), ↑/↓ to choose, Enter picks, Escape closes; a click on a match picks it.

On the main screen rather than a dialog: a dialog dims the whole screen beneath it, and closing
one repaints all of that screen (``render_full_update``). This finder covers part of the list
only, and it closes as the picked officer's list is painted: what it covered is the list, which
that repaint draws anyway (issue 15: bench/README.md, the officer pick's profile).

It never takes the focus: the list keeps it and lends the finder its keys while it is open
(``ActionList.lend_keys``). A focus moving to the finder and back restyles both ends and their
parts; on the pick's path that was a sixth of the key's time on the UI thread, and the footer
stays as it is with nothing to decide. The focus leaving the list (a click elsewhere, Tab), or a
click on the list beneath, closes the finder.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from rich.text import Text
from textual import events, on
from textual.containers import Vertical
from textual.widget import Widget
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from tui.messages import PartMessage
from tui.screens.officer_picker import match_officers, officer_label

if TYPE_CHECKING:
    from storage.db import OfficerRow
    from tui.widgets.action_list import ActionList

_SHOWN = 200  # matches listed at once; typing narrows further
KEYS = "type to find · ↑/↓ choose · Enter picks · Esc closes"


class _Matches(OptionList, can_focus=False):
    """The matches: ↑/↓ typed into the finder move here, a click picks one."""


class TypedName(Widget):
    """What is typed into the finder, with its cursor (drawn reversed, not only coloured: it shows
    with NO_COLOR). The finder edits it as the keys come (``OfficerFinder.take_key``)."""

    DEFAULT_CSS = "TypedName { height: 1; }"
    PLACEHOLDER = "name or initials"

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.value = ""
        self.cursor = 0

    def set(self, value: str, cursor: int) -> None:
        self.value, self.cursor = value, min(max(cursor, 0), len(value))
        self.refresh()

    def render(self) -> Text:
        if not self.value:
            return Text.assemble((self.PLACEHOLDER[0], "reverse dim"), (self.PLACEHOLDER[1:], "dim"))
        shown = Text(self.value + " ")  # a cell for the cursor after the last character
        shown.stylize("reverse", self.cursor, self.cursor + 1)
        return shown


def _edited(key: str, value: str, cursor: int) -> tuple[str, int] | None:
    """The text and cursor after an editing key (as a text box has them), None for another key."""
    if key == "backspace":
        return (value[: cursor - 1] + value[cursor:], cursor - 1) if cursor else (value, cursor)
    if key == "delete":
        return value[:cursor] + value[cursor + 1 :], cursor
    if key == "ctrl+u":
        return value[cursor:], 0
    moves = {"left": cursor - 1, "right": cursor + 1, "home": 0, "ctrl+a": 0, "end": len(value), "ctrl+e": len(value)}
    return (value, moves[key]) if key in moves else None


def _prompt(officer: OfficerRow, highlighted: bool) -> Text:
    # ▶ as text, not only as the highlight's colour: the finder reads the same with NO_COLOR.
    return Text.assemble("▶ " if highlighted else "  ", officer_label(officer))


class OfficerFinder(Vertical):
    """Posts ``Picked`` with the officer chosen and ``Closed`` when it closes without waiting
    for a pick to be shown (Escape, or the list lost the focus or was clicked). After a pick it
    stays open until the screen calls ``close`` as the officer's list is painted."""

    @dataclass
    class Picked(PartMessage):
        officer_id: str

    @dataclass
    class Highlighted(PartMessage):
        """The officer Enter would pick now (the screen reads their actions ahead)."""

        officer_id: str

    @dataclass
    class Closed(PartMessage):
        """Closed by the user, not by the screen: Escape (``by_key``), or the list lost the
        focus or was clicked."""

        by_key: bool

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.officers: list[OfficerRow] = []
        self.matches: list[OfficerRow] = []
        self._marked: int | None = None  # the match drawn with ▶
        self._lender: ActionList | None = None  # the list whose keys it takes while open
        self.display = False
        self.border_title = "Filter by officer"
        self.border_subtitle = KEYS

    def open(self, officers: list[OfficerRow], keys_from: ActionList) -> None:
        """Show every officer (best first as typed) and take the keys ``keys_from`` (which has
        the focus) is lent while the finder is open."""
        self.officers = officers
        if not self.children:  # mounted when it first opens: hidden until then, they cost the start
            self.mount_all([TypedName(id="finder-who"), _Matches(id="finder-matches", compact=True)])
        self.query_one(TypedName).set("", 0)
        self._refill("")
        self.display = True
        self._lender = keys_from
        keys_from.lend_keys(self)

    def close(self) -> None:
        """Hide (the screen calls this as a pick's list is painted, or for the user: ``Closed``)."""
        self.display = False
        if self._lender is not None:
            self._lender.lend_keys(None)
            self._lender = None

    @property
    def typed(self) -> str:
        return self.query_one(TypedName).value if self.children else ""

    # --- the keys the list lends it (ActionList.lend_keys) ----------------------------------------
    def take_key(self, event: events.Key) -> bool:
        """A key pressed while open: True when taken. Tab is not, so that the focus moves on (and
        the finder closes); any other key is, so that none acts on the list beneath."""
        key = event.key
        if key in ("tab", "shift+tab"):
            return False
        if key == "escape":
            self.action_cancel()
        elif key == "enter":
            self._submit()
        elif key in ("down", "up"):
            self.action_move(1 if key == "down" else -1)
        elif event.is_printable and event.character:
            self._type(event.character)
        else:
            name = self.query_one(TypedName)
            edited = _edited(key, name.value, name.cursor)
            if edited is not None:
                self._edit(*edited)
        return True

    def take_paste(self, text: str) -> None:
        if text:
            self._type(text.splitlines()[0])

    def lost_keys(self) -> None:
        """The list lost the focus, or was clicked: the finder would only hide it from then on."""
        self.action_cancel(by_key=False)

    def _type(self, text: str) -> None:
        name = self.query_one(TypedName)
        self._edit(name.value[: name.cursor] + text + name.value[name.cursor :], name.cursor + len(text))

    def _edit(self, value: str, cursor: int) -> None:
        name = self.query_one(TypedName)
        changed = value != name.value
        name.set(value, cursor)
        if changed:
            self._refill(value)

    # --- the matches -------------------------------------------------------------------------
    def _refill(self, text: str) -> None:
        self.matches = match_officers(self.officers, text)[:_SHOWN]
        options = self.query_one("#finder-matches", OptionList)
        options.clear_options()
        options.add_options(Option(_prompt(o, n == 0), id=o.id) for n, o in enumerate(self.matches))
        self._marked = 0 if self.matches else None
        if self.matches:
            options.highlighted = 0
            self.post_message(self.Highlighted(self, self.matches[0].id))
        else:
            options.add_option(Option(Text("No officer matches: type less", style="dim"), disabled=True))

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
        self.post_message(self.Highlighted(self, self.matches[self._marked].id))

    def _submit(self) -> None:
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
