"""Outputs -> a static review site: a page per report and an overview of all of them.

Input: the output JSON files (``DIR/<stem>.json``, read as plain dicts so that fields added by
newer pipeline versions, such as ``input``, ``page`` or a claim's ``measure``, are shown when
present and never required) and the text each report's offsets index. Output: a mapping from
file names to HTML (``<stem>.html`` per report, ``index.html``), written by ``write_site``.
Nothing else is read; ``build_site`` is a plain function of its arguments (same outputs and
texts -> same bytes).

The pages open from disk with no network at all: CSS, scripts and the chart (SVG drawn here)
are inline, and a Content-Security-Policy allows only those inline blocks (by hash), so even
text that slipped through as markup could not run. The report text is data: every piece of it
goes through Jinja2's autoescaping, and the highlighted spans are elements around escaped text,
so the text container's text content is the report text exactly (``\\r`` kept as ``&#13;``).
"""

from __future__ import annotations

import base64
import hashlib
import json
import math
import sys
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any
from urllib.parse import quote

import jinja2
from markupsafe import Markup, escape

from pipeline.files import report_outputs, write_atomic
from pipeline.formats.reading import TextNotFound, find_text
from pipeline.reference.catalogue import BY_ID as MEASURES
from pipeline.reference.framework import RATINGS, SCORE_RATING_WORDS, STATEMENTS, THEMES

INDEX = "index.html"

# unit -> (prefix, suffix) around the formatted value
UNIT_FORMS: dict[str, tuple[str, str]] = {
    "percent": ("", "%"),
    "count": ("", ""),
    "gbp": ("£", ""),
    "days": ("", " days"),
    "weeks": ("", " weeks"),
    "months": ("", " months"),
    "years": ("", " years"),
    "per_100k": ("", " per 100,000"),
    "rank": ("rank ", ""),
    "score": ("score ", ""),
    "ratio": ("ratio ", ""),
}

# The short name written beside a comparator in the text ("England avg: ▲ above").
COMPARATOR_SHORT: dict[str, str] = {
    "england_average": "England avg",
    "target": "target",
    "previous": "previous",
    "comparable_authorities": "comparable",
    "regional_average": "region avg",
    "other": "compared",
}

COMPARATOR_KINDS: dict[str, str] = {
    "england_average": "England average",
    "target": "target",
    "previous": "previous value",
    "comparable_authorities": "comparable councils",
    "regional_average": "regional average",
    "other": "other comparator",
}

# The claim's value relative to the comparator: a symbol and a word, never colour alone.
DIRECTIONS: dict[str, tuple[str, str]] = {
    "above": ("▲", "above"),
    "below": ("▼", "below"),
    "equal": ("=", "equal"),
}

# Short column headings for the overview's statement grid (full titles in a tooltip).
STATEMENT_ABBREVIATIONS: dict[str, str] = {
    "assessing-needs": "AN",
    "supporting-healthier-lives": "HL",
    "equity-in-experience-and-outcomes": "EQ",
    "care-provision-integration-continuity": "CP",
    "partnerships-and-communities": "PC",
    "safe-pathways-systems-transitions": "SP",
    "safeguarding": "SG",
    "governance-management-sustainability": "GM",
    "learning-improvement-innovation": "LI",
}

# Outer marks first when two share a span: a warning around a source around a comparator
# around a claim. Lower rank = outer.
_NESTING_RANK = {"head": 0, "warn": 1, "src": 2, "per": 3, "cmp": 4, "claim": 5, "anchor": 6}

# The chart: one row per claim with an England average.
CHART = {"row": 30, "label": 340, "axis": 340, "tail": 150, "top": 24}
_CHART_LABEL_CHARACTERS = 46  # at 12px, what fits in CHART["label"]


class ViewError(Exception):
    """A report that cannot be shown: names the file and says what to do."""


@dataclass(frozen=True)
class Entry:
    """One output file: its stem, the report (as read), and its text when found."""

    stem: str
    report: Mapping[str, Any]
    text: str | None = None
    error: str | None = None  # why there is no page (the text is missing, ...)


