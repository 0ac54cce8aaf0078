"""The outline: all plans > plan > theme > objective. Selecting a node scopes the action list.

The tree reads the outline itself, in a worker (``load``: after the first screen is shown, and
after an edit of the outline), and posts it up as ``Loaded`` for the rest of the screen (chip
labels, the palette's "jump to objective", the plans a review may be of).
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
from storage.db import OutlinePlan
from tui.messages import PartMessage
from tui.screens.base import forward_worker_error

if TYPE_CHECKING:
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
        """Plans > themes > objectives, as the tree now shows them."""

        outline: list[OutlinePlan]

    @dataclass
    class _Read(Message, bubble=False):
        outline: list[OutlinePlan]

    def __init__(self, session: Session, *, id: str | None = None) -> None:
        super().__init__(Text("All plans"), data=ALL, id=id)
        self._session = session
        self.auto_expand = False
        self._plans: dict[str, OutlinePlan] = {}
        self.show_root = True
        self.guide_depth = 2

    @work(thread=True, exclusive=True, group="outline", exit_on_error=False)
    def load(self) -> None:
        """Read the outline (plans, themes, objectives) and show it."""
        with self._session.read() as txn:
            self.post_message(self._Read(txn.plans.outline()))

    @on(_Read)
    def _read(self, message: _Read) -> None:
        self.show_outline(message.outline)
        self.post_message(self.Loaded(self, message.outline))

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
        """Add the children of a plan (its themes, then objectives with no theme) or a theme."""
        data = node.data
        if data is None or node.children or data.kind not in ("plan", "theme"):
            return
        plan = self._plans.get(data.plan_id)
        if plan is None:
            return
        if data.kind == "plan":
            for theme in plan.themes:
                node.add(
                    Text(one_line(theme.name, 40), style="italic"),
                    data=OutlineNode("theme", theme.id, plan.id, theme.name),
                    allow_expand=True,
                )
        wanted = data.id if data.kind == "theme" else None
        for objective in plan.objectives:
            if objective.theme_id == wanted or (wanted is None and objective.theme_id not in self._theme_ids(plan)):
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
