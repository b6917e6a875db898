"""Segmentation: report text -> ``Document`` (sections, themes, statements, paragraphs).

Input: the report text exactly as read (any newline convention: "\\n", "\\r\\n" or "\\r").
Output: a frozen ``Document``; every span is half-open ``[start, end)`` into that text.

A *block* is one non-blank line with its surrounding white space trimmed. CQC reports
separate blocks by a blank line (the downloadable text) or by a single newline (text copied
from the web pages); working on lines makes both the same. Each block is classified once
(title, heading, score line, ...), then a small state machine walks the blocks and builds
the structure. Headings are recognised from the framework's reference data, never from this
or that council's wording; key-finding subheadings are recognised by their shape (a short
line without closing punctuation, followed by text).
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass, field
from datetime import datetime
from itertools import takewhile
from typing import Any

import regex

from pipeline.errors import ExtractionError
from pipeline.models import (
    Document,
    Overall,
    Paragraph,
    Report,
    ScoreListItem,
    Section,
    Span,
    Statement,
    Subsection,
    Theme,
    Warning,
)
from pipeline.reference import framework

# Runs of characters between line breaks; "\r\n", "\n" and a lone "\r" all end a line.
_LINE = regex.compile(r"[^\r\n]+")
# White space to trim around a block, including the no-break space and zero-width marks
# that text copied from web pages carries: Unicode White_Space (what the regex module's "\s"
# matches; str.isspace() also counts U+001C..U+001F, which are kept), then U+200B and U+FEFF.
# A string for str.strip: trimming with a regex cost half the segmentation time.
_EDGE_SPACE = (
    "\t\n\x0b\x0c\r \x85\xa0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008"
    "\u2009\u200a\u2028\u2029\u202f\u205f\u3000"
    "\u200b\ufeff"
)

_TITLE = framework.REPORT_TITLE
# "Assessment published: 30 May 2025", "Published 4 April 2024", "Published on 4 April 2024", and
# the web page's "Published: 17 May 2024 Page last updated: 21 May 2024" (the first date counts)
_PUBLISHED = regex.compile(
    r"""^(?:assessment\s+)?published\s*(?:on\s+)?:?\s*(?P<date>\d{1,2}\s+\p{L}+\s+\d{4})
        (?:\s+page\s+last\s+updated\s*:?\s*\d{1,2}\s+\p{L}+\s+\d{4})?$""",
    regex.I | regex.X,
)
# "Theme 1: How Staffordshire County Council works with people", "Theme 4 - Leadership"
_THEME = regex.compile(r"^theme\s+(?P<number>[1-4])\s*[:\-–—.]\s*(?P<title>.+)$", regex.I)
# "Score: 3", "Score 3", "Indicative score: 2", "Score: 3 - Evidence shows a good standard",
# and the pilot reports' "Indicative score:" alone, its "2 - Evidence shows some shortfalls"
# on the next line (a label line: the score is read from there)
_SCORE = regex.compile(
    r"""^(?P<indicative>indicative\s+)?score\s*
        (?::?\s*(?P<score>[1-4])(?!\s*%|\d)
         (?:\s*(?:/\s*4|out\s+of\s+4))?
         (?:\s*[-–—:]\s*(?P<label>.+))?
        |:)$""",
    regex.I | regex.X,
)
# "3 - Evidence shows a good standard", "3 – Evidence ...",
# "1 - Inadequate: Evidence shows significant shortfalls"
_LABEL = regex.compile(
    r"^(?P<score>[1-4])\s*[-–—:]\s*(?P<label>(?:\p{L}+\s*){0,3}:?\s*evidence\b.+)$", regex.I
)
# "What people expect", "What people expect:"
_EXPECT = regex.compile(r"^what\s+people\s+expect\s*:?$", regex.I)
# "The local authority commitment", "The local authority commitment: We ..."
_COMMITMENT = regex.compile(r"^(?:the\s+)?local\s+authority\s+commitment\s*:?\s*(?P<rest>.*)$", regex.I)
# "Key findings for this quality statement", "Key findings:"
_KEY_FINDINGS = regex.compile(r"^key\s+findings(?:\s+for\s+this\s+quality\s+statement)?\s*:?$", regex.I)
# "This theme includes these quality statements:", "We may not always review all quality
# statements during every assessment."
_THEME_PREAMBLE = regex.compile(r"^(?:this\s+theme\s+includes\b|we\s+may\s+not\s+always\s+review\b)", regex.I)
# "Downloads" (a page saved from the CQC website), "© Care Quality Commission" (page footer)
_PAGE_CHROME = regex.compile(r"^(?:downloads?|download\s+(?:the\s+)?report.*)$", regex.I)
_FOOTER = regex.compile(r"^©")
# "Good", "Indicative rating: Requires improvement", "Rating: Outstanding", "Overall rating for
# Anytown: Good", and the pilot reports' rating with its label: "Good: Evidence shows a good standard"
_RATING = regex.compile(
    r"""^(?:(?P<indicative>indicative\s+)?(?:overall\s+)?rating(?:\s+for\s+[^:]{1,100}:|\s*:?)\s*)?
        (?P<rating>[\p{L} ]+?)
        (?:\s*[:\-–—]\s*evidence\s+shows\b[^:]*)?\.?$""",
    regex.I | regex.X,
)
# The stated overall score, its number in group "percent":
_OVERALL_SCORE = regex.compile(
    r"""(?:\bscored\s+(?P<percent>\d{1,3})\s*(?:%|out\s+of\s+100|/\s*100)    # "Anytown Council scored 78 out of 100 overall"
        |^(?P<line>(?P<indicative>indicative\s+)?(?:overall\s+)?score)\s*:?\s*  # "Score: 56%", "Indicative score: 56%",
          (?P<percent>\d{1,3})\s*(?P<sign>%|out\s+of\s+100|/\s*100)?$            # "Score: 75" (range checked: not 1-4)
        |^overall\s+(?:rating|score)\s+for\s+[^:]{1,100}:\s*(?P<percent>\d{1,3})\s*%$  # "Overall rating for Anytown: 64%"
        )""",
    regex.I | regex.X,
)
# "- Assessing needs", "• Safeguarding", "* Partnerships and communities"
_BULLET = regex.compile(r"^[-•*·▪◦‣–]\s+")
# Markdown a converter may leave: "**Staffordshire County Council**", "## Safeguarding"
_MARKUP = regex.compile(r"^#{1,6}\s+|\*\*|__")
# A score written on the same row as its statement in the score list:
# "Assessing needs: 3", "• Safeguarding - Score: 2", "Safeguarding – 3"
_INLINE_SCORE = regex.compile(r"^(?P<title>.+?)\s*[:\-–—]\s*(?:score\s*:?\s*)?(?P<score>[1-4])$", regex.I)
# One "<statement> Score: N" pair of a score list that a PDF flowed into one line, the
# title before the score, the pilot reports' label after it:
# "Assessing needs Score: 3 Supporting people to lead healthier lives Score: 3 ...",
# "Safeguarding - Score: 2", "Assessing needsScore: 3" (a print with no space between),
# "Assessing needs Indicative score: 2 - Evidence shows some shortfalls Partnerships ..."
_SCORE_PAIR = regex.compile(
    r"""(?P<title>\S.{0,118}?)\s*(?:[-–—:]\s*)?(?P<indicative>indicative\s+)?score\s*:?\s*
        (?P<score>[1-4])(?![\d%.,])
        (?:\s*[-–—:]?\s*(?:(?:"""
    + "|".join(map(regex.escape, framework.SCORE_RATING_WORDS.values()))
    + r""")\s*:?\s*)?(?:"""
    + "|".join(map(regex.escape, framework.SCORE_LABELS.values()))
    + r"""))?""",
    regex.I | regex.X,
)
# A subheading ends without closing punctuation; a paragraph (or a lead-in to a list) does.
_CLOSING_PUNCT = regex.compile(r"[.:;!?,\"'”’)\]]$")
_STARTS_UPPER = regex.compile(r"^\p{Lu}")


@dataclass(frozen=True)
class Block:
    start: int
    end: int
    text: str  # the block as written
    plain: str  # markup and bullet removed, for classification
    bullet: bool


# Block kinds, in the order the classifier tries them.
(
    TITLE,
    PUBLISHED,
    CHROME,
    FOOTER,
    THEME,
    SECTION,
    STATEMENT,
    SCORE,
    LABEL,
    EXPECT,
    COMMITMENT,
    KEY_FINDINGS,
    PREAMBLE,
    TEXT,
) = (
    "title",
    "published",
    "chrome",
    "footer",
    "theme",
    "section",
    "statement",
    "score",
    "label",
    "expect",
    "commitment",
    "key_findings",
    "preamble",
    "text",
)


def blocks_of(text: str) -> list[Block]:
    found = []
    for line in _LINE.finditer(text):
        raw = line.group()
        lead = len(raw) - len(raw.lstrip(_EDGE_SPACE))
        trimmed = raw.strip(_EDGE_SPACE)
        if not trimmed:
            continue
        start = line.start() + lead
        end = start + len(trimmed)
        marker = _BULLET.match(trimmed)
        plain = trimmed[marker.end() :] if marker else trimmed
        if plain.startswith("#") or "**" in plain or "__" in plain:  # skip the scan without markup
            plain = _MARKUP.sub("", plain)
        found.append(Block(start, end, trimmed, plain.strip(), bool(marker)))
    return found


_SECTION_TITLES = frozenset(framework.normalise_title(h) for h in framework.SECTION_HEADINGS)
_SECTION_PREFIXES = tuple(framework.normalise_title(p) + " " for p in framework.SECTION_PREFIXES)


def _title(plain: str):
    """The title line's match (group "council"), or None."""
    return _TITLE.match(plain) or framework.pilot_title(plain)


