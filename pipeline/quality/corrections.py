"""A reviewer's corrections applied to a fresh extraction: the curated report.

Input: a ``Report``, the text its offsets index and the report's ``Corrections`` (the file
``corrections/<stem>.json``, format in ``pipeline.models.Corrections`` and docs/review.md).
Output: the curated report and the ``correction-stale`` and ``correction-moved`` warnings
(also appended to the report's warnings). ``apply`` is a plain function: same inputs, same
bytes out.

- ``not_a_claim`` removes the claim; ``fix`` sets the fields it names and records them in the
  claim's ``corrected``; ``correct`` changes nothing; an ``added`` number becomes a claim whose
  id is derived from its span as every claim's is, with ``added: true``.
- Each correction is first placed on this text (``place``): a claim entry by its claim id, else
  by its ``anchor`` (W3C Web Annotation text-quote and text-position selectors): the one whole
  match of prefix + exact + suffix, else the match of exact nearest the old position whose
  prefix or suffix agrees; it is then re-bound to the claim now at that span. An added number
  with an anchor is placed by it, one without by its offsets on the text it was made on. A
  correction placed elsewhere than it was made is applied with a ``correction-moved`` warning
  giving the old and new offsets; ``rebase`` rewrites the file for this text.
- A correction that cannot be placed, or no longer holds, is never applied elsewhere: its quote
  is gone or cannot be told apart, the text changed and it has no anchor, no claim is at its
  span, an added span no longer holds its number (or overlaps a value the extraction now
  finds), or what it says is not valid here (a measure the catalogue does not hold, a
  statement the framework does not know, a comparator whose text is not at its offsets). Each
  becomes one ``correction-stale`` warning naming the correction.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path

from pydantic import ValidationError

from pipeline.models import (
    ANCHOR_CONTEXT,
    CORRECTIONS_VERSION,
    FIXABLE,
    AddedClaim,
    Anchor,
    Claim,
    ClaimCorrection,
    Corrections,
    Report,
    Source,
    SourceFix,
    Span,
    Warning,
    claim_id,
)
from pipeline.reference import lexicon
from pipeline.reference.catalogue import BY_ID as MEASURES
from pipeline.reference.framework import STATEMENTS
from pipeline.stages.claims.periods import period_of
from pipeline.stages.segment import locate
from pipeline.stages.sources import find_sources

STALE = "correction-stale"
MOVED = "correction-moved"
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
        problems = [
            f"{'.'.join(str(part) for part in item['loc']) or 'top level'}: {item['msg']}"
            for item in error.errors()
        ]
        if len(problems) == 1:
            raise CorrectionsError(f"{path}: {problems[0]}") from None
        raise CorrectionsError(
            f"{path}: {len(problems)} problems:" + "".join(f"\n  {problem}" for problem in problems)
        ) from None
    if corrections.report != Path(path).stem:
        raise CorrectionsError(
            f"{path}: report {corrections.report!r}: the file of report "
            f"{corrections.report!r} must be named {corrections.report}.json"
        )
    return corrections


def load_corrections(folder: Path, stem: str) -> Corrections | None:
    """``folder/<stem>.json`` when there is one, else None."""
    path = corrections_path(folder, stem)
    return read_corrections(path) if path.is_file() else None


def corrections_json(corrections: Corrections) -> bytes:
    """The file's bytes: only the fields given (a ``fix`` keeps its short form), two-space indent."""
    data = corrections.model_dump(mode="json", exclude_unset=True)
    data["schema_version"] = CORRECTIONS_VERSION  # a 1.0.0 file is a valid file of this version
    data.setdefault("reviewed", corrections.reviewed)
    data.setdefault("claims", {})
    data.setdefault("added", [])
    ordered = {
        key: data[key] for key in ("schema_version", "report", "sha256", "reviewed", "claims", "added")
    }
    return (json.dumps(ordered, indent=2, ensure_ascii=False) + "\n").encode("utf-8")


def count(corrections: Corrections) -> int:
    """How many corrections the file holds (a verdict per claim, and each added number)."""
    return len(corrections.claims) + len(corrections.added)


