"""Reading an output file of any schema version this cqc-extract knows, for ``load`` and ``export``.

Input: the bytes of one output file (``Report`` JSON). Output: an ``Output``: the validated
``Report``, each claim's period as columns (``Period``), and what was left out. Problems are
``OutputError`` with a message naming the field where it is known; the caller names the file.

What it checks, in order:

- the bytes are a JSON object with a ``schema_version`` "X.Y.Z";
- no text holds a NUL character (PostgreSQL cannot store one; SQLite would, so both refuse it
  here alike);
- the major X is one this version reads (``READERS``). A newer or unknown major is refused:
  "written by a newer cqc-extract (schema X.Y.Z); upgrade cqc-extract". An older major is
  upgraded in memory;
- a newer minor of a major it reads (fields added since this version) loads without the fields
  this version does not know, and says which (``Output.ignored``). The same or an older version
  with a field the model does not have is not a report.

Periods: schema 1.x writes a claim's ``period`` as a string (its text); schema 2.x as an object
``{"text", "start", "end", "kind", "from", "to"}`` (``from``/``to`` ISO dates or null). Both
become a ``Period`` (1.x: the text, no dates), kept beside the report, and the claim's
``period`` is emptied before the model validates it, so that the same code reads both shapes
whichever the model of this version is.
"""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass

import orjson
from pydantic import ValidationError

from pipeline.models import SCHEMA_VERSION, Report


class OutputError(Exception):
    """The file cannot be loaded: one line saying why (the caller adds the file's name)."""


_VERSION = re.compile(r"^(\d+)\.(\d+)\.(\d+)$")


def version_tuple(version: object) -> tuple[int, int, int] | None:
    """``(X, Y, Z)`` of an ``"X.Y.Z"`` string; None for anything else (a file's value may be
    of any JSON type)."""
    match = _VERSION.match(version) if isinstance(version, str) else None
    if match is None:
        return None
    major, minor, patch = match.groups()
    return int(major), int(minor), int(patch)


@dataclass(frozen=True)
class Period:
    text: str | None
    kind: str | None = None
    from_: datetime.date | None = None
    to: datetime.date | None = None


def iso_date(value, where: str) -> datetime.date | None:
    if value is None:
        return None
    try:
        return datetime.date.fromisoformat(value)
    except (TypeError, ValueError):
        raise OutputError(f"{where}: {value!r} is not an ISO date (YYYY-MM-DD)") from None


def _period_1(value) -> Period | None:
    if value is None:
        return None
    if not isinstance(value, str):
        raise OutputError(f"period: a string in schema 1.x, found {type(value).__name__}")
    return Period(text=value)


def _period_2(value) -> Period | None:
    if value is None:
        return None
    if not isinstance(value, dict) or not isinstance(value.get("text"), str):
        raise OutputError("period: an object with its text in schema 2.x")
    kind = value.get("kind")
    if kind is not None and not isinstance(kind, str):
        raise OutputError(f"period.kind: a string, found {type(kind).__name__}")
    return Period(
        text=value["text"],
        kind=kind,
        from_=iso_date(value.get("from"), "period.from"),
        to=iso_date(value.get("to"), "period.to"),
    )


# The schema majors this version reads: how each writes a claim's period. A major the model's
# SCHEMA_VERSION has must be here (tests/test_store_versions.py checks it).
READERS = {1: _period_1, 2: _period_2}


def current_version() -> tuple[int, int, int]:
    version = version_tuple(SCHEMA_VERSION)
    assert version is not None  # the model's own SCHEMA_VERSION is always X.Y.Z
    return version


@dataclass(frozen=True)
class Output:
    report: Report
    periods: list[Period | None]  # one per claim of ``report.claims``
    ignored: tuple[str, ...] = ()  # fields of a newer minor this version does not know


def _nul_field(value, path: str = "") -> str | None:
    """The path of the first string (or key) holding a NUL character, or None."""
    if isinstance(value, str):
        return (path or "the document") if "\x00" in value else None
    if isinstance(value, dict):
        for key, item in value.items():
            where = f"{path}.{key}" if path else str(key)
            if "\x00" in key:
                return where
            found = _nul_field(item, where)
            if found:
                return found
    elif isinstance(value, list):
        for i, item in enumerate(value):
            found = _nul_field(item, f"{path}.{i}" if path else str(i))
            if found:
                return found
    return None


def _where(loc) -> str:
    return ".".join(str(part) for part in loc) or "the document"


def _not_a_report(error: ValidationError) -> OutputError:
    first = error.errors()[0]
    return OutputError(
        f"not a report ({error.error_count()} problems; first at {_where(first['loc'])}: {first['msg']})"
    )


def _drop(data, loc) -> None:
    for part in loc[:-1]:
        data = data[part]
    del data[loc[-1]]


def read_output(raw: bytes) -> Output:
    """Validate one output file's bytes (see the module's docstring)."""
    try:
        data = orjson.loads(raw)
    except orjson.JSONDecodeError as error:
        raise OutputError(f"not JSON ({error})") from None
    if not isinstance(data, dict):
        raise OutputError("not a report (not a JSON object)")
    version = data.get("schema_version")
    parsed = version_tuple(version)
    if parsed is None:
        raise OutputError(f"not a report (schema_version: {version!r} is not X.Y.Z)")
    nul = _nul_field(data)
    if nul:
        raise OutputError(f"{nul}: holds a NUL character, which a database cannot store")
    current = current_version()
    newest = max(READERS)
    if parsed[0] > newest:
        raise OutputError(f"written by a newer cqc-extract (schema {version}); upgrade cqc-extract")
    if parsed[0] not in READERS:
        raise OutputError(
            f"schema {version}, which this cqc-extract does not read (it reads "
            + ", ".join(f"{major}.x" for major in sorted(READERS))
            + ")"
        )
    period = READERS[parsed[0]]
    periods: list[Period | None] = []
    for name in ("claims", "vetoed"):
        items = data.get(name)
        if not isinstance(items, list):
            continue
        for i, claim in enumerate(items):
            if isinstance(claim, dict) and "period" in claim:
                try:
                    value = period(claim["period"])
                except OutputError as error:
                    raise OutputError(f"{name}.{i}.{error}") from None
                claim["period"] = None
                if name == "claims":
                    periods.append(value)
            elif name == "claims":
                periods.append(None)
    ignored: list[str] = []
    # A newer minor than this version's, or any version of a newer major this version reads:
    # fields added since are left out. The same or an older version must match the model.
    lenient = parsed[0] > current[0] or (parsed[0] == current[0] and parsed > current)
    while True:
        try:
            report = Report.model_validate(data)
            break
        except ValidationError as error:
            extra = [e["loc"] for e in error.errors() if e["type"] == "extra_forbidden"]
            if not lenient or not extra or len(extra) < error.error_count():
                raise _not_a_report(error) from None
            for loc in sorted(extra, reverse=True):
                _drop(data, loc)
                ignored.append(_where(loc))
    return Output(
        report, periods, tuple(sorted(set(re.sub(r"\.\d+(?=\.|$)", ".*", path) for path in ignored)))
    )
