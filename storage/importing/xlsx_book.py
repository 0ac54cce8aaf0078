"""An Excel workbook's parts other than its sheets, read without openpyxl: its sheets (names,
parts, visibility), shared strings, cell styles (fill colour and date formats), epoch, title and
theme, exactly as openpyxl's reader gives them to ``xlsx_grid``. Importing openpyxl costs more
than reading a plan's parts (0.13 s of CPU, a twentieth of a 10,000-row import).

Only parts of the usual shapes are read this way; anything else (a part missing or not well
formed, a colour or number openpyxl would refuse, an element where it is not expected) gives
None, and ``xlsx_grid`` opens the workbook with openpyxl as before, which reads what it can and
says what is wrong with the rest.
"""

from __future__ import annotations

import posixpath
import re
import zipfile
from dataclasses import dataclass
from datetime import datetime
from xml.etree.ElementTree import Element, ParseError, fromstring

_MAIN = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
_TYPES = "{http://schemas.openxmlformats.org/package/2006/content-types}"
_PACKAGE_RELS = "{http://schemas.openxmlformats.org/package/2006/relationships}"
_DOC_RELS = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
_DC = "{http://purl.org/dc/elements/1.1/}"
_SPREADSHEET = "application/vnd.openxmlformats-officedocument.spreadsheetml."
_MACRO = "application/vnd.ms-excel."
#: The workbook's content types, in the order openpyxl looks for them.
_WORKBOOK_TYPES = (
    _MACRO + "template.macroEnabled.main+xml",
    _SPREADSHEET + "template.main+xml",
    _MACRO + "sheet.macroEnabled.main+xml",
    _SPREADSHEET + "sheet.main+xml",
)
_SHARED_STRINGS = _SPREADSHEET + "sharedStrings+xml"
WINDOWS_EPOCH = datetime(1899, 12, 30)
MAC_EPOCH = datetime(1904, 1, 1)
#: Built-in number formats that are dates, and durations (openpyxl's BUILTIN_FORMATS as its
#: ``is_date_format`` and ``is_timedelta_format`` judge them: a test checks).
BUILTIN_DATES = frozenset({14, 15, 16, 17, 18, 19, 20, 21, 22, 45, 46, 47})
BUILTIN_DURATIONS = frozenset({46})
# openpyxl.styles.numbers (3.1): a format is a date if its first section, without quoted text
# and bracketed codes other than elapsed time, has a d, m, h, y or s not after _ or \.
_STRIP = re.compile(r'".*?"|\[(?!hh?\]|mm?\]|ss?\])[^\]]*\]')
_DATE_LETTER = re.compile(r"(?<![_\\])[dmhysDMHYS]")
_DURATION = re.compile(r"\[hh?\](:mm(:ss(\.0*)?)?)?|\[mm?\](:ss(\.0*)?)?|\[ss?\](\.0*)?", re.I)
_PATTERNS = frozenset(
    [
        "solid",
        "darkDown",
        "darkGray",
        "darkGrid",
        "darkHorizontal",
        "darkTrellis",
        "darkUp",
        "darkVertical",
        "gray0625",
        "gray125",
        "lightDown",
        "lightGray",
        "lightGrid",
        "lightHorizontal",
        "lightTrellis",
        "lightUp",
        "lightVertical",
        "mediumGray",
        "none",
    ]
)
_ARGB = re.compile(r"^([A-Fa-f0-9]{8}|[A-Fa-f0-9]{6})$")


def is_date_format(code: str | None) -> bool:
    return code is not None and _DATE_LETTER.search(_STRIP.sub("", code.split(";")[0])) is not None


def is_duration_format(code: str | None) -> bool:
    return code is not None and _DURATION.search(code.split(";")[0]) is not None


class Unusual(Exception):
    """A part this reader does not read: open the workbook with openpyxl."""


