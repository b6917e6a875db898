"""``explain`` and the rule table it reports from (pipeline.stages.claims.RULES, pipeline.quality.explain).

The text below is written by hand (a made-up council); each row says what one number in it must
become and which rule decides it. explain must agree with extract on every claim and comparator.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

import pipeline
from pipeline.cli import main
from pipeline.quality.explain import explain, format_explanation
from pipeline.stages.claims import RULES

ROOT = Path(__file__).resolve().parent.parent
CORPUS = sorted((ROOT / "corpus").glob("*.txt"))
PAGE = ROOT / "tests" / "texts" / "pages" / "ashcombe_governance.txt"

TEXT = """Wexcombe Borough Council: local authority assessment
Assessing needs
Score: 3
3 - Evidence shows a good standard
The local authority commitment:
We maximise the effectiveness of people's care by assessing and reviewing their health, care, wellbeing and communication needs with them.
Key findings for this quality statement
Assessment, care planning and review arrangements
In the year to June 2024, 71.4% of people who used services said they had as much social contact as they wanted, compared to the England average of 68.2%.
The backlog of reviews fell from 812 to 455 over the period covered by the Care Act 2014 duties.
Of the people waiting, 63 had waited more than 90 days.
Leaders in wave 4 of the programme said one team held weekly huddles.
"""

# (id, the number as written, its occurrence (0: first), what it became, the rule)
ROWS = [
    ("percent-claim", "71.4%", 0, "claim", "claim"),
    ("england-average", "68.2%", 0, "comparator", "comparator-cue"),
    ("earlier-value", "812", 0, "comparator", "from-to"),
    ("later-value-is-the-claim", "455", 0, "claim", "claim"),
    ("law-year", "2014", 0, "dropped", "law"),
    ("month-year", "2024", 0, "dropped", "month-and-year"),
    ("threshold-duration", "90", 0, "dropped", "duration-threshold"),
    ("count", "63", 0, "claim", "claim"),
    ("label", "4", 0, "dropped", "label-before"),
    ("word-one", "one", 0, "dropped", "word-one"),
]


def _at(text: str, written: str, occurrence: int) -> int:
    return [m.start() for m in re.finditer(r"(?<![\w.,])" + re.escape(written) + r"(?![\w%]|\.\d)", text)][
        occurrence
    ]


@pytest.fixture(scope="module")
def lines():
    return explain(TEXT)


@pytest.mark.parametrize("written,occurrence,became,rule", [r[1:] for r in ROWS], ids=[r[0] for r in ROWS])
def test_each_number_says_what_it_became_and_why(lines, written, occurrence, became, rule):
    start = _at(TEXT, written, occurrence)
    found = [e for e in lines if e.start == start]
    assert found, f"no explanation for {written!r} at {start}: {[(e.start, e.text) for e in lines]}"
    e = found[0]
    assert TEXT[e.start : e.end] == e.text
    assert (e.became, e.rule) == (became, rule), f"{e.text!r} at {e.start}: {e.became} [{e.rule}] {e.detail}"


def test_comparator_names_its_claim(lines):
    e = next(e for e in lines if e.text == "68.2%")
    assert e.detail == f"england_average of '71.4%' at {_at(TEXT, '71.4%', 0)}"


def _agrees_with_extract(text: str) -> None:
    report = pipeline.extract(text)
    lines = explain(text)
    said = {(e.start, e.end) for e in lines if e.became == "claim"}
    assert said == {(c.start, c.end) for c in report.claims}
    compared = {
        (e.start, e.end, e.detail.split(" at ")[-1])
        for e in lines
        if e.became == "comparator" and " at " in e.detail
    }
    assert compared == {
        (c.start, c.end, str(claim.start)) for claim in report.claims for c in claim.comparators
    }


def test_agrees_with_extract_on_the_text():
    _agrees_with_extract(TEXT)


@pytest.mark.parametrize("path", [*CORPUS, PAGE], ids=lambda p: p.stem)
def test_agrees_with_extract_on_a_report_and_a_page(path):
    _agrees_with_extract(path.read_text(encoding="utf-8"))


def test_every_digit_is_explained(lines):
    covered = [(e.start, e.end) for e in lines]
    for m in re.finditer(r"\d+", TEXT):
        assert any(a <= m.start() < b for a, b in covered), f"{m.group()!r} at {m.start()} unexplained"


def test_near_keeps_only_the_lines_holding_the_text():
    near = explain(TEXT, near="backlog of reviews")
    assert [e.text for e in near] == ["812", "455", "2014"]


def test_cli_prints_one_line_per_number(tmp_path, capsys):
    path = tmp_path / "wexcombe.txt"
    path.write_text(TEXT, encoding="utf-8")
    assert main(["explain", str(path), "--near", "social contact"]) == 0
    out = capsys.readouterr().out.splitlines()
    assert len(out) == 3  # 2024, 71.4%, 68.2%
    assert "[comparator-cue]" in out[-1] and "68.2%" in out[-1]
    assert out == format_explanation(explain(TEXT, near="social contact")).splitlines()


def test_cli_names_a_bad_file(tmp_path, capsys):
    assert main(["explain", str(tmp_path / "missing.txt")]) == 1
    assert "missing.txt" in capsys.readouterr().err


# The table itself: unique names, each rule with a real example, stages in their running order
def test_rule_names_are_unique():
    names = [r.name for r in RULES]
    assert len(names) == len(set(names))


@pytest.mark.parametrize("rule", [r for r in RULES if r.stage != "span"], ids=lambda r: r.name)
def test_every_rule_quotes_an_example(rule):
    assert re.search(r'"[^"]*\w[^"]*"', rule.example), f"{rule.name}: no quoted example in its docstring"


def test_stages_run_in_table_order():
    order = {"span": 0, "number": 1, "sentence": 2}
    stages = [order[r.stage] for r in RULES]
    assert stages == sorted(stages)
