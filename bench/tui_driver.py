"""Drives the ragtrack app headless in a process of its own, for bench/tui_bench.py.

    python bench/tui_driver.py cold DB
        What ``ragtrack --db DB`` does (tui.cli.main), with the app run headless; prints
        ``DATA_SHOWN <time.time()> <rows> <app seconds>`` when the app posts DataShown (the first
        screen of actions is on screen) and exits at once. The parent took time.time() at spawn.

    python bench/tui_driver.py serve DB --officer NAME
        A pilot session the bench drives step by step (bench/serving.py), answering the same
        steps as bench/floor_app.py: RAG filter on/off (f, Space), officer pick (o, the name,
        Enter) and clear (x), search characters (/ then keys), triage next (s) and a RAG change
        with a reason (a, reason, Enter). Each is timed from just before its key to the app's
        own "repainted" moment; between steps the app settles (the whole scope and its counts
        loaded), as between a person's keystrokes.

Hooks (read from tui/app.py, tui/screens/main.py and tui/screens/triage.py; ``HOOKS`` names them
so that a change there fails here with one clear line): ``DataShown`` (app.data_shown),
``MainScreen._timed`` (called after the refresh that shows a new scope), ``TriageScreen.show``
and ``RagtrackApp.on_edited``.
"""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
for path in (str(ROOT), str(Path(__file__).resolve().parent)):
    if path not in sys.path:
        sys.path.insert(0, path)

SIZE = (160, 48)  # a laptop terminal: wide enough for every list column
#: What the driver hooks into, as (module, class, attribute): checked before the session starts.
HOOKS = (
    ("tui.app", "RagtrackApp", "on_data_shown"),
    ("tui.app", "RagtrackApp", "on_edited"),
    ("tui.screens.main", "MainScreen", "_timed"),
    ("tui.screens.triage", "TriageScreen", "show"),
)


def check_hooks() -> str | None:
    """One line naming the first hook the app no longer has (bench/tui_driver.py needs updating)."""
    import importlib

    for module, cls, attribute in HOOKS:
        try:
            found = getattr(importlib.import_module(module), cls)
        except (ImportError, AttributeError) as error:
            return f"the app has changed: {module}.{cls} ({error}); bench/tui_driver.py needs updating"
        if not hasattr(found, attribute):
            return f"the app has changed: {module}.{cls}.{attribute} is gone; bench/tui_driver.py needs updating"
    return None


def cold(db: str) -> int:
    import tui.app
    from tui import cli

    # Patched in place, not subclassed: the app finds its CSS next to its own module.
    app_class = tui.app.RagtrackApp
    original_run = app_class.run

    def on_data_shown(self, message) -> None:
        # The moment the app posted DataShown (just after the compositor pass that drew the
        # actions), as the floor prints from its own paint callback: not once the app's message
        # queue has reached it and its handler has started the workers that follow the first screen.
        posted = time.time() - (time.perf_counter() - self.created_at - message.seconds)
        os.write(1, f"DATA_SHOWN {posted:.6f} {message.rows} {message.seconds:.6f}\n".encode())
        os._exit(0)  # the figure is taken; do not wait for the workers DataShown starts

    def run(self, *args, **kwargs):
        kwargs.setdefault("headless", True)
        kwargs.setdefault("size", SIZE)
        return original_run(self, *args, **kwargs)

    app_class.on_data_shown, app_class.run = on_data_shown, run
    return cli.main(["--db", db])


# --- the session ------------------------------------------------------------------------------


