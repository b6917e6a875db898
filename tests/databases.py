"""Helpers of the database tests: an empty database of each kind, output folders, and what a
database holds, compared without its surrogate ids."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
import sqlalchemy as sa

from pipeline.batch import report_json
from pipeline.outputs import migrate, store

FIXTURES = Path(__file__).parent / "fixtures"


def empty_database(kind: str, tmp_path: Path, postgres_url: str | None = None) -> str:
    """The URL of an empty database: a new, empty SQLite file (a database with nothing in it:
    ``db upgrade`` refuses a file that does not exist), or the test server's database with
    everything in its public schema dropped (tables, views, sequences, the version table)."""
    if kind == "sqlite":
        path = tmp_path / "test.sqlite"
        path.unlink(missing_ok=True)
        for suffix in ("-wal", "-shm"):
            path.with_name(path.name + suffix).unlink(missing_ok=True)
        path.touch()
        return f"sqlite:///{path}"
    engine = store.make_engine(postgres_url)
    with engine.begin() as connection:
        connection.execute(sa.text("DROP SCHEMA public CASCADE"))
        connection.execute(sa.text("CREATE SCHEMA public"))
    engine.dispose()
    return postgres_url


def write_outputs(folder: Path, reports) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for report in reports:
        (folder / f"{report.name}.json").write_bytes(report_json(report))
    return folder


def run_sql_file(url: str, path: Path) -> None:
    """Build a database from a SQL script (a dump kept as a test fixture)."""
    script = path.read_text(encoding="utf-8")
    engine = store.make_engine(url)
    try:
        raw = engine.raw_connection()
        try:
            if engine.dialect.name == "sqlite":
                raw.driver_connection.executescript(script)
            else:
                with raw.cursor() as cursor:
                    cursor.execute(script)  # no parameters: psycopg sends it as one simple query
                raw.commit()
        finally:
            raw.close()
    finally:
        engine.dispose()


# Columns that hold surrogate ids (which differ between two loads of the same reports) or the
# file a report was read from (which of several folders holding one byte-identical report wrote
# it depends on which load came first, as it would between two serial loads).
_NOT_CONTENT = {"id", "report_id", "theme_id", "statement_id", "file"}


def content(url: str) -> dict[str, list[tuple]]:
    """Every table's rows as sorted tuples, each child row under its report's key, ids left out
    (comparators stay under their claim's text id), plus the recorded revision."""
    engine = store.make_engine(url)
    try:
        with engine.connect() as connection:
            keys = {
                id_: key
                for id_, key in connection.execute(sa.select(store.reports.c.id, store.reports.c.report_key))
            }
            claim_ids = {
                id_: text_id
                for id_, text_id in connection.execute(sa.select(store.claims.c.id, store.claims.c.claim_id))
            }
            found: dict[str, list[tuple]] = {}
            for table in store.metadata.sorted_tables:
                rows = []
                for row in connection.execute(sa.select(table)).mappings():
                    values = [keys[row["report_id"]]] if "report_id" in row else []
                    for name, value in row.items():
                        if name in _NOT_CONTENT:
                            continue
                        if table is store.comparators and name == "claim_id":
                            value = claim_ids[value]
                        values.append(value)
                    rows.append(tuple(values))
                found[table.name] = sorted(rows, key=repr)
            found["revision"] = [(migrate.state(connection).revision,)]
            found["measure_values"] = sorted(
                (
                    tuple(row)
                    for row in connection.execute(
                        sa.text(
                            "SELECT council, measure, value, england_average, claim_id FROM measure_values"
                        )
                    )
                ),
                key=repr,
            )
            return found
    finally:
        engine.dispose()


# ---------------------------------------------------------------------------------------------
# Fixtures of the database tests (imported by their modules): each kind of database, empty.

ROOT = Path(__file__).resolve().parents[1]
TIMEOUT = 300  # seconds, for any process a database test starts


@pytest.fixture(params=["sqlite", "postgresql"])
def kind(request) -> str:
    return request.param


@pytest.fixture
def db_url(request, kind, tmp_path) -> str:
    """An empty database of each kind."""
    postgres = request.getfixturevalue("postgres_url") if kind == "postgresql" else None
    return empty_database(kind, tmp_path, postgres)


def run_until_waiting(args: list[str], cwd: Path, release) -> tuple[int, str, str]:
    """Run ``python -m pipeline ARGS`` until it says it is waiting, then call ``release()``
    (which lets it go on) and let it finish; returns its exit code, stdout and stderr. The
    process is killed if it has not finished within ``TIMEOUT``."""
    env = {
        **os.environ,
        "PYTHONPATH": os.pathsep.join([str(ROOT), *filter(None, [os.environ.get("PYTHONPATH")])]),
    }
    process = subprocess.Popen(
        [sys.executable, "-m", "pipeline", *args],
        env=env,
        cwd=cwd,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        lines: list[str] = []
        deadline = time.monotonic() + TIMEOUT
        while not any(line.startswith("waiting:") for line in lines):
            assert time.monotonic() < deadline and process.poll() is None, "".join(lines)
            lines.append(process.stderr.readline())
        release()
        out, rest = process.communicate(timeout=TIMEOUT)
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()
    return process.returncode, out, "".join(lines) + rest
