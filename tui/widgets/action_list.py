"""The actions in scope as a virtual list: only the visible window is ever rendered or fetched.

A Line-API ``ScrollView`` (as Textualize/toolong does for huge logs): the list holds the ordered
ids of the whole scope (cheap: one SQL query), and rows only for the lines on screen. When a line
scrolls into view whose row is not cached, it draws a placeholder and asks its screen, with one
``WindowNeeded`` message, to fetch that window in a worker. Filtering 100,000 actions therefore
costs one id query and one window of rows, never a table rebuild.

Repaints are by line: the list remembers what each line on screen shows (``_painted``) and, when
the scope, the rows, the cursor or the marks change, asks Textual to repaint only the lines that
now show something else (a cursor move repaints two lines; the whole scope arriving after its
first screen, usually none).

A grouped list (``ListOrder.group``) has a header line before each group's actions: screen lines
map to actions through the groups' starts (a binary search, no per-line table). The cursor only
ever rests on actions.

Marks for a bulk edit (space toggles, * marks all in view, - clears) are the list's own state:
a marked line shows "✓" before its title (a symbol, not only a colour).
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from math import ceil
from typing import ClassVar, Protocol

from rich.cells import cell_len, set_cell_size
from rich.segment import Segment
from rich.style import Style
from rich.text import Text
from textual import events
from textual.binding import Binding, BindingType
from textual.geometry import Region, Size
from textual.message import Message
from textual.reactive import var
from textual.scroll_view import ScrollView
from textual.scrollbar import ScrollBar, ScrollBarRender
from textual.strip import Strip

from models.text import one_line
from models.timescale import format_due
from storage.db import ActionRow, Group
from tui.rag_style import rag_text

_CACHE_LIMIT = 3000  # rows kept around the window; a screenful is ~40


@dataclass(frozen=True)
class _Columns:
    """Cell widths for the current width (0 = column hidden)."""

    ref: int
    title: int
    leads: int
    due: int
    updated: int


def _columns(width: int) -> _Columns:
    rag = 6
    if width >= 120:
        ref, leads, due, updated = 8, 22, 14, 12
    elif width >= 60:
        ref, leads, due, updated = 7, 16, 14, 0
    else:
        ref, leads, due, updated = 6, 0, 13, 0
    title = max(width - rag - ref - leads - due - updated, 8)
    return _Columns(ref, title, leads, due, updated)


def _cell(text: str | Text, width: int, style: str = "") -> Text:
    cell = text if isinstance(text, Text) else Text(text, style=style)
    cell.truncate(width - 1, overflow="ellipsis", pad=True)
    cell.append(" ")
    return cell


def _fit(text: str, width: int) -> str:
    """``text`` in exactly ``width`` cells: cut with "…", or padded (``_cell``'s fitting, with no
    Text of its own: a list line has five cells, and a filter draws forty lines at once)."""
    length = cell_len(text)
    if length > width:
        return set_cell_size(text, width - 1) + "…"
    return text + " " * (width - length)


def _due_label(row: ActionRow) -> str:
    """The due column: the parsed due date, else the timescale as written. Overdue carries a
    "!" so it reads without colour."""
    if row.due is not None:
        return ("!" if row.overdue else "") + format_due(row.due)
    if row.ongoing:
        return "ongoing"
    return one_line(row.timescale) or "—"


def _bar_shape(bar: ScrollBar) -> list[Segment]:
    """What a vertical scrollbar shows (its cells, by Textual's own drawing), colours aside."""
    window = bar.window_size if bar.window_size < bar.window_virtual_size else 0
    drawn = ScrollBarRender.render_bar(
        size=bar.size.height,
        virtual_size=ceil(bar.window_virtual_size),
        window_size=ceil(window),
        position=bar.position,
        thickness=bar.thickness,
    )
    return list(drawn.segments)


def row_text(
    row: ActionRow, columns: _Columns, cursor: bool = False, marked: bool = False, picked: bool = False
) -> Text:
    """One list line for ``row``. User text goes in as plain Text, never markup. The cursor
    line starts with "▶", so it shows without colour too; "Δ" after the RAG marks an action
    changed since its plan's last review (``marked``); "✓" before the title, an action marked
    for a bulk edit (``picked``)."""
    line = Text(no_wrap=True, overflow="ellipsis")
    line.append("▶" if cursor else " ", style="bold")
    line.append_text(rag_text(row.rag))
    line.append("Δ" if marked else " ", style="bold")
    done = row.status != "open"
    line.append(_fit(one_line(row.ref), columns.ref - 1) + " ", "bold")
    title = one_line(row.title)
    if done:
        title = f"[{row.status}] {title}"
    if picked:
        title = "✓ " + title
    line.append(_fit(title, columns.title - 1) + " ", "dim" if done else None)
    if columns.leads:
        leads = one_line(row.leads[0]) if row.leads else "—"
        if len(row.leads) > 1:
            leads += f" +{len(row.leads) - 1}"
        line.append(_fit(leads, columns.leads - 1) + " ")
    line.append(_fit(_due_label(row), columns.due - 1) + " ", "bold" if row.overdue else None)
    if columns.updated:
        updated = format_due(row.last_update) if row.last_update else "never"
        line.append(_fit(updated, columns.updated - 1) + " ", "dim")
    return line


def header_text(columns: _Columns, picked: int = 0) -> Text:
    line = Text(no_wrap=True)
    line.append(" RAG  ")
    line.append_text(_cell("Ref", columns.ref))
    line.append_text(_cell(f"Action  (✓ {picked} marked)" if picked else "Action", columns.title))
    if columns.leads:
        line.append_text(_cell("Lead", columns.leads))
    line.append_text(_cell("Due", columns.due))
    if columns.updated:
        line.append_text(_cell("Updated", columns.updated))
    return line


def group_text(group: Group) -> Text:
    """A group's header line: a rule, its name (user text, never markup) and its count."""
    line = Text(no_wrap=True, overflow="ellipsis")
    line.append("── ", style="bold")
    line.append(one_line(group.label), style="bold")
    line.append(f" ({group.size}) ", style="bold")
    line.append("─" * 200, style="dim")
    return line


class KeyBorrower(Protocol):
    """What the list lends its keys to while it shows over the list (the officer finder)."""

    def take_key(self, event: events.Key) -> bool:
        """True when the key is taken: it goes no further."""
        ...

    def take_paste(self, text: str) -> None: ...

    def lost_keys(self) -> None:
        """The list lost the focus, or was clicked: the loan is over."""
        ...


class ActionList(ScrollView, can_focus=True):
    """The ordered actions of the current scope; the highlighted one drives the detail pane."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("down,j", "cursor(1)", "Down", show=False, id="list.down"),
        Binding("up,k", "cursor(-1)", "Up", show=False, id="list.up"),
        Binding("pagedown", "page(1)", "Page down", show=False, id="list.page_down"),
        Binding("pageup", "page(-1)", "Page up", show=False, id="list.page_up"),
        Binding("home", "jump(0)", "First action", show=False, id="list.first"),
        Binding("end", "jump(-1)", "Last action", show=False, id="list.last"),
        Binding("enter", "select", "Read in full", show=False, id="list.select"),
        Binding("space", "toggle_mark", "Mark", show=False, id="list.mark", tooltip="Mark for a bulk edit (b)"),
        Binding("asterisk", "mark_all", "Mark all in view", show=False, id="list.mark_all", key_display="*"),
        Binding("minus", "clear_marks", "Clear marks", show=False, id="list.clear_marks", key_display="-"),
    ]
    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "action-list--header",
        "action-list--cursor",
        "action-list--cursor-blurred",
        "action-list--placeholder",
        "action-list--group",
    }
    DEFAULT_CSS = """
    ActionList { overflow-x: hidden; overflow-y: auto; }
    ActionList > .action-list--header { text-style: bold; background: $panel; }
    ActionList > .action-list--cursor { background: $block-cursor-background; color: $block-cursor-foreground; }
    ActionList > .action-list--cursor-blurred { background: $block-cursor-blurred-background; }
    ActionList > .action-list--placeholder { color: $text-muted; }
    ActionList > .action-list--group { text-style: bold; background: $boost; }
    """

    cursor: var[int] = var(0, init=False)
    """Index (into ``ids``) of the highlighted action (a ``var``: its watcher repaints the two
    lines that change, where a ``reactive`` would repaint the whole list)."""

    @dataclass
    class Highlighted(Message):
        """The highlighted action changed (a burst of these collapses into the last)."""

        action_list: ActionList
        action_id: str | None

        def can_replace(self, message: Message) -> bool:
            return isinstance(message, ActionList.Highlighted)

    @dataclass
    class Selected(Message):
        """Enter on an action: read it in full."""

        action_list: ActionList
        action_id: str

    @dataclass
    class MarksChanged(Message):
        """The actions marked for a bulk edit changed."""

        action_list: ActionList
        count: int

    @dataclass
    class WindowNeeded(Message):
        """Rows are missing for lines on screen: fetch these ids (for ``generation``)."""

        action_list: ActionList
        generation: int
        ids: list[str]

        def can_replace(self, message: Message) -> bool:
            return isinstance(message, ActionList.WindowNeeded)

    def __init__(self, *, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(id=id, classes=classes)
        self.ids: Sequence[str] = []  # the whole scope: packed (storage.packed_ids) when large
        self.rows: dict[str, ActionRow] = {}
        self.generation = -1  # nothing loaded yet
        self._asked: int | None = None  # the generation a window was last asked for
        self._asked_window: tuple[int, int] = (0, 0)
        self._lines: dict[tuple, Strip] = {}  # rendered lines, oldest first
        self.empty_message = "  No actions match. Press x to clear the filters."
        self.marked: frozenset[str] = frozenset()  # ids shown with "Δ" (changed since the last review)
        self._painted: dict[int, tuple] = {}  # screen line -> what it showed when last rendered
        self._painted_at: tuple[int, int] = (-1, -1)  # (width, scroll offset) of those lines
        self.groups: list[Group] = []  # group headers, in order (a grouped list)
        self._group_lines: list[int] = []  # the display line of each group's header
        self._group_starts: list[int] = []
        self.picked: set[str] = set()  # ids marked for a bulk edit ("✓")
        self._line_styles: dict[str, Style] = {}  # component -> style, for the repaint under way
        self._pass_at: tuple[int, int] | None = None  # (width, scroll offset) of the repaint under way
        self._when_drawn: list[Callable[[], object]] = []  # see ``call_when_drawn``
        self._keys_to: KeyBorrower | None = None  # see ``lend_keys``

    # --- data in ---------------------------------------------------------------------------
    def call_when_drawn(self, callback: Callable[[], object]) -> None:
        """Call ``callback`` once a scope (its rows, or that it has none) has been drawn: just
        after the compositor pass that drew it. Not ``call_after_refresh``: at start that runs
        only once the screen's start-up messages are through (the footer's keys built, the
        first resizes handled: passes after the one that showed the actions), and after a
        change it may run before the list's own repaint. At once (next) if the scope shown
        changed no line on screen: nothing is left to draw."""
        self._when_drawn.append(callback)

    def set_scope(
        self,
        generation: int,
        ids: Sequence[str],
        rows: dict[str, ActionRow],
        cursor: int | None,
        groups: list[Group] | None = None,
    ) -> None:
        """Show a scope (after a filter or an edit): ids of all, rows of the window, and the
        group headers of a grouped list. The same generation again (the whole scope after its
        first screen) keeps rows and, with ``cursor`` None, the cursor."""
        before = self.highlighted_id
        self.groups = list(groups or [])
        self._group_starts = [g.start for g in self.groups]
        self._group_lines = [g.start + n for n, g in enumerate(self.groups)]
        if generation == self.generation:
            self.rows.update(rows)
        else:
            self.rows = dict(rows)
        self.generation = generation
        self.ids = ids
        self._asked = None
        self._set_row_count(self.line_count)
        cursor = self.cursor if cursor is None else cursor
        self.set_reactive(ActionList.cursor, min(max(cursor, 0), max(len(ids) - 1, 0)))
        self._scroll_cursor_into_view()
        self._refresh_changed()
        if self.highlighted_id != before or not ids:
            self.post_message(self.Highlighted(self, self.highlighted_id))

    def _set_row_count(self, count: int) -> None:
        """Size the scrollable area for ``count`` rows (plus the header).

        Setting ``virtual_size`` makes Textual lay the whole screen out again, which was most of
        a filter keystroke's cost; the list's own box only changes when the scrollbar appears or
        goes, so otherwise only the scrollbar is updated."""
        size = Size(self.size.width, count + 1)
        height = self.container_size.height
        if size.width != self.virtual_size.width or (size.height > height) != (self.virtual_size.height > height):
            self.virtual_size = size
            return
        bar = self.vertical_scrollbar if self.show_vertical_scrollbar else None
        shown = _bar_shape(bar) if bar is not None else None
        self.set_reactive(ActionList.virtual_size, size)
        if bar is not None and self.scroll_y <= self.max_scroll_y:
            # The bar's thumb often looks the same for another count (one cell at the top for
            # any scope of thousands): then only its figures change, and it is not repainted,
            # which costs as much as a dozen list lines.
            bar.set_reactive(ScrollBar.window_virtual_size, size.height)
            if _bar_shape(bar) == shown:
                return
        self._scroll_update(size)

    # --- lines and groups ------------------------------------------------------------------
    @property
    def line_count(self) -> int:
        """Lines below the column header: the actions and the group headers."""
        return len(self.ids) + len(self.groups)

    def line_of(self, index: int) -> int:
        """The display line (0 = first below the column header) of action ``index``."""
        return index + bisect_right(self._group_starts, index) if self.groups else index

    def entry_at(self, line: int) -> tuple[str, int]:
        """What display ``line`` shows: ("action", index), ("group", group index) or ("end", 0)."""
        if line < 0 or line >= self.line_count:
            return ("end", 0)
        if not self.groups:
            return ("action", line)
        group = bisect_right(self._group_lines, line) - 1
        if group >= 0 and self._group_lines[group] == line:
            return ("group", group)
        return ("action", line - (group + 1))

    # --- marks for a bulk edit ---------------------------------------------------------------
    def action_toggle_mark(self) -> None:
        action_id = self.highlighted_id
        if action_id is None:
            return
        self.picked ^= {action_id}
        self._marks_changed()
        self.action_cursor(1)  # on to the next, as in a mail client

    def action_mark_all(self) -> None:
        self.picked |= set(self.ids)
        self._marks_changed()

    def action_clear_marks(self) -> None:
        if self.picked:
            self.picked = set()
            self._marks_changed()

    def set_picked(self, ids: set[str]) -> None:
        self.picked = set(ids)
        self._marks_changed()

    def picked_in_order(self) -> list[str]:
        """The marked actions, those in view in the list's order first."""
        in_view = [i for i in self.ids if i in self.picked]
        return in_view + sorted(self.picked - set(in_view))

    def _marks_changed(self) -> None:
        self.refresh(Region(0, 0, self.size.width, 1))  # the header's count
        self._refresh_changed()
        self.post_message(self.MarksChanged(self, len(self.picked)))

    def set_marked(self, ids: frozenset[str]) -> None:
        """Mark these actions with "Δ" (changed since the last review)."""
        if ids != self.marked:
            self.marked = ids
            self._refresh_changed()

    def add_rows(self, generation: int, rows: dict[str, ActionRow]) -> None:
        if generation != self.generation:
            return
        if len(self.rows) > _CACHE_LIMIT:
            self.rows = {k: v for k, v in self.rows.items() if k in self._visible_ids()}
        self.rows.update(rows)
        self._asked = None
        self._refresh_changed()

    @property
    def highlighted_id(self) -> str | None:
        return self.ids[self.cursor] if 0 <= self.cursor < len(self.ids) else None

    @property
    def page_rows(self) -> int:
        """How many action lines fit (the header takes one)."""
        return max(self.size.height - 1, 1)

    def window(self) -> tuple[int, int]:
        """The index range [start, stop) of the actions on screen."""
        top = int(self.scroll_offset.y)
        if not self.groups:
            return top, min(top + self.page_rows, len(self.ids))
        indexes = [i for kind, i in map(self.entry_at, range(top, top + self.page_rows)) if kind == "action"]
        return (indexes[0], indexes[-1] + 1) if indexes else (0, 0)

    def _visible_ids(self) -> set[str]:
        start, stop = self.window()
        return set(self.ids[max(start - self.page_rows, 0) : stop + self.page_rows])

    # --- cursor ----------------------------------------------------------------------------
    def watch_cursor(self, old: int, new: int) -> None:
        self._scroll_cursor_into_view()
        self._refresh_changed()
        self.post_message(self.Highlighted(self, self.highlighted_id))

    def _scroll_cursor_into_view(self) -> None:
        top = int(self.scroll_offset.y)
        line = self.line_of(self.cursor)
        if line > 0 and self.entry_at(line - 1)[0] == "group":
            line -= 1  # the first of a group: its header shows too
        if line < top:
            top = line
        elif self.line_of(self.cursor) >= top + self.page_rows:
            top = self.line_of(self.cursor) - self.page_rows + 1
        if top != int(self.scroll_offset.y):
            self.scroll_to(y=top, animate=False, immediate=True)

    def move_to(self, index: int) -> None:
        if self.ids:
            self.cursor = min(max(index, 0), len(self.ids) - 1)

    def action_cursor(self, delta: int) -> None:
        self.move_to(self.cursor + delta)

    def action_page(self, direction: int) -> None:
        self.move_to(self.cursor + direction * self.page_rows)

    def action_jump(self, index: int) -> None:
        self.move_to(index if index >= 0 else len(self.ids) - 1)

    def action_select(self) -> None:
        if self.highlighted_id is not None:
            self.post_message(self.Selected(self, self.highlighted_id))

    # --- keys lent ---------------------------------------------------------------------------
    def lend_keys(self, borrower: KeyBorrower | None) -> None:
        """While set, the keys pressed on the list go to ``borrower`` first, and those it takes
        go no further (neither the list's keys nor the screen's): the officer finder over the
        list is typed into while the focus stays here, so that neither a pick nor Escape moves
        the focus (a restyle of both ends: issue 15). The list losing the focus, or a click on
        it, ends the loan (``borrower.lost_keys``)."""
        self._keys_to = borrower

    def _on_key(self, event: events.Key) -> None:
        # Named as Textual's own handler: it runs before the base class's, which a taken key skips.
        if self._keys_to is not None and self._keys_to.take_key(event):
            event.stop()
            event.prevent_default()

    def _on_paste(self, event: events.Paste) -> None:
        if self._keys_to is not None:
            self._keys_to.take_paste(event.text)
            event.stop()
            event.prevent_default()

    def _keys_lost(self) -> None:
        borrower, self._keys_to = self._keys_to, None
        if borrower is not None:
            borrower.lost_keys()

    def on_click(self, event: events.Click) -> None:
        self._keys_lost()
        if event.y >= 1:
            kind, index = self.entry_at(int(self.scroll_offset.y) + event.y - 1)
            if kind == "action":
                self.move_to(index)

    def on_resize(self, event: events.Resize) -> None:
        self.virtual_size = Size(event.size.width, self.line_count + 1)
        self._scroll_cursor_into_view()

    def on_focus(self) -> None:
        self._refresh_changed()

    def on_blur(self) -> None:
        self._keys_lost()
        self._refresh_changed()

    # --- rendering -------------------------------------------------------------------------
    def _line_key(self, y: int, top: int) -> tuple:
        """What screen line ``y`` shows now, scrolled to ``top``: equal keys, equal lines."""
        if y == 0:
            return ("header", len(self.picked))
        kind, index = self.entry_at(top + y - 1)
        if kind == "end":
            if not self.ids and y == 2:
                return ("message", self.generation < 0, self.empty_message)
            return ("blank",)
        if kind == "group":
            return ("group", self.groups[index])
        action_id = self.ids[index]
        cursor = index == self.cursor
        return (
            action_id,
            self.rows.get(action_id),
            cursor,
            cursor and self.has_focus,
            action_id in self.marked,
            action_id in self.picked,
        )

    def _drawn(self) -> None:
        for callback in self._when_drawn:
            self.screen.call_next(callback)  # after this pass: the screen's next step
        self._when_drawn = []

    def _refresh_changed(self) -> None:
        """Repaint the lines on screen that now show something other than when last painted
        (all of them after a resize or a scroll, which Textual repaints anyway)."""
        at = (self.scrollable_content_region.width, int(self.scroll_offset.y))
        if at != self._painted_at:
            self.refresh()
            return
        top = at[1]
        changed = [y for y in range(self.size.height) if self._painted.get(y) != self._line_key(y, top)]
        if not changed and self._when_drawn and self.generation >= 0:
            self._drawn()  # drawn already: no pass will draw it again
        start = 0
        while start < len(changed):  # one region per run of consecutive lines
            end = start
            while end + 1 < len(changed) and changed[end + 1] == changed[end] + 1:
                end += 1
            self.refresh(Region(0, changed[start], self.size.width, end - start + 1))
            start = end + 1

    def render_lines(self, crop: Region) -> list[Strip]:
        # Read once a repaint, not once a line: they cost as much as a line (styles), or a
        # tenth of one (the width and scroll offset, Textual's properties, three times a line).
        self._line_styles = {}
        self._pass_at = (self.scrollable_content_region.width, int(self.scroll_offset.y))
        try:
            return super().render_lines(crop)
        finally:
            self._pass_at = None

    def _style(self, component: str = "") -> Style:
        """The list's style, with ``component``'s on top."""
        style = self._line_styles.get(component)
        if style is None:
            style = self.rich_style
            if component:
                style += self.get_component_rich_style(component)
            self._line_styles[component] = style
        return style

    def render_line(self, y: int) -> Strip:
        if self._when_drawn and self.generation >= 0:
            self._drawn()
        at = self._pass_at or (self.scrollable_content_region.width, int(self.scroll_offset.y))
        if at != self._painted_at:
            self._painted, self._painted_at = {}, at
        width, top = at
        self._painted[y] = self._line_key(y, top)
        return self._render_line(y, width, top)

    def _render_line(self, y: int, width: int, top: int) -> Strip:
        base = self._style()
        if y == 0:
            return self._strip(
                header_text(_columns(width), len(self.picked)), width, self._style("action-list--header")
            )
        kind, index = self.entry_at(top + y - 1)
        if kind == "group":
            return self._strip(group_text(self.groups[index]), width, self._style("action-list--group"))
        if kind == "end":
            if not self.ids and y == 2:
                message = "Loading…" if self.generation < 0 else self.empty_message
                return self._strip(Text(message), width, self._style("action-list--placeholder"))
            return Strip.blank(width, base)
        row = self.rows.get(self.ids[index])
        style = base
        if index == self.cursor:
            style = self._style("action-list--cursor" if self.has_focus else "action-list--cursor-blurred")
        if row is None:
            self._ask_for_window()
            return self._strip(Text("  …"), width, style + self._style("action-list--placeholder"))
        # Lines are cached by what they show: a new scope re-uses the lines it has in common.
        marked = row.id in self.marked
        picked = row.id in self.picked
        key = (row, width, style, index == self.cursor, marked, picked)
        strip = self._lines.get(key)
        if strip is None:
            line = row_text(row, _columns(width), cursor=index == self.cursor, marked=marked, picked=picked)
            strip = self._lines[key] = self._strip(line, width, style)
            if len(self._lines) > 4 * _CACHE_LIMIT // 10:
                self._lines.pop(next(iter(self._lines)))
        return strip

    def _strip(self, text: Text, width: int, style: Style) -> Strip:
        text.style = style  # the line's base: background, cursor; RAG colours sit on top
        text.truncate(width, overflow="ellipsis", pad=True)
        # Every segment needs a style (the NO_COLOR filter reads each one's colours).
        segments = [Segment(t, s or style, c) for t, s, c in text.render(self.app.console)]
        return Strip(segments, width)

    def _ask_for_window(self) -> None:
        start, stop = self.window()
        if self._asked == self.generation and self._asked_window == (start, stop):
            return
        self._asked, self._asked_window = self.generation, (start, stop)
        pad = self.page_rows  # fetch a page either side so small scrolls need nothing
        wanted = [i for i in self.ids[max(start - pad, 0) : stop + pad] if i not in self.rows]
        if wanted:
            self.post_message(self.WindowNeeded(self, self.generation, wanted))