# ---------------------------------------------------------------------------------------------
# Applying


@dataclass(frozen=True)
class _Stale(Exception):
    reason: str


# ---------------------------------------------------------------------------------------------
# Anchors: finding a correction's span again on a new edition of the text


def anchor_at(text: str, start: int, end: int) -> Anchor:
    """The anchor of ``text[start:end]``: the quote, its context either side, its offsets."""
    return Anchor(
        exact=text[start:end],
        prefix=text[max(0, start - ANCHOR_CONTEXT) : start],
        suffix=text[end : end + ANCHOR_CONTEXT],
        start=start,
        end=end,
    )


def _occurrences(text: str, needle: str) -> list[int]:
    found, at = [], text.find(needle)
    while at >= 0:
        found.append(at)
        at = text.find(needle, at + 1)
    return found


def find_anchor(anchor: Anchor, text: str) -> tuple[int, int]:
    """Where ``anchor``'s quote is in ``text``: the one whole match of prefix + exact + suffix
    (the one at the old position when the whole quote repeats), else the match of exact
    nearest the old position whose prefix or suffix agrees. ``_Stale`` when the quote is gone
    or its places cannot be told apart."""
    size = len(anchor.exact)
    whole = [
        at + len(anchor.prefix) for at in _occurrences(text, anchor.prefix + anchor.exact + anchor.suffix)
    ]
    if anchor.start in whole or len(whole) == 1:
        start = anchor.start if anchor.start in whole else whole[0]
        return start, start + size
    if whole:
        raise _Stale(
            f"its quote {anchor.exact!r} is found {len(whole)} times with the same "
            "context: its place cannot be told apart"
        )
    agreeing = [
        at
        for at in _occurrences(text, anchor.exact)
        if text[max(0, at - ANCHOR_CONTEXT) : at] == anchor.prefix
        or text[at + size : at + size + ANCHOR_CONTEXT] == anchor.suffix
    ]
    if not agreeing:
        raise _Stale(
            f"its quote {anchor.exact!r} (at {anchor.start}:{anchor.end}) is no longer "
            "in the text with its context"
        )
    agreeing.sort(key=lambda at: abs(at - anchor.start))
    if len(agreeing) > 1 and abs(agreeing[0] - anchor.start) == abs(agreeing[1] - anchor.start):
        raise _Stale(
            f"its quote {anchor.exact!r} is found at {agreeing[0]} and {agreeing[1]}, "
            f"as near its old place {anchor.start}: its place cannot be told apart"
        )
    return agreeing[0], agreeing[0] + size


def relocate(old_text: str, start: int, end: int, new_text: str) -> tuple[int, int] | None:
    """Where ``old_text[start:end]`` is in ``new_text``, found by its anchor; None when its
    quote is gone or cannot be told apart (``diff`` matches claims across editions so)."""
    try:
        return find_anchor(anchor_at(old_text, start, end), new_text)
    except _Stale:
        return None


def _shifted(comparators: list[dict], delta: int, sentence: Span, text: str) -> list[dict]:
    """A fix's comparators on a new edition of the text: moved by the claim's shift when their
    text is there, else at the occurrence of their text in the claim's sentence nearest that
    place (words between them changed); left as given when there is none (the fix is then
    stale, its comparator off the text)."""
    moved = []
    for comparator in comparators:
        start = comparator["start"] + delta
        if text[start : comparator["end"] + delta] != comparator["text"]:
            places = (
                [
                    sentence.start + at
                    for at in _occurrences(text[sentence.start : sentence.end], comparator["text"])
                ]
                if comparator["text"]
                else []
            )
            start = min(places, key=lambda at: abs(at - start)) if places else comparator["start"]
        moved.append({**comparator, "start": start, "end": start + len(comparator["text"])})
    return moved


# ---------------------------------------------------------------------------------------------
# Placing the corrections on this text


