"""Numeric claims: values, their comparators, periods and cited datasets.

Input: the report text, its ``Document`` (segmentation) and the text's sha256.
Output: ``Claim`` models in document order. Offsets are half-open ``[start, end)`` indices
into the text exactly as given, so ``text[claim.start:claim.end] == claim.text``.

How it works, per paragraph (claims never cross paragraphs), and the part doing each step:
1. one regex scan finds everything number-like; only the sentences holding one are
   tokenised (spaCy ``blank("en")`` tokenizer and a ``PhraseMatcher``, built once)
   (``sentences``, with the pre-checks of ``shortcuts``);
2. numerals, money, percentages and ratios are found with regex, number words with spaCy
   tokens; each is a *mention* (``numbers``);
3-4. what each mention is, is decided by the ordered rule table ``RULES`` (``rules``; the first
   rule that fires decides; its name travels with the mention, see ``python -m pipeline explain``):
   structure that is not a quantity is dropped (``drops``: dates and periods, names of laws and
   sections, labels ("Theme 1", "Score: 3"), ages, age bands and scale anchors, thresholds that
   only define what is counted, names of practice models, compound adjectives ("five-year
   strategy"), idiomatic "one"); the rest are either comparators (``comparators``: after a cue
   such as "England average of", "target of", "from X to", "a reduction from") or claims;
   comparators are linked to claims in the same sentence ("respectively" pairs in order) or,
   when a sentence has no claim of its own ("This was better than the England average of
   93.71%."), to the earlier claim in the paragraph whose wording it shares most (ties: the latest);
5. each claim gets the dataset cited in its sentence (or, in a sentence that gives examples of
   or continues the one before, the last one cited before it in its paragraph) (``pipeline.stages.sources``) and a
   period (``periods``: the claim's own clause's or sentence's, its dataset's date, its list's
   lead's, or an earlier figure's when the sentence refers back to it); this module composes the steps and makes the ``Claim`` models.

The parts, each importing only those before it: ``shortcuts`` (speed: tries, alternations,
pre-checks), ``numbers``, ``context`` (what a rule reads; units and hedges), ``drops``,
``comparators``, ``rules``, ``sentences``, ``linking`` (comparators to claims), ``periods``;
type hints included (tests/test_imports.py).

Decisions where the annotation guide is silent:
- "one in five" is a ratio with value 0.2 (the fraction), text "one in five";
- a rank's denominator ("117th out of 153", "the fourth highest of 15 comparable local
  authorities", "the lowest among its 16 statistical neighbours") is part of the rank's scale:
  no value and no comparator, whatever group it names (the annotation guide treats every
  denominator of a rank so; until issue 17 a named comparable group made it a
  ``comparable_authorities`` comparator);
- the bare word "one" is never a count ("one other authority", "from one area to another");
- a duration after a threshold word ("within 45 days", "more than 28 days") is a threshold,
  never a claim, even when the report means it as a result ("completed within 11 days").
"""

from __future__ import annotations

import regex

from pipeline.models import Claim, Comparator, Direction, Document, Period, Source, Span, claim_id
from pipeline.stages.claims.comparators import _CLAUSE_BREAK, _as_unit
from pipeline.stages.claims.linking import _link
from pipeline.stages.claims.numbers import _Mention, _nlp
from pipeline.stages.claims.periods import (
    _period_for,
    _periods,
    is_list_item,
    lead_period,
    refers_back,
    source_period,
    within,
)
from pipeline.stages.claims.rules import _SCORE_LINE_RULE, _STATED_SCORE_RULE, RULES, Decision, Rule
from pipeline.stages.claims.sentences import _Sentence, _sentences
from pipeline.stages.claims.shortcuts import _Candidates
from pipeline.stages.segment import locate
from pipeline.stages.sources import carried_citation, citation_after, cites_own_clause, lead_in_citation

__all__ = ["RULES", "Decision", "Rule", "decisions", "extract_claims"]


