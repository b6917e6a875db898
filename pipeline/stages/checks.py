"""Consistency checks: the extracted data against the report's own words and numbers.

``check(text, document, claims)`` returns ``Warning``s; it never changes the data. Each
warning has a stable ``code`` (the table ``CODES`` below), a message naming what disagrees,
the spans involved and, for claim checks, the claim ids.

Division of labour with segmentation: ``pipeline.stages.segment`` already compares the stated
overall rating and score with the ones derived from the statement scores and emits
``overall-rating-mismatch`` / ``overall-score-mismatch``; this module does not repeat them
(and drops any warning whose code segmentation already emitted for the same spans). It adds
the stated rating against the band of the stated score.

Thresholds and rules, chosen and why:

* "similar" / "in line with" / "not statistically different" contradicts the numbers only when
  the gap is large both ways: relative gap > 25% of the comparator AND, for percentages, an
  absolute gap > 5 percentage points. CQC uses these words for survey measures (ASCS, SACE)
  whose samples of a few hundred people carry 95% intervals of roughly +/-3 to 5 points, so a
  gap up to 5 points can honestly be "not statistically different"; the relative bar stops
  small-base measures (e.g. 2% vs 4%) from firing on noise. Non-percentage units use the
  relative bar alone.
* A claim is judged against a comparator only when the pair is plain: same unit, the
  comparator's number is not itself a claim, and no other claim stands between them (see
  ``_plainly_attached``); an uncertain attachment is not the report's contradiction.
* "better" / "worse" are judged only when the measure's polarity is known from
  ``pipeline.reference.catalogue``: the claim's own measure when it has one with a better direction, else
  the cue phrases in the claim's sentence (the catalogue's cues and its other topics, all
  agreeing); otherwise no check.
* Percentages over 100 are fine when the words around them say change ("an increase of 120%",
  "rose by 150%", "150% more") or a share of a plan ("105% of its budget/target").
* "Of the 596 people ..., 318 ...": a count claim right after "of the/these/those/all" is a whole;
  the count claims after it in the same sentence (up to the next whole) are its parts.
* "respectively": the values just before the word (claims joined by commas/"and"/"or") must be
  as many as the coordinated items ("A, B and C") before them in the same sentence, or as many
  as another value list in the same sentence ("from 10% and 20% to ...").
* Score list vs body: a statement listed but missing from the body is reported only when the
  body has at least two statements, because a single page saved from the CQC website holds one
  statement and the overview's list legitimately names the other eight.
"""

from __future__ import annotations

import bisect
import functools
from collections.abc import Callable, Iterable

import regex

from pipeline.models import Claim, Document, Span, Statement, Warning
from pipeline.reference import catalogue, framework

CODES: dict[str, str] = {
    "overall-rating-band-mismatch": "stated rating is not the band of the stated score",
    "score-label-mismatch": "a statement's score contradicts its printed label",
    "score-list-missing-statement": "listed in the score list but not in the body",
    "score-list-unlisted-statement": "in the body but not in the score list",
    "score-list-score-mismatch": "score list and body give a statement different scores",
    "statement-repeated": "the same statement appears more than once in the body",
    "qualifier-direction-mismatch": "judgement word says above/below, the numbers say otherwise",
    "qualifier-similar-large-gap": "'similar'/'in line with' with a very large gap",
    "qualifier-polarity-mismatch": "'better'/'worse' against the numbers and the measure's polarity",
    "percent-over-100": "a percentage over 100 that is not a change",
    "measure-out-of-range": "the words name a catalogued measure but the value is outside its valid range",
    "part-exceeds-whole": "a part larger than its whole in 'Of the N ..., M ...'",
    "respectively-count-mismatch": "'respectively' with unequal counts on its two sides",
    "unknown-source": "a well-formed citation of a dataset not in pipeline.reference.lexicon (kept as written)",
}

# Codes that segmentation owns; a check here never emits them.
SEGMENT_CODES = frozenset({"overall-rating-mismatch", "overall-score-mismatch"})

