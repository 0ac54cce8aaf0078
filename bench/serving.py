"""The child side of an app session the bench drives step by step (bench/tui_driver.py for
ragtrack, bench/floor_app.py for its floor).

The bench (bench/tui_bench.py) starts both as long-lived processes and sends them the same steps
alternately over stdin, one JSON object a line ({"step": "rag", "on": true}); each answers one
line ``BENCH {...}`` on its stdout ({"seconds": 0.012, "first": [ids...]} or {"error": "..."}).
The answers go to a copy of the original stdout taken at import, since a running Textual app
may capture ``sys.stdout``.
"""

from __future__ import annotations

import asyncio
import itertools
import json
import os
import sys
import threading
import time
import traceback
from collections.abc import Awaitable, Callable

_OUT = os.fdopen(os.dup(sys.stdout.fileno()), "w", buffering=1, encoding="utf-8")


class Timeout(Exception):
    pass


def reply(answer: dict) -> None:
    _OUT.write("BENCH " + json.dumps(answer) + "\n")
    _OUT.flush()


async def until(predicate: Callable[[], object], limit: float, what: str) -> float:
    """Poll ``predicate`` (every half millisecond, disturbing the app little) until true;
    returns the perf_counter() when it was seen true. Not a figure's end: a step's ``await
    pilot.press`` returns only once the app is idle again, so figures take the time the app
    itself recorded (painted, saved)."""
    started = time.perf_counter()
    while not predicate():
        if time.perf_counter() - started > limit:
            raise Timeout(f"{what}: not within {limit:.0f} s")
        await asyncio.sleep(0.0005)
    return time.perf_counter()


async def settle(app, pilot, limit: float) -> None:
    """Wait until the app's workers have all finished and their messages are handled, as
    between a person's keystrokes: every step starts from a quiet app."""
    from textual.worker import WorkerState

    busy = (WorkerState.PENDING, WorkerState.RUNNING)
    await until(lambda: not any(w.state in busy for w in app.workers), limit, "the app's workers to finish")
    await pilot.pause(0.1)


#: bench/profile_app.py --window: the profiler of ``serve``, on only inside ``timed_window`` (the
#: figure's own span, key to repaint), not over the whole step (opening the picker, typing...).
_WINDOW: dict = {"profiler": None}


class timed_window:
    """``with timed_window():`` around what a figure times (a no-op unless profiling the window)."""

    def __enter__(self) -> None:
        if _WINDOW["profiler"] is not None:
            _WINDOW["profiler"].enable()

    def __exit__(self, *exc) -> None:
        if _WINDOW["profiler"] is not None:
            _WINDOW["profiler"].disable()


class CpuMeter:
    """``BENCH_CPU=1``: in place of the profiler, the CPU a figure's window took, added to each
    step's answer: ``ui_cpu_ms`` (this, the UI thread) and ``cpu_ms`` (the whole process, workers
    too). Less swayed by a busy machine than the wall time (a step that waits for the CPU pays
    no CPU for it), so paired runs of app and floor compare what each does for a step."""

    def __init__(self) -> None:
        self.ui = self.process = 0.0
        self._started: tuple[float, float] | None = None

    def enable(self) -> None:
        # A step's figure is its last window (the officer step clears the officer untimed first).
        self.ui = self.process = 0.0
        self._started = (time.thread_time(), time.process_time())

    def disable(self) -> None:
        if self._started is not None:
            ui, process = self._started
            self.ui += time.thread_time() - ui
            self.process += time.process_time() - process
            self._started = None

    def take(self) -> dict:
        taken = {"ui_cpu_ms": self.ui * 1000, "cpu_ms": self.process * 1000}
        self.ui = self.process = 0.0
        return taken


def end_window() -> None:
    """A figure's end (its paint), as the app records it: ``--window`` profiles up to here, not
    on to when the driver's poll sees it (by then the app has gone on to its next work)."""
    if _WINDOW["profiler"] is not None:
        _WINDOW["profiler"].disable()


async def serve(handle: Callable[[dict], Awaitable[dict]], ready: dict) -> None:
    """Answer the bench's steps until it sends {"step": "quit"} or closes stdin."""
    loop = asyncio.get_running_loop()
    requests: asyncio.Queue[str | None] = asyncio.Queue()

    def read() -> None:
        for line in sys.stdin:
            loop.call_soon_threadsafe(requests.put_nowait, line)
        loop.call_soon_threadsafe(requests.put_nowait, None)

    threading.Thread(target=read, daemon=True).start()
    # bench/profile_app.py: this (the UI) thread's profile over the steps, written at the end.
    profile_path = os.environ.get("BENCH_PROFILE")
    profiler = profiler_whole = None
    meter = None
    if os.environ.get("BENCH_CPU"):
        meter = _WINDOW["profiler"] = CpuMeter()
    elif profile_path:
        import cProfile

        profiler = cProfile.Profile(time.thread_time)  # this thread's CPU time: a busy machine does not inflate it
        if os.environ.get("BENCH_PROFILE_WINDOW"):
            _WINDOW["profiler"], profiler_whole = profiler, None
        else:
            profiler_whole = profiler
    reply({"ready": True, **ready})
    while (line := await requests.get()) is not None:
        request = json.loads(line)
        if request.get("step") == "quit":
            break
        try:
            if profiler_whole is not None:
                profiler_whole.enable()
            answer = await handle(request)
        except Timeout as error:
            answer = {"error": str(error), "timed_out": True}
        except Exception as error:  # reported to the bench as this step's failure; the session goes on
            traceback.print_exc()
            answer = {"error": f"{type(error).__name__}: {error}"}
        finally:
            if profiler_whole is not None:
                profiler_whole.disable()
        if meter is not None:
            answer.update(meter.take())
        reply(answer)
    if profiler is not None and profile_path:
        profiler.dump_stats(profile_path)


