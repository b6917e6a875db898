"""Command line: ``python -m pipeline {extract,load,db,export,diff,evaluate,explain,table,schema,view,review,gold} ...``.

Only parses arguments and composes the stages; the work is in the stage modules.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from pipeline import __version__


def _positive_int(value: str) -> int:
    try:
        number = int(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a whole number: {value!r}") from None
    if number < 1:
        raise argparse.ArgumentTypeError(f"must be at least 1, not {number}")
    return number


def _port(value: str) -> int:
    """A TCP port: 1-65535, or 0 for any free one (the system's choice, printed)."""
    try:
        number = int(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a port number: {value!r}") from None
    if not 0 <= number <= 65535:
        raise argparse.ArgumentTypeError(f"a port is 1-65535 (or 0 for any free one), not {number}")
    return number


def _seconds(value: str) -> float:
    try:
        number = float(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a number of seconds: {value!r}") from None
    if not number >= 0 or number == float("inf"):
        raise argparse.ArgumentTypeError(f"must be 0 (no limit) or more, not {value}")
    return number


def _cmd_extract(args: argparse.Namespace) -> int:
    from pipeline.batch import run_batch

    if not args.paths and not args.merge:
        args.parser.error("give at least one PATH or --merge FOLDER")
    return run_batch(
        inputs=[Path(p) for p in args.paths],
        out_dir=Path(args.out),
        jobs=args.jobs,
        force=args.force,
        jsonl=Path(args.jsonl) if args.jsonl else None,
        progress=args.progress,
        timeout=args.timeout or None,
        merge=[Path(p) for p in args.merge],
        corrections=Path(args.corrections) if args.corrections else None,
        veto=not args.no_veto,
        measure_model=not args.no_measure_model,
    )


def _cmd_schema(args: argparse.Namespace) -> int:
    from pipeline.files import write_atomic
    from pipeline.schema import SCHEMAS, corrections_schema_text, report_schema_text

    if args.dir:
        for name, render in SCHEMAS.items():
            write_atomic(Path(args.dir) / name, render().encode("utf-8"))
        return 0
    text = corrections_schema_text() if args.corrections else report_schema_text()
    if args.out:
        write_atomic(Path(args.out), text.encode("utf-8"))
    else:
        sys.stdout.write(text)
    return 0


def _cmd_evaluate(args: argparse.Namespace) -> int:
    from pipeline.quality.evaluate import evaluate_files, evaluate_folders, format_per_file, format_result

    output, gold = Path(args.output), Path(args.gold)
    for path in (output, gold):
        if not path.exists():
            print(f"error: {path}: no such file or folder", file=sys.stderr)
            return 2
    if output.is_dir() != gold.is_dir():
        print(
            "error: give two files (OUTPUT.json GOLD.json) or two folders (OUT_DIR GOLD_DIR)", file=sys.stderr
        )
        return 2
    try:
        if gold.is_dir():
            result, per_file = evaluate_folders(
                output, gold, veto=not args.no_veto, measure_model=not args.no_measure_model
            )
        else:
            result, per_file = (
                evaluate_files(output, gold, veto=not args.no_veto, measure_model=not args.no_measure_model),
                {},
            )
    except (ValueError, FileNotFoundError) as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    if args.json:
        data = result.as_dict()
        if args.per_file:
            data["per_file"] = {stem: r.as_dict() for stem, r in per_file.items()}
        print(json.dumps(data, indent=2))
    else:
        if args.per_file and per_file:
            print(format_per_file(per_file))
        print(format_result(result))
    return 0


def _cmd_explain(args: argparse.Namespace) -> int:
    from pipeline.errors import ExtractionError
    from pipeline.formats.reading import read_text
    from pipeline.quality.explain import explain, format_explanation

    try:
        text, _ = read_text(Path(args.file))
        print(
            format_explanation(
                explain(text, near=args.near, veto=not args.no_veto, measure_model=not args.no_measure_model)
            )
        )
    except ExtractionError as error:
        print(f"error: {error}", file=sys.stderr)
        return 1
    return 0


def _cmd_train(args: argparse.Namespace) -> int:
    """Both models by default; ``--only veto|measures`` one (``--data``, ``--out``, ``--cv`` and
    ``--threshold`` then name that model's files). Without ``--only``, a file option names the
    veto's files, as it did before there were two models, and only the veto is trained."""
    from pipeline.quality import train as training

    progress = lambda line: print(line, file=sys.stderr)  # noqa: E731
    if args.only is None and any(v is not None for v in (args.data, args.out, args.cv, args.threshold)):
        args.only = "veto"
    if args.only != "measures":
        data = Path(args.data or training.DATA)
        if not data.is_file():
            print(
                f"error: {data}: no such file (the training data: build it with python data/veto/build.py)",
                file=sys.stderr,
            )
            return 2
        try:
            result = training.train(
                data,
                Path(args.out or training.MODEL_FILE),
                None if args.threshold is not None else Path(args.cv or training.CV_FILE),
                progress=progress,
                threshold=args.threshold,
                gold=[Path(folder) for folder in args.gold],
                texts=[Path(folder) for folder in args.texts],
            )
        except ValueError as error:
            print(f"error: {error}", file=sys.stderr)
            return 2
        print(training.format_result(result))
    if args.only != "veto":
        own = args.only == "measures"  # the file options are the measure model's
        data = Path(args.data if own and args.data else training.MEASURE_DATA)
        if not data.is_file():
            print(
                f"error: {data}: no such file (the training data: build it with "
                "python data/measures/build.py)",
                file=sys.stderr,
            )
            return 2
        threshold = args.threshold if own else None
        try:
            # the reviewed reports' gold (--gold) joins the rows, as it joins the veto's
            rows = training.read_measure_rows(data) + training.measure_rows(
                [a for folder in args.gold for a in training.gold_dir_annotations(Path(folder), args.texts)]
            )
            result = training.train_measures(
                rows,
                Path(args.out) if own and args.out else None,
                None
                if threshold is not None
                else Path(args.cv if own and args.cv else training.MEASURE_CV_FILE),
                progress=progress,
                threshold=threshold,
            )
        except ValueError as error:
            print(f"error: {error}", file=sys.stderr)
            return 2
        print(training.format_measure_result(result))
    return 0


def _cmd_load(args: argparse.Namespace) -> int:
    from pipeline.outputs.store import run_load

    return run_load(Path(args.output_dir), args.db, args.wait, args.replace_newer)


def _cmd_db(args: argparse.Namespace) -> int:
    from pipeline.outputs.store import run_db

    return run_db(args.action, args.db, Path(args.output_dir), args.wait)


def _cmd_export(args: argparse.Namespace) -> int:
    from pipeline.outputs.export import run_export

    return run_export(Path(args.output_dir), Path(args.out), __version__)


def _wait_argument(parser: argparse.ArgumentParser) -> None:
    # The default is the store's (an hour), not imported here: the parser stays light.
    parser.add_argument(
        "--wait",
        type=_seconds,
        default=None,
        metavar="SECONDS",
        help="how long to wait for other loads, upgrades or readers before "
        "giving up, changing nothing (default: 3600; 0: not at all)",
    )


def _cmd_table(args: argparse.Namespace) -> int:
    from pipeline.outputs.table import run_table

    return run_table(
        Path(args.output_dir), args.measure, args.format, Path(args.out) if args.out else None, args.check
    )


def _cmd_diff(args: argparse.Namespace) -> int:
    from pipeline.quality.diff import run_diff

    return run_diff(
        Path(args.old),
        Path(args.new),
        as_json=args.json,
        old_texts=Path(args.old_texts) if args.old_texts else None,
        new_texts=Path(args.new_texts) if args.new_texts else None,
    )


def _cmd_review(args: argparse.Namespace) -> int:
    from pipeline.outputs.review import run_review

    return run_review(
        Path(args.output_dir),
        Path(args.texts) if args.texts else None,
        Path(args.corrections) if args.corrections else None,
        args.port,
    )


def _cmd_gold(args: argparse.Namespace) -> int:
    from pipeline.quality.gold import run_gold

    return run_gold(
        Path(args.output_dir),
        Path(args.corrections),
        Path(args.out),
        Path(args.texts) if args.texts else None,
    )


def _cmd_view(args: argparse.Namespace) -> int:
    from pipeline.outputs.view import run_view

    return run_view(
        Path(args.output_dir),
        Path(args.out),
        Path(args.texts) if args.texts else None,
        Path(args.corrections) if args.corrections else None,
    )


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="cqc-extract",
        description="Extract CQC local authority assessment reports into validated JSON.",
    )
    parser.add_argument("--version", action="version", version=f"cqc-extract {__version__}")
    commands = parser.add_subparsers(dest="command", required=True)

    extract = commands.add_parser(
        "extract", help="extract reports (.txt, .pdf, .html files or folders of them)"
    )
    extract.add_argument("paths", nargs="*", metavar="PATH")
    extract.add_argument(
        "--merge",
        action="append",
        default=[],
        metavar="FOLDER",
        help="read every page in FOLDER as one report, written as FOLDER's name (repeatable)",
    )
    extract.add_argument(
        "--timeout",
        type=_seconds,
        default=60.0,
        metavar="SECONDS",
        help="time limit per file; 0 for none (default: 60)",
    )
    extract.add_argument("--out", default="output", help="output folder (default: output)")
    extract.add_argument(
        "--jobs", type=_positive_int, default=None, help="worker processes (default: the cores available)"
    )
    extract.add_argument("--force", action="store_true", help="redo inputs whose output is up to date")
    extract.add_argument(
        "--jsonl", default=None, metavar="FILE", help="also write one JSON line per report to FILE"
    )
    extract.add_argument(
        "--progress",
        choices=("auto", "always", "never"),
        default="auto",
        help="progress bar (default: auto, only on a terminal)",
    )
    extract.add_argument(
        "--corrections",
        default=None,
        metavar="DIR",
        help="apply the reviewers' corrections in DIR/<stem>.json after "
        "extraction (every input is extracted again)",
    )
    extract.add_argument(
        "--no-veto", action="store_true", help="keep every claim the rules keep (no learned veto)"
    )
    extract.add_argument(
        "--no-measure-model",
        action="store_true",
        help="measures named by the rules alone (no learned second opinion)",
    )
    extract.set_defaults(run=_cmd_extract, parser=extract)

    schema = commands.add_parser(
        "schema", help="print or write the JSON schemas (of a report, of a corrections file)"
    )
    schema.add_argument("--out", default=None, metavar="FILE")
    schema.add_argument(
        "--corrections", action="store_true", help="the corrections file's schema instead of the report's"
    )
    schema.add_argument(
        "--dir",
        default=None,
        metavar="DIR",
        help="write every schema into DIR (report.schema.json, corrections.schema.json)",
    )
    schema.set_defaults(run=_cmd_schema)

    evaluate = commands.add_parser(
        "evaluate", help="score outputs against gold annotations (two files, or two folders)"
    )
    evaluate.add_argument("output", metavar="OUTPUT", help="an output JSON, or a folder of them")
    evaluate.add_argument("gold", metavar="GOLD", help="a gold JSON, or a folder of them (by stem)")
    evaluate.add_argument(
        "--per-file", action="store_true", help="with folders: a line of figures per file, the worst first"
    )
    evaluate.add_argument("--json", action="store_true", help="print the metrics as JSON")
    evaluate.add_argument(
        "--no-veto", action="store_true", help="score the rules alone: the claims the veto dropped put back"
    )
    evaluate.add_argument(
        "--no-measure-model",
        action="store_true",
        help="score the measures the rules named alone: the model's ids taken back",
    )
    evaluate.set_defaults(run=_cmd_evaluate)

    explain = commands.add_parser("explain", help="every number in a report: what it became and why")
    explain.add_argument("file", metavar="FILE")
    explain.add_argument(
        "--near", default=None, metavar="TEXT", help="only the numbers on lines holding TEXT"
    )
    explain.add_argument(
        "--no-veto", action="store_true", help="the rules' decisions alone, without the veto's scores"
    )
    explain.add_argument(
        "--no-measure-model",
        action="store_true",
        help="the measures the rules name alone, without the measure model's top three",
    )
    explain.set_defaults(run=_cmd_explain)

    train = commands.add_parser(
        "train",
        help="train the veto's model and the measure model (leave-one-council-out "
        "thresholds) from data/veto and data/measures",
    )
    train.add_argument(
        "--only",
        choices=("veto", "measures"),
        default=None,
        help="train one model only (the file options then name its files; "
        "without --only they name the veto's, and only the veto is trained)",
    )
    train.add_argument(
        "--data",
        default=None,
        metavar="FILE",
        help="training numbers, JSONL (default: data/veto/numbers.jsonl)",
    )
    train.add_argument(
        "--out",
        default=None,
        metavar="FILE",
        help="model file to write (default: pipeline/reference/veto/model.msgpack)",
    )
    train.add_argument(
        "--cv",
        default=None,
        metavar="FILE",
        help="cross-validated figures to write (default: data/veto/cv.json)",
    )
    train.add_argument(
        "--threshold",
        type=float,
        default=None,
        help="use this threshold, no cross-validation (to reproduce a model)",
    )
    train.add_argument(
        "--gold",
        action="append",
        default=[],
        metavar="DIR",
        help="also train on the gold of reviewed reports (what `gold` wrote into "
        "DIR; repeatable); the threshold is chosen again",
    )
    train.add_argument(
        "--texts",
        action="append",
        default=[],
        metavar="DIR",
        help="folder holding the gold's report texts (<name>.txt; repeatable); "
        "default: beside the gold files",
    )
    train.set_defaults(run=_cmd_train)

    load = commands.add_parser("load", help="load output JSON into a database")
    load.add_argument("output_dir", metavar="OUTPUT_DIR")
    load.add_argument("--db", default=None, help="SQLAlchemy URL (default: sqlite:///OUTPUT_DIR/cqc.sqlite)")
    _wait_argument(load)
    load.add_argument(
        "--replace-newer",
        action="store_true",
        help="let an older extraction replace the database's newer one",
    )
    load.set_defaults(run=_cmd_load)

    db = commands.add_parser(
        "db", help="the database's layout revision: current, upgrade (in place), history"
    )
    db.add_argument("action", choices=("current", "upgrade", "history"))
    db.add_argument(
        "output_dir",
        metavar="OUTPUT_DIR",
        nargs="?",
        default="output",
        help="as for load: its cqc.sqlite is the database (default: output)",
    )
    db.add_argument("--db", default=None, help="SQLAlchemy URL (default: sqlite:///OUTPUT_DIR/cqc.sqlite)")
    _wait_argument(db)
    db.set_defaults(run=_cmd_db)

    export = commands.add_parser(
        "export", help="write a Frictionless Data Package (CSV tables + datapackage.json)"
    )
    export.add_argument("output_dir", metavar="OUTPUT_DIR")
    export.add_argument("--out", required=True, metavar="DIR", help="the package's folder")
    export.set_defaults(run=_cmd_export)

    table = commands.add_parser(
        "table", help="one row per claim with a measure, across councils (or --check)"
    )
    table.add_argument("output_dir", metavar="OUTPUT_DIR")
    table.add_argument(
        "--measure",
        action="append",
        default=None,
        metavar="ID",
        help="only this measure (repeatable; ids in pipeline/reference/catalogue.py)",
    )
    table.add_argument("--format", choices=("csv", "markdown", "json"), default="csv")
    table.add_argument("--out", default=None, metavar="FILE", help="write to FILE (default: stdout)")
    table.add_argument(
        "--check",
        action="store_true",
        help="list measures whose England average differs for the same dataset edition",
    )
    table.set_defaults(run=_cmd_table)

    diff = commands.add_parser("diff", help="what changed between two extractions")
    diff.add_argument("old", metavar="OLD")
    diff.add_argument("new", metavar="NEW")
    diff.add_argument("--json", action="store_true", help="machine-readable output")
    diff.add_argument(
        "--old-texts",
        default=None,
        metavar="DIR",
        help="folder of OLD's report texts (<name>.txt), to match claims across an "
        "edited text by their anchored span; default: beside the outputs",
    )
    diff.add_argument(
        "--new-texts",
        default=None,
        metavar="DIR",
        help="folder of NEW's report texts; default: beside the outputs",
    )
    diff.set_defaults(run=_cmd_diff)

    view = commands.add_parser("view", help="write a static review site of the outputs")
    view.add_argument("output_dir", metavar="OUTPUT_DIR")
    view.add_argument("--out", default="site", help="site folder (default: site)")
    view.add_argument(
        "--texts",
        default=None,
        metavar="DIR",
        help="folder holding the report texts (<name>.txt); default: OUTPUT_DIR",
    )
    view.add_argument(
        "--corrections",
        default=None,
        metavar="DIR",
        help="the reviewers' corrections (<stem>.json): the overview shows where each report's review stands",
    )
    view.set_defaults(run=_cmd_view)

    review = commands.add_parser(
        "review", help="review the outputs in the browser and keep the corrections (local server)"
    )
    review.add_argument(
        "output_dir", metavar="OUTPUT_DIR", help="the extraction to review (made without --corrections)"
    )
    review.add_argument(
        "--texts",
        default=None,
        metavar="DIR",
        help="folder holding the report texts (<name>.txt); default: OUTPUT_DIR",
    )
    review.add_argument(
        "--corrections",
        default=None,
        metavar="DIR",
        help="where corrections are written, DIR/<stem>.json (default: corrections/ beside OUTPUT_DIR)",
    )
    review.add_argument(
        "--port", type=_port, default=8765, help="port on 127.0.0.1 (default: 8765; 0 for any free one)"
    )
    review.set_defaults(run=_cmd_review)

    gold = commands.add_parser(
        "gold", help="gold annotations (for evaluate) from the reports a reviewer marked reviewed"
    )
    gold.add_argument(
        "output_dir",
        metavar="OUTPUT_DIR",
        help="the extraction the corrections were made on (without --corrections)",
    )
    gold.add_argument(
        "--corrections", required=True, metavar="DIR", help="the corrections files (<stem>.json)"
    )
    gold.add_argument("--out", required=True, metavar="GOLD_DIR")
    gold.add_argument(
        "--texts",
        default=None,
        metavar="DIR",
        help="folder holding the report texts (<name>.txt); default: OUTPUT_DIR",
    )
    gold.set_defaults(run=_cmd_gold)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    return args.run(args)


if __name__ == "__main__":
    sys.exit(main())
