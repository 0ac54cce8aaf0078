"""Per-database settings (the ``setting`` table): every key is named here, once.

Settings are local to one database file: who uses this laptop, its replica id and clock, where it
syncs. The write path, sync and the app read and write them only through these operations.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from storage.db.core import Txn, WriteCore


class Key(StrEnum):
    """The settings a ragtrack database keeps."""

    REPLICA_ID = "replica_id"  # this database's replica id in the change log (sync)
    CLOCK = "clock"  # the last hybrid-clock stamp issued or seen here
    ME_OFFICER = "me_officer_id"  # the officer using this laptop ("my actions")
    ME_NAME = "me"  # their name: the default actor of edits
    SYNC_FOLDER = "sync_folder"  # the shared folder last synced with
    SYNC_CLAIM = "sync_claim"  # JSON: replica, claim and file identity (storage.sync.local)
    SYNC_FORMER_REPLICAS = "sync_former_replicas"  # JSON list of replica ids this file wrote as
    SYNC_SNAPSHOT_AT = "sync_snapshot_at"  # when this laptop last wrote a snapshot to the share
    SYNC_OFFERED_SEQ = "sync_offered_seq"  # local seq up to which changes may have left (storage.sync.skew)
    SNAPSHOT_OF = "snapshot_of"  # set in a snapshot file: the store it was copied from
    THEME = "theme"  # the app's colour theme, as last chosen here


#: Settings that belong to one laptop's file: a snapshot copied to the share leaves them out, so a
#: database started from it is nobody's laptop yet.
LOCAL_ONLY: tuple[Key, ...] = (
    Key.REPLICA_ID,
    Key.SYNC_CLAIM,
    Key.SYNC_FORMER_REPLICAS,
    Key.SYNC_FOLDER,
    Key.SNAPSHOT_OF,
    Key.ME_NAME,
    Key.ME_OFFICER,
    Key.SYNC_SNAPSHOT_AT,
    Key.THEME,
)


@dataclass(frozen=True)
class Me:
    """Who uses this laptop, as they said the first time ("which officer are you?")."""

    officer_id: str | None
    name: str | None


#: Corrections an import used, remembered per source file or layout (``storage.importing.mapping``).
IMPORT_MAPPING_PREFIX = "import.mapping."


class Settings:
    """Reading settings."""

    def __init__(self, txn: Txn) -> None:
        self._txn = txn

    def get(self, key: Key) -> str | None:
        value: str | None = self._txn.scalar("SELECT value FROM setting WHERE key = ?", (str(key),))
        return value

    def import_mapping(self, name: str) -> str | None:
        """The import corrections remembered under ``name`` (JSON), if any."""
        value: str | None = self._txn.scalar("SELECT value FROM setting WHERE key = ?", (IMPORT_MAPPING_PREFIX + name,))
        return value

    def replica_id(self) -> str:
        return self.get(Key.REPLICA_ID) or ""

    def me(self) -> Me:
        rows = {
            row["key"]: row["value"]
            for row in self._txn.rows(
                "SELECT key, value FROM setting WHERE key IN (?, ?)", (str(Key.ME_OFFICER), str(Key.ME_NAME))
            )
        }
        return Me(rows.get(str(Key.ME_OFFICER)), rows.get(str(Key.ME_NAME)))


class SettingsWriter(Settings):
    """Reading and writing settings (in a write transaction)."""

    def __init__(self, txn: WriteCore) -> None:
        super().__init__(txn)
        self._write = txn

    def put(self, key: Key, value: str) -> None:
        self._write.run("INSERT OR REPLACE INTO setting (key, value) VALUES (?, ?)", (str(key), value))

    def put_import_mapping(self, name: str, value: str) -> None:
        self._write.run(
            "INSERT OR REPLACE INTO setting (key, value) VALUES (?, ?)", (IMPORT_MAPPING_PREFIX + name, value)
        )

    def delete(self, *keys: Key) -> None:
        for key in keys:
            self._write.run("DELETE FROM setting WHERE key = ?", (str(key),))

    def set_me(self, officer_id: str, name: str) -> None:
        """Remember who uses this laptop: for "my actions" and as the name on their edits."""
        self.put(Key.ME_OFFICER, officer_id)
        self.put(Key.ME_NAME, name)
