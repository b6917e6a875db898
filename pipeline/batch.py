"""Many files -> ``DIR/<stem>.json``, one failure never stopping or corrupting the others.

- Inputs are ``.txt`` files, or folders searched recursively for ``.txt`` files.
- Work runs in a process pool (``jobs`` workers; ``jobs=1`` runs in this process).
- Incremental: an input is skipped when ``DIR/<stem>.json`` already holds the same ``sha256``
  of the text and the same ``pipeline_version`` (read from the first bytes of the file only).
- Every write is atomic (a temporary file in the same folder, then ``os.replace``), so a reader
  never sees half a file. A failure writes ``DIR/<stem>.error.json`` (file, message, place) and
  one line on stderr; a later success removes that record. A failed input's older output (if
  any) is left as it was.
- Output JSON is deterministic: the models' field order, two-space indent, no timestamps, so
  the same input and pipeline version give byte-identical files.
"""

from __future__ import annotations

import concurrent.futures as futures
import json
import os
import re
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import BinaryIO

import orjson

from pipeline import __version__, extract, text_sha256
from pipeline.errors import ExtractionError
from pipeline.models import Report
from pipeline.reading import read_text

ERROR_SUFFIX = ".error.json"
_HEAD_BYTES = 4096  # the header fields come first in every output file (model field order)


# ---------------------------------------------------------------------------------------------
# Writing


@lru_cache(maxsize=1)
def _file_mode() -> int:
    umask = os.umask(0)
    os.umask(umask)
    return 0o666 & ~umask


