"""The veto: a learned second opinion on every claim the rules keep.

Input: the report's text and its claims (after the measures stage). Output: ``Vetoed``, the
claims kept, the claims dropped, and every claim's score: the probability, from a small model
over the words around the number, that the number is a quantity the report asserts (a claim
or a comparator) rather than structure (an age, a scale anchor, a model's name, a date).

A claim scored below the model's threshold is dropped, unless the rules found more than the
number itself: a claim linked to a comparator (its cue, "England average of", "target of",
"from ... to", named what it is compared with), one that reports a catalogued measure (its
words name a published measure) or one kept by a claims rule that names a cue ("the longest
wait was", "increased to": the rules whose decision is ``claim``) is never vetoed, and
comparators are never scored.

The model is spaCy's bag-of-words text classifier (``spacy.TextCatBOW.v3``: a linear model
over hashed word n-grams) read over a "document" of feature words per number, built by
``features``: the five words either side (by position and as a bag), the characters just
before and after, and the number's shape. It is trained by ``python -m pipeline train``
(``pipeline.quality.train``) from ``data/veto/numbers.jsonl``; the file
``pipeline/reference/veto/model.msgpack`` holds its weights, its threshold (chosen by
leave-one-council-out cross-validation) and the feature settings. All of a report's claims are
scored in one batch (the exempt ones only when asked: their score changes nothing).
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from pipeline.errors import ExtractionError
from pipeline.files import ModelFile

if TYPE_CHECKING:  # the batch's parent checks the model file without loading pydantic
    from pipeline.models import Claim

MODEL_FILE = Path(__file__).resolve().parents[1] / "reference" / "veto" / "model.msgpack"
FORMAT = "cqc-veto/1"  # the model file's layout and the features it was trained on
LABEL = "QUANTITY"  # the textcat label: a claim or a comparator
# The model: a linear layer over hashed unigrams and bigrams of the feature words
MODEL_CONFIG = {
    "@architectures": "spacy.TextCatBOW.v3",
    "exclusive_classes": False,
    "ngram_size": 2,
    "no_output_layer": False,
    "length": 2**16,
}
REACH = 300  # characters either side of the number, within its line (as data/veto/build.py cuts)
WORDS = 5  # context words either side

_TOKEN = re.compile(r"£?\d+(?:[.,]\d+)*%?|[^\W\d_]+|[^\s\w]")  # 64.84% | England | (
_DIGITS = re.compile(r"\d+")
_SPACE = re.compile(r"\s")


class VetoModelError(ExtractionError):
    """The veto's model file is missing, unreadable or not one this code can use."""


@dataclass(frozen=True)
class Vetoed:
    claims: list[Claim]  # kept
    dropped: list[tuple[Claim, float]]  # vetoed, with their scores
    scores: dict[str, float]  # claim id -> score, for every claim scored (kept or dropped)
    exempt: frozenset[str]  # ids of the claims no veto may drop (scored all the same)
    threshold: float


def _shape(text: str) -> str:
    """'64.84%' -> 'dd.dd%', '£1,060,812,000' -> '£d,ddd,ddd,ddd', '2024' -> 'dddd', 'seven' -> 'w'."""
    if not any(c.isdigit() for c in text):
        return "w"
    return _DIGITS.sub(lambda m: "d" * min(len(m.group()), 4), text.replace(" ", ""))


def _word(token: str) -> str:
    return _shape(token) if token[0].isdigit() or token[0] == "£" else token.lower()


def window(text: str, start: int, end: int) -> tuple[str, int, int]:
    """The line holding ``[start, end)``, at most ``REACH`` characters either side, with the
    span's offsets in it."""
    lo = text.rfind("\n", 0, start) + 1
    hi = text.find("\n", end)
    hi = len(text) if hi < 0 else hi
    lo, hi = max(lo, start - REACH), min(hi, end + REACH)
    return text[lo:hi], start - lo, end - lo


