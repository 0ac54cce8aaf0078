"""The TUI's scope reading (first screen, whole scope, triage queues) agrees with ``txn.actions.ids``
for any filter, and the
pure helpers behind chips, the officer picker and the list lines behave."""

from __future__ import annotations

from datetime import date

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from storage.db import NOT_RATED, ActionFilter, OfficerRow
from storage.db.actions import counts_from_codes, objectives_in_place, triage_scope
from storage.packed_ids import PackedIds
from storage.writes import edit
from tui.screens.officer_picker import match_officers
from tui.screens.scope_chips import chips_for, place_names, without
from tui.widgets.action_list import _columns, row_text

TODAY = date(2026, 11, 22)
RAGS = ["red", "amber", "green", "blue", None]
TIMESCALES = ["04/14", "31/03/2027", "Ongoing", "", "Summer term 2021", "By October 2030"]


def build(db, plans: int = 2, objectives: int = 3, actions: int = 4) -> dict:
    """Plans with themes, objectives and actions of every RAG, status and timescale."""
    made = {"plans": [], "themes": [], "objectives": [], "officers": []}
    with edit(db, actor="setup") as e:
        officers = [
            e.create("officer", name=n, initials=i)
            for n, i in (("Jackie Roper", "JR"), ("Keith Lander", "KL"), ("Ruth Brown", "RB"))
        ]
        made["officers"] = officers
        n = 0
        for p in range(plans):
            plan = e.create("plan", title=f"Plan {'BA'[p % 2]}{p}")
            theme = e.create("theme", plan_id=plan, name=f"Theme {p}")
            made["plans"].append(plan)
            made["themes"].append(theme)
            for o in range(objectives):
                objective = e.create(
                    "objective",
                    plan_id=plan,
                    theme_id=theme if o % 2 else None,
                    ref=str(o + 1),
                    text=f"Objective {o}",
                    position=o,
                )
                made["objectives"].append(objective)
                for a in range(actions):
                    n += 1
                    action = e.create_action(
                        plan,
                        objective,
                        f"{o + 1}{'abcdefgh'[a]}",
                        f"Action {n} {'care leavers' if n % 3 else 'schools'}",
                        rag=RAGS[n % 5],
                        timescale=TIMESCALES[n % 6],
                        position=a,
                        leads=[officers[n % 3]] + ([officers[(n + 1) % 3]] if n % 4 == 0 else []),
                        status="complete" if n % 7 == 0 else "open",
                        reason="setup",
                    )
                    if n % 2:
                        e.add_progress(
                            action, "achieved", f"progress note {n} [bold]", entry_date=date(2026, 1 + n % 11, 1)
                        )
    return made


filters = st.builds(
    dict,
    rags=st.frozensets(st.sampled_from(["red", "amber", "green", "blue", NOT_RATED]), max_size=3),
    statuses=st.frozensets(st.sampled_from(["open", "complete", "withdrawn"]), max_size=2),
    overdue=st.booleans(),
    search=st.sampled_from(["", "care", "SCHOOLS", "note 1", "[bold", "%", "_", "zzz"]),
    stale_days=st.sampled_from([None, 30, 400]),
    officer=st.integers(-1, 3),  # 3: two officers
    place=st.integers(-1, 5),
)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(parts=filters)
def test_first_screen_and_whole_scope_agree_with_action_ids(db, parts):
    if not hasattr(db, "_made"):
        db._made = build(db)
    made = db._made
    flt = ActionFilter(
        rags=parts["rags"],
        statuses=parts["statuses"],
        overdue=parts["overdue"],
        search=parts["search"],
        stale_days=parts["stale_days"],
        officer_ids=officers_of(made["officers"], parts["officer"]),
    )
    place = parts["place"]
    if place in (0, 1):
        flt = flt.with_(plan_ids=(made["plans"][place],))
    elif place == 2:
        flt = flt.with_(theme_ids=(made["themes"][0],))
    elif place >= 3:
        flt = flt.with_(objective_ids=(made["objectives"][place],))
    with db.read() as txn:
        check_scope_agrees(txn.actions, flt)


