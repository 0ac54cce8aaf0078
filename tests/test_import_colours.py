"""RAG from fill colours: nearest reference colour in Lab; white/grey/black not rated; colours
far from every RAG colour reported; theme colours with tints and Excel's indexed colours."""

from __future__ import annotations

import pytest

from storage.importing.cells import read_rag
from storage.importing.colours import (
    apply_tint,
    excel_indexed_colour,
    excel_theme_colour,
    normal_hex,
    rag_from_colour,
    theme_palette,
    word_theme_colour,
)


@pytest.mark.parametrize(
    ("colour", "rag"),
    [
        # Office standard colours and the fills councils pick
        ("FF0000", "red"),
        ("C00000", "red"),
        ("FFC7CE", "red"),
        ("E06666", "red"),
        ("F4CCCC", "red"),
        ("FFC000", "amber"),
        ("FFBF00", "amber"),
        ("FF9900", "amber"),
        ("FFFF00", "amber"),
        ("FFEB9C", "amber"),
        ("ED7D31", "amber"),
        ("F4B183", "amber"),
        ("00B050", "green"),
        ("92D050", "green"),
        ("00FF00", "green"),
        ("C6EFCE", "green"),
        ("70AD47", "green"),
        ("0070C0", "blue"),
        ("00B0F0", "blue"),
        ("4472C4", "blue"),
        ("BDD7EE", "blue"),
        ("002060", "blue"),
        # near misses still find their colour
        ("FE0102", "red"),
        ("FFC100", "amber"),
        ("01B151", "green"),
        ("0171C1", "blue"),
        # ARGB and # forms
        ("FFFF0000", "red"),
        ("#00b050", "green"),
        # not rated: none, white, greys, black
        (None, None),
        ("auto", None),
        ("FFFFFF", None),
        ("F2F2F2", None),
        ("D9D9D9", None),
        ("808080", None),
        ("000000", None),
        # real colours that are not RAG colours: not rated, and said so
        ("7030A0", None),
        ("FF00FF", None),
    ],
)
def test_nearest_rag_colour(colour, rag):
    assert rag_from_colour(colour)[0] == rag


def test_a_colour_far_from_every_rating_is_reported():
    assert rag_from_colour("7030A0") == (None, "colour #7030A0 is not a red, amber, green or blue")
    assert rag_from_colour("D9D9D9") == (None, "")  # grey: simply not rated


def test_words_win_over_colour_and_disagreements_are_noted():
    assert read_rag("Green", "FF0000") == (
        "green",
        "text",
        "RAG cell says 'Green' but is coloured red: the words are kept",
    )
    assert read_rag("", "FFC000") == ("amber", "colour", "")
    assert read_rag("G - on track", None) == ("green", "text", "")
    assert read_rag("Complete", None)[0] == "blue"
    assert read_rag("–", None) == (None, "", "")
    assert read_rag("Purple", None) == (None, "", "RAG 'Purple' not understood: not rated")
    assert read_rag("??", "00B050") == ("green", "colour", "RAG '??' not understood; read green from the cell's colour")


def test_theme_and_indexed_colours():
    assert excel_theme_colour(9, 0.0) == "70AD47"  # Office 2013+ accent6
    assert rag_from_colour(excel_theme_colour(9, 0.4))[0] == "green"  # lighter 40%
    assert rag_from_colour(excel_theme_colour(5, -0.25))[0] == "amber"  # accent2 orange, darker 25%
    assert excel_theme_colour(0) == "FFFFFF" and excel_theme_colour(1) == "000000"  # lt1/dk1 swapped
    assert excel_theme_colour(99) is None
    assert excel_indexed_colour(10) == "FF0000" and excel_indexed_colour(64) is None
    assert word_theme_colour("accent2") == "ED7D31"
    assert rag_from_colour(word_theme_colour("accent6", tint="99"))[0] == "green"
    assert word_theme_colour("background1") == "FFFFFF"
    assert apply_tint("000000", 0.5) == "808080"


def test_a_files_own_theme_overrides_the_default():
    xml = (
        '<a:clrScheme name="Office 2007"><a:dk1><a:sysClr val="windowText" lastClr="000000"/></a:dk1>'
        '<a:accent6><a:srgbClr val="F79646"/></a:accent6></a:clrScheme>'
    )
    palette = theme_palette(xml.encode())
    assert palette["accent6"] == "F79646" and palette["accent1"] == "4472C4"
    assert rag_from_colour(excel_theme_colour(9, 0.0, palette))[0] == "amber"


def test_normal_hex():
    assert [normal_hex(v) for v in ("FF00B050", "#00b050", "00B050", "auto", "", None, "xyz")] == [
        "00B050",
        "00B050",
        "00B050",
        None,
        None,
        None,
        None,
    ]
