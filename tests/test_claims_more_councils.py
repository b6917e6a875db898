"""Claims in wording seen in other councils' reports, written by hand (none is in the corpus).

Each row: (id, text, expected claims), checked like tests/test_claims.py: exact spans, values,
units, comparators and sources. Expectations follow tests/gold/GUIDE.md.
"""

from __future__ import annotations

import pytest
from test_claims import check_claims

ASCS, ASCOF, SALT = (
    "Adult Social Care Survey", "Adult Social Care Outcomes Framework", "Short and Long-Term Support",
)
SFC = "Skills for Care Workforce Estimates"

CASES = [
    ("comma-thousands-from-to",
     "The number of people waiting for a review fell from 2,300 in 2023 to 1,100 in 2024.",
     [{"text": "1,100", "value": 1100, "unit": "count",
       "comparators": [{"text": "2,300", "kind": "previous", "value": 2300, "direction": "below"}]}]),
    ("down-from-previous",
     "The number of applications awaiting allocation was 1,020, down from 1,450 in March 2024.",
     [{"text": "1,020", "value": 1020, "unit": "count",
       "comparators": [{"text": "1,450", "kind": "previous", "value": 1450, "direction": "below"}]}]),
    ("compared-to-earlier-quarter",
     "Healthwatch received 45 complaints in Q3 2024, compared to 60 in Q2.",
     [{"text": "45", "value": 45, "unit": "count",
       "comparators": [{"text": "60", "kind": "previous", "value": 60, "direction": "below"}]}]),
    ("regional-comparator",
     "In 2024, 80% of home care providers were rated good, compared to 75% regionally.",
     [{"text": "80%", "value": 80, "unit": "percent",
       "comparators": [{"text": "75%", "kind": "regional_average", "value": 75, "direction": "above"}]}]),
    ("regional-and-national-comparators",
     "The vacancy rate was 11.3% compared with 9.9% across the region and 10.6% nationally "
     "(Skills for Care, 2023/24).",
     [{"text": "11.3%", "value": 11.3, "unit": "percent",
       "comparators": [{"text": "9.9%", "kind": "regional_average", "direction": "above"},
                       {"text": "10.6%", "kind": "england_average", "direction": "above"}],
       "source": (SFC, "2023/24", "Skills for Care, 2023/24")}]),
    ("national-figure",
     "Approximately one in four adults reported a disability, which was higher than the national "
     "figure of 21%.",
     [{"text": "one in four", "value": 0.25, "unit": "ratio", "qualifier": "approximately",
       "comparators": [{"text": "21%", "kind": "england_average", "qualifier": "higher"}]}]),
    ("measure-code-is-not-a-claim",
     "In 2023/24, 95% of people were discharged to their usual place of residence (ASCOF 2B(1)), and "
     "the Better Care Fund of £45.6m supported this.",
     [{"text": "95%", "value": 95, "unit": "percent"},
      {"text": "£45.6m", "value": 45600000, "unit": "gbp", "source": None}]),
    ("salt-abbreviation-with-year",
     "In the year to March 2024, 72.1% of people who received short-term support had no further needs "
     "(SALT 2023-24).",
     [{"text": "72.1%", "value": 72.1, "unit": "percent", "source": (SALT, "2023-24", "SALT 2023-24")}]),
    ("money-before-a-comma",
     "Its actual spend was £1,075,800,000, which was £14,988,000 more than estimated.",
     [{"text": "£1,075,800,000", "value": 1075800000, "unit": "gbp"},
      {"text": "£14,988,000", "value": 14988000, "unit": "gbp"}]),
    ("weeks-and-reduction",
     "People waited an average of 6 weeks for an assessment, and the waiting list of 1,234 people was "
     "a reduction of 25% since April 2024.",
     [{"text": "6", "value": 6, "unit": "weeks"},
      {"text": "1,234", "value": 1234, "unit": "count"},
      {"text": "25%", "value": 25, "unit": "percent"}]),
    ("counted-things-named-day",
     "The local authority commissioned 3 day centres and 2 extra care schemes for people aged 18-64.",
     [{"text": "3", "value": 3, "unit": "count"},
      {"text": "2", "value": 2, "unit": "count"}]),
    ("not-claims-hours-services-bands",
     "Support was available 24 hours a day, 7 days a week through NHS 111, and people living in the "
     "top 10% most deprived areas were prioritised under the 10-year strategy.",
     []),
    ("as-of-date-and-median-wait",
     "As of 31 January 2025, 178 people were waiting for an assessment, and the median wait was 23 days.",
     [{"text": "178", "value": 178, "unit": "count"},
      {"text": "23", "value": 23, "unit": "days"}]),
]


@pytest.mark.parametrize("text, expected", [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_other_councils_wording(text, expected):
    check_claims(text, expected)
