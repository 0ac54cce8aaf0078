"""The committee report as one self-contained, accessible, printable HTML file (and, through
WeasyPrint, the tagged PDF: see ``pdf.py``).

Inline CSS, inline SVG charts, no script, no font or image from the network: it opens from a
USB stick or an email attachment and prints on landscape A4. Built to WCAG 2.2 AA (checked by
axe-core in Chromium in the tests): ``lang``, a title, one ``h1`` and a heading outline (h2 for
the front sections and themes, h3 for objectives), tables with a ``caption`` and ``th`` with
``scope``, the charts as ``<svg role="img">`` named by ``<title>``, described by ``<desc>`` and
followed by their figures as a table; RAG shown by letter and word as well as colour. It reflows
at 200% zoom and keeps its RAG colours readable in forced-colours (high contrast) mode.

Every piece of user text goes through ``html.escape`` (``_e``); the footer text in the print
CSS is written as CSS escapes.
"""

from __future__ import annotations

from html import escape

from storage.reports.chart import LABELS, RATINGS, TABLE_HEADINGS, Chart, charts, svg, trend_table
from storage.reports.model import (
    ACTIONS_DESCRIPTION,
    RAG_COLOURS,
    RAG_NAMES,
    RAG_ORDER,
    Report,
    ReportAction,
    rag_letter,
    uk_date,
)

CSS = """
@page { size: A4 landscape; margin: 12mm 12mm 16mm 12mm;
  @bottom-center { content: FOOTER " \\2014  Page " counter(page) " of " counter(pages); font: 8pt Arial, sans-serif; } }
* { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
body { font: 10pt/1.4 Arial, Helvetica, sans-serif; color: #000; background: #fff; margin: 1.5em auto;
  max-width: 75rem; padding: 0 1em; }
h1 { font-size: 20pt; margin: 0 0 .2em; color: #1f3864; border-bottom: 2px solid #2f5496; }
h2 { font-size: 14pt; color: #1f3864; margin: 1.2em 0 .3em; break-after: avoid; }
h3 { font-size: 11pt; color: #1f3864; margin: 1em 0 .3em; break-after: avoid; }
p.as-at { font-weight: bold; font-size: 12pt; color: #1f3864; margin: .2em 0 .6em; }
dl.meta { display: grid; grid-template-columns: max-content auto; gap: .1em .8em; margin: 0 0 .5em; }
dl.meta dt { font-weight: bold; } dl.meta dd { margin: 0; }
table { border-collapse: collapse; margin: .3em 0 .8em; }
caption { text-align: left; font-weight: bold; padding: .2em 0; caption-side: top; }
th, td { border: 1px solid #000; padding: 2px 4px; vertical-align: top; text-align: left; overflow-wrap: anywhere; }
th { background: #d9d9d9; }
thead { display: table-header-group; }
tr { break-inside: avoid; }
div.keep, div.keep table { break-inside: avoid; }  /* small tables stay whole, with their caption */
thead { break-after: avoid; } tbody tr:first-child { break-before: avoid; }  /* no header left alone */
td.num { text-align: right; }
.rag { text-align: center; vertical-align: middle; font-weight: bold; }
.rag-red { background: #RED; color: #RED_INK; } .rag-amber { background: #AMBER; color: #AMBER_INK; }
.rag-green { background: #GREEN; color: #GREEN_INK; } .rag-blue { background: #BLUE; color: #BLUE_INK; }
.rag-none { background: #fff; color: #000; }
table.actions { width: 100%; table-layout: fixed; font-size: 9pt; }
table.actions col.ref { width: 4%; } table.actions col.text { width: 27%; } table.actions col.lead { width: 9%; }
table.actions col.time { width: 10%; } table.actions col.progress { width: 44%; } table.actions col.rag { width: 6%; }
table.actions th[scope=row] { background: none; }
.changed, em { font-style: italic; }
.status, .overdue { font-weight: bold; } .small { font-size: 8pt; }
.progress p, .text p { margin: 0 0 .2em; }
.criteria { font-size: 9pt; margin: 0 0 .3em; }
figure { margin: .5em 0 1em; break-inside: avoid; }
figcaption { font-weight: bold; margin: .2em 0; }
svg.chart { display: block; max-width: 100%; height: auto; }
.visually-hidden { position: absolute; width: 1px; height: 1px; margin: -1px; padding: 0; overflow: hidden;
  clip: rect(0 0 0 0); white-space: nowrap; border: 0; }
footer { margin-top: 2em; font-size: 8pt; color: #444; border-top: 1px solid #767676; padding-top: .3em; }
@media (forced-colors: active) {
  /* the RAG colours carry meaning beside their letters: keep them, with their own readable ink */
  .rag, svg.chart { forced-color-adjust: none; }
  th, td { border-color: CanvasText; }
}
@media print { body { margin: 0; max-width: none; padding: 0; } footer { display: none; }
  section.actions { break-before: page; } }
"""


