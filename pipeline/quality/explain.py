"""Why each number became what it did: ``python -m pipeline explain FILE [--near TEXT]``.

Input: a report's text. Output: ``Explanation`` lines in text order, one per number: what
it became (a claim, a comparator of which claim, or dropped) and the name of the rule in
``pipeline.stages.claims.RULES`` (the table is in ``pipeline/stages/claims/rules.py``) that
decided it. Nothing here decides anything: the decisions are the claims stage's own
(``claims.decisions``); this module only lines them up with the numbers of the text, so it can
never disagree with ``extract``.

Each claim also carries the veto's score (``pipeline.stages.veto``), and a claim the veto
drops becomes ``vetoed`` with "vetoed (0.21 < 0.25)": its score below the model's threshold
(``veto=False``: no scores, the rules' claims as they are).

Numbers the claims stage never read as numbers (inside a code such as "s42", or outside
every paragraph it reads, such as a heading) are listed as ``not read``, with no rule.
Offsets are half-open ``[start, end)`` into the text as given.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

import regex

from pipeline.files import text_sha256
from pipeline.stages.claims import Decision, decisions
from pipeline.stages.measures import measures_and_clauses
from pipeline.stages.segment import segment
from pipeline.stages.veto import Vetoed, load_model
from pipeline.stages.veto import veto as veto_claims

# A run of digits as a reader sees it: "16,169", "64.84", "2023/24" gives "2023" and "24"
_DIGITS = regex.compile(r"\d+(?:[.,]\d+)*")
_LINE = regex.compile(r"[^\n]*")


@dataclass(frozen=True)
class Explanation:
    start: int
    end: int
    text: str
    became: str  # claim | comparator | dropped | vetoed | not read
    rule: str | None  # the deciding rule's name; None for "not read"
    detail: str = ""  # "64 percent", "england_average of '71%' at 1234", "inside '30 May 2025'"
    score: float | None = None  # a claim's veto score


def explain(
    text: str, near: str | None = None, veto: bool = True, measure_model: bool = True
) -> list[Explanation]:
    """Every number of ``text`` with what it became and why; with ``near``, only the numbers
    on the lines holding that text (case-insensitive). A claim's measure is shown with who
    named it; where the rules named none, the measure model's three likeliest ids and their
    probabilities (``measure_model=False``: the rules' alone)."""
    document = segment(text)
    claims, found = decisions(text, document, text_sha256(text))
    owner = {(c.start, c.end): claim for claim in claims for c in claim.comparators}
    judged = None
    measured, clauses = measures_and_clauses(text, claims)
    if veto:
        judged = veto_claims(text, measured, load_model(), every=True)
        measured = judged.claims
    notes = _measure_notes(measured, clauses, measure_model)
    numbers = [d for d in found if d.rule not in _SPAN_RULES]
    spans = [d for d in found if d.rule in _SPAN_RULES]
    out = [_with_note(_number(d, owner, judged), notes) for d in numbers]
    read = [(d.start, d.end) for d in numbers]
    for match in _DIGITS.finditer(text):
        a, b = match.span()
        if any(x < b and a < y for x, y in read):
            continue  # part of a number read ("£4.1m", "one in 4")
        span = next((d for d in spans if d.start <= a and b <= d.end), None)
        if span is None:
            out.append(
                Explanation(
                    a,
                    b,
                    match.group(),
                    "not read",
                    None,
                    "no rule saw it: part of a code or name, or outside the paragraphs",
                )
            )
        else:
            inside = span.text if len(span.text) <= 40 else span.text[:37] + "..."
            out.append(Explanation(a, b, match.group(), "dropped", span.rule, f"inside {inside!r}"))
    out.sort(key=lambda e: (e.start, e.end))
    if near is not None:
        lines = _lines_holding(text, near)
        out = [e for e in out if any(x <= e.start < y for x, y in lines)]
    return out


# Rules whose decision covers a span of structure (its numbers are never read one by one)
def _span_rules() -> frozenset[str]:
    from pipeline.stages.claims import RULES, SCORE_LINE_RULE

    return frozenset([r.name for r in RULES if r.stage == "span"] + [SCORE_LINE_RULE])


_SPAN_RULES = _span_rules()


def _number(d: Decision, owner: dict, judged: Vetoed | None) -> Explanation:
    unit = f" {d.unit}" if d.unit else ""
    value = f"{d.value:.12g}{unit}" if d.value is not None else ""
    if d.role == "claim":
        if judged is None:
            return Explanation(d.start, d.end, d.text, "claim", d.rule, value)
        claim_id = _claim_id(judged, d)
        score = judged.scores.get(claim_id) if claim_id is not None else None
        if any(c.id == claim_id for c, _ in judged.dropped):
            return Explanation(
                d.start,
                d.end,
                d.text,
                "vetoed",
                d.rule,
                f"{value} vetoed ({score:.2f} < {judged.threshold:.2f})",
                score,
            )
        note = (
            ""
            if score is None
            else f", score {score:.2f}"
            + (
                " (exempt: a comparator or measure)"
                if claim_id in judged.exempt and score < judged.threshold
                else ""
            )
        )
        return Explanation(d.start, d.end, d.text, "claim", d.rule, value + note, score)
    if d.role == "comparator":
        claim = owner.get((d.start, d.end))
        of = f"of {claim.text!r} at {claim.start}" if claim else "linked to no claim"
        return Explanation(d.start, d.end, d.text, "comparator", d.rule, f"{d.kind or 'other'} {of}")
    return Explanation(d.start, d.end, d.text, "dropped", d.rule, value)


def _measure_notes(claims: list, clauses: dict, measure_model: bool) -> dict[tuple[int, int], str]:
    """(start, end) of a claim -> "measure ascs-feel-safe (rule)", or the model's top three:
    "measure pop-total (model 0.84; top pop-total 0.84, none 0.11, pop-aged-65-plus 0.00)"."""
    notes = {(c.start, c.end): f"measure {c.measure} (rule)" for c in claims if c.measure is not None}
    if not measure_model:
        return notes
    from pipeline.stages import measure_model as learned

    readings = learned.candidates(claims, clauses)
    if not readings:
        return notes
    model = learned.load_model()
    by_id = {c.id: c for c in claims}
    ids = list(readings)
    for claim_id, scores in zip(ids, model.scores([readings[i] for i in ids])):
        claim, reading = by_id[claim_id], readings[claim_id]
        top = sorted(scores.items(), key=lambda kv: (-kv[1], kv[0]))[:3]
        chosen = learned.choose(scores, claim.unit, claim.value, model.threshold, reading.rejected)
        named = (
            f"measure {chosen[0]} (model {chosen[1]:.2f}"
            if chosen
            else f"no measure (model: below {model.threshold:.2f} or not fitting"
        )
        notes[(claim.start, claim.end)] = named + "; top " + ", ".join(f"{k} {v:.2f}" for k, v in top) + ")"
    return notes


def _with_note(e: Explanation, notes: dict[tuple[int, int], str]) -> Explanation:
    note = notes.get((e.start, e.end)) if e.became == "claim" else None
    return replace(e, detail=f"{e.detail}; {note}") if note else e


def _claim_id(judged: Vetoed, d: Decision) -> str | None:
    return next(
        (
            c.id
            for c in [*judged.claims, *(c for c, _ in judged.dropped)]
            if (c.start, c.end) == (d.start, d.end)
        ),
        None,
    )


def _lines_holding(text: str, near: str) -> list[tuple[int, int]]:
    needle = near.lower()
    return [m.span() for m in _LINE.finditer(text) if needle in m.group().lower()]


def format_explanation(lines: list[Explanation]) -> str:
    """One line per number: offset, the number as written, what it became, the rule."""
    rows = [(f"{e.start}", repr(e.text), f"{e.became} {e.detail}".strip(), e.rule or "-") for e in lines]
    if not rows:
        return "no numbers"
    widths = [max(len(r[i]) for r in rows) for i in range(3)]
    return "\n".join(f"{a:>{widths[0]}}  {b:<{widths[1]}}  {c:<{widths[2]}}  [{d}]" for a, b, c, d in rows)
