"""CSV, TSV, Markdown tables and text pasted from PDF/Word, read into tables.

- CSV: any delimiter (, ; tab |) found by ``csv.Sniffer`` (else by counting), UTF-8 with or
  without BOM, else Windows-1252 (``decode_text``).
- Text (.txt, .md, .tsv): a Markdown table (``| a | b |``, one per page, ``#`` headings
  between them) or tab-separated rows as pasted from a PDF or Word. The seed plans' layouts
  (a "Rec No" recommendations table, the Leeds "Milestones / Actions" work plan) keep their own
  readers (``storage.importing.seeds``) unless the user maps the columns with ``--map``.
"""

from __future__ import annotations

import csv
import io
import re
from pathlib import Path

from storage.importing.document import ImportNote
from storage.importing.markup import one_line
from storage.importing.safety import check_text_bytes
from storage.importing.table_cells import heading_kind, is_key_text
from storage.importing.table_plan import read_tables
from storage.importing.tabular import MAX_ROWS, Cell, Reading, Row, Table, header_fields, is_header
from storage.importing.text_tables import (
    UnreadableFile,
    decode_text,
    is_markdown_rule,
    split_markdown_row,
    split_tab_row,
)

_DELIMITERS = ",;\t|"
_NAMES = {",": "','", ";": "';'", "\t": "tab", "|": "'|'"}
_SEED_FIELDS = {"ref", "objective", "lead", "action", "timescale"}


def _text(path: Path) -> str:
    data = path.read_bytes()
    check_text_bytes(path, data)
    text = decode_text(data)
    if not text.strip():
        raise UnreadableFile(f"{path.name} is empty")
    if text.count("\n") > 5 * MAX_ROWS:
        raise UnreadableFile(f"{path.name} has more than {5 * MAX_ROWS} lines: more than an action plan holds")
    return text


def read_csv(path: Path, overrides: dict[str, str] | None = None) -> Reading:
    """A CSV (or other delimited) file: one table, the header found among its first rows."""
    text = _text(path)
    delimiter = sniff_delimiter(text)
    table = Table("the file", delimited_rows(text, delimiter, path))
    reading = read_tables(
        [table],
        title=path.stem,
        source_key=path.stem,
        kind=f"CSV ({_NAMES[delimiter]} between cells)",
        overrides=overrides,
    )
    return _checked(reading, path)


def sniff_delimiter(text: str) -> str:
    sample = "\n".join(text.split("\n")[:50])[:65536]
    try:
        return csv.Sniffer().sniff(sample, delimiters=_DELIMITERS).delimiter
    except csv.Error:
        lines = [line for line in sample.split("\n") if line.strip()][:20]
        counts = {d: sum(line.count(d) for line in lines) for d in _DELIMITERS}
        best = max(counts, key=counts.get)
        return best if counts[best] else ","


def delimited_rows(text: str, delimiter: str, path: Path) -> list[Row]:
    rows = []
    reader = csv.reader(io.StringIO(text), delimiter=delimiter)
    start = 1
    try:
        for record in reader:
            if len(rows) == MAX_ROWS:
                raise UnreadableFile(
                    f"{path.name} has more than {MAX_ROWS} rows: more than an action plan "
                    "holds (remove the rows that are not the plan's)"
                )
            rows.append(Row([Cell(value.replace("\r", "").strip()) for value in record], f"line {start}", start))
            start = reader.line_num + 1
    except csv.Error as error:
        raise UnreadableFile(f"{path.name} line {reader.line_num}: not readable as CSV ({error})") from None
    return rows


def read_text(path: Path, overrides: dict[str, str] | None = None) -> Reading:
    """A text rendering of a plan: Markdown tables, tab-separated rows, or delimited text."""
    text = _text(path)
    if not overrides and seed_layout(text):
        from storage.importing.seeds import read_plan_text

        return Reading(read_plan_text(path), "seed layout (" + seed_layout(text) + ")")
    skipped: list[Row] = []
    if re.search(r"^\s*\|.*\|\s*$", text, re.MULTILINE):
        tables, free, title = markdown_tables(text)
        kind = "Markdown tables"
    elif "\t" in text:
        tables, free, title, skipped = tab_tables(text)
        kind = "tab-separated text"
    else:
        delimiter = sniff_delimiter(text)
        tables, free, title = [Table("the file", delimited_rows(text, delimiter, path))], [], None
        kind = f"delimited text ({_NAMES[delimiter]} between cells)"
    reading = read_tables(
        tables, title=title or path.stem, source_key=path.stem, kind=kind, overrides=overrides, free_text=free
    )
    if not reading.layouts and not overrides:
        from storage.importing.seeds import read_plan_text  # a seed-like text after all?

        return Reading(read_plan_text(path), "seed layout")
    reading.plan.notes += [
        ImportNote(row.line, f"text outside the table's columns skipped: {row.cells[0].text[:60]!r}") for row in skipped
    ]
    return _checked(reading, path)