def officers_of(officers: list[str], choice: int) -> tuple[str, ...]:
    """None (-1), one of three (0-2) or the first two (3): an officer filter of each kind."""
    if choice < 0:
        return ()
    return tuple(officers[:2]) if choice == 3 else (officers[choice],)


def test_a_first_screen_for_officers_looks_each_actions_leads_up(db):
    """The first screen's objective batches test each action's leads in the leads' primary key:
    an ``IN (SELECT ...)`` there gathers every lead of the officers into a table first, in every
    batch (at 1,000,000 actions the busy officer's first screen took 241 ms, not 18: issue 15)."""
    made = build(db, plans=1, objectives=2, actions=2)
    statements: list[str] = []
    with db.read() as txn:
        conn = txn.actions._txn.conn
        objectives = objectives_in_place(txn.actions.objective_order(), ActionFilter())
        conn.set_trace_callback(statements.append)
        try:
            flt = ActionFilter(officer_ids=tuple(made["officers"][:2]))
            first, _codes, complete = txn.actions.first(flt, TODAY, objectives, enough=50, batches=(1, 1))
        finally:
            conn.set_trace_callback(None)
        assert complete and first == txn.actions.ids(flt, TODAY)
        plans = [" / ".join(step[3] for step in conn.execute("EXPLAIN QUERY PLAN " + sql)) for sql in statements]
    assert len(plans) == 2, plans
    for plan in plans:
        assert "ix_action_objective" in plan
        assert "sqlite_autoindex_action_lead_1 (action_id=? AND officer_id=?)" in plan, plan
        assert "LIST SUBQUERY" not in plan, plan


def check_scope_agrees(actions, flt):
    expected = actions.ids(flt, TODAY)
    ids, codes = actions.scope_with_codes(flt, TODAY)
    assert ids == expected == [row.id for row in actions.list(flt, TODAY)]  # packed, read like the rows
    assert counts_from_codes(codes) == actions.rag_counts(flt, TODAY)
    objectives = objectives_in_place(actions.objective_order(), flt)
    first, first_codes, complete = actions.first(flt, TODAY, objectives, enough=5, batches=(1, 2))
    assert first == expected[: len(first)]
    assert first_codes == codes[: len(first_codes)]
    if complete:
        assert first == expected
    # Triage's queues, spelled out from the filter's meaning: red first; then amber, and overdue
    # that is not red, in plan order; open items only unless the scope names statuses; only the
    # RAGs the scope's filter allows, if it has one (issue 13: a green-only list triages no red).
    triaged = flt if flt.statuses else flt.with_(statuses=frozenset({"open"}))
    assert triage_scope(flt) == triaged
    in_view = set(actions.ids(triaged, TODAY))
    red = [i for i in actions.ids(triaged.with_(rags=frozenset({"red"})), TODAY) if i in in_view]
    amber = set(actions.ids(triaged.with_(rags=frozenset({"amber"})), TODAY))
    overdue = set(actions.ids(triaged.with_(rags=frozenset(), overdue=True), TODAY))
    wanted = (amber | (overdue - set(actions.ids(triaged.with_(rags=frozenset({"red"})), TODAY)))) & in_view
    assert actions.triage_red(flt, TODAY) == red
    assert actions.triage_more(flt, TODAY) == [
        i for i in actions.ids(triaged.with_(rags=frozenset()), TODAY) if i in wanted
    ]


def test_a_scope_of_ids_of_several_widths_is_read_one_by_one(db):
    # ragtrack's ids all have one width and come packed; ids made elsewhere may not.
    with db.read() as txn:
        ids, codes, _row = txn.actions._scope(
            "SELECT 'a' AS id, 'r' AS code UNION ALL SELECT 'bbb', 'G' UNION ALL SELECT 'cc', 'n'", []
        )
        packed, _codes, _row = txn.actions._scope("SELECT 'ab' AS id, 'r' AS code UNION ALL SELECT 'cd', 'g'", [])
    assert list(ids) == ["a", "bbb", "cc"] and codes == "rGn" and not isinstance(ids, PackedIds)
    assert isinstance(packed, PackedIds) and list(packed) == ["ab", "cd"]


