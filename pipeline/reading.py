"""Bytes on disk -> the text every offset indexes.

The text is the file decoded as UTF-8 with newlines untouched (no universal-newline
translation), so CRLF files keep their "\r\n" and offsets index the text exactly as read.
"""

from __future__ import annotations

from pathlib import Path

from pipeline.errors import ExtractionError
from pipeline.models import Warning


def read_text(path: Path) -> tuple[str, list[Warning]]:
    try:
        data = path.read_bytes()
    except OSError as error:
        raise ExtractionError(f"cannot read file: {error.strerror}", name=str(path)) from error
    try:
        return data.decode("utf-8"), []
    except UnicodeDecodeError as error:
        raise ExtractionError(
            f"not UTF-8 text ({error.reason})", name=str(path), place=f"byte {error.start}"
        ) from error
