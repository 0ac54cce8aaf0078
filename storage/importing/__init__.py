"""Importing plans: readers turn files into ``ImportedPlan``s, the loader writes them.

``read_document(path)`` picks the reader for a file; new formats register in ``READERS``.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from storage.importing.document import ImportedPlan

if TYPE_CHECKING:
    from storage.importing.tabular import Reading

#: Largest file the importer will read: a real action plan is far smaller; anything bigger is
#: refused at once rather than read into memory.
MAX_IMPORT_BYTES = 50 * 1024 * 1024


class UnreadableDocument(Exception):
    """A file the importer cannot read; the message is one line for the user."""


def _table_reader(name: str) -> Callable[[Path, dict[str, str] | None], Reading]:
    """A reader of ``storage.importing.<module>``, imported on first use (python-docx and
    openpyxl are slow to import and not needed by the light read path)."""
    module, function = name.rsplit(".", 1)

    def read(path: Path, overrides: dict[str, str] | None = None) -> Reading:
        from importlib import import_module

        return getattr(import_module(f"storage.importing.{module}"), function)(path, overrides)

    return read


#: file suffix -> reader returning a ``Reading`` (the plan plus how its columns were read).
#: ``overrides`` is the user's column mapping (``--map``), header -> field.
LAYOUT_READERS: dict[str, Callable[[Path, dict[str, str] | None], Reading]] = {
    ".docx": _table_reader("docx_reader.read_docx"),
    ".doc": _table_reader("docx_reader.read_docx"),  # refused with "save it as .docx"
    ".xlsx": _table_reader("xlsx_reader.read_xlsx"),
    ".xlsm": _table_reader("xlsx_reader.read_xlsx"),
    ".xls": _table_reader("xlsx_reader.read_xlsx"),  # refused with "save it as .xlsx"
    ".csv": _table_reader("csv_reader.read_csv"),
    # Text renderings of documents (Markdown, tab-separated, pasted from PDF/Word); the seed
    # layouts keep their own readers (storage.importing.seeds).
    ".txt": _table_reader("csv_reader.read_text"),
    ".text": _table_reader("csv_reader.read_text"),
    ".md": _table_reader("csv_reader.read_text"),
    ".markdown": _table_reader("csv_reader.read_text"),
    ".tsv": _table_reader("csv_reader.read_text"),
    ".tab": _table_reader("csv_reader.read_text"),
}


def _plan_only(suffix: str) -> Callable[[Path], ImportedPlan]:
    return lambda path: LAYOUT_READERS[suffix](path, None).plan


#: file suffix -> reader. Every format above, as a plain plan reader.
READERS: dict[str, Callable[[Path], ImportedPlan]] = {suffix: _plan_only(suffix) for suffix in LAYOUT_READERS}


def read_document(path: Path) -> ImportedPlan:
    """Read one file into a plan, or raise UnreadableDocument saying why in one line."""
    return read_document_layout(path).plan


def read_document_layout(path: Path, overrides: dict[str, str] | None = None) -> Reading:
    """Read one file into a plan plus how its columns were read (``Reading``), or raise
    UnreadableDocument saying why in one line. ``overrides`` maps headers to fields."""
    from storage.importing.tabular import Reading

    path = Path(path)
    if path.is_dir():
        raise UnreadableDocument(f"{path} is a folder, not a file")
    if not path.exists():
        raise UnreadableDocument(f"{path}: no such file")
    if not path.is_file():  # a device, a FIFO (or a link to one): reading could block or never end
        raise UnreadableDocument(f"{path} is not a regular file (a device or a pipe?)")
    if path.stat().st_size >= MAX_IMPORT_BYTES:
        raise UnreadableDocument(
            f"{path} is {path.stat().st_size // 2**20} MB: larger than an action plan "
            f"can be (the limit is under {MAX_IMPORT_BYTES // 2**20} MB)"
        )
    reader = LAYOUT_READERS.get(path.suffix.lower())
    if reader is None and READERS.get(path.suffix.lower()) is not None:
        plan_reader = READERS[path.suffix.lower()]  # a reader registered without a layout
        reader = lambda p, o: Reading(plan_reader(p), path.suffix)  # noqa: E731
    if reader is None:
        known = ", ".join(sorted(READERS))
        raise UnreadableDocument(f"{path}: cannot import {path.suffix or 'files without a suffix'} (known: {known})")
    from storage.importing.text_tables import UnreadableFile

    try:
        return reader(path, overrides)
    except UnreadableDocument:
        raise
    except UnreadableFile as error:
        raise UnreadableDocument(str(error)) from error
    except OSError as error:
        raise UnreadableDocument(f"cannot read {path}: {error.strerror or error}") from error
    except (ValueError, KeyError, IndexError, TypeError, RecursionError, MemoryError) as error:
        raise UnreadableDocument(f"{path.name} cannot be read ({type(error).__name__}: {str(error)[:120]})") from error
