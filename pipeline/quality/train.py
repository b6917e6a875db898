"""Training the veto's model: ``python -m pipeline train [--data FILE] [--out FILE]``.

Input: ``data/veto/numbers.jsonl`` (written by ``data/veto/build.py`` from the repository's and
the development pages' annotations: one number per line with its window, span, label, file and
council), and the gold a review gave (``train --gold DIR``, repeatable: the files ``python -m
pipeline gold`` writes from reviewed reports, read into rows as build.py reads annotations:
``gold_dir_rows``). Output: the model file (``pipeline/reference/veto/model.msgpack``) and the
cross-validated figures (``data/veto/cv.json``).

Deterministic: a fixed seed, a fixed order of the rows and of the batches, one thread; the
same data and pinned versions (constraints.txt) give the same bytes, so the file's sha256 (which
every output records) names the model.

The threshold is chosen by leave-one-council-out cross-validation: for each council, a model is
trained on the others' numbers and scores the left-out council's claims as the rules find them
in its windows; the threshold kept is the one (on a grid of 0.05) with the best F1 of the
claims kept (``choose_threshold`` says how a tie is broken). The figures with and without the
veto are those out-of-fold claims: no council's numbers score its own claims.
"""

from __future__ import annotations

import hashlib
import json
import random
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import regex

from pipeline.reference import lexicon
from pipeline.stages import veto as veto_stage

if TYPE_CHECKING:
    import numpy as np
    from numpy.typing import NDArray

ROOT = Path(__file__).resolve().parents[2]
DATA = ROOT / "data" / "veto" / "numbers.jsonl"
CV_FILE = ROOT / "data" / "veto" / "cv.json"
MODEL_FILE = veto_stage.MODEL_FILE
SEED = 20251202
EPOCHS = 10
BATCH = 128
GRID = [round(0.05 * i, 2) for i in range(1, 20)]


@dataclass(frozen=True)
class Row:
    window: str
    start: int
    end: int
    text: str
    label: str  # claim | comparator | negative | optional
    file: str
    council: str

    @property
    def positive(self) -> bool:
        return self.label in ("claim", "comparator")


def read_rows(path: Path = DATA) -> list[Row]:
    rows = []
    with Path(path).open(encoding="utf-8") as lines:
        for number, line in enumerate(lines, 1):
            try:
                row = Row(**json.loads(line))
            except (ValueError, TypeError) as error:
                raise ValueError(f"{path}: line {number}: not a training row ({error})") from None
            if row.window[row.start : row.end] != row.text:
                raise ValueError(f"{path}: line {number}: window[{row.start}:{row.end}] is not {row.text!r}")
            rows.append(row)
    return rows


# ---------------------------------------------------------------------------------------------
# Rows from annotations (data/veto/build.py's collections, and the gold of reviewed reports)

_WORDS = sorted(
    {*lexicon.NUMBER_WORDS, *lexicon.MULTIPLIER_WORDS, *lexicon.ORDINAL_WORDS}, key=len, reverse=True
)
# A number as a reader sees it: "£1,060,812,000", "64.84%", "117th", "2023", "seven"
NUMBER = regex.compile(
    r"£?\d+(?:[.,]\d+)*(?:st|nd|rd|th)?(?:\s?%)?|\b(?:" + "|".join(_WORDS) + r")\b",
    regex.IGNORECASE,
)


def rows_of(
    text: str,
    labelled: list[tuple[int, int, str]],
    file: str,
    council: str,
    skip: Sequence[tuple[int, int]] = (),
) -> list[dict]:
    """Rows for the labelled spans and for every other number of ``text`` (a negative: the
    annotation lists every claim, so a number it does not hold is not one), except numbers
    overlapping a labelled span or one of ``skip``."""
    spans = list(labelled)
    taken = [(a, b) for a, b, _ in labelled] + list(skip)
    for m in NUMBER.finditer(text):
        a, b = m.span()
        if not any(x < b and a < y for x, y in taken):
            spans.append((a, b, "negative"))
    out = []
    for a, b, label in sorted(spans):
        w, start, end = veto_stage.window(text, a, b)
        out.append(
            {
                "window": w,
                "start": start,
                "end": end,
                "text": text[a:b],
                "label": label,
                "file": file,
                "council": council,
            }
        )
    return out


