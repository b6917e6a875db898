"""Linking: each comparator to its claim, with the report's judgement words between them.

- ``_link``: in each sentence, each comparator to a claim on its scale ("respectively" pairs in
  order); in a sentence with no claim of its own, to the paragraph's earlier claim whose wording
  it shares most; ``_attach`` gives it the report's judgement words between them ("slightly
  better", "in line with"), found by ``comparators._judgement_spans`` (a sentence's
  ``judgements``).

Reads: a sentence's mentions as the rules left them and its judgement phrases (``sentences``).
Writes: the comparators' ``comp_qualifier`` and ``unit``, and each claim's ``comparators`` (the
mentions are the stage's working state, made per sentence).

It comes after ``sentences`` (it reads a ``_Sentence``), while the rows that make a comparator
(``comparators``) come before ``rules``: the stage's parts import one way.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import regex

from pipeline.reference import lexicon
from pipeline.stages.claims.comparators import _LIST_JOIN, _compatible, _same_scale
from pipeline.stages.claims.context import _points_after

if TYPE_CHECKING:
    from pipeline.stages.claims.numbers import _Mention
    from pipeline.stages.claims.sentences import _Sentence


_LEVEL_KINDS = frozenset({"england_average", "regional_average", "comparable_authorities", "target"})


def _link(text: str, sentence: _Sentence, history: list[tuple[_Mention, str]]) -> None:
    mentions = sentence.mentions
    claims = [m for m in mentions if m.role == "claim"]
    comparators = [m for m in mentions if m.role == "comparator"]
    # group list comparators: "England averages of 0.25% and 8.06% respectively"
    groups: list[list[_Mention]] = []
    for c in comparators:
        if c.target is not None:
            _attach(text, c.target, c, sentence)
            continue
        if (
            groups
            and groups[-1][-1].kind == c.kind
            and c.kind != "previous"
            and _LIST_JOIN.match(text[groups[-1][-1].end : c.start])
        ):
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
            for claim, c in zip(before[-len(group) :], group):
                _attach(text, claim, c, sentence)
            continue
        for c in group:
            free = [m for m in before if not any(x.kind == c.kind for x in m.comparators)]
            pool = free or before
            if c.kind in _LEVEL_KINDS:
                # an average or a target is a level: it goes with the level, not with the change
                # beside it ("fell to 33.4%, down 4.1 percentage points ... below the national
                # figure of 36.3%": the 36.3% is 33.4%'s)
                levels = [m for m in pool if not _points_after(text, m.end)]
                pool = levels or pool
            if pool:
                _attach(text, pool[-1], c, sentence)
            else:
                after = [m for m in claims if m.start >= c.end]
                if after:
                    _attach(text, after[0], c, sentence)


def _orphan_target(text: str, sentence: _Sentence, history: list[tuple[_Mention, str]]) -> _Mention | None:
    """A sentence with comparators but no claim: the earlier claim whose clause shares most
    words with it ("identifying as White" -> "identified as White, making up 93.62%"); on a
    tie the latest ("This was better than ..." follows its claim)."""
    if not history:
        return None
    words = _content(text[sentence.start : sentence.end])
    best, best_score = history[-1][0], -1
    for claim, clause in reversed(history):
        score = len(words & _content(clause))
        if score > best_score:
            best, best_score = claim, score
    return best


_STOP = frozenset(
    "the a an of to in on for and or was were is are be been that this with as by at from which who "
    "their they it its had has have than people data england average national local authority "
    "compared indicated".split()
)
_WORD = regex.compile(r"[A-Za-z]{3,}")


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


_METRIC_OBJECT_AFTER = regex.compile(  # met the required standard
    r"\s+(?:the\s+|their\s+|its\s+|a\s+)?(?:[a-z-]+\s+)?(?:" + "|".join(lexicon.METRIC_OBJECTS) + r")\b",
    regex.IGNORECASE,
)

# After a comparative: a noun of the metric's wording ("support at a lower level"), no judgement
_LEADS_TO = regex.compile(r"\s+to\s+")  # increasing to 16.4%


def _qualifier_between(claim: _Mention, c: _Mention, sentence: _Sentence) -> str | None:
    phrases = sentence.judgements
    if c.kind != "target":  # "met", "missed": judgements of a target only
        phrases = [p for p in phrases if p[2] not in lexicon.TARGET_JUDGEMENTS]
    else:  # "71% met the required standard, against a target of 80%": the metric's verb
        phrases = [
            p
            for p in phrases
            if p[2] not in lexicon.TARGET_JUDGEMENTS
            or not _METRIC_OBJECT_AFTER.match(sentence.text, p[1] - sentence.start)
        ]
    # "increasing": a trend; a judgement against an earlier value only, and only of the value it
    # leads to ("increasing to 16.4% ... (from 11.2% in 2011)", not "increasing the share to 83%
    # and brought the list from 1518 to 1337")
    phrases = [
        p
        for p in phrases
        if p[2] not in lexicon.PREVIOUS_JUDGEMENTS
        or c.kind == "previous"
        and _LEADS_TO.fullmatch(sentence.text, p[1] - sentence.start, claim.start - sentence.start)
    ]
    if c.kind == "previous":
        near = [
            p
            for p in phrases
            if p[1] <= c.start
            and p[2]
            in lexicon.CHANGE_WORDS
            + (
                "small decrease",
                "small increase",
                "slight decrease",
                "slight increase",
                "significant increase",
                "significant decrease",
            )
        ]
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
    earlier = [
        p
        for p in phrases
        if p[1] <= first
        and not (
            any(x.role == "claim" and x.end <= p[0] for x in others)
            and any(x.role == "comparator" and p[1] <= x.start for x in others)
        )
    ]
    return earlier[-1][2] if earlier else None
