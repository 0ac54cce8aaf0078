"""The correct reading of a document, row by row, and how a reading is scored against it.

A ``Want`` is one action as a careful officer would type it in: its reference, its objective's
text, its own text, its leads (primary first), its timescale as written, its progress, its RAG
rating and its status. A row is *fully right* when every one of these matches. Texts are
compared after light normalisation (whitespace, bullets, typographic quotes) so that a format's
way of carrying a line break does not count; words, numbers and punctuation do.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from difflib import SequenceMatcher

FIELDS = ("ref", "objective", "action", "leads", "timescale", "progress", "rag", "status", "theme")


@dataclass
class Want:
    action: str
    ref: str | None = None  # None: the document gives the action no reference of its own
    objective: str = ""  # the objective's text ("" when the document states none)
    leads: tuple[str, ...] = ()
    timescale: str = ""
    progress: tuple[str, ...] = ()
    rag: str | None = None
    status: str = "open"
    theme: str | None = None  # checked when given


@dataclass
class Got:
    """An action as the importer read it, in the same terms as ``Want``."""

    action: str
    ref: str
    objective: str
    leads: tuple[str, ...]
    timescale: str
    progress: tuple[str, ...]
    rag: str | None
    status: str
    theme: str | None


def got_from(plan) -> list[Got]:
    rows = []
    for objective in plan.objectives:
        for action in objective.actions:
            rows.append(
                Got(
                    action=action.text,
                    ref=action.ref,
                    objective=objective.text,
                    leads=tuple(o.name for o in action.leads),
                    timescale=action.timescale,
                    progress=tuple(p.text for p in action.progress),
                    rag=action.rag,
                    status=action.status,
                    theme=objective.theme,
                )
            )
    return rows


_QUOTES = str.maketrans({"‘": "'", "’": "'", "“": '"', "”": '"', "–": "-", "—": "-", "\u00a0": " "})
_BULLETS = re.compile(r"(?:^|\s)[•·▪◦●○\-*]\s+")
_HONORIFICS = re.compile(r"^(?:cllr|councillor|dr|mr|mrs|ms|miss)\.?\s+", re.IGNORECASE)


def norm(text: str | None) -> str:
    text = unicodedata.normalize("NFKC", text or "").translate(_QUOTES)
    text = _BULLETS.sub(" ", f" {text}")
    return " ".join(text.split())


def norm_lead(name: str) -> str:
    return _HONORIFICS.sub("", norm(name))


def mismatches(want: Want, got: Got) -> list[str]:
    """The fields in which ``got`` differs from ``want``."""
    wrong = []
    if want.ref is not None and norm(want.ref) != norm(got.ref):
        wrong.append("ref")
    if norm(want.objective) != norm(got.objective):
        wrong.append("objective")
    if norm(want.action) != norm(got.action):
        wrong.append("action")
    if [norm_lead(n) for n in want.leads] != [norm_lead(n) for n in got.leads]:
        wrong.append("leads")
    if norm(want.timescale) != norm(got.timescale):
        wrong.append("timescale")
    if norm(" ".join(want.progress)) != norm(" ".join(got.progress)):
        wrong.append("progress")
    if want.rag != got.rag:
        wrong.append("rag")
    if want.status != got.status:
        wrong.append("status")
    if want.theme is not None and norm(want.theme) != norm(got.theme):
        wrong.append("theme")
    return wrong


@dataclass
class Score:
    expected: int
    right: int = 0
    missing: int = 0  # expected rows with no action read for them
    spurious: int = 0  # actions read that no expected row accounts for
    wrong_fields: dict[str, int] = field(default_factory=dict)
    details: list[str] = field(default_factory=list)
    error: str | None = None  # the import refused the file


def score(wants: list[Want], gots: list[Got]) -> Score:
    """Pair expected and read rows in order (by their action texts) and count the fully right."""
    result = Score(len(wants))
    matcher = SequenceMatcher(
        a=[norm(w.action)[:60] for w in wants], b=[norm(g.action)[:60] for g in gots], autojunk=False
    )
    paired: dict[int, int] = {}
    for block in matcher.get_matching_blocks():
        for k in range(block.size):
            paired[block.a + k] = block.b + k
    # the same text read in another place (grouped under another objective): paired by its text
    by_text: dict[str, list[int]] = {}
    for j, got in enumerate(gots):
        if j not in paired.values():
            by_text.setdefault(norm(got.action), []).append(j)
    for i, want in enumerate(wants):
        if i not in paired and by_text.get(norm(want.action)):
            paired[i] = by_text[norm(want.action)].pop(0)
    # rows whose text differs: pair leftovers in order between the matched anchors
    used = set(paired.values())
    free = [j for j in range(len(gots)) if j not in used]
    for i in range(len(wants)):
        if i in paired:
            continue
        before = max((paired[k] for k in paired if k < i), default=-1)
        after = min((paired[k] for k in paired if k > i), default=len(gots))
        candidates = [j for j in free if before < j < after]
        if candidates:
            paired[i] = candidates[0]
            free.remove(candidates[0])
    result.spurious = len(gots) - len(paired)
    for i, want in enumerate(wants):
        if i not in paired:
            result.missing += 1
            result.details.append(f"missing: {want.ref or ''} {norm(want.action)[:70]!r}")
            continue
        got = gots[paired[i]]
        wrong = mismatches(want, got)
        if not wrong:
            result.right += 1
            continue
        for name in wrong:
            result.wrong_fields[name] = result.wrong_fields.get(name, 0) + 1
        shown = "; ".join(f"{name}: want {_field(want, name)!r} got {_field(got, name)!r}" for name in wrong)
        result.details.append(f"{want.ref or got.ref} {norm(want.action)[:40]!r}: {shown}")
    for j in free:
        result.details.append(f"spurious: {gots[j].ref} {norm(gots[j].action)[:70]!r}")
    return result


def _field(row, name: str):
    value = getattr(row, name)
    if isinstance(value, tuple):
        return [norm(v)[:60] for v in value] if name != "progress" else norm(" ".join(value))[:90]
    return norm(value)[:90] if isinstance(value, str) else value
