"""The plan dashboard: RAG counts, overdue, no update and re-dated, per theme and objective
(``txn.actions.dashboard``). Apart from ``storage.db.actions`` so ``ragtrack list`` does not load it."""

from __future__ import annotations

from datetime import date
from typing import Any, NamedTuple

from models.timescale import days_from
from storage.db.action_rows import NOT_RATED, OBJECTIVE_ORDER, OVERDUE, no_update_since
from storage.db.core import Txn

#: Re-dated: the action's timescale was changed at least this many times (the change log knows).
REDATED_TIMES = 2
_REDATED = (
    "((SELECT count(*) FROM change c WHERE c.entity = 'action' AND c.entity_id = a.id"
    f" AND c.field = 'timescale') >= {REDATED_TIMES})"
)


class DashboardLine(NamedTuple):
    """One line of the plan dashboard: a theme (its objectives' totals) or an objective."""

    kind: str  # "theme" or "objective"
    id: str  # the theme's or objective's id ("" for the objectives under no theme)
    label: str
    rags: dict[str, int]  # red, amber, green, blue, NOT_RATED
    total: int
    overdue: int
    stale: int
    redated: int


def dashboard_lines(txn: Txn, plan_id: str, today: date, stale_days: int) -> list[DashboardLine]:
    """RAG counts, overdue, no update for ``stale_days`` and re-dated twice or more, per theme
    and objective of a plan (live actions), in plan order: each theme, then its objectives."""
    stale_clause, stale_params = no_update_since(days_from(today, -stale_days))
    rows = txn.rows(
        "SELECT o.id AS objective_id, o.ref AS ref, o.text AS text, o.theme_id AS theme_id, t.name AS theme,"
        " coalesce(a.rag, 'none') AS rag, count(a.id) AS n, coalesce(sum(" + OVERDUE + "), 0) AS overdue,"
        f" coalesce(sum({stale_clause}), 0) AS stale, coalesce(sum({_REDATED}), 0) AS redated"
        " FROM objective o JOIN plan p ON p.id = o.plan_id LEFT JOIN theme t ON t.id = o.theme_id"
        " LEFT JOIN action a ON a.objective_id = o.id AND a.deleted = 0"
        " WHERE o.plan_id = ? AND o.deleted = 0 AND p.deleted = 0"
        " GROUP BY o.id, coalesce(a.rag, 'none') ORDER BY " + OBJECTIVE_ORDER,
        [today.isoformat(), *stale_params, plan_id],
    )
    objectives: dict[str, dict[str, Any]] = {}
    themes: dict[str, dict[str, Any]] = {}
    order: list[tuple[str, str]] = []  # (theme key, objective id) in plan order

    def blank(label: str) -> dict[str, Any]:
        return {
            "label": label,
            "rags": dict.fromkeys(("red", "amber", "green", "blue", NOT_RATED), 0),
            "total": 0,
            "overdue": 0,
            "stale": 0,
            "redated": 0,
        }

    for r in rows:
        theme_key = r["theme_id"] or ""
        if theme_key not in themes:
            themes[theme_key] = blank(r["theme"] or "(no theme)")
        if r["objective_id"] not in objectives:
            text = (r["text"] or "").strip().split("\n", 1)[0]
            objectives[r["objective_id"]] = blank(" ".join(p for p in (r["ref"] or "", text) if p) or "Objective")
            order.append((theme_key, r["objective_id"]))
        if not r["n"]:
            continue
        for target in (objectives[r["objective_id"]], themes[theme_key]):
            target["rags"][r["rag"] if r["rag"] in target["rags"] else NOT_RATED] += r["n"]
            for key in ("overdue", "stale", "redated"):
                target[key] += r[key]
            target["total"] += r["n"]
    lines: list[DashboardLine] = []
    for theme_key, theme in themes.items():
        lines.append(DashboardLine("theme", theme_key, **theme))
        lines += [
            DashboardLine("objective", objective_id, **objectives[objective_id])
            for key, objective_id in order
            if key == theme_key
        ]
    return lines


def redated_ids(txn: Txn, plan_id: str) -> frozenset[str]:
    """The live actions of a plan re-dated ``REDATED_TIMES`` times or more (the drill-down)."""
    return frozenset(
        txn.column(f"SELECT a.id FROM action a WHERE a.plan_id = ? AND a.deleted = 0 AND {_REDATED}", [plan_id])
    )
