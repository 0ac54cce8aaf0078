"""``ragtrack list``, ``show`` and ``officers``: the read-only commands, on the light read path."""

from __future__ import annotations

import argparse
import json
import sys
from datetime import date

from tui.commands.common import CommandError, add_db_option, open_store, plan_id_for

TYPE_CHECKING = False  # typing's, without importing typing (type checkers read it as True): models/records.py
if TYPE_CHECKING:
    from typing import Any

    from storage.db import ActionFilter, ActionRow, ProgressRow, ReadTxn

RAG_NAMES = ("red", "amber", "green", "blue", "none")
# As storage.db.actions.SORTS and GROUPS name them (a test checks they agree; not imported here:
# building the parser must stay light).
SORT_CHOICES = ("ref", "due", "rag", "updated")
GROUP_CHOICES = ("objective", "officer", "rag")


def register(commands: Any) -> None:
    listing = commands.add_parser("list", help="list actions, filtered")
    add_db_option(listing)
    listing.add_argument("--plan", help="plan id, file name or part of the title")
    listing.add_argument("--rag", help="comma-separated: red,amber,green,blue,none")
    listing.add_argument("--officer", help="a lead officer's name (or part of it) or initials")
    listing.add_argument("--overdue", action="store_true", help="only open actions past their due date")
    listing.add_argument("--status", help="comma-separated: open,complete,withdrawn,superseded")
    listing.add_argument("--search", help="text in the action or its progress")
    listing.add_argument(
        "--sort", choices=SORT_CHOICES, default="ref", help="ref (the plan's order, default), due, rag or updated"
    )
    listing.add_argument("--group", choices=GROUP_CHOICES, help="group by objective, officer (first lead) or rag")
    listing.add_argument("--format", choices=("table", "json", "csv"), default="table")
    listing.set_defaults(handler=run_list)

    show = commands.add_parser("show", help="one action in full")
    add_db_option(show)
    show.add_argument("ref", help="the action's reference, e.g. 3d")
    show.add_argument("--plan", help="plan id, file name or part of the title")
    show.add_argument("--format", choices=("text", "json"), default="text")
    show.set_defaults(handler=run_show)


def parse_filter(args: argparse.Namespace, txn: ReadTxn) -> ActionFilter:
    from storage.db import NOT_RATED, ActionFilter
    from storage.officers import match_officers

    flt = ActionFilter()
    plan_id = plan_id_for(txn, getattr(args, "plan", None))
    if plan_id:
        flt = flt.with_(plan_ids=(plan_id,))
    if args.rag:
        rags = {r.strip().lower() for r in args.rag.split(",") if r.strip()}
        rags = {"none" if r in ("not rated", "unrated", "null") else r for r in rags}
        wrong = sorted(rags - set(RAG_NAMES))
        if wrong:
            raise CommandError(f"unknown RAG value {', '.join(wrong)}: use {','.join(RAG_NAMES)}")
        flt = flt.with_(rags=frozenset(NOT_RATED if r == "none" else r for r in rags))
    if args.officer:
        officers = match_officers(txn.officers.names(), args.officer).meant()
        if not officers:
            raise CommandError(f"no officer matches {args.officer!r} (see ragtrack officers)")
        flt = flt.with_(officer_ids=tuple(o.id for o in officers))
    if args.status:
        statuses = {s.strip().lower() for s in args.status.split(",") if s.strip()}
        wrong = sorted(statuses - {"open", "complete", "withdrawn", "superseded"})
        if wrong:
            raise CommandError(f"unknown status {', '.join(wrong)}: use open,complete,withdrawn,superseded")
        flt = flt.with_(statuses=frozenset(statuses))
    if args.overdue:
        flt = flt.with_(overdue=True)
    if args.search:
        flt = flt.with_(search=args.search)
    return flt


def action_json(row: ActionRow, progress: list[ProgressRow] | tuple[ProgressRow, ...]) -> dict[str, Any]:
    """One action as ``list --format json`` prints it (the schema is documented in the README)."""
    return {
        "id": row.id,
        "plan": row.plan,
        "objective": row.objective_ref,
        "objective_text": row.objective,
        "ref": row.ref,
        "title": row.title,
        "text": row.text,
        "leads": list(row.leads),
        "rag": row.rag,
        "status": row.status,
        "timescale": row.timescale,
        "due": row.due.isoformat() if row.due else None,
        "overdue": row.overdue,
        "progress": [
            {"kind": p.kind, "date": p.entry_date.isoformat() if p.entry_date else None, "text": p.text}
            for p in progress
        ],
        "updated": row.updated_at,
        "last_update": row.last_update.isoformat() if row.last_update else None,
    }


