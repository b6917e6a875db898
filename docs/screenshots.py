"""Retake the README's screenshots of the review site with headless chromium.

Run from the repository root: ``python docs/screenshots.py`` (needs the test extras, for
Playwright, and chromium: ``CQC_CHROMIUM``, else /usr/bin/chromium). Extracts the corpus report and the test pages in other councils'
wording (tests/texts/pages/) into a temporary folder, writes their site with `view`, and saves:

- ``docs/report-page.png``: the corpus report's page, a claim with an England average focused;
- ``docs/report-chart.png``: the top of the same page, with the chart;
- ``docs/overview.png``: the overview of those eight reports, sorted by derived score.
"""

from __future__ import annotations

import json
import shutil
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))

from chromium import Chromium  # noqa: E402 (tests/chromium.py: Playwright)

from pipeline.cli import main as cli  # noqa: E402

CORPUS = sorted((ROOT / "corpus").glob("*.txt"))
PAGES = sorted((ROOT / "tests" / "texts" / "pages").glob("*.txt"))

FOCUS_CLAIM = """(id => {
  const claim = document.getElementById('claim-' + id);
  claim.scrollIntoView({block: 'center'});
  window.scrollBy(0, 150);
  claim.focus({preventScroll: true});
})"""


def showcase_claim(report: dict) -> str:
    """A claim that shows everything: an England average with the report's judgement words,
    and a known source with its date."""
    return next(
        c["id"]
        for c in report["claims"]
        if c["statement"]
        and c["source"]
        and c["source"]["known"]
        and c["source"]["date"]
        and any(k["kind"] == "england_average" and k["qualifier"] for k in c["comparators"])
    )


def main() -> int:
    with tempfile.TemporaryDirectory(prefix="cqc-shots-") as folder:
        folder = Path(folder)
        texts = folder / "texts"
        texts.mkdir()
        for path in [*CORPUS, *PAGES]:
            shutil.copy(path, texts / path.name)
        if cli(["extract", str(texts), "--out", str(folder / "output"), "--progress", "never"]):
            return 1
        if cli(["view", str(folder / "output"), "--out", str(folder / "site"), "--texts", str(texts)]):
            return 1
        with Chromium.launch() as browser:
            page = browser.open(folder / "site" / f"{CORPUS[0].stem}.html", width=1280, height=800)
            page.settle()
            (ROOT / "docs" / "report-chart.png").write_bytes(page.screenshot())
            page.evaluate("document.querySelector('details.chart-box').open = false")
            report = json.loads((folder / "output" / f"{CORPUS[0].stem}.json").read_text(encoding="utf-8"))
            page.evaluate(f"{FOCUS_CLAIM}({json.dumps(showcase_claim(report))})")
            page.settle()
            (ROOT / "docs" / "report-page.png").write_bytes(page.screenshot())
            assert not page.errors, page.errors

            page = browser.open(folder / "site" / "index.html", width=1280, height=500)
            page.click("#reports thead button[data-col='5']")
            page.click("#reports thead button[data-col='5']")
            page.settle()
            (ROOT / "docs" / "overview.png").write_bytes(page.screenshot())
            assert not page.errors, page.errors
    print("docs/report-page.png, docs/report-chart.png, docs/overview.png written")
    return 0


if __name__ == "__main__":
    sys.exit(main())
