"""Stage 2 of the import pipeline: a table's model. Where its header is (a row of column names,
possibly over two rows, possibly with blank cells; repeated on every page), what each column
feeds (``columns.map_columns``), and what kind of table it is: the plan's, a list of people
("Name / Job title / E-mail", or contacts set out one person per column), or neither.

A table with no header row is read with the columns of the most recent table of the same
width (the next page of a long table); failing that, by its values alone.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cached_property

from storage.importing.cells import dated, ref_like
from storage.importing.columns import Layout, figures_only, map_columns, normal_header, score_header
from storage.importing.grid import Row, Table

HEADER_SEARCH_ROWS = 30
_LEGEND = re.compile(r"^[\s(]*(?:bold|[✓✔⇒→]|\W)")  # "(bold)", "✓ = achievement to date"


@dataclass
class TableModel:
    table: Table
    kind: str  # "plan", "people", "contacts", "other"
    layout: Layout | None
    header: list[int] = field(default_factory=list)  # indexes of header rows
    data_start: int = 0  # first row after the header
    above: list[Row] = field(default_factory=list)  # rows above the header (titles, sections)
    reused: str | None = None  # the table whose columns were reused, if any
    notes: list[str] = field(default_factory=list)

    @cached_property
    def header_names(self) -> list[str]:
        """The first header row's cells, compared loosely (``normal_header``)."""
        if not self.header:
            return []
        return [normal_header(c.value) for c in self.table.rows[self.header[0]].cells]

    @cached_property
    def header_named(self) -> int:
        """How many of ``header_names`` are not blank."""
        return sum(1 for h in self.header_names if h)

    @cached_property
    def header_first_words(self) -> list[str]:
        """The first word of each of ``header_names`` ("" for none)."""
        return [h.split()[0] if h else "" for h in self.header_names]

    @property
    def rows(self) -> list[Row]:
        return self.table.rows[self.data_start :]

    def position(self, row: Row) -> int:
        """The row's index in its table (-1 when not in it)."""
        if not hasattr(self, "_positions"):
            self._positions = {id(r): i for i, r in enumerate(self.table.rows)}
        return self._positions.get(id(row), -1)


def _cell_label(text: str) -> bool:
    """Short enough and shaped like a column name: no sentence, no date, no long number (a
    legend after the name, "Progress ✓ = achievement to date", does not count)."""
    base = normal_header(text)
    if not text or len(base) > 80 or len(base.split()) > 12 or "\n\n" in text:
        return False
    if text.rstrip().endswith(".") and len(base.split()) >= 4:
        return False  # a sentence ("Council Plan ... Progress Update."), as a form's value, not a name
    if dated(base) and score_header(text)[0] < 3:
        return False
    return not (any(c.isdigit() for c in base) and score_header(text)[0] < 3)


def header_like(row: Row) -> bool:
    """A row of column names: at least two distinct cells, each short and label-like, two of them
    names a column is known by (or one, beside labels in a row of three or more). Data whose
    first word happens to be a column name ("Progress note 12", "1a") is not a header: a cell
    holding a number, a date or a sentence is data."""
    if row.heading:
        return False
    texts = []
    for cell in row.cells:
        if cell.spans_left or not cell.value:
            continue
        text = " ".join(cell.value.split())
        if not _cell_label(text):
            return False  # a cell of data (a sentence, a date, a number): no header
        texts.append(text)
    if len(texts) < 2:
        return False
    if _people_kind(texts):
        return True
    known = [score_header(t) for t in texts]
    strong = sum(1 for s, _, f in known if s >= 2 and f not in ("ignore",))
    some = sum(1 for s, _, _ in known if s >= 1)
    if strong >= 2 or (strong >= 1 and some >= 2):
        return True
    return strong >= 1 and len(texts) >= 3 and some >= 1 and len(set(texts)) == len(texts)


