"""Gold annotations from review: ``python -m pipeline gold OUTPUT_DIR --corrections DIR --out GOLD_DIR``.

Input: an extraction (``OUTPUT_DIR/<stem>.json``, made without ``--corrections``), the text
each output's offsets index, and the reviewers' corrections. Output: for each report whose
corrections say ``"reviewed": true``, ``GOLD_DIR/<stem>.json`` in the annotation guide's format
(``tests/gold/GUIDE.md``), which ``evaluate`` reads:

- ``claims``: the report's claims as corrected (value, unit, measure, text and offsets,
  qualifier, statement or section, period, comparators, source);
- ``negatives``: the numbers a reviewer marked *not a claim*, with the reviewer's note as the
  reason;
- no ``structure``: a review judges the claims, not the council's name, date or scores, so the
  gold does not assert them (``evaluate`` then leaves structure out of its figures).

Corrections made on an earlier edition of the text are placed by their anchors, as
``extract --corrections`` places them. A report is left out, with a message, when a correction is stale (the gold would hold what
nobody checked) or when its output already carries reviewers' provenance (``extract
--corrections`` output: the numbers marked not a claim are gone from it, so they could not be
listed as negatives).
"""

from __future__ import annotations

import json
import sys
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from pipeline.files import report_outputs, write_atomic
from pipeline.formats.reading import TextNotFound, find_text
from pipeline.models import Corrections, Report
from pipeline.quality.corrections import CorrectionsError, apply_placed, place, read_corrections
from pipeline.reference.framework import STATEMENTS

_STATEMENT_TITLES = {s.slug: s.title for s in STATEMENTS}


class GoldError(Exception):
    """A report whose gold cannot be written: names the file and says why."""


def gold_annotation(report: Report, text: str, corrections: Corrections) -> dict[str, Any]:
    """The gold file of one reviewed report (as a JSON-ready dict)."""
    if any(claim.added or claim.corrected for claim in report.claims):
        raise GoldError(
            "its output was extracted with --corrections already: give the extraction made without them"
        )
    placed = place(report, text, corrections)
    curated, stale, _ = apply_placed(report, text, placed)
    if stale:
        raise GoldError(f"{len(stale)} correction(s) no longer apply, e.g. {stale[0].message}")
    corrections = placed.corrections  # keyed by this text's claim ids (a moved one re-bound)
    by_id = {claim.id: claim for claim in report.claims}
    negatives = [
        {
            "text": by_id[cid].text,
            "start": by_id[cid].start,
            "end": by_id[cid].end,
            "reason": correction.note or "marked not a claim by a reviewer",
        }
        for cid, correction in corrections.claims.items()
        if correction.verdict == "not_a_claim"
    ]
    name = report.name or corrections.report
    text_file = report.input.text_file if report.input and report.input.text_file else f"{name}.txt"
    return {
        "text_file": text_file,
        "text_sha256": report.sha256,
        "claims": [_claim(claim.model_dump(mode="json")) for claim in curated.claims],
        "optional": [],
        "negatives": sorted(negatives, key=lambda n: (n["start"], n["end"])),
    }


def _claim(claim: Mapping[str, Any]) -> dict[str, Any]:
    source = claim.get("source")
    statement = claim.get("statement")
    return {
        "value": claim["value"],
        "unit": claim["unit"],
        "measure": claim.get("measure"),
        "text": claim["text"],
        "start": claim["start"],
        "end": claim["end"],
        "qualifier": claim.get("qualifier"),
        "statement": (
            _STATEMENT_TITLES.get(statement, claim.get("section"))
            if statement is not None
            else claim.get("section")
        ),
        "period": (claim.get("period") or {}).get("text"),  # the guide's period: its words
        "comparators": [
            {
                "kind": c["kind"],
                "value": c["value"],
                "text": c["text"],
                "start": c["start"],
                "end": c["end"],
                "qualifier": c.get("qualifier"),
                "direction": c.get("direction"),
            }
            for c in claim.get("comparators") or []
        ],
        "source": {"name": source["name"], "date": source.get("date"), "text": source["text"]}
        if source
        else None,
    }


def gold_json(annotation: Mapping[str, Any]) -> bytes:
    return (json.dumps(annotation, indent=2, ensure_ascii=False) + "\n").encode("utf-8")


def run_gold(output_dir: Path, corrections_dir: Path, out_dir: Path, texts: Path | None = None) -> int:
    """CLI: a gold file per reviewed report; problems on stderr. Exit 0 when every reviewed
    report got its gold, 1 when any was left out, 2 when nothing could be read."""
    for folder, what in ((output_dir, "OUTPUT_DIR"), (corrections_dir, "--corrections")):
        if not Path(folder).is_dir():
            print(f"gold: {what} {folder}: not a folder", file=sys.stderr)
            return 2
    written, problems, unreviewed = 0, 0, 0
    outputs = {path.stem: path for path in report_outputs(output_dir)}
    for path in sorted(Path(corrections_dir).glob("*.json")):
        try:
            corrections = read_corrections(path)
        except CorrectionsError as error:
            print(f"gold: {error}", file=sys.stderr)
            problems += 1
            continue
        if not corrections.reviewed:
            unreviewed += 1
            continue
        output = outputs.get(corrections.report)
        try:
            if output is None:
                raise GoldError(f"no output {corrections.report}.json in {output_dir}")
            report = Report.model_validate_json(output.read_bytes())
            text = find_text(report.model_dump(mode="json"), output, texts)
            annotation = gold_annotation(report, text, corrections)
        except (GoldError, TextNotFound, ValueError, OSError) as error:
            print(f"gold: {path}: {error}", file=sys.stderr)
            problems += 1
            continue
        write_atomic(Path(out_dir) / f"{corrections.report}.json", gold_json(annotation))
        written += 1
    print(
        f"{written} gold file(s) written to {out_dir}; {unreviewed} report(s) not marked "
        f"reviewed left out" + (f"; {problems} could not be written (see above)" if problems else "")
    )
    return 1 if problems else 0
