"""Numeric claims: values, their comparators, periods and cited datasets.

Input: the report text, its ``Document`` (segmentation) and the text's sha256.
Output: ``Claim`` models in document order. Offsets are half-open ``[start, end)`` indices
into the text exactly as given, so ``text[claim.start:claim.end] == claim.text``.

How it works, per paragraph (claims never cross paragraphs):
1. one regex scan finds everything number-like; only the sentences holding one are
   tokenised (spaCy ``blank("en")`` tokenizer and a ``PhraseMatcher``, built once);
2. numerals, money, percentages and ratios are found with regex, number words with spaCy
   tokens; each is a *mention*;
3-4. what each mention is, is decided by the ordered rule table ``RULES`` (the first rule
   that fires decides; its name travels with the mention, see ``python -m pipeline explain``):
   structure that is not a quantity is dropped (dates and periods, names of laws and sections,
   labels ("Theme 1", "Score: 3"), ages, age bands and scale anchors, thresholds that only define
   what is counted, names of practice models, compound adjectives ("five-year strategy"),
   idiomatic "one"); the rest are either comparators (after a cue such as "England average of", "target of",
   "from X to", "a reduction from") or claims; comparators are linked to claims in the same
   sentence ("respectively" pairs in order) or, when a sentence has no claim of its own
   ("This was better than the England average of 93.71%."), to the earlier claim in the
   paragraph whose wording it shares most (ties: the latest);
5. each claim gets the dataset cited in its sentence (``pipeline.stages.sources``) and a period.

Decisions where the annotation guide is silent:
- "one in five" is a ratio with value 0.2 (the fraction), text "one in five";
- a rank's denominator ("117th out of 153") is not a value; when it names comparable
  authorities ("fourth highest of 15 comparable local authorities") it becomes a
  ``comparable_authorities`` comparator (unit count) of the rank;
- the bare word "one" is never a count ("one other authority", "from one area to another");
- a duration after a threshold word ("within 45 days", "more than 28 days") is a threshold,
  never a claim, even when the report means it as a result ("completed within 11 days").
"""

from __future__ import annotations

import bisect
import hashlib
from dataclasses import dataclass, field
from functools import cached_property

import re

import regex

from pipeline.reference import lexicon
from pipeline.reference.lexicon import MONTHS
from pipeline.models import Claim, Comparator, Document, Source, Span
from pipeline.stages.segment import locate
from pipeline.stages.sources import citation_after, find_sources

# ---------------------------------------------------------------------------------------------
# Patterns (each with a real example)

_MONTHS = "|".join(MONTHS)
_NUMWORD = "|".join(
    sorted([*lexicon.NUMBER_WORDS, *lexicon.MULTIPLIER_WORDS, *lexicon.ORDINAL_WORDS], key=len, reverse=True)
)



def _trie(words) -> str:
    """A regex alternation as a trie ("t(?:en|wo|h(?:ree|irty))"): the scan over the whole
    report for number words costs a third of a plain alternation."""
    root: dict = {}
    for word in words:
        node = root
        for ch in word:
            node = node.setdefault(ch, {})
        node[""] = {}

    def emit(node) -> str:
        alternatives = [regex.escape(ch) + emit(child) for ch, child in sorted(node.items()) if ch]
        if not alternatives:
            return ""
        group = "(?:" + "|".join(alternatives) + ")"
        return group + "?" if "" in node else group

    return emit(root)


class _Alternation:
    """The patterns as one alternation ``a|b|c``: ``finditer`` gives exactly its matches.

    Why not one compiled alternation: the regex module then tries every branch at every
    position of the text (10 ms per report for the blockers), while each pattern alone is
    found with a fast scan for its first literal. The alternation's rules are kept: the
    leftmost match wins, on a tie the earlier pattern, and the scan resumes at its end.
    """

    def __init__(self, *patterns: str, flags: int = 0, needs: dict[int, tuple] | None = None):
        self.patterns = [regex.compile(p, flags) for p in patterns]
        # The same as one pattern: the reference the equivalence is checked against.
        self.alternation = regex.compile("|".join(f"(?:{p})" for p in patterns), flags)
        # needs[k]: patterns that every match of pattern k holds inside it (so inside the
        # span searched); a span without one of them is not searched for pattern k. Each is
        # searched at most once per span, however many patterns need it.
        self.needs = [(needs or {}).get(k, ()) for k in range(len(patterns))]
        self.any_needs = bool(needs)

    def _first(self, text: str, pos: int, endpos: int) -> list:
        """Each pattern's first match in ``[pos, endpos)``, in pattern order, as ``[pattern,
        match]`` pairs; a pattern without one (or lacking something it needs) is left out."""
        if not self.any_needs:
            return [[p, m] for p in self.patterns if (m := p.search(text, pos, endpos))]
        present: dict = {}
        found = []
        for pattern, needs in zip(self.patterns, self.needs):
            for need in needs:
                if need not in present:
                    present[need] = need.search(text, pos, endpos) is not None
                if not present[need]:
                    break
            else:
                if match := pattern.search(text, pos, endpos):
                    found.append([pattern, match])
        return found

    def finditer(self, text: str, pos: int, endpos: int):
        # A pattern without a match in [pos, endpos) has none later: it is never searched again
        found = self._first(text, pos, endpos)  # each one's next match
        while found:
            best = None
            for pair in found:
                match = pair[1]
                if match is not None and match.start() < pos:  # overtaken: search again
                    match = pair[1] = pair[0].search(text, pos, endpos)
                if match is not None and (best is None or match.start() < best.start()):
                    best = match
            if best is None:
                return
            if best.end() == best.start():
                raise ValueError(f"{best.re.pattern!r} matched the empty string")
            yield best
            pos = best.end()


# Anything number-like: "7823 people", "seven people", "fourth highest", "a third of". The
# lookahead for a word's first letter ("[efhnoqst]") changes no match; it lets most word starts fail fast.
_NUMBER_WORD_LIST = [*lexicon.NUMBER_WORDS, *lexicon.MULTIPLIER_WORDS, *lexicon.ORDINAL_WORDS,
                     *lexicon.FRACTION_WORDS]
_CANDIDATE = re.compile(
    r"\d|\b(?=[" + "".join(sorted({w[0] for w in _NUMBER_WORD_LIST})) + "])"
    + _trie(_NUMBER_WORD_LIST) + r"\b",
    re.IGNORECASE,
)
# _CANDIDATE's two halves, to ask whether a span holds a candidate without scanning the whole
# text: a digit ("\d" alone is found by a fast skip), else a number word ("seven people").
_DIGIT = re.compile(r"\d")
_CANDIDATE_WORD = re.compile(_CANDIDATE.pattern[len(r"\d|"):], re.IGNORECASE)
_LONGEST_NUMBER_WORD = max(map(len, _NUMBER_WORD_LIST))
# A token that may be a number word: any of them, even inside a longer word ("_five_": spaCy
# splits the underscores off). A sentence without one has no number word among its tokens.
_NUMBER_WORD_INSIDE = re.compile(_trie(_NUMBER_WORD_LIST), re.IGNORECASE)
# A pre-check for the two number-word patterns above, only ever used to SKIP them: every match
# of either holds a number word, so holds one of these (the words holding no other list word,
# "seven" for "seventeen" and "seventh") in the text's ``str.lower()``: a span without a core
# ("The service had strong leadership.") is not searched. Exact when the text
# holds none of the characters that ``re.IGNORECASE`` matches to an ASCII letter other than
# their own case pair: "İ" and "ı" match "i", "ſ" matches "s", the Kelvin sign "K" matches "k"
# (lowering "İ" also adds a character, shifting offsets); such a text is not pre-checked.
_FOLDS_TO_ASCII_LETTER = "\u0130\u0131\u017f\u212a"
_NUMBER_WORD_CORES = tuple(sorted(
    {w for w in _NUMBER_WORD_LIST if not any(o != w and o in w for o in _NUMBER_WORD_LIST)}))
assert all(w.isascii() and w.isalpha() and w.islower() for w in _NUMBER_WORD_LIST)
# Searched case-sensitively in the lowered text: four times faster than an IGNORECASE search
_NUMBER_WORD_CORE = re.compile(_trie(_NUMBER_WORD_CORES))


def _may_end_with(words: str, endings: tuple[str, ...]) -> bool:
    """False only when no pattern ending in one of ``endings`` (lower case, matched in any case)
    then ``\\s*$`` can match at the end of ``words``: a pre-check for the patterns anchored at the
    end of the words before a number ("around 300", "increased to 68%"), which the regex module
    otherwise tries at every position of those words. Exact: ``str.rstrip`` strips every
    character ``\\s`` matches (and four more control characters, which only make the check pass);
    words holding a character that case-insensitive matching folds to another ASCII letter are
    always searched (see ``_FOLDS_TO_ASCII_LETTER``)."""
    if any(ch in words for ch in _FOLDS_TO_ASCII_LETTER):
        return True
    return words.rstrip().lower().endswith(endings)
# Sentence ends: "... (SACE, June 2024). Additionally, 43.58% ..."
_SENTENCE_END = regex.compile(r"[.!?][\"'”’)\]]*\s+(?=[A-Z0-9£\"'“‘(])")
_MAYBE_PERIOD = regex.compile(r"\d{4}|assessment")

_NUMERAL = regex.compile(
    r"""
    (?P<money>£\s?\d+(?:,\d{3})*(?:\.\d+)?                    # £1,060,812,000  £198,203,000.00 ("£327,758,000," ends before its comma)
        (?:\s?(?:k|m|mn|bn|million|billion|thousand)\b)?)     # £1.2 million  £340k
    |
    (?<![\w.,£/])                                             # not s42, not 2.5's tail, not 24/7
    (?P<num>\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?)       # 16,169  64.84  7823
    (?P<ord>st|nd|rd|th)?                                     # 117th
    (?P<pct>\s?%|\s?per\s?cent\b|\s?percent\b)?               # 64.84%  68 per cent
    """,
    regex.VERBOSE,
)

# Ratios: "one in five", "1 in 4": found at their "in", the words either side checked after
_RATIO_IN = regex.compile(r"(?<=\w)\s+in\s+(?:every\s+)?(?=\w)")
# The word before "in": a whole word, not the tail of "1,100" in "to 1,100 in 2024"
_LAST_WORD = regex.compile(r"(?<!\w|\d[,.])(\w+)$")
# The word after "in": "five", "4", "1,000"; never a year ("100 in 2024") nor a percentage
_FIRST_WORD = regex.compile(r"(?!(?:19|20)\d\d\b)(\d+\.\d+|\d{1,3}(?:,\d{3})+|\w+)\b(?![.,]\d|\s*%)")  # 1 in 3.5

class _Words:
    """A need of an ``_Alternation`` pattern: one of these words in the span (a substring
    test, much cheaper than a regex search). With ``lower``, in the span's ``str.lower()``:
    exact for an IGNORECASE pattern when no word holds an "i" or "s" (the regex module folds
    "İ" to "i" and "ſ" to "s"; every other character it folds to a letter lowers to it)."""

    def __init__(self, *words: str, lower: bool = False):
        assert not lower or not any(c in "is" or c != c.lower() for w in words for c in w)
        self.words, self.lower = words, lower

    def search(self, text: str, pos: int, endpos: int) -> bool | None:
        span = text[pos:endpos].lower() if self.lower else text[pos:endpos]
        for word in self.words:
            if word in span:
                return True
        return None


# What some patterns below need in a sentence before they are searched for in it (see
# _Alternation): four digits in a row ("2024", "Act 2014"); a month's name or a unit, in
# any case ("12 months prior to December 2024"). (For _BLOCKERS, needs cost more than they
# save: its patterns are cheap to search for in a sentence.)
_FOUR_DIGITS = regex.compile(r"\d{4}")
_NEEDS_YEAR = (_FOUR_DIGITS,)
_MONTH_STEM = _Words("janu", "febr", "marc", "apr", "may", "june", "july", "augu", "eptem",
                     "octo", "nove", "dece", lower=True)
