"""Periods as the report writes them ("12 months prior to December 2024", "2023/24", "between
2011 and 2021", "at the time of our assessment"), the dates they name, and which one a claim
takes.

Reads: a sentence of the text and its citations (a year inside a citation is the citation's).
Writes: ``Period`` models: the words, their ``[start, end)`` in the text, a kind and the first
and last day the words name (``normalise``). Which period a claim takes (``_period_for``) is
the grammar of scope below; the stage (``__init__``) falls back to the citation's date, then to
the lead of the list the claim is an item of, then to an earlier sentence's period when the
claim's sentence refers back to it (``refers_back``).

Scope, as the annotation guide states it:
- a period written in the claim's own clause or sentence is the claim's; the nearest one wins,
  on a tie the one after the claim ("from 2,300 in 2023 to 1,100 in 2024");
- a period right after a comparator is the comparator's own ("down from 1,450 in March 2024");
- a period of change ("since 2011", "between 2011 and 2021" or "over the last 10 years" in a
  clause of a rise or a fall)
  dates the changes of its sentence and the figures of its own clause, not a level in another
  clause ("grew by 3.3% between 2011 and 2021, with 19% aged under 18": not the 19%);
- a projection ("by 2041", "projected ... between 2025 and 2045") dates the values of its own
  clause and the projected values of its sentence, nothing else;
- a later sentence takes a period only when it refers back ("for that year", "this gap",
  "Of these, ...") or repeats the figure it dates.
"""

from __future__ import annotations

import datetime
import functools
from dataclasses import dataclass
from typing import TYPE_CHECKING

import regex

from pipeline.models import Period
from pipeline.reference import lexicon
from pipeline.reference.lexicon import MONTHS
from pipeline.stages.claims.shortcuts import _Alternation, _Words

if TYPE_CHECKING:
    from pipeline.models import Source
    from pipeline.stages.claims.numbers import _Mention
    from pipeline.stages.claims.sentences import _Sentence

_MONTHS = "|".join(MONTHS)

# What some patterns below need in a sentence before they are searched for in it (see
# _Alternation): four digits in a row ("2024", "Act 2014"); a month's name or a unit, in
# any case ("12 months prior to December 2024"). (For _BLOCKERS, needs cost more than they
# save: its patterns are cheap to search for in a sentence.)
_FOUR_DIGITS = regex.compile(r"\d{4}")
_NEEDS_YEAR = (_FOUR_DIGITS,)
_MONTH_STEM = _Words(
    "janu", "febr", "marc", "apr", "may", "june", "july", "augu", "eptem", "octo", "nove", "dece", lower=True
)
_UNIT_STEM = _Words("month", "year", "week", "day", "decade", "quarter", lower=True)
_BACK_IN_TIME = regex.compile(
    r"last|past|previous|preceding|next|coming", regex.IGNORECASE
)  # in the last year

_NUMW_OR_DIGITS = r"(?:\d+|" + "|".join(lexicon.NUMBER_WORDS) + r")"
_YEAR = r"(?:19|20)\d{2}"
# One date as written: "2021", "2023/24", "October 2024", "31 March 2024", "October 2022/23"
_ONE_DATE = r"(?:(?:\d{1,2}\s+)?(?:" + _MONTHS + r")\s+)?" + _YEAR + r"(?:\s*/\s*\d{2,4})?"

