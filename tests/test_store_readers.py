"""What analysts do while loads run: an open read transaction never stops a load, and their own
views on ``measure_values`` and the tables survive every load and upgrade (with their grants
and comments on PostgreSQL). An upgrade that must change a table a reader has open says so,
waits, and goes on when the reader ends.

On SQLite and on PostgreSQL (``CQC_TEST_POSTGRES_URL``; see ``.ci/postgres.sh``).
"""

from __future__ import annotations

import pytest
import sqlalchemy as sa
from conftest import make_report
from databases import (
    FIXTURES,
    db_url,
    empty_database,
    kind,
    run_sql_file,
    run_until_waiting,
    write_outputs,
)

from pipeline.cli import main
from pipeline.outputs import migrate, store

HEAD = migrate.head()

# The analysts' views: on the view, on a table, and on one of their own.
ANALYST_VIEWS = {
    "analyst_safe": "SELECT council, value FROM measure_values WHERE measure = 'ascs-feel-safe'",
    "analyst_units": "SELECT unit, COUNT(*) AS claims FROM claims WHERE text LIKE '%' GROUP BY unit",
    "analyst_low": "SELECT council FROM analyst_safe WHERE value < 56",
}


FIXTURES_USED = (kind, db_url)  # each kind of database, empty


def at_revision(url: str, kind: str, revision: str) -> str:
    """The layout-before-migrations fixture (report "north"), upgraded to ``revision``."""
    run_sql_file(url, FIXTURES / f"store_layout_1.{kind}.sql")
    engine = store.make_engine(url)
    with engine.connect() as connection:
        store.writer(connection)
        with connection.begin():
            migrate.prepare(connection, target=revision)
    engine.dispose()
    return url


def execute(url: str, *statements: str) -> None:
    engine = store.make_engine(url)
    with engine.begin() as connection:
        for statement in statements:
            connection.execute(sa.text(statement))
    engine.dispose()


def query(url: str, sql: str) -> list[tuple]:
    engine = store.make_engine(url)
    with engine.connect() as connection:
        found = [tuple(row) for row in connection.execute(sa.text(sql))]
    engine.dispose()
    return found


def south(value: float = 30.0):
    return make_report(
        "south",
        "South Council",
        claims=[dict(start=150, value=value, england=33.5, measure="ascs-feel-safe")],
    )


def test_an_open_read_transaction_does_not_stop_a_load(db_url, kind, tmp_path, capsys):
    out = write_outputs(tmp_path / "out", [south()])
    assert main(["load", str(out), "--db", db_url]) == 0
    engine = store.make_engine(db_url)
    options = {"isolation_level": "REPEATABLE READ"} if kind == "postgresql" else {}
    with engine.connect().execution_options(**options) as reader:
        reader.begin()
        before = reader.execute(sa.text("SELECT council, value FROM measure_values")).all()
        reader.execute(sa.text("SELECT COUNT(*) FROM claims")).scalar()
        capsys.readouterr()
        for value in (31.0, 32.0):  # a replacement and a new report, twice
            newer = write_outputs(
                tmp_path / f"v{value}",
                [south(value), make_report(f"west{value:g}", "West", claims=[dict(start=5, value=2.0)])],
            )
            assert main(["load", str(newer), "--db", db_url, "--wait", "5"]) == 0
        err = capsys.readouterr().err
        assert "waiting:" not in err and err.count("1 new, 1 replaced") == 2, err
        # The reader's transaction is still the one it began: it sees what it saw.
        assert reader.execute(sa.text("SELECT council, value FROM measure_values")).all() == before
        reader.rollback()
    engine.dispose()
    assert query(db_url, "SELECT value FROM measure_values") == [(32.0,)]


def test_analysts_views_survive_loads_and_the_upgrade(db_url, kind, tmp_path, capsys):
    at_revision(db_url, kind, "0002")
    execute(db_url, *(f"CREATE VIEW {name} AS {sql}" for name, sql in ANALYST_VIEWS.items()))
    if kind == "postgresql":
        execute(
            db_url,
            "DO $$ BEGIN IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'cqc_analyst')"
            " THEN CREATE ROLE cqc_analyst; END IF; END $$",
            "GRANT SELECT ON analyst_safe TO cqc_analyst",
            "COMMENT ON VIEW analyst_low IS 'councils below 56% feeling safe'",
        )
    assert query(db_url, "SELECT council FROM analyst_low") == [("North Council",)]

    assert main(["db", "upgrade", "--db", db_url]) == 0
    assert f"upgraded the database from revision 0002 to revision {HEAD}" in capsys.readouterr().out
    for value in (30.0, 31.0):
        assert main(["load", str(write_outputs(tmp_path / f"v{value}", [south(value)])), "--db", db_url]) == 0
    assert main(["db", "upgrade", "--db", db_url]) == 0

    assert sorted(query(db_url, "SELECT council FROM analyst_low")) == [
        ("North Council",),
        ("South Council",),
    ]
    assert sorted(query(db_url, "SELECT * FROM analyst_units")) == [("count", 1), ("percent", 3)]
    assert sorted(query(db_url, "SELECT council, value FROM analyst_safe")) == [
        ("North Council", 55.0),
        ("South Council", 31.0),
    ]
    if kind == "postgresql":
        assert query(db_url, "SELECT has_table_privilege('cqc_analyst', 'analyst_safe', 'SELECT')") == [
            (True,)
        ]
        assert query(db_url, "SELECT obj_description('analyst_low'::regclass, 'pg_class')") == [
            ("councils below 56% feeling safe",)
        ]
        # The tables' texts are unbounded now, under the views.
        assert query(
            db_url,
            "SELECT data_type FROM information_schema.columns WHERE "
            "table_name = 'reports' AND column_name = 'local_authority'",
        ) == [("text",)]


@pytest.mark.postgres
def test_an_upgrade_waits_for_a_reader_of_its_tables_says_so_and_goes_on(postgres_url, tmp_path):
    url = at_revision(empty_database("postgresql", tmp_path, postgres_url), "postgresql", "0002")
    engine = store.make_engine(url)
    reader = engine.connect()
    reader.begin()
    reader.execute(sa.text("SELECT COUNT(*) FROM measure_values")).scalar()
    others: list[tuple] = []

    def release() -> None:
        # Meanwhile another analyst's query is not queued behind the upgrade for long.
        others.extend(query(url, "SELECT COUNT(*) FROM claims"))
        reader.rollback()

    try:
        code, out, err = run_until_waiting(["db", "upgrade", "--db", url], tmp_path, release)
    finally:
        reader.close()
        engine.dispose()
    assert code == 0, err
    assert others == [(3,)]
    assert [line for line in err.splitlines() if line.startswith("waiting:")] == [
        f"waiting: an open transaction is reading the tables this upgrade changes ({url.replace('postgresql://', 'postgresql+psycopg://')}); "
        "going on when it finishes (at most 3600 s, --wait)"
    ]
    assert f"upgraded the database from revision 0002 to revision {HEAD}" in out