def gold_rows(text: str, gold: dict, file: str, council: str, negatives: bool = False) -> list[dict]:
    """Rows of one gold annotation: its claims and their comparators, its optional numbers,
    and every other number as a negative. ``negatives``: the gold's own negatives at their
    spans too (a review's gold: each is a claim of the extraction a reviewer marked not a
    claim, at the claim's span, which may hold several numbers: "one in five")."""
    labelled = []
    for claim in gold["claims"]:
        labelled.append((claim["start"], claim["end"], "claim"))
        labelled.extend((c["start"], c["end"], "comparator") for c in claim.get("comparators", []))
    labelled.extend((o["start"], o["end"], "optional") for o in gold.get("optional", []))
    if negatives:
        labelled.extend((n["start"], n["end"], "negative") for n in gold.get("negatives", []))
    for a, b, _ in labelled:
        if not 0 <= a < b <= len(text):
            raise ValueError(f"{file}: the span {a}:{b} is outside its text ({len(text)} characters)")
    return rows_of(text, labelled, file, council)


def _gold_text(gold: dict, path: Path, texts: list[Path]) -> str:
    """The text a gold file's offsets index: its ``text_file`` beside it or in a ``texts``
    folder, checked against its ``text_sha256``."""
    from pipeline.files import text_sha256

    name = Path(gold.get("text_file") or f"{path.stem}.txt").name
    candidates = [path.parent / name, *(Path(folder) / name for folder in texts)]
    for candidate in candidates:
        if candidate.is_file():
            text = candidate.read_bytes().decode("utf-8", "surrogatepass")
            if gold.get("text_sha256") in (None, text_sha256(text)):
                return text
    raise ValueError(
        f"{path}: its text {name} (sha256 {str(gold.get('text_sha256'))[:12]}...) "
        f"not found in {', '.join(str(c.parent) for c in candidates)}: give the "
        "folder holding it with --texts"
    )


def gold_dir_rows(folder: Path, texts: Sequence[Path] = ()) -> list[dict]:
    """Rows from every gold file in ``folder`` (``python -m pipeline gold``'s output). Each
    council is the one its text names (so that cross-validation leaves it out with the rest
    of that council's numbers), else the file's stem."""
    return [
        row
        for a in gold_dir_annotations(folder, texts)
        for row in gold_rows(a.text, a.gold, a.file, a.council, negatives=True)
    ]


def gold_dir_annotations(folder: Path, texts: Sequence[Path] = ()) -> list[Annotation]:
    """Every gold file in ``folder`` with its text and council (``gold_dir_rows``): the veto's
    rows and the measure model's (``measure_rows``) are both read from them."""
    from pipeline.stages.segment import segment

    folder = Path(folder)
    if not folder.is_dir():
        raise ValueError(f"--gold {folder}: not a folder")
    out = []
    for path in sorted(folder.glob("*.json")):
        try:
            gold = json.loads(path.read_bytes())
        except ValueError as error:
            raise ValueError(f"{path}: not JSON ({error})") from None
        if not isinstance(gold, dict) or not isinstance(gold.get("claims"), list):
            raise ValueError(f"{path}: not a gold file (no claims list)")
        text = _gold_text(gold, path, list(texts))
        council = segment(text).local_authority or path.stem
        out.append(Annotation(text, gold, f"{folder.name}/{path.name}", council))
    return out


def _shown(path: Path | str) -> str:
    """A model file's path as the figures record it: relative to the repository when inside it,
    so that the committed figures do not name the folder of whoever trained."""
    resolved = Path(path).resolve()
    return str(resolved.relative_to(ROOT)) if resolved.is_relative_to(ROOT) else str(path)


def development_annotations(shared: Path) -> list[Annotation]:
    """The development pages' gold (``SHARED/gold/pages``) with their texts (``SHARED/pages``),
    each page's council from ``SHARED/pages/INDEX.tsv``: what both models' rows are built from
    (``data/veto/build.py``, ``data/measures/build.py``)."""
    import csv

    with (shared / "pages" / "INDEX.tsv").open(encoding="utf-8") as index_file:
        index = {row["file"]: row["council"] for row in csv.DictReader(index_file, delimiter="\t")}
    out = []
    for gold_file in sorted((shared / "gold" / "pages").glob("*.json")):
        page = shared / "pages" / f"{gold_file.stem}.txt"
        gold = json.loads(gold_file.read_text(encoding="utf-8"))
        out.append(
            Annotation(page.read_bytes().decode("utf-8"), gold, f"pages/{page.name}", index[page.name])
        )
    return out


