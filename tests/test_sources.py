"""Dataset citations: known names, abbreviations, typos and unknown citations (exact spans)."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import pytest
import regex

from pipeline import extract
from pipeline.stages import sources
from pipeline.stages.sources import _NEXT_SENTENCE, citation_after, find_sources

ASCS, SACE = "Adult Social Care Survey", "Survey of Adult Carers in England"

# (id, text, [(surface, name, abbreviation, date, known)])
CASES = [
    (
        "name-date",
        "care (Adult Social Care Survey, October 2024).",
        [("Adult Social Care Survey, October 2024", ASCS, "ASCS", "October 2024", True)],
    ),
    (
        "name-abbr-date",
        "average; 37.37% (Survey of Adult Carers (SACE), June 2024).",
        [("Survey of Adult Carers (SACE), June 2024", SACE, "SACE", "June 2024", True)],
    ),
    ("sace-short", "contact (SACE, 2024).", [("SACE, 2024", SACE, "SACE", "2024", True)]),
    ("ascs-short", "safe (ASCS, 2023-2024).", [("ASCS, 2023-2024", ASCS, "ASCS", "2023-2024", True)]),
    (
        "name-date-abbr",
        "care (Adult Social Care Survey, 2023, ASCS).",
        [("Adult Social Care Survey, 2023, ASCS", ASCS, "ASCS", "2023", True)],
    ),
    (
        "data-from-showed",
        "data from the Survey of Adult Carers in England (SACE) 2023-24 showed",
        [("Survey of Adult Carers in England (SACE) 2023-24", SACE, "SACE", "2023-24", True)],
    ),
    (
        "source-before-for",
        "National data from the Adult Social Care Survey (ASCS) for 2023/24 said",
        [("Adult Social Care Survey (ASCS) for 2023/24", ASCS, "ASCS", "2023/24", True)],
    ),
    (
        "shortand-typo",
        "(Shortand Long-Term Support, October 2024)",
        [
            (
                "Shortand Long-Term Support, October 2024",
                "Short and Long-Term Support",
                "SALT",
                "October 2024",
                True,
            )
        ],
    ),
    (
        "salt-abbr",
        "(SALT, 2023/24)",
        [("SALT, 2023/24", "Short and Long-Term Support", "SALT", "2023/24", True)],
    ),
    (
        "ascof",
        "(Adult Social Care Outcomes Framework, December 2024)",
        [
            (
                "Adult Social Care Outcomes Framework, December 2024",
                "Adult Social Care Outcomes Framework",
                "ASCOF",
                "December 2024",
                True,
            )
        ],
    ),
    (
        "ascof-abbr",
        "(ASCOF 2023/24)",
        [("ASCOF 2023/24", "Adult Social Care Outcomes Framework", "ASCOF", "2023/24", True)],
    ),
    (
        "skills-for-care-singular",
        "(Skills for Care Workforce Estimate, October 2024)",
        [
            (
                "Skills for Care Workforce Estimate, October 2024",
                "Skills for Care Workforce Estimates",
                None,
                "October 2024",
                True,
            )
        ],
    ),
    (
        "safeguarding-collection",
        "(Safeguarding Adults Collection, August 2024)",
        [
            (
                "Safeguarding Adults Collection, August 2024",
                "Safeguarding Adults Collection",
                "SAC",
                "August 2024",
                True,
            )
        ],
    ),
    (
        "ons",
        "(Office for National Statistics, June 2022)",
        [
            (
                "Office for National Statistics, June 2022",
                "Office for National Statistics",
                "ONS",
                "June 2022",
                True,
            )
        ],
    ),
    (
        "lowercase-variant-no-date",
        "(Adult social Care Survey).",
        [("Adult social Care Survey", ASCS, "ASCS", None, True)],
    ),
    (
        "after-comma",
        "average 12.08%, Survey of Adult Carers, June 2024).",
        [("Survey of Adult Carers, June 2024", SACE, "SACE", "June 2024", True)],
    ),
    (
        "unknown-kept",
        "met (Some Local Partnership Board, 2023/2024).",
        [
            (
                "Some Local Partnership Board, 2023/2024",
                "Some Local Partnership Board",
                None,
                "2023/2024",
                False,
            )
        ],
    ),
    (
        "unknown-no-comma",
        "met (Northshire Adult Safeguarding Partnership Board 2023/2024).",
        [
            (
                "Northshire Adult Safeguarding Partnership Board 2023/2024",
                "Northshire Adult Safeguarding Partnership Board",
                None,
                "2023/2024",
                False,
            )
        ],
    ),
    (
        "census-year-is-its-date",
        "mixed or multiple ethnic groups (Census 2021).",
        [("Census 2021", "Census", None, "2021", True)],
    ),
    (
        "year-before-name",
        "of people identified as Black in the 2021 Census.",
        [("2021 Census", "Census", None, "2021", True)],
    ),
    (
        "range-before-abbreviation",
        "The 2023-24 ASCS showed that most people felt safe.",
        [("2023-24 ASCS", ASCS, "ASCS", "2023-24", True)],
    ),
    (
        "month-year-before-name",
        "In the October 2024 Adult Social Care Survey, people said",
        [("October 2024 Adult Social Care Survey", ASCS, "ASCS", "October 2024", True)],
    ),
    (
        "law-year-is-not-a-source-date",
        "under the Mental Capacity Act 2005 Census returns",
        [("Census", "Census", None, None, True)],
    ),
    ("law-is-not-a-source", "duty (Equality Act 2010) applied.", []),
    ("plan-date-is-not-a-source", "a Healthy Ageing Plan (March 2024) was agreed.", []),
    ("local-data-is-not-a-source", "Local authority data indicated 82% of people.", []),
    # abbreviation and date in every order and punctuation
    (
        "abbr-short-years",
        "In the ASCS 22/23 results, 71% said so.",
        [("ASCS 22/23", ASCS, "ASCS", "22/23", True)],
    ),
    (
        "name-for-date",
        "the Adult Social Care Survey for 2022/23 found that",
        [("Adult Social Care Survey for 2022/23", ASCS, "ASCS", "2022/23", True)],
    ),
    (
        "name-date-then-abbr",
        "Adult Social Care Survey 2022/23 (ASCS) results showed",
        [("Adult Social Care Survey 2022/23 (ASCS)", ASCS, "ASCS", "2022/23", True)],
    ),
    (
        "name-abbr-then-year",
        "as reported in the Adult Social Care Survey (ASCS) 2022.",
        [("Adult Social Care Survey (ASCS) 2022", ASCS, "ASCS", "2022", True)],
    ),
    (
        "name-dated-month",
        "as the Adult Social Care Survey dated November 2023 showed",
        [("Adult Social Care Survey dated November 2023", ASCS, "ASCS", "November 2023", True)],
    ),
    (
        "abbr-and-date-in-one-bracket",
        "carers (Survey of Adult Carers in England (SACE, 2021-22)).",
        [("Survey of Adult Carers in England (SACE, 2021-22)", SACE, "SACE", "2021-22", True)],
    ),
    (
        "name-then-abbr-with-date",
        "most people (Adult Social Care Survey, ASCS 2023/24) said",
        [("Adult Social Care Survey, ASCS 2023/24", ASCS, "ASCS", "2023/24", True)],
    ),
    (
        "data-then-bracketed-date",
        "the vacancy rate (Skills for Care data (2022/23)) was",
        [("Skills for Care data (2022/23)", "Skills for Care Workforce Estimates", None, "2022/23", True)],
    ),
    (
        "name-published-in",
        "the Survey of Adult Carers in England published in 2022 showed",
        [("Survey of Adult Carers in England published in 2022", SACE, "SACE", "2022", True)],
    ),
    ("abbr-em-dash-years", "(SACE 2021—2022)", [("SACE 2021—2022", SACE, "SACE", "2021—2022", True)]),
    (
        "abbr-short-years-not-consecutive-is-no-date",
        "the ASCS 18-24 age group",
        [("ASCS", ASCS, "ASCS", None, True)],
    ),
    (
        "abbr-date-in-brackets",
        "most people (ASCS (2022/23)) said",
        [("ASCS (2022/23)", ASCS, "ASCS", "2022/23", True)],
    ),
    (
        "attributed-to-publisher",
        "Safeguarding Adults data collated and published by NHS England for 2022-23 showed",
        [
            (
                "Safeguarding Adults data collated and published by NHS England for 2022-23",
                "Safeguarding Adults Collection",
                "SAC",
                "2022-23",
                True,
            )
        ],
    ),
    (
        "lowercase-generic-wording-is-not-the-collection",
        "The local authority's own safeguarding adults data showed 40 enquiries.",
        [],
    ),
    (
        "office-of-national-statistics",
        "Office of National Statistics figures for 2022 showed",
        [
            (
                "Office of National Statistics figures for 2022",
                "Office for National Statistics",
                "ONS",
                "2022",
                True,
            )
        ],
    ),
    (
        "publisher-before-dataset",
        "of residents (Office of National Statistics Census 2021).",
        [("Office of National Statistics Census 2021", "Census", None, "2021", True)],
    ),
    (
        "abbr-publisher-before-dataset",
        "of residents (ONS Census 2021).",
        [("ONS Census 2021", "Census", None, "2021", True)],
    ),
    (
        "publisher-date-before-dataset",
        "of residents (ONS 2021 Census).",
        [("ONS 2021 Census", "Census", None, "2021", True)],
    ),
    # a council's own named document: kept as written, not known
    (
        "named-council-document",
        "The Kestlehurst State of the Borough report (2022) showed the 5th",
        [
            (
                "Kestlehurst State of the Borough report (2022)",
                "Kestlehurst State of the Borough report",
                None,
                "2022",
                False,
            )
        ],
    ),
    (
        "named-document-after-comma",
        "the Wymeford Annual Carers Review, 2023, found",
        [("Wymeford Annual Carers Review, 2023", "Wymeford Annual Carers Review", None, "2023", False)],
    ),
    (
        "named-document-in-brackets",
        "the 9th (Kestlehurst State of the Borough report, 2022).",
        [
            (
                "Kestlehurst State of the Borough report, 2022",
                "Kestlehurst State of the Borough report",
                None,
                "2022",
                False,
            )
        ],
    ),
    (
        "named-document-with-abbreviation",
        "the Wymeford Joint Strategic Needs Assessment (JSNA) 2023 set out",
        [
            (
                "Wymeford Joint Strategic Needs Assessment (JSNA) 2023",
                "Wymeford Joint Strategic Needs Assessment",
                None,
                "2023",
                False,
            )
        ],
    ),
    (
        "publisher-between-name-and-date",
        "(Safeguarding Adults Collection, NHS Digital, 2022/23)",
        [
            (
                "Safeguarding Adults Collection, NHS Digital, 2022/23",
                "Safeguarding Adults Collection",
                "SAC",
                "2022/23",
                True,
            )
        ],
    ),
    (
        "estimates-then-date",
        "(ONS population estimates, 2022)",
        [("ONS population estimates, 2022", "Office for National Statistics", "ONS", "2022", True)],
    ),
    (
        "dated-index-is-a-source",
        "ranked 45th on the Index of Multiple Deprivation 2019, where",
        [("Index of Multiple Deprivation 2019", "Index of Multiple Deprivation", "IMD", "2019", True)],
    ),
    ("undated-index-is-the-measure", "has an Index of Multiple Deprivation (IMD) score of 7", []),
    ("named-plan-is-not-a-source", "The Kestlehurst Ageing Well Plan (2022) set out", []),
    ("undated-named-document-is-not-a-source", "The Kestlehurst Borough Profile set out", []),
    # the pre-checks read the sentence case-folded: capitals and a dotted capital I still match
    (
        "capitals",
        "as the ADULT SOCIAL CARE SURVEY 2023 showed",
        [("ADULT SOCIAL CARE SURVEY 2023", ASCS, "ASCS", "2023", True)],
    ),
    (
        "named-document-dotted-capital-i",
        "the Wymeford Carers Rev\u0130ew (2023) found",
        [("Wymeford Carers Rev\u0130ew (2023)", "Wymeford Carers Rev\u0130ew", None, "2023", False)],
    ),
]


@pytest.mark.parametrize("text,expected", [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_find_sources(text: str, expected: list[tuple]) -> None:
    found = find_sources(text)
    assert [text[s.start : s.end] for s in found] == [e[0] for e in expected]
    for source, (surface, name, abbreviation, date, known) in zip(found, expected):
        assert source.text == surface == text[source.start : source.end]
        assert (source.name, source.abbreviation, source.date, source.known) == (
            name,
            abbreviation,
            date,
            known,
        )


def test_range_is_respected() -> None:
    text = "(SACE, 2024) then (ASCS, 2023)"
    found = find_sources(text, 13, len(text))
    assert [text[s.start : s.end] for s in found] == ["ASCS, 2023"]


# "the same survey" / "the same source" / "the same data": the dataset cited just before
SAME_CASES = [
    (
        "same-survey",
        "The Survey of Adult Carers in England (SACE, 2023) asked carers. "
        "The same survey showed 41% of carers had as much social contact as they wanted.",
        "The same survey",
        SACE,
        "2023",
    ),
    (
        "same-source-previous-paragraph",
        "Most people felt safe (ASCS, 2022/23).\n\n"
        "The same source showed 62% felt in control of their daily lives.",
        "The same source",
        ASCS,
        "2022/23",
    ),
    (
        "same-data-chained",
        "(ASCS, 2024) first. The same data gave 30%. The same data gave 31%.",
        "The same data",
        ASCS,
        "2024",
    ),
]


@pytest.mark.parametrize(
    "text,surface,name,date", [c[1:] for c in SAME_CASES], ids=[c[0] for c in SAME_CASES]
)
def test_same_dataset_as_before(text: str, surface: str, name: str, date: str) -> None:
    start = text.rindex(surface)
    found = find_sources(text, start - 4 if start >= 4 else 0, len(text))
    assert [text[s.start : s.end] for s in found] == [surface]
    assert (found[0].name, found[0].date, found[0].known) == (name, date, True)


def test_same_survey_with_nothing_before_is_no_source() -> None:
    text = "People were asked twice. The same survey showed 41% had enough contact."
    assert find_sources(text) == []


# A citation written as a sentence of its own cites the sentence before it
AFTER_CASES = [
    (
        "citation-alone",
        "were in line with the England average. Adult Social Care Survey (ASCS) 2022.",
        "Adult Social Care Survey (ASCS) 2022",
    ),
    ("labelled", "were in line with the England average. Source: SACE, 2023.", "SACE, 2023"),
    ("bracketed", "were in line with the England average. (ASCS, 2024).", "ASCS, 2024"),
    (
        "sentence-says-more",
        "were in line with the England average. The ASCS 2022 found 40% were happy.",
        None,
    ),
    ("next-paragraph", "were in line with the England average.\n\nASCS, 2022.", None),
]


@pytest.mark.parametrize("text,surface", [c[1:] for c in AFTER_CASES], ids=[c[0] for c in AFTER_CASES])
def test_citation_after(text: str, surface: str | None) -> None:
    end = text.find("\n")
    source = citation_after(text, text.index(".") + 1, len(text) if end < 0 else end)
    assert (source and text[source.start : source.end]) == surface


# The sentence after a sentence is read with a possessive body ("{3,160}+"), a shortcut for the
# lazy "{3,160}?": both must give the same match (or none) after every sentence end of the test
# texts, within the paragraph and to the end of the text. One case per file.
_LAZY_NEXT_SENTENCE = regex.compile(r"\s*(?P<body>[^.\n]{3,160}?)(?:\.(?=\s|$)|(?=\n)|$)")
_ROOT = Path(__file__).resolve().parent.parent
_TEXTS = sorted((_ROOT / "tests" / "texts").rglob("*.txt")) + sorted((_ROOT / "corpus").glob("*.txt"))
_NEXT_SENTENCE_CASES = [
    ("short", "Most felt safe. ASCS 2023.\n"),
    ("too-short", "Safe.  ab.\n"),
    ("long", "Safe. " + "a" * 170 + ". ASCS 2023.\n"),
    ("decimal-point", "Safe. ASCS 2.5 survey.\n"),
    ("at-end", "Safe. ASCS, 2023"),
]


def _span(match):
    return match and (match.span(), match.span("body"))


@pytest.mark.parametrize(
    "text",
    [c[1] for c in _NEXT_SENTENCE_CASES] + _TEXTS,
    ids=[c[0] for c in _NEXT_SENTENCE_CASES] + [str(p.relative_to(_ROOT)) for p in _TEXTS],
)
def test_next_sentence_shortcut_keeps_every_match(text) -> None:
    if isinstance(text, Path):
        text = text.read_text(encoding="utf-8", errors="surrogateescape")
    matched = 0
    for i, ch in enumerate(text):
        if ch not in ".\n":
            continue
        paragraph_end = text.find("\n\n", i + 1)
        for end in {len(text), len(text) if paragraph_end < 0 else paragraph_end}:
            expected = _span(_LAZY_NEXT_SENTENCE.match(text, i + 1, end))
            got = _span(_NEXT_SENTENCE.match(text, i + 1, end))
            assert got == expected, repr(text[i + 1 : i + 200])
            matched += expected is not None
    assert matched  # the case reads at least one sentence (a test that can fail)


# find_sources skips a pattern's scan when the range lacks every cue word of that pattern
# (sources._cues): each match must hold a cue, in every line and sentence of the test texts.
def _cue_checks():
    name_re, abbr_re, _ = sources._dataset_patterns()
    names, abbreviations, nouns = sources._cues()
    return (
        ("name", name_re, lambda m: sources._holds_any(sources._folded(m), names)),
        ("abbreviation", abbr_re, lambda m: sources._holds_any(m, abbreviations)),
        ("unknown", sources._UNKNOWN, lambda m: "(" in m),
        ("named-document", sources._NAMED_DOCUMENT, lambda m: sources._holds_any(sources._folded(m), nouns)),
    )


_CUE_CASES = [
    ("capitals", "as the ADULT SOCIAL CARE SURVEY 2023 showed (SOME LOCAL BOARD, 2022)"),
    (
        "dotted-capital-i",
        "the Wymeford Carers Rev\u0130ew (2023) and the \u0130ndex of Multiple Deprivation 2019",
    ),
    (
        "kelvin-and-long-s",
        "the Wymeford Carers Audit (2023), the \u017furvey and the Ta\u212aeaway Report 2022",
    ),
]


@pytest.mark.parametrize(
    "text",
    [c[1] for c in _CUE_CASES] + _TEXTS,
    ids=[c[0] for c in _CUE_CASES] + [str(p.relative_to(_ROOT)) for p in _TEXTS],
)
def test_cue_pre_checks_never_skip_a_match(text) -> None:
    from_file = isinstance(text, Path)
    if from_file:
        text = text.read_text(encoding="utf-8", errors="surrogateescape")
    ranges, line_start = [], 0
    for line in text.split("\n"):
        ranges.append((line_start, line_start + len(line)))
        sentence_start = line_start
        for piece in regex.finditer(r"[.!?](?=\s)", line):
            ranges.append((sentence_start, line_start + piece.end()))
            sentence_start = line_start + piece.end()
        line_start += len(line) + 1
    matched = 0
    for label, pattern, has_cue in _cue_checks():
        for start, end in ranges:
            for match in pattern.finditer(text, start, end):
                assert has_cue(match.group()), (label, match.group())
                matched += 1
    assert matched or from_file  # a written case holds a match (some test texts hold none)


@lru_cache(maxsize=1)
def _every_character() -> str:
    return "".join(chr(i) for i in range(0x110000) if not 0xD800 <= i < 0xE000)


@pytest.mark.parametrize(
    "letter",
    sorted(
        {
            ch
            for words in (sources._cues()[0], sources._cues()[2])
            for word in words
            for ch in word
            if ch.isalpha()
        }
    ),
)
def test_folding_matches_ignoring_case(letter: str) -> None:
    """Every character that a case-insensitive pattern matches to a letter of a name or noun cue
    (lowercase, as in the patterns) folds to it; abbreviations are matched as written."""
    same = regex.findall("(?i:" + regex.escape(letter) + ")", _every_character())
    assert same and all(sources._folded(ch) == sources._folded(letter) for ch in same), same


HEAD = (
    "Kestlehurst Borough Council: local authority assessment\n\nAssessing needs\n\nScore: 2\n\n"
    "The local authority commitment\n\nWe assess needs.\n\nKey findings for this quality statement\n\n"
)

# End to end: which citation each claim gets. (id, paragraph, [(claim, source name, date) ...])
CLAIM_CASES = [
    (
        "citation-sentence-after-two-claims",
        "Figures show 61.2% of people were satisfied and 77.4% felt in control, in line with the "
        "England average. Adult Social Care Survey (ASCS) 2022.",
        [("61.2%", ASCS, "2022"), ("77.4%", ASCS, "2022")],
    ),
    (
        "same-survey-next-sentence",
        "Carers were asked about their support (SACE, 2021-22). The same survey showed 38.5% of carers "
        "had as much social contact as they wanted.",
        [("38.5%", SACE, "2021-22")],
    ),
    (
        "publisher-then-dataset",
        "Of residents, 23.4% were aged over 65 (Office of National Statistics Census 2021).",
        [("23.4%", "Census", "2021")],
    ),
    (
        "council-document",
        "The Kestlehurst State of the Borough report (2022) showed Kestlehurst had the "
        "12th highest rate of loneliness in the region.",
        [("12th", "Kestlehurst State of the Borough report", "2022")],
    ),
]


@pytest.mark.parametrize("paragraph,expected", [c[1:] for c in CLAIM_CASES], ids=[c[0] for c in CLAIM_CASES])
def test_claim_sources(paragraph: str, expected: list[tuple]) -> None:
    report = extract(HEAD + paragraph + "\n")
    got = [
        (c.text, c.source.name if c.source else None, c.source.date if c.source else None)
        for c in report.claims
    ]
    assert got == expected
