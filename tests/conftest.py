"""Shared fixtures: in-memory databases and a small plan built through the write path."""

from __future__ import annotations

import os
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import pytest
from db_support import Database
from hypothesis import settings

from storage.writes import edit

# In CI the property tests run the same examples every time (derandomize): a pass or a failure
# there is about the change under test, not about which examples chance picked. Exploration for
# new failures happens on developers' machines (random examples, remembered in .hypothesis/)
# and in `make soak`.
settings.register_profile("ci", derandomize=True, database=None)
if os.environ.get("CI"):
    settings.load_profile("ci")

SAMPLES = Path(__file__).resolve().parent.parent / "samples"


@pytest.fixture
def db() -> Database:
    database = Database.memory()
    yield database
    database.close()


@dataclass
class SmallPlan:
    plan: str
    objective: str
    jackie: str
    keith: str
    red_action: str
    green_action: str
    undated_action: str


@pytest.fixture
def small_plan(db: Database) -> SmallPlan:
    """One plan, one objective, two officers and three actions (red + overdue, green, undated)."""
    with edit(db, actor="setup") as e:
        plan = e.create("plan", title="Care2Work", organisation="Leeds City Council")
        objective = e.create("objective", plan_id=plan, ref="1", text="Commitment")
        jackie = e.create("officer", name="Jackie Roper", initials="JR", job_title="Education Adviser")
        keith = e.create("officer", name="Keith Lander", initials="KL")
        red = e.create_action(
            plan,
            objective,
            "1a",
            "Promote the C2W group",
            timescale="04/14",
            rag="red",
            leads=[jackie],
            position=0,
            reason="initial",
        )
        green = e.create_action(
            plan,
            objective,
            "1b",
            "Link with the task group",
            timescale="Ongoing",
            rag="green",
            leads=[keith, jackie],
            position=1,
        )
        undated = e.create_action(plan, objective, "1c", "Brief the Board [bold]now[/]", position=2)
        e.add_progress(red, "achieved", "Sits on the steering group", entry_date=date(2014, 8, 1))
    return SmallPlan(plan, objective, jackie, keith, red, green, undated)


pytest_plugins = ["hub_support"]
