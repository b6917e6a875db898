"""Finding the numbers of a sentence and their values: numerals, money, percentages, ranks,
ratios ("one in five", "1 in 4"), shares in words ("two-thirds of") and number words
("twenty-five", "fourth highest").

Reads: the text and a sentence's span (for number words, the sentence's spaCy tokens).
Writes: ``_Mention``s, each with its span, surface text, value and the unit its own characters
give (gbp, percent, rank, ratio; None for a plain number). Whether a number is a quantity at all
is for the rule table (``rules.RULES``) to say; this part only reads.
Also here: the stage's one blank spaCy pipeline (tokenizer and judgement-phrase matcher), built
lazily once.
"""

from __future__ import annotations

import bisect
from collections.abc import Iterator
from dataclasses import dataclass, field

import regex

from pipeline.models import ComparatorKind, Source, Unit
from pipeline.reference import lexicon


@dataclass
class _Mention:
    """One number of a sentence as read (span, surface text, value, unit), then what the rules
    and the linking make of it: the stage's working state, changed in place while one sentence
    is decided, never seen outside the stage (it becomes a ``Claim`` or ``Comparator``)."""

    start: int
    end: int
    text: str
    value: float
    unit: Unit | None  # None: unitless, inherits from its claim when a comparator
    word: bool = False
    ordinal: bool = False
    qualifier: str | None = None
    role: str = "claim"  # claim | comparator | drop
    kind: ComparatorKind | None = None  # comparator kind
    comp_qualifier: str | None = None
    target: _Mention | None = None  # the claim a previous-value comparator belongs to
    cue_end: int | None = None  # end of a kind cue written after the value ("9.9% across the region")
    comparators: list[_Mention] = field(default_factory=list)
    orphan_source: Source | None = None  # cited in a later sentence that only holds comparators
    rule: str | None = None  # the name of the rule (in ``RULES``) that decided its role


# ---------------------------------------------------------------------------------------------
# Numerals: "64.84%", "£1.2 million", "117th", "16,169"
_NUMERAL = regex.compile(
    r"""
    (?P<money>£\s?\d+(?:,\d{3})*(?:\.\d+)?                    # £1,060,812,000  £198,203,000.00 ("£327,758,000," ends before its comma)
        (?:\s?(?:k|m|mn|bn|million|billion|thousand)\b)?)     # £1.2 million  £340k
    |
    (?<![\w.,£/])                                             # not s42, not 2.5's tail, not 24/7
    (?P<num>\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?)       # 16,169  64.84  7823
    (?P<ord>st|nd|rd|th)?                                     # 117th
    (?P<pct>\s?%|\s?per\s?cent\b|\s?percent\b)?               # 64.84%  68 per cent
    """,
    regex.VERBOSE,
)

# Inside one mention (compiled once: these run for every mention)
_MONEY_NUMBER = regex.compile(r"\d[\d,]*(?:\.\d+)?")  # £1,060,812,000 -> 1060812000
_MONEY_SCALE = regex.compile(r"(?:k|m|mn|bn|million|billion|thousand)$")  # £1.2 million

_SCALE_AFTER = regex.compile(  # 1.2 million residents
    r"\s+(?P<scale>" + "|".join(lexicon.NUMERAL_SCALE_WORDS) + r")\b", regex.IGNORECASE
)


def _numeral(text: str, m) -> _Mention:
    """The number a ``_NUMERAL`` match reads, with the unit its own characters give (money,
    percent, an ordinal's rank); whether it is a quantity at all is for the rules to say."""
    start, end = m.span()
    if m.group("money"):
        raw = m.group("money")
        number = _MONEY_NUMBER.search(raw).group().replace(",", "")
        scale = _MONEY_SCALE.search(raw)
        # to the penny: "£4.1m" is 4100000, not 4.1 * 10**6 = 4099999.9999999995
        value = round(float(number) * (lexicon.MONEY_SCALES[scale.group()] if scale else 1), 2)
        return _Mention(start, end, raw, value, "gbp")
    value = float(m.group("num").replace(",", ""))
    if m.group("pct"):
        return _Mention(start, end, m.group(), value, "percent")
    if m.group("ord"):
        return _Mention(start, end, m.group(), value, "rank", ordinal=True)
    scale = _SCALE_AFTER.match(text, end, end + 20)
    if scale:
        value = round(value * lexicon.NUMERAL_SCALE_WORDS[scale.group("scale").lower()], 2)
        return _Mention(start, scale.end(), text[start : scale.end()], value, None)
    return _Mention(start, end, m.group(), value, None)


