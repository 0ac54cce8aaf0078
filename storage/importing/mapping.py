"""The officer's corrections to how a document was read, and remembering them for next time.

A ``Mapping`` says what a column feeds (by its header, or by position "#3" for a column with no
header), which row is the header, and what a row is (an action, a section heading, an objective,
the continuation of the row above, a cell whose items are each an action, or nothing to import).
The command line takes one as ``--map "Owner=lead,#3=ref"``, ``--header-row N``, ``--row 7=section``
and ``--mapping FILE`` (JSON, as ``--save-mapping`` writes it); the import screen builds one key
by key. A mapping used for an import is remembered in the database for the document's source
(its file name) and for its columns (their headers), so next quarter's version of the same plan
imports with the same corrections and one key.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from storage.db import Store
from storage.importing.columns import FIELDS, normal_header
from storage.importing.grid import Row, Table

if TYPE_CHECKING:
    from storage.importing import Reading

#: What a row can be marked as ("items": each line of its action cell is an action).
ROW_ROLES = ("action", "section", "objective", "continuation", "items", "ignore")
#: A mapping is a few lines of JSON; anything much bigger is not one.
MAX_MAPPING_BYTES = 1_000_000


@dataclass
class Mapping:
    columns: dict[str, str] = field(default_factory=dict)  # "#3" or a header (compared loosely) -> field
    header_row: int | None = None  # 1-based row number of the header, in every table
    rows: dict[str, str] = field(default_factory=dict)  # "table:row" (1-based) -> role
    # "table:row" -> the marked row's text when it was marked: next quarter's version of the
    # document has rows added and removed, so a remembered mark follows its row, not its number
    row_texts: dict[str, str] = field(default_factory=dict)

    def __bool__(self) -> bool:
        return bool(self.columns or self.header_row or self.rows)

    def copy(self) -> Mapping:
        return Mapping(dict(self.columns), self.header_row, dict(self.rows), dict(self.row_texts))

    def row_roles(self, tables: list[Table] | None = None) -> dict[tuple[int, int], str]:
        """(table index, row index), 0-based -> role. With the document's ``tables``, a mark
        made on a row whose text is known goes to the row holding that text now (the same
        position first); a mark whose row is gone is dropped."""
        found: dict[tuple[int, int], str] = {}
        for key, role in self.rows.items():
            table, _, row = key.partition(":")
            where = (int(table) - 1, int(row) - 1)
            text = self.row_texts.get(key)
            if text is not None and tables is not None:
                where = _find_row(tables, where, text, found)
                if where is None:
                    continue
            found[where] = role
        return found

    def pin(self, tables: list[Table]) -> None:
        """Note the text of each marked row, so the marks can be remembered."""
        for key in self.rows:
            table, _, row = key.partition(":")
            t, r = int(table) - 1, int(row) - 1
            if key not in self.row_texts and 0 <= t < len(tables) and 0 <= r < len(tables[t].rows):
                self.row_texts[key] = row_fingerprint(tables[t].rows[r])

    def set_row(self, table: int, row: int, role: str | None, text: str | None = None) -> None:
        """Mark row ``row`` of table ``table`` (0-based) as ``role``; None clears the mark.
        ``text`` is the row's fingerprint (``row_fingerprint``), when known."""
        key = f"{table + 1}:{row + 1}"
        self.row_texts.pop(key, None)
        if role is None:
            self.rows.pop(key, None)
            return
        if role not in ROW_ROLES:
            raise ValueError(f"unknown row role {role!r} (roles: {', '.join(ROW_ROLES)})")
        self.rows[key] = role
        if text is not None:
            self.row_texts[key] = text

    def set_column(self, index: int, header: str, field_name: str) -> None:
        if field_name not in FIELDS:
            raise ValueError(f"unknown field {field_name!r} (fields: {', '.join(FIELDS)})")
        key = normal_header(header) or f"#{index + 1}"
        self.columns[key] = field_name

    def to_dict(self) -> dict:
        found: dict = {}
        if self.columns:
            found["columns"] = dict(self.columns)
        if self.header_row:
            found["header_row"] = self.header_row
        if self.rows:
            found["rows"] = dict(self.rows)
        if self.row_texts:
            found["row_texts"] = dict(self.row_texts)
        return found

    @classmethod
    def from_dict(cls, data: dict) -> Mapping:
        if not isinstance(data, dict):
            raise ValueError("a mapping is a JSON object with columns, header_row and rows")
        columns = data.get("columns") or {}
        rows = data.get("rows") or {}
        texts = data.get("row_texts") or {}
        header = data.get("header_row")
        if not isinstance(columns, dict) or not isinstance(rows, dict) or not isinstance(texts, dict):
            raise ValueError("a mapping's columns, rows and row_texts are objects")
        mapping = cls()
        for key, value in columns.items():
            if value not in FIELDS:
                raise ValueError(f"mapping: unknown field {value!r} (fields: {', '.join(FIELDS)})")
            key = str(key).strip()
            mapping.columns[key if re.fullmatch(r"#\d+", key) else normal_header(key)] = value
        for key, role in rows.items():
            if not re.fullmatch(r"\d+:\d+", str(key)) or role not in ROW_ROLES:
                raise ValueError(f"mapping: row {key!r}={role!r} is not TABLE:ROW=role ({', '.join(ROW_ROLES)})")
            mapping.rows[str(key)] = role
            if isinstance(texts.get(key), str):
                mapping.row_texts[str(key)] = texts[key]
        if header is not None:
            if not isinstance(header, int) or header < 1:
                raise ValueError("mapping: header_row is a row number from 1")
            mapping.header_row = header
        return mapping

    def to_json(self) -> str:
        return json.dumps(self.to_dict(), indent=2, ensure_ascii=False)

    @classmethod
    def load(cls, path: Path) -> Mapping:
        path = Path(path)
        try:
            if not path.is_file():  # a folder, a device or a pipe: nothing to read (or never an end)
                raise ValueError(f"{path} is not a mapping file" + ("" if path.exists() else " (no such file)"))
            if path.stat().st_size > MAX_MAPPING_BYTES:
                raise ValueError(f"{path.name} is too large to be a mapping ({path.stat().st_size:,} bytes)")
            return cls.from_dict(json.loads(path.read_text(encoding="utf-8")))
        except OSError as error:
            raise ValueError(f"cannot read the mapping file {path}: {error.strerror or error}") from None
        except UnicodeDecodeError:
            raise ValueError(f"{path.name} is not a mapping (not UTF-8 text)") from None
        except json.JSONDecodeError as error:
            raise ValueError(f"{path.name} is not a mapping (JSON: {error.msg} at line {error.lineno})") from None

    @staticmethod
    def check_destination(path: Path) -> None:
        """Raise ValueError unless ``path`` is somewhere a mapping may be written."""
        if path.suffix.lower() != ".json":
            raise ValueError(f"a mapping file's name ends in .json (not {path.name!r})")
        if path.exists() and not path.is_file():
            raise ValueError(f"{path} is not a file")
        if not path.parent.is_dir():
            raise ValueError(f"no folder {path.parent}")

    def save(self, path: Path) -> None:
        """Write the mapping as JSON to ``path``, a new or existing ``.json`` file (anything else
        is refused: a mistyped option must not create or overwrite some other file)."""
        path = Path(path)
        self.check_destination(path)
        try:
            path.write_text(self.to_json() + "\n", encoding="utf-8")
        except OSError as error:
            raise ValueError(f"cannot write {path}: {error.strerror or error}") from None


