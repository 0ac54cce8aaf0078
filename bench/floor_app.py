"""The floors of the app's figures: a bare Textual app over the same database.

    python bench/floor_app.py cold DB
        Shows the app's first screen (``ColdFloorApp``: its status line, outline root, search box,
        the first screen of actions (all plans, plan order) in a virtual list, the detail pane and
        the footer's row) and prints ``DATA_SHOWN <time.time()>`` once it is painted: the
        cold-start floor. ``cold-list`` shows the list alone (the floor until December 2026).

    python bench/floor_app.py serve DB --officer-id ID --scratch SCRATCH.db
        A session the bench drives step by step (bench/serving.py), answering the same steps as
        bench/tui_driver.py does for ragtrack: the repaint floor of each keystroke.

Nothing of ragtrack is imported: one Line-API ``ScrollView`` (Textual's virtual list, as
Textualize/toolong uses for huge logs) shows the first screen of the actions the same filter
selects, in the same order, read with plain sqlite3 in a worker thread: the scope's first
objectives in growing batches until a screenful is found (what any list ordered by plan must
do, short of reading the whole plan). Triage shows one red item's text, leads, progress and
rating history, prefetched one ahead; a rating is committed to a scratch SQLite file (WAL,
synchronous=FULL, as ragtrack commits) with one row for the change and one for its log entry.
"""

from __future__ import annotations

import os
import sqlite3
import sys
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import ClassVar

from rich.segment import Segment
from rich.style import Style
from rich.text import Text
from textual import work
from textual.app import App, ComposeResult
from textual.binding import Binding
from textual.geometry import Size
from textual.message import Message
from textual.scroll_view import ScrollView
from textual.strip import Strip

SIZE = (160, 48)  # as bench/tui_driver.py
_ORDER = " ORDER BY p.title, p.id, o.position, o.ref, o.id, a.position, a.ref"
_ROW = (
    "SELECT a.id, a.ref, a.text, a.rag, a.status, a.due_end, a.last_update, "
    "(SELECT group_concat(f.name, ', ') FROM action_lead l JOIN officer f ON f.id = l.officer_id "
    "WHERE l.action_id = a.id) FROM action a JOIN plan p ON p.id = a.plan_id "
    "JOIN objective o ON o.id = a.objective_id"
)
_RAG = {"red": ("● R", "red"), "amber": ("◐ A", "yellow"), "green": ("○ G", "green"), "blue": ("✓ B", "blue")}


@dataclass
class Scope:
    red: bool = False
    officer: str | None = None
    search: str = ""
    triage: bool = False  # open red items only

    def where(self) -> tuple[str, list]:
        clauses, params = ["a.deleted = 0", "p.deleted = 0", "o.deleted = 0"], []
        if self.red or self.triage:
            clauses.append("a.rag IN ('red')")
        if self.triage:
            clauses.append("a.status = 'open'")
        if self.officer:
            clauses.append("a.id IN (SELECT action_id FROM action_lead WHERE officer_id IN (?))")
            params.append(self.officer)
        if self.search.strip():
            like = "%" + self.search.strip().replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
            clauses.append(
                "(a.text LIKE ? ESCAPE '\\' OR a.ref LIKE ? ESCAPE '\\' OR EXISTS (SELECT 1 FROM progress g "
                "WHERE g.action_id = a.id AND g.deleted = 0 AND g.text LIKE ? ESCAPE '\\'))"
            )
            params += [like, like, like]
        return " AND ".join(clauses), params


