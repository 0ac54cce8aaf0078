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
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field

from storage.importing.cell_values import join_cell_text, label_of, trim_statement
from storage.importing.cells import (
    all_capitals,
    as_at_in,
    clean_ref,
    heading_kind,
    is_key_text,
    key_entries,
    leading_ref,
    rag_definitions_in_text,
    ref_parts,
    split_objective,
)
from storage.importing.columns import Layout, figures_only, normal_header
from storage.importing.document import (
    ImportedOfficer,
    ImportedPlan,
    ImportNote,
)
from storage.importing.grid import Cell, Grid, Row
from storage.importing.markup import one_line, strip_html
from storage.importing.model import TableModel, header_like, is_ref_like, repeats_header
from storage.importing.people_tables import contacts_table, default_definitions, people_table
from storage.importing.row_cells import (
    RULE,
    STRICT_REF,
    TELLING,
    cell_items,
    column_of,
    columns_for,
    columns_signature,
    embedded_refs,
    fits,
    group_ref,
    is_label,
    lettered_items,
    merged_down,
    new_cell,
    rag_fill,
    redated,
    refs_used,
    row_values,
    section_like,
    short_timescale,
    span_of,
)

#: The heading of ragtrack's own committee report (DOCX, Markdown): its progress dates are its own.
_REPORT_HEADING = re.compile(r"ONGOING ACTIONS – SUMMARY VERSION as at \d{2}/\d{2}/\d{4}")
# Lines that are page furniture, not content.
_FURNITURE = re.compile(
    r"^(?:page\s+\d+(?:\s+of\s+\d+)?|\d+\s*/\s*\d+|created by\b.*|printed\b.*|produced by\b.*|"
    r"[A-Z]\s*=\s*[A-Za-z]+|continued(?: on the next page| overleaf)?\.?|\(?cont(?:inued|'d|’d)\)?\.?)$",
    re.IGNORECASE,
)
_CONTINUED_LABEL = re.compile(r"\s*\((?:cont(?:inued|'d|’d|d)?\.?)\)\s*$|\s+cont(?:inued|'d|’d)\.?\s*$", re.IGNORECASE)
_LOOSE_REF = re.compile(r"^\s*([0-9A-Za-z]{1,3})\s*\)\s*\.?\s*")
_OCR_LETTER = {"I": "l", "1": "l", "|": "l"}
ROLES = ("action", "section", "objective", "continuation", "ignore")


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


