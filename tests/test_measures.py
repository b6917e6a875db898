"""Measures: the catalogue's rows, and which measure a claim's own words name.

Cases are rows (id, text, {claim surface text: expected measure id or None}), in our own
wording and figures (councils and numbers made up). Each case runs the claims stage on the bare
text and then ``assign_measures``; a failure prints the words the claim's measure was decided
from. Near misses (a subgroup, one ethnic group, a count where the measure is a rate, a change)
expect None: null is better than a wrong id.
"""

from __future__ import annotations

from typing import get_args

import pytest
import regex

from pipeline.models import Claim, Comparator, Document, Overall, Unit
from pipeline.reference.catalogue import BY_ID, CATALOGUE, HIGHER, LOWER, NEITHER, polarity
from pipeline.stages import measures as measure_stage
from pipeline.stages.claims import extract_claims
from pipeline.stages.measures import assign_measures


def measured(text: str) -> list[Claim]:
    claims = extract_claims(text, Document(text_length=len(text), overall=Overall()), "0" * 64)
    return assign_measures(text, claims)


def _why(text: str, claims: list[Claim], claim: Claim) -> str:
    spans = measure_stage._value_spans(text, claims)
    key = (claim.sentence.start, claim.sentence.end)
    words = measure_stage._words_of(text, claim, measure_stage._Sentence.of(text, key, spans[key]))
    return f"before={words.before!r} after={words.after!r}"


def check(text: str, expected: dict[str, str | None]) -> None:
    claims = measured(text)
    by_text = {text[c.start : c.end]: c for c in claims}
    for surface, want in expected.items():
        assert surface in by_text, f"no claim {surface!r}; claims: {list(by_text)}"
        claim = by_text[surface]
        assert claim.measure == want, (
            f"{surface!r} at {claim.start}:{claim.end} measured {claim.measure!r}, expected {want!r}; "
            + _why(text, claims, claim)
        )


