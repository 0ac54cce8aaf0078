"""Helpers shared by the sync tests (no tests here): laptops, a small plan, canonical dumps."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

from db_support import Database

from storage.sync import run_sync
from storage.sync.format import Layout, SegmentHeader, encode_segment, segment_name
from storage.writes import edit

#: The tables a laptop shows the plan from, plus the change log: what must converge.
PLAN_TABLES = ("plan", "theme", "objective", "action", "officer", "progress", "action_lead", "review", "field_head")


def connect(db: Database) -> sqlite3.Connection:
    return db.reader() if db.path is None else sqlite3.connect(str(db.path))


def dump(db: Database) -> dict[str, list[tuple]]:
    """Everything every laptop must agree on, in a canonical order (local bookkeeping excluded:
    settings, sync marks, and each laptop's own arrival order ``change.seq``)."""
    conn = connect(db)
    try:
        out = {t: sorted(map(tuple, conn.execute(f'SELECT * FROM "{t}"')), key=repr) for t in PLAN_TABLES}
        columns = [r[1] for r in conn.execute("PRAGMA table_info(change)") if r[1] != "seq"]
        out["change"] = sorted(map(tuple, conn.execute(f"SELECT {', '.join(columns)} FROM change")), key=repr)
        out["change_seen"] = sorted(map(tuple, conn.execute("SELECT * FROM change_seen")), key=repr)
        return out
    finally:
        if db.path is not None:
            conn.close()


def change_ids(db: Database) -> set[str]:
    conn = connect(db)
    try:
        return {r[0] for r in conn.execute("SELECT id FROM change")}
    finally:
        if db.path is not None:
            conn.close()


def integrity(path: Path) -> str:
    conn = sqlite3.connect(str(path))
    try:
        return conn.execute("PRAGMA integrity_check").fetchone()[0]
    finally:
        conn.close()


def seed_plan(db: Database, actions: int = 3) -> dict[str, str]:
    """A plan with one objective, two officers and a few actions, made on ``db``."""
    with edit(db, actor="Setup") as e:
        plan = e.create("plan", title="Care2Work")
        objective = e.create("objective", plan_id=plan, ref="1", text="Commitment")
        jackie = e.create("officer", name="Jackie Roper", initials="JR")
        keith = e.create("officer", name="Keith Lander", initials="KL")
        ids = {"plan": plan, "objective": objective, "jackie": jackie, "keith": keith}
        for n in range(actions):
            ids[f"a{n}"] = e.create_action(
                plan,
                objective,
                f"1{chr(97 + n)}",
                f"Action {n}",
                rag="red",
                leads=[jackie],
                position=n,
                reason="initial",
            )
    return ids


def sync_all(dbs: list[Database], folder: Path, rounds: int = 2, **options) -> None:
    for _ in range(rounds):
        for db in dbs:
            run_sync(db, folder, snapshot=False, **options)


def rag(db: Database, action_id: str) -> str | None:
    conn = connect(db)
    try:
        return conn.execute("SELECT rag FROM action WHERE id = ?", (action_id,)).fetchone()[0]
    finally:
        if db.path is not None:
            conn.close()


def shown(db: Database, entity: str, entity_id: str) -> bool:
    conn = connect(db)
    try:
        return not conn.execute(f'SELECT deleted FROM "{entity}" WHERE id = ?', (entity_id,)).fetchone()[0]
    finally:
        if db.path is not None:
            conn.close()


# --- hostile but hash-valid changes (issue 11 defect 7) -------------------------------------------
#: One crafted change each, as fields to put over a real change of an action's RAG ("{plan}":
#: the plan's id). Every one is well made as a file: right store, hash and count.
HOSTILE = {
    "edit of a record that does not exist": {"entity_id": "0" * 32},
    "broken foreign key": {"field": "leads", "new_value": json.dumps(["1" * 32])},
    "wrong type": {"field": "position", "new_value": json.dumps("first")},
    "bad date": {
        "field": "_create",
        "entity": "review",
        "entity_id": "2" * 32,
        "new_value": json.dumps({"plan_id": "{plan}", "as_at": "2026-02-31"}),
    },
    "purple": {"new_value": json.dumps("purple")},
    "bad time": {"at": "yesterday"},
}


def write_hostile(folder: Path, template: dict, replica: str = "e" * 32, change_id: str = "f" * 32, **changes) -> str:
    """Put on the share at ``folder`` a well-made segment file (right store, hash and count) of
    replica ``replica`` holding one crafted change: ``template`` (a change as it travels) with
    ``changes`` over it. Returns the crafted change's id."""
    store = json.loads((folder / "FORMAT").read_text())["store_id"]
    op = {**template, "id": change_id, "txn_id": change_id, "replica_id": replica, **changes}
    header = SegmentHeader(store, replica, 1, "0badc0de", {}, "2026-01-01T00:00:00.000Z", "Mallory", "evil")
    data, digest = encode_segment(header, [op])
    directory = Layout(folder).replica(replica)
    directory.mkdir(parents=True, exist_ok=True)
    (directory / segment_name(1, "0badc0de", digest)).write_bytes(data)
    return change_id
