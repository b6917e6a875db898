"""Concurrent loads: processes started together into one database, new or existing, with
overlapping and identical folders, all succeed and leave what serial loads leave; a load that
waits for another says so, then goes on.

On SQLite and on PostgreSQL (``CQC_TEST_POSTGRES_URL``; see ``.ci/postgres.sh``). Every process
is bounded in time (``TIMEOUT``); one that overruns is killed and fails the test.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
import sqlalchemy as sa

from pipeline.cli import main
from pipeline.outputs import store
from conftest import make_report
from databases import content, empty_database, write_outputs

ROOT = Path(__file__).resolve().parents[1]
TIMEOUT = 120  # seconds, per process

# Each loader imports everything first, says it is ready, then waits for the start file: so the
# loads themselves start within milliseconds of each other, not a Python start-up apart.
LOADER = """
import pathlib, sys, time
import pipeline.outputs.store
from pipeline.cli import main
ready, start, folder, url = sys.argv[1:]
pathlib.Path(ready).touch()
deadline = time.monotonic() + 60
while not pathlib.Path(start).exists():
    if time.monotonic() > deadline:
        sys.exit("the start file never came")
    time.sleep(0.002)
sys.exit(main(["load", folder, "--db", url]))
"""


def council(i: int, version: int = 1):
    """Report ``r<i>``; ``version`` 2 is a newer extraction of it (other values)."""
    return make_report(f"r{i:02d}", f"Council {i}", claims=[
        dict(start=100, value=50.0 + i + version, england=60.0, measure="ascs-feel-safe"),
        dict(start=200, value=10.0 * version, unit="count", source=None),
    ])


@pytest.fixture(params=["sqlite", "postgresql"])
def kind(request) -> str:
    return request.param


@pytest.fixture
def fresh(request, kind, tmp_path):
    """A function returning the URL of an empty database (the same one, emptied, each time)."""
    postgres = request.getfixturevalue("postgres_url") if kind == "postgresql" else None
    return lambda: empty_database(kind, tmp_path, postgres)


def folders(tmp_path: Path) -> list[Path]:
    """Four folders: two overlapping, their union, and a copy of the first (identical files)."""
    reports = [council(i, version=2) for i in range(10)]
    first = write_outputs(tmp_path / "first", reports[:6])
    second = write_outputs(tmp_path / "second", reports[3:])
    union = write_outputs(tmp_path / "union", reports)
    copy = write_outputs(tmp_path / "copy", reports[:6])
    return [first, second, union, copy]


def existing(url: str, tmp_path: Path) -> str:
    """An existing database: older extractions of r00-r04, and r50 that no folder holds."""
    old = write_outputs(tmp_path / "old", [council(i, version=1) for i in (0, 1, 2, 3, 4, 50)])
    assert main(["load", str(old), "--db", url]) == 0
    return url


def load_together(tmp_path: Path, url: str, loads: list[Path]) -> list[tuple[int, str]]:
    """Start one process per folder, together; returns (exit code, stderr) of each."""
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(
        [str(ROOT), *filter(None, [os.environ.get("PYTHONPATH")])])}
    gate = tmp_path / "gate"
    gate.mkdir()
    start = gate / "start"
    processes = [
        subprocess.Popen(
            [sys.executable, "-c", LOADER, str(gate / f"ready-{i}"), str(start), str(folder), url],
            env=env, cwd=tmp_path, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        for i, folder in enumerate(loads)
    ]
    try:
        deadline = time.monotonic() + TIMEOUT
        while len(list(gate.glob("ready-*"))) < len(loads):
            assert time.monotonic() < deadline, "the loaders never got ready"
            assert all(p.poll() is None for p in processes), "a loader ended before the start"
            time.sleep(0.01)
        start.touch()
        results = []
        for process in processes:
            _, err = process.communicate(timeout=max(1.0, deadline - time.monotonic()))
            results.append((process.returncode, err))
        return results
    finally:
        for process in processes:
            if process.poll() is None:
                process.kill()
                process.wait()


@pytest.mark.slow
@pytest.mark.parametrize("start", ["new", "existing"])
def test_concurrent_loads_all_succeed_and_match_serial_loads(kind, fresh, tmp_path, start, capsys):
    loads = folders(tmp_path)
    prepare = (lambda url: existing(url, tmp_path)) if start == "existing" else (lambda url: url)

    url = prepare(fresh())
    for folder in loads:
        assert main(["load", str(folder), "--db", url]) == 0
    serial = content(url)
    capsys.readouterr()

    url = prepare(fresh())
    results = load_together(tmp_path, url, loads)
    assert [code for code, _ in results] == [0] * len(loads), "\n".join(err for _, err in results)
    assert all("Traceback" not in err for _, err in results)
    together = content(url)
    assert together == serial
    # Each report once, its newest extraction kept (r50, in no folder, still there).
    keys = [row[0] for row in together["reports"]]
    assert keys == sorted(set(keys))
    assert len(keys) == 10 + (start == "existing")
    assert all("loaded " in err for _, err in results)
    # Started together, some load waited for another: else this test tested nothing.
    assert any("waiting:" in err for _, err in results), "\n".join(err for _, err in results)


def _hold(kind: str, url: str, what: str):
    """An open connection holding what a load waits for: SQLite's write lock, or one of the
    PostgreSQL advisory locks (the layout's, or report r03's)."""
    engine = store.make_engine(url)
    connection = engine.connect()
    if kind == "sqlite":
        store.writer(connection)
        connection.begin()  # BEGIN IMMEDIATE: the write lock, until rollback
    else:
        key = store.LAYOUT_LOCK if what == "layout" else store._report_lock("r03")
        connection.begin()
        connection.execute(sa.text("SELECT pg_advisory_xact_lock(:a, :b)"),
                           {"a": key[0], "b": key[1]})
    return engine, connection


# SQLite has one lock for the whole database; PostgreSQL one for the layout and one per report.
@pytest.mark.parametrize("kind, what", [
    ("sqlite", "layout"), ("postgresql", "layout"), ("postgresql", "report")])
def test_a_load_that_waits_says_so_then_goes_on(request, kind, tmp_path, what):
    postgres = request.getfixturevalue("postgres_url") if kind == "postgresql" else None
    url = empty_database(kind, tmp_path, postgres)
    folder = write_outputs(tmp_path / "out", [council(i) for i in range(5)])
    if what == "report":
        assert main(["load", str(folder), "--db", url]) == 0  # the layout step has run once
        folder = write_outputs(tmp_path / "newer", [council(i, version=2) for i in range(5)])
    engine, connection = _hold(kind, url, what)
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(
        [str(ROOT), *filter(None, [os.environ.get("PYTHONPATH")])])}
    process = subprocess.Popen(
        [sys.executable, "-m", "pipeline", "load", str(folder), "--db", url], env=env,
        cwd=tmp_path, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        err_lines = []
        deadline = time.monotonic() + TIMEOUT
        while not any(line.startswith("waiting:") for line in err_lines):
            assert time.monotonic() < deadline and process.poll() is None, "".join(err_lines)
            err_lines.append(process.stderr.readline())
        connection.rollback()  # let it go on
        connection.close()
        _, rest = process.communicate(timeout=TIMEOUT)
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()
        engine.dispose()
    err = "".join(err_lines) + rest
    assert process.returncode == 0, err
    waiting = [line for line in err.splitlines() if line.startswith("waiting:")]
    assert len(waiting) == 1, err
    if what == "report":
        assert "another load is writing report 'r03'" in waiting[0]
        assert "0 new, 5 replaced" in err
    else:
        assert "another load is" in waiting[0]
        assert "5 new" in err
