"""The officer the finder highlights is read ahead (``ScopeLoader.prefetch``): Enter shows their
actions without reading them again, unless something was committed since: by the app itself (in
memory, one connection reads and writes) or by another connection (a sync, a colleague's write to
the same file). Then Enter reads them afresh: a read ahead never shows what is no longer so."""

from __future__ import annotations

import pytest
from db_support import Database

from storage.db.actions import Actions
from storage.writes import edit
from tests.tui_support import make_app, settle


def build(db: Database) -> dict[str, str]:
    with edit(db, actor="setup") as e:
        plan = e.create("plan", title="Care2Work")
        objective = e.create("objective", plan_id=plan, ref="1", text="Commitment")
        jackie = e.create("officer", name="Jackie Roper", initials="JR")
        keith = e.create("officer", name="Keith Lander", initials="KL")
        e.create_action(plan, objective, "1a", "Promote the group", rag="red", leads=[jackie], position=0)
        green = e.create_action(plan, objective, "1b", "Link with the task group", leads=[keith], position=1)
    return {"plan": plan, "objective": objective, "keith": keith, "green": green}


@pytest.fixture(params=["memory", "file"])
def plan_db(request, tmp_path):
    """(the app's database, a way to write to it as someone else would, the ids)."""
    if request.param == "memory":
        db = Database.memory()
        yield db, db, build(db)  # one connection: the app's own writes
    else:
        path = tmp_path / "plan.db"
        db = Database.open(path)
        colleague = Database.open(path)
        yield db, colleague, build(db)  # another connection: a sync, a colleague
        colleague.close()
    db.close()


def count_scope_reads(monkeypatch) -> list[int]:
    reads: list[int] = []
    ordered = Actions.ordered

    def counted(self, *args, **kwargs):
        reads.append(1)
        return ordered(self, *args, **kwargs)

    monkeypatch.setattr(Actions, "ordered", counted)
    return reads


async def finder_on_keith(pilot) -> None:
    await settle(pilot)
    await pilot.press("o")
    await pilot.press(*"Kei")
    await settle(pilot)  # Keith highlighted, his actions read ahead


async def test_enter_shows_the_highlighted_officer_read_ahead(plan_db, monkeypatch):
    db, _writer, ids = plan_db
    app = make_app(db)
    async with app.run_test(size=(120, 40)) as pilot:
        await finder_on_keith(pilot)
        reads = count_scope_reads(monkeypatch)
        await pilot.press("enter")
        await settle(pilot)
        assert reads == []
        assert app.screen.scope.officer_ids == (ids["keith"],)
        assert list(app.screen.query_one("#actions").ids) == [ids["green"]]


async def test_a_change_committed_after_the_read_ahead_is_shown_on_enter(plan_db, monkeypatch):
    db, writer, ids = plan_db
    app = make_app(db)
    async with app.run_test(size=(120, 40)) as pilot:
        await finder_on_keith(pilot)
        with edit(writer, actor="colleague") as e:
            added = e.create_action(
                ids["plan"], ids["objective"], "1c", "Brief the Board", leads=[ids["keith"]], position=2
            )
        reads = count_scope_reads(monkeypatch)
        await pilot.press("enter")
        await settle(pilot)
        assert reads, "the read ahead was used although a change was committed after it"
        assert list(app.screen.query_one("#actions").ids) == [ids["green"], added]


async def test_the_read_ahead_waits_for_a_scope_being_read_and_never_interrupts_it(tmp_path, monkeypatch):
    """Opening the finder while the list's scope is still read (the whole scope of a large plan
    after its first screen, at start or after a filter) waits for that read: interrupted, it
    raised "interrupted" and the app showed "Something went wrong" (100,000 actions, o at start)."""
    import threading

    from storage.db.store import Link

    db = Database.open(tmp_path / "plan.db")
    ids = build(db)
    app = make_app(db)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        interrupts: list[int] = []
        interrupt = Link.interrupt

        def recorded(self) -> None:
            interrupts.append(1)
            interrupt(self)

        monkeypatch.setattr(Link, "interrupt", recorded)
        holding, release = threading.Event(), threading.Event()

        def scope_being_read() -> None:  # as ScopeLoader reads a scope: on "list", preemptible
            with app.session.read_unless_moot("list", preempt=lambda: True) as txn:
                assert txn is not None
                holding.set()
                release.wait(10)

        reader = threading.Thread(target=scope_being_read)
        reader.start()
        try:
            assert holding.wait(10)
            await pilot.press("o")
            await pilot.press(*"Kei")  # Keith highlighted: his actions are to be read ahead
            for _ in range(5):
                await pilot.pause(0.02)
            assert interrupts == [], "the read ahead interrupted the scope being read"
        finally:
            release.set()
            reader.join(10)
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        assert app.screen.scope.officer_ids == (ids["keith"],)
        assert list(app.screen.query_one("#actions").ids) == [ids["green"]]
    db.close()
