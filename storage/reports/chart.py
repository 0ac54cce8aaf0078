"""The report's two charts, laid out once and drawn twice: as inline SVG (HTML, and so PDF) and
as a PNG image (Word). The XLSX summary sheet draws its own native Excel chart from the same
figures (``distribution_rows`` and ``trend_table``).

- **RAG distribution now**: one horizontal bar per rating, its count and share at the end.
- **RAG trend across reviews** (only when a review has been recorded): a stacked bar per review
  and one for now.

Every bar carries its count, every rating its letter beside the colour, and each chart has a
one-sentence ``description`` that states all its figures: the alt text of the Word image, and the
SVG's ``<title>`` (its accessible name in HTML, its alternative text in the PDF). Bars have a dark outline so amber and green keep 3:1 against the white ground.

The layout is a list of boxes and labels in pixels. It is drawn by hand rather than by a plotting
library because the two bar charts need a few rectangles, and the Word export must stay fast:
matplotlib alone takes about a second to import, more than the whole report's text to write.
Pillow draws the PNG with its bundled font, so no system font is needed on any laptop.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from html import escape

from storage.reports.model import RAG_COLOURS, RAG_NAMES, RAG_ORDER, Report, TrendColumn, uk_date

#: Stacked from the bottom: complete, on track, some challenges, substantial, not rated.
STACK = ("blue", "green", "amber", "red", "none")
#: Listed from the top in the distribution chart and the legend.
RATINGS = (*RAG_ORDER, "none")
LABELS = {**RAG_NAMES, "blue": "Blue (complete)"}
TABLE_HEADINGS = (
    "Review",
    *(RAG_NAMES[r] for r in RATINGS),
    "Withdrawn or superseded",
    "Total (open and complete)",
)
FONT_SIZE = 12
INK = "000000"
GRID = "BFBFBF"


@dataclass(frozen=True)
class Box:
    x: float
    y: float
    w: float
    h: float
    fill: str
    title: str = ""  # a tooltip in SVG
    outline: bool = True


@dataclass(frozen=True)
class Label:
    x: float
    y: float  # the text's vertical middle
    text: str
    anchor: str = "start"  # start, middle or end
    bold: bool = False
    ink: str = INK


@dataclass(frozen=True)
class Line:
    x1: float
    y1: float
    x2: float
    y2: float


@dataclass(frozen=True)
class Chart:
    key: str  # "distribution" or "trend": ids in HTML, file names in Word
    title: str
    description: str  # every figure in one or two sentences: alt text and the SVG title
    width: int
    height: int
    boxes: tuple[Box, ...]
    labels: tuple[Label, ...]
    lines: tuple[Line, ...] = ()


def _fill(rag: str) -> tuple[str, str]:
    """(fill, readable ink) of a rating; "none" (not rated) is light grey."""
    return ("D9D9D9", "000000") if rag == "none" else RAG_COLOURS[rag]


def letter(rag: str) -> str:
    return "–" if rag == "none" else rag[0].upper()


def trend_table(columns: Sequence[TrendColumn]) -> list[list[str]]:
    """One row per review (then now): its label, counts per RAG, withdrawn, total."""
    return [
        [c.label, *(str(c.counts[r]) for r in RATINGS), str(c.withdrawn), str(sum(c.counts.values()))] for c in columns
    ]


def distribution_rows(report: Report) -> list[tuple[str, str, int]]:
    """(rating key, label, count) for each rating now, in RATINGS order."""
    now = report.trend[-1]
    return [(rag, LABELS[rag], now.counts.get(rag, 0)) for rag in RATINGS]


def _counts_sentence(counts: dict[str, int]) -> str:
    return ", ".join(f"{LABELS[rag]} {counts.get(rag, 0)}" for rag in RATINGS)


def charts(report: Report) -> tuple[Chart, ...]:
    """The charts of this report: the distribution always, the trend when there was a review."""
    return (distribution_chart(report), trend_chart(report)) if report.has_trend else (distribution_chart(report),)


def distribution_chart(report: Report, width: int = 640) -> Chart:
    now = report.trend[-1]
    total = sum(now.counts.values())
    rows = distribution_rows(report)
    left, right, top, row_h, bar_h = 150, 110, 12, 30, 20
    plot_w = width - left - right
    peak = max((count for _, _, count in rows), default=0) or 1
    boxes, labels = [], []
    for index, (rag, label, count) in enumerate(rows):
        middle = top + index * row_h + row_h / 2
        fill, ink = _fill(rag)
        boxes.append(Box(8, middle - 10, 20, 20, fill, outline=True))
        labels.append(Label(18, middle, letter(rag), "middle", bold=True, ink=ink))
        labels.append(Label(36, middle, label))
        length = plot_w * count / peak
        if count:
            boxes.append(Box(left, middle - bar_h / 2, length, bar_h, fill, f"{label}: {count}"))
        share = f" ({round(100 * count / total)}%)" if total else ""
        labels.append(Label(left + length + 6, middle, f"{count}{share}", bold=True))
    height = top * 2 + len(rows) * row_h
    withdrawn = f"; {now.withdrawn} withdrawn or superseded not counted" if now.withdrawn else ""
    description = (
        f"Bar chart of actions by RAG rating as at {uk_date(report.as_at)}: {_counts_sentence(now.counts)}; "
        f"{total} actions in all (open and complete){withdrawn}."
    )
    lines = (Line(left, top, left, height - top),)
    return Chart(
        "distribution",
        f"Actions by RAG rating as at {uk_date(report.as_at)}",
        description,
        width,
        height,
        tuple(boxes),
        tuple(labels),
        lines,
    )


def trend_chart(report: Report, width: int = 720, height: int = 300) -> Chart:
    columns = report.trend
    left, right, top, bottom = 44, 170, 16, 48
    plot_w, plot_h = width - left - right, height - top - bottom
    peak = max((sum(c.counts.values()) for c in columns), default=0) or 1
    step = max(1, -(-peak // 5))  # about five gridlines, at whole numbers
    peak = step * -(-peak // step)
    slot = plot_w / max(len(columns), 1)
    bar = min(64.0, slot * 0.6)
    boxes, labels, lines = [], [], []
    for value in range(0, peak + 1, step):
        y = top + plot_h - plot_h * value / peak
        lines.append(Line(left, y, left + plot_w, y))
        labels.append(Label(left - 6, y, str(value), "end"))
    for index, column in enumerate(columns):
        x = left + slot * index + (slot - bar) / 2
        y = top + plot_h
        for rag in STACK:
            count = column.counts.get(rag, 0)
            if not count:
                continue
            h = plot_h * count / peak
            y -= h
            fill, ink = _fill(rag)
            boxes.append(Box(x, y, bar, h, fill, f"{column.label}: {count} {LABELS[rag]}"))
            if h >= 14:
                labels.append(Label(x + bar / 2, y + h / 2, str(count), "middle", ink=ink))
        labels.append(Label(x + bar / 2, top + plot_h + 14, column.label, "middle", bold=column.is_now))
        labels.append(Label(x + bar / 2, top + plot_h + 30, f"{sum(column.counts.values())} actions", "middle"))
    for index, rag in enumerate(reversed(STACK)):
        y = top + 4 + index * 24
        fill, ink = _fill(rag)
        boxes.append(Box(left + plot_w + 16, y, 20, 20, fill))
        labels.append(Label(left + plot_w + 26, y + 10, letter(rag), "middle", bold=True, ink=ink))
        labels.append(Label(left + plot_w + 42, y + 10, LABELS[rag]))
    points = "; ".join(f"{c.label}: {_counts_sentence(c.counts)}" for c in columns)
    return Chart(
        "trend",
        "RAG ratings at each review and now",
        f"Stacked bar chart of the number of actions per RAG rating at each review and now. {points}.",
        width,
        height,
        tuple(boxes),
        tuple(labels),
        tuple(lines),
    )


# --- SVG (HTML and PDF) ----------------------------------------------------------------------
_ANCHOR_SVG = {"start": "start", "middle": "middle", "end": "end"}


def svg(chart: Chart) -> str:
    """The chart as an inline <svg role="img"> whose <title> states its figures: the name screen
    readers announce, and the alternative text of the PDF's Figure (WeasyPrint reads <title>)."""
    key = chart.key
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="chart chart-{key}" width="{chart.width}"'
        f' height="{chart.height}" viewBox="0 0 {chart.width} {chart.height}" role="img"'
        f' aria-labelledby="{key}-title">',
        f'<title id="{key}-title">{escape(chart.description)}</title>',
        f'<rect class="ground" x="0" y="0" width="{chart.width}" height="{chart.height}" fill="#FFFFFF"/>',
        f'<g font-family="Arial, Helvetica, sans-serif" font-size="{FONT_SIZE}">',
    ]
    parts += [
        f'<line x1="{ln.x1:.1f}" y1="{ln.y1:.1f}" x2="{ln.x2:.1f}" y2="{ln.y2:.1f}" stroke="#{GRID}"/>'
        for ln in chart.lines
    ]
    for box in chart.boxes:
        tooltip = f"<title>{escape(box.title)}</title>" if box.title else ""
        stroke = ' stroke="#000000" stroke-width="1"' if box.outline else ""
        parts.append(
            f'<rect x="{box.x:.1f}" y="{box.y:.1f}" width="{box.w:.1f}" height="{box.h:.1f}"'
            f' fill="#{box.fill}"{stroke}>{tooltip}</rect>'
        )
    for label in chart.labels:
        weight = ' font-weight="bold"' if label.bold else ""
        parts.append(
            f'<text x="{label.x:.1f}" y="{label.y:.1f}" dy="0.35em" text-anchor="{_ANCHOR_SVG[label.anchor]}"'
            f' fill="#{label.ink}"{weight}>{escape(label.text)}</text>'
        )
    parts.append("</g></svg>")
    return "\n".join(parts)


