"""v: how the list is sorted and grouped (``storage.db.ListOrder``), one choice at a time."""

from __future__ import annotations

from rich.text import Text

from storage.db import ListOrder
from storage.db.actions import GROUPS, SORTS
from tui.screens.choice import ChoiceDialog


def order_choices(order: ListOrder) -> list[tuple[str, str]]:
    """(value, label) for the dialog: "sort:due", "group:rag", "group:" (no groups); the current
    ones say so in words ("✓ now"), not only by where the cursor starts."""

    def now(flag: bool) -> str:
        return "  ✓ now" if flag else ""

    choices = [(f"sort:{key}", f"Sort by {label}{now(order.sort == key)}") for key, (label, _) in SORTS.items()]
    choices += [(f"group:{key}", f"Group by {label}{now(order.group == key)}") for key, (label, _, _) in GROUPS.items()]
    choices.append(("group:", f"No groups{now(order.group is None)}"))
    return choices


def apply_choice(order: ListOrder, value: str) -> ListOrder:
    kind, _, key = value.partition(":")
    if kind == "sort":
        return ListOrder(key, order.group)
    return ListOrder(order.sort, key or None)


def order_dialog(order: ListOrder) -> ChoiceDialog:
    title = Text("Sort and group the list (now ")
    title.append(order.label, style="bold")
    title.append(")")
    return ChoiceDialog(title, order_choices(order))
