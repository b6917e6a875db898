"""The measure catalogue: what each published indicator is, as reference data only.

One row per measure (``Measure``): its fixed id (those of ``shared/gold/MEASURES.md``), name,
usual dataset, unit, which way is better, and the cue phrases that recognise it in a report's
wording. This module is the only place that says what a measure is: ``pipeline.stages.measures``
assigns ids to claims from these rows, ``pipeline.stages.checks`` takes a measure's polarity from
them, ``pipeline.outputs.table`` and ``pipeline.outputs.store`` take the names.

Cues are regular expressions in lower case, matched on word boundaries in the lowered words
around a claim's value (see ``pipeline.stages.measures`` for which words). Every cue is stated as the
measure's general wording (the questionnaire's or the outcomes framework's phrasing and its
common paraphrases), never a sentence of one report.

- ``cues``: the measure's topic; one must match near the value.
- ``population``: for the survey topics asked of both people who use services and unpaid
  carers ("felt safe", "as much social contact"): which of the two the measure is about.
  The stage decides the population from the words, so one topic gives two ids.
- ``context``: words that must also appear in the claim's sentence (or, when the sentence
  refers back, the one before): "adult social care" for a share of "the total budget".
- ``excludes``: words between the cue and the value, or just beyond the cue, that say it is
  not this measure ("White British" is not all White groups; "at short notice" is another
  carers' question). ``excludes_anywhere``: words anywhere in the value's words (back to the
  previous value, up to the next) that say so ("4th most deprived borough in London" is no
  rank among England's councils).
- ``units``: the claim units the measure can be read from; ``unit`` is the one a claim that
  gets the measure takes (units follow the measure: a decile read as a bare number is a
  ``score``). ``max_value``/``min_value`` bound it, within its unit's own range
  (``UNIT_RANGES``: a share is 0-100); a value outside gets no id and a warning.

``POLARITY_TOPICS``: topics that are not catalogued measures but whose better direction is
known (waiting, delays, readmissions); ``pipeline.stages.checks`` uses them with the measures' own
cues when a claim has no measure.
"""

from __future__ import annotations

from dataclasses import dataclass

HIGHER = "higher"
LOWER = "lower"
NEITHER = "neither"

USERS = "users"  # people who use services (Adult Social Care Survey)
CARERS = "carers"  # unpaid carers (Survey of Adult Carers in England)

ASCS = "Adult Social Care Survey"
SACE = "Survey of Adult Carers in England"
ASCOF = "Adult Social Care Outcomes Framework"
SALT = "Short and Long-Term Support"
SAC = "Safeguarding Adults Collection"
SFC = "Skills for Care Workforce Estimates"
CENSUS = "Census / Office for National Statistics"
IMD = "Index of Multiple Deprivation"
FINANCE = "Financial facts (DHSC)"


# The values a unit can take at all, for every measure of that unit (a measure's own
# ``min_value``/``max_value`` narrow it): a share is 0 to 100, a rank 1st or lower down.
UNIT_RANGES: dict[str, tuple[float | None, float | None]] = {
    "percent": (0, 100),
    "rank": (1, None),
    "count": (0, None),
    "per_100k": (0, 100_000),
}


@dataclass(frozen=True)
class Measure:
    id: str
    name: str
    dataset: str
    unit: str  # the unit of its value in reports
    better: str  # higher | lower | neither
    cues: tuple[str, ...]
    population: str | None = None  # users | carers, for topics asked of both
    context: tuple[str, ...] = ()  # one must appear in the sentence (or the one referred back to)
    excludes: tuple[str, ...] = ()
    excludes_anywhere: tuple[str, ...] = ()  # in all the value's words, not only by the cue
    units: tuple[str, ...] = ("percent",)
    min_value: float | None = None
    max_value: float | None = None

    @property
    def bounds(self) -> tuple[float | None, float | None]:
        """(lowest, highest) valid value: the measure's own bounds, else its unit's."""
        low, high = UNIT_RANGES.get(self.unit, (None, None))
        return (
            self.min_value if self.min_value is not None else low,
            self.max_value if self.max_value is not None else high,
        )


