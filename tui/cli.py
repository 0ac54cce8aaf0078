"""The ``ragtrack`` command line.

Starts fast: only argparse and the chosen command's module are imported; ``list`` and ``show``
read through the standard library's sqlite3 and never import Textual or SQLAlchemy.
Every failure the user can cause ends in one line on stderr and a non-zero exit.
"""

from __future__ import annotations

import argparse
import importlib
import sys

from tui.commands import COMMAND_MODULES
from tui.commands.common import CommandError, add_db_option


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # one line, not a usage dump
        self.exit(2, f"ragtrack: {message} (see ragtrack --help)\n")


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog="ragtrack",
        description="Keep council action plans alive: RAG ratings, progress, reports, sync.",
    )
    add_db_option(parser, top_level=True)
    parser.add_argument("--read-only", action="store_true", help="open the app without editing")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)
    for module_name in COMMAND_MODULES:
        module = importlib.import_module(f"tui.commands.{module_name}")
        module.register(commands)
    return parser


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    handler = getattr(args, "handler", None)
    try:
        if handler is None:
            from tui.commands.common import db_path
            from tui.launch import launch_app

            return launch_app(db_path(args), read_only=args.read_only)
        return handler(args) or 0
    except CommandError as error:
        print(f"ragtrack: {error}", file=sys.stderr)
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
        print(f"ragtrack: {message}", file=sys.stderr)
        return 1


def _storage_message(error: Exception) -> str | None:
    """One line for the errors a user's file or input can cause; None for real bugs."""
    from storage.errors import StorageError

    if isinstance(error, StorageError):
        return str(error)
    import sqlite3

    if isinstance(error, sqlite3.DatabaseError):
        return f"the database cannot be read: {error}"
    if isinstance(error, OSError):
        return f"{error.filename or ''}: {error.strerror or error}".lstrip(": ")
    return None


if __name__ == "__main__":
    raise SystemExit(main())
