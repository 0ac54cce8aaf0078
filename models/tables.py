"""The SQLModel tables: the schema of record for a ragtrack database.

Every row has a random 128-bit primary key (32 hex digits) made on the laptop that created it, so
rows keep their identity when laptops exchange changes (see storage/sync). Rows are never
hard-deleted: ``deleted`` marks a tombstone, so a deletion is an edit like any other and ids are
never reused.

Timestamps are ISO 8601 UTC strings (``2026-11-22T23:40:16.123Z``): they sort as text and read the
same from SQLAlchemy and from the standard library's sqlite3 (the light read path).
Dates (due dates, "as at", progress dates) are ISO ``YYYY-MM-DD``.
"""

from __future__ import annotations

from datetime import date

from sqlalchemy import Index, Table
from sqlmodel import Field, SQLModel

from models.ids import new_id


class Plan(SQLModel, table=True):
    id: str = Field(default_factory=new_id, primary_key=True)
    title: str
    organisation: str | None = None
    overseeing_body: str | None = None
    approved_on: date | None = None
    as_at: date | None = None
    rag_definitions: str = "{}"  # JSON object: {"red": "...", "amber": ..., "green": ..., "blue": ...}
    lead_contact: str | None = None
    strategic_lead: str | None = None
    source_key: str | None = Field(default=None, index=True)  # the file a plan was imported from
    created_at: str = ""
    updated_at: str = ""
    deleted: bool = False


class Theme(SQLModel, table=True):
    id: str = Field(default_factory=new_id, primary_key=True)
    plan_id: str = Field(foreign_key="plan.id", index=True)
    name: str
    position: int = 0
    deleted: bool = False


class Objective(SQLModel, table=True):
    id: str = Field(default_factory=new_id, primary_key=True)
    plan_id: str = Field(foreign_key="plan.id", index=True)
    theme_id: str | None = Field(default=None, foreign_key="theme.id")
    ref: str
    text: str = ""
    criteria: str | None = None
    position: int = 0
    deleted: bool = False


class Action(SQLModel, table=True):
    __table_args__ = (
        Index("ix_action_plan_position", "plan_id", "position"),
        Index("ix_action_objective", "objective_id"),
        Index("ix_action_rag", "rag"),
        Index("ix_action_due", "status", "due_end"),
        Index("ix_action_last_update", "last_update"),
    )

    id: str = Field(default_factory=new_id, primary_key=True)
    plan_id: str = Field(foreign_key="plan.id")
    objective_id: str = Field(foreign_key="objective.id")
    ref: str
    text: str = ""
    status: str = "open"  # models.domain.Status
    rag: str | None = None  # models.domain.Rag value, NULL = not rated
    timescale: str = ""  # exactly as written
    # Derived from ``timescale`` by models.timescale (never edited directly):
    due_start: date | None = None
    due_end: date | None = None
    ongoing: bool = False
    undated: bool = True
    timescale_understood: bool = True
    position: int = 0
    created_at: str = ""
    # Both below only ever move forward (max of what each change brings), so every laptop derives
    # the same values whatever order it receives the changes in.
    updated_at: str = ""  # the latest change of any kind to the action or its progress
    last_update: date | None = None  # the latest progress date or officer's edit (not imports)
    deleted: bool = False


class Officer(SQLModel, table=True):
    id: str = Field(default_factory=new_id, primary_key=True)
    name: str = Field(index=True)
    initials: str | None = Field(default=None, index=True)
    job_title: str | None = None
    team: str | None = None
    email: str | None = None
    phone: str | None = None
    created_at: str = ""
    deleted: bool = False
    left_on: date | None = None  # the day they left: no longer offered as a lead
    merged_into: str | None = None  # a duplicate record: the officer it was merged into


class ActionLead(SQLModel, table=True):
    """An officer leading an action. Position 0 is the primary lead.

    Materialised from the action's ``leads`` field (a list of officer ids) so filters by officer
    run on an index.
    """

    __tablename__ = "action_lead"
    action_id: str = Field(foreign_key="action.id", primary_key=True)
    officer_id: str = Field(foreign_key="officer.id", primary_key=True, index=True)
    position: int = 0


class Progress(SQLModel, table=True):
    id: str = Field(default_factory=new_id, primary_key=True)
    action_id: str = Field(foreign_key="action.id", index=True)
    kind: str = "note"  # models.domain.ProgressKind
    entry_date: date | None = None
    author: str | None = None
    text: str = ""
    created_at: str = ""
    deleted: bool = False


class Review(SQLModel, table=True):
    """A dated review point of a plan (a committee meeting); reports compare against it."""

    id: str = Field(default_factory=new_id, primary_key=True)
    plan_id: str = Field(foreign_key="plan.id", index=True)
    as_at: date
    label: str = ""
    started_at: str = ""
    started_by: str | None = None
    deleted: bool = False


class ReviewEntry(SQLModel, table=True):
    """An action as it stood at a review: the snapshot reports compare with."""

    __tablename__ = "review_entry"
    review_id: str = Field(foreign_key="review.id", primary_key=True)
    action_id: str = Field(foreign_key="action.id", primary_key=True)
    rag: str | None = None
    status: str = "open"
    timescale: str = ""
    due_end: date | None = None


