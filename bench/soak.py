"""``make soak``: a long randomized run of many laptops syncing through one folder while things go
wrong on purpose. Not part of ``make test``.

    python bench/soak.py [--minutes 30] [--seed N] [--trial N]

Each trial: 3 to 7 laptops (database files), each edit, undo and sync a separate process; syncs
run several at once and some are killed with SIGKILL mid-way (at a named step of the sync chosen
at random: the lock, the read, the apply, each file written, the heartbeat; or from outside after
a short random while); some run with a clock up to two years fast or slow; an undo races a sync
of the same laptop; files on the share are deleted, truncated, corrupted, and junk named like
ragtrack's is dropped in; a laptop is restored from a backup, or cloned (the same identity on two
databases), or copied (a new file identity, the original kept or moved away), or retired (it
never syncs again, so its old heartbeat stays on the share). Then every laptop still in use syncs
with nothing going wrong, ``FINAL_ROUNDS`` (2) rounds, after which all must have converged; the
run counts:

- acknowledged edits lost: an edit that had reached a second laptop's database (so it was
  "out there") and is missing from any laptop still in use after the final rounds;
- divergent pairs: laptops whose plans (and change logs) differ after the final rounds;
- integrity failures: ``PRAGMA integrity_check`` not ok;
- tracebacks: a process that died of anything but our kill;
- final-round syncs failed: a sync in the final rounds that refused (a SyncError) or died.

It prints the counts after each trial and exits non-zero if any of them is not zero. A failed
trial keeps its folder (the databases, the share, ``final-rounds.log``: what each final sync
said), prints what each lost change is and where its holders believe the share holds it, and
how many rounds it took to arrive (every trial's is counted: "converged after n rounds"). Each
trial draws from a generator of its own (``--seed`` and its number), so ``--trial N`` runs
trial N again alone.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import multiprocessing
import os
import random
import shutil
import signal
import sqlite3
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
for extra in (ROOT, ROOT / "tests"):
    if str(extra) not in sys.path:
        sys.path.insert(0, str(extra))

YEAR = 365 * 86400


# --- what runs in a laptop's process --------------------------------------------------------
def _skew(seconds: float) -> None:
    """This process's clock runs ``seconds`` fast (the file server keeps true time)."""
    if not seconds:
        return
    from datetime import UTC, datetime

    real = time.time
    time.time = lambda: real() + seconds  # type: ignore[assignment]

    def iso() -> str:
        return datetime.fromtimestamp(real() + seconds, UTC).strftime("%Y-%m-%dT%H:%M:%S.%f")[:-3] + "Z"

    for name, module in list(sys.modules.items()):
        if name.startswith("storage") and getattr(module, "utc_now_iso", None) is not None:
            module.utc_now_iso = iso  # type: ignore[attr-defined]


def _kill_at_step(step: int) -> None:
    """SIGKILL this process when the sync passes its ``step``-th named step (lock, read, apply,
    each file written, sent recorded, heartbeat...): a kill aimed inside the sync, whatever its
    speed (a timed kill mostly found the sync already finished)."""
    from storage.sync import seam

    passed = 0

    def hook(name: str) -> None:
        nonlocal passed
        passed += 1
        if passed >= step:
            os.kill(os.getpid(), signal.SIGKILL)

    seam.install(hook)


