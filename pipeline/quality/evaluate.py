"""Score an extraction against a hand-checked gold annotation (format: shared/gold/GUIDE.md).

Input: an output ``Report`` JSON and a gold JSON. Output: ``EvaluationResult``.

- Values: the claims and their comparators, on both sides. A predicted value matches a gold
  value when their spans overlap and the numbers are equal (one-to-one, in text order).
  Predictions overlapping a gold ``optional`` span are left out of both counts.
- Comparator link recall: gold comparators found (overlapping, equal value) on the predicted
  claim that matched the gold claim. Kind, direction and qualifier accuracy are over those.
- Source accuracy: over matched gold claims that cite a source; canonical name and date equal.
- Negatives: predicted values overlapping an annotated negative.
- Measures: measure accuracy over matched gold claims that have a measure (the predicted claim
  has the same id); false measures: matched gold claims whose measure is null in the gold but
  get an id. Gold claims without a ``measure`` key (annotated before measures) are not counted.
- Rows right: of the gold claims with a measure, those whose whole row is right: the value
  (matched; a value not found is a wrong row), unit, measure, period (``period_matches``), England average (the same values, or none on both sides) and source (name and
  date, or null on both sides). What an analyst's table gets right, one row a claim.
- Periods: period accuracy over matched gold claims that name a period (``period_matches``: the
  gold's words inside the output period's ``text``, or the reverse, as the guide's scorer does);
  false periods: matched gold claims whose period is null in the gold but get one, a count and a
  share of the matched claims. Gold claims without a ``period`` key are not counted.
- Structure: the gold ``structure`` fields (council name, publication date, stated overall
  rating and score), each compared as a whole (a null in the gold is a value: reading a rating
  that the page does not state is an error), and each gold statement's score, taken from the
  statement's own heading or else the overview's score list. A scored statement in the output
  that the gold does not list is an error too, when the gold lists any.

- Veto: the output's ``vetoed`` claims (dropped by the veto), and how many of them are a gold
  claim or comparator (a true value lost). ``veto=False`` puts them back among the claims:
  the figures of the rules alone, from the same output. ``measure_model=False`` takes back
  the measure ids the measure model named (``measure_by: "model"``): the measure rules alone.

``evaluate_folders`` scores every gold file of a folder against the output of the same stem
and adds the counts up (micro-average); a gold file without output counts all its items missed.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import asdict, dataclass, field
from pathlib import Path

from pipeline.reference.framework import canonical_rating, normalise_title, statement_for_title


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
    correct_kinds: int = 0
    correct_directions: int = 0
    correct_qualifiers: int = 0
    comparator_link_recall: float = 0.0
    kind_accuracy: float = 0.0
    direction_accuracy: float = 0.0
    qualifier_accuracy: float = 0.0
    gold_sources: int = 0
    correct_sources: int = 0
    source_accuracy: float = 0.0
    negatives_hit: int = 0
    gold_measures: int = 0  # matched gold claims with a measure
    correct_measures: int = 0
    measure_accuracy: float = 0.0
    false_measures: int = 0  # an id where the gold says null
    rows: int = 0  # matched gold claims with a measure
    rows_right: int = 0  # ... whose value, unit, measure, period, England average and source are right
    rows_right_share: float = 0.0
    matched_claims: int = 0  # matched gold claims whose match is an output claim
    gold_periods: int = 0  # matched gold claims that name a period
    correct_periods: int = 0
    period_accuracy: float = 0.0
    false_periods: int = 0  # a period where the gold says null
    false_period_share: float = 0.0  # false_periods / matched_claims
    structure_items: int = 0
    correct_structure: int = 0
    structure_accuracy: float = 0.0
    vetoed: int = 0  # claims the veto dropped
    vetoed_gold: int = 0  # ... of which a gold value (overlapping, equal): a true value lost
    files: int = 0
    missing_outputs: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    false_positives: list[str] = field(default_factory=list)
    false_negatives: list[str] = field(default_factory=list)
    mismatches: list[str] = field(default_factory=list)

    def as_dict(self) -> dict:
        return asdict(self)

    def with_ratios(self) -> EvaluationResult:
        """Fill the ratio fields from the counts (the counts are what adds up over files)."""
        self.precision = _ratio(self.matched_values, self.predicted_values)
        self.recall = _ratio(self.matched_values, self.gold_values)
        total = self.precision + self.recall
        self.f1 = 2 * self.precision * self.recall / total if total else 0.0
        self.comparator_link_recall = _ratio(self.linked_comparators, self.gold_comparators)
        self.kind_accuracy = _ratio(self.correct_kinds, self.linked_comparators)
        self.direction_accuracy = _ratio(self.correct_directions, self.linked_comparators)
        self.qualifier_accuracy = _ratio(self.correct_qualifiers, self.linked_comparators)
        self.source_accuracy = _ratio(self.correct_sources, self.gold_sources)
        self.structure_accuracy = _ratio(self.correct_structure, self.structure_items)
        self.measure_accuracy = _ratio(self.correct_measures, self.gold_measures)
        self.rows_right_share = _ratio(self.rows_right, self.rows)
        self.period_accuracy = _ratio(self.correct_periods, self.gold_periods)
        self.false_period_share = self.false_periods / self.matched_claims if self.matched_claims else 0.0
        return self


# Fields that are counts: summed over files by ``combine``.
_COUNTS = (
    "gold_values",
    "predicted_values",
    "matched_values",
    "exact_spans",
    "gold_comparators",
    "linked_comparators",
    "correct_kinds",
    "correct_directions",
    "correct_qualifiers",
    "gold_sources",
    "correct_sources",
    "negatives_hit",
    "gold_measures",
    "correct_measures",
    "false_measures",
    "rows",
    "rows_right",
    "matched_claims",
    "gold_periods",
    "correct_periods",
    "false_periods",
    "structure_items",
    "correct_structure",
    "vetoed",
    "vetoed_gold",
    "files",
)
_LISTS = ("missing_outputs", "warnings", "false_positives", "false_negatives", "mismatches")


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


def without_veto(output: dict) -> dict:
    """The output as the rules alone made it: the vetoed claims back among the claims."""
    vetoed = [
        {k: v for k, v in c.items() if k not in ("score", "threshold")} for c in output.get("vetoed") or []
    ]
    claims = sorted([*(output.get("claims") or []), *vetoed], key=lambda c: (c["start"], c["end"]))
    return {**output, "claims": claims, "vetoed": []}


def without_measure_model(output: dict) -> dict:
    """The output as if the measure model had been off: the ids it named taken back (the unit
    the claim took from the measure is kept)."""

    def plain(claim: dict) -> dict:
        if claim.get("measure_by") != "model":
            return claim
        return {
            **{k: v for k, v in claim.items() if k not in ("measure_by", "measure_score")},
            "measure": None,
        }

    return {**output, "claims": [plain(c) for c in output.get("claims") or []]}


def evaluate(output: dict, gold: dict, veto: bool = True, measure_model: bool = True) -> EvaluationResult:
    result = EvaluationResult()
    if not measure_model:
        output = without_measure_model(output)
    expected_values = _values(gold.get("claims") or [])
    for c in output.get("vetoed") or []:
        result.vetoed += 1
        if any(_overlap(g, c) and _same(g.value, c["value"]) for g in expected_values):
            result.vetoed_gold += 1
            result.mismatches.append(
                f"vetoed gold value {c['text']!r} at {c['start']}:{c['end']} "
                f"(score {c['score']:.2f} < {c['threshold']:.2f})"
            )
    if not veto:
        output = without_veto(output)
    if gold.get("text_sha256") and output.get("sha256") and gold["text_sha256"] != output["sha256"]:
        result.warnings.append(
            f"gold text_sha256 {gold['text_sha256'][:12]}... differs from output sha256 "
            f"{output['sha256'][:12]}...: offsets may not line up"
        )
    optional = gold.get("optional") or []
    predicted = [v for v in _values(output.get("claims") or []) if not any(_overlap(v, o) for o in optional)]
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
    result.false_positives = [
        f"{p.start}:{p.end} {p.text!r} ({p.role})" for i, p in enumerate(predicted) if i not in used
    ]
    result.matched_values = len(matched)
    spans_by_record = {id(g.record): (g.start, g.end) for g in expected}
    for key, p in matched.items():
        if (p.start, p.end) == spans_by_record[key]:
            result.exact_spans += 1
        else:
            result.mismatches.append(
                f"span of {p.text!r} at {p.start}:{p.end}, gold "
                f"{spans_by_record[key][0]}:{spans_by_record[key][1]}"
            )

    for claim in gold.get("claims") or []:
        found = matched.get(id(claim))
        predicted_claim = found.record if found is not None and found.role == "claim" else None
        for gc in claim.get("comparators") or []:
            result.gold_comparators += 1
            pc = next(
                (
                    c
                    for c in (predicted_claim or {}).get("comparators") or []
                    if _overlap(c, gc) and _same(c["value"], gc["value"])
                ),
                None,
            )
            if pc is None:
                result.mismatches.append(f"comparator {gc['text']!r} not linked to claim {claim['text']!r}")
                continue
            result.linked_comparators += 1
            result.correct_kinds += pc["kind"] == gc["kind"]
            result.correct_directions += pc.get("direction") == gc.get("direction")
            result.correct_qualifiers += _norm(pc.get("qualifier")) == _norm(gc.get("qualifier"))
            for name in ("kind", "direction", "qualifier"):
                if _norm(pc.get(name)) != _norm(gc.get(name)):
                    result.mismatches.append(
                        f"comparator {gc['text']!r} of {claim['text']!r}: {name} {pc.get(name)!r}, gold {gc.get(name)!r}"
                    )
        if claim.get("source") and found is not None:
            result.gold_sources += 1
            ps = predicted_claim.get("source") if predicted_claim else None
            ok = _source_ok(ps, claim["source"])
            result.correct_sources += ok
            if not ok:
                result.mismatches.append(
                    f"source of {claim['text']!r}: {(ps or {}).get('name')!r}/{(ps or {}).get('date')!r}, "
                    f"gold {claim['source']['name']!r}/{claim['source'].get('date')!r}"
                )
    result.negatives_hit = sum(
        1 for p in predicted if any(_overlap(p, n) for n in gold.get("negatives") or [])
    )
    _score_measures(gold.get("claims") or [], matched, result)
    _score_rows(gold.get("claims") or [], matched, result)
    _score_periods(gold.get("claims") or [], matched, result)
    _score_structure(output, gold.get("structure"), result)
    result.files = 1
    return result.with_ratios()


def _score_measures(claims: list[dict], matched: dict[int, _Value], result: EvaluationResult) -> None:
    for claim in claims:
        found = matched.get(id(claim))
        if found is None or found.role != "claim" or "measure" not in claim:
            continue
        expected, predicted = claim["measure"], found.record.get("measure")
        if expected is not None:
            result.gold_measures += 1
            result.correct_measures += predicted == expected
        elif predicted is not None:
            result.false_measures += 1
        if predicted != expected:
            result.mismatches.append(f"measure of {claim['text']!r}: {predicted!r}, gold {expected!r}")


def period_text(period) -> str | None:
    """A claim's period as words: the ``text`` of a 2.x period object, or a 1.x output's string."""
    if isinstance(period, dict):
        return period.get("text")
    return getattr(period, "text", period)


def period_matches(output_period, gold_period) -> bool:
    """The guide's rule for a period: right when the gold's words are inside the output's, or
    the output's inside the gold's (case and spacing aside); a null is right only against a
    null. ``output_period`` is a period object (dict or model) or a 1.x output's string."""
    predicted, expected = _norm(period_text(output_period)), _norm(period_text(gold_period))
    if predicted is None or expected is None:
        return predicted is None and expected is None
    return expected in predicted or predicted in expected


