"""Dataset citations: "(Adult Social Care Survey, October 2024)", "(SACE, 2024)".

Input: the report text and a range ``[start, end)`` of it (a sentence). Output: ``Source``
models in text order, with half-open offsets into the same text; ``text`` is the citation as
written, without its brackets. Known datasets (``pipeline.reference.lexicon.DATASETS``) get their
canonical long name; a well-formed citation of an unknown body ("(Some Local Partnership
Board, 2023/2024)") is kept as written with ``known=False``, and so is a council's own named
document with a date ("the <Council> State of the Borough report (2023)"). "The same survey"
("source", "data") carries the dataset cited before it in its paragraph or the one before.
``citation_after`` finds a citation written as a sentence of its own after a sentence;
``carried_citation`` the one that a sentence opening with an example or a pointer back ("For
example,", "Again,", "This survey also found") carries from before it in its paragraph.
Dates may be two years ("Census data from 2011 and 2021"); "censuses" names the Census.
"""

from __future__ import annotations

from functools import lru_cache

import regex

from pipeline.models import Source
from pipeline.reference.lexicon import (
    CARRY_OPENERS,
    DATASETS,
    DOCUMENT_NOUNS,
    MONTHS,
    NOT_SOURCE_WORDS,
    OWN_DATA,
    PUBLISHER_DATASETS,
    PUBLISHERS,
    SAME_DATASET_NOUNS,
    Dataset,
)

_MONTH = "(?:" + "|".join(MONTHS) + ")"
# "October 2024", "2023/24", "2023-2024", "2023 to 2024", "2011 and 2021", "2024", and a financial year in two
# two-digit years, "23/24" (consecutive years: checked by _plausible_date)
DATE = (
    r"(?:(?:Q[1-4]\s+)?(?:(?:\d{1,2}\s+)?" + _MONTH + r"\s+)?"
    r"(?:19|20)\d{2}(?:\s*(?:[-/–—]|to)\s*(?:" + _MONTH + r"\s+)?\d{2,4}\b|\s+and\s+(?:19|20)\d{2}\b)?"
    r"|(?<![\d/.,])\d{2}\s*[-/–—]\s*\d{2}(?![\d%/.,]))"
)
_SHORT_YEARS = regex.compile(r"(\d{2})\s*[-/–—]\s*(\d{2})")

_ABBR = r"[A-Z][A-Za-z-]{1,9}"
_PUBLISHER = r"(?:the\s+)?(?:" + "|".join(regex.escape(p).replace(r"\ ", r"\s+") for p in PUBLISHERS) + r")\b"

# What may follow a dataset's name inside one citation:
# "Survey of Adult Carers (SACE), June 2024", "Adult Social Care Survey (ASCS) for 2023/24",
# "Adult Social Care Survey, 2023, ASCS", "Survey of Adult Carers in England (SACE) 2023-24",
# "Adult Social Care Survey 2023/24 (ASCS)", "Adult Social Care Survey (ASCS) 2023", "ASCS 23/24",
# "(ASCS, 2023-2024)", "the Adult Social Care Survey dated October 2024",
# "Safeguarding Adults data collated and published by NHS England".
# The date is group "date" wherever it stands (the regex module lets groups share a name).
_TAIL = regex.compile(
    r"""
    (?:\s*\((?P<abbr>"""
    + _ABBR
    + r""")(?:\s*,?\s*(?P<date>"""
    + DATE
    + r"""))?\))?  # (SACE), (SACE, 2024)
    (?:\s+\d{1,2}[A-Z](?:\(\d{1,2}[a-z]?\))?(?![\w(]))?    # a measure code: ASCOF 2B(1), ASCOF 1C(2a)
    (?:,?\s+(?:collated\s+and\s+published|published|collated|produced|compiled)\s+by\s+
       """
    + _PUBLISHER
    + r""")?                                # published by NHS England
    (?:\s*,\s*"""
    + _PUBLISHER
    + r"""(?=\s*,))?                 # Safeguarding Adults Collection, NHS England, 2023/24
    (?(date)|(?:
        (?:\s+(?:data|figures|statistics|results|estimates|returns?))?   # ASCS (2023/24),
        \s*\((?P<date>"""
    + DATE
    + r""")\)                    # Skills for Care data (2023/24)
      | (?:(?:\s+(?:mid-year\s+|population\s+)?(?:data|figures|statistics|results|estimates|returns?))?
            \s*,\s*                                         # ONS mid-year estimates, 2023
          |\s+(?:(?:data|figures|statistics|results|estimates|returns?)\s+)?(?:for|in|from|dated|of
              |published\s+in)\s+
          |\s+)
        (?P<date>"""
    + DATE
    + r""")
        (?:\s*,\s*(?P<abbr2>[A-Z][A-Z-]{1,9})\b               # , ASCS
          |\s*\((?P<abbr2>"""
    + _ABBR
    + r""")\))?               # (ASCS)
    )?)
    """,
    regex.VERBOSE,
)

