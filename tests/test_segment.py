"""Segmentation: one case per layout variant, each asserting exact spans."""

from __future__ import annotations

from pathlib import Path

import pytest

import pipeline
from pipeline.errors import ExtractionError
from pipeline.reference import framework
from pipeline.stages.segment import locate, segment

HERE = Path(__file__).parent
CORPUS = HERE.parent / "corpus" / "staffordshire-county-council-2025-05-30.txt"
TEXTS = HERE / "texts"


def read(path: Path) -> str:
    with open(path, encoding="utf-8", newline="") as handle:
        return handle.read()


def statements(document):
    return [s for theme in document.themes for s in theme.statements]


def span_text(text: str, item) -> str:
    return text[item.start : item.end]


# --- the corpus report -------------------------------------------------------------------

# Every subheading of the corpus report's key findings, in order, read off the report by hand.
CORPUS_HEADINGS = {
    "assessing-needs": [
        "Assessment, care planning and review arrangements",
        "Timeliness of assessments, care planning and reviews",
        "Assessment and care planning for unpaid carers, child's carers and child carers",
        "Help for people to meet their non-eligible care and support needs",
        "Eligibility decisions for care and support",
        "Financial assessment and charging policy for care and support",
        "Provision of independent advocacy",
    ],
    "supporting-healthier-lives": [
        "Arrangements to prevent, delay or reduce needs for care and support",
        "Provision and impact of intermediate care and reablement services",
        "Access to equipment and home adaptations",
        "Provision of accessible information and advice",
        "Direct payments",
    ],
    "equity-in-experience-and-outcomes": [
        "Understanding and reducing barriers to care and support and reducing inequalities",
        "Inclusion and accessibility arrangements",
    ],
    "care-provision-integration-continuity": [
        "Understanding local needs for care and support",
        "Market shaping and commissioning to meet local needs",
        "Ensuring sufficient capacity in local services to meet demand",
        "Ensuring quality of local services",
        "Ensuring local services are sustainable",
    ],
    "partnerships-and-communities": [
        "Partnership working to deliver shared local and national objectives",
        "Arrangements to support effective partnership working",
        "Impact of partnership working",
        "Working with voluntary and charity sector groups",
    ],
    "safe-pathways-systems-transitions": [
        "Safety management",
        "Safety during transitions",
        "Contingency planning",
    ],
    "safeguarding": [
        "Safeguarding systems, processes and practices",
        "Responding to local safeguarding risks and issues",
        "Responding to concerns and undertaking Section 42 enquiries",
        "Making safeguarding personal",
    ],
    "governance-management-sustainability": [
        "Governance, accountability and risk management",
        "Strategic planning",
        "Information security",
    ],
    "learning-improvement-innovation": [
        "Continuous learning, improvement and professional development",
        "Learning from feedback",
    ],
}
CORPUS_THEMES = {
    "assessing-needs": 1,
    "supporting-healthier-lives": 1,
    "equity-in-experience-and-outcomes": 1,
    "care-provision-integration-continuity": 2,
    "partnerships-and-communities": 2,
    "safe-pathways-systems-transitions": 3,
    "safeguarding": 3,
    "governance-management-sustainability": 4,
    "learning-improvement-innovation": 4,
}


@pytest.fixture(scope="module")
def corpus_text() -> str:
    return read(CORPUS)


@pytest.fixture(scope="module")
def corpus_document(corpus_text):
    return segment(corpus_text)


def test_corpus_frame(corpus_document):
    assert corpus_document.local_authority == "Staffordshire County Council"
    assert corpus_document.published == "2025-05-30"
    assert [t.number for t in corpus_document.themes] == [1, 2, 3, 4]
    found = {s.slug: s.theme for s in statements(corpus_document)}
    assert found == CORPUS_THEMES
    assert [s.score for s in statements(corpus_document)] == [3] * 9
    assert [i.score for i in corpus_document.score_list] == [3] * 9


def test_corpus_overall(corpus_document):
    overall = corpus_document.overall
    assert (overall.rating, overall.score_percent) == (None, None)
    assert (overall.derived_score_percent, overall.derived_rating) == (75, "Good")
    assert corpus_document.warnings == []


