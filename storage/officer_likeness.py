"""Names that may be another spelling of a known officer's ("Cathryn White", "D. Tumelty", "Dr
Sarah Platt"): what an import proposes to the user, never merges. Apart from ``storage.officers``
(the exact rule, which ``ragtrack list --officer`` uses on every run) so that the command line
does not load what only an import needs."""

from __future__ import annotations

import unicodedata
from collections.abc import Sequence
from functools import lru_cache

from storage.officers import OfficerMatch, match_officers, name_key

TYPE_CHECKING = False  # typing's, without importing typing (type checkers read it as True): models/records.py
if TYPE_CHECKING:
    from typing import NamedTuple

    from storage.officers import NamedOfficerWithId
else:
    from models.records import NamedTuple


class KnownOfficer(NamedTuple):
    id: str
    name: str
    initials: str | None


class OfficerDirectory:
    """The officers in the database, looked up by name or initials during one import."""

    def __init__(self, officers: Sequence[NamedOfficerWithId]) -> None:
        self.officers: list[KnownOfficer] = []
        # Indexes (an import looks up every lead it reads): officers by name key, and by the
        # parts of their names that ``name_likeness`` needs to agree before it can find a match.
        self._named: dict[str, KnownOfficer] = {}
        self._by_part: dict[tuple[int, str], list[int]] = {}
        for o in officers:
            self.add(o.id, o.name, o.initials)

    def add(self, officer_id: str, name: str, initials: str | None) -> None:
        officer = KnownOfficer(officer_id, name, initials)
        position = len(self.officers)
        self.officers.append(officer)
        self._named.setdefault(name_key(name), officer)
        for part in _likeness_keys(name):
            self._by_part.setdefault(part, []).append(position)

    def by_name(self, name: str) -> KnownOfficer | None:
        return self._named.get(name_key(name)) if name.strip() else None

    def initials_match(self, initials: str) -> OfficerMatch[KnownOfficer]:
        return match_officers(self.officers, initials.strip())

    def by_initials(self, initials: str) -> KnownOfficer | None:
        """The one officer with these initials; None when none or several share them."""
        found = self.initials_match(initials).initialled
        return found[0] if len(found) == 1 else None

    def likely_match(self, name: str) -> KnownOfficer | None:
        """A different spelling of one known officer ("Cathryn White" for "Catherine White",
        "D. Tumelty" or "Dom Tumelty" for "Dominic Tumelty", "Dr Sarah Platt" for "Sarah Platt");
        None when no one, or more than one person equally, fits. Only ever proposed to the
        user, never merged."""
        ranked = self.likely_matches(name)
        if not ranked or (len(ranked) > 1 and ranked[0][0] == ranked[1][0]):
            return None
        return ranked[0][1]

    def likely_matches(self, name: str) -> list[tuple[float, KnownOfficer]]:
        """Known officers who may be ``name`` written another way, best first, with a score."""
        found = []
        candidates = sorted({n for part in _likeness_keys(name) for n in self._by_part.get(part, ())})
        for officer in (self.officers[n] for n in candidates):
            score = name_likeness(name, officer.name)
            if score:
                found.append((score, officer))
        return sorted(found, key=lambda pair: -pair[0])


_HONORIFICS = frozenset(
    ["mr", "mrs", "ms", "miss", "mx", "dr", "cllr", "councillor", "prof", "professor", "sir", "dame", "rev", "revd"]
)
#: Short forms officers go by: any two names in one group may be the same first name.
_NICKNAMES = [
    set(group.split())
    for group in (
        "catherine katherine kathryn cathryn catharine cath cathy kath kathy kate katie",
        "elizabeth liz lizzie beth betty eliza",
        "susan sue suzanne susie",
        "james jim jimmy jamie",
        "robert rob bob bobby robbie",
        "william will bill billy liam",
        "michael mike mick mikey",
        "david dave davy",
        "christopher chris kit",
        "christine chris chrissie tina",
        "anthony tony",
        "stephen steven steve",
        "jennifer jenny jen",
        "nicholas nick nicky",
        "andrew andy drew",
        "thomas tom tommy",
        "patricia pat patsy trish",
        "patrick pat paddy",
        "samantha sam sammy",
        "samuel sam sammy",
        "joanne joanna jo",
        "alison allison ali",
        "alexander alex sandy",
        "alexandra alex sandra",
        "daniel dan danny",
        "benjamin ben",
        "matthew matt",
        "peter pete",
        "jonathan jon jonny",
        "john jon jack johnny",
        "margaret maggie meg peggy",
        "deborah debbie deb",
        "rebecca becky becca",
        "victoria vicky tori",
        "philip phil",
        "richard rich rick dick",
        "timothy tim",
        "edward ed eddie ted",
        "gwendolyn gwen",
        "dominic dom",
        "jacqueline jackie jacqui",
        "frances fran",
        "francis frank",
        "gerald gerry",
        "geraldine gerry",
        "helen helena",
        "lynne lynn",
        "sara sarah",
        "carly carley carlie",
        "jancis jan",
        "janet jan",
        "janice jan",
    )
]


@lru_cache(maxsize=4096)
def _parts(name: str) -> tuple[str, ...]:
    folded = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    words = name_key(folded.replace("’", "'")).replace("-", " ").split()
    while words and words[0].rstrip(".") in _HONORIFICS:
        words = words[1:]
    return tuple(w.rstrip(".") for w in words)


@lru_cache(maxsize=16384)
def _first_names_agree(a: str, b: str) -> float:
    if a == b:
        return 1.0
    if len(a) == 1 or len(b) == 1:  # "D. Tumelty"
        return 0.8 if a[0] == b[0] else 0.0
    if any(a in group and b in group for group in _NICKNAMES):
        return 0.85
    if len(a) >= 3 and len(b) >= 3 and (a.startswith(b) or b.startswith(a)):
        return 0.8
    import difflib  # here: ``ragtrack list --officer`` matches names exactly, with no use for it

    ratio = difflib.SequenceMatcher(None, a, b).ratio()
    return ratio if ratio >= 0.7 and a[0] == b[0] else 0.0


def _likeness_keys(name: str) -> list[tuple[int, str]]:
    """What two names must share for ``name_likeness`` to be more than 0: the first name, the
    surname, or the names after the first run together."""
    parts = _parts(name)
    if len(parts) < 2:
        return []
    return [(0, parts[0]), (1, parts[-1]), (2, "".join(parts[1:]))]


def name_likeness(written: str, known: str) -> float:
    """How likely two different spellings name one person: 0 (no) to 1; equal names are 0
    (they are the same name, not a likely match)."""
    a, b = _parts(written), _parts(known)
    if len(a) < 2 or len(b) < 2 or name_key(written) == name_key(known):
        return 0.0
    if a == b:
        return 0.95  # differ only by accents, titles, hyphens or full stops
    if a[-1] == b[-1] or "".join(a[1:]) == "".join(b[1:]):
        surname = 1.0
    else:
        if a[0] != b[0]:
            return 0.0  # a different first name and a different surname: too far
        import difflib

        surname = difflib.SequenceMatcher(None, a[-1], b[-1]).ratio()
        if surname < 0.8:
            return 0.0  # "Catherine Whyte" ~ "Catherine White"
    first = _first_names_agree(a[0], b[0])
    if not first:
        return 0.0
    middle = 0.0 if len(a) == len(b) or a[-1] != b[-1] else -0.05  # "Dominic J Tumelty"
    return round(first * surname * 0.9 + middle, 3)
