"""A known divergence found by `make soak` (trial 234 of a 30-minute run, 8 divergent pairs):
a laptop whose clock ran fast corrects the stamps of its unsent changes in place before sending
them (storage/sync/skew.py), assuming nobody else holds them; a disk-image clone does. The
original sends the corrected version, the clone the uncorrected one, each laptop keeps the
version that reached it first, and they never agree again.

Marked as an expected failure (strict: it fails the suite once fixed, so the mark comes off
with the fix). The fix: settle a change id held in two versions on one canonical version on
receipt, or stop rewriting changes in place."""

from __future__ import annotations

import json
import sys
import time
from datetime import UTC, datetime

import pytest
from db_support import Database
from test_sync_support import change_ids, dump, seed_plan, sync_all

from storage.sync import run_sync
from storage.sync.local import file_identity
from storage.writes import edit

TWO_YEARS = 2 * 365 * 86400


@pytest.mark.xfail(strict=True, reason="known: a clock-fast laptop's in-place stamp correction and its clone diverge")
def test_a_clone_of_a_laptop_whose_clock_ran_fast_converges_with_it(tmp_path, monkeypatch):
    real = time.time

    def skew(seconds: float) -> None:
        monkeypatch.setattr(time, "time", lambda: real() + seconds)

        def iso() -> str:
            return datetime.fromtimestamp(real() + seconds, UTC).strftime("%Y-%m-%dT%H:%M:%S.%f")[:-3] + "Z"

        for name, module in list(sys.modules.items()):
            if name.startswith("storage") and getattr(module, "utc_now_iso", None) is not None:
                monkeypatch.setattr(module, "utc_now_iso", iso)

    folder = tmp_path / "share"
    a = Database.open(tmp_path / "a.db")
    ids = seed_plan(a)
    run_sync(a, folder, snapshot=False)
    skew(TWO_YEARS)
    with edit(a, actor="Ann") as e:
        e.set_rag(ids["a0"], "green", reason="fast clock")
    a.close()
    skew(0)
    (tmp_path / "b.db").write_bytes((tmp_path / "a.db").read_bytes())  # a disk image: the edit unsent
    b = Database.open(tmp_path / "b.db")
    with b.write(actor="") as txn:  # the image keeps a's identity, as a cloned inode would
        record = json.loads(txn.scalar("SELECT value FROM setting WHERE key = 'sync_claim'"))
        record["file"] = file_identity(b)
        txn.run("UPDATE setting SET value = ? WHERE key = 'sync_claim'", (json.dumps(record),))
    a = Database.open(tmp_path / "a.db")
    skew(TWO_YEARS)
    run_sync(a, folder, snapshot=False)  # still fast: corrects its unsent edit's stamp, sends it
    skew(0)
    run_sync(b, folder, snapshot=False)  # the true clock: holds the uncorrected copy
    newcomer = Database.memory()
    sync_all([a, b, newcomer], folder, rounds=3)
    assert change_ids(a) == change_ids(b) == change_ids(newcomer)
    assert dump(a) == dump(b) == dump(newcomer)