def laptop(
    job: str, db_path: str, folder: str, seed: int, skew: float, err_path: str, out_path: str = "", kill_at: int = 0
) -> None:
    import traceback

    try:
        _skew(skew)
        if kill_at:
            _kill_at_step(kill_at)
        from storage.db import Store as Database
        from storage.sync import SyncError, run_sync
        from storage.writes import edit, undo

        db = Database.open(db_path)
        rng = random.Random(seed)
        if job == "edit":
            actions = [
                r[0] for r in db.link().connection.execute("SELECT id FROM action WHERE deleted = 0 ORDER BY id")
            ]
            if not actions:
                return
            action = rng.choice(actions)
            with edit(db, actor=f"officer{seed % 7}") as e:
                kind = rng.random()
                if kind < 0.4:
                    e.set_rag(action, rng.choice(["red", "amber", "green", "blue", None]), reason="soak")
                elif kind < 0.7:
                    e.set("action", action, "text", f"wording {rng.random():.6f}")
                else:
                    e.add_progress(action, "next", f"step {rng.random():.6f}")
        elif job == "undo":
            from storage.errors import EditRefused, NotFound

            own = [
                row[0]
                for row in db.link().connection.execute(
                    "SELECT DISTINCT txn_id FROM change WHERE replica_id = ? AND actor LIKE 'officer%' ORDER BY txn_id",
                    (db.replica_id,),
                )
            ]
            if own:
                with contextlib.suppress(EditRefused, NotFound):  # a clear refusal, as the app shows it
                    undo(db, rng.choice(own), actor=f"officer{seed % 7}")
        else:
            # A clear refusal (a vanished store, a busy database) is not a failure while things go
            # wrong; the run is told what happened (the final rounds count a refusal as a failure).
            said: dict[str, object]
            try:
                result = run_sync(db, folder, snapshot=rng.random() < 0.1, allow_mass_delete=True, lock_timeout=60)
                said = {
                    "ok": True,
                    "replica": result.replica_id,
                    "sent": result.sent,
                    "republished": result.republished,
                    "received": result.received,
                    "held": result.held,
                    "warnings": result.warnings,
                    "notices": result.notices,
                }
            except SyncError as error:
                said = {"ok": False, "error": f"{type(error).__name__}: {error}"}
            if out_path:
                Path(out_path).write_text(json.dumps(said))
        db.close()
    except BaseException:
        Path(err_path).write_text(traceback.format_exc())
        raise


# --- the run -----------------------------------------------------------------------------------
class Counts:
    def __init__(self) -> None:
        self.trials = self.kills = self.aimed = self.concurrent = self.damaged = self.skewed = 0
        self.restores = self.clones = self.copies = self.edits = self.syncs = self.undos = self.retired = 0
        self.lost = self.divergent = self.integrity = self.tracebacks = self.final_failed = 0
        self.rounds: dict[int, int] = {}  # rounds of syncs it took -> trials

    def line(self) -> str:
        return (
            f"trials {self.trials}, edits {self.edits}, syncs {self.syncs} ({self.concurrent} concurrent), "
            f"kills {self.kills} ({self.aimed} at a chosen step), files damaged {self.damaged}, skewed runs {self.skewed}, "
            f"restores {self.restores}, clones {self.clones}, copies {self.copies}, "
            f"undos racing a sync {self.undos}, "
            f"retired laptops {self.retired} | acknowledged edits lost {self.lost}, "
            f"divergent pairs {self.divergent}, integrity failures {self.integrity}, tracebacks {self.tracebacks}, "
            f"final-round syncs failed {self.final_failed} | converged after n rounds: "
            + ", ".join(f"{n}: {trials}" for n, trials in sorted(self.rounds.items()))
        )

    def bad(self) -> tuple[int, ...]:
        return (self.lost, self.divergent, self.integrity, self.tracebacks, self.final_failed)

    @property
    def failed(self) -> bool:
        return any(self.bad())


def _ids(path: Path) -> set[str]:
    conn = sqlite3.connect(str(path))
    try:
        return {r[0] for r in conn.execute("SELECT id FROM change")}
    finally:
        conn.close()


def _damage(folder: Path, rng: random.Random) -> bool:
    files = sorted(p for p in (folder / "replicas").rglob("*") if p.is_file() and not p.name.startswith(".tmp"))
    if not files:
        return False
    target = rng.choice(files)
    how = rng.choice(["delete", "truncate", "corrupt", "junk"])
    try:
        if how == "delete":
            target.unlink()
        elif how == "truncate":
            data = target.read_bytes()
            target.chmod(0o644)
            target.write_bytes(data[: rng.randrange(max(1, len(data)))])
        elif how == "corrupt":
            data = bytearray(target.read_bytes())
            if data:
                data[rng.randrange(len(data))] ^= 0x5A
            target.chmod(0o644)
            target.write_bytes(bytes(data))
        else:
            (target.parent / f"heartbeat-{rng.randrange(10**13):013d}-deadbeef.json").write_text("junk")
            (target.parent / f"{rng.randrange(10**8):08d}-deadbeef-{'0' * 16}.jsonl").write_bytes(b"junk\n")
    except OSError:
        return False
    return True