def _e(text: str) -> str:
    """User text for HTML: escaped, line breaks kept."""
    return escape(text, quote=True).replace("\n", "<br>")


def _css_string(text: str) -> str:
    """Text as a CSS string literal that nothing in it can end (every non-alphanumeric escaped)."""
    return '"' + "".join(c if c.isalnum() or c == " " else f"\\{ord(c):x} " for c in text) + '"'


def _css(report: Report) -> str:
    css = CSS.replace("FOOTER", _css_string(report.footer))
    for rag in RAG_ORDER:
        fill, ink = RAG_COLOURS[rag]
        css = css.replace(f"#{rag.upper()}_INK", f"#{ink}").replace(f"#{rag.upper()};", f"#{fill};")
    return css


def rag_cell(rag: str | None, label: str | None = None, tag: str = "td", scope: str = "") -> str:
    name = rag or "none"
    scope_attribute = f' scope="{scope}"' if scope else ""
    text = escape(label) if label else f'{rag_letter(rag)}<span class="visually-hidden"> {RAG_NAMES[rag]}</span>'
    return f'<{tag}{scope_attribute} class="rag rag-{name}">{text}</{tag}>'


def render_html(report: Report) -> str:
    title = f"{report.title} – {report.heading}"
    out = [
        "<!DOCTYPE html>",
        '<html lang="en-GB">',
        "<head>",
        '<meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{_e(title)}</title>",
        f'<meta name="author" content="{escape(report.author, quote=True)}">',
        f'<meta name="description" content="{escape(report.italics_note, quote=True)}">',
        '<meta name="generator" content="ragtrack">',
        f"<style>{_css(report)}</style>",
        "</head>",
        "<body>",
        "<header>",
        f"<h1>{_e(report.title)}</h1>",
        f'<p class="as-at">{_e(report.heading)}</p>',
        '<dl class="meta">',
    ]
    for label, value in (
        ("Organisation", report.organisation),
        ("Overseen by", report.overseeing_body),
        ("Lead contact", report.lead_contact),
        ("Strategic lead", report.strategic_lead),
        ("Last review", report.review_label),
    ):
        if value:
            out.append(f"<dt>{label}</dt><dd>{_e(value)}</dd>")
    out += ["</dl>", f'<p class="note"><em>{_e(report.italics_note)}</em></p>']
    if report.changes_only:
        out.append("<p><strong>Only the actions that changed since the last review are listed.</strong></p>")
    out += ["</header>", "<main>"]
    out += _summary(report)
    out += _charts(report)
    out += _keys(report)
    out += _actions(report)
    out += ["</main>", f"<footer>{_e(report.footer)}</footer>", "</body>", "</html>", ""]
    return "\n".join(out)


def _summary(report: Report) -> list[str]:
    out = [
        '<section id="summary" aria-labelledby="summary-heading">',
        '<h2 id="summary-heading">Summary</h2>',
        '<table class="summary"><caption>Summary of the plan\'s actions</caption>',
        '<thead><tr><th scope="col">Measure</th><th scope="col">Actions</th></tr></thead><tbody>',
    ]
    for label, count in report.summary:
        rag = next((r for r in RAG_ORDER if RAG_NAMES[r] == label), None)
        head = rag_cell(rag, label, "th", "row") if rag else f'<th scope="row">{escape(label)}</th>'
        out.append(f'<tr>{head}<td class="num">{count}</td></tr>')
    out += ["</tbody></table>", "</section>"]
    return out


def _figure(chart: Chart, number: int) -> list[str]:
    return [
        f'<figure id="figure-{chart.key}">',
        svg(chart),
        f"<figcaption>Figure {number}: {escape(chart.title)}</figcaption>",
        "</figure>",
    ]


def _charts(report: Report) -> list[str]:
    out = ['<section id="charts" aria-labelledby="charts-heading">', '<h2 id="charts-heading">Charts</h2>']
    for number, chart in enumerate(charts(report), start=1):
        out += _figure(chart, number)
        if chart.key == "distribution":
            out.append(f'<p class="chart-text">{escape(chart.description)}</p>')
        else:
            out.append('<div class="keep"><table class="trend">')
            out.append("<caption>RAG ratings at each review and now (the figures of the chart)</caption><thead><tr>")
            for heading, rag in zip(TABLE_HEADINGS, (None, *RATINGS, None, None), strict=True):
                head = rag_cell(rag, heading, "th", "col") if rag in RAG_ORDER else f'<th scope="col">{heading}</th>'
                out.append(head)
            out.append("</tr></thead><tbody>")
            for when, *counts in trend_table(report.trend):
                cells = "".join(f'<td class="num">{v}</td>' for v in counts)
                out.append(f'<tr><th scope="row">{_e(when)}</th>{cells}</tr>')
            out.append("</tbody></table></div>")
    out.append("</section>")
    return out


