"""Writes data/veto/numbers.jsonl: every annotated number the project has, in the words around
it, for the veto's model (``python -m pipeline train``). Run from the repository root:

    python data/veto/build.py [SHARED]      # SHARED: the folder holding pages/ and gold/pages/
                                            # (default: ../shared beside the repository)

One JSON line per number: ``window`` (the text line holding it, at most ``veto.REACH`` characters
either side: ``pipeline.stages.veto.window``), ``start``/``end`` (the number's span in the window), ``text``, ``label``,
``file`` (where the window came from, relative to its collection) and ``council`` (the group
the cross-validation leaves out together).

Labels come from hand annotations only, never from the pipeline's output:
- ``claim`` / ``comparator``: the gold's claims and their comparators;
- ``optional``: the gold's debatable numbers (neither trained on nor scored);
- ``negative``: every other number of an annotated text (the gold lists every claim, so a
  number it does not hold is not one: dates, ages, section numbers, scale anchors, ...).

Collections: the development pages (public CQC pages, Open Government Licence v3.0; their
gold in SHARED/gold/pages), the corpus report's gold (tests/gold), the synthetic pages
(tests/texts/pages with tests/gold/pages) and the written claims test cases (tests/test_claims*.py:
each case lists every claim and comparator of its text, so its other numbers are negatives;
in the cases that list claims only, a number the case leaves unlisted and that is written as a
comparator ("England averages of 62% and 58%") is left out rather than guessed).
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import regex

ROOT = Path(__file__).resolve().parents[2]
OUT = ROOT / "data" / "veto" / "numbers.jsonl"

sys.path.insert(0, str(ROOT))
# the rows of a text and of a gold annotation, as ``train --gold`` reads a review's gold
from pipeline.quality.train import (  # noqa: E402
    development_annotations,
    gold_rows,
    repository_annotations,
    rows_of,
)


def annotation_rows(annotations) -> list[dict]:
    """Every number of the annotated texts (``train.Annotation``), labelled by their gold."""
    return [row for a in annotations for row in gold_rows(a.text, a.gold, a.file, a.council)]


def _free(text: str, surface: str, taken: list[tuple[int, int, str]]) -> int:
    """Where ``surface`` stands as a number of its own, outside the spans already taken
    (a comparator may stand before its claim: "from 120 to 95")."""
    for m in regex.finditer(r"(?<![\d.,])" + regex.escape(surface) + r"(?![\d])", text):
        if not any(x < m.end() and m.start() < y for x, y, _ in taken):
            return m.start()
    raise ValueError(f"{surface!r} not found free in {text!r}")


def written_cases() -> list[dict]:
    """The claims tests' cases: (text, expected claims with their comparators), or (text,
    the claim surfaces only) for the cases about what is not a claim."""
    sys.path.insert(0, str(ROOT / "tests"))
    import test_claims
    import test_claims_more_councils
    import test_claims_real_wording

    from pipeline.models import Document, Overall
    from pipeline.stages.claims import decisions

    rows = []
    full = (
        [("tests/test_claims.py", c) for c in test_claims.VARIANTS]
        + [("tests/test_claims_more_councils.py", c) for c in test_claims_more_councils.CASES]
        + [("tests/test_claims_real_wording.py", c) for c in test_claims_real_wording.CASES]
    )
    for file, (name, text, expected) in full:
        labelled = []
        for want in expected:
            a = text.index(want["text"], want.get("from", 0))
            labelled.append((a, a + len(want["text"]), "claim"))
            for comp in want.get("comparators", []):
                c = _free(text, comp["text"], labelled)
                labelled.append((c, c + len(comp["text"]), "comparator"))
        rows += rows_of(text, labelled, f"{file}::{name}", "written cases")
    surfaces_only = (
        [("tests/test_claims.py", c[:3]) for c in test_claims.NEGATIVES]
        + [("tests/test_claims_real_wording.py", c[:3]) for c in test_claims_real_wording.NEGATIVES]
        + [("tests/test_claims_real_wording.py", c[:3]) for c in test_claims_real_wording.STILL_CLAIMS]
    )
    for file, (name, text, surfaces) in surfaces_only:
        labelled, at = [], 0
        for surface in surfaces:
            a = text.index(surface, at)
            labelled.append((a, a + len(surface), "claim"))
            at = a + len(surface)
        # numbers written as comparators are not guessed at: left out
        _, found = decisions(text, Document(text_length=len(text), overall=Overall()), "0" * 64)
        skip = [(d.start, d.end) for d in found if d.role == "comparator"]
        rows += rows_of(text, labelled, f"{file}::{name}", "written cases", skip)
    return rows


def main(argv: list[str]) -> int:
    shared = Path(argv[0]) if argv else ROOT.parent / "shared"
    rows = annotation_rows(development_annotations(shared) + repository_annotations()) + written_cases()
    OUT.parent.mkdir(parents=True, exist_ok=True)
    OUT.write_text(
        "".join(json.dumps(r, ensure_ascii=False, sort_keys=True) + "\n" for r in rows), encoding="utf-8"
    )
    labels: dict[str, int] = {}
    for r in rows:
        labels[r["label"]] = labels.get(r["label"], 0) + 1
    print(
        f"{OUT.relative_to(ROOT)}: {len(rows)} numbers, {labels}, "
        f"{len({r['council'] for r in rows})} councils"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
