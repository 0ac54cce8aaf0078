"""The one write path: every edit writes the row and its change-log record together."""

from __future__ import annotations

import json
from datetime import date
from itertools import groupby

import pytest
from sqlalchemy import text
from store_view import view

from storage.db import ActionFilter
from storage.errors import EditRefused, NotFound
from storage.writes import edit, undo


def changes(db, entity_id=None):
    sql = "SELECT entity, field, old_value, new_value, reason, actor FROM change"
    params = {}
    if entity_id:
        sql += " WHERE entity_id = :id"
        params["id"] = entity_id
    with db.engine.connect() as conn:
        return [tuple(r) for r in conn.execute(text(sql + " ORDER BY seq"), params)]


def test_rag_change_writes_row_and_log_in_one_go(db, small_plan):
    with edit(db, actor="Jackie Roper") as e:
        assert e.set_rag(small_plan.red_action, "amber", reason="Training booked for May")
    log = changes(db, small_plan.red_action)
    assert log[-1] == ("action", "rag", '"red"', '"amber"', "Training booked for May", "Jackie Roper")
    detail = view(db).actions.detail(small_plan.red_action)
    assert detail.row.rag == "amber"
    assert [(h.old, h.new, h.reason) for h in detail.rag_history] == [
        (None, "red", "initial"),
        ("red", "amber", "Training booked for May"),
    ]


def test_rag_change_without_reason_is_refused_and_nothing_written(db, small_plan):
    before = changes(db)
    with pytest.raises(EditRefused, match="reason"), edit(db, actor="x") as e:
        e.add_progress(small_plan.red_action, "next", "will be rolled back")
        e.set_rag(small_plan.red_action, "green", reason="  ")
    assert changes(db) == before
    assert view(db).actions.detail(small_plan.red_action).row.rag == "red"
    assert len(view(db).actions.detail(small_plan.red_action).progress) == 1


def test_unchanged_value_logs_nothing(db, small_plan):
    before = len(changes(db))
    with edit(db) as e:
        assert not e.set("action", small_plan.red_action, "text", "Promote the C2W group")
    assert len(changes(db)) == before


def test_timescale_edit_rederives_due_window(db, small_plan):
    with edit(db) as e:
        e.set_timescale(small_plan.undated_action, "31/03/2027")
    row = view(db).actions.list(ActionFilter(), today=date(2027, 4, 1))[2]
    assert row.timescale == "31/03/2027"
    assert row.due == date(2027, 3, 31)
    assert row.overdue


def test_leads_edit_is_logged_with_old_and_new_lists(db, small_plan):
    with edit(db) as e:
        e.set_leads(small_plan.undated_action, [small_plan.keith])
    _entity, field, old, new, _, _ = changes(db, small_plan.undated_action)[-1]
    assert (field, json.loads(old), json.loads(new)) == ("leads", [], [small_plan.keith])
    assert view(db).actions.list()[2].leads == ("Keith Lander",)


def test_leads_must_be_known_officers(db, small_plan):
    with pytest.raises(NotFound), edit(db) as e:
        e.set_leads(small_plan.undated_action, ["no-such-officer"])


def test_progress_entry_moves_last_update_and_updated(db, small_plan):
    before = view(db).actions.list()[1]
    with edit(db, actor="Keith Lander") as e:
        e.add_progress(small_plan.green_action, "next", "Attend next meeting")
    after = view(db).actions.list()[1]
    assert after.updated_at > before.updated_at
    assert after.last_update == date.today()
    progress = view(db).actions.detail(small_plan.green_action).progress
    assert [(p.kind, p.author, p.text) for p in progress] == [("next", "Keith Lander", "Attend next meeting")]


def test_complete_rates_blue_with_closing_note(db, small_plan):
    with edit(db, actor="JR") as e:
        e.complete(small_plan.red_action, "Delivered in June")
    detail = view(db).actions.detail(small_plan.red_action)
    assert (detail.row.status, detail.row.rag) == ("complete", "blue")
    assert detail.progress[0].text == "Delivered in June"
    assert detail.rag_history[-1].reason == "Delivered in June"


def test_delete_is_a_logged_tombstone_and_restore_brings_it_back(db, small_plan):
    with edit(db) as e:
        e.delete("action", small_plan.undated_action)
    assert [r.ref for r in view(db).actions.list()] == ["1a", "1b"]
    assert changes(db, small_plan.undated_action)[-1][:4] == ("action", "_delete", "false", "true")
    with edit(db) as e:
        e.restore("action", small_plan.undated_action)
    assert [r.ref for r in view(db).actions.list()] == ["1a", "1b", "1c"]


def test_deleting_an_objective_takes_its_actions(db, small_plan):
    with edit(db) as e:
        e.delete("objective", small_plan.objective)
    assert view(db).actions.list() == []


