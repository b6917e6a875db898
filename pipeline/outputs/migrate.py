"""The database layout's revisions (Alembic, run programmatically: no ``alembic.ini``).

A database records its revision in ``cqc_alembic_version`` (not Alembic's default
``alembic_version``, so that a team's own migrations in the same database keep theirs). The
scripts are ``pipeline/outputs/migrations/versions/``; ``prepare`` brings a database to the newest
one on the caller's connection, inside the caller's transaction (one transaction for the whole
upgrade on PostgreSQL, and on SQLite too: the engine sends its own ``BEGIN``). The caller holds the
lock that makes this serial (``pipeline.outputs.store``).

The states a database can be in, and what ``prepare`` does:

- empty: every revision from the first, so a new database and an upgraded one are built by the
  same scripts;
- at an older revision: the revisions after it, data kept;
- at the newest: nothing;
- at a revision this version does not know (made by a newer cqc-extract): refused, naming both;
- no version table but ``cqc_meta`` saying layout '2' (the layout before migrations, which is
  revision 0001): stamped 0001, then upgraded; any other ``cqc_meta`` layout is refused;
- none of those but tables with this layout's names: refused (they are someone else's).
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import sqlalchemy as sa
from alembic.operations import Operations
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy.engine import Connection

VERSION_TABLE = "cqc_alembic_version"
SCRIPTS = Path(__file__).with_name("migrations")
# What ``cqc_meta`` says in a database made before migrations, and the revision that layout is.
UNVERSIONED_LAYOUT, UNVERSIONED_REVISION = "2", "0001"
OWN_TABLES = (
    "cqc_meta",
    "reports",
    "sections",
    "score_list",
    "themes",
    "statements",
    "subsections",
    "claims",
    "comparators",
    "warnings",
    "measures",
)


class LayoutError(Exception):
    """The database's layout cannot be used or upgraded by this version (a clear message)."""


@cache
def scripts() -> ScriptDirectory:
    """The revision scripts (read once per process: they ship with the code)."""
    return ScriptDirectory(str(SCRIPTS))


def head() -> str:
    current = scripts().get_current_head()
    assert current is not None  # the revision scripts ship with the code: there is always a head
    return current


def revisions() -> list[tuple[str, str]]:
    """``(revision, first line of its docstring)``, oldest first."""
    found = [
        (s.revision, (s.doc or "").strip().splitlines()[0] if s.doc else "")
        for s in scripts().walk_revisions()
    ]
    return found[::-1]


@dataclass(frozen=True)
class State:
    revision: str | None  # the recorded revision, or None
    unversioned_layout: str | None = None  # cqc_meta's layout, when there is no version table
    foreign_tables: tuple[str, ...] = ()  # tables with this layout's names, nothing else of ours

    @property
    def empty(self) -> bool:
        return self.revision is None and self.unversioned_layout is None and not self.foreign_tables


def _context(connection: Connection, **opts) -> MigrationContext:
    return MigrationContext.configure(connection, opts={"version_table": VERSION_TABLE, **opts})


def state(connection: Connection) -> State:
    inspector = sa.inspect(connection)
    if inspector.has_table(VERSION_TABLE):
        return State(_context(connection).get_current_revision())
    if inspector.has_table("cqc_meta"):
        layout = connection.execute(
            sa.text("SELECT value FROM cqc_meta WHERE key = 'db_schema_version'")
        ).scalar_one_or_none()
        return State(None, unversioned_layout=layout or "?")
    present = set(inspector.get_table_names())
    return State(None, foreign_tables=tuple(t for t in OWN_TABLES if t in present))


def describe(found: State) -> str:
    if found.revision:
        return f"revision {found.revision}"
    if found.unversioned_layout:
        return f"layout {found.unversioned_layout} from before migrations"
    if found.foreign_tables:
        return "tables not made by cqc-extract: " + ", ".join(found.foreign_tables)
    return "empty"


def check(found: State) -> None:
    """Raise ``LayoutError`` unless ``prepare`` can bring this database to the newest revision."""
    newest = head()
    if found.revision is not None:
        known = {s.revision for s in scripts().walk_revisions()}
        if found.revision not in known:
            raise LayoutError(
                f"the database has layout revision {found.revision}, which this version of "
                f"cqc-extract does not know (its newest is {newest}): it was written by a newer "
                "cqc-extract; load with that version or a later one"
            )
    elif found.unversioned_layout is not None and found.unversioned_layout != UNVERSIONED_LAYOUT:
        raise LayoutError(
            f"the database has table layout {found.unversioned_layout} from before migrations; "
            f"only layout {UNVERSIONED_LAYOUT} can be upgraded: load into a new database"
        )
    elif found.foreign_tables:
        raise LayoutError(
            "the database already has tables named "
            + ", ".join(found.foreign_tables)
            + " that cqc-extract did not make (no cqc_meta): load into another database"
        )


