"""Golden files: every corpus report's extraction, byte for byte, as reviewed and committed.

On a mismatch the test shows ``python -m pipeline diff`` output: which claims and structure
changed. A change that is intended is accepted by regenerating the files and reviewing the
git diff before committing:

    CQC_REGENERATE_GOLDEN=1 python -m pytest tests/test_golden.py

Regeneration is refused in CI (a test checks that the flag is off there).
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from pipeline.batch import extract_file, report_json
from pipeline.files import write_atomic
from pipeline.quality.diff import diff_reports, format_diffs

ROOT = Path(__file__).resolve().parent.parent
CORPUS = sorted((ROOT / "corpus").glob("*.txt"))
GOLDEN = Path(__file__).resolve().parent / "golden"
FLAG = "CQC_REGENERATE_GOLDEN"
FLAG_SET = os.environ.get(FLAG, "") not in ("", "0")
REGENERATE = FLAG_SET and not os.environ.get("CI")  # never in CI, whatever the flag says
HOW = f"if the change is intended: {FLAG}=1 python -m pytest tests/test_golden.py, review, commit"


def test_regeneration_flag_is_off_in_ci():
    if os.environ.get("CI"):
        assert not FLAG_SET, f"{FLAG} is set in CI: golden files must never be rewritten there"


def test_every_golden_file_has_its_corpus_report():
    stems = {path.stem for path in CORPUS}
    orphans = sorted(p.name for p in GOLDEN.glob("*.json") if p.stem not in stems)
    assert not orphans, f"golden files without a corpus report (delete them): {orphans}"


@pytest.mark.parametrize("source", CORPUS, ids=[path.stem for path in CORPUS])
def test_extraction_matches_golden_file(source: Path):
    fresh = report_json(extract_file(source))
    golden = GOLDEN / f"{source.stem}.json"
    if REGENERATE:
        write_atomic(golden, fresh)
    if not golden.exists():
        pytest.fail(f"no golden file {golden.relative_to(ROOT)}: {HOW}")
    expected = golden.read_bytes()
    if fresh == expected:
        return
    difference = diff_reports(json.loads(expected), json.loads(fresh), golden.name)
    changes = (
        format_diffs([difference])
        if difference.differs
        else ("same content, different bytes: the JSON formatting changed")
    )
    pytest.fail(
        f"{source.name}: the extraction differs from {golden.relative_to(ROOT)} "
        f"(golden -> now):\n{changes}\n{HOW}",
        pytrace=False,
    )
