"""Many files -> ``DIR/<stem>.json``, one failure never stopping or corrupting the others.

- Inputs are ``.txt``, ``.pdf``, ``.html``/``.htm`` files, or folders searched recursively for
  them. Each file is converted by the format its content shows (``pipeline.formats``); a PDF's
  or web page's text is written as ``DIR/<stem>.txt``, the text its output's offsets index.
- ``merge`` folders: every page in the folder is one report (``merge_pages``), written as
  ``DIR/<folder>.txt`` and ``DIR/<folder>.json``.
- Work runs in worker processes (``jobs`` of them), each file under a time limit (``timeout``
  seconds): a file that exceeds it has its worker stopped, a file whose worker dies gets an
  error record, and the batch goes on with a fresh worker. ``timeout=None`` with one job runs
  in this process.
- Incremental: an input is skipped when ``DIR/<stem>.json`` already holds the same ``sha256``
  of the input's bytes, the same ``pipeline_version`` and the same ``veto_model`` (null with
  ``veto=False``; read from the first bytes of the file only), and its ``<stem>.txt`` exists
  where one is written.
- Every write is atomic (a temporary file in the same folder, then ``os.replace``), so a reader
  never sees half a file. A failure writes ``DIR/<stem>.error.json`` (file, message, place) and
  one line on stderr; a later success removes that record. A failed input's older output (if
  any) is left as it was.
- Output JSON is deterministic: the models' field order, two-space indent, no timestamps, so
  the same input and pipeline version give byte-identical files.
"""

from __future__ import annotations

import hashlib
import json
import multiprocessing
import os
import re
import sys
import tempfile
import time
from collections import deque
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

import orjson

from pipeline import __version__, extract
from pipeline.errors import ExtractionError
from pipeline.files import ERROR_SUFFIX, atomic_file, write_atomic
from pipeline.formats import SUFFIXES, Converted, convert, detect, paginate

if TYPE_CHECKING:
    from pipeline.models import Report, Warning

# The models (pydantic) and what imports them (``pipeline.formats.reading``) are imported
# where a file is read or a report built, not here: the batch's parent only lists inputs and
# hands them to its workers, which it starts before loading anything they need (``run_batch``).

_HEAD_BYTES = 4096  # the header fields come first in every output file (model field order)


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


def extract_converted(
    path: Path, data: bytes, veto: bool = True, measure_model: bool = True
) -> tuple[Report, Converted]:
    """Convert ``data`` (the bytes of ``path``) and extract it: the report and its text.

    The report's ``name`` is the file's stem; ``input`` records the format, the bytes'
    sha256, the text file written for a converted input and a PDF's page count; conversion
    warnings come first in ``warnings``.
    """
    from pipeline.models import Input

    converted = convert(data, name=str(path), suffix=path.suffix)
    report = paginate(
        extract(converted.text, name=path.stem, veto=veto, measure_model=measure_model), converted
    )
    info = Input(
        format=converted.format,
        sha256=hashlib.sha256(data).hexdigest(),
        text_file=None if converted.format == "text" else f"{path.stem}.txt",
        pages=converted.pages,
    )
    update: dict = {"input": info}
    if converted.warnings:
        update["warnings"] = [*converted.warnings, *report.warnings]
    return report.model_copy(update=update), converted


def extract_file(path: Path, veto: bool = True, measure_model: bool = True) -> Report:
    """Read, convert and extract one file: what the batch writes for it."""
    from pipeline.formats.reading import read_bytes

    return extract_converted(path, read_bytes(path), veto, measure_model)[0]


_HEADER_FIELD = re.compile(
    rb'^  "(sha256|pipeline_version|veto_model|measure_model)": (?:"([^"\\]*)"|null),?$', re.M
)
# the input's sha256, one level down ("input": {"format": ..., "sha256": ...})
_INPUT_SHA = re.compile(rb'^  "input": \{\n    "format": "[a-z]+",\n    "sha256": "([0-9a-f]+)",?$', re.M)


