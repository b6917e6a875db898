"""A report page saved from a browser (HTML) -> the report's text, through lxml.

The text reads like CQC's clean text: one block per line, blocks separated by a blank line,
list items as "- item" lines with no blank line between them. What is kept:

* the page's main content (``<main>``, else ``role="main"``, else ``<article>``, else
  ``<body>``), from the report's title on: the first ``<h1>`` (else ``<h2>``) whose text ends
  in "local authority assessment", else a 2023 pilot report's title ("Eastmoor City Council
  assessment") when the text after it has the assessment's frame (a quality statement's
  title, and a score line or "What people expect": ``framework.has_assessment_frame``). A
  page with neither is not a report page and is refused;
* within it, nothing that is site chrome: navigation, banners, asides (the "Downloads" box),
  footers, forms and buttons, cookie and consent banners, hidden elements, scripts, styles.

Block elements (paragraphs, headings, list items, table cells, ``<div>`` ...) and ``<br>``
end a line; inline elements (``<strong>``, ``<a>`` ...) run on. Entities are decoded by the
parser; no-break and other Unicode spaces become a space, runs of white space one space, soft
hyphens and zero-width spaces are removed. No regular expression ever reads the markup.
"""

from __future__ import annotations

import lxml.etree
import lxml.html
import regex

from pipeline.errors import ExtractionError
from pipeline.formats.converted import Converted
from pipeline.formats.reading import decode
from pipeline.reference import framework

# Subtrees that are never report text.
_SKIP_TAGS = frozenset(
    {
        "script",
        "style",
        "noscript",
        "template",
        "svg",
        "iframe",
        "object",
        "canvas",
        "head",
        "nav",
        "aside",
        "footer",
        "form",
        "button",
        "select",
        "textarea",
        "dialog",
        "menu",
    }
)
# ARIA landmarks and widgets of site chrome: role="navigation", role="banner", ...
_SKIP_ROLES = frozenset(
    {
        "navigation",
        "banner",
        "contentinfo",
        "complementary",
        "search",
        "dialog",
        "alertdialog",
        "menu",
        "menubar",
    }
)
# class or id words of chrome that is often a plain <div>: "govuk-cookie-banner",
# "cookie-consent", "breadcrumbs", "skip-link"
_CHROME_NAME = regex.compile(r"cookie|consent|breadcrumb|skip-?link|site-?header|site-?footer", regex.I)
_BLOCK_TAGS = frozenset(
    {
        "p",
        "div",
        "section",
        "article",
        "main",
        "header",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "ul",
        "ol",
        "li",
        "dl",
        "dt",
        "dd",
        "table",
        "thead",
        "tbody",
        "tfoot",
        "tr",
        "td",
        "th",
        "caption",
        "blockquote",
        "pre",
        "figure",
        "figcaption",
        "address",
        "hr",
        "details",
        "summary",
        "fieldset",
        "legend",
        "body",
        "html",
    }
)
# "Staffordshire County Council: local authority assessment"
_TITLE = regex.compile(r"local\s+authority\s+assessment\s*$", regex.I)
# Every Unicode space (no-break, thin, ...) and line break -> one space
_SPACES = regex.compile(r"[\s\p{Zs}]+")
# Soft hyphen, zero-width space and joiners, byte order mark: invisible, dropped
_INVISIBLE = regex.compile("[\u00ad\u200b\u200c\u200d\u2060\ufeff]")


def _clean(text: str) -> str:
    return _SPACES.sub(" ", _INVISIBLE.sub("", text)).strip()


def _is_chrome(element) -> bool:
    if element.tag in _SKIP_TAGS:
        return True
    get = element.get
    if get("hidden") is not None or get("aria-hidden") == "true":
        return True
    if (get("role") or "").lower() in _SKIP_ROLES:
        return True
    names = f"{get('class') or ''} {get('id') or ''}"
    return bool(names.strip()) and bool(_CHROME_NAME.search(names))


