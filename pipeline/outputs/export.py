"""An output folder -> a Frictionless Data Package: CSV tables and ``datapackage.json``.

Input: an output folder of ``Report`` JSON files (read as ``load`` reads them:
``pipeline.outputs.versions``, one report per key, newest extraction kept). Output: in ``--out``,
one CSV per table (``TABLES``: reports, statements, claims, comparators, measure_values,
measures) and ``datapackage.json`` describing them: each field's type and description, primary
and foreign keys, and the schema and pipeline versions. spreadsheets, pandas, R and CKAN read
it without a word of our code; ``frictionless validate DIR/datapackage.json`` checks it.

CSV: UTF-8, a header row, ``,`` separated, quoted where needed; a null is an empty cell (so an
empty string is one too); booleans ``true``/``false``; dates ``YYYY-MM-DD``. Rows are in key
order: the same outputs give the same bytes. Each file is written atomically, the CSVs first
and ``datapackage.json`` last.

The columns are the database's (``pipeline.outputs.store``): the same row builders, with the
database's surrogate ids replaced by the keys an analyst can join on: ``report_key`` and a
claim's ``claim_id`` (unique within its report).
"""

from __future__ import annotations

import csv
import datetime
import io
import json
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from pipeline.files import write_atomic
from pipeline.models import SCHEMA_VERSION
from pipeline.outputs.store import (
    Item,
    LoadError,
    LoadResult,
    claim_row,
    comparator_row,
    one_per_key,
    output_files,
    read_items,
    report_key,
    report_row,
    statement_row,
)
from pipeline.reference.catalogue import BY_ID, CATALOGUE


@dataclass(frozen=True)
class Field:
    name: str
    type: str  # a Table Schema type: string, integer, number, boolean, date
    description: str
    required: bool = False


@dataclass(frozen=True)
class Table:
    name: str
    description: str
    fields: list[Field]
    primary_key: list[str]
    foreign_keys: list[tuple[list[str], str, list[str]]]  # (fields, resource, its fields)


def _f(name: str, type_: str, description: str, required: bool = False) -> Field:
    return Field(name, type_, description, required)


REPORT_KEY = _f(
    "report_key",
    "string",
    "the report's identity: its file stem (its name), else 'sha256:' and the text's hash",
    required=True,
)
CLAIM_KEY = _f(
    "claim_id",
    "string",
    "the claim's id, derived from the text's sha256 and the value's span (unique within its report)",
    required=True,
)
SPAN = [
    _f("span_start", "integer", "where the item starts in the report's text (character offset, from 0)"),
    _f("span_end", "integer", "where it ends, exclusive: text[span_start:span_end] is it"),
]
PERIOD = [
    _f("period", "string", "the period the value covers, as the report writes it"),
    _f(
        "period_kind",
        "string",
        "point, range, financial_year, projection, since, as_at or "
        "relative (schema 2.x outputs; empty for 1.x)",
    ),
    _f("period_from", "date", "the period's first day, when it has one (schema 2.x)"),
    _f("period_to", "date", "the period's last day, when it has one (schema 2.x)"),
]

