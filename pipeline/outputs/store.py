"""Output JSON -> normalised SQL tables (SQLAlchemy Core; SQLite by default, PostgreSQL too).

Tables (every child row carries ``report_id``, so one report's rows are easy to find and drop):

- ``reports``      one row per report; ``report_key`` (the file stem, else ``sha256:<hash>``) is
                   its identity across loads; overall rating/score columns.
- ``sections``     top-level parts outside the themes (title, offsets).
- ``score_list``   the overview's quality statement scores.
- ``themes``       -> ``statements`` (slug, score, ...) -> ``subsections`` (heading).
- ``claims``       value, unit, text, qualifier, statement slug, section, period, offsets, and
                   the cited source as columns (``source_name``, ``source_abbreviation``, ...).
- ``comparators``  one row per comparator of a claim (kind, value, unit, qualifier, direction).
- ``warnings``     code, message, spans and claim ids (JSON).
- ``measures``     the measure catalogue (``pipeline.reference.catalogue``): id, name, dataset, unit,
                   better; rewritten on every load. ``claims.measure`` holds a claim's id.
- ``measure_values`` (a view) one row per claim that has a measure: council, published,
                   measure and its name, value, unit, period, the England average with its
                   direction and the report's judgement word, source and source date,
                   statement, claim id. ``ORDER BY measure, council`` lines councils up.

Indexes: council (``reports.local_authority``), statement slug, source name, unit, measure,
comparator kind, warning code. Offsets are ``span_start``/``span_end`` (``end`` is an SQL keyword).

Loading is idempotent and all-or-nothing: every report of one ``load`` goes in one transaction;
a report already loaded with the same key is replaced (its old rows deleted first) unless its
JSON is byte-identical, in which case it is left alone. Any failure rolls everything back.
"""

from __future__ import annotations

import hashlib
import sys
from dataclasses import dataclass, field
from pathlib import Path

import sqlalchemy as sa
from pydantic import ValidationError
from sqlalchemy.engine import URL, Connection, Engine

from pipeline.files import report_outputs
from pipeline.reference.catalogue import CATALOGUE
from pipeline.models import Claim, Report

DB_SCHEMA_VERSION = "2"  # 2: claims.measure, the measures table, the measure_values view

metadata = sa.MetaData()


def _fk(table: str, column: str = "id", **kwargs) -> sa.ForeignKey:
    return sa.ForeignKey(f"{table}.{column}", **kwargs)


def _span_columns(prefix: str = "span") -> list[sa.Column]:
    return [sa.Column(f"{prefix}_start", sa.Integer), sa.Column(f"{prefix}_end", sa.Integer)]


meta = sa.Table(
    "cqc_meta", metadata,
    sa.Column("key", sa.String(64), primary_key=True),
    sa.Column("value", sa.Text, nullable=False),
)

reports = sa.Table(
    "reports", metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("report_key", sa.String(255), nullable=False, unique=True),
    sa.Column("name", sa.String(255)),
    sa.Column("file", sa.Text),
    sa.Column("json_sha256", sa.String(64), nullable=False),
    sa.Column("schema_version", sa.String(32), nullable=False),
    sa.Column("pipeline_version", sa.String(32), nullable=False),
    sa.Column("sha256", sa.String(64), nullable=False),
    sa.Column("local_authority", sa.String(255), index=True),
    sa.Column("published", sa.String(32)),
    sa.Column("overall_rating", sa.String(64)),
    sa.Column("overall_score_percent", sa.Integer),
    sa.Column("overall_indicative", sa.Boolean, nullable=False),
    sa.Column("derived_score_percent", sa.Integer),
    sa.Column("derived_rating", sa.String(64)),
    sa.Column("claim_count", sa.Integer, nullable=False),
    sa.Column("warning_count", sa.Integer, nullable=False),
)

sections = sa.Table(
    "sections", metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("report_id", sa.Integer, _fk("reports"), nullable=False, index=True),
    sa.Column("position", sa.Integer, nullable=False),
    sa.Column("title", sa.Text, nullable=False),
    *_span_columns(),
    sa.UniqueConstraint("report_id", "position"),
)

