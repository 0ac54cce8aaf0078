"""The PDF report (WeasyPrint, PDF/UA-1), opened again with pikepdf: a structure tree with
headings, tables and figures, the language and title, bookmarks for themes and objectives, text on
every page, landscape A4; and one clear line where WeasyPrint cannot be loaded."""

from __future__ import annotations

import itertools
import sys

import pikepdf
import pytest
from store_view import view
from test_export_model import AS_AT, build_scenario

from storage.reports import export_report
from storage.reports.model import build_report
from storage.reports.pdf import PdfUnavailable, load_weasyprint
from tui.cli import main


@pytest.fixture(scope="module")
def pdf_path(tmp_path_factory):
    try:
        load_weasyprint()
    except PdfUnavailable as missing:
        pytest.skip(str(missing))
    from db_support import Database

    db = Database.memory()
    scenario = build_scenario(db)
    path = tmp_path_factory.mktemp("pdf") / "report.pdf"
    export_report(build_report(view(db), scenario.plan, as_at=AS_AT), "pdf", path)
    db.close()
    return path


@pytest.fixture
def pdf(pdf_path):
    with pikepdf.open(pdf_path) as document:
        yield document


def structure(node, depth=0, out=None):
    """(depth, role, Alt) for every structure element, in reading order."""
    out = [] if out is None else out
    if isinstance(node, pikepdf.Dictionary) and "/S" in node:
        out.append((depth, str(node.S), str(node.get("/Alt", ""))))
        depth += 1
    kids = node.get("/K") if isinstance(node, pikepdf.Dictionary) else None
    for kid in kids if isinstance(kids, pikepdf.Array) else [kids] if isinstance(kids, pikepdf.Dictionary) else []:
        structure(kid, depth, out)
    return out


def test_tagged_with_language_title_and_pdf_ua_identifier(pdf):
    root = pdf.Root
    assert str(root.Lang) == "en-GB"
    assert bool(root.MarkInfo.Marked) and bool(root.ViewerPreferences.DisplayDocTitle)
    assert str(pdf.docinfo.Title) == "Care2Work & Co – ONGOING ACTIONS – SUMMARY VERSION as at 22/09/2015"
    assert str(pdf.docinfo.Author) == "Leeds City Council"
    with pdf.open_metadata() as xmp:
        assert xmp.get("pdfuaid:part") == "1"
        assert "Care2Work & Co" in xmp.get("dc:title", "")


def test_structure_tree_has_headings_tables_and_figures_that_state_their_figures(pdf):
    elements = structure(pdf.Root.StructTreeRoot)
    roles = [role for _, role, _ in elements]
    assert roles.count("/H1") == 1 and roles.count("/H2") == 6 and roles.count("/H3") == 2
    # each table starts with its caption (a table that runs onto another page goes on as a second
    # /Table there: WeasyPrint tags page by page)
    captioned = [a for a, b in itertools.pairwise(elements) if a[1] == "/Table" and b[1] == "/Caption"]
    assert len(captioned) == 5 and all(b[0] == a[0] + 1 for a, b in itertools.pairwise(elements) if a in captioned)
    assert "/TH" in roles and "/TD" in roles and "/THead" in roles
    figures = [alt for _, role, alt in elements if role == "/Figure"]
    assert len(figures) == 2
    assert "Red 0, Amber 1, Green 1, Blue (complete) 0, Not rated 1; 3 actions in all" in figures[0]
    assert "22/07/2015: Red 2, Amber 0, Green 1" in figures[1]


def test_bookmarks_follow_themes_and_objectives(pdf):
    with pdf.open_outline() as outline:
        [top] = outline.root
        assert top.title == "Care2Work & Co"
        children = {item.title: [c.title for c in item.children] for item in top.children}
    assert list(children) == [
        "Summary",
        "Charts",
        "RAG key and definitions",
        "Key of initials",
        "COMMITMENT",
        "SUPPORT",
    ]
    assert children["COMMITMENT"] == ["Objective 1. Strategic commitment"]
    assert children["SUPPORT"] == ["Objective 2. Workforce"]


def test_every_page_is_landscape_a4_and_carries_text(pdf):
    assert len(pdf.pages) >= 2
    for number, page in enumerate(pdf.pages, start=1):
        x0, y0, x1, y1 = (float(v) for v in page.mediabox)
        assert (round(x1 - x0), round(y1 - y0)) == (842, 595), number
        shown = [
            operands
            for operands, operator in pikepdf.parse_content_stream(page)
            if str(operator) in ("Tj", "TJ") and operands
        ]
        assert len(shown) >= 3, f"page {number} has no text"  # real text, not a picture of it
        assert "/Font" in page.Resources


def test_without_weasyprint_the_export_says_what_to_install(tmp_path, capsys, monkeypatch):
    from db_support import Database

    path = tmp_path / "plans.db"
    database = Database.open(path)
    build_scenario(database)
    database.close()
    monkeypatch.setitem(sys.modules, "weasyprint", None)  # as if not installed
    target = tmp_path / "report.pdf"
    assert main(["--db", str(path), "export", "-o", str(target)]) == 1
    error = capsys.readouterr().err
    assert error.startswith("ragtrack: PDF export needs WeasyPrint and the Pango library: pip install 'ragtrack[pdf]'")
    assert error.count("\n") == 1 and "Save as PDF" in error
    assert not target.exists() and not (tmp_path / ".report.pdf.part").exists()
