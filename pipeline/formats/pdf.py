"""A report PDF -> text that reads like CQC's clean text, and where each page starts in it.

Library: PDFium through pypdfium2 (Apache-2.0/BSD-3; PDFium ships inside the wheel). Measured
on the corpus report laid out as a 30-page PDF (tests/builders/pdf.py): pypdfium2 0.07 s,
pdfminer.six 1.9 s (27 times slower) for the same text; both read every word right. Only
PDFium keeps the PDF path within three times the text path (the issue's target).

PDFium gives text runs ("rects": one text object on one line) with their box, and for each
character its font size and font. From those, per page:

1. **Lines**: runs whose vertical centres fall within one row are one line, read left to
   right; a wide horizontal gap (over 1.5 times the font size), or a run starting at a
   column where other rows start a cell, starts a new *cell*, so a two-column table
   ("Assessing needs" | "Score: 3") reads as name, then score, each its own line.
2. **Running headers and footers** go: a line in the page's top or bottom margin block (up
   to three rows at the edge, cut off from the body by a gap wider than the body font, or
   set smaller than the body) that
   (a) repeats, digits aside, at about the same height on at least half the pages (at least
   two), or (b) is a page number ("Page 3 of 41", "3 / 41", "3"), or (c) is set smaller than
   the body text and lies above or below every body-size line of its page (a browser's
   print header and footer, also on a one-page PDF).
3. **Blocks**: consecutive lines are one paragraph unless the font changes (a heading is
   larger or bold), the gap between them is wider than the document's usual line gap, a
   bullet glyph starts the line, the previous line ended short with closing punctuation, or
   (across a page break) the previous line did not run to the right margin.
4. **Joining wrapped lines**: with a space; a word hyphenated at a line end is joined as the
   document itself writes it elsewhere ("assess-" + "ment" -> "assessment" when
   "assessment" occurs; "short-" + "term" stays "short-term" when that occurs); otherwise the
   hyphen is kept before a capital or digit ("COVID-" + "19"), after a compound's usual
   first half (``COMPOUND_FIRST_PARTS``: "long-", "self-", ...) or when the first part is a
   word of the document on its own, and dropped before a lowercase fragment that is not.

Output: blocks separated by a blank line, bullets as "- item" lines with no blank line
between items; ``page_starts[i]`` is the offset of page i+1's first character in the text.

A browser's print (Save as PDF) carries the browser's own header and footer on every page (the
date and time, the page's title, its address, "1/2"), small, in the margins: step 2 (c)
removes them by size and place also on a one-page PDF. Runs there are often one glyph each;
list markers are drawings, so an indented body line is a list item. When the whole web page
was printed, text before the report's title (the largest line reading "... local authority
assessment", else a pilot report's "<Council> assessment" followed by the assessment's frame) and site chrome after the report's last heading (a feedback form, "Call us
on", a copyright line) are not part of the report, nor are download links ("(PDF, 1.3 MB)").

Refused, naming the file: a PDF that does not open (corrupt), one without its end-of-file
marker (truncated), an encrypted one that an empty password does not open, one without a
text layer (a scan).
"""

from __future__ import annotations

import ctypes
import statistics
from collections import Counter
from dataclasses import dataclass

import regex

from pipeline.errors import ExtractionError
from pipeline.formats.converted import Converted
from pipeline.reference import framework

_EOF_MARKER = b"%%EOF"
# "•", "●", "▪", "◦", "‣", "⁃" then a space: a list item. Not "-" or "–": a wrapped line may
# start with a dash ("(2024" / "- 2029)").
_BULLET = regex.compile(r"^[\u2022\u25cf\u25aa\u25e6\u2023\u2043]\s*")
_BULLET_ONLY = regex.compile(r"^[\u2022\u25cf\u25aa\u25e6\u2023\u2043]$")
# "Page 3 of 41", "page 3", "3 of 41", "3/41", "3 / 41", "- 3 -", "3"
_PAGE_NUMBER = regex.compile(r"^[-–\s]*(?:page\s+)?\d{1,4}(?:\s*(?:of|/)\s*\d{1,4})?[-–\s]*$", regex.I)
# digits, for comparing running lines across pages ("Page 3 of 41" ~ "Page 4 of 41")
_DIGITS = regex.compile(r"\d+")
# a line that ends a sentence or a heading's colon: "... in England." "The figures were:"
_CLOSING = regex.compile(r"[.!?:;]['\"’”)]*$")
# a word, for the document's vocabulary ("short-term" is one word, so is "person's")
_WORD = regex.compile(r"\p{L}+(?:[-'’]\p{L}+)*")
# hyphen at a line end: "-", or what PDFium reports for one (U+FFFE, U+0002), or U+00AD
_LINE_END_HYPHEN = ("-", "\ufffe", "\x02", "\u00ad")
_HYPHEN_MARKS = ("\ufffe", "\x02", "\u00ad")


