"""Benchmarks, each figure a ratio against a baseline measured in the same run (machines are
shared and noisy), each a median of several runs with its spread.

Run: ``python benchmarks/bench.py`` (``--quick`` for fewer runs; ``--only FIGURE`` for one).
``--compare REF`` runs every figure for this working tree and for the git ref ``REF`` (checked
out into a temporary ``git worktree``), the two alternately in one session, and prints both
medians, their spreads and new/old. Not part of the test suite's pass/fail.

The figures (the targets are those set after the speed issue showed what spaCy's start-up allows:
warm and cold were raised to what accuracy costs, the batch measured on a national batch):

``warm``    warm ``extract`` of the corpus report (segmentation, claims, measures, checks,
            validation, JSON) vs ``spacy.blank("en")`` tokenising the same text, the two timed
            alternately in one process; target ratio <= 0.65.
``cold``    ``python -m pipeline extract corpus --out TMP --force`` (a whole process, default
            jobs and time limit) vs a process that only imports spacy and pydantic and builds
            ``spacy.blank("en")``, the two run alternately; target <= 1.4.
``batch``   400 copies of the corpus report (a national batch: a council's report as separate
            web pages is 10-15 files): wall time of ``extract --jobs 1`` over ``extract --jobs
            2``, start-up included, the two run alternately; target >= 1.85. The same for 120
            copies (about one per council) is printed beside it, with no target. Also prints
            the largest process's peak memory (``--jobs 2``, 400 copies) against a process that
            imports spacy and tokenises one report; target <= 300 MB.
``formats`` PDF -> JSON of the corpus report (a 30-page PDF built by the tests' builder, fpdf2
            needed) vs ``.txt`` -> JSON, each from the file's bytes, timed alternately in one
            process; target <= 2.5. Also the saved web page -> JSON (target <= 1.5).

Every figure comes from subprocesses run with ``PYTHONPATH`` at the tree under test, so the
working tree and a ref are measured by the same code (this script's) on the same inputs (this
tree's ``corpus/`` and test builders).
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
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CORPUS = sorted((ROOT / "corpus").glob("*.txt"))
SCRIPT = Path(__file__).resolve()

# name: (what the ratio is, target test, target text)
TARGETS = {
    "warm": (lambda r: r <= 0.65, "<= 0.65"),
    "cold": (lambda r: r <= 1.4, "<= 1.4"),
    "batch": (lambda r: r >= 1.85, ">= 1.85"),
    "batch-120": (lambda r: True, "-"),
    "pdf": (lambda r: r <= 2.5, "<= 2.5"),
    "html": (lambda r: r <= 1.5, "<= 1.5"),
    "memory": (lambda r: True, "<= 300 MB"),
    "cold-cpu": (lambda r: True, "-"),
}
LABELS = {
    "warm": "warm extract vs spacy.blank tokenising",
    "cold": "cold extract corpus vs import spacy+pydantic+blank",
    "batch": "400 copies: --jobs 1 / --jobs 2 wall time",
    "batch-120": "120 copies: --jobs 1 / --jobs 2 (no target)",
    "pdf": "PDF -> JSON vs .txt -> JSON",
    "html": "web page -> JSON vs .txt -> JSON",
    "memory": "batch --jobs 2: largest process's peak MB",
    "cold-cpu": "cold, CPU time (less noisy; not a target)",
}


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


# ---------------------------------------------------------------------------------------------
# In-process measures: run as ``bench.py --run warm|formats`` in a subprocess whose PYTHONPATH
# is the tree under test; each prints one JSON object.


def run_warm(repeats: int) -> dict:
    import spacy

    import pipeline

    nlp = spacy.blank("en")
    text = CORPUS[0].read_text(encoding="utf-8")

    def ours():
        report = pipeline.extract(text, name=CORPUS[0].stem)
        json.dumps(report.model_dump(mode="json"))

    ours_seconds, baseline_seconds = paired_median_seconds(ours, lambda: nlp(text), repeats)
    return {"warm": [ours_seconds * 1000, baseline_seconds * 1000]}


def run_formats(repeats: int, pdf: Path, html: Path) -> dict:
    from pipeline.batch import extract_converted, report_json

    source = CORPUS[0]
    inputs = {"txt": source.read_bytes(), "pdf": pdf.read_bytes(), "html": html.read_bytes()}
    paths = {kind: source.with_suffix(f".{kind}") for kind in inputs}

    def path_for(kind):
        return lambda: report_json(extract_converted(paths[kind], inputs[kind])[0])

    figures = {}
    for kind in ("pdf", "html"):
        ours, baseline = paired_median_seconds(path_for(kind), path_for("txt"), repeats)
        figures[kind] = [ours * 1000, baseline * 1000]
    return figures


# ---------------------------------------------------------------------------------------------
# Whole processes, timed from here.

# Runs a command and prints its wall time, the largest resident set (KiB on Linux) of any
# process below it, workers included (ru_maxrss never goes down: one wrapper per measure), and
# the CPU time of them all (on a shared machine, less noisy than the wall time).
_TIMED = (
    "import resource, subprocess, sys, time; started = time.perf_counter(); "
    "subprocess.run(sys.argv[1:], check=True, stdout=subprocess.DEVNULL, "
    "stderr=subprocess.DEVNULL); usage = resource.getrusage(resource.RUSAGE_CHILDREN); "
    "print(time.perf_counter() - started, usage.ru_maxrss, usage.ru_utime + usage.ru_stime)"
)
_BASELINE_COLD = "import spacy, pydantic; spacy.blank('en')"
_BASELINE_PEAK = "import spacy, sys; spacy.blank('en')(open(sys.argv[1], encoding='utf-8').read())"


def timed(command: list[str], env: dict) -> tuple[float, float, float]:
    """Wall seconds, peak MB and CPU seconds of ``command``, run in a wrapper process."""
    result = subprocess.run(
        [sys.executable, "-c", _TIMED, *command], env=env, check=True, capture_output=True, text=True
    )
    seconds, kib, cpu = result.stdout.split()
    return float(seconds), int(kib) / 1024, float(cpu)


def environment(tree: Path) -> dict:
    return {**os.environ, "PYTHONPATH": str(tree)}


class Side:
    """A tree under test: the working tree, or a ref checked out beside it."""

    def __init__(self, name: str, tree: Path, scratch: Path):
        self.name, self.tree, self.env = name, tree, environment(tree)
        self.scratch = scratch / name
        self.scratch.mkdir()

    def run_json(self, *arguments: str) -> dict:
        result = subprocess.run(
            [sys.executable, str(SCRIPT), "--tree", str(self.tree), *arguments],
            env=self.env,
            check=True,
            capture_output=True,
            text=True,
        )
        return json.loads(result.stdout.splitlines()[-1])

    def extract(self, inputs: Path, *options: str) -> tuple[float, float, float]:
        out = self.scratch / "out"
        shutil.rmtree(out, ignore_errors=True)
        return timed(
            [
                sys.executable,
                "-m",
                "pipeline",
                "extract",
                str(inputs),
                "--out",
                str(out),
                "--force",
                "--progress",
                "never",
                *options,
            ],
            self.env,
        )


def one_warm(side: Side, repeats: int, _inputs) -> dict:
    return side.run_json("--run", "warm", "--repeats", str(repeats))


def one_formats(side: Side, repeats: int, inputs) -> dict:
    return side.run_json(
        "--run",
        "formats",
        "--repeats",
        str(repeats),
        "--pdf",
        str(inputs["pdf"]),
        "--html",
        str(inputs["html"]),
    )


def one_cold(side: Side, _repeats, inputs) -> dict:
    ours, _, ours_cpu = side.extract(inputs["corpus"])
    baseline, _, baseline_cpu = timed([sys.executable, "-c", _BASELINE_COLD], side.env)
    return {"cold": [ours, baseline], "cold-cpu": [ours_cpu, baseline_cpu]}


def one_batch(side: Side, _repeats, inputs) -> dict:
    one, _, _ = side.extract(inputs["copies"], "--jobs", "1")
    two, peak, _ = side.extract(inputs["copies"], "--jobs", "2")
    figures = {"batch": [one, two]}
    if "copies-120" in inputs:
        one_120, _, _ = side.extract(inputs["copies-120"], "--jobs", "1")
        two_120, _, _ = side.extract(inputs["copies-120"], "--jobs", "2")
        figures["batch-120"] = [one_120, two_120]
    _, baseline_peak, _ = timed([sys.executable, "-c", _BASELINE_PEAK, str(CORPUS[0])], side.env)
    return {**figures, "memory": [peak, baseline_peak]}


# figure group: (the function giving one run's figures, runs, in-process repeats) per mode
GROUPS = {
    "warm": (one_warm, {"quick": (3, 5), "full": (5, 15)}),
    "cold": (one_cold, {"quick": (5, 1), "full": (9, 1)}),
    "batch": (one_batch, {"quick": (3, 1), "full": (5, 1)}),
    "formats": (one_formats, {"quick": (3, 5), "full": (5, 11)}),
}


@contextmanager
def ref_tree(ref: str, scratch: Path):
    """``ref`` checked out (detached) into a temporary git worktree, removed afterwards."""
    tree = scratch / "ref-tree"
    subprocess.run(
        ["git", "-C", str(ROOT), "worktree", "add", "--detach", str(tree), ref],
        check=True,
        capture_output=True,
    )
    try:
        yield tree
    finally:
        subprocess.run(
            ["git", "-C", str(ROOT), "worktree", "remove", "--force", str(tree)],
            check=False,
            capture_output=True,
        )


def build_inputs(scratch: Path, copies: int, wanted: set[str]) -> dict:
    inputs: dict = {"corpus": ROOT / "corpus"}
    if "batch" in wanted:
        for key, count in (("copies", copies), ("copies-120", 120)):
            if key == "copies-120" and copies == 120:
                continue
            folder = scratch / key
            folder.mkdir()
            for number in range(count):
                shutil.copyfile(CORPUS[0], folder / f"report-{number:04d}.txt")
            inputs[key] = folder
    if "formats" in wanted:
        sys.path.insert(0, str(ROOT))
        sys.path.insert(0, str(ROOT / "tests"))
        from builders.html import build_html
        from builders.pdf import build_pdf

        text = CORPUS[0].read_text(encoding="utf-8")
        inputs["pdf"] = scratch / "corpus.pdf"
        inputs["pdf"].write_bytes(build_pdf(text))
        inputs["html"] = scratch / "corpus.html"
        inputs["html"].write_bytes(build_html(text))
    return inputs


def spread(values: list[float]) -> str:
    return f"{min(values):.2f}-{max(values):.2f}"


def report(results: dict[str, dict[str, list[list[float]]]], names: list[str]) -> None:
    """``results[side][figure]``: one [ours, baseline] pair per run."""
    print()
    header = f"{'figure':<52} {'target':>9}"
    for name in names:
        header += f"  {name + ': median (spread), ours / baseline':>44}"
    if len(names) == 2:
        header += f"  {'new/old':>7}"
    print(header)
    for figure in LABELS:
        if figure not in results[names[0]]:
            continue
        test, target = TARGETS[figure]
        row = f"{LABELS[figure]:<52} {target:>9}"
        medians = []
        for name in names:
            runs = results[name][figure]
            ratios = [ours / baseline for ours, baseline in runs]
            ratio = statistics.median(ratios)
            medians.append(ratio)
            ours = statistics.median(run[0] for run in runs)
            baseline = statistics.median(run[1] for run in runs)
            unit = {"warm": "ms", "pdf": "ms", "html": "ms", "memory": "MB"}.get(figure, "s")
            if figure == "memory":
                cell = f"{ours:.0f} {unit} ({spread([r[0] for r in runs])}) / {baseline:.0f}"
            else:
                cell = f"{ratio:.2f} ({spread(ratios)}) {ours:.3g} / {baseline:.3g} {unit}"
                cell += "" if test(ratio) else " MISS"
            row += f"  {cell:>44}"
        if len(names) == 2:
            row += f"  {medians[0] / medians[1]:7.2f}"
        print(row)
    runs = {figure: len(pairs) for figure, pairs in results[names[0]].items()}
    print(f"\nruns per figure and side: {runs}; load average now {os.getloadavg()[0]:.1f}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="fewer runs and repeats")
    parser.add_argument(
        "--only",
        choices=tuple(GROUPS),
        action="append",
        default=None,
        help="run this figure group only (repeatable)",
    )
    parser.add_argument(
        "--compare",
        metavar="REF",
        default=None,
        help="also measure the git ref REF, alternating with this tree",
    )
    parser.add_argument(
        "--copies", type=int, default=400, help="batch size (default 400; 120 copies are run beside it)"
    )
    parser.add_argument("--runs", type=int, default=None, help="runs per figure (default: by mode)")
    # internal: one in-process measure, in a subprocess whose PYTHONPATH is --tree
    parser.add_argument("--run", choices=("warm", "formats"), help=argparse.SUPPRESS)
    parser.add_argument("--tree", help=argparse.SUPPRESS)
    parser.add_argument("--repeats", type=int, default=5, help=argparse.SUPPRESS)
    parser.add_argument("--pdf", help=argparse.SUPPRESS)
    parser.add_argument("--html", help=argparse.SUPPRESS)
    args = parser.parse_args()

    if args.run:
        sys.path.insert(0, args.tree)
        figures = (
            run_warm(args.repeats)
            if args.run == "warm"
            else run_formats(args.repeats, Path(args.pdf), Path(args.html))
        )
        print(json.dumps(figures))
        return 0

    LABELS["batch"] = f"{args.copies} copies: --jobs 1 / --jobs 2 wall time"
    mode = "quick" if args.quick else "full"
    wanted = args.only or list(GROUPS)
    print(
        f"machine: {os.cpu_count()} cores, Python {sys.version.split()[0]}, "
        f"load average {os.getloadavg()[0]:.1f}; {mode} run of {', '.join(wanted)}",
        flush=True,
    )
    with tempfile.TemporaryDirectory(prefix="cqc-bench-") as folder:
        scratch = Path(folder)
        inputs = build_inputs(scratch, args.copies, set(wanted))
        with ref_tree(args.compare, scratch) if args.compare else _no_tree() as ref:
            sides = [Side("tree", ROOT, scratch)]
            if ref is not None:
                sides.append(Side(args.compare, ref, scratch))
            results: dict = {side.name: {} for side in sides}
            for group in wanted:
                one, modes = GROUPS[group]
                runs, repeats = modes[mode]
                runs = args.runs or runs
                for number in range(runs):
                    # alternate which side goes first, so neither always follows the other
                    for side in sides if number % 2 == 0 else sides[::-1]:
                        for figure, pair in one(side, repeats, inputs).items():
                            results[side.name].setdefault(figure, []).append(pair)
                    print(f"  {group}: run {number + 1} of {runs} done", file=sys.stderr, flush=True)
            report(results, [side.name for side in sides])
    return 0


@contextmanager
def _no_tree():
    yield None


if __name__ == "__main__":
    sys.exit(main())
