"""The gateway stays the one door: SQL text only in the modules named for it, rows read by name.

``storage/db/`` holds every SQL statement of the local database and ``storage/hub/`` the
PostgreSQL hub's; nothing else in ``storage/``, ``tui/`` or ``models/`` may hold one, and no
module there reads a row by position (``row[0]``, ``fetchone()[0]``, ``for a, b in
conn.execute(...)``). README "How ragtrack is built" says the same.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
#: Where SQL may be written: the local database's gateway and the hub's server side.
SQL_HOMES = ("storage/db/", "storage/hub/")
CHECKED = ("models", "storage", "tui")

SQL = re.compile(
    r"\bSELECT\b.+\bFROM\b|\bINSERT\s+(OR\s+\w+\s+)?INTO\b|\bUPDATE\s+\S+\s+SET\b|\bDELETE\s+FROM\b"
    r"|\b(CREATE|DROP|ALTER)\s+(TEMP\s+|TEMPORARY\s+|UNIQUE\s+)?(TABLE|INDEX|VIEW|TRIGGER)\b"
    r"|^\s*(PRAGMA|BEGIN|COMMIT|ROLLBACK|SAVEPOINT|RELEASE)\b",
    re.DOTALL,
)
BY_POSITION = re.compile(r"(?<![\w.])(r|row|rows|record|result|res)\[\d+\]|\.fetch(one|all|many)\([^)]*\)\[\d+\]")
DRIVER_CALLS = {"execute", "executemany", "executescript", "fetchone", "fetchall", "fetchmany"}


def python_files() -> list[tuple[str, Path]]:
    found = []
    for top in CHECKED:
        for path in sorted((ROOT / top).rglob("*.py")):
            found.append((path.relative_to(ROOT).as_posix(), path))
    return found


def _name(path: Path) -> str:
    return path.relative_to(ROOT).as_posix() if path.is_relative_to(ROOT) else path.name


def docstrings(tree: ast.AST) -> set[int]:
    """The ids of the docstring nodes (prose may name SQL keywords)."""
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Module | ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef):
            body = node.body
            if body and isinstance(body[0], ast.Expr) and isinstance(body[0].value, ast.Constant):
                found.add(id(body[0].value))
    return found


def sql_strings(path: Path) -> list[str]:
    """The string literals of a module that are SQL (each f-string judged as a whole)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    skip = docstrings(tree)
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.JoinedStr):
            text = "".join(v.value if isinstance(v, ast.Constant) else "{}" for v in node.values)
            for value in node.values:
                skip.add(id(value))
        elif isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in skip:
            text = node.value
        else:
            continue
        if SQL.search(text):
            found.append(f"{_name(path)}:{node.lineno}: {text[:60]!r}")
    return found


def positional_reads(path: Path) -> list[str]:
    """Rows read by position: ``row[0]``, ``fetchone()[0]``, or a driver's rows unpacked into
    names (``for a, b in conn.execute(...)``: the names depend on the column order)."""
    source = path.read_text(encoding="utf-8")
    found = [
        f"{_name(path)}:{source.count(chr(10), 0, m.start()) + 1}: {m.group(0)}" for m in BY_POSITION.finditer(source)
    ]
    for node in ast.walk(ast.parse(source)):
        # ``for (value,) in ...``: a query of one column has nothing to name.
        target = getattr(node, "target", None)
        if isinstance(node, ast.For | ast.comprehension) and isinstance(target, ast.Tuple) and len(target.elts) > 1:
            call = node.iter
            if isinstance(call, ast.Call) and isinstance(call.func, ast.Attribute) and call.func.attr in DRIVER_CALLS:
                found.append(f"{_name(path)}:{call.lineno}: unpacked rows")
    return found


def test_sql_lives_only_in_the_gateway_and_the_hub():
    found = [hit for name, path in python_files() if not name.startswith(SQL_HOMES) for hit in sql_strings(path)]
    assert found == [], "SQL outside storage/db/ and storage/hub/:\n" + "\n".join(found)


def test_no_row_is_read_by_position():
    found = [hit for _, path in python_files() for hit in positional_reads(path)]
    assert found == [], "rows read by position:\n" + "\n".join(found)


def test_the_checks_see_what_they_look_for(tmp_path):
    """The rules catch what they forbid (a check that cannot fail proves nothing)."""
    module = tmp_path / "m.py"
    module.write_text(
        '"""Docstring: SELECT x FROM y is prose here."""\n'
        "def f(conn, table):\n"
        '    conn.execute(f"DELETE FROM {table} WHERE id = ?", (1,))\n'
        '    n = conn.execute("SELECT count(*) FROM change").fetchone()[0]\n'
        '    for a, b in conn.execute("PRAGMA table_info(change)"):\n'
        "        pass\n"
        "    return row[1]\n",
        encoding="utf-8",
    )
    assert len(sql_strings(module)) == 3
    assert len(positional_reads(module)) == 3
