"""The measure model: a learned second opinion where the rules name no measure.

Held-out paraphrases (never in data/measures/: written for these tests, in our own words and
figures): (id, sentence with its claim in [brackets], the measure expected or None). Each runs
the claims and measures stages, then the model; the expected id must be the claim's measure,
named by a rule or by the model. A rule's id is never the model's to change, and the model
names nothing where the rules rule a measure out.
"""

from __future__ import annotations

import pytest

from pipeline import extract
from pipeline.models import Document, Overall
from pipeline.stages import measure_model
from pipeline.stages.claims import extract_claims
from pipeline.stages.measures import measures_and_clauses


def measured(text: str, model: bool = True):
    found = extract_claims(text, Document(text_length=len(text), overall=Overall()), "0" * 64)
    claims, clauses = measures_and_clauses(text, found)
    return measure_model.name_measures(claims, clauses) if model else claims


def _marked(sentence: str) -> tuple[str, int, int]:
    start = sentence.index("[")
    end = sentence.index("]", start)
    return sentence[:start] + sentence[start + 1 : end] + sentence[end + 1 :], start, end - 1


# Wordings the catalogue's patterns do not list
PARAPHRASES = [
    (
        "budget-came-to",
        "Money spent on adult social care came to [43%] of the council's total.",
        "asc-budget-share",
    ),
    # the model's top id, but below the cross-validated threshold (0.54 < 0.70): left unnamed
    pytest.param(
        "budget-share-of-spend",
        "Adult social care accounted for [36.4%] of all council spending last year.",
        "asc-budget-share",
        marks=pytest.mark.xfail(strict=True, reason="below threshold"),
    ),
    ("population-some-live", "Some [176,500] people live across the borough.", "pop-total"),
    ("population-home-to", "The county is home to around [532,000] people.", "pop-total"),
    ("safe-subject-before", "Of people who use services, [73.2%] said they feel safe.", "ascs-feel-safe"),
    # known weaknesses: the words of leaving and of empty posts are not yet the model's
    pytest.param(
        "turnover-left-posts",
        "Across the local care sector, [29.3%] of workers left their jobs during the year.",
        "sfc-turnover-rate",
        marks=pytest.mark.xfail(strict=True, reason="known weakness"),
    ),
    pytest.param(
        "vacancy-unfilled",
        "About [10.4%] of posts at care providers in the county were unfilled.",
        "sfc-vacancy-rate",
        marks=pytest.mark.xfail(strict=True, reason="known weakness"),
    ),
    (
        "carers-contact",
        "Among unpaid carers, [26.5%] had the social contact they wanted.",
        "sace-carer-social-contact",
    ),
    ("older-share", "Older people aged 65 or over made up [19.8%] of all residents.", "pop-aged-65-plus"),
]
# Numbers that report no catalogued measure: the model must name none
NEGATIVES = [
    ("money", "The council spent [£3.1 million] on home adaptations.", None),
    ("waiting-count", "There were [388] people waiting for an assessment in June.", None),
    ("days", "People waited an average of [37] days for a care package.", None),
    ("own-survey", "A council survey of its staff found [64%] felt supported.", None),
    ("change", "Staff turnover fell by [3%] over the year.", None),
    ("life-expectancy", "Healthy life expectancy for men was [61.2] years.", None),
    ("town", "The main market town has roughly [38,000] residents.", None),
]


def _case(c):
    if hasattr(c, "marks"):  # a pytest.param already: its first value is the id
        return pytest.param(*c.values[1:], id=c.values[0], marks=c.marks)
    return pytest.param(*c[1:], id=c[0])


@pytest.mark.parametrize("sentence, expected", [_case(c) for c in PARAPHRASES + NEGATIVES])
def test_paraphrase(sentence: str, expected: str | None) -> None:
    text, start, end = _marked(sentence)
    claim = next((c for c in measured(text) if c.start < end and start < c.end), None)
    assert claim is not None, f"no claim at {start}:{end} {text[start:end]!r}"
    assert claim.measure == expected, (
        f"{text[start:end]!r} at {claim.start}:{claim.end}: {claim.measure!r} (by {claim.measure_by or 'rule'}, "
        f"score {claim.measure_score}), expected {expected!r}"
    )
    if claim.measure_by == "model":
        assert claim.measure_score >= measure_model.load_model().threshold
        assert claim.unit in ("percent", "count", "score", "rank", "per_100k")