SIMILAR_RELATIVE_GAP = 0.25  # |claim - comparator| / |comparator|
SIMILAR_ABSOLUTE_GAP_PP = 5.0  # percentage points, percent units only

# Judgement words -> what they say about the claim relative to its comparator.
# Matched in order, first hit wins, on word boundaries in the lowercase qualifier; so the
# negated and "similar" phrases come before the bare comparatives they contain.
ABOVE, BELOW, SIMILAR, BETTER, WORSE, SKIP = "above", "below", "similar", "better", "worse", None
QUALIFIER_MEANINGS: tuple[tuple[str, str | None], ...] = (
    (
        r"not (?:statistically |significantly )?different|no (?:statistically )?(?:significant )?difference",
        SIMILAR,
    ),
    (
        r"similar|in line|broadly in line|comparable|the same|close to|consistent with|on a par|on par|level with",
        SIMILAR,
    ),
    (
        r"not (?:significantly |statistically )?(?:higher|lower|better|worse|above|below|more|fewer|less)",
        SKIP,
    ),
    (r"no (?:higher|lower|better|worse|more|less|fewer)", SKIP),
    (r"better|outperform\w*", BETTER),
    (r"worse|underperform\w*", WORSE),
    (r"higher|above|more|greater|exceed\w*|over|larger", ABOVE),
    (r"lower|below|fewer|less|under|smaller", BELOW),
)
_QUALIFIER_PATTERNS = [(regex.compile(rf"\b(?:{p})\b"), m) for p, m in QUALIFIER_MEANINGS]

# What each meaning expects of the numbers (claim relative to comparator).
EXPECTED_DIRECTIONS: dict[str, frozenset[str]] = {
    ABOVE: frozenset({"above"}),
    BELOW: frozenset({"below"}),
}
# better/worse -> expected direction, by polarity of the measure.
POLARITY_EXPECTATIONS: dict[tuple[str, str], str] = {
    (BETTER, catalogue.HIGHER): "above",
    (BETTER, catalogue.LOWER): "below",
    (WORSE, catalogue.HIGHER): "below",
    (WORSE, catalogue.LOWER): "above",
}

# Words that make a percentage over 100 legitimate: a change, or a share of a plan.
_CHANGE_BEFORE = regex.compile(
    r"\b(?:increas\w*|ris(?:e|es|en|ing)|rose|gr[eo]w\w*|growth|jump\w*|surg\w*|up|chang\w*|"
    r"decreas\w*|fell|fall\w*|declin\w*|drop\w*|reduc\w*|uplift|higher|more|by)\b[^.;]{0,40}$",
    regex.IGNORECASE,
)
_CHANGE_AFTER = regex.compile(
    r"^\s*(?:\)\s*)?(?:increase|rise|growth|uplift|more|higher|up|greater|larger|jump|"
    r"of (?:its|the|their|our) (?:\w+ ){0,3}?(?:budget|target|plan|forecast|capacity|allocation|baseline))\b",
    regex.IGNORECASE,
)

_WHOLE_BEFORE = regex.compile(
    r"\b(?:of|out of|from)\s+(?:the|these|those|all|all the|all of the)?\s*$", regex.IGNORECASE
)
_RESPECTIVELY = regex.compile(r"\brespectively\b", regex.IGNORECASE)
_LIST_GAP = regex.compile(r"^[^\w]*(?:\w+[^\w]+){0,3}?(?:,|\band\b|\bor\b)[^\w]*(?:\w+[^\w]*){0,3}$")


def check(text: str, document: Document, claims: list[Claim]) -> list[Warning]:
    """Every consistency warning for one document and its claims, in check order."""
    already = {(w.code, tuple((s.start, s.end) for s in w.spans)) for w in document.warnings}
    found: list[Warning] = []
    for run in CHECKS:
        for warning in run(text, document, claims):
            if warning.code in SEGMENT_CODES:
                continue
            key = (warning.code, tuple((s.start, s.end) for s in warning.spans))
            if key not in already:
                already.add(key)
                found.append(warning)
    return found