@pytest.mark.parametrize("slug", list(CORPUS_HEADINGS))
def test_corpus_subsection_headings(corpus_document, corpus_text, slug):
    statement = next(s for s in statements(corpus_document) if s.slug == slug)
    headings = [sub.heading for sub in statement.subsections]
    assert headings == CORPUS_HEADINGS[slug]
    for sub in statement.subsections:
        assert span_text(corpus_text, sub).startswith(sub.heading)
        assert sub.paragraphs, f"no paragraphs under {sub.heading!r}"


def test_corpus_sections(corpus_document):
    titles = [s.title for s in corpus_document.sections]
    assert titles == [
        "How we assess local authorities",
        "About Staffordshire County Council",
        "Demographics",
        "Financial facts",
        "Overall summary",
        "Local authority rating and score",
        "Quality statement scores",
        "Summary of people's experiences",
        "Summary of strengths, areas for development and next steps",
    ]


def test_corpus_locate(corpus_document, corpus_text):
    offset = corpus_text.index("64.84%")
    assert locate(corpus_document, offset) == (
        "assessing-needs",
        "Assessment, care planning and review arrangements",
    )
    assert locate(corpus_document, corpus_text.index("898,000")) == (None, "Demographics")


# --- variants from other councils' reports ------------------------------------------------


def test_web_text_single_newlines():
    text = read(TEXTS / "segment_web_single_newline.txt")
    document = segment(text)
    assert document.local_authority == "Anytown Borough Council"
    assert document.published == "2025-04-04"
    assert [s.slug for s in statements(document)] == [
        "assessing-needs",
        "supporting-healthier-lives",
        "equity-in-experience-and-outcomes",
    ]
    first, second, third = statements(document)
    assert (first.score, first.score_label) == (3, "Evidence shows a good standard")
    assert first.what_people_expect == [
        "I have care and support that is co-ordinated, and everyone works well together and with me."
    ]
    assert first.commitment == "We maximize the effectiveness of people's care and treatment."
    assert span_text(text, first.commitment_span) == first.commitment
    assert [s.heading for s in first.subsections] == ["Assessment arrangements", "Timeliness of assessments"]
    assert [span_text(text, p) for p in first.subsections[0].paragraphs] == [
        "People's needs were assessed in a timely way.",
        "Staff were skilled and knowledgeable.",
    ]
    # score line printed twice, label on the score line, no "What people expect"
    assert (second.score, second.score_label) == (4, "Evidence shows an exceptional standard")
    assert second.what_people_expect == []
    # text before the first subheading is a subsection with heading null
    assert [s.heading for s in second.subsections] == [None, "Arrangements to prevent needs"]
    assert third.title == "Equity in experience and outcomes"


def test_overview_rating_and_score_stated_in_words():
    text = read(TEXTS / "segment_web_single_newline.txt")
    overall = segment(text).overall
    assert overall.rating == "Good" and span_text(text, overall.rating_span) == "Good"
    assert overall.score_percent == 84 and span_text(text, overall.score_span) == "84"
    # derived from the score list (3, 4, 3): 10 / 12 = 83.33%, rounded up as CQC does -> 84%,
    # Good: no mismatch
    assert (overall.derived_score_percent, overall.derived_rating) == (84, "Good")
    assert overall.derived_score_exact == 83.33
    assert segment(text).warnings == []


def test_score_list_as_bullets_with_title_variant():
    text = read(TEXTS / "segment_web_single_newline.txt")
    rows = segment(text).score_list
    assert [(r.slug, r.score) for r in rows] == [
        ("assessing-needs", 3),
        ("supporting-healthier-lives", 4),
        ("equity-in-experience-and-outcomes", 3),
    ]
    assert span_text(text, rows[1]).startswith("• Supporting people to lead healthier lives")