# --- each catalogue measure, in more than one wording for the survey measures ----------------
MEASURE_CASES = [
    (
        "satisfied-said",
        "National data showed 61.2% of people who use services said they were "
        "satisfied with the care and support they received.",
        {"61.2%": "ascs-satisfied-with-care"},
    ),
    (
        "satisfied-very",
        "In Ashcombe, 58.4% of people receiving care were extremely or very satisfied "
        "with their care and support, similar to the England average of 61.9%.",
        {"58.4%": "ascs-satisfied-with-care"},
    ),
    (
        "quality-of-life",
        "People who use services reported a social care-related quality of life score "
        "of 19.2, compared with 19.0 nationally.",
        {"19.2": "ascs-quality-of-life"},
    ),
    (
        "quality-of-life-carers",
        "Unpaid carers in the borough reported a quality of life score of 7.1 "
        "(Survey of Adult Carers in England, 2024).",
        {"7.1": "sace-carer-quality-of-life"},
    ),
    (
        "control-have",
        "Data showed 74.1% of people who use services felt they had control over their daily life.",
        {"74.1%": "ascs-control-over-daily-life"},
    ),
    (
        "control-in-control",
        "Some 69.5% of people said they were in control of their day-to-day lives, "
        "in line with the England average.",
        {"69.5%": "ascs-control-over-daily-life"},
    ),
    (
        "social-contact-users",
        "Only 38.2% of people who use services had as much social contact as they would like.",
        {"38.2%": "ascs-social-contact"},
    ),
    (
        "social-contact-enough",
        "Around 44% of people receiving support said they had enough social contact with people they like.",
        {"44%": "ascs-social-contact"},
    ),
    (
        "social-contact-carers",
        "Among unpaid carers, 27.6% had as much social contact as they wanted, "
        "below the England average of 28.8%.",
        {"27.6%": "sace-carer-social-contact"},
    ),
    (
        "easy-information-users",
        "National data indicated 66.7% of people who used services found it "
        "easy to find information about support.",
        {"66.7%": "ascs-easy-to-find-information"},
    ),
    (
        "easy-information-access",
        "In Brackley, 70.3% of people said it was easy to access information "
        "about services (Adult Social Care Survey, 2024).",
        {"70.3%": "ascs-easy-to-find-information"},
    ),
    (
        "easy-information-carers",
        "Of unpaid carers, 57.9% found it easy to find information and advice, "
        "compared with 59.1% in England.",
        {"57.9%": "sace-carer-easy-to-find-information"},
    ),
    (
        "feel-safe-users",
        "Survey data showed 71.4% of people who use services felt safe, which was "
        "similar to the England average of 71.1%.",
        {"71.4%": "ascs-feel-safe"},
    ),
    (
        "feel-safe-present",
        "Overall 68% of people receiving care feel safe in their homes.",
        {"68%": "ascs-feel-safe"},
    ),
    (
        "feel-safe-carers",
        "Among carers, 79.8% felt safe, which was in line with the England average of 80.9%.",
        {"79.8%": "sace-carer-feel-safe"},
    ),
    (
        "services-safe-made",
        "National data showed that 86.2% of people who use services said those "
        "services had made them feel safe and secure.",
        {"86.2%": "ascs-services-make-feel-safe"},
    ),
    (
        "services-safe-make",
        "In Dunmore 81% of people said the support they receive makes them feel safe.",
        {"81%": "ascs-services-make-feel-safe"},
    ),
    (
        "services-safe-predicated",
        "The proportion of people who use services who say that those "
        "services have made them feel safe and secure was 83.9%.",
        {"83.9%": "ascs-services-make-feel-safe"},
    ),
    (
        "feel-safe-predicated",
        "The proportion of people who use services who feel safe was 70.4%, "
        "similar to the England average of 69.7%.",
        {"70.4%": "ascs-feel-safe"},
    ),
    (
        "choice-felt",
        "Only 66.1% of people who use services felt they had choice over services.",
        {"66.1%": "ascs-choice-over-services"},
    ),
    (
        "choice-have",
        "The survey found 72% of people have choice over the care and support they get.",
        {"72%": "ascs-choice-over-services"},
    ),
    (
        "feel-better",
        "Some 63.3% of people said the help they received helped them think and feel "
        "better about themselves.",
        {"63.3%": "ascs-feel-better-about-themselves"},
    ),
    (
        "feel-better-support",
        "The support people received made 59.8% of them feel better about "
        "themselves, in line with England (Adult Social Care Survey, 2024).",
        {"59.8%": "ascs-feel-better-about-themselves"},
    ),
    (
        "valued-things-users",
        "National data showed 55.5% of people who use services spend their time "
        "doing things they value or enjoy.",
        {"55.5%": "ascs-time-doing-valued-things"},
    ),
    (
        "valued-things-carers",
        "Of unpaid carers in Eastleigh Vale, 17.2% were able to spend time doing things they value or enjoy.",
        {"17.2%": "sace-carer-time-doing-valued-things"},
    ),
    (
        "valued-things-how-they-want",
        "Around 47% of people receiving care said they were doing things "
        "they value and enjoy with their time.",
        {"47%": "ascs-time-doing-valued-things"},
    ),
    (
        "food-drink-adequate",
        "Data showed 92.8% of people who used services got adequate or better food and drink.",
        {"92.8%": "ascs-adequate-food-and-drink"},
    ),
    (
        "food-drink-enough",
        "Nearly 95% of people receiving home care said they get enough food and drink.",
        {"95%": "ascs-adequate-food-and-drink"},
    ),
    (
        "valued-things-carers-able",
        "The same proportion of carers as nationally, 14.9%, said they spent "
        "their time doing things they enjoy.",
        {"14.9%": "sace-carer-time-doing-valued-things"},
    ),
    (
        "easy-information-carers-access",
        "National data showed 62.4% of unpaid carers found it easy to "
        "access information and advice about support.",
        {"62.4%": "sace-carer-easy-to-find-information"},
    ),
    (
        "feel-safe-people-who-care",
        "Data showed 76.5% of people who care for a family member felt safe.",
        {"76.5%": "sace-carer-feel-safe"},
    ),
    (
        "feel-safe-carers-feel",
        "In Penhallow, 83.1% of unpaid carers said they feel safe, above the England average.",
        {"83.1%": "sace-carer-feel-safe"},
    ),
    (
        "carer-satisfied-social-services",
        "Of unpaid carers, 39.1% said they were satisfied with social "
        "services, above the England average of 36.8%.",
        {"39.1%": "sace-carer-satisfied"},
    ),
    (
        "carer-satisfied-support",
        "National data showed 33.5% of carers were extremely or very "
        "satisfied with the support they received.",
        {"33.5%": "sace-carer-satisfied"},
    ),
    (
        "carer-information-helpful",
        "Around 84.9% of unpaid carers found information and advice "
        "helpful, compared with 85.2% across England.",
        {"84.9%": "sace-carer-information-helpful"},
    ),
    (
        "carer-information-useful",
        "The survey showed 80% of carers found the information they were given useful.",
        {"80%": "sace-carer-information-helpful"},
    ),
    (
        "carer-consulted",
        "Data showed 64.6% of carers felt involved or consulted in discussions about "
        "the person they care for.",
        {"64.6%": "sace-carer-consulted"},
    ),
    (
        "carer-included",
        "Only 58% of unpaid carers were included or consulted in discussions about the person they support.",
        {"58%": "sace-carer-consulted"},
    ),
    (
        "carer-break",
        "Some 20.4% of unpaid carers were accessing support or services that allowed "
        "them to take a break from caring.",
        {"20.4%": "sace-carer-break-from-caring"},
    ),
    (
        "carer-break-give",
        "Data showed 16% of carers used services which gave them a break from caring for more than 24 hours.",
        {"16%": "sace-carer-break-from-caring"},
    ),
    (
        "short-term-no-longer",
        "National data showed 84.2% of people who received short-term support "
        "no longer required support afterwards.",
        {"84.2%": "ascof-short-term-no-further-support"},
    ),
    (
        "short-term-needed-no",
        "After reablement, 78% of people needed no further support, compared with 77.5% in England.",
        {"78%": "ascof-short-term-no-further-support"},
    ),
    (
        "short-term-need-no-ongoing",
        "Of people who had short-term support, 71.2% went on to need no ongoing support.",
        {"71.2%": "ascof-short-term-no-further-support"},
    ),
    (
        "home-91-days",
        "National data showed 81.9% of people aged 65 and over were still at home 91 "
        "days after discharge from hospital into reablement services.",
        {"81.9%": "ascof-at-home-91-days"},
    ),
    (
        "reablement-received",
        "Data showed 2.6% of people aged 65 and over received reablement or "
        "rehabilitation services after discharge from hospital.",
        {"2.6%": "ascof-reablement-offered"},
    ),
    (
        "reablement-offered-to",
        "Reablement was offered to 3.4% of older people leaving hospital, compared with 2.9% in England.",
        {"3.4%": "ascof-reablement-offered"},
    ),
    (
        "admissions-younger",
        "Admissions of adults aged 18 to 64 to residential and nursing care homes "
        "were 17.3 per 100,000 population.",
        {"17.3": "ascof-care-home-admissions-18-64"},
    ),
    (
        "admissions-older",
        "Long-term needs of people aged 65 and over met by admission to residential "
        "and nursing care homes were 602.1 per 100,000 population.",
        {"602.1": "ascof-care-home-admissions-65-plus"},
    ),
    (
        "direct-payments-took-up",
        "National data showed 27.3% of people took up direct payments, above the England average of 25.5%.",
        {"27.3%": "ascof-direct-payments"},
    ),
    (
        "direct-payments-proportion",
        "The proportion of people receiving direct payments (31.2%) was higher than the England average.",
        {"31.2%": "ascof-direct-payments"},
    ),
    (
        "ld-employment",
        "Only 3.1% of adults with a learning disability were in paid employment.",
        {"3.1%": "ascof-learning-disability-paid-employment"},
    ),
    (
        "ld-own-home",
        "Some 81.6% of adults with a learning disability lived in their own home or with their family.",
        {"81.6%": "ascof-learning-disability-own-home"},
    ),
    (
        "reviewed-planned",
        "National data showed 61.4% of people receiving long-term support had a "
        "planned or unplanned review of their needs.",
        {"61.4%": "salt-long-term-reviewed"},
    ),
    (
        "reviewed-long-term",
        "Of people on long-term support, 55% had received a review in the year.",
        {"55%": "salt-long-term-reviewed"},
    ),
    (
        "advocate",
        "Data showed 79.5% of people who lacked capacity were supported by an advocate, "
        "family member or friend during a safeguarding enquiry.",
        {"79.5%": "sac-advocate-lacking-capacity"},
    ),
    (
        "outcomes-met",
        "In Holmfirth Vale, 93.4% of people said their desired outcomes from the "
        "safeguarding enquiry were fully or partially met.",
        {"93.4%": "sac-outcomes-met"},
    ),
    (
        "outcomes-achieved",
        "Of those asked after a section 42 enquiry, 89% had their outcomes fully or partially achieved.",
        {"89%": "sac-outcomes-met"},
    ),
    (
        "outcomes-these-achieved",
        "Data showed 90.2% of people asked about their desired outcomes of "
        "a safeguarding enquiry said these were fully achieved.",
        {"90.2%": "sac-outcomes-met"},
    ),
    (
        "concerns-rate",
        "There were 1,021.4 safeguarding concerns per 100,000 adults, compared with 1,145.2 in England.",
        {"1,021.4": "sac-concerns-per-100k"},
    ),
    (
        "concerns-equivalent-rate",
        "The council received 2,870 concerns, equivalent to 654.2 per 100,000 adults.",
        {"2,870": None, "654.2": "sac-concerns-per-100k"},
    ),
    (
        "enquiries-rate",
        "The rate of section 42 enquiries was 310.5 per 100,000 adults.",
        {"310.5": "sac-enquiries-per-100k"},
    ),
    (
        "turnover-from-to",
        "Turnover across the care sector went from 33.1% to 28.7% over two years.",
        {"28.7%": "sfc-turnover-rate"},
    ),
    (
        "turnover",
        "Staff turnover in the care sector was 27.4%, in line with the England average.",
        {"27.4%": "sfc-turnover-rate"},
    ),
    (
        "vacancy",
        "The vacancy rate across the sector (10.9%) was higher than the England average of 8.1%.",
        {"10.9%": "sfc-vacancy-rate"},
    ),
    (
        "care-certificate",
        "Data showed 51.3% of care staff had completed or were working towards the Care Certificate.",
        {"51.3%": "sfc-care-certificate"},
    ),
    (
        "safeguarding-training",
        "Around 58.6% of adult social care staff had completed safeguarding adults training.",
        {"58.6%": "sfc-safeguarding-training"},
    ),
    (
        "mca-training",
        "Some 44.2% of staff had completed Mental Capacity Act training.",
        {"44.2%": "sfc-mca-dols-training"},
    ),
    (
        "dols-training",
        "Only 39% of the workforce had finished Deprivation of Liberty Safeguards training.",
        {"39%": "sfc-mca-dols-training"},
    ),
    (
        "population-ages",
        "Of the population, 21.3% are aged 0 to 17, 57.9% are aged 18 to 64 and 20.8% are aged 65 and over.",
        {"21.3%": "pop-aged-0-17", "57.9%": "pop-aged-18-64", "20.8%": "pop-aged-65-plus"},
    ),
    (
        "population-ages-other-words",
        "About 16% of residents are children under 18 and 24.4% of residents are over 65 years.",
        {"16%": "pop-aged-0-17", "24.4%": "pop-aged-65-plus"},
    ),
    (
        "population-working-age",
        "People of working age make up 66.2% of the population.",
        {"66.2%": "pop-aged-18-64"},
    ),
    (
        "white-identified",
        "Most residents identified as White, making up 88.1% of the population.",
        {"88.1%": "pop-white"},
    ),
    ("white-ethnic-group", "Some 61% of the population is from a White ethnic group.", {"61%": "pop-white"}),
    (
        "population-total",
        "Marlow Heath is a unitary authority with a population of 187,400.",
        {"187,400": "pop-total"},
    ),
    ("population-residents", "The county is home to around 742,000 residents.", {"742,000": "pop-total"}),
    (
        "population-in-millions",
        "Harrowfield has a population of 1.3 million and welcomes 4 million visitors each year.",
        {"1.3 million": "pop-total", "4 million": None},
    ),
    ("population-number-words", "The shire is home to one million residents.", {"one million": "pop-total"}),
    (
        "imd-decile",
        "The area has an Index of Multiple Deprivation score of 4 (1 is the least "
        "deprived, 10 the most deprived).",
        {"4": "imd-decile"},
    ),
    (
        "imd-rank",
        "Eastcombe is ranked the 42nd most deprived local authority in England.",
        {"42nd": "imd-rank"},
    ),
    (
        "imd-rank-out-of",
        "The borough is placed 96th out of 153 local authorities for deprivation.",
        {"96th": "imd-rank"},
    ),
    (
        "budget-share",
        "In 2023/24, 34.2% of the budget was spent on adult social care.",
        {"34.2%": "asc-budget-share"},
    ),
    (
        "budget-share-accounted-for",
        "Adult social care accounted for 29.4% of the council's total budget.",
        {"29.4%": "asc-budget-share"},
    ),
    (
        "budget-share-refers-back",
        "The council planned to spend £210,000,000 on adult social care. "
        "Its actual spend was £221,500,000, which is 36.1% of the total budget.",
        {"36.1%": "asc-budget-share", "£221,500,000": None},
    ),
    (
        "precept",
        "The council raised the adult social care precept by the full amount, with a value of 2%.",
        {"2%": "asc-precept"},
    ),
    (
        "long-term-count",
        "About 9,420 people were accessing long-term adult social care support in 2023/24.",
        {"9,420": "asc-long-term-support-count"},
    ),
    (
        "short-term-count",
        "About 1,310 people were accessing short-term adult social care support.",
        {"1,310": "asc-short-term-support-count"},
    ),
    (
        "same-survey-refers-back",
        "National data showed 82% of unpaid carers found information and "
        "advice helpful. The same survey showed 21.5% felt they had as much social contact as they "
        "wanted.",
        {"82%": "sace-carer-information-helpful", "21.5%": "sace-carer-social-contact"},
    ),
    (
        "two-measures-one-sentence",
        "Data for Harwick shows 63.2% of people were satisfied with their "
        "care and support and 77.9% of people feel they have control over their daily life.",
        {"63.2%": "ascs-satisfied-with-care", "77.9%": "ascs-control-over-daily-life"},
    ),
    (
        "two-rates-in-brackets",
        "Turnover (31.2%) and the vacancy rate (6.4%) were in line with the "
        "England averages of 29.1% and 8.3% respectively.",
        {"31.2%": "sfc-turnover-rate", "6.4%": "sfc-vacancy-rate"},
    ),
]

