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
Values are then read from the cells (``cells``, ``leads``, ``progress``): references as written
(brackets kept), leads (names, initials as written, posts), timescales (a date in the text only when
it is due, never a meeting's), statuses ("Status: complete", "Complete" where a date or progress
goes, "DELETE:"), ratings from words or fills, progress entries, and every other column's value as a
"Header: value" note. Whatever was skipped or guessed becomes a note.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field

from models.domain import DEFAULT_RAG_DEFINITIONS
from models.timescale import parse_timescale
from storage.importing.cells import (
    all_capitals,
    as_at_in,
    clean_ref,
    heading_kind,
    is_key_text,
    key_entries,
    leading_ref,
    rag_definitions_in_text,
    read_rag,
    read_status,
    ref_parts,
    says_done,
    split_objective,
    status_line,
    status_prefix,
    sub_ref,
    timescale_in_text,
)
from storage.importing.columns import Layout, normal_header
from storage.importing.document import (
    ImportedAction,
    ImportedObjective,
    ImportedOfficer,
    ImportedPlan,
    ImportedProgress,
    ImportNote,
)
from storage.importing.grid import Cell, Grid, Row
from storage.importing.leads import split_leads
from storage.importing.markup import one_line, strip_html
from storage.importing.model import TableModel, header_like, repeats_header
from storage.importing.progress import read_progress

#: The heading of ragtrack's own committee report (DOCX, Markdown): its progress dates are its own.
_REPORT_HEADING = re.compile(r"ONGOING ACTIONS – SUMMARY VERSION as at \d{2}/\d{2}/\d{4}")
# Lines that are page furniture, not content.
_FURNITURE = re.compile(
    r"^(?:page\s+\d+(?:\s+of\s+\d+)?|\d+\s*/\s*\d+|created by\b.*|printed\b.*|produced by\b.*|"
    r"[A-Z]\s*=\s*[A-Za-z]+|continued(?: on the next page| overleaf)?\.?|\(?cont(?:inued|'d|’d)\)?\.?)$",
    re.IGNORECASE,
)
_LETTERED = re.compile(r"^([A-Z]|[a-z]|[ivx]{1,4})\s*(?:[-–]|\))\s+(\S.*)$", re.DOTALL)
_CONTINUED_LABEL = re.compile(r"\s*\((?:cont(?:inued|'d|’d|d)?\.?)\)\s*$|\s+cont(?:inued|'d|’d)\.?\s*$", re.IGNORECASE)
_STRICT_REF = re.compile(r"^\d{1,2}[a-z]$")
_LOOSE_REF = re.compile(r"^\s*([0-9A-Za-z]{1,3})\s*\)\s*\.?\s*")
_OCR_LETTER = {"I": "l", "1": "l", "|": "l"}
ROLES = ("action", "section", "objective", "continuation", "ignore")


@dataclass
class _Objective:
    ref: str | None
    text: str
    theme: str | None
    derived: bool = False  # grouped by the actions' refs, not named by the document
    heading_where: str | None = None  # where the document names it (a heading row or line)
    actions: list[_Raw] = field(default_factory=list)


