"""Shared fixtures: an app on a database built by the real migrations, clean for every test.

The suite runs on SQLite by default and on PostgreSQL when DATABASE_URL names one."""

import os

import pytest
from flask_migrate import upgrade
from sqlalchemy import inspect, text

from campaign import create_app
from campaign.config import TestConfig
from campaign.core.cache import clear_all
from campaign.extensions import db

POSTGRES = os.environ.get("DATABASE_URL", "").startswith("postgres")


def _database_url(tmp_path_factory) -> str:
    if POSTGRES:
        return TestConfig().SQLALCHEMY_DATABASE_URI
    return f"sqlite:///{tmp_path_factory.mktemp('db') / 'test.db'}"


@pytest.fixture(scope="session")
def _database(tmp_path_factory):
    url = _database_url(tmp_path_factory)
    app = create_app(TestConfig, {"SQLALCHEMY_DATABASE_URI": url})
    with app.app_context():
        if POSTGRES:
            # Start from an empty schema, so the migrations are proved from scratch every run.
            with db.engine.begin() as connection:
                connection.execute(text("DROP SCHEMA public CASCADE"))
                connection.execute(text("CREATE SCHEMA public"))
        upgrade()
        db.engine.dispose()
    return url


@pytest.fixture
def app(_database, tmp_path):
    app = create_app(
        TestConfig,
        {
            "SQLALCHEMY_DATABASE_URI": _database,
            "MAIL_FILE_DIR": str(tmp_path / "mail"),
            "BASE_URL": "http://localhost",
        },
    )
    with app.app_context():
        yield app
        db.session.remove()
        _empty_all_tables()
        db.engine.dispose()
    # Ids restart with every test's empty tables: nothing cached may outlive them.
    clear_all()


def _empty_all_tables() -> None:
    existing = set(inspect(db.engine).get_table_names())
    tables = [t for t in db.metadata.sorted_tables if t.name in existing]
    with db.engine.begin() as connection:
        if POSTGRES:
            names = ", ".join(f'"{t.name}"' for t in tables)
            connection.execute(text(f"TRUNCATE {names} RESTART IDENTITY CASCADE"))
        else:
            for table in reversed(tables):
                connection.execute(table.delete())


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def runner(app):
    return app.test_cli_runner()
