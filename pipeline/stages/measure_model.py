"""The measure model: a learned second opinion on which measure a claim reports, for the claims
the rules give none.

Input: the report's text and its claims (after the measures stage and the veto). Output: the
claims, those the rules left without a measure given one when the model is sure enough
(``measure_by="model"``, ``measure_score``); a rule's id is never overridden.

The rules (``pipeline.stages.measures``) name a measure when its listed wording is there; a
report that says it another way ("spending on adult social care came to 41% of the council's
total", "some 98,000 people live in the district") gets no id. The model reads the claim's
clause as the rules cut it (the words back to the value before and up to the value after), its
unit, its comparators' kinds and its cited dataset, and gives a probability to each measure
and to "none". It names the top measure only when:

- the rules gave none and did not rule one out: a change ("rose by 3%"), a number defining a
  scale, a figure whose own words name an average, an age in a band are never measured;
- the top label is a measure, with a probability at or over the threshold (chosen by
  leave-one-council-out cross-validation so that false ids stay at or under 1% of the claims
  it names: ``pipeline.quality.train``);
- the claim's unit is one the measure is read from and its value is in the measure's range
  (the claim then takes the measure's unit, as a rule's would).

The model is a multinomial logistic regression (softmax over the catalogue's ids and "none")
over the feature words built by ``features`` and their neighbouring pairs, each feature a
column of a vocabulary (the features seen at least twice in training). A linear model like the
veto's spaCy classifier, written in numpy (which spaCy brings): the veto's one output fits
2**16 hashed columns in 263 kB, but fifty outputs would take 13 MB and 0.7 s to build, where a
vocabulary of a few thousand features takes a few hundred kB, loads in milliseconds and trains
in seconds. Trained by ``python -m pipeline train`` (``pipeline.quality.train``) from
``data/measures/rows.jsonl``; ``pipeline/reference/measures/model.msgpack`` holds its
vocabulary, weights, labels and threshold. Loaded on first use (a report whose claims all have
a rule's measure, or none the model may name, never loads it).
"""

from __future__ import annotations

import functools
import hashlib
import re
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from pipeline.errors import ExtractionError
from pipeline.files import ModelFile

if TYPE_CHECKING:
    from pipeline.models import Claim

MODEL_FILE = Path(__file__).resolve().parents[1] / "reference" / "measures" / "model.msgpack"
FORMAT = "cqc-measures/1"
NONE = "none"  # the label of a number that reports no catalogued measure
WORDS = 14  # words read either side of the value, within its clause

_TOKEN = re.compile(r"£?\d+(?:[.,]\d+)*%?|[^\W\d_]+(?:['’][^\W\d_]+)?")
_DIGITS = re.compile(r"\d+")


class MeasureModelError(ExtractionError):
    """The measure model's file is missing, unreadable or not one this code can use."""


@dataclass(frozen=True)
class Reading:
    """What the model reads of one claim (also a training row's fields)."""

    before: str  # the clause's words before the value (back to the previous value)
    after: str  # ... after it (up to the next value or clause break)
    unit: str
    kinds: tuple[str, ...] = ()  # its comparators' kinds
    dataset: str | None = None  # the cited dataset's name
    # the measures its words name that the rules found do not fit it (an exclusion, a missing
    # context): never the model's to name (not a feature)
    rejected: frozenset[str] = frozenset()


def _word(token: str) -> str:
    if token[0].isdigit() or token[0] == "£":
        return _DIGITS.sub("d", token)
    return token.lower().replace("’", "'")


_NEAR = 200  # characters read first for a side's words (14 words fit in it nearly always)


def _tokens(text: str, last: bool) -> list[str]:
    """The last (or first) ``WORDS`` tokens of ``text``: the same as tokenising all of it. A
    part read may cut one word at its far end; with more than ``WORDS`` tokens in the part, that
    word is not among those kept."""
    if len(text) > _NEAR:
        found = _TOKEN.findall(text[-_NEAR:] if last else text[:_NEAR])
        if len(found) > WORDS:
            return found[-WORDS:] if last else found[:WORDS]
    found = _TOKEN.findall(text)
    return found[-WORDS:] if last else found[:WORDS]


