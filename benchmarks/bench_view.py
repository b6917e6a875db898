"""The review site's speed and size, each against a baseline measured in the same run.

Run: ``python benchmarks/bench_view.py`` (``--quick`` for fewer repeats). Needs the test extras
(Playwright) and chromium (``CQC_CHROMIUM``, else /usr/bin/chromium); not part of the test
suite's pass/fail.

1. The overview of 200 reports (copies of the corpus report's output, each its own council and
   score), opened from disk in headless chromium: time to the load event and to the first
   contentful paint, from the browser's own performance timing, against a bare HTML table of
   the same rows and text (no style, no script). Target: under 1 s.
2. Sorting those 200 rows by a column (click to the next frame) in the browser, against the
   same reordering of the bare table's rows.
3. The corpus report's page: its size (target < 2 MB) and its load time in the browser against
   the same text in a bare ``<pre>``; rendering it in Python against extracting the report.
"""

from __future__ import annotations

import argparse
import html
import json
import statistics
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))

from bench import median_seconds  # noqa: E402 (benchmarks/bench.py, this script's folder)
from chromium import Chromium, find_chromium  # noqa: E402 (tests/chromium.py: Playwright)

import pipeline  # noqa: E402
from pipeline.outputs import view  # noqa: E402

CORPUS = sorted((ROOT / "corpus").glob("*.txt"))[0]

NAVIGATION = """(() => {
  const n = performance.getEntriesByType('navigation')[0];
  const paint = performance.getEntriesByName('first-contentful-paint')[0];
  return [n.loadEventEnd, paint ? paint.startTime : null];
})()"""

# The same reordering of the bare table's rows (reversed), to the next frame: what any
# browser pays to lay out 200 reordered rows.
REORDER = """(async () => {
  const body = document.querySelector('tbody');
  const frame = () => new Promise(r => requestAnimationFrame(r));
  await frame();
  const started = performance.now();
  const rows = Array.from(body.rows).reverse();
  const fragment = document.createDocumentFragment();
  rows.forEach(row => fragment.appendChild(row));
  body.appendChild(fragment);
  await frame();
  return performance.now() - started;
})()"""

SORT = """(async () => {
  const button = document.querySelector("#reports thead button[data-col='5']");
  const frame = () => new Promise(r => requestAnimationFrame(r));
  await frame();
  const started = performance.now();
  button.click();
  await frame();
  return performance.now() - started;
})()"""


def in_browser(browser: Chromium, ours: Path, baseline: Path, repeats: int) -> list[tuple[float, float]]:
    """Median (load event, first contentful paint) in ms over fresh loads of each page, the
    two loaded in turn so that both see the same machine."""
    pages = [browser.open(ours), browser.open(baseline)]
    loads: list[list[float]] = [[], []]
    paints: list[list[float]] = [[], []]
    for _ in range(repeats):
        for index, (page, path) in enumerate(zip(pages, (ours, baseline))):
            page.bring_to_front()  # a page in the background gets no animation frames
            page.goto(path.resolve().as_uri())
            page.settle()
            load, paint = page.evaluate(NAVIGATION)
            loads[index].append(load)
            if paint is not None:  # not recorded on every load
                paints[index].append(paint)
    for page in pages:
        assert not page.errors, page.errors
    return [
        (statistics.median(loads[i]), statistics.median(paints[i]) if paints[i] else float("nan"))
        for i in (0, 1)
    ]


def overview_entries(report: dict, count: int) -> list[view.Entry]:
    entries = []
    for number in range(count):
        copy = json.loads(json.dumps(report))
        copy["local_authority"] = f"Council {number:03d}"
        copy["overall"]["derived_score_percent"] = 25 + (number * 37) % 76
        entries.append(view.Entry(f"council-{number:03d}", copy, ""))
    return entries


def bare_table(rows: list[dict]) -> str:
    """The overview's rows and text as a plain table: what any browser pays for the content."""
    cells = "".join(
        "<tr>"
        + "".join(
            f"<td>{html.escape(str(v))}</td>"
            for v in (
                row["council"],
                row["published"],
                row["rating"],
                row["score"],
                row["derived_rating"],
                row["derived_score"],
                *(s for _, s in row["scores"]),
                row["claims"],
                row["warnings"],
            )
        )
        + "</tr>\n"
        for row in rows
    )
    return f"<!doctype html><meta charset=utf-8><title>bare</title><table>{cells}</table>"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--quick", action="store_true")
    args = parser.parse_args()
    repeats = 3 if args.quick else 9
    executable = find_chromium()
    if not executable:
        print("no chromium (set CQC_CHROMIUM)", file=sys.stderr)
        return 1

    text = CORPUS.read_text(encoding="utf-8")
    report = json.loads(pipeline.extract(text, name=CORPUS.stem).model_dump_json())
    entries = overview_entries(report, 200)

    with tempfile.TemporaryDirectory(prefix="bench-view-") as folder, Chromium.launch(executable) as browser:
        folder = Path(folder)
        overview = folder / "index.html"
        overview.write_text(view.render_overview(entries), encoding="utf-8")
        bare = folder / "bare.html"
        bare.write_text(bare_table([view.overview_row(e) for e in entries]), encoding="utf-8")
        page_html = view.render_report(report, text, CORPUS.stem)
        report_page = folder / "report.html"
        report_page.write_text(page_html, encoding="utf-8")
        pre = folder / "pre.html"
        pre.write_text(f"<!doctype html><meta charset=utf-8><pre>{html.escape(text)}</pre>", encoding="utf-8")

        (load, paint), (bare_load, bare_paint) = in_browser(browser, overview, bare, repeats)
        print(
            f"overview of 200 reports, load event: {load:.0f} ms vs bare table {bare_load:.0f} ms: "
            f"ratio {load / bare_load:.2f}; first paint {paint:.0f} ms vs {bare_paint:.0f} ms "
            f"(target: < 1000 ms)"
        )

        page, bare_page = browser.open(overview), browser.open(bare)
        sorts, reorders = [], []
        for _ in range(repeats):
            page.bring_to_front()
            sorts.append(page.evaluate(SORT))
            bare_page.bring_to_front()
            reorders.append(bare_page.evaluate(REORDER))
        sort, reorder = statistics.median(sorts), statistics.median(reorders)
        print(
            f"sorting 200 rows by a column: {sort:.0f} ms (click to next frame) vs reordering "
            f"the bare table's rows {reorder:.0f} ms: ratio {sort / reorder:.2f}"
        )

        (load, paint), (pre_load, pre_paint) = in_browser(browser, report_page, pre, repeats)
        size = len(page_html.encode("utf-8"))
        print(
            f"corpus report page: {size / 1e6:.2f} MB (text {len(text.encode()) / 1e6:.2f} MB; "
            f"target < 2 MB); load event {load:.0f} ms vs the bare text {pre_load:.0f} ms: "
            f"ratio {load / pre_load:.2f}"
        )

    render = median_seconds(lambda: view.render_report(report, text, CORPUS.stem), repeats)
    extract = median_seconds(lambda: pipeline.extract(text, name=CORPUS.stem), repeats)
    print(
        f"rendering the report page in Python: {render * 1000:.1f} ms vs extracting the report "
        f"{extract * 1000:.1f} ms: ratio {render / extract:.2f}"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
