"""Claims in the wording of issue 9's variant classes (comparators, not-claims, values), written
by hand in other words and numbers than any report (none of it is in ../shared/pages).

Each row: (id, text, expected claims), checked like tests/test_claims.py; NEGATIVES rows list
the only claim surfaces a text may give. Each row names the rule in pipeline.stages.claims.RULES it
exists for, checked through ``explain``'s own source (``claims.decisions``).
"""

from __future__ import annotations

import pytest
from test_claims import check_claims, claims_of, span_of

from pipeline.models import Document, Overall
from pipeline.stages.claims import RULES, decisions

CASES = [
    # Comparators
    (
        "respectively-after-bracketed-counts",
        "Elmbridge has a larger share of older people at 24.12% (38,410) and of people of working age "
        "57.30% (91,250) as compared to the England averages of 19.04% and 62.88% respectively.",
        [
            {
                "text": "24.12%",
                "value": 24.12,
                "unit": "percent",
                "comparators": [{"text": "19.04%", "kind": "england_average", "direction": "above"}],
            },
            {"text": "38,410", "value": 38410, "unit": "count"},
            {
                "text": "57.30%",
                "value": 57.30,
                "unit": "percent",
                "comparators": [{"text": "62.88%", "kind": "england_average", "direction": "below"}],
            },
            {"text": "91,250", "value": 91250, "unit": "count"},
        ],
    ),
    (
        "bracketed-value-then-national-average",
        "People who felt safe (66.4%) is slightly lower than the national average (69.9%).",
        [
            {
                "text": "66.4%",
                "value": 66.4,
                "unit": "percent",
                "comparators": [
                    {
                        "text": "69.9%",
                        "kind": "england_average",
                        "direction": "below",
                        "qualifier": "slightly lower",
                    }
                ],
            }
        ],
    ),
    (
        "higher-than-average-in-brackets",
        "The share of carers in poor health was 21.7%, slightly higher than average (19.3%).",
        [
            {
                "text": "21.7%",
                "value": 21.7,
                "unit": "percent",
                "comparators": [{"text": "19.3%", "kind": "england_average", "direction": "above"}],
            }
        ],
    ),
    (
        "rest-of-england-after",
        "Those aged 85 and over made up 3.9% of residents, compared to 2.6% in the rest of England.",
        [
            {
                "text": "3.9%",
                "value": 3.9,
                "unit": "percent",
                "comparators": [{"text": "2.6%", "kind": "england_average", "direction": "above"}],
            }
        ],
    ),
    (
        "rest-of-region-and-nationally-in-brackets",
        "Around 6.1% of residents were from minority ethnic groups, which was lower than the rest of the "
        "south-west (9.8%) and nationally (19.0%).",
        [
            {
                "text": "6.1%",
                "value": 6.1,
                "unit": "percent",
                "qualifier": "around",
                "comparators": [
                    {"text": "9.8%", "kind": "other", "direction": "below"},
                    {"text": "19.0%", "kind": "england_average", "direction": "below"},
                ],
            }
        ],
    ),
    (
        "better-than-national-average",
        "Of carers, 41.5% were satisfied, better than the national average of 36.3%.",
        [
            {
                "text": "41.5%",
                "value": 41.5,
                "unit": "percent",
                "comparators": [
                    {"text": "36.3%", "kind": "england_average", "direction": "above", "qualifier": "better"}
                ],
            }
        ],
    ),
    (
        "england-average-for-a-group-is",
        "The council supported 31,800 people with long-term care, while the England average for a council "
        "of its size is 27,400.",
        [
            {
                "text": "31,800",
                "value": 31800,
                "unit": "count",
                "comparators": [{"text": "27,400", "kind": "england_average", "direction": "above"}],
            }
        ],
    ),
    (
        "earlier-value-in-brackets-with-from",
        "The proportion of people living alone rose to 31% in the 2021 census (from 27% in 2011).",
        [
            {
                "text": "31%",
                "value": 31,
                "unit": "percent",
                "comparators": [{"text": "27%", "kind": "previous", "direction": "above"}],
            }
        ],
    ),
    (
        "increasing-to-then-from-in-brackets",
        "The share of single-person households is growing, increasing to 33.5% in 2021 (from 29.8% in 2011).",
        [
            {
                "text": "33.5%",
                "value": 33.5,
                "unit": "percent",
                "comparators": [
                    {"text": "29.8%", "kind": "previous", "direction": "above", "qualifier": "increasing"}
                ],
            }
        ],
    ),
    (
        "increasing-is-no-judgement-of-another-pair",
        "The work was increasing the share of reviews to 78% and brought the list from 940 to 815 people.",
        [
            {"text": "78%", "value": 78, "unit": "percent"},
            {
                "text": "815",
                "value": 815,
                "unit": "count",
                "comparators": [{"text": "940", "kind": "previous", "direction": "below", "qualifier": None}],
            },
        ],
    ),
    (
        "age-and-older-is-no-judgement",
        "Some 14.2% of people are aged 65 and older compared with the national average of 18.6%.",
        [
            {
                "text": "14.2%",
                "value": 14.2,
                "unit": "percent",
                "comparators": [
                    {"text": "18.6%", "kind": "england_average", "direction": "below", "qualifier": None}
                ],
            }
        ],
    ),
    (
        "from-to-with-counts-in-brackets",
        "The over-85 share is set to rise from 2.74% (8,120) to 3.61% (11,045) by 2040.",
        [
            {
                "text": "3.61%",
                "value": 3.61,
                "unit": "percent",
                "comparators": [{"text": "2.74%", "kind": "previous", "direction": "above"}],
            },
            {
                "text": "11,045",
                "value": 11045,
                "unit": "count",
                "comparators": [{"text": "8,120", "kind": "previous", "direction": "above"}],
            },
        ],
    ),
    (
        "national-average-for-two-groups",
        "Healthy life expectancy fell to 57 years in parts of the district, lower than the national "
        "average of 61 for men and 62 for women.",
        [
            {
                "text": "57",
                "value": 57,
                "unit": "years",
                "comparators": [
                    {"text": "61", "kind": "england_average", "direction": "below"},
                    {"text": "62", "kind": "england_average", "direction": "below"},
                ],
            }
        ],
    ),
    # Second blind round (rows added for tests/texts/pages/{dunsworth,kestrelford,marlwick,penhallow}_*)
    (
        "clause-after-comparator",
        "In the 2022/23 survey, 58.3% said they felt safe, in line with the England average of 60.9%, "
        "and 79.6% said services had helped them feel secure (England 82.2%).",
        [
            {
                "text": "58.3%",
                "value": 58.3,
                "unit": "percent",
                "comparators": [
                    {
                        "text": "60.9%",
                        "kind": "england_average",
                        "direction": "below",
                        "qualifier": "in line with",
                    }
                ],
            },
            {
                "text": "79.6%",
                "value": 79.6,
                "unit": "percent",
                "comparators": [
                    {"text": "82.2%", "kind": "england_average", "direction": "below", "qualifier": None}
                ],
            },
        ],
    ),
    (
        "target-is-for-before-its-claim",
        "The team's target is for 90% of calls to be answered within 3 minutes; in March it answered 83%.",
        [
            {
                "text": "83%",
                "value": 83,
                "unit": "percent",
                "comparators": [{"text": "90%", "kind": "target", "direction": "below"}],
            }
        ],
    ),
    (
        "compared-with-an-average-for-similar-councils",
        "Of 12 complaints investigated, 7 were upheld, a rate of 58% compared with an average of 66% for "
        "similar councils.",
        [
            {"text": "12", "value": 12, "unit": "count"},
            {"text": "7", "value": 7, "unit": "count"},
            {
                "text": "58%",
                "value": 58,
                "unit": "percent",
                "comparators": [{"text": "66%", "kind": "comparable_authorities", "direction": "below"}],
            },
        ],
    ),
    (
        "down-from-is-the-judgement",
        "The waiting list stood at 61 people in May 2024, down from 132 in October 2023.",
        [
            {
                "text": "61",
                "value": 61,
                "unit": "count",
                "comparators": [
                    {"text": "132", "kind": "previous", "direction": "below", "qualifier": "down"}
                ],
            }
        ],
    ),
    (
        "well-above-the-national-figure",
        "Residents over 85 make up 4.1% of the district, well above the national figure of 2.5%.",
        [
            {
                "text": "4.1%",
                "value": 4.1,
                "unit": "percent",
                "comparators": [
                    {
                        "text": "2.5%",
                        "kind": "england_average",
                        "direction": "above",
                        "qualifier": "well above",
                    }
                ],
            }
        ],
    ),
    (
        "judgement-of-the-pair-before-is-not-this-ones",
        "Sickness absence was 4.2%, lower than the England rate of 5.0%, while agency use was 9.1% against "
        "a national figure of 7.7%.",
        [
            {
                "text": "4.2%",
                "value": 4.2,
                "unit": "percent",
                "comparators": [
                    {"text": "5.0%", "kind": "england_average", "direction": "below", "qualifier": "lower"}
                ],
            },
            {
                "text": "9.1%",
                "value": 9.1,
                "unit": "percent",
                "comparators": [
                    {"text": "7.7%", "kind": "england_average", "direction": "above", "qualifier": None}
                ],
            },
        ],
    ),
    (
        "met-the-standard-is-no-judgement-of-the-target",
        "Of 420 files audited, 64% met the expected standard, against an internal target of 75%.",
        [
            {"text": "420", "value": 420, "unit": "count"},
            {
                "text": "64%",
                "value": 64,
                "unit": "percent",
                "comparators": [{"text": "75%", "kind": "target", "direction": "below", "qualifier": None}],
            },
        ],
    ),
    (
        "met-its-target-is-the-judgement",
        "Some 81% of reviews were on time, which met its target of 80%.",
        [
            {
                "text": "81%",
                "value": 81,
                "unit": "percent",
                "comparators": [{"text": "80%", "kind": "target", "direction": "above", "qualifier": "met"}],
            }
        ],
    ),
    (
        "regional-and-national-in-brackets",
        "Sickness absence was 5.9% (2022/23), higher than both the regional (4.8%) and national (5.1%) rates.",
        [
            {
                "text": "5.9%",
                "value": 5.9,
                "unit": "percent",
                "comparators": [
                    {"text": "4.8%", "kind": "regional_average", "direction": "above", "qualifier": "higher"},
                    {"text": "5.1%", "kind": "england_average", "direction": "above", "qualifier": "higher"},
                ],
            }
        ],
    ),
    (
        "fraction-with-its-share-in-brackets",
        "Almost three quarters (73%) of people had a review in the year.",
        [{"text": "73%", "value": 73, "unit": "percent"}],
    ),
    (
        "uk-rate-is-another-area",
        "The employment rate was 71.2%, below the UK rate of 75.0%, and 6.3% were claiming benefits compared "
        "with 4.0% across the UK.",
        [
            {
                "text": "71.2%",
                "value": 71.2,
                "unit": "percent",
                "comparators": [
                    {"text": "75.0%", "kind": "other", "direction": "below", "qualifier": "below"}
                ],
            },
            {
                "text": "6.3%",
                "value": 6.3,
                "unit": "percent",
                "comparators": [{"text": "4.0%", "kind": "other", "direction": "above"}],
            },
        ],
    ),
    (
        "longest-wait-is-a-result",
        "Some 230 assessments were outstanding and the longest had been waiting for over 14 months.",
        [
            {"text": "230", "value": 230, "unit": "count"},
            {"text": "14", "value": 14, "unit": "months", "qualifier": "over"},
        ],
    ),
    # Values
    (
        "one-in-a-decimal",
        "Nearly 1 in 4.5 adults in Thornbury provided unpaid care.",
        [{"text": "1 in 4.5", "value": round(1 / 4.5, 6), "unit": "ratio", "qualifier": "nearly"}],
    ),
    (
        "multiplier-word",
        "Visitor numbers reach over two million each summer, and 1.4 million people live in the county.",
        [
            {"text": "two million", "value": 2_000_000, "unit": "count", "qualifier": "over"},
            {"text": "1.4 million", "value": 1_400_000, "unit": "count"},
        ],
    ),
    (
        "money-million-is-one-value",
        "The council spent £2.3 million on equipment.",
        [{"text": "£2.3 million", "value": 2_300_000, "unit": "gbp"}],
    ),
]