def watch_main_thread(blocked: dict[str, float], stall: float = 2.0) -> Callable[[], None]:
    """A watchdog thread: when the app's event loop (this main thread) has not come round for
    ``stall`` seconds while this process was busy (at least half that time on the CPU, so not a
    machine too loaded to run it), record where the main thread is stuck and for how long (a
    frozen loop is what a user sees as a hung app; the stack says which call froze it). Returns a
    stop function."""
    from pathlib import Path

    main_id = threading.main_thread().ident
    beat = {"at": time.perf_counter(), "cpu": time.process_time()}
    stopping = threading.Event()

    async def heartbeat() -> None:
        while not stopping.is_set():
            beat["at"], beat["cpu"] = time.perf_counter(), time.process_time()
            await asyncio.sleep(0.05)

    task = asyncio.get_running_loop().create_task(heartbeat())

    def watch() -> None:
        while not stopping.wait(0.5):
            stalled = time.perf_counter() - beat["at"]
            if stalled < stall or time.process_time() - beat["cpu"] < stall / 2:
                continue
            frames = traceback.extract_stack(sys._current_frames().get(main_id))
            ours = [f for f in frames if "/tui/" in f.filename or "/storage/" in f.filename]
            shown = frames[-3:] + [f for f in ours[-1:] if f not in frames[-3:]]
            key = " <- ".join(f"{Path(f.filename).name}:{f.lineno} {f.name}" for f in reversed(shown))
            blocked[key] = max(blocked.get(key, 0.0), round(stalled, 1))

    threading.Thread(target=watch, daemon=True).start()

    def stop() -> None:
        stopping.set()
        task.cancel()

    return stop


# --- when a step's repaint is on screen -----------------------------------------------------------

#: Stamps in order: a widget's latest refresh and the latest compositor pass that drew it.
_STAMPS = itertools.count(1)
#: key -> {widget: the stamp of its refresh that is waiting to be drawn}
_WAITING: dict[int, dict[object, int]] = {}
_ON_PAINTED: list[Callable[[int], None]] = []


def watch_paint(on_painted: Callable[[int], None]) -> None:
    """Call ``on_painted(key)`` when the repaint ``when_painted`` waits for is on screen.

    ``call_after_refresh`` alone is not that moment: the screen runs its callbacks as soon as it
    is idle, and a widget refreshed in the same handler tells the screen so from its own message
    queue, usually after; the callback then runs before the repaint, and times the message, not
    the paint. So a figure ends after the compositor pass (``Screen._compositor_refresh``) that
    draws every widget on screen refreshed by then (the list, the search box...), for the app
    and its floor alike; at once when nothing is left to draw. A widget is drawn when rendered,
    or when its regions were taken into the pass (``Compositor.update_widgets``): ragtrack's
    compositor (tui/compositor.py) renders nothing of a widget that others in front cover."""
    from textual._compositor import Compositor
    from textual.screen import Screen
    from textual.widget import Widget

    _ON_PAINTED.append(on_painted)
    refresh, render_lines, compositor_refresh = Widget.refresh, Widget.render_lines, Screen._compositor_refresh
    update_widgets = Compositor.update_widgets

    def stamped_refresh(self, *args, **kwargs):
        self._bench_refreshed = next(_STAMPS)
        return refresh(self, *args, **kwargs)

    def stamped_render_lines(self, crop):
        self._bench_drawn = next(_STAMPS)
        return render_lines(self, crop)

    def stamped_update_widgets(self, widgets) -> None:
        # Their regions go into the pass that follows: drawn there, as far as they show (a
        # compositor may leave out the lines of a widget that others in front of it cover).
        stamp = next(_STAMPS)
        for widget in widgets:
            widget._bench_drawn = stamp
        return update_widgets(self, widgets)

    def painted_after(self) -> None:
        compositor_refresh(self)
        for key, waiting in list(_WAITING.items()):
            # Drawn since, or no longer showing (hidden meanwhile: nothing of it to draw).
            if all(getattr(w, "_bench_drawn", 0) > stamp or not w.region.area for w, stamp in waiting.items()):
                del _WAITING[key]
                for callback in _ON_PAINTED:
                    callback(key)

    Widget.refresh, Widget.render_lines = stamped_refresh, stamped_render_lines  # type: ignore[method-assign]
    Compositor.update_widgets = stamped_update_widgets  # type: ignore[method-assign]
    Screen._compositor_refresh = painted_after  # type: ignore[method-assign]


def when_painted(screen, key: int) -> None:
    """Call back for ``key`` once every widget showing on ``screen`` refreshed by now has been
    drawn since (at once if none is left to draw). Called from a ``call_after_refresh`` callback."""
    waiting = {
        widget: widget._bench_refreshed
        for widget, (region, clip) in screen._compositor.visible_widgets.items()
        if getattr(widget, "_bench_refreshed", 0) > getattr(widget, "_bench_drawn", 0)
        and region.intersection(clip).area
    }
    if waiting:
        _WAITING[key] = waiting
        return
    for callback in _ON_PAINTED:
        callback(key)
