"""Batch extraction: parallel, incremental, atomic, failures isolated and reported clearly.

The end-to-end cases run ``python -m pipeline extract`` as a user would (12 copies of the
corpus report plus an empty and a binary file, ``--jobs 2``); the crash and internal-error
cases call ``run_batch`` in this process, replacing ``extract`` for one file.
"""

from __future__ import annotations

import json
import multiprocessing
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from pipeline import batch
from pipeline.batch import extract_file, report_json, run_batch

ROOT = Path(__file__).resolve().parent.parent
CORPUS = sorted((ROOT / "corpus").glob("*.txt"))[0]
COPIES = 12


def cli(*args, cwd=None) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "pipeline", *map(str, args)],
        cwd=cwd or ROOT,
        capture_output=True,
        text=True,
        timeout=300,
    )


def make_inputs(folder: Path, copies: int = COPIES, hostile: bool = True) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for i in range(1, copies + 1):
        shutil.copyfile(CORPUS, folder / f"report-{i:03d}.txt")
    if hostile:
        (folder / "empty.txt").write_bytes(b"")
        (folder / "binary.txt").write_bytes(bytes(range(256)) * 8)
    return folder


def listing(out: Path) -> dict[str, list[str]]:
    names = sorted(p.name for p in out.iterdir())
    return {
        "reports": [n for n in names if n.endswith(".json") and not n.endswith(".error.json")],
        "errors": [n for n in names if n.endswith(".error.json")],
        "other": [n for n in names if not n.endswith(".json")],
    }


@pytest.fixture(scope="module")
def first_run(tmp_path_factory):
    """One real batch over 12 copies + an empty + a binary file, shared by several tests."""
    root = tmp_path_factory.mktemp("batch")
    inputs = make_inputs(root / "in")
    result = cli("extract", inputs, "--out", root / "out", "--jobs", 2)
    return root, result


def test_batch_writes_every_output_and_an_error_record_per_bad_file(first_run):
    root, result = first_run
    assert result.returncode == 1, result.stderr
    found = listing(root / "out")
    assert len(found["reports"]) == COPIES
    assert found["errors"] == ["binary.error.json", "empty.error.json"]
    assert found["other"] == [], "temporary files left behind"
    lines = result.stderr.strip().splitlines()
    assert f"{COPIES + 2} files: {COPIES} extracted, 0 skipped (up to date), 2 failed" in lines[-1]
    failures = sorted(line for line in lines if line.startswith("error: "))
    expected = []
    for stem in ("binary", "empty"):  # the line shows the file, the place and the message
        record = json.loads((root / "out" / f"{stem}.error.json").read_text())
        expected.append(f"error: {root / 'in' / stem}.txt, {record['place']}: {record['message']}")
    assert failures == expected, result.stderr
    assert "%|" not in result.stderr, "a progress bar although stderr is not a terminal"


def test_error_record_names_file_message_and_place(first_run):
    root, _ = first_run
    record = json.loads((root / "out" / "binary.error.json").read_text())
    assert set(record) == {"file", "message", "place"}
    assert record["file"] == str(root / "in" / "binary.txt")
    assert record["message"] and record["place"]


def test_output_is_the_extraction_byte_for_byte(first_run):
    root, _ = first_run
    path = root / "in" / "report-001.txt"
    assert (root / "out" / "report-001.json").read_bytes() == report_json(extract_file(path))


def test_output_files_have_the_usual_mode(first_run):
    root, _ = first_run
    umask = os.umask(0)
    os.umask(umask)
    for path in (root / "out").iterdir():
        assert path.stat().st_mode & 0o777 == 0o666 & ~umask, path.name


def test_second_run_skips_unchanged_inputs_then_force_redoes_them(first_run):
    root, _ = first_run
    before = {p.name: p.read_bytes() for p in (root / "out").glob("*.json")}
    again = cli("extract", root / "in", "--out", root / "out", "--jobs", 2)
    assert again.returncode == 1
    assert f"0 extracted, {COPIES} skipped (up to date), 2 failed" in again.stderr
    forced = cli("extract", root / "in", "--out", root / "out", "--jobs", 2, "--force")
    assert f"{COPIES} extracted, 0 skipped" in forced.stderr
    after = {p.name: p.read_bytes() for p in (root / "out").glob("*.json")}
    assert after == before, "same input and version must give byte-identical files"


