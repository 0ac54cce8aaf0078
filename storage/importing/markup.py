"""Clean the markup that PDF/Word-to-text conversion leaves in cell text.

The seed plans carry HTML tags (``<b>``, ``<u>``, ``<p>``, ``<ul><li>``), entities, stray
Markdown emphasis (``**bold**``) and LaTeX (``$\\checkmark$``, ``$5$``) inside table cells, and
OCR swaps Latin letters for Cyrillic/Greek look-alikes ("Мс" for "MC"). Every reader needs
the same clean-up, so it lives here, with no dependency on the other importing modules.
"""

from __future__ import annotations

import re
from functools import lru_cache

# <p>, <li> and <br> separate paragraphs; every other tag is dropped in place.
_BLOCK_TAG = re.compile(r"</?(?:p|li|ul|ol|br|div)\b[^>]*>", re.IGNORECASE)
_ANY_TAG = re.compile(r"</?[a-zA-Z][^<>]*>")
# LaTeX that PDF extraction leaves around symbols and numbers: "$\checkmark$", "$5$".
_LATEX_SYMBOLS = {r"\checkmark": "✓", r"\Rightarrow": "⇒", r"\rightarrow": "→", r"\surd": "√"}
_LATEX_MATH = re.compile(r"\$([^$\s]{1,20})\$")  # no spaces inside: "$5 and $10" is money
_MARKDOWN_EMPHASIS = re.compile(r"\*\*(.+?)\*\*|(?<![\w*])\*(?!\s)(.+?)(?<!\s)\*(?![\w*])")
_SPACES = re.compile(r"[ \t\u00a0]+")

#: Cyrillic and Greek letters that OCR returns in place of the Latin letters they look like.
LOOKALIKES = str.maketrans(
    {
        "А": "A",
        "В": "B",
        "С": "C",
        "Е": "E",
        "Н": "H",
        "І": "I",
        "К": "K",
        "М": "M",
        "О": "O",
        "Р": "P",
        "Т": "T",
        "Х": "X",
        "У": "Y",
        "а": "a",
        "с": "c",
        "е": "e",
        "м": "m",
        "о": "o",
        "р": "p",
        "х": "x",
        "у": "y",
        "і": "i",
        "Α": "A",
        "Β": "B",
        "Ε": "E",
        "Η": "H",
        "Ι": "I",
        "Κ": "K",
        "Μ": "M",
        "Ν": "N",
        "Ο": "O",
        "Ρ": "P",
        "Τ": "T",
        "Χ": "X",
        "Υ": "Y",
        "ο": "o",
    }
)


def to_latin(text: str) -> str:
    """Replace Cyrillic/Greek look-alike letters by the Latin letters they stand for."""
    return text.translate(LOOKALIKES)


def _unescape(text: str) -> str:
    """HTML's entities decoded (the module imported when a cell has markup: its table of names
    is large)."""
    import html

    return html.unescape(text)


def _latex(match: re.Match[str]) -> str:
    inner = match.group(1).strip()
    return _LATEX_SYMBOLS.get(inner, inner)


def _marked(text: str) -> bool:
    """Whether ``text`` holds anything markup could be: a tag, an entity, LaTeX math, Markdown
    emphasis. (Four searches for one character each: a pattern's class of characters tried at
    every position costs several times as much on a long progress cell.)"""
    return "<" in text or "&" in text or "$" in text or "*" in text


def collapse_spaces(text: str) -> str:
    """Collapse runs of spaces/tabs and trim; newlines (paragraph breaks) are kept."""
    if "  " not in text and "\t" not in text and "\xa0" not in text:  # no runs to collapse
        if "\n" not in text:
            return text.strip()
        return "\n".join(line for line in (part.strip() for part in text.split("\n")) if line)
    lines = (_SPACES.sub(" ", line).strip() for line in text.split("\n"))
    return "\n".join(line for line in lines if line)


def html_fragments(text: str) -> list[str]:
    """The paragraphs of a cell: ``<p>``/``<li>``/``<br>`` and newlines separate them.

    Inline tags are dropped, entities decoded, LaTeX symbols and Markdown emphasis undone,
    whitespace collapsed; empty fragments are left out.
    """
    if not _marked(text):  # plain text, the usual cell: only its spaces to tidy
        return [line for line in collapse_spaces(text).split("\n") if line]
    text = _BLOCK_TAG.sub("\n", text)
    text = _ANY_TAG.sub("", text)
    text = _unescape(text)
    text = _LATEX_MATH.sub(_latex, text)
    text = _MARKDOWN_EMPHASIS.sub(lambda m: m.group(1) or m.group(2), text)
    return [line for line in collapse_spaces(text).split("\n") if line]


@lru_cache(maxsize=4096)
def strip_html(text: str) -> str:
    """Cell text without markup, its paragraphs joined by newlines. (Remembered: the same cell is
    read several times, and a sheet repeats its theme, objective and date cells row after row.)"""
    return "\n".join(html_fragments(text))


@lru_cache(maxsize=4096)
def one_line(text: str) -> str:
    """Cell text without markup on one line (paragraphs joined by a space; remembered too)."""
    return " ".join(html_fragments(text))


_LINE_BREAK = re.compile(r"<br\s*/?>", re.IGNORECASE)
# "M <b>onthly": a word's capital split from it by an opening tag (PDF to HTML conversion)
_SPLIT_WORD = re.compile(r"\b([A-Z]) <(b|i|u|strong|em)>([a-z])")
_LIST_ITEM = re.compile(r"<li\b[^>]*>", re.IGNORECASE)


def cell_lines(text: str) -> list[str]:
    """A cell written as text with markup (Markdown, a web page pasted) as its lines: each
    ``<p>``/``<div>``/list item a line ("• " before a list item), each ``<br>`` a line break (so
    ``<br><br>`` leaves a blank line, as the document shows it), inline markup dropped."""
    if "<" not in text and "&" not in text and "$" not in text and "*" not in text:
        return [" ".join(text.split())]
    text = _SPLIT_WORD.sub(r"\1<\2>\3", text)
    text = _LIST_ITEM.sub("\n\x01", text)
    text = _LINE_BREAK.sub("\x00", text)
    text = _BLOCK_TAG.sub("\n", text)
    text = _ANY_TAG.sub("", text)
    text = _unescape(text)
    text = _LATEX_MATH.sub(_latex, text)
    text = _MARKDOWN_EMPHASIS.sub(lambda m: m.group(1) or m.group(2), text)
    lines: list[str] = []
    for block in text.split("\n"):
        if not block.strip(" \t\x00"):
            continue
        for piece in block.split("\x00"):
            piece = _SPACES.sub(" ", piece).strip()
            lines.append(f"• {piece[1:].strip()}" if piece.startswith("\x01") else piece)
    while lines and not lines[-1]:
        lines.pop()
    return lines