def _is_section_heading(plain: str) -> bool:
    if len(plain) > framework.MAX_TITLE_LENGTH or _CLOSING_PUNCT.search(plain):
        return False
    folded = framework.normalise_title(plain)
    return folded in _SECTION_TITLES or folded.startswith(_SECTION_PREFIXES)


def _is_prefix_heading(plain: str) -> bool:
    return framework.normalise_title(plain) not in _SECTION_TITLES


# No title, heading, score or label line is longer than this; a longer block is a paragraph
# unless it is one of the two markers that carry text ("Key findings" etc. never do).
_LONGEST_MARKER_LINE = 160


def classify(block: Block) -> str:
    plain = block.plain
    if block.bullet:
        return TEXT  # bullets are list items; score-list bullets are read by lookahead
    if len(plain) > _LONGEST_MARKER_LINE:
        # Most blocks are paragraphs; of the markers only a commitment with its text on the
        # same line ("The local authority commitment: We ...") or a theme preamble runs long.
        if _COMMITMENT.match(plain) and ":" in plain[:40]:
            return COMMITMENT
        return PREAMBLE if _THEME_PREAMBLE.match(plain) else TEXT
    if _title(plain):
        return TITLE
    if _PUBLISHED.match(plain):
        return PUBLISHED
    if _PAGE_CHROME.match(plain):
        return CHROME
    if _FOOTER.match(plain):
        return FOOTER
    if _THEME.match(plain):
        return THEME
    if _SCORE.match(plain):
        return SCORE
    if _LABEL.match(plain):
        return LABEL
    if _EXPECT.match(plain):
        return EXPECT
    if _COMMITMENT.match(plain) and (len(plain) < 40 or ":" in plain[:40]):
        return COMMITMENT
    if _KEY_FINDINGS.match(plain):
        return KEY_FINDINGS
    if _THEME_PREAMBLE.match(plain):
        return PREAMBLE
    if framework.statement_for_title(plain):
        return STATEMENT
    if _is_section_heading(plain):
        return SECTION
    return TEXT


