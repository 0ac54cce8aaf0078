"""Who may do what on the hub, enforced by the PostgreSQL server itself (storage/hub/schema.sql).

Each test connects as a login role and tries, with plain SQL as a hostile laptop would, what the
server must refuse: writing in another's name, into another plan, rewriting history, a reader
writing. The hub's owner (an IT role, not a superuser) sets things up with ragtrack's own
``hub grant``.
"""

from __future__ import annotations

import json

import pytest

from storage.hub.address import HubAddress, HubError
from storage.hub.admin import grant, list_plans, revoke
from storage.values import to_json

psycopg = pytest.importorskip("psycopg")
from psycopg.types.json import Jsonb  # noqa: E402

_serial = iter(range(1, 10**9))


def op(entity: str, entity_id: str, field: str, value, *, actor: str = "Jackie Roper") -> dict:
    """A change as a laptop puts it on the wire (storage.sync.format.CHANGE_COLUMNS)."""
    n = next(_serial)
    return {
        "id": f"{n:032x}",
        "txn_id": f"{n:032x}",
        "replica_id": "a" * 32,
        "stamp": f"2026-05-01T10:00:00.{n % 1000:03d}Z-0000-{'a' * 32}",
        "actor": actor,
        "at": "2026-05-01T10:00:00.000Z",
        "entity": entity,
        "entity_id": entity_id,
        "field": field,
        "old_value": None,
        "new_value": to_json(value),
        "reason": None,
        "supersedes": "[]",
        "source": "edit",
    }


def append(conn, *ops: dict, author: str | None = None) -> None:
    batch = f"{next(_serial):032x}"
    with conn.transaction():
        for change in ops:
            if author is None:
                conn.execute("INSERT INTO ragtrack.change(payload, batch_id) VALUES (%s, %s)", (Jsonb(change), batch))
            else:
                conn.execute(
                    "INSERT INTO ragtrack.change(payload, batch_id, author) VALUES (%s, %s, %s)",
                    (Jsonb(change), batch, author),
                )


def plan_ops(plan_id: str, title: str) -> list[dict]:
    objective, action = plan_id[:-4] + "0b01", plan_id[:-4] + "0a01"
    return [
        op("plan", plan_id, "_create", {"title": title}),
        op("objective", objective, "_create", {"plan_id": plan_id, "ref": "1", "text": "Commitment"}),
        op("action", action, "_create", {"plan_id": plan_id, "objective_id": objective, "ref": "1a", "text": "Act"}),
    ]


PLAN_A, PLAN_B = "a1" * 16, "b2" * 16
ACTION_A, ACTION_B = PLAN_A[:-4] + "0a01", PLAN_B[:-4] + "0a01"


@pytest.fixture
def council(hub):
    """Two plans on the hub: alice writes plan A, bob writes plan B, carol reads plan A."""
    admin = HubAddress.parse(hub.url())
    alice, bob, carol, dave = (hub.login(n) for n in ("alice", "bob", "carol", "dave"))
    grant(admin, alice, None, read_only=False)
    grant(admin, bob, None, read_only=False)
    with hub.connect(alice, autocommit=False) as conn:
        append(conn, *plan_ops(PLAN_A, "Care2Work"))
    with hub.connect(bob, autocommit=False) as conn:
        append(conn, *plan_ops(PLAN_B, "Youth Justice"))
    grant(admin, carol, "Care2Work", read_only=True)
    hub.alice, hub.bob, hub.carol, hub.dave = alice, bob, carol, dave
    hub.admin = admin
    return hub


def refused(conn, *ops: dict, author: str | None = None) -> str:
    """The server refuses the append: returns its message (the transaction is rolled back)."""
    with pytest.raises(psycopg.Error) as caught:
        append(conn, *ops, author=author)
    return str(caught.value)


def rag_edit(action: str, rag: str = "red") -> dict:
    return op("action", action, "rag", rag)


def test_the_author_is_the_connected_role(council):
    with council.connect(council.alice, autocommit=False) as conn:
        append(conn, rag_edit(ACTION_A))
        author = conn.execute("SELECT author FROM ragtrack.change ORDER BY seq DESC LIMIT 1").fetchone()[0]
    assert author == council.alice


