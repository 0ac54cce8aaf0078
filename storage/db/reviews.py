"""Review points and what the change log says happened to a plan's actions (for reviews,
committee reports and the RAG trend). What the rows mean is worked out in ``storage.reviews``."""

from __future__ import annotations

import builtins
import json
from dataclasses import dataclass
from datetime import date
from typing import Any

from storage.db.action_rows import ProgressRow
from storage.db.core import Txn, WriteCore, to_date


@dataclass(frozen=True)
class ReviewRecord:
    id: str
    plan_id: str
    plan: str
    as_at: date
    label: str
    started_at: str
    started_by: str | None
    stamp: str  # the stamp of the review's creation: "since the review" starts after it
    actions: int  # actions in its snapshot


@dataclass(frozen=True)
class EntryRecord:
    """An action as it stood at a review (a ``review_entry``)."""

    action_id: str
    rag: str | None
    status: str
    timescale: str
    due_end: date | None


@dataclass(frozen=True)
class ActionChangeRecord:
    """One change of one action, from the change log (values are JSON text)."""

    action_id: str
    field: str
    old_value: str | None
    new_value: str | None
    reason: str | None
    actor: str
    at: str
    stamp: str
    source: str


@dataclass(frozen=True)
class ActionState:
    action_id: str
    status: str
    deleted: bool


