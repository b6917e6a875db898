"""Property-based: random and mutated report text never breaks the pipeline.

For any text, ``pipeline.extract`` either raises ``ExtractionError`` (not a report) or
returns a report that validates against ``schemas/report.schema.json`` and whose every span
indexes the text (``tests/spans.py``). Mutations start from real report paragraphs: lines
deleted, duplicated, shuffled, cut, newlines changed, random unicode inserted.
Bounded (``max_examples``, no deadline) so the suite stays fast.
"""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from spans import walk_spans

import pipeline
from pipeline.errors import ExtractionError
from pipeline.formats.reading import decode

ROOT = Path(__file__).parent.parent
with open(
    ROOT / "corpus" / "staffordshire-county-council-2025-05-30.txt", encoding="utf-8", newline=""
) as _handle:
    CORPUS = _handle.read()
LINES = CORPUS.split("\n")
VALIDATOR = jsonschema.Draft202012Validator(
    json.loads((ROOT / "schemas" / "report.schema.json").read_text(encoding="utf-8"))
)
SETTINGS = settings(
    max_examples=60,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)

# Characters that stress offsets and classification: astral (2 UTF-16 units, 1 str index),
# combining marks, zero-width and bidi controls, line/paragraph separators, NEL, CR, BOM.
AWKWARD = st.sampled_from(list("\U0001f600\u0301\u200b\u202e\u2028\u2029\x85\r\ufeff\t£–’\x0c"))
UNICODE = st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=30)


def check_report(text: str) -> None:
    try:
        report = pipeline.extract(text, "prop")
    except ExtractionError:
        return
    data = json.loads(report.model_dump_json())
    errors = list(VALIDATOR.iter_errors(data))
    assert not errors, [f"{list(e.path)}: {e.message}" for e in errors[:5]]
    problems = walk_spans(data, text, nested=False)
    assert not problems, "\n".join(problems[:10])


@st.composite
def mutated_report(draw) -> str:
    """A window of the corpus report's lines, then a few random edits."""
    start = draw(st.integers(0, len(LINES) - 1))
    size = draw(st.integers(1, 220))
    lines = LINES[start : start + size]
    if draw(st.booleans()):  # keep the title so segmentation sees a report
        lines = LINES[:8] + lines
    for _ in range(draw(st.integers(0, 6))):
        if not lines:
            break
        op = draw(st.sampled_from(["delete", "duplicate", "swap", "cut", "insert", "awkward"]))
        i = draw(st.integers(0, len(lines) - 1))
        if op == "delete":
            del lines[i]
        elif op == "duplicate":
            lines.insert(i, lines[i])
        elif op == "swap":
            j = draw(st.integers(0, len(lines) - 1))
            lines[i], lines[j] = lines[j], lines[i]
        elif op == "cut":
            lines[i] = lines[i][: draw(st.integers(0, len(lines[i])))]
        elif op == "insert":
            at = draw(st.integers(0, len(lines[i])))
            lines[i] = lines[i][:at] + draw(UNICODE) + lines[i][at:]
        else:
            at = draw(st.integers(0, len(lines[i])))
            lines[i] = lines[i][:at] + draw(AWKWARD) + lines[i][at:]
    newline = draw(st.sampled_from(["\n", "\r\n", "\r", "\n\n"]))
    return newline.join(lines)


@SETTINGS
@given(mutated_report())
def test_mutated_reports(text: str):
    check_report(text)


@SETTINGS
@given(st.text(max_size=400))
def test_random_text(text: str):
    check_report(text)


@SETTINGS
@given(
    st.lists(
        st.sampled_from(
            LINES[:140] + ["Score: 3", "Score: 5", "Theme 9: x", "Indicative score: 101%", "Rating: Good"]
        ),
        max_size=40,
    )
)
def test_report_lines_in_random_order(lines: list[str]):
    check_report("\n".join(lines))


@settings(max_examples=60, deadline=None, derandomize=True)
@given(st.binary(max_size=300))
def test_any_bytes_read_or_refused(data: bytes):
    """Any bytes: decoded text or an ExtractionError naming a place, never another exception."""
    try:
        text, warnings = decode(data, "bytes.txt")
    except ExtractionError as error:
        assert str(error).startswith("bytes.txt")
        return
    assert text.strip()
    for warning in warnings:
        for span in warning.spans:
            assert 0 <= span.start <= span.end <= len(text), span
