"""The process floor of ``ragtrack list --rag red --officer NAME --format json``.

    python bench/floor_list.py DB "OFFICER NAME"

A bare Python process (the same interpreter, nothing of ragtrack imported) that opens the
database with the standard library's sqlite3, runs the same query and prints the same JSON:
the least any command printing that list could cost. bench/cli_bench.py checks that both print
the same actions.
"""

import json
import sqlite3
import sys
from datetime import date

db, name = sys.argv[1], sys.argv[2]
conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
officers = [r[0] for r in conn.execute("SELECT id FROM officer WHERE deleted = 0 AND lower(name) = lower(?)", [name])]
marks = ",".join("?" * len(officers))
today = date.today().isoformat()
rows = conn.execute(
    "SELECT a.id, p.title, o.ref, o.text, a.ref, a.text, (SELECT group_concat(name, char(31)) FROM ("
    " SELECT f.name AS name FROM action_lead l JOIN officer f ON f.id = l.officer_id"
    " WHERE l.action_id = a.id ORDER BY l.position)),"
    " a.rag, a.status, a.timescale, a.due_end, a.updated_at, a.last_update"
    " FROM action a JOIN plan p ON p.id = a.plan_id JOIN objective o ON o.id = a.objective_id"
    " WHERE a.deleted = 0 AND p.deleted = 0 AND o.deleted = 0 AND a.rag IN ('red')"
    f" AND a.id IN (SELECT action_id FROM action_lead WHERE officer_id IN ({marks}))"
    " ORDER BY p.title, p.id, o.position, a.position, a.ref",
    officers,
).fetchall()
progress = {r[0]: [] for r in rows}
ids = list(progress)
for start in range(0, len(ids), 500):
    chunk = ids[start : start + 500]
    for action_id, kind, entry_date, text in conn.execute(
        "SELECT action_id, kind, entry_date, text FROM progress WHERE deleted = 0 AND action_id IN "
        f"({','.join('?' * len(chunk))}) "
        "ORDER BY coalesce(entry_date, substr(created_at, 1, 10)) DESC, created_at DESC, rowid DESC",
        chunk,
    ):
        progress[action_id].append({"kind": kind, "date": entry_date, "text": text})
out = [
    {
        "id": r[0],
        "plan": r[1],
        "objective": r[2],
        "objective_text": r[3],
        "ref": r[4],
        "title": r[5].strip().split("\n", 1)[0],
        "text": r[5],
        "leads": r[6].split("\x1f") if r[6] else [],
        "rag": r[7],
        "status": r[8],
        "timescale": r[9],
        "due": r[10],
        "overdue": bool(r[8] == "open" and r[10] and r[10] < today),
        "progress": progress[r[0]],
        "updated": r[11] or "",
        "last_update": r[12],
    }
    for r in rows
]
sys.stdout.write(json.dumps(out, ensure_ascii=False))
sys.stdout.write("\n")
