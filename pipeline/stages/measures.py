"""Measure stage: which published measure each claim reports, from the report's wording.

``assign_measures(text, claims) -> list[Claim]`` reads the claims as ``pipeline.stages.claims`` makes
them and returns new claims with ``measure`` set to an id of ``pipeline.reference.catalogue.CATALOGUE``,
or None. Offsets are the claims' own (half-open ``[start, end)`` into ``text``); nothing else
changes. Comparators carry no measure: they measure what their claim measures.

Precision first: a claim gets an id only when its own words name the measure; null is better
than a wrong id. How a claim's words are found:

1. The claim's sentence is cut at the other values in it (claims and comparators), so each value
   has the words *before* it (back to the previous value) and *after* it (up to the next one),
   each also cut at ";" and ":" (a new clause).
2. The side that describes the value is read first. A value that is the subject of its clause
   ("64% of people who use services felt safe") is described *after* it; a value that is
   predicated ("turnover was 9%", "a population of 263,490", "vacancy rate (9.34%)", "making
   up 22% of the population") *before* it. The other side is read when the first names no
   measure, except that a subject value whose words after it describe it ("84% of people
   receiving home care, ...") never borrows the words of the clause before it.
3. A change is not a level: "rose by 3%", "an increase of 15.5%" get no measure; nor does a
   number defining a scale ("1st being most deprived") or a predicated value whose own words
   name an average ("than the England average aged 18-64 (60.57%)": the comparison's figure).
4. Each measure whose cue matches on the side read is a candidate; its unit, value bounds,
   required context, exclusions and, for the survey topics asked of both, the population
   (people who use services or unpaid carers) must hold. The nearest remaining cue wins (at
   the same distance, the longer: "services made them feel safe" over "feel safe").
5. The population is read from the claim's words, then its sentence, then the sentence
   before when the sentence refers back ("The same survey showed ..."), then the cited
   survey (an SACE citation is about carers). Context words may come from the sentence or the
   one referred back to ("Its actual spend ... was 30% of the total budget").
"""

from __future__ import annotations

import bisect
import functools
import re
from dataclasses import dataclass

import regex

from pipeline.models import Claim
from pipeline.reference.catalogue import ASCS, BY_ID, CARERS, CATALOGUE, SACE, USERS, Measure


def _words(pattern: str) -> regex.Pattern:
    """Case-insensitive, word-bounded (a pattern may end in a symbol: "aged 65+")."""
    return regex.compile(rf"(?<!\w)(?:{pattern})(?!\w)", regex.IGNORECASE)


@dataclass(frozen=True, eq=False)  # hashed by identity: one per measure
class _Compiled:
    """A measure's patterns, each list compiled when a claim first gets that far in ``_fits``
    (a quarter of them are never needed on a report: 3 ms of a fresh process's start)."""

    measure: Measure

    @functools.cached_property
    def context(self) -> tuple[regex.Pattern, ...]:
        return tuple(map(_words, self.measure.context))

    @functools.cached_property
    def excludes(self) -> tuple[regex.Pattern, ...]:
        return tuple(map(_words, self.measure.excludes))

    @functools.cached_property
    def excludes_anywhere(self) -> tuple[regex.Pattern, ...]:
        return tuple(map(_words, self.measure.excludes_anywhere))


_MEASURES = tuple(_Compiled(m) for m in CATALOGUE)
# Each distinct cue once, with the measures it names (a survey topic names two: one for people
# who use services, one for carers).
_NAMED: dict[str, list[_Compiled]] = {}
for _compiled in _MEASURES:
    for _cue in _compiled.measure.cues:
        _NAMED.setdefault(_cue, []).append(_compiled)
# Cues are lower case and run on lowered text with the standard ``re`` (several times faster
# than case-insensitive matching for this one long alternation, which every value's words meet).
_CUES = tuple((re.compile(rf"(?<!\w)(?:{cue})(?!\w)"), tuple(named)) for cue, named in _NAMED.items())
# Any cue at all, in one pass: where it hits, each cue that may start with the character there
# is tried at that place.
_ANY_CUE = re.compile(rf"(?<!\w)(?:{'|'.join(_NAMED)})(?!\w)")


