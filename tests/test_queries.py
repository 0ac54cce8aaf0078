"""Read queries: SQL filters agree with the plain-Python meaning of each filter."""

from __future__ import annotations

from datetime import date, timedelta

from db_support import Database
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from store_view import view

from storage.db import NOT_RATED, ActionFilter
from storage.errors import Ambiguous, NotFound
from storage.officers import match_officers
from storage.writes import edit

TODAY = date(2026, 11, 22)


def test_filters_by_rag_officer_overdue_and_search(db, small_plan):
    txn = view(db)

    def refs(flt):
        return [r.ref for r in txn.actions.list(flt, today=TODAY)]

    assert refs(ActionFilter()) == ["1a", "1b", "1c"]
    assert refs(ActionFilter(rags=frozenset({"red"}))) == ["1a"]
    assert refs(ActionFilter(rags=frozenset({"green", NOT_RATED}))) == ["1b", "1c"]
    assert refs(ActionFilter(officer_ids=(small_plan.keith,))) == ["1b"]
    assert refs(ActionFilter(officer_ids=(small_plan.jackie,))) == ["1a", "1b"]
    assert refs(ActionFilter(overdue=True)) == ["1a"]
    assert refs(ActionFilter(search="steering")) == ["1a"]  # found in progress text
    assert refs(ActionFilter(search="[bold]")) == ["1c"]  # user text is data, not a pattern
    assert refs(ActionFilter(search="%")) == []
    assert refs(ActionFilter(rags=frozenset({"red"}), officer_ids=(small_plan.keith,))) == []


def test_row_carries_leads_in_order_and_overdue(db, small_plan):
    rows = view(db).actions.list(today=TODAY)
    assert rows[1].leads == ("Keith Lander", "Jackie Roper")
    assert rows[0].due == date(2014, 4, 30) and rows[0].overdue
    assert not rows[1].overdue and rows[1].ongoing


def test_counts_per_rag_and_overdue(db, small_plan):
    counts = view(db).actions.rag_counts(ActionFilter(), today=TODAY)
    assert counts == {"red": 1, "amber": 0, "green": 1, "blue": 0, NOT_RATED: 1, "overdue": 1, "total": 3}


def test_completed_action_is_never_overdue(db, small_plan):
    with edit(db, "x") as e:
        e.complete(small_plan.red_action, "done")
    assert view(db).actions.rag_counts(ActionFilter(), today=TODAY)["overdue"] == 0


def test_stale_filter_uses_last_update():
    db = Database.memory()
    with edit(db, "importer", source="import") as e:  # imports do not count as updates
        plan = e.create("plan", title="P")
        objective = e.create("objective", plan_id=plan, ref="1")
        old = e.create_action(plan, objective, "1a", "old progress")
        e.add_progress(old, "achieved", "met", entry_date=date(2014, 8, 1))
        e.create_action(plan, objective, "1b", "never updated")
        recent = e.create_action(plan, objective, "1c", "recent progress")
        e.add_progress(recent, "achieved", "met", entry_date=TODAY - timedelta(days=3))
    txn = view(db)

    def stale(days):
        return [r.ref for r in txn.actions.list(ActionFilter(stale_days=days), today=TODAY)]

    assert stale(30) == ["1a", "1b"]
    assert stale(1) == ["1a", "1b", "1c"]
    assert txn.actions.list(today=TODAY)[0].last_update == date(2014, 8, 1)
    with edit(db, "Keith") as e:  # an officer's edit is an update, dated today
        e.set("action", old, "text", "old progress, revised")
    assert txn.actions.list(today=date.today())[0].last_update == date.today()
    db.close()


def test_find_officers_prefers_exact_initials(db, small_plan):
    txn = view(db)
    assert [o.name for o in match_officers(txn.officers.names(), "jr").meant()] == ["Jackie Roper"]
    assert [o.name for o in match_officers(txn.officers.names(), "lander").meant()] == ["Keith Lander"]
    assert [o.name for o in match_officers(txn.officers.names(), "e").meant()] == ["Jackie Roper", "Keith Lander"]