class _Walk:
    """Collects (kind, text) blocks from the title element on."""

    def __init__(self, title: lxml.html.HtmlElement | None) -> None:
        self.title = title
        self.started = False
        self.blocks: list[tuple[str, str]] = []
        self.buffer: list[str] = []
        self.kind = "p"

    def flush(self) -> None:
        if self.started:
            text = _clean("".join(self.buffer))
            if text:
                self.blocks.append((self.kind, text))
                self.kind = "p"  # a list item's later blocks (a second <p>) are paragraphs
        self.buffer = []

    def text(self, value: str | None) -> None:
        if value and self.started:
            self.buffer.append(value)

    def element(self, element) -> None:
        tag = element.tag
        if not isinstance(tag, str):  # comments and processing instructions
            self.text(element.tail)
            return
        tag = tag.lower()
        if element is self.title:
            self.flush()
            self.started = True
        elif _is_chrome(element) and not (tag == "header" and self._holds_title(element)):
            self.text(element.tail)
            return
        if tag == "br":
            self.flush()
            self.text(element.tail)
            return
        block = tag in _BLOCK_TAGS
        if block:
            self.flush()
            if tag == "li":
                self.kind = "li"
        self.text(element.text)
        for child in element:
            self.element(child)
        if block:
            self.flush()
            self.kind = "p"
        self.text(element.tail)

    def _holds_title(self, element) -> bool:
        return self.title is not None and any(e is self.title for e in element.iter())


def _find_title(root):
    for tag in ("h1", "h2"):
        for heading in root.iter(tag):
            if _TITLE.search(_clean(heading.text_content())):
                return heading
    return None


def _find_pilot_title(root, walk_from):
    """The first ``<h1>`` (else ``<h2>``) reading as a pilot report's title whose page, read
    from it (``walk_from(heading)``: its blocks), has the assessment's frame; else None."""
    for tag in ("h1", "h2"):
        for heading in root.iter(tag):
            if framework.pilot_title(_clean(heading.text_content())) and framework.has_assessment_frame(
                text for _, text in walk_from(heading)
            ):
                return heading
    return None


def convert(data: bytes, name: str | None = None) -> Converted:
    text, warnings = decode(data, name)
    try:
        root = lxml.html.document_fromstring(text)
    except (lxml.etree.ParserError, ValueError) as error:
        if not _clean(text.replace("<", " ")):
            raise ExtractionError("empty HTML page: no text", name=name) from error
        raise ExtractionError(f"not a readable HTML page ({error})", name=name) from error
    body = root.find("body")
    if body is None or not _clean(body.text_content()):
        raise ExtractionError("empty HTML page: no text in its body", name=name)
    main = next(
        (
            found[0]
            for found in (
                list(root.iter("main")),
                root.xpath("//*[@role='main']"),
                list(root.iter("article")),
            )
            if found
        ),
        None,
    )

    def blocks_from(title, scope):
        walk = _Walk(title)
        walk.element(scope if scope is not None and any(e is title for e in scope.iter()) else body)
        walk.flush()
        return walk.blocks

    title = _find_title(main if main is not None else root)
    if title is None and main is not None:
        title = _find_title(root)
        main = None if title is not None else main
    if title is None:
        for scope in (main, None) if main is not None else (None,):
            title = _find_pilot_title(
                scope if scope is not None else root, lambda heading, scope=scope: blocks_from(heading, scope)
            )
            if title is not None:
                main = scope
                break
    if title is None:
        raise ExtractionError(
            "not a CQC local authority assessment page: no heading ending "
            "'local authority assessment' (the report's title)",
            name=name,
        )
    parts: list[str] = []
    previous = None
    for kind, block in blocks_from(title, main):
        if previous is not None:
            parts.append("\n" if kind == "li" and previous == "li" else "\n\n")
        parts.append(f"- {block}" if kind == "li" else block)
        previous = kind
    return Converted("".join(parts) + "\n", "html", (), tuple(warnings))
