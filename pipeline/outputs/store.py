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

``claims.corrected`` (a JSON list of the field names a reviewer changed) and ``claims.added``
(a reviewer added the claim) carry the review's provenance.

The layout has revisions (Alembic; ``pipeline.outputs.migrate``): a load first brings the
database to this version's revision, creating it when empty, in its own transaction, under a
lock, and refreshes the catalogue and the view there too. Then every report of the load goes in
ONE transaction: idempotent and all-or-nothing. A report already loaded with the same key is
replaced in place (its reports row updated, its other rows rewritten) unless its JSON is
byte-identical, in which case it is left alone. Any failure rolls the reports back.

Any number of loads may run at once into one database and end as serial loads would leave it.
What must be serial is: the layout step takes PostgreSQL's advisory lock ``LAYOUT_LOCK`` (on
SQLite, ``BEGIN IMMEDIATE``). On PostgreSQL each report's write then takes an advisory lock on
its key, in key order (so two loads never wait on each other in a cycle); on SQLite the report
transaction is ``BEGIN IMMEDIATE`` too, since SQLite has one writer at a time. Either way a
report's ``reports`` row is written as an upsert on ``report_key``. A load that has to wait says
so once on stderr and waits up to ``LOCK_WAIT_SECONDS``.
"""

from __future__ import annotations

import hashlib
import json
import sqlite3
import sys
import zlib
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import sqlalchemy as sa
from pydantic import ValidationError
from sqlalchemy.dialects.postgresql import insert as postgresql_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.engine import URL, Connection, Engine

from pipeline.files import report_outputs
from pipeline.outputs import migrate
from pipeline.reference.catalogue import CATALOGUE
from pipeline.models import Claim, Report

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
    # Revision 0002: the review's provenance (after the others: ADD COLUMN appends).
    sa.Column("corrected", sa.Text),  # JSON list of the field names a reviewer changed
    sa.Column("added", sa.Boolean, nullable=False, server_default=sa.false()),
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
        # SQLAlchemy's recipe for real SQLite transactions: the driver sends no BEGIN of its own
        # (nor a COMMIT before DDL, so an upgrade is one transaction), and we send ours.
        @sa.event.listens_for(engine, "connect")
        def _sqlite_connect(dbapi_connection, _record):
            dbapi_connection.isolation_level = None
            cursor = dbapi_connection.cursor()
            cursor.execute("PRAGMA foreign_keys=ON")  # enforce FOREIGN KEYs
            cursor.close()

        @sa.event.listens_for(engine, "begin")
        def _sqlite_begin(connection):
            notice = connection.get_execution_options().get("cqc_writer")
            if notice is None:
                connection.exec_driver_sql("BEGIN")
            else:
                _sqlite_begin_immediate(connection.connection.driver_connection, notice)

    return engine


# ---------------------------------------------------------------------------------------------
# Locks: what must be serial between loads


LOCK_WAIT_SECONDS = 600  # how long a load waits for another before it gives up
# PostgreSQL advisory locks (two int4 keys): "CQC" and 0 for the layout; "CQC" + 1 and a hash of
# the report key for each report.
LAYOUT_LOCK = (0x43514300, 0)
REPORT_LOCK_CLASS = 0x43514301

Notice = Callable[[str], None]


def _silent(_why: str) -> None:
    pass


def writer(connection: Connection, notice: Notice = _silent) -> Connection:
    """Mark ``connection``'s transactions as writes: on SQLite they begin with BEGIN IMMEDIATE."""
    return connection.execution_options(cqc_writer=notice)


def _sqlite_locked(error: sqlite3.OperationalError) -> bool:
    return "locked" in str(error) or "busy" in str(error)


def _sqlite_begin_immediate(raw: sqlite3.Connection, notice: Notice) -> None:
    """Take SQLite's write lock now, not at the first write: two writers that both read first
    would otherwise deadlock at their first write. Says so once when it has to wait."""
    try:
        raw.execute("PRAGMA busy_timeout = 0")  # first try: fails at once if another holds it
        try:
            raw.execute("BEGIN IMMEDIATE")
            return
        except sqlite3.OperationalError as error:
            if not _sqlite_locked(error):
                raise
        notice("another load is writing to this database")
        raw.execute(f"PRAGMA busy_timeout = {LOCK_WAIT_SECONDS * 1000}")
        try:
            raw.execute("BEGIN IMMEDIATE")
        except sqlite3.OperationalError as error:
            if _sqlite_locked(error):
                raise LoadError(f"gave up after waiting {LOCK_WAIT_SECONDS} s for another load "
                                "to finish; nothing was changed") from error
            raise
    except sqlite3.Error as error:
        raise LoadError(f"cannot begin a transaction: {error}") from error