# A year written right before the name: "in the 2021 Census", "the 2023-24 Adult Social Care Survey"
# ("the October 2024 Adult Social Care Survey"; not "Mental Capacity Act 2005 Census returns")
_DATE_BEFORE = regex.compile(
    r"(?<!\bAct\s{1,3})(?<![\w/–-])(?P<date>(?:(?:19|20)\d{2}\s+and\s+)?"  # "the 2011 and 2021 Censuses"
    r"(?:(?:" + "|".join(MONTHS) + r")\s+)?"
    r"(?:19|20)\d{2}(?:\s*[-/–]\s*\d{2,4})?|\d{2}/\d{2})\s+$"  # "the 22/23 ASCS"
)
_DATE_BEFORE_REACH = 26  # characters before a name that may hold that date ("September 2023/2024 ")

# An unknown but well-formed citation in brackets: capitalised name, then a date.
# "(Some Local Partnership Board, 2023/2024)"
_UNKNOWN = regex.compile(
    r"""
    \(
    (?P<body>
      (?P<name>[A-Z][\w'&.-]*(?:\s+(?:[A-Z][\w'&.-]*|and|of|for|the|in|on|&|-|–))*?)
      \s*,?\s+
      (?P<date>"""
    + DATE
    + r""")
    )
    \)
    """,
    regex.VERBOSE,
)

# A council's own named document with a date: "the <Council> State of the Borough report (2023)"
# (also "..., 2023" and "... 2023"); kept as written with ``known=False``.
_NAMED_DOCUMENT = regex.compile(
    r"""
    (?:\b[Tt]he\s+(?:(?:borough|council|county|city|district|authority|local\s+authority)['’]s\s+)?
      |\b(?:[Ii]ts|[Tt]heir|[Oo]ur)\s+|(?<=\())              # the ..., the borough's ..., its ..., (...
    (?P<name>\p{Lu}[\w'’&.-]*(?:\s+(?:\p{Lu}[\w'’&.-]*|of|the|and|for|in|on|&))*?
      \s+(?i:"""
    + "|".join(n.replace(" ", r"\s+") for n in DOCUMENT_NOUNS)
    + r"""))
    (?:\s*\([A-Z]{2,8}\))?                                   # Joint Strategic Needs Assessment (JSNA) 2023
    (?:\s*\(\s*(?P<date>"""
    + DATE
    + r""")\s*\)                 # report (2023)
      |\s*,\s*(?P<date>"""
    + DATE
    + r""")(?=[\s,.;:)]|$)         # report, 2023, outlined
      |\s+(?:for\s+|of\s+)?(?P<date>"""
    + DATE
    + r""")\b)       # report 2023 outlined
    """,
    regex.VERBOSE,
)

_ONE_YEAR = regex.compile(r"(?:19|20)\d{2}")  # "2024", not "2024-2029"

# "The same survey", "the same source", "the same data": the dataset cited just before.
_SAME = regex.compile(
    r"\b[Tt]he\s+same\s+(?:"
    + "|".join(sorted((n.replace(" ", r"\s+") for n in SAME_DATASET_NOUNS), key=len, reverse=True))
    + r")\b"
)
# Between a dataset's name and its abbreviation written as a second citation: "Adult Social
# Care Survey, ASCS 2023/24", "Adult Social Care Survey - ASCS, 2023"
_JOINS_SAME = regex.compile(r"\s*[,;:(–-]?\s*")
_SAME_DEPTH = 4  # "the same data" refers back at most this many times in a chain
_SAME_REACH = 2_000  # characters before it where its dataset may be cited