def features(reading: Reading) -> list[str]:
    """The feature words: the clause's last words before the value, a value marker, its first
    words after (in order, so that neighbours make bigrams: "felt safe", "live in"), each word's
    first five letters as a bag (spend / spending / spent), then the unit, the comparators'
    kinds and the dataset."""
    left = [_word(t) for t in _tokens(reading.before, last=True)]
    right = [_word(t) for t in _tokens(reading.after, last=False)]
    words = [*left, "<value>", *right]
    words += [f"p={w[:5]}" for w in left + right if len(w) > 5 and w[0].isalpha()]
    words += [
        f"unit={reading.unit}",
        *(f"kind={k}" for k in reading.kinds),
        f"data={(reading.dataset or '-').lower()}",
    ]
    return words


def feature_set(reading: Reading) -> set[str]:
    """The model's features: each feature word, and each neighbouring pair ("felt safe")."""
    words = features(reading)
    return {*words, *map(" ".join, zip(words, words[1:]))}


def softmax_scores(columns: list[list[int]], weights, bias):
    """Each row's probabilities: the softmax of the bias plus its columns' weights."""
    import numpy as np

    logits = np.tile(bias, (len(columns), 1))
    flat = [j for cols in columns for j in cols]
    if flat:  # each row's columns summed at once: rows with none are skipped by their starts
        starts = np.cumsum([0] + [len(cols) for cols in columns[:-1]])
        filled = [i for i, cols in enumerate(columns) if cols]
        logits[filled] += np.add.reduceat(weights[flat], starts[filled], axis=0)
    logits -= logits.max(axis=1, keepdims=True)
    exp = np.exp(logits)
    return exp / exp.sum(axis=1, keepdims=True)


class MeasureModel:
    """A trained measure model: ``scores`` a batch of readings (label -> probability each)."""

    def __init__(self, data: dict, sha256: str):
        import numpy as np

        self.threshold = float(data["threshold"])
        self.labels: list[str] = list(data["labels"])
        self.vocabulary: dict[str, int] = {f: i for i, f in enumerate(data["vocabulary"])}
        self.sha256 = sha256
        self.info = {k: v for k, v in data.items() if k not in ("weights", "bias", "vocabulary")}
        shape = (len(self.vocabulary), len(self.labels))
        self.weights = np.frombuffer(data["weights"], dtype="<f4").reshape(shape)
        self.bias = np.frombuffer(data["bias"], dtype="<f4").reshape(len(self.labels))

    def columns(self, reading: Reading) -> list[int]:
        vocabulary = self.vocabulary
        return sorted(vocabulary[f] for f in feature_set(reading) if f in vocabulary)

    def scores(self, readings: list[Reading]) -> list[dict[str, float]]:
        if not readings:
            return []
        rows = softmax_scores([self.columns(r) for r in readings], self.weights, self.bias)
        return [dict(zip(self.labels, map(float, row))) for row in rows]

    def best(self, readings: list[Reading]) -> list[tuple[str, float]]:
        """Each reading's likeliest label and its probability (a tie: the later label, as
        ``choose`` breaks it)."""
        if not readings:
            return []
        rows = softmax_scores([self.columns(r) for r in readings], self.weights, self.bias)
        at = rows.shape[1] - 1 - rows[:, ::-1].argmax(axis=1)  # the last of equal maxima
        return [(self.labels[j], float(rows[i, j])) for i, j in enumerate(at)]

    def top(self, reading: Reading, n: int = 3) -> list[tuple[str, float]]:
        """The ``n`` likeliest labels with their probabilities (``explain`` shows them)."""
        ranked = sorted(self.scores([reading])[0].items(), key=lambda kv: (-kv[1], kv[0]))
        return ranked[:n]


_HINT = "restore it from the repository or retrain with: python -m pipeline train"


def model_from_bytes(data: bytes, name: str = "measure model") -> MeasureModel:
    import srsly

    try:
        content = srsly.msgpack_loads(data)
    except Exception as error:  # truncated or not msgpack
        raise MeasureModelError(
            f"unreadable measure model ({type(error).__name__}); {_HINT}", name=name
        ) from None
    if not isinstance(content, dict) or content.get("format") != FORMAT:
        found = content.get("format") if isinstance(content, dict) else None
        raise MeasureModelError(
            f"not a measure model of format {FORMAT} (found {found!r}); {_HINT}", name=name
        )
    try:
        return MeasureModel(content, hashlib.sha256(data).hexdigest())
    except Exception as error:  # weights of another shape, missing fields
        raise MeasureModelError(
            f"unreadable measure model ({type(error).__name__}: {error}); {_HINT}", name=name
        ) from None


