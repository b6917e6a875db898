"""The claims stage's speed shortcuts (pipeline/stages/claims/shortcuts.py) never change a match.

``_Alternation`` searches each pattern alone and skips a pattern in a span that lacks what its
matches need; it must find exactly what the one compiled alternation finds. Checked on every
line of the corpus and the test texts, and on lines written to hold the span patterns' matches.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from pipeline.stages.claims import drops, periods, shortcuts

ROOT = Path(__file__).resolve().parent.parent
TEXTS = sorted((ROOT / "corpus").glob("*.txt")) + sorted((ROOT / "tests" / "texts").rglob("*.txt"))

# One line a span pattern: each must be found through its need (our own wording).
WRITTEN = [
    "Published on 4 March 2026, the plan ran to December 2025 and 2025/26.",
    "Under the Care Act 2014 and Section 42, Theme 2 and Quality statement 5 apply; see paragraph 3.",
    "In quarter 2 of the year the waits fell.",
    "2 - Requires improvement: Evidence shows some shortfalls",
    "People aged 18 to 64, over the age of 75, those 85 years or over, 18-24 year olds and over-90s.",
    "Households where at least 1 person has served; 310 per 100,000 adults; 41st out of 150.",
    "(1 is the least deprived, 10 is the most deprived) with 10 being the most deprived; 24/7.",
    "The code ASCOF 2A(1) was read at 9.30am and again at 4pm.",
]


def lines():
    for path in TEXTS:
        text = path.read_text(encoding="utf-8")
        start = 0
        for line in text.splitlines(keepends=True):
            if line.strip():
                yield path.name, text, start, start + len(line)
            start += len(line)
    for i, line in enumerate(WRITTEN):
        yield f"written-{i}", line, 0, len(line)


ALTERNATIONS = {"blockers": drops._BLOCKERS, "period": periods._PERIOD}


@pytest.mark.parametrize("name", sorted(ALTERNATIONS))
def test_alternation_finds_what_one_pattern_finds(name):
    alternation = ALTERNATIONS[name]
    for where, text, s, e in lines():
        fast = [m.span() for m in alternation.finditer(text, s, e)]
        slow = [m.span() for m in alternation.alternation.finditer(text, s, e)]
        assert fast == slow, f"{name} in {where}: {text[s:e]!r}"


# ``_Candidates`` answers span by span from the next digit and the next number word it found
# for an earlier question: the same answers as a search of each span alone, whatever order
# the questions come in. Our own lines, with the awkward cases: overlapping number words
# ("eightwo"), a word cut by the span's end, a digit at the last place, a folding "İ".
CANDIDATE_LINES = [
    "The eightwo panel met; a fivefold rise.",
    "Nothing numeric here at all, only words like often and someone.",
    "Waits of 12 weeks fell to seven.",
    "İstanbul twinning: ſeven and Kelvin K.",
    "ends with a digit 7",
]


def _spans(length: int, step: int):
    return [(s, min(length, s + width)) for s in range(0, length, step) for width in (1, 5, 17, 60)]


@pytest.mark.parametrize("order", ["forward", "backward"])
def test_candidates_answer_as_a_search_of_each_span(order):
    texts = [path.read_text(encoding="utf-8") for path in TEXTS[:4]] + CANDIDATE_LINES
    for text in texts:
        candidates = shortcuts._Candidates(text)
        spans = _spans(len(text), 7 if len(text) < 5000 else 97)
        for s, e in spans if order == "forward" else spans[::-1]:
            digit = shortcuts._DIGIT.search(text, s, e) is not None
            assert candidates._holds_digit(s, e) == digit, f"digit in {text[s:e]!r}"
            if candidates.lowered is not None:
                word = shortcuts._NUMBER_WORD_CORE.search(candidates.lowered, s, e) is not None
                assert candidates.may_hold_number_word(s, e) == word, f"core in {text[s:e]!r}"
            assert candidates.within(s, e) == _within_one_search_each(text, candidates.lowered, s, e), (
                f"within {text[s:e]!r}"
            )


def _within_one_search_each(text, lowered, s, e) -> bool:
    """``_Candidates.within`` as it was before it kept its finds: a search for each span."""
    if shortcuts._DIGIT.search(text, s, e):
        return True
    reach = e + shortcuts._LONGEST_NUMBER_WORD
    if lowered is not None and not shortcuts._NUMBER_WORD_CORE.search(lowered, s, reach):
        return False
    word = shortcuts._CANDIDATE_WORD.search(text, s, reach)
    return word is not None and word.start() < e
