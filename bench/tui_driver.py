"""Drives the ragtrack app headless in a process of its own, for bench/tui_bench.py.

    python bench/tui_driver.py cold DB
        What ``ragtrack --db DB`` does (tui.cli.main), with the app run headless; prints
        ``DATA_SHOWN <time.time()> <rows> <app seconds>`` when the app posts DataShown (the first
        screen of actions is on screen) and exits at once. The parent took time.time() at spawn.

    python bench/tui_driver.py session DB OUT.json --officer NAME --repeats N
        A pilot session: RAG filter toggles, officer filter picks, search characters, triage
        steps and RAG changes with a reason; each timed from just before the key is sent to the
        app's own "repainted" moment (a hook on the screen's paint callback), written to OUT.json.

Hooks used (read from tui/app.py and tui/screens/main.py): ``DataShown`` (app.data_shown),
``MainScreen._timed`` (called after the refresh that shows a new scope; the app's own
``last_repaint_ms`` is kept beside ours), ``TriageScreen.show`` and ``RagtrackApp.on_edited``.
"""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

SIZE = (160, 48)  # a laptop terminal: wide enough for every list column


def cold(db: str) -> int:
    import tui.app
    from tui import cli

    # Patched in place, not subclassed: the app finds its CSS next to its own module.
    app_class = tui.app.RagtrackApp
    original_run, original_shown = app_class.run, app_class.on_data_shown

    def on_data_shown(self, message) -> None:
        original_shown(self, message)
        print(f"DATA_SHOWN {time.time():.6f} {message.rows} {message.seconds:.6f}", flush=True)
        os._exit(0)  # the figure is taken; do not wait for the workers started at DataShown

    def run(self, *args, **kwargs):
        kwargs.setdefault("headless", True)
        kwargs.setdefault("size", SIZE)
        return original_run(self, *args, **kwargs)

    app_class.on_data_shown, app_class.run = on_data_shown, run
    return cli.main(["--db", db])


# --- the pilot session ----------------------------------------------------------------------


class Timeout(Exception):
    pass


async def _until(predicate, limit: float, what: str) -> float:
    """Poll ``predicate`` (without disturbing the app much) until true; returns when it was."""
    import asyncio

    started = time.perf_counter()
    while not predicate():
        if time.perf_counter() - started > limit:
            raise Timeout(f"{what}: not within {limit:.0f} s")
        await asyncio.sleep(0.0005)
    return time.perf_counter()


def _watch_main_thread(results: dict, save, stall: float = 2.0):
    """A watchdog thread: when the app's event loop (this main thread) has not come round for
    ``stall`` seconds, record where the main thread is stuck and for how long. A frozen loop
    is what a user sees as a hung app; the stack says which call froze it."""
    import asyncio
    import threading
    import traceback

    main_id = threading.main_thread().ident
    beat = {"at": time.perf_counter()}
    stopping = threading.Event()

    async def heartbeat() -> None:
        while not stopping.is_set():
            beat["at"] = time.perf_counter()
            await asyncio.sleep(0.05)

    task = asyncio.get_running_loop().create_task(heartbeat())

    def watch() -> None:
        while not stopping.wait(0.5):
            stalled = time.perf_counter() - beat["at"]
            if stalled < stall:
                continue
            frame = sys._current_frames().get(main_id)
            stack = [
                f"{Path(f.filename).name}:{f.lineno} {f.name}"
                for f in traceback.extract_stack(frame)
                if "/textual/" not in f.filename and "/asyncio/" not in f.filename
            ]
            key = " <- ".join(reversed(stack[-4:]))
            results["blocked"][key] = max(results["blocked"].get(key, 0.0), round(stalled, 1))
            save()

    threading.Thread(target=watch, daemon=True).start()

    def stop() -> None:
        stopping.set()
        task.cancel()

    return stop


