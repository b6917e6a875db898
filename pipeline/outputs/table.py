"""One table across councils: every claim that has a measure, lined up by measure.

Input: an output folder of ``Report`` JSON files (``python -m pipeline extract``). Output: rows
(``MeasureRow``), one per claim with a measure, sorted by measure, then council, published date
and position in the text; written as CSV, Markdown or JSON. The database view
``measure_values`` (``pipeline.outputs.store``) holds the same rows.

``check_averages(rows)``: the England average of a measure should be one number per dataset
edition. Rows citing the same source name and date whose England averages differ are listed
(a typo in a report, or an edition the report did not name). Averages written to different
precision ("62.7%" and "62.72%") agree when they are equal at the lesser precision. Different
editions with different averages are not flagged, nor are rows without a dated source.

``check_units(rows)``: a measure has one unit (the catalogue's); a measure reported in two units
across the rows (outputs of an older pipeline, or corrected by hand) is listed with each unit's
rows.
"""

from __future__ import annotations

import csv
import io
import json
import sys
from dataclasses import asdict, dataclass, fields
from pathlib import Path

from pydantic import ValidationError

from pipeline.files import report_outputs, write_atomic
from pipeline.models import Report
from pipeline.reference.catalogue import BY_ID

FORMATS = ("csv", "markdown", "json")


@dataclass(frozen=True)
class MeasureRow:
    council: str | None
    published: str | None
    measure: str
    measure_name: str | None
    value: float
    unit: str
    period: str | None  # as written
    period_from: str | None  # the first day it names (ISO date), when the words give one
    period_to: str | None  # the last day it names
    period_kind: str | None  # point, range, financial_year, projection, since, as_at, relative
    england_average: float | None
    direction: str | None  # the value relative to the England average
    judgement: str | None  # the report's own words for that comparison
    source: str | None
    source_date: str | None
    statement: str | None
    claim_id: str
    text: str  # the value as written
    england_text: str | None  # the England average as written
    report: str | None  # the output's name (file stem)


def rows_of(report: Report) -> list[MeasureRow]:
    """One row per claim of ``report`` that has a measure, in text order."""
    out = []
    for claim in report.claims:
        if claim.measure is None:
            continue
        england = next((k for k in claim.comparators if k.kind == "england_average"), None)
        measure = BY_ID.get(claim.measure)
        period = claim.period
        out.append(
            MeasureRow(
                council=report.local_authority,
                published=report.published,
                measure=claim.measure,
                measure_name=measure.name if measure else None,
                value=claim.value,
                unit=claim.unit,
                period=period.text if period else None,
                period_from=period.from_.isoformat() if period and period.from_ else None,
                period_to=period.to.isoformat() if period and period.to else None,
                period_kind=period.kind if period else None,
                england_average=england.value if england else None,
                direction=england.direction if england else None,
                judgement=england.qualifier if england else None,
                source=claim.source.name if claim.source else None,
                source_date=claim.source.date if claim.source else None,
                statement=claim.statement,
                claim_id=claim.id,
                text=claim.text,
                england_text=england.text if england else None,
                report=report.name,
            )
        )
    return out


def _sort_key(row: MeasureRow, position: int) -> tuple:
    return (row.measure, row.council or "", row.published or "", row.report or "", position)


def read_rows(folder: Path, measures: list[str] | None = None) -> tuple[list[MeasureRow], list[str]]:
    """(rows of every report in ``folder``, sorted; problems, one line per unreadable file)."""
    folder = Path(folder)
    if not folder.is_dir():
        raise FileNotFoundError(f"{folder}: no such folder")
    keyed, problems = [], []
    for path in report_outputs(folder):
        try:
            report = Report.model_validate_json(path.read_bytes())
        except OSError as error:
            problems.append(f"{path}: cannot read: {error.strerror}")
            continue
        except ValidationError as error:
            first = error.errors()[0]
            where = ".".join(str(part) for part in first["loc"]) or "the document"
            problems.append(f"{path}: not a report (first problem at {where}: {first['msg']})")
            continue
        for position, row in enumerate(rows_of(report)):
            if measures is None or row.measure in measures:
                keyed.append((_sort_key(row, position), row))
    keyed.sort(key=lambda pair: pair[0])
    return [row for _, row in keyed], problems


# --- formats ---------------------------------------------------------------------------------

COLUMNS = [f.name for f in fields(MeasureRow)]


def _cell(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float):
        return f"{value:g}"
    return str(value)


def to_csv(rows: list[MeasureRow]) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(COLUMNS)
    for row in rows:
        writer.writerow([_cell(getattr(row, column)) for column in COLUMNS])
    return buffer.getvalue()


# The Markdown table shows what a reader compares; the CSV and JSON carry every column.
MARKDOWN_COLUMNS = [
    "measure",
    "council",
    "published",
    "text",
    "england_text",
    "judgement",
    "source",
    "source_date",
    "statement",
]


def to_markdown(rows: list[MeasureRow]) -> str:
    def escape(value) -> str:
        return _cell(value).replace("|", "\\|").replace("\n", " ")

    heads = [
        "measure",
        "council",
        "published",
        "value",
        "England average",
        "judgement",
        "source",
        "source date",
        "statement",
    ]
    lines = ["| " + " | ".join(heads) + " |", "|" + " --- |" * len(heads)]
    for row in rows:
        lines.append("| " + " | ".join(escape(getattr(row, c)) for c in MARKDOWN_COLUMNS) + " |")
    return "\n".join(lines) + "\n"