def test_find_action_and_plan_report_ambiguity(db, small_plan):
    with edit(db, "x") as e:
        other = e.create("plan", title="Another plan")
        objective = e.create("objective", plan_id=other, ref="1")
        e.create_action(other, objective, "1a", "Same ref elsewhere")
    txn = view(db)
    try:
        txn.actions.find("1a")
    except Ambiguous as error:
        assert "Another plan" in str(error) and "Care2Work" in str(error)
    else:
        raise AssertionError("expected Ambiguous")
    assert txn.actions.find("1a)", txn.plans.find("care2").id).text == "Promote the C2W group"
    try:
        txn.actions.find("9z")
    except NotFound:
        pass
    else:
        raise AssertionError("expected NotFound")


def test_window_fetch_matches_full_list(db, small_plan):
    txn = view(db)
    ids = txn.actions.ids(ActionFilter(), today=TODAY)
    window = txn.actions.rows_by_id(ids[1:3], today=TODAY)
    full = txn.actions.list(today=TODAY)
    assert [window[i] for i in ids[1:3]] == full[1:3]


# --- property: SQL filtering = the filter's plain meaning --------------------------------

RAGS = [None, "red", "amber", "green", "blue"]
STATUSES = ["open", "complete", "withdrawn"]
WORDS = ["budget", "venue", "training", "mentor", "data"]
action_spec = st.tuples(
    st.sampled_from(RAGS),
    st.sampled_from(STATUSES),
    st.sets(st.integers(0, 2), max_size=2),
    st.sampled_from(["", "04/14", "31/12/2030", "Ongoing", "Summer term 2021"]),
    st.sampled_from(WORDS),
)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    specs=st.lists(action_spec, min_size=1, max_size=12),
    rags=st.sets(st.sampled_from(["red", "amber", "green", "blue", NOT_RATED]), max_size=3),
    statuses=st.sets(st.sampled_from(STATUSES), max_size=2),
    officer=st.one_of(st.none(), st.integers(0, 2)),
    overdue=st.booleans(),
    word=st.one_of(st.just(""), st.sampled_from(WORDS)),
)
def test_sql_filter_matches_python_meaning(specs, rags, statuses, officer, overdue, word):
    db = Database.memory()
    with edit(db, "gen") as e:
        plan = e.create("plan", title="P")
        objective = e.create("objective", plan_id=plan, ref="1")
        officers = [e.create("officer", name=f"Officer {i}") for i in range(3)]
        for i, (rag, status, leads, timescale, text) in enumerate(specs):
            e.create_action(
                plan,
                objective,
                f"a{i}",
                f"{text} {i}",
                rag=rag,
                status=status,
                leads=[officers[j] for j in sorted(leads)],
                timescale=timescale,
                position=i,
            )
    flt = ActionFilter(
        rags=frozenset(rags),
        statuses=frozenset(statuses),
        overdue=overdue,
        search=word,
        officer_ids=(officers[officer],) if officer is not None else (),
    )
    got = [r.ref for r in view(db).actions.list(flt, today=TODAY)]
    everything = view(db).actions.list(ActionFilter(), today=TODAY)
    expected = [
        r.ref
        for r in everything
        if (not rags or (r.rag or NOT_RATED) in rags)
        and (not statuses or r.status in statuses)
        and (not overdue or r.overdue)
        and (not word or word in r.text)
        and (officer is None or f"Officer {officer}" in r.leads)
    ]
    assert got == expected
    assert view(db).actions.rag_counts(flt, today=TODAY)["total"] == len(expected)
    db.close()


def test_only_ids_keeps_just_those_actions_with_the_other_filters(db, small_plan):
    txn = view(db)

    def refs(flt):
        return [r.ref for r in txn.actions.list(flt, today=TODAY)]

    only = frozenset({small_plan.red_action, small_plan.undated_action, "no-such-id"})
    assert refs(ActionFilter(only_ids=only)) == ["1a", "1c"]
    assert refs(ActionFilter(only_ids=only, rags=frozenset({"red"}))) == ["1a"]
    assert refs(ActionFilter(only_ids=frozenset())) == []
    assert txn.actions.rag_counts(ActionFilter(only_ids=only), today=TODAY)["total"] == 2
    many = frozenset({small_plan.green_action} | {f"x{i}" for i in range(5000)})  # past any bound-variable limit
    assert txn.actions.ids(ActionFilter(only_ids=many), TODAY) == [small_plan.green_action]
