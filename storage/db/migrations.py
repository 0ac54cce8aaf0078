"""Schema versions. Each step takes a database at version N-1 to N inside one write transaction,
after ``storage.db.store`` has backed the file up with SQLite's backup API.

The steps are SQL text, frozen: a step never changes once released (a later change to the tables
adds a step: ALTER TABLE, or copy-and-swap). ``models/tables.py`` (SQLModel) stays the definition
of record: ``tests/test_schema.py`` checks that running every step gives exactly the schema the
SQLModel tables describe, so the two cannot drift apart. Being plain SQL, creating and upgrading
a database needs neither SQLAlchemy nor SQLModel at run time.
"""

from __future__ import annotations

import sqlite3

#: "RGTR": what tells a ragtrack database from any other SQLite file.
APPLICATION_ID = 0x52475452

# Version 1: the tables as first released.
_VERSION_1 = (
    """CREATE TABLE "plan" (
        id VARCHAR NOT NULL,
        title VARCHAR NOT NULL,
        organisation VARCHAR,
        overseeing_body VARCHAR,
        approved_on DATE,
        as_at DATE,
        rag_definitions VARCHAR NOT NULL,
        lead_contact VARCHAR,
        strategic_lead VARCHAR,
        source_key VARCHAR,
        created_at VARCHAR NOT NULL,
        updated_at VARCHAR NOT NULL,
        deleted BOOLEAN NOT NULL,
        PRIMARY KEY (id)
)""",
    'CREATE INDEX ix_plan_source_key ON "plan" (source_key)',
    """CREATE TABLE officer (
        id VARCHAR NOT NULL,
        name VARCHAR NOT NULL,
        initials VARCHAR,
        job_title VARCHAR,
        team VARCHAR,
        email VARCHAR,
        phone VARCHAR,
        created_at VARCHAR NOT NULL,
        deleted BOOLEAN NOT NULL,
        PRIMARY KEY (id)
)""",
    "CREATE INDEX ix_officer_name ON officer (name)",
    "CREATE INDEX ix_officer_initials ON officer (initials)",
    """CREATE TABLE change (
        id VARCHAR NOT NULL,
        seq INTEGER,
        txn_id VARCHAR NOT NULL,
        replica_id VARCHAR NOT NULL,
        stamp VARCHAR NOT NULL,
        actor VARCHAR NOT NULL,
        at VARCHAR NOT NULL,
        entity VARCHAR NOT NULL,
        entity_id VARCHAR NOT NULL,
        field VARCHAR NOT NULL,
        old_value VARCHAR,
        new_value VARCHAR,
        reason VARCHAR,
        supersedes VARCHAR NOT NULL,
        source VARCHAR NOT NULL,
        PRIMARY KEY (id)
)""",
    "CREATE INDEX ix_change_txn ON change (txn_id)",
    "CREATE INDEX ix_change_entity ON change (entity, entity_id, field)",
    "CREATE UNIQUE INDEX ix_change_seq ON change (seq)",
    """CREATE TABLE setting (
        "key" VARCHAR NOT NULL,
        value VARCHAR NOT NULL,
        PRIMARY KEY ("key")
)""",
    """CREATE TABLE theme (
        id VARCHAR NOT NULL,
        plan_id VARCHAR NOT NULL,
        name VARCHAR NOT NULL,
        position INTEGER NOT NULL,
        deleted BOOLEAN NOT NULL,
        PRIMARY KEY (id),
        FOREIGN KEY(plan_id) REFERENCES "plan" (id)
)""",
    "CREATE INDEX ix_theme_plan_id ON theme (plan_id)",
    """CREATE TABLE review (
        id VARCHAR NOT NULL,
        plan_id VARCHAR NOT NULL,
        as_at DATE NOT NULL,
        label VARCHAR NOT NULL,
        started_at VARCHAR NOT NULL,
        started_by VARCHAR,
        deleted BOOLEAN NOT NULL,
        PRIMARY KEY (id),
        FOREIGN KEY(plan_id) REFERENCES "plan" (id)
)""",
    "CREATE INDEX ix_review_plan_id ON review (plan_id)",
    """CREATE TABLE field_head (
        entity VARCHAR NOT NULL,
        entity_id VARCHAR NOT NULL,
        field VARCHAR NOT NULL,
        change_id VARCHAR NOT NULL,
        PRIMARY KEY (entity, entity_id, field, change_id),
        FOREIGN KEY(change_id) REFERENCES change (id)
)""",
    """CREATE TABLE objective (
        id VARCHAR NOT NULL,
        plan_id VARCHAR NOT NULL,
        theme_id VARCHAR,
        ref VARCHAR NOT NULL,
        text VARCHAR NOT NULL,
        criteria VARCHAR,
        position INTEGER NOT NULL,
        deleted BOOLEAN NOT NULL,
        PRIMARY KEY (id),
        FOREIGN KEY(plan_id) REFERENCES "plan" (id),
        FOREIGN KEY(theme_id) REFERENCES theme (id)
)""",
    "CREATE INDEX ix_objective_plan_id ON objective (plan_id)",
    """CREATE TABLE action (
        id VARCHAR NOT NULL,
        plan_id VARCHAR NOT NULL,
        objective_id VARCHAR NOT NULL,
        ref VARCHAR NOT NULL,
        text VARCHAR NOT NULL,
        status VARCHAR NOT NULL,
        rag VARCHAR,
        timescale VARCHAR NOT NULL,
        due_start DATE,
        due_end DATE,
        ongoing BOOLEAN NOT NULL,
        undated BOOLEAN NOT NULL,
        timescale_understood BOOLEAN NOT NULL,
        position INTEGER NOT NULL,
        created_at VARCHAR NOT NULL,
        updated_at VARCHAR NOT NULL,
        last_update DATE,
        deleted BOOLEAN NOT NULL,
        PRIMARY KEY (id),
        FOREIGN KEY(plan_id) REFERENCES "plan" (id),
        FOREIGN KEY(objective_id) REFERENCES objective (id)
)""",
    "CREATE INDEX ix_action_rag ON action (rag)",
    "CREATE INDEX ix_action_objective ON action (objective_id)",
    "CREATE INDEX ix_action_plan_position ON action (plan_id, position)",
    "CREATE INDEX ix_action_due ON action (status, due_end)",
    "CREATE INDEX ix_action_last_update ON action (last_update)",
    """CREATE TABLE action_lead (
        action_id VARCHAR NOT NULL,
        officer_id VARCHAR NOT NULL,
        position INTEGER NOT NULL,
        PRIMARY KEY (action_id, officer_id),
        FOREIGN KEY(action_id) REFERENCES action (id),
        FOREIGN KEY(officer_id) REFERENCES officer (id)
)""",
    "CREATE INDEX ix_action_lead_officer_id ON action_lead (officer_id)",
    """CREATE TABLE progress (
        id VARCHAR NOT NULL,
        action_id VARCHAR NOT NULL,
        kind VARCHAR NOT NULL,
        entry_date DATE,
        author VARCHAR,
        text VARCHAR NOT NULL,
        created_at VARCHAR NOT NULL,
        deleted BOOLEAN NOT NULL,
        PRIMARY KEY (id),
        FOREIGN KEY(action_id) REFERENCES action (id)
)""",
    "CREATE INDEX ix_progress_action_id ON progress (action_id)",
    """CREATE TABLE review_entry (
        review_id VARCHAR NOT NULL,
        action_id VARCHAR NOT NULL,
        rag VARCHAR,
        status VARCHAR NOT NULL,
        timescale VARCHAR NOT NULL,
        due_end DATE,
        PRIMARY KEY (review_id, action_id),
        FOREIGN KEY(review_id) REFERENCES review (id),
        FOREIGN KEY(action_id) REFERENCES action (id)
)""",
)