def output_header(path: Path) -> dict[str, str]:
    """``sha256``, ``pipeline_version``, ``veto_model`` ("" for null) and ``input_sha256`` of an
    existing output, from its first bytes only.

    Returns ``{}`` when the file is missing or the fields are not where this module writes
    them (then the input is simply extracted again).
    """
    try:
        with open(path, "rb") as handle:
            head = handle.read(_HEAD_BYTES)
    except OSError:
        return {}
    found = {m.group(1).decode(): (m.group(2) or b"").decode() for m in _HEADER_FIELD.finditer(head)}
    match = _INPUT_SHA.search(head)
    if match:
        found["input_sha256"] = match.group(1).decode()
    return found


def _up_to_date(
    output: Path, digest: str, text_file: Path | None, veto: bool = True, measure_model: bool = True
) -> bool:
    from pipeline.stages import measure_model as learned
    from pipeline.stages.veto import model_file_sha256

    header = output_header(output)
    return (
        header.get("pipeline_version") == __version__
        and header.get("veto_model") == (model_file_sha256() if veto else "")
        and header.get("measure_model") == (learned.model_file_sha256() if measure_model else "")
        and header.get("input_sha256") == digest
        and (text_file is None or text_file.is_file())
    )


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
    corrections_applied: int = 0
    corrections_stale: int = 0
    corrections_moved: int = 0
    # one line per stale or moved correction ("stale: ..." / "moved: ..."), shown on stderr
    corrections_notes: tuple[str, ...] = ()


def process_file(
    path: Path,
    out_dir: Path,
    force: bool = False,
    corrections: Path | None = None,
    veto: bool = True,
    measure_model: bool = True,
) -> Outcome:
    """Extract one input into ``out_dir`` (applying ``corrections/<stem>.json`` when given and
    present). Never raises for a problem with the input."""
    from pipeline.formats.reading import read_bytes

    def work(output: Path, text_path: Path) -> tuple[Report, str, bool] | None:
        data = read_bytes(path)
        converted_format = detect(data) != "text"
        if not force and _up_to_date(
            output,
            hashlib.sha256(data).hexdigest(),
            text_path if converted_format else None,
            veto,
            measure_model,
        ):
            return None
        report, converted = extract_converted(path, data, veto, measure_model)
        return report, converted.text, converted.format != "text"

    return _process(path, path.stem, out_dir, work, corrections=corrections)


def process_merge(
    folder: Path,
    out_dir: Path,
    force: bool = False,
    corrections: Path | None = None,
    veto: bool = True,
    measure_model: bool = True,
) -> Outcome:
    """Extract every page in ``folder`` as one report: ``DIR/<folder>.txt`` and ``.json``.

    Never raises for a problem with the input; a page that fails fails the whole report
    (its error names the page).
    """
    from pipeline.formats.merge import Page, merge
    from pipeline.formats.reading import read_bytes
    from pipeline.models import Input, InputPart

    stem = folder.name

    def work(output: Path, text_path: Path) -> tuple[Report, str, bool] | None:
        files = sorted(p for p in folder.iterdir() if _is_report_file(p))
        if not files:
            raise ExtractionError("no .txt, .pdf or .html pages in this folder to merge")
        datas = [(path, read_bytes(path)) for path in files]
        digests = [hashlib.sha256(data).hexdigest() for _, data in datas]
        digest = hashlib.sha256("\n".join(digests).encode()).hexdigest()
        if not force and _up_to_date(output, digest, text_path, veto, measure_model):
            return None
        pages = [
            Page(path.name, convert(data, name=str(path), suffix=path.suffix), sha)
            for (path, data), sha in zip(datas, digests)
        ]
        merged = merge(pages)
        report = extract(merged.text, name=stem, veto=veto, measure_model=measure_model)
        parts = [
            InputPart(file=page.name, format=page.converted.format, sha256=page.sha256, start=start, end=end)
            for page, start, end in merged.parts
        ]
        warnings = [w for page, _, _ in merged.parts for w in page.converted.warnings]
        report = report.model_copy(
            update={
                "input": Input(format="merged", sha256=digest, text_file=f"{stem}.txt", parts=parts),
                "warnings": [*warnings, *report.warnings],
            }
        )
        return report, merged.text, True

    # an error keeps the name it carries (the page that failed), else it names the folder
    return _process(folder, stem, out_dir, work, keep_error_name=True, corrections=corrections)


