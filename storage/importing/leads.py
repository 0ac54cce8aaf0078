"""Read a "lead officer" cell into people: names, initials and job titles, primary first.

Lead cells are free text written by many hands:
"Dominic Tumelty Head of Service, Children We Look After", "Head of Service, Dominic Tumelty",
"Head of Virtual School Sarah Platt and Paul Ross", "MC/LM", "Jackie Roper Keith Lander",
"Carly Quinn, Team Manager, Futures and Helen Sharratt, Children and Young People
Consultation Officer". A *name* is 2-3 capitalised words outside a job-title vocabulary;
everything else next to it is its job title. Teams ("Council Communications team") are only
kept as leads when the cell names nobody else. Whatever is guessed is reported in ``notes``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

from storage.importing.document import ImportedOfficer
from storage.importing.markup import html_fragments, to_latin

#: Words that make a capitalised run a job title or a team, never a name.
TITLE_WORDS = frozenset(
    [
        "head",
        "heads",
        "service",
        "services",
        "manager",
        "managers",
        "director",
        "directors",
        "officer",
        "officers",
        "team",
        "teams",
        "lead",
        "leads",
        "leader",
        "school",
        "schools",
        "council",
        "assistant",
        "principal",
        "deputy",
        "chief",
        "executive",
        "coordinator",
        "co-ordinator",
        "adviser",
        "advisor",
        "teacher",
        "worker",
        "workers",
        "consultant",
        "consultation",
        "participation",
        "project",
        "place",
        "delivery",
        "programme",
        "partnership",
        "partnerships",
        "board",
        "group",
        "forum",
        "panel",
        "committee",
        "chair",
        "member",
        "members",
        "children",
        "child",
        "young",
        "people",
        "care",
        "looked",
        "look",
        "after",
        "we",
        "our",
        "the",
        "of",
        "for",
        "and",
        "in",
        "to",
        "by",
        "with",
        "virtual",
        "fostering",
        "adoption",
        "futures",
        "social",
        "education",
        "educations",
        "employment",
        "skills",
        "training",
        "commercialisation",
        "organisational",
        "design",
        "development",
        "procurement",
        "ways",
        "work",
        "operations",
        "targeted",
        "transition",
        "area",
        "network",
        "unit",
        "department",
        "communications",
        "strategy",
        "strategic",
        "policy",
        "finance",
        "health",
        "housing",
        "leavers",
        "leaver",
        "support",
        "family",
        "families",
        "early",
        "help",
        "safeguarding",
        "quality",
        "performance",
        "business",
        "commissioning",
        "senior",
        "interim",
        "acting",
        "joint",
        "facilitated",
        "authority",
        "local",
        "city",
        "borough",
        "county",
        "office",
        "send",
        "lcc",
        "dwp",
        "hr",
        "nhs",
        "cyps",
        "csw",
        "csws",
        "lac",
        "cla",
        "eet",
        "ete",
        "iag",
        "ebp",
        "yih",
        "pa",
        "pas",
        "mc2",
        "cllr",
        "councillor",
        "councillors",
        "clerk",
        "holder",
        "appointed",
        "relevant",
        "user",
        "users",
        "steering",
        "sub-group",
        "intervention",
        "management",
        "facilities",
        "waste",
    ]
)
#: Words that make a phrase a role (a job title) rather than a team.
ROLE_WORDS = frozenset(
    [
        "head",
        "manager",
        "director",
        "officer",
        "lead",
        "leader",
        "assistant",
        "principal",
        "deputy",
        "chief",
        "executive",
        "coordinator",
        "co-ordinator",
        "adviser",
        "advisor",
        "teacher",
        "worker",
        "chair",
        "member",
        "consultant",
        "clerk",
        "councillor",
        "holder",
        "secretary",
        "treasurer",
        "mayor",
        "champion",
        "commissioner",
    ]
)
#: A phrase ending in one of these names a group of people.
TEAM_NOUNS = frozenset(
    [
        "team",
        "teams",
        "council",
        "group",
        "board",
        "schools",
        "school",
        "forum",
        "panel",
        "network",
        "partnership",
        "service",
        "services",
        "unit",
        "department",
        "committee",
        "directorate",
        "executive",
        "trust",
        "authority",
    ]
)
#: Titles written before a name ("Cllr J Enright", "Dr Sarah Platt"): never part of the name.
HONORIFICS = frozenset(["cllr", "councillor", "dr", "mr", "mrs", "ms", "miss", "prof", "professor", "sir", "dame"])

# "/" and ";" always separate people; so does a full stop between two sentences.
_HARD_SEPARATOR = re.compile(r"\s*[/;]\s*|(?<=[a-z])\.\s+(?=[A-Z])")
# " and " / " & " separate people *or* sit inside a title; clauses are re-joined below.
_AND = re.compile(r"(\s*,?\s+and\s+|\s*&\s*)")
_TOKEN = re.compile(r"[^\s,]+|,")
_NAME_WORD = re.compile(r"^[A-Z][A-Za-z'’-]*[a-z][A-Za-z'’-]*$")
_INITIALS = re.compile(r"^[A-Z]{2,3}$")
_INITIAL_DOT = re.compile(r"^[A-Z]\.?$")
_LONE_INITIALS = re.compile(r"^[A-Za-z]{2,3}\.?$")
# Initials as people write them, case kept: "JR", "kl", "JMcK", "DfE".
_INITIALS_TOKEN = re.compile(r"^(?:[A-Za-z]{2,3}|[A-Z][a-z]?[A-Z][A-Za-z]{0,2})\.?$")
_LIST_SEPARATOR = re.compile(r"\s*(?:,|&|\band\b)\s*")
# "Proposals by Jean Kitchin", "Agreement by PSG": what the named people do, then who.
_DOER = re.compile(r"^[A-Z][a-z]+\s+by\s+(?=[A-Z])")
# "Wagner - Adair": a double-barrelled surname that PDF extraction spaced out.
_SPACED_HYPHEN = re.compile(r"\b([A-Z][a-z]+)\s+-\s+([A-Z][a-z]+)\b\s*$")


@dataclass
class _Person:
    name: str
    initials: str | None = None
    title: str = ""


@dataclass
class _Clause:
    text: str
    people: list[_Person] = field(default_factory=list)
    leftovers: list[str] = field(default_factory=list)  # text that is neither name nor title


def _bare(token: str) -> str:
    return token.strip("().:;'\"")


@lru_cache(maxsize=16384)
def _substantial(text: str) -> bool:
    """Title material must hold a capitalised or vocabulary word, not just "to"/"via"."""
    return any(
        w[:1].isupper() or w.lower() in TITLE_WORDS - {"to", "by", "and", "of"}
        for w in re.findall(r"[A-Za-z][A-Za-z'’-]*", text)
    )


@lru_cache(maxsize=16384)
def is_team(text: str) -> bool:
    """A phrase naming a group of people ("Council Communications team", "schools")."""
    words = [w.lower().rstrip("'s") for w in re.findall(r"[A-Za-z][A-Za-z'’]*", text)]
    return bool(words) and words[-1] in TEAM_NOUNS and not ROLE_WORDS & set(words)


@lru_cache(maxsize=16384)
def is_role(text: str) -> bool:
    """A phrase naming a post or a group that can lead on its own ("Policy Officer", "Directors",
    "Portfolio holder", "Chair of SLSCB", "The Executive", "Councillors")."""
    words = [w.lower().rstrip("s").rstrip("'’") for w in re.findall(r"[A-Za-z][A-Za-z'’-]*", text)]
    return bool(words) and bool(set(words) & (ROLE_WORDS | TEAM_NOUNS | {"councillor", "clerk", "director"}))


def _tidy_title(text: str) -> str:
    text = " ".join(text.split()).strip(" ,.;:-–")
    if text.startswith("(") and text.endswith(")"):
        text = text[1:-1].strip()
    return text


def _read_clause(text: str) -> _Clause:
    """Find the people in one clause and give each the title written next to it."""
    tokens = [(m.group(), m.start(), m.end()) for m in _TOKEN.finditer(text)]
    spans: list[tuple[int, int, _Person]] = []  # token index range of each person
    i = 0
    while i < len(tokens):
        word = tokens[i][0]
        bare = _bare(word)
        if _INITIALS.match(bare) and bare.lower() not in TITLE_WORDS and not _after_capitalised(tokens, i):
            spans.append((i, i + 1, _Person(bare, initials=bare)))
            i += 1
            continue
        start = i
        if _INITIAL_DOT.match(word) and i + 1 < len(tokens) and _is_name_word(tokens[i + 1][0]):
            i += 1  # "M. Clarke": an initial is part of the run that follows
        run = []
        while i < len(tokens) and _is_name_word(tokens[i][0]):
            run.append(i)
            i += 1
            if tokens[i - 1][0][-1] in ".)":
                break  # "Woods." ends the name
        if len(run) >= 2 or (run and start < run[0]):
            for a, b in _name_groups(start, i):
                words = [t[0].strip('(),;:"') for t in tokens[a:b]]
                spans.append((a, b, _Person(" ".join(words).rstrip("."))))
        elif i == start:
            i += 1
    clause = _Clause(text)
    if not spans:
        return clause
    bounds = [0] + [x for a, b, _ in spans for x in (a, b)] + [len(tokens)]
    segments = []
    for lo, hi in zip(bounds[::2], bounds[1::2], strict=False):
        segments.append(text[tokens[lo][1] : tokens[hi - 1][2]] if hi > lo else "")
    people = [p for _, _, p in spans]
    title_first = _substantial(segments[0]) and not _substantial(segments[-1])
    for n, person in enumerate(people):
        own = segments[n] if title_first else segments[n + 1]
        if _substantial(own):
            person.title = _tidy_title(own)
    unused = segments[-1] if title_first else segments[0]
    if _substantial(unused):
        clause.leftovers += [_tidy_title(p) for p in unused.split(",") if _substantial(p)]
    clause.people = people
    return clause


def _after_capitalised(tokens: list[tuple[str, int, int]], i: int) -> bool:
    """The token follows a capitalised word with no comma between: part of a phrase
    ("Senior Users HSE"), not a person's initials ("Jancis Andrew, SD", "RM to LM")."""
    if i == 0:
        return False
    before = tokens[i - 1][0]
    return before[:1].isupper() and before[-1] not in ",;:(" and not _INITIALS.match(_bare(before))


