"""The plan's structure from the app: A adds (an action, objective, theme or plan, with the next
reference proposed), X withdraws or removes (or reopens a withdrawn action), M moves an action
to another objective, K and J move the highlighted action (or outline entry) up and down, Z
restores a removed entry. Each question is a dialog; each answer is posted up as one
``WriteRequested`` (``storage.structure`` on the write path): one undo step, synced.

What the dialogs need to propose (the next reference, the objectives to move to, what was
removed) is read in a worker first.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from rich.text import Text
from textual import work

from models.text import one_line
from storage.db import ActionRow
from tui.controllers.base import Controller
from tui.messages import WriteRequested

if TYPE_CHECKING:
    from storage.writes import Editor
    from tui.session import Session

READ_ONLY = "Read-only: this database cannot be edited here."
STRUCTURE_ACTIONS = frozenset({"add", "delete", "move", "move_up", "move_down", "restore"})


@dataclass(frozen=True)
class Place:
    """What a structure key applies to: an action (the highlighted row) or an outline entry."""

    kind: str  # "action", "objective", "theme", "plan"
    id: str
    label: str  # "action 4b", "objective 4", "theme Education", "plan Care2Work"
    plan_id: str
    objective_id: str | None = None  # an action's objective (adding after it)
    theme_id: str | None = None
    status: str = "open"


@dataclass(frozen=True)
class AddContext:
    """Read before the add dialog: where each kind of record would go, with its proposed ref."""

    plan_id: str
    plan_title: str
    objective_id: str | None
    objective_ref: str
    action_ref: str | None  # proposed under the objective
    objective_ref_proposed: str
    theme_id: str | None
    after_id: str | None  # add the action right after this one


@dataclass(frozen=True)
class Removed:
    kind: str
    id: str
    label: str


class StructureEditor(Controller):
    """Asks for a structural change of the place it is given and posts it up."""

    def __init__(self, session: Session, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._session = session
        self.created: str | None = None  # the action just added (set by the write worker)

    def take_created(self) -> str | None:
        """The action just added, once: the list highlights it after the edit."""
        created, self.created = self.created, None
        return created

    def check(self, action: str, place: Place | None) -> bool | None:
        if action not in STRUCTURE_ACTIONS:
            return True
        if self._session.read_only:
            return None
        if action in ("delete", "move", "move_up", "move_down") and place is None:
            return None
        if action == "move" and (place is None or place.kind != "action"):
            return None
        return True

    def refusal(self, action: str) -> str | None:
        return READ_ONLY if action in STRUCTURE_ACTIONS and self._session.read_only else None

    def _write(self, description: str, change: Callable[[Editor], Any], action_ids: tuple[str, ...] = ()) -> None:
        self.post_message(WriteRequested(description, change, action_ids, outline_changed=True))

    # --- A: add -----------------------------------------------------------------------------
    def add(self, place: Place | None) -> None:
        if self._session.read_only:
            self.app.notify(READ_ONLY, severity="warning")
            return
        self._read_add_context(place)

    @work(thread=True, exclusive=True, group="structure-read", exit_on_error=False)
    def _read_add_context(self, place: Place | None) -> None:
        from storage.structure import proposed_action_ref, proposed_objective_ref

        with self._session.read() as txn:
            plans = txn.plans.list()
            if place is None:
                context = None
                if len(plans) == 1:
                    plan = plans[0]
                    context = AddContext(
                        plan.id, plan.title, None, "", None, proposed_objective_ref(txn, plan.id), None, None
                    )
            else:
                objective_id = place.objective_id if place.kind == "action" else None
                if place.kind == "objective":
                    objective_id = place.id
                objective = txn.structure.node("objective", objective_id) if objective_id else None
                context = AddContext(
                    place.plan_id,
                    txn.structure.plan_title(place.plan_id),
                    objective_id,
                    objective.ref if objective else "",
                    proposed_action_ref(txn, objective_id) if objective_id else None,
                    proposed_objective_ref(txn, place.plan_id),
                    place.id if place.kind == "theme" else (objective.parent_id if objective else None),
                    place.id if place.kind == "action" else None,
                )
        self.app.call_from_thread(self._ask_what_to_add, context)

    def _ask_what_to_add(self, context: AddContext | None) -> None:
        from tui.screens.choice import ChoiceDialog

        choices = []
        if context is not None:
            plan = one_line(context.plan_title, 40)
            if context.objective_id:
                where = " (after the highlighted one)" if context.after_id else ""
                choices.append(
                    ("action", f"Action {context.action_ref} under objective {context.objective_ref}{where}")
                )
            choices.append(("objective", f"Objective {context.objective_ref_proposed} in {plan}"))
            choices.append(("theme", f"Theme in {plan}"))
        choices.append(("plan", "A new plan"))

        def chosen(kind: str | None) -> None:
            if kind:
                self._ask_details(kind, context)

        self.app.push_screen(ChoiceDialog("Add what?", choices), chosen)

    def _ask_details(self, kind: str, context: AddContext | None) -> None:
        from tui.screens.form import Field
        from tui.screens.structure_dialogs import AddForm

        if kind == "action" and context is not None:
            fields = [
                Field("ref", "Reference (proposed)", context.action_ref or ""),
                Field("text", "Action", "", long=True),
                Field("timescale", "Timescale (e.g. 31/03/2027, end of March)", ""),
            ]
            title = f"New action under objective {context.objective_ref}"
        elif kind == "objective" and context is not None:
            fields = [
                Field("ref", "Reference (proposed)", context.objective_ref_proposed),
                Field("text", "Objective", "", long=True),
            ]
            title = f"New objective in {one_line(context.plan_title, 40)}"
        elif kind == "theme" and context is not None:
            fields = [Field("name", "Theme", "")]
            title = f"New theme in {one_line(context.plan_title, 40)}"
        else:
            fields = [Field("title", "Title", ""), Field("organisation", "Organisation", "")]
            title = "New plan"

        def save(values: dict[str, str] | None) -> None:
            if values is not None:
                self._save_new(kind, context, values)

        self.app.push_screen(AddForm(title, fields, required=_REQUIRED[kind]), save)

    def _save_new(self, kind: str, context: AddContext | None, values: dict[str, str]) -> None:
        from storage import structure

        if kind == "plan" or context is None:
            self._write(
                f"Added plan {one_line(values['title'], 40)}",
                lambda e: structure.add_plan(e, values["title"], organisation=values.get("organisation") or None),
            )
        elif kind == "theme":
            self._write(
                f"Added theme {one_line(values['name'], 40)}",
                lambda e: structure.add_theme(e, context.plan_id, values["name"]),
            )
        elif kind == "objective":
            ref = values.get("ref") or None
            self._write(
                f"Added objective {one_line(ref or context.objective_ref_proposed, 10)}",
                lambda e: structure.add_objective(
                    e, context.plan_id, values["text"], ref=ref, theme_id=context.theme_id
                ),
            )
        else:
            ref = values.get("ref") or None
            timescale = values.get("timescale") or ""
            objective_id = context.objective_id or ""

            def change(e: Editor) -> str:
                new = structure.add_action(
                    e, objective_id, values["text"], ref=ref, after=context.after_id, timescale=timescale
                )
                self.created = new  # highlighted once the list reloads (``take_created``)
                return new

            self._write(f"Added action {one_line(ref or context.action_ref, 10)}", change)

    # --- X: withdraw, remove, reopen --------------------------------------------------------
    def delete(self, place: Place | None) -> None:
        from tui.screens.choice import ChoiceDialog

        if place is None or self._session.read_only:
            return
        choices = []
        if place.kind == "action" and place.status == "withdrawn":
            choices.append(("reopen", f"Reopen {place.label} (withdrawn now)"))
        elif place.kind in ("action", "objective"):
            what = "it" if place.kind == "action" else "its open actions"
            choices.append(("withdraw", f"Withdraw {what}: a reason is needed; stays in the history and reports"))
        choices.append(("remove", f"Remove {place.label}: entered by mistake (Z restores it)"))

        def chosen(how: str | None) -> None:
            if how == "reopen":
                self._reopen(place)
            elif how == "withdraw":
                self._ask_reason(place)
            elif how == "remove":
                self._confirm_remove(place)

        self.app.push_screen(ChoiceDialog(Text(f"{_first_up(place.label)}: withdraw or remove?"), choices), chosen)

    def _reopen(self, place: Place) -> None:
        from storage import structure

        self._write(
            f"Reopened {place.label}",
            lambda e: structure.restore(e, place.kind, place.id),
            (place.id,),
        )

    def _ask_reason(self, place: Place) -> None:
        from tui.screens.ask import AskDialog

        def save(reason: str | None) -> None:
            from storage import structure

            if reason:
                self._write(
                    f"Withdrew {place.label}: {one_line(reason, 40)}",
                    lambda e: structure.withdraw(e, place.kind, place.id, reason),
                    (place.id,) if place.kind == "action" else (),
                )

        self.app.push_screen(AskDialog(f"Withdraw {place.label}", "Why is it withdrawn? A reason is required."), save)

    def _confirm_remove(self, place: Place) -> None:
        from tui.screens.confirm import ConfirmDialog

        under = {
            "objective": " with its actions",
            "theme": " with its objectives and their actions",
            "plan": " with everything in it",
        }.get(place.kind, "")

        def answer(yes: bool | None) -> None:
            from storage import structure

            if yes:
                self._write(f"Removed {place.label}", lambda e: structure.remove(e, place.kind, place.id), (place.id,))

        self.app.push_screen(
            ConfirmDialog(
                Text(f"Remove {place.label}{under}?"),
                Text("Only for an entry made by mistake: u undoes it, and Z restores it later.", style="dim"),
            ),
            answer,
        )

    # --- M: move to another objective -------------------------------------------------------
    def move(self, place: Place | None) -> None:
        if place is None or place.kind != "action" or self._session.read_only:
            return
        self._read_objectives(place)

    @work(thread=True, exclusive=True, group="structure-read", exit_on_error=False)
    def _read_objectives(self, place: Place) -> None:
        with self._session.read() as txn:
            choices = []
            plans = sorted(txn.plans.list(), key=lambda p: p.id != place.plan_id)  # its own plan first
            for plan in plans:
                for objective in txn.structure.objectives(plan.id):
                    if objective.id == place.objective_id:
                        continue
                    label = f"{one_line(objective.ref, 8)}  {one_line(objective.text, 50)}"
                    if plan.id != place.plan_id:  # one line at 80 columns: the plan's title cut short
                        label = (
                            f"{one_line(objective.ref, 8)}  {one_line(objective.text, 28)} · {one_line(plan.title, 20)}"
                        )
                    choices.append((objective.id, label))
        self.app.call_from_thread(self._ask_objective, place, choices)

    def _ask_objective(self, place: Place, choices: list[tuple[str, str]]) -> None:
        from tui.screens.choice import ChoiceDialog

        if not choices:
            self.app.notify("There is no other objective to move it to: add one with A.", severity="warning")
            return

        def chosen(objective_id: str | None) -> None:
            from storage import structure

            if objective_id:
                label = next(label for value, label in choices if value == objective_id).split("  ")[0]
                self._write(
                    f"Moved {place.label} to objective {label}",
                    lambda e: structure.move_action(e, place.id, objective_id),
                    (place.id,),
                )

        self.app.push_screen(ChoiceDialog(f"Move {place.label} to which objective?", choices), chosen)

    # --- K / J: reorder ---------------------------------------------------------------------
    def reorder(self, place: Place | None, steps: int) -> None:
        from storage import structure

        if place is None or place.kind == "plan" or self._session.read_only:
            if place is not None and place.kind == "plan":
                self.app.notify("Plans are listed by title: there is nothing to reorder.")
            return

        def change(e: Editor) -> bool:
            if not structure.reorder(e, place.kind, place.id, steps):
                from storage.errors import EditRefused

                raise EditRefused(f"{_first_up(place.label)} is already {'first' if steps < 0 else 'last'}.")
            return True

        self._write(f"Moved {place.label} {'up' if steps < 0 else 'down'}", change, (place.id,))

    # --- Z: restore -------------------------------------------------------------------------
    def restore(self) -> None:
        if self._session.read_only:
            self.app.notify(READ_ONLY, severity="warning")
            return
        self._read_removed()

    @work(thread=True, exclusive=True, group="structure-read", exit_on_error=False)
    def _read_removed(self) -> None:
        removed: list[Removed] = []
        with self._session.read() as txn:
            for plan_id, title in txn.structure.deleted_plans():
                removed.append(Removed("plan", plan_id, f"plan {one_line(title, 40)}"))
            for plan in txn.plans.list():
                for theme in txn.structure.themes(plan.id, deleted=True):
                    removed.append(Removed("theme", theme.id, f"theme {one_line(theme.ref, 40)}"))
                for objective in txn.structure.objectives(plan.id, deleted=True):
                    removed.append(
                        Removed("objective", objective.id, f"objective {objective.ref}: {one_line(objective.text, 40)}")
                    )
                for action in txn.structure.plan_actions(plan.id, deleted=True):
                    removed.append(Removed("action", action.id, f"action {action.ref}: {one_line(action.text, 40)}"))
        self.app.call_from_thread(self._ask_restore, removed)

    def _ask_restore(self, removed: list[Removed]) -> None:
        from tui.screens.choice import ChoiceDialog

        if not removed:
            self.app.notify("Nothing has been removed.")
            return

        def chosen(key: str | None) -> None:
            from storage import structure

            item = next((r for r in removed if f"{r.kind}:{r.id}" == key), None)
            if item is not None:
                self._write(
                    f"Restored {item.label.split(':')[0]}",
                    lambda e: structure.restore(e, item.kind, item.id),
                    (item.id,) if item.kind == "action" else (),
                )

        self.app.push_screen(
            ChoiceDialog("Restore which removed entry?", [(f"{r.kind}:{r.id}", r.label) for r in removed]), chosen
        )


_REQUIRED = {"action": ("text",), "objective": ("text",), "theme": ("name",), "plan": ("title",)}


def _first_up(text: str) -> str:
    """ "action M" -> "Action M" (``str.capitalize`` would lower the rest: "Action m")."""
    return text[:1].upper() + text[1:]


def place_of_row(row: ActionRow) -> Place:
    return Place(
        "action",
        row.id,
        f"action {one_line(row.ref, 10)}",
        row.plan_id,
        objective_id=row.objective_id,
        status=row.status,
    )
