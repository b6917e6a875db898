"""The layout before migrations: what load created up to 0.1.0 (cqc_meta layout '2').

A database made then has no Alembic version table; ``pipeline.outputs.migrate`` recognises it
by its ``cqc_meta`` row and stamps it with this revision before upgrading it.

Revision ID: 0001
Revises:
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None

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


def _spans(prefix: str = "span") -> list[sa.Column]:
    return [sa.Column(f"{prefix}_start", sa.Integer), sa.Column(f"{prefix}_end", sa.Integer)]


def _id() -> sa.Column:
    return sa.Column("id", sa.Integer, primary_key=True, autoincrement=True)


def _report_id() -> sa.Column:
    return sa.Column("report_id", sa.Integer, sa.ForeignKey("reports.id"), nullable=False, index=True)


def upgrade() -> None:
    meta = op.create_table(
        "cqc_meta",
        sa.Column("key", sa.String(64), primary_key=True),
        sa.Column("value", sa.Text, nullable=False),
    )
    op.bulk_insert(meta, [{"key": "db_schema_version", "value": "2"}])
    op.create_table(
        "reports",
        _id(),
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
    op.create_table(
        "measures",
        sa.Column("id", sa.String(64), primary_key=True),
        sa.Column("name", sa.Text, nullable=False),
        sa.Column("dataset", sa.Text, nullable=False),
        sa.Column("unit", sa.String(32), nullable=False),
        sa.Column("better", sa.String(16), nullable=False),
    )
    op.create_table(
        "score_list",
        _id(),
        _report_id(),
        sa.Column("position", sa.Integer, nullable=False),
        sa.Column("slug", sa.String(64), nullable=False),
        sa.Column("title", sa.Text, nullable=False),
        sa.Column("score", sa.Integer),
        *_spans(),
        sa.UniqueConstraint("report_id", "position"),
    )
    op.create_table(
        "sections",
        _id(),
        _report_id(),
        sa.Column("position", sa.Integer, nullable=False),
        sa.Column("title", sa.Text, nullable=False),
        *_spans(),
        sa.UniqueConstraint("report_id", "position"),
    )
    op.create_table(
        "themes",
        _id(),
        _report_id(),
        sa.Column("position", sa.Integer, nullable=False),
        sa.Column("number", sa.Integer, nullable=False),
        sa.Column("title", sa.Text, nullable=False),
        *_spans(),
        sa.UniqueConstraint("report_id", "position"),
    )
    op.create_table(
        "warnings",
        _id(),
        _report_id(),
        sa.Column("position", sa.Integer, nullable=False),
        sa.Column("code", sa.String(64), nullable=False, index=True),
        sa.Column("message", sa.Text, nullable=False),
        sa.Column("spans", sa.JSON, nullable=False),
        sa.Column("claim_ids", sa.JSON, nullable=False),
        sa.UniqueConstraint("report_id", "position"),
    )
    op.create_table(
        "statements",
        _id(),
        _report_id(),
        sa.Column("theme_id", sa.Integer, sa.ForeignKey("themes.id"), nullable=False, index=True),
        sa.Column("position", sa.Integer, nullable=False),
        sa.Column("slug", sa.String(64), nullable=False, index=True),
        sa.Column("title", sa.Text, nullable=False),
        sa.Column("theme", sa.Integer, nullable=False),
        sa.Column("score", sa.Integer),
        sa.Column("score_label", sa.Text),
        sa.Column("indicative", sa.Boolean, nullable=False),
        sa.Column("commitment", sa.Text),
        sa.Column("what_people_expect", sa.JSON, nullable=False),
        *_spans(),
        sa.UniqueConstraint("report_id", "position"),
    )
    op.create_table(
        "claims",
        _id(),
        _report_id(),
        sa.Column("position", sa.Integer, nullable=False),
        sa.Column("claim_id", sa.String(128), nullable=False, index=True),
        sa.Column("value", sa.Double, nullable=False),
        sa.Column("unit", sa.String(32), nullable=False, index=True),
        sa.Column("text", sa.Text, nullable=False),
        sa.Column("qualifier", sa.Text),
        sa.Column("statement_slug", sa.String(64), index=True),
        sa.Column("statement_id", sa.Integer, sa.ForeignKey("statements.id"), index=True),
        sa.Column("section", sa.Text),
        sa.Column("period", sa.Text),
        *_spans(),
        *_spans("sentence"),
        sa.Column("source_name", sa.Text, index=True),
        sa.Column("source_abbreviation", sa.String(64)),
        sa.Column("source_date", sa.Text),
        sa.Column("source_text", sa.Text),
        sa.Column("source_known", sa.Boolean),
        *_spans("source"),
        sa.Column("measure", sa.String(64), index=True),
        sa.UniqueConstraint("report_id", "position"),
    )
    op.create_table(
        "subsections",
        _id(),
        _report_id(),
        sa.Column("statement_id", sa.Integer, sa.ForeignKey("statements.id"), nullable=False, index=True),
        sa.Column("position", sa.Integer, nullable=False),
        sa.Column("heading", sa.Text),
        sa.Column("paragraph_count", sa.Integer, nullable=False),
        *_spans(),
    )
    op.create_table(
        "comparators",
        _id(),
        _report_id(),
        sa.Column("claim_id", sa.Integer, sa.ForeignKey("claims.id"), nullable=False, index=True),
        sa.Column("position", sa.Integer, nullable=False),
        sa.Column("kind", sa.String(32), nullable=False, index=True),
        sa.Column("value", sa.Double, nullable=False),
        sa.Column("unit", sa.String(32), nullable=False, index=True),
        sa.Column("text", sa.Text, nullable=False),
        sa.Column("qualifier", sa.Text),
        sa.Column("direction", sa.String(16)),
        *_spans(),
        sa.UniqueConstraint("claim_id", "position"),
    )
    op.execute(f"CREATE VIEW measure_values AS {MEASURE_VALUES_SQL}")


def downgrade() -> None:
    # cqc-extract only upgrades (README, Database): a database goes back by its backup.
    raise NotImplementedError("cqc-extract does not downgrade a database: restore a copy")
