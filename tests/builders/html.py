"""Clean report text -> a report page as a browser saves it, with the site's chrome around it.

The chrome is what a saved CQC page carries and what must never reach the report text: a
"saved from" comment, scripts and styles, a cookie banner, a skip link, the site header with
its navigation and search, breadcrumbs, a "Downloads" box, a feedback form, and a footer with
a phone number, an address with a postcode and a copyright year. Every piece of it holds
numbers, so a leak shows up as a claim.
"""

from __future__ import annotations

from html import escape

from builders.blocks import BOLD, blocks

HEAD = """<!DOCTYPE html>
<!-- saved from url=(0071)https://www.cqc.org.uk/care-services/local-authority-assessment/2025 -->
<html lang="en"><head><meta http-equiv="Content-Type" content="text/html; charset=UTF-8">
<title>{title} - Care Quality Commission</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<style>body {{ font: 12px/1.3 Arial, sans-serif; margin: 0 }} h1 {{ font-size: 20px }} .cookie-banner {{ background: #eee }}</style>
<script>window.dataLayer = [{{"page": 42, "sample": 0.25, "year": 2025}}];</script>
</head>
<body class="page-report">
<a class="skip-link" href="#main">Skip to main content</a>
<div class="cookie-banner" id="cookie-consent">
  <p>We use 3 essential cookies and 12 optional cookies to improve 98% of visits.</p>
  <button>Accept all cookies</button> <button>Reject optional cookies</button>
</div>
<header class="site-header" role="banner">
  <a href="/"><img src="logo.svg" alt="Care Quality Commission"></a>
  <nav aria-label="Main"><ul>
    <li><a href="/find">Find and compare services</a></li>
    <li><a href="/guidance">Guidance for 24 provider types</a></li>
    <li><a href="/about">About us</a></li>
    <li><a href="/news">News: 2025 State of Care</a></li>
  </ul></nav>
  <form role="search"><input type="search" placeholder="Search 50,000 services"></form>
</header>
<nav class="breadcrumbs" aria-label="Breadcrumb"><ol>
  <li><a href="/">Home</a></li><li><a href="/las">Local authorities</a></li>
  <li>{title}</li></ol></nav>
<div class="layout">
<main id="main">
"""

DOWNLOADS = """<aside class="downloads"><h2>Downloads</h2><ul>
  <li><a href="report.pdf">Download this report (PDF, 1.3 MB, 41 pages)</a></li>
  <li><a href="easy.pdf">Easy read version (PDF, 2.4 MB)</a></li></ul></aside>
"""

FOOT = """<form class="feedback"><p>Was this page helpful? 87% said yes</p>
<button>Yes</button><button>No</button></form>
</main>
</div>
<footer class="site-footer" role="contentinfo">
  <p>Call us on 03000 616161 (8.30am to 5.30pm, Monday to Friday)</p>
  <p>Care Quality Commission, Citygate, Gallowgate, Newcastle upon Tyne, NE1 4PA</p>
  <ul><li><a href="/accessibility">Accessibility</a></li><li><a href="/privacy">Privacy</a></li></ul>
  <p>&copy; Care Quality Commission 2025. Last updated 12&nbsp;June&nbsp;2025</p>
</footer>
<script src="analytics.js?v=3.14"></script>
</body></html>
"""


def _inline(text: str) -> str:
    """Escaped text with the clean text's **bold** as <strong> and some spaces as &nbsp;."""
    out = escape(text, quote=False)
    out = BOLD.sub(r"<strong>\1</strong>", out)
    # a no-break space after a pound sign's number and in dates: "30&nbsp;May 2025"
    return out.replace(" per cent", "&nbsp;per cent")


BARE_HEAD = """<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>{title} - Care Quality Commission</title>
<style>body {{ font: 13px/1.35 Arial, sans-serif }} h1 {{ font-size: 22px }}</style>
</head>
<body>
<main>
"""
BARE_FOOT = """</main>
</body></html>
"""


def build_html(text: str, downloads: bool = True, chrome: bool = True) -> bytes:
    """A saved web page holding ``text`` (a clean report text or one of its pages); with
    ``chrome=False`` the page is the report's content alone (as a reader view prints it)."""
    items = [b for b in blocks(text) if not (b.kind in ("heading", "para") and b.text == "Downloads")]
    title = items[0].text if items else ""
    body: list[str] = [(HEAD if chrome else BARE_HEAD).format(title=escape(title))]
    body.append("<article>\n")
    rows: list[str] = []

    def close_rows():
        if rows:
            body.append('<table class="scores"><tbody>\n' + "".join(rows) + "</tbody></table>\n")
            rows.clear()

    for block in items:
        if block.kind != "score_row":
            close_rows()
        if block.kind == "title":
            body.append(f'<header class="report-header"><h1>{_inline(block.text)}</h1></header>\n')
            if downloads and chrome:
                body.append(DOWNLOADS)
        elif block.kind == "heading":
            level = "h2" if block.text.startswith(("Theme ", "Overall", "About", "Summary")) else "h3"
            body.append(f"<{level}>{_inline(block.text)}</{level}>\n")
        elif block.kind == "score_row":
            rows.append(f"<tr><td>{_inline(block.text)}</td><td>{escape(block.score)}</td></tr>\n")
        elif block.kind == "bullets":
            body.append(
                "<ul>\n" + "".join(f"  <li>{_inline(item)}</li>\n" for item in block.items) + "</ul>\n"
            )
        else:
            body.append(f"<p>\n  {_inline(block.text)}\n</p>\n")
    close_rows()
    body.append("</article>\n")
    body.append(FOOT if chrome else BARE_FOOT)
    return "".join(body).encode("utf-8")


def split_pages(text: str) -> dict[str, str]:
    """The clean text of a whole report -> its web pages' texts, as CQC splits them: the
    overview (up to the first theme), then one page per quality statement, each with the
    report's title and its theme's preamble, like the site's statement pages."""
    lines = text.splitlines()
    title = next(line for line in lines if line.strip())
    theme_at = [i for i, line in enumerate(lines) if line.startswith("Theme ")]
    pages = {"overview": "\n".join(lines[: theme_at[0]]).strip() + "\n"}
    number = 0
    for k, start in enumerate(theme_at):
        end = theme_at[k + 1] if k + 1 < len(theme_at) else len(lines)
        chunk = lines[start:end]
        review = next(i for i, line in enumerate(chunk) if line.startswith("We may not always"))
        preamble, rest = chunk[: review + 1], chunk[review + 1 :]
        starts = [
            i
            for i, line in enumerate(rest)
            if line.strip()
            and not line.startswith("Score")
            and i + 2 < len(rest)
            and rest[i + 2].startswith("Score: ")
        ]
        for j, s in enumerate(starts):
            e = starts[j + 1] if j + 1 < len(starts) else len(rest)
            number += 1
            page = [title, "", *preamble, "", *rest[s:e]]
            pages[f"statement-{number}"] = "\n".join(page).strip() + "\n"
    return pages