def _subheader(header: Row, below: Row) -> bool:
    """A second header line ("Time" over "scale", "RAG" over "rating", "(bold)")."""
    pairs = [(h, b) for h, b in zip(header.cells, below.cells, strict=False) if b.value and not b.continued]
    if not pairs or len(pairs) < len([c for c in below.cells if c.value]):
        return False
    for top, under in pairs:
        if not top.value:
            return False
        joined = f"{top.value} {under.value}"
        legend = bool(_LEGEND.match(under.value)) or not normal_header(under.value)
        if not (
            legend
            or score_header(joined)[0] == 3
            or (score_header(under.value)[2] == score_header(top.value)[2] and score_header(under.value)[0] == 3)
        ):
            return False
    return True


def header_texts(table: Table, first: int, end: int) -> list[str]:
    """The column names of a header over rows first..end-1: a second line completes the first
    ("Time" over "scale"); a cell merged over two columns names both."""
    top = table.rows[first]
    texts = [c.value if not c.spans_left else "" for c in top.cells]
    for row in table.rows[first + 1 : end]:
        for i, under in enumerate(row.cells[: len(texts)]):
            if under.value and not under.continued:
                texts[i] = f"{texts[i]} {under.value}".strip()
    for i, cell in enumerate(top.cells):
        if cell.spans_left and i:
            texts[i] = texts[i - 1] or ""
    return texts


def find_header(table: Table, forced: int | None = None) -> tuple[int, int] | None:
    """(first, last+1) rows of the table's header, or None when it has none."""
    rows = table.rows
    if forced is not None:
        if 0 <= forced < len(rows):
            end = forced + 1
            if end < len(rows) and _subheader(rows[forced], rows[end]):
                end += 1
            return forced, end
        return None
    if table.header_rows:
        head = rows[: table.header_rows]
        if not any(c.value for r in head for c in r.cells):
            return None  # the format's header row is blank: a page continuing the last table
        if any(header_like(r) for r in head) or len(head) == 1:
            return 0, table.header_rows
    for index, row in enumerate(rows[:HEADER_SEARCH_ROWS]):
        if header_like(row):
            end = index + 1
            if end < len(rows) and _subheader(row, rows[end]):
                end += 1
            elif end < len(rows) and _group_header(row, rows[end]):
                return end, end + 1  # "Recommendation | | Responsibility |" over "Ref | Action | Lead | Due"
            return index, end
    return None


def _group_header(row: Row, below: Row) -> bool:
    """A row naming groups of columns (some cells blank) over the row naming each column."""
    named = [c for c in row.cells if c.value and not c.spans_left]
    under = [c for c in below.cells if c.value and not c.spans_left]
    return len(under) > len(named) and len(under) == len(below.cells) and header_like(below)


def _people_kind(texts: list[str]) -> str | None:
    names = {normal_header(t) for t in texts if t}
    if "name" in names and names & {"job title", "role", "e mail", "email", "job title role", "title", "email address"}:
        return "people"
    return None


def _contacts(table: Table) -> bool:
    """Contacts set out one person per column: first cells "Name", "Job title", "Email address"."""
    labels = {normal_header(r.cells[0].value) for r in table.rows[:12] if r.cells and r.cells[0].value}
    return "name" in labels and bool(labels & {"job title", "email address", "email", "e mail", "office number"})


def split_stacked(table: Table) -> list[Table]:
    """A sheet or table holding several tables one under another (counts, then a key of
    ratings, then a key of initials), each after a blank row and with its own header, as
    separate tables. A header repeated as it was (a new page) does not split."""
    found = find_header(table)
    if found is None:
        return [table]
    header = table.rows[found[0]]
    first_header = [normal_header(t) for t in header.texts()]
    header_fills = {c.fill for c in header.cells if c.value} - {None}
    parts: list[Table] = []
    start = 0
    rows = table.rows
    for index in range(found[1] + 1, len(rows)):
        blank = not any(c.value or c.fill for c in rows[index - 1].cells)
        if not blank or not (header_like(rows[index]) or _styled_like(rows[index], header_fills)):
            continue
        if [normal_header(t) for t in rows[index].texts()] == first_header:
            continue
        parts.append(
            Table(
                table.name, rows[start:index], table.before if not parts else [], table.header_rows if not parts else 1
            )
        )
        start = index
    if not parts:
        return [table]
    parts.append(Table(table.name, rows[start:], [], 1))
    for part in parts[1:]:
        part.name = f"{table.name} ({part.rows[0].where.removeprefix(table.name).strip(' ,') or 'below'})"
    return parts


