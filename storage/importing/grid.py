"""Stage 1 of the import pipeline: any document as a grid of cells.

Every format reader (Word, Excel, CSV, text, Markdown, web page, PDF) produces a ``Grid``: the
document's tables, each rows of ``Cell``s, plus its text outside the tables as ``Line``s in
reading order. A cell keeps what the later stages need and nothing format-specific: its text
(one line per paragraph, list item or line break, blank lines kept because they align items
across cells; a list item starts with "• "), its fill colour, and whether it repeats a merged
cell (to its left, or above). ``storage.importing.model`` reads the table model from here.
"""

from __future__ import annotations

from dataclasses import dataclass, field

BULLET = "• "


@dataclass(slots=True, init=False)
class Cell:
    text: str  # lines joined by "\n"; may hold blank lines (they align items across cells)
    fill: str | None  # RGB hex of the cell's fill/shading, when it has one
    spans_left: bool  # the same merged cell as the one to its left
    continued: bool  # the same merged cell as the one above (its text is repeated here)
    #: The text without its blank lines or surrounding space. Worked out as the cell is made (a
    #: cell is not changed once made, and its value is read several times: a plain attribute,
    #: not a property, for the hundreds of thousands of reads of a 10,000-row sheet).
    value: str = field(init=False, repr=False, compare=False)

    def __init__(self, text: str = "", fill: str | None = None, spans_left: bool = False, continued: bool = False):
        self.text = text
        self.fill = fill
        self.spans_left = spans_left
        self.continued = continued
        if "\n" not in text:
            self.value = text.strip()
        else:
            self.value = "\n".join(line.strip() for line in text.split("\n") if line.strip())


@dataclass(slots=True)
class Row:
    cells: list[Cell]
    where: str  # "line 12", "table 2 row 5", "sheet 'Plan' row 7": for notes
    line: int | None = None  # a line number, for text formats
    heading: bool = False  # a line of text between rows (pasted text), not cells of the table

    def texts(self) -> list[str]:
        return [c.value for c in self.cells]

    def filled(self) -> list[int]:
        """Columns holding a value of their own (not a repeat of a merged cell)."""
        return [i for i, c in enumerate(self.cells) if not c.spans_left and not c.continued and (c.value or c.fill)]


@dataclass(slots=True)
class Line:
    """A paragraph or line of text outside the tables."""

    text: str
    where: str = ""
    line: int | None = None
    level: int | None = None  # 0 for a title, 1.. for headings; None for body text
    bold: bool = False
    in_table: bool = False  # a line between the rows of a table (pasted text)


@dataclass
class Table:
    name: str  # "table 2", "sheet 'Plan'", "the text"
    rows: list[Row]
    before: list[Line] = field(default_factory=list)  # the text between the previous table and this one
    header_rows: int | None = None  # how many rows the format itself marks as the header, if it does

    @property
    def width(self) -> int:
        return max((len(r.cells) for r in self.rows), default=0)


@dataclass
class Grid:
    kind: str  # "Word document", "Excel workbook", "CSV (',' between cells)"...
    source_key: str  # the file name's stem: the same file imports into the same plan
    tables: list[Table] = field(default_factory=list)
    lines: list[Line] = field(default_factory=list)  # every line outside the tables, in order
    title: str | None = None  # the document's own title property, when it has one
    notes: list[str] = field(default_factory=list)  # what the reader left out (hidden sheets...)


def pad(rows: list[Row]) -> None:
    """Give every row the same number of cells."""
    width = max((len(r.cells) for r in rows), default=0)
    for row in rows:
        if len(row.cells) < width:
            row.cells.extend(Cell() for _ in range(width - len(row.cells)))


__all__ = ["BULLET", "Cell", "Grid", "Line", "Row", "Table", "pad"]