# Periods as written, tried as one alternation (the leftmost wins; on a tie the earlier row)
_PERIOD = _Alternation(
    r"\bbetween\s+" + _ONE_DATE + r"\s*(?:and|[-–]|to)\s*" + _ONE_DATE,  # between 2011 and 2021
    r"\bfrom\s+" + _ONE_DATE + r"\s+(?:to|until)\s+" + _ONE_DATE,  # from 2019 to 2029
    r"\b(?:" + _NUMW_OR_DIGITS + r"\s+)?(?:months?|years?|weeks?|days?)\s+"
    r"(?:prior\s+to|up\s+to|to|before|ending|until)"
    r"\s+(?:(?:the\s+end\s+of\s+)?(?:\d{1,2}\s+)?(?:"
    + _MONTHS
    + r")\s+)?"
    + _YEAR,  # 12 months prior to December 2024
    r"\bas\s+(?:at|of)\s+(?:the\s+end\s+of\s+)?" + _ONE_DATE,  # as of December 2024
    r"\bat\s+the\s+time\s+of\s+(?:(?:the|this|our)\s+)?assessment",  # at the time of our assessment
    r"\bsince\s+(?:(?:\d{1,2}\s+)?(?:(?:" + _MONTHS + r")\s+)?" + _YEAR + r"(?:\s*/\s*\d{2,4})?\b"
    r"|the\s+(?:last|previous|latest)\s+census(?:\s+in\s+"
    + _YEAR
    + r")?)",  # since 2015, since the last census
    r"\bby\s+(?:the\s+end\s+of\s+)?" + _ONE_DATE + r"\b",  # by 2040
    r"\b(?:in|over|during|within)\s+the\s+(?:last|past|previous|preceding|next|coming)\s+(?:"
    + _NUMW_OR_DIGITS
    + r"\s+)?(?:years?|months?|weeks?|days?|decades?|quarters?)\b",  # over the last 10 years
    r"\bQ[1-4]\s+" + _YEAR + r"(?:\s*/\s*\d{2,4})?",  # Q3 2024/25
    r"\b\d{1,2}\s+(?:" + _MONTHS + r")\s+" + _YEAR,  # 31 March 2024
    r"\b(?:" + _MONTHS + r")\s+" + _YEAR + r"(?:\s*/\s*\d{2,4})?",  # October 2024, October 2022/23
    r"(?<![\d,.£/]|Act\s)"
    + _YEAR
    + r"(?:\s*/\s*\d{2,4})?\s+and\s+"
    + _YEAR
    + r"(?:\s*/\s*\d{2,4})?(?![\d/%]|\.\d)",  # in 2020 and 2021
    r"(?<![\d,.£/])" + _YEAR + r"(?:\s*/\s*\d{2,4}|[-–]\d{2}(?!\d))\b",  # 2023/24, 2023-24
    r"(?<=\b(?:in|during|for|over|from|of)\s+)" + _YEAR + r"\s*[-–]\s*" + _YEAR + r"\b",  # in 2022-2023
    r"(?<![\d,.£/]|Act\s|\d[-–])"
    + _YEAR
    + r"(?![\d/%]|\.\d|\s*[-–]\s*\d)",  # 2024, not "Act 2014" nor "2023-2026"
    flags=regex.IGNORECASE,
    needs={
        0: (_FOUR_DIGITS, _Words("between", lower=True)),
        1: (_FOUR_DIGITS, _Words("from", lower=True)),
        2: (_FOUR_DIGITS, _UNIT_STEM),
        3: _NEEDS_YEAR,
        4: (_Words("ment", lower=True),),
        5: (_Words("nce", lower=True),),
        6: (_FOUR_DIGITS, _Words("by", lower=True)),
        7: (_UNIT_STEM, _BACK_IN_TIME),
        8: (_FOUR_DIGITS, _Words("q", lower=True)),
        9: (_FOUR_DIGITS, _MONTH_STEM),
        10: (_FOUR_DIGITS, _MONTH_STEM),
        11: (_FOUR_DIGITS, _Words("and", lower=True)),
        12: _NEEDS_YEAR,
        13: _NEEDS_YEAR,
        14: _NEEDS_YEAR,
    },
)


# ---------------------------------------------------------------------------------------------
# Dates: what the words name (the report's own dates only; nothing is guessed from the
# publication date)

