"""Shared fixtures: small synthetic reports (built through the models, so they validate) and
the PostgreSQL URL for the database tests."""

from __future__ import annotations

import hashlib
import os

import pytest

from pipeline.models import Claim, Comparator, Overall, Report, Source, Span, Statement, Theme

ASCS = "Adult Social Care Survey"
SACE = "Survey of Adult Carers in England"


def make_claim(
    report_sha: str,
    start: int,
    value: float,
    *,
    unit: str = "percent",
    text: str | None = None,
    statement: str | None = "assessing-needs",
    england: float | None = None,
    direction: str | None = None,
    qualifier: str | None = None,
    source: str | None = ASCS,
    section: str | None = None,
    measure: str | None = None,
    source_date: str | None = None,
    england_text: str | None = None,
) -> Claim:
    """A claim at ``[start, start + len(text))`` with an optional England-average comparator."""
    text = text or (f"{value:g}%" if unit == "percent" else f"{value:g}")
    end = start + len(text)
    comparators = []
    if england is not None:
        comparators.append(
            Comparator(
                start=end + 30,
                end=end + 35,
                kind="england_average",
                value=england,
                unit=unit,
                text=england_text or f"{england:g}%",
                qualifier=qualifier,
                direction=direction
                or ("below" if value < england else "above" if value > england else "equal"),
            )
        )
    return Claim(
        id=f"c-{report_sha[:8]}-{start}-{end}",
        start=start,
        end=end,
        value=value,
        unit=unit,
        text=text,
        statement=statement,
        section=section,
        sentence=Span(start=max(0, start - 10), end=end + 60),
        comparators=comparators,
        source=Source(start=end + 40, end=end + 60, name=source, date=source_date, text=f"({source})")
        if source
        else None,
        measure=measure,
    )


def make_report(
    name: str = "testshire",
    council: str | None = "Testshire County Council",
    claims: list[dict] | None = None,
    scores: dict[str, int] | None = None,
    text_id: str | None = None,
    rating: str | None = "Good",
) -> Report:
    """A small report: theme 1 with the given statement scores, and the given claims.

    ``claims`` are keyword dicts for ``make_claim`` (without ``report_sha``).
    ``text_id`` stands for the report's text: same ``text_id``, same sha256 and claim ids.
    """
    sha = hashlib.sha256((text_id or name).encode()).hexdigest()
    scores = scores if scores is not None else {"assessing-needs": 3, "equity-in-experience-and-outcomes": 2}
    statement_list = [
        Statement(
            start=1000 * (i + 1),
            end=1000 * (i + 2) - 1,
            slug=slug,
            title=slug.replace("-", " ").capitalize(),
            theme=1,
            score=score,
        )
        for i, (slug, score) in enumerate(scores.items())
    ]
    return Report(
        pipeline_version="0.1.0",
        name=name,
        sha256=sha,
        local_authority=council,
        published="2025-05-30",
        overall=Overall(rating=rating, score_percent=63, derived_score_percent=63, derived_rating="Good"),
        themes=[
            Theme(start=900, end=9999, number=1, title="How it works with people", statements=statement_list)
        ],
        claims=[make_claim(sha, **c) for c in (claims or [])],
    )


@pytest.fixture
def postgres_url() -> str:
    """``CQC_TEST_POSTGRES_URL``; skipped when unset, except in CI, where that is a failure."""
    url = os.environ.get("CQC_TEST_POSTGRES_URL")
    if url:
        return url
    if os.environ.get("CI"):
        pytest.fail("CQC_TEST_POSTGRES_URL is not set in CI: .ci/postgres.sh should start a server")
    pytest.skip("no PostgreSQL server: set CQC_TEST_POSTGRES_URL (see .ci/postgres.sh)")