def _plain_hyphens(text: str) -> str:
    """``text`` with PDFium's hyphen marks as "-" (str.replace: str.translate with a table
    looks up every character, several times slower on the whole document)."""
    for mark in _HYPHEN_MARKS:
        if mark in text:
            text = text.replace(mark, "-")
    return text


# First halves of the hyphenated compounds of CQC reports ("short-term", "long-term",
# "well-being", "self-funders", "co-produced", "non-eligible", "cross-party", "multi-agency",
# "face-to-face", "follow-up", "in-house", "one-off", "high-quality", "part-time", "step-down",
# "front-line", "person-centred", "day-to-day", "out-of-area", "under-spend", "over-spend",
# "sub-regional", "age-related"): kept hyphenated at a line end when the report does not
# write the word elsewhere.
COMPOUND_FIRST_PARTS = frozenset(
    {
        "short",
        "long",
        "well",
        "self",
        "co",
        "non",
        "cross",
        "multi",
        "face",
        "follow",
        "in",
        "one",
        "high",
        "low",
        "part",
        "full",
        "step",
        "front",
        "person",
        "day",
        "out",
        "under",
        "over",
        "sub",
        "age",
    }
)
_EDGE_ROWS = 3  # a running header or footer block is at most three rows deep


@dataclass
class _Line:
    page: int
    top: float
    bottom: float
    left: float
    right: float
    size: float
    bold: bool
    text: str
    cell: bool = False  # one cell of a line that has several


def _error_for(error, name) -> ExtractionError:
    code = getattr(error, "err_code", None)
    if code == 4:  # FPDF_ERR_PASSWORD
        return ExtractionError("encrypted PDF: it does not open without a password", name=name)
    if code == 5:  # FPDF_ERR_SECURITY
        return ExtractionError("encrypted PDF with an unsupported security handler", name=name)
    return ExtractionError(f"corrupt PDF: PDFium cannot open it ({error})", name=name)


def _font(textpage, index: int, fonts: dict) -> tuple[float, bool]:
    """(size, bold) of the character at ``index``; each font's name and weight read once."""
    import pypdfium2.raw as raw

    size = raw.FPDFText_GetFontSize(textpage, index)
    text_object = raw.FPDFText_GetTextObject(textpage, index)
    font = raw.FPDFTextObj_GetFont(text_object) if text_object else None
    key = ctypes.addressof(font.contents) if font else None  # the font's address (cast: 20x slower)
    bold = fonts.get(key)
    if bold is None:
        weight = raw.FPDFText_GetFontWeight(textpage, index)
        buffer = ctypes.create_string_buffer(128)
        raw.FPDFText_GetFontInfo(textpage, index, buffer, len(buffer), None)
        name = buffer.value.decode("latin-1", "replace").lower()
        # weight is -1 or 0 for the standard 14 fonts: their names say it ("Helvetica-Bold")
        bold = weight >= 600 or "bold" in name or "black" in name or "heavy" in name
        if key is not None:
            fonts[key] = bold
    return round(size, 1), bold


