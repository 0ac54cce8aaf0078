"""Checks made before a file is handed to python-docx, openpyxl or the CSV reader.

Every check reads a bounded amount of the file and fails with a one-line ``UnreadableFile``:
- what the bytes are, whatever the suffix says: a Word/Excel file is a zip archive; the OLE
  compound-file magic (D0 CF 11 E0) is an old .doc/.xls or a password-protected (encrypted)
  Office file; a PDF is not a table; NUL bytes are not text;
- a zip bomb: the declared uncompressed sizes (which ``zipfile`` enforces while reading) must
  stay under a total and a compression ratio, with a bounded number of members;
- XML entity tricks (billion laughs, external entities): python-docx parses with
  ``resolve_entities=False`` and openpyxl with the standard library's expat, but no part of an
  Office file needs a DOCTYPE, so any XML part declaring one (or an ENTITY) is refused before
  any parser sees it.
"""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

from storage.importing.errors import UnreadableFile

OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
ZIP_MAGICS = (b"PK\x03\x04", b"PK\x05\x06")
#: Largest total the members of a Word/Excel zip may unpack to.
MAX_UNPACKED = 100 * 2**20
#: Largest compression ratio for a member of more than ``RATIO_FLOOR`` bytes (XML packs ~10-30x).
MAX_RATIO = 100
RATIO_FLOOR = 2**20
MAX_MEMBERS = 5000
#: How much of an XML part's start is read looking for its root element.
PROLOG_LIMIT = 64 * 1024

_ENCRYPTED = ("EncryptionInfo".encode("utf-16-le"), "EncryptedPackage".encode("utf-16-le"))
_OLD_FORMAT = {
    ".docx": "Word 97-2003 (.doc)",
    ".doc": "Word 97-2003 (.doc)",
    ".xlsx": "Excel 97-2003 (.xls)",
    ".xlsm": "Excel 97-2003 (.xls)",
    ".xls": "Excel 97-2003 (.xls)",
}
_SAVE_AS = {".doc": ".docx", ".docx": ".docx", ".xls": ".xlsx", ".xlsx": ".xlsx", ".xlsm": ".xlsx"}


def head(path: Path, size: int = 8) -> bytes:
    with open(path, "rb") as handle:
        return handle.read(size)


def what_is(data: bytes) -> str | None:
    """A name for bytes that are clearly not what a reader expects, else None."""
    if data.startswith(OLE_MAGIC):
        return "an old-format or password-protected Office file"
    if data.startswith(ZIP_MAGICS):
        return "a zip archive"
    if data.startswith(b"%PDF"):
        return "a PDF"
    if data.startswith((b"\x89PNG", b"\xff\xd8\xff", b"GIF8")):
        return "an image"
    if data.startswith(b"SQLite format 3"):
        return "a database file"
    return None


def refuse_ole(path: Path) -> None:
    """Say precisely what an OLE compound file is: encrypted OOXML or the old binary format."""
    with open(path, "rb") as handle:
        start = handle.read(2 * 2**20)
    suffix = path.suffix.lower()
    if any(marker in start for marker in _ENCRYPTED):
        raise UnreadableFile(
            f"{path.name} is password-protected (encrypted): open it in Office, "
            f"remove the password and save it again as {_SAVE_AS.get(suffix, '.docx or .xlsx')}"
        )
    kind = _OLD_FORMAT.get(suffix, "Office 97-2003 (.doc/.xls)")
    raise UnreadableFile(
        f"{path.name} is in the old {kind} format: open it and save it as "
        f"{_SAVE_AS.get(suffix, '.docx or .xlsx')}, then import that"
    )


def check_office_zip(path: Path, kind: str, required: str) -> None:
    """Refuse anything but a sane Word/Excel zip: ``required`` is the main part's name."""
    start = head(path, 8)
    if start.startswith(OLE_MAGIC):
        refuse_ole(path)
    if not start.startswith(ZIP_MAGICS):
        other = what_is(start)
        if other:
            raise UnreadableFile(f"{path.name} is {other}, not {kind}")
        raise UnreadableFile(f"{path.name} is not {kind} (the file is not a zip archive: damaged or renamed?)")
    try:
        with zipfile.ZipFile(path) as archive:
            members = archive.infolist()
            _check_sizes(path, members)
            names = {m.filename for m in members}
            if required not in names:
                raise UnreadableFile(f"{path.name} is not {kind} (it has no {required})")
            for member in members:
                _check_xml_part(path, archive, member)
    except zipfile.BadZipFile as error:
        raise UnreadableFile(f"{path.name} is damaged: not a readable zip archive ({error})") from None
    except (zipfile.LargeZipFile, NotImplementedError, RuntimeError, EOFError) as error:
        raise UnreadableFile(f"{path.name} cannot be unpacked: {error}") from None


