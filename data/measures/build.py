"""Writes data/measures/rows.jsonl: every claim the project has a measure label for, as the
pipeline reads it, for the measure model (``python -m pipeline train``). Run from the
repository root:

    python data/measures/build.py [SHARED]   # SHARED: the folder holding pages/ and gold/pages/
                                             # (default: ../shared beside the repository)

Rows (``pipeline.quality.train.measure_rows``, ``sentence_rows``): the development pages' gold
(grouped by council: the cross-validation leaves each out), the corpus report's gold, the
synthetic pages' gold (tests/gold/pages; claims annotated with a measure key), the measure
tests' cases (tests/test_measures.py), each catalogue measure's own name, and the paraphrases
of data/measures/paraphrases.txt. Labels come from hand annotations only.
"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
from pipeline.quality import train  # noqa: E402


def test_cases() -> list[train.MeasureRow]:
    """tests/test_measures.py's cases: each (text, {claim: measure}) claim, its marked sentence."""
    sys.path.insert(0, str(ROOT / "tests"))
    import test_measures

    from pipeline.stages.measure_model import NONE

    labelled = []
    for _, text, expected in test_measures.MEASURE_CASES + test_measures.NEAR_MISS_CASES:
        at = 0
        for surface, measure in expected.items():
            start = text.index(surface, at if text.find(surface, at) >= 0 else 0)
            labelled.append(
                (measure or NONE, text[:start] + "[" + surface + "]" + text[start + len(surface) :])
            )
    return train.sentence_rows(labelled, "tests", "tests/test_measures.py")


def main(shared: Path) -> None:
    rows = train.measure_rows(train.development_annotations(shared) + train.repository_annotations())
    rows += test_cases()
    rows += train.catalogue_rows()
    rows += train.sentence_rows(
        train.read_paraphrases(ROOT / "data" / "measures" / "paraphrases.txt"),
        "paraphrases",
        "data/measures/paraphrases.txt",
    )
    train.write_measure_rows(rows)
    measured = sum(r.label != "none" for r in rows)
    print(f"{len(rows)} rows ({measured} with a measure) written to {train.MEASURE_DATA}")


if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT.parent / "shared")
