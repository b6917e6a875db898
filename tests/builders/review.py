"""A small report in our own words, and its extraction in a folder, for the review tests.

Its numbers cover what a reviewer does: a value to fix (63.5%), a number a reviewer may call
not a claim (the 19 teams, a denominator), numbers the extraction leaves out that a reviewer may
add ("40 minutes": minutes are no unit it reads; "a dozen" is no number word it reads).
"""

from __future__ import annotations

import json
import signal
from pathlib import Path

import pipeline
from pipeline.files import write_atomic

STEM = "brookvale"
TEXT = """Brookvale Borough Council: local authority assessment

Theme 1: Working with people

This theme includes these quality statements:

Assessing needs

Assessing needs

Score: 3

3 - Evidence shows a good standard

What people expect

I have care and support that meets my needs, and I am listened to about what matters to me.

The local authority commitment

We assess people's needs promptly and plan their care with them.

Key findings for this quality statement

Assessment and care planning

In March 2025, 2,310 people were waiting for an assessment, down from 2,870 a year earlier. Of the people who answered the Adult Social Care Survey, 2023-24, 63.5% said they were satisfied with their care and support, compared with an England average of 61.8%.

Reviews were meant to happen within 28 days of a change in need, and a dozen of the borough's 19 teams met that aim in the last quarter. Staff told us that 40 minutes was the usual length of a first visit.

Carers

Around 1,150 carers had a carer's assessment in 2024-25, and 58% of carers said they had as much social contact as they wanted.
"""


def write_output(folder: Path, texts: Path | None = None) -> tuple[Path, Path]:
    """The report's text in ``texts`` (default: ``folder``) and its extraction in ``folder``:
    (output json, text file)."""
    texts = texts or folder
    text_path = texts / f"{STEM}.txt"
    write_atomic(text_path, TEXT.encode("utf-8"))
    report = pipeline.extract(TEXT, name=STEM)
    output = folder / f"{STEM}.json"
    write_atomic(output, (json.dumps(report.model_dump(mode="json"), indent=2) + "\n").encode())
    return output, text_path


def review_folders(root: Path) -> tuple[Path, Path, Path]:
    """``root/output`` holding the extraction, ``root/texts`` its text, and an empty
    ``root/corrections``, as a reviewer's folders look before the first verdict."""
    output, texts, corrections = root / "output", root / "texts", root / "corrections"
    for folder in (output, texts, corrections):
        folder.mkdir()
    write_output(output, texts)
    return output, texts, corrections


def sigint_as_at_a_terminal() -> None:
    """``preexec_fn`` of a server the tests stop with Ctrl-C: SIGINT at its default, as at a
    terminal. A test run started in the background by a non-interactive shell (``pytest &``)
    hands its children SIGINT ignored, and Python then never turns it into KeyboardInterrupt:
    the server would not stop (seen once in a full run started so)."""
    signal.signal(signal.SIGINT, signal.SIG_DFL)
