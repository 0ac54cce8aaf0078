"""Tables as every reader sees them, and which column holds which field.

A reader (Word, Excel, CSV, Markdown, pasted text) turns a file into ``Table``s of ``Row``s of
``Cell``s (text, fill colour, merge flags). This module finds each table's header row by the
many names councils give columns ("Rec No", "Responsible Officer", "By when", "RAG rating"...),
decides which field each column feeds, and records how (recognised, guessed, or set by the
user's ``--map``) so the preview can show it. ``storage.importing.table_plan`` then reads rows.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

from storage.importing.document import ImportedPlan

#: The fields a column can feed; ``ignore`` drops the column. ``plan`` names the plan.
FIELDS = ("ref", "objective", "action", "lead", "timescale", "progress", "rag", "status", "theme", "plan", "ignore")
#: Fields several columns may feed at once (their texts are joined).
MULTI_FIELDS = frozenset({"progress", "lead"})

#: Header names, best first, per field. Exact names are "recognised"; a header that starts with
#: or contains one of them is "guessed" (and shown as such in the preview).
SYNONYMS: dict[str, tuple[str, ...]] = {
    "ref": (
        "ref",
        "ref no",
        "reference",
        "rec no",
        "rec",
        "rec number",
        "no",
        "number",
        "action ref",
        "action no",
        "action number",
        "item",
        "item no",
        "id",
        "#",
    ),
    "objective": (
        "objective",
        "recommendation",
        "driver",
        "key objective",
        "objectives",
        "recommendations",
        "aim",
        "outcome",
        "priority",
        "goal",
        "area for improvement",
        "improvement area",
        "strategic objective",
        "key driver",
    ),
    "action": (
        "action",
        "actions",
        "milestone",
        "milestones",
        "milestones actions",
        "agreed action",
        "agreed actions",
        "action required",
        "actions required",
        "title",
        "task",
        "tasks",
        "activity",
        "what",
        "description",
        "action description",
        "what we will do",
        "key actions",
        "planned action",
    ),
    "lead": (
        "lead",
        "lead names",
        "leads",
        "lead officer",
        "lead officers",
        "responsible officer",
        "responsible officers",
        "responsible",
        "owner",
        "action owner",
        "officer",
        "responsibility",
        "who",
        "by whom",
        "lead person",
        "accountable officer",
        "lead initials",
    ),
    "timescale": (
        "timescale",
        "timescales",
        "time scale",
        "by when",
        "target date",
        "deadline",
        "due date",
        "date",
        "completion date",
        "target",
        "when",
        "time",
        "target completion",
        "due by",
        "end date",
        "date due",
        "due",
    ),
    "progress": (
        "progress",
        "update",
        "updates",
        "comments",
        "comment",
        "progress update",
        "progress to date",
        "commentary",
        "notes",
        "progress notes",
        "latest update",
        "progress and next steps",
        "position statement",
    ),
    "rag": ("rag", "rag rating", "rag status", "rating", "r a g", "rag rag"),
    "status": ("status", "action status", "state"),
    "theme": ("theme", "themes", "section", "workstream", "work stream", "priority area", "area", "strand"),
    "plan": ("plan", "plan title", "action plan"),
    "ignore": (
        "overdue",
        "last update",
        "last updated",
        "updated",
        "changed since last review",
        "times re dated",
        "date added",
        "date raised",
        "rag trend",
        "previous rag",
    ),
}
#: Fields a header containing these words (anywhere) may be, when nothing matches better.
_PRIORITY = ("ignore", "ref", "objective", "action", "lead", "timescale", "progress", "rag", "status", "theme", "plan")
_HEADER_MAX = 80  # longer cells are data, not column names
#: More rows than any action plan has (the largest run to a few hundred): a file or sheet with
#: more is refused or left out at once, rather than read for minutes.
MAX_ROWS = 5_000


@dataclass
class Cell:
    text: str = ""
    fill: str | None = None  # RGB hex of the cell's fill, shading or highlight, when it has one
    spans_left: bool = False  # the same merged cell as the one to its left
    continued: bool = False  # the same merged cell as the one above it (vertical merge)


@dataclass
class Row:
    cells: list[Cell]
    where: str  # "line 12", "table 2 row 5", "sheet 'Plan' row 7": for notes
    line: int | None = None  # a line number, for text formats

    def texts(self) -> list[str]:
        return [c.text for c in self.cells]

    def distinct(self) -> list[tuple[int, Cell]]:
        """The cells that are not a horizontal repeat of a merged cell, with their columns."""
        return [(i, c) for i, c in enumerate(self.cells) if not c.spans_left]


@dataclass
class Table:
    name: str  # "table 2", "sheet 'Plan'", "the file"
    rows: list[Row]
    headings: list[tuple[int, str]] = field(default_factory=list)  # (level, text) just before it


@dataclass
class Column:
    index: int
    header: str
    field: str
    how: str  # "recognised", "guessed", "--map", "not recognised"
    reason: str = ""

    @property
    def label(self) -> str:
        return self.header or f"(column {self.index + 1}, no header)"


@dataclass
class Layout:
    """How one table was read: where its header is and what each column feeds."""

    table: str
    header_where: str
    columns: list[Column]

    def fields(self) -> dict[str, list[int]]:
        found: dict[str, list[int]] = {}
        for column in self.columns:
            if column.field != "ignore":
                found.setdefault(column.field, []).append(column.index)
        return found


@dataclass
class Reading:
    """What a reader made of a file: the plan, plus how its columns were read (for previews)."""

    plan: ImportedPlan
    kind: str  # "Word document", "Excel workbook", "CSV (';' between cells)", "seed text: ..."
    layouts: list[Layout] = field(default_factory=list)


def normal_header(text: str) -> str:
    """A header compared loosely: lower case, no parenthesised notes, no symbols or legends."""
    text = re.split(r"[✓✔⇒→]", text, maxsplit=1)[0]
    text = re.sub(r"\([^)]*\)", " ", text.lower()).replace("&", " and ")
    text = re.sub(r"[^\w#]+", " ", text)
    return " ".join(text.split())


_EXACT: dict[str, tuple[int, str]] = {}
_PHRASES: dict[str, list[tuple[tuple[str, ...], int, str]]] = {}  # first word -> (words, -rank, field)
for _field in _PRIORITY:
    for _rank, _synonym in enumerate(SYNONYMS[_field]):
        _EXACT.setdefault(_synonym, (-_rank, _field))
        _PHRASES.setdefault(_synonym.split()[0], []).append((tuple(_synonym.split()), -_rank, _field))


@lru_cache(maxsize=4096)
def score_header(text: str) -> tuple[int, int, str]:
    """(strength, -rank, field): 3 exact name, 2 starts with a name, 1 contains one, 0 none."""
    if len(text) > _HEADER_MAX:
        return 0, 0, "ignore"
    name = normal_header(text)
    if not name:
        return 0, 0, "ignore"
    if name in _EXACT:
        rank, field_name = _EXACT[name]
        return 3, rank, field_name
    words = tuple(name.split())
    best = (0, 0, "ignore")
    for start, word in enumerate(words):
        for phrase, rank, field_name in _PHRASES.get(word, ()):
            if words[start : start + len(phrase)] != phrase:
                continue
            if start == 0:
                strength = 2
            elif len(" ".join(phrase)) > 2:
                strength = 1
            else:
                continue
            if (strength, rank) > best[:2]:
                best = (strength, rank, field_name)
    return best


def header_fields(row: Row) -> dict[int, tuple[int, str]]:
    """Column -> (strength, field) for the cells of a row that read as column names."""
    found = {}
    for index, cell in enumerate(row.cells):
        strength, _, field_name = score_header(cell.text)
        if strength:
            found[index] = (strength, field_name)
    return found


def is_header(row: Row) -> bool:
    """A header row: at least two distinct cells are column names, one of them an action or
    objective (or a ref beside a lead/timescale), and no cell is long like data."""
    if any(len(c.text) > _HEADER_MAX for c in row.cells):
        return False
    found = {i: f for i, f in header_fields(row).items() if not row.cells[i].spans_left}
    strong = [f for s, f in found.values() if s >= 2]
    kinds = {f for _, f in found.values()}
    return (
        len(found) >= 2
        and bool(strong)
        and bool(kinds & {"action", "objective"} or ({"ref"} <= kinds and kinds & {"lead", "timescale", "rag"}))
    )


def merge_subheader(header: Row, below: Row) -> bool:
    """Join a second header line ("Time" over "scale", "RAG" over "rating", "(bold)") into
    ``header``; True when ``below`` was such a line."""
    pairs = [(h, b) for h, b in zip(header.cells, below.cells, strict=False) if b.text.strip()]
    if not pairs:
        return False
    for top, under in pairs:
        if not top.text.strip() or under.continued:
            return False
        joined = f"{top.text} {under.text}"
        legend = not normal_header(under.text)  # "(bold)", "✓ = achievement to date"
        if not (
            legend
            or score_header(joined)[0] == 3
            or (score_header(under.text)[2:] == score_header(top.text)[2:] and score_header(under.text)[0] == 3)
        ):
            return False
    for top, under in zip(header.cells, below.cells, strict=False):
        if under.text.strip():
            top.text = f"{top.text} {under.text}".strip()
    return True


def parse_column_map(text: str | None) -> dict[str, str]:
    """ "Owner=lead,Deadline=timescale" -> {"owner": "lead", "deadline": "timescale"}.

    Keys are headers compared loosely (as ``normal_header``), or "#3" for the third column.
    Raises ValueError with a one-line message for a malformed entry or an unknown field.
    """
    overrides: dict[str, str] = {}
    for part in (text or "").split(","):
        if not part.strip():
            continue
        header, sep, field_name = part.rpartition("=")
        field_name = field_name.strip().lower()
        if not sep or not header.strip():
            raise ValueError(f"--map entry {part.strip()!r} is not HEADER=FIELD")
        if field_name not in FIELDS:
            raise ValueError(f"--map: unknown field {field_name!r} (fields: {', '.join(FIELDS)})")
        key = header.strip()
        overrides[key if re.fullmatch(r"#\d+", key) else normal_header(key)] = field_name
    return overrides


def override_for(column: int, header: str, overrides: dict[str, str]) -> str | None:
    """The field the user gave this column: by number, exact header, else a unique prefix."""
    if f"#{column + 1}" in overrides:
        return overrides[f"#{column + 1}"]
    name = normal_header(header)
    if not name:
        return None
    if name in overrides:
        return overrides[name]
    prefixed = [f for key, f in overrides.items() if not key.startswith("#") and name.startswith(key)]
    return prefixed[0] if len(prefixed) == 1 else None


def unused_overrides(overrides: dict[str, str], layouts: list[Layout]) -> list[str]:
    """The --map keys that named no column of any table."""
    used = set()
    for layout in layouts:
        for column in layout.columns:
            for key in overrides:
                if key == f"#{column.index + 1}" or override_for(column.index, column.header, {key: "x"}):
                    used.add(key)
    return [key for key in overrides if key not in used]


def map_columns(header: Row, overrides: dict[str, str], table: str, width: int) -> Layout:
    """Decide each column's field from its header (and the user's overrides).

    Single-valued fields keep their best column; a second one is ignored and says why. Columns
    under one merged header cell feed the same field.
    """
    columns: list[Column] = []
    for index in range(width):
        cell = header.cells[index] if index < len(header.cells) else Cell()
        text = " ".join(cell.text.split())
        chosen = override_for(index, text, overrides)
        if chosen:
            columns.append(Column(index, text, chosen, "--map"))
            continue
        strength, _, field_name = score_header(text)
        if strength == 3:
            columns.append(Column(index, text, field_name, "recognised"))
        elif strength:
            columns.append(Column(index, text, field_name, "guessed", f"the header reads like {field_name!r}"))
        else:
            columns.append(Column(index, text, "ignore", "not recognised"))
        if cell.spans_left and columns[-2].field != "ignore":
            columns[-1].field, columns[-1].how = columns[-2].field, columns[-2].how
            columns[-1].reason = "under the same merged header"
    _one_column_per_field(columns, header)
    return Layout(table, header.where, columns)


def _one_column_per_field(columns: list[Column], header: Row) -> None:
    rank = {"--map": 4, "recognised": 3, "guessed": 2}
    by_field: dict[str, list[Column]] = {}
    for column in columns:
        if column.field not in MULTI_FIELDS | {"ignore"}:
            by_field.setdefault(column.field, []).append(column)
    for field_name, group in by_field.items():
        spans = [c for c in group if c.reason == "under the same merged header"]
        group = [c for c in group if c not in spans]
        if len(group) < 2:
            continue
        best = max(group, key=lambda c: (rank.get(c.how, 0), score_header(c.header)[:2], -c.index))
        for column in group:
            if column is not best and column.how != "--map":
                column.reason = f"a second {field_name!r} column ({best.label!r} is used)"
                column.field, column.how = "ignore", "not used"


__all__ = [
    "FIELDS",
    "Cell",
    "Column",
    "Layout",
    "Reading",
    "Row",
    "Table",
    "is_header",
    "map_columns",
    "merge_subheader",
    "normal_header",
    "parse_column_map",
    "score_header",
    "unused_overrides",
]