@lru_cache(maxsize=16384)
def _is_name_word(token: str) -> bool:
    bare = _bare(token)
    stem = bare.lower().removesuffix("'s").removesuffix("’s")
    return bool(_NAME_WORD.match(bare)) and stem not in TITLE_WORDS


def _name_groups(start: int, end: int) -> list[tuple[int, int]]:
    """Split a run of name words into names: 4 words are two people, 6 are three."""
    length = end - start
    if length in (4, 6):
        return [(k, k + 2) for k in range(start, end, 2)]
    return [(start, end)]


def _clauses(piece: str) -> list[_Clause]:
    """Split a piece on "and"/"&", re-joining parts that turn out to be part of a title."""
    parts = _AND.split(piece)
    texts, joiners = parts[::2], ["", *parts[1::2]]
    result: list[_Clause] = []
    pending = ""  # a title whose person comes after the next "and"
    for joiner, text in zip(joiners, texts, strict=False):
        if not re.search(r"[A-Za-z]", text):
            result.append(_Clause(text, leftovers=[text.strip()] if text.strip() else []))
            continue
        clause = _read_clause(text)
        if pending:
            if clause.people:  # "Head of Service, Fostering and Adoption, Fiona Woods": a title before the name
                text, pending = pending + joiner + text, ""
                clause = _read_clause(text)
            elif is_role(text) or is_team(text):  # "Clerk & Councillors": two leads
                result.append(_Clause(pending))
                pending = ""
            else:  # "Facilities Management & Waste": one name with "and" in it
                pending += joiner + text
                continue
        if clause.people or is_team(text):
            result.append(clause)
        elif result and result[-1].people and _titled(result[-1]):  # "Children and Young People ... Officer"
            result[-1] = _read_clause(result[-1].text + joiner + text)
        elif result and is_role(text):  # "ZW and Directors": another lead
            result.append(clause)
        elif result and result[-1].people:
            result[-1] = _read_clause(result[-1].text + joiner + text)
        elif result and not result[-1].people and not is_role(result[-1].text):
            result[-1] = _Clause(result[-1].text + joiner + text)
        else:
            pending = text
    if pending:
        result.append(_Clause(pending))
    return result