class Hooks:
    """What the app did and when (perf_counter), recorded by wrapping its own methods."""

    def __init__(self) -> None:
        from serving import end_window, watch_paint, when_painted

        import tui.app
        from tui.screens.main import MainScreen
        from tui.screens.triage import TriageScreen

        self.painted: dict[int, float] = {}  # scope generation -> when its list was repainted
        self.app_ms: dict[int, float] = {}  # the app's own measure, from the scope request
        self.triage_shown: dict[int, float] = {}  # triage position -> when its detail was drawn
        self.triage_asked: set[int] = set()  # positions whose paint is waited for (cleared with it)
        self.saved: list[float] = []  # when each edit's Edited message reached the app
        hooks = self
        original_timed = MainScreen._timed

        def timed(self, generation: int, count: int, started: float) -> None:
            original_timed(self, generation, count, started)
            hooks.app_ms[generation] = getattr(self, "last_repaint_ms", None) or 0.0
            when_painted(self, generation)

        MainScreen._timed = timed

        def painted(key) -> None:
            if isinstance(key, tuple):  # ("triage", position): that item's detail on screen
                hooks.triage_shown.setdefault(key[1], time.perf_counter())
            else:  # a scope generation: its list on screen
                hooks.painted[key] = time.perf_counter()
            end_window()

        watch_paint(painted)
        original_show = TriageScreen.show

        def show(self, *args, **kwargs) -> None:
            original_show(self, *args, **kwargs)
            position = self.position
            if self.current_id is not None and self.current_id in self.details and position not in hooks.triage_asked:
                # Shown once the compositor has drawn the header and body it refreshed (as the
                # list's figures end), not when call_after_refresh runs: that is before the paint.
                hooks.triage_asked.add(position)
                self.call_after_refresh(when_painted, self, ("triage", position))

        TriageScreen.show = show
        original_edited = tui.app.RagtrackApp.on_edited

        def on_edited(self, message) -> None:
            hooks.saved.append(time.perf_counter())
            original_edited(self, message)

        tui.app.RagtrackApp.on_edited = on_edited


