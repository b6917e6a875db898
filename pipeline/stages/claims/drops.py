"""The rows of ``RULES`` that drop a number: structure, not a quantity. Each test below is one
row's; its docstring quotes a real example, and the patterns it uses stand right above it.

- span stage (``_SPAN_PATTERNS``): spans whose numbers are never read (dates, laws, labels,
  ages and age bands, scale definitions, clock times), found in one ``_Alternation`` scan per
  sentence;
- number stage: a numeral on its own (a money threshold, "COVID-19", "Level 2", "NHS 111", ages
  and age bands, bands of deprivation, scale anchors, defined groups, practice models);
- sentence stage: number words ("one other", "a five-year strategy", "the Three Conversations"),
  hours, and durations that are thresholds or periods ("more than 28 days", "the 12 months prior
  to"); among them the one row that keeps its number as a claim, "longest-wait".

Reads: a ``_Context`` (``context``). Writes: only its answer, except "longest-wait", which
annotates the unit and hedge of the claim it decides.
"""

from __future__ import annotations

import regex

from pipeline.reference import lexicon
from pipeline.reference.lexicon import MONTHS
from pipeline.stages.claims.context import _CLOSE_BRACKET, _annotate, _Context, _duration
from pipeline.stages.claims.shortcuts import _Alternation, _may_end_with

_MONTHS = "|".join(MONTHS)


# ---------------------------------------------------------------------------------------------
# Span stage: structure found before any number is read
# lexicon.LABEL_WORDS as alternatives, a space inside one matching any spacing ("Quality statement")
_LABEL_WORDS = "|".join(regex.escape(w).replace(r"\ ", r"\s+") for w in lexicon.LABEL_WORDS)

# Spans whose numbers are structure, never quantities: the first rows of the rule table
# (``RULES``, stage "span"), found in one scan of each sentence.
_SPAN_PATTERNS: tuple[tuple[str, str], ...] = (
    ("date", r"\b\d{1,2}(?:st|nd|rd|th)?\s+(?:" + _MONTHS + r")(?:\s+\d{4})?"),  # 30 May 2025
    ("month-and-year", r"\b(?:" + _MONTHS + r")\s+\d{4}"),  # December 2024
    ("financial-year", r"(?<![\d,.£])(?:19|20)\d{2}\s*/\s*\d{2,4}\b"),  # 2023/24  2023/2024
    (
        "year",
        r"(?<![\d,.£])(?:19|20)\d{2}(?!\d|,\d{3}|\.\d|\s*(?:%|per\s*cent))"  # 2006  (2023-2028)
        # 2023-24, 2023 to 2025, "the plan for 2023 to 25 was"; not "from 63 days in 2023 to
        # 37 days": a short end after "to" with a unit or a counted noun after it is a value
        r"(?:\s*[-–]\s*\d{2,4}\b|\s+to\s+(?:(?:19|20)\d{2}\b|\d{2}\b(?!\s*(?:%|(?:"
        + "|".join(lexicon.VALUE_AFTER_WORDS)
        + r")\b))))?",
    ),
    ("law", r"\bAct\s+(?:of\s+)?\d{4}"),  # Care Act 2014
    # a label's number may have parts, the whole of it the label: "paragraph 6.4", "Standard 2.3.1"
    (
        "numbered-label",
        r"\b(?:" + _LABEL_WORDS + r")\s*:?\s*\d+(?:\.\d+)*[A-Za-z]?\b(?!\s*%)",
    ),  # Theme 1, Section 75
    ("quarter", r"\b[Qq]uarter\s+[1-4]\b"),  # in quarter 3 of 2024/25
    ("score-line", r"(?:^|(?<=\n))\s*\d\s*[-–]\s*(?:[A-Z][a-z]+(?:\s+[a-z]+)?:\s*)?Evidence\s+shows"),
    #                                                                                     3 - Evidence shows
    (
        "age",
        r"\bag(?:ed|es?)\s+(?:(?:over|under|above|below|between|from|of|at\s+least)\s+)?\d+"  # aged 18 to 64, aged above 80
        r"(?:\s*(?:to|and|-|–)\s*\d+)?",
    ),
    ("age-of", r"\bage\s+of\s+\d+"),  # over the age of 65
    (
        "age-or-over",
        r"\b\d+\s*(?:years?\s+)?(?:or|and)\s+(?:over|more|older|above|under)\b",
    ),  # 65 years or over
    ("age-band-year-olds", r"\b\d+\s*(?:[-–]|to)\s*\d+[-\s]year[-\s]olds?"),  # 18-64 year olds
    ("over-ages", r"\bover[-\s]\d+s\b"),  # over-65s
    ("at-least-one", r"\bat\s+least\s+1\s+[a-z]+(?<!s)\b"),  # at least 1 person has served
    ("per-base", r"\bper\s+\d[\d,]*"),  # per 100,000
    ("out-of-scale", r"\bout\s+of\s+\d[\d,]*(?![\d,]|\s+(?:\w+\s+){0,2}?" + lexicon.COMPARABLE_GROUP + r")"),
    #                                                                                     117th out of 153
    (
        "scale-definition",
        r"\(\s*(?:with\s+)?\d+\s+(?:is|being|=)\s+[^()]*\b(?:least|most|lowest|highest|best|worst)\b[^()]*\)",
    ),
    #                                                     (1 is the least deprived, 10 is the most deprived)
    (
        "scale-being",
        r"\bwith\s+\d+\s+being\s+the\s+(?:least|most|lowest|highest)",
    ),  # with 10 being the most deprived
    # the length of a ranked list, not a quantity: "the top 3 reasons", "its 5 most common
    # causes", "the top 10 areas"; not "the top 10% most deprived" (a band, below)
    (
        "list-length",
        r"\b(?:[Tt]he|[Ii]ts|[Tt]heir|[Oo]ur)\s+(?:top\s+\d{1,2}(?![\d.,%])(?!\s*(?:%|per\s*cent))"
        r"|\d{1,2}\s+(?:most\s+(?:common|frequent|cited|reported)|main|biggest|commonest)\s+[a-z]+s)\b",
    ),
    ("hours-a-week", r"\b\d+\s*/\s*7\b"),  # 24/7
    # a kind of care named by its staffing ratio, not a quantity: "1:1 support", "2:1 care",
    # "on a 1:1 basis", "one-to-one" is words; "a ratio of 1:4 staff" stays (no care noun after)
    ("care-ratio", r"\b[1-4]\s?:\s?[1-4]\b(?=\s+(?:" + "|".join(lexicon.CARE_RATIO_NOUNS) + r")\b)"),
    ("numeric-date", r"\b\d{1,2}/\d{1,2}/(?:\d{4}|\d{2})\b"),  # 14/02/2025
    ("measure-code", r"\((?<=\w\()\d{1,2}[a-z]?\)"),  # ASCOF 2B(1), s42(2)
    ("clock-time", r"\b\d{1,2}[:.]\d{2}\s*(?:am|pm)\b"),  # 9.30am
    ("clock-hour", r"\b\d{1,2}\s*(?:am|pm)\b"),  # 9am
)
_BLOCKERS = _Alternation(*(pattern for _, pattern in _SPAN_PATTERNS))
# The compiled pattern a blocker match came from -> its rule's name
_SPAN_RULE_NAME = {pattern: name for pattern, (name, _) in zip(_BLOCKERS.patterns, _SPAN_PATTERNS)}


