"""The arrows point one way (tui -> storage -> models) and the command line stays light."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def imported_top_modules(package: str) -> set[str]:
    found = set()
    for path in (ROOT / package).rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                found.update(alias.name.split(".")[0] for alias in node.names)
            elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                found.add(node.module.split(".")[0])
    return found


def test_models_import_neither_storage_nor_tui():
    assert not imported_top_modules("models") & {"storage", "tui", "textual"}


def test_storage_imports_nothing_from_tui():
    assert not imported_top_modules("storage") & {"tui", "textual"}


def test_list_and_show_do_not_import_textual_or_sqlalchemy(tmp_path):
    db = tmp_path / "x.db"
    code = (
        "import sys\n"
        "from storage.db import Store as Database\n"
        "from storage.writes import edit\n"
        f"d = Database.open(r'{db}')\n"
        "with edit(d, 'x') as e:\n"
        "    p = e.create('plan', title='P')\n"
        "    o = e.create('objective', plan_id=p, ref='1')\n"
        "    e.create_action(p, o, '1a', 'Act')\n"
        "d.close()\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True, cwd=ROOT)
    probe = (
        "import sys\n"
        "from tui.cli import main\n"
        f"main(['--db', r'{db}', 'list', '--format', 'json'])\n"
        f"main(['--db', r'{db}', 'show', '1a', '--format', 'json'])\n"
        "heavy = [m for m in ('textual', 'sqlalchemy', 'sqlmodel', 'pydantic') if m in sys.modules]\n"
        "print('HEAVY', heavy, file=sys.stderr)\n"
    )
    result = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, cwd=ROOT)
    assert result.returncode == 0, result.stderr
    assert "HEAVY []" in result.stderr