MEASURE_CASES += [
    (
        "advocate-after-capacity-clause",
        "Where people lacked mental capacity, 77% were supported by an advocate, family member or friend.",
        {"77%": "sac-advocate-lacking-capacity"},
    ),
]

# --- sentences that sound close but are not the measure --------------------------------------
NEAR_MISS_CASES = [
    ("white-british", "Some 79.2% of residents identified as White British.", {"79.2%": None}),
    ("other-white", "Around 9% of the population were from other White ethnic groups.", {"9%": None}),
    (
        "white-then-another-group",
        "Most residents are White and the largest other ethnic group is "
        "Asian, representing 6% of the population.",
        {"6%": None},
    ),
    (
        "enquiries-count",
        "The council received 2,340 section 42 safeguarding enquiries in the year.",
        {"2,340": None},
    ),
    ("concerns-count", "There were 4,180 safeguarding concerns raised in 2023/24.", {"4,180": None}),
    (
        "subgroup-beside-overall",
        "Direct payments were taken up by 26.1% of people, including 33.4% "
        "of those aged 18 to 64, and 11.8% of people aged over 65.",
        {"26.1%": "ascof-direct-payments", "33.4%": None, "11.8%": None},
    ),
    ("population-subgroup-75", "About 9.1% of the population are aged 75 and over.", {"9.1%": None}),
    (
        "population-change",
        "There was an increase of 14.2% in people aged 65 and over since 2011.",
        {"14.2%": None},
    ),
    (
        "population-change-by",
        "The number of people aged 18 to 64 fell by 2.1% between the censuses.",
        {"2.1%": None},
    ),
    ("population-projection", "The population is projected to grow to 301,000 by 2035.", {"301,000": None}),
    ("residents-of-a-survey", "The council held focus groups with 380 residents last spring.", {"380": None}),
    ("people-aged-count", "There are 31,240 people over the age of 65 in the borough.", {"31,240": None}),
    ("rank-in-region", "Kellmoor is the 3rd most deprived borough in London.", {"3rd": None}),
    (
        "decile-is-no-rank",
        "Ravensby lies in the 2nd most deprived decile of local authorities.",
        {"2nd": None},
    ),
    ("income-deprived-share", "In 2019, 12.6% of the population were income deprived.", {"12.6%": None}),
    (
        "carer-break-short-notice",
        "Only 9.2% of unpaid carers were able to take a break from caring at "
        "short notice or in an emergency.",
        {"9.2%": None},
    ),
    (
        "budget-without-adult-social-care",
        "In 2022/23, 14% of the budget was held in reserves.",
        {"14%": None},
    ),
    (
        "annual-review-local-data",
        "Local data showed 79% of people receiving services for over a year had an annual review.",
        {"79%": None},
    ),
    (
        "long-term-support-local-count",
        "As of March 2025, 6,210 people were receiving long-term support from the council.",
        {"6,210": None},
    ),
    (
        "choice-after-colon",
        "Local data showed choice had improved: 97% of people in supported "
        "living agreed they could make choices.",
        {"97%": None},
    ),
    ("felt-safe-no-population", "Around 70% felt safe at night in the town centre.", {"70%": None}),
    (
        "staff-satisfied-that",
        "Managers were satisfied that 92% of calls were answered within a minute.",
        {"92%": None},
    ),
    ("turnover-change", "Staff turnover fell by 4% over the year.", {"4%": None}),
    # (the threshold itself defines the villages, no claim: claims' rule "threshold-definition")
    (
        "fewer-than-residents",
        "Some 2,500 people live in villages with fewer than 400 residents.",
        {"2,500": None},
    ),
    (
        "england-average-in-brackets",
        "The borough has a smaller share than the England average of people aged 18-64 (59.8%).",
        {"59.8%": None},
    ),
    (
        "vacancy-own-workforce",
        "The council's vacancy rate in its own social work teams was 14.5%.",
        {"14.5%": None},
    ),
    ("direct-payments-audited", "The council audited 27% of direct payments during the year.", {"27%": None}),
    (
        "safe-to-raise-concerns",
        "Staff said 88% of people felt safe to raise concerns with them.",
        {"88%": None},
    ),
    ("vacancy-count", "The council had 112 vacancies in its own teams.", {"112": None}),
    # a daytime population is no resident population, wherever the day or the visitors are named
    (
        "daytime-population",
        "Castlebridge has 96,000 residents, but its population is over one "
        "million each day with commuters and tourists.",
        {"96,000": "pop-total", "one million": None},
    ),
    # what is counted is the noun after the value, not the residents it concerns
    (
        "calls-from-residents",
        "The contact centre answered one million calls from residents in 2024.",
        {"one million": None},
    ),
    (
        "spend-for-residents",
        "The council spent two million pounds on equipment for its residents.",
        {"two million": None},
    ),
]


