"""``ragtrack hub ...``: set up a council's PostgreSQL hub and say who may use it (for IT).

ragtrack hub init URL                                  the schema and the two group roles
ragtrack hub grant URL --role ROLE [--plan P] [--read-only]
ragtrack hub revoke URL --role ROLE [--plan P]
ragtrack hub plans URL                                 the plans on the hub and their members
ragtrack hub schema                                    print the SQL script, to read or run by hand

URL is postgresql://USER@HOST/DATABASE or service=NAME; connect as the hub's owner.
"""

from __future__ import annotations

import argparse

from tui.commands.common import CommandError


def register(commands) -> None:
    parser = commands.add_parser("hub", help="set up a council's PostgreSQL hub (for IT)")
    actions = parser.add_subparsers(dest="hub_action", metavar="ACTION", parser_class=type(parser))
    actions.required = True

    init = actions.add_parser("init", help="create the hub's schema and group roles (safe to run again)")
    init.add_argument("url", help="postgresql://OWNER@HOST/DATABASE or service=NAME")
    init.set_defaults(handler=_init)

    grant = actions.add_parser("grant", help="let a login role read, or read and change, a plan")
    grant.add_argument("url", help="postgresql://OWNER@HOST/DATABASE or service=NAME")
    grant.add_argument("--role", required=True, help="the officer's login role on the server")
    grant.add_argument(
        "--plan", help="the plan's title or id (without: an officer who may add new plans, nothing more)"
    )
    grant.add_argument("--read-only", action="store_true", help="read only (committee members)")
    grant.set_defaults(handler=_grant)

    revoke = actions.add_parser("revoke", help="take a plan (or every plan) away from a login role")
    revoke.add_argument("url", help="postgresql://OWNER@HOST/DATABASE or service=NAME")
    revoke.add_argument("--role", required=True, help="the officer's login role on the server")
    revoke.add_argument("--plan", help="the plan's title or id (default: every plan)")
    revoke.set_defaults(handler=_revoke)

    plans = actions.add_parser("plans", help="the plans on the hub, who writes and who reads them")
    plans.add_argument("url", help="postgresql://OWNER@HOST/DATABASE or service=NAME")
    plans.set_defaults(handler=_plans)

    schema = actions.add_parser("schema", help="print the hub's SQL script (to read, or to run with psql)")
    schema.set_defaults(handler=_schema)


def _address(args: argparse.Namespace):
    from storage.hub.address import HubAddress, HubError

    try:
        return HubAddress.parse(args.url)
    except HubError as error:
        raise CommandError(str(error)) from None


def _init(args: argparse.Namespace) -> int:
    from storage.hub.admin import init_hub

    address = _address(args)
    info = init_hub(address)
    done = "set up a new hub in" if info.created else "the hub is already set up in"
    print(f"{done} {address} (hub {info.store_id[:8]}, format {info.format})")
    print("next: create each officer's login role, then ragtrack hub grant URL --role ROLE --plan PLAN")
    return 0


def _grant(args: argparse.Namespace) -> int:
    from models.text import visible_text
    from storage.hub.admin import grant

    plan = grant(_address(args), args.role, args.plan, args.read_only)
    what = "read" if args.read_only else "read and change"
    if plan is None:
        role = "a reader" if args.read_only else "an officer (may add new plans)"
        print(visible_text(f"{args.role} is now {role} on the hub"))
    else:
        print(visible_text(f"{args.role} may now {what} {plan.title!r} ({plan.plan_id[:8]})"))
    return 0


def _revoke(args: argparse.Namespace) -> int:
    from models.text import visible_text
    from storage.hub.admin import revoke

    titles = revoke(_address(args), args.role, args.plan)
    if not titles:
        print(visible_text(f"{args.role} was not a member of {args.plan or 'any plan'}"))
    else:
        print(visible_text(f"{args.role} may no longer use: " + ", ".join(repr(t) for t in titles)))
    return 0


def _plans(args: argparse.Namespace) -> int:
    from models.text import visible_text
    from storage.hub.admin import list_plans

    plans = list_plans(_address(args))
    if not plans:
        print("no plans on the hub yet: they arrive when an officer who has one first syncs with the hub")
    for plan in plans:
        print(visible_text(f"{plan.title} ({plan.plan_id[:8]}): {plan.changes} changes"))
        print(visible_text("  change: " + (", ".join(plan.writers) or "nobody")))
        print(visible_text("  read:   " + (", ".join(plan.readers) or "nobody else")))
    return 0


def _schema(args: argparse.Namespace) -> int:
    from storage.hub.admin import schema_sql

    print(schema_sql(), end="")
    return 0