@dataclass(frozen=True)
class Placed:
    """One report's corrections placed on its text (``place``).

    ``corrections`` holds what applies here: keyed by the ids of this text's claims, added
    numbers at their offsets in it, every entry anchored on it. ``unplaced`` holds the entries
    that cannot be placed, as they were, with ``stale`` saying why; ``moved`` tells of the
    entries found elsewhere than they were made.
    """

    corrections: Corrections
    unplaced_claims: dict[str, ClaimCorrection]
    unplaced_added: list[AddedClaim]
    stale: list[Warning]
    moved: list[Warning]


def place(report: Report, text: str, corrections: Corrections) -> Placed:
    """Each correction on ``text``: a claim entry by its id, else by its anchor; an added
    number by its anchor, else (made on this text) by its offsets."""
    same_text = corrections.sha256 == report.sha256
    changed = (
        f"the report text changed (sha256 {report.sha256[:12]}..., the corrections were "
        f"made on {corrections.sha256[:12]}...) and it has no anchor to find its place by"
    )
    claims = {claim.id: claim for claim in report.claims}
    at_span = {(claim.start, claim.end): claim for claim in report.claims}
    placed: dict[str, ClaimCorrection] = {}
    unplaced: dict[str, ClaimCorrection] = {}
    unplaced_added: list[AddedClaim] = []
    stale: list[Warning] = []
    moved: list[Warning] = []
    for cid, correction in corrections.claims.items():
        what = f"claim {cid} ({correction.verdict})"
        try:
            claim, delta = _claim_for(cid, correction, text, claims, at_span, same_text, changed)
            if claim.id in placed:
                raise _Stale(f"another correction is already placed on claim {claim.id}")
        except _Stale as problem:
            unplaced[cid] = correction
            stale.append(_warning(corrections, what, problem.reason, None, cid))
            continue
        data = correction.model_dump(mode="json", exclude_unset=True)
        data["anchor"] = anchor_at(text, claim.start, claim.end).model_dump()
        if not same_text and data.get("comparators"):
            data["comparators"] = _shifted(data["comparators"], delta, claim.sentence, text)
        placed[claim.id] = ClaimCorrection.model_validate(data)
        if correction.anchor and (correction.anchor.start, correction.anchor.end) != (claim.start, claim.end):
            moved.append(_moved(corrections, what, correction.anchor, claim, claim.id))
    added: list[AddedClaim] = []
    for entry in corrections.added:
        try:
            if entry.anchor is not None:
                start, end = find_anchor(entry.anchor, text)
            elif same_text:
                start, end = entry.start, entry.end
            else:
                raise _Stale(changed)
        except _Stale as problem:
            unplaced_added.append(entry)
            stale.append(_warning(corrections, _added_name(entry), problem.reason, entry))
            continue
        data = entry.model_dump(mode="json", exclude_unset=True)
        delta = start - entry.start
        if 0 <= start < end <= len(text):
            data["anchor"] = anchor_at(text, start, end).model_dump()
        if not same_text and data.get("comparators"):
            data["comparators"] = _shifted(data["comparators"], delta, _sentence(text, start, end), text)
        added.append(AddedClaim.model_validate({**data, "start": start, "end": end}))
        if delta:
            moved.append(_moved(corrections, _added_name(entry), entry, Span(start=start, end=end)))
    rebased = Corrections.model_validate(
        {
            **corrections.model_dump(mode="json", exclude_unset=True),
            "sha256": report.sha256,
            "claims": {cid: c.model_dump(mode="json", exclude_unset=True) for cid, c in placed.items()},
            "added": [a.model_dump(mode="json", exclude_unset=True) for a in added],
        }
    )
    return Placed(rebased, unplaced, unplaced_added, stale, moved)


def _claim_for(
    cid: str,
    correction: ClaimCorrection,
    text: str,
    claims: dict[str, Claim],
    at_span: dict[tuple[int, int], Claim],
    same_text: bool,
    changed: str,
) -> tuple[Claim, int]:
    """The claim a correction is of on this text, and how far its span moved."""
    if same_text and cid in claims:  # ids derive from the text's sha256: only this text's match
        return claims[cid], 0
    if correction.anchor is None:
        raise _Stale("the extraction holds no claim with this id" if same_text else changed)
    start, end = find_anchor(correction.anchor, text)
    claim = at_span.get((start, end))
    if claim is None:
        raise _Stale(
            f"its quote {correction.anchor.exact!r} is found at {start}:{end}, where "
            "the extraction holds no claim"
        )
    return claim, start - correction.anchor.start