@dataclass
class _Raw:
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
        self.objectives: list[_Objective] = []
        self.current: _Objective | None = None
        self.theme: str | None = None
        self.last: _Raw | None = None
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

    def decide_refs(self, models: list[TableModel]) -> None:
        """Whether each layout's actions carry references, judged over every table read with it
        (a table of one page may hold only a row continued from the page before)."""
        groups: dict[tuple, list[TableModel]] = {}
        for model in models:
            if model.kind == "plan" and model.layout is not None:
                groups.setdefault(_columns_signature(model.layout), []).append(model)
        for group in groups.values():
            decision = _refs_used(group)
            for model in group:
                self.refs[id(model.layout.columns)] = decision

    def note(self, where: str | None, message: str, line: int | None = None) -> None:
        self.plan.notes.append(ImportNote(line, f"{where}: {message}" if where and not line else message))

    # ---- the document around the tables -----------------------------------------------------------
    def scan_document(self) -> None:
        texts = [line.text for line in self.grid.lines]
        for table in self.grid.tables:
            for row in table.rows:
                for value in (c.value for c in row.cells if c.value and not c.continued and not c.spans_left):
                    if "=" in value or "–" in value or ":" in value or "as at" in value.lower():
                        texts.append(value)
                pair = [c.value for c in row.cells if c.value and not c.spans_left]
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
                found[ref] = (_trim_statement(body), own_theme or theme, line.where)
        for ref, statement in inside.items():  # a heading between rows, where the text states it nowhere else
            self.statements.setdefault(ref, statement)

    # ---- tables ------------------------------------------------------------------------------------
    def table(self, model: TableModel, index: int) -> None:
        view = TableView(model)
        self.views.append(view)
        if model.kind == "contacts":
            self.contacts += _contacts(model, self)
            view.rows = [RowView(r.where, "people") for r in model.table.rows]
            return
        if model.kind == "key":
            self._rag_key(model)
            view.rows = [
                RowView(r.where, "header" if i in model.header else "key") for i, r in enumerate(model.table.rows)
            ]
            return
        if model.kind == "people":
            self.people += _people(model, self)
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
            if content and not all(is_key_text(" ".join(r.texts())) for r in content) and model.layout:
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
        if len(filled) == 1 and _span(row, filled[0]) >= max(2, len(row.cells) // 2) and len(row.cells) > 2:
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
        if fresh and all(_RULE.fullmatch(row.cells[i].value) for i in fresh):
            return "spacer", "a rule line"
        if len(fresh) == 1 and forced is None and is_key_text(one_line(row.cells[fresh[0]].value)):
            return "key", "key of initials"
        spanning = len(fresh) == 1 and (row.heading or _span(row, fresh[0]) >= max(2, (len(layout.columns) + 1) // 2))
        if forced == "section" or (forced is None and spanning):
            text = row.cells[fresh[0]].value if fresh else ""
            return self._line(text, row, model, refs, strict=row.heading and forced != "section")
        row = self._realign(row, layout)
        if forced == "objective":
            values = _values(row, layout)
            text = values.get("objective") or values.get("action") or " ".join(row.cells[i].value for i in fresh)
            self._objective(*split_objective(strip_html(text)), where=row.where)
            return "objective", "marked objective"
        values = _values(row, layout)
        what_cell = _column_of(layout, "action")
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
        new_objective = _new_cell(row, layout, "objective")
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
            items = _lettered(what) or _lettered(values.get("objective", ""))
            if items and self.current is not None:
                if not _lettered(what) and what and _short_timescale(what) and not values.get("timescale"):
                    values = dict(values, timescale=what)  # the action cell of this row holds only a date
                return self._sub_items(values, items, row, model)
            own = {k for k in others if _new_cell(row, layout, k) and not _merged_down(row, layout, k, model)}
            if not own and not values.get("objective") and _label(what):
                self._context(values, row)
                self._objective(None, one_line(what), where=row.where)
                return "objective", "an unnumbered label among numbered actions"
            if self.last is not None:
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
                moved = all(_fits(cells[i], fields[i + 1]) for i in tail)
                stays = all(_fits(cells[i], fields[i]) for i in tail if cells[i].value)
                lands = any(cells[i].value and fields[i + 1] in _TELLING for i in tail)
                if moved and lands and not stays:
                    shift_from = k
                    break
            if shift_from is None and self.shifted is not None and not cells[0].value:
                k = self.shifted
                if any(cells[i].value for i in range(k, width - 1)) and not all(
                    _fits(cells[i], fields[i]) for i in range(k, width - 1)
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
            embedded = _embedded_refs(plain, self.current.ref if self.current else None, heading_kind(plain))
            if len(embedded) >= 2:
                self._merged_line(plain, embedded, row)
                return "section", "an objective heading holding its actions"
        kind = heading_kind(plain, strict=strict and not _section_like(plain))
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

    def _objective(self, ref: str | None, text: str, derived: bool = False, where: str | None = None) -> _Objective:
        text = _CONTINUED_LABEL.sub("", text).strip() if text else text
        for objective in reversed(self.objectives):
            same_ref = ref is not None and objective.ref == ref
            same_text = ref is None and text and (objective.text == text or (objective.text or "").startswith(text))
            if (same_ref or same_text) and (objective.theme == self.theme or same_ref):
                if text and not objective.text:
                    objective.text = text
                objective.derived = objective.derived and derived
                objective.heading_where = objective.heading_where or where
                self.current = objective
                return objective
        self.current = _Objective(ref, text, self.theme, derived, where)
        self.objectives.append(self.current)
        return self.current

    def _new_action(self, values: dict[str, str], row: Row, model: TableModel, refs: str | None) -> tuple[str, str]:
        layout = model.layout
        self._context(values, row)
        what_column = _column_of(layout, "action")
        items = _items(row, layout, what_column) if what_column is not None else None
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

    def _attach(self, raw: _Raw) -> None:
        parts = ref_parts(raw.ref) if raw.ref else None
        main = parts[0] if parts else None
        if self.current is None or self.current.derived:
            if self.current is None or (self.current.derived and self.current.ref != main):
                self._objective(main, "", derived=True)
        elif main and main.isdigit() and self.current.ref and self.current.ref.isdigit() and main != self.current.ref:
            # "6a" under objective 5's heading: the action's number says it belongs to objective 6
            self._objective(main, "", derived=True)
        self.current.actions.append(raw)
        self.last = raw

    def _raw(self, values: dict[str, str], row: Row, layout: Layout, refs: str | None) -> _Raw:
        raw = _Raw(dict(values), _rag_fill(row, layout), row.where, row.line)
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
        if refs == "text" and ref and not _STRICT_REF.match(ref):
            repaired = self._repair_ref(ref)
            if repaired and repaired != ref:
                raw.written_ref = ref
                self.note(row.where, f"reference {ref + ')'!r} read as {repaired} (the next in sequence)", row.line)
                ref = repaired
        if not ref and self.current is not None and self.current.ref and refs != "column":
            pass
        if not ref:
            group = _group_ref(row, layout)
            if group:
                raw.group = clean_ref(group)
        raw.ref = ref
        raw.values["action"] = what
        for index in _columns(layout, "note"):
            cell = row.cells[index] if index < len(row.cells) else None
            if cell is not None and cell.value and not cell.spans_left:
                raw.notes.append((index, _label_of(layout.columns[index].header), one_line(cell.value)))
        status_index = _column_of(layout, "status")
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
            and _new_cell(row, self.views[-1].model.layout, "objective")
        ):
            self.current.text = join_cell_text(self.current.text, strip_html(values["objective"]))
        self.joined += 1
        ref = last.ref or "the action above"
        if not forced:
            self.note(row.where, f"no reference: joined to {ref} (a row continued over a page break)", row.line)
        return "continuation", f"joined to {ref}"

    def _join(self, last: _Raw, values: dict[str, str]) -> None:
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
            raw = _Raw(
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
    def finish(self) -> None:
        if self.furniture:
            self.note(
                None, f"{len(self.furniture)} page header/footer lines dropped ({', '.join(self.furniture[:12])})"
            )
        if self.plan_names:
            name, _ = self.plan_names.most_common(1)[0]
            self.plan.title = name
        self._objective_texts()
        style = _ref_style(self.objectives)
        used = {o.ref for o in self.objectives if o.ref}
        number = 0
        for objective in self.objectives:
            if not objective.actions and not objective.text:
                continue
            if not objective.actions and not objective.heading_where:
                continue
            if not objective.actions:
                self.note(None, f"heading {objective.text[:50]!r} has no actions under it: not read as an objective")
                continue
            if not objective.ref:
                first = objective.actions[0].ref
                main = ref_parts(first)[0] if first and ref_parts(first) else None
                if main is None and first and all(a.ref == first for a in objective.actions) and first not in used:
                    main = first  # a recommendation and its one action share their reference
                if (
                    main
                    and main not in used
                    and all(
                        not a.ref or a.ref == main or (ref_parts(a.ref) or ("",))[0] == main for a in objective.actions
                    )
                ):
                    objective.ref = main
                    used.add(main)
            if not objective.ref:
                number += 1
                while str(number) in used:
                    number += 1
                objective.ref = str(number)
                used.add(objective.ref)
            self.plan.objectives.append(self._build_objective(objective, style))
        if self.colour_rated:
            self.note(
                None,
                f"RAG read from the cell colour (no text) for {self.colour_rated} action{'s' if self.colour_rated != 1 else ''}",
            )
        self.plan.officers = _officers(self.contacts, self.people, self.key)
        if not self.exported:
            self.plan.as_at = self.as_at
        _guess_unknown_initials(self.plan)

    def _objective_texts(self) -> None:
        for objective in self.objectives:
            statement = self.statements.get(objective.ref or "")
            if not statement:
                continue
            text, theme, where = statement
            if objective.derived or not objective.text:
                if objective.text != text:
                    self.note(None, f"objective {objective.ref} has no heading in the table: text taken from {where}")
                objective.text = text
                objective.theme = theme or objective.theme
            elif not _same_start(objective.text, text) and len(text) > 20:
                self.note(
                    None,
                    f"objective {objective.ref}: heading mangled in the table ({objective.text[:60]!r}); "
                    f"text taken from its statement at {where}",
                )
                objective.text = text
            if theme and not objective.theme:
                objective.theme = theme

    def _build_objective(self, objective: _Objective, style: str) -> ImportedObjective:
        built = ImportedObjective(ref=objective.ref, text=objective.text, theme=objective.theme)
        groups = Counter(raw.group for raw in objective.actions if raw.group and not raw.ref)
        refs: Counter = Counter()
        missing = [raw for raw in objective.actions if not raw.ref]
        for position, raw in enumerate(objective.actions):
            if not raw.ref:
                if style == "letters" and objective.ref and objective.ref.isdigit():
                    raw.ref = sub_ref(objective.ref, position)  # "10a" where the plan numbers 1a, 1b...
                elif len(objective.actions) == 1:
                    raw.ref = objective.ref
                elif objective.ref and objective.ref[-1].isdigit() and len(missing) == len(objective.actions):
                    raw.ref = sub_ref(objective.ref, position)
                else:
                    raw.ref = str(position + 1)
            action = self._action(raw, objective)
            refs[action.ref] += 1
            if refs[action.ref] > 1:
                new_ref = f"{action.ref}-{refs[action.ref]}"
                self.note(
                    raw.where,
                    f"reference {action.ref} used twice in objective {objective.ref}: this one kept as {new_ref}",
                    raw.line,
                )
                action.ref = new_ref
            built.actions.append(action)
        del groups
        return built

    def _action(self, raw: _Raw, objective: _Objective) -> ImportedAction:
        v = raw.values
        ref = raw.ref
        messages: list[str] = []
        text, lines_status, status_notes = _text_and_status_lines(spreadsheet_unescape(v.get("action", "")))
        status, text, why = status_prefix(text)
        progress_extra: list[str] = list(status_notes)
        if why:
            progress_extra.insert(0, f"DELETE {why}".strip())
        if status is None and re.search(r"\bDELETE\b", text):
            messages.append("the text marks part of itself DELETE; the action is kept open, text as written")
        if not text and not v.get("action"):
            text = objective.text
        action = ImportedAction(ref=ref, text=text, line=raw.line)
        if not raw.merged_line:
            action.leads = _read_leads(v.get("lead", ""), self.key, messages)
            if not action.leads and v.get("lead", "").strip() and v.get("lead", "").strip() not in ("?", "-", "–"):
                messages.append(f"no lead could be read (cell {one_line(v['lead'])!r})")
        timescale, timescale_status = _timescale(spreadsheet_unescape(v.get("timescale", "")))
        if not timescale and not timescale_status:
            timescale, message = timescale_in_text(text, v.get("_action_header", ""))
            if message:
                messages.append(message)
        action.timescale = timescale
        if timescale and not parse_timescale(timescale).understood:
            messages.append(f"timescale {timescale!r} not understood: kept as written, no due date")
        rag, how, rag_note = read_rag(v.get("rag", ""), raw.fill)
        action.rag = rag
        self.colour_rated += how == "colour"
        if rag_note:
            messages.append(rag_note)
        status = status or lines_status or timescale_status
        written_status = one_line(v.get("status", ""))
        status_from_column, status_note = _column_status(written_status, v.get("_status_header", ""))
        if status_from_column:
            status = status_from_column if status in (None, "open") else status
        labelled = list(raw.notes)
        if status_note:
            labelled.append((int(v.get("_status_index", "999")), *status_note.split(": ", 1)))
        progress_text = spreadsheet_unescape(strip_html(v.get("progress", "")))
        entries = read_progress(progress_text, self.exported) if progress_text else []
        pure = [
            e
            for e in entries
            if e.kind == "note" and read_status(e.text) not in (None, "open") and len(e.text.split()) <= 2
        ]
        for entry in pure:
            status = read_status(entry.text) if status in (None, "open") else status
            entries.remove(entry)
        said = read_status(progress_text.strip()) if progress_text and len(progress_text.split()) <= 2 else None
        if said not in (None, "open") and not _SYMBOLS.search(progress_text):
            status = said if status in (None, "open") else status  # "Complete" where the progress goes
            entries = []
        if (
            status in (None, "open")
            and progress_text
            and _starts_done(progress_text)
            and not _SYMBOLS.search(progress_text)
        ):
            status = "complete"  # "Complete", "Completed as Services work." where the progress goes
        if status is None and says_done(text):
            status = "complete"
            action.rag = action.rag or "blue"
            messages.append("the action says it is complete: status complete")
        if any(re.search(r"\bsuperseded\b", t, re.IGNORECASE) for t in (text, progress_text)):
            if status == "withdrawn":
                messages.append("marked DELETE and said to be superseded; status superseded")
            status = "superseded"
        if status is None and rag == "blue":
            status = "complete"
        action.status = status or "open"
        action.progress = read_progress("\n".join(progress_extra), False) if progress_extra else []
        action.progress = entries + action.progress if not why else action.progress + entries
        if self.exported:  # ragtrack's own export: its other columns are worked out from these
            labelled = []
        for _, label, value in sorted(labelled, key=lambda item: item[0]):
            action.progress.append(ImportedProgress("note", f"{label}: {value}"))
        self.plan.notes += [
            ImportNote(raw.line, f"{ref}: {m}" if raw.line else f"{raw.where}, {ref}: {m}") for m in messages
        ]
        return action


# ---- helpers -----------------------------------------------------------------------------------------


#: Fields whose values are recognisable on sight (a rating, ✓/⇒ entries, a date).
_TELLING = frozenset({"rag", "progress", "timescale"})


def _fits(cell, field_name: str) -> bool:
    """Whether a cell's value could be the given field's (for re-aligning a row missing a cell)."""
    from storage.importing.cells import rag_word

    value = cell.value
    if not value:
        return True
    if field_name == "rag":
        return bool(rag_word(value)) and len(value) <= 12
    if field_name == "progress":
        return bool(_SYMBOLS.search(value)) or len(value) > 40
    if field_name == "timescale":
        return len(value) <= 40 and not _SYMBOLS.search(value) and parse_timescale(value).understood
    if field_name == "lead":
        return len(value) <= 80 and not _SYMBOLS.search(value)
    if field_name == "status":
        return len(value) <= 60 and not _SYMBOLS.search(value)
    return True


def _section_like(text: str) -> bool:
    """A line between the rows of pasted text that names a section ("Actions from the meeting
    on 28 June 2017"): a short phrase, not a sentence, a question or an introduction."""
    words = text.split()
    return 2 <= len(words) <= 16 and not text.endswith((".", ":", "?", "!", ";", ",")) and text[0].isupper()


def _read_leads(text: str, key: dict[str, str], notes: list[str]) -> list[ImportedOfficer]:
    """A lead cell, or two lead columns side by side: initials ("JR/KL") beside the names they
    stand for ("Jackie Roper; Keith Lander") are one list of people."""
    parts = [p for p in text.split("\n") if p.strip()]
    if len(parts) == 2:
        initials, names = sorted(parts, key=lambda p: any(c.islower() for c in p))
        codes = [c.strip() for c in re.split(r"[/;,]", initials) if c.strip()]
        people = [n.strip() for n in names.split(";") if n.strip()]
        if codes and all(c.isupper() and len(c) <= 4 for c in codes) and len(codes) == len(people):
            officers = split_leads("; ".join(people), {}, notes)
            if len(officers) == len(codes):
                for officer, code in zip(officers, codes, strict=False):
                    officer.initials = officer.initials or code
                return officers
    return split_leads(text, key, notes)


def _span(row: Row, index: int) -> int:
    span = 1
    while index + span < len(row.cells) and row.cells[index + span].spans_left:
        span += 1
    return span


def _columns(layout: Layout, name: str) -> list[int]:
    return [c.index for c in layout.columns if c.field == name]


def _column_of(layout: Layout, name: str) -> int | None:
    found = _columns(layout, name)
    return found[0] if found else None


def _label_of(header: str) -> str:
    return " ".join(header.split()).rstrip(":").strip() or "Note"


def _values(row: Row, layout: Layout) -> dict[str, str]:
    """Field -> text of a row (several columns of one field joined by lines). A cell repeating a
    cell merged down counts for the objective, theme, lead and timescale (they hold for every row
    they cover) and nowhere else."""
    values: dict[str, list[str]] = {}
    for column in layout.columns:
        name = column.field
        if name in ("ignore", "note") or column.index >= len(row.cells):
            continue
        cell = row.cells[column.index]
        if cell.spans_left and column.index and layout.columns[column.index - 1].field == name:
            continue
        if cell.continued and name not in ("objective", "theme", "plan", "lead", "timescale"):
            continue
        values.setdefault(name, [])
        if cell.value:
            values[name].append(cell.value)
    found = {name: "\n".join(texts) for name, texts in values.items()}
    action = _column_of(layout, "action")
    if action is not None:
        found["_action_header"] = layout.columns[action].header
    status = _column_of(layout, "status")
    if status is not None:
        found["_status_header"] = layout.columns[status].header
    return found


def _new_cell(row: Row, layout: Layout, name: str) -> bool:
    index = _column_of(layout, name)
    return (
        index is not None and index < len(row.cells) and not row.cells[index].continued and bool(row.cells[index].value)
    )


def _merged_down(row: Row, layout: Layout, name: str, model: TableModel) -> bool:
    """The row's cell for ``name`` is merged down over the row below (it heads a group)."""
    index = _column_of(layout, name)
    rows = model.table.rows
    position = model.position(row)
    if index is None or position < 0 or position + 1 >= len(rows):
        return False
    below = rows[position + 1]
    return index < len(below.cells) and below.cells[index].continued


def _group_ref(row: Row, layout: Layout) -> str | None:
    index = _column_of(layout, "ref")
    if index is None or index >= len(row.cells):
        return None
    cell = row.cells[index]
    return cell.value if cell.continued and cell.value else None


def _rag_fill(row: Row, layout: Layout) -> str | None:
    for index in _columns(layout, "rag"):
        if index < len(row.cells) and row.cells[index].fill:
            return row.cells[index].fill
    return None


def _columns_signature(layout: Layout) -> tuple:
    return tuple(c.field for c in layout.columns)


def _refs_used(models: list[TableModel]) -> str | None:
    """Whether the tables' actions carry references: "column", "text" (typed at the start of the
    action, "1a) ..."), or None."""
    layout = models[0].layout
    ref_index = _column_of(layout, "ref")
    what_index = _column_of(layout, "action")
    rows = [r for m in models for r in m.rows if not r.heading and what_index is not None and what_index < len(r.cells)]
    rows = [r for r in rows if r.cells[what_index].value and not r.cells[what_index].continued]
    rows = [r for r in rows if not header_like(r) and not _is_heading(r.cells[what_index].value)][:400]
    if not rows:
        return None
    if ref_index is not None:
        with_ref = sum(1 for r in rows if ref_index < len(r.cells) and r.cells[ref_index].value)
        return "column" if with_ref >= 0.6 * len(rows) else None
    typed = sum(1 for r in rows if leading_ref(strip_html(r.cells[what_index].value))[0])
    return "text" if typed >= 0.5 * len(rows) and len(rows) >= 2 else None


def _is_heading(text: str) -> bool:
    kind = heading_kind(one_line(text)) if len(text) < 400 else None
    return bool(kind and kind[0] == "objective" and kind[1])


def _lettered(text: str) -> list[tuple[str, str]]:
    """The lettered items of a cell ("A - meeting with ...", "B - ..."), if every line is one."""
    lines = [line.strip() for line in strip_html(text).split("\n") if line.strip()]
    items = [_LETTERED.match(line) for line in lines]
    if len(items) >= 2 and all(items):
        return [(m.group(1), m.group(2).strip()) for m in items]
    return []


def _label(text: str) -> bool:
    plain = one_line(text)
    return 0 < len(plain.split()) <= 6 and not plain.endswith((":", ".")) and "\n" not in text.strip()


_ALIGNED_FIELDS = ("timescale", "lead", "status", "rag")
_RULE = re.compile(r"[-–—=_.*~|+:\s]+")


def _short_timescale(text: str) -> bool:
    plain = one_line(text)
    return len(plain) <= 40 and parse_timescale(plain).understood and not parse_timescale(plain).undated


def _items(row: Row, layout: Layout, what: int) -> tuple[str | None, list[dict[str, str]]] | None:
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
    for name in _ALIGNED_FIELDS:
        for index in _columns(layout, name):
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


def _embedded_refs(text: str, objective_ref: str | None, kind) -> list[re.Match]:
    number = objective_ref
    if kind and kind[0] == "objective" and kind[1]:
        number = kind[1]
    if not number or not number.isdigit():
        return []
    return list(re.finditer(rf"(?<![\w/])({number}[a-z])\)\.?\s*", text))


def _ref_style(objectives: list[_Objective]) -> str:
    refs = [a.ref for o in objectives for a in o.actions if a.ref]
    letters = sum(1 for r in refs if _STRICT_REF.match(r))
    return "letters" if refs and letters >= 0.6 * len(refs) else "numbers"


def _same_start(heading: str, statement: str) -> bool:
    a, b = one_line(heading).lower(), one_line(statement).lower()
    size = min(len(a), len(b), 40)
    return bool(size) and a[:size] == b[:size]


def _trim_statement(text: str) -> str:
    """An objective's statement without a closing sentence that introduces a list ("To achieve
    the Quality Mark you must have in place or be working towards:")."""
    sentences = re.split(r"(?<=[.!?])\s+", text.strip())
    while len(sentences) > 1 and sentences[-1].endswith(":"):
        sentences.pop()
    return " ".join(sentences).strip()


_STATUS_SENTENCE = re.compile(r"(?:(?<=[.!?])\s+|\n|^)(?=Status\s*[:\-–]\s*\S)")


def _text_and_status_lines(text: str) -> tuple[str, str | None, list[str]]:
    """The action's text without its "Status: ..." lines or closing sentences, the status they
    give, and the lines themselves (kept as progress)."""
    if "tatus" not in text:
        return text, None, []
    kept, moved = [], []
    status = None
    for line in text.split("\n"):
        cut = _STATUS_SENTENCE.search(line)
        if cut is None:
            kept.append(line)
            continue
        before, after = line[: cut.start()].rstrip(), line[cut.end() :].strip()
        found = status_line(after)
        if found is None:
            kept.append(line)
            continue
        status = found if status in (None, "open") else status
        moved.append(after)
        if before:
            kept.append(before)
    return "\n".join(kept).strip(), status, moved


_DONE_WORDS = re.compile(
    r"^(?:complete|completed|done|closed|achieved|delivered|implemented)\b(?!\s+(?:by|before|and\s+ongoing)\b|\s*/)",
    re.IGNORECASE,
)
_SYMBOLS = re.compile("[✓✔√⇒➡→⇨⇔]")


def _starts_done(text: str) -> bool:
    return bool(_DONE_WORDS.match(text.strip()))


def _timescale(text: str) -> tuple[str, str | None]:
    """A timescale cell on one line without a report's "due ..."/"OVERDUE" lines; a cell saying
    only "Complete" is a status, not a timescale."""
    lines = [line for line in strip_html(text).split("\n") if not _REPORT_TIMESCALE_LINE.match(line.strip())]
    value = one_line("\n".join(lines))
    status = read_status(value) if value else None
    if status == "complete" and len(value.split()) <= 2:
        return "", "complete"
    return value, None


_REPORT_TIMESCALE_LINE = re.compile(r"^(?:due \d{1,2}/\d{1,2}/\d{4}|OVERDUE|Re-dated \d+ times \(first: .*\)|[–-])$")
_DONE_HEADER = re.compile(r"\b(?:achieved|complete|completed|closed|done|implemented)\b", re.IGNORECASE)


def _column_status(value: str, header: str) -> tuple[str | None, str | None]:
    """The status a status cell gives, and what to keep of it as a note. A column saying whether
    it is done ("Completed", "Achieved?") is done when it holds yes, a date, or a statement of what
    was done; its words are kept. A status the words do not give is kept as a note."""
    if not value:
        return None, None
    label = _label_of(header) if header else "Status"
    words = read_status(value)
    pure = words is not None and len(value.split()) <= 3 and not any(ch.isdigit() for ch in value)
    if pure:
        return words, None
    if _DONE_HEADER.search(header or ""):
        from storage.importing.cells import dated

        done = words == "complete" or bool(dated(value)) or bool(re.search(r"\d", value)) or _past_statement(value)
        if done:
            return "complete", f"{label}: {value}"
        return "open", f"{label}: {value}"
    if words:
        return words, f"{label}: {value}" if len(value.split()) > 3 else None
    return None, f"{label}: {value}"


def _past_statement(text: str) -> bool:
    """ "Assets Risk Assessed in September", "Presented and approved by Cabinet": says what was done."""
    return bool(re.search(r"\b\w+ed\b", text)) and not re.search(r"\b(?:ly|ing)\b", text)


def spreadsheet_unescape(text: str) -> str:
    """Undo ``spreadsheet_safe``: "'=total" as exported is the text "=total"."""
    return text[1:] if len(text) > 1 and text[0] == "'" and text[1] in "=+-@\t\r" else text


# ---- joining a row continued over a page break ----------------------------------------------------

_SENTENCE_END = re.compile(r"[.!?:)\]”\"']$")
_MIN_OVERLAP = 20  # shorter repeats are coincidence, not a duplicated page overflow


def ends_mid_sentence(text: str) -> bool:
    text = text.rstrip()
    return bool(text) and not _SENTENCE_END.search(text)


def overlap(before: str, after: str) -> int:
    """Length of the longest end of ``before`` that ``after`` starts with (at least 20 chars):
    PDF extraction sometimes repeats the overflow of a cell on the next page."""
    probe = after[:_MIN_OVERLAP]
    if len(probe) < _MIN_OVERLAP:
        return 0
    start = before.find(probe)
    while start != -1:
        if after.startswith(before[start:]):
            return len(before) - start
        start = before.find(probe, start + 1)
    return 0


def join_cell_text(before: str, after: str) -> str:
    """Join a cell's text with its continuation: mid-sentence breaks with a space, finished
    paragraphs with a newline; text the continuation repeats is kept once."""
    if not before:
        return after
    if not after:
        return before
    repeated = overlap(before, after)
    if repeated:
        return before + after[repeated:]
    return before + (" " if ends_mid_sentence(before) else "\n") + after


# ---- people -------------------------------------------------------------------------------------------


def _people(model: TableModel, builder: Builder) -> list[ImportedOfficer]:
    """A "who is involved" table: Name, Job title/role, E-mail."""
    header = model.table.rows[model.header[0]]
    names = [normal_header(c.value) for c in header.cells]
    column = {name: i for i, name in enumerate(names)}

    def find(*keys: str) -> int | None:
        return next((column[k] for k in keys if k in column), None)

    def starting(*prefixes: str) -> int | None:
        return next((i for i, name in enumerate(names) if name.startswith(prefixes)), None)

    name_i = find("name")
    title_i = starting("job title", "role", "title", "position")
    email_i = starting("e mail", "email")
    people = []
    for row in model.rows:
        cells = [c.value for c in row.cells]
        name = one_line(cells[name_i]) if name_i is not None and name_i < len(cells) else ""
        if not re.fullmatch(r"[A-Z][a-z'’]+(?: [A-Z][A-Za-z'’-]+){1,2}", name):
            if any(cells):
                builder.note(
                    row.where,
                    f"'who is involved' row skipped (not a name): {' '.join(c for c in cells if c)[:60]!r}",
                    row.line,
                )
            continue
        people.append(ImportedOfficer(name=name, job_title=_cell(cells, title_i), email=_cell(cells, email_i)))
    return people


def _cell(cells: list[str], index: int | None) -> str | None:
    return one_line(cells[index]) if index is not None and index < len(cells) and cells[index] else None


def _contacts(model: TableModel, builder: Builder) -> list[ImportedOfficer]:
    """Contacts set out one person per column ("Name | Jackie Roper | Jancis Andrew")."""
    rows: dict[str, list[str]] = {}
    for row in model.table.rows:
        if row.cells and row.cells[0].value:
            rows[normal_header(row.cells[0].value)] = [one_line(c.value) for c in row.cells[1:]]
    people = []
    for column, name in enumerate(rows.get("name", [])):
        if not name:
            continue

        def value(key: str, column: int = column) -> str:
            cells = rows.get(key, [])
            return cells[column].strip("() ") if column < len(cells) else ""

        title = "; ".join(v for v in (value("job title"), value("area of responsibility")) if v)
        phones = " / ".join(v for v in (value("office number"), value("mobile number"), value("phone")) if v)
        people.append(
            ImportedOfficer(
                name=name,
                job_title=title or None,
                phone=phones or None,
                email=value("email address") or value("email") or None,
            )
        )
    if "address" in rows:
        builder.note(model.table.name, "contacts: office addresses not imported (no field)")
    return people


def _officers(contacts, involved, key: dict[str, str]) -> list[ImportedOfficer]:
    """The plan's people: contacts first, then those involved, then the rest of the key."""
    people: dict[str, ImportedOfficer] = {}
    for officer in [*contacts, *involved, *(ImportedOfficer(name=n) for n in key.values())]:
        known = people.setdefault(officer.name.casefold(), officer)
        if known is not officer:
            known.job_title = known.job_title or officer.job_title
            known.email = known.email or officer.email
            known.phone = known.phone or officer.phone
    for initials, name in key.items():
        people[name.casefold()].initials = initials
    return list(people.values())


def _guess_unknown_initials(plan: ImportedPlan) -> None:
    """Initials missing from the key ("RM") that match exactly one full-name lead elsewhere in the
    plan ("Rob Murray") are taken to be that person, and the guess is reported."""
    names = {lead.name for a in plan.actions for lead in a.leads if lead.initials is None and " " in lead.name}
    by_initials: dict[str, set[str]] = {}
    for name in names:
        by_initials.setdefault("".join(w[0] for w in name.split()).upper(), set()).add(name)
    for action in plan.actions:
        for lead in action.leads:
            candidates = by_initials.get(lead.name, set()) if lead.name == lead.initials else set()
            if len(candidates) == 1:
                lead.name = next(iter(candidates))
                plan.notes.append(
                    ImportNote(
                        action.line,
                        f"{action.ref}: initials {lead.initials} not in the key; taken to be {lead.name}, the only "
                        "lead with those initials",
                    )
                )


def default_definitions(definitions: dict[str, str]) -> bool:
    return not any(DEFAULT_RAG_DEFINITIONS.get(k) != v for k, v in definitions.items())


__all__ = ["Builder", "RowView", "TableView", "join_cell_text", "spreadsheet_unescape"]