class Reader:
    """One read-only sqlite3 connection, used by one worker at a time."""

    def __init__(self, db: str) -> None:
        self.conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True, check_same_thread=False)
        self.lock = threading.Lock()
        self.objectives: list[str] | None = None
        self.indexed = ""

    def first(self, scope: Scope, enough: int) -> list[tuple]:
        """The first ``enough`` actions of ``scope`` in plan order, objective batch by batch."""
        with self.lock:
            if self.objectives is None:
                self.objectives = [
                    r[0]
                    for r in self.conn.execute(
                        "SELECT o.id FROM objective o JOIN plan p ON p.id = o.plan_id "
                        "WHERE o.deleted = 0 AND p.deleted = 0 ORDER BY p.title, p.id, o.position, o.ref, o.id"
                    )
                ]
                if self.conn.execute("SELECT 1 FROM sqlite_master WHERE name = 'ix_action_objective'").fetchone():
                    self.indexed = " INDEXED BY ix_action_objective"
            where, params = scope.where()
            rows: list[tuple] = []
            start, batch = 0, 4
            while start < len(self.objectives) and len(rows) < enough:
                chunk = self.objectives[start : start + batch]
                rows += self.conn.execute(
                    _ROW.replace("FROM action a", "FROM action a" + self.indexed)
                    + f" WHERE a.objective_id IN ({','.join('?' * len(chunk))}) AND {where}"
                    + _ORDER,
                    [*chunk, *params],
                ).fetchall()
                start, batch = start + batch, batch * 4
            return rows

    def detail(self, action_id: str) -> list[Text]:
        """What triage shows of one action: title and text, leads, progress, rating history."""
        with self.lock:
            conn = self.conn
            ref, text, rag, timescale = conn.execute(
                "SELECT ref, text, rag, timescale FROM action WHERE id = ?", [action_id]
            ).fetchone()
            leads = conn.execute(
                "SELECT f.name, f.job_title FROM action_lead l JOIN officer f ON f.id = l.officer_id "
                "WHERE l.action_id = ? ORDER BY l.position",
                [action_id],
            ).fetchall()
            progress = conn.execute(
                "SELECT kind, entry_date, text FROM progress WHERE action_id = ? AND deleted = 0 "
                "ORDER BY coalesce(entry_date, substr(created_at, 1, 10)) DESC, created_at DESC",
                [action_id],
            ).fetchall()
            history = conn.execute(
                "SELECT field, new_value, reason, actor, at FROM change WHERE entity = 'action' AND entity_id = ? "
                "AND field IN ('_create', 'rag') ORDER BY stamp",
                [action_id],
            ).fetchall()
        symbol, colour = _RAG.get(rag, ("· -", "white"))
        lines = [Text.assemble((f"{symbol} ", colour), (f"{ref}  ", "bold"), text.split("\n", 1)[0])]
        lines += [Text("   " + part) for part in text.split("\n")[1:]]
        lines.append(Text(f"Due: {timescale}"))
        lines += [Text(f"Lead: {name}, {job or ''}") for name, job in leads]
        lines.append(Text("Progress", style="bold"))
        lines += [Text(f"  {'✓' if kind == 'achieved' else '⇒'} {day or ''} {entry}") for kind, day, entry in progress]
        lines.append(Text("Rating history", style="bold"))
        lines += [Text(f"  {at[:10]} {actor}: {value} {reason or ''}") for _field, value, reason, actor, at in history]
        return lines


class Lines(ScrollView):
    """A Line-API view of pre-built lines: only the lines on screen are rendered."""

    DEFAULT_CSS = "Lines { height: 1fr; overflow-x: hidden; }"

    def __init__(self, **kwargs) -> None:
        super().__init__(**kwargs)
        self.lines: list[Text] = []
        self._strips: dict[tuple[int, int], Strip] = {}

    def show(self, lines: list[Text]) -> None:
        """New lines: repaint the view, and lay it out again only if the scrollbar comes or goes."""
        self.lines, self._strips = lines, {}
        size = Size(self.size.width, len(lines))
        height = self.container_size.height
        if (size.height > height) == (self.virtual_size.height > height) and size.width == self.virtual_size.width:
            self.set_reactive(Lines.virtual_size, size)
            self._scroll_update(size)
        else:
            self.virtual_size = size
        self.refresh()

    def render_line(self, y: int) -> Strip:
        width = self.scrollable_content_region.width
        index = int(self.scroll_offset.y) + y
        if index >= len(self.lines):
            return Strip.blank(width)
        strip = self._strips.get((index, width))
        if strip is None:
            text = self.lines[index].copy()
            text.truncate(width, overflow="ellipsis", pad=True)
            segments = [Segment(t, s or Style(), c) for t, s, c in text.render(self.app.console)]
            strip = self._strips[(index, width)] = Strip(segments, width)
        return strip


