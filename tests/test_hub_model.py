"""The folder's property test (tests/test_sync_model.py) over the hub: 2 to 4 laptops, each its own
login role, edit one plan offline and sync with a real PostgreSQL hub in any order, partly or
fully; at the end every laptop holds every change made anywhere, all show the same plan, and the
conflicts listed are exactly those the model predicts. (The hub's rows cannot be damaged, so the
folder's damage rules have no counterpart here; a hub restored from a backup is
tests/test_hub_place.py's.) Fewer examples than the folder's: each one is a new hub database."""

from __future__ import annotations

import itertools
import os

import pytest
from db_support import Database
from hub_support import PASSWORD
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import initialize, run_state_machine_as_test
from test_sync_model import Laptops
from test_sync_support import seed_plan

from storage.hub.address import HubAddress
from storage.hub.admin import grant, init_hub
from storage.sync import run_sync

pytest.importorskip("psycopg")
_count = itertools.count(1)


class HubLaptops(Laptops):
    """Laptops.rules, the place being a hub database made for each example."""

    server = None  # the session's PostgreSQL (set by the test)
    owner = ""
    roles: tuple[str, ...] = ()

    @initialize(n=st.integers(2, 4))
    def start(self, n):
        from psycopg import sql

        self.cloud = False
        dbname = f"model{os.getpid()}x{next(_count)}"
        with self.server.connect() as conn:
            conn.execute(
                sql.SQL("CREATE DATABASE {} OWNER {}").format(sql.Identifier(dbname), sql.Identifier(self.owner))
            )
        self.admin_url = self.server.url(dbname, self.owner, PASSWORD)
        admin = HubAddress.parse(self.admin_url)
        init_hub(admin)
        self.views = [self.server.url(dbname, role, PASSWORD) for role in self.roles[:n]]
        self.dbs = [Database.memory() for _ in range(n)]
        ids = {}
        self.record(0, lambda: ids.update(seed_plan(self.dbs[0], actions=2)))
        self.actions += [ids["a0"], ids["a1"]]
        run_sync(self.dbs[0], self.views[0], snapshot=False)
        for role in self.roles[1:n]:
            grant(admin, role, "Care2Work", read_only=False)
        for r in range(n):
            run_sync(self.dbs[r], self.views[r], snapshot=False)

    def teardown(self):
        made = set(self.made)
        super().teardown()  # every laptop syncs fully; they converge, with the predicted conflicts
        if self.views:
            import psycopg

            with psycopg.connect(self.admin_url) as conn:
                held = {row[0] for row in conn.execute("SELECT change_id FROM ragtrack.change")}
            # The hub holds every change made anywhere (but those only a retired laptop ever held).
            assert made - self.optional <= held <= made

    # Not rules here: nobody can change or add to the hub's rows but through its rules (the
    # server's refusals of crafted changes are tests/test_hub_security.py's).
    def damage(self, r, k, how):
        raise AssertionError("not used over the hub")

    def hostile(self, r, kind):
        raise AssertionError("not used over the hub")


@pytest.fixture
def officers(pg):
    """The hub's owner and four officers' login roles (cluster-wide: made once per test)."""
    from psycopg import sql

    tag = f"m{os.getpid()}x{next(_count)}"
    owner, roles = f"{tag}_it", [f"{tag}_officer{n}" for n in range(4)]
    with pg.connect() as conn:
        conn.execute(
            sql.SQL("CREATE ROLE {} LOGIN CREATEROLE PASSWORD {}").format(sql.Identifier(owner), sql.Literal(PASSWORD))
        )
        for role in roles:
            conn.execute(
                sql.SQL("CREATE ROLE {} LOGIN PASSWORD {}").format(sql.Identifier(role), sql.Literal(PASSWORD))
            )
    return owner, roles


def test_laptops_syncing_through_the_hub_in_any_order_converge_with_exactly_the_real_conflicts(pg, officers):
    from psycopg import sql

    owner, roles = officers
    # The group roles exist once a hub is made; officers join them before any example runs.
    with pg.connect() as conn:
        conn.execute(sql.SQL("CREATE DATABASE {} OWNER {}").format(sql.Identifier(owner + "db"), sql.Identifier(owner)))
    init_hub(HubAddress.parse(pg.url(owner + "db", owner, PASSWORD)))
    for role in roles:
        grant(HubAddress.parse(pg.url(owner + "db", owner, PASSWORD)), role, None, read_only=False)
    HubLaptops.server, HubLaptops.owner, HubLaptops.roles = pg, owner, tuple(roles)
    run_state_machine_as_test(
        HubLaptops,
        settings=settings(
            max_examples=6,
            stateful_step_count=20,
            deadline=None,
            database=None,
            suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
        ),
    )