# Version 2: sync's bookkeeping (stores, peers, what a deletion had seen) and its ledger (the
# batches on each store and the changes each holds, a cursor per store, received changes held
# back). Version 1 files may have any of these already (the first release created whatever
# tables the models defined then, and sync created the rest at run time), hence IF NOT EXISTS.
_VERSION_2 = (
    """CREATE TABLE IF NOT EXISTS sync_store (
        store_id VARCHAR NOT NULL,
        folder VARCHAR NOT NULL,
        replica_id VARCHAR NOT NULL,
        sent_seq INTEGER NOT NULL,
        sent_through INTEGER NOT NULL,
        pushed_once BOOLEAN NOT NULL,
        last_synced_at VARCHAR NOT NULL,
        PRIMARY KEY (store_id)
)""",
    """CREATE TABLE IF NOT EXISTS sync_peer (
        store_id VARCHAR NOT NULL,
        replica_id VARCHAR NOT NULL,
        read_seq INTEGER NOT NULL,
        actor VARCHAR NOT NULL,
        host VARCHAR NOT NULL,
        last_sync_at VARCHAR NOT NULL,
        PRIMARY KEY (store_id, replica_id)
)""",
    """CREATE TABLE IF NOT EXISTS change_seen (
        change_id VARCHAR NOT NULL,
        seen VARCHAR NOT NULL,
        PRIMARY KEY (change_id),
        FOREIGN KEY(change_id) REFERENCES change (id)
)""",
    """CREATE TABLE IF NOT EXISTS sync_batch (
        store_id VARCHAR NOT NULL,
        "key" VARCHAR NOT NULL,
        fingerprint VARCHAR NOT NULL,
        author VARCHAR NOT NULL,
        PRIMARY KEY (store_id, "key")
)""",
    """CREATE TABLE IF NOT EXISTS sync_shared (
        store_id VARCHAR NOT NULL,
        change_id VARCHAR NOT NULL,
        batch_key VARCHAR NOT NULL,
        PRIMARY KEY (store_id, change_id, batch_key)
)""",
    "CREATE INDEX IF NOT EXISTS ix_sync_shared_batch ON sync_shared (store_id, batch_key)",
    """CREATE TABLE IF NOT EXISTS sync_cursor (
        store_id VARCHAR NOT NULL,
        cursor VARCHAR NOT NULL,
        PRIMARY KEY (store_id)
)""",
    """CREATE TABLE IF NOT EXISTS sync_held (
        change_id VARCHAR NOT NULL,
        change VARCHAR NOT NULL,
        kind VARCHAR NOT NULL,
        reason VARCHAR NOT NULL,
        actor VARCHAR NOT NULL,
        held_at VARCHAR NOT NULL,
        PRIMARY KEY (change_id)
)""",
)

