"""The PostgreSQL hub as a sync place (``storage.sync.transport.Place``).

Sync itself (validating what arrives, applying it, conflicts, repair, what waits to be sent) is
``storage.sync``'s, the same for the shared folder and the hub; this module only stores changes
on the hub and reads them back. How it maps the interface onto ``schema.sql``:

* A **batch** is what one ``publish`` appended in one transaction (``batch_id``), split by plan:
  its key is ``<batch_id>:<plan_id>`` (``-`` for the council's list of officers), because a role
  reads whole plans (row-level security), so every key a laptop sees, it sees whole. Rows never
  change, so the fingerprint is always ``""``.
* Reading is "since a position": the hub numbers changes in commit order (``seq``, under the
  append lock), so a laptop that has read up to N never misses one numbered below N. The cursor
  remembers N, the change found at N, and the plans the role could read: a plan granted since
  is read from the start; a hub whose change N is no longer what it was has been restored from a
  backup, and is compared batch by batch with what this laptop took, so that what the restore
  lost is reported ``gone`` and sent again by whichever laptop holds it.
* Publishing appends in chunks, each one transaction (durable at commit). A chunk the server
  refuses (a change to a plan this role may not write, say) is appended change by change
  instead, and the refusals are told as warnings: the changes stay on this laptop, and go
  whenever the role is granted the plan.
"""

from __future__ import annotations

import contextlib
import json
import queue
import threading
import time
from collections.abc import Generator, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from models.ids import new_id
from storage.hub.address import HubAddress, HubError, HubUnavailable, connect, first_line, psycopg_module
from storage.hub.admin import read_hub_info
from storage.sync.transport import (
    Author,
    Batch,
    Fetched,
    Ledger,
    Presence,
    Progress,
    Receipt,
    StoreInfo,
    WireChange,
)
from storage.sync.validate import parse_json

#: Changes appended per transaction, and read per round trip.
CHUNK = 1000
COUNCIL = "-"  # the key's plan part for changes to officers (no plan)


@dataclass
class Cursor:
    seq: int = 0
    change_id: str = ""
    plans: list[str] = field(default_factory=list)

    def text(self) -> str:
        return json.dumps({"v": 1, "seq": self.seq, "at": self.change_id, "plans": sorted(self.plans)})

    @classmethod
    def parse(cls, text: str) -> Cursor | None:
        try:
            doc = json.loads(text) if text else None
        except ValueError:
            return None
        if not isinstance(doc, dict) or doc.get("v") != 1:
            return None
        seq, at, plans = doc.get("seq"), doc.get("at"), doc.get("plans")
        if not (isinstance(seq, int) and isinstance(at, str) and isinstance(plans, list)):
            return None
        return cls(seq, at, [p for p in plans if isinstance(p, str)])


def batch_key(batch_id: str, plan_id: str | None) -> str:
    return f"{batch_id}:{plan_id or COUNCIL}"


def key_plan(key: str) -> str | None:
    plan = key.rpartition(":")[2]
    return None if plan == COUNCIL else plan


