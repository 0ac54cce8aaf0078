"""P: the plan dashboard. RAG counts per theme and objective, overdue, no update for N days and
re-dated twice or more, read in a worker (``Actions.dashboard``). Enter on a cell closes it with
the scope that cell counts (its theme or objective, and its RAG, overdue, stale or re-dated
actions), which the main list then shows."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widgets import DataTable, Static

from models.text import one_line
from storage.db import NOT_RATED, ActionFilter
from tui.screens.base import Dialog

if TYPE_CHECKING:
    from storage.db.dashboard import DashboardLine
    from tui.session import Session

STALE_DAYS = 30
#: (column key, header): readable without colour.
COLUMNS = [
    ("red", "●R"),
    ("amber", "●A"),
    ("green", "●G"),
    ("blue", "●B"),
    (NOT_RATED, "–"),
    ("total", "All"),
    ("overdue", "Late!"),
    ("stale", f">{STALE_DAYS}d"),
    ("redated", "Re-dt"),
]


def cell_scope(plan_id: str, line: DashboardLine, column: str, redated: frozenset[str]) -> ActionFilter:
    """The actions a cell counts, as a scope for the main list."""
    scope = ActionFilter(plan_ids=(plan_id,))
    if line.kind == "objective":
        scope = scope.with_(objective_ids=(line.id,))
    elif line.id:
        scope = scope.with_(theme_ids=(line.id,))
    if column in ("red", "amber", "green", "blue", NOT_RATED):
        return scope.with_(rags=frozenset({column}))
    if column == "overdue":
        return scope.with_(overdue=True)
    if column == "stale":
        return scope.with_(stale_days=STALE_DAYS)
    if column == "redated":
        return scope.with_(only_ids=redated)
    return scope


class DashboardScreen(Dialog[ActionFilter]):
    """Dismisses with the scope of the chosen cell, or None on Escape."""

    def __init__(self, session: Session, plan_id: str | None) -> None:
        super().__init__()
        self.session = session
        self.plan_id = plan_id
        self.lines: list[DashboardLine] = []
        self.redated: frozenset[str] = frozenset()

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog dialog-help"):
            yield Static(Text("Plan dashboard: loading…"), id="dashboard-title", classes="dialog-title")
            table: DataTable = DataTable(id="dashboard", cursor_type="cell", zebra_stripes=False)
            yield table
            yield Static(
                Text(
                    f"●R/●A/●G/●B RAG · – not rated · Late! overdue · >{STALE_DAYS}d no update for {STALE_DAYS} days"
                    " · Re-dt re-dated twice or more\nEnter shows those actions in the list · Esc closes",
                    style="dim",
                ),
                classes="dialog-keys",
            )

    def on_mount(self) -> None:
        table = self.query_one("#dashboard", DataTable)
        table.add_column(Text("Theme / objective"), key="label")
        for key, header in COLUMNS:
            table.add_column(Text(header), key=key)
        table.focus()
        self._load()

    @work(thread=True, exclusive=True, group="dashboard", exit_on_error=False)
    def _load(self) -> None:
        today: date = self.session.today
        with self.session.read() as txn:
            plans = txn.plans.list()
            plan = next((p for p in plans if p.id == self.plan_id), plans[0] if plans else None)
            if plan is None:
                self.app.call_from_thread(self._show, None, [], frozenset())
                return
            lines = txn.actions.dashboard(plan.id, today, STALE_DAYS)
            redated = txn.actions.redated(plan.id)
        self.app.call_from_thread(self._show, (plan.id, plan.title), lines, redated)

    def _show(self, plan: tuple[str, str] | None, lines: list[DashboardLine], redated: frozenset[str]) -> None:
        title = self.query_one("#dashboard-title", Static)
        if plan is None:
            title.update(Text("No plans yet: import one first (I)."))
            return
        self.plan_id = plan[0]
        self.lines, self.redated = lines, redated
        heading = Text("Plan dashboard: ")
        heading.append(one_line(plan[1]), style="bold")
        title.update(heading)
        table = self.query_one("#dashboard", DataTable)
        table.clear()
        width = 40 if self.app.size.width >= 110 else 18  # every column shows at 80 columns
        for index, line in enumerate(lines):
            label = Text(("" if line.kind == "theme" else "  ") + one_line(line.label, width))
            if line.kind == "theme":
                label.stylize("bold")
            values = [line.rags.get(key, 0) for key, _ in COLUMNS[:5]]
            values += [line.total, line.overdue, line.stale, line.redated]
            cells = [Text(str(v) if v else "·", justify="right") for v in values]
            table.add_row(label, *cells, key=str(index))

    @on(DataTable.CellSelected, "#dashboard")
    def _chosen(self, event: DataTable.CellSelected) -> None:
        event.stop()
        if self.plan_id is None or not self.lines:
            return
        line = self.lines[event.coordinate.row]
        column = str(event.cell_key.column_key.value)
        self.dismiss(cell_scope(self.plan_id, line, column, self.redated))