@dataclass
class Colour:  # what ``xlsx_grid.excel_colour`` reads of an openpyxl Color
    type: str
    rgb: str | None = None
    theme: int | None = None
    tint: float = 0.0
    indexed: int | None = None


@dataclass
class PatternFill:  # what ``xlsx_grid._fill`` reads of an openpyxl PatternFill
    fill_type: str | None
    fgColor: Colour
    bgColor: Colour


@dataclass
class Book:
    sheets: list[tuple[str, str, str]]  # (title, part, state) of each worksheet, in order
    shared_strings: list[str]
    fill_styles: list[int]  # cell style -> its fill
    fills: list[PatternFill | None]  # None: a gradient
    date_styles: set[int]
    duration_styles: set[int]
    epoch: datetime
    title: str | None
    theme: bytes | None


def read_book(archive: zipfile.ZipFile) -> Book | None:
    """The workbook's parts, or None when one is not of the usual shape (read it with openpyxl)."""
    try:
        return _read(archive)
    except (Unusual, ParseError, KeyError, ValueError, UnicodeDecodeError):
        return None


def _xml(archive: zipfile.ZipFile, name: str) -> Element:
    return fromstring(archive.read(name))


def _read(archive: zipfile.ZipFile) -> Book:
    names = set(archive.namelist())
    overrides = [
        (o.get("ContentType"), o.get("PartName") or "")
        for o in _xml(archive, "[Content_Types].xml").iter(_TYPES + "Override")
    ]
    part = next((name for kind in _WORKBOOK_TYPES for t, name in overrides if t == kind), None)
    if not part:
        raise Unusual("no workbook part named")
    part = part[1:]
    strings_part = next((name[1:] for t, name in overrides if t == _SHARED_STRINGS), None)
    rels = _relationships(archive, part)
    workbook = _xml(archive, part)
    if workbook.tag != _MAIN + "workbook":
        raise Unusual("not a workbook")
    properties = workbook.find(_MAIN + "workbookPr")
    date1904 = properties.get("date1904") if properties is not None else None
    epoch = MAC_EPOCH if date1904 and date1904 not in ("false", "f", "0") else WINDOWS_EPOCH
    sheets = []
    for sheet in workbook.iterfind(f"{_MAIN}sheets/{_MAIN}sheet"):
        rid = sheet.get(_DOC_RELS + "id")
        if not rid:
            continue  # (openpyxl leaves it out, with a warning)
        target, kind = rels[rid]
        if target in names and "chartsheet" not in kind:
            sheets.append((sheet.get("name") or "", target, sheet.get("state") or "visible"))
    strings = _shared_strings(archive, strings_part) if strings_part else []
    fill_styles, fills, dates, durations = _styles(archive, names)
    title = None
    if "docProps/core.xml" in names:
        element = _xml(archive, "docProps/core.xml").find(_DC + "title")
        title = element.text if element is not None else None
    theme = archive.read("xl/theme/theme1.xml") if "xl/theme/theme1.xml" in names else None
    return Book(sheets, strings, fill_styles, fills, dates, durations, epoch, title, theme)


def _relationships(archive: zipfile.ZipFile, part: str) -> dict[str, tuple[str, str]]:
    """Id -> (the part it names, its type), targets resolved as openpyxl resolves them."""
    folder, name = posixpath.split(part)
    found = {}
    parent = posixpath.split(folder)[0]
    for rel in _xml(archive, posixpath.join(folder, "_rels", f"{name}.rels")).iter(_PACKAGE_RELS + "Relationship"):
        target = rel.get("Target") or ""
        if rel.get("TargetMode") == "External":
            continue
        target = target[1:] if target.startswith("/") else posixpath.normpath(posixpath.join(parent, target))
        found[rel.get("Id") or ""] = (target, rel.get("Type") or "")
    return found


