"""Claims carry the review's provenance: claims.corrected and claims.added.

``corrected``: a JSON list (text) of the names of the fields a reviewer changed, NULL when none.
``added``: the claim was added by a reviewer (not null, false for every claim loaded before).
``cqc_meta.db_schema_version`` becomes '3', so that a cqc-extract from before migrations, which
only writes layout '2', refuses this database instead of writing claims without them.

Revision ID: 0002
Revises: 0001
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("claims", sa.Column("corrected", sa.Text))
    op.add_column("claims", sa.Column("added", sa.Boolean, nullable=False, server_default=sa.false()))
    op.execute("UPDATE cqc_meta SET value = '3' WHERE key = 'db_schema_version'")


def downgrade() -> None:
    # cqc-extract only upgrades (README, Database): a database goes back by its backup.
    raise NotImplementedError("cqc-extract does not downgrade a database: restore a copy")
