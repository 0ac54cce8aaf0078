"""An Excel sheet's XML read as plain text (``xlsx_sheet``, for speed) gives exactly the rows that
expat gives (``xlsx_grid._SheetReader``, which reads any sheet), and a sheet it does not read
that way goes to expat whole."""

from __future__ import annotations

import io
import re
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
        "&quot;q&quot; &apos; &#38;#60; &#x26;lt;</t></is></c>"
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


# ---- the workbook's other parts (``xlsx_book``), read without openpyxl ---------------------------


def test_the_workbook_parts_read_as_openpyxl_reads_them(tmp_path, monkeypatch):
    """Shared strings (rich text, phonetic guides), fills of every kind, date and duration
    formats, the 1904 calendar, hidden sheets and chartsheets, the title: the grid read from
    the parts ``xlsx_book`` reads is the one read from openpyxl's."""
    import zipfile

    import openpyxl
    from openpyxl.cell.rich_text import CellRichText, TextBlock
    from openpyxl.cell.text import InlineFont
    from openpyxl.styles import Color, GradientFill, PatternFill
    from openpyxl.utils.datetime import CALENDAR_MAC_1904

    from storage.importing import xlsx_book, xlsx_grid

    for epoch in (None, CALENDAR_MAC_1904):
        workbook = openpyxl.Workbook()
        if epoch:
            workbook.epoch = epoch
        workbook.properties.title = "  Plan title – ONGOING ACTIONS – SUMMARY VERSION as at 01/02/2027 "
        sheet = workbook.active
        sheet.title = "Plan"
        sheet.append(["Ref", "Action", "Due", "Time", "Score"])
        sheet.append(["1a", "Shared text", datetime(2027, 3, 31), 1.5, 2])
        sheet.append(["1b", CellRichText("Rich ", TextBlock(InlineFont(b=True), "text")), 46000, 0.25, 3.5])
        sheet.append(["1c", "Shared text", 46001, 2, "x005F_x"])
        sheet["C3"].number_format = "dd/mm/yyyy;@"
        sheet["C4"].number_format = '"Due" d mmm'
        sheet["D2"].number_format = "[h]:mm:ss"
        sheet["D3"].number_format = "0.00"
        fills = [
            PatternFill("solid", fgColor=Color(rgb="FFFF0000")),
            PatternFill("solid", fgColor=Color(theme=5, tint=0.3999)),
            PatternFill("solid", fgColor=Color(indexed=13)),
            PatternFill("darkGrid", fgColor=Color(rgb="FF000000"), bgColor=Color(rgb="FF00B050")),
            PatternFill("lightGray", fgColor=Color(theme=9)),
            GradientFill(stop=("FF0000", "0000FF")),
            PatternFill("solid", fgColor=Color(auto=True)),
        ]
        for column, fill_ in enumerate(fills, start=1):
            sheet.cell(row=5, column=column, value=f"filled {column}").fill = fill_
        hidden = workbook.create_sheet("Hidden")
        hidden["A1"] = "not read"
        hidden.sheet_state = "hidden"
        workbook.create_chartsheet("Chart")
        second = workbook.create_sheet("Second")
        second.append(["Ref", "Action"])
        path = tmp_path / f"parts{1 if epoch else 0}.xlsx"
        workbook.save(path)
        with zipfile.ZipFile(path) as package:  # openpyxl writes inline strings: shared ones by hand
            parts = {name: package.read(name) for name in package.namelist()}
        sheet_xml = parts["xl/worksheets/sheet1.xml"].decode()
        shared = [
            '<si><t>Shared text</t><rPh sb="0" eb="1"><t>guide</t></rPh></si>',  # a phonetic guide
            '<si><r><t xml:space="preserve">Run </t></r><r><rPr><b/></rPr><t>one</t></r></si>',
            "<si><t>x005F_x000D_kept &amp; escaped</t></si>",
            "<si><t/></si>",
        ]
        for cell, index in (("B2", 0), ("B4", 0), ("A3", 1), ("E4", 2), ("A4", 3)):
            sheet_xml = re.sub(
                rf'<c r="{cell}"([^>]*?) t="inlineStr"([^>]*)><is><t>[^<]*</t></is></c>',
                lambda m, cell=cell, index=index: f'<c r="{cell}"{m.group(1)} t="s"{m.group(2)}><v>{index}</v></c>',
                sheet_xml,
            )
        parts["xl/worksheets/sheet1.xml"] = sheet_xml.encode()
        parts["xl/sharedStrings.xml"] = (
            f'<sst xmlns="{MAIN}" count="{len(shared)}" uniqueCount="{len(shared)}">{"".join(shared)}</sst>'
        ).encode()
        types = parts["[Content_Types].xml"].decode()
        parts["[Content_Types].xml"] = types.replace(
            "</Types>",
            '<Override PartName="/xl/sharedStrings.xml" '
            'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/></Types>',
        ).encode()
        rels = parts["xl/_rels/workbook.xml.rels"].decode()
        parts["xl/_rels/workbook.xml.rels"] = rels.replace(
            "</Relationships>",
            '<Relationship Id="rIdStrings" Target="sharedStrings.xml" '
            'Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings"/>'
            "</Relationships>",
        ).encode()
        with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as package:
            for name, data in parts.items():
                package.writestr(name, data)

        with zipfile.ZipFile(path) as package:
            assert xlsx_book.read_book(package) is not None  # read without openpyxl
        plain = xlsx_grid.read_xlsx(path)
        with monkeypatch.context() as patched:
            patched.setattr(xlsx_grid, "read_book", lambda archive: None)
            expected = xlsx_grid.read_xlsx(path)

        def cells(grid):
            return [
                [[(c.text, c.fill, c.spans_left, c.continued) for c in r.cells] for r in t.rows] for t in grid.tables
            ]

        assert cells(plain) == cells(expected)
        assert (
            (plain.title, plain.notes)
            == (expected.title, expected.notes)
            == ("Plan title", ["hidden sheets not read: Hidden"])
        )
        assert [t.name for t in plain.tables] == ["sheet 'Plan'", "sheet 'Second'"]
        assert plain.tables[0].rows[2].cells[1].text == "Rich text"
        assert [plain.tables[0].rows[n].cells[0].text for n in (2, 3)] == ["Run one", ""]
        assert plain.tables[0].rows[3].cells[1].text == plain.tables[0].rows[1].cells[1].text == "Shared text"
        assert plain.tables[0].rows[1].cells[2].text == "31/03/2027"
        assert len({c.fill for c in plain.tables[0].rows[4].cells}) >= 5


def test_number_formats_are_dates_as_openpyxl_judges_them():
    from openpyxl.styles.numbers import BUILTIN_FORMATS, is_date_format, is_timedelta_format

    from storage.importing import xlsx_book

    assert {i for i, code in BUILTIN_FORMATS.items() if is_date_format(code)} == xlsx_book.BUILTIN_DATES
    assert {i for i, code in BUILTIN_FORMATS.items() if is_timedelta_format(code)} == xlsx_book.BUILTIN_DURATIONS
    codes = [
        *BUILTIN_FORMATS.values(),
        "dd/mm/yyyy;@",
        '"Due" d mmm',
        "[h]:mm:ss",
        "[Red]0.00",
        "0_d",
        "\\d0",
        "[mm]:ss",
        None,
    ]
    for code in codes:
        assert xlsx_book.is_date_format(code) == is_date_format(code), code
        assert xlsx_book.is_duration_format(code) == is_timedelta_format(code), code
