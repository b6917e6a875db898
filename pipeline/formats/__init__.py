"""Input bytes -> the text every offset indexes, and where each page starts in it.

One module per format, each a plain function ``convert(data, name) -> Converted``:

* ``text``: a ``.txt`` file, decoded by ``pipeline.formats.reading`` (offsets index the file's text);
* ``pdf``: a PDF (CQC's download, or a browser's Save as PDF), through PDFium;
* ``html``: a report page as saved from a browser, through lxml.

The format is decided by the content (``detect``): ``%PDF-`` in the first KiB is a PDF, a
document whose first markup is an HTML tag is a web page, anything else is text. A file name
whose suffix says otherwise gets a ``format-mismatch`` warning, never a failure.

Everything after this stage (segmentation, claims, checks) sees only the converted text; for
a PDF or web page that text is written beside the output as ``<stem>.txt``, so every offset in
the output indexes a file the user has.
"""

from __future__ import annotations

import regex

# Converted lives in its own module so the format modules import it without importing this one
# (which imports them): the package has no import cycle (tests/test_imports.py).
from pipeline.formats.converted import Converted

FORMATS = ("text", "pdf", "html")
# What each suffix promises; a suffix not listed promises nothing.
SUFFIXES = {".txt": "text", ".pdf": "pdf", ".html": "html", ".htm": "html"}

# The PDF header may follow a little junk (the spec lets readers look in the first KiB).
_PDF_MAGIC = b"%PDF-"
# '<!DOCTYPE html>', '<html lang="en">', '<!-- saved from url=... -->' (browsers' "Save as"),
# '<head>', '<meta charset="utf-8">': the first markup of a saved page, after white space
# and a byte order mark.
_HTML_START = regex.compile(
    rb"^(?:\xef\xbb\xbf)?\s*(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html|head|body|meta|title)\b",
    regex.I | regex.S,
)


def detect(data: bytes) -> str:
    """``"pdf"``, ``"html"`` or ``"text"``, from the bytes alone."""
    if _PDF_MAGIC in data[:1024]:
        return "pdf"
    if _HTML_START.match(data[:4096]):
        return "html"
    return "text"


def convert(data: bytes, name: str | None = None, suffix: str | None = None) -> Converted:
    """Bytes -> ``Converted`` by the format their content shows; errors name ``name``."""
    found = detect(data)
    if found == "pdf":
        from pipeline.formats.pdf import convert as run
    elif found == "html":
        from pipeline.formats.html import convert as run
    else:
        from pipeline.formats.text import convert as run
    converted = run(data, name)
    promised = SUFFIXES.get((suffix or "").lower())
    if promised and promised != found:
        # imported here: the batch's parent lists inputs by SUFFIXES without the models
        from pipeline.models import Warning

        mismatch = Warning(
            code="format-mismatch",
            message=f"the file is named {suffix} but its content is {_LABEL[found]}; read as {_LABEL[found]}",
        )
        converted = Converted(
            converted.text, converted.format, converted.page_starts, (mismatch, *converted.warnings)
        )
    return converted


_LABEL = {"text": "plain text", "pdf": "a PDF", "html": "an HTML page"}


def paginate(report, converted: Converted):
    """``report`` with ``page`` on every claim, section, statement and subsection (a PDF's).

    The page is where the item starts. Reports of formats without pages come back as given.
    """
    if not converted.page_starts:
        return report
    page = converted.page_at

    def subsections(statement):
        return [s.model_copy(update={"page": page(s.start)}) for s in statement.subsections]

    themes = [
        theme.model_copy(
            update={
                "statements": [
                    st.model_copy(update={"page": page(st.start), "subsections": subsections(st)})
                    for st in theme.statements
                ]
            }
        )
        for theme in report.themes
    ]
    return report.model_copy(
        update={
            "claims": [c.model_copy(update={"page": page(c.start)}) for c in report.claims],
            "sections": [s.model_copy(update={"page": page(s.start)}) for s in report.sections],
            "themes": themes,
        }
    )
