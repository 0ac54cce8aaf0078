"""The names councils give a table's columns, and how a header is matched against them.

``SYNONYMS`` lists, per field, the header names that say a column feeds it (best first);
``score_header`` says how strongly a header names a field. ``columns`` weighs this against what
the values under the header look like.
"""

from __future__ import annotations

import re
from functools import lru_cache

#: The fields a column can feed. ``note`` keeps the column's values as labelled progress notes;
#: ``ignore`` drops the column; ``plan`` names the plan.
FIELDS = (
    "ref",
    "objective",
    "action",
    "lead",
    "timescale",
    "progress",
    "rag",
    "status",
    "theme",
    "note",
    "plan",
    "ignore",
)
#: Fields several columns may feed at once (their texts are joined or kept apart).
MULTI_FIELDS = frozenset({"progress", "lead", "note", "ignore"})

#: Header names, best first, per field. An exact name is "recognised"; a header that starts with
#: or contains one of them is "guessed" (and shown as such in the preview).
SYNONYMS: dict[str, tuple[str, ...]] = {
    "ref": (
        "ref",
        "ref no",
        "reference",
        "reference number",
        "rec no",
        "rec",
        "rec number",
        "recommendation no",
        "recommendation number",
        "no",
        "number",
        "action ref",
        "action no",
        "action number",
        "item no",
        "minute ref",
        "minute no",
        "min ref",
        "id",
        "#",
    ),
    "objective": (
        "objective",
        "recommendation",
        "driver",
        "key objective",
        "objectives",
        "recommendations",
        "original recommendation",
        "aim",
        "priority",
        "goal",
        "area for improvement",
        "improvement area",
        "strategic objective",
        "key driver",
        "item",
        "relevant item",
        "agenda item",
        "paper",
        "item area",
        "subject",
        "topic",
        "issue",
        "governance issue",
        "finding",
        "issue identified",
        "key issue",
    ),
    "action": (
        "action",
        "actions",
        "milestone",
        "milestones",
        "milestones actions",
        "agreed action",
        "agreed actions",
        "action required",
        "actions required",
        "specific actions",
        "sub action",
        "sub actions",
        "action progress",
        "title",
        "task",
        "tasks",
        "activity",
        "activities",
        "what",
        "description",
        "action description",
        "what we will do",
        "key actions",
        "planned action",
        "measure",
        "measures",
        "management action",
        "agreed management action",
        "proposed action",
        "response",
    ),
    "lead": (
        "lead",
        "lead names",
        "leads",
        "lead officer",
        "lead officers",
        "lead officer em",
        "lead responsibility",
        "lead member",
        "responsible officer",
        "responsible officers",
        "responsible",
        "responsibility",
        "who is responsible",
        "who is responsible for action",
        "councillor responsible",
        "officer responsible",
        "owner",
        "action owner",
        "officer",
        "who",
        "by whom",
        "action by",
        "lead person",
        "accountable officer",
        "lead initials",
        "lead agency",
        "lead partner",
    ),
    "timescale": (
        "timescale",
        "timescales",
        "time scale",
        "timeframe",
        "time frame",
        "timetable",
        "by when",
        "when by",
        "target date",
        "deadline",
        "due date",
        "completion date",
        "target",
        "when",
        "time",
        "target completion",
        "target completion date",
        "due by",
        "end date",
        "date due",
        "due",
        "action date",
        "review date",
        "timescale and review date",
        "review timescale",
        "action completed by",
        "completed by",
        "to be completed by",
        "date of implementation",
        "implementation date",
        "year to action",
        "date",
        "new date",
        "revised date",
        "new target date",
        "revised target date",
        "revised due date",
        "revised completion date",
        "new deadline",
        "revised deadline",
        "revised timescale",
    ),
    "progress": (
        "progress",
        "update",
        "updates",
        "comments",
        "comment",
        "progress update",
        "progress to date",
        "update on progress",
        "commentary",
        "notes",
        "progress notes",
        "latest update",
        "progress and next steps",
        "position statement",
        "action taken",
        "actions taken",
        "action update",
        "current position",
        "current status update",
    ),
    "rag": ("rag", "rag rating", "rag status", "rating", "r a g", "rag rag", "red amber green"),
    "status": (
        "status",
        "action status",
        "state",
        "achieved",
        "complete",
        "completed",
        "closed",
        "done",
        "date completed",
        "implemented",
    ),
    "theme": (
        "theme",
        "themes",
        "section",
        "workstream",
        "work stream",
        "priority area",
        "area",
        "strand",
        "portfolio",
        "directorate",
        "service area",
        "domain",
    ),
    "plan": ("plan", "plan title", "action plan"),
    "note": (
        "origin",
        "meeting",
        "implementation",
        "frequency",
        "important actions",
        "action month",
        "performance indicator",
        "performance indicators",
        "expected outcome",
        "outcome",
        "outcomes",
        "output",
        "measure of success",
        "success criteria",
        "evidence",
        "resource",
        "resources",
        "monitored by",
        "risk",
        "priority level",
        # the executive answering for a recommendation, beside the officer who acts on it
        "portfolio holder",
        "cabinet member",
        "executive member",
        "decision maker",
        "executive decision maker",
    ),
    "ignore": (
        "overdue",
        "last update",
        "last updated",
        "updated",
        "changed since last review",
        "times re dated",
        "date added",
        "date raised",
        "rag trend",
        "previous rag",
    ),
}
_PRIORITY = (
    "ignore",
    "note",
    "ref",
    "objective",
    "action",
    "lead",
    "timescale",
    "progress",
    "rag",
    "status",
    "theme",
    "plan",
)
_HEADER_MAX = 80  # longer cells are data, not column names


