"""``export``: an output folder as a Frictionless Data Package, validated with the
``frictionless`` library (types, required fields, primary and foreign keys), with one claims
row per claim in the outputs, the database's rows, and the same bytes twice.
"""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest
import sqlalchemy as sa

frictionless = pytest.importorskip("frictionless")

from conftest import SACE, make_report  # noqa: E402

from pipeline import __version__  # noqa: E402
from pipeline.batch import report_json  # noqa: E402
from pipeline.cli import main  # noqa: E402
from pipeline.models import SCHEMA_VERSION  # noqa: E402
from pipeline.outputs import export, store  # noqa: E402

REPORTS = [
    make_report(
        "north",
        "North Council",
        claims=[
            dict(start=100, value=55.0, england=60.0, qualifier="lower than", measure="ascs-feel-safe"),
            dict(start=200, value=70.5, england=65.0),
            dict(start=300, value=40.0, england=45.0, source=SACE, measure="sace-carer-feel-safe"),
            dict(start=400, value=1200, unit="count", source=None, statement=None),
        ],
    ),
    make_report(
        "south",
        'South, "Borough"\nCouncil',
        claims=[
            dict(start=150, value=30.0, england=33.5, measure="ascs-feel-safe"),
        ],
    ),
    make_report("east", None, claims=[], scores={"assessing-needs": 2}, rating=None),
]


def outputs(folder: Path) -> Path:
    """The reports above, a schema 2.x output with a period object, and one whose measure is
    no longer in the catalogue."""
    folder.mkdir(parents=True, exist_ok=True)
    for report in REPORTS:
        (folder / f"{report.name}.json").write_bytes(report_json(report))
    west = json.loads(
        report_json(
            make_report(
                "west",
                "West Council",
                claims=[
                    dict(start=10, value=12.0, england=14.0, measure="ascs-feel-safe"),
                    dict(start=50, value=3.0, unit="count", source=None, measure="retired-measure-id"),
                ],
            )
        )
    )
    west["schema_version"] = "2.0.0"
    west["claims"][0]["period"] = {
        "text": "2023 to 2024",
        "start": 30,
        "end": 42,
        "kind": "financial_year",
        "from": "2023-04-01",
        "to": "2024-03-31",
    }
    (folder / "west.json").write_text(json.dumps(west), encoding="utf-8")
    return folder


def csv_rows(path: Path) -> list[dict]:
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


@pytest.fixture
def package(tmp_path, capsys) -> Path:
    out = outputs(tmp_path / "out")
    assert main(["export", str(out), "--out", str(tmp_path / "pkg")]) == 0
    assert "wrote " in capsys.readouterr().err
    return tmp_path / "pkg"


def test_the_package_is_valid(package):
    report = frictionless.validate(str(package / "datapackage.json"))
    assert report.valid, report.flatten(["rowNumber", "fieldName", "type", "note"])
    assert [task.name for task in report.tasks] == [t.name for t in export.TABLES]


def test_a_broken_package_is_caught(package):
    """The validation has teeth: a claim of a report that is not there breaks a foreign key,
    a repeated claim the primary key."""
    claims = (package / "claims.csv").read_text(encoding="utf-8").splitlines()
    broken = [claims[0], claims[1].replace("north", "nowhere", 1), claims[2], claims[2]]
    (package / "claims.csv").write_text("\n".join(broken) + "\n", encoding="utf-8")
    report = frictionless.validate(str(package / "datapackage.json"))
    kinds = {error[0] for error in report.flatten(["type"])}
    assert not report.valid and {"foreign-key", "primary-key"} <= kinds


def test_one_claims_row_per_claim_in_the_outputs(package, tmp_path):
    documents = [json.loads(p.read_text()) for p in sorted((tmp_path / "out").glob("*.json"))]
    expected = sorted((d["name"], c["id"], c["value"]) for d in documents for c in d["claims"])
    got = sorted(
        (r["report_key"], r["claim_id"], float(r["value"])) for r in csv_rows(package / "claims.csv")
    )
    assert got == expected and len(got) == 4 + 1 + 2
    counts = {t.name: len(csv_rows(package / f"{t.name}.csv")) for t in export.TABLES}
    assert counts["reports"] == len(documents)
    assert counts["comparators"] == sum(len(c["comparators"]) for d in documents for c in d["claims"])
    assert counts["statements"] == sum(len(t["statements"]) for d in documents for t in d["themes"])


