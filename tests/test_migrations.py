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


def test_migration_0007_fills_in_the_constituency_of_signatures_already_stored(app):
    from alembic.operations import Operations
    from sqlalchemy import select

    from campaign.core.counts import campaign_counts
    from campaign.models import Signature
    from tests.campaigners.helpers import add_signature
    from tests.factories import make_campaign

    campaign = make_campaign()
    for name, postcode in [("Ada", "S1 2HH"), ("Bo", "LA9 4DL"), ("Cy", "S1 2HH"), ("Di", None)]:
        add_signature(campaign, name, postcode=postcode)
    add_signature(campaign, "Ed", postcode="LA9 4DL", status="pending")
    with db.engine.begin() as connection:
        with Operations.context(MigrationContext.configure(connection)):
            _migration_0007()._fill_in_constituencies()
            _migration_0007()._counts_table(with_constituency=True)
    db.session.expire_all()
    filled = dict(db.session.execute(select(Signature.name, Signature.constituency_code)).all())
    assert filled == {
        "Ada": "E14001467",
        "Bo": "E14001580",
        "Cy": "E14001467",
        "Di": None,
        "Ed": "E14001580",
    }
    # The counters are rebuilt from the confirmed signatures, now by constituency too.
    tally = campaign_counts(campaign.id)
    assert tally.total == 4
    assert tally.by_constituency == {"E14001467": 2, "E14001580": 1}


def _migration_0007():
    import importlib.util

    path = next(VERSIONS.glob("0007_*.py"))
    spec = importlib.util.spec_from_file_location("migration_0007", path)
    migration = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(migration)
    return migration


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