_FILE = ModelFile(
    model_from_bytes,
    lambda why, name: MeasureModelError(f"cannot read the measure model ({why}); {_HINT}", name=name),
)


def load_model(path: Path | None = None) -> MeasureModel:
    """The model in ``path`` (default ``MODEL_FILE``), read once per process."""
    return _FILE.load(path or MODEL_FILE)


def check_model_file(path: Path | None = None) -> None:
    """Raise ``MeasureModelError`` naming the file when it is missing or not a measure model."""
    load_model(path)


def model_file_sha256(path: Path | None = None) -> str:
    """The sha256 of the model file's bytes (what ``Report.measure_model`` records); reading
    the file does not build the model."""
    return _FILE.sha256(path or MODEL_FILE)


def reading(claim: Claim, before: str, after: str, rejected: frozenset[str] = frozenset()) -> Reading:
    return Reading(
        before=before,
        after=after,
        unit=claim.unit,
        kinds=tuple(sorted({c.kind for c in claim.comparators})),
        dataset=claim.source.name if claim.source is not None and claim.source.known else None,
        rejected=rejected,
    )


def candidates(claims: list[Claim], clauses: dict) -> dict[str, Reading]:
    """Claim id -> what the model reads, for the claims it may name: those of ``clauses`` (as
    ``measures.measures_and_clauses`` gives them: no rule's measure and none ruled out, a
    change, a scale, an average's figure, an age) still among ``claims`` without a measure."""
    return {
        c.id: reading(c, *clauses[c.id])
        for c in claims
        if c.measure is None and c.id in clauses and _any_fits(c.unit, c.value)
    }


def _any_fits(unit: str, value: float) -> bool:
    """Some catalogue measure can be a value of this unit and size (no measure is an amount of
    money or a number of days: such claims are not scored, as nothing could be named)."""
    from pipeline.stages.measures import in_range

    return any(in_range(m, value) for m in _measures_read_as(unit))


@functools.cache
def _measures_read_as(unit: str) -> tuple:
    """The catalogue's measures a value of this unit can be (asked for every open claim)."""
    from pipeline.reference.catalogue import CATALOGUE

    return tuple(m for m in CATALOGUE if unit in m.units)


def fits(measure_id: str, unit: str, value: float) -> bool:
    """A value of this unit can be the measure's: a unit it is read from, within its range."""
    from pipeline.reference.catalogue import BY_ID
    from pipeline.stages.measures import in_range

    measure = BY_ID.get(measure_id)
    return measure is not None and unit in measure.units and in_range(measure, value)


def choose(
    scores: dict[str, float] | tuple[str, float],
    unit: str,
    value: float,
    threshold: float,
    rejected: frozenset[str] = frozenset(),
) -> tuple[str, float] | None:
    """The measure the model names for a value, with its probability; None when it names none
    (its top label is "none", below the threshold, one the value cannot be, or one the rules
    found named but not fitting: "The main market town has roughly 38,000 residents").
    ``scores``: every label's probability, or the top label and its probability."""
    label, score = scores if isinstance(scores, tuple) else max(scores.items(), key=lambda kv: (kv[1], kv[0]))
    if label == NONE or score < threshold or label in rejected or not fits(label, unit, value):
        return None
    return label, score


def name_measures(claims: list[Claim], clauses: dict, model: MeasureModel | None = None) -> list[Claim]:
    """The claims, those the rules left without a measure named by the model when it is sure.
    ``clauses``: what the measures stage found the model may read (``measures_and_clauses``);
    ``model``: default the committed one, loaded only when a claim is open to it."""
    from pipeline.stages.measures import with_measure

    readings = candidates(claims, clauses)
    if not readings:
        return claims
    model = model or load_model()
    ids = list(readings)
    by_id = {c.id: c for c in claims}
    named = {}
    for claim_id, scores in zip(ids, model.best([readings[i] for i in ids])):
        claim = by_id[claim_id]
        chosen = choose(scores, claim.unit, claim.value, model.threshold, readings[claim_id].rejected)
        if chosen is not None:
            named[claim_id] = chosen
    if not named:
        return claims
    return [
        with_measure(
            c, named[c.id][0], update={"measure_by": "model", "measure_score": round(named[c.id][1], 4)}
        )
        if c.id in named
        else c
        for c in claims
    ]
