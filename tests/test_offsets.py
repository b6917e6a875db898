"""Every offset in the output of every corpus file and report-shaped test text indexes its text."""

from __future__ import annotations

from pathlib import Path

import pytest
from spans import assert_spans

import pipeline

ROOT = Path(__file__).parent.parent
REPORT_TEXTS = sorted((ROOT / "corpus").glob("*.txt")) + sorted(
    p for p in (ROOT / "tests" / "texts").glob("*.txt")
    if p.name.startswith(("segment_", "claims_"))
)


def read(path: Path) -> str:
    with open(path, encoding="utf-8", newline="") as handle:
        return handle.read()


@pytest.fixture(params=REPORT_TEXTS, ids=[p.name for p in REPORT_TEXTS])
def extracted(request):
    text = read(request.param)
    return text, pipeline.extract(text, name=request.param.stem)


def test_every_span_indexes_the_text(extracted):
    text, report = extracted
    assert_spans(report.model_dump(mode="json"), text)


def test_headings_start_their_spans(extracted):
    text, report = extracted
    for section in report.sections:
        assert text[section.start:section.end].startswith(section.title), section.title
    for theme in report.themes:
        for statement in theme.statements:
            # the heading may carry markup a converter left ("## Safeguarding")
            head = text[statement.start:statement.end][:len(statement.title) + 8]
            assert statement.title in head, statement.title
            for sub in statement.subsections:
                if sub.heading:  # may be wrapped in markup: "**Strategic planning**"
                    assert sub.heading in text[sub.start:sub.end][:len(sub.heading) + 6], sub.heading


@pytest.mark.parametrize("newline", ["\r\n", "\r"], ids=["crlf", "cr"])
def test_other_newlines_keep_offsets(newline):
    path = ROOT / "corpus" / "staffordshire-county-council-2025-05-30.txt"
    text = read(path).replace("\n", newline)
    report = pipeline.extract(text, name=path.stem)
    assert_spans(report.model_dump(mode="json"), text)
    assert len([s for t in report.themes for s in t.statements]) == 9
