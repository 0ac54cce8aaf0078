"""Committee reports: ``model.build_report`` reads the database once into a ``Report``; the
renderers (docx, html, pdf, xlsx, tabular for CSV and Markdown, chart for the charts) only format it.

    with store.read() as txn:
        report = build_report(txn, plan_id, as_at=date(2015, 7, 22))
    export_report(report, "docx", Path("plan.docx"))
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

from storage.errors import StorageError

FORMATS = ("docx", "html", "pdf", "md", "xlsx", "csv")
#: File name endings that say a format: a report is never written under another format's ending.
SUFFIXES = {
    ".docx": "docx",
    ".html": "html",
    ".htm": "html",
    ".pdf": "pdf",
    ".md": "md",
    ".markdown": "md",
    ".xlsx": "xlsx",
    ".csv": "csv",
}


class ExportRefused(StorageError):
    """The report cannot be written where or as asked; the message says why."""


class ReportExists(ExportRefused):
    """The file exists (and may be replaced if the user says so: ``--force``, or a confirmation)."""


def check_overwrite(output: Path, database: Path | None, force: bool) -> None:
    """Never write over what was not asked for: the database itself (or its journal files), a
    read-only file, or any existing file without ``force`` (``ReportExists``). The command line
    and the app both ask this before writing."""
    if not (output.exists() or output.is_symlink()):
        return
    owns = (
        []
        if database is None
        else [database, database.with_name(database.name + "-wal"), database.with_name(database.name + "-shm")]
    )
    for own in owns:
        try:
            if own.exists() and os.path.samefile(output, own):
                raise ExportRefused(f"{output} is this ragtrack database: write the report to another file")
        except OSError:
            continue
    try:
        mode = output.stat().st_mode
    except OSError as error:
        raise ExportRefused(f"{output} cannot be checked ({error.strerror or error}): nothing was written") from None
    if not stat.S_ISREG(mode):
        raise ExportRefused(f"{output} is not an ordinary file: nothing was written")
    if not mode & stat.S_IWUSR:
        raise ExportRefused(f"{output} is read-only: nothing was written")
    if not force:
        raise ReportExists(f"{output} exists: add --force to replace it, or choose another name")


def format_for(path: Path | str) -> str | None:
    """The format a file name's ending says ("plan.docx" -> "docx"), or None."""
    return SUFFIXES.get(Path(path).suffix.lower())


def export_report(report, fmt: str, path: Path | str) -> None:
    """Write ``report`` to ``path`` in ``fmt``: the file is written whole or not at all."""
    path = Path(path)
    if fmt not in FORMATS:
        raise ValueError(f"unknown report format {fmt!r} ({', '.join(FORMATS)})")
    said = format_for(path)
    if said is not None and said != fmt:
        raise ExportRefused(
            f"{path.name} ends in {path.suffix} but the format is {fmt}: name the file "
            f"{path.with_suffix('.' + fmt).name}, or choose --format {said}"
        )
    if not path.parent.is_dir():
        raise ExportRefused(f"{path.parent} is not a folder that exists: create it, or write the report elsewhere")
    partial = path.with_name(f".{path.name}.part")
    try:
        _write(report, fmt, partial)
        partial.replace(path)
    except OSError as error:  # named after the file asked for, not the temporary one
        raise ExportRefused(f"{path}: {error.strerror or error}") from None
    finally:
        partial.unlink(missing_ok=True)


def _write(report, fmt: str, partial: Path) -> None:
    if fmt == "docx":
        from storage.reports.docx import write_docx

        write_docx(report, partial)
    elif fmt == "xlsx":
        from storage.reports.xlsx import write_xlsx

        write_xlsx(report, partial)
    elif fmt == "pdf":
        from storage.reports.pdf import write_pdf

        write_pdf(report, partial)
    else:
        if fmt == "html":
            from storage.reports.html import render_html as render
        elif fmt == "md":
            from storage.reports.tabular import render_markdown as render
        else:
            from storage.reports.tabular import render_csv as render
        # CSV with a byte-order mark so Excel reads ✓ and ⇒ as UTF-8
        partial.write_text(render(report), encoding="utf-8-sig" if fmt == "csv" else "utf-8", newline="")