def test_pilot_indicative_scores_and_inline_score_list():
    text = read(TEXTS / "segment_pilot_indicative.txt")
    document = segment(text)
    overall = document.overall
    assert (overall.rating, overall.score_percent, overall.indicative) == ("Requires improvement", 56, True)
    assert [(r.slug, r.score) for r in document.score_list] == [
        ("assessing-needs", 2),
        ("safe-pathways-systems-transitions", 1),
    ]
    (statement,) = statements(document)
    assert statement.slug == "safe-pathways-systems-transitions"
    assert statement.title == "Safe systems, pathways and transitions"
    assert (statement.score, statement.indicative) == (1, True)
    assert statement.score_label == "Inadequate: Evidence shows significant shortfalls"
    # only the statement the report reviewed: none is invented
    assert [t.number for t in document.themes] == [3]
    # the excerpt lists two statements scored 2 and 1: (2 + 1) / 8 -> 38%, Inadequate, which
    # contradicts the stated rating and score, so both are flagged
    assert overall.derived_score_percent == 38
    codes = [w.code for w in document.warnings]
    assert codes == ["overall-rating-mismatch", "overall-score-mismatch"]


def test_single_page_saved_from_the_website():
    text = read(TEXTS / "segment_single_page.txt")
    document = segment(text)
    assert document.local_authority == "Westford City Council"
    (theme,) = document.themes
    assert theme.number == 3  # from the framework: the page has no theme heading
    (statement,) = theme.statements
    assert (statement.slug, statement.score) == ("safeguarding", 2)
    assert [s.heading for s in statement.subsections] == [
        "Safeguarding systems, processes and practices",
        "Making safeguarding personal",
    ]
    assert not span_text(text, statement).endswith("Commission")


@pytest.mark.parametrize(
    "score_line, score, label",
    [
        ("Score: 3", 3, None),
        ("Score 2", 2, None),
        ("Score: 1 - Evidence shows significant shortfalls", 1, "Evidence shows significant shortfalls"),
        ("Score: 4 – Evidence shows an exceptional standard", 4, "Evidence shows an exceptional standard"),
    ],
    ids=["colon", "no-colon", "label-on-score-line", "en-dash"],
)
def test_score_line_forms(score_line, score, label):
    text = (
        "Eastham Council: local authority assessment\n\nAssessing needs\n\n"
        f"{score_line}\n\nThe local authority commitment\n\nWe assess needs.\n\n"
        "Key findings for this quality statement\n\nAssessments were timely.\n"
    )
    (statement,) = statements(segment(text))
    assert (statement.score, statement.score_label) == (score, label)


@pytest.mark.parametrize(
    "text",
    ["", "   \n\n\t\n", "Minutes of the parish council meeting.\n\nApologies were received.\n"],
    ids=["empty", "blank-lines", "not-a-cqc-report"],
)
def test_not_a_report_is_a_clear_error(text):
    with pytest.raises(ExtractionError) as caught:
        pipeline.extract(text, name="notes.txt")
    assert str(caught.value).startswith("notes.txt, line 1: ")


def test_crlf_offsets_index_the_text_as_read():
    text = read(TEXTS / "segment_single_page.txt").replace("\n", "\r\n")
    document = segment(text)
    (statement,) = statements(document)
    for sub in statement.subsections:
        assert "\r" not in span_text(text, sub)[-1:]
        for paragraph in sub.paragraphs:
            assert span_text(text, paragraph) == span_text(text, paragraph).strip()
    assert span_text(text, document.local_authority_span) == "Westford City Council"


def test_section_prefix_inside_findings_is_a_subheading():
    text = (
        "Eastham Council: local authority assessment\n\nSummary of people's experiences\n\n"
        "People were positive.\n\nTheme 4: Leadership\n\nLearning, improvement and innovation\n\n"
        "Score: 2\n\n2 - Evidence shows some shortfalls\n\nThe local authority commitment\n\n"
        "We focus on learning.\n\nKey findings for this quality statement\n\n"
        "About our workforce\n\nStaff turnover was high.\n"
    )
    document = segment(text)
    (statement,) = statements(document)
    assert [s.heading for s in statement.subsections] == ["About our workforce"]
    assert [s.title for s in document.sections] == ["Summary of people's experiences"]


