"""``make fidelity``: how many rows of the corpus of real plans the importer reads fully right.

Builds every document of ``tests.corpus.documents`` in a temporary folder, reads it as
``ragtrack import`` would with no options, and prints, per document and in total, the rows fully
right out of the rows expected, with the rows missing, the spurious ones and the fields most
often wrong. The held-out documents are scored apart and their details are not printed unless
asked for (``--show-held-out``): they are not to be tuned against.

    python -m tests.corpus.fidelity [--details] [--only NAME] [--show-held-out]
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

from tests.corpus.documents import SAMPLES, Sample
from tests.corpus.expect import Score, got_from, norm, score
from tests.corpus.writers import write


@dataclass
class Result:
    sample: Sample
    score: Score
    title: str | None = None

    @property
    def title_right(self) -> bool | None:
        if self.sample.title is None or self.title is None:
            return None
        return norm(self.sample.title) == norm(self.title)


def read(path: Path, mapping: dict | None = None):
    from storage.importing import read_document

    if mapping:
        from storage.importing import read_document_layout
        from storage.importing.mapping import Mapping

        return read_document_layout(path, mapping=Mapping.from_dict(mapping)).plan
    return read_document(path)


def run(samples: list[Sample], folder: Path, with_mapping: bool = False) -> list[Result]:
    results = []
    for sample in samples:
        path = write(sample.doc, folder / f"{sample.name}{sample.suffix}", **sample.options)
        try:
            plan = read(path, sample.mapping if with_mapping else None)
        except Exception as error:  # a refusal is scored as every row missing
            result = Score(len(sample.wants), missing=len(sample.wants), error=f"{type(error).__name__}: {error}")
            results.append(Result(sample, result))
            continue
        results.append(Result(sample, score(sample.wants, got_from(plan)), plan.title))
    return results


def table(results: list[Result], label: str, details: bool) -> tuple[int, int]:
    print(f"\n{label}")
    print(f"  {'document':<36} {'format':<6} {'right':>9} {'miss':>5} {'spur':>5}  title  fields wrong")
    right = expected = 0
    for result in results:
        s = result.score
        right, expected = right + s.right, expected + s.expected
        title = {True: "ok", False: "WRONG", None: "-"}[result.title_right]
        fields = ", ".join(f"{k} {v}" for k, v in sorted(s.wrong_fields.items(), key=lambda kv: -kv[1]))
        if s.error:
            fields = f"refused: {s.error[:70]}"
        print(
            f"  {result.sample.name:<36} {result.sample.suffix[1:]:<6} {s.right:>4}/{s.expected:<4} "
            f"{s.missing:>5} {s.spurious:>5}  {title:<5}  {fields}"
        )
        if details:
            if result.title_right is False:
                print(f"      title: want {result.sample.title!r} got {result.title!r}")
            for line in s.details:
                print(f"      {line}")
    share = 100 * right / expected if expected else 0
    print(f"  {'total':<36} {'':<6} {right:>4}/{expected:<4}  ({share:.0f}% of rows fully right)")
    return right, expected


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--details", action="store_true", help="print each wrong, missing or spurious row")
    parser.add_argument("--only", metavar="NAME", help="documents whose name contains NAME")
    parser.add_argument("--show-held-out", action="store_true", help="also print the held-out documents' details")
    parser.add_argument("--mapping", action="store_true", help="also score with each document's mapping corrections")
    args = parser.parse_args(argv)
    chosen = [s for s in SAMPLES if not args.only or args.only in s.name]
    with tempfile.TemporaryDirectory(prefix="ragtrack-fidelity-") as folder:
        tuned = run([s for s in chosen if not s.held_out], Path(folder))
        held = run([s for s in chosen if s.held_out], Path(folder))
        print(f"Corpus: {len(chosen)} published plans, read with no options ({len(held)} held out)")
        table(tuned, "Tuning set", args.details)
        if held:
            table(held, "Held-out set (not tuned against)", args.details and args.show_held_out)
        if args.mapping:
            mapped = [s for s in chosen if s.mapping]
            if mapped:
                table(run(mapped, Path(folder), with_mapping=True), "With the mapping step's corrections", args.details)
    return 0


if __name__ == "__main__":
    sys.exit(main())
