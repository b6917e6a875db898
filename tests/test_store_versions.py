"""Which outputs a load reads, and what it keeps: schema majors (1.x periods as strings, 2.x as
objects), a newer major refused, a newer minor's unknown fields left out, NUL characters refused,
an older extraction never replacing a newer one, long texts, errors naming the file.

On SQLite and on PostgreSQL (``CQC_TEST_POSTGRES_URL``; see ``.ci/postgres.sh``). The outputs
are made through the models and then edited as JSON, as another version would write them.
"""

from __future__ import annotations

import datetime
import json
from pathlib import Path

import pytest
import sqlalchemy as sa
from conftest import make_report
from databases import content, db_url, kind

from pipeline.batch import report_json
from pipeline.cli import main
from pipeline.models import SCHEMA_VERSION
from pipeline.outputs import store, versions

FIXTURES_USED = (kind, db_url)  # each kind of database, empty

MAJOR = int(SCHEMA_VERSION.split(".")[0])


def output(name: str = "north", **changes) -> dict:
    """An output as JSON data: one claim with a measure, one without; ``changes`` set at the top."""
    report = make_report(
        name,
        f"{name.title()} Council",
        claims=[
            dict(start=100, value=55.0, england=60.0, measure="ascs-feel-safe"),
            dict(start=200, value=12.0, unit="count", source=None),
        ],
    )
    data = json.loads(report_json(report))
    data.update(changes)
    return data


def write(folder: Path, *documents: dict, names: list[str] | None = None) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for i, document in enumerate(documents):
        name = names[i] if names else document["name"]
        (folder / f"{name}.json").write_text(json.dumps(document), encoding="utf-8")
    return folder


def load(folder: Path, url: str, *extra: str) -> int:
    return main(["load", str(folder), "--db", url, *extra])


def rows(url: str, sql: str) -> list[tuple]:
    engine = store.make_engine(url)
    try:
        with engine.connect() as connection:
            return [tuple(row) for row in connection.execute(sa.text(sql))]
    finally:
        engine.dispose()


def test_the_current_schema_major_is_one_this_version_reads():
    assert MAJOR in versions.READERS


# ---------------------------------------------------------------------------------------------
# Majors


@pytest.mark.parametrize(
    "version, message",
    [
        ("9.0.0", "written by a newer cqc-extract (schema 9.0.0); upgrade cqc-extract"),
        (
            f"{max(versions.READERS) + 1}.0.0",
            f"written by a newer cqc-extract (schema {max(versions.READERS) + 1}.0.0); upgrade cqc-extract",
        ),
        (
            "0.1.0",
            "schema 0.1.0, which this cqc-extract does not read (it reads "
            + ", ".join(f"{major}.x" for major in sorted(versions.READERS))
            + ")",
        ),
        ("1.5", "not a report (schema_version: '1.5' is not X.Y.Z)"),
    ],
    ids=["9.0.0", "next-major", "0.1.0", "not-semver"],
)
def test_a_major_this_version_does_not_read_is_refused_naming_the_file(
    tmp_path, db_url, capsys, version, message
):
    folder = write(tmp_path / "out", output("north"), output("south", schema_version=version))
    assert load(folder, db_url) == 1
    err = capsys.readouterr().err
    assert f"error: {folder / 'south.json'}: {message}" in err
    assert "loaded 1 reports" in err and "1 files not loaded" in err
    assert rows(db_url, "SELECT report_key FROM reports") == [("north",)]


def period_object(text: str, kind: str, start: str | None, end: str | None) -> dict:
    return {"text": text, "start": 120, "end": 120 + len(text), "kind": kind, "from": start, "to": end}


