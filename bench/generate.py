"""Realistic ragtrack databases of any size, written fast with bulk SQL.

A generated database is what ragtrack itself would hold after importing plans of 1,000 actions
each and a year of officers' edits: the rows, and the change-log records the one write path
(storage/writes.py ``_log``, storage/materialise.py) writes for them, with the same JSON, the
same derived columns (due window, ``updated_at``, ``last_update``) and the same field heads.
``check_faithful()`` proves it: it builds a small plan both ways (bulk here, and through
``storage.writes.edit`` with the same ids) and compares every row.

Inserting through the write path costs ~40x more, so databases are made with ``executemany`` and
cached under bench/work/ keyed by size and generator version.
"""

from __future__ import annotations

import itertools
import json
import random
import sqlite3
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

#: Bump when the generated data changes shape, so cached databases are rebuilt.
GENERATOR_VERSION = 3
ACTIONS_PER_PLAN = 1000
#: The day the generated world is seen from: imports ~a year before, edits since.
NOW = datetime(2026, 11, 1, 9, 0, tzinfo=UTC)

THEMES = ("COMMITMENT", "OPPORTUNITIES", "SUPPORT", "OUTCOMES")
ORGANISATIONS = (
    "St Helens Council",
    "Leeds City Council",
    "Wirral Council",
    "Calderdale Council",
    "Salford City Council",
    "Kirklees Council",
)
BODIES = (
    "Children and Young People Services Scrutiny Panel",
    "Corporate Parent Forum",
    "Care Leaver Board",
    "Overview and Scrutiny Commission",
    "Health and Wellbeing Board",
)
PLAN_TOPICS = (
    "Improving Work Opportunities for Care Experienced Young People",
    "Apprenticeships for Looked After Children and Care Leavers",
    "From Care2Work Employability Support Work Plan",
    "SEND Improvement Plan",
    "Early Help Partnership Plan",
    "Youth Justice Improvement Plan",
    "Corporate Parenting Action Plan",
    "NEET Reduction Strategy",
)
FIRST = (
    "Jackie",
    "Jancis",
    "Michael",
    "Keith",
    "Sally",
    "Sheila",
    "Lynne",
    "Jane",
    "Allison",
    "Dominic",
    "Carly",
    "Helen",
    "Sharon",
    "Sarah",
    "Paul",
    "Rob",
    "Catherine",
    "Gwendolyn",
    "Andrew",
    "Fiona",
    "Imran",
    "Priya",
    "Tom",
    "Rachel",
    "David",
    "Nadia",
    "Owen",
    "Grace",
    "Mark",
    "Ruth",
    "Yusuf",
    "Claire",
    "Peter",
    "Aisha",
    "Gareth",
    "Megan",
)
LAST = (
    "Roper",
    "Andrew",
    "Clarke",
    "Lander",
    "Lowe",
    "Duxbury",
    "McLaughlin",
    "Hopkins",
    "Yates",
    "Tumelty",
    "Quinn",
    "Sharratt",
    "Fryer",
    "Platt",
    "Ross",
    "Murray",
    "White",
    "Wagner-Adair",
    "Hussain",
    "Patel",
    "O'Neill",
    "Bennett",
    "Kowalski",
    "Okafor",
    "Thompson",
    "Ahmed",
    "Williams",
    "Jones",
    "Walsh",
    "Evans",
    "Brennan",
    "Shaw",
    "Fletcher",
    "Nolan",
)
JOB_TITLES = (
    "Head of Service, Children We Look After",
    "Team Manager, Futures",
    "Head teacher, Virtual School",
    "Service Delivery Manager",
    "Targeted Services Leader",
    "14-19 Partnerships Manager",
    "Young People's Progression Manager",
    "Head of Employment and Skills",
    "Children and Young People Consultation Officer",
    "Operations Manager, Targeted Services",
    "Education Adviser",
    "Head of Service, SEND",
)
TEAMS = (
    "Children's Social Work Service",
    "Virtual School",
    "Employment and Skills",
    "Targeted Services",
    "Futures team",
    "Communications",
)
VERBS = (
    "To ensure",
    "To develop",
    "To review",
    "To link with",
    "To support and implement",
    "To promote",
    "To monitor",
    "To establish",
    "To co-ordinate",
    "To deliver",
)
OBJECTS = (
    "the Care Leaver Dashboard",
    "the NEET Strategy",
    "a consultation exercise with young people",
    "work experience opportunities across council services",
    "the Local Offer",
    "Personal Education Plans",
    "the Care Leaver Life Skills programme at the Hub",
    "mentoring from the University partners",
    "the apprenticeship levy transfer scheme",
    "quarterly reports to the Corporate Parent Forum",
    "the careers advice and guidance strategy",
    "ring-fenced apprenticeships for care leavers",
    "the MALAP sub group",
    "traineeships with local employers",
    "the website pages for care leavers",
)
PURPOSES = (
    "so that care leavers are supported into education, employment or training.",
    "with a focus on children we look after aged 16 and over.",
    "and report progress to the Care Leaver Board.",
    "to improve outcomes at Key Stage 5.",
    "in conjunction with the communications team.",
    "ensuring the language used is engaging and accessible.",
    "and embed it in the Leeds Safeguarding Children Board Education Reference Group.",
    "to reduce the number of young people who are NEET.",
)
PROGRESS_TEXT = {
    "achieved": (
        "Since Aug {y} {i} sits on the Education Reference Steering Group.",
        "Taster events held in July and August {y}.",
        "Data included in the dashboard.",
        "Strategy approved by the Care Leaver Board.",
        "Review of the Local Offer completed.",
        "{n} care leavers started apprenticeships this term.",
        "Done and ongoing.",
    ),
    "next": (
        "Report to Corporate Parent Forum in {m} {y}.",
        "Book the venue for the autumn event.",
        "Agree the data sharing protocol with DWP.",
        "Circulate the draft to partners.",
        "Follow up with Jobcentre Plus on referrals.",
        "Present findings to the Scrutiny Panel.",
    ),
    "note": (
        "Awaiting Member portfolios to be confirmed.",
        "Delayed: staff vacancy in the team.",
        "Discussed at the Care Leaver Board.",
        "Funding confirmed for {y}/{yy}.",
    ),
}
RAG_REASONS = {
    "red": ("Training delayed to {m}", "Funding withdrawn by partner", "Post vacant since {m}"),
    "amber": ("Some slippage: venue not confirmed", "Awaiting partner data", "Staff sickness"),
    "green": ("Back on schedule after review", "Partner data received", "Venue booked"),
}
MONTHS = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)


