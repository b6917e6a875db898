"""The review site in a real browser: Debian's chromium, headless (driven by Playwright: tests/chromium.py).

The site is built by the `view` command from real extractions (the corpus report, the test
pages in other councils' wording, and a report whose text holds markup). In the browser, after
the scripts ran: a claim's detail appears on focus and on hover, sorting the overview reorders
its rows, outline links land, a screenshot of each kind of page is not blank, the console shows
no error and no page asks for anything but its own file.

Skipped only where no chromium is installed; in CI (``CI`` set) a missing browser is a failure,
since `.ci/run` installs it (`.ci/chromium.sh`). ``CQC_SCREENSHOTS=DIR`` keeps the screenshots.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from chromium import Chromium, find_chromium, ink_fraction

import pipeline
from pipeline.cli import main

ROOT = Path(__file__).resolve().parent.parent
CORPUS = sorted((ROOT / "corpus").glob("*.txt"))
PAGES = sorted((ROOT / "tests" / "texts" / "pages").glob("*.txt"))
HOSTILE_PARAGRAPH = (
    "Carers said <script>alert('text')</script> that 41% of them had a break "
    '"><img src=x onerror=alert(1)> and {{ 7*7 }} others did not.'
)


def read(path: Path) -> str:
    with open(path, encoding="utf-8", newline="") as handle:
        return handle.read()


@pytest.fixture(scope="module")
def chromium_path() -> str:
    path = find_chromium()
    if path:
        return path
    if os.environ.get("CI"):
        pytest.fail("chromium is not installed in CI: .ci/run should install it (.ci/chromium.sh)")
    pytest.skip("no chromium installed (apt-get install chromium, or set CQC_CHROMIUM)")


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    """The outputs of the corpus report, the test pages and a hostile page, and their site."""
    base = tmp_path_factory.mktemp("view-site")
    out, texts = base / "output", base / "texts"
    texts.mkdir()
    sources = {p.stem: read(p) for p in [*CORPUS, *PAGES]}
    lines = read(PAGES[0]).split("\n")
    at = next(i for i, line in enumerate(lines) if i > 8 and len(line) > 100)
    sources["hostile"] = "\n".join([*lines[: at + 1], HOSTILE_PARAGRAPH, *lines[at + 1 :]])
    out.mkdir()
    for stem, text in sources.items():
        (texts / f"{stem}.txt").write_text(text, encoding="utf-8", newline="")
        report = pipeline.extract(text, name=stem)
        (out / f"{stem}.json").write_text(report.model_dump_json(indent=2), encoding="utf-8")
    assert main(["view", str(out), "--out", str(base / "site"), "--texts", str(texts)]) == 0
    return base / "site"


@pytest.fixture(scope="module")
def launched(chromium_path):
    with Chromium.launch(chromium_path) as launched:
        yield launched


@pytest.fixture
def browser(launched):
    yield launched
    launched.close_pages()


def outputs(site: Path) -> dict[str, dict]:
    return {
        p.stem: json.loads(p.read_text(encoding="utf-8")) for p in (site.parent / "output").glob("*.json")
    }


def open_page(browser, path: Path):
    page = browser.open(path)
    page.settle()
    return page


def assert_clean(page, path: Path) -> None:
    assert page.errors == []
    assert page.requests == [path.resolve().as_uri()]  # nothing but the file itself


def test_page_errors_catch_what_the_page_tests_rely_on(browser, tmp_path):
    """``assert_clean`` can fail: each kind of trouble a page may have is in ``page.errors``."""
    path = tmp_path / "troubled.html"
    path.write_text(
        "<!doctype html><title>t</title><img src='missing.png'>"
        "<script>console.error('said', 42); console.assert(false, 'asserted');"
        " alert('opened'); setTimeout(() => { throw new Error('thrown'); });</script>",
        encoding="utf-8",
    )
    page = open_page(browser, path)
    page.evaluate("new Promise(r => setTimeout(r, 50))")
    errors = "\n".join(page.errors)
    for expected in (
        "console.error: said 42",
        "console.assert: asserted",
        "dialog (alert): opened",
        "exception: Error: thrown",
        "load failed: " + (tmp_path / "missing.png").as_uri(),
    ):
        assert expected in errors
    assert page.requests == [path.as_uri(), (tmp_path / "missing.png").as_uri()]


REPORT_STEMS = [p.stem for p in [*CORPUS, *PAGES]] + ["hostile"]


@pytest.mark.parametrize("stem", REPORT_STEMS)
def test_report_page_loads_without_errors_and_asks_for_nothing(browser, site, stem):
    path = site / f"{stem}.html"
    page = open_page(browser, path)
    report = outputs(site)[stem]
    assert page.evaluate("document.querySelectorAll('#text mark.claim').length") == len(report["claims"])
    assert page.evaluate("document.getElementById('popup').hidden") is True
    assert_clean(page, path)


def popup_text(page) -> str | None:
    return page.evaluate(
        "(() => { const p = document.getElementById('popup');"
        " return p.hidden ? null : p.textContent.replace(/\\s+/g, ' '); })()"
    )


def test_claim_detail_appears_on_focus(browser, site):
    stem = CORPUS[0].stem
    path = site / f"{stem}.html"
    page = open_page(browser, path)
    report = outputs(site)[stem]
    claim = next(
        c
        for c in report["claims"]
        if any(k["kind"] == "england_average" and k["direction"] for k in c["comparators"])
    )
    average = next(k for k in claim["comparators"] if k["kind"] == "england_average")
    page.evaluate(f"document.getElementById('claim-{claim['id']}').focus()")
    page.settle()
    shown = popup_text(page)
    assert shown is not None, "no detail on focus"
    assert claim["text"] in shown and "England average" in shown and average["direction"] in shown
    if claim["source"]:
        assert claim["source"]["name"] in shown
    assert page.evaluate("document.activeElement.getAttribute('aria-describedby')") == "popup"
    # the detail box is on screen, next to the claim
    box = page.evaluate(
        "(() => { const r = document.getElementById('popup').getBoundingClientRect();"
        " return [r.top, r.bottom, innerHeight]; })()"
    )
    assert 0 <= box[0] < box[1] <= box[2]
    page.keyboard.press("Escape")
    page.settle()
    assert popup_text(page) is None
    assert_clean(page, path)


def test_keyboard_steps_through_the_claims(browser, site):
    stem = CORPUS[0].stem
    path = site / f"{stem}.html"
    page = open_page(browser, path)
    claims = sorted(outputs(site)[stem]["claims"], key=lambda c: c["start"])
    page.keyboard.press("n")
    page.keyboard.press("n")
    page.settle()
    assert page.evaluate("document.activeElement.dataset.claim") == claims[1]["id"]
    assert claims[1]["text"] in popup_text(page)
    page.keyboard.press("p")
    page.settle()
    assert page.evaluate("document.activeElement.dataset.claim") == claims[0]["id"]
    assert_clean(page, path)


def test_claim_detail_appears_on_hover(browser, site):
    stem = PAGES[0].stem
    path = site / f"{stem}.html"
    page = open_page(browser, path)
    claim = outputs(site)[stem]["claims"][-1]
    page.hover(f"#claim-{claim['id']}")
    page.settle()
    shown = popup_text(page)
    assert shown is not None and claim["text"] in shown
    assert_clean(page, path)


def test_outline_links_land_on_their_statement(browser, site):
    stem = CORPUS[0].stem
    path = site / f"{stem}.html"
    page = open_page(browser, path)
    slug = outputs(site)[stem]["themes"][-1]["statements"][-1]["slug"]
    page.click(f"nav a[href='#statement-{slug}']")
    page.settle()
    assert page.evaluate("location.hash") == f"#statement-{slug}"
    top = page.evaluate(f"document.getElementById('statement-{slug}').getBoundingClientRect().top")
    assert 0 <= top < page.evaluate("innerHeight")
    assert page.evaluate("scrollY") > 1000
    assert_clean(page, path)


def test_hostile_text_stays_text_in_the_browser(browser, site):
    path = site / "hostile.html"
    page = open_page(browser, path)
    assert page.evaluate("document.querySelectorAll('img').length") == 0
    assert page.evaluate("document.scripts.length") == 1
    assert HOSTILE_PARAGRAPH in page.evaluate("document.getElementById('text').textContent")
    assert_clean(page, path)  # no alert opened either: a dialog is in page.errors


def row_order(page) -> list[str]:
    return page.evaluate("Array.from(document.querySelectorAll('#reports tbody tr'), r => r.dataset.stem)")


def column_values(page, column: int) -> list[str]:
    return page.evaluate(
        f"Array.from(document.querySelectorAll('#reports tbody tr'), r => r.cells[{column}].dataset.v)"
    )


@pytest.mark.parametrize(
    "label, column",
    [
        ("Claims", 15),
        ("Published", 1),
        ("Warnings", 16),
        ("AN", 6),
    ],
    ids=["claims", "published", "warnings", "statement-score"],
)
def test_sorting_the_overview_reorders_its_rows(browser, site, label, column):
    path = site / "index.html"
    page = open_page(browser, path)
    before = row_order(page)
    assert before == sorted(
        before,
        key=lambda stem: page.evaluate(f"document.querySelector('tr[data-stem=\"{stem}\"] th').dataset.v"),
    )
    button = f"#reports thead button[data-col='{column}']"
    assert page.evaluate(f'document.querySelector("{button}").textContent') == label
    numeric = page.evaluate(f'document.querySelector("{button}").dataset.type') == "num"

    def key(value: str):
        return float(value) if numeric else value

    for direction in ("ascending", "descending"):
        page.click(button)
        page.settle()
        values = [v for v in column_values(page, column) if v != ""]
        assert values == sorted(values, key=key, reverse=direction == "descending")
        assert column_values(page, column)[len(values) :] == [""] * (len(before) - len(values))
        assert (
            page.evaluate(f"document.querySelector(\"{button}\").parentNode.getAttribute('aria-sort')")
            == direction
        )
        assert sorted(row_order(page)) == sorted(before)
    assert_clean(page, path)


def test_sorting_changes_the_order(browser, site):
    path = site / "index.html"
    page = open_page(browser, path)
    before = row_order(page)
    page.click("#reports thead button[data-col='15']")  # claims: the pages differ in count
    page.settle()
    assert row_order(page) != before
    page.click("#reports thead button[data-col='0']")  # by council again: the first order
    page.settle()
    assert row_order(page) == before
    page.click("#reports thead button[data-col='0']")  # and reversed
    page.settle()
    assert column_values(page, 0) == sorted(column_values(page, 0), reverse=True)
    assert_clean(page, path)


@pytest.mark.parametrize("name", [f"{stem}.html" for stem in REPORT_STEMS] + ["index.html"])
def test_screenshot_is_not_blank(browser, site, name):
    path = site / name
    page = open_page(browser, path)
    png = page.screenshot()
    if os.environ.get("CQC_SCREENSHOTS"):
        folder = Path(os.environ["CQC_SCREENSHOTS"])
        folder.mkdir(parents=True, exist_ok=True)
        (folder / f"{Path(name).stem}.png").write_bytes(png)
    ink, colours = ink_fraction(png)
    assert ink > 0.05 and colours > 50, f"blank-looking screenshot: {ink:.3f} ink, {colours} colours"
    assert_clean(page, path)


def test_overview_of_two_hundred_reports_loads_and_sorts(browser, site, tmp_path):
    """The size the overview must handle (its speed is measured in benchmarks/bench_view.py)."""
    from pipeline.outputs import view

    report = outputs(site)[CORPUS[0].stem]
    entries = []
    for number in range(200):
        copy = json.loads(json.dumps(report))
        copy["local_authority"] = f"Council {number:03d}"
        copy["overall"]["derived_score_percent"] = 25 + (number * 37) % 76
        entries.append(view.Entry(f"council-{number:03d}", copy, ""))
    path = tmp_path / "index.html"
    path.write_text(view.render_overview(entries), encoding="utf-8")
    page = open_page(browser, path)
    assert row_order(page) == [f"council-{n:03d}" for n in range(200)]
    page.click("#reports thead button[data-col='0']")
    page.settle()
    assert row_order(page) == [f"council-{n:03d}" for n in reversed(range(200))]
    page.click("#reports thead button[data-col='5']")
    page.settle()
    scores = [float(v) for v in column_values(page, 5)]
    assert scores == sorted(scores) and len(set(scores)) > 50
    assert_clean(page, path)
