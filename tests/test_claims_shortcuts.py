"""The claims stage's speed shortcuts (pipeline/stages/claims/shortcuts.py) never change a match.

``_Alternation`` searches each pattern alone and skips a pattern in a span that lacks what its
matches need; it must find exactly what the one compiled alternation finds. Checked on every
line of the corpus and the test texts, and on lines written to hold the span patterns' matches.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from pipeline.stages.claims import drops, periods

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
