"""PDFs printed from a browser (chromium --print-to-pdf): the browser's header and footer
(date and time, page title, the page's address, "1/2") on every page, also on a one-page PDF,
with and without the site's chrome around the report. Each PDF's Report equals the Report of
the page's own text in council, date, statements and scores, overall and claims by content;
nothing from the header, footer or chrome becomes a claim; offsets walk true against the
written text. The pages are the project's own (tests/texts/pages/ and tests/texts/print_*.txt, other
councils' wording)."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

import pytest
from builders.chromium import chromium, print_to_pdf
from builders.html import build_html
from spans import assert_spans
from test_formats import claim_key, structure

from pipeline.batch import process_file
from pipeline.formats import convert

pytestmark = pytest.mark.skipif(chromium() is None, reason="chromium is not installed (.ci/chromium.sh)")

TEXTS = Path(__file__).parent / "texts"
# (page, printed with the site's chrome, (fewest, most) PDF pages expected)
CASES = [
    ("print_kestrel_safeguarding", False, (1, 1)),
    ("print_kestrel_safeguarding", True, (1, 1)),
    ("ashcombe_governance", False, (1, 1)),
    ("ashcombe_governance", True, (2, 3)),
    ("oakhurst_assessing_needs", False, (1, 3)),
    ("brackenmoor_overview", True, (2, 4)),
    ("fernleigh_safety", False, (2, 4)),
    ("fernleigh_safety", True, (2, 5)),
]
IDS = [f"{page}-{'with' if chrome else 'without'}-chrome" for page, chrome, _ in CASES]
# what the browser's header and footer and the site's chrome hold
LEAKS = [
    "file://",
    "Care Quality Commission, Citygate",
    "03000 616161",
    "cookies",
    "87% said yes",
    "Skip to main content",
    "Search 50,000",
    "/5",
    " PM",
    " AM",
]


@pytest.fixture(scope="module")
def printed(tmp_path_factory):
    root = tmp_path_factory.mktemp("printed")
    out = root / "out"
    found = {}
    for (page, chrome, _), case in zip(CASES, IDS):
        source = TEXTS / f"{page}.txt"
        if not source.exists():
            source = TEXTS / "pages" / f"{page}.txt"
        pdf = root / f"{case}.pdf"
        html = build_html(source.read_text(encoding="utf-8"), chrome=chrome)
        pdf.write_bytes(print_to_pdf(html, name=f"{page}.html"))
        text_copy = root / f"{case}-text.txt"
        text_copy.write_bytes(source.read_bytes())
        for path in (pdf, text_copy):
            outcome = process_file(path, out, force=True)
            assert outcome.status == "extracted", outcome.message
        report = json.loads((out / f"{case}.json").read_text(encoding="utf-8"))
        with open(out / f"{case}.txt", encoding="utf-8", newline="") as handle:
            converted = handle.read()
        expected = json.loads((out / f"{case}-text.json").read_text(encoding="utf-8"))
        found[case] = (report, converted, expected)
        found[f"{case}-html"] = convert(html, f"{page}.html").text
    return found


@pytest.mark.parametrize("case", IDS)
def test_printed_page_structure_equals_the_texts(printed, case):
    report, _, expected = printed[case]
    assert structure(report) == structure(expected)


@pytest.mark.parametrize("case", IDS)
def test_printed_page_claims_equal_the_texts(printed, case):
    report, converted, expected = printed[case]
    want = Counter(claim_key(c) for c in expected["claims"])
    got = Counter(claim_key(c) for c in report["claims"])
    extra = [
        c["text"] + " in: " + converted[c["sentence"]["start"] : c["sentence"]["end"]]
        for c in report["claims"]
        if claim_key(c) in got - want
    ]
    assert sorted((want - got).elements()) == [] and extra == []


@pytest.mark.parametrize("case", IDS)
def test_printed_page_has_nothing_of_the_browser_or_the_site(printed, case):
    _, converted, _ = printed[case]
    assert [leak for leak in LEAKS if leak in converted] == []


@pytest.mark.parametrize("case, pages", [(c, p) for c, (_, _, p) in zip(IDS, CASES)], ids=IDS)
def test_printed_page_offsets_and_pages(printed, case, pages):
    report, converted, _ = printed[case]
    assert_spans(report, converted)
    assert pages[0] <= report["input"]["pages"] <= pages[1]
    assert all(1 <= c["page"] <= report["input"]["pages"] for c in report["claims"])


def _lines(text: str) -> list[str]:
    # the pages write some bullets as a "•" in the text: the PDF reads them as list items
    return [
        line.replace("• ", "- ", 1) if line.startswith("• ") else line
        for line in text.splitlines()
        if line.strip()
    ]


@pytest.mark.parametrize("case", IDS)
def test_printed_page_reads_as_the_saved_page(printed, case):
    """Headings, score lines, bullets and paragraphs: line for line the saved page's text."""
    _, converted, _ = printed[case]
    assert _lines(converted) == _lines(printed[f"{case}-html"])