@pytest.mark.parametrize(
    "text,expected",
    [c[1:] for c in MEASURE_CASES + NEAR_MISS_CASES],
    ids=[c[0] for c in MEASURE_CASES + NEAR_MISS_CASES],
)
def test_measure_of_claims(text: str, expected: dict[str, str | None]) -> None:
    check(text, expected)


def test_every_catalogue_measure_has_a_case() -> None:
    covered = {m for _, _, expected in MEASURE_CASES for m in expected.values() if m}
    assert covered == set(BY_ID), f"no case for {sorted(set(BY_ID) - covered)}"


SURVEY = [m.id for m in CATALOGUE if m.id.startswith(("ascs-", "sace-")) and m.unit == "percent"]


@pytest.mark.parametrize("measure_id", SURVEY)
def test_survey_measures_have_two_wordings(measure_id: str) -> None:
    cases = [name for name, _, expected in MEASURE_CASES if measure_id in expected.values()]
    assert len(cases) >= 2, f"{measure_id}: only {cases}"


# --- the catalogue as data -------------------------------------------------------------------


@pytest.mark.parametrize("measure", CATALOGUE, ids=[m.id for m in CATALOGUE])
def test_catalogue_row_is_well_formed(measure) -> None:
    units = set(get_args(Unit))
    assert measure.better in (HIGHER, LOWER, NEITHER)
    assert measure.unit in units and set(measure.units) <= units
    assert measure.name and measure.dataset and measure.cues
    for pattern in (*measure.cues, *measure.context, *measure.excludes, *measure.excludes_anywhere):
        regex.compile(pattern)
    # cues run on lowered text: an upper-case letter in one could never match
    for cue in measure.cues:
        assert not regex.search(r"(?<!\\)[A-Z]", cue), f"{measure.id}: cue {cue!r} is not lower case"


