"""One load of 20,000 small reports into PostgreSQL at its default settings (the default
``max_locks_per_transaction``, 64): a load holds one advisory lock, not one per report, so it
never runs out of shared memory, and stays one transaction.

The reports are one tiny valid output varied by name (written as bytes, not built through the
models 20,000 times). 25 s on a quiet shared 2-core machine, 48 s under load (docs/database.md).
"""

from __future__ import annotations

import json

import pytest
import sqlalchemy as sa
from conftest import make_report
from databases import empty_database

from pipeline.batch import report_json
from pipeline.cli import main
from pipeline.outputs import store

COUNT = 20_000


@pytest.mark.slow
@pytest.mark.postgres
def test_twenty_thousand_reports_load_on_a_default_server(postgres_url, tmp_path, capsys):
    engine = store.make_engine(postgres_url)
    with engine.connect() as connection:
        limit = connection.execute(sa.text("SHOW max_locks_per_transaction")).scalar()
    engine.dispose()
    assert int(limit) <= 64, "the test server must keep the default lock table"

    url = empty_database("postgresql", tmp_path, postgres_url)
    template = json.loads(
        report_json(
            make_report(
                "r00000",
                "Council",
                claims=[dict(start=100, value=55.0, england=60.0, measure="ascs-feel-safe")],
            )
        )
    )
    folder = tmp_path / "out"
    folder.mkdir()
    for i in range(COUNT):
        template["name"] = f"r{i:05d}"
        template["local_authority"] = f"Council {i}"
        (folder / f"r{i:05d}.json").write_text(json.dumps(template), encoding="utf-8")

    assert main(["load", str(folder), "--db", url]) == 0
    err = capsys.readouterr().err
    assert f"loaded {COUNT} reports" in err and f"{COUNT} new" in err, err
    engine = store.make_engine(url)
    with engine.connect() as connection:
        counts = connection.execute(
            sa.text(
                "SELECT (SELECT COUNT(*) FROM reports), (SELECT COUNT(DISTINCT local_authority) "
                "FROM reports), (SELECT COUNT(*) FROM measure_values)"
            )
        ).one()
    engine.dispose()
    assert tuple(counts) == (COUNT, COUNT, COUNT)