# ---------------------------------------------------------------------------------------------
# Number stage: a numeral on its own
_MONEY_THRESHOLD = regex.compile(  # costing under £1,000
    r"(?<=\b(?:"
    + "|".join(regex.escape(w).replace(r"\ ", r"\s+") for w in lexicon.MONEY_THRESHOLD_LEADS)
    + r")\s+(?:"
    + "|".join(regex.escape(w).replace(r"\ ", r"\s+") for w in lexicon.THRESHOLD_WORDS)
    + r")\s+)",
    regex.IGNORECASE,
)


def _money_threshold(c: _Context) -> bool:
    """ "minor adaptations costing under £1,000 were free": the amount defines what is counted."""
    return c.m.unit == "gbp" and _MONEY_THRESHOLD.match(c.text, c.m.start) is not None


_LETTER_HYPHEN = regex.compile(r"[A-Za-z]-")  # COVID-19
_HYPHEN_LETTER = regex.compile(r"-[A-Za-z]")  # 5-day, a five-year strategy


def _glued_to_letters(c: _Context) -> bool:
    """ "COVID-19", "co-2", "a 5-day timeframe", "3D": a numeral glued to letters is a name's part."""
    m = c.m
    if m.unit == "gbp":
        return False
    pct = m.unit == "percent"
    after = c.text[m.end : m.end + 2]
    return bool(
        _LETTER_HYPHEN.match(c.text[max(0, m.start - 2) : m.start])
        or _HYPHEN_LETTER.match(after)
        and not pct
        or after[:1].isalpha()
        and not pct
    )


_BAND_AFTER = regex.compile(r"\s+(?:most|least)\b")  # the top 10% most deprived


def _band_after(c: _Context) -> bool:
    """ "the 10% most deprived areas": a percentage that defines a band."""
    return c.m.unit == "percent" and _BAND_AFTER.match(c.text, c.m.end) is not None


# Numbers that are labels, names or bands, tested at the number itself (a zero-width match at
# one position: a scan of every sentence for them costs more than the rest of the rule)
_LABEL_BEFORE = regex.compile(  # Year 1, phase 3, Level 2
    r"(?<=\b(?:"
    + "|".join(f"[{w[0].upper()}{w[0]}]{w[1:]}" if w.islower() else w for w in lexicon.MORE_LABEL_WORDS)
    + r")\s{1,3})"
)


