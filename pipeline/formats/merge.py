"""A report's web pages (or their PDFs or texts) -> one text, in the report's own order.

CQC publishes a report as an overview page, an "About" page and one page per theme or
quality statement. ``merge(pages)`` orders them by their content, never their file names:

1. the overview (it holds "Quality statement scores" or "Overall summary");
2. the "About <council>" page;
3. theme and statement pages in the framework's order (``pipeline.reference.framework.STATEMENTS``):
   a page is placed by the statement whose heading comes last before the page's first
   statement body ("Score: 3", "What people expect", ...), so a theme page's list of its
   statements does not count; a page naming only a theme goes before that theme's statements;
4. anything else, in name order, at the end.

Joined with a blank line between pages. Each page after the first loses its own title line
("<council>: local authority assessment", or a pilot report's "<council> assessment"; then a
"Downloads" line), and a statement page
loses its theme's preamble (heading, "This theme includes ...", the list of statements,
"We may not always review ...") when the page before it had the same theme: the joined
text then has each heading once, as the downloadable report does. ``parts`` give each page's
``[start, end)`` in the joined text.
"""

from __future__ import annotations

from dataclasses import dataclass

import regex

from pipeline.formats.converted import Converted
from pipeline.reference import framework

# "Staffordshire County Council: local authority assessment"
_TITLE = regex.compile(r"^.+?\s*[:\-–—]\s*local authority assessment$", regex.I)
# "Downloads", "Download report"
_DOWNLOADS = regex.compile(r"^downloads?\b.*$", regex.I)
# "Quality statement scores", "Overall summary": only the overview page has them
_OVERVIEW = regex.compile(r"^(?:quality\s+statement\s+scores|overall\s+summary)\s*:?$", regex.I)
# "About Staffordshire County Council"
_ABOUT = regex.compile(r"^about\s+\p{Lu}", regex.I)
# "Theme 1: How Staffordshire County Council works with people"
_THEME = regex.compile(r"^theme\s+(?P<number>[1-4])\s*[:\-–—.]", regex.I)
# "This theme includes these quality statements:", "We may not always review all quality
# statements during every assessment."
_PREAMBLE = regex.compile(r"^(?:this\s+theme\s+includes\b|we\s+may\s+not\s+always\s+review\b)", regex.I)
# what starts a statement's body: "Score: 3", "Indicative score: 2", "What people expect",
# "The local authority commitment", "Key findings for this quality statement"
_BODY = regex.compile(
    r"^(?:(?:indicative\s+)?score\b|what\s+people\s+expect|(?:the\s+)?local\s+authority\s+"
    r"commitment|key\s+findings)",
    regex.I,
)
_BULLET = regex.compile(r"^[-•*]\s+")

_ORDER = {s.slug: i for i, s in enumerate(framework.STATEMENTS)}


@dataclass(frozen=True)
class Page:
    name: str  # the file's name, as ``input.parts`` reports it
    converted: Converted
    sha256: str


@dataclass(frozen=True)
class Merged:
    text: str
    parts: tuple[tuple[Page, int, int], ...]  # (page, start, end) in ``text``


def _lines(text: str) -> list[tuple[int, int, str]]:
    """(start, end, stripped line) of every non-blank line."""
    out = []
    for match in regex.finditer(r"[^\r\n]+", text):
        line = match.group().strip()
        if line:
            out.append((match.start(), match.end(), line))
    return out


def _statement(line: str):
    return framework.statement_for_title(_BULLET.sub("", line))


def _theme_of(lines) -> int | None:
    for _, _, line in lines:
        match = _THEME.match(line)
        if match:
            return int(match.group("number"))
    return None


def order_key(text: str) -> tuple:
    """Where a page goes in the report (module docstring)."""
    lines = _lines(text)
    if any(_OVERVIEW.match(line) for _, _, line in lines):
        return (0,)
    last = None
    for _, _, line in lines:
        if _BODY.match(line) and last is not None:
            break
        found = None if _BULLET.match(line) else _statement(line)
        if found:
            last = found
    if last is not None:
        return (2, last.theme, _ORDER[last.slug] + 1)
    theme = _theme_of(lines)
    if theme is not None:
        return (2, theme, 0)
    if any(_ABOUT.match(line) for _, _, line in lines):
        return (1,)
    return (3,)


def _trimmed(text: str, first: bool, previous_theme: int | None) -> str:
    """The page's text as it goes into the joined text (module docstring)."""
    lines = _lines(text)
    cut_from = 0
    if not first:
        for index, (_, _, line) in enumerate(lines[:3]):
            if _TITLE.match(line) or framework.pilot_title(line):
                skip = index + 1
                if skip < len(lines) and _DOWNLOADS.match(lines[skip][2]):
                    skip += 1
                cut_from = lines[skip][0] if skip < len(lines) else len(text)
                break
    body = text[cut_from:]
    kept = _lines(body)
    theme = _theme_of(kept)
    if theme is not None and theme == previous_theme:
        start = next(i for i, (_, _, line) in enumerate(kept) if _THEME.match(line))
        stop = start + 1
        while stop < len(kept) and (_PREAMBLE.match(kept[stop][2]) or _statement(kept[stop][2])):
            stop += 1
        # the preamble ends with "We may not always review": a statement heading after it is
        # the page's own
        review = [i for i in range(start + 1, stop) if kept[i][2].lower().startswith("we may not")]
        if review:
            stop = review[-1] + 1
        end = kept[stop][0] if stop < len(kept) else len(body)
        body = body[: kept[start][0]] + body[end:]
    return body.strip("\r\n")


def merge(pages: list[Page]) -> Merged:
    ordered = sorted(pages, key=lambda p: (order_key(p.converted.text), p.name))
    out: list[str] = []
    parts: list[tuple[Page, int, int]] = []
    length = 0
    previous_theme = None
    for index, page in enumerate(ordered):
        text = _trimmed(page.converted.text, index == 0, previous_theme)
        if index:
            out.append("\n\n")
            length += 2
        parts.append((page, length, length + len(text)))
        out.append(text)
        length += len(text)
        previous_theme = _theme_of(_lines(page.converted.text)) or previous_theme
    return Merged("".join(out) + "\n", tuple(parts))
