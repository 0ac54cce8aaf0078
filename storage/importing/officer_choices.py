"""Officers an import may mean by another spelling: proposed to the user, merged only on their word.

``likely_officers`` walks a plan's names in the order the loader will meet them and lists each
name that is not known exactly but may be someone already known (in the database, or earlier in
the same document). ``use_known_names`` applies the user's choices to the plan before loading,
so "Cathryn White" is stored as the existing "Catherine White" only when the user said so.
"""

from __future__ import annotations

from dataclasses import dataclass

from storage.db import Store
from storage.importing.document import ImportedOfficer, ImportedPlan
from storage.officer_likeness import OfficerDirectory


@dataclass
class OfficerChoice:
    written: str  # the name as the document gives it
    known: str  # the officer it may be
    in_database: bool  # known from the database (else from earlier in this document)
    same: bool = False  # the user's answer: True = the same person


def _names_in_loader_order(plan: ImportedPlan) -> list[ImportedOfficer]:
    return list(plan.officers) + [lead for action in plan.actions for lead in action.leads]


def likely_officers(db: Store, plan: ImportedPlan) -> list[OfficerChoice]:
    """The plan's names that may be known officers written another way (one entry per name)."""
    key = {o.initials.upper(): o.name for o in plan.officers if o.initials}
    with db.read() as txn:
        directory = OfficerDirectory(txn.officers.names())
    in_database = {o.name for o in directory.officers}
    choices: dict[str, OfficerChoice] = {}
    for officer in _names_in_loader_order(plan):
        name = officer.name.strip()
        if name.isupper() and " " not in name and len(name) <= 4:
            name = key.get(name, name)
            if " " not in name:
                continue  # unresolved initials: the loader notes them
        if not name or name in choices or directory.by_name(name):
            continue
        likely = directory.likely_match(name)
        if likely is not None:
            choices[name] = OfficerChoice(name, likely.name, likely.name in in_database)
        directory.add(f"new:{name}", name, None)
    return list(choices.values())


def use_known_names(plan: ImportedPlan, choices: list[OfficerChoice]) -> int:
    """Rename, throughout the plan, each name the user said is a known officer; returns how many
    names were changed. Leads that become duplicates within one action are kept once."""
    renames = {c.written: c.known for c in choices if c.same}
    if not renames:
        return 0
    for officer in _names_in_loader_order(plan):
        if officer.name in renames:
            officer.name = renames[officer.name]
    for action in plan.actions:
        seen: set[str] = set()
        action.leads = [o for o in action.leads if not (o.name in seen or seen.add(o.name))]
    return len(renames)