def _page_runs(page, number: int, fonts: dict) -> list[_Line]:
    """The page's text runs, in PDFium's reading order, as one-run _Lines."""
    import pypdfium2.raw as raw

    textpage = page.get_textpage()
    try:
        text = textpage.get_text_range()
        raw_page = textpage.raw
        # Each run's first character: PDFium numbers characters in text order, lines end in a
        # generated "\r\n", and most lines are one run, so a run that starts where the next
        # line starts (same place on the page) is that line; only the others (a table's second
        # cell, a bold word mid-line) are looked up by position, which costs a page scan.
        line_starts = [0]
        at = text.find("\r\n")
        while at >= 0:
            line_starts.append(at + 2)
            at = text.find("\r\n", at + 2)
        box = [ctypes.c_double() for _ in range(4)]
        next_line = 0
        runs: list[tuple[int, tuple[float, float, float, float]]] = []
        for i in range(textpage.count_rects()):
            left, bottom, right, top = textpage.get_rect(i)
            index = -1
            if next_line < len(line_starts) and line_starts[next_line] < len(text):
                start = line_starts[next_line]
                if raw.FPDFText_GetCharBox(raw_page, start, *box):
                    c_left, c_right, c_bottom, c_top = (v.value for v in box)
                    if abs(c_left - left) < 1.5 and c_bottom < top and c_top > bottom:
                        index = start
            if index < 0:
                # a thin glyph ("'") needs the tolerance
                index = raw.FPDFText_GetCharIndexAtPos(
                    raw_page, left + 0.3, (bottom + top) / 2, 1.0, (top - bottom) / 2 + 0.5
                )
            if index >= 0:
                while next_line < len(line_starts) and line_starts[next_line] <= index:
                    next_line += 1
            runs.append((index, (left, bottom, right, top)))
        out: list[_Line] = []
        ordered = sorted((r for r in runs if r[0] >= 0), key=lambda r: r[0])
        for k, (index, (left, bottom, right, top)) in enumerate(ordered):
            end = ordered[k + 1][0] if k + 1 < len(ordered) else len(text)
            piece = text[index:end]
            cut = piece.find("\r\n")
            if cut >= 0:
                piece = piece[:cut]
            piece = piece.replace("\x00", "")
            if not piece.strip():
                continue
            size, bold = _font(raw_page, index, fonts)
            out.append(_Line(number, top, bottom, left, right, size, bold, piece))
        # A run PDFium cannot place by character has its characters inside a neighbour's
        # slice already (the slices cover the text from the first placed run on), unless
        # they come before every placed run: only that prefix is read, at the run's place.
        unplaced = [box for index, box in runs if index < 0]
        first = ordered[0][0] if ordered else len(text)
        prefix = text[:first].split("\r\n")[0].replace("\x00", "")
        if unplaced and prefix.strip():
            left, bottom, right, top = unplaced[0]
            out.append(_Line(number, top, bottom, left, right, 0.0, False, prefix))
        return out
    finally:
        textpage.close()


def _rows(runs: list[_Line]) -> list[list[_Line]]:
    """Runs grouped into rows, top to bottom. A run joins the row when its vertical centre
    lies within the row's extent (a comma's box is low and short; a bold heading in a
    browser's print is one run per glyph); then a row whose extent's centre lies within the
    row before it (an apostrophe's box, high and short, sorted first) joins that row."""
    rows: list[list[_Line]] = []
    extents: list[tuple[float, float]] = []
    for run in sorted(runs, key=lambda r: (-(r.top + r.bottom) / 2, r.left)):
        centre = (run.top + run.bottom) / 2
        if rows and extents[-1][0] <= centre <= extents[-1][1]:
            rows[-1].append(run)
            extents[-1] = (min(extents[-1][0], run.bottom), max(extents[-1][1], run.top))
            continue
        if rows:
            low, high = extents[-1]
            if high - low < run.top - run.bottom and run.bottom <= (low + high) / 2 <= run.top:
                rows[-1].append(run)  # the row so far was a short glyph above this run
                extents[-1] = (min(low, run.bottom), max(high, run.top))
                continue
        rows.append([run])
        extents.append((run.bottom, run.top))
    merged: list[list[_Line]] = []
    merged_extents: list[tuple[float, float]] = []
    for row, (low, high) in zip(rows, extents):
        if merged:
            p_low, p_high = merged_extents[-1]
            short, tall = sorted(((low, high), (p_low, p_high)), key=lambda e: e[1] - e[0])
            if tall[0] <= (short[0] + short[1]) / 2 <= tall[1]:
                merged[-1].extend(row)
                merged_extents[-1] = (min(low, p_low), max(high, p_high))
                continue
        merged.append(row)
        merged_extents.append((low, high))
    for row in merged:
        row.sort(key=lambda r: r.left)
    return merged


