"""Loading output JSON into SQL: row counts, idempotence, replacement, rollback, queries.

Every test runs against SQLite and against PostgreSQL (``CQC_TEST_POSTGRES_URL``; see
``.ci/postgres.sh``). The reports are small synthetic ones built through the models.
"""

from __future__ import annotations

import pytest
import sqlalchemy as sa
from conftest import ASCS, SACE, make_report
from databases import empty_database

from pipeline.batch import report_json
from pipeline.cli import main
from pipeline.outputs import store
from pipeline.reference.catalogue import BY_ID, CATALOGUE

# Three councils; claims against the England average from two surveys, one claim with no source.
REPORTS = [
    make_report(
        "north",
        "North Council",
        claims=[
            dict(start=100, value=55.0, england=60.0, qualifier="lower than", measure="ascs-feel-safe"),
            dict(start=200, value=70.0, england=65.0, qualifier="higher than"),
            dict(start=300, value=40.0, england=45.0, source=SACE, measure="sace-carer-feel-safe"),
            dict(start=400, value=1200, unit="count", source=None, statement=None),
        ],
    ),
    make_report(
        "south",
        "South Council",
        claims=[
            dict(
                start=150,
                value=30.0,
                england=33.5,
                statement="equity-in-experience-and-outcomes",
                measure="ascs-feel-safe",
            ),
            dict(start=250, value=31.0, england=33.5),
        ],
    ),
    make_report("east", "East Council", claims=[], scores={"assessing-needs": 2}),
]


def json_counts(reports) -> dict[str, int]:
    """What the tables must hold for these reports, counted from the JSON side."""
    statements = [s for r in reports for t in r.themes for s in t.statements]
    return {
        "reports": len(reports),
        "themes": sum(len(r.themes) for r in reports),
        "statements": len(statements),
        "subsections": sum(len(s.subsections) for s in statements),
        "sections": sum(len(r.sections) for r in reports),
        "score_list": sum(len(r.score_list) for r in reports),
        "claims": sum(len(r.claims) for r in reports),
        "comparators": sum(len(c.comparators) for r in reports for c in r.claims),
        "warnings": sum(len(r.warnings) for r in reports),
        "measures": len(CATALOGUE),
    }


def db_counts(url: str) -> dict[str, int]:
    engine = store.make_engine(url)
    try:
        with engine.connect() as connection:
            return {
                table.name: connection.execute(sa.select(sa.func.count()).select_from(table)).scalar()
                for table in store.metadata.sorted_tables
                if table.name != "cqc_meta"
            }
    finally:
        engine.dispose()


def db_dump(url: str) -> dict[str, list[tuple]]:
    engine = store.make_engine(url)
    try:
        with engine.connect() as connection:
            return {
                table.name: [
                    tuple(row)
                    for row in connection.execute(sa.select(table).order_by(*table.primary_key.columns))
                ]
                for table in store.metadata.sorted_tables
            }
    finally:
        engine.dispose()


def write_outputs(folder, reports) -> None:
    folder.mkdir(exist_ok=True)
    for report in reports:
        (folder / f"{report.name}.json").write_bytes(report_json(report))


@pytest.fixture(params=["sqlite", "postgresql"])
def db_url(request, tmp_path) -> str:
    """An empty database of each kind."""
    postgres = request.getfixturevalue("postgres_url") if request.param == "postgresql" else None
    return empty_database(request.param, tmp_path, postgres)


def load(folder, url) -> int:
    return main(["load", str(folder), "--db", url])


def test_row_counts_equal_the_json_twice_in_a_row(tmp_path, db_url, capsys):
    write_outputs(tmp_path / "out", REPORTS)
    expected = json_counts(REPORTS)
    assert load(tmp_path / "out", db_url) == 0
    assert db_counts(db_url) == expected
    assert "3 new, 0 replaced, 0 unchanged" in capsys.readouterr().err
    assert load(tmp_path / "out", db_url) == 0
    assert db_counts(db_url) == expected
    assert "0 new, 0 replaced, 3 unchanged" in capsys.readouterr().err