_UNIT_STEM = _Words("month", "year", "week", "day", lower=True)

# lexicon.LABEL_WORDS as alternatives, a space inside one matching any spacing ("Quality statement")
_LABEL_WORDS = "|".join(regex.escape(w).replace(r"\ ", r"\s+") for w in lexicon.LABEL_WORDS)
_DEFINED_GROUPS = "|".join(regex.escape(w).replace(r"\ ", r"\s+") for w in lexicon.DEFINED_GROUPS)
_AGE_GROUP_NOUNS = "|".join(regex.escape(w).replace(r"\ ", r"\s+") for w in lexicon.AGE_GROUP_NOUNS)
# Spans whose numbers are structure, never quantities: the first rows of the rule table
# (``RULES``, stage "span"), found in one scan of each sentence.
_SPAN_PATTERNS: tuple[tuple[str, str], ...] = (
    ("date", r"\b\d{1,2}(?:st|nd|rd|th)?\s+(?:" + _MONTHS + r")(?:\s+\d{4})?"),     # 30 May 2025
    ("month-and-year", r"\b(?:" + _MONTHS + r")\s+\d{4}"),                            # December 2024
    ("financial-year", r"(?<![\d,.£])(?:19|20)\d{2}\s*/\s*\d{2,4}\b"),                # 2023/24  2023/2024
    ("year", r"(?<![\d,.£])(?:19|20)\d{2}(?!\d|,\d{3}|\.\d|\s*(?:%|per\s*cent))"       # 2006  (2023-2028)
             r"(?:\s*(?:[-–]|to)\s*\d{2,4}\b)?"),                                       # 2023-24
    ("law", r"\bAct\s+(?:of\s+)?\d{4}"),                                                # Care Act 2014
    ("numbered-label", r"\b(?:" + _LABEL_WORDS + r")\s*:?\s*\d+[A-Za-z]?\b"),       # Theme 1, Section 75
    ("quarter", r"\b[Qq]uarter\s+[1-4]\b"),                                           # in quarter 3 of 2024/25
    ("score-line", r"(?:^|(?<=\n))\s*\d\s*[-–]\s*(?:[A-Z][a-z]+(?:\s+[a-z]+)?:\s*)?Evidence\s+shows"),
    #                                                                                     3 - Evidence shows
    ("age", r"\bag(?:ed|es?)\s+(?:(?:over|under|between|from|of)\s+)?\d+"                # aged 18 to 64, aged over 65
            r"(?:\s*(?:to|and|-|–)\s*\d+)?"),
    ("age-of", r"\bage\s+of\s+\d+"),                                                    # over the age of 65
    ("age-or-over", r"\b\d+\s*(?:years?\s+)?(?:or|and)\s+(?:over|more|older|above|under)\b"),  # 65 years or over
    ("age-band-year-olds", r"\b\d+\s*(?:[-–]|to)\s*\d+[-\s]year[-\s]olds?"),              # 18-64 year olds
    ("over-ages", r"\bover[-\s]\d+s\b"),                                                 # over-65s
    ("at-least-one", r"\bat\s+least\s+1\s+[a-z]+(?<!s)\b"),                               # at least 1 person has served
    ("per-base", r"\bper\s+\d[\d,]*"),                                                   # per 100,000
    ("out-of-scale", r"\bout\s+of\s+\d[\d,]*(?![\d,]|\s+(?:\w+\s+){0,2}?" + lexicon.COMPARABLE_GROUP + r")"),
    #                                                                                     117th out of 153
    ("scale-definition",
     r"\(\s*(?:with\s+)?\d+\s+(?:is|being|=)\s+[^()]*\b(?:least|most|lowest|highest|best|worst)\b[^()]*\)"),
    #                                                     (1 is the least deprived, 10 is the most deprived)
    ("scale-being", r"\bwith\s+\d+\s+being\s+the\s+(?:least|most|lowest|highest)"),     # with 10 being the most deprived
    ("hours-a-week", r"\b\d+\s*/\s*7\b"),                                               # 24/7
    ("measure-code", r"\((?<=\w\()\d{1,2}[a-z]?\)"),                                     # ASCOF 2B(1), s42(2)
    ("clock-time", r"\b\d{1,2}[:.]\d{2}\s*(?:am|pm)\b"),                                  # 9.30am
    ("clock-hour", r"\b\d{1,2}\s*(?:am|pm)\b"),                                            # 9am
)
_BLOCKERS = _Alternation(*(pattern for _, pattern in _SPAN_PATTERNS))
# The compiled pattern a blocker match came from -> its rule's name
_SPAN_RULE_NAME = {pattern: name for pattern, (name, _) in zip(_BLOCKERS.patterns, _SPAN_PATTERNS)}

# Numbers that are labels, names or bands, tested at the number itself (a zero-width match at
# one position: a scan of every sentence for them costs more than the rest of the rule)
_LABEL_BEFORE = regex.compile(                                               # Year 1, phase 3, Level 2
    r"(?<=\b(?:" + "|".join(f"[{w[0].upper()}{w[0]}]{w[1:]}" if w.islower() else w
                          for w in lexicon.MORE_LABEL_WORDS) + r")\s{1,3})"
)
_ACRONYM_BEFORE = regex.compile(r"(?<=\b[A-Z]{2,}\s{1,3})(?!(?:19|20)\d\d\b)")  # NHS 111, not SALT 2023-24
_BAND_AFTER = regex.compile(r"\s+(?:most|least)\b")                           # the top 10% most deprived
_ORDINAL_NOT_RANK = regex.compile(                                            # their 17th birthday
    r"\s+(?:" + "|".join(lexicon.ORDINAL_NOT_RANK_BEFORE) + r")\b", regex.IGNORECASE
)
_MONEY_THRESHOLD = regex.compile(                                             # costing under £1,000
    r"(?<=\b(?:" + "|".join(regex.escape(w).replace(r"\ ", r"\s+") for w in lexicon.MONEY_THRESHOLD_LEADS)
    + r")\s+(?:" + "|".join(regex.escape(w).replace(r"\ ", r"\s+") for w in lexicon.THRESHOLD_WORDS) + r")\s+)",
    regex.IGNORECASE,
)

# Ages, bands, anchors and names, tested at the number (one position each, like the labels
# above: as patterns searched over every sentence they cost more than the rest of the rules)
_AGE_GROUP_AFTER = regex.compile(r"\s*\+\s*(?:" + _AGE_GROUP_NOUNS + r")\b")     # the 65+ population
_AGE_NOUN_AFTER = regex.compile(r"\s*(?:" + _AGE_GROUP_NOUNS + r")\b")             # (18 to 64) population
_RANGE_START_BEFORE = regex.compile(r"\b\d{1,3}\s*(?:[-–]|to)\s*$")               # 75-|84
_RANGE = regex.compile(r"\d{1,3}\s*(?:[-–]|to)\s*\d{1,3}\b")                    # 75-84
_AGE_WORD_BRACKET_BEFORE = regex.compile(                                     # the working age population (16-64)
    r"\b(?:age|aged|ages|population)\s*\(\s*$", regex.IGNORECASE)
_OVER_UNDER_BEFORE = regex.compile(r"(?<=\b(?:over|under)[-\s]+)")             # the over 65 population
_AGE_PLUS_PEOPLE = regex.compile(r"\s*\+\s*(?:" + "|".join(lexicon.AGED_PEOPLE) + r")\b")  # the 85+ residents
_AGE_OF_PEOPLE_BEFORE = regex.compile(                                        # people over 90, those over 60
    r"(?<=\b(?:" + "|".join(lexicon.AGED_PEOPLE) + r")\s+(?:aged\s+)?"
    r"(?:over|under|above|below|older\s+than|younger\s+than)\s+)"
)
_NOT_AN_AGE_AFTER = regex.compile(                                            # not "people over 28 days"
    r"\s*(?:%|per\b|[.,]\d)|\s+(?:days?|weeks?|months?|hours?|people|adults)\b")
_AGE_BEFORE_SHARE = regex.compile(r"(?<=\b(?:under|over|below|above)\s+)")      # under 18 (20.1%)
_SHARE_AFTER_AGE = regex.compile(                                             # not "Over 40 (12%) of providers"
    r"\s*(?:years?\s*)?\(\s*\d[\d.,]*\s*%\s*\)(?!\s*of\b)")
_SCALE_ANCHOR_AFTER = regex.compile(                                          # 1 being the most deprived
    r"\s+(?:being|=|means|meaning|represents|representing|indicates|indicating)\s+(?:the\s+)?"
    r"(?:least|most|lowest|highest|best|worst)\b")
_SCALE_ANCHOR_IS = regex.compile(                                             # (where 1 is the most deprived)
    r"(?<=(?:\(|\bwhere|\bwith)\s*)\d+(?:st|nd|rd|th)?\s+is\s+(?:the\s+)?(?:least|most|lowest|highest|best|worst)\b")
_BAND_BEFORE = regex.compile(                                                 # the most deprived 20%, (lowest 10%)
    r"(?<=\b(?:most|least)\s+(?:" + "|".join(lexicon.BAND_ADJECTIVES) + r")\s+)"
    r"|(?<=\(\s*(?:the\s+)?(?:lowest|highest|top|bottom|most|least)\s+)(?=\d{1,3}\s*%\s*\))")
_DEFINED_GROUP_BEFORE = regex.compile(                                        # villages with fewer than 1,000 residents
    r"(?<=\b(?:" + _DEFINED_GROUPS + r")\s+(?:with|having|where|in\s+which)"
    r"\s+(?:fewer\s+than|more\s+than|less\s+than|at\s+least|over|under)\s+)"
)
_MODEL_NAME_AFTER = regex.compile(                                            # the 3 conversations approach
    r"\s+[A-Za-z]+(?:\s+\([^()]{0,15}\))?\s+(?:" + "|".join(lexicon.MODEL_WORDS) + r")\b")

# Right after a duration: "12 months prior to", "91 days after discharge" -> period/definition
_DURATION = regex.compile(r"\s*(?:working\s+|calendar\s+)?(?P<unit>days?|weeks?|months?|years?)\b")
_DURATION_NOUN = regex.compile(                                         # 3 day centres
    r"\s*(?:" + "|".join(regex.escape(w).replace(r"\ ", r"\s+") for w in lexicon.DURATION_NOUNS) + r")\b",
    regex.IGNORECASE,
)
_HOURS = regex.compile(r"\s*(?:hours?|hrs?|minutes?|mins?|seconds?)\b")
_PERIOD_FOLLOWER = regex.compile(
    r"\s*(?:" + "|".join(regex.escape(w).replace(r"\ ", r"\s+") for w in lexicon.PERIOD_FOLLOWERS) + r")\b"
)
_PERIOD_LEADER = regex.compile(
    r"\b(?:" + "|".join(lexicon.PERIOD_LEADERS) + r")\s+(?:(?:" + "|".join(lexicon.PERIOD_LEADERS)
    + r")\s+)?$", regex.IGNORECASE,
)
_THRESHOLD = regex.compile(
    r"\b(?:" + "|".join(regex.escape(w).replace(r"\ ", r"\s+") for w in lexicon.THRESHOLD_WORDS)
    + r")\b(?:\s+[\w'-]+){0,4}?\s*$",
    regex.IGNORECASE,
)
_HEDGE = regex.compile(
    r"\b(?P<hedge>" + "|".join(regex.escape(w).replace(r"\ ", r"\s+") for w in
                                sorted(lexicon.HEDGES, key=len, reverse=True)) + r")\s*$",
    regex.IGNORECASE,
)
_HEDGE_ENDINGS = tuple(sorted({w.split()[-1].lower() for w in lexicon.HEDGES}))  # for _may_end_with
_SCORE_BEFORE = regex.compile(r"\bscor(?:e|ed)\s+(?:of\s+)?$", regex.IGNORECASE)  # IMD score of 2
_RANK_BEFORE = regex.compile(r"\branked\s+(?:as\s+)?$", regex.IGNORECASE)        # ranked 130th
_POINTS_AFTER = regex.compile(r"\s+percentage\s+points?\b", regex.IGNORECASE)  # 6.2 percentage points
_PER_100K_AFTER = regex.compile(                                                   # 612 per 100,000 population
    r"^\s*(?:[A-Za-z]+\s+){0,3}?per\s+100,?000\b", regex.IGNORECASE
)

