"""An Excel sheet's XML read as plain text (``xlsx_sheet``, for speed) gives exactly the rows that
expat gives (``xlsx_grid._SheetReader``, which reads any sheet), and a sheet it does not read
that way goes to expat whole."""

from __future__ import annotations

import io
from datetime import datetime

import pytest

from storage.importing import xlsx_sheet
from storage.importing.xlsx_grid import _SheetReader

MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"


def sheet(rows: str, after: str = "", root: str = f'<worksheet xmlns="{MAIN}" xmlns:x14ac="urn:x14ac">') -> bytes:
    return (
        f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\r\n{root}<dimension ref="A1:C3"/>'
        f"<sheetData>{rows}</sheetData>{after}</worksheet>"
    ).encode()


def reader() -> _SheetReader:
    return _SheetReader(["shared zero", "shared & one"], {7}, set(), datetime(1899, 12, 30))


def both(data: bytes):
    """The rows and merged ranges read plain (if it can) and by expat, and whether plain read it."""
    plain_used = []
    original = xlsx_sheet.plain_rows

    def spy(*args, **kwargs):
        result = original(*args, **kwargs)
        plain_used.append(True)
        return result

    xlsx_sheet_rows = pytest.MonkeyPatch()
    xlsx_sheet_rows.setattr("storage.importing.xlsx_grid.plain_rows", spy)
    try:
        first = reader()
        plain = list(first.rows(lambda: io.BytesIO(data), len(data)))
    finally:
        xlsx_sheet_rows.undo()
    second = reader()
    expat = list(second.rows(lambda: io.BytesIO(data)))
    assert first.finished and second.finished
    return (plain, first.merged), (expat, second.merged), bool(plain_used)


CASES = {
    "typed values": (
        '<row r="1"><c r="A1" t="s"><v>1</v></c><c r="B1" s="7"><v>46477</v></c><c r="C1" t="b"><v>1</v></c>'
        '<c r="D1"><v>2.50</v></c><c r="E1" t="str"><f>A1&amp;"x"</f><v>formula &amp; text</v></c>'
        '<c r="F1" t="e"><v>#N/A</v></c><c r="G1" t="n"><v></v></c><c r="H1" t="inlineStr"></c>'
        '<c r="I1" s="3"/><c r="J1" t="d"><v>2027-03-31T00:00:00</v></c><c r="K1"><v>1E3</v></c></row>'
    ),
    "inline text, references and line ends": (
        '<row r="1"><c r="A1" t="inlineStr"><is><t xml:space="preserve">  a &lt;b&gt; &#8658; &#x2713; '
        "&quot;q&quot; &apos;</t></is></c>"
        '<c r="B1" t="inlineStr"><is><t>one\r\ntwo\rthree&#13;four</t></is></c></row>'
    ),
    "rows missing, unnumbered, empty, out of order": (
        '<row r="2"><c r="B2" t="inlineStr"><is><t>b2</t></is></c></row><row r="3"/><row r="4"></row>'
        '<row><c t="inlineStr"><is><t>no ref</t></is></c><c/><c t="inlineStr"><is><t>after a gap</t></is></c></row>'
        '<row r="3"><c r="A3" t="inlineStr"><is><t>out of order</t></is></c></row>'
        '<row r="9" spans="1:3" x14ac:dyDescent="0.25"><c r="C9" s="2" t="s"><v>0</v></c></row>'
    ),
    "attributes in another order, cells parsed alone": (
        '<row r="1"><c r="A1" t="s" s="2"><v>0</v></c><c s="2" r="B1" t="s"><v>1</v></c>'
        '<c r="C1" t="inlineStr"><is><r><t>Rich </t></r><r><rPr><b/></rPr><t xml:space="preserve">text </t></r>'
        '<rPh sb="0" eb="1"><t>skipped</t></rPh></is></c><c r="D1" t="inlineStr"><is><t><![CDATA[a <b>]]></t></is></c>'
        '<c r="E1" cm="1"><v>5</v></c><c t="inlineStr"><is><t>next to E</t></is></c></row>'
    ),
    "white space between the elements": '\n  <row r="1">\n    <c r="A1"><v>1</v></c>\n  </row>\n',
    "merged ranges after the rows": (
        '<row r="1"><c r="A1" t="inlineStr"><is><t>m</t></is></c></row>',
        '<mergeCells count="2"><mergeCell ref="A1:B2"/><mergeCell ref="C3:D3"/></mergeCells>',
    ),
}


@pytest.mark.parametrize("name", CASES)
def test_a_plain_sheet_reads_as_expat_reads_it(name):
    case = CASES[name]
    rows, after = (case, "") if isinstance(case, str) else case
    plain, expat, used = both(sheet(rows, after))
    assert used
    assert plain == expat
    assert any(any(value is not None for value, _ in row) for row in plain[0])


FALLBACKS = {
    "a comment between the rows": (sheet('<row r="1"><c r="A1"><v>1</v></c></row><!-- x --><row r="2"/>'), None),
    "a namespace prefix": (
        (
            f'<x:worksheet xmlns:x="{MAIN}"><x:sheetData><x:row r="1"><x:c r="A1"><x:v>1</x:v></x:c></x:row>'
            "</x:sheetData></x:worksheet>"
        ).encode(),
        None,
    ),
    "another default namespace": (
        sheet('<row r="1"><c r="A1"><v>1</v></c></row>', root='<worksheet xmlns="urn:other">'),
        None,
    ),
    "UTF-16": (
        sheet('<row r="1"><c r="A1"><v>1</v></c></row>').decode().replace("UTF-8", "UTF-16").encode("utf-16"),
        None,
    ),
    "an unknown element in a row": (sheet('<row r="1"><c r="A1"><v>1</v></c><x/></row>'), None),
    "a cell that is not well formed": (sheet('<row r="1"><c r="A1"><v>1</c></row>'), "expat"),
    "no end to the rows": (sheet('<row r="1"><c r="A1"><v>1</v></c>').replace(b"</sheetData>", b""), "expat"),
}


@pytest.mark.parametrize("name", FALLBACKS)
def test_any_other_sheet_is_read_by_expat(name):
    data, fails = FALLBACKS[name]
    if fails:  # a damaged sheet: expat says what is wrong, as before
        with pytest.raises(Exception) as plain_error:
            list(reader().rows(lambda: io.BytesIO(data), len(data)))
        with pytest.raises(Exception) as expat_error:
            list(reader().rows(lambda: io.BytesIO(data)))
        assert type(plain_error.value) is type(expat_error.value)
        assert not isinstance(plain_error.value, xlsx_sheet.NotPlain)
        return
    if name == "UTF-16":
        with pytest.raises(xlsx_sheet.NotPlain):
            xlsx_sheet.sheet_text(data)
    plain, expat, _ = both(data)
    assert plain == expat


def test_reading_stops_after_a_long_run_of_empty_rows():
    rows = '<row r="1"><c r="A1"><v>1</v></c></row>' + "".join(f'<row r="{n}"/>' for n in range(2, 3000))
    rows += '<row r="3000"><c r="A3000"><v>2</v></c></row>'
    read, stop = xlsx_sheet.plain_rows(
        sheet(rows).decode(), reader()._typed_value, reader()._odd_cell, lambda letters: 1, 1000
    )
    assert read[-1][0] == 1002  # (the grid stops there: more than 1,000 empty rows in a row)
    assert stop < len(sheet(rows))