@dataclass(frozen=True)
class Mark:
    kind: str  # claim, cmp, src, per (a period), warn, head (a heading line), anchor (an empty link target)
    start: int
    end: int
    attrs: tuple[tuple[str, str], ...] = ()
    order: int = 0  # position in input order, to keep the output deterministic


# ---------------------------------------------------------------------------------------------
# Formatting


def format_number(value: float) -> str:
    """64.84 -> '64.84', 898000.0 -> '898,000', 1e-7 -> '1e-07' (no false precision)."""
    if not math.isfinite(value):
        return str(value)
    if value == int(value) and abs(value) < 1e15:
        return f"{int(value):,}"
    text = f"{value:,.6f}".rstrip("0").rstrip(".")
    return text if text not in ("0", "-0") else f"{value:g}"


def format_value(value: float | None, unit: str | None) -> str:
    if value is None:
        return "–"
    prefix, suffix = UNIT_FORMS.get(unit or "", ("", f" {unit}" if unit else ""))
    return f"{prefix}{format_number(value)}{suffix}"


def measure_name(measure_id: str | None) -> str | None:
    """The catalogue's name of a claim's measure; the id itself when the catalogue (of this
    pipeline version) does not hold it."""
    if not measure_id:
        return None
    known = MEASURES.get(measure_id)
    return known.name if known else measure_id


PERIOD_KINDS = {
    "point": "a point in time",
    "range": "a range",
    "financial_year": "a financial year",
    "projection": "a projection",
    "since": "since",
    "as_at": "as at",
    "relative": "relative",
}


def period_words(period: Any) -> str:
    """A claim's period for a reader: "2023/24 (a financial year, 2023-04-01 to 2024-03-31)",
    "by 2040 (a projection, to 2040-12-31)"; a 1.x output's period (words only) as its words."""
    if not isinstance(period, Mapping):
        return str(period) if period else "–"
    first, last = period.get("from"), period.get("to")
    dates = (
        f"{first} to {last}" if first and last else f"from {first}" if first else f"to {last}" if last else ""
    )
    code = period.get("kind")
    kind = PERIOD_KINDS.get(code, code) if code is not None else None
    about = ", ".join(x for x in (kind, dates) if x)
    return f"{period.get('text')} ({about})" if about else str(period.get("text"))


def _rating_number(rating: str | None) -> int:
    """1 (lowest) to 4 for a rating word; 0 for none or an unknown word."""
    return RATINGS.index(rating) + 1 if rating in RATINGS else 0


def _rating_class(rating: str | None) -> str:
    return f"r{_rating_number(rating)}"


def _sort_key_rating(rating: str | None) -> str:
    return str(_rating_number(rating) or "")


# ---------------------------------------------------------------------------------------------
# The report text with its marks


def claim_anchor(claim_id: str) -> str:
    return f"claim-{claim_id}"


def _span(node: Any) -> tuple[int, int] | None:
    if isinstance(node, Mapping) and isinstance(node.get("start"), int) and isinstance(node.get("end"), int):
        return node["start"], node["end"]
    return None


