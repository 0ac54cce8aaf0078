"""Turn the tables of any document into a plan: header, columns, rows, objectives, actions.

Shared by the Word, Excel, CSV, Markdown and pasted-text readers. For each table the header
row is found (``tabular.is_header``; a table without one continues the previous table's
columns), columns are mapped, and rows are read in order:
- a repeat of the header (every page of a long table) is skipped;
- a row with one cell spanning it is a theme or objective heading;
- a row whose reference cell is empty continues the row above over a page break (joined);
- any other row is an action; its objective is the objective cell, else the last heading,
  else the main part of its ref ("2f" -> objective 2).
Everything skipped or guessed becomes an ``ImportNote``.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field

from models.domain import DEFAULT_RAG_DEFINITIONS
from models.timescale import parse_timescale
from storage.importing.column_guess import guess_notes, guess_unnamed
from storage.importing.document import ImportedAction, ImportedObjective, ImportedPlan, ImportNote
from storage.importing.markup import one_line, strip_html
from storage.importing.plan_facts import reads_complete, timescale_in_text
from storage.importing.table_cells import (
    as_at_in,
    clean_ref,
    clean_timescale,
    heading_kind,
    is_key_text,
    key_entries,
    key_officers,
    leading_ref,
    rag_definitions_in,
    rag_fill,
    read_leads,
    read_progress,
    read_rag,
    read_status,
    ref_like,
    ref_parts,
    row_values,
    same_header,
    span_of,
    split_objective,
    spreadsheet_unescape,
    status_prefix,
    two_cells,
)
from storage.importing.tabular import (
    Layout,
    Reading,
    Row,
    Table,
    is_header,
    map_columns,
    merge_subheader,
    normal_header,
)
from storage.importing.text_tables import join_cell_text

HEADER_SEARCH_ROWS = 30
#: The heading of ragtrack's own committee report (DOCX, Markdown): its progress dates are its own.
_REPORT_HEADING = re.compile(r"ONGOING ACTIONS – SUMMARY VERSION as at \d{2}/\d{2}/\d{4}")


@dataclass
class _Objective:
    ref: str | None
    text: str
    theme: str | None
    derived: bool = False  # grouped by the actions' refs, not named by the document
    tentative: bool = False  # from a heading paragraph: an objective only if actions follow
    actions: list[_Raw] = field(default_factory=list)


@dataclass
class _Raw:
    """An action row (with any rows continuing it), cells still as text."""

    values: dict[str, str]
    rag_fill: str | None
    where: str
    line: int | None


def read_tables(
    tables: list[Table],
    *,
    title: str,
    source_key: str,
    kind: str,
    overrides: dict[str, str] | None = None,
    free_text: list[str] = (),
) -> Reading:
    """Read ``tables`` into a plan. ``free_text`` is the document's text outside the tables
    (paragraphs, lines above the header), searched for the initials key."""
    builder = _Builder(ImportedPlan(title=title, source_key=source_key), overrides or {})
    builder.find_key(tables, free_text)
    headings = [text for table in tables for _, text in table.headings]
    builder.exported = any(_REPORT_HEADING.search(text) for text in [*free_text, *headings])
    for text in free_text:
        if builder.as_at(text):
            break
    for table in tables:
        builder.table(table)
    builder.finish()
    return Reading(builder.plan, kind, builder.layouts)


class _Builder:
    def __init__(self, plan: ImportedPlan, overrides: dict[str, str]):
        self.plan = plan
        self.overrides = overrides
        self.key: dict[str, str] = {}
        self.layouts: list[Layout] = []
        self.objectives: list[_Objective] = []
        self.current: _Objective | None = None
        self.theme: str | None = None
        self.last: _Raw | None = None
        self.plan_names: Counter = Counter()
        self.colour_rated = 0
        self.other_tables: list[Table] = []
        self.exported = False  # ragtrack's own export (its columns): dates only as it writes them

    def note(self, where: str | None, message: str, line: int | None = None) -> None:
        self.plan.notes.append(ImportNote(line, f"{where}: {message}" if where and not line else message))

    # ---- the document ----------------------------------------------------------------------
    def find_key(self, tables: list[Table], free_text: list[str]) -> None:
        """The initials key: "JR = Jackie Roper" anywhere, or two-cell rows "JR | Jackie Roper"."""
        texts = list(free_text) + [c.text for t in tables for r in t.rows for c in r.cells if c.text]
        for text in texts:
            for initials, name in key_entries(text).items():
                self.key.setdefault(initials, name)
        for table in tables:
            for row in table.rows:
                pair = two_cells(row)
                if pair and is_key_text(f"{pair[0]} = {pair[1]}"):
                    self.key.setdefault(pair[0], " ".join(pair[1].split()))
        self.plan.officers = key_officers(self.key)

    def as_at(self, text: str) -> bool:
        """ "Summary version as at 22 July 2015": the plan's "as at" date (True when read)."""
        when = as_at_in(text) if not self.plan.as_at else None
        if when:
            self.plan.as_at = when
        return when is not None

    def table(self, table: Table) -> None:
        for level, text in table.headings:
            self.heading(text, strict=False, level=level, tentative=True)
        start = next((i for i, row in enumerate(table.rows[:HEADER_SEARCH_ROWS]) if is_header(row)), None)
        if start is None:
            layout = self._reuse_layout(table)
            if layout is None:
                self.other_tables.append(table)
                return
            rows = table.rows
        else:
            header = table.rows[start]
            rows = table.rows[start + 1 :]
            if rows and merge_subheader(header, rows[0]):
                rows = rows[1:]
            width = max(len(r.cells) for r in table.rows)
            layout = map_columns(header, self.overrides, table.name, width)
            guess_unnamed(layout, rows)
            self.exported |= {"changed since last review", "times re dated"} <= {
                normal_header(c.header) for c in layout.columns
            }
            self._note_guesses(layout, rows)
            self.layouts.append(layout)
            self._above_header(table.rows[:start])
        if not self._check_fields(layout):
            return
        for row in rows:
            self.row(row, layout)

    def _reuse_layout(self, table: Table) -> Layout | None:
        width = max((len(r.cells) for r in table.rows), default=0)
        content = [r for r in table.rows if any(c.text.strip() for c in r.cells)]
        if self.layouts and width == len(self.layouts[-1].columns) and content:
            previous = self.layouts[-1]
            self.note(table.name, f"no header row: read with the columns of {previous.table}")
            return Layout(table.name, previous.header_where, previous.columns)
        if content and not all(is_key_text(" ".join(r.texts())) for r in content):
            self.note(
                table.name, f"no header row recognised (Ref, Action, Lead, Timescale...): {len(content)} rows skipped"
            )
        return None

    def _above_header(self, rows: list[Row]) -> None:
        for row in rows:
            text = " ".join(c.text.strip() for _, c in row.distinct() if c.text.strip())
            if not text or is_key_text(text) or text == self.plan.title:
                continue
            if self.as_at(text):
                continue
            if self.plan.title == self.plan.source_key and not self.layouts[:-1]:
                self.plan.title = one_line(text)  # the first line above the first table
                continue
            self.note(row.where, f"text above the table's header skipped: {text[:60]!r}", row.line)

    def _note_guesses(self, layout: Layout, rows: list[Row]) -> None:
        if self.layouts and [(c.header, c.field) for c in self.layouts[-1].columns] == [
            (c.header, c.field) for c in layout.columns
        ]:
            return  # the same columns as the table before: said once
        self.plan.notes += [ImportNote(None, f"{layout.table}: {m}") for m in guess_notes(layout, rows)]

    def _check_fields(self, layout: Layout) -> bool:
        fields = layout.fields()
        if not {"action", "objective"} & set(fields):
            self.note(
                layout.table, "no action or objective column: table skipped (say which column is which with --map)"
            )
            return False
        if "action" not in fields and "objective" in fields:
            self.note(layout.table, "no action column: each objective's text is also its action")
        if "ref" not in fields:
            self.note(
                layout.table,
                "no reference column: references taken from the start of the action "
                'text ("1a) ..."), else numbered 1, 2, 3... in each objective',
            )
        return True

    # ---- rows --------------------------------------------------------------------------------
    def row(self, row: Row, layout: Layout) -> None:
        distinct = [(i, c) for i, c in row.distinct() if c.text.strip() or c.fill]
        if not any(c.text.strip() for _, c in distinct):
            return
        if is_header(row) and same_header(row, layout):
            self.note(row.where, "the header repeated (a new page): skipped", row.line)
            return
        fresh = [(i, c) for i, c in distinct if not c.continued and c.text.strip()]
        if len(fresh) == 1:
            index, cell = fresh[0]
            if is_key_text(cell.text):
                return
            if span_of(row, index) >= max(2, (len(layout.columns) + 1) // 2):
                self.heading(cell.text, strict=False, where=row.where, line=row.line)
                return
            if index in layout.fields().get("ref", []) and not ref_like(cell.text):
                # "Objective 2: ..." typed in the first cell, or a stray line ("Continued overleaf")
                self.heading(cell.text, strict=True, where=row.where, line=row.line)
                return
        values = row_values(row, layout)
        key_field = next(f for f in ("ref", "action", "objective") if f in layout.fields())
        if not values.get(key_field):
            if not fresh:
                return
            if not {k for k, v in values.items() if v} - {"objective", "theme", "plan"}:
                self._context(values, row)  # a row naming only an objective or theme
                return
            if self.last is None:
                self.note(row.where, "row without a reference before any action: skipped", row.line)
                return
            self._continue(values, row)
            return
        self._context(values, row)
        self._new_action(values, row, layout)

    def _context(self, values: dict[str, str], row: Row) -> None:
        if values.get("plan"):
            self.plan_names[one_line(values["plan"])] += 1
        if values.get("theme") and one_line(values["theme"]) != self.theme:
            self.theme = one_line(values["theme"])
        if values.get("objective"):
            ref, text = split_objective(strip_html(values["objective"]))
            self._objective(ref, text)

    def _new_action(self, values: dict[str, str], row: Row, layout: Layout) -> None:
        if "ref" not in layout.fields():
            values["ref"], values["action"] = leading_ref(values.get("action", ""))
        raw = _Raw(values, rag_fill(row, layout), row.where, row.line)
        ref = clean_ref(values.get("ref", ""))
        if self.current is None or self.current.derived:
            parts = ref_parts(ref)
            main = parts[0] if parts else None
            if self.current is None or self.current.ref != main:
                self._objective(main, "", derived=True)
        self.current.actions.append(raw)
        self.last = raw

    def _continue(self, values: dict[str, str], row: Row) -> None:
        last = self.last
        for name, text in values.items():
            if name not in ("objective", "theme", "plan", "ref"):
                last.values[name] = join_cell_text(last.values.get(name, ""), text)
        ref = clean_ref(last.values.get("ref", "")) or "the action above"
        self.note(row.where, f"no reference: joined to {ref} (a row continued over a page break)", row.line)

    # ---- objectives and themes ---------------------------------------------------------------
    def heading(
        self,
        text: str,
        strict: bool,
        where: str | None = None,
        level: int = 2,
        line: int | None = None,
        tentative: bool = False,
    ) -> None:
        if as_at_in(text):  # "Summary version as at 22 July 2015": a date, not a heading
            self.as_at(text)
            return
        kind = heading_kind(text, strict=strict)
        if kind is None:
            self.note(where, f"line outside the table's columns skipped: {text[:60]!r}", line)
            return
        if kind[0] == "theme" or (level == 1 and kind[1] is None):
            self.theme = kind[2]
            self.current = None
            return
        _, ref, body = kind
        if (
            ref is None
            and self.current
            and not self.current.text
            and not self.current.actions
            and not self.current.derived
        ):
            self.current.text = body  # "Objective 1" on one row, its text on the next
            return
        self._objective(ref, body)
        self.current.tentative = tentative and not self.current.actions

    def _objective(self, ref: str | None, text: str, derived: bool = False) -> None:
        for objective in self.objectives:
            same_ref = ref is not None and objective.ref == ref
            same_text = ref is None and text and objective.text == text
            if same_ref or same_text:
                if text and not objective.text:
                    objective.text = text
                objective.derived = objective.derived and derived
                self.current = objective
                return
        self.current = _Objective(ref, text, self.theme, derived)
        self.objectives.append(self.current)

    # ---- the plan ----------------------------------------------------------------------------
    def finish(self) -> None:
        definitions = rag_definitions_in([r for t in self.other_tables for r in t.rows])
        if len(definitions) >= 2 and any(DEFAULT_RAG_DEFINITIONS.get(k) != v for k, v in definitions.items()):
            self.plan.rag_definitions = definitions  # (the defaults, as an export prints them, are not the plan's)
        if self.plan_names:
            name, _ = self.plan_names.most_common(1)[0]
            self.plan.title = name
            if len(self.plan_names) > 1:
                self.note(None, f"the Plan column names {len(self.plan_names)} plans: all read into {name!r}")
        used = {o.ref for o in self.objectives if o.ref}
        number = 0
        for objective in self.objectives:
            if not objective.actions and not objective.text:
                continue
            if not objective.actions and objective.tentative:
                self.note(None, f"heading {objective.text[:50]!r} has no actions under it: not read as an objective")
                continue
            refs = [clean_ref(a.values.get("ref", "")) for a in objective.actions]
            main = (
                ref_parts(refs[0])[0]
                if refs and ref_parts(refs[0])
                else (refs[0] if len(refs) == 1 and ref_like(refs[0]) else "")
            )  # a recommendation's one action
            if not objective.ref and main and main not in used:
                objective.ref = main
                used.add(objective.ref)
                if objective.text:
                    self.note(
                        None,
                        f"objective {objective.text[:50]!r} has no number: numbered "
                        f"{objective.ref} from its actions' references",
                    )
            if not objective.ref:
                number += 1
                while str(number) in used:
                    number += 1
                objective.ref = str(number)
                used.add(objective.ref)
                if objective.text:
                    self.note(None, f"objective {objective.text[:50]!r} has no number: numbered {objective.ref}")
            self.plan.objectives.append(self._build_objective(objective))
        if self.layouts and not self.plan.objectives:
            self.note(None, "no actions under the header: the plan is created empty")
        if self.colour_rated:
            self.note(
                None,
                f"RAG read from the cell colour (no text) for {self.colour_rated} "
                f"action{'s' if self.colour_rated != 1 else ''}",
            )

    def _build_objective(self, objective: _Objective) -> ImportedObjective:
        built = ImportedObjective(ref=objective.ref, text=objective.text, theme=objective.theme)
        refs: Counter = Counter()
        for number, raw in enumerate(objective.actions, start=1):
            action = self._action(raw, objective, str(number))
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
        return built

    def _action(self, raw: _Raw, objective: _Objective, number: str) -> ImportedAction:
        v = raw.values
        ref = clean_ref(v.get("ref", "")) or number
        where = f"{raw.where}, {ref}" if not raw.line else f"{ref}"
        status, text = status_prefix(spreadsheet_unescape(strip_html(v.get("action", ""))))
        if not text and "action" not in v:
            text = objective.text
        action = ImportedAction(ref=ref, text=text, line=raw.line)
        lead_notes: list[str] = []
        action.leads = read_leads(v, self.key, lead_notes)
        timescale = clean_timescale(spreadsheet_unescape(v.get("timescale", "")))
        if "timescale" not in v and not timescale:
            messages: list[str] = []
            timescale = timescale_in_text(text, messages, ref)
            lead_notes += [m.removeprefix(f"{ref}: ") for m in messages]
        action.timescale = timescale
        if timescale and not parse_timescale(timescale).understood:
            lead_notes.append(f"timescale {timescale!r} not understood: kept as written, no due date")
        rag, how, rag_note = read_rag(v.get("rag", ""), raw.rag_fill)
        action.rag = rag
        self.colour_rated += how == "colour"
        if rag_note:
            lead_notes.append(rag_note)
        written_status = one_line(v.get("status", ""))
        if written_status:
            status = read_status(written_status) or status
            if read_status(written_status) is None:
                lead_notes.append(f"status {written_status!r} not understood: open")
        if status is None and rag == "blue":
            status = "complete"
        if status is None and reads_complete(text):
            status, action.rag = "complete", action.rag or "blue"
            lead_notes.append("the action says it is complete: status complete")
        action.status = status or "open"
        action.progress = read_progress(spreadsheet_unescape(strip_html(v.get("progress", ""))), self.exported)
        self.plan.notes += [ImportNote(raw.line, f"{where}: {m}") for m in lead_notes]
        return action


__all__ = ["read_tables"]