_DATE = regex.compile(
    r"(?:(?P<quarter>Q[1-4])\s+)?(?:(?P<day>\d{1,2})\s+(?=[A-Za-z]))?(?:(?P<month>" + _MONTHS + r")\s+)?"
    r"(?P<year>(?:19|20)\d{2}|\d{2}(?=\s*/\s*\d{2}\b))"
    r"(?:\s*(?P<sep>/|[-–])\s*(?P<year2>\d{4}|\d{2})(?!\d))?",
    regex.IGNORECASE,
)
_MONTH_NUMBER = {name.lower(): i for i, name in enumerate(MONTHS, 1)}

# The opening words that give a kind of their own
_SINCE = regex.compile(r"since\b", regex.IGNORECASE)  # since 2015
_BY = regex.compile(r"by\b", regex.IGNORECASE)  # by 2040
_AS_AT = regex.compile(r"as\s+(?:at|of)\b", regex.IGNORECASE)  # as at 31 March 2024
_AT_THE_TIME = regex.compile(r"at\s+the\s+time\b", regex.IGNORECASE)  # at the time of our assessment
_RELATIVE = regex.compile(
    r"(?:in|over|during|within)\s+the\s+(?:last|past|previous|preceding|next|coming)\b", regex.IGNORECASE
)  # in the last year, over the next 3 years
# "12 months prior to December 2024", "the 12 months to March 2024", "year prior to August 2024"
_DURATION_TO = regex.compile(
    r"(?:the\s+)?(?:(?P<n>" + _NUMW_OR_DIGITS + r")\s+)?(?P<unit>month|year|week|day)s?\s+"
    r"(?P<rel>prior\s+to|up\s+to|to|before|ending|until)\s+(?:the\s+end\s+of\s+)?",
    regex.IGNORECASE,
)


