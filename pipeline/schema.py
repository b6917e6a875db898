"""JSON schema generation from the models (the committed copies live in schemas/)."""

from __future__ import annotations

import json

from pipeline.models import SCHEMA_VERSION, Corrections, Report


def _schema(model, name: str) -> dict:
    schema = model.model_json_schema()
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["$id"] = f"https://cqc-extract.invalid/schemas/{name}-{SCHEMA_VERSION}.schema.json"
    return schema


def report_schema() -> dict:
    return _schema(Report, "report")


def corrections_schema() -> dict:
    return _schema(Corrections, "corrections")


def _text(schema: dict) -> str:
    return json.dumps(schema, indent=2, sort_keys=True) + "\n"


def report_schema_text() -> str:
    return _text(report_schema())


def corrections_schema_text() -> str:
    return _text(corrections_schema())


# file name in schemas/ -> its text
SCHEMAS = {"report.schema.json": report_schema_text, "corrections.schema.json": corrections_schema_text}
