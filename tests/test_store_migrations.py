"""The database layout's revisions: an empty database and one of the layout before migrations
(kept as SQL fixtures) both reach the newest revision, with the tables the code writes; the
upgrade keeps the rows and is one transaction; a newer revision is refused, naming both.

Every test runs on SQLite and on PostgreSQL (``CQC_TEST_POSTGRES_URL``; see ``.ci/postgres.sh``).
"""

from __future__ import annotations

import pytest
import sqlalchemy as sa
from alembic.autogenerate import compare_metadata
from conftest import make_report
from databases import (
    FIXTURES,
    content,
    db_url,
    empty_database,
    kind,
    run_sql_file,
    write_outputs,
)

from pipeline.cli import main
from pipeline.models import Claim
from pipeline.outputs import migrate, store

HEAD = migrate.head()


FIXTURES_USED = (kind, db_url)  # each kind of database, empty


def previous_layout(db_url: str, kind: str) -> str:
    """The database as the code before migrations left it: report "north", three claims."""
    run_sql_file(db_url, FIXTURES / f"store_layout_1.{kind}.sql")
    return db_url


def layout(url: str) -> dict:
    """The tables, columns (name, type, nullable, default), keys and indexes, and the view."""
    engine = store.make_engine(url)
    try:
        inspector = sa.inspect(engine)
        tables = {}
        for name in sorted(inspector.get_table_names()):
            tables[name] = {
                "columns": [
                    (c["name"], str(c["type"]), c["nullable"], c.get("default"))
                    for c in inspector.get_columns(name)
                ],
                "pk": inspector.get_pk_constraint(name)["constrained_columns"],
                "fks": sorted(
                    (tuple(f["constrained_columns"]), f["referred_table"])
                    for f in inspector.get_foreign_keys(name)
                ),
                "unique": sorted(tuple(u["column_names"]) for u in inspector.get_unique_constraints(name)),
                "indexes": sorted(
                    (i["name"], tuple(i["column_names"]), bool(i["unique"]))
                    for i in inspector.get_indexes(name)
                ),
            }
        return {"tables": tables, "views": sorted(inspector.get_view_names())}
    finally:
        engine.dispose()


def differences_from_the_code(url: str) -> list:
    """What Alembic's autogenerate finds between the database and ``store.metadata``."""
    engine = store.make_engine(url)
    try:
        with engine.connect() as connection:
            context = migrate._context(connection)
            return compare_metadata(context, store.metadata)
    finally:
        engine.dispose()


def test_migrations_from_empty_build_the_tables_the_code_writes(db_url, capsys):
    assert main(["db", "upgrade", "--db", db_url]) == 0
    assert f"created the tables (layout revision {HEAD})" in capsys.readouterr().out
    assert differences_from_the_code(db_url) == []
    assert main(["db", "upgrade", "--db", db_url]) == 0
    assert f"already at revision {HEAD}, the newest" in capsys.readouterr().out


def test_the_previous_layout_is_revision_0001(db_url, kind, tmp_path, request):
    """Upgraded from the fixture or built from empty, the database ends with the same layout:
    so revision 0001 creates exactly what the code before migrations created."""
    assert main(["db", "upgrade", "--db", db_url]) == 0
    from_empty = layout(db_url)
    url = previous_layout(empty_database(kind, tmp_path, db_url if kind == "postgresql" else None), kind)
    assert main(["db", "upgrade", "--db", url]) == 0
    assert layout(url) == from_empty
    assert differences_from_the_code(url) == []


def test_a_load_upgrades_the_previous_layout_in_place_keeping_its_rows(db_url, kind, tmp_path, capsys):
    previous_layout(db_url, kind)
    assert main(["db", "current", "--db", db_url]) == 1  # an upgrade is pending
    out = capsys.readouterr().out
    assert "layout 2 from before migrations" in out
    assert f"upgrade pending: `python -m pipeline db upgrade` or a load brings it to revision {HEAD}" in out

    south = make_report(
        "south", "South Council", claims=[dict(start=150, value=30.0, england=33.5, measure="ascs-feel-safe")]
    )
    assert main(["load", str(write_outputs(tmp_path / "out", [south])), "--db", db_url]) == 0
    err = capsys.readouterr().err
    assert f"upgraded the database from layout 2 from before migrations to revision {HEAD}" in err
    assert "1 new, 0 replaced, 0 unchanged" in err

    engine = store.make_engine(db_url)
    with engine.connect() as connection:
        claims = connection.execute(
            sa.text(
                "SELECT r.report_key, c.value, c.measure, c.corrected, c.added FROM claims c "
                "JOIN reports r ON r.id = c.report_id ORDER BY r.report_key, c.position"
            )
        ).all()
        values = connection.execute(
            sa.text(
                "SELECT council, measure, value, england_average FROM measure_values "
                "ORDER BY council, measure"
            )
        ).all()
        meta = connection.execute(sa.text("SELECT value FROM cqc_meta")).scalar_one()
    engine.dispose()
    # The fixture's rows, as they were written before migrations, with the new columns' defaults.
    assert [tuple(row) for row in claims] == [
        ("north", 55.0, "ascs-feel-safe", None, False),
        ("north", 40.0, "sace-carer-feel-safe", None, False),
        ("north", 1200.0, None, None, False),
        ("south", 30.0, "ascs-feel-safe", None, False),
    ]
    assert [tuple(row) for row in values] == [
        ("North Council", "ascs-feel-safe", 55.0, 60.0),
        ("North Council", "sace-carer-feel-safe", 40.0, 45.0),
        ("South Council", "ascs-feel-safe", 30.0, 33.5),
    ]
    assert meta == "3"  # so that a cqc-extract from before migrations refuses this database
    assert main(["db", "current", "--db", db_url]) == 0
    assert f"revision {HEAD} (the newest this version knows)" in capsys.readouterr().out


