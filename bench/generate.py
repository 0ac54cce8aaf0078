"""Realistic ragtrack databases of any size, up to 1,000,000 actions, written fast with bulk SQL.

A generated database is what ragtrack itself would hold after importing plans of 1,000 actions
each and a year of officers' edits: the rows, and the change-log records the one write path
(storage/writes.py ``_log``, storage/db/records.py) writes for them, with the same JSON, the
same derived columns (due window, ``updated_at``, ``last_update``) and the same field heads.
``check_faithful()`` proves it: it builds a small plan both ways (bulk here, and through
``storage.writes.edit`` with the same ids) and compares every row.

Inserting through the write path costs ~40x more, so databases are made with ``executemany``,
one plan at a time (the plan's operations are generated, written and dropped: memory stays
flat at any size), and cached by size, generator version and schema (see ``cache_dir``).
"""

from __future__ import annotations

import hashlib
import itertools
import json
import os
import random
import sqlite3
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

from vocabulary import (
    BODIES,
    FIRST,
    JOB_TITLES,
    LAST,
    MONTHS,
    OBJECTS,
    ORGANISATIONS,
    PLAN_TOPICS,
    PROGRESS_TEXT,
    PURPOSES,
    RAG_REASONS,
    TEAMS,
    THEMES,
    VERBS,
    timescale,
)

#: Bump when the generated data changes shape, so cached databases are rebuilt.
GENERATOR_VERSION = 4
ACTIONS_PER_PLAN = 1000
#: The day the generated world is seen from: imports ~a year before, edits since.
NOW = datetime(2026, 11, 1, 9, 0, tzinfo=UTC)