def _score_periods(claims: list[dict], matched: dict[int, _Value], result: EvaluationResult) -> None:
    for claim in claims:
        found = matched.get(id(claim))
        if found is None or found.role != "claim":
            continue
        result.matched_claims += 1
        if "period" not in claim:
            continue
        expected, predicted = claim["period"], found.record.get("period")
        ok = period_matches(predicted, expected)
        if expected is not None:
            result.gold_periods += 1
            result.correct_periods += ok
        elif predicted is not None:
            result.false_periods += 1
        if not ok:
            result.mismatches.append(
                f"period of {claim['text']!r}: {period_text(predicted)!r}, gold {expected!r}"
            )


def _england_averages(claim: dict) -> list[float]:
    return sorted(c["value"] for c in claim.get("comparators") or [] if c.get("kind") == "england_average")


def _source_ok(predicted: dict | None, gold: dict | None) -> bool:
    if not predicted or not gold:
        return not predicted and not gold
    return _norm(predicted.get("name")) == _norm(gold.get("name")) and _norm(predicted.get("date")) == _norm(
        gold.get("date")
    )


def row_errors(predicted: dict, gold: dict) -> list[str]:
    """What is wrong in a matched claim's row (empty: the row is right), by field name."""
    wrong = []
    if predicted.get("unit") != gold.get("unit"):
        wrong.append("unit")
    if predicted.get("measure") != gold.get("measure"):
        wrong.append("measure")
    if not period_matches(predicted.get("period"), gold.get("period")):
        wrong.append("period")
    ours, theirs = _england_averages(predicted), _england_averages(gold)
    if len(ours) != len(theirs) or not all(map(_same, ours, theirs)):
        wrong.append("england average")
    if not _source_ok(predicted.get("source"), gold.get("source")):
        wrong.append("source")
    return wrong