@lru_cache(maxsize=65536)
def normal_header(text: str) -> str:
    """A header compared loosely: lower case, no parenthesised notes or footnote markers, no
    symbols or legends."""
    text = re.split(r"[✓✔⇒→]", text, maxsplit=1)[0]
    # "(see note)", and footnote markers: "Response[iii]", "Timetable [4]"
    text = re.sub(r"\([^)]*\)|\[[^\]]{0,6}\]", " ", text.lower()).replace("&", " and ")
    text = re.sub(r"[^\w#]+", " ", text)
    return " ".join(text.split())


_EXACT: dict[str, tuple[int, str]] = {}
_PHRASES: dict[str, list[tuple[tuple[str, ...], int, str]]] = {}  # first word -> (words, -rank, field)
for _field in _PRIORITY:
    for _rank, _synonym in enumerate(SYNONYMS[_field]):
        _EXACT.setdefault(_synonym, (-_rank, _field))
        _PHRASES.setdefault(_synonym.split()[0], []).append((tuple(_synonym.split()), -_rank, _field))


@lru_cache(maxsize=4096)
def score_header(text: str) -> tuple[int, int, str]:
    """(strength, -rank, field): 3 exact name, 2 starts with a name, 1 contains one, 0 none. A
    name at the start beats one inside; then the longest wins ("Agreed Action and Date of
    Implementation" is the action, "Action Completed by" the timescale)."""
    if len(text) > _HEADER_MAX:
        return 0, 0, "ignore"
    name = normal_header(text)
    if not name:
        return 0, 0, "ignore"
    if name in _EXACT:
        rank, field_name = _EXACT[name]
        return 3, rank, field_name
    words = tuple(name.split())
    best = (0, 0, 0, "ignore")  # strength, length, rank, field
    for start, word in enumerate(words):
        for phrase, rank, field_name in _PHRASES.get(word, ()):
            if words[start : start + len(phrase)] != phrase:
                continue
            if start == 0:
                strength = 2
            elif len(" ".join(phrase)) > 2:
                strength = 1
            else:
                continue
            if (strength, len(phrase), rank) > (best[0], best[1], best[2]):
                best = (strength, len(phrase), rank, field_name)
    return best[0], best[2], best[3]
