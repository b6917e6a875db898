"""Concurrent loads: 8 and 16 loads started together into one database, new or existing, with
overlapping and identical folders, while a reader holds one read transaction throughout: every
load succeeds, five rounds running, and the database ends as serial loads leave it. A load that
waits says so once, then goes on, or gives up after ``--wait`` changing nothing.

On SQLite and on PostgreSQL (``CQC_TEST_POSTGRES_URL``; see ``.ci/postgres.sh``). The loads are
processes forked from the test (everything imported once), each bounded in time (``TIMEOUT``).
"""

from __future__ import annotations

import multiprocessing
import os
import sys
import threading
import time
from pathlib import Path

import pytest
import sqlalchemy as sa
from conftest import make_report
from databases import TIMEOUT, content, empty_database, kind, run_until_waiting, write_outputs

from pipeline.cli import main
from pipeline.outputs import store

ROUNDS = 5
FIXTURES_USED = (kind,)  # each kind of database


def council(i: int, version: int = 1):
    """Report ``r<i>``; ``version`` 2 is a newer extraction of it (other values)."""
    return make_report(
        f"r{i:02d}",
        f"Council {i}",
        claims=[
            dict(start=100, value=50.0 + i + version, england=60.0, measure="ascs-feel-safe"),
            dict(start=200, value=10.0 * version, unit="count", source=None),
        ],
    )


@pytest.fixture
def fresh(request, kind, tmp_path):
    """A function returning the URL of an empty database (the same one, emptied, each time)."""
    postgres = request.getfixturevalue("postgres_url") if kind == "postgresql" else None
    return lambda: empty_database(kind, tmp_path, postgres)


def folders(tmp_path: Path, count: int) -> list[Path]:
    """``count`` folders of the ten reports r00-r09: each six of them, overlapping the next
    folder's, and every fourth one a byte-identical copy of the folder before it."""
    reports = [council(i, version=2) for i in range(10)]
    made = []
    for n in range(count):
        first = (n - 1 if n % 4 == 3 else n) % 10
        chosen = [reports[(first + k) % 10] for k in range(6)]
        made.append(write_outputs(tmp_path / f"folder{count}-{n}", chosen))
    return made


def existing(url: str, tmp_path: Path) -> str:
    """An existing database: older extractions of r00-r04, and r50 that no folder holds."""
    old = write_outputs(tmp_path / "old", [council(i, version=1) for i in (0, 1, 2, 3, 4, 50)])
    assert main(["load", str(old), "--db", url]) == 0
    return url


def _load_in_child(start, folder: str, url: str, err: str) -> None:
    """A forked load: its stderr to ``err``; waits for the start, then loads."""
    with open(err, "w", encoding="utf-8") as handle:
        os.dup2(handle.fileno(), 2)
    sys.stderr = open(2, "w", encoding="utf-8", closefd=False, buffering=1)
    if not start.wait(TIMEOUT):
        sys.exit(90)
    began = time.monotonic()  # CLOCK_MONOTONIC: one clock for every process
    code = main(["load", folder, "--db", url])
    Path(err + ".times").write_text(f"{began} {time.monotonic()}", encoding="utf-8")
    sys.exit(code)


class Reader:
    """One read transaction held from before the loads start (or, in a new database, from
    when its view exists) until they end: it reads ``measure_values`` and counts the claims,
    and at the end counts again in the same transaction (a snapshot on both databases: it
    must see the same count, else it did not hold one transaction throughout)."""

    def __init__(self, kind: str, url: str):
        self.kind, self.url = kind, url
        self.stop = threading.Event()
        self.counts: list[int] = []
        self.error: BaseException | None = None
        self.thread = threading.Thread(target=self._run, daemon=True)
        self.thread.start()

    def _run(self) -> None:
        try:
            engine = store.make_engine(self.url)
            options = {"isolation_level": "REPEATABLE READ"} if self.kind == "postgresql" else {}
            try:
                with engine.connect().execution_options(**options) as connection:
                    while not self.stop.is_set() and not sa.inspect(connection).has_table("claims"):
                        connection.rollback()
                        time.sleep(0.02)
                    connection.rollback()
                    with connection.begin():
                        connection.execute(sa.text("SELECT * FROM measure_values")).all()
                        count = sa.text("SELECT COUNT(*) FROM claims")
                        self.counts.append(connection.execute(count).scalar())
                        self.stop.wait(TIMEOUT)
                        self.counts.append(connection.execute(count).scalar())
            finally:
                engine.dispose()
        except BaseException as error:  # reported by the test
            self.error = error

    def finish(self) -> list[int]:
        self.stop.set()
        self.thread.join(TIMEOUT)
        assert self.error is None, repr(self.error)
        return self.counts


