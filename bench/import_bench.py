"""``ragtrack import`` of a 10,000-row spreadsheet into a new database, against the import floor:
openpyxl's own read-only pass over the same workbook (every cell's value read, nothing
else), as a process, interleaved with the import runs."""

from __future__ import annotations

import sys
from pathlib import Path

import spreadsheet
from context import Context
from figures import Aim
from processes import BenchError, paired

ROWS = 10_000
IMPORT_TIMEOUT_S = 360.0

#: The floor: open each workbook read-only and read every row's values, as an importer must.
FLOOR_CODE = """
import sys
from openpyxl import load_workbook
cells = 0
for name in sys.argv[1:]:
    book = load_workbook(name, read_only=True, data_only=True)
    for sheet in book.worksheets:
        for row in sheet.iter_rows(values_only=True):
            cells += len(row)
    book.close()
print(cells)
"""


def workbooks(ctx: Context) -> tuple[list[Path], str]:
    """The 10,000 rows as one XLSX file of one sheet (the importer has no cap on a sheet's rows)."""
    try:
        from storage.importing import READERS
    except ImportError as error:
        raise BenchError(f"storage.importing does not import: {error}") from None
    if ".xlsx" not in READERS:
        raise BenchError("no XLSX reader registered in storage.importing.READERS")
    path = ctx.work / f"import-{ROWS}.xlsx"
    if not path.exists():  # the same seed gives the same rows: written once
        spreadsheet.write_xlsx(path, ROWS, seed=11)
    return [path], "XLSX, one sheet"


def bench_import(ctx: Context) -> None:
    sources, kind = workbooks(ctx)
    target = ctx.work / "import-target.db"

    def fresh_target() -> None:
        for suffix in ("", "-wal", "-shm"):
            Path(f"{target}{suffix}").unlink(missing_ok=True)

    command = [str(ctx.ragtrack()), "--db", str(target), "import", *map(str, sources)]
    floor = [sys.executable, "-c", FLOOR_CODE, *map(str, sources)]
    ctx.compile_ragtrack()  # as installed (openpyxl, the floor, has its own bytecode too)
    pair = paired(
        command,
        floor,
        # As many pairs as every other process figure: the median of three swung from 1.87x to
        # 2.01x between two benches of the same import code (December 2026).
        ctx.repeats,
        ctx.work / "import.out",
        ctx.work / "import-floor.out",
        timeout=IMPORT_TIMEOUT_S,
        before=fresh_target,
    )
    summary = [
        line
        for line in (ctx.work / "import.out").read_text(errors="replace").splitlines()
        if line.startswith(("imported", "would import"))
    ]
    figure = pair.figure.seconds
    figure.note = "; ".join(
        filter(None, [figure.note, f"{kind}; CPU {pair.figure.cpu.text(False)}, peak {pair.figure.memory.text(False)}"])
    )
    if summary:
        figure.note += "; " + " / ".join(summary)[:400]
    entry = ctx.results.add_other(
        f"`ragtrack import` of a {ROWS:,}-row spreadsheet (XLSX), new database",
        figure,
        pair.floor.seconds,
        pair.ratios,
        aim=Aim(2.0),
        floor_label="openpyxl's read-only pass over the same workbook, a process",
    )
    ctx.log(f"  import of {ROWS:,} rows: {figure.text()} ÷ floor {pair.floor.seconds.text()} = {entry.ratio:.2f}×")
