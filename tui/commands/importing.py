"""``ragtrack import FILE... [--dry-run]``: bring plans in, all files in one transaction."""

from __future__ import annotations

import argparse
from pathlib import Path

from tui.commands.common import CommandError, add_db_option, open_database


def register(commands) -> None:
    parser = commands.add_parser("import", help="import plans from files (re-import updates)")
    add_db_option(parser)
    parser.add_argument("files", nargs="+", metavar="FILE")
    parser.add_argument("--dry-run", action="store_true", help="show what would happen, change nothing")
    parser.add_argument("--as", dest="actor", metavar="NAME", help="who is importing (for the change log)")
    parser.set_defaults(handler=run_import)


def run_import(args: argparse.Namespace) -> int:
    from models.text import visible_text
    from storage.importing import UnreadableDocument, read_document
    from storage.importing.loader import load_plans

    plans = []
    for name in args.files:
        try:
            plans.append(read_document(Path(name)))
        except UnreadableDocument as error:
            raise CommandError(f"{error} (nothing was imported)") from None
    db = open_database(args)
    try:
        reports = load_plans(db, plans, actor=args.actor, dry_run=args.dry_run)
    finally:
        db.close()
    for report in reports:
        print(visible_text(report.summary()))
        for note in report.notes:
            print(f"  note: {visible_text(str(note))}")
    return 0
