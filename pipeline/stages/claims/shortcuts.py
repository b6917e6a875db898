"""The claims stage's speed shortcuts: the answers of the plain patterns, found faster.

Reads: only its arguments (and the number-word lists of ``pipeline.reference.lexicon``).
Writes: nothing. The other parts use these without knowing how they work:
- ``_trie``: an alternation of words written as a trie (a third of the cost of ``a|b|c``);
- ``_Alternation``: several patterns found exactly as their one alternation finds them, each
  searched alone, and skipped in a span lacking what it ``needs`` (a ``_Words`` or a pattern);
- ``_Candidates``: whether a span holds anything number-like, asked span by span instead of
  one scan of the whole report (with a pre-check on the lowered text for number words);
- ``_may_end_with``: a pre-check for patterns anchored at the end of the words before a number.
tests/test_claims_shortcuts.py checks that each ``_Alternation`` finds what its one pattern finds.
"""

from __future__ import annotations

import functools
import re
import sys

import regex

from pipeline.reference import lexicon


def _trie(words) -> str:
    """A regex alternation as a trie ("t(?:en|wo|h(?:ree|irty))"): the scan over the whole
    report for number words costs a third of a plain alternation."""
    root: dict = {}
    for word in words:
        node = root
        for ch in word:
            node = node.setdefault(ch, {})
        node[""] = {}

    def emit(node) -> str:
        alternatives = [regex.escape(ch) + emit(child) for ch, child in sorted(node.items()) if ch]
        if not alternatives:
            return ""
        group = "(?:" + "|".join(alternatives) + ")"
        return group + "?" if "" in node else group

    return emit(root)


class _Alternation:
    """The patterns as one alternation ``a|b|c``: ``finditer`` gives exactly its matches.

    Why not one compiled alternation: the regex module then tries every branch at every
    position of the text (10 ms per report for the blockers), while each pattern alone is
    found with a fast scan for its first literal. The alternation's rules are kept: the
    leftmost match wins, on a tie the earlier pattern, and the scan resumes at its end.
    """

    def __init__(self, *patterns: str, flags: int = 0, needs: dict[int, tuple] | None = None):
        self.patterns = [regex.compile(p, flags) for p in patterns]
        self._source, self._flags = "|".join(f"(?:{p})" for p in patterns), flags
        # needs[k]: patterns that every match of pattern k holds inside it (so inside the
        # span searched); a span without one of them is not searched for pattern k. Each is
        # searched at most once per span, however many patterns need it.
        self.needs = [(needs or {}).get(k, ()) for k in range(len(patterns))]
        self.any_needs = bool(needs)

    @functools.cached_property
    def alternation(self):
        """The same as one pattern: the reference the equivalence is tested against. Compiled
        only when asked for: extraction never uses it, and compiling the regex module's
        patterns at import is the bulk of a fresh process's start."""
        return regex.compile(self._source, self._flags)

    def _first(self, text: str, pos: int, endpos: int) -> list:
        """Each pattern's first match in ``[pos, endpos)``, in pattern order, as ``[pattern,
        match]`` pairs; a pattern without one (or lacking something it needs) is left out."""
        if not self.any_needs:
            return [[p, m] for p in self.patterns if (m := p.search(text, pos, endpos))]
        present: dict = {}
        found = []
        for pattern, needs in zip(self.patterns, self.needs):
            for need in needs:
                if need not in present:
                    present[need] = need.search(text, pos, endpos) is not None
                if not present[need]:
                    break
            else:
                if match := pattern.search(text, pos, endpos):
                    found.append([pattern, match])
        return found

    def finditer(self, text: str, pos: int, endpos: int):
        # A pattern without a match in [pos, endpos) has none later: it is never searched again
        found = self._first(text, pos, endpos)  # each one's next match
        while found:
            best = None
            for pair in found:
                match = pair[1]
                if match is not None and match.start() < pos:  # overtaken: search again
                    match = pair[1] = pair[0].search(text, pos, endpos)
                if match is not None and (best is None or match.start() < best.start()):
                    best = match
            if best is None:
                return
            if best.end() == best.start():
                raise ValueError(f"{best.re.pattern!r} matched the empty string")
            yield best
            pos = best.end()


