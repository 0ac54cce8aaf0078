"""The HTML report, parsed with html.parser: self-contained, escaped, RAG cells, italics, chart."""

from __future__ import annotations

from html.parser import HTMLParser

import pytest
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
    export_report(build_report(db.reader(), scenario.plan, as_at=AS_AT), "html", path)
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
    assert summary_heads[:2] == ["Red", "Amber"]


def test_rag_cells_carry_class_colour_and_letter(page):
    cells = [(attrs["class"], attrs["title"]) for attrs in page.tags("td") if "rag" in attrs.get("class", "").split()]
    assert ("rag rag-amber", "Amber") in cells and ("rag rag-none", "Not rated") in cells
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


def test_trend_chart_is_inline_svg(page):
    [svg] = page.tags("svg")
    assert svg["role"] == "img"
    bars = [attrs["class"] for attrs in page.tags("rect") if attrs.get("class", "").startswith("bar")]
    assert bars.count("bar rag-red") == 1 and "bar rag-amber" in bars  # red only at the review
    assert page.within("Now (22/09/2015)")
