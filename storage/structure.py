"""Changing a plan's structure: adding a plan, theme, objective or action (with the next reference
proposed), moving an action to another objective or plan, reordering, withdrawing, removing a
mistaken entry, and restoring.

Each function makes its changes on an ``Editor`` (``storage.writes``): the caller's ``with
edit(...)`` block is one user action, so each is one undo step, synced like any edit and seen by
"changes since the last review".

    with edit(store, actor="Jackie Roper") as editor:
        action_id = add_action(editor, objective_id, "Book the venue")
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from models.refs import first_child_ref, next_ref, ref_key
from models.timescale import parse_timescale
from storage.db import ReadTxn
from storage.db.structure import Node
from storage.errors import EditRefused, NotFound
from storage.writes import Editor

WITHDRAWN = "withdrawn"


# --- references -------------------------------------------------------------------------------
def proposed_action_ref(txn: ReadTxn, objective_id: str) -> str:
    """The reference to propose for a new action under an objective: the one after its last
    action's ("4c" after "4b"), or the objective's first ("4a"), never one the plan already uses."""
    objective = _objective(txn, objective_id)
    siblings = [n.ref for n in txn.structure.actions(objective_id)]
    taken = [n.ref for n in txn.structure.plan_actions(objective.plan_id)]
    return _free(next_ref(siblings, first_child_ref(objective.ref)), taken)


def proposed_objective_ref(txn: ReadTxn, plan_id: str) -> str:
    """The reference to propose for a new objective: the one after the plan's last ("M" after
    "L", "10" after "9"), or "1"."""
    objectives = txn.structure.objectives(plan_id)
    taken = objectives + txn.structure.objectives(plan_id, deleted=True)
    return _free(next_ref([n.ref for n in objectives], "1"), [n.ref for n in taken])


def _free(candidate: str, taken: Sequence[str]) -> str:
    return next_ref([*taken, candidate], candidate) if ref_key(candidate) in {ref_key(t) for t in taken} else candidate


def _check_action_ref(txn: ReadTxn, plan_id: str, ref: str, except_id: str | None = None) -> str:
    ref = ref.strip()
    if not ref:
        raise EditRefused("an action needs a reference (e.g. 4c)")
    if any(ref_key(n.ref) == ref_key(ref) and n.id != except_id for n in txn.structure.plan_actions(plan_id)):
        raise EditRefused(f"the plan already has an action {ref}: choose another reference")
    return ref


def _check_text(text: str, what: str) -> str:
    if not (text or "").strip():
        raise EditRefused(f"{what} cannot be empty")
    return text.strip()


# --- adding -----------------------------------------------------------------------------------
def add_plan(editor: Editor, title: str, **details: Any) -> str:
    """A new, empty plan. Its title must differ from every other plan's (``--plan`` finds plans
    by title)."""
    title = _check_text(title, "a plan's title")
    if any(p.title.strip().lower() == title.lower() for p in editor.txn.plans.list()):
        raise EditRefused(f"there is already a plan called {title!r}")
    return editor.create("plan", title=title, **{k: v for k, v in details.items() if v not in (None, "")})


def add_theme(editor: Editor, plan_id: str, name: str) -> str:
    """A new theme at the end of the plan's themes."""
    _live_plan(editor.txn, plan_id)
    name = _check_text(name, "a theme's name")
    themes = editor.txn.structure.themes(plan_id)
    if any(t.ref.strip().lower() == name.lower() for t in themes):
        raise EditRefused(f"the plan already has a theme {name!r}")
    return editor.create("theme", plan_id=plan_id, name=name, position=_after_last(themes))