class _Words:
    """A need of an ``_Alternation`` pattern: one of these words in the span (a substring
    test, much cheaper than a regex search). With ``lower``, in the span's ``str.lower()``:
    exact for an IGNORECASE pattern when no word holds an "i" or "s" (the regex module folds
    "İ" to "i" and "ſ" to "s"; every other character it folds to a letter lowers to it)."""

    def __init__(self, *words: str, lower: bool = False):
        assert not lower or not any(c in "is" or c != c.lower() for w in words for c in w)
        self.words, self.lower = words, lower

    def search(self, text: str, pos: int, endpos: int) -> bool | None:
        span = text[pos:endpos].lower() if self.lower else text[pos:endpos]
        for word in self.words:
            if word in span:
                return True
        return None


# ---------------------------------------------------------------------------------------------
# Is there a number in this span?
# Anything number-like: "7823 people", "seven people", "fourth highest", "a third of". The
# lookahead for a word's first letter ("[efhnoqst]") changes no match; it lets most word starts fail fast.
_NUMBER_WORD_LIST = [
    *lexicon.NUMBER_WORDS,
    *lexicon.MULTIPLIER_WORDS,
    *lexicon.ORDINAL_WORDS,
    *lexicon.FRACTION_WORDS,
]
_CANDIDATE = re.compile(
    r"\d|\b(?=["
    + "".join(sorted({w[0] for w in _NUMBER_WORD_LIST}))
    + "])"
    + _trie(_NUMBER_WORD_LIST)
    + r"\b",
    re.IGNORECASE,
)
# _CANDIDATE's two halves, to ask whether a span holds a candidate without scanning the whole
# text: a digit ("\d" alone is found by a fast skip), else a number word ("seven people").
_DIGIT = re.compile(r"\d")
_CANDIDATE_WORD = re.compile(_CANDIDATE.pattern[len(r"\d|") :], re.IGNORECASE)
_LONGEST_NUMBER_WORD = max(map(len, _NUMBER_WORD_LIST))
# A token that may be a number word: any of them, even inside a longer word ("_five_": spaCy
# splits the underscores off). A sentence without one has no number word among its tokens.
_NUMBER_WORD_INSIDE = re.compile(_trie(_NUMBER_WORD_LIST), re.IGNORECASE)
# A pre-check for the two number-word patterns above, only ever used to SKIP them: every match
# of either holds a number word, so holds one of these (the words holding no other list word,
# "seven" for "seventeen" and "seventh") in the text's ``str.lower()``: a span without a core
# ("The service had strong leadership.") is not searched. Exact when the text
# holds none of the characters that ``re.IGNORECASE`` matches to an ASCII letter other than
# their own case pair: "İ" and "ı" match "i", "ſ" matches "s", the Kelvin sign "K" matches "k"
# (lowering "İ" also adds a character, shifting offsets); such a text is not pre-checked.
_FOLDS_TO_ASCII_LETTER = "\u0130\u0131\u017f\u212a"
_NUMBER_WORD_CORES = tuple(
    sorted({w for w in _NUMBER_WORD_LIST if not any(o != w and o in w for o in _NUMBER_WORD_LIST)})
)
assert all(w.isascii() and w.isalpha() and w.islower() for w in _NUMBER_WORD_LIST)
# Searched case-sensitively in the lowered text: four times faster than an IGNORECASE search
_NUMBER_WORD_CORE = re.compile(_trie(_NUMBER_WORD_CORES))


_NONE = sys.maxsize  # past any offset: nothing found


