"""Dates as officers type them: day first, as on UK committee papers. Standard library only."""

from __future__ import annotations

import re
from datetime import date


def parse_day(text: str | None) -> date | None:
    """2015-07-22, 22/07/2015, 22/7/15 or 22.07.2015 (day first); None for no text. Raises
    ValueError with a line fit for the user when the text is not a date."""
    if not text or not text.strip():
        return None
    value = text.strip()
    try:
        if m := re.fullmatch(r"(\d{1,2})[/.-](\d{1,2})[/.-](\d{4}|\d{2})", value):
            year = int(m[3]) + (2000 if len(m[3]) == 2 else 0)
            return date(year, int(m[2]), int(m[1]))
        return date.fromisoformat(value)
    except ValueError:
        raise ValueError(f"not a date: {text!r} (use 2015-07-22 or 22/07/2015)") from None
