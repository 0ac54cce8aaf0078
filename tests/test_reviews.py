"""Reviews: a dated snapshot through the write path, and exactly what changed since it."""

from __future__ import annotations

from datetime import date, timedelta

from sqlalchemy import text
from store_view import view

from storage.reviews import (
    changed_action_ids,
    changes_since_review,
    chase_list,
    chase_text,
    latest_review,
    list_reviews,
    rag_trend,
    review_timeline,
    review_txn_id,
    snapshot,
    start_review,
)
from storage.writes import edit, undo
from tui.cli import main


def test_start_review_logs_the_review_and_snapshots_every_action(db, small_plan):
    review_id = start_review(db, small_plan.plan, as_at=date(2015, 7, 22), label="July committee", actor="KL")
    with db.engine.connect() as conn:
        logged = conn.execute(
            text("SELECT field, actor FROM change WHERE entity = 'review' AND entity_id = :id"), {"id": review_id}
        ).all()
        entries = {
            r[0]: tuple(r[1:])
            for r in conn.execute(
                text("SELECT action_id, rag, status, timescale, due_end FROM review_entry WHERE review_id = :id"),
                {"id": review_id},
            )
        }
        plan_as_at = conn.execute(text("SELECT as_at FROM plan WHERE id = :id"), {"id": small_plan.plan}).scalar()
    assert logged == [("_create", "KL")]
    assert entries == {
        small_plan.red_action: ("red", "open", "04/14", "2014-04-30"),
        small_plan.green_action: ("green", "open", "Ongoing", None),
        small_plan.undated_action: (None, "open", "", None),
    }
    assert str(plan_as_at) == "2015-07-22"
    [review] = list_reviews(view(db), small_plan.plan)
    assert (review.id, review.as_at, review.label, review.started_by, review.actions) == (
        review_id,
        date(2015, 7, 22),
        "July committee",
        "KL",
        3,
    )


def test_undoing_a_review_removes_it(db, small_plan):
    start_review(db, small_plan.plan, as_at=date(2015, 7, 22))
    with db.engine.connect() as conn:
        txn = conn.execute(text("SELECT txn_id FROM change WHERE entity = 'review'")).scalar()
    undo(db, txn)
    assert list_reviews(view(db), small_plan.plan) == []
    assert changes_since_review(view(db), small_plan.plan) == {}


def test_no_review_means_no_changes(db, small_plan):
    assert latest_review(view(db), small_plan.plan) is None
    assert changes_since_review(view(db), small_plan.plan) == {}
    assert changed_action_ids(view(db), small_plan.plan) == set()


def test_changes_since_review_list_exactly_the_edits_made_after_it(db, small_plan):
    with edit(db, actor="JR") as e:  # before the review: not a change since
        e.set_rag(small_plan.green_action, "amber", reason="slipping")
    start_review(db, small_plan.plan, as_at=date(2015, 7, 22))
    with edit(db, actor="Jackie Roper") as e:
        e.set_rag(small_plan.red_action, "amber", reason="Training booked for May")
        e.set_timescale(small_plan.red_action, "09/14")
        e.add_progress(small_plan.red_action, "next", "Book the venue", entry_date=date(2015, 8, 1))
        e.set_status(small_plan.undated_action, "withdrawn", reason="Merged into 1a")
        new = e.create_action(small_plan.plan, small_plan.objective, "1d", "Report to the Board", rag="green")
    changes = changes_since_review(view(db), small_plan.plan)
    assert set(changes) == {small_plan.red_action, small_plan.green_action, small_plan.undated_action, new}
    assert changed_action_ids(view(db), small_plan.plan) == {small_plan.red_action, small_plan.undated_action, new}

    red = changes[small_plan.red_action]
    assert [(m.old, m.new, m.reason, m.actor) for m in red.rag_moves] == [
        ("red", "amber", "Training booked for May", "Jackie Roper")
    ]
    assert [(m.old, m.new) for m in red.redates] == [("04/14", "09/14")]
    assert [p.text for p in red.new_progress] == ["Book the venue"]
    assert (red.new, red.completed, red.withdrawn, red.other_fields) == (False, False, False, ())
    assert red.at_review.rag == "red" and red.at_review.timescale == "04/14"
    assert red.notes() == ["Re-dated: 04/14 → 09/14", "RAG Red → Amber: Training booked for May"]

    green = changes[small_plan.green_action]
    assert not green.changed and green.rag_moves == () and green.at_review.rag == "amber"

    withdrawn = changes[small_plan.undated_action]
    assert withdrawn.withdrawn and not withdrawn.completed
    assert withdrawn.notes() == ["Withdrawn: Merged into 1a"]

    assert changes[new].new and changes[new].at_review is None and changes[new].notes() == ["New since the last review"]


