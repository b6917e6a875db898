"""Print a web page to PDF with Debian's chromium, headless, with the browser's own header
(date and time, the page's title) and footer (its address, "1/2") on every page."""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from pathlib import Path

FLAGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]


def chromium() -> str | None:
    """The chromium binary (``CQC_CHROMIUM``, else /usr/bin/chromium), None when absent."""
    for candidate in (os.environ.get("CQC_CHROMIUM"), "/usr/bin/chromium", shutil.which("chromium")):
        if candidate and os.access(candidate, os.X_OK):
            return candidate
    return None


def print_to_pdf(html: bytes, name: str = "page.html") -> bytes:
    """The PDF chromium prints of ``html`` (saved as ``name``: the footer shows its address)."""
    with tempfile.TemporaryDirectory(prefix="cqc-print-") as folder:
        page = Path(folder) / name
        page.write_bytes(html)
        target = Path(folder) / "out.pdf"
        subprocess.run(
            [chromium(), *FLAGS, f"--user-data-dir={Path(folder) / 'profile'}",
             f"--print-to-pdf={target}", page.as_uri()],
            check=True, capture_output=True, timeout=120,
        )
        return target.read_bytes()
