"""The document's table as the importer read it: each row with what it was read as, each column
with the field it feeds. The officer corrects it from the keyboard; each key posts a message
that the import screen turns into a correction of its mapping."""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from rich.text import Text
from textual.binding import Binding, BindingType
from textual.message import Message
from textual.widgets import DataTable

from models.text import one_line
from storage.importing.colours import rag_from_colour
from tui.screens.import_dialogs import ROW_CHOICES

#: Rows shown at most: marks on rows further down are given on the command line (--row).
MAX_SHOWN_ROWS = 2_000
#: Columns before the document's own: the row number and what the row was read as.
LEAD_COLUMNS = 2
CELL_WIDTH = 22

#: What each row role is called on screen.
ROLE_WORDS = {
    "above": "above header",
    "header": "header",
    "repeat": "header again",
    "spacer": "blank",
    "ignored": "not read",
    "skipped": "skipped",
    "furniture": "page furniture",
}


def cell_text(cell) -> Text:
    """One cell, short: its first line and how many more; a merged cell's repeat as an arrow; a
    fill with no text by the rating it stands for (a letter, so NO_COLOR loses nothing)."""
    if cell.spans_left:
        return Text("←", style="dim")
    if cell.continued:
        return Text("↑", style="dim")
    lines = cell.value.split("\n") if cell.value else []
    if not lines:
        rating = rag_from_colour(cell.fill)[0] if cell.fill else None
        return Text(f"[{rating[0].upper()} fill]" if rating else "", style="italic")
    shown = one_line(lines[0], CELL_WIDTH)
    if len(lines) > 1:
        shown += f" (+{len(lines) - 1})"
    return Text(shown)


def role_text(role: str, marked: bool) -> Text:
    word = ROLE_WORDS.get(role, role)
    if marked:
        return Text(f"{word} ✎", style="bold")
    return Text(word, style="dim" if role in ("spacer", "ignored", "furniture", "above") else "")


def column_label(number: int, header: str, field: str, mapped: bool) -> Text:
    name = one_line(header, CELL_WIDTH - 4) if header else "(no header)"
    label = Text(f"{number}. {name}\n")
    label.append(f"→ {field}" + (" ✎" if mapped else ""), style="bold" if field != "ignore" else "dim")
    return label


class DocumentTable(DataTable):
    """The table as read. Keys: f/Enter a column's field, [ ] step it, r a row's role (or a s o
    c e x u directly), h this row is the header, t/T next/previous table."""

    @dataclass
    class RowMarked(Message):
        role: str | None  # None: open the picker; "": as read

    @dataclass
    class FieldAsked(Message):
        step: int  # 0: open the picker; 1/-1: the next/previous field

    class HeaderChosen(Message):
        pass

    @dataclass
    class TableStepped(Message):
        step: int

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("f", "field(0)", "Field"),
        Binding("right_square_bracket", "field(1)", "Next field", show=False),
        Binding("left_square_bracket", "field(-1)", "Previous field", show=False),
        Binding("r", "mark('?')", "Row is…"),
        Binding("h", "header", "Header row"),
        Binding("t", "table(1)", "Next table"),
        Binding("T", "table(-1)", "Previous table", show=False),
        *[Binding(key, f"mark('{role}')", f"Row: {role or 'as read'}", show=False) for role, key, _ in ROW_CHOICES],
    ]

    def action_field(self, step: int) -> None:
        self.post_message(self.FieldAsked(step))

    def action_mark(self, role: str) -> None:
        self.post_message(self.RowMarked(None if role == "?" else role))

    def action_header(self) -> None:
        self.post_message(self.HeaderChosen())

    def action_table(self, step: int) -> None:
        self.post_message(self.TableStepped(step))