# --- structure: overall, labels, score list ------------------------------------------------


def check_overall_band(text: str, document: Document, claims: list[Claim]) -> Iterable[Warning]:
    overall = document.overall
    if overall.rating is None or overall.score_percent is None:
        return
    band = framework.rating_for_percent(overall.score_percent)
    if band is not None and band != overall.rating:
        yield Warning(
            code="overall-rating-band-mismatch",
            message=(
                f"stated rating '{overall.rating}' but the stated score "
                f"{overall.score_percent}% is in CQC's '{band}' band"
            ),
            spans=[s for s in (overall.rating_span, overall.score_span) if s],
        )


def _label_scores(label: str) -> set[int]:
    """The scores a printed label names: by CQC's label text and by a leading rating word."""
    folded = framework.normalise_title(label)
    named = {
        score for score, words in framework.SCORE_LABELS.items() if framework.normalise_title(words) in folded
    }
    for score, word in framework.SCORE_RATING_WORDS.items():
        if folded.startswith(framework.normalise_title(word) + " "):
            named.add(score)
    return named


def _label_span(text: str, statement, label: str) -> Span:
    at = text.find(label, statement.start, statement.end)
    if at < 0:
        return Span(start=statement.start, end=statement.end)
    return Span(start=at, end=at + len(label))


def check_score_labels(text: str, document: Document, claims: list[Claim]) -> Iterable[Warning]:
    for statement in _body_statements(document):
        if statement.score is None or not statement.score_label:
            continue
        named = _label_scores(statement.score_label)
        if named and statement.score not in named:
            yield Warning(
                code="score-label-mismatch",
                message=(
                    f"'{statement.title}' is scored {statement.score} but labelled "
                    f"'{statement.score_label}', which is CQC's label for "
                    f"{' or '.join(str(s) for s in sorted(named))}"
                ),
                spans=[_label_span(text, statement, statement.score_label)],
            )


def _body_statements(document: Document) -> list[Statement]:
    return [s for theme in document.themes for s in theme.statements]


def check_score_list(text: str, document: Document, claims: list[Claim]) -> Iterable[Warning]:
    body = _body_statements(document)
    by_slug: dict[str, list[Statement]] = {}
    for statement in body:
        by_slug.setdefault(statement.slug, []).append(statement)
    for copies in by_slug.values():
        if len(copies) > 1:
            scores = sorted({str(c.score) for c in copies})
            yield Warning(
                code="statement-repeated",
                message=(
                    f"statement '{copies[0].title}' appears {len(copies)} times in the body "
                    f"(scores: {', '.join(scores)})"
                ),
                spans=[Span(start=c.start, end=c.end) for c in copies],
            )
    if not document.score_list or not body:
        return
    listed = {item.slug for item in document.score_list}
    for item in document.score_list:
        in_body = by_slug.get(item.slug)
        if not in_body:
            if len(body) >= 2:
                yield Warning(
                    code="score-list-missing-statement",
                    message=f"'{item.title}' is in the score list but not in the report body",
                    spans=[Span(start=item.start, end=item.end)],
                )
            continue
        for statement in in_body:
            if item.score is not None and statement.score is not None and item.score != statement.score:
                yield Warning(
                    code="score-list-score-mismatch",
                    message=(
                        f"'{item.title}' scores {item.score} in the score list but "
                        f"{statement.score} in the body"
                    ),
                    spans=[
                        Span(start=item.start, end=item.end),
                        Span(start=statement.start, end=statement.end),
                    ],
                )
    for slug, copies in by_slug.items():
        if slug not in listed and len(document.score_list) >= 2:
            yield Warning(
                code="score-list-unlisted-statement",
                message=f"'{copies[0].title}' is in the body but not in the score list",
                spans=[Span(start=copies[0].start, end=copies[0].end)],
            )


