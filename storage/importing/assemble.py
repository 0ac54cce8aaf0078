"""Stage 3, end: the rows' drafts become the plan: objectives numbered (from their actions'
references where the document gives none), each action's values read from its cells (text,
leads, timescale, rating, status, progress, other columns as notes), officers gathered."""

from __future__ import annotations

import re
from collections import Counter
from typing import TYPE_CHECKING

from storage.importing.cell_values import (
    PROGRESS_SYMBOLS,
    column_status,
    read_leads,
    same_start,
    spreadsheet_unescape,
    starts_done,
    text_and_status_lines,
    timescale_cell,
)
from storage.importing.cells import (
    read_rag,
    read_status,
    ref_parts,
    says_done,
    status_prefix,
    sub_ref,
    timescale_in_text,
    timescale_of,
)
from storage.importing.document import ImportedAction, ImportedObjective, ImportedProgress, ImportNote
from storage.importing.markup import one_line, strip_html
from storage.importing.people_tables import guess_unknown_initials, plan_officers
from storage.importing.progress import read_progress
from storage.importing.row_cells import STRICT_REF

if TYPE_CHECKING:
    from storage.importing.build import ActionDraft, Builder, ObjectiveDraft


def assemble(builder: Builder) -> None:
    if builder.furniture:
        builder.note(
            None, f"{len(builder.furniture)} page header/footer lines dropped ({', '.join(builder.furniture[:12])})"
        )
    if builder.plan_names:
        name, _ = builder.plan_names.most_common(1)[0]
        builder.plan.title = name
    _objective_texts(builder)
    style = _ref_style(builder.objectives)
    used = {o.ref for o in builder.objectives if o.ref}
    number = 0
    for objective in builder.objectives:
        if not objective.actions and not objective.text:
            continue
        if not objective.actions and not objective.heading_where:
            continue
        if not objective.actions:
            builder.note(None, f"heading {objective.text[:50]!r} has no actions under it: not read as an objective")
            continue
        if not objective.ref:
            first = objective.actions[0].ref
            main = ref_parts(first)[0] if first and ref_parts(first) else None
            if main is None and first and all(a.ref == first for a in objective.actions) and first not in used:
                main = first  # a recommendation and its one action share their reference
            if (
                main
                and main not in used
                and all(not a.ref or a.ref == main or (ref_parts(a.ref) or ("",))[0] == main for a in objective.actions)
            ):
                objective.ref = main
                used.add(main)
        if not objective.ref:
            number += 1
            while str(number) in used:
                number += 1
            objective.ref = str(number)
            used.add(objective.ref)
        builder.plan.objectives.append(_build_objective(builder, objective, style))
    if builder.colour_rated:
        builder.note(
            None,
            f"RAG read from the cell colour (no text) for {builder.colour_rated} action{'s' if builder.colour_rated != 1 else ''}",
        )
    builder.plan.officers = plan_officers(builder.contacts, builder.people, builder.key)
    if not builder.exported:
        builder.plan.as_at = builder.as_at
    guess_unknown_initials(builder.plan)


def _objective_texts(builder: Builder) -> None:
    for objective in builder.objectives:
        statement = builder.statements.get(objective.ref or "")
        if not statement:
            continue
        text, theme, where = statement
        if objective.derived or not objective.text:
            if objective.text != text:
                builder.note(None, f"objective {objective.ref} has no heading in the table: text taken from {where}")
            objective.text = text
            objective.theme = theme or objective.theme
        elif not same_start(objective.text, text) and len(text) > 20:
            builder.note(
                None,
                f"objective {objective.ref}: heading mangled in the table ({objective.text[:60]!r}); "
                f"text taken from its statement at {where}",
            )
            objective.text = text
        if theme and not objective.theme:
            objective.theme = theme


def _build_objective(builder: Builder, objective: ObjectiveDraft, style: str) -> ImportedObjective:
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
        action = _action(builder, raw, objective)
        refs[action.ref] += 1
        if refs[action.ref] > 1:
            new_ref = f"{action.ref}-{refs[action.ref]}"
            builder.note(
                raw.where,
                f"reference {action.ref} used twice in objective {objective.ref}: this one kept as {new_ref}",
                raw.line,
            )
            action.ref = new_ref
        built.actions.append(action)
    del groups
    return built


