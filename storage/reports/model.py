"""One report data structure, built from the database; every renderer works from it alone.

The structure follows the committee papers the seeds show ("ONGOING ACTIONS – SUMMARY VERSION as
at 22/07/2015"): themes, then objectives, then actions with their leads, timescale, progress
(✓ achieved, ⇒ next) and RAG rating; what changed since the last review is marked so renderers
can set it in italics. All user text is cleaned here once (``clean``): control characters are
shown as escapes (``\\x1b``), so no renderer can be broken by them (XML forbids most of them).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date

from models.domain import DEFAULT_RAG_DEFINITIONS
from models.text import visible_text
from storage.db import ActionFilter, ReadTxn

#: The RAG colours of the reports: (fill, text) as RGB hex. Text colours keep contrast >= 4.5.
RAG_COLOURS: dict[str | None, tuple[str, str]] = {
    "red": ("C00000", "FFFFFF"),
    "amber": ("FFC000", "000000"),
    "green": ("00B050", "000000"),
    "blue": ("0070C0", "FFFFFF"),
    None: ("FFFFFF", "000000"),
}
RAG_ORDER = ("red", "amber", "green", "blue")
RAG_NAMES = {"red": "Red", "amber": "Amber", "green": "Green", "blue": "Blue", None: "Not rated", "none": "Not rated"}
SYMBOLS = {"achieved": "✓", "next": "⇒", "note": "•"}
#: What an action table holds, for screen readers (Word's table description, HTML's caption).
ACTIONS_DESCRIPTION = (
    "One row per action: its reference, the action, the lead officers' initials (the primary lead in bold), "
    "the timescale, progress (✓ achievement to date, ⇒ next steps) and the RAG rating as a letter on its colour. "
    "Updates since the last review are in italics."
)


def clean(text: str | None) -> str:
    """User text made safe for every format: control characters shown as escapes, and the two
    characters XML can never hold (U+FFFE, U+FFFF) replaced."""
    return visible_text(text).replace("\ufffe", "\\ufffe").replace("\uffff", "\\uffff")


def rag_letter(rag: str | None) -> str:
    return rag[0].upper() if rag else "–"


def uk_date(day: date | None) -> str:
    return day.strftime("%d/%m/%Y") if day else ""


@dataclass(frozen=True)
class Lead:
    name: str
    initials: str
    primary: bool


@dataclass(frozen=True)
class Entry:
    """A progress entry: ✓ achieved, ⇒ next step or • note; ``new`` since the last review."""

    kind: str
    day: date | None
    text: str
    new: bool = False

    @property
    def symbol(self) -> str:
        return SYMBOLS.get(self.kind, "•")

    def line(self) -> str:
        return f"{self.symbol} " + (f"{uk_date(self.day)} – " if self.day else "") + self.text


@dataclass(frozen=True)
class ReportAction:
    id: str
    ref: str
    text: str
    leads: tuple[Lead, ...]
    timescale: str
    due: date | None
    overdue: bool
    status: str
    rag: str | None
    progress: tuple[Entry, ...]  # achievements and notes oldest first, then next steps
    last_update: date | None = None
    new: bool = False  # added since the last review
    changed: bool = False  # anything changed since the last review
    notes: tuple[str, ...] = ()  # what changed since the review (progress apart), for italics
    redated_total: int = 0
    first_timescale: str = ""
    rag_at_review: str | None = None

    @property
    def lead_initials(self) -> str:
        return "/".join(lead.initials for lead in self.leads)

    @property
    def change_summary(self) -> str:
        """Notes plus a count of new progress: one text for the tabular formats."""
        lines = list(self.notes)
        fresh = sum(1 for e in self.progress if e.new)
        if fresh:
            lines.append(f"{fresh} new progress entr{'y' if fresh == 1 else 'ies'}")
        return "\n".join(lines)

    @property
    def redated_note(self) -> str:
        """ "Re-dated 3 times (first: 04/14)" when rolled forward more than once, else ""."""
        if self.redated_total < 2:
            return ""
        return f"Re-dated {self.redated_total} times (first: {self.first_timescale or 'none'})"


@dataclass(frozen=True)
class Objective:
    ref: str
    text: str
    criteria: str
    actions: tuple[ReportAction, ...]

    @property
    def heading(self) -> str:
        return f"Objective {self.ref}. {self.text}".strip() if self.ref else self.text


@dataclass(frozen=True)
class Theme:
    name: str  # "" when the plan has no themes
    objectives: tuple[Objective, ...]


@dataclass(frozen=True)
class TrendColumn:
    label: str
    counts: dict[str, int]  # red, amber, green, blue, none
    withdrawn: int
    is_now: bool


@dataclass(frozen=True)
class Report:
    title: str
    organisation: str
    overseeing_body: str
    lead_contact: str
    strategic_lead: str
    as_at: date
    review_label: str  # "" when the plan has no review yet
    review_as_at: date | None
    rag_definitions: tuple[tuple[str | None, str], ...]  # (rag, definition), None = not rated
    initials_key: tuple[tuple[str, str], ...]  # (initials, name)
    themes: tuple[Theme, ...]
    summary: tuple[tuple[str, int], ...]  # (label, count)
    trend: tuple[TrendColumn, ...]
    removed: tuple[str, ...] = ()  # "2f Trial a joint working approach" (deleted since the review)
    changes_only: bool = False

    @property
    def heading(self) -> str:
        return f"ONGOING ACTIONS – SUMMARY VERSION as at {uk_date(self.as_at)}"

    @property
    def footer(self) -> str:
        return f"{self.title} – summary version as at {uk_date(self.as_at)}"

    @property
    def author(self) -> str:
        """Who the document is by (its metadata): the plan's lead contact, else its organisation."""
        return self.lead_contact or self.organisation or self.overseeing_body or "ragtrack"

    @property
    def italics_note(self) -> str:
        if self.review_as_at is None:
            return "No review has been recorded yet, so no updates are marked as new."
        return f"Updates since the last review ({uk_date(self.review_as_at)}) are shown in italics."

    @property
    def has_trend(self) -> bool:
        """A trend needs at least one review besides now."""
        return len(self.trend) > 1

    def actions(self):
        for theme in self.themes:
            for objective in theme.objectives:
                for action in objective.actions:
                    yield theme, objective, action