# --- claims: qualifiers against the numbers -------------------------------------------------


def qualifier_meaning(qualifier: str | None) -> str | None:
    """What the report's judgement words claim: above, below, similar, better, worse or None."""
    if not qualifier:
        return None
    lowered = qualifier.lower()
    for pattern, meaning in _QUALIFIER_PATTERNS:
        if pattern.search(lowered):
            return meaning
    return None


@functools.cache
def _polarity_patterns() -> list[tuple[regex.Pattern, str]]:
    """The polarity cues as whole-word patterns, compiled on first use: only a "better" or
    "worse" said of a measure the catalogue gives no direction needs them, and compiling all
    of them costs a fresh process 12 ms."""
    return [
        (regex.compile(rf"\b(?:{cue})\b", regex.IGNORECASE), polarity)
        for cue, polarity in catalogue.polarity_cues()
    ]


def measure_polarity(sentence: str) -> str | None:
    """``catalogue.HIGHER``/``LOWER`` when every cue in the sentence agrees, else None."""
    found = {polarity for pattern, polarity in _polarity_patterns() if pattern.search(sentence)}
    return found.pop() if len(found) == 1 else None


def _direction(claim: Claim, comparator) -> str:
    if claim.value > comparator.value:
        return "above"
    if claim.value < comparator.value:
        return "below"
    return "equal"


class _ClaimIndex:
    """Claims by position, so pair checks stay linear on a 50 MB text."""

    def __init__(self, claims: list[Claim]) -> None:
        ordered = sorted(claims, key=lambda c: (c.start, c.end))
        self.starts = [c.start for c in ordered]
        self.ordered = ordered
        self.spans = {(c.start, c.end) for c in claims}

    def any_within(self, low: int, high: int, besides: str) -> bool:
        index = bisect.bisect_left(self.starts, low)
        while index < len(self.ordered) and self.ordered[index].start <= high:
            other = self.ordered[index]
            if other.id != besides and other.end <= high:
                return True
            index += 1
        return False


def _plainly_attached(claim: Claim, comparator, index: _ClaimIndex) -> bool:
    """Whether the comparator surely belongs to the claim, so judging the pair is fair.

    Not when the units differ (54 days against 80% says nothing), when the comparator's number
    is itself extracted as a claim, or when another claim stands between the two (in "A was
    in line with X, and B was in line with Y", Y belongs to B).
    """
    if claim.unit != comparator.unit:
        return False
    where = (comparator.start, comparator.end)
    if where != (claim.start, claim.end) and where in index.spans:
        return False
    if comparator.start >= claim.end:
        low, high = claim.end, comparator.start
    else:
        low, high = comparator.end, claim.start
    return not index.any_within(low, high, claim.id)


def _spans(claim: Claim, comparator) -> list[Span]:
    return [Span(start=claim.start, end=claim.end), Span(start=comparator.start, end=comparator.end)]


def check_qualifiers(text: str, document: Document, claims: list[Claim]) -> Iterable[Warning]:
    index = _ClaimIndex(claims)
    for claim in claims:
        for comparator in claim.comparators:
            meaning = qualifier_meaning(comparator.qualifier)
            if meaning is None or not _plainly_attached(claim, comparator, index):
                continue
            direction = _direction(claim, comparator)
            said = f"'{claim.text}' is called '{comparator.qualifier}' {comparator.text}"
            if meaning in EXPECTED_DIRECTIONS:
                if direction not in EXPECTED_DIRECTIONS[meaning]:
                    yield Warning(
                        code="qualifier-direction-mismatch",
                        message=f"{said} but is {direction} it",
                        spans=_spans(claim, comparator),
                        claim_ids=[claim.id],
                    )
            elif meaning == SIMILAR:
                if comparator.value == 0:
                    continue
                gap = abs(claim.value - comparator.value)
                relative = gap / abs(comparator.value)
                large = relative > SIMILAR_RELATIVE_GAP and (
                    claim.unit != "percent" or gap > SIMILAR_ABSOLUTE_GAP_PP
                )
                if large:
                    yield Warning(
                        code="qualifier-similar-large-gap",
                        message=(
                            f"{said} but differs by {gap:g}"
                            f"{' percentage points' if claim.unit == 'percent' else ''}"
                            f" ({relative:.0%} of {comparator.text})"
                        ),
                        spans=_spans(claim, comparator),
                        claim_ids=[claim.id],
                    )
            elif meaning in (BETTER, WORSE):
                polarity = catalogue.polarity(claim.measure) or measure_polarity(
                    text[claim.sentence.start : claim.sentence.end]
                )
                if polarity is None:
                    continue
                expected = POLARITY_EXPECTATIONS[(meaning, polarity)]
                if direction != expected:
                    yield Warning(
                        code="qualifier-polarity-mismatch",
                        message=(f"{said} but is {direction} it, and for this measure {polarity} is better"),
                        spans=_spans(claim, comparator),
                        claim_ids=[claim.id],
                    )


