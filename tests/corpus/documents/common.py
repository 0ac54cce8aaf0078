"""What every family of documents shares: the ``Sample`` record, its list, and the RAG fills."""

from __future__ import annotations

from dataclasses import dataclass, field

from tests.corpus.expect import Want
from tests.corpus.spec import Doc

GREEN, AMBER, RED = "00B050", "FFC000", "FF0000"


@dataclass
class Sample:
    name: str
    source: str  # where it was published
    suffix: str  # the format the officer holds
    doc: Doc
    wants: list[Want]
    title: str | None = None  # the plan's name as it should be read (checked when given)
    held_out: bool = False
    note: str = ""
    mapping: dict = field(default_factory=dict)  # corrections the mapping step needs, if any
    options: dict = field(default_factory=dict)  # how the file is written (``writers.write``'s options)
    misread: str = ""  # a tuning document the importer does not read right yet: how it goes wrong


class Family(list[Sample]):
    """The samples of one module, in the order they are written."""

    def add(self, **kwargs) -> Sample:
        found = Sample(**kwargs)
        self.append(found)
        return found
