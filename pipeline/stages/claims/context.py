"""What a rule reads about one number (``_Context``), and the unit and hedge annotated on it.

Reads: a ``_Mention``, the text, and the other numbers of its sentence.
Writes: ``_annotate`` sets a mention's unit when its numeral gave none ("34 days", "an IMD score
of 2", "612 per 100,000 population") and its hedge ("approximately 300"); ``rules`` calls it once,
before the first row of ``RULES`` that reads units. The rows' tests (``drops``, ``comparators``)
read a ``_Context``; ``rules`` makes one per number.
"""

from __future__ import annotations

import regex

from pipeline.models import Unit
from pipeline.reference import lexicon
from pipeline.stages.claims.numbers import _Mention
from pipeline.stages.claims.shortcuts import _may_end_with

_UNREAD = object()


class _Context:
    """What a rule reads about one number: the text around it and its sentence's numbers."""

    __slots__ = (
        "text",
        "m",
        "mentions",
        "index",
        "sent_start",
        "left",
        "left_bounded",
        "right",
        "prev",
        "nxt",
        "duration",
        "limit",
    )

    def __init__(self, text: str, m: _Mention, mentions=None, index: int = 0, sent_start: int = 0):
        self.text, self.m, self.mentions, self.index, self.sent_start = text, m, mentions, index, sent_start
        self.duration = _UNREAD  # _duration's answer, read once
        # Where a pattern matched at the number may stop reading: the regex module looks for a
        # pattern's required literal ("+", "means") up to ``endpos`` before matching, so a match
        # at one position with no end reads the rest of the text (quadratic on a long report)
        self.limit = min(len(text), m.end + 160)
        if mentions is not None:
            prev_end = mentions[index - 1].end if index else sent_start
            self.left = text[max(sent_start, m.start - 90) : m.start]
            self.left_bounded = text[max(prev_end, m.start - 90) : m.start]
            self.right = text[m.end : m.end + 60]
            self.prev = mentions[index - 1] if index else None
            self.nxt = mentions[index + 1] if index + 1 < len(mentions) else None


# Right after a duration: "12 months prior to", "91 days after discharge" -> period/definition
_DURATION = regex.compile(r"\s*(?:working\s+|calendar\s+)?(?P<unit>days?|weeks?|months?|years?)\b")
_DURATION_NOUN = regex.compile(  # 3 day centres
    r"\s*(?:" + "|".join(regex.escape(w).replace(r"\ ", r"\s+") for w in lexicon.DURATION_NOUNS) + r")\b",
    regex.IGNORECASE,
)


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


# ---------------------------------------------------------------------------------------------
# Units and hedges: annotations (the first unit rule that fires sets the unit)


def _unit_of_duration(c: _Context) -> Unit | None:
    """ "a median wait of 34 days" -> days"""
    duration = _duration(c)
    return lexicon.DURATION_UNITS[duration.group("unit")] if duration else None


_SCORE_BEFORE = regex.compile(r"\bscor(?:e|ed)\s+(?:of\s+)?$", regex.IGNORECASE)  # IMD score of 2


def _unit_of_score(c: _Context) -> Unit | None:
    """ "an IMD score of 2" -> score"""
    return "score" if _SCORE_BEFORE.search(c.left) else None


_RANK_BEFORE = regex.compile(r"\branked\s+(?:as\s+)?$", regex.IGNORECASE)  # ranked 130th
# "rated 131 out of 152", "positioned 201 of 296": a place among others, with its denominator
_PLACED_BEFORE = regex.compile(r"\b(?:rated|placed|positioned|sits|ranks)\s+(?:at\s+)?$", regex.IGNORECASE)
_DENOMINATOR_AFTER = regex.compile(r"\s+(?:out\s+of|of)\s+\d")


def _unit_of_rank(c: _Context) -> Unit | None:
    """ "ranked 130 of 151", "rated 131 out of 152" -> rank"""
    if _RANK_BEFORE.search(c.left):
        return "rank"
    return "rank" if _PLACED_BEFORE.search(c.left) and _DENOMINATOR_AFTER.match(c.right) else None


_PER_100K_AFTER = regex.compile(  # 612 per 100,000 population
    r"^\s*(?:[A-Za-z]+\s+){0,3}?per\s+100,?000\b", regex.IGNORECASE
)


def _unit_per_100k(c: _Context) -> Unit | None:
    """ "612 admissions per 100,000 population" -> per_100k"""
    return "per_100k" if _PER_100K_AFTER.match(c.right) else None


_POINTS_AFTER = regex.compile(r"\s+percentage\s+points?\b", regex.IGNORECASE)  # 6.2 percentage points
_SPACES = regex.compile(r"\s+")


def _points_after(text: str, pos: int):
    """``_POINTS_AFTER.match(text, pos)``, tried only when "percentage" (in any case) follows
    the white space at ``pos``: matched at one place of the whole text, the regex module
    first looks for its literal "percentage" up to the text's end. Exact: no letter of
    "percentage" is one that case-insensitive matching folds from another character."""
    space = _SPACES.match(text, pos)
    if space is None or text[space.end() : space.end() + 10].lower() != "percentage":
        return None
    return _POINTS_AFTER.match(text, pos)


def _unit_of_points(c: _Context) -> Unit | None:
    """ "6.2 percentage points" -> percent (a difference of percentages, on their scale)"""
    return "percent" if _POINTS_AFTER.match(c.right) else None


_UNIT_RULES = (_unit_of_duration, _unit_of_score, _unit_of_rank, _unit_per_100k, _unit_of_points)

_HEDGE = regex.compile(
    r"\b(?P<hedge>"
    + "|".join(regex.escape(w).replace(r"\ ", r"\s+") for w in sorted(lexicon.HEDGES, key=len, reverse=True))
    + r")\s*$",
    regex.IGNORECASE,
)
_HEDGE_ENDINGS = tuple(sorted({w.split()[-1].lower() for w in lexicon.HEDGES}))  # for _may_end_with


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


# Shared by rows of both kinds: "the working age population (16-64)", "13.2% (41,060)"
_CLOSE_BRACKET = regex.compile(r"\s*\)")