def collect_marks(report: Mapping[str, Any], text: str) -> list[Mark]:
    """Every span the page highlights or links to, in priority order (claims first)."""
    marks: list[Mark] = []
    claims = report.get("claims") or []
    for claim in claims:
        marks.append(
            Mark(
                "claim",
                claim["start"],
                claim["end"],
                (
                    ("id", claim_anchor(claim["id"])),
                    ("data-claim", claim["id"]),
                ),
            )
        )

    # A comparator span can serve several claims ("X and Y, against an average of Z").
    comparators: dict[tuple[int, int], list[tuple[dict, dict]]] = {}
    for claim in claims:
        for comparator in claim.get("comparators") or []:
            comparators.setdefault((comparator["start"], comparator["end"]), []).append((claim, comparator))
    for (start, end), pairs in comparators.items():
        kinds = list(dict.fromkeys(COMPARATOR_KINDS.get(c["kind"], c["kind"]) for _, c in pairs))
        directions = list(dict.fromkeys(c.get("direction") for _, c in pairs if c.get("direction")))
        short = "/".join(dict.fromkeys(COMPARATOR_SHORT.get(c["kind"], c["kind"]) for _, c in pairs))
        symbol = " ".join(f"{DIRECTIONS[d][0]} {DIRECTIONS[d][1]}" for d in directions if d in DIRECTIONS)
        symbol = f"{short}: {symbol}" if symbol else short
        words = "; ".join(
            f"{COMPARATOR_KINDS.get(c['kind'], c['kind'])}: {claim['text']} is "
            f"{c.get('direction') or 'compared'}" + (f" ({c['qualifier']})" if c.get("qualifier") else "")
            for claim, c in pairs
        )
        direction_class = (
            f"dir-{directions[0]}" if len(directions) == 1 else "dir-mixed" if directions else "dir-none"
        )
        marks.append(
            Mark(
                "cmp",
                start,
                end,
                (
                    ("class", direction_class),
                    ("data-claims", " ".join(claim["id"] for claim, _ in pairs)),
                    ("data-kind", ", ".join(kinds)),
                    ("data-sym", symbol),
                    ("aria-label", words),
                ),
            )
        )

    sources: dict[tuple[int, int], dict] = {}
    for claim in claims:
        source = claim.get("source")
        if (span := _span(source)) is not None:
            sources.setdefault(span, source)
    for (start, end), source in sources.items():
        marks.append(
            Mark(
                "src",
                start,
                end,
                (
                    (
                        "title",
                        "source: "
                        + source.get("name", "")
                        + (f", {source['date']}" if source.get("date") else ""),
                    ),
                ),
            )
        )

    # A claim's period, highlighted like its source: the words where the claim takes them from
    # (its sentence, its citation's date, an earlier sentence it refers back to)
    periods: dict[tuple[int, int], tuple[dict, list[str]]] = {}
    for claim in claims:
        period = claim.get("period")
        if (span := _span(period)) is not None:
            periods.setdefault(span, (period, []))[1].append(claim["id"])
    for (start, end), (period, ids) in periods.items():
        marks.append(
            Mark(
                "per",
                start,
                end,
                (
                    ("title", "period: " + period_words(period)),
                    ("data-claims", " ".join(ids)),
                ),
            )
        )

    for index, warning in enumerate(report.get("warnings") or []):
        for number, span in enumerate(warning.get("spans") or []):
            if _span(span):
                marks.append(
                    Mark(
                        "warn",
                        span["start"],
                        span["end"],
                        (
                            ("id", f"warning-{index + 1}-{number + 1}"),
                            ("title", f"{warning.get('code', '')}: {warning.get('message', '')}"),
                        ),
                    )
                )

    for target, span in structure_targets(report):
        marks.append(Mark("anchor", span[0], span[0], (("id", target),)))
    for level, start, title in headings(report):
        if title and text.startswith(title, start):
            marks.append(Mark("head", start, start + len(title), (("class", level),)))

    marks = [m for m in marks if 0 <= m.start <= m.end <= len(text)]
    return [Mark(m.kind, m.start, m.end, m.attrs, i) for i, m in enumerate(marks)]


def structure_targets(report: Mapping[str, Any]) -> list[tuple[str, tuple[int, int]]]:
    """(element id, span) for everything the outline links to; an id already given (a
    statement found twice) keeps its first place."""
    targets: list[tuple[str, tuple[int, int]]] = []
    for key, target in (("local_authority_span", "council"), ("published_span", "published")):
        if (span := _span(report.get(key))) is not None:
            targets.append((target, span))
    overall = report.get("overall") or {}
    for key, target in (("rating_span", "overall-rating"), ("score_span", "overall-score")):
        if (span := _span(overall.get(key))) is not None:
            targets.append((target, span))
    for index, section in enumerate(report.get("sections") or []):
        if (span := _span(section)) is not None:
            targets.append((f"section-{index + 1}", span))
    for theme in report.get("themes") or []:
        if (span := _span(theme)) is not None:
            targets.append((f"theme-{theme.get('number')}", span))
        for statement in theme.get("statements") or []:
            if (span := _span(statement)) is not None:
                targets.append((f"statement-{statement.get('slug')}", span))
    seen: set[str] = set()
    unique = []
    for target, span in targets:
        if target not in seen:
            seen.add(target)
            unique.append((target, span))
    return unique