class Reviews:
    """Reading reviews and the history of a plan's actions."""

    def __init__(self, txn: Txn) -> None:
        self._txn = txn

    def list(self, plan_id: str | None = None) -> list[ReviewRecord]:
        """Reviews (not deleted) of live plans, oldest first within each plan: by "as at" date,
        then by when they were made."""
        sql = (
            "SELECT r.id AS id, r.plan_id AS plan_id, p.title AS plan, r.as_at AS as_at, r.label AS label,"
            " r.started_at AS started_at, r.started_by AS started_by,"
            " coalesce((SELECT min(c.stamp) FROM change c WHERE c.entity = 'review' AND c.entity_id = r.id"
            "  AND c.field = '_create'), '') AS stamp,"
            " (SELECT count(*) FROM review_entry e WHERE e.review_id = r.id) AS actions"
            " FROM review r JOIN plan p ON p.id = r.plan_id WHERE r.deleted = 0 AND p.deleted = 0"
        )
        params: list[Any] = []
        if plan_id:
            sql += " AND r.plan_id = ?"
            params.append(plan_id)
        sql += " ORDER BY p.title, r.plan_id, r.as_at, stamp"
        return [
            ReviewRecord(
                r["id"],
                r["plan_id"],
                r["plan"],
                _day(r["as_at"]),
                r["label"] or "",
                r["started_at"] or "",
                r["started_by"],
                r["stamp"],
                r["actions"],
            )
            for r in self._txn.rows(sql, params)
        ]

    def entries(self, review_id: str) -> builtins.list[EntryRecord]:
        """The snapshot this laptop took when it made the review (none for one received by sync)."""
        return [
            EntryRecord(r["action_id"], r["rag"], r["status"] or "open", r["timescale"] or "", to_date(r["due_end"]))
            for r in self._txn.rows(
                "SELECT action_id, rag, status, timescale, due_end FROM review_entry WHERE review_id = ?", (review_id,)
            )
        ]

    def entry_count(self, review_id: str) -> int:
        return int(self._txn.scalar("SELECT count(*) FROM review_entry WHERE review_id = ?", (review_id,)))

    def action_changes(self, plan_id: str) -> dict[str, builtins.list[ActionChangeRecord]]:
        """Every change of every action ever in the plan, oldest first (by stamp)."""
        result: dict[str, list[ActionChangeRecord]] = {}
        for r in self._txn.rows(
            "SELECT entity_id, field, old_value, new_value, reason, actor, at, stamp, source FROM change"
            " WHERE entity = 'action' AND entity_id IN (SELECT id FROM action WHERE plan_id = ?) ORDER BY stamp",
            (plan_id,),
        ):
            result.setdefault(r["entity_id"], []).append(
                ActionChangeRecord(
                    r["entity_id"],
                    r["field"],
                    r["old_value"],
                    r["new_value"],
                    r["reason"],
                    r["actor"],
                    r["at"],
                    r["stamp"],
                    r["source"],
                )
            )
        return result

    def action_states(self, plan_id: str) -> builtins.list[ActionState]:
        """Every action ever in the plan (deleted ones too), in plan order."""
        return [
            ActionState(r["id"], r["status"], bool(r["deleted"]))
            for r in self._txn.rows(
                "SELECT a.id AS id, a.status AS status, a.deleted AS deleted FROM action a"
                " LEFT JOIN objective o ON o.id = a.objective_id WHERE a.plan_id = ?"
                " ORDER BY o.position, o.ref, o.id, a.position, a.ref, a.id",
                (plan_id,),
            )
        ]

    def action_ids(self, plan_id: str) -> builtins.list[str]:
        """Every action ever in the plan (deleted ones too)."""
        return self._txn.column("SELECT id FROM action WHERE plan_id = ? ORDER BY position, ref, id", (plan_id,))

    def current_ratings(self, plan_id: str) -> builtins.list[tuple[str | None, str]]:
        """(rag, status) of each live action of the plan: the trend's "now"."""
        return [
            (r["rag"], r["status"])
            for r in self._txn.rows("SELECT rag, status FROM action WHERE plan_id = ? AND deleted = 0", (plan_id,))
        ]

    def new_progress(self, plan_id: str, after_stamp: str) -> dict[str, builtins.list[ProgressRow]]:
        """Progress entries (not deleted) of the plan's actions created after ``after_stamp``,
        newest first."""
        result: dict[str, list[ProgressRow]] = {}
        for r in self._txn.rows(
            "SELECT g.action_id AS action_id, g.id AS id, g.kind AS kind, g.entry_date AS entry_date,"
            " g.author AS author, g.text AS text, g.created_at AS created_at FROM change c"
            " JOIN progress g ON g.id = c.entity_id WHERE c.entity = 'progress' AND c.field = '_create'"
            " AND c.stamp > ? AND g.deleted = 0 AND g.action_id IN (SELECT id FROM action WHERE plan_id = ?)"
            " ORDER BY coalesce(g.entry_date, substr(g.created_at, 1, 10)) DESC, c.stamp DESC",
            (after_stamp, plan_id),
        ):
            result.setdefault(r["action_id"], []).append(
                ProgressRow(r["id"], r["kind"], to_date(r["entry_date"]), r["author"], r["text"], r["created_at"])
            )
        return result

    def timescale_history(self, plan_id: str) -> dict[str, tuple[int, str]]:
        """Per action of the plan: how many times its timescale was changed (undo apart) and the
        timescale it was first written with."""
        result = {}
        for r in self._txn.rows(
            "SELECT entity_id, sum(field = 'timescale' AND source != 'undo') AS times,"
            " max(CASE WHEN field = '_create' THEN new_value END) AS created FROM change"
            " WHERE entity = 'action' AND entity_id IN (SELECT id FROM action WHERE plan_id = ?) GROUP BY entity_id",
            (plan_id,),
        ):
            created = json.loads(r["created"]) if r["created"] else None
            result[r["entity_id"]] = (r["times"] or 0, ((created or {}).get("timescale") or "") if created else "")
        return result

    def plan_leads(self, plan_id: str) -> builtins.list[tuple[str, str, str | None, int]]:
        """(action id, officer name, initials, position) of every lead of the plan's live actions."""
        return [
            (r["action_id"], r["name"], r["initials"], r["position"])
            for r in self._txn.rows(
                "SELECT l.action_id AS action_id, f.name AS name, f.initials AS initials, l.position AS position"
                " FROM action_lead l JOIN officer f ON f.id = l.officer_id JOIN action a ON a.id = l.action_id"
                " WHERE a.plan_id = ? AND a.deleted = 0 ORDER BY l.position",
                (plan_id,),
            )
        ]

    def ref_and_text(self, action_id: str) -> tuple[str, str] | None:
        row = self._txn.one("SELECT ref, text FROM action WHERE id = ?", (action_id,))
        return None if row is None else (row["ref"], row["text"])


class ReviewsWriter(Reviews):
    """Writing review snapshots (in a write transaction)."""

    def __init__(self, txn: WriteCore) -> None:
        super().__init__(txn)
        self._write = txn

    def snapshot_actions(self, review_id: str, plan_id: str) -> int:
        """Copy every live action's rating, status and timescale into the review's entries;
        returns how many. Derived from the rows, not an edit (see ``storage.reviews``)."""
        return self._write.run(
            "INSERT INTO review_entry (review_id, action_id, rag, status, timescale, due_end)"
            " SELECT ?, id, rag, coalesce(status, 'open'), coalesce(timescale, ''), due_end"
            " FROM action WHERE plan_id = ? AND deleted = 0",
            (review_id, plan_id),
        )


def _day(value: object) -> date:
    day = to_date(value)
    assert day is not None  # review.as_at is NOT NULL
    return day


__all__ = [
    "ActionChangeRecord",
    "ActionState",
    "EntryRecord",
    "ReviewRecord",
    "Reviews",
    "ReviewsWriter",
]