_CUE_TAIL = (r"(?:\s+(?:of|was|is|at|for\s+England|which\s+was|being|were|stood\s+at|figure\s+of|rate\s+of)"
             r"|\s+for\s+[^.;,()%£\d]{1,60}?\s+(?:is|was|were|of))?\s*[(:]?\s*$")  # England average for this group is
_COMPARATOR_CUES = [
    (kind, regex.compile(r"\b(?:" + "|".join(frags) + r")" + _CUE_TAIL, regex.IGNORECASE))
    for kind, frags in lexicon.COMPARATOR_CUES.items()
]
# "compared with 9.9% across the region": a comparison ends right before the value
# (a lookbehind matched at the value's start: one test at one position, no scan)
_COMPARISON_LEAD = regex.compile(
    r"(?<=\b(?:" + "|".join(lexicon.COMPARISON_LEADS) + r")\s+(?:the\s+)?(?:approximately\s+|around\s+|about\s+)?)",
    regex.IGNORECASE,
)
# "below the average of 14.0% among its statistical neighbours": a generic average before the value
_AVERAGE_LEAD = regex.compile(r"(?<=\b(?:" + "|".join(lexicon.AVERAGE_LEADS) + r")\s+)", regex.IGNORECASE)
# "a median of 34 days against 21 days for White British people": the claim's unit, no kind cue
_OTHER_LEAD = regex.compile(r"(?<=\b(?:" + "|".join(lexicon.OTHER_COMPARISON_LEADS) + r")\s+)", regex.IGNORECASE)
# "75% regionally", "10.6% nationally", "60 in Q2", "1,450 in March 2024": the kind after a value
_CUE_AFTER_DATE = r"in\s+(?:(?:Q[1-4]|" + _MONTHS + r")\s+)?(?:19|20)\d{2}(?:\s*/\s*\d{2,4})?\b"
_COMPARATOR_CUES_AFTER = regex.compile(                                     # one pattern: the kind is its group
    r"(?:\s+(?:working\s+)?(?:days?|weeks?|months?|years?|people)"              # 30 days in the region
    r"|\s+per\s+100,?000(?:\s+(?:of\s+the\s+)?population)?)?"                  # 52.1 per 100,000 regionally
    r"\s*,?\s*(?:" + "|".join(
        f"(?P<{kind}>" + "|".join(frags) + ")"
        for kind, frags in {**lexicon.COMPARATOR_CUES_AFTER,
                            "previous": (*lexicon.COMPARATOR_CUES_AFTER["previous"], _CUE_AFTER_DATE)}.items()
    ) + r")\b",
    regex.IGNORECASE,
)
# "was 1,020, down from 1,450": an earlier value, right after its cue
_PREVIOUS_CUE = regex.compile(                                              # (matched like _COMPARISON_LEAD)
    r"(?<=\b(?:" + "|".join(lexicon.PREVIOUS_CUES) + r")\s+(?:approximately\s+|around\s+|about\s+)?)",
    regex.IGNORECASE,
)
# "England averages of 0.25% and 8.06% respectively": a list continues the previous comparator
_OPEN_BRACKET = regex.compile(r"\s*\(\s*")                                       # 13.2% (41,060)
_CLOSE_BRACKET = regex.compile(r"\s*\)")
_LIST_JOIN = regex.compile(r"^\s*(?:,\s*and|,|and|or)\s*$")
# ... or after the group the first one is for: "the national average of 63 for men and 64 for women"
# (the same group word after the second: "for women")
_LIST_JOIN_GROUP = regex.compile(
    r"^\s*(?P<group>for|among|amongst)\s+[A-Za-z-]+(?:\s+[A-Za-z-]+){0,2}\s*,?\s*(?:and|or)\s*$")
_CHANGE = "|".join(lexicon.CHANGE_WORDS)
# "had increased to 68%", "reduced to 35 days"
_CHANGE_TO = regex.compile(r"\b(?P<word>" + _CHANGE + r")\s+(?:again\s+)?to\s+$", regex.IGNORECASE)
_CHANGE_TO_ENDINGS = ("to",)  # for _may_end_with
# "from 1518 to 1337", "from 119 days in the year prior to August 2024 to 35 days"
_FROM_BEFORE = regex.compile(r"\bfrom\s+(?:approximately\s+|around\s+|about\s+)?$", regex.IGNORECASE)
_FROM_ENDINGS = ("from", "approximately", "around", "about")  # for _may_end_with
_TO_BETWEEN = regex.compile(r"^[^.;£%\d]{0,70}?(?:\d{4}[^.;£%\d]{0,20}?)?\bto\s+(?:approximately\s+|around\s+)?$|^\s*to\s+$")
# "a reduction from 91 people", "a decline in performance from August 2024, when 90%"
_CHANGE_FROM = regex.compile(
    r"\b(?P<word>" + _CHANGE + r")\b[^.;%£]{0,40}?\bfrom\b[^.;%£]{0,30}?$", regex.IGNORECASE
)
_RESPECTIVELY = regex.compile(r"^[^.;]{0,15}\brespectively\b")
# "fourth highest of 15 comparable local authorities"
_RANK_GROUP = regex.compile(
    r"^\s*" + lexicon.COMPARABLE_GROUP + r"|^\s*(?:\w+\s+){0,2}" + lexicon.COMPARABLE_GROUP,
    regex.IGNORECASE,
)
_SUPERLATIVE_OF = regex.compile(
    r"\b(?P<sup>" + "|".join(lexicon.RANK_SUPERLATIVES) + r")\s+(?:of|out\s+of|among|amongst)\s+(?:the\s+)?$",
    regex.IGNORECASE,
)
_SUPERLATIVE_OF_ENDINGS = ("of", "among", "amongst", "the")  # for _may_end_with
_RANK_OF = regex.compile(                                                     # 12th of 16, 45th most deprived of 151
    r"\s+(?:(?:(?:most|least)\s+[a-z-]+|" + "|".join(w for w in lexicon.RANK_SUPERLATIVES if w not in ("most", "least"))
    + r")\s+)?(?:out\s+of|of)\s+(?:the\s+)?(?:[A-Z][\w-]*['’]s\s+)?"          # second largest of London's 32
)
# Score lines are structure: "Score: 3", "3 - Evidence shows a good standard"
_SCORE_LINE = regex.compile(r"^\s*(?:Score:\s*\d|\d\s*[-–]\s*(?:[A-Z][a-z]+(?:\s+[a-z]+)?:\s*)?Evidence\s+shows)")

# Periods as written: "12 months prior to December 2024", "between 2011 and 2021"
_NUMW_OR_DIGITS = r"(?:\d+|" + "|".join(lexicon.NUMBER_WORDS) + r")"
_PERIOD = _Alternation(
    r"\bbetween\s+(?:(?:" + _MONTHS + r")\s+)?\d{4}(?:/\d{2,4})?\s+and\s+(?:(?:" + _MONTHS
    + r")\s+)?\d{4}(?:/\d{2,4})?",                                          # between 2011 and 2021
    r"\b(?:" + _NUMW_OR_DIGITS + r"\s+)?(?:months?|years?|weeks?|days?)\s+"
    r"(?:prior\s+to|up\s+to|to|before|ending|until)"
    r"\s+(?:(?:the\s+end\s+of\s+)?(?:" + _MONTHS + r")\s+)?\d{4}",          # 12 months prior to December 2024
    r"\bat\s+the\s+time\s+of\s+(?:the|this|our)\s+assessment",              # at the time of our assessment
    r"\b(?:Q[1-4]\s+)?(?:" + _MONTHS + r")\s+\d{4}",                         # Q3 August 2024
    r"(?<![\d,.£])(?:19|20)\d{2}\s*/\s*\d{2,4}\b",                          # 2023/24
    r"\bsince\s+(?:19|20)\d{2}\b(?!\s*/)",                                  # since 2019
    r"(?<![\d,.£/]|Act\s)(?:19|20)\d{2}(?![\d/%]|\.\d|\s*[-–]\s*\d)",        # 2024, not "Act 2014"
    flags=regex.IGNORECASE,
    needs={0: (_FOUR_DIGITS, _Words("between", lower=True)), 1: (_FOUR_DIGITS, _UNIT_STEM),
           2: (_Words("ment", lower=True),), 3: (_FOUR_DIGITS, _MONTH_STEM), 4: _NEEDS_YEAR,
           5: _NEEDS_YEAR, 6: _NEEDS_YEAR},
)

# Inside one mention (compiled once: these run for every mention)
_MONEY_NUMBER = regex.compile(r"\d[\d,]*(?:\.\d+)?")                        # £1,060,812,000 -> 1060812000
_MONEY_SCALE = regex.compile(r"(?:k|m|mn|bn|million|billion|thousand)$")      # £1.2 million
_LETTER_HYPHEN = regex.compile(r"[A-Za-z]-")                                # COVID-19
_HYPHEN_LETTER = regex.compile(r"-[A-Za-z]")                                # 5-day, a five-year strategy
_WORD_SPLIT = regex.compile(r"[\s-]+")                                      # twenty-five, two hundred
_DECIMAL = regex.compile(r"\d+\.\d+")                                         # 1 in 3.5
_SCALE_AFTER = regex.compile(                                                 # 1.2 million residents
    r"\s+(?P<scale>" + "|".join(lexicon.NUMERAL_SCALE_WORDS) + r")\b", regex.IGNORECASE)
_MODEL_AFTER = regex.compile(                                               # three conversations approach
    r"\s+[A-Za-z]+(?:\s+\([^()]{0,15}\))?\s+(?:" + "|".join(lexicon.MODEL_WORDS) + r")\b", regex.IGNORECASE)
_NAME_AFTER = regex.compile(r"[\s-]+[A-Z][a-z]")                                  # Three Conversations
_NO_BEFORE = regex.compile(r"\bno\s+$", regex.IGNORECASE)                   # No two care packages
_OF_THE_AFTER = regex.compile(                                              # two of the
    r"\s+of\s+(?:the|these|those|them|us|our|its|their)\b", regex.IGNORECASE
)
# A new clause ("95% were discharged home, and the fund ..."), not a list going on (", and 22.38%")
_CLAUSE_BREAK = regex.compile(r";|,\s*(?:and|but|while|whereas|although)\b(?!\s+£?\d)")
# After a citation: nothing but brackets and punctuation up to the sentence's end ("(ASCS, 2024).")
_CLOSES = regex.compile(r"[\s)\].,;:]*")
_YEAR = regex.compile(r"(?:19|20)\d{2}")                                    # a quarter of 2024
_OWN_PERIOD_GAP = regex.compile(r"\s*(?:in|during|for|at)?\s*", regex.IGNORECASE)  # 1,450 in March 2024
_LINE = regex.compile(r"[^\n]*\S[^\n]*")                                    # a non-blank line