def headings(report: Mapping[str, Any]) -> list[tuple[str, int, str | None]]:
    """(level, start, heading as written) of each part; shown as headings only where the text
    holds that heading at the part's start."""
    found: list[tuple[str, int, str | None]] = []
    for section in report.get("sections") or []:
        if _span(section):
            found.append(("h-section", section["start"], section.get("title")))
    for theme in report.get("themes") or []:
        if _span(theme) and not theme.get("implied"):
            found.append(("h-theme", theme["start"], theme.get("title")))
        for statement in theme.get("statements") or []:
            if _span(statement):
                found.append(("h-statement", statement["start"], statement.get("title")))
            for subsection in statement.get("subsections") or []:
                if _span(subsection):
                    found.append(("h-subsection", subsection["start"], subsection.get("heading")))
    return found


def _crosses(a: Mark, b: Mark) -> bool:
    """Overlap without one holding the other: such a pair cannot both be elements."""
    return a.start < b.start < a.end < b.end or b.start < a.start < b.end < a.end


def nest_marks(marks: list[Mark]) -> list[Mark]:
    """The marks that can be elements: taken in priority order, a mark that would cross one
    already taken becomes an empty anchor at its start (keeping its id, so links still land)."""
    taken: list[Mark] = []
    for mark in marks:
        if mark.start == mark.end or not any(
            _crosses(mark, other) for other in taken if other.start != other.end
        ):
            taken.append(mark)
        elif any(name == "id" for name, _ in mark.attrs):
            taken.append(
                Mark(
                    "anchor", mark.start, mark.start, tuple(a for a in mark.attrs if a[0] == "id"), mark.order
                )
            )
    return taken


def text_segments(text: str, marks: list[Mark]) -> list[tuple[str, Any]]:
    """The text cut at mark boundaries: ('text', str), ('open', Mark), ('close', Mark)."""
    ordered = sorted(marks, key=lambda m: (m.start, -m.end, _NESTING_RANK[m.kind], m.order))
    segments: list[tuple[str, Any]] = []
    stack: list[Mark] = []
    position = 0

    def emit_to(offset: int) -> None:
        nonlocal position
        if offset > position:
            segments.append(("text", text[position:offset]))
            position = offset

    def close_to(offset: int) -> None:
        while stack and stack[-1].end <= offset:
            mark = stack.pop()
            emit_to(mark.end)
            segments.append(("close", mark))

    for mark in ordered:
        close_to(mark.start)
        emit_to(mark.start)
        segments.append(("open", mark))
        stack.append(mark)
        if mark.start == mark.end:
            stack.pop()
            segments.append(("close", mark))
    close_to(len(text))
    emit_to(len(text))
    return segments


def text_html(value: str) -> Markup:
    """Escaped text; a carriage return as a character reference (the HTML parser would
    otherwise fold '\\r\\n' to '\\n' and the page's text would not be the report's)."""
    return Markup(str(escape(value)).replace("\r", "&#13;"))


# ---------------------------------------------------------------------------------------------
# The chart


def _nice_ceiling(value: float) -> float:
    """The axis end: 1, 2, 2.5 or 5 times a power of ten at or above ``value``."""
    if value <= 0:
        return 1.0
    power = 10 ** math.floor(math.log10(value))
    for step in (1, 2, 2.5, 5, 10):
        if step * power >= value:
            return step * power
    return 10 * power


