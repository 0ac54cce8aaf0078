"""The add dialog: a form whose every field is returned (a proposed reference left as it is
counts), with the fields that must not be empty checked before it closes."""

from __future__ import annotations

from rich.text import Text
from textual.widgets import Static

from tui.screens.form import Field, FormDialog


class AddForm(FormDialog):
    """Dismisses with {field: value} for every field (stripped), or None on Escape."""

    def __init__(self, title: str | Text, fields: list[Field], required: tuple[str, ...] = ()) -> None:
        super().__init__(title, fields)
        self.required = required

    def on_mount(self) -> None:
        # The first field to fill in (a proposed reference is usually kept as it is).
        # (After FormDialog's own on_mount, which focuses the first field.)
        first = next((n for n, f in enumerate(self.fields) if f.name in self.required and not f.value), 0)
        self.call_after_refresh(self.query_one(f"#f{first}").focus)

    def action_save(self) -> None:
        values = {field.name: self._value(n).strip() for n, field in enumerate(self.fields)}
        missing = [f.label for f in self.fields if f.name in self.required and not values[f.name]]
        if missing:
            self.app.bell()
            self.query_one(".dialog-keys", Static).update(Text(f"{missing[0]} cannot be empty.", style="bold"))
            return
        self.dismiss(values)
