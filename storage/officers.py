"""Finding the officer a document means: exact names and initials, never silent fuzzy merges."""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass

from sqlalchemy import Connection, select

from models.tables import Officer

OFFICER = Officer.__table__


def name_key(name: str) -> str:
    """A name compared without case, punctuation or extra spaces: "Jackie  Roper." = "jackie roper"."""
    return " ".join(re.sub(r"[^\w\s'-]", " ", name.lower()).split())


@dataclass
class KnownOfficer:
    id: str
    name: str
    initials: str | None


class OfficerDirectory:
    """The officers in the database, looked up by name or initials during one import."""

    def __init__(self, conn: Connection):
        self.officers = [
            KnownOfficer(r.id, r.name, r.initials)
            for r in conn.execute(
                select(OFFICER.c.id, OFFICER.c.name, OFFICER.c.initials).where(OFFICER.c.deleted.is_(False))
            )
        ]

    def add(self, officer_id: str, name: str, initials: str | None) -> None:
        self.officers.append(KnownOfficer(officer_id, name, initials))

    def by_name(self, name: str) -> KnownOfficer | None:
        key = name_key(name)
        return next((o for o in self.officers if name_key(o.name) == key), None)

    def by_initials(self, initials: str) -> KnownOfficer | None:
        """The one officer with these initials; None when none or several share them."""
        key = initials.strip().upper()
        found = [o for o in self.officers if (o.initials or "").upper() == key]
        return found[0] if len(found) == 1 else None

    def likely_match(self, name: str) -> KnownOfficer | None:
        """A different spelling of a known officer ("Cathryn White" for "Catherine White"):
        same surname and a close first name. Only proposed to the user, never merged."""
        parts = name_key(name).split()
        if len(parts) < 2:
            return None
        for officer in self.officers:
            other = name_key(officer.name).split()
            if len(other) >= 2 and other[-1] == parts[-1] and other != parts:
                if difflib.SequenceMatcher(None, other[0], parts[0]).ratio() >= 0.7:
                    return officer
        return None


def initials_of(name: str) -> str:
    """ "Jackie Roper" -> "JR"; "Gwendolyn Wagner-Adair" -> "GW"."""
    return "".join(word[0] for word in name.replace("-", " ").split()[:2] if word[:1].isalpha()).upper()