_STOP = frozenset(
    "the a an of to in on for and or was were is are be been that this with as by at from which who "
    "their they it its had has have than people data england average national local authority "
    "compared indicated".split()
)
_WORD = regex.compile(r"[A-Za-z]{3,}")
# After "more"/"fewer"/"less": "than" and a number make a threshold or hedge ("for more than 12
# months, against a target of 15%"), not the report's judgement of a comparison
_THAN_NUMBER = regex.compile(r"\s+than\s+(?:£?\d|(?:" + "|".join(lexicon.NUMBER_WORDS) + r")\b)", regex.IGNORECASE)
# After a comparative: a noun of the metric's wording ("support at a lower level"), no judgement
_LEADS_TO = regex.compile(r"\s+to\s+")                                           # increasing to 16.4%
# Before "older", "over": an age bound ("people aged 65 and older compared with"), no judgement
_AGE_OR_MORE_BEFORE = regex.compile(r"\d\s*(?:years?\s+)?(?:and|or)\s+$")
_NOT_JUDGEMENT_AFTER = regex.compile(r"[\s-]+(?:" + "|".join(lexicon.JUDGEMENT_NOT_BEFORE) + r")\b", regex.IGNORECASE)
# After a threshold word that is also a judgement ("exceeding 28 days"): a number makes it a threshold
_NUMBER_AFTER = regex.compile(r"\s+£?\d")


# ---------------------------------------------------------------------------------------------
# spaCy: one blank English tokenizer and a phrase matcher for judgement words, built lazily once.

_NLP = None
_JUDGEMENTS = None
_NUMBER_WORD_IDS: frozenset[int] = frozenset()  # vocabulary ids of the number and ordinal words


def _nlp():
    global _NLP, _JUDGEMENTS, _NUMBER_WORD_IDS
    if _NLP is None:
        import spacy
        from spacy.matcher import PhraseMatcher

        nlp = spacy.blank("en")
        matcher = PhraseMatcher(nlp.vocab, attr="LOWER")
        matcher.add("JUDGEMENT", [nlp.make_doc(p) for p in (*lexicon.JUDGEMENT_PHRASES, *lexicon.TARGET_JUDGEMENTS,
                                                          *lexicon.PREVIOUS_JUDGEMENTS)])
        words = [*lexicon.NUMBER_WORDS, *lexicon.MULTIPLIER_WORDS, *lexicon.ORDINAL_WORDS,
                 *lexicon.FRACTION_WORDS]
        _NUMBER_WORD_IDS = frozenset(nlp.vocab.strings.add(word) for word in words)
        _NLP, _JUDGEMENTS = nlp, matcher
    return _NLP


# ---------------------------------------------------------------------------------------------


@dataclass
class _Mention:
    start: int
    end: int
    text: str
    value: float
    unit: str | None  # None: unitless, inherits from its claim when a comparator
    word: bool = False
    ordinal: bool = False
    qualifier: str | None = None
    role: str = "claim"  # claim | comparator | drop
    kind: str | None = None  # comparator kind
    comp_qualifier: str | None = None
    target: "_Mention | None" = None  # the claim a previous-value comparator belongs to
    cue_end: int | None = None  # end of a kind cue written after the value ("9.9% across the region")
    comparators: list["_Mention"] = field(default_factory=list)
    orphan_source: Source | None = None  # cited in a later sentence that only holds comparators
    rule: str | None = None  # the name of the rule (in ``RULES``) that decided its role


@dataclass
class _Sentence:
    start: int
    end: int
    mentions: list[_Mention]
    doc: object  # the sentence as a spaCy Doc (its tokens); None until needed (no number word)
    text: str = ""  # the sentence's text (tokenised when ``doc`` is needed)
    report: str = field(default="", repr=False)  # the whole text (a citation may refer to one before it)

    @cached_property
    def sources(self) -> list[Source]:
        """The citations in the sentence, looked for when first needed: a sentence whose
        numbers were all structure ("Published 30 May 2025") and that names no period
        needs none."""
        return find_sources(self.report, self.start, self.end)

    @cached_property
    def judgements(self) -> list[tuple[int, int, str]]:
        """Absolute char spans of judgement phrases, longest first on overlaps. Looked for only
        in sentences whose comparators need a qualifier (most sentences have none)."""
        if self.doc is None:
            self.doc = _nlp().make_doc(self.text)
        doc = self.doc
        # the sentence's text is the doc's (spaCy's ``doc.text`` is rebuilt from the tokens at
        # every read)
        sentence = self.text
        return [
            (self.start + span.start_char, self.start + span.end_char, span.text.lower())
            for span in _filter_longest(doc, _JUDGEMENTS(doc, as_spans=True))
            if not _THAN_NUMBER.match(sentence, span.end_char)  # "more than 12 months": a threshold
            and not _NOT_JUDGEMENT_AFTER.match(sentence, span.end_char)  # "at a lower level"
            and not _AGE_OR_MORE_BEFORE.search(sentence, max(0, span.start_char - 20), span.start_char)
            and not (span.text.lower() in lexicon.THRESHOLD_WORDS
                     and _NUMBER_AFTER.match(sentence, span.end_char))  # "exceeding 28 days"
        ]


def extract_claims(text: str, document: Document, sha256: str) -> list[Claim]:
    """Every numeric claim of the report, in document order."""
    return _extract(text, document, sha256, None)


@dataclass(frozen=True)
class Decision:
    """What one number (or a span of structure holding numbers) became, and the rule that
    decided it. ``role``: claim | comparator | drop; ``start``/``end`` index the text."""

    start: int
    end: int
    text: str
    role: str
    rule: str
    kind: str | None = None  # a comparator's kind
    value: float | None = None
    unit: str | None = None


def decisions(text: str, document: Document, sha256: str) -> tuple[list[Claim], list[Decision]]:
    """The claims (the same as ``extract_claims``) and every decision taken on the way, in
    text order: each number read (a claim, a comparator or dropped, with its rule's name) and
    each span of structure whose numbers were never read as quantities (a date, a score line)."""
    trace: list = []
    claims = _extract(text, document, sha256, trace)
    claimed = {(c.start, c.end) for c in claims}
    out = []
    for item in trace:
        if not isinstance(item, Decision):  # a mention, as linking left it
            item = Decision(item.start, item.end, item.text, item.role, item.rule or "claim",
                            item.kind, item.value, item.unit)
        if item.role == "claim" and (item.start, item.end) not in claimed:
            item = Decision(item.start, item.end, item.text, "drop", _STATED_SCORE_RULE, None,
                            item.value, item.unit)
        out.append(item)
    return claims, sorted(out, key=lambda d: (d.start, -d.end))


def _extract(text: str, document: Document, sha256: str, trace: list | None) -> list[Claim]:
    # One scan for anything number-like; only paragraphs and sentences holding one are
    # split and tokenised (a spaCy pass over the whole report costs more than extraction may).
    candidates = _Candidates(text)
    claims: list[Claim] = []
    for start, end in _paragraphs(text, document):
        if candidates.within(start, end):
            claims.extend(_paragraph_claims(text, start, end, document, sha256, candidates, trace))
    # The stated overall score ("scored 58 out of 100 overall", "Score: 56%") is structure,
    # found by the segmentation: never a claim, like the statement scores
    score = document.overall.score_span
    if score is not None:
        claims = [c for c in claims if c.end <= score.start or c.start >= score.end]
    return claims


class _Candidates:
    """Whether a span of the text holds a match of ``_CANDIDATE`` (the same answer as finding
    all its matches in the text and looking in that list), asked span by span.

    Why: one ``_CANDIDATE`` scan of a whole report costs 5 ms, most of it trying the number
    words at every word start; a digit is found by a fast skip, and most paragraphs and
    sentences holding a number hold a digit, so the words are looked for only in the others.
    Exact: a digit is always a match (no number word holds one); a number word's match
    starting before ``end`` reads at most its letters and the one character after them, so
    the search stops ``_LONGEST_NUMBER_WORD`` characters past ``end``, not at ``end``
    ("five" cut off from "fivefold" would be a match of its own).
    """

    def __init__(self, text: str):
        self.text = text
        # For the pre-check (see _NUMBER_WORD_CORES); None: not exact for this text, so
        # the pre-check never skips
        exact = not any(c in text for c in _FOLDS_TO_ASCII_LETTER)
        self.lowered = text.lower() if exact else None

    def may_hold_number_word(self, start: int, end: int) -> bool:
        """False only when no number word (in any case) is in ``[start, end)``."""
        if self.lowered is None:
            return True
        return _NUMBER_WORD_CORE.search(self.lowered, start, end) is not None

    def holds_number_word_inside(self, start: int, end: int) -> bool:
        """Whether ``_NUMBER_WORD_INSIDE`` has a match in ``[start, end)``: for a text the
        pre-check is exact for, its answer is the same (a number word in any case is in the
        span iff one of its cores is in the lowered span)."""
        if self.lowered is None:
            return _NUMBER_WORD_INSIDE.search(self.text, start, end) is not None
        return self.may_hold_number_word(start, end)

    def within(self, start: int, end: int) -> bool:
        if _DIGIT.search(self.text, start, end):
            return True
        if not self.may_hold_number_word(start, end + _LONGEST_NUMBER_WORD):
            return False
        word = _CANDIDATE_WORD.search(self.text, start, end + _LONGEST_NUMBER_WORD)
        return word is not None and word.start() < end


def _paragraphs(text: str, document: Document) -> list[tuple[int, int]]:
    spans = [(p.start, p.end) for s in document.sections for p in s.paragraphs]
    for theme in document.themes:
        for statement in theme.statements:
            for subsection in statement.subsections:
                spans.extend((p.start, p.end) for p in subsection.paragraphs)
    if not spans:  # no structure found: every non-blank line is a paragraph
        spans = [(m.start(), m.end()) for m in _LINE.finditer(text)]
    return sorted(set(spans))


def _paragraph_claims(text, start, end, document, sha256, candidates, trace=None) -> list[Claim]:
    if _SCORE_LINE.match(text, start, end):
        if trace is not None:
            trace.append(Decision(start, end, text[start:end], "drop", _SCORE_LINE_RULE))
        return []
    sentences = _sentences(text, start, end, candidates, trace)
    history: list[tuple[_Mention, str]] = []  # claims so far in the paragraph, with their clause
    for sentence in sentences:
        _link(text, sentence, history)
        mentions = sentence.mentions
        for i, m in enumerate(mentions):
            if m.role == "claim":
                lo = mentions[i - 1].end if i else sentence.start
                hi = mentions[i + 1].start if i + 1 < len(mentions) else sentence.end
                history.append((m, text[lo:hi]))
    out: list[Claim] = []
    last_period: str | None = None
    for sentence in sentences:
        after = _UNREAD  # the citation written right after the sentence: read once, when needed
        periods = []
        if any(m.role == "claim" for m in sentence.mentions) or _MAYBE_PERIOD.search(text, sentence.start, sentence.end):
            periods = [m for m in _PERIOD.finditer(text, sentence.start, sentence.end)
                       if not any(s.start <= m.start() < s.end for s in sentence.sources)]
        for mention in sentence.mentions:
            if mention.role != "claim":
                continue
            source = _source_for(text, mention, sentence) or mention.orphan_source
            if source is None:  # "... averages. ASCS, 2023."
                if after is _UNREAD:
                    after = citation_after(text, sentence.end, end)
                source = after
            period = _period_for(text, mention, periods)
            if period is None and source is not None and source.date:
                period = source.date
            if period is None:
                period = last_period
            out.append(_claim(text, mention, sentence, source, period, document, sha256))
        if periods:
            last_period = periods[-1].group()
    return out


def _sentences(text: str, start: int, end: int, candidates: _Candidates, trace=None) -> list[_Sentence]:
    """Sentences of one paragraph that hold a number, with their tokens' findings.

    Boundaries are sentence-final punctuation before a capital, digit, "£" or bracket, the
    rule spaCy's sentencizer applies, run as a regex so that only the sentences holding a
    number are tokenised."""
    nlp = _nlp()
    out = []
    bounds = [start] + [m.end() for m in _SENTENCE_END.finditer(text, start, end)] + [end]
    bounds = _cap_lengths(text, bounds)
    for s, e in zip(bounds, bounds[1:]):
        while e > s and text[e - 1].isspace():
            e -= 1
        if not candidates.within(s, e):
            continue
        # Tokens are needed for number words (and judgement phrases, tokenised then if not yet)
        doc = nlp.make_doc(text[s:e]) if candidates.holds_number_word_inside(s, e) else None
        mentions = _mentions(text, s, e, doc, s, trace)
        out.append(_Sentence(s, e, mentions, doc, text[s:e], text))
    return out