@pytest.mark.parametrize(
    "version, period, stored",
    [
        ("1.2.0", "2023 to 2024", ("2023 to 2024", None, None, None)),
        (
            "2.0.0",
            period_object("2023 to 2024", "financial_year", "2023-04-01", "2024-03-31"),
            ("2023 to 2024", "financial_year", datetime.date(2023, 4, 1), datetime.date(2024, 3, 31)),
        ),
        (
            "2.0.0",
            period_object("as at March 2024", "as_at", None, "2024-03-31"),
            ("as at March 2024", "as_at", None, datetime.date(2024, 3, 31)),
        ),
        ("2.0.0", None, (None, None, None, None)),
    ],
    ids=["1.x-string", "2.x-range", "2.x-open", "2.x-none"],
)
def test_periods_of_both_majors_are_stored_with_their_dates(tmp_path, db_url, version, period, stored):
    document = output("north", schema_version=version)
    document["claims"][0]["period"] = period
    assert load(write(tmp_path / "out", document), db_url) == 0
    got = rows(db_url, "SELECT period, period_kind, period_from, period_to FROM claims ORDER BY position")
    assert [_dates(row) for row in got] == [stored, (None, None, None, None)]
    view = rows(db_url, "SELECT period, period_kind, period_from, period_to FROM measure_values")
    assert [_dates(row) for row in view] == [stored]  # the first claim has the measure


def _dates(row: tuple) -> tuple:
    """SQLite hands back a date column as text through a view: compare as dates."""
    return tuple(
        datetime.date.fromisoformat(v)
        if isinstance(v, str) and v[:4].isdigit() and len(v) == 10 and v[4] == "-"
        else v
        for v in row
    )


@pytest.mark.parametrize(
    "period, message",
    [
        (
            period_object("2023", "point", "2023-13-01", None),
            "claims.0.period.from: '2023-13-01' is not an ISO date",
        ),
        ({"start": 1}, "claims.0.period: an object with its text in schema 2.x"),
    ],
    ids=["bad-date", "no-text"],
)
def test_a_bad_period_object_is_refused_naming_the_field(tmp_path, db_url, capsys, period, message):
    document = output("north", schema_version="2.0.0")
    document["claims"][0]["period"] = period
    folder = write(tmp_path / "out", document, output("south"))
    assert load(folder, db_url) == 1
    assert f"{folder / 'north.json'}: {message}" in capsys.readouterr().err
    assert rows(db_url, "SELECT report_key FROM reports") == [("south",)]


# ---------------------------------------------------------------------------------------------
# Minors: fields this version does not know


def test_a_newer_minor_loads_without_the_fields_this_version_does_not_know(tmp_path, db_url, capsys):
    major, minor, _ = versions.current_version()
    document = output("north", schema_version=f"{major}.{minor + 1}.0")
    document["claims"][0]["measure_rule"] = "ascs-feel-safe-wording"  # as another issue adds
    document["claims"][1]["measure_rule"] = None
    document["reviewed_by"] = "someone"
    assert load(write(tmp_path / "out", document), db_url) == 0
    err = capsys.readouterr().err
    assert (
        f"schema {major}.{minor + 1}.0 is newer than this cqc-extract's {SCHEMA_VERSION}; "
        "left out the fields it does not know: claims.*.measure_rule, reviewed_by"
    ) in err
    assert rows(db_url, "SELECT COUNT(*) FROM claims") == [(2,)]


def test_an_unknown_field_in_this_version_is_not_a_report(tmp_path, db_url, capsys):
    document = output("north")
    document["claims"][0]["measure_rule"] = "x"
    folder = write(tmp_path / "out", document)
    assert load(folder, db_url) == 1
    err = capsys.readouterr().err
    assert f"{folder / 'north.json'}: not a report (1 problems; first at claims.0.measure_rule" in err
    assert "newer" not in err


# ---------------------------------------------------------------------------------------------
# NUL characters and long texts: both databases alike


@pytest.mark.parametrize(
    "where, edit",
    [
        ("name", lambda d: d.update(local_authority="North\x00Council")),
        ("claims.1.text", lambda d: d["claims"][1].update(text="1\x002")),
        ("warnings.0.message", lambda d: d.update(warnings=[{"code": "c", "message": "a\x00"}])),
    ],
    ids=["council", "claim-text", "warning"],
)
def test_a_nul_character_is_refused_at_validation_naming_the_file_and_field(
    tmp_path, db_url, capsys, where, edit
):
    document = output("north")
    edit(document)
    where = "local_authority" if where == "name" else where
    folder = write(tmp_path / "out", document, output("south"))
    assert load(folder, db_url) == 1
    err = capsys.readouterr().err
    assert f"error: {folder / 'north.json'}: {where}: holds a NUL character" in err
    assert rows(db_url, "SELECT report_key FROM reports") == [("south",)]


