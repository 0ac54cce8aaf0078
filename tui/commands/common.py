"""What every command shares: where the database is, opening it, and printing user text safely."""

from __future__ import annotations

import argparse
import os
from datetime import date
from pathlib import Path

TYPE_CHECKING = False  # typing's, without importing typing (type checkers read it as True): models/records.py
if TYPE_CHECKING:
    from storage.db import ReadTxn, Store

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


def open_store(args: argparse.Namespace, *, read_only: bool = True) -> Store:
    """The database named on the command line. ``read_only`` (the reading commands): never
    written to, and refused with a hint when there is none; otherwise created or upgraded."""
    from storage.db import Store
    from storage.errors import NoDatabase

    path = db_path(args)
    try:
        return Store.open(path, read_only=read_only)
    except NoDatabase:
        raise CommandError(f"no ragtrack database at {path}: import a plan first (ragtrack import FILE)") from None


def plan_id_for(txn: ReadTxn, plan: str | None) -> str | None:
    """The id of the plan ``--plan`` names (id, file name or part of the title), if given."""
    return txn.plans.find(plan).id if plan else None


def parse_day_option(text: str | None) -> date | None:
    """A ``--as-at`` date (``models.timescale.parse_day``), or a one-line refusal."""
    from models.timescale import parse_day

    if not text or not text.strip():
        return None
    try:
        return parse_day(text)
    except ValueError:
        raise CommandError(f"not a date: {text!r} (use 2015-07-22 or 22/07/2015)") from None
