"""Dataset citations: known names, abbreviations, typos and unknown citations (exact spans)."""

from __future__ import annotations

import pytest

from pipeline.sources import find_sources

ASCS, SACE = "Adult Social Care Survey", "Survey of Adult Carers in England"

# (id, text, [(surface, name, abbreviation, date, known)])
CASES = [
    ("name-date", "care (Adult Social Care Survey, October 2024).",
     [("Adult Social Care Survey, October 2024", ASCS, "ASCS", "October 2024", True)]),
    ("name-abbr-date", "average; 37.37% (Survey of Adult Carers (SACE), June 2024).",
     [("Survey of Adult Carers (SACE), June 2024", SACE, "SACE", "June 2024", True)]),
    ("sace-short", "contact (SACE, 2024).", [("SACE, 2024", SACE, "SACE", "2024", True)]),
    ("ascs-short", "safe (ASCS, 2023-2024).", [("ASCS, 2023-2024", ASCS, "ASCS", "2023-2024", True)]),
    ("name-date-abbr", "care (Adult Social Care Survey, 2023, ASCS).",
     [("Adult Social Care Survey, 2023, ASCS", ASCS, "ASCS", "2023", True)]),
    ("data-from-showed", "data from the Survey of Adult Carers in England (SACE) 2023-24 showed",
     [("Survey of Adult Carers in England (SACE) 2023-24", SACE, "SACE", "2023-24", True)]),
    ("source-before-for", "National data from the Adult Social Care Survey (ASCS) for 2023/24 said",
     [("Adult Social Care Survey (ASCS) for 2023/24", ASCS, "ASCS", "2023/24", True)]),
    ("shortand-typo", "(Shortand Long-Term Support, October 2024)",
     [("Shortand Long-Term Support, October 2024", "Short and Long-Term Support", "SALT", "October 2024", True)]),
    ("salt-abbr", "(SALT, 2023/24)", [("SALT, 2023/24", "Short and Long-Term Support", "SALT", "2023/24", True)]),
    ("ascof", "(Adult Social Care Outcomes Framework, December 2024)",
     [("Adult Social Care Outcomes Framework, December 2024", "Adult Social Care Outcomes Framework", "ASCOF",
       "December 2024", True)]),
    ("ascof-abbr", "(ASCOF 2023/24)", [("ASCOF 2023/24", "Adult Social Care Outcomes Framework", "ASCOF", "2023/24", True)]),
    ("skills-for-care-singular", "(Skills for Care Workforce Estimate, October 2024)",
     [("Skills for Care Workforce Estimate, October 2024", "Skills for Care Workforce Estimates", None,
       "October 2024", True)]),
    ("safeguarding-collection", "(Safeguarding Adults Collection, August 2024)",
     [("Safeguarding Adults Collection, August 2024", "Safeguarding Adults Collection", "SAC", "August 2024", True)]),
    ("ons", "(Office for National Statistics, June 2022)",
     [("Office for National Statistics, June 2022", "Office for National Statistics", "ONS", "June 2022", True)]),
    ("lowercase-variant-no-date", "(Adult social Care Survey).", [("Adult social Care Survey", ASCS, "ASCS", None, True)]),
    ("after-comma", "average 12.08%, Survey of Adult Carers, June 2024).",
     [("Survey of Adult Carers, June 2024", SACE, "SACE", "June 2024", True)]),
    ("unknown-kept", "met (Some Local Partnership Board, 2023/2024).",
     [("Some Local Partnership Board, 2023/2024", "Some Local Partnership Board", None, "2023/2024", False)]),
    ("unknown-no-comma", "met (Northshire Adult Safeguarding Partnership Board 2023/2024).",
     [("Northshire Adult Safeguarding Partnership Board 2023/2024", "Northshire Adult Safeguarding Partnership Board",
       None, "2023/2024", False)]),
    ("census-year-is-its-date", "mixed or multiple ethnic groups (Census 2021).",
     [("Census 2021", "Census", None, "2021", True)]),
    ("year-before-name", "of people identified as Black in the 2021 Census.",
     [("2021 Census", "Census", None, "2021", True)]),
    ("range-before-abbreviation", "The 2023-24 ASCS showed that most people felt safe.",
     [("2023-24 ASCS", ASCS, "ASCS", "2023-24", True)]),
    ("month-year-before-name", "In the October 2024 Adult Social Care Survey, people said",
     [("October 2024 Adult Social Care Survey", ASCS, "ASCS", "October 2024", True)]),
    ("law-year-is-not-a-source-date", "under the Mental Capacity Act 2005 Census returns", [("Census", "Census", None, None, True)]),
    ("law-is-not-a-source", "duty (Equality Act 2010) applied.", []),
    ("plan-date-is-not-a-source", "a Healthy Ageing Plan (March 2024) was agreed.", []),
    ("local-data-is-not-a-source", "Local authority data indicated 82% of people.", []),
]


@pytest.mark.parametrize("text,expected", [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_find_sources(text: str, expected: list[tuple]) -> None:
    found = find_sources(text)
    assert [text[s.start:s.end] for s in found] == [e[0] for e in expected]
    for source, (surface, name, abbreviation, date, known) in zip(found, expected):
        assert source.text == surface == text[source.start:source.end]
        assert (source.name, source.abbreviation, source.date, source.known) == (name, abbreviation, date, known)


def test_range_is_respected() -> None:
    text = "(SACE, 2024) then (ASCS, 2023)"
    found = find_sources(text, 13, len(text))
    assert [text[s.start:s.end] for s in found] == ["ASCS, 2023"]
