"""The one write path. Every edit, from the app, the command line, import or sync resolution,
goes through an ``Editor`` on a write transaction: it writes the row change and a change-log
record (who, when, entity, field, old and new value, reason, and the changes it supersedes) in
the same transaction.

    with edit(store, actor="Jackie Roper") as editor:
        editor.set_rag(action_id, "amber", reason="Training delayed to May")
        editor.add_progress(action_id, "next", "Book the venue")

One ``with`` block is one user action: one write transaction and one ``txn_id``, which is what
undo reverts as a whole.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date
from itertools import repeat
from operator import itemgetter
from typing import Any

from models.domain import ProgressKind, Rag, Status
from models.ids import new_id, new_ids
from storage.db import Store, WriteTxn
from storage.db.changes import LoggedChange
from storage.db.records import ENTITIES
from storage.errors import EditRefused, NotFound
from storage.values import clean_value, cleaner, from_json, keeps_text, map_once, to_json, to_json_objects


class Editor:
    """Makes the edits of one write transaction. Get one from ``edit(store, actor)``, or make one
    on a write transaction you hold: ``Editor(txn)``."""

    def __init__(self, txn: WriteTxn) -> None:
        self.txn = txn
        self._live: set[tuple[str, str]] = set()  # (entity, id) known to exist, not deleted
        # action id -> the latest "last update" day this transaction brings (None: only touched);
        # written once, just before commit (``flush``), instead of after every change.
        self._touched: dict[str, date | None] = {}
        # actions created by ``create_many``: their "updated" is already this transaction's time
        self._stamped: set[str] = set()
        txn.before_commit(self.flush)

    # What the transaction knows: who, from where, when, and its id (the undo step).
    @property
    def actor(self) -> str:
        return self.txn.actor

    @property
    def source(self) -> str:
        return self.txn.source

    @property
    def txn_id(self) -> str:
        return self.txn.id

    @property
    def at(self) -> str:
        return self.txn.at

    @property
    def today(self) -> date:
        return self.txn.today

    @property
    def change_ids(self) -> list[str]:
        return self.txn.change_ids

    # --- creating ------------------------------------------------------------------------
    def create(self, entity: str, *, reason: str | None = None, **values: Any) -> str:
        """Create a row of ``entity`` and log it; returns the new id. ``reason`` explains an
        initial rating (e.g. "imported from plan.docx")."""
        entity_id = values.pop("id", None) or new_id()
        if entity not in ENTITIES:
            raise EditRefused(f"unknown kind of record: {entity}")
        clean = {field: clean_value(entity, field, value) for field, value in values.items()}
        if entity == "action":
            self._check_action_create(clean)
        self.txn.records.create(entity, entity_id, clean, self.at)
        self._log(entity, entity_id, "_create", None, clean, reason)
        self._live.add((entity, entity_id))
        self._after_change(entity, entity_id, clean)
        return entity_id

    def create_many(self, entity: str, rows: list[dict[str, Any]], reason: str | None = None) -> list[str]:
        """``create`` for many records of one entity (an import's thousands of actions and progress
        entries): the same records and the same change log, written with one executemany each.
        The records are handled a field at a time (``create_columns``), not a record at a time:
        an import's records share their fields, and its values are mostly text kept as it is."""
        if entity not in ENTITIES:
            raise EditRefused(f"unknown kind of record: {entity}")
        groups: dict[tuple[str, ...], list[int]] = {}  # the fields given -> the rows giving them
        for n, values in enumerate(rows):
            groups.setdefault(tuple(values), []).append(n)
        ids: list[str] = [""] * len(rows)
        texts: list[str] = [""] * len(rows)  # each record's values as the change log has them
        for fields, places in groups.items():
            group = rows if len(groups) == 1 else [rows[n] for n in places]
            names = tuple(field for field in fields if field != "id")
            given = {name: list(map(itemgetter(name), group)) for name in names}
            made, logged = self._create_columns(
                entity, given, [values["id"] for values in group] if "id" in fields else None
            )
            for n, entity_id, text in zip(places, made, logged, strict=True):
                ids[n], texts[n] = entity_id, text
        self.txn.changes.record_creates([entity] * len(rows), ids, texts, [reason] * len(rows))
        return ids

    def create_columns(
        self, entity: str, columns: dict[str, list[Any]], reason: str | None = None, ids: list[str] | None = None
    ) -> list[str]:
        """``create_many`` of records that all give the same fields, given a field at a time
        (``columns``: field -> the records' values, in order; ``ids``: theirs, or made here):
        the same records and change log, without a mapping per record (an import's tens of
        thousands of progress entries). Returns the records' ids."""
        if entity not in ENTITIES:
            raise EditRefused(f"unknown kind of record: {entity}")
        made, logged = self._create_columns(entity, columns, ids)
        self.txn.changes.record_creates([entity] * len(made), made, logged, [reason] * len(made))
        return made

    def _create_columns(
        self, entity: str, columns: dict[str, list[Any]], ids: list[str] | None
    ) -> tuple[list[str], list[str]]:
        """The records of ``create_columns`` (checked, cleaned, written), not yet logged: their
        ids and their values as the change log has them (JSON text), in order."""
        names = tuple(columns)
        count = len(ids) if ids is not None else len(columns[names[0]]) if names else 0
        if ids is None:  # ids made here
            made = new_ids(count)
        elif all(ids):
            made = ids
        else:  # ids given for some: made here for the others
            fresh = iter(new_ids(sum(1 for entity_id in ids if not entity_id)))
            made = [entity_id or next(fresh) for entity_id in ids]
        cleaned = [_cleaned(entity, name, columns[name]) for name in names]
        given = dict(zip(names, cleaned, strict=True))
        if entity == "action":
            self._check_actions_create(given, count)
        elif entity == "progress":
            self._check_progress_create(given)
        self.txn.records.create_columns(entity, made, names, cleaned, self.at)
        if entity != "progress":  # (an import's thousands of entries are not edited again by it: looked up if so)
            self._live.update(zip(repeat(entity), made))
        if entity in ("action", "progress"):
            self._after_creates(entity, made, given)
        return made, to_json_objects(names, cleaned, count)

    def create_action(self, plan_id: str, objective_id: str, ref: str, text: str = "", **values: Any) -> str:
        return self.create("action", plan_id=plan_id, objective_id=objective_id, ref=ref, text=text, **values)

    def add_progress(
        self,
        action_id: str,
        kind: str | ProgressKind,
        text: str,
        entry_date: date | None = None,
        author: str | None = None,
    ) -> str:
        """Add a ✓ achievement, ⇒ next step or note to an action."""
        if not (text or "").strip():
            raise EditRefused("a progress entry needs some text")
        self.require("action", action_id)
        return self.create(
            "progress",
            action_id=action_id,
            kind=str(kind),
            text=text,
            entry_date=entry_date,
            author=author if author is not None else self.actor,
        )

    # --- changing ------------------------------------------------------------------------
    def set(
        self,
        entity: str,
        entity_id: str,
        field: str,
        value: Any,
        reason: str | None = None,
        *,
        supersedes: list[str] | None = None,
    ) -> bool:
        """Set one field. Returns False (and logs nothing) when the value is unchanged.

        ``supersedes``: the heads this change replaces (default: all of them, everything the
        editor sees). Heads it leaves stay, making a conflict; the value shown is then the
        usual default among the heads (``ChangeLog.default_value``), as on every laptop."""
        self.require(entity, entity_id)
        new = clean_value(entity, field, value)
        old = self.txn.records.value(entity, entity_id, field)
        if _same(old, new):  # the same value again (the same rating, say) is no change
            return False
        if field == "rag" and entity == "action" and self.source == "edit" and not (reason or "").strip():
            raise EditRefused("a RAG change needs a reason")
        if entity == "action" and self.source == "edit":
            self._check_action_field(entity_id, field, new)
        heads = self._log(entity, entity_id, field, old, new, reason, supersedes)
        shown = new if len(heads) == 1 else from_json(self.txn.changes.default_value(heads))
        self.txn.records.set_field(entity, entity_id, field, shown, self.at)
        self._after_change(entity, entity_id, {field: shown})
        return True

    def set_rag(self, action_id: str, rag: str | Rag | None, reason: str) -> bool:
        return self.set("action", action_id, "rag", rag, reason=reason)

    def set_timescale(self, action_id: str, text: str, reason: str | None = None) -> bool:
        """Re-date an action; ``reason`` (why it moved) is kept with the change and shown."""
        return self.set("action", action_id, "timescale", text, reason=(reason or "").strip() or None)

    def set_leads(self, action_id: str, officer_ids: list[str]) -> bool:
        for officer_id in officer_ids:
            self.require("officer", officer_id)
        return self.set("action", action_id, "leads", officer_ids)

    def set_status(self, action_id: str, status: str | Status, reason: str | None = None) -> bool:
        return self.set("action", action_id, "status", status, reason=reason)

    def complete(self, action_id: str, note: str) -> None:
        """Mark an action complete: status complete, rated blue, the note as an achievement."""
        if not (note or "").strip():
            raise EditRefused("completing an action needs a closing note")
        self.set_status(action_id, Status.COMPLETE, reason=note)
        self.set_rag(action_id, Rag.BLUE, reason=note)
        self.add_progress(action_id, ProgressKind.ACHIEVED, note, entry_date=self.today)

    def resolve(self, entity: str, entity_id: str, field: str, value: Any, reason: str | None = None) -> None:
        """Settle a sync conflict: set ``field`` (a column, "leads" or "_delete") to ``value`` with
        a change that supersedes every current head of the field. Logged even when the value shown
        already equals ``value``: what changes is that the conflict is settled."""
        self.require(entity, entity_id, include_deleted=True)
        new: Any = bool(value) if field == "_delete" else clean_value(entity, field, value)
        if field == "leads":
            for officer_id in new:
                self.require("officer", officer_id)
        old = self.txn.records.value(entity, entity_id, field)
        self.txn.records.set_field(entity, entity_id, field, new, self.at)
        self._log(entity, entity_id, field, old, new, reason)
        self._after_change(entity, entity_id, {field: new})

    def delete(self, entity: str, entity_id: str, reason: str | None = None) -> bool:
        """Mark a row deleted (a tombstone: ids are never reused). Objectives take their actions."""
        self.require(entity, entity_id)
        if entity == "objective":
            for child in self.txn.records.live_actions_of(entity_id):
                self.delete("action", child, reason)
        return self.set_deleted(entity, entity_id, True, reason)

    def restore(self, entity: str, entity_id: str, reason: str | None = None) -> bool:
        self.require(entity, entity_id, include_deleted=True)
        return self.set_deleted(entity, entity_id, False, reason)

    def set_deleted(self, entity: str, entity_id: str, deleted: bool, reason: str | None = None) -> bool:
        """Delete or restore a row, logged as a ``_delete`` change; False when already so."""
        old = bool(self.txn.records.value(entity, entity_id, "_delete"))
        if old == deleted:
            return False
        self.txn.records.set_field(entity, entity_id, "_delete", deleted, self.at)
        self._live.discard((entity, entity_id))
        self._log(entity, entity_id, "_delete", old, deleted, reason)
        self._after_change(entity, entity_id, {"_delete": deleted})
        return True

    # --- the log -------------------------------------------------------------------------
    def _log(
        self,
        entity: str,
        entity_id: str,
        field: str,
        old: Any,
        new: Any,
        reason: str | None = None,
        supersedes: list[str] | None = None,
    ) -> list[str]:
        """Log one change; returns the field's heads after it (the new change among them)."""
        return self.txn.changes.record(
            entity, entity_id, field, None if old is None else to_json(old), to_json(new), reason, supersedes
        )

    def _after_change(self, entity: str, entity_id: str, values: dict[str, Any]) -> None:
        """Keep each action's "updated" and "last update" moving as it and its progress change."""
        officer_day = self.today if self.source != "import" else None
        if entity == "action":
            self._touch(entity_id, officer_day)
        elif entity == "progress":
            if "action_id" in values:
                action_id, entry_date = values["action_id"], values.get("entry_date")
            else:
                action_id, entry_date = self.txn.records.progress_owner([entity_id])[entity_id]
            self._touch(action_id, officer_day)
            if entry_date is not None and entry_date <= self.today:
                self._touch(action_id, entry_date)

    def _after_creates(self, entity: str, ids: list[str], given: dict[str, list[Any]]) -> None:
        """``_after_change`` of many actions or progress entries just created (given a field at a
        time): their actions' "updated" and "last update" move as one by one."""
        officer_day = self.today if self.source != "import" else None
        if entity == "action":
            self._stamped.update(ids)  # (written with their "updated": only an officer's day to add)
            if officer_day is not None:
                for action_id in ids:
                    self._touch(action_id, officer_day)
            return
        today = self.today
        touched = self._touched  # (``_touch`` written out: an import adds tens of thousands of entries)
        for action_id, entry_date in zip(given["action_id"], given.get("entry_date") or repeat(None), strict=False):
            if officer_day is not None:
                self._touch(action_id, officer_day)
            known = touched.setdefault(action_id, None)
            if entry_date is not None and entry_date <= today and (known is None or known < entry_date):
                touched[action_id] = entry_date

    def _touch(self, action_id: str, day: date | None) -> None:
        known = self._touched.get(action_id)
        self._touched[action_id] = known if day is None or (known is not None and known >= day) else day

    def flush(self) -> None:
        """Write the touched actions' "updated" and "last update" (once per action). Runs by
        itself just before the transaction commits."""
        if self._touched:
            stamped = self._stamped
            self.txn.records.touch_actions(
                [(a, None if a in stamped else self.at, day) for a, day in self._touched.items()]
            )
            self._touched.clear()

    # --- checks --------------------------------------------------------------------------
    def require(self, entity: str, entity_id: str, include_deleted: bool = False) -> None:
        """Refuse (NotFound) an edit of a record that does not exist, or is deleted."""
        if entity not in ENTITIES:
            raise EditRefused(f"unknown kind of record: {entity}")
        if not include_deleted and (entity, entity_id) in self._live:
            return
        deleted = self.txn.records.deleted(entity, entity_id)
        if deleted is None or (deleted and not include_deleted):
            raise NotFound(f"no {entity} with id {entity_id}")
        if not deleted:
            self._live.add((entity, entity_id))

    def _check_action_field(self, action_id: str, field: str, value: Any) -> None:
        """An officer's edit never leaves an action without text or reference, nor gives it the
        reference of another action of its plan (``show REF --plan P`` could not tell them apart)."""
        if field == "text" and not (value or "").strip():
            raise EditRefused("an action's text cannot be empty")
        if field == "ref":
            if not (value or "").strip():
                raise EditRefused("an action's reference cannot be empty")
            plan_id = self.txn.records.value("action", action_id, "plan_id")
            if self.txn.records.action_with_ref(plan_id, value, other_than=action_id):
                raise EditRefused(f"reference {value.strip()!r} is already used in this plan: choose another")

    def _check_actions_create(self, given: dict[str, list[Any]], count: int) -> None:
        """``_check_action_create`` of many actions, given a field at a time: each objective's plan
        and each lead looked up once."""
        plans: dict[str, str | None] = {}
        objectives = given.get("objective_id") or [None] * count
        for objective_id, plan_id in zip(objectives, given.get("plan_id") or [None] * count, strict=True):
            self._check_action_create({"objective_id": objective_id, "plan_id": plan_id}, plans)
        for officer_id in dict.fromkeys(officer for leads in given.get("leads") or () for officer in leads or ()):
            self.require("officer", officer_id)

    def _check_progress_create(self, given: dict[str, list[Any]]) -> None:
        """What ``add_progress`` checks, for many progress entries given a field at a time."""
        if any(not (text or "").strip() for text in given.get("text") or [None]):
            raise EditRefused("a progress entry needs some text")
        if "action_id" not in given:
            raise EditRefused("a progress entry belongs to an action")
        for action_id in dict.fromkeys(given["action_id"]):
            self.require("action", action_id)

    def _check_action_create(self, values: dict[str, Any], plans: dict[str, str | None] | None = None) -> None:
        """Refuse an action outside its objective's plan, or led by no known officer. ``plans``
        remembers objectives' plans across many creates."""
        objective_id = values.get("objective_id") or ""
        if plans is not None and objective_id in plans:
            plan_id = plans[objective_id]
        else:
            plan_id = self.txn.records.objective_plan(objective_id)
            if plans is not None:
                plans[objective_id] = plan_id
        if plan_id is None:
            raise NotFound(f"no objective with id {values.get('objective_id')}")
        if values.get("plan_id") != plan_id:
            raise EditRefused("an action belongs to its objective's plan")
        for officer_id in values.get("leads") or []:
            self.require("officer", officer_id)


