"""A worksheet's XML read with regular expressions: the rows ``xlsx_grid._SheetReader`` reads
with expat, with one Python step per cell instead of five callbacks (a sheet of 10,000 rows has
80,000 cells: 0.3 s of callbacks).

Only what Excel, LibreOffice and openpyxl write is read this way: the sheet in the main
namespace with no prefix, UTF-8, each cell ``<c ...>`` holding nothing, a ``<v>`` (after a
``<f>``) or an inline string of one ``<t>``. A cell holding anything else (rich text, phonetic
runs, a CDATA section) is parsed on its own by expat; a sheet with anything else between its
cells (a comment, an unknown element, a namespace prefix), or that is not well formed where
this reader looks, is read by ``_SheetReader`` from the start (``NotPlain``), which reads any
sheet and says what is wrong with a damaged one. Values are typed as ``_SheetReader`` types
them, and the merged ranges are read from the part after the cells.
"""

from __future__ import annotations

import re
from collections.abc import Callable

_MAIN_NS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
_ROOT = re.compile(r"<worksheet\b[^>]*>")
_DEFAULT_NS = re.compile(r"""\sxmlns\s*=\s*["']([^"']*)["']""")
_SHEET_DATA = re.compile(r"<sheetData\s*(/?)>")
# One alternative per kind of token between <sheetData> and </sheetData>, most frequent first:
# a plain cell (its column letters, style, type; a <v> or an inline <t>), any other cell, a
# row's start or end, white space; anything else (a comment, an element of another kind) is
# the last alternative, which sends the sheet to expat.
_TOKEN = re.compile(
    r"<c(?: r=\"([A-Z]{1,3})[0-9]+\")?(?: s=\"([0-9]+)\")?(?: t=\"([a-zA-Z]+)\")?(?: s=\"([0-9]+)\")?"
    r"(?:/>|>(?:<f\b[^<>]*(?:/>|>[^<]*</f>))?(?:<v>([^<]*)</v>|<is><t(?: xml:space=\"preserve\")?>([^<]*)</t></is>|<v/>)?</c>)"
    r"|(<c\b[^>]*/>|<c\b[^>]*>.*?</c>)"  # 7: any other cell
    r"|<row\b([^>]*?)(/?)>"  # 8, 9: a row's start
    r"|(</row>)"  # 10
    r"|([ \t\r\n]+)"  # 11
    r"|(</sheetData>)"  # 12
    r"|(.)",  # 13: anything else
    re.S,
)
_ODD, _ROW, _ROW_END, _SPACE, _END = 7, 9, 10, 11, 12
_ROW_NUMBER = re.compile(r"""(?:^|\s)r\s*=\s*["']([^"']*)["']""")
_ENTITY = re.compile(r"&(#[0-9]+|#x[0-9a-fA-F]+|amp|lt|gt|quot|apos);|&")
_NAMED = {"amp": "&", "lt": "<", "gt": ">", "quot": '"', "apos": "'"}


class NotPlain(Exception):
    """The sheet is not one this reader reads: read it with expat instead."""


def _entity(match: re.Match) -> str:
    name = match.group(1)
    if name is None:
        raise NotPlain("a bare &")
    return _reference(name)


def _reference(name: str) -> str:
    """The character a reference ("amp", "#8658", "#x2713") stands for."""
    if name[0] != "#":
        return _NAMED[name]
    code = int(name[2:], 16) if name[1] == "x" else int(name[1:])
    if code == 0 or code > 0x10FFFF or 0xD800 <= code <= 0xDFFF:
        raise NotPlain("a character reference to no character")
    return chr(code)


def xml_text(raw: str) -> str:
    """Character data as an XML parser gives it: line ends as "\\n", references replaced."""
    if "\r" in raw:
        raw = raw.replace("\r\n", "\n").replace("\r", "\n")
    if "&" in raw:
        # Each reference replaced everywhere at once (a progress cell repeats its few symbols:
        # "&#8658;", "&#10003;"), unless one stands for "&", which could then start another.
        found = set(_ENTITY.findall(raw))
        if "" in found:
            raise NotPlain("a bare &")
        if "amp" in found or len(found) > 8:
            return _ENTITY.sub(_entity, raw)
        for name in found:
            character = _reference(name)
            if character == "&":
                return _ENTITY.sub(_entity, raw)
            raw = raw.replace(f"&{name};", character)
    return raw


