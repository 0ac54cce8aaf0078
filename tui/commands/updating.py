"""``ragtrack update REF ...``: edit one action from the command line, as one transaction."""

from __future__ import annotations

import argparse
from datetime import date
from typing import Any

from tui.commands.common import CommandError, add_db_option, open_store, plan_id_for


def register(commands: Any) -> None:
    parser = commands.add_parser("update", help="update an action: RAG, progress, due date, status")
    add_db_option(parser)
    parser.add_argument("ref", help="the action's reference, e.g. 3d")
    parser.add_argument("--plan", help="plan id, file name or part of the title")
    parser.add_argument("--rag", help="red, amber, green, blue or none (needs --reason)")
    parser.add_argument("--reason", help="why the rating, status or timescale changes (shown with the action)")
    parser.add_argument("--achieved", action="append", metavar="TEXT", help="add a ✓ achievement")
    parser.add_argument("--next", action="append", metavar="TEXT", help="add a ⇒ next step")
    parser.add_argument("--note", action="append", metavar="TEXT", help="add a note")
    parser.add_argument("--due", metavar="TEXT", help='a new timescale, e.g. "31/03/2027", "end of March"')
    parser.add_argument(
        "--on",
        metavar="DATE",
        help="the date of the progress entries added (the meeting they record; default today), e.g. 22/07/2015",
    )
    parser.add_argument("--status", help="open, complete, withdrawn or superseded")
    parser.add_argument("--as", dest="actor", metavar="NAME", help="who is making the change")
    parser.set_defaults(handler=run_update)


def run_update(args: argparse.Namespace) -> int:
    from models.timescale import parse_timescale
    from storage.values import clean_value
    from storage.writes import edit

    if not any((args.rag, args.achieved, args.next, args.note, args.due is not None, args.status)):
        raise CommandError("nothing to update: give --rag, --achieved, --next, --note, --due or --status")
    reason = (args.reason or "").strip()
    if args.status and not reason:
        from models.domain import Status

        try:
            status = Status.parse(args.status)
        except ValueError as error:
            raise CommandError(str(error)) from None
        if status in (Status.WITHDRAWN, Status.SUPERSEDED):
            raise CommandError(f"marking an action {status.value} needs a reason: add --reason TEXT")
    if args.due is not None:
        if not args.due.strip():
            raise CommandError("--due needs a timescale (an empty one is never saved): nothing was changed")
        parsed = parse_timescale(args.due, reference=date.today())
        if not parsed.understood:
            raise CommandError(f"cannot read {args.due!r} as a date or timescale: nothing was changed")
    on = date.today()
    if args.on is not None:
        if not any((args.achieved, args.next, args.note)):
            raise CommandError("--on dates a progress entry: add --achieved, --next or --note")
        from models.timescale import day_text, parse_day

        try:
            on = parse_day(args.on)
        except ValueError:
            raise CommandError(f"--on: not a date: {args.on!r} (use 22/07/2015 or 2015-07-22)") from None
        if on > date.today():
            raise CommandError(f"--on {day_text(on)} has not come yet: a progress entry records what has happened")
    done: list[str] = []
    with open_store(args, read_only=False) as store, edit(store, actor=args.actor) as editor:
        row = editor.txn.actions.find(args.ref, plan_id_for(editor.txn, args.plan))
        # One transaction: the action found and every change to it.
        if args.rag:
            rag = None if args.rag.strip().lower() in ("none", "not rated") else args.rag
            # The same rating again is no change, and needs no reason; a new one does.
            if not reason and clean_value("action", "rag", rag) != row.rag:
                raise CommandError("a RAG change needs a reason: add --reason TEXT")
            if editor.set_rag(row.id, rag, reason=args.reason):
                done.append(f"RAG {row.rag or 'not rated'} → {args.rag.lower()}")
        if args.status and editor.set_status(row.id, args.status, reason=args.reason):
            done.append(f"status → {args.status.lower()}")
        if args.due is not None and editor.set_timescale(row.id, args.due, reason=args.reason):
            done.append(f"timescale → {args.due} ({parsed.describe()})")
        for kind, texts in (("achieved", args.achieved), ("next", args.next), ("note", args.note)):
            for text in texts or []:
                editor.add_progress(row.id, kind, text, entry_date=on)
                done.append(f"added {kind}: {text}")
    from models.text import visible_text

    print(visible_text(f"{row.ref} ({row.plan}): " + ("; ".join(done) if done else "no change")))
    return 0
