"""The PostgreSQL hub's figures (issue 14), a part of ``make bench`` (``bench/run.py --only hub``);
also runs on its own:

    python bench/hub_bench.py [--quick]

A throwaway PostgreSQL (tests/pg_server.py: Debian's binaries, a fresh cluster on a temporary
folder and port) holds a council's hub: 300 officers, each logging in as a role of their own and a
writing member of 3 of the 50 plans, have appended 100,000 changes in 3,000 pushes (the plans'
creations first, then rounds of edits, each edit superseding the field's previous value as a
laptop that had synced would). The changes are made as ``bench/sync_bench.py`` makes them (valid
changes, as ragtrack's write path writes them) and appended through the hub's own rules: each
push as its officer's role, through the triggers and row-level security.

Figures (medians, seconds):

1. one laptop's incremental sync of 100 changes: an officer makes 100 edits through the write
   path and syncs (sends them); a colleague on the same plan syncs (receives them). Aim: < 1 s each.
2. first sync of a new laptop: an empty database syncs as a role that reads all 50 plans (every
   one of the 100,000 changes), and as an officer reading the 3 plans it is a member of. Aim: < 10 s.
"""

from __future__ import annotations

import json
import os
import random
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

BENCH = Path(__file__).resolve().parent
ROOT = BENCH.parent
for folder in (BENCH, ROOT, ROOT / "tests"):
    if str(folder) not in sys.path:
        sys.path.insert(0, str(folder))

PASSWORD = "bench-only"
RAGS = ["red", "amber", "green", "blue"]