def sheet_text(data: bytes) -> str:
    """The sheet's XML as text, when it is UTF-8 (as every writer writes it)."""
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    if data.startswith(b"<?xml"):
        end = data.find(b"?>")
        declaration = data[:end].lower()
        if end < 0 or (b"encoding" in declaration and b"utf-8" not in declaration and b"utf8" not in declaration):
            raise NotPlain("not UTF-8")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        raise NotPlain("not UTF-8") from None


def plain_rows(
    text: str,
    typed: Callable[[str, int, str | None, str | None], object],
    odd_cell: Callable[[str, int], tuple[int, object, int]],
    column_of: Callable[[str], int],
    empty_run: int,
) -> tuple[list[tuple[int, list[tuple[int, object, int]]]], int]:
    """``(row number, [(column, value, style)...])`` for each ``<row>`` of the sheet, in the
    file's order, and where the reading stopped (the merged ranges follow); or ``NotPlain``.
    ``typed(kind, style, value, inline)`` types a value; ``odd_cell(xml, column)`` reads a cell
    this reader does not, the cell before it at ``column``. Reading stops after more than
    ``empty_run`` rows in a row with no cells (numbered or missing): the grid stops there."""
    root = _ROOT.search(text, 0, 4096)
    if root is None:
        raise NotPlain("no <worksheet> root in the main namespace")
    namespace = _DEFAULT_NS.search(root.group(0))
    if namespace is None or namespace.group(1) != _MAIN_NS:
        raise NotPlain("not the main namespace")
    if "<!" in text[: root.start()]:
        raise NotPlain("a declaration before the root")
    rows: list[tuple[int, list[tuple[int, object, int]]]] = []
    start = _SHEET_DATA.search(text, root.end())
    if start is None or start.group(1):  # no rows, or <sheetData/>
        return rows, root.end()
    row_number = 0
    last_used = 0  # the highest-numbered row holding a cell
    column = 0
    columns: dict[str, int] = {}  # letters -> column number
    cells: list[tuple[int, object, int]] | None = None
    for match in _TOKEN.finditer(text, start.end()):
        token = match.lastindex
        if token is None or token < _ODD:
            letters, style, kind, style_after, value, inline = match.groups()[:6]
            if cells is None:
                raise NotPlain("a cell outside a row")
            if letters:
                column = columns.get(letters) or columns.setdefault(letters, column_of(letters))
            else:
                column += 1
            style_id = int(style or style_after or 0)
            if kind == "inlineStr":  # (the string itself, as ``typed`` gives it)
                if inline is not None and ("&" in inline or "\r" in inline):
                    inline = xml_text(inline)
                cells.append((column, inline, style_id))
                continue
            if inline is not None:
                if "&" in inline or "\r" in inline:
                    inline = xml_text(inline)
            elif value is not None and ("&" in value or "\r" in value):
                value = xml_text(value)
            cells.append((column, typed(kind or "n", style_id, value, inline), style_id))
        elif token == _ROW_END:
            if cells is None:
                raise NotPlain("</row> outside a row")
            rows.append((row_number, cells))
            if cells and row_number > last_used:
                last_used = row_number
            elif row_number - last_used > empty_run:
                return rows, match.end()
            cells = None
        elif token == _ROW:
            if cells is not None:
                raise NotPlain("a row inside a row")
            attributes = match.group(8)
            number = _ROW_NUMBER.search(attributes) if "r" in attributes else None
            row_number = parse_row_number(number.group(1)) if number else row_number + 1
            column = 0
            if match.group(9):  # <row .../>
                rows.append((row_number, []))
                if row_number - last_used > empty_run:
                    return rows, match.end()
            else:
                cells = []
        elif token == _ODD:
            if cells is None:
                raise NotPlain("a cell outside a row")
            cell = odd_cell(match.group(7), column)
            column = cell[0]
            cells.append(cell)
        elif token == _SPACE:
            continue
        elif token == _END:
            if cells is not None:
                raise NotPlain("</sheetData> inside a row")
            return rows, match.end()
        else:
            raise NotPlain(f"{match.group(13)!r} between the cells")
    raise NotPlain("no </sheetData>")


def parse_row_number(text: str) -> int:
    """A row's ``r`` attribute as a number ("7", or "7.0" as some writers put it); both readers' rule."""
    try:
        return int(text)
    except ValueError:
        value = float(text)
        if not value.is_integer():
            raise ValueError(f"{text} is not a valid row number") from None
        return int(value)