def test_a_role_cannot_append_in_anothers_name(council):
    with council.connect(council.alice, autocommit=False) as conn:
        message = refused(conn, rag_edit(ACTION_A), author=council.bob)
    assert "row-level security" in message


def test_a_role_cannot_append_to_a_plan_it_is_not_a_member_of(council):
    with council.connect(council.alice, autocommit=False) as conn:
        assert "row-level security" in refused(conn, rag_edit(ACTION_B))
        # A new action in plan B, and a progress note under plan B's action, are plan B's too.
        new_action = op("action", "c3" * 16, "_create", {"plan_id": PLAN_B, "objective_id": "x", "ref": "9"})
        assert "row-level security" in refused(conn, new_action)
        note = op("progress", "d4" * 16, "_create", {"action_id": ACTION_B, "text": "done"})
        assert "row-level security" in refused(conn, note)


def test_the_plan_is_the_servers_not_the_laptops(council):
    """A change to plan B's action that claims to be plan A's is still plan B's."""
    forged = rag_edit(ACTION_B)
    forged["plan_id"] = PLAN_A
    with council.connect(council.alice, autocommit=False) as conn:
        assert "row-level security" in refused(conn, forged)
        # Nor can plan_id be set directly: the column is not the laptop's to write.
        with pytest.raises(psycopg.errors.InsufficientPrivilege), conn.transaction():
            conn.execute(
                "INSERT INTO ragtrack.change(payload, batch_id, plan_id) VALUES (%s, %s, %s)",
                (Jsonb(rag_edit(ACTION_A)), "0" * 32, PLAN_A),
            )


def test_moving_a_record_into_a_plan_needs_the_right_to_write_there(council):
    with council.connect(council.alice, autocommit=False) as conn:
        message = refused(conn, op("action", ACTION_A, "plan_id", PLAN_B))
    assert "may not move a record into plan" in message


def test_a_reader_cannot_append(council):
    with council.connect(council.carol, autocommit=False) as conn:
        with pytest.raises(psycopg.errors.InsufficientPrivilege):
            append(conn, rag_edit(ACTION_A))
        # ...but reads plan A (and nothing of plan B).
        plans = {r[0] for r in conn.execute("SELECT DISTINCT plan_id FROM ragtrack.change")}
    assert plans == {PLAN_A}


def test_nobody_can_update_delete_or_truncate_history(council):
    for role in (council.alice, council.carol, council.owner):
        with council.connect(role) as conn:
            for statement in (
                "UPDATE ragtrack.change SET payload = '{}'::jsonb",
                "DELETE FROM ragtrack.change",
                "TRUNCATE ragtrack.change",
            ):
                with pytest.raises((psycopg.errors.InsufficientPrivilege, psycopg.errors.RaiseException)) as caught:
                    conn.execute(statement)
                assert "permission denied" in str(caught.value) or "append-only" in str(caught.value)
    with council.connect(council.owner) as conn:
        assert conn.execute("SELECT count(*) FROM ragtrack.change").fetchone()[0] == 6


def test_not_even_a_superuser_in_replication_mode_rewrites_history(council):
    """The triggers fire ALWAYS: session_replication_role = replica does not skip them."""
    with council.server.connect(council.dbname) as conn:
        conn.execute("SET session_replication_role = replica")
        for statement in ("UPDATE ragtrack.change SET field = 'x'", "DELETE FROM ragtrack.change"):
            with pytest.raises(psycopg.Error, match="append-only"):
                conn.execute(statement)


def test_officers_cannot_grant_themselves_plans_or_touch_the_bookkeeping(council):
    with council.connect(council.alice) as conn:
        for statement, params in (
            (
                "INSERT INTO ragtrack.plan_member(role_name, plan_id, can_write) VALUES (%s, %s, true)",
                (council.alice, PLAN_B),
            ),
            ("UPDATE ragtrack.plan_member SET can_write = true", None),
            ("DELETE FROM ragtrack.record", None),
            ("INSERT INTO ragtrack.change(seq, payload) VALUES (1, '{}'::jsonb)", None),
        ):
            with pytest.raises(psycopg.errors.InsufficientPrivilege):
                conn.execute(statement, params)
        # Each sees only its own memberships.
        mine = conn.execute("SELECT role_name, plan_id, can_write FROM ragtrack.plan_member").fetchall()
    assert mine == [(council.alice, PLAN_A, True)]


