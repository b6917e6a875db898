"""Numeric claims (placeholder until the claims stage lands)."""

from __future__ import annotations

from pipeline.models import Claim, Document


def extract_claims(text: str, document: Document, sha256: str) -> list[Claim]:
    return []
