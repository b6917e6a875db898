"""Periods (issue 26): the dates their words give, how far each reaches, kept whole.

Every case is in our own words and numbers (no report's sentence): a normalisation table of
every form the issue names, then one small text per scope rule of the grammar, each checking
the period's words, its exact span in the text and its dates.
"""

from __future__ import annotations

import datetime

import pytest
from test_claims import claims_of

from pipeline.models import Claim, Report
from pipeline.outputs import table, view
from pipeline.quality.evaluate import evaluate, period_matches
from pipeline.stages.claims.periods import normalise, period_of

D = datetime.date

# (words, kind, from, to)
NORMALISED = [
    ("2021", "point", D(2021, 1, 1), D(2021, 12, 31)),
    ("October 2024", "point", D(2024, 10, 1), D(2024, 10, 31)),
    ("February 2024", "point", D(2024, 2, 1), D(2024, 2, 29)),
    ("31 March 2024", "point", D(2024, 3, 31), D(2024, 3, 31)),
    ("2023/24", "financial_year", D(2023, 4, 1), D(2024, 3, 31)),
    ("2023-24", "financial_year", D(2023, 4, 1), D(2024, 3, 31)),
    ("2023–24", "financial_year", D(2023, 4, 1), D(2024, 3, 31)),
    ("2022/2023", "financial_year", D(2022, 4, 1), D(2023, 3, 31)),
    ("19/20", "financial_year", D(2019, 4, 1), D(2020, 3, 31)),
    ("Q3 2024/25", "financial_year", D(2024, 10, 1), D(2024, 12, 31)),
    ("Q1 2021/22", "financial_year", D(2021, 4, 1), D(2021, 6, 30)),
    ("Q4 2024/25", "financial_year", D(2025, 1, 1), D(2025, 3, 31)),
    ("Q2 2023", "point", D(2023, 4, 1), D(2023, 6, 30)),
    ("November 2021/22", "point", D(2021, 11, 1), D(2021, 11, 30)),
    ("February 2021/22", "point", D(2022, 2, 1), D(2022, 2, 28)),
    ("between 2011 and 2021", "range", D(2011, 1, 1), D(2021, 12, 31)),
    ("Between 2009 – 2012", "range", D(2009, 1, 1), D(2012, 12, 31)),
    ("between May 2022 and April 2023", "range", D(2022, 5, 1), D(2023, 4, 30)),
    ("between 2018/19 and 2022/23", "range", D(2018, 4, 1), D(2023, 3, 31)),
    ("from 2019 to 2029", "range", D(2019, 1, 1), D(2029, 12, 31)),
    ("2020 and 2021", "range", D(2020, 1, 1), D(2021, 12, 31)),
    ("2022-2023", "range", D(2022, 1, 1), D(2023, 12, 31)),
    ("12 months to March 2024", "range", D(2023, 4, 1), D(2024, 3, 31)),
    ("the 12 months to March 2024", "range", D(2023, 4, 1), D(2024, 3, 31)),
    ("six months up to September 2023", "range", D(2023, 4, 1), D(2023, 9, 30)),
    # "prior to" a month ends before the month begins
    ("12 months prior to December 2024", "range", D(2023, 12, 1), D(2024, 11, 30)),
    ("year prior to May 2022", "range", D(2021, 5, 1), D(2022, 4, 30)),
    ("8 weeks to 30 June 2024", "range", D(2024, 5, 6), D(2024, 6, 30)),
    ("by 2040", "projection", None, D(2040, 12, 31)),
    ("by March 2031", "projection", None, D(2031, 3, 31)),
    ("since 2015", "since", D(2015, 1, 1), None),
    ("since the last census in 2011", "since", D(2011, 1, 1), None),
    ("since the previous census", "since", None, None),
    ("as at 31 March 2024", "as_at", D(2024, 3, 31), D(2024, 3, 31)),
    ("As of June 2025", "as_at", D(2025, 6, 1), D(2025, 6, 30)),
    ("at the time of our assessment", "as_at", None, None),
    ("at the time of assessment", "as_at", None, None),
    ("in the last year", "relative", None, None),
    ("over the next 3 years", "relative", None, None),
    ("over the past 5 years", "relative", None, None),
]


@pytest.mark.parametrize("words, kind, first, last", NORMALISED, ids=[c[0] for c in NORMALISED])
def test_normalise(words, kind, first, last) -> None:
    assert normalise(words) == (kind, first, last), f"{words!r}"