score_list = sa.Table(
    "score_list", metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("report_id", sa.Integer, _fk("reports"), nullable=False, index=True),
    sa.Column("position", sa.Integer, nullable=False),
    sa.Column("slug", sa.String(64), nullable=False),
    sa.Column("title", sa.Text, nullable=False),
    sa.Column("score", sa.Integer),
    *_span_columns(),
    sa.UniqueConstraint("report_id", "position"),
)

themes = sa.Table(
    "themes", metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("report_id", sa.Integer, _fk("reports"), nullable=False, index=True),
    sa.Column("position", sa.Integer, nullable=False),
    sa.Column("number", sa.Integer, nullable=False),
    sa.Column("title", sa.Text, nullable=False),
    *_span_columns(),
    sa.UniqueConstraint("report_id", "position"),
)

statements = sa.Table(
    "statements", metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("report_id", sa.Integer, _fk("reports"), nullable=False, index=True),
    sa.Column("theme_id", sa.Integer, _fk("themes"), nullable=False, index=True),
    sa.Column("position", sa.Integer, nullable=False),
    sa.Column("slug", sa.String(64), nullable=False, index=True),
    sa.Column("title", sa.Text, nullable=False),
    sa.Column("theme", sa.Integer, nullable=False),
    sa.Column("score", sa.Integer),
    sa.Column("score_label", sa.Text),
    sa.Column("indicative", sa.Boolean, nullable=False),
    sa.Column("commitment", sa.Text),
    sa.Column("what_people_expect", sa.JSON, nullable=False),
    *_span_columns(),
    sa.UniqueConstraint("report_id", "position"),
)

subsections = sa.Table(
    "subsections", metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("report_id", sa.Integer, _fk("reports"), nullable=False, index=True),
    sa.Column("statement_id", sa.Integer, _fk("statements"), nullable=False, index=True),
    sa.Column("position", sa.Integer, nullable=False),
    sa.Column("heading", sa.Text),
    sa.Column("paragraph_count", sa.Integer, nullable=False),
    *_span_columns(),
)

claims = sa.Table(
    "claims", metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("report_id", sa.Integer, _fk("reports"), nullable=False, index=True),
    sa.Column("position", sa.Integer, nullable=False),
    sa.Column("claim_id", sa.String(128), nullable=False, index=True),
    sa.Column("value", sa.Double, nullable=False),
    sa.Column("unit", sa.String(32), nullable=False, index=True),
    sa.Column("text", sa.Text, nullable=False),
    sa.Column("qualifier", sa.Text),
    sa.Column("statement_slug", sa.String(64), index=True),
    sa.Column("statement_id", sa.Integer, _fk("statements"), index=True),
    sa.Column("section", sa.Text),
    sa.Column("period", sa.Text),
    *_span_columns(),
    *_span_columns("sentence"),
    sa.Column("source_name", sa.Text, index=True),
    sa.Column("source_abbreviation", sa.String(64)),
    sa.Column("source_date", sa.Text),
    sa.Column("source_text", sa.Text),
    sa.Column("source_known", sa.Boolean),
    *_span_columns("source"),
    sa.Column("measure", sa.String(64), index=True),
    sa.UniqueConstraint("report_id", "position"),
)

measures = sa.Table(
    "measures", metadata,
    sa.Column("id", sa.String(64), primary_key=True),
    sa.Column("name", sa.Text, nullable=False),
    sa.Column("dataset", sa.Text, nullable=False),
    sa.Column("unit", sa.String(32), nullable=False),
    sa.Column("better", sa.String(16), nullable=False),
)

# One row per claim with a measure, beside its England average (the first one, if several).
MEASURE_VALUES_VIEW = "measure_values"
MEASURE_VALUES_SQL = """
SELECT r.local_authority AS council, r.published AS published, c.measure AS measure,
       m.name AS measure_name, c.value AS value, c.unit AS unit, c.period AS period,
       e.value AS england_average, e.direction AS direction, e.qualifier AS judgement,
       c.source_name AS source, c.source_date AS source_date, c.statement_slug AS statement,
       c.claim_id AS claim_id, c.text AS text, r.report_key AS report_key
FROM claims c
JOIN reports r ON r.id = c.report_id
LEFT JOIN measures m ON m.id = c.measure
LEFT JOIN comparators e ON e.claim_id = c.id AND e.kind = 'england_average'
  AND e.position = (SELECT MIN(x.position) FROM comparators x
                    WHERE x.claim_id = c.id AND x.kind = 'england_average')
WHERE c.measure IS NOT NULL
"""
# The view depends on the tables: it goes first whenever they are dropped.
sa.event.listen(metadata, "before_drop", sa.DDL(f"DROP VIEW IF EXISTS {MEASURE_VALUES_VIEW}"))

