"""Every offset in the output of every corpus file and report-shaped test text indexes its text."""

from __future__ import annotations

from pathlib import Path

import pytest
from spans import assert_spans

import pipeline

ROOT = Path(__file__).parent.parent
REPORT_TEXTS = sorted((ROOT / "corpus").glob("*.txt")) + sorted(
    p for p in (ROOT / "tests" / "texts").glob("*.txt") if p.name.startswith(("segment_", "claims_"))
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


def heads(text: str, item, heading: str) -> bool:
    """The heading opens the item's span, perhaps behind markup ("## ", "**", "- ")."""
    return heading in text[item.start : item.end][: len(heading) + 6]


def test_headings_start_their_spans(extracted):
    text, report = extracted
    for section in report.sections:
        assert heads(text, section, section.title), section.title
    for theme in report.themes:
        for statement in theme.statements:
            assert heads(text, statement, statement.title), statement.title
            for sub in statement.subsections:
                if sub.heading:
                    assert heads(text, sub, sub.heading), sub.heading


@pytest.mark.parametrize("newline", ["\r\n", "\r"], ids=["crlf", "cr"])
def test_other_newlines_keep_offsets(newline):
    path = ROOT / "corpus" / "staffordshire-county-council-2025-05-30.txt"
    text = read(path).replace("\n", newline)
    report = pipeline.extract(text, name=path.stem)
    assert_spans(report.model_dump(mode="json"), text)
    assert len([s for t in report.themes for s in t.statements]) == 9
