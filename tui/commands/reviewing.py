"""``ragtrack review start|list|changes`` and ``ragtrack chase``: review points and chasing."""

from __future__ import annotations

import argparse
from datetime import date
from typing import TYPE_CHECKING, Any

from tui.commands.common import CommandError, add_db_option, open_store, parse_day_option, whole_number

if TYPE_CHECKING:
    from storage.db import PlanRow, ReadTxn


def register(commands: Any) -> None:
    review = commands.add_parser("review", help="record a review point, list reviews, see changes since")
    steps = review.add_subparsers(dest="review_command", metavar="STEP", required=True)

    start = steps.add_parser("start", help="record a dated review point of a plan (a snapshot of every action)")
    add_db_option(start)
    start.add_argument("--plan", help="plan id, file name or part of the title (needed if there are several)")
    start.add_argument(
        "--as-at", dest="as_at", metavar="DATE", help="the review date (default today): 2015-07-22 or 22/07/2015"
    )
    start.add_argument("--label", default="", help='a name for it, e.g. "Scrutiny Committee 6 December 2021"')
    start.add_argument("--as", dest="actor", metavar="NAME", help="who is recording it (for the change log)")
    start.set_defaults(handler=run_review_start)

    listing = steps.add_parser("list", help="the reviews recorded")
    add_db_option(listing)
    listing.add_argument("--plan", help="plan id, file name or part of the title")
    listing.set_defaults(handler=run_review_list)

    changes = steps.add_parser("changes", help="what changed since the last review")
    add_db_option(changes)
    changes.add_argument("--plan", help="plan id, file name or part of the title (needed if there are several)")
    changes.set_defaults(handler=run_review_changes)

    chase = commands.add_parser("chase", help="per officer, the actions to chase, as text for an email")
    add_db_option(chase)
    chase.add_argument(
        "--days",
        type=whole_number(36_500),
        default=14,
        metavar="N",
        help="no update for N days, or due within N days (default 14)",
    )
    chase.add_argument("--plan", help="plan id, file name or part of the title (default: every plan)")
    chase.add_argument("--from", dest="sender", metavar="NAME", help="the name to sign with (default: you)")
    chase.set_defaults(handler=run_chase)


def one_plan(txn: ReadTxn, plan: str | None) -> PlanRow:
    """The plan named, or the only plan; a clear refusal when there are several."""
    if plan:
        return txn.plans.find(plan)
    plans = txn.plans.list()
    if not plans:
        raise CommandError("there are no plans yet: import one first (ragtrack import FILE)")
    if len(plans) > 1:
        raise CommandError(
            "there are several plans: choose one with --plan (" + "; ".join(p.title for p in plans) + ")"
        )
    return plans[0]


def run_review_start(args: argparse.Namespace) -> int:
    from models.text import visible_text
    from storage.reviews import start_review

    as_at = parse_day_option(args.as_at)
    with open_store(args, read_only=False) as store:
        with store.read() as txn:
            plan = one_plan(txn, args.plan)
        review_id = start_review(store, plan.id, as_at=as_at, label=args.label, actor=args.actor)
        with store.read() as txn:
            count = txn.reviews.entry_count(review_id)
    day = (as_at or date.today()).strftime("%d/%m/%Y")
    print(
        visible_text(
            f"Review of {plan.title} as at {day} recorded: {count} action{'s' if count != 1 else ''} snapshotted."
        )
    )
    return 0


def run_review_list(args: argparse.Namespace) -> int:
    from models.text import one_line
    from storage.reviews import changed_action_ids, list_reviews

    with open_store(args) as store, store.read() as txn:
        plan_id = txn.plans.find(args.plan).id if args.plan else None
        reviews = list_reviews(txn, plan_id)
        latest = {r.plan_id: r for r in reviews}
        changed = {r.plan_id: len(changed_action_ids(txn, r.plan_id)) for r in latest.values()}
    if not reviews:
        print("No reviews recorded yet (ragtrack review start --plan P).")
        return 0
    for review in reviews:
        line = f"{review.as_at.strftime('%d/%m/%Y')}  {one_line(review.plan, 40)}  {review.actions} actions"
        if review.label:
            line += f"  {one_line(review.label, 50)}"
        line += f"  (by {one_line(review.started_by or '?')}, {review.started_at[:10]})"
        if latest[review.plan_id] is review:
            line += f"  latest: {changed[review.plan_id]} changed since"
        print(line)
    return 0


def run_review_changes(args: argparse.Namespace) -> int:
    from models.text import one_line
    from storage.reviews import changes_since_review, latest_review

    with open_store(args) as store, store.read() as txn:
        plan = one_plan(txn, args.plan)
        review = latest_review(txn, plan.id)
        if review is None:
            raise CommandError(f"{plan.title} has no review yet: ragtrack review start --plan ...")
        changes = {k: v for k, v in changes_since_review(txn, plan.id, review.id).items() if v.changed}
        rows = txn.actions.rows_by_id(list(changes))
    print(one_line(f"{plan.title}: changes since the review as at {review.as_at.strftime('%d/%m/%Y')}"))
    if not changes:
        print("No changes.")
    for action_id, change in changes.items():
        row = rows.get(action_id)
        print(one_line(f"{row.ref} {row.title}" if row else f"(removed action {action_id})", 100))
        for note in change.notes():
            print("  " + one_line(note, 140))
        if change.redates and change.rolled_forward:
            print(
                f"  Re-dated {change.redated_total} times in all (first: {one_line(change.first_timescale) or 'none'})"
            )
        for entry in change.new_progress:
            symbol = {"achieved": "✓", "next": "⇒"}.get(entry.kind, "•")
            print("  " + one_line(f"{symbol} {entry.text}", 140))
    return 0


def run_chase(args: argparse.Namespace) -> int:
    from models.text import visible_text
    from storage.reviews import chase_list, chase_text

    with open_store(args) as store, store.read() as txn:
        plan_id = txn.plans.find(args.plan).id if args.plan else None
        chases = chase_list(txn, days=args.days, plan_id=plan_id, today=date.today())
        me = txn.settings.me().name
    if not chases:
        print(f"Nothing to chase: every open action has an update in the last {args.days} days and none is due.")
        return 0
    sender = args.sender if args.sender is not None else me
    print(visible_text(chase_text(chases, sender=sender)), end="")
    return 0