def _label_before(c: _Context) -> bool:
    """ "Level 2", "Year 1", "forecasting at month 9": a label's number."""
    return c.m.unit in (None, "rank") and _LABEL_BEFORE.match(c.text, c.m.start) is not None


_ACRONYM_BEFORE = regex.compile(r"(?<=\b[A-Z]{2,}\s{1,3})(?!(?:19|20)\d\d\b)")  # NHS 111, not SALT 2023-24


def _acronym_before(c: _Context) -> bool:
    """ "NHS 111": a number after an acronym names a service."""
    return c.m.unit is None and _ACRONYM_BEFORE.match(c.text, c.m.start) is not None


_ORDINAL_NOT_RANK = regex.compile(  # their 17th birthday
    r"\s+(?:" + "|".join(lexicon.ORDINAL_NOT_RANK_BEFORE) + r")\b", regex.IGNORECASE
)


def _ordinal_not_rank(c: _Context) -> bool:
    """ "before their 17th birthday": an ordinal that is an age or a date, not a rank."""
    return c.m.unit == "rank" and _ORDINAL_NOT_RANK.match(c.text, c.m.end) is not None


# lexicon.AGE_GROUP_NOUNS as alternatives: "population", "age group"
_AGE_GROUP_NOUNS = "|".join(regex.escape(w).replace(r"\ ", r"\s+") for w in lexicon.AGE_GROUP_NOUNS)
# Ages, bands, anchors and names, tested at the number (one position each, like the labels
# above: as patterns searched over every sentence they cost more than the rest of the rules)
_AGE_GROUP_AFTER = regex.compile(r"\s*\+\s*(?:" + _AGE_GROUP_NOUNS + r")\b")  # the 65+ population
_AGE_NOUN_AFTER = regex.compile(r"\s*(?:" + _AGE_GROUP_NOUNS + r")\b")  # (18 to 64) population
_RANGE_START_BEFORE = regex.compile(r"\b\d{1,3}\s*(?:[-–]|to)\s*$")  # 75-|84
_RANGE = regex.compile(r"\d{1,3}\s*(?:[-–]|to)\s*\d{1,3}\b")  # 75-84
_AGE_WORD_BRACKET_BEFORE = regex.compile(  # the working age population (16-64)
    r"\b(?:age|aged|ages|population)\s*\(\s*$", regex.IGNORECASE
)
_OVER_UNDER_BEFORE = regex.compile(r"(?<=\b(?:over|under)[-\s]+)")  # the over 65 population
_AGE_PLUS_PEOPLE = regex.compile(r"\s*\+\s*(?:" + "|".join(lexicon.AGED_PEOPLE) + r")\b")  # the 85+ residents


def _age_group(c: _Context) -> bool:
    """ "the 85+ population", "its 65+ residents" (two digits), "the over 65 population", the
    bounds of "the 50-64 age group", "the 18 to 64 population", "working age (16-64)": an age band."""
    m, text = c.m, c.text
    if m.unit is not None or len(m.text) > 3:
        return False
    if (
        _AGE_GROUP_AFTER.match(text, m.end, c.limit)
        or len(m.text) == 2
        and _AGE_PLUS_PEOPLE.match(text, m.end, c.limit)
        or _OVER_UNDER_BEFORE.match(text, m.start)
        and _AGE_NOUN_AFTER.match(text, m.end, c.limit)
    ):
        return True
    back = _RANGE_START_BEFORE.search(text, max(0, m.start - 12), m.start)
    start = back.start() if back else m.start
    band = _RANGE.match(text, start, c.limit)
    if band is None or band.end() < m.end:
        return False
    return bool(
        _AGE_NOUN_AFTER.match(text, band.end(), c.limit)
        or _AGE_WORD_BRACKET_BEFORE.search(text, max(0, start - 30), start)
        and _CLOSE_BRACKET.match(text, band.end(), c.limit)
    )


_AGE_OF_PEOPLE_BEFORE = regex.compile(  # people over 90, those over 60
    r"(?<=\b(?:" + "|".join(lexicon.AGED_PEOPLE) + r")\s+(?:aged\s+)?"
    r"(?:over|under|above|below|older\s+than|younger\s+than)\s+)"
)
_NOT_AN_AGE_AFTER = regex.compile(  # not "people over 28 days"
    r"\s*(?:%|per\b|[.,]\d)|\s+(?:days?|weeks?|months?|hours?|people|adults)\b"
)


def _age_of_people(c: _Context) -> bool:
    """ "residents over 95", "those under 25 leaving care": an age, after the people it bounds."""
    m = c.m
    return (
        m.unit is None
        and len(m.text) <= 3
        and _AGE_OF_PEOPLE_BEFORE.match(c.text, m.start, c.limit) is not None
        and not _NOT_AN_AGE_AFTER.match(c.text, m.end, c.limit)
    )