def _is_subheading(block: Block, following: Block | None) -> bool:
    """A key-findings subheading: short, capitalised, no closing punctuation, text follows."""
    plain = block.plain
    return (
        following is not None
        and not block.bullet
        and len(plain) <= 120
        and len(plain.split()) <= 16
        and bool(_STARTS_UPPER.match(plain))
        and not _CLOSING_PUNCT.search(plain)
    )


def _iso_date(written: str) -> str | None:
    try:
        return datetime.strptime(" ".join(written.split()), "%d %B %Y").date().isoformat()
    except ValueError:
        return None


@dataclass
class _Open:
    """A statement being built (mutable only inside ``segment``)."""

    definition: framework.StatementDef
    title: str
    start: int
    end: int
    score: int | None = None
    score_label: str | None = None
    indicative: bool = False
    expectations: list = field(default_factory=list)
    commitment: list = field(default_factory=list)
    phase: str = "head"  # head | expect | commitment | findings
    subsections: list = field(default_factory=list)


def _statement_is_body(kinds: list[str], index: int) -> bool:
    """A statement heading starts a body statement when its own markers follow it.

    In the overview's score list the title is followed only by "Score: N" and the next
    title; a body statement has a score label, "What people expect", the commitment or
    key findings before the next heading.
    """
    for kind in kinds[index + 1 :]:
        if kind in (LABEL, EXPECT, COMMITMENT, KEY_FINDINGS):
            return True
        if kind in (STATEMENT, THEME, SECTION, TITLE, FOOTER):
            return False
    return False


