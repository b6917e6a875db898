"""JSON schema generation from the models (the committed copy lives in schemas/)."""

from __future__ import annotations

import json

from pipeline.models import SCHEMA_VERSION, Report


def report_schema() -> dict:
    schema = Report.model_json_schema()
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["$id"] = f"https://cqc-extract.invalid/schemas/report-{SCHEMA_VERSION}.schema.json"
    return schema


def report_schema_text() -> str:
    return json.dumps(report_schema(), indent=2, sort_keys=True) + "\n"