def chart_rows(report: Mapping[str, Any]) -> list[dict[str, Any]]:
    """One row per claim with an England average: geometry for a dot (the council) and a tick
    (the average) on the claim's own axis from zero (or the lower value, when negative)."""
    rows = []
    for claim in report.get("claims") or []:
        average = next(
            (c for c in claim.get("comparators") or [] if c.get("kind") == "england_average"), None
        )
        if average is None:
            continue
        value, other = claim["value"], average["value"]
        low = min(0.0, value, other)
        high = _nice_ceiling(max(value, other) * 1.1) if max(value, other) > 0 else 1.0
        if claim.get("unit") == "percent" and max(value, other) <= 100:
            high = min(high, 100.0)

        def x(v: float, low: float = low, high: float = high) -> float:
            return round(CHART["label"] + (v - low) / (high - low) * CHART["axis"], 1)

        direction = average.get("direction")
        symbol, word = DIRECTIONS.get(direction, ("", "compared"))
        context = measure_name(claim.get("measure")) or claim.get("section") or claim.get("statement") or ""
        label = f"{claim['text']} · {context}" if context else claim["text"]
        rows.append(
            {
                "id": claim["id"],
                "label": label
                if len(label) <= _CHART_LABEL_CHARACTERS
                else label[: _CHART_LABEL_CHARACTERS - 1].rstrip() + "…",
                "average": format_value(other, average.get("unit")),
                "title": (
                    f"{format_value(value, claim.get('unit'))} against an England average of "
                    f"{format_value(other, average.get('unit'))}: {word}"
                    + (f" ({average['qualifier']})" if average.get("qualifier") else "")
                    + (f" — {context}" if context else "")
                ),
                "x_value": x(value),
                "x_average": x(other),
                "x_low": x(low),
                "x_high": x(high),
                "low": format_number(low),
                "high": format_number(high),
                "direction": direction or "none",
                "symbol": symbol,
                "word": word,
            }
        )
    return rows


# ---------------------------------------------------------------------------------------------
# Pages