def test_ids_are_unique() -> None:
    assert len(BY_ID) == len(CATALOGUE)


@pytest.mark.parametrize(
    "measure_id,expected",
    [
        ("ascs-feel-safe", HIGHER),
        ("sfc-vacancy-rate", LOWER),
        ("pop-total", None),
        ("no-such-measure", None),
        (None, None),
    ],
)
def test_polarity_of_a_measure(measure_id, expected) -> None:
    assert polarity(measure_id) == expected


# --- the stage's contract --------------------------------------------------------------------


def test_stage_changes_only_the_measure() -> None:
    text = (
        "National data showed 71.4% of people who use services felt safe, which was similar to "
        "the England average of 71.1% (Adult Social Care Survey, 2024)."
    )
    claims = extract_claims(text, Document(text_length=len(text), overall=Overall()), "0" * 64)
    after = assign_measures(text, claims)
    assert [c.model_dump(exclude={"measure"}) for c in after] == [
        c.model_dump(exclude={"measure"}) for c in claims
    ]
    assert [c.measure for c in after] == ["ascs-feel-safe"]
    assert assign_measures(text, after) == after  # same input, same output


def test_comparators_carry_no_measure_of_their_own() -> None:
    assert "measure" not in Comparator.model_fields and "measure" in Claim.model_fields


