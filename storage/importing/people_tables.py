"""Tables of people ("who is involved", contacts one per column) and the plan's officers
gathered from them and from the key of initials."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from models.domain import DEFAULT_RAG_DEFINITIONS
from storage.importing.columns import normal_header
from storage.importing.document import ImportedOfficer, ImportedPlan, ImportNote
from storage.importing.markup import one_line
from storage.importing.model import TableModel

if TYPE_CHECKING:
    from storage.importing.build import Builder


def people_table(model: TableModel, builder: Builder) -> list[ImportedOfficer]:
    """A "who is involved" table: Name, Job title/role, E-mail."""
    header = model.table.rows[model.header[0]]
    names = [normal_header(c.value) for c in header.cells]
    column = {name: i for i, name in enumerate(names)}

    def find(*keys: str) -> int | None:
        return next((column[k] for k in keys if k in column), None)

    def starting(*prefixes: str) -> int | None:
        return next((i for i, name in enumerate(names) if name.startswith(prefixes)), None)

    name_i = find("name")
    title_i = starting("job title", "role", "title", "position")
    email_i = starting("e mail", "email")
    people = []
    for row in model.rows:
        cells = [c.value for c in row.cells]
        name = one_line(cells[name_i]) if name_i is not None and name_i < len(cells) else ""
        if not re.fullmatch(r"[A-Z][a-z'’]+(?: [A-Z][A-Za-z'’-]+){1,2}", name):
            if any(cells):
                builder.note(
                    row.where,
                    f"'who is involved' row skipped (not a name): {' '.join(c for c in cells if c)[:60]!r}",
                    row.line,
                )
            continue
        people.append(ImportedOfficer(name=name, job_title=_cell(cells, title_i), email=_cell(cells, email_i)))
    return people


def _cell(cells: list[str], index: int | None) -> str | None:
    return one_line(cells[index]) if index is not None and index < len(cells) and cells[index] else None


def contacts_table(model: TableModel, builder: Builder) -> list[ImportedOfficer]:
    """Contacts set out one person per column ("Name | Jackie Roper | Jancis Andrew")."""
    rows: dict[str, list[str]] = {}
    for row in model.table.rows:
        if row.cells and row.cells[0].value:
            rows[normal_header(row.cells[0].value)] = [one_line(c.value) for c in row.cells[1:]]
    people = []
    for column, name in enumerate(rows.get("name", [])):
        if not name:
            continue

        def value(key: str, column: int = column) -> str:
            cells = rows.get(key, [])
            return cells[column].strip("() ") if column < len(cells) else ""

        title = "; ".join(v for v in (value("job title"), value("area of responsibility")) if v)
        phones = " / ".join(v for v in (value("office number"), value("mobile number"), value("phone")) if v)
        people.append(
            ImportedOfficer(
                name=name,
                job_title=title or None,
                phone=phones or None,
                email=value("email address") or value("email") or None,
            )
        )
    if "address" in rows:
        builder.note(model.table.name, "contacts: office addresses not imported (no field)")
    return people


def plan_officers(contacts, involved, key: dict[str, str]) -> list[ImportedOfficer]:
    """The plan's people: contacts first, then those involved, then the rest of the key."""
    people: dict[str, ImportedOfficer] = {}
    for officer in [*contacts, *involved, *(ImportedOfficer(name=n) for n in key.values())]:
        known = people.setdefault(officer.name.casefold(), officer)
        if known is not officer:
            known.job_title = known.job_title or officer.job_title
            known.email = known.email or officer.email
            known.phone = known.phone or officer.phone
    for initials, name in key.items():
        people[name.casefold()].initials = initials
    return list(people.values())


def guess_unknown_initials(plan: ImportedPlan) -> None:
    """Initials missing from the key ("RM") that match exactly one full-name lead elsewhere in the
    plan ("Rob Murray") are taken to be that person, and the guess is reported."""
    names = {lead.name for a in plan.actions for lead in a.leads if lead.initials is None and " " in lead.name}
    by_initials: dict[str, set[str]] = {}
    for name in names:
        by_initials.setdefault("".join(w[0] for w in name.split()).upper(), set()).add(name)
    for action in plan.actions:
        for lead in action.leads:
            candidates = by_initials.get(lead.name, set()) if lead.name == lead.initials else set()
            if len(candidates) == 1:
                lead.name = next(iter(candidates))
                # The reader's "not in the document's key; kept as written" is no longer true:
                # replaced by what was done.
                plan.notes[:] = [
                    note
                    for note in plan.notes
                    if not (
                        note.line == action.line
                        and note.message.endswith(
                            f"initials {lead.initials!r} are not in the document's key; kept as written"
                        )
                    )
                ]
                plan.notes.append(
                    ImportNote(
                        action.line,
                        f"{action.ref}: initials {lead.initials} not in the key; taken to be {lead.name}, the only "
                        "lead with those initials",
                    )
                )


def default_definitions(definitions: dict[str, str]) -> bool:
    return not any(DEFAULT_RAG_DEFINITIONS.get(k) != v for k, v in definitions.items())
