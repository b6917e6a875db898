"""Claims in wording seen in other councils' reports, written by hand (none is in the corpus).

Each row: (id, text, expected claims), checked like tests/test_claims.py: exact spans, values,
units, comparators and sources. Expectations follow tests/gold/GUIDE.md.
"""

from __future__ import annotations

import pytest
from test_claims import check_claims

from pipeline import extract

ASCS, ASCOF, SALT = (
    "Adult Social Care Survey",
    "Adult Social Care Outcomes Framework",
    "Short and Long-Term Support",
)
SFC = "Skills for Care Workforce Estimates"

CASES = [
    (
        "comma-thousands-from-to",
        "The number of people waiting for a review fell from 2,300 in 2023 to 1,100 in 2024.",
        [
            {
                "text": "1,100",
                "value": 1100,
                "unit": "count",
                "comparators": [{"text": "2,300", "kind": "previous", "value": 2300, "direction": "below"}],
            }
        ],
    ),
    (
        "down-from-previous",
        "The number of applications awaiting allocation was 1,020, down from 1,450 in March 2024.",
        [
            {
                "text": "1,020",
                "value": 1020,
                "unit": "count",
                "comparators": [{"text": "1,450", "kind": "previous", "value": 1450, "direction": "below"}],
            }
        ],
    ),
    (
        "compared-to-earlier-quarter",
        "Healthwatch received 45 complaints in Q3 2024, compared to 60 in Q2.",
        [
            {
                "text": "45",
                "value": 45,
                "unit": "count",
                "comparators": [{"text": "60", "kind": "previous", "value": 60, "direction": "below"}],
            }
        ],
    ),
    (
        "regional-comparator",
        "In 2024, 80% of home care providers were rated good, compared to 75% regionally.",
        [
            {
                "text": "80%",
                "value": 80,
                "unit": "percent",
                "comparators": [
                    {"text": "75%", "kind": "regional_average", "value": 75, "direction": "above"}
                ],
            }
        ],
    ),
    (
        "regional-and-national-comparators",
        "The vacancy rate was 11.3% compared with 9.9% across the region and 10.6% nationally "
        "(Skills for Care, 2023/24).",
        [
            {
                "text": "11.3%",
                "value": 11.3,
                "unit": "percent",
                "comparators": [
                    {"text": "9.9%", "kind": "regional_average", "direction": "above"},
                    {"text": "10.6%", "kind": "england_average", "direction": "above"},
                ],
                "source": (SFC, "2023/24", "Skills for Care, 2023/24"),
            }
        ],
    ),
    (
        "national-figure",
        "Approximately one in four adults reported a disability, which was higher than the national "
        "figure of 21%.",
        [
            {
                "text": "one in four",
                "value": 0.25,
                "unit": "ratio",
                "qualifier": "approximately",
                "comparators": [{"text": "21%", "kind": "england_average", "qualifier": "higher"}],
            }
        ],
    ),
    (
        "measure-code-is-not-a-claim",
        "In 2023/24, 95% of people were discharged to their usual place of residence (ASCOF 2B(1)), and "
        "the Better Care Fund of £45.6m supported this.",
        [
            {"text": "95%", "value": 95, "unit": "percent"},
            {"text": "£45.6m", "value": 45600000, "unit": "gbp", "source": None},
        ],
    ),
    (
        "salt-abbreviation-with-year",
        "In the year to March 2024, 72.1% of people who received short-term support had no further needs "
        "(SALT 2023-24).",
        [{"text": "72.1%", "value": 72.1, "unit": "percent", "source": (SALT, "2023-24", "SALT 2023-24")}],
    ),
    (
        "money-before-a-comma",
        "Its actual spend was £1,075,800,000, which was £14,988,000 more than estimated.",
        [
            {"text": "£1,075,800,000", "value": 1075800000, "unit": "gbp"},
            {"text": "£14,988,000", "value": 14988000, "unit": "gbp"},
        ],
    ),
    (
        "weeks-and-reduction",
        "People waited an average of 6 weeks for an assessment, and the waiting list of 1,234 people was "
        "a reduction of 25% since April 2024.",
        [
            {"text": "6", "value": 6, "unit": "weeks"},
            {"text": "1,234", "value": 1234, "unit": "count"},
            {"text": "25%", "value": 25, "unit": "percent"},
        ],
    ),
    (
        "counted-things-named-day",
        "The local authority commissioned 3 day centres and 2 extra care schemes for people aged 18-64.",
        [{"text": "3", "value": 3, "unit": "count"}, {"text": "2", "value": 2, "unit": "count"}],
    ),
    (
        "not-claims-hours-services-bands",
        "Support was available 24 hours a day, 7 days a week through NHS 111, and people living in the "
        "top 10% most deprived areas were prioritised under the 10-year strategy.",
        [],
    ),
    (
        "as-of-date-and-median-wait",
        "As of 31 January 2025, 178 people were waiting for an assessment, and the median wait was 23 days.",
        [{"text": "178", "value": 178, "unit": "count"}, {"text": "23", "value": 23, "unit": "days"}],
    ),
    # Waiting lists, backlogs, reviews, safeguarding: counts with their periods, no law numbers
    (
        "waiting-list-and-longest-wait",
        "At the time of our assessment, 412 people were on the waiting list for a Care Act assessment, and the "
        "longest wait was 182 days.",
        [
            {"text": "412", "value": 412, "unit": "count", "period": "At the time of our assessment"},
            {"text": "182", "value": 182, "unit": "days"},
        ],
    ),
    (
        "dols-backlog",
        "There was a backlog of 1,150 Deprivation of Liberty Safeguards (DoLS) applications awaiting assessment "
        "in December 2024.",
        [{"text": "1,150", "value": 1150, "unit": "count", "period": "December 2024"}],
    ),
    (
        "reviews-overdue-last-12-months",
        "Of people receiving long-term support, 38% had not had a review in the last 12 months, and 640 reviews "
        "were overdue.",
        [{"text": "38%", "value": 38, "unit": "percent"}, {"text": "640", "value": 640, "unit": "count"}],
    ),
    (
        "safeguarding-section-42",
        "The local authority received 2,840 safeguarding concerns in 2023/24, of which 612 led to a Section 42 "
        "enquiry under the Care Act 2014 section 42.",
        [
            {"text": "2,840", "value": 2840, "unit": "count", "period": "2023/24"},
            {"text": "612", "value": 612, "unit": "count"},
        ],
    ),
    (
        "safeguarding-collection-closes-sentence",
        "In 2023/24, 2,310 safeguarding concerns were received, and 94% of people who were asked said their "
        "outcomes were met (Safeguarding Adults Collection, 2023-24).",
        [
            {"text": "2,310", "value": 2310, "unit": "count"},
            {
                "text": "94%",
                "value": 94,
                "unit": "percent",
                "source": (
                    "Safeguarding Adults Collection",
                    "2023-24",
                    "Safeguarding Adults Collection, 2023-24",
                ),
            },
        ],
    ),
    # Direct payments, carers, workforce: comparators named after the value, measure codes
    (
        "direct-payments-measure-code",
        "In 2023/24, 24.5% of people who used services received direct payments, which was lower than the "
        "England average of 26.2% (ASCOF 1C(2a)).",
        [
            {
                "text": "24.5%",
                "value": 24.5,
                "unit": "percent",
                "period": "2023/24",
                "comparators": [
                    {"text": "26.2%", "kind": "england_average", "qualifier": "lower", "direction": "below"}
                ],
                "source": (ASCOF, None, "ASCOF 1C(2a)"),
            }
        ],
    ),
    (
        "carers-survey-nationally",
        "In the carers' survey, 29.8% of carers were satisfied with social services, compared with 36.3% "
        "nationally (SACE, 2023-24).",
        [
            {
                "text": "29.8%",
                "value": 29.8,
                "unit": "percent",
                "comparators": [
                    {"text": "36.3%", "kind": "england_average", "qualifier": None, "direction": "below"}
                ],
                "source": ("Survey of Adult Carers in England", "2023-24", "SACE, 2023-24"),
            }
        ],
    ),
    (
        "among-comparator-councils",
        "Of carers, 14.2% said they had as much social contact as they would like, compared with 28.0% among "
        "comparator councils.",
        [
            {
                "text": "14.2%",
                "value": 14.2,
                "unit": "percent",
                "comparators": [{"text": "28.0%", "kind": "comparable_authorities", "direction": "below"}],
            }
        ],
    ),
    (
        "compared-with-another-group-is-a-claim",
        "Of carers, 52% were satisfied, compared with 61% of people who use services.",
        [{"text": "52%", "value": 52, "unit": "percent"}, {"text": "61%", "value": 61, "unit": "percent"}],
    ),
    (
        "against-regional-average",
        "The care home vacancy rate was 12% against a regional average of 10%.",
        [
            {
                "text": "12%",
                "value": 12,
                "unit": "percent",
                "comparators": [{"text": "10%", "kind": "regional_average", "direction": "above"}],
            }
        ],
    ),
    (
        "workforce-turnover-and-vacancy",
        "Staff turnover was 27.4% and the vacancy rate was 9.1% (Skills for Care Workforce Estimates, 2023/24).",
        [
            {
                "text": "27.4%",
                "value": 27.4,
                "unit": "percent",
                "source": (SFC, "2023/24", "Skills for Care Workforce Estimates, 2023/24"),
            },
            {
                "text": "9.1%",
                "value": 9.1,
                "unit": "percent",
                "source": (SFC, "2023/24", "Skills for Care Workforce Estimates, 2023/24"),
            },
        ],
    ),
    (
        "turnover-a-year-earlier",
        "Staff turnover fell to 24.1% in 2024, compared with 28.3% a year earlier.",
        [
            {
                "text": "24.1%",
                "value": 24.1,
                "unit": "percent",
                "period": "2024",
                "comparators": [
                    {"text": "28.3%", "kind": "previous", "qualifier": "fell", "direction": "below"}
                ],
            }
        ],
    ),
    (
        "compared-with-the-previous-year",
        "The council supported 1,040 people with direct payments, compared with 980 in the previous year.",
        [
            {
                "text": "1,040",
                "value": 1040,
                "unit": "count",
                "comparators": [{"text": "980", "kind": "previous", "direction": "above"}],
            }
        ],
    ),
    (
        "up-from-keeps-its-own-period",
        "The proportion of reviews that were overdue was 42%, up from 35% in 2023.",
        [
            {
                "text": "42%",
                "value": 42,
                "unit": "percent",
                "period": None,
                "comparators": [{"text": "35%", "kind": "previous", "direction": "above"}],
            }
        ],
    ),
    (
        "rose-from-to-in-the-year",
        "The number of people waiting for a DoLS assessment rose from 850 to 1,150 in the year to March 2024.",
        [
            {
                "text": "1,150",
                "value": 1150,
                "unit": "count",
                "comparators": [
                    {"text": "850", "kind": "previous", "qualifier": "rose", "direction": "above"}
                ],
            }
        ],
    ),
    (
        "unit-between-value-and-region",
        "The median wait was 23 days, compared with 30 days in the region.",
        [
            {
                "text": "23",
                "value": 23,
                "unit": "days",
                "comparators": [
                    {"text": "30", "kind": "regional_average", "unit": "days", "direction": "below"}
                ],
            }
        ],
    ),
    (
        "rate-compared-regionally",
        "Admissions were 45.2 per 100,000, compared with 52.1 per 100,000 regionally.",
        [
            {
                "text": "45.2",
                "value": 45.2,
                "unit": "per_100k",
                "comparators": [{"text": "52.1", "kind": "regional_average", "direction": "below"}],
            }
        ],
    ),
    (
        "money-compared-to-last-year",
        "The council spent £12.4m, compared to £11.1m in 2022/23.",
        [
            {
                "text": "£12.4m",
                "value": 12_400_000,
                "unit": "gbp",
                "comparators": [{"text": "£11.1m", "kind": "previous", "direction": "above"}],
            }
        ],
    ),
    # Hospital discharge and reablement: metric definitions and thresholds are not claims
    (
        "reablement-91-days-definition",
        "Of older people discharged from hospital into reablement, 81.2% were still at home 91 days after "
        "discharge.",
        [{"text": "81.2%", "value": 81.2, "unit": "percent"}],
    ),
    (
        "discharge-within-a-day-and-ratio",
        "Around 1 in 3 people leaving hospital needed support, and 92% of people were discharged within 1 day "
        "of being medically fit.",
        [
            {"text": "1 in 3", "value": 1 / 3, "unit": "ratio", "qualifier": "around"},
            {"text": "92%", "value": 92, "unit": "percent"},
        ],
    ),
    (
        "measure-code-then-date-shared",
        "Reablement was provided to 610 people aged 65 and over, and 78.5% remained at home 91 days after "
        "discharge (ASCOF 2B(1), 2023/24).",
        [
            {"text": "610", "value": 610, "unit": "count"},
            {
                "text": "78.5%",
                "value": 78.5,
                "unit": "percent",
                "source": (ASCOF, "2023/24", "ASCOF 2B(1), 2023/24"),
            },
        ],
    ),
    (
        "target-within-days",
        "The target of 90% of assessments completed within 28 days was met in 85% of cases.",
        [
            {
                "text": "85%",
                "value": 85,
                "unit": "percent",
                "comparators": [{"text": "90%", "kind": "target", "direction": "below"}],
            }
        ],
    ),
    (
        "days-from-to",
        "The average wait for an occupational therapy assessment reduced from 45 days to 28 days.",
        [
            {
                "text": "28",
                "value": 28,
                "unit": "days",
                "comparators": [
                    {
                        "text": "45",
                        "kind": "previous",
                        "unit": "days",
                        "qualifier": "reduced",
                        "direction": "below",
                    }
                ],
            }
        ],
    ),
    # Names, labels, bands: no claims
    (
        "section-117-and-age-band",
        "Section 117 aftercare was provided to 230 people, and people aged 18-64 made up 45% of them.",
        [{"text": "230", "value": 230, "unit": "count"}, {"text": "45%", "value": 45, "unit": "percent"}],
    ),
    (
        "labels-level-year-phase",
        "All 120 staff had completed Level 2 training, and the team was in Year 1 of phase 3 of the programme.",
        [{"text": "120", "value": 120, "unit": "count"}],
    ),
    (
        "top-quartile-two-way",
        "The council was in the top quartile for reablement and had two-way feedback with providers.",
        [],
    ),
    ("frequency-a-year", "The helpline was open 365 days a year.", []),
    # Shares in words, ranks, money and change
    (
        "one-of-the-highest-and-a-third",
        "The rate of permanent admissions was one of the highest in the region, and a third of people waited "
        "over 28 days.",
        [{"text": "a third", "value": 1 / 3, "unit": "ratio"}],
    ),
    (
        "half-of-the",
        "Half of the respondents said they found it easy to find information.",
        [{"text": "Half", "value": 0.5, "unit": "ratio"}],
    ),
    (
        "fractions-not-periods",
        "In the first half of 2024, a third party provider delivered almost two-thirds of home care hours.",
        [{"text": "two-thirds", "value": 2 / 3, "unit": "ratio", "qualifier": "almost"}],
    ),
    (
        "rank-of-comparator-councils",
        "The local authority was ranked 12th of 16 comparator councils for delayed discharges.",
        [{"text": "12th", "value": 12, "unit": "rank", "comparators": []}],
    ),  # the denominator is the scale (issue 17)
    (
        "rank-denominator-without-group",
        "It was placed 9th of 15 councils for reablement.",
        [{"text": "9th", "value": 9, "unit": "rank"}],
    ),
    # Pages of other councils (tests/texts/pages): months of the financial year, thresholds
    (
        "month-of-financial-year",
        "At month 9, the service was forecasting an overspend of £7.2m, up from £4.1m at month 6.",
        [
            {
                "text": "£7.2m",
                "value": 7_200_000,
                "unit": "gbp",
                "comparators": [
                    {"text": "£4.1m", "kind": "previous", "value": 4_100_000, "direction": "above"}
                ],
            }
        ],
    ),
    (
        "more-than-a-threshold-is-no-judgement",
        "Reviews were a concern: 2,310 people (38%) had not had a review for more than 12 months, against a "
        "target of 15%.",
        [
            {"text": "2,310", "value": 2310, "unit": "count"},
            {
                "text": "38%",
                "value": 38,
                "unit": "percent",
                "comparators": [{"text": "15%", "kind": "target", "qualifier": None, "direction": "above"}],
            },
        ],
    ),
    (
        "regional-median",
        "The council's hourly rate of £21.48 was below the regional median of £22.37.",
        [
            {
                "text": "£21.48",
                "value": 21.48,
                "unit": "gbp",
                "comparators": [
                    {"text": "£22.37", "kind": "regional_average", "qualifier": "below", "direction": "below"}
                ],
            }
        ],
    ),
    (
        "more-than-the-average-is-a-judgement",
        "The turnover rate was 12%, more than the England average of 9%.",
        [
            {
                "text": "12%",
                "value": 12,
                "unit": "percent",
                "comparators": [
                    {"text": "9%", "kind": "england_average", "qualifier": "more", "direction": "above"}
                ],
            }
        ],
    ),
    (
        "overspend-and-increase",
        "The adult social care budget had a £2.3m overspend, a 5.2% increase on the previous year.",
        [
            {"text": "£2.3m", "value": 2_300_000, "unit": "gbp"},
            {"text": "5.2%", "value": 5.2, "unit": "percent"},
        ],
    ),
    # Generality round 3 (rules found on tests/texts/pages written blind; wording varied here)
    (
        "ordinal-birthday-is-an-age",
        "Most referrals came after a young person's 18th birthday, and 64 were made in 2024.",
        [{"text": "64", "value": 64, "unit": "count"}],
    ),
    (
        "regional-rate-cue",
        "Overall, 71% of reviews were on time, below the regional rate of 78%.",
        [
            {
                "text": "71%",
                "value": 71,
                "unit": "percent",
                "comparators": [
                    {"text": "78%", "kind": "regional_average", "qualifier": "below", "direction": "below"}
                ],
            }
        ],
    ),
    (
        "money-costing-under-is-a-threshold",
        "Items costing less than £500 were funded directly, and £1.2m was spent on adaptations.",
        [{"text": "£1.2m", "value": 1_200_000, "unit": "gbp"}],
    ),
    (
        "money-cost-over-is-a-claim",
        "The new case management system cost over £2m.",
        [{"text": "£2m", "value": 2_000_000, "unit": "gbp", "qualifier": "over"}],
    ),
    (
        "lower-level-is-metric-wording",
        "In 2024, 85% of people needed no further support or support at a lower level, compared with the "
        "England average of 80%.",
        [
            {
                "text": "85%",
                "value": 85,
                "unit": "percent",
                "comparators": [
                    {"text": "80%", "kind": "england_average", "qualifier": None, "direction": "above"}
                ],
            }
        ],
    ),
    (
        "exceeding-a-target-is-a-judgement",
        "Of all complaints, 40% were answered in time, exceeding the target of 35%.",
        [
            {
                "text": "40%",
                "value": 40,
                "unit": "percent",
                "comparators": [
                    {"text": "35%", "kind": "target", "qualifier": "exceeding", "direction": "above"}
                ],
            }
        ],
    ),
    (
        "target-of-gerund-before-the-claim",
        "The team missed its target of completing 90% of reviews on time, completing 84% in 2024.",
        [
            {
                "text": "84%",
                "value": 84,
                "unit": "percent",
                "comparators": [
                    {"text": "90%", "kind": "target", "qualifier": "missed", "direction": "below"}
                ],
            }
        ],
    ),
    (
        "met-judges-targets-only",
        "Needs were met for 80% of people, compared with the England average of 75%.",
        [
            {
                "text": "80%",
                "value": 80,
                "unit": "percent",
                "comparators": [
                    {"text": "75%", "kind": "england_average", "qualifier": None, "direction": "above"}
                ],
            }
        ],
    ),
    (
        "the-average-among-statistical-neighbours",
        "Sickness absence was 4.1%, lower than the average of 5.3% among its statistical neighbours.",
        [
            {
                "text": "4.1%",
                "value": 4.1,
                "unit": "percent",
                "comparators": [
                    {
                        "text": "5.3%",
                        "kind": "comparable_authorities",
                        "qualifier": "lower",
                        "direction": "below",
                    }
                ],
            }
        ],
    ),
    (
        "the-average-with-a-date-is-the-claim",
        "The average was 46 days in 2024, compared with 52 days in 2023.",
        [
            {
                "text": "46",
                "value": 46,
                "unit": "days",
                "comparators": [{"text": "52", "kind": "previous", "direction": "below"}],
            }
        ],
    ),
    (
        "against-in-the-claims-unit",
        "Women waited a median of 12 weeks against 9 weeks for men.",
        [
            {
                "text": "12",
                "value": 12,
                "unit": "weeks",
                "comparators": [{"text": "9", "kind": "other", "value": 9, "direction": "above"}],
            }
        ],
    ),
    (
        "against-counts-are-claims",
        "Concerns were raised at 20 homes, and action was taken against 3 providers.",
        [{"text": "20", "value": 20, "unit": "count"}, {"text": "3", "value": 3, "unit": "count"}],
    ),
    (
        "percentage-points-are-percent",
        "Satisfaction among carers had fallen by 4.5 percentage points since the last survey.",
        [{"text": "4.5", "value": 4.5, "unit": "percent"}],
    ),
    (
        "rank-denominator-after-superlative",
        "The borough is ranked 30th most deprived out of 317 local authorities.",
        [{"text": "30th", "value": 30, "unit": "rank"}],
    ),
    (
        "rank-group-after-superlative",
        "It was ranked 5th highest of 16 comparator councils for admissions.",
        [{"text": "5th", "value": 5, "unit": "rank", "comparators": []}],
    ),  # the denominator is the scale (issue 17)
]


