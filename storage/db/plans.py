"""Plans and their outline (plans > themes > objectives), and the details of each that the app
edits."""

from __future__ import annotations

import builtins
import json
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from storage.db.action_rows import OBJECTIVE_ORDER, PLAN_ORDER
from storage.db.core import Txn, marks, to_date
from storage.errors import Ambiguous, NotFound


@dataclass(frozen=True)
class PlanRow:
    id: str
    title: str
    organisation: str | None
    overseeing_body: str | None
    as_at: date | None
    rag_definitions: dict[str, str] = field(default_factory=dict)
    source_key: str | None = None


@dataclass(frozen=True)
class PlanFacts:
    """What a committee report says about its plan besides the actions."""

    id: str
    title: str
    organisation: str | None
    overseeing_body: str | None
    lead_contact: str | None
    strategic_lead: str | None
    rag_definitions: str | None  # JSON, as stored


@dataclass(frozen=True, slots=True)  # slots: a million-action plan has 100,000 of them
class OutlineObjective:
    id: str
    plan_id: str
    theme_id: str | None
    ref: str
    text: str
    actions: int  # live actions under it


@dataclass(frozen=True)
class OutlineTheme:
    id: str
    plan_id: str
    name: str


@dataclass(frozen=True)
class OutlinePlan:
    id: str
    title: str
    themes: tuple[OutlineTheme, ...]
    objectives: tuple[OutlineObjective, ...]  # in plan order

    @property
    def actions(self) -> int:
        return sum(o.actions for o in self.objectives)


@dataclass(frozen=True)
class ReportObjective:
    """An objective as the committee report groups it (live objectives of live themes)."""

    id: str
    theme_id: str | None
    ref: str
    text: str
    criteria: str | None


#: The fields of a plan, objective or theme that an officer edits in the app, in form order
#: (the app gives them their labels).
EDITABLE_DETAILS: dict[str, tuple[str, ...]] = {
    "plan": ("title", "organisation", "overseeing_body", "approved_on", "as_at", "lead_contact", "strategic_lead"),
    "objective": ("ref", "text", "criteria"),
    "theme": ("name",),
}


