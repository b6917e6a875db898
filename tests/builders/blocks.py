"""A report's clean text -> typed blocks (title, heading, paragraph, bullets, score row).

The PDF and web-page builders lay these out as CQC publishes them; the classification only
needs to be good enough to give each block a realistic look (a heading that is a paragraph
would still convert to the same text).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# "Score: 3"
_SCORE = re.compile(r"^Score: [1-4]$")
# "**Staffordshire County Council**": markdown bold in the clean text
BOLD = re.compile(r"\*\*(.+?)\*\*")


@dataclass(frozen=True)
class Block:
    kind: str  # "title", "heading", "para", "bullets", "score_row"
    text: str = ""
    items: tuple[str, ...] = ()
    score: str = ""


def _is_heading(line: str) -> bool:
    return len(line) <= 100 and not line.endswith((".", ":", ",", ";")) and not line.startswith("- ")


def blocks(text: str) -> list[Block]:
    lines = [line.strip() for line in text.splitlines()]
    out: list[Block] = []
    in_scores = False
    i = 0
    while i < len(lines):
        line = lines[i]
        if not line:
            i += 1
            continue
        if line.startswith("- "):
            items = []
            while i < len(lines) and lines[i].startswith("- "):
                items.append(lines[i][2:])
                i += 1
            out.append(Block("bullets", items=tuple(items)))
            continue
        if not out:
            out.append(Block("title", line))
        elif line == "Quality statement scores":
            in_scores = True
            out.append(Block("heading", line))
        elif in_scores and _is_heading(line):
            nxt = next((lines[j] for j in range(i + 1, len(lines)) if lines[j]), "")
            if _SCORE.match(nxt):
                out.append(Block("score_row", line, score=nxt))
                i = lines.index(nxt, i + 1) + 1
                continue
            in_scores = False
            out.append(Block("heading", line))
        elif _is_heading(line) and not _SCORE.match(line):
            out.append(Block("heading", line))
        else:
            out.append(Block("para", line))
        i += 1
    return out