def _score_list_item(blocks: list[Block], kinds: list[str], index: int):
    """(definition, title, score, end) when the block is a score-list row, else None."""
    block = blocks[index]
    inline = _INLINE_SCORE.match(block.plain)
    if inline and framework.statement_for_title(inline.group("title")):
        definition = framework.statement_for_title(inline.group("title"))
        return definition, inline.group("title"), int(inline.group("score")), block.end
    definition = framework.statement_for_title(block.plain)
    if definition is None:
        return None
    for offset, kind in enumerate(kinds[index + 1 : index + 3], start=index + 1):
        if kind == SCORE:
            score = _SCORE.match(blocks[offset].plain)["score"]
            if score is None and offset + 1 < len(blocks) and kinds[offset + 1] == LABEL:
                # "Indicative score:" with "2 - Evidence shows some shortfalls" on the next line
                offset += 1
                score = _LABEL.match(blocks[offset].plain)["score"]
            if score is not None:
                return definition, block.plain, int(score), blocks[offset].end
        if kind != TEXT or blocks[offset].plain:
            break
    return definition, block.plain, None, block.end


def _score_pairs(block: Block) -> list[ScoreListItem]:
    """The score-list rows of a line made of nothing but "<statement> Score: N" pairs (one
    or several: a PDF flows the list into one line), each spanning its own pair; else []."""
    plain = block.plain
    if "core" not in plain and "CORE" not in plain:  # no "Score": skip the scan
        return []
    items: list[ScoreListItem] = []
    at = cursor = 0
    while at < len(plain):
        # anchored where the last pair ended (after white space): one linear try per pair
        while at < len(plain) and plain[at].isspace():
            at += 1
        pair = _SCORE_PAIR.match(plain, at) if at < len(plain) else None
        if pair is None:
            break
        at = pair.end()
        definition = framework.statement_for_title(pair["title"])
        if definition is None:
            return []
        start = block.text.find(pair.group(), cursor)
        if start < 0:
            return []  # markup inside the pair: not located exactly, left to the other rules
        cursor = start + len(pair.group())
        items.append(
            ScoreListItem(
                slug=definition.slug,
                title=pair["title"],
                score=int(pair["score"]),
                start=block.start + start,
                end=block.start + cursor,
            )
        )
    if plain[at:].strip():
        return []
    return items


