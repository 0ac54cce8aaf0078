"""``ragtrack add``, ``move``, ``delete`` and ``restore``: the plan's structure from the command line.

Each command is one transaction through the one write path (``storage.structure``): one undo
step, synced like any edit, and seen by "changes since the last review".
"""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING, Any

from tui.commands.common import CommandError, add_db_option, open_store

if TYPE_CHECKING:
    from storage.db import ReadTxn


def register(commands: Any) -> None:
    add = commands.add_parser("add", help="add a plan, theme, objective or action")
    kinds = add.add_subparsers(dest="kind", metavar="KIND", required=True, parser_class=type(add))

    plan = kinds.add_parser("plan", help="a new, empty plan")
    plan.add_argument("title", help="the plan's title")
    plan.add_argument("--organisation", help="the council or body whose plan it is")
    plan.add_argument("--overseeing-body", dest="overseeing_body", help="the committee it reports to")

    theme = kinds.add_parser("theme", help="a theme at the end of a plan's themes")
    theme.add_argument("name", help="the theme's name")

    objective = kinds.add_parser("objective", help="an objective (its reference proposed: 'M' after 'L')")
    objective.add_argument("text", help="the objective's text")
    objective.add_argument("--ref", help="its reference (default: the next one, e.g. 5 after 4)")
    objective.add_argument("--theme", help="the theme it comes under (its name)")

    action = kinds.add_parser("action", help="an action under an objective (its reference proposed: '4c' after '4b')")
    action.add_argument("text", help="the action's text")
    action.add_argument("--objective", help="the objective's reference, e.g. 4 (or give --after)")
    action.add_argument("--ref", help="its reference (default: the next one under the objective)")
    action.add_argument("--after", metavar="REF", help="put it right after this action (default: at the end)")
    action.add_argument("--lead", action="append", metavar="NAME", help="a lead officer (name or initials; repeat)")
    action.add_argument("--due", metavar="TEXT", help='its timescale, e.g. "31/03/2027", "end of March"')
    for sub in (plan, theme, objective, action):
        add_db_option(sub)
        sub.add_argument("--as", dest="actor", metavar="NAME", help="who is making the change")
        if sub is not plan:
            sub.add_argument("--plan", help="plan id, file name or part of the title (needed with several plans)")
    add.set_defaults(handler=run_add)

    move = commands.add_parser("move", help="move an action to another objective or plan, or reorder")
    add_db_option(move)
    _target_arguments(move, "the action's reference (or give --objective or --theme to reorder those)")
    move.add_argument("--to-objective", metavar="X", help="the objective to move the action to (its reference)")
    move.add_argument("--to-plan", metavar="P", help="the plan of --to-objective, when it is another plan")
    move.add_argument(
        "--ref", dest="new_ref", help="the action's new reference (default: the next one under the new objective)"
    )
    move.add_argument("--up", type=int, nargs="?", const=1, default=0, metavar="N", help="move N places up")
    move.add_argument("--down", type=int, nargs="?", const=1, default=0, metavar="N", help="move N places down")
    move.add_argument("--as", dest="actor", metavar="NAME", help="who is making the change")
    move.set_defaults(handler=run_move)

    delete = commands.add_parser("delete", help="withdraw an action (--reason) or remove a mistaken entry (--mistake)")
    add_db_option(delete)
    _target_arguments(delete, "the action's reference")
    how = delete.add_mutually_exclusive_group(required=True)
    how.add_argument("--reason", help="withdraw it: why (it stays in the plan's history and reports)")
    how.add_argument("--mistake", action="store_true", help="remove an entry made by mistake (restore brings it back)")
    delete.add_argument("--as", dest="actor", metavar="NAME", help="who is making the change")
    delete.set_defaults(handler=run_delete)

    restore = commands.add_parser("restore", help="bring back a withdrawn action or a removed entry")
    add_db_option(restore)
    _target_arguments(restore, "the action's reference")
    restore.add_argument("--as", dest="actor", metavar="NAME", help="who is making the change")
    restore.set_defaults(handler=run_restore)


def _target_arguments(parser: argparse.ArgumentParser, ref_help: str) -> None:
    parser.add_argument("ref", nargs="?", help=ref_help)
    parser.add_argument("--plan", help="plan id, file name or part of the title (needed with several plans)")
    parser.add_argument("--objective", metavar="X", help="an objective (its reference) instead of an action")
    parser.add_argument("--theme", metavar="NAME", help="a theme (its name) instead of an action")
    parser.add_argument("--whole-plan", action="store_true", help="the plan itself (named by --plan)")


