"""Numeric claims: values, their comparators, periods and cited datasets.

Input: the report text, its ``Document`` (segmentation) and the text's sha256.
Output: ``Claim`` models in document order. Offsets are half-open ``[start, end)`` indices
into the text exactly as given, so ``text[claim.start:claim.end] == claim.text``.

How it works, per paragraph (claims never cross paragraphs):
1. one regex scan finds everything number-like; only the sentences holding one are
   tokenised (spaCy ``blank("en")`` tokenizer and a ``PhraseMatcher``, built once);
2. numerals, money, percentages and ratios are found with regex, number words with spaCy
   tokens; each is a *mention*;
3. mentions that are structure, not quantities, are dropped by general rules: dates and
   periods, names of laws and sections, labels ("Theme 1", "Score: 3"), age bands and scale
   definitions, thresholds that only define what is counted, compound adjectives
   ("five-year strategy"), idiomatic "one";
4. the rest are either comparators (after a cue such as "England average of", "target of",
   "from X to", "a reduction from") or claims; comparators are linked to claims in the same
   sentence ("respectively" pairs in order) or, when a sentence has no claim of its own
   ("This was better than the England average of 93.71%."), to the earlier claim in the
   paragraph whose wording it shares most (ties: the latest);
5. each claim gets the dataset cited in its sentence (``pipeline.sources``) and a period.

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

import hashlib
from dataclasses import dataclass, field
from functools import cached_property

import re

import regex

from pipeline import lexicon
from pipeline.lexicon import MONTHS
from pipeline.models import Claim, Comparator, Document, Source, Span
from pipeline.segment import locate
from pipeline.sources import citation_after, find_sources

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
_FIRST_WORD = regex.compile(r"(?!(?:19|20)\d\d\b)(\d{1,3}(?:,\d{3})+|\w+)\b(?![.,]\d|\s*%)")

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

# Spans whose numbers are structure, never quantities.
_BLOCKERS = _Alternation(
    r"\b\d{1,2}(?:st|nd|rd|th)?\s+(?:" + _MONTHS + r")(?:\s+\d{4})?",      # 30 May 2025
    r"\b(?:" + _MONTHS + r")\s+\d{4}",                                     # December 2024
    r"(?<![\d,.£])(?:19|20)\d{2}\s*/\s*\d{2,4}\b",                          # 2023/24  2023/2024
    r"(?<![\d,.£])(?:19|20)\d{2}(?!\d|,\d{3}|\.\d|\s*(?:%|per\s*cent))"     # 2006  (2023-2028)
    r"(?:\s*(?:[-–]|to)\s*\d{2,4}\b)?",                                     # 2023-24
    r"\bAct\s+(?:of\s+)?\d{4}",                                             # Care Act 2014
    r"\b(?:Theme|Score|Section|section|Part|Chapter|Appendix|Annex|Figure|Table|Step|Stage"
    r"|Phase|Tier|Level|Article|Schedule|Regulation|[Pp]aragraph|Standard|Principle"
    r"|Priority|Quality\s+statement|Question)\s*:?\s*\d+[A-Za-z]?\b",       # Theme 1, Section 75
    r"(?:^|(?<=\n))\s*\d\s*[-–]\s*(?:[A-Z][a-z]+(?:\s+[a-z]+)?:\s*)?Evidence\s+shows",  # 3 - Evidence shows
    r"\bag(?:ed|es?)\s+(?:(?:over|under|between|from|of)\s+)?\d+"           # aged 18 to 64, aged over 65
    r"(?:\s*(?:to|and|-|–)\s*\d+)?",
    r"\bage\s+of\s+\d+",                                                    # over the age of 65
    r"\b\d+\s*(?:years?\s+)?(?:or|and)\s+(?:over|more|older|above|under)\b",  # 65 years or over
    r"\b\d+\s*(?:[-–]|to)\s*\d+[-\s]year[-\s]olds?",                        # 18-64 year olds
    r"\bover[-\s]\d+s\b",                                                   # over-65s
    r"\bper\s+\d[\d,]*",                                                     # per 100,000
    r"\bout\s+of\s+\d[\d,]*(?![\d,]|\s+(?:\w+\s+){0,2}?" + lexicon.COMPARABLE_GROUP + r")",  # 117th out of 153
    r"\(\s*(?:with\s+)?\d+\s+(?:is|being|=)\s+[^()]*\b(?:least|most|lowest|highest|best|worst)\b[^()]*\)",
    #                                                     (1 is the least deprived, 10 is the most deprived)
    r"\bwith\s+\d+\s+being\s+the\s+(?:least|most|lowest|highest)",          # with 10 being the most deprived
    r"\b\d+\s*/\s*7\b",                                                     # 24/7
    r"\((?<=\w\()\d{1,2}[a-z]?\)",                                             # ASCOF 2B(1), s42(2)
    r"\b\d{1,2}[:.]\d{2}\s*(?:am|pm)\b",                                    # 9.30am
    r"\b\d{1,2}\s*(?:am|pm)\b",                                             # 9am
)

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
_SCORE_BEFORE = regex.compile(r"\bscor(?:e|ed)\s+(?:of\s+)?$", regex.IGNORECASE)  # IMD score of 2
_RANK_BEFORE = regex.compile(r"\branked\s+(?:as\s+)?$", regex.IGNORECASE)        # ranked 130th
_POINTS_AFTER = regex.compile(r"\s+percentage\s+points?\b", regex.IGNORECASE)  # 6.2 percentage points
_PER_100K_AFTER = regex.compile(                                                   # 612 per 100,000 population
    r"^\s*(?:[A-Za-z]+\s+){0,3}?per\s+100,?000\b", regex.IGNORECASE
)

_CUE_TAIL = r"(?:\s+(?:of|was|is|at|for\s+England|which\s+was|being|were|stood\s+at|figure\s+of|rate\s+of))?\s*[(:]?\s*$"
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
_LIST_JOIN = regex.compile(r"^\s*(?:,\s*and|,|and|or)\s*$")
_CHANGE = "|".join(lexicon.CHANGE_WORDS)
# "had increased to 68%", "reduced to 35 days"
_CHANGE_TO = regex.compile(r"\b(?P<word>" + _CHANGE + r")\s+(?:again\s+)?to\s+$", regex.IGNORECASE)
# "from 1518 to 1337", "from 119 days in the year prior to August 2024 to 35 days"
_FROM_BEFORE = regex.compile(r"\bfrom\s+(?:approximately\s+|around\s+|about\s+)?$", regex.IGNORECASE)
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
_RANK_OF = regex.compile(                                                     # 12th of 16, 45th most deprived of 151
    r"\s+(?:(?:(?:most|least)\s+[a-z-]+|" + "|".join(w for w in lexicon.RANK_SUPERLATIVES if w not in ("most", "least"))
    + r")\s+)?(?:out\s+of|of)\s+(?:the\s+)?"
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
        matcher.add("JUDGEMENT", [nlp.make_doc(p) for p in (*lexicon.JUDGEMENT_PHRASES, *lexicon.TARGET_JUDGEMENTS)])
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
    list_group: int | None = None
    cue_end: int | None = None  # end of a kind cue written after the value ("9.9% across the region")
    comparators: list["_Mention"] = field(default_factory=list)
    orphan_source: Source | None = None  # cited in a later sentence that only holds comparators


@dataclass
class _Sentence:
    start: int
    end: int
    mentions: list[_Mention]
    doc: object  # the sentence as a spaCy Doc (its tokens); None until needed (no number word)
    sources: list[Source]
    text: str = ""  # the sentence's text (tokenised when ``doc`` is needed)

    @cached_property
    def judgements(self) -> list[tuple[int, int, str]]:
        """Absolute char spans of judgement phrases, longest first on overlaps. Looked for only
        in sentences whose comparators need a qualifier (most sentences have none)."""
        if self.doc is None:
            self.doc = _nlp().make_doc(self.text)
        doc = self.doc
        return [
            (self.start + span.start_char, self.start + span.end_char, span.text.lower())
            for span in _filter_longest(doc, _JUDGEMENTS(doc, as_spans=True))
            if not _THAN_NUMBER.match(doc.text, span.end_char)  # "more than 12 months": a threshold
            and not _NOT_JUDGEMENT_AFTER.match(doc.text, span.end_char)  # "at a lower level"
            and not (span.text.lower() in lexicon.THRESHOLD_WORDS
                     and _NUMBER_AFTER.match(doc.text, span.end_char))  # "exceeding 28 days"
        ]


def extract_claims(text: str, document: Document, sha256: str) -> list[Claim]:
    """Every numeric claim of the report, in document order."""
    # One scan for anything number-like; only paragraphs and sentences holding one are
    # split and tokenised (a spaCy pass over the whole report costs more than extraction may).
    candidates = _Candidates(text)
    claims: list[Claim] = []
    for start, end in _paragraphs(text, document):
        if candidates.within(start, end):
            claims.extend(_paragraph_claims(text, start, end, document, sha256, candidates))
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


def _paragraph_claims(text, start, end, document, sha256, candidates) -> list[Claim]:
    if _SCORE_LINE.match(text, start, end):
        return []
    sentences = _sentences(text, start, end, candidates)
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
        periods = []
        if any(m.role == "claim" for m in sentence.mentions) or _MAYBE_PERIOD.search(text, sentence.start, sentence.end):
            periods = [m for m in _PERIOD.finditer(text, sentence.start, sentence.end)
                       if not any(s.start <= m.start() < s.end for s in sentence.sources)]
        for mention in sentence.mentions:
            if mention.role != "claim":
                continue
            source = _source_for(text, mention, sentence) or mention.orphan_source \
                or citation_after(text, sentence.end, end)  # "... averages. ASCS, 2023."
            period = _period_for(text, mention, periods)
            if period is None and source is not None and source.date:
                period = source.date
            if period is None:
                period = last_period
            out.append(_claim(text, mention, sentence, source, period, document, sha256))
        if periods:
            last_period = periods[-1].group()
    return out


def _sentences(text: str, start: int, end: int, candidates: _Candidates) -> list[_Sentence]:
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
        mentions = _mentions(text, s, e, doc, s)
        out.append(_Sentence(s, e, mentions, doc, find_sources(text, s, e), text[s:e]))
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


def _mentions(text: str, s: int, e: int, sent, sent_start: int) -> list[_Mention]:
    blocked = [m.span() for m in _BLOCKERS.finditer(text, s, e)]
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
        if mention is not None:
            mentions.append(mention)
    for mention in _number_words(text, sent, sent_start):
        if not inside(mention.start, mention.end):
            mentions.append(mention)
    mentions.sort(key=lambda x: x.start)
    for mention in mentions:
        _classify(text, s, mention, mentions)
    return [m for m in mentions if m.role != "drop"]


def _numeral(text: str, m) -> _Mention | None:
    start, end = m.span()
    before = text[max(0, start - 2):start]
    after = text[end:end + 2]
    if m.group("money"):
        raw = m.group("money")
        number = _MONEY_NUMBER.search(raw).group().replace(",", "")
        scale = _MONEY_SCALE.search(raw)
        # to the penny: "£4.1m" is 4100000, not 4.1 * 10**6 = 4099999.9999999995
        value = round(float(number) * (lexicon.MONEY_SCALES[scale.group()] if scale else 1), 2)
        if _MONEY_THRESHOLD.match(text, start):
            return None  # "costing under £1,000": defines what is counted
        return _Mention(start, end, raw, value, "gbp")
    # "co-2", "COVID-19", "5-day timeframe", "3D": glued to letters, not a quantity
    if _LETTER_HYPHEN.match(before) or _HYPHEN_LETTER.match(after) and not m.group("pct"):
        return None
    if after[:1].isalpha() and not m.group("pct"):
        return None
    value = float(m.group("num").replace(",", ""))
    if m.group("pct"):
        if _BAND_AFTER.match(text, end):
            return None  # "the 10% most deprived areas" defines a band
        return _Mention(start, end, m.group(), value, "percent")
    if _LABEL_BEFORE.match(text, start) or _ACRONYM_BEFORE.match(text, start) and not m.group("ord"):
        return None  # "Level 2", "Year 1", "NHS 111": labels and names
    if m.group("ord"):
        if _ORDINAL_NOT_RANK.match(text, end):
            return None  # "their 17th birthday": an age
        return _Mention(start, end, m.group(), value, "rank", ordinal=True)
    return _Mention(start, end, m.group(), value, None)


def _word_value(words: str) -> float | None:
    if words.replace(",", "").isdigit():  # "1 in 1,000"
        return float(words.replace(",", ""))
    total, current = 0, 0
    for word in _WORD_SPLIT.split(words.lower()):
        if word == "and" or not word:
            continue
        if word in lexicon.NUMBER_WORDS:
            current += lexicon.NUMBER_WORDS[word]
        elif word == "hundred":
            current = max(current, 1) * 100
        elif word == "thousand":
            total += max(current, 1) * 1000
            current = 0
        else:
            return None
    return float(total + current) or None


def _number_words(text: str, sent, para_start: int) -> list[_Mention]:
    """Number words on spaCy tokens: "ten", "twenty-five", "two hundred", "fourth highest"."""
    # Most sentences hold digits only: one array of the tokens' lowercase ids (no Python
    # object per token) tells whether any token is a number or ordinal word at all.
    if sent is None or _NUMBER_WORD_IDS.isdisjoint(sent.to_array("LOWER").tolist()):
        return []
    out = []
    tokens = list(sent)
    i = 0
    while i < len(tokens):
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
        if k + 1 < len(tokens) and tokens[k].lower_ in lexicon.FRACTION_WORDS and tokens[k + 1].lower_ == "of":
            continue  # the count of a fraction: "two thirds of"
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


def _classify(text: str, sent_start: int, m: _Mention, mentions: list[_Mention]) -> None:
    """Drop structure; mark comparators; set unit and hedge."""
    index = mentions.index(m)
    prev_end = mentions[index - 1].end if index else sent_start
    left = text[max(sent_start, m.start - 90):m.start]
    left_bounded = text[max(prev_end, m.start - 90):m.start]
    right = text[m.end:m.end + 60]

    if m.word:
        if not m.ordinal:
            if m.text.lower() == "one":
                m.role = "drop"  # "one other authority", "from one area to another"
                return
            if _NO_BEFORE.search(left):
                m.role = "drop"  # "No two care packages are the same"
                return
            if _HYPHEN_LETTER.match(right):
                m.role = "drop"  # "a five-year strategy", "two-way"
                return
            if _OF_THE_AFTER.match(right) \
                    and m.value <= 2:
                m.role = "drop"  # "two of the"
                return
    if _HOURS.match(right):
        m.role = "drop"  # hours have no unit in the contract; they define respite breaks
        return
    duration = _DURATION.match(right) if m.unit is None else None
    if duration and _DURATION_NOUN.match(right):
        duration = None  # "3 day centres"
    if duration:
        if _THRESHOLD.search(left_bounded) or _PERIOD_FOLLOWER.match(text, m.end + duration.end()) \
                or _PERIOD_LEADER.search(left_bounded):
            m.role = "drop"  # "more than 28 days", "12 months prior to", "the last two years"
            return
        m.unit = lexicon.DURATION_UNITS[duration.group("unit")]
    if m.unit is None:
        if _SCORE_BEFORE.search(left):
            m.unit = "score"
        elif _RANK_BEFORE.search(left):
            m.unit = "rank"
        elif _PER_100K_AFTER.match(right):
            m.unit = "per_100k"
        elif _POINTS_AFTER.match(right):
            m.unit = "percent"  # a difference of percentages, on their scale
    if m.unit == "count" or m.unit is None:
        pass
    hedge = _HEDGE.search(left_bounded)
    if hedge:
        m.qualifier = " ".join(hedge.group("hedge").lower().split())
    # A rank's comparable group: "fourth highest of 15 comparable local authorities"
    sup = _SUPERLATIVE_OF.search(left_bounded)
    if sup and index and mentions[index - 1].unit == "rank" and _RANK_GROUP.match(right):
        m.role, m.kind, m.unit = "comparator", "comparable_authorities", "count"
        m.comp_qualifier = sup.group("sup").lower()
        m.target = mentions[index - 1]
        m.qualifier = None
        return
    # A rank's denominator: "ranked 12th of 16 comparator councils" (a comparator), "12th of 16"
    if index and mentions[index - 1].unit == "rank" and _RANK_OF.fullmatch(text, mentions[index - 1].end, m.start):
        if not _RANK_GROUP.match(right):
            m.role = "drop"
            return
        m.role, m.kind, m.unit = "comparator", "comparable_authorities", "count"
        m.target, m.qualifier = mentions[index - 1], None
        return
    for kind, cue in _COMPARATOR_CUES:
        if cue.search(left_bounded):
            m.role, m.kind = "comparator", kind
            m.qualifier = None
            return
    # "compared with 9.9% across the region and 10.6% nationally", "compared to 60 in Q2"
    prev = mentions[index - 1] if index else None
    if (prev is not None and prev.cue_end is not None and _LIST_JOIN.match(text[prev.cue_end:m.start])
            or _COMPARISON_LEAD.match(text, m.start)):
        after = _cue_after(text, m.end)
        if after is not None:
            m.role, m.kind, m.cue_end = "comparator", after[0], after[1]
            m.qualifier = None
            return
    if _AVERAGE_LEAD.match(text, m.start):  # "the average of 14.0% among its statistical neighbours"
        after = _cue_after(text, m.end)
        if after is not None and after[0] != "previous":
            m.role, m.kind, m.cue_end = "comparator", after[0], after[1]
            m.qualifier = None
            return
    # "a median of 34 days against 21 days for White British people": a comparator in the claim's unit
    if prev is not None and prev.role == "claim" and m.unit is not None and m.unit != "rank" \
            and prev.unit == m.unit and _OTHER_LEAD.match(text, m.start) \
            and not _CLAUSE_BREAK.search(text, prev.end, m.start):
        m.role, m.kind = "comparator", "other"
        m.qualifier = None
        return
    if index and mentions[index - 1].role == "comparator" and mentions[index - 1].kind != "previous" \
            and _LIST_JOIN.match(left_bounded):
        m.role, m.kind = "comparator", mentions[index - 1].kind
        return
    # previous values
    nxt = mentions[index + 1] if index + 1 < len(mentions) else None
    if _FROM_BEFORE.search(left_bounded) and nxt is not None \
            and _TO_BETWEEN.match(text[m.end:nxt.start]) and _compatible(m, nxt):
        m.role, m.kind, m.target = "comparator", "previous", nxt
        word = _CHANGE_FROM.search(text[max(sent_start, m.start - 60):m.start])
        m.comp_qualifier = _judgement_word(word.group("word")) if word else None
        return
    change_to = _CHANGE_TO.search(left_bounded)
    if change_to:
        earlier = [x for x in mentions[:index] if x.role == "claim" and _compatible(x, m)]
        if earlier:
            earlier[-1].role, earlier[-1].kind, earlier[-1].target = "comparator", "previous", m
            earlier[-1].comp_qualifier = _judgement_word(change_to.group("word"))
            earlier[-1].qualifier = None
        return
    change_from = _CHANGE_FROM.search(left_bounded) or _PREVIOUS_CUE.match(text, m.start)
    if change_from:
        m.role, m.kind = "comparator", "previous"
        m.comp_qualifier = None  # found from the judgement phrases when linking
        m.qualifier = None


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
    earlier = [p for p in phrases if p[1] <= min(claim.start, c.start)]
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


