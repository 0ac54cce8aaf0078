"""Which officer a name or initials means: one rule for the officer picker, the command line
(``--officer``) and import. Exact names and initials first, never a silent fuzzy merge, and
initials that several officers share are ambiguous, not everyone's. (Names that may be another
spelling of a known officer's, which only an import proposes: ``storage.officer_likeness``.)"""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import lru_cache

from storage.errors import Ambiguous

TYPE_CHECKING = False  # typing's, without importing typing (type checkers read it as True): models/records.py
if TYPE_CHECKING:
    from typing import Generic, NamedTuple, Protocol, TypeVar

    class NamedOfficer(Protocol):
        """Anything with an officer's name and initials (a row, a directory entry)."""

        @property
        def name(self) -> str: ...

        @property
        def initials(self) -> str | None: ...

    class NamedOfficerWithId(NamedOfficer, Protocol):
        @property
        def id(self) -> str: ...

    OfficerT = TypeVar("OfficerT", bound=NamedOfficer)
else:
    from models.records import Generic, NamedTuple

    OfficerT = "OfficerT"  # a type variable to type checkers only


@lru_cache(maxsize=16384)
def name_key(name: str) -> str:
    """A name compared without case, punctuation or extra spaces: "Jackie  Roper." = "jackie roper"."""
    return " ".join(re.sub(r"[^\w\s'-]", " ", name.lower()).split())


class OfficerMatch(NamedTuple, Generic[OfficerT]):
    """The officers a typed text may mean, in tiers (each in the order given)."""

    text: str
    named: list[OfficerT]  # the exact name
    initialled: list[OfficerT]  # exactly these initials
    initials_start: list[OfficerT]  # initials starting with the text
    containing: list[OfficerT]  # names containing every word typed

    @property
    def ranked(self) -> list[OfficerT]:
        """Every officer that may be meant, best first (a picker's list): exact initials, initials
        starting with the text, then names containing every word."""
        seen: list[OfficerT] = []
        for officer in [*self.initialled, *self.named, *self.initials_start, *self.containing]:
            if not any(officer is other for other in seen):
                seen.append(officer)
        return seen

    @property
    def ambiguous_initials(self) -> bool:
        """Several officers share the initials typed (and no one has it as their name)."""
        return not self.named and len(self.initialled) > 1

    def meant(self) -> list[OfficerT]:
        """The officers a filter by this text means: the exact name or the one officer with these
        initials, else everyone whose name contains every word (none: []). Initials several
        officers share raise Ambiguous, naming them."""
        if self.named:
            return self.named
        if self.ambiguous_initials:
            names = ", ".join(o.name for o in self.initialled)
            raise Ambiguous(f"{self.text.strip()!r} are the initials of several officers ({names}): give a name")
        return self.initialled or self.containing

    def one(self) -> OfficerT | None:
        """The one officer the exact name or initials mean; None when none or several."""
        exact = self.named or self.initialled
        return exact[0] if len(exact) == 1 else None


def match_officers(officers: Sequence[OfficerT], text: str) -> OfficerMatch[OfficerT]:
    """Which of ``officers`` ``text`` may mean: by exact name (case, punctuation and spacing
    aside), exact initials, initials starting with it, or any part of the name ("JR", "rop",
    "jackie r"). An empty text matches everyone."""
    key = " ".join(text.lower().split())
    if not key:
        return OfficerMatch(text, named=[], initialled=[], initials_start=[], containing=list(officers))
    exact_name = name_key(text)
    exact_words = exact_name.split()
    words = key.split()
    return OfficerMatch(
        text,
        # name_key only where the name holds every word (its words are parts of the lowered
        # name): a regex per officer was most of ``list --officer``'s matching at 1,000 officers.
        named=[o for o in officers if all(w in o.name.lower() for w in exact_words) and name_key(o.name) == exact_name],
        initialled=[o for o in officers if (o.initials or "").lower() == key],
        initials_start=[
            o
            for o in officers
            if " " not in key and (o.initials or "").lower().startswith(key) and (o.initials or "").lower() != key
        ],
        containing=[o for o in officers if all(w in o.name.lower() for w in words)],
    )


def initials_of(name: str) -> str:
    """ "Jackie Roper" -> "JR"; "Gwendolyn Wagner-Adair" -> "GW"."""
    return "".join(word[0] for word in name.replace("-", " ").split()[:2] if word[:1].isalpha()).upper()