def _listed_names(piece: str) -> list[str] | None:
    """The names of a piece that is only names of two or three words, separated by commas
    ("Helen Tumelty, Rob Duxbury"): each name is then one person with no title, as ``_clauses``
    reads it. None for anything else (initials, titles, "and", punctuation), which ``_clauses``
    reads. Most lead cells naming several people are such lists, and each is written once."""
    names = []
    for part in piece.split(","):
        name = _plain_name(part)
        if name is None:
            return None
        names.append(name)
    return names


@lru_cache(maxsize=16384)
def _plain_name(part: str) -> str | None:
    """A name of two or three name words, with nothing else (one part of ``_listed_names``;
    remembered: a plan names the same people in cell after cell, in other company)."""
    words = part.split()
    if not 2 <= len(words) <= 3 or not all(_bare(word) == word and _is_name_word(word) for word in words):
        return None
    return " ".join(words)


def _titled(clause: _Clause) -> bool:
    """The clause has title text after its last person ("Helen Sharratt, Children")."""
    last = clause.people[-1]
    tail = clause.text[clause.text.rfind(last.name.split()[-1]) + len(last.name.split()[-1]) :]
    return _substantial(tail)


class _Resolver:
    """Match names and initials against the document's key of initials."""

    def __init__(self, key: dict[str, str], notes: list[str]) -> None:
        self.key = {k.upper(): v for k, v in key.items()}
        self.initials_of = {v: k for k, v in self.key.items()}
        self.notes = notes

    def initials(self, written: str) -> ImportedOfficer:
        as_written = written.strip(" .")
        code = as_written.upper()
        if code in self.key:
            if as_written != code:
                self.notes.append(f"lead {written!r} read as initials {code} ({self.key[code]})")
            return ImportedOfficer(name=self.key[code], initials=code)
        if self.key:
            self.notes.append(f"lead initials {as_written!r} are not in the document's key; kept as written")
        return ImportedOfficer(name=as_written, initials=as_written)

    def name(self, written: str, title: str) -> ImportedOfficer:
        canonical = self._match(written)
        if canonical != written:
            self.notes.append(f"lead {written!r} read as {canonical!r}")
        return ImportedOfficer(name=canonical, initials=self.initials_of.get(canonical), job_title=title or None)

    def _match(self, written: str) -> str:
        if not self.initials_of:  # no key (the usual spreadsheet): nothing to match against
            return written
        names = list(self.initials_of)
        if written in names:
            return written
        folded = [n for n in names if n.casefold() == written.casefold()]
        if folded:
            return folded[0]  # "SaLly Lowe": OCR case slip
        first, _, surname = written.rpartition(" ")
        first = first.rstrip(".").casefold()
        same = [
            n
            for n in names
            if n.rpartition(" ")[2].casefold() == surname.casefold()
            and n.casefold().startswith(first[:1])
            and (len(first) == 1 or n.split()[0].casefold().startswith(first))
        ]
        return same[0] if len(same) == 1 else written  # "M. Clarke", "Gwen Wagner-Adair"


