"""A reviewer's corrections applied to a fresh extraction: the curated report.

Input: a ``Report``, the text its offsets index and the report's ``Corrections`` (the file
``corrections/<stem>.json``, format in ``pipeline.models.Corrections`` and the README).
Output: the curated report and the ``correction-stale`` warnings (also appended to the
report's warnings). ``apply`` is a plain function: same inputs, same bytes out.

- ``not_a_claim`` removes the claim; ``fix`` sets the fields it names and records them in the
  claim's ``corrected``; ``correct`` changes nothing; an ``added`` number becomes a claim whose
  id is derived from its span as every claim's is, with ``added: true``.
- A correction that no longer applies is never applied elsewhere: the text's sha256 differs
  from the one the corrections were made on, the claim id is gone, an added span no longer
  holds its number (or overlaps a value the extraction now finds), or what it says is not
  valid here (a measure the catalogue does not hold, a statement the framework does not know,
  a comparator whose text is not at its offsets). Each becomes one ``correction-stale``
  warning naming the correction.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path

from pydantic import ValidationError

from pipeline.models import (
    FIXABLE, AddedClaim, Claim, ClaimCorrection, Corrections, Report, Source, SourceFix, Span,
    Warning, claim_id,
)
from pipeline.reference import lexicon
from pipeline.reference.catalogue import BY_ID as MEASURES
from pipeline.reference.framework import STATEMENTS
from pipeline.stages.claims.periods import period_of
from pipeline.stages.segment import locate
from pipeline.stages.sources import find_sources

STALE = "correction-stale"
_STATEMENT_SLUGS = frozenset(s.slug for s in STATEMENTS)
_DATASETS = {d.name.casefold(): d for d in lexicon.DATASETS}


class CorrectionsError(Exception):
    """A corrections file that cannot be used: names the file and the place in it."""


# ---------------------------------------------------------------------------------------------
# Reading


def corrections_path(folder: Path, stem: str) -> Path:
    return Path(folder) / f"{stem}.json"


def read_corrections(path: Path) -> Corrections:
    """The corrections in ``path``; ``CorrectionsError`` naming the file and the place."""
    try:
        data = json.loads(Path(path).read_bytes())
    except OSError as error:
        raise CorrectionsError(f"{path}: cannot read: {error.strerror}") from None
    except ValueError as error:
        raise CorrectionsError(f"{path}: not JSON ({error})") from None
    try:
        corrections = Corrections.model_validate(data)
    except ValidationError as error:
        first = error.errors()[0]
        place = ".".join(str(part) for part in first["loc"]) or "top level"
        raise CorrectionsError(f"{path}: {place}: {first['msg']}"
                               + (f" (and {error.error_count() - 1} more)" if error.error_count() > 1
                                  else "")) from None
    if corrections.report != Path(path).stem:
        raise CorrectionsError(f"{path}: report {corrections.report!r}: the file of report "
                               f"{corrections.report!r} must be named {corrections.report}.json")
    return corrections


def load_corrections(folder: Path, stem: str) -> Corrections | None:
    """``folder/<stem>.json`` when there is one, else None."""
    path = corrections_path(folder, stem)
    return read_corrections(path) if path.is_file() else None


def corrections_json(corrections: Corrections) -> bytes:
    """The file's bytes: only the fields given (a ``fix`` keeps its short form), two-space indent."""
    data = corrections.model_dump(mode="json", exclude_unset=True)
    data.setdefault("reviewed", corrections.reviewed)
    data.setdefault("claims", {})
    data.setdefault("added", [])
    ordered = {key: data[key] for key in ("report", "sha256", "reviewed", "claims", "added")}
    return (json.dumps(ordered, indent=2, ensure_ascii=False) + "\n").encode("utf-8")


def count(corrections: Corrections) -> int:
    """How many corrections the file holds (a verdict per claim, and each added number)."""
    return len(corrections.claims) + len(corrections.added)


# ---------------------------------------------------------------------------------------------
# Applying


@dataclass(frozen=True)
class _Stale(Exception):
    reason: str


