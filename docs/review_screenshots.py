"""Retake the README's screenshots of the review server with headless chromium (Playwright).

Run from the repository root: ``python docs/review_screenshots.py`` (needs Debian's chromium:
``CQC_CHROMIUM``, default /usr/bin/chromium). Extracts the corpus report and the review tests'
small report (tests/builders/review.py) into a temporary folder, starts ``python -m pipeline
review`` on a free port, reviews in the page with the keyboard as a person would, and saves:

- ``docs/review-page.png``: the corpus report under review: claims judged correct (green), the
  fix form open on a claim, its measure chosen from the catalogue;
- ``docs/review-loop.png``: the small report after a review: a number marked not a claim
  (struck through), a value fixed (orange), a missed number added (blue), marked reviewed.

The corrections written on the way are thrown away with the temporary folder.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))

from builders.review import write_output  # noqa: E402 (tests/builders/review.py)
from playwright.sync_api import sync_playwright  # noqa: E402

from pipeline.cli import main as cli  # noqa: E402

CHROMIUM = os.environ.get("CQC_CHROMIUM", "/usr/bin/chromium")
CORPUS = sorted((ROOT / "corpus").glob("*.txt"))

SELECT = """([phrase, length]) => {
  const walker = document.createTreeWalker(document.getElementById('text'), NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    const at = node.data.indexOf(phrase);
    if (at >= 0) {
      const range = document.createRange();
      range.setStart(node, at); range.setEnd(node, at + length);
      getSelection().removeAllRanges(); getSelection().addRange(range);
      return true;
    }
  }
  return false;
}"""


def serve(output: Path, texts: Path) -> tuple[subprocess.Popen, str]:
    process = subprocess.Popen(
        [sys.executable, "-m", "pipeline", "review", str(output), "--texts", str(texts), "--port", "0"],
        stdout=subprocess.PIPE,
        text=True,
        cwd=output.parent,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
    )
    process.stdout.readline()
    return process, process.stdout.readline().split()[1]


def stop(process: subprocess.Popen) -> None:
    process.send_signal(signal.SIGINT)
    process.wait(timeout=20)


def main() -> int:
    with tempfile.TemporaryDirectory() as temporary, sync_playwright() as playwright:
        base = Path(temporary)
        output, texts = base / "output", base / "texts"
        texts.mkdir()
        for path in CORPUS:
            (texts / path.name).write_bytes(path.read_bytes())
        cli(["extract", str(texts), "--out", str(output), "--progress", "never"])
        write_output(output, texts)
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM, headless=True, args=["--no-sandbox", "--disable-gpu"]
        )
        page = browser.new_page(viewport={"width": 1500, "height": 940})
        process, address = serve(output, texts)
        try:
            page.goto(f"{address}{CORPUS[0].stem}.html")
            page.wait_for_selector("body[data-review-ready]")
            claims = page.locator("#text mark.claim")
            # the first claims judged correct with n and c, as a reviewer goes through them
            claims.nth(24).focus()
            for _ in range(5):
                page.keyboard.press("n")
                page.keyboard.press("c")
                page.wait_for_timeout(150)
            page.keyboard.press("n")
            page.keyboard.press("f")
            page.locator("#rv-fix input[name=value]").blur()
            page.locator("#rv-claim").scroll_into_view_if_needed()
            page.evaluate("document.activeElement.blur(); window.scrollBy(0, -40)")
            page.screenshot(path=str(ROOT / "docs" / "review-page.png"))

            page.goto(f"{address}brookvale.html")
            page.wait_for_selector("body[data-review-ready]")
            page.locator('#text mark.claim:text-is("19")').focus()
            page.locator("#rv-note").fill("the number of teams, a denominator")
            page.locator('#text mark.claim:text-is("19")').focus()
            page.keyboard.press("x")
            page.wait_for_selector("#text mark.rv-not_a_claim")
            page.locator('#text mark.claim:text-is("63.5%")').focus()
            page.keyboard.press("f")
            page.locator("#rv-fix input[name=value]").fill("64.5")
            page.keyboard.press("Enter")
            page.wait_for_selector("#text mark.rv-fix")
            page.evaluate(SELECT, ["40 minutes", 2])
            page.keyboard.press("a")
            page.locator("#rv-add-form button[type=submit]").click()
            page.wait_for_selector("#text mark.rv-added")
            page.locator("#rv-reviewed").check()
            page.wait_for_selector("body.rv-done")
            page.locator('#text mark.claim:text-is("63.5%")').focus()
            page.evaluate("document.activeElement.blur()")
            page.locator("#review details summary").click()
            page.screenshot(path=str(ROOT / "docs" / "review-loop.png"))
        finally:
            stop(process)
            browser.close()
    print("wrote docs/review-page.png and docs/review-loop.png")
    return 0


if __name__ == "__main__":
    sys.exit(main())
