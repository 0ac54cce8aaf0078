"""Arrows point one way: tui -> storage -> models. Neither models nor storage imports Textual or
the TUI, so the data layer stays usable (and fast to import) without the app."""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def imported_modules(path: Path) -> set[str]:
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
            names.add(node.module)
    return names


def test_models_and_storage_never_import_the_tui():
    offenders = []
    for package in ("models", "storage"):
        for path in sorted((ROOT / package).rglob("*.py")):
            for name in imported_modules(path):
                if name.split(".")[0] in ("tui", "textual"):
                    offenders.append(f"{path.relative_to(ROOT)} imports {name}")
    assert offenders == []


def test_models_never_import_storage():
    offenders = [
        f"{path.relative_to(ROOT)} imports {name}"
        for path in sorted((ROOT / "models").rglob("*.py"))
        for name in imported_modules(path)
        if name.split(".")[0] == "storage"
    ]
    assert offenders == []
