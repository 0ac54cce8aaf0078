"""The gateway to a ragtrack database: ``Store`` and its read and write transactions.

Every SQL statement of ragtrack's local database is in this package, grouped by concern (see
``storage.db.transactions``); everything else (the write path, reviews, reports, sync, the app
and the command line) reads and writes through named operations on a transaction. Standard
library only: importing it loads neither SQLAlchemy nor SQLModel.
"""

from storage.db.actions import (
    NOT_RATED,
    ActionDetail,
    ActionFilter,
    ActionHit,
    ActionRow,
    Group,
    LeadRow,
    ListOrder,
    OrderedScope,
    ProgressRow,
)
from storage.db.changes import CHANGE_COLUMNS, FieldChange, RagChange
from storage.db.officers import OfficerRow
from storage.db.plans import OutlineObjective, OutlinePlan, OutlineTheme, PlanRow
from storage.db.settings import Key, Me
from storage.db.store import Link, Store
from storage.db.transactions import ReadTxn, WriteTxn

__all__ = [
    "CHANGE_COLUMNS",
    "NOT_RATED",
    "ActionDetail",
    "ActionFilter",
    "ActionHit",
    "ActionRow",
    "FieldChange",
    "Group",
    "Key",
    "LeadRow",
    "Link",
    "ListOrder",
    "Me",
    "OfficerRow",
    "OrderedScope",
    "OutlineObjective",
    "OutlinePlan",
    "OutlineTheme",
    "PlanRow",
    "ProgressRow",
    "RagChange",
    "ReadTxn",
    "Store",
    "WriteTxn",
]
