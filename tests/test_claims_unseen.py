"""Issue 17: what a number is, decided from the shape of its phrase, on wording no report we have
contains. Every case is written by hand in our own words, places and numbers (none of it is in
../shared/pages or the corpus); most are forms the issue does not list, and each class has
near-misses that must stay claims.

A case: (class, id, text, number, expected). ``number`` is the surface of one number in the
text (``nth``: which occurrence, from 0); ``expected`` says its fate:

- ``{"fate": "none"}``: neither a claim nor a comparator covers the number;
- ``{"fate": "claim", ...}``: a claim starts at the number; optional keys check it: ``text``
  (its surface, default ``number``), ``value``, ``unit``, ``qualifier``, ``comparators`` (their
  surfaces), ``source`` (None, or (name, date) or (name, date, known)), ``measure`` (an id or None).

A failure prints the text around the number, what was found there and the deciding rule
(``claims.decisions``, what ``python -m pipeline explain`` shows). ``python
tests/test_claims_unseen.py`` prints the pass count per class.
"""

from __future__ import annotations

import sys
from collections import Counter
from pathlib import Path

import pytest

from pipeline.models import Document, Overall
from pipeline.stages.claims import decisions
from pipeline.stages.measures import assign_measures

ASCS, SACE, ASCOF = (
    "Adult Social Care Survey",
    "Survey of Adult Carers in England",
    "Adult Social Care Outcomes Framework",
)
SFC, CENSUS, ONS = "Skills for Care Workforce Estimates", "Census", "Office for National Statistics"

NONE = {"fate": "none"}


def claim(**want) -> dict:
    return {"fate": "claim", **want}


CLASSES = {
    1: "ages and age bands",
    2: "names of models, stages, programmes and plans",
    3: "scale definitions and denominators",
    4: "anecdotes and relative time",
    5: "numbers inside a document's name",
    6: "fractions written with a slash",
    7: "a citation carries to its examples",
    8: "citation forms",
    9: "population totals",
    10: "deprivation rank",
    11: "age shares",
    12: "survey and outcome measures in report wording",
    13: "labels numbered in parts (found after the issue's list)",
    14: "a kind of care named by its staffing ratio (found after the issue's list)",
    15: "a year range's end, or a value after a year (found after the issue's list)",
    16: "the length of a ranked list (found after the issue's list)",
    17: "an average or target goes with the level, not the change beside it (found after the list)",
}

