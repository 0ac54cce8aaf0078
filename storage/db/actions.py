"""Actions: what is in scope and in which order (``txn.actions``).

Every rule about reading actions is written once and used by the command line, the app, reports
and reviews alike: order, overdue, "live" and "no update since" in ``storage.db.action_rows``
(with the rows as read), and here:

- **search** (``like_escape``): user text is matched literally, ``%`` and ``_`` included;
- **sorting and grouping** (``ListOrder``): by reference (``ACTION_ORDER``, the default), due
  date, RAG or last update, optionally grouped by objective, lead officer or RAG; the app's list
  and ``ragtrack list --sort/--group`` both read through ``Actions.ordered``.
"""

from __future__ import annotations

import builtins
import json
import sqlite3
from collections.abc import Sequence
from datetime import date

from storage.db.action_rows import (
    ACTION_ORDER,
    ACTIONS_FROM,
    LIVE,
    NOT_RATED,
    OBJECTIVE_ORDER,
    OVERDUE,
    PLAN_ORDER,
    ROW_SQL,
    SEP,
    ActionRow,
    ProgressRow,
    action_row,
    no_update_since,
    progress_of,
    rows_by_id,
)
from storage.db.core import Txn, like_escape, marks, to_date
from storage.errors import Ambiguous, NotFound, StorageError
from storage.packed_ids import PackedIds

TYPE_CHECKING = False  # typing's, without importing typing (type checkers read it as True): models/records.py
if TYPE_CHECKING:
    from array import array
    from typing import Any, NamedTuple

    from storage.db.action_detail import ActionDetail, ActionHit
    from storage.db.dashboard import DashboardLine
else:
    from models.records import NamedTuple

#: The longest search text: SQLite refuses LIKE patterns past 50,000 bytes, and no action's
#: text is searched for by pasting a page into the search box.
MAX_SEARCH = 1000
# Objective by objective, the objective index is always the right one (the planner, without
# statistics, may pick the RAG index and scan every red action for each objective).
_FROM_BY_OBJECTIVE = ACTIONS_FROM.replace("FROM action a", "FROM action a INDEXED BY ix_action_objective")

#: RAG as a meeting reads it: red first, not rated last.
RAG_RANK = "CASE a.rag WHEN 'red' THEN 0 WHEN 'amber' THEN 1 WHEN 'green' THEN 2 WHEN 'blue' THEN 3 ELSE 4 END"
#: The primary (first named) lead of an action, by id and by name.
_FIRST_LEAD = "(SELECT l.officer_id FROM action_lead l WHERE l.action_id = a.id ORDER BY l.position LIMIT 1)"
_FIRST_LEAD_NAME = (
    "(SELECT f.name FROM action_lead l JOIN officer f ON f.id = l.officer_id"
    " WHERE l.action_id = a.id ORDER BY l.position LIMIT 1)"
)

#: How the list can be sorted: key -> (label, ORDER BY before ``ACTION_ORDER``).
SORTS: dict[str, tuple[str, str]] = {
    "ref": ("reference", ""),
    "due": ("due date", "a.due_end IS NULL, a.due_end, "),
    "rag": ("RAG", RAG_RANK + ", "),
    "updated": ("last update (oldest first)", "a.last_update IS NOT NULL, a.last_update, "),
}
#: How the list can be grouped: key -> (label, the group's key per action, ORDER BY before the sort).
GROUPS: dict[str, tuple[str, str, str]] = {
    "objective": ("objective", "a.objective_id", OBJECTIVE_ORDER + ", "),
    "officer": (
        "lead officer",
        f"coalesce({_FIRST_LEAD}, '')",
        f"{_FIRST_LEAD_NAME} IS NULL, {_FIRST_LEAD_NAME} COLLATE NOCASE, {_FIRST_LEAD}, ",
    ),
    "rag": ("RAG", "coalesce(a.rag, 'none')", RAG_RANK + ", "),
}
_RAG_GROUP_LABELS = {"red": "Red", "amber": "Amber", "green": "Green", "blue": "Blue (complete)", "none": "Not rated"}


