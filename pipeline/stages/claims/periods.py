"""Periods as the report writes them ("12 months prior to December 2024", "2023/24", "between
2011 and 2021", "at the time of our assessment"), and which one a claim takes.

Reads: a sentence of the text and its citations (a year inside a citation is the citation's).
Writes: the period of a claim: the nearest one in its sentence that is not a comparator's own
("down from 1,450 in March 2024"); the stage (``__init__``) falls back to the citation's date,
then to the paragraph's last period.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import regex

from pipeline.reference import lexicon
from pipeline.reference.lexicon import MONTHS
from pipeline.stages.claims.shortcuts import _Alternation, _Words

if TYPE_CHECKING:
    from pipeline.stages.claims.numbers import _Mention
    from pipeline.stages.claims.sentences import _Sentence

_MONTHS = "|".join(MONTHS)

# What some patterns below need in a sentence before they are searched for in it (see
# _Alternation): four digits in a row ("2024", "Act 2014"); a month's name or a unit, in
# any case ("12 months prior to December 2024"). (For _BLOCKERS, needs cost more than they
# save: its patterns are cheap to search for in a sentence.)
_FOUR_DIGITS = regex.compile(r"\d{4}")

_NEEDS_YEAR = (_FOUR_DIGITS,)

_MONTH_STEM = _Words("janu", "febr", "marc", "apr", "may", "june", "july", "augu", "eptem",
                     "octo", "nove", "dece", lower=True)

_UNIT_STEM = _Words("month", "year", "week", "day", lower=True)

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

_MAYBE_PERIOD = regex.compile(r"\d{4}|assessment")


def _periods(text: str, sentence: _Sentence) -> list:
    """The periods written in a sentence (as matches), outside its citations; looked for only in
    a sentence with a claim or a sign of a period (four digits, "assessment")."""
    if any(m.role == "claim" for m in sentence.mentions) or _MAYBE_PERIOD.search(text, sentence.start, sentence.end):
        return [m for m in _PERIOD.finditer(text, sentence.start, sentence.end)
                if not any(s.start <= m.start() < s.end for s in sentence.sources)]
    return []

_OWN_PERIOD_GAP = regex.compile(r"\s*(?:in|during|for|at)?\s*", regex.IGNORECASE)  # 1,450 in March 2024


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