CASES = [
    # --- 1. ages and age bands: never a claim, however written; the share or count stays --------
    (1, "aged-above", "People aged above 80 are the fastest-growing group in Ashvale.", "80", NONE),
    (1, "bracketed-plus", "The number of residents (75+) who live alone is rising.", "75", NONE),
    (
        1,
        "the-over-apostrophe-s",
        "Demand for home care from the over 85's has doubled since 2019.",
        "85",
        NONE,
    ),
    (1, "bracketed-over", "Older people (over 70) made up 14.8% of residents.", "70", NONE),
    (
        1,
        "band-list-second-lower",
        "Estimates were given for ages 45 to 54, 55 to 64 and 65+ in Dunmere.",
        "55",
        NONE,
    ),
    (
        1,
        "band-list-second-upper",
        "Estimates were given for ages 45 to 54, 55 to 64 and 65+ in Dunmere.",
        "64",
        NONE,
    ),
    (
        1,
        "band-list-last-plus",
        "Estimates were given for ages 45 to 54, 55 to 64 and 65+ in Dunmere.",
        "65",
        NONE,
    ),
    (1, "band-list-hyphens", "The survey grouped people aged 60-69, 70-79 and 80+ separately.", "70", NONE),
    (
        1,
        "band-list-hyphens-plus",
        "The survey grouped people aged 60-69, 70-79 and 80+ separately.",
        "80",
        NONE,
    ),
    (1, "n-year-old", "A 97-year-old resident told us about the support she received.", "97", NONE),
    (1, "in-their-decade", "Many people in their 90s were living alone without support.", "90", NONE),
    (1, "n-plus-age-group", "Numbers in the 80 plus age group grew quickly.", "80", NONE),
    (1, "are-n-or-older", "Around 21% of residents are 65 or older.", "65", NONE),
    (1, "bracketed-under", "Young carers (under 18) were offered a separate assessment.", "18", NONE),
    (1, "from-n-upwards", "The service supports adults from 18 upwards.", "18", NONE),
    (1, "years-of-age-or-older", "Adults who are 75 years of age or older were prioritised.", "75", NONE),
    (
        1,
        "band-in-brackets-after-people",
        "Working-age adults (18 to 64) make up 63.2% of the population.",
        "18",
        NONE,
    ),
    (1, "over-n-years", "About 12% of residents are over 65 years, fewer than nationally.", "65", NONE),
    # near-misses: the counts and shares beside ages stay
    (
        1,
        "over-n-carers-is-a-count",
        "Over 70 carers attended the carers' forum in March 2024.",
        "70",
        claim(value=70, unit="count", qualifier="over"),
    ),
    (
        1,
        "share-after-age-plus",
        "Of residents aged 65+, 23.4% lived alone.",
        "23.4%",
        claim(value=23.4, unit="percent"),
    ),
    (
        1,
        "count-before-people-over",
        "The team supported 85 people aged over 90 in 2024.",
        "85",
        claim(value=85, unit="count"),
    ),
    (
        1,
        "more-than-n-people-over",
        "More than 80 people over 65 were waiting for an assessment.",
        "80",
        claim(value=80, unit="count", qualifier="more than"),
    ),
    (
        1,
        "share-after-bracketed-age",
        "Older people (over 70) made up 14.8% of residents.",
        "14.8%",
        claim(value=14.8),
    ),
    (
        1,
        "life-expectancy-is-a-result",
        "Healthy life expectancy was as low as 58 years of age in parts of Dunmere.",
        "58",
        claim(value=58),
    ),
    (
        1,
        "count-in-age-group",
        "In the 80+ group, 1,240 people received home care.",
        "1,240",
        claim(value=1240),
    ),
    (
        1,
        "share-of-are-n-or-older",
        "Around 21% of residents are 65 or older.",
        "21%",
        claim(value=21, qualifier="around"),
    ),
    # --- 2. names of models, stages, programmes and plans --------------------------------------
    (2, "quoted-ways-approach", "Staff were trained in the ‘5 Ways’ approach to conversations.", "5", NONE),
    (
        2,
        "steps-programme",
        "The council's 7 Steps programme guided practitioners through assessments.",
        "7",
        NONE,
    ),
    (2, "quoted-cs", "Teams worked to the '2 Cs' of compassion and consistency.", "2", NONE),
    (2, "year-plan-no-hyphen", "Its 3 year plan for carers was agreed with partners.", "3", NONE),
    (2, "quoted-pillars", "The '4 Pillars' were at the heart of practice.", "4", NONE),
    (2, "title-way-of-working", "Practitioners used a 3 Conversations way of working.", "3", NONE),
    (2, "steps-pathway", "Its 6 Steps pathway for hospital discharge was praised by partners.", "6", NONE),
    (
        2,
        "lowercase-forward-view",
        "Plans were drawn up in line with the five year forward view.",
        "five",
        NONE,
    ),
    (2, "point-plan-no-hyphen", "The council published a 10 point plan for the workforce.", "10", NONE),
    (
        2,
        "quoted-name-with-count",
        "Through the ‘3 Conversations’ approach, 410 people were supported without a formal assessment.",
        "3",
        NONE,
    ),
    # near-misses: counts of programmes, models and posts
    (
        2,
        "count-of-programmes",
        "The council ran 4 programmes for carers in 2024.",
        "4",
        claim(value=4, unit="count"),
    ),
    (
        2,
        "count-of-titled-posts",
        "The council employed 12 Local Area Coordinators across the county.",
        "12",
        claim(value=12, unit="count"),
    ),
    (
        2,
        "count-after-quoted-name",
        "Through the ‘3 Conversations’ approach, 410 people were supported without a formal assessment.",
        "410",
        claim(value=410, unit="count"),
    ),
    (
        2,
        "count-of-new-models",
        "It commissioned 3 new models of day support in 2023.",
        "3",
        claim(value=3, unit="count"),
    ),
    # --- 3. scale definitions and denominators --------------------------------------------------
    (
        3,
        "rank-of-comparable-councils",
        "Its rate was the second highest of 14 comparable councils.",
        "14",
        NONE,
    ),
    (
        3,
        "rank-out-of-comparator-authorities",
        "It ranked 3rd out of 15 comparator authorities for reablement.",
        "15",
        NONE,
    ),
    (
        3,
        "among-statistical-neighbours",
        "The borough had the lowest rate among its 16 statistical neighbours.",
        "16",
        NONE,
    ),
    (
        3,
        "placed-among-similar",
        "Wexley was placed 9th among 16 similar councils for direct payments.",
        "16",
        NONE,
    ),
    (
        3,
        "score-of-n-indicates",
        "It had a deprivation score of 4 (where a score of 10 indicates the most deprived).",
        "10",
        NONE,
    ),
    (3, "deciles-run-from-lower", "Deciles run from 1 (most deprived) to 10 (least deprived).", "1", NONE),
    (3, "deciles-run-from-upper", "Deciles run from 1 (most deprived) to 10 (least deprived).", "10", NONE),
    (3, "scale-of-n-to-m", "On a scale of 1 to 5, providers rated the council's support highly.", "5", NONE),
    (
        3,
        "equals-most-deprived",
        "Ashvale is in decile 3 (lower deciles are more deprived; 1 = most deprived).",
        "1",
        NONE,
    ),
    (
        3,
        "of-the-n-councils-before-rank",
        "Of the 151 upper-tier councils, Ashvale ranked 40th for deprivation.",
        "151",
        NONE,
    ),
    (3, "largest-of-regions-n", "Corrowfield is the third largest of the region's 12 councils.", "12", NONE),
    # near-misses: the rank and the score stay, with no comparator
    (
        3,
        "rank-stays-without-comparator",
        "Its rate was the second highest of 14 comparable councils.",
        "second",
        claim(value=2, unit="rank", comparators=[]),
    ),
    (
        3,
        "ordinal-rank-stays",
        "It ranked 3rd out of 15 comparator authorities for reablement.",
        "3rd",
        claim(value=3, unit="rank", comparators=[]),
    ),
    (
        3,
        "rank-after-of-the-n",
        "Of the 151 upper-tier councils, Ashvale ranked 40th for deprivation.",
        "40th",
        claim(value=40, unit="rank"),
    ),
    (
        3,
        "score-beside-anchor",
        "It had a deprivation score of 4 (where a score of 10 indicates the most deprived).",
        "4",
        claim(value=4),
    ),
    # --- 4. anecdotes and relative time ---------------------------------------------------------
    (4, "one-carer-described", "1 carer described how respite had helped them keep working.", "1", NONE),
    (
        4,
        "for-example-n-people-said",
        "For example, 2 people said they had waited months for a call back.",
        "2",
        NONE,
    ),
    (4, "partners-we-spoke-with", "3 partners we spoke with said communication had improved.", "3", NONE),
    (4, "in-one-case", "In one case, 2 sisters caring for their mother were assessed together.", "2", NONE),
    (4, "years-previously", "The restructure some 4 years previously had settled down.", "4", NONE),
    (4, "months-on", "Staff told us that, 18 months on, the new team was working well.", "18", NONE),
    (4, "n-people-told-us", "2 people told us they did not know how to complain.", "2", NONE),
    (4, "years-back", "A decision taken 2 years back had reshaped the front door.", "2", NONE),
    (
        4,
        "last-two-censuses",
        "Between the last two censuses, the number of residents grew by 6.2%.",
        "two",
        NONE,
    ),
    (4, "previous-n-inspections", "The previous 3 inspections had found the same gaps.", "3", NONE),
    (4, "weeks-before-visit", "In the 2 weeks before our visit, the team cleared a backlog.", "2", NONE),
    # near-misses: counts and durations that are quantities
    (
        4,
        "heard-from-n-people",
        "Healthwatch heard from 312 people, and 41% said they were happy with their care.",
        "312",
        claim(value=312, unit="count"),
    ),
    (
        4,
        "average-wait-weeks",
        "People waited on average 3 weeks for an assessment.",
        "3",
        claim(value=3, unit="weeks"),
    ),
    (
        4,
        "count-after-relative-time",
        "Over the last 3 years, 450 carers received a personal budget.",
        "450",
        claim(value=450),
    ),
    (
        4,
        "small-count-waiting",
        "2 people were waiting for a DoLS authorisation in May 2024.",
        "2",
        claim(value=2, unit="count"),
    ),
    (
        4,
        "count-raised-complaints",
        "A total of 7 people raised complaints about the service in 2024.",
        "7",
        claim(value=7),
    ),
    # --- 5. numbers inside a document's name, even mistyped -------------------------------------
    (
        5,
        "mistyped-year-range",
        "The Safeguarding Adults Board Annual Report (203-2024) highlighted self-neglect.",
        "203",
        NONE,
    ),
    (5, "mistyped-first-year", "The Dementia Strategy (202-2025) set out five priorities.", "202", NONE),
    (5, "version-in-brackets", "The Carers' Charter (version 3) was co-produced with carers.", "3", NONE),
    (
        5,
        "short-financial-year",
        "The council's Local Account 22/23 described progress on prevention.",
        "22",
        NONE,
    ),
    (5, "short-year-range", "The Market Sustainability Plan 24-27 was published in 2024.", "24", NONE),
    (
        5,
        "report-short-years",
        "The Learning Disability Partnership Board Report 23/24 was shared with us.",
        "23",
        NONE,
    ),
    (
        5,
        "version-decimal",
        "Practice followed the Adult Social Care Plan (Version 2.1) closely.",
        "2.1",
        NONE,
    ),
    # near-misses: a figure the document reports
    (
        5,
        "figure-after-named-report",
        "The Annual Report (2023-2024) showed 1,210 concerns were raised.",
        "1,210",
        claim(value=1210, unit="count"),
    ),
    (
        5,
        "figure-after-local-account",
        "The council's Local Account 22/23 reported 4,380 people receiving long-term support.",
        "4,380",
        claim(value=4380, unit="count"),
    ),
    (
        5,
        "figure-after-mistyped-report",
        "The Safeguarding Adults Board Annual Report (203-2024) recorded 96 enquiries.",
        "96",
        claim(value=96, unit="count"),
    ),
    # --- 6. fractions written with a slash --------------------------------------------------------
    (
        6,
        "more-than-8-10",
        "More than 8/10 people felt listened to by their social worker.",
        "8/10",
        claim(value=0.8, unit="ratio", qualifier="more than"),
    ),
    (
        6,
        "around-3-4",
        "Around 3/4 of carers said the information they received was clear.",
        "3/4",
        claim(value=0.75, unit="ratio", qualifier="around"),
    ),
    (
        6,
        "spaced-slash",
        "Nearly 9 / 10 people were satisfied with the reablement service.",
        "9 / 10",
        claim(value=0.9, unit="ratio", qualifier="nearly"),
    ),
    (
        6,
        "two-thirds-of",
        "2/3 of respondents had a carer's assessment in the year.",
        "2/3",
        claim(value=2 / 3, unit="ratio"),
    ),
    (
        6,
        "in-n-m-cases",
        "Outcomes were met in 4/5 cases reviewed by the board.",
        "4/5",
        claim(value=0.8, unit="ratio"),
    ),
    (
        6,
        "bare-8-10",
        "8/10 people said staff treated them with dignity.",
        "8/10",
        claim(value=0.8, unit="ratio"),
    ),
    # near-misses the other way: slashes that are no fraction
    (6, "hours-a-week", "The helpline ran 24/7 for people in crisis.", "24", NONE),
    (6, "numeric-date", "The policy was approved on 14/02/2025 by the cabinet.", "14", NONE),
    (
        6,
        "financial-year-slash",
        "In 2023/24, 640 people received a review.",
        "640",
        claim(value=640, unit="count"),
    ),
    # --- 7. a citation that introduces examples carries to them ---------------------------------
    (
        7,
        "for-example-after-citation",
        "Survey results were largely positive (ASCS, 2023-24). For example, 66.1% of people said they felt safe.",
        "66.1%",
        claim(source=(ASCS, "2023-24")),
    ),
    (
        7,
        "example-list-second-item",
        "Survey results were largely positive (ASCS, 2023-24). For example, 66.1% of people said they felt safe; "
        "71.9% of people were satisfied with their care.",
        "71.9%",
        claim(source=(ASCS, "2023-24")),
    ),
    (
        7,
        "the-same-data-showed",
        "Carers' feedback was mixed (SACE, 2023). The same data showed 31.4% of carers had as much social contact as "
        "they would like.",
        "31.4%",
        claim(source=(SACE, "2023")),
    ),
    (
        7,
        "again-continues",
        "Carers' feedback was mixed (SACE, 2023). For instance, 40.2% were satisfied. Again, 44.0% of carers found "
        "it easy to find information.",
        "44.0%",
        claim(source=(SACE, "2023")),
    ),
    (
        7,
        "this-survey-also-found",
        "Feedback from carers was mixed (SACE, 2023). This survey also found that 12.3% of carers felt isolated.",
        "12.3%",
        claim(source=(SACE, "2023")),
    ),
    (
        7,
        "similarly-continues",
        "People were positive about support (ASCS, 2022-2023). Similarly, 62.5% of people felt in control of their "
        "daily life.",
        "62.5%",
        claim(source=(ASCS, "2022-2023")),
    ),
    (
        7,
        "these-figures-also",
        "Most people were satisfied (ASCS, 2024). These figures also showed 19% of people had too little social contact.",
        "19%",
        claim(source=(ASCS, "2024")),
    ),
    (
        7,
        "later-citation-takes-over",
        "People were positive (ASCS, 2023-24). Skills for Care data (2023/24) showed a vacancy rate of 9.2%. "
        "Again, turnover was high at 27.1%.",
        "27.1%",
        claim(source=(SFC, "2023/24")),
    ),
    # near-misses: no carry
    (
        7,
        "paragraph-end-stops",
        "Survey results were largely positive (ASCS, 2023-24).\nFor example, 40% of providers had a vacancy.",
        "40%",
        claim(source=None),
    ),
    (
        7,
        "no-pointer-no-carry",
        "Survey results were largely positive (ASCS, 2023-24). The council spent £2.1m on equipment in the year.",
        "£2.1m",
        claim(source=None),
    ),
    # --- 8. citation forms ------------------------------------------------------------------------
    (
        8,
        "abbreviation-with-bracketed-year-as-subject",
        "Data from SACE (2024) showed 39.5% of carers were satisfied with social services.",
        "39.5%",
        claim(source=(SACE, "2024")),
    ),
    (
        8,
        "ascof-bracketed-year-subject",
        "ASCOF (2023/24) showed 81.0% of older people were still at home 91 days after discharge.",
        "81.0%",
        claim(source=(ASCOF, "2023/24")),
    ),
    (
        8,
        "census-data-from-two-years",
        "Census data from 2011 and 2021 show the share of residents aged 65+ rose to 22%.",
        "22%",
        claim(source=(CENSUS, "2011 and 2021")),
    ),
    (
        8,
        "between-the-last-two-censuses",
        "Between the last two censuses, the number of residents grew by 6.2%.",
        "6.2%",
        claim(source=(CENSUS, None)),
    ),
    (
        8,
        "local-jsna-in-full",
        "The Ashvale Health and Wellbeing JSNA 2022 estimated 14,300 unpaid carers in the borough.",
        "14,300",
        claim(source=("Ashvale Health and Wellbeing JSNA", "2022", False)),
    ),
    (
        8,
        "local-survey-named",
        "According to the Brindlecombe Carers Needs Survey 2024, 37% of carers had no break in the year.",
        "37%",
        claim(source=("Brindlecombe Carers Needs Survey", "2024", False)),
    ),
    (
        8,
        "abbreviation-year-figures",
        "ASCS 2023/24 figures showed 62.4% of people felt safe.",
        "62.4%",
        claim(source=(ASCS, "2023/24")),
    ),
    (
        8,
        "two-censuses-plural",
        "As recorded in the 2011 and 2021 Censuses, the population grew by 7,800.",
        "7,800",
        claim(source=(CENSUS, "2011 and 2021")),
    ),
    (
        8,
        "ons-bracketed-year",
        "Figures from the Office for National Statistics (2022) showed 4.1% of residents were unpaid carers.",
        "4.1%",
        claim(source=(ONS, "2022")),
    ),
    (
        8,
        "local-jsna-with-abbreviation",
        "The Corrowfield Joint Strategic Needs Assessment (JSNA) 2023 found 9.8% of adults were lonely.",
        "9.8%",
        claim(source=("Corrowfield Joint Strategic Needs Assessment", "2023", False)),
    ),
    # --- 9. population totals, however phrased ---------------------------------------------------
    (
        9,
        "population-is-currently",
        "The population is currently 544,210.",
        "544,210",
        claim(measure="pop-total"),
    ),
    (
        9,
        "people-live-in-the-borough",
        "Approximately 298,000 people live in the borough.",
        "298,000",
        claim(measure="pop-total", qualifier="approximately"),
    ),
    (
        9,
        "resident-population-of-millions",
        "Ashvale has a resident population of 1.1 million.",
        "1.1",
        claim(text="1.1 million", value=1100000, measure="pop-total"),
    ),
    (
        9,
        "people-call-home",
        "Around 187,500 people call the district home.",
        "187,500",
        claim(measure="pop-total"),
    ),
    (
        9,
        "stands-at-roughly",
        "Its population stands at roughly 233,000 and is growing.",
        "233,000",
        claim(measure="pop-total"),
    ),
    (
        9,
        "number-living-in-county-estimated-at",
        "The number of people living in the county is estimated at 871,300.",
        "871,300",
        claim(measure="pop-total"),
    ),
    (
        9,
        "home-to-inhabitants",
        "Kingsmere is home to 355,000 inhabitants.",
        "355,000",
        claim(measure="pop-total"),
    ),
    (
        9,
        "recorded-as",
        "The borough's population was recorded as 210,460 in the 2021 census.",
        "210,460",
        claim(measure="pop-total"),
    ),
    # not totals
    (
        9,
        "more-residents-is-a-change",
        "There are now 6,000 more residents aged 65+ than in 2011.",
        "6,000",
        claim(measure=None),
    ),
    (
        9,
        "projection-is-not-now",
        "The population is expected to reach 410,000 by 2035.",
        "410,000",
        claim(measure=None),
    ),
    (
        9,
        "people-in-care-homes",
        "Around 3,000 people live in care homes in the borough.",
        "3,000",
        claim(measure=None),
    ),
    (9, "older-subgroup-count", "There are 48,200 residents aged over 75.", "48,200", claim(measure=None)),
    (
        9,
        "villages-subgroup",
        "Around 12,000 people live in the borough's rural villages.",
        "12,000",
        claim(measure=None),
    ),
    # --- 10. deprivation rank ---------------------------------------------------------------------
    (
        10,
        "rated-n-out-of",
        "Ashvale is rated 131 out of 152 local authorities for deprivation.",
        "131",
        claim(value=131, unit="rank", measure="imd-rank"),
    ),
    (
        10,
        "ranked-ordinal-out-of",
        "On the Index of Multiple Deprivation, the county is ranked 64th out of 153.",
        "64th",
        claim(unit="rank", measure="imd-rank"),
    ),
    (
        10,
        "most-deprived-of-n-areas",
        "It is the 140th most deprived of 151 areas.",
        "140th",
        claim(unit="rank", measure="imd-rank"),
    ),
    (
        10,
        "imd-places",
        "The IMD places the borough 102nd out of 317 districts.",
        "102nd",
        claim(unit="rank", measure="imd-rank"),
    ),
    (
        10,
        "sits-ordinal-of",
        "In terms of deprivation, Dunmere sits 88th of 151 upper-tier councils.",
        "88th",
        claim(unit="rank", measure="imd-rank"),
    ),
    (
        10,
        "positioned-n-of",
        "The district is positioned 201 of 296 on the Index of Multiple Deprivation.",
        "201",
        claim(value=201, unit="rank", measure="imd-rank"),
    ),
    (
        10,
        "most-deprived-local-authority",
        "Fallowgate is the 37th most deprived local authority in England.",
        "37th",
        claim(unit="rank", measure="imd-rank"),
    ),
    (
        10,
        "part-of-the-area-is-no-region",
        "Ashvale has an IMD score of 4 and is rated 52nd out of 151 (1st being most deprived), with more deprivation "
        "in the south of the county.",
        "52nd",
        claim(unit="rank", measure="imd-rank"),
    ),
    # null: a domain, a restatement, a region
    (
        10,
        "rank-within-a-region",
        "Dunmere is the 5th most deprived council in the North East.",
        "5th",
        claim(unit="rank", measure=None),
    ),
    (
        10,
        "domain-rank",
        "It is the 8th most deprived area for employment.",
        "8th",
        claim(unit="rank", measure=None),
    ),
    (
        10,
        "restatement",
        "It is ranked 140th of 151 for deprivation, making it the 12th least deprived.",
        "12th",
        claim(unit="rank", measure=None),
    ),
    (
        10,
        "domain-health",
        "Ashvale is the 5th most deprived for health deprivation and disability.",
        "5th",
        claim(unit="rank", measure=None),
    ),
    # --- 11. age shares ---------------------------------------------------------------------------
    (
        11,
        "ages-bracketed-share-working",
        "Ashvale's residents include adults in ages 18-64 (61.07%) and 65+ (20.15%).",
        "61.07%",
        claim(measure="pop-aged-18-64"),
    ),
    (
        11,
        "ages-bracketed-share-older",
        "Ashvale's residents include adults in ages 18-64 (61.07%) and 65+ (20.15%).",
        "20.15%",
        claim(measure="pop-aged-65-plus"),
    ),
    (
        11,
        "age-breakdown-without-population-word",
        "The area has adults in ages 18-64 (59.2%) and 65+ (22.6%).",
        "22.6%",
        claim(measure="pop-aged-65-plus"),
    ),
    (
        11,
        "bracketed-survey-subgroup",
        "People aged 18-64 (61%) were satisfied with their care.",
        "61%",
        claim(measure=None),
    ),
    (
        11,
        "of-the-population-aged-above",
        "Some 24.3% of the population aged above 65 live in Ashvale.",
        "24.3%",
        claim(measure="pop-aged-65-plus"),
    ),
    (
        11,
        "of-people-aged-plus",
        "Older people make up a smaller share than nationally, with 12.4% of people aged 65+.",
        "12.4%",
        claim(measure="pop-aged-65-plus"),
    ),
    (
        11,
        "account-for-of-residents",
        "Those aged 65 or over account for 19.8% of residents.",
        "19.8%",
        claim(measure="pop-aged-65-plus"),
    ),
    (
        11,
        "working-age-bracketed",
        "Working-age adults (18 to 64) make up 63.2% of the population.",
        "63.2%",
        claim(measure="pop-aged-18-64"),
    ),
    (
        11,
        "children-under-18-form",
        "Children and young people under 18 form 22.5% of the borough's population.",
        "22.5%",
        claim(measure="pop-aged-0-17"),
    ),
    (
        11,
        "older-than-bracketed",
        "Just under a fifth (19.1%) of residents are older than 65.",
        "19.1%",
        claim(measure="pop-aged-65-plus"),
    ),
    (
        11,
        "the-over-65s-account",
        "The over-65s account for 17.6% of the population.",
        "17.6%",
        claim(measure="pop-aged-65-plus"),
    ),
    # null: a service share of an age group, a subgroup, a change
    (
        11,
        "service-share-of-age-group",
        "In 2024, 12.4% of people aged 65+ received reablement.",
        "12.4%",
        claim(measure=None),
    ),
    (
        11,
        "subgroup-75-and-over",
        "The share of residents aged 75 and over (9.1%) is rising.",
        "9.1%",
        claim(measure=None),
    ),
    (
        11,
        "projected-growth",
        "The population aged 65+ is projected to grow by 28% by 2040.",
        "28%",
        claim(measure=None),
    ),
    # --- 12. survey and outcome measures in report wording -------------------------------------
    (
        12,
        "ascof-no-longer-needed",
        "ASCOF data for 2024 showed 81.2% of people who had short-term support no longer needed support.",
        "81.2%",
        claim(measure="ascof-short-term-no-further-support"),
    ),
    (
        12,
        "reported-they-spent-time",
        "Of people using services, 17.3% reported they spent their time doing things they value.",
        "17.3%",
        claim(measure="ascs-time-doing-valued-things"),
    ),
    (
        12,
        "carers-valued-bracketed",
        "The share of carers able to spend time doing things they valued (14.0%) was low.",
        "14.0%",
        claim(measure="sace-carer-time-doing-valued-things"),
    ),
    (
        12,
        "local-authority-budget",
        "In 2023/2024, 31% of the local authority's budget was spent on adult social care.",
        "31%",
        claim(measure="asc-budget-share"),
    ),
    (
        12,
        "local-authority-budget-curly",
        "In 2023/2024, 29% of the local authority’s budget was spent on adult social care.",
        "29%",
        claim(measure="asc-budget-share"),
    ),
    (
        12,
        "bulleted-long-term-count",
        "• Approximately 9,870 people were accessing long-term adult social care support.",
        "9,870",
        claim(measure="asc-long-term-support-count"),
    ),
    (
        12,
        "remained-at-home-91-days",
        "Some 88.1% of older people remained at home 91 days after leaving hospital.",
        "88.1%",
        claim(measure="ascof-at-home-91-days"),
    ),
    (
        12,
        "learning-disability-paid-work",
        "Of adults with a learning disability, 4.9% were in paid work.",
        "4.9%",
        claim(measure="ascof-learning-disability-paid-employment"),
    ),
    (
        12,
        "direct-payments-were-used-by",
        "Direct payments were used by 29.4% of people receiving community support.",
        "29.4%",
        claim(measure="ascof-direct-payments"),
    ),
    (
        12,
        "accounted-for-total-budget",
        "Adult social care accounted for 38.2% of the council's total budget.",
        "38.2%",
        claim(measure="asc-budget-share"),
    ),
    (
        12,
        "information-easy-to-find",
        "In all, 68.0% of people who use services found information about support easy to find.",
        "68.0%",
        claim(measure="ascs-easy-to-find-information"),
    ),
    (
        12,
        "carers-very-satisfied",
        "Among carers, 27.7% said they were extremely or very satisfied with the support they got.",
        "27.7%",
        claim(measure="sace-carer-satisfied"),
    ),
    # null: the opposite answer, an audit
    (
        12,
        "did-not-feel-safe",
        "Some 12% of people who use services said they did not feel safe.",
        "12%",
        claim(measure=None),
    ),
    (
        12,
        "audited-direct-payments",
        "In 2024, 27% of direct payments were audited.",
        "27%",
        claim(measure=None),
    ),
    # --- 13. a document's parts numbered with dots: the whole number is the label ----------
    (13, "paragraph-dotted", "Paragraph 6.4 of the strategy sets out how reviews are planned.", "6.4", NONE),
    (13, "section-dotted-lower", "As section 4.2 of the plan says, 312 people had a review.", "4.2", NONE),
    (
        13,
        "section-dotted-count-stays",
        "As section 4.2 of the plan says, 312 people had a review.",
        "312",
        claim(value=312, unit="count"),
    ),
    (13, "figure-dotted", "Figure 3.1 shows that 27.5% of carers were satisfied.", "3.1", NONE),
    (
        13,
        "figure-dotted-share-stays",
        "Figure 3.1 shows that 27.5% of carers were satisfied.",
        "27.5%",
        claim(value=27.5, unit="percent"),
    ),
    (13, "standard-three-parts", "Under Standard 2.3.1, providers must report every incident.", "2.3", NONE),
    (13, "table-dotted", "Table 5.2 lists the 14 care homes in Easterby rated good.", "5.2", NONE),
    (
        13,
        "appendix-then-share",
        "Appendix 2 shows 4.6% of adults were waiting for a review.",
        "4.6%",
        claim(value=4.6, unit="percent"),
    ),
    (
        13,
        "in-paragraph-dotted",
        "In paragraph 3.12, the council reported 1,240 contacts a month.",
        "3.12",
        NONE,
    ),
    # --- 14. staffing ratios that name a kind of care: "1:1 support" counts nothing ----------
    (14, "one-to-one-support", "People could have 1:1 support from a personal assistant.", "1", NONE),
    (14, "two-to-one-care", "Three people needed 2:1 care at home after discharge.", "2", NONE),
    (14, "basis", "Reviews were held on a 1:1 basis where people asked for it.", "1", NONE),
    (14, "spaced-ratio", "The day centre offered 1 : 1 sessions for autistic adults.", "1", NONE),
    (14, "ratio-visits", "Around 40 packages included 2:1 visits twice a day.", "2", NONE),
    (
        14,
        "ratio-count-stays",
        "Around 40 packages included 2:1 visits twice a day.",
        "40",
        claim(value=40, unit="count", qualifier="around"),
    ),
    (
        14,
        "ratio-share-stays",
        "Of people with 1:1 support, 64.2% said they felt in control.",
        "64.2%",
        claim(value=64.2, unit="percent"),
    ),
    (14, "supervision", "Staff said 1:1 supervision happened monthly.", "1", NONE),
    # --- 15. a year range ends in a year; a value after "in 2023 to" is a value ------------------
    (
        15,
        "fell-from-to-days",
        "Waits fell from 63 days in 2023 to 37 days in 2025.",
        "37",
        claim(value=37, unit="days", comparators=["63"]),
    ),
    (
        15,
        "rose-to-people",
        "Referrals rose from 210 in 2022 to 305 people in 2024.",
        "305",
        claim(value=305, unit="count", comparators=["210"]),
    ),
    (
        15,
        "to-percent",
        "Uptake went from 41% in 2023 to 52% this year.",
        "52%",
        claim(value=52, unit="percent", comparators=["41%"]),
    ),
    (15, "range-two-digits", "The plan for 2023 to 25 was agreed by the board.", "25", NONE),
    (15, "range-four-digits", "The strategy runs from 2024 to 2027 across the county.", "2027", NONE),
    (15, "range-hyphen", "In 2023-24, 1,415 people were reviewed.", "24", NONE),
    (
        15,
        "range-hyphen-count-stays",
        "In 2023-24, 1,415 people were reviewed.",
        "1,415",
        claim(value=1415, unit="count"),
    ),
    (15, "range-sentence-end", "Spending was lower in 2023 to 24.", "24", NONE),
    # --- 16. the length of a ranked list: "the top 3 reasons" counts nothing -------------------
    (
        16,
        "top-reasons",
        "The top 3 reasons for contact were falls, carer breakdown and discharge.",
        "3",
        NONE,
    ),
    (16, "its-top", "Its top 5 priorities were agreed with carers in the spring.", "5", NONE),
    (16, "most-common", "The 4 most common causes of delay were staffing and funding.", "4", NONE),
    (16, "main", "Carers named the 3 main barriers to getting a break.", "3", NONE),
    (16, "top-ten-areas", "Most of the top 10 areas for demand were in the north.", "10", NONE),
    (
        16,
        "top-share-stays",
        "Of the top 3 reasons, falls made up 42.5% of contacts.",
        "42.5%",
        claim(value=42.5, unit="percent"),
    ),
    (16, "top-band-is-a-band", "Ashdown is among the top 10% most deprived areas in England.", "10%", NONE),
    (
        16,
        "count-after-top-stays",
        "The top team reviewed 120 cases in the quarter.",
        "120",
        claim(value=120, unit="count"),
    ),
    # (class 12, written after the list) the short-term support outcome with its need as a noun
    (
        12,
        "no-further-need-noun",
        "Of people who had short-term support, 84.1% had no further need for services.",
        "84.1%",
        claim(value=84.1, unit="percent", measure="ascof-short-term-no-further-support"),
    ),
    (
        12,
        "no-further-request",
        "After reablement, 79.6% made no further request for support (ASCOF 2023/24).",
        "79.6%",
        claim(value=79.6, unit="percent", measure="ascof-short-term-no-further-support"),
    ),
    (
        12,
        "go-on-to-need",
        "Around 81% of short-term support users did not go on to need long-term care.",
        "81%",
        claim(value=81, unit="percent", measure="ascof-short-term-no-further-support"),
    ),
    (
        12,
        "no-further-need-without-context",
        "Of the 300 people reviewed, 12% had no further need for services.",
        "12%",
        claim(value=12, unit="percent", measure=None),
    ),
    # --- 17. an average or a target is a level: it goes with the level, not a change beside it --
    (
        17,
        "fell-down-points-national",
        "Satisfaction fell to 33.4%, down 4.1 percentage points, and below the national figure of 36.3%.",
        "33.4%",
        claim(value=33.4, unit="percent", comparators=["36.3%"]),
    ),
    (
        17,
        "change-keeps-no-average",
        "Satisfaction fell to 33.4%, down 4.1 percentage points, and below the national figure of 36.3%.",
        "4.1",
        claim(value=4.1, unit="percent", comparators=[]),
    ),
    (
        17,
        "rose-up-points-england",
        "Uptake rose to 58%, up 6 percentage points, above the England average of 52%.",
        "58%",
        claim(value=58, unit="percent", comparators=["52%"]),
    ),
    (
        17,
        "points-target",
        "Reviews on time reached 81.5%, an increase of 3.2 percentage points, against a target of 90%.",
        "81.5%",
        claim(value=81.5, unit="percent", comparators=["90%"]),
    ),
    (
        17,
        "points-regional",
        "The rate was 12.1%, 1.5 percentage points lower than a year before and below the regional average of 14.0%.",
        "12.1%",
        claim(value=12.1, unit="percent", comparators=["14.0%"]),
    ),
    (
        17,
        "level-alone-stays",
        "Of carers, 29.3% felt they had enough contact, similar to the England average of 30.0%.",
        "29.3%",
        claim(value=29.3, unit="percent", comparators=["30.0%"]),
    ),
    (
        17,
        "points-alone-keeps-average",
        "The gap to the England average of 5 percentage points was 2 points wider.",
        "2",
        claim(value=2),
    ),
    (
        17,
        "comparable-level",
        "Some 64% of people were satisfied, 2 percentage points more than last year and above comparable councils at 61%.",
        "64%",
        claim(value=64, unit="percent", comparators=["61%"]),
    ),
    # (class 9, written after the list) a part of the area, or a subgroup given with its share
    (
        9,
        "town-subject-has-population",
        "The largest town, Marlbury, has a population of 64,000.",
        "64,000",
        claim(value=64000, unit="count", measure=None),
    ),
    (
        9,
        "ward-subject-population",
        "Each ward, on average, has a resident population of 11,500.",
        "11,500",
        claim(value=11500, unit="count", measure=None),
    ),
    (
        9,
        "residents-or-share",
        "Around 28,900 residents, or 11%, provide unpaid care.",
        "28,900",
        claim(value=28900, unit="count", measure=None),
    ),
    (
        9,
        "residents-bracket-share",
        "Some 9,400 residents (3.6%) were born outside the UK.",
        "9,400",
        claim(value=9400, unit="count", measure=None),
    ),
    (
        9,
        "borough-has-population-stays",
        "The borough has a population of 264,000 people.",
        "264,000",
        claim(value=264000, unit="count", measure="pop-total"),
    ),
]