def split_leads(text: str, initials_key: dict[str, str], notes: list[str] | None = None) -> list[ImportedOfficer]:
    """The officers named in a lead cell, in the order written (the first is the primary).

    ``initials_key`` maps initials to full names ("MC" -> "Michael Clarke"); initials are
    expanded through it and full names matched to it. Messages about anything guessed or
    dropped are appended to ``notes`` when given.
    """
    notes = notes if notes is not None else []
    resolver = _Resolver(initials_key, notes)
    officers: list[ImportedOfficer] = []
    for fragment in html_fragments(text):
        latin = to_latin(fragment)
        if latin != fragment:
            notes.append(f"lead {fragment!r} has Cyrillic/Greek look-alike letters; read as {latin!r}")
        officers += _line_leads(latin, resolver, notes)
    return _unique(officers)


def _line_leads(line: str, resolver: _Resolver, notes: list[str]) -> list[ImportedOfficer]:
    """The leads one line of a lead cell names, in order: people (initials expanded), posts
    ("Policy Officer", "Directors") and groups. A group named beside a person on the same line
    ("Carly Quinn, Team Manager, and Council Communications team") is context, not a lead
    (noted); a group on a line of its own, or with no person beside it, leads."""
    entries: list[tuple[str, ImportedOfficer]] = []  # (kind, officer): "person", "role", "team"
    line = _DOER.sub("", line.strip())
    for piece in _HARD_SEPARATOR.split(line):
        piece = piece.strip(" ,.")
        if "-" in piece:
            piece = _SPACED_HYPHEN.sub(r"\1-\2", piece)
        piece = _DOER.sub("", piece)
        if not piece:
            continue
        names = _listed_names(piece)
        if names is not None:  # "Helen Tumelty, Rob Duxbury": what ``_clauses`` reads, sooner
            entries += [("person", resolver.name(name, "")) for name in names]
            continue
        if _LONE_INITIALS.match(piece) and not is_team(piece) and not is_role(piece):
            entries.append(("person", resolver.initials(piece)))
            continue
        listed = [p for p in _LIST_SEPARATOR.split(piece) if p]
        if len(listed) > 1 and all(_INITIALS_TOKEN.match(p) and not is_role(p) for p in listed):
            entries += [("person", resolver.initials(p.rstrip("."))) for p in listed]  # "JR, kl", "JMcK & DfE"
            continue
        for clause in _clauses(piece):
            for person in clause.people:
                officer = (
                    resolver.initials(person.name) if person.initials else resolver.name(person.name, person.title)
                )
                entries.append(("person", officer))
            for leftover in clause.leftovers:
                if is_team(leftover):
                    entries.append(("team", ImportedOfficer(name=leftover)))
                elif leftover:
                    notes.append(f"lead text {leftover!r} is neither a name nor a title; dropped")
            if not clause.people and re.search(r"[A-Za-z]", clause.text):
                name = _tidy_title(clause.text)
                entries.append(("team" if is_team(name) else "role", ImportedOfficer(name=name)))
    if any(kind == "person" for kind, _ in entries):
        teams = [o.name for kind, o in entries if kind == "team"]
        if teams:
            notes.append(f"lead {', '.join(teams)!r} is a team beside a named person; not kept as a lead")
        return [o for kind, o in entries if kind != "team"]
    return [o for _, o in entries]


def _unique(officers: list[ImportedOfficer]) -> list[ImportedOfficer]:
    seen: set[str] = set()
    result = []
    for officer in officers:
        if officer.name not in seen:
            seen.add(officer.name)
            result.append(officer)
    return result