_AGE_BEFORE_SHARE = regex.compile(r"(?<=\b(?:under|over|below|above)\s+)")  # under 18 (20.1%)
_SHARE_AFTER_AGE = regex.compile(  # not "Over 40 (12%) of providers"
    r"\s*(?:years?\s*)?\(\s*\d[\d.,]*\s*%\s*\)(?!\s*of\b)"
)


def _age_before_its_share(c: _Context) -> bool:
    """ "residents under 16 (17.9%) and over 75 (9.2%)": the age of a group whose share follows."""
    m = c.m
    return (
        m.unit is None
        and len(m.text) <= 2
        and _AGE_BEFORE_SHARE.match(c.text, m.start, c.limit) is not None
        and _SHARE_AFTER_AGE.match(c.text, m.end, c.limit) is not None
    )


_AGE_OF_PEOPLE_ARE_BEFORE = regex.compile(  # 19.4% of residents are under 18
    r"(?<=(?:\b(?:"
    + "|".join(lexicon.AGED_PEOPLE)
    + r")\s+(?:(?:are|were|is|was)\s+)?"  # Residents over 85 make up
    r"|\d%\s+(?:are|were)\s+)(?:aged\s+)?"  # and 17% were under 16
    r"(?:over|under|above|below|older\s+than|younger\s+than)\s+)",
    regex.IGNORECASE,
)


def _age_of_people_are(c: _Context) -> bool:
    """ "17.9% of residents are under 18", "Residents over 85 make up 3%", "and 17% were under 16":
    an age after the people it bounds (or their share) and their verb (two digits at most, not
    "people were over 28 days")."""
    m = c.m
    return (
        m.unit is None
        and len(m.text) <= 2
        and _AGE_OF_PEOPLE_ARE_BEFORE.match(c.text, m.start, c.limit) is not None
        and not _NOT_AN_AGE_AFTER.match(c.text, m.end, c.limit)
    )


# --- Ages, in every form (issue 17, class 1): one grammar of the words around a number that make
# it an age. An age is a whole number of at most three digits; what may stand around it:
_PEOPLE = "|".join((*lexicon.AGED_PEOPLE, "carers", "children", "group", "groups", "cohort", "workers"))
_AGE_BAND = r"\d{1,3}\s*(?:[-–]|to)\s*\d{1,3}|\d{1,3}\s*\+|\d{1,3}\s+(?:and|or)\s+(?:over|above|older)"
# Before it, each kind of left side with what must follow the number (or its band):
_AGE_LEFT = regex.compile(
    r"(?:"
    # a people noun or an age word, a bracket, a bound: "Young carers (under 18)", "(aged 65+)"
    r"(?P<bracket>\b(?:" + _PEOPLE + r"|age|aged|ages|working[-\s]age)\s*\(\s*)"
    r"(?P<bound>(?:over|under|above|below|aged)\s+)?"
    # "the over 85's", "the under 25s": the group named by its bound
    r"|(?P<the>\bthe\s+(?:over|under)[-\s])"
    # "adults from 18 upwards"
    r"|(?P<from>\bfrom\s+)"
    # the next band of a list after an age word: "ages 45 to 54, 55 to 64 and 65+"
    r"|(?P<list>\bag(?:ed|es?|e\s+(?:groups?|bands?))\s+(?:(?:"
    + _AGE_BAND
    + r")\s*(?:,\s*(?:and\s+|or\s+)?|and\s+|or\s+))+)"
    r")$",
    regex.IGNORECASE,
)
# The last word or symbol of every match of _AGE_LEFT, for _may_end_with
_AGE_LEFT_ENDINGS = (
    "(",
    "over",
    "under",
    "above",
    "below",
    "aged",
    "over-",
    "under-",
    "from",
    ",",
    "and",
    "or",
)
_AGE_BAND_RIGHT = regex.compile(
    r"\s*(?:[-–]|to)\s*\d{1,3}\b|\s*\+|\s+(?:and|or)\s+(?:over|above|older)\b"
)  # 55| to 64
_AGE_RIGHT = {
    "bracket": regex.compile(
        r"(?:\s*(?:[-–]|to)\s*\d{1,3})?\s*(?:\+\s*)?(?:years?\s*)?\)"
    ),  # (over 70)  (18 to 64)
    "the": regex.compile(r"['’]?s\b"),  # the over 85's
    "from": regex.compile(r"\s+(?:upwards|onwards|and\s+up)\b"),  # from 18 upwards
}
# Or after it alone:
_AGE_RIGHT_ALONE = regex.compile(
    # 75 years of age or older (not "as low as 55 years of age": a life expectancy, a result)
    r"\s+years?\s+(?:of\s+age|old)\s+(?:or|and)\s+(?:over|older|above|under|younger)\b"
    r"|\s*(?:\+|\s+plus)\s*(?:" + _AGE_GROUP_NOUNS + r")\b"  # the 80 plus age group
    r"|\s*\+(?=\s*(?:\)|,|and\b|or\b|\(|$|[.;]))",  # (75+), 65+ (20.15%), and 80+ separately
    regex.IGNORECASE,
)