def _first_characters(pattern: str) -> frozenset[str] | None:
    """The characters a match of ``pattern`` (no flags) can start with; None when not known
    (a class such as ``\\w`` first, a pattern that may match nothing, a construct not read here):
    such a pattern is tried everywhere. Read from the pattern's parse tree (``re._parser``)."""
    try:
        # typeshed leaves out re's private modules; read on purpose, guarded by the ImportError below
        from re import _constants as sre  # type: ignore[attr-defined]
        from re import _parser as parser  # type: ignore[attr-defined]
    except ImportError:  # another Python's internals: every cue is tried at every hit
        return None

    def first(items) -> tuple[set[str], bool] | None:  # (characters, may match nothing)
        out: set[str] = set()
        for op, av in items:
            if op in (sre.AT, sre.ASSERT, sre.ASSERT_NOT):  # zero-width: "(?<!\w)", "(?! to)"
                continue
            if op is sre.LITERAL:
                out.add(chr(av))
                return out, False
            if op is sre.IN:  # "[- ]": literals and ranges only
                for kind, value in av:
                    if kind is sre.LITERAL:
                        out.add(chr(value))
                    elif kind is sre.RANGE:
                        out.update(map(chr, range(value[0], value[1] + 1)))
                    else:
                        return None
                return out, False
            if op in (sre.SUBPATTERN, sre.BRANCH, sre.MAX_REPEAT, sre.MIN_REPEAT):
                parts = [av[-1]] if op is sre.SUBPATTERN else av[1] if op is sre.BRANCH else [av[2]]
                empty = False
                for part in parts:
                    found = first(part)
                    if found is None:
                        return None
                    out |= found[0]
                    empty |= found[1]
                if op in (sre.MAX_REPEAT, sre.MIN_REPEAT) and av[0] == 0:
                    empty = True  # "(?:in )?paid employment": the next item may come first
                if not empty:
                    return out, False
                continue
            return None
        return out, True

    try:
        found = first(parser.parse(pattern))
    except Exception:  # noqa: BLE001 - internals of another version: not known
        return None
    return frozenset(found[0]) if found is not None and not found[1] else None


_FIRST = [(pattern, named, _first_characters(cue)) for (pattern, named), cue in zip(_CUES, _NAMED)]
# Character at a hit -> the cues that may start there, in ``_CUES`` order (the order decides
# between two cues of one measure at the same distance); other characters: the unknown ones
_CUES_STARTING: dict[str, tuple] = {
    ch: tuple((p, n) for p, n, chars in _FIRST if chars is None or ch in chars)
    for ch in set().union(*(chars for _, _, chars in _FIRST if chars is not None))
}
_CUES_ANYWHERE = tuple((p, n) for p, n, chars in _FIRST if chars is None)

