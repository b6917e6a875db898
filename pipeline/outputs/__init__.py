"""What users do with extracted reports: ``store`` (load into SQLite or PostgreSQL; its layout's
revisions in ``migrate`` and the Alembic scripts in ``migrations/``), ``table`` (one measure lined up across councils), ``view`` (the static review site, with its
Jinja2 ``templates/``). They read output files and the reference data, never the batch runner
or the CLI above them.
"""