# A second round, written after the recognisers above were fixed and run once before any change
# (held out: its first score measures the recognisers on forms they were not written beside).
HELD_OUT = [
    (1, "h-aged-n-or-above", "Residents aged 85 or above are more likely to live alone.", "85", NONE),
    (1, "h-hyphen-to-band", "Support was aimed at people in the 16-to-25 age range.", "16", NONE),
    (1, "h-ages-of-n-and-m", "The plan covers adults between the ages of 18 and 64.", "64", NONE),
    (1, "h-over-n-after-ratio", "One in three people over 80 had a fall in the year.", "80", NONE),
    (
        1,
        "h-band-in-bracket-noun",
        "Carers in the 18 – 24 bracket were the least likely to ask for help.",
        "18",
        NONE,
    ),
    (
        1,
        "h-aged-between-words",
        "Those aged between fifty and sixty-four were invited to health checks.",
        "fifty",
        NONE,
    ),
    (
        1,
        "h-over-n-people-is-a-count",
        "Over 65 people attended the carers' event in June 2024.",
        "65",
        claim(value=65, unit="count", qualifier="over"),
    ),
    (
        1,
        "h-ratio-beside-age",
        "One in three people over 80 had a fall in the year.",
        "One in three",
        claim(value=1 / 3, unit="ratio"),
    ),
    (2, "h-quoted-words", "The council's ‘Three Rs’ approach shaped reviews.", "Three", NONE),
    (2, "h-rs-framework", "Teams used the 5 Rs framework when planning discharges.", "5", NONE),
    (
        2,
        "h-year-plan-title",
        "Under its 10 Year Plan for adult social care, the council set out its aims.",
        "10",
        NONE,
    ),
    (2, "h-lenses-tool", "Social workers applied the 3 Lenses tool in supervision.", "3", NONE),
    (2, "h-stage-pathway", "A 4 stage pathway guided people leaving hospital.", "4", NONE),
    (
        2,
        "h-drop-in-sessions",
        "The council ran 6 drop-in sessions for carers in May 2024.",
        "6",
        claim(value=6, unit="count"),
    ),
    (
        2,
        "h-strategy-workshops",
        "It held 3 strategy workshops with providers.",
        "3",
        claim(value=3, unit="count"),
    ),
    (3, "h-of-the-n-in-group", "Ashvale came 7th of the 16 councils in its comparator group.", "16", NONE),
    (
        3,
        "h-fifth-lowest-rate-of-the",
        "It has the fifth lowest rate of the 12 authorities in the region.",
        "12",
        NONE,
    ),
    (3, "h-scores-range-from", "Scores range from 0 to 24, higher being better.", "24", NONE),
    # (written as not a claim; judged wrong on reading MEASURES.md: "IMD decile 4" is the area's
    # decile, the imd-decile measure, so "decile 1" restating it is a value)
    (
        3,
        "h-decile-label",
        "Ashvale is in the most deprived decile (decile 1) of councils.",
        "1",
        claim(value=1),
    ),
    (3, "h-bracketed-out-of", "It has a rank of 98 (out of 151) for deprivation.", "151", NONE),
    (
        3,
        "h-councils-took-part",
        "In all, 14 councils took part in the regional peer review.",
        "14",
        claim(value=14, unit="count"),
    ),
    (4, "h-two-carers-told-us", "Two carers told us respite was hard to book.", "Two", NONE),
    (4, "h-people-we-met-described", "4 people we met described long waits for equipment.", "4", NONE),
    (
        4,
        "h-in-one-instance",
        "In one instance, 3 providers raised the same concern about payments.",
        "3",
        NONE,
    ),
    (4, "h-weeks-into", "The review took place 5 weeks into the placement.", "5", NONE),
    (4, "h-months-down-the-line", "Six months down the line, the new team was settled.", "Six", NONE),
    (
        4,
        "h-five-people-waiting",
        "5 people were waiting more than 6 months for an assessment.",
        "5",
        claim(value=5, unit="count"),
    ),
    (
        5,
        "h-mistyped-statement",
        "The Adults Market Position Statement (204-2027) was refreshed.",
        "204",
        NONE,
    ),
    (
        5,
        "h-strategic-plan-short",
        "The Safeguarding Adults Board Strategic Plan 23-26 sets three aims.",
        "23",
        NONE,
    ),
    (5, "h-action-plan-slash", "The Carers Action Plan 24/25 was co-produced.", "24", NONE),
    (
        5,
        "h-figure-after-strategy",
        "The Carers Strategy 2022-27 was shaped by 300 carers.",
        "300",
        claim(value=300, unit="count"),
    ),
    (
        6,
        "h-6-10-carers",
        "Around 6/10 carers said they had a break from caring.",
        "6/10",
        claim(value=0.6, unit="ratio"),
    ),
    (
        6,
        "h-spaced-1-4",
        "Only 1 / 4 people knew how to raise a safeguarding concern.",
        "1 / 4",
        claim(value=0.25, unit="ratio"),
    ),
    (6, "h-date-short", "The policy took effect on 3/4/2024 across the county.", "3", NONE),
    (
        6,
        "h-out-of-ten",
        "Seven out of 10 people said staff respected their choices.",
        "Seven",
        claim(value=0.7, unit="ratio", text="Seven out of 10"),
    ),
    (
        7,
        "h-likewise",
        "Carers were less positive (SACE, 2023). Likewise, 33% of carers said they had no break.",
        "33%",
        claim(source=(SACE, "2023")),
    ),
    (
        7,
        "h-for-example-colon",
        "Results were strong (ASCS 2023/24). For example: 70.1% of people felt safe.",
        "70.1%",
        claim(source=(ASCS, "2023/24")),
    ),
    (
        7,
        "h-in-particular",
        "Results were strong (ASCS, 2024). In particular, 45% of people felt in control.",
        "45%",
        claim(source=(ASCS, "2024")),
    ),
    (
        7,
        "h-the-survey-also",
        "People were positive (ASCS, 2024). The survey also showed 61% had enough choice.",
        "61%",
        claim(source=(ASCS, "2024")),
    ),
    (
        7,
        "h-own-data-is-not-carried",
        "People were positive (ASCS, 2024). Again, the council's own data showed 40% of reviews were late.",
        "40%",
        claim(source=None),
    ),
    (
        8,
        "h-salt-bracketed-year",
        "According to SALT (2023-24), 1,240 people received short-term support.",
        "1,240",
        claim(source=("Short and Long-Term Support", "2023-24")),
    ),
    (
        8,
        "h-skills-for-care-bracketed",
        "Skills for Care (2024) estimated a turnover rate of 29%.",
        "29%",
        claim(source=(SFC, "2024")),
    ),
    (
        8,
        "h-two-censuses-lowercase",
        "Data from the 2011 and 2021 censuses show 7% more residents.",
        "7%",
        claim(source=(CENSUS, "2011 and 2021")),
    ),
    (
        8,
        "h-local-jsna-comma-date",
        "The Brindlecombe Joint Strategic Needs Assessment, 2022, noted 9% of adults were carers.",
        "9%",
        claim(source=("Brindlecombe Joint Strategic Needs Assessment", "2022", False)),
    ),
    (
        9,
        "h-is-just-over",
        "Ashvale's population is just over 300,000.",
        "300,000",
        claim(measure="pop-total"),
    ),
    (
        9,
        "h-live-across",
        "An estimated 412,300 people live across the district.",
        "412,300",
        claim(measure="pop-total"),
    ),
    (
        9,
        "h-home-to-people",
        "Home to around 190,000 people, the borough is largely rural.",
        "190,000",
        claim(measure="pop-total"),
    ),
    (
        9,
        "h-extra-care",
        "Around 2,100 people live in extra care housing in the county.",
        "2,100",
        claim(measure=None),
    ),
    (
        9,
        "h-largest-town",
        "The population of the district's largest town is 48,000.",
        "48,000",
        claim(measure=None),
    ),
    (
        10,
        "h-ranks-ordinal-on",
        "Corrowfield ranks 201st of 317 districts on deprivation.",
        "201st",
        claim(unit="rank", measure="imd-rank"),
    ),
    (
        10,
        "h-imd-year-most-deprived-of",
        "In the IMD 2019, Ashvale was the 45th most deprived of 151 upper-tier authorities.",
        "45th",
        claim(unit="rank", measure="imd-rank"),
    ),
    (
        10,
        "h-domain-crime",
        "It is the 30th most deprived for crime.",
        "30th",
        claim(unit="rank", measure=None),
    ),
    (
        10,
        "h-carers-rank-of-comparable",
        "Ashvale has the 3rd highest rate of unpaid carers of 14 comparable councils.",
        "3rd",
        claim(unit="rank", measure=None),
    ),
    (
        11,
        "h-make-up-of-population",
        "Residents aged 65+ make up 21.4% of Ashvale's population.",
        "21.4%",
        claim(measure="pop-aged-65-plus"),
    ),
    (
        11,
        "h-share-of-children-is",
        "The share of children under 18 is 19.7%.",
        "19.7%",
        claim(measure="pop-aged-0-17"),
    ),
    (
        11,
        "h-over-65s-bracketed",
        "Ashvale has a higher proportion of over-65s (24.1%) than England (18.7%).",
        "24.1%",
        claim(measure="pop-aged-65-plus"),
    ),
    (
        11,
        "h-falls-of-older-people",
        "Some 12% of people aged 65 and over had a fall in the year.",
        "12%",
        claim(measure=None),
    ),
    (
        11,
        "h-85-plus-share",
        "The proportion of residents aged 85+ (3.2%) is rising.",
        "3.2%",
        claim(measure=None),
    ),
    (
        12,
        "h-still-at-home-later",
        "Some 71% of older people receiving reablement were still at home 91 days later.",
        "71%",
        claim(measure="ascof-at-home-91-days"),
    ),
    (
        12,
        "h-receive-direct-payments",
        "The proportion of people who receive direct payments was 30.1%.",
        "30.1%",
        claim(measure="ascof-direct-payments"),
    ),
    (
        12,
        "h-carers-contact-wanted",
        "Among carers, 18.2% had as much social contact as they wanted.",
        "18.2%",
        claim(measure="sace-carer-social-contact"),
    ),
    (
        12,
        "h-vacancies-stood-at",
        "Vacancies in adult social care stood at 8.4% in 2024.",
        "8.4%",
        claim(measure="sfc-vacancy-rate"),
    ),
    (
        12,
        "h-own-vacancy-rate",
        "The council's own vacancy rate was 12% in March 2024.",
        "12%",
        claim(measure=None),
    ),
]

