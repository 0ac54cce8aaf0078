"""The bench's generator writes what ragtrack's write path writes (``generate.check_faithful``,
which every bench run does first: when it fails, no figure is measured)."""

from __future__ import annotations

import sys
from pathlib import Path

BENCH = Path(__file__).resolve().parent.parent / "bench"
if str(BENCH) not in sys.path:
    sys.path.insert(0, str(BENCH))

import generate  # noqa: E402


def test_the_bulk_writer_and_the_write_path_write_the_same_rows(tmp_path: Path) -> None:
    assert generate.check_faithful(tmp_path, actions=24) == []
