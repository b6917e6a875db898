"""Corrections: applied to a fresh extraction (``extract --corrections``), stale ones never
applied elsewhere, and gold files from reviewed reports that ``evaluate`` reads.

The report is tests/builders/review.py's, in our own words; the corrections files are written
by hand here, in the documented format, as a team would write them without the server.
"""

from __future__ import annotations

import json
import math
from pathlib import Path

import pytest
from builders.review import STEM, TEXT, review_folders
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pydantic import ValidationError

import pipeline
from pipeline.cli import main
from pipeline.models import CORRECTIONS_VERSION, Corrections, claim_id
from pipeline.quality.corrections import (
    CorrectionsError,
    apply,
    corrections_json,
    read_corrections,
)
from pipeline.quality.evaluate import evaluate_folders

ROOT = Path(__file__).resolve().parent.parent
REPORT = pipeline.extract(TEXT, name=STEM)
CLAIMS = {claim.text: claim for claim in REPORT.claims}


def at(surface: str, occurrence: int = 0) -> tuple[int, int]:
    start = -1
    for _ in range(occurrence + 1):
        start = TEXT.index(surface, start + 1)
    return start, start + len(surface)


def corrections(claims: dict | None = None, added: list | None = None, **extra) -> Corrections:
    return Corrections.model_validate(
        {"report": STEM, "sha256": REPORT.sha256, "claims": claims or {}, "added": added or [], **extra}
    )


def output_json(report) -> bytes:
    return json.dumps(report.model_dump(mode="json"), indent=2).encode()


# ---------------------------------------------------------------------------------------------
# Ids


@pytest.mark.parametrize(
    "path",
    [*sorted((ROOT / "corpus").glob("*.txt")), *sorted((ROOT / "tests" / "texts" / "pages").glob("*.txt"))],
    ids=lambda p: p.stem,
)
def test_added_claims_get_ids_as_the_claims_stage_derives_them(path):
    report = pipeline.extract(path.read_text(encoding="utf-8"), name=path.stem)
    wrong = [c.text for c in report.claims if claim_id(report.sha256, c.start, c.end) != c.id]
    assert not wrong, f"claim ids not derived as corrections.claim_id does: {wrong[:5]}"


# ---------------------------------------------------------------------------------------------
# Applying


def test_no_corrections_leave_the_report_byte_identical():
    curated, stale = apply(REPORT, TEXT, corrections())
    assert stale == [] and output_json(curated) == output_json(REPORT)
    assert b'"corrected"' not in output_json(curated) and b'"added"' not in output_json(curated)


def test_each_verdict():
    fixed, removed, kept = CLAIMS["63.5%"], CLAIMS["19"], CLAIMS["2,310"]
    curated, stale = apply(
        REPORT,
        TEXT,
        corrections(
            {
                fixed.id: {"verdict": "fix", "value": 60.5, "measure": "ascs-quality-of-life"},
                removed.id: {"verdict": "not_a_claim", "note": "a denominator"},
                kept.id: {"verdict": "correct"},
            }
        ),
    )
    assert stale == []
    by_id = {c.id: c for c in curated.claims}
    assert removed.id not in by_id
    assert by_id[kept.id] == kept
    new = by_id[fixed.id]
    assert (new.value, new.measure, new.text, new.start) == (
        60.5,
        "ascs-quality-of-life",
        "63.5%",
        fixed.start,
    )
    # the England average 61.8% is now above the claim: its direction follows the fixed value
    assert [c.direction for c in new.comparators] == ["below"]
    assert new.corrected == ["value", "comparators", "measure"]
    assert json.loads(output_json(curated))["claims"][1]["corrected"] == new.corrected


def test_a_fix_of_source_comparators_and_statement():
    claim = CLAIMS["2,310"]
    start, end = at("2,870")
    curated, stale = apply(
        REPORT,
        TEXT,
        corrections(
            {
                claim.id: {
                    "verdict": "fix",
                    "statement": None,
                    "section": "Waiting lists",
                    "period": "March 2025",
                    "source": {"name": "Adult Social Care Survey", "date": "2023-24"},
                    "comparators": [
                        {
                            "kind": "target",
                            "value": 2870,
                            "unit": "count",
                            "text": "2,870",
                            "start": start,
                            "end": end,
                            "direction": "below",
                        }
                    ],
                }
            }
        ),
    )
    assert stale == []
    new = next(c for c in curated.claims if c.id == claim.id)
    assert (new.statement, new.section, new.period.text) == (None, "Waiting lists", "March 2025")
    # a period fixed as words gets its kind and dates as the claims stage reads them, no place
    assert (new.period.kind, str(new.period.from_), str(new.period.to)) == (
        "point",
        "2025-03-01",
        "2025-03-31",
    )
    assert (new.period.start, new.period.end) == (None, None)
    assert [(c.kind, c.value) for c in new.comparators] == [("target", 2870)]
    # the source is grounded where the text cites it (the next sentence's citation is not in
    # this claim's sentence: an empty span at the sentence's end)
    assert new.source.name == "Adult Social Care Survey" and new.source.date == "2023-24"
    assert TEXT[new.source.start : new.source.end] == new.source.text
    assert new.corrected == ["statement", "section", "period", "comparators", "source"]