def _age_phrase(c: _Context) -> bool:
    """An age, from the words around it: "residents (75+)", "Young carers (under 18)", "the over
    85's", "adults from 18 upwards", "75 years of age", "the 80 plus age group", every bound of
    "ages 45 to 54, 55 to 64 and 65+". Not "Over 70 carers attended" (no bracket, no "the"),
    not "carers (120) were supported" (a bracket with no bound and no band), not "50+
    volunteers" (a noun follows the "+")."""
    m, text = c.m, c.text
    if m.unit is not None or not m.text.isdigit() or len(m.text) > 3 or m.value > 120:
        return False
    if _AGE_RIGHT_ALONE.match(text, m.end, c.limit):
        return True
    back = _RANGE_START_BEFORE.search(text, max(0, m.start - 12), m.start)  # the upper bound of "55 to 64"
    start = back.start() if back else m.start
    window = text[max(0, start - 120) : start]
    if not _may_end_with(window, _AGE_LEFT_ENDINGS):  # most numbers: no search
        return False
    left = _AGE_LEFT.search(window)
    if left is None:
        return False
    in_band = back is not None or _AGE_BAND_RIGHT.match(text, m.end, c.limit) is not None
    if left.group("list"):
        return in_band
    if left.group("bracket") and not left.group("bound") and not in_band:
        return False
    kind = "bracket" if left.group("bracket") else "the" if left.group("the") else "from"
    return _AGE_RIGHT[kind].match(text, m.end, c.limit) is not None


# --- Numbers inside a document's name (issue 17, class 5): right after a capitalised name that
# ends in a document noun, in brackets or not, the first number of a range too (even mistyped):
# "the Annual Report (203-2024)", "the Local Account 22/23", "the Market Sustainability Plan 24-27"
_DOCUMENT_NAME_BEFORE = regex.compile(
    r"(?<=\b[A-Z][\w'’-]*\s+(?:" + "|".join(lexicon.DOCUMENT_NAME_NOUNS) + r")\s*(?:\(\s*)?"
    r"(?:\d{1,4}\s*[-–/]\s*)?)"
)


def _document_name_number(c: _Context) -> bool:
    """ "the Safeguarding Adults Board Annual Report (203-2024)", "the Local Account 22/23", "the
    Market Sustainability Plan 24-27": a number in a document's name (its years, even mistyped)."""
    return (
        c.m.unit is None and len(c.m.text) <= 4 and _DOCUMENT_NAME_BEFORE.match(c.text, c.m.start) is not None
    )


def _age(c: _Context) -> bool:
    """A number that names an age, in any of the forms an age takes beside people (the one row
    of class 1 at the number, "age-phrase"; ages in spans are the span rows "age", "age-of",
    "age-or-over", "over-ages"; number words "word-age"):
    an age band ("the 85+ population", "the 50-64 age group", "working age (16-64)"), the bound
    of the people it bounds ("residents over 95", "17.9% of residents are under 18"), the age of
    a group whose share follows ("under 16 (17.9%)"), and the phrases of ``_age_phrase`` ("(75+)",
    "the over 85's", "from 18 upwards", each band of "ages 45 to 54, 55 to 64 and 65+")."""
    return (
        _age_group(c)
        or _age_of_people(c)
        or _age_before_its_share(c)
        or _age_of_people_are(c)
        or _age_phrase(c)
    )


_SCALE_ANCHOR_AFTER = regex.compile(  # 1 being the most deprived
    r"\s+(?:being|=|means|meaning|represents|representing|indicates|indicating)\s+(?:the\s+)?"
    r"(?:least|most|lowest|highest|best|worst)\b"
)
_SCALE_ANCHOR_IS = regex.compile(  # (where 1 is the most deprived)
    r"(?<=(?:\(|\bwhere|\bwith)\s*(?:(?:a|an|the)\s+(?:[a-z]+\s+){0,2}?"  # (where a score of 10 indicates
    r"(?:score|decile|rank|ranking|value|rating|level)\s+of\s+)?)"
    r"\d+(?:st|nd|rd|th)?\s+(?:is|are|indicates|means|represents|=)\s+(?:the\s+)?"
    r"(?:least|most|lowest|highest|best|worst)\b"
)
# "where 1 is the lowest and 4 the highest": the other end, its verb left out after the first
_SCALE_ANCHOR_SECOND = regex.compile(
    r"(?<=\b(?:is|are|being|=|means|indicates|represents)\s+(?:the\s+)?(?:least|most|lowest|highest|best|worst)\b"
    r"[^.;()\d]{0,30}?(?:,|\band)\s+)\d+(?:st|nd|rd|th)?\s+(?:the\s+)?(?:least|most|lowest|highest|best|worst)\b"
)
# "Deciles run from 1 (most deprived) to 10 (least deprived)": the end named in brackets after it
_SCALE_END_BRACKET = regex.compile(
    r"\s*\(\s*(?:the\s+)?(?:least|most|lowest|highest|best|worst)\b[^()]{0,30}\)"
)
# "On a scale of 1 to 5", "Scores range from 0 to 24": the bounds of a scale (a range of a scale's
# own nouns only: "waits ranged from 3 to 40 days" are values)
_SCALE_RANGE_BEFORE = regex.compile(
    r"(?<=\b(?:scale|(?:scores?|deciles?|ranks?|rankings?|ratings?|values?)\s+(?:range|ranges|ranging|run|runs|running|go|goes))"
    r"\s+(?:of|from)\s+(?:\d+\s*(?:to|-|–)\s*)?)",
    regex.IGNORECASE,
)


