"""The overview's rating, overall score and nine statement scores from every layout and format.

Each page (tests/builders/layouts.py; invented councils, scores and sentences) is read as
the text copied from the site, as the saved web page, and as that page printed to PDF by
headless Chromium. The layouts:

* ``westcombe`` (flow): printed, the score list is one line of "<statement> Score: N" pairs
  and the rating follows the council's name on one line ("Westcombe Borough Council Requires
  improvement"); saved, each "- <statement>" has its score on its own line after a blank line
  and the rating sits on its own line after "- <council>";
* ``ravensholme`` (stacked): each list item's name above its score or rating, as CQC's pages
  show them; printed, it reads as the flow layout; the overall score is "Overall rating for
  Ravensholme: 64%";
* ``caldermoor`` (flow, pilot): a 2023 pilot report, titled "Caldermoor City Council
  assessment", with indicative scores and labels, then a statement of its body; saved and
  printed with the site's chrome around it (a cookie banner, navigation, a feedback form and
  a footer, all holding numbers), which must not reach the report.

From each format the rating, the stated overall score and the nine scores are the page's own
(not merely equal to each other), every offset indexes the written text, and the derived score
is CQC's ceiling (22 of 36 is 62, not 61). Merged pages: a report merged from its pages holds
every claim that each page holds alone, and none twice.
"""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

import pytest
from builders.chromium import chromium, print_to_pdf
from builders.layouts import (
    bullets,
    heading,
    html_of,
    para,
    rating,
    scores,
    subheading,
    text_of,
    title,
)
from spans import assert_spans
from test_formats import claim_key

from pipeline.batch import process_file, run_batch
from pipeline.errors import ExtractionError
from pipeline.formats import convert
from pipeline.reference.framework import STATEMENTS

NAMES = [s.title for s in STATEMENTS]


def _scores(values, pilot=False):
    labels = {
        1: "Evidence shows significant shortfalls",
        2: "Evidence shows some shortfalls",
        3: "Evidence shows a good standard",
        4: "Evidence shows an exceptional standard",
    }
    if pilot:
        return scores(*((n, ("Indicative score:", f"{v} - {labels[v]}")) for n, v in zip(NAMES, values)))
    return scores(*((n, (f"Score: {v}",)) for n, v in zip(NAMES, values)))


WESTCOMBE = [3, 3, 2, 2, 3, 2, 3, 2, 2]  # 22 of 36: 61.11%, stated 62%
RAVENSHOLME = [3, 2, 3, 2, 3, 2, 3, 3, 2]  # 23 of 36: 63.89%, stated 64%
CALDERMOOR = [2, 2, 3, 2, 3, 2, 2, 2, 3]  # 21 of 36: 58.33%, indicative, no percentage