def row_fingerprint(row: Row) -> str:
    """A row's text, compared loosely: what identifies it in next quarter's version."""
    return " ".join(" | ".join(t for t in row.texts() if t).split()).lower()[:200]


def _find_row(
    tables: list[Table], where: tuple[int, int], text: str, taken: dict[tuple[int, int], str]
) -> tuple[int, int] | None:
    table, row = where
    if (
        0 <= table < len(tables)
        and 0 <= row < len(tables[table].rows)
        and row_fingerprint(tables[table].rows[row]) == text
    ):
        return where
    order = sorted(range(len(tables)), key=lambda t: t != table)  # its own table first
    for t in order:
        for r, candidate in enumerate(tables[t].rows):
            if (t, r) not in taken and row_fingerprint(candidate) == text:
                return t, r
    return None


def parse_column_map(text: str | None) -> dict[str, str]:
    """ "Owner=lead,Deadline=timescale,#3=ref" -> {"owner": "lead", "deadline": "timescale", "#3": "ref"}.

    Keys are headers compared loosely (as ``normal_header``), or "#3" for the third column (a
    column with no header is named by its position). Raises ValueError with a one-line message
    for a malformed entry or an unknown field."""
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


def parse_row_marks(marks: list[str] | None) -> dict[str, str]:
    """["7=section", "2:12=continuation"] -> {"1:7": "section", "2:12": "continuation"} (a row
    number alone is in the first table)."""
    found = {}
    for mark in marks or []:
        where, sep, role = mark.partition("=")
        where, role = where.strip(), role.strip().lower()
        if not sep or role not in ROW_ROLES or not re.fullmatch(r"(?:\d+:)?\d+", where):
            raise ValueError(f"--row {mark!r} is not [TABLE:]ROW=ROLE (roles: {', '.join(ROW_ROLES)})")
        found[where if ":" in where else f"1:{where}"] = role
    return found


