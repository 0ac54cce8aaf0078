"""Reader for the Leeds "From Care2Work Employability Support Work Plan" (seed 003).

The text is a PDF export: tab-separated rows "action | lead | time scale | progress | RAG"
under objective headings, broken by page headers/footers, with rows continued across page
breaks, OCR slips in the action references ("Sc)" for 3c) and in leads ("Мс" for MC), and
one objective whose heading and actions came out as a single line. This module walks the
table; ``leeds_header`` reads what surrounds it. Every fix and guess becomes an ImportNote.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from storage.importing.document import (
    ImportedObjective,
    ImportedOfficer,
    ImportedPlan,
    ImportNote,
)
from storage.importing.leeds_header import (
    HEADING,
    ObjectiveText,
    is_key_line,
    is_page_noise,
    read_as_at,
    read_contacts,
    read_involved,
    read_key_entries,
    read_objective_texts,
    read_rag_definitions,
    read_title,
)
from storage.importing.leeds_rows import Row, build_action
from storage.importing.plan_facts import find_organisation, find_overseeing_body
from storage.importing.text_tables import (
    join_cell_text,
    one_line,
    overlap,
    split_tab_row,
)

# "1a) text", "<b>2e).</b> text", and OCR'd refs "Sc)", "g).", "6I)" (fixed by context).
_REF = re.compile(r"^\s*([0-9A-Za-z]{1,3})\s*\)\s*\.?\s*")
_STRICT_REF = re.compile(r"^\d{1,2}[a-z]$")
_PROGRESS_START = re.compile("^[✓✔√⇒➡→⇨⇔]")
# "M <b>onthly": a word split by an opening tag; the letter belongs to the word.
_SPLIT_WORD = re.compile(r"\b([A-Z]) <(b|i|u)>([a-z])")
# "V = Outcomes": a key entry of the document's legend, not a continued row.
_LEGEND = re.compile(r"^[A-Z]{1,3}\s*=\s*[A-Z][a-z]+$")


@dataclass
class _State:
    plan: ImportedPlan
    texts: dict[str, ObjectiveText]
    objectives: dict[str, ImportedObjective] = field(default_factory=dict)
    rows: list[Row] = field(default_factory=list)
    current: str | None = None  # objective number
    heading_open: bool = False  # a heading was read and no action follows it yet
    dropped: list[int] = field(default_factory=list)

    def note(self, line: int | None, message: str) -> None:
        self.plan.notes.append(ImportNote(line, message))


def read_leeds_work_plan(text: str, source_key: str) -> ImportedPlan:
    """Read the Leeds work plan: themes > objectives/drivers 1-10 > actions 1a-9i."""
    lines = list(enumerate(text.split("\n"), start=1))
    table_start = next((i for i, (_, t) in enumerate(lines) if _starts_action(t)), len(lines))
    described = next((i for i, (_, t) in enumerate(lines) if "Description Objectives" in t), len(lines))
    header, table, description = lines[:table_start], lines[table_start:described], lines[described:]
    messages: list[str] = []
    plan = ImportedPlan(
        title=read_title(lines) or source_key,
        source_key=source_key,
        organisation=find_organisation(text, messages),
        overseeing_body=find_overseeing_body(text, messages),
        as_at=read_as_at(text),
    )
    plan.notes += [ImportNote(None, m) for m in messages]
    key_line = next(((n, t) for n, t in lines if is_key_line(t)), None)
    key = read_key_entries(key_line[1]) if key_line else {}
    rag_line = next((t for _, t in lines if "RAG status definition:" in t), "")
    plan.rag_definitions = read_rag_definitions(rag_line)
    header_notes: list[tuple[int, str]] = []
    plan.officers = _merge_officers(read_contacts(header, header_notes), read_involved(header, header_notes), key)
    plan.notes += [ImportNote(n, m) for n, m in header_notes]
    state = _State(plan, read_objective_texts(description))
    if description:
        state.note(description[0][0], "objectives' Quality Mark criteria (bullet lists) not imported: no field")
    for number, raw in table:
        _read_line(state, number, raw)
    if state.dropped:
        state.note(
            None, f"{len(state.dropped)} page header/footer lines dropped (lines {', '.join(map(str, state.dropped))})"
        )
    for row in state.rows:
        state.objectives[row.objective].actions.append(build_action(row, key, plan))
    plan.objectives = list(state.objectives.values())
    _guess_unknown_initials(plan)
    return plan


def _starts_action(line: str) -> bool:
    match = _REF.match(one_line(split_tab_row(line)[0]))
    return bool(match and _STRICT_REF.match(match[1]))


def _read_line(state: _State, number: int, raw: str) -> None:
    """Classify one line of the table section and add it to the plan."""
    if not raw.strip():
        return
    if is_page_noise(raw):
        state.dropped.append(number)
        return
    if is_key_line(raw) or "RAG status definition:" in raw:
        return  # read once for the whole plan
    if _SPLIT_WORD.search(raw):
        raw = _SPLIT_WORD.sub(r"<\2>\1\3", raw)
        state.note(number, "a word split by a formatting tag ('M <b>onthly') joined")
    cells = [one_line(c) for c in split_tab_row(raw)]
    cells += [""] * (5 - len(cells))
    first = cells[0]
    if HEADING.match(first) or "Objective/Driver:" in first:
        _heading(state, number, cells)
    elif any(c.startswith("Overall Lead:") for c in cells):
        lead = next(c for c in cells if c.startswith("Overall Lead:"))
        following = str(int(state.current or "0") + 1)
        state.note(number, f"'{lead}' applies to objective {following}; no field for an objective's lead, not imported")
    elif ref := _ref_of(state, number, first) if _REF.match(first) else None:
        _start_row(state, number, [_REF.sub("", first, count=1), *cells[1:]], ref)
    elif first.endswith(":") and not any(cells[1:]):
        state.note(number, f"sub-heading {first!r} inside objective {state.current} not imported")
    elif first and state.heading_open:
        ref = _next_ref(state, state.current)
        state.note(number, f"action with no reference under objective {state.current} numbered {ref}")
        _start_row(state, number, cells, ref)
    elif _LEGEND.match(first) and not any(cells[1:]):
        state.note(number, f"legend entry {first!r} not imported")
    elif state.rows:
        _continue_row(state, number, cells)
    else:
        state.note(number, f"line skipped: {raw.strip()[:60]!r}")


def _ref_of(state: _State, number: int, first: str) -> str | None:
    """The cleaned action reference a cell starts with, fixing OCR slips by context."""
    token = _REF.match(first)[1]
    if _STRICT_REF.match(token):
        return token
    if len(token) > 2 or not token[-1].isalpha() or state.current is None:
        return None
    letter = "l" if token[-1] == "I" else token[-1].lower()  # "6I)": capital I for l
    ref = f"{state.current}{letter}"
    expected = _next_ref(state, state.current)
    sequence = "the next in sequence" if ref == expected else f"expected {expected}"
    state.note(number, f"reference {token + ')'!r} read as {ref} ({sequence})")
    return ref


def _next_ref(state: _State, objective: str | None) -> str:
    letters = [r.ref[-1] for r in state.rows if r.objective == objective and r.ref[-1].isalpha()]
    return f"{objective}{chr(ord(max(letters)) + 1) if letters else 'a'}"


def _objective(state: _State, num: str, number: int, theme: str | None = None) -> ImportedObjective:
    """The objective with this number, created on first sight (text from the description)."""
    if num not in state.objectives:
        described = state.texts.get(num)
        if described:
            obj = ImportedObjective(ref=num, text=described.text, theme=theme or described.theme, line=number)
            if not theme:
                state.note(
                    number,
                    f"objective {num} has no heading in the table; text and theme "
                    f"taken from the objectives description (line {described.line})",
                )
        else:
            obj = ImportedObjective(ref=num, text="", theme=theme, line=number)
            state.note(number, f"objective {num} has no heading and no description; text left empty")
        state.objectives[num] = obj
    return state.objectives[num]


def _start_row(state: _State, number: int, cells: list[str], ref: str) -> None:
    """Begin a new action row; ``cells[0]`` is its text without the reference."""
    objective = re.match(r"\d+", ref)[0]
    _objective(state, objective, number)
    state.current, state.heading_open = objective, False
    row = Row(line=number, ref=ref, objective=objective, cells=cells[:5])
    if _PROGRESS_START.match(cells[2]) and not cells[4] and cells[3] in ("R", "A", "G", "B"):
        # Objective 10's row has no time-scale cell: progress and RAG sit one column early.
        row.cells = [cells[0], cells[1], "", cells[2], cells[3]]
        row.shifted = True
        state.note(number, f"{ref}: no time-scale cell (progress written in its place); shifted")
    if any(cells[5:]):
        state.note(number, f"{ref}: extra cells dropped: {[c for c in cells[5:] if c]}")
    state.rows.append(row)


def _continue_row(state: _State, number: int, cells: list[str]) -> None:
    """Join a row continued over a page break to the action it continues.

    The continuation may end the previous action and start the next one mid-cell
    ("... roll out training.  5c) Weekly meetings ..."): the rest of the line then belongs
    to the new action.
    """
    row = state.rows[-1]
    first = cells[0]
    expected = _next_ref(state, row.objective)
    embedded = re.search(rf"(?<=\s){re.escape(expected)}\)\s*", first)
    if embedded:
        state.note(number, f"action {expected} starts inside the line continuing {row.ref}; split there")
        _join(state, number, row, [first[: embedded.start()].strip()])
        _start_row(state, number, [first[embedded.end() :], *cells[1:]], expected)
        return
    if row.shifted:
        cells = [cells[0], cells[1], "", cells[2], cells[3]]
    _join(state, number, row, cells)


def _join(state: _State, number: int, row: Row, cells: list[str]) -> None:
    for index, text in enumerate(cells[:5]):
        if text and overlap(row.cells[index], text):
            state.note(number, f"{row.ref}: text repeated from the line before; kept once")
        row.cells[index] = join_cell_text(row.cells[index], text)
    if any(cells[5:]):
        state.note(number, f"{row.ref}: extra cells dropped: {[c for c in cells[5:] if c]}")


def _heading(state: _State, number: int, cells: list[str]) -> None:
    """An objective heading: "OPPORTUNITIES: Objective/Driver: 5. The move on plans ..."."""
    match = HEADING.search(cells[0])
    if not match:
        state.note(number, f"objective heading not understood: {cells[0][:60]!r}")
        return
    num, theme, written = match["num"], match["theme"], match["text"].strip()
    described = state.texts.get(num)
    whole = " ".join(c for c in [written, *cells[1:]] if c)
    embedded = list(re.finditer(rf"(?<![\w/]){num}[a-z]\)\.?\s*", whole))
    objective = _objective(state, num, number, theme)
    state.current, state.heading_open = num, True
    if described and theme and described.theme and theme != described.theme:
        state.note(
            number, f"objective {num}: theme {theme} in the table but {described.theme} in the description; table kept"
        )
    if embedded:
        _merged_heading(state, number, num, whole, embedded)
    elif not described:
        objective.text = whole
        state.note(number, f"objective {num}: no description found; heading text kept as written")
    elif any(cells[1:]) or not described.text.startswith(written.rstrip(". ")):
        state.note(
            number,
            f"objective {num}: heading mangled by the PDF export ({whole[:70]!r}); "
            f"text taken from the objectives description (line {described.line})",
        )


def _merged_heading(state: _State, number: int, num: str, whole: str, refs: list[re.Match]) -> None:
    """A heading that swallowed its actions (objective 7): split the line at "7a)", "7b)"...

    The PDF interleaved the columns, so each action's text, lead, time scale, progress and
    RAG cannot be told apart: the text runs to the first progress symbol and the rest is
    progress; leads, time scale and RAG are left empty and reported.
    """
    described = state.texts.get(num)
    head = whole[: refs[0].start()].strip()
    if described and head.startswith(described.text):
        head = head[len(described.text) :].strip()
    if head:
        state.note(number, f"objective {num}: text between heading and first action not placed: {head!r}")
    state.heading_open = False
    for match, following in zip(refs, [*refs[1:], None], strict=False):
        ref = match.group().rstrip(" .)")
        body = whole[match.end() : following.start() if following else len(whole)].strip()
        split = re.search("[✓✔√⇒➡→⇨⇔]", body)
        text, progress = (body[: split.start()].strip(), body[split.start() :]) if split else (body, "")
        state.rows.append(Row(line=number, ref=ref, objective=num, cells=[text, "", "", progress, ""], merged=True))
        state.note(
            number,
            f"{ref}: read from objective {num}'s merged line; lead, time scale and "
            "RAG could not be separated from the text; check against the source",
        )


def _merge_officers(
    contacts: list[ImportedOfficer], involved: list[ImportedOfficer], key: dict[str, str]
) -> list[ImportedOfficer]:
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
    """Initials missing from the key ("RM") that match exactly one full-name lead elsewhere
    in the plan ("Rob Murray") are taken to be that person, and the guess is reported."""
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
                        f"{action.ref}: initials {lead.initials} "
                        f"not in the key; taken to be {lead.name}, the only "
                        "lead with those initials",
                    )
                )