def load_together(
    tmp_path: Path, kind: str, url: str, loads: list[Path]
) -> tuple[list[tuple[int | None, str]], list[int], int]:
    """Fork one load per folder, start them together with a reader holding a read
    transaction throughout; returns (exit code, stderr) of each load, the reader's counts, and
    how many loads ran while another was running."""
    context = multiprocessing.get_context("fork")
    start = context.Event()
    errs = [tmp_path / f"err-{i}.txt" for i in range(len(loads))]
    processes = [
        context.Process(target=_load_in_child, args=(start, str(f), url, str(e))) for f, e in zip(loads, errs)
    ]
    for process in processes:
        process.start()
    reader = Reader(kind, url)
    try:
        time.sleep(0.2)  # the reader begins first in an existing database
        start.set()
        deadline = time.monotonic() + TIMEOUT
        for process in processes:
            process.join(max(1.0, deadline - time.monotonic()))
    finally:
        for process in processes:
            if process.is_alive():
                process.kill()
                process.join()
        counts = reader.finish()
    spans = [
        tuple(map(float, Path(f"{e}.times").read_text().split())) for e in errs if Path(f"{e}.times").exists()
    ]
    overlapping = sum(
        any(a < d and c < b for j, (c, d) in enumerate(spans) if j != i) for i, (a, b) in enumerate(spans)
    )
    return (
        [(p.exitcode, e.read_text(encoding="utf-8")) for p, e in zip(processes, errs)],
        counts,
        overlapping,
    )


@pytest.mark.slow
@pytest.mark.parametrize("count", [8, 16])
@pytest.mark.parametrize("start", ["new", "existing"])
def test_concurrent_loads_with_a_reader_all_succeed_and_match_serial_loads(
    kind, fresh, tmp_path, start, count, capsys
):
    loads = folders(tmp_path, count)
    prepare = (lambda url: existing(url, tmp_path)) if start == "existing" else (lambda url: url)

    url = prepare(fresh())
    for folder in loads:
        assert main(["load", str(folder), "--db", url]) == 0
    serial = content(url)
    capsys.readouterr()

    failures, overlapping = [], 0
    for round_ in range(ROUNDS):
        round_dir = tmp_path / f"round{round_}"
        round_dir.mkdir()
        url = prepare(fresh())
        results, counts, overlapped = load_together(round_dir, kind, url, loads)
        overlapping += overlapped
        failures += [
            f"round {round_}: exit {code}: {err}"
            for code, err in results
            if code != 0 or "Traceback" in err or "loaded " not in err
        ]
        assert len(counts) == 2 and counts[0] == counts[1], (round_, counts)
        assert content(url) == serial, f"round {round_}"
    assert failures == []
    # The loads ran at the same time (else this test tested nothing): with one writer at a
    # time, they waited for each other (a wait under a second is not said).
    assert overlapping > 0
    keys = [row[0] for row in serial["reports"]]
    assert keys == sorted(set(keys)) and len(keys) == 10 + (start == "existing")


def _hold(kind: str, url: str):
    """An open connection holding what a load waits for: SQLite's write lock, or the
    PostgreSQL advisory write lock."""
    engine = store.make_engine(url)
    connection = engine.connect()
    if kind == "sqlite":
        store.writer(connection)
        connection.begin()  # BEGIN IMMEDIATE: the write lock, until rollback
    else:
        connection.begin()
        connection.execute(
            sa.text("SELECT pg_advisory_xact_lock(:a, :b)"),
            {"a": store.WRITE_LOCK[0], "b": store.WRITE_LOCK[1]},
        )
    return engine, connection


@pytest.mark.parametrize("start", ["new", "existing"])
def test_a_load_that_waits_says_so_once_then_goes_on(request, kind, tmp_path, start):
    postgres = request.getfixturevalue("postgres_url") if kind == "postgresql" else None
    url = empty_database(kind, tmp_path, postgres)
    if start == "existing":
        existing(url, tmp_path)
    folder = write_outputs(tmp_path / "out", [council(i, version=2) for i in range(5)])
    engine, connection = _hold(kind, url)
    try:
        code, _, err = run_until_waiting(
            ["load", str(folder), "--db", url], tmp_path, connection.rollback
        )  # the rollback lets it go on
    finally:
        connection.close()
        engine.dispose()
    assert code == 0, err
    waiting = [line for line in err.splitlines() if line.startswith("waiting:")]
    assert len(waiting) == 1, err
    assert "another load is writing to this database" in waiting[0] and "--wait" in waiting[0]
    assert ("0 new, 5 replaced" if start == "existing" else "5 new, 0 replaced") in err


def test_a_load_gives_up_after_its_wait_and_changes_nothing(request, kind, tmp_path, capsys):
    postgres = request.getfixturevalue("postgres_url") if kind == "postgresql" else None
    url = existing(empty_database(kind, tmp_path, postgres), tmp_path)
    before = content(url)
    folder = write_outputs(tmp_path / "out", [council(i, version=2) for i in range(5)])
    engine, connection = _hold(kind, url)
    try:
        assert main(["load", str(folder), "--db", url, "--wait", "2"]) == 1
    finally:
        connection.rollback()
        connection.close()
        engine.dispose()
    err = capsys.readouterr().err
    assert len([line for line in err.splitlines() if line.startswith("waiting:")]) == 1, err
    assert "gave up after waiting 2 s (--wait)" in err and "nothing was changed" in err
    assert content(url) == before