def test_outline_and_last_review(db):
    made = build(db, plans=2, objectives=2, actions=1)
    with db.read() as txn:
        outline = txn.plans.outline()
        assert [p.title for p in outline] == ["Plan A1", "Plan B0"]
        assert sum(p.actions for p in outline) == 4
        assert txn.plans.last_review_date() is None
    with edit(db, actor="x") as e:
        e.set("plan", made["plans"][0], "as_at", date(2026, 9, 1))
    with db.read() as txn:
        assert txn.plans.last_review_date() == date(2026, 9, 1)
        assert txn.plans.last_review_date((made["plans"][1],)) is None
        assert [h.ref for h in txn.actions.search("1A")] == ["1a", "1a"]


def test_officers_have_their_open_actions_counted(db):
    build(db, plans=1, objectives=2, actions=4)
    with db.read() as txn:
        officers = txn.officers.list()
    assert sum(o.open_actions for o in officers) > 0


def test_chips_round_trip(db):
    made = build(db, plans=1, objectives=1, actions=1)
    flt = ActionFilter(
        plan_ids=(made["plans"][0],),
        rags=frozenset({"red", NOT_RATED}),
        officer_ids=(made["officers"][0],),
        statuses=frozenset({"open"}),
        overdue=True,
        stale_days=30,
        updated_before=date(2026, 9, 1),
    )
    with db.read() as txn:
        outline = txn.plans.outline()
    chips = chips_for(flt, place_names(outline), {made["officers"][0]: "Jackie Roper"}, None)
    labels = [c.label for c in chips]
    assert "Plan: Plan B0" in labels and "Lead: Jackie Roper" in labels and "! Overdue" in labels
    for chip in chips:
        flt = without(flt, chip.key)
    assert flt.is_empty


def test_officer_picker_finds_initials_and_any_part_of_a_name():
    officers = [
        OfficerRow("1", "Jackie Roper", "JR", None, None, None),
        OfficerRow("2", "Jane Rogers", None, None, None, None),
        OfficerRow("3", "Keith Lander", "KL", None, None, None),
    ]
    assert [o.id for o in match_officers(officers, "jr")] == ["1"]
    assert [o.id for o in match_officers(officers, "ro")] == ["1", "2"]
    assert [o.id for o in match_officers(officers, "lander k")] == ["3"]
    assert [o.id for o in match_officers(officers, "k")] == ["3", "1"]  # initials first
    assert len(match_officers(officers, "")) == 3


def test_list_line_shows_user_text_literally(db):
    with edit(db, actor="x") as e:
        plan = e.create("plan", title="P")
        objective = e.create("objective", plan_id=plan, ref="1")
        action = e.create_action(plan, objective, "1a", "Note [bold]x[/] \x1b]0;x\x07 end", rag="red", reason="r")
    with db.read() as txn:
        row = txn.actions.rows_by_id([action], TODAY)[action]
    text = row_text(row, _columns(200))
    assert "[bold]x[/]" in text.plain and "\\x1b]0;x\\x07" in text.plain and "\x1b" not in text.plain
    assert "●R" in text.plain  # the RAG reads without colour


def test_the_packed_objective_order_is_the_outlines(db):
    """``objective_order`` holds the objectives packed (issue 15: memory at a million actions);
    read back, it is the outline's objectives in plan order, each with its plan and theme."""
    build(db)
    with db.read() as txn:
        order = txn.actions.objective_order()
        expected = [
            (o.id, o.plan_id, o.theme_id) for plan in txn.plans.outline() for o in txn.plans.objectives(plan.id)
        ]
    assert isinstance(order.ids, PackedIds) and len(expected) > 3
    assert [
        (objective, order.plan_ids[plan], order.theme_ids[theme] if theme >= 0 else None)
        for objective, plan, theme in zip(order.ids, order.plans, order.themes, strict=True)
    ] == expected
    assert objectives_in_place(order, ActionFilter()) is order.ids
    a_theme = next(theme for _o, _p, theme in expected if theme)
    assert objectives_in_place(order, ActionFilter(theme_ids=(a_theme,))) == [
        o for o, _p, t in expected if t == a_theme
    ]
