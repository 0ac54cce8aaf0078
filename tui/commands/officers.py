"""``ragtrack officers``: lists the officers; ``officers add|edit|left|merge|me``: officers join,
change, leave and turn out to be the same person. Each change is one transaction through the one
write path (``storage.officer_edits``): one undo step, synced. (A module of its own, not
``listing``'s: ``ragtrack list`` then builds no parser of these six.)"""

from __future__ import annotations

import argparse
import json
import sys
from typing import TYPE_CHECKING

from tui.commands.common import CommandError, add_db_option, open_store, parse_day_option

if TYPE_CHECKING:
    from typing import Any

    from storage.db import ReadTxn
    from storage.db.officers import OfficerRow


def register(commands: Any) -> None:
    officers = commands.add_parser("officers", help="the officers and their open actions")
    add_db_option(officers)
    officers.add_argument("--format", choices=("table", "json"), default="table")
    officers.set_defaults(handler=run_officers)
    _register_subcommands(officers)


def _register_subcommands(officers: argparse.ArgumentParser) -> None:
    """The subcommands under ``ragtrack officers`` (which lists officers without one)."""
    sub = officers.add_subparsers(dest="officers_command", metavar="ACTION", parser_class=type(officers))

    add = sub.add_parser("add", help="a new officer (initials default to the name's)")
    add.add_argument("name", help="their full name")
    _detail_options(add, name=False)
    add.set_defaults(handler=run_add)

    edit = sub.add_parser("edit", help="change an officer's name, initials, job title or email")
    edit.add_argument("officer", help="their name or initials")
    _detail_options(edit, name=True)
    edit.set_defaults(handler=run_edit)

    left = sub.add_parser("left", help="mark an officer as left: their open actions are listed for reassignment")
    left.add_argument("officer", help="their name or initials")
    left.add_argument("--on", metavar="DATE", help="the day they left (default: today)")
    left.add_argument("--reassign-to", metavar="NAME", help="give their open actions to this officer")
    left.add_argument("--back", action="store_true", help="they have not left after all (or came back)")
    left.set_defaults(handler=run_left)

    merge = sub.add_parser("merge", help="two records of one person: keep the first, merge the second into it")
    merge.add_argument("keep", help="the record to keep (name or initials)")
    merge.add_argument("duplicate", help="the duplicate record (its leads move to the kept one)")
    merge.set_defaults(handler=run_merge)

    me = sub.add_parser("me", help='change "which officer am I" on this laptop')
    me.add_argument("officer", help="your name or initials")
    me.set_defaults(handler=run_me)

    for parser in (add, edit, left, merge, me):
        add_db_option(parser)
        if parser is not me:
            parser.add_argument("--as", dest="actor", metavar="NAME", help="who is making the change")


def _detail_options(parser: argparse.ArgumentParser, name: bool) -> None:
    if name:
        parser.add_argument("--name", help="their full name")
    parser.add_argument("--initials", help='e.g. "JR" ("" to clear)')
    parser.add_argument("--job-title", dest="job_title", help='their job title ("" to clear)')
    parser.add_argument("--email", help='their email address ("" to clear)')


def _details(args: argparse.Namespace) -> dict[str, Any]:
    return {
        field: getattr(args, field)
        for field in ("name", "initials", "job_title", "email")
        if getattr(args, field, None) is not None
    }


def _find(txn: ReadTxn, text: str) -> OfficerRow:
    from storage.officer_edits import find_officer

    return find_officer(txn, text)


def _say(text: str) -> None:
    from models.text import visible_text

    print(visible_text(text))


def run_add(args: argparse.Namespace) -> int:
    from storage.officer_edits import add_officer, shared_initials
    from storage.writes import edit

    with open_store(args, read_only=False) as store, edit(store, actor=args.actor) as editor:
        new = add_officer(editor, args.name, **{k: v for k, v in _details(args).items() if k != "name"})
        row = next(o for o in editor.txn.officers.names() if o.id == new)
        others = shared_initials(editor.txn, new)
    _say(f"added {row.name} ({row.initials or 'no initials'})")
    if others:
        _say(f"note: {row.initials} are also the initials of {', '.join(others)}: filter by name to tell them apart")
    return 0


def run_edit(args: argparse.Namespace) -> int:
    from storage.officer_edits import edit_officer, shared_initials
    from storage.writes import edit

    details = _details(args)
    if not details:
        raise CommandError("nothing to change: give --name, --initials, --job-title or --email")
    with open_store(args, read_only=False) as store, edit(store, actor=args.actor) as editor:
        officer = _find(editor.txn, args.officer)
        changed = edit_officer(editor, officer.id, **details)
        others = shared_initials(editor.txn, officer.id) if "initials" in changed else []
    names = {"job_title": "job title"}
    _say(f"{officer.name}: " + (", ".join(names.get(f, f) for f in changed) + " changed" if changed else "no change"))
    if others:
        _say(f"note: those initials are also {', '.join(others)}'s: filter by name to tell them apart")
    return 0


