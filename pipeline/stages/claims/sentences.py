"""A paragraph's sentences that hold a number, and each one's numbers as ``RULES`` decided them.

Reads: the text, a paragraph's span and the ``_Candidates`` pre-check (``shortcuts``).
Writes: ``_Sentence``s: span, text, tokens (only when number words or judgement phrases need
them), and the mentions the rules kept (claims and comparators, not yet linked); a sentence's
citations and judgement phrases are looked for when first asked. When tracing for ``explain``,
also the ``Decision`` of each span of structure and each number dropped.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property

import regex

from pipeline.models import Source
from pipeline.stages.claims.comparators import _judgement_spans
from pipeline.stages.claims.context import _Context
from pipeline.stages.claims.drops import _BLOCKERS, _SPAN_RULE_NAME
from pipeline.stages.claims.numbers import (
    _NUMERAL,
    _Mention,
    _nlp,
    _number_words,
    _numeral,
    _ratios,
    _slash_fractions,
)
from pipeline.stages.claims.rules import _NUMBER_RULES_BY_UNIT, Decision, _classify, _first_rule
from pipeline.stages.claims.shortcuts import _Candidates
from pipeline.stages.sources import find_sources


@dataclass
class _Sentence:
    """A sentence holding a number: its span, its numbers as the rules left them (claims and
    comparators), and what is looked for in it only when first asked."""

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
        # the sentence's text is the doc's (spaCy's ``doc.text`` is rebuilt from the tokens at
        # every read)
        return _judgement_spans(self.doc, self.text, self.start)


# Sentence ends: "... (SACE, June 2024). Additionally, 43.58% ..."
_SENTENCE_END = regex.compile(r"[.!?][\"'”’)\]]*\s+(?=[A-Z0-9£\"'“‘(])")


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


def _mentions(text: str, s: int, e: int, sent, sent_start: int, trace=None) -> list[_Mention]:
    """The numbers of the sentence ``[s, e)`` that ``RULES`` keep (claims and comparators), in
    text order: numbers inside a span of structure (the span stage, ``_BLOCKERS``) are never
    read, a numeral on its own goes through the number stage, then each number that is left
    through the sentence stage (``_classify``). ``sent``: the sentence's spaCy tokens, or None
    when it holds no number word; ``trace`` (for ``explain``) gets every decision."""
    blocked_matches = list(_BLOCKERS.finditer(text, s, e))
    blocked = [m.span() for m in blocked_matches]
    if trace is not None:
        trace.extend(
            Decision(m.start(), m.end(), m.group(), "drop", _SPAN_RULE_NAME[m.re]) for m in blocked_matches
        )
    taken: list[tuple[int, int]] = []
    mentions: list[_Mention] = []

    def inside(a: int, b: int) -> bool:
        return any(x <= a and b <= y for x, y in blocked) or any(not (b <= x or a >= y) for x, y in taken)

    for mention in _ratios(text, s, e, inside):
        mentions.append(mention)
        taken.append((mention.start, mention.end))
    for mention in _slash_fractions(text, s, e, inside):
        mentions.append(mention)
        taken.append((mention.start, mention.end))
    for m in _NUMERAL.finditer(text, s, e):
        if inside(*m.span()):
            continue
        mention = _numeral(text, m)
        if (
            mention.end > m.end() or mention.unit == "gbp"
        ):  # "1.2 million", "£1.2 million": the scale word is read
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
