"""Debian's chromium, headless, driven by Playwright: for the page tests, the PDF builder
(tests/builders/chromium.py), docs/screenshots.py and benchmarks/bench_view.py.

Playwright starts the browser the machine has (``executable_path``: ``CQC_CHROMIUM``, else
/usr/bin/chromium), so nothing is downloaded (never run ``playwright install``) and it works
offline. A ``Page`` is Playwright's page (``evaluate``, ``click``, ``hover``, ``keyboard``,
``screenshot``, ``pdf`` ...) that also keeps what went wrong in it:

    with Chromium.launch() as browser:
        page = browser.open(Path("site/index.html"))
        page.evaluate("document.title")
        page.errors   # console errors, uncaught exceptions, failed loads and dialogs, as strings
"""

from __future__ import annotations

import io
import os
from pathlib import Path
from typing import Self

from PIL import Image
from playwright.sync_api import ConsoleMessage, Dialog, sync_playwright
from playwright.sync_api import Page as PlaywrightPage

ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def find_chromium() -> str | None:
    """``CQC_CHROMIUM``, else /usr/bin/chromium (Debian's); None when it is not there."""
    path = os.environ.get("CQC_CHROMIUM", "/usr/bin/chromium")
    return path if os.access(path, os.X_OK) else None


class Page:
    """A Playwright page that records its console errors (``console.error``, ``console.assert``
    and the browser's own error log, which reports a resource it could not load), uncaught
    exceptions, failed requests and dialogs (dismissed) in ``errors``, and every URL it asked
    for (the file itself included) in ``requests``."""

    def __init__(self, page: PlaywrightPage):
        self.page = page
        self.errors: list[str] = []
        self.requests: list[str] = []
        page.on("console", self._console)
        page.on("pageerror", lambda error: self.errors.append(f"exception: {error.name}: {error.message}"))
        page.on(
            "requestfailed",
            lambda request: self.errors.append(f"load failed: {request.url} {request.failure}"),
        )
        page.on("request", lambda request: self.requests.append(request.url))
        page.on("dialog", self._dialog)

    def _console(self, message: ConsoleMessage) -> None:
        if message.type in ("error", "assert"):
            where = message.location.get("url", "")
            self.errors.append(f"console.{message.type}: {message.text} {where}")

    def _dialog(self, dialog: Dialog) -> None:
        self.errors.append(f"dialog ({dialog.type}): {dialog.message}")
        dialog.dismiss()

    def __getattr__(self, name: str):  # the rest is Playwright's: evaluate, click, keyboard ...
        return getattr(self.page, name)

    def settle(self) -> None:
        """Let the page run what it queued (two animation frames: layout and paint done)."""
        self.page.evaluate("new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)))")


class Chromium:
    """One headless browser; ``open`` gives a ``Page`` per file, each in its own context."""

    def __init__(self, executable: str | None = None):
        executable = executable or find_chromium()
        if not executable:
            raise FileNotFoundError("no chromium found (apt-get install chromium, or set CQC_CHROMIUM)")
        self.playwright = sync_playwright().start()
        try:
            self.browser = self.playwright.chromium.launch(
                executable_path=executable, headless=True, args=ARGS
            )
        except BaseException:
            self.playwright.stop()
            raise

    @classmethod
    def launch(cls, executable: str | None = None) -> Chromium:
        return cls(executable)

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def open(self, path: Path, width: int = 1280, height: int = 900) -> Page:
        """A new page of ``width`` x ``height`` CSS pixels, ``path`` loaded (its load event
        fired); it stays open until ``close_pages`` or ``close``."""
        page = Page(self.browser.new_page(viewport={"width": width, "height": height}))
        page.goto(Path(path).resolve().as_uri())
        return page

    def close_pages(self) -> None:
        for context in self.browser.contexts:
            context.close()

    def close(self) -> None:
        try:
            self.browser.close()
        finally:
            self.playwright.stop()


def ink_fraction(png: bytes) -> tuple[float, int]:
    """(share of pixels that differ from the most common colour, number of distinct colours)."""
    image = Image.open(io.BytesIO(png)).convert("RGB")
    counts = image.getcolors(maxcolors=image.width * image.height)
    return 1 - max(count for count, _ in counts) / (image.width * image.height), len(counts)