def to_json(rows: list[MeasureRow]) -> str:
    return json.dumps([asdict(row) for row in rows], indent=2, ensure_ascii=False) + "\n"


RENDER = {"csv": to_csv, "markdown": to_markdown, "json": to_json}


# --- the check across reports ----------------------------------------------------------------


@dataclass(frozen=True)
class AverageConflict:
    measure: str
    source: str
    source_date: str
    averages: list[tuple[str, str | None]]  # (England average as written, council), per row


def _decimals(text: str | None, value: float) -> int:
    digits = "".join(ch for ch in (text or f"{value:g}") if ch.isdigit() or ch == ".")
    return len(digits.split(".", 1)[1]) if "." in digits else 0


def _agree(a: tuple[float, int], b: tuple[float, int]) -> bool:
    places = min(a[1], b[1])
    return round(a[0], places) == round(b[0], places)


def check_averages(rows: list[MeasureRow]) -> list[AverageConflict]:
    """Every (measure, source, date) whose England averages disagree across rows."""
    groups: dict[tuple[str, str, str], list[MeasureRow]] = {}
    for row in rows:
        if row.england_average is None or not row.source or not row.source_date:
            continue
        groups.setdefault((row.measure, row.source, " ".join(row.source_date.split())), []).append(row)
    conflicts = []
    for (measure, source, date), members in sorted(groups.items()):
        written: list[tuple[float, int]] = []
        for m in members:
            average = m.england_average
            assert average is not None  # groups hold only rows with an England average
            written.append((average, _decimals(m.england_text, average)))
        if all(_agree(x, y) for x in written for y in written):
            continue
        conflicts.append(
            AverageConflict(
                measure,
                source,
                date,
                [(m.england_text or _cell(m.england_average), m.council) for m in members],
            )
        )
    return conflicts


@dataclass(frozen=True)
class UnitConflict:
    measure: str
    units: list[tuple[str, int, list[str]]]  # (unit, rows, councils), most rows first


def check_units(rows: list[MeasureRow]) -> list[UnitConflict]:
    """Every measure reported in more than one unit across the rows."""
    units: dict[str, dict[str, list[MeasureRow]]] = {}
    for row in rows:
        units.setdefault(row.measure, {}).setdefault(row.unit, []).append(row)
    return [
        UnitConflict(
            measure,
            sorted(
                (
                    (unit, len(members), sorted({m.council or "(council unknown)" for m in members}))
                    for unit, members in by_unit.items()
                ),
                key=lambda u: (-u[1], u[0]),
            ),
        )
        for measure, by_unit in sorted(units.items())
        if len(by_unit) > 1
    ]


def format_unit_conflicts(conflicts: list[UnitConflict]) -> str:
    if not conflicts:
        return "every measure is reported in one unit\n"
    lines = []
    for c in conflicts:
        lines.append(f"{c.measure}: reported in {len(c.units)} units")
        lines.extend(f"  {unit}: {count} row(s): {', '.join(councils)}" for unit, count, councils in c.units)
    return "\n".join(lines) + "\n"


def format_conflicts(conflicts: list[AverageConflict]) -> str:
    if not conflicts:
        return "England averages agree for every measure and dataset edition\n"
    lines = []
    for c in conflicts:
        lines.append(f"{c.measure}: {c.source}, {c.source_date}: England averages differ")
        lines.extend(f"  {average}  {council or '(council unknown)'}" for average, council in c.averages)
    return "\n".join(lines) + "\n"


# --- the command -----------------------------------------------------------------------------


def run_table(
    folder: Path,
    measures: list[str] | None = None,
    fmt: str = "csv",
    out: Path | None = None,
    check: bool = False,
) -> int:
    """``python -m pipeline table``: 0 on success; 1 when files were unreadable or, with
    ``check``, when England averages disagree; 2 on a bad argument."""
    unknown = sorted(set(measures or []) - set(BY_ID))
    if unknown:
        print(
            f"error: unknown measure id(s): {', '.join(unknown)} (see pipeline/reference/catalogue.py)",
            file=sys.stderr,
        )
        return 2
    try:
        rows, problems = read_rows(Path(folder), measures or None)
    except FileNotFoundError as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    for problem in problems:
        print(f"error: {problem}; left out", file=sys.stderr)
    if check:
        conflicts, units = check_averages(rows), check_units(rows)
        if fmt == "json":  # the average conflicts, then the unit conflicts (told by their fields)
            text = (
                json.dumps([*map(asdict, conflicts), *map(asdict, units)], indent=2, ensure_ascii=False)
                + "\n"
            )
        else:
            text = format_conflicts(conflicts) + format_unit_conflicts(units)
        status = 1 if conflicts or units or problems else 0
    else:
        text = RENDER[fmt](rows)
        status = 1 if problems else 0
    if out is not None:
        write_atomic(Path(out), text.encode("utf-8"))
        print(f"{len(rows)} rows written to {out}", file=sys.stderr)
    else:
        sys.stdout.write(text)
    return status