class Builder:
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

    def note(self, where: str | None, message: str, line: int | None = None) -> None:
        self.plan.notes.append(ImportNote(line, f"{where}: {message}" if where and not line else message))

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
            _REPORT_HEADING.search(line.text) for line in self.grid.lines if line.level is not None or line.bold
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

    # ---- rows --------------------------------------------------------------------------------------
    def row(
        self, row: Row, model: TableModel, refs: str | None, forced: str | None, after_repeat: bool
    ) -> tuple[str, str]:
        layout = model.layout
        filled = row.filled()
        if forced == "ignore":
            return "ignore", "marked ignore"
        if not filled and not any(c.value for c in row.cells):
            return "spacer", ""
        if forced is None and (repeats_header(row, model) or (after_repeat and header_like(row))):
            self.note(row.where, "the header repeated (a new page): skipped", row.line)
            return "repeat", ""
        fresh = [i for i in filled if row.cells[i].value]
        if fresh and all(RULE.fullmatch(row.cells[i].value) for i in fresh):
            return "spacer", "a rule line"
        if len(fresh) == 1 and forced is None and is_key_text(one_line(row.cells[fresh[0]].value)):
            return "key", "key of initials"
        spanning = len(fresh) == 1 and (row.heading or span_of(row, fresh[0]) >= max(2, (len(layout.columns) + 1) // 2))
        ref_column = column_of(layout, "ref")
        if forced is None and not spanning and len(fresh) == 1 and fresh[0] == ref_column:
            lone = one_line(row.cells[fresh[0]].value)  # "Carried over from 2024" where the refs go
            spanning = len(lone.split()) >= 2 and not is_ref_like(lone) and not leading_ref(lone)[0]
        if forced == "section" or (forced is None and spanning):
            text = row.cells[fresh[0]].value if fresh else ""
            return self._line(text, row, model, refs, strict=row.heading and forced != "section")
        row = self._realign(row, layout)
        if forced == "objective":
            values = row_values(row, layout)
            text = values.get("objective") or values.get("action") or " ".join(row.cells[i].value for i in fresh)
            self._objective(*split_objective(strip_html(text)), where=row.where)
            return "objective", "marked objective"
        values = row_values(row, layout)
        what_cell = column_of(layout, "action")
        first = row.cells[what_cell].value if what_cell is not None and what_cell < len(row.cells) else ""
        if forced is None and first and refs == "text":
            kind = heading_kind(one_line(first))
            if kind and kind[0] == "objective" and kind[1] and not leading_ref(strip_html(first))[0]:
                whole = " ".join(c.value for c in row.cells if c.value and not c.spans_left)
                return self._line(whole, row, model, refs, strict=True)
        self.data_rows += 1
        if values.get("plan"):
            self.plan_names[one_line(values["plan"])] += 1
        what = values.get("action", "")
        others = {
            k
            for k, v in values.items()
            if v and not k.startswith("_") and k not in ("objective", "theme", "plan", "action", "ref")
        }
        new_objective = new_cell(row, layout, "objective")
        if forced == "continuation":
            return self._continue(values, row, refs, forced=True)
        if not what and not values.get("ref"):
            if (
                not others
                and refs == "column"
                and values.get("objective")
                and new_objective
                and self.current is not None
                and self.current.actions
                and self.last in self.current.actions
            ):
                self.current.text = join_cell_text(self.current.text, strip_html(values["objective"]))
                self.joined += 1
                self.note(
                    row.where,
                    f"no reference: joined to {self.last.ref or 'the row above'} (a row continued over a page break)",
                    row.line,
                )
                return "continuation", "the objective's text carried on"
            if not others:
                if values.get("objective") or values.get("theme"):
                    self._context(values, row)
                    return "objective" if values.get("objective") else "section", ""
                return "spacer", ""
            if new_objective and values.get("objective"):
                self._context(values, row)  # an objective row with its own lead, date, progress
                return self._new_action(
                    dict(values, action=self.current.text if self.current else ""), row, model, refs
                )
            if others <= {"lead", "note"} and not any(
                c.value for c in row.cells if not c.continued and len(c.value) > 40
            ):
                self.skipped += 1
                self.note(row.where, f"line skipped: {' '.join(row.cells[i].value for i in fresh)[:60]!r}", row.line)
                return "skipped", "only a lead: not an action of its own"
            return self._continue(values, row, refs)
        if forced == "action":
            return self._new_action(values, row, model, refs)
        ref_cell = values.get("ref", "")
        if refs == "column" and not ref_cell:
            items = lettered_items(what) or lettered_items(values.get("objective", ""))
            if items and self.current is not None:
                if not lettered_items(what) and what and short_timescale(what) and not values.get("timescale"):
                    values = dict(values, timescale=what)  # the action cell of this row holds only a date
                return self._sub_items(values, items, row, model)
            own = {k for k in others if new_cell(row, layout, k) and not merged_down(row, layout, k, model)}
            if not own and not values.get("objective") and is_label(what):
                self._context(values, row)
                self._objective(None, one_line(what), where=row.where)
                return "objective", "an unnumbered label among numbered actions"
            if self.last is not None and not self._rated_again(own, values):
                return self._continue(values, row, refs)
        if refs == "text" and not leading_ref(strip_html(what))[0] and not _LOOSE_REF.match(strip_html(what)):
            plain = one_line(what)
            if plain.endswith(":") and not others:
                self.skipped += 1
                self.note(row.where, f"line introducing a list skipped: {plain[:60]!r}", row.line)
                return "skipped", "introduces a list"
            starts_objective = self.current is not None and not self.current.actions and self.current.heading_where
            if self.last is not None and not values.get("objective") and not starts_objective:
                return self._continue(values, row, refs)
        return self._new_action(values, row, model, refs)

    def _rated_again(self, own: set[str], values: dict[str, str]) -> bool:
        """A row with no reference that is an action of its own, not the row above carried on: it
        gives its own rating and its own date where the row above gave both already."""
        last = self.last.values if self.last is not None else {}
        return (
            {"rag", "timescale"} <= own
            and bool(last.get("rag"))
            and bool(last.get("timescale"))
            and values.get("action", "")[:1].isupper()
        )

    def _realign(self, row: Row, layout: Layout) -> Row:
        """A row missing a cell (pasted text lost an empty "time scale" cell): when the cells
        after some column each fit the next column's field and not their own, and the last
        column is empty, they are moved one column right. A row continuing a row so moved
        moves with it."""
        cells = row.cells
        fields = [c.field for c in layout.columns]
        width = min(len(cells), len(fields))
        shift_from = None
        if width >= 3 and not cells[width - 1].value and not row.heading:
            for k in range(1, width - 1):
                tail = range(k, width - 1)
                if not any(cells[i].value for i in tail):
                    break
                # (the cheap test first: each is asked only while the answer can still be yes)
                if (
                    any(cells[i].value and fields[i + 1] in TELLING for i in tail)  # lands
                    and all(fits(cells[i], fields[i + 1]) for i in tail)  # moved
                    and not all(fits(cells[i], fields[i]) for i in tail if cells[i].value)  # stays
                ):
                    shift_from = k
                    break
            if shift_from is None and self.shifted is not None and not cells[0].value:
                k = self.shifted
                if any(cells[i].value for i in range(k, width - 1)) and not all(
                    fits(cells[i], fields[i]) for i in range(k, width - 1)
                ):
                    shift_from = k
        if shift_from is None:
            self.shifted = None if cells and cells[0].value else self.shifted
            return row
        self.shifted = shift_from
        new = [*cells[:shift_from], Cell(), *cells[shift_from : width - 1], *cells[width:]]
        self.note(
            row.where,
            f"a cell is missing: the cells from column {shift_from + 1} read one column to the right",
            row.line,
        )
        return Row(new, row.where, row.line, row.heading)

    def _line(self, text: str, row: Row, model: TableModel, refs: str | None, strict: bool) -> tuple[str, str]:
        """A line between rows, or a cell spanning the table."""
        plain = one_line(text)
        if is_key_text(plain) or (len(key_entries(plain)) >= 3):
            return "key", "key of initials"
        if rag_definitions_in_text(plain):
            return "key", "RAG definitions"
        if as_at_in(plain) or _FURNITURE.match(plain) or _REPORT_HEADING.search(plain):
            self.furniture.append(row.where)
            return "furniture", ""
        if refs == "text":
            embedded = embedded_refs(plain, self.current.ref if self.current else None, heading_kind(plain))
            if len(embedded) >= 2:
                self._merged_line(plain, embedded, row)
                return "section", "an objective heading holding its actions"
        kind = heading_kind(plain, strict=strict and not section_like(plain))
        if kind is None:
            self.skipped += 1
            self.note(row.where, f"line outside the table's columns skipped: {plain[:60]!r}", row.line)
            return "skipped", "not a heading"
        if kind[0] == "theme" or (model.layout and "objective" in model.layout.fields() and not kind[1]):
            self.theme, self.current = kind[2], None
            return "section", "theme"
        self._heading(plain, row)
        return "section", "objective"

    def _heading(self, text: str, row: Row) -> None:
        kind = heading_kind(text, strict=False)
        _, ref, body, theme = kind
        if theme:
            self.theme = theme
        if (
            ref is None
            and self.current
            and not self.current.text
            and not self.current.actions
            and not self.current.derived
        ):
            self.current.text = body  # "Objective 1" on one row, its text on the next
            return
        self._objective(ref, body, where=row.where)

    def _context(self, values: dict[str, str], row: Row) -> None:
        if values.get("theme") and one_line(values["theme"]) != self.theme:
            self.theme = one_line(values["theme"])
            self.current = None
        if values.get("objective"):
            ref, text = split_objective(strip_html(values["objective"]))
            self._objective(ref, text, where=row.where)

    def _objective(self, ref: str | None, text: str, derived: bool = False, where: str | None = None) -> ObjectiveDraft:
        if text and "cont" in text.casefold():  # (quick: the label's letters casefold to these)
            text = _CONTINUED_LABEL.sub("", text)
        text = text.strip() if text else text
        if ref is not None:  # the latest objective of that reference, if any
            candidates = [self.by_ref[ref]] if ref in self.by_ref else []
        else:  # the objective of the row above, most often; else any earlier one
            candidates = [*([self.current] if self.current is not None else []), *reversed(self.objectives)]
        for objective in candidates:
            same_ref = ref is not None and objective.ref == ref
            same_text = ref is None and text and (objective.text == text or (objective.text or "").startswith(text))
            if (same_ref or same_text) and (objective.theme == self.theme or same_ref):
                if text and not objective.text:
                    objective.text = text
                objective.derived = objective.derived and derived
                objective.heading_where = objective.heading_where or where
                self.current = objective
                return objective
        self.current = ObjectiveDraft(ref, text, self.theme, derived, where)
        self.objectives.append(self.current)
        if ref is not None:
            self.by_ref[ref] = self.current
        return self.current

    def _new_action(self, values: dict[str, str], row: Row, model: TableModel, refs: str | None) -> tuple[str, str]:
        layout = model.layout
        self._context(values, row)
        what_column = column_of(layout, "action")
        items = cell_items(row, layout, what_column) if what_column is not None else None
        if items and len(items[1]) >= 2:
            heading, parts = items
            base = self.current
            if heading:
                self._objective(None, heading, where=row.where)
            for item_values in parts:
                raw = self._raw(dict(values, **item_values), row, layout, refs)
                self._attach(raw)
            if heading:
                self.current = base  # the heading holds for this row's items only
            return "action", f"{len(parts)} actions from the items of one cell"
        raw = self._raw(values, row, layout, refs)
        self._attach(raw)
        return "action", ""

    def _sub_items(self, values: dict[str, str], items: list[tuple[str, str]], row: Row, model: TableModel):
        """A row with no reference whose action cell lists lettered items ("A - ...", "B - ..."):
        sub-actions of the objective above, sharing the row's leads and dates."""
        parent = self.current.ref or (self.last.ref if self.last is not None else "") or ""
        for letter, text in items:
            raw = self._raw(dict(values, action=text, ref=""), row, model.layout, None)
            raw.ref = f"{parent}{letter}" if parent else letter
            self._attach(raw)
        refs = ", ".join(f"{parent}{letter}" for letter, _ in items)
        self.note(row.where, f"sub-items read as actions {refs} with this row's officers and date", row.line)
        return "action", f"{len(items)} sub-actions"

    def _attach(self, raw: ActionDraft) -> None:
        parts = ref_parts(raw.ref) if raw.ref else None
        main = parts[0] if parts else None
        if self.current is None or self.current.derived:
            if self.current is None or (self.current.derived and main is not None and self.current.ref != main):
                self._objective(main, "", derived=True)
        elif main and main.isdigit() and self.current.ref and self.current.ref.isdigit() and main != self.current.ref:
            # "6a" under objective 5's heading: the action's number says it belongs to objective 6
            self._objective(main, "", derived=True)
        self.current.actions.append(raw)
        self.last = raw

    def _raw(self, values: dict[str, str], row: Row, layout: Layout, refs: str | None) -> ActionDraft:
        raw = ActionDraft(dict(values), rag_fill(row, layout), row.where, row.line)
        what = strip_html(values.get("action", ""))
        ref = clean_ref(values.get("ref", "")) if values.get("ref") else ""
        if not ref and refs != "column":
            written, rest = leading_ref(what)
            if written:
                ref, what = written, rest
            elif refs == "text":
                loose = _LOOSE_REF.match(what)
                if loose:
                    ref, what = loose.group(1), what[loose.end() :]
        if refs == "text" and ref and not STRICT_REF.match(ref):
            repaired = self._repair_ref(ref)
            if repaired and repaired != ref:
                raw.written_ref = ref
                self.note(row.where, f"reference {ref + ')'!r} read as {repaired} (the next in sequence)", row.line)
                ref = repaired
        if not ref and self.current is not None and self.current.ref and refs != "column":
            pass
        if not ref:
            group = group_ref(row, layout)
            if group:
                raw.group = clean_ref(group)
        raw.ref = ref
        raw.values["action"] = what
        for index in columns_for(layout, "note"):
            cell = row.cells[index] if index < len(row.cells) else None
            if cell is not None and cell.value and not cell.spans_left:
                raw.notes.append((index, label_of(layout.columns[index].header), one_line(cell.value)))
        moved = redated(row, layout)
        if moved:
            new, index, original = moved
            raw.values["timescale"] = new
            if original:
                raw.notes.append((index, label_of(layout.columns[index].header), one_line(original)))
        status_index = column_of(layout, "status")
        if status_index is not None:
            raw.values["_status_index"] = str(status_index)
        return raw

    def _repair_ref(self, written: str) -> str | None:
        """A reference OCR garbled ("Sc)" for 3c, "g)" for 3g, "6I)" for 6l) read as the next in
        the document's sequence, when its last letter fits that sequence."""
        previous = self.last.ref if self.last is not None else ""
        match = re.match(r"^(\d{1,2})([a-z])$", previous)
        if not match:
            return None
        number, letter = match.groups()
        expected_letter = chr(ord(letter) + 1)
        last = _OCR_LETTER.get(written[-1], written[-1].lower())
        if last == expected_letter:
            return f"{number}{expected_letter}"
        return None

    def _continue(self, values: dict[str, str], row: Row, refs: str | None, forced: bool = False) -> tuple[str, str]:
        last = self.last
        if last is None:
            self.skipped += 1
            self.note(row.where, "row without a reference before any action: skipped", row.line)
            return "skipped", "nothing to continue"
        what = values.get("action", "")
        if refs == "text" and what and last.ref:
            match = re.match(r"^(\d{1,2})([a-z])$", last.ref)
            if match:
                expected = f"{match.group(1)}{chr(ord(match.group(2)) + 1)}"
                embedded = re.search(rf"(?<![\w/]){expected}\)\.?\s*", what)
                if embedded:
                    self.note(
                        row.where,
                        f"action {expected} starts inside the line continuing {last.ref}; split there",
                        row.line,
                    )
                    head = what[: embedded.start()].strip()
                    self._join(last, dict({k: "" for k in values}, action=head))
                    rest = dict(values, action=what[embedded.start() :])
                    raw = self._raw(rest, row, self.views[-1].model.layout, refs)
                    self._attach(raw)
                    return "action", "split where the next action starts"
        self._join(last, values)
        if (
            values.get("objective")
            and self.current is not None
            and last in self.current.actions
            and new_cell(row, self.views[-1].model.layout, "objective")
        ):
            self.current.text = join_cell_text(self.current.text, strip_html(values["objective"]))
        self.joined += 1
        ref = last.ref or "the action above"
        if not forced:
            self.note(row.where, f"no reference: joined to {ref} (a row continued over a page break)", row.line)
        return "continuation", f"joined to {ref}"

    def _join(self, last: ActionDraft, values: dict[str, str]) -> None:
        for name, text in values.items():
            if name in ("objective", "theme", "plan", "ref") or name.startswith("_") or not text:
                continue
            if name == "lead" and last.values.get("lead") and text in last.values["lead"]:
                continue
            last.values[name] = join_cell_text(
                last.values.get(name, ""), strip_html(text) if name == "action" else text
            )

    def _merged_line(self, text: str, refs: list[re.Match], row: Row) -> None:
        """A heading line that swallowed its actions (a row whose cells were run together): the
        heading, then one action per reference in it. Each action's text runs to its first
        progress symbol and the rest is its progress; leads, time scale and RAG cannot be told
        apart, and each action says so."""
        kind = heading_kind(text[: refs[0].start()].strip(), strict=False)
        head = text[: refs[0].start()].strip()
        if kind and kind[1]:
            self._heading(head, row)
            objective = self.current
            statement = self.statements.get(kind[1])
            rest = kind[2]
            if statement and rest.startswith(statement[0]):
                rest = rest[len(statement[0]) :].strip()
            elif statement:
                rest = ""
            if rest:
                self.note(
                    row.where,
                    f"objective {objective.ref}: text between heading and first action not placed: {rest!r}",
                    row.line,
                )
        for match, following in zip(refs, [*refs[1:], None], strict=False):
            ref = match.group(1)
            body = text[match.end() : following.start() if following else len(text)].strip()
            split = re.search("[✓✔√⇒➡→⇨⇔]", body)
            action_text, progress = (body[: split.start()].strip(), body[split.start() :]) if split else (body, "")
            raw = ActionDraft(
                {"action": action_text, "progress": progress}, None, row.where, row.line, ref=ref, merged_line=True
            )
            self._attach(raw)
            self.note(
                row.where,
                f"{ref}: read from objective {self.current.ref}'s merged line; lead, time scale and RAG could not "
                "be separated from the text; check against the source",
                row.line,
            )

    # ---- the plan ----------------------------------------------------------------------------------


# ---- helpers -----------------------------------------------------------------------------------------


# ---- joining a row continued over a page break ----------------------------------------------------


# ---- people -------------------------------------------------------------------------------------------


__all__ = ["ActionDraft", "Builder", "ObjectiveDraft", "RowView", "TableView"]