def _score_rows(claims: list[dict], matched: dict[int, _Value], result: EvaluationResult) -> None:
    for claim in claims:
        if claim.get("measure") is None:
            continue  # no measure in the gold (or not annotated): no row of the measures' table
        result.rows += 1
        found = matched.get(id(claim))
        if found is None or found.role != "claim":
            result.mismatches.append(f"row of {claim['text']!r}: value not found as a claim")
            continue
        wrong = row_errors(found.record, claim)
        result.rows_right += not wrong
        if wrong:
            result.mismatches.append(f"row of {claim['text']!r}: wrong {', '.join(wrong)}")


def _predicted_scores(output: dict) -> dict[str, int | None]:
    """Statement slug -> score: the statement's own heading first, else the score list."""
    scores = {item["slug"]: item.get("score") for item in output.get("score_list") or []}
    for theme in output.get("themes") or []:
        for statement in theme.get("statements") or []:
            if statement.get("score") is not None or statement["slug"] not in scores:
                scores[statement["slug"]] = statement.get("score")
    return scores


def _score_structure(output: dict, structure: dict | None, result: EvaluationResult) -> None:
    if not structure:
        return
    overall = output.get("overall") or {}
    fields_ = (
        ("local_authority", output.get("local_authority"), _norm),
        ("published", output.get("published"), _norm),
        ("overall_rating", overall.get("rating"), lambda r: canonical_rating(r) or _norm(r) if r else None),
        ("overall_score_percent", overall.get("score_percent"), lambda v: v),
    )
    for key, predicted, fold in fields_:
        if key not in structure:
            continue
        result.structure_items += 1
        if fold(predicted) == fold(structure[key]):
            result.correct_structure += 1
        else:
            result.mismatches.append(f"structure {key}: {predicted!r}, gold {structure[key]!r}")
    scores = _predicted_scores(output)
    expected: set[str] = set()
    for statement in structure.get("statements") or []:
        definition = statement_for_title(statement["title"])
        slug = definition.slug if definition else normalise_title(statement["title"])
        expected.add(slug)
        result.structure_items += 1
        if scores.get(slug) == statement.get("score"):
            result.correct_structure += 1
        else:
            result.mismatches.append(
                f"structure score of {statement['title']!r}: {scores.get(slug)!r}, gold {statement.get('score')!r}"
            )
    # A gold that lists no statement did not annotate them (an older page): extras are not scored.
    for slug, score in sorted(scores.items()) if expected else ():
        if score is not None and slug not in expected:
            result.structure_items += 1
            result.mismatches.append(f"structure score of {slug!r}: {score!r}, not in the gold")


