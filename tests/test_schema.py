"""The committed schema is what the models generate, and every output validates against it."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest

import pipeline
from pipeline.models import CORRECTIONS_VERSION
from pipeline.schema import SCHEMAS, report_schema_text

ROOT = Path(__file__).parent.parent
COMMITTED = ROOT / "schemas" / "report.schema.json"
CORPUS_FILES = sorted((ROOT / "corpus").glob("*.txt"))


def test_committed_schema_matches_models():
    assert COMMITTED.read_text(encoding="utf-8") == report_schema_text(), (
        "schemas/report.schema.json drifted from pipeline/models.py: run "
        "`python -m pipeline schema --out schemas/report.schema.json` and bump SCHEMA_VERSION"
    )


@pytest.mark.parametrize("name", sorted(SCHEMAS))
def test_every_committed_schema_matches_models(name):
    assert (ROOT / "schemas" / name).read_text(encoding="utf-8") == SCHEMAS[name](), (
        f"schemas/{name} drifted from pipeline/models.py: run `python -m pipeline schema --dir "
        "schemas` and bump SCHEMA_VERSION"
    )


# each schema's own version: the corrections format is versioned apart from the report's
VERSIONS = {"report.schema.json": pipeline.SCHEMA_VERSION, "corrections.schema.json": CORRECTIONS_VERSION}


@pytest.mark.parametrize("name", sorted(SCHEMAS))
def test_schema_version_is_in_the_schema_id(name):
    schema = json.loads((ROOT / "schemas" / name).read_text(encoding="utf-8"))
    assert schema["$id"].endswith(f"/{name.split('.')[0]}-{VERSIONS[name]}.schema.json")


def test_the_corrections_schema_states_its_version(capsys):
    from pipeline.cli import main

    assert main(["schema", "--corrections"]) == 0
    schema = json.loads(capsys.readouterr().out)
    assert CORRECTIONS_VERSION in schema["$id"]
    assert schema["properties"]["schema_version"]["default"] == CORRECTIONS_VERSION


def test_package_version_matches_pyproject():
    pyproject = (ROOT / "pyproject.toml").read_text(encoding="utf-8")
    assert f'version = "{pipeline.__version__}"' in pyproject


@pytest.mark.parametrize("path", CORPUS_FILES, ids=[p.stem for p in CORPUS_FILES])
def test_corpus_output_validates(path):
    text = path.read_text(encoding="utf-8")
    document = pipeline.extract(text, name=path.stem).model_dump(mode="json")
    jsonschema.validate(document, json.loads(COMMITTED.read_text(encoding="utf-8")))
    assert document["schema_version"] == pipeline.SCHEMA_VERSION
