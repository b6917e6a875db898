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
                   better; made this version's by a load when it differs. ``claims.measure``
                   holds a claim's id.
- ``measure_values`` (a view) one row per claim that has a measure: council, published,
                   measure and its name, value, unit, period, the England average with its
                   direction and the report's judgement word, source and source date,
                   statement, claim id, the period's kind and dates. ``ORDER BY measure,
                   council`` lines councils up. Made and changed by the revisions alone.

Indexes: council (``reports.local_authority``), statement slug, source name, unit, measure,
comparator kind, warning code. Offsets are ``span_start``/``span_end`` (``end`` is an SQL keyword).

``claims.corrected`` (a JSON list of the field names a reviewer changed) and ``claims.added``
(a reviewer added the claim) carry the review's provenance. ``claims.period`` is the period's
text; ``period_kind``, ``period_from``, ``period_to`` come from schema 2.x outputs.

Reading: each file through ``pipeline.outputs.versions`` (schema majors this version reads,
older ones upgraded in memory, a newer major refused; NUL characters refused). A file that
fails is named and left out; the others load.

The layout has revisions (Alembic; ``pipeline.outputs.migrate``): a load first brings the
database to this version's revision, creating it when empty, and the catalogue to this
version's, in its own transaction (the layout step). A database already there is only read.
Then every report of the load goes in ONE transaction: the load is the atomic unit, all or
nothing. A report already loaded with the same key is replaced in place (its reports row
updated, its other rows rewritten) unless its JSON is byte-identical (left alone) or the
database's extraction is newer (by schema version, then pipeline version: kept, with a line
saying so, unless ``replace_newer``). Any failure rolls the reports back and names the file.