async def session(
    db: str,
    out: str,
    officer: str,
    repeats: int,
    limit: float,
    only: frozenset[str] = frozenset({"rag", "officer", "search", "triage"}),
) -> None:
    import json

    import tui.app
    from tui.screens.main import MainScreen
    from tui.screens.triage import TriageScreen

    painted: dict[int, float] = {}  # scope generation -> when its list was repainted
    app_ms: dict[int, float] = {}  # the app's own measure, from the scope request
    triage_shown: dict[int, float] = {}  # triage position -> when its detail was on screen
    saved: list[float] = []  # when each edit's Edited message reached the app

    original_timed = MainScreen._timed

    def timed(self, generation: int, count: int, started: float) -> None:
        original_timed(self, generation, count, started)
        painted[generation] = time.perf_counter()
        app_ms[generation] = getattr(self, "last_repaint_ms", None) or 0.0

    MainScreen._timed = timed
    original_show = TriageScreen.show

    def show(self) -> None:
        original_show(self)
        position = self.position
        if self.current_id is not None and self.current_id in self.details:
            self.call_after_refresh(lambda: triage_shown.setdefault(position, time.perf_counter()))

    TriageScreen.show = show
    original_edited = tui.app.RagtrackApp.on_edited

    def on_edited(self, message) -> None:
        saved.append(time.perf_counter())
        original_edited(self, message)

    tui.app.RagtrackApp.on_edited = on_edited

    results: dict = {"samples": {}, "app_ms": {}, "events": {}, "errors": [], "blocked": {}}

    def save() -> None:
        """Written after every step (and by the watchdog), so a session stopped from outside
        still reports what it measured and where the app hung."""
        partial = Path(out + ".part")
        partial.write_text(json.dumps(results))
        partial.replace(out)

    def add(name: str, seconds: float, app_value: float | None = None) -> None:
        results["samples"].setdefault(name, []).append(seconds)
        if app_value is not None:
            results["app_ms"].setdefault(name, []).append(app_value)
        save()

    stop_watching = _watch_main_thread(results, save)

    started = time.perf_counter()
    app = tui.app.RagtrackApp(db_path=db)
    async with app.run_test(headless=True, size=SIZE) as pilot:
        await _until(lambda: app.data_shown is not None, limit, "data shown")
        results["events"]["data_shown_s"] = time.perf_counter() - started
        try:
            await _until(lambda: bool(app.officers), limit, "officers loaded")
            results["events"]["officers_loaded_s"] = time.perf_counter() - started
        except Timeout as error:
            results["errors"].append(
                f"{error} (the officer picker and every read behind it wait); later steps given {limit / 4:.0f} s each"
            )
            limit /= 4
        screen = app.screen
        assert isinstance(screen, MainScreen), type(screen)
        await _until(lambda: screen.generation in painted, limit, "first scope painted")

        async def scope_key(name: str, key: str) -> None:
            before = screen.generation
            t0 = time.perf_counter()
            await pilot.press(key)
            done = await _until(
                lambda: screen.generation > before and screen.generation in painted, limit, f"{name} ({key!r})"
            )
            add(name, painted[screen.generation] - t0, app_ms.get(screen.generation))
            del done

        async def attempt(name: str, steps) -> None:
            try:
                await steps()
            except Timeout as error:
                results["errors"].append(str(error))
                add(name, limit)
                results.setdefault("timed_out", []).append(name)

        # 1. RAG filter: f opens the filters, space toggles "red" (on, then off), Escape closes.
        async def rag_filter() -> None:
            await pilot.press("f")
            await pilot.pause()
            # The filter choices (a dialog's SelectionList or a panel's OptionList) have focus;
            # the first choice is "red".
            choices = app.focused
            if getattr(choices, "highlighted", 0) is None:
                choices.highlighted = 0
            for _ in range(repeats):
                await scope_key("filter_rag_on", "space")
                await scope_key("filter_rag_off", "space")
            await pilot.press("escape")
            await pilot.pause()

        if "rag" in only:
            await attempt("filter_rag_on", rag_filter)

        # 2. Officer filter: o opens the picker, the name is typed, Enter picks; x clears.
        async def officer_filter() -> None:
            for _ in range(repeats):
                await pilot.press("o")
                await pilot.pause()
                await pilot.press(*officer)
                await pilot.pause()
                await scope_key("filter_officer", "enter")
                await scope_key("filter_clear", "x")

        if app.officers and "officer" in only:
            await attempt("filter_officer", officer_filter)

        # 3. Search: / focuses the box; each character after the first is one measured keystroke.
        async def search() -> None:
            await pilot.press("slash")
            await pilot.pause()
            for _ in range(repeats):
                word = "care"
                await scope_key("search_first", word[0])
                for char in word[1:]:
                    await scope_key("filter_search", char)
                for _ in word:
                    await scope_key("search_backspace", "backspace")
            await pilot.press("escape")
            await pilot.pause()

        if "search" in only:
            await attempt("filter_search", search)

        # 4. Triage: t opens the red items; s steps to the next; a + reason + Enter rates amber.
        async def triage() -> None:
            await pilot.press("t")
            await _until(lambda: isinstance(app.screen, TriageScreen) and app.screen.loaded, limit, "triage queue")
            triage_screen = app.screen
            await _until(lambda: 0 in triage_shown, limit, "first red item shown")
            await pilot.pause(0.2)  # let the prefetch of the next detail land, as a reader would
            for n in range(repeats * 2):
                position = triage_screen.position + 1
                t0 = time.perf_counter()
                await pilot.press("s")
                await _until(lambda position=position: position in triage_shown, limit, "next red item shown")
                add("triage_next", triage_shown[position] - t0)
                await pilot.pause(0.05)
                if n % 2 == 0:
                    await pilot.press("a")
                    await pilot.pause()
                    await pilot.press(*"bench: partner data late")
                    count = len(saved)
                    t0 = time.perf_counter()
                    await pilot.press("enter")
                    await _until(lambda count=count: len(saved) > count, limit, "RAG change saved")
                    add("triage_rag", saved[count] - t0)
                    await pilot.pause(0.05)

        if "triage" in only:
            await attempt("triage_next", triage)
        results["events"]["session_s"] = time.perf_counter() - started
        stop_watching()
        save()
        os._exit(0)  # workers still reading (officers, counts) must not hold the exit up


def main(argv: list[str]) -> int:
    from tui.launch import _limit_malloc_arenas

    _limit_malloc_arenas()  # what `ragtrack` does before starting the app (tui/launch.py)
    if argv and argv[0] == "cold":
        return cold(argv[1])
    if argv and argv[0] == "session":
        import argparse
        import asyncio

        parser = argparse.ArgumentParser()
        parser.add_argument("db")
        parser.add_argument("out")
        parser.add_argument("--officer", required=True)
        parser.add_argument("--repeats", type=int, default=5)
        parser.add_argument("--limit", type=float, default=60.0, help="seconds to wait for any one step")
        parser.add_argument("--only", default="rag,officer,search,triage", help="which groups of keys to time")
        args = parser.parse_args(argv[1:])
        asyncio.run(session(args.db, args.out, args.officer, args.repeats, args.limit, frozenset(args.only.split(","))))
        os._exit(0)  # workers still reading (officers, counts) must not hold the exit up
    print(__doc__, file=sys.stderr)
    return 2


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
