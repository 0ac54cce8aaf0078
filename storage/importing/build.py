"""Stage 3 of the import pipeline: the rows of the modelled tables become the plan.

Each row of a plan table has a role, decided in order (the user's mapping can set it):
- ``spacer`` (empty), ``repeat`` (the header again, a new page), ``key`` (initials, RAG
  definitions), ``furniture`` (page numbers, running headers and footers);
- ``section``: a line or a cell spanning the table ("Actions held over from previous meetings",
  "OPPORTUNITIES: Objective/Driver: 5. ...") names a theme or an objective;
- ``objective``: the row names only an objective (its cell, or a short unnumbered label in a
  table whose actions are numbered);
- ``continuation``: the row carries on the row above over a page break (no reference where the
  table's actions have one), and is joined to it;
- ``action``: a new action. A cell holding several items (lines, bullets, lettered "A - ...")
  beside cells holding as many (timescales, leads) is one action per item; a first item the other
  cells skip is the heading those items sit under. An objective cell merged down over rows of
  "sub actions" is their objective.
Values are then read from the cells by ``assemble`` (with ``cell_values``, ``cells``, ``leads``,
``progress``): references as written (brackets kept), leads (names, initials as written, posts),
timescales (a date in the text only when it is due, never a meeting's), statuses ("Status:
complete", "Complete" where a date or progress goes, "DELETE:"), ratings from words or fills,
progress entries, and every other column's value as a "Header: value" note. ``row_cells`` reads
a row's cells against its layout; ``people_tables`` the tables of people. Whatever was skipped
or guessed becomes a note.

Here: the ``Builder`` and the document around the tables (keys, statements, headings before a
table, the tables of people). The rows themselves are read by ``row_reading.RowReader``, which the
builder is; what they become, before ``assemble``, are the drafts of ``drafts``.
"""

from __future__ import annotations

import re
from collections import Counter

from storage.importing.cell_values import trim_statement
from storage.importing.cells import (
    all_capitals,
    as_at_in,
    heading_kind,
    is_key_text,
    key_entries,
    rag_definitions_in_text,
)
from storage.importing.columns import figures_only, normal_header
from storage.importing.document import (
    ImportedOfficer,
    ImportedPlan,
)
from storage.importing.drafts import ActionDraft, ObjectiveDraft, RowView, TableView
from storage.importing.grid import Grid, Row
from storage.importing.markup import one_line
from storage.importing.model import TableModel
from storage.importing.people_tables import contacts_table, default_definitions, people_table
from storage.importing.row_cells import (
    columns_signature,
    refs_used,
    span_of,
)
from storage.importing.row_reading import REPORT_HEADING, RowReader