Any number of loads may run at once into one database and end as serial loads would leave it.
Writers are serial: on PostgreSQL the layout step and each load's reports transaction take the
one advisory lock ``WRITE_LOCK`` (one lock however many reports: a default server's lock table
is never exhausted), on SQLite ``BEGIN IMMEDIATE``. SQLite databases are put in WAL mode, so a
reader's open transaction never stops a load's commit; on PostgreSQL a load only takes the row
locks of its own writes, which no reader holds, and never touches a view. A writer that waits a
second says what it waits for, once, on stderr, and waits up to ``Wait.seconds`` (``--wait``).
"""

from __future__ import annotations

import hashlib
import json
import sqlite3
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import sqlalchemy as sa
from packaging.version import InvalidVersion, Version
from sqlalchemy.engine import URL, Connection, Engine

from pipeline.files import report_outputs
from pipeline.models import SCHEMA_VERSION, Claim, Report
from pipeline.outputs import migrate, versions
from pipeline.outputs.versions import Output, OutputError, Period, read_output
from pipeline.reference.catalogue import CATALOGUE

metadata = sa.MetaData()


def _fk(table: str, column: str = "id", **kwargs) -> sa.ForeignKey:
    return sa.ForeignKey(f"{table}.{column}", **kwargs)


def _text(length: int) -> sa.types.TypeEngine:
    """Text a report supplies: unbounded on PostgreSQL (revision 0003). SQLite never enforces a
    declared length, and keeps the one its tables were created with."""
    return sa.Text().with_variant(sa.String(length), "sqlite")


def _span_columns(prefix: str = "span") -> list[sa.Column]:
    return [sa.Column(f"{prefix}_start", sa.Integer), sa.Column(f"{prefix}_end", sa.Integer)]


meta = sa.Table(
    "cqc_meta",
    metadata,
    sa.Column("key", sa.String(64), primary_key=True),
    sa.Column("value", sa.Text, nullable=False),
)

reports = sa.Table(
    "reports",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("report_key", _text(255), nullable=False, unique=True),
    sa.Column("name", _text(255)),
    sa.Column("file", sa.Text),
    sa.Column("json_sha256", sa.String(64), nullable=False),
    sa.Column("schema_version", _text(32), nullable=False),
    sa.Column("pipeline_version", _text(32), nullable=False),
    sa.Column("sha256", _text(64), nullable=False),
    sa.Column("local_authority", _text(255), index=True),
    sa.Column("published", _text(32)),
    sa.Column("overall_rating", _text(64)),
    sa.Column("overall_score_percent", sa.Integer),
    sa.Column("overall_indicative", sa.Boolean, nullable=False),
    sa.Column("derived_score_percent", sa.Integer),
    sa.Column("derived_rating", _text(64)),
    sa.Column("claim_count", sa.Integer, nullable=False),
    sa.Column("warning_count", sa.Integer, nullable=False),
    # Revision 0003 (appended, as ADD COLUMN does): the derived share to two decimals.
    sa.Column("derived_score_exact", sa.Double),
)

sections = sa.Table(
    "sections",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("report_id", sa.Integer, _fk("reports"), nullable=False, index=True),
    sa.Column("position", sa.Integer, nullable=False),
    sa.Column("title", sa.Text, nullable=False),
    *_span_columns(),
    sa.UniqueConstraint("report_id", "position"),
)

score_list = sa.Table(
    "score_list",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("report_id", sa.Integer, _fk("reports"), nullable=False, index=True),
    sa.Column("position", sa.Integer, nullable=False),
    sa.Column("slug", _text(64), nullable=False),
    sa.Column("title", sa.Text, nullable=False),
    sa.Column("score", sa.Integer),
    *_span_columns(),
    sa.UniqueConstraint("report_id", "position"),
)

themes = sa.Table(
    "themes",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("report_id", sa.Integer, _fk("reports"), nullable=False, index=True),
    sa.Column("position", sa.Integer, nullable=False),
    sa.Column("number", sa.Integer, nullable=False),
    sa.Column("title", sa.Text, nullable=False),
    *_span_columns(),
    sa.UniqueConstraint("report_id", "position"),
)

statements = sa.Table(
    "statements",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("report_id", sa.Integer, _fk("reports"), nullable=False, index=True),
    sa.Column("theme_id", sa.Integer, _fk("themes"), nullable=False, index=True),
    sa.Column("position", sa.Integer, nullable=False),
    sa.Column("slug", _text(64), nullable=False, index=True),
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
    "subsections",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("report_id", sa.Integer, _fk("reports"), nullable=False, index=True),
    sa.Column("statement_id", sa.Integer, _fk("statements"), nullable=False, index=True),
    sa.Column("position", sa.Integer, nullable=False),
    sa.Column("heading", sa.Text),
    sa.Column("paragraph_count", sa.Integer, nullable=False),
    *_span_columns(),
)

claims = sa.Table(
    "claims",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("report_id", sa.Integer, _fk("reports"), nullable=False, index=True),
    sa.Column("position", sa.Integer, nullable=False),
    sa.Column("claim_id", _text(128), nullable=False, index=True),
    sa.Column("value", sa.Double, nullable=False),
    sa.Column("unit", sa.String(32), nullable=False, index=True),
    sa.Column("text", sa.Text, nullable=False),
    sa.Column("qualifier", sa.Text),
    sa.Column("statement_slug", _text(64), index=True),
    sa.Column("statement_id", sa.Integer, _fk("statements"), index=True),
    sa.Column("section", sa.Text),
    sa.Column("period", sa.Text),
    *_span_columns(),
    *_span_columns("sentence"),
    sa.Column("source_name", sa.Text, index=True),
    sa.Column("source_abbreviation", _text(64)),
    sa.Column("source_date", sa.Text),
    sa.Column("source_text", sa.Text),
    sa.Column("source_known", sa.Boolean),
    *_span_columns("source"),
    sa.Column("measure", _text(64), index=True),
    sa.UniqueConstraint("report_id", "position"),
    # Revision 0002: the review's provenance (after the others: ADD COLUMN appends).
    sa.Column("corrected", sa.Text),  # JSON list of the field names a reviewer changed
    sa.Column("added", sa.Boolean, nullable=False, server_default=sa.false()),
    # Revision 0003: a schema 2.x period's kind and dates (``period`` keeps its text).
    sa.Column("period_kind", sa.Text),
    sa.Column("period_from", sa.Date),
    sa.Column("period_to", sa.Date),
)

measures = sa.Table(
    "measures",
    metadata,
    sa.Column("id", sa.String(64), primary_key=True),
    sa.Column("name", sa.Text, nullable=False),
    sa.Column("dataset", sa.Text, nullable=False),
    sa.Column("unit", sa.String(32), nullable=False),
    sa.Column("better", sa.String(16), nullable=False),
)

# ``measure_values`` (a view): one row per claim with a measure, beside its England average
# (the first one, if several). Created and changed only by the revisions
# (``migrations/versions/``, the newest definition in 0003), never by a load.
MEASURE_VALUES_VIEW = "measure_values"
# The view depends on the tables: it goes first whenever they are dropped.
sa.event.listen(metadata, "before_drop", sa.DDL(f"DROP VIEW IF EXISTS {MEASURE_VALUES_VIEW}"))

comparators = sa.Table(
    "comparators",
    metadata,
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
    "warnings",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("report_id", sa.Integer, _fk("reports"), nullable=False, index=True),
    sa.Column("position", sa.Integer, nullable=False),
    sa.Column("code", _text(64), nullable=False, index=True),
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
            wait = connection.get_execution_options().get("cqc_writer")
            if wait is None:
                connection.exec_driver_sql("BEGIN")
            else:
                _sqlite_begin_immediate(connection.connection.driver_connection, wait)

    return engine


# ---------------------------------------------------------------------------------------------
# Locks: what must be serial between loads, and saying so when a load waits


DEFAULT_WAIT_SECONDS = 3600  # how long a load waits for others before it gives up (--wait)
NOTICE_AFTER_SECONDS = 1.0  # a wait this long is said, once, on stderr
# PostgreSQL's advisory lock (two int4 keys, "CQC" and 0): one per database, taken by the layout
# step and by each load's reports transaction, held to its commit. One lock, however many reports.
WRITE_LOCK = (0x43514300, 0)

Notice = Callable[[str], None]


def _silent(_why: str) -> None:
    pass


@dataclass(frozen=True)
class Wait:
    """How long a writer waits for another writer or a reader, and whom it tells once it has
    waited ``NOTICE_AFTER_SECONDS``."""

    seconds: float = DEFAULT_WAIT_SECONDS
    notice: Notice = _silent

    def gave_up(self) -> LoadError:
        return LoadError(
            f"gave up after waiting {self.seconds:g} s (--wait) for another load, "
            "upgrade or reader to finish; nothing was changed"
        )


def writer(connection: Connection, wait: Wait = Wait()) -> Connection:
    """Mark ``connection``'s transactions as writes: on SQLite they begin with BEGIN IMMEDIATE."""
    return connection.execution_options(cqc_writer=wait)


