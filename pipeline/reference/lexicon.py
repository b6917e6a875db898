"""Words the claims and sources stages look for (data only, no logic).

Sources of the entries: the national data collections CQC cites in its local authority
assessment reports (2024 on), as they are written there, including the spellings and
typos seen in published reports ("Shortand Long-Term Support").
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # the tables' keys and values are the models' own words
    from pipeline.models import ComparatorKind, Unit


@dataclass(frozen=True)
class Dataset:
    name: str  # canonical long name
    abbreviation: str | None
    variants: tuple[str, ...] = ()  # other ways reports write the long name (matched case-insensitively)
    # ways that name the dataset only written with these capitals: in lowercase they are
    # generic wording ("Safeguarding Adults data" is the collection, "safeguarding adults data"
    # may be anyone's)
    cased_variants: tuple[str, ...] = ()
    # a name that is also the name of what is measured: a citation only with a date ("on the
    # Index of Multiple Deprivation 2019" cites it, "an Index of Multiple Deprivation score of
    # 5" does not)
    dated_only: bool = False
    # a kind of document every council writes its own of: a name before it makes it the
    # council's document, cited by that name ("its Mental Health and Wellbeing JSNA 2023")
    local: bool = False


DATASETS: tuple[Dataset, ...] = (
    Dataset(
        "Adult Social Care Survey",
        "ASCS",
        (
            "Personal Social Services Adult Social Care Survey",
            "Adult Social Care Survey",
            "Adult Social Care User Survey",
        ),
    ),
    Dataset(
        "Survey of Adult Carers in England",
        "SACE",
        (
            "Personal Social Services Survey of Adult Carers in England",
            "Survey of Adult Carers in England",
            "Survey of Adult Carers",
            "Adult Carers Survey",
            "Carers Survey",
        ),
    ),
    Dataset(
        "Adult Social Care Outcomes Framework",
        "ASCOF",
        ("Adult Social Care Outcomes Framework", "Adult Social Care Outcome Framework"),
    ),
    Dataset(
        "Short and Long-Term Support",
        "SALT",
        # "Shortand Long-Term Support" is a typo printed in a published report.
        (
            "Short and Long-Term Support",
            "Short and Long Term Support",
            "Shortand Long-Term Support",
            "Shortand Long Term Support",
            "Short- and Long-Term Support",
            "Short and Long-Term",
            "Short and Long Term",
        ),
    ),
    Dataset(
        "Skills for Care Workforce Estimates",
        None,
        (
            "Skills for Care Workforce Estimates",
            "Skills for Care Workforce Estimate",
            "Skills for Care workforce data",
            "Skills for Care",
        ),
    ),
    Dataset(
        "Adult Social Care Workforce Data Set",
        "ASC-WDS",
        ("Adult Social Care Workforce Data Set", "Adult Social Care Workforce Dataset"),
    ),
    Dataset(
        "Safeguarding Adults Collection",
        "SAC",
        ("Safeguarding Adults Collection", "Safeguarding Adult Collection"),
        # "Safeguarding Adults data collated and published by NHS England"
        cased_variants=("Safeguarding Adults data",),
    ),
    # "Office of National Statistics" is a common misnaming
    Dataset(
        "Office for National Statistics",
        "ONS",
        ("Office for National Statistics", "Office of National Statistics"),
    ),
    # "Census 2021": the year is the citation's date, not part of the name
    Dataset("Census", None, ("Census", "Censuses")),  # "between the last two censuses"
    Dataset(
        "Adult Social Care Activity and Finance Report",
        "ASC-FR",
        ("Adult Social Care Activity and Finance Report", "Adult Social Care Finance Return"),
    ),
    Dataset("Public Health Outcomes Framework", "PHOF", ("Public Health Outcomes Framework",)),
    Dataset("Client Level Data", "CLD", ("Client Level Data",)),
    Dataset("Capacity Tracker", None, ("Capacity Tracker",)),
    Dataset("Index of Multiple Deprivation", "IMD", ("Index of Multiple Deprivation",), dated_only=True),
    Dataset("Joint Strategic Needs Assessment", "JSNA", ("Joint Strategic Needs Assessment",), local=True),
)


@dataclass(frozen=True)
class Publisher:
    """A body that publishes data: named after a dataset as its publisher ("Safeguarding Adults
    data collated and published by NHS England"), before one it attributes ("Office for
    National Statistics Census 2021"), or, when ``cited``, as the citation itself with a date
    ("(OHID, 2023)", "NHS England data (Q3 2024/25)": named in passing, undated, it is none)."""

    name: str  # canonical
    abbreviation: str | None = None
    variants: tuple[str, ...] = ()  # other ways reports write it
    cited: bool = False  # cited on its own with a date: a source (``DATASETS`` holds it, dated only)
    attributes: bool = False  # written right before another dataset, it attributes that one


PUBLISHER_TABLE: tuple[Publisher, ...] = (
    Publisher("NHS England", None, (), cited=True),
    Publisher("NHS Digital"),
    # "Office of National Statistics" is a common misnaming; a dataset of its own (above)
    Publisher("Office for National Statistics", "ONS", ("Office of National Statistics",), attributes=True),
    Publisher("Department of Health and Social Care", "DHSC"),
    Publisher("Skills for Care"),
    # Public health figures (life expectancy, prevalence): "(OHID, 2023)", "OHID Fingertips, 2024"
    Publisher("Office for Health Improvement and Disparities", "OHID", ("OHID Fingertips",), cited=True),
)

# Every way a publisher is written, for the "published by ..." part of a citation.
PUBLISHERS: tuple[str, ...] = tuple(
    written
    for p in PUBLISHER_TABLE
    for written in (p.name, *p.variants, *((p.abbreviation,) if p.abbreviation else ()))
)
# Datasets that are also bodies publishing others' data: written right before another dataset
# they attribute it ("Office for National Statistics Census 2021" cites the Census).
PUBLISHER_DATASETS: tuple[str, ...] = tuple(p.name for p in PUBLISHER_TABLE if p.attributes)
# Publishers cited on their own, as datasets that are citations only with a date.
DATASETS = DATASETS + tuple(
    Dataset(p.name, p.abbreviation, (p.name, *p.variants), dated_only=True)
    for p in PUBLISHER_TABLE
    if p.cited
)
# Words that refer back to the dataset cited just before ("The same survey showed 41% ...").
SAME_DATASET_NOUNS: tuple[str, ...] = (
    "survey",
    "source",
    "data",
    "dataset",
    "data set",
    "data source",
    "collection",
    "figures",
)
# How a sentence opens when it gives examples of, or goes on from, the data cited before it in its
# paragraph ("Survey results were mostly positive (ASCS, 2022-2023). For example, 61.2% ..."):
# regex fragments, matched at the sentence's start, ignoring case.
CARRY_OPENERS: tuple[str, ...] = (
    r"for\s+example",
    r"for\s+instance",
    r"e\.g\.",
    r"again",
    r"similarly",
    r"likewise",
    r"of\s+these",
    r"within\s+this",
    r"in\s+particular",
    r"notably",
    r"specifically",
    # "The same data showed", "This survey also found", "These figures also showed", "It also showed"
    r"(?:this|these|that|those|the\s+same|the|its)\s+(?:survey|data|dataset|data\s+set|results?|figures?"
    r"|collection|source|responses|findings)\s+(?:also\s+|further\s+)?"
    r"(?:showed|shows|found|finds|indicated|indicates|reported|revealed|highlighted|suggested|said)",
    r"it\s+(?:also\s+)?(?:showed|found|indicated|reported|revealed)",
)

# Words by which a sentence names data of its own, uncited ("Again, the council's own data showed
# 40% ..."): a citation before it does not carry to it. A regex fragment, ignoring case.
OWN_DATA = (
    r"(?:own|local|internal|in-house|council['’]s|authority['’]s|its)\s+(?:[\w-]+\s+){0,2}?"
    r"(?:data|figures|records|monitoring|audit|survey|performance\s+information)"
)
# Fractions in words over a small denominator, before who they count ("Seven out of 10 people",
# "nine out of ten carers"): a ratio like "one in five" (not "4 out of 5 stars", a score).
FRACTION_COUNTED: tuple[str, ...] = (
    "people",
    "adults",
    "residents",
    "carers",
    "respondents",
    "cases",
    "families",
    "providers",
    "services",
    "staff",
    "councils",
    "authorities",
    "users",
    "people's",
    "of",
)

# Nouns that end the name of a council's own document, cited with a date:
# "the Kestlehurst State of the Borough report (2022)" (kept as written, ``known=False``).
DOCUMENT_NOUNS: tuple[str, ...] = (
    "report",
    "review",
    "profile",
    "audit",
    "survey",
    "account",
    "bulletin",
    "dashboard",
    "needs assessment",
    "census",
    "analysis",
    "study",
    "jsna",
    "strategy",
)

# The capitalised nouns a document's name ends in, after which a number (or the first of a range,
# even mistyped) is part of the name: "the Safeguarding Adults Board Annual Report (203-2024)",
# "the Local Account 22/23", "the Market Sustainability Plan 24-27".
DOCUMENT_NAME_NOUNS: tuple[str, ...] = (
    "Report",
    "Strategy",
    "Plan",
    "Account",
    "Charter",
    "Statement",
    "Review",
    "Policy",
    "Framework",
    "Assessment",
    "JSNA",
    "Protocol",
    "Guidance",
    "Profile",
    "Audit",
    "Bulletin",
    "Programme",
    "Compact",
    "Agreement",
    "Pledge",
    "Vision",
    "Prospectus",
)

# Capitalised phrases that look like a citation "(Name Year)" but name a law or plan, not data.
NOT_SOURCE_WORDS: tuple[str, ...] = (
    "Act",
    "Strategy",
    "Plan",
    "Policy",
    "Programme",
    "Regulations",
    "Order",
    "Bill",
)

# Hedges written before a value ("approximately 300 requests", "over 898,000 residents").
HEDGES: tuple[str, ...] = (
    "approximately",
    "approx.",
    "around",
    "about",
    "roughly",
    "circa",
    "almost",
    "nearly",
    "just over",
    "just under",
    "well over",
    "more than",
    "less than",
    "fewer than",
    "over",
    "under",
    "up to",
    "at least",
    "at most",
    "within",
    "in excess of",
    "an estimated",
    "estimated",
)

# Words that make a following duration a threshold that defines what is counted
# ("waiting more than 28 days", "completed within 45 days"), not a claim of its own.
THRESHOLD_WORDS: tuple[str, ...] = (
    "more than",
    "over",
    "within",
    "longer than",
    "less than",
    "under",
    "exceeding",
    "exceeded",
    "at least",
    "beyond",
    "fewer than",
    "in excess of",
    "up to",
    "by more than",
    "after",
)

# Words after a duration that make it the claim's period or the metric's definition
# ("12 months prior to December 2024", "91 days after discharge").
PERIOD_FOLLOWERS: tuple[str, ...] = (
    "prior",
    "up to",
    "before",
    "after",
    "ago",
    "to date",
    "period",
    "since",
    "earlier",
    "later",
    "following",
    "from",
    "leading up",
    "preceding",
    "until",
    "ending",
    "to the end",
    "previously",
    "beforehand",
    "back",  # "some 4 years previously", "2 years back"
    "into",
    "down the line",  # "5 weeks into the placement", "six months down the line"
    # a frequency defines availability ("7 days a week", "365 days a year")
    "a day",
    "a week",
    "a year",
    "per day",
    "per week",
    "per year",
)
# Anecdotes (a few individuals' stories, not a quantity): "1 carer described how", "for example,
# 2 people said", "3 partners we spoke with said". Who tells them:
ANECDOTE_PEOPLE: tuple[str, ...] = (
    "person",
    "people",
    "carer",
    "carers",
    "partner",
    "partners",
    "resident",
    "residents",
    "relative",
    "relatives",
    "family",
    "families",
    "family member",
    "family members",
    "staff member",
    "staff members",
    "member of staff",
    "members of staff",
    "leader",
    "leaders",
    "manager",
    "managers",
    "provider",
    "providers",
    "individual",
    "individuals",
    "adult",
    "adults",
    "sisters",
    "brothers",
    "siblings",
    "parents",
    "sons",
    "daughters",
    "couples",
    "friends",
    "neighbours",
    "service users",
    "practitioner",
    "practitioners",
    "worker",
    "workers",
)
# ... the verbs of telling that follow them ("told us", "described how"; not "reported", which
# may count events: "2 people reported abuse")
ANECDOTE_VERBS: tuple[str, ...] = (
    "told",
    "tell",
    "described",
    "describe",
    "explained",
    "explain",
    "shared",
    "said",
    "say",
    "spoke",
    "talked",
    "commented",
    "mentioned",
    "recounted",
    "recalled",
    "expressed",
    "gave",
    "felt",
    "praised",
    "highlighted",
)
# ... or the words that open an example ("In one case, 2 sisters ... were assessed together")
ANECDOTE_OPENERS: tuple[str, ...] = (
    "for example",
    "for instance",
    "in one case",
    "in another case",
    "in one example",
    "e.g.",
    "in one instance",
)
# The largest count an anecdote has: more people than this telling something is a finding
ANECDOTE_MAX = 5

# Nouns that begin with a duration word: "3 day centres" counts centres, not days.
DURATION_NOUNS: tuple[str, ...] = (
    "day centre",
    "day centres",
    "day center",
    "day centers",
    "day service",
    "day services",
    "day care",
    "day opportunities",
    "day opportunity",
    "day hospice",
    "day hospices",
    "day unit",
    "day units",
    "day provision",
    "day provisions",
)
# Words before a duration that make it a period ("in the last two years", "over the 18 months").
PERIOD_LEADERS: tuple[str, ...] = (
    "the",
    "last",
    "past",
    "previous",
    "next",
    "first",
    "recent",
    "preceding",
    "coming",
)

# Nouns after an ordinal numeral that make it an age or a date, not a rank ("their 17th birthday").
ORDINAL_NOT_RANK_BEFORE: tuple[str, ...] = ("birthday", "birthdays", "anniversary", "century")
# Participles before a threshold word that make a following amount of money define what is
# counted ("minor adaptations costing under £1,000 were free"), not a claim.
MONEY_THRESHOLD_LEADS: tuple[str, ...] = ("costing", "priced at", "valued at")

NUMBER_WORDS: dict[str, int] = {
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
    "thirteen": 13,
    "fourteen": 14,
    "fifteen": 15,
    "sixteen": 16,
    "seventeen": 17,
    "eighteen": 18,
    "nineteen": 19,
    "twenty": 20,
    "thirty": 30,
    "forty": 40,
    "fifty": 50,
    "sixty": 60,
    "seventy": 70,
    "eighty": 80,
    "ninety": 90,
}
# "two hundred", "one million": a multiplier scales the words before it (or stands for itself)
MULTIPLIER_WORDS: dict[str, int] = {
    "hundred": 100,
    "thousand": 1000,
    "million": 1_000_000,
    "billion": 1_000_000_000,
}
# After a numeral (not money, which has its own scales): "1.2 million residents" is 1200000
NUMERAL_SCALE_WORDS: dict[str, int] = {"million": 1_000_000, "billion": 1_000_000_000}

ORDINAL_WORDS: dict[str, int] = {
    "first": 1,
    "second": 2,
    "third": 3,
    "fourth": 4,
    "fifth": 5,
    "sixth": 6,
    "seventh": 7,
    "eighth": 8,
    "ninth": 9,
    "tenth": 10,
    "eleventh": 11,
    "twelfth": 12,
    "thirteenth": 13,
    "fourteenth": 14,
    "fifteenth": 15,
}
# An ordinal word is a rank only before one of these ("the fourth highest of 15").
RANK_SUPERLATIVES: tuple[str, ...] = (
    "highest",
    "lowest",
    "best",
    "worst",
    "largest",
    "smallest",
    "biggest",
    "most",
    "least",
    "fastest",
    "slowest",
    "greatest",
)

# Money multipliers: "£1.2 million", "£340k", "£2bn".
MONEY_SCALES: dict[str, int] = {
    "k": 1_000,
    "thousand": 1_000,
    "m": 1_000_000,
    "million": 1_000_000,
    "mn": 1_000_000,
    "bn": 1_000_000_000,
    "billion": 1_000_000_000,
}

DURATION_UNITS: dict[str, Unit] = {
    "day": "days",
    "days": "days",
    "week": "weeks",
    "weeks": "weeks",
    "month": "months",
    "months": "months",
    "year": "years",
    "years": "years",
}

# Comparator cues, written as regex fragments that end right before the comparator's value.
# kind -> fragments; the claims stage joins them.
COMPARATOR_CUES: dict[ComparatorKind, tuple[str, ...]] = {
    "england_average": (
        r"(?:England|English|national)\s+(?:averages?|medians?)",  # "the national median of £22.37"
        r"average\s+(?:for|in|across)\s+England",
        r"(?:England|national)\s+(?:figure|rate|level|value)s?",
        # a share in brackets after what it describes: "than the rest of England (18.6%)",
        # "and nationally (19%)", "slightly higher than average (18.9%)"
        r"(?:the\s+)?rest\s+of\s+(?:England|the\s+country)(?=\s*\()",
        r"nationally(?=\s*\()",
        r"than\s+(?:the\s+)?average(?=\s*\()",
        r"(?<=\()England",  # "and 81.5% said so (England 84.0%)"
        r"national(?=\s*\()",  # "higher than both the regional (27.1%) and national (26.0%) rates"
    ),
    "regional_average": (
        r"regional\s+(?:averages?|medians?)",  # "below the regional median of £22.37"
        r"regional\s+(?:figure|rate|level|value)s?",  # "above the regional figure of 88.0%"
        r"regional(?=\s*\()",  # "higher than both the regional (27.1%) and national (26.0%) rates"
        r"average\s+(?:for|in|across)\s+the\s+region",
        r"(?:North\s+East|North\s+West|Yorkshire\s+and\s+the\s+Humber|East\s+Midlands|West\s+Midlands"
        r"|East\s+of\s+England|London|South\s+East|South\s+West)\s+averages?",
    ),
    "comparable_authorities": (
        r"(?:comparator|comparable|similar)\s+(?:local\s+)?(?:authorit(?:y|ies)|councils?)\s+averages?",
        r"statistical\s+neighbours?(?:\s+averages?)?",
        r"comparator\s+(?:group\s+)?averages?",
    ),
    "other": (
        # "proportionately less than the rest of the south-east (12.1%)": another area, in brackets
        r"(?:the\s+)?rest\s+of\s+the\s+[\w-]+(?:\s+[\w-]+)?(?=\s*\()",
        # "below the UK rate of 4.2%": the whole country is not England
        r"(?:UK|United\s+Kingdom|Great\s+Britain)(?:[-\s]+wide)?\s+(?:averages?|medians?|figures?|rates?|levels?)",
    ),
    "target": (
        r"targets?",
        r"targets?\s+of\s+[a-z]+ing",  # "met its target of reviewing 70% of people"
        r"targets?\s+(?:is|was)\s+for",  # "its target is for 90% of calls to be answered ...; it was 84%"
    ),
}

# Words that make the next value a comparison ("compared with 9.9% across the region"); the
# value is a comparator only when a cue of COMPARATOR_CUES_AFTER follows it, else a claim of its
# own ("50% of carers, compared with 45% of people who use services"). Regex fragments.
COMPARISON_LEADS: tuple[str, ...] = (
    r"compared\s+(?:to|with)",
    r"in\s+comparison\s+(?:to|with)",
    r"against",
    r"versus",
    r"vs\.?",
    r"as\s+opposed\s+to",
    # "an uphold rate of 60% compared with an average of 70% for similar councils"
    r"(?:compared\s+(?:to|with)|against)\s+an\s+average\s+of",
)

# Comparator cues written after the value: kind -> regex fragments that start right after it
# ("compared to 75% regionally", "10.6% nationally", "compared to 60 in Q2"). A dated "in 2023",
# "in March 2024" also marks a previous value; the claims stage adds that pattern.
COMPARATOR_CUES_AFTER: dict[ComparatorKind, tuple[str, ...]] = {
    "regional_average": (
        r"regionally",
        r"(?:across|in|for)\s+the\s+(?:wider\s+)?region",
        r"(?:across|in|for)\s+the\s+(?:North\s+East|North\s+West|Yorkshire\s+and\s+the\s+Humber"
        r"|East\s+Midlands|West\s+Midlands|East\s+of\s+England|London|South\s+East|South\s+West)",
    ),
    "england_average": (
        r"nationally",
        r"(?:across|in|for)\s+England",
        r"across\s+the\s+country",
        r"nationwide",
        r"(?:across|in|for)\s+the\s+rest\s+of\s+(?:England|the\s+country)",  # "compared to 17.2% in the rest of England"
    ),
    "other": (r"(?:across|in|for)\s+the\s+(?:UK|United\s+Kingdom)",),  # "compared with 4.2% across the UK"
    "comparable_authorities": (
        r"(?:across|among|amongst|for|in)\s+(?:its\s+|their\s+|the\s+)?(?:comparator|comparable|similar)"
        r"\s+(?:local\s+)?(?:authorities|councils)",
        r"(?:across|among|amongst|for|in)\s+(?:its\s+|their\s+)?statistical\s+neighbours",
    ),
    "previous": (
        r"(?:in\s+|during\s+|for\s+)?(?:the\s+)?(?:previous|last|prior|preceding)\s+(?:year|quarter|month)",
        r"(?:a|one|the)\s+year\s+(?:earlier|before)",
        r"a\s+year\s+ago",
        r"in\s+Q[1-4]\b",
    ),
}

# Generic averages right before a value: a comparator only when a kind cue follows the value
# ("below the average of 14.0% among its statistical neighbours"), and never an earlier value
# ("the average of 46 days in 2023/24" is the claim). Regex fragments.
AVERAGE_LEADS: tuple[str, ...] = (r"the\s+average\s+(?:of|was|is|at)",)
# Leads after which a value in the unit of the claim just before it is that claim's comparator
# even with no kind cue ("a median of 34 days against 21 days for White British people").
OTHER_COMPARISON_LEADS: tuple[str, ...] = (r"against",)

# Cues right before an earlier value that the claim changed from ("was 1,020, down from 1,450").
PREVIOUS_CUES: tuple[str, ...] = (
    r"down\s+from",
    r"up\s+from",
    r"(?:a\s+)?(?:fall|rise)\s+from",
    r"(?<=\()from",  # "rising to 21% in the 2021 census (from 15% in 2011)"
)

# The earlier-value cues above that are themselves the report's judgement of the change
# ("was 61, down from 75": "down"); group "word" is the judgement.
PREVIOUS_CUE_JUDGEMENTS: tuple[str, ...] = (r"(?P<word>down|up)\s+from",)

# Words right after a value that make it the subject of a new clause, not the next item of a
# list of comparators: "the England average of 70.2%, and 83.1% said they felt secure".
CLAUSE_VERBS: tuple[str, ...] = (
    "said",
    "say",
    "says",
    "reported",
    "felt",
    "feel",
    "were",
    "was",
    "had",
    "have",
    "received",
    "described",
    "agreed",
    "told",
)

# Words that name the comparator group after a rank ("fourth highest of 15 comparable local
# authorities"). Without one, the denominator only defines the scale ("117th out of 153").
COMPARABLE_GROUP = r"(?:comparable|comparator|similar|statistical\s+neighbour)"

# The report's judgement of a claim against its comparator, longest first is not needed:
# the matcher keeps the longest overlapping phrase. Lowercase.
JUDGEMENT_PHRASES: tuple[str, ...] = (
    "not statistically different",
    "not statistically significantly different",
    "tending towards a positive statistical variation",
    "tending towards a negative statistical variation",
    "positive statistical variation",
    "negative statistical variation",
    "statistically similar",
    "statistically better",
    "statistically worse",
    "in line with",
    "broadly in line with",
    "similar",
    "comparable",
    "the same as",
    "consistent with",
    "much better",
    "significantly better",
    "slightly better",
    "somewhat better",
    "better",
    "much worse",
    "significantly worse",
    "slightly worse",
    "somewhat worse",
    "worse",
    "much higher",
    "significantly higher",
    "slightly higher",
    "somewhat higher",
    "higher",
    "much lower",
    "significantly lower",
    "slightly lower",
    "somewhat lower",
    "lower",
    "above",
    "below",
    "more",
    "fewer",
    "less",
    # "well above the national figure of 18.4%", "slightly below the England average"
    "well above",
    "well below",
    "slightly above",
    "slightly below",
    "just above",
    "just below",
    "significantly above",
    "significantly below",
    "far above",
    "far below",
    "increased",
    "increase",
    "decreased",
    "decrease",
    "small decrease",
    "small increase",
    "slight decrease",
    "slight increase",
    "significant increase",
    "significant decrease",
    "reduced",
    "reduction",
    "decline",
    "declined",
    "improved",
    "improvement",
    "deteriorated",
    "rose",
    "risen",
    "fell",
    "fallen",
    "dropped",
    "grew",
    "exceeding",
    "exceeded",
    "exceeds",  # "94%, exceeding the contractual target of 90%"
    # of a population against another ("an older population than the rest of England",
    # "a greater proportion of children ... as compared to the England averages")
    "older",
    "younger",
    "much older",
    "much younger",
    "greater",
    "smaller",
)
# Judgements of a value against its target only ("met its target of reviewing 70% of people ...,
# reaching 73%"); against any other comparator they are no judgement ("needs were met").
TARGET_JUDGEMENTS: tuple[str, ...] = ("met", "not met", "missed", "achieved", "fell short of")
# Objects after "met"/"achieved" that make it the verb of the metric, not a judgement of the
# target ("71% met the required standard, against a target of 80%").
METRIC_OBJECTS: tuple[str, ...] = (
    "standard",
    "standards",
    "criteria",
    "criterion",
    "threshold",
    "outcomes",
    "outcome",
    "needs",
    "goals",
    "timescale",
    "timescales",
    "deadline",
    "benchmark",
)
# Judgements of a value against an earlier one only ("increasing to 16.4% in the 2021 census (from
# 11.2% in 2011)"); against any other comparator they describe a trend, not the comparison.
PREVIOUS_JUDGEMENTS: tuple[str, ...] = ("increasing", "decreasing", "reducing")
# Nouns after a comparative that make it part of the metric's wording, not a judgement
# ("no further support or support at a lower level, against 77.5% nationally").
JUDGEMENT_NOT_BEFORE: tuple[str, ...] = (
    "level",
    "levels",
    "need",
    "needs",
    "risk",
    "tier",
    # "older people", "younger adults": who is counted, not a judgement
    "people",
    "person",
    "persons",
    "adults",
    "adult",
    "residents",
    "carers",
    "age",
)
# Of these, the ones that signal a change from an earlier value ("a reduction from 91 people").
CHANGE_WORDS: tuple[str, ...] = (
    "increased",
    "increase",
    "increasing",
    "decreased",
    "decrease",
    "decreasing",
    "reduced",
    "reduction",
    "reducing",
    "decline",
    "declined",
    "fell",
    "fallen",
    "rose",
    "risen",
    "dropped",
    "drop",
    "grew",
    "grown",
    "improved",
    "improvement",
    "deteriorated",
    "brought",
    "went",
)

MONTHS: tuple[str, ...] = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)

# Labels whose number is structure, not a quantity ("Theme 1", "Section 42", "Score: 3").
LABEL_WORDS: tuple[str, ...] = (
    "Theme",
    "Score",
    "Section",
    "section",
    "Part",
    "Chapter",
    "Appendix",
    "Annex",
    "Figure",
    "Table",
    "Step",
    "Stage",
    "Phase",
    "Tier",
    "Level",
    "Quality statement",
    "Article",
    "Schedule",
    "Regulation",
    "paragraph",
    "Paragraph",
    "Standard",
    "Principle",
    "Priority",
    "Question",
)
# Words that make the number before them a value, not a year's end ("in 2023 to 37 days"):
# regex fragments ("days?": day or days), matched as whole words after the number
VALUE_AFTER_WORDS: tuple[str, ...] = (
    "per",
    "percent",
    "days?",
    "weeks?",
    "months?",
    "years?",
    "hours?",
    "minutes?",
    "people",
    "persons?",
    "adults?",
    "carers?",
    "residents?",
    "referrals?",
    "cases",
    "staff",
    "workers?",
    "homes?",
    "beds?",
    "places?",
    "assessments?",
    "reviews?",
    "contacts?",
    "requests?",
    "enquiries",
    "applications?",
    "packages?",
    "visits?",
)
# After a staffing ratio, the kind of care it names ("1:1 support", "2:1 care", "a 1:1 basis")
CARE_RATIO_NOUNS: tuple[str, ...] = (
    "support",
    "care",
    "basis",
    "staffing",
    "session",
    "sessions",
    "visit",
    "visits",
    "help",
    "time",
    "conversation",
    "conversations",
    "meeting",
    "meetings",
    "call",
    "calls",
    "work",
    "working",
    "supervision",
    "contact",
    "package",
    "packages",
)
# More labels, matched as written here: lowercase ones capitalised or not ("phase 3", "Level 2"),
# capitalised ones only so ("Year 1" is a label, "in the last year 320 people" is not).
MORE_LABEL_WORDS: tuple[str, ...] = (
    "phase",
    "stage",
    "tier",
    "level",
    "step",
    "wave",
    "band",
    "cohort",
    "Year",
    "Key Stage",
    "version",  # "the Carers' Charter (version 3)", "(Version 2.1)"
    # a month of the financial year is a period ("forecasting at month 9", "Month 6 position");
    # lowercase only after a preposition ("in the last month 320 people" is no label)
    "Month",
    "at month",
    "by month",
    "in month",
    "to month",
    "from month",
)

# Fractions written in words ("a third of people", "Half of the respondents"): their value.
FRACTION_WORDS: dict[str, float] = {
    "half": 1 / 2,
    "third": 1 / 3,
    "thirds": 1 / 3,
    "quarter": 1 / 4,
    "quarters": 1 / 4,
    "fifth": 1 / 5,
    "fifths": 1 / 5,
}
# Counts before a fraction word ("two thirds", "a quarter"); "half" needs none.
FRACTION_COUNTS: dict[str, int] = {"a": 1, "one": 1, "two": 2, "three": 3, "four": 4}
# Before a fraction, these make it a part, not a share ("the first half of", "each quarter of").
FRACTION_NOT_AFTER: tuple[str, ...] = ("the", "this", "that", "each", "every", "per", "last", "other")
# After "<fraction> of", these make it a part of a period, not a share ("the first half of 2024").
FRACTION_PERIOD_WORDS: tuple[str, ...] = ("year", "month", "week", "day", "period", "decade", "quarter")

# Nouns a number before "+" or a range before names an age group ("the 65+ population", "the
# 75-84 age range"), and nouns whose "over/under N" is an age ("people over 90", "those over 60").
AGE_GROUP_NOUNS: tuple[str, ...] = (
    "population",
    "age group",
    "age groups",
    "age range",
    "age ranges",
    "age band",
    "age bands",
    "age bracket",
    "bracket",
    "cohort",
    "year-olds",
    "year olds",
)
AGED_PEOPLE: tuple[str, ...] = (
    "people",
    "adults",
    "residents",
    "persons",
    "individuals",
    "men",
    "women",
    "those",
    "carers",
    "population",
    "everyone",
    "anyone",
)
# Groups a threshold after "with", "where" defines ("villages with fewer than 1,000 residents",
# "households where at least 1 person has served", "carers with more than 50 hours of caring").
DEFINED_GROUPS: tuple[str, ...] = (
    "households",
    "homes",
    "villages",
    "towns",
    "hamlets",
    "areas",
    "wards",
    "settlements",
    "communities",
    "neighbourhoods",
    "families",
    "people",
    "those",
    "adults",
    "residents",
    "carers",
    "children",
    "young people",
    "older people",
    "services",
    "providers",
    "care homes",
    "practices",
    "schools",
    "places",
    "anyone",
    "everyone",
)
# Adjectives of a percentage band written before it ("the most deprived 10%", "the least affluent 20%").
BAND_ADJECTIVES: tuple[str, ...] = ("deprived", "affluent", "disadvantaged", "advantaged")
# Words after "<number> <noun>" that make the number part of a practice model's name ("the 3
# conversations approach", "a 3 conversations (3Cs) model"), not a count.
MODEL_WORDS: tuple[str, ...] = ("approach", "approaches", "model", "models", "framework", "methodology")
# Singular nouns that a name holding a number ends in ("the 4 steps model", "its 6 Steps pathway",
# "a 10 point plan", "the five year forward view"): a number and one to three words before one of
# them is part of the name; a count would have its plural noun ("4 programmes").
NAME_HEADS: tuple[str, ...] = (
    "approach",
    "model",
    "framework",
    "methodology",
    "method",
    "programme",
    "program",
    "plan",
    "strategy",
    "pathway",
    "vision",
    "view",
    "way of working",
    "toolkit",
    "charter",
    "pledge",
    "offer",
    "principle",
    "test",
    "rule",
    "tool",
)
# Words that cannot stand inside a name between its number and its noun: they begin a phrase of
# their own ("30 cases under the strategy", "5 days on the plan").
FUNCTION_WORDS: tuple[str, ...] = (
    "the",
    "a",
    "an",
    "of",
    "on",
    "in",
    "under",
    "for",
    "to",
    "with",
    "by",
    "at",
    "from",
    "into",
    "its",
    "their",
    "our",
    "his",
    "her",
    "this",
    "that",
    "these",
    "those",
    "and",
    "or",
    "per",
    "was",
    "were",
    "is",
    "are",
    "had",
    "have",
    "has",
    "as",
    "than",
    "who",
    "which",
)

# ---------------------------------------------------------------------------------------------
# Periods: how far a period reaches (pipeline.stages.claims.periods)

# Words by which a sentence refers back to the time of an earlier figure of its paragraph, and so
# takes that figure's period ("Its actual spend for that year was ...", "For women, this gap was
# 4.7 years", "... were started in this period"). A sentence without one (or an opener below)
# turns to its own subject and takes no period from before it.
PERIOD_BACK_REFERENCES: tuple[str, ...] = (
    "that year",
    "the year",
    "the same year",
    "that period",
    "this period",
    "the same period",
    "that time",
    "this time",
    "the same time",
    "this time period",
    "that time period",
    "by then",
    "by that time",
    "at that point",
    "this gap",
    "that gap",
    "this figure",
    "this number",
    "this rate",
    "these figures",
    "these numbers",
    # the financial facts: the year's estimate, then "Its actual spend was ..."
    "actual spend",
    "actual spending",
    "actual expenditure",
)
# A sentence that opens with one of these continues the set counted before it ("Of the 412
# people waiting, 60 ...", "Of these, 212 were ..."); inside a sentence they name a part of a
# set ("with 8% of them aged over 75"), not a time.
PERIOD_BACK_OPENERS: tuple[str, ...] = ("of the", "of these", "of those", "of this", "of them")

# Stems of the words of a change: a period of change ("since 2011", "between 2011 and 2021" of
# a rise) dates the changes of its sentence, not the levels ("grew by 3.3% between 2011 and
# 2021, with 19% aged under 18": the 19% is not dated by the range).
CHANGE_STEMS: tuple[str, ...] = (
    "increas",
    "decreas",
    "rise",
    "rose",
    "risen",
    "rising",
    "grow",
    "grew",
    "fell",
    "fall",
    "declin",
    "drop",
    "reduc",
    "chang",
    "growth",
)
# Words that make a period a projection ("is projected to double by 2040", "expected to reach
# 20,000 between 2025 and 2045"); "estimated" is not one: the financial facts' "estimated that
# in 2023/24 its budget would be" is the year's estimate, not a forecast.
PROJECTION_WORDS: tuple[str, ...] = (
    "projected",
    "projection",
    "projections",
    "predicted",
    "prediction",
    "expected",
    "forecast",
    "forecasts",
    "forecasted",
    "anticipated",
    "will",
    "is set to",
    "are set to",
    "likely to",
)
