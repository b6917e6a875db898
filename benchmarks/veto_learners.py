"""The veto's learner, measured: spaCy's TextCatBOW (what the pipeline uses) against
scikit-learn's LogisticRegression on the same feature words, leave-one-council-out on
data/veto/numbers.jsonl. Prints, for each: the out-of-fold ranking quality over every number
(ROC AUC, quantities against the rest), the figures of the rules' claims with its own
cross-validated threshold, fit seconds per fold, and the seconds to score 150 claims.

scikit-learn is not a dependency of the project; run with it on the path, e.g.
``pip install --target /tmp/sk scikit-learn && PYTHONPATH=.:/tmp/sk python benchmarks/veto_learners.py``.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from pipeline.quality import train  # noqa: E402
from pipeline.stages import veto  # noqa: E402


def auc(scores: list[float], labels: list[bool]) -> float:
    pos = [s for s, y in zip(scores, labels) if y]
    neg = [s for s, y in zip(scores, labels) if not y]
    wins = sum((p > n) + 0.5 * (p == n) for p in pos for n in neg)
    return wins / (len(pos) * len(neg))


def sklearn_learner(rows):
    from sklearn.feature_extraction import FeatureHasher
    from sklearn.linear_model import LogisticRegression

    hasher = FeatureHasher(n_features=2**16, input_type="string", alternate_sign=False)

    def words(r):
        f = veto.features(r.window, r.start, r.end)
        return f + [a + " " + b for a, b in zip(f, f[1:])]  # the same unigrams and bigrams

    matrix = hasher.transform(words(r) for r in rows)

    def fit(keep):
        idx = [i for i, r in enumerate(rows) if keep(r) and r.label != "optional"]
        model = LogisticRegression(C=1.0, solver="liblinear", random_state=train.SEED)
        model.fit(matrix[idx], [rows[i].positive for i in idx])
        return lambda items: model.predict_proba(
            hasher.transform(
                veto.features(w, a, b)
                + [x + " " + y for x, y in zip(veto.features(w, a, b), veto.features(w, a, b)[1:])]
                for w, a, b in items
            )
        )[:, 1].tolist()

    return fit


def spacy_learner(rows):
    import srsly

    trainer = train.Trainer(rows)

    def fit(keep):
        weights = trainer.fit(keep)
        model = veto.model_from_bytes(
            srsly.msgpack_dumps({"format": veto.FORMAT, "threshold": 0.5, "weights": weights})
        )
        return model.score

    return fit


def measure(name, make, rows, claimed):
    fit = make(rows)
    councils = sorted({r.council for r in rows})
    oof: dict[int, float] = {}
    judged = []
    seconds = []
    for council in councils:
        started = time.perf_counter()
        score = fit(lambda r, council=council: r.council != council)
        seconds.append(time.perf_counter() - started)
        held = [i for i, r in enumerate(rows) if r.council == council and r.label != "optional"]
        for i, s in zip(held, score([(rows[i].window, rows[i].start, rows[i].end) for i in held])):
            oof[i] = s
        mine = [i for i in claimed if rows[i].council == council]
        if not mine:
            continue
        judged += [
            train.Judged(rows[i], s, claimed[i][3])
            for i, s in zip(mine, score([claimed[i][:3] for i in mine]))
        ]
    items = [(rows[i].window, rows[i].start, rows[i].end) for i in list(claimed)[:150]]
    score(items)
    started = time.perf_counter()
    for _ in range(5):
        score(items)
    per_batch = (time.perf_counter() - started) / 5
    threshold = train.choose_threshold(rows, judged)
    a, b = train.figures(rows, judged, None), train.figures(rows, judged, threshold)
    keys = sorted(oof)
    print(
        f"{name}: AUC {auc([oof[i] for i in keys], [rows[i].positive for i in keys]):.4f}; "
        f"threshold {threshold}: precision {a['precision']:.4f} -> {b['precision']:.4f}, "
        f"recall {a['recall']:.4f} -> {b['recall']:.4f} (vetoed {b['false_vetoed']} false, "
        f"{b['true_vetoed']} true); fit {sum(seconds) / len(seconds):.2f} s a fold; "
        f"150 claims scored in {per_batch * 1000:.1f} ms"
    )


def main() -> None:
    rows = train.read_rows()
    claimed = train.rule_claims(rows)
    measure("scikit-learn LogisticRegression", sklearn_learner, rows, claimed)
    measure("spaCy TextCatBOW", spacy_learner, rows, claimed)


if __name__ == "__main__":
    main()