def _sqlite_locked(error: sqlite3.OperationalError) -> bool:
    return "locked" in str(error) or "busy" in str(error)


def _sqlite_begin_immediate(raw: sqlite3.Connection, wait: Wait) -> None:
    """Take SQLite's write lock now, not at the first write: two writers that both read first
    would otherwise deadlock at their first write. The database is put in WAL mode first, so
    that readers never stop a writer (nor it them). The busy timeout then stays at the whole
    wait, through the commit. Says so once when it has waited a second."""
    first = min(NOTICE_AFTER_SECONDS, wait.seconds)
    try:
        raw.execute(f"PRAGMA busy_timeout = {int(first * 1000)}")
        try:
            _sqlite_wal(raw)
            raw.execute("BEGIN IMMEDIATE")
        except sqlite3.OperationalError as error:
            if not _sqlite_locked(error):
                raise
            wait.notice("another load is writing to this database")
            raw.execute(f"PRAGMA busy_timeout = {int((wait.seconds - first) * 1000)}")
            try:
                _sqlite_wal(raw)
                raw.execute("BEGIN IMMEDIATE")
            except sqlite3.OperationalError as error:
                if _sqlite_locked(error):
                    raise wait.gave_up() from error
                raise
        raw.execute(f"PRAGMA busy_timeout = {int(wait.seconds * 1000)}")
    except sqlite3.Error as error:
        raise LoadError(f"cannot begin a transaction: {error}") from error


def _sqlite_wal(raw: sqlite3.Connection) -> None:
    """WAL mode (kept in the file): a reader's open transaction never stops a load's commit."""
    mode = raw.execute("PRAGMA journal_mode").fetchone()[0]
    if mode not in ("wal", "memory"):
        raw.execute("PRAGMA journal_mode = WAL").fetchone()


def _pg_lock(connection: Connection, wait: Wait, why: str, then: float) -> None:
    """Take the PostgreSQL advisory ``WRITE_LOCK`` until the transaction ends; after a second
    of waiting say so, then wait the rest of ``wait.seconds``. Any other lock the transaction
    asks for after it waits at most ``then`` seconds (``lock_timeout``): no load hangs unseen."""
    params = {"a": WRITE_LOCK[0], "b": WRITE_LOCK[1]}
    try_lock = sa.text("SELECT pg_try_advisory_xact_lock(:a, :b)")
    started = time.monotonic()
    while time.monotonic() - started < min(NOTICE_AFTER_SECONDS, wait.seconds):
        if connection.execute(try_lock, params).scalar():
            _lock_timeout(connection, then)
            return
        time.sleep(0.05)
    wait.notice(why)
    _lock_timeout(connection, wait.seconds - (time.monotonic() - started))
    try:
        connection.execute(sa.text("SELECT pg_advisory_xact_lock(:a, :b)"), params)
    except sa.exc.OperationalError as error:
        if getattr(error.orig, "sqlstate", None) == "55P03":  # lock_not_available
            raise wait.gave_up() from error
        raise
    _lock_timeout(connection, then)