# --- claims: arithmetic ----------------------------------------------------------------------


def check_percent_over_100(text: str, document: Document, claims: list[Claim]) -> Iterable[Warning]:
    for claim in claims:
        if claim.unit != "percent" or claim.value <= 100:
            continue
        before = text[max(claim.sentence.start, claim.start - 60) : claim.start]
        after = text[claim.end : min(claim.sentence.end, claim.end + 60)]
        if _CHANGE_BEFORE.search(before) or _CHANGE_AFTER.search(after):
            continue
        yield Warning(
            code="percent-over-100",
            message=f"'{claim.text}' is a percentage over 100 and not worded as a change",
            spans=[Span(start=claim.start, end=claim.end)],
            claim_ids=[claim.id],
        )


def check_measure_range(text: str, document: Document, claims: list[Claim]) -> Iterable[Warning]:
    """A claim whose words name a measure whose range its value is outside (a decile of 14, a
    share of 140%): the measures stage gave it no id; this says why."""
    for claim in claims:
        named = claim._outside_range
        if named is None or claim.measure is not None:
            continue
        measure = catalogue.BY_ID[named]
        low, high = measure.bounds
        valid = (
            f"{low:g} to {high:g}"
            if low is not None and high is not None
            else (f"at least {low:g}" if low is not None else f"at most {high:g}")
        )
        yield Warning(
            code="measure-out-of-range",
            message=(
                f"'{claim.text}' reads as {named} ({measure.name}), whose values are {valid}"
                f" {measure.unit}: no measure given"
            ),
            spans=[Span(start=claim.start, end=claim.end)],
            claim_ids=[claim.id],
        )


def _by_sentence(claims: list[Claim]) -> dict[tuple[int, int], list[Claim]]:
    groups: dict[tuple[int, int], list[Claim]] = {}
    for claim in sorted(claims, key=lambda c: (c.start, c.end)):
        groups.setdefault((claim.sentence.start, claim.sentence.end), []).append(claim)
    return groups


def check_part_whole(text: str, document: Document, claims: list[Claim]) -> Iterable[Warning]:
    for (sentence_start, _), group in _by_sentence(claims).items():
        whole: Claim | None = None
        for claim in group:
            if claim.unit != "count":
                continue
            if _WHOLE_BEFORE.search(text[max(sentence_start, claim.start - 30) : claim.start]):
                whole = claim
                continue
            if whole is not None and claim.value > whole.value:
                yield Warning(
                    code="part-exceeds-whole",
                    message=f"part '{claim.text}' is larger than its whole '{whole.text}'",
                    spans=[Span(start=whole.start, end=whole.end), Span(start=claim.start, end=claim.end)],
                    claim_ids=[whole.id, claim.id],
                )