def run_left(args: argparse.Namespace) -> int:
    from datetime import date

    from storage.officer_edits import mark_left, mark_returned, open_actions_of, reassign
    from storage.writes import edit

    day = parse_day_option(args.on) or date.today()
    with open_store(args, read_only=False) as store, edit(store, actor=args.actor) as editor:
        officer = _find(editor.txn, args.officer)
        if args.back:
            if not mark_returned(editor, officer.id):
                raise CommandError(f"{officer.name} is not marked as left")
            _say(f"{officer.name} is no longer marked as left")
            return 0
        if officer.left_on is None:
            actions = mark_left(editor, officer.id, day)
        elif args.reassign_to:  # already left: their actions handed over now
            day, actions = officer.left_on, open_actions_of(editor.txn, officer.id)
        else:
            raise CommandError(f"{officer.name} is already marked as left: add --reassign-to NAME to hand over")
        moved = 0
        if args.reassign_to:
            other = _find(editor.txn, args.reassign_to)
            if other.left_on is not None:
                raise CommandError(f"{other.name} has left too: choose someone else")
            moved = reassign(editor, officer.id, other.id)
            remaining = open_actions_of(editor.txn, officer.id)
        else:
            remaining = actions
    _say(f"{officer.name} marked as left on {day.strftime('%d/%m/%Y')}")
    if moved:
        _say(f"{moved} open action{'s' if moved != 1 else ''} now led by {other.name}")
    if remaining:
        _say(f"{len(remaining)} open action{'s' if len(remaining) != 1 else ''} still name them as lead:")
        from models.text import one_line

        for action in remaining:
            _say(f"  {one_line(action.ref, 8)}  {one_line(action.title, 50)}  ({one_line(action.plan, 40)})")
        _say(f'give them a new lead: ragtrack officers left "{officer.name}" --reassign-to NAME, or in the app')
    return 0


def run_merge(args: argparse.Namespace) -> int:
    from storage.officer_edits import merge_officers
    from storage.writes import edit

    with open_store(args, read_only=False) as store, edit(store, actor=args.actor) as editor:
        keep = _find(editor.txn, args.keep)
        duplicate = _find(editor.txn, args.duplicate)
        if keep.id == duplicate.id:
            raise CommandError(f"{args.keep!r} and {args.duplicate!r} are the same record: nothing to merge")
        merged = merge_officers(editor, keep.id, duplicate.id)
        if editor.txn.settings.me().officer_id == duplicate.id:
            editor.txn.settings.set_me(keep.id, keep.name)
    filled = f"; took their {', '.join(f.replace('_', ' ') for f in merged.filled)}" if merged.filled else ""
    _say(
        f"merged {duplicate.name} into {keep.name}: {merged.actions} action{'s' if merged.actions != 1 else ''}"
        f" now led by {keep.name}{filled}"
    )
    return 0


def run_me(args: argparse.Namespace) -> int:
    with open_store(args, read_only=False) as store, store.write() as txn:
        officer = _find(txn, args.officer)
        txn.settings.set_me(officer.id, officer.name)
    _say(f"you are {officer.name} on this laptop (m shows your actions; your edits carry your name)")
    return 0


def run_officers(args: argparse.Namespace) -> int:
    with open_store(args) as store, store.read() as txn:
        officers = txn.officers.list()
    if args.format == "json":
        json.dump(
            [
                {
                    "name": o.name,
                    "initials": o.initials,
                    "job_title": o.job_title,
                    "email": o.email,
                    "phone": o.phone,
                    "open_actions": o.open_actions,
                    "left_on": o.left_on.isoformat() if o.left_on else None,
                }
                for o in officers
            ],
            sys.stdout,
            ensure_ascii=False,
            indent=1,
        )
        sys.stdout.write("\n")
        return 0
    from rich.console import Console
    from rich.table import Table
    from rich.text import Text

    from models.text import one_line

    table = Table(header_style="bold")
    for name in ("Name", "Initials", "Job title", "Open actions"):
        table.add_column(name, overflow="ellipsis")
    for o in officers:
        left = f" (left {o.left_on.strftime('%d/%m/%Y')})" if o.left_on else ""
        table.add_row(
            Text(one_line(o.name) + left),
            Text(one_line(o.initials)),
            Text(one_line(o.job_title)),
            Text(str(o.open_actions)),
        )
    Console().print(table)
    return 0