def test_a_projection_clause_makes_a_dated_period_a_projection() -> None:
    period = period_of("between 2025 and 2045", 10, 31, projection=True)
    assert (period.kind, period.from_, period.to) == ("projection", D(2025, 1, 1), D(2045, 12, 31))


# One text per rule: (id, text, {claim text: period words or None}); a claim text written
# twice in a text is told apart by "#2".
SCOPE = [
    # Own sentence, kept whole
    (
        "range-between",
        "Between 2012 and 2022 the number of carers fell by 640.",
        {"640": "Between 2012 and 2022"},
    ),
    (
        "range-from-to",
        "The county expects 3,100 new homes from 2024 to 2034.",
        {"3,100": "from 2024 to 2034"},
    ),
    ("pair-of-years", "In 2018 and 2019, 27% of referrals were repeat referrals.", {"27%": "2018 and 2019"}),
    ("hyphen-years", "In 2021-2022, 415 people were supported at home.", {"415": "2021-2022"}),
    ("financial-year", "The council supported 5,280 people in 2022/23.", {"5,280": "2022/23"}),
    ("quarter", "In Q2 2023/24, 86% of reviews were completed on time.", {"86%": "Q2 2023/24"}),
    (
        "months-to",
        "In the 12 months to June 2024, 1,940 safeguarding concerns were received.",
        {"1,940": "12 months to June 2024"},
    ),
    ("as-of", "As of April 2025, 212 people were waiting for an assessment.", {"212": "As of April 2025"}),
    (
        "at-the-time",
        "At the time of our assessment, 58 people were waiting for a review.",
        {"58": "At the time of our assessment"},
    ),
    ("last-year", "The team handled 730 contacts in the last year.", {"730": "in the last year"}),
    ("next-years", "The council must save £12m over the next 4 years.", {"£12m": "over the next 4 years"}),
    # A comparator's own period is not the claim's: the value's own year is its period (the
    # range the two values span is the comparison's, not the value's)
    ("rose-from-to", "The number of carers rose from 12,400 in 2019 to 14,100 in 2024.", {"14,100": "2024"}),
    (
        "comparator-own",
        "The longest wait fell from 96 days in the year prior to May 2023 to 40 days in "
        "the 12 months prior to May 2024.",
        {"40": "12 months prior to May 2024"},
    ),
    # The base a change is measured against is not the change's period
    (
        "base-of-change",
        "Its annual report for 2022/23 counted 3,870 concerns, a rise of 9% on 2021/22.",
        {"3,870": "2022/23", "9%": "2022/23"},
    ),
    ("base-than", "In 2024, 640 people were helped, 15% more than in 2022.", {"640": "2024", "15%": "2024"}),
    (
        "relative-change-not-levels",
        "The district has 98,400 residents (Census 2021), and its population has "
        "risen by 3.7% over the last 10 years.",
        {"98,400": "2021", "3.7%": "over the last 10 years"},
    ),
    ("plan-years-are-a-name", "Its 2024-2027 carers' strategy sets out 5 aims.", {"5": None}),
    # A dated dataset dates its values unless the sentence is more specific
    (
        "dataset-date",
        "Of carers, 41.2% felt supported (Survey of Adult Carers in England, 2023-24).",
        {"41.2%": "2023-24"},
    ),
    (
        "sentence-more-specific",
        "In March 2024, 41.2% of carers felt supported (Survey of Adult Carers in England, 2023-24).",
        {"41.2%": "March 2024"},
    ),
    (
        "dataset-more-specific",
        "In 2024, 71.3% of people felt safe (Adult Social Care Survey, October 2024).",
        {"71.3%": "October 2024"},
    ),
    # A projection belongs to its own clause: never to the next sentence
    (
        "projection-not-carried",
        "The number of people over 90 is forecast to reach 9,400 by 2045. Most "
        "residents (76%) own their homes.",
        {"9,400": "by 2045", "76%": None},
    ),
    (
        "projection-own-clause",
        "Over-75s are projected to rise to 18% by 2039, while 4% of adults are carers.",
        {"18%": "by 2039", "4%": None},
    ),
    # "since" dates the change it is the base of, and the changes beside it, nothing else
    (
        "since-not-carried",
        "Since 2017 the council has been run by a coalition. The Green Party holds 22 seats.",
        {"22": None},
    ),
    (
        "since-its-changes",
        "Since 2014, the number of carers rose by 12%, with 8% of them aged over 75.",
        {"12%": "Since 2014", "8%": None},
    ),
    (
        "since-sibling-changes",
        "The population fell by 2.2% since 2013, with those aged 18-64 falling by "
        "3.9% and the over-80s rising by 6.5%.",
        {"2.2%": "since 2013", "3.9%": "since 2013", "6.5%": "since 2013"},
    ),
    (
        "change-range-not-levels",
        "The population grew by 4.1% between 2012 and 2022, with 21% aged under 18.",
        {"4.1%": "between 2012 and 2022", "21%": None},
    ),
    (
        "change-range-not-carried",
        "Between 2012 and 2022, there was a rise of 17.5% in people aged 80 and "
        "over. Asian residents make up 24% of the borough.",
        {"17.5%": "Between 2012 and 2022", "24%": None},
    ),
    # A later sentence takes a period only when it refers back to it
    (
        "new-subject",
        "In 2023, 310 people were waiting for an assessment. The borough has 48 councillors.",
        {"310": "2023", "48": None},
    ),
    (
        "that-year",
        "The council estimated that in 2022/23 its budget would be £410,000,000. Its actual "
        "spend for that year was £428,500,000.",
        {"£410,000,000": "2022/23", "£428,500,000": "2022/23"},
    ),
    (
        "actual-spend",
        "The council estimated that it would spend £96,000,000 on adult social care in "
        "2021/22. Its actual spend was £99,400,000.",
        {"£96,000,000": "2021/22", "£99,400,000": "2021/22"},
    ),
    (
        "this-gap",
        "In 2019 and 2020, men in the poorest wards lived 7.1 fewer years than those in the "
        "richest. For women, this gap was 5.3 years.",
        {"7.1": "2019 and 2020", "5.3": "2019 and 2020"},
    ),
    (
        "of-these",
        "As of March 2025, 640 people were waiting for a review. Of these, 85 had waited over a year.",
        {"640": "As of March 2025", "85": "As of March 2025"},
    ),
    (
        "same-period",
        "Between April 2023 and March 2024, 14 homes closed. Over the same period, 6 new homes opened.",
        {"14": "Between April 2023 and March 2024", "6": "Between April 2023 and March 2024"},
    ),
    (
        "back-reference-in-its-clause",
        "The team started 2,210 enquiries in the year to May 2024. 1,950 were "
        "closed in this period, and 260 were open as at 31 May 2024.",
        {"2,210": "year to May 2024", "1,950": "year to May 2024", "260": "as at 31 May 2024"},
    ),
    (
        "repeated-figure",
        "In the year to March 2024, 9% of enquiries took over 120 days. Delays for the 9% "
        "came from court dates.",
        {"9%": "year to March 2024", "9%#2": "year to March 2024"},
    ),
]


