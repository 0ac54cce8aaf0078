"""``ragtrack import FILE...``: bring plans in, all files in one transaction.

``--dry-run`` also previews how each file's columns and rows were read. The corrections the
import screen makes can be given here too: ``--map`` (a column's field, by header or ``#N``),
``--header-row N``, ``--row [TABLE:]ROW=ROLE`` and ``--mapping FILE`` (as ``--save-mapping``
writes it). Corrections used in an import are remembered for the file's source and layout, so the
next version of the same plan imports the same way with no options."""

from __future__ import annotations

import argparse
import gc
from pathlib import Path
from typing import Any

from tui.commands.common import CommandError, add_db_option, db_path, open_store, whole_number

MAP_HELP = (
    'set columns by header, e.g. "Owner=lead,Deadline=timescale", or by position "#3=ref" (a column '
    "with no header); fields: ref, objective, action, lead, timescale, progress, rag, status, theme, "
    "note, plan, ignore"
)


def register(commands: Any) -> None:
    parser = commands.add_parser("import", help="import plans from files (re-import updates)")
    add_db_option(parser)
    parser.add_argument(
        "files",
        nargs="+",
        metavar="FILE",
        help=".docx, .xlsx, .csv, .pdf, .html, .md, .tsv or .txt (tables pasted from a PDF or Word)",
    )
    parser.add_argument(
        "--dry-run", action="store_true", help="preview how the columns were read and what would happen; change nothing"
    )
    parser.add_argument("--map", dest="column_map", metavar="HEADER=FIELD,...", help=MAP_HELP)
    parser.add_argument(
        "--header-row", type=whole_number(1_000_000), metavar="N", help="the table's header is row N (from 1)"
    )
    parser.add_argument(
        "--row",
        dest="rows_marked",
        action="append",
        metavar="[TABLE:]ROW=ROLE",
        help="say what a row is: action, section, objective, continuation, items (each line an action) or ignore",
    )
    parser.add_argument("--mapping", type=Path, metavar="FILE", help="corrections saved with --save-mapping")
    parser.add_argument("--save-mapping", type=Path, metavar="FILE", help="write the corrections used to FILE")
    parser.add_argument(
        "--fresh", action="store_true", help="ignore any mapping remembered for these files; read them afresh"
    )
    parser.add_argument(
        "--rows", type=whole_number(100_000), default=5, metavar="N", help="actions shown by --dry-run (default 5)"
    )
    parser.add_argument("--as", dest="actor", metavar="NAME", help="who is importing (for the change log)")
    # (its process ends at once when done: ``cli._end_at_once``)
    parser.set_defaults(handler=run_import, ends_at_once=True)


def _given(args: argparse.Namespace):
    """The mapping given on the command line (--mapping, then --map/--header-row/--row over it)."""
    from storage.importing.mapping import Mapping, parse_column_map, parse_row_marks

    try:
        mapping = Mapping.load(args.mapping) if args.mapping else Mapping()
        mapping.columns.update(parse_column_map(args.column_map))
        mapping.rows.update(parse_row_marks(args.rows_marked))
    except ValueError as error:
        raise CommandError(str(error)) from None
    if args.save_mapping:
        try:
            Mapping.check_destination(args.save_mapping)
        except ValueError as error:
            raise CommandError(f"--save-mapping: {error}") from None
    if args.header_row is not None:
        if args.header_row < 1:
            raise CommandError("--header-row is a row number from 1")
        mapping.header_row = args.header_row
    return mapping


def run_import(args: argparse.Namespace) -> int:
    # Reading and writing a plan makes millions of short-lived objects and no reference cycles
    # worth collecting: the cycle collector, run every few hundred of them, costs a tenth of a
    # 10,000-row import. This process ends when the import does.
    gc.disable()
    try:
        return _run_import(args)
    finally:
        gc.enable()


def _run_import(args: argparse.Namespace) -> int:
    from models.text import visible_text
    from storage.importing import UnreadableDocument, read_document_layout
    from storage.importing.loader import load_plans
    from storage.importing.mapping import recall, remember, unused_columns

    given = _given(args)
    db = None
    readings, used = [], []
    try:
        for name in args.files:
            if given:
                readings.append(read_document_layout(Path(name), mapping=given))
                used.append(given)
                continue
            first = read_document_layout(Path(name), allow_problems=True)
            found = None
            if not args.fresh and db_path(args).exists():
                db = db or open_store(args, read_only=False)
                found = recall(db, first)
            if found:
                print(visible_text(f"{name}: read with the corrections remembered for it (--fresh to read it afresh)"))
                first = read_document_layout(Path(name), mapping=found)
            elif first.problem:
                raise UnreadableDocument(first.problem)
            readings.append(first)
            used.append(found)
    except UnreadableDocument as error:
        if db is not None:
            db.close()
        raise CommandError(f"{error} (nothing was imported)") from None
    if given.columns:
        layouts = [layout for reading in readings for layout in reading.layouts]
        unused = unused_columns(given.columns, layouts)
        if unused:
            headers = sorted({c.header for layout in layouts for c in layout.columns if c.header})
            if db is not None:
                db.close()
            raise CommandError(
                visible_text(
                    f"--map: no column {', '.join(repr(u) for u in unused)} "
                    f"(columns: {', '.join(headers)}); nothing was imported"
                )
            )
    if not args.dry_run and not args.save_mapping:  # what the plans were read from: not needed now
        for reading, mapping in zip(readings, used, strict=False):
            if not mapping:  # (a mapping remembered is saved with the reading's tables)
                reading.grid, reading.views, reading.layouts = None, [], []
    if args.dry_run:
        from storage.importing.preview import preview_lines

        for name, reading in zip(args.files, readings, strict=False):
            print(visible_text(f"{name}:"))
            for line in preview_lines(reading, max(0, args.rows)):
                print(visible_text(f"  {line}"))
    db = db or open_store(args, read_only=False)
    try:
        reports = load_plans(db, [r.plan for r in readings], actor=args.actor, dry_run=args.dry_run)
        if not args.dry_run:
            for reading, mapping in zip(readings, used, strict=False):
                if mapping:
                    remember(db, reading, mapping)
    finally:
        db.close()
    if args.save_mapping:
        if readings:  # marked rows are saved with their text, so they follow it in next quarter's file
            given.pin([view.model.table for view in readings[0].views])
        try:
            given.save(args.save_mapping)
        except ValueError as error:
            raise CommandError(f"--save-mapping: {error}") from None
    for report in reports:
        print(visible_text(report.summary()))
        for note in report.notes:
            print(f"  note: {visible_text(str(note))}")
    # The plans read (a hundred thousand objects for 10,000 rows) are left to the end of the
    # process, which ends at once (``cli._end_at_once``), rather than freed one by one here.
    args.left_to_the_end = readings
    return 0
