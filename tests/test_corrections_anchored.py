"""Anchored corrections: a reviewer's work survives a new edition of the report's text.

Each correction carries an anchor (the W3C Web Annotation text-quote and text-position
selectors). On a text whose sha256 differs, the quote finds the span again: the one whole
match of prefix + exact + suffix, else the match of exact nearest its old place whose prefix
or suffix agrees. The report is tests/builders/review.py's; each edition below is a change a
publisher might make to it, in our own words.
"""

from __future__ import annotations

import json

import pytest
from builders.review import STEM, TEXT
from hypothesis import given, settings
from hypothesis import strategies as st

import pipeline
from pipeline.cli import main
from pipeline.models import Anchor, Corrections
from pipeline.quality.corrections import (
    MOVED,
    STALE,
    anchor_at,
    apply,
    apply_placed,
    corrections_json,
    find_anchor,
    place,
    rebase,
)

REPORT = pipeline.extract(TEXT, name=STEM)
CLAIMS = {claim.text: claim for claim in REPORT.claims}
FORTY = TEXT.index("40 minutes")

# What a reviewer said, as the server saves it: every entry anchored on TEXT.
REVIEWED = rebase(
    REPORT,
    TEXT,
    Corrections.model_validate(
        {
            "report": STEM,
            "sha256": REPORT.sha256,
            "reviewed": True,
            "claims": {
                CLAIMS["63.5%"].id: {"verdict": "fix", "value": 64.5},
                CLAIMS["19"].id: {"verdict": "not_a_claim", "note": "a denominator"},
                CLAIMS["2,310"].id: {"verdict": "correct"},
            },
            "added": [{"start": FORTY, "end": FORTY + 2, "value": 40, "unit": "count"}],
        }
    ),
)
NAMES = {CLAIMS["63.5%"].id: "fix 63.5%", CLAIMS["19"].id: "19", CLAIMS["2,310"].id: "2,310"}


def replaced(old: str, new: str, count: int = 1):
    def edit(text: str) -> str:
        assert text.count(old) >= count, f"{old!r} is not in the text"
        return text.replace(old, new, count)

    return edit


def sentence_moved(text: str) -> str:
    """The sentence about the 40 minutes moves from its paragraph into the carers' one."""
    sentence = " Staff told us that 40 minutes was the usual length of a first visit."
    text = text.replace(sentence, "")
    return text.replace("as they wanted.", "as they wanted." + sentence)


def paragraph_doubled_before(text: str) -> str:
    """A paragraph printed twice, the copy before the original: two whole matches, neither at
    the old place."""
    paragraph = text[text.index("Reviews were meant") : text.index("first visit.") + len("first visit.")]
    return text.replace(paragraph, paragraph + "\n\n" + paragraph).replace(
        "Assessment and care planning\n\nIn March",
        "Assessment and care planning\n\n" + paragraph + "\n\nIn March",
    )


# (id, the edition, {correction: "applied" | "moved" | "stale"})
EDITIONS = [
    (
        "a word far from every correction, same length",
        replaced("promptly", "speedily"),
        {"fix 63.5%": "applied", "19": "applied", "2,310": "applied", "40": "applied"},
    ),
    (
        "a word far from every correction, shorter (everything after shifts)",
        replaced("promptly", "soon"),
        {"fix 63.5%": "moved", "19": "moved", "2,310": "moved", "40": "moved"},
    ),
    (
        "a word after every correction",
        replaced("social contact", "company"),
        {"fix 63.5%": "applied", "19": "applied", "2,310": "applied", "40": "applied"},
    ),
    (
        "the corrected number itself changed",
        replaced("63.5%", "66.0%"),
        {"fix 63.5%": "stale", "19": "applied", "2,310": "applied", "40": "applied"},
    ),
    (
        "the words just before a number changed (its suffix agrees)",
        replaced("borough's 19 teams", "county's 19 teams"),
        {"fix 63.5%": "applied", "19": "moved", "2,310": "applied", "40": "moved"},
    ),
    (
        "the words on both sides of a number changed",
        replaced(
            "a dozen of the borough's 19 teams met that", "a dozen of all the 19 social work teams met this"
        ),
        {"fix 63.5%": "applied", "19": "stale", "2,310": "applied", "40": "moved"},
    ),
    (
        "a claim's sentence moved to another paragraph",
        sentence_moved,
        {"fix 63.5%": "applied", "19": "applied", "2,310": "applied", "40": "moved"},
    ),
    (
        "a paragraph printed twice, the copy before it",
        paragraph_doubled_before,
        {"fix 63.5%": "moved", "19": "stale", "2,310": "moved", "40": "stale"},
    ),
]


