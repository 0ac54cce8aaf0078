"""User text is data: it is never run as markup or as terminal control sequences."""

from __future__ import annotations

import re

# C0 controls except tab and newline, DEL, and C1 controls (ESC sequences, OSC, BEL...).
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def visible_text(text: str | None) -> str:
    """``text`` with every control character shown as a literal escape (``\\x1b``), so a note
    holding a terminal escape sequence displays as written and cannot act on the terminal."""
    if not text:
        return ""
    return _CONTROL.sub(lambda m: f"\\x{ord(m.group()):02x}", text)


def one_line(text: str | None, width: int | None = None) -> str:
    """``visible_text`` folded onto one line (for lists and tables), cut to ``width``."""
    flat = " ".join(visible_text(text).split())
    if width is not None and len(flat) > width:
        return flat[: max(width - 1, 0)] + "…"
    return flat


def shorten(text: str | None, width: int) -> str:
    """``one_line`` cut to ``width`` at the end of a word, with "…" when anything was cut (a word
    longer than a third of ``width`` is cut inside, so a long one never empties the line)."""
    flat = one_line(text)
    if len(flat) <= width:
        return flat
    cut = flat[: max(width - 1, 0)]
    space = cut.rfind(" ")
    if space >= width * 2 // 3:
        cut = cut[:space]
    return cut.rstrip(" ,;:-–") + "…"


def spreadsheet_safe(value: str) -> str:
    """A cell a spreadsheet will never run as a formula: leading = + - @ or tab is quoted."""
    if value and value[0] in "=+-@\t\r":
        return "'" + value
    return value
