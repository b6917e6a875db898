"""Retraining from reviews: ``train --gold DIR`` adds the gold that ``gold`` wrote from reviewed
reports to the veto's training rows, and the threshold is chosen again by the same
cross-validation. The report is tests/builders/review.py's (our own words); the training data
beside it is a handful of rows written here, so the whole loop runs in seconds.
"""

from __future__ import annotations

import json

import pytest
from builders.review import STEM, TEXT, review_folders

import pipeline
from pipeline.cli import main
from pipeline.models import Corrections
from pipeline.quality import train
from pipeline.quality.corrections import corrections_json, rebase

REPORT = pipeline.extract(TEXT, name=STEM)
CLAIMS = {claim.text: claim for claim in REPORT.claims}


@pytest.fixture()
def reviewed(tmp_path):
    """review -> gold: 19 marked not a claim, 63.5% fixed, the report marked reviewed."""
    output, texts, corrections = review_folders(tmp_path)
    made = rebase(
        REPORT,
        TEXT,
        Corrections.model_validate(
            {
                "report": STEM,
                "sha256": REPORT.sha256,
                "reviewed": True,
                "claims": {
                    CLAIMS["19"].id: {"verdict": "not_a_claim", "note": "a denominator"},
                    CLAIMS["63.5%"].id: {"verdict": "fix", "value": 64.5},
                },
            }
        ),
    )
    (corrections / f"{STEM}.json").write_bytes(corrections_json(made))
    assert (
        main(
            [
                "gold",
                str(output),
                "--corrections",
                str(corrections),
                "--out",
                str(tmp_path / "gold"),
                "--texts",
                str(texts),
            ]
        )
        == 0
    )
    return tmp_path


def test_a_reviewed_not_a_claim_enters_the_training_rows(reviewed):
    rows = train.gold_dir_rows(reviewed / "gold", [reviewed / "texts"])
    by_text = {}
    for row in rows:
        by_text.setdefault(row["text"], []).append(row)
        assert row["window"][row["start"] : row["end"]] == row["text"]
    [nineteen] = by_text["19"]
    assert nineteen["label"] == "negative" and nineteen["council"] == "Brookvale Borough Council"
    assert [r["label"] for r in by_text["63.5%"]] == ["claim"]
    assert [r["label"] for r in by_text["61.8%"]] == ["comparator"]


def test_a_reviewers_label_replaces_the_same_number_in_the_data(reviewed, tmp_path):
    """The data calls the 19 a claim; the review says it is not: the review's row is kept."""
    [nineteen] = [
        r for r in train.gold_dir_rows(reviewed / "gold", [reviewed / "texts"]) if r["text"] == "19"
    ]
    data = tmp_path / "numbers.jsonl"
    data.write_text(
        json.dumps({**nineteen, "label": "claim", "council": "elsewhere"}) + "\n", encoding="utf-8"
    )
    rows = train.training_rows(data, [reviewed / "gold"], [reviewed / "texts"])
    assert [(r.label, r.council) for r in rows if r.text == "19"] == [
        ("negative", "Brookvale Borough Council")
    ]
    assert len(rows) == len(train.gold_dir_rows(reviewed / "gold", [reviewed / "texts"]))


@pytest.mark.parametrize(
    "problem, make, message",
    [
        ("not a folder", lambda d: d / "nowhere", "not a folder"),
        ("its text missing", lambda d: d / "gold", "not found"),
    ],
    ids=["not-a-folder", "text-missing"],
)
def test_a_gold_folder_that_cannot_be_read_is_a_clear_error(reviewed, capsys, problem, make, message):
    data = reviewed / "numbers.jsonl"
    data.write_text("", encoding="utf-8")
    status = main(
        [
            "train",
            "--data",
            str(data),
            "--gold",
            str(make(reviewed)),
            "--out",
            str(reviewed / "model.msgpack"),
            "--cv",
            str(reviewed / "cv.json"),
        ]
    )
    err = capsys.readouterr().err
    assert status == 2 and message in err and "Traceback" not in err


def test_train_with_gold_chooses_the_threshold_again(reviewed, capsys):
    """A tiny data file of another council, and the review's gold: the cross-validation leaves
    each council out in turn, and the model is trained on both."""
    other = (
        "Westcombe County Council: local authority assessment\n\n"
        "In 2024, 71% of carers said they felt supported, against 64% in England.\n\n"
        "There were 3 panels in 12 months.\n"
    )
    data = reviewed / "numbers.jsonl"
    labelled = [
        (other.index("71%"), other.index("71%") + 3, "claim"),
        (other.index("64%"), other.index("64%") + 3, "comparator"),
    ]
    data.write_text(
        "".join(
            json.dumps(row) + "\n"
            for row in train.rows_of(other, labelled, "written/westcombe", "Westcombe County Council")
        ),
        encoding="utf-8",
    )
    assert (
        main(
            [
                "train",
                "--data",
                str(data),
                "--gold",
                str(reviewed / "gold"),
                "--texts",
                str(reviewed / "texts"),
                "--out",
                str(reviewed / "model.msgpack"),
                "--cv",
                str(reviewed / "cv.json"),
            ]
        )
        == 0
    )
    figures = json.loads((reviewed / "cv.json").read_text(encoding="utf-8"))
    rows = train.training_rows(data, [reviewed / "gold"], [reviewed / "texts"])
    assert figures["councils"] == 2
    assert figures["numbers"] == sum(r.label != "optional" for r in rows)
    assert figures["threshold"] in train.GRID
    assert "2/2 Westcombe County Council" in capsys.readouterr().err


def test_a_reviews_gold_joins_the_measure_models_rows(reviewed, tmp_path):
    """``train --only measures --gold``: the review's claims, as the pipeline reads them, with
    the measure its gold gives (or none), join the committed rows; no cross-validation with a
    threshold given, so it runs in seconds."""
    annotations = train.gold_dir_annotations(reviewed / "gold", [reviewed / "texts"])
    rows = train.measure_rows(annotations)
    assert rows and {r.council for r in rows} == {"Brookvale Borough Council"}
    assert all(r.label == "none" or r.label in train.measure_labels() for r in rows)
    out = tmp_path / "measures.msgpack"
    assert (
        main(
            [
                "train",
                "--only",
                "measures",
                "--threshold",
                "0.7",
                "--gold",
                str(reviewed / "gold"),
                "--texts",
                str(reviewed / "texts"),
                "--out",
                str(out),
            ]
        )
        == 0
    )
    from pipeline.stages import measure_model

    model = measure_model.model_from_bytes(out.read_bytes())
    assert model.threshold == 0.7 and model.info["trained_on"]["rows"] == len(
        train.read_measure_rows()
    ) + len(rows)
