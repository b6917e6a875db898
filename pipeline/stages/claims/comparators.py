"""Comparators: the rows of ``RULES`` that make a number a comparator (or an earlier value of
another), and the judgement phrases of a sentence (linking them to claims is ``linking``'s).

- rows, after units are annotated: ranks among comparable authorities ("the fourth highest of 15
  comparable local authorities"), kind cues before a value ("the England average of 93.71%") or
  after it ("9.9% across the region"), lists going on ("averages of 0.25% and 8.06%
  respectively"), earlier values ("from 1518 to 1337", "had increased to 68%", "down from 1,450");
- ``_judgement_spans``: the report's judgement words in a sentence ("slightly better", "in line
  with"), which ``linking`` gives the comparator they judge.

Reads: a ``_Context`` (the rows); a sentence's spaCy doc (judgement phrases).
Writes: the mentions' ``role``, ``kind``, ``target`` and ``unit`` (the mentions are the stage's
working state, made per sentence).
"""

from __future__ import annotations

from typing import cast

import regex

from pipeline.models import ComparatorKind
from pipeline.reference import lexicon
from pipeline.reference.lexicon import MONTHS
from pipeline.stages.claims.context import _CLOSE_BRACKET, _Context
from pipeline.stages.claims.numbers import _judgement_matcher, _Mention
from pipeline.stages.claims.shortcuts import _may_end_with

_MONTHS = "|".join(MONTHS)


def _comparator(m: _Mention, kind: ComparatorKind, qualifier_reset: bool = True) -> bool:
    m.kind = kind
    if qualifier_reset:
        m.qualifier = None
    return True


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
# Ranks: "the fourth highest of 15 comparable local authorities", "12th of 16"

# The denominator of a rank defines the rank's scale: no value, no comparator, whatever group it
# names (issue 17, class 3; the annotation guide treats every denominator of a rank as part of the
# scale). Its grammar, one of:
_POSSESSOR = r"(?:(?:the|its|their|England['’]s|the\s+[\w-]+['’]s|[A-Z][\w-]*['’]s)\s+)?"
# (a) after a numbered rank: "12th of 16", "the second highest of 14 comparable councils", "3rd out
# of 15", "placed 9th among 16 similar councils", "the third largest of the region's 12 councils",
# "the 140th most deprived of 151 areas", "rated 131 out of 152"
_RANK_OF = regex.compile(
    r"\s+(?:(?:(?:most|least)\s+[a-z-]+|"
    + "|".join(w for w in lexicon.RANK_SUPERLATIVES if w not in ("most", "least"))
    + r")\s+(?:[a-z-]+\s+)?)?(?:out\s+of|of|among|amongst)\s+"
    + _POSSESSOR
)
# (b) after a superlative with no number: "the lowest rate among its 16 statistical neighbours",
# "the lowest of 16 councils" ("of" only right after the superlative: "the highest rate of 52
# per 100,000" is a value)
_SUPERLATIVE_AMONG = regex.compile(
    r"\b(?:(?:most|least)\s+[a-z-]+|"
    + "|".join(w for w in lexicon.RANK_SUPERLATIVES if w not in ("most", "least"))
    + r")\s+(?:(?:[\w-]+\s+){0,3}?(?:out\s+of|among|amongst)|of|out\s+of)\s+"
    + _POSSESSOR
    + r"$",
    regex.IGNORECASE,
)
_SUPERLATIVE_AMONG_ENDINGS = ("of", "among", "amongst", "the", "its", "their", "s")  # for _may_end_with
# (c) before the rank, opening its sentence: "Of the 151 upper-tier councils, Ashvale ranked 40th"
_OF_THE_BEFORE = regex.compile(r"^\W*(?:out\s+)?of\s+(?:the\s+|all\s+)?$", regex.IGNORECASE)
_RANKED_GROUP_AFTER = regex.compile(
    r"\s+(?:[\w-]+\s+){0,2}?(?:councils|authorities|areas|boroughs|districts|counties|neighbours|comparators)\b",
    regex.IGNORECASE,
)


def _rank_scale(c: _Context) -> bool:
    """ "ranked 117th out of 153", "the second highest of 14 comparable councils", "the lowest rate
    among its 16 statistical neighbours", "Of the 151 councils, it ranked 40th": a rank's
    denominator only defines the scale of the rank."""
    m, prev = c.m, c.prev
    if prev is not None and prev.unit == "rank" and _RANK_OF.fullmatch(c.text, prev.end, m.start):
        return True
    if _may_end_with(c.left_bounded, _SUPERLATIVE_AMONG_ENDINGS) and _SUPERLATIVE_AMONG.search(
        c.left_bounded
    ):
        return True
    return bool(
        _OF_THE_BEFORE.match(c.left)
        and _RANKED_GROUP_AFTER.match(c.right)
        and any(x.unit == "rank" for x in c.mentions[c.index + 1 :])
    )