def segment(text: str) -> Document:
    blocks = blocks_of(text)
    if not blocks:
        raise ExtractionError("empty text: nothing to extract", place="line 1")
    kinds = [classify(b) for b in blocks]
    # A bullet naming a statement is a score-list row when a score goes with it.
    warnings: list[Warning] = []

    local_authority = published = None
    la_span = published_span = None
    sections: list[dict] = []
    themes: list[dict] = []
    score_list: list[ScoreListItem] = []
    overall: dict[str, Any] = {
        "rating": None,
        "rating_span": None,
        "score_percent": None,
        "score_span": None,
        "indicative": False,
    }
    seen_theme = False
    current_section: dict | None = None
    current_theme: dict | None = None
    statement: _Open | None = None
    consumed: set[int] = set()

    def close_statement():
        nonlocal statement
        if statement is None:
            return
        finished = _finish_statement(statement)
        theme = current_theme
        if theme is None or theme["number"] != statement.definition.theme:
            if theme is not None:
                warnings.append(
                    Warning(
                        code="statement-outside-its-theme",
                        message=(
                            f"statement '{statement.title}' belongs to theme "
                            f"{statement.definition.theme} but appears under theme "
                            f"{theme['number']}"
                        ),
                        spans=[Span(start=statement.start, end=statement.end)],
                    )
                )
            theme = _implied_theme(themes, statement.definition.theme, finished)
        theme["statements"].append(finished)
        theme["end"] = max(theme["end"], finished.end)
        statement = None

    def close_section():
        nonlocal current_section
        if current_section is not None:
            sections.append(current_section)
        current_section = None

    for i, (block, kind) in enumerate(zip(blocks, kinds)):
        if i in consumed:
            continue
        following = blocks[i + 1] if i + 1 < len(blocks) else None
        if kind == TITLE and local_authority is None:
            match = _title(block.plain)
            local_authority = match["council"].strip()
            offset = block.text.find(local_authority)
            la_span = Span(start=block.start + offset, end=block.start + offset + len(local_authority))
            continue
        if kind == PUBLISHED:
            match = _PUBLISHED.match(block.plain)
            written = match["date"]
            offset = block.text.find(written)
            published = published or _iso_date(written)
            if published_span is None and published:
                published_span = Span(start=block.start + offset, end=block.start + offset + len(written))
            if current_section is not None:
                current_section["paragraphs"].append(Paragraph(start=block.start, end=block.end))
                current_section["end"] = block.end
            continue
        if kind in (CHROME, TITLE):
            continue
        if kind == FOOTER:
            close_statement()
            close_section()
            current_theme = None
            continue
        if kind == THEME:
            close_statement()
            close_section()
            seen_theme = True
            match = _THEME.match(block.plain)
            current_theme = {
                "number": int(match["number"]),
                "title": block.plain,
                "start": block.start,
                "end": block.end,
                "statements": [],
            }
            themes.append(current_theme)
            continue
        if kind == SECTION and seen_theme and _is_prefix_heading(block.plain):
            kind = TEXT  # "About our workforce" inside the findings is a subheading
        if kind == SECTION:
            close_statement()
            current_theme = None
            close_section()
            current_section = {"title": block.plain, "start": block.start, "end": block.end, "paragraphs": []}
            continue
        if (
            statement is None
            and kind in (TEXT, SCORE)
            and not (
                block.bullet and framework.statement_for_title(_INLINE_SCORE.sub(r"\g<title>", block.plain))
            )
        ):  # a bullet row: below
            pairs = _score_pairs(block)
            if pairs:
                score_list.extend(pairs)
                if current_section is not None:
                    current_section["end"] = block.end
                continue
        if kind == STATEMENT or (
            block.bullet and framework.statement_for_title(_INLINE_SCORE.sub(r"\g<title>", block.plain))
        ):
            if kind == STATEMENT and _statement_is_body(kinds, i):
                close_statement()
                close_section()
                definition = framework.statement_for_title(block.plain)
                assert definition is not None  # a STATEMENT line is a statement's title (_kind)
                statement = _Open(definition, block.plain, block.start, block.end)
                continue
            row = _score_list_item(blocks, kinds, i)
            if row is not None and (row[2] is not None or not seen_theme and kind == STATEMENT):
                definition, title, score, end = row
                score_list.append(
                    ScoreListItem(slug=definition.slug, title=title, score=score, start=block.start, end=end)
                )
                consumed.update(takewhile(lambda j: blocks[j].end <= end, range(i + 1, len(blocks))))  # noqa: B023 (used at once)
                if current_section is not None:
                    current_section["end"] = end
                continue
            # a statement named in a theme's preamble list: just text of that theme
        if statement is not None:
            _statement_block(statement, block, kind, following, kinds, i)
            continue
        if current_theme is not None:
            current_theme["end"] = block.end
            continue
        if kind in (SCORE, LABEL, EXPECT, COMMITMENT, KEY_FINDINGS, PREAMBLE) and current_section is None:
            continue
        overall_rating(
            block,
            overall,
            seen_theme,
            council=local_authority,
            indicative=current_section is not None
            and "indicative" in (current_section["title"] or "").lower(),
        )
        if current_section is None:
            current_section = {"title": None, "start": block.start, "end": block.end, "paragraphs": []}
        current_section["paragraphs"].append(Paragraph(start=block.start, end=block.end))
        current_section["end"] = block.end

    close_statement()
    close_section()

    all_statements = [s for t in themes for s in t["statements"]]
    if local_authority is None:
        local_authority, la_span = _council_from_headings(blocks, kinds)
    if not all_statements and not score_list and local_authority is None:
        raise ExtractionError(
            "not a CQC local authority assessment: found no report title "
            "('<Council>: local authority assessment'), theme or quality statement",
            place="line 1",
        )

    # The overview's score list names every assessed statement; the body may be one page of
    # it. Derive from the list when it has scores, else from the statements found.
    scores = [item.score for item in score_list if item.score is not None]
    if not scores:
        scores = [s.score for s in all_statements if s.score is not None]
    derived = framework.derived_percent(scores)
    derived_rating = framework.rating_for_percent(derived) if derived is not None else None
    overall_model = Overall(
        **overall,
        derived_score_percent=derived,
        derived_score_exact=framework.derived_share(scores),
        derived_rating=derived_rating,
    )
    warnings.extend(_overall_warnings(overall_model))

    return Document(
        text_length=len(text),
        local_authority=local_authority,
        local_authority_span=la_span,
        published=published,
        published_span=published_span,
        overall=overall_model,
        score_list=score_list,
        sections=[
            Section(**{**s, "title": s["title"] or "Preamble"})
            for s in sections
            if s["paragraphs"] or s["title"]
        ],
        themes=[Theme(**t) for t in themes],
        warnings=warnings,
    )