def test_an_added_number_becomes_a_claim_with_its_id_from_the_span():
    start, end = at("40")
    curated, stale = apply(
        REPORT,
        TEXT,
        corrections(added=[{"start": start, "end": end, "value": 40, "unit": "count", "note": "minutes"}]),
    )
    assert stale == []
    new = next(c for c in curated.claims if c.start == start)
    assert new.id == claim_id(REPORT.sha256, start, end) and new.added is True
    assert (new.text, new.value, new.statement, new.section) == (
        "40",
        40,
        "assessing-needs",
        "Assessment and care planning",
    )
    assert TEXT[new.sentence.start : new.sentence.end].startswith("Staff told us that 40 minutes")
    assert [c.start for c in curated.claims] == sorted(c.start for c in curated.claims)
    assert '"added": true' in output_json(curated).decode()


STALE_CASES = [
    (
        "the text changed",
        {"sha256": "0" * 64, "claims": {CLAIMS["19"].id: {"verdict": "not_a_claim"}}},
        "the report text changed",
    ),
    (
        "the claim id is gone",
        {"claims": {"0123456789abcdef": {"verdict": "not_a_claim"}}},
        "holds no claim with this id",
    ),
    (
        "an added span outside the text",
        {"added": [{"start": 10**6, "end": 10**6 + 2, "value": 40, "unit": "count"}]},
        "outside the text",
    ),
    (
        "an added span that no longer holds its number",
        {"added": [{"start": at("40")[0] - 3, "end": at("40")[1] - 3, "value": 40, "unit": "count"}]},
        "does not show 40",
    ),
    (
        "an added text that is not at its offsets",
        {"added": [{"start": at("40")[0], "end": at("40")[1], "value": 40, "unit": "count", "text": "41"}]},
        "not '41'",
    ),
    (
        "an added number the extraction now reads",
        {"added": [{"start": at("19")[0], "end": at("19")[1], "value": 19, "unit": "count"}]},
        "the extraction now reads '19'",
    ),
    (
        "a measure the catalogue does not hold",
        {"claims": {CLAIMS["19"].id: {"verdict": "fix", "measure": "no-such-measure"}}},
        "not in the catalogue",
    ),
    (
        "a statement the framework does not know",
        {"claims": {CLAIMS["19"].id: {"verdict": "fix", "statement": "waiting"}}},
        "not a quality statement",
    ),
    (
        "a comparator off the text",
        {
            "claims": {
                CLAIMS["19"].id: {
                    "verdict": "fix",
                    "comparators": [
                        {"kind": "target", "value": 20, "unit": "count", "text": "20", "start": 3, "end": 5}
                    ],
                }
            }
        },
        "is not at 3:5",
    ),
]


@pytest.mark.parametrize("case, fields, reason", STALE_CASES, ids=[c[0] for c in STALE_CASES])
def test_a_correction_that_no_longer_applies_is_a_warning_and_changes_nothing(case, fields, reason):
    curated, stale = apply(REPORT, TEXT, corrections(**fields))
    assert len(stale) == 1 and stale[0].code == "correction-stale"
    assert reason in stale[0].message and f"corrections file {STEM}.json" in stale[0].message
    assert curated.claims == REPORT.claims
    assert curated.warnings == [*REPORT.warnings, *stale]


def about(rest: str, report: str = "brookvale") -> str:
    """A corrections file's JSON: its report and a valid sha256, then ``rest``."""
    return '{"report": "' + report + '", "sha256": "' + "a" * 64 + '"' + rest + "}"


