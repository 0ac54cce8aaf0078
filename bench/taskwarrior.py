"""The same generated actions as Taskwarrior tasks, to time ``task export`` beside ``ragtrack list``.

Mapping (one task per action, read with ragtrack's own query so both hold the same items):
  description = the action's title; project = the plan's source key (bench-plan-NNN);
  tags = the RAG ("red", "amber", "green", "blue"; none when not rated) and one tag per lead
  officer, ``lead_<first 8 hex digits of the officer's id>``; UDAs ``ref``, ``timescale`` and
  ``leads`` (the names); due = the parsed due date; status pending (open), completed (complete)
  or deleted (withdrawn, superseded); annotations = the progress entries.
The equivalent filters: ``ragtrack list --rag red --officer "<full name>"`` (exactly one officer,
any status) and ``task +red +lead_<id8> export`` (any status: export shows deleted and completed
tasks unless filtered). The bench checks that both print the same number of items.
"""

from __future__ import annotations

import json
import os
import shutil
import sqlite3
import subprocess
from datetime import date, datetime
from pathlib import Path

TASKRC = """\
data.location={data}
confirmation=off
hooks=off
verbose=nothing
gc=on
news.version=2.6.0
uda.ref.type=string
uda.timescale.type=string
uda.leads.type=string
"""


def find_or_install(log=print) -> str | None:
    """The ``task`` binary, installing Debian's taskwarrior if missing and allowed; None if not."""
    found = shutil.which("task")
    if found:
        return found
    if os.environ.get("BENCH_NO_INSTALL"):
        log("  taskwarrior: not installed (BENCH_NO_INSTALL set): sudo apt-get install -y taskwarrior")
        return None
    prefix: list[str] = []
    if os.geteuid() != 0:
        sudo = shutil.which("sudo")
        if not sudo or subprocess.run([sudo, "-n", "true"], capture_output=True).returncode != 0:
            log(
                "  taskwarrior: not installed and no root or password-less sudo; install it with "
                "`sudo apt-get install -y taskwarrior` to get this row"
            )
            return None
        prefix = [sudo, "-n"]
    if not shutil.which("apt-get"):
        log("  taskwarrior: not installed and no apt-get here; install taskwarrior 2.6 to get this row")
        return None
    log("  taskwarrior: installing Debian's taskwarrior (apt-get install -y taskwarrior)...")
    env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    install = [*prefix, "apt-get", "install", "-y", "-q", "taskwarrior"]
    if subprocess.run(install, capture_output=True, env=env).returncode != 0:
        subprocess.run([*prefix, "apt-get", "update", "-q"], capture_output=True, env=env)
        result = subprocess.run(install, capture_output=True, text=True, env=env)
        if result.returncode != 0:
            log(f"  taskwarrior: apt-get install failed: {result.stderr.strip().splitlines()[-1:]}")
            return None
    return shutil.which("task")


def _uuid(hex32: str) -> str:
    h = hex32[:32]
    return f"{h[:8]}-{h[8:12]}-{h[12:16]}-{h[16:20]}-{h[20:32]}"


def _stamp(value: str | date | None) -> str | None:
    if value is None or value == "":
        return None
    if isinstance(value, date):
        return value.strftime("%Y%m%dT000000Z")
    return datetime.fromisoformat(value.replace("Z", "+00:00")).strftime("%Y%m%dT%H%M%SZ")


def lead_tag(officer_id: str) -> str:
    return f"lead_{officer_id[:8]}"


def tasks_for(db_path: Path) -> list[dict]:
    """One Taskwarrior task (import JSON) per action ragtrack lists, progress as annotations."""
    from storage.db import ReadTxn

    conn = sqlite3.connect(str(db_path))
    try:
        actions = ReadTxn(conn).actions  # ragtrack's own reading, on this plain connection
        rows = actions.list(today=date(2026, 11, 1))
        progress = actions.progress([r.id for r in rows])
        lead_ids: dict[str, list[str]] = {}
        for action_id, officer_id in conn.execute("SELECT action_id, officer_id FROM action_lead ORDER BY position"):
            lead_ids.setdefault(action_id, []).append(officer_id)
        plans = dict(conn.execute("SELECT id, source_key FROM plan"))
    finally:
        conn.close()
    tasks = []
    for row in rows:
        entry = _stamp(row.updated_at)
        status = {"open": "pending", "complete": "completed"}.get(row.status, "deleted")
        task = {
            "uuid": _uuid(row.id),
            "description": row.title,
            "status": status,
            "entry": entry,
            "modified": entry,
            "project": plans[row.plan_id],
            "tags": ([row.rag] if row.rag else []) + [lead_tag(o) for o in lead_ids.get(row.id, [])],
            "ref": row.ref,
            "timescale": row.timescale,
            "leads": ", ".join(row.leads),
        }
        if row.due:
            task["due"] = _stamp(row.due)
        if status != "pending":
            task["end"] = entry
        # Annotations are keyed by their time: a second apart so none is lost.
        base = int(datetime.fromisoformat(row.updated_at.replace("Z", "+00:00")).timestamp())
        task["annotations"] = [
            {
                "entry": datetime.fromtimestamp(base - i, tz=None).strftime("%Y%m%dT%H%M%SZ"),
                "description": f"{p.kind}: {p.text}",
            }
            for i, p in enumerate(progress[row.id])
        ]
        tasks.append(task)
    return tasks


class TaskData:
    """A TASKRC and TASKDATA under ``folder`` holding the tasks of one generated database."""

    def __init__(self, task: str, folder: Path):
        self.task = task
        self.folder = folder
        self.data = folder / "data"
        self.rc = folder / "taskrc"

    @property
    def env(self) -> dict[str, str]:
        return {**os.environ, "TASKRC": str(self.rc), "TASKDATA": str(self.data)}

    def command(self, *args: str) -> list[str]:
        return [self.task, "rc.confirmation=off", "rc.hooks=off", *args]

    def load(self, db_path: Path, log=print) -> float | None:
        """Import the database's actions unless already done; returns the import's seconds."""
        import time

        done = self.folder / "imported"
        if done.exists() and done.read_text() == db_path.name:
            return None
        shutil.rmtree(self.folder, ignore_errors=True)
        self.data.mkdir(parents=True)
        self.rc.write_text(TASKRC.format(data=self.data))
        source = self.folder / "tasks.json"
        source.write_text(json.dumps(tasks_for(db_path), ensure_ascii=False))
        started = time.perf_counter()
        result = subprocess.run(
            self.command("import", str(source)), env=self.env, capture_output=True, text=True, stdin=subprocess.DEVNULL
        )
        seconds = time.perf_counter() - started
        if result.returncode != 0:
            raise RuntimeError(f"task import failed: {result.stderr.strip()[-300:]}")
        subprocess.run(self.command("export"), env=self.env, capture_output=True, stdin=subprocess.DEVNULL)  # gc once
        done.write_text(db_path.name)
        log(f"  taskwarrior: imported {db_path.name} in {seconds:.1f} s")
        return seconds
