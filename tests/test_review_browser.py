"""The review loop in a real browser: Debian's chromium, headless, driven by Playwright.

The review server runs as a user runs it (``python -m pipeline review``, a free port). In the
page: a claim marked not a claim with the keyboard, another's value fixed in the fix form, a
missed number selected in the text and added, the report marked reviewed; the page shows each
saved state, and again after a reload. Then the corrections file is read, ``extract
--corrections`` and ``gold`` run on it, and the curated output and the gold are checked.

Skipped only where no chromium is installed (``CQC_CHROMIUM``, default /usr/bin/chromium).
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest
from builders.review import STEM, TEXT, sigint_as_at_a_terminal, write_output

import pipeline
from pipeline.cli import main
from pipeline.models import CORRECTIONS_VERSION, Corrections
from pipeline.quality.corrections import corrections_json, rebase
from pipeline.quality.evaluate import evaluate_folders

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM = os.environ.get("CQC_CHROMIUM", "/usr/bin/chromium")
REPORT = pipeline.extract(TEXT, name=STEM)
CLAIMS = {claim.text: claim for claim in REPORT.claims}

pytestmark = pytest.mark.skipif(not Path(CHROMIUM).is_file(), reason=f"no chromium at {CHROMIUM}")

# Selects the first occurrence of a phrase's first characters in the report text, as a mouse
# would (a range in the page's text nodes).
SELECT = """([phrase, length]) => {
  const text = document.getElementById('text');
  const walker = document.createTreeWalker(text, NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    const at = node.data.indexOf(phrase);
    if (at >= 0) {
      const range = document.createRange();
      range.setStart(node, at);
      range.setEnd(node, at + length);
      const selection = window.getSelection();
      selection.removeAllRanges();
      selection.addRange(range);
      return true;
    }
  }
  return false;
}"""


@pytest.fixture()
def server(tmp_path):
    """``python -m pipeline review`` on a free port: (address, folder); stopped with Ctrl-C."""
    (tmp_path / "output").mkdir()
    (tmp_path / "texts").mkdir()
    write_output(tmp_path / "output", tmp_path / "texts")
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "pipeline",
            "review",
            str(tmp_path / "output"),
            "--texts",
            str(tmp_path / "texts"),
            "--port",
            "0",
        ],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        cwd=tmp_path,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
        preexec_fn=sigint_as_at_a_terminal,
    )
    try:
        process.stdout.readline()
        line = process.stdout.readline()
        assert line.startswith("open http://127.0.0.1:"), line + process.stderr.read()
        yield line.split()[1], tmp_path
    finally:
        process.send_signal(signal.SIGINT)
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


@pytest.fixture()
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(
            executable_path=CHROMIUM, headless=True, args=["--no-sandbox", "--disable-gpu"]
        )
        try:
            yield launched
        finally:
            launched.close()


def anchor(start: int, end: int) -> dict:
    """The anchor the server writes: the quote with 32 characters either side, its offsets."""
    return {
        "exact": TEXT[start:end],
        "prefix": TEXT[max(0, start - 32) : start],
        "suffix": TEXT[end : end + 32],
        "start": start,
        "end": end,
    }


def claim_mark(page, text: str):
    return page.locator(f'#text mark.claim[data-claim="{CLAIMS[text].id}"]')


def test_review_a_report_then_curate_and_make_gold(server, browser, tmp_path):
    address, folder = server
    page = browser.new_page(viewport={"width": 1400, "height": 900})
    problems, requests = [], []
    page.on(
        "console",
        lambda message: problems.append(message.text) if message.type in ("error", "warning") else None,
    )
    page.on("pageerror", lambda error: problems.append(str(error)))
    page.on("request", lambda request: requests.append(request.url))
    page.goto(f"{address}{STEM}.html")
    page.wait_for_selector("body[data-review-ready]")
    assert "no corrections yet" in page.locator("#rv-status").text_content()

    # not a claim: focus the claim (as n/p or Tab would), press x
    claim_mark(page, "19").focus()
    assert page.locator("#rv-claim-text").text_content() == "19"
    page.locator("#rv-note").fill("the number of teams, a denominator")
    claim_mark(page, "19").focus()
    page.keyboard.press("x")
    page.wait_for_selector(f'#text mark.claim.rv-not_a_claim[data-claim="{CLAIMS["19"].id}"]')
    assert (
        page.locator("#rv-claim-saved").text_content()
        == "saved: not a claim (the number of teams, a denominator)"
    )

    # fix another's value: f opens the form on the value
    page.keyboard.press("n")  # from 19 to the next claim, 1,150
    page.keyboard.press("p")
    page.keyboard.press("p")  # back past 19 to 63.5%
    assert page.locator("#rv-claim-text").text_content() == "63.5%"
    page.keyboard.press("f")
    value = page.locator("#rv-fix input[name=value]")
    assert value.input_value() == "63.5" and value.evaluate("e => e === document.activeElement")
    assert page.locator("#rv-fix select[name=measure]").input_value() == "ascs-satisfied-with-care"
    # the period (an object in the output) is offered as its words, and left out of the fix
    assert page.locator("#rv-fix input[name=period]").input_value() == CLAIMS["63.5%"].period.text
    value.fill("64.5")
    value.press("Enter")
    page.wait_for_selector(f'#text mark.claim.rv-fix[data-claim="{CLAIMS["63.5%"].id}"]')
    assert page.locator("#rv-claim-saved").text_content() == "saved: fixed: value = 64.5"

    # a comparator that is not the claim's: focus it, press x; the fix keeps the claim's value
    page.locator(f'#text mark.cmp[data-claims~="{CLAIMS["63.5%"].id}"]').focus()
    assert page.locator("#rv-comparator q").text_content() == "61.8%"
    page.keyboard.press("x")
    page.wait_for_selector("#text mark.cmp.rv-dropped")
    assert page.locator("#rv-claim-saved").text_content() == "saved: fixed: value = 64.5, comparators = []"

    # add a missed number: select it in the text, press a, the form guesses value and unit
    assert page.evaluate(SELECT, ["40 minutes", 2])
    page.keyboard.press("a")
    assert page.locator("#rv-add-text").text_content() == "40"
    assert page.locator("#rv-add-form input[name=value]").input_value() == "40"
    assert page.locator("#rv-add-form select[name=unit]").input_value() == "count"
    page.locator("#rv-add-form button[type=submit]").click()
    page.wait_for_selector("#text mark.rv-added")
    assert page.locator("#text mark.rv-added").text_content() == "40"

    # mark reviewed: R
    page.locator("#text").click(position={"x": 5, "y": 5})
    page.keyboard.press("Shift+R")
    page.wait_for_selector("body.rv-done")
    assert page.locator("#rv-progress").text_content().startswith("2 of 5 claims judged · 1 added")

    # the page shows what is saved: after a reload, from the file
    page.reload()
    page.wait_for_selector("body[data-review-ready]")
    assert page.locator("#rv-status").text_content().startswith("loaded ")
    assert page.locator("#text mark.claim.rv-not_a_claim").count() == 1
    assert page.locator("#text mark.claim.rv-fix").count() == 1
    assert page.locator("#text mark.cmp.rv-dropped").text_content() == "61.8%"
    assert page.locator("#text mark.rv-added").text_content() == "40"
    assert page.locator("#rv-reviewed").is_checked()
    assert page.locator("#text").text_content() == TEXT  # marks never change the text
    if os.environ.get("CQC_SCREENSHOTS"):
        claim_mark(page, "63.5%").focus()
        page.screenshot(path=str(Path(os.environ["CQC_SCREENSHOTS"]) / "review-test.png"))
    assert not problems, problems
    assert all(url.startswith(address) for url in requests), requests

    # the corrections file, as the server wrote it
    start = TEXT.index("40 minutes")
    corrections = json.loads((folder / "corrections" / f"{STEM}.json").read_text(encoding="utf-8"))
    assert corrections == {
        "schema_version": CORRECTIONS_VERSION,
        "report": STEM,
        "sha256": REPORT.sha256,
        "reviewed": True,
        "claims": {
            CLAIMS["19"].id: {
                "verdict": "not_a_claim",
                "note": "the number of teams, a denominator",
                "anchor": anchor(CLAIMS["19"].start, CLAIMS["19"].end),
            },
            CLAIMS["63.5%"].id: {
                "verdict": "fix",
                "anchor": anchor(CLAIMS["63.5%"].start, CLAIMS["63.5%"].end),
                "value": 64.5,
                "comparators": [],
            },
        },
        "added": [
            {
                "start": start,
                "end": start + 2,
                "value": 40.0,
                "unit": "count",
                "text": "40",
                "anchor": anchor(start, start + 2),
                "measure": None,
            }
        ],
    }

    # the curated output
    assert (
        main(
            [
                "extract",
                str(folder / "texts"),
                "--out",
                str(folder / "curated"),
                "--corrections",
                str(folder / "corrections"),
                "--jobs",
                "1",
                "--timeout",
                "0",
                "--progress",
                "never",
            ]
        )
        == 0
    )
    curated = json.loads((folder / "curated" / f"{STEM}.json").read_text(encoding="utf-8"))
    by_text = {c["text"]: c for c in curated["claims"]}
    assert "19" not in by_text
    assert (by_text["63.5%"]["value"], by_text["63.5%"]["corrected"]) == (64.5, ["value", "comparators"])
    assert by_text["63.5%"]["comparators"] == []
    assert (by_text["40"]["value"], by_text["40"]["added"]) == (40, True)
    assert curated["warnings"] == []

    # the gold, and evaluate on it
    assert (
        main(
            [
                "gold",
                str(folder / "output"),
                "--corrections",
                str(folder / "corrections"),
                "--out",
                str(folder / "gold"),
                "--texts",
                str(folder / "texts"),
            ]
        )
        == 0
    )
    gold = json.loads((folder / "gold" / f"{STEM}.json").read_text(encoding="utf-8"))
    assert sorted(c["text"] for c in gold["claims"]) == sorted(by_text)
    assert gold["negatives"][0]["text"] == "19"
    result, _ = evaluate_folders(folder / "curated", folder / "gold")
    assert (result.precision, result.recall, result.negatives_hit) == (1.0, 1.0, 0)
    result, _ = evaluate_folders(folder / "output", folder / "gold")
    # the plain extraction: 63.5% has the wrong value, 40 is missed, 19 is on a negative, and
    # 61.8% is a comparator the gold does not have
    assert result.negatives_hit == 1 and result.matched_values == result.gold_values - 2
    assert result.predicted_values == result.gold_values + 1


def test_the_overview_shows_the_review_and_a_moved_correction(server, browser):
    """A file made on an earlier edition of the text (a word longer near the top): the overview
    counts its corrections, one moved; the report page lists the moved one; the next change
    rewrites the file at the new places, and the overview then shows none moved."""
    address, folder = server
    # the earlier edition: a longer word near the top, and a value since revised (62.5% -> 63.5%)
    earlier = TEXT.replace("promptly", "without any delay").replace("63.5%", "62.5%")
    old = pipeline.extract(earlier, name=STEM)
    old_claims = {c.text: c for c in old.claims}
    (folder / "corrections").mkdir()
    (folder / "corrections" / f"{STEM}.json").write_bytes(
        corrections_json(
            rebase(
                old,
                earlier,
                Corrections(
                    report=STEM,
                    sha256=old.sha256,
                    reviewed=True,
                    claims={
                        old_claims["19"].id: {"verdict": "not_a_claim"},
                        old_claims["62.5%"].id: {"verdict": "correct"},
                    },
                ),
            )
        )
    )
    old_19 = old_claims["19"]
    page = browser.new_page(viewport={"width": 1400, "height": 900})
    problems = []
    page.on("pageerror", lambda error: problems.append(str(error)))

    def review_cells() -> list[str]:
        page.goto(address)
        row = page.locator(f'#reports tbody tr[data-stem="{STEM}"]')
        return [
            row.locator(f"td.rv-{name}").text_content().strip()
            for name in ("judged", "added", "reviewed", "stale", "moved")
        ]

    assert review_cells() == [f"1 / {len(REPORT.claims)}", "0", "✓", "1", "1"]
    assert page.locator("#reports th button", has_text="Moved").is_visible()
    page.locator("#reports th button", has_text="Moved").click()  # the columns sort as the others
    assert page.locator('#reports th[aria-sort="ascending"] button').text_content() == "Moved"

    page.goto(f"{address}{STEM}.html")
    page.wait_for_selector("body[data-review-ready]")
    moved = page.locator("#rv-moved li")
    assert (
        moved.count() == 1
        and f"moved from {old_19.start}:{old_19.end} to {CLAIMS['19'].start}:{CLAIMS['19'].end}"
        in moved.first.text_content()
    )
    assert page.locator("#rv-moved").is_visible()
    page.wait_for_selector(f'#text mark.claim.rv-not_a_claim[data-claim="{CLAIMS["19"].id}"]')
    assert "1 stale" in page.locator("#rv-progress").text_content()

    claim_mark(page, "2,310").focus()
    page.keyboard.press("c")  # a change: the file is written for this text
    page.wait_for_selector(f'#text mark.claim.rv-correct[data-claim="{CLAIMS["2,310"].id}"]')
    assert page.locator("#rv-moved").is_hidden()
    saved = json.loads((folder / "corrections" / f"{STEM}.json").read_text(encoding="utf-8"))
    assert saved["sha256"] == REPORT.sha256 and CLAIMS["19"].id in saved["claims"]
    assert old_claims["62.5%"].id in saved["claims"]  # the stale one kept, for the reviewer
    assert review_cells() == [f"2 / {len(REPORT.claims)}", "0", "✓", "1", "0"]
    assert not problems, problems
