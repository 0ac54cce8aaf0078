"""The RAG trend across reviews: a table (for every format) and an inline SVG chart (for HTML).

The chart is a stacked bar per review and one for now, drawn by hand as SVG so the HTML report
needs no script, no library and no network. Every bar segment carries its count and the legend
carries the letters, so the chart reads without colour too.
"""

from __future__ import annotations

from collections.abc import Sequence
from html import escape

from storage.reports.model import RAG_COLOURS, RAG_NAMES, RAG_ORDER, TrendColumn

#: Stacked from the bottom: complete, on track, some challenges, substantial, not rated.
STACK = ("blue", "green", "amber", "red", "none")
TABLE_HEADINGS = (
    "Review",
    *(RAG_NAMES[r] for r in (*RAG_ORDER, "none")),
    "Withdrawn or superseded",
    "Total (open and complete)",
)


def trend_table(columns: Sequence[TrendColumn]) -> list[list[str]]:
    """One row per review (then now): its label, counts per RAG, withdrawn, total."""
    return [
        [c.label, *(str(c.counts[r]) for r in (*RAG_ORDER, "none")), str(c.withdrawn), str(sum(c.counts.values()))]
        for c in columns
    ]


def _fill(rag: str) -> tuple[str, str]:
    if rag == "none":
        return "D9D9D9", "000000"
    return RAG_COLOURS[rag]


def trend_svg(columns: Sequence[TrendColumn], width: int = 720, height: int = 300) -> str:
    """A stacked bar chart of the counts per RAG at each review and now, as an <svg> element."""
    left, right, top, bottom = 44, 150, 16, 48
    plot_w, plot_h = width - left - right, height - top - bottom
    peak = max((sum(c.counts.values()) for c in columns), default=0) or 1
    step = max(1, -(-peak // 5))  # about five gridlines, at whole numbers
    peak = step * -(-peak // step)
    slot = plot_w / max(len(columns), 1)
    bar = min(64.0, slot * 0.6)
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="trend-chart" width="{width}" height="{height}"'
        f' viewBox="0 0 {width} {height}" role="img" aria-labelledby="trend-title">',
        '<title id="trend-title">Number of actions per RAG rating at each review and now</title>',
        '<g font-family="Arial, Helvetica, sans-serif" font-size="11">',
    ]
    for value in range(0, peak + 1, step):
        y = top + plot_h - plot_h * value / peak
        parts.append(f'<line x1="{left}" y1="{y:.1f}" x2="{left + plot_w}" y2="{y:.1f}" stroke="#cccccc"/>')
        parts.append(f'<text x="{left - 6}" y="{y + 4:.1f}" text-anchor="end">{value}</text>')
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
            parts.append(
                f'<rect class="bar rag-{rag}" x="{x:.1f}" y="{y:.1f}" width="{bar:.1f}" height="{h:.1f}"'
                f' fill="#{fill}" stroke="#ffffff" stroke-width="0.5"><title>{escape(column.label)}:'
                f" {count} {escape(RAG_NAMES[rag])}</title></rect>"
            )
            if h >= 12:
                parts.append(
                    f'<text x="{x + bar / 2:.1f}" y="{y + h / 2 + 4:.1f}" text-anchor="middle"'
                    f' fill="#{ink}">{count}</text>'
                )
        label_y = top + plot_h + 16
        weight = ' font-weight="bold"' if column.is_now else ""
        parts.append(
            f'<text x="{x + bar / 2:.1f}" y="{label_y}" text-anchor="middle"{weight}>{escape(column.label)}</text>'
        )
        parts.append(
            f'<text x="{x + bar / 2:.1f}" y="{label_y + 14}" text-anchor="middle" fill="#555555">'
            f"{sum(column.counts.values())} actions</text>"
        )
    for index, rag in enumerate(reversed(STACK)):
        y = top + 4 + index * 20
        fill, ink = _fill(rag)
        letter = rag[0].upper() if rag != "none" else "–"
        parts.append(f'<rect x="{left + plot_w + 16}" y="{y}" width="16" height="16" fill="#{fill}"/>')
        parts.append(
            f'<text x="{left + plot_w + 24}" y="{y + 12}" text-anchor="middle" font-weight="bold"'
            f' fill="#{ink}">{letter}</text>'
        )
        parts.append(f'<text x="{left + plot_w + 38}" y="{y + 12}">{escape(RAG_NAMES[rag])}</text>')
    parts.append("</g></svg>")
    return "\n".join(parts)