@contextmanager
def atomic_file(path: Path) -> Iterator[BinaryIO]:
    """A binary handle on a temporary file beside ``path``, renamed over it on success.

    A reader never sees half a file: on any error the temporary file is removed and ``path``
    is left as it was. The file gets the usual mode for a new file (0666 less the umask), not
    mkstemp's 0600.
    """
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as handle:
            os.fchmod(handle.fileno(), _file_mode())
            yield handle
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def write_atomic(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` atomically (see ``atomic_file``)."""
    with atomic_file(path) as handle:
        handle.write(data)


def report_json(report: Report) -> bytes:
    """The output file's bytes: the models' field order, two-space indent, UTF-8, final newline.

    orjson writes what ``json.dumps(indent=2, ensure_ascii=False)`` writes for every value a
    report holds (checked on the corpus and the test pages), about ten times faster; the
    stdlib runs its pure-Python encoder whenever ``indent`` is set.
    """
    return orjson.dumps(report.model_dump(mode="json"), option=orjson.OPT_INDENT_2) + b"\n"


def error_json(file: str, message: str, place: str | None) -> bytes:
    record = {"file": file, "message": message, "place": place}
    return (json.dumps(record, indent=2, ensure_ascii=False) + "\n").encode()


# ---------------------------------------------------------------------------------------------
# One file


def extract_file(path: Path, text: str | None = None, read_warnings=None) -> Report:
    """Read ``path`` and extract it, with the reader's warnings first in ``Report.warnings``.

    The report's ``name`` is the file's stem. This is what the batch writes for one input.
    """
    if text is None:
        text, read_warnings = read_text(path)
    report = extract(text, name=path.stem)
    if read_warnings:
        report = report.model_copy(update={"warnings": [*read_warnings, *report.warnings]})
    return report


_HEADER_FIELD = re.compile(rb'^  "(sha256|pipeline_version)": "([^"\\]*)",?$', re.M)


def output_header(path: Path) -> dict[str, str]:
    """``sha256`` and ``pipeline_version`` of an existing output, reading only its first bytes.

    Returns ``{}`` when the file is missing or the fields are not where this module writes
    them (then the input is simply extracted again).
    """
    try:
        with open(path, "rb") as handle:
            head = handle.read(_HEAD_BYTES)
    except OSError:
        return {}
    return {m.group(1).decode(): m.group(2).decode() for m in _HEADER_FIELD.finditer(head)}


@dataclass
class Outcome:
    """What happened to one input (picklable: it comes back from a worker process)."""

    file: str
    stem: str
    status: str  # "extracted", "skipped" or "failed"
    claims: int = 0
    warnings: int = 0
    message: str | None = None  # the line shown on stderr for a failure
    seconds: float = 0.0


def process_file(path: Path, out_dir: Path, force: bool = False) -> Outcome:
    """Extract one input into ``out_dir``. Never raises for a problem with the input."""
    started = time.perf_counter()
    stem = path.stem
    output = out_dir / f"{stem}.json"
    error_path = out_dir / f"{stem}{ERROR_SUFFIX}"
    try:
        text, read_warnings = read_text(path)
        if not force:
            header = output_header(output)
            # the hash only when there is an output to compare with (extract hashes it anyway)
            if header.get("pipeline_version") == __version__ and header.get(
                "sha256"
            ) == text_sha256(text):
                error_path.unlink(missing_ok=True)
                return Outcome(str(path), stem, "skipped", seconds=time.perf_counter() - started)
        report = extract_file(path, text, read_warnings)
        write_atomic(output, report_json(report))
        error_path.unlink(missing_ok=True)
        return Outcome(
            str(path), stem, "extracted", claims=len(report.claims),
            warnings=len(report.warnings), seconds=time.perf_counter() - started,
        )
    except ExtractionError as error:
        message, place = error.message, error.place
        line = str(ExtractionError(message, name=str(path), place=place))
    except Exception as error:  # a bug, or an OS error writing the output: report, go on
        message = f"unexpected error: {type(error).__name__}: {error}"
        place = None
        line = f"{path}: {message}"
    _record_failure(path, error_path, message, place)
    return Outcome(str(path), stem, "failed", message=line, seconds=time.perf_counter() - started)


def _record_failure(path: Path, error_path: Path, message: str, place: str | None) -> None:
    try:
        write_atomic(error_path, error_json(str(path), message, place))
    except OSError as error:
        print(f"{error_path}: cannot write the error record: {error.strerror}", file=sys.stderr)


def _process_in_worker(path: str, out_dir: str, force: bool) -> Outcome:
    return process_file(Path(path), Path(out_dir), force)


def _start_worker() -> None:
    """Load what every extraction uses (spaCy's tokenizer: most of a worker's start), then
    move it all out of the garbage collector's reach: its full collections, which come every
    few files, then walk only the objects made since instead of spaCy's too."""
    import gc

    from pipeline.claims import _nlp

    _nlp()
    gc.freeze()


# ---------------------------------------------------------------------------------------------
# Inputs


@dataclass
class Inputs:
    files: list[Path] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)  # one stderr line each; counted as failures
    clashes: dict[str, list[Path]] = field(default_factory=dict)  # stem -> the inputs sharing it


def collect_inputs(paths: list[Path]) -> Inputs:
    """Files as given, and ``.txt`` files under folders (sorted); missing paths and stem clashes.

    Two different inputs with the same stem would write the same ``<stem>.json``: neither is
    extracted, both are reported (rename one, or run them into different ``--out`` folders).
    """
    inputs = Inputs()
    seen: set[Path] = set()
    candidates: list[Path] = []
    for path in paths:
        path = Path(path)
        if path.is_dir():
            found = sorted(p for p in path.rglob("*.txt") if p.is_file())
            if not found:
                inputs.problems.append(f"{path}: no .txt files in this folder")
            candidates.extend(found)
        elif path.is_file():
            candidates.append(path)
        elif path.exists():
            inputs.problems.append(f"{path}: not a regular file or folder")
        else:
            inputs.problems.append(f"{path}: no such file or folder")
    by_stem: dict[str, list[Path]] = {}
    for path in candidates:
        resolved = path.resolve()
        if resolved in seen:  # the same file named twice (e.g. a file and its folder)
            continue
        seen.add(resolved)
        by_stem.setdefault(path.stem, []).append(path)
    for stem, group in by_stem.items():
        if len(group) > 1:
            inputs.clashes[stem] = group
        else:
            inputs.files.append(group[0])
    return inputs


def check_output_folder(out_dir: Path) -> str | None:
    """None when ``out_dir`` exists (or can be made) and a file can be created in it."""
    if out_dir.exists() and not out_dir.is_dir():
        return f"the output folder {out_dir} is not a folder"
    try:
        out_dir.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        return f"cannot create the output folder {out_dir}: {error.strerror}"
    if not out_dir.is_dir():
        return f"the output folder {out_dir} is not a folder"
    try:
        fd, probe = tempfile.mkstemp(dir=out_dir, prefix=".cqc-write-test.")
        os.close(fd)
        os.unlink(probe)
    except OSError as error:
        return f"the output folder {out_dir} is not writable: {error.strerror}"
    return None


# ---------------------------------------------------------------------------------------------
# The batch


@dataclass
class Summary:
    files: int = 0
    extracted: int = 0
    skipped: int = 0
    failed: int = 0
    claims: int = 0
    warnings: int = 0
    seconds: float = 0.0

    def add(self, outcome: Outcome) -> None:
        if outcome.status == "extracted":
            self.extracted += 1
        elif outcome.status == "skipped":
            self.skipped += 1
        else:
            self.failed += 1
        self.claims += outcome.claims
        self.warnings += outcome.warnings

    def line(self) -> str:
        return (
            f"{self.files} files: {self.extracted} extracted, {self.skipped} skipped (up to date), "
            f"{self.failed} failed; {self.claims} claims, {self.warnings} warnings "
            f"(in the extracted reports); {self.seconds:.1f} s"
        )


def available_cpus() -> int:
    """The cores this process may use (CPU affinity where the OS tells it), at least 1."""
    try:
        return len(os.sched_getaffinity(0)) or 1
    except (AttributeError, OSError):
        return os.cpu_count() or 1


def _want_progress(progress: str) -> bool:
    if progress == "always":
        return True
    if progress == "never":
        return False
    return sys.stderr.isatty()


def _terminal_size() -> tuple[int, int]:
    """stderr's (columns, lines); 0 when unknown (not a terminal, or a pty of size 0x0)."""
    try:
        size = os.get_terminal_size(sys.stderr.fileno())
        return size.columns, size.lines
    except (OSError, ValueError, AttributeError):
        return 0, 0


def _run_pool(files: list[Path], out_dir: Path, force: bool, jobs: int, on_done) -> None:
    """Run ``files`` in a process pool; a crashed worker costs only the file it was on.

    When a worker dies (segfault, out of memory, os._exit), the pool breaks and every file
    still pending in it fails with BrokenProcessPool. Those files are then run again one at a
    time, each in a fresh single-worker pool, so the one that crashes is named and the others
    still get extracted.
    """
    retry: list[Path] = []
    pool = futures.ProcessPoolExecutor(max_workers=jobs, initializer=_start_worker)
    try:
        pending = {
            pool.submit(_process_in_worker, str(path), str(out_dir), force): path for path in files
        }
        for future in futures.as_completed(pending):
            path = pending[future]
            try:
                on_done(future.result())
            except futures.process.BrokenProcessPool:
                retry.append(path)
            except Exception as error:  # e.g. the result could not be sent back
                on_done(_crash_outcome(path, out_dir, f"{type(error).__name__}: {error}"))
    except BaseException:  # Ctrl-C: drop what has not started instead of waiting for it
        pool.shutdown(wait=False, cancel_futures=True)
        raise
    pool.shutdown()
    order = {path: index for index, path in enumerate(files)}
    for path in sorted(retry, key=order.__getitem__):
        with futures.ProcessPoolExecutor(max_workers=1) as pool:
            future = pool.submit(_process_in_worker, str(path), str(out_dir), force)
            try:
                on_done(future.result())
            except futures.process.BrokenProcessPool:
                on_done(_crash_outcome(path, out_dir, "the worker process crashed"))
            except Exception as error:
                on_done(_crash_outcome(path, out_dir, f"{type(error).__name__}: {error}"))


def _crash_outcome(path: Path, out_dir: Path, what: str) -> Outcome:
    message = f"unexpected error: {what}"
    _record_failure(path, out_dir / f"{path.stem}{ERROR_SUFFIX}", message, None)
    return Outcome(str(path), path.stem, "failed", message=f"{path}: {message}")


def write_jsonl(target: Path, outputs: list[Path]) -> None:
    """One compact JSON line per output, in input order, written atomically."""
    with atomic_file(target) as handle:
        for output in outputs:
            document = json.loads(output.read_bytes())
            line = json.dumps(document, ensure_ascii=False, separators=(",", ":"))
            handle.write(line.encode() + b"\n")


def run_batch(inputs, out_dir, jobs=None, force=False, jsonl=None, progress="auto") -> int:
    """Extract every input into ``out_dir``; print failures and a summary on stderr.

    Returns the exit status: 0 when everything was extracted or up to date, 1 when anything
    failed, 2 when nothing could be attempted (the output folder is unusable).
    """
    from tqdm import tqdm

    started = time.perf_counter()
    out_dir = Path(out_dir)
    jobs = max(1, jobs or available_cpus())

    problem = check_output_folder(out_dir)
    if problem:
        print(f"error: {problem}", file=sys.stderr)
        return 2
    found = collect_inputs([Path(p) for p in inputs])
    summary = Summary(files=len(found.files) + len(found.problems))
    for line in found.problems:
        print(f"error: {line}", file=sys.stderr)
        summary.failed += 1
    for stem, group in found.clashes.items():
        names = ", ".join(str(p) for p in group)
        message = f"{len(group)} inputs would all be written to {stem}.json: {names}"
        print(f"error: {message}; none of them was extracted (rename them)", file=sys.stderr)
        _record_failure(group[0], out_dir / f"{stem}{ERROR_SUFFIX}", message, None)
        summary.files += len(group)
        summary.failed += len(group)

    files = found.files
    outcomes: dict[str, Outcome] = {}
    size = _terminal_size()  # (0, 0) on a pseudo-terminal nobody sized: tqdm then draws nothing
    bar = tqdm(
        total=len(files), unit="file", file=sys.stderr, disable=not _want_progress(progress),
        dynamic_ncols=size[0] > 0, ncols=None if size[0] > 0 else 80,
        nrows=None if size[1] > 0 else 24,
    )

    def on_done(outcome: Outcome) -> None:
        outcomes[outcome.file] = outcome
        summary.add(outcome)
        if outcome.status == "failed":
            (tqdm.write if not bar.disable else _print_err)(f"error: {outcome.message}", file=sys.stderr)
        bar.update(1)
        bar.set_postfix(failed=summary.failed, refresh=False)

    try:
        if jobs == 1 or len(files) <= 1:
            for path in files:
                on_done(process_file(path, out_dir, force))
        else:
            _run_pool(files, out_dir, force, min(jobs, len(files)), on_done)
    except KeyboardInterrupt:
        bar.close()
        print("interrupted: outputs written so far are complete; run again to finish",
              file=sys.stderr)
        return 130
    bar.close()

    if jsonl is not None:
        done = [
            out_dir / f"{path.stem}.json" for path in files
            if outcomes.get(str(path)) and outcomes[str(path)].status != "failed"
        ]
        try:
            write_jsonl(Path(jsonl), done)
        except (OSError, ValueError) as error:
            print(f"error: cannot write {jsonl}: {error}", file=sys.stderr)
            summary.failed += 1

    summary.seconds = time.perf_counter() - started
    print(summary.line(), file=sys.stderr)
    return 1 if summary.failed else 0


def _print_err(message: str, file=None) -> None:
    print(message, file=file or sys.stderr)