def _lock_timeout(connection: Connection, seconds: float) -> None:
    # At least a millisecond: PostgreSQL reads 0 as no limit at all.
    connection.execute(sa.text(f"SET LOCAL lock_timeout = '{max(1, int(seconds * 1000))}ms'"))


# ---------------------------------------------------------------------------------------------
# Layout: revisions and the catalogue (the views are the revisions' alone)


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


def _catalogue_rows() -> list[dict]:
    return [
        {"id": m.id, "name": m.name, "dataset": m.dataset, "unit": m.unit, "better": m.better}
        for m in CATALOGUE
    ]


def prepare_layout(connection: Connection, wait: Wait = Wait()) -> LayoutStep:
    """Under the write lock: bring the tables to this version's revision (creating them in an
    empty database), then make the catalogue this version's when it differs. Runs in the
    caller's transaction, which must be a ``writer`` one. A database already at the newest
    revision with this catalogue is only read: no lock a reader holds is asked for."""
    if connection.dialect.name == "postgresql":
        # An upgrade's ALTER TABLE waits for the readers of its table: a second at a time.
        _pg_lock(
            connection,
            wait,
            "another load is writing to this database, or upgrading it",
            then=min(NOTICE_AFTER_SECONDS, wait.seconds),
        )
    try:
        before, revision = migrate.prepare(connection)
    except migrate.LayoutError as error:
        raise LoadError(str(error)) from error
    wanted = _catalogue_rows()
    found = [dict(row) for row in connection.execute(sa.select(measures).order_by(measures.c.id)).mappings()]
    if found != sorted(wanted, key=lambda row: row["id"]):
        connection.execute(measures.delete())
        connection.execute(measures.insert(), wanted)
    return LayoutStep(before, revision)


def layout_step(connection: Connection, wait: Wait = Wait()) -> LayoutStep:
    """``prepare_layout`` in its own transaction. On PostgreSQL an upgrade's ALTER TABLE must
    wait for every open transaction that read the table, and queues the readers that come
    after behind it: so each try waits at most a second for such locks, then rolls back, says
    once what it waits for, and tries again, until ``wait.seconds`` have passed."""
    started = time.monotonic()
    while True:
        try:
            with connection.begin():
                return prepare_layout(connection, wait)
        except sa.exc.OperationalError as error:
            if getattr(error.orig, "sqlstate", None) != "55P03":
                raise
            if time.monotonic() - started >= wait.seconds:
                raise wait.gave_up() from error
            wait.notice("an open transaction is reading the tables this upgrade changes")
            time.sleep(0.2)


# ---------------------------------------------------------------------------------------------
# Loading


@dataclass
class Item:
    """One output file to load."""

    output: Output
    raw: bytes
    file: str | None = None

    @property
    def key(self) -> str:
        return report_key(self.output.report)


@dataclass
class LoadResult:
    new: int = 0
    replaced: int = 0
    unchanged: int = 0
    kept: list[str] = field(default_factory=list)  # lines: newer extractions kept
    rows: dict[str, int] = field(default_factory=dict)  # table -> rows inserted by this load
    layout: LayoutStep | None = None  # set once the layout step has committed

    @property
    def loaded(self) -> int:
        return self.new + self.replaced + self.unchanged + len(self.kept)


class ReportError(LoadError):
    """The database refused one report's rows: the whole load is rolled back."""

    def __init__(self, file: str, detail: str):
        super().__init__(f"{file}: {detail}")


def _insert_many(connection: Connection, table: sa.Table, rows: list[dict]) -> list[int]:
    """Insert ``rows`` and return their new ids, in the same order."""
    if not rows:
        return []
    result = connection.execute(table.insert().returning(table.c.id, sort_by_parameter_order=True), rows)
    return [row[0] for row in result]


def _span(item, prefix: str = "span") -> dict:
    return {
        f"{prefix}_start": item.start if item else None,
        f"{prefix}_end": item.end if item else None,
    }


def report_key(report: Report) -> str:
    return report.name or f"sha256:{report.sha256}"


def report_row(report: Report) -> dict:
    """A report's own columns (without the load's: id, file, json_sha256)."""
    overall = report.overall
    return {
        "report_key": report_key(report),
        "name": report.name,
        "schema_version": report.schema_version,
        "pipeline_version": report.pipeline_version,
        "sha256": report.sha256,
        "local_authority": report.local_authority,
        "published": report.published,
        "overall_rating": overall.rating,
        "overall_score_percent": overall.score_percent,
        "overall_indicative": overall.indicative,
        "derived_score_percent": overall.derived_score_percent,
        "derived_score_exact": overall.derived_score_exact,
        "derived_rating": overall.derived_rating,
        "claim_count": len(report.claims),
        "warning_count": len(report.warnings),
    }


