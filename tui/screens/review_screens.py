"""Two review screens: the RAG trend (T) and the chase list (H).

RAG trend: per plan, one horizontal stacked bar per review and now, drawn with the RAG letters
(RRRAAGGGB--) on their colours, so it reads the same with NO_COLOR, plus the counts.
Chase list: per officer, the message ``chase_text`` writes, ready to paste into an email;
c copies the highlighted officer's message, a copies them all (App.copy_to_clipboard).
Both read in a thread worker and draw plain Text (user text never as markup).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, ClassVar

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, VerticalScroll
from textual.message import Message
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from models.text import one_line, visible_text
from storage.reviews import OfficerChase, TrendPoint, chase_list, chase_text, rag_trend
from tui.rag_style import RAG_LABEL, RAG_STYLE, rag_symbol
from tui.screens.base import DataScreen
from tui.widgets.key_footer import KeyFooter

if TYPE_CHECKING:
    from tui.session import Session

_ORDER = ("red", "amber", "green", "blue", "none")
_LABEL_WIDTH = 12


def trend_bar(point: TrendPoint, width: int, biggest: int) -> Text:
    """One point as a bar ``width`` cells long at the ``biggest`` total, then its counts."""
    bar = Text(no_wrap=True)
    if biggest:
        cells = {rag: round(point.counts[rag] * width / biggest) for rag in _ORDER}
        for rag in _ORDER:  # a count too small for a cell still shows
            if point.counts[rag] and not cells[rag]:
                cells[rag] = 1
        while sum(cells.values()) > width:  # rounding up went past the end: trim the longest
            cells[max(cells, key=cells.get)] -= 1
        for rag in _ORDER:
            key = None if rag == "none" else rag
            # The letter in every cell: the bar reads the same without colour.
            bar.append(rag_symbol(key)[-1] * cells[rag], style=RAG_STYLE[key] if key else "reverse dim")
    bar.append(" " * max(width - bar.cell_len, 0) + " ")
    for rag in _ORDER:
        key = None if rag == "none" else rag
        bar.append(f"{rag_symbol(key)} {point.counts[rag]} ", style="bold" if point.counts[rag] else "dim")
    if point.withdrawn:
        bar.append(f"· {point.withdrawn} withdrawn", style="dim")
    return bar


def trend_text(plans: list[tuple[str, list[TrendPoint]]], width: int) -> Text:
    text = Text()
    legend = "  ".join(
        f"{rag_symbol(None if r == 'none' else r)} {RAG_LABEL[None if r == 'none' else r]}" for r in _ORDER
    )
    text.append(f"Key: {legend}\n\n", style="dim")
    bar_width = max(width - _LABEL_WIDTH - 52, 10)  # room for the counts after the bar
    for title, points in plans:
        text.append(one_line(title, width - 2), style="bold underline")
        text.append("\n")
        if len(points) == 1:
            text.append("No review yet: R on the main screen records one. Now:\n", style="dim")
        biggest = max((p.total for p in points), default=0)
        for point in points:
            text.append(f"{point.label:<{_LABEL_WIDTH}}", style="bold" if point.is_now else "")
            text.append_text(trend_bar(point, bar_width, biggest))
            text.append("\n")
        text.append("\n")
    if not plans:
        text.append("No plans yet.", style="dim")
    return text


@dataclass
class TrendLoaded(Message):
    plans: list[tuple[str, list[TrendPoint]]]  # (plan title, points oldest first, then now)


@dataclass
class ChaseLoaded(Message):
    chases: list[OfficerChase]


class ReviewScreen(DataScreen):
    """Escape goes back."""

    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "back", "Back", id="review.back")]

    def __init__(self, session: Session) -> None:
        super().__init__()
        self.session = session

    def action_back(self) -> None:
        self.dismiss()


class RagTrendScreen(ReviewScreen):
    """Counts per RAG at every review, and now, of the plans in scope."""

    DEFAULT_CSS = """
    RagTrendScreen #trend-title { height: 1; background: $panel; padding: 0 1; }
    RagTrendScreen #trend-body { padding: 0 1; }
    """

    def __init__(self, session: Session, plans: list[tuple[str, str]]) -> None:
        super().__init__(session)
        self.plans = plans  # (id, title)
        self.points: list[tuple[str, list[TrendPoint]]] | None = None

    def compose(self) -> ComposeResult:
        yield Static(Text("RAG trend: at each review and now", style="bold"), id="trend-title")
        with VerticalScroll(id="trend-scroll"):
            yield Static(Text("Loading…", style="dim"), id="trend-body")
        yield KeyFooter(compact=True)

    def on_mount(self) -> None:
        self.query_one("#trend-scroll").focus()
        self.load()

    @work(thread=True, exclusive=True, group="trend", exit_on_error=False)
    def load(self) -> None:
        session = self.session
        with session.read() as txn:
            points = [(title, rag_trend(txn, plan_id, session.today)) for plan_id, title in self.plans]
        self.post_message(TrendLoaded(points))

    def on_trend_loaded(self, message: TrendLoaded) -> None:
        self.points = message.plans
        self._draw()

    def on_resize(self) -> None:
        self._draw()

    def _draw(self) -> None:
        if self.points is not None:
            self.query_one("#trend-body", Static).update(trend_text(self.points, self.size.width - 2))


class ChaseScreen(ReviewScreen):
    """Per officer, the actions to chase (no update for 14 days or since the last review, or due
    within 14 days) as the text of an email."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("c", "copy(False)", "Copy this message", id="chase.copy"),
        Binding("a", "copy(True)", "Copy every message", id="chase.copy_all"),
    ]
    DEFAULT_CSS = """
    ChaseScreen #chase-title { height: 1; background: $panel; padding: 0 1; }
    ChaseScreen #chase-body { height: 1fr; }
    ChaseScreen #chase-officers { width: 30; height: 1fr; border: none; padding: 0; border-right: vkey $foreground 20%; }
    ChaseScreen #chase-scroll { width: 1fr; padding: 0 1; }
    ChaseScreen.-narrow #chase-body { layout: vertical; }
    ChaseScreen.-narrow #chase-officers { width: 1fr; height: 6; border-right: none; border-bottom: hkey $foreground 20%; }
    """
    HORIZONTAL_BREAKPOINTS: ClassVar[list[tuple[int, str]]] = [(0, "-narrow"), (100, "-wide")]
    DAYS = 14

    def __init__(self, session: Session, plan_id: str | None = None) -> None:
        super().__init__(session)
        self.plan_id = plan_id
        self.chases: list[OfficerChase] | None = None

    def compose(self) -> ComposeResult:
        yield Static(Text("Chase list: loading…"), id="chase-title")
        with Horizontal(id="chase-body"):
            yield OptionList(id="chase-officers")
            with VerticalScroll(id="chase-scroll"):
                yield Static(Text(""), id="chase-text")
        yield KeyFooter(compact=True)

    def on_mount(self) -> None:
        self.query_one("#chase-officers", OptionList).focus()
        self.load()

    @work(thread=True, exclusive=True, group="chase", exit_on_error=False)
    def load(self) -> None:
        session = self.session
        with session.read() as txn:
            chases = chase_list(txn, days=self.DAYS, plan_id=self.plan_id, today=session.today)
        self.post_message(ChaseLoaded(chases))

    def on_chase_loaded(self, message: ChaseLoaded) -> None:
        self.chases = message.chases
        title = Text(f"Chase list: {len(self.chases)} to write to", style="bold")
        title.append(
            f"  no update for {self.DAYS} days or since the last review, or due within {self.DAYS} days"
            " · c copy · a copy all · Esc back",
            style="dim",
        )
        self.query_one("#chase-title", Static).update(title)
        officers = self.query_one("#chase-officers", OptionList)
        officers.clear_options()
        officers.add_options(
            Option(Text(f"{one_line(c.name, 22)} ({len(c.items)})"), id=str(n)) for n, c in enumerate(self.chases)
        )
        if self.chases:
            officers.highlighted = 0
        else:
            self.query_one("#chase-text", Static).update(
                Text(
                    f"Nothing to chase: every open action has an update in the last {self.DAYS} days and none is due.",
                    style="dim",
                )
            )
        self.refresh_bindings()

    def _sender(self) -> str | None:
        return self.session.me_name

    def current(self) -> OfficerChase | None:
        highlighted = self.query_one("#chase-officers", OptionList).highlighted
        if self.chases and highlighted is not None and highlighted < len(self.chases):
            return self.chases[highlighted]
        return None

    @on(OptionList.OptionHighlighted, "#chase-officers")
    def _officer(self) -> None:
        chase = self.current()
        if chase is not None:
            self.query_one("#chase-text", Static).update(Text(visible_text(chase_text([chase], self._sender()))))
            self.query_one("#chase-scroll", VerticalScroll).scroll_home(animate=False)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "copy" and not self.chases:
            return None
        return True

    def action_copy(self, every: bool) -> None:
        chases = self.chases if every else [c for c in [self.current()] if c is not None]
        if not chases:
            return
        self.app.copy_to_clipboard(chase_text(chases, self._sender()))
        what = f"{len(chases)} messages" if every else f"The message to {one_line(chases[0].name, 40)}"
        self.app.notify(f"{what} copied: paste it into an email.", markup=False)