@contextmanager
def edit(store: Store, actor: str | None = None, source: str = "edit", bulk: bool = False) -> Iterator[Editor]:
    """One user action: an Editor whose changes commit together, or not at all. ``bulk``: it
    adds thousands of records (``Store.write``)."""
    with store.write(actor=actor, source=source, bulk=bulk) as txn:
        yield Editor(txn)


def undo(store: Store, txn_id: str, actor: str | None = None) -> str | None:
    """Revert every change of transaction ``txn_id`` with new changes (so undo syncs too).

    Returns the id of the undoing transaction (undo it again to redo), or None if nothing changed.
    """
    with edit(store, actor, source="undo") as editor:
        changes = editor.txn.changes.of_transaction(txn_id)
        if not changes:
            raise NotFound(f"nothing to undo for {txn_id}")
        for change in changes:
            if change.field == "_create":
                editor.set_deleted(change.entity, change.entity_id, True)
            elif change.field == "_delete":
                editor.set_deleted(change.entity, change.entity_id, bool(from_json(change.old_value)))
            else:
                reverted = undo_supersedes(editor.txn, change, {change.replica_id, editor.txn.clock.replica})
                editor.set(
                    change.entity,
                    change.entity_id,
                    change.field,
                    from_json(change.old_value),
                    reason="undo",
                    supersedes=reverted,
                )
        return editor.txn_id if editor.change_ids else None