class BadOrder(StorageError):
    """A sort or grouping that does not exist."""


class _OrderFields(NamedTuple):
    sort: str
    group: str | None


class ListOrder(_OrderFields):
    """How the actions in scope are ordered: ``sort`` one of ``SORTS``, ``group`` one of
    ``GROUPS`` or None. The default is the one order (``ACTION_ORDER``) with no group headers."""

    __slots__ = ()

    def __new__(cls, sort: str = "ref", group: str | None = None) -> ListOrder:
        if sort not in SORTS:
            raise BadOrder(f"unknown sort {sort!r}: use {', '.join(SORTS)}")
        if group is not None and group not in GROUPS:
            raise BadOrder(f"unknown grouping {group!r}: use {', '.join(GROUPS)}")
        return super().__new__(cls, sort, group)

    @property
    def is_default(self) -> bool:
        return self == ListOrder()

    @property
    def label(self) -> str:
        """E.g. "by due date, grouped by lead officer"."""
        text = "by " + SORTS[self.sort][0]
        return text + (f", grouped by {GROUPS[self.group][0]}" if self.group else "")

    def order_by(self) -> str:
        """The ORDER BY clause (without the keywords) over ``ACTIONS_FROM``'s aliases."""
        prefix = GROUPS[self.group][2] if self.group else ""
        return prefix + SORTS[self.sort][1] + ACTION_ORDER

    def group_key(self) -> str:
        """The SQL of an action's group key ('' when not grouped)."""
        return GROUPS[self.group][1] if self.group else "''"


class Group(NamedTuple):
    """One group of an ordered scope: its actions are ``ids[start:start + size]``."""

    key: str
    label: str
    start: int
    size: int


class OrderedScope(NamedTuple):
    """The actions in scope in a ``ListOrder``, with their codes (``counts_from_codes``) and
    groups (empty when not grouped)."""

    ids: Sequence[str]  # packed (``PackedIds``): a million ids are one string, not a million objects
    codes: str
    groups: list[Group]


class SearchTooLong(StorageError):
    """A search text longer than MAX_SEARCH."""


def search_refusal(text: str) -> str | None:
    """Why a search text is refused (one line), or None: the rule the query applies, so the app
    can say it as the text is typed."""
    if len(text) > MAX_SEARCH:
        return f"the search text is too long ({len(text):,} characters; at most {MAX_SEARCH:,})"
    return None


class ActionFilter(NamedTuple):
    """Which actions are in scope. Every part is optional; parts combine with AND."""

    plan_ids: tuple[str, ...] = ()
    theme_ids: tuple[str, ...] = ()
    objective_ids: tuple[str, ...] = ()
    rags: frozenset[str] = frozenset()  # "red", "amber", "green", "blue", NOT_RATED
    officer_ids: tuple[str, ...] = ()  # an action led by any of them
    statuses: frozenset[str] = frozenset()
    overdue: bool = False
    search: str = ""
    stale_days: int | None = None  # no update for this many days
    updated_before: date | None = None  # no update since this date (e.g. the last review)
    only_ids: frozenset[str] | None = None  # only these actions (e.g. changed since the last review)

    def with_(self, **changes: Any) -> ActionFilter:
        return self._replace(**changes)

    @property
    def is_empty(self) -> bool:
        return self == ActionFilter()