def repository_annotations() -> list[Annotation]:
    """The corpus report's gold (``tests/gold``, its council its own group) and the synthetic
    pages' (``tests/gold/pages``: each page a council of its own, "ashcombe_governance": Ashcombe)."""
    out = []
    for gold_file in sorted((ROOT / "tests" / "gold").glob("*.json")):
        gold = json.loads(gold_file.read_text(encoding="utf-8"))
        text_file = ROOT / "corpus" / Path(gold["text_file"]).name
        council = gold["structure"]["local_authority"]
        out.append(
            Annotation(text_file.read_bytes().decode("utf-8"), gold, f"corpus/{text_file.name}", council)
        )
    for gold_file in sorted((ROOT / "tests" / "gold" / "pages").glob("*.json")):
        gold = json.loads(gold_file.read_text(encoding="utf-8"))
        text = (ROOT / gold["text_file"]).read_text(encoding="utf-8")
        out.append(Annotation(text, gold, gold["text_file"], "synthetic " + gold_file.stem.split("_")[0]))
    return out


class Trainer:
    """Fits models on subsets of one set of rows; each row's feature document is built once."""

    def __init__(self, rows: list[Row]):
        import spacy
        from spacy.tokens import Doc
        from spacy.training import Example

        self.rows = rows
        self.nlp = spacy.blank("en")
        self.examples = [
            Example.from_dict(
                Doc(self.nlp.vocab, words=veto_stage.features(r.window, r.start, r.end)),
                {"cats": {veto_stage.LABEL: float(r.positive)}},
            )
            if r.label != "optional"
            else None
            for r in rows
        ]

    def fit(self, keep=lambda row: True, seed: int = SEED) -> bytes:
        """The weights of a model trained on the rows ``keep`` accepts (optional ones left
        out), as bytes."""
        from spacy.pipeline import TextCategorizer
        from spacy.util import fix_random_seed, minibatch

        fix_random_seed(seed)
        if "veto" in self.nlp.pipe_names:
            self.nlp.remove_pipe("veto")
        textcat = self.nlp.add_pipe(
            "textcat_multilabel", name="veto", config={"model": veto_stage.MODEL_CONFIG}
        )
        assert isinstance(textcat, TextCategorizer)  # add_pipe is typed as any component's callable
        textcat.add_label(veto_stage.LABEL)
        examples = [e for e, r in zip(self.examples, self.rows) if e is not None and keep(r)]
        textcat.initialize(lambda: examples, nlp=self.nlp)
        optimizer = textcat.create_optimizer()
        shuffle = random.Random(seed)
        for _ in range(EPOCHS):
            order = list(examples)
            shuffle.shuffle(order)
            for batch in minibatch(order, size=BATCH):
                textcat.update(batch, sgd=optimizer, drop=0.0)
        return textcat.model.to_bytes()


def fit(rows: list[Row], seed: int = SEED) -> bytes:
    """The weights of a model trained on ``rows`` (optional ones left out), as bytes."""
    return Trainer(rows).fit(seed=seed)


def model_bytes(weights: bytes, threshold: float, rows: list[Row]) -> bytes:
    import srsly

    return srsly.msgpack_dumps(
        {
            "format": veto_stage.FORMAT,
            "threshold": threshold,
            "trained_on": {
                "numbers": sum(r.label != "optional" for r in rows),
                "quantities": sum(r.positive for r in rows),
                "councils": len({r.council for r in rows}),
                "seed": SEED,
                "epochs": EPOCHS,
            },
            "weights": weights,
        }
    )


# --- cross-validation -------------------------------------------------------------------------


@dataclass(frozen=True)
class Judged:
    """One row whose number the rules keep as a claim, scored by a model that never saw its council."""

    row: Row
    score: float
    exempt: bool


def rule_claims(rows: list[Row]) -> dict[int, tuple]:
    """For each row whose number the rules keep as a claim in its window: (window, start, end
    of the rules' claim, exempt). Keyed by the row's index."""
    from pipeline.models import Document, Overall
    from pipeline.stages.claims import extract_claims
    from pipeline.stages.measures import assign_measures

    found: dict[str, list] = {}
    out = {}
    for i, row in enumerate(rows):
        claims = found.get(row.window)
        if claims is None:
            document = Document(text_length=len(row.window), overall=Overall())
            claims = found[row.window] = assign_measures(
                row.window, extract_claims(row.window, document, "0" * 64)
            )
        for claim in claims:
            if claim.start < row.end and row.start < claim.end:
                out[i] = (row.window, claim.start, claim.end, veto_stage.exempt(claim))
                break
    return out


def cross_validate(rows: list[Row], progress=None) -> list[Judged]:
    """Leave-one-council-out: each council's rule claims scored by a model trained on the others."""
    import srsly

    claimed = rule_claims(rows)
    trainer = Trainer(rows)
    councils = sorted({r.council for r in rows})
    judged = []
    for n, council in enumerate(councils, 1):
        held = [i for i in claimed if rows[i].council == council]
        if not held:
            continue
        weights = trainer.fit(lambda row, council=council: row.council != council)
        model = veto_stage.model_from_bytes(
            srsly.msgpack_dumps({"format": veto_stage.FORMAT, "threshold": 0.5, "weights": weights})
        )
        scores = model.score([claimed[i][:3] for i in held])
        judged += [Judged(rows[i], s, claimed[i][3]) for i, s in zip(held, scores)]
        if progress:
            progress(f"{n}/{len(councils)} {council}: {len(held)} claims")
    return judged


