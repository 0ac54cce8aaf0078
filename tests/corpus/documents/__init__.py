"""Published action plans, rebuilt as the files officers hold, with their correct readings.

Each ``Sample`` names where the plan was published, the format an officer would hold it in, its
content (``spec.Doc``) and its rows as a careful officer would type them into ragtrack
(``expect.Want``). Long cells are condensed; the structure (merged cells, lists inside cells,
sections, references, dates, statuses, leads) is the published document's. Where a document
carried no rating, fills were added to exercise colour-only ratings (said so in ``note``).

One module per family of documents (scrutiny trackers, NHS boards, improvement plans, inspections, equality
schemes, governance and audit, partnership boards, parish councils); ``SAMPLES`` gathers them.

``held_out`` documents are kept aside: they were written down, with their readings, before the
importer was tuned, and are not looked at while tuning. ``fidelity`` reports them separately.
"""

from __future__ import annotations

from tests.corpus.documents import (
    equality,
    governance,
    improvement,
    inspections,
    nhs_boards,
    parish,
    partnerships,
    scrutiny,
)
from tests.corpus.documents.common import Sample

FAMILIES = (scrutiny, nhs_boards, improvement, inspections, equality, governance, partnerships, parish)
SAMPLES: list[Sample] = [found for family in FAMILIES for found in family.SAMPLES]

__all__ = ["FAMILIES", "SAMPLES", "Sample"]