# (id, text, the only claim surfaces expected, the rule that drops the other numbers)
NEGATIVES = [
    ("age-plus-population", "The 85+ population grew by 14.2% over the decade.", ["14.2%"], "age-phrase"),
    (
        "age-range-noun",
        "Residents in the 50-64 age group made up 18.7% of the total.",
        ["18.7%"],
        "age-phrase",
    ),
    ("over-an-age-population", "The over 75 population grew by 9%.", ["9%"], "age-phrase"),
    ("age-range-to-population", "The 18 to 64 population was 58.8% of the total.", ["58.8%"], "age-phrase"),
    (
        "age-range-in-brackets",
        "The working age population (16-64) was 63.5% of residents.",
        ["63.5%"],
        "age-phrase",
    ),
    ("age-plus-people", "Some 28% of Brackwell's 75+ residents lived alone.", ["28%"], "age-phrase"),
    ("scale-anchor-where-is", "It ranked 61st (where 1 is the most deprived).", ["61st"], "scale-anchor"),
    ("people-over-an-age", "The number of residents over 95 increased by 31%.", ["31%"], "age-phrase"),
    ("those-under-an-age", "The service worked with those under 25 leaving care.", [], "age-phrase"),
    (
        "age-before-its-share",
        "Residents under 16 (17.9%) and over 75 (9.2%) were counted.",
        ["17.9%", "9.2%"],
        "age-phrase",
    ),
    (
        "scale-anchor-being",
        "It ranked 98th (out of 296, 1 being the least deprived).",
        ["98th"],
        "scale-anchor",
    ),
    (
        "scale-anchor-ordinal",
        "It was rated 54th of 151 (1st being the most deprived).",
        ["54th"],
        "scale-anchor",
    ),
    (
        "scale-anchor-means",
        "Its IMD decile was 3, where a decile of 10 means the least deprived.",
        ["3"],
        "scale-anchor",
    ),
    (
        "percent-band-before",
        "Some 17% of its areas were among the most deprived 10% in England.",
        ["17%"],
        "percent-band-before",
    ),
    (
        "percent-band-in-brackets",
        "Four wards were in the bottom decile (lowest 10%).",
        ["Four"],
        "percent-band-before",
    ),
    ("practice-model-digits", "Staff used a 3 conversations model at the front door.", [], "model-name"),
    (
        "practice-model-name-in-words",
        "Teams followed the ‘Three Conversations’ way of working.",
        [],
        "word-in-a-name",
    ),
    (
        "practice-model-words-lowercase",
        "The three conversations approach was adopted in 2023.",
        [],
        "word-in-a-name",
    ),
    (
        "years-before-as-a-period",
        "Of 410 plans, 66 had a review undertaken 3 years before.",
        ["410", "66"],
        "duration-period",
    ),
    (
        "definition-at-least-one",
        "Of 12,940 households, at least 1 person was a veteran, or 6.1% of homes.",
        ["12,940", "6.1%"],
        "at-least-one",
    ),
    (
        "definition-threshold",
        "A third of villagers lived in hamlets with fewer than 800 residents.",
        ["A third"],
        "threshold-definition",
    ),
    ("quarter-number", "Reviews on time rose to 74% in quarter 2 of 2024/25.", ["74%"], "quarter"),
    (
        "age-after-people-and-verb",
        "In Holmbury, 21.3% of people are over 65 and 18.8% were under 16.",
        ["21.3%", "18.8%"],
        "age-phrase",
    ),
    ("age-in-words", "About 9.4% of residents aged five and over provide unpaid care.", ["9.4%"], "word-age"),
    (
        "rank-denominator-possessive",
        "It is the third largest of Kent's 12 districts by area.",
        ["third"],
        "rank-scale",
    ),
]


