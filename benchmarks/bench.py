"""Benchmarks, each against a baseline measured in the same run (machines are shared and noisy).

Run: ``python benchmarks/bench.py`` (add ``--quick`` for fewer repeats and a smaller batch).
Not part of the test suite's pass/fail. Prints one line per measure: ours, the baseline, the
ratio, and the target from the performance issue.

1. warm ``extract`` per corpus file (segmentation, claims, checks, validation, JSON) versus
   ``spacy.blank("en")(text)`` on the same whole text; target ratio <= 0.5.
2. cold start of ``python -m pipeline extract`` on one report (a whole process) versus a bare
   ``python -c pass``; target <= 1.5 s absolute.
3. a batch of N copies with ``--jobs 2``: throughput in MB/s versus spaCy tokenising the same
   bytes in one process; peak memory per worker (largest child's max RSS) versus a process that
   only imports spaCy and tokenises one report; targets >= 4 MB/s and <= 300 MB.
4. PDF -> JSON and saved web page -> JSON of the corpus report (built by the tests' builders,
   fpdf2 needed) versus ``.txt`` -> JSON of the same report, each whole path from the file's
   bytes (conversion, extraction, JSON); targets: PDF <= 3x, HTML <= 1.5x.
5. optional: quantulum3 on the same text, when it is installed.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
CORPUS = sorted((ROOT / "corpus").glob("*.txt"))


def median_seconds(function, repeats: int) -> float:
    function()  # warm: lazy loads and caches are not what we measure
    times = []
    for _ in range(repeats):
        started = time.perf_counter()
        function()
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def paired_median_seconds(first, second, repeats: int) -> tuple[float, float]:
    """Median times of two functions run alternately, so both see the same machine load
    (on a shared machine the load drifts; timing one after the other skews their ratio)."""
    first(), second()  # warm
    times: tuple[list[float], list[float]] = ([], [])
    for _ in range(repeats):
        for function, bucket in ((first, times[0]), (second, times[1])):
            started = time.perf_counter()
            function()
            bucket.append(time.perf_counter() - started)
    return statistics.median(times[0]), statistics.median(times[1])


def line(name: str, ours: float, baseline: float, unit: str, target: str) -> None:
    ratio = ours / baseline if baseline else float("inf")
    print(f"{name:<44} {ours:10.3f} {unit:<5} baseline {baseline:10.3f} {unit:<5} "
          f"ratio {ratio:6.2f}   target {target}")


def bench_warm(repeats: int) -> None:
    import spacy

    import pipeline

    nlp = spacy.blank("en")
    for path in CORPUS:
        text = path.read_text(encoding="utf-8")

        def ours():
            report = pipeline.extract(text, name=path.stem)
            json.dumps(report.model_dump(mode="json"))

        ours_seconds, baseline_seconds = paired_median_seconds(ours, lambda: nlp(text), repeats)
        line(f"warm extract: {path.stem[:30]}", ours_seconds * 1000, baseline_seconds * 1000,
             "ms", "ratio <= 0.5")


def process_seconds(command: list[str], repeats: int) -> float:
    times = []
    for _ in range(repeats):
        started = time.perf_counter()
        subprocess.run(command, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                       cwd=ROOT)
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def bench_cold(repeats: int) -> None:
    with tempfile.TemporaryDirectory() as out:
        ours = process_seconds(
            [sys.executable, "-m", "pipeline", "extract", str(CORPUS[0]), "--out", out,
             "--force", "--jobs", "1"], repeats)
    bare = process_seconds([sys.executable, "-c", "pass"], repeats)
    line("cold start: python -m pipeline extract", ours, bare, "s", "<= 1.5 s")


# Runs a command and prints the largest resident set (KiB on Linux) of any process below it,
# workers included. Each measure gets its own wrapper: ru_maxrss never goes down.
_PEAK_WRAPPER = ("import resource, subprocess, sys; "
                 "subprocess.run(sys.argv[1:], check=True, stdout=subprocess.DEVNULL, "
                 "stderr=subprocess.DEVNULL); "
                 "print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)")


def peak_mb(command: list[str]) -> float:
    result = subprocess.run([sys.executable, "-c", _PEAK_WRAPPER, *command], cwd=ROOT,
                            check=True, capture_output=True, text=True)
    return int(result.stdout.split()[-1]) / 1024


def bench_batch(copies: int) -> None:
    import spacy

    source = CORPUS[0]
    size = source.stat().st_size
    with tempfile.TemporaryDirectory() as folder:
        inputs = Path(folder) / "in"
        inputs.mkdir()
        for number in range(copies):
            shutil.copyfile(source, inputs / f"report-{number:04d}.txt")
        out = Path(folder) / "out"
        probe = "import spacy,sys; spacy.blank('en')(open(sys.argv[1], encoding='utf-8').read())"
        baseline_peak = peak_mb([sys.executable, "-c", probe, str(source)])
        started = time.perf_counter()
        ours_peak = peak_mb([sys.executable, "-m", "pipeline", "extract", str(inputs), "--out",
                             str(out), "--jobs", "2", "--progress", "never"])
        elapsed = time.perf_counter() - started
    megabytes = copies * size / 1e6
    nlp = spacy.blank("en")
    text = source.read_text(encoding="utf-8")
    started = time.perf_counter()
    for _ in range(copies):
        nlp(text)
    baseline_elapsed = time.perf_counter() - started
    line(f"batch of {copies} with --jobs 2: throughput", megabytes / elapsed,
         megabytes / baseline_elapsed, "MB/s", ">= 4 MB/s")
    line("batch: peak memory of the largest process", ours_peak, baseline_peak, "MB",
         "<= 300 MB per worker")


def bench_formats(repeats: int) -> None:
    sys.path.insert(0, str(ROOT / "tests"))
    from builders.html import build_html
    from builders.pdf import build_pdf

    from pipeline.batch import extract_converted, report_json

    source = CORPUS[0]
    text = source.read_text(encoding="utf-8")
    inputs = {"txt": source.read_bytes(), "pdf": build_pdf(text), "html": build_html(text)}
    paths = {kind: source.with_suffix(f".{kind}") for kind in inputs}

    def path_for(kind):
        return lambda: report_json(extract_converted(paths[kind], inputs[kind])[0])

    for kind, target in (("pdf", "ratio <= 3"), ("html", "ratio <= 1.5")):
        ours, baseline = paired_median_seconds(path_for(kind), path_for("txt"), repeats)
        line(f"{kind.upper()} -> JSON vs .txt -> JSON", ours * 1000, baseline * 1000, "ms", target)


def bench_quantulum(repeats: int) -> None:
    try:
        from quantulum3 import parser
    except ImportError:
        print("quantulum3 not installed: comparison skipped (pip install quantulum3)")
        return
    import pipeline

    text = CORPUS[0].read_text(encoding="utf-8")
    theirs = median_seconds(lambda: parser.parse(text), max(1, repeats // 5))
    line("quantulum3 parse vs our extract", theirs,
         median_seconds(lambda: pipeline.extract(text), repeats), "s", "(information)")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="fewer repeats, 20-copy batch")
    parser.add_argument("--copies", type=int, default=None, help="batch size (default 200)")
    parser.add_argument("--only", choices=("warm", "cold", "batch", "formats", "quantulum"),
                        default=None, help="run one measure only")
    args = parser.parse_args()
    repeats = 5 if args.quick else 21
    copies = args.copies or (20 if args.quick else 200)
    print(f"machine: {os.cpu_count()} cores, Python {sys.version.split()[0]}")
    measures = {
        "warm": lambda: bench_warm(repeats),
        "cold": lambda: bench_cold(3 if args.quick else 7),
        "batch": lambda: bench_batch(copies),
        "formats": lambda: bench_formats(repeats),
        "quantulum": lambda: bench_quantulum(repeats),
    }
    for name, run in measures.items():
        if args.only in (None, name):
            run()
    return 0


if __name__ == "__main__":
    sys.exit(main())