def row_line(row: tuple, cursor: bool, title_width: int = 90, leads_width: int = 24) -> Text:
    _id, ref, text, rag, status, due, last_update, leads = row
    symbol, colour = _RAG.get(rag, ("· -", "white"))
    line = Text("▶" if cursor else " ", style="reverse" if cursor else "")
    line.append(f" {symbol} ", style=colour)
    line.append(f"{ref:<8}"[:8], style="bold")
    title = text.strip().split("\n", 1)[0]
    line.append(f"{title[: title_width - 2]:<{title_width}}", style="dim" if status != "open" else "")
    line.append(f"{(leads or '—')[: leads_width - 2]:<{leads_width}}")
    line.append(f"{due or '—':<14}{last_update or 'never':<12}", style="dim")
    return line


@dataclass
class Loaded(Message):
    lines: list[Text]
    first: list[str] = field(default_factory=list)


class Saved(Message):
    pass


class FloorApp(App):
    CSS = "#detail { display: none; } .triage #list { display: none; } .triage #detail { display: block; }"
    BINDINGS: ClassVar[list[Binding]] = [Binding("a", "rate", "Rate amber")]

    def __init__(self, db: str, cold: bool = False, scratch: str | None = None) -> None:
        super().__init__()
        self.reader = Reader(db)
        self.cold = cold
        self.scratch = scratch
        self.scope = Scope()
        self.shown: float | None = None  # when the latest answer was painted
        self.first: list[str] = []
        self.queue: list[str] = []
        self.details: dict[str, list[Text]] = {}
        self.position = 0
        self.saved: float | None = None
        self.on_next_key: Callable[[], None] | None = None  # what the bench's next key does

    def on_key(self, event) -> None:
        """The key the bench sends does its step here, as a binding would in the app."""
        if self.on_next_key is not None:
            step, self.on_next_key = self.on_next_key, None
            step()

    def compose(self) -> ComposeResult:
        yield Lines(id="list")
        yield Lines(id="detail")

    def on_mount(self) -> None:
        self.load(self.scope)

    TITLE_WIDTH, LEADS_WIDTH = 90, 24  # the list's columns (the whole width of the screen)

    @work(thread=True, exclusive=True, group="scope")
    def load(self, scope: Scope) -> None:
        rows = self.reader.first(scope, SIZE[1])
        title, leads = self.TITLE_WIDTH, self.LEADS_WIDTH
        header = Text(f"{'':4}{'Ref':<8}{'Action':<{title}}{'Lead':<{leads}}{'Due':<14}Updated", style="bold")
        lines = [header] + [row_line(r, n == 0, title, leads) for n, r in enumerate(rows)]
        self.post_message(Loaded(lines, [r[0] for r in rows[:5]]))

    def on_loaded(self, message: Loaded) -> None:
        self.first = message.first
        self.query_one("#list", Lines).show(message.lines)
        self.call_after_refresh(self._painted if self.cold else self._list_painted)

    def _list_painted(self) -> None:
        """A step's list or triage item: on screen once the compositor has drawn it
        (``serving.watch_paint`` sets ``shown`` then), as the app's is timed."""
        from serving import when_painted

        when_painted(self.screen, 0)

    def _painted(self) -> None:
        self.shown = time.perf_counter()
        if self.cold:  # straight to the file descriptor: a running Textual app may capture sys.stdout
            os.write(1, f"DATA_SHOWN {time.time():.6f}\n".encode())
            os._exit(0)

    # --- triage ----------------------------------------------------------------------------
    @work(thread=True, exclusive=True, group="triage")
    def load_queue(self) -> None:
        self.queue = [r[0] for r in self.reader.first(Scope(triage=True), 40)]
        self.prefetch(0)

    def prefetch(self, position: int) -> None:
        for action_id in self.queue[position : position + 2]:
            if action_id not in self.details:
                self.details[action_id] = self.reader.detail(action_id)

    def show_item(self) -> None:
        self.query_one("#detail", Lines).show(self.details[self.queue[self.position]])
        self.call_after_refresh(self._list_painted)  # shown once drawn, as the app's item is timed
        self.fetch_ahead(self.position + 1)

    @work(thread=True, exclusive=True, group="ahead")
    def fetch_ahead(self, position: int) -> None:
        self.prefetch(position)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        return self.has_class("triage") if action == "rate" else True  # "a" is typed in a search too

    def action_rate(self) -> None:
        self.save(self.queue[self.position])

    @work(thread=True, exclusive=True, group="write")
    def save(self, action_id: str) -> None:
        conn = sqlite3.connect(self.scratch, isolation_level=None)
        try:
            conn.execute("PRAGMA journal_mode = WAL")
            conn.execute("PRAGMA synchronous = FULL")
            conn.execute("CREATE TABLE IF NOT EXISTS rating (id TEXT PRIMARY KEY, rag TEXT)")
            conn.execute(
                "CREATE TABLE IF NOT EXISTS log (seq INTEGER PRIMARY KEY, entity_id TEXT, field TEXT, "
                "old_value TEXT, new_value TEXT, reason TEXT, actor TEXT, at TEXT)"
            )
            conn.execute("BEGIN IMMEDIATE")
            conn.execute("INSERT OR REPLACE INTO rating (id, rag) VALUES (?, 'amber')", [action_id])
            conn.execute(
                "INSERT INTO log (entity_id, field, old_value, new_value, reason, actor, at) "
                "VALUES (?, 'rag', '\"red\"', '\"amber\"', 'bench: partner data late', 'bench', ?)",
                [action_id, time.strftime("%Y-%m-%dT%H:%M:%SZ")],
            )
            conn.execute("COMMIT")
        finally:
            conn.close()
        self.post_message(Saved())

    def on_saved(self) -> None:
        self.saved = time.perf_counter()