def test_query_claims_below_england_average_from_ascs_by_council(tmp_path, db_url):
    write_outputs(tmp_path / "out", REPORTS)
    assert load(tmp_path / "out", db_url) == 0
    expected: dict[str, list[float]] = {}
    for report in REPORTS:
        for claim in report.claims:
            if (
                claim.source
                and claim.source.name == ASCS
                and any(k.kind == "england_average" and k.direction == "below" for k in claim.comparators)
            ):
                expected.setdefault(report.local_authority, []).append(claim.value)

    r, c, k = store.reports, store.claims, store.comparators
    query = (
        sa.select(r.c.local_authority, c.c.value)
        .join(c, c.c.report_id == r.c.id)
        .join(k, k.c.claim_id == c.c.id)
        .where(k.c.kind == "england_average", k.c.direction == "below", c.c.source_name == ASCS)
        .order_by(r.c.local_authority, c.c.position)
    )
    engine = store.make_engine(db_url)
    with engine.connect() as connection:
        got: dict[str, list[float]] = {}
        for council, value in connection.execute(query):
            got.setdefault(council, []).append(value)
    engine.dispose()
    assert got == expected == {"North Council": [55.0], "South Council": [30.0, 31.0]}


def test_a_newer_extraction_replaces_the_old_one(tmp_path, db_url, capsys):
    write_outputs(tmp_path / "out", REPORTS)
    assert load(tmp_path / "out", db_url) == 0
    newer = make_report("north", "North Council", claims=[dict(start=100, value=56.0, england=60.0)])
    write_outputs(tmp_path / "out", [newer])
    assert load(tmp_path / "out", db_url) == 0
    assert "0 new, 1 replaced, 2 unchanged" in capsys.readouterr().err
    assert db_counts(db_url) == json_counts([newer, *REPORTS[1:]])
    engine = store.make_engine(db_url)
    with engine.connect() as connection:
        values = (
            connection.execute(
                sa.select(store.claims.c.value)
                .join(store.reports)
                .where(store.reports.c.report_key == "north")
            )
            .scalars()
            .all()
        )
    engine.dispose()
    assert values == [56.0]


def test_a_failure_mid_load_leaves_the_database_as_it_was(tmp_path, db_url, monkeypatch, capsys):
    write_outputs(tmp_path / "out", REPORTS)
    assert load(tmp_path / "out", db_url) == 0
    before = db_dump(db_url)

    # A newer "north" (replacing the old one) and a new report; the failure comes after the
    # old north rows were deleted and the new ones inserted, while inserting the new report.
    write_outputs(
        tmp_path / "out",
        [
            make_report("north", "North Council", claims=[dict(start=5, value=1.0)]),
            make_report("west", "West Council", claims=[dict(start=5, value=2.0, england=3.0)]),
        ],
    )
    real_insert = store._insert_many

    def failing_insert(connection, table, rows):
        if table is store.comparators and any(r["report_id"] for r in rows):
            names = connection.execute(sa.select(store.reports.c.report_key)).scalars().all()
            if "west" in names:
                raise sa.exc.OperationalError("INSERT", {}, Exception("injected failure"))
        return real_insert(connection, table, rows)

    monkeypatch.setattr(store, "_insert_many", failing_insert)
    assert load(tmp_path / "out", db_url) == 1
    err = capsys.readouterr().err
    assert "nothing was changed" in err and "injected failure" in err
    assert db_dump(db_url) == before


def test_error_records_are_skipped_and_bad_files_reported(tmp_path, db_url, capsys):
    write_outputs(tmp_path / "out", REPORTS[:1])
    (tmp_path / "out" / "broken.error.json").write_text('{"file": "x", "message": "m", "place": null}')
    (tmp_path / "out" / "notes.json").write_text('{"hello": 1}')
    assert load(tmp_path / "out", db_url) == 1
    err = capsys.readouterr().err
    assert "notes.json: not a report" in err and "broken" not in err
    assert "loaded 1 reports" in err and "1 files not loaded" in err
    assert db_counts(db_url)["reports"] == 1