def extract_claims(text: str, document: Document, sha256: str) -> list[Claim]:
    """Every numeric claim of the report, in document order."""
    return _extract(text, document, sha256, None)


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
            item = Decision(
                item.start,
                item.end,
                item.text,
                item.role,
                item.rule or "claim",
                item.kind,
                item.value,
                item.unit,
            )
        if item.role == "claim" and (item.start, item.end) not in claimed:
            item = Decision(
                item.start, item.end, item.text, "drop", _STATED_SCORE_RULE, None, item.value, item.unit
            )
        out.append(item)
    return claims, sorted(out, key=lambda d: (d.start, -d.end))


def _extract(text: str, document: Document, sha256: str, trace: list | None) -> list[Claim]:
    # One scan for anything number-like; only paragraphs and sentences holding one are
    # split and tokenised (a spaCy pass over the whole report costs more than extraction may).
    candidates = _Candidates(text)
    claims: list[Claim] = []
    lead = None  # the period of a list's lead ("In 2023/24:"), for the list's items
    for start, end in _paragraphs(text, document):
        if lead is not None and not is_list_item(text, start, end):
            lead = None
        if candidates.within(start, end):
            claims.extend(_paragraph_claims(text, start, end, document, sha256, candidates, trace, lead))
            lead = lead_period(text, start, end) or lead
        elif text[start:end].rstrip().endswith(":"):
            lead = None
    # The stated overall score ("scored 58 out of 100 overall", "Score: 56%") is structure,
    # found by the segmentation: never a claim, like the statement scores
    score = document.overall.score_span
    if score is not None:
        claims = [c for c in claims if c.end <= score.start or c.start >= score.end]
    return claims


def _paragraphs(text: str, document: Document) -> list[tuple[int, int]]:
    spans = [(p.start, p.end) for s in document.sections for p in s.paragraphs]
    for theme in document.themes:
        for statement in theme.statements:
            for subsection in statement.subsections:
                spans.extend((p.start, p.end) for p in subsection.paragraphs)
    if not spans:  # no structure found: every non-blank line is a paragraph
        spans = [(m.start(), m.end()) for m in _LINE.finditer(text)]
    return sorted(set(spans))


_LINE = regex.compile(r"[^\n]*\S[^\n]*")  # a non-blank line

# Score lines are structure: "Score: 3", "3 - Evidence shows a good standard"
_SCORE_LINE = regex.compile(
    r"^\s*(?:Score:\s*\d|\d\s*[-–]\s*(?:[A-Z][a-z]+(?:\s+[a-z]+)?:\s*)?Evidence\s+shows)"
)


def _paragraph_claims(text, start, end, document, sha256, candidates, trace=None, lead=None) -> list[Claim]:
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
    last_period: Period | None = None  # the period of the paragraph's latest claim that has one
    dated: dict[str, Period] = {}  # a claim's surface text -> its period ("7%" ... "The reason 7% ...")
    cited: dict[tuple[int, int, str], Period] = {}  # a citation's span and date -> the period it gives
    for sentence in sentences:
        # Each read once, when needed (``*_read``: whether it has been):
        after: Source | None = None  # the citation written right after the sentence
        after_read = False
        carried: Source | None = None  # the citation an example or a continuation points back to
        carried_read = False
        lead_in: Source | None = None  # the citation of a sentence without numbers just before
        lead_in_read = False
        back = False  # whether the sentence refers back to an earlier figure's time
        back_read = False
        periods = _periods(text, sentence)
        for mention in sentence.mentions:
            if mention.role != "claim":
                continue
            source = _source_for(text, mention, sentence) or mention.orphan_source
            if source is None:  # "... averages. ASCS, 2023."
                if not after_read:
                    after, after_read = citation_after(text, sentence.end, end), True
                source = after
            # "... positive (ASCS, 2023-24). For example, 61.2% of people ..." (never to money: no
            # survey or outcome collection is an amount of money)
            if source is None and mention.unit != "gbp":
                if not carried_read:
                    carried, carried_read = carried_citation(text, sentence.start, start, sentence.end), True
                source = carried
            # "Figures from the 2021 Census describe how the borough has changed. Some 19.4% ..."
            if source is None and mention.unit != "gbp" and not sentence.sources:
                if not lead_in_read:
                    lead_in, lead_in_read = lead_in_citation(text, sentence.start, start, sentence.end), True
                source = lead_in
            # The period: its own clause's or sentence's, else its dataset's date, else its
            # list's lead's, else an earlier figure's that the sentence refers back to or repeats
            period = _period_for(text, mention, periods, sentence, last_period)
            if source is not None and source.date:
                key = (source.start, source.end, source.date)  # a citation dates all it covers
                if key not in cited:
                    cited[key] = source_period(text, source)
                # the dataset's date, unless the sentence states a more specific period ("In
                # 2024, 71% ... (ASCS, October 2024)": October 2024)
                if period is None or within(cited[key], period):
                    period = cited[key]
            if period is None:
                period = lead
            if period is None and mention.text in dated:
                period = dated[mention.text]
            if period is None and last_period is not None:
                if not back_read:
                    back, back_read = refers_back(text, sentence), True
                if back:
                    period = last_period
            if period is not None:
                last_period = dated[mention.text] = period
            out.append(_claim(text, mention, sentence, source, period, document, sha256))
    return out