def _initials(name: str) -> str:
    words = [w for w in name.replace("-", " ").split() if w[:1].isalpha()]
    return "".join(w[0].upper() for w in words) or name[:3]


def build_report(txn: ReadTxn, plan_id: str, as_at: date | None = None, changes_only: bool = False) -> Report:
    """The report of one plan as at ``as_at`` (default: today), which also dates "overdue"."""
    from storage.reviews import changes_since_review, latest_review, rag_trend

    as_at = as_at or date.today()
    plan = txn.plans.facts(plan_id)
    review = latest_review(txn, plan_id)
    changes = changes_since_review(txn, plan_id, review.id) if review else {}
    rows = txn.actions.list(ActionFilter(plan_ids=(plan_id,)), today=as_at)
    progress = txn.actions.progress([r.id for r in rows])
    leads: dict[str, list[Lead]] = {}
    key: dict[str, str] = {}
    for action_id, name, initials, position in txn.reviews.plan_leads(plan_id):
        short = clean((initials or "").strip() or _initials(name))
        if key.get(short, clean(name)) != clean(name):  # two officers, same initials: use the name
            short = clean(name)
        key.setdefault(short, clean(name))
        leads.setdefault(action_id, []).append(Lead(clean(name), short, position == 0))

    history = txn.reviews.timescale_history(plan_id)
    items: list[tuple[str, ReportAction]] = []
    for row in rows:
        change = changes.get(row.id)
        fresh = {p.id for p in change.new_progress} if change else set()
        entries = [Entry(p.kind, p.entry_date, clean(p.text), p.id in fresh) for p in reversed(progress[row.id])]
        entries = [e for e in entries if e.kind != "next"] + [e for e in entries if e.kind == "next"]
        redated, first = history.get(row.id, (0, ""))
        items.append(
            (
                row.objective_id,
                ReportAction(
                    id=row.id,
                    ref=clean(row.ref),
                    text=clean(row.text),
                    leads=tuple(leads.get(row.id, ())),
                    timescale=clean(row.timescale),
                    due=row.due,
                    overdue=row.overdue,
                    status=row.status,
                    rag=row.rag,
                    progress=tuple(entries),
                    last_update=row.last_update,
                    new=bool(change and change.new),
                    changed=bool(change and change.changed),
                    notes=tuple(clean(n) for n in change.notes()) if change else (),
                    redated_total=redated,
                    first_timescale=clean(first),
                    rag_at_review=change.at_review.rag if change and change.at_review else None,
                ),
            )
        )
    actions: dict[str, list[ReportAction]] = {}
    for objective_id, item in items:
        if item.changed or not changes_only:
            actions.setdefault(objective_id, []).append(item)

    groups: list[tuple[str | None, list[Objective]]] = []
    theme_names = txn.plans.theme_names(plan_id)
    for objective in txn.plans.report_objectives(plan_id):
        if objective.id not in actions and changes_only:
            continue
        if not groups or groups[-1][0] != objective.theme_id:
            groups.append((objective.theme_id, []))
        groups[-1][1].append(
            Objective(
                clean(objective.ref),
                clean(objective.text),
                clean(objective.criteria),
                tuple(actions.get(objective.id, ())),
            )
        )
    themes = tuple(Theme(clean(theme_names.get(tid, "")), tuple(objs)) for tid, objs in groups)

    trend = tuple(
        TrendColumn(f"Now ({uk_date(as_at)})" if p.is_now else p.label, p.counts, p.withdrawn, p.is_now)
        for p in rag_trend(txn, plan_id, as_at)
    )
    removed = tuple(
        clean(_first_line(*found) + (f" ({change.moved})" if change.moved else ""))
        for action_id, change in changes.items()
        if change.removed and (found := txn.reviews.ref_and_text(action_id)) is not None
    )
    return Report(
        title=clean(plan.title),
        organisation=clean(plan.organisation),
        overseeing_body=clean(plan.overseeing_body),
        lead_contact=clean(plan.lead_contact),
        strategic_lead=clean(plan.strategic_lead),
        as_at=as_at,
        review_label=clean(review.title) if review else "",
        review_as_at=review.as_at if review else None,
        rag_definitions=_definitions(plan.rag_definitions, rows),
        initials_key=tuple(sorted(key.items())),
        themes=themes,
        summary=_summary([i for _, i in items], changes, trend[-1]),
        trend=trend,
        removed=removed,
        changes_only=changes_only,
    )