def _process(
    source: Path,
    stem: str,
    out_dir: Path,
    work,
    keep_error_name: bool = False,
    corrections: Path | None = None,
) -> Outcome:
    """What ``process_file`` and ``process_merge`` share around their ``work``: the outputs'
    paths, the writes, the error record and the outcome.

    ``work(output, text_path)`` returns None when the output is up to date, else the report,
    its text and whether to write that text beside it (not for a plain-text input). With a
    ``corrections`` folder, the report's corrections file there (if any) is applied. An ``ExtractionError`` is
    named after ``source`` (or keeps its own name with ``keep_error_name``); any other error
    is reported as unexpected. Never raises for a problem with the input.
    """
    # The corrections module (3 ms to import) only when there are corrections to apply: only
    # applying them raises its error (``except ()`` catches nothing).
    corrections_error: type[Exception] | tuple = ()
    if corrections is not None:
        from pipeline.quality.corrections import CorrectionsError as corrections_error

    started = time.perf_counter()
    output = out_dir / f"{stem}.json"
    text_path = out_dir / f"{stem}.txt"
    error_path = out_dir / f"{stem}{ERROR_SUFFIX}"
    try:
        done = work(output, text_path)
        if done is None:
            error_path.unlink(missing_ok=True)
            return Outcome(str(source), stem, "skipped", seconds=time.perf_counter() - started)
        report, text, write_text = done
        applied = 0
        stale: list[Warning] = []
        moved: list[Warning] = []
        if corrections is not None:
            report, applied, stale, moved = _curate(report, text, corrections, stem)
        if write_text:
            write_atomic(text_path, text.encode("utf-8", "surrogatepass"))
        write_atomic(output, report_json(report))
        error_path.unlink(missing_ok=True)
        return Outcome(
            str(source),
            stem,
            "extracted",
            claims=len(report.claims),
            warnings=len(report.warnings),
            seconds=time.perf_counter() - started,
            corrections_applied=applied,
            corrections_stale=len(stale),
            corrections_moved=len(moved),
            corrections_notes=tuple(
                [*(f"stale: {w.message}" for w in stale), *(f"moved: {w.message}" for w in moved)]
            ),
        )
    except ExtractionError as error:
        message, place = error.message, error.place
        name = (error.name if keep_error_name else None) or str(source)
        line = str(ExtractionError(message, name=name, place=place))
    except corrections_error as error:  # the report's corrections file, not the input, is bad
        message, place = f"its corrections cannot be applied: {error}", None
        line = f"{source}: {message}"
    except Exception as error:  # a bug, or an OS error writing the output: report, go on
        message = f"unexpected error: {type(error).__name__}: {error}"
        place = None
        line = f"{source}: {message}"
    _record_failure(source, error_path, message, place)
    return Outcome(str(source), stem, "failed", message=line, seconds=time.perf_counter() - started)


def _curate(
    report: Report, text: str, folder: Path, stem: str
) -> tuple[Report, int, list[Warning], list[Warning]]:
    """The report with ``folder/<stem>.json`` applied: (report, applied, stale warnings,
    moved warnings)."""
    from pipeline.quality.corrections import apply_placed, count, load_corrections, place

    found = load_corrections(folder, stem)
    if found is None:
        return report, 0, [], []
    curated, stale, moved = apply_placed(report, text, place(report, text, found))
    return curated, count(found) - len(stale), stale, moved


def _record_failure(path: Path, error_path: Path, message: str, place: str | None) -> None:
    try:
        write_atomic(error_path, error_json(str(path), message, place))
    except OSError as error:
        print(f"{error_path}: cannot write the error record: {error.strerror}", file=sys.stderr)