def outcome(placed, curated, name: str) -> str:
    """What became of one correction: stale, moved (applied elsewhere) or applied."""

    def about(warning) -> bool:
        return (name == "40" and "added number 40" in warning.message) or any(
            f"claim {cid} " in warning.message for cid, n in NAMES.items() if n == name
        )

    codes = {w.code for w in curated.warnings if about(w)}
    return "stale" if STALE in codes else "moved" if MOVED in codes else "applied"


@pytest.mark.parametrize("name, edit, expected", EDITIONS, ids=[e[0] for e in EDITIONS])
def test_corrections_on_a_new_edition(name, edit, expected):
    text = edit(TEXT)
    assert text != TEXT
    report = pipeline.extract(text, name=STEM)
    placed = place(report, text, REVIEWED)
    curated, stale, moved = apply_placed(report, text, placed)
    got = {key: outcome(placed, curated, key) for key in expected}
    assert got == expected, [w.message for w in [*stale, *moved]]
    by_text = {c.text: c for c in curated.claims}
    assert ("19" in by_text) == (expected["19"] == "stale")
    assert [c.value for c in curated.claims if c.corrected] == (
        [] if expected["fix 63.5%"] == "stale" else [64.5]
    )
    assert any(c.added for c in curated.claims) == (expected["40"] != "stale")
    for claim in curated.claims:  # applied where the text now holds each claim
        assert text[claim.start : claim.end] == claim.text
    for warning in moved:  # old and new offsets, the new one on the quote
        assert " moved from " in warning.message and " to " in warning.message
        span = warning.spans[0]
        assert text[span.start : span.end] in ("63.5%", "19", "2,310", "40")


def test_an_unanchored_file_applies_to_its_own_text_only():
    plain = Corrections.model_validate(
        {"report": STEM, "sha256": REPORT.sha256, "claims": {CLAIMS["19"].id: {"verdict": "not_a_claim"}}}
    )
    assert apply(REPORT, TEXT, plain)[1] == []
    text = TEXT.replace("promptly", "speedily")
    _, stale = apply(pipeline.extract(text, name=STEM), text, plain)
    assert len(stale) == 1 and "no anchor" in stale[0].message


def test_rebase_rewrites_keys_anchors_and_offsets_for_the_new_text():
    text = sentence_moved(TEXT.replace("promptly", "soon"))
    report = pipeline.extract(text, name=STEM)
    again = rebase(report, text, REVIEWED)
    assert again.sha256 == report.sha256
    assert set(again.claims) <= {c.id for c in report.claims}
    for correction in again.claims.values():
        anchor = correction.anchor
        assert text[anchor.start : anchor.end] == anchor.exact
    [added] = again.added
    assert text[added.start : added.end] == "40" == added.anchor.exact
    # on its new text, nothing moves any more, and the file's bytes are stable
    curated, stale, moved = apply_placed(report, text, place(report, text, again))
    assert stale == [] and moved == []
    assert corrections_json(rebase(report, text, again)) == corrections_json(again)


def test_a_stale_entry_is_kept_by_rebase_never_applied():
    text = TEXT.replace("63.5%", "66.0%")
    report = pipeline.extract(text, name=STEM)
    again = rebase(report, text, REVIEWED)
    assert CLAIMS["63.5%"].id in again.claims  # kept under its old id, for the reviewer to see
    _, stale = apply(report, text, again)
    assert [w.claim_ids for w in stale] == [[CLAIMS["63.5%"].id]]


TWICE = "a" * 32 + "12" + "b" * 32 + "a" * 32 + "12" + "c" * 32  # "12" at 32 and at 98

# (id, text, anchor as found on the text it was made on, where it is now or the reason it is not)
ANCHOR_CASES = [
    ("found where it was", "aa 12 bb 12 cc", anchor_at("aa 12 bb 12 cc", 9, 11), (9, 11)),
    ("shifted right", "zz aa 12 bb 12 cc", anchor_at("aa 12 bb 12 cc", 9, 11), (12, 14)),
    (
        "the nearer of two with an agreeing prefix",
        TWICE,
        Anchor(exact="12", prefix="a" * 32, suffix="d" * 32, start=90, end=92),
        (98, 100),
    ),
    (
        "equally near: cannot be told apart",
        TWICE,
        Anchor(exact="12", prefix="a" * 32, suffix="d" * 32, start=65, end=67),
        "told apart",
    ),
    ("the quote is gone", "aa 13 bb", anchor_at("aa 12 bb", 3, 5), "no longer in the text"),
    ("neither side agrees", "xx 12 yy", anchor_at("aa 12 bb", 3, 5), "no longer in the text"),
]