@dataclass
class Write:
    """One report to write: ``report_id`` is its row's id when it replaces one, else None
    (set once inserted); ``periods`` as ``pipeline.outputs.versions`` read them (None: from
    the claims)."""

    report: Report
    json_sha256: str
    file: str | None = None
    report_id: int | None = None
    periods: list[Period | None] | None = None


def write_report(
    connection: Connection,
    report: Report,
    json_sha256: str,
    file: str | None = None,
    periods: list[Period | None] | None = None,
) -> dict[str, int]:
    """Write one report and all its rows, replacing the one of its key if any; returns the row
    count per table. The caller holds the write lock."""
    existing = connection.execute(
        sa.select(reports.c.id).where(reports.c.report_key == report_key(report))
    ).scalar()
    return write_reports(connection, [Write(report, json_sha256, file, existing, periods)])


def write_reports(connection: Connection, writes: list[Write]) -> dict[str, int]:
    """Write reports and all their rows, a statement per table for them all (not per report):
    a replaced report's rows are deleted, its reports row updated in place. Returns the row
    count per table. The caller holds the write lock (no other load writes meanwhile)."""
    counts: dict[str, int] = {}

    def insert(table: sa.Table, rows: list[dict]) -> list[int]:
        counts[table.name] = counts.get(table.name, 0) + len(rows)
        return _insert_many(connection, table, rows)

    def row(w: Write) -> dict:
        return {**report_row(w.report), "file": w.file, "json_sha256": w.json_sha256}

    replaced = [w for w in writes if w.report_id is not None]
    if replaced:
        ids = [w.report_id for w in replaced]
        for table in CHILD_TABLES:
            connection.execute(table.delete().where(table.c.report_id.in_(ids)))
        connection.execute(
            reports.update().where(reports.c.id == sa.bindparam("_id")),
            [{"_id": w.report_id, **row(w)} for w in replaced],
        )
    new = [w for w in writes if w.report_id is None]
    for w, report_id in zip(new, _insert_many(connection, reports, [row(w) for w in new])):
        w.report_id = report_id
    counts["reports"] = len(writes)

    insert(
        sections,
        [
            {"report_id": w.report_id, "position": i, "title": s.title, **_span(s)}
            for w in writes
            for i, s in enumerate(w.report.sections)
        ],
    )
    insert(
        score_list,
        [
            {
                "report_id": w.report_id,
                "position": i,
                "slug": s.slug,
                "title": s.title,
                "score": s.score,
                **_span(s),
            }
            for w in writes
            for i, s in enumerate(w.report.score_list)
        ],
    )
    themes_of = [(w, t) for w in writes for t in w.report.themes]
    theme_ids = insert(
        themes,
        [
            {"report_id": w.report_id, "position": i, "number": t.number, "title": t.title, **_span(t)}
            for w in writes
            for i, t in enumerate(w.report.themes)
        ],
    )
    # A report's statements are numbered across its themes.
    statements_of, rows = [], []
    position_of: dict[int, int] = {}
    for theme_id, (w, t) in zip(theme_ids, themes_of):
        for s in t.statements:
            position = position_of.get(id(w), 0)
            position_of[id(w)] = position + 1
            rows.append(
                {"report_id": w.report_id, "theme_id": theme_id, "position": position, **statement_row(s)}
            )
            statements_of.append((w, s))
    statement_ids = insert(statements, rows)
    insert(
        subsections,
        [
            {
                "report_id": w.report_id,
                "statement_id": statement_id,
                "position": i,
                "heading": sub.heading,
                "paragraph_count": len(sub.paragraphs),
                **_span(sub),
            }
            for statement_id, (w, s) in zip(statement_ids, statements_of)
            for i, sub in enumerate(s.subsections)
        ],
    )
    statement_by_slug: dict[tuple[int, str], int] = {}
    for statement_id, (w, s) in zip(statement_ids, statements_of):
        statement_by_slug.setdefault((id(w), s.slug), statement_id)
    claims_of, rows = [], []
    for w in writes:
        periods = w.periods if w.periods is not None else [period_of(c) for c in w.report.claims]
        for i, (c, period) in enumerate(zip(w.report.claims, periods)):
            rows.append(
                {
                    "report_id": w.report_id,
                    "position": i,
                    **claim_row(c, period),
                    "statement_id": statement_by_slug.get((id(w), c.statement)) if c.statement else None,
                }
            )
            claims_of.append((w, c))
    claim_ids = insert(claims, rows)
    insert(
        comparators,
        [
            {"report_id": w.report_id, "claim_id": claim_id, "position": i, **comparator_row(k)}
            for claim_id, (w, c) in zip(claim_ids, claims_of)
            for i, k in enumerate(c.comparators)
        ],
    )
    insert(
        warnings,
        [
            {
                "report_id": w.report_id,
                "position": i,
                "code": w_.code,
                "message": w_.message,
                "spans": [[s.start, s.end] for s in w_.spans],
                "claim_ids": list(w_.claim_ids),
            }
            for w in writes
            for i, w_ in enumerate(w.report.warnings)
        ],
    )
    return counts