# --- shared wording ---------------------------------------------------------------------------
# "felt safe", "feel safe", "feeling safe" (not "felt safe to raise concerns")
_FEEL_SAFE = (
    r"(?:felt|feel|feels|feeling) safe(?! to (?:raise|speak|report|share|challenge|disclose|ask|talk))"
)
# "said those services had made them feel safe and secure", "services make them feel safe"
_SERVICES_SAFE = (
    r"(?:services?|support|care)(?: \w+){0,3}? (?:have |has |had )?"
    r"(?:made|make|makes|helped) (?:them|people|him|her|me) (?:to )?feel (?:safe|secure)"
)
# "satisfied with their care and support", "satisfied with the care and support they received",
# "satisfied with social services", "satisfaction with the support they receive"
_SATISFIED = (
    r"satisf(?:ied|action) with (?:\w+ ){0,3}?(?:care|support|services?)"
    r"|(?:extremely|very) satisfied"
)
# "as much social contact as they would like", "enough social contact"
_SOCIAL_CONTACT = r"(?:as much|enough) social contact"
# "found it easy to find information about support", "easy to access information and advice",
# "found information about services easy to find"
_EASY_INFORMATION = (
    r"easy to (?:find|access|get|obtain) (?:information|advice)"
    # "found information about support easy to find", "advice was easy to get"
    r"|(?:information|advice)(?: \w+){0,4}? (?:was |were |is |are )?easy to (?:find|access|get|obtain)"
)
# "spend their time doing things they value or enjoy", "doing things they valued"
_VALUED_THINGS = r"doing (?:the )?things (?:they|that they|which they) (?:value|enjoy)(?:d|s|ed)?"
# "social care-related quality of life", "a quality of life score of 19.1"
_QUALITY_OF_LIFE = r"quality of life"
# "those aged 65 and over", "aged 65 years or more", "over 65 years", "people aged 65+"
_AGED_65_PLUS = (
    r"(?:65|sixty-five)(?: years)?(?: of age)?(?: (?:and|or) (?:over|older|above|more)"
    r"|\+| years? (?:and|or) (?:over|older|above|more))"
    r"|(?:over|above|older than) (?:the age of )?(?:65|sixty-five)\b(?! ?(?:to|-|–))"
    r"|over[- ]65s"
)  # "the over-65s"
# "aged 18 to 64", "18-64", "between 18 – 64 years old", "people of working age"
_AGED_18_64 = r"18 ?(?:to|-|–|and) ?64|working[- ]age|of working age"
# "aged 0 to 17", "under 18", "children and young people"
_AGED_0_17 = (
    r"(?:0|zero) ?(?:to|-|–) ?17|under(?: the age of)? (?:18|eighteen)|children(?: and young people)?"
)
# the opposite answer is not the measure: "said they did not feel safe", "were not satisfied with"
_NEGATED = r"(?:not|never|n't) (?:\w+ )?(?:feel|felt|feeling|satisfied|have|had|having|find|found)\b"
# the council's own staff, not the sector: "a vacancy rate of 12% in its own workforce", "the
# council's own vacancy rate"
_OWN_STAFF = (
    r"own (?:\w+ ){0,3}?(?:staff|workforce|teams?|employees|services)|(?:council|authority)['’]?s own|its own"
)
# (a "share" is a "proportion": "Older people make up a smaller share, with 12.4% of people aged 65+")
_POPULATION = (
    r"population|residents|proportion|share|inhabitants",
    # a breakdown by age, each band with its share: "adults in ages 18-64 (61.07%) and
    # 65+ (20.15%)" (not "people aged 18-64 (61%) were satisfied": no list)
    r"\d+ ?\+? \(\d[\d.]*%\)(?:,| and) (?:\d+|aged|ages|those|people|adults)",
)
# a share of the people of an age who use a service, not of the population: "the proportion of
# people aged 65+ who receive home care"
_SERVICE_SUBGROUP = (
    r"(?:who|that) (?:receive[ds]?|use[ds]?|get|gets|access\w*|live|lives|lived|had|have|has|"
    r"need\w*|draw\w*)\b|receiving|in receipt"
)
# a change, a projection or a past value of the population, not its share now
_POPULATION_CHANGE = (
    r"projected|predicted|expected|forecast|estimated to|increas\w*|decreas\w*|"
    r"rose|risen|grew|grown|growth|fell|fallen|declin\w*|by 20\d\d|since (?:19|20)\d\d|"
    # a difference: "6,000 more residents aged 65+", "27% more over-65s than"
    r"(?<!\bor )(?<!\band )\b(?:more|fewer|additional|extra)\b(?! than)"
)  # not "65 or more"
# The area a population lives in: "people live in the borough", "people call the district home"
# (not "the borough's rural villages": a part of it)
_AREA = r"(?:the|this|our) (?:borough|county|city|district|area|local authority area|authority area|region)(?!['’]s)"
# An age, however written: a subgroup of the population, not its total ("residents aged over 75")
_ANY_AGE = (
    r"aged|(?:over|under|above|below|older than|younger than) (?:the age of )?\d+|\d+ ?\+|"
    r"(?:over|under)[- ]\d+s|children|older (?:people|residents|adults)"
)
# The seven domains of the Index of Multiple Deprivation and its two supplementary indices: a
# rank on one of them is not the area's rank ("8th most deprived for employment")
_DEPRIVATION_DOMAIN = (
    r"(?:for|on|in|by|in terms of) (?:the )?(?:income|employment|education|skills|health|"
    r"crime|housing|barriers|living environment|disability)|"
    r"(?:income|employment|education|health|housing|crime|living environment)"
    r"(?: \w+){0,3}? deprivation|idaopi|idaci|affecting (?:older people|children)"
)
# A restatement of a rank just given: "ranked 140th of 151, making it the 12th least deprived"
# (not "placing it 117th out of 153": how the rank is first given)
_RESTATED = r"(?:making|makes|made|meaning) it\b|which (?:makes|made|means) it\b"

