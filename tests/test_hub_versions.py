"""One change id, two versions, over the hub (the folder's case is tests/test_sync_skew_clone.py).

A laptop whose clock ran fast corrects the time and stamp of its unsent changes before sending
them; a disk image of it taken before holds and sends the same changes uncorrected. On the
folder every laptop settles on the earlier (corrected) version whatever the order of arrival
(storage/sync/versions.py). The hub kept the first version it received: when the clone's copy
got there first, the laptop holding the corrected one kept it and everyone else the other, for
good. Now the hub also keeps a version that is the same change told earlier than every version
it holds (and only such a one), and laptops settle on the earliest, as on the folder.
"""

from __future__ import annotations

import uuid
from datetime import UTC, datetime

import pytest
from db_support import Database
from test_hub_sync_cli import council  # noqa: F401 (fixture)
from test_sync_skew_clone import TWO_YEARS, clone_with_fast_edit, rag_change_years
from test_sync_support import change_ids, dump, run_clock_fast, seed_plan

from storage.hub.address import HubAddress
from storage.hub.admin import init_hub, list_plans
from storage.sync import run_sync, seam
from tui.cli import main

pytest.importorskip("psycopg")

THIS_YEAR = str(datetime.now(UTC).year)


def versions_on_hub(council, change_id: str) -> list[tuple[str, str]]:  # noqa: F811
    with council.hub.connect() as conn:
        return [
            (row[0]["at"], row[0]["stamp"])
            for row in conn.execute(
                "SELECT payload FROM ragtrack.change WHERE change_id = %s ORDER BY seq", (change_id,)
            )
        ]


def fast_edit_id(db: Database) -> str:
    with db.read() as txn:
        return str(txn.scalar("SELECT id FROM change WHERE field = 'rag' AND reason = 'fast clock'"))


def sync_everyone(dbs: list[Database], rounds: int = 2) -> None:
    for _ in range(rounds):
        for db in dbs:
            run_sync(db, snapshot=False)  # each with the hub it remembers, as its own role


def test_a_correction_reaching_the_hub_after_the_clones_copy_is_what_every_laptop_keeps(council, tmp_path, monkeypatch):  # noqa: F811
    url = council.url(council.alice)
    _, a, b, _ = clone_with_fast_edit(tmp_path, monkeypatch, url)
    edit_id = fast_edit_id(a)
    assert main(["hub", "grant", council.admin, "--role", council.bob, "--plan", "Care2Work"]) == 0
    reader = Database.memory()  # bob's laptop: reads the clone's copy before the correction
    run_sync(reader, council.url(council.bob), snapshot=False)
    landed: list[str] = []

    def clone_syncs_meanwhile(step: str) -> None:
        if step == "read" and not landed:  # after a's read, before a corrects and sends
            landed.append(step)
            run_clock_fast(monkeypatch, 0)
            run_sync(b, url, snapshot=False)  # the uncorrected copy reaches the hub first
            run_sync(reader, snapshot=False)
            run_clock_fast(monkeypatch, TWO_YEARS)

    run_clock_fast(monkeypatch, TWO_YEARS)
    previous = seam.install(clone_syncs_meanwhile)
    try:
        run_sync(a, url, snapshot=False)  # corrects its unsent edit (the hub lacked it) and sends it
    finally:
        seam.install(previous)
        run_clock_fast(monkeypatch, 0)
    assert landed and rag_change_years(reader) == {str(int(THIS_YEAR) + 2)}
    assert [at[:4] for at, _ in versions_on_hub(council, edit_id)] == [str(int(THIS_YEAR) + 2), THIS_YEAR]
    newcomer = Database.memory()
    run_sync(newcomer, council.url(council.bob), snapshot=False)  # reads both versions at once
    sync_everyone([a, b, reader, newcomer])
    assert change_ids(a) == change_ids(b) == change_ids(reader) == change_ids(newcomer)
    assert dump(a) == dump(b) == dump(reader) == dump(newcomer)
    assert rag_change_years(b) == rag_change_years(newcomer) == {THIS_YEAR}
    (plan,) = list_plans(HubAddress.parse(council.admin))
    with council.hub.connect() as conn:
        rows, changes = conn.execute(
            "SELECT count(*), count(DISTINCT change_id) FROM ragtrack.change WHERE plan_id = %s", (plan.plan_id,)
        ).fetchone()
    assert rows == changes + 1 and plan.changes == changes  # `hub plans` counts the change told twice once


def test_the_clones_later_copy_is_not_kept_when_the_correction_is_there_first(council, tmp_path, monkeypatch):  # noqa: F811
    url = council.url(council.alice)
    _, a, b, _ = clone_with_fast_edit(tmp_path, monkeypatch, url)
    edit_id = fast_edit_id(a)
    run_clock_fast(monkeypatch, TWO_YEARS)
    run_sync(a, url, snapshot=False)
    run_clock_fast(monkeypatch, 0)
    run_sync(b, url, snapshot=False, receive=False)  # sends its copy without reading the correction
    assert [at[:4] for at, _ in versions_on_hub(council, edit_id)] == [THIS_YEAR]
    sync_everyone([b, a])
    assert dump(a) == dump(b) and rag_change_years(b) == {THIS_YEAR}