@dataclass(frozen=True)
class Job:
    """What every task of one run is done with; handed whole to each worker (it pickles)."""

    out_dir: Path
    force: bool = False
    corrections: Path | None = None  # a folder of reviewers' corrections files
    veto: bool = True
    measure_model: bool = True


def run_task(task: tuple[str, str], job: Job) -> Outcome:
    """One unit of work: ``("file", path)`` or ``("merge", folder)``."""
    kind, path = task
    process = process_merge if kind == "merge" else process_file
    return process(Path(path), job.out_dir, job.force, job.corrections, job.veto, job.measure_model)


def _start_worker(veto: bool = True, measure_model: bool = True) -> None:
    """Load what every extraction uses (spaCy's tokenizer: most of a worker's start), then
    move it all out of the garbage collector's reach: its full collections, which come every
    few files, then walk only the objects made since instead of spaCy's too.

    The collector is off while loading: the hundreds of thousands of objects the imports make
    would otherwise be walked again and again as they pile up (a twentieth of the start), to
    find almost no garbage, and all of them are frozen at the end anyway."""
    import gc

    gc.disable()
    try:
        from pipeline import models  # noqa: F401 (loaded before the clock of the first task starts)
        from pipeline.stages import checks, measures, segment  # noqa: F401
        from pipeline.stages.claims import nlp
        from pipeline.stages.veto import VetoModelError, load_model

        nlp()
        if veto:
            try:
                load_model()
            except VetoModelError:  # each task then fails with the error naming the model file
                pass
        if measure_model:
            from pipeline.stages import measure_model as learned

            try:
                learned.load_model()
            except learned.MeasureModelError:  # as for the veto: each task names the file
                pass
        gc.freeze()
    finally:
        gc.enable()


# ---------------------------------------------------------------------------------------------
# Inputs


def _is_report_file(path: Path) -> bool:
    """A file a folder holds as a report (or a page of one): a known suffix, not hidden."""
    return path.is_file() and path.suffix.lower() in SUFFIXES and not path.name.startswith(".")


@dataclass
class Inputs:
    files: list[Path] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)  # one stderr line each; counted as failures
    clashes: dict[str, list[Path]] = field(default_factory=dict)  # stem -> the inputs sharing it


