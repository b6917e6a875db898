"""Where the work stands: the overview's review columns (``review``, and ``view
--corrections``), the page each of one council's rows holds, and a derived rating shown only
from all nine statement scores. Tested on the parsed HTML (tests/htmltree.py); the browser
test of the same is in tests/test_review_browser.py.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from builders.review import STEM, TEXT, write_output
from htmltree import parse

import pipeline
from pipeline.cli import main
from pipeline.models import Corrections
from pipeline.outputs import view
from pipeline.quality.corrections import corrections_json, rebase, review_status

ROOT = Path(__file__).resolve().parent.parent
CORPUS = sorted((ROOT / "corpus").glob("*.txt"))[0]
REPORT = pipeline.extract(TEXT, name=STEM)
CLAIMS = {claim.text: claim for claim in REPORT.claims}
FORTY = TEXT.index("40 minutes")


def entry(stem: str, text: str, **changes) -> view.Entry:
    report = pipeline.extract(text, name=stem).model_dump(mode="json")
    report.update(changes)
    return view.Entry(stem, report, text)


def row_of(html: str, stem: str):
    return next(r for r in parse(html).find("tbody").find_all("tr") if r.get("data-stem") == stem)


def review_cells(row) -> dict[str, str]:
    names = ("judged", "added", "reviewed", "stale", "moved")
    cells = [c for c in row.children if not isinstance(c, str)][-5:]
    return {name: cell.text.strip() for name, cell in zip(names, cells)}


# (id, the corrections file (None: no file), the review columns)
STATUS_CASES = [
    (
        "no file yet",
        None,
        {"judged": f"0 / {len(REPORT.claims)}", "added": "0", "reviewed": "–", "stale": "0", "moved": "0"},
    ),
    (
        "two verdicts, an added number, reviewed",
        {
            "reviewed": True,
            "claims": {
                CLAIMS["19"].id: {"verdict": "not_a_claim"},
                CLAIMS["63.5%"].id: {"verdict": "fix", "value": 64.5},
            },
            "added": [{"start": FORTY, "end": FORTY + 2, "value": 40, "unit": "count"}],
        },
        {"judged": f"2 / {len(REPORT.claims)}", "added": "1", "reviewed": "✓", "stale": "0", "moved": "0"},
    ),
    (
        "a verdict on a claim that is gone",
        {"claims": {"0123456789abcdef": {"verdict": "correct"}, CLAIMS["19"].id: {"verdict": "correct"}}},
        {"judged": f"1 / {len(REPORT.claims)}", "added": "0", "reviewed": "–", "stale": "1", "moved": "0"},
    ),
]


@pytest.mark.parametrize("name, content, expected", STATUS_CASES, ids=[c[0] for c in STATUS_CASES])
def test_the_overview_shows_where_each_review_stands(tmp_path, name, content, expected):
    if content is not None:
        made = Corrections.model_validate({"report": STEM, "sha256": REPORT.sha256, **content})
        (tmp_path / f"{STEM}.json").write_bytes(corrections_json(made))
    item = view.Entry(STEM, REPORT.model_dump(mode="json"), TEXT)
    html = view.render_overview([item], view.review_statuses([item], tmp_path))
    assert review_cells(row_of(html, STEM)) == expected


def test_a_correction_moved_by_a_new_edition_is_counted(tmp_path):
    earlier = TEXT.replace("promptly", "without any delay")
    old = pipeline.extract(earlier, name=STEM)
    old_19 = next(c for c in old.claims if c.text == "19")
    made = rebase(
        old, earlier, Corrections(report=STEM, sha256=old.sha256, claims={old_19.id: {"verdict": "correct"}})
    )
    status = review_status(REPORT, TEXT, made)
    assert (status.judged, status.stale, status.moved) == (1, 0, 1)


def test_an_unreadable_corrections_file_is_named_in_its_row(tmp_path):
    (tmp_path / f"{STEM}.json").write_text("{", encoding="utf-8")
    item = view.Entry(STEM, REPORT.model_dump(mode="json"), TEXT)
    row = row_of(view.render_overview([item], view.review_statuses([item], tmp_path)), STEM)
    problem = next(c for c in row.find_all("td") if "rv-problem" in c.classes)
    assert problem.text == "file unreadable" and "not JSON" in problem.get("title")


def test_without_corrections_there_are_no_review_columns():
    item = view.Entry(STEM, REPORT.model_dump(mode="json"), TEXT)
    tree = parse(view.render_overview([item]))
    assert not tree.find("tbody").find_all("td", class_="rv-judged")
    assert "Review" not in [th.text.strip() for th in tree.find("thead").find_all("th")]


# (id, the statement scores a report has, what the derived rating cell says)
DERIVED_CASES = [
    ("one statement's page", 1, "— (1 of 9 scores)"),
    ("the whole report", 9, None),  # the rating derived from the nine
]


@pytest.mark.parametrize("name, scored, expected", DERIVED_CASES, ids=[c[0] for c in DERIVED_CASES])
def test_a_derived_rating_only_from_all_nine_scores(name, scored, expected):
    text = TEXT if scored == 1 else CORPUS.read_text(encoding="utf-8")
    item = entry("r", text)
    assert sum(1 for s in view.statement_scores(item.report).values() if s.get("score")) == scored
    cells = [c for c in row_of(view.render_overview([item]), "r").children if not isinstance(c, str)]
    derived, percent = cells[4], cells[5]  # after the council, published, stated rating and %
    if expected is None:
        assert derived.text.strip() == item.report["overall"]["derived_rating"]
        assert percent.text.strip() == str(item.report["overall"]["derived_score_percent"])
    else:
        assert derived.text.strip() == expected and percent.text.strip() == "–"
        assert derived.get("data-v") == view.overview_row(item)["derived_rating_key"]


def test_rows_of_one_councils_pages_name_their_page():
    """Two pages of one council (a statement's and the overall summary's) and another
    council's whole report: the two pages are named, the whole report is not."""
    summary = (
        "Brookvale Borough Council: local authority assessment\n\nOverall summary\n\n"
        "Local authority rating and score\n\nGood\n\nWe heard from 120 carers.\n"
    )
    items = [
        entry("statement-page", TEXT),
        entry("summary-page", summary),
        entry("whole", CORPUS.read_text(encoding="utf-8")),
    ]
    html = view.render_overview(items)
    pages = {
        stem: row_of(html, stem).find("span", class_="page")
        for stem in ("statement-page", "summary-page", "whole")
    }
    assert pages["statement-page"].text == "Assessing needs"
    assert pages["summary-page"].text == "Overall summary"
    assert pages["whole"] is None


def test_view_with_corrections_writes_the_review_columns(tmp_path, capsys):
    output, corrections = tmp_path / "output", tmp_path / "corrections"
    output.mkdir()
    write_output(output)
    made = Corrections.model_validate(
        {
            "report": STEM,
            "sha256": REPORT.sha256,
            "reviewed": True,
            "claims": {CLAIMS["19"].id: {"verdict": "correct"}},
        }
    )
    corrections.mkdir()
    (corrections / f"{STEM}.json").write_bytes(corrections_json(made))
    assert (
        main(["view", str(output), "--out", str(tmp_path / "site"), "--corrections", str(corrections)]) == 0
    )
    html = (tmp_path / "site" / "index.html").read_text(encoding="utf-8")
    assert review_cells(row_of(html, STEM))["judged"] == f"1 / {len(REPORT.claims)}"
    assert review_cells(row_of(html, STEM))["reviewed"] == "✓"
    assert (
        main(
            ["view", str(output), "--out", str(tmp_path / "site"), "--corrections", str(tmp_path / "nowhere")]
        )
        == 1
    )
    assert "--corrections" in capsys.readouterr().err