CATALOGUE: tuple[Measure, ...] = (
    # --- Adult Social Care Survey: people who use services --------------------------------------
    Measure(
        "ascs-satisfied-with-care",
        "people who use services who are extremely or very satisfied with their care and support",
        ASCS,
        "percent",
        HIGHER,
        (_SATISFIED,),
        population=USERS,
        excludes=(_NEGATED,),
    ),
    Measure(
        "ascs-quality-of-life",
        "social care-related quality of life score of people who use services",
        ASCS,
        "score",
        HIGHER,
        (_QUALITY_OF_LIFE,),
        population=USERS,
        excludes=(_NEGATED,),
        units=("score", "count"),
        max_value=24,
    ),
    Measure(
        "ascs-control-over-daily-life",
        "people who use services who have control over their daily life",
        ASCS,
        "percent",
        HIGHER,
        # "have control over their daily life", "in control of their day-to-day lives"
        (r"(?:control over|in control of) (?:their |his or her )?(?:daily|day[- ]to[- ]day) li(?:fe|ves)",),
        population=USERS,
        excludes=(_NEGATED,),
    ),
    Measure(
        "ascs-social-contact",
        "people who use services who have as much social contact as they would like",
        ASCS,
        "percent",
        HIGHER,
        (_SOCIAL_CONTACT,),
        population=USERS,
        excludes=(_NEGATED,),
    ),
    Measure(
        "ascs-easy-to-find-information",
        "people who use services who find it easy to find information about support",
        ASCS,
        "percent",
        HIGHER,
        (_EASY_INFORMATION,),
        population=USERS,
        excludes=(_NEGATED,),
    ),
    Measure(
        "ascs-feel-safe",
        "people who use services who feel safe",
        ASCS,
        "percent",
        HIGHER,
        (_FEEL_SAFE,),
        population=USERS,
        excludes=(_SERVICES_SAFE, _NEGATED),
    ),
    Measure(
        "ascs-services-make-feel-safe",
        "people who use services who say those services have made them feel safe and secure",
        ASCS,
        "percent",
        HIGHER,
        (_SERVICES_SAFE,),
        population=USERS,
        excludes=(_NEGATED,),
    ),
    Measure(
        "ascs-choice-over-services",
        "people who use services who feel they have choice over their services",
        ASCS,
        "percent",
        HIGHER,
        # "felt they had choice over services", "have choice over the services they receive"
        (
            r"(?:had|have|has|having) (?:enough )?choice (?:over|about) (?:the |their )?(?:services|care|support)",
        ),
        population=USERS,
        excludes=(_NEGATED,),
    ),
    Measure(
        "ascs-feel-better-about-themselves",
        "people who say help and support helped them think and feel better about themselves",
        ASCS,
        "percent",
        HIGHER,
        # "helped them think and feel better about themselves"
        (r"feel better about themselves",),
        population=USERS,
        excludes=(_NEGATED,),
    ),
    Measure(
        "ascs-time-doing-valued-things",
        "people who use services who spend their time doing things they value or enjoy",
        ASCS,
        "percent",
        HIGHER,
        (_VALUED_THINGS,),
        population=USERS,
        excludes=(_NEGATED,),
    ),
    Measure(
        "ascs-adequate-food-and-drink",
        "people who use services who get adequate or better food and drink",
        ASCS,
        "percent",
        HIGHER,
        # "had access to adequate food and drink", "get enough food and drink"
        (r"(?:adequate|enough|sufficient) (?:or better )?food and drink",),
        population=USERS,
        excludes=(_NEGATED,),
    ),
    # --- Survey of Adult Carers in England ------------------------------------------------------
    Measure(
        "sace-carer-satisfied",
        "unpaid carers who are extremely or very satisfied with social services",
        SACE,
        "percent",
        HIGHER,
        (_SATISFIED,),
        population=CARERS,
        excludes=(_NEGATED,),
    ),
    Measure(
        "sace-carer-quality-of-life",
        "carer-reported quality of life score",
        SACE,
        "score",
        HIGHER,
        (_QUALITY_OF_LIFE,),
        population=CARERS,
        excludes=(_NEGATED,),
        units=("score", "count"),
        max_value=12,
    ),
    Measure(
        "sace-carer-social-contact",
        "unpaid carers who have as much social contact as they would like",
        SACE,
        "percent",
        HIGHER,
        (_SOCIAL_CONTACT,),
        population=CARERS,
        excludes=(_NEGATED,),
    ),
    Measure(
        "sace-carer-easy-to-find-information",
        "unpaid carers who find it easy to find information and advice",
        SACE,
        "percent",
        HIGHER,
        (_EASY_INFORMATION,),
        population=CARERS,
        excludes=(_NEGATED,),
    ),
    Measure(
        "sace-carer-information-helpful",
        "unpaid carers who find information and advice helpful",
        SACE,
        "percent",
        HIGHER,
        # "found information and advice helpful", "finding the information they received useful"
        (
            r"(?:information|advice)(?: \w+){0,5}? (?:was |were |to be |as )?(?:helpful|useful)",
            r"(?:helpful|useful) (?:information|advice)",
        ),
        population=CARERS,
        excludes=(
            _NEGATED,
            _EASY_INFORMATION,
        ),
    ),
    Measure(
        "sace-carer-consulted",
        "unpaid carers who were included or consulted in discussions about the person they care for",
        SACE,
        "percent",
        HIGHER,
        # "felt involved or consulted in discussions about the person they care for"
        (r"(?:included|involved|consulted)(?: or (?:included|involved|consulted))? in discussions",),
        population=CARERS,
        excludes=(_NEGATED,),
    ),
    Measure(
        "sace-carer-time-doing-valued-things",
        "unpaid carers who spend their time doing things they value or enjoy",
        SACE,
        "percent",
        HIGHER,
        (_VALUED_THINGS,),
        population=CARERS,
        excludes=(_NEGATED,),
    ),
    Measure(
        "sace-carer-feel-safe",
        "unpaid carers who feel safe",
        SACE,
        "percent",
        HIGHER,
        (_FEEL_SAFE,),
        population=CARERS,
        excludes=(_SERVICES_SAFE, _NEGATED),
    ),
    Measure(
        "sace-carer-break-from-caring",
        "unpaid carers accessing support or services that give them a break from caring",
        SACE,
        "percent",
        HIGHER,
        # "accessing support or services that allowed them to take a break from caring"
        (
            r"(?:support|services?)(?: or (?:support|services?))? (?:that|which|to) (?:\w+ ){0,6}?break from caring",
        ),
        population=CARERS,
        # "able to take a break from caring at short notice or in an emergency": another question
        excludes=(
            _NEGATED,
            r"short notice|emergenc(?:y|ies)",
        ),
    ),
    # --- Adult Social Care Outcomes Framework, Short and Long-Term Support -----------------------
    Measure(
        "ascof-short-term-no-further-support",
        "people who received short-term support (reablement) and needed no further or ongoing support",
        ASCOF,
        "percent",
        HIGHER,
        # "no longer required support", "needed no further support", "did not need ongoing support"
        (
            r"no (?:longer )?(?:required|requiring|needed|needing|need) (?:any )?(?:further |ongoing |long[- ]term )?(?:support|services)",
            r"(?:need|needs|needed|require|required|requiring|needing) no (?:further|ongoing|long[- ]term) (?:support|services)",
            r"(?:did not|didn't) (?:need|require) (?:any )?(?:further|ongoing|long[- ]term) (?:support|services)",
            # the need as a noun: "resulted in no further need for services", "no further
            # request for support", "did not go on to need long-term support"
            r"no (?:further|ongoing|long[- ]term) (?:need|needs|request|requests) for (?:support|services|care)",
            r"(?:did not|didn't) go on to (?:need|require) (?:any )?(?:further |ongoing |long[- ]term )?(?:support|services|care)",
        ),
        context=(r"short[- ]term|reablement|rehabilitation",),
    ),
    Measure(
        "ascof-at-home-91-days",
        "older people (65+) still at home 91 days after discharge from hospital into reablement or rehabilitation",
        ASCOF,
        "percent",
        HIGHER,
        # "still at home 91 days after discharge", "at home 91 days after leaving hospital"
        (
            r"(?:at home|living at home) (?:\w+ ){0,2}?91 days|91 days after (?:their )?(?:discharge|leaving hospital)",
        ),
    ),
    Measure(
        "ascof-reablement-offered",
        "older people (65+) who received reablement or rehabilitation services after discharge from hospital",
        ASCOF,
        "percent",
        HIGHER,
        # "received reablement or rehabilitation services after discharge from hospital",
        # "reablement services were offered to 3% of older people discharged from hospital"
        (
            r"(?:received|receiving|offered|given|provided with) reablement",
            r"reablement(?: or rehabilitation)?(?: services?)? (?:were |was |are |is |being )?(?:offered|provided|given)",
        ),
        context=(r"discharged?|hospital",),
        excludes_anywhere=(r"91 days",),
    ),
    Measure(
        "ascof-care-home-admissions-18-64",
        "long-term support needs of adults 18-64 met by admission to residential and nursing care homes, per 100,000",
        ASCOF,
        "per_100k",
        LOWER,
        # "admissions of younger adults (18-64) to residential and nursing care homes"
        (r"admi(?:ssions?|tted) (?:\w+ ){0,6}?(?:to|into) (?:permanent )?(?:residential|nursing|care)",),
        context=(_AGED_18_64, r"younger adults"),
        units=("per_100k",),
        excludes=(_AGED_65_PLUS,),
    ),
    Measure(
        "ascof-care-home-admissions-65-plus",
        "long-term support needs of adults 65+ met by admission to residential and nursing care homes, per 100,000",
        ASCOF,
        "per_100k",
        LOWER,
        (r"admi(?:ssions?|tted) (?:\w+ ){0,6}?(?:to|into) (?:permanent )?(?:residential|nursing|care)",),
        context=(_AGED_65_PLUS, r"older (?:adults|people)"),
        units=("per_100k",),
        excludes=(_AGED_18_64,),
    ),
    Measure(
        "ascof-direct-payments",
        "people who receive direct payments (of those receiving community-based long-term support)",
        ASCOF,
        "percent",
        HIGHER,
        # "took up direct payments", "people receiving direct payments", "in receipt of direct
        # payments", "direct payment uptake", "direct payments were taken up by" (not "27% of
        # direct payments were audited")
        (
            r"(?:receiv\w*|receipt of|took up|take up|taking up|takes up|uptake of|use of|using|"
            r"used|had|have|has|on|with|chose|choosing) (?:a |their )?direct payments?",
            r"direct payments? (?:uptake|take-up|recipients|users)",
            r"direct payments? (?:were |was |had been )?(?:taken up|used|received)",
        ),
    ),
    Measure(
        "ascof-learning-disability-paid-employment",
        "adults with a learning disability in paid employment",
        ASCOF,
        "percent",
        HIGHER,
        (r"(?:in )?paid (?:employment|work|jobs?)",),
        context=(r"learning disabilit(?:y|ies)",),
    ),
    Measure(
        "ascof-learning-disability-own-home",
        "adults with a learning disability who live in their own home or with their family",
        ASCOF,
        "percent",
        HIGHER,
        (r"(?:in|live in|living in) their own home|with (?:their )?famil(?:y|ies)",),
        context=(r"learning disabilit(?:y|ies)",),
    ),
    Measure(
        "salt-long-term-reviewed",
        "people receiving long-term support who had a planned or unplanned review of their needs",
        SALT,
        "percent",
        HIGHER,
        # "had received a planned or unplanned review of their needs", "of people on long-term
        # support, 55% had received a review", "were reviewed in the year"
        (
            r"planned or unplanned review",
            r"(?:had|have|has|received|receiving) (?:a |an |their )?(?:\w+ ){0,3}?review",
            r"(?:were|was|had been|have been) reviewed",
        ),
        context=(r"long[- ]term support|planned or unplanned",),
        excludes=(r"awaiting|waiting|overdue|annual",),
    ),
    # --- Safeguarding Adults Collection ---------------------------------------------------------
    Measure(
        "sac-advocate-lacking-capacity",
        "people who lacked capacity who were supported by an advocate, family member or friend in a safeguarding enquiry",
        SAC,
        "percent",
        HIGHER,
        # "of people who lacked capacity were supported by an advocate, friend or family member"
        (
            r"lack(?:ed|ing|s)? (?:the )?(?:mental )?capacity",
            # "where people lacked capacity, 78% were supported by an advocate, family member or friend"
            r"supported by (?:an? )?(?:independent )?advocate,? (?:a )?(?:family member|friend|relative)",
        ),
        context=(r"advocate|advocacy",),
    ),
    Measure(
        "sac-outcomes-met",
        "people who were asked and whose desired outcomes from a safeguarding enquiry were fully or partially met",
        SAC,
        "percent",
        HIGHER,
        # "said their desired outcome had been fully or partially met", "outcomes were achieved"
        (
            r"(?:fully or partially|partially or fully|fully or partly|partly or fully) (?:met|achieved)",
            r"outcomes? (?:\w+ ){0,8}?(?:were|was|had been|have been) (?:fully |partially |partly )?(?:met|achieved)",
        ),
        context=(r"safeguarding|enquir(?:y|ies)|s42|section 42",),
    ),
    # A rate per 100,000 is what these two are; "concerns" or "enquiries" near such a value is
    # enough ("3,120 concerns, equivalent to 712 per 100,000 adults").
    Measure(
        "sac-concerns-per-100k",
        "safeguarding concerns raised per 100,000 adults",
        SAC,
        "per_100k",
        NEITHER,
        (r"concerns?",),
        units=("per_100k",),
        excludes=(r"enquir(?:y|ies)",),
    ),
    Measure(
        "sac-enquiries-per-100k",
        "section 42 safeguarding enquiries per 100,000 adults",
        SAC,
        "per_100k",
        NEITHER,
        (r"enquir(?:y|ies)",),
        units=("per_100k",),
        excludes=(r"concerns?",),
    ),
    # --- Skills for Care Workforce Estimates ----------------------------------------------------
    Measure(
        "sfc-turnover-rate",
        "staff turnover rate in the adult social care sector",
        SFC,
        "percent",
        LOWER,
        (r"turnover(?: rates?)?",),
        excludes_anywhere=(_OWN_STAFF,),
    ),
    Measure(
        "sfc-vacancy-rate",
        "vacancy rate in the adult social care sector",
        SFC,
        "percent",
        LOWER,
        (r"vacanc(?:y|ies)(?: rates?)?",),
        excludes_anywhere=(_OWN_STAFF,),
    ),
    Measure(
        "sfc-care-certificate",
        "adult social care staff who have completed or are completing the Care Certificate",
        SFC,
        "percent",
        HIGHER,
        (r"care certificate",),
    ),
    Measure(
        "sfc-safeguarding-training",
        "adult social care staff who have completed safeguarding adults training",
        SFC,
        "percent",
        HIGHER,
        (r"safeguarding (?:adults? )?training",),
    ),
    Measure(
        "sfc-mca-dols-training",
        "adult social care staff who have completed Mental Capacity Act / DoLS training",
        SFC,
        "percent",
        HIGHER,
        # "Mental Capacity Act (MCA) Deprivation of Liberty Safeguard (DoLS) training"
        (r"(?:mental capacity act|mca|deprivation of liberty|dols)\b[\w() /,-]{0,70}?training",),
    ),
    # --- population and deprivation -------------------------------------------------------------
    Measure(
        "pop-aged-65-plus",
        "share of the population aged 65 and over",
        CENSUS,
        "percent",
        NEITHER,
        (_AGED_65_PLUS,),
        context=_POPULATION,
        excludes=(_SERVICE_SUBGROUP, _POPULATION_CHANGE, r"\b(?:[7-9]\d|100) ?(?:to|-|–|and) ?\d+"),
    ),
    Measure(
        "pop-aged-18-64",
        "share of the population aged 18 to 64",
        CENSUS,
        "percent",
        NEITHER,
        (_AGED_18_64,),
        context=_POPULATION,
        excludes=(
            _SERVICE_SUBGROUP,
            _POPULATION_CHANGE,
        ),
    ),
    Measure(
        "pop-aged-0-17",
        "share of the population aged under 18",
        CENSUS,
        "percent",
        NEITHER,
        (_AGED_0_17,),
        context=_POPULATION,
        excludes=(_SERVICE_SUBGROUP, _POPULATION_CHANGE, r"children'?s (?:services|social care)"),
    ),
    Measure(
        "pop-white",
        "share of the population identifying as White (all White groups)",
        CENSUS,
        "percent",
        NEITHER,
        (r"white(?! paper)",),
        context=(r"population|residents|ethnic|identif\w+|people",),
        # "White British" or "other White" is one White group, not all of them; another group
        # named between the cue and the value is what the value is about
        excludes=(
            r"white british|white irish|(?:other|any other) white|white (?:other|minorit\w*)|"
            r"white and (?:black|asian)|non-?white|asian|black|mixed|minorit(?:y|ies)",
            _POPULATION_CHANGE,
        ),
    ),
    Measure(
        "pop-total",
        "resident population (a count)",
        CENSUS,
        "count",
        NEITHER,
        # "a population of 263,490", "home to over 898,000 residents", "with 186,176 residents",
        # "298,000 people live in the borough", "187,500 people call the district home"
        (
            r"population|residents|inhabitants",
            r"(?:people|residents|inhabitants|persons) (?:live|lives|living|lived|reside|residing) "
            r"(?:in|across|throughout|within) " + _AREA,
            r"(?:people|residents) (?:call|calls|called) " + _AREA + r" home",
        ),
        units=("count",),
        min_value=2000,  # no council in England has fewer residents
        # "towns with fewer than 5,000 residents" is a size of place, not the population;
        # "grows to over one million each day with commuters and visitors" is the daytime
        # population, wherever in the value's words the day or the visitors are named
        excludes_anywhere=(
            r"(?:fewer|less|smaller) than",
            r"each day|every day|daily|by day|daytime|commut\w*|visitors|tourists",
            # a part of the area as the subject: "The largest town, Marlbury,
            # has a population of 64,000"
            r"\b(?:towns?|villages?|wards?|parish(?:es)?|neighbourhoods?|settlements?|"
            r"city centre)\b[^.;]{0,60}?\b(?:has|had|have|with) (?:a )?(?:resident )?population",
            # ... or the residents it has: "The main market town has roughly
            # 38,000 residents" (the value's words end with "has")
            r"\b(?:towns?|villages?|wards?|parish(?:es)?|neighbourhoods?|settlements?|"
            r"city centre)\b[^.;]{0,60}?\b(?:has|had|have|is home to|was home to)"
            r"(?: (?:some|about|around|roughly|approximately|nearly|almost|over|just over))?\s*$",
            # a count given with its share is a part: "28,900 residents, or 11%,
            # provide unpaid care", "9,400 residents (3.6%)"; the value's words
            # end where the share starts
            r"^\s*(?:residents|people|inhabitants|persons)\s*(?:,\s*(?:or|about|around|some)?|\()\s*$",
        ),
        excludes=(
            _POPULATION_CHANGE,
            _AGED_65_PLUS,
            _AGED_18_64,
            _AGED_0_17,
            _ANY_AGE,
            r"ethnic|identif\w+|born",
            # a subgroup by what it does: "31,000 residents provide unpaid care" (not
            # "residents who live across the county")
            r"(?:residents|people|inhabitants|persons) (?:(?:who|that) (?!live|lived|living|reside)\w+|with|"
            r"provid\w+|are|were|have|had|receiv\w+|us(?:e|es|ed|ing)|car(?:e|es|ed|ing)|from)\b",
            r"(?:per|of) (?:the )?(?:\d[\d,]* )?(?:population|residents)",
            # the population of a part: "the population of the district's largest town"
            r"(?:population|residents) (?:of|in) (?:the |its |each |a )?(?:[\w'’-]+ ){0,3}?"
            r"(?:towns?|villages?|wards?|parish(?:es)?|neighbourhoods?|settlements?|city centre)",
            # a count of other things that concern residents: "one million calls from
            # residents", "£2 million on equipment for residents", "visits by residents"
            r"[a-z]+ (?:from|by|for|to|with|among) (?:(?:the|its|our|their|local|all) )?"
            r"(?:residents|inhabitants|population)",
        ),
    ),
    Measure(
        "imd-decile",
        "Index of Multiple Deprivation decile or score of the area (1 to 10)",
        IMD,
        "score",
        NEITHER,
        # "an Index of Multiple Deprivation score of 3", "a multiple deprivation score of 7",
        # "index of multiple deprivation in the lowest category of 1", "IMD decile 4"
        (r"multiple deprivation|imd|deprivation (?:score|decile)",),
        units=("score", "count"),
        min_value=1,
        max_value=10,
    ),
    Measure(
        "imd-rank",
        "the area's rank among local authorities for deprivation",
        IMD,
        "rank",
        NEITHER,
        # "ranked the 67th most deprived local authority", "117th out of 153 ... for deprivation"
        # "The IMD places the borough 102nd", "on the Index of Multiple Deprivation ... 64th"
        (r"(?:most|least) deprived|deprivation|imd",),
        units=("rank",),
        # "the 2nd most deprived decile" is a decile, not a rank
        excludes=(r"deciles?|quintiles?|percentiles?",),
        # a rank within London or a region is not the rank among England's authorities
        # (an English region by name, not "deprivation in the north" of the borough itself)
        excludes_anywhere=(
            r"in London|London'?s|in the (?:\w+ ){0,2}region|regionally|"
            r"in the (?:north|south)[- ](?:east|west)|in the (?:east|west) midlands|"
            r"in yorkshire|in the east of england",
            # a rank of a part of the area: "the 2nd most deprived ward in the borough"
            r"wards?|neighbourhoods?|lsoas?|(?:lower|middle) (?:layer )?super output areas?",
            # a rank among comparator councils is not the rank among all
            r"comparator|comparable|similar (?:councils|authorities)|statistical neighbours?|nearest neighbours?",
            _DEPRIVATION_DOMAIN,
            _RESTATED,
        ),
    ),
    # --- financial facts ------------------------------------------------------------------------
    Measure(
        "asc-budget-share",
        "adult social care spend as a share of the council's total budget",
        FINANCE,
        "percent",
        NEITHER,
        # "30.47% of the total budget", "18.73% of the budget was spent on adult social care"
        (
            r"of (?:the|its|their) (?:(?:total|overall|annual|net|council['’]?s|local authority['’]?s) )*budget",
        ),
        context=(r"adult social care",),
    ),
    Measure(
        "asc-precept",
        "adult social care precept raised for the year",
        FINANCE,
        "percent",
        NEITHER,
        (r"precept",),
        max_value=10,
    ),
    Measure(
        "asc-long-term-support-count",
        "people accessing long-term adult social care support (a count)",
        FINANCE,
        "count",
        NEITHER,
        # "15,130 people were accessing long-term Adult Social Care support"
        (r"accessing long[- ]term (?:adult social care )?support|long[- ]term adult social care support",),
        units=("count",),
    ),
    Measure(
        "asc-short-term-support-count",
        "people accessing short-term adult social care support (a count)",
        FINANCE,
        "count",
        NEITHER,
        (r"accessing short[- ]term (?:adult social care )?support|short[- ]term adult social care support",),
        units=("count",),
    ),
)