def unused_columns(columns: dict[str, str], layouts: list) -> list[str]:
    """The mapping's column keys that named no column of any table."""
    from storage.importing.columns import mapping_for

    used = set()
    for layout in layouts:
        for column in layout.columns:
            for key in columns:
                if key == f"#{column.index + 1}" or mapping_for(column.index, column.header, {key: "x"}):
                    used.add(key)
    return [key for key in columns if key not in used]


# ---- remembering ---------------------------------------------------------------------------------


def _hash(headers: list[str]) -> str:
    import hashlib  # (here: only remembering a mapping needs it, and it loads OpenSSL)

    return hashlib.sha256("|".join(headers).encode()).hexdigest()[:16]


def signature(reading: Reading) -> str | None:
    """What identifies a document's layout from one quarter to the next: the column names of
    its first table read as a plan."""
    if not reading.layouts:
        return None
    return _hash([normal_header(c.header) for c in reading.layouts[0].columns])


def _candidates(reading: Reading) -> list[str]:
    """The signatures this document could have been remembered under: its own, or, where its
    header was chosen by hand, that of any early row of its first tables taken as the header."""
    found = [s for s in (signature(reading),) if s]
    for view in reading.views[:3]:
        width = view.model.table.width
        for row in view.model.table.rows[:30]:
            texts = [" ".join(t.split()) for t in row.texts()] + [""] * (width - len(row.cells))
            if sum(1 for t in texts if t) >= 2:
                found.append(_hash([normal_header(t) for t in texts]))
    return list(dict.fromkeys(found))


def remember(db: Store, reading: Reading, mapping: Mapping) -> None:
    """Keep ``mapping`` for this document's source (its file name) and for documents laid out
    the same way (next quarter's file, whatever its name)."""
    mapping = mapping.copy()
    mapping.pin([view.model.table for view in reading.views])
    value = json.dumps(mapping.to_dict(), ensure_ascii=False)
    layout = signature(reading)
    with db.write(source="import") as txn:
        txn.settings.put_import_mapping(f"source.{reading.plan.source_key}", value)
        if layout:
            txn.settings.put_import_mapping(f"layout.{layout}", value)


def recall(db: Store, reading: Reading) -> Mapping | None:
    """The mapping remembered for this document's source, else for a document laid out the
    same way; ``reading`` is the document read afresh."""
    names = [f"source.{reading.plan.source_key}"]
    names += [f"layout.{candidate}" for candidate in _candidates(reading)]
    with db.read() as txn:
        values = [txn.settings.import_mapping(name) for name in names]
    for value in values:
        if value:
            try:
                return Mapping.from_dict(json.loads(value))
            except (ValueError, json.JSONDecodeError):
                continue
    return None


__all__ = [
    "ROW_ROLES",
    "Mapping",
    "parse_column_map",
    "parse_row_marks",
    "recall",
    "remember",
    "row_fingerprint",
    "unused_columns",
]
