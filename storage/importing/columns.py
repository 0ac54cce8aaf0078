"""Which field each column of a table feeds, from its header *and* the values under it.

A header is compared loosely (``normal_header``) with the many names councils give columns; the
values under it are profiled (dates and whether they lie before the others, initials and names,
ratings in words or fills, statuses, short references, long prose, labels repeated or merged down).
Both are weighed: "Date" over committee meeting dates that all precede an "Exec Date" column is
not the deadline; a blank header over "1.0", "2.0" is the reference; "Person" over names is the
lead; an "Item" column of long titles is the objective, not a reference. A column that feeds no
field but holds something becomes a ``note``: its values are kept as "Header: value" progress
notes, so nothing the document says is stored nowhere. Every choice records how it was made
(recognised, guessed and why, or set by the user's mapping) for the preview and the mapping screen.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

from storage.importing.cells import dated, rag_word, read_status, ref_like, timescale_of
from storage.importing.colours import rag_from_colour
from storage.importing.grid import Row
from storage.importing.header_names import FIELDS, MULTI_FIELDS, SYNONYMS, normal_header, score_header

#: Header words saying a date column re-dates the due date ("New date", "Revised target date").
_REVISED = re.compile(r"\b(?:new|revised|amended|updated|rescheduled|redated|extended|forecast)\b")
#: Header words saying a date column is when the action is due.
_DUE_WORDS = re.compile(
    r"\b(?:due|target|deadline|by when|when|timescale|time scale|timeframe|timetable|completion|"
    r"completed by|review|implementation|finish|end)\b"
)
SAMPLE_ROWS = 300


@dataclass
class Column:
    index: int
    header: str
    field: str
    how: str  # "recognised", "guessed", "mapped", "not recognised"
    reason: str = ""
    revises: int | None = None  # a new date for the timescale column of this index, where given

    @property
    def label(self) -> str:
        return self.header or f"(column {self.index + 1}, no header)"


@dataclass
class Layout:
    """How one table was read: where its header is and what each column feeds."""

    table: str
    header_where: str
    columns: list[Column]
    header_rows: list[int] = field(default_factory=list)  # row indexes within the table
    profiles: list[Profile] = field(default_factory=list, repr=False)  # what each column's values look like
    #: field -> the indexes of its columns, in order (``indexes_of``), as first asked: a layout's
    #: columns are settled before it is made, and its rows ask this several times each.
    _indexes: dict[str, list[int]] = field(default_factory=dict, init=False, repr=False, compare=False)

    def fields(self) -> dict[str, list[int]]:
        found: dict[str, list[int]] = {}
        for column in self.columns:
            if column.field != "ignore":
                found.setdefault(column.field, []).append(column.index)
        return found

    def indexes_of(self, name: str) -> list[int]:
        """The indexes of the columns feeding field ``name``, left to right."""
        found = self._indexes.get(name)
        if found is None:
            found = self._indexes[name] = [c.index for c in self.columns if c.field == name]
        return found

    def signature(self) -> tuple:
        return tuple((normal_header(c.header), c.field) for c in self.columns)


# ---- what the values under a header look like ------------------------------------------------------


@dataclass
class Profile:
    filled: int = 0
    rows: int = 0
    long: float = 0.0  # share of values over 80 characters
    mean_length: float = 0.0
    dates: float = 0.0  # share of values that are dates
    timescales: float = 0.0  # share understood as a timescale (dates, "Ongoing", "As required"...)
    latest: float = 0.0  # the median day of its dates (an ordinal), for comparing date columns
    rags: float = 0.0
    statuses: float = 0.0
    yes_no: float = 0.0
    initials: float = 0.0
    people: float = 0.0  # names, roles and initials: values that read as who
    refs: float = 0.0
    symbols: float = 0.0  # ✓ / ⇒ progress entries
    distinct: float = 1.0
    continued: float = 0.0  # share of rows repeating a cell merged down
    numbers: float = 0.0  # share of values that are a bare number or percentage (counts, scores)
    reports: float = 0.0  # share that report something done: "Completed ...", a paper of a given day
    levels: float = 0.0  # share that are priority or risk levels ("High", "Medium", "Merits attention")
    replies: float = 0.0  # share that answer a recommendation ("Agreed", "Not accepted: ...")


_LEVEL = re.compile(
    r"^(?:very high|high|medium|med|low|critical|urgent|fundamental|significant|important|moderate|minor|major|"
    r"essential|desirable|merits attention|housekeeping)(?:\s+(?:priority|risk))?[.]?$",
    re.IGNORECASE,
)
_NUMBER = re.compile(r"^[-+£$€]?\d[\d,]*(?:\.\d+)?%?$")
_INITIALS_VALUE = re.compile(r"^[A-Z][A-Za-z]{1,3}(?:\s*[/,&;]\s*[A-Z][A-Za-z]{1,3})*[/.]?$")
_NAME = re.compile(r"\b[A-Z][a-z'’]+(?:[ -][A-Z][a-z'’-]+){1,2}\b")
_WHO_WORDS = re.compile(
    r"\b(?:officer|manager|head|director|lead|chair|team|group|board|executive|clerk|councillors?|cllr|"
    r"partnership|service|services|coordinator|co-ordinator|adviser|advisor|holder|member|members|directors|"
    r"unit|panel|committee|council)\b",
    re.IGNORECASE,
)


def profile(cells: list, rows: int) -> Profile:
    """The profile of a column's values (``cells`` sampled from its data rows)."""
    result = Profile(rows=rows)
    values = [(c.value, c.fill) for c in cells if not c.continued and not c.spans_left and (c.value or c.fill)]
    result.continued = sum(1 for c in cells if c.continued) / max(rows, 1)
    result.filled = len(values)
    texts = [v for v, _ in values if v]
    if not values:
        return result
    n = len(values)
    result.rags = sum(1 for v, f in values if (v and rag_word(v)) or (not v and rag_from_colour(f)[0])) / n
    if not texts:
        return result
    t = len(texts)
    result.mean_length = sum(map(len, texts)) / t
    result.long = sum(1 for v in texts if len(v) > 80) / t
    days = [d for d in (dated(v) for v in texts) if d]
    result.dates = len(days) / t
    result.timescales = sum(1 for v in texts if len(v) <= 60 and _understood(v)) / t
    if days:
        days.sort()
        result.latest = days[len(days) // 2].toordinal()
    result.statuses = sum(1 for v in texts if read_status(v)) / t
    result.yes_no = sum(1 for v in texts if v.lower().strip(" .!?") in ("yes", "no", "y", "n", "✓", "✔", "x")) / t
    result.initials = sum(1 for v in texts if _INITIALS_VALUE.match(v)) / t
    result.people = (
        sum(
            1
            for v in texts
            if len(v) <= 120
            and not any(ch.isdigit() for ch in v)
            and (_INITIALS_VALUE.match(v) or _NAME.search(v) or _WHO_WORDS.search(v))
        )
        / t
    )
    result.refs = sum(1 for v in texts if ref_like(v)) / t
    result.symbols = sum(1 for v in texts if any(s in v for s in "✓✔⇒➡√")) / t
    result.distinct = len(set(texts)) / t
    result.numbers = sum(1 for v in texts if _NUMBER.match(v)) / t
    result.levels = sum(1 for v in texts if _LEVEL.match(v.strip())) / t
    result.reports = sum(1 for v in texts if _REPORTS_DONE.match(v) or _DAY.search(v)) / t
    result.replies = sum(1 for v in texts if _REPLY.match(v)) / t
    return result


#: A value answering a recommendation: the executive's or management's reply, which says whether
#: the recommendation is taken up and what has come of it, not a new thing to do.
_REPLY = re.compile(
    r"^(?:(?:partially|partly|not|fully)\s+)?(?:agreed|accepted|supported|rejected|declined|noted)\b", re.I
)


#: A value reporting what was done: it starts with a word saying so, or cites the paper or meeting
#: of a given day where it was reported ("CEs Report 11/08/09"). A target is a month or a year,
#: seldom a day; an expected outcome says what will be, not what was.
_REPORTS_DONE = re.compile(r"^(?:complete|completed|done|closed|achieved|delivered|implemented|agreed|noted)\b", re.I)
_DAY = re.compile(r"\b\d{1,2}[/.]\d{1,2}[/.](?:\d{4}|\d{2})\b")


@lru_cache(maxsize=8192)
def _understood(text: str) -> bool:
    parsed = timescale_of(text)
    return parsed.understood and (not parsed.undated or parsed.ongoing)


def counts(p: Profile) -> bool:
    """Figures (counts, scores): numbers that repeat, as references do not."""
    return p.numbers >= 0.8 and p.distinct < 0.7


def figures_only(layout: Layout) -> bool:
    """A table of figures ("Measure | Actions" counts by rating): columns of numbers beside at
    most one column of labels, nothing to act on."""
    filled = [(c, layout.profiles[c.index]) for c in layout.columns if c.index < len(layout.profiles)]
    filled = [(c, p) for c, p in filled if p.filled and c.how != "mapped"]
    numeric = [c for c, p in filled if p.numbers >= 0.8 and (c.field != "ref" or counts(p))]
    return bool(numeric) and len(filled) - len(numeric) <= 1 and all(p.long == 0 for _, p in filled)


def content_field(p: Profile, index: int) -> tuple[str, str] | None:
    """(field, reason) the values alone suggest, or None when they say nothing clear."""
    if p.filled < 2:
        return None
    if p.rags >= 0.6 and p.mean_length <= 20:
        return "rag", "its cells read as RAG ratings" if p.mean_length else "its cells are coloured red/amber/green"
    if p.symbols >= 0.5:
        return "progress", "its cells hold ✓/⇒ entries"
    if p.statuses >= 0.6 and p.mean_length <= 30:
        return "status", "its cells read as statuses"
    if p.refs >= 0.8 and p.mean_length <= 16 and p.dates < 0.5 and index <= 2 and not counts(p):
        return "ref", "short references"
    if p.timescales >= 0.6 and p.mean_length <= 40:
        return "timescale", "its cells read as dates"
    if p.people >= 0.7 and p.mean_length <= 60 and p.long == 0:
        return "lead", "its cells read as names, initials or posts"
    if p.long >= 0.3 or p.mean_length >= 60:
        return "action", "its cells are long text"
    return None


# ---- deciding -----------------------------------------------------------------------------------


def map_columns(
    header_texts: list[str],
    rows: list[Row],
    table: str,
    header_where: str,
    mapped: dict[str, str] | None = None,
) -> Layout:
    """Decide each column's field from its header, its values and the user's mapping."""
    mapped = mapped or {}
    width = max(len(header_texts), max((len(r.cells) for r in rows), default=0))
    sample = _sample(rows)
    profiles = [profile([r.cells[i] for r in sample if i < len(r.cells)], len(sample)) for i in range(width)]
    columns: list[Column] = []
    for index in range(width):
        header = " ".join((header_texts[index] if index < len(header_texts) else "").split())
        chosen = mapping_for(index, header, mapped)
        if chosen:
            columns.append(Column(index, header, chosen, "mapped", "your mapping"))
            continue
        strength, _, by_name = score_header(header)
        by_content = content_field(profiles[index], index)
        columns.append(_weigh(index, header, strength, by_name, by_content, profiles[index]))
    _status_as_rag(columns, profiles)
    _status_as_progress(columns, profiles)
    _replies_as_progress(columns, profiles)
    _named_leads_only(columns)
    _one_column_per_field(columns, profiles)
    _choose_due_date(columns, profiles)
    _promote_action(columns, profiles)
    _outcome_as_progress(columns, profiles)
    _groups(columns, profiles)
    return Layout(table, header_where, columns, profiles=profiles)


def _sample(rows: list[Row]) -> list[Row]:
    data = [r for r in rows if not r.heading]
    if len(data) <= SAMPLE_ROWS:
        return data
    step = len(data) / SAMPLE_ROWS
    return [data[int(k * step)] for k in range(SAMPLE_ROWS)]


def _weigh(index: int, header: str, strength: int, by_name: str, by_content, p: Profile) -> Column:
    content, why = by_content or (None, "")
    if strength == 3 and not _contradicts(by_name, p):
        return Column(index, header, by_name, "recognised")
    if strength and not _contradicts(by_name, p):
        if content and content != by_name and strength == 1 and not _prose_expected(by_name, content):
            return Column(index, header, content, "guessed", why)
        return Column(index, header, by_name, "guessed", f"the header reads like {by_name!r}")
    if content:
        return Column(index, header, content, "guessed", why)
    if p.filled:
        return Column(index, header, "note", "not recognised", "kept as notes")
    return Column(index, header, "ignore", "not recognised", "empty")


def _prose_expected(by_name: str, content: str) -> bool:
    """Long text under a header naming notes or progress ("Planned outcome", "Summary of
    progress") is what such a column holds: it does not make the column the action."""
    return content == "action" and by_name in ("note", "progress")


def _contradicts(field_name: str, p: Profile) -> bool:
    """The values cannot be that field whatever the header says."""
    if not p.filled:
        return False
    if field_name == "timescale":
        return (p.long >= 0.5 and p.dates < 0.2) or (p.timescales == 0 and (p.yes_no >= 0.5 or p.statuses >= 0.8))
    if field_name == "ref":
        return p.mean_length > 40 or p.long > 0.2
    if field_name == "rag":
        return p.rags < 0.3 and p.mean_length > 20
    if field_name == "lead":
        return p.mean_length > 150 or (p.long >= 0.5 and p.people < 0.5)
    if field_name in ("action", "objective"):
        # counts under "Actions": a table of figures; "High", "Low" under "Priority": how urgent, not what
        return p.numbers >= 0.8 or p.levels >= 0.8
    return False


def _status_as_rag(columns: list[Column], profiles: list[Profile]) -> None:
    """A "Status" column of ratings (words or fills), with no RAG column, is the RAG rating."""
    if any(c.field == "rag" for c in columns):
        return
    for column in columns:
        p = profiles[column.index]
        if column.field == "status" and column.how != "mapped" and p.rags >= 0.6 and p.statuses < 0.6:
            fills = p.mean_length == 0
            why = "its cells are coloured red/amber/green" if fills else "its cells read as RAG ratings"
            column.field, column.how, column.reason = "rag", "guessed", f"'Status' column: {why}"
            return


def _status_as_progress(columns: list[Column], profiles: list[Profile]) -> None:
    """A "Status" ("Status/Comment") column whose cells are mostly comments, not statuses or
    ratings ("Not yet due", "Verbal update to be given"), is where progress is recorded when no
    other column is; the status words among them are still read as statuses."""
    if any(c.field == "progress" for c in columns):
        return
    for column in columns:
        p = profiles[column.index]
        if (
            column.field == "status"
            and column.how != "mapped"
            and "status" in normal_header(column.header).split()  # not "Achieved?", "Completed"
            and p.filled >= 2
            and p.statuses < 0.4
            and p.rags < 0.3
            and p.mean_length >= 10
        ):
            column.field, column.how = "progress", "guessed"
            column.reason = "its cells are comments, not statuses"
            return


def _replies_as_progress(columns: list[Column], profiles: list[Profile]) -> None:
    """A "Response" column beside the recommendations, whose cells mostly answer them ("Agreed",
    "Agreed. The plan has been changed", "Not accepted"), is the reply to each recommendation:
    what came of it (its progress), while the recommendation is the thing to act on."""
    for column in columns:
        p = profiles[column.index]
        if column.field == "action" and column.how != "mapped" and p.filled >= 2 and p.replies >= 0.6:
            has_progress = any(c.field == "progress" for c in columns)
            column.field, column.how = ("note" if has_progress else "progress"), "guessed"
            column.reason = "its cells answer the recommendations (agreed, not accepted...)"


def _named_leads_only(columns: list[Column]) -> None:
    """Where a header names the lead ("Lead Officer"), another column of names that no header
    calls a lead ("Cabinet Member", "Decision maker") is someone else's part: kept as notes."""
    if not any(c.field == "lead" and c.how == "recognised" for c in columns):
        return
    for column in columns:
        if column.field == "lead" and column.how == "guessed" and not score_header(column.header)[0]:
            column.field, column.how = "note", "guessed"
            column.reason = "names under a header that is not the lead's (the lead column is named)"


def _one_column_per_field(columns: list[Column], profiles: list[Profile]) -> None:
    rank = {"mapped": 4, "recognised": 3, "guessed": 2}
    by_field: dict[str, list[Column]] = {}
    for column in columns:
        if column.field not in MULTI_FIELDS and column.field != "timescale":
            by_field.setdefault(column.field, []).append(column)
    for field_name, group in by_field.items():
        if len(group) < 2:
            continue
        if field_name == "action" and len(group) == 2 and all(c.how != "mapped" for c in group):
            continue  # two "what" columns (Action, Sub action): settled by _groups
        best = max(group, key=lambda c: (rank.get(c.how, 0), score_header(c.header)[:2], -c.index))
        for column in group:
            if column is not best and column.how != "mapped":
                second = content_field(profiles[column.index], column.index)
                if second and second[0] != field_name and second[0] in MULTI_FIELDS | {"timescale"}:
                    column.field, column.how, column.reason = second[0], "guessed", second[1]
                else:
                    column.field, column.how = (
                        ("note", "not used") if profiles[column.index].filled else ("ignore", "not used")
                    )
                    column.reason = f"a second {field_name!r} column ({best.label!r} is used): kept as notes"


def _choose_due_date(columns: list[Column], profiles: list[Profile]) -> None:
    """Of several date columns, the one whose header says due, else the one with the latest
    dates, is the timescale; the others (meeting dates, dates raised) are kept as notes. A "New
    date" ("Revised target date") column beside it re-dates it: the deadline where given."""
    dates = [c for c in columns if c.field == "timescale"]
    if len(dates) < 2:
        return
    revised = [
        c for c in dates if c.how != "mapped" and _REVISED.search(normal_header(c.header)) and profiles[c.index].filled
    ]
    new = revised[0] if revised and len(revised) < len(dates) else None
    best = _due_date([c for c in dates if c is not new], profiles)
    if best is None or new is None:
        return
    new.how, new.revises = "guessed", best.index
    new.reason = f"a new date: the deadline where given ({best.label!r} then kept as a note)"


def _due_date(dates: list[Column], profiles: list[Profile]) -> Column | None:
    """The due date of several date columns (the others made notes), or None if no contest."""
    if len(dates) < 2:
        return dates[0] if dates else None
    mapped = [c for c in dates if c.how == "mapped"]
    if not mapped and sum(1 for c in dates if profiles[c.index].filled) <= 1:
        return next((c for c in dates if profiles[c.index].filled), dates[0])  # an empty column beside: no contest
    dates = [c for c in dates if profiles[c.index].filled or c.how == "mapped"]
    due = [c for c in dates if _DUE_WORDS.search(normal_header(c.header))]
    if mapped:
        best = mapped[0]
    elif len(due) == 1:
        best = due[0]
    else:
        # Two due-worded headers ("Timescale", "Due"): the better-named one; headers
        # without due words ("Date", "Exec Date"): the one holding the latest dates.
        if due:
            best = max(due, key=lambda c: (*score_header(c.header)[:2], profiles[c.index].latest, -c.index))
        else:
            best = max(dates, key=lambda c: (profiles[c.index].latest, -c.index))
    for column in dates:
        if column is not best and column.how != "mapped":
            column.field, column.how = "note", "guessed"
            column.reason = f"dates before those of {best.label!r}: kept as notes, not the timescale"
    return best


def _promote_action(columns: list[Column], profiles: list[Profile]) -> None:
    """With no action column, the objective (recommendation, issue) column holds what is to be
    done; failing that, the column of longest text does."""
    if any(c.field == "action" for c in columns):
        return
    objective = next((c for c in columns if c.field == "objective" and c.how != "mapped"), None)
    if objective is not None and profiles[objective.index].filled:
        objective.field, objective.how = "action", "guessed"
        objective.reason = "no action column: the text to act on"
        return
    notes = [c for c in columns if c.field == "note" and c.how != "mapped" and profiles[c.index].mean_length >= 25]
    if notes:
        best = max(notes, key=lambda c: profiles[c.index].mean_length)
        best.field, best.how, best.reason = "action", "guessed", "no action column: its cells are the longest text"


#: Headers naming what came of an action (not "Expected outcome", "Success criteria": targets).
_RESULT_HEADERS = frozenset({"outcome", "outcomes", "result", "results"})


def _outcome_as_progress(columns: list[Column], profiles: list[Profile]) -> None:
    """With no progress column, an "Outcome" column after the action whose values mostly report
    what was done ("Completed as Services work.", "CEs Report 11/08/09") is where progress is
    recorded (an action log), not the expected outcome of a plan."""
    if any(c.field == "progress" for c in columns):
        return
    action = next((c for c in columns if c.field == "action"), None)
    if action is None:
        return
    for column in columns:
        p = profiles[column.index]
        if (
            column.field == "note"
            and column.how != "mapped"
            and column.index > action.index
            and normal_header(column.header) in _RESULT_HEADERS
            and p.filled >= 2
            and p.reports >= 0.5
        ):
            column.field, column.how = "progress", "guessed"
            column.reason = "no progress column: its cells report what was done"
            return


def _groups(columns: list[Column], profiles: list[Profile]) -> None:
    """Two "what" columns: the left one, merged down or repeated over the right one's rows
    ("Action" over "Sub action"), is the objective they belong to. A column of short labels
    merged down before the action ("STAGE") is the objective; before an objective, the theme."""
    actions = [c for c in columns if c.field == "action"]
    if len(actions) == 2:
        left, right = sorted(actions, key=lambda c: c.index)
        has_objective = any(c.field == "objective" for c in columns)
        left.field = "theme" if has_objective else "objective"
        left.how, left.reason = "guessed", f"merged over the rows of {right.label!r}: the group they belong to"
    action = next((c for c in columns if c.field == "action"), None)
    if action is None:
        return
    for column in columns:
        p = profiles[column.index]
        if column.how in ("mapped", "recognised") or column.index > action.index:
            continue
        if column.field not in ("note", "lead", "action") or not p.filled:
            continue
        grouped = p.continued >= 0.3 or (p.distinct <= 0.5 and p.filled >= 3)
        if grouped and p.mean_length <= 80 and p.dates < 0.3 and p.initials < 0.5:
            has_objective = any(c.field == "objective" for c in columns if c is not column)
            column.field = "theme" if has_objective else "objective"
            column.how, column.reason = "guessed", "labels merged down over several rows: the group they belong to"


def mapping_for(index: int, header: str, mapped: dict[str, str]) -> str | None:
    """The field the user gave this column: by position ("#3"), exact header, else a unique
    prefix of the header."""
    if f"#{index + 1}" in mapped:
        return mapped[f"#{index + 1}"]
    name = normal_header(header)
    if not name:
        return None
    if name in mapped:
        return mapped[name]
    prefixed = [f for key, f in mapped.items() if not key.startswith("#") and name.startswith(key)]
    return prefixed[0] if len(prefixed) == 1 else None


__all__ = [
    "FIELDS",
    "MULTI_FIELDS",
    "SYNONYMS",
    "Column",
    "Layout",
    "map_columns",
    "mapping_for",
    "normal_header",
    "score_header",
]
