"""``ragtrack sync postgresql://...`` and ``service=NAME``: laptops exchange changes through a real
PostgreSQL hub with the same engine as a shared folder. Passwords come from ``.pgpass`` (or the
environment) and are never kept in the laptop's database."""

from __future__ import annotations

from pathlib import Path

import pytest
from db_support import Database
from hub_support import PASSWORD
from test_sync_support import dump, rag, seed_plan

from storage.writes import edit
from tui.cli import main

pytest.importorskip("psycopg")


class Council:
    """A hub, two officers (alice, bob) with their login roles, a .pgpass and a service file."""

    def __init__(self, hub, tmp_path: Path, monkeypatch) -> None:
        self.hub = hub
        self.pgpass = tmp_path / "pgpass"
        self.alice, self.bob = self.login("alice"), self.login("bob")
        server = hub.server
        services = tmp_path / "pg_service.conf"
        services.write_text(
            f"[council]\nhost=127.0.0.1\nport={server.port}\ndbname={hub.dbname}\nuser={self.bob}\n", encoding="utf-8"
        )
        for name in ("PGPASSWORD", "PGUSER", "PGHOST", "PGPORT", "PGDATABASE", "PGSERVICE"):
            monkeypatch.delenv(name, raising=False)
        monkeypatch.setenv("PGPASSFILE", str(self.pgpass))
        monkeypatch.setenv("PGSERVICEFILE", str(services))
        self.admin = hub.url()  # the hub's owner (IT), password in the URL as IT's own business
        for role in (self.alice, self.bob):
            assert main(["hub", "grant", self.admin, "--role", role]) == 0

    def login(self, name: str) -> str:
        """A new login role, its password in the .pgpass file (as the officer's laptop has it)."""
        role = self.hub.login(name)
        with self.pgpass.open("a", encoding="utf-8") as pgpass:
            pgpass.write(f"127.0.0.1:{self.hub.server.port}:{self.hub.dbname}:{role}:{PASSWORD}\n")
        self.pgpass.chmod(0o600)
        return role

    def url(self, role: str) -> str:
        return self.hub.url(role, password=None)  # no password: .pgpass gives it


@pytest.fixture
def council(hub, tmp_path, monkeypatch) -> Council:
    return Council(hub, tmp_path, monkeypatch)


def sync(path: Path, *args: str) -> int:
    return main(["--db", str(path), "sync", *args])


def files_hold(folder: Path, secret: str) -> list[str]:
    """The laptops' database files (with their -wal, -shm and backups) that hold ``secret``."""
    files = [p for p in folder.iterdir() if p.is_file() and p.name.startswith(("A.db", "B.db"))]
    assert files
    return [p.name for p in files if secret.encode() in p.read_bytes()]


def test_two_laptops_exchange_changes_through_the_hub_and_conflicts_are_real_and_only_real(council, tmp_path, capsys):
    a_path, b_path = tmp_path / "A.db", tmp_path / "B.db"
    a = Database.open(a_path)
    ids = seed_plan(a)
    a.close()
    alice_url = council.url(council.alice)

    assert sync(a_path, alice_url) == 0
    out = capsys.readouterr().out
    assert f"synced with {alice_url}\n" in out and "sent 7 changes" in out and "note:" not in out
    # IT lets bob change the plan alice brought; bob joins through a pg_service.conf entry.
    assert main(["hub", "grant", council.admin, "--role", council.bob, "--plan", "Care2Work"]) == 0
    capsys.readouterr()
    assert sync(b_path, "service=council") == 0
    out = capsys.readouterr().out
    assert "synced with service=council" in out and "received 7 changes: Setup 7" in out

    # Different actions changed at once: no conflict.
    for path, action, value, who in ((a_path, "1a", "amber", "Ann"), (b_path, "1b", "green", "Bob")):
        assert main(["--db", str(path), "update", action, "--rag", value, "--reason", "review", "--as", who]) == 0
    for path in (a_path, b_path, a_path):
        assert sync(path) == 0  # the hub is remembered
    out = capsys.readouterr().out
    assert "conflict" not in out and "received 1 change: Bob 1" in out and "received 1 change: Ann 1" in out

    # Bob changes 1a after seeing Ann's change: a later edit, not a conflict.
    assert main(["--db", str(b_path), "update", "1a", "--rag", "red", "--reason", "worse", "--as", "Bob"]) == 0
    assert sync(b_path) == 0 and sync(a_path) == 0
    assert "conflict" not in capsys.readouterr().out
    a = Database.open(a_path)
    assert rag(a, ids["a0"]) == "red"
    a.close()

    # Both change 1c without having seen each other's change: one real conflict, on both laptops.
    for path, value, who in ((a_path, "amber", "Ann"), (b_path, "green", "Bob")):
        assert main(["--db", str(path), "update", "1c", "--rag", value, "--reason", "review", "--as", who]) == 0
    capsys.readouterr()
    assert sync(a_path) == 0 and sync(b_path) == 0
    out = capsys.readouterr().out
    assert "conflicts: 1 to settle" in out and "amber by Ann" in out and "green by Bob" in out
    assert sync(a_path) == 0
    assert "conflicts: 1 to settle" in capsys.readouterr().out
    a, b = Database.open(a_path), Database.open(b_path)
    assert dump(a) == dump(b)
    a.close()
    b.close()

    # The server, not the laptop, says who appended each change.
    with council.hub.connect() as conn:
        authors = dict(conn.execute("SELECT author, count(*) FROM ragtrack.change GROUP BY author").fetchall())
    assert authors == {council.alice: 7 + 2, council.bob: 3}

    # What each laptop remembers is the address without any password.
    assert sync(a_path, "--status") == 0
    out = capsys.readouterr().out
    assert f"hub: {alice_url}\n" in out and "waiting to be sent: 0 changes" in out
    assert "others syncing to this hub" in out
    assert files_hold(tmp_path, PASSWORD) == []