# A third round, aimed at the recognisers added for this issue: near-misses each of them might
# wrongly take (numbers that must stay claims, measures that must stay null), written after the
# second round was fixed and run once before any change.
ROUND_3 = [
    (
        1,
        "r3-bracket-count-after-people",
        "Adults (45) and carers (30) answered the council's survey.",
        "45",
        claim(value=45, unit="count"),
    ),
    (
        1,
        "r3-from-n-services",
        "Referrals came from 18 services across the county.",
        "18",
        claim(value=18, unit="count"),
    ),
    (1, "r3-plus-before-noun", "The team handled 80+ referrals a month in 2024.", "80", claim(value=80)),
    (
        1,
        "r3-bracket-count-then-age",
        "Carers (under 18) numbered 420 in 2024.",
        "420",
        claim(value=420, unit="count"),
    ),
    (
        2,
        "r3-priorities-in-its-plan",
        "The council set out 4 key priorities in its plan.",
        "4",
        claim(value=4, unit="count"),
    ),
    (
        2,
        "r3-staff-on-the-model",
        "It trained 150 staff on the model in 2024.",
        "150",
        claim(value=150, unit="count"),
    ),
    (
        2,
        "r3-care-homes-in-pathway",
        "There were 12 care homes in the discharge pathway.",
        "12",
        claim(value=12, unit="count"),
    ),
    (
        2,
        "r3-quoted-target-then-share",
        "Its ‘2 weeks’ target was met in 71% of cases.",
        "71%",
        claim(value=71),
    ),
    (
        3,
        "r3-highest-rate-of-value",
        "It had the highest rate of 52 per 100,000 in the region.",
        "52",
        claim(value=52, unit="per_100k"),
    ),
    (
        3,
        "r3-among-people-referred",
        "Among the 320 people referred, 41% were supported at home.",
        "320",
        claim(value=320, unit="count"),
    ),
    (
        3,
        "r3-of-the-people-waiting",
        "Of the 412 people waiting, 120 had waited over 6 months.",
        "412",
        claim(value=412, unit="count"),
    ),
    (
        3,
        "r3-spender-among-similar",
        "It was the lowest spender among 16 similar councils at £312 per head.",
        "16",
        NONE,
    ),
    (
        4,
        "r3-three-supported-into-work",
        "Just 3 people were supported into paid employment.",
        "3",
        claim(value=3, unit="count"),
    ),
    (
        4,
        "r3-twenty-carers-said",
        "In the council's engagement, 20 carers said they lacked breaks.",
        "20",
        claim(value=20, unit="count"),
    ),
    (
        4,
        "r3-two-people-died",
        "2 people had died while waiting for a review.",
        "2",
        claim(value=2, unit="count"),
    ),
    (
        4,
        "r3-weeks-on-average",
        "People waited 6 weeks on average for an OT assessment.",
        "6",
        claim(value=6, unit="weeks"),
    ),
    (
        5,
        "r3-money-after-plan",
        "The Better Care Fund Plan (2023-25) included £4.2m for carers.",
        "£4.2m",
        claim(value=4200000, unit="gbp"),
    ),
    (
        5,
        "r3-in-its-annual-report",
        "In its Annual Report, 96 enquiries were recorded.",
        "96",
        claim(value=96, unit="count"),
    ),
    (
        6,
        "r3-two-thirds-of-reviews",
        "Outcomes were fully met in 2/3 of reviews.",
        "2/3",
        claim(value=2 / 3, unit="ratio"),
    ),
    (6, "r3-stars-is-a-score", "Providers gave the service 4 out of 5 stars.", "4", claim(value=4)),
    (
        7,
        "r3-money-example-not-survey",
        "Survey results were positive (ASCS, 2024). For example, the council spent £2.1m on equipment.",
        "£2.1m",
        claim(source=None),
    ),
    (
        7,
        "r3-carry-needs-opener-at-start",
        "Survey results were positive (ASCS, 2024). Staff said that, for example, 12 people were waiting.",
        "12",
        claim(source=None),
    ),
    (
        9,
        "r3-residents-who-are-carers",
        "An estimated 31,000 residents provide unpaid care.",
        "31,000",
        claim(measure=None),
    ),
    (
        9,
        "r3-live-in-boroughs-care-homes",
        "Around 5,000 people live in the borough's care homes.",
        "5,000",
        claim(measure=None),
    ),
    (
        9,
        "r3-older-population-count",
        "The county's population aged 65+ is 190,400.",
        "190,400",
        claim(measure=None),
    ),
    (
        10,
        "r3-rank-among-comparators",
        "It ranked 4th of 16 comparator councils for deprivation.",
        "4th",
        claim(unit="rank", measure=None),
    ),
    (11, "r3-live-alone", "Some 12.4% of people aged 65+ live alone.", "12.4%", claim(measure=None)),
    (
        11,
        "r3-proportion-who-receive",
        "The proportion of people aged 65+ who receive home care is 4.1%.",
        "4.1%",
        claim(measure=None),
    ),
    (
        11,
        "r3-made-up-of-people-supported",
        "Those aged 65 and over made up 20% of people supported.",
        "20%",
        claim(measure=None),
    ),
    (
        12,
        "r3-did-not-feel-in-control",
        "Some 23% of people said they did not have control over their daily life.",
        "23%",
        claim(measure=None),
    ),
]

