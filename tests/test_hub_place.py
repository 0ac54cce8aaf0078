"""The hub as a sync place (storage/hub/place.py) against a real server: what it stores it returns,
once, in order; a granted plan arrives whole; a restored hub reports what it lost; refusals
stop nothing else."""

from __future__ import annotations

import pytest
from test_hub_security import ACTION_A, ACTION_B, PLAN_A, PLAN_B, op, plan_ops, rag_edit

from storage.hub.address import HubAddress, HubError
from storage.hub.admin import grant
from storage.hub.place import HubPlace, key_plan
from storage.sync.transport import Author, ledger_of

psycopg = pytest.importorskip("psycopg")


def author(name: str = "r1") -> Author:
    return Author(name.ljust(32, "0"), "c1a1m000", f"Officer {name}", "laptop")


class Laptop:
    """A ledger kept the way the engine keeps it: taken batches, published receipts, the cursor."""

    def __init__(self, hub, role: str):
        self.url = hub.url(role)
        self.cursor = ""
        self.taken: dict[str, str] = {}
        self.received: list[dict] = []

    def place(self) -> HubPlace:
        place = HubPlace(self.url)
        place.open(create=False)
        return place

    def pull(self):
        with self.place() as place:
            fetched = place.fetch(ledger_of(self.cursor, self.taken))
        for key in fetched.gone:
            self.taken.pop(key, None)
        for batch in fetched.batches:
            self.taken[batch.key] = batch.fingerprint
            self.received += batch.changes
        self.cursor = fetched.cursor
        return fetched

    def push(self, *changes: dict, who: Author | None = None):
        with self.place() as place:
            receipts = place.publish(who or author(), list(changes))
            place.announce(who or author(), "", [])
        for receipt in receipts:
            self.taken[receipt.key] = receipt.fingerprint
        return receipts, place


@pytest.fixture
def two(hub):
    admin = HubAddress.parse(hub.url())
    alice, bob = hub.login("alice"), hub.login("bob")
    for role in (alice, bob):
        grant(admin, role, None, read_only=False)
    hub.admin, hub.alice, hub.bob = admin, alice, bob
    return hub


def ids(changes) -> list[str]:
    return [c["id"] for c in changes]


def test_what_one_laptop_publishes_another_receives_once_in_order(two):
    a, b = Laptop(two, two.alice), Laptop(two, two.bob)
    first = plan_ops(PLAN_A, "Care2Work")
    receipts, _ = a.push(*first)
    assert sorted(c for r in receipts for c in r.change_ids) == sorted(ids(first))
    assert {key_plan(r.key) for r in receipts} == {PLAN_A}
    grant(two.admin, two.bob, "Care2Work", read_only=False)
    fetched = b.pull()
    assert ids(b.received) == ids(first)
    assert fetched.batches[0].author == author().replica_id and fetched.batches[0].actor == "Officer r1"
    assert [p.actor for p in fetched.presence] == ["Officer r1"]
    assert b.pull().batches == []  # nothing twice
    edits = [rag_edit(ACTION_A, "amber"), rag_edit(ACTION_A, "green")]
    b.push(*edits, who=author("r2"))
    a.pull()
    assert ids(a.received) == ids(edits)  # its own batches are in its ledger: not read back


def test_publishing_again_what_the_hub_has_stores_nothing_twice(two):
    a = Laptop(two, two.alice)
    changes = plan_ops(PLAN_A, "Care2Work")
    a.push(*changes)
    receipts, _ = a.push(*changes)
    assert receipts == []
    with two.connect() as conn:
        assert conn.execute("SELECT count(*) FROM ragtrack.change").fetchone()[0] == 3


def test_a_plan_granted_later_arrives_whole(two):
    a, b = Laptop(two, two.alice), Laptop(two, two.bob)
    a.push(*plan_ops(PLAN_A, "Care2Work"))
    b.push(*plan_ops(PLAN_B, "Youth Justice"), who=author("r2"))
    a.push(rag_edit(ACTION_A))
    carol = two.login("carol")
    grant(two.admin, carol, "Youth Justice", read_only=True)
    c = Laptop(two, carol)
    c.pull()
    assert {ch["entity_id"] for ch in c.received if ch["field"] == "_create"} == {
        PLAN_B,
        ACTION_B,
        PLAN_B[:-4] + "0b01",
    }
    b.push(rag_edit(ACTION_B), who=author("r2"))  # the cursor moves past plan A's changes
    grant(two.admin, carol, "Care2Work", read_only=True)
    c.pull()
    plan_a = [ch for ch in c.received if ch["entity_id"] in (PLAN_A, ACTION_A, PLAN_A[:-4] + "0b01")]
    assert [ch["field"] for ch in plan_a] == ["_create", "_create", "_create", "rag"]
    assert len(c.received) == 8 and len({ch["id"] for ch in c.received}) == 8