def _pg_lock(connection: Connection, key: tuple[int, int], notice: Notice, why: str) -> None:
    """Take a PostgreSQL advisory lock until the transaction ends; say so when it has to wait."""
    params = {"a": key[0], "b": key[1]}
    if connection.execute(sa.text("SELECT pg_try_advisory_xact_lock(:a, :b)"), params).scalar():
        return
    notice(why)
    connection.execute(sa.text(f"SET LOCAL lock_timeout = '{LOCK_WAIT_SECONDS}s'"))
    try:
        connection.execute(sa.text("SELECT pg_advisory_xact_lock(:a, :b)"), params)
    except sa.exc.OperationalError as error:
        if getattr(error.orig, "sqlstate", None) == "55P03":  # lock_not_available
            raise LoadError(f"gave up after waiting {LOCK_WAIT_SECONDS} s for another load "
                            "to finish; nothing was changed") from error
        raise
    connection.execute(sa.text("SET LOCAL lock_timeout = DEFAULT"))


def _report_lock(key: str) -> tuple[int, int]:
    crc = zlib.crc32(key.encode("utf-8"))  # a collision only makes two loads wait, never wrong
    return REPORT_LOCK_CLASS, crc - (1 << 32) if crc >= 1 << 31 else crc


# ---------------------------------------------------------------------------------------------
# Layout: revisions, the catalogue and the view


@dataclass(frozen=True)
class LayoutStep:
    before: migrate.State
    revision: str  # the revision now

    @property
    def changed(self) -> bool:
        return self.before.revision != self.revision

    def summary(self) -> str:
        if self.before.empty:
            return f"created the tables (layout revision {self.revision})"
        return f"upgraded the database from {migrate.describe(self.before)} to revision {self.revision}"


def prepare_layout(connection: Connection, notice: Notice = _silent) -> LayoutStep:
    """Under the layout lock: bring the tables to this version's revision (creating them in an
    empty database), then write the catalogue as this version knows it and the view over it.
    Runs in the caller's transaction, which must be a ``writer`` one."""
    if connection.dialect.name == "postgresql":
        _pg_lock(connection, LAYOUT_LOCK, notice,
                 "another load is creating, upgrading or refreshing this database's tables")
    try:
        before, revision = migrate.prepare(connection)
    except migrate.LayoutError as error:
        raise LoadError(str(error)) from error
    connection.execute(measures.delete())
    connection.execute(measures.insert(), [
        {"id": m.id, "name": m.name, "dataset": m.dataset, "unit": m.unit, "better": m.better}
        for m in CATALOGUE
    ])
    connection.execute(sa.text(f"DROP VIEW IF EXISTS {MEASURE_VALUES_VIEW}"))
    connection.execute(sa.text(f"CREATE VIEW {MEASURE_VALUES_VIEW} AS {MEASURE_VALUES_SQL}"))
    return LayoutStep(before, revision)


# ---------------------------------------------------------------------------------------------
# Loading


@dataclass
class LoadResult:
    new: int = 0
    replaced: int = 0
    unchanged: int = 0
    rows: dict[str, int] = field(default_factory=dict)  # table -> rows inserted by this load
    layout: LayoutStep | None = None  # set once the layout step has committed

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


def delete_children(connection: Connection, report_id: int) -> None:
    """Delete every row of one report except its ``reports`` row."""
    for table in CHILD_TABLES:
        connection.execute(table.delete().where(table.c.report_id == report_id))


