"""The conversion stage case by case: detection, HTML blocks, hyphens at line ends, headers
and footers, hostile files (each its own clear error naming the file), merge order, and a
batch whose worker dies or hangs."""

from __future__ import annotations

import json
import multiprocessing
import os
import time
from pathlib import Path

import pytest
from builders.pdf import build_pdf
from fpdf import FPDF

from pipeline import batch
from pipeline.errors import ExtractionError
from pipeline.formats import convert, detect
from pipeline.formats.merge import order_key
from pipeline.formats.pdf import _hyphen_join
from pipeline.reference import framework

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "corpus" / "staffordshire-county-council-2025-05-30.txt"

# ---------------------------------------------------------------------------------------------
# Detection: by content, not name

DETECT = [
    ("pdf", b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj", "pdf"),
    ("pdf-after-junk", b"\r\n\r\n%PDF-1.4\n", "pdf"),
    ("doctype", b"<!DOCTYPE html>\n<html><body>", "html"),
    ("saved-from-comment", b"<!-- saved from url=(0040)https://www.cqc.org.uk/ -->\n<html>", "html"),
    ("bom-html", b"\xef\xbb\xbf  <html lang='en'>", "html"),
    ("text", b"Anytown Council: local authority assessment\n", "text"),
    ("text-mentioning-html", b"Report\nThe site's <html> pages were slow.\n", "text"),
]


@pytest.mark.parametrize("data, expected", [(d, e) for _, d, e in DETECT], ids=[i for i, _, _ in DETECT])
def test_detect(data, expected):
    assert detect(data) == expected


def test_a_name_that_disagrees_with_the_content_is_a_warning():
    page = (
        b"<html><body><main><h1>Brookfield Council: local authority assessment</h1>"
        b"<p>Assessment published: 3 March 2025</p></main></body></html>"
    )
    converted = convert(page, "brookfield.txt", suffix=".txt")
    assert converted.format == "html"
    assert [w.code for w in converted.warnings] == ["format-mismatch"]
    assert "named .txt" in converted.warnings[0].message


# ---------------------------------------------------------------------------------------------
# HTML: blocks end lines, bullets, entities; chrome never

TITLE = "<h1>Brookfield Council: local authority assessment</h1>"
HTML = [
    (
        "br-ends-a-line",
        f"<main>{TITLE}<p>Score: 3<br>3 - Evidence shows a good standard</p></main>",
        "Score: 3\n\n3 - Evidence shows a good standard",
    ),
    (
        "list-items",
        f"<main>{TITLE}<ul><li>Assessing needs</li><li><p>Safeguarding</p></li></ul></main>",
        "- Assessing needs\n- Safeguarding",
    ),
    (
        "entities-and-nbsp",
        f"<main>{TITLE}<p>Spend rose by &pound;2.1m&nbsp;(4&#37;) in&#160;2024&ndash;25</p></main>",
        "Spend rose by £2.1m (4%) in 2024–25",
    ),
    (
        "inline-runs-on",
        f"<main>{TITLE}<p>The rate was <strong>61%</strong>, <a href='#'>above</a> target.</p></main>",
        "The rate was 61%, above target.",
    ),
    (
        "table-cells",
        f"<main>{TITLE}<table><tr><td>Safeguarding</td><td>Score: 2</td></tr></table></main>",
        "Safeguarding\n\nScore: 2",
    ),
    (
        "text-before-title-dropped",
        f"<main><p>Skip to content 1 of 3</p>{TITLE}<p>Body 12%.</p></main>",
        "Body 12%.",
    ),
    (
        "chrome-inside-main-dropped",
        f"<main>{TITLE}<nav>Page 2 of 9</nav><aside><h2>Downloads</h2><a>PDF 1.2 MB</a></aside>"
        "<div class='cookie-banner'>We use 4 cookies</div><p hidden>Old 50%</p><p>Body 12%.</p>"
        "<form><button>Rate 5 stars</button></form><footer>Call 0300 123 4567</footer></main>",
        "Body 12%.",
    ),
    (
        "no-main-uses-body",
        f"<header><nav>Home</nav></header>{TITLE}<p>Body 12%.</p><footer>© 2025</footer>",
        "Body 12%.",
    ),
]


@pytest.mark.parametrize("body, expected", [(b, e) for _, b, e in HTML], ids=[i for i, _, _ in HTML])
def test_html_blocks(body, expected):
    page = f"<!DOCTYPE html><html><head><title>t</title></head><body>{body}</body></html>"
    text = convert(page.encode(), "page.html").text
    assert text.startswith("Brookfield Council: local authority assessment\n\n")
    assert text.removeprefix("Brookfield Council: local authority assessment\n\n").rstrip("\n") == expected


# ---------------------------------------------------------------------------------------------
# PDF: words hyphenated at line ends

VOCABULARY = {"assessment", "short-term", "short", "term", "in", "house", "waiting", "list"}
HYPHENS = [
    ("soft-hyphen-joined", "the assess-", "ment was late", "the assessment was late"),
    ("compound-kept", "a short-", "term plan", "a short-term plan"),
    ("capital-kept", "Stoke-on-", "Trent council", "Stoke-on-Trent council"),
    ("digit-kept", "the COVID-", "19 period", "the COVID-19 period"),
    ("word-before-kept", "an in-", "reach team", "an in-reach team"),
    ("fragment-joined", "the commiss-", "ioners said", "the commissioners said"),
    ("dash-after-space", "from 2023 -", "2024 on", "from 2023 - 2024 on"),
    ("compound-unseen-kept", "people on short-", "stay beds", "people on short-stay beds"),
    ("number-kept", "the statutory 21-", "day timescale", "the statutory 21-day timescale"),
]


@pytest.mark.parametrize(
    "before, after, expected", [(b, a, e) for _, b, a, e in HYPHENS], ids=[i for i, _, _, _ in HYPHENS]
)
def test_hyphen_at_a_line_end(before, after, expected):
    assert _hyphen_join(before, after, VOCABULARY) == expected


# ---------------------------------------------------------------------------------------------
# PDF: running headers, footers and page numbers go, on one page and on many

REPORT = """Brookfield Council: local authority assessment

Assessment published: 3 March 2025

Assessing needs

Score: 2

2 - Evidence shows some shortfalls

Key findings for this quality statement

Timeliness of assessments

{body}
"""
SENTENCE = "In the year to March 2024, 318 people waited more than 28 days for an assessment. "


@pytest.mark.parametrize("paragraphs", [1, 40], ids=["one-page", "several-pages"])
def test_pdf_running_lines_go(paragraphs):
    text = REPORT.format(body="\n\n".join([SENTENCE * 3] * paragraphs))
    converted = convert(build_pdf(text), "brookfield.pdf")
    assert (converted.pages or 0) >= (2 if paragraphs > 1 else 1)
    for chrome in ("Printed 2 June 2025", "Page 1 of", "www.cqc.org.uk"):
        assert chrome not in converted.text
    assert converted.text.count("Brookfield Council: local authority assessment") == 1
    assert converted.text.count("318 people") == 3 * paragraphs


# ---------------------------------------------------------------------------------------------
# Hostile files: each its own error, naming the file


def _pdf(build) -> bytes:
    pdf = FPDF()
    pdf.add_page()
    build(pdf)
    return bytes(pdf.output())


def _scan(pdf):  # a page of grey: what a scanner's image is to a text reader
    pdf.set_fill_color(128, 128, 128)
    pdf.rect(20, 20, 170, 250, style="F")


def _encrypted(pdf):
    pdf.set_font("Helvetica", size=12)
    pdf.cell(text="Brookfield Council: local authority assessment")
    pdf.set_encryption(owner_password="owner", user_password="user")


def _corpus_pdf() -> bytes:
    return build_pdf(CORPUS.read_text(encoding="utf-8"))


HOSTILE = [
    ("scan", "scan.pdf", lambda: _pdf(_scan), "PDF without a text layer (a scan"),
    ("encrypted", "locked.pdf", lambda: _pdf(_encrypted), "encrypted PDF"),
    ("truncated", "cut.pdf", lambda: _corpus_pdf()[:30_000], "truncated PDF"),
    ("corrupt", "bad.pdf", lambda: b"%PDF-1.7\nnot really a pdf at all\n%%EOF\n", "corrupt PDF"),
    (
        "not-a-report-page",
        "opening-times.html",
        lambda: b"<!DOCTYPE html><html><body><main><h1>Opening times</h1><p>9 to 5</p></main></body></html>",
        "not a CQC local authority assessment page",
    ),
    (
        "empty-page",
        "blank.html",
        lambda: b"<!DOCTYPE html><html><head></head><body> </body></html>",
        "empty HTML page",
    ),
    ("empty-file", "nothing.html", lambda: b"", "empty file"),
]


@pytest.mark.parametrize(
    "name, make, message", [(n, m, e) for _, n, m, e in HOSTILE], ids=[i for i, _, _, _ in HOSTILE]
)
def test_hostile_input_has_its_own_clear_error(tmp_path, capsys, name, make, message):
    path = tmp_path / name
    path.write_bytes(make())
    status = batch.run_batch([path], tmp_path / "out", jobs=1, progress="never", timeout=None)
    err = capsys.readouterr().err
    assert status == 1
    assert f"error: {path}" in err and message in err, err
    record = json.loads((tmp_path / "out" / f"{path.stem}.error.json").read_text())
    assert record["file"] == str(path) and message in record["message"]


# ---------------------------------------------------------------------------------------------
# Merge order comes from content

PAGE_ORDER = [
    ("overview", "X: local authority assessment\nOverall summary\nQuality statement scores\n", (0,)),
    ("about", "X: local authority assessment\nAbout X Council\nDemographics\n", (1,)),
    (
        "theme-page-lists-its-statements",
        "X: local authority assessment\nTheme 3: How X ensures safety\nThis theme includes these "
        "quality statements:\n- Safe pathways, systems and transitions\n- Safeguarding\nWe may not "
        "always review all quality statements during every assessment.\nSafeguarding\nScore: 2\n",
        (2, 3, 7),
    ),
    ("statement-page", "X: local authority assessment\nAssessing needs\nScore: 3\n", (2, 1, 1)),
    ("theme-only", "X: local authority assessment\nTheme 4: Leadership\n", (2, 4, 0)),
    ("other", "Minutes of the meeting\n", (3,)),
]


@pytest.mark.parametrize(
    "text, expected", [(t, e) for _, t, e in PAGE_ORDER], ids=[i for i, _, _ in PAGE_ORDER]
)
def test_merge_order_key(text, expected):
    assert order_key(text) == expected


# ---------------------------------------------------------------------------------------------
# Faults in a batch: a worker that dies, a worker that hangs


def _fault_for(stems: dict[str, str]):
    real = batch.convert

    def fake(data, name=None, suffix=None):
        how = stems.get(Path(name).stem)
        if how == "die":
            os._exit(9)  # the worker process dies outright, as on a segfault
        if how == "hang":
            time.sleep(600)  # a converter stuck on a hostile file
        return real(data, name=name, suffix=suffix)

    return fake


@pytest.mark.skipif(
    multiprocessing.get_start_method() != "fork", reason="workers see the patched converter only when forked"
)
def test_a_dying_and_a_hanging_worker_cost_only_their_files(tmp_path, monkeypatch, capsys):
    inputs = tmp_path / "in"
    inputs.mkdir()
    for stem in ("a", "dies", "b", "hangs", "c"):
        (inputs / f"{stem}.txt").write_bytes(CORPUS.read_bytes())
    monkeypatch.setattr(batch, "convert", _fault_for({"dies": "die", "hangs": "hang"}))
    started = time.monotonic()
    status = batch.run_batch([inputs], tmp_path / "out", jobs=2, progress="never", timeout=3)
    took = time.monotonic() - started
    err = capsys.readouterr().err
    assert status == 1
    assert took < 120, "the hanging file was not stopped"
    out = tmp_path / "out"
    assert sorted(p.name for p in out.glob("*.json") if ".error" not in p.name) == [
        "a.json",
        "b.json",
        "c.json",
    ]
    assert f"{inputs / 'dies.txt'}: unexpected error: the worker process crashed" in err
    assert f"{inputs / 'hangs.txt'}: timed out after 3 s" in err
    assert json.loads((out / "hangs.error.json").read_text())["message"].startswith("timed out")
    assert "5 files: 3 extracted, 0 skipped (up to date), 2 failed" in err


# ---------------------------------------------------------------------------------------------
# Incremental runs see the input's bytes


def test_a_pdf_is_skipped_when_its_bytes_and_text_file_are_unchanged(tmp_path, capsys):
    text = REPORT.format(body=SENTENCE * 3)
    path = tmp_path / "in" / "brookfield.pdf"
    path.parent.mkdir()
    path.write_bytes(build_pdf(text))
    out = tmp_path / "out"
    assert batch.run_batch([path], out, jobs=1, progress="never", timeout=None) == 0
    assert batch.run_batch([path], out, jobs=1, progress="never", timeout=None) == 0
    assert "1 skipped" in capsys.readouterr().err
    (out / "brookfield.txt").unlink()
    assert batch.run_batch([path], out, jobs=1, progress="never", timeout=None) == 0
    assert "1 extracted" in capsys.readouterr().err and (out / "brookfield.txt").is_file()


def test_an_error_names_the_file_without_a_batch():
    with pytest.raises(ExtractionError, match=r"^x\.pdf, byte 16: truncated PDF"):
        convert(b"%PDF-1.4\n1 0 obj", "x.pdf")


def test_an_output_folder_inside_the_input_folder_is_not_read_as_input(tmp_path, capsys):
    """The converted text written beside the output is never taken for a new input."""
    reports = tmp_path / "reports"
    reports.mkdir()
    (reports / "brookfield.pdf").write_bytes(build_pdf(REPORT.format(body=SENTENCE * 3)))
    out = reports / "output"
    for _ in range(2):
        assert batch.run_batch([reports], out, jobs=1, progress="never", timeout=None) == 0
    assert "1 files: 0 extracted, 1 skipped" in capsys.readouterr().err


# A pilot report's title is a report's title only with the assessment's frame after it.
FRAME_CASES = [
    ("statement-and-score", ["Assessing needs", "Score: 3"], True),
    (
        "bullet-and-indicative",
        ["- Safeguarding", "Indicative score:", "2 - Evidence shows some shortfalls"],
        True,
    ),
    (
        "statement-and-expect",
        ["Partnerships and communities", "What people expect", "I am listened to."],
        True,
    ),
    ("printed-pairs", ["Assessing needs Score: 3 Safeguarding Score: 2"], True),
    ("statement-alone", ["Assessing needs", "We aim to reply within 5 working days."], False),
    ("score-alone", ["Score: 3", "What people expect"], False),
    ("a-percentage", ["Assessing needs", "Score: 56%"], False),
    # a pilot's overview page: its indicative rating or score is its frame
    (
        "indicative-rating-heading",
        [
            "Overall summary",
            "Local authority indicative rating",
            "Requires improvement: Evidence shows some shortfalls",
        ],
        True,
    ),
    ("indicative-rating-on-its-line", ["Indicative rating: Good"], True),
    ("indicative-score", ["Overall summary", "Indicative score: 56%"], True),
    (
        "indicative-heading-without-a-rating",
        ["Local authority indicative rating", "We met people in Eastmoor."],
        False,
    ),
    ("a-rating-word-without-the-heading", ["Overall summary", "Good: Evidence shows a good standard"], False),
    ("indicative-score-of-a-year", ["Indicative score: 2024 figures"], False),
]


@pytest.mark.parametrize("lines, expected", [c[1:] for c in FRAME_CASES], ids=[c[0] for c in FRAME_CASES])
def test_assessment_frame(lines, expected):
    assert framework.has_assessment_frame(lines) is expected


@pytest.mark.parametrize(
    "line, council",
    [
        ("Caldermoor City Council assessment", "Caldermoor City Council"),
        ("London Borough of Eastmoor and Westfield assessment", "London Borough of Eastmoor and Westfield"),
        ("Carers Needs assessment", None),  # names no council
        ("Caldermoor City Council: local authority assessment", None),  # the other title form
        ("How Caldermoor City Council does its assessment", None),
    ],
)
def test_pilot_title(line, council):
    match = framework.pilot_title(line)
    assert (match["council"] if match else None) == council


PILOT_OVERVIEW = """<!doctype html><html><head><title>Eastmoor</title></head><body>
<nav><a href="/">Home</a></nav>
<main>
<h1>Eastmoor City Council assessment</h1>
<p>Published: 9 October 2023</p>
<h2>Overall summary</h2>
<h3>Local authority indicative rating</h3>
<p><strong>Requires improvement</strong>: Evidence shows some shortfalls</p>
<p>Around 610 people were waiting for a review in the summer.</p>
</main>
<footer>Cookies</footer>
</body></html>"""


PILOT_OVERVIEW_TEXT = """Eastmoor City Council assessment

Published: 9 October 2023

Overall summary

Local authority indicative rating

Requires improvement: Evidence shows some shortfalls

Around 610 people were waiting for a review in the summer.
"""


def test_a_pilot_overview_page_framed_by_its_indicative_rating_is_read_as_the_text_is():
    import pipeline
    from pipeline.formats import html

    converted = html.convert(PILOT_OVERVIEW.encode(), name="eastmoor.html")
    assert converted.text == PILOT_OVERVIEW_TEXT  # the chrome cut, the report's text as written
    report = pipeline.extract(converted.text, name="eastmoor")
    assert report.overall.rating == "Requires improvement" and report.overall.indicative
    assert report.local_authority == "Eastmoor City Council"