# --- helpers --------------------------------------------------------------------------------
def _plan_id(txn: ReadTxn, plan: str | None, deleted: bool = False) -> str:
    """The plan ``--plan`` names; without it, the only plan there is."""
    if deleted:
        key = (plan or "").strip().lower()
        found = [(i, t) for i, t in txn.structure.deleted_plans() if key and (key == i or key in t.lower())]
        if len(found) != 1:
            raise CommandError(
                f"no removed plan matches {plan!r}"
                if not found
                else f"{plan!r} matches several removed plans: {'; '.join(t for _, t in found)}"
            )
        return found[0][0]
    if plan:
        return txn.plans.find(plan).id
    plans = txn.plans.list()
    if len(plans) == 1:
        return plans[0].id
    if not plans:
        raise CommandError("there is no plan yet: add one with ragtrack add plan TITLE")
    raise CommandError("there are several plans: add --plan (its id, file name or part of its title)")


def _target(txn: ReadTxn, args: argparse.Namespace, *, removed: bool = False) -> tuple[str, str, str]:
    """(entity, id, what to call it) of the record the arguments name. ``removed``: a removed
    record (for restore)."""
    from storage.structure import find_objective, find_removed_action, find_theme

    given = [name for name in ("ref", "objective", "theme", "whole_plan") if getattr(args, name)]
    if len(given) != 1:
        raise CommandError("name one thing: an action's reference, or --objective X, --theme NAME or --whole-plan")
    if args.whole_plan:
        if not args.plan:
            raise CommandError("--whole-plan needs --plan to name the plan")
        plan_id = _plan_id(txn, args.plan, deleted=removed)
        return "plan", plan_id, f"plan {txn.structure.plan_title(plan_id)}"
    plan_id = _plan_id(txn, args.plan)
    if args.objective:
        node = _removed_or_live(find_objective, txn, plan_id, args.objective, removed)
        return "objective", node.id, f"objective {node.ref}"
    if args.theme:
        node = _removed_or_live(find_theme, txn, plan_id, args.theme, removed)
        return "theme", node.id, f"theme {node.ref}"
    if removed:
        from storage.errors import NotFound

        try:
            row = txn.actions.find(args.ref, plan_id)
        except NotFound:  # not live: a removed one
            row = None
        if row is None or row.status != "withdrawn":
            # A removed action, even when a new one has its reference now.
            try:
                node = find_removed_action(txn, plan_id, args.ref)
                return "action", node.id, f"action {node.ref}"
            except NotFound:
                if row is None:
                    raise
        assert row is not None
        return "action", row.id, f"action {row.ref}"
    row = txn.actions.find(args.ref, plan_id)
    return "action", row.id, f"action {row.ref}"


def _removed_or_live(find: Any, txn: ReadTxn, plan_id: str, key: str, removed: bool) -> Any:
    from storage.errors import NotFound

    if not removed:
        return find(txn, plan_id, key)
    try:
        return find(txn, plan_id, key, deleted=True)
    except NotFound:
        return find(txn, plan_id, key)  # live: restore says why there is nothing to do


def _say(text: str) -> None:
    from models.text import visible_text

    print(visible_text(text))


# --- commands -------------------------------------------------------------------------------
def run_add(args: argparse.Namespace) -> int:
    from storage.structure import add_action, add_objective, add_plan, add_theme, find_objective, find_theme
    from storage.writes import edit

    timescale = None
    if args.kind == "action" and args.due is not None:
        from datetime import date

        from models.timescale import parse_timescale

        if not args.due.strip() or not parse_timescale(args.due, reference=date.today()).understood:
            raise CommandError(f"cannot read {args.due!r} as a date or timescale: nothing was added")
        timescale = args.due
    with open_store(args, read_only=False) as store, edit(store, actor=args.actor) as editor:
        txn = editor.txn
        if args.kind == "plan":
            add_plan(editor, args.title, organisation=args.organisation, overseeing_body=args.overseeing_body)
            message = f"added plan {args.title.strip()}"
        elif args.kind == "theme":
            plan_id = _plan_id(txn, args.plan)
            add_theme(editor, plan_id, args.name)
            message = f"added theme {args.name.strip()} to {txn.structure.plan_title(plan_id)}"
        elif args.kind == "objective":
            plan_id = _plan_id(txn, args.plan)
            theme_id = find_theme(txn, plan_id, args.theme).id if args.theme else None
            new = add_objective(editor, plan_id, args.text, ref=args.ref, theme_id=theme_id)
            node = txn.structure.node("objective", new)
            assert node is not None
            message = f"added objective {node.ref} to {txn.structure.plan_title(plan_id)}"
        else:
            plan_id = _plan_id(txn, args.plan)
            after = txn.actions.find(args.after, plan_id) if args.after else None
            if args.objective:
                objective = find_objective(txn, plan_id, args.objective)
            elif after is not None:
                found = txn.structure.node("action", after.id)
                assert found is not None and found.parent_id is not None
                objective = txn.structure.node("objective", found.parent_id)  # type: ignore[assignment]
            else:
                raise CommandError("say where the action goes: --objective X (or --after REF)")
            assert objective is not None
            leads = [_officer_id(txn, name) for name in args.lead or []]
            values: dict[str, Any] = {"leads": leads} if leads else {}
            if timescale is not None:
                values["timescale"] = timescale
            new = add_action(editor, objective.id, args.text, ref=args.ref, after=after.id if after else None, **values)
            node = txn.structure.node("action", new)
            assert node is not None
            message = f"added action {node.ref} under objective {objective.ref} ({txn.structure.plan_title(plan_id)})"
    _say(message)
    return 0