def test_refused_changes_stop_nothing_else_and_are_told(two):
    a, b = Laptop(two, two.alice), Laptop(two, two.bob)
    b.push(*plan_ops(PLAN_B, "Youth Justice"), who=author("r2"))
    mine = plan_ops(PLAN_A, "Care2Work")
    foreign = rag_edit(ACTION_B)  # a change to bob's plan that alice holds (from a folder, say)
    receipts, place = a.push(mine[0], foreign, *mine[1:])
    assert sorted(c for r in receipts for c in r.change_ids) == sorted(ids(mine))
    assert list(place.refused) == [foreign["id"]]
    assert "the hub refused 1 change(s)" in place.warnings[0]


def test_a_reader_publishes_nothing_and_is_told(two):
    carol = two.login("carol")
    Laptop(two, two.alice).push(*plan_ops(PLAN_A, "Care2Work"))
    grant(two.admin, carol, "Care2Work", read_only=True)
    c = Laptop(two, carol)
    c.pull()
    assert len(c.received) == 3
    receipts, place = c.push(rag_edit(ACTION_A))
    assert receipts == [] and "may only read the hub" in place.warnings[0]


def test_a_hub_restored_from_a_backup_reports_what_it_lost(two):
    a, b = Laptop(two, two.alice), Laptop(two, two.bob)
    a.push(*plan_ops(PLAN_A, "Care2Work"))
    grant(two.admin, two.bob, "Care2Work", read_only=False)
    b.pull()
    before = dict(b.taken)
    lost_receipts, _ = a.push(rag_edit(ACTION_A, "red"))
    b.pull()
    lost_key = lost_receipts[0].key
    assert lost_key in b.taken
    # IT restores the database from a dump taken before alice's last push.
    with two.server.connect(two.dbname) as conn:
        conn.execute("ALTER TABLE ragtrack.change DISABLE TRIGGER change_refuse_rewrite")
        conn.execute("DELETE FROM ragtrack.change WHERE batch_id = %s", (lost_key.split(":")[0],))
        conn.execute("ALTER TABLE ragtrack.change ENABLE ALWAYS TRIGGER change_refuse_rewrite")
    fetched = b.pull()
    assert fetched.gone == [lost_key] and "restored from a backup" in fetched.warnings[0]
    assert fetched.batches == []  # what it still has was taken already
    assert set(b.taken) == set(before)


def test_an_officer_without_a_grant_is_told_to_ask_it(hub):
    dave = hub.login("dave")
    with pytest.raises(HubError, match=f"{dave} may not use the hub .*ask IT to grant it"):
        HubPlace(hub.url(dave)).open(create=False)


def test_a_wrong_password_or_a_stopped_server_is_one_line(hub):
    from storage.hub.address import HubUnavailable

    with pytest.raises(HubUnavailable) as caught:
        HubPlace(hub.url(hub.owner, password="wrong")).open(create=False)
    assert "password authentication failed" in str(caught.value) and "wrong" not in str(caught.value)
    assert "\n" not in str(caught.value)


def test_clock_offset_is_small_on_one_machine(hub):
    with HubPlace(hub.url()) as place:
        place.open(create=False)
        assert abs(place.clock_offset_ms()) < 1000


def test_an_officer_record_goes_to_every_plan(two):
    a, b = Laptop(two, two.alice), Laptop(two, two.bob)
    officer = op("officer", "0f" * 16, "_create", {"name": "Keith Lander"})
    a.push(officer)
    b.pull()
    assert ids(b.received) == [officer["id"]]


def test_a_restore_that_lost_only_this_laptops_last_push_is_noticed_by_it(two):
    """The backup was taken after alice's last read but before her last push: the change her
    cursor names is still there, and nobody else took the push. Alice alone can send it again."""
    a = Laptop(two, two.alice)
    a.push(*plan_ops(PLAN_A, "Care2Work"))
    a.pull()
    lost, _ = a.push(rag_edit(ACTION_A, "red"))
    with two.server.connect(two.dbname) as conn:
        conn.execute("ALTER TABLE ragtrack.change DISABLE TRIGGER change_refuse_rewrite")
        conn.execute("DELETE FROM ragtrack.change WHERE batch_id = %s", (lost[0].key.split(":")[0],))
        conn.execute("ALTER TABLE ragtrack.change ENABLE ALWAYS TRIGGER change_refuse_rewrite")
    fetched = a.pull()
    assert fetched.gone == [lost[0].key] and "restored from a backup" in fetched.warnings[0]
    assert a.pull().gone == []  # said once: the engine forgets the batch and sends its changes again