def test_undo_reverts_a_whole_user_action_and_redo_reapplies_it(db, small_plan):
    with edit(db, actor="JR") as e:
        e.set_rag(small_plan.red_action, "amber", reason="better")
        e.add_progress(small_plan.red_action, "next", "Book venue")
        txn = e.txn_id
    undo_txn = undo(db, txn)
    detail = view(db).actions.detail(small_plan.red_action)
    assert detail.row.rag == "red"
    assert [p.text for p in detail.progress] == ["Sits on the steering group"]
    undo(db, undo_txn)  # redo
    detail = view(db).actions.detail(small_plan.red_action)
    assert detail.row.rag == "amber"
    assert "Book venue" in [p.text for p in detail.progress]


def test_each_field_edit_supersedes_the_previous_head(db, small_plan):
    with edit(db) as e:
        e.set("action", small_plan.red_action, "text", "v2")
    with edit(db) as e:
        e.set("action", small_plan.red_action, "text", "v3")
    with db.engine.connect() as conn:
        heads = (
            conn.execute(
                text("SELECT change_id FROM field_head WHERE entity_id = :id AND field = 'text'"),
                {"id": small_plan.red_action},
            )
            .scalars()
            .all()
        )
        last_two = conn.execute(
            text("SELECT id, supersedes FROM change WHERE entity_id = :id AND field = 'text' ORDER BY seq"),
            {"id": small_plan.red_action},
        ).all()
    assert heads == [last_two[1][0]]
    assert json.loads(last_two[1][1]) == [last_two[0][0]]
    assert json.loads(last_two[0][1]) == []


def test_bad_values_are_refused_with_a_clear_line(db, small_plan):
    with pytest.raises(EditRefused, match="not a RAG rating"), edit(db) as e:
        e.set_rag(small_plan.red_action, "purple", reason="x")
    with pytest.raises(EditRefused, match="not a status"), edit(db) as e:
        e.set_status(small_plan.red_action, "finished-ish")
    with pytest.raises(EditRefused, match="no editable field"), edit(db) as e:
        e.set("action", small_plan.red_action, "deleted", True)


def test_stamps_increase_within_a_transaction(db, small_plan):
    with db.engine.connect() as conn:
        stamps = conn.execute(text("SELECT stamp FROM change ORDER BY seq")).scalars().all()
    assert stamps == sorted(stamps)
    assert len(set(stamps)) == len(stamps)


def test_rag_history_of_unrated_action_is_empty(db, small_plan):
    assert view(db).changes.rag_history(small_plan.undated_action) == []


def test_two_writers_on_one_file_both_succeed(tmp_path):
    """Two processes (here: two engines in threads) editing at once queue; neither fails."""
    import threading

    from db_support import Database

    path = tmp_path / "shared.db"
    setup = Database.open(path)
    with edit(setup, "setup") as e:
        plan = e.create("plan", title="P")
        objective = e.create("objective", plan_id=plan, ref="1")
        action = e.create_action(plan, objective, "1a", "x")
    setup.close()
    errors = []

    def writer(name: str) -> None:
        db = Database.open(path)
        try:
            for i in range(15):
                with edit(db, name) as e:
                    e.add_progress(action, "note", f"{name} {i}")
        except Exception as error:  # pragma: no cover - the assertion below reports it
            errors.append(error)
        finally:
            db.close()

    threads = [threading.Thread(target=writer, args=(n,)) for n in ("A", "B", "C")]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    check = Database.open(path)
    assert len(view(check).actions.detail(action).progress) == 45
    seqs = check.reader().execute("SELECT seq FROM change ORDER BY seq").fetchall()
    assert [s for (s,) in seqs] == list(range(1, len(seqs) + 1))
    check.close()


def test_many_stamps_at_once_are_those_one_at_a_time_makes():
    from storage.clock import HybridClock

    one, many = (HybridClock("r1", "0001700000000000.00003.r1", wall=lambda: 1_700_000_000_000) for _ in range(2))
    assert many.ticks(4) == [one.tick() for _ in range(4)]
    assert many.last == one.last
    assert many.tick() == one.tick()
    later = HybridClock("r1", "0001700000000000.00003.r1", wall=lambda: 1_700_000_000_500)
    assert later.ticks(2) == ["1700000000500.00000.r1", "1700000000500.00001.r1"]
    assert later.ticks(0) == []


def test_ids_are_32_hex_digits_fresh_each_time_alone_or_together():
    """Ids made one at a time and many at once have one shape (the packed id lists and the change
    log rely on the width) and do not repeat."""
    import re

    from models.ids import new_id, new_ids

    made = [new_id() for _ in range(1000)] + new_ids(1000)
    assert len(set(made)) == 2000
    assert all(re.fullmatch("[0-9a-f]{32}", made_id) for made_id in made)