def _fill_hub(server, dbname: str, owner: str, laptops: int, plans: int, ops_total: int, out) -> dict:
    """Make the hub and append ``ops_total`` changes from ``laptops`` roles (see the docstring)."""
    import psycopg
    from psycopg import sql
    from psycopg.types.json import Jsonb
    from sync_bench import _Ops

    from models.tables import new_id
    from storage.hub.address import HubAddress
    from storage.hub.admin import init_hub

    with server.connect() as conn:
        conn.execute(
            sql.SQL("CREATE ROLE {} LOGIN CREATEROLE PASSWORD {}").format(sql.Identifier(owner), sql.Literal(PASSWORD))
        )
        conn.execute(sql.SQL("CREATE DATABASE {} OWNER {}").format(sql.Identifier(dbname), sql.Identifier(owner)))
    init_hub(HubAddress.parse(server.url(dbname, owner, PASSWORD)))
    roles = [f"officer{k:03d}" for k in range(laptops)]
    with server.connect() as conn:
        for role in [*roles, "overview"]:
            conn.execute(
                sql.SQL("CREATE ROLE {} LOGIN PASSWORD {}").format(sql.Identifier(role), sql.Literal(PASSWORD))
            )
        conn.execute(
            sql.SQL("GRANT ragtrack_officer TO {}").format(sql.SQL(", ").join(sql.Identifier(r) for r in roles))
        )
        conn.execute("GRANT ragtrack_reader TO overview")
    started = time.perf_counter()
    heads: dict = {}
    generators = []
    for k in range(laptops):
        ops = _Ops(seed=k + 1)
        ops.heads = heads  # every laptop had synced: its edit supersedes the field's latest value
        ops.millis += k * 1000
        generators.append(ops)
    member = {k: sorted({k % plans, (k + 17) % plans, (k + 33) % plans}) for k in range(laptops)}
    creator = {p: next(k for k in range(laptops) if p in member[k]) for p in range(plans)}
    actions_per_plan = 200
    plan_actions: dict[int, list[str]] = {}
    pushes: list[tuple[str, list[dict]]] = []
    for p in range(plans):
        ops = generators[creator[p]]
        first = len(ops.ops)
        plan_actions[p] = ops.plan(actions_per_plan, 0)
        pushes.append((roles[creator[p]], ops.ops[first:]))
    created = sum(len(batch) for _, batch in pushes)
    rounds = 10
    per_push = max(1, -(-(ops_total - created) // (laptops * rounds)))  # at least ops_total in all
    rng = random.Random(14)
    for _ in range(rounds):
        for k, ops in enumerate(generators):
            first = len(ops.ops)
            for _n in range(per_push):
                action = rng.choice(plan_actions[rng.choice(member[k])])
                kind = rng.random()
                if kind < 0.5:
                    ops.add("action", action, "rag", rng.choice(RAGS))
                elif kind < 0.8:
                    ops.add("action", action, "text", f"Revised wording {rng.random():.6f}")
                else:
                    ops.add(
                        "progress",
                        new_id(),
                        "_create",
                        {"action_id": action, "kind": "note", "text": "Update", "entry_date": None, "author": "B"},
                    )
            pushes.append((roles[k], ops.ops[first:]))
    with psycopg.connect(server.superuser_conninfo(dbname), autocommit=True) as conn:
        plan_ids = {}
        for p, (_role, batch) in enumerate(pushes[:plans]):
            plan_ids[p] = batch[0]["entity_id"]
        for n, (role, batch) in enumerate(pushes):
            if n == plans:  # the plans exist: IT grants each officer their three
                conn.execute(
                    "INSERT INTO ragtrack.plan_member(role_name, plan_id, can_write) "
                    "SELECT r, p, true FROM unnest(%s::text[], %s::text[]) AS m(r, p) ON CONFLICT DO NOTHING",
                    (
                        [roles[k] for k in range(laptops) for _ in member[k]],
                        [plan_ids[p] for k in range(laptops) for p in member[k]],
                    ),
                )
                conn.execute(
                    "INSERT INTO ragtrack.plan_member(role_name, plan_id, can_write) "
                    "SELECT 'overview', unnest(%s::text[]), false",
                    (list(plan_ids.values()),),
                )
            with conn.transaction():
                conn.execute(sql.SQL("SET LOCAL ROLE {}").format(sql.Identifier(role)))
                conn.execute(
                    "INSERT INTO ragtrack.change (payload, batch_id, publisher) "
                    "SELECT e.value, %s, %s FROM jsonb_array_elements(%s) WITH ORDINALITY AS e(value, n) ORDER BY e.n",
                    (
                        new_id(),
                        Jsonb({"replica": batch[0]["replica_id"], "actor": role, "host": "bench"}),
                        Jsonb(batch),
                    ),
                )
        total = conn.execute("SELECT count(*) FROM ragtrack.change").fetchone()[0]
        authors = conn.execute("SELECT count(DISTINCT author) FROM ragtrack.change").fetchone()[0]
        conn.execute("VACUUM ANALYZE ragtrack.change")
    out(
        f"hub: {total:,} changes from {authors} officers' roles in {len(pushes):,} pushes, {plans} plans "
        f"(appended through the hub's rules in {time.perf_counter() - started:.1f} s)"
    )
    return {"total": total, "authors": authors, "pushes": len(pushes), "member": member, "roles": roles}


def hub_bench(
    laptops: int = 300, plans: int = 50, ops_total: int = 100_000, changes: int = 100, repeats: int = 5, out=print
) -> dict[str, float]:
    """Start a server, fill the hub, measure; returns the medians in seconds (and the hub's size)."""
    import pg_server
    from db_support import Database

    from storage.sync import run_sync
    from storage.writes import edit

    reason = pg_server.unavailable()
    if reason:
        raise RuntimeError(f"no PostgreSQL server: {reason}")
    server = pg_server.start_server()
    work = Path(tempfile.mkdtemp(prefix="ragtrack-hub-bench-"))
    saved = {k: os.environ.pop(k) for k in list(os.environ) if k.startswith("PG")}
    os.environ["PGPASSWORD"] = PASSWORD  # as an officer's .pgpass would give it (every role has it here)
    try:
        hub = _fill_hub(server, "ragtrack", "ragtrack_it", laptops, plans, ops_total, out)
        member, roles = hub["member"], hub["roles"]
        # Two officers on one plan: officer 0 and the next one whose plans include officer 0's first.
        mine = member[0][0]
        colleague = next(k for k in range(1, laptops) if mine in member[k])
        a, b = Database.open(work / "a.db"), Database.open(work / "b.db")
        started = time.perf_counter()
        run_sync(a, server.url("ragtrack", roles[0], PASSWORD), snapshot=False)
        run_sync(b, server.url("ragtrack", roles[colleague], PASSWORD), snapshot=False)
        out(f"two officers' laptops joined in {time.perf_counter() - started:.1f} s")
        with a.engine.connect() as conn:
            action_ids = [row[0] for row in conn.exec_driver_sql("SELECT id FROM action WHERE deleted = 0 ORDER BY id")]
        rng = random.Random(7)
        send, receive = [], []
        for _ in range(repeats):
            with edit(a, actor="Bench Officer") as editor:
                for n in range(changes):
                    action = rng.choice(action_ids)
                    if n % 2:
                        editor.set("action", action, "text", f"Reworded {rng.random():.9f}")
                    else:
                        editor.add_progress(action, "achieved", f"Done {rng.random():.6f}")
            started = time.perf_counter()
            sent = run_sync(a, snapshot=False)
            send.append(time.perf_counter() - started)
            started = time.perf_counter()
            got = run_sync(b, snapshot=False)
            receive.append(time.perf_counter() - started)
            assert sent.sent == changes and got.received >= 1, (sent.sent, got.received)
        a.close()
        b.close()
        first = []
        for n in range(max(1, repeats // 2)):
            fresh = Database.open(work / f"new{n}.db")
            started = time.perf_counter()
            joined = run_sync(fresh, server.url("ragtrack", "overview", PASSWORD), snapshot=False)
            first.append(time.perf_counter() - started)
            fresh.close()
            assert joined.received == hub["total"] + repeats * changes, (joined.received, hub["total"])
        officer = []
        for n in range(max(1, repeats // 2)):
            fresh = Database.open(work / f"officer{n}.db")
            started = time.perf_counter()
            joined = run_sync(fresh, server.url("ragtrack", roles[-1 - n], PASSWORD), snapshot=False)
            officer.append(time.perf_counter() - started)
            fresh.close()
            assert joined.received > 0
        figures = {
            "hub_changes": float(hub["total"]),
            "hub_first_sync_officer_s": statistics.median(officer),
            "hub_incremental_send_s": statistics.median(send),
            "hub_incremental_receive_s": statistics.median(receive),
            "hub_first_sync_s": statistics.median(first),
        }
        out(f"  officer's laptop sends {changes} changes: median {figures['hub_incremental_send_s']:.2f} s (aim < 1 s)")
        out(f"  colleague's laptop receives them:    median {figures['hub_incremental_receive_s']:.2f} s (aim < 1 s)")
        out(f"  first sync of an officer's new laptop (3 plans): median {figures['hub_first_sync_officer_s']:.2f} s")
        out(
            f"  first sync of a new laptop reading all {hub['total']:,} changes: median {figures['hub_first_sync_s']:.2f} s (aim < 10 s)"
        )
        return figures
    finally:
        os.environ.pop("PGPASSWORD", None)
        os.environ.update(saved)
        pg_server.remove(server)
        shutil.rmtree(work, ignore_errors=True)


# --- the part of `make bench` -----------------------------------------------------------------
LABELS = {
    "hub_incremental_send_s": "hub: one laptop's incremental sync of 100 changes (send), hub of 100,000 ops from 300 laptops",
    "hub_incremental_receive_s": "hub: a colleague's incremental sync receiving them",
    "hub_first_sync_s": "hub: first sync of a new laptop reading all 100,000 ops (a role reading all 50 plans)",
    "hub_first_sync_officer_s": "hub: first sync of an officer's new laptop (the 3 plans it is a member of)",
}


def bench_hub(ctx) -> None:
    from figures import Aim, Figure
    from processes import figures_from

    aims = {
        "hub_incremental_send_s": 1.0,
        "hub_incremental_receive_s": 1.0,
        "hub_first_sync_s": 10.0,
        "hub_first_sync_officer_s": 10.0,
    }
    args = ["--quick"] if ctx.quick else []
    started = time.perf_counter()
    figures = figures_from([sys.executable, str(Path(__file__).resolve()), *args], "bench/hub_bench.py")
    scale = f" (--quick: {int(figures['hub_changes']):,} ops)" if ctx.quick else ""
    for key, label in LABELS.items():
        figure = Figure([float(figures[key])], note="bench/hub_bench.py reports medians only", one_label=" (median)")
        ctx.results.add_other(label + scale, figure, aim=Aim(aims[key], "s"))
    ctx.log(f"  hub: done in {time.perf_counter() - started:.0f} s")


if __name__ == "__main__":
    options = dict(laptops=30, plans=10, ops_total=10_000, changes=20, repeats=2) if "--quick" in sys.argv else {}
    result = hub_bench(**options, out=lambda line: print(line, file=sys.stderr, flush=True))
    print("FIGURES " + json.dumps(result))
