"""Every officer, as the app knows them: loaded in a worker once the first screen is shown, and
again after an import or a sync brings new ones. The app owns one ``Officers`` and hands it to
the screens and parts that pick or name officers (the officer filter, leads, chips, the palette).
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence

from storage.db import OfficerRow


class Officers(Sequence[OfficerRow]):
    """The officers in name order; empty (and ``loaded`` False) until the first load lands."""

    def __init__(self) -> None:
        self._rows: list[OfficerRow] = []
        self.loaded = False

    def replace(self, rows: list[OfficerRow]) -> None:
        self._rows, self.loaded = list(rows), True

    def __getitem__(self, index):  # type: ignore[override]
        return self._rows[index]

    def __len__(self) -> int:
        return len(self._rows)

    def __iter__(self) -> Iterator[OfficerRow]:
        return iter(self._rows)

    def names(self) -> dict[str, str]:
        """Officer id -> name (for chips)."""
        return {officer.id: officer.name for officer in self._rows}

    def get(self, officer_id: str) -> OfficerRow | None:
        return next((officer for officer in self._rows if officer.id == officer_id), None)

    def not_ready(self) -> str | None:
        """Why no officer can be picked yet (a notice), or None when they can."""
        if self._rows:
            return None
        if not self.loaded:
            return "Officers are still loading: try again in a moment."
        return "No officers yet: import a plan first."
