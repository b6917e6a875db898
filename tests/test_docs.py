"""The documentation's commands and links stay true: every `python -m pipeline ...` line shown in
the README or a page of docs/ is one the command line accepts, every relative link leads to a file
(and heading) that exists, and every page is reachable from the README.

The commands whose results the docs state are run as written elsewhere (tests/test_readme.py,
tests/test_view.py); this file catches the commonest drift: an option renamed or removed while a
page still shows it.
"""

from __future__ import annotations

import re
import shlex
from pathlib import Path

import pytest

from pipeline.cli import build_parser

ROOT = Path(__file__).parent.parent
PAGES = [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]

# A command line inside a ```sh block: "python -m pipeline extract corpus --out output   # 1. extract"
_COMMAND_LINE = re.compile(r"^(?:\S+\s*&&\s*)*python -m pipeline (?P<args>[^\n#&|]*)", re.M)
# A fenced shell block: "```sh\n...\n```"
_SH_BLOCK = re.compile(r"```sh\n(.*?)```", re.S)
# A markdown link or image: "[Commands](docs/commands.md)", "![...](report-page.png)"
_LINK = re.compile(r"\]\((?P<target>[^)\s]+)\)")


def _documented_commands() -> list[tuple[str, str]]:
    found = []
    for page in PAGES:
        for block in _SH_BLOCK.findall(page.read_text(encoding="utf-8")):
            for match in _COMMAND_LINE.finditer(block):
                found.append((page.relative_to(ROOT).as_posix(), match.group("args").strip()))
    return found


COMMANDS = _documented_commands()


def test_the_docs_show_commands():
    pages = {page for page, _ in COMMANDS}
    assert "README.md" in pages and len(COMMANDS) >= 10, COMMANDS


@pytest.mark.parametrize("page,args", COMMANDS, ids=[f"{p}: {a[:60]}" for p, a in COMMANDS])
def test_documented_command_is_accepted(page, args, capsys):
    try:
        build_parser().parse_args(shlex.split(args))
    except SystemExit as exit_:
        pytest.fail(
            f"{page}: `python -m pipeline {args}` is refused by the command line "
            f"(exit {exit_.code}): {capsys.readouterr().err.strip()}"
        )


def _anchors(markdown: str) -> set[str]:
    """GitHub's anchors: a heading lower-cased, punctuation dropped, spaces to hyphens."""
    return {
        re.sub(r"[^\w\- ]", "", heading.strip().lower()).replace(" ", "-")
        for heading in re.findall(r"^#+ (.*)$", markdown, re.M)
    }


LINKS = [
    (page, match.group("target"))
    for page in PAGES
    for match in _LINK.finditer(page.read_text(encoding="utf-8"))
    if not match.group("target").startswith(("http://", "https://", "mailto:"))
]


@pytest.mark.parametrize("page,target", LINKS, ids=[f"{p.relative_to(ROOT)} -> {t}" for p, t in LINKS])
def test_relative_link_leads_somewhere(page, target):
    path, _, anchor = target.partition("#")
    destination = (page.parent / path).resolve() if path else page
    assert destination.exists(), f"{page.relative_to(ROOT)}: link to {target}: no such file"
    if anchor:
        assert anchor in _anchors(destination.read_text(encoding="utf-8")), (
            f"{page.relative_to(ROOT)}: link to {target}: no such heading in {destination.name}"
        )


def test_every_docs_page_is_linked_from_the_readme():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    for page in PAGES[1:]:
        assert f"(docs/{page.name})" in readme, f"docs/{page.name} is not linked from the README"


def test_the_readme_is_a_front_door():
    """The README stays short: the rest belongs in docs/ (one page per task)."""
    lines = (ROOT / "README.md").read_text(encoding="utf-8").splitlines()
    assert len(lines) <= 220, f"README.md has {len(lines)} lines; move detail into docs/"
