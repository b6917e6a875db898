"""The contract: pydantic models for everything the pipeline emits.

Every model is frozen; stages build new objects and never change one in place.
Offsets everywhere are half-open ``[start, end)`` Python ``str`` indices into the text
exactly as the pipeline read it (see ``pipeline.formats.reading`` for how bytes become that text),
so ``text[start:end]`` is the item.

``schemas/report.schema.json`` is generated from ``Report`` (``python -m pipeline schema``);
a test fails when the committed file drifts from these models. Bump ``SCHEMA_VERSION``
(semver) whenever the generated schema changes: major for removals or renames, minor for
additions.
"""

from __future__ import annotations

import datetime
import hashlib
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, PrivateAttr, model_validator

SCHEMA_VERSION = "2.0.0"

# A number every JSON reader can read back: NaN and the infinities are refused (``1e309``
# parses as infinity), so no output, corrections or gold file ever holds one.
Finite = Annotated[float, Field(allow_inf_nan=False)]

Unit = Literal[
    "percent",
    "count",
    "gbp",
    "days",
    "weeks",
    "months",
    "years",
    "per_100k",
    "rank",
    "score",
    "ratio",
]
ComparatorKind = Literal[
    "england_average",
    "target",
    "previous",
    "comparable_authorities",
    "regional_average",
    "other",
]
Direction = Literal["above", "below", "equal"]
PeriodKind = Literal["point", "range", "financial_year", "projection", "since", "as_at", "relative"]
InputFormat = Literal["text", "pdf", "html"]


def claim_id(sha256: str, start: int, end: int) -> str:
    """A claim's id: from its text's sha256 and its value's span, never random, so that the
    same input gives the same ids and a reviewer's correction finds its claim again after
    re-extraction. The claims stage and a reviewer's added claims both take it from here."""
    return hashlib.sha256(f"{sha256}:{start}:{end}".encode()).hexdigest()[:16]


def _absent_when_none(value) -> bool:
    return value is None


# A PDF's page (1-based) where the item starts; absent (not null) for inputs without pages,
# so a text input's output is as it was before pages existed.
Page = Field(default=None, ge=1, exclude_if=_absent_when_none)


class Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class Span(Frozen):
    start: int = Field(ge=0)
    end: int = Field(ge=0)


class Paragraph(Span):
    """One block of text: a line of the report (a paragraph, a bullet, a quoted expectation)."""


class Section(Span):
    """A top-level part outside the themes, e.g. "Financial facts" or "Overall summary"."""

    title: str
    paragraphs: list[Paragraph] = []
    page: int | None = Page


class Subsection(Span):
    """Key findings under one subheading. ``heading`` is null for text before the first one."""

    heading: str | None
    paragraphs: list[Paragraph] = []
    page: int | None = Page


class Statement(Span):
    slug: str
    title: str  # as written in the statement's own heading
    theme: int = Field(ge=1, le=4)
    score: int | None = Field(default=None, ge=1, le=4)
    score_label: str | None = None
    indicative: bool = False  # pilot reports call their scores "indicative"
    what_people_expect: list[str] = []
    expectation_spans: list[Span] = []  # one per entry of what_people_expect
    commitment: str | None = None
    commitment_span: Span | None = None
    subsections: list[Subsection] = []
    page: int | None = Page


class Theme(Span):
    number: int = Field(ge=1, le=4)
    title: str  # the heading as written, or the framework's title when implied
    implied: bool = False  # no theme heading in the text (e.g. one web page); spans its statements
    statements: list[Statement] = []


class ScoreListItem(Span):
    """One row of the overview's "Quality statement scores" list."""

    slug: str
    title: str
    score: int | None = Field(default=None, ge=1, le=4)


