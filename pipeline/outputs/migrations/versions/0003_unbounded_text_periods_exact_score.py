"""Unbounded text, reports.derived_score_exact, claims' period dates and measure_values with them.

- ``reports.derived_score_exact``: the derived share to two decimals (61.11), beside the rounded
  ``derived_score_percent``.
- ``claims.period_kind``, ``period_from``, ``period_to``: a schema 2.x period's kind and dates
  (``period`` keeps its text); null for schema 1.x outputs, which write the text alone.
- Every text a report supplies (its key, name, council, slugs, claim ids, measure ids, warning
  codes...) becomes unbounded ``TEXT`` on PostgreSQL: a 300-character name loads there as it
  does on SQLite, which never enforced the declared lengths (and keeps them declared, since
  changing a column's type there means rebuilding the table).
- ``measure_values`` gains ``period_kind``, ``period_from``, ``period_to``, after its other
  columns (so a later revision can extend it with ``CREATE OR REPLACE VIEW``, which keeps the
  views that depend on it).

On PostgreSQL a column's type cannot change while a view reads it: the views that depend on
these tables (``measure_values`` and the analysts' own) are kept by
``migrate.dependent_views_kept``, which drops them and re-creates them, with their owners,
grants and comments, in this same transaction.

Revision ID: 0003
Revises: 0002
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from pipeline.outputs.migrate import dependent_views_kept

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None

MEASURE_VALUES_SQL = """
SELECT r.local_authority AS council, r.published AS published, c.measure AS measure,
       m.name AS measure_name, c.value AS value, c.unit AS unit, c.period AS period,
       e.value AS england_average, e.direction AS direction, e.qualifier AS judgement,
       c.source_name AS source, c.source_date AS source_date, c.statement_slug AS statement,
       c.claim_id AS claim_id, c.text AS text, r.report_key AS report_key,
       c.period_kind AS period_kind, c.period_from AS period_from, c.period_to AS period_to
FROM claims c
JOIN reports r ON r.id = c.report_id
LEFT JOIN measures m ON m.id = c.measure
LEFT JOIN comparators e ON e.claim_id = c.id AND e.kind = 'england_average'
  AND e.position = (SELECT MIN(x.position) FROM comparators x
                    WHERE x.claim_id = c.id AND x.kind = 'england_average')
WHERE c.measure IS NOT NULL
"""

# (table, column, its declared length before): the texts a report supplies.
UNBOUNDED = [
    ("reports", "report_key", 255),
    ("reports", "name", 255),
    ("reports", "schema_version", 32),
    ("reports", "pipeline_version", 32),
    ("reports", "sha256", 64),
    ("reports", "local_authority", 255),
    ("reports", "published", 32),
    ("reports", "overall_rating", 64),
    ("reports", "derived_rating", 64),
    ("score_list", "slug", 64),
    ("statements", "slug", 64),
    ("claims", "claim_id", 128),
    ("claims", "statement_slug", 64),
    ("claims", "source_abbreviation", 64),
    ("claims", "measure", 64),
    ("warnings", "code", 64),
]


def upgrade() -> None:
    op.add_column("reports", sa.Column("derived_score_exact", sa.Double))
    op.add_column("claims", sa.Column("period_kind", sa.Text))
    op.add_column("claims", sa.Column("period_from", sa.Date))
    op.add_column("claims", sa.Column("period_to", sa.Date))
    connection = op.get_bind()
    if connection.dialect.name == "postgresql":
        tables = sorted({table for table, _, _ in UNBOUNDED} | {"measure_values"})
        with dependent_views_kept(connection, tables):
            op.execute("DROP VIEW measure_values")
            for table, column, length in UNBOUNDED:
                op.alter_column(table, column, type_=sa.Text, existing_type=sa.String(length))
            op.execute(f"CREATE VIEW measure_values AS {MEASURE_VALUES_SQL}")
    else:
        # SQLite binds a view's names when it is used: a view built on this one stays valid.
        op.execute("DROP VIEW measure_values")
        op.execute(f"CREATE VIEW measure_values AS {MEASURE_VALUES_SQL}")


def downgrade() -> None:
    # cqc-extract only upgrades (docs/database.md): a database goes back by its backup.
    raise NotImplementedError("cqc-extract does not downgrade a database: restore a copy")
