"""Regression diff: claims matched by identity (not position), changed fields named, structure
changes by key, folder and file modes, exit status. Small synthetic reports."""

from __future__ import annotations

import json

import pytest
from conftest import SACE, make_report

from pipeline.batch import report_json
from pipeline.cli import main
from pipeline.quality.diff import diff_reports

BASE_CLAIMS = [
    dict(start=100, value=55.0, england=60.0, qualifier="lower than"),
    dict(start=200, value=70.0, england=65.0),
    dict(start=300, value=1200, unit="count", source=None, statement=None),
]


def doc(report) -> dict:
    return json.loads(report_json(report))


def base() -> dict:
    return doc(make_report("north", claims=BASE_CLAIMS))


def edit(document: dict, change) -> dict:
    document = json.loads(json.dumps(document))
    change(document)
    return document


def set_path(document, path, value):
    *parents, last = path
    for key in parents:
        document = document[key]
    document[last] = value


# (id, how NEW differs from OLD, expected: {claims changed -> fields}, added, removed, structure)
CASES = [
    ("identical", lambda d: None, {}, 0, 0, []),
    ("value", lambda d: set_path(d, ["claims", 1, "value"], 71.0),
     {"70%": ["value"]}, 0, 0, []),
    ("unit", lambda d: set_path(d, ["claims", 2, "unit"], "gbp"), {"1200": ["unit"]}, 0, 0, []),
    ("comparator-direction", lambda d: set_path(d, ["claims", 0, "comparators", 0, "direction"], "above"),
     {"55%": ["comparators"]}, 0, 0, []),
    ("comparator-removed", lambda d: set_path(d, ["claims", 0, "comparators"], []),
     {"55%": ["comparators"]}, 0, 0, []),
    ("qualifier", lambda d: set_path(d, ["claims", 0, "qualifier"], "about"),
     {"55%": ["qualifier"]}, 0, 0, []),
    ("source", lambda d: set_path(d, ["claims", 0, "source", "name"], SACE),
     {"55%": ["source"]}, 0, 0, []),
    ("statement", lambda d: set_path(d, ["claims", 0, "statement"], "safeguarding"),
     {"55%": ["statement"]}, 0, 0, []),
    ("claim-removed", lambda d: d["claims"].pop(1), {}, 0, 1, []),
    ("claim-added", lambda d: d["claims"].append({**d["claims"][1], "id": "c-new", "start": 500,
                                                  "end": 503, "text": "12%", "value": 12.0}),
     {}, 1, 0, []),
    ("order-is-not-identity", lambda d: d["claims"].reverse(), {}, 0, 0, []),
    ("span-widened", lambda d: d["claims"][0].update(start=95, text="over 55%", id="c-other"),
     {"over 55%": ["start", "text"]}, 0, 0, []),
    ("statement-score", lambda d: set_path(d, ["themes", 0, "statements", 0, "score"], 2),
     {}, 0, 0, ["themes[1].statements[assessing-needs].score"]),
    ("statement-gone", lambda d: d["themes"][0]["statements"].pop(1),
     {}, 0, 0, ["themes[1].statements[equity-in-experience-and-outcomes]"]),
    ("overall-rating", lambda d: set_path(d, ["overall", "rating"], "Requires improvement"),
     {}, 0, 0, ["overall.rating"]),
    ("theme-title", lambda d: set_path(d, ["themes", 0, "title"], "Working with people"),
     {}, 0, 0, ["themes[1].title"]),
]


@pytest.mark.parametrize("name, change, changed, added, removed, structure", CASES,
                         ids=[c[0] for c in CASES])
def test_diff_reports(name, change, changed, added, removed, structure):
    old = base()
    result = diff_reports(old, edit(old, change))
    got = {c.text: c.fields for c in result.claims_changed}
    assert got == changed, f"claims changed: {got}"
    assert (len(result.claims_added), len(result.claims_removed)) == (added, removed)
    assert [c.path for c in result.structure] == structure
    assert result.differs == bool(changed or added or removed or structure)