@lru_cache(maxsize=1)
def environment() -> jinja2.Environment:
    """The templates (pipeline/outputs/templates/), loaded once, autoescaping every one of them."""
    env = jinja2.Environment(
        loader=jinja2.PackageLoader("pipeline.outputs", "templates"),
        autoescape=True,  # every template, whatever its name: the text is data, never markup
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters["text"] = text_html
    env.filters["value"] = lambda claim: format_value(claim.get("value"), claim.get("unit"))
    env.filters["number"] = format_number
    env.filters["rating_class"] = _rating_class
    env.globals.update(
        COMPARATOR_KINDS=COMPARATOR_KINDS,
        DIRECTIONS=DIRECTIONS,
        CHART=CHART,
        SCORE_RATING_WORDS=SCORE_RATING_WORDS,
        STATEMENTS=STATEMENTS,
        STATEMENT_ABBREVIATIONS=STATEMENT_ABBREVIATIONS,
        format_value=format_value,
        claim_anchor=claim_anchor,
        page_href=page_href,
        measure_name=measure_name,
        period_words=period_words,
    )
    return env


def _asset(name: str) -> str:
    env = environment()
    assert env.loader is not None  # environment() always gives the package's templates loader
    return env.loader.get_source(env, name)[0]


def csp(style: str, script: str, connect: bool = False) -> str:
    """Only the page's own inline style and script run (by hash); no request leaves the file,
    so the page behaves the same opened from disk with no network. ``connect``: the page may
    also send requests to the server it came from (the review server's pages, nothing else)."""

    def digest(block: str) -> str:
        return base64.b64encode(hashlib.sha256(block.encode("utf-8")).digest()).decode("ascii")

    return (
        "default-src 'none'; img-src data:; "
        f"style-src 'sha256-{digest(style)}'; script-src 'sha256-{digest(script)}'; "
        + ("connect-src 'self'; " if connect else "")
        + "base-uri 'none'; form-action 'none'"
    )


def page_href(stem: str) -> str:
    return quote(page_name(stem))


def statement_scores(report: Mapping[str, Any]) -> dict[str, Mapping[str, Any]]:
    """slug -> the statement (from the themes), or the score list's row when no theme holds it."""
    found: dict[str, Mapping[str, Any]] = {}
    for item in report.get("score_list") or []:
        found[item.get("slug")] = item
    for theme in report.get("themes") or []:
        for statement in theme.get("statements") or []:
            if statement.get("score") is not None or statement.get("slug") not in found:
                found[statement.get("slug")] = statement
    return found


def render_report(report: Mapping[str, Any], text: str, stem: str, review: bool = False) -> str:
    """One report's review page. ``review``: the page served by ``python -m pipeline review``,
    with its review controls (review.css, review.js) and leave to talk to its server."""
    marks = nest_marks(collect_marks(report, text))
    style, script = _asset("report.css"), _asset("report.js")
    if review:
        style, script = style + _asset("review.css"), script + _asset("review.js")
    statement_titles = {s.slug: s.title for s in STATEMENTS}
    return (
        environment()
        .get_template("report.html")
        .render(
            report=report,
            stem=stem,
            segments=text_segments(text, marks),
            chart=chart_rows(report),
            style=style,
            script=script,
            csp=csp(style, script, connect=review),
            statement_titles=statement_titles,
            text_length=len(text),
            claim_count=len(report.get("claims") or []),
            title=report.get("local_authority") or report.get("name") or stem,
            statement_pages={
                s.get("slug"): s.get("page")
                for t in report.get("themes") or []
                for s in t.get("statements") or []
            },
        )
    )


def page_label(report: Mapping[str, Any]) -> str | None:
    """What part of a council's report an output holds, when it is one page of it: the
    statement's title ("Assessing needs"), the statements' titles, or its first section's
    ("Overall summary"); None for a whole report (every statement)."""
    titles = [
        s.get("title") or s.get("slug") for t in report.get("themes") or [] for s in t.get("statements") or []
    ]
    if len(titles) >= len(STATEMENTS):
        return None
    if titles:
        return ", ".join(titles)
    sections = [s.get("title") for s in report.get("sections") or [] if s.get("title")]
    return sections[0] if sections else None


def overview_row(entry: Entry, status: Any = None, several: bool = False) -> dict[str, Any]:
    """One row of the overview. ``status``: the review's state of the report
    (``pipeline.quality.corrections.ReviewStatus``), when the overview shows it; ``several``:
    the council has several rows (one per page), so the row names its page."""
    report = entry.report
    overall = report.get("overall") or {}
    scores = statement_scores(report)
    input_info = report.get("input")
    if not isinstance(input_info, Mapping):
        input_info = {}
    scored = sum(1 for s in STATEMENTS if (scores.get(s.slug) or {}).get("score"))
    # A rating derived from fewer than the nine scores is not the council's: a page with one
    # statement's score would show "Requires improvement 50" as if the report said so
    whole = scored == len(STATEMENTS)
    return {
        "stem": entry.stem,
        "council": report.get("local_authority") or report.get("name") or entry.stem,
        "published": report.get("published") or "",
        "format": input_info.get("format"),
        "pages": input_info.get("pages"),
        "rating": overall.get("rating"),
        "rating_key": _sort_key_rating(overall.get("rating")),
        "score": overall.get("score_percent"),
        "derived_rating": overall.get("derived_rating") if whole else None,
        "derived_rating_key": _sort_key_rating(overall.get("derived_rating") if whole else None),
        "derived_score": overall.get("derived_score_percent") if whole else None,
        "derived_missing": None if whole else f"{scored} of {len(STATEMENTS)} scores",
        "page": page_label(report) if several else None,
        "status": status,
        "indicative": bool(overall.get("indicative")),
        "scores": [(s.slug, (scores.get(s.slug) or {}).get("score")) for s in STATEMENTS],
        "claims": len(report.get("claims") or []),
        "warnings": len(report.get("warnings") or []),
        "linked": entry.text is not None,
        "error": entry.error,
    }


def _council(entry: Entry) -> str:
    return entry.report.get("local_authority") or entry.report.get("name") or entry.stem


def render_overview(entries: Iterable[Entry], statuses: Mapping[str, Any] | None = None) -> str:
    """The overview; with ``statuses`` (stem -> ``ReviewStatus``, or None for a report whose
    review cannot be shown), its review columns: judged / total, added, reviewed, stale, moved."""
    entries = list(entries)
    councils = Counter(_council(entry).casefold() for entry in entries)
    # First by council, as the page says (its Council column is marked sorted ascending).
    rows = sorted(
        (
            overview_row(entry, (statuses or {}).get(entry.stem), councils[_council(entry).casefold()] > 1)
            for entry in entries
        ),
        key=lambda row: (row["council"].lower(), row["page"] or "", row["stem"]),
    )
    style, script = _asset("overview.css"), _asset("overview.js")
    return (
        environment()
        .get_template("overview.html")
        .render(
            rows=rows,
            style=style,
            script=script,
            csp=csp(style, script),
            themes=THEMES,
            any_format=any(row["format"] for row in rows),
            review=statuses is not None,
        )
    )


def build_site(entries: Iterable[Entry], statuses: Mapping[str, Any] | None = None) -> dict[str, str]:
    """File name -> HTML for the whole site: a page per entry with a text, and the overview
    (with its review columns given ``statuses``: ``review_statuses``)."""
    entries = sorted(entries, key=lambda e: e.stem)
    site = {page_name(e.stem): render_report(e.report, e.text, e.stem) for e in entries if e.text is not None}
    site[INDEX] = render_overview(entries, statuses)
    return site


def review_statuses(entries: Iterable[Entry], corrections: Path) -> dict[str, Any]:
    """stem -> the review's state of each report with its text (``ReviewStatus``), from the
    corrections files in ``corrections``; None for a report this pipeline cannot read."""
    from pydantic import ValidationError

    from pipeline.models import Report
    from pipeline.quality.corrections import folder_status

    statuses: dict[str, Any] = {}
    for entry in entries:
        if entry.text is None:
            continue
        try:
            model = Report.model_validate(entry.report)
        except ValidationError:
            statuses[entry.stem] = None
            continue
        statuses[entry.stem] = folder_status(corrections, entry.stem, model, entry.text)
    return statuses


def page_name(stem: str) -> str:
    """``<stem>.html``; a report whose stem is "index" gets ``index-report.html`` (the overview
    keeps ``index.html``)."""
    return f"{stem}-report.html" if stem.casefold() == "index" else f"{stem}.html"


# ---------------------------------------------------------------------------------------------
# Reading outputs and texts (the only I/O besides write_site)


def read_outputs(output_dir: Path, texts: Path | None = None) -> tuple[list[Entry], list[str]]:
    """Every report output in ``output_dir`` with its text; problems as messages naming files.

    An output whose text is missing still gets its overview row (without a page); an unreadable
    output is left out. One bad file never stops the others.
    """
    if not output_dir.is_dir():
        raise ViewError(f"{output_dir}: not a folder of extraction outputs")
    entries: list[Entry] = []
    problems: list[str] = []
    for path in report_outputs(output_dir):
        try:
            report = json.loads(path.read_bytes())
        except (OSError, ValueError) as error:
            problems.append(f"{path}: not a readable output JSON file ({error})")
            continue
        if (
            not isinstance(report, dict)
            or not isinstance(report.get("sha256"), str)
            or "overall" not in report
        ):
            problems.append(f"{path}: not a report output (no sha256 or overall)")
            continue
        try:
            entries.append(Entry(path.stem, report, find_text(report, path, texts)))
        except TextNotFound as error:
            problems.append(str(error))
            entries.append(Entry(path.stem, report, None, str(error)))
    return entries, problems


def write_site(site: Mapping[str, str], out_dir: Path) -> None:
    for name, html in site.items():
        write_atomic(out_dir / name, html.encode("utf-8"))


def run_view(
    output_dir: Path, out_dir: Path, texts: Path | None = None, corrections: Path | None = None
) -> int:
    """CLI: write the site; every problem on stderr; exit 1 when any report has no page.
    ``corrections``: the reviewers' folder, whose state the overview then shows."""
    for folder, what in ((texts, "--texts"), (corrections, "--corrections")):
        if folder is not None and not folder.is_dir():
            print(f"view: {what} {folder}: not a folder", file=sys.stderr)
            return 1
    try:
        entries, problems = read_outputs(output_dir, texts)
    except ViewError as error:
        print(f"view: {error}", file=sys.stderr)
        return 1
    if not entries:
        print(f"view: {output_dir}: no report outputs (*.json) found", file=sys.stderr)
        return 1
    statuses = review_statuses(entries, corrections) if corrections is not None else None
    site = build_site(entries, statuses)
    write_site(site, out_dir)
    for problem in problems:
        print(f"view: {problem}", file=sys.stderr)
    pages = len(site) - 1
    print(f"{pages} report page(s) and the overview written to {out_dir / INDEX}")
    return 1 if problems else 0
