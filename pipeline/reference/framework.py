"""CQC's assessment framework for local authorities, as reference data (no logic beyond lookups).

Source: CQC, "Assessment framework for local authority assurance" and the published
local authority assessment reports (2024 on): four themes, nine quality statements,
scores 1-4 with fixed labels, and the bands that turn a percentage score into a rating.
"""

from __future__ import annotations

from dataclasses import dataclass

import regex


@dataclass(frozen=True)
class ThemeDef:
    number: int
    title: str  # generic title; reports write "Theme 1: How <Council> works with people"


@dataclass(frozen=True)
class StatementDef:
    slug: str
    theme: int
    title: str  # canonical title
    variants: tuple[str, ...] = ()  # other titles seen in reports (score list vs heading)


THEMES: tuple[ThemeDef, ...] = (
    ThemeDef(1, "How the local authority works with people"),
    ThemeDef(2, "Providing support"),
    ThemeDef(3, "How the local authority ensures safety within the system"),
    ThemeDef(4, "Leadership"),
)

STATEMENTS: tuple[StatementDef, ...] = (
    StatementDef("assessing-needs", 1, "Assessing needs"),
    StatementDef(
        "supporting-healthier-lives",
        1,
        "Supporting people to live healthier lives",
        ("Supporting people to lead healthier lives",),
    ),
    StatementDef("equity-in-experience-and-outcomes", 1, "Equity in experience and outcomes"),
    StatementDef(
        "care-provision-integration-continuity",
        2,
        "Care provision, integration and continuity",
    ),
    StatementDef("partnerships-and-communities", 2, "Partnerships and communities"),
    StatementDef(
        "safe-pathways-systems-transitions",
        3,
        "Safe pathways, systems and transitions",
        ("Safe systems, pathways and transitions",),
    ),
    StatementDef("safeguarding", 3, "Safeguarding"),
    StatementDef(
        "governance-management-sustainability",
        4,
        "Governance, management and sustainability",
    ),
    StatementDef(
        "learning-improvement-innovation",
        4,
        "Learning, improvement and innovation",
    ),
)

STATEMENTS_BY_SLUG: dict[str, StatementDef] = {s.slug: s for s in STATEMENTS}

# Score -> the label CQC prints under it ("3 - Evidence shows a good standard").
SCORE_LABELS: dict[int, str] = {
    1: "Evidence shows significant shortfalls",
    2: "Evidence shows some shortfalls",
    3: "Evidence shows a good standard",
    4: "Evidence shows an exceptional standard",
}

# Score -> the rating word some reports put before the label
# ("1 - Inadequate: Evidence shows significant shortfalls").
SCORE_RATING_WORDS: dict[int, str] = {
    1: "Inadequate",
    2: "Requires improvement",
    3: "Good",
    4: "Outstanding",
}

# Overall percentage score -> rating, inclusive bounds (CQC: 25-38, 39-62, 63-87, 88-100).
RATING_BANDS: tuple[tuple[int, int, str], ...] = (
    (25, 38, "Inadequate"),
    (39, 62, "Requires improvement"),
    (63, 87, "Good"),
    (88, 100, "Outstanding"),
)

RATINGS: tuple[str, ...] = tuple(band[2] for band in RATING_BANDS)
# The lowest overall percentage a report can state: 9 statements all scored 1 -> 25%. A bare
# "Score: 75" under the rating is the overall percentage; a statement's score is 1 to 4.
LOWEST_OVERALL_PERCENT = RATING_BANDS[0][0]

# Top-level headings outside the themes. "About <Council>" and "Summary of ..." are matched by
# prefix, and only before the first theme (inside the findings they are subheadings).
SECTION_HEADINGS: tuple[str, ...] = (
    "How we assess local authorities",
    "Demographics",
    "Financial facts",
    "Overall summary",
    "Local authority rating and score",
    # the 2023 pilot reports' heading over the rating ("Good: Evidence shows a good standard")
    "Local authority indicative rating",
    "Quality statement scores",
    "Summary of people's experiences",
    "Summary of strengths, areas for development and next steps",
)
SECTION_PREFIXES: tuple[str, ...] = ("About ", "Summary of ")
# "About Anytown Council" names the council when a page has no title line.
COUNCIL_HEADING_PREFIX = "About "
# Words that make a capitalised name a council's: the 2023 pilot reports' title line has no
# "local authority" ("Eastmoor City Council assessment"), so the name itself must say it.
COUNCIL_WORDS: tuple[str, ...] = ("Council", "Borough", "County", "City", "Metropolitan")
# Lowercase words inside a council's name ("London Borough of Eastmoor and Westfield").
COUNCIL_NAME_CONNECTORS: tuple[str, ...] = ("of", "and", "upon", "on", "the", "in", "under", "le")


# Punctuation and symbols fold to a space: "Care provision, integration & continuity".
_PUNCTUATION = regex.compile(r"[\p{P}\p{S}]+")
# US spellings fold to UK ones: "prioritize" -> "prioritise", "organization" -> "organisation".
_US_SPELLING = regex.compile(r"\b(\w+)iz(e|es|ed|ing|ation)\b")
# Headings are short; a longer line is never compared as a title (and is not folded: speed).
MAX_TITLE_LENGTH = 120


def normalise_title(title: str) -> str:
    """Fold case, punctuation, dashes, spacing and US/UK spelling so titles compare equal.

    "Care provision, integration and continuity" == "Care provision integration & continuity".
    """
    folded = title.casefold().replace("&", " and ")
    folded = _PUNCTUATION.sub(" ", folded)
    folded = _US_SPELLING.sub(r"\1is\2", folded)
    return " ".join(folded.split())


_TITLE_INDEX: dict[str, StatementDef] = {
    normalise_title(title): s for s in STATEMENTS for title in (s.title, *s.variants)
}