def _expected_claims(text: str, expected: dict) -> list[tuple[int, str | None]]:
    out, seen = [], {}
    for key, period in expected.items():
        surface = key.split("#")[0]
        at = text.index(surface, seen.get(surface, 0))
        seen[surface] = at + len(surface)
        out.append((at, period))
    return out


@pytest.mark.parametrize("text, expected", [c[1:] for c in SCOPE], ids=[c[0] for c in SCOPE])
def test_scope(text, expected) -> None:
    claims = {c.start: c for c in claims_of(text)}
    for at, words in _expected_claims(text, expected):
        claim = claims.get(at)
        assert claim is not None, (
            f"no claim at {at}: {text[at : at + 12]!r}; claims {[c.text for c in claims.values()]}"
        )
        got = claim.period
        assert (got.text if got else None) == words, f"period of {claim.text!r}: {got!r}"
        if got is not None:
            assert text[got.start : got.end] == got.text, (
                f"period span {got.start}:{got.end} of {claim.text!r}"
            )
            kind, first, last = normalise(got.text)  # a projection's clause makes a dated period one
            assert (got.from_, got.to) == (first, last) and got.kind in (kind, "projection"), (
                f"kind and dates of {got.text!r}: {got.kind}, {got.from_}, {got.to}"
            )


LISTS = [
    (
        "lead-dates-items",
        "In 2023/24:\n- 62% of people felt safe\n- 1,200 carers were supported\nThe "
        "borough has 51 councillors.",
        {"62%": "2023/24", "1,200": "2023/24", "51": None},
    ),
    (
        "lead-words",
        "Figures for 2024 show:\n- 340 people used the day service\n- 18% were new to it",
        {"340": "2024", "18%": "2024"},
    ),
    (
        "item-own-period",
        "In 2023/24:\n- 62% of people felt safe\n- 480 people were helped in 2022/23",
        {"62%": "2023/24", "480": "2022/23"},
    ),
    ("no-lead", "The team:\n- saw 75 people each week", {"75": None}),
]


