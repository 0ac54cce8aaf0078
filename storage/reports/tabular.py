"""The report as CSV (one row per action) and as Markdown (the committee layout in plain text).

CSV cells go through ``spreadsheet_safe``, so a cell that begins with = + - @ or a tab is never
run as a formula when the file is opened in a spreadsheet. Markdown escapes the characters that
would turn user text into markup (emphasis, links, HTML, table pipes).
"""

from __future__ import annotations

import csv
import io
import re

from models.text import spreadsheet_safe
from storage.reports.chart import TABLE_HEADINGS, trend_table
from storage.reports.model import RAG_NAMES, Report, ReportAction, rag_letter, uk_date

#: The columns of the one-row-per-action formats (CSV and XLSX): (heading, width in characters).
ACTION_COLUMNS = (
    ("Theme", 16),
    ("Objective", 30),
    ("Ref", 6),
    ("Action", 50),
    ("Leads", 12),
    ("Lead names", 24),
    ("Timescale", 14),
    ("Due", 11),
    ("Overdue", 9),
    ("Status", 11),
    ("RAG", 7),
    ("Progress", 70),
    ("Changed since last review", 40),
    ("Times re-dated", 9),
    ("Last update", 11),
)


def action_values(report: Report) -> list[tuple[ReportAction, list]]:
    """Each action with its row of values, in ACTION_COLUMNS order (dates as dates, RAG as name)."""
    rows = []
    for theme, objective, action in report.actions():
        rows.append(
            (
                action,
                [
                    theme.name,
                    objective.heading,
                    action.ref,
                    action.text,
                    action.lead_initials,
                    "; ".join(lead.name for lead in action.leads),
                    action.timescale,
                    action.due,
                    "yes" if action.overdue else "",
                    action.status,
                    RAG_NAMES[action.rag],
                    "\n".join(entry.line() for entry in action.progress),
                    action.change_summary,
                    action.redated_total,
                    action.last_update,
                ],
            )
        )
    return rows


def render_csv(report: Report) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow([heading for heading, _ in ACTION_COLUMNS])
    for _, values in action_values(report):
        writer.writerow([spreadsheet_safe(_text(v)) for v in values])
    return out.getvalue()


def _text(value) -> str:
    if value is None:
        return ""
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return str(value)


# --- Markdown --------------------------------------------------------------------------------
_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]<>|#!~&])")
RAG_MARK = {"red": "🟥 R", "amber": "🟧 A", "green": "🟩 G", "blue": "🟦 B", None: "–"}


def md(text: str) -> str:
    """User text for Markdown: markup characters escaped, line breaks as <br>, no table breaks."""
    return _MD_SPECIAL.sub(r"\\\1", text).replace("\r", "").replace("\n", "<br>")


def _italic(text: str) -> str:
    return "<br>".join(f"*{line}*" if line.strip() else line for line in md(text).split("<br>"))


def _table(headings, rows) -> list[str]:
    lines = ["| " + " | ".join(headings) + " |", "|" + "|".join("---" for _ in headings) + "|"]
    lines += ["| " + " | ".join(row) + " |" for row in rows]
    return [*lines, ""]


def render_markdown(report: Report) -> str:
    out = [f"# {md(report.title)}", "", f"**{md(report.heading)}**", ""]
    for label, value in (
        ("Organisation", report.organisation),
        ("Overseen by", report.overseeing_body),
        ("Lead contact", report.lead_contact),
        ("Strategic lead", report.strategic_lead),
        ("Last review", report.review_label),
    ):
        if value:
            out.append(f"- **{label}:** {md(value)}")
    out += ["", _italic(report.italics_note), ""]
    if report.changes_only:
        out += ["**Only the actions that changed since the last review are listed.**", ""]
    out += ["## Summary", ""]
    out += _table([md(label) for label, _ in report.summary], [[str(count) for _, count in report.summary]])
    if report.has_trend:
        out += ["## RAG trend across reviews", ""]
        out += _table(list(TABLE_HEADINGS), [[md(when), *counts] for when, *counts in trend_table(report.trend)])
    out += ["## RAG key and definitions", ""]
    out += _table(
        ["", "Rating", "Definition"],
        [[RAG_MARK[rag], RAG_NAMES[rag], md(definition)] for rag, definition in report.rag_definitions],
    )
    if report.initials_key:
        out += ["## Key of initials", "", "; ".join(f"{md(i)} = {md(n)}" for i, n in report.initials_key), ""]
    if report.removed:
        out += ["## Removed from the plan since the last review", ""]
        out += [f"- {_italic(line)}" for line in report.removed] + [""]
    if not any(True for _ in report.actions()):
        out += ["No action has changed since the last review." if report.changes_only else "No actions to report.", ""]
    for theme in report.themes:
        if theme.name:
            out += [f"## {md(theme.name)}", ""]
        for objective in theme.objectives:
            out += [f"### {md(objective.heading)}", ""]
            if objective.criteria:
                out += [md(objective.criteria), ""]
            if not objective.actions:
                out += ["*No actions under this objective.*", ""]
                continue
            out += _table(
                [
                    "Ref",
                    "Milestones / Actions",
                    "Lead (bold)",
                    "Timescale",
                    "Progress ✓ = achievement to date ⇒ = next steps",
                    "RAG",
                ],
                [_md_row(action) for action in objective.actions],
            )
    out += ["---", "", f"*{md(report.footer)}*", ""]
    return "\n".join(out)


def _md_row(action: ReportAction) -> list[str]:
    text = _italic(action.text) if action.new else md(action.text)
    if action.status != "open":
        text = f"**{action.status.upper()}:** {text}"
    leads = "/".join(f"**{md(lead.initials)}**" if lead.primary else md(lead.initials) for lead in action.leads)
    redated = any(n.startswith("Re-dated") for n in action.notes)
    timescale = [(_italic(action.timescale) if redated else md(action.timescale)) or "–"]
    if action.due:
        timescale.append(f"due {uk_date(action.due)}")
    if action.overdue:
        timescale.append("**OVERDUE**")
    if action.redated_note:
        timescale.append(f"**{md(action.redated_note)}**")
    progress = [_italic(note) for note in action.notes]
    progress += [_italic(e.line()) if e.new else md(e.line()) for e in action.progress]
    return [
        f"**{md(action.ref)}**",
        text,
        leads,
        "<br>".join(timescale),
        "<br>".join(progress),
        f"{RAG_MARK[action.rag]}" if action.rag else rag_letter(None),
    ]