_MAX_SENTENCE = 5_000  # pathological "sentences" (a megabyte of numbers) are cut at spaces


def _cap_lengths(text: str, bounds: list[int]) -> list[int]:
    out = [bounds[0]]
    for b in bounds[1:]:
        while b - out[-1] > _MAX_SENTENCE:
            cut = text.rfind(" ", out[-1] + 1, out[-1] + _MAX_SENTENCE)
            out.append(cut + 1 if cut > out[-1] else out[-1] + _MAX_SENTENCE)
        out.append(b)
    return out


def _filter_longest(doc, spans):
    from spacy.util import filter_spans

    return filter_spans(spans)


# ---------------------------------------------------------------------------------------------
# Mentions


def _mentions(text: str, s: int, e: int, sent, sent_start: int, trace=None) -> list[_Mention]:
    blocked_matches = list(_BLOCKERS.finditer(text, s, e))
    blocked = [m.span() for m in blocked_matches]
    if trace is not None:
        trace.extend(Decision(m.start(), m.end(), m.group(), "drop", _SPAN_RULE_NAME[m.re])
                     for m in blocked_matches)
    taken: list[tuple[int, int]] = []
    mentions: list[_Mention] = []

    def inside(a: int, b: int) -> bool:
        return any(x <= a and b <= y for x, y in blocked) or any(not (b <= x or a >= y) for x, y in taken)

    for m in _RATIO_IN.finditer(text, s, e):
        left = _LAST_WORD.search(text, max(s, m.start() - 20), m.start())
        right = _FIRST_WORD.match(text, m.end(), e)
        if not (left and right):
            continue
        a, b = _word_value(left.group(1)), _word_value(right.group(1))
        span = (left.start(1), right.end(1))
        if a and b and a < b and not inside(*span):
            mentions.append(_Mention(*span, text[span[0]:span[1]], round(a / b, 6), "ratio"))
            taken.append(span)
    for m in _NUMERAL.finditer(text, s, e):
        if inside(*m.span()):
            continue
        mention = _numeral(text, m)
        if mention.end > m.end() or mention.unit == "gbp":  # "1.2 million", "£1.2 million": the scale word is read
            taken.append((mention.start, mention.end))
        rule = _first_rule(_NUMBER_RULES_BY_UNIT[mention.unit], _Context(text, mention))
        if rule is None:
            mentions.append(mention)
        elif trace is not None:
            mention.role, mention.rule = "drop", rule.name
            trace.append(mention)
    for mention in _number_words(text, sent, sent_start):
        if not inside(mention.start, mention.end):
            mentions.append(mention)
    mentions.sort(key=lambda x: x.start)
    for index, mention in enumerate(mentions):
        _classify(text, s, mention, mentions, index)
    if trace is not None:
        trace.extend(mentions)
    return [m for m in mentions if m.role != "drop"]


def _numeral(text: str, m) -> _Mention:
    """The number a ``_NUMERAL`` match reads, with the unit its own characters give (money,
    percent, an ordinal's rank); whether it is a quantity at all is for the rules to say."""
    start, end = m.span()
    if m.group("money"):
        raw = m.group("money")
        number = _MONEY_NUMBER.search(raw).group().replace(",", "")
        scale = _MONEY_SCALE.search(raw)
        # to the penny: "£4.1m" is 4100000, not 4.1 * 10**6 = 4099999.9999999995
        value = round(float(number) * (lexicon.MONEY_SCALES[scale.group()] if scale else 1), 2)
        return _Mention(start, end, raw, value, "gbp")
    value = float(m.group("num").replace(",", ""))
    if m.group("pct"):
        return _Mention(start, end, m.group(), value, "percent")
    if m.group("ord"):
        return _Mention(start, end, m.group(), value, "rank", ordinal=True)
    scale = _SCALE_AFTER.match(text, end, end + 20)
    if scale:
        value = round(value * lexicon.NUMERAL_SCALE_WORDS[scale.group("scale").lower()], 2)
        return _Mention(start, scale.end(), text[start:scale.end()], value, None)
    return _Mention(start, end, m.group(), value, None)


def _word_value(words: str) -> float | None:
    if words.replace(",", "").isdigit():  # "1 in 1,000"
        return float(words.replace(",", ""))
    if _DECIMAL.fullmatch(words):  # "1 in 3.5"
        return float(words)
    total, current = 0, 0
    for word in _WORD_SPLIT.split(words.lower()):
        if word == "and" or not word:
            continue
        if word in lexicon.NUMBER_WORDS:
            current += lexicon.NUMBER_WORDS[word]
        elif word == "hundred":
            current = max(current, 1) * 100
        elif word in lexicon.MULTIPLIER_WORDS:  # "thousand", "one million"
            total += max(current, 1) * lexicon.MULTIPLIER_WORDS[word]
            current = 0
        else:
            return None
    return float(total + current) or None


def _number_words(text: str, sent, para_start: int) -> list[_Mention]:
    """Number words on spaCy tokens: "ten", "twenty-five", "two hundred", "fourth highest"."""
    # Most sentences hold digits only: one array of the tokens' lowercase ids (no Python
    # object per token) tells whether any token is a number or ordinal word at all.
    if sent is None:
        return []
    # ... and which: only those tokens are read (every other token is passed over below)
    words = [k for k, lower in enumerate(sent.to_array("LOWER").tolist()) if lower in _NUMBER_WORD_IDS]
    if not words:
        return []
    out = []
    tokens = list(sent)
    i = 0
    while i < len(tokens):
        at = bisect.bisect_left(words, i)  # the next number, ordinal or fraction word
        if at == len(words):
            break
        i = words[at]
        token = tokens[i]
        low = token.lower_
        if low in lexicon.FRACTION_WORDS:
            fraction = _fraction(text, tokens, i, para_start)
            if fraction is not None:
                out.append(fraction)
                i += 1
                continue
        if low in lexicon.ORDINAL_WORDS:
            nxt = tokens[i + 1].lower_ if i + 1 < len(tokens) else ""
            if nxt in lexicon.RANK_SUPERLATIVES:
                s = para_start + token.idx
                out.append(_Mention(s, s + len(token.text), token.text,
                                    float(lexicon.ORDINAL_WORDS[low]), "rank", word=True, ordinal=True))
            i += 1
            continue
        if low not in lexicon.NUMBER_WORDS and low not in lexicon.MULTIPLIER_WORDS:
            i += 1
            continue
        j = i + 1
        while j < len(tokens):
            t = tokens[j].lower_
            if t in lexicon.NUMBER_WORDS or t in lexicon.MULTIPLIER_WORDS:
                j += 1
            elif t in ("-", "and") and j + 1 < len(tokens) and (
                tokens[j + 1].lower_ in lexicon.NUMBER_WORDS
            ) and (t == "-" or tokens[j - 1].lower_ in lexicon.MULTIPLIER_WORDS):
                j += 2
            else:
                break
        s = para_start + tokens[i].idx
        e = para_start + tokens[j - 1].idx + len(tokens[j - 1].text)
        surface = text[s:e]
        value = _word_value(surface)
        i = j
        if value is None:
            continue
        k = j + 1 if j < len(tokens) and tokens[j].lower_ == "-" else j
        if k + 1 < len(tokens) and tokens[k].lower_ in lexicon.FRACTION_WORDS and tokens[k + 1].lower_ in ("of", "("):
            continue  # the count of a fraction: "two thirds of", "two thirds (64%) of"
        out.append(_Mention(s, e, surface, value, None, word=True))
    return out


def _fraction(text: str, tokens, i: int, para_start: int) -> _Mention | None:
    """A share in words at token ``i``: "a third of people", "two-thirds of carers", "Half of
    the respondents" (a ratio); not "the first half of 2024", "a third party"."""
    if i + 2 >= len(tokens) or tokens[i + 1].lower_ != "of":
        return None
    k = i - 2 if i >= 2 and tokens[i - 1].lower_ == "-" else i - 1
    count = lexicon.FRACTION_COUNTS.get(tokens[k].lower_) if k >= 0 else None
    first = k if count is not None else i
    if count is None and tokens[i].lower_ != "half":
        return None  # "the third of five"
    if first and (tokens[first - 1].lower_ in lexicon.FRACTION_NOT_AFTER
                  or tokens[first - 1].lower_ in lexicon.ORDINAL_WORDS):
        return None  # "the first half of"
    after = tokens[i + 2]
    if after.lower_ in ("the", "this", "that", "a") and i + 3 < len(tokens):
        after = tokens[i + 3]
    if after.lower_ in lexicon.FRACTION_PERIOD_WORDS or _YEAR.fullmatch(after.text):
        return None  # "half of the year", "a quarter of 2024"
    s = para_start + tokens[first].idx
    e = para_start + tokens[i].idx + len(tokens[i].text)
    return _Mention(s, e, text[s:e], round((count or 1) * lexicon.FRACTION_WORDS[tokens[i].lower_], 6), "ratio")


# ---------------------------------------------------------------------------------------------
# The rule table: what each number is. Rows are tried in order and the first that fires
# decides; its name travels with the decision (``_Mention.rule``, ``Decision.rule``, and
# ``python -m pipeline explain``). A number no row takes is a claim (rule "claim").
# Stages, in the order they run:
#   span:     a pattern whose whole match is structure (dates, laws, labels, age bands);
#             numbers inside one are never read as quantities (``_SPAN_PATTERNS``);
#   number:   a numeral on its own (its characters and the words right beside it);
#   sentence: a number among the other numbers of its sentence (cues, comparisons, ranks).
#             Rows marked ``units`` read the unit and hedge, annotated before the first of them.
# Adding a rule is adding a row (with a real example in its docstring) and a test case.


_UNREAD = object()


class _Context:
    """What a rule reads about one number: the text around it and its sentence's numbers."""

    __slots__ = ("text", "m", "mentions", "index", "sent_start", "left", "left_bounded", "right",
                 "prev", "nxt", "duration", "limit")

    def __init__(self, text: str, m: _Mention, mentions=None, index: int = 0, sent_start: int = 0):
        self.text, self.m, self.mentions, self.index, self.sent_start = text, m, mentions, index, sent_start
        self.duration = _UNREAD  # _duration's answer, read once
        # Where a pattern matched at the number may stop reading: the regex module looks for a
        # pattern's required literal ("+", "means") up to ``endpos`` before matching, so a match
        # at one position with no end reads the rest of the text (quadratic on a long report)
        self.limit = min(len(text), m.end + 160)
        if mentions is not None:
            prev_end = mentions[index - 1].end if index else sent_start
            self.left = text[max(sent_start, m.start - 90):m.start]
            self.left_bounded = text[max(prev_end, m.start - 90):m.start]
            self.right = text[m.end:m.end + 60]
            self.prev = mentions[index - 1] if index else None
            self.nxt = mentions[index + 1] if index + 1 < len(mentions) else None


@dataclass(frozen=True)
class Rule:
    name: str
    stage: str  # span | number | sentence
    decides: str  # drop | comparator | claim
    test: object = None  # (context) -> bool; a span rule's is its pattern
    units: bool = False  # reads the number's unit and hedge (sentence stage)
    # number stage: the units (as the numeral gives them) the rule can fire on, a filter
    # applied before its test (which checks them too); None: any
    only: frozenset | None = None
    words: bool = False  # sentence stage: fires on number words only ("one", "Three")

    @property
    def example(self) -> str:
        return (self.test.__doc__ or "").strip() if callable(self.test) else ""


def _first_rule(rules, context: _Context) -> Rule | None:
    for rule in rules:
        if rule.test(context):
            return rule
    return None


# --- number stage -----------------------------------------------------------------------------

def _money_threshold(c: _Context) -> bool:
    """"minor adaptations costing under £1,000 were free": the amount defines what is counted."""
    return c.m.unit == "gbp" and _MONEY_THRESHOLD.match(c.text, c.m.start) is not None