class Change(SQLModel, table=True):
    """One edit of one field: the change log and, for sync, the operation exchanged.

    ``supersedes`` lists the ids of the changes to the same field that the editor had seen (the
    field's heads at the time), which is what lets sync tell a real conflict from a later edit
    without trusting laptop clocks. ``stamp`` is a hybrid logical clock reading, used only to
    pick a deterministic default among real conflicts.
    """

    __table_args__ = (
        Index("ix_change_entity", "entity", "entity_id", "field"),
        Index("ix_change_txn", "txn_id"),
    )

    id: str = Field(default_factory=new_id, primary_key=True)
    seq: int | None = Field(default=None, index=True, unique=True)  # local order of arrival
    txn_id: str  # every change of one user action shares it (undo works per txn)
    replica_id: str
    stamp: str
    actor: str
    at: str  # wall-clock time on the editing laptop (for people, not for ordering)
    entity: str  # table name: plan, theme, objective, action, officer, progress, review
    entity_id: str
    field: str  # a column name, or "_create" / "_delete"
    old_value: str | None = None  # JSON
    new_value: str | None = None  # JSON
    reason: str | None = None
    supersedes: str = "[]"  # JSON list of change ids
    source: str = "edit"  # "edit", "import", "undo", "sync-resolve"


class FieldHead(SQLModel, table=True):
    """The changes of a field that no other change supersedes. Two or more heads = a conflict."""

    __tablename__ = "field_head"
    entity: str = Field(primary_key=True)
    entity_id: str = Field(primary_key=True)
    field: str = Field(primary_key=True)
    change_id: str = Field(primary_key=True, foreign_key="change.id")


class Setting(SQLModel, table=True):
    """Per-database settings: this laptop's replica id, the officer using it, the sync folder."""

    key: str = Field(primary_key=True)
    value: str


class ChangeSeen(SQLModel, table=True):
    """For a deletion: the changes to the deleted record (and its progress) its author had seen.

    Sync uses it to tell an edit made before a deletion from one made without knowing of it
    (an edit/delete conflict keeps the record). Travels with the change; see storage/sync.
    """

    __tablename__ = "change_seen"
    change_id: str = Field(primary_key=True, foreign_key="change.id")
    seen: str = "[]"  # JSON list of change ids


class SyncStore(SQLModel, table=True):
    """Local sync bookkeeping for one shared store (a sync folder): what this laptop has sent."""

    __tablename__ = "sync_store"
    store_id: str = Field(primary_key=True)
    folder: str = ""  # the folder as last given on this laptop
    replica_id: str = ""  # the replica that sent_seq counts for
    sent_seq: int = 0  # the last segment this replica wrote to the store
    sent_through: int = 0  # Change.seq up to which this laptop's own changes are on the store
    pushed_once: bool = False  # False until this database first sends (the first send sends everything)
    last_synced_at: str = ""


class SyncPeer(SQLModel, table=True):
    """Local sync bookkeeping: how far each replica's segments in a store have been applied here."""

    __tablename__ = "sync_peer"
    store_id: str = Field(primary_key=True)
    replica_id: str = Field(primary_key=True)
    read_seq: int = 0  # segments 1..read_seq of this replica are applied
    actor: str = ""  # who last synced from that replica, when and where (from its heartbeat)
    host: str = ""
    last_sync_at: str = ""


class SyncBatch(SQLModel, table=True):
    """Local sync ledger: a batch of changes this laptop took from a store or published to it
    (a segment file in a folder, a push on a hub), as the place named it."""

    __tablename__ = "sync_batch"
    store_id: str = Field(primary_key=True)
    key: str = Field(primary_key=True)  # unique within the store ("<replica>/<file name>")
    fingerprint: str = ""  # changes if the stored batch is altered (a file's size and time)
    author: str = ""  # the replica that published it


class SyncShared(SQLModel, table=True):
    """Local sync ledger: which batches on a store hold which change. A change is on the store
    while one of its batches is intact; one that is not is published again."""

    __tablename__ = "sync_shared"
    __table_args__ = (Index("ix_sync_shared_batch", "store_id", "batch_key"),)
    store_id: str = Field(primary_key=True)
    change_id: str = Field(primary_key=True)
    batch_key: str = Field(primary_key=True)


class SyncCursor(SQLModel, table=True):
    """Local sync ledger: where the last read of a store ended, for places that read "since"."""

    __tablename__ = "sync_cursor"
    store_id: str = Field(primary_key=True)
    cursor: str = ""


class SyncHeld(SQLModel, table=True):
    """Changes received but not applied: "waiting" for a record this laptop does not have yet
    (retried at every sync), or "invalid" (never applied: a value the model refuses)."""

    __tablename__ = "sync_held"
    change_id: str = Field(primary_key=True)
    change: str  # the change as received (JSON)
    kind: str  # "waiting" or "invalid"
    reason: str  # one line: why
    actor: str = ""  # who the change says made it (for the report)
    held_at: str = ""


#: Entity names used in the change log, mapped to their tables.
ENTITY_TABLES: dict[str, type[SQLModel]] = {
    "plan": Plan,
    "theme": Theme,
    "objective": Objective,
    "action": Action,
    "officer": Officer,
    "progress": Progress,
    "review": Review,
}


def table_of(model: type[SQLModel]) -> Table:
    """The SQLAlchemy table SQLModel builds for ``model``: set on the class when it is defined,
    so a type checker cannot see it (the one place that says so)."""
    table: Table = model.__table__  # type: ignore[attr-defined]
    return table