def where(flt: ActionFilter, today: date, leads_by_action: bool = False) -> tuple[str, list[Any]]:
    """The SQL condition (`` WHERE ...``) and parameters of a filter, over ``ACTIONS_FROM``'s aliases.

    ``leads_by_action``: test an officer filter action by action (one lookup in the leads'
    primary key), for a query that another index drives (``first``'s objective batches). The
    default ``IN (SELECT ...)`` lets SQLite start from the officers' leads, which a whole-scope
    read wants, but a query driven by objectives first builds a table of every one of those leads,
    in every batch: at 100,000 actions the busy officer's first screen took 23.6 ms that way and
    11.6 ms by lookups; at 1,000,000 (29,976 leads), 241 ms against 18.5 (issue 15)."""
    clauses = [LIVE]
    params: list[Any] = []

    def any_of(column: str, values: tuple[str, ...] | list[str]) -> None:
        clauses.append(f"{column} IN ({marks(values)})")
        params.extend(values)

    if flt.plan_ids:
        any_of("a.plan_id", flt.plan_ids)
    if flt.objective_ids:
        any_of("a.objective_id", flt.objective_ids)
    if flt.theme_ids:
        any_of("o.theme_id", flt.theme_ids)
    if flt.rags:
        rated = sorted(r for r in flt.rags if r != NOT_RATED)
        parts = []
        if rated:
            parts.append(f"a.rag IN ({marks(rated)})")
            params.extend(rated)
        if NOT_RATED in flt.rags:
            parts.append("a.rag IS NULL")
        clauses.append("(" + " OR ".join(parts) + ")")
    if flt.statuses:
        any_of("a.status", sorted(flt.statuses))
    if flt.officer_ids and leads_by_action:
        clauses.append(
            "EXISTS (SELECT 1 FROM action_lead l WHERE l.action_id = a.id"
            f" AND l.officer_id IN ({marks(flt.officer_ids)}))"
        )
        params.extend(flt.officer_ids)
    elif flt.officer_ids:
        clauses.append(f"a.id IN (SELECT action_id FROM action_lead WHERE officer_id IN ({marks(flt.officer_ids)}))")
        params.extend(flt.officer_ids)
    if flt.overdue:
        clauses.append(OVERDUE)
        params.append(today.isoformat())
    if flt.stale_days is not None:
        from models.timescale import days_from  # here: ``ragtrack list`` has no use for it

        stale_day: date | None = days_from(today, -flt.stale_days)
    else:
        stale_day = None
    for day in (
        stale_day,
        flt.updated_before,
    ):
        if day is not None:
            clause, more = no_update_since(day)
            clauses.append(clause)
            params.extend(more)
    if flt.only_ids is not None:  # one JSON parameter, however many ids (no bound-variable limit)
        clauses.append("a.id IN (SELECT value FROM json_each(?))")
        params.append(json.dumps(sorted(flt.only_ids)))
    if refusal := search_refusal(flt.search):
        raise SearchTooLong(refusal)
    if flt.search.strip():
        pattern = "%" + like_escape(flt.search.strip()) + "%"
        clauses.append(
            "(a.text LIKE ? ESCAPE '\\' OR a.ref LIKE ? ESCAPE '\\' OR EXISTS ("
            "SELECT 1 FROM progress g WHERE g.action_id = a.id AND g.deleted = 0"
            " AND g.text LIKE ? ESCAPE '\\'))"
        )
        params.extend([pattern, pattern, pattern])
    return " WHERE " + " AND ".join(clauses), params


# Per action one code letter for ``counts_from_codes``: r a g b or n (not rated), upper case when
# overdue. One ``?``: today.
_CODE = (
    f"CASE WHEN {OVERDUE} THEN upper(coalesce(substr(a.rag, 1, 1), 'n')) ELSE coalesce(substr(a.rag, 1, 1), 'n') END"
)