def test_an_upgrade_that_fails_changes_nothing(db_url, kind, monkeypatch, capsys):
    """The upgrade and the catalogue refresh after it are one transaction: a duplicate measure
    id fails the refresh, and the database is left in the previous layout, un-versioned."""
    previous_layout(db_url, kind)
    before = layout(db_url)
    monkeypatch.setattr(store, "CATALOGUE", store.CATALOGUE[:1] * 2)
    assert main(["db", "upgrade", "--db", db_url]) == 1
    assert "nothing was changed" in capsys.readouterr().err
    assert layout(db_url) == before
    engine = store.make_engine(db_url)
    with engine.connect() as connection:
        assert migrate.state(connection) == migrate.State(None, unversioned_layout="2")
    engine.dispose()


def test_a_newer_layout_is_refused_naming_both(db_url, tmp_path, capsys):
    out = write_outputs(tmp_path / "out", [make_report("north", "North Council")])
    assert main(["load", str(out), "--db", db_url]) == 0
    engine = store.make_engine(db_url)
    with engine.begin() as connection:
        connection.execute(sa.text(f"UPDATE {migrate.VERSION_TABLE} SET version_num = '0099'"))
    engine.dispose()
    before = content(db_url)
    capsys.readouterr()
    for command in (["load", str(out)], ["db", "upgrade"], ["db", "current"]):
        assert main([*command, "--db", db_url]) == 1, command
        err = capsys.readouterr().err
        assert "layout revision 0099" in err and f"its newest is {HEAD}" in err, command
        assert "written by a newer cqc-extract" in err and "Traceback" not in err
    assert content(db_url) == before


def test_tables_of_the_same_names_made_by_someone_else_are_refused(db_url, tmp_path, capsys):
    engine = store.make_engine(db_url)
    with engine.begin() as connection:
        connection.execute(sa.text("CREATE TABLE reports (id INTEGER PRIMARY KEY, title TEXT)"))
    engine.dispose()
    out = write_outputs(tmp_path / "out", [make_report("north", "North Council")])
    assert main(["load", str(out), "--db", db_url]) == 1
    assert "already has tables named reports that cqc-extract did not make" in capsys.readouterr().err


class ReviewedClaim(Claim):
    """The review issue's provenance fields, as the Claim model gains them (issue 19)."""

    corrected: list[str] | None = None
    added: bool | None = None


@pytest.mark.parametrize(
    "corrected, added, stored",
    [
        (["value", "comparators"], None, ('["value", "comparators"]', False)),
        (None, True, (None, True)),
        ([], False, (None, False)),
    ],
    ids=["corrected", "added", "neither"],
)
def test_the_review_provenance_is_stored(db_url, corrected, added, stored):
    report = make_report("north", "North Council", claims=[dict(start=100, value=55.0)])
    claim = ReviewedClaim(**report.claims[0].model_dump(), corrected=corrected, added=added)
    report = report.model_copy(update={"claims": [claim]})
    engine = store.make_engine(db_url)
    with engine.connect() as connection:
        store.writer(connection)
        with connection.begin():
            store.prepare_layout(connection)
        with connection.begin():
            store.write_report(connection, report, "0" * 64)
        row = connection.execute(sa.select(store.claims.c.corrected, store.claims.c.added)).one()
    engine.dispose()
    assert tuple(row) == stored


def test_db_history_and_current(tmp_path, capsys):
    url = f"sqlite:///{tmp_path / 'cqc.sqlite'}"
    assert main(["db", "history", "--db", url]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert [line.split()[0] for line in lines] == [r for r, _ in migrate.revisions()]
    assert lines[0].startswith("0001  The layout before migrations")
    assert lines[-1].endswith("(head)") and lines[-1].startswith(HEAD)
    for action in ("current", "upgrade"):  # a database that does not exist is an error
        assert main(["db", action, "--db", url]) == 1
        assert "no such database file" in capsys.readouterr().err
        assert not (tmp_path / "cqc.sqlite").exists()
    (tmp_path / "cqc.sqlite").touch()  # an empty database
    assert main(["db", "current", "--db", url]) == 1
    assert "empty\nupgrade pending" in capsys.readouterr().out
    assert main(["db", "upgrade", "--db", url]) == 0
    assert main(["db", "current", "--db", url]) == 0
    assert main(["db", "history", "--db", url]) == 0
    assert capsys.readouterr().out.splitlines()[-1].endswith("(head, current)")


def test_the_revisions_ship_in_the_package():
    """``pip install .`` installs what setuptools finds: the revision scripts must be in it."""
    import tomllib
    from pathlib import Path

    from setuptools import find_packages

    root = Path(__file__).resolve().parents[1]
    config = tomllib.loads((root / "pyproject.toml").read_text(encoding="utf-8"))
    include = config["tool"]["setuptools"]["packages"]["find"]["include"]
    assert "pipeline.outputs.migrations.versions" in find_packages(str(root), include=include)
    shipped = {p.stem for p in migrate.SCRIPTS.joinpath("versions").glob("[0-9]*.py")}
    assert {revision for revision, _ in migrate.revisions()} == {s.split("_")[0] for s in shipped}
