"""The rule table: what each number is (``RULES``), and the record of a decision (``Decision``).

Reads: the rows' tests, from ``drops`` (numbers that are not quantities) and ``comparators``
(comparators and earlier values); a ``_Context`` per number (``context``).
Writes: each mention's ``role`` and ``rule`` (``_classify``; the number stage is run by
``sentences._mentions`` with ``_first_rule``). ``python -m pipeline explain`` shows, for each
number, the name of the row that decided it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from pipeline.stages.claims.comparators import (
    _against_same_unit,
    _average_with_cue_after,
    _changed_from,
    _changed_to,
    _clause_after_comparator,
    _comparator_cue,
    _comparison_with_cue_after,
    _down_or_up_from,
    _from_to,
    _from_to_bracketed,
    _list_of_comparators,
    _rank_scale,
)
from pipeline.stages.claims.context import _annotate, _Context
from pipeline.stages.claims.drops import (
    _SPAN_PATTERNS,
    _acronym_before,
    _age,
    _anecdote_or_relative_time,
    _band_after,
    _defined_group,
    _document_name_number,
    _duration_period_follower,
    _duration_period_leader,
    _duration_threshold,
    _glued_to_letters,
    _hours,
    _label_before,
    _longest_wait,
    _model_name,
    _money_threshold,
    _ordinal_not_rank,
    _percent_band_before,
    _scale_anchor,
    _word_after_no,
    _word_age,
    _word_compound,
    _word_few_of_the,
    _word_in_a_name,
    _word_one,
)
from pipeline.stages.claims.numbers import _Mention

# ---------------------------------------------------------------------------------------------
# The rule table: what each number is. Rows are tried in order and the first that fires
# decides; its name travels with the decision (``_Mention.rule``, ``Decision.rule``, and
# ``python -m pipeline explain``). A number no row takes is a claim (rule "claim").
# Stages, in the order they run:
#   span:     a pattern whose whole match is structure (dates, laws, labels, age bands);
#             numbers inside one are never read as quantities (``drops._SPAN_PATTERNS``);
#   number:   a numeral on its own (its characters and the words right beside it);
#   sentence: a number among the other numbers of its sentence (cues, comparisons, ranks).
#             Rows marked ``units`` read the unit and hedge, annotated before the first of them.
# Adding a rule is adding a row (its test, with a real example in its docstring, in ``drops``
# or ``comparators``) and a test case.


@dataclass(frozen=True)
class Rule:
    name: str
    stage: str  # span | number | sentence
    decides: str  # drop | comparator | claim
    test: Callable[..., Any] | Any = None  # (context) -> bool; a span rule's is its pattern
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


_PLAIN, _RANK, _PERCENT, _MONEY = (
    frozenset([None]),
    frozenset(["rank"]),
    frozenset(["percent"]),
    frozenset(["gbp"]),
)
_PLAIN_OR_RANK, _PLAIN_OR_MONEY, _NOT_MONEY = _PLAIN | _RANK, _PLAIN | _MONEY, _PLAIN | _RANK | _PERCENT

RULES: tuple[Rule, ...] = (
    *(Rule(name, "span", "drop", pattern) for name, pattern in _SPAN_PATTERNS),
    Rule("money-threshold", "number", "drop", _money_threshold, only=_MONEY),
    Rule("glued-to-letters", "number", "drop", _glued_to_letters, only=_NOT_MONEY),
    Rule("percent-band", "number", "drop", _band_after, only=_PERCENT),
    Rule("label-before", "number", "drop", _label_before, only=_PLAIN_OR_RANK),
    Rule("acronym-name", "number", "drop", _acronym_before, only=_PLAIN),
    Rule("document-name-number", "number", "drop", _document_name_number, only=_PLAIN),
    Rule("ordinal-age-or-date", "number", "drop", _ordinal_not_rank, only=_RANK),
    Rule("age-phrase", "number", "drop", _age, only=_PLAIN),
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
    Rule("anecdote-or-relative-time", "sentence", "drop", _anecdote_or_relative_time),
    Rule("hours", "sentence", "drop", _hours),
    Rule("longest-wait", "sentence", "claim", _longest_wait),
    Rule("duration-threshold", "sentence", "drop", _duration_threshold),
    Rule("duration-period", "sentence", "drop", _duration_period_follower),
    Rule("duration-period-leader", "sentence", "drop", _duration_period_leader),
    Rule("rank-scale", "sentence", "drop", _rank_scale, units=True),
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
_NUMBER_RULES_BY_UNIT = {
    unit: tuple(r for r in _NUMBER_RULES if r.only is None or unit in r.only)
    for unit in (None, "rank", "percent", "gbp")
}
_SENTENCE_RULES = tuple(r for r in RULES if r.stage == "sentence")
_NUMERAL_SENTENCE_RULES = tuple(r for r in _SENTENCE_RULES if not r.words)  # for mentions in digits
# Decisions taken outside the table's stages, on whole paragraphs or on the segmentation's
# finding (named here so that ``explain`` can say why; taken in ``__init__``):
_SCORE_LINE_RULE = "score-line-paragraph"  # "Score: 3", "3 - Evidence shows a good standard"
_STATED_SCORE_RULE = "stated-overall-score"  # "Overall rating for Ashcombe: 64%"
# Each name names one decision
assert len({r.name for r in RULES} | {_SCORE_LINE_RULE, _STATED_SCORE_RULE, "claim"}) == len(RULES) + 3
# Every rule after the first that reads units does too (so units are annotated once, in order)
assert all(r.units for r in _SENTENCE_RULES[next(i for i, r in enumerate(_SENTENCE_RULES) if r.units) :])


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