def _timescale(rng: random.Random) -> str:
    """A timescale in one of the styles the seed plans use."""
    y = rng.choice((2014, 2015, 2021, 2024, 2025, 2025, 2026, 2026, 2026, 2027, 2027))
    m = rng.randrange(1, 13)
    month = MONTHS[m - 1]
    style = rng.randrange(16)
    if style == 0:
        return f"{m:02d}/{y % 100:02d}"  # "04/14"
    if style == 1:
        return f"From {month} {y % 100:02d}"
    if style == 2:
        d = rng.randrange(1, 29)
        suffix = "st" if d in (1, 21) else "nd" if d in (2, 22) else "rd" if d in (3, 23) else "th"
        return f"{d}{suffix} {month} {y}"
    if style == 3:
        return f"{rng.choice(('Spring', 'Summer', 'Autumn'))} term {y}"
    if style == 4:
        return rng.choice(("Ongoing", "Ongoing", "As required", "Quarterly", "Monthly"))
    if style == 5:
        return f"Q{rng.randrange(1, 5)} {y}/{(y + 1) % 100:02d}"
    if style == 6:
        return f"By {month} {y}"
    if style == 7:
        return f"{month[:4] if month == 'September' else month[:3]} {y}"  # "Sept 2013"
    if style == 8:
        return f"{rng.randrange(1, 29):02d}/{m:02d}/{y % 100:02d}"
    if style == 9:
        return f"{y}-{(y + 1) % 100:02d}"
    if style == 10:
        return f"End of {month}"
    if style == 11:
        return f"{m:02d}/{y % 100:02d}-{min(m + 3, 12):02d}/{y % 100:02d}"
    if style == 12:
        return f"{month} {y}"
    return f"{rng.randrange(1, 29)}/{m:02d}/{y}"