class ColdFloorApp(FloorApp):
    """The cold-start floor: the app's first screen as it is first painted (bench/README.md), in
    stock Textual widgets and static text: the status line, the outline's root, the search box
    and the chips' hint, the list (``Lines``, the first screen of actions as ``FloorApp``), the
    detail pane with nothing highlighted yet, and the footer's row (its keys come after)."""

    TITLE_WIDTH, LEADS_WIDTH = 26, 16  # the app's columns in its 71 at 160 (ref, action, lead, due)
    CSS = """
    #status { height: 1; background: $panel; }
    #counts { width: 1fr; padding: 0 1; }
    #sync { width: auto; padding: 0 1; }
    #body { height: 1fr; }
    #outline { width: 20%; min-width: 26; max-width: 44; overflow-x: hidden; border-right: vkey $foreground 20%; }
    #centre { width: 1fr; }
    #filters { height: 1; }
    #search { width: 30; height: 1; border: none; padding: 0 1; }
    #chips { width: 1fr; height: 1; }
    #pane { width: 36%; padding: 0 1; border-left: vkey $foreground 20%; }
    """

    def compose(self) -> ComposeResult:
        from textual.containers import Horizontal, Vertical
        from textual.widgets import Footer, Input, Static, Tree

        with Horizontal(id="status"):
            yield Static("ragtrack  counting…", id="counts")
            yield Static("⇅ ", id="sync")
        with Horizontal(id="body"):
            yield Tree("All plans", id="outline")
            with Vertical(id="centre"):
                with Horizontal(id="filters"):
                    yield Input(placeholder="/ search text and progress", id="search", compact=True)
                    yield Static("no filters · f filter · o officer · m mine", id="chips")
                yield Lines(id="list")
            yield Static("No action highlighted.", id="pane")
        yield Footer(compact=True)