# ---------------------------------------------------------------------------------------------
# Kind cues before or after the value, and lists
_CUE_TAIL = (
    r"(?:\s+(?:of|was|is|at|for\s+England|which\s+was|being|were|stood\s+at|figure\s+of|rate\s+of)"
    r"|\s+for\s+[^.;,()%£\d]{1,60}?\s+(?:is|was|were|of))?\s*[(:]?\s*$"
)  # England average for this group is
# "the England average of" 93.71%, "a target of" 70%: each kind's cues right before the value
_COMPARATOR_CUES = [
    (kind, regex.compile(r"\b(?:" + "|".join(frags) + r")" + _CUE_TAIL, regex.IGNORECASE))
    for kind, frags in lexicon.COMPARATOR_CUES.items()
]


def _comparator_cue(c: _Context) -> bool:
    """ "the England average of 93.71%", "a target of 70%": a kind cue right before the value."""
    for kind, cue in _COMPARATOR_CUES:
        if cue.search(c.left_bounded):
            return _comparator(c.m, kind)
    return False


# "compared with 9.9% across the region": a comparison ends right before the value
# (a lookbehind matched at the value's start: one test at one position, no scan)
_COMPARISON_LEAD = regex.compile(
    r"(?<=\b(?:"
    + "|".join(lexicon.COMPARISON_LEADS)
    + r")\s+(?:the\s+)?(?:approximately\s+|around\s+|about\s+)?)",
    regex.IGNORECASE,
)

# "75% regionally", "10.6% nationally", "60 in Q2", "1,450 in March 2024": the kind after a value
_CUE_AFTER_DATE = r"in\s+(?:(?:Q[1-4]|" + _MONTHS + r")\s+)?(?:19|20)\d{2}(?:\s*/\s*\d{2,4})?\b"
_COMPARATOR_CUES_AFTER = regex.compile(  # one pattern: the kind is its group
    r"(?:\s+(?:working\s+)?(?:days?|weeks?|months?|years?|people)"  # 30 days in the region
    r"|\s+per\s+100,?000(?:\s+(?:of\s+the\s+)?population)?)?"  # 52.1 per 100,000 regionally
    r"\s*,?\s*(?:"
    + "|".join(
        f"(?P<{kind}>" + "|".join(frags) + ")"
        for kind, frags in {
            **lexicon.COMPARATOR_CUES_AFTER,
            "previous": (*lexicon.COMPARATOR_CUES_AFTER["previous"], _CUE_AFTER_DATE),
        }.items()
    )
    + r")\b",
    regex.IGNORECASE,
)


def _cue_after(text: str, end: int) -> tuple[ComparatorKind, int] | None:
    """The comparator kind a cue right after a value names, and the cue's end."""
    match = _COMPARATOR_CUES_AFTER.match(text, end)
    # the pattern's groups are named by lexicon.COMPARATOR_CUES_AFTER's keys, the kinds
    return (cast("ComparatorKind", match.lastgroup), match.end()) if match else None


def _comparison_with_cue_after(c: _Context) -> bool:
    """ "compared with 9.9% across the region and 10.6% nationally": a comparison lead, the kind after."""
    m, prev = c.m, c.prev
    if not (
        prev is not None
        and prev.cue_end is not None
        and _LIST_JOIN.match(c.text[prev.cue_end : m.start])
        or _COMPARISON_LEAD.match(c.text, m.start)
    ):
        return False
    after = _cue_after(c.text, m.end)
    if after is None:
        return False
    m.cue_end = after[1]
    return _comparator(m, after[0])


# "below the average of 14.0% among its statistical neighbours": a generic average before the value
_AVERAGE_LEAD = regex.compile(r"(?<=\b(?:" + "|".join(lexicon.AVERAGE_LEADS) + r")\s+)", regex.IGNORECASE)


def _average_with_cue_after(c: _Context) -> bool:
    """ "below the average of 14.0% among its statistical neighbours": a generic average, kind after."""
    if not _AVERAGE_LEAD.match(c.text, c.m.start):
        return False
    after = _cue_after(c.text, c.m.end)
    if after is None or after[0] == "previous":
        return False
    c.m.cue_end = after[1]
    return _comparator(c.m, after[0])


# "a median of 34 days against 21 days for White British people": the claim's unit, no kind cue
_OTHER_LEAD = regex.compile(
    r"(?<=\b(?:" + "|".join(lexicon.OTHER_COMPARISON_LEADS) + r")\s+)", regex.IGNORECASE
)