@pytest.mark.parametrize("text, expected", [c[1:] for c in LISTS], ids=[c[0] for c in LISTS])
def test_a_list_lead_dates_its_items(text, expected) -> None:
    test_scope(text, expected)


def test_period_dates_in_the_output() -> None:
    text = "The council supported 5,280 people in 2022/23."
    data = claims_of(text)[0].model_dump(mode="json")
    assert data["period"] == {
        "text": "2022/23",
        "start": 38,
        "end": 45,
        "kind": "financial_year",
        "from": "2022-04-01",
        "to": "2023-03-31",
    }


def test_an_output_of_schema_1_is_read_with_its_period_as_words() -> None:
    claim = {
        "id": "a" * 16,
        "value": 5.0,
        "unit": "count",
        "text": "5",
        "start": 0,
        "end": 1,
        "sentence": {"start": 0, "end": 1},
        "period": "2022/23",
    }
    report = Report.model_validate(
        {
            "schema_version": "1.5.0",
            "pipeline_version": "x",
            "sha256": "0" * 64,
            "overall": {},
            "claims": [claim],
        }
    )
    period = report.claims[0].period
    assert (period.text, period.start, period.end, period.kind, period.from_, period.to) == (
        "2022/23",
        None,
        None,
        None,
        None,
        None,
    )


MATCHES = [
    ("gold-inside-output", {"text": "12 months prior to December 2024"}, "December 2024", True),
    ("output-inside-gold", {"text": "2011"}, "between 2011 and 2021", True),
    ("case-and-spaces", {"text": "Between  2011 and 2021"}, "between 2011 and 2021", True),
    ("other-period", {"text": "2041"}, "2023/24", False),
    ("false-period", {"text": "since 2011"}, None, False),
    ("missed-period", None, "2023/24", False),
    ("both-null", None, None, True),
    ("schema-1-words", "2023/24", "2023/24", True),
]


@pytest.mark.parametrize("output, gold, expected", [c[1:] for c in MATCHES], ids=[c[0] for c in MATCHES])
def test_period_matches(output, gold, expected) -> None:
    assert period_matches(output, gold) is expected


def test_evaluate_counts_periods() -> None:
    def claim(text, start, period):
        return {
            "value": float(text),
            "text": text,
            "start": start,
            "end": start + len(text),
            "period": period,
        }

    gold = {
        "claims": [
            claim("10", 0, "2023/24"),
            claim("20", 10, None),
            claim("30", 20, "2021"),
            claim("40", 30, None),
        ]
    }
    output = {
        "claims": [
            claim("10", 0, {"text": "2023/24"}),
            claim("20", 10, {"text": "2041"}),
            claim("30", 20, {"text": "2019"}),
            claim("40", 30, None),
        ]
    }
    result = evaluate(output, gold)
    assert (result.gold_periods, result.correct_periods, result.false_periods, result.matched_claims) == (
        2,
        1,
        1,
        4,
    )
    assert (result.period_accuracy, result.false_period_share) == (0.5, 0.25)


def test_table_rows_carry_the_dates() -> None:
    text = "In 2023/24, 71.3% of people who use services felt safe."
    claim = claims_of(text)[0].model_copy(update={"measure": "ascs-feel-safe"})
    report = Report(pipeline_version="x", sha256="0" * 64, overall={}, claims=[claim])
    row = table.rows_of(report)[0]
    assert (row.period, row.period_from, row.period_to, row.period_kind) == (
        "2023/24",
        "2023-04-01",
        "2024-03-31",
        "financial_year",
    )
    header = table.to_csv([row]).splitlines()[0].split(",")
    assert header[header.index("period") : header.index("period") + 4] == [
        "period",
        "period_from",
        "period_to",
        "period_kind",
    ]


def test_the_view_highlights_a_claims_period() -> None:
    text = "The council supported 5,280 people in 2022/23."
    claim: Claim = claims_of(text)[0]
    report = {"claims": [claim.model_dump(mode="json")]}
    marks = [m for m in view.collect_marks(report, text) if m.kind == "per"]
    assert [(text[m.start : m.end], dict(m.attrs)["data-claims"]) for m in marks] == [("2022/23", claim.id)]
    assert dict(marks[0].attrs)["title"] == "period: 2022/23 (a financial year, 2022-04-01 to 2023-03-31)"