# A fourth round, mixed (new forms and near-misses), written after round 3 was fixed and run once
# before any change.
ROUND_4 = [
    (1, "r4-and-over-group", "Of residents, 8.9% are in the 85-and-over group.", "85", NONE),
    (1, "r4-bracket-and-over", "Older adults (65 and over) were 18.2% of the population.", "65", NONE),
    (1, "r4-age-bracket", "People in the 75 to 84 age bracket made up 6% of residents.", "84", NONE),
    (
        1,
        "r4-over-n-months-count",
        "Over 18 months, 240 people were supported to return home.",
        "240",
        claim(value=240),
    ),
    (
        1,
        "r4-bracket-over-large-count",
        "Carers (over 300) attended the council's listening events.",
        "300",
        claim(value=300, qualifier="over"),
    ),
    (2, "r4-point-action-plan", "Leaders adopted a ten point action plan for the front door.", "ten", NONE),
    (2, "r4-week-reablement-offer", "Everyone leaving hospital had an 8 week reablement offer.", "8", NONE),
    (
        2,
        "r4-area-plans-count",
        "The council has 3 area plans for its localities.",
        "3",
        claim(value=3, unit="count"),
    ),
    (3, "r4-lowest-and-highest", "It had a score of 2, where 1 is the lowest and 4 the highest.", "4", NONE),
    (
        3,
        "r4-lowest-among-the-n",
        "It was the fourth lowest among the 12 London boroughs for delays.",
        "12",
        NONE,
    ),
    (
        3,
        "r4-rank-among-the-n",
        "It was the fourth lowest among the 12 London boroughs for delays.",
        "fourth",
        claim(value=4, unit="rank", comparators=[]),
    ),
    (
        4,
        "r4-family-members-we-spoke-to",
        "2 family members we spoke to said the service was flexible.",
        "2",
        NONE,
    ),
    (4, "r4-years-after", "Three years after the service was redesigned, waits were shorter.", "Three", NONE),
    (4, "r4-months-later", "Five months later, a new provider was found.", "Five", NONE),
    (
        4,
        "r4-carers-assessed-count",
        "2 carers were assessed in the week before our visit.",
        "2",
        claim(value=2, unit="count"),
    ),
    (
        5,
        "r4-board-report-short-range",
        "The Safeguarding Adults Board Annual Report 22-23 set out its priorities.",
        "22",
        NONE,
    ),
    (
        5,
        "r4-count-after-report-years",
        "The Annual Report 2023-24 recorded 1,310 concerns.",
        "1,310",
        claim(value=1310),
    ),
    (5, "r4-statement-range", "The Market Position Statement 2025–28 describes the care market.", "28", NONE),
    (
        6,
        "r4-third-of-carers",
        "1/3 of carers said they had no support at all.",
        "1/3",
        claim(value=1 / 3, unit="ratio"),
    ),
    (
        6,
        "r4-spaced-four-fifths",
        "About 4 / 5 of providers had a good rating.",
        "4 / 5",
        claim(value=0.8, unit="ratio"),
    ),
    (6, "r4-date-day-month", "The board met on 1/4/2025 to agree the plan.", "1", NONE),
    (
        7,
        "r4-these-results-also",
        "Carers were mixed (SACE, 2023-24). These results also showed 28% had no break.",
        "28%",
        claim(source=(SACE, "2023-24")),
    ),
    (
        7,
        "r4-of-these",
        "Most people answered (ASCS, 2024). Of these, 61% said they were satisfied.",
        "61%",
        claim(source=(ASCS, "2024")),
    ),
    (
        7,
        "r4-by-comparison",
        "Users were positive (ASCS 2023/24). By comparison, 58% of carers felt safe.",
        "58%",
        claim(source=None),
    ),
    (
        7,
        "r4-in-addition-no-carry",
        "Users were positive (ASCS, 2024). In addition, the council supported 1,200 people.",
        "1,200",
        claim(source=None),
    ),
    (
        8,
        "r4-the-ascs-bracketed",
        "Data from the ASCS (2023) showed 62% of people felt safe.",
        "62%",
        claim(source=(ASCS, "2023")),
    ),
    (
        8,
        "r4-salt-return-for",
        "The SALT return for 2023/24 showed 3,400 people had short-term support.",
        "3,400",
        claim(source=("Short and Long-Term Support", "2023/24")),
    ),
    (
        9,
        "r4-resident-population-stands",
        "The district's resident population stands at 143,200.",
        "143,200",
        claim(measure="pop-total"),
    ),
    (
        9,
        "r4-people-living-in-county",
        "There are around 612,000 people living in the county.",
        "612,000",
        claim(measure="pop-total"),
    ),
    (
        9,
        "r4-county-care-homes",
        "Around 4,500 people live in the county's care homes.",
        "4,500",
        claim(measure=None),
    ),
    (
        10,
        "r4-rank-colon",
        "IMD rank: 88th of 151 upper-tier councils.",
        "88th",
        claim(unit="rank", measure="imd-rank"),
    ),
    (
        10,
        "r4-ward-in-borough",
        "The town centre is the 2nd most deprived ward in the borough.",
        "2nd",
        claim(unit="rank", measure=None),
    ),
    (
        11,
        "r4-residents-aged-or-over",
        "Some 19.7% of residents are aged 65 or over.",
        "19.7%",
        claim(measure="pop-aged-65-plus"),
    ),
    (11, "r4-carers-aged-65", "Around 18% of carers are aged 65+.", "18%", claim(measure=None)),
    (
        12,
        "r4-reported-feeling-safe",
        "Some 69% of people who use services reported feeling safe.",
        "69%",
        claim(measure="ascs-feel-safe"),
    ),
    # (written with the breaks measure; re-judged on reading MEASURES.md: that measure is carers
    # accessing support or services that give them a break, and being able to take a break at all
    # is another question: null, precision first)
    (
        12,
        "r4-break-from-caring",
        "Only 11.5% of carers had been able to take a break from caring.",
        "11.5%",
        claim(measure=None),
    ),
    (
        12,
        "r4-reablement-after-hospital",
        "Some 3.1% of older people received reablement after leaving hospital.",
        "3.1%",
        claim(measure="ascof-reablement-offered"),
    ),
    (
        12,
        "r4-not-satisfied",
        "Some 40% of carers were not satisfied with social services.",
        "40%",
        claim(measure=None),
    ),
]

