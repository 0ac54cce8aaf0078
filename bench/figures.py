"""What the bench measured: figures, the floors measured beside them, their ratios and aims.

A figure is ragtrack doing something (a keystroke repainted, a command run); its floor is the
least that anything could take for the same result on the same data, measured in the same run,
interleaved with it (figure, floor, figure, floor...), so that a busy machine slows both. The
aims of issue 15 are ratios to those floors, which hold on a noisy machine where milliseconds
do not.
"""

from __future__ import annotations

import statistics
from dataclasses import dataclass, field


@dataclass
class Figure:
    """One measured quantity at one size: samples in seconds (or MB for memory)."""

    samples: list[float] = field(default_factory=list)
    unit: str = "s"
    note: str = ""
    timed_out: bool = False  # the samples are a lower bound: the process was stopped
    one_label: str = " (1 run)"  # how a lone sample is described

    @property
    def median(self) -> float:
        return statistics.median(self.samples)

    def text(self, with_range: bool = True) -> str:
        if not self.samples:
            return "—"
        if self.timed_out:
            return f"> {fmt(self.median, self.unit)} (stopped)"
        if not with_range:
            return fmt(self.median, self.unit)
        if len(self.samples) == 1:
            return fmt(self.median, self.unit) + self.one_label
        low, high = min(self.samples), max(self.samples)
        # A range's ends drop their unit when they share it (12.0–22.6), not when one is in
        # seconds and the other in milliseconds (291 ms–5.25 s, not "291–5.25").
        mixed = _number_and_unit(low, self.unit)[1] != _number_and_unit(high, self.unit)[1]
        return (
            f"{fmt(self.median, self.unit)} ({fmt(low, self.unit, mixed)}–"
            f"{fmt(high, self.unit, mixed)}, {len(self.samples)} runs)"
        )


def fmt(value: float, unit: str, with_unit: bool = True) -> str:
    text, suffix = _number_and_unit(value, unit)
    return text + (suffix if with_unit else "")


def _number_and_unit(value: float, unit: str) -> tuple[str, str]:
    if unit == "MB":
        return f"{value:.0f}", " MB"
    if unit == "x":
        return f"{value:.2f}", "×"
    if value < 1:
        return (f"{value * 1000:.1f}" if value < 0.1 else f"{value * 1000:.0f}"), " ms"
    return f"{value:.2f}", " s"


@dataclass
class Measured:
    """A figure and, where there is one, its floor and the ratios of interleaved pairs."""

    figure: Figure
    floor: Figure | None = None
    ratios: list[float] = field(default_factory=list)  # figure ÷ floor, pair by pair

    @property
    def ratio(self) -> float | None:
        """The median of the paired ratios (each pair ran back to back, under the same load)."""
        if self.ratios:
            return statistics.median(self.ratios)
        if self.floor is not None and self.floor.samples and self.figure.samples and self.floor.median > 0:
            return self.figure.median / self.floor.median
        return None


@dataclass(frozen=True)
class Aim:
    """``kind`` "ratio": the ratio to the floor at most ``limit``; "MB": the median at most
    ``limit`` MB; "s": the median under ``limit`` seconds; "below": the median under ``limit``
    (a plain number, e.g. one figure divided by another)."""

    limit: float
    kind: str = "ratio"

    def text(self) -> str:
        if self.kind == "ratio":
            return f"≤ {self.limit:g}× the floor"
        if self.kind == "MB":
            return f"≤ {self.limit:g} MB"
        if self.kind == "s":
            return f"under {self.limit:g} s"
        return f"< {self.limit:g}"

    def met(self, measured: Measured) -> bool | None:
        figure = measured.figure
        if not figure.samples:
            return None
        if figure.timed_out:  # stopped before it finished: missed, whatever the numbers say
            return False
        if self.kind == "ratio":
            ratio = measured.ratio
            return None if ratio is None else ratio <= self.limit
        if self.kind == "MB":
            return measured.figure.median <= self.limit
        return measured.figure.median < self.limit


@dataclass(frozen=True)
class Kind:
    """One row of the table: what is measured, what its floor is, and the aim at each size
    (``None`` as a key: the aim at every size)."""

    label: str
    floor: str = ""
    aims: dict[int | None, Aim] = field(default_factory=dict)

    def aim(self, size: int | None) -> Aim | None:
        return self.aims.get(size, self.aims.get(None))


_SCREEN = Aim(1.3)
#: The figures of the per-size table, in its order (issue 15's aims).
KINDS: dict[str, Kind] = {
    "cold_start": Kind(
        "cold start to data shown (`ragtrack`, headless)",
        "a bare Textual app showing the same first screen",
        {None: _SCREEN},
    ),
    "filter_rag": Kind("RAG filter keystroke to repaint", "a bare Textual virtual list, same filter", {None: _SCREEN}),
    "filter_search": Kind(
        "one more search character to repaint", "a bare Textual virtual list, same search", {None: _SCREEN}
    ),
    "filter_officer": Kind(
        "officer pick (Enter in the picker) to repaint", "a bare Textual virtual list, same officer", {None: _SCREEN}
    ),
    "triage_next": Kind(
        "triage: key to the next red item shown", "a bare Textual app showing the same item", {None: _SCREEN}
    ),
    "triage_rag": Kind(
        "triage: RAG change with reason saved", "a bare Textual app committing one change to SQLite", {None: _SCREEN}
    ),
    "list_process": Kind(
        "`ragtrack list --rag red --officer X --format json` (process)",
        "bare `python` + sqlite3 running the same query, same JSON",
        {None: Aim(1.5)},
    ),
    "peak_memory": Kind(
        "peak memory of the app (cold start, filters, triage)",
        "the bare Textual app doing the same steps",
        {100_000: Aim(150, "MB"), 1_000_000: Aim(250, "MB")},
    ),
    "list_memory": Kind("peak memory of `ragtrack list ... --format json`", "the bare process"),
    "task_export": Kind("`task +red +lead_X export` (Taskwarrior, same items; reference)"),
    "list_vs_task": Kind("`list` ÷ `task export`, same filter", "", {None: Aim(1.0, "below")}),
}