# --- PNG (Word) ------------------------------------------------------------------------------
_ANCHOR_PIL = {"start": "lm", "middle": "mm", "end": "rm"}


@lru_cache(maxsize=4)
def _font(size: int):
    from PIL import ImageFont

    return ImageFont.load_default(size)


def png(chart: Chart, scale: int = 2) -> bytes:
    """The chart as a PNG, ``scale`` pixels per layout unit (2: sharp when printed)."""
    from PIL import Image, ImageDraw

    image = Image.new("RGB", (chart.width * scale, chart.height * scale), "#FFFFFF")
    draw = ImageDraw.Draw(image)
    for ln in chart.lines:
        draw.line([ln.x1 * scale, ln.y1 * scale, ln.x2 * scale, ln.y2 * scale], fill=f"#{GRID}", width=scale)
    for box in chart.boxes:
        corners = [box.x * scale, box.y * scale, (box.x + box.w) * scale, (box.y + box.h) * scale]
        draw.rectangle(corners, fill=f"#{box.fill}", outline="#000000" if box.outline else None, width=scale)
    font = _font(FONT_SIZE * scale)
    for label in chart.labels:
        draw.text(
            (label.x * scale, label.y * scale),
            label.text.replace("–", "-"),  # the bundled font has no en dash
            fill=f"#{label.ink}",
            font=font,
            anchor=_ANCHOR_PIL[label.anchor],
            stroke_width=1 if label.bold else 0,  # the bundled font has no bold face
            stroke_fill=f"#{label.ink}",
        )
    out = io.BytesIO()
    # zlib's fastest level: half the encoding time of its default (9 ms of a ~0.5 s report) for
    # a file ~15% larger (29 KB, not 25) in a report of ~150 KB
    image.save(out, format="PNG", compress_level=1)
    return out.getvalue()
