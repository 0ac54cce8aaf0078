"""``ragtrack export``: the committee report of one plan as DOCX, HTML, PDF, Markdown, XLSX or CSV."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from storage.reports import FORMATS, format_for
from tui.commands.common import CommandError, add_db_option, db_path, open_store, parse_day_option


def register(commands: Any) -> None:
    parser = commands.add_parser("export", help="write the committee report: docx, html, pdf, md, xlsx or csv")
    add_db_option(parser)
    parser.add_argument("--format", choices=FORMATS, help="the file format (default: from the file's extension)")
    parser.add_argument("--plan", help="plan id, file name or part of the title (needed if there are several)")
    parser.add_argument(
        "--as-at",
        dest="as_at",
        metavar="DATE",
        help="the report's date, in its title and footer and for overdue (default today)",
    )
    parser.add_argument("--changes-only", action="store_true", help="only the actions changed since the last review")
    parser.add_argument("-o", "--output", required=True, metavar="FILE", help="where to write the report")
    parser.add_argument("--force", action="store_true", help="replace FILE if it exists (never the database)")
    parser.set_defaults(handler=run_export)


def run_export(args: argparse.Namespace) -> int:
    from tui.commands.reviewing import one_plan

    output = Path(args.output).expanduser()
    fmt = args.format or format_for(output)
    if fmt is None:
        raise CommandError(f"say which format with --format ({', '.join(FORMATS)})")
    if output.is_dir():
        raise CommandError(f"{output} is a folder: give a file name with -o")
    refuse_overwrite(output, db_path(args), args.force)
    as_at = parse_day_option(args.as_at)
    from storage.reports import export_report
    from storage.reports.model import build_report

    with open_store(args) as store, store.read() as txn:
        plan = one_plan(txn, args.plan)
        report = build_report(txn, plan.id, as_at=as_at, changes_only=args.changes_only)
    export_report(report, fmt, output)
    count = sum(1 for _ in report.actions())
    from models.text import visible_text

    print(
        visible_text(
            f"Wrote {output} ({fmt}, {count} action{'s' if count != 1 else ''}, as at {report.as_at.strftime('%d/%m/%Y')})."
        )
    )
    return 0


def refuse_overwrite(output: Path, database: Path, force: bool) -> None:
    """The report's overwrite rules (``storage.reports.check_overwrite``) as a one-line refusal."""
    from storage.reports import ExportRefused, check_overwrite

    try:
        check_overwrite(output, database, force)
    except ExportRefused as error:
        raise CommandError(str(error)) from None