def _glued_to_letters(c: _Context) -> bool:
    """"COVID-19", "co-2", "a 5-day timeframe", "3D": a numeral glued to letters is a name's part."""
    m = c.m
    if m.unit == "gbp":
        return False
    pct = m.unit == "percent"
    after = c.text[m.end:m.end + 2]
    return bool(_LETTER_HYPHEN.match(c.text[max(0, m.start - 2):m.start])
                or _HYPHEN_LETTER.match(after) and not pct or after[:1].isalpha() and not pct)


def _band_after(c: _Context) -> bool:
    """"the 10% most deprived areas": a percentage that defines a band."""
    return c.m.unit == "percent" and _BAND_AFTER.match(c.text, c.m.end) is not None


def _label_before(c: _Context) -> bool:
    """"Level 2", "Year 1", "forecasting at month 9": a label's number."""
    return c.m.unit in (None, "rank") and _LABEL_BEFORE.match(c.text, c.m.start) is not None


def _acronym_before(c: _Context) -> bool:
    """"NHS 111": a number after an acronym names a service."""
    return c.m.unit is None and _ACRONYM_BEFORE.match(c.text, c.m.start) is not None


def _ordinal_not_rank(c: _Context) -> bool:
    """"before their 17th birthday": an ordinal that is an age or a date, not a rank."""
    return c.m.unit == "rank" and _ORDINAL_NOT_RANK.match(c.text, c.m.end) is not None


def _age_group(c: _Context) -> bool:
    """"the 85+ population", "its 65+ residents" (two digits), "the over 65 population", the
    bounds of "the 50-64 age group", "the 18 to 64 population", "working age (16-64)": an age band."""
    m, text = c.m, c.text
    if m.unit is not None or len(m.text) > 3:
        return False
    if _AGE_GROUP_AFTER.match(text, m.end, c.limit) \
            or len(m.text) == 2 and _AGE_PLUS_PEOPLE.match(text, m.end, c.limit) \
            or _OVER_UNDER_BEFORE.match(text, m.start) and _AGE_NOUN_AFTER.match(text, m.end, c.limit):
        return True
    back = _RANGE_START_BEFORE.search(text, max(0, m.start - 12), m.start)
    start = back.start() if back else m.start
    band = _RANGE.match(text, start, c.limit)
    if band is None or band.end() < m.end:
        return False
    return bool(_AGE_NOUN_AFTER.match(text, band.end(), c.limit)
                or _AGE_WORD_BRACKET_BEFORE.search(text, max(0, start - 30), start)
                and _CLOSE_BRACKET.match(text, band.end(), c.limit))


def _age_of_people(c: _Context) -> bool:
    """"residents over 95", "those under 25 leaving care": an age, after the people it bounds."""
    m = c.m
    return m.unit is None and len(m.text) <= 3 and _AGE_OF_PEOPLE_BEFORE.match(c.text, m.start, c.limit) is not None \
        and not _NOT_AN_AGE_AFTER.match(c.text, m.end, c.limit)


def _age_before_its_share(c: _Context) -> bool:
    """"residents under 16 (17.9%) and over 75 (9.2%)": the age of a group whose share follows."""
    m = c.m
    return m.unit is None and len(m.text) <= 2 and _AGE_BEFORE_SHARE.match(c.text, m.start, c.limit) is not None \
        and _SHARE_AFTER_AGE.match(c.text, m.end, c.limit) is not None


def _scale_anchor(c: _Context) -> bool:
    """"(out of 296, 1 being the least deprived)", "(1st being the most deprived)", "a decile of
    10 means the least deprived", "(where 1 is the most deprived)": the end of a scale, defined."""
    return c.m.unit in (None, "rank") and (_SCALE_ANCHOR_AFTER.match(c.text, c.m.end, c.limit) is not None
                                           or _SCALE_ANCHOR_IS.match(c.text, c.m.start, c.limit) is not None)


def _percent_band_before(c: _Context) -> bool:
    """"among the most deprived 10% in England", "the bottom decile (lowest 10%)": a band."""
    return c.m.unit == "percent" and _BAND_BEFORE.match(c.text, c.m.start, c.limit) is not None


def _defined_group(c: _Context) -> bool:
    """"hamlets with fewer than 800 residents", "households where at least 1 person has served":
    a threshold that defines the group counted."""
    return c.m.unit in (None, "gbp") and _DEFINED_GROUP_BEFORE.match(c.text, c.m.start, c.limit) is not None


def _model_name(c: _Context) -> bool:
    """"a 3 conversations model", "the 3 conversations (3Cs) approach": a practice model's name."""
    return c.m.unit is None and _MODEL_NAME_AFTER.match(c.text, c.m.end, c.limit) is not None


# --- sentence stage: drops (before units) -------------------------------------------------------

def _word_one(c: _Context) -> bool:
    """"one other authority", "from one area to another": the word "one" is never a count."""
    return c.m.word and not c.m.ordinal and c.m.text.lower() == "one"


def _word_after_no(c: _Context) -> bool:
    """"No two care packages are the same": a number word after "no" counts nothing."""
    return c.m.word and not c.m.ordinal and _NO_BEFORE.search(c.left) is not None


def _word_compound(c: _Context) -> bool:
    """"a five-year strategy", "two-way communication": a number word in a compound adjective."""
    return c.m.word and not c.m.ordinal and _HYPHEN_LETTER.match(c.right) is not None


def _word_few_of_the(c: _Context) -> bool:
    """"two of the teams": one or two of a group is a phrase, not a count."""
    return c.m.word and not c.m.ordinal and c.m.value <= 2 and _OF_THE_AFTER.match(c.right) is not None


def _word_in_a_name(c: _Context) -> bool:
    """"the ‘Three Conversations’ approach", "the three conversations model": a number word in
    the name of a practice model (capitalised mid-sentence before a capitalised word, or its
    noun followed by "approach", "model", "framework")."""
    m = c.m
    if not m.word or m.ordinal:
        return False
    if _MODEL_AFTER.match(c.right):
        return True
    return m.text[:1].isupper() and m.start > c.sent_start and _NAME_AFTER.match(c.right) is not None


def _hours(c: _Context) -> bool:
    """"up to 4 hours of respite": hours have no unit in the contract; they define breaks."""
    return _HOURS.match(c.right) is not None


def _duration(c: _Context):
    """A duration right after a unitless number ("28 days"), not a noun ("3 day centres")."""
    if c.duration is _UNREAD:
        duration = None
        if c.m.unit is None:
            duration = _DURATION.match(c.right)
            if duration and _DURATION_NOUN.match(c.right):
                duration = None
        c.duration = duration
    return c.duration


def _duration_threshold(c: _Context) -> bool:
    """"waiting more than 28 days", "completed within 45 days": a threshold defining a count."""
    return _duration(c) is not None and _THRESHOLD.search(c.left_bounded) is not None


def _duration_period_follower(c: _Context) -> bool:
    """"in the 12 months prior to December 2024", "7 days a week": a period or a frequency."""
    duration = _duration(c)
    return duration is not None and _PERIOD_FOLLOWER.match(c.text, c.m.end + duration.end()) is not None


def _duration_period_leader(c: _Context) -> bool:
    """"over the last two years": a period, not a quantity."""
    return _duration(c) is not None and _PERIOD_LEADER.search(c.left_bounded) is not None


# --- units and hedges: annotations (the first unit rule that fires sets the unit) --------------

def _unit_of_duration(c: _Context) -> str | None:
    """"a median wait of 34 days" -> days"""
    duration = _duration(c)
    return lexicon.DURATION_UNITS[duration.group("unit")] if duration else None


def _unit_of_score(c: _Context) -> str | None:
    """"an IMD score of 2" -> score"""
    return "score" if _SCORE_BEFORE.search(c.left) else None


def _unit_of_rank(c: _Context) -> str | None:
    """"ranked 130 of 151" -> rank"""
    return "rank" if _RANK_BEFORE.search(c.left) else None


def _unit_per_100k(c: _Context) -> str | None:
    """"612 admissions per 100,000 population" -> per_100k"""
    return "per_100k" if _PER_100K_AFTER.match(c.right) else None


def _unit_of_points(c: _Context) -> str | None:
    """"6.2 percentage points" -> percent (a difference of percentages, on their scale)"""
    return "percent" if _POINTS_AFTER.match(c.right) else None


_UNIT_RULES = (_unit_of_duration, _unit_of_score, _unit_of_rank, _unit_per_100k, _unit_of_points)


def _annotate(c: _Context) -> None:
    """Unit (when the numeral gave none) and hedge ("approximately 300 requests")."""
    m = c.m
    if m.unit is None:
        for rule in _UNIT_RULES:
            unit = rule(c)
            if unit is not None:
                m.unit = unit
                break
    hedge = _HEDGE.search(c.left_bounded) if _may_end_with(c.left_bounded, _HEDGE_ENDINGS) else None
    if hedge:
        m.qualifier = " ".join(hedge.group("hedge").lower().split())


# --- sentence stage: comparators and ranks (after units) ---------------------------------------

def _comparator(m: _Mention, kind: str, qualifier_reset: bool = True) -> bool:
    m.kind = kind
    if qualifier_reset:
        m.qualifier = None
    return True


def _rank_comparable_group(c: _Context) -> bool:
    """"the fourth highest of 15 comparable local authorities": the group the rank is among."""
    m, prev = c.m, c.prev
    sup = _may_end_with(c.left_bounded, _SUPERLATIVE_OF_ENDINGS) and _SUPERLATIVE_OF.search(c.left_bounded)
    if not (sup and prev is not None and prev.unit == "rank" and _RANK_GROUP.match(c.right)):
        return False
    m.unit, m.comp_qualifier, m.target = "count", sup.group("sup").lower(), prev
    return _comparator(m, "comparable_authorities")


def _rank_of(c: _Context) -> bool:
    return c.prev is not None and c.prev.unit == "rank" and _RANK_OF.fullmatch(c.text, c.prev.end, c.m.start) is not None


def _rank_scale(c: _Context) -> bool:
    """"ranked 117th out of 153", "12th of 16": a rank's denominator only defines the scale."""
    return _rank_of(c) and not _RANK_GROUP.match(c.right)


def _rank_group_denominator(c: _Context) -> bool:
    """"ranked 12th of 16 comparator councils": the comparator group of the rank."""
    if not _rank_of(c):
        return False
    c.m.unit, c.m.target = "count", c.prev
    return _comparator(c.m, "comparable_authorities")


def _comparator_cue(c: _Context) -> bool:
    """"the England average of 93.71%", "a target of 70%": a kind cue right before the value."""
    for kind, cue in _COMPARATOR_CUES:
        if cue.search(c.left_bounded):
            return _comparator(c.m, kind)
    return False


def _comparison_with_cue_after(c: _Context) -> bool:
    """"compared with 9.9% across the region and 10.6% nationally": a comparison lead, the kind after."""
    m, prev = c.m, c.prev
    if not (prev is not None and prev.cue_end is not None and _LIST_JOIN.match(c.text[prev.cue_end:m.start])
            or _COMPARISON_LEAD.match(c.text, m.start)):
        return False
    after = _cue_after(c.text, m.end)
    if after is None:
        return False
    m.cue_end = after[1]
    return _comparator(m, after[0])


def _average_with_cue_after(c: _Context) -> bool:
    """"below the average of 14.0% among its statistical neighbours": a generic average, kind after."""
    if not _AVERAGE_LEAD.match(c.text, c.m.start):
        return False
    after = _cue_after(c.text, c.m.end)
    if after is None or after[0] == "previous":
        return False
    c.m.cue_end = after[1]
    return _comparator(c.m, after[0])


