"""cqc-extract: CQC local authority assessment reports -> validated, source-grounded JSON.

The whole pipeline is ``extract``: segment the text, extract the numeric claims, name the
measure each claim reports, let the veto's model drop the claims its words say are not ones,
check them against the report's own words, and assemble a ``Report``.
"""

from __future__ import annotations

from functools import cache
from typing import TYPE_CHECKING

from pipeline.errors import ExtractionError
from pipeline.files import text_sha256

if TYPE_CHECKING:
    from pipeline.models import SCHEMA_VERSION, Report

__version__ = "0.2.0"
__all__ = ["extract", "Report", "ExtractionError", "SCHEMA_VERSION", "__version__"]


def __getattr__(name: str):
    # The models (pydantic, about 0.15 s to build) load on first use, so that a process that
    # only needs ``__version__`` (the batch's parent, which hands all extraction to its
    # workers; the command line's other commands) never builds them.
    if name in ("Report", "SCHEMA_VERSION"):
        from pipeline import models

        return getattr(models, name)
    raise AttributeError(f"module 'pipeline' has no attribute {name!r}")


def extract(text: str, name: str | None = None, veto: bool = True, measure_model: bool = True) -> Report:
    """Turn one report's text into a ``Report``. Offsets index ``text`` exactly as given.
    ``veto=False`` keeps every claim the rules keep (no model is read); ``measure_model=False``
    leaves the claims the measure rules name nothing for without a measure (no model is read).

    Raises ``ExtractionError`` (naming ``name``) when the text is not a CQC report, and
    ``VetoModelError`` (naming the file) when the veto's model is missing or corrupt.
    """
    from pipeline.models import Report, VetoedClaim
    from pipeline.stages.checks import check
    from pipeline.stages.claims import extract_claims
    from pipeline.stages.measures import measures_and_clauses
    from pipeline.stages.segment import segment
    from pipeline.stages.veto import load_model
    from pipeline.stages.veto import veto as veto_claims

    sha256 = text_sha256(text)
    try:
        document = segment(text)
    except ExtractionError as error:
        if not name:
            raise
        raise error.with_name(name) from error
    claims, clauses = measures_and_clauses(text, extract_claims(text, document, sha256))
    model, vetoed = None, []
    if veto:
        model = load_model()
        judged = veto_claims(text, claims, model)
        claims = judged.claims
        vetoed = [
            VetoedClaim(**claim.model_dump(), score=round(score, 4), threshold=judged.threshold)
            for claim, score in judged.dropped
        ]
    measures_sha = None
    if measure_model:
        from pipeline.stages import measure_model as learned

        measures_sha = learned.model_file_sha256()
        claims = learned.name_measures(claims, clauses)
    warnings = [*document.warnings, *check(text, document, claims)]
    # The parts are validated, frozen models already: they are passed as they are (pydantic
    # keeps model instances without validating them again); the new fields are validated.
    fields = {key: getattr(document, key) for key in _document_fields()}
    return Report(
        **fields,
        pipeline_version=__version__,
        veto_model=model.sha256 if model else None,
        measure_model=measures_sha,
        name=name,
        sha256=sha256,
        claims=claims,
        warnings=warnings,
        vetoed=vetoed,
    )


@cache
def _document_fields() -> tuple[str, ...]:
    """What a Report takes over from its Document as it is."""
    from pipeline.models import Document

    return tuple(key for key in Document.model_fields if key not in {"text_length", "warnings"})
