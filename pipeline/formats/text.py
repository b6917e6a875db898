"""A ``.txt`` report: the bytes decoded by ``pipeline.formats.reading.decode`` (rules there)."""

from __future__ import annotations

from pipeline.formats.converted import Converted
from pipeline.formats.reading import decode


def convert(data: bytes, name: str | None = None) -> Converted:
    text, warnings = decode(data, name)
    return Converted(text, "text", (), tuple(warnings))
