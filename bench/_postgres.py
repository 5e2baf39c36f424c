"""A PostgreSQL database of the benchmarks' own, emptied before each run."""

import psycopg

ADMIN_URL = "postgresql://root@127.0.0.1:5432/test"


def ensure_database(name: str) -> None:
    """Create the database if it does not exist yet, keeping whatever it holds."""
    with psycopg.connect(ADMIN_URL, autocommit=True) as connection:
        exists = connection.execute(
            "SELECT 1 FROM pg_database WHERE datname = %s", (name,)
        ).fetchone()
        if not exists:
            connection.execute(f'CREATE DATABASE "{name}"')


def fresh_database(name: str) -> str:
    """Create the database if needed, empty its schema, and return its SQLAlchemy URL."""
    ensure_database(name)
    url = f"postgresql://root@127.0.0.1:5432/{name}"
    with psycopg.connect(url, autocommit=True) as connection:
        connection.execute("DROP SCHEMA public CASCADE")
        connection.execute("CREATE SCHEMA public")
    return url.replace("postgresql://", "postgresql+psycopg://", 1)
