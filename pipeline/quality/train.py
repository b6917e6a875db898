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
from dataclasses import dataclass
from pathlib import Path

import regex

from pipeline.reference import lexicon
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


# ---------------------------------------------------------------------------------------------
# Rows from annotations (data/veto/build.py's collections, and the gold of reviewed reports)

_WORDS = sorted({*lexicon.NUMBER_WORDS, *lexicon.MULTIPLIER_WORDS, *lexicon.ORDINAL_WORDS},
                key=len, reverse=True)
# A number as a reader sees it: "£1,060,812,000", "64.84%", "117th", "2023", "seven"
NUMBER = regex.compile(
    r"£?\d+(?:[.,]\d+)*(?:st|nd|rd|th)?(?:\s?%)?|\b(?:" + "|".join(_WORDS) + r")\b",
    regex.IGNORECASE,
)


def rows_of(text: str, labelled: list[tuple[int, int, str]], file: str, council: str,
            skip: list[tuple[int, int]] = ()) -> list[dict]:
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
        out.append({"window": w, "start": start, "end": end, "text": text[a:b],
                    "label": label, "file": file, "council": council})
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
    raise ValueError(f"{path}: its text {name} (sha256 {str(gold.get('text_sha256'))[:12]}...) "
                     f"not found in {', '.join(str(c.parent) for c in candidates)}: give the "
                     "folder holding it with --texts")


def gold_dir_rows(folder: Path, texts: list[Path] = ()) -> list[dict]:
    """Rows from every gold file in ``folder`` (``python -m pipeline gold``'s output). Each
    council is the one its text names (so that cross-validation leaves it out with the rest
    of that council's numbers), else the file's stem."""
    from pipeline.stages.segment import segment

    folder = Path(folder)
    if not folder.is_dir():
        raise ValueError(f"--gold {folder}: not a folder")
    rows = []
    for path in sorted(folder.glob("*.json")):
        try:
            gold = json.loads(path.read_bytes())
        except ValueError as error:
            raise ValueError(f"{path}: not JSON ({error})") from None
        if not isinstance(gold, dict) or not isinstance(gold.get("claims"), list):
            raise ValueError(f"{path}: not a gold file (no claims list)")
        text = _gold_text(gold, path, list(texts))
        council = segment(text).local_authority or path.stem
        rows += gold_rows(text, gold, f"{folder.name}/{path.name}", council, negatives=True)
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


def training_rows(data: Path = DATA, gold: list[Path] = (), texts: list[Path] = ()) -> list[Row]:
    """The rows of ``data`` and of every ``gold`` folder, in that order; a number a review's
    gold holds and ``data`` holds too (the same window and span) is taken from the gold, whose
    reviewer has the last word."""
    rows = read_rows(data)
    extra = [Row(**row) for folder in gold for row in gold_dir_rows(folder, texts)]
    if not extra:
        return rows
    reviewed = {(r.window, r.start, r.end) for r in extra}
    return [r for r in rows if (r.window, r.start, r.end) not in reviewed] + extra


def train(data: Path = DATA, out: Path = veto_stage.MODEL_FILE, cv_out: Path | None = CV_FILE,
          progress=None, threshold: float | None = None, gold: list[Path] = (),
          texts: list[Path] = ()) -> dict:
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