def _scale_anchor(c: _Context) -> bool:
    """ "(out of 296, 1 being the least deprived)", "(1st being the most deprived)", "a decile of
    10 means the least deprived", "(where a score of 10 indicates the most deprived)", "from 1
    (most deprived) to 10 (least deprived)", "on a scale of 1 to 5", "where 1 is the lowest and 4 the
    highest": the end of a scale, defined."""
    return c.m.unit in (None, "rank") and (
        _SCALE_ANCHOR_AFTER.match(c.text, c.m.end, c.limit) is not None
        or _SCALE_ANCHOR_IS.match(c.text, c.m.start, c.limit) is not None
        or _SCALE_END_BRACKET.match(c.text, c.m.end, c.limit) is not None
        or _SCALE_ANCHOR_SECOND.match(c.text, c.m.start, c.limit) is not None
        or _SCALE_RANGE_BEFORE.match(c.text, c.m.start) is not None
    )


_BAND_BEFORE = regex.compile(  # the most deprived 20%, (lowest 10%)
    r"(?<=\b(?:most|least)\s+(?:" + "|".join(lexicon.BAND_ADJECTIVES) + r")\s+)"
    r"|(?<=\(\s*(?:the\s+)?(?:lowest|highest|top|bottom|most|least)\s+)(?=\d{1,3}\s*%\s*\))"
)


def _percent_band_before(c: _Context) -> bool:
    """ "among the most deprived 10% in England", "the bottom decile (lowest 10%)": a band."""
    return c.m.unit == "percent" and _BAND_BEFORE.match(c.text, c.m.start, c.limit) is not None


# lexicon.DEFINED_GROUPS as alternatives: "villages", "households"
_DEFINED_GROUPS = "|".join(regex.escape(w).replace(r"\ ", r"\s+") for w in lexicon.DEFINED_GROUPS)
_DEFINED_GROUP_BEFORE = regex.compile(  # villages with fewer than 1,000 residents
    r"(?<=\b(?:" + _DEFINED_GROUPS + r")\s+(?:with|having|where|in\s+which)"
    r"\s+(?:fewer\s+than|more\s+than|less\s+than|at\s+least|over|under)\s+)"
)


def _defined_group(c: _Context) -> bool:
    """ "hamlets with fewer than 800 residents", "households where at least 1 person has served":
    a threshold that defines the group counted."""
    return c.m.unit in (None, "gbp") and _DEFINED_GROUP_BEFORE.match(c.text, c.m.start, c.limit) is not None


# --- Names that hold a number (issue 17, class 2): the number is part of a name, not a count,
# when it stands in quotes with the words after it ("the ‘5 Ways’ approach", "the '2 Cs'"), or
# when it and one to three words after it modify a singular name noun ("the 4 steps model", "its
# 6 Steps pathway", "a 10 point plan", "its 3 year plan", "the five year forward view"): a count
# has its plural noun right after it ("4 programmes", "3 new models", "12 Local Area Coordinators").
_NAME_HEADS = "|".join(regex.escape(w).replace(r"\ ", r"\s+") for w in lexicon.NAME_HEADS)
_NAME_AFTER_NUMBER = regex.compile(
    # the words between modify the name: no people ("40 people's care plan"), no function word
    # ("30 cases under the strategy", "5 days on the plan")
    r"\s+(?:(?!(?:" + "|".join((*lexicon.AGED_PEOPLE, *lexicon.FUNCTION_WORDS)) + r")\b)"
    r"[A-Za-z][\w-]*(?<!['’]s)\s+){1,3}?"  # 4 steps | 6 Steps | 10 point
    r"(?:\([^()]{0,15}\)\s+)?"  # 3 conversations (3Cs) model
    r"(?:" + _NAME_HEADS + r")\b(?!['’]?s\b)",  # model, not models
    regex.IGNORECASE,
)
_QUOTED_NAME = regex.compile(r"(?<=[‘'“\"])")  # ‘5 Ways’
_QUOTE_CLOSES = regex.compile(r"(?:\s+[\w-]+){1,3}[’'”\"]")


