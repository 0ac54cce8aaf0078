"""The outline: all plans > plan > theme > objective. Selecting a node scopes the action list.

The tree reads the outline itself, in workers: the plans and their themes (``load``: after the
first screen is shown, and after an edit of the outline), posted up as ``Loaded`` for the rest
of the screen (chip labels, the plans a review may be of); a plan's objectives when it is opened.
A million actions have 100,000 objectives: read all at once they were 40 MB held all session
(issue 15). The chips name objectives the tree has not read with ``name_objectives``.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, ClassVar

from rich.text import Text
from textual import on, work
from textual.binding import Binding, BindingType
from textual.message import Message
from textual.widgets import Tree
from textual.widgets.tree import TreeNode
from textual.worker import Worker

from models.text import one_line
from tui.messages import PartMessage
from tui.screens.base import forward_worker_error

if TYPE_CHECKING:
    from storage.db import OutlineObjective, OutlinePlan
    from tui.session import Session


@dataclass(frozen=True)
class OutlineNode:
    """What a tree node stands for: ``kind`` is "all", "plan", "theme" or "objective"."""

    kind: str
    id: str = ""
    plan_id: str = ""
    label: str = ""


ALL = OutlineNode("all", label="All plans")


class PlanTree(Tree[OutlineNode]):
    """Plans, their themes and objectives; Enter scopes the list to the highlighted node."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter", "select_cursor", "Show these actions", id="tree.select"),
        Binding("e", "screen.edit_outline", "Edit plan / theme / objective", id="tree.edit"),
        Binding("space", "toggle_node", "Open / close", show=False, id="tree.toggle"),
        Binding("j,down", "cursor_down", "Down", show=False, id="tree.down"),
        Binding("k,up", "cursor_up", "Up", show=False, id="tree.up"),
    ]

    @dataclass
    class ScopeChosen(Message):
        node: OutlineNode

    @dataclass
    class Loaded(PartMessage):
        """Plans and their themes, as the tree now shows them."""

        outline: list[OutlinePlan]

    @dataclass
    class Named(PartMessage):
        """Chip labels ("Objective 3") of the objectives ``name_objectives`` was asked about."""

        names: dict[str, str]

    @dataclass
    class _Read(Message, bubble=False):
        generation: int
        outline: list[OutlinePlan]
        objectives: dict[str, tuple[OutlineObjective, ...]]  # of the plans open when it was read

    @dataclass
    class _ObjectivesRead(Message, bubble=False):
        generation: int
        plan_id: str
        objectives: tuple[OutlineObjective, ...]

    @dataclass
    class _NamesRead(Message, bubble=False):
        names: dict[str, str]

    def __init__(self, session: Session, *, id: str | None = None) -> None:
        super().__init__(Text("All plans"), data=ALL, id=id)
        self._session = session
        self.auto_expand = False
        self._plans: dict[str, OutlinePlan] = {}
        self._objectives: dict[str, tuple[OutlineObjective, ...]] = {}  # of the plans opened
        self._generation = 0  # the latest outline read: objectives read before it are moot
        self.show_root = True
        self.guide_depth = 2

    def load(self) -> None:
        """Read the outline again (plans and themes, and the objectives of the plans open now)."""
        self._generation += 1
        open_plans = [node.data.id for node in self.root.children if node.is_expanded and node.data]
        self._read_outline(self._generation, open_plans)

    @work(thread=True, exclusive=True, group="outline", exit_on_error=False)
    def _read_outline(self, generation: int, open_plans: list[str]) -> None:
        with self._session.read() as txn:
            outline = txn.plans.outline()
            if len(outline) == 1:
                open_plans = [outline[0].id]  # a single plan is shown open
            live = {plan.id for plan in outline}
            objectives = {plan_id: txn.plans.objectives(plan_id) for plan_id in open_plans if plan_id in live}
        self.post_message(self._Read(generation, outline, objectives))

    @on(_Read)
    def _read(self, message: _Read) -> None:
        if message.generation != self._generation:
            return
        self._objectives = message.objectives
        self.show_outline(message.outline)
        self.post_message(self.Loaded(self, message.outline))

    @work(thread=True, group="objectives", exit_on_error=False)
    def _read_objectives(self, generation: int, plan_id: str) -> None:
        with self._session.read() as txn:
            objectives = txn.plans.objectives(plan_id)
        self.post_message(self._ObjectivesRead(generation, plan_id, objectives))

    @on(_ObjectivesRead)
    def _objectives_read(self, message: _ObjectivesRead) -> None:
        if message.generation != self._generation:
            return  # the outline was read again since, with the objectives of the plans open
        self._objectives[message.plan_id] = message.objectives
        node = next((n for n in self.root.children if n.data and n.data.id == message.plan_id), None)
        if node is not None and node.is_expanded:
            self._fill(node)

    def name_objectives(self, objective_ids: list[str]) -> None:
        """Read the chip labels of these objectives and post them as ``Named``."""
        self._read_names(objective_ids)

    @work(thread=True, group="objective-names", exit_on_error=False)
    def _read_names(self, objective_ids: list[str]) -> None:
        with self._session.read() as txn:
            refs = txn.plans.objective_refs(objective_ids)
        # Every id asked about gets a label (the chip's own for one that is gone): none is asked again.
        self.post_message(
            self._NamesRead({i: f"Objective {refs[i]}" if i in refs else "Objective" for i in objective_ids})
        )

    @on(_NamesRead)
    def _names_read(self, message: _NamesRead) -> None:
        self.post_message(self.Named(self, message.names))

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        forward_worker_error(self, event)

    def show_outline(self, outline: list[OutlinePlan]) -> None:
        """Rebuild the plan nodes, keeping open nodes open and the cursor on the same thing.

        Themes and objectives are added when their plan or theme is opened: a plan of 100,000
        actions may have 10,000 objectives, too many nodes to build on the UI thread at once.
        """
        current = self.cursor_node.data if self.cursor_node is not None else None
        open_ids = {n.data.id for n in self._all_nodes() if n.is_expanded and n.data}
        self._plans = {plan.id: plan for plan in outline}
        self.clear()
        self.root.expand()
        for plan in outline:
            label = Text(one_line(plan.title, 60))
            label.append(f"  {plan.actions}", style="dim")
            node = self.root.add(label, data=OutlineNode("plan", plan.id, plan.id, plan.title), allow_expand=True)
            if plan.id in open_ids or len(outline) == 1:
                self._fill(node)
                node.expand()
                for child in node.children:
                    if child.data and child.data.id in open_ids:
                        self._fill(child)
                        child.expand()
        if current is not None:
            for node in self._all_nodes():
                if node.data == current:
                    self.move_cursor(node)
                    break

    def _fill(self, node: TreeNode[OutlineNode]) -> None:
        """Add the children of a plan (its themes, then objectives with no theme) or a theme; a
        plan whose objectives are not read yet is read first (and filled when they arrive)."""
        data = node.data
        if data is None or node.children or data.kind not in ("plan", "theme"):
            return
        plan = self._plans.get(data.plan_id)
        if plan is None:
            return
        objectives = self._objectives.get(plan.id)
        if objectives is None:
            self._read_objectives(self._generation, plan.id)
            return
        if data.kind == "plan":
            for theme in plan.themes:
                node.add(
                    Text(one_line(theme.name, 40), style="italic"),
                    data=OutlineNode("theme", theme.id, plan.id, theme.name),
                    allow_expand=True,
                )
        wanted = data.id if data.kind == "theme" else None
        theme_ids = self._theme_ids(plan)
        for objective in objectives:
            if objective.theme_id == wanted or (wanted is None and objective.theme_id not in theme_ids):
                label = Text(one_line(objective.ref, 8), style="bold")
                label.append(" " + one_line(objective.text, 50))
                label.append(f"  {objective.actions}", style="dim")
                node.add_leaf(
                    label, data=OutlineNode("objective", objective.id, plan.id, f"{objective.ref} {objective.text}")
                )

    @staticmethod
    def _theme_ids(plan: OutlinePlan) -> set[str]:
        return {theme.id for theme in plan.themes}

    def on_tree_node_expanded(self, event: Tree.NodeExpanded[OutlineNode]) -> None:
        event.stop()
        self._fill(event.node)

    def _all_nodes(self) -> list[TreeNode[OutlineNode]]:
        found, stack = [], [self.root]
        while stack:
            node = stack.pop()
            found.append(node)
            stack.extend(node.children)
        return found

    def on_tree_node_selected(self, event: Tree.NodeSelected[OutlineNode]) -> None:
        event.stop()
        if event.node.data is not None:
            self.post_message(self.ScopeChosen(event.node.data))

    @property
    def highlighted(self) -> OutlineNode | None:
        return self.cursor_node.data if self.cursor_node is not None else None
