"""What the rows of a plan table become before the plan is assembled: objectives and actions
as drafts (cells still as text), and what each row of each table was read as (for the mapping
screen)."""

from __future__ import annotations

from dataclasses import dataclass, field

from storage.importing.model import TableModel


@dataclass
class ObjectiveDraft:
    ref: str | None
    text: str
    theme: str | None
    derived: bool = False  # grouped by the actions' refs, not named by the document
    heading_where: str | None = None  # where the document names it (a heading row or line)
    actions: list[ActionDraft] = field(default_factory=list)


@dataclass
class ActionDraft:
    """An action as read from its row (with any rows continuing it), cells still as text."""

    values: dict[str, str]
    fill: str | None
    where: str
    line: int | None
    ref: str = ""
    written_ref: str = ""  # the reference as the document wrote it, when it had to be repaired
    notes: list[tuple[int, str, str]] = field(default_factory=list)  # (column, header, value) kept as notes
    status: str | None = None
    merged_line: bool = False  # read out of a heading line that swallowed its row
    group: str | None = None  # a reference merged down over several rows


@dataclass
class RowView:
    """What one row of a table became: its role, and a word on why (for the mapping screen)."""

    where: str
    role: str
    detail: str = ""


@dataclass
class TableView:
    model: TableModel
    rows: list[RowView] = field(default_factory=list)


__all__ = ["ActionDraft", "ObjectiveDraft", "RowView", "TableView"]