# A value whose description precedes it: "turnover was 9%", "a population of 263,490",
# "vacancy rate (9.34%)", "making up 22% of the population", "is rated 68th", "score of 3",
# "people of working age at 63.15%", "offered to 2.9% of", "taken up by 26% of people", with an
# optional hedge before the number ("of around").
_PREDICATED = regex.compile(
    r"(?:\b(?:was|were|is|are|been|of|at|to|by|stood at|stands at|totalled|totals|reached|"
    r"rated|ranked|ranks as|ranking|placing it|placed|making up|make up|makes up|"
    r"accounting for|accounts for|account for|accounted for|representing|represents|comprising|"
    r"form|forms|formed|forming|constitute|constitutes|constituted|"  # under 18 form 22.5%
    r"(?:recorded|estimated|given|reported|counted|put|placed) (?:as|at)|"  # recorded as 210,460
    r"sits|sat|positioned)|[(:=])"  # sits 88th of 151
    r"\s*(?:(?:around|about|approximately|roughly|over|nearly|almost|just over|just under|some|"
    r"only|the|a|an)\s+)*$",
    regex.IGNORECASE,
)
# The last word (or symbol) of every match of _PREDICATED, for _may_end_with
_PREDICATED_ENDINGS = (
    "was",
    "were",
    "is",
    "are",
    "been",
    "of",
    "at",
    "to",
    "by",
    "totalled",
    "totals",
    "reached",
    "rated",
    "ranked",
    "as",
    "ranking",
    "it",
    "placed",
    "up",
    "for",
    "representing",
    "represents",
    "comprising",
    "form",
    "forms",
    "formed",
    "forming",
    "constitute",
    "constitutes",
    "constituted",
    "sits",
    "sat",
    "positioned",
    "(",
    ":",
    "=",
    "around",
    "about",
    "approximately",
    "roughly",
    "over",
    "nearly",
    "almost",
    "under",
    "some",
    "only",
    "the",
    "a",
    "an",
)
# Words right after a subject value that do not describe it: a comparison, the clause's end
# ("; 37.37% compared to the England average of 30.02%", "Staffordshire (23.66%) compared").
_NOT_DESCRIBED_AFTER = regex.compile(
    r"^[\s,)\]]*(?:$|[.;:(]|(?:compared|which|than|against|when|whereas|while|but|as compared|"
    r"in line|similar|slightly|significantly|much|higher|lower|above|below|better|worse|"
    r"the england|england|nationally|respectively)\b)",
    regex.IGNORECASE,
)
# A change, not a level: "fell by 3%", "an increase of 15.5% in people aged 65 and over". ("taken
# up by 26% of people" is no change: "by" after a verb of change only.)
_CHANGE_BEFORE = regex.compile(
    r"(?:\b(?:increas|decreas|rose|risen|ris(?:e|es|ing)|fell|fall|reduc|drop|grew|grow|declin|"
    r"improv|chang|went (?:up|down)|cut)\w*(?: \w+){0,3}? by|"
    r"\b(?:an? )?(?:increase|decrease|rise|fall|reduction|drop|growth|change|improvement|decline) "
    r"(?:of|in))\s*(?:(?:around|about|approximately|over|nearly|almost|some)\s+)?$",
    regex.IGNORECASE,
)
# The last word of every match of _CHANGE_BEFORE, for _may_end_with
_CHANGE_BEFORE_ENDINGS = (
    "by",
    "of",
    "in",
    "around",
    "about",
    "approximately",
    "over",
    "nearly",
    "almost",
    "some",
)
# "a 20% increase in demand", "2 percentage points higher"
_CHANGE_AFTER = regex.compile(
    r"^\s*(?:percentage points?\b|(?:increase|decrease|rise|fall|reduction|drop|growth|uplift|"
    r"improvement|decline)\b)",
    regex.IGNORECASE,
)
# The value defines a scale: "(1st being most deprived)", "1 is the least deprived".
_SCALE_AFTER = regex.compile(r"^\s*(?:being|is the|are the|=)\s", regex.IGNORECASE)
# The value is the comparison's, not the council's: "smaller than the England average aged 18-64
# (60.57%)" (a predicated value whose own words name the average).
_AVERAGE_BEFORE = regex.compile(
    r"\b(?:england|national|regional|london|the) averages?\b|\bnationally\b", regex.IGNORECASE
)
# A clause boundary inside a sentence: "data from the carers' survey: 87% of ..."
_CLAUSE_BREAK = regex.compile(r"[;:]")

# Who a survey value is about. "unpaid carers", "carers in Hallam", "people who care for a
# relative", "those who look after a family member"
_CARERS = _words(
    r"carers?|(?:people|those|adults|residents) who (?:care|cared) for|"
    r"(?:people|those|adults|residents) who (?:look|looked) after"
)
# "people who use services", "people who used adult social care services", "service users"
_USERS = _words(
    r"people|service users?|(?:adults|those|residents) who (?:use|used|receive|received|draw on)|"
    r"respondents|clients"
)


# The sentence refers back to the one before: "The same survey showed ...", "Its actual spend
# was ...", "This survey also found ...". ``_refers_back`` finds what this pattern finds, faster;
# the pattern is what the tests check that against (compiled only then).
def _refers_back_pattern() -> regex.Pattern:
    return regex.compile(
        r"^\W*(?:its|this|these|that|those|it|they|their|the same)\b|"
        r"\b(?:the same|this|that|the) (?:survey|data|dataset|collection|report)\b (?:also |further )?"
        r"(?:showed|shows|found|indicated|indicates|reported|said)",
        regex.IGNORECASE,
    )


