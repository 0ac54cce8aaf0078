"""E: the committee report from the app. Asks the plan, the format (as ``ragtrack export``
offers), the "as at" date, all actions or only those changed since the last review, and the file;
writes it in a worker through the same code as ``ragtrack export`` (``storage.reports``: its
overwrite rules, then ``build_report`` and ``export_report``) and says where it was written. An
existing file is replaced only after a confirmation."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from rich.text import Text
from textual import work

from models.text import one_line
from tui.controllers.base import Controller

if TYPE_CHECKING:
    from storage.db import PlanRow
    from tui.session import Session

FORMAT_LABELS = {
    "docx": "Word (.docx)",
    "html": "Web page (.html)",
    "pdf": "PDF (.pdf)",
    "md": "Markdown (.md)",
    "xlsx": "Excel (.xlsx)",
    "csv": "CSV (.csv)",
}


@dataclass(frozen=True)
class ReportRequest:
    plan_id: str
    fmt: str
    as_at: date | None
    changes_only: bool
    output: Path


def default_name(title: str, as_at: date, fmt: str) -> str:
    """ "Care2Work report 2026-11-22.docx": the plan's title made safe as a file name anywhere
    (Windows included)."""
    safe = re.sub(r'[<>:"/\\|?*\x00-\x1f]+', " ", title).strip(" .") or "plan"
    return f"{' '.join(safe.split())[:60]} report {as_at.isoformat()}.{fmt}"


class ReportController(Controller):
    """Asks what to write, then writes it in a worker."""

    def __init__(self, session: Session, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._session = session
        self.folder = Path.cwd()
        """Where a report goes unless its name says otherwise."""
        self.written: Path | None = None  # the last report written (tests read it)

    def ask(self, plan_id: str | None) -> None:
        self._read_plans(plan_id)

    @work(thread=True, exclusive=True, group="report-plans", exit_on_error=False)
    def _read_plans(self, plan_id: str | None) -> None:
        with self._session.read() as txn:
            plans = txn.plans.list()
        self.app.call_from_thread(self._ask_plan, plans, plan_id)

    def _ask_plan(self, plans: list[PlanRow], plan_id: str | None) -> None:
        from tui.screens.choice import ChoiceDialog

        if not plans:
            self.app.notify("There are no plans yet: import one first (I).", severity="warning")
            return
        if len(plans) == 1:
            self._ask_format(plans[0])
            return
        by_id = {p.id: p for p in plans}

        def chosen(value: str | None) -> None:
            if value is not None:
                self._ask_format(by_id[value])

        choices = [(p.id, one_line(p.title)) for p in plans]
        self.app.push_screen(ChoiceDialog("Committee report: which plan?", choices, plan_id), chosen)

    def _ask_format(self, plan: PlanRow) -> None:
        from tui.screens.choice import ChoiceDialog

        def chosen(fmt: str | None) -> None:
            if fmt is not None:
                self._ask_date(plan, fmt)

        title = Text("Report of ")
        title.append(one_line(plan.title), style="bold")
        title.append(": format")
        self.app.push_screen(ChoiceDialog(title, list(FORMAT_LABELS.items())), chosen)

    def _ask_date(self, plan: PlanRow, fmt: str) -> None:
        from tui.screens.ask import AskDialog

        class DayDialog(AskDialog):
            def problem(self, text: str) -> str | None:
                from models.timescale import parse_day

                if not text.strip():
                    return None
                try:
                    parse_day(text)
                except ValueError:
                    return "Not a date: use 22/11/2026 (or leave empty for today)."
                return None

        def answered(text: str | None) -> None:
            if text is None:
                return
            from models.timescale import parse_day

            self._ask_scope(plan, fmt, parse_day(text) if text else None)

        self.app.push_screen(
            DayDialog(
                f"Report {fmt}: as at which date?",
                "The report's date, for its title and overdue (empty: today):",
                required=False,
                placeholder=self._session.today.strftime("%d/%m/%Y"),
            ),
            answered,
        )

    def _ask_scope(self, plan: PlanRow, fmt: str, as_at: date | None) -> None:
        from tui.screens.choice import ChoiceDialog

        def chosen(value: str | None) -> None:
            if value is not None:
                self._ask_file(plan, fmt, as_at, value == "changed")

        choices = [("all", "Every action"), ("changed", "Only the actions changed since the last review")]
        self.app.push_screen(ChoiceDialog("Which actions?", choices), chosen)

    def _ask_file(self, plan: PlanRow, fmt: str, as_at: date | None, changes_only: bool) -> None:
        from tui.screens.ask import AskDialog

        name = str(self.folder / default_name(plan.title, as_at or self._session.today, fmt))

        def answered(text: str | None) -> None:
            if text:
                self.write(ReportRequest(plan.id, fmt, as_at, changes_only, Path(text).expanduser()), False)

        self.app.push_screen(AskDialog("Write the report to", "File (Enter writes):", value=name), answered)

    @work(thread=True, exclusive=True, group="report", exit_on_error=False)
    def write(self, request: ReportRequest, force: bool) -> None:
        """The same steps as ``ragtrack export``: the overwrite rules, then build and write."""
        from storage.reports import ReportExists, check_overwrite, export_report
        from storage.reports.model import build_report

        output = request.output
        if output.is_dir():
            self.app.call_from_thread(self._refused, f"{output} is a folder: give a file name")
            return
        try:
            check_overwrite(output, self._session.path, force)
        except ReportExists:
            self.app.call_from_thread(self._confirm_replace, request)
            return
        with self._session.read() as txn:
            report = build_report(txn, request.plan_id, as_at=request.as_at, changes_only=request.changes_only)
        export_report(report, request.fmt, output)
        count = sum(1 for _ in report.actions())
        self.written = output
        message = (
            f"Wrote {output} ({request.fmt}, {count} action{'s' if count != 1 else ''},"
            f" as at {report.as_at.strftime('%d/%m/%Y')})"
        )
        self.app.call_from_thread(self.app.notify, message, title="Report written", markup=False, timeout=10)

    def _refused(self, message: str) -> None:
        self.app.notify(message, title="Not done", severity="error", markup=False)

    def _confirm_replace(self, request: ReportRequest) -> None:
        from tui.screens.confirm import ConfirmDialog

        def answered(yes: bool | None) -> None:
            if yes:
                self.write(request, True)

        self.app.push_screen(ConfirmDialog(Text(f"{request.output} exists. Replace it?")), answered)
