"""A table row's cells read against its layout: which column feeds which field, merged and new
cells, items inside a cell matched across cells (one action per item), lettered sub-items, and
references written inside the text."""

from __future__ import annotations

import re
from itertools import islice

from storage.importing.cell_values import PROGRESS_SYMBOLS
from storage.importing.cells import heading_kind, leading_ref, rag_word, timescale_of
from storage.importing.columns import Layout
from storage.importing.grid import Row
from storage.importing.markup import one_line, strip_html
from storage.importing.model import TableModel, header_like

#: "1a", "12c": an action lettered under its objective's number.
STRICT_REF = re.compile(r"^\d{1,2}[a-z]$")
_LETTERED = re.compile(r"^([A-Z]|[a-z]|[ivx]{1,4})\s*(?:[-–]|\))\s+(\S.*)$", re.DOTALL)


#: Fields whose values are recognisable on sight (a rating, ✓/⇒ entries, a date).
TELLING = frozenset({"rag", "progress", "timescale"})


def fits(cell, field_name: str) -> bool:
    """Whether a cell's value could be the given field's (for re-aligning a row missing a cell).
    (Lengths first: a row's long cells are asked about several fields.)"""
    value = cell.value
    if not value:
        return True
    if field_name == "rag":
        return len(value) <= 12 and bool(rag_word(value))
    if field_name == "progress":
        return len(value) > 40 or bool(PROGRESS_SYMBOLS.search(value))
    if field_name == "timescale":
        return len(value) <= 40 and not PROGRESS_SYMBOLS.search(value) and timescale_of(value).understood
    if field_name == "lead":
        return len(value) <= 80 and not PROGRESS_SYMBOLS.search(value)
    if field_name == "status":
        return len(value) <= 60 and not PROGRESS_SYMBOLS.search(value)
    return True


def section_like(text: str) -> bool:
    """A line between the rows of pasted text that names a section ("Actions from the meeting
    on 28 June 2017"): a short phrase, not a sentence, a question or an introduction."""
    words = text.split()
    return 2 <= len(words) <= 16 and not text.endswith((".", ":", "?", "!", ";", ",")) and text[0].isupper()


def span_of(row: Row, index: int) -> int:
    span = 1
    while index + span < len(row.cells) and row.cells[index + span].spans_left:
        span += 1
    return span


def columns_for(layout: Layout, name: str) -> list[int]:
    return layout.indexes_of(name)


def column_of(layout: Layout, name: str) -> int | None:
    found = layout.indexes_of(name)
    return found[0] if found else None


#: Fields a cell merged down over several rows holds for each of them.
_HELD_DOWN = frozenset({"objective", "theme", "plan", "lead", "timescale"})


def row_values(row: Row, layout: Layout) -> dict[str, str]:
    """Field -> text of a row (several columns of one field joined by lines). A cell repeating a
    cell merged down counts for the objective, theme, lead and timescale (they hold for every row
    they cover) and nowhere else."""
    values: dict[str, list[str]] = {}
    cells, columns = row.cells, layout.columns
    headers: dict[str, str] = {}  # the first action and status columns' headers (``column_of``)
    for column in columns:
        name, index = column.field, column.index
        if name in ("action", "status") and name not in headers:
            headers[name] = column.header
        if name in ("ignore", "note") or index >= len(cells) or column.revises is not None:
            continue  # (a new date replaces the timescale in ``redated``)
        cell = cells[index]
        if cell.spans_left and index and columns[index - 1].field == name:
            continue
        if cell.continued and name not in _HELD_DOWN:
            continue
        texts = values.get(name)
        if texts is None:
            texts = values[name] = []
        value = cell.value
        if value:
            texts.append(value)
    found = {name: texts[0] if len(texts) == 1 else "\n".join(texts) for name, texts in values.items()}
    if "action" in headers:
        found["_action_header"] = headers["action"]
    if "status" in headers:
        found["_status_header"] = headers["status"]
    return found


def redated(row: Row, layout: Layout) -> tuple[str, int, str] | None:
    """(the new date, the original date's column, the original date) of a row whose due date a
    "New date" column moved, or None."""
    for column in layout.columns:
        if column.revises is None or column.index >= len(row.cells):
            continue
        new = row.cells[column.index].value
        if new:
            original = row.cells[column.revises].value if column.revises < len(row.cells) else ""
            return new, column.revises, original
    return None


def new_cell(row: Row, layout: Layout, name: str) -> bool:
    index = column_of(layout, name)
    return (
        index is not None and index < len(row.cells) and not row.cells[index].continued and bool(row.cells[index].value)
    )


def merged_down(row: Row, layout: Layout, name: str, model: TableModel) -> bool:
    """The row's cell for ``name`` is merged down over the row below (it heads a group)."""
    index = column_of(layout, name)
    rows = model.table.rows
    position = model.position(row)
    if index is None or position < 0 or position + 1 >= len(rows):
        return False
    below = rows[position + 1]
    return index < len(below.cells) and below.cells[index].continued


def group_ref(row: Row, layout: Layout) -> str | None:
    index = column_of(layout, "ref")
    if index is None or index >= len(row.cells):
        return None
    cell = row.cells[index]
    return cell.value if cell.continued and cell.value else None


def rag_fill(row: Row, layout: Layout) -> str | None:
    for index in columns_for(layout, "rag"):
        if index < len(row.cells) and row.cells[index].fill:
            return row.cells[index].fill
    return None