def combine(results: list[EvaluationResult]) -> EvaluationResult:
    """Micro-average: add the counts (and concatenate the lists), then recompute the ratios."""
    total = EvaluationResult()
    for result in results:
        for key in _COUNTS:
            setattr(total, key, getattr(total, key) + getattr(result, key))
        for key in _LISTS:
            getattr(total, key).extend(getattr(result, key))
    return total.with_ratios()


def _prefixed(result: EvaluationResult, stem: str) -> EvaluationResult:
    for key in ("warnings", "false_positives", "false_negatives", "mismatches"):
        setattr(result, key, [f"{stem}: {item}" for item in getattr(result, key)])
    return result


def evaluate_folders(
    output_dir: Path, gold_dir: Path, veto: bool = True, measure_model: bool = True
) -> tuple[EvaluationResult, dict[str, EvaluationResult]]:
    """Every ``GOLD_DIR/<stem>.json`` against ``OUTPUT_DIR/<stem>.json``: (total, per file).

    Gold ``text_file`` paths are not used: outputs are found by stem. A gold file without its
    output is scored against an empty output (all its items missed) and named in
    ``missing_outputs``.
    """
    per_file: dict[str, EvaluationResult] = {}
    golds = sorted(Path(gold_dir).glob("*.json"))
    if not golds:
        raise FileNotFoundError(f"{gold_dir}: no gold files (*.json)")
    for gold_path in golds:
        gold = _read_json(gold_path)
        output_path = Path(output_dir) / gold_path.name
        if output_path.exists():
            result = evaluate(_read_json(output_path), gold, veto, measure_model)
        else:
            result = evaluate({"claims": []}, gold)
            result.missing_outputs.append(gold_path.stem)
        per_file[gold_path.stem] = _prefixed(result, gold_path.stem)
    return combine(list(per_file.values())), per_file