def _officer_id(txn: ReadTxn, name: str) -> str:
    from storage.officer_edits import find_officer

    return find_officer(txn, name, include_left=False).id


def run_move(args: argparse.Namespace) -> int:
    from storage.structure import find_objective, move_action, reorder
    from storage.writes import edit

    steps = (args.down or 0) - (args.up or 0)
    if bool(args.to_objective) == bool(steps):
        raise CommandError("say where to: --to-objective X (an action), or --up / --down (reorder)")
    with open_store(args, read_only=False) as store, edit(store, actor=args.actor) as editor:
        txn = editor.txn
        entity, entity_id, name = _target(txn, args)
        if args.to_objective:
            if entity != "action":
                raise CommandError("only an action moves to another objective: reorder the others with --up/--down")
            plan_id = _plan_id(txn, args.to_plan or args.plan)
            objective = find_objective(txn, plan_id, args.to_objective)
            moved = move_action(editor, entity_id, objective.id, ref=args.new_ref)
            where = f" in {txn.structure.plan_title(plan_id)}" if moved.plan_changed else ""
            renamed = f", now {moved.new_ref}" if moved.new_ref != moved.old_ref else ""
            message = f"moved action {moved.old_ref} to objective {moved.objective_ref}{where}{renamed}"
        else:
            if entity == "plan":
                raise CommandError("plans are listed by title: there is nothing to reorder")
            if not reorder(editor, entity, entity_id, steps):
                raise CommandError(f"{name} is already {'first' if steps < 0 else 'last'}: nothing was changed")
            message = f"moved {name} {abs(steps)} place{'s' if abs(steps) != 1 else ''} {'up' if steps < 0 else 'down'}"
    _say(message)
    return 0


def run_delete(args: argparse.Namespace) -> int:
    from storage.structure import remove, withdraw
    from storage.writes import edit

    if args.reason is not None and not args.reason.strip():
        raise CommandError("a withdrawal needs a reason: --reason TEXT (or --mistake for an entry made by mistake)")
    with open_store(args, read_only=False) as store, edit(store, actor=args.actor) as editor:
        entity, entity_id, name = _target(editor.txn, args)
        if args.mistake:
            taken = remove(editor, entity, entity_id)
            with_actions = f" with {taken} action{'s' if taken != 1 else ''}" if entity != "action" else ""
            message = f"removed {name}{with_actions} (entered by mistake; ragtrack restore brings it back)"
        else:
            if entity in ("theme", "plan"):
                raise CommandError(f"a {entity} is not withdrawn: withdraw its actions, or remove it with --mistake")
            done = withdraw(editor, entity, entity_id, args.reason)
            message = f"withdrew {name}" + (f" ({len(done)} open actions)" if entity == "objective" else "")
    _say(message + f": {args.reason.strip()}" if args.reason else message)
    return 0


def run_restore(args: argparse.Namespace) -> int:
    from storage.structure import restore
    from storage.writes import edit

    with open_store(args, read_only=False) as store, edit(store, actor=args.actor) as editor:
        entity, entity_id, name = _target(editor.txn, args, removed=True)
        result = restore(editor, entity, entity_id)
    if result.how == "reopened":
        message = f"reopened {name} (open again)"
    else:
        count = f" with {result.actions} action{'s' if result.actions != 1 else ''}" if entity != "action" else ""
        message = f"restored {name}{count}"
    for old, new in result.renamed:
        message += f"; {old} was taken meanwhile, so it is now {new}"
    _say(message)
    return 0