def add_objective(editor: Editor, plan_id: str, text: str, ref: str | None = None, theme_id: str | None = None) -> str:
    """A new objective, after the last one of its theme (or of the plan); the reference proposed
    when none is given."""
    _live_plan(editor.txn, plan_id)
    text = _check_text(text, "an objective's text")
    objectives = editor.txn.structure.objectives(plan_id)
    ref = (ref or "").strip() or proposed_objective_ref(editor.txn, plan_id)
    if any(ref_key(o.ref) == ref_key(ref) for o in objectives):
        raise EditRefused(f"the plan already has an objective {ref}: choose another reference")
    if theme_id is not None:
        theme = editor.txn.structure.node("theme", theme_id)
        if theme is None or theme.deleted or theme.plan_id != plan_id:
            raise NotFound("no such theme in this plan")
        in_theme = [o for o in objectives if o.parent_id == theme_id]
        if in_theme:  # right after the theme's last objective, the ones after it moved down
            return _insert(
                editor, "objective", objectives, in_theme[-1].id, plan_id=plan_id, theme_id=theme_id, ref=ref, text=text
            )
    return editor.create(
        "objective", plan_id=plan_id, theme_id=theme_id, ref=ref, text=text, position=_after_last(objectives)
    )


def add_action(
    editor: Editor,
    objective_id: str,
    text: str,
    ref: str | None = None,
    *,
    after: str | None = None,
    **values: Any,
) -> str:
    """A new action under an objective, open and not rated: at the end of the objective, or just
    after action ``after``. The reference proposed when none is given."""
    objective = _objective(editor.txn, objective_id)
    text = _check_text(text, "an action's text")
    timescale = str(values.get("timescale") or "")
    if timescale.strip() and not parse_timescale(timescale, reference=editor.today).understood:
        raise EditRefused(f"cannot read {timescale!r} as a date or timescale (e.g. 31/03/2027, end of March)")
    ref = _check_action_ref(editor.txn, objective.plan_id, ref or proposed_action_ref(editor.txn, objective_id))
    siblings = editor.txn.structure.actions(objective_id)
    fields = {"plan_id": objective.plan_id, "objective_id": objective_id, "ref": ref, "text": text, **values}
    if after is not None:
        if after not in {s.id for s in siblings}:
            raise EditRefused("a new action goes after an action of the same objective")
        return _insert(editor, "action", siblings, after, **fields)
    return editor.create("action", position=_after_last(siblings), **fields)


def _after_last(nodes: Sequence[Node]) -> int:
    return max((n.position for n in nodes), default=-1) + 1


def _insert(editor: Editor, entity: str, ordered: Sequence[Node], after_id: str, **fields: Any) -> str:
    """Create a record right after ``after_id`` among ``ordered`` (its siblings in order),
    renumbering the ones after it."""
    index = next(i for i, n in enumerate(ordered) if n.id == after_id)
    new_id = editor.create(entity, position=ordered[index].position + 1, **fields)
    _renumber(editor, entity, [*[n.id for n in ordered[: index + 1]], new_id, *[n.id for n in ordered[index + 1 :]]])
    return new_id


def _renumber(editor: Editor, entity: str, ids: Sequence[str]) -> None:
    """Give ``ids`` the positions 0, 1, 2... in that order (only those that change are logged)."""
    for position, entity_id in enumerate(ids):
        editor.set(entity, entity_id, "position", position)


# --- moving and reordering --------------------------------------------------------------------
@dataclass(frozen=True)
class Moved:
    action_id: str
    old_ref: str
    new_ref: str
    objective_ref: str
    plan_changed: bool


def move_action(editor: Editor, action_id: str, objective_id: str, ref: str | None = None) -> Moved:
    """Move an action to the end of another objective (of this plan or another). Its reference
    follows it when it was numbered after its objective ("4b" under 4 becomes "2c" under 2),
    otherwise it is kept if the plan has no such reference yet; ``ref`` chooses one."""
    action = _action(editor.txn, action_id)
    target = _objective(editor.txn, objective_id)
    if target.id == action.parent_id:
        raise EditRefused(f"action {action.ref} is already under objective {target.ref}")
    source = editor.txn.structure.node("objective", action.parent_id or "")
    if ref is None:
        numbered_after = source is not None and ref_key(action.ref).startswith(ref_key(source.ref))
        taken = {ref_key(n.ref) for n in editor.txn.structure.plan_actions(target.plan_id) if n.id != action_id}
        if numbered_after or ref_key(action.ref) in taken:
            ref = proposed_action_ref(editor.txn, objective_id)
        else:
            ref = action.ref
    ref = _check_action_ref(editor.txn, target.plan_id, ref, except_id=action_id)
    siblings = editor.txn.structure.actions(objective_id)
    if target.plan_id != action.plan_id:
        editor.set("action", action_id, "plan_id", target.plan_id)
    editor.set("action", action_id, "objective_id", objective_id)
    editor.set("action", action_id, "ref", ref)
    editor.set("action", action_id, "position", _after_last(siblings))
    return Moved(action_id, action.ref, ref, target.ref, target.plan_id != action.plan_id)


