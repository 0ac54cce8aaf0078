"""The main screen's keys that hand over to one of its parts, with what each part needs to know
of the screen: the plan's structure (A X M K J Z, and what they apply to: ``place``), the
reviews (R D T H, and the plans they are about) and the command palette's "jump to". Mixed into
``MainScreen``, which has the parts, the outline, the list and the scope; the keys' bindings and
checks stay with the parts (``STRUCTURE_ACTIONS``, ``REVIEW_BINDINGS``) and the screen's
``check_action``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from models.text import one_line
from storage.db import ActionFilter
from tui.controllers.reviews import NO_REVIEW
from tui.controllers.structure import Place, place_of_row
from tui.screens.scope_chips import scope_for_node
from tui.widgets.plan_tree import OutlineNode

if TYPE_CHECKING:
    from tui.screens.main import MainScreen


class StructureKeys:
    """A X M K J Z: add, withdraw or remove, move, reorder and restore (``StructureEditor``)."""

    def place(self: MainScreen) -> Place | None:
        """What A, X, K and J apply to: the outline's highlighted entry while the outline has the
        focus, else the highlighted action."""
        if self.outline_tree.has_focus:
            node = self.outline_tree.highlighted
            if node is None or node.kind == "all":
                return None
            label = {"plan": "plan", "theme": "theme", "objective": "objective"}[node.kind]
            return Place(node.kind, node.id, f"{label} {one_line(node.label, 30)}", node.plan_id)
        row = self.current_row()
        return place_of_row(row) if row is not None else None

    def action_add(self: MainScreen) -> None:
        self.structure.add(self.place())

    def action_delete(self: MainScreen) -> None:
        self.structure.delete(self.place())

    def action_move(self: MainScreen) -> None:
        self.structure.move(self.place())

    def action_move_up(self: MainScreen) -> None:
        self.structure.reorder(self.place(), -1)

    def action_move_down(self: MainScreen) -> None:
        self.structure.reorder(self.place(), 1)

    def action_restore(self: MainScreen) -> None:
        self.structure.restore()


class ReviewKeys:
    """R D T H: record a review, only what changed since it, the RAG trend, chase (``ReviewController``)."""

    def action_start_review(self: MainScreen) -> None:
        # The plan in scope, or the highlighted action's, is offered first.
        row = self.current_row()
        first = self.scope.plan_ids[0] if len(self.scope.plan_ids) == 1 else (row.plan_id if row else None)
        self.reviews.start_review(self.outline, first)

    def action_changed_only(self: MainScreen) -> None:
        changed = self.reviews.changed_ids
        if changed is None:
            self.app.notify(NO_REVIEW, severity="warning")
            return
        self.set_scope(self.scope.with_(only_ids=None if self.scope.only_ids is not None else changed))
        self.action_list.focus()

    def action_rag_trend(self: MainScreen) -> None:
        plans = [(plan.id, plan.title) for plan in self.outline]
        if self.scope.plan_ids:
            plans = [p for p in plans if p[0] in self.scope.plan_ids]
        self.reviews.show_trend(plans)

    def action_chase(self: MainScreen) -> None:
        self.reviews.show_chase(self.scope.plan_ids[0] if len(self.scope.plan_ids) == 1 else None)


class PaletteJumps:
    """The command palette's "jump to" (tui/commands_palette.py): an officer, an objective, an action."""

    def filter_officer(self: MainScreen, officer_id: str) -> None:
        """Only the actions this officer leads (from "jump to officer")."""
        self.set_scope(self.scope.with_(officer_ids=(officer_id,)))
        self.action_list.focus()

    def scope_to_objective(self: MainScreen, objective_id: str) -> None:
        self.set_scope(scope_for_node(self.scope, OutlineNode("objective", objective_id)))
        self.action_list.focus()

    def jump_to_action(self: MainScreen, action_id: str) -> None:
        """Highlight an action, widening the scope to everything if the filters hide it."""
        if action_id in self.action_list.ids:
            self.action_list.move_to(self.action_list.ids.index(action_id))
        else:
            self.set_scope(ActionFilter(), keep=action_id)
        self.action_list.focus()