def statement_row(s) -> dict:
    return {
        "slug": s.slug,
        "title": s.title,
        "theme": s.theme,
        "score": s.score,
        "score_label": s.score_label,
        "indicative": s.indicative,
        "commitment": s.commitment,
        "what_people_expect": list(s.what_people_expect),
        **_span(s),
    }


def comparator_row(k) -> dict:
    return {
        "kind": k.kind,
        "value": k.value,
        "unit": k.unit,
        "text": k.text,
        "qualifier": k.qualifier,
        "direction": k.direction,
        **_span(k),
    }


def period_of(claim: Claim) -> Period | None:
    """A claim's period as the store keeps it, from the model (whose dates are dates already)."""
    period = claim.period
    if period is None:
        return None
    return Period(text=period.text, kind=period.kind, from_=period.from_, to=period.to)


def claim_row(c: Claim, period: Period | None) -> dict:
    """A claim's own columns (without the load's ids)."""
    source = c.source
    # The review's provenance: getattr, so that a Claim model without these fields loads too.
    # No changed fields (None or an empty list) is stored as NULL.
    corrected = getattr(c, "corrected", None)
    return {
        "claim_id": c.id,
        "value": c.value,
        "unit": c.unit,
        "text": c.text,
        "qualifier": c.qualifier,
        "statement_slug": c.statement,
        "section": c.section,
        **_span(c),
        **_span(c.sentence, "sentence"),
        "source_name": source.name if source else None,
        "source_abbreviation": source.abbreviation if source else None,
        "source_date": source.date if source else None,
        "source_text": source.text if source else None,
        "source_known": source.known if source else None,
        **_span(source, "source"),
        "measure": c.measure,
        "corrected": json.dumps(list(corrected)) if corrected else None,
        "added": bool(getattr(c, "added", None)),
        "period": period.text if period else None,
        "period_kind": period.kind if period else None,
        "period_from": period.from_ if period else None,
        "period_to": period.to if period else None,
    }


def _older(item: Report, existing) -> bool:
    """Whether ``item`` is an older extraction than ``existing`` (a row or a report): by schema
    version, then by pipeline version."""

    def key(schema: str, pipeline: str):
        return (versions.version_tuple(schema) or (0, 0, 0), _pipeline_version(pipeline))

    return key(item.schema_version, item.pipeline_version) < key(
        existing.schema_version, existing.pipeline_version
    )


def _pipeline_version(text: str) -> Version:
    try:
        return Version(text)
    except InvalidVersion:
        return Version("0")


def load_reports(
    engine: Engine,
    items: list[Item],
    wait: Wait = Wait(),
    result: LoadResult | None = None,
    replace_newer: bool = False,
) -> LoadResult:
    """Load the items: the layout step in its own transaction, then every report in ONE
    transaction (all or nothing) under the one write lock, in report-key order."""
    result = result if result is not None else LoadResult()
    with engine.connect() as connection:
        writer(connection, wait)
        result.layout = layout_step(connection, wait)
        with connection.begin():
            if connection.dialect.name == "postgresql":
                _pg_lock(connection, wait, "another load is writing to this database", then=wait.seconds)
            # Read under the lock: what the loads before this one committed.
            existing = {
                row.report_key: row
                for row in connection.execute(
                    sa.select(
                        reports.c.id,
                        reports.c.report_key,
                        reports.c.json_sha256,
                        reports.c.schema_version,
                        reports.c.pipeline_version,
                    )
                )
            }
            writes = []
            for item in one_per_key(items, result):
                write = _decide(item, existing.get(item.key), result, replace_newer)
                if write is not None:
                    writes.append((item, write))
            for start in range(0, len(writes), WRITE_BATCH):
                counts = _write_batch(connection, writes[start : start + WRITE_BATCH])
                for table, count in counts.items():
                    result.rows[table] = result.rows.get(table, 0) + count
    return result


WRITE_BATCH = 500  # reports written by one statement per table