def overall_rating(
    block: Block, overall: dict, seen_theme: bool, council: str | None = None, indicative: bool = False
) -> None:
    """Record the stated overall rating and score, found only before the themes.

    ``council``: the title's council; a PDF prints the rating on its line ("Westcombe Borough
    Council Good"). ``indicative``: the block sits under the pilot reports' "Local authority
    indicative rating".
    """
    if seen_theme:
        return
    plain, after = block.plain, 0
    if council and overall["rating"] is None and plain[: len(council)].casefold() == council.casefold():
        plain = plain[len(council) :].lstrip(_EDGE_SPACE + "-–—:")
        after = block.text.casefold().find(council.casefold()) + len(council)
    rating = _RATING.match(plain) if plain else None
    if rating and overall["rating"] is None:
        canonical = framework.canonical_rating(rating["rating"])
        if canonical:
            offset = block.text.find(rating["rating"], after)
            overall["rating"] = canonical
            overall["rating_span"] = Span(
                start=block.start + offset, end=block.start + offset + len(rating["rating"])
            )
            overall["indicative"] = overall["indicative"] or bool(rating["indicative"]) or indicative
            return
    score = _OVERALL_SCORE.search(block.plain)
    if score and overall["score_percent"] is None:
        value = int(score["percent"])
        # "Score: 75" written bare is a percentage only beyond a statement's 1-4
        bare = score["line"] is not None and score["sign"] is None
        lowest = framework.LOWEST_OVERALL_PERCENT if bare else 0
        if lowest <= value <= 100:
            at = block.text.find(score.group())
            if at >= 0:
                inner = at + score.start("percent") - score.start()
            else:  # markup inside the line ("Score: **75**"): the number as written
                inner = regex.search(r"(?<!\d)" + score["percent"] + r"(?!\d)", block.text).start()
            overall["score_percent"] = value
            overall["score_span"] = Span(
                start=block.start + inner, end=block.start + inner + len(score["percent"])
            )
            overall["indicative"] = overall["indicative"] or bool(score["indicative"]) or indicative


