"""PDF and saved web pages in, the same Report out as from the clean text.

The corpus report is laid out as a PDF (tests/builders/pdf.py) and as a saved web page with
the site's chrome (tests/builders/html.py), and split into its ten web pages (overview and
nine statement pages) for ``--merge``. One batch run per session extracts them all beside the
``.txt``; each test compares one aspect, per format. Claims are compared by content (value,
unit, statement, comparator kinds and values, source name and date), never by offset: the
converted texts differ from the clean one in blank lines and markup.
"""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

import pypdfium2
import pytest
from builders.html import build_html, split_pages
from builders.pdf import build_pdf
from spans import assert_spans

from pipeline.batch import run_batch

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "corpus" / "staffordshire-county-council-2025-05-30.txt"
FORMATS = ["pdf", "html", "merged"]
# what each format's site chrome, running header or footer holds: none may reach a claim
CHROME = {
    "pdf": ["Printed 2 June 2025", "Page ", "www.cqc.org.uk"],
    "html": [
        "03000 616161",
        "NE1 4PA",
        "cookies",
        "50,000 services",
        "87% said yes",
        "1.3 MB",
        "Last updated",
        "2025 State of Care",
    ],
    "merged": ["03000 616161", "NE1 4PA", "cookies", "Downloads"],
}


@pytest.fixture(scope="session")
def extracted(tmp_path_factory):
    """name -> (report dict, the text its offsets index), from one batch run."""
    root = tmp_path_factory.mktemp("formats")
    text = CORPUS.read_text(encoding="utf-8")
    inputs = root / "in"
    inputs.mkdir()
    (inputs / "report.txt").write_text(text, encoding="utf-8")
    (inputs / "report-pdf.pdf").write_bytes(build_pdf(text))
    (inputs / "report-html.html").write_bytes(build_html(text))
    pages = root / "report-merged"
    pages.mkdir()
    # file names in the reverse of the report's order: the order must come from content
    for index, page in enumerate(reversed(list(split_pages(text).values()))):
        (pages / f"page-{index:02d}.html").write_bytes(build_html(page))
    out = root / "out"
    status = run_batch([inputs], out, jobs=2, progress="never", merge=[pages])
    assert status == 0
    found = {}
    for name in ("report", "report-pdf", "report-html", "report-merged"):
        report = json.loads((out / f"{name}.json").read_text(encoding="utf-8"))
        source = out / f"{name}.txt" if name != "report" else inputs / "report.txt"
        with open(source, encoding="utf-8", newline="") as handle:
            found[name.removeprefix("report-") if name != "report" else "text"] = (report, handle.read())
    found["pdf-bytes"] = (inputs / "report-pdf.pdf").read_bytes()
    return found


def claim_key(claim: dict) -> tuple:
    source = claim["source"] or {}
    comparators = tuple(sorted((c["kind"], c["value"]) for c in claim["comparators"]))
    return (
        claim["value"],
        claim["unit"],
        claim["statement"],
        comparators,
        source.get("name"),
        source.get("date"),
    )


def structure(report: dict) -> dict:
    return {
        "local_authority": report["local_authority"],
        "published": report["published"],
        "overall": {k: v for k, v in report["overall"].items() if not k.endswith("_span")},
        "score_list": [(row["slug"], row["score"]) for row in report["score_list"]],
        "statements": [
            (s["slug"], s["score"], [sub["heading"] for sub in s["subsections"]])
            for theme in report["themes"]
            for s in theme["statements"]
        ],
        "themes": [theme["number"] for theme in report["themes"]],
        "sections": [section["title"] for section in report["sections"]],
    }


@pytest.mark.parametrize("fmt", FORMATS)
def test_structure_equals_the_texts(extracted, fmt):
    assert structure(extracted[fmt][0]) == structure(extracted["text"][0])


@pytest.mark.parametrize("fmt", FORMATS)
def test_claims_by_content_at_least_99_percent(extracted, fmt):
    expected = Counter(claim_key(c) for c in extracted["text"][0]["claims"])
    found = Counter(claim_key(c) for c in extracted[fmt][0]["claims"])
    missing = expected - found
    assert sum(missing.values()) <= 0.01 * sum(expected.values()), sorted(missing.elements())


@pytest.mark.parametrize("fmt", FORMATS)
def test_no_claim_the_text_does_not_have(extracted, fmt):
    """A claim from a running header, a page number or the site's chrome would be extra."""
    report, text = extracted[fmt]
    extra = Counter(claim_key(c) for c in report["claims"]) - Counter(
        claim_key(c) for c in extracted["text"][0]["claims"]
    )
    shown = [
        c["text"] + " in: " + text[c["sentence"]["start"] : c["sentence"]["end"]]
        for c in report["claims"]
        if claim_key(c) in extra
    ]
    assert not extra, shown


@pytest.mark.parametrize("fmt", FORMATS)
def test_no_chrome_in_the_converted_text(extracted, fmt):
    text = extracted[fmt][1]
    assert [piece for piece in CHROME[fmt] if piece in text] == []


@pytest.mark.parametrize("fmt", FORMATS)
def test_offsets_walk_true_against_the_written_text(extracted, fmt):
    report, text = extracted[fmt]
    assert report["input"]["text_file"] is not None
    assert report["sha256"] and len(text) > 100_000
    assert_spans(report, text)


def test_merged_parts_cover_the_pages_in_the_reports_order(extracted):
    report, text = extracted["merged"]
    parts = report["input"]["parts"]
    assert [p["file"] for p in parts] == [f"page-{i:02d}.html" for i in range(9, -1, -1)]
    assert all(a["end"] <= b["start"] for a, b in zip(parts, parts[1:]))
    assert text[parts[0]["start"] :].startswith(report["local_authority"])
    ids = [c["id"] for c in report["claims"]]
    assert len(ids) == len(set(ids)), "a claim twice"


def test_pdf_pages_say_where_each_claim_is(extracted):
    """Each claim's value is on the page its ``page`` names (read back from the PDF)."""
    report, _ = extracted["pdf"]
    document = pypdfium2.PdfDocument(extracted["pdf-bytes"])
    pages = [" ".join(document[i].get_textpage().get_text_range().split()) for i in range(len(document))]
    assert report["input"]["pages"] == len(pages)
    wrong = [
        (c["text"], c["page"])
        for c in report["claims"]
        if not 1 <= c["page"] <= len(pages) or c["text"] not in pages[c["page"] - 1]
    ]
    assert not wrong
    for theme in report["themes"]:
        for statement in theme["statements"]:
            assert 1 <= statement["page"] <= len(pages)
            assert all(sub["page"] >= statement["page"] for sub in statement["subsections"])


def test_text_input_output_has_no_page_fields(extracted):
    report, _ = extracted["text"]
    assert report["input"] == {
        "format": "text",
        "sha256": report["input"]["sha256"],
        "text_file": None,
        "pages": None,
        "parts": [],
    }
    assert all("page" not in c for c in report["claims"])
    assert all("page" not in s for s in report["sections"])