def features(window_text: str, start: int, end: int) -> list[str]:
    """The feature words of the number at ``[start, end)`` of ``window_text``, in an order whose
    neighbours make useful bigrams: L5 .. L1, char before, shape, char after, R1 .. R5, bags."""
    left = [_word(t) for t in _last_tokens(window_text, start)]
    right = [_word(t) for t in _first_tokens(window_text, end)]
    number = window_text[start:end]
    before = window_text[start - 1] if start else "^"
    after = window_text[end] if end < len(window_text) else "$"
    words = [f"L{len(left) - i}={w}" for i, w in enumerate(left)]
    words += [
        f"CB={'_' if before.isspace() else before}",
        f"S={_shape(number)}",
        f"CA={'_' if after.isspace() else after}",
    ]
    if not any(c.isdigit() for c in number):
        words.append(f"W={number.lower()}")
    words += [f"R{i + 1}={w}" for i, w in enumerate(right)]
    words += [f"L={w}" for w in left] + [f"R={w}" for w in right]
    return words


# How far ``features`` reads first for its words (five words fit in it nearly always; when not,
# it reads the whole side): reading only that far is what makes scoring a report cheap
_NEAR = 100


def _last_tokens(text: str, start: int) -> list[str]:
    """The last ``WORDS`` tokens of ``text[:start]``: the same as tokenising all of it. A scan
    from inside a word may cut that word, but tokens never hold whitespace, so the tokens that
    start after the first whitespace of the part read are the whole text's."""
    lo = start - _NEAR
    if lo > 0:
        space = _SPACE.search(text, lo, start)
        if space is not None:
            found = [m for m in _TOKEN.finditer(text, space.start(), start)]
            if len(found) >= WORDS:
                return [m.group() for m in found[-WORDS:]]
    return _TOKEN.findall(text, 0, start)[-WORDS:]


def _first_tokens(text: str, end: int) -> list[str]:
    """The first ``WORDS`` tokens of ``text[end:]`` (a token the part read cuts is not used)."""
    hi = end + _NEAR
    if hi < len(text):
        found = [m for m in _TOKEN.finditer(text, end, hi)]
        # the tokens that end before the part's last whitespace are whole
        last_space = text.rfind(" ", end, hi)
        whole = [m for m in found if m.end() <= last_space]
        if len(whole) >= WORDS:
            return [m.group() for m in whole[:WORDS]]
    return _TOKEN.findall(text, end)[:WORDS]


class VetoModel:
    """A trained veto: ``score`` a batch of numbers in their windows; ``threshold``; ``sha256``
    of the model file."""

    def __init__(self, data: dict, sha256: str, name: str = "veto model"):
        self.threshold = float(data["threshold"])
        self.sha256 = sha256
        self.info = {k: v for k, v in data.items() if k != "weights"}
        # The bare thinc model of the text classifier (one output: the label's probability),
        # without a spaCy Language around it: building a blank pipeline costs more than the model
        import spacy
        from spacy.vocab import Vocab

        self._model = spacy.registry.resolve({"model": {**MODEL_CONFIG, "nO": 1}})["model"]
        self._model.initialize()
        self._model.from_bytes(data["weights"])
        self._vocab = Vocab()

    def score(self, items: list[tuple[str, int, int]]) -> list[float]:
        """The probability that each number (window, start, end) is a quantity, in one batch."""
        from spacy.tokens import Doc

        if not items:
            return []
        docs = [Doc(self._vocab, words=features(w, a, b)) for w, a, b in items]
        return [float(row[0]) for row in self._model.ops.to_numpy(self._model.predict(docs))]


_HINT = "restore it from the repository or retrain with: python -m pipeline train"


