"""Sources named before their numbers, the citation forms of issue 27, and a council's own named
documents. Our own wording and figures; each case runs the whole pipeline on one paragraph (or
two) and lists every claim with the source it gets: (claim text, source name, date)."""

from __future__ import annotations

import pytest

from pipeline import extract
from pipeline.stages.sources import find_sources

ASCS, SACE, SALT = (
    "Adult Social Care Survey",
    "Survey of Adult Carers in England",
    "Short and Long-Term Support",
)
OHID = "Office for Health Improvement and Disparities"

HEAD = (
    "Marlow Vale Borough Council: local authority assessment\n\nAssessing needs\n\nScore: 2\n\n"
    "The local authority commitment\n\nWe assess needs.\n\nKey findings for this quality statement\n\n"
)

BEFORE_CASES = [
    (
        "census-lead-in",
        "Figures from the 2021 Census describe how the borough has changed. Some 19.4% of residents were "
        "aged 65 or over, and the population reached 184,200.",
        [("19.4%", "Census", "2021"), ("184,200", "Census", "2021")],
    ),
    (
        "survey-lead-in-no-date",
        "The Adult Social Care Survey asked people about their safety and contact with others. In the borough, "
        "67.3% of people who use services said they felt safe.",
        [("67.3%", ASCS, None)],
    ),
    (
        "lead-in-then-own-citation",  # the next sentence names another: its own wins
        "Figures from the 2021 Census describe the borough. Staff turnover was 28.1% (Skills for Care, 2024).",
        [("28.1%", "Skills for Care Workforce Estimates", "2024")],
    ),
    (
        "lead-in-reaches-one-sentence-only",
        "The Survey of Adult Carers in England asked carers how supported they felt. In Marlow Vale, 31.5% of "
        "carers had as much social contact as they wanted. Waiting lists held 212 people.",
        [("31.5%", SACE, None), ("212", None, None)],
    ),
    (
        "lead-in-not-across-paragraphs",
        "Figures from the 2021 Census describe how the borough has changed.\n\nWaiting lists held 340 people.",
        [("340", None, None)],
    ),
    (
        "with-data-showing-is-its-own-clause",
        "Working-age adults were 59.1% of residents, with the latest census data showing more people over 85.",
        [("59.1%", None, None)],
    ),
    (
        "with-citation-in-brackets-still-covers",
        "Working-age adults were 59.1% of residents, with most in the towns (Census 2021).",
        [("59.1%", "Census", "2021")],
    ),
    (
        "sentence-with-numbers-is-no-lead-in",  # it has numbers of its own: not a lead-in
        "The 2021 Census counted 184,200 residents. Waiting lists held 340 people.",
        [("184,200", "Census", "2021"), ("340", None, None)],
    ),
]

FORM_CASES = [
    (
        "ascs-bracket-year",
        "Of people who use services, 71.2% felt safe, ASCS (2024).",
        [("71.2%", ASCS, "2024")],
    ),
    (
        "salt-in-brackets",
        "Reviews were completed for 58.9% of people on long-term support (SALT, 2023/24).",
        [("58.9%", SALT, "2023/24")],
    ),
    ("ohid", "Life expectancy at birth was 78.6 years for men (OHID, 2023).", [("78.6", OHID, "2023")]),
    (
        "nhs-england-quarter",
        "Delayed discharges averaged 14 a day, NHS England data (Q3 2024/25).",
        [("14", "NHS England", "Q3 2024/25")],
    ),
    (
        "carers-strategy",
        "The borough's Carers Strategy 2024 found 2,150 carers were known to the council.",
        [("2,150", "Carers Strategy", "2024")],
    ),
    (
        "named-jsna",
        "Its Mental Health and Wellbeing JSNA 2023 recorded 6,400 adults with a serious mental illness.",
        [("6,400", "Mental Health and Wellbeing JSNA", "2023")],
    ),
    (
        "jsna-lead-in",
        "The Joint Strategic Needs Assessment (JSNA) showed the gap in healthy life expectancy had widened. "
        "The gap was 9.2 years for men and 7.8 years for women.",
        [
            ("9.2", "Joint Strategic Needs Assessment", None),
            ("7.8", "Joint Strategic Needs Assessment", None),
        ],
    ),
]


@pytest.mark.parametrize(
    "paragraph, expected",
    [c[1:] for c in BEFORE_CASES + FORM_CASES],
    ids=[c[0] for c in BEFORE_CASES + FORM_CASES],
)
def test_claim_sources(paragraph: str, expected: list[tuple]) -> None:
    report = extract(HEAD + paragraph + "\n")
    got = [
        (c.text, c.source.name if c.source else None, c.source.date if c.source else None)
        for c in report.claims
    ]
    assert got == expected, [(c.text, c.start, c.end, c.source and c.source.text) for c in report.claims]


# Publishers named in passing are no citation: only with a date
NOT_CITATIONS = [
    "The council worked with NHS England on its discharge plans.",
    "Officers met OHID colleagues to agree the priorities.",
]


@pytest.mark.parametrize("text", NOT_CITATIONS)
def test_publisher_without_a_date_is_no_citation(text: str) -> None:
    assert find_sources(text) == []