TABLES = [
    Table(
        "reports",
        "One row per report (its newest extraction in the folder).",
        [
            REPORT_KEY,
            _f("name", "string", "the input's name (file stem)"),
            _f("file", "string", "the output file it was read from"),
            _f("schema_version", "string", "the schema version the output was written in", required=True),
            _f("pipeline_version", "string", "the cqc-extract version that wrote it", required=True),
            _f("sha256", "string", "sha256 of the report's text (UTF-8)", required=True),
            _f("local_authority", "string", "the council the report assesses"),
            _f("published", "date", "the report's publication date"),
            _f("overall_rating", "string", "the overall rating the report states"),
            _f("overall_score_percent", "integer", "the overall score the report states (0-100)"),
            _f(
                "overall_indicative",
                "boolean",
                "the report calls its scores indicative (pilot)",
                required=True,
            ),
            _f(
                "derived_score_percent",
                "integer",
                "the score derived from the statement scores by CQC's rule, rounded up",
            ),
            _f("derived_score_exact", "number", "the derived share itself, to two decimals"),
            _f("derived_rating", "string", "the rating CQC's bands give the derived score"),
            _f("claim_count", "integer", "claims in the report", required=True),
            _f("warning_count", "integer", "the checks' warnings on the report", required=True),
        ],
        ["report_key"],
        [],
    ),
    Table(
        "statements",
        "The quality statements of each report, with their scores.",
        [
            REPORT_KEY,
            _f("position", "integer", "the statement's place in the report, from 0", required=True),
            _f("theme", "integer", "the theme it belongs to (1-4)", required=True),
            _f("slug", "string", "the statement's id in CQC's framework", required=True),
            _f("title", "string", "its title as the report writes it", required=True),
            _f("score", "integer", "its score (1-4), when the report gives one"),
            _f("score_label", "string", "the score's words, as written"),
            _f("indicative", "boolean", "the score is indicative (pilot)", required=True),
            _f("commitment", "string", "the 'we statement' the council commits to"),
            *SPAN,
        ],
        ["report_key", "position"],
        [(["report_key"], "reports", ["report_key"])],
    ),
    Table(
        "claims",
        "One row per number the report states (a claim), with its source.",
        [
            REPORT_KEY,
            CLAIM_KEY,
            _f("position", "integer", "the claim's place in the report, from 0", required=True),
            _f("value", "number", "the value, in its unit", required=True),
            _f(
                "unit",
                "string",
                "percent, count, gbp, days, weeks, months, years, per_100k, rank, score or ratio",
                required=True,
            ),
            _f("text", "string", "the value's text as written", required=True),
            _f("qualifier", "string", "a hedge before it: approximately, over, more than, ..."),
            _f("statement_slug", "string", "the quality statement it is under (statements.slug)"),
            _f("section", "string", "the subsection heading or section title it is under"),
            *PERIOD,
            *SPAN,
            _f("sentence_start", "integer", "where its sentence starts in the text"),
            _f("sentence_end", "integer", "where its sentence ends (exclusive)"),
            _f("source_name", "string", "the dataset it cites (canonical long name)"),
            _f("source_abbreviation", "string", "the dataset's abbreviation"),
            _f("source_date", "string", "the dataset's date or edition, as written"),
            _f("source_text", "string", "the citation as written"),
            _f("source_known", "boolean", "the dataset is one cqc-extract knows"),
            _f("source_start", "integer", "where the citation starts in the text"),
            _f("source_end", "integer", "where the citation ends (exclusive)"),
            _f("measure", "string", "the published measure the value reports (measures.id)"),
            _f("corrected", "string", "the fields a reviewer changed, as a JSON list"),
            _f("added", "boolean", "a reviewer added the claim", required=True),
        ],
        ["report_key", "claim_id"],
        [
            (["report_key"], "reports", ["report_key"]),
            (["measure"], "measures", ["id"]),
        ],
    ),
    Table(
        "comparators",
        "What a claim is compared with: the England average, a target, ...",
        [
            REPORT_KEY,
            CLAIM_KEY,
            _f("position", "integer", "the comparator's place among its claim's, from 0", required=True),
            _f(
                "kind",
                "string",
                "england_average, target, previous, comparable_authorities, regional_average or other",
                required=True,
            ),
            _f("value", "number", "its value, in its unit", required=True),
            _f("unit", "string", "its unit (as claims.unit)", required=True),
            _f("text", "string", "its value's text as written", required=True),
            _f("qualifier", "string", "the report's own judgement words, lowercase"),
            _f("direction", "string", "the claim's value relative to it: above, below or equal"),
            *SPAN,
        ],
        ["report_key", "claim_id", "position"],
        [(["report_key", "claim_id"], "claims", ["report_key", "claim_id"])],
    ),
    Table(
        "measure_values",
        "One row per claim that reports a published measure, beside "
        "its England average: councils lined up on a measure (the database's view).",
        [
            _f("council", "string", "the council (reports.local_authority)"),
            _f("published", "date", "the report's publication date"),
            _f("measure", "string", "the measure's id (measures.id)", required=True),
            _f("measure_name", "string", "the measure's name"),
            _f("value", "number", "the council's value", required=True),
            _f("unit", "string", "the value's unit (as claims.unit)", required=True),
            PERIOD[0],
            _f("england_average", "number", "the England average the report compares it with"),
            _f("direction", "string", "the value relative to the England average"),
            _f("judgement", "string", "the report's words for that comparison"),
            _f("source", "string", "the dataset cited"),
            _f("source_date", "string", "the dataset's date or edition, as written"),
            _f("statement", "string", "the quality statement it is under"),
            CLAIM_KEY,
            _f("text", "string", "the value's text as written", required=True),
            REPORT_KEY,
            *PERIOD[1:],
        ],
        ["report_key", "claim_id"],
        [
            (["report_key", "claim_id"], "claims", ["report_key", "claim_id"]),
            (["measure"], "measures", ["id"]),
        ],
    ),
    Table(
        "measures",
        "The measure catalogue: the published measures claims can report.",
        [
            _f("id", "string", "the measure's id", required=True),
            _f("name", "string", "what it measures"),
            _f("dataset", "string", "the dataset that publishes it"),
            _f("unit", "string", "its usual unit"),
            _f("better", "string", "which way is better: higher, lower or neither"),
            _f(
                "in_catalogue",
                "boolean",
                "in this cqc-extract's catalogue (false: an id only an older extraction used)",
                required=True,
            ),
        ],
        ["id"],
        [],
    ),
]
BY_NAME = {table.name: table for table in TABLES}