def test_completed_and_removed_since_the_review(db, small_plan):
    start_review(db, small_plan.plan, as_at=date(2015, 7, 22))
    with edit(db, actor="JR") as e:
        e.complete(small_plan.green_action, "Guide published")
        e.delete("action", small_plan.undated_action)
    changes = changes_since_review(view(db), small_plan.plan)
    done = changes[small_plan.green_action]
    assert done.completed and [m.new for m in done.rag_moves] == ["blue"]
    assert done.notes() == ["Completed: Guide published"]  # the blue rating is not said twice
    assert changes[small_plan.undated_action].removed
    assert small_plan.undated_action not in changed_action_ids(view(db), small_plan.plan)


def test_rolled_forward_counts_every_re_dating_ever(db, small_plan):
    for when in ("06/14", "09/14"):
        with edit(db) as e:
            e.set_timescale(small_plan.red_action, when)
    start_review(db, small_plan.plan, as_at=date(2015, 1, 10))
    with edit(db) as e:
        e.set_timescale(small_plan.red_action, "03/15")
    red = changes_since_review(view(db), small_plan.plan)[small_plan.red_action]
    assert len(red.redates) == 1 and red.redated_total == 3 and red.rolled_forward
    assert red.first_timescale == "04/14"


def test_changes_are_measured_from_the_latest_review_unless_one_is_named(db, small_plan):
    first = start_review(db, small_plan.plan, as_at=date(2015, 4, 1))
    with edit(db) as e:
        e.set_rag(small_plan.red_action, "amber", reason="better")
    start_review(db, small_plan.plan, as_at=date(2015, 7, 1))
    assert changed_action_ids(view(db), small_plan.plan) == set()
    assert changed_action_ids(view(db), small_plan.plan, review_id=first) == {small_plan.red_action}


def test_a_review_received_without_entries_is_rebuilt_from_the_change_log(db, small_plan):
    start_review(db, small_plan.plan, as_at=date(2015, 7, 22))
    with edit(db) as e:
        e.set_rag(small_plan.red_action, "green", reason="done")
        e.set_timescale(small_plan.undated_action, "31/03/2016")
    review = latest_review(view(db), small_plan.plan)
    stored = snapshot(view(db), review)
    with db.engine.begin() as conn:  # as on a laptop that got the review by sync
        conn.execute(text("DELETE FROM review_entry"))
    review = latest_review(view(db), small_plan.plan)
    assert review.actions == 0
    assert snapshot(view(db), review) == stored
    assert changed_action_ids(view(db), small_plan.plan) == {small_plan.red_action, small_plan.undated_action}


def test_timeline_and_trend(db, small_plan):
    start_review(db, small_plan.plan, as_at=date(2015, 4, 1))
    with edit(db) as e:
        e.set_rag(small_plan.red_action, "amber", reason="better")
        e.set_rag(small_plan.undated_action, "red", reason="not started")
    start_review(db, small_plan.plan, as_at=date(2015, 7, 1))
    with edit(db) as e:
        e.set_status(small_plan.green_action, "withdrawn", reason="no longer needed")
        new = e.create_action(small_plan.plan, small_plan.objective, "1d", "New", rag="green")
    timeline = review_timeline(view(db), small_plan.plan)
    assert [r.as_at for r in timeline.reviews] == [date(2015, 4, 1), date(2015, 7, 1)]
    assert timeline.rags(small_plan.red_action) == ["red", "amber"]
    assert timeline.rags(small_plan.undated_action) == [None, "red"]
    assert timeline.entries[new] == (None, None)
    trend = rag_trend(view(db), small_plan.plan, today=date(2015, 9, 1))
    assert [(p.label, p.counts, p.withdrawn, p.is_now) for p in trend] == [
        ("01/04/2015", {"red": 1, "amber": 0, "green": 1, "blue": 0, "none": 1}, 0, False),
        ("01/07/2015", {"red": 1, "amber": 1, "green": 1, "blue": 0, "none": 0}, 0, False),
        ("Now", {"red": 1, "amber": 1, "green": 1, "blue": 0, "none": 0}, 1, True),
    ]