def _moved(
    corrections: Corrections, what: str, old: Span | Anchor, new: Span, cid: str | None = None
) -> Warning:
    now = f", now claim {cid}" if cid else ""
    return Warning(
        code=MOVED,
        message=f"corrections file {corrections.report}.json: {what} moved from {old.start}:"
        f"{old.end} to {new.start}:{new.end}{now} (the text changed around it)",
        spans=[Span(start=new.start, end=new.end)],
        claim_ids=[cid] if cid else [],
    )


def rebase(report: Report, text: str, corrections: Corrections) -> Corrections:
    """The corrections file rewritten for this text (what ``review`` saves): every entry that
    applies here keyed and anchored on this text; the entries that cannot be placed kept as
    they were (stale, shown to the reviewer, never applied)."""
    placed = place(report, text, corrections)
    data = placed.corrections.model_dump(mode="json", exclude_unset=True)
    for cid, correction in placed.unplaced_claims.items():
        data.setdefault("claims", {})[cid] = correction.model_dump(mode="json", exclude_unset=True)
    data["added"] = sorted(
        [
            *data.get("added", []),
            *(a.model_dump(mode="json", exclude_unset=True) for a in placed.unplaced_added),
        ],
        key=lambda a: (a["start"], a["end"]),
    )
    data["schema_version"] = CORRECTIONS_VERSION
    return Corrections.model_validate(data)


# ---------------------------------------------------------------------------------------------
# Applying


def apply(report: Report, text: str, corrections: Corrections) -> tuple[Report, list[Warning]]:
    """The curated report and its ``correction-stale`` warnings (also in its ``warnings``,
    followed by the ``correction-moved`` ones: ``apply_placed`` returns those too)."""
    curated, stale, _ = apply_placed(report, text, place(report, text, corrections))
    return curated, stale


def apply_placed(report: Report, text: str, placed: Placed) -> tuple[Report, list[Warning], list[Warning]]:
    """``apply`` given the placed corrections: (curated report, stale warnings, moved warnings)."""
    corrections = placed.corrections
    stale: list[Warning] = list(placed.stale)
    claims = list(report.claims)
    by_id = {claim.id: index for index, claim in enumerate(claims)}
    removed: set[str] = set()
    for cid, correction in corrections.claims.items():
        claim = claims[by_id[cid]]
        if correction.verdict == "not_a_claim":
            removed.add(cid)
        elif correction.verdict == "fix":
            try:
                claims[by_id[cid]] = _fixed(claim, correction, text, report)
            except _Stale as problem:
                stale.append(_warning(corrections, f"claim {cid} (fix)", problem.reason, claim, cid))
    claims = [claim for claim in claims if claim.id not in removed]
    for added in corrections.added:
        try:
            claims.append(_added(added, text, report, claims))
        except _Stale as problem:
            stale.append(_warning(corrections, _added_name(added), problem.reason, added))
    claims.sort(key=lambda claim: (claim.start, claim.end))
    curated = report.model_copy(
        update={"claims": claims, "warnings": [*report.warnings, *stale, *placed.moved]}
    )
    return curated, stale, list(placed.moved)


def _added_name(added: AddedClaim) -> str:
    return f"added number {added.value:g} at {added.start}:{added.end}"


def _warning(
    corrections: Corrections, what: str, why: str, span: Span | None, cid: str | None = None
) -> Warning:
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
        if text[comparator.start : comparator.end] != comparator.text:
            raise _Stale(
                f"comparator {comparator.text!r} is not at {comparator.start}:{comparator.end} of the text"
            )


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
        return before.model_copy(
            update={
                "name": fix.name,
                "date": fix.date,
                "abbreviation": abbreviation,
                "known": known is not None,
            }
        )
    return Source(
        name=fix.name,
        date=fix.date,
        abbreviation=abbreviation,
        text="",
        start=near.end,
        end=near.end,
        known=known is not None,
    )


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
        comparators = [
            c.model_copy(update={"direction": _direction(fields["value"], c.value)})
            if c.unit == fields.get("unit", claim.unit)
            else c
            for c in claim.comparators
        ]
        if comparators != claim.comparators:
            fields["comparators"] = comparators
            corrected.append("comparators")
    fields["corrected"] = sorted(set(claim.corrected or ()) | set(corrected), key=FIXABLE.index)
    return claim.model_validate({**claim.model_dump(), **_dumped(fields)})