def _read_json(path: Path) -> dict:
    try:
        return json.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as error:
        raise ValueError(f"{path}: cannot read JSON: {error}") from None


def evaluate_files(
    output_path: Path, gold_path: Path, veto: bool = True, measure_model: bool = True
) -> EvaluationResult:
    return evaluate(_read_json(output_path), _read_json(gold_path), veto, measure_model)


def format_result(result: EvaluationResult) -> str:
    """The misses first, then the summary: the last lines are the figures (``| tail`` shows them)."""
    lines: list[str] = []
    for title, items in (
        ("false positives", result.false_positives),
        ("false negatives", result.false_negatives),
        ("mismatches", result.mismatches),
    ):
        if items:
            lines.append(f"{title}:")
            lines.extend(f"  {item}" for item in items)
    return "\n".join([*lines, *summary_lines(result)])


def summary_lines(result: EvaluationResult) -> list[str]:
    lines = [f"warning: {w}" for w in result.warnings]
    if result.files > 1:
        lines.append(
            f"files        {result.files} gold files"
            + (
                f", {len(result.missing_outputs)} without output: " + ", ".join(result.missing_outputs)
                if result.missing_outputs
                else ""
            )
        )
    lines += [
        f"values       precision {result.precision:.3f}  recall {result.recall:.3f}  F1 {result.f1:.3f}"
        f"  ({result.matched_values} matched, {result.predicted_values} predicted, {result.gold_values} gold)",
        f"spans        {result.exact_spans} of {result.matched_values} matched values have exactly the gold span",
        f"comparators  link recall {result.comparator_link_recall:.3f}"
        f"  ({result.linked_comparators}/{result.gold_comparators})"
        f"  kind {result.kind_accuracy:.3f}  direction {result.direction_accuracy:.3f}"
        f"  qualifier {result.qualifier_accuracy:.3f}",
        f"sources      accuracy {result.source_accuracy:.3f}  ({result.correct_sources}/{result.gold_sources})",
        f"structure    accuracy {result.structure_accuracy:.3f}  ({result.correct_structure}/{result.structure_items})"
        "  council, date, stated rating and score, statement scores",
        f"measures     accuracy {result.measure_accuracy:.3f}  ({result.correct_measures}/{result.gold_measures})"
        f"  false measures {result.false_measures} (an id where the gold says null)",
        f"rows right   {result.rows_right_share:.3f}  ({result.rows_right}/{result.rows})"
        "  gold claims with a measure whose value, unit, measure, period, England average and source are right",
        f"periods      accuracy {result.period_accuracy:.3f}  ({result.correct_periods}/{result.gold_periods})"
        f"  false periods {result.false_periods} ({100 * result.false_period_share:.1f}% of"
        f" {result.matched_claims} matched claims; a period where the gold says null)",
        f"veto         {result.vetoed} claim(s) vetoed, {result.vetoed_gold} of them a gold value"
        " (--no-veto scores them as claims)",
        f"negatives    {result.negatives_hit} output value(s) on annotated negatives",
    ]
    return lines


def format_per_file(per_file: dict[str, EvaluationResult]) -> str:
    """One line a file: its figures, the worst first (lowest F1, then link recall)."""
    rows = sorted(
        per_file.items(),
        key=lambda kv: (kv[1].f1, kv[1].comparator_link_recall, kv[1].source_accuracy, kv[0]),
    )
    width = max(map(len, per_file))
    lines = [f"{'file':<{width}}  F1     links  sources  structure  negatives"]
    for stem, r in rows:
        lines.append(
            f"{stem:<{width}}  {r.f1:.3f}  {r.comparator_link_recall:.3f}  {r.source_accuracy:.3f}"
            f"    {r.structure_accuracy:.3f}      {r.negatives_hit}"
            + ("  (no output)" if r.missing_outputs else "")
        )
    return "\n".join(lines)


def sha256_of(path: Path) -> str:
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()
