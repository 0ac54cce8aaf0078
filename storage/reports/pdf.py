"""The committee report as a tagged PDF (PDF/UA-1), printed from the HTML report by WeasyPrint.

The HTML report's structure becomes the PDF's: the language (en-GB) and title, a structure tree
(headings, tables with header cells and captions, lists, figures whose alternative text states the
chart's figures), and bookmarks from the headings, so themes and objectives are the outline.
Landscape A4, header rows repeated on every page and "Page X of Y" come from the print CSS.

WeasyPrint needs the Pango library, which Windows laptops often lack: it is the optional extra
``ragtrack[pdf]``; where it cannot load, the export says in one line what to install, and Word's
"Save as PDF" of the accessible DOCX report is the other route.
"""

from __future__ import annotations

from pathlib import Path

from storage.errors import StorageError
from storage.reports.html import render_html
from storage.reports.model import Report

PDF_VARIANT = "pdf/ua-1"
MISSING = (
    "PDF export needs WeasyPrint and the Pango library: pip install 'ragtrack[pdf]', and on Windows the GTK 3 "
    "runtime (or export --format docx and use Word's Save as PDF)"
)


class PdfUnavailable(StorageError):
    """WeasyPrint or the system library it needs (Pango) cannot be loaded here."""


def load_weasyprint():
    """WeasyPrint's HTML class, or PdfUnavailable saying what to install."""
    try:
        from weasyprint import HTML
    except ImportError as error:  # not installed
        raise PdfUnavailable(f"{MISSING} ({error})") from None
    except OSError as error:  # installed, but Pango (a system library) cannot be loaded
        raise PdfUnavailable(f"{MISSING} (cannot load {error})") from None
    return HTML


def write_pdf(report: Report, path: Path | str) -> None:
    html = load_weasyprint()
    html(string=render_html(report)).write_pdf(str(path), pdf_variant=PDF_VARIANT)