# --- the session the bench drives ------------------------------------------------------------


async def session(db: str, officer_id: str, scratch: str, limit: float) -> None:
    from serving import end_window, serve, settle, timed_window, until, watch_paint

    app = FloorApp(db, scratch=scratch)

    def painted(_key) -> None:
        app.shown = time.perf_counter()
        end_window()

    watch_paint(painted)
    async with app.run_test(headless=True, size=SIZE) as pilot:
        await until(lambda: app.shown is not None, limit, "first screen")

        async def key_step(key: str, change) -> dict:
            """A key that changes the scope: pressed as the app's own binding would be."""
            await settle(app, pilot, limit)

            def step() -> None:
                change()
                app.load(Scope(**vars(app.scope)))

            app.shown, app.on_next_key = None, step
            t0 = time.perf_counter()
            with timed_window():
                await pilot.press(key)
                await until(lambda: app.shown is not None, limit, "repaint")
            return {"seconds": app.shown - t0, "first": app.first}  # when painted, not when seen

        async def enter_triage() -> None:
            if app.has_class("triage"):
                return
            app.add_class("triage")
            app.queue, app.details, app.position = [], {}, 0
            app.load_queue()
            await until(lambda: app.queue and app.queue[0] in app.details, limit, "triage queue")
            app.shown = None
            app.show_item()
            await until(lambda: app.shown is not None, limit, "first red item")

        async def leave_triage() -> None:
            if app.has_class("triage"):
                app.remove_class("triage")
                await pilot.pause()

        async def handle(request: dict) -> dict:
            step = request["step"]
            if step in ("rag", "officer", "clear", "search"):
                await leave_triage()
            if step == "rag":
                return await key_step("space", lambda: setattr(app.scope, "red", request["on"]))
            if step == "officer":
                return await key_step("enter", lambda: setattr(app.scope, "officer", officer_id))
            if step == "clear":
                return await key_step("x", lambda: setattr(app.scope, "officer", None))
            if step == "search":
                key = request["key"]
                text = app.scope.search[:-1] if key == "backspace" else app.scope.search + key
                return await key_step(key, lambda: setattr(app.scope, "search", text))
            if step == "triage_next":
                await enter_triage()
                await until(lambda: app.queue[app.position + 1] in app.details, limit, "next item prefetched")
                await settle(app, pilot, limit)

                def step() -> None:
                    app.position += 1
                    app.show_item()

                app.shown, app.on_next_key = None, step
                t0 = time.perf_counter()
                with timed_window():
                    await pilot.press("s")
                    await until(lambda: app.shown is not None, limit, "next red item")
                return {"seconds": app.shown - t0, "first": [app.queue[app.position]]}
            if step == "triage_rag":
                await enter_triage()
                await settle(app, pilot, limit)
                app.saved = None
                t0 = time.perf_counter()
                with timed_window():
                    await pilot.press("a")
                    await until(lambda: app.saved is not None, limit, "rating saved")
                return {"seconds": app.saved - t0}
            if step == "report":
                return {}
            return {"error": f"unknown step {step!r}"}

        await serve(handle, {})
    os._exit(0)


def main(argv: list[str]) -> int:
    if argv and argv[0] == "cold-list":  # the cold floor before December 2026: the list alone
        FloorApp(argv[1], cold=True).run(headless=True, size=SIZE)
        return 0
    if argv and argv[0] == "cold":
        ColdFloorApp(argv[1], cold=True).run(headless=True, size=SIZE)
        return 0
    if argv and argv[0] == "serve":
        import argparse
        import asyncio

        parser = argparse.ArgumentParser()
        parser.add_argument("db")
        parser.add_argument("--officer-id", required=True)
        parser.add_argument("--scratch", required=True)
        parser.add_argument("--limit", type=float, default=60.0)
        args = parser.parse_args(argv[1:])
        asyncio.run(session(args.db, args.officer_id, args.scratch, args.limit))
        return 0
    print(__doc__, file=sys.stderr)
    return 2


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