# A citation standing as a sentence of its own: "... in line with the England and regional
# averages. Adult Social Care Survey (ASCS) 2023." Around it: brackets, punctuation, "Source:".
_ALONE_REST = regex.compile(r"[\s()\[\].,;:]*(?:(?:data\s+)?sources?\s*:)?[\s()\[\].,;:]*", regex.I)
# The body runs to the first "." or line break (or the end): no shorter body can be followed by
# the end of a sentence, so it is taken whole, possessively ("{3,160}+"): a sentence longer than
# 160 characters then fails at once instead of retrying each shorter body (the lazy "{3,160}?"
# gave the same matches, ten times slower on the long sentences of a report).
_NEXT_SENTENCE = regex.compile(r"\s*(?P<body>[^.\n]{3,160}+)(?:\.(?=\s|$)|(?=\n)|$)")


@lru_cache(maxsize=1)
def _dataset_patterns() -> tuple[regex.Pattern, regex.Pattern, dict[str, Dataset]]:
    by_key: dict[str, Dataset] = {}
    names: list[str] = []
    abbreviations: list[str] = []
    for dataset in DATASETS:
        for variant in (dataset.name, *dataset.variants, *dataset.cased_variants):
            by_key[_key(variant)] = dataset
            names.append(variant)
        if dataset.abbreviation:
            by_key[dataset.abbreviation] = dataset
            abbreviations.append(dataset.abbreviation)
    # Longest variant wins ("Survey of Adult Carers in England" over "Survey of Adult Carers"):
    # the trie tries longer names first. Case is ignored: "Adult social Care Survey" is printed so.
    name_re = regex.compile(r"\b" + _trie(name.lower() for name in names) + r"\b", regex.IGNORECASE)
    abbr_re = regex.compile(r"(?<![\w-])(?:" + "|".join(map(regex.escape, abbreviations)) + r")(?![\w-])")
    return name_re, abbr_re, by_key


# Cheap pre-checks: a scan is skipped when its range lacks a word that every match of the
# pattern contains (most sentences cite nothing). The case-insensitive patterns are checked
# against the range case-folded once: "ADULT Social" holds "adult".
@lru_cache(maxsize=1)
def _cues() -> tuple[tuple[str, ...], tuple[str, ...], tuple[str, ...]]:
    """Words every match contains: the first word of a dataset's name ("adult", "survey"),
    matched ignoring case; one of the abbreviations ("ASCS"), as written; the last word of a
    document noun ("report", "assessment"), ignoring case."""
    names = {
        _folded(variant.lower().split()[0])
        for dataset in DATASETS
        for variant in (dataset.name, *dataset.variants, *dataset.cased_variants)
    }
    abbreviations = {dataset.abbreviation for dataset in DATASETS if dataset.abbreviation}
    nouns = {_folded(noun.split()[-1]) for noun in DOCUMENT_NOUNS}
    return _fewest(names), _fewest(abbreviations), _fewest(nouns)


def _fewest(words: set[str]) -> tuple[str, ...]:
    """The words less those holding another ("short" is in "shortand": "shortand" is not needed)."""
    return tuple(sorted(w for w in words if not any(o != w and o in w for o in words)))


def _holds_any(text: str, words: tuple[str, ...]) -> bool:
    for word in words:
        if word in text:
            return True
    return False


def _folded(text: str) -> str:
    """``text`` case-folded as the case-insensitive patterns match it. "İ" matches "i" but
    casefolds to "i" and a combining dot, so it is read as "i" first; every other character
    they match to an ASCII letter ("K" Kelvin, "ſ") casefolds to that letter (a test checks)."""
    return text.replace("\u0130", "i").casefold()


def _trie(names) -> str:
    r"""The names as one regex trie, a space matching any white space:
    "adult carers survey", "adult social care survey" -> "adult\s+(?:carers\s+survey|social...)".

    On lowercase names (matched with IGNORECASE) at most one branch fits the next character,
    and a name that continues is tried before the name that ends there, so the match is the
    one the longest-first alternation of the names would give, found in half the time.
    """
    root: dict = {}
    for name in names:
        node = root
        for ch in name:
            node = node.setdefault(ch, {})
        node[""] = {}  # a name ends here

    def emit(node) -> str:
        alternatives = [
            (r"\s+" if ch == " " else regex.escape(ch)) + emit(child)
            for ch, child in sorted(node.items())
            if ch
        ]
        if not alternatives:
            return ""
        group = "(?:" + "|".join(alternatives) + ")"
        return group + "?" if "" in node else group

    return emit(root)