# _refers_back_pattern's two halves: its first words, else a survey that showed (searched only in a
# sentence holding one of its verbs: most hold none)
_REFERS_BACK_START = regex.compile(
    r"\W*(?:its|this|these|that|those|it|they|their|the same)\b", regex.IGNORECASE
)
_REFERS_BACK_SURVEY = regex.compile(
    r"\b(?:the same|this|that|the) (?:survey|data|dataset|collection|report)\b (?:also |further )?"
    r"(?:showed|shows|found|indicated|indicates|reported|said)",
    regex.IGNORECASE,
)
_REFERS_BACK_VERBS = ("showed", "shows", "found", "indicated", "indicates", "reported", "said")
# Characters that case-insensitive matching folds to an ASCII letter other than their own case
# pair ("İ" and "ı" to "i", "ſ" to "s", the Kelvin sign to "k"): words holding one are always
# searched, never pre-checked in lower case
_FOLDS_TO_ASCII_LETTER = "\u0130\u0131\u017f\u212a"


def _may_end_with(words: str, endings: tuple[str, ...]) -> bool:
    """False only when no pattern whose matches end in one of ``endings`` (lower case, matched
    in any case) then ``\\s*$`` can match at the end of ``words``: a pre-check for the patterns
    anchored at the value, which the regex module otherwise tries at every position. Exact:
    ``str.rstrip`` strips every character ``\\s`` matches (and four control characters more,
    which only make the check pass)."""
    if any(ch in words for ch in _FOLDS_TO_ASCII_LETTER):
        return True
    return words.rstrip().lower().endswith(endings)


def _refers_back(sentence: str) -> bool:
    """``_refers_back_pattern().search(sentence)``, with its verbs looked for before its second half."""
    if _REFERS_BACK_START.match(sentence):
        return True
    if not any(ch in sentence for ch in _FOLDS_TO_ASCII_LETTER):
        lowered = sentence.lower()
        if not any(verb in lowered for verb in _REFERS_BACK_VERBS):
            return False
    return _REFERS_BACK_SURVEY.search(sentence) is not None


# The last sentence before a position: back to the previous sentence-final stop or line break.
_SENTENCE_END = regex.compile(r"(?:[.!?][)\"'”’]*\s+|\n)(?=\S)")


@dataclass(frozen=True)
class _Words:
    """What a claim's measure is decided from."""

    before: str  # back to the previous value (clause-cut)
    whole_before: str  # back to the previous value
    after: str  # up to the next value (clause-cut)
    sentence: str
    previous: str  # the sentence before, when this one refers back; else ""


# A number that is part of an age band is a word of a description, not a value that ends one:
# "in the 65+ population", "residents under 18 (20.1%)", "aged 18 to 64", "over 90".
_AGE_BEFORE = regex.compile(r"\b(?:aged|under|over|age of|ages|older than)\s*$", regex.IGNORECASE)
_AGE_AFTER = regex.compile(
    r"^(?:\+|\s*(?:to|-|–|and)\s*\d|\s*(?:years? )?(?:and|or) (?:over|older))", regex.IGNORECASE
)


def _age_number(text: str, claim: Claim) -> bool:
    return (
        claim.unit == "count"
        and claim.value <= 120
        and bool(
            _AGE_BEFORE.search(text[max(0, claim.start - 12) : claim.start])
            or _AGE_AFTER.search(text[claim.end : claim.end + 12])
        )
    )


def assign_measures(text: str, claims: list[Claim]) -> list[Claim]:
    """The claims with ``measure`` set (an id of ``pipeline.reference.catalogue.CATALOGUE``, or None)."""
    return measures_and_clauses(text, claims)[0]


Clause = tuple[str, str, frozenset[str]]  # words before the value, after it, measures rejected