def test_markdown_headings_and_inline_scores():
    text = read(TEXTS / "segment_markdown_headings.txt")
    document = segment(text)
    assert document.local_authority == "Harbourside Council"
    assert (document.overall.rating, document.overall.score_percent) == ("Requires improvement", 56)
    assert [(r.slug, r.score) for r in document.score_list] == [
        ("assessing-needs", 2),
        ("supporting-healthier-lives", 2),
        ("equity-in-experience-and-outcomes", 3),
    ]
    (statement,) = statements(document)
    assert statement.what_people_expect == ["I have care and support that is coordinated."]
    assert statement.commitment == "We maximise the effectiveness of people's care and treatment."
    assert span_text(text, statement.commitment_span) == statement.commitment
    assert [s.heading for s in statement.subsections] == [
        "Assessment, care planning and review arrangements",
        "Strengths-based practice",
    ]
    # the excerpt's list (2, 2, 3) derives 58%, not the stated 56%: flagged, not "fixed"
    assert [w.code for w in document.warnings] == ["overall-score-mismatch"]


# --- 2023 pilot reports and the stated overall score's written forms ----------------------


def test_pilot_report_2023():
    text = read(TEXTS / "segment_pilot_2023.txt")
    document = segment(text)
    # title without "local authority"; the web page's "Page last updated" after the date
    assert document.local_authority == "Brackenford City Council"
    assert span_text(text, document.local_authority_span) == "Brackenford City Council"
    assert document.published == "2023-10-09"
    # "Local authority indicative rating" heading, the rating written with its label
    overall = document.overall
    assert (overall.rating, overall.score_percent, overall.indicative) == ("Requires improvement", None, True)
    assert span_text(text, overall.rating_span) == "Requires improvement"
    assert "Local authority indicative rating" in [s.title for s in document.sections]
    # "Indicative score:" alone, the score on the label line after it
    assert [(r.slug, r.score) for r in document.score_list] == [
        ("assessing-needs", 2),
        ("partnerships-and-communities", 2),
    ]
    (statement,) = statements(document)
    assert (statement.slug, statement.score, statement.indicative) == ("assessing-needs", 2, True)
    assert statement.score_label == "Evidence shows some shortfalls"
    assert statement.what_people_expect == ["I have care and support that meets my needs."]
    assert [s.heading for s in statement.subsections] == ["Timeliness of assessments"]
    assert document.warnings == []
    # none of the structure's numbers is a claim; the finding's number is
    assert [c.text for c in pipeline.extract(text).claims] == ["410"]


@pytest.mark.parametrize(
    "first_line, council",
    [
        ("Brackenford City Council assessment", "Brackenford City Council"),
        ("Royal Borough of Kestlehurst and Wyme assessment", "Royal Borough of Kestlehurst and Wyme"),
        ("Brackenford City Council: local authority assessment", "Brackenford City Council"),
        ("Carers Needs assessment", None),  # capitalised, but names no council
        ("The council completed the assessment", None),
    ],
    ids=["pilot-title", "pilot-title-connectors", "usual-title", "not-a-council", "sentence"],
)
def test_title_line_forms(first_line, council):
    text = (
        f"{first_line}\n\nAssessing needs\n\nScore: 2\n\nThe local authority commitment\n\n"
        "We assess needs.\n\nKey findings for this quality statement\n\nAssessments were slow.\n"
    )
    assert segment(text).local_authority == council


OVERVIEW = (
    "Eastmoor County Council: local authority assessment\n\n{published}\n\nOverall summary\n\n"
    "Local authority rating and score\n\n  • Eastmoor County Council\n    Good\n{score_line}\n\n"
    "Quality statement scores\n\n  • Assessing needs\n    Score: 3\n  • Safeguarding\n"
    "    Score: 3\n\nSummary of people's experiences\n\nPeople were positive.\n"
)


