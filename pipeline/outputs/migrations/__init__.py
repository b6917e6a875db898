"""Alembic migration scripts of the database layout (``versions/``, one file per revision).

``pipeline.outputs.migrate`` runs them programmatically (no ``alembic.ini``). Every change to the
tables in ``pipeline.outputs.store`` ships with a new revision here; each revision is frozen: it
spells its tables out rather than importing ``store.metadata``, which moves on.
"""