def test_chase_list_groups_stale_and_due_actions_by_officer(db, small_plan):
    today = date.today()
    with edit(db) as e:
        e.set_timescale(small_plan.undated_action, (today + timedelta(days=40)).strftime("%d/%m/%Y"))
    # everything was updated today and nothing is due soon: only the overdue 1a is chased
    assert [(c.name, [i.row.ref for i in c.items]) for c in chase_list(view(db), days=14, today=today)] == [
        ("Jackie Roper", ["1a"])
    ]
    later = today + timedelta(days=30)
    chases = chase_list(view(db), days=14, today=later)
    by_name = {c.name: [(i.row.ref, i.reasons) for i in c.items] for c in chases}
    stale = f"no update since {today.strftime('%d/%m/%Y')} (30 days)"
    assert by_name["Jackie Roper"] == [("1a", (stale, "overdue: due 30/04/2014")), ("1b", (stale,))]
    assert by_name["Keith Lander"] == [("1b", (stale,))]
    assert by_name["(no lead officer)"][0][0] == "1c"
    assert "due " in by_name["(no lead officer)"][0][1][-1]
    message = chase_text(chases, sender="Keith Lander")
    assert "Dear Jackie," in message and "Many thanks,\nKeith Lander" in message
    assert "- 1a Promote the C2W group (timescale: 04/14)" in message
    assert "Actions with no lead officer" in message


def test_chase_mentions_no_update_since_the_review(db, small_plan):
    start_review(db, small_plan.plan, as_at=date.today() + timedelta(days=5))
    chases = chase_list(view(db), days=30, today=date.today() + timedelta(days=6), plan_id=small_plan.plan)
    reasons = {i.row.ref: i.reasons for c in chases for i in c.items}
    assert reasons["1b"] == (
        f"no update since the review of {(date.today() + timedelta(days=5)).strftime('%d/%m/%Y')}",
    )


def test_review_and_chase_commands(tmp_path, capsys):
    from db_support import Database

    path = tmp_path / "plans.db"
    db = Database.open(path)
    with edit(db, actor="setup") as e:
        plan = e.create("plan", title="Care2Work")
        objective = e.create("objective", plan_id=plan, ref="1", text="Commitment")
        jackie = e.create("officer", name="Jackie Roper", initials="JR", email="jackie.roper@leeds.gov.uk")
        e.create_action(plan, objective, "1a", "Promote the group", timescale="04/14", rag="red", leads=[jackie])
    db.close()
    assert main(["--db", str(path), "review", "start", "--as-at", "22/07/2015", "--label", "July", "--as", "KL"]) == 0
    assert "as at 22/07/2015 recorded: 1 action snapshotted" in capsys.readouterr().out
    assert main(["--db", str(path), "update", "1a", "--rag", "amber", "--reason", "Training booked"]) == 0
    capsys.readouterr()
    assert main(["--db", str(path), "review", "list"]) == 0
    out = capsys.readouterr().out
    assert "22/07/2015" in out and "July" in out and "1 changed since" in out
    assert main(["--db", str(path), "review", "changes"]) == 0
    assert "RAG Red → Amber: Training booked" in capsys.readouterr().out
    assert main(["--db", str(path), "chase", "--days", "0", "--from", "Keith"]) == 0
    out = capsys.readouterr().out
    assert "To: Jackie Roper <jackie.roper@leeds.gov.uk>" in out and "1a Promote the group" in out
    assert main(["--db", str(path), "review", "start", "--as-at", "31/02/2015"]) == 1
    assert "not a date" in capsys.readouterr().err


def test_review_txn_id_is_the_transaction_undo_reverts(db, small_plan):
    review_id = start_review(db, small_plan.plan, as_at=date(2015, 7, 22), actor="KL")
    txn_id = review_txn_id(view(db), review_id)
    assert txn_id is not None and review_txn_id(view(db), "no-such-review") is None
    undo(db, txn_id, actor="KL")
    assert list_reviews(view(db), small_plan.plan) == []