def _write_batch(connection: Connection, batch: list[tuple[Item, Write]]) -> dict[str, int]:
    """Write a batch under a savepoint. When the database refuses it, write its reports one
    at a time to find the file it refused, and raise ``ReportError`` naming it (the load's
    transaction is then rolled back whole)."""
    new = [write for _, write in batch if write.report_id is None]
    savepoint = connection.begin_nested()
    try:
        counts = write_reports(connection, [write for _, write in batch])
    except sa.exc.SQLAlchemyError as error:
        savepoint.rollback()
        for write in new:  # their rows are gone with the savepoint
            write.report_id = None
        for item, write in batch:
            try:
                write_reports(connection, [write])
            except sa.exc.SQLAlchemyError as single:
                raise ReportError(item.file or item.key, _detail(single)) from single
        raise ReportError(", ".join(item.file or item.key for item, _ in batch), _detail(error)) from error
    savepoint.commit()
    return counts


def one_per_key(items: list[Item], result: LoadResult, done: str = "loaded") -> list[Item]:
    """The items in report-key order, one per key: of several files of one report in a load
    (reports without a name share a key when their texts are the same), the newest extraction
    (the last file of them, when equal) is loaded and the others are said to be left."""
    chosen: dict[str, Item] = {}
    for item in items:
        other = chosen.get(item.key)
        if other is not None:
            if _older(item.output.report, other.output.report):
                item, other = other, item
            result.kept.append(
                f"kept: {other.file or other.key}: the same report as "
                f"{item.file or item.key}, which is {done}"
            )
        chosen[item.key] = item
    return [chosen[key] for key in sorted(chosen)]


def _decide(item: Item, existing, result: LoadResult, replace_newer: bool) -> Write | None:
    """What to do with one file: nothing (byte-identical, or older than the database's), or
    a ``Write``; counted in ``result``."""
    report = item.output.report
    digest = hashlib.sha256(item.raw).hexdigest()
    if existing is not None and existing.json_sha256 == digest:
        result.unchanged += 1
        return None
    if existing is not None and not replace_newer and _older(report, existing):
        result.kept.append(
            f"kept: {item.file or item.key}: the database holds a newer extraction of report "
            f"{item.key!r} (schema {existing.schema_version}, pipeline "
            f"{existing.pipeline_version}) than this file (schema {report.schema_version}, "
            f"pipeline {report.pipeline_version}); --replace-newer replaces it"
        )
        return None
    if existing is not None:
        result.replaced += 1
    else:
        result.new += 1
    return Write(
        report, digest, item.file, existing.id if existing is not None else None, item.output.periods
    )


def output_files(path: Path) -> list[Path]:
    """The report JSON files in an output folder (error records excluded), or the one file."""
    if path.is_file():
        return [path]
    if not path.is_dir():
        raise LoadError(f"{path}: no such file or folder")
    return report_outputs(path)


def read_items(files: list[Path], done: str = "loaded") -> tuple[list[Item], list[str]]:
    """Each file read and validated (``pipeline.outputs.versions``); the problems as lines
    naming the file, and the lines saying what a newer minor's files had that was left out."""
    items, lines = [], []
    for path in files:
        try:
            raw = path.read_bytes()
        except OSError as error:
            lines.append(f"error: {path}: cannot read: {error.strerror}")
            continue
        try:
            output = read_output(raw)
        except OutputError as error:
            lines.append(f"error: {path}: {error}; not {done}")
            continue
        if output.ignored:
            lines.append(
                f"note: {path}: schema {output.report.schema_version} is newer than "
                f"this cqc-extract's {SCHEMA_VERSION}; left out the fields it does "
                f"not know: {', '.join(output.ignored)}"
            )
        items.append(Item(output, raw, str(path)))
    return items, lines


def default_url(output_dir: Path) -> str:
    """The database of ``load`` and ``db`` alike when ``--db`` is not given: ``cqc.sqlite`` in
    the output folder (``db``'s defaults to ``output``, as ``extract --out`` does)."""
    folder = output_dir if output_dir.is_dir() or not output_dir.exists() else output_dir.parent
    return f"sqlite:///{folder / 'cqc.sqlite'}"


def _detail(error: Exception) -> str:
    return str(getattr(error, "orig", None) or error).strip().splitlines()[0]


