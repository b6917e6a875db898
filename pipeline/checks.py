"""Consistency checks (placeholder until the checks stage lands)."""

from __future__ import annotations

from pipeline.models import Claim, Document, Warning


def check(text: str, document: Document, claims: list[Claim]) -> list[Warning]:
    return []