def prepare(connection: Connection, target: str | None = None) -> tuple[State, str]:
    """Bring the database to the newest revision (or to ``target``, for tests); returns what it
    was and the revision now.

    Runs in the caller's transaction.
    """
    found = state(connection)
    check(found)
    script = scripts()
    before = found.revision
    if found.unversioned_layout is not None:
        _context(connection).stamp(script, UNVERSIONED_REVISION)
        before = UNVERSIONED_REVISION
    newest = target or head()
    if before != newest:
        context = _context(
            connection, script=script, fn=lambda revision, _context: script._upgrade_revs(newest, revision)
        )
        with Operations.context(context):
            context.run_migrations()
    return found, newest


# Every view (plain, not materialized) that reads the given relations, directly or through
# other views, with how deep it sits: a view on a view on a table is 2.
_DEPENDENT_VIEWS = """
WITH RECURSIVE dependent(oid, depth) AS (
    SELECT DISTINCT rw.ev_class, 1
    FROM pg_depend d JOIN pg_rewrite rw ON rw.oid = d.objid
    WHERE d.classid = 'pg_rewrite'::regclass AND d.refclassid = 'pg_class'::regclass
      AND d.refobjid = ANY(CAST(:targets AS regclass[])) AND rw.ev_class <> d.refobjid
  UNION
    SELECT rw.ev_class, dependent.depth + 1
    FROM dependent JOIN pg_depend d ON d.refobjid = dependent.oid
      AND d.classid = 'pg_rewrite'::regclass AND d.refclassid = 'pg_class'::regclass
    JOIN pg_rewrite rw ON rw.oid = d.objid AND rw.ev_class <> dependent.oid
)
SELECT c.oid, format('%I.%I', n.nspname, c.relname) AS name, c.relkind,
       max(dependent.depth) AS depth, pg_get_viewdef(c.oid) AS definition,
       pg_get_userbyid(c.relowner) AS owner, obj_description(c.oid, 'pg_class') AS comment,
       c.reloptions AS options
FROM dependent JOIN pg_class c ON c.oid = dependent.oid
JOIN pg_namespace n ON n.oid = c.relnamespace
WHERE c.oid <> ALL(CAST(:targets AS regclass[]))
GROUP BY c.oid, n.nspname, c.relname
ORDER BY depth, name
"""

_GRANTS = """
SELECT CASE WHEN a.grantee = 0 THEN 'PUBLIC' ELSE quote_ident(pg_get_userbyid(a.grantee)) END,
       a.privilege_type, a.is_grantable
FROM pg_class c, aclexplode(c.relacl) a WHERE c.oid = :oid AND a.grantee <> c.relowner
"""


@contextmanager
def dependent_views_kept(connection: Connection, relations: list[str]) -> Iterator[None]:
    """PostgreSQL: drop the views that read ``relations`` (the analysts' own among them), let
    the body change what they read, then create them again as they were: definition, options,
    owner, grants and comment, deepest last. A view named in ``relations`` is the body's to
    drop and create. In the caller's transaction: if a view cannot be created
    again (the body took away a column it reads), the whole upgrade fails and nothing changes.
    A materialized view on these tables is not handled: PostgreSQL's own error stops the
    upgrade."""
    params = {"targets": "{" + ",".join(relations) + "}"}
    views = [
        row
        for row in connection.execute(sa.text(_DEPENDENT_VIEWS), params).mappings()
        if row["relkind"] == "v"
    ]
    kept = []
    for view in views:
        grants = connection.execute(sa.text(_GRANTS), {"oid": view["oid"]}).all()
        kept.append((view, grants))
    for view, _ in reversed(kept):
        connection.execute(sa.text(f"DROP VIEW {view['name']}"))
    yield
    for view, grants in kept:
        options = f" WITH ({', '.join(view['options'])})" if view["options"] else ""
        connection.execute(sa.text(f"CREATE VIEW {view['name']}{options} AS {view['definition']}"))
        connection.execute(sa.text(f"ALTER VIEW {view['name']} OWNER TO {_quote(connection, view['owner'])}"))
        for grantee, privilege, grantable in grants:
            connection.execute(
                sa.text(
                    f"GRANT {privilege} ON {view['name']} TO {grantee}"
                    + (" WITH GRANT OPTION" if grantable else "")
                )
            )
        if view["comment"] is not None:
            literal = connection.execute(
                sa.text("SELECT quote_literal(:comment)"), {"comment": view["comment"]}
            ).scalar()
            connection.execute(sa.text(f"COMMENT ON VIEW {view['name']} IS {literal}"))


def _quote(connection: Connection, name: str) -> str:
    return connection.dialect.identifier_preparer.quote(name)