# Version 3: officers who have left (the day they left: their open actions are listed for
# reassignment) and a duplicate record merged into another (the record kept).
_VERSION_3 = (
    "ALTER TABLE officer ADD COLUMN left_on DATE",
    "ALTER TABLE officer ADD COLUMN merged_into VARCHAR",
)

#: version -> the statements that reach it from the version before.
STEPS: dict[int, tuple[str, ...]] = {1: _VERSION_1, 2: _VERSION_2, 3: _VERSION_3}
#: The schema this ragtrack writes.
SCHEMA_VERSION = max(STEPS)
#: The oldest schema this ragtrack's reads understand as it is: a file opened read-only (which is
#: never upgraded) must be at least this version.
OLDEST_READABLE = 1


def migrate(conn: sqlite3.Connection, from_version: int) -> None:
    """Run every step after ``from_version`` on ``conn`` (inside the caller's transaction) and
    stamp the file as a ragtrack database of ``SCHEMA_VERSION``."""
    if from_version < 0:
        from storage.errors import DamagedDatabase

        raise DamagedDatabase(
            f"the database is damaged: its schema version ({from_version}) is not one ragtrack writes"
        )
    for version in range(from_version + 1, SCHEMA_VERSION + 1):
        for statement in STEPS[version]:
            conn.execute(statement)
    if from_version < SCHEMA_VERSION:
        conn.execute(f"PRAGMA application_id = {APPLICATION_ID}")
        conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")
