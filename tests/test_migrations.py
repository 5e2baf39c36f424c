"""The migrations build exactly the schema the models describe, on SQLite and PostgreSQL."""

from pathlib import Path

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory
from flask import current_app
from sqlalchemy import CheckConstraint

from campaign.extensions import db

VERSIONS = Path(__file__).resolve().parent.parent / "migrations" / "versions"


def test_the_migrated_database_matches_the_models(app):
    with db.engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={"compare_type": True})
        differences = compare_metadata(context, db.metadata)
    assert differences == []


def test_there_is_one_line_of_migrations_with_a_single_head(app):
    config = current_app.extensions["migrate"].migrate.get_config()
    heads = ScriptDirectory.from_config(config).get_heads()
    assert len(heads) == 1


def test_every_migration_is_named_in_order(app):
    config = current_app.extensions["migrate"].migrate.get_config()
    script = ScriptDirectory.from_config(config)
    for revision in script.walk_revisions():
        assert revision.revision.isdigit() and len(revision.revision) == 4
        assert revision.path.rsplit("/", 1)[1].startswith(revision.revision + "_")


def test_every_check_constraint_reads_as_the_migrations_wrote_it(app):
    # compare_metadata does not compare CHECK constraints; the models build theirs from tuples.
    migrations = "".join(path.read_text() for path in VERSIONS.glob("*.py"))
    checks = [
        str(constraint.sqltext)
        for table in db.metadata.tables.values()
        for constraint in table.constraints
        if isinstance(constraint, CheckConstraint)
    ]
    assert len(checks) >= 15
    missing = [c for c in checks if f'"{c}"' not in migrations and f"'{c}'" not in migrations]
    assert missing == []
