"""What every command shares: where the database is, opening it, and printing user text safely."""

from __future__ import annotations

import argparse
import os
from pathlib import Path

ENV_DB = "RAGTRACK_DB"


class CommandError(Exception):
    """A refusal the user can act on: printed as one line, exit code 1 (or as given)."""

    def __init__(self, message: str, exit_code: int = 1):
        super().__init__(message)
        self.exit_code = exit_code


def add_db_option(parser: argparse.ArgumentParser, top_level: bool = False) -> None:
    """``--db PATH`` on the top level and on every command (either place works)."""
    parser.add_argument(
        "--db",
        metavar="PATH",
        default=None if top_level else argparse.SUPPRESS,
        help=f"the database file (default: ${ENV_DB}, else ragtrack.db in your user data folder)",
    )


def whole_number(maximum: int):
    """An argparse type for a count from 0 to ``maximum``: one clear line for anything else
    (a huge number would overflow date arithmetic further on)."""

    def parse(text: str) -> int:
        try:
            value = int(text)
        except ValueError:
            raise argparse.ArgumentTypeError(f"{text!r} is not a whole number") from None
        if not 0 <= value <= maximum:
            raise argparse.ArgumentTypeError(f"{value} is out of range: use 0 to {maximum:,}")
        return value

    return parse


def default_db_path() -> Path:
    from platformdirs import user_data_path

    folder = user_data_path("ragtrack", appauthor=False, ensure_exists=True)
    return folder / "ragtrack.db"


def db_path(args: argparse.Namespace) -> Path:
    chosen = getattr(args, "db", None) or os.environ.get(ENV_DB)
    return Path(chosen).expanduser() if chosen else default_db_path()


def open_reader(args: argparse.Namespace):
    """A light sqlite3 connection for reading (no SQLAlchemy), or a clear refusal."""
    from storage.schema import connect_reader, inspect_file

    path = db_path(args)
    state = inspect_file(path)
    if not state.exists or state.version == 0:
        raise CommandError(f"no ragtrack database at {path}: import a plan first (ragtrack import FILE)")
    return connect_reader(path)


def open_database(args: argparse.Namespace):
    """The full database (write path), created if it does not exist yet."""
    from storage.database import Database

    return Database.open(db_path(args))


def plan_id_for(conn, plan: str | None) -> str | None:
    if not plan:
        return None
    from storage.queries import find_plan

    return find_plan(conn, plan).id