def statement_for_title(title: str) -> StatementDef | None:
    """The statement a heading names, or None. Accepts every known variant."""
    if len(title) > MAX_TITLE_LENGTH:
        return None
    return _TITLE_INDEX.get(normalise_title(title))


def rating_for_percent(percent: int) -> str | None:
    for low, high, rating in RATING_BANDS:
        if low <= percent <= high:
            return rating
    return None


def derived_percent(scores: list[int]) -> int | None:
    """The overall score CQC states: the ceiling of the statement scores' share of the most
    they could be, ``ceil(100 * sum / (4 * n))``.

    CQC rounds up, not to the nearest: published reports with 22 of 36 points (61.1%) state
    62%, and none of the others we have contradicts the ceiling (14 -> 39, 20 -> 56, 23 -> 64,
    28 -> 78 of 36). Integer arithmetic, so an exact share (27 of 36 = 75) is not pushed up.
    """
    if not scores:
        return None
    return -(-100 * sum(scores) // (4 * len(scores)))


def derived_share(scores: list[int]) -> float | None:
    """The exact share behind ``derived_percent``, in percent to two decimals (22/36 -> 61.11)."""
    if not scores:
        return None
    return round(100 * sum(scores) / (4 * len(scores)), 2)


_RATING_INDEX: dict[str, str] = {normalise_title(r): r for r in RATINGS}


def canonical_rating(word: str) -> str | None:
    if len(word) > MAX_TITLE_LENGTH:
        return None
    return _RATING_INDEX.get(normalise_title(word))


# The report's title on the site and in its downloads, group "council":
# "Staffordshire County Council: local authority assessment"
REPORT_TITLE = regex.compile(r"^(?P<council>.+?)\s*[:\-–—]\s*local authority assessment$", regex.I)
# The 2023 pilot reports' title: "Eastmoor City Council assessment" (no "local authority"): a
# name of capitalised words and connectors, which must hold a council word (``pilot_title``)
_PILOT_TITLE = regex.compile(
    r"^(?P<council>\p{Lu}[\p{L}'’.&-]*(?:\s+(?:\p{Lu}[\p{L}'’.&-]*|"
    + "|".join(COUNCIL_NAME_CONNECTORS)
    + r"))*)\s+assessment$"
)
_COUNCIL_WORD = regex.compile(r"\b(?:" + "|".join(COUNCIL_WORDS) + r")\b")


def pilot_title(line: str):
    """The match (group "council") when ``line`` is a pilot report's title, else None.

    "Carers Needs assessment" names no council: not a title.
    """
    if not line.endswith("assessment"):
        return None
    match = _PILOT_TITLE.match(line)
    if match is None or not _COUNCIL_WORD.search(match["council"]):
        return None
    return match


# The assessment's frame, by which a page with a pilot title is known to be a report page:
# a score line "Score: 3", "Indicative score: 2", "Indicative score:" ...
_FRAME_SCORE = regex.compile(r"^(?:indicative\s+)?score\s*:?\s*(?:[1-4](?!\d|\s*%)|$)", regex.I)
# ... "<statement> Score: 3" on one line (a printed score list) ...
_FRAME_STATEMENT_SCORE = regex.compile(r"^(?P<title>.+?)\s*[-–—:]?\s*(?:indicative\s+)?score\s*:", regex.I)
# ... and "What people expect"; list markers go first ("- Assessing needs", "• Safeguarding").
_FRAME_EXPECT = regex.compile(r"^what\s+people\s+expect\b", regex.I)
_FRAME_BULLET = regex.compile(r"^[-•*·▪◦‣–]\s+")
# ... or, on a pilot report's overview page (no statement on it), its indicative rating: the
# heading "Local authority indicative rating" (or "Indicative rating:") with the rating after
# it, on its line or the next: "Good: Evidence shows a good standard" ...
_FRAME_INDICATIVE_RATING = regex.compile(
    r"^(?:local\s+authority\s+)?indicative\s+rating\b\s*:?\s*(?P<rest>.*)$", regex.I
)
# ... or its indicative score: "Indicative score: 56%", "Indicative score: 2"
_FRAME_INDICATIVE_SCORE = regex.compile(r"^indicative\s+score\s*:?\s*(?:[1-4]|\d{1,3}\s*%)(?!\d)", regex.I)
_FRAME_RATING_WORDS = regex.compile(r"^(?P<rating>[^:–—-]+)")


def _states_rating(line: str) -> bool:
    """Does the line begin with an overall rating ("Good: Evidence shows a good standard")?"""
    words = _FRAME_RATING_WORDS.match(line)
    return bool(words and canonical_rating(words["rating"].strip()))


def has_assessment_frame(lines) -> bool:
    """Do these lines hold the assessment's frame: a quality statement's title (alone, or
    before its score) and a score line or "What people expect"; or a pilot overview's
    indicative rating (with the rating) or indicative score?"""
    statement = score = rating_heading = False
    for line in lines:
        line = _FRAME_BULLET.sub("", line.strip())
        if not line:
            continue
        if rating_heading and _states_rating(line):
            return True
        indicative = _FRAME_INDICATIVE_RATING.match(line)
        rating_heading = bool(indicative)
        if (indicative and _states_rating(indicative["rest"])) or _FRAME_INDICATIVE_SCORE.match(line):
            return True
        if not statement:
            pair = _FRAME_STATEMENT_SCORE.match(line)
            statement = bool(statement_for_title(line) or (pair and statement_for_title(pair["title"])))
            score = score or bool(pair and statement)
        if not score:
            score = bool(_FRAME_SCORE.match(line) or _FRAME_EXPECT.match(line))
        if statement and score:
            return True
    return False