def _shared_strings(archive: zipfile.ZipFile, part: str) -> list[str]:
    """Each string's text (its runs', not its phonetic guide's), as openpyxl reads it."""
    strings = []
    plain, run, phonetic, properties = _MAIN + "t", _MAIN + "r", _MAIN + "rPh", _MAIN + "phoneticPr"
    for item in _xml(archive, part).iter(_MAIN + "si"):
        texts = []
        children = list(item)
        if len(children) == 1 and children[0].tag == plain:  # the usual string: one <t>
            text = children[0].text
            strings.append(text.replace("x005F_", "") if text else "")
            continue
        if sum(1 for c in children if c.tag == plain) > 1:
            raise Unusual("two texts in a string")
        for child in children:
            if child.tag == plain:
                if child.text:
                    texts.insert(0, child.text)
            elif child.tag == run:
                for t in child.iter(plain):
                    if t.text:
                        texts.append(t.text)
            elif child.tag not in (phonetic, properties):
                raise Unusual("an unknown element in a string")
        strings.append("".join(texts).replace("x005F_", ""))
    return strings


def _styles(
    archive: zipfile.ZipFile, names: set[str]
) -> tuple[list[int], list[PatternFill | None], set[int], set[int]]:
    """Each cell style's fill, the fills, and the styles that are dates and durations."""
    if "xl/styles.xml" not in names:
        return [0], [None], set(), set()
    root = _xml(archive, "xl/styles.xml")
    xfs = root.findall(f"{_MAIN}cellXfs/{_MAIN}xf")
    if not xfs:
        return [0], [None], set(), set()  # (openpyxl's defaults: one style, no fill)
    custom = {int(f.get("numFmtId") or ""): f.get("formatCode") for f in root.iterfind(f"{_MAIN}numFmts/{_MAIN}numFmt")}
    fill_styles, dates, durations = [], set(), set()
    for index, xf in enumerate(xfs):
        fill_styles.append(int(xf.get("fillId") or 0))
        number = int(xf.get("numFmtId") or 0)
        if number in custom:
            if is_date_format(custom[number]):
                dates.add(index)
            if is_duration_format(custom[number]):
                durations.add(index)
        else:
            if number in BUILTIN_DATES:
                dates.add(index)
            if number in BUILTIN_DURATIONS:
                durations.add(index)
    fills = [_fill(element) for element in root.iterfind(f"{_MAIN}fills/{_MAIN}fill")]
    return fill_styles, fills, dates, durations


def _fill(element: Element) -> PatternFill | None:
    children = list(element)
    if len(children) != 1:
        raise Unusual("a fill of no pattern")
    child = children[0]
    if child.tag == _MAIN + "gradientFill":
        return None
    if child.tag != _MAIN + "patternFill":
        raise Unusual("an unknown fill")
    kind = child.get("patternType")
    if kind is not None and kind not in _PATTERNS:
        raise Unusual("an unknown pattern")
    colours = {"fgColor": Colour("rgb", "00000000"), "bgColor": Colour("rgb", "00000000")}
    for part in child:
        name = part.tag.removeprefix(_MAIN)
        if name not in colours:
            raise Unusual("an unknown element in a fill")
        colours[name] = _colour(part)
    return PatternFill(kind, colours["fgColor"], colours["bgColor"])


def _colour(element: Element) -> Colour:
    """As openpyxl's Color: indexed, else theme, else auto, else RGB (black when none)."""
    tint = float(element.get("tint") or 0.0)
    indexed, theme, auto, rgb = (element.get(a) for a in ("indexed", "theme", "auto", "rgb"))
    if indexed is not None:
        return Colour("indexed", indexed=int(indexed), tint=tint)
    if theme is not None:
        return Colour("theme", theme=int(theme), tint=tint)
    if auto is not None:
        return Colour("auto", tint=tint)
    rgb = rgb if rgb is not None else "00000000"
    if not _ARGB.match(rgb):
        raise Unusual("a colour openpyxl refuses")
    return Colour("rgb", "00" + rgb if len(rgb) == 6 else rgb, tint=tint)
