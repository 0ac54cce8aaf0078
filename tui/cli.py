"""The ``ragtrack`` command line.

Starts fast: only argparse and the chosen command's module are imported; ``list`` and ``show``
read through the standard library's sqlite3 and never import Textual or SQLAlchemy.
Every failure the user can cause ends in one line on stderr and a non-zero exit.
"""

from __future__ import annotations

import argparse
import importlib
import os
import sys

from models.text import one_line
from tui.commands import COMMAND_MODULES, COMMANDS
from tui.commands.common import CommandError, add_db_option

TYPE_CHECKING = False  # typing's, without importing typing (type checkers read it as True): models/records.py
if TYPE_CHECKING:
    from typing import Any


def _terminal_width() -> int:
    """``shutil.get_terminal_size().columns``, without importing ``shutil`` (below)."""
    try:
        columns = int(os.environ["COLUMNS"])
    except (KeyError, ValueError):
        columns = 0
    if columns > 0:
        return columns
    try:
        return os.get_terminal_size(sys.__stdout__.fileno()).columns or 80
    except (AttributeError, ValueError, OSError):  # no stdout, or not a terminal
        return 80


class _Formatter(argparse.HelpFormatter):
    """argparse's help formatter, sized as argparse sizes it, but without importing ``shutil``:
    argparse makes a formatter for every argument it adds, and ``shutil`` (with ``bz2``,
    ``lzma``, ``fnmatch``) costs each command 2-3 ms to import (``ragtrack list``: issue 10)."""

    def __init__(self, prog: str, indent_increment: int = 2, max_help_position: int = 24, width: int | None = None):
        super().__init__(
            prog, indent_increment, max_help_position, width if width is not None else _terminal_width() - 2
        )


class _Parser(argparse.ArgumentParser):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("formatter_class", _Formatter)
        super().__init__(*args, **kwargs)

    def error(self, message: str) -> None:  # one line, not a usage dump
        self.exit(2, f"ragtrack: {one_line(message)} (see ragtrack --help)\n")


def build_parser(command: str | None = None) -> argparse.ArgumentParser:
    """The whole command line's parser; with ``command`` (a command's name), only that command's
    module is imported and registered: ``ragtrack list`` does not build forty other parsers; with
    "" (no command: the app), none."""
    parser = _Parser(
        prog="ragtrack",
        description="Keep council action plans alive: RAG ratings, progress, reports, sync.",
    )
    add_db_option(parser, top_level=True)
    parser.add_argument("--read-only", action="store_true", help="open the app without editing")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)
    # The app needs no command's parser; a command, its module's; else all (--help, or a
    # mistyped command: argparse's refusal lists every command).
    mine = [m for m, names in COMMANDS.items() if command in names]
    wanted = [] if command == "" else mine or COMMAND_MODULES
    for module_name in wanted:
        module = importlib.import_module(f"tui.commands.{module_name}")
        module.register(commands)
    return parser


def command_named(argv: list[str]) -> str | None:
    """The command word of a command line (``list`` in ``--db x.db list --rag red``), "" when
    there is none (the app), or None when the top-level options cannot be read past (``--help``,
    a mistyped option: the whole parser answers)."""
    words = iter(argv)
    for word in words:
        if word == "--db":
            next(words, None)
        elif word.startswith("--db=") or word == "--read-only":
            continue
        elif word.startswith("-"):
            return None
        else:
            return word
    return ""


def main(argv: list[str] | None = None) -> int:
    as_program = argv is None  # the ``ragtrack`` process itself, not a caller in Python (tests)
    argv = sys.argv[1:] if argv is None else argv
    unreadable = _unreadable_argument(argv)
    if unreadable is not None:
        _refuse(unreadable)
        return 2
    parser = build_parser(command_named(argv))
    args = parser.parse_args(argv)
    handler = getattr(args, "handler", None)
    try:
        if handler is None:
            from tui.commands.common import db_path
            from tui.launch import launch_app

            return launch_app(db_path(args), read_only=args.read_only)
        code = handler(args) or 0
        if as_program and getattr(args, "ends_at_once", False):
            _end_at_once(code)
        return code
    except CommandError as error:
        _refuse(str(error))
        return error.exit_code
    except KeyboardInterrupt:
        print("ragtrack: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        return 0
    except Exception as error:
        message = _storage_message(error)
        if message is None:
            raise
        _refuse(message)
        return 1


def _end_at_once(code: int) -> None:
    """End the process now, its output written: for a command that leaves a hundred megabytes of
    objects behind (an import of 10,000 rows), Python's own ending frees them one by one and
    returns its memory to the system a piece at a time (~60 ms), where the system takes back a
    finished process's memory at once. The command has closed its database (committed) by then;
    nothing is registered to run at exit."""
    try:
        sys.stdout.flush()
        sys.stderr.flush()
    except BrokenPipeError:  # (as below: whoever read the output has gone)
        pass
    os._exit(code)


def _refuse(message: str) -> None:
    """One line on stderr. The message may quote what the user typed or a file's name: control
    characters in it are shown as escapes, never sent to the terminal."""
    print(f"ragtrack: {one_line(message, width=500)}", file=sys.stderr)


def _unreadable_argument(argv: list[str]) -> str | None:
    """Why an argument cannot be used, or None. Bytes that are not UTF-8 reach Python as lone
    surrogates (PEP 383) and a NUL cannot reach SQLite or a file name: refuse both up front,
    before anything is opened or remembered."""
    for position, argument in enumerate(argv, start=1):
        try:
            argument.encode("utf-8")
        except UnicodeEncodeError:
            shown = argument.encode("utf-8", "backslashreplace").decode("utf-8")
            return f"argument {position} ({shown}) is not valid UTF-8 text: retype it or save it as UTF-8"
        if "\x00" in argument:
            return f"argument {position} contains a NUL character, which ragtrack cannot store"
    return None


def _storage_message(error: Exception) -> str | None:
    """One line for the errors a user's file or input can cause; None for real bugs."""
    from storage.errors import StorageError

    if isinstance(error, StorageError):
        return str(error)
    import sqlite3

    if isinstance(error, sqlite3.OperationalError) and getattr(error, "sqlite_errorcode", 0) & 0xFF in (5, 6):
        from storage.errors import busy_message

        return busy_message("the database")
    if isinstance(error, sqlite3.OperationalError) and getattr(error, "sqlite_errorcode", 0) & 0xFF == 13:
        from storage.errors import full_message

        return full_message("the database")
    if isinstance(error, sqlite3.DatabaseError):
        return f"the database cannot be read: {error}"
    if isinstance(error, OSError):
        return f"{error.filename or ''}: {error.strerror or error}".lstrip(": ")
    return None


if __name__ == "__main__":
    raise SystemExit(main())