comparators = sa.Table(
    "comparators", metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("report_id", sa.Integer, _fk("reports"), nullable=False, index=True),
    sa.Column("claim_id", sa.Integer, _fk("claims"), nullable=False, index=True),
    sa.Column("position", sa.Integer, nullable=False),
    sa.Column("kind", sa.String(32), nullable=False, index=True),
    sa.Column("value", sa.Double, nullable=False),
    sa.Column("unit", sa.String(32), nullable=False, index=True),
    sa.Column("text", sa.Text, nullable=False),
    sa.Column("qualifier", sa.Text),
    sa.Column("direction", sa.String(16)),
    *_span_columns(),
    sa.UniqueConstraint("claim_id", "position"),
)

warnings = sa.Table(
    "warnings", metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("report_id", sa.Integer, _fk("reports"), nullable=False, index=True),
    sa.Column("position", sa.Integer, nullable=False),
    sa.Column("code", sa.String(64), nullable=False, index=True),
    sa.Column("message", sa.Text, nullable=False),
    sa.Column("spans", sa.JSON, nullable=False),
    sa.Column("claim_ids", sa.JSON, nullable=False),
    sa.UniqueConstraint("report_id", "position"),
)

# Children first: the order rows of one report are deleted in.
CHILD_TABLES = (comparators, claims, warnings, subsections, statements, themes, score_list, sections)


# ---------------------------------------------------------------------------------------------
# Engine


class LoadError(Exception):
    """A problem a user can fix (bad URL, unreachable server, unreadable folder)."""


def normalise_url(url: str) -> URL:
    """Parse a database URL; plain ``postgresql://`` (or ``postgres://``) uses psycopg 3."""
    try:
        parsed = sa.engine.make_url(url)
    except sa.exc.ArgumentError as error:
        raise LoadError(f"not a database URL: {url!r}") from error
    if parsed.drivername in ("postgresql", "postgres"):
        parsed = parsed.set(drivername="postgresql+psycopg")
    return parsed


def make_engine(url: str) -> Engine:
    parsed = normalise_url(url)
    try:
        engine = sa.create_engine(parsed)
    except (sa.exc.ArgumentError, ImportError) as error:
        raise LoadError(f"cannot use database URL {url!r}: {error}") from error
    if engine.dialect.name == "sqlite":

        @sa.event.listens_for(engine, "connect")
        def _sqlite_foreign_keys(dbapi_connection, _record):  # enforce FOREIGN KEYs
            cursor = dbapi_connection.cursor()
            cursor.execute("PRAGMA foreign_keys=ON")
            cursor.close()

    return engine


def create_tables(connection: Connection) -> None:
    """Create missing tables; refuse a database made by an incompatible version."""
    metadata.create_all(connection)
    stored = connection.execute(
        sa.select(meta.c.value).where(meta.c.key == "db_schema_version")
    ).scalar_one_or_none()
    if stored is None:
        connection.execute(meta.insert().values(key="db_schema_version", value=DB_SCHEMA_VERSION))
    elif stored != DB_SCHEMA_VERSION:
        raise LoadError(
            f"the database has table layout {stored}, this version writes {DB_SCHEMA_VERSION}: "
            "load into a new database"
        )
    # The catalogue as this version knows it, and the view over it.
    connection.execute(measures.delete())
    connection.execute(measures.insert(), [
        {"id": m.id, "name": m.name, "dataset": m.dataset, "unit": m.unit, "better": m.better}
        for m in CATALOGUE
    ])
    connection.execute(sa.text(f"DROP VIEW IF EXISTS {MEASURE_VALUES_VIEW}"))
    connection.execute(sa.text(f"CREATE VIEW {MEASURE_VALUES_VIEW} AS {MEASURE_VALUES_SQL}"))


# ---------------------------------------------------------------------------------------------
# Loading