class Overall(Frozen):
    rating: str | None = None  # as stated in the report, canonical capitalisation
    rating_span: Span | None = None
    score_percent: int | None = None  # as stated ("scored 78 out of 100", "Score: 56%")
    score_span: Span | None = None
    indicative: bool = False
    # CQC's rule: ceil(100 * sum(scores) / (4 * n_scored)); 22 of 36 points -> 62
    derived_score_percent: int | None = None
    derived_score_exact: Finite | None = None  # the share itself, to two decimals: 61.11
    derived_rating: str | None = None  # from CQC's bands applied to derived_score_percent


class Comparator(Span):
    kind: ComparatorKind
    value: Finite
    unit: Unit
    text: str  # surface text of the comparator's value
    qualifier: str | None = None  # the report's own judgement words, lowercase
    direction: Direction | None = None  # claim value relative to this value


class Source(Span):
    name: str  # canonical long name of the dataset, or the citation as written when unknown
    abbreviation: str | None = None
    date: str | None = None  # as written
    text: str  # the citation's surface text; [start, end) spans it
    known: bool = True  # False when the dataset is not in pipeline.reference.lexicon


class Period(Frozen):
    """The time a claim's value holds, as the report writes it, and the dates the words give.

    ``text`` is the words; ``[start, end)`` spans them in the text (null when they are not at one
    place of it: a reviewer's correction, or an output of schema 1.x, whose period was words only).
    ``from`` and ``to`` are the first and last day the words name, or null where they name none
    ("by 2040": no ``from``; "since 2015": no ``to``; "at the time of our assessment": neither).
    ``kind`` is null only for a 1.x output's period, read as words.
    """

    model_config = ConfigDict(frozen=True, extra="forbid", populate_by_name=True, serialize_by_alias=True)

    text: str
    start: int | None = Field(default=None, ge=0)
    end: int | None = Field(default=None, ge=0)
    kind: PeriodKind | None = None
    from_: datetime.date | None = Field(default=None, alias="from")
    to: datetime.date | None = None

    @model_validator(mode="before")
    @classmethod
    def _from_words(cls, data):
        # An output of schema 1.x gives its period as words: kept as words, with no dates
        return {"text": data} if isinstance(data, str) else data


class Claim(Span):
    id: str  # derived from the document sha256 and the value span
    value: Finite
    unit: Unit
    text: str  # surface text of the value
    qualifier: str | None = None  # hedge: approximately, over, more than, within, ...
    statement: str | None = None  # slug of the quality statement, or null outside them
    section: str | None = None  # subsection heading or top-level section title
    sentence: Span
    period: Period | None = None
    comparators: list[Comparator] = []
    source: Source | None = None
    # Id of the published measure the value reports (``pipeline.reference.catalogue.CATALOGUE``), or null.
    # Its comparators measure the same thing and carry no measure of their own.
    measure: str | None = None
    # Set only when the measure model named the measure (``pipeline.stages.measure_model``: the
    # rules named none), absent from the JSON otherwise: "model", and the model's probability.
    measure_by: Literal["model"] | None = Field(default=None, exclude_if=_absent_when_none)
    measure_score: float | None = Field(default=None, ge=0, le=1, exclude_if=_absent_when_none)
    page: int | None = Page
    # Provenance, set only by a reviewer's corrections (``extract --corrections``), absent from
    # the JSON otherwise: the fields a correction changed, or that a reviewer added the claim.
    corrected: list[str] | None = Field(default=None, exclude_if=_absent_when_none)
    added: bool | None = Field(default=None, exclude_if=_absent_when_none)
    # The name of the claims rule that kept the number as a claim (None: no rule took it, so it
    # is a claim by default); read by the veto, which no rule naming a cue is overridden by.
    # Private: not written out, not in the schema.
    _kept_by: str | None = PrivateAttr(default=None)
    # The catalogued measure the claim's words name but whose valid range its value is outside
    # (set by the measures stage, read by the checks' ``measure-out-of-range``). Private too.
    _outside_range: str | None = PrivateAttr(default=None)


