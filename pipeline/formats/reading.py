"""Bytes on disk -> the text every offset indexes.

``read_text(path) -> (text, warnings)``; every offset in a ``Report`` indexes that ``text``.
Decisions, and why:

* **Newlines are untouched** (no universal-newline translation): a CRLF file keeps its "\\r\\n",
  so ``text[start:end]`` is exactly the file's characters, and a span's end never falls
  between "\\r" and "\\n" in a way that hides a character. Segmentation copes with "\\r\\n".
* **UTF-8** is the expected encoding.
* **A UTF-8 byte order mark is removed**, with a ``bom-removed`` warning. It is not content,
  and leaving it would glue U+FEFF to the first heading. Offsets index the text after the
  BOM: character offset 0 is the file's byte 3. (``sha256`` is of that text.)
* **UTF-16 with a BOM** (Windows "Unicode" saves) is decoded, with an ``encoding-utf16``
  warning; offsets index the decoded text.
* **Windows-1252** (text copied through Windows tools: "£" is byte 0xA3): bytes that are not
  valid UTF-8 are decoded one by one as Windows-1252, everything else as UTF-8, with an
  ``encoding-fallback`` warning naming the first such byte's offset and how many there were.
  Refusing would lose a whole report over a pound sign; decoding each bad byte alone also
  copes with files that are mostly UTF-8 with a few pasted Windows-1252 characters. Offsets
  index the decoded text. A byte Windows-1252 leaves undefined (0x81, 0x8D, 0x8F, 0x90,
  0x9D) is an error naming its offset.
* **Binary** is refused: a NUL byte, or more than ``MAX_CONTROL_RATIO`` of bytes being
  control characters other than tab, newline, carriage return, form feed and vertical tab,
  or more than ``MAX_FALLBACK_RATIO`` of bytes not being UTF-8. The error names the byte
  offset of the first offending byte.
* **Empty** (no bytes, or only whitespace) is an error: there is nothing to extract.
* Unreadable paths (missing, a directory, no permission) are errors with the OS's reason.

Errors are ``ExtractionError(message, name=<path>, place="byte N")``; ``str(error)`` is the
line a user sees, e.g. ``reports/x.txt, byte 1,024: binary file (NUL byte), not text``.
"""

from __future__ import annotations

import codecs
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import regex

from pipeline.errors import ExtractionError
from pipeline.files import text_sha256
from pipeline.models import Span, Warning

MAX_CONTROL_RATIO = 0.01  # real report text has none; 1% leaves room for stray form feeds
MAX_FALLBACK_RATIO = 0.30  # cp1252 English prose: under 5% high bytes; random binary: ~50%

_ALLOWED_CONTROLS = b"\t\n\r\x0b\x0c"
_CONTROLS = bytes(b for b in [*range(0x20), 0x7F] if b not in _ALLOWED_CONTROLS)
_NOT_CONTROLS = bytes(b for b in range(256) if b not in _CONTROLS)
# surrogateescape turns each undecodable byte B into U+DC00+B; this maps those to cp1252.
_CP1252: dict[int, str] = {}
for _byte in range(0x80, 0x100):
    try:
        _CP1252[0xDC00 + _byte] = bytes([_byte]).decode("cp1252")
    except UnicodeDecodeError:
        pass  # undefined in Windows-1252: stays a surrogate and is refused
_ESCAPED = regex.compile(r"[\udc80-\udcff]")


def _place(offset: int) -> str:
    return f"byte {offset:,}"


def read_text(path: Path) -> tuple[str, list[Warning]]:
    """The file's text and the warnings reading it raised; ``ExtractionError`` when unusable."""
    return decode(read_bytes(path), str(path))


def read_bytes(path: Path) -> bytes:
    """The file's bytes; ``ExtractionError`` naming the file when it cannot be read."""
    name = str(path)
    try:
        return Path(path).read_bytes()
    except FileNotFoundError as error:
        raise ExtractionError("file not found", name=name) from error
    except IsADirectoryError as error:
        raise ExtractionError("is a directory, not a text file", name=name) from error
    except OSError as error:
        raise ExtractionError(f"cannot read file: {error.strerror or error}", name=name) from error


