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

import csv
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
from pipeline.quality import train  # noqa: E402


def development_annotations(shared: Path) -> list[train.Annotation]:
    index = {
        row["file"]: row["council"]
        for row in csv.DictReader((shared / "pages" / "INDEX.tsv").open(encoding="utf-8"), delimiter="\t")
    }
    out = []
    for gold_file in sorted((shared / "gold" / "pages").glob("*.json")):
        page = shared / "pages" / f"{gold_file.stem}.txt"
        out.append(
            train.Annotation(
                page.read_bytes().decode("utf-8"),
                json.loads(gold_file.read_text(encoding="utf-8")),
                f"pages/{page.name}",
                index[page.name],
            )
        )
    return out


def repository_annotations() -> list[train.Annotation]:
    out = []
    for gold_file in sorted((ROOT / "tests" / "gold").glob("*.json")):
        gold = json.loads(gold_file.read_text(encoding="utf-8"))
        text_file = ROOT / "corpus" / Path(gold["text_file"]).name
        out.append(
            train.Annotation(
                text_file.read_bytes().decode("utf-8"),
                gold,
                f"corpus/{text_file.name}",
                gold["structure"]["local_authority"],
            )
        )
    for gold_file in sorted((ROOT / "tests" / "gold" / "pages").glob("*.json")):
        gold = json.loads(gold_file.read_text(encoding="utf-8"))
        out.append(
            train.Annotation(
                (ROOT / gold["text_file"]).read_text(encoding="utf-8"),
                gold,
                gold["text_file"],
                "synthetic " + gold_file.stem.split("_")[0],
            )
        )
    return out


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
    rows = train.measure_rows(development_annotations(shared) + repository_annotations())
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
