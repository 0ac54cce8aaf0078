"""``ragtrack sync --move-to URL``: a team moves from its shared folder to the hub with its whole
history, one laptop at a time; a laptop that has moved still syncs with the folder by naming it,
carrying changes both ways while colleagues have not moved yet."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from db_support import Database
from test_hub_sync_cli import council, sync  # noqa: F401 (fixture)
from test_sync_support import dump, seed_plan

from storage.sync import list_conflicts
from tui.cli import main

pytest.importorskip("psycopg")


def update(path: Path, ref: str, rag: str, who: str) -> None:
    assert main(["--db", str(path), "update", ref, "--rag", rag, "--reason", "review", "--as", who]) == 0


def change_count(path: Path) -> int:
    conn = sqlite3.connect(path)
    try:
        return conn.execute("SELECT count(*) FROM change").fetchone()[0]
    finally:
        conn.close()


def test_a_team_moves_from_its_folder_to_the_hub_with_its_whole_history(council, tmp_path, capsys):  # noqa: F811
    a_path, b_path, c_path, d_path = (tmp_path / f"{n}.db" for n in "ABCD")
    folder = str(tmp_path / "share")
    a = Database.open(a_path)
    seed_plan(a)
    a.close()
    for path in (a_path, b_path, c_path):
        assert sync(path, folder) == 0
    # The folder's history holds a conflict nobody has settled yet.
    update(a_path, "1c", "amber", "Ann")
    update(b_path, "1c", "green", "Bob")
    for path in (a_path, b_path, a_path):
        assert sync(path) == 0
    capsys.readouterr()

    # Alice moves first: the hub receives everything her laptop holds, colleagues' changes too.
    alice_url = council.url(council.alice)
    assert sync(a_path, "--move-to", alice_url) == 0
    out = capsys.readouterr().out
    everything = change_count(a_path)
    assert f"synced with {alice_url}" in out and f"sent {everything} changes" in out
    with council.hub.connect() as conn:
        assert conn.execute("SELECT count(*) FROM ragtrack.change").fetchone()[0] == everything
    dave = council.login("dave")
    assert main(["hub", "grant", council.admin, "--role", council.bob, "--plan", "Care2Work"]) == 0
    assert main(["hub", "grant", council.admin, "--role", dave, "--plan", "Care2Work", "--read-only"]) == 0

    # Carol has not moved: she keeps using the folder.
    update(c_path, "1b", "amber", "Cat")
    assert sync(c_path) == 0
    # Alice syncs with the hub (her default now) and with the folder, naming it.
    update(a_path, "1a", "green", "Ann")
    assert sync(a_path) == 0
    capsys.readouterr()
    assert sync(a_path, folder) == 0
    out = capsys.readouterr().out
    assert "as well" in out and "received 1 change: Cat 1" in out and "sent 1 change\n" in out
    assert sync(a_path, "--status") == 0
    assert f"hub: {alice_url}\n" in capsys.readouterr().out  # the hub stays her default
    assert sync(a_path) == 0
    out = capsys.readouterr().out
    assert f"synced with {alice_url}" in out and "sent 1 change of colleagues that the hub did not have" in out

    # Bob moves: the hub has all he has; he sends nothing twice and receives what he lacked.
    assert sync(b_path, "--move-to", "service=council") == 0
    out = capsys.readouterr().out
    assert "sent 0 changes" in out and "received 2 changes" in out
    assert sync(c_path) == 0  # Carol, still on the folder, gets Alice's change through it
    # A new laptop (a committee member, reading) gets the whole history from the hub alone.
    assert sync(d_path, council.url(dave)) == 0
    assert f"received {everything + 2} changes" in capsys.readouterr().out

    dbs = [Database.open(p) for p in (a_path, b_path, c_path, d_path)]
    try:
        first = dump(dbs[0])
        assert all(dump(db) == first for db in dbs[1:])
        assert [len(list_conflicts(db)) for db in dbs] == [1, 1, 1, 1]
    finally:
        for db in dbs:
            db.close()
    with council.hub.connect() as conn:
        assert conn.execute("SELECT count(*) FROM ragtrack.change").fetchone()[0] == everything + 2