def test_a_password_typed_into_the_address_is_used_once_and_never_kept(council, tmp_path, capsys, monkeypatch):
    a_path = tmp_path / "A.db"
    a = Database.open(a_path)
    seed_plan(a)
    a.close()
    monkeypatch.setenv("PGPASSFILE", str(tmp_path / "none"))  # no .pgpass for this laptop
    with_password = council.hub.url(council.alice)
    assert PASSWORD in with_password
    assert sync(a_path, with_password) == 0
    out = capsys.readouterr().out
    assert "sent 7 changes" in out and "not kept" in out and PASSWORD not in out
    assert files_hold(tmp_path, PASSWORD) == []
    a = Database.open(a_path)
    with edit(a, actor="Ann") as e:
        e.set_rag(seed_ids(a_path)["1a"], "amber", reason="x")
    a.close()
    # Next time: no password anywhere, so the server refuses; one line, nothing changed.
    assert sync(a_path) == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "cannot be reached" in err and PASSWORD not in err
    # With the password in the environment (PGPASSWORD), the remembered hub works again.
    monkeypatch.setenv("PGPASSWORD", PASSWORD)
    assert sync(a_path) == 0
    assert "sent 1 change\n" in capsys.readouterr().out
    assert files_hold(tmp_path, PASSWORD) == []


def seed_ids(path: Path) -> dict[str, str]:
    import sqlite3

    conn = sqlite3.connect(path)
    try:
        return dict(conn.execute("SELECT ref, id FROM action"))
    finally:
        conn.close()


def test_a_hub_that_cannot_be_reached_is_one_line_and_changes_nothing(tmp_path, capsys):
    a_path = tmp_path / "A.db"
    a = Database.open(a_path)
    seed_plan(a)
    a.close()
    a = Database.open(a_path)
    before = dump(a)
    a.close()
    port = _closed_port()
    assert sync(a_path, f"postgresql://alice@127.0.0.1:{port}/ragtrack") == 1
    err = capsys.readouterr().err
    assert err.startswith("ragtrack: ") and err.count("\n") == 1 and "cannot be reached" in err
    assert sync(a_path, "--status") == 0
    assert "sync folder: (none yet" in capsys.readouterr().out
    a = Database.open(a_path)
    assert dump(a) == before
    a.close()


def _closed_port() -> int:
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def test_a_committee_members_read_only_role_receives_and_its_edits_stay_on_the_laptop(council, tmp_path, capsys):
    a_path, c_path = tmp_path / "A.db", tmp_path / "C.db"
    a = Database.open(a_path)
    seed_plan(a)
    a.close()
    assert sync(a_path, council.url(council.alice)) == 0
    reader = council.login("cllr")
    assert main(["hub", "grant", council.admin, "--role", reader, "--plan", "Care2Work", "--read-only"]) == 0
    assert sync(c_path, council.url(reader)) == 0
    assert "received 7 changes" in capsys.readouterr().out
    assert main(["--db", str(c_path), "update", "1a", "--note", "from the committee", "--as", "Cllr"]) == 0
    capsys.readouterr()
    assert sync(c_path) == 0
    out = capsys.readouterr().out
    assert "sent 0 changes" in out and "warning: 1 change(s) stay on this laptop" in out and "may only read" in out
    assert sync(c_path, "--status") == 0
    assert "waiting to be sent: 1 change\n" in capsys.readouterr().out
    with council.hub.connect() as conn:
        assert conn.execute("SELECT count(*) FROM ragtrack.change").fetchone()[0] == 7