async def session(db: str, officer: str, limit: float) -> None:
    from serving import serve, timed_window, until, watch_main_thread
    from serving import settle as settle_app

    import tui.app
    from tui.screens.main import MainScreen
    from tui.screens.triage import TriageScreen

    hooks = Hooks()
    blocked: dict[str, float] = {}
    stop_watching = watch_main_thread(blocked)
    started = time.perf_counter()
    # As `ragtrack` starts it (tui/launch.py).
    app = tui.app.RagtrackApp(db_path=db, freeze_start=True, collect_when_idle=True)
    state = {"mode": "main", "red": False, "officer": False}
    async with app.run_test(headless=True, size=SIZE) as pilot:
        await until(lambda: app.data_shown is not None, limit, "data shown")
        data_shown = time.perf_counter() - started
        await until(lambda: bool(app.officers), limit, "officers loaded")
        officers_loaded = time.perf_counter() - started
        screen = app.screen
        assert isinstance(screen, MainScreen), type(screen)
        await until(lambda: screen.generation in hooks.painted, limit, "first scope painted")

        async def settle() -> None:
            """Every worker done (the whole scope, its counts, the detail pane), messages handled."""
            await settle_app(app, pilot, limit)

        async def scope_key(key: str) -> dict:
            await settle()
            before = screen.generation
            t0 = time.perf_counter()
            with timed_window():
                await pilot.press(key)
                await until(lambda: screen.generation > before and screen.generation in hooks.painted, limit, repr(key))
            return {
                "seconds": hooks.painted[screen.generation] - t0,
                "app_ms": hooks.app_ms.get(screen.generation),
                "first": list(screen.action_list.ids[:5]),
            }

        async def to_main() -> None:
            mode = state["mode"]
            if mode in ("panel", "search"):
                await pilot.press("escape")
                await pilot.pause()
            elif mode == "triage":
                await pilot.press("escape")
                await until(lambda: app.screen is screen, limit, "back from triage")
            state["mode"] = "main"

        async def open_panel() -> None:
            if state["mode"] == "panel":
                return
            await to_main()
            await pilot.press("f")
            await until(lambda: screen.query("#filter-panel") and app.focused is not None, limit, "filter panel")
            await pilot.pause()
            choices = app.focused  # the panel's choices have focus; the first is "red"
            if getattr(choices, "highlighted", 0) is None:
                choices.highlighted = 0
            state["mode"] = "panel"

        async def pick_officer() -> dict:
            await to_main()
            await pilot.press("o")
            await until(lambda: screen.officer_finder.display, limit, "officer finder")
            await pilot.press(*officer)
            await pilot.pause()
            state["officer"] = True
            return await scope_key("enter")

        async def enter_triage() -> TriageScreen:
            if state["mode"] != "triage":
                await to_main()
                await settle()
                hooks.triage_shown.clear()
                hooks.triage_asked.clear()
                await pilot.press("t")
                await until(lambda: isinstance(app.screen, TriageScreen) and app.screen.loaded, limit, "triage queue")
                await until(lambda: 0 in hooks.triage_shown, limit, "first red item shown")
                state["mode"] = "triage"
            triage = app.screen
            assert isinstance(triage, TriageScreen), type(triage)
            return triage

        async def handle(request: dict) -> dict:
            step = request["step"]
            if step == "rag":
                await open_panel()
                if state["red"] == request["on"]:  # out of step: put it right, untimed
                    await scope_key("space")
                state["red"] = request["on"]
                return await scope_key("space")
            if step == "officer":
                if state["officer"]:
                    await to_main()
                    await scope_key("x")
                return await pick_officer()
            if step == "clear":
                if not state["officer"]:
                    await pick_officer()
                await to_main()
                state["officer"] = False
                return await scope_key("x")
            if step == "search":
                if state["mode"] != "search":
                    await to_main()
                    await pilot.press("slash")
                    await pilot.pause()
                    state["mode"] = "search"
                return await scope_key(request["key"])
            if step == "triage_next":
                triage = await enter_triage()
                position = triage.position + 1
                if position < len(triage.queue):
                    await until(lambda: triage.queue[position] in triage.details, limit, "next item prefetched")
                await settle()
                t0 = time.perf_counter()
                with timed_window():
                    await pilot.press("s")
                    await until(lambda: position in hooks.triage_shown, limit, "next red item shown")
                return {"seconds": hooks.triage_shown[position] - t0, "first": [triage.current_id]}
            if step == "triage_rag":
                await enter_triage()
                await settle()
                await pilot.press("a")
                await pilot.pause()
                await pilot.press(*"bench: partner data late")
                count = len(hooks.saved)
                t0 = time.perf_counter()
                with timed_window():
                    await pilot.press("enter")
                    await until(lambda: len(hooks.saved) > count, limit, "RAG change saved")
                await pilot.pause(0.05)
                return {"seconds": hooks.saved[count] - t0}
            if step == "report":
                return {
                    "data_shown_s": data_shown,
                    "officers_loaded_s": officers_loaded,
                    "session_s": time.perf_counter() - started,
                    "blocked": blocked,
                }
            return {"error": f"unknown step {step!r}"}

        await serve(handle, {"data_shown_s": data_shown})
        stop_watching()
    os._exit(0)  # workers still reading (officers, counts) must not hold the exit up


def main(argv: list[str]) -> int:
    try:
        from tui.launch import _limit_malloc_arenas
    except ImportError:  # gone from the app: then `ragtrack` does not do it either
        pass
    else:
        _limit_malloc_arenas()  # what `ragtrack` does before starting the app (tui/launch.py)
    if argv and argv[0] == "cold":
        return cold(argv[1])
    if argv and argv[0] == "check":
        problem = check_hooks()
        print(problem or "ok")
        return 1 if problem else 0
    if argv and argv[0] == "serve":
        import argparse
        import asyncio

        parser = argparse.ArgumentParser()
        parser.add_argument("db")
        parser.add_argument("--officer", required=True)
        parser.add_argument("--limit", type=float, default=60.0, help="seconds to wait for any one step")
        args = parser.parse_args(argv[1:])
        asyncio.run(session(args.db, args.officer, args.limit))
        os._exit(0)
    print(__doc__, file=sys.stderr)
    return 2


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