@dataclass
class LoadResult:
    new: int = 0
    replaced: int = 0
    unchanged: int = 0
    rows: dict[str, int] = field(default_factory=dict)  # table -> rows inserted by this load

    @property
    def loaded(self) -> int:
        return self.new + self.replaced + self.unchanged


def _insert_many(connection: Connection, table: sa.Table, rows: list[dict]) -> list[int]:
    """Insert ``rows`` and return their new ids, in the same order."""
    if not rows:
        return []
    result = connection.execute(
        table.insert().returning(table.c.id, sort_by_parameter_order=True), rows
    )
    return [row[0] for row in result]


def _span(item, prefix: str = "span") -> dict:
    return {
        f"{prefix}_start": item.start if item else None,
        f"{prefix}_end": item.end if item else None,
    }


def report_key(report: Report) -> str:
    return report.name or f"sha256:{report.sha256}"


def delete_report(connection: Connection, report_id: int) -> None:
    for table in CHILD_TABLES:
        connection.execute(table.delete().where(table.c.report_id == report_id))
    connection.execute(reports.delete().where(reports.c.id == report_id))


def insert_report(
    connection: Connection, report: Report, json_sha256: str, file: str | None = None
) -> dict[str, int]:
    """Insert one report and all its rows; returns the row count per table."""
    overall = report.overall
    report_id = _insert_many(connection, reports, [{
        "report_key": report_key(report), "name": report.name, "file": file,
        "json_sha256": json_sha256, "schema_version": report.schema_version,
        "pipeline_version": report.pipeline_version, "sha256": report.sha256,
        "local_authority": report.local_authority, "published": report.published,
        "overall_rating": overall.rating, "overall_score_percent": overall.score_percent,
        "overall_indicative": overall.indicative,
        "derived_score_percent": overall.derived_score_percent,
        "derived_rating": overall.derived_rating,
        "claim_count": len(report.claims), "warning_count": len(report.warnings),
    }])[0]
    counts = {"reports": 1}

    def insert(table: sa.Table, rows: list[dict]) -> list[int]:
        counts[table.name] = counts.get(table.name, 0) + len(rows)
        return _insert_many(connection, table, rows)

    insert(sections, [
        {"report_id": report_id, "position": i, "title": s.title, **_span(s)}
        for i, s in enumerate(report.sections)
    ])
    insert(score_list, [
        {"report_id": report_id, "position": i, "slug": s.slug, "title": s.title,
         "score": s.score, **_span(s)}
        for i, s in enumerate(report.score_list)
    ])
    theme_ids = insert(themes, [
        {"report_id": report_id, "position": i, "number": t.number, "title": t.title, **_span(t)}
        for i, t in enumerate(report.themes)
    ])
    flat = [(theme_id, s) for theme_id, t in zip(theme_ids, report.themes) for s in t.statements]
    statement_ids = insert(statements, [
        {"report_id": report_id, "theme_id": theme_id, "position": i, "slug": s.slug,
         "title": s.title, "theme": s.theme, "score": s.score, "score_label": s.score_label,
         "indicative": s.indicative, "commitment": s.commitment,
         "what_people_expect": list(s.what_people_expect), **_span(s)}
        for i, (theme_id, s) in enumerate(flat)
    ])
    insert(subsections, [
        {"report_id": report_id, "statement_id": statement_id, "position": i,
         "heading": sub.heading, "paragraph_count": len(sub.paragraphs), **_span(sub)}
        for statement_id, (_, s) in zip(statement_ids, flat)
        for i, sub in enumerate(s.subsections)
    ])
    statement_by_slug: dict[str, int] = {}
    for statement_id, (_, s) in zip(statement_ids, flat):
        statement_by_slug.setdefault(s.slug, statement_id)
    claim_ids = insert(claims, [_claim_row(report_id, i, c, statement_by_slug)
                                for i, c in enumerate(report.claims)])
    insert(comparators, [
        {"report_id": report_id, "claim_id": claim_id, "position": i, "kind": k.kind,
         "value": k.value, "unit": k.unit, "text": k.text, "qualifier": k.qualifier,
         "direction": k.direction, **_span(k)}
        for claim_id, c in zip(claim_ids, report.claims)
        for i, k in enumerate(c.comparators)
    ])
    insert(warnings, [
        {"report_id": report_id, "position": i, "code": w.code, "message": w.message,
         "spans": [[s.start, s.end] for s in w.spans], "claim_ids": list(w.claim_ids)}
        for i, w in enumerate(report.warnings)
    ])
    return counts


