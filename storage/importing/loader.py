"""Writing an imported plan through the one write path, as one transaction.

Re-importing the same file (same ``source_key``) updates the plan in place: objectives and
actions are matched by reference, changed fields are edited (and logged), new progress entries
added; nothing an officer added since is removed. A dry run does all of it and rolls back.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from models.ids import new_ids
from storage.db import Store
from storage.importing.document import ImportedAction, ImportedOfficer, ImportedPlan, ImportNote
from storage.officer_likeness import OfficerDirectory
from storage.officers import initials_of
from storage.values import to_json
from storage.writes import Editor, edit


@dataclass
class ImportReport:
    plan_title: str
    plan_id: str
    created: Counter = field(default_factory=Counter)  # kind -> count
    updated: Counter = field(default_factory=Counter)
    notes: list[ImportNote] = field(default_factory=list)
    dry_run: bool = False
    txn_id: str | None = None  # the import's transaction (what undo reverts); None: nothing written

    def summary(self) -> str:
        made = ", ".join(f"{n} {kind}" for kind, n in sorted(self.created.items())) or "nothing new"
        changed = ", ".join(f"{n} {kind}" for kind, n in sorted(self.updated.items())) or "nothing"
        verb = "would import" if self.dry_run else "imported"
        return f"{verb} {self.plan_title!r}: created {made}; updated {changed}; {len(self.notes)} notes"


#: Records from which an import is a bulk write (``Store.write``): a plan of a few hundred
#: actions and their progress is not worth switching the file's journal for.
BULK_ROWS = 5_000


#: The fields of a new action and of a new progress entry, in the order the change log writes them.
_ACTION_FIELDS = ("plan_id", "objective_id", "ref", "text", "timescale", "status", "rag", "leads", "position")
_PROGRESS_FIELDS = ("action_id", "kind", "text", "entry_date")


class _DryRun(Exception):
    """Raised inside the transaction to roll a dry run back."""


def load_plans(
    db: Store, plans: list[ImportedPlan], actor: str | None = None, dry_run: bool = False
) -> list[ImportReport]:
    """Write ``plans`` to ``db`` in one transaction (all or nothing) and report what was done."""
    reports = [ImportReport(plan.title, "", notes=list(plan.notes), dry_run=dry_run) for plan in plans]
    rows = sum(1 + len(action.progress) for plan in plans for action in plan.actions)
    try:
        with edit(db, actor, source="import", bulk=rows >= BULK_ROWS and not dry_run) as editor:
            for plan, report in zip(plans, reports, strict=False):
                _Loader(editor, plan, report).run()
            if dry_run:
                raise _DryRun
    except _DryRun:
        return reports
    for report in reports:
        report.txn_id = editor.txn_id if editor.change_ids else None
    return reports


def load_plan(db: Store, plan: ImportedPlan, actor: str | None = None, dry_run: bool = False) -> ImportReport:
    """Write one plan (all or nothing) and report what was done."""
    return load_plans(db, [plan], actor, dry_run)[0]


class _Loader:
    def __init__(self, editor: Editor, plan: ImportedPlan, report: ImportReport):
        self.editor = editor
        self.plan = plan
        self.report = report
        self.reason = f"imported from {plan.source_key}"
        self.created: set[str] = set()  # ids this import created (nothing to compare with)
        self.filled: set[tuple] = set()  # officer details already merged in
        self.directory = OfficerDirectory(editor.txn.officers.names())
        self.initials_key = {o.initials.upper(): o for o in plan.officers if o.initials}
        self.officer_ids: dict[tuple, str | None] = {}  # a lead as written -> its officer
        # Actions of objectives this import created (nothing to compare them with), and their
        # progress: written together at the end, each kind with one statement; the actions and
        # progress entries a field at a time (``Editor.create_columns``: tens of thousands).
        self.new_action_ids: list[str] = []
        self.new_actions: dict[str, list[Any]] = {field: [] for field in _ACTION_FIELDS}
        self.new_progress: dict[str, list[Any]] = {field: [] for field in _PROGRESS_FIELDS}
        self.new_objectives: list[dict[str, Any]] = []
        # Ids for the new objectives and actions, made together and in order (``new_ids``).
        self.objective_ids = iter(new_ids(len(plan.objectives)))
        self.action_ids = iter(new_ids(sum(len(o.actions) for o in plan.objectives)))

    def run(self) -> None:
        plan_id = self._plan()
        self.report.plan_id = plan_id
        for officer in self.plan.officers:
            self._officer(officer)
        themes: dict[str, str] = {}
        for position, objective in enumerate(self.plan.objectives):
            theme_id = None
            if objective.theme:
                if objective.theme not in themes:
                    themes[objective.theme] = self._theme(plan_id, objective.theme, len(themes))
                theme_id = themes[objective.theme]
            values = {
                "plan_id": plan_id,
                "ref": objective.ref,
                "text": objective.text,
                "theme_id": theme_id,
                "position": position,
            }
            if plan_id in self.created:  # a new plan: its objectives are new, written together
                objective_id = next(self.objective_ids)
                self.new_objectives.append({"id": objective_id, **values})
                self.created.add(objective_id)
                self.report.created["objectives"] += 1
            else:
                objective_id = self._upsert(
                    "objective", {"plan_id": plan_id, "ref": objective.ref}, values, parent=plan_id
                )
            for action_position, action in enumerate(objective.actions):
                self._action(plan_id, objective_id, action, action_position)
        self._write_new()

    def _write_new(self) -> None:
        if self.new_objectives:
            self.editor.create_many("objective", self.new_objectives, reason=self.reason)
        if self.new_action_ids:
            ids = self.editor.create_columns("action", self.new_actions, reason=self.reason, ids=self.new_action_ids)
            self.created.update(ids)
            self.report.created["actions"] += len(ids)
        entries = len(self.new_progress["action_id"])
        if entries:
            self.new_progress["author"] = [""] * entries
            self.editor.create_columns("progress", self.new_progress)
            self.report.created["progress entries"] += entries

    # --- rows --------------------------------------------------------------------------
    def _plan(self) -> str:
        values = {
            "title": self.plan.title,
            "organisation": self.plan.organisation,
            "overseeing_body": self.plan.overseeing_body,
            "as_at": self.plan.as_at,
            "source_key": self.plan.source_key,
        }
        # A file that does not state a fact (an export carries no organisation) keeps the
        # plan's own: only what the document says is written.
        values = {k: v for k, v in values.items() if v is not None}
        if self.plan.rag_definitions:
            values["rag_definitions"] = to_json(self.plan.rag_definitions)
        return self._upsert("plan", {"source_key": self.plan.source_key}, values)

    def _theme(self, plan_id: str, name: str, position: int) -> str:
        return self._upsert(
            "theme",
            {"plan_id": plan_id, "name": name},
            {"plan_id": plan_id, "name": name, "position": position},
            parent=plan_id,
        )

    def _action(self, plan_id: str, objective_id: str, action: ImportedAction, position: int) -> None:
        leads = [officer_id for officer_id in (self._officer(o) for o in action.leads) if officer_id]
        values = {
            "plan_id": plan_id,
            "objective_id": objective_id,
            "ref": action.ref,
            "text": action.text,
            "timescale": action.timescale,
            "status": action.status,
            "rag": action.rag,
            "leads": list(dict.fromkeys(leads)),
            "position": position,
        }
        if objective_id in self.created:  # a new objective: its actions are new too
            action_id = next(self.action_ids)
            self.new_action_ids.append(action_id)
            for field_name, column in self.new_actions.items():
                column.append(values[field_name])
            if action.progress:
                progress = self.new_progress
                progress["action_id"] += [action_id] * len(action.progress)
                progress["kind"] += [entry.kind for entry in action.progress]
                progress["text"] += [entry.text for entry in action.progress]
                progress["entry_date"] += [entry.date for entry in action.progress]
            return
        action_id = self._upsert(
            "action", {"objective_id": objective_id, "ref": action.ref}, values, parent=objective_id
        )
        existing: set[tuple[str, date | None, str]] = set()
        if action_id not in self.created:  # a new action has no progress to compare with
            existing = self.editor.txn.actions.progress_texts(action_id)
        for entry in action.progress:
            if (entry.kind, entry.date, entry.text) not in existing:
                self.editor.add_progress(action_id, entry.kind, entry.text, entry.date, author="")
                self.report.created["progress entries"] += 1

    def _officer(self, officer: ImportedOfficer) -> str | None:
        """The id of the officer meant, creating one if no one matches exactly."""
        written = (officer.name, officer.initials, officer.job_title, officer.email, officer.phone, officer.team)
        if written not in self.officer_ids:
            self.officer_ids[written] = self._find_officer(officer)
        return self.officer_ids[written]

    def _find_officer(self, officer: ImportedOfficer) -> str | None:
        name = officer.name.strip()
        if not name:
            return None
        looks_like_initials = name.isupper() and " " not in name and len(name) <= 4
        if looks_like_initials:
            keyed = self.initials_key.get(name.upper())
            if keyed is not None:
                name = keyed.name
            else:
                match = self.directory.initials_match(name)
                known = match.initialled[0] if len(match.initialled) == 1 else None
                if known:
                    return known.id
                if match.ambiguous_initials:
                    names = ", ".join(o.name for o in match.initialled)
                    note = f"initials {name!r} are those of several officers ({names}): kept as written"
                else:
                    note = f"initials {name!r} are not in any key: kept as written"
                self.report.notes.append(ImportNote(None, note))
        known = self.directory.by_name(name)
        if known:
            self._fill_blanks(known.id, officer)
            return known.id
        likely = self.directory.likely_match(name)
        if likely:
            self.report.notes.append(
                ImportNote(None, f"officer {name!r} may be {likely.name!r}: kept separate, merge them if so")
            )
        initials = officer.initials or (None if looks_like_initials else initials_of(name))
        officer_id = self.editor.create(
            "officer",
            name=name,
            initials=initials,
            job_title=officer.job_title,
            email=officer.email,
            phone=officer.phone,
            team=officer.team,
        )
        self.directory.add(officer_id, name, initials)
        self.report.created["officers"] += 1
        return officer_id

    def _fill_blanks(self, officer_id: str, officer: ImportedOfficer) -> None:
        """Add what the document knows and the database does not; never overwrite."""
        fields = ("initials", "job_title", "email", "phone", "team")
        given = {f: getattr(officer, f) for f in fields if getattr(officer, f)}
        if not given or (officer_id, tuple(given.items())) in self.filled:
            return  # the same lead cell again: nothing new to learn
        self.filled.add((officer_id, tuple(given.items())))
        details = self.editor.txn.officers.details(officer_id)
        for field_name in fields:
            if field_name in given and details is not None and not getattr(details, field_name):
                self.editor.set("officer", officer_id, field_name, given[field_name])

    def _upsert(self, entity: str, key: dict[str, Any], values: dict[str, Any], parent: str | None = None) -> str:
        """Find the live row matching ``key`` and edit what differs, or create it.

        A row whose ``parent`` was created by this import cannot exist yet: no lookup then.
        """
        found = None
        if parent is None or parent not in self.created:
            found = self.editor.txn.records.live_id(entity, key)
        kind = entity if entity.endswith("s") else entity + "s"
        if found is None:
            self.report.created[kind] += 1
            created = self.editor.create(entity, reason=self.reason, **values)
            self.created.add(created)
            return created
        changed = False
        for field_name, value in values.items():
            changed |= self.editor.set(entity, found, field_name, value, reason=self.reason)
        if changed:
            self.report.updated[kind] += 1
        return found


__all__ = ["ImportReport", "load_plan", "load_plans"]