def _keys(report: Report) -> list[str]:
    out = [
        '<section id="key" aria-labelledby="key-heading">',
        '<h2 id="key-heading">RAG key and definitions</h2>',
        '<table class="rag-key"><caption>What each RAG rating means in this plan</caption>',
        '<thead><tr><th scope="col">RAG</th><th scope="col">Rating</th><th scope="col">Definition</th></tr></thead>',
        "<tbody>",
    ]
    for rag, definition in report.rag_definitions:
        out.append(f'<tr>{rag_cell(rag)}<th scope="row">{escape(LABELS[rag])}</th><td>{_e(definition)}</td></tr>')
    out += ["</tbody></table>", "</section>"]
    if report.initials_key:
        out += [
            '<section id="initials" aria-labelledby="initials-heading">',
            '<h2 id="initials-heading">Key of initials</h2>',
            '<p class="initials">' + "; ".join(f"{_e(i)} = {_e(n)}" for i, n in report.initials_key) + "</p>",
            "</section>",
        ]
    if report.removed:
        out += ["<section>", "<h2>Removed from the plan since the last review</h2>", "<ul>"]
        out += [f"<li><em>{_e(line)}</em></li>" for line in report.removed]
        out += ["</ul>", "</section>"]
    return out


def _actions(report: Report) -> list[str]:
    out = ['<section class="actions" id="actions">']
    if not any(theme.name for theme in report.themes):
        out.append("<h2>Actions</h2>")
    if not any(True for _ in report.actions()):
        out.append(
            "<p>"
            + ("No action has changed since the last review." if report.changes_only else "No actions to report.")
            + "</p>"
        )
    for theme in report.themes:
        if theme.name:
            out.append(f'<h2 class="theme">{_e(theme.name)}</h2>')
        for objective in theme.objectives:
            out.append(f'<h3 class="objective">{_e(objective.heading)}</h3>')
            if objective.criteria:
                out.append(f'<p class="criteria">{_e(objective.criteria)}</p>')
            if not objective.actions:
                out.append("<p><em>No actions under this objective.</em></p>")
                continue
            out += [
                '<table class="actions">',
                f'<caption class="visually-hidden">Actions: {_e(objective.heading)}. {ACTIONS_DESCRIPTION}</caption>',
                '<colgroup><col class="ref"><col class="text"><col class="lead">'
                '<col class="time"><col class="progress"><col class="rag"></colgroup>',
                '<thead><tr><th scope="col">Ref</th><th scope="col">Milestones / Actions</th>'
                '<th scope="col">Lead (bold)</th><th scope="col">Timescale</th>'
                '<th scope="col">Progress ✓ = achievement to date ⇒ = next steps</th><th scope="col">RAG</th></tr>'
                "</thead><tbody>",
            ]
            out += [_action_row(action) for action in objective.actions]
            out.append("</tbody></table>")
    out.append("</section>")
    return out


def _action_row(action: ReportAction) -> str:
    classes = "action" + (" changed-row" if action.changed else "") + (" new" if action.new else "")
    text = _e(action.text)
    if action.new:
        text = f'<em class="changed">{text}</em>'
    if action.status != "open":
        text = f'<span class="status">{escape(action.status.upper())}:</span> {text}'
    leads = "/".join(
        f"<strong>{_e(lead.initials)}</strong>" if lead.primary else _e(lead.initials) for lead in action.leads
    )
    timescale = _e(action.timescale) or "–"
    if any(n.startswith("Re-dated") for n in action.notes):
        timescale = f'<em class="changed">{timescale}</em>'
    if action.due:
        timescale += f'<br><span class="small">due {uk_date(action.due)}</span>'
    if action.overdue:
        timescale += '<br><span class="overdue small">OVERDUE</span>'
    if action.redated_note:
        timescale += f'<br><strong class="small rolled">{_e(action.redated_note)}</strong>'
    progress = [f'<p class="changed"><em>{_e(note)}</em></p>' for note in action.notes]
    for entry in action.progress:
        line = _e(entry.line())
        progress.append(f'<p class="changed"><em>{line}</em></p>' if entry.new else f"<p>{line}</p>")
    return (
        f'<tr class="{classes}" id="action-{escape(action.id)}"><th scope="row">{_e(action.ref)}</th>'
        f'<td class="text">{text}</td><td class="lead">{leads}</td><td class="time">{timescale}</td>'
        f'<td class="progress">{"".join(progress)}</td>{rag_cell(action.rag)}</tr>'
    )