def undo_supersedes(txn: WriteTxn, change: LoggedChange, own_replicas: set[str]) -> list[str]:
    """What an undo of ``change`` supersedes: that change, and the field's heads made on this
    laptop (its own later steps, e.g. an undo being redone). A head another laptop made (a
    colleague's newer value that arrived by sync) is not the undo's to replace: it stays, and the
    undo makes a conflict with it instead of erasing it."""
    heads = txn.changes.heads_by_replica(change.entity, change.entity_id, change.field)
    return sorted({change.id} | {head for head, replica in heads if replica in own_replicas})


def _cleaned(entity: str, field: str, values: list[Any]) -> list[Any]:
    """``clean_value`` of each of ``values`` (one field of many records): text that the field
    keeps as it is is left alone, and each other value is cleaned once (``map_once``). Leads are
    cleaned one by one: each record its own list."""
    clean = cleaner(entity, field)
    if keeps_text(entity, field) and set(map(type, values)) == {str}:
        return values
    if field == "leads":
        return [clean(value) for value in values]
    return map_once(clean, values)


def _same(old: Any, new: Any) -> bool:
    if isinstance(old, date) or isinstance(new, date):
        return str(old) == str(new)
    if isinstance(old, bool) or isinstance(new, bool):
        return bool(old == new)
    if old is None or new is None:
        return (old if old != "" else None) == (new if new != "" else None)
    return bool(old == new)
