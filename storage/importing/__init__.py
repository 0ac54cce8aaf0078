"""Importing plans: readers turn files into ``ImportedPlan``s, the loader writes them.

``read_document(path)`` picks the reader for a file; new formats register in ``READERS``.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from storage.importing.document import ImportedPlan

#: Largest file the importer will read: a real action plan is far smaller; anything bigger is
#: refused at once rather than read into memory.
MAX_IMPORT_BYTES = 50 * 1024 * 1024


class UnreadableDocument(Exception):
    """A file the importer cannot read; the message is one line for the user."""


def _read_text_plan(path: Path) -> ImportedPlan:
    from storage.importing.seeds import read_plan_text

    return read_plan_text(path)


#: file suffix -> reader. Text renderings of documents (tab-separated, Markdown) share one reader.
READERS: dict[str, Callable[[Path], ImportedPlan]] = {
    ".txt": _read_text_plan,
    ".md": _read_text_plan,
    ".tsv": _read_text_plan,
}


def read_document(path: Path) -> ImportedPlan:
    """Read one file into a plan, or raise UnreadableDocument saying why in one line."""
    if path.is_dir():
        raise UnreadableDocument(f"{path} is a folder, not a file")
    if not path.exists():
        raise UnreadableDocument(f"{path}: no such file")
    if path.stat().st_size > MAX_IMPORT_BYTES:
        raise UnreadableDocument(f"{path} is larger than {MAX_IMPORT_BYTES // 2**20} MB: not an action plan")
    reader = READERS.get(path.suffix.lower())
    if reader is None:
        known = ", ".join(sorted(READERS))
        raise UnreadableDocument(f"{path}: cannot import {path.suffix or 'files without a suffix'} (known: {known})")
    from storage.importing.text_tables import UnreadableFile

    try:
        return reader(path)
    except UnreadableDocument:
        raise
    except UnreadableFile as error:
        raise UnreadableDocument(str(error)) from error
    except OSError as error:
        raise UnreadableDocument(f"cannot read {path}: {error.strerror or error}") from error