PAGES = {
    "westcombe": (
        "flow",
        [
            title("Westcombe Borough Council: local authority assessment"),
            para("Published: 12 March 2025 Page last updated: 14 March 2025"),
            heading("Overall summary"),
            subheading("Local authority rating and score"),
            rating("Westcombe Borough Council", "Requires improvement"),
            para("Score: 62%"),
            subheading("Quality statement scores"),
            _scores(WESTCOMBE),
            heading("Summary of people's experiences"),
            para(
                "Most people we heard from said staff treated them kindly, but many waited a long "
                "time before anyone assessed them. The average wait for a care act assessment was "
                "47 days, against 31 days a year earlier."
            ),
            para(
                "Unpaid carers told us support was hard to find. In the most recent carers survey, "
                "29.4% of carers said they found it easy to get information, compared with 33.1% "
                "across England (Survey of Adult Carers in England, 2023-24)."
            ),
            para(
                "People using the borough's reablement service were positive about it, and 81.2% "
                "of older people were still at home 91 days after leaving hospital."
            ),
            heading("Summary of strengths, areas for development and next steps"),
            para(
                "Leaders knew where the service fell short and had a written plan to improve it. "
                "The council had cut the number of people waiting for a review from 1,140 to 760 "
                "in the year to January 2025, although this was still too many."
            ),
            para(
                "Partnership work with the voluntary sector was strong, and the council funded 14 "
                "community groups to support people at risk of isolation."
            ),
        ],
    ),
    "ravensholme": (
        "stacked",
        [
            title("Ravensholme City Council: local authority assessment"),
            para("Published: 4 July 2025 Page last updated: 4 July 2025"),
            heading("Overall summary"),
            subheading("Local authority rating and score"),
            rating("Ravensholme City Council", "Good"),
            para("Overall rating for Ravensholme: 64%"),
            subheading("Quality statement scores"),
            _scores(RAVENSHOLME),
            heading("Summary of people's experiences"),
            para(
                "People told us the council listened to them and planned their care with them. "
                "Of people who use services, 68.9% said they had as much control over their daily "
                "life as they wanted, compared with 77.2% across England (Adult Social Care Survey, "
                "2023-24)."
            ),
            para(
                "Carers valued the short breaks service, although some said they learnt of it late. "
                "The council supported 2,310 carers in the year."
            ),
            para(
                "Most people were assessed quickly; the median wait was 12 days in early 2025, and "
                "urgent cases were seen the same day."
            ),
            heading("Summary of strengths, areas for development and next steps"),
            para(
                "The council worked well with health partners on hospital discharge and had "
                "invested £1.8 million in home care capacity over two years."
            ),
            para(
                "Transitions for young people moving to adult services were an area to develop: "
                "only 41% had a plan agreed by the age of 17."
            ),
        ],
    ),
    "caldermoor": (
        "flow-chrome",
        [
            title("Caldermoor City Council assessment"),
            para("Published: 9 November 2023 Page last updated: 15 November 2023"),
            heading("Overall summary"),
            subheading("Local authority indicative rating"),
            rating("Caldermoor City Council", "Requires improvement: Evidence shows some shortfalls"),
            subheading("Quality statement scores"),
            _scores(CALDERMOOR, pilot=True),
            heading("Theme 1: How Caldermoor City Council works with people"),
            subheading("Assessing needs"),
            para("Indicative score:"),
            para("2 - Evidence shows some shortfalls"),
            subheading("What people expect"),
            para("I have care and support that is planned with me and meets my needs."),
            subheading("The local authority commitment"),
            para("We assess people's needs promptly and involve them in every decision."),
            subheading("Key findings for this quality statement"),
            subheading("Waiting for an assessment"),
            para(
                "At the time of our visit 612 people were waiting for an assessment, and the longest "
                "had waited 39 weeks. The council had cleared 240 older cases since April 2023."
            ),
            para(
                "Staff used a risk tool to decide who was seen first, and 93% of urgent referrals "
                "were answered within 2 working days."
            ),
            subheading("Support for unpaid carers"),
            para(
                "Carers' assessments were slow: 18.6% of carers said they had been included in "
                "discussions about the person they cared for, against 21.9% in England."
            ),
        ],
    ),
}
# page -> (rating, stated score, nine scores)
EXPECTED = {
    "westcombe": ("Requires improvement", 62, WESTCOMBE),
    "ravensholme": ("Good", 64, RAVENSHOLME),
    "caldermoor": ("Requires improvement", None, CALDERMOOR),
}
FORMATS = ["text", "html", "pdf"]
needs_chromium = pytest.mark.skipif(chromium() is None, reason="chromium is not installed")


def _read(out: Path, stem: str, written: Path | None = None) -> tuple[dict, str]:
    report = json.loads((out / f"{stem}.json").read_text(encoding="utf-8"))
    with open(written or out / f"{stem}.txt", encoding="utf-8", newline="") as handle:
        return report, handle.read()


@pytest.fixture(scope="module")
def extracted(tmp_path_factory):
    """(page, format) -> (report dict, the text its offsets index)."""
    root = tmp_path_factory.mktemp("layouts")
    out = root / "out"
    found = {}
    for page, (layout, blocks) in PAGES.items():
        html = html_of(blocks, layout.removesuffix("-chrome"), chrome=layout.endswith("-chrome"))
        files = {"text": root / f"{page}-text.txt", "html": root / f"{page}-html.html"}
        files["text"].write_text(text_of(blocks), encoding="utf-8")
        files["html"].write_bytes(html)
        if chromium() is not None:
            files["pdf"] = root / f"{page}-pdf.pdf"
            files["pdf"].write_bytes(print_to_pdf(html, name=f"{page}.html"))
        for fmt, path in files.items():
            outcome = process_file(path, out, force=True)
            assert outcome.status == "extracted", outcome.message
            found[page, fmt] = _read(out, path.stem, path if fmt == "text" else None)
    return found


def _cases():
    return [
        pytest.param(page, fmt, id=f"{page}-{fmt}", marks=[needs_chromium] if fmt == "pdf" else [])
        for page in PAGES
        for fmt in FORMATS
    ]


