"""Span validation shared by tests: every offset in a report must index the text it came from.

``walk_spans(report_dict, text)`` returns the problems found (empty when all is well), each a
readable line naming the JSON path, the span and what the text holds there, so a failing test
prints the span that went wrong. ``assert_spans`` fails with those lines.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

# (field holding a surface string, field holding its span) pairs on the same object
SURFACE_SIBLINGS = (("local_authority", "local_authority_span"),)
# child list -> must lie inside its parent object's span
NESTED = ("paragraphs", "subsections", "statements")


def _spans(node: Any, path: str) -> Iterator[tuple[str, dict]]:
    if isinstance(node, dict):
        if isinstance(node.get("start"), int) and isinstance(node.get("end"), int):
            yield path, node
        for key, value in node.items():
            yield from _spans(value, f"{path}.{key}" if path else key)
    elif isinstance(node, list):
        for index, value in enumerate(node):
            yield from _spans(value, f"{path}[{index}]")


def _show(text: str, start: int, end: int) -> str:
    piece = text[max(0, start) : max(0, end)]
    return repr(piece if len(piece) <= 80 else piece[:38] + " ... " + piece[-38:])


def walk_spans(report: dict, text: str, nested: bool = True) -> list[str]:
    """Every problem with the spans of ``report`` (a ``Report.model_dump()``) against ``text``.

    Checks ``0 <= start <= end <= len(text)`` everywhere; ``text[start:end] == node["text"]``
    wherever a span carries its surface text (claims, comparators, sources); the local
    authority's name against its span; a claim inside its sentence; and, with ``nested``,
    paragraphs/subsections/statements inside their parent's span.
    """
    problems: list[str] = []
    length = len(text)
    for path, span in _spans(report, ""):
        start, end = span["start"], span["end"]
        if not 0 <= start <= end <= length:
            problems.append(f"{path}: [{start}, {end}) is outside 0..{length} or reversed")
            continue
        surface = span.get("text")
        if isinstance(surface, str) and text[start:end] != surface:
            problems.append(
                f"{path}: [{start}, {end}) is {_show(text, start, end)}, the model says {surface!r}"
            )
        sentence = span.get("sentence")
        if path.startswith("claims[") and isinstance(sentence, dict):
            if not sentence["start"] <= start <= end <= sentence["end"]:
                problems.append(
                    f"{path}: claim [{start}, {end}) is not inside its sentence "
                    f"[{sentence['start']}, {sentence['end']})"
                )
        if nested:
            for key in NESTED:
                for index, child in enumerate(span.get(key) or []):
                    if not start <= child["start"] <= child["end"] <= end:
                        problems.append(
                            f"{path}.{key}[{index}]: [{child['start']}, {child['end']}) is not "
                            f"inside its parent [{start}, {end})"
                        )
    for surface_key, span_key in SURFACE_SIBLINGS:
        span, surface = report.get(span_key), report.get(surface_key)
        if span and surface is not None and 0 <= span["start"] <= span["end"] <= length:
            if text[span["start"] : span["end"]] != surface:
                problems.append(
                    f"{span_key}: {_show(text, span['start'], span['end'])} != {surface_key} {surface!r}"
                )
    return problems


def assert_spans(report: dict, text: str, nested: bool = True) -> None:
    problems = walk_spans(report, text, nested=nested)
    assert not problems, "bad spans:\n" + "\n".join(problems[:20])