def apply(report: Report, text: str, corrections: Corrections) -> tuple[Report, list[Warning]]:
    """The curated report and its ``correction-stale`` warnings (also in its ``warnings``)."""
    stale: list[Warning] = []
    if corrections.sha256 != report.sha256:
        why = (f"the report text changed (sha256 {report.sha256[:12]}..., the corrections were "
               f"made on {corrections.sha256[:12]}...)")
        stale += [_warning(corrections, f"claim {cid} ({c.verdict})", why, None, cid)
                  for cid, c in corrections.claims.items()]
        stale += [_warning(corrections, _added_name(a), why, a) for a in corrections.added]
        return report.model_copy(update={"warnings": [*report.warnings, *stale]}), stale

    claims = list(report.claims)
    by_id = {claim.id: index for index, claim in enumerate(claims)}
    removed: set[str] = set()
    for cid, correction in corrections.claims.items():
        if cid not in by_id:
            stale.append(_warning(corrections, f"claim {cid} ({correction.verdict})",
                                  "the extraction holds no claim with this id", None, cid))
            continue
        claim = claims[by_id[cid]]
        if correction.verdict == "not_a_claim":
            removed.add(cid)
        elif correction.verdict == "fix":
            try:
                claims[by_id[cid]] = _fixed(claim, correction, text, report)
            except _Stale as problem:
                stale.append(_warning(corrections, f"claim {cid} (fix)", problem.reason,
                                      claim, cid))
    claims = [claim for claim in claims if claim.id not in removed]
    for added in corrections.added:
        try:
            claims.append(_added(added, text, report, claims))
        except _Stale as problem:
            stale.append(_warning(corrections, _added_name(added), problem.reason, added))
    claims.sort(key=lambda claim: (claim.start, claim.end))
    curated = report.model_copy(update={"claims": claims, "warnings": [*report.warnings, *stale]})
    return curated, stale


def _added_name(added: AddedClaim) -> str:
    return f"added number {added.value:g} at {added.start}:{added.end}"


def _warning(corrections: Corrections, what: str, why: str, span: Span | None,
             cid: str | None = None) -> Warning:
    return Warning(
        code=STALE,
        message=f"corrections file {corrections.report}.json: {what} no longer applies: {why}",
        spans=[Span(start=span.start, end=span.end)] if span is not None else [],
        claim_ids=[cid] if cid else [],
    )


def _direction(value: float, other: float) -> str:
    return "above" if value > other else "below" if value < other else "equal"


def _check_fields(fields: dict, text: str) -> None:
    """What a fix or an added number says must hold here: known ids, comparators on the text."""
    measure = fields.get("measure")
    if measure is not None and measure not in MEASURES:
        raise _Stale(f"measure {measure!r} is not in the catalogue")
    statement = fields.get("statement")
    if statement is not None and statement not in _STATEMENT_SLUGS:
        raise _Stale(f"statement {statement!r} is not a quality statement's slug")
    for comparator in fields.get("comparators") or []:
        if text[comparator.start:comparator.end] != comparator.text:
            raise _Stale(f"comparator {comparator.text!r} is not at {comparator.start}:"
                         f"{comparator.end} of the text")


def _source(fix: SourceFix, near: Span, text: str, before: Source | None) -> Source:
    """The reviewer's dataset, grounded where the text cites it: a citation of that dataset in
    the claim's sentence, else the claim's old citation's span, else an empty span at the end
    of the sentence (the text cites nothing there)."""
    known = _DATASETS.get(fix.name.casefold())
    abbreviation = known.abbreviation if known else None
    for found in find_sources(text, near.start, near.end):
        if found.name.casefold() == fix.name.casefold():
            return found.model_copy(update={"date": fix.date})
    if before is not None:
        return before.model_copy(update={"name": fix.name, "date": fix.date,
                                         "abbreviation": abbreviation, "known": known is not None})
    return Source(name=fix.name, date=fix.date, abbreviation=abbreviation, text="",
                  start=near.end, end=near.end, known=known is not None)


def _fixed(claim: Claim, correction: ClaimCorrection, text: str, report: Report) -> Claim:
    changes = correction.changes()
    fields = {name: getattr(correction, name) for name in changes}
    _check_fields(fields, text)
    if "source" in fields and fields["source"] is not None:
        fields["source"] = _source(fields["source"], claim.sentence, text, claim.source)
    corrected = list(changes)
    if "value" in fields and "comparators" not in fields:
        # "direction" says where the claim's value sits against each comparator: it follows
        # the fixed value
        comparators = [c.model_copy(update={"direction": _direction(fields["value"], c.value)})
                       if c.unit == fields.get("unit", claim.unit) else c
                       for c in claim.comparators]
        if comparators != claim.comparators:
            fields["comparators"] = comparators
            corrected.append("comparators")
    fields["corrected"] = sorted(set(claim.corrected or ()) | set(corrected),
                                 key=FIXABLE.index)
    return claim.model_validate({**claim.model_dump(), **_dumped(fields)})


