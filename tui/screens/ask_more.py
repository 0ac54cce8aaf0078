"""Two more one-line questions: a review's "as at" date, and a plan file to import. Each shows
what it understood as you type; Enter confirms, Escape cancels.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

from rich.text import Text

from models.text import one_line, visible_text
from models.timescale import day_text, parse_day
from tui.screens.ask import AskDialog


def parse_review_day(text: str) -> date | None:
    """22/07/2015, 22/7/15 or 2015-07-22 (day first, as officers write it); None if not a date."""
    try:
        return parse_day(text)
    except ValueError:
        return None


class ReviewDateDialog(AskDialog):
    """Dismisses with the review's date (a ``date``), or None on Escape."""

    def __init__(self, plan_title: str, today: date) -> None:
        title = Text("Review: start a review of ")
        title.append(one_line(plan_title, 60), style="bold")
        super().__init__(
            title,
            "As at (the date of the meeting; today unless you change it):",
            value=day_text(today),
            placeholder="22/07/2015",
        )

    def hint(self, text: str) -> Text:
        day = parse_review_day(text)
        if day is None:
            return Text(f"→ cannot read {visible_text(text)!r} as a date (use 22/07/2015)", style="bold")
        return Text(f"→ review as at {day_text(day)}; changes after now count as since it", style="dim")

    def problem(self, text: str) -> str | None:
        return None if parse_review_day(text) else "Not a date: use 22/07/2015 or 2015-07-22."

    def dismiss(self, result=None):  # the typed text becomes a date
        return super().dismiss(parse_review_day(result) if isinstance(result, str) else result)


def plan_file(text: str) -> Path:
    """The path typed, with ``~`` expanded and surrounding quotes (from a file manager) removed."""
    return Path(text.strip().strip("'\"")).expanduser()


class ImportPathDialog(AskDialog):
    """Dismisses with the path of an existing file, or None on Escape. A missing file is said at
    once (a notification and the hint), and the dialog stays for another try."""

    def __init__(self) -> None:
        super().__init__(
            "Import: import a plan file…",
            "The plan file (.docx, .xlsx, .csv, .tsv, .md or .txt); ~ is your home folder:",
            placeholder="~/Documents/action-plan.docx",
        )

    def hint(self, text: str) -> Text:
        if not text.strip():
            return Text("")
        path = plan_file(text)
        if path.is_file():
            return Text(f"→ {visible_text(path.name)} ({max(path.stat().st_size // 1024, 1)} KB)", style="dim")
        if path.is_dir():
            return Text("→ a folder: give a file in it", style="bold")
        return Text("→ no such file yet", style="dim")

    def problem(self, text: str) -> str | None:
        if not text.strip():
            return "A file is needed (or Esc to cancel)."
        path = plan_file(text)
        if path.is_file():
            return None
        message = f"No file at {path}" if not path.is_dir() else f"{path} is a folder, not a file"
        self.app.notify(visible_text(message), title="Import", severity="error", markup=False)
        return message

    def dismiss(self, result=None):
        return super().dismiss(plan_file(result) if isinstance(result, str) else result)