def decode(data: bytes, name: str | None = None) -> tuple[str, list[Warning]]:
    """Bytes -> (text, warnings) by the rules in the module docstring."""
    if not data.strip():
        raise ExtractionError(
            "empty file: nothing to extract", name=name, place=_place(0) if not data else None
        )
    warnings: list[Warning] = []
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            text = data.decode("utf-16")
        except UnicodeDecodeError as error:
            raise ExtractionError(
                f"UTF-16 file with undecodable bytes ({error.reason})", name=name, place=_place(error.start)
            ) from error
        warnings.append(
            Warning(
                code="encoding-utf16",
                message="the file is UTF-16 (it starts with a UTF-16 byte order mark); offsets "
                "index the decoded text, without the byte order mark",
            )
        )
        text = text.lstrip("\ufeff")
        controls = regex.search(r"[\x00-\x08\x0e-\x1f\x7f]", text)
        if controls:
            raise ExtractionError(
                "binary file: UTF-16 text with control characters (this is the first)",
                name=name,
                place=f"character {controls.start():,}",
            )
        return _non_empty(text, name), warnings

    nul = data.find(b"\x00")
    if nul >= 0:
        raise ExtractionError("binary file (NUL byte), not text", name=name, place=_place(nul))
    _refuse_controls(data, name)

    base = 0
    if data.startswith(codecs.BOM_UTF8):
        base = len(codecs.BOM_UTF8)
        data = data[base:]
        warnings.append(
            Warning(
                code="bom-removed",
                message="removed the UTF-8 byte order mark at the start of the file; offsets "
                "index the text after it (file byte 3 is character 0)",
            )
        )
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        text, first, count = _decode_with_fallback(data, name, base)
        at = len(data[:first].decode("utf-8"))  # all bytes before the first bad one are UTF-8
        warnings.append(
            Warning(
                code="encoding-fallback",
                message=(
                    f"not valid UTF-8: {count:,} byte(s), the first at {_place(base + first)} "
                    f"of the file ({data[first]:#04x}), "
                    f"decoded as Windows-1252 ('{text[at]}'); offsets index the decoded text"
                ),
                spans=[Span(start=at, end=at + 1)],
            )
        )
    return _non_empty(text, name), warnings


def _decode_with_fallback(data: bytes, name: str | None, base: int) -> tuple[str, int, int]:
    """(text, offset of the first non-UTF-8 byte in ``data``, how many), those as cp1252.

    ``base`` is where ``data`` starts in the file (3 after a BOM); error places name file bytes.
    """
    escaped = data.decode("utf-8", errors="surrogateescape")
    first_match = _ESCAPED.search(escaped)
    first = len(escaped[: first_match.start()].encode("utf-8"))
    count = len(escaped) - len(_ESCAPED.sub("", escaped))
    if count > MAX_FALLBACK_RATIO * len(data):
        raise ExtractionError(
            f"binary file or unknown encoding: {count:,} of {len(data):,} bytes are not UTF-8 "
            "(this is the first)",
            name=name,
            place=_place(base + first),
        )
    text = escaped.translate(_CP1252)
    undefined = _ESCAPED.search(text)
    if undefined:
        offset = len(escaped[: undefined.start()].encode("utf-8", errors="surrogateescape"))
        raise ExtractionError(
            f"neither UTF-8 nor Windows-1252 text (byte {data[offset]:#04x} is undefined in both)",
            name=name,
            place=_place(base + offset),
        )
    return text, first, count


def _refuse_controls(data: bytes, name: str | None) -> None:
    controls = len(data.translate(None, _NOT_CONTROLS))
    if controls and controls > MAX_CONTROL_RATIO * len(data):
        first = min(i for i in (data.find(bytes([b])) for b in _CONTROLS) if i >= 0)
        raise ExtractionError(
            f"binary file: {controls:,} of {len(data):,} bytes are control characters (this is the first)",
            name=name,
            place=_place(first),
        )


def _non_empty(text: str, name: str | None) -> str:
    if not text.strip():
        raise ExtractionError("empty file: nothing to extract", name=name)
    return text


# ---------------------------------------------------------------------------------------------
# The text an output's offsets index (for the tools that read outputs: view, review, gold, diff)


class TextNotFound(Exception):
    """An output's text is missing, unreadable or not the one it was extracted from: the
    message names the output and says what to do."""


def _recorded_text_names(report: Mapping[str, Any]) -> list[str]:
    """The text file an output records about its input (``input.text_file``; outputs of older
    pipeline versions have no ``input``)."""
    recorded = report.get("input")
    if isinstance(recorded, Mapping) and isinstance(recorded.get("text_file"), str) and recorded["text_file"]:
        return [recorded["text_file"]]
    return []


def find_text(report: Mapping[str, Any], output: Path, texts: Path | None) -> str:
    """The text the report's offsets index, checked against its ``sha256``.

    Looked for, in order: ``TEXTS/<name>.txt`` (``--texts``), the text file the output records,
    then ``<output folder>/<name>.txt`` (where PDF and HTML inputs leave their text).
    """
    name = report.get("name") or output.stem
    candidates: list[Path] = []
    for recorded in _recorded_text_names(report):
        path = Path(recorded)
        if path.is_absolute():
            candidates.append(path)
        else:
            if texts is not None:
                candidates.append(texts / path.name)
            candidates.append(output.parent / path)
    if texts is not None:
        candidates.insert(0, texts / f"{name}.txt")
    candidates += [output.parent / f"{name}.txt", output.parent / f"{output.stem}.txt"]

    mismatched = []
    for path in dict.fromkeys(candidates):
        if not path.is_file():
            continue
        try:
            text, _ = read_text(path)
        except ExtractionError as error:
            raise TextNotFound(f"{output}: its text {path} cannot be read: {error}") from error
        if text_sha256(text) == report.get("sha256"):
            return text
        mismatched.append(str(path))
    tried = ", ".join(str(p) for p in dict.fromkeys(candidates))
    if mismatched:
        raise TextNotFound(
            f"{output}: the text {', '.join(mismatched)} is not the one this output was extracted "
            f"from (sha256 differs): extract it again, or point --texts at the right folder"
        )
    raise TextNotFound(
        f"{output}: text '{name}.txt' not found (looked for {tried}); give the folder holding "
        f"the report texts with --texts DIR"
    )
