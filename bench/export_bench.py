"""``ragtrack export --format docx`` of a 1,000-action plan against the export floor: the same
report's text written as an unstyled DOCX (bench/floor_export.py), as a process, interleaved."""

from __future__ import annotations

import json
import sqlite3
import sys
from pathlib import Path

from context import BENCH, Context
from figures import Aim
from processes import BenchError, command_problem, paired, run_process

ACTIONS = 1000


def report_text(docx: Path) -> list[str]:
    """Every paragraph of ``docx`` in order: body paragraphs and the paragraphs of each table
    cell (a merged cell once), headers and footers left out."""
    from docx import Document
    from docx.table import Table

    texts: list[str] = []

    def table_text(table: Table) -> None:
        for row in table.rows:
            seen = set()
            for cell in row.cells:
                if id(cell._tc) in seen:
                    continue
                seen.add(id(cell._tc))
                texts.extend(p.text for p in cell.paragraphs)
                for inner in cell.tables:
                    table_text(inner)

    for block in Document(str(docx)).iter_inner_content():
        if isinstance(block, Table):
            table_text(block)
        else:
            texts.append(block.text)
    return texts


def bench_export(ctx: Context) -> None:
    ragtrack = ctx.ragtrack()
    problem = command_problem(ragtrack, ("export", "--help"))
    if problem:
        raise BenchError(f"`ragtrack export` is not there: {problem}")
    db = ctx.database(ACTIONS)
    conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    try:
        plan = conn.execute("SELECT source_key FROM plan LIMIT 1").fetchone()[0]
    finally:
        conn.close()
    out, floor_out = ctx.work / f"report-{ACTIONS}.docx", ctx.work / f"report-{ACTIONS}-floor.docx"
    command = [str(ragtrack), "--db", str(db), "export", "--plan", plan, "--format", "docx", "-o", str(out)]
    first = run_process(command, ctx.work / "export.out")
    if first.returncode != 0:
        raise BenchError(f"`ragtrack export` failed ({first.returncode}): {first.stderr.strip()[-300:]}")
    texts = report_text(out)
    text_file = ctx.work / f"report-{ACTIONS}-text.json"
    text_file.write_text(json.dumps(texts, ensure_ascii=False), encoding="utf-8")
    floor = [sys.executable, str(BENCH / "floor_export.py"), str(text_file), str(floor_out)]
    pair = paired(command, floor, 3 if ctx.quick else 5, ctx.work / "export.out", ctx.work / "export-floor.out")
    figure = pair.figure.seconds
    words = sum(len(t.split()) for t in texts)
    figure.note = "; ".join(
        filter(
            None,
            [
                figure.note,
                f"{out.stat().st_size // 1024} KB, {len(texts):,} paragraphs and cells, {words:,} words; "
                f"CPU {pair.figure.cpu.text(False)}, peak {pair.figure.memory.text(False)}",
            ],
        )
    )
    entry = ctx.results.add_other(
        f"`ragtrack export --format docx` (committee report) of a {ACTIONS:,}-action plan",
        figure,
        pair.floor.seconds,
        pair.ratios,
        aim=Aim(3.0),
        floor_label="the same report's text as an unstyled DOCX (XML written directly), a process",
    )
    ctx.log(f"  export docx: {figure.text()} ÷ floor {pair.floor.seconds.text()} = {entry.ratio:.2f}×")