def _split(row: list[_Line], columns: set[int]) -> list[list[_Line]]:
    """A row's runs -> cells: a gap over 1.5 times the font size, or a run starting at a
    column where other rows of the page start a cell (a table whose longest name leaves
    only a narrow gap before the score column)."""
    cells: list[list[_Line]] = [[row[0]]]
    for run in row[1:]:
        previous = cells[-1][-1]
        size = max(run.size, previous.size, 1.0)
        gap = run.left - previous.right
        # a cell that is a bullet alone: one run (each run holds text: _page_runs), the bullet
        if len(cells[-1]) == 1 and _BULLET_ONLY.match(previous.text.strip()):
            cells[-1].append(run)
        elif gap > 1.5 * size or (
            round(run.left) in columns and (gap > 0.15 * size or previous.text.endswith(" "))
        ):
            cells.append([run])
        else:
            cells[-1].append(run)
    return cells


def _lines(runs: list[_Line]) -> list[_Line]:
    """Runs -> lines, top to bottom: rows (``_rows``) split into cells (``_split``)."""
    rows = _rows(runs)
    starts: Counter = Counter()
    for row in rows:
        for cell in _split(row, set())[1:]:
            starts.update({round(cell[0].left) + d for d in (-1, 0, 1)})
    columns = {x for x, n in starts.items() if n >= 2}
    lines: list[_Line] = []
    for row in rows:
        cells = _split(row, columns)
        for cell in cells:
            text = _text_of(cell)
            main = max(cell, key=lambda r: len(r.text.strip()))
            lines.append(
                _Line(
                    cell[0].page,
                    max(r.top for r in cell),
                    min(r.bottom for r in cell),
                    cell[0].left,
                    cell[-1].right,
                    main.size or cell[0].size,
                    main.bold,
                    text.strip(),
                    cell=len(cells) > 1,
                )
            )
    return lines


def _text_of(runs: list[_Line]) -> str:
    out = runs[0].text
    for previous, run in zip(runs, runs[1:]):
        gap = run.left - previous.right
        # PDFium ends a run with a space at a word's end; a gap with none is a space only when
        # wider than a third of the font size (kerned glyphs sit apart by much less)
        if gap > 0.3 * max(run.size, 1.0) and not out.endswith(" ") and not run.text.startswith(" "):
            out += " "
        out += run.text
    return " ".join(out.split())


def _running_key(line: _Line) -> tuple[str, int]:
    return (_DIGITS.sub("#", line.text.lower()), round(line.top / 6))


def _edges(page: list[_Line], body_size: float) -> set[int]:
    """Indices of the lines in the page's top and bottom margin blocks: up to three rows at
    the page's edge, cut off from the rest by a gap wider than the body text's size. A block
    without such a gap is body text, never a header or footer."""
    rows: list[list[int]] = []
    for index, line in enumerate(page):
        if rows and min(page[rows[-1][0]].top, line.top) > max(page[rows[-1][0]].bottom, line.bottom):
            rows[-1].append(index)
        else:
            rows.append([index])
    found: set[int] = set()
    for ordered in (rows, rows[::-1]):  # rows in a smaller font at the edge: a browser's print
        for row in ordered[:_EDGE_ROWS]:
            if all(page[i].size < body_size - 0.5 for i in row):
                found.update(row)
            else:
                break
    for ordered in (rows, rows[::-1]):
        for depth in range(min(_EDGE_ROWS, len(ordered) - 1)):
            here, there = page[ordered[depth][0]], page[ordered[depth + 1][0]]
            gap = here.bottom - there.top if ordered is rows else there.bottom - here.top
            if gap > body_size:
                found.update(i for row in ordered[: depth + 1] for i in row)
                break
    return found