def collect_inputs(paths: list[Path], out_dir: Path | None = None) -> Inputs:
    """Files as given, and report files under folders (``.txt``, ``.pdf``, ``.html``, ``.htm``,
    sorted); missing paths and stem clashes.

    Two different inputs with the same stem would write the same ``<stem>.json``: neither is
    extracted, both are reported (rename one, or run them into different ``--out`` folders).
    A folder's files inside ``out_dir`` are not inputs: they are this pipeline's outputs (the
    ``<stem>.txt`` of a converted PDF), when the output folder lies within an input folder.
    """
    outputs = Path(out_dir).resolve() if out_dir is not None else None
    inputs = Inputs()
    seen: set[Path] = set()
    candidates: list[Path] = []
    for path in paths:
        path = Path(path)
        if path.is_dir():
            found = sorted(
                p
                for p in path.rglob("*")
                if _is_report_file(p) and not (outputs and p.resolve().is_relative_to(outputs))
            )
            if not found:
                inputs.problems.append(f"{path}: no .txt, .pdf or .html files in this folder")
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
    corrections: bool = False  # a corrections folder was given: count them
    corrections_applied: int = 0
    corrections_stale: int = 0
    corrections_moved: int = 0

    def add(self, outcome: Outcome) -> None:
        if outcome.status == "extracted":
            self.extracted += 1
        elif outcome.status == "skipped":
            self.skipped += 1
        else:
            self.failed += 1
        self.claims += outcome.claims
        self.warnings += outcome.warnings
        self.corrections_applied += outcome.corrections_applied
        self.corrections_stale += outcome.corrections_stale
        self.corrections_moved += outcome.corrections_moved

    def line(self) -> str:
        return (
            f"{self.files} files: {self.extracted} extracted, {self.skipped} skipped (up to date), "
            f"{self.failed} failed; {self.claims} claims, {self.warnings} warnings "
            f"(in the extracted reports); "
            + (
                f"corrections: {self.corrections_applied} applied, {self.corrections_stale} stale, "
                f"{self.corrections_moved} moved (warnings correction-stale, correction-moved); "
                if self.corrections
                else ""
            )
            + f"{self.seconds:.1f} s"
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


def _worker_main(conn, job: Job) -> None:
    """A worker process: load spaCy (and the veto's model), say ready, then run tasks until
    told to stop."""
    try:
        _start_worker(job.veto, job.measure_model)
    except Exception as error:  # a broken install (the parent no longer imports what fails)
        conn.send(("broken", f"{type(error).__name__}: {error}"))
        return
    conn.send(("ready", None))
    while True:
        try:
            task = conn.recv()
        except (EOFError, OSError):
            return
        if task is None:
            return
        conn.send(("done", run_task(task, job)))


class _Worker:
    def __init__(self, context, job: Job):
        self.conn, child = context.Pipe()
        self.process = context.Process(target=_worker_main, args=(child, job), daemon=True)
        self.process.start()
        child.close()
        self.ready = False
        self.task: tuple[str, str] | None = None
        self.deadline: float | None = None

    def stop(self, kill: bool = False) -> None:
        if kill:
            self.process.kill()
        else:
            try:
                self.conn.send(None)
            except OSError:
                pass
        self.process.join(timeout=None if kill else 5)
        if self.process.is_alive():
            self.process.kill()
            self.process.join()
        self.conn.close()


_MAX_START_FAILURES = 3  # workers that die before they are ready: then give up


def _start_workers(job: Job, count: int) -> list[_Worker]:
    """``count`` worker processes, started now: each loads spaCy and the stages on its own,
    while this process goes on (a worker is a fork of this process as it is: what this process
    loads before is shared, what it loads after is not)."""
    context = multiprocessing.get_context()
    return [_Worker(context, job) for _ in range(count)]


def _run_workers(
    tasks: list[tuple[str, str]], workers: list[_Worker], job: Job, timeout: float | None, on_done
) -> None:
    """Run ``tasks`` in the started ``workers``, each task under ``timeout`` seconds.

    A task whose worker dies (segfault, out of memory, os._exit) or runs past the limit (the
    worker is killed) gets its error record; a fresh worker takes the next task. The clock
    starts when the task is handed to a ready worker, so loading spaCy never counts.
    """
    from multiprocessing.connection import wait

    context = multiprocessing.get_context()
    pending = deque(tasks)
    start_failures = 0
    start_error = ""  # why the last worker that could not start failed, as it said
    try:
        while pending or any(w.task for w in workers):
            now = time.monotonic()
            for worker in workers:
                if worker.ready and worker.task is None and pending:
                    worker.task = pending.popleft()
                    worker.conn.send(worker.task)
                    worker.deadline = now + timeout if timeout else None
            deadlines = [w.deadline for w in workers if w.task and w.deadline]
            left = max(0.0, min(deadlines) - now) if deadlines else None
            ready = set(wait([w.conn for w in workers] + [w.process.sentinel for w in workers], timeout=left))
            for index, worker in enumerate(workers):
                message = None
                if worker.conn in ready:
                    try:
                        message = worker.conn.recv()
                    except (EOFError, OSError):
                        message = None
                if message is not None:
                    kind, value = message
                    if kind == "ready":
                        worker.ready = True
                    elif kind == "broken":
                        start_error = f" ({value})"
                    else:
                        worker.task, worker.deadline = None, None
                        on_done(value)
                    continue
                died = worker.process.sentinel in ready or worker.conn in ready
                late = worker.task and worker.deadline and time.monotonic() >= worker.deadline
                if not died and not late:
                    continue
                task = worker.task
                worker.stop(kill=True)
                if task is not None:
                    what = (
                        f"timed out after {timeout:g} s: its worker was stopped"
                        if late and not died
                        else "unexpected error: the worker process crashed"
                    )
                    on_done(_crash_outcome(task, job.out_dir, what))
                elif not worker.ready:
                    start_failures += 1
                    if start_failures >= _MAX_START_FAILURES:
                        while pending:
                            on_done(
                                _crash_outcome(
                                    pending.popleft(),
                                    job.out_dir,
                                    "unexpected error: worker processes do not start" + start_error,
                                )
                            )
                workers[index] = _Worker(context, job)
    except BaseException:  # Ctrl-C: stop every worker now, drop what has not started
        for worker in workers:
            worker.stop(kill=True)
        raise
    for worker in workers:
        worker.stop()


def _task_stem(task: tuple[str, str]) -> str:
    kind, path = task
    return Path(path).name if kind == "merge" else Path(path).stem


def _crash_outcome(task: tuple[str, str], out_dir: Path, message: str) -> Outcome:
    path = Path(task[1])
    stem = _task_stem(task)
    _record_failure(path, out_dir / f"{stem}{ERROR_SUFFIX}", message, None)
    return Outcome(str(path), stem, "failed", message=f"{path}: {message}")


def write_jsonl(target: Path, outputs: list[Path]) -> None:
    """One compact JSON line per output, in input order, written atomically."""
    with atomic_file(target) as handle:
        for output in outputs:
            document = json.loads(output.read_bytes())
            line = json.dumps(document, ensure_ascii=False, separators=(",", ":"))
            handle.write(line.encode() + b"\n")


DEFAULT_TIMEOUT = 60.0


def run_batch(
    inputs,
    out_dir,
    jobs=None,
    force=False,
    jsonl=None,
    progress="auto",
    timeout: float | None = DEFAULT_TIMEOUT,
    merge=(),
    corrections=None,
    veto: bool = True,
    measure_model: bool = True,
) -> int:
    """Extract every input into ``out_dir``; print failures and a summary on stderr.

    With ``corrections`` (a folder of ``<stem>.json`` corrections files) each report's
    corrections are applied after extraction, and every input is extracted again (an output
    up to date with its input may not be with its corrections).

    Returns the exit status: 0 when everything was extracted or up to date, 1 when anything
    failed, 2 when nothing could be attempted (the output folder is unusable).
    """
    started = time.perf_counter()
    out_dir = Path(out_dir)
    jobs = max(1, jobs or available_cpus())

    problem = check_output_folder(out_dir)
    if corrections is not None:
        corrections = Path(corrections)
        force = True
        if not corrections.is_dir():
            problem = problem or f"--corrections {corrections}: not a folder of corrections files"
    if problem is None and veto:
        problem = _veto_model_problem()
    if problem is None and measure_model:
        problem = _measure_model_problem()
    if problem:
        print(f"error: {problem}", file=sys.stderr)
        return 2
    found = collect_inputs([Path(p) for p in inputs], out_dir)
    folders = []
    for folder in (Path(f) for f in merge):
        if folder.is_dir():
            folders.append(folder)
        else:
            found.problems.append(f"{folder}: --merge needs a folder of a report's pages")
    taken = {path.stem: path for path in found.files}
    for folder in list(folders):
        if folder.name in taken or any(f.name == folder.name for f in folders if f is not folder):
            found.problems.append(
                f"{folder}: its merged report would be written to "
                f"{folder.name}.json, as another input is; rename one"
            )
            folders.remove(folder)
    job = Job(out_dir, force, corrections, veto, measure_model)
    files = found.files
    tasks = [("file", str(path)) for path in files] + [("merge", str(f)) for f in folders]
    in_process = not timeout and (jobs == 1 or len(tasks) <= 1)  # no limit to enforce
    # Workers start before anything else is done here, so that their start (spaCy and the
    # stages: most of the time before the first report) runs beside this process's own work.
    workers = _start_workers(job, min(jobs, len(tasks))) if tasks and not in_process else []
    try:
        return _run_tasks(tasks, workers, found, folders, job, timeout, jsonl, progress, started)
    except BaseException:
        for worker in workers:
            if worker.process.is_alive():
                worker.stop(kill=True)
        raise


def _run_tasks(
    tasks,
    workers,
    found: Inputs,
    folders: list[Path],
    job: Job,
    timeout: float | None,
    jsonl,
    progress: str,
    started: float,
) -> int:
    """``run_batch`` once its workers are started: the problems found, then the tasks."""
    out_dir = job.out_dir
    summary = Summary(
        files=len(found.files) + len(found.problems) + len(folders), corrections=job.corrections is not None
    )
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

    if job.corrections is not None:
        stems = {_task_stem(task) for task in tasks}
        for path in sorted(job.corrections.glob("*.json")):
            if path.stem not in stems:
                print(f"note: {path}: no input of that name in this run; not applied", file=sys.stderr)
    outcomes: dict[str, Outcome] = {}
    bar = _progress_bar(len(tasks), _want_progress(progress))

    def on_done(outcome: Outcome) -> None:
        outcomes[outcome.file] = outcome
        summary.add(outcome)
        if outcome.status == "failed":
            (bar.write if not bar.disable else _print_err)(f"error: {outcome.message}", file=sys.stderr)
        for note in outcome.corrections_notes:
            (bar.write if not bar.disable else _print_err)(note, file=sys.stderr)
        bar.update(1)
        bar.set_postfix(failed=summary.failed, refresh=False)

    try:
        if workers:
            _run_workers(tasks, workers, job, timeout, on_done)
        else:  # no limit to enforce (or nothing to do): in this process
            for task in tasks:
                on_done(run_task(task, job))
    except KeyboardInterrupt:
        bar.close()
        print("interrupted: outputs written so far are complete; run again to finish", file=sys.stderr)
        return 130
    bar.close()

    if jsonl is not None:
        done = [
            out_dir / f"{_task_stem(task)}.json"
            for task in tasks
            if outcomes.get(task[1]) and outcomes[task[1]].status != "failed"
        ]
        try:
            write_jsonl(Path(jsonl), done)
        except (OSError, ValueError) as error:
            print(f"error: cannot write {jsonl}: {error}", file=sys.stderr)
            summary.failed += 1

    summary.seconds = time.perf_counter() - started
    print(summary.line(), file=sys.stderr)
    return 1 if summary.failed else 0


def _veto_model_problem() -> str | None:
    """Why the veto's model cannot be used (missing, corrupt), naming its file; else None."""
    from pipeline.stages import veto

    return _model_problem(veto.check_model_file, veto.VetoModelError, "--no-veto")


def _measure_model_problem() -> str | None:
    """Why the measure model cannot be used (missing, corrupt), naming its file; else None."""
    from pipeline.stages import measure_model

    return _model_problem(
        measure_model.check_model_file, measure_model.MeasureModelError, "--no-measure-model"
    )


def _model_problem(check, error_class, switch: str) -> str | None:
    try:
        check()
    except error_class as error:
        return f"{error} (or run with {switch})"
    return None


def _print_err(message: str, file=None) -> None:
    print(message, file=file or sys.stderr)


class _NoBar:
    """What the batch uses of a tqdm bar, when none is shown (tqdm is then not imported)."""

    disable = True

    def update(self, _count: int) -> None:
        pass

    def set_postfix(self, **_fields) -> None:
        pass

    def close(self) -> None:
        pass


def _progress_bar(total: int, shown: bool):
    if not shown:
        return _NoBar()
    from tqdm import tqdm

    size = _terminal_size()  # (0, 0) on a pseudo-terminal nobody sized: tqdm then draws nothing
    return tqdm(
        total=total,
        unit="file",
        file=sys.stderr,
        dynamic_ncols=size[0] > 0,
        ncols=None if size[0] > 0 else 80,
        nrows=None if size[1] > 0 else 24,
    )