def figures(rows: list[Row], judged: list[Judged], threshold: float | None) -> dict:
    """Precision and recall of the claims kept (all the rules' claims when ``threshold`` is None)."""
    kept = [j for j in judged if threshold is None or j.exempt or j.score >= threshold]
    dropped = [j for j in judged if not (threshold is None or j.exempt or j.score >= threshold)]
    scored = [j for j in kept if j.row.label != "optional"]
    true = sum(j.row.label == "claim" for j in scored)
    claims = sum(r.label == "claim" for r in rows)
    precision = true / len(scored) if scored else 0.0
    recall = true / claims if claims else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {
        "threshold": threshold,
        "claims_kept": len(scored),
        "true": true,
        "false": len(scored) - true,
        "gold_claims": claims,
        "precision": round(precision, 4),
        "recall": round(recall, 4),
        "f1": round(f1, 4),
        "true_vetoed": sum(j.row.label == "claim" for j in dropped),
        "false_vetoed": sum(j.row.label not in ("claim", "optional") for j in dropped),
    }


def choose_threshold(rows: list[Row], judged: list[Judged]) -> float:
    """The grid's threshold with the best out-of-fold F1 (to three places); on a tie, the
    highest: the rules were written on these same pages, so their false claims are rarer here
    than on a council's report nobody has read, and at equal F1 here the stricter veto is the
    better bet there."""
    return max(GRID, key=lambda t: (round(figures(rows, judged, t)["f1"], 3), t))


def training_rows(data: Path = DATA, gold: Sequence[Path] = (), texts: Sequence[Path] = ()) -> list[Row]:
    """The rows of ``data`` and of every ``gold`` folder, in that order; a number a review's
    gold holds and ``data`` holds too (the same window and span) is taken from the gold, whose
    reviewer has the last word."""
    rows = read_rows(data)
    extra = [Row(**row) for folder in gold for row in gold_dir_rows(folder, texts)]
    if not extra:
        return rows
    reviewed = {(r.window, r.start, r.end) for r in extra}
    return [r for r in rows if (r.window, r.start, r.end) not in reviewed] + extra


def train(
    data: Path = DATA,
    out: Path = veto_stage.MODEL_FILE,
    cv_out: Path | None = CV_FILE,
    progress=None,
    threshold: float | None = None,
    gold: Sequence[Path] = (),
    texts: Sequence[Path] = (),
) -> dict:
    """Cross-validate, choose the threshold, fit on every row, write the model (and the figures).

    ``gold``: folders of reviewed reports' gold (``python -m pipeline gold``) whose numbers join
    the training rows (``training_rows``); the threshold is then chosen again by the same
    cross-validation. With ``threshold`` given, no cross-validation: the model is fitted and
    written with it (what the tests do to check that the committed model is reproduced, with
    the committed figures' threshold)."""
    from pipeline.files import write_atomic

    rows = training_rows(data, gold, texts)
    if threshold is not None:
        content = model_bytes(fit(rows), threshold, rows)
        write_atomic(Path(out), content)
        return {"model": _shown(out), "sha256": hashlib.sha256(content).hexdigest(), "threshold": threshold}
    judged = cross_validate(rows, progress)
    threshold = choose_threshold(rows, judged)
    content = model_bytes(fit(rows), threshold, rows)
    write_atomic(Path(out), content)
    result = {
        "model": _shown(out),
        "sha256": hashlib.sha256(content).hexdigest(),
        "threshold": threshold,
        "numbers": sum(r.label != "optional" for r in rows),
        "councils": len({r.council for r in rows}),
        "rules_alone": figures(rows, judged, None),
        "with_veto": figures(rows, judged, threshold),
        "by_threshold": [figures(rows, judged, t) for t in GRID],
        "vetoed": [
            {
                "text": j.row.text,
                "label": j.row.label,
                "score": round(j.score, 3),
                "file": j.row.file,
                "context": j.row.window[max(0, j.row.start - 60) : j.row.end + 40],
            }
            for j in judged
            if not j.exempt and j.score < threshold
        ],
    }
    if cv_out is not None:
        write_atomic(Path(cv_out), (json.dumps(result, indent=1, ensure_ascii=False) + "\n").encode("utf-8"))
    return result