def _model_name(c: _Context) -> bool:
    """ "the 4 steps model", "a 3 conversations (3Cs) approach", "its 6 Steps pathway", "a 10 point
    plan", "the ‘5 Ways’ approach", "the '2 Cs'": a number inside a name (of a practice model,
    stage, programme or plan), not "4 programmes" nor "3 new models" (counts)."""
    m = c.m
    if m.unit is not None:
        return False
    return bool(
        _NAME_AFTER_NUMBER.match(c.text, m.end, c.limit)
        or _QUOTED_NAME.match(c.text, m.start)
        and _QUOTE_CLOSES.match(c.text, m.end, c.limit)
    )


# ---------------------------------------------------------------------------------------------
# Sentence stage, before units: number words, hours, durations


def _word_one(c: _Context) -> bool:
    """ "one other authority", "from one area to another": the word "one" is never a count."""
    return c.m.word and not c.m.ordinal and c.m.text.lower() == "one"


_NO_BEFORE = regex.compile(r"\bno\s+$", regex.IGNORECASE)  # No two care packages


def _word_after_no(c: _Context) -> bool:
    """ "No two care packages are the same": a number word after "no" counts nothing."""
    return c.m.word and not c.m.ordinal and _NO_BEFORE.search(c.left) is not None


def _word_compound(c: _Context) -> bool:
    """ "a five-year strategy", "two-way communication": a number word in a compound adjective."""
    return c.m.word and not c.m.ordinal and _HYPHEN_LETTER.match(c.right) is not None


_OF_THE_AFTER = regex.compile(  # two of the
    r"\s+of\s+(?:the|these|those|them|us|our|its|their)\b", regex.IGNORECASE
)


def _word_few_of_the(c: _Context) -> bool:
    """ "two of the teams": one or two of a group is a phrase, not a count."""
    return c.m.word and not c.m.ordinal and c.m.value <= 2 and _OF_THE_AFTER.match(c.right) is not None


_MODEL_AFTER = regex.compile(  # three conversations approach
    r"\s+[A-Za-z]+(?:\s+\([^()]{0,15}\))?\s+(?:" + "|".join(lexicon.MODEL_WORDS) + r")\b", regex.IGNORECASE
)
_NAME_AFTER = regex.compile(r"[\s-]+[A-Z][a-z]")  # Three Conversations


def _word_in_a_name(c: _Context) -> bool:
    """ "the ‘Three Conversations’ approach", "the three conversations model": a number word in
    the name of a practice model (capitalised mid-sentence before a capitalised word, or its
    noun followed by "approach", "model", "framework")."""
    m = c.m
    if not m.word or m.ordinal:
        return False
    if _MODEL_AFTER.match(c.right) or _NAME_AFTER_NUMBER.match(c.right):  # the five year forward view
        return True
    return m.text[:1].isupper() and m.start > c.sent_start and _NAME_AFTER.match(c.right) is not None


_WORD_AGE_BEFORE = regex.compile(  # people aged five and over
    r"\bag(?:ed|es?)\s+(?:(?:over|under|between|from)\s+)?$", regex.IGNORECASE
)
_WORD_AGE_AFTER = regex.compile(  # five years and over
    r"\s*(?:years?\s+(?:old\s+)?)?(?:or|and)\s+(?:over|older|above|under)\b", regex.IGNORECASE
)


def _word_age(c: _Context) -> bool:
    """ "residents aged five and over", "children aged ten or under": a number word that is an age."""
    m = c.m
    return (
        m.word
        and not m.ordinal
        and (_WORD_AGE_BEFORE.search(c.left) is not None or _WORD_AGE_AFTER.match(c.right) is not None)
    )


# --- Anecdotes and relative time (issue 17, class 4) -------------------------------------------
_ANECDOTE_PEOPLE = "|".join(
    regex.escape(w).replace(r"\ ", r"\s+") for w in sorted(lexicon.ANECDOTE_PEOPLE, key=len, reverse=True)
)
# The people telling, then (after a clause "we spoke with") a verb of telling:
# "1 carer described how", "3 partners we spoke with said", "2 unpaid carers told us"
_ANECDOTE_AFTER = regex.compile(
    r"\s+(?:[a-z-]+\s+){0,2}?(?:" + _ANECDOTE_PEOPLE + r")"
    r"(?:\s+(?:we|who|that)\s+(?:spoke|talked|met|heard\s+from)(?:\s+(?:to|with))?)?"
    r"(?:\s+(?:also|both|each|all))?"
    r"(?P<verb>\s+(?:" + "|".join(lexicon.ANECDOTE_VERBS) + r")\b)?",
    regex.IGNORECASE,
)
_ANECDOTE_OPENER = regex.compile(
    r"^\W*(?:"
    + "|".join(regex.escape(w).replace(r"\ ", r"\s+") for w in lexicon.ANECDOTE_OPENERS)
    + r")\s*,?\s*$",
    regex.IGNORECASE,
)
# A set picked out by its place in time: "between the last two censuses", "the previous 3 inspections"
# (the number counts nothing the report measures; durations after these words are periods, below)
_PLACE_IN_TIME_BEFORE = regex.compile(
    r"\b(?:the|its|their|our|his|her)\s+(?:" + "|".join(lexicon.PERIOD_LEADERS[1:]) + r"|most\s+recent)\s+$",
    regex.IGNORECASE,
)
# A duration then "on", ending its phrase: "18 months on, the team", not "3 weeks on average"
_RELATIVE_ON = regex.compile(r"\s+on\s*(?:[,.;)]|$|from\b|since\b)")


