"""Fixtures for the hub tests: one throwaway PostgreSQL per test process (see pg_server.py), a
fresh hub database for each test, and login roles for officers, readers and the hub's owner.

Roles are cluster-wide, so each test's roles carry its database's name.
"""

from __future__ import annotations

import itertools
import os
from dataclasses import dataclass, field

import pg_server
import pytest

PASSWORD = "not-a-secret"
_counter = itertools.count(1)


@pytest.fixture(scope="session")
def pg():
    """The session's PostgreSQL server (started once, stopped at the end), or a clear skip."""
    reason = pg_server.unavailable()
    if reason:
        pytest.skip(f"no PostgreSQL server for the hub tests: {reason}")
    server = pg_server.start_server()
    yield server
    pg_server.remove(server)


@dataclass
class Hub:
    """A hub database on the test server, initialised by its owner (an IT role, not a superuser)."""

    server: pg_server.PgServer
    dbname: str
    owner: str
    roles: list[str] = field(default_factory=list)

    def url(self, role: str | None = None, password: str | None = PASSWORD) -> str:
        return self.server.url(self.dbname, role or self.owner, password)

    def login(self, name: str) -> str:
        """A new login role (officer or reader: what it may do is granted separately)."""
        role = f"{self.dbname}_{name}"
        self.server.create_login(role, PASSWORD)
        self.roles.append(role)
        return role

    def connect(self, role: str | None = None, autocommit: bool = True):
        import psycopg

        return psycopg.connect(self.url(role), autocommit=autocommit)


@pytest.fixture
def blank_hub(pg) -> Hub:
    """An empty database owned by an IT role with CREATEROLE, not yet made a hub."""
    from psycopg import sql

    dbname = f"hub{os.getpid()}x{next(_counter)}"
    owner = f"{dbname}_it"
    with pg.connect() as conn:
        conn.execute(
            sql.SQL("CREATE ROLE {} LOGIN CREATEROLE PASSWORD {}").format(sql.Identifier(owner), sql.Literal(PASSWORD))
        )
        conn.execute(sql.SQL("CREATE DATABASE {} OWNER {}").format(sql.Identifier(dbname), sql.Identifier(owner)))
    return Hub(pg, dbname, owner)


@pytest.fixture
def hub(blank_hub: Hub) -> Hub:
    from storage.hub.address import HubAddress
    from storage.hub.admin import init_hub

    init_hub(HubAddress.parse(blank_hub.url()))
    return blank_hub