def measures_and_clauses(text: str, claims: list[Claim]) -> tuple[list[Claim], dict[str, Clause]]:
    """``assign_measures``, and for each claim left open to the measure model (no id, none
    ruled out: not a change, a scale's number, an average's figure or an age) what the model
    reads of it, by claim id: the same as ``clauses(text, claims, open_only=True)``."""
    values_by_sentence = _value_spans(text, claims)
    sentences: dict[tuple[int, int], _Sentence] = {}
    out = []
    open_claims: dict[str, Clause] = {}
    for claim in claims:
        key = (claim.sentence.start, claim.sentence.end)
        if key not in sentences:
            sentences[key] = _Sentence.of(text, key, values_by_sentence[key])
        words = _words_of(text, claim, sentences[key])
        measure, outside, rejected = _decide(claim, words)
        if measure is None and rejected is not None and not _age_number(text, claim):
            open_claims[claim.id] = (words.whole_before, words.after, rejected)
        out.append(with_measure(claim, measure, outside))
    return out, open_claims


def with_measure(
    claim: Claim, measure: str | None, outside: str | None = None, update: dict | None = None
) -> Claim:
    """The claim with ``measure`` set and, when it has one, the measure's unit (units follow
    the measure: an Index of Multiple Deprivation decile read as a bare count is a ``score``).
    ``outside``: the measure its words name but whose range its value is outside (for the check
    stage's warning)."""
    changes = dict(update or {})
    if measure != claim.measure:
        changes["measure"] = measure
    if measure is not None and BY_ID[measure].unit != claim.unit:
        changes["unit"] = BY_ID[measure].unit
    out = claim.model_copy(update=changes) if changes else claim
    if outside != out._outside_range:
        if out is claim:
            out = claim.model_copy()
        out._outside_range = outside
    return out


def _value_spans(text: str, claims: list[Claim]) -> dict[tuple[int, int], list[tuple[int, int]]]:
    """Sentence span -> the spans of the values in it (claims and comparators), in order."""
    values_by_sentence: dict[tuple[int, int], list[tuple[int, int]]] = {}
    for claim in claims:
        key = (claim.sentence.start, claim.sentence.end)
        spans = values_by_sentence.setdefault(key, [])
        if not _age_number(text, claim):
            spans.append((claim.start, claim.end))
        spans.extend((c.start, c.end) for c in claim.comparators if key[0] <= c.start and c.end <= key[1])
    for spans in values_by_sentence.values():
        spans.sort()
    return values_by_sentence


@dataclass(frozen=True)
class _Sentence:
    """What every claim of one sentence shares (computed once: a sentence may hold hundreds)."""

    start: int
    end: int
    text: str
    previous: str  # the sentence before, when this one refers back; else ""
    spans: list[tuple[int, int]]
    starts: list[int]  # of the value spans, sorted
    ends: list[int]  # of the value spans, sorted

    @classmethod
    def of(cls, text: str, key: tuple[int, int], spans: list[tuple[int, int]]) -> _Sentence:
        sentence = text[key[0] : key[1]]
        previous = _previous_sentence(text, key[0]) if _refers_back(sentence) else ""
        return cls(
            key[0],
            key[1],
            sentence,
            previous,
            spans,
            sorted(s for s, _ in spans),
            sorted(e for _, e in spans),
        )


def _words_of(text: str, claim: Claim, sentence: _Sentence) -> _Words:
    # The claim's own earlier value shares its words: "Staff turnover fell from 34% to 29%".
    own_previous = {(k.start, k.end) for k in claim.comparators if k.kind == "previous"}
    if own_previous:
        spans = [span for span in sentence.spans if span not in own_previous]
        low = max([e for _, e in spans if e <= claim.start] + [sentence.start])
        high = min([s for s, _ in spans if s >= claim.end] + [sentence.end])
    else:
        at = bisect.bisect_right(sentence.ends, claim.start)
        low = max(sentence.ends[at - 1], sentence.start) if at else sentence.start
        at = bisect.bisect_left(sentence.starts, claim.end)
        high = min(sentence.starts[at], sentence.end) if at < len(sentence.starts) else sentence.end
    # markup around a value ("a value of **2%**") is not words
    before = whole_before = text[low : claim.start].rstrip("*_")
    cut = max(before.rfind(";"), before.rfind(":"))  # the last _CLAUSE_BREAK
    if cut >= 0:
        before = before[cut + 1 :]
    after = text[claim.end : max(high, claim.end)].lstrip("*_")
    cuts = [at for at in (after.find(";"), after.find(":")) if at >= 0]  # the first _CLAUSE_BREAK
    if cuts:
        after = after[: min(cuts)]
    return _Words(
        before=before,
        whole_before=whole_before,
        after=after,
        sentence=sentence.text,
        previous=sentence.previous,
    )