def _key(name: str) -> str:
    return " ".join(name.lower().split())


# Variants that name a dataset only written so: key -> the variant as written.
_CASED: dict[str, str] = {_key(v): v for d in DATASETS for v in d.cased_variants}


def _plausible_date(date: str | None) -> bool:
    """A date in two-digit years names a financial year: "23/24", never "23/27"."""
    short = _SHORT_YEARS.fullmatch(date) if date else None
    return short is None or int(short[2]) == (int(short[1]) + 1) % 100


def find_sources(text: str, start: int = 0, end: int | None = None) -> list[Source]:
    """Citations inside ``text[start:end]``, in text order.

    "The same survey" is resolved against the text before it (its paragraph and the one
    before), which may lie before ``start``."""
    return _find(text, start, len(text) if end is None else end, resolve_same=True)


def _find(text: str, start: int, end: int, resolve_same: bool) -> list[Source]:
    name_re, abbr_re, by_key = _dataset_patterns()
    name_cues, abbreviation_cues, noun_cues = _cues()
    written = text[start:end]
    folded = _folded(written)
    found: list[Source] = []
    taken: list[tuple[int, int]] = []

    def free(s: int, e: int) -> bool:
        return all(e <= a or s >= b for a, b in taken)

    scans = []
    if _holds_any(folded, name_cues):
        scans.append(name_re)
    if _holds_any(written, abbreviation_cues):
        scans.append(abbr_re)
    for pattern in scans:
        for match in pattern.finditer(text, start, end):
            if not free(match.start(), match.end()):
                continue
            key = _key(match.group())
            dataset = by_key.get(key, by_key.get(match.group()))
            if dataset is None or (key in _CASED and " ".join(match.group().split()) != _CASED[key]):
                continue
            tail = _TAIL.match(text, match.end(), end)
            stop = tail.end() if tail else match.end()
            date = tail.group("date") if tail else None
            if not _plausible_date(date):  # "ASCS 23/27": no date
                stop, date = match.end(), None
            first = match.start()
            if date is None:
                before = _DATE_BEFORE.search(text, max(start, first - _DATE_BEFORE_REACH), first)
                if (
                    before is not None
                    and free(before.start(), first)
                    and _plausible_date(before.group("date"))
                ):
                    first, date = before.start(), before.group("date")
            if date is None and dataset.dated_only:
                continue
            found.append(
                Source(
                    name=dataset.name,
                    abbreviation=dataset.abbreviation,
                    date=date,
                    text=text[first:stop],
                    start=first,
                    end=stop,
                    known=True,
                )
            )
            taken.append((first, stop))
    found = _attributed(text, sorted(found, key=lambda source: source.start))
    for match in _UNKNOWN.finditer(text, start, end) if "(" in written else ():
        s, e = match.span("body")
        name = match.group("name").strip()
        words = name.split()
        capitalised = [w for w in words if w[:1].isupper()]
        if len(capitalised) < 2 or not free(s, e):
            continue
        if any(w.strip(".,") in NOT_SOURCE_WORDS for w in words):
            continue  # "(Equality Act 2010)" names a law
        found.append(
            Source(
                name=name,
                abbreviation=None,
                date=match.group("date"),
                text=text[s:e],
                start=s,
                end=e,
                known=False,
            )
        )
        taken.append((s, e))
    for match in _NAMED_DOCUMENT.finditer(text, start, end) if _holds_any(folded, noun_cues) else ():
        s, e = match.start("name"), match.end()
        words = match.group("name").split()
        # a strategy of one year is a document that reports ("the borough's Carers Strategy 2024
        # found"); one over years is a plan ("Carers Strategy (2024-2029)"): no source
        named = words[:-1] if words[-1] == "Strategy" and _ONE_YEAR.fullmatch(match.group("date")) else words
        if sum(w[:1].isupper() for w in words) < 2 or any(w.strip(".,") in NOT_SOURCE_WORDS for w in named):
            continue
        # "its Mental Health and Wellbeing JSNA 2023": the council's own document of a kind every
        # council writes is cited by its own name (a known citation inside it gives way)
        inside = [f for f in found if f.known and s < f.start and f.end <= e and by_key[_key(f.name)].local]
        if inside:
            found = [f for f in found if f not in inside]
            taken = [t for t in taken if t not in [(f.start, f.end) for f in inside]]
        if not free(s, e):
            continue
        found.append(
            Source(
                name=" ".join(words),
                abbreviation=None,
                date=match.group("date"),
                text=text[s:e],
                start=s,
                end=e,
                known=False,
            )
        )
        taken.append((s, e))
    if resolve_same and text.find("same", start, end) >= 0:  # rare: skip the scan without it
        for match in _SAME.finditer(text, start, end):
            if not free(*match.span()):
                continue
            earlier = _earlier_source(text, match.start())
            if earlier is None:
                continue
            tail = _TAIL.match(text, match.end(), end)
            date = tail.group("date") if tail is not None and tail.group("date") else None
            stop = tail.end() if date is not None else match.end()
            found.append(
                earlier.model_copy(
                    update={
                        "date": date or earlier.date,
                        "text": text[match.start() : stop],
                        "start": match.start(),
                        "end": stop,
                    }
                )
            )
            taken.append((match.start(), stop))
    return sorted(found, key=lambda source: source.start)


