"""RAG ratings from cell colours: Word shading and Excel fills, matched by nearest colour.

Council documents often carry the rating only as a cell's fill. A fill is compared in CIE Lab
(perceptual distance, CIE76) with a small table of the reds, ambers, greens and blues that Word,
Excel and Google Sheets offer; white, greys and black mean "not rated", and a colour far from
every reference (purple, pink, brown) is reported rather than guessed. Theme colours (Office's
"Accent 2, lighter 40%") and Excel's 64 indexed colours are turned into RGB first.
"""

from __future__ import annotations

import colorsys
import re
from functools import lru_cache

#: Reference fills, grouped by rating: the strong, "lighter" and conditional-format colours
#: offered by Office's palettes and Google Sheets, plus ragtrack's own export colours.
REFERENCE_COLOURS: dict[str, tuple[str, ...]] = {
    "red": ("FF0000", "C00000", "E06666", "CC0000", "FFC7CE", "F4CCCC", "EA9999", "FF5050", "9C0006"),
    "amber": (
        "FFC000",
        "FFBF00",
        "FF9900",
        "FFA500",
        "ED7D31",
        "F4B183",
        "FFD966",
        "FFE699",
        "FFEB9C",
        "FFFF00",
        "FFF2CC",
        "F6B26B",
        "FFCC00",
        "F79646",
        "FAC090",
        "FCE4D6",
        "F8CBAD",
    ),
    "green": (
        "00B050",
        "92D050",
        "00FF00",
        "008000",
        "C6EFCE",
        "A9D08E",
        "70AD47",
        "548235",
        "B6D7A8",
        "93C47D",
        "6AA84F",
        "E2EFDA",
        "9BBB59",
        "006100",
    ),
    "blue": (
        "0070C0",
        "00B0F0",
        "0000FF",
        "4472C4",
        "5B9BD5",
        "9BC2E6",
        "BDD7EE",
        "8EA9DB",
        "2F5597",
        "1F4E79",
        "3C78D8",
        "6D9EEB",
        "4F81BD",
        "DDEBF7",
        "C9DAF8",
        "002060",
    ),
}
#: Fills with less colour than this (Lab chroma) are white, grey or black: not rated.
MIN_CHROMA = 6.0
#: A fill further than this (Lab distance) from every reference is not a RAG colour.
MAX_DISTANCE = 32.0

#: The default Office theme (2013-2022), used when a file does not carry its own theme.
OFFICE_THEME: dict[str, str] = {
    "dk1": "000000",
    "lt1": "FFFFFF",
    "dk2": "44546A",
    "lt2": "E7E6E6",
    "accent1": "4472C4",
    "accent2": "ED7D31",
    "accent3": "A5A5A5",
    "accent4": "FFC000",
    "accent5": "5B9BD5",
    "accent6": "70AD47",
    "hlink": "0563C1",
    "folHlink": "954F72",
}
#: Excel numbers theme colours in this order (light 1 and dark 1 swapped against the XML).
EXCEL_THEME_ORDER = (
    "lt1",
    "dk1",
    "lt2",
    "dk2",
    "accent1",
    "accent2",
    "accent3",
    "accent4",
    "accent5",
    "accent6",
    "hlink",
    "folHlink",
)
#: Word's w:themeFill names -> theme slot.
WORD_THEME_NAMES = {
    "text1": "dk1",
    "background1": "lt1",
    "text2": "dk2",
    "background2": "lt2",
    "dark1": "dk1",
    "light1": "lt1",
    "dark2": "dk2",
    "light2": "lt2",
    "hyperlink": "hlink",
    "followedHyperlink": "folHlink",
}
#: Word's w:highlight colour names.
HIGHLIGHTS = {
    "yellow": "FFFF00",
    "green": "00FF00",
    "red": "FF0000",
    "blue": "0000FF",
    "darkRed": "800000",
    "darkYellow": "808000",
    "darkGreen": "008000",
    "darkBlue": "000080",
    "cyan": "00FFFF",
    "magenta": "FF00FF",
    "lightGray": "C0C0C0",
    "darkGray": "808080",
    "black": "000000",
    "white": "FFFFFF",
    "darkCyan": "008080",
    "darkMagenta": "800080",
}

_HEX = re.compile(r"^#?(?:[0-9A-Fa-f]{2})?([0-9A-Fa-f]{6})$")


def normal_hex(value: str | None) -> str | None:
    """ "FFFF0000" (ARGB), "#ff0000", "FF0000" -> "FF0000"; "auto", "" or junk -> None."""
    if not value:
        return None
    match = _HEX.match(value.strip())
    return match.group(1).upper() if match else None