class VetoedClaim(Claim):
    """A claim the rules kept and the veto dropped (``pipeline.stages.veto``): its score, below
    the model's threshold."""

    score: Finite = Field(ge=0, le=1)
    threshold: Finite = Field(ge=0, le=1)


class Warning(Frozen):
    code: str  # stable machine-readable code, e.g. "rating-mismatch"
    message: str
    spans: list[Span] = []
    claim_ids: list[str] = []


class InputPart(Span):
    """One page of a merged report: its file and its ``[start, end)`` in the joined text."""

    file: str
    format: InputFormat
    sha256: str  # of the file's bytes


class Input(Frozen):
    """What the report was read from (written by the batch; absent from ``extract(text)``)."""

    format: InputFormat | Literal["merged"]
    sha256: str  # of the input file's bytes; for a merged report, of its parts' sha256 in order
    text_file: str | None = None  # "<stem>.txt" beside the output: the text a PDF or page became
    pages: int | None = None  # a PDF's page count
    parts: list[InputPart] = []  # a merged report's pages, in the order they were joined


class Report(Frozen):
    schema_version: str = SCHEMA_VERSION
    pipeline_version: str
    # sha256 of the veto's model file (pipeline/reference/veto/model.msgpack) that judged the
    # claims; null when the veto was off (``extract --no-veto``)
    veto_model: str | None = None
    # sha256 of the measure model's file (pipeline/reference/measures/model.msgpack) that could
    # name the measures the rules gave none; null when it was off (``extract --no-measure-model``)
    measure_model: str | None = None
    name: str | None = None  # the input's name (file stem), when known
    sha256: str  # of the text as UTF-8
    input: Input | None = Field(default=None, exclude_if=_absent_when_none)
    local_authority: str | None = None
    local_authority_span: Span | None = None
    published: str | None = None  # ISO date
    published_span: Span | None = None
    overall: Overall
    score_list: list[ScoreListItem] = []
    sections: list[Section] = []
    themes: list[Theme] = []
    claims: list[Claim] = []
    warnings: list[Warning] = []
    # The claims the veto dropped, with their scores (absent when none): nothing is lost, and
    # ``evaluate --no-veto`` scores the rules alone from the same output
    vetoed: list[VetoedClaim] = Field(default=[], exclude_if=lambda value: not value)


class Document(Frozen):
    """What segmentation finds: the report's structure, before claims and checks.

    Internal to the pipeline (not written on its own); ``Report`` carries the same fields.
    """

    text_length: int
    local_authority: str | None = None
    local_authority_span: Span | None = None
    published: str | None = None
    published_span: Span | None = None
    overall: Overall
    score_list: list[ScoreListItem] = []
    sections: list[Section] = []
    themes: list[Theme] = []
    warnings: list[Warning] = []


# ---------------------------------------------------------------------------------------------
# Corrections: what a reviewer said about one report's extraction (``corrections/<stem>.json``,
# written by ``python -m pipeline review`` or by hand; ``schemas/corrections.schema.json``).

# The corrections file's own format version (semver, apart from the report's SCHEMA_VERSION):
# 1.0.0 had no anchors and no version field (such a file reads as 1.0.0); 1.1.0 adds
# ``anchor`` to each claim entry and added number, and this field.
CORRECTIONS_VERSION = "1.1.0"
ANCHOR_CONTEXT = 32  # characters of prefix and suffix an anchor keeps


class Anchor(Frozen):
    """Where a correction's span was, as W3C Web Annotation selectors: the text-quote
    selector (``exact`` with up to 32 characters of ``prefix`` and ``suffix``) and the
    text-position selector (``start``, ``end``) on the text the correction was made on.
    On a new edition of the text, the quote finds the span again (``pipeline.quality.corrections``)."""

    exact: str = Field(min_length=1)
    prefix: str = Field(default="", max_length=ANCHOR_CONTEXT)
    suffix: str = Field(default="", max_length=ANCHOR_CONTEXT)
    start: int = Field(ge=0)
    end: int = Field(ge=0)

    @model_validator(mode="after")
    def _span_fits_quote(self) -> Anchor:
        if self.end - self.start != len(self.exact):
            raise ValueError(
                f"start {self.start} and end {self.end} span {self.end - self.start} "
                f"characters, exact {self.exact!r} {len(self.exact)}"
            )
        return self