def _styled_like(row: Row, fills: set[str]) -> bool:
    """Shaded as the header row is (a header's shading is its own), with labels for text."""
    filled = [c for c in row.cells if c.value and not c.spans_left]
    return (
        len(fills) == 1
        and len(filled) >= 2
        and all(c.fill in fills for c in filled)
        and all(_cell_label(c.value) for c in filled)
    )


def model_table(
    table: Table,
    previous: list[TableModel],
    mapped: dict[str, str] | None = None,
    header_row: int | None = None,
) -> TableModel:
    """The model of one table, given the tables read before it."""
    if _contacts(table):
        return TableModel(table, "contacts", None, data_start=len(table.rows))
    found = find_header(table, header_row)
    if found is None:
        return _headerless(table, previous, mapped)
    first, end = found
    header_row_cells = table.rows[first]
    texts = header_texts(table, first, end)
    if _people_kind(texts):
        return TableModel(table, "people", None, list(range(first, end)), end, table.rows[:first])
    layout = map_columns(texts, table.rows[end:], table.name, header_row_cells.where, mapped)
    layout.header_rows = list(range(first, end))
    kind = "plan" if {"action", "objective"} & set(layout.fields()) and not figures_only(layout) else "other"
    if kind == "plan" and _rag_key(layout, table.rows[end:]):
        kind = "key"
    return TableModel(table, kind, layout, list(range(first, end)), end, table.rows[:first])


def _rag_key(layout: Layout, rows: list[Row]) -> bool:
    """A key of ratings ("Red | Substantial challenges", "Amber | ..."): each row a different
    rating, a handful of rows."""
    from storage.importing.cells import rag_word

    columns = layout.fields().get("rag", [])
    content = [r for r in rows if any(c.value for c in r.cells)]
    if not columns or not 3 <= len(content) <= 6:
        return False
    if set(layout.fields()) - {"rag", "action", "note", "objective"}:
        return False  # references, leads, dates: a plan's rows, however few
    ratings = [rag_word(r.cells[columns[0]].value) or r.cells[columns[0]].value.lower() for r in content]
    return len(set(ratings)) == len(ratings) and sum(1 for x in ratings if x in ("red", "amber", "green", "blue")) >= 3


def _headerless(table: Table, previous: list[TableModel], mapped: dict[str, str] | None) -> TableModel:
    width = table.width
    content = [r for r in table.rows if any(c.value for c in r.cells) and not r.heading]
    for earlier in reversed(previous):
        if earlier.kind == "plan" and earlier.layout and len(earlier.layout.columns) == width:
            layout = Layout(table.name, earlier.layout.header_where, earlier.layout.columns)
            model = TableModel(table, "plan", layout, reused=earlier.table.name)
            model.notes.append(f"no header row: read with the columns of {earlier.table.name}")
            return model
    if len(content) < 2:
        return TableModel(table, "other", None)
    layout = map_columns([""] * width, table.rows, table.name, "no header row", mapped)
    kind = "plan" if "action" in layout.fields() and _plausible(layout) else "other"
    model = TableModel(table, kind, layout)
    if kind == "plan":
        model.notes.append("no header row: columns read from their values")
    return model


def _plausible(layout: Layout) -> bool:
    """A header-less table read by its values is a plan only if it has more than a text column."""
    fields = set(layout.fields()) - {"note", "ignore"}
    return len(fields) >= 2


def repeats_header(row: Row, model: TableModel) -> bool:
    """A repeat of the table's header (the top of a new page)."""
    header = model.header_names
    named = model.header_named
    if not named:
        return False
    same = 0
    for h, first, c in zip(header, model.header_first_words, row.cells, strict=False):
        if not h:
            continue
        value = c.value
        if (
            value
            and len(value) <= 80  # a long cell is data
            and (first in value.lower() or first == "and")  # (quick: else it cannot be the name)
            and normal_header(value) == h
        ):
            same += 1
    return same >= max(2, (named + 1) // 2) and header_like(row)


def is_ref_like(text: str) -> bool:
    return ref_like(text)


__all__ = ["TableModel", "find_header", "header_like", "model_table", "repeats_header"]