def format_result(result: dict) -> str:
    if "rules_alone" not in result:
        return f"model {result['model']} (sha256 {result['sha256']}), threshold {result['threshold']} (given)"
    a, b = result["rules_alone"], result["with_veto"]
    lines = [
        f"model {result['model']} (sha256 {result['sha256']}), threshold {result['threshold']}",
        f"trained on {result['numbers']} numbers of {result['councils']} councils",
        "leave-one-council-out, the rules' claims:",
        f"  rules alone:      precision {a['precision']:.3f}  recall {a['recall']:.3f}  "
        f"({a['false']} false of {a['claims_kept']})",
        f"  rules, then veto: precision {b['precision']:.3f}  recall {b['recall']:.3f}  "
        f"({b['false']} false of {b['claims_kept']}; vetoed {b['false_vetoed']} false, {b['true_vetoed']} true)",
    ]
    return "\n".join(lines)


# --- the measure model ------------------------------------------------------------------------
#
# ``python -m pipeline train`` also trains the measure model (``pipeline.stages.measure_model``)
# from ``data/measures/rows.jsonl`` (written by ``data/measures/build.py`` with ``measure_rows``
# and ``synthetic_rows`` below). Each row is one claim as the pipeline finds it (its clause's
# words, unit, comparators' kinds, cited dataset), labelled with the gold's measure or "none".
# The threshold is chosen by leave-one-council-out cross-validation: each council's claims that
# the rules leave open are scored by a model trained on every other row; the threshold kept is
# the lowest on the grid at which the false ids are at most ``MEASURE_FALSE_SHARE`` of the
# claims the model names (a wrong id in an analyst's table is worse than an empty cell).

MEASURE_DATA = ROOT / "data" / "measures" / "rows.jsonl"
MEASURE_CV_FILE = ROOT / "data" / "measures" / "cv.json"
MEASURE_GRID = [round(0.05 * i, 2) for i in range(6, 20)]  # 0.30 .. 0.95
MEASURE_FALSE_SHARE = 0.01
# Rows of these groups are never held out: they are no council's report
SYNTHETIC_GROUPS = ("catalogue", "paraphrases", "tests")


@dataclass(frozen=True)
class MeasureRow:
    before: str
    after: str
    unit: str
    kinds: tuple[str, ...]
    dataset: str | None
    value: float
    text: str
    label: str  # a catalogue id, or measure_model.NONE
    rule: str | None  # the rules' measure
    open: bool  # the rules gave none and ruled none out: the model may name one
    rejected: tuple[str, ...]  # the measures its words name that the rules found do not fit
    file: str
    council: str

    def reading(self):
        from pipeline.stages.measure_model import Reading

        return Reading(
            self.before, self.after, self.unit, tuple(self.kinds), self.dataset, frozenset(self.rejected)
        )


@dataclass(frozen=True)
class Annotation:
    """One annotated text: its gold (shared/gold/GUIDE.md's format), and the group that
    cross-validation leaves out together (the council)."""

    text: str
    gold: dict
    file: str
    council: str


def _pipeline_claims(text: str) -> list:
    from pipeline.models import Document, Overall
    from pipeline.stages.claims import extract_claims
    from pipeline.stages.measures import assign_measures

    document = Document(text_length=len(text), overall=Overall())
    return assign_measures(text, extract_claims(text, document, "0" * 64))


def _rows_of_claims(text: str, labels: dict[str, str], file: str, council: str) -> list[MeasureRow]:
    """Rows for the claims whose ids ``labels`` maps to a label, as the pipeline reads them."""
    from pipeline.stages.measure_model import reading
    from pipeline.stages.measures import clauses

    claims = _pipeline_claims(text)
    every = clauses(text, claims)
    open_ids = set(clauses(text, claims, open_only=True))
    rows = []
    for claim_id, label in labels.items():
        claim, before, after, rejected = every[claim_id]
        r = reading(claim, before, after)
        rows.append(
            MeasureRow(
                r.before,
                r.after,
                r.unit,
                r.kinds,
                r.dataset,
                claim.value,
                claim.text,
                label,
                claim.measure,
                claim_id in open_ids,
                tuple(sorted(rejected)),
                file,
                council,
            )
        )
    return rows