def _date(value) -> datetime.date | None:
    if isinstance(value, datetime.date) or value is None:
        return value
    try:
        return datetime.date.fromisoformat(value)
    except ValueError:
        return None  # not an ISO date: left empty (a date column holds dates only)


def rows(items: list[Item]) -> dict[str, list[dict]]:
    """Every table's rows, in key order, from the outputs (one item per report key)."""
    tables: dict[str, list[dict]] = {table.name: [] for table in TABLES}
    measures_used: set[str] = set()
    for item in sorted(items, key=lambda item: item.key):
        report = item.output.report
        key = report_key(report)
        report_cells = {**report_row(report), "file": item.file, "published": _date(report.published)}
        tables["reports"].append(report_cells)
        flat = [s for theme in report.themes for s in theme.statements]
        tables["statements"].extend(
            {"report_key": key, "position": i, **statement_row(s)} for i, s in enumerate(flat)
        )
        for i, (claim, period) in enumerate(zip(report.claims, item.output.periods)):
            cells = {"report_key": key, "position": i, **claim_row(claim, period)}
            tables["claims"].append(cells)
            tables["comparators"].extend(
                {"report_key": key, "claim_id": claim.id, "position": j, **comparator_row(k)}
                for j, k in enumerate(claim.comparators)
            )
            if claim.measure is None:
                continue
            measures_used.add(claim.measure)
            england = next((k for k in claim.comparators if k.kind == "england_average"), None)
            known = BY_ID.get(claim.measure)
            tables["measure_values"].append(
                {
                    "council": report.local_authority,
                    "published": report_cells["published"],
                    "measure": claim.measure,
                    "measure_name": known.name if known else None,
                    "value": claim.value,
                    "unit": claim.unit,
                    "period": cells["period"],
                    "england_average": england.value if england else None,
                    "direction": england.direction if england else None,
                    "judgement": england.qualifier if england else None,
                    "source": cells["source_name"],
                    "source_date": cells["source_date"],
                    "statement": claim.statement,
                    "claim_id": claim.id,
                    "text": claim.text,
                    "report_key": key,
                    "period_kind": cells["period_kind"],
                    "period_from": cells["period_from"],
                    "period_to": cells["period_to"],
                }
            )
    tables["measures"] = [
        {
            "id": m.id,
            "name": m.name,
            "dataset": m.dataset,
            "unit": m.unit,
            "better": m.better,
            "in_catalogue": True,
        }
        for m in CATALOGUE
    ] + [{"id": unknown, "in_catalogue": False} for unknown in sorted(measures_used - set(BY_ID))]
    return tables