def test_measure_values_view_lines_councils_up_on_a_measure(tmp_path, db_url):
    write_outputs(tmp_path / "out", REPORTS)
    assert load(tmp_path / "out", db_url) == 0
    expected = sorted(
        (
            c.measure,
            r.local_authority,
            BY_ID[c.measure].name,
            c.value,
            k.value,
            k.direction,
            k.qualifier,
            c.source.name,
            c.id,
        )
        for r in REPORTS
        for c in r.claims
        if c.measure
        for k in c.comparators[:1]
    )
    engine = store.make_engine(db_url)
    with engine.connect() as connection:
        got = [
            tuple(row)
            for row in connection.execute(
                sa.text(
                    "SELECT measure, council, measure_name, value, england_average, direction, judgement,"
                    " source, claim_id FROM measure_values ORDER BY measure, council, value"
                )
            )
        ]
        stored = connection.execute(sa.text("SELECT COUNT(*) FROM claims WHERE measure IS NOT NULL")).scalar()
    engine.dispose()
    assert got == expected and len(got) == stored == 3
    assert got[0][:2] == ("ascs-feel-safe", "North Council")


def test_a_database_of_a_layout_older_than_migrations_can_upgrade_is_refused(tmp_path, db_url, capsys):
    """Layout '1' (before the measures table) predates the first revision: nothing to stamp."""
    write_outputs(tmp_path / "out", REPORTS[:1])
    assert load(tmp_path / "out", db_url) == 0
    engine = store.make_engine(db_url)
    with engine.begin() as connection:
        connection.execute(sa.text("DROP TABLE cqc_alembic_version"))
        connection.execute(store.meta.update().values(value="1"))
    engine.dispose()
    before = db_dump(db_url)
    assert load(tmp_path / "out", db_url) == 1
    err = capsys.readouterr().err
    assert "table layout 1 from before migrations" in err and "load into a new database" in err
    assert db_dump(db_url) == before


def test_indexes_a_user_would_query_by(tmp_path, db_url):
    write_outputs(tmp_path / "out", REPORTS)
    assert load(tmp_path / "out", db_url) == 0
    engine = store.make_engine(db_url)
    inspector = sa.inspect(engine)
    indexed = {
        (table, tuple(index["column_names"]))
        for table in ("reports", "statements", "claims", "comparators")
        for index in inspector.get_indexes(table)
    }
    engine.dispose()
    for wanted in [
        ("reports", ("local_authority",)),
        ("statements", ("slug",)),
        ("claims", ("source_name",)),
        ("claims", ("unit",)),
        ("claims", ("statement_slug",)),
        ("claims", ("measure",)),
        ("comparators", ("kind",)),
    ]:
        assert wanted in indexed, f"no index on {wanted}"


@pytest.mark.parametrize(
    "given, driver",
    [
        ("postgresql://u:p@localhost:5432/db", "postgresql+psycopg"),
        ("postgres://u@localhost/db", "postgresql+psycopg"),
        ("postgresql+psycopg://u@localhost/db", "postgresql+psycopg"),
        ("sqlite:///x.sqlite", "sqlite"),
    ],
    ids=["postgresql", "postgres-alias", "explicit-driver", "sqlite"],
)
def test_database_urls(given, driver):
    assert store.normalise_url(given).drivername == driver


def test_default_database_is_sqlite_in_the_output_folder(tmp_path, capsys):
    write_outputs(tmp_path / "out", REPORTS)
    assert main(["load", str(tmp_path / "out")]) == 0
    assert (tmp_path / "out" / "cqc.sqlite").is_file()
    assert db_counts(f"sqlite:///{tmp_path / 'out' / 'cqc.sqlite'}") == json_counts(REPORTS)


@pytest.mark.parametrize(
    "args, message",
    [
        (["missing-folder"], "missing-folder: no such file or folder"),
        (["{out}", "--db", "nosuchdialect://x"], "nosuchdialect"),
    ],
    ids=["missing-folder", "bad-url"],
)
def test_load_problems_are_one_clear_line(tmp_path, monkeypatch, capsys, args, message):
    write_outputs(tmp_path / "out", REPORTS[:1])
    monkeypatch.chdir(tmp_path)
    args = [a.replace("{out}", str(tmp_path / "out")) for a in args]
    assert main(["load", *args]) == 1
    err = capsys.readouterr().err
    assert message in err and "Traceback" not in err