def measure_rows(annotations: list[Annotation]) -> list[MeasureRow]:
    """A row for each claim the pipeline finds in an annotated text: labelled with the gold
    claim's measure (or "none") when it is a gold claim annotated with a measure key, "none"
    when it is no gold value at all (not a claim: the rules' mistake, never a measure); gold
    comparators, optional spans and claims annotated before measures are left out."""
    from pipeline.stages.measure_model import NONE

    rows: list[MeasureRow] = []
    for a in annotations:
        claims = _pipeline_claims(a.text)
        gold_claims = a.gold.get("claims") or []
        others = [c for g in gold_claims for c in g.get("comparators") or []] + list(
            a.gold.get("optional") or []
        )
        labels: dict[str, str] = {}
        for claim in claims:
            match = next(
                (
                    g
                    for g in gold_claims
                    if g["start"] < claim.end
                    and claim.start < g["end"]
                    and abs(g["value"] - claim.value) < 1e-6 * max(1, abs(claim.value))
                ),
                None,
            )
            if match is not None:
                if "measure" in match:
                    labels[claim.id] = match["measure"] or NONE
            elif not any(o["start"] < claim.end and claim.start < o["end"] for o in others):
                labels[claim.id] = NONE
        rows += _rows_of_claims(a.text, labels, a.file, a.council)
    return rows


# Sentences that state each kind of claim's measure in words of their own: "[value]" marks the
# claim. (label, sentence) lines of data/measures/paraphrases.txt: "id<TAB>sentence".
def _marked(sentence: str) -> tuple[str, int, int]:
    start = sentence.index("[")
    end = sentence.index("]", start)
    return sentence[:start] + sentence[start + 1 : end] + sentence[end + 1 :], start, end - 1


def sentence_rows(labelled: list[tuple[str, str]], group: str, file: str) -> list[MeasureRow]:
    """Rows from (label, sentence with its claim in [brackets]); a sentence whose marked value
    the claims stage does not keep as a claim is skipped (and named: ValueError)."""
    rows = []
    for label, sentence in labelled:
        text, start, end = _marked(sentence)
        claims = _pipeline_claims(text)
        claim = next((c for c in claims if c.start < end and start < c.end), None)
        if claim is None:
            raise ValueError(f"{file}: no claim at [{text[start:end]}] in {sentence!r}")
        rows += _rows_of_claims(text, {claim.id: label}, file, group)
    return rows


def catalogue_rows() -> list[MeasureRow]:
    """Each catalogue measure's own wording (its name), as a claim of its unit."""
    from pipeline.reference.catalogue import CATALOGUE

    templates = {
        "percent": ("In the area, [61.5%] of {name}.", "The share of {name} was [48.2%]."),
        "count": ("The {name} was [213,400].", "There were [8,150] {name}."),
        "per_100k": ("The rate of {name} was [512.3] per 100,000 adults.",),
        "score": ("The {name} was [6].", "A {name} of [7.2] was reported."),
        "rank": ("The area ranked [42nd] on {name}.",),
    }
    labelled = []
    for m in CATALOGUE:
        name = m.name.split(" (")[0] if m.unit != "percent" else m.name
        labelled += [(m.id, t.format(name=name)) for t in templates[m.unit]]
    return sentence_rows(labelled, "catalogue", "pipeline/reference/catalogue.py")


def read_paraphrases(path: Path) -> list[tuple[str, str]]:
    out = []
    for line in Path(path).read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            label, sentence = line.split("\t", 1)
            out.append((label.strip(), sentence.strip()))
    return out


def write_measure_rows(rows: list[MeasureRow], path: Path = MEASURE_DATA) -> None:
    from dataclasses import asdict

    from pipeline.files import write_atomic

    lines = [json.dumps(asdict(r), ensure_ascii=False, sort_keys=True) for r in rows]
    write_atomic(Path(path), ("\n".join(lines) + "\n").encode("utf-8"))


def read_measure_rows(path: Path = MEASURE_DATA) -> list[MeasureRow]:
    rows = []
    with Path(path).open(encoding="utf-8") as lines:
        for number, line in enumerate(lines, 1):
            try:
                fields = json.loads(line)
                fields["kinds"] = tuple(fields["kinds"])
                fields["rejected"] = tuple(fields["rejected"])
                rows.append(MeasureRow(**fields))
            except (ValueError, TypeError, KeyError) as error:
                raise ValueError(f"{path}: line {number}: not a measure row ({error})") from None
    return rows


def measure_labels() -> list[str]:
    from pipeline.reference.catalogue import CATALOGUE
    from pipeline.stages.measure_model import NONE

    return sorted(m.id for m in CATALOGUE) + [NONE]


MEASURE_MIN_COUNT = 2  # a feature is a column when at least this many training rows have it
MEASURE_STEPS = 200  # full-batch Adam steps
MEASURE_RATE = 0.1
MEASURE_L2 = 1e-3


@dataclass(frozen=True)
class MeasureWeights:
    vocabulary: list[str]
    weights: NDArray[np.float32]  # (features, labels)
    bias: NDArray[np.float32]  # (labels,)