def _overview(report: dict) -> tuple:
    overall = report["overall"]
    return (overall["rating"], overall["score_percent"], [row["score"] for row in report["score_list"]])


@pytest.mark.parametrize("page, fmt", _cases())
def test_rating_score_and_nine_scores_are_the_pages_own(extracted, page, fmt):
    report, text = extracted[page, fmt]
    rating_, stated, nine = EXPECTED[page]
    assert _overview(report) == (rating_, stated, nine), text[:1500]
    assert [row["slug"] for row in report["score_list"]] == [s.slug for s in STATEMENTS]
    assert report["overall"]["indicative"] is (page == "caldermoor")


@pytest.mark.parametrize("page, fmt", _cases())
def test_every_offset_indexes_the_written_text(extracted, page, fmt):
    report, text = extracted[page, fmt]
    assert_spans(report, text)
    overall = report["overall"]
    assert (
        text[overall["rating_span"]["start"] : overall["rating_span"]["end"]].casefold()
        == overall["rating"].casefold()
    )
    for row in report["score_list"]:
        shown = text[row["start"] : row["end"]]
        after = shown[shown.find(row["title"]) + len(row["title"]) :]
        assert row["title"] in shown and "score" in after.casefold() and str(row["score"]) in after, shown


@pytest.mark.parametrize("page, fmt", _cases())
def test_derived_score_is_cqcs_ceiling_and_no_false_mismatch(extracted, page, fmt):
    report, _ = extracted[page, fmt]
    nine = EXPECTED[page][2]
    overall = report["overall"]
    assert overall["derived_score_exact"] == round(100 * sum(nine) / 36, 2)
    assert overall["derived_score_percent"] == -(-100 * sum(nine) // 36)
    assert overall["derived_rating"] == EXPECTED[page][0]
    codes = [w["code"] for w in report["warnings"]]
    assert "overall-score-mismatch" not in codes and "overall-rating-mismatch" not in codes


@pytest.mark.parametrize("page", list(PAGES))
@pytest.mark.parametrize(
    "fmt", [pytest.param("html", id="html"), pytest.param("pdf", id="pdf", marks=needs_chromium)]
)
def test_the_formats_agree_with_the_text(extracted, page, fmt):
    """Council, date, statements and claims by content: the same as from the text."""
    report, _ = extracted[page, fmt]
    expected, _ = extracted[page, "text"]
    assert (report["local_authority"], report["published"]) == (
        expected["local_authority"],
        expected["published"],
    )
    statements = [
        (s["slug"], s["score"], s["score_label"]) for t in report["themes"] for s in t["statements"]
    ]
    assert statements == [
        (s["slug"], s["score"], s["score_label"]) for t in expected["themes"] for s in t["statements"]
    ]
    assert Counter(map(claim_key, report["claims"])) == Counter(map(claim_key, expected["claims"]))


def test_pilot_page_is_read_with_its_council_and_statement(extracted):
    for fmt in ("text", "html"):
        report, _ = extracted["caldermoor", fmt]
        assert report["local_authority"] == "Caldermoor City Council"
        (theme,) = report["themes"]
        (statement,) = theme["statements"]
        assert (statement["slug"], statement["score"], statement["indicative"]) == (
            "assessing-needs",
            2,
            True,
        )
        assert [sub["heading"] for sub in statement["subsections"]] == [
            "Waiting for an assessment",
            "Support for unpaid carers",
        ]


# A page with a pilot-like title but none of the assessment's frame, and a page with neither.
NOT_A_REPORT = {
    "pilot-title-no-frame": [
        title("Greyfield Borough Council assessment"),
        para("How to ask for a carer's assessment: call 0300 555 0192 or fill in the form."),
        subheading("Assessing needs"),
        para("We aim to reply within 5 working days."),
    ],
    "no-title-no-frame": [
        heading("Greyfield Borough Council news"),
        para("The council opened 3 new libraries in 2024."),
    ],
}


@pytest.mark.parametrize("page", list(NOT_A_REPORT))
def test_a_page_with_neither_title_nor_frame_is_refused_as_before(page):
    with pytest.raises(ExtractionError) as error:
        convert(html_of(NOT_A_REPORT[page], "flow"), f"{page}.html")
    assert str(error.value) == (
        f"{page}.html: not a CQC local authority assessment page: no heading ending "
        "'local authority assessment' (the report's title)"
    )


# Pages of one invented report, for --merge: the overview, a statement page without a "Key
# findings" heading (findings follow the commitment directly: the layout whose first finding
# the merged report lost), and one with it.
THORNVALE = "Thornvale District Council: local authority assessment"
THEME_1 = [
    heading("Theme 1: How Thornvale District Council works with people"),
    para("This theme includes these quality statements:"),
    bullets(*NAMES[:3]),
    para("We may not always review all quality statements during every assessment."),
]
MERGE_PAGES = {
    "p1": [
        title(THORNVALE),
        heading("Overall summary"),
        subheading("Local authority rating and score"),
        rating("Thornvale District Council", "Good"),
        para("Score: 67%"),
        subheading("Quality statement scores"),
        _scores([3, 3, 3, 2, 3, 2, 3, 2, 3]),
        heading("Summary of people's experiences"),
        para(
            "People said the council's staff were easy to reach; 74.2% of people who use "
            "services found it easy to find information, above the England average of 67.1%."
        ),
    ],
    "p2": [
        title(THORNVALE),
        *THEME_1,
        subheading("Assessing needs"),
        para("Score: 3"),
        para("3 - Evidence shows a good standard"),
        subheading("What people expect"),
        para("I am helped to understand my care and support."),
        subheading("The local authority commitment"),
        para("We work with people to understand their needs and to plan how to meet them."),
        para("People waited a median of 16 days for an assessment in 2024, down from 27 days in 2023."),
        subheading("Reviews"),
        para("Of the people due a review, 58% had one within 12 months, against a target of 80%."),
    ],
    "p3": [
        title(THORNVALE),
        *THEME_1,
        subheading("Supporting people to live healthier lives"),
        para("Score: 3"),
        para("3 - Evidence shows a good standard"),
        subheading("What people expect"),
        para("I can get information and advice about my health."),
        subheading("The local authority commitment"),
        para("We help people to stay well and to prevent or delay their needs for care."),
        subheading("Key findings for this quality statement"),
        subheading("Prevention"),
        para(
            "The council's falls service saw 1,420 people last year, and 88% of them had no "
            "further fall within 6 months."
        ),
    ],
}


@pytest.mark.parametrize("fmt", ["text", "html"])
def test_a_merged_report_holds_every_claim_of_its_pages_once(tmp_path, fmt):
    pages, out = tmp_path / "thornvale", tmp_path / "out"
    pages.mkdir()
    suffix = ".txt" if fmt == "text" else ".html"
    # file names in the reverse of the report's order: the order comes from the content
    for index, blocks in enumerate(reversed(MERGE_PAGES.values())):
        data = text_of(blocks).encode() if fmt == "text" else html_of(blocks, "stacked")
        (pages / f"page-{index}{suffix}").write_bytes(data)
    alone = tmp_path / "alone"
    alone.mkdir()
    for path in pages.iterdir():
        (alone / path.name).write_bytes(path.read_bytes())
    assert run_batch([alone], out, jobs=1, progress="never") == 0
    assert run_batch([], out, jobs=1, progress="never", merge=[pages]) == 0
    merged = json.loads((out / "thornvale.json").read_text(encoding="utf-8"))
    each = Counter()
    for path in sorted(alone.iterdir()):
        each.update(map(claim_key, json.loads((out / f"{path.stem}.json").read_text())["claims"]))
    got = Counter(map(claim_key, merged["claims"]))
    assert got == each, (sorted((each - got).elements()), sorted((got - each).elements()))
    assert max(got.values()) == 1
    # the first finding of the page without a "Key findings" heading is a finding, not commitment
    (statement,) = [s for t in merged["themes"] for s in t["statements"] if s["slug"] == "assessing-needs"]
    assert (
        statement["commitment"].startswith("We work with people") and "16 days" not in statement["commitment"]
    )
    ids = [c["id"] for c in merged["claims"]]
    assert len(ids) == len(set(ids))


@pytest.mark.parametrize(
    "fmt", [pytest.param("html", id="html"), pytest.param("pdf", id="pdf", marks=needs_chromium)]
)
def test_the_pilots_chrome_stays_out(extracted, fmt):
    """The pilot's title is found without 'local authority': the chrome before it is cut."""
    _, text = extracted["caldermoor", fmt]
    assert text.startswith("Caldermoor City Council assessment")
    assert [
        leak
        for leak in (
            "cookies",
            "Skip to main content",
            "Search 50,000",
            "03000 616161",
            "87% said yes",
            "NE1 4PA",
        )
        if leak in text
    ] == []