def _dumped(fields: dict) -> dict:
    # A period is fixed as words: the claim's period is made from them, kind and dates as the
    # claims stage reads them, at no one place of the text (null offsets)
    if isinstance(fields.get("period"), str):
        fields = {**fields, "period": period_of(fields["period"])}
    return {key: value.model_dump() if hasattr(value, "model_dump") else
            [v.model_dump() for v in value] if isinstance(value, list) and value
            and hasattr(value[0], "model_dump") else value
            for key, value in fields.items()}


# A number as a report writes it: "1,518", "64.84", ".5"
_NUMERAL = re.compile(r"\d[\d,]*(?:\.\d+)?|\.\d+")
_WORD = re.compile(r"[A-Za-z]+")


def _numbers(surface: str) -> list[float]:
    """Every number the surface text shows: numerals, number words, and their ratios
    ("one in five" -> 1, 5 and 0.2), money scales ("£2.5 million" -> 2500000)."""
    found: list[float] = []
    for match in _NUMERAL.finditer(surface):
        found.append(float(match.group().replace(",", "")))
    words = [w.casefold() for w in _WORD.findall(surface)]
    for word in words:
        if word in lexicon.NUMBER_WORDS:
            found.append(float(lexicon.NUMBER_WORDS[word]))
    scale = next((lexicon.MULTIPLIER_WORDS[w] for w in words if w in lexicon.MULTIPLIER_WORDS), None)
    if scale:
        found += [n * scale for n in list(found)]
    found += [a / b for a in list(found) for b in list(found) if b]
    return found


def _holds(surface: str, value: float) -> bool:
    return any(abs(n - value) <= 1e-9 * max(1.0, abs(value)) for n in _numbers(surface))


_SENTENCE_END = re.compile(r"[.!?](?=\s)|\n")


def _sentence(text: str, start: int, end: int) -> Span:
    """The sentence around ``[start, end)``: from after the last full stop or line break before
    it to the next one after it (a decimal point is not a full stop: one is followed by space)."""
    before = [m.end() for m in _SENTENCE_END.finditer(text, 0, start)]
    begin = before[-1] if before else 0
    while begin < start and text[begin].isspace():
        begin += 1
    after = _SENTENCE_END.search(text, end)
    finish = after.end() if after and after.group() != "\n" else after.start() if after else len(text)
    return Span(start=begin, end=max(finish, end))


def _added(added: AddedClaim, text: str, report: Report, claims: list[Claim]) -> Claim:
    if not 0 <= added.start < added.end <= len(text):
        raise _Stale(f"the span {added.start}:{added.end} is outside the text "
                     f"({len(text)} characters)")
    surface = text[added.start:added.end]
    if added.text is not None and surface != added.text:
        raise _Stale(f"the text at {added.start}:{added.end} is {surface!r}, not {added.text!r}")
    if not _holds(surface, added.value):
        raise _Stale(f"the text at {added.start}:{added.end}, {surface!r}, does not show "
                     f"{added.value:g}")
    for claim in claims:
        for start, end, what in [(claim.start, claim.end, f"claim {claim.id}"),
                                 *((c.start, c.end, f"a comparator of claim {claim.id}")
                                   for c in claim.comparators)]:
            if start < added.end and added.start < end:
                raise _Stale(f"the extraction now reads {text[start:end]!r} there, as {what}")
    fields = {name: getattr(added, name) for name in added.model_fields_set
              if name in ("measure", "qualifier", "statement", "section", "period",
                          "comparators", "source")}
    _check_fields(fields, text)
    sentence = _sentence(text, added.start, added.end)
    statement, section = locate(report, added.start)
    data = {"statement": statement, "section": section, **_dumped(fields)}
    if added.source is not None:
        data["source"] = _source(added.source, sentence, text, None).model_dump()
    return Claim.model_validate({
        "id": claim_id(report.sha256, added.start, added.end), "value": added.value,
        "unit": added.unit, "text": surface, "start": added.start, "end": added.end,
        "sentence": sentence.model_dump(), **data, "added": True,
    })