def _action(builder: Builder, raw: ActionDraft, objective: ObjectiveDraft) -> ImportedAction:
    v = raw.values
    ref = raw.ref
    messages: list[str] = []
    text, lines_status, status_notes = text_and_status_lines(spreadsheet_unescape(v.get("action", "")))
    status, text, why = status_prefix(text)
    progress_extra: list[str] = list(status_notes)
    if why:
        progress_extra.insert(0, f"DELETE {why}".strip())
    if status is None and "DELETE" in text and re.search(r"\bDELETE\b", text):
        messages.append("the text marks part of itself DELETE; the action is kept open, text as written")
    if not text and not v.get("action"):
        text = objective.text
    action = ImportedAction(ref=ref, text=text, line=raw.line)
    if not raw.merged_line:
        action.leads = read_leads(v.get("lead", ""), builder.key, messages)
        if not action.leads and v.get("lead", "").strip() and v.get("lead", "").strip() not in ("?", "-", "–"):
            messages.append(f"no lead could be read (cell {one_line(v['lead'])!r})")
    timescale, timescale_status = timescale_cell(spreadsheet_unescape(v.get("timescale", "")))
    if not timescale and not timescale_status:
        timescale, message = timescale_in_text(text, v.get("_action_header", ""))
        if message:
            messages.append(message)
    action.timescale = timescale
    if timescale and not timescale_of(timescale).understood:
        messages.append(f"timescale {timescale!r} not understood: kept as written, no due date")
    rag, how, rag_note = read_rag(v.get("rag", ""), raw.fill)
    action.rag = rag
    builder.colour_rated += how == "colour"
    if rag_note:
        messages.append(rag_note)
    status = status or lines_status or timescale_status
    written_status = one_line(v.get("status", ""))
    status_from_column, status_note = column_status(written_status, v.get("_status_header", ""))
    if status_from_column:
        status = status_from_column if status in (None, "open") else status
    labelled = list(raw.notes)
    if status_note:
        labelled.append((int(v.get("_status_index", "999")), *status_note.split(": ", 1)))
    progress_text = spreadsheet_unescape(strip_html(v.get("progress", "")))
    entries = read_progress(progress_text, builder.exported) if progress_text else []
    pure = [
        e
        for e in entries
        if e.kind == "note" and len(e.text.split(maxsplit=2)) <= 2 and read_status(e.text) not in (None, "open")
    ]
    for entry in pure:
        status = read_status(entry.text) if status in (None, "open") else status
        entries.remove(entry)
    # (``maxsplit``: a long text is not split into all its words to learn it has more than two)
    said = read_status(progress_text.strip()) if progress_text and len(progress_text.split(maxsplit=2)) <= 2 else None
    if said not in (None, "open") and not PROGRESS_SYMBOLS.search(progress_text):
        status = said if status in (None, "open") else status  # "Complete" where the progress goes
        entries = []
    if (
        status in (None, "open")
        and progress_text
        and starts_done(progress_text)
        and not PROGRESS_SYMBOLS.search(progress_text)
    ):
        status = "complete"  # "Complete", "Completed as Services work." where the progress goes
    if status is None and says_done(text):
        status = "complete"
        action.rag = action.rag or "blue"
        messages.append("the action says it is complete: status complete")
    if any("supersed" in t.casefold() and _SUPERSEDED.search(t) for t in (text, progress_text)):
        if status == "withdrawn":
            messages.append("marked DELETE and said to be superseded; status superseded")
        status = "superseded"
    if status is None and rag == "blue":
        status = "complete"
    action.status = status or "open"
    action.progress = read_progress("\n".join(progress_extra), False) if progress_extra else []
    action.progress = entries + action.progress if not why else action.progress + entries
    if builder.exported:  # ragtrack's own export: its other columns are worked out from these
        labelled = []
    for _, label, value in sorted(labelled, key=lambda item: item[0]):
        action.progress.append(ImportedProgress("note", f"{label}: {value}"))
    builder.plan.notes += [
        ImportNote(raw.line, f"{ref}: {m}" if raw.line else f"{raw.where}, {ref}: {m}") for m in messages
    ]
    return action


#: "superseded" anywhere in the action or its progress (casefold() finds every case the pattern
#: matches, "ſuperseded" too: a quick test before the pattern).
_SUPERSEDED = re.compile(r"\bsuperseded\b", re.IGNORECASE)


def _ref_style(objectives: list[ObjectiveDraft]) -> str:
    refs = [a.ref for o in objectives for a in o.actions if a.ref]
    letters = sum(1 for r in refs if STRICT_REF.match(r))
    return "letters" if refs and letters >= 0.6 * len(refs) else "numbers"