def _rag_change(**overrides: str) -> dict[str, object]:
    change_id = uuid.uuid4().hex
    return {
        "id": change_id,
        "txn_id": change_id,
        "replica_id": "r1",
        "stamp": "1796196850898.00000.r1",
        "actor": "Ann",
        "at": "2026-12-01T10:00:00.000Z",
        "entity": "action",
        "entity_id": "",
        "field": "rag",
        "old_value": '"red"',
        "new_value": '"green"',
        "reason": None,
        "supersedes": "[]",
        "source": "edit",
        **overrides,
    }


def _append(council, change: dict[str, object]) -> None:  # noqa: F811
    from psycopg.types.json import Jsonb

    with council.hub.connect(council.alice) as conn:
        conn.execute(
            "INSERT INTO ragtrack.change (payload, batch_id, publisher) VALUES (%s, %s, '{}') ON CONFLICT DO NOTHING",
            (Jsonb(change), uuid.uuid4().hex),
        )


def test_the_hub_keeps_another_version_only_when_it_is_the_same_change_told_earlier(council):  # noqa: F811
    a = Database.memory()
    ids = seed_plan(a)
    run_sync(a, council.url(council.alice), snapshot=False)
    first = _rag_change(entity_id=ids["a0"], stamp="1796196850898.00000.r1", at="2026-12-01T10:00:00.000Z")
    _append(council, first)
    kept = [("2026-12-01T10:00:00.000Z", "1796196850898.00000.r1")]
    same = dict(first)
    later = {**first, "stamp": "1796196850899.00000.r1", "at": "2026-12-01T10:00:01.000Z"}
    other_value = {**first, "new_value": '"amber"', "stamp": "1733047250898.00000.r1", "at": "2024-12-01T10:00:00.000Z"}
    bad_time = {**first, "stamp": "1733047250898.00000.r1", "at": "2024-13-01T10:00:00.000Z"}
    bad_stamp = {**first, "stamp": "soon", "at": "2024-12-01T10:00:00.000Z"}
    for refused in (same, later, other_value, bad_time, bad_stamp):
        _append(council, refused)
        assert versions_on_hub(council, first["id"]) == kept, refused
    earlier = {**first, "stamp": "1733047250898.00000.r1", "at": "2024-12-01T10:00:00.000Z"}
    _append(council, earlier)
    kept.append(("2024-12-01T10:00:00.000Z", "1733047250898.00000.r1"))
    assert versions_on_hub(council, first["id"]) == kept
    _append(council, {**first, "stamp": "1733047250898.00001.r1"})  # before the first, not the second
    _append(council, earlier)
    assert versions_on_hub(council, first["id"]) == kept
    # Earlier as a number though not as text: stamps are compared as laptops compare them.
    _append(council, {**earlier, "stamp": "733047250898.00000.r1"})
    assert len(versions_on_hub(council, first["id"])) == 3


def test_a_hub_made_before_versions_takes_them_once_init_runs_again(council, tmp_path, monkeypatch):  # noqa: F811
    url = council.url(council.alice)
    _, a, b, _ = clone_with_fast_edit(tmp_path, monkeypatch, url)  # the plan is on the hub
    edit_id = fast_edit_id(a)
    with council.hub.connect() as conn:  # as the first hub format had it: one row per change id
        conn.execute("ALTER TABLE ragtrack.change DROP COLUMN IF EXISTS version")
        conn.execute("ALTER TABLE ragtrack.change ADD CONSTRAINT change_change_id_key UNIQUE (change_id)")
    init_hub(HubAddress.parse(council.admin))  # what the README tells IT to run
    run_sync(b, url, snapshot=False)
    run_clock_fast(monkeypatch, TWO_YEARS)
    run_sync(a, url, snapshot=False, receive=False)  # its correction, after the clone's copy
    run_clock_fast(monkeypatch, 0)
    assert len(versions_on_hub(council, edit_id)) == 2
    sync_everyone([a, b])
    assert dump(a) == dump(b) and rag_change_years(b) == {THIS_YEAR}
    with council.hub.connect() as conn:
        firsts = conn.execute("SELECT count(*) FROM ragtrack.change WHERE version = 0").fetchone()[0]
    assert firsts == len(change_ids(a))  # the rows from before the change of format are first versions


def test_the_hub_compares_versions_on_the_columns_laptops_compare():
    import re

    from storage.hub.admin import schema_sql
    from storage.sync.versions import _SAME

    listed = re.search(r"FOREACH column_ IN ARRAY ARRAY\[(.*?)\] LOOP", schema_sql(), re.S)
    assert listed is not None
    assert re.findall(r"'(\w+)'", listed.group(1)) == list(_SAME)
