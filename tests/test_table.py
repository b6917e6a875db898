"""``python -m pipeline table``: one row per measured claim across councils, and ``--check``.

The reports are small synthetic ones built through the models (``conftest.make_report``).
"""

from __future__ import annotations

import csv
import io
import json

import pytest
from conftest import ASCS, SACE, make_report

from pipeline.batch import report_json
from pipeline.cli import main
from pipeline.outputs.table import check_averages, check_units, read_rows

REPORTS = [
    make_report(
        "north",
        "North Council",
        claims=[
            dict(
                start=100,
                value=55.0,
                england=60.0,
                qualifier="lower than",
                measure="ascs-feel-safe",
                source_date="2024",
            ),
            dict(start=200, value=70.0, england=65.0, qualifier="higher than"),  # no measure
            dict(
                start=300,
                value=40.0,
                england=45.0,
                source=SACE,
                measure="sace-carer-feel-safe",
                source_date="June 2024",
            ),
        ],
    ),
    make_report(
        "south",
        "South Council",
        claims=[
            dict(start=150, value=61.0, england=60.0, measure="ascs-feel-safe", source_date="2024"),
            dict(start=250, value=2.0, measure="asc-precept", source=None),
        ],
    ),
    make_report(
        "west",
        "West Council",
        claims=[
            # the same edition, another England average: a typo somewhere
            dict(start=120, value=58.0, england=62.0, measure="ascs-feel-safe", source_date="2024"),
            # another edition, another average: fine
            dict(
                start=220,
                value=47.0,
                england=44.0,
                source=SACE,
                measure="sace-carer-feel-safe",
                source_date="June 2022",
            ),
        ],
    ),
]


@pytest.fixture
def outputs(tmp_path):
    folder = tmp_path / "out"
    folder.mkdir()
    for report in REPORTS:
        (folder / f"{report.name}.json").write_bytes(report_json(report))
    return folder


def test_one_row_per_measured_claim_sorted_by_measure_then_council(outputs) -> None:
    rows, problems = read_rows(outputs)
    assert problems == []
    assert [(r.measure, r.council, r.value, r.england_average) for r in rows] == [
        ("asc-precept", "South Council", 2.0, None),
        ("ascs-feel-safe", "North Council", 55.0, 60.0),
        ("ascs-feel-safe", "South Council", 61.0, 60.0),
        ("ascs-feel-safe", "West Council", 58.0, 62.0),
        ("sace-carer-feel-safe", "North Council", 40.0, 45.0),
        ("sace-carer-feel-safe", "West Council", 47.0, 44.0),
    ]
    north = rows[1]
    assert (north.measure_name, north.direction, north.judgement, north.source, north.source_date) == (
        "people who use services who feel safe",
        "below",
        "lower than",
        ASCS,
        "2024",
    )


@pytest.mark.parametrize("fmt", ["csv", "markdown", "json"])
def test_formats_and_measure_filter(outputs, capsys, fmt) -> None:
    assert main(["table", str(outputs), "--measure", "ascs-feel-safe", "--format", fmt]) == 0
    printed = capsys.readouterr().out
    if fmt == "csv":
        table = list(csv.DictReader(io.StringIO(printed)))
        assert [(r["council"], r["value"], r["england_average"]) for r in table] == [
            ("North Council", "55", "60"),
            ("South Council", "61", "60"),
            ("West Council", "58", "62"),
        ]
    elif fmt == "markdown":
        lines = printed.splitlines()
        assert lines[0].startswith("| measure | council |") and len(lines) == 2 + 3
        assert "| ascs-feel-safe | North Council |" in lines[2]
    else:
        assert [r["council"] for r in json.loads(printed)] == [
            "North Council",
            "South Council",
            "West Council",
        ]


def test_out_writes_the_file(outputs, tmp_path, capsys) -> None:
    target = tmp_path / "table.csv"
    assert main(["table", str(outputs), "--out", str(target)]) == 0
    assert capsys.readouterr().out == ""
    assert target.read_text(encoding="utf-8").splitlines()[0].startswith("council,published,measure,")


def test_check_flags_the_same_edition_with_two_averages_only(outputs, capsys) -> None:
    rows, _ = read_rows(outputs)
    conflicts = check_averages(rows)
    assert [(c.measure, c.source, c.source_date) for c in conflicts] == [("ascs-feel-safe", ASCS, "2024")]
    assert sorted(council for _, council in conflicts[0].averages) == [
        "North Council",
        "South Council",
        "West Council",
    ]
    assert main(["table", str(outputs), "--check"]) == 1
    printed = capsys.readouterr().out
    assert "ascs-feel-safe: Adult Social Care Survey, 2024: England averages differ" in printed
    assert "sace-carer-feel-safe" not in printed


