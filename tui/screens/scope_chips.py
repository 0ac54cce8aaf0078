"""The chips of a scope, the scope without one of them, and the scope an outline entry selects.
Pure functions (tested directly)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from models.text import one_line
from models.timescale import format_due
from storage.db import NOT_RATED, ActionFilter
from tui.rag_style import RAG_LABEL, rag_symbol
from tui.widgets.filter_bar import ChipSpec

if TYPE_CHECKING:
    from storage.db import OutlinePlan
    from tui.widgets.plan_tree import OutlineNode


def place_names(outline: list[OutlinePlan]) -> dict[str, str]:
    """Chip labels of every plan and theme (computed once per outline). Objectives are named
    when a scope names them (``PlanTree.name_objectives``): there may be 100,000."""
    names: dict[str, str] = {}
    for plan in outline:
        names[plan.id] = f"Plan: {plan.title}"
        for theme in plan.themes:
            names[theme.id] = f"Theme: {theme.name}"
    return names


def chips_for(
    scope: ActionFilter,
    places: dict[str, str],
    officer_names: dict[str, str],
    me_id: str | None,
) -> list[ChipSpec]:
    """One chip per active part of the filter (the search shows in its own box); ``places``
    from ``place_names``."""
    chips: list[ChipSpec] = []
    for kind, ids in (("plan", scope.plan_ids), ("theme", scope.theme_ids), ("objective", scope.objective_ids)):
        for place_id in ids:
            chips.append(ChipSpec(f"{kind}:{place_id}", one_line(places.get(place_id, kind.capitalize()), 40)))
    for rag in ("red", "amber", "green", "blue", NOT_RATED):
        if rag in scope.rags:
            key = None if rag == NOT_RATED else rag
            chips.append(ChipSpec(f"rag:{rag}", f"{rag_symbol(key)} {RAG_LABEL[key]}"))
    for officer_id in scope.officer_ids:
        label = "My actions" if officer_id == me_id else f"Lead: {officer_names.get(officer_id, '…')}"
        chips.append(ChipSpec(f"officer:{officer_id}", label))
    for status in sorted(scope.statuses):
        chips.append(ChipSpec(f"status:{status}", f"Status: {status}"))
    if scope.overdue:
        chips.append(ChipSpec("overdue", "! Overdue"))
    if scope.stale_days is not None:
        chips.append(ChipSpec("stale", f"No update {scope.stale_days}+ days"))
    if scope.updated_before is not None:
        chips.append(ChipSpec("review", f"No update since {format_due(scope.updated_before)}"))
    if scope.only_ids is not None:
        chips.append(ChipSpec("changed", "Δ Changed since the last review"))
    return chips


def without(scope: ActionFilter, key: str) -> ActionFilter:
    """``scope`` with the filter a chip stands for removed."""
    kind, _, value = key.partition(":")
    if kind in ("plan", "theme", "objective"):
        field = f"{kind}_ids"
        return scope.with_(**{field: tuple(i for i in getattr(scope, field) if i != value)})
    if kind == "rag":
        return scope.with_(rags=scope.rags - {value})
    if kind == "officer":
        return scope.with_(officer_ids=tuple(i for i in scope.officer_ids if i != value))
    if kind == "status":
        return scope.with_(statuses=scope.statuses - {value})
    if kind == "overdue":
        return scope.with_(overdue=False)
    if kind == "stale":
        return scope.with_(stale_days=None)
    if kind == "review":
        return scope.with_(updated_before=None)
    if kind == "changed":
        return scope.with_(only_ids=None)
    if kind == "search":
        return scope.with_(search="")
    return scope


def scope_for_node(scope: ActionFilter, node: OutlineNode) -> ActionFilter:
    """The scope after choosing an outline node: other filters stay, the place changes."""
    place = {"plan_ids": (), "theme_ids": (), "objective_ids": ()}
    if node.kind != "all":
        place[f"{node.kind}_ids"] = (node.id,)
    return scope.with_(**place)