def _drop_running(pages: list[list[_Line]], body_size: float) -> list[list[_Line]]:
    """Remove running headers and footers and page numbers (module docstring, step 2)."""
    edges = [_edges(page, body_size) for page in pages]
    seen: Counter = Counter()
    for page, edge in zip(pages, edges):
        seen.update({_running_key(page[i]) for i in edge})
    need = max(2, (len(pages) + 1) // 2)
    kept: list[list[_Line]] = []
    for page, edge in zip(pages, edges):
        body = [ln for ln in page if ln.size >= body_size - 0.5]
        top = max((ln.top for ln in body), default=None)
        bottom = min((ln.bottom for ln in body), default=None)
        out = []
        for i, line in enumerate(page):
            if i in edge:
                if len(pages) > 1 and seen[_running_key(line)] >= need:
                    continue
                if _PAGE_NUMBER.match(line.text):
                    continue
                if (
                    line.size < body_size - 0.5
                    and top is not None
                    and bottom is not None
                    and (line.bottom >= top or line.top <= bottom)
                ):
                    continue
            out.append(line)
        kept.append(out)
    return kept


class _Vocabulary:
    """Is a word written in the document, outside the halves of words broken at a line end?

    Answered by searching the lowered text of all lines (built on first use: most PDFs need
    it for a few dozen words, and a set of every word cost more than the searches).
    """

    def __init__(self, lines: list[_Line]):
        self.lines = lines
        self.text: str | None = None

    def __contains__(self, word: str) -> bool:
        if self.text is None:
            self.text = _plain_hyphens("\n".join(line.text for line in self.lines).lower())
        text, at = self.text, self.text.find(word)
        while at >= 0:
            end = at + len(word)
            before = text[at - 1] if at else " "
            after = text[end] if end < len(text) else " "
            broken_tail = before == "\n" and at >= 2 and text[at - 2] == "-"
            broken_head = after == "-" and text[end + 1 : end + 2] == "\n"
            if not (
                before.isalpha()
                or after.isalpha()
                or broken_tail
                or broken_head
                or (before == "-" and "-" not in word)
                or (after == "-" and text[end + 1 : end + 2].isalpha())
            ):
                return True
            at = text.find(word, at + 1)
        return False


def _hyphen_join(before: str, after: str, vocabulary) -> str:
    """Join a line ending in a hyphen with the next (module docstring, step 4)."""
    head = before[:-1]
    tail = head[-80:]
    first = _WORD.search(after)
    tail_word = first.group() if first and first.start() == 0 else ""
    last = list(_WORD.finditer(tail))
    head_word = last[-1].group() if last and last[-1].end() == len(tail) else ""
    if not head_word or not tail_word:
        # "21-" + "day timescale" -> "21-day"; "2023 -" + "2024" stays apart (a dash)
        return f"{before} {after}" if not head or head[-1].isspace() else f"{head}-{after}"
    joined = (head_word.split("-")[-1] + tail_word).lower()
    hyphened = f"{head_word}-{tail_word}".lower()
    if joined in vocabulary and hyphened not in vocabulary:
        return head + after
    if hyphened in vocabulary or tail_word[0].isupper() or not tail_word[0].isalpha():
        return f"{head}-{after}"
    if head_word.split("-")[-1].lower() in COMPOUND_FIRST_PARTS:
        return f"{head}-{after}"
    if head_word.split("-")[-1].lower() in vocabulary:
        return f"{head}-{after}"
    return head + after


def convert(data: bytes, name: str | None = None) -> Converted:
    import pypdfium2 as pdfium

    if _EOF_MARKER not in data[-2048:]:
        raise ExtractionError(
            "truncated PDF: the end-of-file marker (%%EOF) is missing", name=name, place=f"byte {len(data):,}"
        )
    try:
        document = pdfium.PdfDocument(data)
    except pdfium.PdfiumError as error:
        raise _error_for(error, name) from error
    try:
        if len(document) == 0:
            raise ExtractionError("PDF without pages", name=name)
        try:
            pages = [_lines(_page_runs(document[i], i + 1, {})) for i in range(len(document))]
        except pdfium.PdfiumError as error:
            raise ExtractionError(f"corrupt PDF: {error}", name=name) from error
    finally:
        document.close()
    characters = sum(len(line.text.strip()) for page in pages for line in page)
    if characters == 0:
        raise ExtractionError(
            f"PDF without a text layer (a scan or images only) on all {len(pages)} page(s): "
            "run it through OCR first, or use the report's web page",
            name=name,
        )
    sizes: Counter = Counter()
    for page in pages:
        for line in page:
            sizes[line.size] += len(line.text)
    body_size = sizes.most_common(1)[0][0]
    pages = _drop_running(pages, body_size)
    return _assemble(pages, body_size, len(pages))


def _indented(line: _Line, text: str, body_left: float, body_size: float) -> bool:
    """A list item's line: it starts with a bullet glyph, or it is body text indented from
    the body's left edge (a browser prints a list's markers as drawings, not text)."""
    if _BULLET.match(text):
        return True
    return line.size == body_size and not line.cell and line.left > body_left + 1.2 * body_size


@dataclass
class _Block:
    pieces: list[tuple[str, int]]  # (line text, page)
    item: bool  # a list item
    size: float

    def plain(self) -> str:
        return " ".join(piece for piece, _ in self.pieces)


# The report's title line: "Staffordshire County Council: local authority assessment" (not a
# breadcrumb's "3. Staffordshire ...", which a printed page also shows, smaller).
_REPORT_TITLE = regex.compile(r"^\p{Lu}.*?\s*[:\-–—]\s*local\s+authority\s+assessment$", regex.I)
# Where a printed web page's site chrome starts after the report, one named pattern each:
_TRAILING_CHROME = (
    # "Was this page helpful? 87% said yes" (the page's feedback form)
    ("feedback", regex.compile(r"^(?:was|is)\s+this\s+page\s+(?:helpful|useful)\b", regex.I)),
    # "Call us on 03000 616161 (8.30am to 5.30pm, Monday to Friday)" (the site footer)
    ("call-us", regex.compile(r"^call\s+us\s+on\b", regex.I)),
    # "© Care Quality Commission 2025. Last updated 12 June 2025"
    ("copyright", regex.compile(r"^(?:©|\(c\)\s|copyright\b)", regex.I)),
)
# A line of the report's structure: after one, the chrome has not started yet.
_REPORT_HEADING = regex.compile(
    r"^(?:theme\s+[1-4]\b|key\s+findings\b|(?:indicative\s+)?score\s*:?\s*[1-4]\b|"
    r"what\s+people\s+expect\b|quality\s+statement\s+scores\b|summary\s+of\b)",
    regex.I,
)


# A download link of a printed page's "Downloads" box: "Download this report (PDF, 1.3 MB,
# 41 pages)", "Easy read version (PDF, 2.4 MB)"
_DOWNLOAD_LINK = regex.compile(
    r"^download\b.*\((?:pdf|docx?|odt|xlsx?|csv)\b|\((?:pdf|docx?|odt|xlsx?|csv),\s*\d+(?:\.\d+)?\s*[kmg]b\b",
    regex.I,
)


# The heading of a printed page's downloads box: "Downloads"
_DOWNLOADS = regex.compile(r"^downloads$", regex.I)


def _report_blocks(blocks: list[_Block]) -> list[_Block]:
    """The blocks that are the report (``_report_bounds``), less the downloads box."""
    plains = [b.plain() for b in blocks]  # each joined once
    first, end = _report_bounds(blocks, plains)
    return [
        b
        for b, plain in zip(blocks[first:end], plains[first:end])
        if not (len(plain) < 120 and (_DOWNLOAD_LINK.search(plain) or _DOWNLOADS.match(plain)))
    ]


def _report_bounds(blocks: list[_Block], plains: list[str]) -> tuple[int, int]:
    """[first, end) of the blocks that are the report: from its title, the largest line that
    reads as one, to just before site chrome that follows the report's last heading (a
    printed web page's feedback form and footer). The whole list when there is no title."""
    titles = [i for i, b in enumerate(blocks) if not b.item and _REPORT_TITLE.match(plains[i])]
    if not titles:  # a 2023 pilot report's "Eastmoor City Council assessment", in its frame
        titles = [i for i, b in enumerate(blocks) if not b.item and framework.pilot_title(plains[i])]
        if titles and not framework.has_assessment_frame(plains[min(titles) :]):
            titles = []
    if not titles:
        return 0, len(blocks)
    first = max(titles, key=lambda i: (blocks[i].size, -i))
    end = len(blocks)
    last_heading = max(
        (i for i in range(first, len(blocks)) if _REPORT_HEADING.match(plains[i])), default=first
    )
    for i in range(last_heading + 1, len(blocks)):
        if any(pattern.match(plains[i]) for _, pattern in _TRAILING_CHROME):
            end = i
            break
    return first, end


def _assemble(pages: list[list[_Line]], body_size: float, count: int) -> Converted:
    lines = [line for page in pages for line in page]
    vocabulary = _Vocabulary(lines)
    gaps = [
        a.bottom - b.top
        for a, b in zip(lines, lines[1:])
        if a.page == b.page
        and a.size == b.size == body_size
        and not a.cell
        and not b.cell
        and 0 <= a.bottom - b.top < 3 * body_size
    ]
    usual_gap = statistics.median(gaps) if gaps else 0.3 * body_size
    body_lines = [ln for ln in lines if ln.size == body_size]
    body_right = max((ln.right for ln in body_lines), default=0.0)
    lefts = Counter(round(ln.left) for ln in body_lines)
    body_left = lefts.most_common(1)[0][0] if lefts else 0

    blocks: list[_Block] = []
    previous: _Line | None = None
    item_left = None
    for line in lines:
        text = line.text
        if not text.isascii():  # PDFium's hyphen marks are not ASCII; most lines are
            text = _plain_hyphens(text)
        bullet = _BULLET.match(text)
        # an indented line at body size: a list item whose marker is drawn, not text (a
        # browser's print); a new item unless the line before ran to the right margin
        indented = _indented(line, text, body_left, body_size)
        new = (
            previous is None
            or line.cell
            or previous.cell
            or bullet
            or abs(line.size - previous.size) > 0.5
            or line.bold != previous.bold
        )
        if not new and previous is not None and line.page == previous.page:
            gap = previous.bottom - line.top
            new = (
                gap > (usual_gap + 0.4 * body_size) * line.size / body_size
                or (_CLOSING.search(previous.text) and previous.right < 0.85 * body_right)
                or (indented and previous.right < 0.85 * body_right)
                or (indented and not _indented(previous, previous.text, body_left, body_size))
                or (blocks[-1].item and item_left is not None and line.left < item_left - 2)
            )
        elif (
            not new and previous is not None
        ):  # a page break: the paragraph goes on only if its last line was full
            new = previous.right < 0.9 * body_right
        if new:
            item_left = None
            if bullet:
                text = text[bullet.end() :]
            blocks.append(_Block([], indented, line.size))
        elif blocks[-1].item and item_left is None:
            item_left = line.left  # a continuation line shows the item's text indent
        blocks[-1].pieces.append((text, line.page))
        previous = line

    out: list[str] = []
    length = 0
    page_starts: dict[int, int] = {}
    previous_kind = None
    for block in _report_blocks(blocks):
        kind = "li" if block.item else "p"
        if previous_kind is not None:
            separator = "\n" if kind == previous_kind == "li" else "\n\n"
            out.append(separator)
            length += len(separator)
        base = length + (2 if kind == "li" else 0)  # after the "- " of a list item
        text = ""
        for piece, page in block.pieces:
            if not text:
                text = piece
            elif text.endswith(_LINE_END_HYPHEN):
                text = _hyphen_join(text, piece, vocabulary)
            else:
                text = f"{text} {piece}"
            page_starts.setdefault(page, base + len(text) - len(piece))  # text ends with piece
        if kind == "li":
            text = "- " + text
        out.append(text)
        length += len(text)
        previous_kind = kind
    total = length
    starts: list[int] = []
    for page in range(count, 0, -1):  # a page without text starts where the next one does
        starts.append(page_starts.get(page, starts[-1] if starts else total))
    return Converted("".join(out) + "\n", "pdf", tuple(reversed(starts)))