def _cell(value) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))  # 55.0 -> 55: a number either way, and as a person writes it
    return str(value)


def csv_bytes(table: Table, table_rows: list[dict]) -> bytes:
    buffer = io.StringIO(newline="")
    out = csv.writer(buffer, lineterminator="\n")
    out.writerow([f.name for f in table.fields])
    for row in table_rows:
        out.writerow([_cell(row.get(f.name)) for f in table.fields])
    return buffer.getvalue().encode("utf-8")


def descriptor(title: str, pipeline_version: str) -> dict:
    """``datapackage.json``: the Tabular Data Package profile (Frictionless, spec v1).
    ``pipeline_version``: the exporting cqc-extract's (the command line hands it down)."""
    return {
        "profile": "tabular-data-package",
        "name": "cqc-extract",
        "title": title,
        "description": "Claims, comparators and quality statement scores extracted from CQC "
        "local authority assessment reports by cqc-extract.",
        "cqc_extract": {"schema_version": SCHEMA_VERSION, "pipeline_version": pipeline_version},
        "resources": [
            {
                "name": table.name,
                "path": f"{table.name}.csv",
                "profile": "tabular-data-resource",
                "format": "csv",
                "mediatype": "text/csv",
                "encoding": "utf-8",
                "description": table.description,
                "schema": {
                    "fields": [
                        {
                            "name": f.name,
                            "type": f.type,
                            "description": f.description,
                            **({"constraints": {"required": True}} if f.required else {}),
                        }
                        for f in table.fields
                    ],
                    "primaryKey": table.primary_key,
                    "foreignKeys": [
                        {"fields": fields, "reference": {"resource": resource, "fields": theirs}}
                        for fields, resource, theirs in table.foreign_keys
                    ],
                    "missingValues": [""],
                },
            }
            for table in TABLES
        ],
    }


def write_package(items: list[Item], out: Path, title: str, pipeline_version: str) -> dict[str, int]:
    """Write the package into ``out``; returns the rows per table."""
    tables = rows(items)
    for table in TABLES:
        write_atomic(out / f"{table.name}.csv", csv_bytes(table, tables[table.name]))
    write_atomic(
        out / "datapackage.json",
        (json.dumps(descriptor(title, pipeline_version), indent=2, ensure_ascii=False) + "\n").encode(),
    )
    return {name: len(table_rows) for name, table_rows in tables.items()}


def run_export(
    output_dir: Path, out: Path, pipeline_version: str, say: Callable[[str], None] | None = None
) -> int:
    """``python -m pipeline export OUTPUT_DIR --out DIR``: 0, or 1 when a file was left out."""
    say = say or (lambda line: print(line, file=sys.stderr))
    try:
        files = output_files(Path(output_dir))
    except LoadError as error:
        say(f"error: {error}")
        return 1
    items, lines = read_items(files, "exported")
    for line in lines:
        say(line)
    result = LoadResult()
    items = one_per_key(items, result, "exported")
    for line in result.kept:
        say(line)
    title = f"CQC assessments extracted from {Path(output_dir).name}"
    counts = write_package(items, Path(out), title, pipeline_version)
    bad = sum(line.startswith("error:") for line in lines)
    say(
        f"wrote {Path(out) / 'datapackage.json'}: "
        + ", ".join(f"{counts[t.name]} {t.name}" for t in TABLES)
        + (f"; {bad} files not exported" if bad else "")
    )
    return 1 if bad else 0
