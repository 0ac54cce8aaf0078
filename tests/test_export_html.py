"""The HTML report, parsed with html.parser: self-contained, escaped, RAG cells, italics, charts,
and the structure WCAG asks of it (language, title, headings, captions, header scopes). axe-core
in Chromium checks the rendered page in test_export_axe.py."""

from __future__ import annotations

from html.parser import HTMLParser

import pytest
from store_view import view
from test_export_model import AS_AT, build_scenario

from storage.reports import export_report
from storage.reports.model import build_report


class Page(HTMLParser):
    """Elements with their attributes and text, and the path of tags open around each text."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.elements: list[tuple[str, dict]] = []
        self.stack: list[tuple[str, dict]] = []
        self.texts: list[tuple[str, tuple]] = []  # (text, enclosing (tag, attrs) from outermost)

    def handle_starttag(self, tag, attrs):
        element = (tag, dict(attrs))
        self.elements.append(element)
        if tag not in ("br", "col", "meta", "rect", "line") or tag == "rect":
            self.stack.append(element)

    def handle_startendtag(self, tag, attrs):
        self.elements.append((tag, dict(attrs)))

    def handle_endtag(self, tag):
        for index in range(len(self.stack) - 1, -1, -1):
            if self.stack[index][0] == tag:
                del self.stack[index:]
                break

    def handle_data(self, data):
        if data.strip():
            self.texts.append((data, tuple(self.stack)))

    def tags(self, name):
        return [attrs for tag, attrs in self.elements if tag == name]

    def within(self, text_part):
        return [path for text, path in self.texts if text_part in text]


@pytest.fixture
def page(db, tmp_path):
    scenario = build_scenario(db)
    path = tmp_path / "report.html"
    export_report(build_report(view(db), scenario.plan, as_at=AS_AT), "html", path)
    source = path.read_text(encoding="utf-8")
    parser = Page()
    parser.feed(source)
    parser.source = source
    return parser


def test_self_contained_and_no_script(page):
    assert page.source.startswith("<!DOCTYPE html>")
    assert page.tags("script") == [] and page.tags("link") == [] and page.tags("img") == []
    for tag, attrs in page.elements:
        assert "src" not in attrs and not (attrs.get("href") or "").startswith("http"), (tag, attrs)
    assert len(page.tags("style")) == 1 and "@page" in page.source and "landscape" in page.source


def test_title_keys_and_summary(page):
    titles = [text for text, path in page.texts if path and path[-1][0] == "title"]
    assert titles[0].startswith("Care2Work & Co – ONGOING ACTIONS – SUMMARY VERSION as at 22/09/2015")
    assert page.within("JR = Jackie Roper")
    assert [t for t, p in page.texts if p and p[-1][0] == "td" and "challenges" in t] == [
        "Substantial challenges",
        "Some challenges",
    ]
    summary_heads = [t for t, p in page.texts if any(a.get("class") == "summary" for _, a in p) and p[-1][0] == "th"]
    assert summary_heads[:4] == ["Measure", "Actions", "Red", "Amber"]


def test_rag_cells_carry_class_colour_and_letter(page):
    cells = [
        (path[-1][1]["class"], text)
        for text, path in page.texts
        if path and path[-1][0] == "td" and "rag" in path[-1][1].get("class", "").split()
    ]
    assert ("rag rag-amber", "A") in cells and ("rag rag-none", "–") in cells
    # the rating's name is there for screen readers, beside the letter
    assert page.within(" Amber") and any(p[-1][1].get("class") == "visually-hidden" for p in page.within(" Amber"))
    assert ".rag-amber { background: #FFC000; color: #000000; }" in page.source
    assert ".rag-red { background: #C00000; color: #FFFFFF; }" in page.source
    row = next(
        attrs
        for attrs in page.tags("tr")
        if attrs.get("id", "").startswith("action-") and "changed-row" in attrs["class"]
    )
    assert row


def test_changes_since_the_review_are_in_italics(page):
    for text in (
        "⇒ 01/08/2015 – Book the venue",
        "RAG Red → Amber: Training booked for May",
        "Re-dated: 09/14 → 12/15",
    ):
        [path] = page.within(text)
        assert path[-1][0] == "em", text
    [old] = page.within("Sits on the steering group")
    assert all(tag != "em" for tag, _ in old)
    assert page.within("Re-dated 2 times (first: 04/14)")


def test_user_text_is_escaped(page):
    [path] = page.within("<script>alert(1)</script>")  # arrives as text, not as an element
    assert path[-1][0] == "em"  # the new action's text, in italics
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page.source
    assert "\\x1b[31m" in page.source and "\x1b" not in page.source and "\x00" not in page.source
    assert "Care2Work &amp; Co" in page.source


def test_charts_are_inline_svg_named_and_described(page):
    distribution, trend = page.tags("svg")
    for svg in (distribution, trend):
        assert svg["role"] == "img"
        [title_id] = svg["aria-labelledby"].split()
        assert any(attrs.get("id") == title_id for attrs in page.tags("title"))
    assert page.within("Figure 1: Actions by RAG rating as at 22/09/2015")  # the visible caption
    names = [text for text, path in page.texts if path and path[-1][0] == "title" and len(path) > 1]
    assert any("as at 22/09/2015: Red 0, Amber 1, Green 1, Blue (complete) 0, Not rated 1" in n for n in names)
    [trend_name] = [n for n in names if "Now (22/09/2015)" in n and "Stacked" in n]
    assert "22/07/2015: Red 2, Amber 0, Green 1" in trend_name
    bars = [attrs for attrs in page.tags("rect") if attrs.get("stroke") == "#000000" and attrs.get("fill") == "#C00000"]
    assert len(bars) == 1 + 1 + 1  # the distribution's red key, the trend's one red bar (at the review), its legend
    assert page.within("Now (22/09/2015)")


def test_language_title_and_one_h1_over_a_heading_outline_with_no_skipped_level(page):
    assert page.tags("html")[0]["lang"] == "en-GB"
    assert len(page.tags("title")) >= 1 and page.source.index("<title>") < page.source.index("</head>")
    headings = [(tag, text) for text, path in page.texts for tag, _ in path[-1:] if tag in ("h1", "h2", "h3")]
    assert [text for tag, text in headings if tag == "h1"] == ["Care2Work & Co"]
    assert headings[1:] == [
        ("h2", "Summary"),
        ("h2", "Charts"),
        ("h2", "RAG key and definitions"),
        ("h2", "Key of initials"),
        ("h2", "COMMITMENT"),
        ("h3", "Objective 1. Strategic commitment"),
        ("h2", "SUPPORT"),
        ("h3", "Objective 2. Workforce"),
    ]
    assert page.tags("main") and page.tags("header")


def test_every_table_has_a_caption_and_every_header_cell_a_scope(page):
    tables = page.source.count("<table")
    assert tables == 5 and page.source.count("<caption") == tables
    scopes = [attrs.get("scope") for attrs in page.tags("th")]
    assert scopes and all(scope in ("col", "row") for scope in scopes)
    # action rows: the reference heads its row
    assert [t for t, p in page.texts if p and p[-1][0] == "th" and p[-1][1].get("scope") == "row"][-2:] == ["2a", "2b"]


def test_print_styles_zoom_and_forced_colours(page):
    assert "size: A4 landscape" in page.source
    assert "@media print" in page.source and "break-inside: avoid" in page.source
    assert "thead { display: table-header-group; }" in page.source  # header rows repeat on paper
    assert "@media (forced-colors: active)" in page.source
    assert any(attrs.get("name") == "viewport" for attrs in page.tags("meta"))
    assert "max-width: 100%" in page.source  # charts shrink with the page at 200% zoom