# --- whole pages whose gold names each claim's measure (tests/gold/pages/) --------------------


def _pages_with_measures():
    import json
    from pathlib import Path

    root = Path(__file__).resolve().parent
    for gold_path in sorted((root / "gold" / "pages").glob("*.json")):
        gold = json.loads(gold_path.read_text(encoding="utf-8"))
        if any("measure" in claim for claim in gold.get("claims") or []):
            yield gold_path.stem, root / "texts" / "pages" / f"{gold_path.stem}.txt", gold


MEASURED_PAGES = list(_pages_with_measures())


@pytest.mark.parametrize("path,gold", [p[1:] for p in MEASURED_PAGES], ids=[p[0] for p in MEASURED_PAGES])
def test_measures_on_annotated_pages(path, gold) -> None:
    """Measure accuracy >= 0.9 and no false measure on each page (the matched claims only)."""
    import pipeline
    from pipeline.quality.evaluate import evaluate

    with open(path, encoding="utf-8", newline="") as handle:
        text = handle.read()
    result = evaluate(pipeline.extract(text, name=path.stem).model_dump(mode="json"), gold)
    misses = [m for m in result.mismatches if m.startswith("measure of")]
    assert result.gold_measures > 0
    assert result.measure_accuracy >= 0.9 and result.false_measures == 0, misses