def _report_row(report: Report, json_sha256: str, file: str | None) -> dict:
    overall = report.overall
    return {
        "report_key": report_key(report), "name": report.name, "file": file,
        "json_sha256": json_sha256, "schema_version": report.schema_version,
        "pipeline_version": report.pipeline_version, "sha256": report.sha256,
        "local_authority": report.local_authority, "published": report.published,
        "overall_rating": overall.rating, "overall_score_percent": overall.score_percent,
        "overall_indicative": overall.indicative,
        "derived_score_percent": overall.derived_score_percent,
        "derived_rating": overall.derived_rating,
        "claim_count": len(report.claims), "warning_count": len(report.warnings),
    }


def _upsert_report(connection: Connection, row: dict) -> int:
    """Insert the reports row, or update the one with its key in place; returns its id."""
    dialect = connection.dialect.name
    if dialect in ("sqlite", "postgresql"):
        insert = (sqlite_insert if dialect == "sqlite" else postgresql_insert)(reports).values(row)
        statement = insert.on_conflict_do_update(
            index_elements=[reports.c.report_key],
            set_={name: insert.excluded[name] for name in row if name != "report_key"},
        ).returning(reports.c.id)
        return connection.execute(statement).scalar_one()
    existing = connection.execute(
        sa.select(reports.c.id).where(reports.c.report_key == row["report_key"])).scalar()
    if existing is None:
        return _insert_many(connection, reports, [row])[0]
    connection.execute(reports.update().where(reports.c.id == existing).values(row))
    return existing


def write_report(
    connection: Connection, report: Report, json_sha256: str, file: str | None = None,
    replace: bool = False,
) -> dict[str, int]:
    """Write one report and all its rows (``replace``: first delete the rows it had);
    returns the row count per table."""
    report_id = _upsert_report(connection, _report_row(report, json_sha256, file))
    if replace:
        delete_children(connection, report_id)
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
    # The review's provenance: getattr, so that a Claim model without these fields loads too.
    # No changed fields (None or an empty list) is stored as NULL.
    corrected = getattr(c, "corrected", None)
    return {
        "report_id": report_id, "position": position, "claim_id": c.id, "value": c.value,
        "unit": c.unit, "text": c.text, "qualifier": c.qualifier, "statement_slug": c.statement,
        "statement_id": statement_by_slug.get(c.statement) if c.statement else None,
        "section": c.section, "period": c.period.text if c.period else None, **_span(c), **_span(c.sentence, "sentence"),
        "source_name": source.name if source else None,
        "source_abbreviation": source.abbreviation if source else None,
        "source_date": source.date if source else None,
        "source_text": source.text if source else None,
        "source_known": source.known if source else None,
        **_span(source, "source"),
        "measure": c.measure,
        "corrected": json.dumps(list(corrected)) if corrected else None,
        "added": bool(getattr(c, "added", None)),
    }


def load_reports(
    engine: Engine, items: list[tuple[Report, bytes, str | None]], notice: Notice = _silent,
    result: LoadResult | None = None,
) -> LoadResult:
    """Load ``(report, json_bytes, file)`` items: the layout step in one transaction, then every
    report in ONE transaction (all or nothing), in report-key order."""
    result = result if result is not None else LoadResult()
    with engine.connect() as connection:
        writer(connection, notice)
        with connection.begin():
            layout = prepare_layout(connection, notice)
        result.layout = layout
        with connection.begin():
            for report, raw, file in sorted(items, key=lambda item: report_key(item[0])):
                _load_one(connection, report, raw, file, notice, result)
    return result