def test_progress_created_in_bulk_can_be_edited_in_the_same_transaction():
    """Entries made by ``create_columns`` are not kept among the records the editor knows to
    exist (an import's tens of thousands): an edit of one in the same transaction looks it up."""
    from storage.db import Store

    store = Store.memory()
    with edit(store, actor="test") as e:
        plan = e.create("plan", title="Plan")
        objective = e.create("objective", plan_id=plan, ref="1", text="Objective")
        action = e.create_action(plan, objective, "1a", "Action", position=0)
        first, second = e.create_columns(
            "progress", {"action_id": [action, action], "kind": ["note", "next"], "text": ["one", "two"]}
        )
        assert e.set("progress", first, "text", "one, corrected")
        assert e.delete("progress", second)
        with pytest.raises(NotFound):
            e.set("progress", "no such entry", "text", "x")
    with store.read() as txn:
        texts = txn.conn.execute("SELECT text, deleted FROM progress ORDER BY text").fetchall()
    assert texts == [("one, corrected", 0), ("two", 1)]


def test_ids_made_together_are_distinct_and_in_order():
    from models.ids import new_ids

    ids = new_ids(1000)
    assert ids == sorted(ids) and len(set(ids)) == 1000 and all(len(i) == 32 for i in ids)


def _records_and_log(store, kind):
    """Each record of ``kind`` (without its creation time) and its creation's logged value."""
    with store.read() as txn:
        cursor = txn.conn.execute(f'SELECT * FROM "{kind}"')
        keep = [n for n, d in enumerate(cursor.description) if d[0] not in ("created_at", "updated_at")]
        rows = {r[0]: tuple(r[n] for n in keep) for r in cursor}
        # (every column a change keeps but its own id, number and stamp, and the transaction's id)
        logged = {
            row[0]: row[1:]
            for row in txn.conn.execute(
                "SELECT entity_id, entity, field, old_value, new_value, reason, supersedes, source, actor,"
                " typeof(old_value), typeof(reason) FROM change WHERE entity = ? AND field = '_create'",
                (kind,),
            )
        }
    return {i: (row, logged[i]) for i, row in rows.items()}


def _leads(store):
    with store.read() as txn:
        return sorted(txn.conn.execute("SELECT * FROM action_lead"))


def test_many_records_created_at_once_are_those_created_one_at_a_time():
    """``create_many`` (an import's path) writes the same rows and logs the same values as
    ``create`` does one record at a time: text with quotes, line breaks, control characters and
    other scripts, blanks, dates, ratings and statuses as written, leads, mixed fields; more
    progress entries than one statement writes (``insert_many``), by an author with a quote."""
    from storage.db import Store

    tricky = ['He said "no"\\n', "tab\there\nline", "\x01\x1f bell", "café – ✓ ⇒ 日本", "", "   ", "back\\slash"]
    stores = [Store.memory(), Store.memory(), Store.memory()]
    for store, many in zip(stores, (False, True, "columns"), strict=True):
        with edit(store, actor="Dr O'Brien") as e:
            plan = e.create("plan", id="p" * 32, title="Plan", organisation="Org")
            officers = [e.create("officer", id=f"{n:032d}", name=f"Officer {n}") for n in range(3)]
            objectives = [
                {"id": f"o{n:031d}", "plan_id": plan, "ref": str(n), "text": tricky[n % len(tricky)], "position": n}
                for n in range(4)
            ]
            actions = [
                {
                    "id": f"a{n:031d}",
                    "plan_id": plan,
                    "objective_id": objectives[n % 4]["id"],
                    "ref": f"{n}a",
                    "text": tricky[n % len(tricky)],
                    "timescale": ("March 2027", "31/03/2027", "", None, "Ongoing")[n % 5],
                    "status": ("open", "Complete", "withdrawn")[n % 3],
                    "rag": ("R", "amber", None, "Green", "")[n % 5],
                    "leads": [officers[k] for k in range(n % 3)],
                    "position": n,
                }
                for n in range(12)
            ]
            actions[5] = {k: v for k, v in actions[5].items() if k not in ("rag", "leads")}  # other fields
            progress = [
                {
                    "id": f"e{n:031d}",
                    "action_id": actions[n % 12]["id"],
                    "kind": ("achieved", "next", "note")[n % 3],
                    "text": tricky[n % len(tricky)] or "done",
                    "entry_date": (None, date(2026, 5, 1), "2026-06-30")[n % 3],
                    "author": ("", "Jackie Roper", None)[n % 3],
                }
                for n in range(130)
            ]
            progress = [p for p in progress if p["text"].strip()]
            for kind, rows in (("objective", objectives), ("action", actions), ("progress", progress)):
                if many == "columns":  # each run of records giving the same fields, a field at a time
                    for _, run in groupby(rows, key=lambda r: tuple(r)):
                        run = list(run)
                        columns = {name: [r[name] for r in run] for name in run[0] if name != "id"}
                        made = e.create_columns(kind, columns, reason="imported", ids=[r["id"] for r in run])
                        assert made == [r["id"] for r in run]
                elif many:
                    e.create_many(kind, [dict(r) for r in rows], reason="imported")
                else:
                    for r in rows:
                        e.create(kind, reason="imported", **dict(r))
    for kind in ("objective", "action", "progress"):
        one, many, columns = (_records_and_log(s, kind) for s in stores)
        assert one == many == columns, kind
    one, many, columns = (_leads(s) for s in stores)
    assert one == many == columns
    for store in stores:
        store.close()