def _clone(source: Path, target: Path) -> None:
    """A disk-image clone: same bytes, and a recorded file identity that matches the new file."""
    shutil.copyfile(source, target)
    conn = sqlite3.connect(str(target))
    row = conn.execute("SELECT value FROM setting WHERE key = 'sync_claim'").fetchone()
    if row:
        record = json.loads(row[0])
        record["file"] = f"ino:{os.stat(target).st_ino}"
        conn.execute("UPDATE setting SET value = ? WHERE key = 'sync_claim'", (json.dumps(record),))
        conn.commit()
    conn.close()


def _dump(path: Path) -> object:
    from test_sync_support import dump

    from storage.db import Store as Database

    db = Database.open(path)
    try:
        return dump(db)
    finally:
        db.close()


#: Rounds of syncs by every laptop in use after which a trial must have converged (see trial()).
FINAL_ROUNDS = 2
#: More rounds for a trial that has not, to tell how many it takes.
EXTRA_ROUNDS = 6


@dataclass
class Job:
    process: Any
    err: Path
    out: Path
    kill_at: int = 0  # the step at which it kills itself (0: none)


def trial(ctx, work: Path, rng: random.Random, counts: Counts) -> None:
    from test_sync_support import seed_plan

    from storage.db import Store as Database
    from storage.sync import run_sync

    folder = work / "share"
    paths = [work / f"laptop{n}.db" for n in range(rng.randint(3, 7))]
    first = Database.open(paths[0])
    seed_plan(first, actions=4)
    run_sync(first, folder, snapshot=False)
    first.close()
    for path in paths[1:]:
        db = Database.open(path)
        run_sync(db, folder, snapshot=False)
        db.close()
    acked: set[str] = set()
    retired: list[Path] = []  # laptops that never sync again (their heartbeats stay behind)
    backups: dict[Path, Path] = {}
    restored = False
    errors = work / "errors"
    errors.mkdir()
    job_number = 0

    def start(job: str, path: Path, skew: float = 0.0, kill_at: int = 0) -> Job:
        nonlocal job_number
        job_number += 1
        err, out = errors / f"{job_number}.txt", errors / f"{job_number}.json"
        seed = rng.randrange(10**9)
        process = ctx.Process(
            target=laptop, args=(job, str(path), str(folder), seed, skew, str(err), str(out), kill_at)
        )
        process.start()
        return Job(process, err, out, kill_at)

    def finish(job: Job, killable: bool) -> dict[str, Any] | None:
        """Wait for ``job``; what its sync said (None: killed, failed, or not a sync)."""
        process = job.process
        process.join(120)
        if process.exitcode is None:
            process.kill()
            process.join()
        if process.exitcode == -signal.SIGKILL and killable:
            counts.kills += 1
            counts.aimed += bool(job.kill_at)
            return None
        if process.exitcode != 0 or job.err.exists():
            counts.tracebacks += 1
            print(
                f"  process failed ({process.exitcode}): {job.err.read_text() if job.err.exists() else ''}", flush=True
            )
            return None
        return json.loads(job.out.read_text()) if job.out.exists() else None

    for _ in range(rng.randint(15, 40)):
        roll = rng.random()
        if roll < 0.35:
            path = rng.choice(paths)
            skew = rng.choice([0, 0, 0, 0, 2 * YEAR, -YEAR, 3600 * 5])
            counts.skewed += bool(skew)
            finish(start("edit", path, skew), killable=False)
            counts.edits += 1
        elif roll < 0.40:
            path = rng.choice(paths)  # the officer presses u while a sync of the laptop runs
            counts.undos += 1
            running = [start("undo", path), start("sync", path)]
            for job in running:
                finish(job, killable=False)
        elif roll < 0.75:
            group = rng.sample(paths, rng.randint(1, min(4, len(paths))))
            if rng.random() < 0.2:
                group.append(group[0])  # two syncs of one laptop at once
            counts.syncs += len(group)
            counts.concurrent += len(group) if len(group) > 1 else 0
            # Kills: in half the groups some syncs are killed at a step of their own (kill_at);
            # in some, one is killed from outside after a short while (wherever it is then).
            aimed = rng.random() < 0.5
            running = [
                start(
                    "sync", p, rng.choice([0, 0, 0, 0, 0, 2 * YEAR]), _step(rng) if aimed and rng.random() < 0.5 else 0
                )
                for p in group
            ]
            if rng.random() < 0.25:
                time.sleep(rng.uniform(0.0, 0.25))
                victim = rng.choice(running).process
                if victim.is_alive():
                    with contextlib.suppress(ProcessLookupError):
                        os.kill(victim.pid, signal.SIGKILL)
            for job in running:
                finish(job, killable=True)
        elif roll < 0.87:
            counts.damaged += _damage(folder, rng)
        elif roll < 0.93 and not restored:
            # A backup is taken of one laptop; a later roll here restores it (the laptop goes
            # back to its backup: edits it made since and never sent are gone, as they would be).
            kept = sorted(p for p in backups if p in paths)
            path = rng.choice(kept) if kept and rng.random() < 0.6 else rng.choice(paths)
            if path in backups:
                shutil.copyfile(backups.pop(path), path)
                for extra in ("-wal", "-shm"):
                    Path(str(path) + extra).unlink(missing_ok=True)
                restored = True
                counts.restores += 1
            else:
                conn = sqlite3.connect(str(path))
                conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
                conn.close()
                backups[path] = path.with_suffix(".backup")
                shutil.copyfile(path, backups[path])
        elif roll < 0.95 and len(paths) > 2 and not retired:
            leaving = rng.choice(paths)
            paths.remove(leaving)
            retired.append(leaving)
            counts.retired += 1
        elif roll < 0.97 and len(paths) < 9:
            source = rng.choice(paths)
            conn = sqlite3.connect(str(source))
            conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
            conn.close()
            made = counts.clones + counts.copies
            if rng.random() < 0.5:  # a disk image: the same identity on two laptops
                clone = work / f"clone{made}.db"  # a new name: never the file of a laptop in use
                _clone(source, clone)
                counts.clones += 1
            else:  # a plain copy (a new file identity), kept beside the original or moved
                clone = work / f"copy{made}.db"
                shutil.copyfile(source, clone)
                counts.copies += 1
                if len(paths) > 2 and rng.random() < 0.5:  # moved: the original is never used again
                    paths.remove(source)
                    retired.append(source)
                    counts.retired += 1
            paths.append(clone)
        # An edit is acknowledged once a second laptop holds it: it is out there now.
        seen: dict[str, int] = {}
        for path in paths + retired:
            for change_id in _ids(path):
                seen[change_id] = seen.get(change_id, 0) + 1
        acked |= {c for c, n in seen.items() if n >= 2}
    # Nothing goes wrong any more: everyone syncs, round after round. After FINAL_ROUNDS rounds
    # every acknowledged edit must be everywhere and every laptop show the same plan (a holder
    # that finds a file lost or damaged sends its changes again in its first sync, everyone takes
    # them in the next). Each sync must succeed (a refusal here is a failure: it would hide an edit
    # that never arrives) and says what it did. A trial not converged by then goes on for up to
    # EXTRA_ROUNDS more, to tell how many it took (the counts stand).
    log = [f"laptops in use: {', '.join(p.name for p in paths)}; retired: {', '.join(p.name for p in retired)}"]
    lost: set[str] = set()
    for number in range(1, FINAL_ROUNDS + EXTRA_ROUNDS + 1):
        for path in paths:
            said = finish(start("sync", path), killable=False)
            log.append(f"round {number} {path.name}: {json.dumps(said)}")
            if said is None or not said.get("ok"):
                counts.final_failed += 1
                print(f"  final round {number}: the sync of {path.name} failed: {said}", flush=True)
        missing = {c for c in acked if not all(c in ids for ids in map(_ids, paths))}
        dumps = [_dump(p) for p in paths]
        divergent = sum(1 for i in range(len(paths)) for j in range(i + 1, len(paths)) if dumps[i] != dumps[j])
        if not missing and not divergent:
            counts.rounds[number] = counts.rounds.get(number, 0) + 1
            if number > FINAL_ROUNDS:
                print(f"  everything arrived after {number} rounds of syncs", flush=True)
            break
        if number == FINAL_ROUNDS:
            lost = missing
            counts.lost += len(lost)
            counts.divergent += divergent
            if lost:
                print(_explain(lost, paths, retired, folder), flush=True)
    else:
        print(f"  still lost or divergent after {FINAL_ROUNDS + EXTRA_ROUNDS} rounds", flush=True)
    (work / "final-rounds.log").write_text("\n".join(log) + "\n")
    for path in paths:
        conn = sqlite3.connect(str(path))
        counts.integrity += conn.execute("PRAGMA integrity_check").fetchone()[0] != "ok"
        conn.close()
    counts.trials += 1