def _against_same_unit(c: _Context) -> bool:
    """"a median of 34 days against 21 days for White British people": the claim's unit, no kind."""
    m, prev = c.m, c.prev
    if prev is not None and prev.role == "claim" and m.unit is not None and m.unit != "rank" \
            and prev.unit == m.unit and _OTHER_LEAD.match(c.text, m.start) \
            and not _CLAUSE_BREAK.search(c.text, prev.end, m.start):
        return _comparator(m, "other")
    return False


def _list_of_comparators(c: _Context) -> bool:
    """"England averages of 0.25% and 8.06% respectively", "the national average of 71 for men
    and 74 for women": a list goes on with the same kind."""
    prev = c.prev
    if prev is None or prev.role != "comparator" or prev.kind == "previous":
        return False
    if _LIST_JOIN.match(c.left_bounded):
        return _comparator(c.m, prev.kind, qualifier_reset=False)
    group = _LIST_JOIN_GROUP.match(c.left_bounded)
    if group and regex.match(r"\s+" + group.group("group") + r"\b", c.right):
        return _comparator(c.m, prev.kind, qualifier_reset=False)
    return False


def _bracketed_after(text: str, mentions, index: int) -> tuple[_Mention | None, int]:
    """The number in brackets right after ``mentions[index]`` ("13.2% (41,060)"), if any, and
    where the text after it goes on (past the closing bracket; else the number's own end)."""
    m = mentions[index]
    if index + 1 < len(mentions):
        inner = mentions[index + 1]
        close = _CLOSE_BRACKET.match(text, inner.end, inner.end + 10)
        if _OPEN_BRACKET.fullmatch(text, m.end, inner.start) and close:
            return inner, close.end()
    return None, m.end


def _from_to(c: _Context) -> bool:
    """"fell from 1518 to 1337", "rise from 12.1% (30,100) to 15.3% (39,800)": the value after
    "from" is the earlier value of the one after "to" (a count in brackets after either goes with it)."""
    m = c.m
    if not (_may_end_with(c.left_bounded, _FROM_ENDINGS) and _FROM_BEFORE.search(c.left_bounded)):
        return False
    inner, goes_on = _bracketed_after(c.text, c.mentions, c.index)
    k = c.index + (2 if inner is not None else 1)
    nxt = c.mentions[k] if k < len(c.mentions) else None
    if not (nxt is not None and _TO_BETWEEN.match(c.text[goes_on:nxt.start]) and _compatible(m, nxt)):
        return False
    m.target = nxt
    word = _CHANGE_FROM.search(c.text[max(c.sent_start, m.start - 60):m.start])
    m.comp_qualifier = _judgement_word(word.group("word")) if word else None
    return _comparator(m, "previous", qualifier_reset=False)


def _from_to_bracketed(c: _Context) -> bool:
    """"from 12.1% (30,100) to 15.3% (39,800)": the count in brackets after the earlier value is
    the earlier value of the count in brackets after the later one."""
    prev = c.prev
    if prev is None or prev.rule != "from-to" or prev.target is None:
        return False
    inner, _ = _bracketed_after(c.text, c.mentions, c.index - 1)
    if inner is not c.m:
        return False
    later, _ = _bracketed_after(c.text, c.mentions, c.mentions.index(prev.target))
    if later is None or not _compatible(c.m, later):
        return False
    c.m.target, c.m.comp_qualifier = later, prev.comp_qualifier
    return _comparator(c.m, "previous", qualifier_reset=False)


def _changed_to(c: _Context) -> bool:
    """"was 52% and had increased to 68%": this value is the claim; the earlier one in the
    sentence (same unit) becomes its previous value, and its rule this one."""
    change_to = _may_end_with(c.left_bounded, _CHANGE_TO_ENDINGS) and _CHANGE_TO.search(c.left_bounded)
    if not change_to:
        return False
    earlier = [x for x in c.mentions[:c.index] if x.role == "claim" and _compatible(x, c.m)]
    if earlier:
        e = earlier[-1]
        e.role, e.kind, e.target, e.rule = "comparator", "previous", c.m, "changed-to"
        e.comp_qualifier = _judgement_word(change_to.group("word"))
        e.qualifier = None
    return True


def _changed_from(c: _Context) -> bool:
    """"a reduction from 91 people", "was 1,020, down from 1,450": an earlier value."""
    if _CHANGE_FROM.search(c.left_bounded) or _PREVIOUS_CUE.match(c.text, c.m.start):
        c.m.comp_qualifier = None  # found from the judgement phrases when linking
        return _comparator(c.m, "previous")
    return False


# --- rows added for the second blind round of synthetic pages ---------------------------------

_AGE_OF_PEOPLE_ARE_BEFORE = regex.compile(                                   # 19.4% of residents are under 18
    r"(?<=(?:\b(?:" + "|".join(lexicon.AGED_PEOPLE) + r")\s+(?:(?:are|were|is|was)\s+)?"  # Residents over 85 make up
    r"|\d%\s+(?:are|were)\s+)(?:aged\s+)?"                                   # and 17% were under 16
    r"(?:over|under|above|below|older\s+than|younger\s+than)\s+)",
    regex.IGNORECASE,
)
_WORD_AGE_BEFORE = regex.compile(                                            # people aged five and over
    r"\bag(?:ed|es?)\s+(?:(?:over|under|between|from)\s+)?$", regex.IGNORECASE)
_WORD_AGE_AFTER = regex.compile(                                             # five years and over
    r"\s*(?:years?\s+(?:old\s+)?)?(?:or|and)\s+(?:over|older|above|under)\b", regex.IGNORECASE)
_LONGEST_WAIT_BEFORE = regex.compile(                                        # the oldest had waited more than 18 months
    r"\b(?:the\s+)?(?:oldest|longest)\b[^.;,()]{0,40}?\b(?:had\s+|has\s+|have\s+)?(?:been\s+)?"
    r"(?:waited|waiting|wait(?:\s+was)?|outstanding|open)\s+(?:for\s+)?"
    r"(?:(?:more|longer)\s+than|over|almost|nearly|around|about)?\s*$", regex.IGNORECASE)
_CLAUSE_VERB_AFTER = regex.compile(                                          # , and 83.1% said they
    r"\s+(?:of\s+[a-z]+\s+)?(?:" + "|".join(lexicon.CLAUSE_VERBS) + r")\b")
_COMMA_AND = regex.compile(r"^\s*,\s*(?:and|while|whereas)\s*$")
_METRIC_OBJECT_AFTER = regex.compile(                                        # met the required standard
    r"\s+(?:the\s+|their\s+|its\s+|a\s+)?(?:[a-z-]+\s+)?(?:" + "|".join(lexicon.METRIC_OBJECTS) + r")\b",
    regex.IGNORECASE)
_PREVIOUS_CUE_JUDGEMENT = regex.compile(                                     # 61, down from 75
    r"\b(?:" + "|".join(lexicon.PREVIOUS_CUE_JUDGEMENTS) + r")\s+(?:approximately\s+|around\s+|about\s+)?$",
    regex.IGNORECASE)


def _age_of_people_are(c: _Context) -> bool:
    """"17.9% of residents are under 18", "Residents over 85 make up 3%", "and 17% were under 16":
    an age after the people it bounds (or their share) and their verb (two digits at most, not
    "people were over 28 days")."""
    m = c.m
    return m.unit is None and len(m.text) <= 2 and _AGE_OF_PEOPLE_ARE_BEFORE.match(c.text, m.start, c.limit) is not None \
        and not _NOT_AN_AGE_AFTER.match(c.text, m.end, c.limit)


def _word_age(c: _Context) -> bool:
    """"residents aged five and over", "children aged ten or under": a number word that is an age."""
    m = c.m
    return m.word and not m.ordinal and (_WORD_AGE_BEFORE.search(c.left) is not None
                                         or _WORD_AGE_AFTER.match(c.right) is not None)


def _longest_wait(c: _Context) -> bool:
    """"the oldest had waited more than 18 months": how long the longest wait was is a result,
    not a threshold that defines what is counted ("people waiting more than 28 days")."""
    if _duration(c) is None or _LONGEST_WAIT_BEFORE.search(c.left_bounded) is None:
        return False
    _annotate(c)
    return True


def _clause_after_comparator(c: _Context) -> bool:
    """"the England average of 70.2%, and 83.1% said they felt secure": after a comparator and a
    comma and "and", a value followed by its verb starts a new clause: a claim, not the list's
    next comparator."""
    prev = c.prev
    return prev is not None and prev.role == "comparator" and _COMMA_AND.match(c.text[prev.end:c.m.start]) is not None \
        and _CLAUSE_VERB_AFTER.match(c.text, c.m.end, c.limit) is not None


def _down_or_up_from(c: _Context) -> bool:
    """"was 61 in May, down from 75 in January": an earlier value whose cue is the judgement."""
    word = _PREVIOUS_CUE_JUDGEMENT.search(c.left_bounded)
    if word is None:
        return False
    c.m.comp_qualifier = word.group("word").lower()
    return _comparator(c.m, "previous", qualifier_reset=False)


_PLAIN, _RANK, _PERCENT, _MONEY = frozenset([None]), frozenset(["rank"]), frozenset(["percent"]), frozenset(["gbp"])
_PLAIN_OR_RANK, _PLAIN_OR_MONEY, _NOT_MONEY = _PLAIN | _RANK, _PLAIN | _MONEY, _PLAIN | _RANK | _PERCENT

RULES: tuple[Rule, ...] = (
    *(Rule(name, "span", "drop", pattern) for name, pattern in _SPAN_PATTERNS),
    Rule("money-threshold", "number", "drop", _money_threshold, only=_MONEY),
    Rule("glued-to-letters", "number", "drop", _glued_to_letters, only=_NOT_MONEY),
    Rule("percent-band", "number", "drop", _band_after, only=_PERCENT),
    Rule("label-before", "number", "drop", _label_before, only=_PLAIN_OR_RANK),
    Rule("acronym-name", "number", "drop", _acronym_before, only=_PLAIN),
    Rule("ordinal-age-or-date", "number", "drop", _ordinal_not_rank, only=_RANK),
    Rule("age-group", "number", "drop", _age_group, only=_PLAIN),
    Rule("age-of-people", "number", "drop", _age_of_people, only=_PLAIN),
    Rule("age-before-its-share", "number", "drop", _age_before_its_share, only=_PLAIN),
    Rule("age-of-people-are", "number", "drop", _age_of_people_are, only=_PLAIN),
    Rule("scale-anchor", "number", "drop", _scale_anchor, only=_PLAIN_OR_RANK),
    Rule("percent-band-before", "number", "drop", _percent_band_before, only=_PERCENT),
    Rule("threshold-definition", "number", "drop", _defined_group, only=_PLAIN_OR_MONEY),
    Rule("model-name", "number", "drop", _model_name, only=_PLAIN),
    Rule("word-one", "sentence", "drop", _word_one, words=True),
    Rule("word-after-no", "sentence", "drop", _word_after_no, words=True),
    Rule("word-compound", "sentence", "drop", _word_compound, words=True),
    Rule("word-few-of-the", "sentence", "drop", _word_few_of_the, words=True),
    Rule("word-in-a-name", "sentence", "drop", _word_in_a_name, words=True),
    Rule("word-age", "sentence", "drop", _word_age, words=True),
    Rule("hours", "sentence", "drop", _hours),
    Rule("longest-wait", "sentence", "claim", _longest_wait),
    Rule("duration-threshold", "sentence", "drop", _duration_threshold),
    Rule("duration-period", "sentence", "drop", _duration_period_follower),
    Rule("duration-period-leader", "sentence", "drop", _duration_period_leader),
    Rule("rank-comparable-group", "sentence", "comparator", _rank_comparable_group, units=True),
    Rule("rank-scale", "sentence", "drop", _rank_scale, units=True),
    Rule("rank-group-denominator", "sentence", "comparator", _rank_group_denominator, units=True),
    Rule("comparator-cue", "sentence", "comparator", _comparator_cue, units=True),
    Rule("comparison-cue-after", "sentence", "comparator", _comparison_with_cue_after, units=True),
    Rule("average-cue-after", "sentence", "comparator", _average_with_cue_after, units=True),
    Rule("against-same-unit", "sentence", "comparator", _against_same_unit, units=True),
    Rule("clause-after-comparator", "sentence", "claim", _clause_after_comparator, units=True),
    Rule("comparator-list", "sentence", "comparator", _list_of_comparators, units=True),
    Rule("from-to", "sentence", "comparator", _from_to, units=True),
    Rule("from-to-bracketed", "sentence", "comparator", _from_to_bracketed, units=True),
    Rule("changed-to", "sentence", "claim", _changed_to, units=True),
    Rule("down-or-up-from", "sentence", "comparator", _down_or_up_from, units=True),
    Rule("changed-from", "sentence", "comparator", _changed_from, units=True),
)
_NUMBER_RULES = tuple(r for r in RULES if r.stage == "number")
# The number rules by the unit a numeral gives (None, rank, percent, gbp), in table order
_NUMBER_RULES_BY_UNIT = {unit: tuple(r for r in _NUMBER_RULES if r.only is None or unit in r.only)
                         for unit in (None, "rank", "percent", "gbp")}