class Results:
    """Everything one run measured, and what went wrong."""

    def __init__(self) -> None:
        self.measured: dict[tuple[str, int], Measured] = {}
        #: Figures not tied to a plan size (import, export, sync): label -> (measured, aim, floor label).
        self.other: dict[str, tuple[Measured, Aim | None, str]] = {}
        self.notes: list[str] = []
        self.failures: list[str] = []  # one line each: "part (at size): what went wrong"

    def add(self, key: str, size: int, figure: Figure, floor: Figure | None = None, ratios=()) -> Measured:
        entry = self.measured[(key, size)] = Measured(figure, floor, list(ratios))
        return entry

    def get(self, key: str, size: int) -> Measured | None:
        return self.measured.get((key, size))

    def add_other(
        self,
        label: str,
        figure: Figure,
        floor: Figure | None = None,
        ratios=(),
        aim: Aim | None = None,
        floor_label: str = "",
    ) -> Measured:
        """A figure of its own (e.g. the 10,000-row import, the hub's sync): label, floor, aim."""
        entry = Measured(figure, floor, list(ratios))
        self.other[label] = (entry, aim, floor_label)
        return entry


def _mark(met: bool | None) -> str:
    return "" if met is None else (" ✅" if met else " ❌")


def cell(measured: Measured | None, aim: Aim | None) -> str:
    """One table cell: the ratio first (what the aim is about), then figure ÷ floor."""
    if measured is None or not measured.figure.samples:
        return "—" if measured is None or not measured.figure.note else f"— ({measured.figure.note})"
    figure, floor, ratio = measured.figure, measured.floor, measured.ratio
    mark = _mark(aim.met(measured)) if aim else ""
    if figure.unit == "MB":  # memory: the aim is in MB; the floor app's peak is for reference
        return f"**{figure.text(False)}**{mark}" + (f"<br>floor {floor.text(False)}" if floor and floor.samples else "")
    if floor is not None and floor.samples and ratio is not None:
        return f"**{ratio:.2f}×**{mark}<br>{figure.text(False)} ÷ {floor.text(False)}"
    return f"{figure.text(False)}{mark}"


def table(results: Results, sizes: list[int]) -> list[str]:
    """The per-size table: a row per figure, a column per size, the aim last."""
    lines = [
        "| figure | floor (same run, same data) | " + " | ".join(f"{s:,} actions" for s in sizes) + " | aim |",
        "|" + "---|" * (len(sizes) + 3),
    ]
    for key, kind in KINDS.items():
        entries = [results.get(key, s) for s in sizes]
        if not any(entries):
            continue
        cells = [cell(e, kind.aim(s)) for e, s in zip(entries, sizes, strict=True)]
        aims = sorted({a.text() + (f" at {s:,}" if s else "") for s, a in kind.aims.items()})
        lines.append(f"| {kind.label} | {kind.floor or '—'} | " + " | ".join(cells) + f" | {'; '.join(aims)} |")
    return lines


def other_table(results: Results) -> list[str]:
    if not results.other:
        return []
    lines = ["| figure | floor (same run) | ratio | figure ÷ floor | aim | notes |", "|---|---|---|---|---|---|"]
    for label, (entry, aim, floor_label) in results.other.items():
        ratio = entry.ratio
        ratio_text = f"**{ratio:.2f}×**" if ratio is not None else "—"
        pair = entry.figure.text()
        if entry.floor is not None and entry.floor.samples:
            pair += f" ÷ {entry.floor.text()}"
        aim_text = (aim.text() + _mark(aim.met(entry))) if aim else ""
        lines.append(f"| {label} | {floor_label or '—'} | {ratio_text} | {pair} | {aim_text} | {entry.figure.note} |")
    return lines


def details(results: Results) -> list[str]:
    """Ranges, paired ratios and notes of every per-size figure."""
    lines = []
    for (key, size), entry in results.measured.items():
        kind = KINDS.get(key)
        label = kind.label if kind else key
        parts = [f"figure {entry.figure.text()}"]
        if entry.floor is not None and entry.floor.samples:
            parts.append(f"floor {entry.floor.text()}")
        if len(entry.ratios) > 1:
            parts.append(f"paired ratios {min(entry.ratios):.2f}–{max(entry.ratios):.2f}")
        if entry.figure.note:
            parts.append(entry.figure.note)
        if entry.floor is not None and entry.floor.note:
            parts.append(f"floor: {entry.floor.note}")
        lines.append(f"- {label} at {size:,}: " + "; ".join(parts))
    return lines