def _load_one(connection: Connection, report: Report, raw: bytes, file: str | None,
              notice: Notice, result: LoadResult) -> None:
    key = report_key(report)
    if connection.dialect.name == "postgresql":
        # Until this transaction ends no other load writes this report: it waits here, and
        # then sees this one's rows (READ COMMITTED reads what committed before each statement).
        _pg_lock(connection, _report_lock(key), notice,
                 f"another load is writing report {key!r} to this database")
    digest = hashlib.sha256(raw).hexdigest()
    existing = connection.execute(
        sa.select(reports.c.json_sha256).where(reports.c.report_key == key)).first()
    if existing is not None and existing.json_sha256 == digest:
        result.unchanged += 1
        return
    if existing is not None:
        result.replaced += 1
    else:
        result.new += 1
    counts = write_report(connection, report, digest, file, replace=existing is not None)
    for table, count in counts.items():
        result.rows[table] = result.rows.get(table, 0) + count


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
    result = LoadResult()
    try:
        load_reports(engine, items, waiting_notice(shown_url), result)
    except LoadError as error:
        print(f"error: {shown_url}: {error}", file=sys.stderr)
        return 1
    except sa.exc.SQLAlchemyError as error:
        detail = str(getattr(error, "orig", None) or error).strip().splitlines()[0]
        changed = "nothing was changed"
        if result.layout is not None and result.layout.changed:
            changed = f"no report was changed ({result.layout.summary()} first)"
        print(f"error: loading into {shown_url} failed, {changed}: {detail}", file=sys.stderr)
        return 1
    finally:
        engine.dispose()
    if result.layout is not None and result.layout.changed and not result.layout.before.empty:
        print(f"{shown_url}: {result.layout.summary()}", file=sys.stderr)
    rows = ", ".join(f"{result.rows.get(t, 0)} {t}" for t in ("claims", "comparators", "warnings"))
    print(
        f"loaded {result.loaded} reports into {shown_url}: {result.new} new, "
        f"{result.replaced} replaced, {result.unchanged} unchanged ({rows} written)"
        + (f"; {bad} files not loaded" if bad else ""),
        file=sys.stderr,
    )
    return 1 if bad else 0


def waiting_notice(shown_url: str) -> Notice:
    """One line on stderr the first time a load or upgrade has to wait for another."""
    said = False

    def notice(why: str) -> None:
        nonlocal said
        if not said:
            said = True
            print(f"waiting: {why} ({shown_url}); going on when it finishes "
                  f"(at most {LOCK_WAIT_SECONDS} s)", file=sys.stderr, flush=True)

    return notice


# ---------------------------------------------------------------------------------------------
# python -m pipeline db current|upgrade|history


DEFAULT_DB = "sqlite:///output/cqc.sqlite"  # the Quick start's database


def _sqlite_file_missing(engine: Engine) -> Path | None:
    database = engine.url.database
    if engine.dialect.name == "sqlite" and database and database != ":memory:":
        path = Path(database)
        return None if path.exists() else path
    return None


def run_db(action: str, db: str | None = None) -> int:
    """``python -m pipeline db current|upgrade|history``: 0, or 1 with one line on stderr."""
    try:
        engine = make_engine(db or DEFAULT_DB)
    except LoadError as error:
        print(f"error: {error}", file=sys.stderr)
        return 1
    shown_url = engine.url.render_as_string(hide_password=True)
    head = migrate.head()
    missing = _sqlite_file_missing(engine)
    try:
        if action == "history":
            current = None
            if missing is None:
                with engine.connect() as connection:
                    current = migrate.state(connection).revision
            for revision, doc in migrate.revisions():
                marks = [m for m, on in (("head", revision == head), ("current", revision == current))
                         if on]
                print(f"{revision}  {doc}" + (f"  ({', '.join(marks)})" if marks else ""))
            return 0
        if action == "current":
            if missing is not None:
                print(f"error: {shown_url}: no such database file ({missing})", file=sys.stderr)
                return 1
            with engine.connect() as connection:
                found = migrate.state(connection)
            print(f"{shown_url}: {migrate.describe(found)}"
                  + (" (the newest this version knows)" if found.revision == head else ""))
            try:
                migrate.check(found)
            except migrate.LayoutError as error:
                print(f"error: {error}", file=sys.stderr)
                return 1
            if found.revision != head and not found.empty:
                print(f"`python -m pipeline db upgrade` or a load upgrades it to revision {head}")
            return 0
        with engine.connect() as connection:  # upgrade
            writer(connection, waiting_notice(shown_url))
            with connection.begin():
                step = prepare_layout(connection, waiting_notice(shown_url))
        print(f"{shown_url}: " + (step.summary() if step.changed
                                  else f"already at revision {step.revision}, the newest"))
        return 0
    except LoadError as error:
        print(f"error: {shown_url}: {error}", file=sys.stderr)
        return 1
    except sa.exc.SQLAlchemyError as error:
        detail = str(getattr(error, "orig", None) or error).strip().splitlines()[0]
        print(f"error: {shown_url}: {action} failed, nothing was changed: {detail}",
              file=sys.stderr)
        return 1
    finally:
        engine.dispose()
