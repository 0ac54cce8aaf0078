"""Hostile or broken files get a one-line refusal within seconds and leave the database as it was:
zip bombs, XML entity tricks, OLE files (encrypted OOXML, old .doc/.xls), binary junk, a PDF
under a false name, a damaged zip, a 50 MB file. Every file is built here."""

from __future__ import annotations

import hashlib
import io
import os
import time
import zipfile

import docx
import pytest

from tui.cli import main

OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
LAUGHS = (
    '<?xml version="1.0"?>\n<!DOCTYPE lolz [<!ENTITY lol "lol">'
    + "".join(f'<!ENTITY lol{i} "{("&lol" + str(i - 1) + ";") * 10 if i > 1 else "&lol;" * 10}">' for i in range(1, 10))
    + "]>\n"
)
EXTERNAL = '<?xml version="1.0"?>\n<!DOCTYPE foo [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>\n'


def small_docx() -> bytes:
    document = docx.Document()
    table = document.add_table(rows=2, cols=3)
    for cell, text in zip(
        table.rows[0].cells + table.rows[1].cells, ["Ref", "Action", "Lead", "1", "Do it", "Jackie Roper"], strict=False
    ):
        cell.text = text
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def rewrite(data: bytes, name: str, change) -> bytes:
    """The same zip with one member's bytes changed."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            body = source.read(item)
            target.writestr(item.filename, change(body) if item.filename == name else body)
    return out.getvalue()


def with_prolog(prolog: str):
    def change(body: bytes) -> bytes:
        if body.startswith(b"<?xml"):
            body = body.split(b"?>", 1)[1].lstrip()
        return prolog.encode() + body

    return change


def bomb(members: int, size: int) -> bytes:
    out = io.BytesIO()
    zero = bytes(2**20)
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<w:document/>")
        for n in range(members):
            with archive.open(f"word/media/zeros{n}.bin", "w") as stream:
                for _ in range(size // len(zero)):
                    stream.write(zero)
    return out.getvalue()


def build(kind: str, tmp_path):
    """(file name, bytes or a callable that makes the file, expected words)."""
    if kind == "ratio bomb":
        return "bomb.docx", bomb(1, 20 * 2**20), "compressed more than 100 to 1 (a zip bomb?)"
    if kind == "size bomb":
        return "bomb2.docx", bomb(101, 2**20), "would unpack to more than 100 MB (a zip bomb?)"
    if kind == "billion laughs":
        return (
            "laughs.docx",
            rewrite(small_docx(), "word/document.xml", with_prolog(LAUGHS)),
            "word/document.xml declares a DOCTYPE or entities",
        )
    if kind == "external entity":
        return (
            "xxe.docx",
            rewrite(small_docx(), "[Content_Types].xml", with_prolog(EXTERNAL)),
            "[Content_Types].xml declares a DOCTYPE or entities",
        )
    if kind == "excel entity":
        import openpyxl

        buffer = io.BytesIO()
        workbook = openpyxl.Workbook()
        workbook.active.append(["Ref", "Action", "Lead"])
        workbook.save(buffer)
        return (
            "laughs.xlsx",
            rewrite(buffer.getvalue(), "xl/workbook.xml", with_prolog(LAUGHS)),
            "laughs.xlsx: xl/workbook.xml declares a DOCTYPE or entities",
        )
    if kind == "utf-16 doctype":
        prolog = ('<?xml version="1.0" encoding="UTF-16"?>' + EXTERNAL.split("\n", 1)[1]).encode("utf-16")
        return (
            "wide.docx",
            rewrite(
                small_docx(),
                "word/document.xml",
                lambda body: prolog + body.decode().split("?>", 1)[1].encode("utf-16")[2:],
            ),
            "declares a DOCTYPE or entities",
        )
    if kind == "encrypted":
        return (
            "secret.docx",
            OLE + bytes(504) + "EncryptedPackage".encode("utf-16-le") + bytes(2000),
            "secret.docx is password-protected (encrypted)",
        )
    if kind == "old word":
        return "old.doc", OLE + bytes(4000), "old Word 97-2003 (.doc) format: open it and save it as .docx"
    if kind == "old excel":
        return "old.xlsx", OLE + bytes(4000), "old Excel 97-2003 (.xls) format"
    if kind == "junk docx":
        return "junk.docx", os.urandom(8192), "junk.docx is not a Word document"
    if kind == "junk xlsx":
        return "junk.xlsx", b"\x00\x01" + os.urandom(8192), "junk.xlsx is not an Excel workbook"
    if kind == "junk csv":
        return "junk.csv", b"Ref,Action\n\x00\x00" + os.urandom(4096), "junk.csv holds binary data"
    if kind == "junk text":
        return "junk.txt", bytes(range(1, 9)) * 2000, "junk.txt holds binary data, not text"
    if kind == "pdf":
        return "report.docx", b"%PDF-1.7\n" + os.urandom(1000), "report.docx is a PDF, not a Word document"
    if kind == "pdf as csv":
        return "report.csv", b"%PDF-1.7\n" + os.urandom(1000), "report.csv is a PDF: copy the table's text"
    if kind == "damaged zip":
        data = small_docx()
        return "cut.docx", data[: len(data) // 2], "cut.docx is damaged"
    if kind == "word as excel":
        return "renamed.xlsx", small_docx(), "renamed.xlsx is not an Excel workbook (it has no xl/workbook.xml)"
    if kind == "fifty megabytes":

        def sparse(path):
            with open(path, "wb") as handle:
                handle.truncate(50 * 2**20)

        return "huge.csv", sparse, "huge.csv is 50 MB: larger than an action plan can be"
    raise AssertionError(kind)


CASES = [
    "ratio bomb",
    "size bomb",
    "billion laughs",
    "external entity",
    "excel entity",
    "utf-16 doctype",
    "encrypted",
    "old word",
    "old excel",
    "junk docx",
    "junk xlsx",
    "junk csv",
    "junk text",
    "pdf",
    "pdf as csv",
    "damaged zip",
    "word as excel",
    "fifty megabytes",
]


@pytest.fixture(scope="module")
def database(tmp_path_factory):
    """A database holding one plan, and the hash of its file."""
    folder = tmp_path_factory.mktemp("safety")
    good = folder / "good.csv"
    good.write_text("Ref,Action,Lead\n1,Do it,Jackie Roper\n", encoding="utf-8")
    db = folder / "plans.db"
    assert main(["--db", str(db), "import", str(good)]) == 0
    return db


def digest(path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.mark.parametrize("kind", CASES)
def test_refused_in_one_line_quickly_and_nothing_changes(kind, tmp_path, database, capsys):
    name, content, expected = build(kind, tmp_path)
    path = tmp_path / name
    if callable(content):
        content(path)
    else:
        path.write_bytes(content)
    good = database.parent / "good.csv"
    before = digest(database)
    capsys.readouterr()
    started = time.monotonic()
    code = main(["--db", str(database), "import", str(good), str(path)])
    elapsed = time.monotonic() - started
    err = capsys.readouterr().err
    assert code == 1
    assert expected in err, err
    assert err.count("\n") == 1 and err.endswith("(nothing was imported)\n"), err
    assert elapsed < 5, f"{kind} took {elapsed:.1f}s"
    assert digest(database) == before


def test_no_database_is_created_for_a_refused_file(tmp_path, capsys):
    junk = tmp_path / "junk.docx"
    junk.write_bytes(os.urandom(100))
    db = tmp_path / "new.db"
    assert main(["--db", str(db), "import", str(junk)]) == 1
    assert not db.exists()


def test_docx_parser_never_loads_external_entities(tmp_path):
    """Belt and braces, verified rather than assumed: python-docx's parser (lxml with
    resolve_entities=False) leaves an external entity unloaded even if a DOCTYPE got through."""
    from docx.oxml.parser import parse_xml

    secret = tmp_path / "secret.txt"
    secret.write_text("TOP SECRET", encoding="utf-8")
    element = parse_xml(f'<!DOCTYPE r [<!ENTITY e SYSTEM "{secret.as_uri()}">]><r>&e;</r>'.encode())
    assert "TOP SECRET" not in element.xpath("string(.)")