def _statement_block(
    statement: _Open, block: Block, kind: str, following: Block | None, kinds: list[str], index: int
) -> None:
    statement.end = block.end
    if kind == SCORE and statement.phase == "head":
        match = _SCORE.match(block.plain)
        if match["score"] is not None:  # else "Indicative score:": the label line gives it
            statement.score = statement.score or int(match["score"])
        statement.indicative = statement.indicative or bool(match["indicative"])
        if match["label"] and not statement.score_label:
            statement.score_label = match["label"].strip()
        return
    if kind == LABEL and statement.phase == "head":
        match = _LABEL.match(block.plain)
        statement.score = statement.score or int(match["score"])
        statement.score_label = statement.score_label or match["label"].strip()
        return
    if kind == EXPECT and statement.phase == "head":
        statement.phase = "expect"
        statement.expectations = []
        return
    if kind == COMMITMENT and statement.phase in ("head", "expect"):
        statement.phase = "commitment"
        statement.commitment = []
        rest = _COMMITMENT.match(block.plain)["rest"].strip()
        if rest:
            offset = block.text.find(rest)
            statement.commitment.append((block.start + offset, block.start + offset + len(rest), rest))
        return
    if kind == KEY_FINDINGS and statement.phase != "findings":
        statement.phase = "findings"
        statement.subsections = []
        return
    if statement.phase == "expect":
        statement.expectations.append((block.start, block.end, block.text))
        return
    if statement.phase == "commitment":
        more_findings_heading = _findings_heading_ahead(kinds, index)
        if not statement.commitment or more_findings_heading:
            statement.commitment.append((block.start, block.end, block.text))
            return
        statement.phase = "findings"
        statement.subsections = []
    if statement.phase == "head":
        # Findings with no "Key findings" heading (a page without the usual frame).
        statement.phase = "findings"
        statement.subsections = []
    subsections = statement.subsections
    if kind != STATEMENT and _is_subheading(block, following):
        subsections.append({"heading": block.plain, "start": block.start, "end": block.end, "paragraphs": []})
        return
    if not subsections:
        subsections.append({"heading": None, "start": block.start, "end": block.end, "paragraphs": []})
    subsections[-1]["paragraphs"].append(Paragraph(start=block.start, end=block.end))
    subsections[-1]["end"] = block.end


# Blocks that end a statement: a "Key findings" heading after one of them is another's.
_STATEMENT_ENDS = frozenset({STATEMENT, THEME, TITLE, FOOTER})


def _findings_heading_ahead(kinds: list[str], index: int) -> bool:
    """Does this statement's "Key findings" heading come later (within 50 blocks)?

    Then a block after the commitment is more of the commitment; else the findings have
    begun (a page without the heading). The look stops at the next statement: in merged
    pages the next one's heading would otherwise pull this one's first finding into the
    commitment, outside the paragraphs, and lose its claims.
    """
    for kind in kinds[index : index + 50]:
        if kind == KEY_FINDINGS:
            return True
        if kind in _STATEMENT_ENDS:
            return False
    return False