def test_a_rule_id_is_never_overridden() -> None:
    text = "Some 81.5% of people who use services said they felt safe."
    by_rules = measured(text, model=False)
    assert by_rules[0].measure == "ascs-feel-safe"
    assert measured(text) == by_rules  # the same claims, unchanged


def test_the_model_is_not_read_when_no_claim_is_open(monkeypatch) -> None:
    text = "Some 81.5% of people who use services said they felt safe."
    monkeypatch.setattr(measure_model, "load_model", lambda path=None: pytest.fail("the model was loaded"))
    assert measured(text)[0].measure == "ascs-feel-safe"


def test_the_output_records_that_the_model_named_it_and_can_switch_it_off() -> None:
    head = (
        "Marlow Vale Borough Council: local authority assessment\n\nAssessing needs\n\nScore: 2\n\n"
        "The local authority commitment\n\nWe assess needs.\n\nKey findings for this quality statement\n\n"
    )
    text = head + "The county is home to around 532,000 people.\n"
    on, off = extract(text), extract(text, measure_model=False)
    claim = next(c for c in on.claims if c.text == "532,000")
    assert (claim.measure, claim.measure_by) == ("pop-total", "model") and 0 < claim.measure_score <= 1
    assert on.measure_model == measure_model.model_file_sha256() and off.measure_model is None
    plain = next(c for c in off.claims if c.text == "532,000")
    assert (plain.measure, plain.measure_by, plain.measure_score) == (None, None, None)
    assert "measure_by" not in plain.model_dump_json()


def test_top_three_are_ranked_probabilities() -> None:
    model = measure_model.load_model()
    top = model.top(
        measure_model.Reading(
            before="Of people who use services, ", after=" said they feel safe", unit="percent"
        )
    )
    assert len(top) == 3 and top[0][1] >= top[1][1] >= top[2][1] and sum(s for _, s in top) <= 1.0001


_HEAD = (
    "Marlow Vale Borough Council: local authority assessment\n\nAssessing needs\n\nScore: 2\n\n"
    "The local authority commitment\n\nWe assess needs.\n\nKey findings for this quality statement\n\n"
)


def test_explain_shows_who_named_the_measure_and_the_model_top_three() -> None:
    from pipeline.quality.explain import explain

    text = _HEAD + (
        "The county is home to around 532,000 people. Some 81.5% of people who use services said "
        "they felt safe. Waiting lists held 388 people.\n"
    )
    details = {e.text: e.detail for e in explain(text) if e.became == "claim"}
    assert "measure ascs-feel-safe (rule)" in details["81.5%"] and "top" not in details["81.5%"]
    assert "measure pop-total (model" in details["532,000"] and details["532,000"].count(", ") >= 2
    assert "no measure (model" in details["388"] and "; top none" in details["388"]
    plain = {e.text: e.detail for e in explain(text, measure_model=False) if e.became == "claim"}
    assert "model" not in plain["532,000"] and "measure" not in plain["388"]


def test_evaluate_without_the_measure_model_takes_its_ids_back() -> None:
    from pipeline.quality.evaluate import evaluate

    gold_claim = {
        "start": 10,
        "end": 17,
        "value": 532000,
        "text": "532,000",
        "unit": "count",
        "measure": "pop-total",
        "period": None,
        "comparators": [],
        "source": None,
    }
    named = {**gold_claim, "measure_by": "model", "measure_score": 0.84}
    assert evaluate({"claims": [named]}, {"claims": [gold_claim]}).correct_measures == 1
    assert evaluate({"claims": [named]}, {"claims": [gold_claim]}, measure_model=False).correct_measures == 0


@pytest.mark.slow
def test_retraining_reproduces_the_committed_measure_model(tmp_path):
    """Same rows, seed and versions: the same model (the committed threshold; the cross-validation
    that chose it is ``python -m pipeline train``). As for the veto, another processor may round
    float32 sums differently: then every training row must score the same to 1e-5 and name the same."""
    import hashlib
    import json

    from pipeline.quality import train

    figures = json.loads(train.MEASURE_CV_FILE.read_text(encoding="utf-8"))
    out = tmp_path / "model.msgpack"
    rows = train.read_measure_rows()
    result = train.train_measures(rows, out=out, cv_out=None, threshold=figures["threshold"])
    committed_bytes = measure_model.MODEL_FILE.read_bytes()
    if out.read_bytes() == committed_bytes:
        assert result["sha256"] == hashlib.sha256(committed_bytes).hexdigest()
        return
    committed, retrained = measure_model.load_model(), measure_model.model_from_bytes(out.read_bytes())
    assert retrained.info == committed.info, "retraining gave another model's settings"
    readings = [r.reading() for r in rows]
    for row, old, new in zip(rows, committed.scores(readings), retrained.scores(readings)):
        assert all(abs(old[k] - new[k]) <= 1e-5 for k in old), (
            f"retrained: {row.file} {row.text!r} scores moved"
        )