def seed_layout(text: str) -> str | None:
    """Which seed reader fits the text, if any: the work plan or a recommendations table
    whose columns are only Rec No / Recommendation / Officer / Agreed Action / By when."""
    if re.search(r"^Milestones / Actions", text, re.MULTILINE):
        return "'Milestones / Actions' work plan"
    for line in text.split("\n"):
        cells = (
            split_markdown_row(line)
            if line.lstrip().startswith("|")
            else (split_tab_row(line) if "\t" in line else None)
        )
        if not cells or not any(cells) or is_markdown_rule(cells):
            continue
        row = Row([Cell(c) for c in cells], "")
        if is_header(row):
            fields = {f for _, f in header_fields(row).values()}
            if cells[0].lower().startswith("rec") and fields <= _SEED_FIELDS:
                return "recommendations table"
            return None
    return None


def markdown_tables(text: str) -> tuple[list[Table], list[str], str | None]:
    """Each run of ``|`` rows is a table; ``#`` headings before it are its headings; other
    lines are free text (searched for the initials key)."""
    tables: list[Table] = []
    free: list[str] = []
    headings: list[tuple[int, str]] = []
    title = None
    current: list[Row] | None = None
    for number, line in enumerate(text.split("\n"), start=1):
        cells = split_markdown_row(line)
        if cells is None:
            current = None
            stripped = line.strip()
            heading = re.match(r"^(#{1,6})\s+(.*)$", stripped)
            if heading and heading.group(1) == "#" and title is None and not tables:
                title = heading.group(2).strip()
            elif heading:
                headings.append((len(heading.group(1)) - 1, heading.group(2).strip()))
            elif stripped:
                free.append(stripped)
                title = title or (stripped if not tables and not headings else None)
            continue
        if is_markdown_rule(cells):
            continue
        if current is None:
            current = []
            tables.append(Table(f"table {len(tables) + 1} (line {number})", current, headings))
            headings = []
        current.append(Row([Cell(c) for c in cells], f"line {number}", number))
    return tables, free, title


def tab_tables(text: str) -> tuple[list[Table], list[str], str | None, list[Row]]:
    """Tab-separated rows as one table. A line without tabs after the header is a heading
    when it reads as one ("Objective 2: ...", "THEME"); otherwise it is skipped, with a note."""
    lines = text.split("\n")
    rows = [Row([Cell(c) for c in split_tab_row(line)], f"line {n}", n) for n, line in enumerate(lines, 1)]
    header = next(
        (i for i, (line, row) in enumerate(zip(lines, rows, strict=False)) if "\t" in line and is_header(row)), None
    )
    free = [line.strip() for line in lines[: header or 0] if line.strip()]
    title = next((one_line(line.lstrip("#")) for line in free if not is_key_text(line)), None)
    width = len(rows[header].cells) if header is not None else 1
    table: list[Row] = []
    skipped: list[Row] = []
    for index, (line, row) in enumerate(zip(lines, rows, strict=False)):
        if header is None or index < header or not line.strip():
            continue
        if "\t" in line:
            table.append(row)
        elif heading_kind(line) is not None:
            table.append(
                Row([Cell(line.strip())] + [Cell(spans_left=True) for _ in range(width - 1)], row.where, row.line)
            )
        elif is_key_text(line):
            free.append(line.strip())
        else:
            skipped.append(row)
    return [Table("the text", table)], free, title, skipped


def _checked(reading: Reading, path: Path) -> Reading:
    if not reading.layouts:
        raise UnreadableFile(
            f"{path.name}: no table header found (expected columns such as Ref, "
            "Action, Lead, Timescale, Progress, RAG); name them with --map"
        )
    return reading
