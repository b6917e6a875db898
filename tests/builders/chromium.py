"""Print a web page to PDF with Debian's chromium, headless (through Playwright, tests/chromium.py),
with the browser's own header (date and time, the page's title) and footer (its address, "1/2")
on every page, as a person's "Print, Save as PDF" with headers and footers on gives."""

from __future__ import annotations

import tempfile
from pathlib import Path

from chromium import Chromium, find_chromium  # tests/chromium.py (imports are absolute)

# Chromium's own print defaults, as ``chromium --print-to-pdf`` prints: US Letter, 0.4 inch
# margins, the browser's header and footer (empty templates: chromium's default ones).
PRINT = {
    "format": "Letter",
    "display_header_footer": True,
    "margin": dict.fromkeys(("top", "right", "bottom", "left"), "0.4in"),
}


def chromium() -> str | None:
    """The chromium binary (``CQC_CHROMIUM``, else /usr/bin/chromium), None when absent."""
    return find_chromium()


def print_to_pdf(html: bytes, name: str = "page.html") -> bytes:
    """The PDF chromium prints of ``html`` (saved as ``name``: the footer shows its address)."""
    with tempfile.TemporaryDirectory(prefix="cqc-print-") as folder, Chromium.launch() as browser:
        page = Path(folder) / name
        page.write_bytes(html)
        return browser.open(page).pdf(**PRINT)