def test_check_accepts_an_average_written_to_less_precision(tmp_path, capsys) -> None:
    folder = tmp_path / "out"
    folder.mkdir()
    for report in [
        make_report(
            "a",
            "A Council",
            claims=[dict(start=100, value=55.0, england=62.72, measure="ascs-feel-safe", source_date="2024")],
        ),
        make_report(
            "b",
            "B Council",
            claims=[
                dict(
                    start=100,
                    value=57.0,
                    england=62.7,
                    england_text="62.7%",
                    measure="ascs-feel-safe",
                    source_date="2024",
                )
            ],
        ),
    ]:
        (folder / f"{report.name}.json").write_bytes(report_json(report))
    assert main(["table", str(folder), "--check"]) == 0
    assert "agree" in capsys.readouterr().out


def test_a_bad_file_is_named_and_the_others_go_on(outputs, capsys) -> None:
    (outputs / "broken.json").write_text("{not json", encoding="utf-8")
    (outputs / "failed.error.json").write_text("{}", encoding="utf-8")  # an error record: skipped
    assert main(["table", str(outputs)]) == 1
    captured = capsys.readouterr()
    assert "broken.json: not a report" in captured.err and "failed.error.json" not in captured.err
    assert len(captured.out.splitlines()) == 1 + 6


@pytest.mark.parametrize(
    "args,message",
    [
        (["--measure", "no-such-measure"], "unknown measure id(s): no-such-measure"),
    ],
    ids=["unknown-measure"],
)
def test_bad_arguments_are_one_clear_line(outputs, capsys, args, message) -> None:
    assert main(["table", str(outputs), *args]) == 2
    assert message in capsys.readouterr().err


def test_missing_folder(tmp_path, capsys) -> None:
    assert main(["table", str(tmp_path / "nowhere")]) == 2
    assert "no such folder" in capsys.readouterr().err


def test_the_database_view_holds_the_same_rows(outputs, tmp_path) -> None:
    import sqlite3

    assert main(["load", str(outputs), "--db", f"sqlite:///{tmp_path / 'db.sqlite'}"]) == 0
    with sqlite3.connect(tmp_path / "db.sqlite") as connection:
        viewed = connection.execute(
            "SELECT measure, council, published, measure_name, value, unit, period, england_average,"
            " direction, judgement, source, source_date, statement, claim_id"
            " FROM measure_values ORDER BY measure, council"
        ).fetchall()
    rows, _ = read_rows(outputs)
    assert viewed == [
        (
            r.measure,
            r.council,
            r.published,
            r.measure_name,
            r.value,
            r.unit,
            r.period,
            r.england_average,
            r.direction,
            r.judgement,
            r.source,
            r.source_date,
            r.statement,
            r.claim_id,
        )
        for r in rows
    ]


def test_check_lists_a_measure_reported_in_two_units(tmp_path, capsys) -> None:
    folder = tmp_path / "out"
    folder.mkdir()
    for report in [
        make_report(
            "a",
            "A Council",
            claims=[dict(start=100, value=3.0, unit="score", measure="imd-decile", source=None)],
        ),
        make_report(
            "b",
            "B Council",
            claims=[dict(start=100, value=6.0, unit="count", measure="imd-decile", source=None)],
        ),
        make_report(
            "c",
            "C Council",
            claims=[
                dict(start=100, value=2.0, unit="score", measure="imd-decile", source=None),
                dict(start=300, value=7.0, unit="score", measure="imd-decile", source=None),
            ],
        ),
    ]:
        (folder / f"{report.name}.json").write_bytes(report_json(report))
    rows, _ = read_rows(folder)
    assert [(c.measure, c.units) for c in check_units(rows)] == [
        ("imd-decile", [("score", 3, ["A Council", "C Council"]), ("count", 1, ["B Council"])])
    ]
    assert main(["table", str(folder), "--check"]) == 1
    printed = capsys.readouterr().out
    assert "imd-decile: reported in 2 units" in printed and "count: 1 row(s): B Council" in printed


def test_check_is_quiet_when_each_measure_has_one_unit(outputs, capsys) -> None:
    rows, _ = read_rows(outputs)
    assert check_units(rows) == []
    main(["table", str(outputs), "--check"])
    assert "every measure is reported in one unit" in capsys.readouterr().out