def _check_sizes(path: Path, members: list[zipfile.ZipInfo]) -> None:
    if len(members) > MAX_MEMBERS:
        raise UnreadableFile(f"{path.name} holds {len(members)} files inside: not an action plan")
    total = 0
    for member in members:
        total += member.file_size
        if total > MAX_UNPACKED:
            raise UnreadableFile(
                f"{path.name} would unpack to more than {MAX_UNPACKED // 2**20} MB (a zip bomb?): refused"
            )
        if member.file_size > RATIO_FLOOR and member.file_size > MAX_RATIO * max(member.compress_size, 1):
            raise UnreadableFile(
                f"{path.name}: {member.filename} is compressed more than {MAX_RATIO} to 1 (a zip bomb?): refused"
            )


_XML_DECL = re.compile(r"<\?xml[^>]*?encoding\s*=\s*[\"']([^\"']+)[\"']", re.IGNORECASE)
_SAFE_ENCODINGS = {"utf-8", "utf8", "utf-16", "utf16", "utf-16le", "utf-16be", "us-ascii", "ascii"}
# Prolog items: XML declaration / processing instructions, comments, whitespace.
_PROLOG_ITEM = re.compile(r"\s+|<\?.*?\?>|<!--.*?-->", re.DOTALL)


def _check_xml_part(path: Path, archive: zipfile.ZipFile, member: zipfile.ZipInfo) -> None:
    """Refuse an XML part whose prolog holds a DOCTYPE/ENTITY declaration (or cannot be read)."""
    if member.is_dir():
        return
    with archive.open(member) as stream:
        data = stream.read(PROLOG_LIMIT)
    text = _decode_prolog(data)
    if text is None:
        return  # not XML (an image, a binary part): no XML parser will read it
    where = f"{path.name}: {member.filename}"
    declared = _XML_DECL.match(text)
    if declared and declared.group(1).strip().lower() not in _SAFE_ENCODINGS:
        raise UnreadableFile(f"{where} declares the unusual XML encoding {declared.group(1)!r}: refused")
    position = 0
    while True:
        match = _PROLOG_ITEM.match(text, position)
        if not match:
            break
        position = match.end()
    rest = text[position : position + 9].upper()
    if rest.startswith("<!DOCTYPE") or rest.startswith("<!ENTITY") or "<!ENTITY" in text.upper():
        raise UnreadableFile(f"{where} declares a DOCTYPE or entities (an XML entity trick?): refused")
    if position >= len(text) and len(data) >= PROLOG_LIMIT:
        raise UnreadableFile(f"{where} has no XML content in its first {PROLOG_LIMIT // 1024} KB: refused")


def _decode_prolog(data: bytes) -> str | None:
    """The start of an XML part as text, or None when the part is not XML at all."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16", "replace")
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    if data[:4] in (b"<\x00?\x00", b"\x00<\x00?"):  # UTF-16 without a byte-order mark
        return data.decode("utf-16-le" if data[0] == 0x3C else "utf-16-be", "replace")
    stripped = data.lstrip()
    if not stripped.startswith(b"<"):
        return None
    return data.decode("utf-8", "replace")


def check_text_bytes(path: Path, data: bytes) -> None:
    """Refuse binary data offered as CSV or text, naming what it is when the magic says."""
    other = what_is(data[:16])
    if other == "an old-format or password-protected Office file":
        refuse_ole(path)
    if other == "a zip archive":
        raise UnreadableFile(
            f"{path.name} is a zip archive (a Word or Excel file?), not text: give it its real suffix (.docx or .xlsx)"
        )
    if other == "a PDF":
        raise UnreadableFile(f"{path.name} is a PDF: copy the table's text out of it into a .txt file and import that")
    if other:
        raise UnreadableFile(f"{path.name} is {other}, not text")
    sample = data[:65536]
    if b"\x00" in sample:
        raise UnreadableFile(f"{path.name} holds binary data (NUL bytes), not text")
    controls = sum(1 for b in sample if b < 32 and b not in (9, 10, 13, 12))
    if sample and controls > len(sample) // 20:
        raise UnreadableFile(f"{path.name} holds binary data, not text")
