"""Faults against the real hub: the server killed in the middle of a push, a laptop's connection
dropped in the middle of a pull, ten laptops pushing at once. Nothing is lost, nothing is stored
twice, and every laptop ends with the same plan."""

from __future__ import annotations

import threading

import pytest
from db_support import Database
from test_hub_sync_cli import council  # noqa: F401 (fixture)
from test_sync_support import change_ids, dump, rag, seed_plan

from storage.hub.place import CHUNK
from storage.sync import PlaceUnavailable, list_conflicts, run_sync
from storage.writes import edit
from tui.cli import main

pytest.importorskip("psycopg")


def hub_changes(council) -> list[str]:  # noqa: F811
    with council.hub.connect() as conn:
        return [row[0] for row in conn.execute("SELECT change_id FROM ragtrack.change ORDER BY seq")]


def many_edits(db: Database, ids: dict, n: int, actor: str = "Ann") -> None:
    with edit(db, actor=actor) as e:
        for k in range(n):
            e.add_progress(ids["a0"], "note", f"note {k}")


def test_the_server_killed_in_the_middle_of_a_push_loses_nothing_and_stores_nothing_twice(council):  # noqa: F811
    a = Database.memory()
    ids = seed_plan(a)
    many_edits(a, ids, 2 * CHUNK + 300)  # three chunks, each one transaction on the hub
    url = council.url(council.alice)
    server = council.hub.server
    killed = []

    def kill_after_first_chunk(progress) -> None:
        if progress.step == "sending" and progress.done >= CHUNK and not killed:
            killed.append(progress.done)
            server.kill()  # as a crash: no checkpoint; the next start recovers from the WAL

    try:
        with pytest.raises(PlaceUnavailable, match="cannot be used"):
            run_sync(a, url, snapshot=False, progress=kill_after_first_chunk)
    finally:
        server.start()
    on_hub = hub_changes(council)
    assert killed == [CHUNK] and len(on_hub) == CHUNK  # the first chunk was committed, and only it
    result = run_sync(a, snapshot=False)
    total = len(change_ids(a))
    assert result.sent == total - CHUNK  # the committed chunk is found on the hub, not sent again
    on_hub = hub_changes(council)
    assert len(on_hub) == len(set(on_hub)) == total
    b = Database.memory()
    main(["hub", "grant", council.admin, "--role", council.bob, "--plan", "Care2Work"])
    run_sync(b, council.url(council.bob), snapshot=False)
    assert change_ids(b) == change_ids(a) and dump(b) == dump(a)


def test_a_connection_dropped_in_the_middle_of_a_pull_changes_nothing_and_the_next_pull_gets_it_all(council):  # noqa: F811
    a, b = Database.memory(), Database.memory()
    ids = seed_plan(a)
    many_edits(a, ids, 2 * CHUNK)
    run_sync(a, council.url(council.alice), snapshot=False)
    main(["hub", "grant", council.admin, "--role", council.bob, "--plan", "Care2Work"])
    dropped = []

    def drop_in_the_middle(progress) -> None:
        if progress.step == "reading" and progress.done >= CHUNK and not dropped:
            dropped.append(progress.done)
            with council.hub.server.connect() as conn:  # the network drops bob's session
                conn.execute(
                    "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE usename = %s", (council.bob,)
                )

    with pytest.raises(PlaceUnavailable):
        run_sync(b, council.url(council.bob), snapshot=False, progress=drop_in_the_middle)
    assert dropped and change_ids(b) == set()  # nothing half-applied
    result = run_sync(b, council.url(council.bob), snapshot=False)
    assert result.received == len(change_ids(a)) and dump(b) == dump(a)


def test_ten_laptops_pushing_at_once_all_arrive_once_and_everyone_converges(council):  # noqa: F811
    a = Database.memory()
    ids = seed_plan(a)
    run_sync(a, council.url(council.alice), snapshot=False)
    roles = [council.alice] + [council.login(f"officer{n}") for n in range(1, 10)]
    for role in roles[1:]:
        assert main(["hub", "grant", council.admin, "--role", role, "--plan", "Care2Work"]) == 0
    laptops = [a] + [Database.memory() for _ in roles[1:]]
    for db, role in zip(laptops[1:], roles[1:], strict=True):
        run_sync(db, council.url(role), snapshot=False)
    for n, db in enumerate(laptops):
        with edit(db, actor=f"Officer {n}") as e:
            e.set_rag(ids["a0"], ["red", "amber", "green"][n % 3], reason=f"view {n}")  # all at once: a conflict
            for k in range(30):
                e.add_progress(ids["a1"], "note", f"note {k} by {n}")  # nobody else's: no conflict
    made = set().union(*(change_ids(db) for db in laptops))
    start = threading.Barrier(len(laptops))
    errors: list[BaseException] = []

    def push(db: Database, role: str) -> None:
        try:
            start.wait()
            run_sync(db, council.url(role), snapshot=False)
        except BaseException as error:  # reported below
            errors.append(error)

    threads = [threading.Thread(target=push, args=pair) for pair in zip(laptops, roles, strict=True)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(120)
    assert errors == [] and not any(t.is_alive() for t in threads)
    on_hub = hub_changes(council)
    assert len(on_hub) == len(set(on_hub)) and set(on_hub) == made
    for db in laptops:
        run_sync(db, snapshot=False)
    first = dump(laptops[0])
    for db in laptops:
        assert change_ids(db) == made and dump(db) == first
        conflicts = list_conflicts(db)
        assert [(c.entity_id, c.field) for c in conflicts] == [(ids["a0"], "rag")]
    assert rag(laptops[0], ids["a0"]) in ("red", "amber", "green")
    for db in laptops:
        db.close()