# ---------------------------------------------------------------------------------------------
# Ratios and number words: "one in five", "twenty-five", "a third of"
# Ratios: "one in five", "1 in 4": found at their "in", the words either side checked after
_RATIO_IN = regex.compile(r"(?<=\w)\s+in\s+(?:every\s+)?(?=\w)")
# The word before "in": a whole word, not the tail of "1,100" in "to 1,100 in 2024"
_LAST_WORD = regex.compile(r"(?<!\w|\d[,.])(\w+)$")
# The word after "in": "five", "4", "1,000"; never a year ("100 in 2024") nor a percentage
_FIRST_WORD = regex.compile(
    r"(?!(?:19|20)\d\d\b)(\d+\.\d+|\d{1,3}(?:,\d{3})+|\w+)\b(?![.,]\d|\s*%)"
)  # 1 in 3.5


def _ratios(text: str, s: int, e: int, inside) -> Iterator[_Mention]:
    """Ratios in ``[s, e)``, found at their "in": "one in five" (0.2), "1 in 4", "1 in 3.5";
    ``inside(start, end)`` says whether a span is taken already (by structure or a ratio)."""
    for m in _RATIO_IN.finditer(text, s, e):
        left = _LAST_WORD.search(text, max(s, m.start() - 20), m.start())
        right = _FIRST_WORD.match(text, m.end(), e)
        if not (left and right):
            continue
        a, b = _word_value(left.group(1)), _word_value(right.group(1))
        span = (left.start(1), right.end(1))
        if a and b and a < b and not inside(*span):
            yield _Mention(*span, text[span[0] : span[1]], round(a / b, 6), "ratio")


# Fractions written with a slash (issue 17, class 6): "more than 8/10 people", "around 3/4 of
# carers", "9 / 10": one ratio, not a count of 8. One digit over a denominator of 2 to 10, the
# numerator smaller; not a date ("14/02/2025": a slash follows), not a financial year ("22/23":
# two digits), not "24/7" (a span of structure, taken before)
_SLASH_FRACTION = regex.compile(r"(?<![\w.,£/-])(?P<a>[1-9])\s?/\s?(?P<b>[2-9]|10)(?![\d/.,]|\s?%)")
# ... or with "out of", in digits or words, before who is counted ("Seven out of 10 people")
_SMALL = r"[1-9]|10|" + "|".join(w for w, v in lexicon.NUMBER_WORDS.items() if v <= 10)
_OUT_OF_FRACTION = regex.compile(
    r"(?<![\w.,£/-])(?P<a>" + _SMALL + r")\s+out\s+of\s+(?P<b>" + _SMALL + r")"
    r"(?=\s+(?:" + "|".join(regex.escape(w) for w in lexicon.FRACTION_COUNTED) + r")\b)",
    regex.IGNORECASE,
)


def _slash_fractions(text: str, s: int, e: int, inside) -> Iterator[_Mention]:
    """Fractions in ``[s, e)``: "8/10" (0.8), "2/3", "9 / 10", "Seven out of 10 people" (0.7)."""
    for m in (*_SLASH_FRACTION.finditer(text, s, e), *_OUT_OF_FRACTION.finditer(text, s, e)):
        a, b = _word_value(m.group("a")), _word_value(m.group("b"))
        if a is not None and b is not None and a < b and not inside(*m.span()):
            yield _Mention(m.start(), m.end(), m.group(), round(a / b, 6), "ratio")


_DECIMAL = regex.compile(r"\d+\.\d+")  # 1 in 3.5

_WORD_SPLIT = regex.compile(r"[\s-]+")  # twenty-five, two hundred


def _word_value(words: str) -> float | None:
    if words.replace(",", "").isdigit():  # "1 in 1,000"
        return float(words.replace(",", ""))
    if _DECIMAL.fullmatch(words):  # "1 in 3.5"
        return float(words)
    total, current = 0, 0
    for word in _WORD_SPLIT.split(words.lower()):
        if word == "and" or not word:
            continue
        if word in lexicon.NUMBER_WORDS:
            current += lexicon.NUMBER_WORDS[word]
        elif word == "hundred":
            current = max(current, 1) * 100
        elif word in lexicon.MULTIPLIER_WORDS:  # "thousand", "one million"
            total += max(current, 1) * lexicon.MULTIPLIER_WORDS[word]
            current = 0
        else:
            return None
    return float(total + current) or None