class Builder(RowReader):
    def __init__(self, grid: Grid, plan: ImportedPlan, row_roles: dict[tuple[int, int], str] | None = None):
        self.grid = grid
        self.plan = plan
        self.row_roles = row_roles or {}
        self.key: dict[str, str] = {}
        self.objectives: list[ObjectiveDraft] = []
        self.by_ref: dict[str, ObjectiveDraft] = {}  # the latest objective of each reference
        self.current: ObjectiveDraft | None = None
        self.theme: str | None = None
        self.last: ActionDraft | None = None
        self.views: list[TableView] = []
        self.people: list[ImportedOfficer] = []
        self.contacts: list[ImportedOfficer] = []
        self.plan_names: Counter = Counter()
        self.exported = False
        self.colour_rated = 0
        self.furniture: list[str] = []
        self.statements: dict[str, tuple[str, str | None, str]] = {}  # ref -> (text, theme, where)
        self.data_rows = 0
        self.joined = 0
        self.skipped = 0
        self.title_lines: set[int] = set()  # ids of the lines that name the plan
        self.refs: dict[int, str | None] = {}  # id of a layout's columns -> how its actions are numbered
        self.shifted: int | None = None
        self.noted_layouts: set[tuple] = set()
        self.as_at = None  # "as at 22/07/2015" (the date of an export is not the plan's)  # the column from which the last row's cells were moved right

    def finish(self) -> None:
        """The plan from what the rows gave (objectives numbered, actions' values read)."""
        from storage.importing.assemble import assemble

        assemble(self)

    def decide_refs(self, models: list[TableModel]) -> None:
        """Whether each layout's actions carry references, judged over every table read with it
        (a table of one page may hold only a row continued from the page before)."""
        groups: dict[tuple, list[TableModel]] = {}
        for model in models:
            if model.kind == "plan" and model.layout is not None:
                groups.setdefault(columns_signature(model.layout), []).append(model)
        for group in groups.values():
            decision = refs_used(group)
            for model in group:
                self.refs[id(model.layout.columns)] = decision

    # ---- the document around the tables -----------------------------------------------------------
    def scan_document(self) -> None:
        texts = [line.text for line in self.grid.lines]
        for table in self.grid.tables:
            for row in table.rows:
                pair = []  # the row's values, each merged cell once
                for cell in row.cells:
                    value = cell.value
                    if not value or cell.spans_left:
                        continue
                    pair.append(value)
                    if not cell.continued and (
                        "=" in value or "–" in value or ":" in value or "as at" in value.lower()
                    ):
                        texts.append(value)
                if (
                    len(pair) == 2
                    and re.fullmatch(r"[A-Z]{2,4}", pair[0])
                    and len(pair[1].split()) in (2, 3)
                    and is_key_text(f"{pair[0]} = {pair[1]}")
                ):
                    self.key.setdefault(pair[0], " ".join(pair[1].split()))
        for text in texts:
            for initials, name in key_entries(text).items():
                self.key.setdefault(initials, name)
            if not self.as_at:
                self.as_at = as_at_in(text)
            definitions = rag_definitions_in_text(text)
            if len(definitions) >= 2 and not self.plan.rag_definitions and not default_definitions(definitions):
                self.plan.rag_definitions = definitions  # (the defaults, as an export prints them, are not the plan's)
        self.exported = any(
            REPORT_HEADING.search(line.text) for line in self.grid.lines if line.level is not None or line.bold
        )
        self._statements()

    def _statements(self) -> None:
        """Objectives stated anywhere in the document ("Objective/Driver: 1. Employment ..."),
        with the theme heading they sit under: they give objectives known only by their actions'
        references a text, and replace a heading the table mangled."""
        theme = None
        inside: dict[str, tuple[str, str | None, str]] = {}
        for line in self.grid.lines:
            text = one_line(line.text)
            kind = heading_kind(text)
            if kind is None:
                continue
            if kind[0] == "theme":
                if all_capitals(text) and len(text.split()) <= 3:
                    theme = kind[2]
                continue
            _, ref, body, own_theme = kind
            found = self.statements if not line.in_table else inside
            if ref and body and ref not in found:
                found[ref] = (trim_statement(body), own_theme or theme, line.where)
        for ref, statement in inside.items():  # a heading between rows, where the text states it nowhere else
            self.statements.setdefault(ref, statement)

    # ---- tables ------------------------------------------------------------------------------------
    def table(self, model: TableModel, index: int) -> None:
        view = TableView(model)
        self.views.append(view)
        if model.kind == "contacts":
            self.contacts += contacts_table(model, self)
            view.rows = [RowView(r.where, "people") for r in model.table.rows]
            return
        if model.kind == "key":
            self._rag_key(model)
            view.rows = [
                RowView(r.where, "header" if i in model.header else "key") for i, r in enumerate(model.table.rows)
            ]
            return
        if model.kind == "people":
            self.people += people_table(model, self)
            view.rows = [
                RowView(r.where, "header" if i in model.header else "people") for i, r in enumerate(model.table.rows)
            ]
            return
        for note in model.notes:
            self.note(model.table.name, note)
        if model.kind == "plan":
            self._guesses(model)
            self._before(model)
        for row in model.above:
            view.rows.append(RowView(row.where, self._above(row, model)))
        for i in model.header:
            view.rows.append(RowView(model.table.rows[i].where, "header"))
        if model.kind != "plan":
            content = [r for r in model.rows if any(c.value for c in r.cells)]
            if content and model.layout and figures_only(model.layout):
                self.note(model.table.name, f"a table of figures, not of actions: {len(content)} rows skipped")
            elif content and not all(self._keyed(r) for r in content) and model.layout:
                self.note(
                    model.table.name, "no action or objective column: table skipped (name its columns in the mapping)"
                )
            elif content and model.layout is None:
                self.note(
                    model.table.name,
                    f"no header row recognised (Ref, Action, Lead, Timescale...): {len(content)} rows skipped",
                )
            view.rows += [RowView(r.where, "ignored") for r in model.rows]
            return
        self.exported |= {"changed since last review", "times re dated"} <= {
            normal_header(c.header) for c in model.layout.columns
        }
        refs = self.refs.get(id(model.layout.columns)) if model.layout else None
        previous_repeat = False
        for offset, row in enumerate(model.rows):
            position = model.data_start + offset
            forced = self.row_roles.get((index, position))
            role, detail = self.row(row, model, refs, forced, previous_repeat)
            previous_repeat = role == "repeat"
            view.rows.append(RowView(row.where, role, detail))

    def _keyed(self, row: Row) -> bool:
        """A row of a key ("JR = Jackie Roper", "JR | Jackie Roper"), already read."""
        pair = [c.value for c in row.cells if c.value and not c.spans_left]
        return is_key_text(" ".join(pair)) or (len(pair) == 2 and self.key.get(pair[0]) == " ".join(pair[1].split()))

    def _guesses(self, model: TableModel) -> None:
        """Columns read by a guess, or kept as notes for want of a field, said once per layout."""
        layout = model.layout
        if model.reused or layout.signature() in self.noted_layouts:
            return
        self.noted_layouts.add(layout.signature())
        for column in layout.columns:
            if column.how == "guessed":
                self.note(
                    model.table.name, f"column {column.label!r} read as {column.field} (a guess: {column.reason})"
                )
            elif column.field == "note" and column.how == "not recognised":
                self.note(model.table.name, f"column {column.label!r} not recognised: its values kept as notes")

    def _rag_key(self, model: TableModel) -> None:
        """A table of the ratings and what each means: the plan's RAG definitions."""
        from storage.importing.cells import rag_word

        rag = model.layout.fields()["rag"][0]
        text = next(
            (
                i
                for f, ids in model.layout.fields().items()
                if f in ("action", "note", "objective")
                for i in ids
                if i != rag
            ),
            None,
        )
        found = {}
        for row in model.rows:
            rating = rag_word(row.cells[rag].value) if rag < len(row.cells) else None
            if rating and text is not None and text < len(row.cells) and row.cells[text].value:
                found[rating] = one_line(row.cells[text].value)
        if len(found) >= 2 and not self.plan.rag_definitions and not default_definitions(found):
            self.plan.rag_definitions = found

    def _before(self, model: TableModel) -> None:
        """Headings just before a table ("PRIORITY 1a Early Help and Prevention", a Word
        "Heading 2") name the objective or theme of the rows that follow."""
        from storage.importing.plan_text import is_name

        if not any(any(c.value for c in r.cells) and not r.heading for r in model.rows):
            return  # a table with no rows (a header at the foot of the text) heads nothing
        for line in model.table.before[-3:]:
            if id(line) in self.title_lines or as_at_in(line.text):
                continue
            plain = one_line(line.text)
            kind = heading_kind(plain)
            if kind and ((kind[0] == "objective" and kind[1]) or (kind[0] == "theme" and all_capitals(plain))):
                self._heading(plain, Row([], line.where)) if kind[0] == "objective" else self._set_theme(kind[2])
            elif line.level is not None and line.level >= 1 and is_name(plain) and not plain.endswith(":"):
                if line.level == 1 and not self.objectives:
                    self._set_theme(plain)
                else:
                    self._objective(None, plain, where=line.where)

    def _set_theme(self, name: str) -> None:
        self.theme, self.current = name, None

    def _above(self, row: Row, model: TableModel) -> str:
        """A row above the header: a title or date line (read with the document's lines), or a
        cell spanning the table naming the section the rows below belong to."""
        filled = row.filled()
        if not filled:
            return "spacer"
        text = row.cells[filled[0]].value
        if len(filled) == 1 and span_of(row, filled[0]) >= max(2, len(row.cells) // 2) and len(row.cells) > 2:
            kind = heading_kind(text, strict=False)
            if kind and kind[0] == "objective" and kind[1]:
                self._heading(text, row)
                return "section"
            self.theme, self.current = one_line(text), None
            return "section"
        return "above"


__all__ = ["ActionDraft", "Builder", "ObjectiveDraft", "RowView", "TableView"]
