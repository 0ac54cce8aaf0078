"""The HTML report in a real browser: axe-core (WCAG 2.2 AA rules) finds no violation, at 100% and
200% zoom and in forced-colours mode, and it prints on landscape A4. One Chromium for the session
(see browser_support); skipped, saying why, only where no Chromium can be had."""

from __future__ import annotations

from datetime import date

import pytest
from browser_support import Browser, axe, describe
from db_support import Database
from store_view import view
from test_export_model import AS_AT, build_scenario

from storage.reports import export_report
from storage.reports.model import build_report
from tui.cli import main

pytestmark = pytest.mark.xdist_group("chromium")  # one browser: these tests run on one worker
LEEDS = "003_db780d2784081089"


@pytest.fixture(scope="module")
def browser():
    try:
        started = Browser()
    except (LookupError, ImportError) as missing:
        pytest.skip(f"the HTML report's browser checks need Chromium and Playwright: {missing}")
    yield started
    started.close()


@pytest.fixture(scope="module")
def reports(tmp_path_factory):
    """The HTML report of three plans: the test scenario (a review, changes, hostile text), a new
    plan with no review, and the Leeds sample after a review and a few updates."""
    from conftest import SAMPLES

    from storage.writes import edit

    folder = tmp_path_factory.mktemp("axe")
    paths = {}
    db = Database.memory()
    scenario = build_scenario(db)
    paths["scenario"] = folder / "scenario.html"
    export_report(build_report(view(db), scenario.plan, as_at=AS_AT), "html", paths["scenario"])
    with edit(db, actor="setup") as e:
        plan = e.create("plan", title="New plan")
        objective = e.create("objective", plan_id=plan, ref="1", text="Start")
        e.create_action(plan, objective, "1a", "First action", timescale="03/16", rag=None, position=0)
    paths["new"] = folder / "new.html"
    export_report(build_report(view(db), plan, as_at=date(2016, 1, 1)), "html", paths["new"])
    db.close()

    leeds = folder / "leeds.db"
    assert main(["--db", str(leeds), "import", str(SAMPLES / f"{LEEDS}.txt")]) == 0
    assert main(["--db", str(leeds), "review", "start", "--as-at", "2015-07-22", "--label", "July"]) == 0
    assert main(["--db", str(leeds), "update", "1b", "--rag", "red", "--reason", "Stalled", "--as", "JR"]) == 0
    paths["leeds"] = folder / "leeds.html"
    assert main(["--db", str(leeds), "export", "--as-at", "2015-09-22", "-o", str(paths["leeds"])]) == 0
    return paths


def load(browser, path, **viewport):
    page = browser.page()
    if viewport:
        page.set_viewport_size(viewport)
    page.goto(path.as_uri())
    return page


def only_chart_text_left_to_judge(results: dict) -> list[str]:
    """axe's "incomplete" items (it could not decide) outside the charts' SVG: the charts' own
    text sits on bars whose contrast the chart tests check."""
    return [
        node["html"][:120]
        for item in results["incomplete"]
        for node in item["nodes"]
        if not any("svg" in target for target in node["target"]) and not node["html"].startswith("<text")
    ]


def test_axe_finds_no_wcag_22_aa_violation_in_any_report(browser, reports, capsys):
    for name, path in reports.items():
        page = load(browser, path)
        results = axe(page)
        assert results["violations"] == [], f"{name}:\n{describe(results['violations'])}"
        assert only_chart_text_left_to_judge(results) == [], name
        assert len(results["passes"]) >= 15  # the rules really ran
        page.close()
    with capsys.disabled():
        print(f"\naxe-core {results['testEngine']['version']}: 0 violations in {len(reports)} reports (WCAG 2.2 AA)")


def test_200_percent_zoom_reflows_without_sideways_scrolling(browser, reports):
    page = load(browser, reports["leeds"], width=640, height=450)  # 1280 x 900 at 200%
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")
    widths = page.evaluate("[...document.querySelectorAll('svg.chart')].map(s => s.getBoundingClientRect().right)")
    assert widths and max(widths) <= 640
    page.close()


def test_forced_colours_keep_rag_colours_readable_and_the_rest_in_system_colours(browser, reports):
    page = load(browser, reports["scenario"])
    page.emulate_media(forced_colors="active", color_scheme="dark")  # Windows' "Night sky" kind of theme
    assert page.evaluate("matchMedia('(forced-colors: active)').matches")
    style = "(selector) => { const s = getComputedStyle(document.querySelector(selector)); return [s.color, s.backgroundColor]; }"
    amber_ink, amber_fill = page.evaluate(style, "td.rag-amber")
    assert (amber_fill, amber_ink) == ("rgb(255, 192, 0)", "rgb(0, 0, 0)")  # kept, with its own dark ink
    body_ink, _ = page.evaluate(style, "body")
    body_ground = page.evaluate("getComputedStyle(document.body).backgroundColor")
    assert body_ground == "rgb(0, 0, 0)" and body_ink == "rgb(255, 255, 255)"
    for selector in ("h1", "h2", "h3", "p.as-at", "th[scope=col]", "td.progress", "caption", "figcaption"):
        ink, _ = page.evaluate(style, selector)
        assert ink == body_ink, selector  # the user's colours, not ours
    ground = page.evaluate("getComputedStyle(document.querySelector('svg.chart rect.ground')).fill")
    assert ground == "rgb(255, 255, 255)"  # the charts keep their white ground and black text
    # axe-core reads the author's colours in a forced dark theme and reports contrast that the page
    # does not show (checked above from the computed styles); in a light theme it judges truly
    page.emulate_media(forced_colors="active", color_scheme="light")
    results = axe(page)
    assert results["violations"] == [], describe(results["violations"])
    page.close()


def test_prints_on_landscape_a4_with_repeated_table_headers(browser, reports, tmp_path):
    import pikepdf

    page = load(browser, reports["leeds"])
    page.emulate_media(media="print")
    printed = tmp_path / "printed.pdf"
    page.pdf(path=str(printed), prefer_css_page_size=True)
    page.close()
    with pikepdf.open(printed) as pdf:
        assert len(pdf.pages) >= 4
        for pdf_page in pdf.pages:
            x0, y0, x1, y1 = (float(v) for v in pdf_page.mediabox)
            assert (round(x1 - x0), round(y1 - y0)) == (842, 595)  # A4 across, in points