# A new clause ("95% were discharged home, and the fund ..."), not a list going on (", and 22.38%")
_CLAUSE_BREAK = regex.compile(r";|,\s*(?:and|but|while|whereas|although)\b(?!\s+£?\d)")


def _against_same_unit(c: _Context) -> bool:
    """ "a median of 34 days against 21 days for White British people": the claim's unit, no kind."""
    m, prev = c.m, c.prev
    if (
        prev is not None
        and prev.role == "claim"
        and m.unit is not None
        and m.unit != "rank"
        and prev.unit == m.unit
        and _OTHER_LEAD.match(c.text, m.start)
        and not _CLAUSE_BREAK.search(c.text, prev.end, m.start)
    ):
        return _comparator(m, "other")
    return False


_CLAUSE_VERB_AFTER = regex.compile(  # , and 83.1% said they
    r"\s+(?:of\s+[a-z]+\s+)?(?:" + "|".join(lexicon.CLAUSE_VERBS) + r")\b"
)
_COMMA_AND = regex.compile(r"^\s*,\s*(?:and|while|whereas)\s*$")


def _clause_after_comparator(c: _Context) -> bool:
    """ "the England average of 70.2%, and 83.1% said they felt secure": after a comparator and a
    comma and "and", a value followed by its verb starts a new clause: a claim, not the list's
    next comparator."""
    prev = c.prev
    return (
        prev is not None
        and prev.role == "comparator"
        and _COMMA_AND.match(c.text[prev.end : c.m.start]) is not None
        and _CLAUSE_VERB_AFTER.match(c.text, c.m.end, c.limit) is not None
    )


# "England averages of 0.25% and 8.06% respectively": a list continues the previous comparator
_LIST_JOIN = regex.compile(r"^\s*(?:,\s*and|,|and|or)\s*$")
# ... or after the group the first one is for: "the national average of 63 for men and 64 for women"
# (the same group word after the second: "for women")
_LIST_JOIN_GROUP = regex.compile(
    r"^\s*(?P<group>for|among|amongst)\s+[A-Za-z-]+(?:\s+[A-Za-z-]+){0,2}\s*,?\s*(?:and|or)\s*$"
)


def _list_of_comparators(c: _Context) -> bool:
    """ "England averages of 0.25% and 8.06% respectively", "the national average of 71 for men
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


# ---------------------------------------------------------------------------------------------
# Earlier values: "from 1518 to 1337", "had increased to 68%", "down from 1,450"
_OPEN_BRACKET = regex.compile(r"\s*\(\s*")  # 13.2% (41,060)


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


# "from 1518 to 1337", "from 119 days in the year prior to August 2024 to 35 days"
_FROM_BEFORE = regex.compile(r"\bfrom\s+(?:approximately\s+|around\s+|about\s+)?$", regex.IGNORECASE)
_FROM_ENDINGS = ("from", "approximately", "around", "about")  # for _may_end_with
_TO_BETWEEN = regex.compile(
    r"^[^.;£%\d]{0,70}?(?:\d{4}[^.;£%\d]{0,20}?)?\bto\s+(?:approximately\s+|around\s+)?$|^\s*to\s+$"
)

_CHANGE = "|".join(lexicon.CHANGE_WORDS)

# "a reduction from 91 people", "a decline in performance from August 2024, when 90%"
_CHANGE_FROM = regex.compile(
    r"\b(?P<word>" + _CHANGE + r")\b[^.;%£]{0,40}?\bfrom\b[^.;%£]{0,30}?$", regex.IGNORECASE
)


def _from_to(c: _Context) -> bool:
    """ "fell from 1518 to 1337", "rise from 12.1% (30,100) to 15.3% (39,800)": the value after
    "from" is the earlier value of the one after "to" (a count in brackets after either goes with it)."""
    m = c.m
    if not (_may_end_with(c.left_bounded, _FROM_ENDINGS) and _FROM_BEFORE.search(c.left_bounded)):
        return False
    inner, goes_on = _bracketed_after(c.text, c.mentions, c.index)
    k = c.index + (2 if inner is not None else 1)
    nxt = c.mentions[k] if k < len(c.mentions) else None
    if not (nxt is not None and _TO_BETWEEN.match(c.text[goes_on : nxt.start]) and _compatible(m, nxt)):
        return False
    m.target = nxt
    word = _CHANGE_FROM.search(c.text[max(c.sent_start, m.start - 60) : m.start])
    m.comp_qualifier = _judgement_word(word.group("word")) if word else None
    return _comparator(m, "previous", qualifier_reset=False)


def _from_to_bracketed(c: _Context) -> bool:
    """ "from 12.1% (30,100) to 15.3% (39,800)": the count in brackets after the earlier value is
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


