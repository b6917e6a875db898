"""cqc-extract: CQC local authority assessment reports -> validated, source-grounded JSON.

The whole pipeline is ``extract``: segment the text, extract the numeric claims, name the
measure each claim reports, let the veto's model drop the claims its words say are not ones,
check them against the report's own words, and assemble a ``Report``.
"""

from __future__ import annotations

from pipeline.errors import ExtractionError
from pipeline.files import text_sha256
from pipeline.models import SCHEMA_VERSION, Document, Report, VetoedClaim

__version__ = "0.1.0"
__all__ = ["extract", "Report", "ExtractionError", "SCHEMA_VERSION", "__version__"]


def extract(text: str, name: str | None = None, veto: bool = True) -> Report:
    """Turn one report's text into a ``Report``. Offsets index ``text`` exactly as given.
    ``veto=False`` keeps every claim the rules keep (no model is read).

    Raises ``ExtractionError`` (naming ``name``) when the text is not a CQC report, and
    ``VetoModelError`` (naming the file) when the veto's model is missing or corrupt.
    """
    from pipeline.stages.checks import check
    from pipeline.stages.claims import extract_claims
    from pipeline.stages.measures import assign_measures
    from pipeline.stages.segment import segment
    from pipeline.stages.veto import load_model, veto as veto_claims

    sha256 = text_sha256(text)
    try:
        document = segment(text)
    except ExtractionError as error:
        raise error.with_name(name) if name else error
    claims = assign_measures(text, extract_claims(text, document, sha256))
    model, vetoed = None, []
    if veto:
        model = load_model()
        judged = veto_claims(text, claims, model)
        claims = judged.claims
        vetoed = [VetoedClaim(**claim.model_dump(), score=round(score, 4), threshold=judged.threshold)
                  for claim, score in judged.dropped]
    warnings = [*document.warnings, *check(text, document, claims)]
    # The parts are validated, frozen models already: they are passed as they are (pydantic
    # keeps model instances without validating them again); the new fields are validated.
    fields = {key: getattr(document, key) for key in _DOCUMENT_FIELDS}
    return Report(
        **fields, pipeline_version=__version__, veto_model=model.sha256 if model else None,
        name=name, sha256=sha256, claims=claims, warnings=warnings, vetoed=vetoed,
    )


# What a Report takes over from its Document as it is.
_DOCUMENT_FIELDS = tuple(
    key for key in Document.model_fields if key not in {"text_length", "warnings"}
)
