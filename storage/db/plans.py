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
    """A plan as the outline lists it: its objectives are read when it is opened
    (``Plans.objectives``): a million actions have 100,000 of them (issue 15)."""

    id: str
    title: str
    themes: tuple[OutlineTheme, ...]
    actions: int  # live actions under its live objectives


@dataclass(frozen=True)
class ObjectiveHit:
    """An objective found by its words (the palette's "jump to objective")."""

    id: str
    ref: str
    text: str
    plan_title: str


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
        """Every live plan with its themes and its count of actions, in plan order."""
        themes: dict[str, list[OutlineTheme]] = {}
        for r in self._txn.json_rows(
            "SELECT json_object('id', id, 'plan', plan_id, 'name', name) AS j FROM theme WHERE deleted = 0"
            " ORDER BY plan_id, position, name"
        ):
            themes.setdefault(r["plan"], []).append(OutlineTheme(r["id"], r["plan"], r["name"]))
        actions = dict(
            self._txn.conn.execute(
                "SELECT a.plan_id, count(*) FROM action a JOIN objective o ON o.id = a.objective_id"
                " WHERE a.deleted = 0 AND o.deleted = 0 GROUP BY a.plan_id"
            ).fetchall()
        )
        return [
            OutlinePlan(r["id"], r["title"], tuple(themes.get(r["id"], ())), actions.get(r["id"], 0))
            for r in self._txn.rows(
                f"SELECT p.id AS id, p.title AS title FROM plan p WHERE p.deleted = 0 ORDER BY {PLAN_ORDER}"
            )
        ]

    def objectives(self, plan_id: str) -> tuple[OutlineObjective, ...]:
        """A plan's live objectives in plan order, each with its count of live actions."""
        return tuple(
            OutlineObjective(o["id"], plan_id, o["theme"], o["ref"], o["text"], o["actions"])
            for o in self._txn.json_rows(
                "SELECT json_object('id', o.id, 'theme', o.theme_id, 'ref', o.ref, 'text', o.text,"
                " 'actions', coalesce(n.actions, 0)) AS j FROM objective o JOIN plan p ON p.id = o.plan_id"
                " LEFT JOIN (SELECT objective_id, count(*) AS actions FROM action WHERE deleted = 0 AND plan_id = ?"
                " GROUP BY objective_id) n ON n.objective_id = o.id"
                f" WHERE o.plan_id = ? AND o.deleted = 0 ORDER BY {OBJECTIVE_ORDER}",
                (plan_id, plan_id),
            )
        )

    def find_objectives(self, words: builtins.list[str], limit: int = 500) -> builtins.list[ObjectiveHit]:
        """Live objectives of live plans whose "Objective REF: TEXT" contains every one of
        ``words`` (lower case), in plan order, at most ``limit``. SQLite lowers ASCII only: a
        word with other letters is left to the caller's own test (the palette scores every hit)."""
        ascii_words = [word for word in words if word.isascii()]
        condition = "".join(" AND instr(lower('objective ' || o.ref || ': ' || o.text), ?) > 0" for _ in ascii_words)
        return [
            ObjectiveHit(r["id"], r["ref"], r["text"], r["plan"])
            for r in self._txn.rows(
                "SELECT o.id AS id, o.ref AS ref, o.text AS text, p.title AS plan FROM objective o"
                f" JOIN plan p ON p.id = o.plan_id WHERE o.deleted = 0 AND p.deleted = 0{condition}"
                f" ORDER BY {OBJECTIVE_ORDER} LIMIT ?",
                (*ascii_words, limit),
            )
        ]

    def objective_refs(self, objective_ids: builtins.list[str]) -> dict[str, str]:
        """The references of these objectives (deleted ones too: a scope may still name one)."""
        return {
            r["id"]: r["ref"]
            for r in self._txn.rows(
                f"SELECT id, ref FROM objective WHERE id IN ({marks(objective_ids)})", objective_ids
            )
        }

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