@pytest.mark.parametrize("text, expected", [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_real_wording(text, expected):
    check_claims(text, expected)


@pytest.mark.parametrize("text, expected, rule", [n[1:] for n in NEGATIVES], ids=[n[0] for n in NEGATIVES])
def test_not_a_claim(text, expected, rule):
    got = [span_of(text, c) for c in claims_of(text)]
    assert got == expected, f"claims at spans {got}"
    _, found = decisions(text, Document(text_length=len(text), overall=Overall()), "0" * 64)
    dropped = {d.rule for d in found if d.role == "drop"}
    assert rule in dropped, f"dropped by {sorted(dropped)}, not {rule!r}"


def test_every_rule_named_here_is_in_the_table():
    names = {r.name for r in RULES}
    assert {n[3] for n in NEGATIVES} <= names


# Precision: the new rules must not take numbers that are claims
STILL_CLAIMS = [
    ("count-with-more-than-percent", "Reviews were completed with more than 90% of people.", ["90%"]),
    ("hedged-count-before-people", "Over 300 people attended, with 42 carers.", ["300", "42"]),
    ("age-noun-with-count-after", "The team supported 120 people over 65 days.", ["120"]),
    ("capitalised-number-word-at-sentence-start", "Three staff left in the year.", ["Three"]),
    ("conversations-as-a-count", "Staff held 140 conversations with carers.", ["140"]),
    ("works-with-more-than", "The council works with more than 260 care providers.", ["260"]),
    ("hedged-count-with-its-share", "Over 40 (12%) of providers were rated outstanding.", ["40", "12%"]),
    ("three-digits-plus-is-a-count", "Over 100+ people attended the carers' event.", ["100"]),
    ("score-is-the-highest", "Its score of 10 is the highest in the region.", ["10"]),
    ("from-to-counts-are-no-range", "Waiting lists fell from 120 to 95 people.", ["95"]),
    ("most-recent-is-no-band", "The most recent 45% of reviews were on time.", ["45%"]),
    ("people-were-over-a-count", "Carers were over 300 in the borough's register.", ["300"]),
    ("waiting-more-than-is-still-a-threshold", "There were 85 people waiting more than 6 months.", ["85"]),
    ("verb-after-a-list-without-comma", "England averages of 62% and 58% were reported.", []),
]


@pytest.mark.parametrize("text, expected", [c[1:] for c in STILL_CLAIMS], ids=[c[0] for c in STILL_CLAIMS])
def test_still_claims(text, expected):
    got = [span_of(text, c) for c in claims_of(text)]
    assert got == expected, f"claims at spans {got}"