def test_committed_figures_keep_false_ids_at_or_under_one_percent() -> None:
    import json

    from pipeline.quality import train

    figures = json.loads(train.MEASURE_CV_FILE.read_text(encoding="utf-8"))
    cv = figures["cross_validated"]
    assert cv["false"] <= train.MEASURE_FALSE_SHARE * cv["named"]
    assert figures["threshold"] == measure_model.load_model().threshold
    assert figures["sha256"] == measure_model.model_file_sha256()


CLAUSE_TEXTS = [
    "Money spent on adult social care came to 43% of the council's total, and waiting lists held 388 people.",
    "Staff turnover fell by 3% to 27.4%; the county is home to around 532,000 people, 19.8% of them aged 65 or over.",
    "Of people who use services, 73.2% said they feel safe, compared with 69.1% in England; 388 people were waiting.",
]


@pytest.mark.parametrize("text", CLAUSE_TEXTS, ids=range(len(CLAUSE_TEXTS)))
def test_the_model_reads_what_the_training_rows_hold(text: str) -> None:
    # the words the measures stage records for the model are those measures.clauses cuts for
    # the training rows, claim by claim
    from pipeline.stages.measures import clauses

    claims, recorded_clauses = measures_and_clauses(text, measured(text, model=False))
    recorded = measure_model.candidates(claims, recorded_clauses)
    cut = {
        i: measure_model.reading(c, b, a, r)
        for i, (c, b, a, r) in clauses(text, claims, open_only=True).items()
    }
    assert recorded == cut and recorded, [(c.text, c.measure) for c in claims]


# ---------------------------------------------------------------------------------------------
# A missing or broken model file: an error naming it (as the veto's), and the batch stops at once


def test_a_missing_measure_model_is_an_error_naming_it(tmp_path):
    with pytest.raises(measure_model.MeasureModelError, match="gone.msgpack.*cannot read the measure model"):
        measure_model.load_model(tmp_path / "gone.msgpack")


def _broken_models() -> list[bytes]:
    import srsly

    committed = measure_model.MODEL_FILE.read_bytes()
    fields = srsly.msgpack_loads(committed)
    return [
        committed[:1000],  # cut short
        b"not a model at all",
        srsly.msgpack_dumps({**fields, "format": "something-else/9"}),
        srsly.msgpack_dumps({**fields, "weights": b"\x00" * 64}),  # weights of another shape
    ]


@pytest.mark.parametrize(
    "content", _broken_models(), ids=["truncated", "text", "other-format", "bad-weights"]
)
def test_a_corrupt_measure_model_is_an_error_naming_it(tmp_path, content):
    path = tmp_path / "broken.msgpack"
    path.write_bytes(content)
    with pytest.raises(measure_model.MeasureModelError, match="broken.msgpack: "):
        measure_model.load_model(path)


def test_the_batch_stops_on_a_broken_measure_model_naming_it(tmp_path, monkeypatch, capsys):
    from pipeline.batch import run_batch

    report = tmp_path / "brookvale.txt"
    report.write_text(
        "Brookvale Council: local authority assessment\n\nAssessing needs\n\nScore: 3\n\n"
        "Of people who use services, 64% said they feel safe.\n",
        encoding="utf-8",
    )
    broken = tmp_path / "model.msgpack"
    broken.write_bytes(b"\x00\x01")
    monkeypatch.setattr(measure_model, "MODEL_FILE", broken)
    assert run_batch([report], tmp_path / "out", jobs=1, timeout=None, progress="never") == 2
    assert f"{broken}: unreadable measure model" in capsys.readouterr().err
    assert not (tmp_path / "out" / "brookvale.json").exists()
    assert (
        run_batch([report], tmp_path / "out", jobs=1, timeout=None, progress="never", measure_model=False)
        == 0
    )
