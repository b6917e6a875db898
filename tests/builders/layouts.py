"""Report pages in the layouts CQC's site uses for its overview, written once as blocks and
rendered as the page's text (as copied from the site) and as the saved web page.

The web page marks the rating and the score list up as lists whose items hold a heading and a
paragraph (``<li><h3>Assessing needs</h3><p>Score: 3</p></li>``). How a browser prints them
depends on the page's style, so each page names its ``layout``:

* ``flow``: the items run inline, as on a wide screen: printed, the score list is one line of
  "<statement> Score: N" pairs and the rating follows the council's name on its line;
* ``stacked``: the items' heading and paragraph stack under a list marker, as CQC's pages
  show them: printed, the markers are drawings, not text, and the PDF reader joins the items
  into one line of pairs as well; the rating follows the council's name.

Saved as a web page, both read as "- Assessing needs", a blank line, "Score: 3". The councils,
scores and sentences are invented.
"""

from __future__ import annotations

from dataclasses import dataclass
from html import escape

from builders.html import FOOT, HEAD

STYLE = {
    "flow": """body { font: 13px/1.4 Arial, sans-serif; margin: 24px }
h1 { font-size: 24px } h2 { font-size: 19px } h3.plain { font-size: 16px }
ul.scores, ul.rating { padding: 0; margin: 8px 0 }
ul.scores li, ul.rating li, ul.scores li *, ul.rating li * { display: inline; font-size: 13px;
  font-weight: normal; margin: 0 }
ul.scores li::marker, ul.rating li::marker { content: "" }""",
    "stacked": """body { font: 13px/1.4 Arial, sans-serif; margin: 24px }
h1 { font-size: 24px } h2 { font-size: 19px } h3.plain { font-size: 16px }
ul.scores li h3, ul.rating li h3, ul.scores li p, ul.rating li p { font-size: 13px;
  font-weight: normal; margin: 0 0 2px 0 }""",
}


@dataclass(frozen=True)
class Block:
    kind: str  # "title", "heading", "subheading", "para", "bullets", "rating", "scores"
    text: str = ""
    items: tuple = ()  # bullets: texts; scores: (statement, score lines); rating: (lines)


def title(text):
    return Block("title", text)


def heading(text):
    return Block("heading", text)


def subheading(text):
    return Block("subheading", text)


def para(text):
    return Block("para", text)


def bullets(*items):
    return Block("bullets", items=items)


def rating(council: str, *lines: str) -> Block:
    """The rating list: the council's name, then its rating (and, on pilots, nothing else)."""
    return Block("rating", council, lines)


def scores(*rows: tuple[str, tuple[str, ...]]) -> Block:
    """The score list: (statement, its lines: "Score: 3", or "Indicative score:" and a label)."""
    return Block("scores", items=rows)


def text_of(blocks: list[Block]) -> str:
    """The page's text as copied from the site: a blank line between blocks, list items as
    "  • name" with their lines indented below."""
    out: list[str] = []
    for block in blocks:
        if block.kind in ("title", "heading", "subheading", "para"):
            out.append(block.text)
        elif block.kind == "bullets":
            out.append("\n".join(f"  • {item}" for item in block.items))
        elif block.kind == "rating":
            out.append("\n".join([f"  • {block.text}", *(f"    {line}" for line in block.items)]))
        elif block.kind == "scores":
            out.append(
                "\n".join(
                    f"  • {name}\n" + "\n".join(f"    {line}" for line in lines)
                    for name, lines in block.items
                )
            )
    return "\n\n".join(out) + "\n"


def html_of(blocks: list[Block], layout: str, chrome: bool = False) -> bytes:
    """The page as a browser saves it, styled by ``layout`` (module docstring); with
    ``chrome``, inside the site's chrome of ``builders.html`` (cookie banner, navigation,
    feedback form, footer: all holding numbers)."""
    page_title = blocks[0].text
    if chrome:
        head = HEAD.format(title=escape(page_title)).replace("</style>", f"\n{STYLE[layout]}</style>", 1)
        body = [head]
    else:
        body = [
            f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>{escape(page_title)} - Care Quality Commission</title>
<style>{STYLE[layout]}</style></head>
<body><main id="main">
"""
        ]
    for block in blocks:
        if block.kind == "title":
            body.append(f"<h1>{escape(block.text)}</h1>\n")
        elif block.kind == "heading":
            body.append(f"<h2>{escape(block.text)}</h2>\n")
        elif block.kind == "subheading":
            body.append(f'<h3 class="plain">{escape(block.text)}</h3>\n')
        elif block.kind == "para":
            body.append(f"<p>{escape(block.text)}</p>\n")
        elif block.kind == "bullets":
            body.append(
                "<ul>\n" + "".join(f"  <li>{escape(item)}</li>\n" for item in block.items) + "</ul>\n"
            )
        elif block.kind == "rating":
            lines = "\n    ".join(f"<p>{escape(line)}</p>" for line in block.items)
            body.append(
                f'<ul class="rating">\n  <li>\n    <h3>{escape(block.text)}</h3>\n'
                f"    {lines}\n  </li>\n</ul>\n"
            )
        elif block.kind == "scores":
            body.append('<ul class="scores">\n')
            for name, lines in block.items:
                inner = "\n    ".join(f"<p>{escape(line)}</p>" for line in lines)
                body.append(f"  <li>\n    <h3>{escape(name)}</h3>\n    {inner}\n  </li>\n")
            body.append("</ul>\n")
    body.append(FOOT if chrome else "</main>\n</body></html>\n")
    return "".join(body).encode("utf-8")
