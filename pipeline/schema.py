"""JSON schema generation from the models (the committed copies live in schemas/)."""

from __future__ import annotations

import json

from pipeline.models import CORRECTIONS_VERSION, SCHEMA_VERSION, Corrections, Report


def _schema(model, name: str, version: str) -> dict:
    schema = model.model_json_schema()
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["$id"] = f"https://cqc-extract.invalid/schemas/{name}-{version}.schema.json"
    return schema


def report_schema() -> dict:
    return _schema(Report, "report", SCHEMA_VERSION)


def corrections_schema() -> dict:
    """The corrections file's schema: its own version (``CORRECTIONS_VERSION``) in ``$id``
    and as the default of its ``schema_version``."""
    return _schema(Corrections, "corrections", CORRECTIONS_VERSION)


def _text(schema: dict) -> str:
    return json.dumps(schema, indent=2, sort_keys=True) + "\n"


def report_schema_text() -> str:
    return _text(report_schema())


def corrections_schema_text() -> str:
    return _text(corrections_schema())


# file name in schemas/ -> its text
SCHEMAS = {"report.schema.json": report_schema_text, "corrections.schema.json": corrections_schema_text}