@pytest.mark.parametrize(
    "score_line, percent, surface",
    [
        ("Overall rating for Eastmoor: 71%", 71, "71"),
        ("Score: 69", 69, "69"),  # no percent sign
        ("Score: 72%", 72, "72"),
        ("Eastmoor County Council scored 70 out of 100 overall, indicating a good standard", 70, "70"),
        ("Score: **66**", 66, "66"),  # markup left by a converter
        ("Score: 3", None, None),  # a statement's score, never an overall percentage
    ],
    ids=["overall-rating-for", "bare-score", "score-percent", "scored-out-of-100", "markup", "bare-1-to-4"],
)
def test_stated_overall_score_forms(score_line, percent, surface):
    text = OVERVIEW.format(published="Assessment published: 2 June 2025", score_line=score_line)
    report = pipeline.extract(text)
    overall = report.overall
    assert overall.rating == "Good"
    assert overall.score_percent == percent
    if surface is not None:
        assert span_text(text, overall.score_span) == surface
    line = text.index(score_line)
    assert [c.text for c in report.claims if line <= c.start < line + len(score_line)] == []


@pytest.mark.parametrize(
    "line, iso",
    [
        ("Published: 2 June 2025 Page last updated: 19 June 2025", "2025-06-02"),
        ("Assessment published: 2 June 2025", "2025-06-02"),
        ("Published 2 June 2025", "2025-06-02"),
        ("Published on 2 June 2025", "2025-06-02"),
    ],
    ids=["web-page-last-updated", "assessment-published", "no-colon", "published-on"],
)
def test_published_line_forms(line, iso):
    text = OVERVIEW.format(published=line, score_line="Score: 75")
    document = segment(text)
    assert document.published == iso
    assert span_text(text, document.published_span) == "2 June 2025"


@pytest.mark.parametrize(
    "rating_line, rating",
    [
        ("Good", "Good"),
        ("Overall rating for Eastmoor: Requires improvement", "Requires improvement"),
        ("Outstanding: Evidence shows an exceptional standard", "Outstanding"),
        ("Rating: Inadequate", "Inadequate"),
    ],
    ids=["word", "overall-rating-for", "with-its-label", "rating-colon"],
)
def test_stated_rating_forms(rating_line, rating):
    text = OVERVIEW.format(published="Assessment published: 2 June 2025", score_line="Score: 75").replace(
        "    Good\n", f"    {rating_line}\n"
    )
    overall = segment(text).overall
    assert overall.rating == rating
    assert span_text(text, overall.rating_span) == rating


# (statement scores, CQC's stated overall score, the exact share): CQC rounds the share up.
# 22 of 36 points is 61.11%, stated 62% (the nearest would be 61); the others fit both
# rules, and an exact share is not pushed up.
CEILING_CASES = [
    ("22-of-36", [3, 3, 2, 2, 3, 2, 3, 2, 2], 62, 61.11),
    ("14-of-36", [2, 2, 1, 2, 1, 2, 1, 2, 1], 39, 38.89),
    ("23-of-36", [3, 2, 3, 2, 3, 2, 3, 3, 2], 64, 63.89),
    ("27-of-36-exact", [3, 3, 3, 3, 3, 3, 3, 3, 3], 75, 75.0),
    ("21-of-36", [2, 3, 2, 2, 3, 2, 3, 2, 2], 59, 58.33),
    ("all-ones", [1] * 9, 25, 25.0),
    ("all-fours", [4] * 9, 100, 100.0),
]


@pytest.mark.parametrize(
    "scores, stated, exact", [c[1:] for c in CEILING_CASES], ids=[c[0] for c in CEILING_CASES]
)
def test_derived_score_is_the_ceiling_of_the_share(scores, stated, exact):
    assert framework.derived_percent(scores) == stated
    assert framework.derived_share(scores) == exact


def _overview(stated: int, scores: list[int]) -> str:
    rows = "".join(f"- {s.title}\nScore: {n}\n" for s, n in zip(framework.STATEMENTS, scores))
    return (
        "Westcombe Borough Council: local authority assessment\n\nOverall summary\n\n"
        "Local authority rating and score\n\nWestcombe Borough Council\n\n"
        f"Requires improvement\n\nScore: {stated}%\n\nQuality statement scores\n\n{rows}"
    )