def _month_end(year: int, month: int) -> datetime.date:
    return datetime.date(year + month // 12, month % 12 + 1, 1) - datetime.timedelta(days=1)


def _add_months(day: datetime.date, months: int) -> datetime.date:
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    return datetime.date(year, month + 1, min(day.day, _month_end(year, month + 1).day))


def _date_range(match) -> tuple[datetime.date, datetime.date, bool] | None:
    """The first and last day one written date names, and whether it is a financial year."""
    year = int(match.group("year"))
    year = year + 2000 if year < 100 else year
    month = _MONTH_NUMBER[match.group("month").lower()] if match.group("month") else None
    second = match.group("year2")
    financial = False
    if second is not None:
        last = int(second) + (year // 100 * 100 if len(second) == 2 else 0)
        if last == year + 1 and (match.group("sep") == "/" or len(second) == 2):
            financial = True  # 2023/24, 2023-24, 2022/2023: the UK financial year, April to March
        elif last > year and month is None and match.group("quarter") is None:
            return datetime.date(year, 1, 1), datetime.date(last, 12, 31), False  # 2022-2023
        else:
            return None
    if match.group("quarter"):
        q = int(match.group("quarter")[1])
        if financial:  # Q1 is April to June
            first = _add_months(datetime.date(year, 4, 1), 3 * (q - 1))
        else:
            first = datetime.date(year, 3 * (q - 1) + 1, 1)
        return first, _month_end(first.year, first.month + 2), financial
    if month is not None:
        if financial and month < 4:  # "January 2023/24" is in 2024
            year += 1
        if match.group("day"):
            try:
                day = datetime.date(year, month, int(match.group("day")))
            except ValueError:
                return None
            return day, day, False
        return datetime.date(year, month, 1), _month_end(year, month), False
    if financial:
        return datetime.date(year, 4, 1), datetime.date(year + 1, 3, 31), True
    return datetime.date(year, 1, 1), datetime.date(year, 12, 31), False


def _dates(words: str, pos: int = 0) -> list[tuple[datetime.date, datetime.date, bool]]:
    return [r for m in _DATE.finditer(words, pos) if (r := _date_range(m)) is not None]


@functools.lru_cache(maxsize=1024)  # a report writes the same few periods many times
def normalise(words: str) -> tuple[str, datetime.date | None, datetime.date | None]:
    """(kind, from, to) of a period's words: "2021" -> point, 2021-01-01, 2021-12-31;
    "2023/24" -> financial_year, 2023-04-01, 2024-03-31; "by 2040" -> projection, None,
    2040-12-31; "since 2015" -> since, 2015-01-01, None; "at the time of our assessment" and
    "in the last year" -> no dates."""
    words = " ".join(words.split())
    if _AT_THE_TIME.match(words):
        return "as_at", None, None
    if _RELATIVE.match(words):
        return "relative", None, None
    if opening := _SINCE.match(words):
        dates = _dates(words, opening.end())
        return "since", dates[0][0] if dates else None, None
    if opening := _BY.match(words):
        dates = _dates(words, opening.end())
        return "projection", None, dates[-1][1] if dates else None
    if opening := _AS_AT.match(words):
        dates = _dates(words, opening.end())
        return ("as_at", dates[0][0], dates[0][1]) if dates else ("as_at", None, None)
    if duration := _DURATION_TO.match(words):
        dates = _dates(words, duration.end())
        if not dates:
            return "range", None, None
        n_words = (duration.group("n") or "1").lower()
        n = int(n_words) if n_words.isdigit() else lexicon.NUMBER_WORDS.get(n_words, 1)
        anchor_first, anchor_last, _ = dates[0]
        before = duration.group("rel").lower().split()[0] in ("prior", "before")
        last = anchor_first - datetime.timedelta(days=1) if before else anchor_last
        after_last = last + datetime.timedelta(days=1)
        unit = duration.group("unit").lower()
        if unit in ("month", "year"):
            first = _add_months(after_last, -n * (12 if unit == "year" else 1))
        else:
            first = after_last - datetime.timedelta(days=n * (7 if unit == "week" else 1))
        return "range", first, last
    dates = _dates(words)
    if len(dates) >= 2:  # between 2011 and 2021, from 2019 to 2029, 2020 and 2021
        return "range", dates[0][0], dates[-1][1]
    if len(dates) == 1:
        first, last, financial = dates[0]
        if financial:
            return "financial_year", first, last
        if first.year != last.year:  # 2022-2023
            return "range", first, last
        return "point", first, last
    return "relative", None, None


def period_of(
    words: str, start: int | None = None, end: int | None = None, projection: bool = False
) -> Period:
    """A ``Period`` of the words (at ``[start, end)`` in the text, or at no one place); in a
    clause of a projection a dated period is the projection's ("expected to reach 20,000 in
    2040")."""
    kind, first, last = normalise(words)
    if projection and kind in ("point", "range", "financial_year"):
        kind = "projection"
    return Period.model_validate(
        {"text": words, "start": start, "end": end, "kind": kind, "from": first, "to": last}
    )


def within(inner: Period, outer: Period) -> bool:
    """``inner`` names a shorter time inside ``outer`` (both dated at both ends): "October 2024"
    within "2024"."""
    if inner.from_ is None or inner.to is None or outer.from_ is None or outer.to is None:
        return False
    return (
        outer.from_ <= inner.from_
        and inner.to <= outer.to
        and (inner.from_, inner.to) != (outer.from_, outer.to)
    )


def source_period(text: str, source: Source) -> Period:
    """The cited dataset's date as the claim's period, spanning the date inside the citation
    (or at no place when the citation was carried in a form that no longer holds it)."""
    assert source.date is not None  # the caller passes only a citation that gives a date
    at = text.rfind(source.date, source.start, source.end)
    if at < 0:
        return period_of(source.date)
    return period_of(source.date, at, at + len(source.date))


# ---------------------------------------------------------------------------------------------
# Scope

# Where a clause ends inside a sentence: "...; ...", ", with ...", ", and ...", ", while ..."
_CLAUSE_BREAK = regex.compile(r";|,\s*(?:and|but|while|whereas|although|with|including)\b", regex.IGNORECASE)


def _words_pattern(words) -> str:
    return "|".join(regex.escape(w).replace(r"\ ", r"\s+") for w in sorted(words, key=len, reverse=True))


_CHANGE_WORD = regex.compile(r"\b(?:" + "|".join(lexicon.CHANGE_STEMS) + r")\w*", regex.IGNORECASE)
# A value that is a change: "increased by 27%", "a rise of 9%", "fell by around 11.2%",
# "increased 23%" (before it), "an 8.4% rise", "a 2% increase" (after it)
_CHANGE_BEFORE = regex.compile(
    r"\b(?:" + "|".join(lexicon.CHANGE_STEMS) + r")\w*\s+(?:by\s+|of\s+)?"
    r"(?:(?:around|about|approximately|nearly|almost|over|more\s+than|less\s+than|just\s+over|some)\s+)?$",
    regex.IGNORECASE,
)
_CHANGE_AFTER = regex.compile(
    r"\s*(?:percentage\s+points?\s+)?(?:" + "|".join(lexicon.CHANGE_STEMS) + r")", regex.IGNORECASE
)
_PROJECTION = regex.compile(r"\b(?:" + _words_pattern(lexicon.PROJECTION_WORDS) + r")\b", regex.IGNORECASE)
# A period right after a comparator is its own: "down from 1,450 in March 2024", "from 119 days
# in the year prior to August 2024"
_OWN_PERIOD_GAP = regex.compile(
    r"\s*(?:(?:days?|weeks?|months?|years?|people|cases|per\s+cent|percent)\s*)?"
    r"(?:(?:in|during|for|at|as\s+(?:at|of))\s+(?:the\s+)?)?",
    regex.IGNORECASE,
)


# Before a period that is the base of a comparison: "an increase of 11% on 2022/23", "12%
# higher than in 2021", "up 4% compared with March 2023"
_BASE_BEFORE = regex.compile(
    r"\b(?:on|than(?:\s+in)?|compared\s+(?:with|to)(?:\s+in)?|against)\s+(?:the\s+)?$", regex.IGNORECASE
)


@dataclass
class _Found:
    """A period written in a sentence, with what its scope depends on."""

    match: regex.Match[str]
    clause: tuple[int, int]
    kind: str  # the kind its words give (before a projection's clause makes it one)
    change: bool  # a period of change: since, or a range in a clause of a rise or fall
    projection: bool  # in a clause of a projection, or "by 2040"
    clauses: list  # the clauses of its sentence
    period: Period | None = None

    def model(self) -> Period:
        if self.period is None:
            m = self.match
            self.period = period_of(m.group(), m.start(), m.end(), self.projection)
        return self.period


def _clauses(text: str, sentence: _Sentence) -> list[tuple[int, int]]:
    cuts = [sentence.start]
    for brk in _CLAUSE_BREAK.finditer(text, sentence.start, sentence.end):
        cuts.append(brk.start())
    cuts.append(sentence.end)
    return list(zip(cuts, cuts[1:]))


def _clause_of(clauses, pos: int) -> tuple[int, int]:
    for clause in clauses:
        if clause[0] <= pos < clause[1]:
            return clause
    return clauses[-1]


def _periods(text: str, sentence: _Sentence) -> list[_Found]:
    """The periods written in a sentence with a claim, outside its citations."""
    if not any(m.role == "claim" for m in sentence.mentions):
        return []
    found = [
        m
        for m in _PERIOD.finditer(text, sentence.start, sentence.end)
        if not any(s.start <= m.start() < s.end for s in sentence.sources)
    ]
    if not found:
        return []
    clauses = _clauses(text, sentence)
    out = []
    for m in found:
        clause = _clause_of(clauses, m.start())
        kind, _, _ = normalise(m.group())
        projected = kind == "projection" or _PROJECTION.search(text, *clause) is not None
        change = kind == "since" or (
            kind in ("range", "relative") and _CHANGE_WORD.search(text, *clause) is not None
        )
        out.append(_Found(m, clause, kind, change, projected, clauses))
    return out


def _is_change(text: str, claim: _Mention, clause: tuple[int, int]) -> bool:
    return (
        _CHANGE_BEFORE.search(text, max(clause[0], claim.start - 60), claim.start) is not None
        or _CHANGE_AFTER.match(text, claim.end, min(clause[1], claim.end + 40)) is not None
    )


def _period_for(
    text: str, claim: _Mention, periods: list[_Found], sentence: _Sentence, earlier: Period | None = None
) -> Period | None:
    """The period written in the claim's sentence that is the claim's, or None. ``earlier``,
    the paragraph's latest claim's period, is the claim's when its own clause writes none and
    refers back to it ("... were started in this period, and 801 were open as of March 2024")."""
    if not periods:
        return None
    clause = _clause_of(periods[0].clauses, claim.start)
    if (
        earlier is not None
        and not any(p.clause == clause for p in periods)
        and _BACK_REFERENCE.search(text, *clause)
    ):
        return earlier
    eligible = []
    for p in periods:
        m = p.match
        # "was 1,020, down from 1,450 in March 2024": a period right after a comparator is its own
        if any(
            c.end <= m.start() and _OWN_PERIOD_GAP.fullmatch(text, c.end, m.start())
            for c in claim.comparators
        ):
            continue
        # "an increase of 11% on 2022/23": the base the change is measured against
        if claim.end <= m.start() and _BASE_BEFORE.search(text, max(claim.end, m.start() - 20), m.start()):
            continue
        if p.clause != clause:
            if p.change and not _is_change(text, claim, clause):
                continue  # "grew by 3.3% between 2011 and 2021, with 19% aged under 18"
            if p.projection and _PROJECTION.search(text, *clause) is None:
                continue  # a projection dates the projected values only
        eligible.append(m)
    if not eligible:
        return None
    # The nearest; on a tie the one after the claim ("from 2,300 in 2023 to 1,100 in 2024")
    nearest = min(
        eligible,
        key=lambda m: (min(abs(m.start() - claim.end), abs(claim.start - m.end())), m.start() < claim.start),
    )
    return next(p for p in periods if p.match is nearest).model()


_BACK_REFERENCE = regex.compile(
    r"\b(?:" + _words_pattern(lexicon.PERIOD_BACK_REFERENCES) + r")\b", regex.IGNORECASE
)
_BACK_OPENER = regex.compile(
    r"[\W_]*(?:" + _words_pattern(lexicon.PERIOD_BACK_OPENERS) + r")\b", regex.IGNORECASE
)


def refers_back(text: str, sentence: _Sentence) -> bool:
    """The sentence continues an earlier figure and refers back to its time: "Its actual spend
    for that year was ...", "For women, this gap was 4.7 years", "Of these, 212 ..."."""
    return (
        _BACK_REFERENCE.search(text, sentence.start, sentence.end) is not None
        or _BACK_OPENER.match(text, sentence.start, sentence.end) is not None
    )


# A list's lead that dates its items: "In 2023/24:", "Figures for 2024 show:"
_LIST_ITEM = regex.compile(r"\s*(?:[-•*–·▪]|\d{1,2}[.)])\s")


def lead_period(text: str, start: int, end: int) -> Period | None:
    """The period of a paragraph that leads a list (it ends with a colon), or None."""
    stripped = text[start:end].rstrip()
    if not stripped.endswith(":"):
        return None
    found = list(_PERIOD.finditer(text, start, end))
    if not found:
        return None
    m = found[-1]
    return period_of(m.group(), m.start(), m.end(), _PROJECTION.search(text, start, end) is not None)


def is_list_item(text: str, start: int, end: int) -> bool:
    return _LIST_ITEM.match(text, start, end) is not None
