"""Committee reports: ``model.build_report`` reads the database once into a ``Report``; the
renderers (docx, html, xlsx, tabular for CSV and Markdown, trend for the chart) only format it.

    report = build_report(db.reader(), plan_id, as_at=date(2015, 7, 22))
    export_report(report, "docx", Path("plan.docx"))
"""

from __future__ import annotations

from pathlib import Path

FORMATS = ("docx", "html", "md", "xlsx", "csv")


def export_report(report, fmt: str, path: Path | str) -> None:
    """Write ``report`` to ``path`` in ``fmt``: the file is written whole or not at all."""
    path = Path(path)
    partial = path.with_name(f".{path.name}.part")
    try:
        if fmt == "docx":
            from storage.reports.docx import write_docx

            write_docx(report, partial)
        elif fmt == "xlsx":
            from storage.reports.xlsx import write_xlsx

            write_xlsx(report, partial)
        elif fmt in ("html", "md", "csv"):
            if fmt == "html":
                from storage.reports.html import render_html as render
            elif fmt == "md":
                from storage.reports.tabular import render_markdown as render
            else:
                from storage.reports.tabular import render_csv as render
            # CSV with a byte-order mark so Excel reads ✓ and ⇒ as UTF-8
            partial.write_text(render(report), encoding="utf-8-sig" if fmt == "csv" else "utf-8", newline="")
        else:
            raise ValueError(f"unknown report format {fmt!r} ({', '.join(FORMATS)})")
        partial.replace(path)
    finally:
        partial.unlink(missing_ok=True)
