"""The committee report as one self-contained, printable HTML file.

Inline CSS, an inline SVG chart, no script, no font or image from the network: it opens from a
USB stick or an email attachment and prints on landscape A4. Every piece of user text goes
through ``html.escape`` (``_e``); the footer text in the print CSS is written as CSS escapes.
"""

from __future__ import annotations

from html import escape

from storage.reports.model import RAG_COLOURS, RAG_NAMES, RAG_ORDER, Report, ReportAction, rag_letter, uk_date
from storage.reports.trend import TABLE_HEADINGS, trend_svg, trend_table

CSS = """
@page { size: A4 landscape; margin: 12mm 12mm 16mm 12mm;
  @bottom-center { content: FOOTER " \\2014  Page " counter(page) " of " counter(pages); font: 8pt Arial, sans-serif; } }
* { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
body { font: 10pt/1.35 Arial, Helvetica, sans-serif; color: #000; margin: 1.5em auto; max-width: 1200px; padding: 0 1em; }
h1 { font-size: 20pt; margin: 0 0 .2em; color: #1f3864; border-bottom: 2px solid #2f5496; }
h2 { font-size: 14pt; color: #2f5496; margin: 1.2em 0 .3em; }
h3 { font-size: 11pt; color: #2f5496; margin: 1em 0 .3em; break-after: avoid; }
p.as-at { font-weight: bold; font-size: 12pt; color: #2f5496; margin: .2em 0 .6em; }
dl.meta { display: grid; grid-template-columns: max-content auto; gap: .1em .8em; margin: 0 0 .5em; }
dl.meta dt { font-weight: bold; } dl.meta dd { margin: 0; }
table { border-collapse: collapse; margin: .3em 0 .8em; }
th, td { border: 1px solid #000; padding: 2px 4px; vertical-align: top; text-align: left; }
th { background: #d9d9d9; }
thead { display: table-header-group; }
tr { break-inside: avoid; }
td.num { text-align: right; }
td.rag, th.rag { text-align: center; vertical-align: middle; font-weight: bold; min-width: 2.2em; }
.rag-red { background: #RED; color: #RED_INK; } .rag-amber { background: #AMBER; color: #AMBER_INK; }
.rag-green { background: #GREEN; color: #GREEN_INK; } .rag-blue { background: #BLUE; color: #BLUE_INK; }
.rag-none { background: #fff; color: #000; }
table.actions { width: 100%; table-layout: fixed; font-size: 9pt; }
table.actions col.ref { width: 4%; } table.actions col.text { width: 27%; } table.actions col.lead { width: 9%; }
table.actions col.time { width: 10%; } table.actions col.progress { width: 44%; } table.actions col.rag { width: 6%; }
.changed, em { font-style: italic; }
.status { font-weight: bold; } .overdue { font-weight: bold; } .small { font-size: 8pt; }
.progress p, .text p { margin: 0 0 .2em; }
.criteria { font-size: 9pt; margin: 0 0 .3em; }
footer { margin-top: 2em; font-size: 8pt; color: #444; border-top: 1px solid #999; padding-top: .3em; }
@media print { body { margin: 0; max-width: none; padding: 0; } footer { display: none; }
  section.actions { break-before: page; } svg.trend-chart { max-width: 100%; height: auto; } }
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


def rag_td(rag: str | None, label: str | None = None, tag: str = "td") -> str:
    name = rag or "none"
    return f'<{tag} class="rag rag-{name}" title="{escape(RAG_NAMES[rag])}">{escape(label or rag_letter(rag))}</{tag}>'


def render_html(report: Report) -> str:
    out = [
        "<!DOCTYPE html>",
        '<html lang="en-GB">',
        "<head>",
        '<meta charset="utf-8">',
        f"<title>{_e(report.title)} – {_e(report.heading)}</title>",
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
    out.append("</header>")
    out += _summary(report)
    out += _keys(report)
    out += _actions(report)
    out += [f"<footer>{_e(report.footer)}</footer>", "</body>", "</html>", ""]
    return "\n".join(out)


def _summary(report: Report) -> list[str]:
    out = ['<section id="summary">', "<h2>Summary</h2>", '<table class="summary"><thead><tr>']
    for label, _ in report.summary:
        rag = next((r for r in RAG_ORDER if RAG_NAMES[r] == label), None)
        out.append(rag_td(rag, label, "th") if rag else f"<th>{escape(label)}</th>")
    out.append("</tr></thead><tbody><tr>")
    out += [f'<td class="num">{count}</td>' for _, count in report.summary]
    out += ["</tr></tbody></table>", "</section>"]
    if report.has_trend:
        out += [
            '<section id="trend">',
            "<h2>RAG trend across reviews</h2>",
            trend_svg(report.trend),
            '<table class="trend"><thead><tr>',
        ]
        for heading, rag in zip(TABLE_HEADINGS, (None, *RAG_ORDER, "none", None, None), strict=False):
            out.append(rag_td(rag, heading, "th") if rag in RAG_ORDER else f"<th>{escape(heading)}</th>")
        out.append("</tr></thead><tbody>")
        for row in trend_table(report.trend):
            out.append(
                "<tr>" + f"<th>{_e(row[0])}</th>" + "".join(f'<td class="num">{v}</td>' for v in row[1:]) + "</tr>"
            )
        out += ["</tbody></table>", "</section>"]
    return out


def _keys(report: Report) -> list[str]:
    out = ['<section id="key">', "<h2>RAG key and definitions</h2>", '<table class="rag-key"><tbody>']
    for rag, definition in report.rag_definitions:
        out.append(f"<tr>{rag_td(rag)}<th>{escape(RAG_NAMES[rag])}</th><td>{_e(definition)}</td></tr>")
    out.append("</tbody></table>")
    if report.initials_key:
        out += [
            "<h2>Key of initials</h2>",
            '<p class="initials">' + "; ".join(f"{_e(i)} = {_e(n)}" for i, n in report.initials_key) + "</p>",
        ]
    if report.removed:
        out += ["<h2>Removed from the plan since the last review</h2>", "<ul>"]
        out += [f"<li><em>{_e(line)}</em></li>" for line in report.removed]
        out.append("</ul>")
    out.append("</section>")
    return out


def _actions(report: Report) -> list[str]:
    out = ['<section class="actions" id="actions">']
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
                '<table class="actions"><colgroup><col class="ref"><col class="text"><col class="lead">'
                '<col class="time"><col class="progress"><col class="rag"></colgroup>',
                "<thead><tr><th>Ref</th><th>Milestones / Actions</th><th>Lead (bold)</th><th>Timescale</th>"
                "<th>Progress ✓ = achievement to date ⇒ = next steps</th><th>RAG</th></tr></thead><tbody>",
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
        f'<tr class="{classes}" id="action-{escape(action.id)}"><td><strong>{_e(action.ref)}</strong></td>'
        f'<td class="text">{text}</td><td class="lead">{leads}</td><td class="time">{timescale}</td>'
        f'<td class="progress">{"".join(progress)}</td>{rag_td(action.rag)}</tr>'
    )
