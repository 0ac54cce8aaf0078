"""The gateway to a ragtrack database: ``Store`` and its read and write transactions.

Every SQL statement of ragtrack's local database is in this package, grouped by concern (see
``storage.db.transactions``); everything else (the write path, reviews, reports, sync, the app
and the command line) reads and writes through named operations on a transaction. Standard
library only: importing it loads neither SQLAlchemy nor SQLModel, and each name below loads its
own module when first used (``ragtrack list`` loads the actions, not sync or reviews).
"""

from __future__ import annotations

TYPE_CHECKING = False  # typing's, without importing typing (type checkers read it as True): models/records.py
if TYPE_CHECKING:
    from typing import Any

    from storage.db.action_detail import ActionDetail, ActionHit, LeadRow
    from storage.db.action_rows import NOT_RATED, ActionRow, ProgressRow
    from storage.db.actions import ActionFilter, Group, ListOrder, OrderedScope
    from storage.db.changes import CHANGE_COLUMNS, FieldChange, RagChange
    from storage.db.officers import OfficerRow
    from storage.db.plans import ObjectiveHit, OutlineObjective, OutlinePlan, OutlineTheme, PlanRow
    from storage.db.settings import Key, Me
    from storage.db.store import Link, Store
    from storage.db.transactions import ReadTxn, WriteTxn

#: Where each name lives (PEP 562: the module is imported on first use of the name).
_HOMES = {
    **dict.fromkeys(
        ("ActionFilter", "Group", "ListOrder", "OrderedScope"),
        "storage.db.actions",
    ),
    **dict.fromkeys(("NOT_RATED", "ActionRow", "ProgressRow"), "storage.db.action_rows"),
    **dict.fromkeys(("ActionDetail", "ActionHit", "LeadRow"), "storage.db.action_detail"),
    **dict.fromkeys(("CHANGE_COLUMNS", "FieldChange", "RagChange"), "storage.db.changes"),
    "OfficerRow": "storage.db.officers",
    **dict.fromkeys(("ObjectiveHit", "OutlineObjective", "OutlinePlan", "OutlineTheme", "PlanRow"), "storage.db.plans"),
    **dict.fromkeys(("Key", "Me"), "storage.db.settings"),
    **dict.fromkeys(("Link", "Store"), "storage.db.store"),
    **dict.fromkeys(("ReadTxn", "WriteTxn"), "storage.db.transactions"),
}


def __getattr__(name: str) -> Any:
    home = _HOMES.get(name)
    if home is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    # __import__, not importlib.import_module: the same import, and ``python -X importtime``
    # (which only sees the import statement's path) still reports it.
    value = getattr(__import__(home, fromlist=[name]), name)
    globals()[name] = value
    return value


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
    "ObjectiveHit",
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