@pytest.mark.parametrize(
    "content, message",
    [
        ("{", "not JSON"),
        ('{"report": "brookvale", "sha256": "abc"}', "sha256"),
        (about(', "claims": {"x": {"verdict": "maybe"}}'), "claims.x.verdict"),
        (about(', "claims": {"x": {"verdict": "fix"}}'), "names no field"),
        (about(', "claims": {"x": {"verdict": "correct", "value": 2}}'), "use verdict 'fix'"),
        (about("", report="other"), "must be named other.json"),
        (about(', "extra": 1'), "extra"),
        (
            about(', "claims": {"c0ffee": {"verdict": "fix", "value": NaN}}'),
            "claims.c0ffee.value: Input should be a finite number",
        ),
        (
            about(', "claims": {"c0ffee": {"verdict": "fix", "value": 1e309}}'),
            "claims.c0ffee.value: Input should be a finite number",
        ),
        (
            about(', "added": [{"start": 1, "end": 3, "value": -Infinity, "unit": "count"}]'),
            "added.0.value: Input should be a finite number",
        ),
        (about(', "schema_version": "1.9.0"'), "newer than this cqc-extract reads"),
        (
            about(
                ', "claims": {"x": {"verdict": "correct", "anchor": {"exact": "19", "start": 5, "end": 9}}}'
            ),
            "claims.x.anchor",
        ),
    ],
)
def test_a_bad_corrections_file_is_an_error_naming_it_and_the_place(tmp_path, content, message):
    path = tmp_path / f"{STEM}.json"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(CorrectionsError) as error:
        read_corrections(path)
    assert str(path) in str(error.value) and message in str(error.value)


def test_every_problem_of_a_corrections_file_is_listed(tmp_path):
    path = tmp_path / f"{STEM}.json"
    path.write_text(
        json.dumps(
            {
                "report": STEM,
                "sha256": "a" * 64,
                "claims": {"c0ffee": {"verdict": "maybe"}, "beef": {"verdict": "fix", "unit": "furlongs"}},
                "added": [{"start": 1, "end": 2, "unit": "count"}],
            }
        ),
        encoding="utf-8",
    )
    with pytest.raises(CorrectionsError) as error:
        read_corrections(path)
    lines = str(error.value).splitlines()
    assert lines[0] == f"{path}: 3 problems:"
    assert [line.split(":")[0].strip() for line in lines[1:]] == [
        "claims.c0ffee.verdict",
        "claims.beef.unit",
        "added.0.value",
    ]


def test_the_file_keeps_only_the_fields_given():
    written = corrections({"x": {"verdict": "fix", "value": 2.0}}, reviewed=True)
    data = json.loads(corrections_json(written))
    assert data["claims"] == {"x": {"verdict": "fix", "value": 2.0}}
    assert list(data) == ["schema_version", "report", "sha256", "reviewed", "claims", "added"]
    assert data["schema_version"] == CORRECTIONS_VERSION


# ---------------------------------------------------------------------------------------------
# The commands: extract --corrections, diff, gold, evaluate


HAND_WRITTEN = """{{
  "report": "brookvale",
  "sha256": "{sha256}",
  "reviewed": true,
  "claims": {{
    "{fixed}": {{"verdict": "fix", "value": 64.5}},
    "{removed}": {{"verdict": "not_a_claim", "note": "the number of teams: a denominator"}},
    "{kept}": {{"verdict": "correct"}}
  }},
  "added": [{{"start": {start}, "end": {end}, "value": 40, "unit": "count", "measure": null}}]
}}
"""


@pytest.fixture()
def loop(tmp_path):
    """A plain extraction in ``output/``, a hand-written corrections file in ``corrections/``."""
    _, _, folder = review_folders(tmp_path)
    start, end = at("40")
    (folder / f"{STEM}.json").write_text(
        HAND_WRITTEN.format(
            sha256=REPORT.sha256,
            fixed=CLAIMS["63.5%"].id,
            removed=CLAIMS["19"].id,
            kept=CLAIMS["2,310"].id,
            start=start,
            end=end,
        ),
        encoding="utf-8",
    )
    return tmp_path


def test_extract_with_corrections_writes_the_curated_output(loop, capsys):
    curated = loop / "curated"
    status = main(
        [
            "extract",
            str(loop / "texts"),
            "--out",
            str(curated),
            "--corrections",
            str(loop / "corrections"),
            "--jobs",
            "1",
            "--timeout",
            "0",
            "--progress",
            "never",
        ]
    )
    err = capsys.readouterr().err
    assert status == 0, err
    assert "corrections: 4 applied, 0 stale" in err
    assert "no input of that name" not in err
    report = json.loads((curated / f"{STEM}.json").read_text(encoding="utf-8"))
    by_text = {c["text"]: c for c in report["claims"]}
    assert "19" not in by_text
    assert by_text["63.5%"]["value"] == 64.5 and by_text["63.5%"]["corrected"] == ["value"]
    assert by_text["40"]["added"] is True
    assert "corrected" not in by_text["2,310"] and "added" not in by_text["2,310"]

    # diff names the provenance
    assert main(["diff", str(loop / "output"), str(curated)]) == 1
    out = capsys.readouterr().out
    assert '"40" = 40 count [assessing-needs] (added by a reviewer)' in out
    assert "(corrected by a reviewer: value)" in out