def _attributed(text: str, found: list[Source]) -> list[Source]:
    """Two known citations side by side that are one: a publisher written right before a
    dataset attributes it ("(Office of National Statistics Census 2021)" cites the Census,
    2021); a name and its abbreviation with the date ("(Adult Social Care Survey, ASCS
    2023/24)") cite the dataset once."""
    out: list[Source] = []
    for source in found:
        previous = out[-1] if out else None
        gap = text[previous.end : source.start] if previous is not None else ""
        if (
            previous is not None
            and previous.known
            and source.known
            and (
                previous.name in PUBLISHER_DATASETS
                and source.name not in PUBLISHER_DATASETS
                and not gap.strip()
                or previous.name == source.name
                and _JOINS_SAME.fullmatch(gap)
            )
        ):
            # "ONS 2021 Census": the date read after the publisher is the dataset's
            out[-1] = source.model_copy(
                update={
                    "text": text[previous.start : source.end],
                    "start": previous.start,
                    "date": source.date or previous.date,
                }
            )
            continue
        out.append(source)
    return out


def _earlier_source(text: str, position: int) -> Source | None:
    """The last citation before ``position`` in its paragraph or the paragraph before it; when
    there is none but another "the same survey" is there, the one that refers to."""
    for _ in range(_SAME_DEPTH):
        line_start = text.rfind("\n", 0, position) + 1
        back = line_start
        while back > 0 and text[back - 1].isspace():
            back -= 1
        window = text.rfind("\n", 0, back) + 1 if back > 0 else line_start
        window = max(window, position - _SAME_REACH)
        earlier = [s for s in _find(text, window, position, resolve_same=False) if s.end <= position]
        if earlier:
            return earlier[-1]
        chained = _SAME.search(text, window, position)
        if chained is None:
            return None
        position = chained.start()
    return None


def citation_after(text: str, position: int, end: int) -> Source | None:
    """The citation written as a sentence of its own right after ``position`` (the end of a
    sentence) and before ``end``: "... in line with the England average. Adult Social Care
    Survey (ASCS) 2023." cites the data of the sentence before. None when that sentence says
    anything more than the citation."""
    sentence = _NEXT_SENTENCE.match(text, position, end)
    if sentence is None:
        return None
    s, e = sentence.span("body")
    found = find_sources(text, s, e)
    if len(found) != 1 or not found[0].known:
        return None
    source = found[0]
    if _ALONE_REST.fullmatch(text, s, source.start) and _ALONE_REST.fullmatch(text, source.end, e):
        return source
    return None


# A sentence that gives examples of, or goes on from, the data cited before it (see
# lexicon.CARRY_OPENERS): "For example, 61.2% ...", "Again, ...", "This survey also found ..."
_CARRY_OPENER = regex.compile(r"\W*(?:" + "|".join(CARRY_OPENERS) + r")\b", regex.IGNORECASE)
_OWN_DATA = regex.compile(r"\b" + OWN_DATA + r"\b", regex.IGNORECASE)


