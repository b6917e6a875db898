"""Units follow the measure: a claim that gets a catalogued measure takes the measure's unit, a
value outside the measure's valid range gets no id, and the check stage says why.

Cases (text, claim surface text, expected measure, expected unit), in our own words and numbers.
"""

from __future__ import annotations

import pytest

from pipeline.models import Document, Overall
from pipeline.reference.catalogue import BY_ID, CATALOGUE, UNIT_RANGES
from pipeline.stages.checks import check
from pipeline.stages.claims import extract_claims
from pipeline.stages.measures import assign_measures


def measured(text: str):
    document = Document(text_length=len(text), overall=Overall())
    return document, assign_measures(text, extract_claims(text, document, "0" * 64))


UNIT_CASES = [
    # a decile written as a bare number is read as a count; its measure makes it a score
    (
        "decile-bare",
        "Thornbury has an Index of Multiple Deprivation decile of 4.",
        "4",
        "imd-decile",
        "score",
    ),
    (
        "decile-imd-score",
        "The district's IMD score of 8 places it among the less deprived.",
        "8",
        "imd-decile",
        "score",
    ),
    (
        "quality-of-life-bare",
        "Unpaid carers reported a quality of life score of 7 in the survey.",
        "7",
        "sace-carer-quality-of-life",
        "score",
    ),
    ("population-count", "Eastmoor has a population of 214,300.", "214,300", "pop-total", "count"),
    (
        "share-percent",
        "Some 81.5% of people who use services said they felt safe.",
        "81.5%",
        "ascs-feel-safe",
        "percent",
    ),
    (
        "rank",
        "Eastmoor is ranked the 48th most deprived local authority in England.",
        "48th",
        "imd-rank",
        "rank",
    ),
    # outside the range: no id, the unit as read
    (
        "decile-over-ten",
        "Its Index of Multiple Deprivation score was 23.4 in the last release.",
        "23.4",
        None,
        "count",
    ),
    (
        "share-over-hundred",
        "Staff turnover was 112% across the sector's smaller providers.",
        "112%",
        None,
        "percent",
    ),
]


@pytest.mark.parametrize(
    "text, surface, measure, unit", [c[1:] for c in UNIT_CASES], ids=[c[0] for c in UNIT_CASES]
)
def test_unit_follows_measure(text, surface, measure, unit) -> None:
    _, claims = measured(text)
    claim = next((c for c in claims if c.text == surface), None)
    assert claim is not None, f"no claim {surface!r}: {[c.text for c in claims]}"
    assert (claim.measure, claim.unit) == (measure, unit), f"{surface!r} at {claim.start}:{claim.end}"


RANGE_WARNINGS = [
    # (text, claim surface text, the measure named in the warning)
    ("Its Index of Multiple Deprivation score was 23.4 in the last release.", "23.4", "imd-decile"),
    ("Staff turnover was 112% across the sector's smaller providers.", "112%", "sfc-turnover-rate"),
]


@pytest.mark.parametrize("text, surface, named", RANGE_WARNINGS, ids=[c[1] for c in RANGE_WARNINGS])
def test_out_of_range_warns(text, surface, named) -> None:
    document, claims = measured(text)
    found = [w for w in check(text, document, claims) if w.code == "measure-out-of-range"]
    assert len(found) == 1 and named in found[0].message, [w.message for w in found]
    span = found[0].spans[0]
    assert text[span.start : span.end] == surface


def test_in_range_does_not_warn() -> None:
    text = "Thornbury has an Index of Multiple Deprivation decile of 4."
    document, claims = measured(text)
    assert not [w for w in check(text, document, claims) if w.code == "measure-out-of-range"]


@pytest.mark.parametrize("measure", CATALOGUE, ids=[m.id for m in CATALOGUE])
def test_every_measure_unit_is_one_it_reads(measure) -> None:
    # the unit a claim takes is one the measure can be read from, and its range is a range
    assert measure.unit in measure.units
    low, high = measure.bounds
    assert low is None or high is None or low < high
    assert measure.unit not in UNIT_RANGES or measure.bounds[0] is not None
    assert BY_ID[measure.id] is measure