@dataclass
class Spec:
    """What to generate: ``actions`` actions in plans of ``ACTIONS_PER_PLAN``."""

    actions: int
    seed: int = 7
    per_plan: int = ACTIONS_PER_PLAN

    @property
    def plans(self) -> int:
        return max(1, -(-self.actions // self.per_plan))

    @property
    def officers(self) -> int:
        return min(60 + self.actions // 100, 1200)


@dataclass
class _Clock:
    """HLC stamps as storage.clock.HybridClock issues them, one txn at a time."""

    replica: str
    millis: int = 0
    counter: int = 0

    def tick(self, at: datetime) -> str:
        now = int(at.timestamp() * 1000)
        if now > self.millis:
            self.millis, self.counter = now, 0
        else:
            self.counter += 1
        return f"{self.millis:013d}.{self.counter:05d}.{self.replica}"


def _iso(at: datetime) -> str:
    return at.strftime("%Y-%m-%dT%H:%M:%S.%f")[:-3] + "Z"


#: storage.values.to_json's encoding (one encoder object: json.dumps per call costs ~3x more).
_to_json = json.JSONEncoder(default=lambda v: v.isoformat(), ensure_ascii=False, separators=(",", ":")).encode


def _uids(rng: random.Random):
    return lambda: f"{rng.getrandbits(128):032x}"


@dataclass
class World:
    """The generated plan, as the operations the write path would have done, in order.

    ``txns()`` yields (actor, source, at, ops), plan by plan, then the officers' edits by day;
    an op is ("create", entity, id, values, reason) or ("set", entity, id, field, value,
    reason). Applying them through storage.writes and through ``bulk_write`` must give identical
    databases (``check_faithful``). Each plan has its own random stream, so a plan is the same
    whatever the size and nothing of one plan is kept while the next is made.
    """

    spec: Spec
    replica: str = ""
    officer_names: list[str] = field(default_factory=list)
    officer_ids: list[str] = field(default_factory=list)
    officer_ops: list[tuple] = field(default_factory=list)

    def txns(self) -> Iterator[tuple[str, str, datetime, list[tuple]]]:
        edits: list[tuple] = []
        remaining = self.spec.actions
        for p in range(self.spec.plans):
            size = min(self.spec.per_plan, remaining)
            remaining -= size
            yield self._plan(p, size, edits)
        edits.sort()
        for day, action_id, rag, actor, reason, progress_id, next_step in edits:
            yield (
                actor,
                "edit",
                day,
                [
                    ("set", "action", action_id, "rag", rag, reason),
                    (
                        "create",
                        "progress",
                        progress_id,
                        {
                            "action_id": action_id,
                            "kind": "next",
                            "text": next_step,
                            "entry_date": day.date(),
                            "author": actor,
                        },
                        None,
                    ),
                ],
            )

    def _plan(self, p: int, size: int, edits: list[tuple]) -> tuple[str, str, datetime, list[tuple]]:
        rng = random.Random((self.spec.seed * 1_000_003 + self.spec.actions) * 100_003 + p)
        uid = _uids(rng)
        names = self.officer_names
        lead_weights = _lead_weights(len(names))
        officer_index = {officer_id: i for i, officer_id in enumerate(self.officer_ids)}
        import_day = NOW - timedelta(days=330)
        at = import_day + timedelta(minutes=7 * p)
        plan_id, source_key = uid(), f"bench-plan-{p:03d}"
        ops = list(self.officer_ops) if p == 0 else []
        reason = f"imported from {source_key}"
        ops.append(
            (
                "create",
                "plan",
                plan_id,
                {
                    "title": plan_title(p),
                    "organisation": rng.choice(ORGANISATIONS),
                    "overseeing_body": rng.choice(BODIES),
                    "as_at": date(2026, 7, 22),
                    "source_key": source_key,
                    "rag_definitions": _RAG_DEFINITIONS,
                },
                reason,
            )
        )
        theme_ids = []
        for t, name in enumerate(THEMES):
            theme_ids.append(uid())
            ops.append(("create", "theme", theme_ids[-1], {"plan_id": plan_id, "name": name, "position": t}, reason))
        made = 0
        objective_no = 0
        while made < size:
            count = min(rng.randrange(6, 15), size - made)
            objective_no += 1
            objective_id = uid()
            ops.append(
                (
                    "create",
                    "objective",
                    objective_id,
                    {
                        "plan_id": plan_id,
                        "ref": str(objective_no),
                        "text": f"{rng.choice(VERBS)} {rng.choice(OBJECTS)} {rng.choice(PURPOSES)}",
                        "theme_id": theme_ids[min(len(THEMES) * made // size, len(THEMES) - 1)],
                        "position": objective_no - 1,
                    },
                    reason,
                )
            )
            for k in range(count):
                action_id = uid()
                final = rng.choices(("red", "amber", "green", "blue", None), (15, 30, 35, 10, 10))[0]
                status = "open"
                if final == "blue":
                    status = "complete" if rng.random() < 0.9 else "open"
                elif rng.random() < 0.03:
                    status = rng.choice(("withdrawn", "withdrawn", "superseded"))
                edited = status == "open" and final in ("red", "amber", "green") and rng.random() < 0.3
                initial = rng.choice([r for r in ("red", "amber", "green") if r != final]) if edited else final
                n_leads = rng.choices((1, 2, 3), (55, 30, 15))[0]
                leads = list(dict.fromkeys(rng.choices(self.officer_ids, cum_weights=lead_weights, k=n_leads)))
                text = f"{rng.choice(VERBS)} {rng.choice(OBJECTS)} {rng.choice(PURPOSES)}"
                if rng.random() < 0.3:
                    text += f"\n{rng.choice(PURPOSES).capitalize()}"
                ops.append(
                    (
                        "create",
                        "action",
                        action_id,
                        {
                            "plan_id": plan_id,
                            "objective_id": objective_id,
                            "ref": f"{objective_no}{chr(97 + k)}",
                            "text": text,
                            "timescale": timescale(rng),
                            "status": status,
                            "rag": initial,
                            "leads": leads,
                            "position": k,
                        },
                        reason,
                    )
                )
                for _ in range(rng.choice((3, 4, 5, 5, 5, 6))):
                    kind = rng.choices(("achieved", "next", "note"), (50, 35, 15))[0]
                    y = rng.choice((2014, 2015, 2021, 2025, 2026))
                    template = rng.choice(PROGRESS_TEXT[kind])
                    words = {
                        "y": y,
                        "yy": (y + 1) % 100,
                        "m": rng.choice(MONTHS),
                        "n": rng.randrange(2, 30),
                        "i": "".join(w[0] for w in names[0].split()),
                    }
                    entry_date = date(y, rng.randrange(1, 13), rng.randrange(1, 29)) if rng.random() < 0.8 else None
                    ops.append(
                        (
                            "create",
                            "progress",
                            uid(),
                            {
                                "action_id": action_id,
                                "kind": kind,
                                "text": template.format(**words),
                                "entry_date": entry_date,
                                "author": "",
                            },
                            None,
                        )
                    )
                if edited:
                    day = import_day + timedelta(days=rng.uniform(1, 329))
                    edits.append(
                        (
                            day,
                            action_id,
                            final,
                            names[officer_index[leads[0]]],
                            rng.choice(RAG_REASONS[final]).format(m=rng.choice(MONTHS)),
                            uid(),
                            rng.choice(PROGRESS_TEXT["next"]).format(y=2026, yy=27, m="May", n=3, i=""),
                        )
                    )
                made += 1
        return ("Bench Importer", "import", at, ops)


_RAG_DEFINITIONS = _to_json(
    {
        "red": "Substantial challenges encountered",
        "amber": "Started, with some challenges being encountered",
        "green": "On schedule, no or minor challenges",
        "blue": "Complete",
    }
)


def plan_title(p: int) -> str:
    return f"{PLAN_TOPICS[p % len(PLAN_TOPICS)]} {2020 + p % 7}/{(21 + p % 7) % 100:02d} #{p + 1}"


def _lead_weights(officers: int) -> list[float]:
    """Leads follow a skewed distribution: a few officers lead a lot."""
    return list(itertools.accumulate(1.0 / (i + 3) ** 0.8 for i in range(officers)))


def build_world(spec: Spec) -> World:
    """The officers now; the plans as ``World.txns()`` is read."""
    rng = random.Random(spec.seed * 1_000_003 + spec.actions)
    uid = _uids(rng)
    world = World(spec, replica=uid())
    names: list[str] = []
    seen: set[str] = set()
    while len(names) < spec.officers:
        name = f"{rng.choice(FIRST)} {rng.choice(LAST)}"
        if len(seen) >= len(FIRST) * len(LAST) - 5:
            name = f"{name} {len(names)}"
        if name not in seen:
            seen.add(name)
            names.append(name)
    for name in names:
        officer_id = uid()
        world.officer_ids.append(officer_id)
        initials = "".join(w[0] for w in name.replace("-", " ").split()[:2]).upper()
        world.officer_ops.append(
            (
                "create",
                "officer",
                officer_id,
                {
                    "name": name,
                    "initials": initials,
                    "job_title": rng.choice(JOB_TITLES),
                    "email": name.lower().replace(" ", ".").replace("'", "") + "@council.gov.uk",
                    "phone": f"0113 {rng.randrange(100, 999)} {rng.randrange(1000, 9999)}",
                    "team": rng.choice(TEAMS),
                },
                None,
            )
        )
    world.officer_names = names
    return world


# --- writing ------------------------------------------------------------------------------

_COLUMNS = {
    "plan": (
        "id",
        "title",
        "organisation",
        "overseeing_body",
        "approved_on",
        "as_at",
        "rag_definitions",
        "lead_contact",
        "strategic_lead",
        "source_key",
        "created_at",
        "updated_at",
        "deleted",
    ),
    "theme": ("id", "plan_id", "name", "position", "deleted"),
    "objective": ("id", "plan_id", "theme_id", "ref", "text", "criteria", "position", "deleted"),
    "action": (
        "id",
        "plan_id",
        "objective_id",
        "ref",
        "text",
        "status",
        "rag",
        "timescale",
        "due_start",
        "due_end",
        "ongoing",
        "undated",
        "timescale_understood",
        "position",
        "created_at",
        "updated_at",
        "last_update",
        "deleted",
    ),
    "officer": ("id", "name", "initials", "job_title", "team", "email", "phone", "created_at", "deleted"),
    "progress": ("id", "action_id", "kind", "entry_date", "author", "text", "created_at", "deleted"),
}
_CHANGE_COLUMNS = (
    "id",
    "seq",
    "txn_id",
    "replica_id",
    "stamp",
    "actor",
    "at",
    "entity",
    "entity_id",
    "field",
    "old_value",
    "new_value",
    "reason",
    "supersedes",
    "source",
)


def _sql_value(value):
    if isinstance(value, bool):
        return int(value)
    if isinstance(value, date):
        return value.isoformat()
    return value


def _row_tuple(entity: str, row: dict) -> tuple:
    """``row`` as the INSERT's values for ``entity`` (dates as ISO text, booleans as 0/1)."""
    return tuple([_sql_value(row.get(c)) for c in _COLUMNS[entity]])


class _BulkWriter:
    """Rows of one batch of transactions at a time, as the write path would have left them.

    Actions stay in memory until their batch is written; a later edit of an action already
    written reads its three changing columns back (``_action``) and updates them."""

    def __init__(self, conn: sqlite3.Connection, replica: str, uid_seed: int) -> None:
        self.conn = conn
        self.replica = replica
        self.uid = _uids(random.Random(uid_seed))
        self.clock = _Clock(replica)
        self.seq = 0
        self.parsed: dict[tuple[str, date], object] = {}
        self._reset()

    def _reset(self) -> None:
        self.rows: dict[str, list[tuple]] = {name: [] for name in _COLUMNS}
        self.actions: dict[str, dict] = {}  # created in this batch: id -> row
        self.edited: dict[str, dict] = {}  # written before, changed in this batch
        self.leads: list[tuple] = []
        self.changes: list[tuple] = []
        self.heads: list[tuple] = []

    def _action(self, action_id: str) -> dict:
        row = self.actions.get(action_id) or self.edited.get(action_id)
        if row is None:
            rag, updated_at, last_update = self.conn.execute(
                "SELECT rag, updated_at, last_update FROM action WHERE id = ?", [action_id]
            ).fetchone()
            row = self.edited[action_id] = {
                "rag": rag,
                "updated_at": updated_at,
                "last_update": date.fromisoformat(last_update) if last_update else None,
            }
        return row

    def _change(self, txn_id, actor, at_time, at, entity, entity_id, field_name, old, new, reason, source) -> str:
        change_id = self.uid()
        self.changes.append(
            (
                change_id,
                self.seq,
                txn_id,
                self.replica,
                self.clock.tick(at_time),
                actor,
                at,
                entity,
                entity_id,
                field_name,
                old,
                new,
                reason,
                "[]",
                source,
            )
        )
        return change_id

    def add(self, actor: str, source: str, at_time: datetime, ops: list[tuple]) -> None:
        from models.timescale import parse_timescale

        txn_id, at = self.uid(), _iso(at_time)
        at_day = date.fromisoformat(at[:10])
        officer_edit = source != "import"
        for op in ops:
            self.seq += 1
            if op[0] == "create":
                _, entity, entity_id, values, reason = op
                self._change(
                    txn_id, actor, at_time, at, entity, entity_id, "_create", None, _to_json(values), reason, source
                )
                row = {k: v for k, v in values.items() if k != "leads"}
                row["id"] = entity_id
                row["deleted"] = False
                if entity == "action":
                    key = (row["timescale"], at_day)
                    if key not in self.parsed:
                        self.parsed[key] = parse_timescale(row["timescale"], reference=at_day)
                    ts = self.parsed[key]
                    row.update(
                        due_start=ts.start,
                        due_end=ts.end,
                        ongoing=ts.ongoing,
                        undated=ts.undated,
                        timescale_understood=ts.understood,
                        created_at=at,
                        updated_at=at,
                        last_update=at_day if officer_edit else None,
                    )
                    self.actions[entity_id] = row
                    self.leads.extend((entity_id, o, i) for i, o in enumerate(values.get("leads") or []))
                    continue
                if "created_at" in _COLUMNS[entity]:
                    row["created_at"] = at
                if entity == "plan":
                    row["updated_at"] = ""
                self.rows[entity].append(_row_tuple(entity, row))
                if entity == "progress":
                    action = self._action(values["action_id"])
                    action["updated_at"] = max(action["updated_at"], at)
                    if officer_edit:
                        action["last_update"] = max(action["last_update"] or at_day, at_day)
                    entry = values.get("entry_date")
                    if entry is not None and entry <= at_day:
                        action["last_update"] = max(action["last_update"] or entry, entry)
            else:
                _, entity, entity_id, field_name, value, reason = op
                assert entity == "action" and field_name == "rag", op
                action = self._action(entity_id)
                old = action["rag"]
                change_id = self._change(
                    txn_id,
                    actor,
                    at_time,
                    at,
                    entity,
                    entity_id,
                    field_name,
                    None if old is None else _to_json(old),
                    _to_json(value),
                    reason,
                    source,
                )
                self.heads.append((entity, entity_id, field_name, change_id))
                action["rag"] = value
                action["updated_at"] = max(action["updated_at"], at)
                if officer_edit:
                    action["last_update"] = max(action["last_update"] or at_day, at_day)

    def flush(self) -> None:
        conn = self.conn
        self.rows["action"] = [_row_tuple("action", a) for a in self.actions.values()]
        for entity in ("officer", "plan", "theme", "objective", "action", "progress"):
            if self.rows[entity]:
                columns = _COLUMNS[entity]
                conn.executemany(
                    f"INSERT INTO {entity} ({','.join(columns)}) VALUES ({','.join('?' * len(columns))})",
                    self.rows[entity],
                )
        conn.executemany(
            "UPDATE action SET rag = ?, updated_at = ?, last_update = ? WHERE id = ?",
            [(a["rag"], a["updated_at"], _sql_value(a["last_update"]), i) for i, a in self.edited.items()],
        )
        conn.executemany("INSERT INTO action_lead (action_id, officer_id, position) VALUES (?,?,?)", self.leads)
        conn.executemany(
            f"INSERT INTO change ({','.join(_CHANGE_COLUMNS)}) VALUES ({','.join('?' * len(_CHANGE_COLUMNS))})",
            self.changes,
        )
        conn.executemany("INSERT INTO field_head (entity, entity_id, field, change_id) VALUES (?,?,?,?)", self.heads)
        self._reset()


#: Edits are small transactions: written in batches of this many.
_EDIT_BATCH = 5000


def bulk_write(path: Path, world: World, uid_seed: int = 1, edit_batch: int = _EDIT_BATCH) -> None:
    """Write ``world`` into a new ragtrack database at ``path`` with executemany, one plan (or
    one batch of edits) at a time.

    The schema is made by ragtrack itself (``Store.open``), so the file is a ragtrack
    database of the current schema version; only the rows are written here.
    """
    from storage.db import Store

    Store.open(path).close()
    conn = sqlite3.connect(str(path))
    # A throw-away file until it is renamed into place: no journal, a big page cache (UUID keys
    # land all over every index), and back to WAL, as ragtrack leaves its files, at the end.
    conn.execute("PRAGMA journal_mode = OFF")
    conn.execute("PRAGMA synchronous = OFF")
    conn.execute("PRAGMA cache_size = -1000000")
    # Secondary indexes are built once at the end (a sort each) rather than kept up to date row by
    # row: with random UUID keys that upkeep is most of the time for a million actions.
    indexes = conn.execute(
        "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL ORDER BY rowid"
    ).fetchall()
    for name, _sql in indexes:
        conn.execute(f'DROP INDEX "{name}"')
    writer = _BulkWriter(conn, world.replica, uid_seed)
    with conn:
        pending = 0
        for actor, source, at_time, ops in world.txns():
            writer.add(actor, source, at_time, ops)
            pending += 1
            if source == "import" or pending >= edit_batch:
                writer.flush()
                pending = 0
        writer.flush()
        conn.execute("DELETE FROM setting WHERE key IN ('replica_id', 'clock')")
        conn.execute("INSERT INTO setting (key, value) VALUES ('replica_id', ?)", [world.replica])
        clock = writer.clock
        conn.execute(
            "INSERT INTO setting (key, value) VALUES ('clock', ?)",
            [f"{clock.millis:013d}.{clock.counter:05d}.{world.replica}"],
        )
        for _name, sql in indexes:
            conn.execute(sql)
    conn.execute("PRAGMA journal_mode = WAL")
    conn.close()


def write_through_ragtrack(path: Path, world: World) -> None:
    """Apply ``world`` through ragtrack's one write path (slow: for ``check_faithful`` only)."""
    from unittest import mock

    from storage.db import Store
    from storage.db.settings import Key
    from storage.writes import edit

    db = Store.open(path)
    with db.write(actor="Bench") as txn:
        txn.settings.put(Key.REPLICA_ID, world.replica)
    try:
        for actor, source, at_time, ops in world.txns():
            with (
                mock.patch("storage.clock.utc_now_iso", return_value=_iso(at_time)),  # read when a write begins
                mock.patch("storage.clock.time.time", return_value=at_time.timestamp()),
                edit(db, actor=actor, source=source) as editor,
            ):
                for op in ops:
                    if op[0] == "create":
                        _, entity, entity_id, values, reason = op
                        editor.create(entity, reason=reason, id=entity_id, **values)
                    else:
                        _, entity, entity_id, field_name, value, reason = op
                        editor.set(entity, entity_id, field_name, value, reason=reason)
    finally:
        db.close()


_IGNORED = {"change": ("id", "txn_id"), "field_head": ("change_id",)}


def _dump(path: Path) -> dict[str, list[tuple]]:
    conn = sqlite3.connect(str(path))
    try:
        tables = [r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table' ORDER BY name")]
        result = {}
        for table in tables:
            columns = [r[1] for r in conn.execute(f"PRAGMA table_info({table})") if r[1] not in _IGNORED.get(table, ())]
            order = "seq" if table == "change" else ",".join(columns)
            result[table] = [
                tuple(r) for r in conn.execute(f"SELECT {','.join(columns)} FROM {table} ORDER BY {order}")
            ]
            result[table + " (types)"] = sorted(
                {tuple(r) for r in conn.execute(f"SELECT {','.join(f'typeof({c})' for c in columns)} FROM {table}")}
            )
        result["pragmas"] = [conn.execute(f"PRAGMA {p}").fetchone() for p in ("application_id", "user_version")]
        result["schema"] = sorted(
            (r[0], r[1], r[2] or "") for r in conn.execute("SELECT type, name, sql FROM sqlite_master")
        )
        return result
    finally:
        conn.close()


def check_faithful(workdir: Path, actions: int = 80) -> list[str]:
    """Build a small world both ways; return the differences (empty: the bulk writer is faithful).

    Two plans, and edits written in batches of three, so writing plan by plan and editing
    actions written in an earlier batch are both compared."""
    spec = Spec(actions=actions, seed=99, per_plan=actions // 2)
    world = build_world(spec)
    bulk, slow = workdir / "faithful-bulk.db", workdir / "faithful-writepath.db"
    for path in (bulk, slow):
        for suffix in ("", "-wal", "-shm"):
            Path(f"{path}{suffix}").unlink(missing_ok=True)
    bulk_write(bulk, world, edit_batch=3)
    write_through_ragtrack(slow, world)
    a, b = _dump(bulk), _dump(slow)
    problems = []
    for table in sorted(set(a) | set(b)):
        if a.get(table) != b.get(table):
            left, right = a.get(table, []), b.get(table, [])
            first = next(
                (i for i, (x, y) in enumerate(zip(left, right, strict=False)) if x != y), min(len(left), len(right))
            )
            problems.append(
                f"{table}: {len(left)} bulk rows vs {len(right)} write-path rows; first difference "
                f"at {first}: {left[first] if first < len(left) else None!r} != "
                f"{right[first] if first < len(right) else None!r}"
            )
    return problems


def cache_dir() -> Path:
    """Where generated databases are kept: $RAGTRACK_BENCH_CACHE, else the user's cache folder.

    Shared by every clone on the machine (the 1,000,000-action database takes ~6 GB and a few
    minutes to make); the file name carries the generator version and the schema's fingerprint,
    so a clone with another schema gets its own file."""
    configured = os.environ.get("RAGTRACK_BENCH_CACHE")
    if configured:
        return Path(configured)
    from platformdirs import user_cache_dir

    return Path(user_cache_dir("ragtrack-bench"))


def schema_fingerprint() -> str:
    """A short hash of the schema ragtrack creates today (tables, indexes, version pragmas)."""
    import tempfile

    from storage.db import Store

    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "schema.db"
        Store.open(path).close()
        conn = sqlite3.connect(str(path))
        try:
            sql = [r[0] or "" for r in conn.execute("SELECT sql FROM sqlite_master ORDER BY type, name")]
            sql += [str(conn.execute(f"PRAGMA {p}").fetchone()[0]) for p in ("application_id", "user_version")]
        finally:
            conn.close()
    return hashlib.sha256("\n".join(sql).encode()).hexdigest()[:10]


#: A cached database of another generator version or schema, untouched for this long, is removed
#: when a new one of its size is made (another clone may still use a recent one).
_STALE_DAYS = 3


def database_for(actions: int, log=print, folder: Path | None = None) -> Path:
    """The cached database of ``actions`` actions, generated if missing (several benches at once
    each write their own partial file; the first to finish wins)."""
    import time

    folder = folder or cache_dir()
    path = folder / f"plan-{actions}-g{GENERATOR_VERSION}-{schema_fingerprint()}.db"
    if path.exists():
        return path
    folder.mkdir(parents=True, exist_ok=True)
    for old in folder.glob(f"plan-{actions}-*.db"):
        try:
            if time.time() - old.stat().st_mtime > _STALE_DAYS * 86400:
                old.unlink()
                log(f"  removed {old.name} (another generator version or schema, unused for {_STALE_DAYS} days)")
        except OSError:
            pass
    partial = folder / f".{path.name}.{os.getpid()}.part"
    started = time.perf_counter()
    log(f"  generating {actions:,} actions into {folder} (once; cached for later runs)...")
    try:
        bulk_write(partial, build_world(Spec(actions)))
        for suffix in ("-wal", "-shm"):
            Path(f"{partial}{suffix}").unlink(missing_ok=True)
        partial.replace(path)
    finally:
        for suffix in ("", "-wal", "-shm"):
            Path(f"{partial}{suffix}").unlink(missing_ok=True)
    log(f"  generated {path.name} ({actions:,} actions) in {time.perf_counter() - started:.1f} s")
    return path


def world_facts(path: Path) -> dict[str, int]:
    conn = sqlite3.connect(str(path))
    try:
        facts = {
            t: conn.execute(f"SELECT count(*) FROM {t}").fetchone()[0]
            for t in ("plan", "objective", "action", "officer", "action_lead", "progress", "change")
        }
        facts.update(
            {f"rag {r or 'none'}": n for r, n in conn.execute("SELECT rag, count(*) FROM action GROUP BY rag")}
        )
        return facts
    finally:
        conn.close()