def _first_line(ref: str, text: str) -> str:
    """ "2f Trial a joint working approach": a removed action as the report names it."""
    first = text.strip().splitlines()[0] if text.strip() else ""
    return f"{ref} {first}".strip()


def _definitions(text: str | None, rows) -> tuple[tuple[str | None, str], ...]:
    try:
        own = {k.lower(): v for k, v in json.loads(text or "{}").items() if isinstance(v, str) and v.strip()}
    except (ValueError, AttributeError):
        own = {}
    chosen = own or dict(DEFAULT_RAG_DEFINITIONS)
    used = {r.rag for r in rows}
    result = [
        (rag, clean(chosen.get(rag) or DEFAULT_RAG_DEFINITIONS[rag]))
        for rag in RAG_ORDER
        if rag in chosen or rag in used
    ]
    if None in used:
        result.append((None, "Not rated yet (a new action, or no rating given)"))
    return tuple(result)


def _summary(items: list[ReportAction], changes, now: TrendColumn) -> tuple[tuple[str, int], ...]:
    """Counts for the summary table, over the whole plan (also in a changes-only report)."""
    changed = [c for c in changes.values() if c.changed and not c.removed]
    return (
        *[(RAG_NAMES[rag], now.counts[rag]) for rag in (*RAG_ORDER, "none")],
        ("Total (open and complete)", sum(now.counts.values())),
        ("Complete", sum(1 for i in items if i.status == "complete")),
        ("Withdrawn or superseded", now.withdrawn),
        ("Overdue (open, past due date)", sum(1 for i in items if i.overdue)),
        ("Changed since the last review", len(changed)),
        ("New since the last review", sum(1 for c in changed if c.new)),
        ("Re-dated since the last review", sum(1 for c in changed if c.redates)),
        ("RAG moved since the last review", sum(1 for c in changed if c.rag_moves)),
        ("Re-dated more than once in all", sum(1 for i in items if i.redated_total >= 2)),
    )
