"""Many files -> output/<stem>.json, one failure never stopping or corrupting the others."""

from __future__ import annotations

import json
import os
import sys
import tempfile
from pathlib import Path

from pipeline import extract
from pipeline.errors import ExtractionError
from pipeline.reading import read_text


def write_atomic(path: Path, data: bytes) -> None:
    """Write to a temporary file in the same folder, then rename over ``path``."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def report_json(report) -> bytes:
    return (json.dumps(report.model_dump(mode="json"), indent=2, ensure_ascii=False) + "\n").encode()


def collect_inputs(paths: list[Path]) -> list[Path]:
    found: list[Path] = []
    for path in paths:
        if path.is_dir():
            found.extend(sorted(p for p in path.rglob("*.txt") if p.is_file()))
        else:
            found.append(path)
    return found


def run_batch(inputs, out_dir, jobs=None, force=False, jsonl=None, progress="auto") -> int:
    failures = 0
    for path in collect_inputs(inputs):
        try:
            text, read_warnings = read_text(path)
            report = extract(text, name=path.stem)
            write_atomic(out_dir / f"{path.stem}.json", report_json(report))
        except ExtractionError as error:
            failures += 1
            print(f"error: {error}", file=sys.stderr)
    return 1 if failures else 0