class Actions:
    """Reading actions."""

    def __init__(self, txn: Txn) -> None:
        self._txn = txn

    # --- lists ---------------------------------------------------------------------------
    def list(
        self,
        flt: ActionFilter = ActionFilter(),
        today: date | None = None,
        limit: int | None = None,
        offset: int = 0,
        order: ListOrder = ListOrder(),
    ) -> list[ActionRow]:
        """The actions in scope, in ``order`` (by default ``ACTION_ORDER``)."""
        today = today or date.today()
        condition, params = where(flt, today)
        sql = ROW_SQL + condition + " ORDER BY " + order.order_by()
        params = [today.isoformat(), *params]
        if limit is not None:
            sql += " LIMIT ? OFFSET ?"
            params += [limit, offset]
        return self._txn.made(action_row, sql, params)

    def ids(self, flt: ActionFilter, today: date | None = None) -> Sequence[str]:
        """Only the ids of the actions in scope, in order: cheap enough for every keystroke."""
        return self.scope_with_codes(flt, today or date.today())[0]

    def rows_by_id(self, ids: builtins.list[str], today: date | None = None) -> dict[str, ActionRow]:
        """Full rows for a window of ids (the visible part of a list), deleted ones included."""
        return rows_by_id(self._txn, ids, today or date.today())

    def rag_counts(self, flt: ActionFilter, today: date | None = None) -> dict[str, int]:
        """Counts per RAG (``NOT_RATED`` for none), plus "overdue" and "total", in scope."""
        return counts_from_codes(self.scope_with_codes(flt, today or date.today())[1])

    def progress(self, action_ids: builtins.list[str]) -> dict[str, builtins.list[ProgressRow]]:
        """Progress entries (not deleted) of several actions, newest first."""
        return progress_of(self._txn, action_ids)

    def progress_texts(self, action_id: str) -> set[tuple[str, date | None, str]]:
        """The (kind, date, text) of every progress entry of an action, deleted ones included:
        what a re-import compares with so it adds only what is new."""
        return {
            (row["kind"], to_date(row["entry_date"]), row["text"])
            for row in self._txn.rows("SELECT kind, entry_date, text FROM progress WHERE action_id = ?", (action_id,))
        }

    # --- one action ----------------------------------------------------------------------
    def detail(self, action_id: str, today: date | None = None) -> ActionDetail:
        """Everything about one action: the detail pane and ``ragtrack show``."""
        from storage.db.action_detail import read_detail

        return read_detail(self._txn, action_id, today or date.today())

    def find(self, ref: str, plan_id: str | None = None) -> ActionRow:
        """An action by its reference ("1a", "3d)", "A"), optionally within one plan; one clear
        error when there is none, or one in several plans."""
        key = ref.strip().rstrip(").").lower()
        sql = (
            "SELECT a.id AS id, p.title AS plan FROM action a JOIN plan p ON p.id = a.plan_id"
            " WHERE a.deleted = 0 AND p.deleted = 0 AND lower(a.ref) = ?"
        )
        params: list[Any] = [key]
        if plan_id:
            sql += " AND a.plan_id = ?"
            params.append(plan_id)
        found = self._txn.rows(sql, params)
        if not found:
            raise NotFound(f"no action {ref!r}" + ("" if plan_id else " in any plan"))
        if len(found) > 1:
            plans = sorted({r["plan"] for r in found})
            if plan_id or len(plans) == 1:
                raise Ambiguous(
                    f"{len(found)} actions of {plans[0]} have the reference {ref!r}: give one of them another"
                    " reference in the app (e edits it)"
                )
            raise Ambiguous(f"action {ref!r} is in several plans ({'; '.join(plans)}): add --plan")
        action_id = found[0]["id"]
        return self.rows_by_id([action_id])[action_id]

    def search(self, text: str, limit: int = 30) -> builtins.list[ActionHit]:
        """Actions whose reference starts with ``text`` or whose text contains it (for "jump
        to"): exact references first, then references starting with it, each in plan order."""
        from storage.db.action_detail import search

        return search(self._txn, text, limit)

    # --- the scope for a keystroke -------------------------------------------------------
    #
    # A keystroke must repaint the list at once even on a plan of 100,000 actions, where a
    # filter that scans every action (a word in the search, "no update for 30 days") takes
    # hundreds of milliseconds. So the first screen of the scope is read from the first few
    # objectives in plan order (an index lookup: a few milliseconds whatever the plan's size),
    # and the whole scope, with its counts, follows in one query while that first screen is
    # already painted.
    def objective_order(self) -> ObjectiveOrder:
        """Every live objective in plan order, with its plan and theme (``ObjectiveOrder``)."""
        from array import array

        row = self._txn.one(
            "SELECT count(*) AS n, group_concat(id, char(31)) AS ids, group_concat(plan, char(31)) AS plans,"
            " group_concat(theme, char(31)) AS themes FROM (SELECT o.id AS id, o.plan_id AS plan,"
            " coalesce(o.theme_id, '') AS theme FROM objective o JOIN plan p ON p.id = o.plan_id"
            " WHERE o.deleted = 0 AND p.deleted = 0 ORDER BY " + OBJECTIVE_ORDER + ")"
        )
        if row is None or not row["n"]:
            return ObjectiveOrder([], array("l"), array("l"), (), ())
        plan_index: dict[str, int] = {}
        theme_index: dict[str, int] = {"": -1}
        plans = array("l", [plan_index.setdefault(p, len(plan_index)) for p in row["plans"].split(SEP)])
        themes = array("l", [theme_index.setdefault(t, len(theme_index) - 1) for t in row["themes"].split(SEP)])
        del theme_index[""]
        return ObjectiveOrder(
            PackedIds.joined(row["ids"], row["n"], SEP), plans, themes, tuple(plan_index), tuple(theme_index)
        )

    def first_objectives(self, limit: int) -> tuple[builtins.list[str], bool]:
        """The first ``limit`` live objectives in plan order (as ``objective_order``), and
        whether they are all there are. What the first screen at start needs: the whole order
        sorts every objective (100,000 at a million actions), these are read plan by plan."""
        found: builtins.list[str] = []
        for plan_id in self._txn.column(f"SELECT p.id FROM plan p WHERE p.deleted = 0 ORDER BY {PLAN_ORDER}"):
            found += self._txn.column(
                "SELECT o.id FROM objective o WHERE o.plan_id = ? AND o.deleted = 0 ORDER BY o.position, o.ref, o.id",
                (plan_id,),
            )
            if len(found) > limit:
                return found[:limit], False
        return found, True

    def first(
        self,
        flt: ActionFilter,
        today: date,
        objectives: Sequence[str],
        enough: int,
        batches: tuple[int, ...] = (4, 16, 64, 256),
    ) -> tuple[builtins.list[str], str, bool]:
        """The first actions in scope, read from the first objectives of ``objectives`` (see
        ``objectives_in_place``) in batches, stopping once there are ``enough``. Returns (ids,
        codes, complete): complete when every objective was read, so they are the whole scope."""
        rest = flt.with_(plan_ids=(), theme_ids=(), objective_ids=())
        ids: list[str] = []
        codes: list[str] = []
        start = 0
        for size in batches:
            if start >= len(objectives) or len(ids) >= enough:
                break
            batch = rest.with_(objective_ids=tuple(objectives[start : start + size]))
            condition, params = where(batch, today, leads_by_action=True)
            chunk_ids, chunk_codes = self._ids_and_codes(_FROM_BY_OBJECTIVE, condition, params, today)
            ids += chunk_ids
            codes.append(chunk_codes)
            start += size
        return ids, "".join(codes), start >= len(objectives)

    def led_count(self, officer_ids: Sequence[str]) -> int:
        """How many actions these officers lead, at most (lead rows, through their index)."""
        row = self._txn.one(
            f"SELECT count(*) AS n FROM action_lead WHERE officer_id IN ({marks(officer_ids)})", list(officer_ids)
        )
        return row["n"] if row else 0

    def scope_with_codes(self, flt: ActionFilter, today: date) -> tuple[Sequence[str], str]:
        """The whole scope in order, with a code per action for ``counts_from_codes``: one query,
        one scan."""
        condition, params = where(flt, today)
        return self._ids_and_codes(ACTIONS_FROM, condition, params, today)

    def ordered(self, flt: ActionFilter, today: date, order: ListOrder = ListOrder()) -> OrderedScope:
        """The whole scope in ``order``, with each action's code and the groups (one scan)."""
        condition, params = where(flt, today)
        ids, codes, row = self._scope(
            f"SELECT a.id AS id, {_CODE} AS code, {order.group_key()} AS gkey"
            + ACTIONS_FROM
            + condition
            + " ORDER BY "
            + order.order_by(),
            [today.isoformat(), *params],
            extra=", group_concat(gkey, char(31)) AS gkeys" if order.group else "",
        )
        if row is None or not ids:
            return OrderedScope([], "", [])
        groups: list[Group] = []
        if order.group is not None:
            keys = (row["gkeys"] or "").split(SEP)
            runs: list[tuple[str, int, int]] = []
            for index, key in enumerate(keys):
                if runs and runs[-1][0] == key:
                    runs[-1] = (key, runs[-1][1], runs[-1][2] + 1)
                else:
                    runs.append((key, index, 1))
            labels = self._group_labels(order.group, sorted({key for key, _, _ in runs}))
            groups = [Group(key, labels.get(key, key), start, count) for key, start, count in runs]
        return OrderedScope(ids, codes, groups)

    def _group_labels(self, group: str, keys: builtins.list[str]) -> dict[str, str]:
        """What each group's header says: the objective (its plan when there are several), the
        officer's name, or the RAG."""
        if group == "rag":
            return {key: _RAG_GROUP_LABELS.get(key, key) for key in keys}
        if group == "officer":
            names = {
                r["id"]: r["name"]
                for r in self._txn.rows(
                    "SELECT id, name FROM officer WHERE id IN (SELECT value FROM json_each(?))", [json.dumps(keys)]
                )
            }
            return {key: names.get(key, "No lead") if key else "No lead" for key in keys}
        rows = self._txn.rows(
            "SELECT o.id AS id, o.ref AS ref, o.text AS text, p.title AS plan FROM objective o"
            " JOIN plan p ON p.id = o.plan_id WHERE o.id IN (SELECT value FROM json_each(?))",
            [json.dumps(keys)],
        )
        several_plans = len({r["plan"] for r in rows}) > 1
        labels = {}
        for r in rows:
            text = " ".join(part for part in (r["ref"] or "", (r["text"] or "").strip().split("\n", 1)[0]) if part)
            labels[r["id"]] = (f"{r['plan']} · " if several_plans else "") + (text or "Objective")
        return labels

    def _ids_and_codes(
        self, sql_from: str, condition: str, params: builtins.list[Any], today: date
    ) -> tuple[Sequence[str], str]:
        ids, codes, _row = self._scope(
            f"SELECT a.id AS id, {_CODE} AS code" + sql_from + condition + " ORDER BY " + ACTION_ORDER,
            [today.isoformat(), *params],
        )
        return ids, codes

    def _scope(
        self, select: str, params: builtins.list[Any], extra: str = ""
    ) -> tuple[Sequence[str], str, sqlite3.Row | None]:
        """The ids and codes ``select`` gives (in its order) as one row, not one per action:
        fetching rows one by one takes and releases Python's GIL each time, which stalls a worker
        thread while the UI thread paints. The ids come packed end to end (``PackedIds``) when
        they all have one width, as ragtrack's do: no str per id, no separators to remove, one
        string the app holds its scope in. ``extra``: more aggregates, read from the row."""
        row = self._txn.one(
            "SELECT group_concat(id, '') AS packed, min(length(id)) AS shortest, max(length(id)) AS longest,"
            f" group_concat(code, '') AS codes{extra} FROM ({select})",
            params,
        )
        if row is None or not row["packed"]:
            return [], "", row
        codes: str = row["codes"] or ""
        width = row["shortest"]
        if width == row["longest"] and width and len(row["packed"]) == width * len(codes):
            return PackedIds(row["packed"], width), codes, row
        # Ids of several widths (not made by ragtrack): the same query again, ids one by one.
        again = self._txn.one(f"SELECT group_concat(id, char(31)) AS ids FROM ({select})", params)
        return PackedIds.joined(again["ids"] if again else "", len(codes), SEP), codes, row

    # --- the dashboard ---------------------------------------------------------------------
    def dashboard(self, plan_id: str, today: date, stale_days: int = 30) -> builtins.list[DashboardLine]:
        """The plan dashboard's lines (``storage.db.dashboard.dashboard_lines``)."""
        from storage.db.dashboard import dashboard_lines

        return dashboard_lines(self._txn, plan_id, today, stale_days)

    def redated(self, plan_id: str) -> frozenset[str]:
        from storage.db.dashboard import redated_ids

        return redated_ids(self._txn, plan_id)

    # --- triage --------------------------------------------------------------------------
    def triage_red(self, flt: ActionFilter, today: date) -> Sequence[str]:
        """Triage's first queue: the red items of ``triage_scope(flt)``, in order (none when the
        scope's RAG filter leaves red out)."""
        if flt.rags and "red" not in flt.rags:
            return []
        return self.ids(triage_scope(flt).with_(rags=frozenset({"red"})), today)

    def triage_more(self, flt: ActionFilter, today: date) -> Sequence[str]:
        """Triage's second queue ("m: go on"): the amber items of ``triage_scope(flt)`` and the
        overdue ones that are not red, in order (one scan, read from each action's code); within
        the scope's RAG filter, if it has one."""
        rags = flt.rags - {"red"}
        if flt.rags and not rags:
            return []
        # Amber (a, A) or overdue but not red (G, B, N: upper case is overdue), chosen in SQL: the
        # queue arrives packed, with no str made per id (400,000 of them at a million actions).
        condition, params = where(triage_scope(flt).with_(rags=rags), today)
        ids, _codes, _row = self._scope(
            f"SELECT a.id AS id, {_CODE} AS code"
            + ACTIONS_FROM
            + condition
            + f" AND {_CODE} IN ('a', 'A', 'G', 'B', 'N') ORDER BY "
            + ACTION_ORDER,
            [today.isoformat(), *params, today.isoformat()],
        )
        return ids


