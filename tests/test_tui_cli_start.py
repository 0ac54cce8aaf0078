"""`ragtrack list` starts light: only its own command's parser and the gateway's parts it reads."""

from __future__ import annotations

import argparse
import importlib
import subprocess
import sys
from pathlib import Path

import pytest

from tui.cli import build_parser, command_named
from tui.commands import COMMAND_MODULES, COMMANDS

ROOT = Path(__file__).resolve().parent.parent


def _commands(parser: argparse.ArgumentParser) -> list[str]:
    (sub,) = [a for a in parser._actions if isinstance(a, argparse._SubParsersAction)]
    return list(sub.choices)


def test_each_module_adds_exactly_the_commands_the_map_names() -> None:
    for module_name, names in COMMANDS.items():
        parser = argparse.ArgumentParser()
        module = importlib.import_module(f"tui.commands.{module_name}")
        module.register(parser.add_subparsers(dest="command"))
        assert tuple(_commands(parser)) == names, module_name
    assert _commands(build_parser()) == [name for names in COMMANDS.values() for name in names]
    assert list(COMMANDS) == COMMAND_MODULES


def test_a_command_builds_only_its_own_parser_and_anything_else_builds_all() -> None:
    assert _commands(build_parser("list")) == ["list", "show"]
    assert _commands(build_parser("officers")) == ["officers"]
    assert _commands(build_parser("chase")) == ["review", "chase"]
    assert _commands(build_parser("")) == []  # the app
    everything = [name for names in COMMANDS.values() for name in names]
    assert _commands(build_parser("lsit")) == everything  # the refusal lists every command
    assert _commands(build_parser(None)) == everything


@pytest.mark.parametrize(
    ("argv", "command"),
    [
        (["list", "--rag", "red"], "list"),
        (["--db", "list", "show", "1a"], "show"),  # "list" is the file's name here
        (["--db=x.db", "--read-only", "export"], "export"),
        (["--db", "x.db"], ""),
        ([], ""),
        (["--help"], None),
        (["--read", "list"], None),  # an abbreviated option: let argparse read it
    ],
)
def test_the_command_word_is_found_past_the_top_level_options(argv: list[str], command: str | None) -> None:
    assert command_named(argv) == command


def test_list_loads_neither_the_other_commands_nor_the_gateway_parts_it_does_not_read(tmp_path: Path) -> None:
    db = tmp_path / "x.db"
    subprocess.run(
        [sys.executable, "-c", f"from storage.db import Store; Store.open(r'{db}').close()"], check=True, cwd=ROOT
    )
    probe = (
        "import sys\n"
        "from tui.cli import main\n"
        f"main(['--db', r'{db}', 'list', '--rag', 'red', '--officer', 'x', '--format', 'json'])\n"
        "print('LOADED', ' '.join(sorted(sys.modules)), file=sys.stderr)\n"
    )
    result = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, cwd=ROOT)
    loaded = set(result.stderr.rsplit("LOADED ", 1)[1].split())
    assert "storage.db.actions" in loaded and "storage.db.officers" in loaded
    unneeded = {
        "storage.db.records",
        "storage.db.reviews",
        "storage.db.structure",
        "storage.db.sync_ledger",
        "storage.db.sync_state",
        "storage.db.changes",
        "storage.reports",
        "tui.commands.importing",
        "tui.commands.exporting",
        "tui.commands.syncing",
        # one action's detail and the dashboard live apart from the list's reads
        "storage.db.action_detail",
        "storage.db.dashboard",
        # the write path's clock; fuzzy name matching (import only); the login name (writes only)
        "storage.clock",
        "storage.officer_likeness",
        "unicodedata",
        "difflib",
        "getpass",
        # standard modules that cost milliseconds to import (issue 10: not slower than before):
        # dataclasses brings inspect, ast, dis and tokenize (the gateway's rows are
        # NamedTuples); one thread needs no threading module
        "dataclasses",
        "inspect",
        "threading",
        "shutil",  # argparse's for the terminal's width (tui.cli asks os itself)
        # 2-3 ms, and typing.NamedTuple compiles each field's annotation (models/records.py)
        "typing",
    }
    assert loaded & unneeded == set()


@pytest.mark.parametrize("columns", ["50", "120", "nonsense"])
def test_help_is_laid_out_as_argparse_lays_it_out(monkeypatch: pytest.MonkeyPatch, columns: str) -> None:
    """The command line's own help formatter (no ``shutil``) wraps to the terminal as argparse's."""
    monkeypatch.setenv("COLUMNS", columns)
    for command in (None, "list", "chase"):
        ours = build_parser(command)
        theirs = build_parser(command)
        for parser in [theirs, *_subparsers(theirs)]:
            parser.formatter_class = argparse.HelpFormatter
        assert ours.format_help() == theirs.format_help()
        for mine, argparses in zip(_subparsers(ours), _subparsers(theirs), strict=True):
            assert mine.format_help() == argparses.format_help()


def _subparsers(parser: argparse.ArgumentParser) -> list[argparse.ArgumentParser]:
    found = []
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for sub in action.choices.values():
                found += [sub, *_subparsers(sub)]
    return found