def _dumped(fields: dict) -> dict:
    # A period is fixed as words: the claim's period is made from them, kind and dates as the
    # claims stage reads them, at no one place of the text (null offsets)
    if isinstance(fields.get("period"), str):
        fields = {**fields, "period": period_of(fields["period"])}
    return {
        key: value.model_dump()
        if hasattr(value, "model_dump")
        else [v.model_dump() for v in value]
        if isinstance(value, list) and value and hasattr(value[0], "model_dump")
        else value
        for key, value in fields.items()
    }


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
        raise _Stale(f"the span {added.start}:{added.end} is outside the text ({len(text)} characters)")
    surface = text[added.start : added.end]
    if added.text is not None and surface != added.text:
        raise _Stale(f"the text at {added.start}:{added.end} is {surface!r}, not {added.text!r}")
    if not _holds(surface, added.value):
        raise _Stale(f"the text at {added.start}:{added.end}, {surface!r}, does not show {added.value:g}")
    for claim in claims:
        for start, end, what in [
            (claim.start, claim.end, f"claim {claim.id}"),
            *((c.start, c.end, f"a comparator of claim {claim.id}") for c in claim.comparators),
        ]:
            if start < added.end and added.start < end:
                raise _Stale(f"the extraction now reads {text[start:end]!r} there, as {what}")
    fields = {
        name: getattr(added, name)
        for name in added.model_fields_set
        if name in ("measure", "qualifier", "statement", "section", "period", "comparators", "source")
    }
    _check_fields(fields, text)
    sentence = _sentence(text, added.start, added.end)
    statement, section = locate(report, added.start)
    data = {"statement": statement, "section": section, **_dumped(fields)}
    if added.source is not None:
        data["source"] = _source(added.source, sentence, text, None).model_dump()
    return Claim.model_validate(
        {
            "id": claim_id(report.sha256, added.start, added.end),
            "value": added.value,
            "unit": added.unit,
            "text": surface,
            "start": added.start,
            "end": added.end,
            "sentence": sentence.model_dump(),
            **data,
            "added": True,
        }
    )


# ---------------------------------------------------------------------------------------------
# Where the work stands


@dataclass(frozen=True)
class ReviewStatus:
    """How far one report's review has come (the overview's review columns)."""

    judged: int  # the extraction's claims a verdict is placed on
    total: int  # the extraction's claims
    added: int  # numbers a reviewer added (placed on this text)
    reviewed: bool  # the reviewer marked the whole report reviewed
    stale: int  # corrections that no longer apply
    moved: int  # corrections found again elsewhere on a new edition of the text
    problem: str | None = None  # the corrections file cannot be read (then the rest is 0)


def review_status(report: Report, text: str, corrections: Corrections | None) -> ReviewStatus:
    """The review's state of one report: nothing judged when there is no corrections file."""
    if corrections is None:
        return ReviewStatus(0, len(report.claims), 0, False, 0, 0)
    placed = place(report, text, corrections)
    _, stale, moved = apply_placed(report, text, placed)
    return ReviewStatus(
        len(placed.corrections.claims),
        len(report.claims),
        len(placed.corrections.added),
        corrections.reviewed,
        len(stale),
        len(moved),
    )


def folder_status(folder: Path, stem: str, report: Report, text: str) -> ReviewStatus:
    """``review_status`` of the report with its file ``folder/<stem>.json`` (if any); a file
    that cannot be read is a status naming its problem, never an exception."""
    try:
        return review_status(report, text, load_corrections(folder, stem))
    except CorrectionsError as error:
        return ReviewStatus(0, len(report.claims), 0, False, 0, 0, problem=str(error))