def triage_scope(flt: ActionFilter) -> ActionFilter:
    """What triage goes through: the scope's open items, unless it was already filtered by status."""
    return flt if flt.statuses else flt.with_(statuses=frozenset({"open"}))


class ObjectiveOrder(NamedTuple):
    """Every live objective in plan order (``Actions.objective_order``), packed: the ids end to
    end (``PackedIds``) and, per objective, the index of its plan in ``plan_ids`` and of its
    theme in ``theme_ids`` (-1: none). A million actions have 100,000 objectives, which as a
    tuple and three references each were 15 MB the app held all session (issue 15)."""

    ids: Sequence[str]
    plans: array[int]
    themes: array[int]
    plan_ids: tuple[str, ...]
    theme_ids: tuple[str, ...]


def objectives_in_place(order: ObjectiveOrder, flt: ActionFilter) -> Sequence[str]:
    """The objectives (in order) the filter's plans, themes and objectives allow: all of them
    (``order.ids`` itself, no copy) when it names none."""
    if not (flt.plan_ids or flt.theme_ids or flt.objective_ids):
        return order.ids
    plans = {n for n, plan in enumerate(order.plan_ids) if plan in flt.plan_ids}
    themes = {n for n, theme in enumerate(order.theme_ids) if theme in flt.theme_ids}
    objectives = set(flt.objective_ids)
    return [
        objective
        for objective, plan, theme in zip(order.ids, order.plans, order.themes, strict=True)
        if (not flt.plan_ids or plan in plans)
        and (not flt.theme_ids or theme in themes)
        and (not objectives or objective in objectives)
    ]


def counts_from_codes(codes: str) -> dict[str, int]:
    """Counts per RAG (``NOT_RATED`` for none), "overdue" and "total" from the codes of
    ``Actions.scope_with_codes``: one letter per action, upper case when overdue."""
    counts = {rag: codes.count(rag[0]) + codes.count(rag[0].upper()) for rag in ("red", "amber", "green", "blue")}
    counts[NOT_RATED] = codes.count("n") + codes.count("N")
    counts["overdue"] = sum(1 for code in codes if code.isupper())
    counts["total"] = len(codes)
    return counts
