"""Stage 3, row by row: the role of each row of a plan table (see ``build``) and what it adds to
the plan being built -- a new action (or several, from the items of one cell), a row carried on
over a page break, an objective or theme heading, a line between the rows. ``RowReader`` is the
part of ``build.Builder`` that reads the rows; the builder holds the state they share (the
current objective and theme, the last action) and reads the document around the tables."""

from __future__ import annotations

import re
from collections import Counter

from storage.importing.cell_values import join_cell_text, label_of
from storage.importing.cells import (
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
from storage.importing.columns import Layout
from storage.importing.document import (
    ImportedPlan,
    ImportNote,
)
from storage.importing.drafts import ActionDraft, ObjectiveDraft, TableView
from storage.importing.grid import Cell, Row
from storage.importing.markup import one_line, strip_html
from storage.importing.model import TableModel, header_like, is_ref_like, repeats_header
from storage.importing.row_cells import (
    RULE,
    STRICT_REF,
    TELLING,
    cell_items,
    column_of,
    columns_for,
    embedded_refs,
    fits,
    group_ref,
    is_label,
    lettered_items,
    merged_down,
    new_cell,
    rag_fill,
    redated,
    row_values,
    section_like,
    short_timescale,
    span_of,
)

#: The heading of ragtrack's own committee report (DOCX, Markdown): its progress dates are its own.
REPORT_HEADING = re.compile(r"ONGOING ACTIONS – SUMMARY VERSION as at \d{2}/\d{2}/\d{4}")
# Lines that are page furniture, not content.
_FURNITURE = re.compile(
    r"^(?:page\s+\d+(?:\s+of\s+\d+)?|\d+\s*/\s*\d+|created by\b.*|printed\b.*|produced by\b.*|"
    r"[A-Z]\s*=\s*[A-Za-z]+|continued(?: on the next page| overleaf)?\.?|\(?cont(?:inued|'d|’d)\)?\.?)$",
    re.IGNORECASE,
)
_CONTINUED_LABEL = re.compile(r"\s*\((?:cont(?:inued|'d|’d|d)?\.?)\)\s*$|\s+cont(?:inued|'d|’d)\.?\s*$", re.IGNORECASE)
_LOOSE_REF = re.compile(r"^\s*([0-9A-Za-z]{1,3})\s*\)\s*\.?\s*")
_OCR_LETTER = {"I": "l", "1": "l", "|": "l"}


class RowReader:
    """The row-by-row reading of ``build.Builder`` (its state is set up there)."""

    # The builder's state these methods share (``Builder.__init__`` sets it).
    plan: ImportedPlan
    objectives: list[ObjectiveDraft]
    by_ref: dict[str, ObjectiveDraft]
    current: ObjectiveDraft | None
    theme: str | None
    last: ActionDraft | None
    views: list[TableView]
    plan_names: Counter
    furniture: list[str]
    statements: dict[str, tuple[str, str | None, str]]
    data_rows: int
    joined: int
    skipped: int
    shifted: int | None

    def note(self, where: str | None, message: str, line: int | None = None) -> None:
        self.plan.notes.append(ImportNote(line, f"{where}: {message}" if where and not line else message))

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
        if as_at_in(plain) or _FURNITURE.match(plain) or REPORT_HEADING.search(plain):
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


__all__ = ["REPORT_HEADING", "RowReader"]