def reorder(editor: Editor, entity: str, entity_id: str, steps: int) -> bool:
    """Move a theme, objective or action ``steps`` places up (negative) or down among its
    siblings (an action within its objective, an objective or theme within its plan). False when
    it is already first or last."""
    node = editor.txn.structure.node(entity, entity_id) if entity in ("theme", "objective", "action") else None
    if node is None or node.deleted:
        raise NotFound(f"no such {entity}")
    if entity == "action":
        siblings = editor.txn.structure.actions(node.parent_id or "")
    elif entity == "objective":
        siblings = editor.txn.structure.objectives(node.plan_id)
    else:
        siblings = editor.txn.structure.themes(node.plan_id)
    ids = [n.id for n in siblings]
    index = ids.index(entity_id)
    target = max(0, min(len(ids) - 1, index + steps))
    if target == index:
        return False
    ids.insert(target, ids.pop(index))
    _renumber(editor, entity, ids)
    return True


# --- withdrawing, removing, restoring ---------------------------------------------------------
def withdraw(editor: Editor, entity: str, entity_id: str, reason: str) -> list[str]:
    """Withdraw an action (status withdrawn, with the reason: it stays in the plan's history and
    reports), or every open action of an objective. Returns the actions withdrawn."""
    if not (reason or "").strip():
        raise EditRefused("a withdrawal needs a reason")
    if entity == "action":
        action = _action(editor.txn, entity_id)
        status = editor.txn.records.value("action", entity_id, "status")
        if status == WITHDRAWN:
            raise EditRefused(f"action {action.ref} is already withdrawn")
        editor.set_status(entity_id, WITHDRAWN, reason=reason)
        return [entity_id]
    if entity == "objective":
        _objective(editor.txn, entity_id)
        done = []
        for node in editor.txn.structure.actions(entity_id):
            if editor.txn.records.value("action", node.id, "status") == "open":
                editor.set_status(node.id, WITHDRAWN, reason=reason)
                done.append(node.id)
        if not done:
            raise EditRefused("the objective has no open actions to withdraw")
        return done
    raise EditRefused(f"a {entity} is not withdrawn: remove it (a mistaken entry) instead")


MISTAKE = "entered by mistake"


def remove(editor: Editor, entity: str, entity_id: str) -> int:
    """Remove a mistaken entry: the record is deleted (a tombstone), with what hangs under it (an
    objective's actions; a theme's objectives and their actions). A plan is removed whole.
    Returns the number of actions that went with it. ``restore`` brings all of it back."""
    before = editor.txn.records.live_action_count()
    if entity == "theme":
        theme = editor.txn.structure.node("theme", entity_id)
        if theme is None or theme.deleted:
            raise NotFound("no such theme")
        for objective in editor.txn.structure.objectives(theme.plan_id):
            if objective.parent_id == entity_id:
                editor.delete("objective", objective.id, MISTAKE)
    elif entity == "plan":
        _live_plan(editor.txn, entity_id)
    editor.delete(entity, entity_id, MISTAKE)
    return before - editor.txn.records.live_action_count()


@dataclass(frozen=True)
class Restored:
    entity: str
    entity_id: str
    how: str  # "reopened" (was withdrawn) or "restored" (was removed)
    actions: int  # actions back in the plan
    renamed: tuple[tuple[str, str], ...] = ()  # (old ref, new ref): taken meanwhile