def test_the_descriptor_types_and_describes_every_field_and_names_the_versions(package):
    descriptor = json.loads((package / "datapackage.json").read_text(encoding="utf-8"))
    assert descriptor["cqc_extract"] == {"schema_version": SCHEMA_VERSION, "pipeline_version": __version__}
    for resource in descriptor["resources"]:
        schema = resource["schema"]
        assert schema["primaryKey"], resource["name"]
        header = next(csv.reader((package / resource["path"]).open(encoding="utf-8")))
        assert header == [f["name"] for f in schema["fields"]]
        for field in schema["fields"]:
            assert field["type"] in {"string", "integer", "number", "boolean", "date"}
            assert len(field["description"]) > 10, (resource["name"], field["name"])
    keys = {
        r["name"]: [(fk["fields"], fk["reference"]["resource"]) for fk in r["schema"]["foreignKeys"]]
        for r in descriptor["resources"]
    }
    assert (["report_key", "claim_id"], "claims") in keys["comparators"]
    assert (["measure"], "measures") in keys["claims"]


def test_periods_and_an_unknown_measure(package):
    west = [r for r in csv_rows(package / "claims.csv") if r["report_key"] == "west"]
    assert [(r["period"], r["period_kind"], r["period_from"], r["period_to"]) for r in west] == [
        ("2023 to 2024", "financial_year", "2023-04-01", "2024-03-31"),
        ("", "", "", ""),
    ]
    measures = {r["id"]: r["in_catalogue"] for r in csv_rows(package / "measures.csv")}
    assert measures["retired-measure-id"] == "false" and measures["ascs-feel-safe"] == "true"


def test_measure_values_are_the_database_views_rows(package, tmp_path):
    url = f"sqlite:///{tmp_path / 'cqc.sqlite'}"
    assert main(["load", str(tmp_path / "out"), "--db", url]) == 0
    engine = store.make_engine(url)
    with engine.connect() as connection:
        in_database = sorted(
            tuple(export._cell(v) for v in row)
            for row in connection.execute(
                sa.text(
                    "SELECT report_key, claim_id, council, measure, measure_name, value, "
                    "england_average, direction, judgement, source, period, period_kind, "
                    "period_from, period_to FROM measure_values"
                )
            )
        )
    engine.dispose()
    columns = (
        "report_key",
        "claim_id",
        "council",
        "measure",
        "measure_name",
        "value",
        "england_average",
        "direction",
        "judgement",
        "source",
        "period",
        "period_kind",
        "period_from",
        "period_to",
    )
    exported = sorted(tuple(r[c] for c in columns) for r in csv_rows(package / "measure_values.csv"))
    assert exported == in_database and len(exported) == 5


def test_the_same_outputs_give_the_same_bytes(package, tmp_path):
    assert main(["export", str(tmp_path / "out"), "--out", str(tmp_path / "again")]) == 0
    for path in sorted(package.iterdir()):
        assert (tmp_path / "again" / path.name).read_bytes() == path.read_bytes(), path.name


def test_a_bad_file_is_named_and_the_others_exported(tmp_path, capsys):
    out = outputs(tmp_path / "out")
    (out / "broken.json").write_text('{"schema_version": "9.0.0"}', encoding="utf-8")
    assert main(["export", str(out), "--out", str(tmp_path / "pkg")]) == 1
    err = capsys.readouterr().err
    assert (
        f"error: {out / 'broken.json'}: written by a newer cqc-extract (schema 9.0.0); "
        "upgrade cqc-extract; not exported"
    ) in err
    assert "4 reports" in err and "1 files not exported" in err
    assert frictionless.validate(str(tmp_path / "pkg" / "datapackage.json")).valid
