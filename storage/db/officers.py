"""Officers: who they are and how many open actions each leads (one grouped count).

Which officer a typed name or initials means is decided in ``storage.officers`` (one rule for the
picker, the command line and import); this module only reads and counts.
"""

from __future__ import annotations

import builtins
from datetime import date

from storage.db.core import Txn, marks, to_date

TYPE_CHECKING = False  # typing's, without importing typing (type checkers read it as True): models/records.py
if TYPE_CHECKING:
    from typing import NamedTuple
else:
    from models.records import NamedTuple


class OfficerRow(NamedTuple):
    id: str
    name: str
    initials: str | None
    job_title: str | None
    email: str | None
    phone: str | None
    open_actions: int = 0
    left_on: date | None = None  # the day they left (still listed: their actions may need a new lead)


class OfficerDetails(NamedTuple):
    """The details a document may fill in for a known officer (import never overwrites them)."""

    id: str
    name: str
    initials: str | None
    job_title: str | None
    email: str | None
    phone: str | None
    team: str | None


#: Open actions per lead officer, counted in one grouped pass: a count per officer as a
#: correlated subquery made SQLite walk the actions once per officer (seconds at 10,000 actions).
_OPEN_ACTIONS = (
    "SELECT l.officer_id AS officer_id, count(*) AS open FROM action_lead l "
    "JOIN action a ON a.id = l.action_id WHERE a.deleted = 0 AND a.status = 'open' GROUP BY l.officer_id"
)


def _named_officer(
    id: str,
    name: str,
    initials: str | None,
    job_title: str | None,
    email: str | None,
    phone: str | None,
    left_on: str | None,
) -> OfficerRow:
    return OfficerRow(id, name, initials, job_title, email, phone, 0, to_date(left_on) if left_on else None)


class Officers:
    """Reading officers."""

    def __init__(self, txn: Txn) -> None:
        self._txn = txn

    def list(self) -> list[OfficerRow]:
        """Every live officer with the number of open actions they lead, by name."""
        return [
            OfficerRow(
                r["id"], r["name"], r["initials"], r["job_title"], r["email"], r["phone"], r["open"], to_date(r["left"])
            )
            for r in self._txn.json_rows(
                "SELECT json_object('id', f.id, 'name', f.name, 'initials', f.initials, 'job_title', f.job_title,"
                f" 'email', f.email, 'phone', f.phone, 'open', coalesce(n.open, 0), 'left', {self._left('f.')}) AS j "
                f"FROM officer f LEFT JOIN ({_OPEN_ACTIONS}) n ON n.officer_id = f.id "
                "WHERE f.deleted = 0 ORDER BY f.name COLLATE NOCASE",
            )
        ]

    def _left(self, prefix: str = "") -> str:
        """The ``left_on`` column, or NULL in a file opened read-only from before it (version 2)."""
        has = self._txn.scalar("SELECT count(*) FROM pragma_table_info('officer') WHERE name = 'left_on'")
        return f"{prefix}left_on" if has else "NULL"

    def names(self) -> builtins.list[OfficerRow]:
        """Every live officer, by name, without counts: all a name or initials lookup needs."""
        return self._txn.made(
            _named_officer,
            f"SELECT id, name, initials, job_title, email, phone, {self._left()} AS left_on FROM officer "
            "WHERE deleted = 0 ORDER BY name COLLATE NOCASE",
        )

    def details(self, officer_id: str) -> OfficerDetails | None:
        row = self._txn.one(
            "SELECT id, name, initials, job_title, email, phone, team FROM officer WHERE id = ?", (officer_id,)
        )
        if row is None:
            return None
        return OfficerDetails(
            row["id"], row["name"], row["initials"], row["job_title"], row["email"], row["phone"], row["team"]
        )

    def names_by_id(self, officer_ids: builtins.list[str]) -> dict[str, str]:
        """Officers' names by id (deleted ones included: a change may name them)."""
        if not officer_ids:
            return {}
        return {
            r["id"]: r["name"]
            for r in self._txn.rows(f"SELECT id, name FROM officer WHERE id IN ({marks(officer_ids)})", officer_ids)
        }

    def contacts(self) -> dict[str, tuple[str, str | None]]:
        """Every officer's (name, email) by id, deleted ones included (for chasing)."""
        return {r["id"]: (r["name"], r["email"]) for r in self._txn.rows("SELECT id, name, email FROM officer")}

    def leads_of(self, action_ids: builtins.list[str]) -> builtins.list[tuple[str, str]]:
        """(action id, officer id) for each lead of these actions, primary leads first."""
        result: list[tuple[str, str]] = []
        for start in range(0, len(action_ids), 500):
            chunk = action_ids[start : start + 500]
            result += [
                (r["action_id"], r["officer_id"])
                for r in self._txn.rows(
                    f"SELECT action_id, officer_id FROM action_lead WHERE action_id IN ({marks(chunk)}) ORDER BY position",
                    chunk,
                )
            ]
        return result