class HubPlace:
    """One sync session's connection to a hub. Connects on ``open``; closes after ``announce``
    (the session's last step), on ``close``, or when a call finds the hub gone."""

    def __init__(self, target: str | HubAddress, *, timeout: float = 10.0) -> None:
        self.address = target if isinstance(target, HubAddress) else HubAddress.parse(str(target))
        self.timeout = timeout
        self.warnings: list[str] = []  # refusals while publishing, one line each
        self.refused: dict[str, str] = {}  # change id -> the server's reason
        self._conn: Any = None
        self._role = ""

    # --- the session -------------------------------------------------------------------------
    @property
    def description(self) -> str:
        return self.address.remembered

    @property
    def noun(self) -> str:
        return "the hub"

    @property
    def snapshots(self) -> None:
        return None  # a new laptop reads the hub itself, quickly: no copies of the plan to keep

    def open(self, *, create: bool) -> StoreInfo:
        """The hub's identity. A hub is never created by a laptop (``create`` changes nothing):
        IT sets it up, and an officer's role cannot."""
        psycopg = psycopg_module()
        with self._errors():
            conn = self._connection()
            try:
                info = read_hub_info(conn, self.address)
            except psycopg.errors.InsufficientPrivilege:
                raise HubError(
                    f"{self._role} may not use the hub {self.description}: ask IT to grant it "
                    "(ragtrack hub grant URL --role ROLE --plan PLAN)"
                ) from None
        return StoreInfo(info.store_id, created=False)

    def close(self) -> None:
        if self._conn is not None:
            conn, self._conn = self._conn, None
            with contextlib.suppress(Exception):  # closing a dead connection: nothing left to do
                conn.close()

    def __enter__(self) -> HubPlace:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # --- reading -----------------------------------------------------------------------------
    def fetch(self, ledger: Ledger, progress: Progress | None = None) -> Fetched:
        fetched = Fetched()
        with self._errors():
            conn = self._connection()
            with conn.transaction():
                conn.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
                plans = sorted(row["plan_id"] for row in conn.execute("SELECT plan_id FROM ragtrack.plan_member"))
                before = Cursor.parse(ledger.cursor)
                restored = before is not None and before.seq > 0 and not self._still_there(conn, before)
                if before is None or restored:
                    where, params = "true", {}
                else:
                    fresh = sorted(set(plans) - set(before.plans))
                    where = "c.seq > %(seq)s OR (c.plan_id = ANY(%(fresh)s) AND c.seq <= %(seq)s)"
                    params = {"seq": before.seq, "fresh": fresh}
                # Every batch this laptop took or sent is checked (one index probe each): a hub
                # restored from a backup taken after this laptop's last read, but before its last
                # push, still holds the change the cursor names, and lost only that push.
                fetched.gone = self._gone(conn, ledger, plans)
                if restored or fetched.gone:
                    fetched.warnings.append(
                        f"the hub {self.description} has lost changes it held (restored from a backup?): "
                        "this laptop sends again whatever it holds of them"
                    )
                fetched.batches, last = self._read(conn, where, params, ledger, progress)
                fetched.presence = [
                    Presence(row["replica_id"], row["actor"], row["host"], _iso(row["synced_at"]))
                    for row in conn.execute(
                        "SELECT replica_id, actor, host, synced_at FROM ragtrack.presence ORDER BY synced_at"
                    )
                ]
        keep = before if before is not None and not restored else Cursor()
        seq, change_id = last or (keep.seq, keep.change_id)
        fetched.cursor = Cursor(seq, change_id, plans).text()
        return fetched

    def _still_there(self, conn: Any, cursor: Cursor) -> bool:
        row = conn.execute("SELECT change_id FROM ragtrack.change WHERE seq = %s", (cursor.seq,)).fetchone()
        return row is not None and row["change_id"] == cursor.change_id

    def _gone(self, conn: Any, ledger: Ledger, plans: list[str]) -> list[str]:
        """Batches this laptop took or sent, of plans it still reads, that the hub no longer has."""
        readable = set(plans)
        taken = ledger.keys()  # a Ledger, not a dict
        keys = [key for key in taken if key_plan(key) is None or key_plan(key) in readable]
        if not keys:
            return []
        batch_ids = [key.rpartition(":")[0] for key in keys]
        plan_ids = [key_plan(key) for key in keys]
        missing = conn.execute(
            "SELECT k.n FROM unnest(%s::text[], %s::text[]) WITH ORDINALITY AS k(b, p, n) WHERE NOT EXISTS "
            "(SELECT 1 FROM ragtrack.change c WHERE c.batch_id = k.b AND c.plan_id IS NOT DISTINCT FROM k.p)",
            (batch_ids, plan_ids),
        ).fetchall()
        return sorted(keys[row["n"] - 1] for row in missing)

    def _read(
        self, conn: Any, where: str, params: dict[str, Any], ledger: Ledger, progress: Progress | None
    ) -> tuple[list[Batch], tuple[int, str] | None]:
        total = conn.execute(f"SELECT count(*) AS n FROM ragtrack.change c WHERE {where}", params).fetchone()["n"]
        batches: dict[str, Batch] = {}
        last: tuple[int, str] | None = None
        done = 0
        from psycopg.rows import tuple_row

        with conn.cursor(name="ragtrack_fetch", row_factory=tuple_row) as rows:  # tuples: no dict a row
            rows.itersize = CHUNK
            # The publisher as text: it is the same on every row of a batch, and read once a batch.
            rows.execute(
                "SELECT c.seq, c.change_id, c.batch_id, c.plan_id, c.publisher::text AS publisher, c.appended_at, "
                f"c.payload::text AS payload FROM ragtrack.change c WHERE {where} ORDER BY c.seq",
                params,
            )
            taken: set[str] = set()  # batches taken before: the ledger is asked once a batch, not once a row
            author = ""
            with contextlib.closing(_read_ahead(rows)) as chunks:  # the thread is joined on leaving
                for chunk in chunks:  # a list of rows a round trip, the next ones on their way
                    for _seq, change_id, batch_id, plan_id, publisher, appended_at, payload in chunk:
                        key = f"{batch_id}:{plan_id or COUNCIL}"  # batch_key's, inline: once a row
                        batch = batches.get(key)
                        if batch is None:
                            if key in taken:
                                continue
                            if ledger.fingerprint(key) is not None:
                                taken.add(key)  # a restored hub is read again from its start
                                continue
                            who = json.loads(publisher)
                            who = who if isinstance(who, dict) else {}
                            batch = batches[key] = Batch(
                                key,
                                "",
                                str(who.get("replica") or ""),
                                [],
                                actor=str(who.get("actor") or ""),
                                written_at=_iso(appended_at),
                            )
                            author = batch.author
                        try:
                            batch.changes.append(parse_json(payload))  # json.loads, quicker
                        except ValueError:
                            batch.problems.append(f"change {change_id} cannot be read")
                    if chunk:
                        last = (chunk[-1][0], chunk[-1][1])
                        done += len(chunk)
                        if progress is not None and len(chunk) == CHUNK:
                            progress(done, total, author)
        if progress is not None and done:
            progress(done, total, "")
        return list(batches.values()), last

    # --- writing -----------------------------------------------------------------------------
    def publish(self, author: Author, changes: Sequence[WireChange], progress: Progress | None = None) -> list[Receipt]:
        psycopg = psycopg_module()
        from psycopg.types.json import Jsonb

        receipts: list[Receipt] = []
        with self._errors():
            conn = self._connection()
            may = conn.execute("SELECT pg_has_role(current_user, 'ragtrack_officer', 'USAGE') AS may").fetchone()["may"]
            if not may:
                if changes:
                    self.warnings.append(
                        f"{len(changes)} change(s) stay on this laptop: {self._role} may only read the hub"
                    )
                return receipts
            who = Jsonb(
                {"replica": author.replica_id, "claim": author.claim, "actor": author.actor, "host": author.host}
            )
            for start in range(0, len(changes), CHUNK):
                chunk = list(changes[start : start + CHUNK])
                batch_id = new_id()
                try:
                    with conn.transaction():
                        # No ON CONFLICT target, no RETURNING: see append_each in schema.sql.
                        conn.execute(
                            "INSERT INTO ragtrack.change (payload, batch_id, publisher) "
                            "SELECT e.value, %s, %s FROM jsonb_array_elements(%s) WITH ORDINALITY AS e(value, n) "
                            "ORDER BY e.n ON CONFLICT DO NOTHING",
                            (batch_id, who, Jsonb(chunk)),
                        )
                        stored = self._stored(conn, batch_id)
                except psycopg.errors.OperationalError:
                    raise
                except psycopg.Error:
                    stored = self._append_each(conn, chunk, batch_id, who)
                receipts += _receipts(batch_id, stored)
                if progress is not None:
                    progress(min(start + CHUNK, len(changes)), len(changes), author.replica_id)
        if self.refused:
            reason = next(iter(self.refused.values()))
            self.warnings.append(
                f"the hub refused {len(self.refused)} change(s), which stay on this laptop (e.g. {reason}); "
                "they are sent again at each sync, and arrive once IT grants the plan"
            )
        return receipts

    def _append_each(self, conn: Any, chunk: list[WireChange], batch_id: str, who: Any) -> list[tuple[str, str | None]]:
        from psycopg.types.json import Jsonb

        with conn.transaction():
            for row in conn.execute(
                "SELECT change_id, refused FROM ragtrack.append_each(%s, %s, %s)", (Jsonb(chunk), batch_id, who)
            ):
                self.refused[str(row["change_id"])] = _reason(row["refused"])
            return self._stored(conn, batch_id)

    def _stored(self, conn: Any, batch_id: str) -> list[tuple[str, str | None]]:
        """What the batch holds (changes the hub already had are in their own batches)."""
        return [
            (row["change_id"], row["plan_id"])
            for row in conn.execute("SELECT change_id, plan_id FROM ragtrack.change WHERE batch_id = %s", (batch_id,))
        ]

    def announce(self, author: Author, at: str, damaged: Sequence[str]) -> None:
        """Note this laptop's sync (on the hub's own clock); the session ends here."""
        try:
            with self._errors():
                self._connection().execute(
                    "INSERT INTO ragtrack.presence AS p (replica_id, actor, host) VALUES (%s, %s, %s) "
                    "ON CONFLICT (role_name, replica_id) DO UPDATE SET actor = excluded.actor, "
                    "host = excluded.host, synced_at = now()",
                    (author.replica_id, author.actor, author.host),
                )
        finally:
            self.close()

    def clock_offset_ms(self) -> int | None:
        with self._errors():
            conn = self._connection()
            before = time.time()
            server = conn.execute("SELECT extract(epoch FROM clock_timestamp()) AS now").fetchone()["now"]
            after = time.time()
        return round((float(server) - (before + after) / 2) * 1000)

    # --- plumbing ----------------------------------------------------------------------------
    def _connection(self) -> Any:
        if self._conn is None or self._conn.closed:
            self._conn = connect(self.address, autocommit=True, timeout=self.timeout)
            self._role = self._conn.execute("SELECT current_user AS role").fetchone()["role"]
        return self._conn

    @contextmanager
    def _errors(self) -> Iterator[None]:
        """A lost connection (server down, network gone) is HubUnavailable in one line; other
        server errors a HubError. Either way this session's connection is dropped."""
        psycopg = psycopg_module()
        try:
            yield
        except psycopg.OperationalError as error:
            self.close()
            raise HubUnavailable(
                f"the hub {self.description} cannot be used ({first_line(error)}): nothing was lost; "
                "sync again when it is back"
            ) from None
        except psycopg.Error as error:
            self.close()
            raise HubError(f"the hub {self.description} refused this sync: {first_line(error)}") from None


