"""Training the veto's model: ``python -m pipeline train [--data FILE] [--out FILE]``.

Input: ``data/veto/numbers.jsonl`` (written by ``data/veto/build.py`` from the repository's and
the development pages' annotations: one number per line with its window, span, label, file and
council). Output: the model file (``pipeline/reference/veto/model.msgpack``) and the
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

import json
import random
from dataclasses import dataclass
from pathlib import Path

from pipeline.stages import veto as veto_stage

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
            if row.window[row.start:row.end] != row.text:
                raise ValueError(f"{path}: line {number}: window[{row.start}:{row.end}] is not {row.text!r}")
            rows.append(row)
    return rows


class Trainer:
    """Fits models on subsets of one set of rows; each row's feature document is built once."""

    def __init__(self, rows: list[Row]):
        import spacy
        from spacy.tokens import Doc
        from spacy.training import Example

        self.rows = rows
        self.nlp = spacy.blank("en")
        self.examples = [
            Example.from_dict(Doc(self.nlp.vocab, words=veto_stage.features(r.window, r.start, r.end)),
                              {"cats": {veto_stage.LABEL: float(r.positive)}})
            if r.label != "optional" else None
            for r in rows
        ]

    def fit(self, keep=lambda row: True, seed: int = SEED) -> bytes:
        """The weights of a model trained on the rows ``keep`` accepts (optional ones left
        out), as bytes."""
        from spacy.util import fix_random_seed, minibatch

        fix_random_seed(seed)
        if "veto" in self.nlp.pipe_names:
            self.nlp.remove_pipe("veto")
        textcat = self.nlp.add_pipe("textcat_multilabel", name="veto",
                                    config={"model": veto_stage.MODEL_CONFIG})
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

    return srsly.msgpack_dumps({
        "format": veto_stage.FORMAT,
        "threshold": threshold,
        "trained_on": {"numbers": sum(r.label != "optional" for r in rows),
                       "quantities": sum(r.positive for r in rows),
                       "councils": len({r.council for r in rows}), "seed": SEED, "epochs": EPOCHS},
        "weights": weights,
    })


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
                row.window, extract_claims(row.window, document, "0" * 64))
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
        weights = trainer.fit(lambda row: row.council != council)
        model = veto_stage.model_from_bytes(srsly.msgpack_dumps(
            {"format": veto_stage.FORMAT, "threshold": 0.5, "weights": weights}))
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
    return {"threshold": threshold, "claims_kept": len(scored), "true": true, "false": len(scored) - true,
            "gold_claims": claims, "precision": round(precision, 4), "recall": round(recall, 4),
            "f1": round(f1, 4),
            "true_vetoed": sum(j.row.label == "claim" for j in dropped),
            "false_vetoed": sum(j.row.label not in ("claim", "optional") for j in dropped)}


def choose_threshold(rows: list[Row], judged: list[Judged]) -> float:
    """The grid's threshold with the best out-of-fold F1 (to three places); on a tie, the
    highest: the rules were written on these same pages, so their false claims are rarer here
    than on a council's report nobody has read, and at equal F1 here the stricter veto is the
    better bet there."""
    return max(GRID, key=lambda t: (round(figures(rows, judged, t)["f1"], 3), t))


def train(data: Path = DATA, out: Path = veto_stage.MODEL_FILE, cv_out: Path | None = CV_FILE,
          progress=None, threshold: float | None = None) -> dict:
    """Cross-validate, choose the threshold, fit on every row, write the model (and the figures).

    With ``threshold`` given, no cross-validation: the model is fitted and written with it
    (what the tests do to check that the committed model is reproduced, with the committed
    figures' threshold)."""
    import hashlib

    from pipeline.files import write_atomic

    rows = read_rows(data)
    if threshold is not None:
        content = model_bytes(fit(rows), threshold, rows)
        write_atomic(Path(out), content)
        return {"model": str(out), "sha256": hashlib.sha256(content).hexdigest(), "threshold": threshold}
    judged = cross_validate(rows, progress)
    threshold = choose_threshold(rows, judged)
    content = model_bytes(fit(rows), threshold, rows)
    write_atomic(Path(out), content)
    result = {
        "model": str(out), "sha256": hashlib.sha256(content).hexdigest(), "threshold": threshold,
        "numbers": sum(r.label != "optional" for r in rows), "councils": len({r.council for r in rows}),
        "rules_alone": figures(rows, judged, None),
        "with_veto": figures(rows, judged, threshold),
        "by_threshold": [figures(rows, judged, t) for t in GRID],
        "vetoed": [{"text": j.row.text, "label": j.row.label, "score": round(j.score, 3), "file": j.row.file,
                    "context": j.row.window[max(0, j.row.start - 60):j.row.end + 40]}
                   for j in judged if not j.exempt and j.score < threshold],
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