@pytest.mark.parametrize("text, expected", [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_other_councils_wording(text, expected):
    check_claims(text, expected)


@pytest.mark.xfail(
    strict=True,
    reason="an earlier value in a clause of its own ('in 2023, it was 25%') has no "
    "cue next to it: linking it needs the two clauses' periods compared",
)
def test_earlier_value_in_its_own_clause():
    check_claims(
        "In 2024, 30% of people said this; in 2023, it was 25%.",
        [
            {
                "text": "30%",
                "value": 30,
                "unit": "percent",
                "comparators": [{"text": "25%", "kind": "previous", "direction": "above"}],
            }
        ],
    )


OVERVIEW = (
    "Anytown Borough Council: local authority assessment\nOverall summary\nLocal authority rating and score\n"
    "Anytown Borough Council\n{rating}\n{score}\nQuality statement scores\n\u2022 Assessing needs\nScore: 3\n"
)
STATED_SCORES = [
    (
        "scored-out-of-100",
        "Good",
        "Anytown Borough Council scored 78 out of 100 overall, indicating a good standard.",
    ),
    ("score-percent", "Requires improvement", "Score: 56%"),
    ("overall-score-percent", "Requires improvement", "Overall score: 56%"),
]


@pytest.mark.parametrize("rating, score", [c[1:] for c in STATED_SCORES], ids=[c[0] for c in STATED_SCORES])
def test_stated_overall_score_is_structure(rating, score):
    """The overall score the segmentation reads is structure, never a claim (like "Score: 3")."""
    report = extract(OVERVIEW.format(rating=rating, score=score))
    assert report.overall.score_percent is not None
    assert report.claims == []