def _read_ahead(rows: Any, depth: int = 4) -> Generator[list[Any], None, None]:
    """The rows of the server cursor ``rows``, ``CHUNK`` a list, fetched by a thread of their own
    up to ``depth`` lists ahead: the server produces and sends the next rows (psycopg waits for
    them without holding the GIL) while this thread decodes the current ones. Only that thread
    uses the connection until the last list is read or the reader stops (it is joined then, so
    the caller may use the connection again); an error of the fetch is raised here, as it was."""
    lists: queue.Queue[Any] = queue.Queue(maxsize=depth)
    stop = threading.Event()
    done = object()

    def put(item: Any) -> bool:
        while not stop.is_set():
            try:
                lists.put(item, timeout=0.05)
                return True
            except queue.Full:
                continue
        return False

    def fetch() -> None:
        try:
            while chunk := rows.fetchmany(CHUNK):
                if not put(chunk):
                    return
            put(done)
        except BaseException as error:  # handed to the reader, raised there
            put(error)

    worker = threading.Thread(target=fetch, name="ragtrack-hub-read", daemon=True)
    worker.start()
    try:
        while True:
            item = lists.get()
            if item is done:
                return
            if isinstance(item, BaseException):
                raise item
            yield item
    finally:
        stop.set()
        worker.join()


def _receipts(batch_id: str, stored: list[tuple[str, str | None]]) -> list[Receipt]:
    by_plan: dict[str | None, list[str]] = {}
    for change_id, plan_id in stored:
        by_plan.setdefault(plan_id, []).append(change_id)
    return [Receipt(batch_key(batch_id, plan), "", tuple(ids)) for plan, ids in by_plan.items()]


def _reason(text: str) -> str:
    return text.splitlines()[0].removeprefix("ragtrack hub: ").strip() if text else "refused"


def _iso(moment: Any) -> str:
    if isinstance(moment, datetime):
        return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.") + f"{moment.microsecond // 1000:03d}Z"
    return ""
