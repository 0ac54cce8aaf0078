"""``ragtrack sync [FOLDER | HUB]``: exchange changes with the team's shared folder or the
council's PostgreSQL hub.

ragtrack sync "\\\\server\\share\\plans"   first time: creates the store there, or joins it
ragtrack sync postgresql://HOST/DB      or the council's hub (service=NAME: a pg_service.conf entry);
                                        the password comes from .pgpass or PGPASSWORD, never kept
ragtrack sync                           after that: the folder remembered from last time
ragtrack sync --status                  last synced, changes waiting, who else syncs
ragtrack sync --conflicts               the conflicts to settle
ragtrack sync --move-to FOLDER          this laptop syncs with another folder from now on
"""

from __future__ import annotations

import argparse
from typing import Any

from tui.commands.common import CommandError, add_db_option, db_path


def register(commands: Any) -> None:
    parser = commands.add_parser("sync", help="exchange changes with the team's shared folder or hub")
    add_db_option(parser)
    parser.add_argument(
        "folder",
        nargs="?",
        help="the shared folder, or the hub (postgresql://USER@HOST/DATABASE or service=NAME; "
        "the password from .pgpass or PGPASSWORD); default: the one used last time",
    )
    parser.add_argument(
        "--status", action="store_true", help="when this laptop last synced, changes waiting to be sent, who else syncs"
    )
    parser.add_argument("--conflicts", action="store_true", help="list the conflicts to settle, change nothing")
    parser.add_argument(
        "--allow-deletions",
        action="store_true",
        help="apply a sync that deletes most of the plan (check it is intended first)",
    )
    parser.add_argument(
        "--move-to",
        metavar="FOLDER_OR_HUB",
        help="sync with another folder or a hub from now on (joins the store there, or starts one "
        "and sends everything); a plain 'sync FOLDER' refuses a place other than this laptop's",
    )
    parser.add_argument(
        "--new-store",
        action="store_true",
        help="start a new store in a folder whose store was lost (one person; the others "
        "then just sync, and every laptop sends back all it has)",
    )
    snapshot = parser.add_mutually_exclusive_group()
    snapshot.add_argument("--snapshot", action="store_true", help="refresh the snapshot on the share now")
    snapshot.add_argument("--no-snapshot", action="store_true", help="do not write a snapshot this time")
    parser.set_defaults(handler=run_sync_command)


def run_sync_command(args: argparse.Namespace) -> int:
    from storage.db import Store

    path = db_path(args)
    if (args.status or args.conflicts) and not path.exists():
        raise CommandError(f"no ragtrack database at {path}: nothing has been synced")
    db = Store.open(path)
    try:
        if args.status:
            return _print_status(db)
        if args.conflicts:
            return _print_conflicts(db)
        return _sync(db, args)
    finally:
        db.close()


def _sync(db, args: argparse.Namespace) -> int:
    from models.text import visible_text
    from storage.sync import run_sync

    snapshot = "always" if args.snapshot else (not args.no_snapshot)
    if args.move_to and args.folder:
        raise CommandError("give the folder once: ragtrack sync --move-to FOLDER")
    result = run_sync(
        db,
        args.move_to or args.folder,
        allow_mass_delete=args.allow_deletions,
        snapshot=snapshot,
        new_store=args.new_store,
        move=bool(args.move_to),
    )
    verb = "created a new store in" if result.created_store else "synced with"
    print(visible_text(f"{verb} {result.folder}"))
    if _password_in(args.move_to or args.folder):
        print(
            "note: the password in the address was used for this sync only and is not kept: "
            "put it in your .pgpass file (see the README) for the next syncs"
        )
    for notice in result.notices:
        print(visible_text(f"note: {notice}"))
    print(f"sent {_changes(result.sent)}")
    received = f"received {_changes(result.received)}"
    if result.received_from:
        received += ": " + ", ".join(
            f"{who} {n}" for who, n in sorted(result.received_from.items(), key=lambda kv: -kv[1])
        )
    print(visible_text(received))
    if result.deleted:
        print(f"{result.deleted} record(s) deleted by others are now hidden")
    if result.republished:
        print(
            f"sent {_changes(result.republished)} of colleagues that {_place_word(result.folder)} did not have "
            "(received from another place, or lost there)"
        )
    if result.kept:
        print(f"{result.kept} record(s) shown again (edited while someone deleted them, or restored)")
    for warning in result.warnings:
        print(visible_text(f"warning: {warning}"))
    if result.snapshot:
        print(visible_text(f"snapshot: {result.snapshot}"))
    _conflict_lines(result.conflicts)
    return 0


def _print_status(db) -> int:
    from models.text import visible_text
    from storage.sync import sync_status

    status = sync_status(db)
    hub = _is_hub(status.folder)
    label = "hub" if hub else "sync folder"
    print(visible_text(f"{label}: {status.folder or '(none yet: run ragtrack sync FOLDER)'}"))
    print(f"this laptop: replica {status.replica_id[:8]}")
    print(f"last synced: {_when(status.last_synced) if status.last_synced else 'never'}")
    print(f"waiting to be sent: {_changes(status.unsent)}")
    print(f"conflicts to settle: {status.conflicts}")
    if status.waiting or status.invalid:
        print(
            f"received changes set aside: {status.waiting} waiting for a record this laptop does not have, "
            f"{status.invalid} invalid (never applied)"
        )
    if status.replicas:
        print(f"others syncing to this {'hub' if hub else 'folder'} (as of the last sync):")
        for replica in status.replicas:
            who = replica.actor or f"replica {replica.replica_id[:8]}"
            where = f" on {replica.host}" if replica.host else ""
            print(visible_text(f"  {who}{where}: last synced {_when(replica.last_sync_at)}"))
    elif status.last_synced:
        print(f"nobody else has synced to this {'hub' if hub else 'folder'} yet")
    for place in status.other_places:
        where = "hub" if _is_hub(place.folder) else "folder"
        when = _when(place.last_synced) if place.last_synced else "never"
        print(
            visible_text(
                f"also synced with the {where} {place.folder}: last synced {when}, "
                f"{_changes(place.unsent)} it has not had (ragtrack sync {place.folder})"
            )
        )
    return 0


def _print_conflicts(db) -> int:
    from storage.sync import list_conflicts

    conflicts = list_conflicts(db)
    if not conflicts:
        print("no conflicts")
    _conflict_lines(conflicts)
    return 0


def _conflict_lines(conflicts) -> None:
    from models.text import one_line

    if conflicts:
        print(f"conflicts: {len(conflicts)} to settle (open the plan in ragtrack to choose)")
        for conflict in conflicts:
            print("  " + one_line(conflict.describe()))


def _changes(n: int) -> str:
    return f"{n} change" + ("" if n == 1 else "s")


def _when(iso: str) -> str:
    return f"{iso[:16].replace('T', ' ')} UTC" if iso else "unknown"


def _is_hub(target: str | None) -> bool:
    from storage.sync.engine import is_hub_target

    return is_hub_target(target)


def _place_word(target: str) -> str:
    return "the hub" if _is_hub(target) else "the shared folder"


def _password_in(target: str | None) -> bool:
    """Whether a hub address given on the command line holds a password (used once, not kept)."""
    if not _is_hub(target):
        return False
    from storage.hub.address import HubAddress

    return HubAddress.parse(str(target)).had_password