def _previous_sentence(text: str, start: int) -> str:
    window = text[max(0, start - 600) : start].rstrip()
    ends = list(_SENTENCE_END.finditer(window))
    return window[ends[-1].end() :] if ends else window


_TAIL = 60  # characters: the longest predicating or change phrase before a value, with room


def _changes_or_defines(words: _Words, tail: str) -> bool:
    """A change ("rose by 3%", "a 20% increase") or a number defining a scale: no measure."""
    return bool(
        _may_end_with(tail, _CHANGE_BEFORE_ENDINGS)
        and _CHANGE_BEFORE.search(tail)
        or _CHANGE_AFTER.search(words.after)
        or _SCALE_AFTER.search(words.after)
    )


def clauses(
    text: str, claims: list[Claim], open_only: bool = False
) -> dict[str, tuple[Claim, str, str, frozenset[str]]]:
    """Claim id -> (claim, the words before its value back to the previous value, the words
    after it up to the next value or clause break, the measures its words name that the rules
    found do not fit it): what the measure model reads. With ``open_only``, only the claims
    without a measure whose words rule none out (not a change, a scale's number, an average's
    figure or an age in a band)."""
    values_by_sentence = _value_spans(text, claims)
    sentences: dict[tuple[int, int], _Sentence] = {}
    out = {}
    for claim in claims:
        if open_only and (claim.measure is not None or _age_number(text, claim)):
            continue
        key = (claim.sentence.start, claim.sentence.end)
        if key not in sentences:
            sentences[key] = _Sentence.of(text, key, values_by_sentence[key])
        words = _words_of(text, claim, sentences[key])
        rejected = _decide(claim, words)[2] if claim.measure is None else _NOTHING
        if open_only and rejected is None:
            continue
        out[claim.id] = (claim, words.whole_before, words.after, rejected or _NOTHING)
    return out


def decide(claim: Claim, words: _Words) -> str | None:
    """The claim's measure id, or None. Pure: depends on the claim and the words only."""
    return _decide(claim, words)[0]


_NOTHING: frozenset[str] = frozenset()


def _decide(claim: Claim, words: _Words) -> tuple[str | None, str | None, frozenset[str] | None]:
    """(the claim's measure id or None, the measure its words name but whose valid range its
    value is outside or None, the measures its words name that do not fit it: an exclusion, a
    missing context, a unit it is not read from; not a population left unknown. None when the
    words rule every measure out: a change, a scale's number, the comparison's figure)."""
    # the patterns anchored at the value need only its last words
    tail = words.before[-_TAIL:]
    if _changes_or_defines(words, tail):
        return None, None, None
    predicated = _may_end_with(tail, _PREDICATED_ENDINGS) and bool(_PREDICATED.search(tail))
    if predicated and _AVERAGE_BEFORE.search(words.before):
        return None, None, None
    if predicated:
        sides = [("before", words.before), ("after", words.after)]
    elif claim.unit == "rank" or _NOT_DESCRIBED_AFTER.search(words.after):
        # a rank describes what it ranks on either side ("the 37th most deprived", "The IMD
        # places the borough 102nd")
        # "; 37.37% compared to the England average": a bare figure restating the clause before
        before = words.before if words.before.strip() else words.whole_before
        sides = [("after", words.after), ("before", before)]
    else:
        sides = [("after", words.after)]
    population: list[str | None] = []  # found when first needed
    for side, side_text in sides:
        nearest = _nearest_cues(side, side_text)
        found, outside, rejected = [], [], []
        for compiled, (distance, length, scope) in nearest.items():
            if compiled.measure.population is not None and not population:
                population.append(_population(claim, words))
            fit = _fits(compiled, claim, words, population[0] if population else None, scope)
            if fit is _FITS:
                found.append((distance, -length, compiled.measure.id))
            elif fit is _OUTSIDE:
                outside.append((distance, -length, compiled.measure.id, compiled, scope))
            elif fit is _NOT:
                rejected.append(compiled.measure.id)
        if found:
            # the nearest cue wins; at the same place the longer ("services made them feel
            # safe" over "feel safe")
            found.sort()
            if len(found) > 1 and found[0][:2] == found[1][:2]:
                return None, None, _NOTHING  # two measures named at the same place: undecided
            return found[0][2], None, _NOTHING
        if nearest:
            # the describing side names a measure that does not fit: look no further (the
            # nearest named whose range alone the value is outside is the one warned of)
            named_outside = next(
                (
                    o[2]
                    for o in sorted(outside, key=lambda o: o[:3])
                    if _fits(
                        o[3], claim, words, population[0] if population else None, o[4], check_range=False
                    )
                    is _FITS
                ),
                None,
            )
            return None, named_outside, frozenset(rejected)
    return None, None, _NOTHING