def _claim_row(report_id: int, position: int, c: Claim, statement_by_slug: dict[str, int]) -> dict:
    source = c.source
    return {
        "report_id": report_id, "position": position, "claim_id": c.id, "value": c.value,
        "unit": c.unit, "text": c.text, "qualifier": c.qualifier, "statement_slug": c.statement,
        "statement_id": statement_by_slug.get(c.statement) if c.statement else None,
        "section": c.section, "period": c.period, **_span(c), **_span(c.sentence, "sentence"),
        "source_name": source.name if source else None,
        "source_abbreviation": source.abbreviation if source else None,
        "source_date": source.date if source else None,
        "source_text": source.text if source else None,
        "source_known": source.known if source else None,
        **_span(source, "source"),
        "measure": c.measure,
    }


def load_reports(engine: Engine, items: list[tuple[Report, bytes, str | None]]) -> LoadResult:
    """Load ``(report, json_bytes, file)`` items in ONE transaction (all or nothing)."""
    result = LoadResult()
    with engine.begin() as connection:
        create_tables(connection)
        for report, raw, file in items:
            digest = hashlib.sha256(raw).hexdigest()
            existing = connection.execute(
                sa.select(reports.c.id, reports.c.json_sha256)
                .where(reports.c.report_key == report_key(report))
            ).first()
            if existing is not None and existing.json_sha256 == digest:
                result.unchanged += 1
                continue
            if existing is not None:
                delete_report(connection, existing.id)
                result.replaced += 1
            else:
                result.new += 1
            for table, count in insert_report(connection, report, digest, file).items():
                result.rows[table] = result.rows.get(table, 0) + count
    return result


def output_files(path: Path) -> list[Path]:
    """The report JSON files in an output folder (error records excluded), or the one file."""
    if path.is_file():
        return [path]
    if not path.is_dir():
        raise LoadError(f"{path}: no such file or folder")
    return report_outputs(path)


def read_report(path: Path) -> tuple[Report, bytes]:
    raw = path.read_bytes()
    return Report.model_validate_json(raw), raw


def default_url(output_dir: Path) -> str:
    folder = output_dir if output_dir.is_dir() or not output_dir.exists() else output_dir.parent
    return f"sqlite:///{folder / 'cqc.sqlite'}"


def run_load(output_dir: Path, db: str | None = None) -> int:
    """``python -m pipeline load``: 0 when every file loaded, 1 otherwise."""
    output_dir = Path(output_dir)
    url = db or default_url(output_dir)
    try:
        files = output_files(output_dir)
        engine = make_engine(url)
    except LoadError as error:
        print(f"error: {error}", file=sys.stderr)
        return 1
    shown_url = engine.url.render_as_string(hide_password=True)
    items, bad = [], 0
    for path in files:
        try:
            report, raw = read_report(path)
        except OSError as error:
            print(f"error: {path}: cannot read: {error.strerror}", file=sys.stderr)
            bad += 1
            continue
        except ValidationError as error:
            first = error.errors()[0]
            where = ".".join(str(part) for part in first["loc"]) or "the document"
            print(f"error: {path}: not a report ({error.error_count()} problems; "
                  f"first at {where}: {first['msg']}); not loaded", file=sys.stderr)
            bad += 1
            continue
        items.append((report, raw, str(path)))
    try:
        result = load_reports(engine, items)
    except LoadError as error:
        print(f"error: {shown_url}: {error}", file=sys.stderr)
        return 1
    except sa.exc.SQLAlchemyError as error:
        detail = str(getattr(error, "orig", None) or error).strip().splitlines()[0]
        print(f"error: loading into {shown_url} failed, nothing was changed: {detail}",
              file=sys.stderr)
        return 1
    finally:
        engine.dispose()
    rows = ", ".join(f"{result.rows.get(t, 0)} {t}" for t in ("claims", "comparators", "warnings"))
    print(
        f"loaded {result.loaded} reports into {shown_url}: {result.new} new, "
        f"{result.replaced} replaced, {result.unchanged} unchanged ({rows} written)"
        + (f"; {bad} files not loaded" if bad else ""),
        file=sys.stderr,
    )
    return 1 if bad else 0