def test_the_group_roles_cannot_author(council):
    """An officer can SET ROLE to the group it belongs to; changes in the group's name are refused."""
    with council.connect(council.alice, autocommit=False) as conn:
        conn.execute("SET ROLE ragtrack_officer")
        assert "row-level security" in refused(conn, op("officer", "e5" * 16, "_create", {"name": "X"}))


def test_a_role_outside_ragtrack_reads_nothing(council):
    with council.connect(council.dave) as conn, pytest.raises(psycopg.errors.InsufficientPrivilege):
        conn.execute("SELECT count(*) FROM ragtrack.change")


def test_a_change_to_a_record_the_hub_does_not_have_is_refused(council):
    with council.connect(council.alice, autocommit=False) as conn:
        message = refused(conn, rag_edit("f6" * 16))
    assert "that the hub does not have" in message


def test_not_a_change_is_refused(council):
    with council.connect(council.alice, autocommit=False) as conn:
        assert "not a ragtrack change" in refused(conn, {"hello": "world"})
        assert "unknown kind of record" in refused(conn, {**rag_edit(ACTION_A), "entity": "setting"})


def test_revoke_takes_the_plan_away(council):
    assert revoke(council.admin, council.alice, "Care2Work") == ["Care2Work"]
    # No longer an officer at all: no right to append anywhere.
    with council.connect(council.alice, autocommit=False) as conn, pytest.raises(psycopg.errors.InsufficientPrivilege):
        append(conn, rag_edit(ACTION_A))
    grant(council.admin, council.alice, "Care2Work", read_only=False)
    with council.connect(council.alice, autocommit=False) as conn:
        append(conn, rag_edit(ACTION_A))


def test_officers_add_plans_and_become_their_members(council):
    plans = {p.title: p for p in list_plans(council.admin)}
    assert plans["Care2Work"].writers == [council.alice]
    assert plans["Care2Work"].readers == [council.carol]
    assert plans["Youth Justice"].writers == [council.bob]
    assert plans["Care2Work"].changes == 3
    # A reader cannot add a plan.
    with council.connect(council.carol, autocommit=False) as conn, pytest.raises(psycopg.Error):
        append(conn, *plan_ops("c7" * 16, "Mine"))


def test_grant_says_clearly_what_is_wrong(council):
    with pytest.raises(HubError, match="no role 'nobody'"):
        grant(council.admin, "nobody", "Care2Work", read_only=False)
    with pytest.raises(HubError, match="no plan 'Nope' on the hub"):
        grant(council.admin, council.dave, "Nope", read_only=False)
    with pytest.raises(HubError, match="group roles"):
        grant(council.admin, "ragtrack_officer", "Care2Work", read_only=False)
    with pytest.raises(HubError, match="run it as the hub's owner"):
        grant(HubAddress.parse(council.url(council.alice)), council.dave, "Care2Work", read_only=False)


def test_notify_on_append(council):
    with council.connect(council.carol) as listener:
        listener.execute("LISTEN ragtrack_changes")
        with council.connect(council.alice, autocommit=False) as conn:
            append(conn, rag_edit(ACTION_A))
        notes = list(listener.notifies(timeout=5, stop_after=1))
    assert [n.channel for n in notes] == ["ragtrack_changes"]


def test_payload_is_kept_as_sent(council):
    change = rag_edit(ACTION_A, "amber")
    with council.connect(council.alice, autocommit=False) as conn:
        append(conn, change)
    with council.connect(council.carol) as conn:
        row = conn.execute(
            "SELECT payload, plan_id, entity, field FROM ragtrack.change WHERE change_id = %s", (change["id"],)
        ).fetchone()
    assert row == (change, PLAN_A, "action", "rag")
    assert json.loads(row[0]["new_value"]) == "amber"