BY_ID: dict[str, Measure] = {m.id: m for m in CATALOGUE}

# Topics whose better direction is known but which are no catalogued measure (for the checks).
POLARITY_TOPICS: tuple[tuple[str, str], ...] = (
    (r"waiting (?:times?|lists?)", LOWER),
    (r"wait(?:ed|ing)? (?:for|longer|more than)", LOWER),
    (r"waits?", LOWER),
    (r"readmi(?:ssions?|tted)", LOWER),
    (r"delayed (?:transfers?|discharges?)", LOWER),
    (r"delays?", LOWER),
    (r"backlogs?", LOWER),
    (r"overdue", LOWER),
    (r"sickness absence", LOWER),
    (r"admissions? (?:to|into) (?:residential|nursing|care) (?:and nursing )?(?:homes?|care)", LOWER),
    (r"satisf(?:ied|action)", HIGHER),
    (r"quality of life", HIGHER),
    (r"completed (?:[\w()]+ ){0,10}?training", HIGHER),
    (r"easy to (?:access|find) information|found it easy to find", HIGHER),
    (r"choice over (?:services|their care|the services)", HIGHER),
    (r"(?:planned or unplanned )?review of their needs", HIGHER),
    (r"no longer required support", HIGHER),
    (r"supported by an advocate", HIGHER),
)


def polarity_cues() -> tuple[tuple[str, str], ...]:
    """Every cue with a known better direction: the measures' own, then the other topics."""
    from_measures = tuple((cue, m.better) for m in CATALOGUE if m.better in (HIGHER, LOWER) for cue in m.cues)
    return from_measures + POLARITY_TOPICS


def polarity(measure_id: str | None) -> str | None:
    """``HIGHER``/``LOWER`` for a catalogued measure with a better direction, else None."""
    measure = BY_ID.get(measure_id) if measure_id else None
    return measure.better if measure and measure.better in (HIGHER, LOWER) else None