def _anecdote_or_relative_time(c: _Context) -> bool:
    """ "1 carer described how", "For example, 2 people said", "3 partners we spoke with said",
    "In one case, 2 sisters ... were assessed together" (at most ``lexicon.ANECDOTE_MAX`` people:
    individuals' stories, not a finding), "18 months on, the team ...": a relative time, and
    "between the last two censuses": a set picked out by its place in time."""
    m = c.m
    duration = _duration(c)
    if duration is not None:
        return _RELATIVE_ON.match(c.text, m.end + duration.end(), c.limit) is not None
    if m.unit is None and not m.ordinal and _PLACE_IN_TIME_BEFORE.search(c.left_bounded):
        return True
    if m.unit is not None or m.ordinal or m.value != int(m.value) or m.value > lexicon.ANECDOTE_MAX:
        return False
    people = _ANECDOTE_AFTER.match(c.text, m.end, c.limit)
    if people is None:
        return False
    return people.group("verb") is not None or _ANECDOTE_OPENER.match(c.left) is not None


_HOURS = regex.compile(r"\s*(?:hours?|hrs?|minutes?|mins?|seconds?)\b")  # up to 4 hours of respite


def _hours(c: _Context) -> bool:
    """ "up to 4 hours of respite": hours have no unit in the contract; they define breaks."""
    return _HOURS.match(c.right) is not None


_LONGEST_WAIT_BEFORE = regex.compile(  # the oldest had waited more than 18 months
    r"\b(?:the\s+)?(?:oldest|longest)\b[^.;,()]{0,40}?\b(?:had\s+|has\s+|have\s+)?(?:been\s+)?"
    r"(?:waited|waiting|wait(?:\s+was)?|outstanding|open)\s+(?:for\s+)?"
    r"(?:(?:more|longer)\s+than|over|almost|nearly|around|about)?\s*$",
    regex.IGNORECASE,
)


def _longest_wait(c: _Context) -> bool:
    """ "the oldest had waited more than 18 months": how long the longest wait was is a result,
    not a threshold that defines what is counted ("people waiting more than 28 days")."""
    if _duration(c) is None or _LONGEST_WAIT_BEFORE.search(c.left_bounded) is None:
        return False
    _annotate(c)
    return True


# Before a duration: "waiting more than 28 days", "completed within 45 days"
_THRESHOLD = regex.compile(
    r"\b(?:"
    + "|".join(regex.escape(w).replace(r"\ ", r"\s+") for w in lexicon.THRESHOLD_WORDS)
    + r")\b(?:\s+[\w'-]+){0,4}?\s*$",
    regex.IGNORECASE,
)


def _duration_threshold(c: _Context) -> bool:
    """ "waiting more than 28 days", "completed within 45 days": a threshold defining a count."""
    return _duration(c) is not None and _THRESHOLD.search(c.left_bounded) is not None


# After a duration: "12 months prior to December 2024", "7 days a week"
_PERIOD_FOLLOWER = regex.compile(
    r"\s*(?:" + "|".join(regex.escape(w).replace(r"\ ", r"\s+") for w in lexicon.PERIOD_FOLLOWERS) + r")\b"
)


def _duration_period_follower(c: _Context) -> bool:
    """ "in the 12 months prior to December 2024", "7 days a week": a period or a frequency."""
    duration = _duration(c)
    return duration is not None and _PERIOD_FOLLOWER.match(c.text, c.m.end + duration.end()) is not None


# Before a duration: "over the last two years"
_PERIOD_LEADER = regex.compile(
    r"\b(?:"
    + "|".join(lexicon.PERIOD_LEADERS)
    + r")\s+(?:(?:"
    + "|".join(lexicon.PERIOD_LEADERS)
    + r")\s+)?$",
    regex.IGNORECASE,
)


def _duration_period_leader(c: _Context) -> bool:
    """ "over the last two years": a period, not a quantity."""
    return _duration(c) is not None and _PERIOD_LEADER.search(c.left_bounded) is not None