Verdict = Literal["correct", "not_a_claim", "fix"]

# The claim fields a ``fix`` may change (and ``corrected`` may name), in the claim's order.
FIXABLE = ("value", "unit", "qualifier", "statement", "section", "period", "comparators", "source", "measure")


class SourceFix(Frozen):
    """The dataset a claim cites, as the reviewer names it (canonical long name, date as written)."""

    name: str = Field(min_length=1)
    date: str | None = None


class ClaimCorrection(Frozen):
    """A verdict on one extracted claim, keyed by the claim's id in ``Corrections.claims``.

    ``fix`` carries only the fields that change: a field given (even as null) is set, a field
    left out is kept. ``comparators``, when given, is the claim's whole list as it should be.
    """

    verdict: Verdict
    note: str | None = None
    anchor: Anchor | None = None  # the claim's value span (``review`` always writes it)
    value: Finite | None = None
    unit: Unit | None = None
    qualifier: str | None = None
    statement: str | None = None  # a statement slug, or null for outside the statements
    section: str | None = None
    period: str | None = None
    comparators: list[Comparator] | None = None
    source: SourceFix | None = None
    measure: str | None = None  # an id of pipeline.reference.catalogue, or null

    def changes(self) -> tuple[str, ...]:
        """The claim fields this correction sets, in ``FIXABLE`` order."""
        return tuple(name for name in FIXABLE if name in self.model_fields_set)

    @model_validator(mode="after")
    def _fix_carries_changes(self) -> ClaimCorrection:
        changes = self.changes()
        if self.verdict != "fix" and changes:
            raise ValueError(
                f"verdict {self.verdict!r} carries no fields to change "
                f"(found {', '.join(changes)}); use verdict 'fix'"
            )
        if self.verdict == "fix" and not changes:
            raise ValueError("verdict 'fix' names no field to change")
        for name in ("value", "unit", "comparators"):
            if name in changes and getattr(self, name) is None:
                raise ValueError(f"a claim's {name} cannot be null")
        return self


class AddedClaim(Span):
    """A number the extraction missed, added by a reviewer: ``[start, end)`` spans its surface
    text (``text``, when given, must be exactly that text)."""

    value: Finite
    unit: Unit
    text: str | None = None
    anchor: Anchor | None = None  # the added span (``review`` always writes it)
    measure: str | None = None
    qualifier: str | None = None
    statement: str | None = None
    section: str | None = None
    period: str | None = None
    comparators: list[Comparator] = []
    source: SourceFix | None = None
    note: str | None = None


class Corrections(Frozen):
    """Every correction of one report. ``sha256`` is the report text's (the output's ``sha256``)
    the corrections were made on: on another text, a correction applies only where its
    ``anchor`` finds its span again."""

    # A file without it is 1.0.0's, which this version reads unchanged (1.1.0 only adds)
    schema_version: str = Field(default=CORRECTIONS_VERSION, pattern=r"^1\.\d+\.\d+$")
    report: str = Field(min_length=1)  # the output's stem
    sha256: str = Field(pattern=r"^[0-9a-f]{64}$")
    reviewed: bool = False  # the reviewer went through the whole report (then ``gold`` uses it)
    claims: dict[str, ClaimCorrection] = {}
    added: list[AddedClaim] = []

    @model_validator(mode="after")
    def _known_version(self) -> Corrections:
        if tuple(map(int, self.schema_version.split("."))) > tuple(map(int, CORRECTIONS_VERSION.split("."))):
            raise ValueError(
                f"schema_version {self.schema_version} is newer than this cqc-extract "
                f"reads ({CORRECTIONS_VERSION}): update cqc-extract"
            )
        return self