_SENTENCE_RULES = tuple(r for r in RULES if r.stage == "sentence")
_NUMERAL_SENTENCE_RULES = tuple(r for r in _SENTENCE_RULES if not r.words)  # for mentions in digits
# Decisions taken outside the table's stages, on whole paragraphs or on the segmentation's
# finding (named here so that ``explain`` can say why):
_SCORE_LINE_RULE = "score-line-paragraph"  # "Score: 3", "3 - Evidence shows a good standard"
_STATED_SCORE_RULE = "stated-overall-score"  # "Overall rating for Ashcombe: 64%"
# Every rule after the first that reads units does too (so units are annotated once, in order)
assert len({r.name for r in RULES} | {_SCORE_LINE_RULE, _STATED_SCORE_RULE, "claim"}) == len(RULES) + 3
assert all(r.units for r in _SENTENCE_RULES[next(i for i, r in enumerate(_SENTENCE_RULES) if r.units):])


def _classify(text: str, sent_start: int, m: _Mention, mentions: list[_Mention], index: int) -> None:
    """Decide ``m``'s role by the sentence-stage rules (the first that fires); else a claim."""
    context = _Context(text, m, mentions, index, sent_start)
    annotated = False
    for rule in _SENTENCE_RULES if m.word else _NUMERAL_SENTENCE_RULES:
        if rule.units and not annotated:
            _annotate(context)
            annotated = True
        if rule.test(context):
            m.role, m.rule = rule.decides, rule.name
            return


def _cue_after(text: str, end: int) -> tuple[str, int] | None:
    """The comparator kind a cue right after a value names, and the cue's end."""
    match = _COMPARATOR_CUES_AFTER.match(text, end)
    return (match.lastgroup, match.end()) if match else None


def _judgement_word(word: str) -> str | None:
    word = word.lower()
    return word if word in lexicon.JUDGEMENT_PHRASES else None


# Units that compare with each other: "one in four adults ... higher than the national figure of 21%"
_SHARES = frozenset({"ratio", "percent"})


def _compatible(a: _Mention, b: _Mention) -> bool:
    return a.unit is None or b.unit is None or a.unit == b.unit or {a.unit, b.unit} <= _SHARES


def _same_scale(a: _Mention, b: _Mention) -> bool:
    return a.unit is not None and b.unit is not None and (a.unit == b.unit or {a.unit, b.unit} <= _SHARES)


def _as_unit(value: float, unit: str, other_unit: str) -> float:
    """A ratio (0.25) on the scale of a percentage comparator (25)."""
    return value * 100 if unit == "ratio" and other_unit == "percent" else value


# ---------------------------------------------------------------------------------------------
# Linking comparators to claims


def _link(text: str, sentence: _Sentence, history: list[tuple[_Mention, _Sentence]]) -> None:
    mentions = sentence.mentions
    claims = [m for m in mentions if m.role == "claim"]
    comparators = [m for m in mentions if m.role == "comparator"]
    # group list comparators: "England averages of 0.25% and 8.06% respectively"
    groups: list[list[_Mention]] = []
    for c in comparators:
        if c.target is not None:
            _attach(text, c.target, c, sentence)
            continue
        if groups and groups[-1][-1].kind == c.kind and c.kind != "previous" \
                and _LIST_JOIN.match(text[groups[-1][-1].end:c.start]):
            groups[-1].append(c)
        else:
            groups.append([c])
    for group in groups:
        first = group[0]
        before = [m for m in claims if m.end <= first.start and _compatible(m, first)]
        # A comparator with a unit goes with a claim on its scale before a unitless one: "23.4%
        # (72,100) and 61.2% (190,300) as compared to the England averages of 21.0% and 60.1%"
        scaled = [m for m in before if _same_scale(m, first)]
        if len(scaled) >= len(group):
            before = scaled
        if not claims:
            target = _orphan_target(text, sentence, history)
            if target is None:
                continue
            for c in group:
                _attach(text, target, c, sentence)
            if sentence.sources and target.orphan_source is None:
                # "This was better than the England average of 93.71% (Adult Social Care Survey,
                # October 2024)." cites the data of the claim in the sentence before.
                target.orphan_source = sentence.sources[-1]
            continue
        if len(group) > 1 and len(before) >= len(group):
            for claim, c in zip(before[-len(group):], group):
                _attach(text, claim, c, sentence)
            continue
        for c in group:
            free = [m for m in before if not any(x.kind == c.kind for x in m.comparators)]
            pool = free or before
            if pool:
                _attach(text, pool[-1], c, sentence)
            else:
                after = [m for m in claims if m.start >= c.end]
                if after:
                    _attach(text, after[0], c, sentence)


def _orphan_target(text: str, sentence: _Sentence, history):
    """A sentence with comparators but no claim: the earlier claim whose clause shares most
    words with it ("identifying as White" -> "identified as White, making up 93.62%"); on a
    tie the latest ("This was better than ..." follows its claim)."""
    if not history:
        return None
    words = _content(text[sentence.start:sentence.end])
    best, best_score = history[-1][0], -1
    for claim, clause in reversed(history):
        score = len(words & _content(clause))
        if score > best_score:
            best, best_score = claim, score
    return best


def _content(s: str) -> set[str]:
    return {w.lower()[:5] for w in _WORD.findall(s) if w.lower() not in _STOP}


def _attach(text: str, claim: _Mention, c: _Mention, sentence: _Sentence) -> None:
    if c.unit is None:
        c.unit = claim.unit
    if claim.unit is None and c.unit is not None and c.kind == "previous":
        claim.unit = c.unit
    if c.comp_qualifier is None:
        c.comp_qualifier = _qualifier_between(claim, c, sentence)
    claim.comparators.append(c)


def _qualifier_between(claim: _Mention, c: _Mention, sentence: _Sentence) -> str | None:
    phrases = sentence.judgements
    if c.kind != "target":  # "met", "missed": judgements of a target only
        phrases = [p for p in phrases if p[2] not in lexicon.TARGET_JUDGEMENTS]
    else:  # "71% met the required standard, against a target of 80%": the metric's verb
        phrases = [p for p in phrases if p[2] not in lexicon.TARGET_JUDGEMENTS
                   or not _METRIC_OBJECT_AFTER.match(sentence.text, p[1] - sentence.start)]
    # "increasing": a trend; a judgement against an earlier value only, and only of the value it
    # leads to ("increasing to 16.4% ... (from 11.2% in 2011)", not "increasing the share to 83%
    # and brought the list from 1518 to 1337")
    phrases = [p for p in phrases if p[2] not in lexicon.PREVIOUS_JUDGEMENTS
               or c.kind == "previous" and _LEADS_TO.fullmatch(sentence.text, p[1] - sentence.start,
                                                               claim.start - sentence.start)]
    if c.kind == "previous":
        near = [p for p in phrases if p[1] <= c.start and p[2] in lexicon.CHANGE_WORDS + (
            "small decrease", "small increase", "slight decrease", "slight increase",
            "significant increase", "significant decrease")]
        return near[-1][2] if near else None
    lo, hi = sorted((claim.end, c.start))
    between = [p for p in phrases if lo <= p[0] and p[1] <= hi]
    if between:
        return between[-1][2]
    if claim.start < sentence.start or claim.start > sentence.end:  # orphan: claim elsewhere
        earlier = [p for p in phrases if p[1] <= c.start]
        return earlier[-1][2] if earlier else None
    first = min(claim.start, c.start)
    # not the judgement of an earlier pair that it stands between ("7.3%, lower than the England
    # rate of 8.1%, while turnover was 26.9% against a national figure of 28.3%": none for 28.3%)
    others = [x for x in sentence.mentions if x is not claim and x is not c and x.end <= first]
    earlier = [p for p in phrases if p[1] <= first and not (
        any(x.role == "claim" and x.end <= p[0] for x in others)
        and any(x.role == "comparator" and p[1] <= x.start for x in others))]
    return earlier[-1][2] if earlier else None


# ---------------------------------------------------------------------------------------------
# Output


def _source_for(text: str, claim: _Mention, sentence: _Sentence) -> Source | None:
    """The citation that covers the claim: the first one after it in its sentence, unless a
    clause break lies between them and the citation does not close the sentence ("95% ...,
    and the fund of £45.6m (ASCOF 2B(1))" -> none for 95%); else the last one before it, unless
    that one is in brackets closed before a new clause ("(ASCOF 2B(1)), and the fund of £45.6m")."""
    sources = sentence.sources
    for source in sources:
        if source.start >= claim.end:
            if _CLOSES.fullmatch(text, source.end, sentence.end) \
                    or not _CLAUSE_BREAK.search(text, claim.end, source.start):
                return source
            break
    before = [source for source in sources if source.end <= claim.start]
    if not before:
        return None
    source = before[-1]
    opened = text.rfind("(", sentence.start, source.start)
    closed = text.find(")", source.end, claim.start)
    if opened > text.rfind(")", sentence.start, source.start) and closed >= 0 \
            and _CLAUSE_BREAK.search(text, closed, claim.end):
        return None  # a bracketed citation covers its clause, and a list that goes on ("), with 19%")
    return source


def _period_for(text: str, claim: _Mention, periods) -> str | None:
    # "was 1,020, down from 1,450 in March 2024": a period right after a comparator is its own
    if claim.comparators:
        periods = [p for p in periods
                   if not any(c.end <= p.start() and _OWN_PERIOD_GAP.fullmatch(text, c.end, p.start())
                              for c in claim.comparators)]
    if not periods:
        return None
    # The nearest; on a tie the one after the claim ("from 2,300 in 2023 to 1,100 in 2024")
    nearest = min(periods, key=lambda p: (min(abs(p.start() - claim.end), abs(claim.start - p.end())),
                                          p.start() < claim.start))
    return nearest.group()


def _direction(claim: float, other: float) -> str:
    return "above" if claim > other else "below" if claim < other else "equal"


def _claim(text, m: _Mention, sentence: _Sentence, source, period, document, sha256) -> Claim:
    statement, section = locate(document, m.start)
    unit = m.unit or "count"
    comparators = [
        Comparator(
            kind=c.kind or "other", value=c.value, unit=c.unit or unit, text=c.text, start=c.start,
            end=c.end, qualifier=c.comp_qualifier,
            direction=_direction(_as_unit(m.value, unit, c.unit or unit), c.value),
        )
        for c in sorted(m.comparators, key=lambda c: c.start)
    ]
    return Claim(
        id=hashlib.sha256(f"{sha256}:{m.start}:{m.end}".encode()).hexdigest()[:16],
        value=m.value, unit=unit, text=m.text, start=m.start, end=m.end, qualifier=m.qualifier,
        statement=statement, section=section, sentence=Span(start=sentence.start, end=sentence.end),
        period=period, comparators=comparators, source=source,
    )


