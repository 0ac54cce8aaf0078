"""A document as the officer holds it, described once and written in any format.

A ``Doc`` is its paragraphs and tables in reading order; a table is rows of ``C`` cells (text
paragraphs, bullet items, fill colour, spans and vertical merges). ``tests.corpus.writers``
writes one as Word, Excel, CSV, PDF, HTML, Markdown or tab-separated text, each the way that
format really carries it (a Word list paragraph, an Excel fill, a PDF cell background...).
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class C:
    """One cell: paragraphs (``text``, "\\n" between them), then bullet items, then ``tail`` paragraphs."""

    text: str = ""
    bullets: tuple[str, ...] = ()
    fill: str | None = None  # RGB hex
    span: int = 1  # columns this cell covers
    down: bool = False  # continues the merged cell above (a vertical merge)
    bold: bool = False
    tail: str = ""  # paragraphs after the bullet items ("Status: ..." under a list)

    def paragraphs(self) -> list[str]:
        return [p for p in self.text.split("\n")] if self.text else []

    def after(self) -> list[str]:
        return self.tail.split("\n") if self.tail else []


def cell(value: C | str) -> C:
    return value if isinstance(value, C) else C(value)


@dataclass
class Table:
    rows: list[list[C | str]]
    header_rows: int = 1  # shaded, bold, repeated as a header in Word and PDF
    header_fill: str | None = "D9D9D9"


@dataclass
class Para:
    text: str
    style: str = "normal"  # "title", "heading1", "heading2", "bold", "normal"


@dataclass
class Sheet:
    """Where a workbook starts its next worksheet (named ``name``); other formats show the name as a heading."""

    name: str


@dataclass
class Doc:
    blocks: list[Para | Table | Sheet] = field(default_factory=list)
    title: str | None = None  # the file's own title property, where the format has one

    def tables(self) -> list[Table]:
        return [b for b in self.blocks if isinstance(b, Table)]


def width(table: Table) -> int:
    return max(sum(cell(c).span for c in row) for row in table.rows)


def grid(table: Table) -> list[list[C | None]]:
    """Each row as one slot per column: the cell that starts there, or None where a span covers."""
    rows = []
    total = width(table)
    for row in table.rows:
        slots: list[C | None] = []
        for value in row:
            c = cell(value)
            slots.append(c)
            slots.extend([None] * (c.span - 1))
        slots.extend(C() for _ in range(total - len(slots)))
        rows.append(slots)
    return rows