def test_long_texts_load_on_both_databases(tmp_path, db_url):
    name = "n" * 300
    document = output(name, local_authority="C" * 400, published="2025-05-30 " + "x" * 40)
    document["claims"][0]["measure"] = "m" * 100
    document["claims"][0]["id"] = "i" * 200
    document["warnings"] = [{"code": "w" * 100, "message": "long"}]
    assert load(write(tmp_path / "out", document, names=["long"]), db_url) == 0
    assert rows(db_url, "SELECT report_key, local_authority FROM reports") == [(name, "C" * 400)]


def test_a_database_error_names_the_file(tmp_path, db_url, capsys, monkeypatch):
    """Whatever the database refuses mid-load, the message names the file being written and
    the load changes nothing."""
    folder = write(tmp_path / "out", output("north"), output("south"))
    assert load(folder, db_url) == 0
    before = content(db_url)
    write(folder, output("south", local_authority="South Borough"))
    real = store._insert_many

    def refuse_south(connection, table, rows_):
        if table is store.claims and any(r["claim_id"].startswith("c-") for r in rows_):
            key = connection.execute(
                sa.select(store.reports.c.report_key).where(store.reports.c.id == rows_[0]["report_id"])
            ).scalar()
            if key == "south":
                raise sa.exc.IntegrityError("INSERT", {}, Exception("refused by the database"))
        return real(connection, table, rows_)

    monkeypatch.setattr(store, "_insert_many", refuse_south)
    assert load(folder, db_url) == 1
    err = capsys.readouterr().err
    assert f"failed, nothing was changed: {folder / 'south.json'}: refused by the database" in err
    assert content(db_url) == before


# ---------------------------------------------------------------------------------------------
# An older extraction never replaces a newer one


@pytest.mark.parametrize(
    "first, second",
    [
        (("1.5.0", "0.2.0"), ("1.2.0", "0.2.0")),
        (("1.5.0", "0.2.0"), ("1.5.0", "0.1.9")),
        (("1.5.0", "0.10.0"), ("1.5.0", "0.9.0")),
    ],
    ids=["older-schema", "older-pipeline", "versions-compared-as-numbers"],
)
@pytest.mark.parametrize("flag", [False, True], ids=["kept", "replace-newer"])
def test_an_older_extraction_does_not_replace_a_newer_one(tmp_path, db_url, capsys, first, second, flag):
    newer = output(
        "north", schema_version=first[0], pipeline_version=first[1], local_authority="Newer Council"
    )
    older = output(
        "north", schema_version=second[0], pipeline_version=second[1], local_authority="Older Council"
    )
    assert load(write(tmp_path / "a", newer), db_url) == 0
    before = content(db_url)
    capsys.readouterr()
    folder = write(tmp_path / "b", older)
    assert load(folder, db_url, *(["--replace-newer"] if flag else [])) == 0
    err = capsys.readouterr().err
    if flag:
        assert "0 new, 1 replaced" in err
        assert rows(db_url, "SELECT local_authority FROM reports") == [("Older Council",)]
    else:
        assert (
            f"kept: {folder / 'north.json'}: the database holds a newer extraction of report "
            f"'north' (schema {first[0]}, pipeline {first[1]}) than this file (schema "
            f"{second[0]}, pipeline {second[1]}); --replace-newer replaces it"
        ) in err
        assert "1 kept (newer in the database)" in err
        assert content(db_url) == before


def test_a_newer_extraction_replaces_an_older_one(tmp_path, db_url, capsys):
    assert load(write(tmp_path / "a", output("north", pipeline_version="0.1.0")), db_url) == 0
    newer = output("north", pipeline_version="0.2.0", local_authority="Renamed")
    assert load(write(tmp_path / "b", newer), db_url) == 0
    assert "0 new, 1 replaced" in capsys.readouterr().err
    assert rows(db_url, "SELECT local_authority, pipeline_version FROM reports") == [("Renamed", "0.2.0")]


def test_the_exact_derived_score_is_stored(tmp_path, db_url):
    document = output("north")
    document["overall"]["derived_score_exact"] = 61.11
    assert load(write(tmp_path / "out", document), db_url) == 0
    assert rows(db_url, "SELECT derived_score_percent, derived_score_exact FROM reports") == [
        (document["overall"]["derived_score_percent"], 61.11)
    ]