@pytest.mark.parametrize(
    "change, redone",
    [
        ("edit-input", "report-002"),
        ("other-version", "report-003"),
        ("output-missing", "report-004"),
    ],
    ids=["changed-input", "older-pipeline-version", "missing-output"],
)
def test_incremental_redoes_only_what_is_stale(tmp_path, change, redone):
    inputs = make_inputs(tmp_path / "in", copies=4, hostile=False)
    out = tmp_path / "out"
    assert run_batch([inputs], out, jobs=1, progress="never") == 0
    target = out / f"{redone}.json"
    if change == "edit-input":
        with open(inputs / f"{redone}.txt", "a", encoding="utf-8") as handle:
            handle.write("\nOne more line.\n")
    elif change == "other-version":
        target.write_bytes(
            target.read_bytes().replace(b'"pipeline_version": "', b'"pipeline_version": "0.0.0-', 1)
        )
    else:
        target.unlink()
    stamps = {p.name: p.stat().st_mtime_ns for p in out.glob("*.json") if p != target}
    assert run_batch([inputs], out, jobs=1, progress="never") == 0
    assert {p.name: p.stat().st_mtime_ns for p in out.glob("*.json") if p != target} == stamps
    assert json.loads(target.read_text())["pipeline_version"] == batch.__version__


def test_success_removes_a_stale_error_record(tmp_path):
    inputs = make_inputs(tmp_path / "in", copies=1, hostile=False)
    (tmp_path / "out").mkdir()
    stale = tmp_path / "out" / "report-001.error.json"
    stale.write_text('{"file": "x", "message": "old failure", "place": null}')
    assert run_batch([inputs], tmp_path / "out", jobs=1, progress="never") == 0
    assert not stale.exists()


def test_jsonl_has_one_line_per_report_in_input_order(tmp_path):
    inputs = make_inputs(tmp_path / "in", copies=3)
    jsonl = tmp_path / "all.jsonl"
    for _ in range(2):  # the second run skips every report, and still writes all of them
        assert run_batch([inputs], tmp_path / "out", jobs=2, jsonl=jsonl, progress="never") == 1
        lines = jsonl.read_bytes().splitlines()
        assert [json.loads(line)["name"] for line in lines] == ["report-001", "report-002", "report-003"]
        assert json.loads(lines[0]) == json.loads((tmp_path / "out" / "report-001.json").read_bytes())


def test_same_stem_in_two_folders_is_refused_not_overwritten(tmp_path, capsys):
    for folder in ("a", "b"):
        make_inputs(tmp_path / folder, copies=1, hostile=False)
    shutil.copyfile(CORPUS, tmp_path / "b" / "unique.txt")
    status = run_batch([tmp_path / "a", tmp_path / "b"], tmp_path / "out", jobs=1, progress="never")
    err = capsys.readouterr().err
    assert status == 1
    assert "2 inputs would all be written to report-001.json" in err
    assert str(tmp_path / "a" / "report-001.txt") in err and str(tmp_path / "b" / "report-001.txt") in err
    assert listing(tmp_path / "out")["reports"] == ["unique.json"]


def test_missing_input_is_named_and_the_others_still_run(tmp_path, capsys):
    inputs = make_inputs(tmp_path / "in", copies=1, hostile=False)
    status = run_batch([tmp_path / "nope.txt", inputs], tmp_path / "out", jobs=1, progress="never")
    err = capsys.readouterr().err
    assert status == 1
    assert f"error: {tmp_path / 'nope.txt'}: no such file or folder" in err
    assert "Traceback" not in err
    assert (tmp_path / "out" / "report-001.json").exists()