def run_load(
    output_dir: Path, db: str | None = None, wait: float | None = None, replace_newer: bool = False
) -> int:
    """``python -m pipeline load``: 0 when every file loaded, 1 otherwise."""
    wait = DEFAULT_WAIT_SECONDS if wait is None else wait
    output_dir = Path(output_dir)
    url = db or default_url(output_dir)
    try:
        files = output_files(output_dir)
        engine = make_engine(url)
    except LoadError as error:
        print(f"error: {error}", file=sys.stderr)
        return 1
    shown_url = engine.url.render_as_string(hide_password=True)
    items, lines = read_items(files)
    for line in lines:
        print(line, file=sys.stderr)
    bad = sum(line.startswith("error:") for line in lines)
    result = LoadResult()
    try:
        load_reports(engine, items, Wait(wait, waiting_notice(shown_url, wait)), result, replace_newer)
    except (LoadError, sa.exc.SQLAlchemyError) as error:
        detail = str(error) if isinstance(error, LoadError) else _detail(error)
        changed = "nothing was changed"
        if result.layout is not None and result.layout.changed:
            changed = f"no report was changed ({result.layout.summary()} first)"
        print(f"error: loading into {shown_url} failed, {changed}: {detail}", file=sys.stderr)
        return 1
    finally:
        engine.dispose()
    if result.layout is not None and result.layout.changed and not result.layout.before.empty:
        print(f"{shown_url}: {result.layout.summary()}", file=sys.stderr)
    for line in result.kept:
        print(line, file=sys.stderr)
    rows = ", ".join(f"{result.rows.get(t, 0)} {t}" for t in ("claims", "comparators", "warnings"))
    print(
        f"loaded {result.loaded} reports into {shown_url}: {result.new} new, "
        f"{result.replaced} replaced, {result.unchanged} unchanged"
        + (f", {len(result.kept)} kept (newer in the database)" if result.kept else "")
        + f" ({rows} written)"
        + (f"; {bad} files not loaded" if bad else ""),
        file=sys.stderr,
    )
    return 1 if bad else 0


def waiting_notice(shown_url: str, seconds: float = DEFAULT_WAIT_SECONDS) -> Notice:
    """One line on stderr the first time a load or upgrade has waited a second."""
    said = False

    def notice(why: str) -> None:
        nonlocal said
        if not said:
            said = True
            print(
                f"waiting: {why} ({shown_url}); going on when it finishes (at most {seconds:g} s, --wait)",
                file=sys.stderr,
                flush=True,
            )

    return notice


# ---------------------------------------------------------------------------------------------
# python -m pipeline db current|upgrade|history


def _sqlite_file_missing(engine: Engine) -> Path | None:
    database = engine.url.database
    if engine.dialect.name == "sqlite" and database and database != ":memory:":
        path = Path(database)
        return None if path.exists() else path
    return None


def run_db(
    action: str, db: str | None = None, output_dir: Path = Path("output"), wait: float | None = None
) -> int:
    """``python -m pipeline db current|upgrade|history``: 0, or 1 with one line on stderr.
    ``current`` exits 1 too when an upgrade is pending (as ``alembic check`` does)."""
    wait = DEFAULT_WAIT_SECONDS if wait is None else wait
    try:
        engine = make_engine(db or default_url(Path(output_dir)))
    except LoadError as error:
        print(f"error: {error}", file=sys.stderr)
        return 1
    shown_url = engine.url.render_as_string(hide_password=True)
    head = migrate.head()
    missing = _sqlite_file_missing(engine)
    if missing is not None and action != "history":
        print(f"error: {shown_url}: no such database file ({missing})", file=sys.stderr)
        return 1
    try:
        if action == "history":
            current = None
            if missing is None:
                with engine.connect() as connection:
                    current = migrate.state(connection).revision
            for revision, doc in migrate.revisions():
                marks = [m for m, on in (("head", revision == head), ("current", revision == current)) if on]
                print(f"{revision}  {doc}" + (f"  ({', '.join(marks)})" if marks else ""))
            return 0
        if action == "current":
            with engine.connect() as connection:
                found = migrate.state(connection)
            print(
                f"{shown_url}: {migrate.describe(found)}"
                + (" (the newest this version knows)" if found.revision == head else "")
            )
            try:
                migrate.check(found)
            except migrate.LayoutError as error:
                print(f"error: {error}", file=sys.stderr)
                return 1
            if found.revision != head:
                print(
                    f"upgrade pending: `python -m pipeline db upgrade` or a load brings it to revision {head}"
                )
                return 1
            return 0
        notice = waiting_notice(shown_url, wait)
        with engine.connect() as connection:  # upgrade
            writer(connection, Wait(wait, notice))
            step = layout_step(connection, Wait(wait, notice))
        print(
            f"{shown_url}: "
            + (step.summary() if step.changed else f"already at revision {step.revision}, the newest")
        )
        return 0
    except LoadError as error:
        print(f"error: {shown_url}: {error}", file=sys.stderr)
        return 1
    except sa.exc.SQLAlchemyError as error:
        print(f"error: {shown_url}: {action} failed, nothing was changed: {_detail(error)}", file=sys.stderr)
        return 1
    finally:
        engine.dispose()
