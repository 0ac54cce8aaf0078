"""The filter bar: the text search (its ``Input.Changed`` goes straight to the screen, one
message hop per keystroke), and a strip of chips, one per active filter.

The chips are one widget drawn as text, not a widget each: adding or removing a filter then
repaints one line instead of re-laying out the screen. Tab to the strip, ←/→ to choose a chip,
Enter, Delete or Backspace (or a click) removes it.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar, Self

from rich.text import Text
from textual import events, on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal
from textual.geometry import Region, Size
from textual.message import Message
from textual.reactive import Reactive, reactive
from textual.timer import Timer
from textual.widget import Widget
from textual.widgets import Input

from models.text import one_line

#: Seconds a search character's repaint waits for the list it selects, to be painted with it.
TYPED_SHOWN_WITHIN = 0.1


@dataclass(frozen=True)
class ChipSpec:
    """One active filter: ``key`` says which (e.g. "rag:red", "officer:<id>"), ``label`` shows it."""

    key: str
    label: str


class ChipStrip(Widget, can_focus=True):
    """The active filters as chips; the selected one is removable when the strip has focus."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter,delete,backspace", "remove", "Remove this filter", id="chips.remove"),
        Binding("left", "move(-1)", "Previous filter", show=False, id="chips.previous"),
        Binding("right", "move(1)", "Next filter", show=False, id="chips.next"),
    ]
    DEFAULT_CSS = """
    ChipStrip { height: 1; width: 1fr; }
    ChipStrip:focus { background: $boost; }
    """

    selected: reactive[int] = reactive(0)

    @dataclass
    class Removed(Message):
        key: str

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.chips: list[ChipSpec] = []
        self._spans: list[tuple[int, int]] = []

    def show(self, chips: list[ChipSpec]) -> None:
        if chips == self.chips:
            return
        self.chips = chips
        self.selected = min(self.selected, max(len(chips) - 1, 0))
        self.can_focus = bool(chips)
        self.refresh()

    def render(self) -> Text:
        text = Text(no_wrap=True, overflow="ellipsis")
        self._spans = []
        if not self.chips:
            text.append(" no filters · f filter · o officer · m mine", style="dim")
            return text
        labels = [f" {one_line(chip.label, 40)} ✕ " for chip in self.chips]
        first, last = chip_window([len(label) + 1 for label in labels], self.size.width, self.selected)
        self._spans = [(0, 0)] * len(self.chips)
        if first:  # chips scrolled off to the left, said as a count
            text.append(f" +{first}", style="bold")
        for n in range(first, last):
            start = text.cell_len + 1
            text.append(" ")
            chosen = self.has_focus and n == self.selected
            text.append(labels[n], style="bold reverse" if chosen else "reverse dim")
            self._spans[n] = (start, text.cell_len)
        if last < len(self.chips):  # and those beyond the row's width: "+2", never hidden unsaid
            text.append(f" +{len(self.chips) - last}", style="bold")
        return text

    def watch_selected(self) -> None:
        self.refresh()

    def on_focus(self) -> None:
        self.refresh()

    def on_blur(self) -> None:
        self.refresh()

    def action_move(self, delta: int) -> None:
        if self.chips:
            self.selected = (self.selected + delta) % len(self.chips)

    def action_remove(self) -> None:
        if self.chips:
            self.post_message(self.Removed(self.chips[self.selected].key))

    def on_click(self, event: events.Click) -> None:
        for n, (start, end) in enumerate(self._spans):
            if start <= event.x < end:
                self.selected = n
                self.post_message(self.Removed(self.chips[n].key))
                break


def chip_window(widths: list[int], room: int, selected: int) -> tuple[int, int]:
    """Which chips fit in ``room`` columns: (first, end) of the run shown, always including the
    selected one (a chip can never be removed unseen), with room kept for a "+N" either side."""
    if not widths:
        return 0, 0
    marker = 4  # " +NN"
    first = 0
    while True:
        left = marker if first else 0
        used, end = left, first
        while end < len(widths):
            right = marker if end + 1 < len(widths) else 0
            if used + widths[end] + right > room and end > first:
                break
            used += widths[end]
            end += 1
        if selected < end or first >= selected:
            return first, max(end, first + 1)
        first += 1


