"""One line of text asked for: a reason for a rating, a closing note, a new due date.

Enter confirms, Escape cancels. A required answer cannot be empty; a due date is parsed as you
type and shown ("→ due 31 Mar 2027") before anything is saved.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widgets import Input, Static

from models.text import visible_text
from models.timescale import parse_timescale
from tui.screens.base import Dialog


class AskDialog(Dialog[str]):
    """Ask for one line; dismisses with the text (stripped), or None on Escape.

    With ``apply``, an accepted answer is handed to it and the dialog stays open: the caller
    closes it when the answer has been acted on (an edit written: ``WriteRequested.written``)."""

    def __init__(
        self,
        title: str | Text,
        prompt: str,
        *,
        value: str = "",
        required: bool = True,
        placeholder: str = "",
        context: Text | None = None,
        apply: Callable[[str], None] | None = None,
    ) -> None:
        super().__init__()
        self.title_text = title if isinstance(title, Text) else Text(title)
        self.prompt = prompt
        self.value = value
        self.required = required
        self.placeholder = placeholder
        self.context = context
        self.apply = apply
        self.answered = False  # handed to ``apply``: Enter again does not hand it over twice

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Static(self.title_text, classes="dialog-title")
            if self.context is not None:
                yield Static(self.context, classes="dialog-context")
            yield Static(Text(self.prompt), classes="dialog-prompt")
            yield Input(value=self.value, placeholder=self.placeholder, id="answer")
            yield Static(self.hint(self.value), id="hint", classes="dialog-hint")
            yield Static(Text("Enter confirms · Esc cancels", style="dim"), classes="dialog-keys")

    def on_mount(self) -> None:
        self.query_one("#answer", Input).focus()

    def hint(self, text: str) -> Text:
        return Text("")

    def problem(self, text: str) -> str | None:
        """Why ``text`` cannot be accepted, or None."""
        if self.required and not text.strip():
            return "An answer is needed (or Esc to cancel)."
        return None

    @on(Input.Changed, "#answer")
    def _changed(self, event: Input.Changed) -> None:
        self.query_one("#hint", Static).update(self.hint(event.value))

    @on(Input.Submitted, "#answer")
    def _submitted(self, event: Input.Submitted) -> None:
        event.stop()
        if self.answered:
            return
        problem = self.problem(event.value)
        if problem:
            self.query_one("#hint", Static).update(Text(problem, style="bold"))
            self.app.bell()
            return
        if self.apply is None:
            self.dismiss(event.value.strip())
            return
        self.answered = True
        self.apply(event.value.strip())


class DueDateDialog(AskDialog):
    """A new timescale, parsed and shown as you type; only something understood is saved."""

    def __init__(self, title: str | Text, current: str, today: date) -> None:
        super().__init__(
            title,
            "New timescale or due date (e.g. 31/03/2027, end of March, Summer term 2027, Ongoing):",
            value=current,
            placeholder="e.g. 31/03/2027 (Esc keeps the timescale as it is)",
        )
        self.today = today

    def hint(self, text: str) -> Text:
        if not text.strip():
            return Text("→ a timescale is needed (Esc keeps the one there is)", style="dim")
        parsed = parse_timescale(text, reference=self.today)
        if not parsed.understood:
            return Text(f"→ cannot read {visible_text(text)!r} as a date", style="bold")
        return Text(f"→ {parsed.describe()}", style="bold")

    def problem(self, text: str) -> str | None:
        # As ``ragtrack update --due``: an empty timescale is refused, never saved as "none".
        if not text.strip():
            return "A timescale is needed: type one, or Esc to keep the one there is."
        if not parse_timescale(text, reference=self.today).understood:
            return "Not understood as a date: try 31/03/2027 or 'end of March'."
        return None
