"""Output bytes: orjson writes exactly what ``json.dumps(indent=2, ensure_ascii=False)`` writes
for the values a report holds, so the files read like the stdlib's and stay stable."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from pipeline.batch import extract_file, report_json

ROOT = Path(__file__).resolve().parent.parent
REPORTS = sorted((ROOT / "corpus").glob("*.txt")) + sorted((ROOT / "tests" / "texts" / "pages").glob("*.txt"))


@pytest.mark.parametrize("source", REPORTS, ids=[path.stem for path in REPORTS])
def test_reports_are_written_as_json_dumps_writes_them(source: Path):
    report = extract_file(source)
    expected = (json.dumps(report.model_dump(mode="json"), indent=2, ensure_ascii=False) + "\n").encode()
    assert report_json(report) == expected