def _lab(hex_colour: str) -> tuple[float, float, float]:
    """sRGB (D65) to CIE Lab."""

    def linear(c: float) -> float:
        return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (linear(int(hex_colour[i : i + 2], 16) / 255) for i in (0, 2, 4))
    x = (0.4124 * r + 0.3576 * g + 0.1805 * b) / 0.95047
    y = 0.2126 * r + 0.7152 * g + 0.0722 * b
    z = (0.0193 * r + 0.1192 * g + 0.9505 * b) / 1.08883

    def f(t: float) -> float:
        return t ** (1 / 3) if t > 0.008856 else 7.787 * t + 16 / 116

    fx, fy, fz = f(x), f(y), f(z)
    return 116 * fy - 16, 500 * (fx - fy), 200 * (fy - fz)


_REFERENCE_LAB = [(rag, _lab(h)) for rag, colours in REFERENCE_COLOURS.items() for h in colours]


@lru_cache(maxsize=512)
def rag_from_colour(colour: str | None) -> tuple[str | None, str]:
    """The rating a fill colour stands for, and why: ("red", "") or (None, reason).

    The reason is "" when there is no colour or it is white/grey/black (simply not rated), and
    a sentence when the colour is real but too far from every RAG colour to be read as one.
    """
    hex_colour = normal_hex(colour)
    if hex_colour is None:
        return None, ""
    lab = _lab(hex_colour)
    if (lab[1] ** 2 + lab[2] ** 2) ** 0.5 < MIN_CHROMA:
        return None, ""
    best, distance = min(
        ((rag, sum((a - b) ** 2 for a, b in zip(lab, ref, strict=False)) ** 0.5) for rag, ref in _REFERENCE_LAB),
        key=lambda pair: pair[1],
    )
    if distance > MAX_DISTANCE:
        return None, f"colour #{hex_colour} is not a red, amber, green or blue"
    return best, ""


# ---- theme and indexed colours ----------------------------------------------------------------


def _with_lightness(hex_colour: str, change) -> str:
    r, g, b = (int(hex_colour[i : i + 2], 16) / 255 for i in (0, 2, 4))
    h, lightness, s = colorsys.rgb_to_hls(r, g, b)
    lightness = min(1.0, max(0.0, change(lightness)))
    return "".join(f"{round(c * 255):02X}" for c in colorsys.hls_to_rgb(h, lightness, s))


def apply_tint(hex_colour: str, tint: float) -> str:
    """Excel's tint: negative darkens (towards black), positive lightens (towards white)."""
    if not tint:
        return hex_colour
    if tint < 0:
        return _with_lightness(hex_colour, lambda lum: lum * (1 + tint))
    return _with_lightness(hex_colour, lambda lum: lum * (1 - tint) + tint)


def word_theme_colour(
    name: str | None, tint: str | None = None, shade: str | None = None, theme: dict[str, str] | None = None
) -> str | None:
    """A Word theme fill ("accent2", tint "99") as RGB; tint/shade are hex bytes 00-FF."""
    if not name:
        return None
    slot = WORD_THEME_NAMES.get(name, name)
    base = (theme or OFFICE_THEME).get(slot)
    if base is None:
        return None
    try:
        if tint:
            keep = int(tint, 16) / 255  # the share of the colour kept; the rest is white
            base = _with_lightness(base, lambda lum: lum * keep + (1 - keep))
        if shade:
            keep = int(shade, 16) / 255
            base = _with_lightness(base, lambda lum: lum * keep)
    except ValueError:
        return base
    return base


def excel_theme_colour(index: int | None, tint: float = 0.0, theme: dict[str, str] | None = None) -> str | None:
    """An Excel theme colour (index into lt1, dk1, lt2, dk2, accent1..6, ...) with its tint."""
    if index is None or not 0 <= index < len(EXCEL_THEME_ORDER):
        return None
    base = (theme or OFFICE_THEME).get(EXCEL_THEME_ORDER[index])
    return apply_tint(base, tint or 0.0) if base else None


def excel_indexed_colour(index: int | None) -> str | None:
    """One of Excel's 64 legacy indexed colours; 64+ are "system" colours (not a fill)."""
    from openpyxl.styles.colors import COLOR_INDEX

    if index is None or not 0 <= index < 64:
        return None
    return normal_hex(COLOR_INDEX[index])


_SCHEME_ENTRY = re.compile(
    r"<a:(dk1|lt1|dk2|lt2|accent[1-6]|hlink|folHlink)>\s*<a:(?:srgbClr val|sysClr[^>]*lastClr)=\"([0-9A-Fa-f]{6})\""
)


def theme_palette(theme_xml: bytes | str | None) -> dict[str, str]:
    """The colour scheme of a DrawingML theme part (theme1.xml), over the Office defaults.

    Read with a regular expression, not an XML parser: the scheme is a flat list, and the part
    has already been checked for DOCTYPE declarations by the safety checks anyway.
    """
    palette = dict(OFFICE_THEME)
    if not theme_xml:
        return palette
    text = theme_xml.decode("utf-8", "replace") if isinstance(theme_xml, bytes) else theme_xml
    for slot, value in _SCHEME_ENTRY.findall(text[:200_000]):
        palette[slot] = value.upper()
    return palette