class _NextMatch:
    """The first match of ``pattern`` at or after a place, searched to the text's end and kept:
    questions that come in text order (paragraphs, then their sentences) are answered from the
    match found for an earlier one, so each part of the text is scanned about once."""

    def __init__(self, pattern, text: str):
        self.pattern, self.text = pattern, text
        self.searched_from, self.span = _NONE, (0, 0)

    def after(self, start: int) -> tuple[int, int]:
        """The span of the first match starting at or after ``start``; ``(_NONE, _NONE)``: none.
        The kept one serves when it was searched from no later than ``start`` and starts no
        earlier (nothing lies between)."""
        if not self.searched_from <= start <= self.span[0]:
            found = self.pattern.search(self.text, start)
            self.searched_from, self.span = start, found.span() if found else (_NONE, _NONE)
        return self.span


class _Candidates:
    """Whether a span of the text holds a match of ``_CANDIDATE`` (the same answer as finding
    all its matches in the text and looking in that list), asked span by span.

    Why: one ``_CANDIDATE`` scan of a whole report costs 5 ms, most of it trying the number
    words at every word start; a digit is found by a fast skip, and most paragraphs and
    sentences holding a number hold a digit, so the words are looked for only in the others.
    Exact: a digit is always a match (no number word holds one); a number word's match
    starting before ``end`` reads at most its letters and the one character after them, so
    the search stops ``_LONGEST_NUMBER_WORD`` characters past ``end``, not at ``end``
    ("five" cut off from "fivefold" would be a match of its own).
    """

    def __init__(self, text: str):
        self.text = text
        # For the pre-check (see _NUMBER_WORD_CORES); None: not exact for this text, so
        # the pre-check never skips
        exact = not any(c in text for c in _FOLDS_TO_ASCII_LETTER)
        lowered = text.lower() if exact else None
        self.lowered = lowered
        # The next digit and the next core, kept between questions (a search per question
        # scanned each span, most of them to their end)
        self._digits = _NextMatch(_DIGIT, text)
        self._cores = _NextMatch(_NUMBER_WORD_CORE, lowered) if lowered is not None else None

    def _holds_digit(self, start: int, end: int) -> bool:
        """The same answer as ``_DIGIT.search(text, start, end)``."""
        return self._digits.after(start)[0] < end

    def may_hold_number_word(self, start: int, end: int) -> bool:
        """False only when no number word (in any case) is in ``[start, end)``: the same answer
        as ``_NUMBER_WORD_CORE.search(lowered, start, end)``. The first core at or after
        ``start`` decides: a later one ending before ``end`` would lie inside it, and no core
        holds another."""
        if self._cores is None:
            return True
        return self._cores.after(start)[1] <= end

    def holds_number_word_inside(self, start: int, end: int) -> bool:
        """Whether ``_NUMBER_WORD_INSIDE`` has a match in ``[start, end)``: for a text the
        pre-check is exact for, its answer is the same (a number word in any case is in the
        span iff one of its cores is in the lowered span)."""
        if self.lowered is None:
            return _NUMBER_WORD_INSIDE.search(self.text, start, end) is not None
        return self.may_hold_number_word(start, end)

    def within(self, start: int, end: int) -> bool:
        if self._holds_digit(start, end):
            return True
        if not self.may_hold_number_word(start, end + _LONGEST_NUMBER_WORD):
            return False
        word = _CANDIDATE_WORD.search(self.text, start, end + _LONGEST_NUMBER_WORD)
        return word is not None and word.start() < end


# ---------------------------------------------------------------------------------------------
# May these words end with a cue?


def _may_end_with(words: str, endings: tuple[str, ...]) -> bool:
    """False only when no pattern ending in one of ``endings`` (lower case, matched in any case)
    then ``\\s*$`` can match at the end of ``words``: a pre-check for the patterns anchored at the
    end of the words before a number ("around 300", "increased to 68%"), which the regex module
    otherwise tries at every position of those words. Exact: ``str.rstrip`` strips every
    character ``\\s`` matches (and four more control characters, which only make the check pass);
    words holding a character that case-insensitive matching folds to another ASCII letter are
    always searched (see ``_FOLDS_TO_ASCII_LETTER``)."""
    if any(ch in words for ch in _FOLDS_TO_ASCII_LETTER):
        return True
    return words.rstrip().lower().endswith(endings)