def columns_signature(layout: Layout) -> tuple:
    return tuple(c.field for c in layout.columns)


#: Fields a row gives for itself (a lead or a status comment may wrap; a date or rating seldom does):
#: a line that gives neither only carries on the row above.
_OWN_FIELDS = frozenset({"timescale", "rag"})


def refs_used(models: list[TableModel]) -> str | None:
    """Whether the tables' actions carry references: "column", "text" (typed at the start of the
    action, "1a) ..."), or None."""
    layout = models[0].layout
    ref_index = column_of(layout, "ref")
    what_index = column_of(layout, "action")
    if what_index is None:
        return None
    candidates = (
        r
        for m in models
        for r in m.rows
        if not r.heading
        and what_index < len(r.cells)
        and r.cells[what_index].value
        and not r.cells[what_index].continued
        and not header_like(r)
        and not is_heading(r.cells[what_index].value)
    )
    rows = list(islice(candidates, 400))  # the first 400 are enough to judge (and to look at)
    if not rows:
        return None
    if ref_index is not None:
        with_ref = sum(1 for r in rows if ref_index < len(r.cells) and r.cells[ref_index].value)
        if with_ref >= 0.6 * len(rows):
            return "column"
        # Text copied out of a PDF wraps each cell over several lines: the lines after a row's
        # first carry on its texts and give no date or rating of their own.
        own = [i for f, ids in layout.fields().items() if f in _OWN_FIELDS for i in ids]
        without = [r for r in rows if not (ref_index < len(r.cells) and r.cells[ref_index].value)]
        carried = sum(1 for r in without if not any(i < len(r.cells) and r.cells[i].value for i in own))
        return "column" if own and with_ref >= 2 and carried >= 0.8 * len(without) else None
    typed = sum(1 for r in rows if leading_ref(strip_html(r.cells[what_index].value))[0])
    return "text" if typed >= 0.5 * len(rows) and len(rows) >= 2 else None


def is_heading(text: str) -> bool:
    kind = heading_kind(one_line(text)) if len(text) < 400 else None
    return bool(kind and kind[0] == "objective" and kind[1])


def lettered_items(text: str) -> list[tuple[str, str]]:
    """The lettered items of a cell ("A - meeting with ...", "B - ..."), if every line is one."""
    lines = [line.strip() for line in strip_html(text).split("\n") if line.strip()]
    items = [_LETTERED.match(line) for line in lines]
    if len(items) >= 2 and all(items):
        return [(m.group(1), m.group(2).strip()) for m in items]
    return []


def is_label(text: str) -> bool:
    plain = one_line(text)
    return (
        0 < len(plain.split()) <= 6
        and not plain.endswith((":", "."))
        and "\n" not in text.strip()
        and not plain[0].islower()  # "and report to the committee": a sentence carried on, not a label
    )


ALIGNED_FIELDS = ("timescale", "lead", "status", "rag")


RULE = re.compile(r"[-–—=_.*~|+:\s]+")


def short_timescale(text: str) -> bool:
    plain = one_line(text)
    return len(plain) <= 40 and timescale_of(plain).understood and not timescale_of(plain).undated


def cell_items(row: Row, layout: Layout, what: int) -> tuple[str | None, list[dict[str, str]]] | None:
    """Rows inside a cell: the action cell's items and, for each, the values of the cells whose
    items line up with them (as many, or one fewer where the action cell starts with the heading
    they sit under). Cells with one value apply to every item; others that do not line up are
    left whole. None when the cell is one action."""
    cell = row.cells[what]
    if cell.continued:
        return None
    lines = cell.text.split("\n")
    items = [line.strip() for line in lines if line.strip()]
    if len(items) < 2:
        return None
    aligned: dict[str, list[str]] = {}
    heading = False
    for name in ALIGNED_FIELDS:
        for index in columns_for(layout, name):
            other = row.cells[index] if index < len(row.cells) else None
            if other is None or other.continued or not other.value:
                continue
            other_lines = other.text.split("\n")
            other_items = [line.strip() for line in other_lines if line.strip()]
            if len(other_items) < 2:
                continue
            if len(other_lines) == len(lines):
                skips_first = not other_lines[0].strip() and lines[0].strip()
                if skips_first:
                    heading = True
                    aligned[name] = [o.strip() for o in other_lines[1:] if o.strip() or True]
                    aligned[name] = [o.strip() for o, w in zip(other_lines[1:], lines[1:], strict=False) if w.strip()]
                else:
                    aligned[name] = [o.strip() for o, w in zip(other_lines, lines, strict=False) if w.strip()]
            elif len(other_items) == len(items):
                aligned[name] = other_items
            elif len(other_items) == len(items) - 1:
                heading = True
                aligned[name] = other_items
    if not aligned:
        return None
    if heading:
        head, parts = items[0], items[1:]
    else:
        head, parts = None, items
    result = []
    for n, part in enumerate(parts):
        values = {"action": part.lstrip("•▪- ").strip()}
        for name, texts in aligned.items():
            values[name] = texts[n] if n < len(texts) else ""
        result.append(values)
    return head, result


def embedded_refs(text: str, objective_ref: str | None, kind) -> list[re.Match]:
    number = objective_ref
    if kind and kind[0] == "objective" and kind[1]:
        number = kind[1]
    if not number or not number.isdigit():
        return []
    return list(re.finditer(rf"(?<![\w/])({number}[a-z])\)\.?\s*", text))
