"""Score an extraction against a hand-checked gold annotation (format: shared/gold/GUIDE.md).

Input: an output ``Report`` JSON and a gold JSON. Output: ``EvaluationResult``.

- Values: the claims and their comparators, on both sides. A predicted value matches a gold
  value when their spans overlap and the numbers are equal (one-to-one, in text order).
  Predictions overlapping a gold ``optional`` span are left out of both counts.
- Comparator link recall: gold comparators found (overlapping, equal value) on the predicted
  claim that matched the gold claim. Kind, direction and qualifier accuracy are over those.
- Source accuracy: over matched gold claims that cite a source; canonical name and date equal.
- Negatives: predicted values overlapping an annotated negative.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import asdict, dataclass, field
from pathlib import Path


@dataclass(frozen=True)
class _Value:
    start: int
    end: int
    value: float
    text: str
    role: str  # claim | comparator
    record: dict


@dataclass
class EvaluationResult:
    gold_values: int = 0
    predicted_values: int = 0
    matched_values: int = 0
    precision: float = 0.0
    recall: float = 0.0
    f1: float = 0.0
    exact_spans: int = 0  # matched values whose span is exactly the gold span
    gold_comparators: int = 0
    linked_comparators: int = 0
    comparator_link_recall: float = 0.0
    kind_accuracy: float = 0.0
    direction_accuracy: float = 0.0
    qualifier_accuracy: float = 0.0
    gold_sources: int = 0
    correct_sources: int = 0
    source_accuracy: float = 0.0
    negatives_hit: int = 0
    warnings: list[str] = field(default_factory=list)
    false_positives: list[str] = field(default_factory=list)
    false_negatives: list[str] = field(default_factory=list)
    mismatches: list[str] = field(default_factory=list)

    def as_dict(self) -> dict:
        return asdict(self)


def _ratio(a: int, b: int) -> float:
    return a / b if b else 1.0


def _overlap(a: _Value | dict, b: dict) -> bool:
    a_start, a_end = (a.start, a.end) if isinstance(a, _Value) else (a["start"], a["end"])
    return a_start < b["end"] and b["start"] < a_end


def _same(x: float, y: float) -> bool:
    return abs(x - y) <= 1e-6 * max(1.0, abs(x), abs(y))


def _values(claims: list[dict]) -> list[_Value]:
    out = []
    for claim in claims:
        out.append(_Value(claim["start"], claim["end"], claim["value"], claim["text"], "claim", claim))
        for c in claim.get("comparators") or []:
            out.append(_Value(c["start"], c["end"], c["value"], c["text"], "comparator", c))
    return sorted(out, key=lambda v: (v.start, v.end))


def _norm(s: str | None) -> str | None:
    return " ".join(s.split()).casefold() if s else None


def evaluate(output: dict, gold: dict) -> EvaluationResult:
    result = EvaluationResult()
    if gold.get("text_sha256") and output.get("sha256") and gold["text_sha256"] != output["sha256"]:
        result.warnings.append(
            f"gold text_sha256 {gold['text_sha256'][:12]}... differs from output sha256 "
            f"{output['sha256'][:12]}...: offsets may not line up"
        )
    optional = gold.get("optional") or []
    predicted = [v for v in _values(output.get("claims") or [])
                 if not any(_overlap(v, o) for o in optional)]
    expected = _values(gold.get("claims") or [])
    result.gold_values, result.predicted_values = len(expected), len(predicted)

    matched: dict[int, _Value] = {}  # id(gold record) -> predicted value
    used: set[int] = set()
    for g in expected:
        for i, p in enumerate(predicted):
            if i not in used and _overlap(p, {"start": g.start, "end": g.end}) and _same(p.value, g.value):
                matched[id(g.record)] = p
                used.add(i)
                break
        else:
            result.false_negatives.append(f"{g.start}:{g.end} {g.text!r} ({g.role})")
    result.false_positives = [f"{p.start}:{p.end} {p.text!r} ({p.role})"
                              for i, p in enumerate(predicted) if i not in used]
    result.matched_values = len(matched)
    spans_by_record = {id(g.record): (g.start, g.end) for g in expected}
    for key, p in matched.items():
        if (p.start, p.end) == spans_by_record[key]:
            result.exact_spans += 1
        else:
            result.mismatches.append(f"span of {p.text!r} at {p.start}:{p.end}, gold "
                                     f"{spans_by_record[key][0]}:{spans_by_record[key][1]}")
    result.precision = _ratio(result.matched_values, result.predicted_values)
    result.recall = _ratio(result.matched_values, result.gold_values)
    total = result.precision + result.recall
    result.f1 = 2 * result.precision * result.recall / total if total else 0.0

    kinds = directions = qualifiers = 0
    for claim in gold.get("claims") or []:
        found = matched.get(id(claim))
        predicted_claim = found.record if found is not None and found.role == "claim" else None
        for gc in claim.get("comparators") or []:
            result.gold_comparators += 1
            pc = next(
                (c for c in (predicted_claim or {}).get("comparators") or []
                 if _overlap(c, gc) and _same(c["value"], gc["value"])),
                None,
            )
            if pc is None:
                result.mismatches.append(f"comparator {gc['text']!r} not linked to claim {claim['text']!r}")
                continue
            result.linked_comparators += 1
            kinds += pc["kind"] == gc["kind"]
            directions += pc.get("direction") == gc.get("direction")
            qualifiers += _norm(pc.get("qualifier")) == _norm(gc.get("qualifier"))
            for key in ("kind", "direction", "qualifier"):
                if _norm(pc.get(key)) != _norm(gc.get(key)):
                    result.mismatches.append(
                        f"comparator {gc['text']!r} of {claim['text']!r}: {key} {pc.get(key)!r}, gold {gc.get(key)!r}"
                    )
        if claim.get("source") and found is not None:
            result.gold_sources += 1
            ps = predicted_claim.get("source") if predicted_claim else None
            ok = ps is not None and _norm(ps.get("name")) == _norm(claim["source"]["name"]) \
                and _norm(ps.get("date")) == _norm(claim["source"].get("date"))
            result.correct_sources += ok
            if not ok:
                result.mismatches.append(
                    f"source of {claim['text']!r}: {(ps or {}).get('name')!r}/{(ps or {}).get('date')!r}, "
                    f"gold {claim['source']['name']!r}/{claim['source'].get('date')!r}"
                )
    result.comparator_link_recall = _ratio(result.linked_comparators, result.gold_comparators)
    result.kind_accuracy = _ratio(kinds, result.linked_comparators)
    result.direction_accuracy = _ratio(directions, result.linked_comparators)
    result.qualifier_accuracy = _ratio(qualifiers, result.linked_comparators)
    result.source_accuracy = _ratio(result.correct_sources, result.gold_sources)
    result.negatives_hit = sum(
        1 for p in predicted if any(_overlap(p, n) for n in gold.get("negatives") or [])
    )
    return result


def evaluate_files(output_path: Path, gold_path: Path) -> EvaluationResult:
    output = json.loads(Path(output_path).read_text(encoding="utf-8"))
    gold = json.loads(Path(gold_path).read_text(encoding="utf-8"))
    return evaluate(output, gold)


def format_result(result: EvaluationResult) -> str:
    lines = [*(f"warning: {w}" for w in result.warnings)]
    lines += [
        f"values       precision {result.precision:.3f}  recall {result.recall:.3f}  F1 {result.f1:.3f}"
        f"  ({result.matched_values} matched, {result.predicted_values} predicted, {result.gold_values} gold)",
        f"spans        {result.exact_spans} of {result.matched_values} matched values have exactly the gold span",
        f"comparators  link recall {result.comparator_link_recall:.3f}"
        f"  ({result.linked_comparators}/{result.gold_comparators})"
        f"  kind {result.kind_accuracy:.3f}  direction {result.direction_accuracy:.3f}"
        f"  qualifier {result.qualifier_accuracy:.3f}",
        f"sources      accuracy {result.source_accuracy:.3f}  ({result.correct_sources}/{result.gold_sources})",
        f"negatives    {result.negatives_hit} output value(s) on annotated negatives",
    ]
    for title, items in (("false positives", result.false_positives),
                         ("false negatives", result.false_negatives),
                         ("mismatches", result.mismatches)):
        if items:
            lines.append(f"{title}:")
            lines.extend(f"  {item}" for item in items)
    return "\n".join(lines)


def sha256_of(path: Path) -> str:
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()