def test_extract_counts_stale_corrections_and_warns(loop, capsys):
    (loop / "corrections" / "elsewhere.json").write_text("{}", encoding="utf-8")
    path = loop / "corrections" / f"{STEM}.json"
    data = json.loads(path.read_text(encoding="utf-8"))
    data["claims"]["0123456789abcdef"] = {"verdict": "not_a_claim"}
    path.write_text(json.dumps(data), encoding="utf-8")
    curated = loop / "curated"
    assert (
        main(
            [
                "extract",
                str(loop / "texts"),
                "--out",
                str(curated),
                "--corrections",
                str(loop / "corrections"),
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
    err = capsys.readouterr().err
    assert "corrections: 4 applied, 1 stale" in err
    assert f"{loop / 'corrections' / 'elsewhere.json'}: no input of that name in this run" in err
    warnings = json.loads((curated / f"{STEM}.json").read_text(encoding="utf-8"))["warnings"]
    assert [w["code"] for w in warnings] == ["correction-stale"]
    assert "claim 0123456789abcdef (not_a_claim)" in warnings[0]["message"]


def test_a_bad_corrections_file_fails_its_report_only(loop, capsys):
    (loop / "corrections" / f"{STEM}.json").write_text("{", encoding="utf-8")
    status = main(
        [
            "extract",
            str(loop / "texts"),
            "--out",
            str(loop / "curated"),
            "--corrections",
            str(loop / "corrections"),
            "--jobs",
            "1",
            "--timeout",
            "0",
            "--progress",
            "never",
        ]
    )
    err = capsys.readouterr().err
    assert status == 1 and "its corrections cannot be applied" in err and "not JSON" in err
    assert (loop / "curated" / f"{STEM}.error.json").exists()
    assert not (loop / "curated" / f"{STEM}.json").exists()


def test_gold_from_a_reviewed_report_and_evaluate_on_it(loop, capsys):
    gold = loop / "gold"
    assert (
        main(
            [
                "gold",
                str(loop / "output"),
                "--corrections",
                str(loop / "corrections"),
                "--out",
                str(gold),
                "--texts",
                str(loop / "texts"),
            ]
        )
        == 0
    )
    annotation = json.loads((gold / f"{STEM}.json").read_text(encoding="utf-8"))
    assert annotation["text_sha256"] == REPORT.sha256
    assert "structure" not in annotation
    for item in [*annotation["claims"], *annotation["negatives"]]:
        assert TEXT[item["start"] : item["end"]] == item["text"]
    claims = {c["text"]: c for c in annotation["claims"]}
    assert claims["63.5%"]["value"] == 64.5 and claims["63.5%"]["statement"] == "Assessing needs"
    assert claims["63.5%"]["source"]["name"] == "Adult Social Care Survey"
    assert [(c["kind"], c["direction"]) for c in claims["63.5%"]["comparators"]] == [
        ("england_average", "above")
    ]
    assert claims["40"]["value"] == 40 and "19" not in claims
    assert annotation["negatives"] == [
        {
            "text": "19",
            "start": at("19")[0],
            "end": at("19")[1],
            "reason": "the number of teams: a denominator",
        }
    ]

    # the plain extraction against the gold: one value wrong, one missed, one on a negative
    result, _ = evaluate_folders(loop / "output", gold)
    assert (result.gold_values, result.predicted_values, result.matched_values) == (7, 7, 5)
    assert result.negatives_hit == 1
    assert main(["evaluate", str(loop / "output"), str(gold)]) == 0
    assert "negatives    1 output value(s)" in capsys.readouterr().out

    # the curated extraction matches its own review
    main(
        [
            "extract",
            str(loop / "texts"),
            "--out",
            str(loop / "curated"),
            "--corrections",
            str(loop / "corrections"),
            "--jobs",
            "1",
            "--timeout",
            "0",
            "--progress",
            "never",
        ]
    )
    result, _ = evaluate_folders(loop / "curated", gold)
    assert (result.precision, result.recall, result.negatives_hit) == (1.0, 1.0, 0)


def test_gold_leaves_out_unreviewed_stale_and_curated_reports(loop, capsys):
    path = loop / "corrections" / f"{STEM}.json"
    data = json.loads(path.read_text(encoding="utf-8"))
    gold = loop / "gold"
    args = [
        "gold",
        str(loop / "output"),
        "--corrections",
        str(loop / "corrections"),
        "--out",
        str(gold),
        "--texts",
        str(loop / "texts"),
    ]

    path.write_text(json.dumps({**data, "reviewed": False}), encoding="utf-8")
    assert main(args) == 0 and not gold.exists()
    assert "1 report(s) not marked reviewed left out" in capsys.readouterr().out

    path.write_text(
        json.dumps({**data, "claims": {"0123456789abcdef": {"verdict": "correct"}}}), encoding="utf-8"
    )
    assert main(args) == 1 and not gold.exists()
    assert "no longer apply" in capsys.readouterr().err

    path.write_text(json.dumps(data), encoding="utf-8")
    main(
        [
            "extract",
            str(loop / "texts"),
            "--out",
            str(loop / "curated"),
            "--corrections",
            str(loop / "corrections"),
            "--jobs",
            "1",
            "--timeout",
            "0",
            "--progress",
            "never",
        ]
    )
    args[1] = str(loop / "curated")
    assert main(args) == 1 and not gold.exists()
    assert "extracted with --corrections already" in capsys.readouterr().err


@pytest.mark.parametrize("literal", ["NaN", "Infinity", "1e309"])
def test_a_number_that_is_not_finite_stops_extract_and_gold_naming_the_claim(loop, capsys, literal):
    path = loop / "corrections" / f"{STEM}.json"
    fixed = CLAIMS["63.5%"].id
    path.write_text(
        path.read_text(encoding="utf-8").replace('"value": 64.5', f'"value": {literal}'), encoding="utf-8"
    )
    status = main(
        [
            "extract",
            str(loop / "texts"),
            "--out",
            str(loop / "curated"),
            "--corrections",
            str(loop / "corrections"),
            "--jobs",
            "1",
            "--timeout",
            "0",
            "--progress",
            "never",
        ]
    )
    err = capsys.readouterr().err
    assert status == 1 and not (loop / "curated" / f"{STEM}.json").exists()
    assert f"{path}: claims.{fixed}.value: Input should be a finite number" in err
    assert (
        main(
            [
                "gold",
                str(loop / "output"),
                "--corrections",
                str(loop / "corrections"),
                "--out",
                str(loop / "gold"),
                "--texts",
                str(loop / "texts"),
            ]
        )
        == 1
    )
    assert f"claims.{fixed}.value: Input should be a finite number" in capsys.readouterr().err
    assert not (loop / "gold").exists()


def _strict(data: bytes):
    """JSON as every reader takes it: NaN and the infinities are no JSON numbers."""

    def refuse(literal):
        raise ValueError(f"{literal} is not a JSON number")

    return json.loads(data, parse_constant=refuse)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(fix=st.floats(), added=st.floats(), comparator=st.floats())
def test_no_output_gold_or_corrections_file_holds_a_number_that_is_not_finite(fix, added, comparator):
    from pipeline.batch import report_json
    from pipeline.quality.gold import gold_annotation, gold_json

    start, end = at("40")
    c_start, c_end = at("2,870")
    data = {
        "report": STEM,
        "sha256": REPORT.sha256,
        "reviewed": True,
        "claims": {
            CLAIMS["63.5%"].id: {"verdict": "fix", "value": fix},
            CLAIMS["2,310"].id: {
                "verdict": "fix",
                "comparators": [
                    {
                        "kind": "target",
                        "value": comparator,
                        "unit": "count",
                        "text": "2,870",
                        "start": c_start,
                        "end": c_end,
                    }
                ],
            },
        },
        "added": [{"start": start, "end": end, "value": added, "unit": "count"}],
    }
    finite = all(math.isfinite(v) for v in (fix, added, comparator))
    try:
        made = Corrections.model_validate(data)
    except ValidationError as error:
        assert not finite and {e["type"] for e in error.errors()} == {"finite_number"}
        return
    assert finite
    curated, _ = apply(REPORT, TEXT, made)
    for document in (corrections_json(made), report_json(curated)):
        _strict(document)
    try:
        _strict(gold_json(gold_annotation(REPORT, TEXT, made)))
    except Exception as error:  # a gold file may be refused (a stale added number), never wrong
        assert type(error).__name__ == "GoldError"


def test_a_hand_written_file_validates_against_the_committed_schema(loop):
    import jsonschema

    schema = json.loads((ROOT / "schemas" / "corrections.schema.json").read_text(encoding="utf-8"))
    document = json.loads((loop / "corrections" / f"{STEM}.json").read_text(encoding="utf-8"))
    jsonschema.validate(document, schema)
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate({**document, "claims": {"x": {"verdict": "maybe"}}}, schema)
