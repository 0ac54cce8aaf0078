"""Domain vocabulary shared by every layer: RAG ratings, action status, progress kinds.

Standard library only, so the fast read path (``ragtrack list``) can use it without
importing SQLModel.
"""

from __future__ import annotations

from enum import StrEnum


class Rag(StrEnum):
    """A Red/Amber/Green rating. Blue means complete; ``None`` (not a member) means not rated."""

    RED = "red"
    AMBER = "amber"
    GREEN = "green"
    BLUE = "blue"

    @property
    def letter(self) -> str:
        """The one-letter code shown beside the colour, so RAG never depends on colour alone."""
        return self.value[0].upper()

    @classmethod
    def parse(cls, text: str | None) -> Rag | None:
        """Read a rating as officers write it: "R", "Red", "AMBER", "G", "Complete", "B".

        Returns ``None`` for empty or "not rated"; raises ValueError for anything else.
        """
        if text is None:
            return None
        key = text.strip().lower().rstrip(".")
        if key in ("", "-", "n/a", "na", "none", "not rated", "unrated", "nr"):
            return None
        if key in _RAG_WORDS:
            return _RAG_WORDS[key]
        raise ValueError(f"not a RAG rating: {text!r}")


_RAG_WORDS: dict[str, Rag] = {
    "r": Rag.RED,
    "red": Rag.RED,
    "a": Rag.AMBER,
    "amber": Rag.AMBER,
    "g": Rag.GREEN,
    "green": Rag.GREEN,
    "b": Rag.BLUE,
    "blue": Rag.BLUE,
    "complete": Rag.BLUE,
    "completed": Rag.BLUE,
    "c": Rag.BLUE,
}

#: Symbols that carry the rating without colour (accessibility, NO_COLOR).
RAG_SYMBOL: dict[Rag | None, str] = {
    Rag.RED: "●R",
    Rag.AMBER: "◐A",
    Rag.GREEN: "○G",
    Rag.BLUE: "✓B",
    None: "·-",
}

#: Default RAG definitions, used when a plan does not state its own.
DEFAULT_RAG_DEFINITIONS: dict[str, str] = {
    "red": "Substantial challenges encountered",
    "amber": "Started, with some challenges being encountered",
    "green": "On schedule, no or minor challenges",
    "blue": "Complete",
}


class Status(StrEnum):
    """Where an action stands. Only open actions can be overdue."""

    OPEN = "open"
    COMPLETE = "complete"
    WITHDRAWN = "withdrawn"
    SUPERSEDED = "superseded"

    @classmethod
    def parse(cls, text: str) -> Status:
        key = text.strip().lower()
        for status in cls:
            if status.value == key or (status.value.startswith(key) and key):
                return status
        raise ValueError(f"not a status: {text!r} (open, complete, withdrawn, superseded)")


class ProgressKind(StrEnum):
    """A progress entry: ✓ achievement to date, ⇒ next step, or a plain note."""

    ACHIEVED = "achieved"
    NEXT = "next"
    NOTE = "note"

    @property
    def symbol(self) -> str:
        return {"achieved": "✓", "next": "⇒", "note": "•"}[self.value]