# How far beyond a cue an exclusion is looked for: two words ("White[ British]", "break from
# caring[ at short] notice", "[other] White").
_TWO_WORDS_AFTER = regex.compile(r"(?:\W+\w+){0,2}")
_TWO_WORDS_BEFORE = regex.compile(r"(?:\w+\W+){0,2}$")


def _nearest_cues(side: str, side_text: str) -> dict[_Compiled, tuple[int, int, str]]:
    """Measure -> (distance from the value, length of the cue, the words from it to the value)."""
    nearest: dict[_Compiled, tuple[int, int, str]] = {}
    side_text = side_text.lower()
    hit = _ANY_CUE.search(side_text)
    while hit is not None:
        for pattern, named in _CUES_STARTING.get(side_text[hit.start()], _CUES_ANYWHERE):
            match = pattern.match(side_text, hit.start())
            if match is None:
                continue
            if side == "before":
                distance = len(side_text) - match.end()
                lead = side_text[max(0, match.start() - 40) : match.start()]
                scope = lead[_TWO_WORDS_BEFORE.search(lead).start() :] + side_text[match.start() :]
            else:
                distance = match.start()
                reach = _TWO_WORDS_AFTER.match(side_text, match.end())
                scope = side_text[: reach.end()]
            for compiled in named:
                if compiled not in nearest or distance < nearest[compiled][0]:
                    nearest[compiled] = (distance, match.end() - match.start(), scope)
        hit = _ANY_CUE.search(side_text, hit.start() + 1)  # cues may overlap
    return nearest


_FITS, _OUTSIDE, _NOT, _OTHER_POPULATION = "fits", "outside its range", "does not fit", "another population"


def _fits(
    compiled: _Compiled,
    claim: Claim,
    words: _Words,
    population: str | None,
    scope: str,
    check_range: bool = True,
) -> str:
    """``_FITS``; ``_OUTSIDE`` when the value is outside the measure's valid range (a share over
    100, a decile of 14: checked first, as it is cheap, so the rest is not; ``_decide`` checks it
    for the one it warns of); ``_OTHER_POPULATION``; else ``_NOT``."""
    measure = compiled.measure
    if claim.unit not in measure.units:
        return _NOT
    if check_range and not in_range(measure, claim.value):
        return _OUTSIDE
    if measure.population is not None and population != measure.population:
        return _OTHER_POPULATION
    if any(pattern.search(scope) for pattern in compiled.excludes):
        return _NOT
    if any(
        pattern.search(words.whole_before) or pattern.search(words.after)
        for pattern in compiled.excludes_anywhere
    ):
        return _NOT
    if compiled.context:
        where = words.sentence + " " + words.previous
        if not any(pattern.search(where) for pattern in compiled.context):
            return _NOT
    return _FITS


def in_range(measure: Measure, value: float) -> bool:
    """The measure's valid range (a share is 0-100, a decile 1-10)."""
    low, high = measure.bounds
    return (low is None or value >= low) and (high is None or value <= high)


def _population(claim: Claim, words: _Words) -> str | None:
    """Whom a survey value is about: people who use services, unpaid carers, or unknown."""
    for scope in (words.before + " " + words.after, words.sentence, words.previous):
        carers, users = bool(_CARERS.search(scope)), bool(_USERS.search(scope))
        if carers:
            return CARERS
        if users:
            return USERS
    if claim.source is not None:
        if claim.source.name == SACE:
            return CARERS
        if claim.source.name == ASCS:
            return USERS
    return None