# Cases that still fail: known weaknesses, each one strict (a fix makes it pass and fails here).
XFAIL: set[str] = {
    "h-home-to-people",
    "comparable-level",  # "above comparable councils at 61%": no cue reads "<group> at N" yet
}


def _run(text: str):
    document = Document(text_length=len(text), overall=Overall())
    claims, trace = decisions(text, document, "0" * 64)
    return assign_measures(text, claims), trace


def _position(text: str, number: str, nth: int) -> int:
    at = -1
    for _ in range(nth + 1):
        at = text.index(number, at + 1)
    return at


def problem(case) -> str | None:
    """None when the case holds, else a line saying what went wrong and where."""
    cls, name, text, number, want = case[:5]
    nth = case[5] if len(case) > 5 else 0
    start = _position(text, number, nth)
    end = start + len(number)
    claims, trace = _run(text)
    around = repr(text[max(0, start - 40) : start] + "⟦" + text[start:end] + "⟧" + text[end : end + 40])
    rules = (
        ", ".join(f"{d.text!r}:{d.role}/{d.rule}" for d in trace if d.start < end and d.end > start)
        or "no rule"
    )
    covering = [c for c in claims if c.start < end and c.end > start]
    covering_comp = [k for c in claims for k in c.comparators if k.start < end and k.end > start]
    if want["fate"] == "none":
        if covering or covering_comp:
            found = [f"claim {c.text!r}" for c in covering] + [
                f"comparator {k.text!r} ({k.kind})" for k in covering_comp
            ]
            return f"{around}: expected no value, found {found} [{rules}]"
        return None
    at = [c for c in claims if c.start == start]
    if not at:
        return f"{around}: expected a claim, found {[c.text for c in covering] or 'none'} [{rules}]"
    got = at[0]
    checks = [("text", want.get("text", number), got.text)]
    for key in ("value", "unit", "qualifier", "measure"):
        if key in want:
            checks.append((key, want[key], getattr(got, key)))
    if "comparators" in want:
        checks.append(("comparators", want["comparators"], [k.text for k in got.comparators]))
    if "source" in want:
        expected = want["source"]
        found = (
            None
            if got.source is None
            else (got.source.name, got.source.date)
            + ((got.source.known,) if expected is not None and len(expected) == 3 else ())
        )
        checks.append(("source", expected, found))
    wrong = []
    for key, expected, found in checks:
        same = found == pytest.approx(expected) if key == "value" else found == expected
        if not same:
            wrong.append(f"{key} {found!r} (want {expected!r})")
    return f"{around}: " + "; ".join(wrong) + f" [{rules}]" if wrong else None