def run_list(args: argparse.Namespace) -> int:
    from storage.db import ListOrder

    order = ListOrder(getattr(args, "sort", None) or "ref", getattr(args, "group", None))
    today = date.today()
    with open_store(args) as store, store.read() as txn:
        flt = parse_filter(args, txn)
        rows = txn.actions.list(flt, today=today, order=order)
        # The group of each row (same order rule, same transaction): index -> label.
        groups = {g.start: g.label for g in txn.actions.ordered(flt, today, order).groups} if order.group else {}
        progress = txn.actions.progress([r.id for r in rows]) if args.format == "json" else {}
    labels: list[str | None] = []
    label = None
    for index in range(len(rows)):
        label = groups.get(index, label)
        labels.append(label)
    if args.format == "json":
        # No indent: with it Python falls back to its pure-Python encoder, half the run time
        # of a large list. Scripts parse it; `| python -m json.tool` pretty-prints it.
        items = [action_json(r, progress[r.id]) for r in rows]
        if order.group:
            for item, group in zip(items, labels, strict=True):
                item["group"] = group
        sys.stdout.write(json.dumps(items, ensure_ascii=False))
        sys.stdout.write("\n")
    elif args.format == "csv":
        _write_csv(rows, labels if order.group else None)
    else:
        _print_table(rows, labels if order.group else None)
    return 0


def _write_csv(rows: list[ActionRow], groups: list[str | None] | None = None) -> None:
    import csv

    from models.text import spreadsheet_safe

    writer = csv.writer(sys.stdout)
    writer.writerow(
        (["group"] if groups is not None else [])
        + ["plan", "objective", "ref", "title", "leads", "rag", "status", "timescale", "due", "overdue", "updated"]
    )
    for index, r in enumerate(rows):
        writer.writerow(
            ([spreadsheet_safe(groups[index] or "")] if groups is not None else [])
            + [
                spreadsheet_safe(v)
                for v in (
                    r.plan,
                    r.objective_ref,
                    r.ref,
                    r.title,
                    "; ".join(r.leads),
                    r.rag or "",
                    r.status,
                    r.timescale,
                    r.due.isoformat() if r.due else "",
                    "yes" if r.overdue else "",
                    r.updated_at,
                )
            ]
        )


def _print_table(rows: list[ActionRow], groups: list[str | None] | None = None) -> None:
    from rich.console import Console
    from rich.table import Table
    from rich.text import Text

    from models.text import one_line
    from models.timescale import day_text
    from tui.rag_style import rag_text

    console = Console()
    narrow = console.width < 110  # 80-column terminals: drop the timescale
    several_plans = len({r.plan for r in rows}) > 1
    table = Table(header_style="bold", expand=True)
    if several_plans:
        table.add_column("Plan", max_width=12 if narrow else 20, overflow="ellipsis", no_wrap=True)
    table.add_column("Ref", no_wrap=True, min_width=3)
    table.add_column("Action", overflow="ellipsis", no_wrap=True, ratio=1, min_width=16)
    table.add_column("Leads", max_width=14 if narrow else 24, overflow="ellipsis", no_wrap=True)
    if not narrow:
        table.add_column("Timescale", max_width=14, overflow="ellipsis", no_wrap=True)
    table.add_column("Due", no_wrap=True)
    table.add_column("RAG", no_wrap=True, min_width=4)
    for index, r in enumerate(rows):
        if groups is not None and (index == 0 or groups[index] != groups[index - 1]):
            # A group's header: its name in the Action column, a rule above it.
            if index:
                table.rows[-1].end_section = True
            header = [Text("")] * (len(table.columns))
            header[1 if several_plans else 0] = Text("──", style="bold")
            header[2 if several_plans else 1] = Text(one_line(groups[index] or ""), style="bold")
            table.add_row(*header)
        cells = [Text(one_line(r.plan))] if several_plans else []
        cells += [Text(one_line(r.ref)), Text(one_line(r.title)), Text(one_line(", ".join(r.leads)))]
        if not narrow:
            cells.append(Text(one_line(r.timescale)))
        due = Text(day_text(r.due))
        if r.overdue:
            due.append("!" if narrow else " overdue", style="bold")
        cells += [due, rag_text(r.rag)]
        table.add_row(*cells)
    console.print(table)
    overdue = sum(r.overdue for r in rows)
    console.print(
        Text(
            f"{len(rows)} action{'s' if len(rows) != 1 else ''}, {overdue} overdue (!)"
            if narrow
            else f"{len(rows)} action{'s' if len(rows) != 1 else ''}, {overdue} overdue"
        )
    )


def run_show(args: argparse.Namespace) -> int:
    with open_store(args) as store, store.read() as txn:
        row = txn.actions.find(args.ref, plan_id_for(txn, args.plan))
        detail = txn.actions.detail(row.id, today=date.today())
    if args.format == "json":
        data = action_json(detail.row, detail.progress)
        data["leads_detail"] = [
            {"name": lead.name, "initials": lead.initials, "job_title": lead.job_title, "primary": lead.primary}
            for lead in detail.leads
        ]
        data["rag_history"] = [
            {"from": h.old, "to": h.new, "reason": h.reason, "who": h.actor, "when": h.at} for h in detail.rag_history
        ]
        json.dump(data, sys.stdout, ensure_ascii=False, indent=1)
        sys.stdout.write("\n")
        return 0
    from rich.console import Console

    from tui.detail_text import detail_renderable

    Console().print(detail_renderable(detail))
    return 0