class SearchBox(Input):
    """The search box. Its box is a fixed 30 by 1 (``FilterBar``'s CSS); the text's width, its
    virtual size (for scrolling inside the box), grows with every character typed, and Textual's
    ``virtual_size`` asks for a layout of the whole screen when it changes. Here it only repaints
    the box: one more search character lays nothing out again (issue 15)."""

    virtual_size: Reactive[Size] = Reactive(Size(0, 0), layout=False)

    def __init__(self, *, placeholder: str, id: str) -> None:
        self._holding = False  # a character typed: the box waits for its list to repaint
        self._missed = False  # a repaint asked for meanwhile
        self._hold_timer: Timer | None = None
        super().__init__(placeholder=placeholder, id=id, compact=True)  # (it repaints already)

    @on(events.Key)
    def _hold_for_the_list(self, event: events.Key) -> None:
        """A character typed (this runs before ``Input`` handles the key): the box is repainted
        with the list its search selects (the screen calls ``release`` as that list is shown),
        or after TYPED_SHOWN_WITHIN at most. Painted on its own first, the list came a whole
        frame (17 to 33 ms) later, as Textual paints at most once a frame."""
        if event.is_printable:
            self._hold()

    def _hold(self) -> None:
        self._holding = True
        self.call_later(self._typed, self.value)

    # Backspace and the other keys that take text out are Input's bindings, run before any key
    # handler: held here, as a typed character is.
    def action_delete_left(self) -> None:
        self._hold()
        super().action_delete_left()

    def action_delete_left_word(self) -> None:
        self._hold()
        super().action_delete_left_word()

    def action_delete_left_all(self) -> None:
        self._hold()
        super().action_delete_left_all()

    def action_delete_right(self) -> None:
        self._hold()
        super().action_delete_right()

    def action_delete_right_word(self) -> None:
        self._hold()
        super().action_delete_right_word()

    def action_delete_right_all(self) -> None:
        self._hold()
        super().action_delete_right_all()

    def _typed(self, before: str) -> None:
        if self.value == before:  # the key changed nothing: no list to wait for
            self.release()
        elif self._hold_timer is None:
            self._hold_timer = self.set_timer(TYPED_SHOWN_WITHIN, self.release)

    def refresh(self, *regions: Region, repaint: bool = True, layout: bool = False, recompose: bool = False) -> Self:
        if self._holding and not (layout or recompose):
            self._missed = True
            return self
        return super().refresh(*regions, repaint=repaint, layout=layout, recompose=recompose)

    def release(self) -> None:
        """Repaint the box now (its list is in, or will not be read)."""
        if self._hold_timer is not None:
            self._hold_timer.stop()
            self._hold_timer = None
        self._holding = False
        if self._missed:
            self._missed = False
            self.refresh()


class FilterBar(Horizontal):
    """Search box plus the chips of the active filters."""

    DEFAULT_CSS = """
    FilterBar { height: 1; }
    FilterBar > #search { width: 30; height: 1; border: none; padding: 0 1; }
    """

    def compose(self) -> ComposeResult:
        yield SearchBox(placeholder="/ search text and progress", id="search")
        yield ChipStrip(id="chips")

    @property
    def search(self) -> SearchBox:
        return self.query_one("#search", SearchBox)

    @property
    def chips(self) -> ChipStrip:
        return self.query_one("#chips", ChipStrip)

    def set_search(self, text: str) -> None:
        """Set the box without echoing an ``Input.Changed`` back (e.g. after "clear all")."""
        if self.search.value != text:
            with self.search.prevent(Input.Changed):
                self.search.value = text

    def show_chips(self, chips: list[ChipSpec]) -> None:
        self.chips.show(chips)