def _param(case):
    marks = [pytest.mark.xfail(strict=True, reason="known weakness")] if case[1] in XFAIL else []
    return pytest.param(case, id=f"{case[0]}-{case[1]}", marks=marks)


def test_case_ids_are_unique_and_classes_have_eight():
    ids = [case[1] for case in CASES + HELD_OUT + ROUND_3 + ROUND_4]
    assert len(ids) == len(set(ids)), [i for i in ids if ids.count(i) > 1]
    per_class = Counter(case[0] for case in CASES)
    assert all(per_class[k] >= 8 for k in CLASSES), per_class
    assert XFAIL <= set(ids), XFAIL - set(ids)


@pytest.mark.parametrize("case", [_param(case) for case in CASES + HELD_OUT + ROUND_3 + ROUND_4])
def test_unseen_wording(case):
    wrong = problem(case)
    assert wrong is None, wrong


def score(cases=None) -> dict[int, tuple[int, int]]:
    """Class -> (cases passing, cases)."""
    out: dict[int, list[int]] = {k: [0, 0] for k in CLASSES}
    for case in CASES if cases is None else cases:
        out[case[0]][1] += 1
        out[case[0]][0] += problem(case) is None
    return {k: (v[0], v[1]) for k, v in out.items()}


if __name__ == "__main__":  # python tests/test_claims_unseen.py [-v]: the score per class
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
    for title, cases in (
        ("cases", CASES),
        ("held out", HELD_OUT),
        ("round 3", ROUND_3),
        ("round 4", ROUND_4),
    ):
        total = [0, 0]
        print(title)
        for k, (passed, count) in score(cases).items():
            total[0] += passed
            total[1] += count
            print(f"{k:>2}. {CLASSES[k]:<48} {passed:>2}/{count}")
        print(f"    {'all':<48} {total[0]:>3}/{total[1]}")
    if "-v" in sys.argv:
        for case in CASES + HELD_OUT + ROUND_3 + ROUND_4:
            wrong = problem(case)
            if wrong:
                print(f"[{case[0]}] {case[1]}: {wrong}")
