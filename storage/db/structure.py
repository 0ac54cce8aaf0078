"""The plan's structure as adding, moving, deleting and restoring need it: the themes, objectives
and actions of a plan with their references and places, deleted ones included where a restore
needs them. (What the list shows is ``storage.db.actions``; this module only serves edits.)"""

from __future__ import annotations

import builtins
import sqlite3
from dataclasses import dataclass

from storage.db.core import Txn


@dataclass(frozen=True)
class Node:
    """A theme, objective or action: its id, reference (a theme's name), place and parent."""

    id: str
    ref: str
    position: int
    parent_id: str | None  # an action's objective, an objective's theme, a theme's plan
    plan_id: str
    deleted: bool
    text: str = ""


def _node(row: sqlite3.Row) -> Node:
    return Node(
        row["id"],
        row["ref"] or "",
        int(row["position"] or 0),
        row["parent"],
        row["plan_id"],
        bool(row["deleted"]),
        row["text"] or "",
    )


_THEMES = "SELECT id, name AS ref, position, plan_id AS parent, plan_id, deleted, name AS text FROM theme"
_OBJECTIVES = "SELECT id, ref, position, theme_id AS parent, plan_id, deleted, text FROM objective"
_ACTIONS = "SELECT id, ref, position, objective_id AS parent, plan_id, deleted, text FROM action"


class Structure:
    """Reading the plan's structure for an edit."""

    def __init__(self, txn: Txn) -> None:
        self._txn = txn

    def themes(self, plan_id: str, deleted: bool = False) -> builtins.list[Node]:
        """The plan's live themes in order (``deleted``: the deleted ones instead)."""
        return [
            _node(r)
            for r in self._txn.rows(
                _THEMES + " WHERE plan_id = ? AND deleted = ? ORDER BY position, name, id", (plan_id, int(deleted))
            )
        ]

    def objectives(self, plan_id: str, deleted: bool = False) -> builtins.list[Node]:
        """The plan's live objectives in plan order (``deleted``: the deleted ones instead)."""
        return [
            _node(r)
            for r in self._txn.rows(
                _OBJECTIVES + " WHERE plan_id = ? AND deleted = ? ORDER BY position, ref, id", (plan_id, int(deleted))
            )
        ]

    def actions(self, objective_id: str) -> builtins.list[Node]:
        """The objective's live actions in order."""
        return [
            _node(r)
            for r in self._txn.rows(
                _ACTIONS + " WHERE objective_id = ? AND deleted = 0 ORDER BY position, ref, id", (objective_id,)
            )
        ]

    def plan_actions(self, plan_id: str, deleted: bool = False) -> builtins.list[Node]:
        """The plan's actions, live (or deleted), in no particular order."""
        return [
            _node(r) for r in self._txn.rows(_ACTIONS + " WHERE plan_id = ? AND deleted = ?", (plan_id, int(deleted)))
        ]

    def node(self, entity: str, entity_id: str) -> Node | None:
        """One theme, objective or action by id (deleted or not)."""
        sql = {"theme": _THEMES, "objective": _OBJECTIVES, "action": _ACTIONS}[entity]
        row = self._txn.one(sql + " WHERE id = ?", (entity_id,))
        return None if row is None else _node(row)

    def plan_deleted(self, plan_id: str) -> bool | None:
        value = self._txn.scalar('SELECT deleted FROM "plan" WHERE id = ?', (plan_id,))
        return None if value is None else bool(value)

    def deleted_plans(self) -> builtins.list[tuple[str, str]]:
        """(id, title) of each deleted plan."""
        return [(r["id"], r["title"]) for r in self._txn.rows('SELECT id, title FROM "plan" WHERE deleted = 1')]

    def deleted_in(self, txn_id: str, entity: str) -> builtins.list[str]:
        """The records of ``entity`` that transaction ``txn_id`` deleted (what came down with an
        objective, theme or plan, restored with it)."""
        return self._txn.column(
            "SELECT DISTINCT entity_id FROM change WHERE txn_id = ? AND entity = ? AND field = '_delete'"
            " AND new_value = 'true'",
            (txn_id, entity),
        )

    def deleting_txn(self, entity: str, entity_id: str) -> str | None:
        """The transaction that last deleted this record."""
        found: str | None = self._txn.scalar(
            "SELECT txn_id FROM change WHERE entity = ? AND entity_id = ? AND field = '_delete'"
            " AND new_value = 'true' ORDER BY stamp DESC LIMIT 1",
            (entity, entity_id),
        )
        return found

    def open_actions_led_by(self, officer_id: str) -> builtins.list[tuple[str, str, str, str]]:
        """(action id, ref, plan title, text) of the live open actions an officer leads, in plan order."""
        return [
            (r["id"], r["ref"], r["plan"], r["text"] or "")
            for r in self._txn.rows(
                "SELECT a.id AS id, a.ref AS ref, p.title AS plan, a.text AS text FROM action_lead l"
                " JOIN action a ON a.id = l.action_id JOIN plan p ON p.id = a.plan_id"
                " JOIN objective o ON o.id = a.objective_id"
                " WHERE l.officer_id = ? AND a.deleted = 0 AND p.deleted = 0 AND o.deleted = 0 AND a.status = 'open'"
                " ORDER BY p.title, p.id, o.position, o.ref, a.position, a.ref, a.id",
                (officer_id,),
            )
        ]

    def actions_led_by(self, officer_id: str) -> builtins.list[str]:
        """Every action (deleted ones too) that names the officer among its leads."""
        return self._txn.column(
            "SELECT action_id FROM action_lead WHERE officer_id = ? ORDER BY action_id", (officer_id,)
        )

    def plan_title(self, plan_id: str) -> str:
        """A plan's title (deleted or not); "?" when there is no such plan."""
        title = self._txn.scalar('SELECT title FROM "plan" WHERE id = ?', (plan_id,))
        return str(title) if title is not None else "?"