def _value_lists(text: str, group: list[Claim]) -> list[list[Claim]]:
    """Runs of claims joined by list words (",", "and", "or")."""
    runs: list[list[Claim]] = []
    for claim in group:
        if runs and _LIST_GAP.match(text[runs[-1][-1].end : claim.start]):
            runs[-1].append(claim)
        else:
            runs.append([claim])
    return runs


_COORDINATION_ITEM = regex.compile(r"^\s*[^\s,;:()]+(?:\s+[^\s,;:()]+){0,5}\s*$")
_TAIL_GAP = regex.compile(r"^[^\w.;]*(?:\w+[^\w.;]*){0,2}$")


def coordinated_items(phrase: str) -> set[int]:
    """Plausible item counts of the last "A, B and C" list in ``phrase`` (empty: no list).

    The piece before the first comma may be the list's first item or an introduction ("In
    2023, A and B"); both counts are plausible, so both are returned and neither is flagged.
    """
    at = max(phrase.rfind(" and "), phrase.rfind(" or "))
    if at < 0:
        return set()
    pieces = phrase[:at].split(",")
    if len(pieces) == 1:
        return {2}
    if not pieces[-1].strip():  # Oxford comma: "A, B, and C"
        pieces = pieces[:-1]
    count = 2  # the pair around "and": the last piece and the word after "and"
    for piece in reversed(pieces[1:-1]):  # middle items: commas on both sides, short
        if not _COORDINATION_ITEM.match(piece):
            return {count}
        count += 1
    return {count, count + 1} if _COORDINATION_ITEM.match(pieces[0]) else {count}


def check_respectively(text: str, document: Document, claims: list[Claim]) -> Iterable[Warning]:
    for (sentence_start, sentence_end), group in _by_sentence(claims).items():
        sentence = text[sentence_start:sentence_end]
        for match in _RESPECTIVELY.finditer(sentence):
            at = sentence_start + match.start()
            before = [c for c in group if c.end <= at]
            if not before:
                continue
            runs = _value_lists(text, before)
            values = runs[-1]
            if not _TAIL_GAP.match(text[values[-1].end : at]):
                continue  # the word distributes something other than these numbers
            earlier = [r for r in runs[:-1] if len(r) >= 2]
            if earlier:  # "from 10% and 20% to 15% and 25% respectively"
                plausible = {len(earlier[-1])}
            else:
                plausible = coordinated_items(text[sentence_start : values[0].start])
            if not plausible or len(values) in plausible:
                continue
            yield Warning(
                code="respectively-count-mismatch",
                message=(
                    f"'respectively' pairs {' or '.join(map(str, sorted(plausible)))} "
                    f"item(s) with {len(values)} value(s): "
                    f"{', '.join(repr(c.text) for c in values)}"
                ),
                spans=[Span(start=values[0].start, end=at + len("respectively"))],
                claim_ids=[c.id for c in values],
            )


# --- sources ------------------------------------------------------------------------------------


def check_unknown_sources(text: str, document: Document, claims: list[Claim]) -> Iterable[Warning]:
    """One warning per unknown citation (several claims may share it), naming its claims."""
    by_span: dict[tuple[int, int], list[Claim]] = {}
    for claim in claims:
        if claim.source is not None and not claim.source.known:
            by_span.setdefault((claim.source.start, claim.source.end), []).append(claim)
    for (start, end), cited_by in sorted(by_span.items()):
        source = cited_by[0].source
        assert source is not None  # by_span holds only claims with a source
        yield Warning(
            code="unknown-source",
            message=(
                f"citation '{source.text}' names no dataset the pipeline knows; "
                "kept as written (add it to pipeline/reference/lexicon.py if it is a dataset)"
            ),
            spans=[Span(start=start, end=end)],
            claim_ids=[c.id for c in cited_by],
        )


CHECKS: tuple[Callable[[str, Document, list[Claim]], Iterable[Warning]], ...] = (
    check_overall_band,
    check_score_labels,
    check_score_list,
    check_qualifiers,
    check_percent_over_100,
    check_measure_range,
    check_part_whole,
    check_respectively,
    check_unknown_sources,
)