def _step(rng: random.Random) -> int:
    """The step of a sync at which it is killed: a sync passes about 8 named steps (lock, store
    ready, read, applied, the heartbeat's temporary file...), 12 when it sends (the segment's
    files, sent recorded); beyond its last it finishes."""
    return rng.randint(1, 12)


def _state(path: Path) -> str:
    """A segment file: gone, damaged (its body does not match the hash in its header) or intact."""
    import hashlib

    try:
        data = path.read_bytes()
    except OSError:
        return "gone"
    head, _, body = data.partition(b"\n")
    try:
        intact = json.loads(head).get("hash") == hashlib.sha256(body).hexdigest()
    except (ValueError, AttributeError):
        intact = False
    return "intact" if intact else "damaged"


def _explain(lost: set[str], paths: list[Path], retired: list[Path], folder: Path) -> str:
    """For each lost change: what it is, who holds it, and where each holder's ledger says the
    store holds it (the batch files, and whether they are still there)."""
    lines = [f"  {len(lost)} acknowledged change(s) lost:"]
    for change_id in sorted(lost):
        holders, lacking, about = [], [], ""
        for path in paths + retired:
            conn = sqlite3.connect(str(path))
            try:
                row = conn.execute(
                    "SELECT entity, field, replica_id, actor, at, stamp FROM change WHERE id = ?", (change_id,)
                ).fetchone()
                if row is None:
                    if path in paths:
                        lacking.append(path.name)
                    continue
                about = about or " ".join(str(v) for v in row)
                batches = [
                    r[0] for r in conn.execute("SELECT batch_key FROM sync_shared WHERE change_id = ?", (change_id,))
                ]
                where = [f"{key} ({_state(folder / 'replicas' / key)})" for key in batches]
                holders.append(
                    f"{path.name}{' (retired)' if path in retired else ''}: in {', '.join(where) or 'no batch'}"
                )
            finally:
                conn.close()
        lines.append(f"    {change_id}: {about}; lacking on {', '.join(lacking)}")
        lines += [f"      {holder}" for holder in holders]
    return "\n".join(lines)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--minutes", type=float, default=float(os.environ.get("SOAK_MINUTES", 30)))
    parser.add_argument("--seed", type=int, default=int(time.time()))
    parser.add_argument("--trial", type=int, help="run only this trial of the seed's run (to replay it)")
    args = parser.parse_args()
    ctx = multiprocessing.get_context("forkserver")
    ctx.set_forkserver_preload(["storage.sync", "storage.writes"])
    counts = Counts()
    deadline = time.monotonic() + args.minutes * 60
    print(f"soak: seed {args.seed}, {args.minutes:g} minutes", flush=True)
    number = args.trial or 1
    while args.trial or time.monotonic() < deadline:
        # Each trial has a generator of its own: trial N of a seed can be run again alone (the
        # same choices; what the processes do in the time given may differ).
        rng = random.Random(f"{args.seed}:{number}")
        work = Path(tempfile.mkdtemp(prefix="ragtrack-soak-"))
        before = counts.bad()
        try:
            trial(ctx, work, rng, counts)
        finally:
            if counts.bad() == before:
                shutil.rmtree(work, ignore_errors=True)
            else:
                print(
                    f"  trial {number} failed: kept {work} (again: bench/soak.py --seed {args.seed} --trial {number})",
                    flush=True,
                )
        print(f"trial {number}: " + counts.line(), flush=True)
        if args.trial:
            break
        number += 1
    print("soak: " + ("FAILED " if counts.failed else "ok ") + counts.line(), flush=True)
    return 1 if counts.failed else 0


if __name__ == "__main__":
    sys.exit(main())