class MeasureTrainer:
    """Fits measure models on subsets of one set of rows (each row's features built once).

    A softmax regression fitted by full-batch Adam from zero weights: no randomness at all, so
    the same rows give the same bytes (the order of rows and of the vocabulary is fixed)."""

    def __init__(self, rows: list[MeasureRow]):
        from pipeline.stages.measure_model import feature_set

        self.rows = rows
        self.labels = measure_labels()
        self.features = [sorted(feature_set(r.reading())) for r in rows]
        self.targets = [self.labels.index(r.label) for r in rows]

    def fit(self, keep=lambda row: True) -> MeasureWeights:
        import numpy as np

        chosen = [i for i, r in enumerate(self.rows) if keep(r)]
        counts: dict[str, int] = {}
        for i in chosen:
            for f in self.features[i]:
                counts[f] = counts.get(f, 0) + 1
        vocabulary = sorted(f for f, n in counts.items() if n >= MEASURE_MIN_COUNT)
        column = {f: j for j, f in enumerate(vocabulary)}
        entries = [(k, column[f]) for k, i in enumerate(chosen) for f in self.features[i] if f in column]
        n, v, labels = len(chosen), len(vocabulary), len(self.labels)
        # Sparse sums without scipy: the entries in row order, summed per row by reduceat (every
        # row also has the bias column, so none is empty), and in column order per column
        # (every column of the vocabulary occurs in at least MEASURE_MIN_COUNT rows)
        rows_at = np.array([k for k, _ in entries] + list(range(n)), dtype=np.int64)
        cols_at = np.array([j for _, j in entries] + [v] * n, dtype=np.int64)  # column v: the bias
        by_row = np.lexsort((cols_at, rows_at))
        row_r, col_r = rows_at[by_row], cols_at[by_row]
        row_starts = np.flatnonzero(np.r_[True, row_r[1:] != row_r[:-1]])
        by_col = np.lexsort((rows_at, cols_at))
        row_c, col_c = rows_at[by_col], cols_at[by_col]
        col_starts = np.flatnonzero(np.r_[True, col_c[1:] != col_c[:-1]])
        truth = np.zeros((n, labels), dtype=np.float32)
        truth[np.arange(n), [self.targets[i] for i in chosen]] = 1.0
        params = np.zeros((v + 1, labels), dtype=np.float32)  # the last row: the bias
        # float32 throughout (NumPy 2 keeps an array's dtype times a Python float); the stubs
        # widen such a product to float64
        m1: NDArray[np.floating] = np.zeros_like(params)
        m2: NDArray[np.floating] = np.zeros_like(params)
        beta1, beta2, eps = 0.9, 0.999, 1e-8
        for step in range(1, MEASURE_STEPS + 1):
            logits = np.add.reduceat(params[col_r], row_starts, axis=0)
            logits -= logits.max(axis=1, keepdims=True)
            probs = np.exp(logits)
            probs /= probs.sum(axis=1, keepdims=True)
            error = (probs - truth) / n
            grad = np.add.reduceat(error[row_c], col_starts, axis=0)
            grad[:v] += MEASURE_L2 * params[:v]
            m1 = beta1 * m1 + (1 - beta1) * grad
            m2 = beta2 * m2 + (1 - beta2) * grad * grad
            params -= (
                MEASURE_RATE * (m1 / (1 - beta1**step)) / (np.sqrt(m2 / (1 - beta2**step)) + eps)
            ).astype(np.float32)
        weights, bias = params[:v], params[v]
        return MeasureWeights(
            vocabulary, np.ascontiguousarray(weights, dtype="<f4"), np.ascontiguousarray(bias, dtype="<f4")
        )


def measure_model_bytes(fitted: MeasureWeights, threshold: float, rows: list[MeasureRow]) -> bytes:
    import srsly

    from pipeline.stages.measure_model import FORMAT

    return srsly.msgpack_dumps(
        {
            "format": FORMAT,
            "threshold": threshold,
            "labels": measure_labels(),
            "trained_on": {
                "rows": len(rows),
                "measured": sum(r.label != "none" for r in rows),
                "councils": len({r.council for r in rows if r.council not in SYNTHETIC_GROUPS}),
                "min_count": MEASURE_MIN_COUNT,
                "steps": MEASURE_STEPS,
                "rate": MEASURE_RATE,
                "l2": MEASURE_L2,
            },
            "vocabulary": fitted.vocabulary,
            "weights": fitted.weights.tobytes(),
            "bias": fitted.bias.tobytes(),
        }
    )


@dataclass(frozen=True)
class Scored:
    row: MeasureRow
    scores: dict