@pytest.mark.parametrize(
    "text",
    [c[1] for c in MEASURE_CASES + NEAR_MISS_CASES],
    ids=[c[0] for c in MEASURE_CASES + NEAR_MISS_CASES],
)
def test_cues_tried_where_they_can_start(text: str) -> None:
    """The stage tries at a place only the cues that may start with its character (a speed-up):
    every cue that matches anywhere in a case's lowered text is among those."""
    lowered = text.lower()
    for pattern, named in measure_stage._CUES:
        for match in pattern.finditer(lowered):
            tried = measure_stage._CUES_STARTING.get(lowered[match.start()], measure_stage._CUES_ANYWHERE)
            assert (pattern, named) in tried, f"cue {pattern.pattern!r} not tried at {match.group()!r}"


def _texts_for_prechecks() -> list[str]:
    from pathlib import Path

    here = Path(__file__).parent
    texts = [c[1] for c in MEASURE_CASES + NEAR_MISS_CASES]
    texts += [p.read_text(encoding="utf-8") for p in sorted((here / "texts").rglob("*.txt"))]
    texts.append("The rate WAS  \t(around 12%); a rise of ABOUT 3% and an İncrease of 5%, ſome by ")
    return texts


@pytest.mark.parametrize(
    "pattern,endings",
    [
        (measure_stage._PREDICATED, measure_stage._PREDICATED_ENDINGS),
        (measure_stage._CHANGE_BEFORE, measure_stage._CHANGE_BEFORE_ENDINGS),
    ],
    ids=["predicated", "change-before"],
)
def test_end_precheck_never_skips_a_match(pattern, endings) -> None:
    """The pre-check of a pattern anchored at the value says "may match" wherever the pattern
    matches: tried on the words before every position of the cases and the test texts."""
    for text in _texts_for_prechecks():
        for at in range(len(text)):
            tail = text[max(0, at - measure_stage._TAIL) : at]
            if pattern.search(tail):
                assert measure_stage._may_end_with(tail, endings), f"skipped a match in {tail!r}"


def test_refers_back_is_the_pattern() -> None:
    pattern = measure_stage._refers_back_pattern()
    for text in _texts_for_prechecks():
        for line in [*text.splitlines(), text[:300]]:
            for sentence in (line, line[len(line) // 2 :]):
                assert measure_stage._refers_back(sentence) == bool(pattern.search(sentence)), sentence