def restore(editor: Editor, entity: str, entity_id: str) -> Restored:
    """Undo a withdrawal (the action reopened) or a removal (the record back, with everything
    removed with it), as a new change: a restore syncs, and is itself undone with undo."""
    if entity == "action":
        node = editor.txn.structure.node("action", entity_id)
        if node is None:
            raise NotFound("no such action")
        if not node.deleted:
            if editor.txn.records.value("action", entity_id, "status") != WITHDRAWN:
                raise EditRefused(f"action {node.ref} is neither withdrawn nor removed")
            editor.set_status(entity_id, "open", reason="restored")
            return Restored(entity, entity_id, "reopened", 0)
    deleted = editor.txn.records.deleted(entity, entity_id)
    if deleted is None:
        raise NotFound(f"no such {entity}")
    if not deleted:
        raise EditRefused(f"that {entity} is not removed")
    before = editor.txn.records.live_action_count()
    renamed: list[tuple[str, str]] = []
    if entity != "plan":
        node = editor.txn.structure.node(entity, entity_id)
        assert node is not None
        if editor.txn.structure.plan_deleted(node.plan_id):
            raise EditRefused("its plan is removed: restore the plan first")
        parent = editor.txn.structure.node("objective", node.parent_id or "") if entity == "action" else None
        if parent is not None and parent.deleted:
            raise EditRefused(f"its objective {parent.ref} is removed: restore the objective first")
    deleting = editor.txn.structure.deleting_txn(entity, entity_id)
    editor.restore(entity, entity_id, reason="restored")
    restored_actions = [entity_id] if entity == "action" else []
    if deleting is not None:  # what came down with it
        for kind in ("objective", "action"):
            for child in editor.txn.structure.deleted_in(deleting, kind):
                if editor.txn.records.deleted(kind, child):
                    editor.restore(kind, child, reason="restored")
                    if kind == "action":
                        restored_actions.append(child)
    for action_id in restored_actions:
        renamed += _fix_clashing_ref(editor, action_id)
    return Restored(entity, entity_id, "restored", editor.txn.records.live_action_count() - before, tuple(renamed))


def _fix_clashing_ref(editor: Editor, action_id: str) -> list[tuple[str, str]]:
    """A restored action whose reference another action took meanwhile gets the next free one."""
    node = _action(editor.txn, action_id)
    others = [n for n in editor.txn.structure.plan_actions(node.plan_id) if n.id != action_id]
    if not any(ref_key(n.ref) == ref_key(node.ref) for n in others):
        return []
    new = proposed_action_ref(editor.txn, node.parent_id or "")
    editor.set("action", action_id, "ref", new)
    return [(node.ref, new)]


# --- lookups ----------------------------------------------------------------------------------
def _live_plan(txn: ReadTxn, plan_id: str) -> None:
    if txn.structure.plan_deleted(plan_id) is not False:
        raise NotFound("no such plan")


def _objective(txn: ReadTxn, objective_id: str) -> Node:
    node = txn.structure.node("objective", objective_id)
    if node is None or node.deleted:
        raise NotFound("no such objective")
    return node


def _action(txn: ReadTxn, action_id: str) -> Node:
    node = txn.structure.node("action", action_id)
    if node is None or node.deleted:
        raise NotFound("no such action")
    return node


def find_objective(txn: ReadTxn, plan_id: str, ref: str, deleted: bool = False) -> Node:
    """An objective of the plan by its reference ("4", "L")."""
    for node in txn.structure.objectives(plan_id, deleted=deleted):
        if ref_key(node.ref) == ref_key(ref):
            return node
    raise NotFound(f"no {'removed ' if deleted else ''}objective {ref!r} in this plan")


def find_theme(txn: ReadTxn, plan_id: str, name: str, deleted: bool = False) -> Node:
    """A theme of the plan by its name (or the start of it, if only one theme starts so)."""
    themes = txn.structure.themes(plan_id, deleted=deleted)
    key = name.strip().lower()
    exact = [t for t in themes if t.ref.strip().lower() == key]
    found = exact or [t for t in themes if t.ref.strip().lower().startswith(key)]
    if len(found) != 1:
        raise NotFound(
            f"no {'removed ' if deleted else ''}theme {name!r} in this plan"
            if not found
            else f"{name!r} starts several themes' names: give more of it"
        )
    return found[0]


def find_removed_action(txn: ReadTxn, plan_id: str, ref: str) -> Node:
    """A removed action of the plan by its reference (the latest removed, if several)."""
    found = [n for n in txn.structure.plan_actions(plan_id, deleted=True) if ref_key(n.ref) == ref_key(ref)]
    if not found:
        raise NotFound(f"no removed action {ref!r} in this plan")
    return found[-1]