class Plans:
    """Reading plans, themes and objectives."""

    def __init__(self, txn: Txn) -> None:
        self._txn = txn

    def list(self) -> list[PlanRow]:
        """Every live plan, in plan order."""
        return [
            PlanRow(
                r["id"],
                r["title"],
                r["organisation"],
                r["overseeing_body"],
                to_date(r["as_at"]),
                json.loads(r["rag_definitions"] or "{}"),
                r["source_key"],
            )
            for r in self._txn.rows(
                "SELECT p.id AS id, p.title AS title, p.organisation AS organisation,"
                " p.overseeing_body AS overseeing_body, p.as_at AS as_at, p.rag_definitions AS rag_definitions,"
                f" p.source_key AS source_key FROM plan p WHERE p.deleted = 0 ORDER BY {PLAN_ORDER}"
            )
        ]

    def find(self, text: str) -> PlanRow:
        """A plan by id, source file name or part of its title; one clear error if none or several."""
        plans = self.list()
        key = text.strip().lower()
        exact = [p for p in plans if key in (p.id, (p.source_key or "").lower(), p.title.lower())]
        matches = exact or [p for p in plans if key in p.title.lower() or key in (p.source_key or "").lower()]
        if not matches:
            raise NotFound(f"no plan matches {text!r}")
        if len(matches) > 1:
            raise Ambiguous(f"{text!r} matches several plans: " + "; ".join(p.title for p in matches))
        return matches[0]

    def facts(self, plan_id: str) -> PlanFacts:
        row = self._txn.one(
            "SELECT id, title, organisation, overseeing_body, lead_contact, strategic_lead, rag_definitions"
            " FROM plan WHERE id = ?",
            (plan_id,),
        )
        if row is None:
            raise NotFound(f"no plan with id {plan_id}")
        return PlanFacts(
            row["id"],
            row["title"],
            row["organisation"],
            row["overseeing_body"],
            row["lead_contact"],
            row["strategic_lead"],
            row["rag_definitions"],
        )

    def as_at(self, plan_id: str) -> date | None:
        return to_date(self._txn.scalar("SELECT as_at FROM plan WHERE id = ?", (plan_id,)))

    def outline(self) -> builtins.list[OutlinePlan]:
        """Every live plan with its themes and objectives (and action counts), in plan order."""
        themes: dict[str, list[OutlineTheme]] = {}
        for r in self._txn.json_rows(
            "SELECT json_object('id', id, 'plan', plan_id, 'name', name) AS j FROM theme WHERE deleted = 0"
            " ORDER BY plan_id, position, name"
        ):
            themes.setdefault(r["plan"], []).append(OutlineTheme(r["id"], r["plan"], r["name"]))
        outline = []
        for r in self._txn.rows(
            f"SELECT p.id AS id, p.title AS title FROM plan p WHERE p.deleted = 0 ORDER BY {PLAN_ORDER}"
        ):
            plan_id: str = r["id"]
            plan_themes = tuple(themes.get(plan_id, ()))
            shared = {theme.id: theme.id for theme in plan_themes}  # one str per theme id, not one per objective
            # A plan at a time: a million actions have 100,000 objectives, whose JSON document and
            # its parsed rows, read at once, were 60 MB on top of what the outline keeps (issue 15).
            objectives = tuple(
                OutlineObjective(
                    o["id"],
                    plan_id,
                    o["theme"] and shared.get(o["theme"], o["theme"]),
                    o["ref"],
                    o["text"],
                    o["actions"],
                )
                for o in self._txn.json_rows(
                    "SELECT json_object('id', o.id, 'theme', o.theme_id, 'ref', o.ref, 'text', o.text,"
                    " 'actions', coalesce(n.actions, 0)) AS j FROM objective o JOIN plan p ON p.id = o.plan_id"
                    " LEFT JOIN (SELECT objective_id, count(*) AS actions FROM action WHERE deleted = 0 AND plan_id = ?"
                    " GROUP BY objective_id) n ON n.objective_id = o.id"
                    f" WHERE o.plan_id = ? AND o.deleted = 0 ORDER BY {OBJECTIVE_ORDER}",
                    (plan_id, plan_id),
                )
            )
            outline.append(OutlinePlan(plan_id, r["title"], plan_themes, objectives))
        return outline

    def editable_details(self, entity: str, entity_id: str) -> dict[str, str]:
        """The current values of ``EDITABLE_DETAILS`` of a plan, objective or theme, as text (""
        for none; dates as YYYY-MM-DD); {} when there is no such record."""
        fields = EDITABLE_DETAILS[entity]  # a KeyError for anything else: the table name is not user text
        row = self._txn.one(f'SELECT {", ".join(fields)} FROM "{entity}" WHERE id = ?', (entity_id,))
        if row is None:
            return {}
        return {name: _as_text(row[name]) for name in fields}

    def last_review_date(self, plan_ids: tuple[str, ...] = ()) -> date | None:
        """The date of the latest review of these plans (all plans if none given): the newest
        review's "as at", else the newest plan "as at" date, else None. What "no update since
        the last review" counts from."""
        where = f" AND plan_id IN ({marks(plan_ids)})" if plan_ids else ""
        day = self._txn.scalar(f"SELECT max(as_at) FROM review WHERE deleted = 0{where}", plan_ids)
        if not day:
            where = f" AND id IN ({marks(plan_ids)})" if plan_ids else ""
            day = self._txn.scalar(f"SELECT max(as_at) FROM plan WHERE deleted = 0{where}", plan_ids)
        return to_date(day)

    def theme_names(self, plan_id: str) -> dict[str, str]:
        return {r["id"]: r["name"] for r in self._txn.rows("SELECT id, name FROM theme WHERE plan_id = ?", (plan_id,))}

    def report_objectives(self, plan_id: str) -> builtins.list[ReportObjective]:
        """The plan's live objectives under live themes (or none), in plan order."""
        return [
            ReportObjective(r["id"], r["theme_id"], r["ref"], r["text"], r["criteria"])
            for r in self._txn.rows(
                "SELECT o.id AS id, o.theme_id AS theme_id, o.ref AS ref, o.text AS text, o.criteria AS criteria"
                " FROM objective o LEFT JOIN theme t ON t.id = o.theme_id"
                " WHERE o.plan_id = ? AND o.deleted = 0 AND (t.id IS NULL OR t.deleted = 0)"
                " ORDER BY o.position, o.ref, o.id",
                (plan_id,),
            )
        ]


def _as_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, date):
        return value.isoformat()
    return str(value)