# "had increased to 68%", "reduced to 35 days"
_CHANGE_TO = regex.compile(r"\b(?P<word>" + _CHANGE + r")\s+(?:again\s+)?to\s+$", regex.IGNORECASE)
_CHANGE_TO_ENDINGS = ("to",)  # for _may_end_with


def _changed_to(c: _Context) -> bool:
    """ "was 52% and had increased to 68%": this value is the claim; the earlier one in the
    sentence (same unit) becomes its previous value, and its rule this one."""
    change_to = _may_end_with(c.left_bounded, _CHANGE_TO_ENDINGS) and _CHANGE_TO.search(c.left_bounded)
    if not change_to:
        return False
    earlier = [x for x in c.mentions[: c.index] if x.role == "claim" and _compatible(x, c.m)]
    if earlier:
        e = earlier[-1]
        e.role, e.kind, e.target, e.rule = "comparator", "previous", c.m, "changed-to"
        e.comp_qualifier = _judgement_word(change_to.group("word"))
        e.qualifier = None
    return True


_PREVIOUS_CUE_JUDGEMENT = regex.compile(  # 61, down from 75
    r"\b(?:" + "|".join(lexicon.PREVIOUS_CUE_JUDGEMENTS) + r")\s+(?:approximately\s+|around\s+|about\s+)?$",
    regex.IGNORECASE,
)


def _down_or_up_from(c: _Context) -> bool:
    """ "was 61 in May, down from 75 in January": an earlier value whose cue is the judgement."""
    word = _PREVIOUS_CUE_JUDGEMENT.search(c.left_bounded)
    if word is None:
        return False
    c.m.comp_qualifier = word.group("word").lower()
    return _comparator(c.m, "previous", qualifier_reset=False)


# "was 1,020, down from 1,450": an earlier value, right after its cue
_PREVIOUS_CUE = regex.compile(  # (matched like _COMPARISON_LEAD)
    r"(?<=\b(?:" + "|".join(lexicon.PREVIOUS_CUES) + r")\s+(?:approximately\s+|around\s+|about\s+)?)",
    regex.IGNORECASE,
)


def _changed_from(c: _Context) -> bool:
    """ "a reduction from 91 people", "was 1,020, down from 1,450": an earlier value."""
    if _CHANGE_FROM.search(c.left_bounded) or _PREVIOUS_CUE.match(c.text, c.m.start):
        c.m.comp_qualifier = None  # found from the judgement phrases when linking
        return _comparator(c.m, "previous")
    return False


# ---------------------------------------------------------------------------------------------
# Judgement words ("slightly better", "in line with") and which comparator they judge
# After "more"/"fewer"/"less": "than" and a number make a threshold or hedge ("for more than 12
# months, against a target of 15%"), not the report's judgement of a comparison
_THAN_NUMBER = regex.compile(
    r"\s+than\s+(?:£?\d|(?:" + "|".join(lexicon.NUMBER_WORDS) + r")\b)", regex.IGNORECASE
)

_NOT_JUDGEMENT_AFTER = regex.compile(
    r"[\s-]+(?:" + "|".join(lexicon.JUDGEMENT_NOT_BEFORE) + r")\b", regex.IGNORECASE
)

# Before "older", "over": an age bound ("people aged 65 and older compared with"), no judgement
_AGE_OR_MORE_BEFORE = regex.compile(r"\d\s*(?:years?\s+)?(?:and|or)\s+$")

# After a threshold word that is also a judgement ("exceeding 28 days"): a number makes it a threshold
_NUMBER_AFTER = regex.compile(r"\s+£?\d")


def _judgement_spans(doc, sentence: str, start: int) -> list[tuple[int, int, str]]:
    """The judgement phrases of a sentence (its spaCy ``doc`` and its text ``sentence``, at
    ``start`` in the report) as absolute char spans, longest first on overlaps, leaving out the
    words that judge no comparison here ("more than 12 months", "at a lower level")."""
    return [
        (start + span.start_char, start + span.end_char, span.text.lower())
        for span in _filter_longest(doc, _judgement_matcher()(doc, as_spans=True))
        if not _THAN_NUMBER.match(sentence, span.end_char)  # "more than 12 months": a threshold
        and not _NOT_JUDGEMENT_AFTER.match(sentence, span.end_char)  # "at a lower level"
        and not _AGE_OR_MORE_BEFORE.search(sentence, max(0, span.start_char - 20), span.start_char)
        and not (
            span.text.lower() in lexicon.THRESHOLD_WORDS and _NUMBER_AFTER.match(sentence, span.end_char)
        )  # "exceeding 28 days"
    ]


def _filter_longest(doc, spans):
    from spacy.util import filter_spans

    return filter_spans(spans)