def _read(data: bytes, name: str) -> dict:
    """The model file's fields, checked for what this code needs; ``VetoModelError`` naming
    the file when they are not there."""
    import srsly

    try:
        content = srsly.msgpack_loads(data)
    except Exception as error:  # truncated or not msgpack at all
        raise VetoModelError(
            f"unreadable veto model ({type(error).__name__}: {error}); {_HINT}", name=name
        ) from None
    if not isinstance(content, dict):
        raise VetoModelError(f"unreadable veto model (not a table of fields); {_HINT}", name=name)
    if content.get("format") != FORMAT:
        raise VetoModelError(
            f"not a veto model of format {FORMAT} (found {content.get('format')!r}); {_HINT}", name=name
        )
    threshold, weights = content.get("threshold"), content.get("weights")
    if not isinstance(threshold, (int, float)) or not 0 <= threshold <= 1 or not isinstance(weights, bytes):
        raise VetoModelError(f"unreadable veto model (no threshold or weights); {_HINT}", name=name)
    return content


def model_from_bytes(data: bytes, name: str = "veto model") -> VetoModel:
    content = _read(data, name)
    try:
        return VetoModel(content, hashlib.sha256(data).hexdigest(), name)
    except VetoModelError:
        raise
    except Exception as error:  # weights of another shape or a corrupt array
        raise VetoModelError(
            f"unreadable veto model weights ({type(error).__name__}: {error}); {_HINT}", name=name
        ) from None


_FILE = ModelFile(
    model_from_bytes,
    lambda why, name: VetoModelError(f"cannot read the veto model ({why}); {_HINT}", name=name),
)


def load_model(path: Path | None = None) -> VetoModel:
    """The model in ``path`` (default ``MODEL_FILE``; read once per process). Raises
    ``VetoModelError`` naming the file when it is missing or corrupt."""
    return _FILE.load(path or MODEL_FILE)


def check_model_file(path: Path | None = None) -> None:
    """Raise ``VetoModelError`` naming the file when it is missing or not a veto model (its
    fields only: cheaper than ``load_model``, which also builds the model)."""
    path = path or MODEL_FILE  # read here: a test may point MODEL_FILE elsewhere
    if not _FILE.loaded(path):
        _read(_FILE.data(path), str(path))


def model_file_sha256(path: Path | None = None) -> str:
    """The sha256 of the model file's bytes (what ``Report.veto_model`` records)."""
    return _FILE.sha256(path or MODEL_FILE)


_CLAIM_RULES: frozenset[str] | None = None


def _claim_rules() -> frozenset[str]:
    """The claims rules that keep a number as a claim by a cue they name ("the longest wait
    was", "increased to"): read from the rule table, once."""
    global _CLAIM_RULES
    if _CLAIM_RULES is None:
        from pipeline.stages.claims import RULES

        _CLAIM_RULES = frozenset(rule.name for rule in RULES if rule.decides == "claim")
    return _CLAIM_RULES


def exempt(claim: Claim) -> bool:
    """A claim no veto overrides: one the rules linked to a comparator (a cue named what it is
    compared with), one that reports a catalogued measure (its words name it), or one a rule
    kept by a cue it names."""
    return bool(claim.comparators) or claim.measure is not None or claim._kept_by in _claim_rules()


def veto(text: str, claims: list[Claim], model: VetoModel, every: bool = False) -> Vetoed:
    """Score the claims of a report in one batch; drop the unexempt ones below the threshold.

    Only the unexempt claims are scored (no score changes what happens to an exempt one), unless
    ``every`` (``explain`` shows every claim's score)."""
    shield = frozenset(c.id for c in claims if exempt(c))
    scored = claims if every else [c for c in claims if c.id not in shield]
    scores = dict(zip((c.id for c in scored), model.score([window(text, c.start, c.end) for c in scored])))
    kept: list[Claim] = []
    dropped: list[tuple[Claim, float]] = []
    for claim in claims:
        score = scores.get(claim.id)
        if claim.id not in shield:
            assert score is not None  # every unexempt claim is in ``scored``
            if score < model.threshold:
                dropped.append((claim, score))
                continue
        kept.append(claim)
    return Vetoed(kept, dropped, scores, shield, model.threshold)