def measure_cross_validate(rows: list[MeasureRow], progress=None) -> list[Scored]:
    """Leave-one-council-out: every council's rows scored by a model trained on all other rows."""
    from pipeline.stages.measure_model import model_from_bytes

    trainer = MeasureTrainer(rows)
    councils = sorted({r.council for r in rows} - set(SYNTHETIC_GROUPS))
    out = []
    for n, council in enumerate(councils, 1):
        held = [r for r in rows if r.council == council]
        fitted = trainer.fit(lambda row, council=council: row.council != council)
        model = model_from_bytes(measure_model_bytes(fitted, 0.5, rows))
        out += [Scored(r, s) for r, s in zip(held, model.scores([r.reading() for r in held]))]
        if progress:
            progress(f"measures {n}/{len(councils)} {council}: {len(held)} claims")
    return out


def measure_figures(scored: list[Scored], threshold: float, open_only: bool = True) -> dict:
    """What the model names at ``threshold`` among the held-out rows (the open ones: where it acts)."""
    from pipeline.stages.measure_model import NONE, choose

    named = right = missed = 0
    false = []
    for s in scored:
        if open_only and not s.row.open:
            continue
        chosen = choose(s.scores, s.row.unit, s.row.value, threshold, frozenset(s.row.rejected))
        if chosen is None:
            missed += s.row.label != NONE
            continue
        named += 1
        if chosen[0] == s.row.label:
            right += 1
        else:
            false.append(
                {
                    "text": s.row.text,
                    "named": chosen[0],
                    "gold": s.row.label,
                    "score": round(chosen[1], 3),
                    "file": s.row.file,
                    "words": f"{s.row.before[-60:]}[{s.row.text}]{s.row.after[:60]}",
                }
            )
    considered = [s for s in scored if s.row.open or not open_only]
    return {
        "threshold": threshold,
        "claims": len(considered),
        "gold_measures": sum(s.row.label != NONE for s in considered),
        "named": named,
        "right": right,
        "false": len(false),
        "missed": missed,
        "false_share": round(len(false) / named, 4) if named else 0.0,
        "false_ids": false,
    }


def choose_measure_threshold(scored: list[Scored]) -> float:
    """The lowest grid threshold whose out-of-fold false ids are at most ``MEASURE_FALSE_SHARE``
    of the claims the model names (among the claims the rules leave open); 1.0 (the model names
    nothing) when none is."""
    for t in MEASURE_GRID:
        f = measure_figures(scored, t)
        if f["false"] <= MEASURE_FALSE_SHARE * f["named"]:
            return t
    return 1.0


def train_measures(
    rows: list[MeasureRow],
    out: Path | None = None,
    cv_out: Path | None = MEASURE_CV_FILE,
    progress=None,
    threshold: float | None = None,
) -> dict:
    """Cross-validate (unless ``threshold`` is given), fit on every row, write the model."""
    import hashlib

    from pipeline.files import write_atomic
    from pipeline.stages.measure_model import MODEL_FILE as MEASURE_MODEL_FILE

    out = Path(out or MEASURE_MODEL_FILE)
    result: dict = {"model": _shown(out), "rows": len(rows)}
    if threshold is None:
        scored = measure_cross_validate(rows, progress)
        threshold = choose_measure_threshold(scored)
        result["cross_validated"] = measure_figures(scored, threshold)
        result["alone_on_every_claim"] = {
            k: v for k, v in measure_figures(scored, threshold, open_only=False).items() if k != "false_ids"
        }
        result["by_threshold"] = [
            {k: v for k, v in measure_figures(scored, t).items() if k != "false_ids"} for t in MEASURE_GRID
        ]
    content = measure_model_bytes(MeasureTrainer(rows).fit(), threshold, rows)
    write_atomic(out, content)
    result.update(sha256=hashlib.sha256(content).hexdigest(), threshold=threshold)
    if cv_out is not None and "cross_validated" in result:
        write_atomic(Path(cv_out), (json.dumps(result, indent=1, ensure_ascii=False) + "\n").encode("utf-8"))
    return result


def format_measure_result(result: dict) -> str:
    lines = [f"measure model {result['model']} (sha256 {result['sha256']}), threshold {result['threshold']}"]
    if "cross_validated" in result:
        f, a = result["cross_validated"], result["alone_on_every_claim"]
        lines += [
            f"trained on {result['rows']} claims; leave-one-council-out, the claims the rules leave open:",
            f"  named {f['named']} of {f['claims']} ({f['right']} right, {f['false']} false id(s)); "
            f"{f['missed']} gold measure(s) still unnamed",
            f"  alone on every claim: named {a['named']} of {a['claims']}, {a['right']} right, {a['false']} false "
            f"({a['gold_measures']} gold measures)",
        ]
    return "\n".join(lines)