def test_shifted_text_matches_claims_by_content_and_ignores_offsets():
    """An edit earlier in the report shifts every span (so every id): nothing else changed."""
    old = base()
    new = edit(old, lambda d: None)
    new["sha256"] = "f" * 64
    for claim in new["claims"]:
        claim.update(id=claim["id"] + "x", start=claim["start"] + 7, end=claim["end"] + 7)
    result = diff_reports(old, new)
    assert not result.claims_added and not result.claims_removed and not result.claims_changed
    assert [c.path for c in result.structure] == ["sha256"]


def test_warnings_compared_by_code_and_message():
    old = base()
    new = edit(old, lambda d: d["warnings"].append(
        {"code": "rating-mismatch", "message": "stated Good, derived Requires improvement",
         "spans": [], "claim_ids": []}))
    result = diff_reports(old, new)
    assert result.warnings_added == [
        {"code": "rating-mismatch", "message": "stated Good, derived Requires improvement"}]
    assert diff_reports(new, old).warnings_removed == result.warnings_added


def write(folder, name, document) -> None:
    folder.mkdir(exist_ok=True)
    (folder / name).write_text(json.dumps(document, indent=2))


def test_folders_show_exactly_the_affected_claims(tmp_path, capsys):
    """Two runs where one rule changed: one claim's value, in one of three reports."""
    for stem in ("a", "b", "c"):
        document = doc(make_report(stem, claims=BASE_CLAIMS))
        write(tmp_path / "old", f"{stem}.json", document)
        if stem == "b":
            document["claims"][1]["value"] = 7.0
            changed_id = document["claims"][1]["id"]
        write(tmp_path / "new", f"{stem}.json", document)
    write(tmp_path / "old", "d.error.json", {"file": "d.txt", "message": "empty", "place": None})
    write(tmp_path / "new", "d.error.json", {"file": "d.txt", "message": "empty", "place": None})

    assert main(["diff", str(tmp_path / "old"), str(tmp_path / "new")]) == 1
    out = capsys.readouterr().out
    assert out.splitlines() == [
        "b.json: claims: 0 added, 0 removed, 1 changed; 0 structure changes; "
        "warnings: 0 added, 0 removed",
        f'  ~ claim {changed_id} "70%" (value):',
        "      value: 70 -> 7",
        "1 of 4 reports differ",
    ]

    assert main(["diff", str(tmp_path / "old"), str(tmp_path / "new"), "--json"]) == 1
    result = json.loads(capsys.readouterr().out)
    assert (result["compared"], result["differ"]) == (4, 1)
    [report] = result["reports"]
    assert report["name"] == "b.json"
    assert [c["changes"] for c in report["claims_changed"]] == [
        [{"path": "value", "old": 70.0, "new": 7.0}]]


def test_folders_report_added_removed_and_failing(tmp_path, capsys):
    write(tmp_path / "old", "a.json", base())
    write(tmp_path / "old", "b.json", base())
    write(tmp_path / "new", "b.error.json", {"file": "b.txt", "message": "empty text", "place": None})
    write(tmp_path / "new", "c.json", base())
    assert main(["diff", str(tmp_path / "old"), str(tmp_path / "new")]) == 1
    out = capsys.readouterr().out
    assert "a.json: only in OLD" in out
    assert "b.json: now fails: empty text" in out
    assert "c.json: only in NEW" in out


def test_same_files_exit_zero(tmp_path, capsys):
    write(tmp_path, "x.json", base())
    assert main(["diff", str(tmp_path / "x.json"), str(tmp_path / "x.json")]) == 0
    assert "no differences" in capsys.readouterr().out


@pytest.mark.parametrize("old, new, message", [
    ("missing", "x.json", "missing: no such file or folder"),
    ("x.json", ".", "compare two files or two folders"),
    ("bad.json", "x.json", "bad.json: not JSON"),
], ids=["missing", "file-and-folder", "not-json"])
def test_diff_problems_are_one_clear_line(tmp_path, monkeypatch, capsys, old, new, message):
    monkeypatch.chdir(tmp_path)
    write(tmp_path, "x.json", base())
    (tmp_path / "bad.json").write_text("{not json")
    assert main(["diff", old, new]) == 2
    err = capsys.readouterr().err
    assert message in err and "Traceback" not in err