@dataclass
class Spec:
    """What to generate: ``actions`` actions in plans of ``ACTIONS_PER_PLAN``."""

    actions: int
    seed: int = 7

    @property
    def plans(self) -> int:
        return max(1, -(-self.actions // ACTIONS_PER_PLAN))

    @property
    def officers(self) -> int:
        return min(60 + self.actions // 100, 1200)


@dataclass
class _Clock:
    """HLC stamps as storage.clock.HybridClock issues them, one txn at a time."""

    replica: str
    millis: int = 0
    counter: int = 0

    def tick(self, at: datetime) -> str:
        now = int(at.timestamp() * 1000)
        if now > self.millis:
            self.millis, self.counter = now, 0
        else:
            self.counter += 1
        return f"{self.millis:013d}.{self.counter:05d}.{self.replica}"


def _iso(at: datetime) -> str:
    return at.strftime("%Y-%m-%dT%H:%M:%S.%f")[:-3] + "Z"


#: storage.values.to_json's encoding (one encoder object: json.dumps per call costs ~3x more).
_to_json = json.JSONEncoder(default=lambda v: v.isoformat(), ensure_ascii=False, separators=(",", ":")).encode


@dataclass
class World:
    """The generated plan, as the operations the write path would have done, in order.

    ``txns`` is a list of (actor, source, at, ops); an op is ("create", entity, id, values,
    reason) or ("set", entity, id, field, value, reason). Applying them through storage.writes
    and through ``bulk_write`` must give identical databases (``check_faithful``).
    """

    replica: str
    txns: list = field(default_factory=list)
    officer_names: list[str] = field(default_factory=list)
    officer_ids: list[str] = field(default_factory=list)
    plan_titles: list[str] = field(default_factory=list)


def build_world(spec: Spec) -> World:
    rng = random.Random(spec.seed * 1_000_003 + spec.actions)

    def uid() -> str:
        return f"{rng.getrandbits(128):032x}"

    world = World(replica=uid())
    # Officers: unique names; leads follow a skewed distribution (a few officers lead a lot).
    names: list[str] = []
    seen: set[str] = set()
    while len(names) < spec.officers:
        name = f"{rng.choice(FIRST)} {rng.choice(LAST)}"
        if len(seen) >= len(FIRST) * len(LAST) - 5:
            name = f"{name} {len(names)}"
        if name not in seen:
            seen.add(name)
            names.append(name)
    officer_ops = []
    for name in names:
        officer_id = uid()
        world.officer_ids.append(officer_id)
        initials = "".join(w[0] for w in name.replace("-", " ").split()[:2]).upper()
        officer_ops.append(
            (
                "create",
                "officer",
                officer_id,
                {
                    "name": name,
                    "initials": initials,
                    "job_title": rng.choice(JOB_TITLES),
                    "email": name.lower().replace(" ", ".").replace("'", "") + "@council.gov.uk",
                    "phone": f"0113 {rng.randrange(100, 999)} {rng.randrange(1000, 9999)}",
                    "team": rng.choice(TEAMS),
                },
                None,
            )
        )
    world.officer_names = names
    lead_weights = list(itertools.accumulate(1.0 / (i + 3) ** 0.8 for i in range(len(names))))
    officer_index = {officer_id: i for i, officer_id in enumerate(world.officer_ids)}

    import_day = NOW - timedelta(days=330)
    edits: list[tuple[datetime, str, str, str, str | None, str, str]] = []
    remaining = spec.actions
    for p in range(spec.plans):
        size = min(ACTIONS_PER_PLAN, remaining)
        remaining -= size
        at = import_day + timedelta(minutes=7 * p)
        plan_id, source_key = uid(), f"bench-plan-{p:03d}"
        title = f"{PLAN_TOPICS[p % len(PLAN_TOPICS)]} {2020 + p % 7}/{(21 + p % 7) % 100:02d} #{p + 1}"
        world.plan_titles.append(title)
        ops = list(officer_ops) if p == 0 else []
        reason = f"imported from {source_key}"
        ops.append(
            (
                "create",
                "plan",
                plan_id,
                {
                    "title": title,
                    "organisation": rng.choice(ORGANISATIONS),
                    "overseeing_body": rng.choice(BODIES),
                    "as_at": date(2026, 7, 22),
                    "source_key": source_key,
                    "rag_definitions": _to_json(
                        {
                            "red": "Substantial challenges encountered",
                            "amber": "Started, with some challenges being encountered",
                            "green": "On schedule, no or minor challenges",
                            "blue": "Complete",
                        }
                    ),
                },
                reason,
            )
        )
        theme_ids = []
        for t, name in enumerate(THEMES):
            theme_ids.append(uid())
            ops.append(("create", "theme", theme_ids[-1], {"plan_id": plan_id, "name": name, "position": t}, reason))
        made = 0
        objective_no = 0
        while made < size:
            count = min(rng.randrange(6, 15), size - made)
            objective_no += 1
            objective_id = uid()
            ops.append(
                (
                    "create",
                    "objective",
                    objective_id,
                    {
                        "plan_id": plan_id,
                        "ref": str(objective_no),
                        "text": f"{rng.choice(VERBS)} {rng.choice(OBJECTS)} {rng.choice(PURPOSES)}",
                        "theme_id": theme_ids[min(len(THEMES) * made // size, len(THEMES) - 1)],
                        "position": objective_no - 1,
                    },
                    reason,
                )
            )
            for k in range(count):
                action_id = uid()
                final = rng.choices(("red", "amber", "green", "blue", None), (15, 30, 35, 10, 10))[0]
                status = "open"
                if final == "blue":
                    status = "complete" if rng.random() < 0.9 else "open"
                elif rng.random() < 0.03:
                    status = rng.choice(("withdrawn", "withdrawn", "superseded"))
                edited = status == "open" and final in ("red", "amber", "green") and rng.random() < 0.3
                initial = rng.choice([r for r in ("red", "amber", "green") if r != final]) if edited else final
                n_leads = rng.choices((1, 2, 3), (55, 30, 15))[0]
                leads = list(dict.fromkeys(rng.choices(world.officer_ids, cum_weights=lead_weights, k=n_leads)))
                text = f"{rng.choice(VERBS)} {rng.choice(OBJECTS)} {rng.choice(PURPOSES)}"
                if rng.random() < 0.3:
                    text += f"\n{rng.choice(PURPOSES).capitalize()}"
                ops.append(
                    (
                        "create",
                        "action",
                        action_id,
                        {
                            "plan_id": plan_id,
                            "objective_id": objective_id,
                            "ref": f"{objective_no}{chr(97 + k)}",
                            "text": text,
                            "timescale": _timescale(rng),
                            "status": status,
                            "rag": initial,
                            "leads": leads,
                            "position": k,
                        },
                        reason,
                    )
                )
                for _ in range(rng.choice((3, 4, 5, 5, 5, 6))):
                    kind = rng.choices(("achieved", "next", "note"), (50, 35, 15))[0]
                    y = rng.choice((2014, 2015, 2021, 2025, 2026))
                    template = rng.choice(PROGRESS_TEXT[kind])
                    words = {
                        "y": y,
                        "yy": (y + 1) % 100,
                        "m": rng.choice(MONTHS),
                        "n": rng.randrange(2, 30),
                        "i": "".join(w[0] for w in names[0].split()),
                    }
                    entry_date = date(y, rng.randrange(1, 13), rng.randrange(1, 29)) if rng.random() < 0.8 else None
                    ops.append(
                        (
                            "create",
                            "progress",
                            uid(),
                            {
                                "action_id": action_id,
                                "kind": kind,
                                "text": template.format(**words),
                                "entry_date": entry_date,
                                "author": "",
                            },
                            None,
                        )
                    )
                if edited:
                    day = import_day + timedelta(days=rng.uniform(1, 329))
                    actor = names[officer_index[leads[0]]]
                    edits.append(
                        (
                            day,
                            action_id,
                            final,
                            actor,
                            rng.choice(RAG_REASONS[final]).format(m=rng.choice(MONTHS)),
                            uid(),
                            rng.choice(PROGRESS_TEXT["next"]).format(y=2026, yy=27, m="May", n=3, i=""),
                        )
                    )
                made += 1
        world.txns.append(("Bench Importer", "import", at, ops))
    edits.sort()
    for day, action_id, rag, actor, reason, progress_id, next_step in edits:
        world.txns.append(
            (
                actor,
                "edit",
                day,
                [
                    ("set", "action", action_id, "rag", rag, reason),
                    (
                        "create",
                        "progress",
                        progress_id,
                        {
                            "action_id": action_id,
                            "kind": "next",
                            "text": next_step,
                            "entry_date": day.date(),
                            "author": actor,
                        },
                        None,
                    ),
                ],
            )
        )
    return world


# --- writing ------------------------------------------------------------------------------

_COLUMNS = {
    "plan": (
        "id",
        "title",
        "organisation",
        "overseeing_body",
        "approved_on",
        "as_at",
        "rag_definitions",
        "lead_contact",
        "strategic_lead",
        "source_key",
        "created_at",
        "updated_at",
        "deleted",
    ),
    "theme": ("id", "plan_id", "name", "position", "deleted"),
    "objective": ("id", "plan_id", "theme_id", "ref", "text", "criteria", "position", "deleted"),
    "action": (
        "id",
        "plan_id",
        "objective_id",
        "ref",
        "text",
        "status",
        "rag",
        "timescale",
        "due_start",
        "due_end",
        "ongoing",
        "undated",
        "timescale_understood",
        "position",
        "created_at",
        "updated_at",
        "last_update",
        "deleted",
    ),
    "officer": ("id", "name", "initials", "job_title", "team", "email", "phone", "created_at", "deleted"),
    "progress": ("id", "action_id", "kind", "entry_date", "author", "text", "created_at", "deleted"),
}
_CHANGE_COLUMNS = (
    "id",
    "seq",
    "txn_id",
    "replica_id",
    "stamp",
    "actor",
    "at",
    "entity",
    "entity_id",
    "field",
    "old_value",
    "new_value",
    "reason",
    "supersedes",
    "source",
)


def _sql_value(value):
    if isinstance(value, bool):
        return int(value)
    if isinstance(value, date):
        return value.isoformat()
    return value


def bulk_write(path: Path, world: World, uid_seed: int = 1) -> None:
    """Write ``world`` into a new ragtrack database at ``path`` with executemany.

    The schema is made by ragtrack itself (``Database.open``), so the file is a ragtrack
    database of the current schema version; only the rows are written here.
    """
    from models.timescale import parse_timescale
    from storage.database import Database

    db = Database.open(path)
    db.close()
    rng = random.Random(uid_seed)

    def uid() -> str:
        return f"{rng.getrandbits(128):032x}"

    conn = sqlite3.connect(str(path))
    # A throw-away file until it is renamed into place: no journal, a big page cache (UUID keys
    # land all over every index), and back to WAL, as ragtrack leaves its files, at the end.
    conn.execute("PRAGMA journal_mode = OFF")
    conn.execute("PRAGMA synchronous = OFF")
    conn.execute("PRAGMA cache_size = -1000000")
    rows: dict[str, list[tuple]] = {name: [] for name in _COLUMNS}
    actions: dict[str, dict] = {}  # id -> row (dict) until the end: edits move it
    leads: list[tuple] = []
    changes: list[tuple] = []
    heads: list[tuple] = []
    parsed: dict[tuple[str, date], object] = {}
    clock = _Clock(world.replica)
    seq = 0
    for actor, source, at_time, ops in world.txns:
        txn_id, at = uid(), _iso(at_time)
        at_day = date.fromisoformat(at[:10])
        officer_edit = source != "import"
        for op in ops:
            seq += 1
            if op[0] == "create":
                _, entity, entity_id, values, reason = op
                changes.append(
                    (
                        uid(),
                        seq,
                        txn_id,
                        world.replica,
                        clock.tick(at_time),
                        actor,
                        at,
                        entity,
                        entity_id,
                        "_create",
                        None,
                        _to_json(values),
                        reason,
                        "[]",
                        source,
                    )
                )
                row = {k: v for k, v in values.items() if k != "leads"}
                row["id"] = entity_id
                row["deleted"] = False
                if entity == "action":
                    key = (row["timescale"], at_day)
                    if key not in parsed:
                        parsed[key] = parse_timescale(row["timescale"], reference=at_day)
                    ts = parsed[key]
                    row.update(
                        due_start=ts.start,
                        due_end=ts.end,
                        ongoing=ts.ongoing,
                        undated=ts.undated,
                        timescale_understood=ts.understood,
                        created_at=at,
                        updated_at=at,
                        last_update=at_day if officer_edit else None,
                    )
                    actions[entity_id] = row
                    leads.extend((entity_id, o, i) for i, o in enumerate(values.get("leads") or []))
                    continue
                if "created_at" in _COLUMNS[entity]:
                    row["created_at"] = at
                if entity == "plan":
                    row["updated_at"] = ""
                rows[entity].append(tuple(_sql_value(row.get(c)) for c in _COLUMNS[entity]))
                if entity == "progress":
                    action = actions[values["action_id"]]
                    action["updated_at"] = max(action["updated_at"], at)
                    if officer_edit:
                        action["last_update"] = max(action["last_update"] or at_day, at_day)
                    entry = values.get("entry_date")
                    if entry is not None and entry <= at_day:
                        action["last_update"] = max(action["last_update"] or entry, entry)
            else:
                _, entity, entity_id, field_name, value, reason = op
                assert entity == "action" and field_name == "rag", op
                action = actions[entity_id]
                old = action["rag"]
                change_id = uid()
                changes.append(
                    (
                        change_id,
                        seq,
                        txn_id,
                        world.replica,
                        clock.tick(at_time),
                        actor,
                        at,
                        entity,
                        entity_id,
                        field_name,
                        None if old is None else _to_json(old),
                        _to_json(value),
                        reason,
                        "[]",
                        source,
                    )
                )
                heads.append((entity, entity_id, field_name, change_id))
                action["rag"] = value
                action["updated_at"] = max(action["updated_at"], at)
                if officer_edit:
                    action["last_update"] = max(action["last_update"] or at_day, at_day)
    rows["action"] = [tuple(_sql_value(a.get(c)) for c in _COLUMNS["action"]) for a in actions.values()]
    with conn:
        for entity in ("officer", "plan", "theme", "objective", "action", "progress"):
            columns = _COLUMNS[entity]
            conn.executemany(
                f"INSERT INTO {entity} ({','.join(columns)}) VALUES ({','.join('?' * len(columns))})",
                rows[entity],
            )
        conn.executemany("INSERT INTO action_lead (action_id, officer_id, position) VALUES (?,?,?)", leads)
        conn.executemany(
            f"INSERT INTO change ({','.join(_CHANGE_COLUMNS)}) VALUES ({','.join('?' * len(_CHANGE_COLUMNS))})",
            changes,
        )
        conn.executemany("INSERT INTO field_head (entity, entity_id, field, change_id) VALUES (?,?,?,?)", heads)
        conn.execute("DELETE FROM setting WHERE key IN ('replica_id', 'clock')")
        conn.execute("INSERT INTO setting (key, value) VALUES ('replica_id', ?)", [world.replica])
        conn.execute(
            "INSERT INTO setting (key, value) VALUES ('clock', ?)",
            [f"{clock.millis:013d}.{clock.counter:05d}.{world.replica}"],
        )
    conn.execute("PRAGMA journal_mode = WAL")
    conn.close()


def write_through_ragtrack(path: Path, world: World) -> None:
    """Apply ``world`` through ragtrack's one write path (slow: for ``check_faithful`` only)."""
    from unittest import mock

    from storage.database import Database
    from storage.writes import edit

    db = Database.open(path)
    db.set_setting("replica_id", world.replica)
    try:
        for actor, source, at_time, ops in world.txns:
            with (
                mock.patch("storage.writes.utc_now_iso", return_value=_iso(at_time)),
                mock.patch("storage.clock.time.time", return_value=at_time.timestamp()),
                edit(db, actor=actor, source=source) as editor,
            ):
                for op in ops:
                    if op[0] == "create":
                        _, entity, entity_id, values, reason = op
                        editor.create(entity, reason=reason, id=entity_id, **values)
                    else:
                        _, entity, entity_id, field_name, value, reason = op
                        editor.set(entity, entity_id, field_name, value, reason=reason)
    finally:
        db.close()


_IGNORED = {"change": ("id", "txn_id"), "field_head": ("change_id",)}


def _dump(path: Path) -> dict[str, list[tuple]]:
    conn = sqlite3.connect(str(path))
    try:
        tables = [r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table' ORDER BY name")]
        result = {}
        for table in tables:
            columns = [r[1] for r in conn.execute(f"PRAGMA table_info({table})") if r[1] not in _IGNORED.get(table, ())]
            order = "seq" if table == "change" else ",".join(columns)
            result[table] = [
                tuple(r) for r in conn.execute(f"SELECT {','.join(columns)} FROM {table} ORDER BY {order}")
            ]
            result[table + " (types)"] = sorted(
                {tuple(r) for r in conn.execute(f"SELECT {','.join(f'typeof({c})' for c in columns)} FROM {table}")}
            )
        result["pragmas"] = [conn.execute(f"PRAGMA {p}").fetchone() for p in ("application_id", "user_version")]
        return result
    finally:
        conn.close()


def check_faithful(workdir: Path, actions: int = 60) -> list[str]:
    """Build a small world both ways; return the differences (empty: the bulk writer is faithful)."""
    spec = Spec(actions=actions, seed=99)
    world = build_world(spec)
    bulk, slow = workdir / "faithful-bulk.db", workdir / "faithful-writepath.db"
    for path in (bulk, slow):
        for suffix in ("", "-wal", "-shm"):
            Path(f"{path}{suffix}").unlink(missing_ok=True)
    bulk_write(bulk, world)
    write_through_ragtrack(slow, world)
    a, b = _dump(bulk), _dump(slow)
    problems = []
    for table in sorted(set(a) | set(b)):
        if a.get(table) != b.get(table):
            left, right = a.get(table, []), b.get(table, [])
            first = next(
                (i for i, (x, y) in enumerate(zip(left, right, strict=False)) if x != y), min(len(left), len(right))
            )
            problems.append(
                f"{table}: {len(left)} bulk rows vs {len(right)} write-path rows; first difference "
                f"at {first}: {left[first] if first < len(left) else None!r} != "
                f"{right[first] if first < len(right) else None!r}"
            )
    return problems


def database_for(workdir: Path, actions: int, log=print) -> Path:
    """The cached database of ``actions`` actions, generated if missing."""
    import time

    path = workdir / f"plan-{actions}-v{GENERATOR_VERSION}.db"
    if path.exists():
        return path
    workdir.mkdir(parents=True, exist_ok=True)
    partial = workdir / f".{path.name}.part"
    for suffix in ("", "-wal", "-shm"):
        Path(f"{partial}{suffix}").unlink(missing_ok=True)
    started = time.perf_counter()
    world = build_world(Spec(actions))
    bulk_write(partial, world)
    for suffix in ("-wal", "-shm"):
        Path(f"{partial}{suffix}").unlink(missing_ok=True)
    partial.replace(path)
    log(f"  generated {path.name} ({actions:,} actions) in {time.perf_counter() - started:.1f} s")
    return path


def world_facts(path: Path) -> dict[str, int]:
    conn = sqlite3.connect(str(path))
    try:
        facts = {
            t: conn.execute(f"SELECT count(*) FROM {t}").fetchone()[0]
            for t in ("plan", "objective", "action", "officer", "action_lead", "progress", "change")
        }
        facts.update(
            {f"rag {r or 'none'}": n for r, n in conn.execute("SELECT rag, count(*) FROM action GROUP BY rag")}
        )
        return facts
    finally:
        conn.close()