def _number_words(text: str, sent, para_start: int) -> list[_Mention]:
    """Number words on spaCy tokens: "ten", "twenty-five", "two hundred", "fourth highest"."""
    # Most sentences hold digits only: one array of the tokens' lowercase ids (no Python
    # object per token) tells whether any token is a number or ordinal word at all.
    if sent is None:
        return []
    # ... and which: only those tokens are read (every other token is passed over below)
    words = [k for k, lower in enumerate(sent.to_array("LOWER").tolist()) if lower in _NUMBER_WORD_IDS]
    if not words:
        return []
    out = []
    tokens = list(sent)
    i = 0
    while i < len(tokens):
        at = bisect.bisect_left(words, i)  # the next number, ordinal or fraction word
        if at == len(words):
            break
        i = words[at]
        token = tokens[i]
        low = token.lower_
        if low in lexicon.FRACTION_WORDS:
            fraction = _fraction(text, tokens, i, para_start)
            if fraction is not None:
                out.append(fraction)
                i += 1
                continue
        if low in lexicon.ORDINAL_WORDS:
            nxt = tokens[i + 1].lower_ if i + 1 < len(tokens) else ""
            if nxt in lexicon.RANK_SUPERLATIVES:
                s = para_start + token.idx
                out.append(
                    _Mention(
                        s,
                        s + len(token.text),
                        token.text,
                        float(lexicon.ORDINAL_WORDS[low]),
                        "rank",
                        word=True,
                        ordinal=True,
                    )
                )
            i += 1
            continue
        if low not in lexicon.NUMBER_WORDS and low not in lexicon.MULTIPLIER_WORDS:
            i += 1
            continue
        j = i + 1
        while j < len(tokens):
            t = tokens[j].lower_
            if t in lexicon.NUMBER_WORDS or t in lexicon.MULTIPLIER_WORDS:
                j += 1
            elif (
                t in ("-", "and")
                and j + 1 < len(tokens)
                and (tokens[j + 1].lower_ in lexicon.NUMBER_WORDS)
                and (t == "-" or tokens[j - 1].lower_ in lexicon.MULTIPLIER_WORDS)
            ):
                j += 2
            else:
                break
        s = para_start + tokens[i].idx
        e = para_start + tokens[j - 1].idx + len(tokens[j - 1].text)
        surface = text[s:e]
        value = _word_value(surface)
        i = j
        if value is None:
            continue
        k = j + 1 if j < len(tokens) and tokens[j].lower_ == "-" else j
        if (
            k + 1 < len(tokens)
            and tokens[k].lower_ in lexicon.FRACTION_WORDS
            and tokens[k + 1].lower_ in ("of", "(")
        ):
            continue  # the count of a fraction: "two thirds of", "two thirds (64%) of"
        out.append(_Mention(s, e, surface, value, None, word=True))
    return out


_YEAR = regex.compile(r"(?:19|20)\d{2}")  # a quarter of 2024


def _fraction(text: str, tokens, i: int, para_start: int) -> _Mention | None:
    """A share in words at token ``i``: "a third of people", "two-thirds of carers", "Half of
    the respondents" (a ratio); not "the first half of 2024", "a third party"."""
    if i + 2 >= len(tokens) or tokens[i + 1].lower_ != "of":
        return None
    k = i - 2 if i >= 2 and tokens[i - 1].lower_ == "-" else i - 1
    count = lexicon.FRACTION_COUNTS.get(tokens[k].lower_) if k >= 0 else None
    first = k if count is not None else i
    if count is None and tokens[i].lower_ != "half":
        return None  # "the third of five"
    if first and (
        tokens[first - 1].lower_ in lexicon.FRACTION_NOT_AFTER
        or tokens[first - 1].lower_ in lexicon.ORDINAL_WORDS
    ):
        return None  # "the first half of"
    after = tokens[i + 2]
    if after.lower_ in ("the", "this", "that", "a") and i + 3 < len(tokens):
        after = tokens[i + 3]
    if after.lower_ in lexicon.FRACTION_PERIOD_WORDS or _YEAR.fullmatch(after.text):
        return None  # "half of the year", "a quarter of 2024"
    s = para_start + tokens[first].idx
    e = para_start + tokens[i].idx + len(tokens[i].text)
    return _Mention(
        s, e, text[s:e], round((count or 1) * lexicon.FRACTION_WORDS[tokens[i].lower_], 6), "ratio"
    )


# ---------------------------------------------------------------------------------------------
# spaCy: one blank English tokenizer and a phrase matcher for judgement words, built lazily once.
_NLP = None
_JUDGEMENTS = None
_NUMBER_WORD_IDS: frozenset[int] = frozenset()  # vocabulary ids of the number and ordinal words


def _nlp():
    global _NLP, _JUDGEMENTS, _NUMBER_WORD_IDS
    if _NLP is None:
        import spacy
        from spacy.matcher import PhraseMatcher

        nlp = spacy.blank("en")
        matcher = PhraseMatcher(nlp.vocab, attr="LOWER")
        matcher.add(
            "JUDGEMENT",
            [
                nlp.make_doc(p)
                for p in (
                    *lexicon.JUDGEMENT_PHRASES,
                    *lexicon.TARGET_JUDGEMENTS,
                    *lexicon.PREVIOUS_JUDGEMENTS,
                )
            ],
        )
        words = [
            *lexicon.NUMBER_WORDS,
            *lexicon.MULTIPLIER_WORDS,
            *lexicon.ORDINAL_WORDS,
            *lexicon.FRACTION_WORDS,
        ]
        _NUMBER_WORD_IDS = frozenset(nlp.vocab.strings.add(word) for word in words)
        _NLP, _JUDGEMENTS = nlp, matcher
    return _NLP


def _judgement_matcher():
    """The phrase matcher of judgement words ("slightly better", "in line with"), built with
    the tokenizer (on the tokens of ``_nlp()``)."""
    _nlp()
    return _JUDGEMENTS
