"""A 10,000-row plan as a spreadsheet file the importer reads.

XLSX when an XLSX reader is registered in storage.importing.READERS, else the tab-separated
recommendations table the seed reader reads (seed 000's columns: Rec No, Recommendation,
Responsible Officer, Agreed Action and Date of Implementation), which is what Excel's "Save as
Text (Tab delimited)" gives for such a sheet.
"""

from __future__ import annotations

import random
from pathlib import Path

from generate import FIRST, JOB_TITLES, LAST, MONTHS, OBJECTS, PURPOSES, VERBS

HEADER = ("Rec No", "Recommendation", "Responsible Officer", "Agreed Action and Date of Implementation")


def plan_rows(rows: int, seed: int = 11) -> list[tuple[str, str, str, str]]:
    rng = random.Random(seed)
    officers = [f"{f} {l}, {rng.choice(JOB_TITLES)}" for f in FIRST[:20] for l in LAST[:10]]
    result = []
    for n in range(1, rows + 1):
        leads = rng.choice(officers)
        if rng.random() < 0.3:
            leads += f" and {rng.choice(officers)}"
        when = f"{rng.choice(MONTHS)} {rng.choice((2021, 2025, 2026, 2027))}"
        result.append((
            str(n),
            f"That {rng.choice(OBJECTS)} be reviewed {rng.choice(PURPOSES)}",
            leads,
            f"{rng.choice(VERBS)} {rng.choice(OBJECTS)} {rng.choice(PURPOSES)} {when}",
        ))
    return result


def write_tsv(path: Path, rows: int) -> Path:
    lines = ["", "Appendix 1. Bench plan of recommendations", "", "\t".join(HEADER)]
    lines += ["\t".join(r) for r in plan_rows(rows)]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def write_xlsx(path: Path, rows: int) -> Path:
    from openpyxl import Workbook

    book = Workbook(write_only=True)
    sheet = book.create_sheet("Action plan")
    sheet.append(["Bench plan of recommendations"])
    sheet.append(list(HEADER))
    for r in plan_rows(rows):
        sheet.append([int(r[0]), *r[1:]])
    book.save(path)
    return path
