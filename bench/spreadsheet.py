"""A 10,000-row plan as a spreadsheet file the importer reads.

XLSX when an XLSX reader is registered in storage.importing.READERS: an action plan as councils
keep them in Excel (Theme, Objective, Ref, Action, Lead officer, Timescale, Progress with ✓ and
⇒ entries, RAG), one row per action. Otherwise the tab-separated recommendations table the seed
reader reads (seed 000's columns: Rec No, Recommendation, Responsible Officer, Agreed Action and
Date of Implementation), which is what Excel's "Save as Text (Tab delimited)" gives.
"""

from __future__ import annotations

import random
from pathlib import Path

from vocabulary import FIRST, JOB_TITLES, LAST, MONTHS, OBJECTS, PROGRESS_TEXT, PURPOSES, THEMES, VERBS, timescale

HEADER = ("Rec No", "Recommendation", "Responsible Officer", "Agreed Action and Date of Implementation")
SHEET_HEADER = ("Theme", "Objective", "Ref", "Action", "Lead officer", "Timescale", "Progress", "RAG")


def plan_rows(rows: int, seed: int = 11) -> list[tuple[str, str, str, str]]:
    rng = random.Random(seed)
    officers = [f"{f} {s}, {rng.choice(JOB_TITLES)}" for f in FIRST[:20] for s in LAST[:10]]
    result = []
    for n in range(1, rows + 1):
        leads = rng.choice(officers)
        if rng.random() < 0.3:
            leads += f" and {rng.choice(officers)}"
        when = f"{rng.choice(MONTHS)} {rng.choice((2021, 2025, 2026, 2027))}"
        result.append(
            (
                str(n),
                f"That {rng.choice(OBJECTS)} be reviewed {rng.choice(PURPOSES)}",
                leads,
                f"{rng.choice(VERBS)} {rng.choice(OBJECTS)} {rng.choice(PURPOSES)} {when}",
            )
        )
    return result


def sheet_rows(rows: int, seed: int = 11) -> list[tuple]:
    """One row per action: objectives of 6-14 actions, 1-3 leads from a pool of 200 officers."""
    rng = random.Random(seed)
    officers = [f"{f} {s}" for f in FIRST[:20] for s in LAST[:10]]
    result: list[tuple] = []
    objective_no = 0
    while len(result) < rows:
        objective_no += 1
        objective = f"{objective_no}. {rng.choice(VERBS)} {rng.choice(OBJECTS)} {rng.choice(PURPOSES)}"
        theme = THEMES[min(len(THEMES) * len(result) // rows, len(THEMES) - 1)]
        for k in range(min(rng.randrange(6, 15), rows - len(result))):
            leads = ", ".join(dict.fromkeys(rng.choices(officers, k=rng.choices((1, 2, 3), (55, 30, 15))[0])))
            progress = []
            for _ in range(rng.choice((3, 4, 5, 5, 6))):
                kind = rng.choices(("achieved", "next"), (60, 40))[0]
                text = rng.choice(PROGRESS_TEXT[kind]).format(
                    y=2026, yy=27, m=rng.choice(MONTHS), n=rng.randrange(2, 30), i="JR"
                )
                progress.append(("✓ " if kind == "achieved" else "⇒ ") + text)
            result.append(
                (
                    theme,
                    objective,
                    f"{objective_no}{chr(97 + k)}",
                    f"{rng.choice(VERBS)} {rng.choice(OBJECTS)} {rng.choice(PURPOSES)}",
                    leads,
                    timescale(rng),
                    "\n".join(progress),
                    rng.choices(("R", "A", "G", "B", ""), (15, 30, 35, 10, 10))[0],
                )
            )
    return result


def write_tsv(path: Path, rows: int) -> Path:
    lines = ["", "Appendix 1. Bench plan of recommendations", "", "\t".join(HEADER)]
    lines += ["\t".join(r) for r in plan_rows(rows)]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def write_xlsx(path: Path, rows: int, seed: int = 11) -> Path:
    from openpyxl import Workbook

    book = Workbook(write_only=True)
    book.properties.title = f"Bench improvement plan {seed}"
    sheet = book.create_sheet("Action plan")
    sheet.append([f"Bench improvement plan {seed}"])
    sheet.append([])
    sheet.append(list(SHEET_HEADER))
    for row in sheet_rows(rows, seed):
        sheet.append(list(row))
    book.save(path)
    return path
