"""``ragtrack import FILE... [--dry-run] [--map "Owner=lead,Deadline=timescale"]``: bring plans
in, all files in one transaction. ``--dry-run`` also previews how each file's columns were read."""

from __future__ import annotations

import argparse
from pathlib import Path

from tui.commands.common import CommandError, add_db_option, open_database, whole_number

MAP_HELP = (
    'set columns by header, e.g. "Owner=lead,Deadline=timescale" or "#3=rag" (fields: ref, '
    "objective, action, lead, timescale, progress, rag, status, theme, plan, ignore)"
)


def register(commands) -> None:
    parser = commands.add_parser("import", help="import plans from files (re-import updates)")
    add_db_option(parser)
    parser.add_argument(
        "files",
        nargs="+",
        metavar="FILE",
        help=".docx, .xlsx, .csv, .tsv, .md or .txt (tables pasted from a PDF or Word)",
    )
    parser.add_argument(
        "--dry-run", action="store_true", help="preview how the columns were read and what would happen; change nothing"
    )
    parser.add_argument("--map", dest="column_map", metavar="HEADER=FIELD,...", help=MAP_HELP)
    parser.add_argument(
        "--rows", type=whole_number(100_000), default=5, metavar="N", help="actions shown by --dry-run (default 5)"
    )
    parser.add_argument("--as", dest="actor", metavar="NAME", help="who is importing (for the change log)")
    parser.set_defaults(handler=run_import)


def run_import(args: argparse.Namespace) -> int:
    from models.text import visible_text
    from storage.importing import UnreadableDocument, read_document_layout
    from storage.importing.loader import load_plans
    from storage.importing.tabular import parse_column_map, unused_overrides

    try:
        overrides = parse_column_map(args.column_map)
    except ValueError as error:
        raise CommandError(str(error)) from None
    readings = []
    for name in args.files:
        try:
            readings.append(read_document_layout(Path(name), overrides or None))
        except UnreadableDocument as error:
            raise CommandError(f"{error} (nothing was imported)") from None
    if overrides:
        layouts = [layout for reading in readings for layout in reading.layouts]
        unused = unused_overrides(overrides, layouts)
        if unused:
            headers = sorted({c.header for layout in layouts for c in layout.columns if c.header})
            raise CommandError(
                visible_text(
                    f"--map: no column {', '.join(repr(u) for u in unused)} "
                    f"(columns: {', '.join(headers)}); nothing was imported"
                )
            )
    if args.dry_run:
        from storage.importing.preview import preview_lines

        for name, reading in zip(args.files, readings, strict=False):
            print(visible_text(f"{name}:"))
            for line in preview_lines(reading, max(0, args.rows)):
                print(visible_text(f"  {line}"))
    db = open_database(args)
    try:
        reports = load_plans(db, [r.plan for r in readings], actor=args.actor, dry_run=args.dry_run)
    finally:
        db.close()
    for report in reports:
        print(visible_text(report.summary()))
        for note in report.notes:
            print(f"  note: {visible_text(str(note))}")
    return 0
