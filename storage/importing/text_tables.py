"""Generic helpers for reading tables out of converted documents (PDF/Word exported to text).

Seed plans arrive as text with tab-separated rows or Markdown tables, broken by page
headers, with rows split over page breaks. These helpers are shared by every text reader:
decoding bytes, splitting rows, cleaning cells, and joining a row continued on the next page
to the row it continues. The lead and progress splitters live in their own modules and are
re-exported here so readers need one import.
"""

from __future__ import annotations

import re

from storage.importing.leads import split_leads
from storage.importing.markup import html_fragments, one_line, strip_html, to_latin
from storage.importing.progress import leading_date, split_progress

__all__ = [
    "UnreadableFile",
    "cell_text",
    "decode_text",
    "ends_mid_sentence",
    "html_fragments",
    "is_continuation_row",
    "is_markdown_rule",
    "join_cell_text",
    "join_row",
    "leading_date",
    "one_line",
    "overlap",
    "split_leads",
    "split_markdown_row",
    "split_progress",
    "split_tab_row",
    "strip_html",
    "to_latin",
]


class UnreadableFile(Exception):
    """The file is not a plan any reader recognises; the message is one line for the user."""


def decode_text(data: bytes) -> str:
    """Decode a file's bytes: UTF-8 (with or without BOM), else Windows-1252.

    Council documents saved from Word on Windows are often cp1252; a BOM is dropped; line
    endings become "\\n". Bytes cp1252 leaves undefined fall back to Latin-1 so nothing fails.
    """
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        text = _decode_cp1252(data)
    return text.replace("\r\n", "\n").replace("\r", "\n")


_CP1252_UNDEFINED = frozenset({0x81, 0x8D, 0x8F, 0x90, 0x9D})


def _decode_cp1252(data: bytes) -> str:
    try:
        return data.decode("cp1252")
    except UnicodeDecodeError:  # one of the five bytes cp1252 leaves undefined
        return "".join(chr(b) if b in _CP1252_UNDEFINED else bytes([b]).decode("cp1252") for b in data)


# ---- rows ------------------------------------------------------------------------------------

_MARKDOWN_RULE_CELL = re.compile(r"^:?-{2,}:?$")


def split_markdown_row(line: str) -> list[str] | None:
    """The cells of a Markdown table row ``| a | b |``, stripped; None if not a table row."""
    stripped = line.strip()
    if not stripped.startswith("|"):
        return None
    inner = stripped[1:-1] if stripped.endswith("|") and len(stripped) > 1 else stripped[1:]
    return [cell.strip() for cell in inner.split("|")]


def is_markdown_rule(cells: list[str]) -> bool:
    """The ``|---|---|`` line under a Markdown header (empty cells allowed: ``|--|  |``)."""
    return any(cells) and all(_MARKDOWN_RULE_CELL.match(c) or not c for c in cells)


def split_tab_row(line: str) -> list[str]:
    """The cells of a tab-separated row, stripped (trailing empty cells kept)."""
    return [cell.strip() for cell in line.rstrip("\n").split("\t")]


def cell_text(raw: str) -> str:
    """A cell without markup; paragraphs (``<p>``, ``<li>``) on separate lines."""
    return strip_html(raw)


def is_continuation_row(cells: list[str], key_index: int = 0) -> bool:
    """A row carried over a page break: its key cell (Rec No, ref) is empty, others are not."""
    cleaned = [one_line(c) for c in cells]
    return (
        key_index < len(cleaned) and not cleaned[key_index] and any(c for i, c in enumerate(cleaned) if i != key_index)
    )


# ---- joining a row continued over a page break -----------------------------------------------

_SENTENCE_END = re.compile(r"[.!?:)\]”\"']$")
_MIN_OVERLAP = 20  # shorter repeats are coincidence, not a duplicated page overflow


def ends_mid_sentence(text: str) -> bool:
    """True when text stops mid-sentence (a row cut by a page break)."""
    text = text.rstrip()
    return bool(text) and not _SENTENCE_END.search(text)


def overlap(before: str, after: str) -> int:
    """Length of the longest end of ``before`` that ``after`` starts with (at least 20 chars).

    PDF extraction sometimes repeats the overflow of a cell on the next page; the repeat
    must be dropped, not appended twice.
    """
    probe = after[:_MIN_OVERLAP]
    if len(probe) < _MIN_OVERLAP:
        return 0
    start = before.find(probe)
    while start != -1:
        if after.startswith(before[start:]):
            return len(before) - start
        start = before.find(probe, start + 1)
    return 0


def join_cell_text(before: str, after: str) -> str:
    """Join a cell's text with its continuation on the next page.

    Mid-sentence breaks are joined with a space, finished paragraphs with a newline; text the
    continuation repeats is kept once.
    """
    if not before:
        return after
    if not after:
        return before
    repeated = overlap(before, after)
    if repeated:
        return before + after[repeated:]
    return before + (" " if ends_mid_sentence(before) else "\n") + after


def join_row(previous: list[str], continuation: list[str]) -> list[str]:
    """Join two rows cell by cell (cleaned text); the shorter row is padded with empty cells."""
    width = max(len(previous), len(continuation))
    previous = previous + [""] * (width - len(previous))
    continuation = continuation + [""] * (width - len(continuation))
    return [join_cell_text(a, b) for a, b in zip(previous, continuation, strict=False)]