@pytest.mark.parametrize(
    "setup, message",
    [
        ("file", "the output folder {out} is not a folder"),
        ("under-file", "cannot create the output folder {out}: Not a directory"),
        ("not-writable", "the output folder {out} is not writable: Permission denied"),
    ],
    ids=["out-is-a-file", "out-under-a-file", "out-not-writable"],
)
def test_unusable_output_folder_is_one_clear_line(tmp_path, monkeypatch, capsys, setup, message):
    inputs = make_inputs(tmp_path / "in", copies=1, hostile=False)
    out = tmp_path / "out"
    if setup == "file":
        out.write_text("I am a file")
    elif setup == "under-file":
        (tmp_path / "plain").write_text("")
        out = tmp_path / "plain" / "out"
    else:
        out.mkdir()
        out.chmod(0o500)
        if os.geteuid() == 0:  # root writes anyway: make creating a file fail as it would

            def refuse(*args, **kwargs):
                raise PermissionError(13, "Permission denied")

            monkeypatch.setattr(batch.tempfile, "mkstemp", refuse)
    status = run_batch([inputs], out, jobs=1, progress="never")
    err = capsys.readouterr().err
    assert status == 2
    assert err.strip() == f"error: {message.format(out=out)}"


def _boom_for(stem: str, how: str):
    real = batch.extract

    def fake(text, name=None, veto=True, measure_model=True):
        if name == stem:
            if how == "crash":
                os._exit(3)  # a worker dying outright (segfault, OOM kill)
            raise ValueError("something nobody expected")
        return real(text, name=name, veto=veto, measure_model=measure_model)

    return fake


@pytest.mark.parametrize(
    "how, jobs",
    [
        ("exception", 1),
        ("exception", 2),
        ("crash", 2),
    ],
    ids=["exception-in-process", "exception-in-worker", "worker-crash"],
)
def test_one_bad_file_never_stops_the_others(tmp_path, monkeypatch, capsys, how, jobs):
    if how == "crash" and multiprocessing.get_start_method() != "fork":
        pytest.skip("workers see the patched extract only when forked")
    inputs = make_inputs(tmp_path / "in", copies=5, hostile=False)
    monkeypatch.setattr(batch, "extract", _boom_for("report-003", how))
    status = run_batch([inputs], tmp_path / "out", jobs=jobs, progress="never")
    err = capsys.readouterr().err
    assert status == 1
    found = listing(tmp_path / "out")
    assert found["reports"] == [f"report-00{i}.json" for i in (1, 2, 4, 5)], err
    assert found["errors"] == ["report-003.error.json"]
    expected = "the worker process crashed" if how == "crash" else "ValueError: something nobody expected"
    assert f"error: {inputs / 'report-003.txt'}: unexpected error: {expected}" in err
    assert "5 files: 4 extracted, 0 skipped (up to date), 1 failed" in err


def test_progress_bar_only_when_asked_or_on_a_terminal(tmp_path):
    inputs = make_inputs(tmp_path / "in", copies=2, hostile=False)
    shown = cli("extract", inputs, "--out", tmp_path / "a", "--jobs", 1, "--progress", "always")
    assert "100%" in shown.stderr and "2/2" in shown.stderr
    hidden = cli("extract", inputs, "--out", tmp_path / "b", "--jobs", 1)
    assert "100%" not in hidden.stderr
    if shutil.which("script") is None:
        pytest.skip("no `script` to run the command on a pseudo-terminal")
    command = " ".join(
        [
            sys.executable,
            "-m",
            "pipeline",
            "extract",
            str(inputs),
            "--out",
            str(tmp_path / "c"),
            "--jobs",
            "2",
        ]
    )
    tty = subprocess.run(
        ["script", "-qec", command, "/dev/null"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
        stdin=subprocess.DEVNULL,
    )
    assert tty.returncode == 0, tty.stdout
    assert "100%" in tty.stdout and "2/2" in tty.stdout


@pytest.mark.parametrize("jobs", ["0", "-1", "many"])
def test_jobs_must_be_a_positive_number(jobs):
    result = cli("extract", "corpus", "--out", "/nonexistent", "--jobs", jobs)
    assert result.returncode == 2
    assert "--jobs" in result.stderr and "Traceback" not in result.stderr