@pytest.mark.parametrize("name, text, anchor, expected", ANCHOR_CASES, ids=[c[0] for c in ANCHOR_CASES])
def test_find_anchor(name, text, anchor, expected):
    from pipeline.quality.corrections import _Stale

    if isinstance(expected, tuple):
        assert find_anchor(anchor, text) == expected
        assert text[expected[0] : expected[1]] == anchor.exact
    else:
        with pytest.raises(_Stale, match=expected):
            find_anchor(anchor, text)


SPACES = [at for at, char in enumerate(TEXT) if char == " "]


@settings(max_examples=25, deadline=None)
@given(where=st.sampled_from(SPACES), word=st.sampled_from(["very", "also", "then", "still"]))
def test_a_word_inserted_away_from_the_corrections_keeps_them_all(where, word):
    """Inserting a word more than a context's width from every corrected span: every
    correction applies, moved exactly when the word went in before it."""
    spans = [(c.anchor.start, c.anchor.end) for c in REVIEWED.claims.values()]
    spans += [(a.start, a.end) for a in REVIEWED.added]
    if any(start - 40 <= where <= end + 40 for start, end in spans):
        return
    text = TEXT[:where] + " " + word + TEXT[where:]
    report = pipeline.extract(text, name=STEM)
    _, stale, moved = apply_placed(report, text, place(report, text, REVIEWED))
    assert stale == []
    assert len(moved) == sum(1 for start, _ in spans if where < start)


def test_extract_lists_stale_and_moved_corrections_per_report(tmp_path, capsys):
    texts, folder = tmp_path / "texts", tmp_path / "corrections"
    texts.mkdir()
    folder.mkdir()
    (texts / f"{STEM}.txt").write_text(
        TEXT.replace("63.5%", "66.0%").replace("promptly", "soon"), encoding="utf-8"
    )
    (folder / f"{STEM}.json").write_bytes(corrections_json(REVIEWED))
    assert (
        main(
            [
                "extract",
                str(texts),
                "--out",
                str(tmp_path / "out"),
                "--corrections",
                str(folder),
                "--jobs",
                "1",
                "--timeout",
                "0",
                "--progress",
                "never",
            ]
        )
        == 0
    )
    lines = capsys.readouterr().err.splitlines()
    stale = [line for line in lines if line.startswith("stale:")]
    moved = [line for line in lines if line.startswith("moved:")]
    assert len(stale) == 1 and f"claim {CLAIMS['63.5%'].id} (fix)" in stale[0]
    assert len(moved) == 3 and all(f"{STEM}.json" in line for line in moved)
    assert any("corrections: 3 applied, 1 stale, 3 moved" in line for line in lines)
    output = json.loads((tmp_path / "out" / f"{STEM}.json").read_text(encoding="utf-8"))
    assert sorted(w["code"] for w in output["warnings"]) == [MOVED] * 3 + [STALE]


COMPARATOR_EDITIONS = [  # (id, the edition, whether the fix still applies)
    ("the text shifts before both", lambda t: t.replace("promptly", "soon"), True),
    (
        "words between the claim and its comparator change",
        lambda t: t.replace("down from 2,870", "which is down from 2,870"),
        True,
    ),
    ("the comparator's number changes", lambda t: t.replace("2,870", "2,880"), False),
]


@pytest.mark.parametrize("name, edit, applies", COMPARATOR_EDITIONS, ids=[e[0] for e in COMPARATOR_EDITIONS])
def test_a_fixs_comparators_move_with_their_claim(name, edit, applies):
    start = TEXT.index("2,870")
    fixed = rebase(
        REPORT,
        TEXT,
        Corrections.model_validate(
            {
                "report": STEM,
                "sha256": REPORT.sha256,
                "claims": {
                    CLAIMS["2,310"].id: {
                        "verdict": "fix",
                        "comparators": [
                            {
                                "kind": "target",
                                "value": 2870,
                                "unit": "count",
                                "text": "2,870",
                                "start": start,
                                "end": start + 5,
                                "direction": "below",
                            }
                        ],
                    }
                },
            }
        ),
    )
    text = edit(TEXT)
    report = pipeline.extract(text, name=STEM)
    curated, stale = apply(report, text, fixed)
    assert (stale == []) == applies, [w.message for w in stale]
    if applies:
        [claim] = [c for c in curated.claims if c.corrected]
        [comparator] = claim.comparators
        assert text[comparator.start : comparator.end] == "2,870" and comparator.kind == "target"