def _finish_statement(statement: _Open) -> Statement:
    commitment = statement.commitment or []
    return Statement(
        slug=statement.definition.slug,
        title=statement.title,
        theme=statement.definition.theme,
        score=statement.score,
        score_label=statement.score_label,
        indicative=statement.indicative,
        what_people_expect=[text for _, _, text in statement.expectations or []],
        expectation_spans=[Span(start=s, end=e) for s, e, _ in statement.expectations or []],
        commitment=" ".join(text for _, _, text in commitment) or None,
        commitment_span=Span(start=commitment[0][0], end=commitment[-1][1]) if commitment else None,
        start=statement.start,
        end=statement.end,
        subsections=[Subsection(**s) for s in statement.subsections or []],
    )


def _implied_theme(themes: list[dict], number: int, statement: Statement) -> dict:
    """The theme a statement belongs to when the text has no theme heading for it.

    A single page saved from the CQC website holds one statement and no theme heading; the
    theme comes from the framework, its span is the statement's own.
    """
    for theme in reversed(themes):
        if theme["number"] == number and theme.get("implied"):
            return theme
    definition = next(t for t in framework.THEMES if t.number == number)
    theme = {
        "number": number,
        "title": definition.title,
        "start": statement.start,
        "end": statement.end,
        "statements": [],
        "implied": True,
    }
    themes.append(theme)
    return theme


def _council_from_headings(blocks: list[Block], kinds: list[str]):
    """The council's name from "About <Council>" when the page has no title line."""
    for block, kind in zip(blocks, kinds):
        prefix = framework.COUNCIL_HEADING_PREFIX
        if kind == SECTION and block.plain.lower().startswith(prefix.lower()):
            name = block.plain[len(prefix) :].strip()
            offset = block.text.find(name)
            return name, Span(start=block.start + offset, end=block.start + offset + len(name))
    return None, None


def _overall_warnings(overall: Overall) -> list[Warning]:
    found = []
    spans = [s for s in (overall.rating_span, overall.score_span) if s]
    if overall.rating and overall.derived_rating and overall.rating != overall.derived_rating:
        found.append(
            Warning(
                code="overall-rating-mismatch",
                message=(
                    f"stated rating '{overall.rating}' differs from '{overall.derived_rating}' "
                    f"derived from the statement scores ({overall.derived_score_percent}%)"
                ),
                spans=spans,
            )
        )
    if (
        overall.score_percent is not None
        and overall.derived_score_percent is not None
        and overall.score_percent != overall.derived_score_percent
    ):
        found.append(
            Warning(
                code="overall-score-mismatch",
                message=(
                    f"stated score {overall.score_percent}% differs from "
                    f"{overall.derived_score_percent}% derived from the statement scores "
                    f"(their share, {overall.derived_score_exact}%, rounded up as CQC does)"
                ),
                spans=spans,
            )
        )
    return found


def locate(document: Document | Report, offset: int) -> tuple[str | None, str | None]:
    """(statement slug, section title) for a character offset (in a segmented document, or in
    a report, which carries the same themes and sections).

    The section title is the key-findings subheading the offset sits under, the statement's
    title when it sits in the statement's head, or the top-level section's title.
    """
    for theme in document.themes:
        if not theme.start <= offset < max(theme.end, theme.start + 1):
            continue
        for statement in theme.statements:
            if statement.start <= offset < statement.end:
                for subsection in statement.subsections:
                    if subsection.start <= offset < subsection.end:
                        return statement.slug, subsection.heading or statement.title
                return statement.slug, statement.title
    starts = [s.start for s in document.sections]
    index = bisect.bisect_right(starts, offset) - 1
    if index >= 0 and offset < document.sections[index].end:
        return None, document.sections[index].title
    return None, None