# After a citation: nothing but brackets and punctuation up to the sentence's end ("(ASCS, 2024).")
_CLOSES = regex.compile(r"[\s)\].,;:]*")


def _source_for(text: str, claim: _Mention, sentence: _Sentence) -> Source | None:
    """The citation that covers the claim: the first one after it in its sentence, unless a
    clause break lies between them and the citation does not close the sentence ("95% ...,
    and the fund of £45.6m (ASCOF 2B(1))" -> none for 95%); else the last one before it, unless
    that one is in brackets closed before a new clause ("(ASCOF 2B(1)), and the fund of £45.6m")."""
    sources = sentence.sources
    for source in sources:
        if source.start >= claim.end:
            if cites_own_clause(text, source, claim.end):
                break  # ", with the latest census data indicating ...": that clause's own
            if _CLOSES.fullmatch(text, source.end, sentence.end) or not _CLAUSE_BREAK.search(
                text, claim.end, source.start
            ):
                return source
            break
    before = [source for source in sources if source.end <= claim.start]
    if not before:
        return None
    source = before[-1]
    opened = text.rfind("(", sentence.start, source.start)
    closed = text.find(")", source.end, claim.start)
    if (
        opened > text.rfind(")", sentence.start, source.start)
        and closed >= 0
        and _CLAUSE_BREAK.search(text, closed, claim.end)
    ):
        return None  # a bracketed citation covers its clause, and a list that goes on ("), with 19%")
    return source


def _direction(claim: float, other: float) -> Direction:
    return "above" if claim > other else "below" if claim < other else "equal"


def _claim(text, m: _Mention, sentence: _Sentence, source, period, document, sha256) -> Claim:
    statement, section = locate(document, m.start)
    unit = m.unit or "count"
    comparators = [
        Comparator(
            kind=c.kind or "other",
            value=c.value,
            unit=c.unit or unit,
            text=c.text,
            start=c.start,
            end=c.end,
            qualifier=c.comp_qualifier,
            direction=_direction(_as_unit(m.value, unit, c.unit or unit), c.value),
        )
        for c in sorted(m.comparators, key=lambda c: c.start)
    ]
    claim = Claim(
        id=claim_id(sha256, m.start, m.end),
        value=m.value,
        unit=unit,
        text=m.text,
        start=m.start,
        end=m.end,
        qualifier=m.qualifier,
        statement=statement,
        section=section,
        sentence=Span(start=sentence.start, end=sentence.end),
        period=period,
        comparators=comparators,
        source=source,
    )
    claim._kept_by = m.rule  # for the veto: a rule that names a cue is not overridden
    return claim


# What other packages use of this stage, under public names: the blank English pipeline the
# stage tokenises with (a batch worker loads it before its first report), and the name of the
# rule that drops a statement's score line whole (``explain`` lists it with the span rules).
nlp = _nlp
SCORE_LINE_RULE = _SCORE_LINE_RULE
__all__ += ["SCORE_LINE_RULE", "nlp"]