@pytest.mark.parametrize(
    "stated, warned", [(62, False), (61, True), (63, True)], ids=["ceiling", "nearest", "above"]
)
def test_score_mismatch_only_when_the_stated_score_is_not_the_ceiling(stated, warned):
    text = _overview(stated, [3, 3, 2, 2, 3, 2, 3, 2, 2])  # 22 of 36: 61.11%
    document = segment(text)
    assert (document.overall.derived_score_percent, document.overall.derived_score_exact) == (62, 61.11)
    codes = [w.code for w in document.warnings]
    assert ("overall-score-mismatch" in codes) is warned, [w.message for w in document.warnings]


# A score list flowed into one line (a printed web page): every pair is a row spanning itself.
SCORE_PAIR_CASES = [
    (
        "two-pairs",
        "Assessing needs Score: 3 Safeguarding Score: 2",
        [("assessing-needs", 3, "Assessing needs Score: 3"), ("safeguarding", 2, "Safeguarding Score: 2")],
    ),
    (
        "no-space-before-score",
        "Assessing needsScore: 3Safeguarding Score: 2",
        [("assessing-needs", 3, "Assessing needsScore: 3"), ("safeguarding", 2, "Safeguarding Score: 2")],
    ),
    (
        "dashes",
        "Safeguarding - Score: 2 Partnerships and communities – Score: 4",
        [
            ("safeguarding", 2, "Safeguarding - Score: 2"),
            ("partnerships-and-communities", 4, "Partnerships and communities – Score: 4"),
        ],
    ),
    (
        "pilot-labels",
        "Assessing needs Indicative score: 2 - Evidence shows some shortfalls "
        "Safeguarding Indicative score: 3 - Good: Evidence shows a good standard",
        [
            ("assessing-needs", 2, "Assessing needs Indicative score: 2 - Evidence shows some shortfalls"),
            ("safeguarding", 3, "Safeguarding Indicative score: 3 - Good: Evidence shows a good standard"),
        ],
    ),
    ("words-before", "People said Assessing needs Score: 3 Safeguarding Score: 2", []),
    ("words-after", "Assessing needs Score: 3 Safeguarding Score: 2 in the last review", []),
    ("a-percentage", "Assessing needs Score: 3 Safeguarding Score: 35%", []),
    ("not-a-statement", "Assessing needs Score: 3 Care homes Score: 2", []),
]


@pytest.mark.parametrize(
    "line, rows", [c[1:] for c in SCORE_PAIR_CASES], ids=[c[0] for c in SCORE_PAIR_CASES]
)
def test_score_pairs_on_one_line(line, rows):
    text = f"Eastbay Council: local authority assessment\n\nQuality statement scores\n\n{line}\n"
    found = segment(text).score_list
    assert [(r.slug, r.score, text[r.start : r.end]) for r in found] == rows


RATING_LINE_CASES = [
    ("rating", "Eastbay Borough Council Requires improvement", "Requires improvement"),
    ("no-space", "Eastbay Borough CouncilGood", "Good"),
    ("pilot-label", "Eastbay Borough Council Good: Evidence shows a good standard", "Good"),
    ("outstanding", "Eastbay Borough Council Outstanding", "Outstanding"),
    ("a-sentence", "Eastbay Borough Council is good at listening to people.", None),
    ("another-council", "Westbay Borough Council Good", None),
]


@pytest.mark.parametrize(
    "line, rating", [c[1:] for c in RATING_LINE_CASES], ids=[c[0] for c in RATING_LINE_CASES]
)
def test_rating_on_the_councils_line(line, rating):
    text = (
        "Eastbay Borough Council: local authority assessment\n\nOverall summary\n\n"
        f"Local authority rating and score\n\n{line}\n\nScore: 70%\n"
    )
    overall = segment(text).overall
    assert overall.rating == rating
    if rating:
        assert text[overall.rating_span.start : overall.rating_span.end] == rating


def test_rating_span_after_a_council_whose_name_holds_the_word():
    text = (
        "Goodmoor Borough Council: local authority assessment\n\n"
        "Local authority rating and score\n\nGoodmoor Borough Council Good\n"
    )
    overall = segment(text).overall
    assert overall.rating == "Good"
    assert overall.rating_span.start == text.index("Council Good") + len("Council ")
