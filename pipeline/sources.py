"""Dataset citations: "(Adult Social Care Survey, October 2024)", "(SACE, 2024)".

Input: the report text and a range ``[start, end)`` of it (a sentence). Output: ``Source``
models in text order, with half-open offsets into the same text; ``text`` is the citation as
written, without its brackets. Known datasets (``pipeline.lexicon.DATASETS``) get their
canonical long name; a well-formed citation of an unknown body ("(Some Local Partnership
Board, 2023/2024)") is kept as written with ``known=False``.
"""

from __future__ import annotations

from functools import lru_cache

import regex

from pipeline.lexicon import DATASETS, MONTHS, NOT_SOURCE_WORDS, Dataset
from pipeline.models import Source

# "October 2024", "2023/24", "2023-2024", "2023 to 2024", "2024"
DATE = (
    r"(?:(?:Q[1-4]\s+)?(?:(?:\d{1,2}\s+)?(?:" + "|".join(MONTHS) + r")\s+)?"
    r"(?:19|20)\d{2}(?:\s*(?:[-/–]|to)\s*(?:(?:" + "|".join(MONTHS) + r")\s+)?\d{2,4}\b)?)"
)

# What may follow a dataset's name inside one citation:
# "Survey of Adult Carers (SACE), June 2024", "Adult Social Care Survey (ASCS) for 2023/24",
# "Adult Social Care Survey, 2023, ASCS", "Survey of Adult Carers in England (SACE) 2023-24".
_TAIL = regex.compile(
    r"""
    (?:\s*\((?P<abbr>[A-Z][A-Za-z-]{1,9})\))?            # (SACE)
    (?:\s+\d{1,2}[A-Z](?:\(\d{1,2}[a-z]?\))?(?![\w(]))?    # a measure code: ASCOF 2B(1), ASCOF 1C(2a)
    (?:
        (?:\s*,\s*|\s+(?:for|in|from|data\s+for|data\s+from)\s+|\s+)
        (?P<date>""" + DATE + r""")
        (?:\s*,\s*(?P<abbr2>[A-Z][A-Z-]{1,9})\b)?        # , ASCS
    )?
    """,
    regex.VERBOSE,
)

# A year written right before the name: "in the 2021 Census", "the 2023-24 Adult Social Care Survey"
# ("the October 2024 Adult Social Care Survey"; not "Mental Capacity Act 2005 Census returns")
_DATE_BEFORE = regex.compile(
    r"(?<!\bAct\s{1,3})(?<![\w/–-])(?P<date>(?:(?:" + "|".join(MONTHS) + r")\s+)?"
    r"(?:19|20)\d{2}(?:\s*[-/–]\s*\d{2,4})?)\s+$"
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
      (?P<date>""" + DATE + r""")
    )
    \)
    """,
    regex.VERBOSE,
)


@lru_cache(maxsize=1)
def _dataset_patterns() -> tuple[regex.Pattern, regex.Pattern, dict[str, Dataset]]:
    by_key: dict[str, Dataset] = {}
    names: list[str] = []
    abbreviations: list[str] = []
    for dataset in DATASETS:
        for variant in (dataset.name, *dataset.variants):
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
        alternatives = [(r"\s+" if ch == " " else regex.escape(ch)) + emit(child)
                        for ch, child in sorted(node.items()) if ch]
        if not alternatives:
            return ""
        group = "(?:" + "|".join(alternatives) + ")"
        return group + "?" if "" in node else group

    return emit(root)


def _key(name: str) -> str:
    return " ".join(name.lower().split())


def find_sources(text: str, start: int = 0, end: int | None = None) -> list[Source]:
    """Citations inside ``text[start:end]``, in text order."""
    end = len(text) if end is None else end
    name_re, abbr_re, by_key = _dataset_patterns()
    found: list[Source] = []
    taken: list[tuple[int, int]] = []

    def free(s: int, e: int) -> bool:
        return all(e <= a or s >= b for a, b in taken)

    for pattern in (name_re, abbr_re):
        for match in pattern.finditer(text, start, end):
            if not free(match.start(), match.end()):
                continue
            dataset = by_key.get(_key(match.group()), by_key.get(match.group()))
            if dataset is None:
                continue
            tail = _TAIL.match(text, match.end(), end)
            stop = tail.end() if tail else match.end()
            date = tail.group("date") if tail else None
            first = match.start()
            if date is None:
                before = _DATE_BEFORE.search(text, max(start, first - _DATE_BEFORE_REACH), first)
                if before is not None and free(before.start(), first):
                    first, date = before.start(), before.group("date")
            found.append(
                Source(
                    name=dataset.name, abbreviation=dataset.abbreviation, date=date,
                    text=text[first:stop], start=first, end=stop, known=True,
                )
            )
            taken.append((first, stop))
    for match in _UNKNOWN.finditer(text, start, end):
        s, e = match.span("body")
        name = match.group("name").strip()
        words = name.split()
        capitalised = [w for w in words if w[:1].isupper()]
        if len(capitalised) < 2 or not free(s, e):
            continue
        if any(w.strip(".,") in NOT_SOURCE_WORDS for w in words):
            continue  # "(Equality Act 2010)" names a law
        found.append(
            Source(name=name, abbreviation=None, date=match.group("date"), text=text[s:e],
                   start=s, end=e, known=False)
        )
        taken.append((s, e))
    return sorted(found, key=lambda source: source.start)
