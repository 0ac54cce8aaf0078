"""The export floor of ``make bench``: the same report's text written with no styling at all.

Every text the Word report carries (title, summary, keys, headings, each action's cells), one line
per paragraph and cells separated by tabs, written as UTF-8. The DOCX export's time is measured as
a ratio to this one's, in the same run on the same plan:

    python -m storage.reports.plain --db plan.db --plan PLAN -o floor.txt
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from storage.reports.model import Report, rag_letter, uk_date


def render_plain(report: Report) -> str:
    lines = [report.title, report.heading, report.italics_note]
    lines += [f"{label}\t{count}" for label, count in report.summary]
    lines += [f"{rag_letter(rag)}\t{definition}" for rag, definition in report.rag_definitions]
    lines += [f"{initials} = {name}" for initials, name in report.initials_key]
    for theme in report.themes:
        lines.append(theme.name)
        for objective in theme.objectives:
            lines += [objective.heading, objective.criteria]
            for action in objective.actions:
                progress = [*action.notes, *(entry.line() for entry in action.progress)]
                lines.append(
                    "\t".join(
                        [
                            action.ref,
                            action.text,
                            action.lead_initials,
                            action.timescale,
                            uk_date(action.due),
                            action.redated_note,
                            "\n".join(progress),
                            rag_letter(action.rag),
                        ]
                    )
                )
    lines.append(report.footer)
    return "\n".join(lines) + "\n"


def write_plain(report: Report, path: Path | str) -> None:
    Path(path).write_text(render_plain(report), encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m storage.reports.plain", description=__doc__.splitlines()[0])
    parser.add_argument("--db", required=True)
    parser.add_argument("--plan", required=True, help="plan id or source key")
    parser.add_argument("-o", "--output", required=True)
    args = parser.parse_args(argv)
    from storage.db import Store
    from storage.errors import StorageError
    from storage.reports.model import build_report

    # The light reader `ragtrack export` uses: the gateway, read-only.
    with Store.open(Path(args.db), read_only=True) as store, store.read() as txn:
        try:
            plan = txn.plans.find(args.plan)
        except StorageError as error:
            print(error, file=sys.stderr)
            return 1
        report = build_report(txn, plan.id)
    write_plain(report, args.output)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