def carried_citation(
    text: str, sentence_start: int, paragraph_start: int, sentence_end: int | None = None
) -> Source | None:
    """The citation a sentence that opens with an example or a pointer back ("For example,",
    "Again,", "The same data showed", "This survey also found") carries from before it: the last
    one cited in its paragraph before it (a later citation takes over from an earlier; a new
    paragraph starts with none). None for any other sentence, and for one that names data of
    its own ("Again, the council's own data showed ...")."""
    if not _CARRY_OPENER.match(text, sentence_start, sentence_start + 80):
        return None
    if sentence_end is not None and _OWN_DATA.search(text, sentence_start, sentence_end):
        return None
    found = find_sources(text, paragraph_start, sentence_start)
    return found[-1] if found else None


_LEAD_REACH = 400
# A number no citation holds: a share, an amount of money ("Of these, 40% ..."): the sentence
# has numbers of its own, whatever it cites (a cheap first look; digits are counted after)
_OWN_NUMBERS = regex.compile(r"\d\s?%|£\s?\d")
# The end of a sentence before the next one: "changed. Some 19.4% ...", "borough!\n"
_SENTENCE_STOP = regex.compile(r"[.!?][)\]\"'”’]*\s+")


def lead_in_citation(
    text: str, sentence_start: int, paragraph_start: int, sentence_end: int | None = None
) -> Source | None:
    """The dataset named by the sentence just before ``sentence_start`` in its paragraph when
    that sentence has no numbers of its own: "Figures from the 2021 Census describe how the
    borough has changed. Some 19.4% of residents ..." (the 2021 Census, 2021, for the claims of
    the second sentence; the caller gives it only to a sentence that names no source itself).
    A date, or a number inside the citation, is no number of the sentence's own. The dataset is
    named in the sentence's words, not cited in brackets after them. None for a sentence that
    names data of its own ("Again, the council's own data showed ...")."""
    # the sentence before: back to the stop before it (a sentence over _LEAD_REACH characters
    # is read from there: a lead-in is short)
    reach = max(paragraph_start, sentence_start - _LEAD_REACH)
    stops = [
        m.end() for m in _SENTENCE_STOP.finditer(text, reach, sentence_start) if m.end() < sentence_start
    ]
    start = stops[-1] if stops else reach
    if start >= sentence_start or _OWN_NUMBERS.search(text, start, sentence_start):
        return None
    # no word every dataset name, abbreviation or document name holds: no citation (an
    # unknown citation is always in brackets: never a lead-in)
    written = text[start:sentence_start]
    names, abbreviations, nouns = _cues()
    folded = _folded(written)
    if not (_holds_any(folded, names) or _holds_any(written, abbreviations) or _holds_any(folded, nouns)):
        return None
    found = find_sources(text, start, sentence_start)
    if not found:
        return None
    rest, at = [], start
    for source in found:
        rest.append(text[at : source.start])
        at = max(at, source.end)
    rest.append(text[at:sentence_start])
    if any(ch.isdigit() for part in rest for ch in part):
        return None  # numbers of its own: its citation is theirs
    last = found[-1]
    if text[start : last.start].rstrip().endswith(("(", "[")):
        # a bracketed citation closes what its own sentence says ("Survey results were positive
        # (ASCS, 2024)."): the next sentence is not read from it
        return None
    if sentence_end is not None and _OWN_DATA.search(text, sentence_start, sentence_end):
        return None
    return last


# A citation that is the subject of a clause of its own after the claim: "61% of residents were
# of working age, with the latest census data indicating growth in older residents" (the census
# speaks of the growth, not of the 61%)
_WITH_BEFORE = regex.compile(r",\s*with\s+(?:the\s+)?(?:(?:latest|most\s+recent|recent|same)\s+)?$", regex.I)
_WITH_AFTER = regex.compile(
    r"\s+(?:(?:data|figures|results|estimates|statistics)\s+)?"
    r"(?:indicating|showing|suggesting|revealing|pointing|recording)\b",
    regex.I,
)


def cites_own_clause(text: str, source: Source, claim_end: int) -> bool:
    """True when ``source``, after a claim ending at ``claim_end``, opens a "with ... showing"
    clause of its own: it does not cover the claim."""
    return bool(
        _WITH_BEFORE.search(text, max(claim_end, source.start - 60), source.start)
        and _WITH_AFTER.match(text, source.end)
    )
